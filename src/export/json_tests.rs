//! The JSON output policy on a small run: compact → no per-school key, full → every key, a list
//! longer than the policy's limit → left out; the views write what the results do when they hold
//! everything.

use super::*;
use crate::data::Unit;
use serde_json::Value;

/// A 4-school PCA with one dropped row and one imputed cell.
fn run() -> PcaRun {
    let x = ndarray::array![[1.0, 2.0], [2.0, 1.0], [3.0, 5.0], [4.0, 3.0]];
    let mut result = crate::pca::PcaParams::new()
        .ncp(2)
        .check()
        .unwrap()
        .fit(&x, &["ips", "ips_sd"], None)
        .unwrap();
    result.ind.ids = ["0440001A", "0440002B", "0440003C", "0440004D"]
        .iter()
        .map(|&u| u.into())
        .collect();
    PcaRun {
        result,
        rows_in: 5,
        rejected: vec![Problem {
            path: "ips.csv".into(),
            line: 6,
            unit: Unit::Line,
            column: Some("ips".into()),
            uai: Some("0440005X".into()),
            value: None,
            reason: "missing".into(),
        }],
        imputed: vec![ImputedCell {
            uai: "0440001A".into(),
            variable: "ips".into(),
            value: 2.5,
        }],
        warnings: vec![],
        rows: vec![0, 1, 2, 3],
        uai_order: None,
    }
}

fn json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

#[test]
fn the_policies_and_their_limit() {
    let full = JsonPolicy::default();
    assert_eq!(full, JsonPolicy::full());
    assert_eq!(full.max_per_school, 100_000);
    assert!(full.holds(0) && full.holds(100_000) && !full.holds(100_001));
    let compact = JsonPolicy::compact();
    assert_eq!(compact.per_school, PerSchool::None);
    assert!(!compact.holds(0) && !compact.holds(1));
    let small = full.with_max_per_school(3);
    assert!(small.holds(3) && !small.holds(4));
    assert_eq!(small.list(&[1, 2, 3]), Some(&[1, 2, 3][..]));
    assert_eq!(small.list(&[1, 2, 3, 4]), None);
}

#[test]
fn full_pca_json_is_the_whole_run() {
    let r = run();
    let v = json(&PcaRunJson::new(&r, JsonPolicy::full()));
    // Same keys, same values, same order as the plain result's serialisation.
    assert_eq!(v, json(&r));
    assert_eq!(
        serde_json::to_string(&PcaRunJson::new(&r, JsonPolicy::full())).unwrap(),
        serde_json::to_string(&r).unwrap()
    );
    assert_eq!(v["result"]["ind"]["dist"].as_array().unwrap().len(), 4);
    assert_eq!(v["result"]["weights"].as_array().unwrap().len(), 4);
    assert_eq!(v["result"]["weights"][0], 0.25);
    assert_eq!(v["rejected"][0]["uai"], "0440005X");
    assert_eq!(v["imputed"][0]["value"], 2.5);
}

#[test]
fn compact_pca_json_has_no_per_school_key() {
    let r = run();
    let v = json(&PcaRunJson::new(&r, JsonPolicy::compact()));
    for key in ["ind", "weights"] {
        assert!(v["result"].get(key).is_none(), "{key}");
    }
    for key in ["rejected", "imputed"] {
        assert!(v.get(key).is_none(), "{key}");
    }
    // The rest is all there.
    assert_eq!(v["rows_in"], 5);
    assert_eq!(v["result"]["n"], 4);
    assert_eq!(v["result"]["eigenvalues"], json(&r.result.eigenvalues));
    assert_eq!(v["result"]["var"], json(&r.result.var));
    // The plain result keeps everything whatever JSON file was written.
    assert_eq!(json(&r.result)["ind"]["dist"].as_array().unwrap().len(), 4);
}

#[test]
fn lists_beyond_the_limit_are_left_out() {
    let r = run();
    // 4 schools, a limit of 3: the per-school lists are left out, the one-entry lists stay.
    let v = json(&PcaRunJson::new(
        &r,
        JsonPolicy::full().with_max_per_school(3),
    ));
    assert!(v["result"].get("ind").is_none());
    assert!(v["result"].get("weights").is_none());
    assert_eq!(v["rejected"].as_array().unwrap().len(), 1);
    assert_eq!(v["imputed"].as_array().unwrap().len(), 1);
    // A limit of exactly 4 holds them.
    let v = json(&PcaRunJson::new(
        &r,
        JsonPolicy::full().with_max_per_school(4),
    ));
    assert_eq!(v["result"]["ind"]["ids"][3], "0440004D");
    assert_eq!(v["result"]["ind"]["dist"].as_array().unwrap().len(), 4);
}

#[test]
fn hcpc_json_under_each_policy() {
    let r = run();
    let h = crate::cluster::HcpcParams::new()
        .k(Some(2))
        .check()
        .unwrap()
        .fit(&r.result.ind.coord, &r.result.weights)
        .unwrap();
    let full = json(&HcpcJson::new(&h, JsonPolicy::full()));
    assert_eq!(full, json(&h));
    assert_eq!(
        serde_json::to_string(&HcpcJson::new(&h, JsonPolicy::full())).unwrap(),
        serde_json::to_string(&h).unwrap()
    );
    assert_eq!(full["clusters"].as_array().unwrap().len(), 4);
    for policy in [
        JsonPolicy::compact(),
        JsonPolicy::full().with_max_per_school(3),
    ] {
        let v = json(&HcpcJson::new(&h, policy));
        for key in ["tree_cut", "clusters", "order"] {
            assert!(v.get(key).is_none(), "{key} under {policy:?}");
        }
        assert_eq!(v["k"], 2);
        assert_eq!(v["sizes"], json(&h.sizes));
    }
}

#[test]
fn sensitivity_json_under_each_policy() {
    let s = SensitivityReport {
        variants: vec![],
        bootstrap_mean_jaccard: 0.75,
        schools: (0..3)
            .map(|i| Stability {
                uai: format!("044000{i}A").as_str().into(),
                selected: i == 0,
                variant_frequency: 1.0,
                bootstrap_frequency: 0.5,
            })
            .collect(),
    };
    let full = json(&SensitivityJson::new(&s, JsonPolicy::full()));
    assert_eq!(full, json(&s));
    assert_eq!(full["schools"][0]["uai"], "0440000A");
    let v = json(&SensitivityJson::new(&s, JsonPolicy::compact()));
    assert!(v.get("schools").is_none());
    assert_eq!(v["bootstrap_mean_jaccard"], 0.75);
    let v = json(&SensitivityJson::new(
        &s,
        JsonPolicy::full().with_max_per_school(2),
    ));
    assert!(v.get("schools").is_none());
}

/// The selection of the 300-school synthetic sample (Nantes rules, 21 schools, sensitivity on).
fn selection() -> Selection {
    let dir = tempfile::tempdir().unwrap();
    let files =
        crate::sample::write_sample(&crate::sample::SampleParams::new(300, 1), dir.path(), false)
            .unwrap();
    let csv: Vec<_> = files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    let inputs = crate::data::load_inputs(&csv, &Default::default()).unwrap();
    let cfg = crate::analysis::AnalysisConfig::standard(crate::pca::Missing::Drop).unwrap();
    let a = crate::analysis::analyse(&inputs, &cfg).unwrap();
    let spec = SelectionSpec::nantes(vec![], 21, Default::default());
    crate::select::select(&a, &spec).unwrap()
}

#[test]
fn selection_json_under_each_policy() {
    let s = selection();
    let n = s.schools.len();
    assert!(n > 100 && !s.not_analysed.is_empty() && s.sensitivity.schools.len() == n);
    let full = json(&SelectionJson::new(&s, JsonPolicy::full()));
    assert_eq!(full, json(&s));
    assert_eq!(
        serde_json::to_string(&SelectionJson::new(&s, JsonPolicy::full())).unwrap(),
        serde_json::to_string(&s).unwrap()
    );
    assert_eq!(
        full["not_analysed"].as_array().unwrap().len(),
        s.not_analysed.len()
    );
    assert_eq!(full["sensitivity"]["schools"].as_array().unwrap().len(), n);
    assert_eq!(full["selected"].as_array().unwrap().len(), 21);
    for policy in [
        JsonPolicy::compact(),
        JsonPolicy::full().with_max_per_school(n - 1),
    ] {
        let v = json(&SelectionJson::new(&s, policy));
        assert!(v.get("schools").is_none(), "{policy:?}");
        assert!(v["sensitivity"].get("schools").is_none(), "{policy:?}");
        assert_eq!(v["selected"], full["selected"]);
        assert_eq!(v["spec"], full["spec"]);
    }
    assert!(json(&SelectionJson::new(&s, JsonPolicy::compact()))
        .get("not_analysed")
        .is_none());
    // A limit between the two list lengths: the short list stays, the long one goes.
    let between = JsonPolicy::full().with_max_per_school(s.not_analysed.len());
    assert!(s.not_analysed.len() < n);
    let v = json(&SelectionJson::new(&s, between));
    assert!(v.get("schools").is_none());
    assert_eq!(v["not_analysed"], full["not_analysed"]);
}

#[test]
fn geojson_beyond_the_limit_keeps_the_eligible_schools() {
    let s = selection();
    let n = s.schools.len();
    let eligible = s.schools.eligible.iter().filter(|&&e| e).count();
    assert!(0 < eligible && eligible < n);
    let features = |policy: JsonPolicy| -> usize {
        let dir = tempfile::tempdir().unwrap();
        super::super::selection::write_per_school(&s, dir.path(), Default::default(), policy)
            .unwrap();
        let text = std::fs::read_to_string(dir.path().join("selection.geojson")).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        v["features"].as_array().unwrap().len()
    };
    // Every sample school has coordinates.
    assert_eq!(features(JsonPolicy::full()), n);
    assert_eq!(features(JsonPolicy::full().with_max_per_school(n)), n);
    assert_eq!(
        features(JsonPolicy::full().with_max_per_school(n - 1)),
        eligible
    );
}
