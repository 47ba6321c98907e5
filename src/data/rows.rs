//! Parsing the records of a file straight into the columns of a table, in parallel.
//!
//! # Parameters
//! The parsed file ([`RawCsv`]), the columns resolved against its header, the missing-value tokens and
//! the position of the period column (if any).
//!
//! # Returns
//! [`Parsed`]: the valid rows in file order (UAI, line, one [`Column`] per resolved column), every
//! rejected row as a [`Problem`], the number of records seen and the distinct periods of the file.
//!
//! # Algorithm
//! Every output column is allocated once, at the size of the file's line count (an upper bound of its
//! records), and cut into one disjoint slice per chunk of the file. Chunks are parsed in parallel; a
//! chunk writes each valid row into the next free slot of its slices (a row rejected half-way is simply
//! overwritten by the next one). The rows of each chunk are then moved down, in chunk order, to close
//! the gaps left by rejected rows and blank lines. Columns are thus touched once and never concatenated,
//! and the result does not depend on the number of threads.
//!
//! # Errors
//! Syntax errors of the file (see [`RawCsv`]); a bad row is a [`Problem`], never an error.

use super::csv_reader::RawCsv;
use super::normalize;
use super::presets::Kind;
use super::problem::Problem;
use super::table::{Column, Text};
use crate::error::{Error, Result};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

/// A column resolved against the header.
#[derive(Debug, Clone)]
pub(super) struct Resolved {
    /// Key of the column in the table (canonical name for a preset, header for a user's table).
    pub key: String,
    /// Canonical name the column also answers to (a user's `taux_reussite` → `success_rate`).
    pub canonical: Option<String>,
    pub kind: Kind,
    /// Index of the field in a record.
    pub idx: usize,
    /// Header as written (`name#4` for a repeated header), for messages.
    pub header: String,
    /// A user table's column: a value that does not fit `kind` does not reject the row; it is left
    /// missing and counted in [`Fit`], and the loader then reads the column another way.
    pub lenient: bool,
    /// Other ways to read a lenient column, in order (see [`super::presets::table_roles`]).
    pub fallbacks: Vec<(&'static str, Kind)>,
}

/// How well the values of a lenient column fit its kind.
#[derive(Debug, Clone, Default)]
pub(super) struct Fit {
    /// Values read (numbers for a numeric column).
    pub fitting: usize,
    /// Values that do not fit (neither missing tokens nor of the kind).
    pub others: usize,
    /// The first of them: line and value as written.
    pub first: Option<(u64, Text)>,
}

impl Fit {
    fn merge(&mut self, o: Fit) {
        self.fitting += o.fitting;
        self.others += o.others;
        if self.first.is_none() {
            self.first = o.first;
        }
    }
}

/// The rows of a file, in columns.
pub(super) struct Parsed {
    /// Records seen (blank lines excepted).
    pub rows: usize,
    pub uai: Vec<Text>,
    pub lines: Vec<u64>,
    /// One per resolved column, in order (the UAI column's is empty: see `uai`).
    pub cols: Vec<Column>,
    pub problems: Vec<Problem>,
    /// Distinct values of the period column over every record (valid or not).
    pub periods: BTreeSet<String>,
    /// One per resolved column: how its values fit its kind (counted for lenient columns only).
    pub fits: Vec<Fit>,
    /// Académie labels the built-in table does not know (kept as written).
    pub unknown_academies: BTreeSet<String>,
}

/// Where a chunk writes one column.
enum Out<'a> {
    Num(&'a mut [f64]),
    Text(&'a mut [Text]),
    /// The UAI column (kept in `uai`).
    Skip,
}

/// One chunk's slices and findings.
struct State<'a> {
    uai: &'a mut [Text],
    lines: &'a mut [u64],
    cols: Vec<Out<'a>>,
    kept: usize,
    rows: usize,
    overflow: bool,
    problems: Vec<Problem>,
    periods: BTreeSet<String>,
    fits: Vec<Fit>,
    /// Académie spellings seen in this chunk → the stored label (a few distinct values per file).
    academies: rustc_hash::FxHashMap<Box<str>, Text>,
    unknown_academies: BTreeSet<String>,
}

/// Cut `v` into consecutive slices of the given sizes.
fn cut<'a, T>(mut v: &'a mut [T], sizes: &[usize]) -> Vec<&'a mut [T]> {
    let mut out = Vec::with_capacity(sizes.len());
    for &s in sizes {
        let (a, b) = std::mem::take(&mut v).split_at_mut(s);
        out.push(a);
        v = b;
    }
    out
}

/// Move the `kept[c]` first values of each region (regions of `sizes[c]` values, in order) down so that
/// they follow each other, then drop the rest.
fn close_gaps<T: Default>(v: &mut Vec<T>, sizes: &[usize], kept: &[usize]) {
    let (mut from, mut to) = (0, 0);
    for (&s, &k) in sizes.iter().zip(kept) {
        if from != to {
            for i in 0..k {
                v.swap(to + i, from + i);
            }
        }
        from += s;
        to += k;
    }
    v.truncate(to);
}

/// Parse every record of `raw` into columns.
pub(super) fn parse(
    path: &Path,
    raw: &RawCsv,
    resolved: &[Resolved],
    missing: &[&str],
    period_pos: Option<usize>,
    bar: &indicatif::ProgressBar,
) -> Result<Parsed> {
    let t0 = std::time::Instant::now();
    let sizes = raw.chunk_sizes();
    let total: usize = sizes.iter().sum();
    // Allocated in parallel: fresh memory costs a page fault per page, taken on both cores.
    let texts = || -> Vec<Text> {
        (0..total)
            .into_par_iter()
            .map(|_| Text::default())
            .collect()
    };
    let mut uai = texts();
    let mut lines = vec![0u64; total];
    let mut cols: Vec<Column> = resolved
        .iter()
        .map(|r| match r.kind {
            Kind::Uai => Column::Text(Vec::new()),
            // Zeroed memory is mapped lazily, its pages faulted in by the chunks that fill them.
            Kind::Number { .. } => Column::Num(vec![0.0; total]),
            _ => Column::Text(texts()),
        })
        .collect();
    let mut col_parts: Vec<std::vec::IntoIter<Out>> = cols
        .iter_mut()
        .zip(resolved)
        .map(|(c, r)| match (c, r.kind) {
            (_, Kind::Uai) => (0..sizes.len())
                .map(|_| Out::Skip)
                .collect::<Vec<_>>()
                .into_iter(),
            (Column::Num(v), _) => cut(v, &sizes)
                .into_iter()
                .map(Out::Num)
                .collect::<Vec<_>>()
                .into_iter(),
            (Column::Text(v), _) => cut(v, &sizes)
                .into_iter()
                .map(Out::Text)
                .collect::<Vec<_>>()
                .into_iter(),
        })
        .collect();
    let states: Vec<State> = cut(&mut uai, &sizes)
        .into_iter()
        .zip(cut(&mut lines, &sizes))
        .map(|(u, l)| State {
            uai: u,
            lines: l,
            cols: col_parts
                .iter_mut()
                .map(|it| it.next().unwrap_or(Out::Skip))
                .collect(),
            kept: 0,
            rows: 0,
            overflow: false,
            problems: Vec::new(),
            periods: BTreeSet::new(),
            fits: vec![Fit::default(); resolved.len()],
            academies: Default::default(),
            unknown_academies: BTreeSet::new(),
        })
        .collect();
    crate::trace::trace("columns allocated", t0);
    let ncols = raw.header.len();
    let path_arc: Arc<str> = path.display().to_string().into();
    // When no missing token reads as a number, a cell that parses as one is not missing: numbers are
    // parsed first and the tokens compared only for the other cells.
    let missing = Missing {
        tokens: missing,
        numeric: missing.iter().any(|m| normalize::number(m, true).is_some()),
    };
    let states = raw.fold_chunks_with(
        path,
        states,
        |st: &mut State, line, rec| {
            st.rows += 1;
            if let Some(v) = period_pos
                .and_then(|pp| rec.get(resolved[pp].idx))
                .map(|v| normalize::period(v.trim()))
                .filter(|v| !v.is_empty())
            {
                if !st.periods.contains(v) {
                    st.periods.insert(v.to_string());
                }
            }
            if st.kept == st.lines.len() {
                // More records than line starts: impossible by construction, reported if it happens.
                st.overflow = true;
                return;
            }
            if let Err(p) = parse_row(st, &path_arc, rec, line, ncols, resolved, &missing) {
                st.problems.push(p);
            }
        },
        bar,
    )?;
    crate::trace::trace("chunks parsed", t0);
    if states.iter().any(|s| s.overflow) {
        return Err(Error::Csv {
            path: path.into(),
            line: 0,
            reason: "more records than lines were found (unexpected line endings?); please report this file".into(),
        });
    }
    let mut kept = Vec::with_capacity(states.len());
    let mut rows = 0;
    let mut problems = Vec::new();
    let mut periods = BTreeSet::new();
    let mut fits = vec![Fit::default(); resolved.len()];
    let mut unknown_academies = BTreeSet::new();
    for st in states {
        kept.push(st.kept);
        rows += st.rows;
        problems.extend(st.problems);
        periods.extend(st.periods);
        for (f, o) in fits.iter_mut().zip(st.fits) {
            f.merge(o);
        }
        unknown_academies.extend(st.unknown_academies);
    }
    close_gaps(&mut uai, &sizes, &kept);
    close_gaps(&mut lines, &sizes, &kept);
    cols.par_iter_mut().for_each(|c| match c {
        Column::Num(v) if !v.is_empty() => close_gaps(v, &sizes, &kept),
        Column::Text(v) if !v.is_empty() => close_gaps(v, &sizes, &kept),
        _ => {}
    });
    crate::trace::trace("gaps closed", t0);
    Ok(Parsed {
        rows,
        uai,
        lines,
        cols,
        problems,
        periods,
        fits,
        unknown_academies,
    })
}

/// Trim white space; cells that do not start or end with a space or a non-ASCII byte are returned as
/// they are without scanning them (`str::trim` decodes characters at both ends).
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// The tokens read as a missing value.
struct Missing<'a> {
    tokens: &'a [&'a str],
    /// Does one of them read as a number?
    numeric: bool,
}

impl Missing<'_> {
    fn is(&self, cell: &str) -> bool {
        self.tokens.contains(&cell)
    }
}

/// Parse one record into the next free slot of the chunk; a rejected record leaves the slot free.
fn parse_row(
    st: &mut State,
    path: &Arc<str>,
    rec: &[&str],
    line: u64,
    ncols: usize,
    resolved: &[Resolved],
    missing: &Missing,
) -> std::result::Result<(), Problem> {
    let raw_uai = trim(rec.get(resolved[0].idx).copied().unwrap_or(""));
    let problem =
        |column: Option<&str>, value: Option<&str>, uai: Option<&str>, reason: String| Problem {
            path: path.clone(),
            line,
            // Set by the caller, who knows what the file's lines count.
            unit: Default::default(),
            column: column.map(Text::from),
            uai: uai.map(Text::from),
            value: value.map(Text::from),
            reason: reason.into(),
        };
    if rec.len() != ncols {
        return Err(problem(
            None,
            None,
            Some(raw_uai).filter(|s| !s.is_empty()),
            format!("ragged row: {} field(s) where the header has {ncols} (wrong separator or unquoted separator in a value?)", rec.len()),
        ));
    }
    let uai = super::uai::normalize_text(raw_uai).map_err(|e| {
        problem(
            Some(&resolved[0].header),
            Some(raw_uai),
            None,
            format!("invalid UAI: {e}"),
        )
    })?;
    let k = st.kept;
    for (j, (r, out)) in resolved.iter().zip(st.cols.iter_mut()).enumerate() {
        let cell = trim(rec.get(r.idx).copied().unwrap_or(""));
        let bad = |reason: String| problem(Some(&r.header), Some(cell), Some(&uai), reason);
        // A lenient column's misfit is counted and left missing; elsewhere it rejects the row.
        macro_rules! misfit {
            ($reason:expr) => {
                if r.lenient {
                    let f = &mut st.fits[j];
                    f.others += 1;
                    if f.first.is_none() {
                        f.first = Some((line, Text::new(cell)));
                    }
                } else {
                    return Err(bad($reason));
                }
            };
        }
        match (out, r.kind) {
            (Out::Skip, _) => {}
            (Out::Num(v), Kind::Number { min, max }) => {
                let parsed = if missing.numeric {
                    None
                } else {
                    normalize::number(cell, true)
                };
                v[k] = match parsed {
                    None if missing.is(cell) => f64::NAN,
                    None => match normalize::number(cell, true) {
                        Some(x) => x,
                        None => {
                            misfit!(not_a_number(cell));
                            f64::NAN
                        }
                    },
                    Some(x) => x,
                };
                if v[k] < min || v[k] > max {
                    misfit!(format!(
                        "out of the plausible range [{min}, {max}] for {}",
                        r.canonical.as_deref().unwrap_or(&r.key)
                    ));
                    v[k] = f64::NAN;
                } else if r.lenient && !v[k].is_nan() {
                    st.fits[j].fitting += 1;
                }
            }
            (Out::Num(v), _) => v[k] = f64::NAN,
            (Out::Text(v), kind) => {
                let is_missing = missing.is(cell);
                v[k] = match kind {
                    Kind::Departement if !is_missing => match normalize::departement(cell) {
                        Ok(t) => t,
                        Err(e) => {
                            misfit!(e);
                            Text::default()
                        }
                    },
                    Kind::Sector if !is_missing => match normalize::sector(cell) {
                        Ok(t) => Text::const_new(t),
                        Err(e) => {
                            misfit!(e);
                            Text::default()
                        }
                    },
                    Kind::EpStatus => {
                        match normalize::ep_status(if is_missing { "" } else { cell }) {
                            Ok(t) => Text::const_new(t),
                            Err(e) => {
                                misfit!(e);
                                Text::default()
                            }
                        }
                    }
                    _ if is_missing => Text::default(),
                    Kind::Academie => academie(&mut st.academies, &mut st.unknown_academies, cell),
                    Kind::Period => Text::new(normalize::period(cell)),
                    _ => Text::new(cell),
                };
            }
        }
    }
    st.uai[k] = uai;
    st.lines[k] = line;
    st.kept += 1;
    Ok(())
}

/// The reason for a cell that is not a number, with what to do.
fn not_a_number(cell: &str) -> String {
    if cell.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        "not a number (remove the unit or text after the number, or fix the value)".into()
    } else {
        "not a number".into()
    }
}

/// The stored form of an académie cell: its official label, or the cell as written when the built-in
/// table does not know it (noted once per file). Spellings already seen in the chunk are looked up
/// without building a key.
fn academie(
    seen: &mut rustc_hash::FxHashMap<Box<str>, Text>,
    unknown: &mut BTreeSet<String>,
    cell: &str,
) -> Text {
    if let Some(t) = seen.get(cell) {
        return t.clone();
    }
    let t = match super::territory::academie(cell) {
        Some(a) => Text::const_new(a.label),
        None => {
            unknown.insert(cell.to_string());
            Text::new(cell)
        }
    };
    seen.insert(cell.into(), t.clone());
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_close_in_order() {
        let mut v: Vec<u32> = vec![1, 2, 0, 0, 3, 0, 4, 5, 6, 0];
        close_gaps(&mut v, &[4, 2, 4], &[2, 1, 3]);
        assert_eq!(v, [1, 2, 3, 4, 5, 6]);
        let mut v: Vec<u32> = vec![1, 2, 3];
        close_gaps(&mut v, &[3], &[3]);
        assert_eq!(v, [1, 2, 3]);
        let mut v: Vec<u32> = vec![0, 0, 7];
        close_gaps(&mut v, &[2, 1], &[0, 1]);
        assert_eq!(v, [7]);
    }

    #[test]
    fn trim_keeps_plain_cells_and_trims_others() {
        assert_eq!(trim("abc"), "abc");
        assert_eq!(trim(" abc\t"), "abc");
        assert_eq!(trim("\u{a0}x\u{a0}"), "x");
        assert_eq!(trim(""), "");
        assert_eq!(trim("é"), "é");
    }
}
