//! The main job through the real binary: outputs, manifest, determinism across thread counts, safety.

use crate::common;

use std::path::{Path, PathBuf};

fn sample_inputs() -> Vec<PathBuf> {
    let d = common::sample_dir();
    [
        "fr-en-ips-colleges-ap2022.csv",
        "fr-en-indicateurs-valeur-ajoutee-colleges.csv",
        "fr-en-etablissements-ep.csv",
        "fr-en-adresse-et-geolocalisation-colleges.csv",
    ]
    .iter()
    .map(|f| d.join(f))
    .collect()
}

fn run_in(out: &Path, threads: &str, extra: &[&str]) -> std::process::Output {
    common::bin()
        .arg("run")
        .args(sample_inputs())
        .args(["--missing", "drop", "--out"])
        .arg(out)
        .args(extra)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap()
}

fn files(dir: &Path) -> Files {
    let mut v = Vec::new();
    for sub in ["", "figures"] {
        let d = dir.join(sub);
        if sub == "figures" && !d.exists() {
            continue; // --tables-only
        }
        let mut names: Vec<_> = std::fs::read_dir(&d)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .map(|e| e.path())
            .collect();
        names.sort();
        for p in names {
            v.push((
                p.strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(&p).unwrap(),
            ));
        }
    }
    v
}

/// The files of a run folder, by path.
type Files = Vec<(String, Vec<u8>)>;

/// `run(out, threads)` at 1, 2 and 8 threads into `root/out{threads}`, each succeeding; their files.
fn run_at_thread_counts(
    root: &Path,
    run: impl Fn(&Path, &str) -> std::process::Output,
) -> Vec<Files> {
    ["1", "2", "8"]
        .iter()
        .map(|threads| {
            let out = root.join(format!("out{threads}"));
            let o = run(&out, threads);
            common::assert_success(&o);
            files(&out)
        })
        .collect()
}

/// Every file byte-identical between the runs; the manifest differs only by its time stamp, thread
/// count and timings.
fn assert_identical(runs: &[Files]) {
    let volatile = |bytes: &[u8]| {
        let mut m: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        for k in ["started_unix", "threads", "steps"] {
            assert!(m.get(k).is_some(), "manifest lacks {k}");
            m.as_object_mut().unwrap().remove(k);
        }
        m
    };
    for other in &runs[1..] {
        assert_eq!(other.len(), runs[0].len());
        for (a, b) in runs[0].iter().zip(other) {
            assert_eq!(a.0, b.0);
            if a.0 == "manifest.json" {
                assert_eq!(volatile(&a.1), volatile(&b.1));
            } else {
                assert!(a.1 == b.1, "{} differs between thread counts", a.0);
            }
        }
    }
}

#[test]
fn run_writes_everything_and_is_deterministic_across_threads() {
    let t = tempfile::tempdir().unwrap();
    let runs = run_at_thread_counts(t.path(), |out, threads| run_in(out, threads, &[]));
    let names: Vec<&str> = runs[0].iter().map(|f| f.0.as_str()).collect();
    for want in [
        "eigenvalues.csv",
        "variables.csv",
        "individuals.csv",
        "quali_sup.csv",
        "pca.json",
        "clusters.csv",
        "cluster_description.csv",
        "cluster_categories.csv",
        "tree.csv",
        "clusters.json",
        "selection.csv",
        "selection.geojson",
        "sensitivity.csv",
        "matches.csv",
        "balance.csv",
        "selection.json",
        "report.html",
        "manifest.json",
        "figures/scree.png",
        "figures/map_selected.svg",
    ] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    assert_identical(&runs);
    let manifest: serde_json::Value =
        serde_json::from_slice(&runs[2].iter().find(|f| f.0 == "manifest.json").unwrap().1)
            .unwrap();
    assert_eq!(manifest["threads"], 8);
    assert_eq!(manifest["seed"], 1);
    assert_eq!(manifest["config"]["clustering"]["method"], "hcpc");
    let steps: Vec<&str> = manifest["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    for want in [
        "load",
        "filter+pca",
        "clustering",
        "selection",
        "tables",
        "report",
    ] {
        assert!(steps.contains(&want), "step {want} missing from {steps:?}");
    }
    // Rows in = kept + rejected + other periods, per input file.
    for f in manifest["input_rows"].as_array().unwrap() {
        let n = |k: &str| f[k].as_u64().unwrap();
        assert_eq!(n("rows"), n("kept") + n("rejected") + n("other_periods"));
    }
    // selection.csv keeps every school: analysed + not analysed = joined rows.
    let sel = String::from_utf8(
        runs[0]
            .iter()
            .find(|f| f.0 == "selection.csv")
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    assert_eq!(sel.lines().count() - 1, 300);
    assert!(sel.starts_with("id,name,academie,departement,ep_status,eligible,selected,rank,score,orphan_threshold,orphan_cluster,orphan_neighbourhood,ep_likeness,reasons,decision\n"));
    let mut r = csv::Reader::from_reader(sel.as_bytes());
    let selected = r
        .records()
        .filter(|x| x.as_ref().unwrap()[6] == *"true")
        .count();
    assert_eq!(selected, 21);
    // verify re-runs the manifest's config and finds every output byte-identical ...
    let out = t.path().join("out1");
    let v = common::bin().arg("verify").arg(&out).output().unwrap();
    assert_eq!(
        v.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&v.stdout),
        String::from_utf8_lossy(&v.stderr)
    );
    assert!(String::from_utf8_lossy(&v.stdout).contains("byte-identical"));
    // ... leaves no temporary folder behind ...
    let leftovers: Vec<_> = std::fs::read_dir(t.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // ... and fails after tampering, with or without the re-run.
    std::fs::write(out.join("balance.csv"), "tampered").unwrap();
    for extra in [None, Some("--hashes-only")] {
        let v = common::bin()
            .arg("verify")
            .arg(&out)
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(v.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&v.stdout).contains("balance.csv"));
    }
}

#[test]
fn lean_compact_run_is_deterministic_across_threads_on_many_chunks() {
    // The benchmark pipeline (one table, k-means, compact tables, no extras) on 20,000 schools: several
    // CSV parse and write chunks, so the chunking itself is checked against the thread count.
    let t = tempfile::tempdir().unwrap();
    let o = common::bin()
        .args(["sample", "--format", "table", "--schools", "20000", "--out"])
        .arg(t.path().join("in"))
        .output()
        .unwrap();
    common::assert_success(&o);
    let runs = run_at_thread_counts(t.path(), |out, threads| {
        common::bin()
            .arg("run")
            .arg(t.path().join("in/colleges.csv"))
            .args([
                "--missing",
                "drop",
                "--method",
                "kmeans",
                "--k",
                "4",
                "--tables-only",
            ])
            .args(["--tables", "compact", "--no-sensitivity", "--no-matching"])
            .args(["--no-neighbourhood", "--quiet", "--out"])
            .arg(out)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap()
    });
    let names: Vec<&str> = runs[0].iter().map(|f| f.0.as_str()).collect();
    for want in [
        "schools.csv",
        "thresholds.csv",
        "rejected.csv",
        "manifest.json",
    ] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    let schools = &runs[0].iter().find(|f| f.0 == "schools.csv").unwrap().1;
    let rejected = &runs[0].iter().find(|f| f.0 == "rejected.csv").unwrap().1;
    // Rows in = schools written + rows rejected (one line each, header excepted).
    let lines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count() - 1;
    assert_eq!(lines(schools) + lines(rejected), 20_000);
    assert_identical(&runs);
}

#[test]
fn outputs_never_overwrite_without_force_or_clobber_inputs() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("o");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("keep.txt"), "x").unwrap();
    let o = run_in(&out, "2", &[]);
    assert_eq!(o.status.code(), Some(2), "a path refused is a usage error");
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    // An input inside the output directory is refused even with --force.
    let inp = t.path().join("in");
    std::fs::create_dir_all(&inp).unwrap();
    let copy = inp.join("ips.csv");
    std::fs::copy(&sample_inputs()[0], &copy).unwrap();
    let o = common::bin()
        .args(["pca", "--missing", "drop", "--force", "--out"])
        .arg(&inp)
        .arg(&copy)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "a path refused is a usage error");
    assert!(String::from_utf8_lossy(&o.stderr).contains("never overwritten"));
}

#[test]
fn hostile_names_are_neutralised_and_escaped() {
    let t = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(&sample_inputs()[0]).unwrap();
    // Rename two schools: a spreadsheet formula and a script.
    let mut lines: Vec<String> = src.lines().map(str::to_string).collect();
    for (i, name) in [
        (1usize, "=HYPERLINK(\"http://x\")"),
        (2, "<script>alert(1)</script>"),
    ] {
        let mut f: Vec<String> = lines[i].split(';').map(str::to_string).collect();
        f[5] = name.replace('"', "");
        lines[i] = f.join(";");
    }
    let ips = t.path().join("ips.csv");
    std::fs::write(&ips, lines.join("\n")).unwrap();
    let mut inputs = sample_inputs();
    inputs[0] = ips;
    let out = t.path().join("out");
    let o = common::bin()
        .arg("run")
        .args(&inputs)
        .args(["--missing", "drop", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    common::assert_success(&o);
    let sel = std::fs::read_to_string(out.join("selection.csv")).unwrap();
    assert!(
        !sel.contains(",=HYPERLINK") && sel.contains(",'=HYPERLINK"),
        "formula not neutralised"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<script>alert(1)</script>"));
    if let Some(chromium) = chromium() {
        let dom = std::process::Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--dump-dom",
            ])
            .arg(format!("file://{}", out.join("report.html").display()))
            .output()
            .unwrap();
        let dom = String::from_utf8_lossy(&dom.stdout);
        for id in [
            "decision",
            "list",
            "maps",
            "details",
            "method",
            "pca",
            "clusters",
            "orphans",
            "robustness",
            "inputs",
        ] {
            assert!(
                dom.contains(&format!("id=\"{id}\"")),
                "section {id} missing from the rendered DOM"
            );
        }
        let shot = t.path().join("shot.png");
        let s = std::process::Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--window-size=1200,2000",
            ])
            .arg(format!("--screenshot={}", shot.display()))
            .arg(format!("file://{}", out.join("report.html").display()))
            .output()
            .unwrap();
        assert!(
            shot.exists(),
            "no screenshot: {}",
            String::from_utf8_lossy(&s.stderr)
        );
        let (w, h, px) = common::decode_png(&shot);
        assert!(w >= 1000 && h >= 1000);
        assert!(common::distinct_colours(&px) > 20, "blank screenshot");
    }
}

fn chromium() -> Option<String> {
    for c in ["chromium", "chromium-browser", "google-chrome"] {
        if std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Some(c.to_string());
        }
    }
    eprintln!("SKIPPED (browser part): no chromium found; .ci/run installs it");
    None
}

#[test]
fn run_from_a_config_file_and_from_nothing() {
    let t = tempfile::tempdir().unwrap();
    let cfg = t.path().join("ciblage.toml");
    let o = common::bin()
        .args(["init", "--config", "--out"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    // The template names data-samples/...: point it at the embedded sample.
    let text = std::fs::read_to_string(&cfg).unwrap().replace(
        "\"data-samples/",
        &format!("\"{}/", common::sample_dir().display()),
    );
    std::fs::write(&cfg, text.replace("lang = \"en\"", "lang = \"fr\"")).unwrap();
    let out = t.path().join("run");
    let o = common::bin()
        .args(["run", "--config"])
        .arg(&cfg)
        .arg("--out")
        .arg(&out)
        .arg("--json")
        .output()
        .unwrap();
    common::assert_success(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rows_joined"], 300);
    assert_eq!(v["selected"].as_array().unwrap().len(), 21);
    assert!(std::fs::read_to_string(out.join("report.html"))
        .unwrap()
        .contains("lang=\"fr\""));
    // Unknown keys in the config are refused, naming the key.
    std::fs::write(&cfg, "[inputs]\nfiles = [\"x.csv\"]\nbogus = 1\n").unwrap();
    let o = common::bin()
        .args(["run", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "a bad settings file is a usage error"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("bogus"));
    // No input at all: the embedded sample, into a new folder.
    let o = common::bin()
        .arg("run")
        .arg("--quiet")
        .current_dir(t.path())
        .output()
        .unwrap();
    common::assert_success(&o);
    assert!(t.path().join("ciblage-out/report.html").exists());
    let o = common::bin()
        .arg("run")
        .arg("--quiet")
        .current_dir(t.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(
        t.path().join("ciblage-out-2/manifest.json").exists(),
        "a second run goes to a new folder"
    );
}
