//! A variant of the selection in the sensitivity analysis ([`super::robustness`]): what it changes,
//! and its description in the report's language.

use super::spec::Op;
use crate::i18n::{Labels, Lang, Msg};

/// What a variant of the selection changes (for its description in the report's language).
#[derive(Debug, Clone, PartialEq)]
pub enum VariantKind {
    /// Rule `rule` (1-based) with its quantile moved to `q`.
    Quantile {
        /// Rule number.
        rule: usize,
        /// Its indicator.
        var: String,
        /// New quantile.
        q: f64,
    },
    /// Rule `rule` with its fixed threshold moved to `value`.
    Value {
        /// Rule number.
        rule: usize,
        /// Its indicator.
        var: String,
        /// New threshold.
        value: f64,
    },
    /// Rule `rule` (low equity) measured by another indicator.
    Equity {
        /// Rule number.
        rule: usize,
        /// The other indicator.
        var: String,
        /// Its comparison.
        op: Op,
        /// Quantile of the threshold (`None`: the same threshold).
        q: Option<f64>,
    },
}

impl VariantKind {
    /// What a sensitivity variant changes: "rule 1 (ips) quantile 0.45" (English, as in `sensitivity.csv`:
    /// indicator codes) or, in French, with the indicator's label.
    pub fn describe(&self, l: &Labels) -> String {
        let var = |v: &str| match l.lang {
            Lang::En => v.to_string(),
            Lang::Fr => l.of(v).into_owned(),
        };
        match self {
            VariantKind::Quantile { rule, var: v, q } => l.f(
                Msg::VariantQuantile,
                &[("rule", rule), ("var", &var(v)), ("q", &l.num(*q, 2))],
            ),
            VariantKind::Value {
                rule,
                var: v,
                value,
            } => l.f(
                Msg::VariantValue,
                &[
                    ("rule", rule),
                    ("var", &var(v)),
                    ("value", &l.num(*value, 3)),
                ],
            ),
            VariantKind::Equity {
                rule,
                var: v,
                op,
                q,
            } => {
                let at = match q {
                    Some(q) => l.f(
                        Msg::VariantAtQuantile,
                        &[("q", &format!("{:.0}", q * 100.0))],
                    ),
                    None => l.t(Msg::VariantSameThreshold).to_string(),
                };
                l.f(
                    Msg::VariantEquity,
                    &[
                        ("rule", rule),
                        ("var", &var(v)),
                        ("op", &op.symbol()),
                        ("at", &at),
                    ],
                )
            }
        }
    }
}
