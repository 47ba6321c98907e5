//! How to read a file ([`LoadOptions`]): its own file, so that the reading steps (`open`, `period`)
//! and `load` share it without importing each other.

use std::path::PathBuf;

/// Default tokens read as a missing value.
pub const DEFAULT_MISSING: &[&str] = &["", "NS", "NA", "nd", "ND", "-"];

/// How to read a file.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Dataset preset name (`None` = recognise from the header).
    pub dataset: Option<String>,
    /// Field separator (`None` = detect).
    pub separator: Option<u8>,
    /// Tokens meaning "missing".
    pub missing_tokens: Vec<String>,
    /// School year (`2022-2023`) to keep from multi-year files (`None` = paired with `session`, else the
    /// latest).
    pub year: Option<String>,
    /// DNB session (`2023`) to keep from IVAC files (`None` = the session ending `year`, else the latest).
    /// Session N goes with school year (N-1)-N.
    pub session: Option<String>,
    /// Id (UAI) column of every file that has a column of that name (`--id-column`; default: the
    /// UAI column is recognised from the header).
    pub id_column: Option<String>,
    /// Id column of one file (path as given, or bare file name) → header; overrides `id_column`.
    pub id_columns: Vec<(PathBuf, String)>,
    /// Progress of the parsing, in bytes, for big files (default: none drawn).
    pub progress: crate::progress::Progress,
    /// Encoding of text inputs, a WHATWG label (`windows-1252`, `utf-16le`, `macintosh`…; `None` =
    /// UTF-8, or UTF-16 from its byte-order mark, else Windows-1252).
    pub encoding: Option<String>,
    /// Size limit of one input, bytes (`None` = `CIBLAGE_MAX_INPUT_BYTES`, else 4 GiB).
    pub max_bytes: Option<u64>,
    /// Value added over several sessions: `Some(n)` adds, for every value-added column of a file
    /// holding several sessions, its value in each of the `n` sessions ending with the one kept and
    /// their mean (`va_success_rate_mean3`; see `sessions`).
    pub mean_sessions: Option<usize>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            dataset: None,
            separator: None,
            missing_tokens: DEFAULT_MISSING.iter().map(|s| s.to_string()).collect(),
            year: None,
            session: None,
            id_column: None,
            id_columns: Vec::new(),
            progress: Default::default(),
            encoding: None,
            max_bytes: None,
            mean_sessions: None,
        }
    }
}
