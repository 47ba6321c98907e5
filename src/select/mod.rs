//! Eligibility, orphan detection and selection under a budget, with an explanation for every school.
//!
//! # Parameters
//! A [`SelectionSpec`] (TOML, or the built-in [`SelectionSpec::nantes`] preset) and an
//! [`Analysis`] (PCA with axis 1 oriented to grow with IPS, HCPC).
//!
//! # Returns
//! [`Selection`]: per school its population status, every criterion with value, threshold and outcome,
//! score, rank, selection, the three orphan flags, what would bring a near-miss in; sensitivity of the
//! list (threshold variants, bootstrap), nearest comparable schools and a balance table.
//!
//! # Algorithm
//! See `select::rules` (criteria, ranking: score descending then UAI), `select::orphans` (three detectors),
//! [`robustness`] (sensitivity, matching, balance).
//!
//! # Errors
//! Invalid specs ([`SelectionSpec::check`]) name the key and the allowed values.

pub mod allocation;
pub(crate) mod context;
pub mod decisions;
pub(crate) mod neighbours;
pub(crate) mod orphans;
pub mod reference;
pub mod robustness;
pub(crate) mod rules;
pub mod schools;
pub mod spec;
pub mod variant;
pub(crate) mod words;

pub use rules::quantile;
pub use schools::Schools;
pub use spec::{Level, SelectionSpec};
pub use words::PopulationReason;

use crate::analysis::Analysis;
use crate::data::Problem;
use crate::error::{Error, Result};
use crate::i18n::{Labels, Msg};
use rules::Check;
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything about one school.
#[derive(Debug, Clone, Serialize)]
pub struct SchoolResult {
    /// UAI.
    pub uai: crate::data::table::Text,
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
    /// The committee's decision on the school, if any (applied after the rules).
    pub decision: Option<decisions::Decision>,
    /// Longitude (WGS84).
    pub longitude: f64,
    /// Latitude (WGS84).
    pub latitude: f64,
    /// Language of the texts above.
    #[serde(skip)]
    pub lang: crate::i18n::Lang,
}

impl SchoolResult {
    /// The committee's decision in one line ("included by decision: …"), in the school's language.
    pub fn decision_line(&self) -> Option<String> {
        Some(self.decision.as_ref()?.line(&Labels::new(self.lang)))
    }

    /// One-line reasons (the CSV's `reasons`, in the language the school was read in).
    pub fn reasons(&self) -> String {
        let l = Labels::new(self.lang);
        let mut parts = Vec::new();
        if let Some(r) = &self.population_reason {
            parts.push(l.f(Msg::NotInPopulation, &[("reason", r)]));
        }
        parts.extend(self.checks.iter().map(|c| c.text.clone()));
        if let Some(r) = self.rank {
            parts.push(l.f(
                Msg::ScoreRank,
                &[("score", &l.num(self.score, 4)), ("rank", &r)],
            ));
        }
        if let Some(m) = &self.near_miss {
            parts.push(m.clone());
        }
        parts.extend(self.decision_line());
        parts.join("; ")
    }

    /// Multi-line explanation (`ciblage explain`).
    pub fn explain(&self) -> String {
        let l = Labels::new(self.lang);
        let yn = |b: bool| words::yes_no(b, &l);
        let mut s = format!(
            "{} {} ({}, {}, {})\n",
            self.uai,
            self.name,
            self.ep_status,
            words::territory(spec::Within::Academie, &self.academie, &l),
            words::territory(spec::Within::Departement, &self.departement, &l)
        );
        let mut line = |t: String| {
            s.push_str("  ");
            s.push_str(&t);
            s.push('\n');
        };
        line(match &self.population_reason {
            None => l.f(Msg::ExplainPopulation, &[("yes", &yn(true))]),
            Some(r) => l.f(
                Msg::ExplainPopulation,
                &[("yes", &format!("{} ({r})", yn(false)))],
            ),
        });
        for c in &self.checks {
            line(c.text.clone());
        }
        line(l.f(Msg::ExplainEligible, &[("yes", &yn(self.eligible))]));
        line(match self.rank {
            Some(r) => l.f(
                Msg::ScoreRank,
                &[("score", &l.num(self.score, 4)), ("rank", &r)],
            ),
            None => l.f(Msg::ScoreOnly, &[("score", &l.num(self.score, 4))]),
        });
        line(l.f(Msg::ExplainSelected, &[("yes", &yn(self.selected))]));
        if let Some(m) = &self.near_miss {
            line(m.clone());
        }
        if let Some(d) = self.decision_line() {
            line(d);
        }
        line(l.f(
            Msg::ExplainOrphans,
            &[
                ("threshold", &yn(self.orphan_threshold)),
                ("cluster", &yn(self.orphan_cluster)),
                ("neighbourhood", &yn(self.orphan_neighbourhood)),
                ("likeness", &l.num(self.ep_likeness, 2)),
            ],
        ));
        s
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

/// The selection. It serialises every field (`serde_json::to_string(&selection)` holds every
/// school whatever their number); `selection.json` is written through
/// [`crate::export::json::SelectionJson`], which leaves out the per-school lists its output policy
/// does not hold.
#[derive(Debug, Clone, Serialize)]
pub struct Selection {
    /// The spec as parsed.
    pub spec: SelectionSpec,
    /// One entry per analysed school.
    pub schools: Schools,
    /// Selected UAIs in rank order.
    pub selected: Vec<crate::data::table::Text>,
    /// Schools not analysed (filters, missing values), with reasons.
    pub not_analysed: NotAnalysed,
    /// Orphan counts per académie (and `ALL`).
    pub orphan_counts: BTreeMap<String, OrphanCounts>,
    /// Clusters where REP/REP+ are over-represented.
    pub ep_clusters: Vec<usize>,
    /// Sensitivity.
    pub sensitivity: robustness::SensitivityReport,
    /// Matching.
    pub matching: robustness::MatchingReport,
    /// Committee decisions applied (file, rows), when a decisions file was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decisions: Option<std::sync::Arc<decisions::Decisions>>,
    /// The reference group of the threshold orphan detector, when the user gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<reference::ReferenceUse>,
}

impl Selection {
    /// `(eligible, budget)` when fewer schools are eligible than the budget asks for (a budget
    /// over all the schools; per territory, the groups short of it are each under their own
    /// budget and the sum is compared).
    pub fn shortfall(&self) -> Option<(usize, usize)> {
        let eligible = self.schools.eligible.iter().filter(|x| **x).count();
        let budget = match self.spec.budget.per {
            spec::Per::Total => self.spec.budget.n,
            _ => return None,
        };
        (eligible < budget).then_some((eligible, budget))
    }
}

/// The schools a selection could not consider (excluded by the filters, dropped for missing values),
/// each with its reason: the analysis' own lists, shared rather than copied.
#[derive(Debug, Clone, Default)]
pub struct NotAnalysed {
    parts: Vec<std::sync::Arc<[Problem]>>,
}

impl NotAnalysed {
    /// How many.
    pub fn len(&self) -> usize {
        self.parts.iter().map(|p| p.len()).sum()
    }

    /// None?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// All, in order (filters first, then missing values).
    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.parts.iter().flat_map(|p| p.iter())
    }

    /// The `i`-th.
    pub fn get(&self, mut i: usize) -> Option<&Problem> {
        for p in &self.parts {
            if i < p.len() {
                return Some(&p[i]);
            }
            i -= p.len();
        }
        None
    }
}

impl Serialize for NotAnalysed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// Run the selection on an analysis.
///
/// # Parameters
/// `a`: an [`Analysis`] (PCA, and the clusters when a criterion reads them); `spec`: the rules
/// ([`SelectionSpec::nantes`], a preset, or a TOML spec).
///
/// # Returns
/// A [`Selection`]: per school its population status, every criterion with value, threshold and
/// outcome, the score and rank, whether it is selected and why (in words), the orphan flags; the
/// selected UAIs in rank order (score descending, ties by UAI).
///
/// # Errors
/// [`crate::Error::Setting`] (exit code 2) for a spec the analysis cannot serve: a column, a cluster,
/// a component, an académie or a département it does not hold (checked before any school is ranked).
///
/// # Example
/// ```
/// use ciblage::{analyse, load_inputs, select, AnalysisConfig, LoadOptions, Missing, SelectionSpec};
/// use ciblage::select::spec::Equity;
/// let files = [
///     "data-samples/fr-en-ips-colleges-ap2022.csv".into(),
///     "data-samples/fr-en-indicateurs-valeur-ajoutee-colleges.csv".into(),
///     "data-samples/fr-en-etablissements-ep.csv".into(),
/// ];
/// let inputs = load_inputs(&files, &LoadOptions::default())?;
/// let a = analyse(&inputs, &AnalysisConfig::standard(Missing::Drop)?)?;
/// let s = select(&a, &SelectionSpec::nantes(Vec::new(), 10, Equity::Access))?;
/// assert_eq!(s.selected.len(), 10);
/// # Ok::<(), ciblage::Error>(())
/// ```
pub fn select(a: &Analysis, spec: &SelectionSpec) -> Result<Selection> {
    // Rule variables as the user wrote them → the columns they stand for; territories as stored.
    let spec = &spec.resolved(&a.table)?;
    let numeric: Vec<String> = a
        .table
        .columns
        .iter()
        .filter(|(_, c)| matches!(c, crate::data::Column::Num(_)))
        .map(|(k, _)| k.clone())
        .collect();
    // Distinct territories (a few hundred values among up to a million rows).
    let distinct = |col: &str| -> Vec<String> {
        let set: std::collections::BTreeSet<&str> = a
            .table
            .text(col)
            .map(|v| v.iter().map(|x| x.as_str()).collect())
            .unwrap_or_default();
        set.into_iter().map(str::to_string).collect()
    };
    let academies = distinct("academie");
    let deps = distinct("departement");
    spec.check(
        &numeric,
        &academies,
        &deps,
        a.hcpc.as_ref().map(|h| h.k),
        a.pca.result.ncp,
    )?;
    let n = a.table.len();
    let all: Vec<usize> = (0..n).collect();
    let ctx = context::Context::new(a, spec, &robustness::variables(a, spec));
    let t0 = std::time::Instant::now();
    let ev = rules::evaluate(&ctx, spec, &all);
    crate::trace::trace("criteria evaluated", t0);
    let score = rules::scores(a, spec);
    let groups = ctx.level(rules::budget_level(spec.budget.per));
    // Committee decisions, after the rules: decided schools leave the ranking, included ones take a
    // place of their group's budget.
    let not_analysed = NotAnalysed {
        parts: vec![a.excluded.clone(), a.pca.rejected.as_slice().into()],
    };
    let (decision, reserved) = match &spec.decisions {
        Some(d) => {
            let code = decisions::locate(d, &a.table.uai, |u| {
                not_analysed
                    .iter()
                    .find(|p| p.uai.as_deref() == Some(u))
                    .map(|p| p.reason.to_string())
            })?;
            let reserved = reserve(d, &code, &groups.code, &groups.names, spec.budget.n)?;
            (code, reserved)
        }
        None => (Vec::new(), Vec::new()),
    };
    let decided = |i: usize| decision.get(i).is_some_and(|&c| c > 0);
    let included = |i: usize| {
        decision.get(i).is_some_and(|&c| {
            c > 0
                && spec
                    .decisions
                    .as_ref()
                    .is_some_and(|d| d.rows[c as usize - 1].kind == decisions::Kind::Include)
        })
    };
    let rankable: Vec<bool> = if decision.is_empty() {
        ev.eligible.clone()
    } else {
        (0..n).map(|i| ev.eligible[i] && !decided(i)).collect()
    };
    let (rank, mut selected) =
        rules::rank_and_select_reserving(&ctx, spec, &rankable, &score, &reserved);
    crate::trace::trace("ranked", t0);
    let orph = orphans::detect(&ctx, &spec.orphans)?;
    crate::trace::trace("orphans detected", t0);
    // Score of the last school the rules selected per budget group (for near-miss explanations).
    let mut last = vec![f64::INFINITY; groups.names.len()];
    for i in (0..n).filter(|&i| selected[i]) {
        let g = &mut last[groups.code[i] as usize];
        *g = g.min(score[i]);
    }
    for i in (0..n).filter(|&i| included(i)) {
        selected[i] = true;
    }
    let mut order: Vec<usize> = (0..n).filter(|&i| selected[i]).collect();
    order.sort_by(|&x, &y| {
        score[y]
            .total_cmp(&score[x])
            .then_with(|| a.table.uai[x].cmp(&a.table.uai[y]))
    });
    let sel_ids: Vec<crate::data::table::Text> =
        order.iter().map(|&i| a.table.uai[i].clone()).collect();
    // Orphan counts per académie (codes of the académie level, names sorted) and overall.
    let acad = ctx.level(spec::Within::Academie);
    let mut by_code = vec![OrphanCounts::default(); acad.names.len()];
    for i in 0..n {
        let c = &mut by_code[acad.code[i] as usize];
        c.threshold += usize::from(orph.threshold[i]);
        c.cluster += usize::from(orph.cluster[i]);
        c.neighbourhood += usize::from(orph.neighbourhood[i]);
        c.all_three += usize::from(orph.threshold[i] && orph.cluster[i] && orph.neighbourhood[i]);
    }
    let mut counts: BTreeMap<String, OrphanCounts> = BTreeMap::new();
    let mut all_counts = OrphanCounts::default();
    for (name, c) in acad.names.iter().zip(by_code) {
        all_counts.threshold += c.threshold;
        all_counts.cluster += c.cluster;
        all_counts.neighbourhood += c.neighbourhood;
        all_counts.all_three += c.all_three;
        if n > 0 {
            counts.insert(name.clone(), c);
        }
    }
    if n > 0 {
        counts.insert("ALL".into(), all_counts);
    }
    let sensitivity = if spec.sensitivity.enabled {
        let decided: Vec<bool> = (0..decision.len()).map(decided).collect();
        let included: Vec<bool> = (0..decision.len()).map(included).collect();
        let committee = robustness::Committee {
            decided: &decided,
            included: &included,
            reserved: &reserved,
        };
        robustness::sensitivity(&ctx, spec, &selected, committee)?
    } else {
        robustness::SensitivityReport::default()
    };
    crate::trace::trace("sensitivity", t0);
    let matching = if spec.matching.enabled {
        robustness::matching(a, spec, &selected, &ev.in_population)?
    } else {
        robustness::MatchingReport::default()
    };
    crate::trace::trace("matching", t0);
    let schools = Schools {
        table: a.table.clone(),
        in_population: ev.in_population,
        population_reason: ev.population_reason,
        reasons: ev.reasons,
        rules: ev.rules,
        eligible: ev.eligible,
        score,
        rank,
        selected,
        orphan_threshold: orph.threshold,
        orphan_cluster: orph.cluster,
        orphan_neighbourhood: orph.neighbourhood,
        ep_likeness: orph.ep_likeness,
        cluster: a.hcpc.as_ref().map(|h| h.clusters.clone()),
        decision,
        decisions: spec.decisions.clone(),
        budget: schools::BudgetGroups {
            n: spec.budget.n,
            code: groups.code.clone(),
            last,
            reserved: reserved.clone(),
        },
    };
    Ok(Selection {
        spec: spec.clone(),
        schools,
        selected: sel_ids,
        not_analysed,
        orphan_counts: counts,
        ep_clusters: orph.ep_clusters,
        sensitivity,
        matching,
        decisions: spec.decisions.clone(),
        reference: orph.reference,
    })
}

/// Places of each budget group taken by included schools; more than the group's budget is an error
/// naming the decision that overflows it.
fn reserve(
    d: &decisions::Decisions,
    code: &[u32],
    group: &[u32],
    names: &[String],
    n: usize,
) -> Result<Vec<usize>> {
    let mut reserved = vec![0usize; names.len()];
    for (i, c) in code.iter().enumerate().filter(|(_, c)| **c > 0) {
        let row = &d.rows[*c as usize - 1];
        if row.kind != decisions::Kind::Include {
            continue;
        }
        let g = group[i] as usize;
        reserved[g] += 1;
        if reserved[g] > n {
            return Err(Error::Csv {
                path: d.path.clone(),
                line: row.line as u64,
                reason: format!(
                    "UAI {}: include makes {} schools included by decision in budget group {} of {n} places: raise the budget or include fewer",
                    row.uai,
                    reserved[g],
                    crate::text::quote(names.get(g).map_or("", String::as_str)),
                ),
            });
        }
    }
    Ok(reserved)
}

impl Selection {
    /// Explanation of one school.
    pub fn explain(&self, uai: &str) -> Result<String> {
        let u = uai.trim().to_ascii_uppercase();
        if let Some(i) = (0..self.schools.len()).find(|&i| self.schools.uai(i) == u.as_str()) {
            return Ok(self.schools.get(i).explain());
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
