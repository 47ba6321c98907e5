//! The number of clusters of HCPC: a k the user fixed, checked against the data, or the range
//! `min..=max` in which the W(k)/W(k−1) rule chooses it, clamped to what the data allow.
//!
//! # FactoMineR's rules, followed exactly
//! `max = min(10, round(N / 2))` with R's `round` (half to even: `round(4.5) = 4`, `round(5.5) = 6`),
//! N the rows of the tree (the schools, or the `kk` groups), then `max = min(max, N − 1)`; `min = 3`; k
//! minimises `W(k)/W(k−1)` over `min..=max`, the first minimum on ties, undefined ratios (0/0) skipped
//! as `which.min` skips NaN.
//!
//! # Where FactoMineR's result is an accident, and what ciblage does instead
//! - **Duplicated schools.** k never exceeds the number of distinct schools m (identical active rows
//!   count once): beyond it, clusters would split identical schools apart (FactoMineR does so by
//!   rounding noise, and cuts 12 schools of 3 profiles into 6 clusters). With `m < N` the bound is m
//!   (the m groups of identical schools are a partition with W = 0), else N − 1.
//! - **min > max.** R evaluates `min:max` as a decreasing sequence (4 schools: `3:2`), which compares
//!   W(3)/W(2) with W(2)/W(1) and can even choose k = N, where the cut fails. ciblage raises a default
//!   max to min when the data allow min clusters (4 schools: k = 3, FactoMineR's answer), and lowers a
//!   default min to the largest possible k otherwise (3 schools: k = 2, where FactoMineR stops with an
//!   error) — each with a note.
//! - **Settings the user gave.** A fixed k above m, or a `min_k` above what the data allow, is refused
//!   ([`Error::SettingVsData`], exit code 2) instead of being silently replaced; a `max_k` above it is
//!   lowered (as FactoMineR does) with a note.

use crate::error::{Error, Result};

/// FactoMineR's default smallest number of clusters of the automatic rule (`HCPC(min = 3)`).
pub const DEFAULT_MIN_K: usize = 3;

/// What the data allow: rows of the tree, distinct schools, rows.
#[derive(Debug, Clone, Copy)]
pub struct Data {
    /// Rows clustered.
    pub n: usize,
    /// Leaves of the tree (`n`, the distinct points when identical schools are pre-merged, or `kk`).
    pub leaves: usize,
    /// The N of FactoMineR's default max (`n`, or the `kk` groups).
    pub base: usize,
    /// Distinct points (identical active rows count once), counted up to at least `leaves`.
    pub distinct: usize,
    /// Whether the leaves are `kk` pre-clusters.
    pub pre_clustered: bool,
}

impl Data {
    /// The largest k any rule may reach: the distinct schools when some are identical (their groups
    /// are a partition of within-inertia 0), else N − 1 as FactoMineR; with `kk`, the groups − 1.
    pub fn largest_k(&self) -> usize {
        if self.pre_clustered {
            self.leaves - 1
        } else if self.distinct < self.n {
            self.distinct
        } else {
            self.n - 1
        }
    }

    fn schools(&self) -> String {
        if self.distinct < self.n {
            format!("{} schools ({} distinct)", self.n, self.distinct)
        } else {
            format!("{} schools", self.n)
        }
    }
}

/// R's `round` (IEC 60559: halves to even).
pub fn r_round(x: f64) -> f64 {
    x.round_ties_even()
}

/// FactoMineR's default largest k: `min(10, round(base / 2))`.
pub fn default_max(base: usize) -> usize {
    10.min(r_round(base as f64 / 2.0) as usize)
}

/// Check a fixed k against the data.
pub fn check_k(k: usize, d: &Data) -> Result<()> {
    if d.pre_clustered && k > d.leaves {
        return Err(Error::SettingVsData {
            setting: "k",
            value: k,
            reason: format!(
                "the pre-clustering (--kk) gives only {} groups to the tree: choose k <= {} or a larger kk",
                d.leaves, d.leaves
            ),
        });
    }
    if k > d.distinct {
        return Err(Error::SettingVsData {
            setting: "k",
            value: k,
            reason: format!(
                "only {} distinct schools (identical active rows count once): choose k <= {} (--k, [clustering] k)",
                d.distinct, d.distinct
            ),
        });
    }
    Ok(())
}

/// The range of the automatic rule: `(min, max, notes)`. `min`/`max` are the values the user gave
/// (`None`: FactoMineR's defaults, 3 and [`default_max`]).
pub fn auto_range(
    min: Option<usize>,
    max: Option<usize>,
    d: &Data,
) -> Result<(usize, usize, Vec<String>)> {
    let hi = d.largest_k();
    let mut notes = Vec::new();
    if hi < 2 && d.pre_clustered {
        return Err(Error::NotEnoughRows {
            n: d.leaves,
            min: 3,
            what: "groups from the pre-clustering (--kk) for the automatic choice of k: use a larger kk or fix k".into(),
        });
    }
    if hi < 2 {
        return Err(Error::NotEnoughRows {
            n: d.distinct,
            min: 2,
            what: format!(
                "distinct schools to cluster: the {} schools have identical active values",
                d.n
            ),
        });
    }
    let mut lo = match min {
        Some(m) if m > hi => {
            return Err(Error::SettingVsData {
                setting: "min_k",
                value: m,
                reason: format!(
                "{} allow at most {hi} clusters: set min_k <= {hi} (--min-k, [clustering] min_k)",
                d.schools()
            ),
            })
        }
        Some(m) => m,
        None if DEFAULT_MIN_K > hi => {
            notes.push(format!(
                "min_k lowered from {DEFAULT_MIN_K} to {hi}: {} allow at most {hi} clusters",
                d.schools()
            ));
            hi
        }
        None => DEFAULT_MIN_K,
    };
    let mut up = match max {
        Some(m) if m > hi => {
            notes.push(format!(
                "max_k lowered from {m} to {hi}: {} allow at most {hi} clusters",
                d.schools()
            ));
            hi
        }
        Some(m) => m,
        None => {
            let m = default_max(d.base);
            if m > hi {
                if d.distinct < d.n {
                    notes.push(format!(
                        "max_k lowered from {m} to {hi}: only {} distinct schools",
                        d.distinct
                    ));
                }
                hi
            } else {
                m
            }
        }
    };
    if up < lo {
        if max.is_none() {
            notes.push(format!(
                "max_k raised from {up} (FactoMineR's min(10, round({} / 2))) to min_k = {lo}",
                d.base
            ));
            up = lo;
        } else {
            notes.push(format!("min_k lowered from {lo} to max_k = {up}"));
            lo = up;
        }
    }
    Ok((lo, up, notes))
}

/// The W(k)/W(k−1) rule: `(k, ratio)` for k in `lo..=hi` (`within[k-1]` = W(k)), and the k with the
/// smallest defined ratio (the first on ties; undefined ratios skipped, as R's `which.min` skips NaN),
/// `None` when no ratio is defined.
pub fn choose(within: &[f64], lo: usize, hi: usize) -> (Vec<(usize, f64)>, Option<usize>) {
    let ratios: Vec<(usize, f64)> = (lo.max(2)..=hi)
        .filter(|&k| k <= within.len())
        .map(|k| (k, within[k - 1] / within[k - 2]))
        .collect();
    let best = ratios.iter().filter(|(_, r)| r.is_finite()).fold(
        None::<(usize, f64)>,
        |b, &(k, r)| match b {
            Some((_, br)) if br <= r => b,
            _ => Some((k, r)),
        },
    );
    (ratios, best.map(|b| b.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(n: usize, distinct: usize) -> Data {
        Data {
            n,
            leaves: distinct,
            base: n,
            distinct,
            pre_clustered: false,
        }
    }

    #[test]
    fn default_max_rounds_halves_to_even_as_r() {
        // R: round(c(1.5, 2.5, 3.5, 4.5, 5.5, 6.5)) = 2 2 4 4 6 6.
        let got: Vec<usize> = [3, 5, 7, 9, 11, 13]
            .iter()
            .map(|&n| default_max(n))
            .collect();
        assert_eq!(got, vec![2, 2, 4, 4, 6, 6]);
        assert_eq!(default_max(244), 10);
        assert_eq!(default_max(19), 10);
        assert_eq!(default_max(17), 8);
    }

    #[test]
    fn small_and_duplicated_tables_clamp_defaults_and_refuse_explicit_settings() {
        // 4 schools: FactoMineR's max is 2 < min 3; k = 3 is possible: max raised.
        let (lo, hi, notes) = auto_range(None, None, &data(4, 4)).unwrap();
        assert_eq!((lo, hi), (3, 3));
        assert!(notes[0].contains("raised from 2"), "{notes:?}");
        // 3 schools: at most 2 clusters: min lowered.
        let (lo, hi, notes) = auto_range(None, None, &data(3, 3)).unwrap();
        assert_eq!((lo, hi), (2, 2));
        assert!(notes[0].contains("lowered from 3 to 2"), "{notes:?}");
        // An explicit min_k the data allow is kept, above the data refused (exit code 2).
        assert_eq!(auto_range(Some(3), None, &data(4, 4)).unwrap().0, 3);
        let e = auto_range(Some(500), None, &data(244, 244)).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let msg = e.to_string();
        assert!(
            msg.contains("min_k = 500 but 244 schools allow at most 243 clusters"),
            "{msg}"
        );
        assert!(msg.contains("--min-k"), "{msg}");
        // 12 schools, 3 profiles: k at most 3.
        let (lo, hi, notes) = auto_range(None, None, &data(12, 3)).unwrap();
        assert_eq!((lo, hi), (3, 3));
        assert!(
            notes.iter().any(|n| n.contains("only 3 distinct")),
            "{notes:?}"
        );
        let e = check_k(12, &data(20, 9)).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(
            e.to_string()
                .starts_with("k = 12 but only 9 distinct schools"),
            "{e}"
        );
        assert!(check_k(9, &data(20, 9)).is_ok());
        // One distinct school: nothing to choose.
        assert_eq!(
            auto_range(None, None, &data(5, 1)).unwrap_err().exit_code(),
            1
        );
        // An explicit max_k above the data is lowered, with a note.
        let (lo, hi, notes) = auto_range(None, Some(20), &data(10, 10)).unwrap();
        assert_eq!((lo, hi), (3, 9));
        assert!(notes[0].contains("max_k lowered from 20 to 9"), "{notes:?}");
    }

    #[test]
    fn undefined_ratios_are_skipped() {
        // W(1..=5) for 3 distinct profiles copied: W(4) = W(5) = 0.
        let within = [10.0, 4.0, 0.0, 0.0, 0.0];
        let (ratios, k) = choose(&within, 3, 5);
        assert_eq!(k, Some(3));
        assert!(ratios[1].1.is_nan() && ratios[2].1.is_nan());
        assert_eq!(choose(&[1.0, 0.0, 0.0], 3, 3).1, None);
        // First minimum on ties.
        assert_eq!(choose(&[8.0, 4.0, 2.0, 1.0], 2, 4).1, Some(2));
    }
}
