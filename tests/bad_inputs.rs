//! Broken inputs: each gives a clear error or a rejection with its reason, never a panic.

use crate::common;

use std::path::Path;

fn write(dir: &Path, name: &str, body: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

const HEADER: &str = "rentree_scolaire;academie;code_du_departement;departement;uai;nom_de_l_etablissment;code_insee_de_la_commune;nom_de_la_commune;secteur;effectifs;ips;ecart_type_de_l_ips\n";

fn validate(p: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = common::bin()
        .arg("validate")
        .arg(p)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ips_file(dir: &Path, rows: &str) -> std::path::PathBuf {
    write(dir, "ips.csv", format!("{HEADER}{rows}").as_bytes())
}

const GOOD: &str = "2022-2023;LYON;001;AIN;0010005A;C;01025;B;public;540.0;110.4;31.3\n";

#[test]
fn wrong_check_letter_is_rejected_with_reason() {
    let d = tempfile::tempdir().unwrap();
    let p = ips_file(
        d.path(),
        &format!("{GOOD}2022-2023;LYON;001;AIN;0010006A;C;01025;B;public;540.0;110.4;31.3\n"),
    );
    let (code, out, _) = validate(&p, &[]);
    assert_eq!(code, 0);
    assert!(
        out.contains("line 3") && out.contains("0010006A") && out.contains("expected 'B'"),
        "{out}"
    );
    assert!(out.contains("rows 2 = kept 1 + rejected 1"), "{out}");
    let (code, _, err) = validate(&p, &["--strict"]);
    assert_eq!(code, 1);
    assert!(err.contains("strict") && err.contains("line 3"), "{err}");
}

#[test]
fn duplicate_uai_keeps_the_first() {
    let d = tempfile::tempdir().unwrap();
    let p = ips_file(d.path(), &format!("{GOOD}{GOOD}"));
    let (code, out, _) = validate(&p, &[]);
    assert_eq!(code, 0);
    assert!(out.contains("duplicate UAI: already on line 2"), "{out}");
}

#[test]
fn text_in_a_numeric_column_and_out_of_range() {
    let d = tempfile::tempdir().unwrap();
    let p = ips_file(
        d.path(),
        &format!("{GOOD}2022-2023;LYON;001;AIN;0010006B;C;01025;B;public;540.0;abc;31.3\n2022-2023;LYON;001;AIN;0010007C;C;01025;B;public;540.0;999;31.3\n"),
    );
    let (_, out, _) = validate(&p, &["--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let probs = v["files"][0]["problems"].as_array().unwrap();
    assert_eq!(probs.len(), 2);
    assert_eq!(probs[0]["line"], 3);
    assert_eq!(probs[0]["column"], "ips");
    assert_eq!(probs[0]["uai"], "0010006B");
    assert_eq!(probs[0]["value"], "abc");
    assert_eq!(probs[0]["reason"], "not a number");
    assert!(probs[1]["reason"]
        .as_str()
        .unwrap()
        .contains("plausible range"));
    assert_eq!(v["files"][0]["rows_rejected"], 2);
    assert_eq!(v["files"][0]["rows"], 3);
}

#[test]
fn ragged_row() {
    let d = tempfile::tempdir().unwrap();
    let p = ips_file(
        d.path(),
        &format!("{GOOD}2022-2023;LYON;001;AIN;0010006B;C\n"),
    );
    let (code, out, _) = validate(&p, &[]);
    assert_eq!(code, 0);
    assert!(
        out.contains("ragged row: 6 field(s) where the header has 12"),
        "{out}"
    );
}

#[test]
fn empty_file_and_header_only() {
    let d = tempfile::tempdir().unwrap();
    let (code, _, err) = validate(&write(d.path(), "e.csv", b""), &[]);
    assert_eq!(code, 1);
    assert!(err.contains("e.csv") && err.contains("empty"), "{err}");
    let (code, out, _) = validate(&ips_file(d.path(), ""), &[]);
    assert_eq!(code, 0);
    assert!(out.contains("rows 0 = kept 0"), "{out}");
}

#[test]
fn missing_required_column_lists_what_was_found() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "m.csv",
        b"rentree_scolaire;uai;ips;ecart_type_de_l_ips\n2022-2023;0010005A;100;30\n",
    );
    let (code, _, err) = validate(&p, &["--dataset", "ivac"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("missing required column")
            && err.contains("session")
            && err.contains("columns found: [rentree_scolaire, uai"),
        "{err}"
    );
}

#[test]
fn binary_garbage() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "g.csv", b"PK\x03\x04\x00\x00\xff\xfe garbage");
    let (code, _, err) = validate(&p, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("g.csv") && err.contains("binary"), "{err}");
}

#[test]
fn wrong_separator_is_explained() {
    let d = tempfile::tempdir().unwrap();
    let p = ips_file(d.path(), GOOD);
    let (code, _, err) = validate(&p, &["--separator", ","]);
    assert_eq!(code, 1);
    assert!(
        err.contains("not recognised") || err.contains("missing required"),
        "{err}"
    );
    let (code, _, err) = validate(&p, &["--separator", "|"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn unknown_dataset_and_no_input_are_usage_errors() {
    let d = tempfile::tempdir().unwrap();
    let p = ips_file(d.path(), GOOD);
    assert_eq!(validate(&p, &["--dataset", "nope"]).0, 2);
    let out = common::bin().arg("validate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = common::bin().arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn unbalanced_quote_and_latin1() {
    let d = tempfile::tempdir().unwrap();
    let p = ips_file(
        d.path(),
        "2022-2023;LYON;001;AIN;0010005A;\"C;01025;B;public;540.0;110.4;31.3\n",
    );
    let (code, out, err) = validate(&p, &[]);
    assert!(code == 0 || code == 1, "{out}{err}");
    let mut body = HEADER.as_bytes().to_vec();
    body.extend_from_slice(
        b"2022-2023;LYON;001;AIN;0010005A;COLL\xc8GE;01025;B;public;540.0;110.4;31.3\n",
    );
    let p = write(d.path(), "latin1.csv", &body);
    let (code, out, _) = validate(&p, &[]);
    assert_eq!(code, 0);
    assert!(out.contains("kept 1"), "{out}");
}

#[test]
fn rejected_rows_file_lists_every_rejection() {
    let d = tempfile::tempdir().unwrap();
    let p = ips_file(
        d.path(),
        &format!("{GOOD}{GOOD}2022-2023;LYON;001;AIN;0010006A;C;01025;B;public;540.0;110.4;31.3\n"),
    );
    let rej = d.path().join("rej.csv");
    let (code, _, _) = validate(&p, &["--rejected", rej.to_str().unwrap()]);
    assert_eq!(code, 0);
    let body = std::fs::read_to_string(&rej).unwrap();
    assert_eq!(body.lines().count(), 3, "{body}");
    assert!(body.starts_with("file,line,column,uai,value,reason\n"));
}

#[test]
fn sample_is_valid_and_complete() {
    let d = common::sample_dir();
    let files: Vec<_> = [
        "fr-en-ips-colleges-ap2022.csv",
        "fr-en-indicateurs-valeur-ajoutee-colleges.csv",
        "fr-en-etablissements-ep.csv",
        "fr-en-adresse-et-geolocalisation-colleges.csv",
    ]
    .iter()
    .map(|f| d.join(f))
    .collect();
    let out = common::bin()
        .arg("validate")
        .args(&files)
        .arg("--strict")
        .arg("--json")
        .output()
        .unwrap();
    common::assert_success(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows_joined"], 300);
    let datasets: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["dataset"].as_str().unwrap())
        .collect();
    assert_eq!(datasets, ["ips-colleges", "ivac", "ep-list", "geoloc"]);
}

#[test]
fn other_official_presets_are_recognised() {
    let d = tempfile::tempdir().unwrap();
    // IPS écoles: several school years, `ips` as text with NS = not significant.
    let p = write(
        d.path(),
        "ecoles.csv",
        "rentree_scolaire;academie;code_du_departement;departement;uai;nom_de_l_etablissement;code_insee_de_la_commune;nom_de_la_commune;secteur;ips;ips_national;ips_academique;ips_departemental\n\
2021-2022;NANTES;044;LOIRE-ATLANTIQUE;0440008V;ECOLE A;44001;X;public;101.5;103.2;104.1;105.0\n\
2022-2023;NANTES;044;LOIRE-ATLANTIQUE;0440008V;ECOLE A;44001;X;public;NS;103.2;104.1;105.0\n\
2022-2023;NANTES;044;LOIRE-ATLANTIQUE;0440010X;ECOLE B;44001;X;public;99,4;103.2;104.1;105.0\n"
            .as_bytes(),
    );
    let (t, r) = ciblage::load(&p, &ciblage::LoadOptions::default()).unwrap();
    assert_eq!(r.dataset, "ips-ecoles");
    assert_eq!(
        r.period.as_deref(),
        Some("2022-2023"),
        "latest school year by default"
    );
    assert_eq!((r.rows, r.rows_kept, r.rows_filtered), (3, 2, 1));
    let ips = t.num("ips").unwrap();
    assert!(
        ips[0].is_nan() && (ips[1] - 99.4).abs() < 1e-12,
        "NS is missing, decimal comma read"
    );
    // IPS lycées: per-track columns.
    let p = write(d.path(), "lycees.csv", b"rentree_scolaire;uai;ips_voie_gt;ips_voie_pro;ips_ensemble_gt_pro;ecart_type_de_l_ips_voie_gt;ecart_type_de_l_ips_voie_pro\n2022-2023;0440008V;110.1;;110.1;30.2;\n");
    let (t, r) = ciblage::load(&p, &ciblage::LoadOptions::default()).unwrap();
    assert_eq!(r.dataset, "ips-lycees");
    assert!(t.num("ips_pro").unwrap()[0].is_nan());
    assert_eq!(t.num("ips").unwrap()[0], 110.1);
    // Older series, comma-separated with French-label headers.
    let p = write(
        d.path(),
        "old.csv",
        "Rentrée scolaire,Académie,UAI,IPS\n2019-2020,NANTES,0440008V,104.5\n".as_bytes(),
    );
    let (_, r) = ciblage::load(&p, &ciblage::LoadOptions::default()).unwrap();
    assert_eq!(
        (r.dataset.as_str(), r.separator.as_str(), r.rows_kept),
        ("ips-legacy", ",", 1)
    );
}
