//! What a PCA returns ([`PcaResult`]: eigenvalues, variables, individuals, supplementary elements) and
//! how much of it JSON outputs hold.

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
