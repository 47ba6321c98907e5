//! Supplementary elements: qualitative variables (category barycentres and v-tests), quantitative
//! variables (correlations with the axes) and individuals (see [`super::project`]).
//!
//! # Algorithm
//! As FactoMineR: the coordinate of a category is the weighted mean of the coordinates of its schools;
//! its v-test on axis s is `coord / √λ_s · √(n_c (n − 1) / (n − n_c))` (n_c schools in the category, n in
//! all), approximately N(0, 1) when the category is a random draw. A category that holds every school has
//! an undefined v-test (0/0; R gives NA), and so has any v-test on an axis without variance
//! ([`super::is_null_eigenvalue`]): NaN, written as an empty cell and JSON `null`. A supplementary
//! quantitative variable's coordinate is its weighted correlation with the component (undefined on an
//! axis without variance).

use super::PcaResult;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// A supplementary qualitative variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualiSup {
    /// Variable name.
    pub variable: String,
    /// Categories (sorted, as R factor levels).
    pub categories: Vec<String>,
    /// Schools per category.
    pub counts: Vec<usize>,
    /// Barycentre coordinates (category × component).
    pub coord: Vec<Vec<f64>>,
    /// v-tests (category × component).
    pub vtest: Vec<Vec<f64>>,
}

/// A supplementary quantitative variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuantiSup {
    /// Variable name.
    pub variable: String,
    /// Correlation with each component.
    pub coord: Vec<f64>,
    /// Squared correlations.
    pub cos2: Vec<f64>,
}

/// Project a qualitative variable (one label per active row; empty labels form the category `(missing)`).
pub fn quali_sup<S: AsRef<str>>(res: &PcaResult, variable: &str, labels: &[S]) -> Result<QualiSup> {
    if labels.len() != res.n {
        return Err(Error::InvalidParam {
            name: "quali_sup",
            value: variable.into(),
            reason: format!("{} labels for {} rows", labels.len(), res.n),
        });
    }
    // Categories (sorted by name) and, in one pass over the rows in order, the weight and weighted
    // coordinate sums of each: the same sums, in the same order, as taking each category apart.
    let missing: Vec<&str> = labels
        .iter()
        .map(|l| {
            let l = l.as_ref();
            if l.is_empty() {
                "(missing)"
            } else {
                l
            }
        })
        .collect();
    let (code, cats) = crate::data::table::dictionary(&missing);
    let ncp = res.ncp;
    let mut count = vec![0usize; cats.len()];
    let mut wsum = vec![0.0; cats.len()];
    let mut csum = vec![0.0; cats.len() * ncp];
    for (i, &c) in code.iter().enumerate() {
        let c = c as usize;
        count[c] += 1;
        wsum[c] += res.weights[i];
        for (s, x) in res.ind.coord[i].iter().enumerate() {
            csum[c * ncp + s] += res.weights[i] * x;
        }
    }
    let n = res.n as f64;
    let mut out = QualiSup {
        variable: variable.into(),
        categories: Vec::new(),
        counts: Vec::new(),
        coord: Vec::new(),
        vtest: Vec::new(),
    };
    for (g, cat) in cats.iter().enumerate() {
        let wc = wsum[g];
        let coord: Vec<f64> = (0..ncp).map(|s| csum[g * ncp + s] / wc).collect();
        // Weighted count in "rows" units (equals the count with uniform weights).
        let nc = wc * n;
        // A category holding every school: n - n_c is 0 (or rounding of the weights' sum), the v-test
        // 0/0 — undefined, as R's NA.
        let factor = if count[g] < res.n && n - nc > 0.0 {
            (nc * (n - 1.0) / (n - nc)).sqrt()
        } else {
            f64::NAN
        };
        let vtest = coord
            .iter()
            .zip(&res.eigenvalues)
            .map(|(c, e)| {
                if super::is_null_eigenvalue(e.eigenvalue, res.p) {
                    f64::NAN
                } else {
                    c / e.eigenvalue.sqrt() * factor
                }
            })
            .collect();
        out.categories.push(cat.to_string());
        out.counts.push(count[g]);
        out.coord.push(coord);
        out.vtest.push(vtest);
    }
    Ok(out)
}

/// Project a quantitative variable (complete, one value per active row).
pub fn quanti_sup(res: &PcaResult, variable: &str, values: &[f64]) -> Result<QuantiSup> {
    if values.len() != res.n || values.iter().any(|v| !v.is_finite()) {
        return Err(Error::InvalidParam {
            name: "quanti_sup",
            value: variable.into(),
            reason:
                "needs one finite value per analysed school (missing values are not allowed here)"
                    .into(),
        });
    }
    let w = &res.weights;
    // Through a power of two (exact), as the active columns: no overflow for huge values.
    let amax = values.iter().fold(0.0f64, |a, v| a.max(v.abs()));
    let scale = super::moments::pow2_scale(amax);
    let scaled: Vec<f64> = values.iter().map(|v| v / scale).collect();
    let values = &scaled;
    let m: f64 = values.iter().zip(w).map(|(v, w)| v * w).sum();
    let sd = values
        .iter()
        .zip(w)
        .map(|(v, w)| w * (v - m) * (v - m))
        .sum::<f64>()
        .sqrt();
    if sd <= 1e-12 * amax / scale {
        return Err(Error::ConstantVariable {
            name: variable.into(),
            value: m * scale,
            n: res.n,
        });
    }
    let coord: Vec<f64> = (0..res.ncp)
        .map(|s| {
            if super::is_null_eigenvalue(res.eigenvalues[s].eigenvalue, res.p) {
                return f64::NAN;
            }
            let l = res.eigenvalues[s].eigenvalue.sqrt();
            values
                .iter()
                .enumerate()
                .map(|(i, v)| w[i] * (v - m) / sd * res.ind.coord[i][s])
                .sum::<f64>()
                / l
        })
        .collect();
    Ok(QuantiSup {
        variable: variable.into(),
        cos2: coord.iter().map(|c| c * c).collect(),
        coord,
    })
}
