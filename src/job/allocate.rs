//! `ciblage allocate RUN_DIR --config alloc.toml --out DIR`: split an envelope among the schools of
//! a past run's selection.
//!
//! # Algorithm
//! The allocation file's `[allocation]` is checked first (exit 2 naming its line), then the run's
//! `manifest.json` is read and every recorded input must still have its recorded SHA-256 (else
//! exit 1: the selection cannot be re-derived); the run's configuration is run again up to the
//! selection (deterministic: the same inputs and settings give the same list, as `ciblage verify`
//! checks), the envelope is split ([`crate::select::allocation`]) and `allocation.csv`,
//! `allocation_summary.csv`, `figures/allocation.{png,svg}` and `figures/allocation_lorenz.{png,svg}` are written into a folder that appears
//! whole or not at all.

use super::config::RunConfig;
use crate::error::{Error, Result, Schema, TomlFile};
use crate::output::paths::{self, Output};
use crate::output::stage::write_folder;
use crate::output::Dialect;
use crate::select::allocation::{Allocation, AllocationSpec};
use crate::trace::StepTimer;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AllocationFile {
    allocation: AllocationSpec,
}

/// Read and check an allocation file (a TOML file with an `[allocation]` table).
pub fn read_spec(path: &Path) -> Result<AllocationSpec> {
    let file = TomlFile::read(path, Schema::Config)?;
    let f: AllocationFile = file.parse()?;
    let origin = super::settings::Origin::config(path.into(), None);
    f.allocation.check().map_err(|e| origin.attribute(e))?;
    Ok(f.allocation)
}

/// What [`allocate_run`] produced.
#[derive(Debug)]
pub struct Allocated {
    /// The allocation.
    pub allocation: Allocation,
}

/// Allocate on the selection of the run in `run_dir` (see the module documentation).
pub fn allocate_run(
    run_dir: &Path,
    spec_path: &Path,
    out: &Path,
    force: bool,
    dialect: Dialect,
) -> Result<Allocated> {
    let spec = read_spec(spec_path)?;
    let m = super::execute::read_manifest(run_dir)?;
    let mut cfg: RunConfig = m.config.clone();
    cfg.allocation = Some(spec.clone());
    if cfg.selection()?.is_none() {
        return Err(Error::Data(format!(
            "{}: the run made no selection: nothing to allocate",
            run_dir.display()
        )));
    }
    for f in &m.inputs {
        match super::outputs::sha256_file(Path::new(&f.path)) {
            Ok((h, _)) if h == f.sha256 => {}
            Ok(_) => {
                return Err(Error::Data(format!(
                "input {} changed since the run: its selection cannot be re-derived (run again)",
                f.path
            )))
            }
            Err(_) => {
                return Err(Error::Data(format!(
                    "input {} of the run not found: its selection cannot be re-derived",
                    f.path
                )))
            }
        }
    }
    let mut reads = super::execute::reads(&cfg);
    reads.push(spec_path.to_path_buf());
    reads.push(run_dir.join("manifest.json"));
    paths::check(
        &reads,
        &[Output {
            path: out,
            flag: "--out",
            folder: true,
        }],
        force,
    )?;
    if !m.levels.is_empty() {
        return Err(Error::Usage(format!(
            "{}: a run over several school levels: put the [allocation] in its configuration, with per = \"level\" and an envelope per level, and run it again",
            run_dir.display()
        )));
    }
    let load = cfg.load_options()?;
    let inputs = crate::data::load_inputs(&cfg.inputs.files, &load)?;
    // The run's level decides its preset's indicators and rules, as in the run.
    let level = crate::select::Level::of_datasets(inputs.loads.iter().map(|l| l.dataset.as_str()))
        .unwrap_or(crate::select::Level::Colleges);
    let cfg = super::levels::level_config(&cfg, level, false);
    let acfg = cfg.analysis(&inputs.table)?;
    let sel_spec = cfg.selection()?;
    super::settings::check_loaded(&acfg, sel_spec.as_ref(), &inputs.table)?;
    // Errors on the allocation's keys are named by their line of the allocation file.
    let origin = super::settings::Origin::config(spec_path.into(), None);
    crate::select::allocation::from_selection::size_column(&spec, &inputs.table)
        .map_err(|e| origin.attribute(e))?;
    let mut inputs = inputs;
    let table = std::mem::take(&mut inputs.table);
    let mut timer = StepTimer::new(indicatif::ProgressBar::hidden());
    let analysis = crate::analysis::analyse_table(table, &acfg, &mut timer)?;
    let sel = match &sel_spec {
        Some(s) => crate::select::select(&analysis, s)?,
        None => unreachable_selection()?,
    };
    let allocation = super::execute::allocate(&spec, &sel).map_err(|e| origin.attribute(e))?;
    let labels = crate::i18n::Labels::with_user(cfg.output.lang.into(), cfg.labels.clone());
    write_folder(
        out,
        force,
        |s| {
            let mut w = crate::select::allocation::export::write(&allocation, s.path(), dialect)?;
            let fig = s.path().join("figures");
            std::fs::create_dir_all(&fig).map_err(|e| Error::io(&fig, e))?;
            for (name, _, r) in crate::plot::allocation_plot::figures(&allocation, &labels)? {
                w.extend(crate::plot::write(&fig, name, &r)?);
            }
            Ok(w.iter().map(|p| s.final_path(p)).collect::<Vec<_>>())
        },
        None,
    )?;
    Ok(Allocated { allocation })
}

/// The selection was checked to exist above.
fn unreachable_selection() -> Result<crate::select::Selection> {
    Err(Error::Data("the run made no selection".into()))
}
