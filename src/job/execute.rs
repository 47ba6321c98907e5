//! The main job (`ciblage run`): one [`RunConfig`] → load → check → PCA → clustering → selection →
//! every output, in a folder that appears whole or not at all; and `verify`, which re-runs a folder's
//! manifest and compares the bytes.
//!
//! # Parameters
//! A [`RunConfig`] (from `ciblage.toml`, from the command-line flags, or the embedded sample's) and
//! [`JobOptions`]: output folder, `--force`, a progress bar.
//!
//! # Returns
//! [`JobResult`]: the loaded inputs, the analysis, the selection, the files written and the measured
//! [`Step`]s (also recorded in `manifest.json`).
//!
//! # Algorithm
//! Settings are checked first ([`super::settings::check_run`]), then the paths (no output is, or
//! holds, a file the run reads: `paths`), before any input is read; the settings that
//! depend on the data right after loading ([`super::settings::check_loaded`]). Everything that can fail
//! on the user's data (loading, strict mode, PCA, clustering, selection) runs before anything is
//! written. Outputs are then written into a staging folder next to the target (`.NAME.partial-PID`),
//! each file atomically; on success the staging folder is renamed to the target (or, with `--force` on
//! an existing folder, its files are moved in one by one), then the `--rejected` file beside it; on
//! failure both are removed (`stage`). A failed run therefore never leaves a
//! half-written output folder.
//!
//! # Errors
//! Every loading, analysis and selection error of the steps; [`Error::Setting`] for a setting out of
//! its range; [`Error::Path`] when the folder is not empty (without `force`) or holds an input, or an
//! output is an input.
//!
//! # Examples
//! The embedded sample's four official-format files, the Nantes method, every output:
//! ```
//! use ciblage::{execute, JobOptions, RunConfig};
//!
//! let mut cfg = RunConfig::default();
//! cfg.inputs.files = [
//!     "fr-en-ips-colleges-ap2022.csv",
//!     "fr-en-indicateurs-valeur-ajoutee-colleges.csv",
//!     "fr-en-etablissements-ep.csv",
//!     "fr-en-adresse-et-geolocalisation-colleges.csv",
//! ]
//! .iter()
//! .map(|f| std::path::Path::new("data-samples").join(f))
//! .collect();
//! let dir = std::env::temp_dir().join(format!("ciblage-doc-job-{}", std::process::id()));
//! let job = execute(&cfg, &JobOptions::new(&dir))?;
//! let selection = job.selection.as_ref().expect("the Nantes preset selects");
//! assert!(dir.join("manifest.json").exists() && dir.join("report.html").exists());
//! assert!(job.files.iter().any(|f| f.ends_with("selection.csv")));
//! // Every selected school has its explanation, criterion by criterion.
//! let first = &selection.selected[0];
//! assert!(selection.explain(first)?.contains(first.as_str()));
//! std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::config::RunConfig;
pub use super::levels::LevelJob;
use super::outputs::{write_all, Manifest, RunOutputs};
use crate::analysis::Analysis;
use crate::data::Inputs;
use crate::error::{Error, Result};
use crate::output::paths::{self, Output};
use crate::output::stage::{staging_name, StagedDir};
use crate::select::{Level, Selection};
pub use crate::trace::Step;
use crate::trace::StepTimer;
use std::path::{Path, PathBuf};

/// Where and how a job writes.
#[derive(Debug, Clone)]
pub struct JobOptions {
    /// Output folder.
    pub dir: PathBuf,
    /// Write into a non-empty folder (files ciblage writes are replaced).
    pub force: bool,
    /// Progress bar (hidden by default); a job advances it by one per step.
    pub bar: indicatif::ProgressBar,
    /// Where the bars of long steps (big files, bootstrap) are drawn (default: nowhere).
    pub progress: crate::progress::Progress,
    /// Also write the rows rejected at load to this CSV file (`--rejected`), beside the folder: it
    /// appears after the folder, and not at all when the run fails.
    pub rejected: Option<PathBuf>,
}

impl JobOptions {
    /// Write into `dir`, refusing a non-empty folder, without progress display.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        JobOptions {
            dir: dir.into(),
            force: false,
            bar: indicatif::ProgressBar::hidden(),
            progress: Default::default(),
            rejected: None,
        }
    }
}

/// What a job produced.
#[derive(Debug)]
pub struct JobResult {
    /// The loaded inputs: load and join reports (the joined table itself is released once analysed;
    /// `analysis.table` holds the analysed rows).
    pub inputs: Inputs,
    /// The analysis.
    pub analysis: Analysis,
    /// The selection, when the config asks for one.
    pub selection: Option<Selection>,
    /// The allocation, when the config has an `[allocation]`.
    pub allocation: Option<crate::select::allocation::Allocation>,
    /// Files written (final paths, manifest last).
    pub files: Vec<PathBuf>,
    /// Measured steps.
    pub steps: Vec<Step>,
    /// A run over several school levels: every level, in school order (the fields above are then
    /// those of the first); empty for a run over one level.
    pub levels: Vec<LevelJob>,
}

/// Steps of a full run, for the progress bar's length.
const STEPS: u64 = 10;

/// The files a run reads: its inputs, its selection spec, its boundary GeoJSON.
pub fn reads(cfg: &RunConfig) -> Vec<PathBuf> {
    let mut r = cfg.inputs.files.clone();
    r.extend(cfg.selection.spec.clone());
    r.extend(cfg.selection.decisions.clone());
    r.extend(cfg.selection.reference.clone());
    r.extend(super::outputs::boundaries(cfg));
    r
}

/// Run the whole job described by `cfg` into `opts.dir`.
pub fn execute(cfg: &RunConfig, opts: &JobOptions) -> Result<JobResult> {
    // Settings are checked before anything is read, then the paths.
    super::settings::check_run(cfg)?;
    let mut load = cfg.load_options()?;
    load.progress = opts.progress.clone();
    let spec = cfg.selection()?;
    cfg.analysis(&crate::data::Table::default())?;
    let dir_flag = if opts.dir == cfg.output.dir {
        "[output] dir"
    } else {
        "--out"
    };
    let mut outputs = vec![Output {
        path: &opts.dir,
        flag: dir_flag,
        folder: true,
    }];
    if let Some(r) = &opts.rejected {
        outputs.push(Output {
            path: r,
            flag: "--rejected",
            folder: false,
        });
    }
    paths::check(&reads(cfg), &outputs, opts.force)?;
    if opts.bar.length().is_none() {
        opts.bar.set_length(STEPS);
    }
    let mut timer = StepTimer::new(opts.bar.clone());
    // Every file is read once; the files of each school level are joined apart (levels never mix).
    let (groups, reads) = timer.time("load", || -> Result<_> {
        let files = crate::data::read_inputs(&cfg.inputs.files, &load)?;
        let reads: Vec<crate::data::LoadReport> = files.iter().map(|f| f.report.clone()).collect();
        let mut joined = Vec::new();
        for g in super::levels::split(files)? {
            joined.push((g.level, crate::data::join_inputs(g.files, &load)?));
        }
        Ok((joined, reads))
    })?;
    let levels: Vec<Level> = groups.iter().map(|g| g.0).collect();
    let level_column = groups.iter().any(|g| g.1.table.has("level"));
    super::levels::check(cfg, &levels, level_column)?;
    let by_level = super::levels::envelopes_by_level(cfg, &levels, level_column);
    let many = levels.len() > 1;
    if many {
        super::levels::check_lists(spec.as_ref(), groups.iter().map(|g| &g.1.table))?;
    }
    let mut done = Vec::with_capacity(groups.len());
    for (level, inputs) in groups {
        let lcfg = super::levels::level_config(cfg, level, by_level);
        // The spec read before loading serves when the level keeps it (no second read).
        let same =
            lcfg.selection.preset == cfg.selection.preset && lcfg.selection.n == cfg.selection.n;
        let mut lspec = if same {
            spec.clone()
        } else {
            lcfg.selection()?
        };
        // Each level takes the decisions and the reference schools of its own schools.
        if let Some(s) = lspec.as_mut().filter(|_| many) {
            super::levels::restrict(s, &inputs.table);
        }
        done.push(run_level(
            &lcfg, lspec, level, inputs, by_level, opts, &mut timer,
        )?);
    }
    if done.len() > 1 {
        let files = super::multi::write(
            cfg,
            opts.dir.as_path(),
            opts.force,
            opts.rejected.as_deref(),
            &done,
            &reads,
            &mut timer,
        )?;
        let first = done[0].clone();
        return Ok(JobResult {
            inputs: first.inputs,
            analysis: first.analysis,
            selection: first.selection,
            allocation: first.allocation,
            files,
            steps: timer.finish(),
            levels: done,
        });
    }
    let Some(one) = done.pop() else {
        return Err(Error::Data("no input file".into()));
    };
    let LevelJob {
        inputs,
        analysis,
        selection,
        allocation,
        ..
    } = one;
    // Everything is written into a staging folder, published at the end; the side file after it.
    let staged = StagedDir::new(&opts.dir)?;
    let ro = RunOutputs::from_config(cfg, staged.path().to_path_buf())?;
    let written = write_all(
        &ro,
        &inputs,
        &analysis,
        selection.as_ref(),
        allocation.as_ref(),
        &mut timer,
    )
    .map_err(|e| staged.explain(e))?;
    let files = super::multi::publish(
        staged,
        opts.force,
        opts.rejected.as_deref(),
        &inputs.rejected(),
        &written,
    )?;
    Ok(JobResult {
        inputs,
        analysis,
        selection,
        allocation,
        files,
        steps: timer.finish(),
        levels: Vec::new(),
    })
}

/// Check, analyse, select and allocate one level (everything that can fail on the data, before
/// anything is written).
fn run_level(
    cfg: &RunConfig,
    spec: Option<crate::select::SelectionSpec>,
    level: Level,
    inputs: Inputs,
    by_level: bool,
    opts: &JobOptions,
    timer: &mut StepTimer,
) -> Result<LevelJob> {
    if cfg.inputs.strict {
        inputs.strict_check()?;
    }
    let acfg = cfg.analysis(&inputs.table)?;
    super::settings::check_loaded(&acfg, spec.as_ref(), &inputs.table)?;
    if let Some(al) = &cfg.allocation {
        // Envelopes by level: a level without the size column is named.
        let of = by_level.then(|| level.words());
        crate::select::allocation::from_selection::size_column_of(al, &inputs.table, of)?;
    }
    // The analysis takes the joined table over: the rows it keeps are moved, not copied (at 1M
    // schools the table is hundreds of megabytes).
    let mut inputs = inputs;
    let table = std::mem::take(&mut inputs.table);
    let mut analysis = crate::analysis::analyse_table(table, &acfg, timer)?;
    if let (Some(method), b) = (&acfg.clustering, cfg.clustering.bootstrap) {
        if b > 0 {
            analysis = timer.time("stability", || {
                analysis.with_stability_progress(method, b, cfg.clustering.seed, &opts.progress)
            })?;
        }
    }
    let selection = match &spec {
        Some(s) => Some(timer.time("selection", || crate::select::select(&analysis, s))?),
        None => None,
    };
    let allocation = match (&cfg.allocation, &selection) {
        (Some(al), Some(sel)) => {
            let of = by_level.then_some(level);
            Some(timer.time("allocation", || allocate_level(al, sel, of))?)
        }
        _ => None,
    };
    Ok(LevelJob {
        level,
        inputs,
        analysis,
        selection,
        allocation,
        config: cfg.clone(),
    })
}

/// Split the envelope of `spec` among the schools of `sel` it covers.
pub fn allocate(
    spec: &crate::select::allocation::AllocationSpec,
    sel: &Selection,
) -> Result<crate::select::allocation::Allocation> {
    allocate_level(spec, sel, None)
}

/// [`allocate`]; with `level`, the envelope is that school level's (`per = "level"` by the level of
/// the files, not by a `level` column: every covered school is of `level`).
pub fn allocate_level(
    spec: &crate::select::allocation::AllocationSpec,
    sel: &Selection,
    level: Option<Level>,
) -> Result<crate::select::allocation::Allocation> {
    use crate::select::allocation::{from_selection::candidates, AllocationSpec, Per};
    let v = spec.check()?;
    let c = match level {
        None => candidates(spec, sel)?,
        Some(l) => {
            let total = AllocationSpec {
                per: Per::Total,
                envelopes: Default::default(),
                ..spec.clone()
            };
            let mut c = candidates(&total, sel)?;
            c.iter_mut().for_each(|x| x.level = l.name().to_string());
            c
        }
    };
    crate::select::allocation::allocate(&v, &c)
}

/// Outcome of [`verify`].
#[derive(Debug, Clone, Default)]
pub struct Verification {
    /// Outputs whose bytes are as recorded.
    pub identical: usize,
    /// One line per difference (changed, missing or, after a re-run, not reproduced).
    pub problems: Vec<String>,
    /// Whether the run was repeated.
    pub rerun: bool,
}

/// Check a run folder against its `manifest.json`: the recorded inputs must be unchanged and every
/// output must have its recorded SHA-256; with `rerun`, the configuration of the manifest is run again
/// into a temporary folder and each output must come out byte-identical (the manifest itself, which
/// holds the time stamp and timings, excepted). The re-run is skipped (and said so) when an input has
/// changed: it could not reproduce the run.
pub fn verify(dir: &Path, rerun: bool) -> Result<Verification> {
    let m = read_manifest(dir)?;
    let mut v = Verification::default();
    for f in &m.outputs {
        let p = dir.join(&f.path);
        match super::outputs::sha256_file(&p) {
            Ok((h, _)) if h == f.sha256 => v.identical += 1,
            Ok(_) => v.problems.push(format!(
                "{}: content changed since the run (hash differs)",
                p.display()
            )),
            Err(_) => v.problems.push(format!("{}: missing", p.display())),
        }
    }
    let mut inputs_changed = false;
    for f in &m.inputs {
        match super::outputs::sha256_file(Path::new(&f.path)) {
            Ok((h, _)) if h == f.sha256 => {}
            Ok(_) => {
                inputs_changed = true;
                v.problems
                    .push(format!("input {}: changed since the run", f.path));
            }
            Err(_) => {
                inputs_changed = true;
                v.problems.push(format!("input {}: not found", f.path));
            }
        }
    }
    if !rerun {
        return Ok(v);
    }
    if inputs_changed {
        v.problems
            .push("not re-run: the inputs are not those of the run".into());
        return Ok(v);
    }
    v.rerun = true;
    let tmp = staging_name(&dir.with_file_name(format!(
        "{}-verify",
        dir.file_name()
            .map_or_else(|| "run".into(), |n| n.to_string_lossy().to_string())
    )));
    let _ = std::fs::remove_dir_all(&tmp);
    let again = execute(&m.config, &JobOptions::new(&tmp));
    let result = again.map(|_| {
        let mut identical = 0;
        let mut problems = Vec::new();
        for f in m.outputs.iter().filter(|f| f.path != "manifest.json") {
            match super::outputs::sha256_file(&tmp.join(&f.path)) {
                Ok((h, _)) if h == f.sha256 => identical += 1,
                Ok(_) => problems.push(format!("{}: the re-run wrote different bytes", f.path)),
                Err(_) => problems.push(format!("{}: the re-run did not write it", f.path)),
            }
        }
        (identical, problems)
    });
    let _ = std::fs::remove_dir_all(&tmp);
    let (identical, problems) = result?;
    v.identical = identical;
    v.problems.extend(problems);
    Ok(v)
}

/// Read and parse `DIR/manifest.json`.
pub fn read_manifest(dir: &Path) -> Result<Manifest> {
    let mp = dir.join("manifest.json");
    let text = std::fs::read_to_string(&mp).map_err(|e| Error::io(&mp, e))?;
    serde_json::from_str(&text).map_err(|e| Error::Config {
        path: mp,
        reason: format!("not a ciblage manifest (or one from another version): {e}"),
    })
}
