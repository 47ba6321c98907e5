//! CSV outputs: cells, a direct row writer, and tables written atomically in parallel chunks.
//!
//! Text cells starting with `= + - @` (or a tab or CR) are prefixed with `'` so that spreadsheets never
//! run them as formulas; numbers are written in their shortest round-trip form (`ryu`; decimal comma in
//! the `excel-fr` dialect); missing or undefined numbers (NaN, ±∞: e.g. the v-test of a category that
//! holds every school) are empty cells — as serde_json writes them `null` in the JSON outputs.

use super::{write_atomic_with, Dialect};
use crate::error::{Error, Result};
use std::path::Path;

/// A cell of a CSV output: text borrowed from the data when it can be (a million-row table is written
/// without a string per cell), or a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Text (neutralised if it could be read as a formula).
    Text(std::borrow::Cow<'a, str>),
    /// A number (full precision, shortest round-trip form; missing → empty).
    Num(f64),
    /// A whole number (integers print without a fraction).
    Int(u64),
    /// `true` / `false`.
    Bool(bool),
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(s: &'a str) -> Self {
        Cell::Text(std::borrow::Cow::Borrowed(s))
    }
}
impl From<String> for Cell<'_> {
    fn from(s: String) -> Self {
        Cell::Text(std::borrow::Cow::Owned(s))
    }
}
// `data::table::Text` is this type: cells from table text without a copy.
impl From<compact_str::CompactString> for Cell<'_> {
    fn from(s: compact_str::CompactString) -> Self {
        Cell::Text(std::borrow::Cow::Owned(s.into()))
    }
}
impl<'a> From<&'a compact_str::CompactString> for Cell<'a> {
    fn from(s: &'a compact_str::CompactString) -> Self {
        Cell::Text(std::borrow::Cow::Borrowed(s.as_str()))
    }
}
impl From<f64> for Cell<'_> {
    fn from(x: f64) -> Self {
        Cell::Num(x)
    }
}
impl From<usize> for Cell<'_> {
    fn from(x: usize) -> Self {
        Cell::Int(x as u64)
    }
}
impl From<bool> for Cell<'_> {
    fn from(x: bool) -> Self {
        Cell::Bool(x)
    }
}

/// Would a spreadsheet run this text as a formula?
fn needs_neutralising(s: &str) -> bool {
    matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Render rows as CSV text.
pub fn csv_string(header: &[&str], rows: &[Vec<Cell>], dialect: Dialect) -> Result<String> {
    csv_string_with(header, rows.len(), |i| rows[i].clone(), dialect)
}

/// Rows per formatted chunk.
const CSV_CHUNK: usize = 8_192;

fn separator(dialect: Dialect) -> u8 {
    match dialect {
        Dialect::Standard => b',',
        Dialect::ExcelFr => b';',
    }
}

/// Writes CSV fields straight into a byte buffer, with the `csv` crate's quoting rule (a field is quoted
/// when it holds the separator, a quote, CR or LF; quotes are doubled; a record made of one empty
/// field is written `""`), formula neutralisation of text, shortest round-trip numbers (decimal comma in
/// the `excel-fr` dialect). Hand-written rather than the `csv` writer: rows of a million-school table
/// are formatted without an intermediate record or string per cell, and the bytes are the same.
pub struct RowWriter {
    buf: Vec<u8>,
    sep: u8,
    comma: bool,
    fields: usize,
    row_start: usize,
    num: ryu::Buffer,
    int: itoa::Buffer,
}

impl RowWriter {
    fn new(dialect: Dialect, capacity: usize) -> Self {
        RowWriter {
            buf: Vec::with_capacity(capacity),
            sep: separator(dialect),
            comma: dialect == Dialect::ExcelFr,
            fields: 0,
            row_start: 0,
            num: ryu::Buffer::new(),
            int: itoa::Buffer::new(),
        }
    }

    fn next_field(&mut self) {
        if self.fields > 0 {
            self.buf.push(self.sep);
        }
        self.fields += 1;
    }

    fn raw(&mut self, b: &[u8]) {
        let sep = self.sep;
        if b.iter()
            .any(|&c| c == sep || c == b'"' || c == b'\r' || c == b'\n')
        {
            self.buf.push(b'"');
            for &c in b {
                if c == b'"' {
                    self.buf.push(b'"');
                }
                self.buf.push(c);
            }
            self.buf.push(b'"');
        } else {
            self.buf.extend_from_slice(b);
        }
    }

    /// A text field (neutralised when a spreadsheet could run it as a formula).
    pub fn text(&mut self, s: &str) {
        self.next_field();
        if needs_neutralising(s) {
            self.buf.push(b'\'');
        }
        self.raw(s.as_bytes());
    }

    /// A number; an undefined one (NaN or infinite) is an empty cell, the one way CSV outputs write
    /// an undefined value (JSON outputs write `null`).
    pub fn num(&mut self, x: f64) {
        self.next_field();
        if !x.is_finite() {
            return;
        }
        let t = self.num.format_finite(x);
        let t = t.strip_suffix(".0").unwrap_or(t).as_bytes();
        if self.comma {
            self.buf
                .extend(t.iter().map(|&c| if c == b'.' { b',' } else { c }));
        } else {
            self.buf.extend_from_slice(t);
        }
    }

    /// A whole number.
    pub fn int(&mut self, x: u64) {
        self.next_field();
        let t = self.int.format(x);
        self.buf.extend_from_slice(t.as_bytes());
    }

    /// A whole number, empty when absent.
    pub fn opt_int(&mut self, x: Option<usize>) {
        match x {
            Some(v) => self.int(v as u64),
            None => self.next_field(),
        }
    }

    /// `true` / `false`.
    pub fn bool(&mut self, x: bool) {
        self.next_field();
        self.buf
            .extend_from_slice(if x { b"true" } else { b"false" });
    }

    /// A cell.
    pub fn cell(&mut self, c: &Cell) {
        match c {
            Cell::Text(t) => self.text(t),
            Cell::Num(x) => self.num(*x),
            Cell::Int(x) => self.int(*x),
            Cell::Bool(x) => self.bool(*x),
        }
    }

    /// End the record.
    fn end(&mut self) {
        if self.fields == 1 && self.buf.len() == self.row_start {
            self.buf.extend_from_slice(b"\"\"");
        }
        self.buf.push(b'\n');
        self.fields = 0;
        self.row_start = self.buf.len();
    }
}

/// Format rows `from..to` (each by `fill(i, writer)`) as CSV bytes: fixed chunks of [`CSV_CHUNK`] rows
/// in parallel, concatenated in order, so the bytes do not depend on the thread count.
fn csv_rows(
    from: usize,
    to: usize,
    fill: &(impl Fn(usize, &mut RowWriter) + Sync),
    dialect: Dialect,
) -> Vec<Vec<u8>> {
    use rayon::prelude::*;
    (from..to)
        .step_by(CSV_CHUNK)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|start| {
            let mut w = RowWriter::new(dialect, CSV_CHUNK * 128);
            for i in start..(start + CSV_CHUNK).min(to) {
                fill(i, &mut w);
                w.end();
            }
            w.buf
        })
        .collect()
}

/// The BOM (excel-fr) and header line.
fn csv_head(header: &[&str], dialect: Dialect) -> Vec<u8> {
    let mut w = RowWriter::new(dialect, 256);
    if dialect == Dialect::ExcelFr {
        w.buf.extend_from_slice("\u{feff}".as_bytes());
        w.row_start = w.buf.len();
    }
    for h in header {
        w.text(h);
    }
    w.end();
    w.buf
}

/// Render `n` rows produced by `row(i)` as CSV text.
pub fn csv_string_with<'a>(
    header: &[&str],
    n: usize,
    row: impl Fn(usize) -> Vec<Cell<'a>> + Sync,
    dialect: Dialect,
) -> Result<String> {
    let fill = |i: usize, w: &mut RowWriter| row(i).iter().for_each(|c| w.cell(c));
    let mut bytes = csv_head(header, dialect);
    for part in csv_rows(0, n, &fill, dialect) {
        bytes.extend_from_slice(&part);
    }
    String::from_utf8(bytes).map_err(|e| Error::Output {
        path: "<csv>".into(),
        reason: e.to_string(),
    })
}

/// Write `n` rows produced by `row(i)` as CSV, atomically.
pub fn write_csv_with<'a>(
    path: &Path,
    header: &[&str],
    n: usize,
    row: impl Fn(usize) -> Vec<Cell<'a>> + Sync,
    dialect: Dialect,
) -> Result<()> {
    write_csv_rows(
        path,
        header,
        n,
        |i, w| row(i).iter().for_each(|c| w.cell(c)),
        dialect,
    )
}

/// Write `n` rows, row `i` written by `fill(i, writer)` field by field, as CSV, atomically. Batches of
/// chunks are formatted in parallel while the previous batch is written, so at most two batches of
/// text are in memory whatever the size of the table, and formatting overlaps the disk.
pub fn write_csv_rows(
    path: &Path,
    header: &[&str],
    n: usize,
    fill: impl Fn(usize, &mut RowWriter) + Sync,
    dialect: Dialect,
) -> Result<()> {
    const BATCH: usize = 8 * CSV_CHUNK;
    write_atomic_with(path, |w| {
        w.write_all(&csv_head(header, dialect))?;
        let mut pending = csv_rows(0, n.min(BATCH), &fill, dialect);
        let mut from = BATCH;
        while from < n {
            let to = (from + BATCH).min(n);
            let (next, written) = rayon::join(
                || csv_rows(from, to, &fill, dialect),
                || pending.iter().try_for_each(|p| w.write_all(p)),
            );
            written?;
            pending = next;
            from = to;
        }
        pending.iter().try_for_each(|p| w.write_all(p))
    })
}

/// Write rows as CSV, atomically.
pub fn write_csv(path: &Path, header: &[&str], rows: &[Vec<Cell>], dialect: Dialect) -> Result<()> {
    write_csv_with(path, header, rows.len(), |i| rows[i].clone(), dialect)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_are_neutralised() {
        let s = csv_string(
            &["a", "b"],
            &[
                vec!["=1+1".into(), Cell::Num(-1.5)],
                vec!["@x".into(), Cell::Num(f64::NAN)],
            ],
            Dialect::Standard,
        )
        .unwrap();
        assert_eq!(s, "a,b\n'=1+1,-1.5\n'@x,\n");
        let s = csv_string(&["a"], &[vec![Cell::Num(2.5)]], Dialect::ExcelFr).unwrap();
        assert_eq!(s, "\u{feff}a\n2,5\n");
        let s = csv_string(&["a"], &[vec!["".into()]], Dialect::Standard).unwrap();
        assert_eq!(s, "a\n\"\"\n");
    }

    proptest! {
        /// The row writer quotes and escapes as the `csv` crate's writer does.
        #[test]
        fn quoting_matches_the_csv_crate(
            rows in prop::collection::vec(
                prop::collection::vec("[a;,\"\r\n x]{0,6}", 1..4), 0..6),
            fr in any::<bool>(),
        ) {
            let dialect = if fr { Dialect::ExcelFr } else { Dialect::Standard };
            let mut ours = RowWriter::new(dialect, 0);
            let mut theirs = csv::WriterBuilder::new()
                .flexible(true)
                .delimiter(separator(dialect))
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new());
            for r in &rows {
                for f in r {
                    // Text without a formula lead: the csv crate knows nothing of neutralisation.
                    let f = f.trim_start_matches(['=', '+', '-', '@', '\t', '\r']);
                    ours.text(f);
                    theirs.write_field(f).unwrap();
                }
                ours.end();
                theirs.write_record(None::<&[u8]>).unwrap();
            }
            prop_assert_eq!(ours.buf, theirs.into_inner().unwrap());
        }
    }
}
