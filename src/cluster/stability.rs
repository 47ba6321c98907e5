//! Bootstrap stability of a partition (Hennig 2007), which FactoMineR does not offer.
//!
//! # Algorithm
//! B times (seeded ChaCha8, one stream per replicate so threads do not matter): draw n schools with
//! replacement, re-run the same clustering with the same k on them, and for every original cluster C
//! compute the Jaccard similarity between C ∩ sample and each bootstrap cluster (as sets of original
//! schools), keeping the best. A cluster's stability is the mean of these best Jaccards (Hennig: below
//! 0.6 a cluster is not to be trusted, above 0.75 it is stable). Per school: the share of replicates, among
//! those that drew it, in which it sits in the bootstrap cluster best matching its own.

use super::hcpc::HcpcValidParams;
use crate::error::Result;
use crate::matrix::Points;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeSet;

/// Stability results.
#[derive(Debug, Clone, Serialize)]
pub struct Stability {
    /// Replicates.
    pub bootstrap: usize,
    /// Mean best Jaccard per cluster (index = cluster − 1).
    pub cluster_jaccard: Vec<f64>,
    /// Per school, share of replicates keeping it with its cluster (NaN when never drawn).
    pub school_stability: Vec<f64>,
}

/// Bootstrap the clustering `params` (k fixed to `k`, or to the distinct schools of a resample when it
/// holds fewer) of `coords`/`weights` whose partition is `labels`.
pub fn bootstrap<P: Points + ?Sized>(
    coords: &P,
    weights: &[f64],
    labels: &[usize],
    k: usize,
    params: &HcpcValidParams,
    b: usize,
    seed: u64,
) -> Result<Stability> {
    bootstrap_with(
        coords,
        weights,
        labels,
        (k, b, seed),
        None,
        |p, w| {
            let kr = super::distinct::count_up_to(p, k).min(k);
            Ok(params.with_k(kr).fit(p, w)?.clusters)
        },
        &indicatif::ProgressBar::hidden(),
    )
}

/// Bootstrap any clustering: `refit(points, weights)` must return labels `1..` for the resampled points
/// (k-means uses this with its own parameters); `(k, b, seed)` as in [`bootstrap`]; draws index the
/// rows in `order` (a canonical order, e.g. the UAIs'; `None`: row order), so the resamples do not
/// depend on the order of the input rows; `bar` advances by one per replicate.
pub fn bootstrap_with<P: Points + ?Sized>(
    coords: &P,
    weights: &[f64],
    labels: &[usize],
    (k, b, seed): (usize, usize, u64),
    order: Option<&[usize]>,
    refit: impl Fn(&[Vec<f64>], &[f64]) -> Result<Vec<usize>> + Sync,
    bar: &indicatif::ProgressBar,
) -> Result<Stability> {
    let n = coords.n();
    let reps: Vec<Result<(Vec<f64>, Vec<Option<bool>>)>> = (0..b)
        .into_par_iter()
        .map(|r| {
            let mut rng = ChaCha8Rng::seed_from_u64(
                seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
                    .wrapping_add(r as u64),
            );
            let idx: Vec<usize> = (0..n)
                .map(|_| rng.random_range(0..n))
                .map(|r| order.map_or(r, |o| o[r]))
                .collect();
            let pts: Vec<Vec<f64>> = idx.iter().map(|&i| coords.row(i).to_vec()).collect();
            let w: Vec<f64> = idx.iter().map(|&i| weights[i]).collect();
            let got = refit(&pts, &w)?;
            // Bootstrap clusters as sets of original schools.
            let kb = got.iter().copied().max().unwrap_or(0);
            let mut boot: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); kb];
            for (s, &i) in idx.iter().enumerate() {
                boot[got[s] - 1].insert(i);
            }
            let drawn: BTreeSet<usize> = idx.iter().copied().collect();
            let mut best_j = vec![0.0; k];
            let mut best_d = vec![usize::MAX; k];
            for c in 0..k {
                let orig: BTreeSet<usize> = drawn
                    .iter()
                    .copied()
                    .filter(|&i| labels[i] == c + 1)
                    .collect();
                for (d, set) in boot.iter().enumerate() {
                    let inter = orig.intersection(set).count() as f64;
                    let union = orig.union(set).count() as f64;
                    let j = if union > 0.0 { inter / union } else { 0.0 };
                    if j > best_j[c] {
                        best_j[c] = j;
                        best_d[c] = d;
                    }
                }
            }
            let kept: Vec<Option<bool>> = (0..n)
                .map(|i| {
                    drawn.contains(&i).then(|| {
                        best_d[labels[i] - 1] != usize::MAX
                            && boot[best_d[labels[i] - 1]].contains(&i)
                    })
                })
                .collect();
            bar.inc(1);
            Ok((best_j, kept))
        })
        .collect();
    let mut sum = vec![0.0; k];
    let mut kept = vec![(0usize, 0usize); n];
    for r in reps {
        let (j, kp) = r?;
        for c in 0..k {
            sum[c] += j[c];
        }
        for (i, x) in kp.iter().enumerate() {
            if let Some(v) = x {
                kept[i].1 += 1;
                kept[i].0 += usize::from(*v);
            }
        }
    }
    Ok(Stability {
        bootstrap: b,
        cluster_jaccard: sum
            .iter()
            .map(|s| if b > 0 { s / b as f64 } else { f64::NAN })
            .collect(),
        school_stability: kept
            .iter()
            .map(|(a, t)| {
                if *t > 0 {
                    *a as f64 / *t as f64
                } else {
                    f64::NAN
                }
            })
            .collect(),
    })
}
