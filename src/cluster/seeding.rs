//! k-means++ seeding (Arthur & Vassilvitskii 2007), seeded and weighted: each new centre is a point
//! drawn with probability ∝ weight × squared distance to the nearest centre chosen so far.
//!
//! # Algorithm
//! The squared distance of every point to its nearest centre is kept, with that centre (its *owner*).
//! When a centre c is added, a point whose owner o satisfies ‖c − o‖² > 4 · dist (by a relative 1e-9,
//! far more than rounding) is provably farther from c than from o (‖x − c‖ ≥ ‖c − o‖ − ‖x − o‖ >
//! ‖x − o‖), so its distance is not recomputed; a block of 256 consecutive points whose bounding box
//! is farther from c than the block's largest distance is not even visited. The distances are those
//! of computing every one, bit for bit, at a fraction of the k × n cost when k is large. The total weight is summed over fixed
//! chunks merged in order (a chunk's sum recomputed only when one of its distances changed), and the
//! draw walks the points in order, so the centres do not depend on the thread count.

use super::centres::{d2, may_beat};
use crate::matrix::Points;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

/// Points per chunk of the sums.
pub(crate) const CHUNK: usize = 8192;

/// Points per block of the bounding boxes (a divisor of [`CHUNK`]).
const BLOCK: usize = 256;

/// Bounding boxes of the points by block of [`BLOCK`] consecutive points (rows sorted by their first
/// coordinate, as the pre-clustering's are, make them slabs).
struct Boxes {
    d: usize,
    lo: Vec<f64>,
    hi: Vec<f64>,
}

impl Boxes {
    fn new<P: Points + ?Sized>(points: &P) -> Self {
        let (n, d) = (points.n(), points.dim());
        let blocks = n.div_ceil(BLOCK);
        let (mut lo, mut hi) = (
            vec![f64::INFINITY; blocks * d],
            vec![f64::NEG_INFINITY; blocks * d],
        );
        for i in 0..n {
            let b = i / BLOCK;
            for (k, &x) in points.row(i).iter().enumerate() {
                lo[b * d + k] = lo[b * d + k].min(x);
                hi[b * d + k] = hi[b * d + k].max(x);
            }
        }
        Boxes { d, lo, hi }
    }

    /// Squared distance from `x` to the box of block `b`.
    fn d2(&self, b: usize, x: &[f64]) -> f64 {
        let d = self.d;
        let (lo, hi) = (&self.lo[b * d..(b + 1) * d], &self.hi[b * d..(b + 1) * d]);
        let mut s = 0.0;
        for k in 0..d {
            let g = (lo[k] - x[k]).max(x[k] - hi[k]).max(0.0);
            s += g * g;
        }
        s
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
    dist[c * CHUNK..((c + 1) * CHUNK).min(dist.len())]
        .iter()
        .enumerate()
        .map(|(k, v)| v * w(c * CHUNK + k))
        .sum::<f64>()
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
    let boxes = Boxes::new(points);
    // Largest distance in each block of BLOCK points.
    let mut far: Vec<f64> = dist
        .par_chunks(BLOCK)
        .map(|b| b.iter().copied().fold(0.0, f64::max))
        .collect();
    let chunks = n.div_ceil(CHUNK);
    let mut sums: Vec<f64> = (0..chunks)
        .into_par_iter()
        .map(|c| chunk_sum(&dist, c, w))
        .collect();
    while centres.len() < k {
        let total: f64 = sums.iter().sum();
        let next = if total > 0.0 {
            let mut r = rng.random::<f64>() * total;
            let mut idx = n - 1;
            for (i, v) in dist.iter().enumerate() {
                let wv = v * w(i);
                if r < wv {
                    idx = i;
                    break;
                }
                r -= wv;
            }
            idx
        } else {
            rng.random_range(0..n)
        };
        let c = points.row(next).to_vec();
        let m = centres.len();
        // Squared distance of the new centre to every earlier one.
        let cc: Vec<f64> = centres.iter().map(|o| d2(&c, o)).collect();
        let changed: Vec<bool> = dist
            .par_chunks_mut(CHUNK)
            .zip(owner.par_chunks_mut(CHUNK))
            .zip(far.par_chunks_mut(CHUNK / BLOCK))
            .enumerate()
            .map(|(ch, ((dc, oc), fc))| {
                let mut any = false;
                for (b, f) in fc.iter_mut().enumerate() {
                    // No point of the block is nearer to c than to its owner: c is farther than the
                    // block's box from every point, and that is more than the largest distance.
                    let block = ch * CHUNK / BLOCK + b;
                    if !may_beat(boxes.d2(block, &c), *f) {
                        continue;
                    }
                    let (s, e) = (b * BLOCK, ((b + 1) * BLOCK).min(dc.len()));
                    let mut moved = false;
                    for j in s..e {
                        // ‖c − o‖² > 4 dist: c is farther than o (see the module documentation).
                        if !may_beat(cc[oc[j]], 4.0 * dc[j]) {
                            continue;
                        }
                        let x = d2(points.row(ch * CHUNK + j), &c);
                        if x < dc[j] {
                            dc[j] = x;
                            oc[j] = m;
                            moved = true;
                        }
                    }
                    if moved {
                        *f = dc[s..e].iter().copied().fold(0.0, f64::max);
                        any = true;
                    }
                }
                any
            })
            .collect();
        for (ch, _) in changed.iter().enumerate().filter(|(_, c)| **c) {
            sums[ch] = chunk_sum(&dist, ch, w);
        }
        centres.push(c);
    }
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
            let total: f64 = dist
                .chunks(CHUNK)
                .enumerate()
                .map(|(c, ch)| {
                    ch.iter()
                        .enumerate()
                        .map(|(k, v)| v * w(c * CHUNK + k))
                        .sum::<f64>()
                })
                .collect::<Vec<f64>>()
                .iter()
                .sum();
            let next = if total > 0.0 {
                let mut r = rng.random::<f64>() * total;
                let mut idx = n - 1;
                for (i, v) in dist.iter().enumerate() {
                    let wv = v * w(i);
                    if r < wv {
                        idx = i;
                        break;
                    }
                    r -= wv;
                }
                idx
            } else {
                rng.random_range(0..n)
            };
            let c = points[next].clone();
            for (i, dv) in dist.iter_mut().enumerate() {
                *dv = dv.min(d2(&points[i], &c));
            }
            centres.push(c);
        }
        centres
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
