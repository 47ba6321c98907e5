//! PCA against FactoMineR 2.7 on the real reference cases (skipped when absent).

use crate::common;

use crate::common::*;
use ciblage::pca::table::run;
use ciblage::PcaParams;
use ciblage::PcaSpec;

fn check_case(case: &str) {
    let Some(dir) = reference_dir(case) else {
        return;
    };
    let t = reference_table(&dir);
    let spec = PcaSpec {
        active: ACTIVE.iter().map(|s| s.to_string()).collect(),
        quali_sup: vec!["ep_status".into()],
        ..Default::default()
    };
    let run = run(&t, &spec, &PcaParams::new().ncp(5).check().unwrap()).unwrap();
    let r = &run.result;
    // Eigenvalues: 1e-9 relative.
    let (_, _, eig) = read_matrix(&dir.join("eigenvalues.csv"));
    assert_eq!(r.eigenvalues.len(), eig.len());
    for (e, want) in r.eigenvalues.iter().zip(&eig) {
        assert!(
            (e.eigenvalue - want[0]).abs() <= 1e-9 * want[0],
            "eigenvalue {}: {} vs {}",
            e.component,
            e.eigenvalue,
            want[0]
        );
        assert!((e.percentage_of_variance - want[1]).abs() <= 1e-9 * want[1].max(1.0));
        assert!((e.cumulative_percentage - want[2]).abs() <= 1e-9 * want[2]);
    }
    let tol = 1e-8;
    for (file, got) in [
        ("variables_coord.csv", &r.var.coord),
        ("variables_cor.csv", &r.var.cor),
        ("variables_cos2.csv", &r.var.cos2),
        ("variables_contrib.csv", &r.var.contrib),
    ] {
        let (_, names, want) = read_matrix(&dir.join(file));
        assert_eq!(names.len(), 7);
        assert_close(file, got, &want, tol);
    }
    for (file, got) in [
        ("individuals_coord.csv", &r.ind.coord),
        ("individuals_cos2.csv", &r.ind.cos2),
        ("individuals_contrib.csv", &r.ind.contrib),
    ] {
        let (_, ids, want) = read_matrix(&dir.join(file));
        assert_eq!(ids, r.ind.ids, "{file}: same schools in the same order");
        assert_close(file, &got.to_rows(), &want, tol);
    }
    let (_, _, dist) = read_matrix(&dir.join("individuals_dist.csv"));
    let got: Vec<Vec<f64>> = r.ind.dist.iter().map(|d| vec![*d]).collect();
    assert_close("individuals_dist.csv", &got, &dist, tol);
    let q = &r.quali_sup[0];
    let (_, cats, coord) = read_matrix(&dir.join("quali_sup_coord.csv"));
    assert_eq!(cats, q.categories);
    assert_close("quali_sup_coord.csv", &q.coord, &coord, tol);
    let (_, _, vtest) = read_matrix(&dir.join("quali_sup_vtest.csv"));
    assert_close("quali_sup_vtest.csv", &q.vtest, &vtest, tol);
}

#[test]
fn nantes_matches_factominer() {
    check_case("nantes_public_2023");
}

#[test]
fn national_matches_factominer() {
    check_case("colleges_public_2023");
}

/// The committed Nantes case (`tests/data/nantes_public_2023/`) is the shared reference, byte for
/// byte, wherever the shared folder exists: a copy never drifts from FactoMineR's files.
#[test]
fn the_committed_case_is_the_shared_reference() {
    let committed = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(common::COMMITTED_CASE);
    let shared = common::shared()
        .join("reference")
        .join(common::COMMITTED_CASE);
    let mut names: Vec<String> = std::fs::read_dir(&committed)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv") || n == "PROVENANCE.md")
        .collect();
    names.sort();
    assert!(names.len() >= 15, "{names:?}");
    if !shared.exists() {
        eprintln!("SKIPPED (comparison only): {} is absent", shared.display());
        return;
    }
    for n in names {
        let a = std::fs::read(committed.join(&n)).unwrap();
        let b = std::fs::read(shared.join(&n)).unwrap();
        assert!(a == b, "{n} differs from the shared reference");
    }
}
