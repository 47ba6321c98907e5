//! Properties of PCA + clustering on random small degenerate tables (issue 17): duplicated rows,
//! constant and near-constant columns, values from 1e-12 to 1e12. Through the real binary: no panic
//! (exit 0, or 1 with a message), no NaN or infinity in any output (undefined values are empty cells
//! or `null`), k never above the distinct schools, no empty cluster, and the same partition whatever
//! the order of the rows.

use crate::common::*;
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Debug, Clone)]
enum Kind {
    /// Normal values times 10^e.
    Spread(i32),
    /// One value for every school.
    Constant(i32),
    /// 10^e × (1 + 1e-9 × normal): a spread of a billionth of the values.
    NearConstant(i32),
}

#[derive(Debug, Clone)]
struct Case {
    rows: usize,
    profiles: usize,
    kinds: Vec<Kind>,
    seed: u64,
}

fn case() -> impl Strategy<Value = Case> {
    let exp = prop::sample::select(vec![-12, -6, 0, 3, 6, 12]);
    let kind = prop_oneof![
        6 => exp.clone().prop_map(Kind::Spread),
        1 => exp.clone().prop_map(Kind::Constant),
        2 => exp.prop_map(Kind::NearConstant),
    ];
    (3usize..16, 2usize..5, any::<u64>()).prop_flat_map(move |(rows, p, seed)| {
        (1usize..=rows, prop::collection::vec(kind.clone(), p)).prop_map(
            move |(profiles, kinds)| Case {
                rows,
                profiles,
                kinds,
                seed,
            },
        )
    })
}

/// The table as CSV lines (header first), rows in file order, and the number of distinct active rows.
fn render(c: &Case) -> (String, Vec<String>, usize) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(c.seed);
    let mut normal = || -> f64 {
        let (u, v): (f64, f64) = (rng.random::<f64>().max(1e-12), rng.random());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    };
    let profile: Vec<Vec<f64>> = (0..c.profiles)
        .map(|_| {
            c.kinds
                .iter()
                .map(|k| match k {
                    Kind::Spread(e) => normal() * 10f64.powi(*e),
                    Kind::Constant(e) => 7.0 * 10f64.powi(*e),
                    Kind::NearConstant(e) => 10f64.powi(*e) * (1.0 + 1e-9 * normal()),
                })
                .collect()
        })
        .collect();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(c.seed ^ 0xA5A5);
    let header = std::iter::once("uai".to_string())
        .chain((0..c.kinds.len()).map(|j| format!("v{j}")))
        .collect::<Vec<_>>()
        .join(",");
    let mut distinct = BTreeSet::new();
    let lines: Vec<String> = (0..c.rows)
        .map(|i| {
            // Every profile appears at least once, then copies.
            let pr = if i < c.profiles {
                i
            } else {
                rng.random_range(0..c.profiles)
            };
            let values: Vec<String> = profile[pr].iter().map(|v| format!("{v:e}")).collect();
            distinct.insert(values.clone());
            let uai = ciblage::data::uai::from_number(440_000 + 7 * i as u32);
            format!("{uai},{}", values.join(","))
        })
        .collect();
    (header, lines, distinct.len())
}

/// Every number in every CSV output is finite; every JSON output parses (serde_json has no NaN).
fn outputs_are_clean(dir: &Path) -> Result<(), String> {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        match p.extension().and_then(|x| x.to_str()) {
            Some("csv") => {
                let mut r = csv::Reader::from_path(&p).unwrap();
                for rec in r.records() {
                    for cell in rec.unwrap().iter() {
                        if let Ok(v) = cell.parse::<f64>() {
                            if !v.is_finite() {
                                return Err(format!("{}: cell '{cell}'", p.display()));
                            }
                        }
                    }
                }
            }
            Some("json") => {
                let text = std::fs::read_to_string(&p).unwrap();
                serde_json::from_str::<serde_json::Value>(&text)
                    .map_err(|e| format!("{}: {e}", p.display()))?;
            }
            _ => {}
        }
    }
    Ok(())
}

fn cluster(file: &Path, active: &str, out: &Path, extra: &[&str]) -> (i32, String) {
    let o = bin()
        .arg("cluster")
        .arg(file)
        .args(["--dataset", "table", "--active", active, "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn partition(dir: &Path) -> BTreeMap<String, String> {
    let mut r = csv::Reader::from_path(dir.join("clusters.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let j = h.iter().position(|c| c == "cluster").unwrap();
    r.records()
        .map(|x| x.unwrap())
        .map(|x| (x[0].to_string(), x[j].to_string()))
        .collect()
}

proptest! {
    #![proptest_config(crate::common::proptest_config(32))]

    #[test]
    fn degenerate_tables_never_give_garbage(c in case()) {
        let (header, lines, distinct) = render(&c);
        let t = tempfile::tempdir().unwrap();
        let active: Vec<String> = (0..c.kinds.len()).map(|j| format!("v{j}")).collect();
        let active = active.join(",");
        let forward = t.path().join("forward.csv");
        let backward = t.path().join("backward.csv");
        std::fs::write(&forward, format!("{header}\n{}\n", lines.join("\n"))).unwrap();
        let rev: Vec<&String> = lines.iter().rev().collect();
        std::fs::write(&backward, format!("{header}\n{}\n", rev.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"))).unwrap();
        let k = distinct.min(3).to_string();
        for (method, extra) in [("hcpc", vec![]), ("kmeans", vec!["--method", "kmeans", "--k", k.as_str()])] {
            let (a, b) = (t.path().join(format!("{method}-f")), t.path().join(format!("{method}-b")));
            let (code, err) = cluster(&forward, &active, &a, &extra);
            let constant = c.kinds.iter().any(|k| matches!(k, Kind::Constant(_))) || distinct == 1;
            if code == 2 {
                // A usage error: the explicit --k the data make impossible (k = distinct.min(3)
                // is below 2, or above the distinct schools), never anything else.
                prop_assert_eq!(method, "kmeans", "{}", err);
                prop_assert!(distinct < 2, "unexpected usage error: {}", err);
                prop_assert!(err.contains("--k"), "{}", err);
                prop_assert!(!a.exists());
                continue;
            }
            if code != 0 {
                // A clean refusal: a constant column, or nothing to cluster.
                prop_assert_eq!(code, 1, "{}", err);
                prop_assert!(constant || distinct < 2, "unexpected failure: {}", err);
                prop_assert!(err.contains("constant") || err.contains("not enough") || err.contains("distinct"), "{}", err);
                prop_assert!(!a.exists());
                continue;
            }
            prop_assert!(!c.kinds.iter().any(|k| matches!(k, Kind::Constant(_))), "a constant column was accepted");
            outputs_are_clean(&a).map_err(TestCaseError::fail)?;
            let h: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(a.join("clusters.json")).unwrap()).unwrap();
            let kk = h["hcpc"]["k"].as_u64().unwrap() as usize;
            let sizes: Vec<u64> = h["hcpc"]["sizes"].as_array().unwrap().iter().map(|s| s.as_u64().unwrap()).collect();
            prop_assert!(kk <= distinct, "k = {} for {} distinct schools", kk, distinct);
            prop_assert_eq!(sizes.len(), kk);
            prop_assert!(sizes.iter().all(|&s| s > 0), "empty cluster: {:?}", sizes);
            if method == "hcpc" {
                prop_assert_eq!(h["hcpc"]["distinct"].as_u64().unwrap() as usize, distinct);
            }
            // The same partition, labels included, for the rows in reverse order.
            let (code, err) = cluster(&backward, &active, &b, &extra);
            prop_assert_eq!(code, 0, "{}", err);
            prop_assert_eq!(partition(&a), partition(&b));
        }
    }
}
