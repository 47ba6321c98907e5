//! Loading one file into a [`Table`], with every rejected row reported.
//!
//! # Parameters
//! [`LoadOptions`]: dataset preset (detected from the header when `None`), separator (detected), missing
//! tokens (default: empty, `NS`, `NA`, `nd`, `ND`, `-`), the school year / DNB session to keep, the
//! encoding (detected) and the input size limit (see [`super::open`] for how files are read).
//!
//! # Returns
//! The [`Table`] of kept rows and a [`LoadReport`]: `rows = rows_kept + rows_rejected + rows_filtered`,
//! every rejection with its line, column, UAI, value and reason.
//!
//! # Errors
//! Unreadable, empty, binary or too big files, spreadsheets, a quote left open in the header,
//! unrecognised datasets, missing required columns and a requested year absent from the file are
//! errors; bad rows (a stray quote in a data line included) are rejections, never panics.

use super::csv_reader::RawCsv;
use super::normalize::{self, header_key};
use super::presets::{self, ColumnSpec, Kind, Preset};
use super::table::{Column, Table, Text};
use crate::error::{Error, Result};
use crate::text::quote;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

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
    /// Progress of the parsing, in bytes, for big files (default: none drawn).
    pub progress: crate::progress::Progress,
    /// Encoding of text inputs, a WHATWG label (`windows-1252`, `utf-16le`, `macintosh`…; `None` =
    /// UTF-8, or UTF-16 from its byte-order mark, else Windows-1252).
    pub encoding: Option<String>,
    /// Size limit of one input, bytes (`None` = `CIBLAGE_MAX_INPUT_BYTES`, else 4 GiB).
    pub max_bytes: Option<u64>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            dataset: None,
            separator: None,
            missing_tokens: DEFAULT_MISSING.iter().map(|s| s.to_string()).collect(),
            year: None,
            session: None,
            progress: Default::default(),
            encoding: None,
            max_bytes: None,
        }
    }
}

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
}

use super::rows::Resolved;

/// Load a CSV, JSON or Parquet file (read once: see [`super::open`]).
pub fn load(path: &Path, opts: &LoadOptions) -> Result<(Table, LoadReport)> {
    from_raw(path, super::open::read_raw(path, opts)?, opts)
}

/// Build a table from parsed records.
pub fn from_raw(path: &Path, raw: RawCsv, opts: &LoadOptions) -> Result<(Table, LoadReport)> {
    let pstr = path.display().to_string();
    let keys: Vec<String> = raw.header.iter().map(|h| header_key(h)).collect();
    let (dataset, detected, preset) = match opts.dataset.as_deref() {
        Some(presets::TABLE) => (presets::TABLE.to_string(), false, None),
        Some(name) => match presets::by_name(name) {
            Some(p) => (name.to_string(), false, Some(p)),
            None => {
                return Err(Error::Usage(format!(
                    "unknown dataset '{name}' for {pstr}; known: {}",
                    presets::known_names()
                )))
            }
        },
        None => match presets::detect(&keys) {
            Some(p) => (p.name.to_string(), true, Some(p)),
            None if keys.iter().any(|k| {
                presets::GENERIC_ALIASES
                    .iter()
                    .any(|(a, c)| *c == "uai" && a == k)
                    || k == "uai"
            }) =>
            {
                (presets::TABLE.to_string(), true, None)
            }
            None => {
                return Err(Error::UnknownDataset {
                    path: path.into(),
                    found: quote(&raw.header.join(", ")).into_owned(),
                    known: presets::known_names(),
                })
            }
        },
    };
    let resolved = match preset {
        Some(p) => resolve_preset(path, p, &raw, &keys)?,
        None => resolve_generic(path, &raw, &keys, opts)?,
    };
    let mut notes = raw.notes.clone();
    let used: BTreeSet<usize> = resolved.iter().map(|r| r.idx).collect();
    let unused: Vec<&str> = raw
        .header
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .map(|(_, h)| h.as_str())
        .collect();
    if !unused.is_empty() && preset.is_some() {
        notes.push(format!(
            "{} column(s) not used by the preset: {}",
            unused.len(),
            quote(&unused.join(", "))
        ));
    }
    let path_arc: Arc<str> = pstr.as_str().into();
    let missing: Vec<&str> = opts.missing_tokens.iter().map(|s| s.as_str()).collect();
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
    drop(raw);
    crate::trace::trace("parsed", t0);
    let super::rows::Parsed {
        rows,
        uai,
        lines,
        cols,
        mut problems,
        periods: distinct,
    } = parsed;
    let period = choose_period(distinct, preset, opts, &mut notes)?;
    // Rows of other periods (or without one, when the file has several) are counted and left out.
    let mut filtered = 0;
    let mut keep: Vec<usize> = Vec::new();
    if let (Some(pp), Some(want)) = (period_pos, &period) {
        if let Column::Text(v) = &cols[pp] {
            keep = (0..v.len())
                .filter(|&i| period_matches(&v[i], want))
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
                "duplicate UAI: already on {unit} {}; the first occurrence is kept",
                lines[first]
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
        columns: BTreeMap::new(),
    };
    for (r, c) in resolved.iter().zip(cols) {
        if r.canonical != "uai" {
            table.columns.insert(r.canonical.clone(), c);
        }
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
        rows,
        rows_kept: table.len(),
        rows_rejected: problems.len(),
        rows_filtered: filtered,
        missing: table.missing_counts(),
        problems,
        mapping: resolved
            .iter()
            .map(|r| (r.header.clone(), r.canonical.clone()))
            .collect(),
        notes,
    };
    debug_assert_eq!(
        report.rows,
        report.rows_kept + report.rows_rejected + report.rows_filtered
    );
    Ok((table, report))
}

fn resolve_preset(path: &Path, p: &Preset, raw: &RawCsv, keys: &[String]) -> Result<Vec<Resolved>> {
    let mut out: Vec<Resolved> = Vec::new();
    let mut taken = BTreeSet::new();
    for spec in p.columns {
        if out.iter().any(|r| r.canonical == spec.canonical) {
            continue;
        }
        if let Some(idx) = find(spec, keys, &taken) {
            taken.insert(idx);
            out.push(Resolved {
                canonical: spec.canonical.to_string(),
                kind: spec.kind,
                idx,
                header: raw.header[idx].clone(),
            });
        }
    }
    let missing: Vec<String> = p
        .required
        .iter()
        .filter(|c| !out.iter().any(|r| r.canonical == **c))
        .map(|c| {
            let aliases = p
                .columns
                .iter()
                .filter(|s| s.canonical == *c)
                .flat_map(|s| s.aliases.iter())
                .copied()
                .collect::<Vec<_>>();
            format!("{c} (header {})", aliases.join(" or "))
        })
        .collect();
    if !missing.is_empty() {
        return Err(Error::MissingColumns {
            path: path.into(),
            dataset: p.name.into(),
            missing,
            found: quote(&raw.header.join(", ")).into_owned(),
        });
    }
    // The UAI column first: problems cite it.
    out.sort_by_key(|r| r.canonical != "uai");
    Ok(out)
}

fn find(spec: &ColumnSpec, keys: &[String], taken: &BTreeSet<usize>) -> Option<usize> {
    spec.aliases.iter().find_map(|a| {
        keys.iter()
            .enumerate()
            .find(|(i, k)| !taken.contains(i) && presets::matches(a, k))
            .map(|(i, _)| i)
    })
}

/// A user's table: every column kept; known spellings renamed; numeric when every non-missing value is.
fn resolve_generic(
    path: &Path,
    raw: &RawCsv,
    keys: &[String],
    opts: &LoadOptions,
) -> Result<Vec<Resolved>> {
    // Canonical name and, when ciblage knows the column, its kind.
    let mut cols: Vec<(usize, String, Option<Kind>)> = Vec::new();
    let mut names = BTreeSet::new();
    for (idx, key) in keys.iter().enumerate() {
        let canonical = presets::GENERIC_ALIASES
            .iter()
            .find(|(a, _)| a == key)
            .map(|(_, c)| c.to_string())
            .unwrap_or_else(|| key.clone());
        if canonical.is_empty() || !names.insert(canonical.clone()) {
            continue;
        }
        let known = presets::PRESETS
            .iter()
            .flat_map(|p| p.columns.iter())
            .find(|s| s.canonical == canonical)
            .map(|s| s.kind);
        cols.push((idx, canonical, known));
    }
    // Which unknown columns hold only numbers (or missing tokens): one parallel pass over the chunks,
    // skipped when every column is known.
    let unknown: Vec<usize> = cols.iter().filter(|c| c.2.is_none()).map(|c| c.0).collect();
    let decimal_comma = raw.separator != b',';
    let numeric: Vec<bool> = if unknown.is_empty() {
        Vec::new()
    } else {
        raw.fold_chunks(
            path,
            |_| vec![true; unknown.len()],
            |acc: &mut Vec<bool>, _, r| {
                for (a, &idx) in acc.iter_mut().zip(&unknown) {
                    if *a {
                        let v = r.get(idx).copied().unwrap_or("").trim();
                        *a = opts.missing_tokens.iter().any(|m| m == v)
                            || normalize::number(v, decimal_comma).is_some();
                    }
                }
            },
        )?
        .into_iter()
        .fold(vec![true; unknown.len()], |acc, c| {
            acc.iter().zip(&c).map(|(a, b)| *a && *b).collect()
        })
    };
    let mut out = Vec::new();
    for (idx, canonical, known) in cols {
        let kind = known.unwrap_or_else(|| {
            let u = unknown.iter().position(|&x| x == idx);
            if u.is_some_and(|u| numeric[u]) {
                Kind::Number {
                    min: f64::NEG_INFINITY,
                    max: f64::INFINITY,
                }
            } else {
                Kind::Text
            }
        });
        out.push(Resolved {
            canonical,
            kind,
            idx,
            header: raw.header[idx].clone(),
        });
    }
    if !out.iter().any(|r| r.canonical == "uai") {
        return Err(Error::MissingColumns {
            path: path.into(),
            dataset: presets::TABLE.into(),
            missing: vec!["uai (header uai, numero_uai or identifiant_de_l_etablissement)".into()],
            found: quote(&raw.header.join(", ")).into_owned(),
        });
    }
    out.sort_by_key(|r| r.canonical != "uai");
    Ok(out)
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

/// The periods of a file, for a message (at most 200 characters of them).
fn shown(distinct: &BTreeSet<String>) -> String {
    quote(&format!("{distinct:?}")).into_owned()
}

/// Does a row's period (`2022-2023` or `2023`) match the one wanted?
fn period_matches(value: &str, want: &str) -> bool {
    value == want || value.rsplit('-').next() == Some(want)
}

fn choose_period(
    distinct: BTreeSet<String>,
    preset: Option<&Preset>,
    opts: &LoadOptions,
    notes: &mut Vec<String>,
) -> Result<Option<String>> {
    if distinct.is_empty() {
        return Ok(None);
    }
    let school_year = preset.is_none_or(|p| p.period_is_school_year);
    let wanted = if school_year {
        opts.year.clone().or_else(|| opts.session.clone())
    } else {
        opts.session.clone().or_else(|| {
            opts.year
                .as_deref()
                .map(|y| y.rsplit('-').next().unwrap_or(y).to_string())
        })
    };
    match &wanted {
        Some(p) => {
            // A school year given for a session file selects the session ending it, and vice versa.
            let want = if school_year {
                distinct
                    .iter()
                    .find(|d| period_matches(d, p) || p.rsplit('-').next() == d.rsplit('-').next())
                    .map(|d| d.to_string())
            } else {
                let end = p.rsplit('-').next().unwrap_or(p);
                distinct.contains(end).then(|| end.to_string())
            };
            match want {
                Some(w) => {
                    if distinct.len() > 1 {
                        notes.push(format!(
                            "kept {} {} of {}",
                            if school_year {
                                "school year"
                            } else {
                                "session"
                            },
                            quote(&w),
                            shown(&distinct)
                        ));
                    }
                    Ok(Some(w))
                }
                None => Err(Error::InvalidParam {
                    name: if school_year { "year" } else { "session" },
                    value: p.clone(),
                    reason: format!("not in the file; it holds {}", shown(&distinct)),
                }),
            }
        }
        None if distinct.len() > 1 => {
            let latest = distinct.iter().next_back().map(|s| s.to_string());
            notes.push(format!(
                "the file holds {}; kept the latest, {} (choose with --year/--session)",
                shown(&distinct),
                quote(latest.as_deref().unwrap_or(""))
            ));
            Ok(latest)
        }
        None => Ok(distinct.iter().next().map(|s| s.to_string())),
    }
}
