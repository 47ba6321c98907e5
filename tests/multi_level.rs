//! `ciblage run` over the files of several school levels (issue 16: "a school level never mixes with
//! another"; issue 22: envelopes per level), on the real official files of the académie de Rennes:
//! IPS écoles 2022–2025 + IPS collèges 2022-23 + IVAC + EP list (skipped when
//! `../shared/data/real/` is absent).
//!
//! Each level is checked against an independent count from the raw files, against the run over
//! that level's files alone (the same list, byte for byte), and for determinism across thread counts.

use crate::common;
use crate::levels::{analysed_row, num, raw, selection};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

struct Real {
    ecoles: PathBuf,
    colleges: PathBuf,
    ivac: PathBuf,
    ep: PathBuf,
}

fn real() -> Option<Real> {
    let d = common::real_dir()?;
    Some(Real {
        ecoles: d.join("ips_ecoles_2022_2025.csv"),
        colleges: d.join("ips_colleges_2022_2023.csv"),
        ivac: d.join("ival_colleges_2022_2024.csv"),
        ep: d.join("etablissements_ep_2022_2023.csv"),
    })
}

/// Run the binary with `threads` worker threads: (code, stderr).
fn run_threads(args: &[&str], threads: &str) -> (i32, String) {
    let o = common::bin()
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn ids(dir: &Path) -> BTreeSet<String> {
    selection(dir)
        .into_iter()
        .map(|r| r["id"].clone())
        .collect()
}

/// Écoles and collèges of Rennes in one run: one analysis and one list per level, each the list of
/// the level's own run, rows per level as counted from the raw files, deterministic at 1 and 2
/// threads, one report with a part per level.
#[test]
fn ecoles_and_colleges_of_one_academie_stay_apart() {
    let Some(r) = real() else { return };
    let t = tempfile::tempdir().unwrap();
    let (e, c, iv, ep) = (
        r.ecoles.to_str().unwrap(),
        r.colleges.to_str().unwrap(),
        r.ivac.to_str().unwrap(),
        r.ep.to_str().unwrap(),
    );
    let out1 = t.path().join("both1");
    let out2 = t.path().join("both2");
    let both = |out: &Path| -> Vec<String> {
        [
            "run",
            e,
            c,
            iv,
            ep,
            "--academie",
            "RENNES",
            "--lang",
            "fr",
            "--out",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([out.to_str().unwrap().to_string()])
        .collect()
    };
    let a1 = both(&out1);
    let (code, err) = run_threads(&a1.iter().map(String::as_str).collect::<Vec<_>>(), "1");
    assert_eq!(code, 0, "{err}");
    let a2 = both(&out2);
    let (code, _) = run_threads(&a2.iter().map(String::as_str).collect::<Vec<_>>(), "2");
    assert_eq!(code, 0);
    // Deterministic: every file byte-identical at 1 and 2 threads (the manifest records the thread
    // count, the start time and the timings).
    let (f1, f2) = (common::files_under(&out1), common::files_under(&out2));
    assert_eq!(f1.keys().collect::<Vec<_>>(), f2.keys().collect::<Vec<_>>());
    for (k, v) in &f1 {
        if k != "manifest.json" {
            assert!(v == &f2[k], "{k} differs between 1 and 2 threads");
        }
    }
    // Independent counts from the raw files: the rows each level joins.
    let ecoles_raw = raw(&r.ecoles);
    let rows_ecoles = ecoles_raw
        .iter()
        .filter(|x| x["rentree_scolaire"] == "2024-2025")
        .count();
    let colleges_raw = raw(&r.colleges);
    let ivac_2023: BTreeSet<String> = raw(&r.ivac)
        .into_iter()
        .filter(|x| x["Session"] == "2023")
        .map(|x| x["UAI"].clone())
        .collect();
    let rows_colleges = colleges_raw
        .iter()
        .filter(|x| ivac_2023.contains(&x["uai"]))
        .count();
    assert_eq!((rows_ecoles, rows_colleges), (32_494, 6_613));
    let (h, levels) = common::read_csv(&out1.join("levels.csv"));
    assert_eq!(
        h[..6],
        [
            "level",
            "folder",
            "rows_joined",
            "rows_excluded",
            "rows_dropped",
            "rows_analysed"
        ]
    );
    assert_eq!(levels.len(), 2);
    assert_eq!(
        levels[0][..3],
        ["ecoles", "ecoles/", &rows_ecoles.to_string()]
    );
    assert_eq!(
        levels[1][..3],
        ["colleges", "colleges/", &rows_colleges.to_string()]
    );
    // Every joined row is excluded, dropped or analysed, in its level; the manifest sums the levels.
    let n = |row: &Vec<String>, i: usize| row[i].parse::<usize>().unwrap();
    for row in &levels {
        assert_eq!(n(row, 2), n(row, 3) + n(row, 4) + n(row, 5), "{row:?}");
    }
    let m: serde_json::Value = serde_json::from_slice(&f1["manifest.json"]).unwrap();
    assert_eq!(m["rows_in"], rows_ecoles + rows_colleges);
    assert_eq!(m["levels"].as_array().unwrap().len(), 2);
    assert_eq!(m["inputs"].as_array().unwrap().len(), 4, "each input once");
    // Every output is in the manifest, and nothing else is in the folder.
    let listed: BTreeSet<String> = m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["path"].as_str().unwrap().to_string())
        .chain(["manifest.json".to_string()])
        .collect();
    assert_eq!(listed, f1.keys().cloned().collect());
    // The écoles analysed: public écoles of Rennes with a published IPS in 2024-25.
    let analysed_ecoles: BTreeSet<String> = ecoles_raw
        .iter()
        .filter(|x| {
            x["rentree_scolaire"] == "2024-2025"
                && x["academie"] == "RENNES"
                && x["secteur"] == "public"
                && num(x, "ips").is_some()
        })
        .map(|x| x["uai"].clone())
        .collect();
    let sel_e = selection(&out1.join("ecoles"));
    let sel_c = selection(&out1.join("colleges"));
    let got: BTreeSet<String> = sel_e
        .iter()
        .filter(|x| analysed_row(x))
        .map(|x| x["id"].clone())
        .collect();
    assert_eq!(got, analysed_ecoles);
    assert_eq!(n(&levels[0], 5), analysed_ecoles.len());
    // No école in the collèges' list, no collège in the écoles': each list holds its level's UAIs.
    let ecole_uais: BTreeSet<String> = ecoles_raw.iter().map(|x| x["uai"].clone()).collect();
    let college_uais: BTreeSet<String> = colleges_raw.iter().map(|x| x["uai"].clone()).collect();
    assert!(ids(&out1.join("ecoles")).is_subset(&ecole_uais));
    assert!(ids(&out1.join("colleges")).is_subset(&college_uais));
    assert!(ids(&out1.join("ecoles")).is_disjoint(&ids(&out1.join("colleges"))));
    let sel_count =
        |s: &[BTreeMap<String, String>]| s.iter().filter(|x| x["selected"] == "true").count();
    assert_eq!((sel_count(&sel_e), sel_count(&sel_c)), (21, 21));
    // Each level's list is the one of the run over that level's files alone: same bytes.
    for (level, args) in [("ecoles", vec![e, ep]), ("colleges", vec![c, iv, ep])] {
        let alone = t.path().join(level);
        let mut a = vec!["run"];
        a.extend(args);
        a.extend([
            "--academie",
            "RENNES",
            "--tables-only",
            "--out",
            alone.to_str().unwrap(),
        ]);
        let (code, _, err) = common::run_str(&a);
        assert_eq!(code, 0, "{err}");
        for f in ["selection.csv", "thresholds.csv", "rejected.csv"] {
            assert!(
                std::fs::read(alone.join(f)).unwrap() == f1[&format!("{level}/{f}")],
                "{level}/{f} differs from the run over the {level} alone"
            );
        }
    }
    // One report: the levels side by side, then a part per level in its words.
    let report = String::from_utf8(f1["report.html"].clone()).unwrap();
    assert_eq!(report.matches("<!DOCTYPE html>").count(), 1);
    assert!(report.contains("<h2>Niveaux d&#39;enseignement</h2>"));
    assert!(report.contains("<article id=\"ecoles\"><h1>Écoles</h1>"));
    assert!(report.contains("<article id=\"colleges\"><h1>Collèges</h1>"));
    assert!(report.contains("21 écoles retenues parmi 492 éligibles (1083 analysées)"));
    assert!(report.contains("21 collèges retenus parmi 28 éligibles (204 analysés)"));
    assert!(
        report.contains("id=\"ecoles-decision\"") && report.contains("id=\"colleges-decision\"")
    );
    // A summary line per level.
    assert!(err.contains("écoles : 32494 lignes jointes"), "{err}");
    assert!(err.contains("collèges : 6613 lignes jointes"), "{err}");
    assert!(err.contains("2 niveaux d'enseignement"), "{err}");
}

/// A budget per level (`[selection] n_per_level`), the shortfall of a level stated, and one
/// envelope per level split among that level's selected schools (issue 22): totals exact per
/// level, floors and caps respected. The écoles' sizes come from a table of the service's own
/// (the IPS écoles file has no headcount): generated here, one row per école and collège.
#[test]
fn budgets_and_envelopes_per_level() {
    let Some(r) = real() else { return };
    let t = tempfile::tempdir().unwrap();
    // A headcount table of the service: the collèges' effectifs of the IPS file, a made-up number
    // for each école (120 to 419 pupils, from its UAI).
    let mut table = String::from("uai;nombre_eleves\n");
    for x in raw(&r.colleges)
        .iter()
        .filter(|x| x["academie"] == "RENNES")
    {
        if let Some(v) = num(x, "effectifs") {
            table.push_str(&format!("{};{v}\n", x["uai"]));
        }
    }
    for x in raw(&r.ecoles)
        .iter()
        .filter(|x| x["academie"] == "RENNES" && x["rentree_scolaire"] == "2024-2025")
    {
        let digits: u64 = x["uai"][..7].parse().unwrap();
        table.push_str(&format!("{};{}\n", x["uai"], 120 + digits % 300));
    }
    let table_path = t.path().join("eleves.csv");
    std::fs::write(&table_path, table).unwrap();
    let files: Vec<String> = [&r.ecoles, &r.colleges, &r.ivac, &r.ep, &table_path]
        .iter()
        .map(|p| format!("{:?}", p.to_str().unwrap()))
        .collect();
    let config = |alloc: &str| {
        format!(
            "[inputs]\nfiles = [{}]\n[filter]\nacademie = [\"RENNES\"]\nsector = \"public\"\n[selection]\npreset = \"auto\"\nn_per_level = {{ ecoles = 30, colleges = 40 }}\n[output]\nfigures = false\nmaps = false\nlang = \"fr\"\n{alloc}",
            files.join(", ")
        )
    };
    let alloc = "[allocation]\namount = 1500\nsize = \"nombre_eleves\"\nrule = \"progressive\"\nips_bounds = [80, 110]\ncoefficients = [2, 1]\nfloor = 10\ncap = 80\nper = \"level\"\nenvelopes = { ecoles = 600, colleges = 900 }\n";
    let cfg = t.path().join("ciblage.toml");
    std::fs::write(&cfg, config(alloc)).unwrap();
    let out = t.path().join("out");
    let (code, _, err) = common::run_str(&[
        "run",
        "--config",
        cfg.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (_, levels) = common::read_csv(&out.join("levels.csv"));
    // Écoles: 30 of the 492 eligible; collèges: 28 eligible < 40, all selected, the shortfall said.
    assert_eq!(levels[0][6..], ["492", "30", "30", ""]);
    assert_eq!(
        levels[1][6..],
        ["28", "40", "28", "28 eligible < budget 40"]
    );
    assert!(err.contains("(28 éligibles < enveloppe 40)"), "{err}");
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        report.contains("L&#39;enveloppe n&#39;est pas atteinte : 28 éligibles &lt; enveloppe 40.")
    );
    for (level, envelope, schools) in [("ecoles", 600.0, 30), ("colleges", 900.0, 28)] {
        let (h, rows) = common::read_csv(&out.join(level).join("allocation.csv"));
        let col = |name: &str| h.iter().position(|c| c == name).unwrap();
        let amounts: Vec<f64> = rows
            .iter()
            .map(|x| x[col("amount")].parse().unwrap())
            .collect();
        assert_eq!(amounts.len(), schools, "{level}");
        assert_eq!(
            amounts.iter().sum::<f64>(),
            envelope,
            "{level}: total exact"
        );
        assert!(
            amounts.iter().all(|&a| (10.0..=80.0).contains(&a)),
            "{level}: {amounts:?}"
        );
        assert!(
            amounts.iter().all(|a| a.fract() == 0.0),
            "{level}: whole hours"
        );
        assert!(rows.iter().all(|x| x[col("group")] == level), "{level}");
        // The selected schools of the level, and only them.
        let chosen: BTreeSet<String> = selection(&out.join(level))
            .into_iter()
            .filter(|x| x["selected"] == "true")
            .map(|x| x["id"].clone())
            .collect();
        let got: BTreeSet<String> = rows.iter().map(|x| x[col("id")].clone()).collect();
        assert_eq!(got, chosen, "{level}");
    }
    // `verify` re-runs the manifest's configuration: every file of every level byte-identical.
    let (code, stdout, err) = common::run_str(&["verify", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(stdout.contains("byte-identical"), "{stdout}");
    // The other commands take one level's files: only `run` splits them.
    let (code, _, err) = common::run_str(&[
        "select",
        r.ecoles.to_str().unwrap(),
        r.colleges.to_str().unwrap(),
        "--preset",
        "ecoles",
        "--out",
        t.path().join("sel").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the inputs are of 2 school levels (écoles, collèges)"),
        "{err}"
    );
    // With the IVAC file too, the levels are the first thing said (not the pairing of the IVAC
    // session with the écoles' school year, which following would not help).
    let (code, _, err) = common::run_str(&[
        "pca",
        r.ecoles.to_str().unwrap(),
        r.colleges.to_str().unwrap(),
        r.ivac.to_str().unwrap(),
        "--out",
        t.path().join("pca").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the inputs are of 2 school levels (écoles, collèges)"),
        "{err}"
    );
    // Checked before any work, exit 2 naming the setting, no folder left behind.
    let refused = |alloc: &str, want: &str| {
        std::fs::write(&cfg, config(alloc)).unwrap();
        let bad = t.path().join("bad");
        let a = vec![
            "run",
            "--config",
            cfg.to_str().unwrap(),
            "--out",
            bad.to_str().unwrap(),
        ];
        let (code, _, err) = common::run_str(&a);
        assert_eq!(code, 2, "{want}: {err}");
        assert!(err.contains(want), "{want}: {err}");
        assert!(!bad.exists());
    };
    let total = alloc.replace(
        "per = \"level\"\nenvelopes = { ecoles = 600, colleges = 900 }\n",
        "",
    );
    refused(&total, "[allocation] per: a run over several school levels");
    let lycees = alloc.replace("colleges = 900", "colleges = 800, lycees-gt = 100");
    refused(
        &lycees,
        "lycees-gt is not a level of the inputs (ecoles, colleges): remove its envelope",
    );
    let missing = alloc
        .replace("amount = 1500", "amount = 600")
        .replace(", colleges = 900", "");
    refused(&missing, "no envelope for the collèges");
    // A preset of one level on the files of two (flags, not a configuration file).
    let bad = t.path().join("bad");
    let (code, _, err) = common::run_str(&[
        "run",
        r.ecoles.to_str().unwrap(),
        r.colleges.to_str().unwrap(),
        r.ivac.to_str().unwrap(),
        "--preset",
        "colleges",
        "--out",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--preset: colleges is the preset of one level"),
        "{err}"
    );
    assert!(!bad.exists());
    std::fs::write(
        &cfg,
        config("").replace("colleges = 40", "colleges = 40, lycees-pro = 3"),
    )
    .unwrap();
    let bad = t.path().join("bad");
    let (code, _, err) = common::run_str(&[
        "run",
        "--config",
        cfg.to_str().unwrap(),
        "--out",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "lycees-pro is not a level of the inputs (ecoles, colleges): remove its budget"
        ),
        "{err}"
    );
    assert!(!bad.exists());
}

/// Committee decisions over several levels: each level applies the decisions on its own schools; a
/// decision on a school of no level stops the run, naming the file, its line and the UAI (exit 1).
#[test]
fn decisions_go_to_the_level_of_their_school() {
    let Some(r) = real() else { return };
    let t = tempfile::tempdir().unwrap();
    // An école and a collège of Rennes, public, with an IPS (the first of each file in UAI order).
    let first = |rows: Vec<BTreeMap<String, String>>, year: &str, academie: &str| {
        rows.into_iter()
            .filter(|x| {
                x["academie"] == academie
                    && x["secteur"] == "public"
                    && x["rentree_scolaire"] == year
                    && num(x, "ips").is_some()
            })
            .map(|x| x["uai"].clone())
            .min()
            .unwrap()
    };
    let ecole = first(raw(&r.ecoles), "2024-2025", "RENNES");
    let college = first(raw(&r.colleges), "2022-2023", "RENNES");
    // A lycée: in neither the écoles' nor the collèges' files.
    let known: BTreeSet<String> = raw(&r.ecoles)
        .into_iter()
        .chain(raw(&r.colleges))
        .map(|x| x["uai"].clone())
        .collect();
    let elsewhere = raw(&common::real_dir().unwrap().join("ips_lycees_2022_2023.csv"))
        .into_iter()
        .map(|x| x["uai"].clone())
        .find(|u| !known.contains(u))
        .unwrap();
    let file = t.path().join("decisions.csv");
    let write = |extra: &str| {
        std::fs::write(
            &file,
            format!("uai;decision;reason;author;date\n{ecole};include;Quartier en rénovation;Comité;2025-05-12\n{college};exclude;Fermeture annoncée;Comité;2025-05-12\n{extra}"),
        )
        .unwrap();
    };
    write("");
    let run = |out: &Path| {
        common::run_str(&[
            "run",
            r.ecoles.to_str().unwrap(),
            r.colleges.to_str().unwrap(),
            r.ivac.to_str().unwrap(),
            r.ep.to_str().unwrap(),
            "--academie",
            "RENNES",
            "--decisions",
            file.to_str().unwrap(),
            "--tables-only",
            "--no-sensitivity",
            "--out",
            out.to_str().unwrap(),
        ])
    };
    let out = t.path().join("out");
    let (code, _, err) = run(&out);
    assert_eq!(code, 0, "{err}");
    let decision = |level: &str, uai: &str| {
        selection(&out.join(level))
            .into_iter()
            .find(|x| x["id"] == uai)
            .map(|x| (x["decision"].clone(), x["selected"].clone()))
    };
    assert_eq!(
        decision("ecoles", &ecole),
        Some(("include".into(), "true".into()))
    );
    assert_eq!(
        decision("colleges", &college),
        Some(("exclude".into(), "false".into()))
    );
    assert_eq!(decision("colleges", &ecole), None);
    assert_eq!(decision("ecoles", &college), None);
    // A school of no level (a lycée): the error names the file, the line and the UAI.
    write(&format!(
        "{elsewhere};include;Hors académie;Comité;2025-05-12\n"
    ));
    let bad = t.path().join("bad");
    let (code, _, err) = run(&bad);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("decisions.csv") && err.contains(&elsewhere),
        "{err}"
    );
    assert!(err.contains("line 4") || err.contains(":4"), "{err}");
    assert!(!bad.exists());
}

/// Lycées GT and pro in one run: the IPS lycées file goes to both lycée levels (a lycée polyvalent
/// is in both value-added files, analysed in each on that track's indicators), IVAL GT to the GT
/// one, the IVAL pro fixture to the pro one; each list is the one of that level's own run.
#[test]
fn lycees_gt_and_pro_share_the_ips_file() {
    let Some(d) = common::real_dir() else { return };
    let ips = d.join("ips_lycees_2016_2022.csv");
    let gt = d.join("ival_lycees_gt_2021.csv");
    let pro = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/levels/ival_pro_aix_2021.csv");
    let t = tempfile::tempdir().unwrap();
    let run = |files: &[&Path], out: &Path| {
        let mut a: Vec<&str> = vec!["run"];
        a.extend(files.iter().map(|p| p.to_str().unwrap()));
        a.extend([
            "--academie",
            "AIX-MARSEILLE",
            "--year",
            "2020-2021",
            "--tables-only",
            "--out",
        ]);
        a.push(out.to_str().unwrap());
        let (code, _, err) = common::run_str(&a);
        assert_eq!(code, 0, "{err}");
        err
    };
    let both = t.path().join("both");
    let err = run(&[&ips, &gt, &pro], &both);
    // Rows joined per level, counted from the raw files: the IPS lycées rows of 2020-21 whose UAI
    // the level's value-added file has (an inner join).
    let uais = |p: &Path| -> BTreeSet<String> {
        let rows = raw(p);
        let key = if rows[0].contains_key("UAI") {
            "UAI"
        } else {
            "uai"
        };
        rows.into_iter().map(|x| x[key].clone()).collect()
    };
    let ips_rows: Vec<String> = raw(&ips)
        .into_iter()
        .filter(|x| x["Rentrée scolaire"] == "2020-2021")
        .map(|x| x["UAI"].clone())
        .collect();
    let joined = |ival: &Path| {
        let u = uais(ival);
        ips_rows.iter().filter(|x| u.contains(*x)).count()
    };
    let (n_gt, n_pro) = (joined(&gt), joined(&pro));
    let line = |words: &str, n: usize| format!("{words}: {n} rows joined");
    assert!(
        err.contains(&line("lycées généraux et technologiques", n_gt)),
        "{n_gt} {err}"
    );
    assert!(
        err.contains(&line("lycées professionnels", n_pro)),
        "{n_pro} {err}"
    );
    for (level, ival) in [("lycees-gt", &gt), ("lycees-pro", &pro)] {
        let alone = t.path().join(level);
        run(&[&ips, ival], &alone);
        for f in ["selection.csv", "eigenvalues.csv", "clusters.csv"] {
            assert!(
                std::fs::read(alone.join(f)).unwrap()
                    == std::fs::read(both.join(level).join(f)).unwrap(),
                "{level}/{f}"
            );
        }
    }
}

/// Envelopes per level where one level's inputs give no size: the error (exit 2, nothing written)
/// names the level, the column, and says to give that level's size table — whether no input of the
/// level has the column, or a size table joined to every level holds no value for it. On generated
/// écoles and the embedded sample's collèges, so it runs in any clone.
#[test]
fn a_level_without_the_size_column_is_named() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let s = common::sample_dir();
    // 60 public écoles of the sample's académie (IPS file of the écoles' official header).
    let ecoles: Vec<String> = (0..60)
        .map(|i| ciblage::data::uai::from_number(10_500 + i))
        .collect();
    let mut text = String::from(
        "rentree_scolaire;academie;code_du_departement;uai;nom_de_l_etablissement;secteur;ips;ips_national\n",
    );
    for (i, u) in ecoles.iter().enumerate() {
        let ips = 70.0 + (i * 37 % 60) as f64;
        text.push_str(&format!(
            "2022-2023;SYNTHETIQUE-1;001;{u};ECOLE {i};public;{ips:.1};103.0\n"
        ));
    }
    std::fs::write(d.join("ecoles.csv"), text).unwrap();
    // The collèges' sizes only, then the sizes of both levels.
    let colleges: Vec<String> = raw(&s.join("fr-en-ips-colleges-ap2022.csv"))
        .iter()
        .map(|r| r["uai"].clone())
        .collect();
    let sizes = |uai: &[&String]| {
        let mut t = String::from("uai;nombre_eleves\n");
        for (i, u) in uai.iter().enumerate() {
            t.push_str(&format!("{u};{}\n", 100 + i % 200));
        }
        t
    };
    let only_colleges: Vec<&String> = colleges.iter().collect();
    std::fs::write(d.join("colleges_size.csv"), sizes(&only_colleges)).unwrap();
    let both: Vec<&String> = colleges.iter().chain(&ecoles).collect();
    std::fs::write(d.join("sizes.csv"), sizes(&both)).unwrap();
    let run = |table: Option<&str>| {
        let mut files = vec![
            d.join("ecoles.csv"),
            s.join("fr-en-ips-colleges-ap2022.csv"),
            s.join("fr-en-indicateurs-valeur-ajoutee-colleges.csv"),
            s.join("fr-en-etablissements-ep.csv"),
        ];
        files.extend(table.map(|x| d.join(x)));
        let files: Vec<String> = files
            .iter()
            .map(|p| format!("{:?}", p.to_str().unwrap()))
            .collect();
        let cfg = d.join("c.toml");
        std::fs::write(
            &cfg,
            format!(
                "[inputs]\nfiles = [{}]\n[selection]\npreset = \"auto\"\nn_per_level = {{ ecoles = 10, colleges = 10 }}\n[output]\nfigures = false\nmaps = false\nreport = false\n[allocation]\namount = 1000\nsize = \"nombre_eleves\"\nper = \"level\"\nenvelopes = {{ ecoles = 400, colleges = 600 }}\n",
                files.join(", ")
            ),
        )
        .unwrap();
        let out = d.join("out");
        let (code, _, err) = common::run_str(&[
            "run",
            "--config",
            cfg.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        let made = out.exists();
        if made {
            std::fs::remove_dir_all(&out).unwrap();
        }
        (code, err, made)
    };
    let start = "c.toml: line 12: [allocation] size = nombre_eleves: allowed values: ";
    // No input of the écoles has the column.
    let (code, err, made) = run(None);
    assert_eq!((code, made), (2, false), "{err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(
        err.contains(&format!("{start}a numeric column of the inputs of every level, but the écoles have none of that name: give a size table for the écoles (a file with the columns uai and nombre_eleves) among the inputs; the numeric columns of the écoles: ")),
        "{err}"
    );
    // The collèges' size table joins the écoles too, with no value for them.
    let (code, err, made) = run(Some("colleges_size.csv"));
    assert_eq!((code, made), (2, false), "{err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(
        err.ends_with(&format!("{start}a numeric column with the size of the schools of every level, but it holds no value for the écoles: give a size table for the écoles (a file with the columns uai and nombre_eleves) among the inputs\n")),
        "{err}"
    );
    // With the écoles' sizes, as the message says: the run goes through.
    let (code, err, _) = run(Some("sizes.csv"));
    assert_eq!(code, 0, "{err}");
}
