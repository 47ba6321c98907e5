//! Standardised principal component analysis, numerically identical to R's `FactoMineR::PCA(scale.unit = TRUE)`.
//!
//! # Parameters
//! [`PcaParams`] (builder; defaults in brackets): `ncp` components kept [5], row weights [uniform],
//! orientation rules [none], missing-value policy [`Missing::Drop`], imputation settings.
//!
//! # Returns
//! [`PcaResult`], a plain serde struct: eigenvalues with percentages, variables' `coord`/`cor`/`cos2`/
//! `contrib`, individuals' `coord`/`cos2`/`contrib`/`dist`, means and sds, supplementary elements.
//!
//! # Algorithm
//! Weights are normalised to sum 1; columns are centred and divided by their **population** standard
//! deviation; the p×p correlation matrix is built from mergeable partial sums ([`moments`]) and
//! decomposed exactly with a symmetric eigensolver (`linfa_linalg::eigh`). Eigenvalues are those of the
//! correlation matrix, `min(p, n-1)` of them. Individual coordinates are `Z U`, variable coordinates
//! `U √λ`. Sign rule (FactoMineR's `svd.triplet`): each axis is flipped so that its loadings sum to ≥ 0;
//! when that sum is at rounding level a documented tie rule decides ([`axis_sign`]); [`Orient`] rules
//! then flip axes so that a named variable loads positively.
//!
//! Every column is first brought to [-2, 2] by a power of two (exact, so the results are bitwise those
//! of the plain formulas): values of any magnitude (1e-300 … 1e308) are standardised without overflow.
//! The moments are summed over the rows in a canonical order when one is given ([`PcaValidParams::fit_ordered`];
//! [`table::run`] uses the UAIs sorted), so the results do not depend on the order of the input rows.
//! Axes whose eigenvalue is zero up to rounding ([`NULL_EIGENVALUE`]) get undefined (NaN → empty cell,
//! JSON `null`) contributions and v-tests, where FactoMineR prints rounding noise or NA.
//!
//! # Errors
//! Fewer than 2 rows, `ncp = 0`, a constant active column ([`Error::ConstantVariable`], where FactoMineR
//! silently divides by 1: constant means a spread below 1e-12 of the column's largest |value|, so a
//! column of values around 1e-12 is not constant), non-finite values, negative or all-zero weights.
//!
//! # Examples
//! ```
//! use ciblage::pca::PcaParams;
//! use ndarray::array;
//! let x = array![[1.0, 2.0, 0.5], [2.0, 1.0, 1.5], [3.0, 4.0, 1.0], [4.0, 3.0, 3.0]];
//! let res = PcaParams::new().ncp(2).check()?.fit(&x, &["a", "b", "c"], None)?;
//! let total: f64 = res.eigenvalues.iter().map(|e| e.eigenvalue).sum();
//! assert!((total - 3.0).abs() < 1e-12);
//! # Ok::<(), ciblage::Error>(())
//! ```

mod axes;
pub mod impute;
mod linfa_impl;
pub mod moments;
mod project;
pub mod supplementary;
pub mod table;

use crate::error::{Error, Result};
use crate::matrix::RowMatrix;
use linfa_linalg::eigh::Eigh;
use moments::Moments;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

pub use axes::{axis_sign, is_null_eigenvalue, NULL_EIGENVALUE, SIGN_TIE};
pub use project::{normalise_weights, project};
pub use supplementary::{QualiSup, QuantiSup};

/// What to do with missing values in active variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Missing {
    /// Refuse, naming the column, the first school and the file the value should come from.
    Error,
    /// Drop incomplete rows, each reported as rejected with its reason, with a count per column (the
    /// default: the official IVAC files have schools without value added).
    #[default]
    Drop,
    /// Replace by the column mean (FactoMineR's behaviour), with a warning.
    Mean,
    /// Regularised iterative PCA imputation (missMDA `imputePCA`).
    Iterative,
}

impl std::str::FromStr for Missing {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "error" => Ok(Missing::Error),
            "drop" => Ok(Missing::Drop),
            "mean" => Ok(Missing::Mean),
            "iterative" | "impute" => Ok(Missing::Iterative),
            _ => Err(format!(
                "unknown missing-value policy '{s}' (error, drop, mean or iterative)"
            )),
        }
    }
}

/// Flip axis `axis` (1-based) so that `variable` loads positively on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Orient {
    /// Axis, 1-based.
    pub axis: usize,
    /// Active variable name.
    pub variable: String,
}

impl std::str::FromStr for Orient {
    type Err = String;
    /// `"1:ips"` → axis 1 grows with `ips`.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let (a, v) = s
            .split_once(':')
            .ok_or_else(|| format!("orientation '{s}': write AXIS:VARIABLE, e.g. 1:ips"))?;
        let axis = a
            .trim()
            .parse()
            .map_err(|_| format!("orientation '{s}': axis '{a}' is not a number"))?;
        Ok(Orient {
            axis,
            variable: v.trim().to_string(),
        })
    }
}

/// PCA parameters (builder).
#[derive(Debug, Clone, PartialEq)]
pub struct PcaParams {
    ncp: usize,
    orient: Vec<Orient>,
    missing: Missing,
    impute: impute::ImputeParams,
}

impl Default for PcaParams {
    fn default() -> Self {
        PcaParams {
            ncp: 5,
            orient: Vec::new(),
            missing: Missing::Drop,
            impute: impute::ImputeParams::default(),
        }
    }
}

/// Validated PCA parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct PcaValidParams(PcaParams);

impl PcaParams {
    /// The orientation rules (`1:ips`), in the order they are applied.
    pub fn orientations(&self) -> &[Orient] {
        &self.orient
    }

    /// Defaults: 5 components, FactoMineR sign rule, incomplete rows dropped (and reported).
    pub fn new() -> Self {
        Self::default()
    }
    /// Number of components kept (capped at `min(p, n-1)` when fitting).
    pub fn ncp(mut self, ncp: usize) -> Self {
        self.ncp = ncp;
        self
    }
    /// Orientation rules.
    pub fn orient(mut self, o: Vec<Orient>) -> Self {
        self.orient = o;
        self
    }
    /// Missing-value policy.
    pub fn missing(mut self, m: Missing) -> Self {
        self.missing = m;
        self
    }
    /// Imputation settings (for [`Missing::Iterative`]).
    pub fn impute(mut self, i: impute::ImputeParams) -> Self {
        self.impute = i;
        self
    }
    /// Validate.
    pub fn check(self) -> Result<PcaValidParams> {
        if self.ncp == 0 {
            return Err(Error::InvalidParam {
                name: "ncp",
                value: "0".into(),
                reason: "keep at least one component".into(),
            });
        }
        for o in &self.orient {
            if o.axis == 0 || o.axis > self.ncp {
                return Err(Error::InvalidParam {
                    name: "orient",
                    value: format!("{}:{}", o.axis, o.variable),
                    reason: format!("axis must be between 1 and ncp = {}", self.ncp),
                });
            }
        }
        self.impute.check()?;
        Ok(PcaValidParams(self))
    }
}

/// One eigenvalue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Eigenvalue {
    /// Component number (1-based).
    pub component: usize,
    /// Eigenvalue (variance of the component).
    pub eigenvalue: f64,
    /// Percentage of total variance.
    pub percentage_of_variance: f64,
    /// Cumulative percentage.
    pub cumulative_percentage: f64,
}

/// Results for the active variables (rows = variables, columns = components).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VarResult {
    /// Names.
    pub names: Vec<String>,
    /// Coordinates (= correlations with the components).
    pub coord: Vec<Vec<f64>>,
    /// Correlations with the components.
    pub cor: Vec<Vec<f64>>,
    /// Squared cosines.
    pub cos2: Vec<Vec<f64>>,
    /// Contributions (%).
    pub contrib: Vec<Vec<f64>>,
}

/// Results for the individuals (schools).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct IndResult {
    /// Ids (UAI).
    pub ids: Vec<crate::data::table::Text>,
    /// Coordinates.
    pub coord: RowMatrix,
    /// Squared cosines.
    pub cos2: RowMatrix,
    /// Contributions (%) (empty for supplementary rows).
    pub contrib: RowMatrix,
    /// Distance to the centre of gravity.
    pub dist: Vec<f64>,
}

/// The PCA result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PcaResult {
    /// Rows.
    pub n: usize,
    /// Active variables.
    pub p: usize,
    /// Components kept.
    pub ncp: usize,
    /// All `min(p, n-1)` eigenvalues.
    pub eigenvalues: Vec<Eigenvalue>,
    /// Weighted means of the active variables.
    pub means: Vec<f64>,
    /// Population standard deviations of the active variables.
    pub sds: Vec<f64>,
    /// Unit eigenvectors (p × ncp), after the sign rule.
    pub loadings: Vec<Vec<f64>>,
    /// Row weights (summing to 1); left out of JSON with the individuals beyond
    /// [`JSON_MAX_INDIVIDUALS`] schools.
    #[serde(default, skip_serializing_if = "large")]
    pub weights: Vec<f64>,
    /// Active variables.
    pub var: VarResult,
    /// Individuals (left out of JSON beyond [`JSON_MAX_INDIVIDUALS`] schools: `individuals.csv` has them).
    #[serde(default, skip_serializing_if = "IndResult::is_large")]
    pub ind: IndResult,
    /// Axes flipped by orientation rules (1-based).
    pub oriented: Vec<usize>,
    /// Supplementary qualitative variables.
    pub quali_sup: Vec<QualiSup>,
    /// Supplementary quantitative variables.
    pub quanti_sup: Vec<QuantiSup>,
}

/// Schools beyond which `pca.json` leaves the individuals to `individuals.csv` (a 1M-school JSON would
/// repeat hundreds of megabytes already in the CSV).
pub const JSON_MAX_INDIVIDUALS: usize = 100_000;

fn large(v: &[f64]) -> bool {
    json_omits(v.len())
}

/// A per-school list longer than JSON outputs hold ([`JSON_MAX_INDIVIDUALS`]): left to the CSV files.
pub(crate) fn large_list<T>(v: &[T]) -> bool {
    json_omits(v.len())
}

thread_local! {
    static PER_SCHOOL_JSON: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Whether JSON outputs leave out a per-school list of `len` entries: beyond
/// [`JSON_MAX_INDIVIDUALS`], or always while a [`SummaryJson`] guard lives on this thread.
pub(crate) fn json_omits(len: usize) -> bool {
    len > JSON_MAX_INDIVIDUALS || !PER_SCHOOL_JSON.with(|c| c.get())
}

/// While it lives, JSON written on this thread holds no per-school list at all (compact outputs:
/// they are all in `schools.csv`). serde's `skip_serializing_if` takes no context, hence a
/// thread-local switch; the JSON files are serialised on the thread that writes them.
pub(crate) struct SummaryJson(bool);

impl SummaryJson {
    pub(crate) fn start() -> Self {
        SummaryJson(PER_SCHOOL_JSON.with(|c| c.replace(false)))
    }
}

impl Drop for SummaryJson {
    fn drop(&mut self) {
        PER_SCHOOL_JSON.with(|c| c.set(self.0));
    }
}

impl IndResult {
    /// More individuals than JSON outputs hold.
    pub fn is_large(&self) -> bool {
        json_omits(self.dist.len())
    }
}

fn to_rows(a: &Array2<f64>) -> Vec<Vec<f64>> {
    a.outer_iter().map(|r| r.to_vec()).collect()
}

impl PcaValidParams {
    /// The parameters.
    pub fn params(&self) -> &PcaParams {
        &self.0
    }

    /// Missing-value policy.
    pub fn missing(&self) -> Missing {
        self.0.missing
    }

    /// Imputation settings.
    pub fn impute_params(&self) -> &impute::ImputeParams {
        &self.0.impute
    }

    /// Fit on a complete matrix (n × p). `weights = None` gives uniform weights.
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
