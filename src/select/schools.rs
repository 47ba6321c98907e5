//! Per-school outcomes of a selection, kept in columns; the explanation of a school is written when it is
//! asked for.
//!
//! A selection over a million schools holds, per school, a few flags and numbers (population, each
//! criterion's outcome, eligibility, score, rank, orphan flags) rather than a million sets of sentences:
//! [`Schools::get`] builds one school's [`SchoolResult`] — with every criterion's value, threshold,
//! outcome and readable line, and the near-miss note — from these columns and the analysed table, which
//! is shared with the analysis, not copied.

use super::eval::Check;
use super::spec::Op;
use super::SchoolResult;
use crate::data::table::{Table, Text};
use serde::{Serialize, Serializer};
use std::sync::Arc;

/// How a criterion was applied, for its explanation.
#[derive(Debug, Clone)]
pub(crate) enum RuleKind {
    /// `var op threshold`; the threshold is fixed (`codes` = `None`, `thresholds[0]`) or per territory
    /// code (`what[code]` names the statistic and territory).
    Compare {
        var: String,
        op: Op,
        values: Vec<f64>,
        thresholds: Vec<f64>,
        codes: Option<Vec<u32>>,
        what: Vec<String>,
        /// Level and names of the territories (`thresholds[code]`), for relative thresholds.
        territories: Option<(super::spec::Within, Vec<String>)>,
    },
    /// Membership of one of `chosen` clusters.
    Clusters { chosen: Vec<usize> },
    /// EP status among `want`.
    Ep { want: Vec<&'static str> },
}

/// One applicable criterion, for every school.
#[derive(Debug, Clone)]
pub(crate) struct RuleOutcome {
    pub label: String,
    pub kind: RuleKind,
    pub passed: Vec<bool>,
}

impl RuleOutcome {
    fn threshold(&self, i: usize) -> Option<f64> {
        match &self.kind {
            RuleKind::Compare {
                thresholds, codes, ..
            } => Some(match codes {
                Some(c) => thresholds[c[i] as usize],
                None => thresholds[0],
            }),
            _ => None,
        }
    }

    /// The criterion for school `i`, with its readable line.
    fn check(&self, i: usize, table: &Table, cluster: Option<usize>) -> Check {
        let label = &self.label;
        let passed = self.passed[i];
        let yes = if passed { "yes" } else { "no" };
        let (value, threshold, text) = match &self.kind {
            RuleKind::Compare {
                var,
                op,
                values,
                codes,
                what,
                ..
            } => {
                let (x, th) = (values[i], self.threshold(i).unwrap_or(f64::NAN));
                let what = codes.as_ref().map_or("", |c| what[c[i] as usize].as_str());
                let mut s = String::with_capacity(96);
                s.push_str(label);
                s.push_str(": ");
                s.push_str(var);
                s.push(' ');
                push_num(&mut s, x);
                s.push(' ');
                s.push_str(op.symbol());
                s.push(' ');
                push_num(&mut s, th);
                s.push_str(what);
                s.push_str(": ");
                s.push_str(yes);
                (Some(x).filter(|x| !x.is_nan()), Some(th), s)
            }
            RuleKind::Clusters { chosen } => {
                let c = cluster.unwrap_or(0);
                (
                    Some(c as f64),
                    None,
                    format!("{label}: cluster {c} in {chosen:?}: {yes}"),
                )
            }
            RuleKind::Ep { want } => {
                let st = table.str("ep_status", i);
                (None, None, format!("{label}: {st} in {want:?}: {yes}"))
            }
        };
        Check {
            criterion: label.clone(),
            value,
            threshold,
            passed,
            text,
        }
    }
}

/// A number as the explanations print it: at most 3 decimals, no trailing zeros, `missing` for NaN
/// (ryu on the rounded value: the shortest text that reads back as it, without `format!`'s slow
/// exact-decimal path).
fn push_num(s: &mut String, x: f64) {
    if x.is_nan() {
        s.push_str("missing");
        return;
    }
    let r = (x * 1000.0).round() / 1000.0;
    if !r.is_finite() || r.abs() >= 1e15 {
        s.push_str(&format!("{x:.3}"));
        return;
    }
    let r = if r == 0.0 { 0.0 } else { r };
    let mut b = ryu::Buffer::new();
    let t = b.format_finite(r);
    s.push_str(t.strip_suffix(".0").unwrap_or(t));
}

/// One threshold a criterion applied (`thresholds.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThresholdRow {
    /// Criterion label.
    pub criterion: String,
    /// Indicator.
    pub variable: String,
    /// Comparison (`<=`, `<`, `>=`, `>`).
    pub op: &'static str,
    /// `national`, `academie` or `departement`; `fixed` for an absolute threshold.
    pub level: &'static str,
    /// Territory (empty for national and fixed thresholds).
    pub territory: String,
    /// Threshold.
    pub threshold: f64,
}

/// The budget, for the near-miss notes.
#[derive(Debug, Clone)]
pub(crate) struct BudgetGroups {
    /// Schools per group.
    pub n: usize,
    /// Group of each school.
    pub code: Vec<u32>,
    /// Score of the last selected school of each group (infinite when none).
    pub last: Vec<f64>,
}

/// Per-school outcomes, in columns (one entry per analysed school, in the analysis' row order).
#[derive(Debug, Clone)]
pub struct Schools {
    pub(crate) table: Arc<Table>,
    /// In the population (sector, territory, size, EP status).
    pub in_population: Vec<bool>,
    /// Index of each school's reason in `reasons` (0: in the population).
    pub(crate) population_reason: Vec<u32>,
    /// The distinct reasons, `reasons[0]` unused.
    pub(crate) reasons: Vec<String>,
    pub(crate) rules: Vec<RuleOutcome>,
    /// Eligible = in the population and the criteria hold.
    pub eligible: Vec<bool>,
    /// Need score (higher = more in need).
    pub score: Vec<f64>,
    /// Rank among the eligible schools of its budget group.
    pub rank: Vec<Option<usize>>,
    /// Selected.
    pub selected: Vec<bool>,
    /// Orphan, threshold detector.
    pub orphan_threshold: Vec<bool>,
    /// Orphan, cluster detector.
    pub orphan_cluster: Vec<bool>,
    /// Orphan, neighbourhood detector (all `false` when the detector is off).
    pub orphan_neighbourhood: Vec<bool>,
    /// Share of REP/REP+ among the nearest schools (NaN when the detector is off).
    pub ep_likeness: Vec<f64>,
    /// Cluster of each school, when clustered.
    pub cluster: Option<Vec<usize>>,
    pub(crate) budget: BudgetGroups,
}

impl Schools {
    /// Schools.
    pub fn len(&self) -> usize {
        self.eligible.len()
    }

    /// No school?
    pub fn is_empty(&self) -> bool {
        self.eligible.is_empty()
    }

    /// UAI of school `i`.
    pub fn uai(&self, i: usize) -> &Text {
        &self.table.uai[i]
    }

    /// The analysed rows the outcomes refer to.
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// Labels of the criteria school `i` fails.
    pub fn failed(&self, i: usize) -> impl Iterator<Item = &str> {
        self.rules
            .iter()
            .filter(move |r| !r.passed[i])
            .map(|r| r.label.as_str())
    }

    /// Every threshold the criteria applied: one per territory for relative thresholds, one for a fixed
    /// one (the numbers behind each school's explanation).
    pub fn thresholds(&self) -> Vec<ThresholdRow> {
        use super::spec::Within;
        let mut out = Vec::new();
        for r in &self.rules {
            let RuleKind::Compare {
                var,
                op,
                thresholds,
                territories,
                ..
            } = &r.kind
            else {
                continue;
            };
            let row = |level: &'static str, territory: &str, threshold: f64| ThresholdRow {
                criterion: r.label.clone(),
                variable: var.clone(),
                op: op.symbol(),
                level,
                territory: territory.to_string(),
                threshold,
            };
            match territories {
                None => out.push(row("fixed", "", thresholds[0])),
                Some((w, names)) => {
                    let level = match w {
                        Within::National => "national",
                        Within::Academie => "academie",
                        Within::Departement => "departement",
                    };
                    out.extend(names.iter().zip(thresholds).map(|(t, x)| row(level, t, *x)));
                }
            }
        }
        out
    }

    /// Why school `i` is not in the population (`None` when it is).
    pub fn population_reason(&self, i: usize) -> Option<&str> {
        match self.population_reason[i] {
            0 => None,
            r => Some(self.reasons[r as usize].as_str()),
        }
    }

    /// For an eligible school outside the budget, what would bring it in; for a school of the
    /// population that is not eligible, the criteria it fails.
    fn near_miss(&self, i: usize) -> Option<String> {
        match (self.eligible[i], self.selected[i], self.rank[i]) {
            (true, false, Some(r)) => {
                let t = self.budget.last[self.budget.code[i] as usize];
                t.is_finite().then(|| {
                    format!(
                        "outside the budget (rank {r} > {}): needs a score above {:.4} (+{:.4}) to enter",
                        self.budget.n,
                        t,
                        t - self.score[i]
                    )
                })
            }
            (false, _, _) if self.in_population[i] => {
                let failed: Vec<&str> = self.failed(i).collect();
                Some(format!("not eligible: fails {}", failed.join(", ")))
            }
            _ => None,
        }
    }

    /// Everything about school `i`, its explanation included.
    pub fn get(&self, i: usize) -> SchoolResult {
        let t = &self.table;
        let cluster = self.cluster.as_ref().map(|c| c[i]);
        let num = |c: &str| t.num(c).map_or(f64::NAN, |v| v[i]);
        SchoolResult {
            uai: t.uai[i].clone(),
            name: t.str("name", i).to_string(),
            academie: t.str("academie", i).to_string(),
            departement: t.str("departement", i).to_string(),
            ep_status: t.str("ep_status", i).to_string(),
            in_population: self.in_population[i],
            population_reason: self.population_reason(i).map(str::to_string),
            checks: self.rules.iter().map(|r| r.check(i, t, cluster)).collect(),
            eligible: self.eligible[i],
            score: self.score[i],
            rank: self.rank[i],
            selected: self.selected[i],
            orphan_threshold: self.orphan_threshold[i],
            orphan_cluster: self.orphan_cluster[i],
            orphan_neighbourhood: self.orphan_neighbourhood[i],
            ep_likeness: self.ep_likeness[i],
            cluster,
            near_miss: self.near_miss(i),
            longitude: num("longitude"),
            latitude: num("latitude"),
        }
    }

    /// Every school in order, each built by [`Self::get`].
    pub fn iter(&self) -> impl ExactSizeIterator<Item = SchoolResult> + '_ {
        (0..self.len()).map(move |i| self.get(i))
    }
}

impl<'a> IntoIterator for &'a Schools {
    type Item = SchoolResult;
    type IntoIter = Box<dyn ExactSizeIterator<Item = SchoolResult> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl Serialize for Schools {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}
