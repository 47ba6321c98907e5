//! Eligibility, orphan detection and selection under a budget, with an explanation for every school.
//!
//! # Parameters
//! A [`SelectionSpec`] (TOML, or the built-in [`SelectionSpec::nantes`] preset) and an
//! [`Analysis`](crate::pipeline::Analysis) (PCA with axis 1 oriented to grow with IPS, HCPC).
//!
//! # Returns
//! [`Selection`]: per school its population status, every criterion with value, threshold and outcome,
//! score, rank, selection, the three orphan flags, what would bring a near-miss in; sensitivity of the
//! list (threshold variants, bootstrap), nearest comparable schools and a balance table.
//!
//! # Algorithm
//! See [`eval`] (criteria, ranking: score descending then UAI), [`orphans`] (three detectors),
//! [`evaluation`] (sensitivity, matching, balance).
//!
//! # Errors
//! Invalid specs ([`SelectionSpec::check`]) name the key and the allowed values.

pub mod context;
pub mod eval;
pub mod evaluation;
pub mod export;
pub mod neighbours;
pub mod orphans;
pub mod spec;

pub use spec::SelectionSpec;

use crate::data::Problem;
use crate::error::{Error, Result};
use crate::pipeline::Analysis;
use eval::Check;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything about one school.
#[derive(Debug, Clone, Serialize)]
pub struct SchoolResult {
    /// UAI.
    pub uai: String,
    /// Name.
    pub name: String,
    /// Académie.
    pub academie: String,
    /// Département.
    pub departement: String,
    /// EP status (`HORS EP` = near a priority neighbourhood, no label).
    pub ep_status: String,
    /// In the population.
    pub in_population: bool,
    /// Why not.
    pub population_reason: Option<String>,
    /// Criteria.
    pub checks: Vec<Check>,
    /// Eligible.
    pub eligible: bool,
    /// Need score.
    pub score: f64,
    /// Rank among eligible schools of its budget group.
    pub rank: Option<usize>,
    /// Selected.
    pub selected: bool,
    /// Orphan (threshold detector).
    pub orphan_threshold: bool,
    /// Orphan (cluster detector).
    pub orphan_cluster: bool,
    /// Orphan (neighbourhood detector).
    pub orphan_neighbourhood: bool,
    /// Share of REP/REP+ among nearest schools.
    pub ep_likeness: f64,
    /// Cluster.
    pub cluster: Option<usize>,
    /// For eligible schools outside the budget: what would bring them in.
    pub near_miss: Option<String>,
    /// Longitude (WGS84).
    pub longitude: f64,
    /// Latitude (WGS84).
    pub latitude: f64,
}

impl SchoolResult {
    /// One-line reasons for the CSV.
    pub fn reasons(&self) -> String {
        let mut parts = Vec::new();
        if let Some(r) = &self.population_reason {
            parts.push(format!("not in population: {r}"));
        }
        parts.extend(self.checks.iter().map(|c| c.text.clone()));
        if let Some(r) = self.rank {
            parts.push(format!("score {:.4}, rank {r}", self.score));
        }
        if let Some(m) = &self.near_miss {
            parts.push(m.clone());
        }
        parts.join("; ")
    }

    /// Multi-line explanation (`ciblage explain`).
    pub fn explain(&self) -> String {
        let mut s = format!(
            "{} {} ({}, académie {}, département {})\n",
            self.uai, self.name, self.ep_status, self.academie, self.departement
        );
        match &self.population_reason {
            None => s.push_str("  population: yes\n"),
            Some(r) => s.push_str(&format!("  population: no ({r})\n")),
        }
        for c in &self.checks {
            s.push_str(&format!("  {}\n", c.text));
        }
        s.push_str(&format!(
            "  eligible: {}\n",
            if self.eligible { "yes" } else { "no" }
        ));
        s.push_str(&format!(
            "  score {:.4}{}\n",
            self.score,
            self.rank.map(|r| format!(", rank {r}")).unwrap_or_default()
        ));
        s.push_str(&format!(
            "  selected: {}\n",
            if self.selected { "yes" } else { "no" }
        ));
        if let Some(m) = &self.near_miss {
            s.push_str(&format!("  {m}\n"));
        }
        s.push_str(&format!(
            "  orphan detectors: threshold {}, cluster {}, neighbourhood {} (EP-likeness {:.2})\n",
            yn(self.orphan_threshold),
            yn(self.orphan_cluster),
            yn(self.orphan_neighbourhood),
            self.ep_likeness
        ));
        s
    }
}

fn yn(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// Orphan counts of one territory.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OrphanCounts {
    /// Threshold detector.
    pub threshold: usize,
    /// Cluster detector.
    pub cluster: usize,
    /// Neighbourhood detector.
    pub neighbourhood: usize,
    /// Flagged by all three.
    pub all_three: usize,
}

/// The selection.
#[derive(Debug, Clone, Serialize)]
pub struct Selection {
    /// The spec as parsed.
    pub spec: SelectionSpec,
    /// One entry per analysed school (left out of JSON beyond [`crate::pca::JSON_MAX_INDIVIDUALS`]
    /// schools: `selection.csv` has them).
    #[serde(skip_serializing_if = "large")]
    pub schools: Vec<SchoolResult>,
    /// Selected UAIs in rank order.
    pub selected: Vec<String>,
    /// Schools not analysed (filters, missing values), with reasons (left out of JSON when large:
    /// `selection.csv` and `rejected.csv` have them).
    #[serde(skip_serializing_if = "large")]
    pub not_analysed: Vec<Problem>,
    /// Orphan counts per académie (and `ALL`).
    pub orphan_counts: BTreeMap<String, OrphanCounts>,
    /// Clusters where REP/REP+ are over-represented.
    pub ep_clusters: Vec<usize>,
    /// Sensitivity.
    pub sensitivity: evaluation::SensitivityReport,
    /// Matching.
    pub matching: evaluation::MatchingReport,
}

/// More entries than a JSON output holds ([`crate::pca::JSON_MAX_INDIVIDUALS`]).
pub(crate) fn large<T>(v: &[T]) -> bool {
    v.len() > crate::pca::JSON_MAX_INDIVIDUALS
}

/// Run the selection on an analysis.
pub fn select(a: &Analysis, spec: &SelectionSpec) -> Result<Selection> {
    let numeric: Vec<String> = a
        .table
        .columns
        .iter()
        .filter(|(_, c)| matches!(c, crate::data::Column::Num(_)))
        .map(|(k, _)| k.clone())
        .collect();
    let mut academies: Vec<String> = a
        .table
        .text("academie")
        .map(|v| v.to_vec())
        .unwrap_or_default();
    academies.sort();
    academies.dedup();
    let mut deps: Vec<String> = a
        .table
        .text("departement")
        .map(|v| v.to_vec())
        .unwrap_or_default();
    deps.sort();
    deps.dedup();
    spec.check(
        &numeric,
        &academies,
        &deps,
        a.hcpc.as_ref().map(|h| h.k),
        a.pca.result.ncp,
    )?;
    let n = a.table.len();
    let all: Vec<usize> = (0..n).collect();
    let ctx = context::Context::new(a, spec, &evaluation::variables(a, spec));
    let evals = eval::evaluate(&ctx, spec, &all);
    let eligible: Vec<bool> = evals.iter().map(|e| e.eligible).collect();
    let score = eval::scores(a, spec);
    let (rank, selected) = eval::rank_and_select(&ctx, spec, &eligible, &score);
    let orph = orphans::detect(a, &spec.orphans)?;
    // Score of the last selected school per budget group (for near-miss explanations).
    let groups = ctx.level(eval::budget_level(spec.budget.per));
    let mut last = vec![f64::INFINITY; groups.names.len()];
    for i in (0..n).filter(|&i| selected[i]) {
        let g = &mut last[groups.code[i] as usize];
        *g = g.min(score[i]);
    }
    let lat = a.table.num("latitude");
    let lon = a.table.num("longitude");
    let schools: Vec<SchoolResult> = evals
        .into_par_iter()
        .enumerate()
        .map(|(i, ev)| {
            let near_miss = match (ev.eligible, selected[i], rank[i]) {
                (true, false, Some(r)) => Some(last[groups.code[i] as usize]).filter(|t| t.is_finite()).map(|t| {
                    format!("outside the budget (rank {r} > {}): needs a score above {:.4} (+{:.4}) to enter", spec.budget.n, t, t - score[i])
                }),
                (false, _, _) if ev.in_population => {
                    let failed: Vec<&str> = ev.checks.iter().filter(|c| !c.passed).map(|c| c.criterion.as_str()).collect();
                    Some(format!("not eligible: fails {}", failed.join(", ")))
                }
                _ => None,
            };
            SchoolResult {
                uai: a.table.uai[i].clone(),
                name: a.table.get("name", i),
                academie: a.table.get("academie", i),
                departement: a.table.get("departement", i),
                ep_status: a.table.get("ep_status", i),
                in_population: ev.in_population,
                population_reason: ev.population_reason,
                checks: ev.checks,
                eligible: ev.eligible,
                score: score[i],
                rank: rank[i],
                selected: selected[i],
                orphan_threshold: orph.threshold[i],
                orphan_cluster: orph.cluster[i],
                orphan_neighbourhood: orph.neighbourhood[i],
                ep_likeness: orph.ep_likeness[i],
                cluster: a.hcpc.as_ref().map(|h| h.clusters[i]),
                near_miss,
                longitude: lon.map_or(f64::NAN, |v| v[i]),
                latitude: lat.map_or(f64::NAN, |v| v[i]),
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..n).filter(|&i| selected[i]).collect();
    order.sort_by(|&x, &y| {
        score[y]
            .total_cmp(&score[x])
            .then_with(|| a.table.uai[x].cmp(&a.table.uai[y]))
    });
    let sel_ids: Vec<String> = order.iter().map(|&i| a.table.uai[i].clone()).collect();
    let mut counts: BTreeMap<String, OrphanCounts> = BTreeMap::new();
    for s in &schools {
        for key in [s.academie.clone(), "ALL".to_string()] {
            let c = counts.entry(key).or_default();
            c.threshold += usize::from(s.orphan_threshold);
            c.cluster += usize::from(s.orphan_cluster);
            c.neighbourhood += usize::from(s.orphan_neighbourhood);
            c.all_three +=
                usize::from(s.orphan_threshold && s.orphan_cluster && s.orphan_neighbourhood);
        }
    }
    let sensitivity = evaluation::sensitivity(&ctx, spec, &selected)?;
    let matching = evaluation::matching(a, spec, &selected, &evals_population(&schools))?;
    let mut not_analysed = a.excluded.clone();
    not_analysed.extend(a.pca.rejected.iter().cloned());
    Ok(Selection {
        spec: spec.clone(),
        schools,
        selected: sel_ids,
        not_analysed,
        orphan_counts: counts,
        ep_clusters: orph.ep_clusters,
        sensitivity,
        matching,
    })
}

fn evals_population(s: &[SchoolResult]) -> Vec<bool> {
    s.iter().map(|x| x.in_population).collect()
}

impl Selection {
    /// Explanation of one school.
    pub fn explain(&self, uai: &str) -> Result<String> {
        let u = uai.trim().to_ascii_uppercase();
        if let Some(s) = self.schools.iter().find(|s| s.uai == u) {
            return Ok(s.explain());
        }
        let hint = self
            .not_analysed
            .iter()
            .find(|p| p.uai.as_deref() == Some(u.as_str()))
            .map(|p| format!(": {}", p.reason))
            .unwrap_or_default();
        Err(Error::UnknownUai {
            uai: u,
            n: self.schools.len(),
            hint,
        })
    }
}
