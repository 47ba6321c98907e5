//! Territories (issue 14): académie and département filters, joins and per-territory thresholds
//! compare territories, not spellings; a filter that keeps no school says which and what exists.

use crate::common;

use crate::common::{read_matrix, run_str};
use std::path::Path;

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `nantes`, `Nantes`, `NANTES`, `17` and `Académie de Nantes` keep the same 252 public collèges of
/// the real IPS file; `44`, `044` and `Loire-Atlantique` the same département.
#[test]
fn every_spelling_filters_the_same_schools() {
    let Some(real) = common::real_dir() else {
        return;
    };
    let ips = real.join("ips_colleges_2022_2023.csv");
    let d = tempfile::tempdir().unwrap();
    let count = |flag: &str, value: &str, i: usize| {
        let out = d.path().join(format!("p{i}"));
        let (code, _, err) = run_str(&[
            "pca",
            p(&ips),
            flag,
            value,
            "--sector",
            "public",
            "--active",
            "ips,ips_sd",
            "--out",
            p(&out),
        ]);
        assert_eq!(code, 0, "{flag} {value}: {err}");
        read_matrix(&out.join("individuals.csv")).1.len()
    };
    for (i, a) in ["NANTES", "nantes", "Nantes", "17", "Académie de Nantes"]
        .iter()
        .enumerate()
    {
        assert_eq!(count("--academie", a, i), 252, "{a}");
    }
    let all44: Vec<usize> = ["44", "044", "Loire-Atlantique", "LOIRE ATLANTIQUE"]
        .iter()
        .enumerate()
        .map(|(i, v)| count("--departement", v, 10 + i))
        .collect();
    assert!(all44.iter().all(|&n| n == all44[0] && n > 0), "{all44:?}");
}

/// The EP list and the coordinates file write académies as `Nantes`, IPS and IVAC as `NANTES`: every
/// file stores the same label, so joins and the filters agree.
#[test]
fn academies_are_one_label_in_every_file() {
    let Some(real) = common::real_dir() else {
        return;
    };
    let o = ciblage::LoadOptions::default();
    for f in [
        "etablissements_ep_2022_2023.csv",
        "geoloc_colleges.csv",
        "ival_colleges_2022_2024.csv",
        "annuaire_education_extrait_ille_et_vilaine.csv",
    ] {
        let (t, r) = ciblage::load(&real.join(f), &o).unwrap();
        let labels: std::collections::BTreeSet<&str> = t
            .text("academie")
            .unwrap()
            .iter()
            .map(|s| s.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        assert!(
            labels.iter().all(|l| ciblage::data::territory::ACADEMIES
                .iter()
                .any(|a| a.label == *l)),
            "{f}: {labels:?}"
        );
        assert!(
            !r.notes
                .iter()
                .any(|n| n.contains("not in the built-in table")),
            "{f}"
        );
    }
}

/// Corrupted labels of some exports (`ND` deleted: `NORMAIE`, `CLERMONT-FERRA`, `GIROE`) and mixed
/// case in one table are the same territories: one group per académie in the thresholds.
#[test]
fn corrupted_and_mixed_case_labels_are_one_territory() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("t.csv");
    let uais = [
        "0440008V", "0440010X", "0440013A", "0440015C", "0440016D", "0440018F", "0440021J",
        "0440022K",
    ];
    let mut body = String::from("uai,academie,departement_nom,secteur,ips,ips_sd,x\n");
    for (i, u) in uais.iter().enumerate() {
        let (aca, dep) = match i % 4 {
            0 => ("NORMAIE", "CALVADOS"),
            1 => ("Normandie", "Calvados"),
            2 => ("CLERMONT-FERRA", "GIROE"),
            _ => ("clermont-ferrand", "Gironde"),
        };
        body.push_str(&format!(
            "{u},{aca},{dep},public,{},{},{}\n",
            90 + i * 3,
            30 + (i * 7) % 5,
            (i * 13) % 7
        ));
    }
    std::fs::write(&f, body).unwrap();
    let (t, r) = ciblage::load(&f, &Default::default()).unwrap();
    assert_eq!(r.rows_kept, 8);
    let labels: std::collections::BTreeSet<&str> = t
        .text("academie")
        .unwrap()
        .iter()
        .map(|s| s.as_str())
        .collect();
    assert_eq!(
        labels.into_iter().collect::<Vec<_>>(),
        ["CLERMONT-FERRAND", "NORMANDIE"]
    );
    let out = d.path().join("pca");
    let (code, _, err) = run_str(&[
        "pca",
        p(&f),
        "--academie",
        "normandie",
        "--active",
        "ips,ips_sd,x",
        "--out",
        p(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(read_matrix(&out.join("individuals.csv")).1.len(), 4);
}

/// A filter that keeps no school names the filter and the values that exist, closest first; the
/// bare "not enough schools: 0 usable row(s)" never appears.
#[test]
fn a_filter_that_keeps_nothing_says_why() {
    let Some(case) = common::case_dir("data-11") else {
        return;
    };
    let f = case.join("fr-en-ips-colleges-ap2023.csv");
    let d = tempfile::tempdir().unwrap();
    let (code, _, err) = run_str(&[
        "pca",
        p(&f),
        "--academie",
        "LIL",
        "--active",
        "ips,ips_sd",
        "--out",
        p(&d.path().join("a")),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--academie LIL: académies of the data, closest first: LILLE"),
        "{err}"
    );
    assert!(!err.contains("0 usable row"), "{err}");
    let (code, _, err) = run_str(&[
        "pca",
        p(&f),
        "--departement",
        "44",
        "--active",
        "ips,ips_sd",
        "--out",
        p(&d.path().join("b")),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--departement 44: départements of the data, closest first:")
            && err.contains("59 (Nord)"),
        "{err}"
    );
    // A table without an académie column: said so.
    let g = d.path().join("t.csv");
    std::fs::write(
        &g,
        "uai,ips,x\n0440008V,100,1\n0440010X,90,3\n0440013A,95,2\n",
    )
    .unwrap();
    let (code, _, err) = run_str(&[
        "pca",
        p(&g),
        "--academie",
        "NANTES",
        "--active",
        "ips,x",
        "--out",
        p(&d.path().join("c")),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("the inputs have no académie column"), "{err}");
}

/// data-05: an IVAC re-saved by pandas (`acad` for the académie, `None` for missing values): the
/// académie filter works; `None` declared as missing gives pandas' counts (6,427 = 6,612 − 185).
#[test]
fn renamed_ivac_with_none() {
    let Some(case) = common::case_dir("data-05") else {
        return;
    };
    let f = case.join("fr-en-indicateurs-valeur-ajoutee-colleges.csv");
    let (t, r) = ciblage::load(&f, &Default::default()).unwrap();
    assert_eq!(r.dataset, "table");
    assert_eq!((r.rows, r.rows_kept, r.rows_filtered), (13234, 6612, 6622));
    assert!(t.num("VA_taux_reussite_G").is_none());
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("'VA_taux_reussite_G' is read as text")
                && w.contains("525 value(s) are not numbers (first 'None'")),
        "{:?}",
        r.warnings
    );
    let d = tempfile::tempdir().unwrap();
    let (code, _, err) = run_str(&[
        "pca",
        p(&f),
        "--active",
        "taux_reussite_g,va_taux_reussite_g,note_ecrit_g,va_de_la_note_g",
        "--out",
        p(&d.path().join("a")),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("'VA_taux_reussite_G'")
            && err.contains("is not numeric")
            && err.contains("--missing-tokens 'None'"),
        "{err}"
    );
    let out = d.path().join("b");
    let (code, _, err) = run_str(&[
        "pca",
        p(&f),
        "--missing-tokens",
        "None",
        "--active",
        "taux_reussite_g,va_taux_reussite_g,note_ecrit_g,va_de_la_note_g",
        "--out",
        p(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(read_matrix(&out.join("individuals.csv")).1.len(), 6427);
    let out = d.path().join("c");
    let (code, _, err) = run_str(&[
        "pca",
        p(&f),
        "--missing-tokens",
        "None",
        "--academie",
        "NANTES",
        "--active",
        "taux_reussite_g,note_ecrit_g",
        "--out",
        p(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(read_matrix(&out.join("individuals.csv")).1.len() > 300);
}
