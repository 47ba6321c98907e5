//! Human labels of indicators: the canonical columns of the official files in both languages, a user's
//! own columns from the run configuration (`[labels]`), the column code otherwise.

use super::{Lang, Msg};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Canonical indicator code → (English, French) label.
pub const CANONICAL: [(&str, &str, &str); 33] = [
    ("ips", "Mean IPS", "IPS moyen"),
    ("ips_sd", "IPS standard deviation", "Écart-type de l'IPS"),
    (
        "ips_gt",
        "IPS, general and technological track",
        "IPS voie GT",
    ),
    (
        "ips_pro",
        "IPS, vocational track",
        "IPS voie professionnelle",
    ),
    (
        "ips_sd_gt",
        "IPS standard deviation, GT track",
        "Écart-type de l'IPS voie GT",
    ),
    (
        "ips_sd_pro",
        "IPS standard deviation, vocational track",
        "Écart-type de l'IPS voie pro",
    ),
    ("ips_national", "National mean IPS", "IPS national"),
    ("ips_academique", "Académie mean IPS", "IPS académique"),
    (
        "ips_departemental",
        "Département mean IPS",
        "IPS départemental",
    ),
    (
        "success_rate",
        "DNB success rate",
        "Taux de réussite au DNB",
    ),
    (
        "va_success_rate",
        "Value added of the DNB success rate",
        "VA du taux de réussite au DNB",
    ),
    ("written_mark", "DNB written mark", "Note à l'écrit du DNB"),
    (
        "va_written_mark",
        "Value added of the DNB written mark",
        "VA de la note à l'écrit du DNB",
    ),
    (
        "access_rate_6e_3e",
        "Access rate 6e-3e",
        "Taux d'accès 6e-3e",
    ),
    ("headcount", "Pupils", "Effectif"),
    // The lycées' results (IVAL).
    ("bac_candidates", "Bac candidates", "Présents au bac"),
    (
        "bac_success_rate",
        "Bac success rate",
        "Taux de réussite au bac",
    ),
    (
        "va_bac_success_rate",
        "Value added of the bac success rate",
        "VA du taux de réussite au bac",
    ),
    (
        "bac_mention_rate",
        "Bac honours rate",
        "Taux de mentions au bac",
    ),
    (
        "va_bac_mention_rate",
        "Value added of the bac honours rate",
        "VA du taux de mentions au bac",
    ),
    (
        "access_rate_2nde_bac",
        "Access rate 2nde-bac",
        "Taux d'accès 2nde-bac",
    ),
    (
        "va_access_rate_2nde_bac",
        "Value added of the access rate 2nde-bac",
        "VA du taux d'accès 2nde-bac",
    ),
    (
        "access_rate_1re_bac",
        "Access rate 1re-bac",
        "Taux d'accès 1re-bac",
    ),
    (
        "va_access_rate_1re_bac",
        "Value added of the access rate 1re-bac",
        "VA du taux d'accès 1re-bac",
    ),
    ("candidates", "DNB candidates", "Candidats au DNB"),
    (
        "ep_status",
        "Éducation prioritaire",
        "Éducation prioritaire",
    ),
    ("sector", "Sector", "Secteur"),
    ("academie", "Académie", "Académie"),
    ("departement", "Département", "Département"),
    ("name", "School", "Établissement"),
    ("commune_name", "Commune", "Commune"),
    ("latitude", "Latitude", "Latitude"),
    ("longitude", "Longitude", "Longitude"),
];

/// The language of a report and the labels of its indicators.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Labels {
    /// Language.
    pub lang: Lang,
    /// The user's labels (column code → label), used as given in either language.
    pub user: BTreeMap<String, String>,
}

impl From<Lang> for Labels {
    fn from(lang: Lang) -> Self {
        Labels::new(lang)
    }
}

impl Labels {
    /// Canonical labels only.
    pub fn new(lang: Lang) -> Self {
        Labels {
            lang,
            user: BTreeMap::new(),
        }
    }

    /// With the user's labels (e.g. the run configuration's `[labels]` table).
    pub fn with_user(lang: Lang, user: BTreeMap<String, String>) -> Self {
        Labels { lang, user }
    }

    /// Label of a column: the user's, the canonical one, or the code itself.
    pub fn of<'a>(&'a self, code: &'a str) -> Cow<'a, str> {
        if let Some(l) = self.user.get(code) {
            return Cow::Borrowed(l.as_str());
        }
        if let Some(l) = canonical(code, self.lang) {
            return Cow::Borrowed(l);
        }
        // Supplementary derived columns: coord_1 → "Dim 1".
        if let Some(s) = code.strip_prefix("coord_") {
            return Cow::Owned(format!("{} {s}", Msg::Dim.t(self.lang)));
        }
        // A value added over several sessions (`--mean-sessions`): va_success_rate_mean3 → "… (mean of
        // 3 sessions)", va_success_rate_2022 → "… (session 2022)".
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if let Some((base, n)) = code.rsplit_once("_mean").filter(|(_, n)| digits(n)) {
            if let Some(l) = canonical(base, self.lang) {
                return Cow::Owned(self.f(Msg::MeanOfSessions, &[("what", &l), ("n", &n)]));
            }
        }
        if let Some((base, y)) = code
            .rsplit_once('_')
            .filter(|(_, y)| y.len() == 4 && digits(y))
        {
            if let Some(l) = canonical(base, self.lang) {
                return Cow::Owned(self.f(Msg::OfSession, &[("what", &l), ("session", &y)]));
            }
        }
        Cow::Borrowed(code)
    }

    /// A catalogue message in this language.
    pub fn t(&self, m: Msg) -> &'static str {
        m.t(self.lang)
    }

    /// A catalogue message with its placeholders filled.
    pub fn f(&self, m: Msg, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        m.f(self.lang, args)
    }

    /// A number in this language (see [`Lang::num`]).
    pub fn num(&self, x: f64, d: usize) -> String {
        self.lang.num(x, d)
    }
}

/// Canonical label of an indicator code.
pub fn canonical(code: &str, lang: Lang) -> Option<&'static str> {
    CANONICAL.iter().find(|x| x.0 == code).map(|x| match lang {
        Lang::En => x.1,
        Lang::Fr => x.2,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_fall_back_from_user_to_canonical_to_code() {
        let mut user = BTreeMap::new();
        user.insert("my_rate".to_string(), "Mon taux".to_string());
        user.insert("ips".to_string(), "IPS (DEPP)".to_string());
        let l = Labels::with_user(Lang::Fr, user);
        assert_eq!(l.of("my_rate"), "Mon taux");
        assert_eq!(l.of("ips"), "IPS (DEPP)");
        assert_eq!(l.of("va_success_rate"), "VA du taux de réussite au DNB");
        assert_eq!(l.of("access_rate_6e_3e"), "Taux d'accès 6e-3e");
        assert_eq!(l.of("ips_sd"), "Écart-type de l'IPS");
        assert_eq!(l.of("other"), "other");
        assert_eq!(Labels::new(Lang::En).of("ips"), "Mean IPS");
    }

    #[test]
    fn every_canonical_code_is_unique_and_labelled_in_both_languages() {
        let mut codes: Vec<&str> = CANONICAL.iter().map(|x| x.0).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), CANONICAL.len());
        for (code, en, fr) in CANONICAL {
            assert!(!en.trim().is_empty() && !fr.trim().is_empty(), "{code}");
        }
        // The seven indicators of the Nantes method all have a label.
        for code in [
            "ips",
            "ips_sd",
            "success_rate",
            "va_success_rate",
            "written_mark",
            "va_written_mark",
            "access_rate_6e_3e",
        ] {
            assert!(canonical(code, Lang::Fr).is_some(), "{code}");
        }
    }
}
