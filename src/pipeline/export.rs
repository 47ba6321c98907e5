//! Cluster output files: `clusters.csv`, `cluster_description.csv`, `cluster_categories.csv`, `tree.csv`,
//! `clusters.json`.

use super::Analysis;
use crate::error::Result;
use crate::output::{write_csv, write_json_sized, Cell, Dialect, PRETTY_JSON_MAX_ROWS};
use std::path::{Path, PathBuf};

/// Write the cluster files (nothing when no clustering was run).
pub fn write_clusters(a: &Analysis, dir: &Path, dialect: Dialect) -> Result<Vec<PathBuf>> {
    let Some(h) = &a.hcpc else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let r = &a.pca.result;
    let rows: Vec<Vec<Cell>> = (0..r.n)
        .map(|i| {
            let c = h.clusters[i];
            let d: f64 = r.ind.coord[i]
                .iter()
                .zip(&h.centres[c - 1])
                .map(|(x, y)| (x - y).powi(2))
                .sum::<f64>()
                .sqrt();
            vec![
                r.ind.ids[i].clone().into(),
                a.table.get("name", i).into(),
                a.table.get("academie", i).into(),
                a.table.get("ep_status", i).into(),
                c.into(),
                h.tree_cut[i].into(),
                d.into(),
                a.stability
                    .as_ref()
                    .map_or(f64::NAN, |s| s.school_stability[i])
                    .into(),
            ]
        })
        .collect();
    let p = dir.join("clusters.csv");
    let header = [
        "id",
        "name",
        "academie",
        "ep_status",
        "cluster",
        "cluster_before_consolidation",
        "distance_to_centre",
        "stability",
    ];
    write_csv(&p, &header, &rows, dialect)?;
    out.push(p);
    let rows: Vec<Vec<Cell>> = a
        .cluster_variables
        .iter()
        .map(|d| {
            vec![
                d.cluster.into(),
                d.variable.clone().into(),
                d.v_test.into(),
                d.mean_in_cluster.into(),
                d.overall_mean.into(),
                d.sd_in_cluster.into(),
                d.overall_sd.into(),
                d.p_value.into(),
            ]
        })
        .collect();
    let p = dir.join("cluster_description.csv");
    write_csv(
        &p,
        &[
            "cluster",
            "variable",
            "v_test",
            "mean_in_cluster",
            "overall_mean",
            "sd_in_cluster",
            "overall_sd",
            "p_value",
        ],
        &rows,
        dialect,
    )?;
    out.push(p);
    let rows: Vec<Vec<Cell>> = a
        .cluster_categories
        .iter()
        .map(|d| {
            vec![
                d.cluster.into(),
                d.variable.clone().into(),
                d.category.clone().into(),
                d.pct_of_category_in_cluster.into(),
                d.pct_of_cluster_in_category.into(),
                d.pct_overall.into(),
                d.p_value.into(),
                d.v_test.into(),
            ]
        })
        .collect();
    let p = dir.join("cluster_categories.csv");
    write_csv(
        &p,
        &[
            "cluster", "variable", "category", "cla_mod", "mod_cla", "global", "p_value", "v_test",
        ],
        &rows,
        dialect,
    )?;
    out.push(p);
    // Inertia gains (decreasing) with W(k) and, for the k considered, W(k)/W(k-1).
    let rows: Vec<Vec<Cell>> = h
        .gains
        .iter()
        .enumerate()
        .map(|(r, g)| {
            let k = r + 1;
            let ratio = h.ratios.iter().find(|x| x.0 == k).map_or(f64::NAN, |x| x.1);
            vec![
                k.into(),
                (*g).into(),
                h.within.get(r).copied().unwrap_or(f64::NAN).into(),
                ratio.into(),
            ]
        })
        .collect();
    let p = dir.join("tree.csv");
    write_csv(
        &p,
        &["k", "inertia_gain", "within_inertia", "within_ratio"],
        &rows,
        dialect,
    )?;
    out.push(p);
    #[derive(serde::Serialize)]
    struct ClustersJson<'a> {
        hcpc: &'a crate::cluster::HcpcResult,
        variables: &'a [crate::cluster::describe::QuantiDesc],
        categories: &'a [crate::cluster::describe::CategoryDesc],
        quality: &'a Option<super::Quality>,
        stability: &'a Option<crate::cluster::stability::Stability>,
        /// The 5 schools closest to each cluster centre.
        paragons: Vec<Vec<String>>,
        /// The 5 most specific schools of each cluster (farthest from the other centres).
        specific: Vec<Vec<String>>,
        /// The Ward tree: merges by increasing height (leaf ids are rows in tree order).
        merges: &'a [crate::cluster::ward::Merge],
    }
    let p = dir.join("clusters.json");
    let ids = |rows: Vec<Vec<usize>>| -> Vec<Vec<String>> {
        rows.iter()
            .map(|v| v.iter().map(|&i| a.table.uai[i].clone()).collect())
            .collect()
    };
    let (paragons, specific) = (ids(a.paragons(5)), ids(a.specific(5)));
    let doc = ClustersJson {
        hcpc: h,
        variables: &a.cluster_variables,
        categories: &a.cluster_categories,
        quality: &a.quality,
        stability: &a.stability,
        paragons,
        specific,
        merges: &h.tree.merges,
    };
    write_json_sized(&p, &doc, h.clusters.len() <= PRETTY_JSON_MAX_ROWS)?;
    out.push(p);
    Ok(out)
}
