//! Progressive allocation of an envelope (teaching hours, posts, euros) among the schools of a
//! selection, by a stated rule of need and size, with floors, caps and rounding to the unit.
//!
//! # Parameters
//! An [`AllocationSpec`] (`[allocation]` of the run configuration, or of the file given to
//! `ciblage allocate`), checked by [`AllocationSpec::check`] before any work, and the covered
//! schools as [`Candidate`]s (UAI, need score, IPS, size, territory).
//!
//! ```toml
//! [allocation]
//! amount = 1200          # the envelope, a multiple of `step`
//! unit = "hours"         # hours | posts | euros
//! step = 1               # rounding unit: whole hours (0.5: half posts)
//! covers = "selected"    # selected | eligible
//! size = "effectif"      # a numeric column: pupils, classes or divisions
//! size_unit = "pupils"   # pupils | classes | divisions (names the per-size column)
//! rule = "progressive"   # proportional | classes | progressive
//! ips_bounds = [80, 110] # progressive: coefficient 2 at IPS <= 80, 1 at IPS >= 110, linear between
//! coefficients = [2, 1]
//! floor = 10             # every school gets at least this (a multiple of step)
//! cap = 200              # and at most this
//! # per = "departement"  # total | academie | departement | level: one envelope per group
//! # envelopes = { "44" = 700, "49" = 500 }
//! ```
//!
//! # Returns
//! [`Allocation`]: per school its coefficient `f`, weight `w = f × size`, amount and amount per unit
//! of size; per envelope the totals.
//!
//! # Algorithm
//! Per envelope: coefficients ([`rule`]), weights `wᵢ = fᵢ·sizeᵢ`, amounts
//! `xᵢ = clamp(λ·wᵢ, floor, cap)` with `Σ xᵢ = envelope` (`rounding::water_fill`), then whole
//! units by the largest remainder (remainder ties: needier first, then UAI).
//!
//! **Guarantees** (tested, properties included): the amounts of an envelope sum to it exactly; every
//! school gets between the floor and the cap; a school never gets more than a needier school of the
//! same size in the same envelope (the coefficient never decreases with need, the clamp and the
//! rounding keep the order: equal whole parts are ordered by remainder, equal remainders by need);
//! the same inputs give the same amounts whatever their order.
//!
//! # Errors
//! Settings ([`AllocationSpec::check`], [`check_against`]) are usage errors (exit 2) naming the key:
//! an envelope that is not a multiple of the step, `Σ floors > envelope` or `envelope > Σ caps`, an
//! envelope per group missing or for no school. A covered school without a positive size, or without
//! IPS under an IPS rule, is a data error (exit 1) naming the UAI and the column.

pub(crate) mod export;
pub(crate) mod from_selection;
pub mod lorenz;
pub(crate) mod rounding;
pub mod rule;
pub mod spec;

use spec::bad;
pub use spec::*;

use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;

/// One school covered by the envelope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// UAI.
    pub uai: String,
    /// Name.
    pub name: String,
    /// Académie.
    pub academie: String,
    /// Département.
    pub departement: String,
    /// Level (écoles, collèges, lycées; empty when unknown).
    pub level: String,
    /// Need score of the selection (higher = needier).
    pub score: f64,
    /// IPS (NaN when unknown).
    pub ips: f64,
    /// Size (pupils, classes or divisions).
    pub size: f64,
    /// `include`/`exclude` when a committee decided on it.
    pub decision: String,
}

impl Candidate {
    fn group(&self, per: Per) -> &str {
        match per {
            Per::Total => "",
            Per::Academie => &self.academie,
            Per::Departement => &self.departement,
            Per::Level => &self.level,
        }
    }
}

/// One school's share.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// The school.
    pub school: Candidate,
    /// Envelope group (empty: the single envelope).
    pub group: String,
    /// Need coefficient `f`.
    pub coefficient: f64,
    /// `f × size`.
    pub weight: f64,
    /// Amount (a multiple of the step).
    pub amount: f64,
    /// Amount per unit of size.
    pub per_size: f64,
}

/// One envelope's totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnvelopeSummary {
    /// Group (empty: the single envelope).
    pub group: String,
    /// Schools.
    pub schools: usize,
    /// Envelope.
    pub envelope: f64,
    /// Sum of the amounts (equal to the envelope).
    pub total: f64,
    /// Total size.
    pub size: f64,
    /// Total per unit of size.
    pub per_size: f64,
    /// Least, median and largest amount per unit of size.
    pub min_per_size: f64,
    /// Median per unit of size.
    pub median_per_size: f64,
    /// Largest per unit of size.
    pub max_per_size: f64,
    /// Concentration index of the amounts on need ([`lorenz`]; negative: progressive).
    pub concentration_index: f64,
}

/// The allocation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Allocation {
    /// The spec as written.
    pub spec: AllocationSpec,
    /// The rule in one line.
    pub rule: String,
    /// One share per school, by group then amount per size (descending) then UAI.
    pub shares: Vec<Share>,
    /// One summary per envelope.
    pub envelopes: Vec<EnvelopeSummary>,
}

/// Check the spec against the covered schools, before any computation: every group has an envelope
/// and every envelope a school, `Σ floors ≤ envelope ≤ Σ caps` (usage errors, exit 2, naming the
/// key); every school a positive size and, under an IPS rule, an IPS (data errors, exit 1).
pub fn check_against(v: &ValidAllocation, schools: &[Candidate]) -> Result<()> {
    let s = &v.spec;
    for c in schools {
        if !(c.size.is_finite() && c.size > 0.0) {
            return Err(Error::Data(format!(
                "UAI {}: size column '{}' is {} : every school the allocation covers needs a size > 0 (fix the value or leave the school out)",
                c.uai,
                crate::text::quote(&s.size),
                if c.size.is_nan() { "missing".to_string() } else { c.size.to_string() }
            )));
        }
        if rule::reads_ips(&v.rule) && !c.ips.is_finite() {
            return Err(Error::Data(format!(
                "UAI {}: no IPS, which the allocation rule reads: give the IPS file, or use rule = \"proportional\"",
                c.uai
            )));
        }
    }
    let mut count: BTreeMap<&str, u64> = BTreeMap::new();
    for c in schools {
        let g = c.group(s.per);
        if !v.envelopes.contains_key(g) {
            return Err(bad(
                "allocation.envelopes",
                crate::text::quote(g),
                format!(
                    "an envelope for every {} of the covered schools (UAI {} has none)",
                    match s.per {
                        Per::Academie => "académie",
                        Per::Departement => "département",
                        _ => "level",
                    },
                    c.uai
                ),
            ));
        }
        *count.entry(g).or_default() += 1;
    }
    for (g, &e) in &v.envelopes {
        let n = count.get(g.as_str()).copied().unwrap_or(0);
        let shown = |x: u64| x as f64 * s.step;
        let at = if g.is_empty() {
            String::new()
        } else {
            format!(" of {g}")
        };
        if n == 0 {
            return Err(bad(
                if g.is_empty() {
                    "allocation.covers"
                } else {
                    "allocation.envelopes"
                },
                crate::text::quote(if g.is_empty() {
                    "no school"
                } else {
                    g.as_str()
                }),
                "an envelope for schools that are covered: no covered school in this group",
            ));
        }
        if v.floor.saturating_mul(n) > e {
            return Err(bad(
                "allocation.floor",
                s.floor,
                format!(
                    "at most {} ({n} schools share the envelope{at} of {}, in steps of {})",
                    // The largest floor the envelope allows, a whole number of steps.
                    shown(e / n),
                    shown(e),
                    s.step
                ),
            ));
        }
        if v.cap != u64::MAX && v.cap.saturating_mul(n) < e {
            return Err(bad(
                "allocation.cap",
                s.cap.unwrap_or_default(),
                format!(
                    "at least {} ({n} schools share the envelope{at} of {}: Σ caps must reach it)",
                    // The smallest cap that reaches the envelope, a whole number of steps.
                    shown(e.div_ceil(n)),
                    shown(e)
                ),
            ));
        }
    }
    Ok(())
}

/// Split the envelopes among `schools` (see the module documentation).
pub fn allocate(v: &ValidAllocation, schools: &[Candidate]) -> Result<Allocation> {
    check_against(v, schools)?;
    let s = &v.spec;
    let mut shares = Vec::with_capacity(schools.len());
    let mut summaries = Vec::new();
    for (g, &env) in &v.envelopes {
        // The schools of the group in UAI order: the result does not depend on the input order.
        let mut idx: Vec<&Candidate> = schools.iter().filter(|c| c.group(s.per) == g).collect();
        idx.sort_by(|a, b| a.uai.cmp(&b.uai));
        let score: Vec<f64> = idx.iter().map(|c| c.score).collect();
        let ips: Vec<f64> = idx.iter().map(|c| c.ips).collect();
        let f = rule::coefficients(&v.rule, &score, &ips);
        let w: Vec<f64> = f.iter().zip(&idx).map(|(f, c)| f * c.size).collect();
        let hi = if v.cap == u64::MAX {
            f64::INFINITY
        } else {
            v.cap as f64
        };
        let x = rounding::water_fill(&w, v.floor as f64, hi, env as f64);
        // Needier first on equal remainders: the rule's own need (higher coefficient), then the
        // need it reads (score, or lower IPS), then UAI.
        let reads_ips = rule::reads_ips(&v.rule);
        let units = rounding::largest_remainder(&x, env, |i, j| {
            f[j].total_cmp(&f[i])
                .then_with(|| {
                    if reads_ips {
                        ips[i].total_cmp(&ips[j])
                    } else {
                        score[j].total_cmp(&score[i])
                    }
                })
                .then_with(|| idx[i].uai.cmp(&idx[j].uai))
        });
        debug_assert_eq!(units.iter().sum::<u64>(), env);
        let mut per_size = Vec::with_capacity(idx.len());
        let mut size = 0.0;
        let first = shares.len();
        for (k, c) in idx.iter().enumerate() {
            let amount = units[k] as f64 * s.step;
            per_size.push(amount / c.size);
            size += c.size;
            shares.push(Share {
                school: (*c).clone(),
                group: g.clone(),
                coefficient: f[k],
                weight: w[k],
                amount,
                per_size: amount / c.size,
            });
        }
        let concentration_index =
            lorenz::concentration(&shares[first..].iter().collect::<Vec<_>>()).index;
        per_size.sort_by(f64::total_cmp);
        let total = units.iter().sum::<u64>() as f64 * s.step;
        summaries.push(EnvelopeSummary {
            group: g.clone(),
            schools: idx.len(),
            envelope: env as f64 * s.step,
            total,
            size,
            per_size: total / size,
            min_per_size: per_size[0],
            median_per_size: crate::select::context::quantile(&per_size, 0.5),
            max_per_size: per_size[per_size.len() - 1],
            concentration_index,
        });
    }
    shares.sort_by(|a, b| {
        a.group
            .cmp(&b.group)
            .then(b.per_size.total_cmp(&a.per_size))
            .then_with(|| a.school.uai.cmp(&b.school.uai))
    });
    Ok(Allocation {
        spec: s.clone(),
        rule: rule::describe(&v.rule),
        shares,
        envelopes: summaries,
    })
}

#[cfg(test)]
mod tests;
