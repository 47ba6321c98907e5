//! Safe outputs: atomic writes, CSV with spreadsheet-formula neutralisation, JSON.
//!
//! Every file is written to a temporary sibling and renamed into place, so a crash never leaves a
//! half-written output; an output path equal to an input path is refused by the pipeline.

use crate::error::{Error, Result};
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// Write bytes atomically (temporary file in the same directory, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_parts(path, &[bytes])
}

/// Write several byte slices, in order, atomically.
pub fn write_atomic_parts<B: AsRef<[u8]>>(path: &Path, parts: &[B]) -> Result<()> {
    write_atomic_with(path, |w| {
        for p in parts {
            w.write_all(p.as_ref())?;
        }
        Ok(())
    })
}

/// Write atomically what `fill` writes: a temporary file in the same folder, synced, then renamed.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut f = std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
    let mut w = std::io::BufWriter::new(&mut f);
    let written = fill(&mut w).and_then(|_| w.flush());
    if let Err(e) = written {
        drop(w);
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(&tmp, e));
    }
    drop(w);
    f.sync_all().map_err(|e| Error::io(&tmp, e))?;
    drop(f);
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

/// Write a value as pretty JSON (with a final newline), atomically.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    write_json_sized(path, value, true)
}

/// Rows beyond which JSON results are written compact (one line) rather than pretty-printed.
pub const PRETTY_JSON_MAX_ROWS: usize = 20_000;

/// Write JSON, pretty or compact (large results: a pretty 1M-school PCA is several times larger).
pub fn write_json_sized<T: Serialize>(path: &Path, value: &T, pretty: bool) -> Result<()> {
    let r = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    let mut s = r.map_err(|e| Error::Output {
        path: path.into(),
        reason: e.to_string(),
    })?;
    s.push('\n');
    write_atomic(path, s.as_bytes())
}

/// CSV flavour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// `,` separator, `.` decimal point, UTF-8 without BOM (R, Python, most tools).
    #[default]
    Standard,
    /// `;` separator, `,` decimal comma, UTF-8 with BOM: opens directly in a French Excel.
    ExcelFr,
}

impl std::str::FromStr for Dialect {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "standard" | "csv" => Ok(Dialect::Standard),
            "excel-fr" => Ok(Dialect::ExcelFr),
            _ => Err(format!("unknown CSV dialect '{s}' (standard or excel-fr)")),
        }
    }
}

/// A cell of a CSV output.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text (neutralised if it could be read as a formula).
    Text(String),
    /// A number (full precision, shortest round-trip form; missing → empty).
    Num(f64),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<f64> for Cell {
    fn from(x: f64) -> Self {
        Cell::Num(x)
    }
}
impl From<usize> for Cell {
    fn from(x: usize) -> Self {
        Cell::Text(x.to_string())
    }
}

/// Neutralise text a spreadsheet would run as a formula (`= + - @`, tab, CR): prefix a quote.
pub fn neutralise(s: &str) -> String {
    if needs_neutralising(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Would a spreadsheet run this text as a formula?
fn needs_neutralising(s: &str) -> bool {
    matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Format a number for CSV: shortest representation that reads back to the same f64 (`ryu`, which is
/// several times faster than `Display` on million-row outputs; very small or large values use an
/// exponent, e.g. `3.4e-7`, which R, Python and spreadsheets read). Missing → empty.
pub fn fmt_num(x: f64, dialect: Dialect) -> String {
    if x.is_nan() {
        return String::new();
    }
    let mut b = ryu::Buffer::new();
    let s = b.format_finite(x);
    let s = s.strip_suffix(".0").unwrap_or(s);
    match dialect {
        Dialect::Standard => s.to_string(),
        Dialect::ExcelFr => s.replace('.', ","),
    }
}

/// Render rows as CSV text.
pub fn csv_string(header: &[&str], rows: &[Vec<Cell>], dialect: Dialect) -> Result<String> {
    csv_string_with(header, rows.len(), |i| rows[i].clone(), dialect)
}

/// Rows per formatted chunk.
const CSV_CHUNK: usize = 16_384;

fn separator(dialect: Dialect) -> u8 {
    match dialect {
        Dialect::Standard => b',',
        Dialect::ExcelFr => b';',
    }
}

/// Format records with the csv crate (quoting as needed).
fn render(recs: &mut dyn Iterator<Item = Vec<String>>, dialect: Dialect) -> Result<Vec<u8>> {
    let err = |e: String| Error::Output {
        path: "<csv>".into(),
        reason: e,
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(separator(dialect))
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for r in recs {
        w.write_record(&r).map_err(|e| err(e.to_string()))?;
    }
    w.into_inner().map_err(|e| err(e.to_string()))
}

/// Format `n` rows produced by `row(i)` as CSV byte chunks of [`CSV_CHUNK`] rows, in parallel and in
/// order: the bytes do not depend on the thread count.
fn csv_rows(
    n: usize,
    row: impl Fn(usize) -> Vec<Cell> + Sync,
    dialect: Dialect,
) -> Result<Vec<Vec<u8>>> {
    use rayon::prelude::*;
    let err = |e: csv::Error| Error::Output {
        path: "<csv>".into(),
        reason: e.to_string(),
    };
    // Fields go straight to the writer: numbers through a stack buffer, text borrowed unless it must be
    // neutralised (the same bytes as formatting each cell to a String first, without the allocations).
    let chunk = |c: usize| -> Result<Vec<u8>> {
        let mut w = csv::WriterBuilder::new()
            .delimiter(separator(dialect))
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::with_capacity(CSV_CHUNK * 64));
        let mut num = ryu::Buffer::new();
        let mut fr = String::new();
        for i in c * CSV_CHUNK..((c + 1) * CSV_CHUNK).min(n) {
            for cell in row(i) {
                match cell {
                    Cell::Num(x) if x.is_nan() => w.write_field(b"").map_err(err)?,
                    Cell::Num(x) => {
                        let t = num.format_finite(x);
                        let t = t.strip_suffix(".0").unwrap_or(t);
                        if dialect == Dialect::ExcelFr {
                            fr.clear();
                            fr.extend(t.chars().map(|ch| if ch == '.' { ',' } else { ch }));
                            w.write_field(fr.as_bytes()).map_err(err)?;
                        } else {
                            w.write_field(t.as_bytes()).map_err(err)?;
                        }
                    }
                    Cell::Text(t) if needs_neutralising(&t) => {
                        w.write_field(neutralise(&t).as_bytes()).map_err(err)?
                    }
                    Cell::Text(t) => w.write_field(t.as_bytes()).map_err(err)?,
                }
            }
            w.write_record(None::<&[u8]>).map_err(err)?;
        }
        w.into_inner().map_err(|e| Error::Output {
            path: "<csv>".into(),
            reason: e.to_string(),
        })
    };
    (0..n.div_ceil(CSV_CHUNK))
        .into_par_iter()
        .map(chunk)
        .collect()
}

/// Format `n` rows produced by `row(i)` as CSV byte chunks (BOM, header, rows).
fn csv_parts(
    header: &[&str],
    n: usize,
    row: impl Fn(usize) -> Vec<Cell> + Sync,
    dialect: Dialect,
) -> Result<Vec<Vec<u8>>> {
    let head = render(
        &mut std::iter::once(header.iter().map(|h| neutralise(h)).collect()),
        dialect,
    )?;
    let mut all = Vec::new();
    if dialect == Dialect::ExcelFr {
        all.push("\u{feff}".as_bytes().to_vec());
    }
    all.push(head);
    all.extend(csv_rows(n, row, dialect)?);
    Ok(all)
}

/// Render `n` rows produced by `row(i)` as CSV text.
pub fn csv_string_with(
    header: &[&str],
    n: usize,
    row: impl Fn(usize) -> Vec<Cell> + Sync,
    dialect: Dialect,
) -> Result<String> {
    let bytes = csv_parts(header, n, row, dialect)?.concat();
    String::from_utf8(bytes).map_err(|e| Error::Output {
        path: "<csv>".into(),
        reason: e.to_string(),
    })
}

/// Write `n` rows produced by `row(i)` as CSV, atomically (the formatted chunks go to the file one after
/// the other, never concatenated in memory).
pub fn write_csv_with(
    path: &Path,
    header: &[&str],
    n: usize,
    row: impl Fn(usize) -> Vec<Cell> + Sync,
    dialect: Dialect,
) -> Result<()> {
    // Batches of chunks are formatted in parallel and written in order, so at most a few chunks of
    // text are in memory whatever the size of the table.
    const BATCH: usize = 16;
    let chunks = n.div_ceil(CSV_CHUNK);
    let mut failure = None;
    let fill = |w: &mut dyn Write| -> std::io::Result<()> {
        let head = csv_parts(header, 0, |_| Vec::new(), dialect).map_err(std::io::Error::other)?;
        for h in head {
            w.write_all(&h)?;
        }
        for b in (0..chunks).step_by(BATCH) {
            let (from, to) = (b * CSV_CHUNK, ((b + BATCH) * CSV_CHUNK).min(n));
            let parts = csv_rows(to - from, |i| row(from + i), dialect);
            match parts {
                Ok(p) => {
                    for x in p {
                        w.write_all(&x)?;
                    }
                }
                Err(e) => {
                    failure = Some(e);
                    return Err(std::io::Error::other("CSV formatting failed"));
                }
            }
        }
        Ok(())
    };
    let r = write_atomic_with(path, fill);
    match failure {
        Some(e) => Err(e),
        None => r,
    }
}

/// Write rows as CSV, atomically.
pub fn write_csv(path: &Path, header: &[&str], rows: &[Vec<Cell>], dialect: Dialect) -> Result<()> {
    write_csv_with(path, header, rows.len(), |i| rows[i].clone(), dialect)
}

/// Check that `dir` can receive outputs, without creating it (so a run that fails leaves nothing behind):
/// refuse when it already holds files (unless `force`) or when it holds one of the `inputs` (ciblage never
/// overwrites its inputs). Files are created later by [`write_atomic`].
pub fn prepare_dir(dir: &Path, inputs: &[std::path::PathBuf], force: bool) -> Result<()> {
    let out = if dir.exists() {
        let busy = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .next()
            .is_some();
        if busy && !force {
            return Err(Error::Output {
                path: dir.into(),
                reason: "output directory is not empty; pass --force to overwrite the files ciblage writes there".into(),
            });
        }
        Some(dir.canonicalize().map_err(|e| Error::io(dir, e))?)
    } else {
        None
    };
    if let Some(out) = out {
        for i in inputs {
            if let Ok(c) = i.canonicalize() {
                if c.parent() == Some(out.as_path()) {
                    return Err(Error::Output {
                        path: i.clone(),
                        reason: "an input lives in the output directory; choose another --out so inputs are never overwritten".into(),
                    });
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn atomic_write_replaces() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }
}
