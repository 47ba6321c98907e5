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
    f.write_all(bytes).map_err(|e| Error::io(&tmp, e))?;
    f.sync_all().map_err(|e| Error::io(&tmp, e))?;
    drop(f);
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

/// Write a value as pretty JSON (with a final newline), atomically.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let mut s = serde_json::to_string_pretty(value).map_err(|e| Error::Output {
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
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// Format a number for CSV.
pub fn fmt_num(x: f64, dialect: Dialect) -> String {
    if x.is_nan() {
        return String::new();
    }
    let s = format!("{x}");
    match dialect {
        Dialect::Standard => s,
        Dialect::ExcelFr => s.replace('.', ","),
    }
}

/// Render rows as CSV text.
pub fn csv_string(header: &[&str], rows: &[Vec<Cell>], dialect: Dialect) -> Result<String> {
    let sep = match dialect {
        Dialect::Standard => b',',
        Dialect::ExcelFr => b';',
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(sep)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let err = |e: csv::Error| Error::Output {
        path: "<csv>".into(),
        reason: e.to_string(),
    };
    w.write_record(header.iter().map(|h| neutralise(h)))
        .map_err(err)?;
    for r in rows {
        w.write_record(r.iter().map(|c| match c {
            Cell::Text(s) => neutralise(s),
            Cell::Num(x) => fmt_num(*x, dialect),
        }))
        .map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Output {
        path: "<csv>".into(),
        reason: e.to_string(),
    })?;
    let mut s = String::from_utf8_lossy(&bytes).into_owned();
    if dialect == Dialect::ExcelFr {
        s.insert(0, '\u{feff}');
    }
    Ok(s)
}

/// Write rows as CSV, atomically.
pub fn write_csv(path: &Path, header: &[&str], rows: &[Vec<Cell>], dialect: Dialect) -> Result<()> {
    let s = csv_string(header, rows, dialect)?;
    write_atomic(path, s.as_bytes())
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

/// Make `dir` ready for outputs: create it; refuse when it already holds files (unless `force`) or when
/// it would receive one of the `inputs` (ciblage never overwrites its inputs).
pub fn prepare_dir(dir: &Path, inputs: &[std::path::PathBuf], force: bool) -> Result<()> {
    if dir.exists() {
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
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let out = dir.canonicalize().map_err(|e| Error::io(dir, e))?;
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
    Ok(())
}
