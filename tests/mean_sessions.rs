//! Selection on the value added averaged over several sessions (`--mean-sessions`, issue 21): on the
//! real IVAC file (sessions 2022–2024) with the IPS of 2022-23 (session 2023 kept), the mean over two
//! sessions and each session's value are checked against the raw file, school by school, and every
//! explanation shows the values it averages. Skipped, with a SKIPPED message, without the real files.

use crate::common;
use std::collections::BTreeMap;

/// `VA du taux de réussite G` by (UAI, session), read from the raw file here (`;`, no quotes, BOM).
fn raw_va(path: &std::path::Path) -> BTreeMap<(String, String), Option<f64>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let head: Vec<&str> = lines.next().unwrap().split(';').collect();
    let at = |name: &str| head.iter().position(|h| *h == name).unwrap();
    let (s, u, v) = (at("Session"), at("UAI"), at("VA du taux de réussite G"));
    let mut m = BTreeMap::new();
    for l in lines {
        let f: Vec<&str> = l.split(';').collect();
        m.entry((f[u].to_string(), f[s].to_string()))
            .or_insert_with(|| f[v].trim().parse::<f64>().ok());
    }
    m
}

/// The number in an explanation as written (`-6.5`, `missing`).
fn num(s: &str) -> Option<f64> {
    s.trim().parse().ok()
}

#[test]
fn a_criterion_on_the_mean_of_two_sessions_shows_each_session_from_the_raw_file() {
    let Some(d) = common::real_dir() else { return };
    let t = tempfile::tempdir().unwrap();
    let spec = t.path().join("spec.toml");
    // The Nantes method with its value-added rule on the mean of sessions 2022 and 2023.
    std::fs::write(
        &spec,
        "[population]\nsector = \"public\"\nacademie = [\"NANTES\"]\nexclude_ep = [\"REP\", \"REP+\"]\n\
         [[criteria.rules]]\nlabel = \"disadvantaged\"\nvariable = \"ips\"\nop = \"<=\"\nquantile = 0.5\nwithin = \"academie\"\n\
         [[criteria.rules]]\nlabel = \"value added <= 0\"\nvariable = \"va_success_rate_mean2\"\nop = \"<=\"\nvalue = 0.0\n\
         [budget]\nn = 21\n[sensitivity]\nenabled = false\n[matching]\nenabled = false\n[orphans]\nneighbourhood = false\n",
    )
    .unwrap();
    let ivac = d.join("ival_colleges_2022_2024.csv");
    let out = t.path().join("out");
    let (code, _, err) = common::run_str(&[
        "select",
        d.join("ips_colleges_2022_2023.csv").to_str().unwrap(),
        ivac.to_str().unwrap(),
        d.join("etablissements_ep_2022_2023.csv").to_str().unwrap(),
        "--mean-sessions",
        "2",
        "--spec",
        spec.to_str().unwrap(),
        "--academie",
        "NANTES",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let raw = raw_va(&ivac);
    let (h, rows) = common::read_csv(&out.join("selection.csv"));
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let (id, reasons, selected) = (col("id"), col("reasons"), col("selected"));
    let mut checked = 0;
    let mut one_session = 0;
    for r in &rows {
        let text = &r[reasons];
        let key = "(mean of 2 sessions) ";
        let Some(at) = text.find(key) else {
            // Schools outside the population are explained by why, without the criteria.
            continue;
        };
        let line = &text[at..];
        let line = &line[..line.find(';').unwrap_or(line.len())];
        // "Value added of the DNB success rate (mean of 2 sessions) -6.5 <= 0: yes (by session: 2022:
        // -7, 2023: -6)"
        let mean = num(line[key.len()..].split(' ').next().unwrap());
        let sessions = &line[line.find("(by session: ").unwrap() + 13..line.len() - 1];
        let mut values = Vec::new();
        for (k, part) in sessions.split(", ").enumerate() {
            let (s, v) = part.split_once(": ").unwrap();
            assert_eq!(s, ["2022", "2023"][k], "{line}");
            let want = raw.get(&(r[id].clone(), s.to_string())).copied().flatten();
            assert_eq!(num(v), want, "{} session {s}: {line}", r[id]);
            values.extend(want);
        }
        // The mean of the values the school has (a missing session is left out, not counted 0).
        let want = (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
        match (mean, want) {
            (Some(m), Some(w)) => assert!((m - w).abs() < 1e-9, "{line}"),
            (None, None) => {}
            _ => panic!("{}: {line} vs {want:?}", r[id]),
        }
        one_session += usize::from(values.len() == 1);
        if r[selected] == "true" {
            assert!(want.is_some_and(|w| w <= 0.0), "selected: {line}");
        }
        checked += 1;
    }
    // Every school of the académie's public population not in EP is explained (independent count
    // not needed: each explained line was checked); some have one session only.
    assert!(checked > 150, "{checked} explanations checked");
    assert!(one_session > 0, "a school published one session only");
    assert_eq!(rows.iter().filter(|r| r[selected] == "true").count(), 21);
}

#[test]
fn mean_sessions_is_checked_before_work() {
    for bad in ["1", "11", "two"] {
        let (code, _, err) =
            common::run_str(&["validate", "missing-file.csv", "--mean-sessions", bad]);
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.contains("--mean-sessions"), "{err}");
    }
    let t = tempfile::tempdir().unwrap();
    let cfg = t.path().join("c.toml");
    std::fs::write(
        &cfg,
        "[inputs]\nfiles = [\"x.csv\"]\nmean_sessions = 1\n[pca]\nactive = [\"ips\"]\n",
    )
    .unwrap();
    let (code, _, err) = common::run_str(&["run", "--config", cfg.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("mean_sessions"), "{err}");
}
