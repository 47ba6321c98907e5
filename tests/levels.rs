//! `ciblage run` per school level on the real official files of one académie (skipped when
//! `../shared/data/real/` is absent; the lycées pro run reads the IVAL pro fixture, since no IVAL pro
//! file could be obtained: see `tests/data/levels/README.md`).
//!
//! Each test counts the schools to analyse from the raw files itself (a plain `;` split), then
//! re-checks every selected school against every rule of its preset from the raw values.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A raw `;` file as maps header → cell, BOM removed.
pub(crate) fn raw(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(';')
        .map(|h| h.trim().to_string())
        .collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(';').map(|c| c.trim().to_string()))
                .collect()
        })
        .collect()
}

pub(crate) fn num(row: &BTreeMap<String, String>, col: &str) -> Option<f64> {
    row.get(col).and_then(|c| c.parse::<f64>().ok())
}

/// R's type-7 median.
pub(crate) fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// `selection.csv` as maps column → cell.
pub(crate) fn selection(dir: &Path) -> Vec<BTreeMap<String, String>> {
    let (h, rows) = common::read_csv(&dir.join("selection.csv"));
    rows.into_iter()
        .map(|r| h.iter().cloned().zip(r).collect())
        .collect()
}

/// A row of a school the selection considered (the others say "not analysed: why").
pub(crate) fn analysed_row(r: &BTreeMap<String, String>) -> bool {
    !r["reasons"].starts_with("not analysed")
}

fn run(args: &[&str]) -> (String, String) {
    let (code, out, err) = common::run_str(args);
    assert_eq!(code, 0, "{err}");
    (out, err)
}

/// The independent count of a lycées GT run (IPS lycées old series 2020-21 + IVAL GT 2021): the public
/// lycées of `academie` in both files with every indicator present, UAI → the seven indicators
/// (IPS GT, its spread, success rate, its VA, access rate 2nde-bac, its VA, mention rate).
pub(crate) fn lycees_gt_analysed(
    ips: &Path,
    ival: &Path,
    academie: &str,
) -> BTreeMap<String, [f64; 7]> {
    // The independent count: public lycées of the académie in both files, every indicator present.
    let ival_rows: BTreeMap<String, BTreeMap<String, String>> = raw(ival)
        .into_iter()
        .map(|r| (r["UAI"].clone(), r))
        .collect();
    let mut analysed: BTreeMap<String, [f64; 7]> = BTreeMap::new();
    for r in raw(ips) {
        if r["Rentrée scolaire"] != "2020-2021"
            || r["Académie"] != academie
            || r["Secteur"] != "public"
        {
            continue;
        }
        let Some(v) = ival_rows.get(&r["UAI"]) else {
            continue;
        };
        let vals = [
            num(&r, "IPS voie GT"),
            num(&r, "Ecart-type de l'IPS voie GT"),
            num(v, "Taux de reussite - Toutes series"),
            num(v, "Valeur ajoutee du taux de reussite - Toutes series"),
            num(v, "Taux d'acces 2nde-bac"),
            num(v, "Valeur ajoutee du taux d'acces 2nde-bac"),
            num(v, "Taux de mentions - Toutes series"),
        ];
        if vals.iter().all(Option::is_some) {
            analysed.insert(r["UAI"].clone(), vals.map(|x| x.unwrap_or(f64::NAN)));
        }
    }
    analysed
}

/// `ciblage run` of the lycées GT of Nantes (IPS lycées old series 2020-21 + IVAL GT 2021 of the
/// real folder `d`), with `extra` flags, into `out`: (code, stderr).
pub(crate) fn run_lycees_gt(d: &Path, extra: &[&str], out: &Path) -> (i32, String) {
    let (ips, ival) = (
        d.join("ips_lycees_2016_2022.csv"),
        d.join("ival_lycees_gt_2021.csv"),
    );
    let mut a = vec![
        "run",
        ips.to_str().unwrap(),
        ival.to_str().unwrap(),
        "--academie",
        "NANTES",
        "--year",
        "2020-2021",
    ];
    a.extend(extra);
    a.extend(["--out", out.to_str().unwrap()]);
    let (code, _, err) = common::run_str(&a);
    (code, err)
}

/// Lycées GT: IPS lycées (old series) 2020-21 + IVAL GT 2021, académie de Nantes, public.
#[test]
fn lycees_gt_of_one_academie() {
    let Some(d) = common::real_dir() else { return };
    let ips = d.join("ips_lycees_2016_2022.csv");
    let ival = d.join("ival_lycees_gt_2021.csv");
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("gt");
    let (code, err) = run_lycees_gt(&d, &["--lang", "fr"], &out);
    assert_eq!(code, 0, "{err}");
    let analysed = lycees_gt_analysed(&ips, &ival, "NANTES");
    assert!(analysed.len() > 50, "{}", analysed.len());
    let sel = selection(&out);
    let in_list: Vec<&BTreeMap<String, String>> = sel.iter().filter(|r| analysed_row(r)).collect();
    assert_eq!(in_list.len(), analysed.len(), "schools analysed");
    let ids: BTreeSet<&str> = in_list.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, analysed.keys().map(String::as_str).collect());
    // Every selected lycée meets every rule of the preset, from the raw values.
    let med_ips = median(analysed.values().map(|v| v[0]).collect());
    let med_access = median(analysed.values().map(|v| v[4]).collect());
    let selected: Vec<&str> = sel
        .iter()
        .filter(|r| r["selected"] == "true")
        .map(|r| r["id"].as_str())
        .collect();
    let eligible = analysed
        .values()
        .filter(|v| v[0] <= med_ips && v[4] <= med_access && v[3] <= 0.0)
        .count();
    assert_eq!(selected.len(), eligible.min(21));
    for u in &selected {
        let v = analysed[*u];
        assert!(v[0] <= med_ips, "{u}: IPS GT {} > {med_ips}", v[0]);
        assert!(v[4] <= med_access, "{u}: access {} > {med_access}", v[4]);
        assert!(v[3] <= 0.0, "{u}: VA {}", v[3]);
    }
    // Lycées are outside éducation prioritaire: orphans not computed, and said so.
    assert!(sel.iter().all(|r| r["orphan_threshold"].is_empty()
        && r["orphan_cluster"].is_empty()
        && r["orphan_neighbourhood"].is_empty()));
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("lycées généraux et technologiques"));
    assert!(report.contains("lycées retenus"));
    assert!(report.contains("non calculés : les lycées sont hors éducation prioritaire"));
    assert!(report.contains("résultats des lycées GT (IVAL), session 2021"));
    if eligible < 21 {
        let short = format!("{eligible} éligibles &lt; enveloppe 21");
        assert!(report.contains(&short), "{short}");
        assert!(
            err.contains(&format!("({eligible} éligibles < enveloppe 21)")),
            "{err}"
        );
    }
    eprintln!(
        "lycées GT NANTES: {} analysed, {eligible} eligible",
        analysed.len()
    );
}

/// Lycées pro: IPS lycées 2020-21 (pro track) + the IVAL pro fixture, académie d'Aix-Marseille.
#[test]
fn lycees_pro_of_one_academie_on_the_fixture() {
    let Some(d) = common::real_dir() else { return };
    let ips = d.join("ips_lycees_2016_2022.csv");
    let ival: PathBuf =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/levels/ival_pro_aix_2021.csv");
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("pro");
    let (_, err) = run(&[
        "run",
        ips.to_str().unwrap(),
        ival.to_str().unwrap(),
        "--academie",
        "AIX-MARSEILLE",
        "--year",
        "2020-2021",
        "--tables-only",
        "--out",
        out.to_str().unwrap(),
    ]);
    let ival_rows: BTreeMap<String, BTreeMap<String, String>> = raw(&ival)
        .into_iter()
        .map(|r| (r["uai"].clone(), r))
        .collect();
    let mut analysed: BTreeMap<String, [f64; 7]> = BTreeMap::new();
    for r in raw(&ips) {
        if r["Rentrée scolaire"] != "2020-2021"
            || r["Académie"] != "AIX-MARSEILLE"
            || r["Secteur"] != "public"
        {
            continue;
        }
        let Some(v) = ival_rows.get(&r["UAI"]) else {
            continue;
        };
        let vals = [
            num(&r, "IPS voie PRO"),
            num(&r, "Ecart-type de l'IPS voie PRO"),
            num(v, "taux_reu_total"),
            num(v, "va_reu_total"),
            num(v, "taux_acces_2nde"),
            num(v, "va_acces_2nde"),
            num(v, "taux_men_total"),
        ];
        if vals.iter().all(Option::is_some) {
            analysed.insert(r["UAI"].clone(), vals.map(|x| x.unwrap_or(f64::NAN)));
        }
    }
    let sel = selection(&out);
    let ids: BTreeSet<&str> = sel
        .iter()
        .filter(|r| analysed_row(r))
        .map(|r| r["id"].as_str())
        .collect();
    assert_eq!(ids, analysed.keys().map(String::as_str).collect());
    let med_ips = median(analysed.values().map(|v| v[0]).collect());
    let med_access = median(analysed.values().map(|v| v[4]).collect());
    let eligible = analysed
        .values()
        .filter(|v| v[0] <= med_ips && v[4] <= med_access && v[3] <= 0.0)
        .count();
    let selected: Vec<&str> = sel
        .iter()
        .filter(|r| r["selected"] == "true")
        .map(|r| r["id"].as_str())
        .collect();
    assert_eq!(selected.len(), eligible.min(21));
    for u in &selected {
        let v = analysed[*u];
        assert!(v[0] <= med_ips && v[4] <= med_access && v[3] <= 0.0, "{u}");
    }
    if eligible < 21 {
        assert!(
            err.contains(&format!("({eligible} eligible < budget 21)")),
            "{err}"
        );
    }
    eprintln!(
        "lycées pro AIX-MARSEILLE: {} analysed, {eligible} eligible",
        analysed.len()
    );
}

/// Écoles: IPS écoles 2024-25 + EP list, académie de Rennes, public. One indicator: no PCA or
/// clusters (said in the report), the selection and maps still run.
#[test]
fn ecoles_of_one_academie() {
    let Some(d) = common::real_dir() else { return };
    let ips = d.join("ips_ecoles_2022_2025.csv");
    let ep = d.join("etablissements_ep_2022_2023.csv");
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("ecoles");
    let (_, err) = run(&[
        "run",
        ips.to_str().unwrap(),
        ep.to_str().unwrap(),
        "--academie",
        "RENNES",
        "--year",
        "2024-2025",
        "--lang",
        "fr",
        "--out",
        out.to_str().unwrap(),
    ]);
    let status: BTreeMap<String, String> = raw(&ep)
        .into_iter()
        .map(|r| (r["uai"].clone(), r["ep_2022_2023"].clone()))
        .collect();
    // (département, IPS, EP status) of every public école of the académie with a published IPS.
    let mut analysed: BTreeMap<String, (String, f64, String)> = BTreeMap::new();
    for r in raw(&ips) {
        if r["rentree_scolaire"] != "2024-2025"
            || r["academie"] != "RENNES"
            || r["secteur"] != "public"
        {
            continue;
        }
        if let Some(x) = num(&r, "ips") {
            let st = status.get(&r["uai"]).cloned().unwrap_or_default();
            analysed.insert(r["uai"].clone(), (r["code_du_departement"].clone(), x, st));
        }
    }
    let sel = selection(&out);
    let ids: BTreeSet<&str> = sel
        .iter()
        .filter(|r| analysed_row(r))
        .map(|r| r["id"].as_str())
        .collect();
    assert_eq!(ids, analysed.keys().map(String::as_str).collect());
    let rep = |s: &str| s == "REP" || s == "REP+";
    // Medians of each département: all écoles (eligibility), REP/REP+ écoles (orphans).
    let deps: BTreeSet<&str> = analysed.values().map(|v| v.0.as_str()).collect();
    let med = |d: &str, only_rep: bool| {
        median(
            analysed
                .values()
                .filter(|v| v.0 == d && (!only_rep || rep(&v.2)))
                .map(|v| v.1)
                .collect(),
        )
    };
    let median_all: BTreeMap<&str, f64> = deps.iter().map(|d| (*d, med(d, false))).collect();
    let median_rep: BTreeMap<&str, f64> = deps.iter().map(|d| (*d, med(d, true))).collect();
    let eligible: Vec<&String> = analysed
        .iter()
        .filter(|(_, v)| !rep(&v.2) && v.1 <= median_all[v.0.as_str()])
        .map(|(u, _)| u)
        .collect();
    let selected: Vec<&BTreeMap<String, String>> =
        sel.iter().filter(|r| r["selected"] == "true").collect();
    assert_eq!(selected.len(), eligible.len().min(21));
    for r in &selected {
        let v = &analysed[&r["id"]];
        assert!(!rep(&v.2) && v.1 <= median_all[v.0.as_str()], "{}", r["id"]);
    }
    // Ranked on the IPS: the lowest IPS among the eligible are the ones selected.
    let mut by_ips: Vec<f64> = eligible.iter().map(|u| analysed[*u].1).collect();
    by_ips.sort_by(f64::total_cmp);
    let worst_selected = selected
        .iter()
        .map(|r| analysed[&r["id"]].1)
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(
        worst_selected <= by_ips[20],
        "{worst_selected} > {}",
        by_ips[20]
    );
    // Orphans: IPS at most the median of the REP/REP+ écoles of the département; never a REP école.
    for r in sel.iter().filter(|r| analysed_row(r)) {
        let v = &analysed[&r["id"]];
        let want = !rep(&v.2) && v.1 <= median_rep[v.0.as_str()];
        assert_eq!(r["orphan_threshold"] == "true", want, "{}", r["id"]);
        assert!(!(rep(&v.2) && r["orphan_threshold"] == "true"));
    }
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("écoles retenues parmi"));
    assert!(report.contains("ACP et classification non réalisées : un seul indicateur (ips)"));
    // Maps drawn; the écoles without coordinates (not in the EP list) are counted under the map.
    assert!(out.join("figures/map_selected.svg").exists());
    assert!(!out.join("figures/scree.svg").exists());
    let no_coord = analysed.keys().filter(|u| !status.contains_key(*u)).count();
    assert!(
        report.contains(&format!("{no_coord} sans coordonnées")),
        "{no_coord}"
    );
    // One active indicator: no clustering ran, and the summary says so and why (never "0 classes").
    assert!(
        err.contains(", pas de classification (un seul indicateur actif), "),
        "{err}"
    );
    assert!(!err.contains("0 classes"), "{err}");
    // The selected écoles the maps cannot show are named.
    let off_map = selected
        .iter()
        .filter(|r| !status.contains_key(&r["id"]))
        .count();
    if off_map > 0 {
        let line =
            format!("Établissements retenus sans coordonnées, absents des cartes ({off_map}) :");
        assert!(report.contains(&line), "{line}");
        let first = selected
            .iter()
            .find(|r| !status.contains_key(&r["id"]))
            .unwrap();
        assert!(report.contains(&format!("({})", first["id"])));
    }
    eprintln!(
        "écoles RENNES: {} analysed, {} eligible, {no_coord} without coordinates",
        analysed.len(),
        eligible.len()
    );
}

/// `select` with a level's preset uses the level's indicators and rules, as `run` does: the same list.
#[test]
fn select_with_a_level_preset_gives_the_run_list() {
    let Some(d) = common::real_dir() else { return };
    let ips = d.join("ips_lycees_2016_2022.csv");
    let ival = d.join("ival_lycees_gt_2021.csv");
    let t = tempfile::tempdir().unwrap();
    let common_args = [
        ips.to_str().unwrap(),
        ival.to_str().unwrap(),
        "--academie",
        "NANTES",
        "--year",
        "2020-2021",
    ];
    let sel_dir = t.path().join("sel");
    let run_dir = t.path().join("run");
    let mut a = vec!["select", "--preset", "lycees-gt"];
    a.extend(common_args);
    a.extend(["--out", sel_dir.to_str().unwrap()]);
    run(&a);
    let mut b = vec!["run", "--tables-only"];
    b.extend(common_args);
    b.extend(["--out", run_dir.to_str().unwrap()]);
    run(&b);
    let chosen = |dir: &Path| -> Vec<String> {
        let mut v: Vec<String> = selection(dir)
            .into_iter()
            .filter(|r| r["selected"] == "true")
            .map(|r| r["id"].clone())
            .collect();
        v.sort();
        v
    };
    let (s, r) = (chosen(&sel_dir), chosen(&run_dir));
    assert_eq!(s.len(), 21);
    assert_eq!(s, r);
}

/// Écoles with the service's own indicator table (issue 16: "an optional indicator table of the
/// service's own … through `table`"): national-assessment-like scores keyed by the real écoles of
/// Rennes, made up here from each école's IPS and UAI (one école in fifty has none). With them the
/// run has three active indicators, so the PCA and the clustering run; without, one indicator, and
/// both are skipped (the note of `ecoles_of_one_academie`).
#[test]
fn ecoles_with_the_services_own_indicator_table() {
    let Some(d) = common::real_dir() else { return };
    let ips = d.join("ips_ecoles_2022_2025.csv");
    let ep = d.join("etablissements_ep_2022_2023.csv");
    let t = tempfile::tempdir().unwrap();
    let mut table = String::from("uai;score_francais;score_maths\n");
    let mut without: BTreeSet<String> = BTreeSet::new();
    for r in raw(&ips)
        .iter()
        .filter(|r| r["academie"] == "RENNES" && r["rentree_scolaire"] == "2024-2025")
    {
        let digits: u64 = r["uai"][..7].parse().unwrap();
        if digits % 50 == 0 {
            without.insert(r["uai"].clone());
            continue;
        }
        let x = num(r, "ips").unwrap_or(100.0);
        let (fr, ma) = (
            0.5 * x + (digits % 17) as f64,
            0.4 * x + (digits % 23) as f64,
        );
        table.push_str(&format!("{};{fr};{ma}\n", r["uai"]));
    }
    let scores = t.path().join("evaluations.csv");
    std::fs::write(&scores, table).unwrap();
    let with = t.path().join("with");
    let alone = t.path().join("alone");
    let base = [ips.to_str().unwrap(), ep.to_str().unwrap()];
    let tail = [
        "--academie",
        "RENNES",
        "--lang",
        "fr",
        "--tables-only",
        "--out",
    ];
    let mut a: Vec<&str> = vec!["run"];
    a.extend(base);
    a.push(scores.to_str().unwrap());
    a.extend(["--active", "ips,score_francais,score_maths"]);
    a.extend(tail);
    a.push(with.to_str().unwrap());
    let (_, err) = run(&a);
    let mut b: Vec<&str> = vec!["run"];
    b.extend(base);
    b.extend(tail);
    b.push(alone.to_str().unwrap());
    run(&b);
    // With the table: three eigenvalues summing to 3, clusters, the variables named as in the file.
    let (_, eig) = common::read_csv(&with.join("eigenvalues.csv"));
    assert_eq!(eig.len(), 3);
    let total: f64 = eig.iter().map(|r| r[1].parse::<f64>().unwrap()).sum();
    assert!((total - 3.0).abs() < 1e-9, "{total}");
    let (_, vars) = common::read_csv(&with.join("variables.csv"));
    let names: Vec<&str> = vars.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["ips", "score_francais", "score_maths"]);
    let (_, clusters) = common::read_csv(&with.join("clusters.csv"));
    assert!(
        err.contains(" classes, 21 retenus") && !err.contains(" 0 classes"),
        "{err}"
    );
    // Without: one indicator, no clustering.
    let (_, eig0) = common::read_csv(&alone.join("eigenvalues.csv"));
    assert_eq!(eig0.len(), 1);
    assert!(!alone.join("clusters.csv").exists());
    // Every école analysed alone is analysed with the table, but those without scores, which are
    // dropped for their missing values, each in rejected.csv.
    let ids = |dir: &Path| -> BTreeSet<String> {
        selection(dir)
            .iter()
            .filter(|r| analysed_row(r))
            .map(|r| r["id"].clone())
            .collect()
    };
    let (ids0, ids1) = (ids(&alone), ids(&with));
    let dropped: BTreeSet<String> = ids0.difference(&ids1).cloned().collect();
    assert!(ids1.is_subset(&ids0));
    assert_eq!(dropped, ids0.intersection(&without).cloned().collect());
    assert!(!dropped.is_empty());
    assert_eq!(clusters.len(), ids1.len());
    let (_, rejected) = common::read_csv(&with.join("rejected.csv"));
    for u in &dropped {
        assert!(
            rejected
                .iter()
                .any(|r| &r[3] == u && r[5].contains("missing")),
            "{u} not in rejected.csv"
        );
    }
}
