//! Evaluating the criteria, ranking and applying the budget, with an explanation per school.

use super::schools::{RuleKind, RuleOutcome};
use super::spec::{Combine, Op, Per, Rule, SelectionSpec, Within};
use super::words::{PopulationReason, Stat};
use crate::analysis::Analysis;
use rayon::prelude::*;

pub use super::context::{quantile, values, Context};
pub use super::schools::Check;

/// Why school `i` is outside the population (`None` = inside).
fn population_reason(
    ctx: &Context,
    spec: &SelectionSpec,
    excluded: &[&str],
    i: usize,
) -> Option<PopulationReason> {
    let a = ctx.a;
    let p = &spec.population;
    let text = |c: &str| a.table.text(c).map_or("", |v| v[i].as_str());
    if !ctx.sector_ok[i] {
        return Some(PopulationReason::Sector {
            found: text("sector").to_string(),
            wanted: p.sector.clone(),
        });
    }
    if !p.academie.is_empty()
        && !p
            .academie
            .iter()
            .any(|x| crate::data::territory::academie_is(text("academie"), x))
    {
        return Some(PopulationReason::Academie {
            found: text("academie").to_string(),
            wanted: p.academie.clone(),
        });
    }
    if !p.departement.is_empty()
        && !p.departement.iter().any(|d| {
            crate::data::territory::departement_code(d).as_deref() == Some(text("departement"))
        })
    {
        return Some(PopulationReason::Departement {
            found: text("departement").to_string(),
            wanted: p.departement.clone(),
        });
    }
    if excluded.contains(&text("ep_status")) {
        return Some(PopulationReason::Ep(text("ep_status").to_string()));
    }
    if let (Some(min), Some(h)) = (p.min_headcount, a.table.num("headcount")) {
        if h[i].is_nan() || h[i] < min {
            return Some(PopulationReason::Headcount { value: h[i], min });
        }
    }
    None
}

/// EP statuses the population excludes, normalised.
fn excluded_ep(spec: &SelectionSpec) -> Vec<&'static str> {
    spec.population
        .exclude_ep
        .iter()
        .filter_map(|e| crate::data::normalize::ep_status(e).ok())
        .collect()
}

/// Population membership of every school (no reasons: the sensitivity variants only need this).
pub fn population(ctx: &Context, spec: &SelectionSpec) -> Vec<bool> {
    let ex = excluded_ep(spec);
    (0..ctx.n)
        .map(|i| population_reason(ctx, spec, &ex, i).is_none())
        .collect()
}

/// Threshold of a compared rule.
enum Threshold {
    Fixed(f64),
    /// Per territory code of the rule's level.
    ByTerritory(Vec<f64>),
}

/// A rule made ready to apply to every school.
enum Plan<'c> {
    Compare {
        var: &'c str,
        op: Op,
        v: std::borrow::Cow<'c, [f64]>,
        t: Threshold,
    },
    Clusters(Vec<usize>),
    Ep(Vec<&'static str>),
    Skip,
}

fn plan<'c>(ctx: &'c Context, r: &'c Rule, sample: &[usize]) -> Plan<'c> {
    if let (Some(var), Some(op)) = (&r.variable, r.op) {
        let v = ctx.values(var);
        let t = match r.value {
            Some(x) => Threshold::Fixed(x),
            None => Threshold::ByTerritory(ctx.thresholds(r, &v, sample)),
        };
        Plan::Compare { var, op, v, t }
    } else if r.clusters.is_some() || r.lowest_clusters.is_some() {
        let Some(h) = ctx.a.hcpc.as_ref() else {
            return Plan::Skip;
        };
        Plan::Clusters(match (&r.clusters, r.lowest_clusters) {
            (Some(c), _) => c.clone(),
            (None, Some(m)) => {
                let mut ids: Vec<usize> = (1..=h.k).collect();
                ids.sort_by(|&x, &y| {
                    h.centres[x - 1][0]
                        .total_cmp(&h.centres[y - 1][0])
                        .then(x.cmp(&y))
                });
                ids.truncate(m);
                ids
            }
            _ => Vec::new(),
        })
    } else if let Some(eps) = &r.ep_status {
        Plan::Ep(
            eps.iter()
                .filter_map(|e| crate::data::normalize::ep_status(e).ok())
                .collect(),
        )
    } else {
        Plan::Skip
    }
}

impl Plan<'_> {
    fn threshold(&self, ctx: &Context, r: &Rule, i: usize) -> f64 {
        match self {
            Plan::Compare {
                t: Threshold::Fixed(x),
                ..
            } => *x,
            Plan::Compare {
                t: Threshold::ByTerritory(by),
                ..
            } => by[ctx.level(r.within).code[i] as usize],
            _ => f64::NAN,
        }
    }

    fn passed(&self, ctx: &Context, r: &Rule, i: usize) -> Option<bool> {
        Some(match self {
            Plan::Compare { op, v, .. } => {
                let (x, t) = (v[i], self.threshold(ctx, r, i));
                !x.is_nan() && !t.is_nan() && op.test(x, t)
            }
            Plan::Clusters(c) => ctx
                .a
                .hcpc
                .as_ref()
                .is_some_and(|h| c.contains(&h.clusters[i])),
            Plan::Ep(want) => {
                want.contains(&ctx.a.table.text("ep_status").map_or("", |v| v[i].as_str()))
            }
            Plan::Skip => return None,
        })
    }
}

/// Every rule made ready, thresholds computed on `sample`.
fn plans<'c>(ctx: &'c Context, spec: &'c SelectionSpec, sample: &[usize]) -> Vec<Plan<'c>> {
    spec.criteria
        .rules
        .iter()
        .map(|r| plan(ctx, r, sample))
        .collect()
}

/// Do the criteria hold, given the outcome of each applicable rule? (`any` over no applicable rule
/// holds, as `all` does.)
fn holds(combine: Combine, mut outcomes: impl Iterator<Item = bool>) -> bool {
    match combine {
        Combine::All => outcomes.all(|x| x),
        Combine::Any => {
            let mut seen = false;
            for x in outcomes {
                if x {
                    return true;
                }
                seen = true;
            }
            !seen
        }
    }
}

/// Eligibility of every school, without explanations (what the sensitivity variants need); `pop` is
/// [`population`], relative thresholds come from `sample`.
pub fn eligible(ctx: &Context, spec: &SelectionSpec, pop: &[bool], sample: &[usize]) -> Vec<bool> {
    let plans = plans(ctx, spec, sample);
    (0..ctx.n)
        .map(|i| {
            let outcomes = spec
                .criteria
                .rules
                .iter()
                .zip(&plans)
                .filter_map(|(r, p)| p.passed(ctx, r, i));
            pop[i] && holds(spec.criteria.combine, outcomes)
        })
        .collect()
}

/// Population and criteria of every analysed school, in columns (see [`super::schools`]).
pub(crate) struct Evaluated {
    pub in_population: Vec<bool>,
    /// Index in `reasons` of each school's reason for being outside the population (0: inside).
    pub population_reason: Vec<u32>,
    pub reasons: Vec<PopulationReason>,
    pub rules: Vec<RuleOutcome>,
    pub eligible: Vec<bool>,
}

/// Evaluate population and criteria for every analysed school; relative thresholds come from
/// `sample`. The readable line of each criterion is written only when a school is explained.
pub(crate) fn evaluate(ctx: &Context, spec: &SelectionSpec, sample: &[usize]) -> Evaluated {
    let ex = excluded_ep(spec);
    let plans = plans(ctx, spec, sample);
    let why: Vec<Option<PopulationReason>> = (0..ctx.n)
        .into_par_iter()
        .map(|i| population_reason(ctx, spec, &ex, i))
        .collect();
    let in_population: Vec<bool> = why.iter().map(Option::is_none).collect();
    // A few distinct reasons among many schools (REP+ school, sector...): kept once each.
    let mut reasons = vec![PopulationReason::Ep(String::new())];
    let mut index: std::collections::HashMap<String, u32> = Default::default();
    let population_reason: Vec<u32> = why
        .into_iter()
        .map(|w| match w {
            None => 0,
            Some(r) => *index.entry(r.to_string()).or_insert_with(|| {
                reasons.push(r);
                reasons.len() as u32 - 1
            }),
        })
        .collect();
    let mut rules = Vec::new();
    for (r, p) in spec.criteria.rules.iter().zip(&plans) {
        if matches!(p, Plan::Skip) {
            continue;
        }
        let passed: Vec<bool> = (0..ctx.n)
            .into_par_iter()
            .map(|i| p.passed(ctx, r, i).unwrap_or(false))
            .collect();
        let label = r
            .label
            .clone()
            .unwrap_or_else(|| match (&r.variable, &r.ep_status) {
                (Some(v), _) => v.clone(),
                (None, Some(_)) => "EP status".into(),
                _ => "cluster".into(),
            });
        let kind = match p {
            Plan::Compare { var, op, v, t } => {
                let (thresholds, codes, stat, territories) = match t {
                    Threshold::Fixed(x) => (vec![*x], None, None, None),
                    Threshold::ByTerritory(by) => {
                        let level = ctx.level(r.within);
                        (
                            by.clone(),
                            Some(level.code.clone()),
                            Some(Stat::of(r)),
                            Some((r.within, level.names.clone())),
                        )
                    }
                };
                RuleKind::Compare {
                    var: var.to_string(),
                    op: *op,
                    values: v.to_vec(),
                    thresholds,
                    codes,
                    stat,
                    territories,
                }
            }
            Plan::Clusters(chosen) => RuleKind::Clusters {
                chosen: chosen.clone(),
            },
            Plan::Ep(want) => RuleKind::Ep { want: want.clone() },
            Plan::Skip => continue,
        };
        rules.push(RuleOutcome {
            label,
            kind,
            passed,
        });
    }
    let eligible = (0..ctx.n)
        .map(|i| {
            in_population[i] && holds(spec.criteria.combine, rules.iter().map(|r| r.passed[i]))
        })
        .collect();
    Evaluated {
        in_population,
        population_reason,
        reasons,
        rules,
        eligible,
    }
}

/// Need score of every school (higher = more in need).
pub fn scores(a: &Analysis, spec: &SelectionSpec) -> Vec<f64> {
    let n = a.table.len();
    if let Some(w) = &spec.score.weights {
        let mut s = vec![0.0; n];
        for (var, wt) in w {
            let v = values(a, var);
            let ok: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
            let m = ok.iter().sum::<f64>() / ok.len().max(1) as f64;
            let sd =
                (ok.iter().map(|x| (x - m).powi(2)).sum::<f64>() / ok.len().max(1) as f64).sqrt();
            for i in 0..n {
                s[i] += if sd > 0.0 { wt * (v[i] - m) / sd } else { 0.0 };
            }
        }
        s
    } else {
        let ax = spec.score.axis.unwrap_or(1) - 1;
        a.pca
            .result
            .ind
            .coord
            .iter()
            .map(|c| -c.get(ax).copied().unwrap_or(f64::NAN))
            .collect()
    }
}

/// The territory level of a budget.
pub fn budget_level(per: Per) -> Within {
    match per {
        Per::Total => Within::National,
        Per::Academie => Within::Academie,
        Per::Departement => Within::Departement,
    }
}

/// Rank eligible schools by score (desc, ties by UAI) within budget groups, with `reserved[g]` places
/// of budget group `g` already taken (by committee decisions): the group selects its `n - reserved[g]`
/// best-ranked eligible schools. Returns (rank, selected).
pub fn rank_and_select_reserving(
    ctx: &Context,
    spec: &SelectionSpec,
    eligible: &[bool],
    score: &[f64],
    reserved: &[usize],
) -> (Vec<Option<usize>>, Vec<bool>) {
    let n = eligible.len();
    let t = ctx.level(budget_level(spec.budget.per));
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); t.names.len()];
    for i in (0..n).filter(|&i| eligible[i]) {
        groups[t.code[i] as usize].push(i);
    }
    let uai = &ctx.a.table.uai;
    let mut rank = vec![None; n];
    let mut selected = vec![false; n];
    for (g, idx) in groups.iter_mut().enumerate() {
        idx.sort_by(|&x, &y| {
            score[y]
                .total_cmp(&score[x])
                .then_with(|| uai[x].cmp(&uai[y]))
        });
        let places = spec
            .budget
            .n
            .saturating_sub(reserved.get(g).copied().unwrap_or(0));
        for (r, &i) in idx.iter().enumerate() {
            rank[i] = Some(r + 1);
            selected[i] = r < places;
        }
    }
    (rank, selected)
}
