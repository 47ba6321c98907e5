//! The one error type of the library.
//!
//! Every variant carries what a user needs to find and fix the problem: the file, the line (1-based, as
//! a text editor counts, the header being line 1), the column, the UAI and the offending value, plus the
//! numbers that explain an invalid parameter (`InvalidK { k, n }`).
//!
//! Input text shown in a message (a value, a header, a line, a path) goes through
//! `quote`: at most 200 Unicode scalar values and no raw control character, whatever
//! the input holds. A setting outside what it allows is a [`SettingError`] (exit code 2), named as the
//! flag (`--k 0: ...`) or the file and TOML key (`ciblage.toml: line 3: [clustering] k = 0: ...`) it
//! came from.

use crate::text::{quote, quote_at_most};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

mod setting;
mod toml_file;
pub use setting::{render_refs, toml_key, Allowed, Place, Schema, SettingError};
pub use toml_file::{line_column, TomlFile, MAX_SETTINGS_BYTES};

/// A path as shown in a message: control characters escaped, at most [`MAX_PATH_SHOWN`] characters.
pub fn shown(path: &Path) -> String {
    quote_at_most(&path.to_string_lossy(), MAX_PATH_SHOWN).into_owned()
}

/// Longest path shown whole in a message (paths are longer than values; 1000 covers real ones).
pub const MAX_PATH_SHOWN: usize = 1000;

/// Free text built by ciblage around input values: control characters escaped, bounded.
fn free(s: &str) -> Cow<'_, str> {
    quote_at_most(s, MAX_MESSAGE)
}

/// What to do about an I/O error.
fn io_hint(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "check that the path exists",
        PermissionDenied => "check the permissions of the file and its folder",
        StorageFull | QuotaExceeded | FileTooLarge => {
            "the disk is full: free some space or write elsewhere; nothing was left behind"
        }
        IsADirectory => "a folder is there: give the path of a file",
        _ => "check that the path exists and is readable/writable",
    }
}

/// Longest free-text part of a message (reasons that list allowed values or columns).
pub const MAX_MESSAGE: usize = 2000;

/// Result alias used across the crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong in ciblage.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source} ({})", shown(.path), io_hint(.source))]
    Io {
        /// Path involved.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file holds no data at all.
    #[error("{}: the file is empty (expected a header line followed by one row per school)", shown(.path))]
    EmptyFile {
        /// Path involved.
        path: PathBuf,
    },
    /// The file is not text (or not UTF-8 / Latin-1 text a CSV could hold).
    #[error("{}: line {line}: this does not look like a CSV text file ({})", shown(.path), free(.reason))]
    NotText {
        /// Path involved.
        path: PathBuf,
        /// Line where it was noticed.
        line: u64,
        /// What was seen.
        reason: String,
    },
    /// An input that cannot be read as a whole (a folder, over the size limit, out of memory).
    #[error("{path}: {reason}")]
    Input {
        /// Path involved.
        path: PathBuf,
        /// What happened and what to do.
        reason: String,
    },
    /// No preset recognises the header and none was named.
    #[error("{}: dataset not recognised from its header [{}]; name it with --dataset (one of: {known})", shown(.path), quote(.found))]
    UnknownDataset {
        /// Path involved.
        path: PathBuf,
        /// Header fields found.
        found: String,
        /// Known preset names.
        known: String,
    },
    /// Required columns are missing.
    #[error("{}: missing required column(s) {} for dataset '{}'; columns found: [{}]", shown(.path), free(&format!("{:?}", .missing)), quote(.dataset), quote(.found))]
    MissingColumns {
        /// Path involved.
        path: PathBuf,
        /// Dataset preset.
        dataset: String,
        /// Missing canonical names (with accepted spellings).
        missing: Vec<String>,
        /// Header fields found.
        found: String,
    },
    /// A CSV syntax problem (unbalanced quote, invalid UTF-8...).
    #[error("{}: line {line}: {}", shown(.path), free(.reason))]
    Csv {
        /// Path involved.
        path: PathBuf,
        /// Line of the problem.
        line: u64,
        /// Explanation.
        reason: String,
    },
    /// `--strict` was given and rows were rejected.
    #[error("{count} row(s) rejected in strict mode; first: {} (fix the rows or drop --strict to continue without them)", free(.first))]
    Strict {
        /// Number of rejected rows.
        count: usize,
        /// Description of the first problem.
        first: String,
    },
    /// A parameter is out of its valid range.
    #[error("invalid parameter {name} = {}: {}", quote(.value), free(.reason))]
    InvalidParam {
        /// Parameter name.
        name: &'static str,
        /// Value given.
        value: String,
        /// Valid range / what to do.
        reason: String,
    },
    /// The number of clusters is not possible for the data.
    #[error("invalid number of clusters k = {k} for n = {n} schools (need 1 <= k <= n)")]
    InvalidK {
        /// Requested clusters.
        k: usize,
        /// Number of schools.
        n: usize,
    },
    /// A setting the user gave that the data make impossible (exit code 2, like any usage error):
    /// `k = 12 but only 9 distinct schools (...)`. Settings left at their default are clamped with a
    /// note instead.
    #[error("{setting} = {value} but {reason}")]
    SettingVsData {
        /// The setting (`k`, `min_k`...), as the TOML key; the reason names the flag too.
        setting: &'static str,
        /// The value given.
        value: usize,
        /// What the data allow, with the numbers, and what to do.
        reason: String,
    },
    /// Too few schools for the analysis.
    #[error("not enough schools: {n} usable row(s), at least {min} needed ({what})")]
    NotEnoughRows {
        /// Rows available.
        n: usize,
        /// Minimum.
        min: usize,
        /// Context.
        what: String,
    },
    /// A variable is constant (zero variance) and cannot be standardised.
    #[error("variable '{}' is constant (value {value}) over the {n} schools: drop it from the active variables", quote(.name))]
    ConstantVariable {
        /// Variable name.
        name: String,
        /// The constant value.
        value: f64,
        /// Rows.
        n: usize,
    },
    /// A requested column does not exist.
    #[error("unknown column '{}'; available: [{}]", quote(.name), free(.available))]
    UnknownColumn {
        /// Column asked for.
        name: String,
        /// Columns available.
        available: String,
    },
    /// Missing values in an active variable while the missing policy is `error`.
    #[error("column {} has {count} missing value(s), first at UAI {} (line {line} of {}){}; use --missing drop (the default), mean or iterative", quote(.column), quote(.uai), quote(.path), free(.origin))]
    MissingValue {
        /// Column, described (`'va_note' (column 12 of t.csv)`).
        column: String,
        /// Where the values come from when not from `path` (` (its values come from ivac.csv)`).
        origin: String,
        /// How many.
        count: usize,
        /// First UAI.
        uai: String,
        /// Its line.
        line: u64,
        /// Its file.
        path: String,
    },
    /// A file ciblage reads for itself (a manifest, a boundary GeoJSON) is not what it should be.
    /// Settings files (run configuration, selection spec) give [`Error::Setting`] instead.
    #[error("{}: {}", shown(.path), free(.reason))]
    Config {
        /// Path of the spec.
        path: PathBuf,
        /// Explanation.
        reason: String,
    },
    /// A UAI asked for is not in the data.
    #[error("UAI {} is not among the {n} schools analysed{}", quote(.uai), free(.hint))]
    UnknownUai {
        /// UAI.
        uai: String,
        /// Schools analysed.
        n: usize,
        /// Hint (e.g. it was rejected, with reason).
        hint: String,
    },
    /// An output could not be produced as asked (e.g. `verify` found differences).
    #[error("{}: {}", shown(.path), free(.reason))]
    Output {
        /// Path.
        path: PathBuf,
        /// Explanation.
        reason: String,
    },
    /// A numerical failure (should not happen on valid data).
    #[error("numerical failure in {what}: {}", free(.reason))]
    Numeric {
        /// Step.
        what: &'static str,
        /// Explanation.
        reason: String,
    },
    /// Wrong command-line usage found by the library (exit code 2).
    #[error("{}", free(.0))]
    Usage(String),
    /// A setting (flag or TOML key) outside what it allows, or one the data make impossible (exit
    /// code 2): names the flag, or the file, line and key, with the value and what is allowed.
    #[error("{0}")]
    Setting(Box<SettingError>),
    /// A path the command may not write: an input (or a file in a folder the run reads), a folder
    /// that is not empty without `--force`, a file where a folder is needed (exit code 2).
    #[error("{}", free(.reason))]
    Path {
        /// The path refused.
        path: PathBuf,
        /// The path as given (or the flag and the path), why, and what to do.
        reason: String,
    },
    /// The data cannot give an answer (exit code 1): the message names the file, the column or the
    /// values at fault and what to do.
    #[error("{0}")]
    Data(String),
}

impl Error {
    /// Process exit code: 2 for usage errors, 1 for data or analysis errors.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_)
            | Error::Setting(_)
            | Error::Path { .. }
            | Error::InvalidParam { .. }
            | Error::UnknownColumn { .. }
            | Error::UnknownUai { .. }
            | Error::SettingVsData { .. } => 2,
            _ => 1,
        }
    }

    /// Shorthand for a setting error.
    pub fn setting(e: SettingError) -> Self {
        Error::Setting(Box::new(e))
    }

    /// Shorthand for a refused path: `PATH: reason`.
    pub fn path(path: impl Into<PathBuf>, reason: impl std::fmt::Display) -> Self {
        let path = path.into();
        Error::Path {
            reason: format!("{}: {reason}", shown(&path)),
            path,
        }
    }

    /// Shorthand for a refused path given by a flag: `--rejected PATH reason`.
    pub fn path_of(flag: &str, path: impl Into<PathBuf>, reason: impl std::fmt::Display) -> Self {
        let path = path.into();
        Error::Path {
            reason: format!("{flag} {} {reason}", shown(&path)),
            path,
        }
    }

    /// Shorthand for an I/O error on a path.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
