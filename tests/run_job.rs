//! The main job's options through the library and the binary: k-means from a config, Parquet export,
//! tables only, rejected rows, and a run that fails while writing leaves no folder.

use crate::common;

use ciblage::job::settings::{Format, Method, Tables};
use ciblage::RunConfig;
use ciblage::{execute, verify, JobOptions};
use std::path::PathBuf;

fn sample_config() -> RunConfig {
    let d = common::sample_dir();
    let mut c: RunConfig = toml::from_str(ciblage::job::config::TEMPLATE).unwrap();
    c.inputs.files = c
        .inputs
        .files
        .iter()
        .map(|f| d.join(f.file_name().unwrap()))
        .collect();
    c.output.boundaries = Some(d.join("departements.geojson"));
    c
}

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn kmeans_parquet_and_tables_only_from_a_config() {
    let t = tempfile::tempdir().unwrap();
    let mut c = sample_config();
    c.clustering.method = Method::Kmeans;
    c.clustering.k = Some(4);
    c.clustering.bootstrap = 5;
    c.output.format = vec![Format::Csv, Format::Parquet];
    c.output.figures = false;
    c.output.maps = false;
    c.output.report = false;
    let out = t.path().join("km");
    let r = execute(&c, &JobOptions::new(&out)).unwrap();
    let h = r.analysis.hcpc.as_ref().unwrap();
    assert_eq!(h.k, 4);
    assert_eq!(h.consolidation, "kmeans");
    assert_eq!(r.analysis.stability.as_ref().unwrap().bootstrap, 5);
    let n = names(&out);
    assert!(!n.contains(&"figures".to_string()), "{n:?}");
    assert!(!n.contains(&"report.html".to_string()), "{n:?}");
    for want in [
        "schools.parquet",
        "rejected.csv",
        "selection.csv",
        "manifest.json",
    ] {
        assert!(n.contains(&want.to_string()), "{want} missing from {n:?}");
    }
    // The Parquet table reads back with the same schools, their coordinates and clusters.
    let (tab, rep) = ciblage::load(
        &out.join("schools.parquet"),
        &ciblage::LoadOptions {
            dataset: Some("table".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(rep.rows_rejected, 0);
    assert_eq!(tab.uai, r.analysis.table.uai);
    let c1 = tab.num("coord_1").unwrap();
    for (a, b) in c1.iter().zip(&r.analysis.pca.result.ind.coord) {
        assert!((a - b[0]).abs() < 1e-12);
    }
    let cl = tab.num("cluster").unwrap();
    assert!(cl.iter().zip(&h.clusters).all(|(a, &b)| *a == b as f64));
    // Steps are measured; the manifest re-runs to identical bytes (k-means and bootstrap are seeded).
    let steps: Vec<&str> = r.steps.iter().map(|s| s.name.as_str()).collect();
    assert!(
        steps.contains(&"stability") && steps.contains(&"parquet"),
        "{steps:?}"
    );
    let v = verify(&out, true).unwrap();
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    assert_eq!(v.identical + 1, r.files.len());
}

#[test]
fn rejected_rows_are_written_and_add_up() {
    let t = tempfile::tempdir().unwrap();
    let mut c = sample_config();
    c.output.figures = false;
    c.output.maps = false;
    c.output.report = false;
    let out = t.path().join("r");
    let r = execute(&c, &JobOptions::new(&out)).unwrap();
    let mut rd = csv::Reader::from_path(out.join("rejected.csv")).unwrap();
    assert_eq!(
        rd.headers().unwrap().iter().collect::<Vec<_>>(),
        ["file", "line", "column", "uai", "value", "reason"]
    );
    let rows = rd.records().count();
    let a = &r.analysis;
    // Joined rows = analysed + excluded by the filters + dropped for missing values.
    assert_eq!(
        a.rows_in,
        a.pca.result.n + a.excluded.len() + a.pca.rejected.len()
    );
    assert_eq!(
        rows,
        r.inputs.rejected().len() + a.excluded.len() + a.pca.rejected.len()
    );
    assert!(!a.excluded.is_empty(), "the sample has private schools");
}

#[test]
fn a_run_failing_while_writing_leaves_no_folder() {
    let t = tempfile::tempdir().unwrap();
    let mut c = sample_config();
    let bad = t.path().join("broken.geojson");
    std::fs::write(&bad, "{ not geojson").unwrap();
    c.output.boundaries = Some(bad);
    let out = t.path().join("never");
    let e = execute(&c, &JobOptions::new(&out)).unwrap_err();
    assert!(e.to_string().contains("broken.geojson"), "{e}");
    assert!(!out.exists());
    let left: Vec<String> = names(t.path())
        .into_iter()
        .filter(|n| n != "broken.geojson")
        .collect();
    assert!(left.is_empty(), "staging left behind: {left:?}");
}

#[test]
fn bad_settings_are_refused_before_anything_is_read() {
    let t = tempfile::tempdir().unwrap();
    // Words outside their values cannot be built in code (the fields are enums): they come from a
    // file, which is refused naming the key, before any input (here absent) is read.
    for (section, line, key) in [
        ("clustering", "method = \"dbscan\"", "[clustering] method"),
        (
            "clustering",
            "method = \"kmeans\"",
            "[clustering] method: kmeans needs [clustering] k",
        ),
        ("output", "format = [\"xlsx\"]", "[output] format"),
        ("inputs", "separator = \"|\"", "[inputs] separator"),
        ("output", "dialect = \"excel-de\"", "[output] dialect"),
        ("output", "tables = \"short\"", "[output] tables"),
    ] {
        let cfg = t.path().join("c.toml");
        let files = "files = [\"/nonexistent/input.csv\"]";
        let text = if section == "inputs" {
            format!("[inputs]\n{files}\n{line}\n")
        } else {
            format!("[inputs]\n{files}\n[{section}]\n{line}\n")
        };
        std::fs::write(&cfg, text).unwrap();
        let e = RunConfig::from_file(&cfg).unwrap_err();
        assert_eq!(e.exit_code(), 2, "{e}");
        assert!(e.to_string().contains(key), "{key}: {e}");
    }
    // A config built in code is checked as well, naming the key.
    let mut c = sample_config();
    c.inputs.files = vec![PathBuf::from("/nonexistent/input.csv")];
    c.clustering.method = Method::Kmeans;
    c.clustering.k = None;
    let out = t.path().join("x");
    let e = execute(&c, &JobOptions::new(&out)).unwrap_err().to_string();
    assert!(e.contains("clustering.k"), "{e}");
    assert!(!out.exists());
}

#[test]
fn format_and_tables_only_flags() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("o");
    let d = common::sample_dir();
    let o = common::bin()
        .arg("run")
        .arg(d.join("fr-en-ips-colleges-ap2022.csv"))
        .arg(d.join("fr-en-indicateurs-valeur-ajoutee-colleges.csv"))
        .args(["--missing", "drop", "--method", "kmeans", "--k", "4"])
        .args(["--format", "parquet", "--tables-only", "--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    common::assert_success(&o);
    let n = names(&out);
    assert!(n.contains(&"schools.parquet".to_string()) && !n.contains(&"report.html".to_string()));
    // Bad values are usage errors, named, and nothing is written.
    for (flag, value) in [("--format", "xlsx"), ("--tables", "short")] {
        let bad = t.path().join(&flag[2..]);
        let o = common::bin()
            .arg("run")
            .arg(d.join("fr-en-ips-colleges-ap2022.csv"))
            .args([flag, value, "--out"])
            .arg(&bad)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains(&format!("{flag} {value}")));
        assert!(!bad.exists());
    }
}

/// Reads a CSV written by ciblage into its header and rows.
fn read_csv(p: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rd = csv::Reader::from_path(p).unwrap();
    let h = rd.headers().unwrap().iter().map(String::from).collect();
    let rows = rd
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (h, rows)
}

#[test]
fn compact_tables_hold_the_same_answers_as_the_full_ones() {
    let t = tempfile::tempdir().unwrap();
    let mut c = sample_config();
    c.output.figures = false;
    c.output.maps = false;
    c.output.report = false;
    let full = t.path().join("full");
    let rf = execute(&c, &JobOptions::new(&full)).unwrap();
    c.output.tables = Tables::Compact;
    let compact = t.path().join("compact");
    let rc = execute(&c, &JobOptions::new(&compact)).unwrap();
    let n = names(&compact);
    assert!(n.contains(&"schools.csv".to_string()), "{n:?}");
    for gone in [
        "individuals.csv",
        "clusters.csv",
        "selection.csv",
        "sensitivity.csv",
    ] {
        assert!(
            !n.contains(&gone.to_string()),
            "{gone} in compact run: {n:?}"
        );
    }
    let (h, rows) = read_csv(&compact.join("schools.csv"));
    assert_eq!(
        h,
        [
            "id",
            "name",
            "academie",
            "departement",
            "ep_status",
            "cluster",
            "coord_1",
            "coord_2",
            "eligible",
            "selected",
            "rank",
            "score",
            "orphan_threshold",
            "orphan_cluster",
            "orphan_neighbourhood",
            "reason"
        ]
    );
    // One row per analysed school, in the analysis order, with its coordinates, cluster and verdict.
    let a = &rc.analysis;
    assert_eq!(rows.len(), a.pca.result.n);
    let sel = &rc.selection.as_ref().unwrap();
    let h_ = a.hcpc.as_ref().unwrap();
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r[0], a.table.uai[i].as_str());
        assert_eq!(r[5], h_.clusters[i].to_string());
        let c1: f64 = r[6].parse().unwrap();
        assert_eq!(
            c1, a.pca.result.ind.coord[i][0],
            "coordinates written exactly"
        );
        let s = &sel.schools;
        assert_eq!(s.uai(i).as_str(), r[0]);
        assert_eq!(r[8], s.eligible[i].to_string());
        assert_eq!(r[9], s.selected[i].to_string());
        let why = &r[15];
        match (s.in_population[i], s.eligible[i], s.selected[i]) {
            (false, ..) => assert!(why.starts_with("not in population: "), "{r:?}"),
            (true, false, _) => assert!(why.starts_with("fails: "), "{r:?}"),
            (true, true, true) => assert!(why.starts_with("selected: "), "{r:?}"),
            (true, true, false) => assert!(why.starts_with("not selected: "), "{r:?}"),
        }
    }
    let n_selected = rows.iter().filter(|r| r[9] == "true").count();
    assert_eq!(n_selected, sel.selected.len());
    // Same selection as the full tables: compact changes the files, not the answers.
    assert_eq!(
        rf.selection.as_ref().unwrap().selected,
        sel.selected,
        "compact and full runs select the same schools"
    );
    // thresholds.csv in both modes, one row per rule threshold, identical.
    let (th, tf) = read_csv(&full.join("thresholds.csv"));
    let (_, tc) = read_csv(&compact.join("thresholds.csv"));
    assert_eq!(
        th,
        [
            "criterion",
            "variable",
            "op",
            "level",
            "territory",
            "threshold"
        ]
    );
    assert!(!tf.is_empty());
    assert_eq!(tf, tc);
    for r in &tf {
        assert!(r[5].parse::<f64>().unwrap().is_finite(), "{r:?}");
    }
    // Per-school lists are in schools.csv only, not repeated in the JSON files.
    let json = |p: std::path::PathBuf| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
    };
    assert!(json(full.join("pca.json"))["result"].get("ind").is_some());
    assert!(json(compact.join("pca.json"))["result"]
        .get("ind")
        .is_none());
    assert!(json(full.join("selection.json")).get("schools").is_some());
    assert!(json(compact.join("selection.json"))
        .get("schools")
        .is_none());
    assert!(json(compact.join("clusters.json"))
        .get("clusters")
        .is_none());
    // ... and only there: the guard is gone once written.
    assert!(!r_ind_left_out(&rc));
    // The compact run re-runs to identical bytes too.
    let v = verify(&compact, true).unwrap();
    assert!(v.problems.is_empty(), "{:?}", v.problems);
}

#[test]
fn no_progress_drawing_when_stderr_is_not_a_terminal() {
    let t = tempfile::tempdir().unwrap();
    let d = common::sample_dir();
    let o = common::bin()
        .arg("run")
        .arg(d.join("fr-en-ips-colleges-ap2022.csv"))
        .arg(d.join("fr-en-indicateurs-valeur-ajoutee-colleges.csv"))
        .args([
            "--missing",
            "drop",
            "--bootstrap",
            "3",
            "--tables-only",
            "--out",
        ])
        .arg(t.path().join("o"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains('\x1b') && !err.contains('\r'), "{err:?}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("selected"), "{err}");
}

#[test]
fn verify_refuses_to_rerun_on_changed_inputs() {
    let t = tempfile::tempdir().unwrap();
    let mut c = sample_config();
    // Work on copies of the inputs, one of which is then edited.
    let mut files = Vec::new();
    for f in &c.inputs.files {
        let to = t.path().join(f.file_name().unwrap());
        std::fs::copy(f, &to).unwrap();
        files.push(to);
    }
    c.inputs.files = files.clone();
    c.output.figures = false;
    c.output.maps = false;
    c.output.report = false;
    let out = t.path().join("run");
    execute(&c, &JobOptions::new(&out)).unwrap();
    assert!(verify(&out, true).unwrap().problems.is_empty());
    let mut text = std::fs::read_to_string(&files[0]).unwrap();
    text.push('\n');
    std::fs::write(&files[0], text).unwrap();
    let v = verify(&out, true).unwrap();
    assert!(!v.rerun);
    assert!(
        v.problems
            .iter()
            .any(|p| p.starts_with("input ") && p.contains("changed")),
        "{:?}",
        v.problems
    );
    assert!(v.problems.iter().any(|p| p.starts_with("not re-run")));
}

#[test]
fn selection_extras_can_be_switched_off() {
    let t = tempfile::tempdir().unwrap();
    let mut c = sample_config();
    c.output.figures = false;
    c.output.maps = false;
    c.output.report = false;
    let on = execute(&c, &JobOptions::new(&t.path().join("on"))).unwrap();
    let s = on.selection.as_ref().unwrap();
    assert!(!s.sensitivity.variants.is_empty() && !s.matching.matches.is_empty());
    assert!(s.schools.orphan_neighbourhood.iter().any(|&x| x));
    c.selection.sensitivity = Some(false);
    c.selection.matching = Some(false);
    c.selection.neighbourhood = Some(false);
    let off = execute(&c, &JobOptions::new(&t.path().join("off"))).unwrap();
    let o = off.selection.as_ref().unwrap();
    assert!(o.sensitivity.variants.is_empty() && o.sensitivity.schools.is_empty());
    assert!(o.matching.matches.is_empty() && o.matching.balance.is_empty());
    assert!(o.schools.orphan_neighbourhood.iter().all(|&x| !x));
    assert!(o.schools.ep_likeness.iter().all(|x| x.is_nan()));
    // The list itself does not depend on the extras.
    assert_eq!(s.selected, o.selected);
    assert_eq!(s.schools.eligible, o.schools.eligible);
    // The switches are recorded in the manifest's config, so verify re-runs the same job.
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.path().join("off/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["config"]["selection"]["neighbourhood"], false);
    assert!(verify(&t.path().join("off"), true)
        .unwrap()
        .problems
        .is_empty());
}

/// Whether the PCA result would leave its individuals out of JSON now (it must not after a run).
fn r_ind_left_out(r: &ciblage::JobResult) -> bool {
    let v = serde_json::to_value(&r.analysis.pca.result).unwrap();
    v.get("ind").is_none()
}

/// A French report of the sample with a user's label from `[labels]`: the label replaces the code in
/// the report and the figures, the CSV keeps the code; nothing of the machine's folders is shown.
#[test]
fn labels_from_the_config_and_a_french_report() {
    let t = tempfile::tempdir().unwrap();
    let text = ciblage::job::config::TEMPLATE.to_string()
        + "\n[labels]\nips_sd = \"Mixité sociale (écart-type de l'IPS)\"\n";
    let mut c: RunConfig = toml::from_str(&text).unwrap();
    let d = common::sample_dir();
    c.inputs.files = c
        .inputs
        .files
        .iter()
        .map(|f| d.join(f.file_name().unwrap()))
        .collect();
    c.output.boundaries = Some(d.join("departements.geojson"));
    c.output.lang = ciblage::job::settings::Language::Fr;
    let out = t.path().join("fr");
    execute(&c, &JobOptions::new(&out)).unwrap();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("Mixité sociale (écart-type de l&#39;IPS)"),
        "user label missing"
    );
    assert!(html.contains("<html lang=\"fr\">") && html.contains("Ce qui a été décidé"));
    assert!(html.contains("Défavorisé : IPS moyen inférieur ou égal à la médiane de son académie."));
    assert!(
        !html.contains(&*d.to_string_lossy()),
        "a folder of the machine in the report"
    );
    let circle = std::fs::read_to_string(out.join("figures/circle.svg")).unwrap();
    assert!(circle.contains("Mixité sociale"));
    let csv = std::fs::read_to_string(out.join("variables.csv")).unwrap();
    assert!(
        csv.contains("ips_sd") && !csv.contains("Mixité"),
        "CSV keeps the code"
    );
}
