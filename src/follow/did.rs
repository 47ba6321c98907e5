//! Difference in differences on matched pairs, cohort by cohort (Callaway–Sant'Anna style): never one
//! two-way fixed-effects regression, which mixes cohorts with negative weights when entry is staggered.
//!
//! # Parameters
//! [`PairOutcomes`]: for each matched pair, the cohort (entry session `g`, the first session the
//! scheme can act on) and the outcome of the followed school and of its comparison school per session
//! (`None` = not published). [`DidParams`]: the confidence level [0.95].
//!
//! # Returns
//! [`DidResult`]: one [`Estimate`] per cohort and session (`ATT(g, t)`, `t ≠ g − 1`, sessions before
//! `g − 1` being the pre-entry placebo), and per event time `e = t − g` the cohorts aggregated with
//! weights proportional to their pairs; every estimate with its pairs, standard error, degrees of
//! freedom and interval, and the pairs left out with why.
//!
//! # Algorithm
//! Base session `g − 1` (the last before entry). For pair `p` of cohort `g` and session `t`:
//! `D_p = (Y_t − Y_{g−1})_followed − (Y_t − Y_{g−1})_comparison`; `ATT(g, t) = mean_p D_p`, its standard
//! error `sd(D) / √G` — the cluster-robust (CR1, `G/(G−1)` factor) error of `lm(ΔY ~ treated)` with
//! pairs as clusters, i.e. `sandwich::vcovCL(type = "HC0", cadjust = TRUE)`; R's default `HC1` adds the
//! factor `(N−1)/(N−K)` on top, which a paired design does not need — and the interval
//! `ATT ± t_{G−1, 0.975} · se` (Student's t with `G − 1` degrees of freedom). A pair with a value
//! missing at `t` or at `g − 1` is left out of that estimate, and counted. The aggregate at event time
//! `e` is `Σ_g w_g ATT(g, g + e)` with `w_g = G_g / Σ G`; cohorts are disjoint sets of schools, so its
//! variance is `Σ_g w_g² se_g²`, and its interval uses `t` with `Σ G − 1` degrees of freedom. A cohort
//! with fewer than 2 pairs has no standard error: it gets its point estimate only and stays out of the
//! aggregates (stated in `notes`). A method break between `g − 1` and `t` (see [`Break`]) means no
//! estimate: the series are not comparable.
//!
//! # Errors
//! A confidence level outside (0, 1) ([`Error::InvalidParam`]).
//!
//! # Examples
//! Two pairs entering in 2024, base 2023: `D = (+4 − 0) − (0 − 0) = 4` and `(+2) − (−2) = 4`:
//! ```
//! use ciblage::follow::did::{did, DidParams, PairOutcomes};
//! use std::collections::BTreeMap;
//!
//! let pair = |f: [f64; 2], c: [f64; 2]| PairOutcomes {
//!     followed: "A".into(),
//!     comparison: "B".into(),
//!     entry: 2024,
//!     followed_values: BTreeMap::from([(2023, Some(f[0])), (2024, Some(f[1]))]),
//!     comparison_values: BTreeMap::from([(2023, Some(c[0])), (2024, Some(c[1]))]),
//! };
//! let pairs = [pair([10.0, 14.0], [10.0, 10.0]), pair([8.0, 10.0], [9.0, 7.0])];
//! let r = did(&pairs, &[], &DidParams::new().check()?);
//! let e = r.cohorts.iter().find(|e| e.session == 2024).unwrap();
//! assert_eq!((e.att, e.pairs), (4.0, 2));
//! assert_eq!(e.se, Some(0.0));
//! # Ok::<(), ciblage::Error>(())
//! ```

use crate::error::{Error, Result};
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};
use std::collections::{BTreeMap, BTreeSet};

/// One matched pair's outcome over the sessions.
#[derive(Debug, Clone, PartialEq)]
pub struct PairOutcomes {
    /// UAI of the followed school.
    pub followed: String,
    /// UAI of its comparison school.
    pub comparison: String,
    /// Entry session `g`: the first session the scheme can act on.
    pub entry: i32,
    /// Outcome of the followed school per session (`None`: not published).
    pub followed_values: BTreeMap<i32, Option<f64>>,
    /// Outcome of the comparison school per session.
    pub comparison_values: BTreeMap<i32, Option<f64>>,
}

/// A method break: the series before `after` and from `after` on are not comparable (IPS ap2022 →
/// ap2023, IVAL old series → `gt_v2`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Break {
    /// First session of the new series.
    pub after: i32,
    /// What changed.
    pub what: String,
}

/// What [`did`] could not estimate, and why (English text by [`std::fmt::Display`], as in
/// `follow.json`; the report words it in its language).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Note {
    /// A change of series between the base session and `session`.
    Break {
        /// Cohort.
        cohort: i32,
        /// Session not estimated.
        session: i32,
        /// First session of the new series.
        after: i32,
        /// What changed.
        what: String,
    },
    /// No pair has values at `session` and at the base session.
    NoPair {
        /// Cohort.
        cohort: i32,
        /// Session.
        session: i32,
        /// Base session `g − 1`.
        base: i32,
    },
    /// One pair only: a point estimate without a standard error, left out of the aggregates.
    OnePair {
        /// Cohort.
        cohort: i32,
        /// Session.
        session: i32,
    },
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Note::Break {
                cohort,
                session,
                after,
                what,
            } => write!(
                f,
                "cohort {cohort}, session {session}: not estimated, the series changed in {after} ({what})"
            ),
            Note::NoPair {
                cohort,
                session,
                base,
            } => write!(
                f,
                "cohort {cohort}, session {session}: no pair has values at {session} and at the base session {base}"
            ),
            Note::OnePair { cohort, session } => write!(
                f,
                "cohort {cohort}, session {session}: one pair only, no standard error; left out of the aggregates"
            ),
        }
    }
}

/// Settings of [`did`].
#[derive(Debug, Clone, PartialEq)]
pub struct DidParams {
    level: f64,
}

/// Checked [`DidParams`].
#[derive(Debug, Clone, PartialEq)]
pub struct DidValidParams(DidParams);

impl Default for DidParams {
    fn default() -> Self {
        Self::new()
    }
}

impl DidParams {
    /// Defaults: 95 % intervals.
    pub fn new() -> Self {
        Self { level: 0.95 }
    }

    /// Confidence level of the intervals, in (0, 1).
    pub fn level(mut self, level: f64) -> Self {
        self.level = level;
        self
    }

    /// Check the settings.
    ///
    /// # Errors
    /// [`Error::InvalidParam`] for a level outside (0, 1) or not finite.
    pub fn check(self) -> Result<DidValidParams> {
        if !(self.level.is_finite() && self.level > 0.0 && self.level < 1.0) {
            return Err(Error::InvalidParam {
                name: "level",
                value: self.level.to_string(),
                reason: "a confidence level in (0, 1), e.g. 0.95".into(),
            });
        }
        Ok(DidValidParams(self))
    }
}

/// One estimate: a cohort at a session, or an event time over cohorts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// Cohort (entry session); `None` for an aggregate over cohorts.
    pub cohort: Option<i32>,
    /// Session `t` (for an aggregate: the latest session of its cohorts).
    pub session: i32,
    /// Event time `t − g` (−2 and below: pre-entry placebo; 0: first session under the scheme).
    pub event_time: i32,
    /// Average effect on the followed schools.
    pub att: f64,
    /// Pairs used.
    pub pairs: usize,
    /// Standard error (`None` with fewer than 2 pairs).
    pub se: Option<f64>,
    /// Degrees of freedom of the interval.
    pub df: Option<f64>,
    /// Interval bounds.
    pub low: Option<f64>,
    /// Interval bounds.
    pub high: Option<f64>,
    /// Pairs left out (a value missing at `t` or at the base session).
    pub pairs_missing: usize,
}

/// What [`did`] gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DidResult {
    /// Confidence level of the intervals.
    pub level: f64,
    /// `ATT(g, t)` for each cohort and session other than the base.
    pub cohorts: Vec<Estimate>,
    /// Per event time, the cohorts aggregated (weights ∝ pairs).
    pub events: Vec<Estimate>,
    /// What was not estimated and why.
    pub notes: Vec<Note>,
}

/// Student's t quantile for a two-sided interval at `level` with `df` degrees of freedom.
pub fn t_quantile(level: f64, df: f64) -> Option<f64> {
    let t = StudentsT::new(0.0, 1.0, df).ok()?;
    Some(t.inverse_cdf(0.5 + level / 2.0))
}

fn estimate(
    cohort: Option<i32>,
    session: i32,
    event_time: i32,
    d: &[f64],
    missing: usize,
    level: f64,
) -> Estimate {
    let g = d.len();
    let att = d.iter().sum::<f64>() / g as f64;
    let (se, df) = if g >= 2 {
        let var = d.iter().map(|x| (x - att).powi(2)).sum::<f64>() / (g - 1) as f64;
        (Some((var / g as f64).sqrt()), Some((g - 1) as f64))
    } else {
        (None, None)
    };
    let q = df.and_then(|df| t_quantile(level, df));
    let (low, high) = match (se, q) {
        (Some(s), Some(q)) => (Some(att - q * s), Some(att + q * s)),
        _ => (None, None),
    };
    Estimate {
        cohort,
        session,
        event_time,
        att,
        pairs: g,
        se,
        df,
        low,
        high,
        pairs_missing: missing,
    }
}

/// Does a break separate sessions `a` and `b`?
fn crosses(breaks: &[Break], a: i32, b: i32) -> Option<&Break> {
    let (lo, hi) = (a.min(b), a.max(b));
    breaks.iter().find(|k| lo < k.after && k.after <= hi)
}

/// Estimate the effects: see the module docs.
pub fn did(pairs: &[PairOutcomes], breaks: &[Break], p: &DidValidParams) -> DidResult {
    let level = p.0.level;
    let mut notes = Vec::new();
    let cohorts: BTreeSet<i32> = pairs.iter().map(|q| q.entry).collect();
    let mut per_cohort = Vec::new();
    for &g in &cohorts {
        let members: Vec<&PairOutcomes> = pairs.iter().filter(|q| q.entry == g).collect();
        let base = g - 1;
        let sessions: BTreeSet<i32> = members
            .iter()
            .flat_map(|q| q.followed_values.keys().chain(q.comparison_values.keys()))
            .copied()
            .filter(|&t| t != base)
            .collect();
        for t in sessions {
            if let Some(b) = crosses(breaks, base, t) {
                notes.push(Note::Break {
                    cohort: g,
                    session: t,
                    after: b.after,
                    what: b.what.clone(),
                });
                continue;
            }
            let mut d = Vec::new();
            let mut missing = 0;
            for q in &members {
                let get = |m: &BTreeMap<i32, Option<f64>>, s: i32| m.get(&s).copied().flatten();
                match (
                    get(&q.followed_values, t),
                    get(&q.followed_values, base),
                    get(&q.comparison_values, t),
                    get(&q.comparison_values, base),
                ) {
                    (Some(ft), Some(fb), Some(ct), Some(cb)) => d.push((ft - fb) - (ct - cb)),
                    _ => missing += 1,
                }
            }
            if d.is_empty() {
                notes.push(Note::NoPair {
                    cohort: g,
                    session: t,
                    base,
                });
                continue;
            }
            if d.len() < 2 {
                notes.push(Note::OnePair {
                    cohort: g,
                    session: t,
                });
            }
            per_cohort.push(estimate(Some(g), t, t - g, &d, missing, level));
        }
    }
    // Aggregates per event time over the cohorts with a standard error.
    let mut events = Vec::new();
    let times: BTreeSet<i32> = per_cohort.iter().map(|e| e.event_time).collect();
    for e in times {
        let parts: Vec<&Estimate> = per_cohort
            .iter()
            .filter(|x| x.event_time == e && x.se.is_some())
            .collect();
        if parts.is_empty() {
            continue;
        }
        let total: usize = parts.iter().map(|x| x.pairs).sum();
        let w = |x: &Estimate| x.pairs as f64 / total as f64;
        let att = parts.iter().map(|x| w(x) * x.att).sum::<f64>();
        let var = parts
            .iter()
            .map(|x| (w(x) * x.se.unwrap_or(0.0)).powi(2))
            .sum::<f64>();
        let se = var.sqrt();
        let df = (total - 1) as f64;
        let q = t_quantile(level, df);
        events.push(Estimate {
            cohort: None,
            session: parts.iter().map(|x| x.session).max().unwrap_or_default(),
            event_time: e,
            att,
            pairs: total,
            se: Some(se),
            df: Some(df),
            low: q.map(|q| att - q * se),
            high: q.map(|q| att + q * se),
            pairs_missing: parts.iter().map(|x| x.pairs_missing).sum(),
        });
    }
    DidResult {
        level,
        cohorts: per_cohort,
        events,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(entry: i32, f: &[(i32, Option<f64>)], c: &[(i32, Option<f64>)]) -> PairOutcomes {
        PairOutcomes {
            followed: "F".into(),
            comparison: "C".into(),
            entry,
            followed_values: f.iter().copied().collect(),
            comparison_values: c.iter().copied().collect(),
        }
    }

    #[test]
    fn hand_computed_paired_estimate_and_interval() {
        // D = 3, 5, 1 (base 2023, t = 2024): mean 3, sd 2, se 2/√3, t(2, 0.975) = 4.302653.
        let ps = [
            pair(
                2024,
                &[(2023, Some(10.0)), (2024, Some(13.0))],
                &[(2023, Some(5.0)), (2024, Some(5.0))],
            ),
            pair(
                2024,
                &[(2023, Some(0.0)), (2024, Some(6.0))],
                &[(2023, Some(1.0)), (2024, Some(2.0))],
            ),
            pair(
                2024,
                &[(2023, Some(2.0)), (2024, Some(2.0))],
                &[(2023, Some(2.0)), (2024, Some(1.0))],
            ),
        ];
        let r = did(&ps, &[], &DidParams::new().check().unwrap());
        let e = &r.cohorts[0];
        assert_eq!((e.session, e.event_time, e.pairs), (2024, 0, 3));
        assert!((e.att - 3.0).abs() < 1e-12);
        let se = 2.0 / 3f64.sqrt();
        assert!((e.se.unwrap() - se).abs() < 1e-12);
        assert!((e.low.unwrap() - (3.0 - 4.302652729749464 * se)).abs() < 1e-9);
        assert!((e.high.unwrap() - (3.0 + 4.302652729749464 * se)).abs() < 1e-9);
        // One cohort: the aggregate is the cohort.
        assert_eq!(r.events.len(), 1);
        assert!((r.events[0].att - 3.0).abs() < 1e-12);
    }

    #[test]
    fn staggered_cohorts_aggregate_with_pair_weights_and_missing_pairs_are_counted() {
        let ps = [
            // cohort 2023 (base 2022): D at 2023 = 2, 4.
            pair(
                2023,
                &[(2022, Some(0.0)), (2023, Some(2.0))],
                &[(2022, Some(0.0)), (2023, Some(0.0))],
            ),
            pair(
                2023,
                &[(2022, Some(0.0)), (2023, Some(4.0))],
                &[(2022, Some(0.0)), (2023, Some(0.0))],
            ),
            // cohort 2024 (base 2023): D at 2024 = 1, 1, 4; one pair missing at 2024.
            pair(
                2024,
                &[(2023, Some(0.0)), (2024, Some(1.0))],
                &[(2023, Some(0.0)), (2024, Some(0.0))],
            ),
            pair(
                2024,
                &[(2023, Some(0.0)), (2024, Some(1.0))],
                &[(2023, Some(0.0)), (2024, Some(0.0))],
            ),
            pair(
                2024,
                &[(2023, Some(0.0)), (2024, Some(4.0))],
                &[(2023, Some(0.0)), (2024, Some(0.0))],
            ),
            pair(
                2024,
                &[(2023, Some(0.0)), (2024, None)],
                &[(2023, Some(0.0)), (2024, Some(0.0))],
            ),
        ];
        let r = did(&ps, &[], &DidParams::new().check().unwrap());
        let c24 = r
            .cohorts
            .iter()
            .find(|e| e.cohort == Some(2024) && e.session == 2024)
            .unwrap();
        assert_eq!((c24.pairs, c24.pairs_missing), (3, 1));
        let e0 = r.events.iter().find(|e| e.event_time == 0).unwrap();
        // weights 2/5 and 3/5: 0.4 · 3 + 0.6 · 2 = 2.4.
        assert!((e0.att - 2.4).abs() < 1e-12);
        assert_eq!(e0.pairs, 5);
        // var = 0.4² · (2/2) + 0.6² · (3/3) where se² = s²/G: s² = 2 (cohort 2023), 3 (cohort 2024).
        let var: f64 = 0.16 * (2.0 / 2.0) + 0.36 * (3.0 / 3.0);
        assert!((e0.se.unwrap() - var.sqrt()).abs() < 1e-12);
        assert_eq!(e0.df, Some(4.0));
    }

    #[test]
    fn no_estimate_across_a_method_break() {
        let ps = [
            pair(
                2023,
                &[(2022, Some(0.0)), (2023, Some(2.0))],
                &[(2022, Some(0.0)), (2023, Some(0.0))],
            ),
            pair(
                2023,
                &[(2022, Some(0.0)), (2023, Some(4.0))],
                &[(2022, Some(0.0)), (2023, Some(0.0))],
            ),
        ];
        let b = [Break {
            after: 2023,
            what: "new series".into(),
        }];
        let r = did(&ps, &b, &DidParams::new().check().unwrap());
        assert!(r.cohorts.is_empty());
        assert!(
            r.notes[0].to_string().contains("series changed in 2023"),
            "{:?}",
            r.notes
        );
    }

    #[test]
    fn levels_outside_the_unit_interval_are_refused() {
        for l in [0.0, 1.0, f64::NAN, -0.5] {
            assert!(DidParams::new().level(l).check().is_err());
        }
    }
}
