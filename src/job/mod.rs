//! The main job and its settings: what `ciblage run` and `ciblage verify` do, above every other layer.
//!
//! | module | what |
//! |---|---|
//! | [`settings`] | every setting typed, its default, its allowed values, its checks (before and after loading) |
//! | [`config`] | `ciblage.toml` ([`config::RunConfig`]), read and merged with the flags |
//! | [`execute`] | the job: load → check → PCA → clustering → selection → outputs; `verify` of a folder |
//! | `follow` | `ciblage follow`: the followed schools over the years, in one folder |
//! | `template` | the commented `ciblage.toml` of `ciblage init --config` |
//! | `levels` | the school levels of a run: each level's files and settings |
//! | `outputs` | every output of a run in one folder |
//! | `multi` | a run over several school levels: a folder per level, one report, one manifest |
//! | [`manifest`] | `manifest.json`: the configuration, every file with its hash, the rows |

pub(crate) mod allocate;
pub mod config;
pub mod execute;
pub(crate) mod follow;
pub(crate) mod levels;
pub mod manifest;
pub(crate) mod multi;
pub(crate) mod outputs;
pub mod settings;
pub(crate) mod template;
