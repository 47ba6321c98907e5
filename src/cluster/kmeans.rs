//! Deterministic k-means: k-means++ seeding with a seeded ChaCha8 generator, then Lloyd iterations.
//!
//! # Parameters
//! [`KMeansParams`]: `k`, `seed` [1], `n_init` [1], `max_iter` [100], `tol` [1e-10, relative change of inertia].
//!
//! # Returns
//! [`KMeans`]: labels 1..=k, centres, sizes, inertia (within sum of squares), iterations.
//!
//! # Algorithm
//! Written here because linfa-clustering's KMeans counts the old centroid as a point when updating
//! (biasing small clusters) and reports the cluster count of its last run. Assignment is parallel per
//! row (ties go to the smaller cluster index); centre sums are accumulated over fixed chunks merged in
//! order, so the result is identical for any number of threads. An emptied cluster is re-seeded with the
//! point farthest from its centre.
//!
//! # Errors
//! [`Error::InvalidK`] when k = 0 or k > n.

use crate::error::{Error, Result};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

const CHUNK: usize = 8192;

/// k-means parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct KMeansParams {
    k: usize,
    seed: u64,
    n_init: usize,
    max_iter: usize,
    tol: f64,
}

/// Validated k-means parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct KMeansValidParams(KMeansParams);

/// k-means result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KMeans {
    /// Cluster of each point, 1..=k.
    pub labels: Vec<usize>,
    /// Centres.
    pub centres: Vec<Vec<f64>>,
    /// Points per cluster.
    pub sizes: Vec<usize>,
    /// Within sum of squares.
    pub inertia: f64,
    /// Lloyd iterations run.
    pub iterations: usize,
}

impl KMeansParams {
    /// `k` clusters, seed 1, 100 iterations.
    pub fn new(k: usize) -> Self {
        KMeansParams {
            k,
            seed: 1,
            n_init: 1,
            max_iter: 100,
            tol: 1e-10,
        }
    }
    /// Seed.
    pub fn seed(mut self, s: u64) -> Self {
        self.seed = s;
        self
    }
    /// Independent k-means++ starts (seeds `seed`, `seed + 1`, ...); the lowest inertia wins, the first
    /// start on ties. Default 1 (as scikit-learn's `n_init="auto"` with k-means++).
    pub fn n_init(mut self, n: usize) -> Self {
        self.n_init = n;
        self
    }
    /// Maximum Lloyd iterations.
    pub fn max_iter(mut self, m: usize) -> Self {
        self.max_iter = m;
        self
    }
    /// Validate (k >= 1, max_iter >= 1).
    pub fn check(self) -> Result<KMeansValidParams> {
        if self.k == 0 {
            return Err(Error::InvalidK { k: 0, n: 0 });
        }
        if self.max_iter == 0 {
            return Err(Error::InvalidParam {
                name: "max_iter",
                value: "0".into(),
                reason: "must be >= 1".into(),
            });
        }
        Ok(KMeansValidParams(self))
    }
}

fn d2(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

fn nearest(p: &[f64], centres: &[Vec<f64>]) -> (usize, f64) {
    let mut best = (0, f64::INFINITY);
    for (l, c) in centres.iter().enumerate() {
        let d = d2(p, c);
        if d < best.1 {
            best = (l, d);
        }
    }
    best
}

impl KMeansValidParams {
    /// Cluster `points` (n × d): the best of `n_init` starts.
    pub fn fit(&self, points: &[Vec<f64>]) -> Result<KMeans> {
        self.fit_weighted(points, None)
    }

    /// Cluster `points` with sample weights (`None` = 1 each): k-means++ draws with probability
    /// ∝ weight × squared distance, centres are weighted means, inertia is weighted.
    pub fn fit_weighted(&self, points: &[Vec<f64>], weights: Option<&[f64]>) -> Result<KMeans> {
        if let Some(w) = weights {
            if w.len() != points.len()
                || w.iter().any(|v| !v.is_finite() || *v < 0.0)
                || w.iter().sum::<f64>() <= 0.0
            {
                return Err(Error::InvalidParam {
                    name: "weights",
                    value: format!("{} weights", w.len()),
                    reason: format!(
                        "need {} finite, non-negative weights with a positive sum",
                        points.len()
                    ),
                });
            }
        }
        let mut best: Option<KMeans> = None;
        for s in 0..self.0.n_init {
            let r = self.fit_once(points, weights, self.0.seed.wrapping_add(s as u64))?;
            if best.as_ref().is_none_or(|b| r.inertia < b.inertia) {
                best = Some(r);
            }
        }
        best.ok_or(Error::InvalidK {
            k: self.0.k,
            n: points.len(),
        })
    }

    fn fit_once(&self, points: &[Vec<f64>], weights: Option<&[f64]>, seed: u64) -> Result<KMeans> {
        let p = &self.0;
        let n = points.len();
        if p.k > n {
            return Err(Error::InvalidK { k: p.k, n });
        }
        let w = |i: usize| weights.map_or(1.0, |w| w[i]);
        let d = points[0].len();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // k-means++ seeding.
        let mut centres = vec![points[rng.random_range(0..n)].clone()];
        let mut dist: Vec<f64> = points.par_iter().map(|x| d2(x, &centres[0])).collect();
        let sum_chunks = |v: Vec<f64>| v.iter().sum::<f64>();
        while centres.len() < p.k {
            let total: f64 = sum_chunks(
                dist.par_chunks(CHUNK)
                    .enumerate()
                    .map(|(c, ch)| {
                        ch.iter()
                            .enumerate()
                            .map(|(k, v)| v * w(c * CHUNK + k))
                            .sum::<f64>()
                    })
                    .collect(),
            );
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
            dist.par_iter_mut()
                .zip(points.par_iter())
                .for_each(|(dv, x)| *dv = dv.min(d2(x, &c)));
            centres.push(c);
        }
        let weighted_inertia = |assign: &[(usize, f64)]| -> f64 {
            sum_chunks(
                assign
                    .par_chunks(CHUNK)
                    .enumerate()
                    .map(|(c, ch)| {
                        ch.iter()
                            .enumerate()
                            .map(|(k, a)| a.1 * w(c * CHUNK + k))
                            .sum::<f64>()
                    })
                    .collect(),
            )
        };
        let mut labels = vec![0usize; n];
        let mut inertia = f64::INFINITY;
        let mut iterations = 0;
        for it in 1..=p.max_iter {
            iterations = it;
            let assign: Vec<(usize, f64)> =
                points.par_iter().map(|x| nearest(x, &centres)).collect();
            let new_inertia = weighted_inertia(&assign);
            for (l, a) in labels.iter_mut().zip(&assign) {
                *l = a.0;
            }
            // Centre update from per-chunk weighted sums merged in order.
            let parts: Vec<(Vec<Vec<f64>>, Vec<f64>)> = points
                .par_chunks(CHUNK)
                .zip(labels.par_chunks(CHUNK))
                .enumerate()
                .map(|(c, (pc, lc))| {
                    let mut s = vec![vec![0.0; d]; p.k];
                    let mut m = vec![0.0; p.k];
                    for (k, (x, &l)) in pc.iter().zip(lc).enumerate() {
                        let wi = w(c * CHUNK + k);
                        m[l] += wi;
                        for j in 0..d {
                            s[l][j] += wi * x[j];
                        }
                    }
                    (s, m)
                })
                .collect();
            let mut sums = vec![vec![0.0; d]; p.k];
            let mut mass = vec![0.0; p.k];
            for (s, m) in parts {
                for l in 0..p.k {
                    mass[l] += m[l];
                    for j in 0..d {
                        sums[l][j] += s[l][j];
                    }
                }
            }
            for l in 0..p.k {
                if mass[l] > 0.0 {
                    centres[l] = sums[l].iter().map(|v| v / mass[l]).collect();
                } else {
                    // Re-seed an empty cluster with the point farthest from its centre (first on ties).
                    let far = assign.iter().enumerate().fold((0, -1.0), |b, (i, a)| {
                        if a.1 > b.1 {
                            (i, a.1)
                        } else {
                            b
                        }
                    });
                    centres[l] = points[far.0].clone();
                }
            }
            let done = (inertia - new_inertia).abs() <= p.tol * new_inertia.max(f64::MIN_POSITIVE);
            inertia = new_inertia;
            if done {
                break;
            }
        }
        let assign: Vec<(usize, f64)> = points.par_iter().map(|x| nearest(x, &centres)).collect();
        let mut sizes = vec![0; p.k];
        for (l, a) in labels.iter_mut().zip(&assign) {
            *l = a.0 + 1;
            sizes[a.0] += 1;
        }
        inertia = weighted_inertia(&assign);
        Ok(KMeans {
            labels,
            centres,
            sizes,
            inertia,
            iterations,
        })
    }
}
