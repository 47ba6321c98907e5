//! Labels of a partition: numbering (by first appearance, as R's `cutree`; by increasing first
//! coordinate of the centres, as FactoMineR), centres, sizes and the between / total inertia ratio; a
//! k-means partition wrapped as an [`HcpcResult`].

use super::hcpc::HcpcResult;
use super::ties::TieReport;
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

impl HcpcResult {
    /// What a user should read next to the partition: the notes on k and, when the tree has ties,
    /// whether the partition depends on them (printed as `note: ...` by the commands).
    pub fn messages(&self) -> Vec<String> {
        let mut out = self.notes.clone();
        let t = &self.ties;
        if t.tied_merges > 0 {
            out.push(format!(
                "the Ward tree has {} tied merges (inertia gains equal within 1e-12): the tree cut at k = {} {} on how they are broken{}",
                t.tied_merges,
                self.k,
                if t.cut_depends_on_ties { "depends" } else { "does not depend" },
                if t.cut_depends_on_ties {
                    if t.partition_depends_on_ties {
                        ", and so does the consolidated partition"
                    } else {
                        ", the consolidated partition does not"
                    }
                } else {
                    ""
                }
            ));
        }
        out
    }

    /// Wrap a k-means partition of the principal coordinates so that it is described, exported and drawn
    /// like an HCPC one (no tree: `gains`, `within`, `ratios` are empty; clusters numbered by increasing
    /// first coordinate of their centre, as HCPC's).
    pub fn from_kmeans<P: Points + ?Sized>(
        coords: &P,
        weights: &[f64],
        km: &super::kmeans::KMeans,
    ) -> HcpcResult {
        Self::from_kmeans_ordered(coords, weights, km, None)
    }

    /// [`Self::from_kmeans`] with the centres summed over the rows in `order` (a canonical order: see
    /// [`HcpcValidParams::fit_ranked`]), so that clusters whose centres tie on the first coordinate
    /// are numbered the same way whatever the order of the rows.
    pub fn from_kmeans_ordered<P: Points + ?Sized>(
        coords: &P,
        weights: &[f64],
        km: &super::kmeans::KMeans,
        order: Option<&[usize]>,
    ) -> HcpcResult {
        let n = coords.n();
        let k = km.centres.len();
        let (clusters, centres, sizes, between_ratio) = match order {
            None => number_and_summarise(coords, weights, km.labels.clone(), k),
            Some(o) => {
                let view = crate::matrix::Reordered::new(coords, o);
                let w: Vec<f64> = o.iter().map(|&i| weights[i]).collect();
                let labels = o.iter().map(|&i| km.labels[i]).collect();
                let (lab, centres, sizes, between) = number_and_summarise(&view, &w, labels, k);
                let mut clusters = vec![0; n];
                for (r, &i) in o.iter().enumerate() {
                    clusters[i] = lab[r];
                }
                (clusters, centres, sizes, between)
            }
        };
        HcpcResult {
            k,
            k_automatic: false,
            gains: Vec::new(),
            within: Vec::new(),
            ratios: Vec::new(),
            tree_cut: clusters.clone(),
            clusters,
            order: Vec::new(),
            centres,
            sizes,
            between_ratio,
            consolidation: "kmeans".into(),
            leaves: n,
            distinct: km.distinct,
            notes: Vec::new(),
            ties: TieReport::default(),
            tied: Vec::new(),
            tree: super::ward::Tree {
                n,
                merges: Vec::new(),
            },
            leaf_of: Vec::new(),
        }
    }
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
