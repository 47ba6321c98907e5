//! The report's sections on what a committee added to the rules and on the allocation: the decisions
//! with their reasons, and the envelope's rule in one paragraph, a table per envelope and the figure.

use super::markup::{cat, tx, Html};
use super::parts::{figures, section, table, ReportInput, Section};
use crate::i18n::Msg;
use crate::select::decisions::Kind;

/// Every committee decision with its reason, author and date (nothing when there is none).
pub fn decisions(r: &ReportInput) -> Html {
    let l = r.labels;
    let Some(d) = r.selection.and_then(|s| s.decisions.as_ref()) else {
        return cat([]);
    };
    if d.rows.is_empty() {
        return cat([]);
    }
    let s = r.selection.map(|s| &s.schools);
    let name = |uai: &str| -> String {
        s.and_then(|s| {
            (0..s.len())
                .find(|&i| s.uai(i).as_str() == uai)
                .map(|i| s.table().str("name", i).to_string())
        })
        .unwrap_or_default()
    };
    let included = d.rows.iter().filter(|x| x.kind == Kind::Include).count();
    let rows: Vec<Vec<String>> = d
        .rows
        .iter()
        .map(|x| {
            vec![
                x.uai.clone(),
                name(&x.uai),
                l.t(match x.kind {
                    Kind::Include => Msg::DecisionInclude,
                    Kind::Exclude => Msg::DecisionExclude,
                })
                .to_string(),
                x.reason.clone(),
                x.author.clone(),
                x.date.clone(),
            ]
        })
        .collect();
    let head: Vec<String> = [
        "UAI",
        l.t(Msg::DecisionName),
        l.t(Msg::DecisionColumn),
        l.t(Msg::DecisionReason),
        l.t(Msg::DecisionAuthor),
        l.t(Msg::DecisionDate),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    section(
        "decisions",
        l.t(Msg::DecisionsHeading),
        [
            tx(
                "p",
                &[],
                l.f(
                    Msg::DecisionsParagraph,
                    &[
                        ("included", &included),
                        ("excluded", &(d.rows.len() - included)),
                    ],
                ),
            ),
            table(&head, &rows, &[false; 6]),
        ],
    )
}

/// The allocation: the rule in one paragraph, one row per envelope, the figure.
pub fn allocation(r: &ReportInput) -> Html {
    let l = r.labels;
    let Some(a) = r.allocation else {
        return cat([]);
    };
    let per = crate::plot::allocation_plot::per_size_label(a, l);
    let unit = l.t(match a.spec.unit {
        crate::select::allocation::Unit::Hours => Msg::UnitHours,
        crate::select::allocation::Unit::Posts => Msg::UnitPosts,
        crate::select::allocation::Unit::Euros => Msg::UnitEuros,
    });
    let rule = match &a.spec.rule {
        crate::select::allocation::RuleWord::Proportional => l.t(Msg::AllocRuleProportional),
        crate::select::allocation::RuleWord::Classes => l.t(Msg::AllocRuleClasses),
        crate::select::allocation::RuleWord::Progressive => l.t(Msg::AllocRuleProgressive),
    };
    let schools: usize = a.envelopes.iter().map(|e| e.schools).sum();
    let paragraph = l.f(
        Msg::AllocationParagraph,
        &[
            ("amount", &l.num(a.spec.amount, 2)),
            ("unit", &unit),
            ("schools", &schools),
            ("rule", &rule),
            ("size", &size_words(a, l)),
            ("step", &l.num(a.spec.step, 2)),
            ("floor", &l.num(a.spec.floor, 2)),
            (
                "cap",
                &a.spec.cap.map_or_else(|| "—".to_string(), |c| l.num(c, 2)),
            ),
            ("formula", &formula(a, l)),
        ],
    );
    let rows: Vec<Vec<String>> = a
        .envelopes
        .iter()
        .map(|e| {
            vec![
                crate::plot::allocation_plot::group_name(&e.group, l),
                e.schools.to_string(),
                l.num(e.total, 2),
                l.num(e.per_size, 3),
                l.num(e.min_per_size, 3),
                l.num(e.median_per_size, 3),
                l.num(e.max_per_size, 3),
                l.num(e.concentration_index, 3),
            ]
        })
        .collect();
    let head: Vec<String> = vec![
        l.t(Msg::AllocEnvelope).to_string(),
        l.t(Msg::AllocSchools).to_string(),
        format!("{} ({unit})", l.t(Msg::AllocTotal)),
        per.clone(),
        format!("{} min", per),
        l.f(Msg::AllocMedian, &[("what", &per)]),
        format!("{} max", per),
        l.t(Msg::AllocConcentration).to_string(),
    ];
    section(
        "allocation",
        l.t(Msg::AllocationHeading),
        [
            tx("p", &[], paragraph),
            table(
                &head,
                &rows,
                &[false, true, true, true, true, true, true, true],
            ),
            figures(r, Section::Allocation),
        ],
    )
}

/// What the size measures, then the column it is read from: "number of pupils, column “headcount”".
fn size_words(a: &crate::select::allocation::Allocation, l: &crate::i18n::Labels) -> String {
    use crate::select::allocation::SizeUnit;
    let what = l.t(match a.spec.size_unit {
        SizeUnit::Pupils => Msg::SizePupils,
        SizeUnit::Classes => Msg::SizeClasses,
        SizeUnit::Divisions => Msg::SizeDivisions,
    });
    l.f(
        Msg::SizeColumn,
        &[
            ("what", &what),
            ("column", &crate::text::quote(&a.spec.size)),
        ],
    )
}

/// The rule's numbers, without words (so the same in both languages): `f = m + 1 − r`,
/// `IPS ≤ 90 → 1,5 ; 90 < IPS ≤ 100 → 1,2 ; IPS > 100 → 1`…
fn formula(a: &crate::select::allocation::Allocation, l: &crate::i18n::Labels) -> String {
    use crate::select::allocation::{ClassesOf, RuleWord, Transform};
    let s = &a.spec;
    let n = |x: f64| l.num(x, 2);
    match s.rule {
        RuleWord::Proportional => match s.transform {
            Transform::Rank => "f = m + 1 − r".into(),
            Transform::Exp => "f = exp(z)".into(),
        },
        RuleWord::Classes => {
            let var = match s.classes_of {
                ClassesOf::Ips => "IPS",
                ClassesOf::Need => "q",
            };
            let mut parts = Vec::new();
            for (k, c) in s.coefficients.iter().enumerate() {
                let lo = k.checked_sub(1).and_then(|j| s.bounds.get(j));
                let hi = s.bounds.get(k);
                let range = match (lo, hi) {
                    (None, Some(h)) => format!("{var} ≤ {}", n(*h)),
                    (Some(lo), Some(h)) => format!("{} < {var} ≤ {}", n(*lo), n(*h)),
                    (Some(lo), None) => format!("{var} > {}", n(*lo)),
                    (None, None) => var.to_string(),
                };
                parts.push(format!("{range} → {}", n(*c)));
            }
            parts.join(" ; ")
        }
        RuleWord::Progressive => format!(
            "IPS ≤ {} → {} ; IPS ≥ {} → {}",
            n(s.ips_bounds.first().copied().unwrap_or(f64::NAN)),
            n(s.coefficients.first().copied().unwrap_or(f64::NAN)),
            n(s.ips_bounds.get(1).copied().unwrap_or(f64::NAN)),
            n(s.coefficients.get(1).copied().unwrap_or(f64::NAN)),
        ),
    }
}
