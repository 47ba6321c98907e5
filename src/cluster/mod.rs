//! Clustering of schools: weighted Ward on principal coordinates with consolidation (FactoMineR's HCPC),
//! deterministic k-means, and the description of clusters.

pub mod describe;
pub mod hartigan_wong;
pub mod hcpc;
pub mod kmeans;
pub mod silhouette;
pub mod stability;
pub mod ward;

pub use hcpc::{HcpcParams, HcpcResult};
