//! One record of delimited text, read as RFC 4180 says, and what to do with a quote left open.
//!
//! # Parameters
//! The text (bytes of valid UTF-8), where the record starts (not on a line break), the separator and,
//! for data rows, the number of fields of the header.
//!
//! # Returns
//! A [`Scan`]: where the record ends, how many line breaks it holds, its number of fields and, when
//! its first line leaves a quote open, where that quote is; with a [`Fields`] buffer, the fields
//! themselves (quotes removed, `""` read as `"`).
//!
//! # Algorithm
//! The state machine of `csv-core` (the `csv` crate's parser) with its default settings: a quote opens
//! a quoted field only at the start of a field (elsewhere it is a literal character), `""` inside
//! quotes is one quote, text after a closing quote continues the field; a record ends at `\n`, `\r\n`
//! or a lone `\r` (old Mac files) outside quotes. Line breaks are counted the same way everywhere, so
//! that a record's line number is the one a text editor shows.
//!
//! The fallback: when a quoted field runs past the end of its line and the record so read does not
//! have the header's number of fields (or the quote is never closed before the end of the file), the
//! quote was a stray one, not a field holding a line break. The record is then that physical line
//! alone, marked [`Scan::unclosed`] (the caller rejects it with its line and reason), and reading goes
//! on with the next line. A stray quote thus costs one row, reported, instead of silently merging
//! every line up to the next quote of the file.
//!
//! Written here rather than taken from `csv-core` because the fallback needs to know where a quote
//! opened and whether the record crossed a line break in quotes, which `csv-core` does not report;
//! `tests` check it against the `csv` crate on arbitrary text.

/// How one record was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Scan {
    /// Just past the record's line break (`\n`, `\r\n` or a lone `\r`), or the end of the input.
    pub end: usize,
    /// Line breaks consumed, the record's own line break included.
    pub breaks: u64,
    /// Whether a quoted field holds a line break (the record spans several lines).
    pub multiline: bool,
    /// Number of fields.
    pub fields: usize,
    /// Whether every quote opened was closed (false when the input ends inside quotes).
    pub closed: bool,
    /// The quote the record's first line leaves open, when the record was cut to that line.
    pub unclosed: Option<Unclosed>,
}

/// Where a quote that is never closed (on its line) was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unclosed {
    /// Field (0-based) the quote opens.
    pub field: usize,
    /// Byte offset of the quote from the start of the record.
    pub offset: usize,
}

/// The fields of the last record read: unescaped bytes and the end of each field in them.
#[derive(Debug, Default)]
pub(super) struct Fields {
    buf: Vec<u8>,
    ends: Vec<usize>,
}

impl Fields {
    /// The fields as text. Fields are cut at ASCII bytes of valid UTF-8 text and unescaping only drops
    /// quote bytes, so each is valid UTF-8; an invalid one (impossible) would read as empty.
    pub fn as_strs(&self) -> Vec<&str> {
        let mut start = 0;
        self.ends
            .iter()
            .map(|&e| {
                let s = std::str::from_utf8(&self.buf[start..e]).unwrap_or("");
                start = e;
                s
            })
            .collect()
    }

    fn clear(&mut self) {
        self.buf.clear();
        self.ends.clear();
    }
}

/// Read the record starting at `b[pos]` (not a line break). `ncols` is the header's number of fields
/// (`None` for the header itself: no fallback, the record is read as the `csv` crate reads it).
pub(super) fn scan(
    b: &[u8],
    pos: usize,
    sep: u8,
    ncols: Option<usize>,
    mut out: Option<&mut Fields>,
) -> Scan {
    let r = read(b, pos, b.len(), sep, out.as_deref_mut());
    let stray = match ncols {
        None => false,
        Some(n) => r.eof_in_quote.is_some() || (r.open_at_break.is_some() && r.fields != n),
    };
    if !stray {
        return Scan {
            end: r.end,
            breaks: r.breaks,
            multiline: r.open_at_break.is_some(),
            fields: r.fields,
            closed: r.eof_in_quote.is_none(),
            unclosed: None,
        };
    }
    // The physical line alone.
    let e = line_end(b, pos);
    let line = read(b, pos, e, sep, out);
    let end = match b.get(e) {
        None => e,
        Some(b'\r') if b.get(e + 1) == Some(&b'\n') => e + 2,
        Some(_) => e + 1,
    };
    Scan {
        end,
        breaks: u64::from(e < b.len()),
        multiline: false,
        fields: line.fields,
        closed: false,
        unclosed: line.eof_in_quote.or(r.open_at_break).or(r.eof_in_quote),
    }
}

/// The end of the physical line starting at `pos` (its first `\r` or `\n`, or the end of the input).
pub(super) fn line_end(b: &[u8], pos: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &b[pos..]).map_or(b.len(), |i| pos + i)
}

/// The quote that the line starting at `pos` leaves open, if any.
pub(super) fn open_quote(b: &[u8], pos: usize, sep: u8) -> Option<Unclosed> {
    read(b, pos, line_end(b, pos), sep, None).eof_in_quote
}

/// A record read up to `limit` (taken as the end of the input).
struct Read {
    end: usize,
    breaks: u64,
    fields: usize,
    /// The quote open at the first line break met inside quotes.
    open_at_break: Option<Unclosed>,
    /// The quote still open at `limit`.
    eof_in_quote: Option<Unclosed>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    StartField,
    InField,
    InQuoted,
    /// After a quote inside a quoted field: `"` continues it with a literal quote.
    AfterQuote,
}

fn read(b: &[u8], pos: usize, limit: usize, sep: u8, mut out: Option<&mut Fields>) -> Read {
    if let Some(o) = out.as_deref_mut() {
        o.clear();
    }
    let copy = |out: &mut Option<&mut Fields>, s: &[u8]| {
        if let Some(o) = out.as_deref_mut() {
            o.buf.extend_from_slice(s);
        }
    };
    let end_field = |out: &mut Option<&mut Fields>| {
        if let Some(o) = out.as_deref_mut() {
            o.ends.push(o.buf.len());
        }
    };
    let (mut i, mut st, mut fields, mut breaks) = (pos, State::StartField, 0usize, 0u64);
    let mut quote = Unclosed {
        field: 0,
        offset: 0,
    };
    let mut open_at_break = None;
    loop {
        if i >= limit {
            end_field(&mut out);
            return Read {
                end: limit,
                breaks,
                fields: fields + 1,
                open_at_break,
                eof_in_quote: (st == State::InQuoted).then_some(quote),
            };
        }
        let c = b[i];
        match st {
            State::StartField | State::AfterQuote if c == sep => {
                end_field(&mut out);
                fields += 1;
                st = State::StartField;
                i += 1;
            }
            State::StartField | State::AfterQuote if c == b'\n' || c == b'\r' => break,
            State::StartField if c == b'"' => {
                quote = Unclosed {
                    field: fields,
                    offset: i - pos,
                };
                st = State::InQuoted;
                i += 1;
            }
            State::AfterQuote if c == b'"' => {
                copy(&mut out, b"\"");
                st = State::InQuoted;
                i += 1;
            }
            State::StartField | State::AfterQuote => st = State::InField,
            State::InField => {
                let j = memchr::memchr3(sep, b'\n', b'\r', &b[i..limit]).map_or(limit, |k| i + k);
                copy(&mut out, &b[i..j]);
                i = j;
                if j < limit {
                    if b[j] == sep {
                        end_field(&mut out);
                        fields += 1;
                        st = State::StartField;
                        i += 1;
                    } else {
                        break;
                    }
                }
            }
            State::InQuoted => {
                let j = memchr::memchr3(b'"', b'\n', b'\r', &b[i..limit]).map_or(limit, |k| i + k);
                copy(&mut out, &b[i..j]);
                i = j;
                if j < limit {
                    if b[j] == b'"' {
                        st = State::AfterQuote;
                    } else {
                        // A line break inside quotes: `\r\n` counts once (at its `\n`).
                        if !(b[j] == b'\r' && j + 1 < limit && b[j + 1] == b'\n') {
                            breaks += 1;
                        }
                        open_at_break.get_or_insert(quote);
                        copy(&mut out, &b[j..j + 1]);
                    }
                    i += 1;
                }
            }
        }
    }
    // `b[i]` is the record's line break.
    end_field(&mut out);
    let end = if b[i] == b'\r' && i + 1 < limit && b[i + 1] == b'\n' {
        i + 2
    } else {
        i + 1
    };
    Read {
        end,
        breaks: breaks + 1,
        fields: fields + 1,
        open_at_break,
        eof_in_quote: None,
    }
}

/// The 1-based character column of byte `offset` of `line` (valid UTF-8 up to there).
pub(super) fn char_column(line: &[u8], offset: usize) -> usize {
    1 + std::str::from_utf8(&line[..offset.min(line.len())]).map_or(offset, |s| s.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str, ncols: Option<usize>) -> (Scan, Vec<String>) {
        let mut f = Fields::default();
        let s = scan(text.as_bytes(), 0, b',', ncols, Some(&mut f));
        (s, f.as_strs().iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn quoted_fields_escapes_and_line_ends() {
        let (s, f) = fields("a,\"b,c\",\"d\"\"e\"\r\nnext", Some(3));
        assert_eq!(f, ["a", "b,c", "d\"e"]);
        assert_eq!((s.end, s.breaks, s.fields, s.multiline), (16, 1, 3, false));
        // A quote inside an unquoted field is a literal; text after a closing quote continues it.
        let (_, f) = fields("ab\"c,\"x\"y\n", Some(2));
        assert_eq!(f, ["ab\"c", "xy"]);
        // Lone carriage return ends a record.
        let (s, f) = fields("a,b\rc,d", Some(2));
        assert_eq!((f, s.end, s.breaks), (vec!["a".into(), "b".into()], 4, 1));
    }

    #[test]
    fn a_legitimate_multiline_field_is_one_record() {
        let t = "1,\"x\r\ny\ny\",3\nnext";
        let (s, f) = fields(t, Some(3));
        assert_eq!(f, ["1", "x\r\ny\ny", "3"]);
        assert_eq!((s.breaks, s.multiline, s.unclosed), (3, true, None));
        assert_eq!(&t[s.end..], "next");
    }

    #[test]
    fn a_stray_quote_costs_its_line_only() {
        let t = "0440008V,\"A,110\n0440010X,B,100\n0440013A,C,95\n";
        let (s, f) = fields(t, Some(3));
        assert_eq!(f, ["0440008V", "A,110"]);
        assert_eq!(
            s.unclosed,
            Some(Unclosed {
                field: 1,
                offset: 9
            })
        );
        assert_eq!(&t[s.end..], "0440010X,B,100\n0440013A,C,95\n");
        assert_eq!(s.breaks, 1);
        // Closed further down but with the wrong number of fields: a stray quote too.
        let t = "1,\"a\n2,b\",c,d\n";
        assert!(fields(t, Some(3)).0.unclosed.is_some());
        // Never closed, on the last line (with or without its line break).
        assert!(fields("1,\"a", Some(2)).0.unclosed.is_some());
        assert!(fields("1,\"a\n", Some(2)).0.unclosed.is_some());
        // Without a header count (the header itself), read as the csv crate does.
        let (s, f) = fields("1,\"a\n2,b", None);
        assert_eq!((f, s.unclosed), (vec!["1".into(), "a\n2,b".into()], None));
        assert!(!s.closed);
        assert_eq!(
            open_quote(b"1,\"a\n2,b", 0, b','),
            Some(Unclosed {
                field: 1,
                offset: 2
            })
        );
        assert_eq!(open_quote(b"1,\"a\"\n2,b", 0, b','), None);
        assert_eq!(char_column("é,\"x".as_bytes(), 3), 3);
    }
}
