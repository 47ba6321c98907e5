//! Clustering of schools: weighted Ward on principal coordinates with consolidation (FactoMineR's HCPC),
//! deterministic k-means, and the description of clusters.

mod centres;
pub mod describe;
pub(crate) mod distinct;
pub(crate) mod hartigan_wong;
pub mod hcpc;
pub mod k_range;
pub mod kmeans;
#[cfg(test)]
mod kmeans_tests;
pub(crate) mod labels;
pub(crate) mod partition;
mod seeding;
pub mod silhouette;
pub mod stability;
pub(crate) mod ties;
pub mod ward;
mod ward_index;
#[cfg(test)]
mod ward_scan;
#[cfg(test)]
mod ward_tests;

pub use crate::matrix::{Points, RowMatrix};
pub use hcpc::{HcpcParams, HcpcResult};
pub use ties::TieReport;
