//! # ciblage
//!
//! Choose schools for a *contrat local d'accompagnement* (CLA) and reproduce or evaluate such a
//! selection: load the official French school open data (IPS, value added, éducation prioritaire list,
//! directory, coordinates) and the user's own tables, validate and join them on the UAI, summarise the
//! indicators with a PCA numerically identical to R's FactoMineR, cluster the schools (HCPC), apply
//! eligibility rules, find "orphan" schools, and produce plots, maps and a report.
//!
//! Each step is a module with `params → check() → fit → plain serde result`.
#![warn(missing_docs)]

pub mod cluster;
pub mod data;
pub mod error;
pub mod i18n;
pub mod map;
pub mod matrix;
pub mod output;
pub mod pca;
pub mod pipeline;
pub mod plot;
pub mod progress;
pub mod report;
pub mod sample;
pub mod select;
pub mod text;
pub mod trace;

pub use error::{Error, Result};
