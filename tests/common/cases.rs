//! Helpers of the degenerate-data case tests (`tests/edge_cases_*.rs`): the cases of
//! `tests/data/cases/`, the binary's outputs read back, FactoMineR's references compared.

use super::{assert_close, bin, read_matrix};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folder of a case in `tests/data/cases/`.
pub fn case(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/cases")
        .join(name)
}

/// Run the binary; (exit code, stderr).
pub fn run_case(args: &[&str]) -> (i32, String) {
    let o = bin().args(args).output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

pub fn ok(args: &[&str]) -> String {
    let (code, err) = run_case(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    err
}

/// A CSV output as (header, rows of cells).
pub fn table(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    (h, rows)
}

/// Column `col` of a CSV output by its first column.
pub fn column(path: &Path, col: &str) -> BTreeMap<String, String> {
    let (h, rows) = table(path);
    let j = h
        .iter()
        .position(|c| c == col)
        .unwrap_or_else(|| panic!("{col} in {h:?}"));
    rows.into_iter()
        .map(|r| (r[0].clone(), r[j].clone()))
        .collect()
}

pub fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: '{s}'"))
}

/// Columns `prefix_1..` of a CSV output as a matrix in the order of `ids`.
pub fn matrix(path: &Path, prefix: &str, ids: &[String], k: usize) -> Vec<Vec<f64>> {
    let cols: Vec<BTreeMap<String, String>> = (1..=k)
        .map(|s| column(path, &format!("{prefix}_{s}")))
        .collect();
    ids.iter()
        .map(|id| cols.iter().map(|c| num(&c[id])).collect())
        .collect()
}

/// The cluster of each school (clusters.csv), by UAI.
pub fn clusters(dir: &Path) -> BTreeMap<String, usize> {
    column(&dir.join("clusters.csv"), "cluster")
        .into_iter()
        .map(|(k, v)| (k, v.parse().unwrap()))
        .collect()
}

/// A reference partition `ref-*-clusters.csv`, by UAI.
pub fn ref_clusters(path: &Path) -> BTreeMap<String, usize> {
    let (_, ids, rows) = read_matrix(path);
    ids.into_iter()
        .zip(rows)
        .map(|(i, r)| (i, r[0] as usize))
        .collect()
}

/// Two partitions equal up to the numbering of the clusters.
pub fn same_partition(a: &BTreeMap<String, usize>, b: &BTreeMap<String, usize>) -> bool {
    let mut ab = BTreeMap::new();
    let mut ba = BTreeMap::new();
    a.len() == b.len()
        && a.iter().all(|(id, ca)| {
            let Some(cb) = b.get(id) else { return false };
            *ab.entry(*ca).or_insert(*cb) == *cb && *ba.entry(*cb).or_insert(*ca) == *ca
        })
}

/// The k of a reference `ref-*-k.csv` (one value under a `k` header).
pub fn ref_k(path: &Path) -> usize {
    let (_, ids, _) = read_matrix(path);
    ids[0].parse().unwrap()
}

pub fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The PCA outputs of `dir` against the FactoMineR references `ref-{prefix}…` (1e-9 relative on the
/// eigenvalues, 1e-8 on coordinates and contributions), for the first `axes` axes.
pub fn check_pca(dir: &Path, refs: &Path, prefix: &str, axes: usize) {
    let (_, _, eig) = read_matrix(&refs.join(format!("{prefix}eigenvalues.csv")));
    let got = column(&dir.join("eigenvalues.csv"), "eigenvalue");
    assert_eq!(got.len(), eig.len());
    for (c, want) in eig.iter().enumerate() {
        let g = num(&got[&(c + 1).to_string()]);
        assert!(
            (g - want[0]).abs() <= 1e-9 * want[0].max(1e-6),
            "eigenvalue {}: {g} vs {}",
            c + 1,
            want[0]
        );
    }
    for (file, pre, out) in [
        ("ind-coord", "coord", "individuals.csv"),
        ("ind-contrib", "contrib", "individuals.csv"),
        ("var-coord", "coord", "variables.csv"),
    ] {
        let (_, ids, want) = read_matrix(&refs.join(format!("{prefix}{file}.csv")));
        let want: Vec<Vec<f64>> = want.iter().map(|r| r[..axes].to_vec()).collect();
        let got = matrix(&dir.join(out), pre, &ids, axes);
        assert_close(&format!("{prefix}{file}"), &got, &want, 1e-8);
    }
}

pub fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}
