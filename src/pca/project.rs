//! Standardising and projecting rows: column magnitudes (for the exact power-of-two scaling), row
//! weights, and the coordinates, cos², contributions and distances of active or supplementary rows.

use super::moments;
use super::IndResult;
use crate::error::{Error, Result};
use crate::matrix::RowMatrix;
use ndarray::{Array1, Array2};
use rayon::prelude::*;

/// Largest |value| of each column, +∞ for a column holding a non-finite value (one parallel pass over
/// fixed chunks of rows).
pub(crate) fn column_magnitudes(x: &Array2<f64>) -> Vec<f64> {
    let p = x.ncols();
    let fold = |acc: &mut [f64], row: &[f64]| {
        for (a, v) in acc.iter_mut().zip(row) {
            let m = if v.is_finite() {
                v.abs()
            } else {
                f64::INFINITY
            };
            if m > *a {
                *a = m;
            }
        }
    };
    match x.as_slice() {
        Some(flat) if p > 0 => flat
            .par_chunks(p * moments::CHUNK_ROWS)
            .map(|block| {
                let mut acc = vec![0.0; p];
                for row in block.chunks(p) {
                    fold(&mut acc, row);
                }
                acc
            })
            .reduce(
                || vec![0.0; p],
                |mut a, b| {
                    for (x, y) in a.iter_mut().zip(b) {
                        *x = x.max(y);
                    }
                    a
                },
            ),
        _ => {
            let mut acc = vec![0.0; p];
            for row in x.outer_iter() {
                fold(&mut acc, &row.to_vec());
            }
            acc
        }
    }
}

/// Weights normalised to sum 1 (uniform when `None`).
pub fn normalise_weights(weights: Option<&[f64]>, n: usize) -> Result<Vec<f64>> {
    match weights {
        None => Ok(vec![1.0 / n as f64; n]),
        Some(w) => {
            if w.len() != n {
                return Err(Error::InvalidParam {
                    name: "weights",
                    value: format!("{} weights", w.len()),
                    reason: format!("need one per row ({n})"),
                });
            }
            if let Some((i, v)) = w
                .iter()
                .enumerate()
                .find(|(_, v)| !v.is_finite() || **v < 0.0)
            {
                return Err(Error::InvalidParam {
                    name: "weights",
                    value: v.to_string(),
                    reason: format!("row {} has a negative or non-finite weight", i + 1),
                });
            }
            let s: f64 = w.iter().sum();
            if s <= 0.0 {
                return Err(Error::InvalidParam {
                    name: "weights",
                    value: "0".into(),
                    reason: "weights sum to zero".into(),
                });
            }
            Ok(w.iter().map(|v| v / s).collect())
        }
    }
}

/// Project rows (active or supplementary) with the active means, sds and loadings. `w` = active weights
/// (contributions are computed only for active rows).
pub fn project(
    x: &Array2<f64>,
    mean: &Array1<f64>,
    sd: &Array1<f64>,
    u: &Array2<f64>,
    lambda: &[f64],
    w: Option<&[f64]>,
) -> IndResult {
    let (n, p) = x.dim();
    let ncp = u.ncols();
    let mut coord = RowMatrix::zeros(n, ncp);
    let mut cos2 = RowMatrix::zeros(n, ncp);
    let mut contrib = RowMatrix::zeros(if w.is_some() { n } else { 0 }, ncp);
    let mut dist = vec![0.0; n];
    // Rows are projected in parallel blocks written in place (no allocation per row); every value is
    // computed from its own row only, so the bits do not depend on the thread count.
    const BLOCK: usize = 4096;
    let ut: Vec<f64> = (0..ncp)
        .flat_map(|s| (0..p).map(move |j| (s, j)))
        .map(|(s, j)| u[[j, s]])
        .collect();
    let width = ncp.max(1);
    // Centred and reduced through a power of two per column (exact: the same values as
    // `(x - mean) / sd`, without overflowing for values beyond ~1e308 / 2).
    let inv: Vec<f64> = (0..p)
        .map(|j| 1.0 / moments::pow2_scale(mean[j].abs().max(sd[j])))
        .collect();
    let (mean_s, sd_s): (Vec<f64>, Vec<f64>) =
        (0..p).map(|j| (mean[j] * inv[j], sd[j] * inv[j])).unzip();
    coord
        .as_mut_slice()
        .par_chunks_mut(BLOCK * width)
        .zip(cos2.as_mut_slice().par_chunks_mut(BLOCK * width))
        .zip(dist.par_chunks_mut(BLOCK))
        .enumerate()
        .for_each(|(b, ((c, q), d))| {
            let mut z = vec![0.0; p];
            for (k, dk) in d.iter_mut().enumerate() {
                let i = b * BLOCK + k;
                let row = x.row(i);
                for (j, zj) in z.iter_mut().enumerate() {
                    *zj = (row[j] * inv[j] - mean_s[j]) / sd_s[j];
                }
                let d2: f64 = z.iter().map(|v| v * v).sum();
                for s in 0..ncp {
                    let v: f64 = z
                        .iter()
                        .zip(&ut[s * p..(s + 1) * p])
                        .map(|(zj, us)| zj * us)
                        .sum();
                    c[k * ncp + s] = v;
                    q[k * ncp + s] = if d2 > 0.0 { v * v / d2 } else { 0.0 };
                }
                *dk = d2.sqrt();
            }
        });
    if let Some(w) = w {
        contrib
            .as_mut_slice()
            .par_chunks_mut(BLOCK * width)
            .zip(coord.as_slice().par_chunks(BLOCK * width))
            .enumerate()
            .for_each(|(b, (t, c))| {
                for (k, (tr, cr)) in t.chunks_mut(width).zip(c.chunks(width)).enumerate() {
                    let wi = w[b * BLOCK + k];
                    for ((tv, cv), l) in tr.iter_mut().zip(cr).zip(lambda) {
                        *tv = 100.0 * wi * cv * cv / l;
                    }
                }
            });
    }
    IndResult {
        ids: Vec::new(),
        coord,
        cos2,
        contrib,
        dist,
    }
}
