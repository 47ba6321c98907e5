//! The nearest-neighbour chain as it was first written — every search a scan of all active clusters
//! — kept as the reference that [`super::ward`] (searches through [`super::ward_index`]) must equal
//! bit for bit, and a naive Ward (the globally cheapest merge at every step, O(n³)) whose heights the
//! chain must reproduce. Test code only.

use super::ward::{assemble, Ties, Tree, TIE};

/// The tree of `points` as the scanning chain builds it.
pub(crate) fn ward_scan(points: &[Vec<f64>], weights: &[f64], ties: Ties) -> Tree {
    match ties {
        Ties::Exact => scan_impl::<false>(points, weights),
        Ties::OtherWay => scan_impl::<true>(points, weights),
    }
}

fn scan_impl<const OTHER: bool>(points: &[Vec<f64>], weights: &[f64]) -> Tree {
    let n = points.len();
    let d = points.first().map_or(0, Vec::len);
    let total: f64 = weights.iter().sum();
    // Active clusters live in dense arrays (one per coordinate, structure of arrays) so that the
    // nearest-neighbour scan is a vectorisable sweep; a merged-away cluster is swap-removed and ties
    // are broken on cluster ids, not positions. `at[id]` is the position of cluster `id`.
    let mut cx: Vec<Vec<f64>> = (0..d)
        .map(|k| points.iter().map(|p| p[k]).collect())
        .collect();
    let mut w: Vec<f64> = weights.iter().map(|x| x / total).collect();
    let mut ids: Vec<usize> = (0..n).collect();
    let mut at: Vec<usize> = (0..n).collect();
    let mut leaf: Vec<usize> = (0..n).collect();
    let mut buf: Vec<f64> = vec![0.0; n];
    // The gain formula, in one place: w_a w_b / (w_a + w_b) · Σ_k (x_ak − x_bk)².
    let gain = |cx: &[Vec<f64>], w: &[f64], a: usize, b: usize| -> f64 {
        let d2: f64 = cx.iter().map(|c| (c[a] - c[b]) * (c[a] - c[b])).sum();
        w[a] * w[b] / (w[a] + w[b]) * d2
    };
    let mut raw: Vec<(usize, usize, f64)> = Vec::with_capacity(n.saturating_sub(1));
    // Sort key of the merge that formed each active cluster (0 for a leaf), by position: a merge's key
    // is its gain, raised to its children's keys if rounding (or a near-tie broken the other way) made
    // it smaller, so that sorting by key keeps every merge after the merges below it.
    let mut key_at: Vec<f64> = vec![0.0; n];
    let mut keys: Vec<f64> = Vec::with_capacity(n.saturating_sub(1));
    let mut chain: Vec<usize> = Vec::new();
    while ids.len() > 1 {
        let m = ids.len();
        if chain.is_empty() {
            chain.push(*ids.iter().min().unwrap_or(&0));
        }
        let top = chain[chain.len() - 1];
        let prev = if chain.len() >= 2 {
            Some(chain[chain.len() - 2])
        } else {
            None
        };
        let pt = at[top];
        // Gains of `top` with every active cluster, coordinate by coordinate (the same sums in the
        // same order as `gain`, so the values are bitwise those of the pairwise formula).
        let fill = |start: usize, out: &mut [f64]| {
            let len = out.len();
            out.fill(0.0);
            for c in &cx {
                let t = c[pt];
                for (o, x) in out.iter_mut().zip(&c[start..start + len]) {
                    *o += (t - x) * (t - x);
                }
            }
            let wt = w[pt];
            for (o, wj) in out.iter_mut().zip(&w[start..start + len]) {
                *o *= wt * wj / (wt + wj);
            }
        };
        fill(0, &mut buf[..m]);
        // Nearest neighbour of `top`: the previous chain element wins ties, then the smallest id.
        let mut best = (f64::INFINITY, usize::MAX);
        for (j, &g) in buf[..m].iter().enumerate() {
            let id = ids[j];
            if id == top || Some(id) == prev {
                continue;
            }
            if g < best.0 || (g == best.0 && id < best.1) {
                best = (g, id);
            }
        }
        if OTHER && best.1 != usize::MAX {
            // Among the gains within TIE of the smallest, the largest id.
            let limit = best.0 + TIE * best.0;
            for (j, &g) in buf[..m].iter().enumerate() {
                let id = ids[j];
                if id != top && Some(id) != prev && g <= limit && id > best.1 {
                    best.1 = id;
                }
            }
            best.0 = buf[at[best.1]];
        }
        let (g_min, j_min) = best;
        let prev_d = prev.map_or(f64::INFINITY, |p| buf[at[p]]);
        let prev_wins = if OTHER {
            prev_d <= g_min + TIE * g_min
        } else {
            prev_d <= g_min
        };
        let (best, best_d) = if prev.is_some() && prev_wins {
            (prev, prev_d)
        } else if j_min != usize::MAX {
            (Some(j_min), g_min)
        } else {
            (prev, prev_d)
        };
        let Some(best) = best else { break };
        if Some(best) == prev {
            chain.pop();
            chain.pop();
            let (a, b) = (top.min(best), top.max(best));
            let (pa, pb) = (at[a], at[b]);
            debug_assert_eq!(best_d, gain(&cx, &w, pa, pb));
            let (wa, wb) = (w[pa], w[pb]);
            let wab = wa + wb;
            for c in cx.iter_mut() {
                c[pa] = (wa * c[pa] + wb * c[pb]) / wab;
            }
            w[pa] = wab;
            raw.push((leaf[a], leaf[b], best_d));
            let key = best_d.max(key_at[pa]).max(key_at[pb]);
            keys.push(key);
            key_at[pa] = key;
            leaf[a] = leaf[a].min(leaf[b]);
            // Swap-remove b.
            let last = m - 1;
            for c in cx.iter_mut() {
                c.swap(pb, last);
                c.pop();
            }
            w.swap(pb, last);
            w.pop();
            key_at.swap(pb, last);
            key_at.pop();
            ids.swap(pb, last);
            ids.pop();
            if pb < last {
                at[ids[pb]] = pb;
            }
        } else {
            chain.push(best);
        }
    }
    assemble(n, &raw, &keys)
}

/// Naive Ward: at every step the pair of active clusters with the least gain (ties: the smallest ids).
/// Returns the gains in merge order.
pub(crate) fn ward_naive(points: &[Vec<f64>], weights: &[f64]) -> Vec<f64> {
    let total: f64 = weights.iter().sum();
    let mut c: Vec<Vec<f64>> = points.to_vec();
    let mut w: Vec<f64> = weights.iter().map(|x| x / total).collect();
    let mut alive: Vec<usize> = (0..points.len()).collect();
    let mut gains = Vec::new();
    while alive.len() > 1 {
        let mut best = (f64::INFINITY, 0, 0);
        for (x, &a) in alive.iter().enumerate() {
            for &b in &alive[x + 1..] {
                let d2: f64 = c[a].iter().zip(&c[b]).map(|(p, q)| (p - q) * (p - q)).sum();
                let g = w[a] * w[b] / (w[a] + w[b]) * d2;
                if g < best.0 {
                    best = (g, a, b);
                }
            }
        }
        let (g, a, b) = best;
        let wab = w[a] + w[b];
        let merged: Vec<f64> = c[a]
            .iter()
            .zip(&c[b])
            .map(|(p, q)| (w[a] * p + w[b] * q) / wab)
            .collect();
        c[a] = merged;
        w[a] = wab;
        alive.retain(|&i| i != b);
        gains.push(g);
    }
    gains
}
