//! The one error type of the library.
//!
//! Every variant carries what a user needs to find and fix the problem: the file, the line (1-based, as
//! a text editor counts, the header being line 1), the column, the UAI and the offending value, plus the
//! numbers that explain an invalid parameter (`InvalidK { k, n }`).

use std::path::PathBuf;

/// Result alias used across the crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong in ciblage.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source} (check that the path exists and is readable/writable)")]
    Io {
        /// Path involved.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file holds no data at all.
    #[error("{path}: the file is empty (expected a header line followed by one row per school)")]
    EmptyFile {
        /// Path involved.
        path: PathBuf,
    },
    /// The file is not text (or not UTF-8 / Latin-1 text a CSV could hold).
    #[error("{path}: line {line}: this does not look like a CSV text file ({reason})")]
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
    #[error("{path}: dataset not recognised from its header [{found}]; name it with --dataset (one of: {known})")]
    UnknownDataset {
        /// Path involved.
        path: PathBuf,
        /// Header fields found.
        found: String,
        /// Known preset names.
        known: String,
    },
    /// Required columns are missing.
    #[error("{path}: missing required column(s) {missing:?} for dataset '{dataset}'; columns found: [{found}]")]
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
    #[error("{path}: line {line}: {reason}")]
    Csv {
        /// Path involved.
        path: PathBuf,
        /// Line of the problem.
        line: u64,
        /// Explanation.
        reason: String,
    },
    /// `--strict` was given and rows were rejected.
    #[error("{count} row(s) rejected in strict mode; first: {first} (fix the rows or drop --strict to continue without them)")]
    Strict {
        /// Number of rejected rows.
        count: usize,
        /// Description of the first problem.
        first: String,
    },
    /// A parameter is out of its valid range.
    #[error("invalid parameter {name} = {value}: {reason}")]
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
    #[error("variable '{name}' is constant (value {value}) over the {n} schools: drop it from the active variables")]
    ConstantVariable {
        /// Variable name.
        name: String,
        /// The constant value.
        value: f64,
        /// Rows.
        n: usize,
    },
    /// A requested column does not exist.
    #[error("unknown column '{name}'; available: [{available}]")]
    UnknownColumn {
        /// Column asked for.
        name: String,
        /// Columns available.
        available: String,
    },
    /// Missing values in an active variable while the missing policy is `error`.
    #[error("column '{column}' has {count} missing value(s), first at UAI {uai} (line {line} of {path}); use --missing drop|mean|iterative")]
    MissingValue {
        /// Column.
        column: String,
        /// How many.
        count: usize,
        /// First UAI.
        uai: String,
        /// Its line.
        line: u64,
        /// Its file.
        path: String,
    },
    /// A configuration (TOML spec) problem.
    #[error("{path}: {reason}")]
    Config {
        /// Path of the spec.
        path: PathBuf,
        /// Explanation.
        reason: String,
    },
    /// A UAI asked for is not in the data.
    #[error("UAI {uai} is not among the {n} schools analysed{hint}")]
    UnknownUai {
        /// UAI.
        uai: String,
        /// Schools analysed.
        n: usize,
        /// Hint (e.g. it was rejected, with reason).
        hint: String,
    },
    /// An output would overwrite an input or an existing file.
    #[error("{path}: {reason}")]
    Output {
        /// Path.
        path: PathBuf,
        /// Explanation.
        reason: String,
    },
    /// A numerical failure (should not happen on valid data).
    #[error("numerical failure in {what}: {reason}")]
    Numeric {
        /// Step.
        what: &'static str,
        /// Explanation.
        reason: String,
    },
    /// Wrong command-line usage found by the library (exit code 2).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// Process exit code: 2 for usage errors, 1 for data or analysis errors.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) | Error::InvalidParam { .. } | Error::UnknownColumn { .. } => 2,
            _ => 1,
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
