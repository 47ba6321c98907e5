//! Allocation output files: `allocation.csv` (one row per school) and `allocation_summary.csv`
//! (one row per envelope, and one per level and per département of the covered schools), through the
//! safe CSV writer (spreadsheet formulas neutralised). The summary's `concentration_index` is
//! [`super::lorenz`]'s: negative when the amounts go more than proportionally to the least advantaged
//! schools of the group.

use super::{Allocation, Share};
use crate::error::Result;
use crate::output::{write_csv, Cell, Dialect};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The per-school header (the per-size column is named by `size_unit`).
pub fn header(a: &Allocation) -> Vec<&'static str> {
    vec![
        "id",
        "name",
        "academie",
        "departement",
        "level",
        "group",
        "decision",
        "score",
        "ips",
        "size",
        "coefficient",
        "weight",
        "amount",
        a.spec.size_unit.per_column(),
        "unit",
        "rule",
    ]
}

fn unit_word(a: &Allocation) -> &'static str {
    match a.spec.unit {
        super::Unit::Hours => "hours",
        super::Unit::Posts => "posts",
        super::Unit::Euros => "euros",
    }
}

/// One summary row: the totals and the spread of the amount per unit of size over `shares`.
fn summary_row<'a>(by: &'a str, group: &'a str, shares: &[&Share]) -> Vec<Cell<'a>> {
    let mut per: Vec<f64> = shares.iter().map(|s| s.per_size).collect();
    per.sort_by(f64::total_cmp);
    let total: f64 = shares.iter().map(|s| s.amount).sum();
    let size: f64 = shares.iter().map(|s| s.school.size).sum();
    let (min, med, max) = if per.is_empty() {
        (f64::NAN, f64::NAN, f64::NAN)
    } else {
        (
            per[0],
            crate::select::context::quantile(&per, 0.5),
            per[per.len() - 1],
        )
    };
    vec![
        by.into(),
        group.into(),
        Cell::Int(shares.len() as u64),
        total.into(),
        size.into(),
        (total / size).into(),
        min.into(),
        med.into(),
        max.into(),
        super::lorenz::concentration(shares).index.into(),
    ]
}

/// Summary rows: each envelope (`by` = `envelope`), then per level and per département.
pub fn summary_rows(a: &Allocation) -> Vec<(String, String, Vec<&Share>)> {
    let mut out = Vec::new();
    let mut groups: BTreeMap<&str, Vec<&Share>> = BTreeMap::new();
    for s in &a.shares {
        groups.entry(s.group.as_str()).or_default().push(s);
    }
    for (g, v) in groups {
        let name = if g.is_empty() { "all" } else { g };
        out.push(("envelope".to_string(), name.to_string(), v));
    }
    for (by, key) in [("level", 0), ("departement", 1)] {
        let mut m: BTreeMap<&str, Vec<&Share>> = BTreeMap::new();
        for s in &a.shares {
            let k = if key == 0 {
                s.school.level.as_str()
            } else {
                s.school.departement.as_str()
            };
            if !k.is_empty() {
                m.entry(k).or_default().push(s);
            }
        }
        for (k, v) in m {
            out.push((by.to_string(), k.to_string(), v));
        }
    }
    out
}

/// Write `allocation.csv` and `allocation_summary.csv` into `dir`.
pub fn write(a: &Allocation, dir: &Path, dialect: Dialect) -> Result<Vec<PathBuf>> {
    let unit = unit_word(a);
    let rows: Vec<Vec<Cell>> = a
        .shares
        .iter()
        .map(|s| {
            let c = &s.school;
            vec![
                c.uai.as_str().into(),
                c.name.as_str().into(),
                c.academie.as_str().into(),
                c.departement.as_str().into(),
                c.level.as_str().into(),
                s.group.as_str().into(),
                c.decision.as_str().into(),
                c.score.into(),
                c.ips.into(),
                c.size.into(),
                s.coefficient.into(),
                s.weight.into(),
                s.amount.into(),
                s.per_size.into(),
                unit.into(),
                a.rule.as_str().into(),
            ]
        })
        .collect();
    let p = dir.join("allocation.csv");
    write_csv(&p, &header(a), &rows, dialect)?;
    let sums = summary_rows(a);
    let rows: Vec<Vec<Cell>> = sums
        .iter()
        .map(|(by, g, v)| summary_row(by, g, v))
        .collect();
    let per = a.spec.size_unit.per_column();
    let (min, median, max) = (
        format!("min_{per}"),
        format!("median_{per}"),
        format!("max_{per}"),
    );
    let q = dir.join("allocation_summary.csv");
    let header: [&str; 10] = [
        "by",
        "group",
        "schools",
        "total",
        "size",
        per,
        &min,
        &median,
        &max,
        "concentration_index",
    ];
    write_csv(&q, &header, &rows, dialect)?;
    Ok(vec![p, q])
}
