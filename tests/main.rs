//! The integration tests, one binary (as ripgrep does): each module runs the real `ciblage` binary
//! or the library on real inputs. One binary links once — on 2 cores that is minutes saved on a
//! clean build (`autotests = false` in Cargo.toml). A new test file is a new `mod` line here.
//!
//! Run one module: `cargo test --test main settings::` (a module path filters the tests).

mod common;

mod allocation;
mod bad_inputs;
mod broken_runs;
mod cli_run;
mod clustering;
mod columns;
mod edge_cases_clusters;
mod edge_cases_pca;
mod edge_properties;
mod figures;
mod follow;
mod follow_browser;
mod follow_outputs;
mod hcpc_reference;
mod ival;
mod json_inputs;
mod layers;
mod levels;
mod maps;
mod mean_sessions;
mod missing_values;
mod multi_level;
mod outputs;
mod pca_impute;
mod pca_properties;
mod pca_reference;
mod reading;
mod readme_tour;
mod real_data;
mod reference_group;
mod report_browser;
mod run_job;
mod sample;
mod select;
mod series;
mod settings;
mod territories;
