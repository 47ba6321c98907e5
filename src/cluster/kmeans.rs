//! Deterministic k-means: k-means++ seeding with a seeded ChaCha8 generator, then Lloyd iterations.
//!
//! # Parameters
//! [`KMeansParams`]: `k`, `seed` (1), `n_init` (1), `max_iter` (100), `tol` (1e-4): Lloyd iterations stop
//! when no point changes cluster or when the centres move by at most `tol` × the mean variance of the
//! coordinates (sum of squared shifts; scikit-learn's rule and default).
//!
//! # Returns
//! [`KMeans`]: labels 1..=k, centres, sizes, inertia (within sum of squares), iterations.
//!
//! # Algorithm
//! Written here because linfa-clustering's KMeans counts the old centroid as a point when updating
//! (biasing small clusters) and reports the cluster count of its last run. From 131,072 points on,
//! Lloyd's iterations first run on a seeded random sample (a sixteenth of the points, at least 65,536)
//! from the k-means++ centres, then on all points from the sample's centres: the full passes, which
//! dominate the time, start a few iterations from convergence. Assignment is parallel per
//! row (ties go to the smaller cluster index; from 24 centres on, the nearest centre is found through a
//! k-d tree of the centres that gives a scan's answer bit for bit, after a walk through the sorted
//! neighbours of the point's previous centre that most often settles it: `centres`; the
//! seeding
//! skips the distances a new centre provably cannot lower: `seeding`); centre sums are accumulated over fixed chunks merged in
//! order, so the result is identical for any number of threads. Emptied clusters are re-seeded, as
//! scikit-learn does, with the points farthest from their centres — distinct points, so that duplicated
//! schools cannot leave two centres on the same spot —, and the final partition is checked: no cluster
//! is ever empty.
//!
//! # Errors
//! [`Error::InvalidK`] when k = 0 or k > n; [`Error::SettingVsData`] (exit code 2) when k exceeds the
//! number of distinct points (identical schools count once: no partition into k non-empty clusters
//! exists).
//!
//! # Examples
//! ```
//! use ciblage::KMeansParams;
//!
//! let points: Vec<Vec<f64>> = [0.0, 0.1, 0.2, 5.0, 5.1, 5.2, 10.0, 10.1, 10.2]
//!     .iter()
//!     .map(|&x| vec![x])
//!     .collect();
//! let km = KMeansParams::new(3).seed(7).check()?.fit(&points)?;
//! // Each group of three is one cluster; within inertia = 3 groups × (0.1² + 0 + 0.1²).
//! assert!(km.labels[..3].iter().all(|&l| l == km.labels[0]));
//! assert!(km.labels[3..6].iter().all(|&l| l == km.labels[3]));
//! assert_ne!(km.labels[0], km.labels[3]);
//! assert_eq!(km.sizes.iter().sum::<usize>(), 9);
//! assert!((km.inertia - 0.06).abs() < 1e-9, "{}", km.inertia);
//! # Ok::<(), ciblage::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::matrix::Points;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use super::centres::{d2, Centres, Neighbours};
use super::seeding::{kmeans_pp, Seeds, CHUNK};

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
    /// Distinct points, counted up to k (so at least k: fewer is refused).
    pub distinct: usize,
}

impl KMeansParams {
    /// `k` clusters, seed 1, 100 iterations.
    pub fn new(k: usize) -> Self {
        KMeansParams {
            k,
            seed: 1,
            n_init: 1,
            max_iter: 100,
            tol: 1e-4,
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
    /// Convergence tolerance (see the module documentation).
    pub fn tol(mut self, t: f64) -> Self {
        self.tol = t;
        self
    }
    /// Validate (k >= 1, max_iter >= 1, tol finite and >= 0).
    pub fn check(self) -> Result<KMeansValidParams> {
        if !(self.tol >= 0.0 && self.tol.is_finite()) {
            return Err(Error::InvalidParam {
                name: "tol",
                value: self.tol.to_string(),
                reason: "must be a finite number >= 0".into(),
            });
        }
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

impl KMeansValidParams {
    /// The same parameters with `k` clusters (the bootstrap fits resamples with fewer distinct points).
    pub fn with_k(&self, k: usize) -> KMeansValidParams {
        KMeansValidParams(KMeansParams {
            k,
            ..self.0.clone()
        })
    }

    /// The number of clusters.
    pub fn k(&self) -> usize {
        self.0.k
    }

    /// Cluster `points` (n × d): the best of `n_init` starts.
    pub fn fit<P: Points + ?Sized>(&self, points: &P) -> Result<KMeans> {
        self.fit_weighted(points, None)
    }

    /// Cluster `points` with sample weights (`None` = 1 each): k-means++ draws with probability
    /// ∝ weight × squared distance, centres are weighted means, inertia is weighted.
    pub fn fit_weighted<P: Points + ?Sized>(
        &self,
        points: &P,
        weights: Option<&[f64]>,
    ) -> Result<KMeans> {
        if let Some(w) = weights {
            if w.len() != points.n()
                || w.iter().any(|v| !v.is_finite() || *v < 0.0)
                || w.iter().sum::<f64>() <= 0.0
            {
                return Err(Error::InvalidParam {
                    name: "weights",
                    value: format!("{} weights", w.len()),
                    reason: format!(
                        "need {} finite, non-negative weights with a positive sum",
                        points.n()
                    ),
                });
            }
        }
        let k = self.0.k;
        if k > points.n() {
            return Err(Error::InvalidK { k, n: points.n() });
        }
        let distinct = super::distinct::count_up_to(points, k);
        if distinct < k {
            return Err(Error::SettingVsData {
                setting: "k",
                value: k,
                reason: format!(
                    "only {distinct} distinct schools (identical active rows count once): choose k <= {distinct} (--k, [clustering] k)"
                ),
            });
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
            n: points.n(),
        })
    }

    fn fit_once<P: Points + ?Sized>(
        &self,
        points: &P,
        weights: Option<&[f64]>,
        seed: u64,
    ) -> Result<KMeans> {
        let p = &self.0;
        let n = points.n();
        if p.k > n {
            return Err(Error::InvalidK { k: p.k, n });
        }
        let w = |i: usize| weights.map_or(1.0, |w| w[i]);
        let d = points.dim();
        let t0 = std::time::Instant::now();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // k-means++ seeding; its owners (each point's nearest seed) are where the first assignment
        // starts its search.
        let Seeds { mut centres, owner } = kmeans_pp(points, &w, p.k, &mut rng);
        crate::trace::trace("k-means++ seeding", t0);
        let tol = p.tol * mean_variance(points);
        let mut iterations = 0;
        // Large inputs: Lloyd first runs on a seeded sample (a sixteenth, at least WARM_MIN points) and
        // the full data then starts from its centres, a few iterations from convergence.
        if n >= 2 * WARM_MIN {
            let m = (n / 16).max(WARM_MIN);
            let mut idx = rand::seq::index::sample(&mut rng, n, m).into_vec();
            idx.sort_unstable();
            let mut sub = crate::matrix::RowMatrix::zeros(m, d);
            for (r, &i) in idx.iter().enumerate() {
                sub.row_mut(r).copy_from_slice(points.row(i));
            }
            let sw: Vec<f64> = idx.iter().map(|&i| w(i)).collect();
            let mut sub_labels = vec![usize::MAX; m];
            let sub_owner: Vec<usize> = idx.iter().map(|&i| owner[i]).collect();
            iterations += lloyd(
                &sub,
                &|i| sw[i],
                &mut centres,
                (&mut sub_labels, &sub_owner),
                tol,
                p.max_iter,
            );
            crate::trace::trace(&format!("k-means: {iterations} iterations on a sample"), t0);
        }
        // usize::MAX: no label yet, so the first pass counts every point as changed.
        let mut labels = vec![usize::MAX; n];
        iterations += lloyd(
            points,
            &w,
            &mut centres,
            (&mut labels, &owner),
            tol,
            p.max_iter,
        );
        crate::trace::trace(&format!("k-means: {iterations} iterations"), t0);
        // The final assignment: a cluster left empty (its centre re-seeded by the last iteration and
        // taken over) is re-seeded again; with k distinct points at least, a few rounds suffice.
        let mut pass = assign(points, &centres, &w, (&mut labels, &owner), d);
        for _ in 0..p.k {
            if pass.count.iter().all(|&c| c > 0) {
                break;
            }
            relocate_empty(points, &mut centres, &labels, &pass);
            pass = assign(points, &centres, &w, (&mut labels, &owner), d);
        }
        if let Some(l) = pass.count.iter().position(|&c| c == 0) {
            return Err(Error::Numeric {
                what: "k-means",
                reason: format!("cluster {} stayed empty", l + 1),
            });
        }
        let sizes = pass.count.clone();
        for l in labels.iter_mut() {
            *l += 1;
        }
        Ok(KMeans {
            labels,
            centres,
            sizes,
            inertia: pass.inertia,
            iterations,
            distinct: p.k,
        })
    }
}

/// Points from which Lloyd's iterations start on a sample (see the module documentation).
const WARM_MIN: usize = 65_536;

/// Lloyd iterations from `centres` until no point changes cluster, the centres move by at most `tol`
/// (sum of squared shifts) or `max_iter` passes; returns the passes run. `labels` (0-based, `usize::MAX`
/// = none yet) are updated; `guess` gives a starting centre of the search for points without one.
fn lloyd<P: Points + ?Sized>(
    points: &P,
    w: &(impl Fn(usize) -> f64 + Sync),
    centres: &mut [Vec<f64>],
    (labels, guess): (&mut [usize], &[usize]),
    tol: f64,
    max_iter: usize,
) -> usize {
    let d = points.dim();
    for it in 1..=max_iter {
        // One pass: nearest centre, inertia, centre sums and the farthest point, per fixed chunk,
        // merged in chunk order (the same sums whatever the thread count).
        let pass = assign(points, centres, w, (&mut *labels, guess), d);
        let mut shift = 0.0;
        // Empty clusters are re-seeded with distinct points, the farthest from their centres.
        let empty = pass.count.iter().filter(|&&c| c == 0).count();
        let mut spare = if empty > 0 {
            farthest_distinct(points, centres, labels, empty).into_iter()
        } else {
            Vec::new().into_iter()
        };
        for (l, centre) in centres.iter_mut().enumerate() {
            let new: Vec<f64> = if pass.count[l] > 0 && pass.mass[l] > 0.0 {
                pass.sums[l * d..(l + 1) * d]
                    .iter()
                    .map(|v| v / pass.mass[l])
                    .collect()
            } else {
                points.row(spare.next().unwrap_or(pass.farthest)).to_vec()
            };
            shift += d2(&new, centre);
            *centre = new;
        }
        if pass.changed == 0 || shift <= tol {
            return it;
        }
    }
    max_iter
}

/// Up to `need` points, the farthest from their centres first (ties by row), distinct from one another
/// and at a positive distance from their centre (so on no centre): where scikit-learn re-seeds empty
/// clusters. Only run when a cluster is empty.
fn farthest_distinct<P: Points + ?Sized>(
    points: &P,
    centres: &[Vec<f64>],
    labels: &[usize],
    need: usize,
) -> Vec<usize> {
    let mut far: Vec<(f64, usize)> = (0..points.n())
        .into_par_iter()
        .map(|i| (d2(points.row(i), &centres[labels[i]]), i))
        .collect();
    far.par_sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen: Vec<usize> = Vec::with_capacity(need);
    for (dist, i) in far {
        if chosen.len() == need || dist <= 0.0 {
            break;
        }
        if chosen.iter().all(|&c| points.row(c) != points.row(i)) {
            chosen.push(i);
        }
    }
    chosen
}

/// Re-seed the empty clusters of the assignment `pass` (see [`farthest_distinct`]).
fn relocate_empty<P: Points + ?Sized>(
    points: &P,
    centres: &mut [Vec<f64>],
    labels: &[usize],
    pass: &Pass,
) {
    let empty: Vec<usize> = (0..centres.len()).filter(|&l| pass.count[l] == 0).collect();
    let spare = farthest_distinct(points, centres, labels, empty.len());
    for (l, i) in empty.into_iter().zip(spare) {
        centres[l] = points.row(i).to_vec();
    }
}

/// Mean over the coordinates of their (unweighted, population) variance, from per-chunk moments merged
/// in order.
fn mean_variance<P: Points + ?Sized>(points: &P) -> f64 {
    let (n, d) = (points.n(), points.dim());
    if n == 0 || d == 0 {
        return 0.0;
    }
    let parts: Vec<(Vec<f64>, Vec<f64>)> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let (mut s, mut s2) = (vec![0.0; d], vec![0.0; d]);
            for i in c * CHUNK..((c + 1) * CHUNK).min(n) {
                for (j, x) in points.row(i).iter().enumerate() {
                    s[j] += x;
                    s2[j] += x * x;
                }
            }
            (s, s2)
        })
        .collect();
    let (mut s, mut s2) = (vec![0.0; d], vec![0.0; d]);
    for (a, b) in parts {
        for j in 0..d {
            s[j] += a[j];
            s2[j] += b[j];
        }
    }
    let nf = n as f64;
    (0..d)
        .map(|j| (s2[j] / nf - (s[j] / nf).powi(2)).max(0.0))
        .sum::<f64>()
        / d as f64
}

/// What one assignment pass finds.
struct Pass {
    /// Weighted within sum of squares of the assignment.
    inertia: f64,
    /// Weighted coordinate sums per cluster (k × d).
    sums: Vec<f64>,
    /// Weight per cluster.
    mass: Vec<f64>,
    /// Points per cluster.
    count: Vec<usize>,
    /// The point farthest from its centre (first on ties).
    farthest: usize,
    /// Points whose cluster changed.
    changed: usize,
}

/// Assign every point to its nearest centre (labels 0-based, ties to the smaller index; the search
/// starts from the point's label, or its `guess` when it has none) and sum, per fixed chunk of
/// [`CHUNK`] points in parallel, merged in chunk order.
fn assign<P: Points + ?Sized>(
    points: &P,
    centres: &[Vec<f64>],
    w: &(impl Fn(usize) -> f64 + Sync),
    (labels, guess): (&mut [usize], &[usize]),
    d: usize,
) -> Pass {
    let k = centres.len();
    let search = Centres::new(centres);
    let near = Neighbours::new(centres);
    type Part = (f64, Vec<f64>, Vec<f64>, Vec<usize>, (usize, f64), usize);
    let parts: Vec<Part> = labels
        .par_chunks_mut(CHUNK)
        .enumerate()
        .map(|(c, lc)| {
            let mut inertia = 0.0;
            let mut sums = vec![0.0; k * d];
            let mut mass = vec![0.0; k];
            let mut count = vec![0usize; k];
            let mut far = (0, -1.0);
            let mut changed = 0;
            let mut stack = Vec::new();
            for (off, l) in lc.iter_mut().enumerate() {
                let i = c * CHUNK + off;
                let x = points.row(i);
                // From the point's centre (or guess): its neighbours, then the tree if needed.
                let start = if *l == usize::MAX { guess[i] } else { *l };
                let (best, dist) = if search.indexed() {
                    near.nearest(&search, x, start.min(k - 1), &mut stack)
                } else {
                    search.nearest(x, start, &mut stack)
                };
                changed += usize::from(*l != best);
                *l = best;
                let wi = w(i);
                inertia += dist * wi;
                mass[best] += wi;
                count[best] += 1;
                for (s, v) in sums[best * d..(best + 1) * d].iter_mut().zip(x) {
                    *s += wi * v;
                }
                if dist > far.1 {
                    far = (i, dist);
                }
            }
            (inertia, sums, mass, count, far, changed)
        })
        .collect();
    let mut pass = Pass {
        inertia: 0.0,
        sums: vec![0.0; k * d],
        mass: vec![0.0; k],
        count: vec![0; k],
        farthest: 0,
        changed: 0,
    };
    let mut far = -1.0;
    for (inertia, sums, mass, count, (fi, fd), changed) in parts {
        for (a, b) in pass.count.iter_mut().zip(&count) {
            *a += b;
        }
        pass.changed += changed;
        pass.inertia += inertia;
        for (a, b) in pass.sums.iter_mut().zip(&sums) {
            *a += b;
        }
        for (a, b) in pass.mass.iter_mut().zip(&mass) {
            *a += b;
        }
        if fd > far {
            far = fd;
            pass.farthest = fi;
        }
    }
    pass
}
