//! Cluster output files: `clusters.csv`, `cluster_description.csv`, `cluster_categories.csv`, `tree.csv`,
//! `clusters.json`.

use super::json::{HcpcJson, JsonPolicy};
use crate::analysis::Analysis;
use crate::error::Result;
use crate::output::{
    write_csv, write_csv_with, write_json_sized, Cell, Dialect, PRETTY_JSON_MAX_ROWS,
};
use std::path::{Path, PathBuf};

/// Write the cluster files (nothing when no clustering was run), `clusters.json` under the output
/// policy `json`.
pub fn write_clusters(
    a: &Analysis,
    dir: &Path,
    dialect: Dialect,
    json: JsonPolicy,
) -> Result<Vec<PathBuf>> {
    write_cluster_files(a, dir, dialect, json, true)
}

/// The cluster files without the per-school `clusters.csv` (compact outputs: clusters go to
/// `schools.csv`; `json` is then [`JsonPolicy::compact`]).
pub fn write_cluster_summary(
    a: &Analysis,
    dir: &Path,
    dialect: Dialect,
    json: JsonPolicy,
) -> Result<Vec<PathBuf>> {
    write_cluster_files(a, dir, dialect, json, false)
}

fn write_cluster_files(
    a: &Analysis,
    dir: &Path,
    dialect: Dialect,
    json: JsonPolicy,
    members: bool,
) -> Result<Vec<PathBuf>> {
    let Some(h) = &a.hcpc else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let r = &a.pca.result;
    if members {
        let row = |i: usize| -> Vec<Cell> {
            let c = h.clusters[i];
            let d: f64 = r.ind.coord[i]
                .iter()
                .zip(&h.centres[c - 1])
                .map(|(x, y)| (x - y).powi(2))
                .sum::<f64>()
                .sqrt();
            vec![
                r.ind.ids[i].as_str().into(),
                a.table.str("name", i).into(),
                a.table.str("academie", i).into(),
                a.table.str("ep_status", i).into(),
                c.into(),
                h.tree_cut[i].into(),
                d.into(),
                a.stability
                    .as_ref()
                    .map_or(f64::NAN, |s| s.school_stability[i])
                    .into(),
            ]
        };
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
        write_csv_with(&p, &header, r.n, row, dialect)?;
        out.push(p);
    }
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
    // Inertia gains (decreasing) with W(k), for the k considered W(k)/W(k-1) (empty when undefined or
    // not considered), and whether the gain ties with another (the tree is then not unique).
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
                h.tied.get(r).copied().unwrap_or(false).into(),
            ]
        })
        .collect();
    let p = dir.join("tree.csv");
    write_csv(
        &p,
        &[
            "k",
            "inertia_gain",
            "within_inertia",
            "within_ratio",
            "tied",
        ],
        &rows,
        dialect,
    )?;
    out.push(p);
    #[derive(serde::Serialize)]
    struct ClustersJson<'a> {
        hcpc: HcpcJson<'a>,
        variables: &'a [crate::cluster::describe::QuantiDesc],
        categories: &'a [crate::cluster::describe::CategoryDesc],
        quality: &'a Option<crate::analysis::Quality>,
        stability: &'a Option<crate::cluster::stability::Stability>,
        /// The 5 schools closest to each cluster centre.
        paragons: Vec<Vec<String>>,
        /// The 5 most specific schools of each cluster (farthest from the other centres).
        specific: Vec<Vec<String>>,
        /// The Ward tree: merges by increasing height (leaf ids are the tree's leaves: distinct schools
        /// in tree order, or the kk groups).
        merges: &'a [crate::cluster::ward::Merge],
    }
    let p = dir.join("clusters.json");
    let ids = |rows: Vec<Vec<usize>>| -> Vec<Vec<String>> {
        rows.iter()
            .map(|v| v.iter().map(|&i| a.table.uai[i].to_string()).collect())
            .collect()
    };
    let (paragons, specific) = (ids(a.paragons(5)), ids(a.specific(5)));
    let doc = ClustersJson {
        hcpc: HcpcJson::new(h, json),
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

/// Write `schools.csv`: one row per analysed school with everything a statistician filters on — its
/// identity, cluster, coordinates on the first factorial plane (axes 1 and 2; every axis is in
/// `individuals.csv` of full outputs) and, with a selection, eligibility, selection, rank, score,
/// the three orphan flags and a one-line reason: outside the population (and why), the criteria it
/// fails, or eligible and selected / beyond the budget. The per-criterion values and thresholds are in the input
/// indicators and `thresholds.csv`; `ciblage explain UAI` writes the full explanation of one school.
/// This is the per-school table of compact outputs (`output.tables = "compact"`).
pub fn write_schools(
    a: &Analysis,
    sel: Option<&crate::select::Selection>,
    dir: &Path,
    dialect: Dialect,
) -> Result<PathBuf> {
    let r = &a.pca.result;
    let t = &a.table;
    let mut header: Vec<String> = ["id", "name", "academie", "departement", "ep_status"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    if a.hcpc.is_some() {
        header.push("cluster".into());
    }
    let axes = r.ncp.min(2);
    header.extend((1..=axes).map(|s| format!("coord_{s}")));
    if sel.is_some() {
        header.extend(
            [
                "eligible",
                "selected",
                "rank",
                "score",
                "orphan_threshold",
                "orphan_cluster",
                "orphan_neighbourhood",
                "reason",
            ]
            .iter()
            .map(|s| s.to_string()),
        );
    }
    // "fails: ..." for every combination of failed criteria, made once (a bit per criterion).
    let failures: Vec<String> = match sel {
        Some(s) if s.schools.rules.len() <= 12 => (0..1usize << s.schools.rules.len())
            .map(|mask| {
                let failed: Vec<&str> = s
                    .schools
                    .rules
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| mask & (1 << k) != 0)
                    .map(|(_, r)| r.label.as_str())
                    .collect();
                format!("fails: {}", failed.join(", "))
            })
            .collect(),
        _ => Vec::new(),
    };
    // "not in population: ..." once per distinct reason.
    let outside: Vec<String> = sel.map_or(Vec::new(), |s| {
        s.schools
            .reasons
            .iter()
            .map(|r| format!("not in population: {r}"))
            .collect()
    });
    let (name, aca, dep, ep) = (
        t.text("name"),
        t.text("academie"),
        t.text("departement"),
        t.text("ep_status"),
    );
    let orphans = sel.is_none_or(|s| s.spec.orphans.enabled);
    let threshold_on = sel.is_none_or(|s| s.spec.orphans.threshold_on());
    let fill = |i: usize, w: &mut crate::output::RowWriter| {
        w.text(&t.uai[i]);
        for c in [name, aca, dep, ep] {
            w.text(c.map_or("", |v| v[i].as_str()));
        }
        if let Some(h) = &a.hcpc {
            w.int(h.clusters[i] as u64);
        }
        for v in &r.ind.coord[i][..axes] {
            w.num(*v);
        }
        if let Some(s) = sel {
            let s = &s.schools;
            w.bool(s.eligible[i]);
            w.bool(s.selected[i]);
            w.opt_int(s.rank[i]);
            w.num(s.score[i]);
            // Not computed (lycées, but the threshold with a reference group): empty, not `false`.
            if threshold_on {
                w.bool(s.orphan_threshold[i]);
            } else {
                w.text("");
            }
            if orphans {
                w.bool(s.orphan_cluster[i]);
                w.bool(s.orphan_neighbourhood[i]);
            } else {
                (0..2).for_each(|_| w.text(""));
            }
            if let Some(line) = s.get_decision_line(i) {
                w.text(&line);
            } else if s.population_reason[i] != 0 {
                w.text(&outside[s.population_reason[i] as usize]);
            } else if s.eligible[i] {
                w.text(if s.selected[i] {
                    "selected: meets every criterion, within the budget"
                } else {
                    "not selected: meets every criterion, beyond the budget"
                });
            } else if failures.is_empty() {
                w.text(&format!(
                    "fails: {}",
                    s.failed(i).collect::<Vec<_>>().join(", ")
                ));
            } else {
                let mask = s
                    .rules
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| !r.passed[i])
                    .fold(0usize, |m, (k, _)| m | (1 << k));
                w.text(&failures[mask]);
            }
        }
    };
    let p = dir.join("schools.csv");
    crate::output::write_csv_rows(
        &p,
        &header.iter().map(String::as_str).collect::<Vec<_>>(),
        r.n,
        fill,
        dialect,
    )?;
    Ok(p)
}
