//! HCPC against FactoMineR 2.7 on the real reference cases (skipped when absent).

use crate::common::*;
use ciblage::cluster::describe;
use ciblage::pca::table::run;
use ciblage::HcpcParams;
use ciblage::PcaParams;
use ciblage::PcaSpec;

fn read_labels(path: &std::path::Path) -> Vec<(String, usize)> {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.records()
        .map(|x| x.unwrap())
        .map(|x| (x[0].to_string(), x[1].parse().unwrap()))
        .collect()
}

fn check_case(case: &str, k_want: usize) {
    let Some(dir) = reference_dir(case) else {
        return;
    };
    let t = reference_table(&dir);
    let spec = PcaSpec {
        active: ACTIVE.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    let pca = run(&t, &spec, &PcaParams::new().ncp(5).check().unwrap())
        .unwrap()
        .result;
    let h = HcpcParams::new()
        .check()
        .unwrap()
        .fit(&pca.ind.coord, &pca.weights)
        .unwrap();
    // Inertia gains: all of them, 1e-8.
    let (_, _, gains) = read_matrix(&dir.join("hcpc_gains.csv"));
    assert_eq!(h.gains.len(), gains.len());
    let got: Vec<Vec<f64>> = h.gains.iter().map(|g| vec![*g]).collect();
    assert_close("hcpc_gains.csv", &got, &gains, 1e-8);
    let total: f64 = pca.eigenvalues.iter().take(5).map(|e| e.eigenvalue).sum();
    assert!((h.gains.iter().sum::<f64>() - total).abs() < 1e-9);
    assert_eq!(h.k, k_want);
    assert!(h.k_automatic);
    // Tree cut: same ids in tree leaf order, same numbering.
    let cut = read_labels(&dir.join("hcpc_tree_cut.csv"));
    let ids: Vec<&str> = h.order.iter().map(|&i| pca.ind.ids[i].as_str()).collect();
    let ref_ids: Vec<&str> = cut.iter().map(|(u, _)| u.as_str()).collect();
    assert_eq!(ids, ref_ids, "tree leaf order (sorted by dim 1)");
    for (&i, (u, c)) in h.order.iter().zip(&cut) {
        assert_eq!(h.tree_cut[i], *c, "tree cut of {u}");
    }
    // Consolidated partition, exact labels.
    let fin = read_labels(&dir.join("hcpc_clusters.csv"));
    let mut moved = 0;
    for (i, (u, c)) in fin.iter().enumerate() {
        assert_eq!(&pca.ind.ids[i], u);
        if h.clusters[i] != *c {
            moved += 1;
        }
    }
    assert_eq!(
        moved, 0,
        "{moved} schools differ from FactoMineR's consolidated partition"
    );
    // desc.var.
    let vars: Vec<(String, Vec<f64>)> = ACTIVE
        .iter()
        .map(|a| (a.to_string(), t.num(a).unwrap().to_vec()))
        .collect();
    let desc = describe::quanti(&h.clusters, h.k, &vars, 0.05);
    let mut r = csv::Reader::from_path(dir.join("hcpc_desc_var.csv")).unwrap();
    let rename = |s: &str| {
        match s {
            "taux_reussite" => "success_rate",
            "va_taux_reussite" => "va_success_rate",
            "note_ecrit" => "written_mark",
            "va_note" => "va_written_mark",
            "taux_acces_6e3e" => "access_rate_6e_3e",
            o => o,
        }
        .to_string()
    };
    let want: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(desc.len(), want.len());
    for (d, w) in desc.iter().zip(&want) {
        assert_eq!(d.cluster, w[0].parse::<usize>().unwrap());
        assert_eq!(d.variable, rename(&w[1]));
        let nums: Vec<f64> = (2..8).map(|j| w[j].parse().unwrap()).collect();
        let got = [
            d.v_test,
            d.mean_in_cluster,
            d.overall_mean,
            d.sd_in_cluster,
            d.overall_sd,
        ];
        for (g, e) in got.iter().zip(&nums) {
            assert!(
                (g - e).abs() < 1e-8,
                "{} {}: {g} vs {e}",
                d.cluster,
                d.variable
            );
        }
        assert!(
            (d.p_value - nums[5]).abs() <= 1e-8 * nums[5].max(1e-300) + 1e-15,
            "p {} vs {}",
            d.p_value,
            nums[5]
        );
    }
}

#[test]
fn nantes_hcpc_matches_factominer() {
    check_case("nantes_public_2023", 5);
}

#[test]
fn national_hcpc_matches_factominer() {
    check_case("colleges_public_2023", 3);
}
