//! The follow-up files: `panel.csv` (school × session × indicator, long), `pairs.csv`,
//! `estimates.csv` (per outcome, cohort and session, and per event time), `unmatched.csv`,
//! `absent.csv`, `placebo.csv` (when asked) and `follow.json` (breaks, notes, counts, the indicators
//! and where comparison schools were looked for). The group tables are in [`super::follow_tables`].

use crate::error::Result;
use crate::follow::did::Estimate;
use crate::follow::{FollowResult, PlaceboRun};
use crate::output::{write_csv, write_json, Cell, Dialect};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn opt(x: Option<f64>) -> Cell<'static> {
    Cell::Num(x.unwrap_or(f64::NAN))
}

fn int(x: i32) -> Cell<'static> {
    Cell::Num(f64::from(x))
}

fn estimate_row<'a>(outcome: &'a str, kind: &'static str, e: &Estimate) -> Vec<Cell<'a>> {
    vec![
        outcome.into(),
        kind.into(),
        e.cohort.map(int).unwrap_or(Cell::Num(f64::NAN)),
        int(e.session),
        int(e.event_time),
        e.att.into(),
        opt(e.se),
        opt(e.df),
        opt(e.low),
        opt(e.high),
        e.pairs.into(),
        e.pairs_missing.into(),
    ]
}

#[derive(Serialize)]
struct Summary<'a> {
    followed: usize,
    pairs: usize,
    unmatched: usize,
    sessions: &'a [i32],
    breaks: &'a std::collections::BTreeMap<String, Vec<crate::follow::did::Break>>,
    notes: std::collections::BTreeMap<&'a str, Vec<String>>,
    level: f64,
    indicators: &'a [String],
    match_within: crate::follow::matching::Scope,
}

/// Write the follow-up files into `dir`; returns the files written.
pub fn write(
    r: &FollowResult,
    placebo: Option<&[PlaceboRun]>,
    dir: &Path,
    dialect: Dialect,
) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let followed: BTreeSet<&str> = r.pairs.iter().map(|p| p.followed.as_str()).collect();
    let unmatched: BTreeSet<&str> = r.unmatched.iter().map(|u| u.0.as_str()).collect();
    let role = |u: &str| {
        if followed.contains(u) || unmatched.contains(u) {
            "followed"
        } else {
            "comparison"
        }
    };
    let p = dir.join("panel.csv");
    let rows: Vec<Vec<Cell>> = r
        .panel
        .rows
        .iter()
        .map(|x| {
            vec![
                x.uai.as_str().into(),
                role(&x.uai).into(),
                int(x.session),
                x.indicator.as_str().into(),
                opt(x.value),
                x.status.into(),
                x.source.as_str().into(),
                x.series.as_str().into(),
            ]
        })
        .collect();
    write_csv(
        &p,
        &[
            "id",
            "role",
            "session",
            "indicator",
            "value",
            "status",
            "source",
            "series",
        ],
        &rows,
        dialect,
    )?;
    out.push(p);
    let p = dir.join("pairs.csv");
    let rows: Vec<Vec<Cell>> = r
        .pairs
        .iter()
        .map(|x| {
            vec![
                x.followed.as_str().into(),
                x.comparison.as_str().into(),
                int(x.entry),
                opt(x.distance),
            ]
        })
        .collect();
    write_csv(
        &p,
        &["id", "comparison_id", "entry", "distance"],
        &rows,
        dialect,
    )?;
    out.push(p);
    let p = dir.join("estimates.csv");
    let mut rows = Vec::new();
    for (o, d) in &r.estimates {
        rows.extend(d.cohorts.iter().map(|e| estimate_row(o, "cohort", e)));
        rows.extend(d.events.iter().map(|e| estimate_row(o, "event_time", e)));
    }
    write_csv(
        &p,
        &[
            "outcome",
            "kind",
            "cohort",
            "session",
            "event_time",
            "att",
            "se",
            "df",
            "low",
            "high",
            "pairs",
            "pairs_missing",
        ],
        &rows,
        dialect,
    )?;
    out.push(p);
    let p = dir.join("unmatched.csv");
    let rows: Vec<Vec<Cell>> = r
        .unmatched
        .iter()
        .map(|(u, why)| vec![u.as_str().into(), why.to_string().into()])
        .collect();
    write_csv(&p, &["id", "reason"], &rows, dialect)?;
    out.push(p);
    let p = dir.join("absent.csv");
    let rows: Vec<Vec<Cell>> = r
        .absent
        .iter()
        .map(|(u, s)| vec![u.as_str().into(), role(u).into(), int(*s)])
        .collect();
    write_csv(&p, &["id", "role", "session"], &rows, dialect)?;
    out.push(p);
    if let Some(pl) = placebo {
        let p = dir.join("placebo.csv");
        let rows: Vec<Vec<Cell>> = pl
            .iter()
            .map(|x| {
                let covers = match (x.low, x.high) {
                    (Some(l), Some(h)) => Cell::Bool(l <= 0.0 && 0.0 <= h),
                    _ => Cell::Text("".into()),
                };
                vec![
                    Cell::Int(x.seed),
                    opt(x.att),
                    opt(x.low),
                    opt(x.high),
                    covers,
                ]
            })
            .collect();
        write_csv(
            &p,
            &["seed", "att", "low", "high", "covers_0"],
            &rows,
            dialect,
        )?;
        out.push(p);
    }
    let p = dir.join("follow.json");
    let summary = Summary {
        followed: r.pairs.len() + r.unmatched.len(),
        pairs: r.pairs.len(),
        unmatched: r.unmatched.len(),
        sessions: &r.panel.sessions,
        breaks: &r.panel.breaks,
        notes: r
            .estimates
            .iter()
            .map(|(o, d)| (o.as_str(), d.notes.iter().map(|n| n.to_string()).collect()))
            .collect(),
        level: r.level,
        indicators: &r.indicators,
        match_within: r.scope,
    };
    write_json(&p, &summary)?;
    out.push(p);
    Ok(out)
}
