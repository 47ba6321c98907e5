//! Orphan detection: schools as disadvantaged as those in éducation prioritaire but without its support.
//!
//! # Algorithm
//! Three detectors, reported side by side; none ever flags a REP or REP+ school, all concern public ones.
//! With `enabled = false` (the lycées' presets) none runs: no flag is set, and the outputs leave the
//! orphan columns empty — unless the user gives a reference group ([`super::reference`]): the
//! threshold detector then runs against it (at every level, in place of the REP/REP+ schools).
//! 1. **threshold** (Azéma–Mathiot 2019): IPS at or below the median IPS of the REP and REP+ schools of the
//!    same territory (national median when the territory has none).
//! 2. **cluster**: the school's cluster over-represents REP or REP+ (positive, significant v-test of the EP
//!    category in the cluster description).
//! 3. **neighbourhood**: the share of REP/REP+ schools among its k nearest schools in the PCA space (the
//!    "EP-likeness") is at or above a threshold. Neighbours come from a k-d tree (`linfa-nn`).

use super::context::{quantile_unsorted, Context};
use super::spec::OrphanParams;
use crate::error::Result;
use serde::Serialize;

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
    /// The user's reference group of the threshold detector, when given.
    pub reference: Option<super::reference::ReferenceUse>,
}

fn is_rep(s: &str) -> bool {
    s == "REP" || s == "REP+"
}

/// Run the three detectors, with the facts of a selection's [`Context`] (REP flags, territories,
/// indicator values).
pub fn detect(ctx: &Context, p: &OrphanParams) -> Result<Orphans> {
    let a = ctx.a;
    let n = a.table.len();
    let off = |reference| Orphans {
        threshold: vec![false; n],
        threshold_value: vec![f64::NAN; n],
        cluster: vec![false; n],
        ep_clusters: Vec::new(),
        neighbourhood: vec![false; n],
        ep_likeness: vec![f64::NAN; n],
        reference,
    };
    if !p.threshold_on() {
        return Ok(off(None));
    }
    let ep = &ctx.rep;
    // The schools the threshold compares with: the user's reference group, else REP/REP+.
    let (group, reference) = match &p.reference {
        Some(g) => {
            let (flags, used) = g.flags(a.table.uai.iter().map(|u| u.as_str()))?;
            (flags, Some(used))
        }
        None => (ep.clone(), None),
    };
    let sector = a.table.text("sector");
    let candidate: Vec<bool> = (0..n)
        .map(|i| !ep[i] && !group[i] && sector.is_none_or(|s| s[i] != "private"))
        .collect();
    // 1. threshold: median IPS of the group's schools of the territory (national median when the
    // territory has none).
    let ips = ctx.values(p.ips.as_deref().unwrap_or("ips"));
    let terr = ctx.level(p.within);
    let mut groups: Vec<Vec<f64>> = vec![Vec::new(); terr.names.len()];
    let mut national = Vec::new();
    for i in 0..n {
        if group[i] && !ips[i].is_nan() {
            groups[terr.code[i] as usize].push(ips[i]);
            national.push(ips[i]);
        }
    }
    let national_median = quantile_unsorted(&mut national, 0.5);
    let medians: Vec<f64> = groups
        .iter_mut()
        .map(|v| {
            if v.is_empty() {
                national_median
            } else {
                quantile_unsorted(v, 0.5)
            }
        })
        .collect();
    let threshold_value: Vec<f64> = (0..n).map(|i| medians[terr.code[i] as usize]).collect();
    let threshold: Vec<bool> = (0..n)
        .map(|i| candidate[i] && !ips[i].is_nan() && ips[i] <= threshold_value[i])
        .collect();
    if !p.enabled {
        // Lycées: no REP/REP+ school, so neither the cluster nor the neighbourhood detector.
        return Ok(Orphans {
            threshold,
            threshold_value,
            ..off(reference)
        });
    }
    // 2. cluster.
    let ep_clusters: Vec<usize> = {
        // The EP status column under its key (a user's `ep`).
        let ep = a.table.key("ep_status").unwrap_or("ep_status");
        let mut c: Vec<usize> = a
            .cluster_categories
            .iter()
            .filter(|d| d.variable == ep && is_rep(&d.category) && d.v_test > 0.0)
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
    // 3. neighbourhood (when asked for).
    if !p.neighbourhood {
        return Ok(Orphans {
            threshold,
            threshold_value,
            cluster,
            ep_clusters,
            neighbourhood: vec![false; n],
            ep_likeness: vec![f64::NAN; n],
            reference,
        });
    }
    let near = super::neighbours::k_nearest(&a.pca.result.ind.coord, p.neighbours)?;
    let ep_likeness: Vec<f64> = near
        .iter()
        .map(|others| {
            if others.is_empty() {
                0.0
            } else {
                others.iter().filter(|&&j| ep[j]).count() as f64 / others.len() as f64
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
        reference,
    })
}
