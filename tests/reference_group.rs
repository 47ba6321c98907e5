//! The threshold orphan detector against a reference group of the user's (`--reference`, issue
//! 16): lycées have no REP/REP+ school to compare with, so without a group no orphan detector runs
//! for them; with one, the threshold detector does, on the track's IPS. Real files: IPS lycées (old
//! series) 2020-21 + IVAL GT 2021, académie de Nantes (skipped when `../shared/data/real/` is absent).

use crate::common;
use crate::levels::{lycees_gt_analysed, median, num, raw, run_lycees_gt, selection};
use std::collections::BTreeSet;
use std::path::Path;

/// The lycées GT run of [`run_lycees_gt`] with `--reference file` and `extra`.
fn run_gt(d: &Path, file: &Path, extra: &[&str], out: &Path) -> (i32, String) {
    let mut a = vec!["--reference", file.to_str().unwrap()];
    a.extend(extra);
    run_lycees_gt(d, &a, out)
}

/// The reference group: the ten public lycées GT of Nantes with the lowest IPS of the whole lycée
/// (`IPS Ensemble GT-PRO`, a stand-in for an académie's own list of lycées in difficulty), and one
/// lycée of Rennes (not analysed: counted and listed, not an error).
#[test]
fn lycees_gt_threshold_orphans_against_a_reference_group() {
    let Some(d) = common::real_dir() else { return };
    let ips = d.join("ips_lycees_2016_2022.csv");
    let ival = d.join("ival_lycees_gt_2021.csv");
    let rows = raw(&ips);
    let analysed = lycees_gt_analysed(&ips, &ival, "NANTES");
    let year = |r: &&std::collections::BTreeMap<String, String>| {
        r["Rentrée scolaire"] == "2020-2021" && r["Secteur"] == "public"
    };
    let mut nantes: Vec<(f64, String)> = rows
        .iter()
        .filter(year)
        .filter(|r| r["Académie"] == "NANTES" && analysed.contains_key(&r["UAI"]))
        .filter_map(|r| num(r, "IPS Ensemble GT-PRO").map(|x| (x, r["UAI"].clone())))
        .collect();
    nantes.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let group: Vec<String> = nantes.iter().take(10).map(|x| x.1.clone()).collect();
    let outside = rows
        .iter()
        .filter(year)
        .find(|r| r["Académie"] == "RENNES")
        .map(|r| r["UAI"].clone())
        .unwrap();
    let t = tempfile::tempdir().unwrap();
    let file = t.path().join("reference.csv");
    let mut text = String::from("uai;commentaire\n");
    for u in group.iter().chain([&outside]) {
        text.push_str(&format!("{u};liste académique\n"));
    }
    std::fs::write(&file, text).unwrap();
    let out = t.path().join("gt");
    let (code, err) = run_gt(&d, &file, &["--lang", "fr", "--tables-only"], &out);
    assert_eq!(code, 0, "{err}");
    // Recomputed from the raw files: the median IPS GT of the group's analysed lycées; an orphan is
    // an analysed lycée outside the group at or below it.
    let in_group: BTreeSet<&String> = group.iter().filter(|u| analysed.contains_key(*u)).collect();
    assert!(in_group.len() >= 3, "{}", in_group.len());
    let threshold = median(in_group.iter().map(|u| analysed[*u][0]).collect());
    let sel = selection(&out);
    let mut orphans = 0;
    for r in sel.iter().filter(|r| analysed.contains_key(&r["id"])) {
        let ips_gt = analysed[&r["id"]][0];
        let want = !in_group.contains(&r["id"]) && ips_gt <= threshold;
        assert_eq!(
            r["orphan_threshold"],
            want.to_string(),
            "{}: {ips_gt} vs {threshold}",
            r["id"]
        );
        orphans += usize::from(want);
        // No REP lycée: the cluster and neighbourhood detectors stay not computed (empty).
        assert!(r["orphan_cluster"].is_empty() && r["orphan_neighbourhood"].is_empty());
    }
    assert!(orphans > 0);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("selection.json")).unwrap())
            .unwrap();
    let used = &json["reference"];
    assert_eq!(used["file"], "reference.csv");
    assert_eq!(used["listed"], 11);
    assert_eq!(used["analysed"], in_group.len());
    let not_analysed: Vec<&str> = used["not_analysed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(not_analysed.contains(&outside.as_str()));
    assert_eq!(not_analysed.len(), 11 - in_group.len());
    // The report says which group and how many of its schools, and that the EP detectors are off.
    let out2 = t.path().join("gt-report");
    let (code, err) = run_gt(&d, &file, &["--lang", "fr"], &out2);
    assert_eq!(code, 0, "{err}");
    let report = std::fs::read_to_string(out2.join("report.html")).unwrap();
    let line = format!(
        "{orphans} selon le détecteur à seuil (seuil : IPS inférieur ou égal à la médiane du groupe de référence reference.csv, dont {} des 11 établissements sont analysés)",
        in_group.len()
    );
    assert!(report.contains(&line), "{line}");
    assert!(report.contains("ne sont pas calculés pour les lycées"));
    // A group with no analysed school is an error naming the file (exit 1), and nothing is written.
    std::fs::write(&file, format!("uai\n{outside}\n")).unwrap();
    let bad = t.path().join("bad");
    let (code, err) = run_gt(&d, &file, &["--tables-only"], &bad);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("reference.csv") && err.contains("none of its 1 school(s)"),
        "{err}"
    );
    assert!(!bad.exists());
}
