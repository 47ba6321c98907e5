//! Labels of a partition: numbering (by first appearance, as R's `cutree`; by increasing first
//! coordinate of the centres, as FactoMineR), centres, sizes and the between / total inertia ratio.
//! Pure functions on labels, which [`super::hcpc`], [`super::ties`] and [`super::partition`] share.

use crate::matrix::Points;

/// Unweighted cluster means of `points` (`labels` 1..=k; an empty cluster's mean is 0).
pub(crate) fn means<P: Points + ?Sized>(points: &P, labels: &[usize], k: usize) -> Vec<Vec<f64>> {
    let d = points.dim();
    let mut c = vec![vec![0.0; d]; k];
    let mut n = vec![0usize; k];
    for (p, &l) in points.rows().zip(labels) {
        n[l - 1] += 1;
        for j in 0..d {
            c[l - 1][j] += p[j];
        }
    }
    for (ci, ni) in c.iter_mut().zip(&n) {
        ci.iter_mut().for_each(|v| *v /= (*ni).max(1) as f64);
    }
    c
}

/// Number clusters 1..=k by increasing first coordinate of their centre (FactoMineR's numbering; ties keep
/// the previous order) and summarise them: (clusters, centres, sizes, between / total weighted inertia).
pub(crate) fn number_and_summarise<P: Points + ?Sized>(
    coords: &P,
    weights: &[f64],
    mut clusters: Vec<usize>,
    k: usize,
) -> (Vec<usize>, Vec<Vec<f64>>, Vec<usize>, f64) {
    let pre = means(coords, &clusters, k);
    let mut rank: Vec<usize> = (0..k).collect();
    rank.sort_by(|&a, &b| pre[a][0].total_cmp(&pre[b][0]));
    // Centres equal on the first coordinate up to rounding: ordered by their first school in the
    // (canonical) row order, not by rounding noise.
    let mut first = vec![usize::MAX; k];
    for (i, &c) in clusters.iter().enumerate().rev() {
        first[c - 1] = i;
    }
    let keys: Vec<f64> = rank.iter().map(|&c| pre[c][0]).collect();
    for (s, e) in near_tie_runs(&keys) {
        rank[s..e].sort_by_key(|&c| first[c]);
    }
    let mut new_label = vec![0; k];
    for (r, &c) in rank.iter().enumerate() {
        new_label[c] = r + 1;
    }
    clusters.iter_mut().for_each(|c| *c = new_label[*c - 1]);
    let centres = means(coords, &clusters, k);
    let mut sizes = vec![0; k];
    clusters.iter().for_each(|&c| sizes[c - 1] += 1);
    let wsum: f64 = weights.iter().sum();
    let d = coords.dim();
    let g: Vec<f64> = (0..d)
        .map(|j| {
            coords
                .rows()
                .zip(weights)
                .map(|(c, w)| c[j] * w)
                .sum::<f64>()
                / wsum
        })
        .collect();
    let sq = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| (x - y).powi(2)).sum::<f64>();
    let total: f64 = coords.rows().zip(weights).map(|(c, w)| w * sq(c, &g)).sum();
    let within: f64 = coords
        .rows()
        .zip(weights)
        .zip(&clusters)
        .map(|((c, w), &l)| w * sq(c, &centres[l - 1]))
        .sum();
    let between_ratio = if total > 0.0 {
        1.0 - within / total
    } else {
        0.0
    };
    (clusters, centres, sizes, between_ratio)
}

/// Runs `[s, e)` of at least two consecutive sorted values that are equal up to rounding (each within
/// 1e-12 × (1 + |value|) of the previous): ties that the order of the rows or rounding noise would
/// otherwise decide.
pub(crate) fn near_tie_runs(sorted: &[f64]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut s = 0;
    for i in 1..=sorted.len() {
        let tied = i < sorted.len() && {
            let (a, b) = (sorted[i - 1], sorted[i]);
            (b - a).abs() <= 1e-12 * (1.0 + a.abs().max(b.abs()))
        };
        if !tied {
            if i - s > 1 {
                runs.push((s, i));
            }
            s = i;
        }
    }
    runs
}

/// Renumber labels 1.. by first appearance.
pub fn renumber(labels: &[usize]) -> Vec<usize> {
    let mut map = std::collections::HashMap::new();
    let mut next = 0;
    labels
        .iter()
        .map(|l| {
            *map.entry(*l).or_insert_with(|| {
                next += 1;
                next
            })
        })
        .collect()
}
