//! Reading delimited text with line numbers kept for every record.
//!
//! Not polars' CSV reader: polars drops the source line of each row and silently turns unparsable cells
//! into nulls, while ciblage must report the file, line, column and value of every problem. Not the
//! `csv` crate's record reader either, for speed: it copies every record into an owned `StringRecord`
//! and validates its UTF-8 again. Here the file is validated once, cut into chunks at line starts, and
//! each line without a quote or a stray carriage return is split in place on the separator (`memchr`),
//! its fields borrowed from the text; lines with quotes go through `csv-core` (the `csv` crate's parser),
//! so quoting, escaped quotes and line breaks inside quotes behave exactly as there.
//!
//! Encoding: UTF-8 with or without BOM; files that are not UTF-8 are read as Windows-1252/Latin-1 (older
//! official exports), files holding NUL bytes are refused as binary.

use crate::error::{Error, Result};
use rayon::prelude::*;
use std::path::Path;

/// A delimited file ready to be parsed in parallel chunks.
///
/// The text is kept whole and cut at line starts (outside quotes) into chunks of about [`CHUNK_BYTES`];
/// each pass parses the chunks in parallel and returns per-chunk results in file order, so nothing
/// depends on the number of threads and no record outlives the call that sees it.
#[derive(Debug)]
pub struct RawCsv {
    /// Header fields as written (BOM removed).
    pub header: Vec<String>,
    /// Separator used.
    pub separator: u8,
    body: Body,
    /// Whether the text is the file's bytes (UTF-8), so that hashing it hashes the file.
    verbatim: bool,
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

/// The text of a file: decoded into memory, or (big UTF-8 files) the file itself mapped read-only.
///
/// Mapping instead of reading saves a copy of the file and, above all, filling as much fresh memory
/// (the kernel zeroes every new page first): at 1M schools (139 MB) that is most of the reading time.
/// polars and ripgrep read files the same way. The mapped bytes are validated as UTF-8 once; a file
/// rewritten by another program while ciblage reads it is detected afterwards (size and modification
/// time, see [`read`]) and the run refused.
enum Source {
    Owned(String),
    /// The mapping and the file's modification time when it was mapped.
    Mapped(memmap2::Mmap, Option<std::time::SystemTime>),
}

impl Source {
    fn as_str(&self) -> &str {
        match self {
            Source::Owned(s) => s,
            // SAFETY: only constructed from a mapping whose bytes passed `std::str::from_utf8`.
            Source::Mapped(m, _) => unsafe { std::str::from_utf8_unchecked(m) },
        }
    }
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self {
            Source::Owned(_) => "owned",
            Source::Mapped(..) => "mapped",
        };
        write!(f, "Source({kind}, {} bytes)", self.as_str().len())
    }
}

#[derive(Debug, Clone, Copy)]
struct Chunk {
    start: usize,
    end: usize,
    /// Line number (1-based) of the byte at `start`.
    line: u64,
    /// At least the number of records of the chunk.
    lines: usize,
}

/// Target size of a parsing chunk.
pub const CHUNK_BYTES: usize = 1 << 21;

impl RawCsv {
    /// Records already in memory (Parquet input); `lines` are their reported line numbers.
    pub fn from_records(
        header: Vec<String>,
        records: Vec<Vec<String>>,
        lines: Vec<u64>,
        separator: u8,
    ) -> Self {
        RawCsv {
            header,
            separator,
            body: Body::Records { records, lines },
            verbatim: false,
        }
    }

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

    /// SHA-256 and size of the file `path` it was read from: from the text in memory when it is the
    /// file's bytes, else (Latin-1 text, Parquet) from the file.
    pub fn digest(&self, path: &Path) -> std::io::Result<crate::output::digest::FileDigest> {
        match &self.body {
            Body::Text { text, .. } if self.verbatim => {
                Ok(crate::output::digest::of_bytes(text.as_str().as_bytes()))
            }
            _ => crate::output::digest::of_file(path),
        }
    }

    /// Size of the work of [`Self::fold_chunks`]: bytes of text, or records (Parquet).
    pub fn work(&self) -> u64 {
        match &self.body {
            Body::Records { records, .. } => records.len() as u64,
            Body::Text { text, .. } => text.as_str().len() as u64,
        }
    }

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
        match &self.body {
            Body::Records { records, .. } => records.chunks(RECORD_CHUNK).map(<[_]>::len).collect(),
            Body::Text { chunks, .. } => chunks.iter().map(|c| c.lines).collect(),
        }
    }

    /// Visit every record in parallel, chunk `c` with `states[c]` (one state per chunk, as many as
    /// [`Self::chunk_sizes`] has entries); returns the states in file order.
    pub fn fold_chunks_with<S: Send>(
        &self,
        path: &Path,
        states: Vec<S>,
        visit: impl Fn(&mut S, u64, &[&str]) + Sync + Send,
        bar: &indicatif::ProgressBar,
    ) -> Result<Vec<S>> {
        match &self.body {
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
                chunks
                    .par_iter()
                    .zip(states)
                    .map(|(c, mut t)| {
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
                    .collect()
            }
        }
    }
}

/// Records per chunk of in-memory records (Parquet input).
const RECORD_CHUNK: usize = 8192;

/// Parse one chunk (starting at a line boundary), calling `visit` with each record's fields and line
/// number. Blank lines (a single empty field) carry no row and are skipped.
fn parse_chunk(
    path: &Path,
    chunk: &str,
    first_line: u64,
    sep: u8,
    mut visit: impl FnMut(u64, &[&str]),
) -> Result<()> {
    let bytes = chunk.as_bytes();
    let mut fields: Vec<&str> = Vec::with_capacity(32);
    let mut quoted = QuotedParser::new(sep);
    let (mut pos, mut line) = (0usize, first_line);
    while pos < bytes.len() {
        // Line ends at the start of a line end blank lines (`csv-core` skips them too); a record's line is
        // that of its first byte.
        if matches!(bytes[pos], b'\r' | b'\n') {
            line += u64::from(bytes[pos] == b'\n');
            pos += 1;
            continue;
        }
        let nl = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
        let mut end = nl;
        if end > pos && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        if memchr::memchr2(b'"', b'\r', &bytes[pos..end]).is_none() {
            // Fast path: split in place. Cuts fall on ASCII bytes, so every slice is valid UTF-8.
            fields.clear();
            let mut s = pos;
            for i in memchr::memchr_iter(sep, &bytes[pos..end]) {
                fields.push(&chunk[s..pos + i]);
                s = pos + i + 1;
            }
            fields.push(&chunk[s..end]);
            if !(fields.len() == 1 && fields[0].trim().is_empty()) {
                visit(line, &fields);
            }
            line += 1;
            pos = nl + 1;
        } else {
            let used = quoted.record(&bytes[pos..]).map_err(|reason| Error::Csv {
                path: path.into(),
                line,
                reason,
            })?;
            let consumed = &bytes[pos..pos + used];
            if let Some(rec) = quoted.fields() {
                if !(rec.len() == 1 && rec[0].trim().is_empty()) {
                    visit(line, &rec);
                }
            }
            line += memchr::memchr_iter(b'\n', consumed).count() as u64;
            pos += used.max(1);
        }
    }
    Ok(())
}

/// One record with quotes, parsed by `csv-core` (the `csv` crate's own parser).
struct QuotedParser {
    rdr: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    nout: usize,
    nend: usize,
}

impl QuotedParser {
    fn new(sep: u8) -> Self {
        QuotedParser {
            rdr: csv_core::ReaderBuilder::new().delimiter(sep).build(),
            out: vec![0; 1024],
            ends: vec![0; 64],
            nout: 0,
            nend: 0,
        }
    }

    /// Parse the record at the start of `input`; returns the bytes consumed (through its line end).
    fn record(&mut self, input: &[u8]) -> std::result::Result<usize, String> {
        use csv_core::ReadRecordResult as R;
        self.rdr.reset();
        self.nout = 0;
        self.nend = 0;
        let mut used = 0;
        loop {
            // An empty slice tells csv-core the input has ended (a last line without a line break).
            let rest = &input[used..];
            let (res, nin, nout, nend) = self.rdr.read_record(
                rest,
                &mut self.out[self.nout..],
                &mut self.ends[self.nend..],
            );
            used += nin;
            self.nout += nout;
            self.nend += nend;
            match res {
                R::InputEmpty if rest.is_empty() => return Ok(used),
                R::InputEmpty => {}
                R::OutputFull => {
                    let n = self.out.len();
                    self.out.resize(n * 2, 0);
                }
                R::OutputEndsFull => {
                    let n = self.ends.len();
                    self.ends.resize(n * 2, 0);
                }
                R::Record | R::End => return Ok(used),
            }
        }
    }

    /// The fields of the last record (`None` when it had none).
    fn fields(&self) -> Option<Vec<&str>> {
        if self.nend == 0 {
            return None;
        }
        let mut start = 0;
        let mut v = Vec::with_capacity(self.nend);
        for &e in &self.ends[..self.nend] {
            // Fields are cut at ASCII separators of valid UTF-8 text; unescaping only drops quotes.
            v.push(std::str::from_utf8(&self.out[start..e]).unwrap_or(""));
            start = e;
        }
        Some(v)
    }
}

/// Cut `text[from..]` into chunks of about `target` bytes at line starts outside quotes. Each chunk
/// records an upper bound of its records: its line breaks, counting a carriage return not followed by
/// a line feed as one (old Mac files, which `csv-core` splits there), plus one for the last chunk's
/// last line.
fn split(text: &str, from: usize, target: usize) -> Vec<Chunk> {
    let b = text.as_bytes();
    let mut line = 1 + memchr::memchr_iter(b'\n', &b[..from]).count() as u64;
    let mut chunks = Vec::new();
    let mut start = from;
    let mut start_line = line;
    let mut lone_cr = 0usize;
    let mut quoted = false;
    for pos in memchr::memchr3_iter(b'"', b'\n', b'\r', &b[from..]).map(|p| p + from) {
        match b[pos] {
            b'"' => {
                quoted = !quoted;
                continue;
            }
            b'\r' => {
                lone_cr += usize::from(b.get(pos + 1) != Some(&b'\n'));
                continue;
            }
            _ => {}
        }
        line += 1;
        if !quoted && pos + 1 - start >= target {
            chunks.push(Chunk {
                start,
                end: pos + 1,
                line: start_line,
                lines: (line - start_line) as usize + lone_cr,
            });
            start = pos + 1;
            start_line = line;
            lone_cr = 0;
        }
    }
    if start < b.len() {
        chunks.push(Chunk {
            start,
            end: b.len(),
            line: start_line,
            lines: (line - start_line) as usize + lone_cr + 1,
        });
    }
    chunks
}

/// Decode bytes to text: refuse binary, keep UTF-8 as it is (BOM included: the parser skips it), fall
/// back to Latin-1. The flag tells whether the text is the bytes themselves (UTF-8).
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
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, true)),
        Err(e) => Ok((e.into_bytes().iter().map(|&b| b as char).collect(), false)),
    }
}

/// Length of a byte-order mark at the start of `text` (UTF-8, or its Latin-1 reading `ï»¿`).
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

/// Read a delimited file. `separator = None` detects it from the header.
pub fn read(path: &Path, separator: Option<u8>) -> Result<RawCsv> {
    let t = std::time::Instant::now();
    let bytes = match map_file(path).map_err(|e| Error::io(path, e))? {
        // Big UTF-8 files are parsed in place (see `Source`).
        Some((m, modified))
            if memchr::memchr(0, &m).is_none() && std::str::from_utf8(&m).is_ok() =>
        {
            crate::trace::trace("file mapped", t);
            return parse_source(path, Source::Mapped(m, modified), separator).map(|mut r| {
                r.verbatim = true;
                r
            });
        }
        // Anything else is decoded into memory: from the mapping already made, or read.
        Some((m, _)) => m.to_vec(),
        None => std::fs::read(path).map_err(|e| Error::io(path, e))?,
    };
    crate::trace::trace("read file", t);
    let (text, verbatim) = decode(path, bytes)?;
    crate::trace::trace("decode", t);
    let r = parse_source(path, Source::Owned(text), separator).map(|mut r| {
        r.verbatim = verbatim;
        r
    });
    crate::trace::trace("split", t);
    r
}

/// Files from this size are mapped rather than read (smaller ones gain nothing from it).
const MAP_FROM: u64 = 16 << 20;

/// The file mapped read-only, with its modification time, when it is a big regular file on a platform
/// that maps files.
fn map_file(
    path: &Path,
) -> std::io::Result<Option<(memmap2::Mmap, Option<std::time::SystemTime>)>> {
    let f = std::fs::File::open(path)?;
    let meta = f.metadata()?;
    if !meta.is_file() || meta.len() < MAP_FROM || !cfg!(unix) {
        return Ok(None);
    }
    // SAFETY: the mapping is read-only; a concurrent rewrite is detected by `unchanged` after parsing.
    let m = match unsafe { memmap2::MmapOptions::new().populate().map(&f) } {
        Ok(m) => m,
        Err(_) => return Ok(None), // not mappable (special file system): read it instead
    };
    Ok(Some((m, meta.modified().ok())))
}

impl RawCsv {
    /// Whether the file at `path` still has the size and modification time it had when it was mapped
    /// (another program rewriting it while it was parsed changes them); always true for text read
    /// into memory.
    pub fn unchanged(&self, path: &Path) -> bool {
        match &self.body {
            Body::Text {
                text: Source::Mapped(m, modified),
                ..
            } => std::fs::metadata(path)
                .is_ok_and(|x| x.len() == m.len() as u64 && x.modified().ok() == *modified),
            _ => true,
        }
    }
}

/// Parse delimited text already in memory.
pub fn parse(path: &Path, text: &str, separator: Option<u8>) -> Result<RawCsv> {
    parse_source(path, Source::Owned(text.to_string()), separator)
}

fn parse_source(path: &Path, source: Source, separator: Option<u8>) -> Result<RawCsv> {
    let text = source.as_str();
    let bom = bom_len(&text);
    if text[bom..].trim().is_empty() {
        return Err(Error::EmptyFile { path: path.into() });
    }
    let sep = separator.unwrap_or_else(|| detect_separator(&text[bom..]));
    // The header is the first non-blank record.
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(text[bom..].as_bytes());
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
    let from = bom + rdr.position().byte() as usize;
    let chunks = split(text, from, CHUNK_BYTES);
    Ok(RawCsv {
        header,
        separator: sep,
        body: Body::Text {
            text: source,
            chunks,
        },
        verbatim: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// All records of a parsed file with their line numbers.
    fn records(r: &RawCsv) -> Vec<(u64, Vec<String>)> {
        r.fold_chunks(
            Path::new("t.csv"),
            |_| Vec::new(),
            |v: &mut Vec<(u64, Vec<String>)>, l, rec| {
                v.push((l, rec.iter().map(|s| s.to_string()).collect()))
            },
        )
        .unwrap()
        .concat()
    }

    #[test]
    fn big_files_are_mapped_and_read_like_text_in_memory() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("big.csv");
        let mut text = String::from("\u{feff}uai;name;x\n");
        let mut i = 0;
        while text.len() < MAP_FROM as usize + 1000 {
            text.push_str(&format!(
                "{i:07}A;\"Coll\u{e8}ge; {i}\";{}\n",
                i as f64 / 7.0
            ));
            i += 1;
        }
        std::fs::write(&p, &text).unwrap();
        let mapped = read(&p, None).unwrap();
        assert!(matches!(
            mapped.body,
            Body::Text {
                text: Source::Mapped(..),
                ..
            }
        ));
        let owned = parse(&p, &text, None).unwrap();
        assert!(matches!(
            owned.body,
            Body::Text {
                text: Source::Owned(_),
                ..
            }
        ));
        assert_eq!(mapped.header, ["uai", "name", "x"]);
        assert_eq!(mapped.separator, b';');
        let a = records(&mapped);
        assert_eq!(a.len(), i);
        assert_eq!(a, records(&owned));
        // The manifest's hash is the file's, BOM included.
        assert_eq!(
            mapped.digest(&p).unwrap(),
            crate::output::digest::of_file(&p).unwrap()
        );
        assert!(mapped.unchanged(&p));
        // Rewritten by another program while mapped: detected.
        std::fs::write(&p, &text[..text.len() / 2]).unwrap();
        assert!(!mapped.unchanged(&p));
        assert!(owned.unchanged(&p));
    }

    #[test]
    fn big_latin1_files_are_decoded_not_mapped() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("latin1.csv");
        let mut bytes = b"uai,nom\n".to_vec();
        while bytes.len() < MAP_FROM as usize + 10 {
            bytes.extend_from_slice(b"0440001A,Coll\xe8ge\n");
        }
        std::fs::write(&p, &bytes).unwrap();
        let r = read(&p, None).unwrap();
        assert!(matches!(
            r.body,
            Body::Text {
                text: Source::Owned(_),
                ..
            }
        ));
        assert_eq!(records(&r)[0].1, ["0440001A", "Coll\u{e8}ge"]);
        assert_eq!(
            r.digest(&p).unwrap(),
            crate::output::digest::of_file(&p).unwrap()
        );
    }

    #[test]
    fn separators_and_lines() {
        let p = Path::new("t.csv");
        let r = parse(p, "a;b\r\n1;2\r\n\r\n3;4\r\n", None).unwrap();
        assert_eq!(r.separator, b';');
        assert_eq!(r.header, vec!["a", "b"]);
        let lines: Vec<u64> = r
            .fold_chunks(p, |_| Vec::new(), |v: &mut Vec<u64>, l, _| v.push(l))
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
                assert!(r.len() == 2 && r[1] == "x\ny");
                all.push(l);
            })
            .unwrap();
        }
        assert_eq!(all, (0..500).map(|i| 2 + 2 * i as u64).collect::<Vec<_>>());
    }

    /// The `csv` crate's reading of a text (records and their line numbers, blank records skipped), as
    /// this module read files before it split lines itself.
    fn csv_crate_records(text: &str, sep: u8) -> Vec<(u64, Vec<String>)> {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(sep)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut rec = csv::ByteRecord::new();
        while rdr.read_byte_record(&mut rec).unwrap() {
            let mut at = rec.position().unwrap().byte() as usize;
            while at < b.len() && (b[at] == b'\n' || b[at] == b'\r') {
                at += 1;
            }
            let line = 1 + b[..at.min(b.len())].iter().filter(|c| **c == b'\n').count() as u64;
            let f: Vec<String> = rec
                .iter()
                .map(|x| String::from_utf8_lossy(x).into_owned())
                .collect();
            if !(f.len() == 1 && f[0].trim().is_empty()) {
                out.push((line, f));
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn split_lines_read_as_the_csv_crate_does(
            cells in proptest::collection::vec(
                proptest::sample::select(vec!["a", "bc", ",", ";", "\"", "\"\"", "\n", "\r\n", "\r", " ", "é", ""]),
                0..60,
            ),
            comma in proptest::bool::ANY,
        ) {
            let text: String = cells.concat();
            let sep = if comma { b',' } else { b';' };
            let mut ours = Vec::new();
            parse_chunk(Path::new("t.csv"), &text, 1, sep, |l, r| {
                ours.push((l, r.iter().map(|s| s.to_string()).collect::<Vec<_>>()))
            })
            .unwrap();
            proptest::prop_assert_eq!(ours, csv_crate_records(&text, sep));
        }
    }

    #[test]
    fn bom_binary_latin1() {
        let p = Path::new("t.csv");
        assert_eq!(
            parse(p, "\u{feff}uai;x\n1;2\n", None).unwrap().header,
            ["uai", "x"]
        );
        let (t, verbatim) = decode(p, b"\xEF\xBB\xBFu\xe9ai\n".to_vec()).unwrap();
        assert!(!verbatim && bom_len(&t) == 6);
        assert_eq!(parse(p, &t, None).unwrap().header, ["uéai"]);
        assert!(matches!(
            decode(p, b"PK\x03\x04\x00".to_vec()),
            Err(Error::NotText { .. })
        ));
        assert_eq!(
            decode(p, b"r\xe9ussite".to_vec()).unwrap(),
            ("réussite".into(), false)
        );
        assert!(matches!(
            parse(p, "  \n", None),
            Err(Error::EmptyFile { .. })
        ));
    }
}
