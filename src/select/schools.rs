//! Per-school outcomes of a selection, kept in columns; the explanation of a school is written when it is
//! asked for.
//!
//! A selection over a million schools holds, per school, a few flags and numbers (population, each
//! criterion's outcome, eligibility, score, rank, orphan flags) rather than a million sets of sentences:
//! [`Schools::get`] builds one school's [`SchoolResult`] — with every criterion's value, threshold,
//! outcome and readable line, and the near-miss note — from these columns and the analysed table, which
//! is shared with the analysis, not copied.

use super::spec::Op;
use super::words::{self, PopulationReason, Stat};
use super::SchoolResult;
use crate::data::table::{Table, Text};
use crate::i18n::{Labels, Lang};
use serde::{Serialize, Serializer};
use std::sync::Arc;

/// One criterion applied to one school.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// Criterion label.
    pub criterion: String,
    /// The school's value.
    pub value: Option<f64>,
    /// Threshold applied.
    pub threshold: Option<f64>,
    /// Outcome.
    pub passed: bool,
    /// Readable line: `ips 78.4 <= 82.1 (median of ips, académie NANTES): yes`.
    pub text: String,
}

/// How a criterion was applied, for its explanation.
#[derive(Debug, Clone)]
pub(crate) enum RuleKind {
    /// `var op threshold`; the threshold is fixed (`codes` = `None`, `thresholds[0]`) or per territory
    /// code (`stat` of the territory `territories.1[code]`).
    Compare {
        var: String,
        op: Op,
        values: Vec<f64>,
        thresholds: Vec<f64>,
        codes: Option<Vec<u32>>,
        /// The statistic of a relative threshold.
        stat: Option<Stat>,
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

    /// The criterion for school `i`, with its readable line in the language of `l`.
    fn check(&self, i: usize, table: &Table, cluster: Option<usize>, l: &Labels) -> Check {
        let label = &self.label;
        let passed = self.passed[i];
        let (value, threshold, text) = match &self.kind {
            RuleKind::Compare {
                var,
                op,
                values,
                codes,
                stat,
                territories,
                ..
            } => {
                let (x, th) = (values[i], self.threshold(i).unwrap_or(f64::NAN));
                let relative = match (stat, territories, codes) {
                    (Some(st), Some((w, names)), Some(c)) => {
                        Some((*st, *w, names[c[i] as usize].as_str()))
                    }
                    _ => None,
                };
                let mut text = words::compare_line(label, var, x, *op, th, relative, passed, l);
                // A mean over several sessions shows each session's value.
                let parts = crate::data::sessions::parts(table, var);
                if !parts.is_empty() {
                    let v: Vec<(&str, f64)> = parts
                        .iter()
                        .map(|(s, c)| (*s, table.num(c).map_or(f64::NAN, |v| v[i])))
                        .collect();
                    text.push_str(&words::session_values(&v, l));
                }
                (Some(x).filter(|x| !x.is_nan()), Some(th), text)
            }
            RuleKind::Clusters { chosen } => {
                let c = cluster.unwrap_or(0);
                (
                    Some(c as f64),
                    None,
                    words::cluster_line(label, c, chosen, passed, l),
                )
            }
            RuleKind::Ep { want } => {
                let st = table.str("ep_status", i);
                (None, None, words::ep_line(label, st, want, passed, l))
            }
        };
        Check {
            criterion: words::criterion_label(label, l).into_owned(),
            value,
            threshold,
            passed,
            text,
        }
    }
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
    /// Places of each group taken by committee inclusions (empty: none), so the rules had
    /// `n - reserved[g]`.
    pub reserved: Vec<usize>,
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
    pub(crate) reasons: Vec<PopulationReason>,
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
    /// Per school, 1 + the index of its committee decision in `decisions` (0: none; empty: no
    /// decisions file).
    pub(crate) decision: Vec<u32>,
    pub(crate) decisions: Option<Arc<super::decisions::Decisions>>,
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

    /// The committee decision on school `i`, if any.
    pub fn decision(&self, i: usize) -> Option<&super::decisions::Decision> {
        let c = *self.decision.get(i)?;
        let d = self.decisions.as_ref()?;
        (c > 0).then(|| &d.rows[c as usize - 1])
    }

    /// The committee decision on school `i` in one line, in English (`included by decision: …`).
    pub fn get_decision_line(&self, i: usize) -> Option<String> {
        Some(self.decision(i)?.line(&Labels::new(Lang::En)))
    }

    /// Why school `i` is not in the population (`None` when it is).
    pub fn population_reason(&self, i: usize) -> Option<&PopulationReason> {
        match self.population_reason[i] {
            0 => None,
            r => Some(&self.reasons[r as usize]),
        }
    }

    /// For an eligible school outside the budget, what would bring it in; for a school of the
    /// population that is not eligible, the criteria it fails.
    fn near_miss(&self, i: usize, l: &Labels) -> Option<String> {
        if self.decision(i).is_some() {
            return None;
        }
        match (self.eligible[i], self.selected[i], self.rank[i]) {
            (true, false, Some(r)) => {
                let g = self.budget.code[i] as usize;
                let t = self.budget.last[g];
                // The places the rules filled: the budget less the committee's inclusions.
                let n = (self.budget.n)
                    .saturating_sub(self.budget.reserved.get(g).copied().unwrap_or(0));
                t.is_finite()
                    .then(|| words::outside_budget(r, n, t, self.score[i], l))
            }
            (false, _, _) if self.in_population[i] => Some(words::not_eligible(self.failed(i), l)),
            _ => None,
        }
    }

    /// Everything about school `i`, its explanation included (in English, as in the CSV files).
    pub fn get(&self, i: usize) -> SchoolResult {
        self.get_in(i, &Labels::new(Lang::En))
    }

    /// Everything about school `i`, its explanation in the language and with the labels of `l`.
    pub fn get_in(&self, i: usize, l: &Labels) -> SchoolResult {
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
            population_reason: self.population_reason(i).map(|r| r.text(l)),
            checks: self
                .rules
                .iter()
                .map(|r| r.check(i, t, cluster, l))
                .collect(),
            eligible: self.eligible[i],
            score: self.score[i],
            rank: self.rank[i],
            selected: self.selected[i],
            orphan_threshold: self.orphan_threshold[i],
            orphan_cluster: self.orphan_cluster[i],
            orphan_neighbourhood: self.orphan_neighbourhood[i],
            ep_likeness: self.ep_likeness[i],
            cluster,
            near_miss: self.near_miss(i, l),
            decision: self.decision(i).cloned(),
            longitude: num("longitude"),
            latitude: num("latitude"),
            lang: l.lang,
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
