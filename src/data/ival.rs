//! The lycées' result indicators (IVAL): one row per UAI and bac session, under canonical names.
//!
//! Two official datasets, each in two series, are read by two presets:
//! - `ival-gt` — *indicateurs de résultat des lycées d'enseignement général et technologique*: the old
//!   series (`fr-en-indicateurs-de-resultat-des-lycees-denseignement-general-et-technologique`, French
//!   label headers such as `Taux de reussite - Toutes series`, `Valeur ajoutee du taux d'acces
//!   2nde-bac`) and the `-gt_v2` series (snake_case fields such as `taux_reu_total`, `va_acces_2nde`,
//!   from the portal's CSV or JSON export);
//! - `ival-pro` — the same indicators for the lycées professionnels (`-pro_v2`, and the old
//!   `…-denseignement-professionnels`). The two share their totals' field names; a file is read as
//!   GT when it also has a column of a general or technological series (`presents_gnle`,
//!   `presents_l`, `presents_stmg`…), otherwise as pro (name the preset with `--dataset` to override).
//!
//! Canonical columns (a rate is a percentage, a value added is in points of percentage):
//!
//! | canonical | old-series header | `_v2` field |
//! |---|---|---|
//! | `session` | `Annee` | `annee` |
//! | `bac_candidates` | `Presents - Toutes series` | `presents_total` |
//! | `bac_success_rate` | `Taux de reussite - Toutes series` | `taux_reu_total` |
//! | `expected_bac_success_rate_academie`, `_france` | `Taux de reussite attendu acad/france - Toutes series` | — |
//! | `va_bac_success_rate` | `Valeur ajoutee du taux de reussite - Toutes series` | `va_reu_total` |
//! | `bac_mention_rate`, `expected_bac_mention_rate`, `va_bac_mention_rate` | `Taux de mentions (attendu) - Toutes series`, `Valeur ajoutee du taux de mentions - Toutes series` | `taux_men_total`, `va_men_total` |
//! | `access_rate_2nde_bac`, `va_access_rate_2nde_bac` | `Taux d'acces 2nde-bac`, `Valeur ajoutee du taux d'acces 2nde-bac` | `taux_acces_2nde`, `va_acces_2nde` |
//! | `access_rate_1re_bac`, `va_access_rate_1re_bac` | `Taux d'acces 1ere-bac`, `Valeur ajoutee du taux d'acces 1ere-bac` | `taux_acces_1ere`, `va_acces_1ere` |
//! | `access_rate_terminale_bac`, `va_access_rate_terminale_bac` | `Taux d'acces terminale-bac`, … | `taux_acces_term`, `va_acces_term` |
//! | `expected_access_rate_2nde_bac_academie`, `_france` (and `1re`) | `Taux d'acces attendu acad/france 2nde-bac` | — |
//! | `headcount_2nde`, `headcount_1re`, `headcount_terminale` | `Effectif de seconde/premiere/terminale` | `eff_2nde`, `eff_1ere`, `eff_term` |
//!
//! Missing values: the empty cell, `ND` (not published: small cohorts) and, in these files only, `.`
//! (the 2021 session writes some value added so). The session (bac of June N) is paired with the IPS of
//! school year (N-1)-N, as the DNB session of IVAC is (see [`super::join`]). A header with `uai`,
//! `annee`, `presents_total`, `taux_reu_total`, `va_reu_total` and `presents_gnle` is recognised as
//! `ival-gt` (`presets::tests::a_snake_case_gt_header_is_ival_gt`).

use super::column_spec::{
    col, ColumnSpec, Kind, Preset, ACADEMIE, COMMUNE, COMMUNE_NAME, COUNT, DEP, DEP_NAME, NAME,
    RATE, SECTOR, UAI, VA_RATE,
};

/// Name of the IVAL GT preset.
pub const GT: &str = "ival-gt";
/// Name of the IVAL pro preset.
pub const PRO: &str = "ival-pro";

/// Value-added datasets (IVAC, IVAL GT, IVAL pro): inner-joined, their session paired with the IPS year.
pub fn is_value_added(dataset: &str) -> bool {
    matches!(dataset, "ivac" | GT | PRO)
}

/// Missing-value tokens a dataset uses besides the user's (`.` in IVAL).
pub fn extra_missing(dataset: &str) -> &'static [&'static str] {
    if matches!(dataset, GT | PRO) {
        &["."]
    } else {
        &[]
    }
}

const SESSION: ColumnSpec = col("session", Kind::Period, &["annee", "session"]);
const REGION: ColumnSpec = col("region", Kind::Text, &["region", "libelle_region"]);
const REGION_CODE: ColumnSpec = col("region_code", Kind::Text, &["code_region"]);

/// The indicators common to both presets.
macro_rules! ival_columns {
    ($($extra:expr),* $(,)?) => {
        &[
            UAI,
            SESSION,
            NAME,
            COMMUNE,
            COMMUNE_NAME,
            ACADEMIE,
            DEP,
            DEP_NAME,
            REGION,
            REGION_CODE,
            SECTOR,
            col("bac_candidates", COUNT, &["presents_toutes_series", "presents_total"]),
            col("bac_success_rate", RATE, &["taux_de_reussite_toutes_series", "taux_reu_total"]),
            col(
                "expected_bac_success_rate_academie",
                RATE,
                &["taux_de_reussite_attendu_acad_toutes_series"],
            ),
            col(
                "expected_bac_success_rate_france",
                RATE,
                &["taux_de_reussite_attendu_france_toutes_series"],
            ),
            col(
                "va_bac_success_rate",
                VA_RATE,
                &["valeur_ajoutee_du_taux_de_reussite_toutes_series", "va_reu_total"],
            ),
            col("bac_mention_rate", RATE, &["taux_de_mentions_toutes_series", "taux_men_total"]),
            col("expected_bac_mention_rate", RATE, &["taux_de_mentions_attendu_toutes_series"]),
            col(
                "va_bac_mention_rate",
                VA_RATE,
                &["valeur_ajoutee_du_taux_de_mentions_toutes_series", "va_men_total"],
            ),
            col("access_rate_2nde_bac", RATE, &["taux_d_acces_2nde_bac", "taux_acces_2nde"]),
            col(
                "expected_access_rate_2nde_bac_academie",
                RATE,
                &["taux_d_acces_attendu_acad_2nde_bac"],
            ),
            col(
                "expected_access_rate_2nde_bac_france",
                RATE,
                &["taux_d_acces_attendu_france_2nde_bac"],
            ),
            col(
                "va_access_rate_2nde_bac",
                VA_RATE,
                &["valeur_ajoutee_du_taux_d_acces_2nde_bac", "va_acces_2nde"],
            ),
            col("access_rate_1re_bac", RATE, &["taux_d_acces_1ere_bac", "taux_acces_1ere"]),
            col(
                "expected_access_rate_1re_bac_academie",
                RATE,
                &["taux_d_acces_attendu_acad_1ere_bac"],
            ),
            col(
                "expected_access_rate_1re_bac_france",
                RATE,
                &["taux_d_acces_attendu_france_1ere_bac"],
            ),
            col(
                "va_access_rate_1re_bac",
                VA_RATE,
                &["valeur_ajoutee_du_taux_d_acces_1ere_bac", "va_acces_1ere"],
            ),
            col(
                "access_rate_terminale_bac",
                RATE,
                &["taux_d_acces_terminale_bac", "taux_acces_term"],
            ),
            col(
                "va_access_rate_terminale_bac",
                VA_RATE,
                &["valeur_ajoutee_du_taux_d_acces_terminale_bac", "va_acces_term"],
            ),
            col("headcount_2nde", COUNT, &["effectif_de_seconde", "eff_2nde"]),
            col("headcount_1re", COUNT, &["effectif_de_premiere", "eff_1ere"]),
            col("headcount_terminale", COUNT, &["effectif_de_terminale", "eff_term"]),
            $($extra,)*
        ]
    };
}

/// The VA of the success rate, in either series (the signature of both presets).
const VA_TOTAL: &str = "valeur_ajoutee_du_taux_de_reussite_toutes_series|va_reu_total";

/// IVAL of the lycées généraux et technologiques.
pub const IVAL_GT: Preset = Preset {
    name: GT,
    official: "fr-en-indicateurs-de-resultat-des-lycees-gt_v2, fr-en-indicateurs-de-resultat-des-lycees-denseignement-general-et-technologique",
    signature: &[
        "uai",
        "annee",
        VA_TOTAL,
        "presents_gnle|presents_l|presents_s|presents_es|presents_stmg|presents_sti2d",
    ],
    required: &["uai", "session"],
    columns: ival_columns!(
        col("bac_candidates_general", COUNT, &["presents_gnle"]),
        col("bac_success_rate_general", RATE, &["taux_de_reussite_gnle", "taux_reu_gnle"]),
        col(
            "va_bac_success_rate_general",
            VA_RATE,
            &["valeur_ajoutee_du_taux_de_reussite_gnle", "va_reu_gnle"],
        ),
    ),
    period_is_school_year: false,
};

/// IVAL of the lycées professionnels (the same totals; no general or technological series).
pub const IVAL_PRO: Preset = Preset {
    name: PRO,
    official: "fr-en-indicateurs-de-resultat-des-lycees-pro_v2, fr-en-indicateurs-de-resultat-des-lycees-denseignement-professionnels",
    signature: &["uai", "annee", VA_TOTAL],
    required: &["uai", "session"],
    columns: ival_columns!(),
    period_is_school_year: false,
};

#[cfg(test)]
mod tests {
    use super::super::column_spec::matches;
    use super::super::normalize::header_key;
    use super::*;

    #[test]
    fn every_header_of_the_label_export_maps_where_documented() {
        // Accents vary inside one header in the official file: the normalised key is the same.
        let k = header_key("Valeur ajoutée du taux de réussite - Toutes séries");
        let spec = IVAL_GT
            .columns
            .iter()
            .find(|c| c.canonical == "va_bac_success_rate")
            .map(|c| c.aliases);
        assert!(spec.is_some_and(|a| a.iter().any(|x| matches(x, &k))));
        assert_eq!(header_key("Taux d'acces 2nde-bac"), "taux_d_acces_2nde_bac");
        // No canonical name is read twice.
        for p in [IVAL_GT, IVAL_PRO] {
            let mut c: Vec<&str> = p.columns.iter().map(|c| c.canonical).collect();
            let n = c.len();
            c.sort_unstable();
            c.dedup();
            assert_eq!(c.len(), n, "{}", p.name);
        }
        assert!(is_value_added("ivac") && is_value_added(GT) && !is_value_added("ips-lycees"));
        assert_eq!(extra_missing(PRO), ["."]);
        assert!(extra_missing("ivac").is_empty());
    }
}
