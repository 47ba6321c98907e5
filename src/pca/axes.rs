//! What an axis of the PCA is, beyond FactoMineR's arithmetic: its sign when the loadings sum to zero
//! up to rounding, and whether it carries any variance.

/// Eigenvalues at most this share of the total variance (`p`, the trace of the correlation matrix) are
/// zero up to rounding (e.g. duplicated or collinear columns, fewer distinct schools than variables):
/// their axis carries no variance, and the contributions to it and the v-tests on it, 0/0 in exact
/// arithmetic, are undefined (written as empty cells and JSON `null`, where FactoMineR prints noise or NA).
pub const NULL_EIGENVALUE: f64 = 1e-12;

/// Is eigenvalue `l` of a PCA of `p` active variables zero up to rounding ([`NULL_EIGENVALUE`])?
pub fn is_null_eigenvalue(l: f64, p: usize) -> bool {
    l <= NULL_EIGENVALUE * p as f64
}

/// Loading sums at most this × p are zero up to rounding (see [`axis_sign`]).
pub const SIGN_TIE: f64 = 1e-12;

/// The sign (±1) that orients an axis with unit loadings `u`: FactoMineR's rule (`svd.triplet`) makes
/// the loadings sum to ≥ 0. When that sum is at rounding level (|Σ u| ≤ [`SIGN_TIE`] × p, e.g. two
/// variables loading ±0.707), its sign is an accident of rounding in R as here, so a tie rule decides:
/// the largest |loading| is made positive; if several are within 1e-12 of the largest, the first of them
/// (in the order of the active variables) is. Such an axis may have the opposite sign in FactoMineR;
/// `--orient AXIS:VARIABLE` fixes it whatever the rule.
pub fn axis_sign(u: &[f64]) -> f64 {
    let p = u.len() as f64;
    let s: f64 = u.iter().sum();
    if s.abs() > SIGN_TIE * p {
        return if s < 0.0 { -1.0 } else { 1.0 };
    }
    let amax = u.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let j = u
        .iter()
        .position(|v| v.abs() >= amax - SIGN_TIE)
        .unwrap_or(0);
    if u.get(j).is_some_and(|v| *v < 0.0) {
        -1.0
    } else {
        1.0
    }
}
