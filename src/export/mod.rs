//! The output tables of each step — a contract other tools read — written with the safe writers of
//! [`crate::output`] (atomic files, spreadsheet formulas neutralised, JSON size policy).
//!
//! | module | files |
//! |---|---|
//! | [`pca`] | `eigenvalues.csv`, `variables.csv`, `individuals.csv`, `quali_sup.csv`, `pca.json` |
//! | [`clusters`] | `clusters.csv`, `cluster_description.csv`, `cluster_categories.csv`, `tree.csv`, `clusters.json` |
//! | [`follow`] | `panel.csv`, `pairs.csv`, `estimates.csv`, `unmatched.csv`, `absent.csv`, `placebo.csv`, `follow.json` |
//! | [`follow_tables`] | `trajectories.csv`, `balance.csv`, `references.csv` (the follow-up's groups) |
//! | [`selection`] | `selection.csv`, `selection.geojson`, `sensitivity.csv`, `matches.csv`, `balance.csv`, `thresholds.csv`, `selection.json` |

pub mod clusters;
pub mod follow;
pub mod follow_tables;
pub mod pca;
pub mod selection;
