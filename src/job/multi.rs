//! The outputs of a run over several school levels: a folder per level, one report, one manifest.
//!
//! ```text
//! out/
//!   report.html      one report: the levels side by side, then a part per level in its words
//!   levels.csv       level, folder, rows_joined, rows_excluded, rows_dropped, rows_analysed,
//!                    eligible, budget, selected, shortfall
//!   manifest.json    every input (each once) and every output below, the rows of each level
//!   ecoles/          what a run over the écoles alone writes, but its report and manifest
//!   colleges/        the same for the collèges (and lycees-gt/, lycees-pro/)
//! ```
//!
//! Each level's folder holds the files a one-level run writes (`selection.csv`, `rejected.csv`,
//! `figures/`…), computed from that level's files alone: a level's list is the one a run over that
//! level's files gives. `--rejected` holds every file's rejected rows once, then each level's rows
//! lost at its joins.

use super::config::RunConfig;
use super::levels::LevelJob;
use super::manifest::{self, LevelRows, Manifest};
use super::outputs::{config_rows, write_level, write_parquet, RunOutputs};
use crate::data::LoadReport;
use crate::error::{Error, Result};
use crate::output::stage::{SideFile, StagedDir};
use crate::output::{write_atomic, write_json, Cell};
use crate::report::html::ReportInput;
use crate::trace::StepTimer;
use std::path::{Path, PathBuf};

/// Write the outputs of `done` (two levels or more, in school order) into `dir`, staged and
/// published whole (with `force`, into a folder that is not empty); `rejected_file`: `--rejected`.
/// Returns the files written (final paths).
pub fn write(
    cfg: &RunConfig,
    dir: &Path,
    force: bool,
    rejected_file: Option<&Path>,
    done: &[LevelJob],
    reads: &[LoadReport],
    timer: &mut StepTimer,
) -> Result<Vec<PathBuf>> {
    let staged = StagedDir::new(dir)?;
    let written =
        write_levels(cfg, staged.path(), done, reads, timer).map_err(|e| staged.explain(e))?;
    let mut rejected: Vec<crate::data::Problem> = reads
        .iter()
        .flat_map(|l| l.problems.iter().cloned())
        .collect();
    for d in done {
        rejected.extend(d.inputs.unmatched.iter().cloned());
    }
    publish(staged, force, rejected_file, &rejected, &written)
}

/// Publish the staged folder, then the `--rejected` side file (the folder is rolled back when the
/// side file fails); returns the final paths of `written`.
pub(super) fn publish(
    staged: StagedDir,
    force: bool,
    rejected_file: Option<&Path>,
    rejected: &[crate::data::Problem],
    written: &[PathBuf],
) -> Result<Vec<PathBuf>> {
    let side = match rejected_file {
        Some(p) => {
            let s = SideFile::new(p)?;
            crate::data::summary::write_rejected(
                s.tmp(),
                rejected,
                crate::output::Dialect::Standard,
            )?;
            Some(s)
        }
        None => None,
    };
    let files: Vec<PathBuf> = written.iter().map(|f| staged.final_path(f)).collect();
    let published = staged.publish(force)?;
    if let Some(s) = side {
        if let Err(e) = s.commit() {
            published.rollback();
            return Err(e);
        }
    }
    Ok(files)
}

/// The rows and list of each level.
fn rows(done: &[LevelJob]) -> Vec<LevelRows> {
    done.iter()
        .map(|d| {
            let a = &d.analysis;
            let s = d.selection.as_ref();
            LevelRows {
                level: d.level.name().to_string(),
                rows_in: a.rows_in,
                rows_excluded: a.excluded.len(),
                rows_rejected: a.pca.rejected.len(),
                rows_analysed: a.pca.result.n,
                eligible: s.map(|s| s.schools.eligible.iter().filter(|x| **x).count()),
                budget: s.map(|s| s.spec.budget.n),
                selected: s.map(|s| s.selected.len()),
            }
        })
        .collect()
}

fn write_levels(
    cfg: &RunConfig,
    dir: &Path,
    done: &[LevelJob],
    reads: &[LoadReport],
    timer: &mut StepTimer,
) -> Result<Vec<PathBuf>> {
    let started_unix = manifest::now_unix();
    let digests = crate::output::digest::DigestScope::new(dir);
    let labels = crate::i18n::Labels::with_user(cfg.output.lang.into(), cfg.labels.clone());
    let mut written = Vec::new();
    let mut figures = Vec::new();
    for d in done {
        let ldir = dir.join(d.level.name());
        std::fs::create_dir_all(&ldir).map_err(|e| Error::io(&ldir, e))?;
        let ro = RunOutputs::from_config(&d.config, ldir)?;
        let (w, svgs) = write_level(
            &ro,
            &d.inputs,
            &d.analysis,
            d.selection.as_ref(),
            d.allocation.as_ref(),
            &labels,
            timer,
        )?;
        written.extend(w);
        written.extend(write_parquet(
            &ro,
            &d.analysis,
            d.selection.as_ref(),
            timer,
        )?);
        figures.push(svgs);
    }
    let levels = rows(done);
    written.push(write_levels_csv(dir, &levels, cfg.output.dialect)?);
    if cfg.output.report {
        let config = config_rows(cfg);
        let p = timer.time("report", || -> Result<PathBuf> {
            let parts: Vec<(&str, ReportInput)> = done
                .iter()
                .zip(&figures)
                .map(|(d, f)| {
                    (
                        d.level.name(),
                        ReportInput {
                            inputs: &d.inputs,
                            analysis: &d.analysis,
                            selection: d.selection.as_ref(),
                            allocation: d.allocation.as_ref(),
                            figures: f,
                            config: &config,
                            labels: &labels,
                            in_levels: true,
                        },
                    )
                })
                .collect();
            let html = crate::report::html::render_levels(&parts);
            let p = dir.join("report.html");
            write_atomic(&p, html.as_bytes())?;
            Ok(p)
        })?;
        written.push(p);
    }
    let outputs = manifest::entries(&written, dir, &digests, timer)?;
    let sum = |f: fn(&LevelRows) -> usize| levels.iter().map(f).sum::<usize>();
    let m = Manifest {
        ciblage_version: env!("CARGO_PKG_VERSION").into(),
        config: cfg.clone(),
        seed: cfg.clustering.seed,
        threads: rayon::current_num_threads(),
        started_unix,
        inputs: manifest::input_entries(cfg, reads, super::outputs::boundaries(cfg))?,
        input_rows: manifest::input_rows(reads),
        outputs,
        rows_in: sum(|l| l.rows_in),
        rows_excluded: sum(|l| l.rows_excluded),
        rows_rejected: sum(|l| l.rows_rejected),
        rows_analysed: sum(|l| l.rows_analysed),
        steps: timer.steps().to_vec(),
        levels,
    };
    let p = dir.join("manifest.json");
    write_json(&p, &m)?;
    written.push(p);
    Ok(written)
}

/// `levels.csv`: one row per level.
fn write_levels_csv(
    dir: &Path,
    levels: &[LevelRows],
    dialect: crate::output::Dialect,
) -> Result<PathBuf> {
    let header = [
        "level",
        "folder",
        "rows_joined",
        "rows_excluded",
        "rows_dropped",
        "rows_analysed",
        "eligible",
        "budget",
        "selected",
        "shortfall",
    ];
    let opt = |x: Option<usize>| x.map_or(String::new(), |v| v.to_string());
    let p = dir.join("levels.csv");
    crate::output::write_csv_with(
        &p,
        &header,
        levels.len(),
        |i| {
            let l = &levels[i];
            let short = match (l.eligible, l.budget) {
                (Some(e), Some(n)) if e < n => format!("{e} eligible < budget {n}"),
                _ => String::new(),
            };
            vec![
                Cell::Text(l.level.clone().into()),
                Cell::Text(format!("{}/", l.level).into()),
                Cell::Int(l.rows_in as u64),
                Cell::Int(l.rows_excluded as u64),
                Cell::Int(l.rows_rejected as u64),
                Cell::Int(l.rows_analysed as u64),
                Cell::Text(opt(l.eligible).into()),
                Cell::Text(opt(l.budget).into()),
                Cell::Text(opt(l.selected).into()),
                Cell::Text(short.into()),
            ]
        },
        dialect,
    )?;
    Ok(p)
}
