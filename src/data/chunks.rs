//! Cutting delimited text into chunks at record starts, and reading the records of one chunk.
//!
//! # Algorithm
//! [`split`] walks the text once, sequentially, from line break to line break (`memchr`); a line
//! holding a quote is read with [`record::scan`] — RFC 4180 with the stray-quote fallback — which
//! says where its record ends. Chunks of about `target` bytes are cut only after a record's end, so
//! every chunk starts in the state a sequential reading has there, and [`parse_chunk`], which reads a
//! chunk with the same [`record::scan`], gives exactly the records (and line numbers) a sequential
//! reading gives, whatever the chunk size: the same function decides in both places.
//!
//! A line without quote or carriage return (almost all of them) is split in place on the separator,
//! its fields borrowed from the text. Line numbers are those of a text editor: `\n`, `\r\n` and a lone
//! `\r` each end a line.

use super::record::{self, Fields};

/// A part of the text that starts at a record's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Chunk {
    pub start: usize,
    pub end: usize,
    /// Line number (1-based) of the byte at `start`.
    pub line: u64,
    /// At least the number of records of the chunk.
    pub lines: usize,
    /// Whether a cell of the chunk may hold a control character (a line break in a quoted field, or
    /// a character [`super::controls::may_have`] finds).
    pub dirty: bool,
}

/// A data line a stray quote made unreadable: rejected, with where the quote was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// Its line.
    pub line: u64,
    /// Field (0-based) the quote opens.
    pub field: usize,
    /// Character column (1-based) of the quote on the line.
    pub column: usize,
    /// The fields of the line read alone (the last one runs to the end of the line).
    pub fields: Vec<String>,
}

/// Cut `text[from..]` (starting at line `line`, at a record's start) into chunks of about `target`
/// bytes at record starts; also returns the lines a stray quote made unreadable, in order.
pub(super) fn split(
    text: &str,
    from: usize,
    line: u64,
    target: usize,
    sep: u8,
    ncols: usize,
) -> (Vec<Chunk>, Vec<Broken>) {
    let b = text.as_bytes();
    let mut chunks = Vec::new();
    let mut broken = Vec::new();
    let (mut start, mut start_line, mut line) = (from, line, line);
    // Start of the current record, scanning position, and whether the chunk has a multi-line field.
    let (mut rec, mut i, mut multiline) = (from, from, false);
    let mut fields = Fields::default();
    let mut cut = |end: usize, line: u64, multiline: &mut bool, chunks: &mut Vec<Chunk>| {
        if end - start >= target && end < b.len() {
            chunks.push(Chunk {
                start,
                end,
                line: start_line,
                lines: (line - start_line) as usize + 1,
                dirty: *multiline,
            });
            start = end;
            start_line = line;
            *multiline = false;
        }
    };
    while let Some(k) = memchr::memchr3(b'"', b'\n', b'\r', &b[i..]) {
        let p = i + k;
        match b[p] {
            b'"' => {
                // `rec..p` holds no line break: the quote is in the record starting at `rec`.
                let s = record::scan(b, rec, sep, Some(ncols), None);
                if let Some(u) = s.unclosed {
                    record::scan(b, rec, sep, Some(ncols), Some(&mut fields));
                    broken.push(Broken {
                        line,
                        field: u.field,
                        column: record::char_column(&b[rec..], u.offset),
                        fields: fields.as_strs().iter().map(|f| f.to_string()).collect(),
                    });
                }
                multiline |= s.multiline;
                line += s.breaks;
                i = s.end;
                rec = s.end;
            }
            b'\n' => {
                line += 1;
                i = p + 1;
                rec = i;
            }
            // `\r\n` is counted at its `\n`; a lone `\r` ends a line.
            _ if b.get(p + 1) == Some(&b'\n') => {
                i = p + 1;
                continue;
            }
            _ => {
                line += 1;
                i = p + 1;
                rec = i;
            }
        }
        cut(i, line, &mut multiline, &mut chunks);
    }
    if start < b.len() {
        chunks.push(Chunk {
            start,
            end: b.len(),
            line: start_line,
            lines: (line - start_line) as usize + 1,
            dirty: multiline,
        });
    }
    (chunks, broken)
}

/// Read the records of one chunk (starting at a record's start, on line `first_line`), calling `visit`
/// with each record's line number and fields. Blank lines (a single blank field) carry no row and are
/// skipped; so are the lines [`split`] found unreadable (`ncols`: the header's number of fields; `None`
/// reads as the `csv` crate does, without the stray-quote fallback).
pub(super) fn parse_chunk(
    chunk: &str,
    first_line: u64,
    sep: u8,
    ncols: Option<usize>,
    mut visit: impl FnMut(u64, &[&str]),
) {
    let bytes = chunk.as_bytes();
    let mut fields: Vec<&str> = Vec::with_capacity(32);
    let mut quoted = Fields::default();
    let (mut pos, mut line) = (0usize, first_line);
    while pos < bytes.len() {
        // Line breaks at the start of a line end blank lines; a record's line is that of its first byte.
        match bytes[pos] {
            b'\n' => {
                line += 1;
                pos += 1;
                continue;
            }
            b'\r' => {
                line += u64::from(bytes.get(pos + 1) != Some(&b'\n'));
                pos += 1;
                continue;
            }
            _ => {}
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
            let s = record::scan(bytes, pos, sep, ncols, Some(&mut quoted));
            if s.unclosed.is_none() {
                let rec = quoted.as_strs();
                if !(rec.len() == 1 && rec[0].trim().is_empty()) {
                    visit(line, &rec);
                }
            }
            line += s.breaks;
            pos = s.end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Records = Vec<(u64, Vec<String>)>;

    /// Every record of `text` read in chunks of `target` bytes.
    fn chunked(text: &str, sep: u8, ncols: usize, target: usize) -> (Records, Vec<Broken>) {
        let (c, broken) = split(text, 0, 1, target, sep, ncols);
        let mut out = Vec::new();
        for ch in &c {
            assert!(ch.lines >= 1);
            let mut n = 0;
            parse_chunk(
                &text[ch.start..ch.end],
                ch.line,
                sep,
                Some(ncols),
                |l, r| {
                    n += 1;
                    out.push((l, r.iter().map(|s| s.to_string()).collect()))
                },
            );
            assert!(n <= ch.lines, "{ch:?}");
        }
        assert_eq!(c.first().map_or(0, |c| c.start), 0);
        assert!(c.windows(2).all(|w| w[0].end == w[1].start));
        (out, broken)
    }

    #[test]
    fn chunks_cut_at_line_starts_outside_quotes() {
        let mut text = String::from("a,b\n");
        for i in 0..500 {
            text.push_str(&format!("{i},\"x\ny\"\n"));
        }
        let (c, broken) = split(&text, 4, 2, 100, b',', 2);
        assert!(c.len() > 5 && broken.is_empty());
        let mut all = Vec::new();
        for ch in &c {
            parse_chunk(&text[ch.start..ch.end], ch.line, b',', Some(2), |l, r| {
                assert!(r.len() == 2 && r[1] == "x\ny");
                all.push(l);
            });
        }
        assert_eq!(all, (0..500).map(|i| 2 + 2 * i as u64).collect::<Vec<_>>());
    }

    #[test]
    fn line_numbers_for_lf_crlf_and_cr_files() {
        for eol in ["\n", "\r\n", "\r"] {
            let t = ["1;a", "", "2;\"b", "c\"", "3;d", ""].join(eol);
            let (recs, _) = chunked(&t, b';', 2, 1 << 20);
            let lines: Vec<u64> = recs.iter().map(|r| r.0).collect();
            assert_eq!(lines, [1, 3, 5], "{eol:?}");
            assert_eq!(recs[1].1[1], format!("b{eol}c"));
            assert_eq!(recs, chunked(&t, b';', 2, 1).0);
        }
    }

    #[test]
    fn a_stray_quote_rejects_its_line_and_reading_goes_on() {
        let t = "0440008V,\"A,110\n0440010X,B,100\n0440013A,C,95\n0440015C,D,90\n";
        for target in [1, 5, 1 << 20] {
            let (recs, broken) = chunked(t, b',', 3, target);
            assert_eq!(
                recs.iter().map(|r| r.0).collect::<Vec<_>>(),
                [2, 3, 4],
                "target {target}"
            );
            assert_eq!(
                broken,
                [Broken {
                    line: 1,
                    field: 1,
                    column: 10,
                    fields: vec!["0440008V".into(), "A,110".into()]
                }]
            );
        }
        // A legitimate multi-line field after the stray quote is still read whole.
        let t = "1,\"a,b\n2,\"x\ny\",c\n3,d,e\n";
        let (recs, broken) = chunked(t, b',', 3, 1 << 20);
        assert_eq!(broken.len(), 1);
        assert_eq!(recs[0], (2, vec!["2".into(), "x\ny".into(), "c".into()]));
        assert_eq!(recs[1].0, 4);
    }
}
