//! linfa integration: `PcaValidParams` implements `Fit` and `PcaResult` implements `Transformer`, so
//! linfa users can plug the exact FactoMineR-compatible PCA into their pipelines.

use super::{project, PcaResult, PcaValidParams};
use crate::error::Error;
use linfa::dataset::DatasetBase;
use linfa::traits::{Fit, Transformer};
use ndarray::{Array1, Array2};

impl From<linfa::Error> for Error {
    fn from(e: linfa::Error) -> Self {
        Error::Numeric {
            what: "linfa",
            reason: e.to_string(),
        }
    }
}

impl<T> Fit<Array2<f64>, T, Error> for PcaValidParams {
    type Object = PcaResult;

    /// Fit on the records of a linfa dataset (its weights are used when present; feature names when set).
    fn fit(&self, dataset: &DatasetBase<Array2<f64>, T>) -> Result<PcaResult, Error> {
        let x = &dataset.records;
        let names: Vec<String> = if dataset.feature_names().len() == x.ncols() {
            dataset.feature_names().to_vec()
        } else {
            (1..=x.ncols()).map(|j| format!("x{j}")).collect()
        };
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let w = dataset
            .weights()
            .map(|w| w.iter().map(|v| f64::from(*v)).collect::<Vec<f64>>());
        PcaValidParams::fit(self, x, &refs, w.as_deref())
    }
}

impl Transformer<&Array2<f64>, Array2<f64>> for PcaResult {
    /// Coordinates of new rows (projected as supplementary individuals). A matrix with the wrong number of
    /// columns gives a matrix of NaN (the trait cannot return an error).
    fn transform(&self, x: &Array2<f64>) -> Array2<f64> {
        let n = x.nrows();
        if x.ncols() != self.p {
            return Array2::from_elem((n, self.ncp), f64::NAN);
        }
        let mean = Array1::from(self.means.clone());
        let sd = Array1::from(self.sds.clone());
        let mut u = Array2::zeros((self.p, self.ncp));
        for (j, row) in self.loadings.iter().enumerate() {
            for (s, v) in row.iter().enumerate() {
                u[[j, s]] = *v;
            }
        }
        let lambda: Vec<f64> = self
            .eigenvalues
            .iter()
            .take(self.ncp)
            .map(|e| e.eigenvalue)
            .collect();
        let ind = project(x, &mean, &sd, &u, &lambda, None);
        let mut out = Array2::zeros((n, self.ncp));
        for (i, c) in ind.coord.iter().enumerate() {
            for (s, v) in c.iter().enumerate() {
                out[[i, s]] = *v;
            }
        }
        out
    }
}
