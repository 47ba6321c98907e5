//! The sentences of a selection in the reader's language: each criterion in one sentence, the line that
//! explains a criterion for one school, why a school is outside the population, what would bring a
//! school just outside the budget in.
//!
//! The English texts are those of the CSV files (`selection.csv`, `schools.csv`), which keep one
//! language whatever the report's; the report and the terminal use [`Labels`] of their language. Every
//! text comes from the catalogue ([`crate::i18n::Msg`]); the preset's criterion labels are translated,
//! a user's own labels are shown as written.

use super::spec::{Budget, Combine, Op, Per, Reference, Rule, Score, SelectionSpec, Within};
use crate::i18n::{Labels, Lang, Msg};
use std::borrow::Cow;
use std::fmt;

/// The statistic a relative threshold is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stat {
    /// Median of the territory.
    Median,
    /// Median of the REP/REP+ schools of the territory.
    MedianRep,
    /// A quantile (0–1) of the territory.
    Quantile(f64),
}

impl Stat {
    /// The statistic of a relative rule.
    pub fn of(r: &Rule) -> Stat {
        match (r.reference, r.quantile) {
            (Some(Reference::MedianRep), _) => Stat::MedianRep,
            (Some(Reference::Median), _) => Stat::Median,
            (None, Some(q)) if (q - 0.5).abs() < 1e-12 => Stat::Median,
            (None, Some(q)) => Stat::Quantile(q),
            (None, None) => Stat::Median,
        }
    }

    /// "median", "median of REP/REP+ schools" (the school lines' parenthesis).
    fn short(self, l: &Labels) -> String {
        match self {
            Stat::Median => l.t(Msg::StatMedian).to_string(),
            Stat::MedianRep => l.t(Msg::StatMedianRep).to_string(),
            Stat::Quantile(q) => l.f(Msg::StatQuantile, &[("q", &format!("{:.0}", q * 100.0))]),
        }
    }
}

/// Why a school is outside the population.
#[derive(Debug, Clone, PartialEq)]
pub enum PopulationReason {
    /// Another sector.
    Sector {
        /// The school's.
        found: String,
        /// The population's.
        wanted: String,
    },
    /// Another académie.
    Academie {
        /// The school's.
        found: String,
        /// The population's.
        wanted: Vec<String>,
    },
    /// Another département.
    Departement {
        /// The school's.
        found: String,
        /// The population's.
        wanted: Vec<String>,
    },
    /// An excluded EP status (REP, REP+).
    Ep(String),
    /// Too few pupils.
    Headcount {
        /// The school's (NaN when unknown).
        value: f64,
        /// The smallest allowed.
        min: f64,
    },
}

impl PopulationReason {
    /// The reason in a language.
    pub fn text(&self, l: &Labels) -> String {
        let list = |v: &[String]| v.join(", ");
        match self {
            PopulationReason::Sector { found, wanted } => {
                l.f(Msg::WhySector, &[("found", found), ("wanted", wanted)])
            }
            PopulationReason::Academie { found, wanted } => l.f(
                Msg::WhyAcademie,
                &[("found", found), ("wanted", &list(wanted))],
            ),
            PopulationReason::Departement { found, wanted } => l.f(
                Msg::WhyDepartement,
                &[("found", found), ("wanted", &list(wanted))],
            ),
            PopulationReason::Ep(s) => l.f(Msg::WhyEp, &[("status", s)]),
            PopulationReason::Headcount { value, min } => l.f(
                Msg::WhyHeadcount,
                &[
                    ("value", &number(*value, l.lang)),
                    ("min", &number(*min, l.lang)),
                ],
            ),
        }
    }
}

impl fmt::Display for PopulationReason {
    /// English, as in the CSV files.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(&Labels::new(Lang::En)))
    }
}

/// A number as the explanations print it: at most 3 decimals, no trailing zeros, "missing" for NaN,
/// the language's decimal separator.
pub fn number(x: f64, lang: Lang) -> String {
    let mut s = String::new();
    push_num(&mut s, x, lang);
    s
}

/// [`number`] appended to `s` (ryu on the rounded value: the shortest text that reads back as it,
/// without `format!`'s slow exact-decimal path).
pub fn push_num(s: &mut String, x: f64, lang: Lang) {
    if x.is_nan() {
        s.push_str(Msg::Missing.t(lang));
        return;
    }
    let r = (x * 1000.0).round() / 1000.0;
    let start = s.len();
    if !r.is_finite() || r.abs() >= 1e15 {
        s.push_str(&format!("{x:.3}"));
    } else {
        let r = if r == 0.0 { 0.0 } else { r };
        let mut b = ryu::Buffer::new();
        let t = b.format_finite(r);
        s.push_str(t.strip_suffix(".0").unwrap_or(t));
    }
    if lang == Lang::Fr {
        let tail = s[start..].replace('.', ",");
        s.truncate(start);
        s.push_str(&tail);
    }
}

/// The comparison as the explanations print it: `<=` in the CSV (English), `≤` in the report.
pub fn op_symbol(op: Op, l: &Labels) -> &'static str {
    match l.lang {
        Lang::En => op.symbol(),
        Lang::Fr => match op {
            Op::Le => "≤",
            Op::Lt => "<",
            Op::Ge => "≥",
            Op::Gt => ">",
        },
    }
}

/// A criterion's label in a language: the preset's labels are translated, a user's shown as written.
pub fn criterion_label<'a>(label: &'a str, l: &Labels) -> Cow<'a, str> {
    const PRESET: [(&str, Msg); 7] = [
        ("disadvantaged: IPS", Msg::LabelDisadvantaged),
        ("low equity: access rate 6e-3e", Msg::LabelEquityAccess),
        ("low equity: high IPS spread", Msg::LabelEquitySpread),
        ("low equity: success rate", Msg::LabelEquitySuccess),
        ("value added null or negative", Msg::LabelValueAdded),
        ("EP status", Msg::LabelEpStatus),
        ("cluster", Msg::LabelCluster),
    ];
    match PRESET.iter().find(|p| p.0 == label) {
        Some((_, m)) => Cow::Borrowed(l.t(*m)),
        None => Cow::Borrowed(label),
    }
}

/// The lead of a criterion's label, capitalised ("Disadvantaged" of "disadvantaged: IPS"): the
/// sentences that use it name the indicator themselves.
pub fn lead(label: &str, l: &Labels) -> String {
    let full = criterion_label(label, l);
    let lead = full.split(':').next().unwrap_or_default().trim();
    let mut c = lead.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect::<String>())
        .unwrap_or_default()
}

/// "yes" / "no".
pub fn yes_no(b: bool, l: &Labels) -> &'static str {
    l.t(if b { Msg::Yes } else { Msg::No })
}

/// The territory of a threshold: "académie NANTES", "national".
pub fn territory(w: Within, name: &str, l: &Labels) -> String {
    match w {
        Within::National => l.t(Msg::National).to_string(),
        Within::Academie => l.f(Msg::AcademieNamed, &[("name", &name)]),
        Within::Departement => l.f(Msg::DepartementNamed, &[("name", &name)]),
    }
}

/// One school's line for a compared criterion:
/// `disadvantaged: IPS: ips 84.6 <= 100.8 (median of ips, académie NANTES): yes`.
#[allow(clippy::too_many_arguments)]
pub fn compare_line(
    label: &str,
    var: &str,
    x: f64,
    op: Op,
    threshold: f64,
    relative: Option<(Stat, Within, &str)>,
    passed: bool,
    l: &Labels,
) -> String {
    let var_label = l.of(var);
    let mut s = String::with_capacity(96);
    // "Disadvantaged: Mean IPS 84.6 <= …": the label's lead, then the indicator by its label.
    s.push_str(&lead(label, l));
    s.push_str(l.t(Msg::Colon));
    s.push_str(&var_label);
    s.push(' ');
    push_num(&mut s, x, l.lang);
    s.push(' ');
    s.push_str(op_symbol(op, l));
    s.push(' ');
    push_num(&mut s, threshold, l.lang);
    if let Some((stat, w, name)) = relative {
        s.push_str(" (");
        s.push_str(&stat.short(l));
        s.push_str(", ");
        s.push_str(&territory(w, name, l));
        s.push(')');
    }
    s.push_str(l.t(Msg::Colon));
    s.push_str(yes_no(passed, l));
    s
}

/// The values a mean over several sessions averages, appended to its criterion's line:
/// " (by session: 2022: −4, 2023: −1)" (a session without a value reads "missing").
pub fn session_values(parts: &[(&str, f64)], l: &Labels) -> String {
    let mut list = String::new();
    for (k, (session, x)) in parts.iter().enumerate() {
        if k > 0 {
            list.push_str(", ");
        }
        list.push_str(session);
        list.push_str(l.t(Msg::Colon));
        push_num(&mut list, *x, l.lang);
    }
    l.f(Msg::LineSessions, &[("list", &list)])
}

/// One school's line for a cluster criterion.
pub fn cluster_line(label: &str, c: usize, chosen: &[usize], passed: bool, l: &Labels) -> String {
    l.f(
        Msg::LineCluster,
        &[
            ("label", &criterion_label(label, l)),
            ("c", &c),
            ("chosen", &list(chosen)),
            ("yes", &yes_no(passed, l)),
        ],
    )
}

/// One school's line for an EP-status criterion.
pub fn ep_line(label: &str, status: &str, want: &[&str], passed: bool, l: &Labels) -> String {
    l.f(
        Msg::LineEp,
        &[
            ("label", &criterion_label(label, l)),
            ("status", &status),
            ("want", &want.join(", ")),
            ("yes", &yes_no(passed, l)),
        ],
    )
}

fn list<T: fmt::Display>(v: &[T]) -> String {
    v.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// An eligible school beyond the budget: what would bring it in.
pub fn outside_budget(rank: usize, n: usize, last: f64, score: f64, l: &Labels) -> String {
    l.f(
        Msg::OutsideBudget,
        &[
            ("rank", &rank),
            ("n", &n),
            ("t", &l.num(last, 4)),
            ("d", &l.num(last - score, 4)),
        ],
    )
}

/// A school of the population that is not eligible: the criteria it fails.
pub fn not_eligible<'a>(failed: impl Iterator<Item = &'a str>, l: &Labels) -> String {
    let f: Vec<String> = failed.map(|x| criterion_label(x, l).into_owned()).collect();
    l.f(Msg::NotEligibleFails, &[("list", &f.join(", "))])
}

/// A criterion in one sentence, for the first screen of the report:
/// "Disadvantaged: mean IPS at most the median of its académie."
pub fn rule_sentence(r: &Rule, l: &Labels) -> String {
    let label = r.label.as_deref().map(|x| lead(x, l)).unwrap_or_default();
    let head = if label.is_empty() {
        String::new()
    } else {
        format!("{label}{}", l.t(Msg::Colon))
    };
    let body = if let (Some(var), Some(op)) = (&r.variable, r.op) {
        let var = l.of(var);
        let op = l.t(match op {
            Op::Le => Msg::OpLe,
            Op::Lt => Msg::OpLt,
            Op::Ge => Msg::OpGe,
            Op::Gt => Msg::OpGt,
        });
        match r.value {
            Some(v) => l.f(
                Msg::SentenceFixed,
                &[("var", &var), ("op", &op), ("value", &number(v, l.lang))],
            ),
            None => {
                let stat = match Stat::of(r) {
                    Stat::Median => l.t(Msg::SentenceMedian).to_string(),
                    Stat::MedianRep => l.t(Msg::SentenceMedianRep).to_string(),
                    Stat::Quantile(q) => l.f(
                        Msg::SentenceQuantile,
                        &[("q", &format!("{:.0}", q * 100.0))],
                    ),
                };
                let within = l.t(match r.within {
                    Within::National => Msg::WithinNational,
                    Within::Academie => Msg::WithinAcademie,
                    Within::Departement => Msg::WithinDepartement,
                });
                l.f(
                    Msg::SentenceRelative,
                    &[
                        ("var", &var),
                        ("op", &op),
                        ("stat", &stat),
                        ("within", &within),
                    ],
                )
            }
        }
    } else if let Some(c) = &r.clusters {
        l.f(Msg::SentenceClusters, &[("list", &list(c))])
    } else if let Some(m) = r.lowest_clusters {
        l.f(Msg::SentenceLowestClusters, &[("m", &m)])
    } else if let Some(e) = &r.ep_status {
        l.f(Msg::SentenceEp, &[("list", &e.join(", "))])
    } else {
        String::new()
    };
    format!("{head}{body}.")
}

/// How the criteria combine, as a lead-in to their list.
pub fn combine_sentence(c: Combine, l: &Labels) -> &'static str {
    l.t(match c {
        Combine::All => Msg::CombineAll,
        Combine::Any => Msg::CombineAny,
    })
}

/// How eligible schools are ranked.
pub fn score_sentence(s: &Score, l: &Labels) -> String {
    match &s.weights {
        Some(w) => {
            let parts: Vec<String> = w
                .iter()
                .map(|(var, wt)| format!("{} × {}", number(*wt, l.lang), l.of(var)))
                .collect();
            l.f(Msg::ScoreWeights, &[("list", &parts.join(" + "))])
        }
        None => l.f(Msg::ScoreAxis, &[("axis", &s.axis.unwrap_or(1))]),
    }
}

/// The budget: "21 schools in all", "21 per académie".
pub fn budget_sentence(b: &Budget, l: &Labels) -> String {
    l.f(
        match b.per {
            Per::Total => Msg::BudgetTotal,
            Per::Academie => Msg::BudgetPerAcademie,
            Per::Departement => Msg::BudgetPerDepartement,
        },
        &[("n", &b.n)],
    )
}

/// Every criterion of a spec in one sentence each.
pub fn criteria_sentences(spec: &SelectionSpec, l: &Labels) -> Vec<String> {
    spec.criteria
        .rules
        .iter()
        .map(|r| rule_sentence(r, l))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::select::spec::Equity;

    #[test]
    fn the_nantes_criteria_read_in_both_languages() {
        let spec = SelectionSpec::nantes(vec!["NANTES".into()], 21, Equity::Access);
        let fr = criteria_sentences(&spec, &Labels::new(Lang::Fr));
        assert_eq!(
            fr[0],
            "Défavorisé : IPS moyen inférieur ou égal à la médiane de son académie."
        );
        assert_eq!(
            fr[2],
            "Valeur ajoutée nulle ou négative : VA du taux de réussite au DNB inférieur ou égal à 0."
        );
        let en = criteria_sentences(&spec, &Labels::new(Lang::En));
        assert_eq!(
            en[0],
            "Disadvantaged: Mean IPS at most the median of its académie."
        );
        assert_eq!(
            budget_sentence(&spec.budget, &Labels::new(Lang::Fr)),
            "21 établissements au total"
        );
    }

    #[test]
    fn school_lines_in_both_languages() {
        let line = |lang| {
            compare_line(
                "disadvantaged: IPS",
                "ips",
                84.63,
                Op::Le,
                100.8,
                Some((Stat::Median, Within::Academie, "NANTES")),
                true,
                &Labels::new(lang),
            )
        };
        assert_eq!(
            line(Lang::Fr),
            "Défavorisé : IPS moyen 84,63 ≤ 100,8 (médiane, académie NANTES) : oui"
        );
        assert_eq!(
            line(Lang::En),
            "Disadvantaged: Mean IPS 84.63 <= 100.8 (median, académie NANTES): yes"
        );
        assert_eq!(
            outside_budget(35, 21, 1.5, 1.25, &Labels::new(Lang::Fr)),
            "hors budget (rang 35 > 21) : il faudrait un score supérieur à 1,5000 (+0,2500) pour entrer"
        );
        let why = PopulationReason::Ep("REP+".into());
        assert_eq!(
            why.to_string(),
            "REP+ school (already supported by éducation prioritaire)"
        );
        assert_eq!(
            why.text(&Labels::new(Lang::Fr)),
            "établissement REP+ (déjà soutenu par l'éducation prioritaire)"
        );
        assert_eq!(number(f64::NAN, Lang::Fr), "manquant");
    }
}
