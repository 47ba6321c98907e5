//! Loading the real official files (skipped when `../shared/data/real/` is absent).

use crate::common;

use ciblage::data::uai;
use ciblage::{load, load_inputs, LoadOptions};

#[test]
fn presets_are_recognised_with_counts() {
    let Some(d) = common::real_dir() else { return };
    let cases = [
        ("ips_colleges_2022_2023.csv", "ips-colleges", 6973, 6973),
        ("etablissements_ep_2022_2023.csv", "ep-list", 8501, 8500),
        ("geoloc_colleges.csv", "geoloc", 7654, 7654),
        // The directory lists 3 multi-line establishments twice (etablissement_multi_lignes): duplicates rejected.
        (
            "annuaire_education_extrait_ille_et_vilaine.csv",
            "annuaire",
            996,
            993,
        ),
    ];
    for (f, ds, rows, kept) in cases {
        let (t, r) = load(&d.join(f), &LoadOptions::default()).unwrap();
        assert_eq!(r.dataset, ds, "{f}");
        assert!(r.detected);
        assert_eq!(r.rows, rows, "{f}");
        assert_eq!(r.rows_kept, kept, "{f}");
        assert_eq!(t.len(), kept);
        assert_eq!(r.rows, r.rows_kept + r.rows_rejected + r.rows_filtered);
    }
}

#[test]
fn ivac_sessions_bom_french_headers_and_empty_va() {
    let Some(d) = common::real_dir() else { return };
    let p = d.join("ival_colleges_2022_2024.csv");
    let (t, r) = load(
        &p,
        &LoadOptions {
            session: Some("2023".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(r.dataset, "ivac");
    assert_eq!(r.rows, 20053);
    assert_eq!(r.rows_rejected, 0);
    assert_eq!(r.rows_kept + r.rows_filtered, 20053);
    // BOM: the first header is not polluted, the UAI column is found (French-label header "UAI").
    assert_eq!(r.mapping.get("UAI").map(String::as_str), Some("uai"));
    assert_eq!(
        r.mapping
            .get("VA du taux de réussite G")
            .map(String::as_str),
        Some("va_success_rate")
    );
    let va = t.num("va_success_rate").unwrap();
    assert_eq!(
        va.iter().filter(|x| x.is_nan()).count(),
        r.missing["va_success_rate"]
    );
    assert!(r.missing["va_success_rate"] > 0);
    // A school year given for a session file selects the session ending it.
    let (_, r2) = load(
        &p,
        &LoadOptions {
            year: Some("2022-2023".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(r2.period.as_deref(), Some("2023"));
    assert_eq!(r2.rows_kept, r.rows_kept);
}

#[test]
fn documented_join_counts() {
    let Some(d) = common::real_dir() else { return };
    let ips = d.join("ips_colleges_2022_2023.csv");
    let ivac = d.join("ival_colleges_2022_2024.csv");
    for (session, n) in [("2022", 6616), ("2023", 6613), ("2024", 6809)] {
        let opts = LoadOptions {
            session: Some(session.into()),
            year: Some("2022-2023".into()),
            ..Default::default()
        };
        let i = load_inputs(&[ips.clone(), ivac.clone()], &opts).unwrap();
        assert_eq!(i.joins[0].matched, n, "session {session}");
        assert_eq!(i.table.len(), n);
        assert_eq!(i.unmatched.len(), 6973 - n, "rows in = used + rejected");
    }
    // Default pairing: IPS 2022-2023 goes with session 2023.
    let i = load_inputs(&[ivac.clone(), ips.clone()], &LoadOptions::default()).unwrap();
    assert_eq!(i.table.len(), 6613);
    // EP statuses among the IPS collèges.
    let i = load_inputs(
        &[ips, d.join("etablissements_ep_2022_2023.csv")],
        &LoadOptions::default(),
    )
    .unwrap();
    let ep = i.table.text("ep_status").unwrap();
    let count = |s: &str| ep.iter().filter(|e| *e == s).count();
    assert_eq!(
        (
            count("REP"),
            count("REP+"),
            count("HORS EP"),
            count("NON EP")
        ),
        (731, 361, 324, 5557)
    );
    assert_eq!(
        i.joins[0].right_duplicates, 1,
        "0572690P appears twice in the EP list"
    );
}

#[test]
fn every_real_uai_passes_the_check_letter() {
    let Some(d) = common::real_dir() else { return };
    let files = [
        ("ips_colleges_2022_2023.csv", "uai"),
        ("ival_colleges_2022_2024.csv", "UAI"),
        ("etablissements_ep_2022_2023.csv", "uai"),
        ("geoloc_colleges.csv", "numero_uai"),
        (
            "annuaire_education_extrait_ille_et_vilaine.csv",
            "Identifiant_de_l_etablissement",
        ),
    ];
    let mut n = 0;
    for (f, col) in files {
        let text = std::fs::read_to_string(d.join(f)).unwrap();
        let mut r = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let idx = r.headers().unwrap().iter().position(|h| h == col).unwrap();
        for rec in r.records() {
            let v = rec.unwrap()[idx].to_string();
            assert!(uai::normalize(&v).is_ok(), "{f}: {v}");
            n += 1;
        }
    }
    assert!(n > 40_000);
}

#[test]
fn codes_are_normalised_across_files() {
    let Some(d) = common::real_dir() else { return };
    let (t, _) = load(
        &d.join("ips_colleges_2022_2023.csv"),
        &LoadOptions::default(),
    )
    .unwrap();
    let dep = t.text("departement").unwrap();
    assert!(dep.iter().all(|c| c.len() == 2 || c.len() == 3));
    assert!(dep.iter().any(|c| c == "01") && dep.iter().any(|c| c == "2A"));
    let sec = t.text("sector").unwrap();
    assert_eq!(sec.iter().filter(|s| *s == "private").count(), 1658);
    let (t, _) = load(
        &d.join("ival_colleges_2022_2024.csv"),
        &LoadOptions::default(),
    )
    .unwrap();
    assert!(t.text("departement").unwrap().iter().all(|c| c.len() >= 2));
    assert!(t
        .text("sector")
        .unwrap()
        .iter()
        .all(|s| s == "public" || s == "private"));
}
