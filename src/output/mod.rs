//! Safe outputs: atomic writes, CSV with spreadsheet-formula neutralisation, JSON.
//!
//! Every file is written to a temporary sibling and renamed into place, so a crash never leaves a
//! half-written output; every folder is written in a staging folder next to it and renamed into place
//! at the end ([`stage`]), so a failed command leaves no folder; an output path that is, or holds, a
//! file the command reads is refused before anything is read ([`paths`]).

mod csv;
pub mod digest;
pub mod paths;
pub mod stage;

pub use csv::{csv_string, write_csv, write_csv_rows, write_csv_with, Cell, RowWriter};

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
/// On any failure (the filling, the sync, the rename) the temporary file is removed: a failed write
/// leaves nothing next to `path`.
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
    let filled = (|| -> Result<digest::FileDigest> {
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
        written.map_err(|e| Error::io(&tmp, e))?;
        Ok(w.finish())
    })();
    let done = filled.and_then(|d| {
        f.sync_all().map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))?;
        Ok(d)
    });
    drop(f);
    let d = match done {
        Ok(d) => d,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
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

/// CSV flavour (`--dialect`, `[output] dialect`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize, clap::ValueEnum,
)]
pub enum Dialect {
    /// `,` separator, `.` decimal point, UTF-8 without BOM (R, Python, most tools).
    #[default]
    #[serde(rename = "standard", alias = "csv")]
    #[value(name = "standard", alias = "csv")]
    Standard,
    /// `;` separator, `,` decimal comma, UTF-8 with BOM: opens directly in a French Excel.
    #[serde(rename = "excel-fr")]
    #[value(name = "excel-fr")]
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
