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

/// A PCA run on a table, with its accounting. It serialises every field but the row bookkeeping
/// (`rows`, `uai_order`); `pca.json` is written through [`crate::export::json::PcaRunJson`], which
/// leaves out the per-school lists its output policy does not hold.
#[derive(Debug, Clone, Serialize)]
pub struct PcaRun {
    /// The result (individual ids = UAIs).
    pub result: PcaResult,
    /// Rows offered.
    pub rows_in: usize,
    /// Rows dropped by the missing policy, with reasons.
    pub rejected: Vec<Problem>,
    /// Cells imputed.
    pub imputed: Vec<ImputedCell>,
    /// Warnings (mean imputation, non-convergence...).
    pub warnings: Vec<String>,
    /// Row of the input table of each analysed school.
    #[serde(skip)]
    pub rows: Vec<usize>,
    /// The analysed schools in UAI order (positions in `rows`), `None` when they already are: the
    /// canonical order in which order-dependent sums run (`data::table::uai_order`).
    #[serde(skip)]
    pub uai_order: Option<Vec<usize>>,
}

impl PcaSpec {
    /// The same roles with every name a user gave replaced by the key of the column it stands for
    /// (see [`Table::resolve`]): `success_rate` or `Taux Reussite` → a user's `taux_reussite`.
    ///
    /// # Errors
    /// Unknown, ambiguous or non-numeric columns (saying why), and an active column named twice.
    pub fn resolve(&self, table: &Table) -> Result<PcaSpec> {
        let active: Vec<String> = self
            .active
            .iter()
            .map(|a| table.resolve_numeric(a))
            .collect::<Result<_>>()?;
        for (i, a) in active.iter().enumerate() {
            if let Some(j) = active[..i].iter().position(|b| b == a) {
                return Err(Error::Usage(format!(
                    "--active: '{}' and '{}' name the same column {}",
                    crate::text::quote(&self.active[j]),
                    crate::text::quote(&self.active[i]),
                    table.describe(a)
                )));
            }
        }
        Ok(PcaSpec {
            active,
            quali_sup: self
                .quali_sup
                .iter()
                .map(|q| table.resolve(q))
                .collect::<Result<_>>()?,
            quanti_sup: self
                .quanti_sup
                .iter()
                .map(|q| table.resolve_numeric(q))
                .collect::<Result<_>>()?,
            weights: self
                .weights
                .as_ref()
                .map(|w| table.resolve_numeric(w))
                .transpose()?,
        })
    }
}

/// `params` with each orientation variable named by its column key.
fn orient_by_key(table: &Table, params: &PcaValidParams) -> Result<PcaValidParams> {
    let mut p = params.clone();
    for o in &mut p.0.orient {
        if let Ok(k) = table.resolve(&o.variable) {
            o.variable = k;
        }
    }
    Ok(p)
}

/// Run the PCA on `table`. Column names may be any name [`Table::resolve`] accepts; the result names
/// the variables by their column keys (a user's own headers for a user's table).
pub fn run(table: &Table, spec: &PcaSpec, params: &PcaValidParams) -> Result<PcaRun> {
    if spec.active.is_empty() {
        return Err(Error::Usage(
            "no active variable given (--active ips,ips_sd,...)".into(),
        ));
    }
    let spec = &spec.resolve(table)?;
    let params = &orient_by_key(table, params)?;
    let cols: Vec<&[f64]> = spec
        .active
        .iter()
        .map(|a| table.num(a).unwrap_or_default())
        .collect();
    let n = table.len();
    // A column without any value cannot be analysed whatever the policy.
    if n > 0 {
        if let Some(j) = (0..cols.len()).find(|&j| cols[j].iter().all(|x| x.is_nan())) {
            return Err(Error::Data(format!(
                "column {} has no value in any of the {n} schools analysed: drop it from the active variables (--active, [pca] active)",
                table.describe(&spec.active[j])
            )));
        }
    }
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
    let from = |k: &str| {
        let src = table.source(k);
        if src == table.path {
            String::new()
        } else {
            format!(" (its values come from {src})")
        }
    };
    let reasons: Vec<std::sync::Arc<str>> = spec
        .active
        .iter()
        .map(|a| {
            format!(
                "missing value in active variable '{a}'{} (--missing drop)",
                from(a)
            )
            .into()
        })
        .collect();
    let mut dropped = vec![0usize; cols.len()];
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
            (Some(j), Missing::Drop) => {
                dropped[j] += 1;
                rejected.push(Problem {
                    path: path.clone(),
                    line: table.line[i],
                    unit: table.unit,
                    column: Some(spec.active[j].as_str().into()),
                    uai: Some(table.uai[i].clone()),
                    value: None,
                    reason: reasons[j].clone(),
                })
            }
            (Some(j), Missing::Error) => {
                let count = (0..n).filter(|&k| cols[j][k].is_nan()).count();
                return Err(Error::MissingValue {
                    column: table.describe(&spec.active[j]),
                    count,
                    uai: table.uai[i].to_string(),
                    line: table.line[i],
                    path: table.path.clone(),
                    origin: from(&spec.active[j]),
                });
            }
        }
    }
    let per_column = || {
        spec.active
            .iter()
            .zip(&dropped)
            .filter(|(_, d)| **d > 0)
            .map(|(a, d)| format!("{a} {d}{}", from(a)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !rejected.is_empty() {
        warnings.push(format!(
            "{} of the {n} schools dropped for a missing active value (--missing drop; each is in rejected.csv with its reason), by first missing column: {}",
            rejected.len(),
            per_column()
        ));
    }
    if rows.len() < 2 {
        return Err(Error::NotEnoughRows {
            n: rows.len(),
            min: 2,
            what: if n == 0 {
                format!(
                    "a PCA; no school to analyse in {}: see `ciblage validate` for the rows kept in each file and each join",
                    table.path
                )
            } else if rejected.is_empty() {
                format!("a PCA; the table holds {n} school(s)")
            } else {
                format!(
                    "a PCA; {} of the {n} schools were dropped for a missing active value: {}; use --missing mean|iterative or fewer active variables",
                    rejected.len(),
                    per_column()
                )
            },
        });
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
    let uai_order = crate::data::table::uai_order(rows.len(), |r| table.uai[rows[r]].as_str());
    let weights: Option<Vec<f64>> = spec.weights.as_ref().map(|wc| {
        let c = table.num(wc).unwrap_or_default();
        rows.iter().map(|&i| c[i]).collect()
    });
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
                // Imputed in UAI order (its sums then do not depend on the input order), put back.
                let res = match &uai_order {
                    Some(o) => {
                        let xo = Array2::from_shape_fn(x.dim(), |(r, j)| x[[o[r], j]]);
                        let wo: Vec<f64> = o.iter().map(|&i| w[i]).collect();
                        let mut res = impute(&xo, &wo, params.impute_params(), &names)?;
                        let mut back = Array2::zeros(x.dim());
                        for (r, &i) in o.iter().enumerate() {
                            back.row_mut(i).assign(&res.data.row(r));
                        }
                        res.data = back;
                        res
                    }
                    None => impute(&x, &w, params.impute_params(), &names)?,
                };
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
    let mut result = params.fit_ordered(&x, &names, weights.as_deref(), uai_order.as_deref())?;
    crate::trace::trace("pca: fit", t0);
    result.ind.ids = rows.iter().map(|&i| table.uai[i].clone()).collect();
    for q in &spec.quali_sup {
        let sup = match table.column(q) {
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
        let c = table.num(q).unwrap_or_default();
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
        uai_order,
    })
}
