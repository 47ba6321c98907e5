//! Running the binary on a table of synthetic collèges, as the field cases (`../shared/cases/rel-*`)
//! run it on the Nantes reference table.

use std::path::{Path, PathBuf};
use std::process::Output;

/// The active variables of the field cases (the seven Nantes indicators, by their table names).
pub const ACTIVE: &str =
    "ips,ips_sd,success_rate,va_success_rate,written_mark,va_written_mark,access_rate_6e_3e";

/// A table of 244 synthetic collèges (the size of the Nantes case) in `dir/in/colleges.csv`, with
/// `departements.geojson` next to it.
pub fn table(dir: &Path) -> PathBuf {
    let o = super::bin()
        .args(["sample", "--format", "table", "--schools", "244", "--out"])
        .arg(dir.join("in"))
        .output()
        .unwrap();
    super::assert_success(&o);
    dir.join("in/colleges.csv")
}

/// `ciblage ARGS` with the table options of the cases.
pub fn ciblage(args: &[&str], extra: &[&std::ffi::OsStr]) -> Output {
    super::bin().args(args).args(extra).output().unwrap()
}

pub fn table_args(cmd: &str) -> Vec<&str> {
    vec![
        cmd,
        "--dataset",
        "table",
        "--active",
        ACTIVE,
        "--missing",
        "drop",
    ]
}

pub fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit code 2 with a message starting `error: {start}`, one line.
pub fn usage(o: &Output, start: &str) {
    let e = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.starts_with(&format!("error: {start}")),
        "expected `error: {start}...`, got: {e}"
    );
    assert!(!e.contains("<config>") && !e.contains("<spec>"), "{e}");
}

pub fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}
