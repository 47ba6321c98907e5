//! Orphan detection: schools as disadvantaged as those in éducation prioritaire but without its support.
//!
//! # Algorithm
//! Three detectors, reported side by side; none ever flags a REP or REP+ school, all concern public ones.
//! 1. **threshold** (Azéma–Mathiot 2019): IPS at or below the median IPS of the REP and REP+ schools of the
//!    same territory (national median when the territory has none).
//! 2. **cluster**: the school's cluster over-represents REP or REP+ (positive, significant v-test of the EP
//!    category in the cluster description).
//! 3. **neighbourhood**: the share of REP/REP+ schools among its k nearest schools in the PCA space (the
//!    "EP-likeness") is at or above a threshold. Neighbours come from a k-d tree (`linfa-nn`).

use super::eval::{quantile, territory};
use super::spec::OrphanParams;
use crate::error::{Error, Result};
use crate::pipeline::Analysis;
use linfa_nn::distance::L2Dist;
use linfa_nn::{KdTree, NearestNeighbour};
use ndarray::Array2;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// Orphan flags of every analysed school.
#[derive(Debug, Clone, Serialize)]
pub struct Orphans {
    /// Threshold detector.
    pub threshold: Vec<bool>,
    /// REP median IPS used for each school.
    pub threshold_value: Vec<f64>,
    /// Cluster detector.
    pub cluster: Vec<bool>,
    /// Clusters where REP/REP+ are over-represented.
    pub ep_clusters: Vec<usize>,
    /// Neighbourhood detector.
    pub neighbourhood: Vec<bool>,
    /// Share of REP/REP+ among the k nearest schools.
    pub ep_likeness: Vec<f64>,
}

fn is_rep(s: &str) -> bool {
    s == "REP" || s == "REP+"
}

/// Run the three detectors.
pub fn detect(a: &Analysis, p: &OrphanParams) -> Result<Orphans> {
    let n = a.table.len();
    let ep: Vec<String> = (0..n).map(|i| a.table.get("ep_status", i)).collect();
    let public: Vec<bool> = (0..n)
        .map(|i| a.table.get("sector", i) != "private")
        .collect();
    let candidate: Vec<bool> = (0..n).map(|i| public[i] && !is_rep(&ep[i])).collect();
    // 1. threshold.
    let ips = super::eval::values(a, "ips");
    let mut groups: HashMap<String, Vec<f64>> = HashMap::new();
    let mut national = Vec::new();
    for i in 0..n {
        if is_rep(&ep[i]) && !ips[i].is_nan() {
            groups
                .entry(territory(a, p.within, i))
                .or_default()
                .push(ips[i]);
            national.push(ips[i]);
        }
    }
    national.sort_by(f64::total_cmp);
    let national_median = quantile(&national, 0.5);
    let medians: HashMap<String, f64> = groups
        .into_iter()
        .map(|(g, mut v)| {
            v.sort_by(f64::total_cmp);
            (g, quantile(&v, 0.5))
        })
        .collect();
    let threshold_value: Vec<f64> = (0..n)
        .map(|i| {
            medians
                .get(&territory(a, p.within, i))
                .copied()
                .unwrap_or(national_median)
        })
        .collect();
    let threshold: Vec<bool> = (0..n)
        .map(|i| candidate[i] && !ips[i].is_nan() && ips[i] <= threshold_value[i])
        .collect();
    // 2. cluster.
    let ep_clusters: Vec<usize> = {
        let mut c: Vec<usize> = a
            .cluster_categories
            .iter()
            .filter(|d| d.variable == "ep_status" && is_rep(&d.category) && d.v_test > 0.0)
            .map(|d| d.cluster)
            .collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    let cluster: Vec<bool> = match &a.hcpc {
        Some(h) => (0..n)
            .map(|i| candidate[i] && ep_clusters.contains(&h.clusters[i]))
            .collect(),
        None => vec![false; n],
    };
    // 3. neighbourhood.
    let coords = &a.pca.result.ind.coord;
    let d = coords.first().map_or(0, Vec::len);
    let data = Array2::from_shape_fn((n, d), |(i, j)| coords[i][j]);
    let k = p.neighbours.min(n.saturating_sub(1));
    let index = KdTree
        .from_batch(&data, L2Dist)
        .map_err(|e| Error::Numeric {
            what: "neighbour index",
            reason: e.to_string(),
        })?;
    let ep_likeness: Vec<f64> = (0..n)
        .into_par_iter()
        .map(|i| {
            let nb = index.k_nearest(data.row(i), k + 1).unwrap_or_default();
            let others: Vec<usize> = nb
                .into_iter()
                .map(|(_, j)| j)
                .filter(|&j| j != i)
                .take(k)
                .collect();
            if others.is_empty() {
                0.0
            } else {
                others.iter().filter(|&&j| is_rep(&ep[j])).count() as f64 / others.len() as f64
            }
        })
        .collect();
    let neighbourhood: Vec<bool> = (0..n)
        .map(|i| candidate[i] && ep_likeness[i] >= p.likeness_threshold)
        .collect();
    Ok(Orphans {
        threshold,
        threshold_value,
        cluster,
        ep_clusters,
        neighbourhood,
        ep_likeness,
    })
}
