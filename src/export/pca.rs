//! The PCA output files (a contract other tools read): `eigenvalues.csv`, `variables.csv`,
//! `individuals.csv`, `quali_sup.csv`, `pca.json`.

use super::json::{JsonPolicy, PcaRunJson};
use crate::error::Result;
use crate::output::{
    write_csv, write_csv_with, write_json_sized, Cell, Dialect, PRETTY_JSON_MAX_ROWS,
};
use crate::pca::table::PcaRun;
use std::path::{Path, PathBuf};

fn numbered(prefix: &str, k: usize) -> Vec<String> {
    (1..=k).map(|s| format!("{prefix}_{s}")).collect()
}

/// Write the PCA files into `dir`, `pca.json` under the output policy `json`; returns the paths
/// written.
pub fn write(run: &PcaRun, dir: &Path, dialect: Dialect, json: JsonPolicy) -> Result<Vec<PathBuf>> {
    write_files(run, dir, dialect, json, true)
}

/// The PCA files without the per-school `individuals.csv` (compact outputs: coordinates go to
/// `schools.csv`; `json` is then [`JsonPolicy::compact`]).
pub fn write_summary(
    run: &PcaRun,
    dir: &Path,
    dialect: Dialect,
    json: JsonPolicy,
) -> Result<Vec<PathBuf>> {
    write_files(run, dir, dialect, json, false)
}

fn write_files(
    run: &PcaRun,
    dir: &Path,
    dialect: Dialect,
    json: JsonPolicy,
    individuals: bool,
) -> Result<Vec<PathBuf>> {
    let r = &run.result;
    let k = r.ncp;
    let mut written = Vec::new();

    let p = dir.join("eigenvalues.csv");
    let rows: Vec<Vec<Cell>> = r
        .eigenvalues
        .iter()
        .map(|e| {
            vec![
                e.component.into(),
                e.eigenvalue.into(),
                e.percentage_of_variance.into(),
                e.cumulative_percentage.into(),
            ]
        })
        .collect();
    write_csv(
        &p,
        &[
            "component",
            "eigenvalue",
            "percentage_of_variance",
            "cumulative_percentage",
        ],
        &rows,
        dialect,
    )?;
    written.push(p);

    let mut header = vec!["variable".to_string()];
    for pre in ["coord", "cor", "cos2", "contrib"] {
        header.extend(numbered(pre, k));
    }
    let rows: Vec<Vec<Cell>> = (0..r.p)
        .map(|j| {
            let mut row: Vec<Cell> = vec![r.var.names[j].clone().into()];
            for m in [&r.var.coord, &r.var.cor, &r.var.cos2, &r.var.contrib] {
                row.extend(m[j].iter().map(|v| Cell::Num(*v)));
            }
            row
        })
        .collect();
    let p = dir.join("variables.csv");
    write_csv(
        &p,
        &header.iter().map(String::as_str).collect::<Vec<_>>(),
        &rows,
        dialect,
    )?;
    written.push(p);

    if individuals {
        let mut header = vec!["id".to_string()];
        for pre in ["coord", "cos2", "contrib"] {
            header.extend(numbered(pre, k));
        }
        header.push("dist".into());
        let row = |i: usize| {
            let mut row: Vec<Cell> = vec![r.ind.ids.get(i).map_or("", |s| s.as_str()).into()];
            for m in [&r.ind.coord, &r.ind.cos2, &r.ind.contrib] {
                row.extend(m[i].iter().map(|v| Cell::Num(*v)));
            }
            row.push(r.ind.dist[i].into());
            row
        };
        let p = dir.join("individuals.csv");
        write_csv_with(
            &p,
            &header.iter().map(String::as_str).collect::<Vec<_>>(),
            r.n,
            row,
            dialect,
        )?;
        written.push(p);
    }

    if !r.quali_sup.is_empty() {
        let many = r.quali_sup.len() > 1;
        let mut header = vec!["category".to_string()];
        header.extend(numbered("coord", k));
        header.extend(numbered("vtest", k));
        let mut rows = Vec::new();
        for q in &r.quali_sup {
            for (c, cat) in q.categories.iter().enumerate() {
                let name = if many {
                    format!("{}={cat}", q.variable)
                } else {
                    cat.clone()
                };
                let mut row: Vec<Cell> = vec![name.into()];
                row.extend(q.coord[c].iter().map(|v| Cell::Num(*v)));
                row.extend(q.vtest[c].iter().map(|v| Cell::Num(*v)));
                rows.push(row);
            }
        }
        let p = dir.join("quali_sup.csv");
        write_csv(
            &p,
            &header.iter().map(String::as_str).collect::<Vec<_>>(),
            &rows,
            dialect,
        )?;
        written.push(p);
    }
    let p = dir.join("pca.json");
    write_json_sized(
        &p,
        &PcaRunJson::new(run, json),
        run.result.n <= PRETTY_JSON_MAX_ROWS,
    )?;
    written.push(p);
    Ok(written)
}
