//! What a PCA returns ([`PcaResult`]: eigenvalues, variables, individuals, supplementary elements).

use super::supplementary::{QualiSup, QuantiSup};
use crate::matrix::RowMatrix;
use serde::{Deserialize, Serialize};

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

/// The PCA result. It serialises every field with serde (`serde_json::to_string(&result)` holds
/// the individuals whatever their number); `pca.json` is written through
/// [`crate::export::json::PcaJson`], which leaves out the per-school lists its output policy does not
/// hold.
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
    /// Row weights (summing to 1). Read as empty when absent (from a `pca.json` that left the
    /// per-school lists to the CSV files).
    #[serde(default)]
    pub weights: Vec<f64>,
    /// Active variables.
    pub var: VarResult,
    /// Individuals. Read as empty when absent, as the weights.
    #[serde(default)]
    pub ind: IndResult,
    /// Axes flipped by orientation rules (1-based).
    pub oriented: Vec<usize>,
    /// Supplementary qualitative variables.
    pub quali_sup: Vec<QualiSup>,
    /// Supplementary quantitative variables.
    pub quanti_sup: Vec<QuantiSup>,
}
