//! The concentration (Lorenz) curve of an allocation against need, and its concentration index: does
//! the envelope go more than proportionally to the least advantaged schools?
//!
//! # Parameters
//! The shares of one envelope (or of any group of schools).
//!
//! # Returns
//! [`Concentration`]: the curve's points from `(0, 0)` to `(1, 1)` — schools ordered from the least
//! advantaged (lowest IPS; by need score, highest first, when a school has no IPS), `x` the cumulative
//! share of the size (pupils, classes or divisions), `y` the cumulative share of the amount — and the
//! concentration index.
//!
//! # Algorithm
//! The concentration curve of health economics (Kakwani, Wagstaff & van Doorslaer 1997; O'Donnell et
//! al., *Analyzing Health Equity Using Household Survey Data*, World Bank 2008, ch. 7) with the
//! population weighted by size: `C = 1 − 2·A`, `A` the area under the curve by the trapezoid rule.
//! `C = 0` when every school gets the same amount per unit of size; `C < 0` when the amounts are
//! concentrated on the least advantaged schools (a progressive allocation: the curve lies above the
//! diagonal); `C > 0` when on the most advantaged; `|C| < 1`. Ties in the order: UAI.

use super::Share;

/// A concentration curve and its index.
#[derive(Debug, Clone, PartialEq)]
pub struct Concentration {
    /// `(cumulative share of size, cumulative share of amount)`, from `(0, 0)` to `(1, 1)`, one point
    /// per school after the origin.
    pub points: Vec<(f64, f64)>,
    /// `1 − 2·A` (NaN with no school, no size or no amount).
    pub index: f64,
    /// Ordered by IPS (`false`: by need score, some school having no IPS).
    pub by_ips: bool,
}

/// The concentration curve of `shares` (see the module documentation).
///
/// # Examples
/// ```
/// use ciblage::select::allocation::lorenz::concentration;
/// # use ciblage::select::allocation::{Candidate, Share};
/// # let share = |uai: &str, ips: f64, size: f64, amount: f64| Share {
/// #     school: Candidate { uai: uai.into(), name: String::new(), academie: String::new(),
/// #         departement: String::new(), level: String::new(), score: 0.0, ips, size,
/// #         decision: String::new() },
/// #     group: String::new(), coefficient: 1.0, weight: size, amount, per_size: amount / size };
/// // Two schools of 100 pupils: the one with the lower IPS gets 30 hours of 40.
/// let s = [share("0440001A", 110.0, 100.0, 10.0), share("0440002B", 80.0, 100.0, 30.0)];
/// let c = concentration(&s.iter().collect::<Vec<_>>());
/// assert_eq!(c.points, vec![(0.0, 0.0), (0.5, 0.75), (1.0, 1.0)]);
/// // A = (0.5·0.75 + 0.5·(0.75 + 1)) / 2 = 0.625, C = 1 − 2A = −0.25.
/// assert!((c.index + 0.25).abs() < 1e-12);
/// ```
pub fn concentration(shares: &[&Share]) -> Concentration {
    let by_ips = shares.iter().all(|s| s.school.ips.is_finite());
    let mut order: Vec<&Share> = shares.to_vec();
    order.sort_by(|a, b| {
        let need = if by_ips {
            a.school.ips.total_cmp(&b.school.ips)
        } else {
            b.school.score.total_cmp(&a.school.score)
        };
        need.then_with(|| a.school.uai.cmp(&b.school.uai))
    });
    let size: f64 = order.iter().map(|s| s.school.size).sum();
    let amount: f64 = order.iter().map(|s| s.amount).sum();
    let mut points = vec![(0.0, 0.0)];
    if !(size > 0.0 && amount > 0.0) {
        return Concentration {
            points,
            index: f64::NAN,
            by_ips,
        };
    }
    let (mut cx, mut cy, mut area) = (0.0, 0.0, 0.0);
    for s in &order {
        let (x, y) = (cx + s.school.size, cy + s.amount);
        area += (x - cx) / size * (cy + y) / amount / 2.0;
        (cx, cy) = (x, y);
        points.push((cx / size, cy / amount));
    }
    Concentration {
        points,
        index: 1.0 - 2.0 * area,
        by_ips,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::select::allocation::Candidate;

    fn share(uai: &str, ips: f64, score: f64, size: f64, amount: f64) -> Share {
        Share {
            school: Candidate {
                uai: uai.into(),
                name: String::new(),
                academie: String::new(),
                departement: String::new(),
                level: String::new(),
                score,
                ips,
                size,
                decision: String::new(),
            },
            group: String::new(),
            coefficient: 1.0,
            weight: size,
            amount,
            per_size: amount / size,
        }
    }

    #[test]
    fn equal_amounts_per_pupil_give_the_diagonal_and_zero() {
        let s = [
            share("A", 90.0, 0.0, 100.0, 10.0),
            share("B", 100.0, 0.0, 300.0, 30.0),
            share("C", 80.0, 0.0, 600.0, 60.0),
        ];
        let c = concentration(&s.iter().collect::<Vec<_>>());
        for (x, y) in &c.points {
            assert!((x - y).abs() < 1e-15);
        }
        assert!(c.index.abs() < 1e-15, "{}", c.index);
    }

    #[test]
    fn hand_computed_three_schools() {
        // Order by IPS: C (80, 200 pupils, 50 h), A (90, 100, 30 h), B (100, 200, 20 h).
        // x: 0.4, 0.6, 1; y: 0.5, 0.8, 1.
        // A = 0.4·0.5/2 + 0.2·(0.5+0.8)/2 + 0.4·(0.8+1)/2 = 0.1 + 0.13 + 0.36 = 0.59; C = −0.18.
        let s = [
            share("A", 90.0, 0.0, 100.0, 30.0),
            share("B", 100.0, 0.0, 200.0, 20.0),
            share("C", 80.0, 0.0, 200.0, 50.0),
        ];
        let c = concentration(&s.iter().collect::<Vec<_>>());
        let want = [(0.0, 0.0), (0.4, 0.5), (0.6, 0.8), (1.0, 1.0)];
        for (p, w) in c.points.iter().zip(want) {
            assert!(
                (p.0 - w.0).abs() < 1e-15 && (p.1 - w.1).abs() < 1e-15,
                "{p:?}"
            );
        }
        assert!((c.index + 0.18).abs() < 1e-12, "{}", c.index);
        assert!(c.by_ips);
        // The input order does not matter.
        let r: Vec<&Share> = s.iter().rev().collect();
        assert_eq!(concentration(&r), c);
    }

    #[test]
    fn without_ips_the_need_score_orders_and_an_empty_group_is_nan() {
        // All to the most advantaged (lowest need score): the curve lies below the diagonal, C > 0.
        let s = [
            share("A", f64::NAN, 2.0, 100.0, 0.0),
            share("B", f64::NAN, 1.0, 100.0, 10.0),
        ];
        let c = concentration(&s.iter().collect::<Vec<_>>());
        assert!(!c.by_ips);
        assert_eq!(c.points, vec![(0.0, 0.0), (0.5, 0.0), (1.0, 1.0)]);
        assert!((c.index - 0.5).abs() < 1e-15);
        assert!(concentration(&[]).index.is_nan());
    }
}
