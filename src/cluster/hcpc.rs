//! Hierarchical clustering on principal components, as FactoMineR's `HCPC(nb.clust = -1, consol = TRUE)`.
//!
//! # Parameters
//! [`HcpcParams`] (defaults in parentheses): `k` (chosen automatically), `min` (3) and `max`
//! (min(10, round(n/2)), R's rounding) for the automatic choice, consolidation (on), `iter_max` (10),
//! pre-clustering into `kk` groups before the tree (off; use it beyond ~20,000 schools).
//!
//! # Returns
//! [`HcpcResult`]: inertia gains, within inertia W(k), the ratios W(k)/W(k−1), the chosen k, the tree cut
//! and the consolidated partition (clusters numbered 1..k as FactoMineR numbers them), the number of
//! distinct schools, notes on the range of k, and what ties in the tree do ([`TieReport`]).
//!
//! # Algorithm
//! Rows are sorted by their first coordinate (stable, FactoMineR's `order = TRUE`; equal first
//! coordinates in a canonical order — the UAIs' with [`HcpcValidParams::fit_ranked`] — so that nothing
//! depends on the order of the input rows); identical schools are merged first (at zero cost, as Ward
//! merges them; the tree is built on the distinct points with their summed weights: no tie among
//! duplicates, no cluster splitting identical schools); a weighted Ward tree is built on the
//! coordinates ([`super::ward`]); k minimises W(k)/W(k−1) over a range clamped to what the data allow
//! ([`super::k_range`]); the tree is cut (clusters numbered by first appearance in the sorted order, as
//! `cutree`) and consolidated by Hartigan–Wong k-means started from the cluster means
//! (`cluster::hartigan_wong`) on the sorted rows; the final clusters are numbered by increasing first
//! coordinate of their centre (as FactoMineR). With `kk`, the rows are first grouped by k-means
//! (k-means++ seeding, 10 Lloyd iterations) into `min(kk, distinct schools)` groups whose centres
//! (weighted by their size) are the leaves of the tree, and the within inertia of that k-means is
//! appended to the gains, as FactoMineR's `kk` does. Ties in the tree are detected and their effect on
//! the partition reported (`cluster::ties`). No cluster is ever empty: k never exceeds the distinct
//! schools, and a consolidation that would start from an empty cluster is skipped (R stops there).
//!
//! # Errors
//! Fewer than 3 rows, or fewer than 2 distinct ones; non-finite coordinates; invalid bounds
//! ([`Error::InvalidParam`]); a k or `min` the data make impossible ([`Error::SettingVsData`], exit
//! code 2).
//!
//! # Examples
//! Three groups of three schools on the first axis: the automatic rule finds them, numbered by
//! increasing first coordinate.
//! ```
//! use ciblage::HcpcParams;
//!
//! let coords: Vec<Vec<f64>> = [0.0, 0.1, 0.2, 5.0, 5.1, 5.2, 10.0, 10.1, 10.2]
//!     .iter()
//!     .map(|&x| vec![x, 0.0])
//!     .collect();
//! let h = HcpcParams::new().check()?.fit(&coords, &[1.0; 9])?;
//! assert_eq!(h.k, 3);
//! assert_eq!(h.clusters, [1, 1, 1, 2, 2, 2, 3, 3, 3]);
//! assert_eq!(h.sizes, [3, 3, 3]);
//! # Ok::<(), ciblage::Error>(())
//! ```

use super::hartigan_wong::hartigan_wong;
use super::k_range::{self, Data};
use super::kmeans::KMeansParams;
pub use super::labels::renumber;
use super::labels::{means, number_and_summarise};
use super::ties::{self, TieReport};
use super::ward::{ward_checked, ward_with, Ties};
use crate::error::{Error, Result};
use crate::matrix::Points;
use serde::Serialize;

/// HCPC parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct HcpcParams {
    k: Option<usize>,
    min: Option<usize>,
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
            min: None,
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
    /// Smallest k considered by the automatic rule (`None`: FactoMineR's 3, lowered with a note when
    /// the data allow fewer clusters; a value given is never changed: refused when impossible).
    pub fn min(mut self, m: impl Into<Option<usize>>) -> Self {
        self.min = m.into();
        self
    }
    /// Largest k considered (`None`: min(10, round(n/2)) as FactoMineR).
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
        for (name, v) in [("min", self.min), ("max", self.max)] {
            if let Some(m) = v.filter(|m| *m < 2) {
                return Err(Error::InvalidParam {
                    name,
                    value: m.to_string(),
                    reason: "the automatic rule chooses k >= 2".into(),
                });
            }
        }
        if let (Some(lo), Some(hi)) = (self.min, self.max) {
            if hi < lo {
                return Err(Error::InvalidParam {
                    name: "max",
                    value: hi.to_string(),
                    reason: format!("must be >= min = {lo}"),
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

/// HCPC result. It serialises every field but the tree itself and its bookkeeping (`tied`, `tree`,
/// `leaf_of`); `clusters.json` is written through [`crate::export::json::HcpcJson`], which leaves
/// out the per-school lists its output policy does not hold.
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
    /// Cluster of each row before consolidation (input order, 1..=k).
    pub tree_cut: Vec<usize>,
    /// Final cluster of each row (input order, 1..=k).
    pub clusters: Vec<usize>,
    /// Rows in tree leaf order (sorted by the first coordinate); empty for k-means (no tree).
    pub order: Vec<usize>,
    /// Cluster centres in the coordinate space (k × d).
    pub centres: Vec<Vec<f64>>,
    /// Rows per cluster.
    pub sizes: Vec<usize>,
    /// Between-cluster inertia / total inertia of the final partition.
    pub between_ratio: f64,
    /// Consolidation outcome (`converged`, `max_iterations`...), `none`, or why it was skipped.
    pub consolidation: String,
    /// Leaves of the tree: the distinct schools (identical ones pre-merged), or the `kk` groups.
    pub leaves: usize,
    /// Distinct schools (identical active rows count once), counted as far as the checks need: all of
    /// them for the full tree, up to `kk` with a pre-clustering, up to k for k-means.
    pub distinct: usize,
    /// Notes on k: the automatic range clamped to what the data allow, `kk` lowered, consolidation
    /// skipped.
    pub notes: Vec<String>,
    /// Ties in the tree and whether the partition depends on them.
    pub ties: TieReport,
    /// For each gain of `gains`, whether it ties with another (`tree.csv`'s `tied` column).
    #[serde(skip)]
    pub tied: Vec<bool>,
    /// The tree (merges by increasing height).
    #[serde(skip)]
    pub tree: super::ward::Tree,
    /// Leaf of each row in sorted order (its group of identical schools, or its pre-cluster with
    /// `kk`); empty for k-means.
    #[serde(skip)]
    pub leaf_of: Vec<usize>,
}

impl HcpcValidParams {
    /// The same parameters with k fixed (used by the bootstrap).
    pub fn with_k(&self, k: usize) -> HcpcValidParams {
        HcpcValidParams(HcpcParams {
            k: Some(k),
            ..self.0.clone()
        })
    }

    /// Cluster rows given by their principal coordinates (n × d) and weights; rows whose first
    /// coordinates are equal are ordered by row.
    pub fn fit<P: Points + ?Sized>(&self, coords: &P, weights: &[f64]) -> Result<HcpcResult> {
        self.fit_ranked(coords, weights, None)
    }

    /// [`Self::fit`] with rows whose first coordinates are equal ordered by `rank` (e.g. the position of
    /// each school in UAI order): with coordinates computed in a canonical order too
    /// ([`crate::pca::PcaValidParams::fit_ordered`]), the partition does not depend on the order of
    /// the rows, even where the tree has ties.
    pub fn fit_ranked<P: Points + ?Sized>(
        &self,
        coords: &P,
        weights: &[f64],
        rank: Option<&[usize]>,
    ) -> Result<HcpcResult> {
        let p = &self.0;
        let n = coords.n();
        if n < 3 {
            return Err(Error::NotEnoughRows {
                n,
                min: 3,
                what: "a hierarchical clustering".into(),
            });
        }
        if weights.len() != n || rank.is_some_and(|r| r.len() != n) {
            return Err(Error::InvalidParam {
                name: "weights",
                value: format!("{} weights", weights.len()),
                reason: format!("need one weight (and rank) per row ({n})"),
            });
        }
        if let Some(i) = (0..n).find(|&i| !coords.row(i).iter().all(|v| v.is_finite())) {
            return Err(Error::Numeric {
                what: "clustering input",
                reason: format!("the coordinates of row {} are not finite numbers", i + 1),
            });
        }
        let order = first_coordinate_order(coords, rank);
        let sorted: Vec<Vec<f64>> = order.iter().map(|&i| coords.row(i).to_vec()).collect();
        let sw: Vec<f64> = order.iter().map(|&i| weights[i]).collect();
        let mut notes = Vec::new();
        // Leaves: the kk pre-clusters (leaves = k-means groups weighted by their total weight), or
        // the distinct points (identical schools merged first, at zero cost, as Ward would).
        let (leaves, leaf_w, leaf_of, distinct, kk_within) = match p.kk {
            Some(kk) if kk < n => {
                let m = super::distinct::count_up_to(&sorted, kk);
                if m < kk {
                    notes.push(format!(
                        "kk lowered from {kk} to {m}: only {m} distinct schools"
                    ));
                }
                if m < 2 {
                    return Err(Error::NotEnoughRows {
                        n: m,
                        min: 2,
                        what: format!(
                            "distinct schools to cluster: the {n} schools have identical active values"
                        ),
                    });
                }
                let km = KMeansParams::new(m)
                    .seed(p.seed)
                    .max_iter(10)
                    .check()?
                    .fit_weighted(&sorted, Some(&sw))?;
                let mut w = vec![0.0; m];
                for (i, &l) in km.labels.iter().enumerate() {
                    w[l - 1] += sw[i];
                }
                // FactoMineR appends the k-means within inertia to the gains (`cla$tot.withinss / n`).
                let within = km.inertia / sw.iter().sum::<f64>();
                let of = km.labels.iter().map(|l| l - 1).collect::<Vec<_>>();
                (km.centres, w, of, m, Some(within))
            }
            _ => {
                let (of, m) = super::distinct::groups(&sorted);
                if m == n {
                    (sorted.clone(), sw.clone(), of, m, None)
                } else {
                    let mut first = vec![usize::MAX; m];
                    let mut w = vec![0.0; m];
                    for (i, &g) in of.iter().enumerate() {
                        if first[g] == usize::MAX {
                            first[g] = i;
                        }
                        w[g] += sw[i];
                    }
                    let pts = first.iter().map(|&i| sorted[i].clone()).collect();
                    (pts, w, of, m, None)
                }
            }
        };
        let nl = leaves.len();
        let data = Data {
            n,
            leaves: nl,
            base: if kk_within.is_some() { nl } else { n },
            distinct,
            pre_clustered: kk_within.is_some(),
        };
        if let Some(k) = p.k {
            k_range::check_k(k, &data)?;
        }
        if nl < 2 {
            return Err(Error::NotEnoughRows {
                n: nl,
                min: 2,
                what: format!(
                    "distinct schools to cluster: the {n} schools have identical active values"
                ),
            });
        }
        // `same_other_way`: the tree with ties broken the other way is this one (no rebuild needed).
        let (tree, same_other_way) = ward_checked(&leaves, &leaf_w);
        let tied_merges = ties::tied(&tree);
        // Gains, decreasing: the tree's, then the zero-cost merges of identical schools (FactoMineR's
        // n − 1 gains), or the within inertia of the kk pre-clustering.
        let mut gains = tree.gains();
        let mut tied: Vec<bool> = tied_merges.iter().rev().copied().collect();
        match kk_within {
            Some(wk) => {
                gains.push(wk);
                tied.push(false);
            }
            None => {
                gains.resize(n - 1, 0.0);
                tied.resize(n - 1, false);
            }
        }
        let within = within_of(&gains);
        let (k, auto, ratios) = match p.k {
            Some(k) => (k, false, Vec::new()),
            None => {
                let (lo, hi, range_notes) = k_range::auto_range(p.min, p.max, &data)?;
                notes.extend(range_notes);
                let (ratios, best) = k_range::choose(&within, lo, hi);
                let k = best.unwrap_or_else(|| {
                    notes.push(format!(
                        "no W(k)/W(k-1) ratio is defined for k in {lo}..={hi}: k = {lo}"
                    ));
                    lo
                });
                (k, true, ratios)
            }
        };
        // Cluster of each sorted row; renumber by first appearance in sorted order (cutree on rows).
        let cut_of = |leaf_cut: &[usize]| -> Vec<usize> {
            renumber(&leaf_of.iter().map(|&l| leaf_cut[l]).collect::<Vec<_>>())
        };
        let consolidate = |cut: &[usize]| -> (Vec<usize>, String) {
            if !(p.consolidate && k >= 2 && k < n) {
                return (cut.to_vec(), "none".to_string());
            }
            let centres = means(&sorted, cut, k);
            let hw = hartigan_wong(&sorted, &centres, p.iter_max);
            if hw.status == "empty_cluster" || hw.sizes.contains(&0) {
                // R's kmeans stops with "empty cluster: try a better set of initial centers".
                return (
                    cut.to_vec(),
                    "skipped: a cluster of the tree cut was empty at the start of the k-means"
                        .to_string(),
                );
            }
            (hw.labels.iter().map(|l| l + 1).collect(), hw.status)
        };
        let cut_sorted = cut_of(&tree.cut(k));
        let (final_sorted, consolidation) = consolidate(&cut_sorted);
        if consolidation.starts_with("skipped") {
            notes.push(format!(
                "consolidation {consolidation}; the tree cut is kept"
            ));
        }
        // What the ties do: alternative cuts (only computed when some merge ties).
        let alternatives = ties::alternative_cuts(&tree, &tied_merges, k, || {
            if same_other_way {
                tree.clone()
            } else {
                ward_with(&leaves, &leaf_w, Ties::OtherWay)
            }
        });
        let mut report = TieReport {
            tied_merges: tied_merges.iter().filter(|t| **t).count(),
            duplicate_merges: if kk_within.is_some() { 0 } else { n - nl },
            ..Default::default()
        };
        for alt in &alternatives {
            let alt_cut = cut_of(alt);
            if !ties::same_partition(&alt_cut, &cut_sorted) {
                report.cut_depends_on_ties = true;
                if !ties::same_partition(&consolidate(&alt_cut).0, &final_sorted) {
                    report.partition_depends_on_ties = true;
                }
            }
        }
        // Numbered and summarised in sorted order (sums in a canonical order), then put back.
        let (final_sorted, centres, sizes, between_ratio) =
            number_and_summarise(&sorted, &sw, final_sorted, k);
        let mut tree_cut = vec![0; n];
        let mut clusters = vec![0; n];
        for (s, &i) in order.iter().enumerate() {
            tree_cut[i] = cut_sorted[s];
            clusters[i] = final_sorted[s];
        }
        Ok(HcpcResult {
            k,
            k_automatic: auto,
            gains,
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
            distinct,
            notes,
            ties: report,
            tied,
            tree,
            leaf_of,
        })
    }
}

/// W(k) for k = 1..=len + 1 from gains sorted decreasingly: `W(k) = Σ_{r >= k} gain_r` (1-based), as
/// FactoMineR's `intra <- rev(cumsum(rev(inert.gain)))`.
fn within_of(gains: &[f64]) -> Vec<f64> {
    let mut w = vec![0.0; gains.len() + 1];
    let mut acc = 0.0;
    for k in (1..=gains.len()).rev() {
        acc += gains[k - 1];
        w[k - 1] = acc;
    }
    w
}

/// Rows sorted by their first coordinate, equal ones — up to rounding: see
/// [`super::labels::near_tie_runs`] — by `rank` (by row when `None`): a parallel sort whose result is
/// the same whatever the thread count.
fn first_coordinate_order<P: Points + ?Sized>(coords: &P, rank: Option<&[usize]>) -> Vec<usize> {
    use rayon::prelude::*;
    // (key, tie-break, row) triples: the comparisons read nothing else at random, and the row breaks
    // any remaining tie, so an unstable sort gives a unique order.
    let mut keyed: Vec<(f64, usize, usize)> = (0..coords.n())
        .map(|i| (coords.row(i)[0], rank.map_or(i, |r| r[i]), i))
        .collect();
    keyed.par_sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let keys: Vec<f64> = keyed.iter().map(|x| x.0).collect();
    for (s, e) in super::labels::near_tie_runs(&keys) {
        keyed[s..e].sort_unstable_by_key(|x| (x.1, x.2));
    }
    keyed.into_iter().map(|x| x.2).collect()
}
