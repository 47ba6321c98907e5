//! Classes of a choropleth and their colours.
//!
//! # Algorithm
//! Jenks natural breaks, computed exactly (Fisher 1958, "On grouping for maximum homogeneity"): the
//! partition of the sorted values into k contiguous groups that minimises the sum of squared deviations
//! from the group means, by dynamic programming (O(k·n²), n = a few hundred territories at most).
//! Written here because no maintained crate offers it; ties never straddle two classes since the breaks
//! are values of the data and classes are closed on the right (`(b_{j-1}, b_j]`, the first `[min, b_1]`).
//! With fewer distinct values than classes, each distinct value is its own class.
//!
//! Colours: viridis (perceptually uniform, readable by colour-blind readers and in grey print), from
//! dark purple (low) to yellow (high), sampled at the class centres.

/// Upper bounds of the classes (the last is the maximum), `k` classes at most, by Jenks natural breaks.
pub fn jenks(values: &[f64], k: usize) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let mut distinct = v.clone();
    distinct.dedup();
    if distinct.len() <= k.max(1) {
        return distinct;
    }
    let n = v.len();
    let k = k.max(1);
    // Prefix sums for the within-group sum of squares of v[i..j].
    let (mut s1, mut s2) = (vec![0.0; n + 1], vec![0.0; n + 1]);
    for i in 0..n {
        s1[i + 1] = s1[i] + v[i];
        s2[i + 1] = s2[i] + v[i] * v[i];
    }
    let ssd = |i: usize, j: usize| {
        let m = (j - i) as f64;
        let s = s1[j] - s1[i];
        s2[j] - s2[i] - s * s / m
    };
    // cost[c][j]: best cost of v[..j] in c+1 groups; cut[c][j]: start of the last group.
    let mut cost = vec![vec![f64::INFINITY; n + 1]; k];
    let mut cut = vec![vec![0usize; n + 1]; k];
    for (j, c) in cost[0].iter_mut().enumerate().skip(1) {
        *c = ssd(0, j);
    }
    for c in 1..k {
        for j in (c + 1)..=n {
            for i in c..j {
                // A group may not start inside a run of equal values.
                if v[i] == v[i - 1] {
                    continue;
                }
                let t = cost[c - 1][i] + ssd(i, j);
                if t < cost[c][j] {
                    cost[c][j] = t;
                    cut[c][j] = i;
                }
            }
        }
    }
    let mut breaks = Vec::with_capacity(k);
    let mut j = n;
    for c in (0..k).rev() {
        breaks.push(v[j - 1]);
        if c == 0 {
            break;
        }
        j = cut[c][j];
        if j == 0 {
            break;
        }
    }
    breaks.reverse();
    breaks.dedup();
    breaks
}

/// Class of a value given the upper bounds (`None` for NaN).
pub fn class_of(x: f64, breaks: &[f64]) -> Option<usize> {
    if x.is_nan() || breaks.is_empty() {
        return None;
    }
    Some(
        breaks
            .iter()
            .position(|b| x <= *b)
            .unwrap_or(breaks.len() - 1),
    )
}

/// Viridis anchor colours (matplotlib's, at 0, 1/8, …, 1).
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
];

/// Viridis at `t` in [0, 1].
pub fn viridis(t: f64) -> (u8, u8, u8) {
    let t = if t.is_nan() { 0.5 } else { t.clamp(0.0, 1.0) } * 8.0;
    let i = (t.floor() as usize).min(7);
    let u = t - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * u).round() as u8;
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The colour of class `c` of `k` (dark = low, light = high).
pub fn class_colour(c: usize, k: usize) -> (u8, u8, u8) {
    if k <= 1 {
        return viridis(0.5);
    }
    viridis(0.05 + 0.9 * c as f64 / (k - 1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jenks_finds_the_obvious_groups() {
        let v = [1.0, 2.0, 1.5, 10.0, 11.0, 10.5, 30.0, 31.0];
        assert_eq!(jenks(&v, 3), vec![2.0, 11.0, 31.0]);
        // Fewer distinct values than classes: one class each.
        assert_eq!(jenks(&[0.0, 0.0, 1.0], 5), vec![0.0, 1.0]);
        // Ties stay together.
        let b = jenks(&[0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 2.0, 9.0], 3);
        assert_eq!(b, vec![0.0, 2.0, 9.0]);
        assert_eq!(class_of(0.0, &b), Some(0));
        assert_eq!(class_of(1.5, &b), Some(1));
        assert_eq!(class_of(9.0, &b), Some(2));
        assert_eq!(class_of(f64::NAN, &b), None);
    }

    #[test]
    fn jenks_minimises_the_within_sum_of_squares() {
        // Brute force over every 2-cut of 7 values.
        let v = [3.0, 7.0, 8.0, 15.0, 16.0, 17.0, 40.0];
        let ssd = |s: &[f64]| {
            let m = s.iter().sum::<f64>() / s.len() as f64;
            s.iter().map(|x| (x - m).powi(2)).sum::<f64>()
        };
        let mut best = (f64::INFINITY, 0, 0);
        for i in 1..6 {
            for j in i + 1..7 {
                let c = ssd(&v[..i]) + ssd(&v[i..j]) + ssd(&v[j..]);
                if c < best.0 {
                    best = (c, i, j);
                }
            }
        }
        assert_eq!(jenks(&v, 3), vec![v[best.1 - 1], v[best.2 - 1], 40.0]);
    }

    #[test]
    fn viridis_ends() {
        assert_eq!(viridis(0.0), (68, 1, 84));
        assert_eq!(viridis(1.0), (253, 231, 37));
        assert_eq!(class_colour(0, 1), viridis(0.5));
    }
}
