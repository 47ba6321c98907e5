//! Standardised principal component analysis, numerically identical to R's `FactoMineR::PCA(scale.unit = TRUE)`.
//!
//! # Parameters
//! [`PcaParams`] (builder; defaults in parentheses): `ncp` components kept (5), row weights (uniform),
//! orientation rules (none), missing-value policy ([`Missing::Drop`]), imputation settings.
//!
//! # Returns
//! [`PcaResult`], a plain serde struct: eigenvalues with percentages, variables' `coord`/`cor`/`cos2`/
//! `contrib`, individuals' `coord`/`cos2`/`contrib`/`dist`, means and sds, supplementary elements.
//!
//! # Algorithm
//! Weights are normalised to sum 1; columns are centred and divided by their **population** standard
//! deviation; the p×p correlation matrix is built from mergeable partial sums (`pca::moments`) and
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
//! Fewer than 2 rows, `ncp = 0`, a constant active column ([`crate::Error::ConstantVariable`], where FactoMineR
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
mod fit;
pub mod impute;
mod linfa_impl;
pub(crate) mod moments;
mod params;
mod project;
mod result;
pub(crate) mod supplementary;
pub mod table;

pub use axes::{axis_sign, is_null_eigenvalue, NULL_EIGENVALUE, SIGN_TIE};
pub use params::{Missing, Orient, PcaParams, PcaValidParams};
pub use project::{normalise_weights, project};
pub use result::{Eigenvalue, IndResult, PcaResult, VarResult};
pub use supplementary::{QualiSup, QuantiSup};
