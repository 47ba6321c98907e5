//! The need coefficient `f` of each school under a rule: always positive, never smaller for a needier
//! school (need = the selection score, higher = needier, for the score rules; a lower IPS for the IPS
//! rules).
//!
//! - `proportional`, `transform = "rank"`: `f = m + 1 − r`, `r` the school's rank by score among the
//!   `m` schools of its envelope (1 = neediest; tied scores share their mean rank), so the neediest
//!   gets `m` and the least needy 1.
//! - `proportional`, `transform = "exp"`: `f = exp(z)`, `z` the score standardised over the schools of
//!   the envelope (population sd; all equal: `f = 1`).
//! - `classes`, `classes_of = "ips"`: IPS bands `bounds = [b₁ < … < b_k]`; a school with
//!   `b_j < IPS ≤ b_{j+1}` is in class `j` and gets `coefficients[j]` (k + 1 coefficients,
//!   non-increasing: a lower IPS never gets less).
//! - `classes`, `classes_of = "need"`: score classes cut at the quantiles `bounds` (R type 7, over the
//!   schools of the envelope); a school above `j` of the cut points gets `coefficients[j]`
//!   (non-decreasing).
//! - `progressive`: `f = c_max` for IPS ≤ `ips_bounds[0]`, `c_min` for IPS ≥ `ips_bounds[1]`, linear
//!   in between (`coefficients = [c_max, c_min]`, `c_max ≥ c_min > 0`).

use super::{ClassesOf, Rule, Transform};
use crate::select::context::quantile_unsorted;

/// The coefficient of each school (`score`, `ips` of the schools of one envelope; `ips` NaN only
/// under score rules).
pub fn coefficients(rule: &Rule, score: &[f64], ips: &[f64]) -> Vec<f64> {
    let m = score.len();
    match rule {
        Rule::Proportional {
            transform: Transform::Rank,
        } => {
            let mut idx: Vec<usize> = (0..m).collect();
            idx.sort_by(|&a, &b| score[b].total_cmp(&score[a]));
            let mut f = vec![0.0; m];
            let mut s = 0;
            while s < m {
                let mut e = s + 1;
                while e < m && score[idx[e]] == score[idx[s]] {
                    e += 1;
                }
                // Ranks s+1..=e share their mean.
                let mean_rank = (s + 1 + e) as f64 / 2.0;
                for &i in &idx[s..e] {
                    f[i] = m as f64 + 1.0 - mean_rank;
                }
                s = e;
            }
            f
        }
        Rule::Proportional {
            transform: Transform::Exp,
        } => {
            let mean = score.iter().sum::<f64>() / m.max(1) as f64;
            let var = score.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / m.max(1) as f64;
            let sd = var.sqrt();
            score
                .iter()
                .map(|x| {
                    if sd > 0.0 {
                        ((x - mean) / sd).exp()
                    } else {
                        1.0
                    }
                })
                .collect()
        }
        Rule::Classes {
            of: ClassesOf::Ips,
            bounds,
            coefficients,
        } => ips
            .iter()
            .map(|&x| coefficients[bounds.iter().filter(|&&b| x > b).count()])
            .collect(),
        Rule::Classes {
            of: ClassesOf::Need,
            bounds,
            coefficients,
        } => {
            let mut v = score.to_vec();
            let cuts: Vec<f64> = bounds
                .iter()
                .map(|&q| quantile_unsorted(&mut v, q))
                .collect();
            score
                .iter()
                .map(|&x| coefficients[cuts.iter().filter(|&&c| x > c).count()])
                .collect()
        }
        Rule::Progressive {
            ips_bounds,
            coefficients,
        } => {
            let (lo, hi) = (ips_bounds[0], ips_bounds[1]);
            let (cmax, cmin) = (coefficients[0], coefficients[1]);
            ips.iter()
                .map(|&x| {
                    if x <= lo {
                        cmax
                    } else if x >= hi {
                        cmin
                    } else {
                        cmax + (x - lo) / (hi - lo) * (cmin - cmax)
                    }
                })
                .collect()
        }
    }
}

/// Whether the rule reads the IPS (else the selection score).
pub fn reads_ips(rule: &Rule) -> bool {
    matches!(
        rule,
        Rule::Progressive { .. }
            | Rule::Classes {
                of: ClassesOf::Ips,
                ..
            }
    )
}

/// The rule in one line (English; the `rule` column of `allocation.csv`).
pub fn describe(rule: &Rule) -> String {
    let list = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match rule {
        Rule::Proportional {
            transform: Transform::Rank,
        } => "proportional to size x (m + 1 - need rank)".into(),
        Rule::Proportional {
            transform: Transform::Exp,
        } => "proportional to size x exp(standardised need score)".into(),
        Rule::Classes {
            of: ClassesOf::Ips,
            bounds,
            coefficients,
        } => format!(
            "size x coefficient of the IPS class (bounds {}; coefficients {})",
            list(bounds),
            list(coefficients)
        ),
        Rule::Classes {
            of: ClassesOf::Need,
            bounds,
            coefficients,
        } => format!(
            "size x coefficient of the need class (score quantiles {}; coefficients {})",
            list(bounds),
            list(coefficients)
        ),
        Rule::Progressive { ips_bounds, coefficients } => format!(
            "size x progressive coefficient of IPS ({} at IPS <= {}, {} at IPS >= {}, linear between)",
            coefficients[0], ips_bounds[0], coefficients[1], ips_bounds[1]
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_by_hand() {
        let score = [2.0, -1.0, 0.5, 0.5];
        let ips = [78.0, 112.0, 95.0, 100.0];
        let rank = Rule::Proportional {
            transform: Transform::Rank,
        };
        // Ranks by score: 1, 4, 2.5, 2.5 (tie) → f = 5 − r: 4, 1, 2.5, 2.5.
        assert_eq!(coefficients(&rank, &score, &ips), vec![4.0, 1.0, 2.5, 2.5]);
        let exp = Rule::Proportional {
            transform: Transform::Exp,
        };
        // Mean 0.5, population sd sqrt((2.25 + 2.25 + 0 + 0) / 4) = 1.0606…
        let sd = (4.5f64 / 4.0).sqrt();
        let f = coefficients(&exp, &score, &ips);
        assert!((f[0] - (1.5 / sd).exp()).abs() < 1e-12 && (f[2] - 1.0).abs() < 1e-12);
        let bands = Rule::Classes {
            of: ClassesOf::Ips,
            bounds: vec![90.0, 100.0],
            coefficients: vec![1.5, 1.2, 1.0],
        };
        // 78 ≤ 90 → 1.5; 112 > 100 → 1.0; 95 → 1.2; 100 is in (90, 100] → 1.2.
        assert_eq!(coefficients(&bands, &score, &ips), vec![1.5, 1.0, 1.2, 1.2]);
        let need = Rule::Classes {
            of: ClassesOf::Need,
            bounds: vec![0.5],
            coefficients: vec![1.0, 2.0],
        };
        // Median of (−1, 0.5, 0.5, 2) = 0.5: only 2.0 is above.
        assert_eq!(coefficients(&need, &score, &ips), vec![2.0, 1.0, 1.0, 1.0]);
        let prog = Rule::Progressive {
            ips_bounds: [80.0, 110.0],
            coefficients: [2.0, 1.0],
        };
        // 78 → 2; 112 → 1; 95 halfway → 1.5; 100 → 2 − 20/30 = 1.333….
        let f = coefficients(&prog, &score, &ips);
        assert_eq!(&f[..3], &[2.0, 1.0, 1.5]);
        assert!((f[3] - 4.0 / 3.0).abs() < 1e-12);
    }
}
