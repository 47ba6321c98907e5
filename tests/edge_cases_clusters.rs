//! HCPC and k-means at the edges (issue 17): small tables, duplicated schools, ties, settings the data
//! make impossible — FactoMineR 2.7's answer (its `ref-*.csv` in `tests/data/cases/`), or the
//! documented better answer, through the real binary and the library.

use crate::common::cases::*;
use crate::common::*;

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
    let (code, err) = run_case(
        &[
            &["cluster", s(&input)][..],
            &a,
            &["--min-k", "4", "--out", s(&t.path().join("x"))],
        ]
        .concat(),
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("min_k = 4 but 4 schools allow at most 3 clusters") && err.contains("--min-k"),
        "{err}"
    );
    let (code, err) = run_case(
        &[
            &["cluster", s(&input)][..],
            &a,
            &["--k", "5", "--out", s(&t.path().join("y"))],
        ]
        .concat(),
    );
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
    let (code, err) = run_case(
        &[
            &["cluster", s(&c.join("input-n2.csv"))][..],
            &a,
            &["--out", s(&t.path().join("z"))],
        ]
        .concat(),
    );
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
    let (code, err) = run_case(
        &[
            &["cluster", s(&input)][..],
            &a,
            &["--k", "4", "--out", s(&t.path().join("x"))],
        ]
        .concat(),
    );
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
    let (code, err) = run_case(
        &[
            &["cluster", s(&c.join("input.csv"))][..],
            &a,
            &["--k", "4", "--out", s(&t.path().join("x"))],
        ]
        .concat(),
    );
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
fn min_k_above_the_schools_of_the_nantes_case_is_refused() {
    // rel-21's last command: --min-k 500 with 244 schools.
    let Some(dir) = reference_dir("nantes_public_2023") else {
        return;
    };
    let t = tmp();
    let (code, err) = run_case(&[
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
    use ciblage::HcpcParams;
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
fn pre_clustering_on_duplicates_keeps_to_the_distinct_schools() {
    use ciblage::HcpcParams;
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
