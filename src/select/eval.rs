//! Evaluating the criteria, ranking and applying the budget, with an explanation per school.

use super::spec::{Combine, Per, Reference, Rule, SelectionSpec, Within};
use crate::pipeline::Analysis;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One criterion applied to one school.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// Criterion label.
    pub criterion: String,
    /// The school's value.
    pub value: Option<f64>,
    /// Threshold applied.
    pub threshold: Option<f64>,
    /// Outcome.
    pub passed: bool,
    /// Readable line: `ips 78.4 <= 82.1 (median of ips, académie NANTES): yes`.
    pub text: String,
}

/// Per-school outcome of the criteria.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// In the population (sector, territory, size, EP status).
    pub in_population: bool,
    /// Why not, when not.
    pub population_reason: Option<String>,
    /// Each criterion.
    pub checks: Vec<Check>,
    /// Eligible = in population and criteria hold.
    pub eligible: bool,
}

/// Type-7 quantile (R's default) of sorted values.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Territory of row `i` at a level (`""` = national).
pub fn territory(a: &Analysis, w: Within, i: usize) -> String {
    w.column().map(|c| a.table.get(c, i)).unwrap_or_default()
}

fn territory_label(w: Within, t: &str) -> String {
    match w {
        Within::National => "national".into(),
        Within::Academie => format!("académie {t}"),
        Within::Departement => format!("département {t}"),
    }
}

fn sector_ok(a: &Analysis, spec: &SelectionSpec, i: usize) -> bool {
    spec.population.sector == "all"
        || a.table.get("sector", i) == spec.population.sector
        || !a.table.columns.contains_key("sector")
}

fn is_rep(a: &Analysis, i: usize) -> bool {
    matches!(a.table.get("ep_status", i).as_str(), "REP" | "REP+")
}

/// Thresholds of a relative rule per territory, computed on the rows `sample` (with repetitions for a
/// bootstrap) of the population's sector.
fn thresholds(
    a: &Analysis,
    spec: &SelectionSpec,
    r: &Rule,
    var: &[f64],
    sample: &[usize],
) -> HashMap<String, f64> {
    let mut groups: HashMap<String, Vec<f64>> = HashMap::new();
    for &i in sample {
        if !sector_ok(a, spec, i) || var[i].is_nan() {
            continue;
        }
        if r.reference == Some(Reference::MedianRep) && !is_rep(a, i) {
            continue;
        }
        groups
            .entry(territory(a, r.within, i))
            .or_default()
            .push(var[i]);
    }
    groups
        .into_iter()
        .map(|(g, mut v)| {
            v.sort_by(f64::total_cmp);
            let q = r.quantile.unwrap_or(0.5);
            (g, quantile(&v, q))
        })
        .collect()
}

/// Value of an indicator for every analysed school.
pub fn values(a: &Analysis, name: &str) -> Vec<f64> {
    let n = a.table.len();
    match a.table.num(name) {
        Some(v) => (0..n)
            .map(|i| {
                if v[i].is_nan() {
                    a.pca
                        .imputed
                        .iter()
                        .find(|c| c.uai == a.table.uai[i] && c.variable == name)
                        .map_or(f64::NAN, |c| c.value)
                } else {
                    v[i]
                }
            })
            .collect(),
        None => vec![f64::NAN; n],
    }
}

/// Evaluate population and criteria for every analysed school; relative thresholds come from `sample`.
pub fn evaluate(a: &Analysis, spec: &SelectionSpec, sample: &[usize]) -> Vec<Evaluation> {
    let n = a.table.len();
    let p = &spec.population;
    let excluded: Vec<&'static str> = p
        .exclude_ep
        .iter()
        .filter_map(|e| crate::data::normalize::ep_status(e).ok())
        .collect();
    let headcount = a.table.num("headcount");
    let mut out: Vec<Evaluation> = (0..n)
        .map(|i| {
            let mut reason = None;
            if !sector_ok(a, spec, i) {
                reason = Some(format!(
                    "sector {} (population: {})",
                    a.table.get("sector", i),
                    p.sector
                ));
            } else if !p.academie.is_empty()
                && !p
                    .academie
                    .iter()
                    .any(|x| x.eq_ignore_ascii_case(&a.table.get("academie", i)))
            {
                reason = Some(format!(
                    "académie {} not in {:?}",
                    a.table.get("academie", i),
                    p.academie
                ));
            } else if !p.departement.is_empty()
                && !p.departement.iter().any(|d| {
                    crate::data::normalize::departement(d).ok().as_deref()
                        == Some(a.table.get("departement", i).as_str())
                })
            {
                reason = Some(format!(
                    "département {} not in {:?}",
                    a.table.get("departement", i),
                    p.departement
                ));
            } else if excluded.contains(&a.table.get("ep_status", i).as_str()) {
                reason = Some(format!(
                    "{} school (already supported by éducation prioritaire)",
                    a.table.get("ep_status", i)
                ));
            } else if let (Some(min), Some(h)) = (p.min_headcount, headcount) {
                if h[i].is_nan() || h[i] < min {
                    reason = Some(format!("headcount {} < {min}", h[i]));
                }
            }
            Evaluation {
                in_population: reason.is_none(),
                population_reason: reason,
                checks: Vec::new(),
                eligible: false,
            }
        })
        .collect();
    let clusters = a.hcpc.as_ref();
    for r in &spec.criteria.rules {
        if let (Some(var), Some(op)) = (&r.variable, r.op) {
            let v = values(a, var);
            let label = r.label.clone().unwrap_or_else(|| var.clone());
            let rel = if r.value.is_none() {
                Some(thresholds(a, spec, r, &v, sample))
            } else {
                None
            };
            for i in 0..n {
                let (t, what) = match &rel {
                    None => (r.value.unwrap_or(f64::NAN), String::new()),
                    Some(map) => {
                        let terr = territory(a, r.within, i);
                        let stat = match (r.reference, r.quantile) {
                            (Some(Reference::MedianRep), _) => {
                                format!("median {var} of REP/REP+ schools")
                            }
                            (Some(Reference::Median), _) => format!("median {var}"),
                            (None, Some(q)) if (q - 0.5).abs() < 1e-12 => format!("median {var}"),
                            (None, Some(q)) => format!("{:.0} % quantile of {var}", q * 100.0),
                            (None, None) => var.clone(),
                        };
                        (
                            map.get(&terr).copied().unwrap_or(f64::NAN),
                            format!(" ({stat}, {})", territory_label(r.within, &terr)),
                        )
                    }
                };
                let x = v[i];
                let passed = !x.is_nan() && !t.is_nan() && op.test(x, t);
                let text = format!(
                    "{label}: {var} {} {} {}{what}: {}",
                    fmt(x),
                    op.symbol(),
                    fmt(t),
                    if passed { "yes" } else { "no" }
                );
                out[i].checks.push(Check {
                    criterion: label.clone(),
                    value: Some(x).filter(|x| !x.is_nan()),
                    threshold: Some(t),
                    passed,
                    text,
                });
            }
        } else if r.clusters.is_some() || r.lowest_clusters.is_some() {
            let Some(h) = clusters else { continue };
            let chosen: Vec<usize> = match (&r.clusters, r.lowest_clusters) {
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
            };
            let label = r.label.clone().unwrap_or_else(|| "cluster".into());
            for i in 0..n {
                let c = h.clusters[i];
                let passed = chosen.contains(&c);
                let text = format!(
                    "{label}: cluster {c} in {chosen:?}: {}",
                    if passed { "yes" } else { "no" }
                );
                out[i].checks.push(Check {
                    criterion: label.clone(),
                    value: Some(c as f64),
                    threshold: None,
                    passed,
                    text,
                });
            }
        } else if let Some(eps) = &r.ep_status {
            let want: Vec<&str> = eps
                .iter()
                .filter_map(|e| crate::data::normalize::ep_status(e).ok())
                .collect();
            let label = r.label.clone().unwrap_or_else(|| "EP status".into());
            for (i, ev) in out.iter_mut().enumerate() {
                let s = a.table.get("ep_status", i);
                let passed = want.contains(&s.as_str());
                ev.checks.push(Check {
                    criterion: label.clone(),
                    value: None,
                    threshold: None,
                    passed,
                    text: format!(
                        "{label}: {s} in {want:?}: {}",
                        if passed { "yes" } else { "no" }
                    ),
                });
            }
        }
    }
    for ev in &mut out {
        let ok = match spec.criteria.combine {
            Combine::All => ev.checks.iter().all(|c| c.passed),
            Combine::Any => ev.checks.is_empty() || ev.checks.iter().any(|c| c.passed),
        };
        ev.eligible = ev.in_population && ok;
    }
    out
}

fn fmt(x: f64) -> String {
    if x.is_nan() {
        "missing".into()
    } else {
        let s = format!("{x:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
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

/// Budget group of a school.
pub fn group(a: &Analysis, per: Per, i: usize) -> String {
    match per {
        Per::Total => String::new(),
        Per::Academie => a.table.get("academie", i),
        Per::Departement => a.table.get("departement", i),
    }
}

/// Rank eligible schools by score (desc, ties by UAI) within budget groups; returns (rank, selected).
pub fn rank_and_select(
    a: &Analysis,
    spec: &SelectionSpec,
    eligible: &[bool],
    score: &[f64],
) -> (Vec<Option<usize>>, Vec<bool>) {
    let n = eligible.len();
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in (0..n).filter(|&i| eligible[i]) {
        groups
            .entry(group(a, spec.budget.per, i))
            .or_default()
            .push(i);
    }
    let mut rank = vec![None; n];
    let mut selected = vec![false; n];
    for idx in groups.values_mut() {
        idx.sort_by(|&x, &y| {
            score[y]
                .total_cmp(&score[x])
                .then_with(|| a.table.uai[x].cmp(&a.table.uai[y]))
        });
        for (r, &i) in idx.iter().enumerate() {
            rank[i] = Some(r + 1);
            selected[i] = r < spec.budget.n;
        }
    }
    (rank, selected)
}
