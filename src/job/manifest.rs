//! `manifest.json`: the configuration, every input and output with its SHA-256 and size, the rows
//! of each file and of the analysis, the steps' timings; enough to check a run and to re-run it
//! (`ciblage verify`).

use super::config::RunConfig;
use crate::data::LoadReport;
use crate::error::{Error, Result};
use crate::trace::{Step, StepTimer};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One file of the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path (outputs relative to the run directory).
    pub path: String,
    /// SHA-256.
    pub sha256: String,
    /// Size.
    pub bytes: u64,
}

/// Rows of one input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputRows {
    /// File.
    pub path: String,
    /// Data rows.
    pub rows: usize,
    /// Rows kept.
    pub kept: usize,
    /// Rows rejected (each in `rejected.csv`).
    pub rejected: usize,
    /// Rows of other years/sessions.
    pub other_periods: usize,
}

/// `manifest.json`: enough to check a run and to re-run it (`ciblage verify`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// ciblage version.
    pub ciblage_version: String,
    /// The configuration as parsed (paths absolute or relative to where the run started).
    pub config: RunConfig,
    /// Seed of every random step (k-means++, pre-clustering, bootstrap).
    pub seed: u64,
    /// Worker threads (outputs do not depend on it).
    pub threads: usize,
    /// Start of the run, seconds since 1970 (the only time stamp of a run).
    pub started_unix: u64,
    /// Input files.
    pub inputs: Vec<FileEntry>,
    /// Rows per input file.
    pub input_rows: Vec<InputRows>,
    /// Output files.
    pub outputs: Vec<FileEntry>,
    /// Rows of the joined table.
    pub rows_in: usize,
    /// Rows excluded by filters.
    pub rows_excluded: usize,
    /// Rows dropped (missing values).
    pub rows_rejected: usize,
    /// Rows analysed.
    pub rows_analysed: usize,
    /// Wall time and peak memory of each step.
    pub steps: Vec<Step>,
    /// A run over several school levels: the rows and the list of each level, in school order (the
    /// row counts above are then their sums); absent for a run over one level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<LevelRows>,
}

/// One level of a run over several school levels (`manifest.json`, `levels.csv`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelRows {
    /// The level's preset name (`ecoles`, `colleges`, `lycees-gt`, `lycees-pro`), also its folder.
    pub level: String,
    /// Rows of the level's joined table.
    pub rows_in: usize,
    /// Rows excluded by filters.
    pub rows_excluded: usize,
    /// Rows dropped (missing values).
    pub rows_rejected: usize,
    /// Rows analysed.
    pub rows_analysed: usize,
    /// Eligible schools (none without a selection).
    pub eligible: Option<usize>,
    /// The level's budget (none without a selection).
    pub budget: Option<usize>,
    /// Schools selected (none without a selection).
    pub selected: Option<usize>,
}

/// SHA-256 of a file, hex, and its size.
pub fn sha256_file(path: &Path) -> Result<(String, u64)> {
    crate::output::digest::of_file(path)
        .map(|d| (d.sha256, d.bytes))
        .map_err(|e| Error::io(path, e))
}

/// Seconds since 1970, now (the start of a run).
pub(super) fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The manifest entries of the files `written` under `dir` (hashed as they were written when the
/// digest scope saw them; step `hashes`).
pub(super) fn entries(
    written: &[PathBuf],
    dir: &Path,
    digests: &crate::output::digest::DigestScope,
    timer: &mut StepTimer,
) -> Result<Vec<FileEntry>> {
    timer.time("hashes", || -> Result<Vec<FileEntry>> {
        use rayon::prelude::*;
        written
            .par_iter()
            .map(|p| {
                let (h, b) = match digests.take(p) {
                    Some(d) => (d.sha256, d.bytes),
                    None => sha256_file(p)?,
                };
                let rel = p
                    .strip_prefix(dir)
                    .unwrap_or(p)
                    .to_string_lossy()
                    .replace('\\', "/");
                Ok(FileEntry {
                    path: rel,
                    sha256: h,
                    bytes: b,
                })
            })
            .collect()
    })
}

/// Every file a run read: its inputs (`loads`, each once), then its selection spec, the committee's
/// decisions and the boundaries drawn — `verify` and `allocate` refuse a run whose files changed,
/// naming them.
pub(super) fn input_entries(
    cfg: &RunConfig,
    loads: &[LoadReport],
    boundaries: Option<PathBuf>,
) -> Result<Vec<FileEntry>> {
    let mut v: Vec<FileEntry> = loads
        .iter()
        .map(|l| FileEntry {
            path: l.path.clone(),
            sha256: l.sha256.clone(),
            bytes: l.bytes,
        })
        .collect();
    let others = cfg
        .selection
        .spec
        .iter()
        .chain(&cfg.selection.decisions)
        .chain(&cfg.selection.reference)
        .cloned()
        .chain(boundaries.filter(|p| p.is_file()));
    for p in others {
        let (sha256, bytes) = sha256_file(&p)?;
        v.push(FileEntry {
            path: p.to_string_lossy().into_owned(),
            sha256,
            bytes,
        });
    }
    Ok(v)
}

/// Rows of each input file.
pub(super) fn input_rows(loads: &[LoadReport]) -> Vec<InputRows> {
    loads
        .iter()
        .map(|l| InputRows {
            path: l.path.clone(),
            rows: l.rows,
            kept: l.rows_kept,
            rejected: l.rows_rejected,
            other_periods: l.rows_filtered,
        })
        .collect()
}
