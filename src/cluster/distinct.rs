//! Distinct points: how many schools differ in the space clustered, and the groups of identical ones.
//!
//! Identical active rows give bitwise identical principal coordinates (each row is projected from its
//! own values only), so "distinct schools (identical active rows count once)" is counted on the
//! coordinates, comparing bits (`-0.0` and `0.0` are the same point). No partition into more clusters
//! than distinct points has every cluster non-empty; the clustering checks k against this count.

use crate::matrix::Points;
use rustc_hash::FxHashMap;

fn key(row: &[f64]) -> Vec<u64> {
    // `+ 0.0` turns -0.0 into 0.0 (and leaves every other value unchanged).
    row.iter().map(|v| (v + 0.0).to_bits()).collect()
}

/// The number of distinct points, counted up to `limit` (returns `min(distinct, limit)`): the scan
/// stops as soon as `limit` distinct points are seen, so checking a k of a few clusters against a
/// million schools reads a few rows.
pub fn count_up_to<P: Points + ?Sized>(points: &P, limit: usize) -> usize {
    let mut seen: rustc_hash::FxHashSet<Vec<u64>> = Default::default();
    for row in points.rows() {
        if seen.len() >= limit {
            break;
        }
        seen.insert(key(row));
    }
    seen.len().min(limit)
}

/// Groups of identical points: the group of each point (0-based, numbered by first appearance) and the
/// number of groups.
pub fn groups<P: Points + ?Sized>(points: &P) -> (Vec<usize>, usize) {
    let mut index: FxHashMap<Vec<u64>, usize> = Default::default();
    let of: Vec<usize> = points
        .rows()
        .map(|row| {
            let next = index.len();
            *index.entry(key(row)).or_insert(next)
        })
        .collect();
    let m = index.len();
    (of, m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_rows_count_once() {
        let p = vec![
            vec![1.0, 2.0],
            vec![0.0, -0.0],
            vec![1.0, 2.0],
            vec![-0.0, 0.0],
            vec![1.0, 2.000000000000001],
        ];
        assert_eq!(count_up_to(&p, 10), 3);
        assert_eq!(count_up_to(&p, 2), 2);
        assert_eq!(groups(&p), (vec![0, 1, 0, 1, 2], 3));
    }
}
