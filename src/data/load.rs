//! Loading one file into a [`Table`], with every rejected row reported.
//!
//! # Parameters
//! [`LoadOptions`]: dataset preset (detected from the header when `None`), separator (detected), missing
//! tokens (default: empty, `NS`, `NA`, `nd`, `ND`, `-`), the school year / DNB session to keep.
//!
//! # Returns
//! The [`Table`] of kept rows and a [`LoadReport`]: `rows = rows_kept + rows_rejected + rows_filtered`,
//! every rejection with its line, column, UAI, value and reason.
//!
//! # Errors
//! Unreadable, empty or binary files, unbalanced quotes, unrecognised datasets, missing required columns
//! and a requested year absent from the file are errors; bad rows are rejections, never panics.

use super::csv_reader::{self, RawCsv};
use super::normalize::{self, header_key};
use super::presets::{self, ColumnSpec, Kind, Preset};
use super::table::{Column, Table};
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

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
        }
    }
}

/// What happened to a row that was not kept, or a warning about a kept one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// File.
    pub path: String,
    /// Line in the file (header = 1).
    pub line: u64,
    /// Column header as written in the file.
    pub column: Option<String>,
    /// UAI of the row when readable.
    pub uai: Option<String>,
    /// Offending value.
    pub value: Option<String>,
    /// Explanation.
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: line {}", self.path, self.line)?;
        if let Some(c) = &self.column {
            write!(f, ", column '{c}'")?;
        }
        if let Some(u) = &self.uai {
            write!(f, ", UAI {u}")?;
        }
        if let Some(v) = &self.value {
            write!(f, ", value '{v}'")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Summary of one load.
#[derive(Debug, Clone, Serialize)]
pub struct LoadReport {
    /// File.
    pub path: String,
    /// Dataset preset used.
    pub dataset: String,
    /// Whether the preset was recognised from the header (`false` = named by the user).
    pub detected: bool,
    /// Separator used.
    pub separator: String,
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

/// A column resolved against the header.
#[derive(Debug, Clone)]
struct Resolved {
    canonical: String,
    kind: Kind,
    idx: usize,
    header: String,
}

/// Rows of one chunk, already in columns.
#[derive(Default)]
struct ChunkOut {
    rows: usize,
    filtered: usize,
    problems: Vec<Problem>,
    uai: Vec<String>,
    lines: Vec<u64>,
    cols: Vec<Column>,
}

enum Val {
    N(f64),
    T(String),
}

/// Load a CSV or Parquet file.
pub fn load(path: &Path, opts: &LoadOptions) -> Result<(Table, LoadReport)> {
    let raw = if path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
    {
        super::parquet::read(path)?
    } else {
        csv_reader::read(path, opts.separator)?
    };
    from_raw(path, raw, opts)
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
                    found: raw.header.join(", "),
                    known: presets::known_names(),
                })
            }
        },
    };
    let resolved = match preset {
        Some(p) => resolve_preset(path, p, &raw, &keys)?,
        None => resolve_generic(path, &raw, &keys, opts)?,
    };
    let mut notes = Vec::new();
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
            unused.join(", ")
        ));
    }
    let period_col = resolved
        .iter()
        .find(|r| r.kind == Kind::Period)
        .map(|r| r.idx);
    let period = choose_period(path, &raw, period_col, preset, opts, &mut notes)?;

    let ncols = raw.header.len();
    let missing: Vec<&str> = opts.missing_tokens.iter().map(|s| s.as_str()).collect();
    // Rows are parsed in parallel over fixed-size chunks straight into columns (rows of other periods
    // are counted and skipped); chunks are concatenated in file order (deterministic).
    let period_pos = resolved.iter().position(|r| r.kind == Kind::Period);
    let empty_cols = || -> Vec<Column> {
        resolved
            .iter()
            .map(|r| match r.kind {
                Kind::Number { .. } => Column::Num(Vec::new()),
                _ => Column::Text(Vec::new()),
            })
            .collect()
    };
    // Files of more than 32 MB get a progress bar (when the caller draws them).
    let bar = if raw.work() > 32 << 20 {
        let name = path
            .file_name()
            .map_or_else(|| pstr.clone(), |n| n.to_string_lossy().to_string());
        opts.progress.bar(raw.work(), &name, true)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let chunks: Vec<ChunkOut> = raw.fold_chunks_progress(
        path,
        || ChunkOut {
            cols: empty_cols(),
            ..Default::default()
        },
        |out: &mut ChunkOut, line, rec| {
            out.rows += 1;
            match parse_row(&pstr, rec, line, ncols, &resolved, &missing) {
                Err(p) => out.problems.push(p),
                Ok((id, vals)) => {
                    if let (Some(pp), Some(want)) = (period_pos, &period) {
                        if matches!(&vals[pp], Val::T(v) if !period_matches(v, want)) {
                            out.filtered += 1;
                            return;
                        }
                    }
                    out.lines.push(line);
                    out.uai.push(id);
                    for (c, v) in out.cols.iter_mut().zip(vals) {
                        match (c, v) {
                            (Column::Num(col), Val::N(x)) => col.push(x),
                            (Column::Text(col), Val::T(s)) => col.push(s),
                            // parse_row produces values matching each column's kind.
                            (Column::Num(col), Val::T(_)) => col.push(f64::NAN),
                            (Column::Text(col), Val::N(x)) => col.push(x.to_string()),
                        }
                    }
                }
            }
        },
        &bar,
    )?;
    bar.finish_and_clear();
    let mut rows = 0;
    let mut filtered = 0;
    let mut problems = Vec::new();
    let mut uai = Vec::new();
    let mut lines = Vec::new();
    let mut cols = empty_cols();
    for ch in chunks {
        rows += ch.rows;
        filtered += ch.filtered;
        problems.extend(ch.problems);
        uai.extend(ch.uai);
        lines.extend(ch.lines);
        for (c, part) in cols.iter_mut().zip(ch.cols) {
            match (c, part) {
                (Column::Num(a), Column::Num(b)) => a.extend(b),
                (Column::Text(a), Column::Text(b)) => a.extend(b),
                _ => {}
            }
        }
    }
    // Duplicated UAIs: the first occurrence is kept, the others are rejected with their reason.
    let mut seen: HashMap<&str, u64> = HashMap::with_capacity(uai.len());
    let mut keep = Vec::with_capacity(uai.len());
    for (i, id) in uai.iter().enumerate() {
        match seen.get(id.as_str()) {
            Some(first) => problems.push(Problem {
                path: pstr.clone(),
                line: lines[i],
                column: Some(resolved[0].header.clone()),
                uai: Some(id.clone()),
                value: Some(id.clone()),
                reason: format!(
                    "duplicate UAI: already on line {first}; the first occurrence is kept"
                ),
            }),
            None => {
                seen.insert(id, lines[i]);
                keep.push(i);
            }
        }
    }
    drop(seen);
    problems.sort_by_key(|p| p.line);
    let (uai, lines, cols) = if keep.len() == uai.len() {
        (uai, lines, cols)
    } else {
        (
            keep.iter().map(|&i| uai[i].clone()).collect(),
            keep.iter().map(|&i| lines[i]).collect(),
            cols.iter().map(|c| c.take(&keep)).collect(),
        )
    };
    let mut table = Table {
        path: pstr.clone(),
        dataset: dataset.clone(),
        uai,
        line: lines,
        columns: BTreeMap::new(),
    };
    for (r, c) in resolved.iter().zip(cols) {
        if r.canonical != "uai" {
            table.columns.insert(r.canonical.clone(), c);
        }
    }
    let report = LoadReport {
        path: pstr,
        dataset,
        detected,
        separator: match raw.separator {
            b'\t' => "tab".into(),
            s => (s as char).to_string(),
        },
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
            found: raw.header.join(", "),
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
    // Which columns hold only numbers (or missing tokens): one parallel pass over the chunks.
    let width = keys.len();
    let decimal_comma = raw.separator != b',';
    let numeric: Vec<bool> = raw
        .fold_chunks(
            path,
            || vec![true; width],
            |acc: &mut Vec<bool>, _, r| {
                for (idx, a) in acc.iter_mut().enumerate() {
                    if *a {
                        let v = r.get(idx).unwrap_or("").trim();
                        *a = opts.missing_tokens.iter().any(|m| m == v)
                            || normalize::number(v, decimal_comma).is_some();
                    }
                }
            },
        )?
        .into_iter()
        .fold(vec![true; width], |acc, c| {
            acc.iter().zip(&c).map(|(a, b)| *a && *b).collect()
        });
    let mut out = Vec::new();
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
        let kind = match known {
            Some(k) => k,
            None => {
                if numeric[idx] {
                    Kind::Number {
                        min: f64::NEG_INFINITY,
                        max: f64::INFINITY,
                    }
                } else {
                    Kind::Text
                }
            }
        };
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
            found: raw.header.join(", "),
        });
    }
    out.sort_by_key(|r| r.canonical != "uai");
    Ok(out)
}

fn parse_row(
    path: &str,
    rec: &csv::StringRecord,
    line: u64,
    ncols: usize,
    resolved: &[Resolved],
    missing: &[&str],
) -> std::result::Result<(String, Vec<Val>), Problem> {
    let raw_uai = rec.get(resolved[0].idx).unwrap_or("").trim().to_string();
    let problem =
        |column: Option<&str>, value: Option<&str>, uai: Option<&str>, reason: String| Problem {
            path: path.to_string(),
            line,
            column: column.map(str::to_string),
            uai: uai.map(str::to_string),
            value: value.map(str::to_string),
            reason,
        };
    if rec.len() != ncols {
        return Err(problem(
            None,
            None,
            Some(raw_uai.as_str()).filter(|s| !s.is_empty()),
            format!("ragged row: {} field(s) where the header has {ncols} (wrong separator or unquoted separator in a value?)", rec.len()),
        ));
    }
    let uai = super::uai::normalize(&raw_uai).map_err(|e| {
        problem(
            Some(&resolved[0].header),
            Some(&raw_uai),
            None,
            format!("invalid UAI: {e}"),
        )
    })?;
    let mut vals = Vec::with_capacity(resolved.len());
    for r in resolved {
        let cell = rec.get(r.idx).unwrap_or("").trim();
        let is_missing = missing.contains(&cell);
        let bad = |reason: String| problem(Some(&r.header), Some(cell), Some(&uai), reason);
        let v = match r.kind {
            Kind::Uai => Val::T(uai.clone()),
            Kind::Text | Kind::Period => Val::T(if is_missing {
                String::new()
            } else {
                cell.to_string()
            }),
            Kind::Number { min, max } => {
                if is_missing {
                    Val::N(f64::NAN)
                } else {
                    let x =
                        normalize::number(cell, true).ok_or_else(|| bad("not a number".into()))?;
                    if x < min || x > max {
                        return Err(bad(format!(
                            "out of the plausible range [{min}, {max}] for {}",
                            r.canonical
                        )));
                    }
                    Val::N(x)
                }
            }
            Kind::Departement => Val::T(if is_missing {
                String::new()
            } else {
                normalize::departement(cell).map_err(bad)?
            }),
            Kind::Sector => Val::T(if is_missing {
                String::new()
            } else {
                normalize::sector(cell).map_err(bad)?.to_string()
            }),
            Kind::EpStatus => Val::T(
                normalize::ep_status(if is_missing { "" } else { cell })
                    .map_err(bad)?
                    .to_string(),
            ),
        };
        vals.push(v);
    }
    Ok((uai, vals))
}

/// Does a row's period (`2022-2023` or `2023`) match the one wanted?
fn period_matches(value: &str, want: &str) -> bool {
    value == want || value.rsplit('-').next() == Some(want)
}

fn choose_period(
    path: &Path,
    raw: &RawCsv,
    col: Option<usize>,
    preset: Option<&Preset>,
    opts: &LoadOptions,
    notes: &mut Vec<String>,
) -> Result<Option<String>> {
    let Some(col) = col else {
        return Ok(None);
    };
    let distinct: BTreeSet<String> = raw
        .fold_chunks(path, BTreeSet::new, |set: &mut BTreeSet<String>, _, r| {
            if let Some(v) = r.get(col).map(str::trim).filter(|v| !v.is_empty()) {
                if !set.contains(v) {
                    set.insert(v.to_string());
                }
            }
        })?
        .into_iter()
        .flatten()
        .collect();
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
                            "kept {} {w} of {:?}",
                            if school_year {
                                "school year"
                            } else {
                                "session"
                            },
                            distinct
                        ));
                    }
                    Ok(Some(w))
                }
                None => Err(Error::InvalidParam {
                    name: if school_year { "year" } else { "session" },
                    value: p.clone(),
                    reason: format!("not in the file; it holds {:?}", distinct),
                }),
            }
        }
        None if distinct.len() > 1 => {
            let latest = distinct.iter().next_back().map(|s| s.to_string());
            notes.push(format!(
                "the file holds {:?}; kept the latest, {} (choose with --year/--session)",
                distinct,
                latest.as_deref().unwrap_or("")
            ));
            Ok(latest)
        }
        None => Ok(distinct.iter().next().map(|s| s.to_string())),
    }
}
