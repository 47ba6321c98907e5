//! Loading the lycées' result indicators (IVAL) from the real official files (skipped when
//! `../shared/data/real/` is absent), and the IVAL pro fixture.
//!
//! Every count is checked against a count made here from the raw file with a plain `;` split
//! (the files have no quoted fields), not by the loader.

use crate::common;

use ciblage::{load, load_inputs, LoadOptions};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The raw file as (header, rows of cells), BOM removed.
fn raw(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let header = lines
        .next()
        .unwrap()
        .split(';')
        .map(str::to_string)
        .collect();
    let rows = lines
        .filter(|l| !l.is_empty())
        .map(|l| l.split(';').map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn ival_gt_old_series_every_session() {
    let Some(d) = common::real_dir() else { return };
    for year in ["2018", "2019", "2020", "2021"] {
        let p = d.join(format!("ival_lycees_gt_{year}.csv"));
        let (h, rows) = raw(&p);
        let (t, r) = load(&p, &LoadOptions::default()).unwrap();
        assert_eq!(r.dataset, "ival-gt", "{year}");
        assert!(r.detected);
        assert_eq!(r.rows, rows.len(), "{year}");
        assert_eq!(r.rows_rejected, 0, "{year}: {:?}", r.problems.first());
        assert_eq!(r.rows_kept, rows.len(), "{year}: one session per file");
        assert_eq!(r.period.as_deref(), Some(year));
        // Distinct UAIs of the raw file = rows of the table (one row per UAI and session).
        let u = col(&h, "UAI");
        let distinct: BTreeSet<&str> = rows.iter().map(|r| r[u].as_str()).collect();
        assert_eq!(t.len(), distinct.len(), "{year}");
        // Missing values: empty, ND and `.` (2021) — counted from the raw cells.
        for (header, canonical) in [
            (
                "Valeur ajoutee du taux de reussite - Toutes series",
                "va_bac_success_rate",
            ),
            ("Taux d'acces 2nde-bac", "access_rate_2nde_bac"),
            (
                "Valeur ajoutee du taux d'acces 2nde-bac",
                "va_access_rate_2nde_bac",
            ),
            ("Taux de reussite - Toutes series", "bac_success_rate"),
            ("Presents - Toutes series", "bac_candidates"),
        ] {
            let c = col(&h, header);
            let want = rows
                .iter()
                .filter(|r| matches!(r[c].as_str(), "" | "ND" | "."))
                .count();
            assert_eq!(
                r.missing.get(canonical).copied().unwrap_or(0),
                want,
                "{year} {canonical}"
            );
            assert_eq!(r.mapping.get(header).map(String::as_str), Some(canonical));
        }
    }
}

#[test]
fn ival_gt_2021_values_of_one_lycee() {
    let Some(d) = common::real_dir() else { return };
    let (t, r) = load(&d.join("ival_lycees_gt_2021.csv"), &LoadOptions::default()).unwrap();
    // SOURCES.md: 2021, 0350795Z LYCEE DE LA SALLE (Rennes, PR): 70 présents, 97 % success, VA −1,
    // access 72 %, VA access −14.
    let i = t.uai.iter().position(|u| u.as_str() == "0350795Z").unwrap();
    let v = |c: &str| t.num(c).unwrap()[i];
    assert_eq!(v("bac_candidates"), 70.0);
    assert_eq!(v("bac_success_rate"), 97.0);
    assert_eq!(v("va_bac_success_rate"), -1.0);
    assert_eq!(v("access_rate_2nde_bac"), 72.0);
    assert_eq!(v("va_access_rate_2nde_bac"), -14.0);
    assert_eq!(t.text("sector").unwrap()[i].as_str(), "private");
    // `.` is missing in 2021 only: 15 to 17 VA totals.
    let dots = r.missing["va_bac_success_rate"];
    assert!(dots >= 15, "{dots}");
}

#[test]
fn ival_gt_v2_export_keeps_the_latest_session() {
    let Some(d) = common::real_dir() else { return };
    let p = d.join("partial_api_ival_gt_latest_2regions.csv");
    let (h, rows) = raw(&p);
    let (t, r) = load(&p, &LoadOptions::default()).unwrap();
    assert_eq!(r.dataset, "ival-gt");
    assert_eq!(r.rows, 329);
    let a = col(&h, "annee");
    let mut per: BTreeMap<&str, usize> = BTreeMap::new();
    for row in &rows {
        *per.entry(row[a].as_str()).or_default() += 1;
    }
    assert_eq!(per.get("2024").copied(), Some(307));
    assert_eq!(r.period.as_deref(), Some("2024"));
    assert_eq!(r.rows_kept, 307);
    assert_eq!(r.rows_filtered, 22);
    assert_eq!(r.rows_rejected, 0);
    assert_eq!(t.len(), 307);
    for (field, canonical) in [
        ("va_reu_total", "va_bac_success_rate"),
        ("taux_acces_2nde", "access_rate_2nde_bac"),
        ("va_reu_gnle", "va_bac_success_rate_general"),
    ] {
        let c = col(&h, field);
        let want = rows
            .iter()
            .filter(|r| r[a] == "2024" && matches!(r[c].as_str(), "" | "ND" | "."))
            .count();
        assert_eq!(
            r.missing.get(canonical).copied().unwrap_or(0),
            want,
            "{field}"
        );
    }
}

/// IPS lycées old series 2020-21 joined with IVAL GT 2021: the session is paired with the school
/// year; the joined count is the intersection of the raw files' UAIs.
#[test]
fn ips_lycees_and_ival_gt_pair_and_join() {
    let Some(d) = common::real_dir() else { return };
    let ips = d.join("ips_lycees_2016_2022.csv");
    let ival = d.join("ival_lycees_gt_2021.csv");
    let (hi, ri) = raw(&ips);
    let (hv, rv) = raw(&ival);
    let (yi, ui) = (col(&hi, "Rentrée scolaire"), col(&hi, "UAI"));
    let left: BTreeSet<&str> = ri
        .iter()
        .filter(|r| r[yi] == "2020-2021")
        .map(|r| r[ui].as_str())
        .collect();
    let uv = col(&hv, "UAI");
    let right: BTreeSet<&str> = rv.iter().map(|r| r[uv].as_str()).collect();
    let both = left.intersection(&right).count();
    assert_eq!(both, 2311, "SOURCES.md: 2,311 of 2,316");
    let opts = LoadOptions {
        year: Some("2020-2021".into()),
        ..Default::default()
    };
    let inputs = load_inputs(&[ips.clone(), ival.clone()], &opts).unwrap();
    assert_eq!(inputs.loads[1].dataset, "ival-gt");
    assert_eq!(inputs.loads[1].period.as_deref(), Some("2021"));
    assert_eq!(inputs.joins[0].kind, "inner");
    assert_eq!(inputs.table.len(), both);
    assert_eq!(inputs.unmatched.len(), left.len() - both);
    // Without a year, the IPS file's latest year (2021-22) pairs with session 2022, which the
    // IVAL file does not hold: refused, saying how to go on.
    let e = load_inputs(&[ips, ival], &LoadOptions::default()).unwrap_err();
    let m = e.to_string();
    assert!(m.contains("bac session 2021 only"), "{m}");
    assert!(m.contains("--session 2021"), "{m}");
}

/// No IVAL pro file could be obtained (SOURCES.md: only copies above 4 MiB exist): this fixture is
/// built from the official `-pro_v2` field names (`annee`, `uai`, `libelle_uai`, `presents_total`,
/// `taux_reu_total`, `va_reu_total`, `taux_acces_2nde`, `va_acces_2nde`, `taux_men_total`,
/// `va_men_total`, …; see `tests/data/levels/README.md`) with the UAIs of real lycées
/// professionnels and synthetic values. It checks the reading, not the values.
#[test]
fn ival_pro_fixture_is_read_as_pro() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/levels/ival_pro_aix_2021.csv");
    let (h, rows) = raw(&p);
    let (t, r) = load(&p, &LoadOptions::default()).unwrap();
    assert_eq!(r.dataset, "ival-pro");
    assert_eq!(r.rows, rows.len());
    assert_eq!(r.rows_rejected, 0);
    assert_eq!(t.len(), rows.len());
    let c = col(&h, "va_reu_total");
    let nd = rows
        .iter()
        .filter(|r| matches!(r[c].as_str(), "" | "ND" | "."))
        .count();
    assert!(nd > 0, "the fixture has missing value added");
    assert_eq!(r.missing["va_bac_success_rate"], nd);
    for (field, canonical) in [
        ("presents_total", "bac_candidates"),
        ("taux_reu_total", "bac_success_rate"),
        ("taux_acces_2nde", "access_rate_2nde_bac"),
        ("va_acces_2nde", "va_access_rate_2nde_bac"),
        ("taux_men_total", "bac_mention_rate"),
    ] {
        assert_eq!(r.mapping.get(field).map(String::as_str), Some(canonical));
    }
}
