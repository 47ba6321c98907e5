//! # ciblage
//!
//! Choose schools for a *contrat local d'accompagnement* (CLA) and reproduce or evaluate such a
//! selection: load the official French school open data (IPS, value added, éducation prioritaire list,
//! directory, coordinates) and the user's own tables, validate and join them on the UAI, summarise the
//! indicators with a PCA numerically identical to R's FactoMineR, cluster the schools (HCPC), apply
//! eligibility rules, find "orphan" schools, and produce plots, maps and a report.
//!
//! Each step is a module with `params → check() → fit → plain serde result`; the main types are
//! re-exported here.
//!
//! # Layout (layers, each importing only those below it; `tests/layers.rs` keeps it so)
//!
//! | layer | modules |
//! |---|---|
//! | leaves | [`error`], [`text`] (quoting input in messages), [`trace`] (step timing), [`matrix`], [`progress`], [`output`] (atomic files, safe CSV, staging, digests), [`i18n`] (French/English catalogue) |
//! | data | [`data`]: reading CSV/Parquet (`data::csv_reader`), validation, UAI, joins, territories |
//! | computation | [`pca`] (FactoMineR's PCA), [`cluster`] (Ward tree `cluster::ward`, HCPC, k-means) |
//! | analysis | [`analysis`]: filter → PCA → clustering → descriptions |
//! | selection | [`select`]: rules (`select::rules`), the Nantes method (`select::spec`), orphans, budget, robustness |
//! | outputs | [`export`] (tables), [`plot`], [`map`] (map drawing), [`report`] (HTML), [`sample`] |
//! | job | [`job`]: settings, `ciblage.toml`, the main job, the manifest (`job::outputs`) |
#![warn(missing_docs)]

pub mod analysis;
pub mod cli;
pub mod cluster;
pub mod data;
pub mod error;
pub mod export;
pub mod follow;
pub mod i18n;
pub mod job;
pub(crate) mod map;
pub(crate) mod matrix;
pub(crate) mod output;
pub mod pca;
pub mod plot;
pub(crate) mod progress;
pub mod report;
pub mod sample;
pub mod select;
#[cfg(test)]
mod testing;
pub(crate) mod text;
pub(crate) mod trace;

pub use error::{Error, Result};

// The front door: the types a library user needs for each step, from the root.
pub use analysis::{analyse, Analysis, AnalysisConfig, Clustering};
pub use cluster::hcpc::{HcpcParams, HcpcResult, HcpcValidParams};
pub use cluster::kmeans::{KMeans, KMeansParams, KMeansValidParams};
pub use data::{load, load_inputs, Column, Filter, Inputs, LoadOptions, Table};
pub use job::config::RunConfig;
pub use job::execute::{execute, verify, JobOptions, JobResult};
pub use pca::table::{PcaRun, PcaSpec};
pub use pca::{Missing, PcaParams, PcaResult, PcaValidParams};
pub use select::{select, Selection, SelectionSpec};

/// The README's Rust examples, compiled and run as doctests (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
