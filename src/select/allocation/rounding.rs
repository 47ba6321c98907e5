//! Bounded proportional split and rounding to the unit: the amounts are `clamp(λ·wᵢ, floor, cap)`
//! with λ such that they sum to the envelope (water-filling), then rounded to whole units by the
//! largest-remainder method (Hamilton's), remainder ties broken by need (needier first) then UAI.
//!
//! Everything is computed in units (`envelope / unit` is an integer, checked before): floors and caps
//! are whole numbers of units, so a school at its floor or cap has no remainder and rounding never
//! moves it past a bound.

/// Water-filling: `x_i = clamp(λ w_i, lo, hi)` with `Σ x_i = total` (`Σ lo ≤ total ≤ Σ hi`,
/// `w_i > 0`; checked by the caller). λ by bisection on the monotone `Σ clamp(λ w_i)`, then the
/// schools strictly between their bounds share the exact rest in proportion to their weights, so the
/// sum is `total` up to rounding of the last division.
pub fn water_fill(w: &[f64], lo: f64, hi: f64, total: f64) -> Vec<f64> {
    let n = w.len();
    if n == 0 {
        return Vec::new();
    }
    let sum_at = |l: f64| -> f64 { w.iter().map(|&x| (l * x).clamp(lo, hi)).sum() };
    // Bracket λ: at λ = 0 every school is at its floor; grow until the caps hold the total.
    let (mut a, mut b) = (0.0f64, 1.0f64);
    let wmin = w.iter().copied().fold(f64::INFINITY, f64::min);
    if wmin > 0.0 && hi.is_finite() {
        b = b.max(hi / wmin);
    }
    let mut guard = 0;
    while sum_at(b) < total && guard < 2000 {
        b *= 2.0;
        guard += 1;
    }
    for _ in 0..200 {
        let m = 0.5 * (a + b);
        if m <= a || m >= b {
            break;
        }
        if sum_at(m) < total {
            a = m;
        } else {
            b = m;
        }
    }
    let l = 0.5 * (a + b);
    // Schools at a bound keep it; the free ones share what is left exactly in proportion to w.
    let mut x: Vec<f64> = w.iter().map(|&wi| (l * wi).clamp(lo, hi)).collect();
    let free: Vec<usize> = (0..n).filter(|&i| x[i] > lo && x[i] < hi).collect();
    if !free.is_empty() {
        let fixed: f64 = (0..n).filter(|i| !free.contains(i)).map(|i| x[i]).sum();
        let wf: f64 = free.iter().map(|&i| w[i]).sum();
        let rest = total - fixed;
        for &i in &free {
            x[i] = (rest * w[i] / wf).clamp(lo, hi);
        }
    }
    x
}

/// Largest remainder: `x` (in units, summing to the whole number `total` up to float noise) →
/// whole numbers summing to `total` exactly. `order(i, j)` ranks equal remainders (`Less`: `i` gets
/// the extra unit first). Remainders closer than 1e-9 count as equal, so float noise never decides.
pub fn largest_remainder(
    x: &[f64],
    total: u64,
    order: impl Fn(usize, usize) -> std::cmp::Ordering,
) -> Vec<u64> {
    const EPS: f64 = 1e-9;
    // Whole part, with values a hair under an integer (float noise) counted as that integer.
    let base: Vec<u64> = x
        .iter()
        .map(|&v| {
            let r = v.round();
            if (v - r).abs() < EPS {
                r.max(0.0) as u64
            } else {
                v.floor().max(0.0) as u64
            }
        })
        .collect();
    let rem: Vec<f64> = x
        .iter()
        .zip(&base)
        .map(|(&v, &b)| (v - b as f64).max(0.0))
        .collect();
    let given: u64 = base.iter().sum();
    let mut out = base;
    if given >= total {
        return out;
    }
    let extra = (total - given) as usize;
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&i, &j| {
        if (rem[i] - rem[j]).abs() < EPS {
            order(i, j)
        } else {
            rem[j].total_cmp(&rem[i])
        }
    });
    for &i in idx.iter().cycle().take(extra) {
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn water_filling_by_hand() {
        // Weights 1, 2, 7 share 100: 10, 20, 70; capped at 50, the 20 over the cap go to the others
        // in proportion (1:2): 50 - 20 = 30 free → 16.67, 33.33, 50.
        let x = water_fill(&[1.0, 2.0, 7.0], 0.0, f64::INFINITY, 100.0);
        assert!(
            (x[0] - 10.0).abs() < 1e-9 && (x[1] - 20.0).abs() < 1e-9 && (x[2] - 70.0).abs() < 1e-9
        );
        let x = water_fill(&[1.0, 2.0, 7.0], 0.0, 50.0, 100.0);
        assert!((x[0] - 50.0 / 3.0).abs() < 1e-9, "{x:?}");
        assert!((x[1] - 100.0 / 3.0).abs() < 1e-9, "{x:?}");
        assert_eq!(x[2], 50.0);
        // A floor of 15: school 0 lifted to 15, the 85 left split 2:7 → 18.89, 66.11.
        let x = water_fill(&[1.0, 2.0, 7.0], 15.0, f64::INFINITY, 100.0);
        assert_eq!(x[0], 15.0);
        assert!((x[1] - 85.0 * 2.0 / 9.0).abs() < 1e-9, "{x:?}");
    }

    #[test]
    fn largest_remainder_by_hand() {
        // 10 units over 3.4, 3.3, 3.3: whole parts 3, 3, 3, one unit left; the largest remainder
        // (0.4) takes it.
        assert_eq!(
            largest_remainder(&[3.4, 3.3, 3.3], 10, |i, j| i.cmp(&j)),
            vec![4, 3, 3]
        );
        // Tied remainders (1/3 each, 1 unit left): the order decides (here: the last first).
        let third = 10.0 / 3.0;
        assert_eq!(
            largest_remainder(&[third, third, third], 10, |i, j| j.cmp(&i)),
            vec![3, 3, 4]
        );
    }
}
