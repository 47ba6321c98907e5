//! The follow-up's group tables: `trajectories.csv` (followed vs comparison, mean and interval per
//! indicator, stretch of series and event time), `balance.csv` (both groups before entry, with the
//! standardised mean difference) and `references.csv` (the académie quartiles the dashboards draw).

use crate::error::Result;
use crate::follow::trajectory::Summary;
use crate::follow::FollowResult;
use crate::output::{write_csv, Cell, Dialect};
use std::path::{Path, PathBuf};

/// The columns a group row is keyed by.
const KEY: [&str; 4] = ["indicator", "segment", "series", "event_time"];

fn opt(x: Option<f64>) -> Cell<'static> {
    Cell::Num(x.unwrap_or(f64::NAN))
}

fn int(x: i32) -> Cell<'static> {
    Cell::Num(f64::from(x))
}

fn stats(s: &Summary) -> [Cell<'static>; 5] {
    [
        s.n.into(),
        s.mean.into(),
        opt(s.sd),
        opt(s.low),
        opt(s.high),
    ]
}

/// Write the three tables into `dir`; returns the files written.
pub fn write(r: &FollowResult, dir: &Path, dialect: Dialect) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let p = dir.join("trajectories.csv");
    let rows: Vec<Vec<Cell>> = r
        .trajectories
        .iter()
        .map(|x| {
            let mut row: Vec<Cell> = vec![
                x.indicator.as_str().into(),
                x.segment.into(),
                x.series.as_str().into(),
                int(x.event_time),
                x.group.as_str().into(),
            ];
            row.extend(stats(&x.stats));
            row
        })
        .collect();
    let header = [KEY.as_slice(), &["group", "n", "mean", "sd", "low", "high"]].concat();
    write_csv(&p, &header, &rows, dialect)?;
    out.push(p);
    let p = dir.join("balance.csv");
    let rows: Vec<Vec<Cell>> = r
        .balance
        .iter()
        .map(|x| {
            let s = |v: &Summary| [v.n.into(), v.mean.into(), opt(v.sd)];
            let mut row: Vec<Cell> = vec![
                x.indicator.as_str().into(),
                x.segment.into(),
                x.series.as_str().into(),
                int(x.event_time),
            ];
            row.extend(s(&x.followed));
            row.extend(s(&x.comparison));
            row.push(opt(x.smd));
            row
        })
        .collect();
    let groups = [
        "n_followed",
        "mean_followed",
        "sd_followed",
        "n_comparison",
        "mean_comparison",
        "sd_comparison",
        "smd",
    ];
    write_csv(&p, &[KEY.as_slice(), &groups].concat(), &rows, dialect)?;
    out.push(p);
    let p = dir.join("references.csv");
    let rows: Vec<Vec<Cell>> = r
        .references
        .iter()
        .map(|x| {
            vec![
                x.area.as_str().into(),
                x.indicator.as_str().into(),
                int(x.session),
                x.n.into(),
                x.q1.into(),
                x.median.into(),
                x.q3.into(),
            ]
        })
        .collect();
    write_csv(
        &p,
        &[
            "academie",
            "indicator",
            "session",
            "n",
            "q1",
            "median",
            "q3",
        ],
        &rows,
        dialect,
    )?;
    out.push(p);
    Ok(out)
}
