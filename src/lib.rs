//! # ciblage
//!
//! Choose schools for a *contrat local d'accompagnement* (CLA) and reproduce or evaluate such a
//! selection: load the official French school open data (IPS, value added, éducation prioritaire list,
//! directory, coordinates) and the user's own tables, validate and join them on the UAI, summarise the
//! indicators with a PCA numerically identical to R's FactoMineR, cluster the schools (HCPC), apply
//! eligibility rules, find "orphan" schools, and produce plots, maps and a report.
//!
//! Each step is a module with `params → check() → fit → plain serde result`; the main types are
//! re-exported here, so that a script needs one `use`:
//!
//! ```
//! use ciblage::{analyse, load_inputs, select, AnalysisConfig, LoadOptions, Missing, SelectionSpec};
//!
//! let files = [
//!     "data-samples/fr-en-ips-colleges-ap2022.csv".into(),
//!     "data-samples/fr-en-indicateurs-valeur-ajoutee-colleges.csv".into(),
//!     "data-samples/fr-en-etablissements-ep.csv".into(),
//! ];
//! let inputs = load_inputs(&files, &LoadOptions::default())?;
//! let analysis = analyse(&inputs, &AnalysisConfig::standard(Missing::Drop)?)?;
//! let spec = SelectionSpec::nantes(Vec::new(), 21, ciblage::select::spec::Equity::Access);
//! let selection = select(&analysis, &spec)?;
//! assert_eq!(selection.selected.len(), 21);
//! # Ok::<(), ciblage::Error>(())
//! ```
//!
//! # The public surface
//!
//! | step | public | main items |
//! |---|---|---|
//! | errors | [`error`] | [`Error`] (with its exit code), [`Result`] |
//! | data | [`data`], [`data::uai`], [`data::territory`] | [`load`], [`load_inputs`], [`LoadOptions`], [`Table`], [`Column`], [`Inputs`], [`Filter`], [`data::PRESETS`] (the official datasets recognised), UAI check letters, académies and départements |
//! | PCA | [`pca`], [`pca::table`], [`pca::impute`] | [`PcaParams`] → [`PcaValidParams`] → [`PcaResult`]; [`PcaSpec`] and [`pca::table::run`] on a [`Table`]; FactoMineR's imputation |
//! | clustering | [`cluster`]: [`cluster::ward`], [`cluster::hcpc`], [`cluster::kmeans`], [`cluster::describe`], [`cluster::stability`], [`cluster::silhouette`], [`cluster::k_range`] | [`HcpcParams`], [`KMeansParams`], the Ward tree, cluster descriptions (v-tests), bootstrap stability |
//! | analysis | [`analysis`] | [`analyse`]: filter → PCA → clustering → descriptions; [`AnalysisConfig`], [`Analysis`] |
//! | selection | [`mod@select`] and its [`select::spec`], [`select::decisions`], [`select::allocation`], [`select::robustness`] | [`select()`], [`SelectionSpec`] (the Nantes method built in), [`Selection`] with an explanation per school |
//! | follow-up | [`follow`]: [`follow::panel`], [`follow::matching`], [`follow::did`] … | matched comparison schools, difference in differences, placebo lists |
//! | outputs | [`export`] (the tables of each step), [`plot`], [`report::figures`], [`sample`] | every figure and map of an analysis ([`report::figures::plot`], [`report::figures::map`], [`report::figures::choropleth_map`]); synthetic data |
//! | job | [`job`]: [`job::config`], [`job::execute`], [`job::settings`], [`job::manifest`] | [`RunConfig`] (`ciblage.toml`), [`execute`] (what `ciblage run` does), [`verify`], the typed settings |
//! | languages | [`i18n`] | [`i18n::Lang`], [`i18n::Labels`] |
//! | command line | [`cli`] | [`cli::run`], the binary's entry |
//!
//! Everything else is internal to the crate (`pub(crate)`): the CSV/JSON/Parquet readers and their
//! chunks, decoding, normalisation of codes, the rows' validation, safe output writing (atomic files,
//! formula-safe CSV, staged folders, digests), progress bars, step timing, quoting input in messages,
//! the drawing of maps, the report's pages, the explanations' wording, and the main job's output and
//! manifest writing. Use the public entry points above; they are what the command line calls.
//!
//! # Layout (layers, each importing only those below it; `tests/layers.rs` keeps it so)
//!
//! | layer | modules |
//! |---|---|
//! | leaves | [`error`], `text` (quoting input in messages), `trace` (step timing), `matrix`, `progress`, `output` (atomic files, safe CSV, staging, digests), [`i18n`] (French/English catalogue) |
//! | data | [`data`]: reading CSV/Parquet (`data/csv_reader.rs`), validation, UAI, joins, territories |
//! | computation | [`pca`] (FactoMineR's PCA), [`cluster`] (Ward tree [`cluster::ward`], HCPC, k-means) |
//! | analysis | [`analysis`]: filter → PCA → clustering → descriptions |
//! | selection | [`mod@select`]: rules (`select/rules.rs`), the selection spec ([`select::spec`]) and the Nantes method (`select/spec/nantes.rs`), orphans, budget, robustness; [`follow`] |
//! | outputs | [`export`] (tables), [`plot`], `map` (map drawing), [`report`] (HTML), [`sample`] |
//! | job | [`job`]: settings, `ciblage.toml`, the main job, the manifest ([`job::manifest`]) |
//! | command line | [`cli`]: parse, call the library, map errors to exit codes (`src/main.rs` only calls [`cli::run`]) |
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
pub use progress::Progress;

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
