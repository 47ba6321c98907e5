//! Hierarchical clustering on principal components, as FactoMineR's `HCPC(nb.clust = -1, consol = TRUE)`.
//!
//! # Parameters
//! [`HcpcParams`] (defaults in brackets): `k` [chosen automatically], `min` [3] and `max`
//! [min(10, n/2)] for the automatic choice, consolidation [on], `iter_max` [10], pre-clustering into
//! `kk` groups before the tree [off; use it beyond ~20,000 schools].
//!
//! # Returns
//! [`HcpcResult`]: inertia gains, within inertia W(k), the ratios W(k)/W(k−1), the chosen k, the tree cut
//! and the consolidated partition (clusters numbered 1..k as FactoMineR numbers them).
//!
//! # Algorithm
//! Rows are sorted by their first coordinate (stable, FactoMineR's `order = TRUE`); a weighted Ward tree
//! is built on the coordinates ([`super::ward`]); k minimises W(k)/W(k−1) over min..=max; the tree is cut
//! (clusters numbered by first appearance in the sorted order, as `cutree`) and consolidated by
//! Hartigan–Wong k-means started from the cluster means ([`super::hartigan_wong`]) on the sorted rows;
//! the final clusters are numbered by increasing first coordinate of their centre (as FactoMineR).
//! With `kk`, the rows are first grouped by k-means (k-means++ seeding, 10 Lloyd iterations) into `kk` groups whose centres (weighted by their
//! size) are the leaves of the tree, as FactoMineR's `kk` argument.
//!
//! # Errors
//! [`Error::InvalidK`] when k is outside 1..n, invalid bounds, fewer than 3 rows.

use super::hartigan_wong::hartigan_wong;
use super::kmeans::KMeansParams;
use super::ward::ward;
use crate::error::{Error, Result};
use crate::matrix::Points;
use serde::Serialize;

/// HCPC parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct HcpcParams {
    k: Option<usize>,
    min: usize,
    max: Option<usize>,
    consolidate: bool,
    iter_max: usize,
    kk: Option<usize>,
    seed: u64,
}

impl Default for HcpcParams {
    fn default() -> Self {
        HcpcParams {
            k: None,
            min: 3,
            max: None,
            consolidate: true,
            iter_max: 10,
            kk: None,
            seed: 1,
        }
    }
}

/// Validated HCPC parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct HcpcValidParams(HcpcParams);

impl HcpcParams {
    /// FactoMineR's defaults.
    pub fn new() -> Self {
        Self::default()
    }
    /// Fix the number of clusters (`None` = automatic).
    pub fn k(mut self, k: Option<usize>) -> Self {
        self.k = k;
        self
    }
    /// Smallest k considered by the automatic rule.
    pub fn min(mut self, m: usize) -> Self {
        self.min = m;
        self
    }
    /// Largest k considered (default min(10, n/2)).
    pub fn max(mut self, m: Option<usize>) -> Self {
        self.max = m;
        self
    }
    /// Consolidate with k-means.
    pub fn consolidate(mut self, c: bool) -> Self {
        self.consolidate = c;
        self
    }
    /// Iterations of the consolidation.
    pub fn iter_max(mut self, i: usize) -> Self {
        self.iter_max = i;
        self
    }
    /// Pre-cluster into `kk` groups before the tree.
    pub fn kk(mut self, kk: Option<usize>) -> Self {
        self.kk = kk;
        self
    }
    /// Seed of the pre-clustering k-means.
    pub fn seed(mut self, s: u64) -> Self {
        self.seed = s;
        self
    }
    /// Validate.
    pub fn check(self) -> Result<HcpcValidParams> {
        if self.min < 2 {
            return Err(Error::InvalidParam {
                name: "min",
                value: self.min.to_string(),
                reason: "the automatic rule needs min >= 2".into(),
            });
        }
        if let Some(m) = self.max {
            if m < self.min {
                return Err(Error::InvalidParam {
                    name: "max",
                    value: m.to_string(),
                    reason: format!("must be >= min = {}", self.min),
                });
            }
        }
        if self.k == Some(0) {
            return Err(Error::InvalidK { k: 0, n: 0 });
        }
        if self.iter_max == 0 {
            return Err(Error::InvalidParam {
                name: "iter_max",
                value: "0".into(),
                reason: "must be >= 1".into(),
            });
        }
        if self.kk.is_some_and(|kk| kk < 2) {
            return Err(Error::InvalidParam {
                name: "kk",
                value: format!("{:?}", self.kk),
                reason: "pre-clustering needs at least 2 groups".into(),
            });
        }
        Ok(HcpcValidParams(self))
    }
}

/// HCPC result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HcpcResult {
    /// Number of clusters.
    pub k: usize,
    /// Whether k was chosen by the W(k)/W(k−1) rule.
    pub k_automatic: bool,
    /// Inertia gains of the tree, decreasing.
    pub gains: Vec<f64>,
    /// Within inertia W(k) for k = 1..=len.
    pub within: Vec<f64>,
    /// (k, W(k)/W(k−1)) for the k considered.
    pub ratios: Vec<(usize, f64)>,
    /// Cluster of each row before consolidation (input order, 1..=k). Per-school lists are left out of
    /// JSON beyond [`crate::pca::JSON_MAX_INDIVIDUALS`] schools (`clusters.csv`, `schools.csv` have them).
    #[serde(skip_serializing_if = "crate::pca::large_list")]
    pub tree_cut: Vec<usize>,
    /// Final cluster of each row (input order, 1..=k).
    #[serde(skip_serializing_if = "crate::pca::large_list")]
    pub clusters: Vec<usize>,
    /// Rows in tree leaf order (sorted by the first coordinate); empty for k-means (no tree).
    #[serde(skip_serializing_if = "crate::pca::large_list")]
    pub order: Vec<usize>,
    /// Cluster centres in the coordinate space (k × d).
    pub centres: Vec<Vec<f64>>,
    /// Rows per cluster.
    pub sizes: Vec<usize>,
    /// Between-cluster inertia / total inertia of the final partition.
    pub between_ratio: f64,
    /// Consolidation outcome (`converged`, `max_iterations`...), or `none`.
    pub consolidation: String,
    /// Leaves of the tree when pre-clustered (`kk`), else n.
    pub leaves: usize,
    /// The tree (merges by increasing height).
    #[serde(skip)]
    pub tree: super::ward::Tree,
    /// Leaf of each row in sorted order (its pre-cluster when `kk` is used); empty for k-means.
    #[serde(skip)]
    pub leaf_of: Vec<usize>,
}

fn means<P: Points + ?Sized>(points: &P, labels: &[usize], k: usize) -> Vec<Vec<f64>> {
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

impl HcpcValidParams {
    /// The same parameters with k fixed (used by the bootstrap).
    pub fn with_k(&self, k: usize) -> HcpcValidParams {
        HcpcValidParams(HcpcParams {
            k: Some(k),
            ..self.0.clone()
        })
    }

    /// Cluster rows given by their principal coordinates (n × d) and weights.
    pub fn fit<P: Points + ?Sized>(&self, coords: &P, weights: &[f64]) -> Result<HcpcResult> {
        let p = &self.0;
        let n = coords.n();
        if n < 3 {
            return Err(Error::NotEnoughRows {
                n,
                min: 3,
                what: "a hierarchical clustering".into(),
            });
        }
        let order = first_coordinate_order(coords);
        let sorted: Vec<Vec<f64>> = order.iter().map(|&i| coords.row(i).to_vec()).collect();
        let sw: Vec<f64> = order.iter().map(|&i| weights[i]).collect();
        // Optional pre-clustering (leaves = k-means groups weighted by their total weight).
        let (leaves, leaf_w, leaf_of) = match p.kk {
            Some(kk) if kk < n => {
                let km = KMeansParams::new(kk)
                    .seed(p.seed)
                    .max_iter(10)
                    .check()?
                    .fit_weighted(&sorted, Some(&sw))?;
                let mut w = vec![0.0; kk];
                for (i, &l) in km.labels.iter().enumerate() {
                    w[l - 1] += sw[i];
                }
                (
                    km.centres.clone(),
                    w,
                    km.labels.iter().map(|l| l - 1).collect::<Vec<_>>(),
                )
            }
            _ => (sorted.clone(), sw.clone(), (0..n).collect()),
        };
        let nl = leaves.len();
        let tree = ward(&leaves, &leaf_w);
        let within = tree.within();
        let max = p
            .max
            .unwrap_or_else(|| 10.min((n as f64 / 2.0).round() as usize))
            .min(nl - 1);
        let min = p.min.min(max);
        let ratios: Vec<(usize, f64)> = (min.max(2)..=max)
            .map(|k| (k, within[k - 1] / within[k - 2]))
            .collect();
        let (k, auto) = match p.k {
            Some(k) if k > nl || k > n => return Err(Error::InvalidK { k, n: nl }),
            Some(k) => (k, false),
            None => {
                let best = ratios
                    .iter()
                    .fold(None::<(usize, f64)>, |b, &(k, r)| match b {
                        Some((_, br)) if br <= r => b,
                        _ => Some((k, r)),
                    });
                (best.map_or(min, |b| b.0), true)
            }
        };
        let leaf_cut = tree.cut(k);
        // Cluster of each sorted row; renumber by first appearance in sorted order (cutree on rows).
        let raw: Vec<usize> = leaf_of.iter().map(|&l| leaf_cut[l]).collect();
        let cut_sorted = renumber(&raw);
        let (final_sorted, consolidation) = if p.consolidate && k >= 2 && k < n {
            let centres = means(&sorted, &cut_sorted, k);
            let hw = hartigan_wong(&sorted, &centres, p.iter_max);
            (
                hw.labels.iter().map(|l| l + 1).collect::<Vec<_>>(),
                hw.status,
            )
        } else {
            (cut_sorted.clone(), "none".to_string())
        };
        let mut tree_cut = vec![0; n];
        let mut clusters = vec![0; n];
        for (s, &i) in order.iter().enumerate() {
            tree_cut[i] = cut_sorted[s];
            clusters[i] = final_sorted[s];
        }
        let (clusters, centres, sizes, between_ratio) =
            number_and_summarise(coords, weights, clusters, k);
        Ok(HcpcResult {
            k,
            k_automatic: auto,
            gains: tree.gains(),
            within,
            ratios,
            tree_cut,
            clusters,
            order,
            centres,
            sizes,
            between_ratio,
            consolidation,
            leaves: nl,
            tree,
            leaf_of,
        })
    }
}

impl HcpcResult {
    /// Wrap a k-means partition of the principal coordinates so that it is described, exported and drawn
    /// like an HCPC one (no tree: `gains`, `within`, `ratios` are empty; clusters numbered by increasing
    /// first coordinate of their centre, as HCPC's).
    pub fn from_kmeans<P: Points + ?Sized>(
        coords: &P,
        weights: &[f64],
        km: &super::kmeans::KMeans,
    ) -> HcpcResult {
        let n = coords.n();
        let k = km.centres.len();
        let (clusters, centres, sizes, between_ratio) =
            number_and_summarise(coords, weights, km.labels.clone(), k);
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
fn number_and_summarise<P: Points + ?Sized>(
    coords: &P,
    weights: &[f64],
    mut clusters: Vec<usize>,
    k: usize,
) -> (Vec<usize>, Vec<Vec<f64>>, Vec<usize>, f64) {
    let pre = means(coords, &clusters, k);
    let mut rank: Vec<usize> = (0..k).collect();
    rank.sort_by(|&a, &b| pre[a][0].total_cmp(&pre[b][0]));
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

/// Rows sorted by their first coordinate (stable: ties keep the row order; a parallel merge sort, whose
/// result is the same whatever the thread count).
fn first_coordinate_order<P: Points + ?Sized>(coords: &P) -> Vec<usize> {
    use rayon::prelude::*;
    // (key, row) pairs: the comparisons read neither the matrix nor anything else at random, and the
    // row breaks ties, so an unstable sort gives the stable order.
    let mut keyed: Vec<(f64, usize)> = (0..coords.n()).map(|i| (coords.row(i)[0], i)).collect();
    keyed.par_sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    keyed.into_iter().map(|x| x.1).collect()
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
