#![allow(dead_code)]
//! Helpers shared by the integration tests.

pub mod cases;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub mod cli;

// The unit tests' helpers, compiled into the integration tests too: one definition of where the
// shared real files and the samples are and of proptest's settings (its fixed seed).
#[path = "../../src/testing.rs"]
mod testing;
pub(crate) use testing::{proptest_config, real_dir, sample_dir, shared};

/// The reference case committed under `tests/data/` (the Nantes case), present in every clone.
pub const COMMITTED_CASE: &str = "nantes_public_2023";

/// The folder of a FactoMineR reference case: `tests/data/<case>/` for the committed Nantes case
/// (checked equal to `../shared/reference/<case>/` when that exists), else `../shared/reference/<case>/`,
/// or `None` (with a message) when absent.
pub fn reference_dir(case: &str) -> Option<PathBuf> {
    let shared_copy = shared().join("reference").join(case);
    if case == COMMITTED_CASE {
        return Some(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data")
                .join(case),
        );
    }
    if shared_copy.join("input.csv").exists() {
        Some(shared_copy)
    } else {
        eprintln!(
            "SKIPPED: reference folder {} is absent",
            shared_copy.display()
        );
        None
    }
}

/// The binary under test.
pub fn bin() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_ciblage"))
}

/// A finished command exited with 0; otherwise fail showing its stderr.
pub fn assert_success(o: &std::process::Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Read a reference CSV (`id` first column, then numbers) as (ids, rows).
pub fn read_matrix(path: &std::path::Path) -> (Vec<String>, Vec<String>, Vec<Vec<f64>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let mut ids = Vec::new();
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        ids.push(rec[0].to_string());
        rows.push(
            rec.iter()
                .skip(1)
                .map(|v| v.parse::<f64>().unwrap_or(f64::NAN))
                .collect(),
        );
    }
    (header, ids, rows)
}

/// The reference input table, loaded as ciblage loads a user's table.
pub fn reference_table(dir: &std::path::Path) -> ciblage::Table {
    let (t, r) = ciblage::load(&dir.join("input.csv"), &ciblage::LoadOptions::default()).unwrap();
    assert_eq!(r.rows_rejected, 0, "{:?}", r.problems.first());
    t
}

/// The active variables of the reference cases, in ciblage's canonical names.
pub const ACTIVE: [&str; 7] = [
    "ips",
    "ips_sd",
    "success_rate",
    "va_success_rate",
    "written_mark",
    "va_written_mark",
    "access_rate_6e_3e",
];

/// Assert two matrices agree to `tol` (absolute).
pub fn assert_close(what: &str, got: &[Vec<f64>], want: &[Vec<f64>], tol: f64) {
    assert_eq!(got.len(), want.len(), "{what}: rows");
    let mut worst = 0.0f64;
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            g.len() >= w.len(),
            "{what}: row {i} has {} columns, want {}",
            g.len(),
            w.len()
        );
        for (j, (a, b)) in g.iter().zip(w).enumerate() {
            let d = (a - b).abs();
            worst = worst.max(d);
            assert!(
                d <= tol,
                "{what}[{i}][{j}]: got {a}, reference {b} (diff {d:e})"
            );
        }
    }
    eprintln!("{what}: max abs diff {worst:e}");
}

/// Decode a PNG file: (width, height, RGBA-or-RGB bytes).
pub fn decode_png(path: &std::path::Path) -> (u32, u32, Vec<u8>) {
    let dec = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut r = dec.read_info().unwrap();
    let mut buf = vec![0; r.output_buffer_size()];
    let info = r.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

/// Number of distinct 3-byte colours (a blank image has 1).
pub fn distinct_colours(px: &[u8]) -> usize {
    let mut s = std::collections::HashSet::new();
    for c in px.chunks(3) {
        s.insert(c.to_vec());
        if s.len() > 1000 {
            break;
        }
    }
    s.len()
}

/// `../shared/cases/<prefix>…/`, or `None` (with a message) when absent.
pub fn case_dir(prefix: &str) -> Option<PathBuf> {
    let root = shared().join("cases");
    let found = std::fs::read_dir(&root).ok().and_then(|d| {
        d.filter_map(|e| e.ok()).map(|e| e.path()).find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
    });
    if found.is_none() {
        eprintln!(
            "SKIPPED: case folder {}/{prefix}… is absent (it is not part of a user's clone)",
            root.display()
        );
    }
    found
}

/// A small case input copied under `tests/data/cases/<case>/`.
pub fn case_input(case: &str, file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/cases")
        .join(case)
        .join(file)
}

/// Run the binary with `args`: (exit code, stdout, stderr).
pub fn run(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let o = bin().args(args).output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// [`run`] with string arguments.
pub fn run_str(args: &[&str]) -> (i32, String, String) {
    let a: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    run(&a)
}

/// A CSV written by ciblage, as (header, rows of fields).
pub fn read_csv(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// Every file under `dir`, at any depth: its path relative to `dir` (with `/`) → its bytes. Two runs'
/// folders compare with `==` on the keys, then file by file.
pub fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}
