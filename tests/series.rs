//! Official series, every vintage (issue 14): the files in `../shared/data/real/` and `../shared/cases/`
//! are recognised from their header (snake_case and French labels), mapped to the same canonical names
//! as the 2022 series, and read without losing a row. Where no real file of a kind exists, a fixture
//! is built from the dataset's official column list (each such test says so).

use crate::common;

use crate::common::run_str;
use ciblage::{load, load_inputs, LoadOptions};
use std::path::{Path, PathBuf};

fn opts() -> LoadOptions {
    LoadOptions::default()
}

fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The IPS collèges of the 2023 series (API extract, snake_case): recognised as IPS collèges (it also
/// has the écoles' `ips_national…` columns), two school years, the latest kept, `NA` missing.
#[test]
fn ips_colleges_2023_series_snake_case() {
    let Some(real) = common::real_dir() else {
        return;
    };
    let (t, r) = load(
        &real.join("partial_api_ips_colleges_ap2023_2regions.csv"),
        &opts(),
    )
    .unwrap();
    assert_eq!(r.dataset, "ips-colleges");
    assert_eq!(r.periods, ["2023-2024", "2024-2025"]);
    assert_eq!(r.period.as_deref(), Some("2024-2025"));
    assert_eq!((r.rows, r.rows_filtered), (1017, 518));
    assert_eq!(r.rows_kept + r.rows_rejected, 499);
    assert_eq!(r.rows_rejected, 0, "{:?}", r.problems.first());
    assert!(t.num("ips").is_some() && t.num("ips_sd").is_some());
    assert_eq!(t.text("academie").unwrap()[0], "NANTES");
    let (_, r) = load(
        &real.join("partial_api_ips_colleges_ap2023_2regions.csv"),
        &LoadOptions {
            year: Some("2023-2024".into()),
            ..opts()
        },
    )
    .unwrap();
    assert_eq!((r.rows_kept, r.rows_filtered), (518, 499));
}

/// data-11: the same series as exported with French labels (`Année scolaire`, `Libellé académie`,
/// `Code département`, `Ecart type de l'IPS`): recognised, filters by académie and département work,
/// and the PCA of the 20 rows is numpy's (78.27 % / 21.73 %).
#[test]
fn ips_colleges_2023_series_french_labels() {
    let Some(case) = common::case_dir("data-11") else {
        return;
    };
    let f = case.join("fr-en-ips-colleges-ap2023.csv");
    let (t, r) = load(&f, &opts()).unwrap();
    assert_eq!(r.dataset, "ips-colleges");
    assert_eq!(r.period.as_deref(), Some("2024-2025"));
    assert_eq!((r.rows, r.rows_kept), (20, 20));
    assert_eq!(r.mapping["Ecart type de l'IPS"], "ips_sd");
    assert_eq!(r.mapping["Libellé académie"], "academie");
    assert_eq!(r.mapping["Code département"], "departement");
    assert!(t.text("academie").unwrap().iter().all(|a| a == "LILLE"));
    let d = tempfile::tempdir().unwrap();
    for (i, filter) in [
        ["--academie", "LILLE"],
        ["--academie", "lille"],
        ["--departement", "59,62"],
        ["--departement", "Nord,Pas-de-Calais"],
    ]
    .iter()
    .enumerate()
    {
        let out = d.path().join(format!("p{i}"));
        let (code, _, err) = run_str(&[
            "pca",
            p(&f),
            filter[0],
            filter[1],
            "--active",
            "ips,ips_sd",
            "--out",
            p(&out),
        ]);
        assert_eq!(code, 0, "{filter:?}: {err}");
        let (_, ids, eig) = common::read_matrix(&out.join("eigenvalues.csv"));
        assert_eq!(ids.len(), 2);
        assert!((eig[0][1] - 78.27).abs() < 0.005, "{eig:?}");
        assert!((eig[1][1] - 21.73).abs() < 0.005, "{eig:?}");
    }
}

/// The IPS lycées of the 2023 series: `ips_etab` is the school's IPS and `ecart_type_etablissement`
/// its spread (the canonical `ips` / `ips_sd` of the 2022 series); `NS` is missing; the header
/// `ips_voie_gt` names the GT-track column.
#[test]
fn ips_lycees_2023_series() {
    let Some(real) = common::real_dir() else {
        return;
    };
    let f = real.join("partial_api_ips_lycees_ap2023_2regions.csv");
    let (t, r) = load(&f, &opts()).unwrap();
    assert_eq!(r.dataset, "ips-lycees");
    assert_eq!(r.mapping["ips_etab"], "ips");
    assert_eq!(r.mapping["ecart_type_etablissement"], "ips_sd");
    assert_eq!(r.mapping["ecart_type_voie_gt"], "ips_sd_gt");
    assert_eq!((r.rows, r.rows_filtered, r.rows_rejected), (507, 235, 0));
    assert_eq!(t.len(), 272);
    assert_eq!(t.resolve("ips_voie_gt").unwrap(), "ips_gt");
    assert_eq!(t.resolve("IPS voie GT").unwrap(), "ips_gt");
    // The first row (0720003M, an LP): no GT track, its school IPS 80.7.
    let i = t.uai.iter().position(|u| u == "0720003M").unwrap();
    assert!(t.num("ips_gt").unwrap()[i].is_nan());
    assert_eq!(t.num("ips").unwrap()[i], 80.7);
    assert_eq!(t.num("ips_sd").unwrap()[i], 25.9);
    // The 2022 series and the old one (French labels, six years) read into the same names.
    let (t, r) = load(&real.join("ips_lycees_2022_2023.csv"), &opts()).unwrap();
    assert_eq!(
        (r.dataset.as_str(), r.rows_kept, r.rows_rejected),
        ("ips-lycees", 3598, 0)
    );
    assert!(t.num("ips_sd_gt").is_some());
    let (t, r) = load(&real.join("ips_lycees_2016_2022.csv"), &opts()).unwrap();
    assert_eq!(r.dataset, "ips-lycees");
    assert_eq!(r.periods.len(), 6);
    assert_eq!(
        (r.period.as_deref(), r.rows_kept + r.rows_rejected),
        (Some("2021-2022"), 3607)
    );
    assert_eq!(r.rows_rejected, 0, "{:?}", r.problems.first());
    assert!(t.num("ips").is_some());
}

/// Built from the official column list of `fr-en-ips-lycees-ap2023` as the portal exports it with
/// labels (no real file of this export here): `IPS de l'établissement`, `Ecart-type établissement`.
#[test]
fn ips_lycees_2023_series_french_labels_fixture() {
    let d = tempfile::tempdir().unwrap();
    let f = write(
        d.path(),
        "lycees.csv",
        "Rentrée scolaire;Code région;Région académique;Code académie;Académie;Code du département;Département;Code INSEE de la commune;Nom de la commune;UAI;Nom de l'établissement;Secteur;Type de lycée;IPS voie GT;IPS voie PRO;IPS post BAC;IPS de l'établissement;Ecart type voie GT;Ecart type voie PRO;Ecart-type établissement\n\
2024-2025;17;PAYS DE LA LOIRE;17;NANTES;72;SARTHE;72008;ARNAGE;0720003M;LYCEE X;public;LP;;78.8;111.7;80.7;;24.6;25.9\n",
    );
    let (t, r) = load(&f, &opts()).unwrap();
    assert_eq!(r.dataset, "ips-lycees");
    assert_eq!(t.num("ips").unwrap(), [80.7]);
    assert_eq!(t.num("ips_sd").unwrap(), [25.9]);
    assert_eq!(t.num("ips_sd_pro").unwrap(), [24.6]);
    assert_eq!(t.text("school_type").unwrap()[0], "LP");
}

/// The écoles file with three school years (2022-23 to 2024-25): the latest by default, any with
/// --year, `NS` missing; the Parquet export reads the same.
#[test]
fn ips_ecoles_with_extra_years() {
    let Some(real) = common::real_dir() else {
        return;
    };
    let (t, r) = load(&real.join("ips_ecoles_2022_2025.csv"), &opts()).unwrap();
    assert_eq!(r.dataset, "ips-ecoles");
    assert_eq!(r.periods, ["2022-2023", "2023-2024", "2024-2025"]);
    assert_eq!(
        (r.rows, r.rows_kept, r.rows_filtered),
        (97080, 32494, 64586)
    );
    assert_eq!(r.missing["ips"], 2504, "NS = not significant");
    assert_eq!(t.text("academie").unwrap().len(), 32494);
    let (_, r) = load(
        &real.join("ips_ecoles_2022_2025.parquet"),
        &LoadOptions {
            year: Some("2022-2023".into()),
            ..opts()
        },
    )
    .unwrap();
    assert_eq!((r.dataset.as_str(), r.rows_kept), ("ips-ecoles", 31976));
}

/// Built from the official column list of the coordinates file as exported with French labels
/// (`Code établissement`, `Coordonnee X`…; no real file of this export here).
#[test]
fn geoloc_french_labels_fixture() {
    let d = tempfile::tempdir().unwrap();
    let f = write(
        d.path(),
        "geoloc.csv",
        "Code établissement;Appellation officielle;Dénomination principale;Patronyme uai;Secteur Public/Privé;Adresse;Lieu dit;Boite postale;Code postal;Localité d'acheminement;Commune;Coordonnee X;Coordonnee Y;EPSG;Latitude;Longitude;Qualité d'appariement;Localisation;Code nature;Nature;Code état établissement;Etat établissement;Code département;Code région;Code académie;Code commune;Département;Région;Académie;Position\n\
0071168G;Collège privé Charles de Foucauld;COLLEGE PRIVE;CHARLES DE FOUCAULD;Privé;2 rue DE MACHEVILLE;;;07270;LAMASTRE;Lamastre;824876.1;6433018.3;EPSG:2154;44.98511168476998;4.584419934777967;Parfaite;Numéro de rue;340;COLLEGE;1;OUVERT;007;84;08;07129;Ardèche;Auvergne-Rhône-Alpes;Grenoble;44.98511168476998, 4.584419934777967\n",
    );
    let (t, r) = load(&f, &opts()).unwrap();
    assert_eq!(r.dataset, "geoloc");
    assert_eq!(r.rows_kept, 1, "{:?}", r.problems);
    assert_eq!(t.uai[0], "0071168G");
    assert_eq!(t.num("x").unwrap(), [824876.1]);
    assert_eq!(t.num("y").unwrap(), [6433018.3]);
    assert_eq!(t.str("sector", 0), "private");
    assert_eq!(t.str("departement", 0), "07");
    assert_eq!(t.str("academie", 0), "GRENOBLE");
}

/// IVAC: the real file (sessions 2022-2024, French labels); an older session in the snake_case
/// export, built from the official column list (no real file before 2022 here), and a session
/// written as a date, as API exports do.
#[test]
fn ivac_every_session() {
    let d = tempfile::tempdir().unwrap();
    let header = "session;uai;nom_de_l_etablissement;commune;departement;academie;secteur;nb_candidats_g;taux_de_reussite_g;va_du_taux_de_reussite_g;nb_candidats_p;taux_de_reussite_p;note_a_l_ecrit_g;va_de_la_note_g;note_a_l_ecrit_p;taux_d_acces_6eme_3eme;part_presents_3eme_ordinaire_total;part_presents_3eme_ordinaire_g;part_presents_3eme_ordinaire_p;part_presents_3eme_segpa_total;nb_mentions_ab_g;nb_mentions_b_g;nb_mentions_tb_g;nb_mentions_global_g\n";
    let f = write(
        d.path(),
        "ivac2019.csv",
        &format!("{header}2019;0010005A;COLLEGE ROGER POULNARD;BAGE DOMMARTIN;AIN;LYON;PU;127;93.0;-2.0;;;12.4;0.3;;95.0;98.0;;;;20;31;50;101\n2018;0010005A;COLLEGE ROGER POULNARD;BAGE DOMMARTIN;AIN;LYON;PU;120;90.0;-1.0;;;12.0;0.1;;94.0;98.0;;;;20;31;50;101\n"),
    );
    let (t, r) = load(&f, &opts()).unwrap();
    assert_eq!(r.dataset, "ivac");
    assert_eq!(
        (r.period.as_deref(), r.rows_kept, r.rows_filtered),
        (Some("2019"), 1, 1)
    );
    assert_eq!(t.num("va_success_rate").unwrap(), [-2.0]);
    assert_eq!(t.str("departement_name", 0), "AIN");
    let f = write(
        d.path(),
        "ivac2025.csv",
        &format!("{header}2025-01-01T00:00:00+00:00;0010005A;C;B;AIN;LYON;PU;127;93.0;-2.0;;;12.4;0.3;;95.0;98.0;;;;20;31;50;101\n"),
    );
    let (_, r) = load(&f, &opts()).unwrap();
    assert_eq!(r.period.as_deref(), Some("2025"));
    let Some(real) = common::real_dir() else {
        return;
    };
    for s in ["2022", "2023", "2024"] {
        let (_, r) = load(
            &real.join("ival_colleges_2022_2024.csv"),
            &LoadOptions {
                session: Some(s.into()),
                ..opts()
            },
        )
        .unwrap();
        assert_eq!((r.dataset.as_str(), r.period.as_deref()), ("ivac", Some(s)));
    }
}

/// EP lists of other years (built from the official column list: only 2022-2023 exists here): the
/// `ep_YYYY_YYYY` column of any year; with several, the one of --year, else the latest, said so.
#[test]
fn ep_list_every_year() {
    let d = tempfile::tempdir().unwrap();
    let f = write(
        d.path(),
        "ep.csv",
        "uai;ep_2024_2025;nom_etablissement;type_etablissement;statut_public_prive;uai_tete_de_reseau\n0440008V;REP+;C;Collège;Public;0440008V\n",
    );
    let (t, r) = load(&f, &opts()).unwrap();
    assert_eq!(r.dataset, "ep-list");
    assert_eq!(t.str("ep_status", 0), "REP+");
    let f = write(
        d.path(),
        "ep2.csv",
        "uai;ep_2022_2023;ep_2023_2024;nom_etablissement;uai_tete_de_reseau\n0440008V;REP;HORS EP;C;0440008V\n",
    );
    let (t, r) = load(&f, &opts()).unwrap();
    assert_eq!(t.str("ep_status", 0), "HORS EP");
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("read 'ep_2023_2024' (the latest")),
        "{:?}",
        r.notes
    );
    let (t, _) = load(
        &f,
        &LoadOptions {
            year: Some("2022-2023".into()),
            ..opts()
        },
    )
    .unwrap();
    assert_eq!(t.str("ep_status", 0), "REP");
}

/// data-14: IVAL lycées GT (old series, label headers), read by the `ival-gt` preset (it was read as
/// a user table before IVAL had one). The `Departement` column holds names (NORD): it is the
/// département name, `code_departement` the code; `Annee` is the period (one row per UAI and year:
/// periods, not duplicates). No row is rejected; the renamed variant reads the same.
#[test]
fn ival_lycees_table_with_names_and_years() {
    let Some(case) = common::case_dir("data-14") else {
        return;
    };
    let f = case.join(
        "fr-en-indicateurs-de-resultat-des-lycees-denseignement-general-et-technologique.csv",
    );
    let (t, r) = load(&f, &opts()).unwrap();
    assert_eq!(r.dataset, "ival-gt");
    assert_eq!(r.rows_rejected, 0, "{:?}", r.problems.first());
    assert_eq!(r.rows, r.rows_kept + r.rows_filtered);
    assert_eq!(r.period.as_deref(), Some("2022"));
    assert_eq!(r.mapping["Departement"], "departement_name");
    assert_eq!(r.mapping["Code departement"], "departement");
    assert_eq!(r.mapping["Annee"], "session");
    assert!(t.text("departement").unwrap().iter().all(|d| d.len() >= 2));
    let text = std::fs::read_to_string(&f).unwrap();
    let renamed = tempfile::tempdir().unwrap();
    let g = write(
        renamed.path(),
        "renamed.csv",
        &text.replacen(";Departement;", ";Dep_nom;", 1),
    );
    let (_, r2) = load(&g, &opts()).unwrap();
    assert_eq!(
        (r2.rows_kept, r2.rows_rejected, r2.rows_filtered),
        (r.rows_kept, 0, r.rows_filtered)
    );
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("pca");
    let (code, _, err) = run_str(&[
        "pca",
        p(&f),
        "--active",
        "taux_de_reussite_toutes_series,valeur_ajoutee_du_taux_de_reussite_toutes_series",
        "--out",
        p(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        common::read_matrix(&out.join("variables.csv")).1,
        // The file's headers name the preset's canonical columns (as IVAC's do).
        ["bac_success_rate", "va_bac_success_rate"]
    );
}

/// The national IVAL GT files (one bac session each), read by the `ival-gt` preset (they were user
/// tables before IVAL had one): keyed by `UAI`, the département code from `code_departement` (filter
/// by 35 = the 36 lycées of Ille-et-Vilaine in 2018); `.` is a missing token of IVAL files (2021: 17
/// value added of the access rate written so), as a user's `--missing-tokens` would make it.
#[test]
fn ival_lycees_national_files() {
    let Some(real) = common::real_dir() else {
        return;
    };
    let (t, r) = load(&real.join("ival_lycees_gt_2018.csv"), &opts()).unwrap();
    assert_eq!(
        (r.dataset.as_str(), r.rows_kept, r.rows_rejected),
        ("ival-gt", 2313, 0)
    );
    assert_eq!(
        t.text("departement")
            .unwrap()
            .iter()
            .filter(|d| *d == "35")
            .count(),
        36
    );
    assert_eq!(
        t.text("sector")
            .unwrap()
            .iter()
            .filter(|s| *s == "public")
            .count(),
        1537
    );
    let f = real.join("ival_lycees_gt_2021.csv");
    let (t, r) = load(&f, &opts()).unwrap();
    assert_eq!(r.rows_kept, 2316);
    let col = "va_access_rate_2nde_bac";
    assert_eq!(
        r.mapping["Valeur ajoutee du taux d'acces 2nde-bac"],
        "va_access_rate_2nde_bac"
    );
    assert_eq!(
        t.num(col).map(|v| v.iter().filter(|x| x.is_nan()).count()),
        Some(17)
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    // Declaring `.` as the user's own missing token changes nothing.
    let (t, r) = load(
        &f,
        &LoadOptions {
            missing_tokens: ["", "NS", "NA", "nd", "ND", "-", "."]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            ..opts()
        },
    )
    .unwrap();
    assert_eq!(
        t.num(col).map(|v| v.iter().filter(|x| x.is_nan()).count()),
        Some(17)
    );
    assert!(!r.warnings.iter().any(|w| w.contains(col)));
    // The 2024 session extract (API field names, `annee`): 307 rows of 2024 kept, 22 of older years.
    let (_, r) = load(
        &real.join("partial_api_ival_gt_latest_2regions.csv"),
        &opts(),
    )
    .unwrap();
    assert_eq!(
        (r.rows_kept, r.rows_filtered, r.rows_rejected),
        (307, 22, 0)
    );
}

/// DNB per establishment: its UAI column `numero_d_etablissement` is recognised, or named with
/// --id-column (`Numero d'etablissement` in the label export, built here from the official column
/// list); `81,7%` is 81.7 (points).
#[test]
fn dnb_id_column_and_percentages() {
    let d = tempfile::tempdir().unwrap();
    let f = write(
        d.path(),
        "dnb.csv",
        "Session;Numero d'etablissement;Type d'etablissement;Patronyme;Secteur d'enseignement;Commune;Libellé commune;Code département;Libellé département;Code académie;Libellé académie;Code région;Libellé région;Inscrits;Presents;Admis;Admis sans mention;Nombre d'admis Mention AB;Admis Mention bien;Admis Mention très bien;Taux de réussite\n\
2021;0530030V;COLLEGE;L ORIETTE;PUBLIC;53077;COSSE-LE-VIVIEN;053;MAYENNE;17;NANTES;17;PAYS DE LA LOIRE;60;60;49;13;13;13;10;\"81,7%\"\n\
2021;0530031W;COLLEGE;X;PRIVE;53077;COSSE-LE-VIVIEN;053;MAYENNE;17;NANTES;17;PAYS DE LA LOIRE;60;60;49;13;13;13;10;93,20%\n",
    );
    for id in [
        "Numero d'etablissement",
        "numero_d_etablissement",
        "NUMERO D'ETABLISSEMENT",
    ] {
        let (t, r) = load(
            &f,
            &LoadOptions {
                id_column: Some(id.into()),
                ..opts()
            },
        )
        .unwrap();
        assert_eq!((r.dataset.as_str(), r.rows_kept), ("table", 2), "{id}");
        assert_eq!(t.num("Taux de réussite").unwrap(), [81.7, 93.2]);
        assert_eq!(t.str("sector", 1), "private");
        assert_eq!(t.str("departement", 0), "53");
        assert_eq!(t.str("academie", 0), "NANTES");
    }
    // A name that is no column: said so (usage error).
    let e = load_inputs(
        std::slice::from_ref(&f),
        &LoadOptions {
            id_column: Some("code".into()),
            ..opts()
        },
    )
    .unwrap_err();
    assert_eq!(e.exit_code(), 2, "{e}");
    assert!(e.to_string().contains("--id-column 'code'"), "{e}");
    let Some(real) = common::real_dir() else {
        return;
    };
    let (t, r) = load(&real.join("partial_api_dnb_latest_2regions.csv"), &opts()).unwrap();
    assert_eq!(r.dataset, "table");
    assert_eq!(
        (r.period.as_deref(), r.rows_kept, r.rows_rejected),
        (Some("2021"), 1195, 0)
    );
    assert_eq!(t.num("taux_de_reussite").unwrap()[0], 81.7);
}

/// The id column per file in the run configuration: `[inputs] id_column = { "dnb.csv" = ... }`.
#[test]
fn id_column_per_file_in_the_config() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "dnb.csv",
        "Session;Numero d'etablissement;ips;x\n2021;0530030V;100;1\n2021;0440008V;90;2\n2021;0440010X;95;4\n2021;0440013A;85;3\n",
    );
    let cfg = write(
        d.path(),
        "c.toml",
        "[inputs]\nfiles = [\"dnb.csv\"]\nid_column = { \"dnb.csv\" = \"Numero d'etablissement\" }\n",
    );
    let c = ciblage::RunConfig::from_file(&cfg).unwrap();
    let o = c.load_options().unwrap();
    let inputs = load_inputs(&c.inputs.files, &o).unwrap();
    assert_eq!(inputs.table.len(), 4);
}
