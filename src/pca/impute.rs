//! Regularised iterative PCA imputation, as R's `missMDA::imputePCA(method = "Regularized", scale = TRUE)`.
//!
//! # Parameters
//! [`ImputeParams`]: `ncp` (2, missMDA's default), ridge coefficient (1), threshold (1e-6), maxiter (1000).
//!
//! # Algorithm
//! Missing cells start at the column mean. Each iteration re-centres and re-scales the completed table
//! (weighted, population sd), takes the eigendecomposition of `Zᵀ W Z`, estimates the noise
//! `σ² = min(coeff · n p / min(p, n−1) · Σ_{s>ncp} λ_s / ((n−1)p − (n−1)ncp − p·ncp + ncp²), λ_{ncp+1})`,
//! rebuilds `Ẑ = Z V_k diag((λ_s − σ²)/λ_s) V_kᵀ` (shrunk low-rank fit) and puts `Ẑ` back in the missing
//! cells. It stops when the weighted residual on observed cells changes by less than `threshold`
//! (relative, after at least 5 iterations) or after `maxiter` iterations.
//!
//! # Errors
//! `ncp` must be below the number of columns; a column with no observed value cannot be imputed.

use crate::error::{Error, Result};
use linfa_linalg::eigh::Eigh;
use ndarray::{Array1, Array2, Axis};
use serde::{Deserialize, Serialize};

/// Imputation settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImputeParams {
    /// Components of the low-rank fit.
    pub ncp: usize,
    /// Ridge coefficient on the noise variance.
    pub coeff_ridge: f64,
    /// Convergence threshold.
    pub threshold: f64,
    /// Maximum iterations.
    pub maxiter: usize,
}

impl Default for ImputeParams {
    fn default() -> Self {
        ImputeParams {
            ncp: 2,
            coeff_ridge: 1.0,
            threshold: 1e-6,
            maxiter: 1000,
        }
    }
}

impl ImputeParams {
    /// Validate.
    pub fn check(&self) -> Result<()> {
        if !(self.threshold > 0.0) {
            return Err(Error::InvalidParam {
                name: "threshold",
                value: self.threshold.to_string(),
                reason: "must be > 0".into(),
            });
        }
        if !(self.coeff_ridge >= 0.0) {
            return Err(Error::InvalidParam {
                name: "coeff_ridge",
                value: self.coeff_ridge.to_string(),
                reason: "must be >= 0".into(),
            });
        }
        if self.maxiter == 0 {
            return Err(Error::InvalidParam {
                name: "maxiter",
                value: "0".into(),
                reason: "must be >= 1".into(),
            });
        }
        Ok(())
    }
}

/// Result of an imputation.
#[derive(Debug, Clone)]
pub struct Imputed {
    /// Completed table.
    pub data: Array2<f64>,
    /// Iterations run.
    pub iterations: usize,
    /// Whether the convergence criterion was met (else maxiter was reached).
    pub converged: bool,
}

fn weighted_mean_sd(z: &Array2<f64>, w: &[f64]) -> (Array1<f64>, Array1<f64>) {
    let p = z.ncols();
    let ws: f64 = w.iter().sum();
    let mut mean = Array1::zeros(p);
    for (row, wi) in z.axis_iter(Axis(0)).zip(w) {
        mean.scaled_add(*wi, &row);
    }
    mean /= ws;
    let mut var = Array1::<f64>::zeros(p);
    for (row, wi) in z.axis_iter(Axis(0)).zip(w) {
        for j in 0..p {
            let d = row[j] - mean[j];
            var[j] += wi * d * d;
        }
    }
    (mean, var.mapv(|v| (v / ws).sqrt()))
}

/// Impute the `NaN` cells of `x` (n × p) with row weights `w` (any positive scale).
pub fn impute(
    x: &Array2<f64>,
    w: &[f64],
    params: &ImputeParams,
    names: &[&str],
) -> Result<Imputed> {
    params.check()?;
    let (n, p) = x.dim();
    if params.ncp >= p || params.ncp >= n.saturating_sub(1) {
        return Err(Error::InvalidParam {
            name: "impute_ncp",
            value: params.ncp.to_string(),
            reason: format!(
                "must be below the number of variables ({p}) and of rows minus one ({})",
                n.saturating_sub(1)
            ),
        });
    }
    let ws: f64 = w.iter().sum();
    let w: Vec<f64> = w.iter().map(|v| v / ws).collect();
    let missing: Vec<(usize, usize)> = x
        .indexed_iter()
        .filter(|(_, v)| v.is_nan())
        .map(|(ij, _)| ij)
        .collect();
    // Initial means and sds over observed cells.
    let mut mean = Array1::zeros(p);
    let mut et = Array1::zeros(p);
    for j in 0..p {
        let obs: Vec<(f64, f64)> = (0..n)
            .filter(|&i| !x[[i, j]].is_nan())
            .map(|i| (x[[i, j]], w[i]))
            .collect();
        let sw: f64 = obs.iter().map(|o| o.1).sum();
        if obs.is_empty() || sw <= 0.0 {
            return Err(Error::InvalidParam {
                name: "impute",
                value: names.get(j).unwrap_or(&"?").to_string(),
                reason: "column has no observed value".into(),
            });
        }
        mean[j] = obs.iter().map(|(v, wi)| v * wi).sum::<f64>() / sw;
        let c: f64 = obs
            .iter()
            .map(|(v, wi)| wi * (v - mean[j]).powi(2))
            .sum::<f64>()
            / sw;
        et[j] = c.sqrt();
        if et[j] == 0.0 {
            return Err(Error::ConstantVariable {
                name: names.get(j).unwrap_or(&"?").to_string(),
                value: mean[j],
                n: obs.len(),
            });
        }
    }
    let mut z = (x - &mean) / &et;
    for &(i, j) in &missing {
        z[[i, j]] = 0.0;
    }
    let mut fitted = z.clone();
    let mut old = f64::INFINITY;
    let mut iterations = 0;
    let mut converged = false;
    let k = params.ncp;
    let (nf, pf, kf) = (n as f64, p as f64, k as f64);
    loop {
        iterations += 1;
        for &(i, j) in &missing {
            z[[i, j]] = fitted[[i, j]];
        }
        let xcur = &z * &et + &mean;
        let (m2, e2) = weighted_mean_sd(&xcur, &w);
        mean = m2;
        et = e2;
        z = (xcur - &mean) / &et;
        // Zᵀ W Z.
        let mut zw = z.clone();
        for (mut row, wi) in zw.axis_iter_mut(Axis(0)).zip(&w) {
            row *= *wi;
        }
        let c = z.t().dot(&zw);
        let (vals, vecs) = c.eigh().map_err(|e| Error::Numeric {
            what: "imputation",
            reason: e.to_string(),
        })?;
        let mut order: Vec<usize> = (0..p).collect();
        order.sort_by(|&a, &b| vals[b].total_cmp(&vals[a]));
        let lam: Vec<f64> = order.iter().map(|&o| vals[o].max(0.0)).collect();
        let rest: f64 = lam[k..p.min(n)].iter().sum();
        let denom = (nf - 1.0) * pf - (nf - 1.0) * kf - pf * kf + kf * kf;
        let sigma2 = (nf * pf / pf.min(nf - 1.0) * rest / denom * params.coeff_ridge).min(lam[k]);
        // Projector V_k diag((λ−σ²)/λ) V_kᵀ (p × p).
        let mut proj = Array2::<f64>::zeros((p, p));
        for (s, &o) in order.iter().take(k).enumerate() {
            let v = vecs.column(o);
            let f = if lam[s] > 0.0 {
                (lam[s] - sigma2) / lam[s]
            } else {
                0.0
            };
            for a in 0..p {
                for b in 0..p {
                    proj[[a, b]] += f * v[a] * v[b];
                }
            }
        }
        fitted = z.dot(&proj);
        let mut objective = 0.0;
        for ((i, j), zv) in z.indexed_iter() {
            if !x[[i, j]].is_nan() {
                let d = zv - fitted[[i, j]];
                objective += d * d * w[i];
            }
        }
        let criterion = (1.0 - objective / old).abs();
        old = objective;
        if !criterion.is_nan()
            && ((criterion < params.threshold && iterations + 1 > 5)
                || objective < params.threshold)
        {
            converged = true;
            break;
        }
        if iterations + 1 > params.maxiter {
            break;
        }
    }
    let xhat = &z * &et + &mean;
    let mut data = x.clone();
    for &(i, j) in &missing {
        data[[i, j]] = xhat[[i, j]];
    }
    Ok(Imputed {
        data,
        iterations,
        converged,
    })
}
