//! Group trajectories: the followed schools and their comparison schools, each group's mean with its
//! interval at each event time (sessions counted from entry), per indicator — and the balance of the
//! two groups before entry.
//!
//! # Parameters
//! The panel, the matched pairs (a followed school enters with its comparison school, both aligned on
//! the followed school's entry session `g`), the indicators, the confidence level.
//!
//! # Returns
//! [`GroupPoint`]s sorted by indicator, stretch of series, event time and group: `n` schools with a
//! value, their mean, standard deviation (`n − 1` denominator) and the interval
//! `mean ± t_{n−1} · sd / √n` (Student's t; none with fewer than 2 schools). [`BalanceRow`]s: at each
//! pre-entry event time, both groups side by side with the standardised mean difference
//! `SMD = (mean_f − mean_c) / √((sd_f² + sd_c²) / 2)` (Austin 2009; |SMD| < 0.1 is the usual mark of
//! balance).
//!
//! # Algorithm
//! Event time `e = t − g`. Values of a session enter the mean of the stretch of series the session
//! lies in ([`Panel::segment`]): two stretches are never averaged together nor joined by a line, so
//! no trajectory crosses a method break. Only the schools of the pairs are counted (a followed school
//! without a comparison school is in neither group: its row is in `unmatched.csv`).
//!
//! # Example
//! Two pairs entering in 2024; followed values 10 and 14 at 2023: mean 12, sd 2√2, interval
//! `12 ± 12.706 · 2` at 95 %.
//! ```
//! use ciblage::follow::trajectory::{summary};
//! let s = summary(&[10.0, 14.0], 0.95);
//! assert_eq!((s.n, s.mean), (2, 12.0));
//! assert!((s.low.unwrap() - (12.0 - 12.706204736174707 * 2.0)).abs() < 1e-9);
//! ```

use super::did::t_quantile;
use super::matching::Pair;
use super::panel::Panel;
use serde::Serialize;
use std::collections::BTreeMap;

/// Followed or comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    /// The followed schools.
    Followed,
    /// Their comparison schools.
    Comparison,
}

impl Group {
    /// `followed` / `comparison`, as in the CSV files.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Followed => "followed",
            Group::Comparison => "comparison",
        }
    }
}

/// Mean, standard deviation and interval of some values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Values.
    pub n: usize,
    /// Mean.
    pub mean: f64,
    /// Standard deviation (`n − 1` denominator; `None` with fewer than 2 values).
    pub sd: Option<f64>,
    /// Interval bounds (`None` with fewer than 2 values).
    pub low: Option<f64>,
    /// Interval bounds.
    pub high: Option<f64>,
}

/// Mean, sd and the Student interval at `level` of `v` (not empty).
pub fn summary(v: &[f64], level: f64) -> Summary {
    let n = v.len();
    let mean = v.iter().sum::<f64>() / n as f64;
    let sd = (n >= 2)
        .then(|| (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt());
    let half =
        sd.and_then(|s| t_quantile(level, (n - 1) as f64).map(|q| q * s / (n as f64).sqrt()));
    Summary {
        n,
        mean,
        sd,
        low: half.map(|h| mean - h),
        high: half.map(|h| mean + h),
    }
}

/// One group's mean at one event time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupPoint {
    /// Indicator.
    pub indicator: String,
    /// Stretch of series (0 before the indicator's first break).
    pub segment: usize,
    /// Series of that stretch.
    pub series: String,
    /// Event time `t − g` (−1: the last session before entry; 0: the first under the scheme).
    pub event_time: i32,
    /// Group.
    pub group: Group,
    /// The values' summary.
    #[serde(flatten)]
    pub stats: Summary,
}

/// The group trajectories: see the module docs.
pub fn trajectories(
    panel: &Panel,
    pairs: &[Pair],
    indicators: &[String],
    level: f64,
) -> Vec<GroupPoint> {
    // (indicator, stretch, event time, group) → (series, values).
    type Cells<'a> = BTreeMap<(&'a str, usize, i32, Group), (&'a str, Vec<f64>)>;
    let series = panel.series_of();
    let mut cells: Cells = BTreeMap::new();
    for ind in indicators {
        for &t in &panel.sessions {
            let Some(&s) = series.get(&(ind.as_str(), t)) else {
                continue;
            };
            let seg = panel.segment(ind, t);
            for p in pairs {
                for (g, uai) in [
                    (Group::Followed, &p.followed),
                    (Group::Comparison, &p.comparison),
                ] {
                    if let Some(v) = panel.value(uai, t, ind) {
                        cells
                            .entry((ind.as_str(), seg, t - p.entry, g))
                            .or_insert((s, Vec::new()))
                            .1
                            .push(v);
                    }
                }
            }
        }
    }
    cells
        .into_iter()
        .map(|((ind, segment, event_time, group), (s, v))| GroupPoint {
            indicator: ind.to_string(),
            segment,
            series: s.to_string(),
            event_time,
            group,
            stats: summary(&v, level),
        })
        .collect()
}

/// The two groups at one pre-entry event time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BalanceRow {
    /// Indicator.
    pub indicator: String,
    /// Stretch of series.
    pub segment: usize,
    /// Series.
    pub series: String,
    /// Event time (< 0).
    pub event_time: i32,
    /// Followed schools.
    pub followed: Summary,
    /// Comparison schools.
    pub comparison: Summary,
    /// Standardised mean difference (`None` when a group has fewer than 2 values or both sds are 0).
    pub smd: Option<f64>,
}

/// The balance before entry, from the trajectories: see the module docs.
pub fn balance(points: &[GroupPoint]) -> Vec<BalanceRow> {
    let mut out = Vec::new();
    for f in points
        .iter()
        .filter(|p| p.event_time < 0 && p.group == Group::Followed)
    {
        let Some(c) = points.iter().find(|c| {
            c.group == Group::Comparison
                && (c.indicator.as_str(), c.segment, c.event_time)
                    == (f.indicator.as_str(), f.segment, f.event_time)
        }) else {
            continue;
        };
        let smd = match (f.stats.sd, c.stats.sd) {
            (Some(a), Some(b)) if a * a + b * b > 0.0 => {
                Some((f.stats.mean - c.stats.mean) / ((a * a + b * b) / 2.0).sqrt())
            }
            _ => None,
        };
        out.push(BalanceRow {
            indicator: f.indicator.clone(),
            segment: f.segment,
            series: f.series.clone(),
            event_time: f.event_time,
            followed: f.stats.clone(),
            comparison: c.stats.clone(),
            smd,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::did::Break;
    use super::super::panel::test_panel as panel;
    use super::*;

    fn pair(f: &str, c: &str, entry: i32) -> Pair {
        Pair {
            followed: f.into(),
            comparison: c.into(),
            entry,
            distance: None,
        }
    }

    /// Three pairs, two cohorts; by hand:
    /// - followed at e = −1: F1 2023 → 10, F2 2023 → 14, F3 (entry 2023) 2022 → 6: mean 10, sd 4,
    ///   interval 10 ± 4.302653 · 4/√3;
    /// - comparison at e = −1: 9, 11, 7: mean 9, sd 2: SMD = (10 − 9)/√((16 + 4)/2) = 0.316228;
    /// - followed at e = 0: F1 12, F2 missing, F3 (2023) 8: n = 2, mean 10, sd 2√2, 10 ± 12.7062 · 2;
    /// - at e = −2 only F1 (6) and C1 (5): one school per group, no interval, no SMD.
    fn example() -> (Panel, Vec<Pair>) {
        let p = panel(
            &[
                ("F1", 2022, Some(6.0)),
                ("F1", 2023, Some(10.0)),
                ("F1", 2024, Some(12.0)),
                ("F2", 2023, Some(14.0)),
                ("F2", 2024, None),
                ("F3", 2022, Some(6.0)),
                ("F3", 2023, Some(8.0)),
                ("C1", 2022, Some(5.0)),
                ("C1", 2023, Some(9.0)),
                ("C1", 2024, Some(9.0)),
                ("C2", 2023, Some(11.0)),
                ("C2", 2024, Some(13.0)),
                ("C3", 2022, Some(7.0)),
                ("C3", 2023, Some(7.0)),
            ],
            &|_| "ivac",
        );
        (
            p,
            vec![
                pair("F1", "C1", 2024),
                pair("F2", "C2", 2024),
                pair("F3", "C3", 2023),
            ],
        )
    }

    fn at(v: &[GroupPoint], e: i32, g: Group) -> &Summary {
        &v.iter()
            .find(|p| p.event_time == e && p.group == g)
            .unwrap()
            .stats
    }

    #[test]
    fn hand_computed_means_and_intervals_aligned_on_entry() {
        let (p, pairs) = example();
        let v = trajectories(&p, &pairs, &["va".into()], 0.95);
        let f = at(&v, -1, Group::Followed);
        assert_eq!((f.n, f.mean, f.sd), (3, 10.0, Some(4.0)));
        let half = 4.302652729749464 * 4.0 / 3f64.sqrt();
        assert!((f.low.unwrap() - (10.0 - half)).abs() < 1e-9);
        assert!((f.high.unwrap() - (10.0 + half)).abs() < 1e-9);
        let f0 = at(&v, 0, Group::Followed);
        assert_eq!((f0.n, f0.mean), (2, 10.0));
        assert!((f0.sd.unwrap() - 8f64.sqrt()).abs() < 1e-12);
        assert!((f0.high.unwrap() - (10.0 + 12.706204736174707 * 2.0)).abs() < 1e-9);
        // e = −2: F1 alone (F2 has no 2022 row, F3's 2021 is not in the panel): no interval.
        let f2 = at(&v, -2, Group::Followed);
        assert_eq!((f2.n, f2.mean, f2.sd, f2.low), (1, 6.0, None, None));
        let c0 = at(&v, 0, Group::Comparison);
        assert_eq!((c0.n, c0.mean), (3, 29.0 / 3.0));
    }

    #[test]
    fn balance_before_entry_with_the_standardised_difference() {
        let (p, pairs) = example();
        let b = balance(&trajectories(&p, &pairs, &["va".into()], 0.95));
        let r = b.iter().find(|r| r.event_time == -1).unwrap();
        assert_eq!((r.followed.mean, r.comparison.mean), (10.0, 9.0));
        assert_eq!(r.comparison.sd, Some(2.0));
        assert!((r.smd.unwrap() - 1.0 / 10f64.sqrt()).abs() < 1e-12);
        // e = −2: one school per group, no sd, no SMD; no row after entry.
        let r2 = b.iter().find(|r| r.event_time == -2).unwrap();
        assert_eq!(
            (r2.followed.mean, r2.comparison.mean, r2.smd),
            (6.0, 5.0, None)
        );
        assert!(b.iter().all(|r| r.event_time < 0));
    }

    #[test]
    fn no_mean_mixes_two_series() {
        let (mut p, pairs) = example();
        let series = |s: i32| if s >= 2024 { "new" } else { "old" };
        for r in &mut p.rows {
            r.series = series(r.session).into();
        }
        p.breaks.insert(
            "va".into(),
            vec![Break {
                after: 2024,
                what: "old → new".into(),
            }],
        );
        let v = trajectories(&p, &pairs, &["va".into()], 0.95);
        // e = 0 is 2024 (new series) for the 2024 cohort and 2023 (old) for F3: two points.
        let e0: Vec<&GroupPoint> = v
            .iter()
            .filter(|x| x.event_time == 0 && x.group == Group::Followed)
            .collect();
        assert_eq!(e0.len(), 2);
        assert_eq!((e0[0].segment, e0[0].series.as_str()), (0, "old"));
        assert_eq!((e0[0].stats.n, e0[0].stats.mean), (1, 8.0));
        assert_eq!((e0[1].segment, e0[1].series.as_str()), (1, "new"));
        assert_eq!((e0[1].stats.n, e0[1].stats.mean), (1, 12.0));
    }
}
