//! PCA at the edges (issue 17): values around 1e-12 and 1e12, one value of 1e308, a category holding
//! every school, an axis whose loadings sum to zero — FactoMineR 2.7's answer (its `ref-*.csv` in
//! `tests/data/cases/`), or the documented better answer, through the real binary.

use crate::common::cases::*;
use crate::common::*;

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
