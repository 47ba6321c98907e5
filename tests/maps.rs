//! Maps of a run through the command line: a school map says how many of its schools it could not
//! draw. (The built-in outlines against the real collèges and the national map's layout are unit tests
//! of the map module: `src/map/real_tests.rs`.)

use crate::common;

#[test]
fn a_school_map_says_how_many_of_its_schools_have_no_coordinates() {
    // The official coordinates file covers collèges only: the écoles selected outside éducation
    // prioritaire have none, and the map of the selection says so instead of looking empty.
    let Some(real) = common::real_dir() else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    let (code, _, err) = common::run_str(&[
        "run",
        real.join("ips_ecoles_2022_2025.csv").to_str().unwrap(),
        real.join("etablissements_ep_2022_2023.csv")
            .to_str()
            .unwrap(),
        "--academie",
        "RENNES",
        "--year",
        "2024-2025",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (h, rows) = common::read_csv(&out.join("selection.csv"));
    let sel = h.iter().position(|c| c == "selected").unwrap();
    let n = rows.iter().filter(|r| r[sel] == "true").count();
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        report.contains(&format!(
            "{n} of the {n} selected schools have no coordinates in the inputs"
        )),
        "the selection map's caption names the undrawn schools"
    );
}
