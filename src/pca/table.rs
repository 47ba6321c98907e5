//! Running the PCA on a loaded [`Table`]: choosing columns, applying the missing-value policy (every
//! dropped row reported with its reason, every imputed cell listed), supplementary variables.

use super::impute::impute;
use super::{supplementary, Missing, PcaResult, PcaValidParams};
use crate::data::{Problem, Table};
use crate::error::{Error, Result};
use ndarray::Array2;
use serde::Serialize;

/// Which columns play which role.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PcaSpec {
    /// Active variables.
    pub active: Vec<String>,
    /// Supplementary qualitative variables.
    pub quali_sup: Vec<String>,
    /// Supplementary quantitative variables.
    pub quanti_sup: Vec<String>,
    /// Optional column of row weights.
    pub weights: Option<String>,
}

/// A cell filled by the missing-value policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImputedCell {
    /// School.
    pub uai: crate::data::table::Text,
    /// Variable.
    pub variable: String,
    /// Value used.
    pub value: f64,
}

/// A PCA run on a table, with its accounting.
#[derive(Debug, Clone, Serialize)]
pub struct PcaRun {
    /// The result (individual ids = UAIs).
    pub result: PcaResult,
    /// Rows offered.
    pub rows_in: usize,
    /// Rows dropped by the missing policy, with reasons (left out of JSON beyond
    /// [`super::JSON_MAX_INDIVIDUALS`] entries: `rejected.csv` has them).
    #[serde(skip_serializing_if = "super::large_list")]
    pub rejected: Vec<Problem>,
    /// Cells imputed (left out of JSON beyond [`super::JSON_MAX_INDIVIDUALS`] entries).
    #[serde(skip_serializing_if = "super::large_list")]
    pub imputed: Vec<ImputedCell>,
    /// Warnings (mean imputation, non-convergence...).
    pub warnings: Vec<String>,
    /// Row of the input table of each analysed school.
    #[serde(skip)]
    pub rows: Vec<usize>,
}

fn column<'a>(t: &'a Table, name: &str) -> Result<&'a [f64]> {
    t.num(name).ok_or_else(|| Error::UnknownColumn {
        name: name.to_string(),
        available: t
            .columns
            .iter()
            .filter(|(_, c)| matches!(c, crate::data::Column::Num(_)))
            .map(|(k, _)| k.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Run the PCA on `table`.
pub fn run(table: &Table, spec: &PcaSpec, params: &PcaValidParams) -> Result<PcaRun> {
    if spec.active.is_empty() {
        return Err(Error::Usage(
            "no active variable given (--active ips,ips_sd,...)".into(),
        ));
    }
    let cols: Vec<&[f64]> = spec
        .active
        .iter()
        .map(|a| column(table, a))
        .collect::<Result<_>>()?;
    let n = table.len();
    let mut rows = Vec::with_capacity(n);
    let mut rejected = Vec::new();
    let mut warnings = Vec::new();
    let missing_at = |i: usize| cols.iter().position(|c| c[i].is_nan());
    // Row by row only where a value is missing: the first missing cell of each row, found in parallel.
    let first_missing: Vec<(usize, usize)> = {
        use rayon::prelude::*;
        (0..n)
            .into_par_iter()
            .with_min_len(8192)
            .filter_map(|i| missing_at(i).map(|j| (i, j)))
            .collect()
    };
    let path: std::sync::Arc<str> = table.path.as_str().into();
    let reasons: Vec<std::sync::Arc<str>> = spec
        .active
        .iter()
        .map(|a| format!("missing value in active variable '{a}' (--missing drop)").into())
        .collect();
    let mut holes_at = first_missing.iter().peekable();
    for i in 0..n {
        let at = match holes_at.peek() {
            Some(&&(r, j)) if r == i => {
                holes_at.next();
                Some(j)
            }
            _ => None,
        };
        match (at, params.missing()) {
            (None, _) | (Some(_), Missing::Mean | Missing::Iterative) => rows.push(i),
            (Some(j), Missing::Drop) => rejected.push(Problem {
                path: path.clone(),
                line: table.line[i],
                unit: table.unit,
                column: Some(spec.active[j].as_str().into()),
                uai: Some(table.uai[i].clone()),
                value: None,
                reason: reasons[j].clone(),
            }),
            (Some(j), Missing::Error) => {
                let count = (0..n).filter(|&k| cols[j][k].is_nan()).count();
                return Err(Error::MissingValue {
                    column: spec.active[j].clone(),
                    count,
                    uai: table.uai[i].to_string(),
                    line: table.line[i],
                    path: table.path.clone(),
                });
            }
        }
    }
    let t0 = std::time::Instant::now();
    let p = cols.len();
    let mut x = Array2::zeros((rows.len(), p));
    if let Some(flat) = x.as_slice_mut() {
        use rayon::prelude::*;
        flat.par_chunks_mut(p * 8192)
            .zip(rows.par_chunks(8192))
            .for_each(|(block, rs)| {
                for (out, &i) in block.chunks_mut(p).zip(rs) {
                    for (o, c) in out.iter_mut().zip(&cols) {
                        *o = c[i];
                    }
                }
            });
    }
    crate::trace::trace("pca: matrix built", t0);
    let weights: Option<Vec<f64>> = match &spec.weights {
        Some(wc) => Some(
            rows.iter()
                .map(|&i| column(table, wc).map(|c| c[i]))
                .collect::<Result<_>>()?,
        ),
        None => None,
    };
    let names: Vec<&str> = spec.active.iter().map(String::as_str).collect();
    let mut imputed = Vec::new();
    let holes: Vec<(usize, usize)> = x
        .indexed_iter()
        .filter(|(_, v)| v.is_nan())
        .map(|(ij, _)| ij)
        .collect();
    if !holes.is_empty() {
        match params.missing() {
            Missing::Mean => {
                let w = super::normalise_weights(weights.as_deref(), rows.len())?;
                for j in 0..p {
                    let (s, sw) = (0..rows.len())
                        .filter(|&r| !x[[r, j]].is_nan())
                        .fold((0.0, 0.0), |(s, sw), r| (s + w[r] * x[[r, j]], sw + w[r]));
                    let m = s / sw;
                    for r in 0..rows.len() {
                        if x[[r, j]].is_nan() {
                            x[[r, j]] = m;
                        }
                    }
                }
                warnings.push(format!("{} missing value(s) replaced by the column mean (FactoMineR's behaviour); this shrinks variances", holes.len()));
            }
            Missing::Iterative => {
                let w = super::normalise_weights(weights.as_deref(), rows.len())?;
                let res = impute(&x, &w, params.impute_params(), &names)?;
                if !res.converged {
                    warnings.push(format!(
                        "iterative imputation stopped after {} iterations without converging",
                        res.iterations
                    ));
                }
                x = res.data;
            }
            Missing::Error | Missing::Drop => {}
        }
        for &(r, j) in &holes {
            imputed.push(ImputedCell {
                uai: table.uai[rows[r]].clone(),
                variable: spec.active[j].clone(),
                value: x[[r, j]],
            });
        }
    }
    crate::trace::trace("pca: holes", t0);
    let mut result = params.fit(&x, &names, weights.as_deref())?;
    crate::trace::trace("pca: fit", t0);
    result.ind.ids = rows.iter().map(|&i| table.uai[i].clone()).collect();
    for q in &spec.quali_sup {
        let sup = match table.columns.get(q) {
            None => {
                return Err(Error::UnknownColumn {
                    name: q.clone(),
                    available: table.column_names(),
                })
            }
            Some(crate::data::Column::Text(v)) => {
                let labels: Vec<&str> = rows.iter().map(|&i| v[i].as_str()).collect();
                supplementary::quali_sup(&result, q, &labels)?
            }
            Some(c) => {
                let labels: Vec<String> = rows.iter().map(|&i| c.display(i)).collect();
                supplementary::quali_sup(&result, q, &labels)?
            }
        };
        result.quali_sup.push(sup);
    }
    crate::trace::trace("pca: quali_sup", t0);
    for q in &spec.quanti_sup {
        let c = column(table, q)?;
        let v: Vec<f64> = rows.iter().map(|&i| c[i]).collect();
        result
            .quanti_sup
            .push(supplementary::quanti_sup(&result, q, &v)?);
    }
    Ok(PcaRun {
        result,
        rows_in: n,
        rejected,
        imputed,
        warnings,
        rows,
    })
}
