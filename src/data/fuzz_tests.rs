//! Fuzzing the loader: arbitrary bytes, and real-looking CSV and JSON with random mutations (stray
//! quotes, separators, line breaks, NUL and invalid UTF-8 bytes, byte-order marks, truncation), loaded
//! as a file: never a panic, and every load that succeeds keeps `rows = kept + rejected + other
//! periods`; CSV text read in chunks of any size gives the records read in one piece.
//!
//! Written as proptest strategies in the library's unit tests, next to the reader whose chunks they
//! compare (the project has no `fuzz/` folder for `cargo fuzz`). `quick` runs a few hundred cases with
//! every `cargo test`; the long run is ignored by default and lasts `CIBLAGE_FUZZ_SECS` seconds
//! (default 60):
//!
//! ```sh
//! CIBLAGE_FUZZ_SECS=600 cargo test --release --lib -- --ignored --nocapture data::fuzz_tests::
//! ```

use crate::data::{csv_reader, load, LoadOptions};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::path::Path;

/// The first lines of the embedded official-format samples: a CSV with a BOM, one with decimal
/// commas, and a JSON export built from one of them.
fn seeds() -> Vec<Vec<u8>> {
    let dir = crate::testing::sample_dir();
    let mut out = Vec::new();
    for f in [
        "fr-en-ips-colleges-ap2022.csv",
        "fr-en-indicateurs-valeur-ajoutee-colleges.csv",
        "fr-en-etablissements-ep.csv",
    ] {
        let t = std::fs::read_to_string(dir.join(f)).unwrap();
        out.push(
            t.lines()
                .take(25)
                .collect::<Vec<_>>()
                .join("\n")
                .into_bytes(),
        );
    }
    let ips = String::from_utf8(out[0].clone()).unwrap();
    let mut lines = ips.lines();
    let header: Vec<&str> = lines.next().unwrap().split(';').collect();
    let records: Vec<serde_json::Value> = lines
        .map(|l| {
            serde_json::Value::Object(
                header
                    .iter()
                    .zip(l.split(';'))
                    .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.into())))
                    .collect(),
            )
        })
        .collect();
    out.push(serde_json::to_vec_pretty(&records).unwrap());
    out
}

/// Bytes that matter to a CSV or JSON reader.
const SPECIAL: &[u8] = b"\";,\t\n\r\0{}[]:\\ \xff\xfe\xc3\xa9\x1b\x07";

/// A seed with up to 12 mutations: insert, overwrite or delete a byte, or cut the text there.
fn mutated(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    let n = seeds.len();
    (
        0..n,
        proptest::collection::vec((any::<usize>(), 0u8..4, any::<u8>(), any::<bool>()), 0..12),
        0u8..6,
    )
        .prop_map(move |(s, muts, prefix)| {
            let mut b = seeds[s].clone();
            for (pos, op, byte, special) in muts {
                let c = if special {
                    SPECIAL[byte as usize % SPECIAL.len()]
                } else {
                    byte
                };
                let at = if b.is_empty() { 0 } else { pos % (b.len() + 1) };
                match op {
                    0 => b.insert(at, c),
                    1 if at < b.len() => b[at] = c,
                    2 if at < b.len() => {
                        b.remove(at);
                    }
                    3 => b.truncate(at.max(b.len() / 2)),
                    _ => b.insert(at, c),
                }
            }
            let head: &[u8] = match prefix {
                1 => b"\xef\xbb\xbf",
                2 => b"\xff\xfe",
                3 => b"\xfe\xff",
                4 => b"PAR1",
                _ => b"",
            };
            [head, &b].concat()
        })
}

/// Arbitrary bytes, sometimes behind a byte-order mark or a format's magic bytes.
fn arbitrary() -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::collection::vec(
            prop_oneof![any::<u8>(), proptest::sample::select(SPECIAL.to_vec())],
            0..600,
        ),
        0u8..6,
    )
        .prop_map(|(b, prefix)| {
            let head: &[u8] = match prefix {
                1 => b"\xef\xbb\xbf",
                2 => b"\xff\xfe",
                3 => b"[{",
                4 => b"PAR1",
                _ => b"",
            };
            [head, &b].concat()
        })
}

/// Records with their line numbers, and the lines a stray quote made unreadable.
type Read = (Vec<(u64, Vec<String>)>, Vec<csv_reader::Broken>);

/// Load `bytes` as a file of every kind: no panic, and the row accounting holds.
fn check(dir: &Path, bytes: &[u8]) -> Result<(), TestCaseError> {
    for name in ["f.csv", "f.json", "f.txt"] {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        for dataset in [None, Some("table")] {
            let opts = LoadOptions {
                dataset: dataset.map(String::from),
                ..LoadOptions::default()
            };
            if let Ok((t, r)) = load(&p, &opts) {
                prop_assert_eq!(r.rows, r.rows_kept + r.rows_rejected + r.rows_filtered);
                prop_assert_eq!(t.len(), r.rows_kept);
                prop_assert_eq!(r.problems.len(), r.rows_rejected);
                for pr in &r.problems {
                    // Messages quote at most 200 characters of input, without control characters.
                    let s = pr.to_string();
                    prop_assert!(!s.chars().any(crate::text::is_escaped), "{}", s);
                }
            }
        }
    }
    // Chunked reading equals reading in one piece.
    let text = String::from_utf8_lossy(bytes);
    let read = |size| -> Option<Read> {
        let r = csv_reader::parse_chunked(Path::new("f.csv"), &text, None, size).ok()?;
        let recs = r
            .fold_chunks(
                Path::new("f.csv"),
                |_| Vec::new(),
                |v: &mut Vec<(u64, Vec<String>)>, l, rec| {
                    v.push((l, rec.iter().map(|s| s.to_string()).collect()))
                },
            )
            .ok()?
            .concat();
        Some((recs, r.broken.clone()))
    };
    let whole = read(usize::MAX);
    for size in [1, 7, 64] {
        prop_assert_eq!(&read(size), &whole);
    }
    Ok(())
}

fn run(cases: u32, seed: u64, strategy: impl Strategy<Value = Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = [0u8; 32];
    s[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &s),
    );
    if let Err(e) = runner.run(&strategy, |b| check(dir.path(), &b)) {
        panic!("seed {seed}: {e}");
    }
}

#[test]
fn quick() {
    run(150, 1, arbitrary());
    run(150, 2, mutated(seeds()));
}

/// The long run: `CIBLAGE_FUZZ_SECS` seconds (default 60) of both strategies, new seeds each round.
#[test]
#[ignore]
fn fuzz_loader() {
    let secs: u64 = std::env::var("CIBLAGE_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let end = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    let seeds = seeds();
    let mut round = 0u64;
    let mut cases = 0u64;
    while std::time::Instant::now() < end {
        run(500, 1000 + round, arbitrary());
        run(500, 2000 + round, mutated(seeds.clone()));
        round += 1;
        cases += 1000;
    }
    println!("fuzz_loader: {cases} inputs in {secs} s ({round} rounds), no panic");
}
