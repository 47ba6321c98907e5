//! How much of a result the JSON output files hold: the output policy ([`JsonPolicy`]), decided by
//! the caller (the main job decides it from `output.tables`) and passed to each writer, and the
//! borrowed views (`*Json<'a>`) through which `pca.json`, `clusters.json` and `selection.json` are
//! serialised under it.
//!
//! The results themselves ([`PcaRun`], [`PcaResult`], [`HcpcResult`], [`Selection`]) carry no output
//! policy: `serde_json::to_string(&result)` holds every field. A view serialises the same fields
//! in the same order, leaving out the per-school lists the policy does not hold (the CSV files
//! have them). Each view is built by destructuring its result without `..`, so a field added to a
//! result does not compile until its view says what JSON makes of it.

use crate::cluster::ties::TieReport;
use crate::cluster::HcpcResult;
use crate::data::table::Text;
use crate::data::Problem;
use crate::pca::table::{ImputedCell, PcaRun};
use crate::pca::{Eigenvalue, IndResult, PcaResult, QualiSup, QuantiSup, VarResult};
use crate::select::robustness::{MatchingReport, SensitivityReport, Stability, Variant};
use crate::select::{NotAnalysed, OrphanCounts, Schools, Selection, SelectionSpec};
use serde::Serialize;
use std::collections::BTreeMap;

/// Schools beyond which the JSON files leave the per-school lists to the CSV files (a 1M-school
/// `pca.json` would repeat hundreds of megabytes already in `individuals.csv`); the default
/// [`JsonPolicy::max_per_school`].
pub const JSON_MAX_INDIVIDUALS: usize = 100_000;

/// Which per-school lists (individuals, weights, clusters, the selection's schools...) the JSON
/// files hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PerSchool {
    /// Every list of at most [`JsonPolicy::max_per_school`] entries (full outputs: longer ones are
    /// in `individuals.csv`, `clusters.csv`, `selection.csv`, `sensitivity.csv`, `rejected.csv`).
    #[default]
    UpToLimit,
    /// None (compact outputs: they are all in `schools.csv` and `rejected.csv`).
    None,
}

/// The JSON output policy: how much of a result `pca.json`, `clusters.json` and `selection.json`
/// hold.
///
/// # Example
/// ```
/// use ciblage::export::json::{JsonPolicy, PerSchool, JSON_MAX_INDIVIDUALS};
/// let full = JsonPolicy::default();
/// assert_eq!(full.per_school, PerSchool::UpToLimit);
/// assert!(full.holds(JSON_MAX_INDIVIDUALS) && !full.holds(JSON_MAX_INDIVIDUALS + 1));
/// assert!(!JsonPolicy::compact().holds(0));
/// assert_eq!(JsonPolicy::default().with_max_per_school(2).list(&[1, 2, 3]), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonPolicy {
    /// Which per-school lists JSON holds.
    pub per_school: PerSchool,
    /// The longest per-school list JSON holds under [`PerSchool::UpToLimit`] (default
    /// [`JSON_MAX_INDIVIDUALS`]); also the number of schools beyond which `selection.geojson`
    /// keeps the eligible ones only.
    pub max_per_school: usize,
}

impl Default for JsonPolicy {
    /// [`JsonPolicy::full`].
    fn default() -> Self {
        JsonPolicy::full()
    }
}

impl JsonPolicy {
    /// Full outputs: every per-school list of at most [`JSON_MAX_INDIVIDUALS`] entries.
    pub const fn full() -> Self {
        JsonPolicy {
            per_school: PerSchool::UpToLimit,
            max_per_school: JSON_MAX_INDIVIDUALS,
        }
    }

    /// Compact outputs (`output.tables = "compact"`): no per-school list.
    pub const fn compact() -> Self {
        JsonPolicy {
            per_school: PerSchool::None,
            max_per_school: JSON_MAX_INDIVIDUALS,
        }
    }

    /// The same policy with another limit on per-school lists.
    pub const fn with_max_per_school(self, max_per_school: usize) -> Self {
        JsonPolicy {
            max_per_school,
            ..self
        }
    }

    /// Whether JSON holds a per-school list of `len` entries.
    pub fn holds(self, len: usize) -> bool {
        match self.per_school {
            PerSchool::UpToLimit => len <= self.max_per_school,
            PerSchool::None => false,
        }
    }

    /// `v` when JSON holds it, else `None` (left out).
    pub fn list<T>(self, v: &[T]) -> Option<&[T]> {
        self.holds(v.len()).then_some(v)
    }
}

/// `pca.json`: a [`PcaRun`] under a [`JsonPolicy`] (the rows dropped and the cells imputed are
/// per-school lists too: `rejected.csv` has them).
#[derive(Debug, Serialize)]
pub struct PcaRunJson<'a> {
    result: PcaJson<'a>,
    rows_in: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    rejected: Option<&'a [Problem]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    imputed: Option<&'a [ImputedCell]>,
    warnings: &'a [String],
}

impl<'a> PcaRunJson<'a> {
    /// The view of `run` under `policy`.
    pub fn new(run: &'a PcaRun, policy: JsonPolicy) -> Self {
        let PcaRun {
            result,
            rows_in,
            rejected,
            imputed,
            warnings,
            rows: _,
            uai_order: _,
        } = run;
        PcaRunJson {
            result: PcaJson::new(result, policy),
            rows_in: *rows_in,
            rejected: policy.list(rejected),
            imputed: policy.list(imputed),
            warnings,
        }
    }
}

/// A [`PcaResult`] under a [`JsonPolicy`]: the row weights and the individuals are per-school.
#[derive(Debug, Serialize)]
pub struct PcaJson<'a> {
    n: usize,
    p: usize,
    ncp: usize,
    eigenvalues: &'a [Eigenvalue],
    means: &'a [f64],
    sds: &'a [f64],
    loadings: &'a [Vec<f64>],
    #[serde(skip_serializing_if = "Option::is_none")]
    weights: Option<&'a [f64]>,
    var: &'a VarResult,
    #[serde(skip_serializing_if = "Option::is_none")]
    ind: Option<&'a IndResult>,
    oriented: &'a [usize],
    quali_sup: &'a [QualiSup],
    quanti_sup: &'a [QuantiSup],
}

impl<'a> PcaJson<'a> {
    /// The view of `r` under `policy`.
    pub fn new(r: &'a PcaResult, policy: JsonPolicy) -> Self {
        let PcaResult {
            n,
            p,
            ncp,
            eigenvalues,
            means,
            sds,
            loadings,
            weights,
            var,
            ind,
            oriented,
            quali_sup,
            quanti_sup,
        } = r;
        PcaJson {
            n: *n,
            p: *p,
            ncp: *ncp,
            eigenvalues,
            means,
            sds,
            loadings,
            weights: policy.list(weights),
            var,
            ind: policy.holds(ind.dist.len()).then_some(ind),
            oriented,
            quali_sup,
            quanti_sup,
        }
    }
}

/// An [`HcpcResult`] under a [`JsonPolicy`] (in `clusters.json`): the clusters of each school
/// before and after consolidation, and the tree order, are per-school.
#[derive(Debug, Serialize)]
pub struct HcpcJson<'a> {
    k: usize,
    k_automatic: bool,
    gains: &'a [f64],
    within: &'a [f64],
    ratios: &'a [(usize, f64)],
    #[serde(skip_serializing_if = "Option::is_none")]
    tree_cut: Option<&'a [usize]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    clusters: Option<&'a [usize]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<&'a [usize]>,
    centres: &'a [Vec<f64>],
    sizes: &'a [usize],
    between_ratio: f64,
    consolidation: &'a str,
    leaves: usize,
    distinct: usize,
    notes: &'a [String],
    ties: &'a TieReport,
}

impl<'a> HcpcJson<'a> {
    /// The view of `h` under `policy`.
    pub fn new(h: &'a HcpcResult, policy: JsonPolicy) -> Self {
        let HcpcResult {
            k,
            k_automatic,
            gains,
            within,
            ratios,
            tree_cut,
            clusters,
            order,
            centres,
            sizes,
            between_ratio,
            consolidation,
            leaves,
            distinct,
            notes,
            ties,
            // Not serialised by the result either: `tree.csv`'s column, and the tree (its merges are
            // `clusters.json`'s `merges`).
            tied: _,
            tree: _,
            leaf_of: _,
        } = h;
        HcpcJson {
            k: *k,
            k_automatic: *k_automatic,
            gains,
            within,
            ratios,
            tree_cut: policy.list(tree_cut),
            clusters: policy.list(clusters),
            order: policy.list(order),
            centres,
            sizes,
            between_ratio: *between_ratio,
            consolidation,
            leaves: *leaves,
            distinct: *distinct,
            notes,
            ties,
        }
    }
}

/// `selection.json`: a [`Selection`] under a [`JsonPolicy`]: the schools (with their
/// explanation), those not analysed and the per-school stability are per-school.
#[derive(Debug, Serialize)]
pub struct SelectionJson<'a> {
    spec: &'a SelectionSpec,
    #[serde(skip_serializing_if = "Option::is_none")]
    schools: Option<&'a Schools>,
    selected: &'a [Text],
    #[serde(skip_serializing_if = "Option::is_none")]
    not_analysed: Option<&'a NotAnalysed>,
    orphan_counts: &'a BTreeMap<String, OrphanCounts>,
    ep_clusters: &'a [usize],
    sensitivity: SensitivityJson<'a>,
    matching: &'a MatchingReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    decisions: Option<&'a crate::select::decisions::Decisions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<&'a crate::select::reference::ReferenceUse>,
}

impl<'a> SelectionJson<'a> {
    /// The view of `sel` under `policy`.
    pub fn new(sel: &'a Selection, policy: JsonPolicy) -> Self {
        let Selection {
            spec,
            schools,
            selected,
            not_analysed,
            orphan_counts,
            ep_clusters,
            sensitivity,
            matching,
            decisions,
            reference,
        } = sel;
        SelectionJson {
            spec,
            schools: policy.holds(schools.len()).then_some(schools),
            selected,
            not_analysed: policy.holds(not_analysed.len()).then_some(not_analysed),
            orphan_counts,
            ep_clusters,
            sensitivity: SensitivityJson::new(sensitivity, policy),
            matching,
            decisions: decisions.as_deref(),
            reference: reference.as_ref(),
        }
    }
}

/// A [`SensitivityReport`] under a [`JsonPolicy`]: the stability of each school is per-school.
#[derive(Debug, Serialize)]
pub struct SensitivityJson<'a> {
    variants: &'a [Variant],
    bootstrap_mean_jaccard: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    schools: Option<&'a [Stability]>,
}

impl<'a> SensitivityJson<'a> {
    /// The view of `s` under `policy`.
    pub fn new(s: &'a SensitivityReport, policy: JsonPolicy) -> Self {
        let SensitivityReport {
            variants,
            bootstrap_mean_jaccard,
            schools,
        } = s;
        SensitivityJson {
            variants,
            bootstrap_mean_jaccard: *bootstrap_mean_jaccard,
            schools: policy.list(schools),
        }
    }
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
