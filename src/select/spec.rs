//! The selection spec (TOML). Unknown keys are rejected; every field is documented here.
//!
//! ```toml
//! [population]              # who can be chosen
//! sector = "public"         # public (default) | private | all
//! academie = ["NANTES"]     # territories (empty = all)
//! departement = []
//! exclude_ep = ["REP", "REP+"]  # EP statuses not eligible (default: REP, REP+)
//! min_headcount = 0
//!
//! [criteria]
//! combine = "all"           # all | any
//! [[criteria.rules]]        # absolute threshold
//! variable = "va_success_rate"
//! op = "<="                 # <= | < | >= | >
//! value = 0.0
//! [[criteria.rules]]        # relative to a territory: the 50 % quantile of the académie
//! variable = "ips"
//! op = "<="
//! quantile = 0.5
//! within = "academie"       # national | academie | departement
//! [[criteria.rules]]        # below the median of the REP/REP+ schools of the académie
//! variable = "ips"
//! op = "<="
//! reference = "median_rep"
//! [[criteria.rules]]        # cluster membership: ids, or the n clusters lowest on axis 1
//! lowest_clusters = 2
//!
//! [score]                   # ranks eligible schools, higher = more in need
//! axis = 1                  # need = − coordinate on this axis (axis 1 oriented to grow with IPS)
//! # weights = { ips = -1.0, ips_sd = 0.5 }   # or a weighted sum of standardised indicators
//!
//! [budget]
//! n = 21
//! per = "total"             # total | academie | departement
//! ```

use crate::error::{Error, Result, Schema, TomlFile};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

mod checks;
pub mod levels;
mod nantes;
mod numbers;
mod resolve;

pub use levels::Level;
pub use nantes::{Equity, TEMPLATE};
pub use numbers::{defaults, limits, EP_STATUSES, POPULATION_SECTORS};

/// Territory level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Within {
    /// All schools analysed.
    National,
    /// Same académie.
    #[default]
    Academie,
    /// Same département.
    Departement,
}

impl Within {
    /// Column holding the territory.
    pub fn column(self) -> Option<&'static str> {
        match self {
            Within::National => None,
            Within::Academie => Some("academie"),
            Within::Departement => Some("departement"),
        }
    }
}

/// Comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// ≤
    #[serde(rename = "<=")]
    Le,
    /// <
    #[serde(rename = "<")]
    Lt,
    /// ≥
    #[serde(rename = ">=")]
    Ge,
    /// >
    #[serde(rename = ">")]
    Gt,
}

impl Op {
    /// Apply.
    pub fn test(self, x: f64, t: f64) -> bool {
        match self {
            Op::Le => x <= t,
            Op::Lt => x < t,
            Op::Ge => x >= t,
            Op::Gt => x > t,
        }
    }
    /// Symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Le => "<=",
            Op::Lt => "<",
            Op::Ge => ">=",
            Op::Gt => ">",
        }
    }
}

/// A reference statistic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reference {
    /// Median of the REP and REP+ schools of the territory.
    MedianRep,
    /// Median of all schools of the territory.
    Median,
}

/// Who can be chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Population {
    /// `public`, `private` or `all`.
    #[serde(default = "public")]
    pub sector: String,
    /// Académies (empty = all).
    #[serde(default)]
    pub academie: Vec<String>,
    /// Départements (empty = all).
    #[serde(default)]
    pub departement: Vec<String>,
    /// EP statuses that are not eligible.
    #[serde(default = "rep")]
    pub exclude_ep: Vec<String>,
    /// Smallest headcount.
    #[serde(default)]
    pub min_headcount: Option<f64>,
}

fn public() -> String {
    "public".into()
}
fn rep() -> Vec<String> {
    vec!["REP".into(), "REP+".into()]
}

impl Default for Population {
    fn default() -> Self {
        Population {
            sector: public(),
            academie: Vec::new(),
            departement: Vec::new(),
            exclude_ep: rep(),
            min_headcount: None,
        }
    }
}

/// One criterion. Exactly one kind: threshold (`variable`, `op` and one of `value`, `quantile`,
/// `reference`), cluster membership (`clusters` or `lowest_clusters`) or EP status (`ep_status`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Indicator.
    pub variable: Option<String>,
    /// Comparison.
    pub op: Option<Op>,
    /// Absolute threshold.
    pub value: Option<f64>,
    /// Quantile of the territory (0–1, R type 7).
    pub quantile: Option<f64>,
    /// Reference statistic of the territory.
    pub reference: Option<Reference>,
    /// Territory of relative thresholds.
    #[serde(default)]
    pub within: Within,
    /// Cluster ids.
    pub clusters: Option<Vec<usize>>,
    /// The n clusters whose centre is lowest on axis 1.
    pub lowest_clusters: Option<usize>,
    /// EP statuses.
    pub ep_status: Option<Vec<String>>,
    /// Label used in explanations.
    pub label: Option<String>,
}

/// How criteria combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Combine {
    /// Every rule.
    #[default]
    All,
    /// At least one rule.
    Any,
}

/// Criteria.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Criteria {
    /// all | any.
    #[serde(default)]
    pub combine: Combine,
    /// Rules.
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// Ranking score (higher = more in need).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    /// Axis whose negated coordinate is the score (axis 1 is oriented to grow with IPS).
    pub axis: Option<usize>,
    /// Or weights on standardised indicators.
    pub weights: Option<BTreeMap<String, f64>>,
}

impl Default for Score {
    fn default() -> Self {
        Score {
            axis: Some(1),
            weights: None,
        }
    }
}

/// Budget grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    /// N overall.
    #[default]
    Total,
    /// N per académie.
    Academie,
    /// N per département.
    Departement,
}

/// How many schools.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// Schools selected (per group).
    pub n: usize,
    /// Grouping.
    #[serde(default)]
    pub per: Per,
}

/// Orphan detectors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrphanParams {
    /// Run the detectors (default true). Off, every orphan column is empty: "not computed" (the
    /// lycées' presets: lycées are outside éducation prioritaire).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Territory of the REP median (threshold detector).
    #[serde(default)]
    pub within: Within,
    /// Run the neighbourhood detector (exact nearest neighbours of every school: the slowest part of
    /// a selection at national scale). Default true.
    #[serde(default = "yes")]
    pub neighbourhood: bool,
    /// Neighbours of the EP-likeness score.
    #[serde(default = "ten")]
    pub neighbours: usize,
    /// EP-likeness at or above which a school is flagged.
    #[serde(default = "half")]
    pub likeness_threshold: f64,
    /// The IPS column of the threshold detector (none: `ips`; the lycées' presets: the track's).
    /// Set by the presets, not a key of the spec.
    #[serde(skip)]
    pub ips: Option<String>,
    /// The user's reference group of the threshold detector, instead of the REP/REP+ schools (see
    /// [`super::reference`]): not a key of the spec but a file of its own (`--reference`,
    /// `[selection] reference`).
    #[serde(skip)]
    pub reference: Option<std::sync::Arc<super::reference::ReferenceGroup>>,
}

impl OrphanParams {
    /// Whether the threshold detector runs: with the EP detectors, or against a reference group.
    pub fn threshold_on(&self) -> bool {
        self.enabled || self.reference.is_some()
    }
}

fn ten() -> usize {
    defaults::NEIGHBOURS
}
fn yes() -> bool {
    true
}
fn half() -> f64 {
    defaults::LIKENESS
}

impl Default for OrphanParams {
    fn default() -> Self {
        OrphanParams {
            enabled: true,
            within: Within::Academie,
            neighbourhood: true,
            neighbours: defaults::NEIGHBOURS,
            likeness_threshold: defaults::LIKENESS,
            ips: None,
            reference: None,
        }
    }
}

/// Sensitivity analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sensitivity {
    /// Run the sensitivity analysis (threshold variants and bootstrap). Default true.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Bootstrap resamples.
    #[serde(default = "fifty")]
    pub bootstrap: usize,
    /// Seed.
    #[serde(default = "one")]
    pub seed: u64,
    /// Shift applied to quantiles (±).
    #[serde(default = "shift")]
    pub quantile_shift: f64,
}

fn fifty() -> usize {
    defaults::BOOTSTRAP
}
fn one() -> u64 {
    defaults::SEED
}
fn shift() -> f64 {
    defaults::QUANTILE_SHIFT
}

impl Default for Sensitivity {
    fn default() -> Self {
        Sensitivity {
            enabled: true,
            bootstrap: defaults::BOOTSTRAP,
            seed: defaults::SEED,
            quantile_shift: defaults::QUANTILE_SHIFT,
        }
    }
}

/// Matching for evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matching {
    /// Match the selected schools with comparable ones and compute the balance table. Default true.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Controls from the same académie only.
    #[serde(default)]
    pub same_academie: bool,
    /// Largest distance in the PCA space.
    #[serde(default)]
    pub caliper: Option<f64>,
}

impl Default for Matching {
    fn default() -> Self {
        Matching {
            enabled: true,
            same_academie: false,
            caliper: None,
        }
    }
}

/// The whole spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionSpec {
    /// Population.
    #[serde(default)]
    pub population: Population,
    /// Criteria.
    #[serde(default)]
    pub criteria: Criteria,
    /// Score.
    #[serde(default)]
    pub score: Score,
    /// Budget.
    pub budget: Budget,
    /// Orphans.
    #[serde(default)]
    pub orphans: OrphanParams,
    /// Sensitivity.
    #[serde(default)]
    pub sensitivity: Sensitivity,
    /// Matching.
    #[serde(default)]
    pub matching: Matching,
    /// Committee decisions, applied after the rules: not a key of the spec but a file of its own
    /// (`--decisions`, `[selection] decisions`; see [`super::decisions`]).
    #[serde(skip)]
    pub decisions: Option<std::sync::Arc<super::decisions::Decisions>>,
}

impl SelectionSpec {
    /// Read a TOML spec and check what can be checked without the data (see
    /// [`SelectionSpec::check_static`]); errors name the file, the line, the key and what is allowed.
    pub fn from_file(path: &Path) -> Result<Self> {
        let file = TomlFile::read(path, Schema::Spec)?;
        let spec: SelectionSpec = file.parse()?;
        spec.check_static(None, None).map_err(|e| match e {
            Error::Setting(s) => file.place(*s),
            other => other,
        })?;
        Ok(spec)
    }
}
