//! The follow-up report: `ciblage follow` writes `report.html` whose one section, "Suivi" (Follow-up),
//! holds the estimates, the plain-language caveat on regression to the mean with the placebo's
//! result, the group trajectories, the balance before entry, one dashboard per followed school, the
//! schools that left the data and the followed schools without a comparison school. [`section`] is
//! the section alone, for a page that holds others.
//!
//! Built with the report's markup ([`super::markup`]): every text is escaped; only the SVG figures
//! drawn by ciblage (data strings escaped by the SVG backend) go in as they are.

use super::markup::{cat, el, text, tx, void, Html};
use super::parts::{figures_of, heads, section as titled, table, ReportFigure, Section};
use crate::follow::did::Note;
use crate::follow::matching::{Scope, Unmatched};
use crate::follow::{FollowResult, PlaceboRun};
use crate::i18n::{Labels, Msg};
use std::collections::BTreeMap;

/// What the follow-up report shows.
pub struct FollowReport<'a> {
    /// The follow-up.
    pub result: &'a FollowResult,
    /// The placebo runs, when asked.
    pub placebo: Option<&'a [PlaceboRun]>,
    /// The trajectories figure (section [`Section::Follow`]) and the dashboards
    /// ([`Section::Dashboards`]), in order.
    pub figures: &'a [ReportFigure],
    /// Language and indicator labels.
    pub labels: &'a Labels,
}

fn p(t: impl AsRef<str>) -> Html {
    tx("p", &[], t)
}

fn note(t: impl AsRef<str>) -> Html {
    tx("p", &[("class", "note")], t)
}

fn h3(t: impl AsRef<str>) -> Html {
    tx("h3", &[], t)
}

/// The word of a matching scope.
fn scope_word(l: &Labels, s: Scope) -> &'static str {
    l.t(match s {
        Scope::Departement => Msg::WordDepartement,
        _ => Msg::WordAcademie,
    })
}

/// Why a followed school has no comparison school, in the report's language.
fn why_text(l: &Labels, why: &Unmatched) -> String {
    match why {
        Unmatched::NotInMatches => l.t(Msg::WhyNotInMatches).to_string(),
        Unmatched::MissingPreEntry { outcomes, from, to } => {
            let names: Vec<String> = outcomes.iter().map(|o| l.of(o).into_owned()).collect();
            l.f(
                Msg::WhyMissingPreEntry,
                &[
                    ("outcomes", &names.join(l.t(Msg::ListSeparator))),
                    ("from", from),
                    ("to", to),
                ],
            )
        }
        Unmatched::NoArea(s) => l.f(Msg::WhyNoArea, &[("area", &scope_word(l, *s))]),
        Unmatched::NoneLeft(None) => l.t(Msg::WhyNoneLeft).to_string(),
        Unmatched::NoneLeft(Some((s, a))) => l.f(
            Msg::WhyNoneLeftIn,
            &[("area", &scope_word(l, *s)), ("name", a)],
        ),
    }
}

/// What an estimate could not do, in the report's language.
fn note_text(l: &Labels, outcome: &str, n: &Note) -> String {
    let o = l.of(outcome);
    match n {
        Note::Break {
            cohort,
            session,
            after,
            what,
        } => l.f(
            Msg::NoteBreak,
            &[
                ("outcome", &o),
                ("cohort", cohort),
                ("session", session),
                ("after", after),
                ("what", what),
            ],
        ),
        Note::NoPair {
            cohort,
            session,
            base,
        } => l.f(
            Msg::NoteNoPair,
            &[
                ("outcome", &o),
                ("cohort", cohort),
                ("session", session),
                ("base", base),
            ],
        ),
        Note::OnePair { cohort, session } => l.f(
            Msg::NoteOnePair,
            &[("outcome", &o), ("cohort", cohort), ("session", session)],
        ),
    }
}

/// "{covering} of {runs} … from {low} to {high}", or that no placebo was run.
fn placebo(l: &Labels, outcome: &str, runs: Option<&[PlaceboRun]>) -> String {
    let Some(runs) = runs.filter(|r| !r.is_empty()) else {
        return l.t(Msg::FollowNoPlacebo).to_string();
    };
    let covering = runs
        .iter()
        .filter(|x| matches!((x.low, x.high), (Some(a), Some(b)) if a <= 0.0 && 0.0 <= b))
        .count();
    let att: Vec<f64> = runs.iter().filter_map(|x| x.att).collect();
    let low = att.iter().copied().fold(f64::INFINITY, f64::min);
    let high = att.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    l.f(
        Msg::FollowPlacebo,
        &[
            ("outcome", &l.of(outcome)),
            ("covering", &covering),
            ("runs", &runs.len()),
            ("low", &l.num(low, 2)),
            ("high", &l.num(high, 2)),
        ],
    )
}

fn interval(l: &Labels, low: Option<f64>, high: Option<f64>) -> String {
    match (low, high) {
        // The list separator of the language: `[-3.85, 8.85]`, `[-3,85 ; 8,85]`.
        (Some(a), Some(b)) => match l.lang {
            crate::i18n::Lang::En => format!("[{}, {}]", l.num(a, 2), l.num(b, 2)),
            crate::i18n::Lang::Fr => format!("[{} ; {}]", l.num(a, 2), l.num(b, 2)),
        },
        _ => String::new(),
    }
}

fn estimates(r: &FollowResult, l: &Labels) -> Html {
    let rows: Vec<Vec<String>> = r
        .estimates
        .iter()
        .flat_map(|(o, d)| {
            d.events.iter().map(move |e| {
                vec![
                    l.of(o).into_owned(),
                    e.event_time.to_string(),
                    l.num(e.att, 2),
                    interval(l, e.low, e.high),
                    e.pairs.to_string(),
                ]
            })
        })
        .collect();
    let head = heads(
        l,
        &[
            Msg::ColOutcome,
            Msg::ColEventTime,
            Msg::ColEffect,
            Msg::ColInterval,
            Msg::ColPairs,
        ],
    );
    let notes: Vec<String> = r
        .estimates
        .iter()
        .flat_map(|(o, d)| d.notes.iter().map(move |n| note_text(l, o, n)))
        .collect();
    let warnings = pre_entry_differences(r, l);
    cat([
        h3(l.t(Msg::FollowEstimates)),
        note(l.t(Msg::FollowEstimatesNote)),
        table(&head, &rows, &[false, true, true, true, true]),
        cat(warnings.iter().map(|w| tx("p", &[("class", "fail")], w))),
        el(
            "ul",
            &[("class", "note")],
            notes.iter().map(|n| tx("li", &[], n)),
        ),
    ])
}

/// One sentence per pre-entry estimate (event time −2 and before; −1 is the base) whose interval
/// excludes 0: the followed and comparison schools did not move alike before entry, so the estimate
/// after entry may carry that difference.
pub(crate) fn pre_entry_differences(r: &FollowResult, l: &Labels) -> Vec<String> {
    r.estimates
        .iter()
        .flat_map(|(o, d)| {
            d.events
                .iter()
                .filter(|e| e.event_time < 0)
                .filter(|e| matches!((e.low, e.high), (Some(a), Some(b)) if a > 0.0 || b < 0.0))
                .map(move |e| {
                    l.f(
                        Msg::FollowPreEntryDifference,
                        &[
                            ("outcome", &l.of(o)),
                            ("e", &e.event_time),
                            ("att", &l.num(e.att, 2)),
                            ("pct", &l.num(100.0 * d.level, 0)),
                            ("interval", &interval(l, e.low, e.high)),
                        ],
                    )
                })
        })
        .collect()
}

fn balance(r: &FollowResult, l: &Labels) -> Html {
    let rows: Vec<Vec<String>> = r
        .balance
        .iter()
        .map(|b| {
            let sd = |x: Option<f64>| x.map(|v| l.num(v, 2)).unwrap_or_default();
            vec![
                l.of(&b.indicator).into_owned(),
                b.event_time.to_string(),
                l.num(b.followed.mean, 2),
                sd(b.followed.sd),
                l.num(b.comparison.mean, 2),
                sd(b.comparison.sd),
                sd(b.smd),
            ]
        })
        .collect();
    let head = heads(
        l,
        &[
            Msg::ColOutcome,
            Msg::ColEventTime,
            Msg::ColMeanFollowed,
            Msg::ColSdFollowed,
            Msg::ColMeanComparison,
            Msg::ColSdComparison,
            Msg::ColSmd,
        ],
    );
    cat([
        h3(l.t(Msg::FollowBalance)),
        note(l.t(Msg::FollowBalanceNote)),
        table(&head, &rows, &[false, true, true, true, true, true, true]),
    ])
}

/// The schools absent from some session: UAI, role, the sessions.
fn left(r: &FollowResult, l: &Labels) -> Html {
    let followed: std::collections::BTreeSet<&str> = r
        .pairs
        .iter()
        .map(|x| x.followed.as_str())
        .chain(r.unmatched.iter().map(|x| x.0.as_str()))
        .collect();
    let mut by_school: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (u, s) in &r.absent {
        by_school.entry(u).or_default().push(s.to_string());
    }
    let rows: Vec<Vec<String>> = by_school
        .iter()
        .map(|(u, s)| {
            let role = if followed.contains(u) {
                Msg::RoleFollowed
            } else {
                Msg::RoleComparison
            };
            vec![u.to_string(), l.t(role).to_string(), s.join(", ")]
        })
        .collect();
    let head = vec![
        "UAI".to_string(),
        l.t(Msg::ColRole).to_string(),
        l.t(Msg::ColSessions).to_string(),
    ];
    let body = if rows.is_empty() {
        p(l.t(Msg::FollowNone))
    } else {
        table(&head, &rows, &[false, false, false])
    };
    let unmatched: Vec<Vec<String>> = r
        .unmatched
        .iter()
        .map(|(u, why)| vec![u.clone(), why_text(l, why)])
        .collect();
    let head_u = vec!["UAI".to_string(), l.t(Msg::ColReason).to_string()];
    cat([
        h3(l.t(Msg::FollowLeft)),
        note(l.t(Msg::FollowLeftNote)),
        body,
        h3(l.t(Msg::FollowUnmatched)),
        if unmatched.is_empty() {
            p(l.t(Msg::FollowNone))
        } else {
            table(&head_u, &unmatched, &[false, false])
        },
    ])
}

/// The "Suivi" section.
pub fn section(f: &FollowReport) -> Html {
    let (r, l) = (f.result, f.labels);
    let sessions: Vec<String> = r.panel.sessions.iter().map(|s| s.to_string()).collect();
    let breaks: Vec<String> = r
        .panel
        .breaks
        .iter()
        .flat_map(|(ind, b)| {
            b.iter()
                .map(move |k| format!("{} {} ({})", l.of(ind), k.after, k.what))
        })
        .collect();
    let figs = |s: Section| figures_of(f.figures, s);
    titled(
        "suivi",
        l.t(Msg::FollowHeading),
        [
            p(l.f(
                Msg::FollowSummary,
                &[
                    ("followed", &(r.pairs.len() + r.unmatched.len())),
                    ("pairs", &r.pairs.len()),
                    ("sessions", &sessions.join(", ")),
                ],
            )),
            if breaks.is_empty() {
                Html::empty()
            } else {
                p(l.f(
                    Msg::FollowBreaks,
                    &[("list", &breaks.join(l.t(Msg::ListSeparator)))],
                ))
            },
            el(
                "div",
                &[("class", "decision")],
                [
                    h3(l.t(Msg::FollowCaveatHeading)),
                    p(l.t(Msg::FollowCaveat)),
                    el(
                        "p",
                        &[],
                        [el(
                            "strong",
                            &[],
                            [text(placebo(
                                l,
                                r.indicators.first().map_or("", String::as_str),
                                f.placebo,
                            ))],
                        )],
                    ),
                ],
            ),
            estimates(r, l),
            h3(l.t(Msg::FollowTrajectories)),
            figs(Section::Follow),
            balance(r, l),
            h3(l.t(Msg::FollowDashboards)),
            figs(Section::Dashboards),
            left(r, l),
        ],
    )
}

/// The whole page: title, subtitle, the "Suivi" section.
pub fn render(f: &FollowReport) -> String {
    let l = f.labels;
    let head = el(
        "head",
        &[],
        [
            void("meta", &[("charset", "utf-8")]),
            tx("title", &[], l.t(Msg::FollowTitle)),
            el("style", &[], [Html::trusted(super::html::CSS)]),
        ],
    );
    let body = el(
        "body",
        &[],
        [
            tx("h1", &[], l.t(Msg::FollowTitle)),
            note(l.f(
                Msg::ReportSubtitle,
                &[("version", &env!("CARGO_PKG_VERSION"))],
            )),
            section(f),
        ],
    );
    let page = el("html", &[("lang", l.lang.code())], [head, body]);
    format!("<!DOCTYPE html>\n{}", page.into_string())
}
