//! Weighted means and centred cross-products, computed in mergeable partial sums.
//!
//! Each fixed-size chunk of rows gives a [`Moments`] (total weight, weighted mean, centred co-moment
//! matrix); two are merged exactly with Chan et al.'s pairwise update
//! `M = M_a + M_b + δ δᵀ · W_a W_b / (W_a + W_b)`, `δ = mean_b − mean_a`. Chunks are computed in
//! parallel and merged in chunk order, so the result does not depend on the number of threads, and a
//! table fed in pieces (or summarised elsewhere) gives the same matrix to rounding.

use ndarray::{Array1, Array2, ArrayView2};
use rayon::prelude::*;

/// Rows per chunk of the parallel pass.
pub const CHUNK_ROWS: usize = 8192;

/// Mergeable weighted moments of a block of rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Moments {
    /// Total weight.
    pub weight: f64,
    /// Number of rows.
    pub rows: usize,
    /// Weighted mean of each column.
    pub mean: Array1<f64>,
    /// Σ w (x − mean)(x − mean)ᵀ.
    pub comoment: Array2<f64>,
}

impl Moments {
    /// Empty moments for `p` columns.
    pub fn new(p: usize) -> Self {
        Moments {
            weight: 0.0,
            rows: 0,
            mean: Array1::zeros(p),
            comoment: Array2::zeros((p, p)),
        }
    }

    /// Moments of one block (two passes over the block: mean, then centred products).
    #[cfg(test)]
    pub fn of_block(x: ArrayView2<f64>, w: &[f64]) -> Self {
        let ones = vec![1.0; x.ncols()];
        Self::of_rows(x, w, &ones, x.nrows(), |r| r)
    }

    /// Moments of `len` rows of `x`, the r-th being row `at(r)`, each column multiplied by its power of
    /// two `inv[j]` (exact: see [`pow2_scale`]).
    fn of_rows(
        x: ArrayView2<f64>,
        w: &[f64],
        inv: &[f64],
        len: usize,
        at: impl Fn(usize) -> usize,
    ) -> Self {
        let p = x.ncols();
        let mut m = Moments::new(p);
        m.rows = len;
        m.weight = (0..len).map(|r| w[at(r)]).sum();
        if m.weight <= 0.0 {
            return m;
        }
        for r in 0..len {
            let i = at(r);
            let wi = w[i];
            for (j, mj) in m.mean.iter_mut().enumerate() {
                *mj += wi * (x[[i, j]] * inv[j]);
            }
        }
        m.mean /= m.weight;
        let mut d = vec![0.0; p];
        for r in 0..len {
            let i = at(r);
            let wi = w[i];
            for (j, dj) in d.iter_mut().enumerate() {
                *dj = x[[i, j]] * inv[j] - m.mean[j];
            }
            for a in 0..p {
                let da = wi * d[a];
                for (b, db) in d.iter().enumerate().skip(a) {
                    m.comoment[[a, b]] += da * db;
                }
            }
        }
        for a in 0..p {
            for b in 0..a {
                m.comoment[[a, b]] = m.comoment[[b, a]];
            }
        }
        m
    }

    /// Merge `other` into `self` (exact pairwise update).
    pub fn merge(&mut self, other: &Moments) {
        if other.weight <= 0.0 {
            self.rows += other.rows;
            return;
        }
        if self.weight <= 0.0 {
            let rows = self.rows + other.rows;
            *self = other.clone();
            self.rows = rows;
            return;
        }
        let wa = self.weight;
        let wb = other.weight;
        let w = wa + wb;
        let delta = &other.mean - &self.mean;
        let f = wa * wb / w;
        let p = delta.len();
        for a in 0..p {
            for b in 0..p {
                self.comoment[[a, b]] += other.comoment[[a, b]] + delta[a] * delta[b] * f;
            }
        }
        self.mean.scaled_add(wb / w, &delta);
        self.weight = w;
        self.rows += other.rows;
    }

    /// Moments of a whole matrix: fixed chunks in parallel, merged in order.
    #[cfg(test)]
    pub fn of_matrix(x: ArrayView2<f64>, w: &[f64]) -> Self {
        let ones = vec![1.0; x.ncols()];
        Self::of_matrix_scaled(x, w, &ones, None)
    }

    /// Moments of `x` with each column multiplied by the power of two `inv[j]` (so that no square
    /// overflows or underflows, whatever the magnitude of the values), over the rows taken in `order`
    /// (`None`: row order). The sums depend on the order of the rows only through rounding; a
    /// canonical order (the UAIs sorted) makes them, and everything computed from them, independent of
    /// the order of the input rows. Fixed chunks of that order in parallel, merged in order.
    pub fn of_matrix_scaled(
        x: ArrayView2<f64>,
        w: &[f64],
        inv: &[f64],
        order: Option<&[usize]>,
    ) -> Self {
        let p = x.ncols();
        let n = x.nrows();
        let parts: Vec<Moments> = (0..n.div_ceil(CHUNK_ROWS))
            .into_par_iter()
            .map(|c| {
                let s = c * CHUNK_ROWS;
                let e = (s + CHUNK_ROWS).min(n);
                match order {
                    Some(o) => Moments::of_rows(x, w, inv, e - s, |r| o[s + r]),
                    None => Moments::of_rows(x, w, inv, e - s, |r| s + r),
                }
            })
            .collect();
        let mut total = Moments::new(p);
        for part in &parts {
            total.merge(part);
        }
        total
    }

    /// Population standard deviations (divide by the total weight).
    pub fn sd(&self) -> Array1<f64> {
        self.comoment
            .diag()
            .mapv(|v| (v / self.weight).max(0.0).sqrt())
    }
}

/// The power of two nearest below `amax` (`2^e` with `amax = f · 2^e`, `1 <= f < 2`; 1 for 0 or a
/// non-finite value; the exponent kept in -1022..=1023 so that `2^e` and `2^-e` are both normal).
/// Multiplying a column by `1 / pow2_scale(max |x|)` brings its values into [-2, 2] **exactly** (no
/// rounding: only the exponent changes), so squares and cross-products never overflow (values of 1e154
/// and more) or underflow (1e-160 and less), and every result of the PCA — means, standard deviations,
/// correlations — is bitwise what the unscaled formulas give whenever those do not overflow.
pub fn pow2_scale(amax: f64) -> f64 {
    if amax == 0.0 || !amax.is_finite() {
        return 1.0;
    }
    let e = ((amax.to_bits() >> 52) & 0x7ff) as i64 - 1023;
    let e = e.clamp(-1022, 1023);
    f64::from_bits(((e + 1023) as u64) << 52)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;
    use proptest::prelude::*;

    #[test]
    fn merge_equals_whole() {
        let x = array![[1.0, 2.0], [3.0, 5.0], [4.0, -1.0], [10.0, 0.5], [2.0, 2.0]];
        let w = [1.0, 2.0, 0.5, 1.0, 1.5];
        let whole = Moments::of_block(x.view(), &w);
        let mut a = Moments::of_block(x.slice(ndarray::s![..2, ..]), &w[..2]);
        a.merge(&Moments::of_block(x.slice(ndarray::s![2.., ..]), &w[2..]));
        assert!((a.mean.clone() - &whole.mean)
            .iter()
            .all(|d| d.abs() < 1e-12));
        assert!((a.comoment.clone() - &whole.comoment)
            .iter()
            .all(|d| d.abs() < 1e-12));
        assert_eq!(a.rows, 5);
    }

    #[test]
    fn scaled_and_reordered_moments_are_bitwise_the_plain_ones_scaled() {
        let x = array![
            [1.5, 2e300],
            [3.25, -5e299],
            [4.0, 7e299],
            [10.0, 1e300],
            [2.0, 3e299]
        ];
        let w = [0.2; 5];
        let inv = [1.0 / pow2_scale(10.0), 1.0 / pow2_scale(2e300)];
        assert_eq!(pow2_scale(10.0), 8.0);
        assert_eq!(pow2_scale(1.0), 1.0);
        assert_eq!(pow2_scale(0.0), 1.0);
        assert_eq!(pow2_scale(f64::MAX), 2f64.powi(1023));
        assert_eq!(pow2_scale(5e-324), 2f64.powi(-1022));
        let plain = Moments::of_matrix(x.view(), &w);
        // The second column's squares overflow unscaled; scaled, every value is finite.
        assert!(!plain.comoment[[1, 1]].is_finite());
        let s = Moments::of_matrix_scaled(x.view(), &w, &inv, None);
        assert!(s.comoment.iter().all(|v| v.is_finite()));
        assert_eq!(s.mean[0] / inv[0], plain.mean[0]);
        assert_eq!(
            s.comoment[[0, 0]] / (inv[0] * inv[0]),
            plain.comoment[[0, 0]]
        );
        // Rows in a given order: the same as the matrix with its rows in that order.
        let order = [4, 2, 0, 3, 1];
        let y = ndarray::Array2::from_shape_fn((5, 2), |(i, j)| x[[order[i], j]]);
        let a = Moments::of_matrix_scaled(x.view(), &w, &inv, Some(&order));
        let b = Moments::of_matrix_scaled(y.view(), &w, &inv, None);
        assert_eq!(a, b);
    }

    fn matrix() -> impl Strategy<Value = Array2<f64>> {
        (3usize..40, 2usize..6).prop_flat_map(|(n, p)| {
            proptest::collection::vec(-100.0f64..100.0, n * p)
                .prop_map(move |v| Array2::from_shape_vec((n, p), v).unwrap())
        })
    }

    proptest! {
        #![proptest_config(crate::testing::proptest_config(64))]

        #[test]
        fn chunked_moments_equal_whole(x in matrix(), cut in 1usize..39) {
            let n = x.nrows();
            let cut = cut.min(n - 1);
            let w = vec![1.0; n];
            let whole = Moments::of_block(x.view(), &w);
            let mut parts = Moments::of_block(x.slice(ndarray::s![..cut, ..]), &w[..cut]);
            parts.merge(&Moments::of_block(x.slice(ndarray::s![cut.., ..]), &w[cut..]));
            // Rounding error scales with the terms summed, not with a co-moment that cancels to ~0:
            // bound it by sqrt(C_jj C_kk) (Cauchy–Schwarz), the size of those terms.
            let p = whole.comoment.nrows();
            for j in 0..p {
                for k in 0..p {
                    let (a, b) = (whole.comoment[[j, k]], parts.comoment[[j, k]]);
                    let scale = (whole.comoment[[j, j]] * whole.comoment[[k, k]]).abs().sqrt();
                    prop_assert!((a - b).abs() <= 1e-12 * (1.0 + scale), "[{}, {}]: {} vs {}", j, k, a, b);
                }
            }
            for (a, b) in whole.mean.iter().zip(parts.mean.iter()) {
                prop_assert!((a - b).abs() <= 1e-12 * (1.0 + a.abs()));
            }
        }
    }
}
