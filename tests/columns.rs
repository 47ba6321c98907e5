//! Columns (issue 14): every header is kept and can be named as written, by its normalised form or by
//! the canonical name of an official preset; a user's table is labelled with the user's own names;
//! repeated, empty and non-ASCII headers; columns of numbers with a few other values.

use crate::common;

use crate::common::{case_input, read_csv, read_matrix, run_str};
use std::path::Path;

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `variables.csv` of a PCA output: variable names in order.
fn variables(dir: &Path) -> Vec<String> {
    read_csv(&dir.join("variables.csv"))
        .1
        .into_iter()
        .map(|r| r[0].clone())
        .collect()
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let syy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    sxy / (sxx * syy).sqrt()
}

/// rel-07: two columns named `ips`. Both are kept (`ips`, `ips#4`) with a warning; `--strict` fails on
/// it; both can be analysed, and the PCA is the one of these two columns.
#[test]
fn duplicate_headers_are_kept_and_named_by_position() {
    let t = case_input("rel-07-duplicate-column-silently-dropped", "t.csv");
    let (code, out, err) = run_str(&["validate", p(&t), "--dataset", "table", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = &v["files"][0];
    assert_eq!(f["mapping"]["ips"], "ips");
    assert_eq!(f["mapping"]["ips#4"], "ips#4");
    assert_eq!(f["missing"]["ips#4"], 0);
    let w = f["warnings"][0].as_str().unwrap();
    assert!(
        w.contains("duplicate column 'ips' (columns 2 and 4)") && w.contains("'ips#4'"),
        "{w}"
    );
    let (code, _, err) = run_str(&["validate", p(&t), "--dataset", "table", "--strict"]);
    assert_eq!(code, 1, "--strict fails on a warning");
    assert!(err.contains("duplicate column 'ips'"), "{err}");
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("pca");
    let (code, _, err) = run_str(&[
        "pca",
        p(&t),
        "--dataset",
        "table",
        "--active",
        "ips,ips#4",
        "--out",
        p(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(variables(&out), ["ips", "ips#4"]);
    // Two standardised variables: eigenvalues 1 ± |r|.
    let r = pearson(&[113.2, 108.6, 94.3, 97.0], &[60.1, 61.2, 150.3, 140.4]);
    let (_, _, eig) = read_matrix(&out.join("eigenvalues.csv"));
    assert!((eig[0][0] - (1.0 + r.abs())).abs() < 1e-12, "{eig:?} r={r}");
    assert!((eig[1][0] - (1.0 - r.abs())).abs() < 1e-12);
}

/// rel-23: a table's own headers work in --active and label the outputs; canonical names work too
/// and resolve to the user's columns; messages name the columns as written.
#[test]
fn a_table_keeps_its_own_names() {
    let t = case_input("rel-23-table-headers-renamed", "t.csv");
    let d = tempfile::tempdir().unwrap();
    let a = d.path().join("a");
    let (code, _, err) = run_str(&[
        "pca",
        p(&t),
        "--dataset",
        "table",
        "--active",
        "ips,taux_reussite",
        "--out",
        p(&a),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(variables(&a), ["ips", "taux_reussite"]);
    // Canonical names stand for the user's columns; the outputs keep the user's names. va_note has
    // one missing value: dropped by default, and said so with the column as written.
    let b = d.path().join("b");
    let (code, _, err) = run_str(&[
        "pca",
        p(&t),
        "--dataset",
        "table",
        "--active",
        "ips,success_rate,va_written_mark",
        "--out",
        p(&b),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(variables(&b), ["ips", "taux_reussite", "va_note"]);
    assert!(
        err.contains("1 of the 4 schools dropped") && err.contains("va_note 1"),
        "{err}"
    );
    let (_, ids, _) = read_matrix(&b.join("individuals.csv"));
    assert_eq!(ids.len(), 3);
    assert!(!ids.contains(&"0440015C".to_string()));
    let c = d.path().join("c");
    let (code, _, err) = run_str(&[
        "pca",
        p(&t),
        "--dataset",
        "table",
        "--active",
        "ips,success_rate,va_written_mark",
        "--missing",
        "error",
        "--out",
        p(&c),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("column 'va_note' (column 5 of")
            && err.contains("1 missing value(s), first at UAI 0440015C (line 5"),
        "{err}"
    );
    // An unknown name lists the columns, closest first.
    let e = d.path().join("e");
    let (code, _, err) = run_str(&[
        "pca",
        p(&t),
        "--dataset",
        "table",
        "--active",
        "ips,taux_reusite",
        "--out",
        p(&e),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--active taux_reusite: numeric columns of the data: taux_reussite"),
        "{err}"
    );
}

/// The reference input (a user's table with `taux_reussite`, `ep`, `departement`...): the seven
/// Nantes indicators by their canonical names, `ep` as the supplementary variable by the user's name.
#[test]
fn reference_table_answers_to_canonical_names() {
    let Some(dir) = common::reference_dir("nantes_public_2023") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("pca");
    let input = dir.join("input.csv");
    let (code, _, err) = run_str(&[
        "pca",
        p(&input),
        "--active",
        &common::ACTIVE.join(","),
        "--quali-sup",
        "ep",
        "--out",
        p(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        variables(&out),
        [
            "ips",
            "ips_sd",
            "taux_reussite",
            "va_taux_reussite",
            "note_ecrit",
            "va_note",
            "taux_acces_6e3e"
        ]
    );
    // FactoMineR's coordinates, whatever the names.
    let (_, _, got) = read_matrix(&out.join("variables.csv"));
    let (_, _, want) = read_matrix(&dir.join("variables_coord.csv"));
    let got: Vec<Vec<f64>> = got.iter().map(|r| r[..5].to_vec()).collect();
    common::assert_close("variables coord", &got, &want, 1e-8);
    let (_, cats, _) = read_matrix(&out.join("quali_sup.csv"));
    assert!(
        cats.iter()
            .any(|c| c.starts_with("ep=") || c.contains("REP")),
        "{cats:?}"
    );
}

fn stat13(file: &str) -> std::path::PathBuf {
    case_input("stat-13-non-ascii-names", file)
}

const LONG_NORMALISED: &str = "indicateur_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long_tres_long";

/// stat-13: a Japanese header, two headers equal after normalisation and a 300-character header are
/// all kept; each can be named; the PCA of the four matches FactoMineR to 1e-8, labelled as R labels.
#[test]
fn non_ascii_colliding_and_long_names() {
    let input = stat13("input.csv");
    let (code, out, err) = run_str(&["validate", "--dataset", "table", p(&input), "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = &v["files"][0];
    let long_header = read_csv(&input).0[5].clone();
    for c in [
        "Taux de réussite",
        "taux_de_reussite",
        "学校指数",
        long_header.as_str(),
    ] {
        assert_eq!(f["missing"][c], 0, "{c} kept as a column");
    }
    assert!(
        f["notes"].as_array().unwrap().iter().any(|n| n
            .as_str()
            .unwrap()
            .contains("'Taux de réussite' (3), 'taux_de_reussite' (4)")),
        "{f}"
    );
    // Colliding names are not a problem of the data: --strict passes.
    let (code, _, err) = run_str(&[
        "validate",
        "--dataset",
        "table",
        p(&stat13("input-min.csv")),
        "--strict",
    ]);
    assert_eq!(code, 0, "{err}");
    let d = tempfile::tempdir().unwrap();
    // A name matching two headers only after normalisation is refused, naming both.
    let (code, _, err) = run_str(&[
        "pca",
        "--dataset",
        "table",
        p(&input),
        "--active",
        "TAUX DE REUSSITE,学校指数",
        "--out",
        p(&d.path().join("x")),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("'Taux de réussite' (column 3 of")
            && err.contains("'taux_de_reussite' (column 4 of"),
        "{err}"
    );
    let Some(refs) = common::case_dir("stat-13") else {
        return;
    };
    // The four indicators, the long one by its normalised name.
    let out = d.path().join("all");
    let names = format!("Taux de réussite,taux_de_reussite,学校指数,{LONG_NORMALISED}");
    let (code, _, err) = run_str(&[
        "pca",
        "--dataset",
        "table",
        p(&input),
        "--active",
        &names,
        "--out",
        p(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    let (_, _, eig) = read_matrix(&out.join("eigenvalues.csv"));
    let (_, _, want) = read_matrix(&refs.join("ref-eigenvalues.csv"));
    common::assert_close("eigenvalues", &eig, &want, 1e-8);
    let (_, vars, got) = read_matrix(&out.join("variables.csv"));
    let (_, want_vars, want) = read_matrix(&refs.join("ref-var-coord.csv"));
    assert_eq!(
        vars, want_vars,
        "variables labelled as in the file (and in R)"
    );
    let got: Vec<Vec<f64>> = got.iter().map(|r| r[..4].to_vec()).collect();
    common::assert_close("var coord", &got, &want, 1e-8);
    let (_, ids, got) = read_matrix(&out.join("individuals.csv"));
    let (_, want_ids, want) = read_matrix(&refs.join("ref-ind-coord.csv"));
    assert_eq!(ids, want_ids);
    let got: Vec<Vec<f64>> = got.iter().map(|r| r[..4].to_vec()).collect();
    common::assert_close("ind coord", &got, &want, 1e-8);
    let (_, _, got) = read_matrix(&out.join("individuals.csv"));
    let (_, _, want) = read_matrix(&refs.join("ref-ind-contrib.csv"));
    let got: Vec<Vec<f64>> = got.iter().map(|r| r[8..12].to_vec()).collect();
    common::assert_close("ind contrib", &got, &want, 1e-8);
    // Each of the two colliding columns, named as written, with the long one.
    for (first, prefix) in [
        ("Taux de réussite", "ref-2cols"),
        ("taux_de_reussite", "ref-2cols-second"),
    ] {
        let out = d.path().join(prefix);
        let names = format!("{first},{LONG_NORMALISED}");
        let (code, _, err) = run_str(&[
            "pca",
            "--dataset",
            "table",
            p(&input),
            "--active",
            &names,
            "--out",
            p(&out),
        ]);
        assert_eq!(code, 0, "{err}");
        let (_, _, eig) = read_matrix(&out.join("eigenvalues.csv"));
        let (_, _, want) = read_matrix(&refs.join(format!("{prefix}-eigenvalues.csv")));
        common::assert_close(prefix, &eig, &want, 1e-8);
        let (_, vars, got) = read_matrix(&out.join("variables.csv"));
        let (_, want_vars, want) = read_matrix(&refs.join(format!("{prefix}-var-coord.csv")));
        assert_eq!(vars, want_vars);
        // Two variables with loadings of equal size: the sign of each axis is a rounding tie, so
        // compare up to the sign of each axis.
        for k in 0..2 {
            let s = if (got[0][k] - want[0][k]).abs() < 1e-8 {
                1.0
            } else {
                -1.0
            };
            for (g, w) in got.iter().zip(&want) {
                assert!(
                    (s * g[k] - w[k]).abs() < 1e-8,
                    "{prefix} axis {k}: {g:?} vs {w:?}"
                );
            }
        }
    }
}

/// data-05 kind: a column of numbers with a few `None` is text; validate warns (column, count, first
/// value and line, what to do); naming it says why it cannot be analysed instead of "unknown column";
/// declaring the token makes it numeric.
#[test]
fn a_column_of_numbers_with_a_few_words() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("t.csv");
    std::fs::write(
        &f,
        "uai;va;note;ratio\n0592935V;None;1;93,20%\n0593034C;2;2;81,7 %\n0010005A;3;5;1 234,5\n",
    )
    .unwrap();
    let (code, out, _) = run_str(&["validate", p(&f), "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let w = v["files"][0]["warnings"][0].as_str().unwrap();
    assert!(
        w.contains("column 'va' is read as text")
            && w.contains("1 value(s) are not numbers (first 'None', line 2)")
            && w.contains("--missing-tokens 'None'"),
        "{w}"
    );
    let (code, _, err) = run_str(&[
        "pca",
        p(&f),
        "--active",
        "va,note",
        "--out",
        p(&d.path().join("a")),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("column 'va' (column 2 of")
            && err.contains("is not numeric: 1 value(s) are not numbers (first 'None', line 2)"),
        "{err}"
    );
    // Percentages in points, French thousands.
    let (t, _) = ciblage::load(&f, &Default::default()).unwrap();
    assert_eq!(t.num("ratio").unwrap(), [93.2, 81.7, 1234.5]);
    let (code, _, err) = run_str(&[
        "pca",
        p(&f),
        "--missing-tokens",
        "None",
        "--active",
        "va,note,ratio",
        "--out",
        p(&d.path().join("b")),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 of the 3 schools dropped"), "{err}");
}

/// Empty headers get a positional name; Cyrillic and Arabic headers are kept; a header that is only
/// spaces too.
#[test]
fn empty_and_other_scripts_headers() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("t.csv");
    std::fs::write(
        &f,
        "uai,,Школа,مؤشر,  \n0440008V,1,2,3,4\n0440010X,2,3,1,5\n0440013A,3,1,2,7\n",
    )
    .unwrap();
    let (code, out, _) = run_str(&["validate", p(&f), "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let file = &v["files"][0];
    for c in ["column#2", "Школа", "مؤشر", "column#5"] {
        assert_eq!(file["missing"][c], 0, "{c}: {file}");
    }
    let warnings = file["warnings"].to_string();
    assert!(
        warnings.contains("column 2 has no header: named 'column#2'")
            && warnings.contains("column 5 has no header"),
        "{warnings}"
    );
    let out = d.path().join("pca");
    let (code, _, err) = run_str(&[
        "pca",
        p(&f),
        "--active",
        "column#2,школа,مؤشر",
        "--out",
        p(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(variables(&out), ["column#2", "Школа", "مؤشر"]);
}

/// Every place a column is named accepts the user's names: --quanti-sup, --weights, --orient and a
/// selection spec's rules.
#[test]
fn user_names_everywhere() {
    let Some(dir) = common::reference_dir("nantes_public_2023") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let input = dir.join("input.csv");
    let out = d.path().join("pca");
    let (code, _, err) = run_str(&[
        "pca",
        p(&input),
        "--active",
        "IPS,Taux Reussite,va_note",
        "--quanti-sup",
        "effectifs",
        "--weights",
        "headcount",
        "--orient",
        "1:ips",
        "--out",
        p(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(variables(&out), ["ips", "taux_reussite", "va_note"]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("pca.json")).unwrap()).unwrap();
    assert_eq!(
        json["result"]["quanti_sup"][0]["variable"], "effectifs",
        "{}",
        json["result"]["quanti_sup"]
    );
    // A spec naming the user's headers.
    let spec = d.path().join("spec.toml");
    std::fs::write(
        &spec,
        "[population]\nacademie = [\"nantes\"]\n[[criteria.rules]]\nvariable = \"taux_acces_6e3e\"\nop = \"<=\"\nquantile = 0.5\n[[criteria.rules]]\nvariable = \"VA taux reussite\"\nop = \"<=\"\nvalue = 0.0\n[budget]\nn = 5\n",
    )
    .unwrap();
    let sel = d.path().join("sel");
    let (code, _, err) = run_str(&[
        "select",
        p(&input),
        "--spec",
        p(&spec),
        "--no-sensitivity",
        "--no-matching",
        "--out",
        p(&sel),
    ]);
    assert_eq!(code, 0, "{err}");
    let (h, rows) = read_csv(&sel.join("thresholds.csv"));
    let var = h.iter().position(|c| c == "variable").unwrap();
    let vars: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[var].as_str()).collect();
    assert!(
        vars.contains("taux_acces_6e3e") && vars.contains("va_taux_reussite"),
        "{vars:?}"
    );
    let (_, rows) = read_csv(&sel.join("selection.csv"));
    assert_eq!(rows.iter().filter(|r| r[6] == "true").count(), 5);
}

/// A header of an official file that its preset does not read: naming it says how to read it.
#[test]
fn a_column_the_preset_does_not_read() {
    let s = common::sample_dir();
    let d = tempfile::tempdir().unwrap();
    let (code, _, err) = run_str(&[
        "pca",
        p(&s.join("fr-en-ips-colleges-ap2022.csv")),
        p(&s.join("fr-en-indicateurs-valeur-ajoutee-colleges.csv")),
        "--active",
        "ips,Code académie",
        "--out",
        p(&d.path().join("a")),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("column 'Code académie' (column 6 of")
            && err.contains("is not read by the official preset")
            && err.contains("--dataset table"),
        "{err}"
    );
    // Official columns answer to their header as written and to its normalised form.
    let out = d.path().join("b");
    let (code, _, err) = run_str(&[
        "pca",
        p(&s.join("fr-en-ips-colleges-ap2022.csv")),
        p(&s.join("fr-en-indicateurs-valeur-ajoutee-colleges.csv")),
        "--active",
        "ecart_type_de_l_ips,IPS,VA du taux de réussite G",
        "--out",
        p(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(variables(&out), ["ips_sd", "ips", "va_success_rate"]);
}
