//! Opening an input: read it once, recognise its format, hand over its records.
//!
//! # Parameters
//! A path and the [`LoadOptions`] that concern reading: separator, encoding, size limit.
//!
//! # Returns
//! A [`RawCsv`]: the header and the records of a CSV file, a JSON export or a Parquet file.
//!
//! # Formats
//! - Parquet: the `.parquet` extension or the file's magic bytes (`PAR1`);
//! - JSON: the `.json`/`.geojson` extension, or text that starts like JSON (`[{`, `{"`); JSON lines:
//!   `.jsonl`/`.ndjson` (see [`super::json`]);
//! - spreadsheets (`.xlsx`, `.ods`, `.xls`, or a ZIP/OLE2 file under another name) are refused in one
//!   line that says to export CSV;
//! - anything else is delimited text ([`super::csv_reader`]).
//!
//! Every input is opened once and read once (a named pipe works), within the size limit
//! ([`input::max_bytes`]).

use super::csv_reader::{self, RawCsv, CHUNK_BYTES};
use super::input;
use super::options::LoadOptions;
use crate::error::Result;
use std::path::Path;

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Read the input at `path` into records.
pub fn read_raw(path: &Path, opts: &LoadOptions) -> Result<RawCsv> {
    let t = std::time::Instant::now();
    input::refuse_spreadsheet_name(path)?;
    let limit = input::max_bytes(opts.max_bytes)?;
    let given = opts
        .encoding
        .as_deref()
        .map(super::decode::encoding)
        .transpose()?;
    let wide = given.is_some_and(|e| e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE);
    let bytes = input::read_bytes(path, limit, wide)?;
    crate::trace::trace("read file", t);
    let ext = extension(path);
    if ext == "parquet" || bytes.as_slice().starts_with(b"PAR1") {
        return super::parquet::from_bytes(path, bytes);
    }
    let text = super::decode::decode(path, bytes, given)?;
    crate::trace::trace("decode", t);
    let lines = matches!(ext.as_str(), "jsonl" | "ndjson");
    if lines
        || matches!(ext.as_str(), "json" | "geojson")
        || super::json::looks_like_json(text.text.as_str())
    {
        let s = text.text.as_str();
        let mut raw = super::json::parse(path, s, lines)?;
        raw.set_digest(
            text.digest
                .clone()
                .unwrap_or_else(|| crate::output::digest::of_bytes(s.as_bytes())),
        );
        raw.notes.splice(0..0, text.notes);
        return Ok(raw);
    }
    let r = csv_reader::from_text(path, text, opts.separator, CHUNK_BYTES);
    crate::trace::trace("split", t);
    r
}
