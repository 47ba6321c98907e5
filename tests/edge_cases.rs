//! PCA and HCPC at the edges (issue 17): each degenerate-data case of `tests/data/cases/` gives
//! FactoMineR 2.7's answer (its `ref-*.csv`), or the documented better answer, through the real binary.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn case(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/cases")
        .join(name)
}

/// Run the binary; (exit code, stderr).
fn run(args: &[&str]) -> (i32, String) {
    let o = bin().args(args).output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn ok(args: &[&str]) -> String {
    let (code, err) = run(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    err
}

/// A CSV output as (header, rows of cells).
fn table(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    (h, rows)
}

/// Column `col` of a CSV output by its first column.
fn column(path: &Path, col: &str) -> BTreeMap<String, String> {
    let (h, rows) = table(path);
    let j = h
        .iter()
        .position(|c| c == col)
        .unwrap_or_else(|| panic!("{col} in {h:?}"));
    rows.into_iter()
        .map(|r| (r[0].clone(), r[j].clone()))
        .collect()
}

fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: '{s}'"))
}

/// Columns `prefix_1..` of a CSV output as a matrix in the order of `ids`.
fn matrix(path: &Path, prefix: &str, ids: &[String], k: usize) -> Vec<Vec<f64>> {
    let cols: Vec<BTreeMap<String, String>> = (1..=k)
        .map(|s| column(path, &format!("{prefix}_{s}")))
        .collect();
    ids.iter()
        .map(|id| cols.iter().map(|c| num(&c[id])).collect())
        .collect()
}

/// The cluster of each school (clusters.csv), by UAI.
fn clusters(dir: &Path) -> BTreeMap<String, usize> {
    column(&dir.join("clusters.csv"), "cluster")
        .into_iter()
        .map(|(k, v)| (k, v.parse().unwrap()))
        .collect()
}

/// A reference partition `ref-*-clusters.csv`, by UAI.
fn ref_clusters(path: &Path) -> BTreeMap<String, usize> {
    let (_, ids, rows) = read_matrix(path);
    ids.into_iter()
        .zip(rows)
        .map(|(i, r)| (i, r[0] as usize))
        .collect()
}

/// Two partitions equal up to the numbering of the clusters.
fn same_partition(a: &BTreeMap<String, usize>, b: &BTreeMap<String, usize>) -> bool {
    let mut ab = BTreeMap::new();
    let mut ba = BTreeMap::new();
    a.len() == b.len()
        && a.iter().all(|(id, ca)| {
            let Some(cb) = b.get(id) else { return false };
            *ab.entry(*ca).or_insert(*cb) == *cb && *ba.entry(*cb).or_insert(*ca) == *ca
        })
}

/// The k of a reference `ref-*-k.csv` (one value under a `k` header).
fn ref_k(path: &Path) -> usize {
    let (_, ids, _) = read_matrix(path);
    ids[0].parse().unwrap()
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The PCA outputs of `dir` against the FactoMineR references `ref-{prefix}…` (1e-9 relative on the
/// eigenvalues, 1e-8 on coordinates and contributions), for the first `axes` axes.
fn check_pca(dir: &Path, refs: &Path, prefix: &str, axes: usize) {
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

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn extreme_magnitudes_give_factominer_pca_and_partition() {
    let c = case("stat-03-extreme-magnitudes");
    let t = tmp();
    let (out, resc) = (t.path().join("out"), t.path().join("out-rescaled"));
    ok(&[
        "cluster",
        "--dataset",
        "table",
        s(&c.join("input.csv")),
        "--active",
        "big,tiny,ips",
        "--out",
        s(&out),
    ]);
    ok(&[
        "cluster",
        "--dataset",
        "table",
        s(&c.join("input-rescaled.csv")),
        "--active",
        "big,tiny_e12,ips",
        "--out",
        s(&resc),
    ]);
    // Values around 1e-12 are not constant: FactoMineR's PCA, and the same with them rescaled.
    check_pca(&out, &c, "ref-", 3);
    let ids: Vec<String> = clusters(&out).into_keys().collect();
    let a = matrix(&out.join("individuals.csv"), "coord", &ids, 3);
    let b = matrix(&resc.join("individuals.csv"), "coord", &ids, 3);
    assert_close("rescaled", &a, &b, 1e-12);
    // HCPC: FactoMineR's k = 5 and its partition, cluster numbers included.
    assert_eq!(ref_k(&c.join("ref-k.csv")), 5);
    assert_eq!(json(&out.join("clusters.json"))["hcpc"]["k"], 5);
    assert_eq!(clusters(&out), ref_clusters(&c.join("ref-clusters.csv")));
    assert_eq!(clusters(&resc), clusters(&out));
    // The variable's mean and sd in its own scale.
    let pca = json(&out.join("pca.json"));
    let mean_tiny = pca["result"]["means"][1].as_f64().unwrap();
    assert!((mean_tiny - 1.12410e-12).abs() < 1e-20, "{mean_tiny}");
}

#[test]
fn small_tables_cluster_as_factominer_or_better_and_settings_are_not_ignored() {
    let c = case("stat-05-small-n-hcpc");
    let t = tmp();
    let input = c.join("input.csv");
    let a = ["--dataset", "table", "--active", "a,b,c"];
    // 4 schools: FactoMineR's PCA, k = 3 and partition; a note says max_k was raised to min_k.
    let out = t.path().join("out");
    let err = ok(&[&["cluster", s(&input)][..], &a, &["--out", s(&out)]].concat());
    assert!(err.contains("note: max_k raised from 2"), "{err}");
    check_pca(&out, &c, "ref-", 3);
    assert_eq!(
        clusters(&out),
        ref_clusters(&c.join("ref-hcpc-clusters.csv"))
    );
    let h = json(&out.join("clusters.json"));
    assert_eq!(h["hcpc"]["k"], 3);
    assert!(h["hcpc"]["notes"][0]
        .as_str()
        .unwrap()
        .contains("min_k = 3"));
    // --min-k 3 given: honoured (k = 3), not silently replaced.
    let out3 = t.path().join("out-mink3");
    ok(&[
        &["cluster", s(&input)][..],
        &a,
        &["--min-k", "3", "--out", s(&out3)],
    ]
    .concat());
    assert_eq!(clusters(&out3), clusters(&out));
    // A --min-k or a k the data make impossible: usage errors naming the setting and the numbers.
    let (code, err) = run(&[
        &["cluster", s(&input)][..],
        &a,
        &["--min-k", "4", "--out", s(&t.path().join("x"))],
    ]
    .concat());
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("min_k = 4 but 4 schools allow at most 3 clusters") && err.contains("--min-k"),
        "{err}"
    );
    let (code, err) = run(&[
        &["cluster", s(&input)][..],
        &a,
        &["--k", "5", "--out", s(&t.path().join("y"))],
    ]
    .concat());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("k = 5 but only 4 distinct schools"), "{err}");
    assert!(!t.path().join("x").exists() && !t.path().join("y").exists());
    // 3 schools: FactoMineR stops ("arguments must have same length"); ciblage lowers min_k to 2 with a
    // note and gives the 2-cluster partition FactoMineR gives with min = 1.
    let out = t.path().join("out-n3");
    let err = ok(&[
        &["cluster", s(&c.join("input-n3.csv"))][..],
        &a,
        &["--out", s(&out)],
    ]
    .concat());
    assert!(err.contains("note: min_k lowered from 3 to 2"), "{err}");
    assert!(std::fs::read_to_string(c.join("ref-n3-hcpc-error.txt"))
        .unwrap()
        .contains("same length"));
    check_pca(&out, &c, "ref-n3-", 2);
    assert_eq!(
        clusters(&out),
        ref_clusters(&c.join("ref-n3-hcpc-min1-clusters.csv"))
    );
    // 2 schools: the PCA is FactoMineR's; no clustering is possible (R fails too): a data error.
    let out = t.path().join("out-n2");
    ok(&[
        &["pca", s(&c.join("input-n2.csv"))][..],
        &a,
        &["--out", s(&out)],
    ]
    .concat());
    check_pca(&out, &c, "ref-n2-", 1);
    let (code, err) = run(&[
        &["cluster", s(&c.join("input-n2.csv"))][..],
        &a,
        &["--out", s(&t.path().join("z"))],
    ]
    .concat());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("not enough schools: 2"), "{err}");
}

#[test]
fn kmeans_on_duplicates_never_exceeds_the_distinct_schools() {
    let c = case("stat-06-duplicates-kmeans");
    let t = tmp();
    let input = c.join("input.csv");
    let a = [
        "--dataset",
        "table",
        "--active",
        "a,b,c",
        "--method",
        "kmeans",
        "--n-init",
        "5",
    ];
    // k = 4 for 2 distinct profiles: R's kmeans splits copies apart by rounding noise (its reference
    // has 4 clusters); refused here, naming the numbers.
    let (_, _, rk) = read_matrix(&c.join("ref-kmeans-clusters.csv"));
    assert_eq!(rk.iter().map(|r| r[0] as usize).max(), Some(4));
    let (code, err) = run(&[
        &["cluster", s(&input)][..],
        &a,
        &["--k", "4", "--out", s(&t.path().join("x"))],
    ]
    .concat());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("k = 4 but only 2 distinct schools"), "{err}");
    // k = 2: the two profiles, no empty cluster.
    let out = t.path().join("out");
    ok(&[
        &["cluster", s(&input)][..],
        &a,
        &["--k", "2", "--out", s(&out)],
    ]
    .concat());
    let cl = clusters(&out);
    let a_rows: Vec<&String> = cl
        .iter()
        .filter(|(_, &c)| c == cl["0440600N"])
        .map(|(u, _)| u)
        .collect();
    assert_eq!(a_rows.len(), 6);
    assert_eq!(
        json(&out.join("clusters.json"))["hcpc"]["sizes"],
        serde_json::json!([6, 6])
    );
    // The PCA: axis 1 is FactoMineR's; axes 2 and 3 carry no variance (R: 1.2e-31 and 0), their
    // contributions are undefined (R: noise and NA): empty cells.
    let (_, _, eig) = read_matrix(&c.join("ref-eigenvalues.csv"));
    let got = column(&out.join("eigenvalues.csv"), "eigenvalue");
    assert!((num(&got["1"]) - eig[0][0]).abs() < 1e-12);
    assert!(num(&got["2"]).abs() < 1e-12 && num(&got["3"]).abs() < 1e-12);
    let contrib2 = column(&out.join("individuals.csv"), "contrib_2");
    assert!(contrib2.values().all(|v| v.is_empty()), "{contrib2:?}");
    let (_, ids, want) = read_matrix(&c.join("ref-ind-coord.csv"));
    let got = matrix(&out.join("individuals.csv"), "coord", &ids, 1);
    let want: Vec<Vec<f64>> = want.iter().map(|r| vec![r[0]]).collect();
    assert_close("coord 1", &got, &want, 1e-12);
}

#[test]
fn hcpc_on_duplicates_chooses_at_most_the_distinct_schools() {
    let c = case("stat-07-duplicates-hcpc");
    let t = tmp();
    let a = ["--dataset", "table", "--active", "a,b,c"];
    // 12 schools = 3 profiles × 4: FactoMineR chooses k = 6 from rounding noise (ratios 0/0) and
    // splits copies; ciblage: k = 3, the profiles — FactoMineR's own partition into 3 clusters (its
    // nb.clust = 4 run, which cuts at 3), labels included.
    let out = t.path().join("out");
    let err = ok(&[
        &["cluster", s(&c.join("input.csv"))][..],
        &a,
        &["--out", s(&out)],
    ]
    .concat());
    assert!(
        err.contains("max_k lowered from 6 to 3: only 3 distinct schools"),
        "{err}"
    );
    assert_eq!(ref_k(&c.join("ref-hcpc-k.csv")), 6);
    assert_eq!(
        clusters(&out),
        ref_clusters(&c.join("ref-hcpc-k4-clusters.csv"))
    );
    check_pca(&out, &c, "ref-", 2);
    let h = json(&out.join("clusters.json"));
    assert_eq!(h["hcpc"]["k"], 3);
    assert_eq!(h["hcpc"]["sizes"], serde_json::json!([4, 4, 4]));
    assert_eq!(h["hcpc"]["distinct"], 3);
    assert_eq!(h["hcpc"]["ties"]["duplicate_merges"], 9);
    assert_eq!(h["hcpc"]["ties"]["tied_merges"], 0);
    // tree.csv: 11 gains (FactoMineR's n − 1), the last 9 exactly 0; no 0/0 printed.
    let (hd, rows) = table(&out.join("tree.csv"));
    assert_eq!(
        hd,
        [
            "k",
            "inertia_gain",
            "within_inertia",
            "within_ratio",
            "tied"
        ]
    );
    assert_eq!(rows.len(), 11);
    assert!(rows[2..].iter().all(|r| r[1] == "0"), "{rows:?}");
    let all = std::fs::read_to_string(out.join("tree.csv")).unwrap();
    assert!(
        !all.to_lowercase().contains("nan") && !all.contains("inf"),
        "{all}"
    );
    // --k 4: refused (exit 2) with the numbers.
    let (code, err) = run(&[
        &["cluster", s(&c.join("input.csv"))][..],
        &a,
        &["--k", "4", "--out", s(&t.path().join("x"))],
    ]
    .concat());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("k = 4 but only 3 distinct schools"), "{err}");
    // 3 × 3 copies: FactoMineR's k = 3 and partition.
    let out = t.path().join("out-min");
    ok(&[
        &["cluster", s(&c.join("input-min.csv"))][..],
        &a,
        &["--out", s(&out)],
    ]
    .concat());
    assert_eq!(
        clusters(&out),
        ref_clusters(&c.join("ref-min-hcpc-clusters.csv"))
    );
}

#[test]
fn a_category_holding_every_school_has_an_undefined_vtest() {
    let c = case("stat-09-quali-sup-singleton");
    let t = tmp();
    let out = t.path().join("out");
    ok(&[
        "pca",
        "--dataset",
        "table",
        s(&c.join("input.csv")),
        "--active",
        "a,b,c",
        "--quali-sup",
        "groupe,tous",
        "--out",
        s(&out),
    ]);
    check_pca(&out, &c, "ref-", 3);
    let (_, cats, coord) = read_matrix(&c.join("ref-quali-coord.csv"));
    let (_, _, vtest) = read_matrix(&c.join("ref-quali-vtest.csv"));
    let (h, rows) = table(&out.join("quali_sup.csv"));
    assert_eq!(h[4..], ["vtest_1", "vtest_2", "vtest_3"]);
    for (cat, (cr, vr)) in cats.iter().zip(coord.iter().zip(&vtest)) {
        let row = rows
            .iter()
            .find(|r| r[0].ends_with(&format!("={cat}")))
            .unwrap();
        for s in 0..3 {
            assert!((num(&row[1 + s]) - cr[s]).abs() < 1e-8, "{cat} coord {s}");
            if vr[s].is_nan() {
                // R: NA. Here: an empty cell, and null in pca.json.
                assert_eq!(row[4 + s], "", "{cat} v-test {s}");
            } else {
                assert!((num(&row[4 + s]) - vr[s]).abs() < 1e-8, "{cat} v-test {s}");
            }
        }
    }
    let pca = json(&out.join("pca.json"));
    let tous = &pca["result"]["quali_sup"][1];
    assert_eq!(tous["categories"], serde_json::json!(["TOUS"]));
    assert_eq!(tous["vtest"], serde_json::json!([[null, null, null]]));
}

#[test]
fn an_axis_whose_loadings_sum_to_zero_gets_the_documented_sign() {
    let c = case("stat-11-sign-convention");
    let t = tmp();
    let a = ["--dataset", "table", "--active", "a,b"];
    let (out, shuf, orient) = (t.path().join("o"), t.path().join("s"), t.path().join("r"));
    ok(&[
        &["pca", s(&c.join("input.csv"))][..],
        &a,
        &["--out", s(&out)],
    ]
    .concat());
    ok(&[
        &["pca", s(&c.join("input-shuffled.csv"))][..],
        &a,
        &["--out", s(&shuf)],
    ]
    .concat());
    // Axis 2's loadings are ±0.707: their sum is rounding (R: 1.1e-16 and 2.2e-16).
    let (_, _, sums) = read_matrix(&c.join("ref-loading-sums.csv"));
    assert!(sums[1][0].abs() < 1e-15);
    // Axis 1: FactoMineR's. Axis 2: the tie rule makes the first variable's loading positive, where R
    // made it negative: every axis-2 value has the opposite sign of R's (README).
    check_pca(&out, &c, "ref-", 1);
    let (_, ids, want) = read_matrix(&c.join("ref-ind-coord.csv"));
    let got = matrix(&out.join("individuals.csv"), "coord", &ids, 2);
    let flipped: Vec<Vec<f64>> = want.iter().map(|r| vec![r[0], -r[1]]).collect();
    assert_close("axis 2 (sign rule)", &got, &flipped, 1e-8);
    let a2 = column(&out.join("variables.csv"), "coord_2");
    assert!(num(&a2["a"]) > 0.65 && num(&a2["b"]) < -0.65, "{a2:?}");
    // Whatever the order of the rows, the same signs.
    let got_s = matrix(&shuf.join("individuals.csv"), "coord", &ids, 2);
    assert_close("shuffled", &got_s, &got, 1e-12);
    // --orient 2:b is the user's fix: R's signs exactly.
    ok(&[
        &["pca", s(&c.join("input.csv"))][..],
        &a,
        &["--orient", "2:b", "--out", s(&orient)],
    ]
    .concat());
    check_pca(&orient, &c, "ref-", 2);
}

#[test]
fn ties_are_broken_the_same_way_whatever_the_row_order() {
    let c = case("stat-12-row-order-ties");
    let t = tmp();
    let a = ["--dataset", "table", "--active", "a,b,c"];
    let mut parts = Vec::new();
    for (file, k) in [
        ("input.csv", None),
        ("input-reversed.csv", None),
        ("input.csv", Some("3")),
        ("input-reversed.csv", Some("3")),
    ] {
        let out = t.path().join(format!("{file}-{k:?}"));
        let input = c.join(file);
        let mut args = vec!["cluster", s(&input)];
        args.extend(a);
        if let Some(k) = k {
            args.extend(["--k", k]);
        }
        args.extend(["--out", s(&out)]);
        let err = ok(&args);
        let want_k = k.unwrap_or("4");
        assert!(
            err.contains(&format!(
                "the tree cut at k = {want_k} depends on how they are broken"
            )),
            "{err}"
        );
        let h = json(&out.join("clusters.json"));
        assert_eq!(h["hcpc"]["ties"]["tied_merges"], 3);
        assert_eq!(h["hcpc"]["ties"]["cut_depends_on_ties"], true);
        let tied = column(&out.join("tree.csv"), "tied");
        assert_eq!(tied.values().filter(|v| *v == "true").count(), 3);
        parts.push(clusters(&out));
    }
    // FactoMineR depends on the order of the rows: k = 3 in file order, k = 4 in reverse order, and
    // different partitions into 3 clusters.
    assert_eq!(ref_k(&c.join("ref-hcpc-k.csv")), 3);
    assert_eq!(ref_k(&c.join("ref-reversed-hcpc-k.csv")), 4);
    let r3 = ref_clusters(&c.join("ref-hcpc-k3-clusters.csv"));
    let rr3 = ref_clusters(&c.join("ref-reversed-hcpc-k3-clusters.csv"));
    assert!(!same_partition(&r3, &rr3));
    // ciblage: ties broken by UAI, one answer for both orders (labels included), automatic (k = 4)
    // or k = 3, and the dependence on the ties reported.
    assert_eq!(parts[0], parts[1]);
    assert_eq!(parts[2], parts[3]);
    assert_eq!(parts[0].values().max(), Some(&4));
    assert_eq!(parts[2].values().max(), Some(&3));
    // The PCA is FactoMineR's (axis 3 has no variance).
    check_pca(&t.path().join("input.csv-None"), &c, "ref-", 1);
}

#[test]
fn huge_values_give_a_correct_pca_and_clusters() {
    let c = case("rel-04-huge-values-garbage-pca-and-panic");
    let t = tmp();
    let a = ["--dataset", "table", "--active", "ips,ips_sd,indice"];
    let input = c.join("t.csv");
    let out = t.path().join("pca");
    ok(&[&["pca", s(&input)][..], &a, &["--out", s(&out)]].concat());
    // The column holding 1e308 is, to double precision, the indicator of that school: the PCA must be
    // the PCA of the table with that indicator instead.
    let text = std::fs::read_to_string(&input).unwrap();
    let ind: String = text
        .lines()
        .map(|l| {
            let (head, v) = l.rsplit_once(',').unwrap();
            match v {
                "indice" => l.to_string(),
                "1e308" => format!("{head},1"),
                _ => format!("{head},0"),
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let alt = t.path().join("indicator.csv");
    std::fs::write(&alt, ind).unwrap();
    let out2 = t.path().join("pca-indicator");
    ok(&[&["pca", s(&alt)][..], &a, &["--out", s(&out2)]].concat());
    let e1 = column(&out.join("eigenvalues.csv"), "eigenvalue");
    let e2 = column(&out2.join("eigenvalues.csv"), "eigenvalue");
    let total: f64 = e1.values().map(|v| num(v)).sum();
    assert!((total - 3.0).abs() < 1e-12, "{e1:?}");
    for (k, v) in &e1 {
        assert!((num(v) - num(&e2[k])).abs() < 1e-12, "eigenvalue {k}");
    }
    let ids: Vec<String> = column(&out.join("individuals.csv"), "dist")
        .into_keys()
        .collect();
    let c1 = matrix(&out.join("individuals.csv"), "coord", &ids, 3);
    let c2 = matrix(&out2.join("individuals.csv"), "coord", &ids, 3);
    assert_close("coordinates", &c1, &c2, 1e-12);
    // Mean and sd of the column in its own scale: 1e308/20 (+ 62/20), and 1e308/20·√19.
    let pca = json(&out.join("pca.json"));
    let (m, sd) = (
        pca["result"]["means"][2].as_f64().unwrap(),
        pca["result"]["sds"][2].as_f64().unwrap(),
    );
    assert!((m / 5e306 - 1.0).abs() < 1e-14, "{m}");
    assert!(
        (sd / (1e308 / 20.0 * 19f64.sqrt()) - 1.0).abs() < 1e-14,
        "{sd:e}"
    );
    // k-means and HCPC: no panic, no empty cluster.
    for (dir, extra) in [
        ("km", &["--method", "kmeans", "--k", "4"][..]),
        ("hcpc", &[][..]),
    ] {
        let o = t.path().join(dir);
        ok(&[&["cluster", s(&input)][..], &a, extra, &["--out", s(&o)]].concat());
        let h = json(&o.join("clusters.json"));
        assert!(h["hcpc"]["sizes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s.as_u64().unwrap() > 0));
    }
}

#[test]
fn min_k_above_the_schools_of_the_nantes_case_is_refused() {
    // rel-21's last command: --min-k 500 with 244 schools.
    let Some(dir) = reference_dir("nantes_public_2023") else {
        return;
    };
    let t = tmp();
    let (code, err) = run(&[
        "cluster",
        s(&dir.join("input.csv")),
        "--dataset",
        "table",
        "--active",
        "ips,ips_sd,success_rate,va_success_rate,written_mark,va_written_mark,access_rate_6e_3e",
        "--min-k",
        "500",
        "--out",
        s(&t.path().join("c")),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("min_k = 500 but 244 schools allow at most 243 clusters"),
        "{err}"
    );
    assert!(!t.path().join("c").exists());
}

#[test]
fn tied_merges_are_reported_with_whether_the_cut_depends_on_them() {
    use ciblage::cluster::HcpcParams;
    // Two unit squares far apart: the sides of each square tie (4 merges), then its two pairs
    // (2 merges); the squares themselves do not depend on how the ties are broken, their halves do.
    let pts: Vec<Vec<f64>> = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
        .iter()
        .flat_map(|&(x, y)| [vec![x, y], vec![x + 100.0, y]])
        .collect();
    let w = vec![1.0; 8];
    let fit = |k: usize| {
        HcpcParams::new()
            .k(Some(k))
            .check()
            .unwrap()
            .fit(&pts, &w)
            .unwrap()
    };
    let two = fit(2);
    assert_eq!(two.ties.tied_merges, 6);
    assert_eq!(two.ties.duplicate_merges, 0);
    assert!(!two.ties.cut_depends_on_ties && !two.ties.partition_depends_on_ties);
    assert_eq!(two.sizes, vec![4, 4]);
    assert!(two.messages().iter().any(|m| m.contains("does not depend")));
    // Into 3: one square is split, which one is a tie; into 4: which pairs, a tie.
    for k in [3, 4] {
        let h = fit(k);
        assert!(h.ties.cut_depends_on_ties, "k = {k}");
    }
    // tree.csv's flags: the 6 smallest gains (ranks 2..=7 of the 7 gains, decreasing) tie.
    assert_eq!(two.tied, vec![false, true, true, true, true, true, true]);
    // Without ties, nothing is flagged (and no second tree is built).
    let pts: Vec<Vec<f64>> = (0..8)
        .map(|i| vec![(i * i) as f64, (3 * i) as f64])
        .collect();
    let h = HcpcParams::new().check().unwrap().fit(&pts, &w).unwrap();
    assert_eq!(h.ties, Default::default());
    assert!(h.tied.iter().all(|t| !t));
}

#[test]
fn pca_rules_at_the_edges() {
    use ciblage::pca::{axis_sign, PcaParams};
    use ndarray::array;
    // FactoMineR's rule where the loading sum is not rounding.
    assert_eq!(axis_sign(&[0.6, 0.8]), 1.0);
    assert_eq!(axis_sign(&[-0.6, -0.8]), -1.0);
    // Sum at rounding level: the largest |loading| positive...
    assert_eq!(axis_sign(&[0.1, -0.6, 0.5]), -1.0);
    assert_eq!(axis_sign(&[-0.1, 0.6, -0.5]), 1.0);
    // ... and when the largest tie, the first of them.
    let r = std::f64::consts::FRAC_1_SQRT_2;
    assert_eq!(axis_sign(&[r, -r]), 1.0);
    assert_eq!(axis_sign(&[-r, r]), -1.0);
    assert_eq!(axis_sign(&[0.0, -r, r]), -1.0);
    let p = PcaParams::new().ncp(2).check().unwrap();
    // Values around 1e-12 that differ are not constant; equal ones are, whatever their scale.
    let x = array![
        [1.1e-12, 3.0],
        [0.9e-12, 1.0],
        [1.7e-12, 2.5],
        [0.5e-12, 7.0]
    ];
    assert!(p.fit(&x, &["tiny", "b"], None).is_ok());
    let x = array![[1e-12, 3.0], [1e-12, 1.0], [1e-12, 2.5]];
    let e = p.fit(&x, &["tiny", "b"], None).unwrap_err();
    assert!(e.to_string().contains("'tiny' is constant"), "{e}");
    let x = array![[1e300, 3.0], [1e300, 1.0], [1e300, 2.5]];
    assert!(p
        .fit(&x, &["huge", "b"], None)
        .unwrap_err()
        .to_string()
        .contains("constant"));
    // Values beyond 1e154 (squares overflow): the correlations of the plain formulas, to rounding.
    let x = array![[1e300, 3.0], [-2e300, 1.0], [5e299, 2.5], [3e300, 0.0]];
    let y = x.mapv(|v: f64| if v.abs() > 1e200 { v / 1e300 } else { v });
    let (a, b) = (
        p.fit(&x, &["h", "b"], None).unwrap(),
        p.fit(&y, &["h", "b"], None).unwrap(),
    );
    for (ea, eb) in a.eigenvalues.iter().zip(&b.eigenvalues) {
        assert!((ea.eigenvalue - eb.eigenvalue).abs() < 1e-14);
    }
    assert!((a.sds[0] / 1e300 - b.sds[0]).abs() < 1e-14 * b.sds[0]);
    // A canonical order must be a permutation: refused, not a panic.
    let x = array![[1.0, 3.0], [2.0, 1.0], [4.0, 2.5]];
    for bad in [&[0, 1][..], &[0, 1, 1], &[0, 1, 3]] {
        assert!(p.fit_ordered(&x, &["a", "b"], None, Some(bad)).is_err());
    }
    let a = p
        .fit_ordered(&x, &["a", "b"], None, Some(&[2, 0, 1]))
        .unwrap();
    let b = p.fit(&x, &["a", "b"], None).unwrap();
    assert!((a.eigenvalues[0].eigenvalue - b.eigenvalues[0].eigenvalue).abs() < 1e-14);
}

#[test]
fn pre_clustering_on_duplicates_keeps_to_the_distinct_schools() {
    use ciblage::cluster::HcpcParams;
    // 40 schools, 5 distinct profiles: kk = 10 is lowered to 5 (FactoMineR: min(kk, nrow(unique))).
    let profiles = [[0.0, 0.0], [4.0, 0.5], [0.5, 5.0], [6.0, 6.0], [9.0, 1.0]];
    let pts: Vec<Vec<f64>> = (0..40).map(|i| profiles[i % 5].to_vec()).collect();
    let w = vec![1.0 / 40.0; 40];
    let h = HcpcParams::new()
        .kk(Some(10))
        .check()
        .unwrap()
        .fit(&pts, &w)
        .unwrap();
    assert!(
        h.notes[0].contains("kk lowered from 10 to 5"),
        "{:?}",
        h.notes
    );
    assert_eq!(h.leaves, 5);
    // FactoMineR's gains with kk: the tree's 4, then the k-means within inertia (0 up to rounding).
    assert_eq!(h.gains.len(), 5);
    assert!(h.gains[4].abs() < 1e-20, "{}", h.gains[4]);
    assert!(h.k <= 4 && h.sizes.iter().all(|&s| s > 0), "{:?}", h.sizes);
    // kk = 2 leaves nothing to choose from: said so, naming kk.
    let e = HcpcParams::new()
        .kk(Some(2))
        .check()
        .unwrap()
        .fit(&pts, &w)
        .unwrap_err();
    assert!(e.to_string().contains("--kk"), "{e}");
    // A k above the kk groups: a usage error naming kk.
    let e = HcpcParams::new()
        .kk(Some(10))
        .k(Some(6))
        .check()
        .unwrap()
        .fit(&pts, &w)
        .unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(
        e.to_string()
            .contains("k = 6 but the pre-clustering (--kk) gives only 5 groups"),
        "{e}"
    );
}
