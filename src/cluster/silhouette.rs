//! Silhouette widths of a partition (Euclidean distances in the principal-coordinate space).
//!
//! # Algorithm
//! `s(i) = (b − a) / max(a, b)`, a = mean distance to the other members of i's cluster, b = smallest mean
//! distance to another cluster; 0 for a school alone in its cluster. Exact but O(n²): beyond `max_points`
//! schools a deterministic systematic subsample (every ⌈n / max_points⌉-th school, in input order) is
//! used for both the schools measured and the distances.

use crate::matrix::Points;
use rayon::prelude::*;

/// Silhouette of each measured school: (row, cluster, width).
pub fn silhouette<P: Points + ?Sized>(
    coords: &P,
    labels: &[usize],
    max_points: usize,
) -> Vec<(usize, usize, f64)> {
    let n = coords.n();
    let step = n.div_ceil(max_points.max(1)).max(1);
    let idx: Vec<usize> = (0..n).step_by(step).collect();
    let k = labels.iter().copied().max().unwrap_or(0);
    idx.par_iter()
        .map(|&i| {
            let mut sum = vec![0.0; k + 1];
            let mut cnt = vec![0usize; k + 1];
            for &j in &idx {
                if j == i {
                    continue;
                }
                let d: f64 = coords
                    .row(i)
                    .iter()
                    .zip(coords.row(j))
                    .map(|(x, y)| (x - y).powi(2))
                    .sum::<f64>()
                    .sqrt();
                sum[labels[j]] += d;
                cnt[labels[j]] += 1;
            }
            let own = labels[i];
            if cnt[own] == 0 {
                return (i, own, 0.0);
            }
            let a = sum[own] / cnt[own] as f64;
            let b = (1..=k)
                .filter(|&c| c != own && cnt[c] > 0)
                .map(|c| sum[c] / cnt[c] as f64)
                .fold(f64::INFINITY, f64::min);
            let s = if b.is_finite() && a.max(b) > 0.0 {
                (b - a) / a.max(b)
            } else {
                0.0
            };
            (i, own, s)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separated_clusters_have_high_silhouette() {
        let c = vec![vec![0.0], vec![0.1], vec![10.0], vec![10.1]];
        let s = silhouette(&c, &[1, 1, 2, 2], 100);
        assert!(s.iter().all(|x| x.2 > 0.95));
        let s = silhouette(&c, &[1, 2, 1, 2], 100);
        assert!(s.iter().all(|x| x.2 < 0.0));
    }
}
