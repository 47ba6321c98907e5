//! `ciblage follow`: the followed schools (a past run's selection, or the user's list) over the years —
//! the panel, the comparison schools, the estimates and, when asked, the placebo; the group
//! trajectories, the balance before entry, one dashboard per followed school and `report.html` (its
//! "Suivi" section) — in a folder that appears whole or not at all.
//!
//! # Errors
//! A setting the inputs make impossible (no `--entry` with `--selection`, `--placebo` without
//! `--selection`) is a usage error ([`Error::Usage`]); the data errors of [`crate::follow`].

use crate::data::LoadOptions;
use crate::error::{Error, Result};
use crate::follow::matching::Scope;
use crate::follow::{follow, followed, placebo, FollowResult, FollowSpec};
use crate::i18n::{Labels, Lang, Msg};
use crate::output::paths::{self, Output};
use crate::output::Dialect;
use crate::plot::follow_plots::{Dashboard, Trajectories};
use crate::report::follow::FollowReport;
use crate::report::parts::{ReportFigure, Section};
use std::path::PathBuf;

/// Where the followed schools come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A past run's `selection.csv` and the entry session of its selected schools.
    Selection(PathBuf, String),
    /// The user's list (UAI, entry).
    List(PathBuf),
}

/// Settings of a follow-up.
#[derive(Debug, Clone)]
pub struct FollowJob {
    /// Files read for every year they hold.
    pub files: Vec<PathBuf>,
    /// The followed schools.
    pub source: Source,
    /// Comparison schools (a past run's `matches.csv`), else matched on pre-entry outcomes.
    pub matches: Option<PathBuf>,
    /// Outcomes.
    pub outcomes: Vec<String>,
    /// Other indicators followed (not estimated).
    pub indicators: Vec<String>,
    /// Where comparison schools may come from.
    pub scope: Scope,
    /// Pre-entry sessions matched on.
    pub match_sessions: usize,
    /// Placebo replications.
    pub placebo: usize,
    /// Seed of the placebo draws.
    pub seed: u64,
    /// Output folder, overwrite, CSV dialect.
    pub out: PathBuf,
    /// Write into a folder that is not empty.
    pub force: bool,
    /// CSV dialect.
    pub dialect: Dialect,
    /// Language of the report and figures.
    pub lang: Lang,
}

/// What a follow-up wrote.
#[derive(Debug)]
pub struct FollowDone {
    /// The result.
    pub result: FollowResult,
}

fn entry_session(v: &str) -> Result<i32> {
    followed::entry_of(v).ok_or_else(|| {
        Error::Usage(format!(
            "--entry {}: a session (2024) or a school year (2023-2024)",
            crate::text::quote(v)
        ))
    })
}

/// The figures: `figures/trajectories` and one `dashboards/UAI` per followed school (in UAI order),
/// each with its folder and its place in the report.
fn draw(
    result: &FollowResult,
    spec: &FollowSpec,
    labels: &Labels,
) -> Result<Vec<(&'static str, ReportFigure, crate::plot::Rendered)>> {
    let mut out = Vec::new();
    let figure = |section, name: &str, caption: String, svg: &str| ReportFigure {
        section,
        name: name.to_string(),
        caption,
        svg: svg.to_string(),
    };
    if !result.trajectories.is_empty() {
        let r = crate::plot::render(&Trajectories { result, labels })?;
        let f = figure(
            Section::Follow,
            "trajectories",
            labels.t(Msg::CapTrajectories).into(),
            &r.svg,
        );
        out.push(("figures", f, r));
    }
    let mut schools: Vec<(&str, i32)> = spec
        .followed
        .iter()
        .map(|f| (f.uai.as_str(), f.entry))
        .collect();
    schools.sort_unstable();
    for (uai, entry) in schools {
        let d = Dashboard {
            result,
            uai,
            entry: Some(entry),
            indicators: &result.indicators,
            labels,
        };
        let r = crate::plot::render(&d)?;
        // A school without a comparison school: the caption does not mention one.
        let matched = result.pairs.iter().any(|p| p.followed == uai);
        let caption = labels.f(
            if matched {
                Msg::CapDashboard
            } else {
                Msg::CapDashboardUnmatched
            },
            &[("school", &d.title()), ("area", &d.area())],
        );
        out.push((
            "dashboards",
            figure(Section::Dashboards, uai, caption, &r.svg),
            r,
        ));
    }
    Ok(out)
}

/// Run a follow-up: see the module docs.
pub fn run(job: &FollowJob) -> Result<FollowDone> {
    if job.files.is_empty() {
        return Err(Error::Usage(
            "follow: no input file (give the files of every year to follow)".into(),
        ));
    }
    if job.outcomes.is_empty() {
        return Err(Error::Usage(
            "follow: --outcome is required (e.g. --outcome va_success_rate)".into(),
        ));
    }
    if job.placebo > 0 && !matches!(job.source, Source::Selection(..)) {
        return Err(Error::Usage(
            "--placebo draws from a selection's eligible schools: give --selection".into(),
        ));
    }
    let entry = match &job.source {
        Source::Selection(_, e) => Some(entry_session(e)?),
        Source::List(_) => None,
    };
    let mut reads: Vec<PathBuf> = job.files.clone();
    match &job.source {
        Source::Selection(p, _) | Source::List(p) => reads.push(p.clone()),
    }
    if let Some(m) = &job.matches {
        reads.push(m.clone());
    }
    paths::check(
        &reads,
        &[Output {
            path: &job.out,
            flag: "--out",
            folder: true,
        }],
        job.force,
    )?;
    let list = match &job.source {
        Source::Selection(p, _) => followed::from_selection(p, entry.unwrap_or_default())?,
        Source::List(p) => followed::from_list(p)?,
    };
    let comparisons = match &job.matches {
        Some(m) => followed::comparisons(m)?,
        None => Default::default(),
    };
    let spec = FollowSpec {
        files: job.files.clone(),
        followed: list,
        comparisons,
        outcomes: job.outcomes.clone(),
        indicators: job.indicators.clone(),
        scope: job.scope,
        match_sessions: job.match_sessions,
        level: 0.95,
    };
    let opts = LoadOptions::default();
    let result = follow(&spec, &opts)?;
    // An entry the files cannot bracket (no session before it, or none from it on) estimates
    // nothing: refused, naming the sessions the files hold, before anything is written.
    if let (Some(g), Some(&first), Some(&last)) = (
        entry,
        result.panel.sessions.first(),
        result.panel.sessions.last(),
    ) {
        if g <= first || g > last {
            return Err(Error::Usage(format!(
                "--entry {g}: the files hold sessions {first} to {last}; the entry needs a session \
                 before it and one from it on (an entry from {} to {last}), or give the files of \
                 the later sessions",
                first + 1
            )));
        }
    }
    let placebo_runs = match (&job.source, entry) {
        (Source::Selection(p, _), Some(g)) if job.placebo > 0 => {
            let pool = followed::eligible(p)?;
            Some(placebo(
                &spec,
                &opts,
                &pool,
                spec.followed.len(),
                g,
                &job.outcomes[0],
                job.placebo,
                job.seed,
            )?)
        }
        _ => None,
    };
    let labels = Labels::new(job.lang);
    let figures = draw(&result, &spec, &labels)?;
    let report = crate::report::follow::render(&FollowReport {
        result: &result,
        placebo: placebo_runs.as_deref(),
        figures: &figures.iter().map(|f| f.1.clone()).collect::<Vec<_>>(),
        labels: &labels,
    });
    crate::output::stage::write_folder(
        &job.out,
        job.force,
        |s| {
            let dir = s.path();
            let mut w =
                crate::export::follow::write(&result, placebo_runs.as_deref(), dir, job.dialect)?;
            w.extend(crate::export::follow_tables::write(
                &result,
                dir,
                job.dialect,
            )?);
            for (folder, fig, rendered) in &figures {
                w.extend(crate::plot::write(&dir.join(folder), &fig.name, rendered)?);
            }
            let p = dir.join("report.html");
            crate::output::write_atomic(&p, report.as_bytes())?;
            w.push(p);
            Ok(w.iter().map(|p| s.final_path(p)).collect::<Vec<_>>())
        },
        None,
    )?;
    Ok(FollowDone { result })
}
