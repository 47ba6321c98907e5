//! Following schools over the years (issue 21): the estimator against R on a small table, and the
//! whole `ciblage follow` on the real files — the panel checked cell by cell against the raw IVAC file,
//! byte-identical reruns at any thread count, and a placebo whose intervals cover 0 as they should.

use crate::common;
use ciblage::follow::did::{did, DidParams, PairOutcomes};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn case(file: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/follow_did")
        .join(file)
}

#[test]
fn the_estimator_matches_r_lm_with_pair_clustered_errors() {
    // input.csv: pair, role, uai, entry, session, value.
    let mut r = csv::Reader::from_path(case("input.csv")).unwrap();
    let mut pairs: BTreeMap<u32, PairOutcomes> = BTreeMap::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        let p: u32 = rec[0].parse().unwrap();
        let e = pairs.entry(p).or_insert_with(|| PairOutcomes {
            followed: String::new(),
            comparison: String::new(),
            entry: rec[3].parse().unwrap(),
            followed_values: BTreeMap::new(),
            comparison_values: BTreeMap::new(),
        });
        let (s, v): (i32, f64) = (rec[4].parse().unwrap(), rec[5].parse().unwrap());
        if &rec[1] == "followed" {
            e.followed = rec[2].to_string();
            e.followed_values.insert(s, Some(v));
        } else {
            e.comparison = rec[2].to_string();
            e.comparison_values.insert(s, Some(v));
        }
    }
    let pairs: Vec<PairOutcomes> = pairs.into_values().collect();
    let got = did(&pairs, &[], &DidParams::new().check().unwrap());
    let mut r = csv::Reader::from_path(case("ref.csv")).unwrap();
    let mut n = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        let (g, t, np): (i32, i32, usize) = (
            rec[0].parse().unwrap(),
            rec[1].parse().unwrap(),
            rec[2].parse().unwrap(),
        );
        let x: Vec<f64> = (3..7).map(|j| rec[j].parse().unwrap()).collect();
        let e = got
            .cohorts
            .iter()
            .find(|e| e.cohort == Some(g) && e.session == t)
            .unwrap_or_else(|| panic!("no estimate for cohort {g}, session {t}"));
        assert_eq!(e.pairs, np, "pairs of ({g}, {t})");
        for (name, a, b) in [
            ("att", e.att, x[0]),
            ("se", e.se.unwrap(), x[1]),
            ("low", e.low.unwrap(), x[2]),
            ("high", e.high.unwrap(), x[3]),
        ] {
            assert!((a - b).abs() < 1e-10, "{name} of ({g}, {t}): {a} vs R {b}");
        }
        n += 1;
    }
    assert_eq!(n, got.cohorts.len(), "R has every estimate ciblage gives");
    assert_eq!(n, 6);
}

/// Values of the raw IVAC file: (UAI, session) → the column's cell as a number, read without ciblage.
fn raw_ivac(path: &Path, column: &str) -> BTreeMap<(String, i32), Option<f64>> {
    raw_ivac_text(path, column)
        .into_iter()
        .map(|(k, v)| (k, v.trim().parse::<f64>().ok()))
        .collect()
}

/// The Nantes preset on IPS 2022-23 and IVAC session 2023 (paired with the school year), selected
/// into `dir/sel`: its folder.
pub(crate) fn select_nantes(real: &Path, dir: &Path) -> std::path::PathBuf {
    let sel = dir.join("sel");
    let (code, _, err) = common::run_str(&[
        "select",
        real.join("ips_colleges_2022_2023.csv").to_str().unwrap(),
        real.join("ival_colleges_2022_2024.csv").to_str().unwrap(),
        real.join("etablissements_ep_2022_2023.csv")
            .to_str()
            .unwrap(),
        "--academie",
        "nantes",
        "--preset",
        "nantes",
        "--out",
        sel.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    sel
}

/// A text column of the raw IVAC file: (UAI, session) → cell.
pub(crate) fn raw_ivac_text(path: &Path, column: &str) -> BTreeMap<(String, i32), String> {
    let text = String::from_utf8(std::fs::read(path).unwrap()).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let h = r.headers().unwrap().clone();
    let at = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (u, s, c) = (at("UAI"), at("Session"), at(column));
    r.records()
        .map(|x| {
            let x = x.unwrap();
            ((x[u].to_string(), x[s].parse().unwrap()), x[c].to_string())
        })
        .collect()
}

#[test]
fn follow_on_the_real_files_panel_reruns_and_placebo() {
    let Some(real) = common::real_dir() else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let ivac = real.join("ival_colleges_2022_2024.csv");
    let sel = select_nantes(&real, t.path());
    let follow = |out: &Path, threads: &str, placebo: &str| {
        let o = common::bin()
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "follow",
                ivac.to_str().unwrap(),
                "--selection",
                sel.join("selection.csv").to_str().unwrap(),
                "--entry",
                "2024",
                "--outcome",
                "va_success_rate,VA de la note G",
                "--placebo",
                placebo,
                "--out",
                out.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(0), "{err}");
        err
    };
    let a = t.path().join("a");
    let err = follow(&a, "1", "100");
    assert!(err.contains("followed 21 schools"), "{err}");

    // The panel, cell by cell, against the raw file; every followed school in every session.
    let raw_sr = raw_ivac(&ivac, "VA du taux de réussite G");
    let raw_vn = raw_ivac(&ivac, "VA de la note G");
    let mut r = csv::Reader::from_path(a.join("panel.csv")).unwrap();
    let mut seen: BTreeSet<(String, String, i32)> = BTreeSet::new();
    let mut followed = BTreeSet::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        let (uai, role, session, ind) = (
            rec[0].to_string(),
            rec[1].to_string(),
            rec[2].parse::<i32>().unwrap(),
            rec[3].to_string(),
        );
        let raw = if ind == "va_success_rate" {
            &raw_sr
        } else {
            &raw_vn
        };
        let want = raw.get(&(uai.clone(), session));
        let got: Option<f64> = rec[4].parse().ok();
        match want {
            None => assert_eq!(&rec[5], "absent", "{uai} {session} {ind}"),
            Some(None) => assert_eq!(&rec[5], "not published", "{uai} {session} {ind}"),
            Some(Some(v)) => {
                assert_eq!(&rec[5], "value");
                assert_eq!(got, Some(*v), "{uai} {session} {ind}");
            }
        }
        if role == "followed" {
            followed.insert(uai.clone());
        }
        seen.insert((uai, ind, session));
    }
    assert_eq!(followed.len(), 21);
    for u in &followed {
        for ind in ["va_success_rate", "VA de la note G"] {
            for s in [2022, 2023, 2024] {
                assert!(
                    seen.contains(&(u.clone(), ind.to_string(), s)),
                    "{u} {ind} {s}"
                );
            }
        }
    }

    // Comparison schools are public, as the followed ones (the raw file's `Secteur`).
    let raw_sector = raw_ivac_text(&ivac, "Secteur");
    let mut r = csv::Reader::from_path(a.join("pairs.csv")).unwrap();
    let mut pairs = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        for u in [&rec[0], &rec[1]] {
            let s: BTreeSet<&String> = raw_sector
                .iter()
                .filter(|((x, _), _)| x == u)
                .map(|(_, v)| v)
                .collect();
            assert_eq!(
                s.into_iter().collect::<Vec<_>>(),
                [&"PU".to_string()],
                "{u}"
            );
        }
        pairs += 1;
    }
    assert!(pairs >= 15, "{pairs} pairs");

    // Byte-identical at another thread count.
    let b = t.path().join("b");
    follow(&b, "2", "100");
    for f in [
        "panel.csv",
        "pairs.csv",
        "estimates.csv",
        "placebo.csv",
        "follow.json",
    ] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs between 1 and 2 threads"
        );
    }

    // The placebo: random lists of the eligible, no treatment: intervals cover 0 in >= 90 of 100.
    let mut r = csv::Reader::from_path(a.join("placebo.csv")).unwrap();
    let cover: Vec<bool> = r.records().map(|x| &x.unwrap()[4] == "true").collect();
    assert_eq!(cover.len(), 100);
    let n = cover.iter().filter(|&&c| c).count();
    assert!(n >= 90, "placebo intervals cover 0 in {n} of 100");
}

#[test]
fn follow_settings_are_usage_errors() {
    let t = tempfile::tempdir().unwrap();
    let list = t.path().join("list.csv");
    std::fs::write(&list, "uai,entry\n0440008V,2024\n").unwrap();
    let sel = t.path().join("selection.csv");
    std::fs::write(&sel, "id,eligible,selected\n0440008V,true,true\n").unwrap();
    let f = t.path().join("f.csv");
    std::fs::write(&f, "uai,x\n0440008V,1\n").unwrap();
    let out = t.path().join("out");
    let (s, l, ff, o) = (
        sel.to_str().unwrap(),
        list.to_str().unwrap(),
        f.to_str().unwrap(),
        out.to_str().unwrap(),
    );
    for (args, want) in [
        (
            vec!["follow", ff, "--selection", s, "--outcome", "x", "--out", o],
            "--entry",
        ),
        (
            vec![
                "follow",
                ff,
                "--list",
                l,
                "--outcome",
                "x",
                "--placebo",
                "5",
                "--out",
                o,
            ],
            "--placebo",
        ),
        (
            vec![
                "follow",
                ff,
                "--list",
                l,
                "--outcome",
                "x",
                "--match-sessions",
                "0",
                "--out",
                o,
            ],
            "--match-sessions",
        ),
        (
            vec![
                "follow",
                ff,
                "--selection",
                s,
                "--entry",
                "someday",
                "--outcome",
                "x",
                "--out",
                o,
            ],
            "--entry",
        ),
    ] {
        let (code, _, err) = common::run_str(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!out.exists());
    }
    // An entry the files' sessions cannot bracket estimates nothing: refused with the sessions held.
    let yearly = t.path().join("yearly.csv");
    std::fs::write(
        &yearly,
        "uai,session,x\n0440008V,2022,1\n0440008V,2023,2\n0440008V,2024,3\n",
    )
    .unwrap();
    let y = yearly.to_str().unwrap();
    for entry in ["2030", "2022"] {
        let (code, _, err) = common::run_str(&[
            "follow",
            y,
            "--selection",
            s,
            "--entry",
            entry,
            "--outcome",
            "x",
            "--out",
            o,
        ]);
        assert_eq!(code, 2, "{entry}: {err}");
        assert!(
            err.contains(&format!(
                "--entry {entry}: the files hold sessions 2022 to 2024"
            )),
            "{err}"
        );
        assert!(!out.exists());
    }
    // A list entry that is not a year names the file and the line (data error).
    std::fs::write(&list, "uai,entry\n0440008V,soon\n").unwrap();
    let (code, _, err) =
        common::run_str(&["follow", ff, "--list", l, "--outcome", "x", "--out", o]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("line 2") && err.contains("soon"), "{err}");
}

#[test]
fn the_ips_method_change_is_a_break_no_estimate_crosses() {
    let Some(real) = common::real_dir() else {
        return;
    };
    let files = vec![
        real.join("ips_colleges_2022_2023.csv"),
        real.join("partial_api_ips_colleges_ap2023_2regions.csv"),
    ];
    let opts = ciblage::LoadOptions::default();
    let sources = ciblage::follow::panel::Sources::read(&files, &opts).unwrap();
    let some: BTreeSet<String> = sources.schools().into_iter().take(50).collect();
    let p = sources.panel(&some, &["ips".into()]).unwrap();
    assert_eq!(p.sessions, [2023, 2024, 2025]);
    let b = &p.breaks["ips"];
    assert_eq!(b.len(), 1, "{b:?}");
    assert_eq!(b[0].after, 2024);
    assert!(
        b[0].what.contains("ap2022") && b[0].what.contains("ap2023"),
        "{b:?}"
    );
    // A cohort entering in 2025 (base 2024) is estimated at 2025, never back to 2023.
    let pair = PairOutcomes {
        followed: "A".into(),
        comparison: "B".into(),
        entry: 2025,
        followed_values: BTreeMap::from([
            (2023, Some(90.0)),
            (2024, Some(91.0)),
            (2025, Some(93.0)),
        ]),
        comparison_values: BTreeMap::from([
            (2023, Some(95.0)),
            (2024, Some(95.0)),
            (2025, Some(95.0)),
        ]),
    };
    let r = did(&[pair.clone(), pair], b, &DidParams::new().check().unwrap());
    assert!(
        r.cohorts.iter().all(|e| e.session != 2023),
        "{:?}",
        r.cohorts
    );
    assert!(r
        .cohorts
        .iter()
        .any(|e| e.session == 2025 && (e.att - 2.0).abs() < 1e-12));
    assert!(
        r.notes
            .iter()
            .map(|n| n.to_string())
            .any(|n| n.contains("2023") && n.contains("changed in 2024")),
        "{:?}",
        r.notes
    );
}
