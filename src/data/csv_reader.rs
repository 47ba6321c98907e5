//! Reading delimited text with line numbers kept for every record.
//!
//! Not polars' CSV reader: polars drops the source line of each row and silently turns unparsable cells
//! into nulls, while ciblage must report the file, line, column and value of every problem. Not the
//! `csv` crate's record reader either, for speed: it copies every record into an owned `StringRecord`
//! and validates its UTF-8 again. Here the text is cut into chunks at record starts
//! ([`super::chunks`]), and each line without a quote or a stray carriage return is split in place on
//! the separator (`memchr`), its fields borrowed from the text; lines with quotes are read as RFC 4180
//! says ([`super::record`]: the `csv` crate's rules), with one addition: a quote left open at the end of
//! a line whose record would not have the header's number of fields is a stray quote, and costs that
//! line only (rejected with its line number and reason), never the lines after it. A quote left open
//! in the header is an error.
//!
//! Bytes and encodings are [`super::input`]'s business; control characters found in cells are
//! replaced as records are read and counted in a note ([`super::controls`]).

use super::chunks::{parse_chunk, split, Chunk};
use super::controls::{self, Found};
use super::decode::{self, TextBuf};
#[cfg(test)]
use super::input;
use super::problem::Problem;
use super::record::{self, Fields};
use super::table::{Text, Unit};
use crate::error::{Error, Result};
use crate::output::digest::FileDigest;
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

pub use super::chunks::Broken;

/// The text of a file: decoded into memory, or (big UTF-8 files) the file itself mapped read-only.
///
/// Mapping instead of reading saves a copy of the file and, above all, filling as much fresh memory
/// (the kernel zeroes every new page first): at 1M schools (139 MB) that is most of the reading time.
/// polars and ripgrep read files the same way. A file rewritten by another program while ciblage
/// reads it is detected afterwards ([`RawCsv::unchanged`]) and the run refused.
type Source = TextBuf;

/// A delimited file ready to be parsed in parallel chunks (or records already in memory: JSON,
/// Parquet).
///
/// The text is kept whole and cut at record starts into chunks of about [`CHUNK_BYTES`]; each pass
/// parses the chunks in parallel and returns per-chunk results in file order, so nothing depends on the
/// number of threads and no record outlives the call that sees it. Cloning shares the text.
#[derive(Debug, Clone)]
pub struct RawCsv {
    /// Header fields as written (BOM removed, trimmed, control characters replaced).
    pub header: Vec<String>,
    /// Separator used.
    pub separator: u8,
    /// The file's format: `csv`, `json` or `parquet`.
    pub format: &'static str,
    /// What record numbers count: lines, or records of a JSON list.
    pub unit: Unit,
    /// What reading found worth telling (encoding, control characters replaced, JSON envelopes).
    pub notes: Vec<String>,
    /// Data lines a stray quote made unreadable, in order (see [`RawCsv::broken_problems`]).
    pub broken: Vec<Broken>,
    body: Arc<Body>,
    /// SHA-256 of the file's bytes when the text is not them (decoded text, records).
    digest: Option<FileDigest>,
}

#[derive(Debug)]
enum Body {
    Text {
        text: Source,
        chunks: Vec<Chunk>,
    },
    Records {
        records: Vec<Vec<String>>,
        lines: Vec<u64>,
    },
}

/// Target size of a parsing chunk.
pub const CHUNK_BYTES: usize = 1 << 21;

/// Records per chunk of in-memory records (Parquet and JSON input).
const RECORD_CHUNK: usize = 8192;

impl RawCsv {
    /// Records already in memory (Parquet, JSON); `lines` are their reported numbers, counting
    /// `unit`s. Control characters in the header and cells are replaced here, and counted in a note.
    pub fn from_records(
        mut header: Vec<String>,
        mut records: Vec<Vec<String>>,
        lines: Vec<u64>,
        separator: u8,
        unit: Unit,
    ) -> Self {
        let mut found = Found::default();
        for (j, h) in header.iter_mut().enumerate() {
            clean_in_place(h, &mut found, 1, j);
        }
        for (r, &l) in records.iter_mut().zip(&lines) {
            for (j, c) in r.iter_mut().enumerate() {
                clean_in_place(c, &mut found, l, j);
            }
        }
        let notes = found.note(&header, unit).into_iter().collect::<Vec<_>>();
        RawCsv {
            header,
            separator,
            format: "parquet",
            unit,
            notes,
            broken: Vec::new(),
            body: Arc::new(Body::Records { records, lines }),
            digest: None,
        }
    }

    /// Set the SHA-256 of the file the records were read from.
    pub fn set_digest(&mut self, d: FileDigest) {
        self.digest = Some(d);
    }

    #[cfg(test)]
    /// Fold every chunk of records in parallel: `init(records)` makes a chunk's state (`records` is at
    /// least the number of records the chunk holds, to size buffers), `visit` sees each record (its
    /// fields) with its 1-based line number. Results come back in file order.
    pub fn fold_chunks<T: Send>(
        &self,
        path: &Path,
        init: impl Fn(usize) -> T + Sync + Send,
        visit: impl Fn(&mut T, u64, &[&str]) + Sync + Send,
    ) -> Result<Vec<T>> {
        self.fold_chunks_progress(path, init, visit, &indicatif::ProgressBar::hidden())
    }

    /// SHA-256 and size of the file it was read from, from the bytes read (the file is never read
    /// again: it may be a pipe).
    pub fn digest(&self) -> FileDigest {
        match (&self.digest, &*self.body) {
            (Some(d), _) => d.clone(),
            (None, Body::Text { text, .. }) => {
                crate::output::digest::of_bytes(text.as_str().as_bytes())
            }
            (None, Body::Records { .. }) => crate::output::digest::of_bytes(b""),
        }
    }

    /// Size of the work of [`Self::fold_chunks`]: bytes of text, or records (Parquet, JSON).
    pub fn work(&self) -> u64 {
        match &*self.body {
            Body::Records { records, .. } => records.len() as u64,
            Body::Text { text, .. } => text.as_str().len() as u64,
        }
    }

    #[cfg(test)]
    /// [`Self::fold_chunks`], advancing `bar` by each chunk's share of [`Self::work`].
    pub fn fold_chunks_progress<T: Send>(
        &self,
        path: &Path,
        init: impl Fn(usize) -> T + Sync + Send,
        visit: impl Fn(&mut T, u64, &[&str]) + Sync + Send,
        bar: &indicatif::ProgressBar,
    ) -> Result<Vec<T>> {
        let states = self.chunk_sizes().into_iter().map(&init).collect();
        self.fold_chunks_with(path, states, visit, bar)
    }

    /// Upper bounds of the records of each chunk (in order): the sizes of per-chunk buffers.
    pub fn chunk_sizes(&self) -> Vec<usize> {
        match &*self.body {
            Body::Records { records, .. } => records.chunks(RECORD_CHUNK).map(<[_]>::len).collect(),
            Body::Text { chunks, .. } => chunks.iter().map(|c| c.lines).collect(),
        }
    }

    /// Visit every record in parallel, chunk `c` with `states[c]` (one state per chunk, as many as
    /// [`Self::chunk_sizes`] has entries); returns the states in file order. Lines a stray quote made
    /// unreadable are not visited (they are in [`RawCsv::broken`]).
    pub fn fold_chunks_with<S: Send>(
        &self,
        _path: &Path,
        states: Vec<S>,
        visit: impl Fn(&mut S, u64, &[&str]) + Sync + Send,
        bar: &indicatif::ProgressBar,
    ) -> Result<Vec<S>> {
        match &*self.body {
            Body::Records { records, lines } => Ok(records
                .par_chunks(RECORD_CHUNK)
                .zip(lines.par_chunks(RECORD_CHUNK))
                .zip(states)
                .map(|((r, l), mut t)| {
                    let mut fields: Vec<&str> = Vec::new();
                    for (rec, line) in r.iter().zip(l) {
                        fields.clear();
                        fields.extend(rec.iter().map(String::as_str));
                        visit(&mut t, *line, &fields);
                    }
                    bar.inc(r.len() as u64);
                    t
                })
                .collect()),
            Body::Text { text, chunks } => {
                let text = text.as_str();
                let (sep, ncols) = (self.separator, Some(self.header.len()));
                Ok(chunks
                    .par_iter()
                    .zip(states)
                    .map(|(c, mut t)| {
                        let part = &text[c.start..c.end];
                        if c.dirty {
                            parse_chunk(part, c.line, sep, ncols, |line, rec| {
                                let clean: Vec<_> =
                                    rec.iter().map(|f| controls::clean(f).0).collect();
                                let rec: Vec<&str> = clean.iter().map(|f| f.as_ref()).collect();
                                visit(&mut t, line, &rec)
                            });
                        } else {
                            parse_chunk(part, c.line, sep, ncols, |line, rec| {
                                visit(&mut t, line, rec)
                            });
                        }
                        bar.inc((c.end - c.start) as u64);
                        t
                    })
                    .collect())
            }
        }
    }

    /// Whether the file at `path` still has the size and modification time it had when it was mapped
    /// (another program rewriting it while it was parsed changes them); always true for text read
    /// into memory.
    pub fn unchanged(&self, path: &Path) -> bool {
        match &*self.body {
            Body::Text {
                text: Source::Mapped(m, modified),
                ..
            } => std::fs::metadata(path)
                .is_ok_and(|x| x.len() == m.len() as u64 && x.modified().ok() == *modified),
            _ => true,
        }
    }

    /// The lines a stray quote made unreadable, as rejected rows; `uai` is the position of the UAI
    /// column (its value is given when it comes before the quote).
    pub fn broken_problems(&self, path: &Arc<str>, uai: Option<usize>) -> Vec<Problem> {
        let clean = |s: &str| -> Text {
            let s: String = s.chars().take(crate::text::MAX_QUOTED + 1).collect();
            controls::clean(&s).0.as_ref().into()
        };
        self.broken
            .iter()
            .map(|b| Problem {
                path: path.clone(),
                line: b.line,
                unit: self.unit,
                column: self.header.get(b.field).map(|h| h.as_str().into()),
                uai: uai
                    .filter(|&i| i < b.field)
                    .and_then(|i| b.fields.get(i))
                    .map(|u| clean(u.trim()))
                    .filter(|u| !u.is_empty()),
                value: b.fields.get(b.field).map(|v| clean(&format!("\"{v}"))),
                reason: format!(
                    "quote opened at column {} (character {}) never closed on its line: a stray \
                     quote? This line is rejected and the next lines are read normally; remove the \
                     quote or close it",
                    b.field + 1,
                    b.column
                )
                .into(),
            })
            .collect()
    }
}

fn clean_in_place(s: &mut String, found: &mut Found, line: u64, field: usize) {
    let (c, n) = controls::clean(s);
    if let std::borrow::Cow::Owned(c) = c {
        found.add(line, field, n);
        *s = c;
    }
}

/// Length of a byte-order mark at the start of `text` (UTF-8, or its Windows-1252 reading `ï»¿`).
fn bom_len(text: &str) -> usize {
    ["\u{feff}", "\u{ef}\u{bb}\u{bf}"]
        .iter()
        .find(|b| text.starts_with(**b))
        .map_or(0, |b| b.len())
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

#[cfg(test)]
/// Decode bytes to text: refuse binary, keep UTF-8 as it is (BOM included: the parser skips it), read
/// anything else as Windows-1252. The flag tells whether the text is the bytes themselves (UTF-8).
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<(String, bool)> {
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
    let t = decode::decode(path, input::Bytes::Owned(bytes), None)?;
    let verbatim = t.digest.is_none();
    Ok((t.text.as_str().to_string(), verbatim))
}

#[cfg(test)]
/// Read a delimited file (read once, bounded by [`input::max_bytes`]). `separator = None` detects it
/// from the header.
pub fn read(path: &Path, separator: Option<u8>) -> Result<RawCsv> {
    let t = std::time::Instant::now();
    let bytes = input::read_bytes(path, input::max_bytes(None)?, false)?;
    crate::trace::trace("read file", t);
    let text = decode::decode(path, bytes, None)?;
    crate::trace::trace("decode", t);
    let r = from_text(path, text, separator, CHUNK_BYTES);
    crate::trace::trace("split", t);
    r
}

#[cfg(test)]
/// Parse delimited text already in memory.
pub fn parse(path: &Path, text: &str, separator: Option<u8>) -> Result<RawCsv> {
    parse_chunked(path, text, separator, CHUNK_BYTES)
}

#[cfg(test)]
/// [`parse`] with chunks of about `chunk_bytes` bytes (the records are the same at any size: tests
/// use tiny chunks to prove it).
pub fn parse_chunked(
    path: &Path,
    text: &str,
    separator: Option<u8>,
    chunk_bytes: usize,
) -> Result<RawCsv> {
    let t = decode::Text {
        text: TextBuf::Owned(text.to_string()),
        notes: Vec::new(),
        digest: None,
    };
    from_text(path, t, separator, chunk_bytes.max(1))
}

/// Parse decoded text: header, chunks, stray quotes, control characters.
pub fn from_text(
    path: &Path,
    text: decode::Text,
    separator: Option<u8>,
    chunk_bytes: usize,
) -> Result<RawCsv> {
    let decode::Text {
        text: source,
        mut notes,
        digest,
    } = text;
    let s = source.as_str();
    let bom = bom_len(s);
    if s[bom..].trim().is_empty() {
        return Err(Error::EmptyFile { path: path.into() });
    }
    let sep = separator.unwrap_or_else(|| detect_separator(&s[bom..]));
    let (mut header, from, header_line, line) = read_header(path, s, bom, sep)?;
    let (mut chunks, broken) = split(s, from, line, chunk_bytes, sep, header.len());
    // Control characters: which chunks may hold some (a fast scan, in parallel), then, in those few,
    // how many and where the first is.
    let b = s.as_bytes();
    // In tab-separated files a tab inside a (quoted) cell cannot be told from a separator by a byte
    // scan: chunks with quotes are checked cell by cell.
    let tabs = sep == b'\t';
    chunks.par_iter_mut().for_each(|c| {
        let part = &b[c.start..c.end];
        c.dirty |= controls::may_have(part, tabs) || (tabs && memchr::memchr(b'"', part).is_some());
    });
    let mut found = Found::default();
    for (j, h) in header.iter_mut().enumerate() {
        clean_in_place(h, &mut found, header_line, j);
    }
    let ncols = Some(header.len());
    let found = chunks
        .par_iter()
        .filter(|c| c.dirty)
        .map(|c| {
            let mut f = Found::default();
            parse_chunk(&s[c.start..c.end], c.line, sep, ncols, |line, rec| {
                for (j, x) in rec.iter().enumerate() {
                    f.add(line, j, controls::clean(x).1);
                }
            });
            f
        })
        .collect::<Vec<_>>()
        .into_iter()
        .fold(found, Found::then);
    notes.extend(found.note(&header, Unit::Line));
    Ok(RawCsv {
        header,
        separator: sep,
        format: "csv",
        unit: Unit::Line,
        notes,
        broken,
        body: Arc::new(Body::Text {
            text: source,
            chunks,
        }),
        digest,
    })
}

/// The header: the first record that is not blank. Returns its fields (trimmed), where the data
/// starts, the header's line and the line the data starts on. A quote the header leaves open is an
/// error, unless the header legitimately spans lines (the quote closes and the next record has as many
/// fields).
fn read_header(
    path: &Path,
    s: &str,
    from: usize,
    sep: u8,
) -> Result<(Vec<String>, usize, u64, u64)> {
    let b = s.as_bytes();
    let (mut pos, mut line) = (from, 1u64);
    let mut f = Fields::default();
    let skip_breaks = |pos: &mut usize, line: &mut u64| {
        while *pos < b.len() && matches!(b[*pos], b'\n' | b'\r') {
            *line += u64::from(b[*pos] == b'\n' || b.get(*pos + 1) != Some(&b'\n'));
            *pos += 1;
        }
    };
    loop {
        skip_breaks(&mut pos, &mut line);
        if pos >= b.len() {
            return Err(Error::EmptyFile { path: path.into() });
        }
        let r = record::scan(b, pos, sep, None, Some(&mut f));
        let fields: Vec<String> = f.as_strs().iter().map(|x| x.trim().to_string()).collect();
        if fields.len() == 1 && fields[0].is_empty() {
            line += r.breaks;
            pos = r.end;
            continue;
        }
        if r.multiline || !r.closed {
            let (mut next, mut l) = (r.end, 0);
            skip_breaks(&mut next, &mut l);
            let same = next < b.len() && record::scan(b, next, sep, None, None).fields == r.fields;
            if !r.closed || !same {
                return Err(header_quote(path, s, pos, line, sep));
            }
        }
        return Ok((fields, r.end, line, line + r.breaks));
    }
}

fn header_quote(path: &Path, s: &str, pos: usize, line: u64, sep: u8) -> Error {
    let b = s.as_bytes();
    let text = &s[pos..record::line_end(b, pos)];
    let at = record::open_quote(b, pos, sep).map_or_else(String::new, |u| {
        format!(
            " at column {} (character {})",
            u.field + 1,
            record::char_column(&b[pos..], u.offset)
        )
    });
    Error::Csv {
        path: path.into(),
        line,
        reason: format!(
            "unbalanced quote in the header: the quote opened{at} is never closed on this line, so \
             the lines below would be read as part of the header; close or remove it. Header: '{}'",
            crate::text::quote(text)
        ),
    }
}

#[cfg(test)]
#[path = "csv_reader_tests.rs"]
mod tests;
