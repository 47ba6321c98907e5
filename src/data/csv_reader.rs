//! Reading delimited text with line numbers kept for every record.
//!
//! Written on top of the `csv` crate rather than polars' CSV reader because polars drops the source line
//! of each row and silently turns unparsable cells into nulls, while ciblage must report the file, line,
//! column and value of every problem. Encoding: UTF-8 with or without BOM; files that are not UTF-8 are
//! read as Windows-1252/Latin-1 (older official exports), files holding NUL bytes are refused as binary.

use crate::error::{Error, Result};
use std::path::Path;

/// A parsed delimited file.
#[derive(Debug)]
pub struct RawCsv {
    /// Header fields as written (BOM removed).
    pub header: Vec<String>,
    /// Data records.
    pub records: Vec<csv::StringRecord>,
    /// 1-based line of each record in the file (header = line 1).
    pub lines: Vec<u64>,
    /// Separator used.
    pub separator: u8,
}

/// Decode bytes to text: strip a UTF-8 BOM, refuse binary, fall back to Latin-1.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String> {
    if let Some(pos) = memchr::memchr(0, &bytes) {
        let line = 1 + bytes[..pos].iter().filter(|b| **b == b'\n').count() as u64;
        return Err(Error::NotText {
            path: path.into(),
            line,
            reason: format!(
                "NUL byte at offset {pos}: binary file (a spreadsheet? export it as CSV)"
            ),
        });
    }
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    match String::from_utf8(body) {
        Ok(s) => Ok(s),
        Err(e) => Ok(e.into_bytes().iter().map(|&b| b as char).collect()),
    }
}

/// Pick the separator from the header line: the most frequent of `;`, `,`, tab outside quotes.
pub fn detect_separator(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in first.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b';' if !quoted => counts[0] += 1,
            b',' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b';', b',', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    seps[best]
}

/// Read a delimited file. `separator = None` detects it from the header.
pub fn read(path: &Path, separator: Option<u8>) -> Result<RawCsv> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = decode(path, bytes)?;
    parse(path, &text, separator)
}

/// Parse delimited text already in memory.
pub fn parse(path: &Path, text: &str, separator: Option<u8>) -> Result<RawCsv> {
    if text.trim().is_empty() {
        return Err(Error::EmptyFile { path: path.into() });
    }
    let sep = separator.unwrap_or_else(|| detect_separator(text));
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header = None;
    let mut records = Vec::new();
    let mut lines = Vec::new();
    let mut rec = csv::StringRecord::new();
    // Line numbers are counted from byte offsets (newlines before the record start + 1), which stays
    // exact with CRLF, blank lines and quoted newlines.
    let bytes = text.as_bytes();
    let (mut counted_to, mut line_at) = (0usize, 1u64);
    // The csv crate reports a record as starting before the line ends that precede it: skip them.
    let mut line_of = |offset: usize| {
        let mut end = offset.min(bytes.len());
        while end < bytes.len() && (bytes[end] == b'\n' || bytes[end] == b'\r') {
            end += 1;
        }
        if end > counted_to {
            line_at += memchr::memchr_iter(b'\n', &bytes[counted_to..end]).count() as u64;
            counted_to = end;
        }
        line_at
    };
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let line = rec.position().map_or(0, |p| line_of(p.byte() as usize));
                // Blank lines (a single empty field) carry no row.
                if rec.len() == 1 && rec[0].trim().is_empty() {
                    continue;
                }
                if header.is_none() {
                    header = Some(rec.iter().map(|s| s.trim().to_string()).collect::<Vec<_>>());
                } else {
                    records.push(rec.clone());
                    lines.push(line);
                }
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| line_of(p.byte() as usize));
                return Err(Error::Csv {
                    path: path.into(),
                    line,
                    reason: format!("{e} (unbalanced quote or bad encoding?)"),
                });
            }
        }
    }
    let header = header.ok_or_else(|| Error::EmptyFile { path: path.into() })?;
    Ok(RawCsv {
        header,
        records,
        lines,
        separator: sep,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_lines() {
        let p = Path::new("t.csv");
        let r = parse(p, "a;b\r\n1;2\r\n\r\n3;4\r\n", None).unwrap();
        assert_eq!(r.separator, b';');
        assert_eq!(r.header, vec!["a", "b"]);
        assert_eq!(r.lines, vec![2, 4]);
        let r = parse(p, "a,b,\"c;d\"\n1,2,3\n", None).unwrap();
        assert_eq!(r.separator, b',');
        assert_eq!(detect_separator("a\tb\tc"), b'\t');
    }

    #[test]
    fn bom_binary_latin1() {
        let p = Path::new("t.csv");
        assert_eq!(decode(p, b"\xEF\xBB\xBFuai".to_vec()).unwrap(), "uai");
        assert!(matches!(
            decode(p, b"PK\x03\x04\x00".to_vec()),
            Err(Error::NotText { .. })
        ));
        assert_eq!(decode(p, b"r\xe9ussite".to_vec()).unwrap(), "réussite");
        assert!(matches!(
            parse(p, "  \n", None),
            Err(Error::EmptyFile { .. })
        ));
    }
}
