//! Following the selected schools over the years: the panel of their indicators, comparison schools
//! matched on pre-entry outcomes, and a difference-in-differences estimate per outcome.
//!
//! | module | what |
//! |---|---|
//! | [`panel`] | school × session × indicator, long, each value with its source and why it is missing |
//! | [`matching`] | a comparison school for each followed one, nearest on its pre-entry outcomes |
//! | [`did`](mod@did) | per-cohort 2×2 estimates on matched pairs, aggregated per event time |
//! | [`followed`] | the followed schools: a past run's `selection.csv`, or the user's list (UAI, entry) |
//! | [`trajectory`] | followed vs comparison: means with intervals per event time, balance before entry |
//! | [`reference`](mod@reference) | the académie's median and inter-quartile band, for the dashboards |
//!
//! Schools selected for a low value added tend to bounce back the next year (regression to the mean):
//! the comparison schools are therefore matched on the pre-entry values of the outcomes themselves,
//! and [`placebo`] shows the size of what remains by estimating the "effect" of random lists drawn
//! from the eligible schools, which received nothing.

pub mod did;
pub mod followed;
pub mod matching;
pub mod panel;
pub mod reference;
pub mod trajectory;

use crate::data::LoadOptions;
use crate::error::{Error, Result};
use did::{did, DidParams, DidResult, PairOutcomes};
use followed::Followed;
use matching::{match_pre_entry, Pair, Scope};
use panel::Panel;
use rand::seq::index::sample;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// What to follow.
#[derive(Debug, Clone)]
pub struct FollowSpec {
    /// Official files of several vintages (and the user's yearly tables).
    pub files: Vec<PathBuf>,
    /// The followed schools with their entry session.
    pub followed: Vec<Followed>,
    /// Given comparison schools (followed UAI → comparison UAI); matched on pre-entry outcomes when
    /// empty.
    pub comparisons: BTreeMap<String, String>,
    /// Outcomes followed and estimated (any name a file answers to).
    pub outcomes: Vec<String>,
    /// Other indicators followed (panel, trajectories, balance, dashboards), not estimated.
    pub indicators: Vec<String>,
    /// Where comparison schools may come from.
    pub scope: Scope,
    /// Pre-entry sessions matched on, counted back from the base session (2: `g − 2` and `g − 1`).
    pub match_sessions: usize,
    /// Confidence level of the intervals.
    pub level: f64,
}

/// What [`follow`] gives.
#[derive(Debug, Clone, Serialize)]
pub struct FollowResult {
    /// The panel of the followed and comparison schools.
    pub panel: Panel,
    /// The pairs (followed, comparison), with the matching distance.
    pub pairs: Vec<Pair>,
    /// Per outcome, the estimates.
    pub estimates: BTreeMap<String, DidResult>,
    /// Followed schools without a comparison school, and why.
    pub unmatched: Vec<(String, matching::Unmatched)>,
    /// Followed or comparison schools absent from some session's file (closed, merged, new UAI).
    pub absent: Vec<(String, i32)>,
    /// Followed vs comparison per indicator and event time.
    pub trajectories: Vec<trajectory::GroupPoint>,
    /// The two groups before entry.
    pub balance: Vec<trajectory::BalanceRow>,
    /// The académie medians and quartiles the dashboards are drawn against.
    pub references: Vec<reference::Reference>,
    /// Confidence level of the intervals.
    pub level: f64,
    /// Every indicator of the panel: the outcomes, then the other indicators.
    pub indicators: Vec<String>,
    /// Where the comparison schools were looked for.
    pub scope: Scope,
}

impl FollowSpec {
    /// Every indicator of the panel: the outcomes, then the other indicators not already listed.
    pub fn all_indicators(&self) -> Vec<String> {
        let mut v = self.outcomes.clone();
        for i in &self.indicators {
            if !v.contains(i) {
                v.push(i.clone());
            }
        }
        v
    }
}

/// Follow the schools: panel, matching, estimates.
///
/// # Errors
/// No followed school; a comparison school that is also followed; an outcome no file gives; every
/// loading error.
pub fn follow(spec: &FollowSpec, opts: &LoadOptions) -> Result<FollowResult> {
    if spec.followed.is_empty() {
        return Err(Error::Data("no school to follow: the list is empty".into()));
    }
    let params = DidParams::new().level(spec.level).check()?;
    let followed: BTreeSet<String> = spec.followed.iter().map(|f| f.uai.clone()).collect();
    for c in spec.comparisons.values() {
        if followed.contains(c) {
            return Err(Error::Data(format!(
                "comparison school {c} is also a followed school: a school cannot be its own control"
            )));
        }
    }
    // Every school of the files: the candidates for matching.
    let sources = panel::Sources::read(&spec.files, opts)?;
    // An outcome or indicator no file gives: a usage error naming its flag, the value, and the
    // numeric columns of the files (each once, however many files and years hold it).
    for (flag, names) in [
        ("--outcome", &spec.outcomes),
        ("--indicator", &spec.indicators),
    ] {
        if let Some(name) = sources.first_unknown(names) {
            let mut e = crate::error::SettingError::new(
                crate::error::Schema::Flag,
                flag,
                name,
                format!(
                    "no file has this numeric column; the files' numeric columns: {}",
                    sources.numeric_columns_shown(200)
                ),
            );
            e.place = crate::error::Place::Flag(flag.into());
            return Err(Error::setting(e));
        }
    }
    let indicators = spec.all_indicators();
    let full = sources.panel(&sources.schools(), &indicators)?;
    let (pairs, unmatched) = if spec.comparisons.is_empty() {
        match_pre_entry(
            &full,
            &spec.followed,
            &spec.outcomes,
            spec.match_sessions,
            spec.scope,
        )
    } else {
        matching::given(&spec.followed, &spec.comparisons)
    };
    let estimates = estimate(&full, &pairs, &spec.outcomes, &params);
    let areas: BTreeSet<String> = followed
        .iter()
        .map(|u| reference::area_of(&full, u).to_string())
        .collect();
    let references = reference::references(&full, &areas, &indicators);
    // The published panel: followed and comparison schools only.
    let kept: BTreeSet<String> = followed
        .iter()
        .cloned()
        .chain(pairs.iter().map(|p| p.comparison.clone()))
        .collect();
    let panel = Panel {
        rows: full
            .rows
            .into_iter()
            .filter(|r| kept.contains(&r.uai))
            .collect(),
        sessions: full.sessions,
        breaks: full.breaks,
        sector: full.sector,
        academie: full.academie,
        departement: full.departement,
        name: full.name,
    };
    let trajectories = trajectory::trajectories(&panel, &pairs, &indicators, spec.level);
    let balance = trajectory::balance(&trajectories);
    let absent: BTreeSet<(String, i32)> = panel
        .rows
        .iter()
        .filter(|r| r.status == "absent")
        .map(|r| (r.uai.clone(), r.session))
        .collect();
    Ok(FollowResult {
        panel,
        pairs,
        estimates,
        unmatched,
        absent: absent.into_iter().collect(),
        trajectories,
        balance,
        references,
        level: spec.level,
        indicators,
        scope: spec.scope,
    })
}

/// The estimates of every outcome for `pairs`.
fn estimate(
    panel: &Panel,
    pairs: &[Pair],
    outcomes: &[String],
    params: &did::DidValidParams,
) -> BTreeMap<String, DidResult> {
    outcomes
        .iter()
        .map(|o| {
            let po: Vec<PairOutcomes> = pairs
                .iter()
                .map(|p| PairOutcomes {
                    followed: p.followed.clone(),
                    comparison: p.comparison.clone(),
                    entry: p.entry,
                    followed_values: panel.series(&p.followed, o),
                    comparison_values: panel.series(&p.comparison, o),
                })
                .collect();
            let breaks = panel.breaks.get(o).cloned().unwrap_or_default();
            (o.clone(), did(&po, &breaks, params))
        })
        .collect()
}

/// One placebo replication's estimate at event time 0 for one outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceboRun {
    /// Seed of the draw.
    pub seed: u64,
    /// The estimate (`None`: none could be made).
    pub att: Option<f64>,
    /// Interval.
    pub low: Option<f64>,
    /// Interval.
    pub high: Option<f64>,
}

/// Placebo: `runs` random lists of `size` schools drawn from `pool` (the eligible schools: lists the
/// rules could have made, none of which received anything), each entering at `entry`, matched and estimated as the real
/// list; the share of intervals covering 0 should be near the confidence level.
///
/// Deterministic: draw `r` uses the seed `seed + r` (ChaCha8), and the pool is sorted by UAI.
///
/// # Errors
/// A pool smaller than `size`; every loading error.
#[allow(clippy::too_many_arguments)]
pub fn placebo(
    spec: &FollowSpec,
    opts: &LoadOptions,
    pool: &[String],
    size: usize,
    entry: i32,
    outcome: &str,
    runs: usize,
    seed: u64,
) -> Result<Vec<PlaceboRun>> {
    let mut pool: Vec<String> = pool.to_vec();
    pool.sort();
    pool.dedup();
    if pool.len() < size || size == 0 {
        return Err(Error::Data(format!(
            "placebo: {} schools in the pool for lists of {size}",
            pool.len()
        )));
    }
    let params = DidParams::new().level(spec.level).check()?;
    let sources = panel::Sources::read(&spec.files, opts)?;
    let everyone = sources.schools();
    let outcomes = vec![outcome.to_string()];
    let full = sources.panel(&everyone, &outcomes)?;
    let match_on: Vec<String> = spec.outcomes.clone();
    let full_match = if match_on == outcomes {
        full.clone()
    } else {
        sources.panel(&everyone, &match_on)?
    };
    let mut out = Vec::with_capacity(runs);
    for r in 0..runs {
        let s = seed.wrapping_add(r as u64);
        let mut rng = ChaCha8Rng::seed_from_u64(s);
        let mut idx = sample(&mut rng, pool.len(), size).into_vec();
        idx.sort_unstable();
        let list: Vec<Followed> = idx
            .iter()
            .map(|&i| Followed {
                uai: pool[i].clone(),
                entry,
            })
            .collect();
        let (pairs, _) = match_pre_entry(
            &full_match,
            &list,
            &match_on,
            spec.match_sessions,
            spec.scope,
        );
        let est = estimate(&full, &pairs, &outcomes, &params);
        let e0 = est
            .get(outcome)
            .and_then(|d| d.events.iter().find(|e| e.event_time == 0).cloned());
        out.push(PlaceboRun {
            seed: s,
            att: e0.as_ref().map(|e| e.att),
            low: e0.as_ref().and_then(|e| e.low),
            high: e0.as_ref().and_then(|e| e.high),
        });
    }
    Ok(out)
}
