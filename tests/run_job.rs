//! The main job's options through the library and the binary: k-means from a config, Parquet export,
//! tables only, rejected rows, and a run that fails while writing leaves no folder.

mod common;

use ciblage::pipeline::config::RunConfig;
use ciblage::pipeline::job::{execute, verify, JobOptions};
use std::path::PathBuf;

fn sample_config() -> RunConfig {
    let d = common::sample_dir();
    let mut c: RunConfig = toml::from_str(ciblage::pipeline::config::TEMPLATE).unwrap();
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
    c.clustering.method = "kmeans".into();
    c.clustering.k = Some(4);
    c.clustering.bootstrap = 5;
    c.output.format = vec!["csv".into(), "parquet".into()];
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
    let (tab, rep) = ciblage::data::load(
        &out.join("schools.parquet"),
        &ciblage::data::LoadOptions {
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
    for (edit, key) in [
        (
            Box::new(|c: &mut RunConfig| c.clustering.method = "dbscan".into())
                as Box<dyn Fn(&mut RunConfig)>,
            "clustering.method",
        ),
        (
            Box::new(|c: &mut RunConfig| {
                c.clustering.method = "kmeans".into();
                c.clustering.k = None
            }),
            "clustering.k",
        ),
        (
            Box::new(|c: &mut RunConfig| c.output.format = vec!["xlsx".into()]),
            "output.format",
        ),
        (
            Box::new(|c: &mut RunConfig| c.inputs.separator = Some("|".into())),
            "inputs.separator",
        ),
        (
            Box::new(|c: &mut RunConfig| c.output.dialect = "excel-de".into()),
            "output.dialect",
        ),
    ] {
        let mut c = sample_config();
        c.inputs.files = vec![PathBuf::from("/nonexistent/input.csv")];
        edit(&mut c);
        let out = t.path().join("x");
        let e = execute(&c, &JobOptions::new(&out)).unwrap_err().to_string();
        assert!(e.contains(key), "{key}: {e}");
        assert!(!out.exists());
    }
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
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let n = names(&out);
    assert!(n.contains(&"schools.parquet".to_string()) && !n.contains(&"report.html".to_string()));
    let o = common::bin()
        .arg("run")
        .arg(d.join("fr-en-ips-colleges-ap2022.csv"))
        .args(["--format", "xlsx", "--out"])
        .arg(t.path().join("p"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--format xlsx"));
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
