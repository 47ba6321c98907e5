//! k-means++ seeding (Arthur & Vassilvitskii 2007), seeded and weighted: each new centre is a point
//! drawn with probability ∝ weight × squared distance to the nearest centre chosen so far.
//!
//! # Algorithm
//! The squared distance of every point to its nearest centre is kept, with that centre (its *owner*),
//! and each centre keeps the list of the points it owns by decreasing distance. When a centre c is
//! added, a point whose owner o satisfies ‖c − o‖² > 4 · dist (by a relative 1e-9, far more than
//! rounding) is provably farther from c than from o (‖x − c‖ ≥ ‖c − o‖ − ‖x − o‖ > ‖x − o‖), so its
//! distance is not recomputed: of each owner's list only the prefix of points with 4 · dist ≥
//! ‖c − o‖² is visited (Raff 2021, "Exact acceleration of k-means++ and k-means‖"). A new centre
//! thus computes the distances of the points that may move to it, instead of all n, and the
//! distances are those of computing every one, bit for bit. The draw: the weighted distances are summed over fixed chunks of
//! [`SUM_CHUNK`] points (a chunk's sum recomputed only when one of its distances changed), the chunk
//! holding the draw is found from the sums in order, then the point within it; all of it is in index
//! order, so the centres do not depend on the thread count.
//!
//! Hand-written rather than taken from linfa: linfa-clustering's k-means++ recomputes all k × n
//! distances, and its weights and tie rules are not the ones ciblage's k-means documents.

use super::centres::{d2, may_beat};
use crate::matrix::Points;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

/// Points per chunk of k-means' fixed-size parallel passes.
pub(crate) const CHUNK: usize = 8192;

/// Points per chunk of the seeding's sums: small, as a new centre changes the distances of a few
/// points, scattered over the rows, and their chunks are summed again; the draw then walks n / 16
/// sums (62,500 at 1M schools) and 16 points.
const SUM_CHUNK: usize = 16;

/// The points a centre owns, by decreasing distance (ties by index), each with its distance and a
/// copy of its coordinates: a new centre reads a prefix of each nearby cell in memory order (the
/// rows themselves, read at random, cost more than the distances).
struct Cell {
    /// The points before it have left the cell (a gap, dropped when it is half the cell).
    start: usize,
    dist: Vec<f64>,
    idx: Vec<usize>,
    /// `d` coordinates per point, in the order of `idx`.
    coords: Vec<f64>,
}

impl Cell {
    fn of<P: Points + ?Sized>(mut idx: Vec<usize>, dist: &[f64], points: &P, d: usize) -> Self {
        idx.sort_unstable_by(|&a, &b| dist[b].total_cmp(&dist[a]).then(a.cmp(&b)));
        let mut coords = Vec::with_capacity(idx.len() * d);
        for &j in &idx {
            coords.extend_from_slice(points.row(j));
        }
        Cell {
            start: 0,
            dist: idx.iter().map(|&j| dist[j]).collect(),
            idx,
            coords,
        }
    }

    /// Drop the gap before `start` once it is half the cell (amortised: each point is moved at most
    /// once per halving).
    fn compact(&mut self, d: usize) {
        if self.start > 0 && 2 * self.start >= self.dist.len() {
            self.dist.drain(..self.start);
            self.idx.drain(..self.start);
            self.coords.drain(..self.start * d);
            self.start = 0;
        }
    }
}

/// The seeding's result: the k centres, and for every point its nearest centre (ties to the smallest
/// index) — the first assignment of Lloyd's iterations, found on the way.
pub(crate) struct Seeds {
    pub centres: Vec<Vec<f64>>,
    pub owner: Vec<usize>,
}

/// Weighted sum of one chunk's distances (`c`-th chunk).
fn chunk_sum(dist: &[f64], c: usize, w: &(impl Fn(usize) -> f64 + Sync)) -> f64 {
    dist[c * SUM_CHUNK..((c + 1) * SUM_CHUNK).min(dist.len())]
        .iter()
        .enumerate()
        .map(|(k, v)| v * w(c * SUM_CHUNK + k))
        .sum::<f64>()
}

/// The point drawn by `r` (uniform in [0, Σ sums)): the chunk where the running sum of `sums` first
/// exceeds `r`, then the point of that chunk where the running sum of weight × distance does. Rounding
/// cannot make it return a point of weight 0 (a centre already, or a weightless point): past the end
/// of a chunk or of the chunks, the last one with positive weight is taken. `None` when every
/// weighted distance is 0.
pub(crate) fn draw(
    mut r: f64,
    sums: &[f64],
    dist: &[f64],
    w: &(impl Fn(usize) -> f64 + Sync),
) -> Option<usize> {
    let mut chunk = None;
    for (c, &s) in sums.iter().enumerate() {
        if s > 0.0 {
            chunk = Some(c);
            if r < s {
                break;
            }
            r -= s;
        }
    }
    let c = chunk?;
    let mut pick = None;
    for i in c * SUM_CHUNK..((c + 1) * SUM_CHUNK).min(dist.len()) {
        let wv = dist[i] * w(i);
        if wv > 0.0 {
            pick = Some(i);
            if r < wv {
                break;
            }
            r -= wv;
        }
    }
    pick
}

/// The next centre: drawn by [`draw`] when some weighted distance is positive, else any point.
fn pick(
    total: f64,
    sums: &[f64],
    dist: &[f64],
    w: &(impl Fn(usize) -> f64 + Sync),
    rng: &mut ChaCha8Rng,
) -> usize {
    if total > 0.0 {
        // A positive total has a chunk, and in it a point, of positive weight: `draw` finds one.
        draw(rng.random::<f64>() * total, sums, dist, w).unwrap_or(dist.len() - 1)
    } else {
        rng.random_range(0..dist.len())
    }
}

/// `k` centres (k ≤ n) drawn from `points` with weights `w` by `rng`.
pub(crate) fn kmeans_pp<P: Points + ?Sized>(
    points: &P,
    w: &(impl Fn(usize) -> f64 + Sync),
    k: usize,
    rng: &mut ChaCha8Rng,
) -> Seeds {
    let n = points.n();
    let mut centres = vec![points.row(rng.random_range(0..n)).to_vec()];
    let mut dist: Vec<f64> = (0..n)
        .into_par_iter()
        .map(|i| d2(points.row(i), &centres[0]))
        .collect();
    let mut owner = vec![0usize; n];
    // The points each centre owns, by decreasing distance.
    let t0 = std::time::Instant::now();
    let d = points.dim();
    let all: Vec<usize> = (0..n).collect();
    let mut cells = vec![Cell::of(all, &dist, points, d)];
    // Per centre: its coordinates (flat, `d` each) and the largest distance of its points (−1: none).
    let mut flat = centres[0].clone();
    let mut far = vec![cells[0].dist.first().copied().unwrap_or(-1.0)];
    let mut computed = 0usize;
    crate::trace::trace(
        "k-means++ seeding: points by distance to the first centre",
        t0,
    );
    let chunks = n.div_ceil(SUM_CHUNK);
    let mut sums: Vec<f64> = (0..chunks)
        .into_par_iter()
        .map(|c| chunk_sum(&dist, c, w))
        .collect();
    let (mut dirty, mut dirty_list) = (vec![false; chunks], Vec::new());
    while centres.len() < k {
        let total: f64 = sums.iter().sum();
        let next = pick(total, &sums, &dist, w, rng);
        let c = points.row(next).to_vec();
        let m = centres.len();
        let mut taken = Vec::new();
        // The scan of the earlier centres reads two flat arrays (coordinates, largest distance):
        // following each centre's and cell's own allocation cost more than the distances.
        for (o, (cell, oc)) in cells.iter_mut().zip(flat.chunks_exact(d)).enumerate() {
            // ‖c − o‖² > 4 × the largest distance of o's points: none of them is nearer to c.
            if far[o] < 0.0 {
                continue;
            }
            let cc = d2(&c, oc);
            if !may_beat(cc, 4.0 * far[o]) {
                continue;
            }
            let live = cell.start;
            // o's points by decreasing distance: those with ‖c − o‖² ≤ 4 dist (see the module
            // documentation) are a prefix; only they may be nearer to c.
            let reach = live
                + cell.dist[live..]
                    .iter()
                    .position(|&v| !may_beat(cc, 4.0 * v))
                    .unwrap_or(cell.dist.len() - live);
            computed += reach - live;
            // The points that stay are packed at the end of the prefix, in order, and the cell's
            // start moves past the gap: the rest of the cell is never moved.
            let mut w = reach;
            for r in (live..reach).rev() {
                let j = cell.idx[r];
                let x = d2(&cell.coords[r * d..(r + 1) * d], &c);
                if x < cell.dist[r] {
                    dist[j] = x;
                    owner[j] = m;
                    if !dirty[j / SUM_CHUNK] {
                        dirty[j / SUM_CHUNK] = true;
                        dirty_list.push(j / SUM_CHUNK);
                    }
                    taken.push(j);
                } else {
                    w -= 1;
                    cell.dist[w] = cell.dist[r];
                    cell.idx[w] = j;
                    cell.coords.copy_within(r * d..(r + 1) * d, w * d);
                }
            }
            cell.start = w;
            cell.compact(d);
            far[o] = cell.dist.get(cell.start).copied().unwrap_or(-1.0);
        }
        let cell = Cell::of(taken, &dist, points, d);
        far.push(cell.dist.first().copied().unwrap_or(-1.0));
        cells.push(cell);
        flat.extend_from_slice(&c);
        for ch in dirty_list.drain(..) {
            sums[ch] = chunk_sum(&dist, ch, w);
            dirty[ch] = false;
        }
        centres.push(c);
    }
    crate::trace::trace(
        &format!("k-means++ seeding: {computed} distances for {k} centres"),
        t0,
    );
    Seeds { centres, owner }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// The seeding as first written: every distance recomputed for every new centre, the total summed
    /// afresh (the reference the pruned seeding must equal bit for bit).
    fn reference(
        points: &[Vec<f64>],
        w: &(impl Fn(usize) -> f64 + Sync),
        k: usize,
        rng: &mut ChaCha8Rng,
    ) -> Vec<Vec<f64>> {
        let n = points.len();
        let mut centres = vec![points[rng.random_range(0..n)].clone()];
        let mut dist: Vec<f64> = points.iter().map(|p| d2(p, &centres[0])).collect();
        while centres.len() < k {
            let sums: Vec<f64> = dist
                .chunks(SUM_CHUNK)
                .enumerate()
                .map(|(c, ch)| {
                    ch.iter()
                        .enumerate()
                        .map(|(k, v)| v * w(c * SUM_CHUNK + k))
                        .sum::<f64>()
                })
                .collect();
            let total: f64 = sums.iter().sum();
            let next = pick(total, &sums, &dist, w, rng);
            let c = points[next].clone();
            for (i, dv) in dist.iter_mut().enumerate() {
                *dv = dv.min(d2(&points[i], &c));
            }
            centres.push(c);
        }
        centres
    }

    #[test]
    fn the_draw_follows_the_running_sum_and_never_takes_a_weightless_point() {
        // Two chunks: point 3 (weighted distance 2) and point SUM_CHUNK + 1 (weighted distance 4).
        let n = SUM_CHUNK + 4;
        let mut dist = vec![0.0; n];
        dist[3] = 1.0;
        dist[SUM_CHUNK + 1] = 2.0;
        let w = |_: usize| 2.0;
        let sums = [chunk_sum(&dist, 0, &w), chunk_sum(&dist, 1, &w)];
        assert_eq!(sums, [2.0, 4.0]);
        assert_eq!(draw(0.0, &sums, &dist, &w), Some(3));
        assert_eq!(draw(1.999, &sums, &dist, &w), Some(3));
        assert_eq!(draw(2.0, &sums, &dist, &w), Some(SUM_CHUNK + 1));
        assert_eq!(draw(5.999, &sums, &dist, &w), Some(SUM_CHUNK + 1));
        // A draw pushed past the total by rounding takes the last weighted point, not point n − 1
        // (distance 0: a centre already).
        assert_eq!(draw(6.0 + 1e-12, &sums, &dist, &w), Some(SUM_CHUNK + 1));
        assert_eq!(draw(0.5, &[0.0, 0.0], &vec![0.0; n], &w), None);
    }

    #[test]
    fn pruned_seeding_draws_the_same_centres_and_owners_as_the_full_computation() {
        let mut data = ChaCha8Rng::seed_from_u64(11);
        // Continuous, gridded (exact ties, duplicates) and weighted tables; more than one chunk.
        for (n, d, k, grid, weighted) in [
            (20_000, 5, 300, false, true),
            (9_000, 2, 120, true, false),
            (3_000, 3, 60, true, true),
            (500, 1, 40, false, false),
        ] {
            let mut points: Vec<Vec<f64>> = (0..n)
                .map(|_| {
                    (0..d)
                        .map(|_| {
                            if grid {
                                data.random_range(0..6) as f64 * 0.25
                            } else {
                                data.random::<f64>() * 4.0 - 2.0
                            }
                        })
                        .collect()
                })
                .collect();
            if n != 500 {
                // Sorted by the first coordinate, as the pre-clustering's rows: blocks are slabs.
                points.sort_by(|a, b| a[0].total_cmp(&b[0]));
            }
            let weights: Vec<f64> = (0..n).map(|i| 1.0 + (i % 3) as f64).collect();
            let w = |i: usize| if weighted { weights[i] } else { 1.0 };
            let seeds = kmeans_pp(&points, &w, k, &mut ChaCha8Rng::seed_from_u64(3));
            let expected = reference(&points, &w, k, &mut ChaCha8Rng::seed_from_u64(3));
            assert_eq!(seeds.centres, expected, "n = {n}, k = {k}");
            // Owners: each point's nearest seed, ties to the smallest index (a scan's answer).
            for (i, p) in points.iter().enumerate() {
                assert_eq!(
                    seeds.owner[i],
                    super::super::centres::scan(p, &seeds.centres).0
                );
            }
        }
    }
}
