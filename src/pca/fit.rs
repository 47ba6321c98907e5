//! The PCA itself: moments, eigendecomposition, signs, coordinates, cos2 and contributions (see the
//! module documentation of [`super`]).

use super::moments::{self, Moments};
use super::params::PcaValidParams;
use super::result::*;
use super::*;
use crate::error::{Error, Result};
use linfa_linalg::eigh::Eigh;
use ndarray::{Array1, Array2};

fn to_rows(a: &Array2<f64>) -> Vec<Vec<f64>> {
    a.outer_iter().map(|r| r.to_vec()).collect()
}

impl PcaValidParams {
    /// Fit on a complete matrix (n × p). `weights = None` gives uniform weights.
    ///
    /// # Returns
    /// A [`PcaResult`]: all p eigenvalues (with percentages), and for the `ncp` components kept the
    /// coord, cos2 and contrib of the n individuals and of the p variables (FactoMineR's `PCA`).
    ///
    /// # Errors
    /// [`Error::NotEnoughRows`] (n < 2), [`Error::ConstantVariable`] (a column with one value: its
    /// standardisation divides by 0, where FactoMineR returns NaN), [`Error::InvalidParam`] for
    /// `names` not of length p or invalid weights, [`Error::Numeric`] for a value not finite (apply a
    /// missing-value policy first).
    ///
    /// # Example
    /// ```
    /// use ciblage::PcaParams;
    /// use ndarray::array;
    /// let x = array![[1.0, 1.0], [2.0, 3.0], [3.0, 2.0], [4.0, 4.0]];
    /// let r = PcaParams::new().ncp(2).check()?.fit(&x, &["a", "b"], None)?;
    /// // Two standardised columns with correlation ρ = 4 / 5 (by hand): eigenvalues 1 ± ρ.
    /// let rho = 0.8;
    /// assert!((r.eigenvalues[0].eigenvalue - (1.0 + rho)).abs() < 1e-12);
    /// assert!((r.eigenvalues[1].eigenvalue - (1.0 - rho)).abs() < 1e-12);
    /// # Ok::<(), ciblage::Error>(())
    /// ```
    pub fn fit(
        &self,
        x: &Array2<f64>,
        names: &[&str],
        weights: Option<&[f64]>,
    ) -> Result<PcaResult> {
        self.fit_ordered(x, names, weights, None)
    }

    /// [`Self::fit`] with the moments summed over the rows in `order` (a permutation of `0..n`; `None`:
    /// row order). Only rounding depends on the order of a sum; summing in a canonical order (the
    /// UAIs sorted, as [`table::run`] does) makes every result bitwise independent of the order of the
    /// input rows, so that ties downstream (clustering) are broken the same way whatever that order.
    pub fn fit_ordered(
        &self,
        x: &Array2<f64>,
        names: &[&str],
        weights: Option<&[f64]>,
        order: Option<&[usize]>,
    ) -> Result<PcaResult> {
        let (n, p) = x.dim();
        if n < 2 {
            return Err(Error::NotEnoughRows {
                n,
                min: 2,
                what: "a PCA".into(),
            });
        }
        if p == 0 || names.len() != p {
            return Err(Error::InvalidParam {
                name: "active",
                value: format!("{} names for {p} columns", names.len()),
                reason: "give one name per active column (at least one)".into(),
            });
        }
        if let Some(o) = order {
            let mut seen = vec![false; n];
            let permutation = o.len() == n
                && o.iter()
                    .all(|&i| i < n && !std::mem::replace(&mut seen[i], true));
            if !permutation {
                return Err(Error::InvalidParam {
                    name: "order",
                    value: format!("{} rows", o.len()),
                    reason: format!("give a permutation of the {n} rows"),
                });
            }
        }
        let t0 = std::time::Instant::now();
        let amax = project::column_magnitudes(x);
        if let Some(j) = amax.iter().position(|a| !a.is_finite()) {
            let i = (0..n).find(|&i| !x[[i, j]].is_finite()).unwrap_or(0);
            return Err(Error::Numeric {
                what: "PCA input",
                reason: format!("row {} column '{}' is not a finite number (apply a missing-value policy first)", i + 1, names[j]),
            });
        }
        let w = normalise_weights(weights, n)?;
        // Each column is brought to [-2, 2] by a power of two before anything is squared: exact, so
        // the results are those of the plain formulas, without their overflow beyond ~1e154.
        let scale: Vec<f64> = amax.iter().map(|&a| moments::pow2_scale(a)).collect();
        let inv: Vec<f64> = scale.iter().map(|s| 1.0 / s).collect();
        let mom = Moments::of_matrix_scaled(x.view(), &w, &inv, order);
        crate::trace::trace("pca: moments", t0);
        let sd_scaled = mom.sd();
        for j in 0..p {
            // Constant relative to the column's own scale: a spread at the rounding level of its largest
            // value (1e-12 of it). Values all around 1e-12 that differ are not constant.
            if sd_scaled[j] <= 1e-12 * amax[j] * inv[j] {
                return Err(Error::ConstantVariable {
                    name: names[j].into(),
                    value: mom.mean[j] * scale[j],
                    n,
                });
            }
        }
        let mut corr = mom.comoment.clone() / mom.weight;
        for a in 0..p {
            for b in 0..p {
                corr[[a, b]] /= sd_scaled[a] * sd_scaled[b];
            }
        }
        if let Some(j) = (0..p).find(|&j| !corr.row(j).iter().all(|v| v.is_finite())) {
            return Err(Error::Numeric {
                what: "PCA correlations",
                reason: format!("the correlations of '{}' are not finite numbers", names[j]),
            });
        }
        let mean = Array1::from_iter((0..p).map(|j| mom.mean[j] * scale[j]));
        let sd = Array1::from_iter((0..p).map(|j| sd_scaled[j] * scale[j]));
        let (vals, vecs) = corr.eigh().map_err(|e| Error::Numeric {
            what: "eigendecomposition",
            reason: e.to_string(),
        })?;
        // Decreasing order; ties keep the solver's order (stable sort).
        let mut order: Vec<usize> = (0..p).collect();
        order.sort_by(|&a, &b| vals[b].total_cmp(&vals[a]));
        let neig = p.min(n - 1);
        let ncp = self.0.ncp.min(neig);
        let lambda: Vec<f64> = order.iter().take(neig).map(|&k| vals[k].max(0.0)).collect();
        let mut u = Array2::zeros((p, ncp));
        for (s, &k) in order.iter().take(ncp).enumerate() {
            let col = vecs.column(k).to_vec();
            let sign = axis_sign(&col);
            for (j, v) in col.iter().enumerate() {
                u[[j, s]] = v * sign;
            }
        }
        let mut oriented = Vec::new();
        for o in &self.0.orient {
            let j = names.iter().position(|n| *n == o.variable).ok_or_else(|| {
                Error::UnknownColumn {
                    name: o.variable.clone(),
                    available: names.join(", "),
                }
            })?;
            if u[[j, o.axis - 1]] < 0.0 {
                u.column_mut(o.axis - 1).mapv_inplace(|v| -v);
                oriented.push(o.axis);
            }
        }
        let total: f64 = lambda.iter().sum();
        let mut cum = 0.0;
        let eigenvalues = lambda
            .iter()
            .enumerate()
            .map(|(s, &l)| {
                let pct = 100.0 * l / total;
                cum += pct;
                Eigenvalue {
                    component: s + 1,
                    eigenvalue: l,
                    percentage_of_variance: pct,
                    cumulative_percentage: cum,
                }
            })
            .collect();
        // Variables.
        let sqrt_l = Array1::from_iter(lambda.iter().take(ncp).map(|l| l.sqrt()));
        let coord = &u * &sqrt_l;
        let cos2 = coord.mapv(|v| v * v);
        let contrib = u.mapv(|v| 100.0 * v * v);
        let var = VarResult {
            names: names.iter().map(|s| s.to_string()).collect(),
            coord: to_rows(&coord),
            cor: to_rows(&coord),
            cos2: to_rows(&cos2),
            contrib: to_rows(&contrib),
        };
        crate::trace::trace("pca: eigen", t0);
        let mut ind = project(x, &mean, &sd, &u, &lambda[..ncp], Some(&w));
        // Contributions to an axis without variance are 0/0: undefined (empty cells, JSON null).
        for (s, &l) in lambda.iter().take(ncp).enumerate() {
            if is_null_eigenvalue(l, p) {
                for i in 0..n {
                    ind.contrib[i][s] = f64::NAN;
                }
            }
        }
        crate::trace::trace("pca: projected", t0);
        Ok(PcaResult {
            n,
            p,
            ncp,
            eigenvalues,
            means: mean.to_vec(),
            sds: sd.to_vec(),
            loadings: to_rows(&u),
            weights: w,
            var,
            ind,
            oriented,
            quali_sup: Vec::new(),
            quanti_sup: Vec::new(),
        })
    }
}
