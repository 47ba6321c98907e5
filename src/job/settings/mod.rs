//! The settings model: every setting of every command, typed, with its default and what it allows,
//! checked before any input is read.
//!
//! - Words (`--method`, `[clustering] method`...) are enums ([`enums`]) parsed at the edge, by clap
//!   for a flag and by serde for a TOML key, with the same names: a bad word never gets in.
//! - Numbers have a range ([`limits`], [`crate::error::Allowed`]) checked by [`check_run`] for a run
//!   configuration, and by the flags' parsers ([`limits`] again) on the command line.
//! - Defaults are written once ([`defaults`]); clap, serde and the templates take them from here.
//! - A setting that can only be checked against the data is checked by [`check_loaded`], called right
//!   after the inputs are loaded and before any computation.
//! - [`registry`] lists every setting (flag, TOML key, type, range, default); the README's settings
//!   table is generated from it and tests compare it with clap's flags and serde's defaults.
//!
//! Errors are [`SettingError`]s (exit code 2) naming the setting by its key; [`Origin::attribute`]
//! then names it as the user gave it: the flag (`--k 0: an integer >= 2`) or the file, line and key
//! (`ciblage.toml: line 12: [clustering] k = 0: allowed values: an integer >= 2`).

mod check;
pub mod enums;
mod reading;
pub mod registry;

pub use crate::output::Dialect;
pub use check::{check_loaded, check_run};
pub use enums::{Format, Language, Method, Preset, SampleFormat, Sector, Separator, Tables};
pub use reading::{max_bytes_or_env, ByteSize, TextEncoding, ENCODING_ALLOWED, SIZE_ALLOWED};

use crate::error::{render_refs, Error, Place, Schema, SettingError, TomlFile};
use std::path::PathBuf;

/// Defaults, written once: clap's `default_value_t`, serde's `default` and the registry use these.
pub mod defaults {
    use super::enums::{Language, Method, Tables};
    /// `--ncp`, `[pca] ncp`: components kept.
    pub const NCP: usize = 5;
    /// `--missing`, `[pca] missing`.
    pub const MISSING: crate::pca::Missing = crate::pca::Missing::Drop;
    /// `--impute-ncp`, `[pca] impute_ncp` (missMDA's default).
    pub const IMPUTE_NCP: usize = 2;
    /// `--min-k`, `[clustering] min_k` (FactoMineR's `min`).
    pub const MIN_K: usize = crate::cluster::k_range::DEFAULT_MIN_K;
    /// `--iter-max`, `[clustering] iter_max` (FactoMineR's consolidation).
    pub const ITER_MAX: usize = 10;
    /// `--seed`, `[clustering] seed`.
    pub const SEED: u64 = 1;
    /// `--bootstrap`, `[clustering] bootstrap` (0 = no stability measure).
    pub const BOOTSTRAP: usize = 0;
    /// `--method`, `[clustering] method`.
    pub const METHOD: Method = Method::Hcpc;
    /// `--n-init`, `[clustering] n_init`.
    pub const N_INIT: usize = 1;
    /// `--n`, `[selection] n`.
    pub const N: usize = crate::select::spec::defaults::N;
    /// `--equity`, `[selection] equity`.
    pub const EQUITY: crate::select::spec::Equity = crate::select::spec::Equity::Access;
    /// `--lang`, `[output] lang`.
    pub const LANG: Language = Language::En;
    /// `--dialect`, `[output] dialect`.
    pub const DIALECT: crate::output::Dialect = crate::output::Dialect::Standard;
    /// `--tables`, `[output] tables`.
    pub const TABLES: Tables = Tables::Full;
    /// `run --out`, `[output] dir`.
    pub const OUT_DIR: &str = "ciblage-out";
    /// `--orient` of the commands that select, `[pca] orient`: axis 1 grows with IPS.
    pub const ORIENT: &str = "1:ips";
    /// `plot --axes`.
    pub const AXES: &str = "1,2";
    /// `map --color`.
    pub const COLOR: &str = "cluster";
    /// `sample --schools`.
    pub const SAMPLE_SCHOOLS: usize = 300;
    /// `sample --seed`.
    pub const SAMPLE_SEED: u64 = 1;
    /// `follow --match-sessions`: pre-entry sessions the comparison schools are matched on.
    pub const MATCH_SESSIONS: usize = 2;
    /// `follow --placebo`: placebo replications (0 = none).
    pub const PLACEBO: usize = 0;
    /// `follow --seed`: seed of the placebo draws.
    pub const FOLLOW_SEED: u64 = 1;
}

/// What the numbers allow (the selection spec's are in [`crate::select::spec::limits`]).
pub mod limits {
    use crate::error::Allowed;
    /// `--k`, `[clustering] k`: a partition has at least 2 clusters.
    pub const K: Allowed = Allowed::at_least(2);
    /// `--min-k`, `[clustering] min_k`.
    pub const MIN_K: Allowed = Allowed::at_least(2);
    /// `--max-k`, `[clustering] max_k` (and at least `min_k`).
    pub const MAX_K: Allowed = Allowed::at_least(2);
    /// `--iter-max`, `[clustering] iter_max`.
    pub const ITER_MAX: Allowed = Allowed::at_least(1);
    /// `--kk`, `[clustering] kk`.
    pub const KK: Allowed = Allowed::at_least(2);
    /// `--n-init`, `[clustering] n_init`.
    pub const N_INIT: Allowed = Allowed::at_least(1);
    /// `--bootstrap`, `[clustering] bootstrap`.
    pub const BOOTSTRAP: Allowed = Allowed::at_least(0);
    /// `--seed`.
    pub const SEED: Allowed = Allowed::at_least(0);
    /// `--ncp`, `[pca] ncp`.
    pub const NCP: Allowed = Allowed::at_least(1);
    /// `--impute-ncp`, `[pca] impute_ncp`.
    pub const IMPUTE_NCP: Allowed = Allowed::at_least(1);
    /// `--n`, `[selection] n`.
    pub const N: Allowed = crate::select::spec::limits::BUDGET_N;
    /// `--mean-sessions`, `[inputs] mean_sessions`: the value added averaged over 2 to 10 sessions.
    pub const MEAN_SESSIONS: Allowed = Allowed::Int {
        min: 2,
        max: Some(10),
    };
    /// `follow --match-sessions`.
    pub const MATCH_SESSIONS: Allowed = Allowed::Int {
        min: 1,
        max: Some(10),
    };
    /// `follow --placebo`.
    pub const PLACEBO: Allowed = Allowed::Int {
        min: 0,
        max: Some(10_000),
    };
    /// `sample --schools`.
    pub const SAMPLE_SCHOOLS: Allowed = Allowed::Int {
        min: 1,
        max: Some(10_000_000),
    };
}

/// Where the settings of a command came from, to name a setting the way the user gave it.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The run configuration was built from the command-line flags.
    pub flags: bool,
    /// The run configuration file (`run --config`).
    pub config: Option<PathBuf>,
    /// The selection spec file (`--spec`, `[selection] spec`).
    pub spec: Option<PathBuf>,
}

impl Origin {
    /// Settings given as flags, with this selection spec file when there is one.
    pub fn flags(spec: Option<PathBuf>) -> Self {
        Origin {
            flags: true,
            config: None,
            spec,
        }
    }

    /// Settings of a run configuration file.
    pub fn config(path: PathBuf, spec: Option<PathBuf>) -> Self {
        Origin {
            flags: false,
            config: Some(path),
            spec,
        }
    }

    /// `e` with its setting named the way it was given (a flag, or a file and line); other errors
    /// unchanged.
    pub fn attribute(&self, e: Error) -> Error {
        let Error::Setting(mut s) = e else {
            return e;
        };
        if s.place != Place::Key {
            return Error::Setting(s);
        }
        match s.schema {
            Schema::Flag => {
                s.place = Place::Flag(s.key.clone());
                Error::Setting(s)
            }
            Schema::Spec => match &self.spec {
                Some(p) => in_file(p, Schema::Spec, *s),
                // The spec of a preset: its settable keys are the run's.
                None => match preset_key(&s.key) {
                    Some(k) => {
                        s.schema = Schema::Config;
                        s.key = k.into();
                        self.attribute(Error::Setting(s))
                    }
                    None => Error::Setting(s),
                },
            },
            Schema::Config => match (&self.config, self.flags) {
                (Some(p), _) => in_file(p, Schema::Config, *s),
                (None, true) => as_flag(*s),
                (None, false) => Error::Setting(s),
            },
        }
    }
}

/// The run-configuration key behind a key of the Nantes preset's spec.
fn preset_key(spec_key: &str) -> Option<&'static str> {
    match spec_key {
        "budget.n" => Some("selection.n"),
        "population.academie" => Some("filter.academie"),
        _ => None,
    }
}

/// Place `s` on its line of the settings file `path` (read again: a few KiB at most).
fn in_file(path: &std::path::Path, schema: Schema, s: SettingError) -> Error {
    match TomlFile::read(path, schema) {
        Ok(f) => f.place(s),
        Err(_) => {
            let mut s = s;
            s.place = Place::File {
                path: path.into(),
                line: None,
                column: None,
            };
            Error::setting(s)
        }
    }
}

/// Name `s` by its flag, and the settings it refers to by theirs.
fn as_flag(mut s: SettingError) -> Error {
    let flag = |key: &str| {
        registry::by_key(Schema::Config, key)
            .and_then(|r| r.flag)
            .map(str::to_string)
    };
    match flag(&s.key) {
        Some(f) => {
            s.allowed = render_refs(&s.allowed, |k| flag(k).unwrap_or_else(|| k.into()));
            s.place = Place::Flag(f);
        }
        None => {
            s.place = Place::Key;
        }
    }
    Error::setting(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_is_named_as_given() {
        let e = || {
            Error::setting(SettingError::about(
                Schema::Config,
                "clustering.method",
                "kmeans needs `clustering.k`",
            ))
        };
        assert_eq!(
            Origin::flags(None).attribute(e()).to_string(),
            "--method: kmeans needs --k"
        );
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("c.toml");
        std::fs::write(&p, "[clustering]\nmethod = \"kmeans\"\n").unwrap();
        let shown = Origin::config(p.clone(), None).attribute(e()).to_string();
        assert!(
            shown.ends_with("c.toml: line 2: [clustering] method: kmeans needs [clustering] k"),
            "{shown}"
        );
        // A key of the Nantes preset's spec is the run's `--n`.
        let n = Error::setting(SettingError::new(
            Schema::Spec,
            "budget.n",
            0,
            "an integer >= 1",
        ));
        assert_eq!(
            Origin::flags(None).attribute(n).to_string(),
            "--n 0: an integer >= 1"
        );
        assert_eq!(e().exit_code(), 2);
    }
}
