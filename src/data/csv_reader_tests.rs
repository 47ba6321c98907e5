use super::*;
use crate::data::chunks::parse_chunk;
use crate::data::input::MAP_FROM;

type Records = Vec<(u64, Vec<String>)>;

/// All records of a parsed file with their line numbers.
fn records(r: &RawCsv) -> Records {
    r.fold_chunks(
        Path::new("t.csv"),
        |_| Vec::new(),
        |v: &mut Records, l, rec| v.push((l, rec.iter().map(|s| s.to_string()).collect())),
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
        *mapped.body,
        Body::Text {
            text: Source::Mapped(..),
            ..
        }
    ));
    let owned = parse(&p, &text, None).unwrap();
    assert!(matches!(
        *owned.body,
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
    assert_eq!(mapped.digest(), crate::output::digest::of_file(&p).unwrap());
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
        *r.body,
        Body::Text {
            text: Source::Owned(_),
            ..
        }
    ));
    assert_eq!(records(&r)[0].1, ["0440001A", "Coll\u{e8}ge"]);
    assert_eq!(r.digest(), crate::output::digest::of_file(&p).unwrap());
    assert!(r.notes[0].contains("Windows-1252"));
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
    // Old Mac files (a lone carriage return ends a line).
    let r = parse(p, "a;b\r1;2\r\r3;4", None).unwrap();
    assert_eq!(
        records(&r),
        vec![
            (2, vec!["1".to_string(), "2".into()]),
            (4, vec!["3".into(), "4".into()])
        ]
    );
}

/// The `csv` crate's reading of a text (records and their line numbers, blank records skipped), as
/// this module read files before it split lines itself. A line ends at `\n`, `\r\n` or a lone `\r`.
fn csv_crate_records(text: &str, sep: u8) -> Records {
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
        let f: Vec<String> = rec
            .iter()
            .map(|x| String::from_utf8_lossy(x).into_owned())
            .collect();
        if !(f.len() == 1 && f[0].trim().is_empty()) {
            out.push((1 + breaks(&b[..at.min(b.len())]), f));
        }
    }
    out
}

/// Line breaks in `b`: `\n`, `\r\n` (once) and lone `\r`.
fn breaks(b: &[u8]) -> u64 {
    (0..b.len())
        .filter(|&i| b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')))
        .count() as u64
}

/// `text` (a header line `h`, then the body) read in chunks of `size` bytes: records and unreadable
/// lines.
fn read_in_chunks(text: &str, sep: u8, size: usize) -> (Records, Vec<Broken>) {
    let r = parse_chunked(Path::new("t.csv"), text, Some(sep), size).unwrap();
    (records(&r), r.broken.clone())
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
        parse_chunk(&text, 1, sep, None, |l, r| {
            ours.push((l, r.iter().map(|s| s.to_string()).collect::<Vec<_>>()))
        });
        proptest::prop_assert_eq!(ours, csv_crate_records(&text, sep));
    }

    /// Any text, stray quotes and all: read in chunks of any size, the same records, line numbers and
    /// unreadable lines as read in one piece.
    #[test]
    fn chunked_reading_equals_sequential_reading(
        cells in proptest::collection::vec(
            proptest::sample::select(vec!["a", "bc", ",", "\"", "\"\"", "\n", "\r\n", "\r", " ", "é", "\u{1b}", ""]),
            0..120,
        ),
        size in 1usize..64,
    ) {
        let text = format!("h1,h2,h3\n{}", cells.concat());
        let whole = read_in_chunks(&text, b',', usize::MAX);
        proptest::prop_assert_eq!(read_in_chunks(&text, b',', size), whole);
    }

    /// Any table the `csv` crate can write (quotes, separators, line breaks, non-ASCII in fields, LF or
    /// CRLF) reads back as the same records on the same lines, in one piece and in chunks of any size;
    /// line breaks and tabs inside cells come back as spaces, other control characters as U+FFFD.
    #[test]
    fn what_the_csv_crate_writes_reads_back(
        ncols in 2usize..6,
        rows in proptest::collection::vec(
            proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec!["a", "0440008V", "\"", ",", ";", "\t", "\n", "\r\n", "\r", " ", "é", "’", "€", "œ", "\u{7}", "12,5", ""]),
                    0..6,
                ),
                6,
            ),
            0..40,
        ),
        sep in proptest::sample::select(vec![b',', b';', b'\t']),
        crlf in proptest::bool::ANY,
        size in 1usize..200,
    ) {
        let mut w = csv::WriterBuilder::new()
            .delimiter(sep)
            .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
            .from_writer(Vec::new());
        w.write_record((0..ncols).map(|j| format!("c{j}"))).unwrap();
        let mut want = Vec::new();
        for r in &rows {
            let rec: Vec<String> = r[..ncols].iter().map(|parts| parts.concat()).collect();
            w.flush().unwrap();
            let line = 1 + breaks(w.get_ref());
            w.write_record(&rec).unwrap();
            let clean: Vec<String> = rec.iter().map(|f| controls::clean(f).0.into_owned()).collect();
            // A record of blank fields only is a blank line (one field), never one of `ncols`.
            want.push((line, clean));
        }
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let whole = read_in_chunks(&text, sep, usize::MAX);
        proptest::prop_assert!(whole.1.is_empty());
        proptest::prop_assert_eq!(&whole.0, &want);
        proptest::prop_assert_eq!(read_in_chunks(&text, sep, size), whole);
    }
}

#[test]
fn files_over_the_chunk_size_read_as_in_one_piece() {
    // Quoted fields with separators, line breaks and escaped quotes land on every offset around the
    // default chunk boundaries.
    let mut text = String::from("uai;nom;x\n");
    let mut i = 0u64;
    while text.len() < 3 * CHUNK_BYTES + 1000 {
        let name = match i % 5 {
            0 => format!("\"Coll\u{e8}ge ;{i}\""),
            1 => format!("\"ligne\n{i}\""),
            2 => format!("\"dit \"\"{i}\"\"\""),
            3 => format!("\"stray {i}"),
            _ => format!("plain {i}"),
        };
        text.push_str(&format!("{i:07}A;{name};{i}\n"));
        i += 1;
    }
    let whole = read_in_chunks(&text, b';', usize::MAX);
    let chunked = read_in_chunks(&text, b';', CHUNK_BYTES);
    assert_eq!(chunked, whole);
    let r = parse(Path::new("t.csv"), &text, None).unwrap();
    assert!(r.chunk_sizes().len() >= 3);
    // Every fifth line has a stray quote: rejected alone, the others all read.
    assert_eq!(whole.1.len() as u64, (i + 1) / 5);
    assert_eq!(whole.0.len() + whole.1.len(), i as usize);
}

#[test]
fn a_quote_left_open_in_the_header_is_an_error() {
    let p = Path::new("t.csv");
    let e = parse(p, "uai,\"nom,ips\n0440008V,A,110\n0440010X,B,100\n", None)
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.starts_with("t.csv: line 1: unbalanced quote in the header: the quote opened at column 2 (character 5)"),
        "{e}"
    );
    // On the last line, and after blank lines.
    let e = parse(p, "\n\nuai;\"nom", None).err().unwrap().to_string();
    assert!(e.starts_with("t.csv: line 3: unbalanced quote"), "{e}");
    // Closed on the next line with as many fields as the data: a header cell holding a line break.
    let r = parse(p, "uai,\"nom\nlong\",ips\n0440008V,A,110\n", None).unwrap();
    assert_eq!(r.header, ["uai", "nom long", "ips"]);
    assert_eq!(records(&r)[0].0, 3);
}

#[test]
fn stray_quotes_are_rejected_lines_with_their_reason() {
    let p = Path::new("t.csv");
    let r = parse(
        p,
        "uai,nom,ips\n0440008V,\"A,110\n0440010X,B,100\n0440013A,C,95\n0440015C,D,90\n",
        None,
    )
    .unwrap();
    assert_eq!(
        records(&r).iter().map(|x| x.0).collect::<Vec<_>>(),
        [3, 4, 5]
    );
    let probs = r.broken_problems(&Arc::from("t.csv"), Some(0));
    assert_eq!(probs.len(), 1);
    assert_eq!(
        probs[0].to_string(),
        "t.csv: line 2, column 'nom', UAI 0440008V, value '\"A,110': quote opened at column 2 \
         (character 10) never closed on its line: a stray quote? This line is rejected and the next \
         lines are read normally; remove the quote or close it"
    );
}

#[test]
fn control_characters_are_replaced_and_counted() {
    let p = Path::new("t.csv");
    let r = parse(
        p,
        "uai,nom,ips\n0440008V,\u{1b}[31mROUGE\u{1b}[0m,1\n0440010X,\"a\nb\",\u{1b}]0;X\u{7}\n",
        None,
    )
    .unwrap();
    let recs = records(&r);
    assert_eq!(recs[0].1[1], "\u{fffd}[31mROUGE\u{fffd}[0m");
    assert_eq!(recs[1].1, ["0440010X", "a b", "\u{fffd}]0;X\u{fffd}"]);
    assert_eq!(
        r.notes,
        ["4 control character(s) in cells (escape sequences, bell…) replaced by U+FFFD (\u{fffd}) \
          and 1 line break(s) or tab(s) inside cells read as spaces; first at line 2, column 'nom'"]
    );
}

#[test]
fn bom_binary_latin1() {
    let p = Path::new("t.csv");
    assert_eq!(
        parse(p, "\u{feff}uai;x\n1;2\n", None).unwrap().header,
        ["uai", "x"]
    );
    let (t, verbatim) = decode(p, b"\xEF\xBB\xBFu\xe9ai\n".to_vec()).unwrap();
    assert!(!verbatim && bom_len(&t) == 6, "{t:?} {verbatim}");
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
