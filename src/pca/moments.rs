//! Weighted means and centred cross-products, computed in mergeable partial sums.
//!
//! Each fixed-size chunk of rows gives a [`Moments`] (total weight, weighted mean, centred co-moment
//! matrix); two are merged exactly with Chan et al.'s pairwise update
//! `M = M_a + M_b + δ δᵀ · W_a W_b / (W_a + W_b)`, `δ = mean_b − mean_a`. Chunks are computed in
//! parallel and merged in chunk order, so the result does not depend on the number of threads, and a
//! table fed in pieces (or summarised elsewhere) gives the same matrix to rounding.

use ndarray::{Array1, Array2, ArrayView2, Axis};
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
    pub fn of_block(x: ArrayView2<f64>, w: &[f64]) -> Self {
        let p = x.ncols();
        let mut m = Moments::new(p);
        m.rows = x.nrows();
        m.weight = w.iter().sum();
        if m.weight <= 0.0 {
            return m;
        }
        for (row, &wi) in x.axis_iter(Axis(0)).zip(w) {
            m.mean.scaled_add(wi, &row);
        }
        m.mean /= m.weight;
        let mut d = Array1::zeros(p);
        for (row, &wi) in x.axis_iter(Axis(0)).zip(w) {
            d.assign(&row);
            d -= &m.mean;
            for a in 0..p {
                let da = wi * d[a];
                for b in a..p {
                    m.comoment[[a, b]] += da * d[b];
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
    pub fn of_matrix(x: ArrayView2<f64>, w: &[f64]) -> Self {
        let p = x.ncols();
        let n = x.nrows();
        let parts: Vec<Moments> = (0..n.div_ceil(CHUNK_ROWS))
            .into_par_iter()
            .map(|c| {
                let s = c * CHUNK_ROWS;
                let e = (s + CHUNK_ROWS).min(n);
                Moments::of_block(x.slice(ndarray::s![s..e, ..]), &w[s..e])
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

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

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
}
