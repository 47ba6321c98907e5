//! `follow`: the schools of a past selection, or of a list, over the years (see
//! [`crate::job::follow`]).

use super::super::OutArgs;
use crate::error::shown;
use crate::i18n::Msg;
use crate::job::follow::{FollowJob, Source};
use crate::job::settings::{defaults, limits};
use crate::{Error, Result};
use clap::Args;
use std::path::PathBuf;

/// `follow`'s flags.
#[derive(Args, Clone)]
pub struct FollowArgs {
    /// Files read for every year they hold (IVAC sessions, IPS school years, your yearly tables).
    pub(crate) files: Vec<PathBuf>,
    /// Input file (repeatable; same as a positional file).
    #[arg(long = "input", short = 'i')]
    pub(crate) input: Vec<PathBuf>,
    /// A past run's selection.csv: its selected schools are followed (with --entry).
    #[arg(long, conflicts_with = "list", required_unless_present = "list")]
    pub(crate) selection: Option<PathBuf>,
    /// Entry session of the --selection schools: the first the scheme can act on (2024 or 2023-2024).
    #[arg(long, requires = "selection")]
    pub(crate) entry: Option<String>,
    /// Your own list of followed schools: a CSV with a UAI column and an entry column.
    #[arg(long)]
    pub(crate) list: Option<PathBuf>,
    /// Comparison schools: a past run's matches.csv (default: matched on pre-entry outcomes).
    #[arg(long)]
    pub(crate) matches: Option<PathBuf>,
    /// Outcomes followed (comma-separated names of numeric columns).
    #[arg(long, value_delimiter = ',', required = true)]
    pub(crate) outcome: Vec<String>,
    /// Other indicators followed in the panel, trajectories, balance and dashboards, not estimated
    /// (comma-separated, e.g. ips).
    #[arg(long = "indicator", value_delimiter = ',')]
    pub(crate) indicator: Vec<String>,
    /// Where comparison schools come from: anywhere, or the followed school's académie or
    /// département.
    #[arg(long, value_enum, default_value_t = crate::follow::matching::Scope::Anywhere)]
    pub(crate) match_within: crate::follow::matching::Scope,
    /// Language of the report and figures.
    #[arg(long, value_enum, default_value_t = defaults::LANG)]
    pub(crate) lang: crate::job::settings::Language,
    /// Pre-entry sessions the comparison schools are matched on.
    #[arg(long, default_value_t = defaults::MATCH_SESSIONS, value_parser = crate::cli::args::int_in(limits::MATCH_SESSIONS))]
    pub(crate) match_sessions: usize,
    /// Placebo lists drawn at random from the eligible schools (0: none; needs --selection).
    #[arg(long, default_value_t = defaults::PLACEBO, value_parser = crate::cli::args::int_in(limits::PLACEBO))]
    pub(crate) placebo: usize,
    /// Seed of the placebo draws.
    #[arg(long, default_value_t = defaults::FOLLOW_SEED, value_parser = crate::cli::args::seed)]
    pub(crate) seed: u64,
    #[command(flatten)]
    pub(crate) out: OutArgs,
}

/// Follow the schools, write the folder, print the estimates after entry.
pub(in super::super) fn follow(a: FollowArgs) -> Result<()> {
    let source = match (a.selection, a.list) {
        (Some(s), _) => Source::Selection(
            s,
            a.entry.ok_or_else(|| {
                Error::Usage(
                    "--selection needs --entry (the first session under the scheme, e.g. 2024)"
                        .into(),
                )
            })?,
        ),
        (None, Some(l)) => Source::List(l),
        (None, None) => {
            return Err(Error::Usage(
                "give --selection (with --entry) or --list".into(),
            ))
        }
    };
    let out = a.out;
    let lang: crate::i18n::Lang = a.lang.into();
    let job = FollowJob {
        files: a.files.into_iter().chain(a.input).collect(),
        source,
        matches: a.matches,
        outcomes: a.outcome,
        indicators: a.indicator,
        scope: a.match_within,
        lang: lang.into(),
        match_sessions: a.match_sessions,
        placebo: a.placebo,
        seed: a.seed,
        out: out.out.clone(),
        force: out.force,
        dialect: out.dialect,
    };
    let done = crate::job::follow::run(&job)?;
    let r = &done.result;
    // The summary in the report's language.
    let l = crate::i18n::Labels::new(lang);
    let sessions: Vec<String> = r.panel.sessions.iter().map(|s| s.to_string()).collect();
    eprintln!(
        "{}",
        l.f(
            Msg::FollowDone,
            &[
                ("n", &(r.pairs.len() + r.unmatched.len())),
                ("matched", &r.pairs.len()),
                ("unmatched", &r.unmatched.len()),
                ("sessions", &sessions.join(", ")),
                ("dir", &shown(&out.out)),
            ],
        )
    );
    let signed = |x: f64| {
        let s = l.num(x, 2);
        if x >= 0.0 {
            format!("+{s}")
        } else {
            s
        }
    };
    for (o, d) in &r.estimates {
        for e in d.events.iter().filter(|e| e.event_time >= 0) {
            eprintln!(
                "{}",
                l.f(
                    Msg::FollowEstimateLine,
                    &[
                        ("outcome", o),
                        ("t", &e.event_time),
                        ("att", &signed(e.att)),
                        ("low", &signed(e.low.unwrap_or(f64::NAN))),
                        ("high", &signed(e.high.unwrap_or(f64::NAN))),
                        ("pairs", &e.pairs),
                    ],
                )
            );
        }
    }
    Ok(())
}
