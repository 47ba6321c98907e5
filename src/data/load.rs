//! Loading one file into a [`Table`], with every rejected row reported.
//!
//! # Parameters
//! [`LoadOptions`]: dataset preset (detected from the header when `None`), separator (detected), missing
//! tokens (default: empty, `NS`, `NA`, `nd`, `ND`, `-`), the school year / DNB session to keep, the id
//! (UAI) column when the header does not say it, the encoding (detected) and the input size limit (see
//! [`super::open`] for how files are read).
//!
//! # Returns
//! The [`Table`] of kept rows and a [`LoadReport`]: `rows = rows_kept + rows_rejected + rows_filtered`,
//! every rejection with its line, column, UAI, value and reason, and warnings about what was read
//! another way than its header suggests.
//!
//! # Errors
//! Unreadable, empty, binary or too big files, spreadsheets, a quote left open in the header,
//! unrecognised datasets, missing required columns and a requested year absent from the file are
//! errors; bad rows (a stray quote in a data line included) are rejections, never panics.

use super::csv_reader::RawCsv;
use super::presets::{self, Kind};
use super::table::{Column, Table, Text};
use super::{period, resolve};
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

pub use super::options::LoadOptions;
pub use super::problem::Problem;

/// Summary of one load.
#[derive(Debug, Clone, Serialize)]
pub struct LoadReport {
    /// File.
    pub path: String,
    /// SHA-256 of the file as read (hex).
    pub sha256: String,
    /// Size of the file as read, bytes.
    pub bytes: u64,
    /// Dataset preset used.
    pub dataset: String,
    /// Whether the preset was recognised from the header (`false` = named by the user).
    pub detected: bool,
    /// Separator used (CSV input).
    pub separator: String,
    /// Format of the file: `csv`, `json` or `parquet`.
    pub format: String,
    /// Year / session kept, when the file has one.
    pub period: Option<String>,
    /// Every year / session the file holds.
    pub periods: Vec<String>,
    /// Data rows in the file.
    pub rows: usize,
    /// Rows kept.
    pub rows_kept: usize,
    /// Rows rejected (each in `problems`).
    pub rows_rejected: usize,
    /// Rows of other years/sessions, left out on purpose.
    pub rows_filtered: usize,
    /// Missing values per canonical column among kept rows.
    pub missing: BTreeMap<String, usize>,
    /// Every rejected row with its reason.
    pub problems: Vec<Problem>,
    /// Header columns → canonical names.
    pub mapping: BTreeMap<String, String>,
    /// Remarks (period chosen, unused columns...).
    pub notes: Vec<String>,
    /// What may be wrong in the file although no row was rejected: headers renamed (repeated or
    /// empty), a column of numbers read as text because of a few other values, a code column whose
    /// values are not codes. `--strict` fails on any.
    pub warnings: Vec<String>,
}

/// Load a CSV, JSON or Parquet file (read once: see `open`).
pub fn load(path: &Path, opts: &LoadOptions) -> Result<(Table, LoadReport)> {
    from_raw(path, super::open::read_raw(path, opts)?, opts)
}

/// Build a table from parsed records.
pub fn from_raw(path: &Path, raw: RawCsv, opts: &LoadOptions) -> Result<(Table, LoadReport)> {
    let pstr = path.display().to_string();
    let h = resolve::header(&raw.header);
    let mut notes = raw.notes.clone();
    notes.extend(h.notes.iter().cloned());
    let mut warnings = h.warnings.clone();
    let id = id_column_of(path, &h, opts)?;
    let (dataset, detected, preset) = match opts.dataset.as_deref() {
        Some(presets::TABLE) => (presets::TABLE.to_string(), false, None),
        Some(name) => match presets::by_name(name) {
            Some(p) => (name.to_string(), false, Some(p)),
            None => {
                return Err(Error::Usage(format!(
                    "unknown dataset '{}' for {pstr}; known: {}",
                    crate::text::quote(name),
                    presets::known_names()
                )))
            }
        },
        None => match presets::detect(&h.keys) {
            Some(p) => (p.name.to_string(), true, Some(p)),
            None if id.is_some() || h.keys.iter().any(|k| presets::is_uai_header(k)) => {
                (presets::TABLE.to_string(), true, None)
            }
            None => {
                return Err(Error::UnknownDataset {
                    path: path.into(),
                    found: crate::text::quote(&raw.header.join(", ")).into_owned(),
                    known: presets::known_names(),
                })
            }
        },
    };
    let mut resolved = match preset {
        Some(p) => resolve::preset(path, p, &raw, &h, id, opts.year.as_deref(), &mut notes)?,
        None => {
            let uai = id
                .or_else(|| h.keys.iter().position(|k| presets::is_uai_header(k)))
                .ok_or_else(|| Error::MissingColumns {
                    path: path.into(),
                    dataset: presets::TABLE.into(),
                    missing: vec![
                        "uai (header uai, numero_uai or identifiant_de_l_etablissement; or name it with --id-column)".into(),
                    ],
                    found: crate::text::quote(&raw.header.join(", ")).into_owned(),
                })?;
            resolve::table(&h, uai)
        }
    };
    let used: BTreeSet<usize> = resolved.iter().map(|r| r.idx).collect();
    let unused: Vec<&str> = h
        .names
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .map(|(_, n)| n.as_str())
        .collect();
    if !unused.is_empty() && preset.is_some() {
        notes.push(format!(
            "{} column(s) not used by the preset: {} (load the file with --dataset table to analyse them)",
            unused.len(),
            crate::text::quote(&unused.join(", "))
        ));
    }
    let path_arc: Arc<str> = pstr.as_str().into();
    let mut missing: Vec<&str> = opts.missing_tokens.iter().map(|s| s.as_str()).collect();
    missing.extend(super::ival::extra_missing(&dataset));
    let period_pos = resolved.iter().position(|r| r.kind == Kind::Period);
    // Files of more than 32 MB get a progress bar (when the caller draws them).
    let bar = if raw.work() > 32 << 20 {
        let name = path
            .file_name()
            .map_or_else(|| pstr.clone(), |n| n.to_string_lossy().to_string());
        opts.progress.bar(raw.work(), &name, true)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let t0 = std::time::Instant::now();
    // The file is hashed (for the manifest) while its rows are parsed.
    let (digest, parsed) = rayon::join(
        || raw.digest(),
        || super::rows::parse(path, &raw, &resolved, &missing, period_pos, &bar),
    );
    let mut parsed = parsed?;
    bar.finish_and_clear();
    // A user's table: the values decide what each column is; columns whose values do not fit their
    // kind are read again, as text.
    let mut not_numeric = BTreeMap::new();
    if preset.is_none() {
        let settled = resolve::settle(&mut resolved, &parsed.fits);
        warnings.extend(settled.warnings);
        notes.extend(settled.notes);
        not_numeric = settled.not_numeric.into_iter().collect();
        if !settled.reread.is_empty() {
            let again: Vec<super::rows::Resolved> = std::iter::once(resolved[0].clone())
                .chain(settled.reread.iter().map(|&j| resolved[j].clone()))
                .collect();
            let hidden = indicatif::ProgressBar::hidden();
            let text = super::rows::parse(path, &raw, &again, &missing, None, &hidden)?;
            if text.uai.len() != parsed.uai.len() {
                return Err(Error::Csv {
                    path: path.into(),
                    line: 0,
                    reason:
                        "the file read differently the second time (changed while read?): run again"
                            .into(),
                });
            }
            for (c, &j) in text.cols.into_iter().skip(1).zip(&settled.reread) {
                parsed.cols[j] = c;
            }
        }
    }
    if !raw.unchanged(path) {
        return Err(Error::Input {
            path: path.into(),
            reason: "the file changed while it was being read (another program writing it?): run again once it is complete".into(),
        });
    }
    // Lines a stray quote made unreadable are rows, rejected.
    let unit = raw.unit;
    parsed.rows += raw.broken.len();
    for p in &mut parsed.problems {
        p.unit = unit;
    }
    parsed
        .problems
        .extend(raw.broken_problems(&path_arc, Some(resolved[0].idx)));
    // The text of the file is not needed any more (at 1M schools it is the biggest allocation).
    let (separator, format) = (raw.separator, raw.format);
    let header_as_written: Vec<String> = raw.header.iter().map(|x| x.trim().to_string()).collect();
    drop(raw);
    crate::trace::trace("parsed", t0);
    let super::rows::Parsed {
        rows,
        uai,
        lines,
        cols,
        mut problems,
        periods: distinct,
        unknown_academies,
        ..
    } = parsed;
    if !unknown_academies.is_empty() {
        let v: Vec<&str> = unknown_academies.iter().map(String::as_str).collect();
        notes.push(format!(
            "académie label(s) not in the built-in table, kept as written: {} (filters compare them ignoring case and accents)",
            super::territory::list_some(&v, 10)
        ));
    }
    let school_year = match (preset, period_pos) {
        (Some(p), _) => p.period_is_school_year,
        (None, Some(pp)) => resolved[pp].canonical.as_deref() != Some("session"),
        (None, None) => true,
    };
    let all_periods: Vec<String> = distinct.iter().cloned().collect();
    let period = period::choose(distinct, school_year, opts, &mut notes)?;
    // Value added over several sessions: read from the rows of the other sessions before they go.
    let window = match (opts.mean_sessions, period_pos, &period) {
        (Some(n), Some(pp), Some(want))
            if !school_year && super::ival::is_value_added(&dataset) =>
        {
            match &cols[pp] {
                Column::Text(p) => {
                    let keys: Vec<Option<&str>> = resolved
                        .iter()
                        .map(|r| Some(r.canonical.as_deref().unwrap_or(&r.key)))
                        .collect();
                    super::sessions::window(&uai, p, &cols, &keys, (want, n), &mut notes)
                }
                Column::Num(_) => None,
            }
        }
        _ => None,
    };
    // Rows of other periods (or without one, when the file has several) are counted and left out.
    let mut filtered = 0;
    let mut keep: Vec<usize> = Vec::new();
    if let (Some(pp), Some(want)) = (period_pos, &period) {
        if let Column::Text(v) = &cols[pp] {
            keep = (0..v.len())
                .filter(|&i| period::matches(&v[i], want))
                .collect();
            filtered = v.len() - keep.len();
        }
    }
    let (mut uai, mut lines, mut cols) = if filtered == 0 {
        (uai, lines, cols)
    } else {
        (
            keep.iter().map(|&i| uai[i].clone()).collect::<Vec<_>>(),
            keep.iter().map(|&i| lines[i]).collect::<Vec<_>>(),
            take_columns(&cols, &keep),
        )
    };
    // Duplicated UAIs: the first occurrence is kept, the others are rejected with their reason.
    let dups = duplicates(&uai);
    let mut dup_rows = Vec::with_capacity(dups.len());
    for (i, first) in dups {
        dup_rows.push(i);
        problems.push(Problem {
            path: path_arc.clone(),
            line: lines[i],
            unit,
            column: Some(resolved[0].header.as_str().into()),
            uai: Some(uai[i].clone()),
            value: Some(uai[i].clone()),
            reason: format!(
                "duplicate UAI: already on {unit} {}; the first occurrence is kept{}",
                lines[first],
                if period_pos.is_none() {
                    " (a file with several rows per school needs a year column: annee, annee_scolaire, rentree_scolaire or session)"
                } else {
                    ""
                }
            )
            .into(),
        });
    }
    crate::trace::trace("duplicates", t0);
    problems.sort_by_key(|p| p.line);
    if !dup_rows.is_empty() {
        let keep: Vec<usize> = {
            let mut d = dup_rows.iter().peekable();
            (0..uai.len())
                .filter(|i| {
                    if d.peek() == Some(&i) {
                        d.next();
                        false
                    } else {
                        true
                    }
                })
                .collect()
        };
        uai = keep.iter().map(|&i| uai[i].clone()).collect();
        lines = keep.iter().map(|&i| lines[i]).collect();
        cols = take_columns(&cols, &keep);
    }
    let mut table = Table {
        path: pstr.clone(),
        dataset: dataset.clone(),
        uai,
        line: lines,
        unit,
        ..Default::default()
    };
    for (j, (r, c)) in resolved.iter().zip(cols).enumerate() {
        if r.kind == Kind::Uai {
            continue;
        }
        let info = super::column_info::ColumnInfo {
            file: path_arc.clone(),
            header: header_as_written[r.idx].clone(),
            position: r.idx + 1,
            canonical: r.canonical.clone(),
            not_numeric: not_numeric.remove(&j),
        };
        table.insert_column(r.key.clone(), c, Some(info));
    }
    if let Some(w) = &window {
        w.apply(
            &mut table,
            &path_arc,
            |j| resolved[j].key.clone(),
            |j| {
                (
                    header_as_written[resolved[j].idx].clone(),
                    resolved[j].idx + 1,
                )
            },
        );
    }
    if preset.is_some() {
        table.unread = (0..h.names.len())
            .filter(|i| !used.contains(i))
            .map(|i| super::column_info::ColumnInfo {
                file: path_arc.clone(),
                header: header_as_written[i].clone(),
                position: i + 1,
                canonical: None,
                not_numeric: None,
            })
            .collect();
    }
    crate::trace::trace("table built", t0);
    let report = LoadReport {
        path: pstr,
        sha256: digest.sha256,
        bytes: digest.bytes,
        dataset,
        detected,
        separator: match separator {
            b'\t' => "tab".into(),
            s => (s as char).to_string(),
        },
        format: format.into(),
        period,
        periods: all_periods,
        rows,
        rows_kept: table.len(),
        rows_rejected: problems.len(),
        rows_filtered: filtered,
        missing: table.missing_counts(),
        problems,
        mapping: resolved
            .iter()
            .map(|r| {
                (
                    r.header.clone(),
                    r.canonical.clone().unwrap_or_else(|| r.key.clone()),
                )
            })
            .collect(),
        notes,
        warnings,
    };
    debug_assert_eq!(
        report.rows,
        report.rows_kept + report.rows_rejected + report.rows_filtered
    );
    Ok((table, report))
}

/// The id column a user named for this file (`None`: recognise it). A column named for this very
/// file must exist; a name given for every file applies to the files that have it.
fn id_column_of(path: &Path, h: &resolve::Header, opts: &LoadOptions) -> Result<Option<usize>> {
    let own = opts.id_columns.iter().find(|(p, _)| {
        p == path
            || (p.parent().is_none_or(|d| d.as_os_str().is_empty())
                && p.file_name() == path.file_name())
    });
    if let Some((_, name)) = own {
        return match resolve::id_column(path, h, name)? {
            Some(i) => Ok(Some(i)),
            None => Err(Error::Usage(format!(
                "id column '{}' is not a column of {}; its columns: {}",
                crate::text::quote(name),
                path.display(),
                crate::text::quote(&h.names.join(", "))
            ))),
        };
    }
    match &opts.id_column {
        Some(name) => resolve::id_column(path, h, name),
        None => Ok(None),
    }
}

/// Rows `keep` of every column (the UAI column's placeholder, empty, stays empty: the UAIs are apart).
fn take_columns(cols: &[Column], keep: &[usize]) -> Vec<Column> {
    cols.iter()
        .map(|c| {
            if c.is_empty() {
                c.clone()
            } else {
                c.take(keep)
            }
        })
        .collect()
}

/// Rows whose UAI already appeared, each with the row of its first occurrence, in row order.
///
/// A UAI is 8 ASCII bytes, read as one big-endian u64 (same order as the text). Files sorted by UAI —
/// a strictly increasing column, checked in parallel — have none; otherwise (key, row) pairs are sorted
/// in parallel and runs of equal keys give the repeats (the row breaks ties, so the result is unique).
fn duplicates(uai: &[Text]) -> Vec<(usize, usize)> {
    use rayon::prelude::*;
    let key = |u: &Text| -> u64 {
        let mut k = [0u8; 8];
        let b = u.as_bytes();
        let m = b.len().min(8);
        k[..m].copy_from_slice(&b[..m]);
        u64::from_be_bytes(k)
    };
    let keys: Vec<u64> = uai.par_iter().map(key).collect();
    if keys.par_windows(2).all(|w| w[0] < w[1]) {
        return Vec::new();
    }
    let mut pairs: Vec<(u64, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
    pairs.par_sort_unstable();
    let mut out = Vec::new();
    let mut first = 0;
    for (j, p) in pairs.iter().enumerate() {
        if j > 0 && pairs[j - 1].0 == p.0 {
            out.push((p.1, pairs[first].1));
        } else {
            first = j;
        }
    }
    out.sort_unstable();
    out
}
