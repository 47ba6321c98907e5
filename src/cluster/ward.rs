//! Weighted Ward hierarchical clustering (nearest-neighbour chain).
//!
//! # Parameters
//! Points (n × d, e.g. principal coordinates) and positive weights.
//!
//! # Returns
//! [`Tree`]: the n − 1 merges sorted by increasing height. The height of a merge is the **inertia gain**
//! `w_A w_B / (w_A + w_B) · ‖g_A − g_B‖²` (weights normalised to sum 1), exactly what FactoMineR's HCPC
//! cuts (flashClust `ward` on the dissimilarities `d²_ij · w_i w_j / (w_i + w_j)`): the heights sum to the
//! total inertia of the points.
//!
//! # Algorithm
//! Written here because no maintained crate does *weighted* Euclidean Ward (`kodama` is unweighted and is
//! used in the tests as a cross-check). Ward's criterion is reducible, so the nearest-neighbour chain
//! finds the same merges as the naive algorithm, computing gains from cluster centroids (O(n d) memory,
//! no n × n matrix). Each nearest neighbour is found through a k-d tree of the centroids
//! (`ward_index`) that skips only the clusters whose gain provably exceeds the best one found,
//! so the neighbour and its gain are those of a scan of every cluster, bit for bit (tested against the
//! scanning chain and a naive Ward), at a fraction of the O(n²) cost. Ties are broken towards the
//! previous chain element, then the smallest cluster index, so the tree is deterministic. The merges are
//! then sorted by height (stable; the sort key of a merge is never below its children's, so that a
//! rounding-level inversion cannot put a merge before the merges that formed its clusters).
//!
//! [`ward_with`]`(.., Ties::OtherWay)` builds the tree again with every near-tie (gains within a relative
//! [`TIE`]) broken the other way — towards the largest cluster index — which [`super::hcpc`] uses to
//! tell whether a cut depends on the ties (`ties`).
//!
//! # Examples
//! The inertia gains of the merges add up to the total inertia of the points (weights normalised to 1).
//! ```
//! use ciblage::cluster::ward::ward;
//!
//! let points = vec![vec![0.0], vec![1.0], vec![4.0], vec![6.0]];
//! let tree = ward(&points, &[1.0; 4]);
//! let mean = 11.0 / 4.0;
//! let total: f64 = points.iter().map(|p| (p[0] - mean).powi(2) / 4.0).sum();
//! assert!((tree.gains().iter().sum::<f64>() - total).abs() < 1e-12);
//! // The first merge joins the two closest points: gain = (1/4 · 1/4)/(1/2) · 1² = 0.125.
//! assert!(tree.gains().iter().any(|g| (g - 0.125).abs() < 1e-12));
//! assert_eq!(tree.cut(2).len(), 4);
//! ```

use super::ward_index::{Clusters, WardIndex};
use serde::{Deserialize, Serialize};

/// One merge of the tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Merge {
    /// First cluster (a leaf index < n, or n + index of an earlier merge in sorted order).
    pub a: usize,
    /// Second cluster.
    pub b: usize,
    /// Inertia gain.
    pub height: f64,
    /// Leaves under the merge.
    pub size: usize,
}

/// A Ward tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tree {
    /// Number of leaves.
    pub n: usize,
    /// Merges by increasing height.
    pub merges: Vec<Merge>,
}

/// Relative difference below which two inertia gains tie.
pub const TIE: f64 = 1e-12;

/// How the nearest-neighbour search breaks ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ties {
    /// Exact comparisons; equal gains go to the previous chain element, then the smallest index.
    Exact,
    /// Gains within a relative [`TIE`] of the smallest tie; they go to the previous chain element, then
    /// the **largest** index.
    OtherWay,
}

/// Build the tree of `points` (rows) with `weights` (normalised internally).
pub fn ward(points: &[Vec<f64>], weights: &[f64]) -> Tree {
    ward_with(points, weights, Ties::Exact)
}

/// [`ward`] with the tie rule `ties`.
pub fn ward_with(points: &[Vec<f64>], weights: &[f64], ties: Ties) -> Tree {
    match ties {
        Ties::Exact => ward_impl::<false>(points, weights).0,
        Ties::OtherWay => ward_impl::<true>(points, weights).0,
    }
}

/// [`ward`], and whether `ward_with(.., Ties::OtherWay)` builds the very same tree. The chain with
/// the other tie rule makes the same choice as this one at every step unless some search finds
/// another cluster within [`TIE`] of the cheapest (or the previous element within [`TIE`] above it);
/// each search here also tells what the other rule would choose, so when no step would choose
/// differently the other tree is this one, bit for bit, without building it ([`super::hcpc`] then
/// skips the rebuild).
pub fn ward_checked(points: &[Vec<f64>], weights: &[f64]) -> (Tree, bool) {
    let (tree, diverged) = ward_impl::<false>(points, weights);
    (tree, !diverged)
}

/// The nearest-neighbour chain; `OTHER` selects [`Ties::OtherWay`] at compile time. Also returns,
/// for the exact rule, whether the other rule would have chosen differently at some step.
fn ward_impl<const OTHER: bool>(points: &[Vec<f64>], weights: &[f64]) -> (Tree, bool) {
    let n = points.len();
    let d = points.first().map_or(0, Vec::len);
    let total: f64 = weights.iter().sum();
    // Clusters by id (a merge keeps the smaller id), centroids row-major; the index finds nearest
    // neighbours without scanning every cluster, with the gains a scan would compute, bit for bit.
    let mut c = Clusters {
        d,
        centroid: points.iter().flatten().copied().collect(),
        weight: weights.iter().map(|x| x / total).collect(),
        active: vec![true; n],
    };
    let mut index = WardIndex::new(&c);
    let mut leaf: Vec<usize> = (0..n).collect();
    let mut raw: Vec<(usize, usize, f64)> = Vec::with_capacity(n.saturating_sub(1));
    // Sort key of the merge that formed each active cluster (0 for a leaf): a merge's key is its gain,
    // raised to its children's keys if rounding (or a near-tie broken the other way) made it smaller,
    // so that sorting by key keeps every merge after the merges below it.
    let mut key_of: Vec<f64> = vec![0.0; n];
    let mut keys: Vec<f64> = Vec::with_capacity(n.saturating_sub(1));
    let mut chain: Vec<usize> = Vec::new();
    // Active clusters only go away, so the smallest active id only grows.
    let mut smallest = 0;
    let mut active = n;
    let mut diverged = false;
    while active > 1 {
        if chain.is_empty() {
            while !c.active[smallest] {
                smallest += 1;
            }
            chain.push(smallest);
        }
        let top = chain[chain.len() - 1];
        let prev = if chain.len() >= 2 {
            Some(chain[chain.len() - 2])
        } else {
            None
        };
        // Nearest neighbour of `top` other than `prev` (ties: the smallest id; with OTHER, the largest
        // id within TIE of the least gain); then the previous chain element wins ties.
        // Only a cluster cheaper than `prev` matters (else `prev` wins), so the search is capped at
        // its gain.
        let prev_d = prev.map_or(f64::INFINITY, |p| c.gain(top, p));
        let decide = |prev_wins: bool, j: usize, g: f64| {
            if prev.is_some() && prev_wins {
                (prev, prev_d)
            } else if j != usize::MAX {
                (Some(j), g)
            } else {
                (prev, prev_d)
            }
        };
        let (best, best_d) = if OTHER {
            let (g_min, j_min) = index.nearest(&c, top, prev, prev_d, Some(TIE));
            decide(prev_d <= g_min + TIE * g_min, j_min, g_min)
        } else {
            let (g_min, j_min, j_other) = index.nearest_watching(&c, top, prev, prev_d, TIE);
            let chosen = decide(prev_d <= g_min, j_min, g_min);
            if !diverged {
                // What the other rule decides on the same clusters (its gain is `j_other`'s).
                let g_other = if j_other == j_min {
                    g_min
                } else {
                    c.gain(top, j_other)
                };
                let other = decide(prev_d <= g_other + TIE * g_other, j_other, g_other);
                diverged = other.0 != chosen.0;
            }
            chosen
        };
        let Some(best) = best else { break };
        if Some(best) == prev {
            chain.pop();
            chain.pop();
            let (a, b) = (top.min(best), top.max(best));
            debug_assert_eq!(best_d, c.gain(a, b));
            let (wa, wb) = (c.weight[a], c.weight[b]);
            let wab = wa + wb;
            for k in 0..d {
                let (xa, xb) = (c.centroid[a * d + k], c.centroid[b * d + k]);
                c.centroid[a * d + k] = (wa * xa + wb * xb) / wab;
            }
            c.weight[a] = wab;
            c.active[b] = false;
            active -= 1;
            raw.push((leaf[a], leaf[b], best_d));
            let key = best_d.max(key_of[a]).max(key_of[b]);
            keys.push(key);
            key_of[a] = key;
            leaf[a] = leaf[a].min(leaf[b]);
            index.merged(&c, a, b);
        } else {
            chain.push(best);
        }
    }
    (assemble(n, &raw, &keys), diverged)
}

/// The tree from the merges in discovery order (`raw`: leaves representing each side, gain) and their
/// sort keys: merges sorted by key (stable: ties keep discovery order, children first) and relabelled
/// with a union-find.
pub(crate) fn assemble(n: usize, raw: &[(usize, usize, f64)], keys: &[f64]) -> Tree {
    // Sort by key (stable: ties keep discovery order, children first) and relabel with a union-find.
    let mut order: Vec<usize> = (0..raw.len()).collect();
    order.sort_by(|&x, &y| keys[x].total_cmp(&keys[y]));
    let mut parent: Vec<usize> = (0..n).collect();
    let mut node: Vec<usize> = (0..n).collect();
    let mut size = vec![1usize; n];
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut merges = Vec::with_capacity(raw.len());
    for (step, &o) in order.iter().enumerate() {
        let (la, lb, h) = raw[o];
        let (ra, rb) = (find(&mut parent, la), find(&mut parent, lb));
        let (na, nb) = (node[ra].min(node[rb]), node[ra].max(node[rb]));
        let s = size[ra] + size[rb];
        parent[rb] = ra;
        node[ra] = n + step;
        size[ra] = s;
        merges.push(Merge {
            a: na,
            b: nb,
            height: h,
            size: s,
        });
    }
    Tree { n, merges }
}

impl Tree {
    /// Inertia gains, decreasing (FactoMineR's `inert.gain`).
    pub fn gains(&self) -> Vec<f64> {
        self.merges.iter().rev().map(|m| m.height).collect()
    }

    /// Within-cluster inertia of the partition into k clusters, for k = 1..=n (`within[k-1]`).
    pub fn within(&self) -> Vec<f64> {
        let g = self.gains();
        let mut w = vec![0.0; g.len() + 1];
        // within(k) = sum of the gains of the merges not undone = Σ_{r >= k} gain_r (1-based ranks).
        let mut acc = 0.0;
        for k in (1..=g.len()).rev() {
            acc += g[k - 1];
            w[k - 1] = acc;
        }
        w
    }

    /// Cut into `k` clusters; labels numbered 1..=k by first appearance in leaf order (R's `cutree`).
    pub fn cut(&self, k: usize) -> Vec<usize> {
        let n = self.n;
        let k = k.clamp(1, n.max(1));
        self.partition(0..n - k)
    }

    /// The partition of the leaves after the merges `done` (ranks in height order; a merge must come
    /// with the merges below it), labels 1.. by first appearance in leaf order.
    pub fn partition(&self, done: impl IntoIterator<Item = usize>) -> Vec<usize> {
        let n = self.n;
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        // A representative leaf per node (leaves are their own; node n + s gets one from merge s).
        let mut rep: Vec<usize> = (0..n).collect();
        for m in &self.merges {
            let la = if m.a < n { m.a } else { rep[m.a] };
            let lb = if m.b < n { m.b } else { rep[m.b] };
            rep.push(la.min(lb));
        }
        for s in done {
            let m = &self.merges[s];
            let (x, y) = (find(&mut parent, rep[m.a]), find(&mut parent, rep[m.b]));
            parent[y] = x;
        }
        let mut label = vec![0usize; n];
        let mut next = 0;
        let mut map = std::collections::HashMap::new();
        for (i, l) in label.iter_mut().enumerate() {
            let r = find(&mut parent, i);
            *l = *map.entry(r).or_insert_with(|| {
                next += 1;
                next
            });
        }
        label
    }
}
