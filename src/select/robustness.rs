//! Robustness and evaluation support: sensitivity of the list, matched comparison schools, balance.
//!
//! # Algorithm
//! Sensitivity: the selection is rerun with each relative threshold's quantile shifted by ± `shift`, each
//! absolute threshold moved by ± 0.1 sd of its indicator, and on `bootstrap` resamples of the schools
//! (seeded ChaCha8; relative thresholds recomputed on the resample), and with the "low equity" rule
//! swapped for each other documented equity indicator; per school, the share of runs that
//! select it, and per variant the Jaccard overlap with the main list.
//! Matching: selected schools, in rank order, each take the nearest not-yet-used comparable school (in the
//! population, not selected) in the PCA space, optionally in the same académie and within a caliper.
//! Balance: standardised mean differences `(m_t − m_c) / √((s²_t + s²_c)/2)` of every active indicator,
//! against all comparable schools (before) and the matched ones (after).

use super::context::Context;
use super::rules::{eligible, population, rank_and_select_reserving, scores, values};
use super::spec::{Op, SelectionSpec};
use crate::analysis::Analysis;
use crate::error::Result;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

pub use super::variant::VariantKind;

/// One variant of the selection.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// What changed (English, as in `sensitivity.csv`).
    pub name: String,
    /// What changed, for other languages.
    #[serde(skip)]
    pub kind: VariantKind,
    /// Schools selected.
    pub selected: usize,
    /// Jaccard overlap with the main list.
    pub jaccard: f64,
}

/// Per-school stability.
#[derive(Debug, Clone, Serialize)]
pub struct Stability {
    /// UAI.
    pub uai: crate::data::table::Text,
    /// Selected in the main run.
    pub selected: bool,
    /// Share of threshold variants selecting it.
    pub variant_frequency: f64,
    /// Share of bootstrap resamples selecting it.
    pub bootstrap_frequency: f64,
}

/// Sensitivity results (empty when the analysis is off).
#[derive(Debug, Clone, Serialize)]
pub struct SensitivityReport {
    /// Threshold variants.
    pub variants: Vec<Variant>,
    /// Mean Jaccard of the bootstrap lists with the main one.
    pub bootstrap_mean_jaccard: f64,
    /// Per school (every analysed school).
    pub schools: Vec<Stability>,
}

impl Default for SensitivityReport {
    /// No variant, no resample (the mean Jaccard is undefined: NaN, `null` in JSON).
    fn default() -> Self {
        SensitivityReport {
            variants: Vec::new(),
            bootstrap_mean_jaccard: f64::NAN,
            schools: Vec::new(),
        }
    }
}

fn jaccard(a: &[bool], b: &[bool]) -> f64 {
    let inter = a.iter().zip(b).filter(|(x, y)| **x && **y).count();
    let union = a.iter().zip(b).filter(|(x, y)| **x || **y).count();
    if union == 0 {
        1.0
    } else {
        inter as f64 / union as f64
    }
}

/// Committee decisions as the main selection applied them, so that every variant of the list
/// applies them too (a variant that ignored them would differ from the main list by the decisions
/// alone): decided schools leave the ranking, included ones are selected and take `reserved[g]`
/// places of their budget group `g`. Empty slices: no decision.
#[derive(Debug, Clone, Copy, Default)]
pub struct Committee<'a> {
    /// Per analysed school: a decision names it (include or exclude).
    pub decided: &'a [bool],
    /// Per analysed school: the committee includes it.
    pub included: &'a [bool],
    /// Per budget group: places taken by inclusions.
    pub reserved: &'a [usize],
}

fn run(
    ctx: &Context,
    spec: &SelectionSpec,
    pop: &[bool],
    sample: &[usize],
    score: &[f64],
    committee: Committee,
) -> Vec<bool> {
    let mut e = eligible(ctx, spec, pop, sample);
    for (e, _) in e.iter_mut().zip(committee.decided).filter(|(_, d)| **d) {
        *e = false;
    }
    let mut selected = rank_and_select_reserving(ctx, spec, &e, score, committee.reserved).1;
    for (s, _) in selected
        .iter_mut()
        .zip(committee.included)
        .filter(|(_, i)| **i)
    {
        *s = true;
    }
    selected
}

/// Equity indicators a rule labelled "low equity" is swapped for in the sensitivity analysis.
const EQUITY_ALTERNATIVES: [(&str, Op); 3] = [
    ("access_rate_6e_3e", Op::Le),
    ("ips_sd", Op::Ge),
    ("success_rate", Op::Le),
];

/// Indicators the selection, the orphan detectors and the sensitivity variants read (prepared once in
/// the [`Context`]).
pub(crate) fn variables<'s>(a: &'s Analysis, spec: &'s SelectionSpec) -> Vec<&'s str> {
    let mut v: Vec<&str> = spec
        .criteria
        .rules
        .iter()
        .filter_map(|r| r.variable.as_deref())
        .collect();
    v.push("ips");
    if spec.sensitivity.enabled {
        for (var, _) in EQUITY_ALTERNATIVES {
            if a.table.num(var).is_some() {
                v.push(a.table.key(var).unwrap_or(var));
            }
        }
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// Sensitivity of the selection; every variant and resample applies the `committee`'s decisions as
/// the main list did.
pub(crate) fn sensitivity(
    ctx: &Context,
    spec: &SelectionSpec,
    main: &[bool],
    committee: Committee,
) -> Result<SensitivityReport> {
    let a = ctx.a;
    let n = a.table.len();
    let pop = population(ctx, spec);
    let all: Vec<usize> = (0..n).collect();
    let score = scores(a, spec);
    let mut specs: Vec<(VariantKind, SelectionSpec)> = Vec::new();
    let shift = spec.sensitivity.quantile_shift;
    for (r, rule) in spec.criteria.rules.iter().enumerate() {
        if let Some(q) = rule.quantile {
            for d in [-shift, shift] {
                let mut s = spec.clone();
                s.criteria.rules[r].quantile = Some((q + d).clamp(0.0, 1.0));
                specs.push((
                    VariantKind::Quantile {
                        rule: r + 1,
                        var: rule.variable.clone().unwrap_or_default(),
                        q: (q + d).clamp(0.0, 1.0),
                    },
                    s,
                ));
            }
        }
        if let (Some(v), Some(var)) = (rule.value, &rule.variable) {
            let x: Vec<f64> = ctx
                .values(var)
                .iter()
                .copied()
                .filter(|x| !x.is_nan())
                .collect();
            let m = x.iter().sum::<f64>() / x.len().max(1) as f64;
            let sd =
                (x.iter().map(|y| (y - m).powi(2)).sum::<f64>() / x.len().max(1) as f64).sqrt();
            for d in [-0.1 * sd, 0.1 * sd] {
                let mut s = spec.clone();
                s.criteria.rules[r].value = Some(v + d);
                specs.push((
                    VariantKind::Value {
                        rule: r + 1,
                        var: var.clone(),
                        value: v + d,
                    },
                    s,
                ));
            }
        }
    }
    // Alternative equity indicators (the Nantes method leaves the choice open): swap a rule labelled
    // "low equity" for each of the other documented indicators present in the data.
    let alternatives = EQUITY_ALTERNATIVES;
    for (r, rule) in spec.criteria.rules.iter().enumerate() {
        if !rule
            .label
            .as_deref()
            .is_some_and(|l| l.starts_with("low equity"))
        {
            continue;
        }
        for (var, op) in alternatives {
            // The indicator under its column's key (a user's `taux_acces_6e3e`).
            let Some(var) = a.table.key(var).filter(|k| a.table.num(k).is_some()) else {
                continue;
            };
            if rule.variable.as_deref() == Some(var) {
                continue;
            }
            let mut s = spec.clone();
            s.criteria.rules[r].variable = Some(var.into());
            s.criteria.rules[r].op = Some(op);
            specs.push((
                VariantKind::Equity {
                    rule: r + 1,
                    var: var.into(),
                    op,
                    q: rule.quantile,
                },
                s,
            ));
        }
    }
    let runs: Vec<Vec<bool>> = specs
        .par_iter()
        .map(|(_, s)| run(ctx, s, &pop, &all, &score, committee))
        .collect();
    let variants: Vec<Variant> = specs
        .iter()
        .zip(&runs)
        .map(|((kind, _), sel)| Variant {
            name: kind.describe(&crate::i18n::Labels::new(crate::i18n::Lang::En)),
            kind: kind.clone(),
            selected: sel.iter().filter(|x| **x).count(),
            jaccard: jaccard(main, sel),
        })
        .collect();
    let boots: Vec<Vec<bool>> = (0..spec.sensitivity.bootstrap)
        .into_par_iter()
        .map(|b| {
            let mut rng = ChaCha8Rng::seed_from_u64(spec.sensitivity.seed.wrapping_add(b as u64));
            let sample: Vec<usize> = (0..n).map(|_| rng.random_range(0..n)).collect();
            run(ctx, spec, &pop, &sample, &score, committee)
        })
        .collect();
    let bootstrap_mean_jaccard = if boots.is_empty() {
        f64::NAN
    } else {
        boots.iter().map(|b| jaccard(main, b)).sum::<f64>() / boots.len() as f64
    };
    let freq = |runs: &[Vec<bool>], i: usize| {
        if runs.is_empty() {
            f64::NAN
        } else {
            runs.iter().filter(|r| r[i]).count() as f64 / runs.len() as f64
        }
    };
    let schools = (0..n)
        .map(|i| Stability {
            uai: a.table.uai[i].clone(),
            selected: main[i],
            variant_frequency: freq(&runs, i),
            bootstrap_frequency: freq(&boots, i),
        })
        .collect();
    Ok(SensitivityReport {
        variants,
        bootstrap_mean_jaccard,
        schools,
    })
}

/// A matched pair.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    /// Selected school.
    pub uai: crate::data::table::Text,
    /// Its rank.
    pub rank: usize,
    /// Matched comparison school (none when no control within the caliper).
    pub control: Option<crate::data::table::Text>,
    /// Distance in the PCA space.
    pub distance: f64,
}

/// Balance of one indicator.
#[derive(Debug, Clone, Serialize)]
pub struct Balance {
    /// Indicator.
    pub variable: String,
    /// Mean among selected schools.
    pub mean_selected: f64,
    /// Mean among all comparable schools.
    pub mean_controls: f64,
    /// SMD before matching.
    pub smd_before: f64,
    /// Mean among matched schools.
    pub mean_matched: f64,
    /// SMD after matching.
    pub smd_after: f64,
}

/// Matching results (empty when matching is off).
#[derive(Debug, Clone, Serialize, Default)]
pub struct MatchingReport {
    /// Pairs.
    pub matches: Vec<Match>,
    /// Balance table.
    pub balance: Vec<Balance>,
}

fn mean_var(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    let var = if v.len() > 1 {
        v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (m, var)
}

fn smd(t: &[f64], c: &[f64]) -> f64 {
    if t.is_empty() || c.is_empty() {
        return f64::NAN;
    }
    let (mt, vt) = mean_var(t);
    let (mc, vc) = mean_var(c);
    let s = ((vt + vc) / 2.0).sqrt();
    if s > 0.0 {
        (mt - mc) / s
    } else {
        0.0
    }
}

/// Nearest comparable schools and balance.
pub(crate) fn matching(
    a: &Analysis,
    spec: &SelectionSpec,
    selected: &[bool],
    in_population: &[bool],
) -> Result<MatchingReport> {
    let n = a.table.len();
    let coords = &a.pca.result.ind.coord;
    let score = scores(a, spec);
    let mut treated: Vec<usize> = (0..n).filter(|&i| selected[i]).collect();
    treated.sort_by(|&x, &y| {
        score[y]
            .total_cmp(&score[x])
            .then_with(|| a.table.uai[x].cmp(&a.table.uai[y]))
    });
    let controls: Vec<usize> = (0..n)
        .filter(|&i| in_population[i] && !selected[i])
        .collect();
    let mut used = vec![false; n];
    let mut matches = Vec::new();
    let academie = a.table.text("academie");
    let same = |c: usize, t: usize| academie.is_none_or(|v| v[c] == v[t]);
    for (r, &t) in treated.iter().enumerate() {
        let mut best: Option<(usize, f64)> = None;
        for &c in &controls {
            if used[c] || (spec.matching.same_academie && !same(c, t)) {
                continue;
            }
            let d: f64 = coords[t]
                .iter()
                .zip(&coords[c])
                .map(|(x, y)| (x - y).powi(2))
                .sum::<f64>()
                .sqrt();
            if spec.matching.caliper.is_some_and(|cal| d > cal) {
                continue;
            }
            if best.is_none_or(|(bc, bd)| d < bd || (d == bd && a.table.uai[c] < a.table.uai[bc])) {
                best = Some((c, d));
            }
        }
        if let Some((c, _)) = best {
            used[c] = true;
        }
        matches.push(Match {
            uai: a.table.uai[t].clone(),
            rank: r + 1,
            control: best.map(|(c, _)| a.table.uai[c].clone()),
            distance: best.map_or(f64::NAN, |b| b.1),
        });
    }
    let matched: Vec<usize> = (0..n).filter(|&i| used[i]).collect();
    let balance = a
        .pca
        .result
        .var
        .names
        .iter()
        .map(|v| {
            let x = values(a, v);
            let pick = |idx: &[usize]| {
                idx.iter()
                    .map(|&i| x[i])
                    .filter(|y| !y.is_nan())
                    .collect::<Vec<f64>>()
            };
            let (t, c, m) = (pick(&treated), pick(&controls), pick(&matched));
            Balance {
                variable: v.clone(),
                mean_selected: mean_var(&t).0,
                mean_controls: mean_var(&c).0,
                smd_before: smd(&t, &c),
                mean_matched: mean_var(&m).0,
                smd_after: smd(&t, &m),
            }
        })
        .collect();
    Ok(MatchingReport { matches, balance })
}
