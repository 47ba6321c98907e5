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
            ]
        })
        .collect();
    let p = dir.join("clusters.csv");
    write_csv(
        &p,
        &[
            "id",
            "name",
            "academie",
            "ep_status",
            "cluster",
            "cluster_before_consolidation",
            "distance_to_centre",
        ],
        &rows,
        dialect,
    )?;
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
            "cluster",
            "variable",
            "category",
            "pct_of_category_in_cluster",
            "pct_of_cluster_in_category",
            "pct_overall",
            "p_value",
            "v_test",
        ],
        &rows,
        dialect,
    )?;
    out.push(p);
    let rows: Vec<Vec<Cell>> = h
        .tree
        .merges
        .iter()
        .enumerate()
        .map(|(s, m)| {
            vec![
                (s + 1).into(),
                m.a.into(),
                m.b.into(),
                m.height.into(),
                m.size.into(),
            ]
        })
        .collect();
    let p = dir.join("tree.csv");
    write_csv(
        &p,
        &["step", "left", "right", "height", "size"],
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
    }
    let p = dir.join("clusters.json");
    let doc = ClustersJson {
        hcpc: h,
        variables: &a.cluster_variables,
        categories: &a.cluster_categories,
        quality: &a.quality,
    };
    write_json_sized(&p, &doc, h.clusters.len() <= PRETTY_JSON_MAX_ROWS)?;
    out.push(p);
    Ok(out)
}
