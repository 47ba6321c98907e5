//! Reading delimited text with line numbers kept for every record.
//!
//! Written on top of the `csv` crate rather than polars' CSV reader because polars drops the source line
//! of each row and silently turns unparsable cells into nulls, while ciblage must report the file, line,
//! column and value of every problem. Encoding: UTF-8 with or without BOM; files that are not UTF-8 are
//! read as Windows-1252/Latin-1 (older official exports), files holding NUL bytes are refused as binary.

use crate::error::{Error, Result};
use rayon::prelude::*;
use std::path::Path;

/// A delimited file ready to be parsed in parallel chunks.
///
/// The text is kept whole and cut at line starts (outside quotes) into chunks of about [`CHUNK_BYTES`];
/// each pass parses the chunks in parallel with the `csv` crate and returns per-chunk results in file
/// order, so nothing depends on the number of threads and only one chunk of records lives at a time.
#[derive(Debug)]
pub struct RawCsv {
    /// Header fields as written (BOM removed).
    pub header: Vec<String>,
    /// Separator used.
    pub separator: u8,
    body: Body,
}

#[derive(Debug)]
enum Body {
    Text {
        text: String,
        chunks: Vec<Chunk>,
    },
    Records {
        records: Vec<csv::StringRecord>,
        lines: Vec<u64>,
    },
}

#[derive(Debug, Clone, Copy)]
struct Chunk {
    start: usize,
    end: usize,
    /// Line number (1-based) of the byte at `start`.
    line: u64,
}

/// Target size of a parsing chunk.
pub const CHUNK_BYTES: usize = 1 << 21;

impl RawCsv {
    /// Records already in memory (Parquet input); `lines` are their reported line numbers.
    pub fn from_records(
        header: Vec<String>,
        records: Vec<csv::StringRecord>,
        lines: Vec<u64>,
        separator: u8,
    ) -> Self {
        RawCsv {
            header,
            separator,
            body: Body::Records { records, lines },
        }
    }

    /// Fold every chunk of records in parallel: `init` makes a chunk's state, `visit` sees each record
    /// with its 1-based line number (records are not kept). Results come back in file order.
    pub fn fold_chunks<T: Send>(
        &self,
        path: &Path,
        init: impl Fn() -> T + Sync + Send,
        visit: impl Fn(&mut T, u64, &csv::StringRecord) + Sync + Send,
    ) -> Result<Vec<T>> {
        self.fold_chunks_progress(path, init, visit, &indicatif::ProgressBar::hidden())
    }

    /// Size of the work of [`Self::fold_chunks`]: bytes of text, or records (Parquet).
    pub fn work(&self) -> u64 {
        match &self.body {
            Body::Records { records, .. } => records.len() as u64,
            Body::Text { text, .. } => text.len() as u64,
        }
    }

    /// [`Self::fold_chunks`], advancing `bar` by each chunk's share of [`Self::work`].
    pub fn fold_chunks_progress<T: Send>(
        &self,
        path: &Path,
        init: impl Fn() -> T + Sync + Send,
        visit: impl Fn(&mut T, u64, &csv::StringRecord) + Sync + Send,
        bar: &indicatif::ProgressBar,
    ) -> Result<Vec<T>> {
        match &self.body {
            Body::Records { records, lines } => Ok(records
                .par_chunks(8192)
                .zip(lines.par_chunks(8192))
                .map(|(r, l)| {
                    let mut t = init();
                    for (rec, line) in r.iter().zip(l) {
                        visit(&mut t, *line, rec);
                    }
                    bar.inc(r.len() as u64);
                    t
                })
                .collect()),
            Body::Text { text, chunks } => chunks
                .par_iter()
                .map(|c| {
                    let mut t = init();
                    parse_chunk(
                        path,
                        &text[c.start..c.end],
                        c.line,
                        self.separator,
                        |line, rec| visit(&mut t, line, rec),
                    )?;
                    bar.inc((c.end - c.start) as u64);
                    Ok(t)
                })
                .collect(),
        }
    }
}

/// Parse one chunk (starting at a line boundary), calling `visit` with each record and its line number.
fn parse_chunk(
    path: &Path,
    chunk: &str,
    first_line: u64,
    sep: u8,
    mut visit: impl FnMut(u64, &csv::StringRecord),
) -> Result<()> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(chunk.as_bytes());
    let bytes = chunk.as_bytes();
    let (mut counted_to, mut line_at) = (0usize, first_line);
    // Line of a record = newlines before its first byte. The csv crate reports a record as starting
    // before the line ends that precede it, so those are skipped first.
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
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let line = rec.position().map_or(0, |p| line_of(p.byte() as usize));
                // Blank lines (a single empty field) carry no row.
                if rec.len() == 1 && rec[0].trim().is_empty() {
                    continue;
                }
                visit(line, &rec);
            }
            Err(e) => {
                let line = e
                    .position()
                    .map_or(first_line, |p| line_of(p.byte() as usize));
                return Err(Error::Csv {
                    path: path.into(),
                    line,
                    reason: format!("{e} (unbalanced quote or bad encoding?)"),
                });
            }
        }
    }
    Ok(())
}

/// Cut `text[from..]` into chunks of about `target` bytes at line starts outside quotes.
fn split(text: &str, from: usize, target: usize) -> Vec<Chunk> {
    let b = text.as_bytes();
    let mut line = 1 + memchr::memchr_iter(b'\n', &b[..from]).count() as u64;
    let mut chunks = Vec::new();
    let mut start = from;
    let mut start_line = line;
    let mut quoted = false;
    for pos in memchr::memchr2_iter(b'"', b'\n', &b[from..]).map(|p| p + from) {
        if b[pos] == b'"' {
            quoted = !quoted;
            continue;
        }
        line += 1;
        if !quoted && pos + 1 - start >= target {
            chunks.push(Chunk {
                start,
                end: pos + 1,
                line: start_line,
            });
            start = pos + 1;
            start_line = line;
        }
    }
    if start < b.len() {
        chunks.push(Chunk {
            start,
            end: b.len(),
            line: start_line,
        });
    }
    chunks
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
    parse_owned(path, text, separator)
}

/// Parse delimited text already in memory.
pub fn parse(path: &Path, text: &str, separator: Option<u8>) -> Result<RawCsv> {
    parse_owned(path, text.to_string(), separator)
}

fn parse_owned(path: &Path, text: String, separator: Option<u8>) -> Result<RawCsv> {
    if text.trim().is_empty() {
        return Err(Error::EmptyFile { path: path.into() });
    }
    let sep = separator.unwrap_or_else(|| detect_separator(&text));
    // The header is the first non-blank record.
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rec = csv::StringRecord::new();
    let header = loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => return Err(Error::EmptyFile { path: path.into() }),
            Ok(true) if rec.len() == 1 && rec[0].trim().is_empty() => continue,
            Ok(true) => break rec.iter().map(|s| s.trim().to_string()).collect::<Vec<_>>(),
            Err(e) => {
                return Err(Error::Csv {
                    path: path.into(),
                    line: 1,
                    reason: format!("{e} (unbalanced quote in the header?)"),
                })
            }
        }
    };
    let from = rdr.position().byte() as usize;
    let chunks = split(&text, from, CHUNK_BYTES);
    Ok(RawCsv {
        header,
        separator: sep,
        body: Body::Text { text, chunks },
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
        let lines: Vec<u64> = r
            .fold_chunks(p, Vec::new, |v: &mut Vec<u64>, l, _| v.push(l))
            .unwrap()
            .concat();
        assert_eq!(lines, vec![2, 4]);
        let r = parse(p, "a,b,\"c;d\"\n1,2,3\n", None).unwrap();
        assert_eq!(r.separator, b',');
        assert_eq!(detect_separator("a\tb\tc"), b'\t');
    }

    #[test]
    fn chunks_cut_at_line_starts_outside_quotes() {
        let mut text = String::from("a,b\n");
        for i in 0..500 {
            text.push_str(&format!("{i},\"x\ny\"\n"));
        }
        let c = split(&text, 4, 100);
        assert!(c.len() > 5);
        let p = Path::new("t.csv");
        let mut all = Vec::new();
        for ch in &c {
            parse_chunk(p, &text[ch.start..ch.end], ch.line, b',', |l, r| {
                assert!(r.len() == 2 && &r[1] == "x\ny");
                all.push(l);
            })
            .unwrap();
        }
        assert_eq!(all, (0..500).map(|i| 2 + 2 * i as u64).collect::<Vec<_>>());
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
