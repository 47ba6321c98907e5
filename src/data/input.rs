//! Reading an input's bytes once, with bounds ([`super::decode`] turns them into text).
//!
//! # Parameters
//! A path (regular file, named pipe, device…), the size limit ([`max_bytes`]) and, optionally, the
//! encoding to use instead of detecting it.
//!
//! # Returns
//! [`Bytes`]: the file mapped read-only (big regular files) or read into memory — the file is opened
//! once and read once, so a named pipe works and a file is never read twice.
//!
//! # Errors
//! A directory, a spreadsheet (by extension or by its magic bytes), a binary file (a NUL byte, found
//! while streaming: `/dev/zero` stops at once), an input over the size limit (checked from the size of
//! a regular file before reading it, and while streaming anything else) — each in one line that says
//! what to do.

use crate::error::{Error, Result};
use std::io::Read;
use std::path::Path;

/// Default limit on the size of one input: 4 GiB.
pub const DEFAULT_MAX_BYTES: u64 = 4 << 30;

/// Environment variable overriding the default input size limit (bytes, or with a `K`/`M`/`G` suffix,
/// powers of 1024).
pub const MAX_BYTES_ENV: &str = "CIBLAGE_MAX_INPUT_BYTES";

/// Files from this size are mapped rather than read (smaller ones gain nothing from it).
pub(super) const MAP_FROM: u64 = 16 << 20;

/// Extensions of spreadsheets, refused with the advice to export CSV.
const SPREADSHEETS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "numbers"];

/// The bytes of an input.
pub enum Bytes {
    /// Read into memory.
    Owned(Vec<u8>),
    /// A big regular file mapped read-only, with its modification time when it was mapped.
    Mapped(memmap2::Mmap, Option<std::time::SystemTime>),
}

impl Bytes {
    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Owned(v) => v,
            Bytes::Mapped(m, _) => m,
        }
    }
}

/// Parse a size: bytes, or a number with `K`, `M`, `G`, `T` (powers of 1024, `KiB`/`KB` spellings
/// accepted): `4G` is `4 << 30`, `500 MiB` is `500 << 20`, `1000` is 1000 bytes, `lots` is `None`
/// (tested in `tests::sizes_in_bytes_and_powers_of_1024`).
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let n: u64 = s[..digits].parse().ok()?;
    let unit = s[digits..].trim().to_ascii_lowercase();
    let shift = match unit.trim_end_matches('b').trim_end_matches('i') {
        "" => 0,
        "k" => 10,
        "m" => 20,
        "g" => 30,
        "t" => 40,
        _ => return None,
    };
    n.checked_mul(1u64 << shift)
}

/// The size limit of one input: `given`, else [`MAX_BYTES_ENV`], else [`DEFAULT_MAX_BYTES`].
pub fn max_bytes(given: Option<u64>) -> Result<u64> {
    if let Some(n) = given {
        return Ok(n);
    }
    match std::env::var(MAX_BYTES_ENV) {
        Ok(v) => parse_size(&v).filter(|n| *n > 0).ok_or_else(|| {
            Error::Usage(format!(
                "{MAX_BYTES_ENV} = '{}': give a size of at least 1 byte: bytes, or a whole number with K, M, G or T (e.g. 8G)",
                crate::text::quote(&v)
            ))
        }),
        Err(_) => Ok(DEFAULT_MAX_BYTES),
    }
}

fn input_error(path: &Path, reason: String) -> Error {
    Error::Input {
        path: path.into(),
        reason,
    }
}

/// The refusal of a spreadsheet.
fn spreadsheet(path: &Path, what: &str) -> Error {
    Error::NotText {
        path: path.into(),
        line: 1,
        reason: format!(
            "{what}: ciblage reads CSV, JSON and Parquet; open it in your spreadsheet program and \
             save it as CSV (UTF-8), or download the CSV export of the dataset"
        ),
    }
}

/// Refuse a spreadsheet from its extension, before opening it.
pub fn refuse_spreadsheet_name(path: &Path) -> Result<()> {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if SPREADSHEETS.iter().any(|s| s.eq_ignore_ascii_case(e)) => Err(spreadsheet(
            path,
            &format!("a spreadsheet (.{})", e.to_ascii_lowercase()),
        )),
        _ => Ok(()),
    }
}

/// Refuse spreadsheets and archives from the first bytes of a file.
fn refuse_magic(path: &Path, head: &[u8]) -> Result<()> {
    if head.starts_with(b"PK\x03\x04") {
        return Err(spreadsheet(
            path,
            "a binary ZIP archive (an .xlsx or .ods spreadsheet? a zipped CSV: unzip it first)",
        ));
    }
    if head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Err(spreadsheet(path, "a binary .xls spreadsheet"));
    }
    Ok(())
}

/// Whether the bytes may hold NUL bytes: they start with a UTF-16 byte-order mark, or with Parquet's
/// magic bytes (`PAR1`; a Parquet file is binary by design).
fn nul_allowed(head: &[u8]) -> bool {
    head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") || head.starts_with(b"PAR1")
}

/// The refusal of a binary file, from the position of its first NUL byte.
fn binary(path: &Path, bytes: &[u8], pos: usize) -> Error {
    Error::NotText {
        path: path.into(),
        line: 1 + memchr::memchr_iter(b'\n', &bytes[..pos]).count() as u64,
        reason: format!(
            "NUL byte at offset {pos}: a binary file, not text (a spreadsheet or a database? export \
             it as CSV; UTF-16 without a byte-order mark? give its encoding, e.g. --encoding utf-16le)"
        ),
    }
}

/// Open `path` once and read it, at most `limit` bytes: big regular files are mapped, anything else
/// (small files, pipes, devices) is read from the same descriptor in blocks, each checked for NUL bytes
/// as it comes unless the bytes may hold them (`wide`: UTF-16 given by the user; a UTF-16 byte-order
/// mark and Parquet's magic bytes are recognised by themselves).
pub fn read_bytes(path: &Path, limit: u64, wide: bool) -> Result<Bytes> {
    refuse_spreadsheet_name(path)?;
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let meta = f.metadata().map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(input_error(
            path,
            "is a folder, not a file: give the files inside it".into(),
        ));
    }
    if meta.is_file() && meta.len() > limit {
        return Err(input_error(path, too_big(meta.len(), limit)));
    }
    if meta.is_file() && meta.len() >= MAP_FROM && cfg!(unix) {
        // SAFETY: the mapping is read-only; a concurrent rewrite is detected after parsing (see
        // `RawCsv::unchanged`).
        if let Ok(m) = unsafe { memmap2::MmapOptions::new().populate().map(&f) } {
            refuse_magic(path, &m)?;
            if !wide && !nul_allowed(&m) {
                if let Some(pos) = memchr::memchr(0, &m) {
                    return Err(binary(path, &m, pos));
                }
            }
            return Ok(Bytes::Mapped(m, meta.modified().ok()));
        }
        // Not mappable (a special file system): read it below, from the same descriptor.
    }
    let mut out: Vec<u8> = Vec::new();
    if meta.is_file() {
        // Not `try_reserve_exact(len)` blindly: `len` is a hint (the file may grow or shrink).
        let _ = out.try_reserve_exact(meta.len() as usize + 1);
    }
    let mut block = vec![0u8; 1 << 18];
    let mut nul_free = !wide;
    loop {
        let n = match f.read(&mut block) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io(path, e)),
        };
        let at = out.len();
        if (at as u64).saturating_add(n as u64) > limit {
            return Err(input_error(
                path,
                format!(
                    "stopped reading after {} (the input size limit): a file that never ends? \
                     If it really is that big, raise the limit with --max-input-bytes or {MAX_BYTES_ENV}",
                    human(limit)
                ),
            ));
        }
        out.try_reserve(n).map_err(|_| {
            input_error(
                path,
                format!(
                    "out of memory after reading {}: lower the input size limit (--max-input-bytes) \
                     or free memory",
                    human(at as u64)
                ),
            )
        })?;
        out.extend_from_slice(&block[..n]);
        if at < 8 && out.len() >= 8.min(at + n) {
            refuse_magic(path, &out)?;
            if at == 0 && nul_allowed(&out) {
                nul_free = false;
            }
        }
        if nul_free {
            if let Some(p) = memchr::memchr(0, &out[at..]) {
                return Err(binary(path, &out, at + p));
            }
        }
    }
    refuse_magic(path, &out)?;
    Ok(Bytes::Owned(out))
}

fn too_big(size: u64, limit: u64) -> String {
    format!(
        "{} is over the input size limit of {}: raise it with --max-input-bytes or {MAX_BYTES_ENV} \
         if the file is meant to be that big",
        human(size),
        human(limit)
    )
}

/// A size for people: `4.0 GiB`, `12.3 MiB`, `512 bytes`.
fn human(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} bytes");
    }
    let mut v = n as f64 / 1024.0;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    format!("{v:.1} {}", UNITS[u])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_bytes_and_powers_of_1024() {
        assert_eq!(parse_size("4G"), Some(4 << 30));
        assert_eq!(parse_size("500 MiB"), Some(500 << 20));
        assert_eq!(parse_size("1000"), Some(1000));
        assert_eq!(parse_size("lots"), None);
    }

    #[test]
    fn reading_is_bounded_and_refuses_binary_and_spreadsheets() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("t.csv");
        std::fs::write(&p, b"uai\n0440008V\n").unwrap();
        assert!(matches!(read_bytes(&p, 5, false), Err(Error::Input { .. })));
        assert_eq!(read_bytes(&p, 100, false).unwrap().as_slice().len(), 13);
        std::fs::write(&p, b"uai\n\0x").unwrap();
        match read_bytes(&p, 100, false) {
            Err(Error::NotText { line, reason, .. }) => {
                assert_eq!(line, 2);
                assert!(reason.starts_with("NUL byte at offset 4"));
            }
            _ => panic!("a NUL byte is binary"),
        }
        // Parquet is binary by design: its NUL bytes are no reason to refuse it.
        std::fs::write(&p, b"PAR1\0\0\0PAR1").unwrap();
        assert_eq!(read_bytes(&p, 100, false).unwrap().as_slice().len(), 11);
        std::fs::write(&p, b"PK\x03\x04rest").unwrap();
        assert!(matches!(
            read_bytes(&p, 100, false),
            Err(Error::NotText { .. })
        ));
        let x = d.path().join("t.xlsx");
        std::fs::write(&x, b"whatever").unwrap();
        let e = read_bytes(&x, 100, false).err().unwrap().to_string();
        assert!(e.contains("spreadsheet (.xlsx)") && e.contains("save it as CSV"));
        assert!(!e.contains('\n'));
        assert!(matches!(
            read_bytes(d.path(), 100, false),
            Err(Error::Input { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn endless_devices_stop_at_once() {
        // /dev/zero: NUL at offset 0, found in the first block.
        match read_bytes(Path::new("/dev/zero"), DEFAULT_MAX_BYTES, false) {
            Err(Error::NotText { reason, .. }) => {
                assert!(reason.starts_with("NUL byte at offset 0"))
            }
            _ => panic!("/dev/zero is binary"),
        }
        // Given as UTF-16 (NUL bytes allowed), it stops at the size limit.
        assert!(matches!(
            read_bytes(Path::new("/dev/zero"), 1 << 20, true),
            Err(Error::Input { .. })
        ));
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("8g"), Some(8 << 30));
        assert_eq!(parse_size("16 KB"), Some(16 << 10));
        assert_eq!(parse_size("1.5G"), None);
        assert_eq!(human(4 << 30), "4.0 GiB");
        assert_eq!(human(10), "10 bytes");
    }
}
