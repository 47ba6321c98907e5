//! Committee decisions and the allocation of an envelope on the real Nantes selection (skipped, with
//! a SKIPPED message, when the real files are absent): the decisions change the list as stated, the
//! amounts sum exactly to the envelope, respect floors and caps, follow the rule computed by hand
//! and never favour a less needy school of the same size; `ciblage allocate` on the run's folder.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

struct Real {
    files: Vec<PathBuf>,
}

fn real() -> Option<Real> {
    let d = common::real_dir()?;
    Some(Real {
        files: [
            "ips_colleges_2022_2023.csv",
            "ival_colleges_2022_2024.csv",
            "etablissements_ep_2022_2023.csv",
            "geoloc_colleges.csv",
        ]
        .iter()
        .map(|f| d.join(f))
        .collect(),
    })
}

fn config(r: &Real, out: &Path, extra_selection: &str, allocation: &str) -> String {
    let files: Vec<String> = r
        .files
        .iter()
        .map(|f| format!("{:?}", f.display().to_string()))
        .collect();
    format!(
        "[inputs]\nfiles = [{}]\n[filter]\nacademie = [\"NANTES\"]\nsector = \"public\"\n\
         [selection]\npreset = \"nantes\"\nn = 21\nsensitivity = false\nmatching = false\nneighbourhood = false\n{extra_selection}\
         [output]\ndir = {:?}\nfigures = true\nmaps = false\nreport = true\n{allocation}",
        files.join(", "),
        out.display().to_string()
    )
}

/// Rows of a CSV keyed by `id`.
fn by_id(path: &Path) -> (Vec<String>, BTreeMap<String, Vec<String>>) {
    let (h, rows) = common::read_csv(path);
    let id = h.iter().position(|c| c == "id").unwrap();
    let m = rows.into_iter().map(|r| (r[id].clone(), r)).collect();
    (h, m)
}

fn col(h: &[String], name: &str) -> usize {
    h.iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name} in {h:?}"))
}

fn run_config(dir: &Path, name: &str, text: &str) -> (i32, String) {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    let (code, _, err) = common::run_str(&["run", "--config", p.to_str().unwrap(), "--quiet"]);
    (code, err)
}

const PROGRESSIVE: &str = "[allocation]\namount = 1000\nunit = \"hours\"\nsize = \"headcount\"\nrule = \"progressive\"\nips_bounds = [80, 110]\ncoefficients = [2, 1]\nfloor = 10\ncap = 100\n";

#[test]
fn decisions_and_a_progressive_allocation_on_the_nantes_selection() {
    let Some(r) = real() else { return };
    let t = tempfile::tempdir().unwrap();
    // 1. The rules alone.
    let out1 = t.path().join("rules");
    let (code, err) = run_config(t.path(), "rules.toml", &config(&r, &out1, "", ""));
    assert_eq!(code, 0, "{err}");
    let (h, sel) = by_id(&out1.join("selection.csv"));
    let (c_sel, c_rank, c_elig) = (col(&h, "selected"), col(&h, "rank"), col(&h, "eligible"));
    let rank = |row: &Vec<String>| row[c_rank].parse::<usize>().ok();
    let first = sel
        .iter()
        .find(|(_, row)| rank(row) == Some(1))
        .unwrap()
        .0
        .clone();
    let rank22 = sel
        .iter()
        .find(|(_, row)| rank(row) == Some(22))
        .unwrap()
        .0
        .clone();
    // A school of the académie the rules do not make eligible: the committee includes it.
    let outsider = sel
        .iter()
        .find(|(_, row)| row[c_elig] == "false" && row[col(&h, "academie")] == "NANTES")
        .unwrap()
        .0
        .clone();
    let before: Vec<String> = sel
        .iter()
        .filter(|(_, r)| r[c_sel] == "true")
        .map(|(k, _)| k.clone())
        .collect();
    assert_eq!(before.len(), 21);

    // 2. With decisions: exclude the first, include the outsider; the budget stays 21.
    let dec = t.path().join("decisions.csv");
    std::fs::write(
        &dec,
        format!("uai;decision;reason;author;date\n{first};exclude;Fermeture annoncée;Comité du 12 mai;2024-05-12\n{outsider};include;Quartier en rénovation;Comité du 12 mai;2024-05-12\n"),
    )
    .unwrap();
    let out2 = t.path().join("decided");
    let extra = format!("decisions = {:?}\n", dec.display().to_string());
    let (code, err) = run_config(
        t.path(),
        "decided.toml",
        &config(&r, &out2, &extra, PROGRESSIVE),
    );
    assert_eq!(code, 0, "{err}");
    // The decisions file is an input of the run: the manifest hashes it and `verify` names it when
    // it changes.
    let manifest = std::fs::read_to_string(out2.join("manifest.json")).unwrap();
    assert!(manifest.contains("decisions.csv"), "{manifest}");
    let kept = std::fs::read(&dec).unwrap();
    std::fs::write(&dec, [kept.as_slice(), b"\n"].concat()).unwrap();
    let (code, stdout, err) = common::run_str(&["verify", out2.to_str().unwrap(), "--hashes-only"]);
    assert_ne!(code, 0, "{stdout}{err}");
    assert!(
        stdout.contains("decisions.csv: changed since the run"),
        "{stdout}{err}"
    );
    std::fs::write(&dec, kept).unwrap();
    let (h2, sel2) = by_id(&out2.join("selection.csv"));
    let after: Vec<String> = sel2
        .iter()
        .filter(|(_, r)| r[col(&h2, "selected")] == "true")
        .map(|(k, _)| k.clone())
        .collect();
    let mut want: Vec<String> = before
        .iter()
        .filter(|u| **u != first)
        .cloned()
        .chain([outsider.clone()])
        .collect();
    want.sort();
    assert_eq!(
        after, want,
        "the excluded school leaves, the included one takes its place"
    );
    assert!(
        !after.contains(&rank22),
        "an inclusion takes the place freed by the exclusion"
    );
    let reasons = col(&h2, "reasons");
    assert!(
        sel2[&first][reasons]
            .contains("excluded by decision: Fermeture annoncée (Comité du 12 mai, 2024-05-12)"),
        "{}",
        sel2[&first][reasons]
    );
    assert!(sel2[&outsider][reasons].contains("included by decision: Quartier en rénovation"));
    // The inclusion took one of the 21 places: the rules filled 20, and a school just outside says
    // so ("rank 21 > 20", never "rank 21 > 21").
    let mut outside = 0;
    for row in sel2.values() {
        if let Some(at) = row[reasons].find("outside the budget (rank ") {
            let rest = &row[reasons][at + 25..];
            let (r, n) = rest[..rest.find(')').unwrap()].split_once(" > ").unwrap();
            assert_eq!(n, "20", "{}", row[reasons]);
            assert!(r.parse::<usize>().unwrap() > 20, "{}", row[reasons]);
            outside += 1;
        }
    }
    assert!(outside > 0);
    assert_eq!(sel2[&first][col(&h2, "decision")], "exclude");
    assert_eq!(sel2[&outsider][col(&h2, "decision")], "include");
    let report = std::fs::read_to_string(out2.join("report.html")).unwrap();
    assert!(report.contains("Quartier en rénovation") && report.contains("Fermeture annoncée"));
    assert!(report.contains("id=\"allocation\""));

    // 3. The allocation: 21 schools, exactly 1000 hours, whole hours within [10, 100], coefficients
    //    recomputed by hand from the IPS, weights = coefficient × headcount, monotone.
    let (ha, al) = by_id(&out2.join("allocation.csv"));
    assert_eq!(al.len(), 21);
    let ids: Vec<&String> = al.keys().collect();
    assert_eq!(ids, want.iter().collect::<Vec<_>>());
    let num = |row: &Vec<String>, c: &str| row[col(&ha, c)].parse::<f64>().unwrap();
    let total: f64 = al.values().map(|r| num(r, "amount")).sum();
    assert_eq!(total, 1000.0);
    for (u, row) in &al {
        let (amount, ips, size) = (num(row, "amount"), num(row, "ips"), num(row, "size"));
        assert!(
            (10.0..=100.0).contains(&amount) && amount.fract() == 0.0,
            "{u}: {amount}"
        );
        let f = if ips <= 80.0 {
            2.0
        } else if ips >= 110.0 {
            1.0
        } else {
            2.0 - (ips - 80.0) / 30.0
        };
        assert!((num(row, "coefficient") - f).abs() < 1e-12, "{u}");
        assert!((num(row, "weight") - f * size).abs() < 1e-9, "{u}");
        assert!((num(row, "amount_per_pupil") - amount / size).abs() < 1e-12);
    }
    let rows: Vec<&Vec<String>> = al.values().collect();
    for a in &rows {
        for b in &rows {
            if num(a, "size") == num(b, "size") && num(a, "ips") < num(b, "ips") {
                assert!(num(a, "amount") >= num(b, "amount"));
            }
            // Weights order the amounts wherever neither is at a bound (proportionality).
            let free = |x: &Vec<String>| (10.0 + 1.0..100.0 - 1.0).contains(&num(x, "amount"));
            if free(a) && free(b) && num(a, "weight") > num(b, "weight") + 1e-9 {
                assert!(num(a, "amount") + 1.0 >= num(b, "amount"));
            }
        }
    }
    let (hs, sums) = common::read_csv(&out2.join("allocation_summary.csv"));
    let env = sums.iter().find(|r| r[0] == "envelope").unwrap();
    assert_eq!(env[col(&hs, "total")].parse::<f64>().unwrap(), 1000.0);
    assert_eq!(env[col(&hs, "schools")], "21");
    assert!(
        out2.join("figures/allocation.png").exists()
            && out2.join("figures/allocation.svg").exists()
    );
    // The concentration curve and its index, recomputed here from allocation.csv: schools by IPS
    // (all have one), trapezoids of (cumulative pupils, cumulative hours); C = 1 − 2A. A
    // progressive rule concentrates the hours on the lowest IPS: C < 0.
    let mut by_ips: Vec<(f64, String, f64, f64)> = al
        .iter()
        .map(|(u, r)| (num(r, "ips"), u.clone(), num(r, "size"), num(r, "amount")))
        .collect();
    by_ips.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let size: f64 = by_ips.iter().map(|r| r.2).sum();
    let (mut cx, mut cy, mut area) = (0.0, 0.0, 0.0);
    for r in &by_ips {
        area += r.2 / size * (2.0 * cy + r.3) / 1000.0 / 2.0;
        cx += r.2;
        cy += r.3;
    }
    assert!((cx - size).abs() < 1e-9 && cy == 1000.0);
    let c = env[col(&hs, "concentration_index")].parse::<f64>().unwrap();
    assert!(
        (c - (1.0 - 2.0 * area)).abs() < 1e-9,
        "{c} vs {}",
        1.0 - 2.0 * area
    );
    assert!(c < 0.0, "a progressive rule: {c}");
    assert!(
        out2.join("figures/allocation_lorenz.png").exists()
            && out2.join("figures/allocation_lorenz.svg").exists()
    );
    // The report names what the size measures and the column it is read from.
    assert!(
        report.contains("nombre d'élèves, colonne « headcount »")
            || report.contains("number of pupils, column “headcount”"),
        "the size in words"
    );

    // 4. `ciblage allocate` on the run's folder: per-département envelopes (one per département
    //    of the list), need classes; each envelope exact.
    let mut deps: BTreeMap<String, usize> = BTreeMap::new();
    for row in al.values() {
        *deps
            .entry(row[col(&ha, "departement")].clone())
            .or_default() += 1;
    }
    let envelopes: Vec<String> = deps
        .iter()
        .map(|(d, n)| format!("{d:?} = {}", n * 20))
        .collect();
    let amount: usize = deps.values().map(|n| n * 20).sum();
    let spec = t.path().join("alloc.toml");
    std::fs::write(
        &spec,
        format!("[allocation]\namount = {amount}\nunit = \"posts\"\nstep = 0.5\nsize = \"headcount\"\nrule = \"classes\"\nclasses_of = \"need\"\nbounds = [0.5]\ncoefficients = [1, 1.5]\nper = \"departement\"\nenvelopes = {{ {} }}\n", envelopes.join(", ")),
    )
    .unwrap();
    let out3 = t.path().join("alloc");
    let (code, _, err) = common::run_str(&[
        "allocate",
        out2.to_str().unwrap(),
        "--config",
        spec.to_str().unwrap(),
        "--out",
        out3.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (h3, rows3) = common::read_csv(&out3.join("allocation.csv"));
    assert_eq!(rows3.len(), 21);
    let mut per_dep: BTreeMap<String, f64> = BTreeMap::new();
    for row in &rows3 {
        let a: f64 = row[col(&h3, "amount")].parse().unwrap();
        assert_eq!((a * 2.0).fract(), 0.0, "half posts");
        *per_dep.entry(row[col(&h3, "group")].clone()).or_default() += a;
    }
    for (d, n) in &deps {
        assert_eq!(per_dep[d], (*n * 20) as f64, "envelope of {d}");
    }

    // 5. Settings checked before work: Σ floors above the envelope names the key (exit 2), a bad
    //    value names the file and line.
    std::fs::write(
        &spec,
        "[allocation]\namount = 100\nsize = \"headcount\"\nfloor = 10\n",
    )
    .unwrap();
    let (code, _, err) = common::run_str(&[
        "allocate",
        out2.to_str().unwrap(),
        "--config",
        spec.to_str().unwrap(),
        "--out",
        t.path().join("x").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("floor") && err.contains("21 schools"), "{err}");
    // 100 hours over 21 schools: a floor of at most 4 whole hours (not 4.76…).
    assert!(err.contains("at most 4 (21 schools"), "{err}");
    assert!(!t.path().join("x").exists());
    std::fs::write(
        &spec,
        "[allocation]\namount = 100.5\nsize = \"headcount\"\n",
    )
    .unwrap();
    let (code, _, err) = common::run_str(&[
        "allocate",
        out2.to_str().unwrap(),
        "--config",
        spec.to_str().unwrap(),
        "--out",
        t.path().join("x").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("line 2") && err.contains("amount"), "{err}");

    // 6. The sensitivity analysis applies the decisions as the main list does: the included school
    //    is in every variant and resample, the excluded one in none.
    let out4 = t.path().join("sensitive");
    let text = config(&r, &out4, &extra, "").replace("sensitivity = false\n", "");
    let (code, err) = run_config(t.path(), "sensitive.toml", &text);
    assert_eq!(code, 0, "{err}");
    let (hs, st) = by_id(&out4.join("sensitivity.csv"));
    let freq = |u: &str, c: &str| st[u][col(&hs, c)].parse::<f64>().unwrap();
    for c in ["variant_frequency", "bootstrap_frequency"] {
        assert_eq!(freq(&outsider, c), 1.0, "{c} of the included school");
        assert_eq!(freq(&first, c), 0.0, "{c} of the excluded school");
    }
}

#[test]
fn a_decision_on_an_unknown_school_names_file_line_and_uai() {
    let Some(r) = real() else { return };
    let t = tempfile::tempdir().unwrap();
    let digits = "0449999";
    let uai = format!(
        "{digits}{}",
        ciblage::data::uai::check_letter(digits).unwrap()
    );
    let dec = t.path().join("decisions.csv");
    std::fs::write(
        &dec,
        format!("uai,decision,reason,author,date\n{uai},include,QPV,Comité,2024-05-12\n"),
    )
    .unwrap();
    let extra = format!("decisions = {:?}\n", dec.display().to_string());
    let out = t.path().join("out");
    let (code, err) = run_config(t.path(), "c.toml", &config(&r, &out, &extra, ""));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("decisions.csv: line 2: UAI") && err.contains(&uai),
        "{err}"
    );
    assert!(!out.exists(), "no partial folder");
}
