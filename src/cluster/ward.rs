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
//! finds the same merges as the naive algorithm in O(n²) time and O(n d) memory, computing distances from
//! cluster centroids (no n × n matrix). Ties are broken towards the previous chain element, then the
//! smallest cluster index, so the tree is deterministic.

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

struct Active {
    centroid: Vec<f64>,
    weight: f64,
    /// Representative leaf (smallest leaf index) used to relabel later.
    leaf: usize,
}

fn gain(a: &Active, b: &Active) -> f64 {
    let d2: f64 = a
        .centroid
        .iter()
        .zip(&b.centroid)
        .map(|(x, y)| (x - y) * (x - y))
        .sum();
    a.weight * b.weight / (a.weight + b.weight) * d2
}

/// Build the tree of `points` (rows) with `weights` (normalised internally).
pub fn ward(points: &[Vec<f64>], weights: &[f64]) -> Tree {
    let n = points.len();
    let total: f64 = weights.iter().sum();
    let mut clusters: Vec<Option<Active>> = points
        .iter()
        .zip(weights)
        .enumerate()
        .map(|(i, (p, w))| {
            Some(Active {
                centroid: p.clone(),
                weight: w / total,
                leaf: i,
            })
        })
        .collect();
    let mut raw: Vec<(usize, usize, f64)> = Vec::with_capacity(n.saturating_sub(1));
    let mut chain: Vec<usize> = Vec::new();
    let mut remaining = n;
    while remaining > 1 {
        if chain.is_empty() {
            if let Some(first) = clusters.iter().position(Option::is_some) {
                chain.push(first);
            }
        }
        let Some(&top) = chain.last() else { break };
        let prev = if chain.len() >= 2 {
            Some(chain[chain.len() - 2])
        } else {
            None
        };
        let Some(ct) = clusters[top].as_ref() else {
            break;
        };
        let mut best = prev;
        let mut best_d = prev
            .and_then(|p| clusters[p].as_ref())
            .map_or(f64::INFINITY, |c| gain(ct, c));
        for (j, c) in clusters.iter().enumerate() {
            if j == top || Some(j) == prev {
                continue;
            }
            if let Some(c) = c {
                let d = gain(ct, c);
                if d < best_d {
                    best_d = d;
                    best = Some(j);
                }
            }
        }
        let Some(best) = best else { break };
        if Some(best) == prev {
            chain.pop();
            chain.pop();
            let (a, b) = (top.min(best), top.max(best));
            let (Some(ca), Some(cb)) = (clusters[a].take(), clusters[b].take()) else {
                break;
            };
            let w = ca.weight + cb.weight;
            let centroid = ca
                .centroid
                .iter()
                .zip(&cb.centroid)
                .map(|(x, y)| (ca.weight * x + cb.weight * y) / w)
                .collect();
            raw.push((ca.leaf, cb.leaf, best_d));
            clusters[a] = Some(Active {
                centroid,
                weight: w,
                leaf: ca.leaf.min(cb.leaf),
            });
            remaining -= 1;
        } else {
            chain.push(best);
        }
    }
    // Sort by height (stable: ties keep discovery order) and relabel with a union-find.
    let mut order: Vec<usize> = (0..raw.len()).collect();
    order.sort_by(|&x, &y| raw[x].2.total_cmp(&raw[y].2));
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
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        // A representative leaf per node (leaves are their own; node n + s gets one at step s).
        let mut rep: Vec<usize> = (0..n).collect();
        for m in self.merges.iter().take(n - k) {
            let la = if m.a < n { m.a } else { rep[m.a] };
            let lb = if m.b < n { m.b } else { rep[m.b] };
            let (x, y) = (find(&mut parent, la), find(&mut parent, lb));
            parent[y] = x;
            rep.push(la.min(lb));
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
