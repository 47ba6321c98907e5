//! The output tables of each step — a contract other tools read — written with the safe writers of
//! `crate::output` (atomic files, spreadsheet formulas neutralised).
//!
//! The JSON files hold what the output policy [`json::JsonPolicy`] given to each writer says: every
//! per-school list up to [`json::JSON_MAX_INDIVIDUALS`] entries (full tables), or none (compact
//! tables, where `schools.csv` has them). The policy is an argument, never state: the main job
//! decides it from `output.tables`. The results written (`PcaRun`, `HcpcResult`, `Selection`)
//! carry no policy and serialise all their fields with serde; the writers serialise them through
//! the borrowed views of [`json`].
//!
//! | module | files |
//! |---|---|
//! | [`pca`] | `eigenvalues.csv`, `variables.csv`, `individuals.csv`, `quali_sup.csv`, `pca.json` |
//! | [`clusters`] | `clusters.csv`, `cluster_description.csv`, `cluster_categories.csv`, `tree.csv`, `clusters.json` |
//! | [`follow`] | `panel.csv`, `pairs.csv`, `estimates.csv`, `unmatched.csv`, `absent.csv`, `placebo.csv`, `follow.json` |
//! | [`follow_tables`] | `trajectories.csv`, `balance.csv`, `references.csv` (the follow-up's groups) |
//! | [`json`] | what `pca.json`, `clusters.json`, `selection.json` hold (the policy and the views) |
//! | [`selection`] | `selection.csv`, `selection.geojson`, `sensitivity.csv`, `matches.csv`, `balance.csv`, `thresholds.csv`, `selection.json` |

pub mod clusters;
pub mod follow;
pub mod follow_tables;
pub mod json;
pub mod pca;
pub mod selection;
