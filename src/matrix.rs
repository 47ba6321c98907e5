//! Dense row-major matrices for per-school results (coordinates, cos², contributions), and the
//! [`Points`] view the clustering algorithms take.
//!
//! A million schools × 5 components as `Vec<Vec<f64>>` is a million allocations and ~90 MB; as one
//! [`RowMatrix`] it is one allocation of 40 MB. Indexing a `RowMatrix` by row gives a slice, so `m[i][j]`
//! and `m.iter()` read as on a `Vec<Vec<f64>>`; it is serialised as a list of rows (the JSON outputs do
//! not change).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `nrows × ncols` values, row after row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowMatrix {
    data: Vec<f64>,
    nrows: usize,
    ncols: usize,
}

impl RowMatrix {
    /// A matrix of zeros.
    pub fn zeros(nrows: usize, ncols: usize) -> Self {
        RowMatrix {
            data: vec![0.0; nrows * ncols],
            nrows,
            ncols,
        }
    }

    /// From values laid out row after row (`data.len()` must be `nrows × ncols`).
    pub fn from_vec(data: Vec<f64>, nrows: usize, ncols: usize) -> Self {
        assert_eq!(
            data.len(),
            nrows * ncols,
            "RowMatrix::from_vec: wrong length"
        );
        RowMatrix { data, nrows, ncols }
    }

    /// From rows of equal length (the first row's length; `ncols` when there is none).
    pub fn from_rows(rows: &[Vec<f64>], ncols: usize) -> Self {
        let ncols = rows.first().map_or(ncols, Vec::len);
        let mut data = Vec::with_capacity(rows.len() * ncols);
        for r in rows {
            assert_eq!(r.len(), ncols, "RowMatrix::from_rows: ragged rows");
            data.extend_from_slice(r);
        }
        RowMatrix {
            data,
            nrows: rows.len(),
            ncols,
        }
    }

    /// Rows.
    pub fn len(&self) -> usize {
        self.nrows
    }

    /// No rows?
    pub fn is_empty(&self) -> bool {
        self.nrows == 0
    }

    /// Columns.
    pub fn ncols(&self) -> usize {
        self.ncols
    }

    /// Row `i`.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.ncols..(i + 1) * self.ncols]
    }

    /// Row `i`, mutable.
    pub fn row_mut(&mut self, i: usize) -> &mut [f64] {
        &mut self.data[i * self.ncols..(i + 1) * self.ncols]
    }

    /// The rows in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[f64]> + '_ {
        (0..self.nrows).map(move |i| self.row(i))
    }

    /// The values, row after row.
    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }

    /// The values, row after row, mutable (e.g. to fill rows in parallel with `chunks_mut(ncols)`).
    pub fn as_mut_slice(&mut self) -> &mut [f64] {
        &mut self.data
    }

    /// Column `j` as a vector.
    pub fn column(&self, j: usize) -> Vec<f64> {
        self.iter().map(|r| r[j]).collect()
    }

    /// Copy as rows.
    pub fn to_rows(&self) -> Vec<Vec<f64>> {
        self.iter().map(<[f64]>::to_vec).collect()
    }
}

impl std::ops::Index<usize> for RowMatrix {
    type Output = [f64];
    fn index(&self, i: usize) -> &[f64] {
        self.row(i)
    }
}

impl std::ops::IndexMut<usize> for RowMatrix {
    fn index_mut(&mut self, i: usize) -> &mut [f64] {
        self.row_mut(i)
    }
}

impl<'a> IntoIterator for &'a RowMatrix {
    type Item = &'a [f64];
    type IntoIter = std::iter::Map<std::ops::Range<usize>, Box<dyn Fn(usize) -> &'a [f64] + 'a>>;
    fn into_iter(self) -> Self::IntoIter {
        (0..self.nrows).map(Box::new(move |i| self.row(i)))
    }
}

impl Serialize for RowMatrix {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.nrows))?;
        for r in self.iter() {
            seq.serialize_element(r)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for RowMatrix {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let rows = Vec::<Vec<f64>>::deserialize(d)?;
        let ncols = rows.first().map_or(0, Vec::len);
        if rows.iter().any(|r| r.len() != ncols) {
            return Err(serde::de::Error::custom("rows of different lengths"));
        }
        Ok(RowMatrix::from_rows(&rows, ncols))
    }
}

/// Points in d dimensions, as the clustering algorithms read them: rows of a [`RowMatrix`] or of a
/// `Vec<Vec<f64>>`.
pub trait Points: Sync {
    /// Number of points.
    fn n(&self) -> usize;
    /// Point `i`.
    fn row(&self, i: usize) -> &[f64];
    /// The points in order.
    fn rows(&self) -> impl ExactSizeIterator<Item = &[f64]> + '_ {
        (0..self.n()).map(move |i| self.row(i))
    }
    /// Dimension (0 without points).
    fn dim(&self) -> usize {
        if self.n() == 0 {
            0
        } else {
            self.row(0).len()
        }
    }
}

impl Points for RowMatrix {
    fn n(&self) -> usize {
        self.nrows
    }
    fn row(&self, i: usize) -> &[f64] {
        RowMatrix::row(self, i)
    }
}

impl Points for [Vec<f64>] {
    fn n(&self) -> usize {
        self.len()
    }
    fn row(&self, i: usize) -> &[f64] {
        &self[i]
    }
}

impl Points for Vec<Vec<f64>> {
    fn n(&self) -> usize {
        self.len()
    }
    fn row(&self, i: usize) -> &[f64] {
        &self[i]
    }
}

/// The rows of `points` in the order `order` (row `r` of the view is row `order[r]`): a canonical order
/// for the computations whose rounding or random draws depend on the order of the rows.
pub struct Reordered<'a, P: Points + ?Sized> {
    points: &'a P,
    order: &'a [usize],
}

impl<'a, P: Points + ?Sized> Reordered<'a, P> {
    /// The view (`order` must index `points`).
    pub fn new(points: &'a P, order: &'a [usize]) -> Self {
        Reordered { points, order }
    }
}

impl<P: Points + ?Sized> Points for Reordered<'_, P> {
    fn n(&self) -> usize {
        self.order.len()
    }
    fn row(&self, i: usize) -> &[f64] {
        self.points.row(self.order[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_index_iterate_and_round_trip_through_json() {
        let rows = vec![vec![1.0, 2.0], vec![3.0, 4.0], vec![5.0, 6.0]];
        let m = RowMatrix::from_rows(&rows, 2);
        assert_eq!((m.len(), m.ncols()), (3, 2));
        assert_eq!(m[1][0], 3.0);
        assert_eq!(m.iter().map(|r| r[1]).sum::<f64>(), 12.0);
        assert_eq!(m.column(0), vec![1.0, 3.0, 5.0]);
        assert_eq!(m.to_rows(), rows);
        let j = serde_json::to_string(&m).unwrap();
        assert_eq!(j, serde_json::to_string(&rows).unwrap());
        assert_eq!(serde_json::from_str::<RowMatrix>(&j).unwrap(), m);
        assert!(serde_json::from_str::<RowMatrix>("[[1.0],[1.0,2.0]]").is_err());
        assert_eq!(Points::dim(&m), 2);
        assert_eq!(Points::dim(&rows), 2);
        let r = Reordered::new(&m, &[2, 0]);
        assert_eq!((r.n(), r.row(0), Points::dim(&r)), (2, &[5.0, 6.0][..], 2));
        let e = RowMatrix::from_rows(&[], 3);
        assert!(e.is_empty() && e.iter().next().is_none() && Points::dim(&e) == 0);
    }
}
