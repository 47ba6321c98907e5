//! Selection on the real collèges: Nantes preset, orphan detectors, matching, bad specs.

use crate::common;

use ciblage::select::spec::Equity;
use ciblage::Filter;
use ciblage::HcpcParams;
use ciblage::PcaParams;
use ciblage::{analyse, Analysis, AnalysisConfig};
use ciblage::{select, SelectionSpec};
use ciblage::{Inputs, LoadOptions};

fn analysis(case: &str, academie: Option<&str>) -> Option<Analysis> {
    let dir = common::reference_dir(case)?;
    let inputs: Inputs =
        ciblage::load_inputs(&[dir.join("input.csv")], &LoadOptions::default()).unwrap();
    let cfg = AnalysisConfig {
        filter: Filter {
            academie: academie.map(|a| vec![a.to_string()]).unwrap_or_default(),
            sector: Some("public".into()),
            ..Default::default()
        },
        spec: ciblage::PcaSpec {
            active: common::ACTIVE.iter().map(|s| s.to_string()).collect(),
            quali_sup: vec!["ep_status".into()],
            ..Default::default()
        },
        pca: PcaParams::new()
            .orient(vec!["1:ips".parse().unwrap()])
            .check()
            .unwrap(),
        clustering: Some(ciblage::Clustering::Hcpc(
            HcpcParams::new().check().unwrap(),
        )),
    };
    Some(analyse(&inputs, &cfg).unwrap())
}

#[test]
fn nantes_preset_selects_21_defensible_collèges() {
    let Some(a) = analysis("colleges_public_2023", Some("NANTES")) else {
        return;
    };
    let sel = select(
        &a,
        &SelectionSpec::nantes(vec!["NANTES".into()], 21, Equity::Access),
    )
    .unwrap();
    assert_eq!(sel.selected.len(), 21);
    let chosen: Vec<_> = sel.schools.iter().filter(|s| s.selected).collect();
    for s in &chosen {
        assert_eq!(s.academie, "NANTES");
        assert!(s.ep_status != "REP" && s.ep_status != "REP+", "{}", s.uai);
        assert_eq!(s.checks.len(), 3, "complete explanation");
        for c in &s.checks {
            assert!(c.passed, "{}: {}", s.uai, c.text);
            // Re-check the criterion from the raw value and threshold.
            let (v, t) = (c.value.unwrap(), c.threshold.unwrap());
            if c.criterion.contains("IPS")
                || c.criterion.contains("access")
                || c.criterion.contains("value added")
            {
                assert!(v <= t, "{}", c.text);
            }
        }
        let i = a.table.uai.iter().position(|u| *u == s.uai).unwrap();
        assert_eq!(a.table.get("sector", i), "public");
        assert!(a.table.num("va_success_rate").unwrap()[i] <= 0.0);
        assert!(!s.explain().is_empty());
    }
    // The median used is the académie median of IPS.
    let mut ips: Vec<f64> = a.table.num("ips").unwrap().to_vec();
    ips.sort_by(f64::total_cmp);
    let med = ciblage::select::quantile(&ips, 0.5);
    assert!(chosen
        .iter()
        .all(|s| (s.checks[0].threshold.unwrap() - med).abs() < 1e-12));
    // No eligible school outside the list outranks a selected one.
    let min_sel = chosen.iter().map(|s| s.score).fold(f64::INFINITY, f64::min);
    for s in sel.schools.iter().filter(|s| s.eligible && !s.selected) {
        assert!(s.score <= min_sel, "{} outranks a selected school", s.uai);
        assert!(s
            .near_miss
            .as_deref()
            .unwrap_or("")
            .contains("needs a score above"));
    }
    // Ranks 1..21 in score order.
    let mut ranks: Vec<usize> = chosen.iter().map(|s| s.rank.unwrap()).collect();
    ranks.sort();
    assert_eq!(ranks, (1..=21).collect::<Vec<_>>());
    // Matching improves balance.
    let b = &sel.matching.balance;
    let before: f64 = b.iter().map(|x| x.smd_before.abs()).sum::<f64>() / b.len() as f64;
    let after: f64 = b.iter().map(|x| x.smd_after.abs()).sum::<f64>() / b.len() as f64;
    assert!(
        after < before,
        "mean |SMD| after {after} >= before {before}"
    );
    assert_eq!(sel.matching.matches.len(), 21);
    // Sensitivity: main list is stable under its own run, frequencies in [0, 1].
    assert!(sel
        .sensitivity
        .schools
        .iter()
        .all(|s| (0.0..=1.0).contains(&s.bootstrap_frequency)));
    assert!(!sel.sensitivity.variants.is_empty());
    let eq: Vec<_> = sel
        .sensitivity
        .variants
        .iter()
        .filter(|v| v.name.contains("equity indicator"))
        .collect();
    assert_eq!(
        eq.len(),
        2,
        "ips_sd and success_rate replace access_rate_6e_3e"
    );
    assert!(eq.iter().all(|v| (0.0..=1.0).contains(&v.jaccard)));
}

#[test]
fn orphan_detectors_on_the_national_collèges() {
    let Some(a) = analysis("colleges_public_2023", None) else {
        return;
    };
    let sel = select(&a, &SelectionSpec::nantes(Vec::new(), 100, Equity::Access)).unwrap();
    for s in &sel.schools {
        if s.ep_status == "REP" || s.ep_status == "REP+" {
            assert!(
                !s.orphan_threshold && !s.orphan_cluster && !s.orphan_neighbourhood,
                "{} is REP but flagged orphan",
                s.uai
            );
        }
    }
    // Threshold detector = direct computation of the académie median IPS of REP/REP+ schools.
    let ips = a.table.num("ips").unwrap();
    for (i, s) in sel.schools.iter().enumerate() {
        let mut rep: Vec<f64> = (0..a.table.len())
            .filter(|&j| {
                a.table.get("academie", j) == s.academie
                    && matches!(a.table.get("ep_status", j).as_str(), "REP" | "REP+")
            })
            .map(|j| ips[j])
            .collect();
        if rep.is_empty() {
            continue;
        }
        rep.sort_by(f64::total_cmp);
        let med = ciblage::select::quantile(&rep, 0.5);
        let expect = s.ep_status != "REP" && s.ep_status != "REP+" && ips[i] <= med;
        assert_eq!(s.orphan_threshold, expect, "{}", s.uai);
    }
    let all = &sel.orphan_counts["ALL"];
    assert!(
        all.threshold > 0 && all.cluster > 0 && all.neighbourhood > 0,
        "{all:?}"
    );
    assert!(sel.orphan_counts.len() > 20, "counts per académie");
    // HORS EP schools stay visible as such.
    assert!(sel
        .schools
        .iter()
        .any(|s| s.ep_status == "HORS EP" && s.orphan_threshold));
}

/// The embedded sample (always present), analysed as `select` analyses it.
fn sample_analysis() -> Analysis {
    let d = common::sample_dir();
    let files: Vec<std::path::PathBuf> = [
        "fr-en-ips-colleges-ap2022.csv",
        "fr-en-indicateurs-valeur-ajoutee-colleges.csv",
        "fr-en-etablissements-ep.csv",
    ]
    .iter()
    .map(|f| d.join(f))
    .collect();
    let inputs: Inputs = ciblage::load_inputs(&files, &LoadOptions::default()).unwrap();
    let cfg = AnalysisConfig {
        filter: Filter {
            sector: Some("public".into()),
            ..Default::default()
        },
        spec: ciblage::PcaSpec {
            active: common::ACTIVE.iter().map(|s| s.to_string()).collect(),
            quali_sup: vec!["ep_status".into()],
            ..Default::default()
        },
        pca: PcaParams::new()
            .missing(ciblage::Missing::Drop)
            .orient(vec!["1:ips".parse().unwrap()])
            .check()
            .unwrap(),
        clustering: Some(ciblage::Clustering::Hcpc(
            HcpcParams::new().check().unwrap(),
        )),
    };
    analyse(&inputs, &cfg).unwrap()
}

fn bad(a: &Analysis, spec: &str) -> String {
    let s: Result<SelectionSpec, _> = toml::from_str(spec);
    match s {
        Err(e) => e.to_string(),
        Ok(s) => select(a, &s)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default(),
    }
}

#[test]
fn bad_specs_name_the_key_and_allowed_values() {
    let a = sample_analysis();
    let bad = |spec: &str| bad(&a, spec);
    let e = bad("[budget]\nn = 5\nfoo = 1\n");
    assert!(e.contains("foo"), "{e}");
    let e =
        bad("[budget]\nn = 5\n[[criteria.rules]]\nvariable = \"nope\"\nop = \"<=\"\nvalue = 1\n");
    assert!(e.contains("nope") && e.contains("allowed values"), "{e}");
    let e = bad("[budget]\nn = 0\n");
    assert!(e.contains("budget.n"), "{e}");
    let e = bad("[budget]\nn = 5\n[[criteria.rules]]\nvariable = \"ips\"\nop = \"<=\"\nvalue = 80\n[[criteria.rules]]\nvariable = \"ips\"\nop = \">=\"\nvalue = 90\n");
    assert!(e.contains("criteria.rules"), "{e}");
    let e = bad("[budget]\nn = 5\n[population]\nacademie = [\"ATLANTIS\"]\n");
    assert!(e.contains("ATLANTIS") && e.contains("SYNTHETIQUE-1"), "{e}");
    let e = bad("[budget]\nn = 5\n[[criteria.rules]]\nvariable = \"ips\"\nop = \"~\"\nvalue = 1\n");
    assert!(e.contains("op") || e.contains("unknown variant"), "{e}");
    // The sample selects with the Nantes preset too.
    let sel = select(&a, &SelectionSpec::nantes(Vec::new(), 21, Equity::Access)).unwrap();
    assert_eq!(sel.selected.len(), 21);
}

#[test]
fn matching_within_academie_and_caliper() {
    let Some(a) = analysis("colleges_public_2023", None) else {
        return;
    };
    let mut spec = SelectionSpec::nantes(Vec::new(), 60, Equity::Access);
    spec.budget.per = ciblage::select::spec::Per::Academie;
    spec.budget.n = 3;
    spec.matching.same_academie = true;
    spec.sensitivity.bootstrap = 2;
    let sel = select(&a, &spec).unwrap();
    let aca = |u: &str| {
        sel.schools
            .iter()
            .find(|s| s.uai == u)
            .unwrap()
            .academie
            .clone()
    };
    assert!(sel.matching.matches.len() > 30, "3 per académie");
    for m in &sel.matching.matches {
        if let Some(c) = &m.control {
            assert_eq!(aca(&m.uai), aca(c), "control from the same académie");
            assert!(!sel.selected.contains(c));
        }
    }
    let controls: Vec<_> = sel
        .matching
        .matches
        .iter()
        .filter_map(|m| m.control.clone())
        .collect();
    let uniq: std::collections::BTreeSet<_> = controls.iter().collect();
    assert_eq!(uniq.len(), controls.len(), "without replacement");
    spec.matching.caliper = Some(0.5);
    let sel = select(&a, &spec).unwrap();
    assert!(sel
        .matching
        .matches
        .iter()
        .all(|m| m.control.is_none() || m.distance <= 0.5));
}
