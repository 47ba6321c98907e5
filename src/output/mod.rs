//! Safe outputs: atomic writes, CSV with spreadsheet-formula neutralisation, JSON.
//!
//! Every file is written to a temporary sibling and renamed into place, so a crash never leaves a
//! half-written output; an output path equal to an input path is refused by the pipeline.

mod csv;
pub mod digest;

pub use csv::{
    csv_string, csv_string_with, write_csv, write_csv_rows, write_csv_with, Cell, RowWriter,
};

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
    fill: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
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
    // Hashed on the way when a digest scope covers the file (see `digest`).
    let store = digest::store_for(path);
    let mut w = digest::Hashing {
        inner: std::io::BufWriter::with_capacity(1 << 20, &mut f),
        hasher: Default::default(),
        bytes: 0,
    };
    let written = if store.is_some() {
        fill(&mut w).and_then(|_| w.flush())
    } else {
        fill(&mut w.inner).and_then(|_| w.inner.flush())
    };
    if let Err(e) = written {
        drop(w);
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(&tmp, e));
    }
    let d = w.finish();
    f.sync_all().map_err(|e| Error::io(&tmp, e))?;
    drop(f);
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))?;
    if let Some(s) = store {
        s.lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_path_buf(), d);
    }
    Ok(())
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
    fn atomic_write_replaces() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }
}
