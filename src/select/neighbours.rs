//! The k nearest other schools of every school in the PCA space (the orphan neighbourhood detector).
//!
//! # Algorithm
//! An immutable k-d tree (`kiddo`, compiled for 1 to 8 dimensions; linfa-nn's brute-force-free
//! k-d tree beyond). For each school: the k + 1 nearest points give a radius; every point within that
//! radius is taken, sorted by (squared distance, row) and the school itself removed, so ties at the
//! boundary are broken by row order — the result does not depend on the tree's internal order, and
//! schools are processed in parallel without changing it.

use crate::error::{Error, Result};
use crate::matrix::Points;
use kiddo::immutable::float::kdtree::ImmutableKdTree;
use kiddo::SquaredEuclidean;
use rayon::prelude::*;
use std::num::NonZero;

/// For each row of `coords`, the indices of its `k` nearest other rows (fewer when n ≤ k).
pub fn k_nearest<P: Points + ?Sized>(coords: &P, k: usize) -> Result<Vec<Vec<usize>>> {
    let d = coords.dim();
    if coords
        .rows()
        .any(|c| c.len() != d || c.iter().any(|x| !x.is_finite()))
    {
        return Err(Error::Numeric {
            what: "neighbour index",
            reason: "coordinates must be finite and of equal length".into(),
        });
    }
    let k = k.min(coords.n().saturating_sub(1));
    if k == 0 {
        return Ok(vec![Vec::new(); coords.n()]);
    }
    macro_rules! dispatch {
        ($($n:literal)*) => {
            match d {
                $($n => Ok(with_tree::<$n, P>(coords, k)),)*
                _ => fallback(coords, k),
            }
        };
    }
    dispatch!(1 2 3 4 5 6 7 8)
}

fn with_tree<const K: usize, P: Points + ?Sized>(coords: &P, k: usize) -> Vec<Vec<usize>> {
    let pts: Vec<[f64; K]> = coords
        .rows()
        .map(|c| std::array::from_fn(|j| c[j]))
        .collect();
    let tree: ImmutableKdTree<f64, u64, K, 32> = ImmutableKdTree::new_from_slice(&pts);
    // k + 2 points: when the (k+2)-th is strictly farther than the (k+1)-th, the first k + 1 (the
    // school and its k neighbours, or k + 1 others when the school has exact twins) are settled and
    // a second query is needed only for ties across the boundary.
    let want = (k + 2).min(pts.len());
    let qty = NonZero::new(want).unwrap_or(NonZero::<usize>::MIN);
    // Queries in Z-order of the first three axes: consecutive queries walk the same branches of the
    // tree (cache), results are put back by row, so the order changes nothing else.
    let order = z_order(&pts);
    let found: Vec<Vec<usize>> = order
        .par_iter()
        .map(|&i| {
            let q = &pts[i];
            let first = tree.nearest_n::<SquaredEuclidean>(q, qty);
            let mut d: Vec<f64> = first.iter().map(|n| n.distance).collect();
            d.sort_by(f64::total_cmp);
            let settled = d.len() < want || d.len() <= k + 1 || d[k + 1] > d[k];
            let mut all: Vec<(f64, usize)> = if settled && d.len() == want && want == k + 2 {
                first
                    .iter()
                    .filter(|n| n.distance <= d[k])
                    .map(|n| (n.distance, n.item as usize))
                    .collect()
            } else {
                // A hair wider than the (k+1)-th distance: the exact sort below decides the boundary.
                let r = d[k.min(d.len() - 1)] * (1.0 + 1e-9);
                tree.within_unsorted::<SquaredEuclidean>(q, r)
                    .into_iter()
                    .map(|n| (n.distance, n.item as usize))
                    .collect()
            };
            all.retain(|&(_, j)| j != i);
            all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            all.into_iter().take(k).map(|x| x.1).collect()
        })
        .collect();
    let mut out = vec![Vec::new(); pts.len()];
    for (i, f) in order.into_iter().zip(found) {
        out[i] = f;
    }
    out
}

/// Row indices sorted by the Morton (Z-order) key of their first three coordinates (10 bits each).
fn z_order<const K: usize>(pts: &[[f64; K]]) -> Vec<usize> {
    let axes = K.min(3);
    let (mut lo, mut hi) = ([f64::INFINITY; 3], [f64::NEG_INFINITY; 3]);
    for p in pts {
        for a in 0..axes {
            lo[a] = lo[a].min(p[a]);
            hi[a] = hi[a].max(p[a]);
        }
    }
    let key = |p: &[f64; K]| -> u32 {
        let mut k = 0u32;
        let cell: Vec<u32> = (0..axes)
            .map(|a| {
                let w = hi[a] - lo[a];
                if w > 0.0 {
                    (((p[a] - lo[a]) / w) * 1023.0) as u32
                } else {
                    0
                }
            })
            .collect();
        for bit in (0..10).rev() {
            for c in &cell {
                k = (k << 1) | ((c >> bit) & 1);
            }
        }
        k
    };
    let mut order: Vec<(u32, usize)> = pts.iter().enumerate().map(|(i, p)| (key(p), i)).collect();
    order.sort_unstable();
    order.into_iter().map(|x| x.1).collect()
}

/// Beyond 8 dimensions: linfa-nn's k-d tree, with the same tie rule.
fn fallback<P: Points + ?Sized>(coords: &P, k: usize) -> Result<Vec<Vec<usize>>> {
    use linfa_nn::distance::L2Dist;
    use linfa_nn::{KdTree, NearestNeighbour};
    let (n, d) = (coords.n(), coords.dim());
    let data = ndarray::Array2::from_shape_fn((n, d), |(i, j)| coords.row(i)[j]);
    let index = KdTree
        .from_batch(&data, L2Dist)
        .map_err(|e| Error::Numeric {
            what: "neighbour index",
            reason: e.to_string(),
        })?;
    Ok((0..n)
        .into_par_iter()
        .map(|i| {
            let q = data.row(i);
            let nb = index.k_nearest(q, k + 1).unwrap_or_default();
            let r = nb
                .iter()
                .map(|(p, _)| {
                    p.iter()
                        .zip(q.iter())
                        .map(|(a, b)| (a - b).powi(2))
                        .sum::<f64>()
                })
                .fold(0.0, f64::max);
            let mut all: Vec<(f64, usize)> = index
                .within_range(q, r.sqrt() * (1.0 + 1e-9))
                .unwrap_or_default()
                .into_iter()
                .map(|(p, j)| {
                    (
                        p.iter()
                            .zip(q.iter())
                            .map(|(a, b)| (a - b).powi(2))
                            .sum::<f64>(),
                        j,
                    )
                })
                .filter(|&(_, j)| j != i)
                .collect();
            all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            all.into_iter().take(k).map(|x| x.1).collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute(coords: &[Vec<f64>], k: usize) -> Vec<Vec<usize>> {
        (0..coords.len())
            .map(|i| {
                let mut v: Vec<(f64, usize)> = (0..coords.len())
                    .filter(|&j| j != i)
                    .map(|j| {
                        let d: f64 = coords[i]
                            .iter()
                            .zip(&coords[j])
                            .map(|(a, b)| (a - b).powi(2))
                            .sum();
                        (d, j)
                    })
                    .collect();
                v.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                v.into_iter().take(k).map(|x| x.1).collect()
            })
            .collect()
    }

    proptest! {
        #[test]
        fn equals_brute_force_with_ties_by_row(
            // Coarse grid values: many exact ties.
            pts in prop::collection::vec(prop::collection::vec(0i32..4, 3), 2..120),
            k in 1usize..12,
        ) {
            let coords: Vec<Vec<f64>> = pts.iter().map(|p| p.iter().map(|&x| x as f64).collect()).collect();
            prop_assert_eq!(k_nearest(&coords, k).unwrap(), brute(&coords, k.min(coords.len() - 1)));
        }

        #[test]
        fn fallback_beyond_eight_dimensions_equals_brute_force(
            pts in prop::collection::vec(prop::collection::vec(0i32..3, 9), 2..60),
            k in 1usize..8,
        ) {
            let coords: Vec<Vec<f64>> = pts.iter().map(|p| p.iter().map(|&x| x as f64).collect()).collect();
            prop_assert_eq!(k_nearest(&coords, k).unwrap(), brute(&coords, k.min(coords.len() - 1)));
        }
    }
}
