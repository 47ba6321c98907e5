//! The commands that run a job from a configuration (`run`, `report`), work on a past run's folder
//! (`allocate`), or write files to start from (`init`, `sample`).

use super::super::analysis::{embedded_sample_config, fresh_dir};
use super::super::run::{self, Flags};
use super::super::{OutArgs, RunOptions};
use crate::error::shown;
use crate::job::settings::{Origin, SampleFormat};
use crate::output::paths::{self, Output};
use crate::{Error, Result};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// `run`: the main job, from a configuration file, the flags, or the embedded sample.
pub(super) fn run(f: Flags, opts: RunOptions) -> Result<()> {
    let no_inputs = f.input.files.is_empty() && f.input.input.is_empty();
    // With a config file, or with no input at all (the embedded sample), everything comes from
    // a RunConfig; otherwise the flags are turned into one. Each is checked before anything
    // is read, its errors naming the flag or the file's line.
    let (mut cfg, origin) = match (&opts.config, no_inputs) {
        (Some(p), _) => {
            let c = crate::job::config::RunConfig::from_file(p)?;
            let origin = Origin::config(p.clone(), c.selection.spec.clone());
            (c, origin)
        }
        (None, true) => (embedded_sample_config()?, Origin::default()),
        (None, false) => run::checked(&f)?,
    };
    let mut format = opts.format;
    if opts.parquet {
        format.push(crate::job::settings::Format::Parquet);
    }
    run::apply_output_flags(
        &mut cfg,
        &run::OutputFlags {
            dialect: opts.dialect,
            format,
            tables_only: opts.tables_only,
            tables: opts.tables,
        },
    );
    let dir = opts.out.unwrap_or_else(|| fresh_dir(&cfg.output.dir));
    let r = run::execute(
        &cfg,
        dir.clone(),
        opts.force,
        opts.quiet,
        f.input.rejected.clone(),
    )
    .map_err(|e| origin.attribute(e))?;
    run::print_summary(&r, &dir, opts.quiet, opts.json, cfg.output.lang.into());
    if opts.timings {
        run::print_timings(&r);
    }
    // The process ends here: leave the large tables to the OS rather than freeing millions of
    // strings one by one (a second at 1M schools).
    std::mem::forget(r);
    Ok(())
}

/// `report`: the job from the flags, written whole into `out`.
pub(super) fn report(f: Flags, out: &OutArgs) -> Result<()> {
    let (mut cfg, origin) = run::checked(&f)?;
    cfg.output.dialect = out.dialect;
    let r = run::execute(
        &cfg,
        out.out.clone(),
        out.force,
        true,
        f.input.rejected.clone(),
    )
    .map_err(|e| origin.attribute(e))?;
    run::print_summary(&r, &out.out, true, false, crate::i18n::Lang::En);
    eprintln!("wrote {}", shown(&out.out.join("report.html")));
    Ok(())
}

/// `allocate`: split an envelope among a past run's schools.
pub(super) fn allocate(dir: &Path, config: &Path, out: &OutArgs) -> Result<()> {
    let done = crate::job::allocate::allocate_run(dir, config, &out.out, out.force, out.dialect)?;
    let a = &done.allocation;
    let schools: usize = a.envelopes.iter().map(|e| e.schools).sum();
    let total: f64 = a.envelopes.iter().map(|e| e.total).sum();
    eprintln!(
        "allocated {total} among {schools} schools ({}); wrote {}",
        a.rule,
        shown(&out.out)
    );
    Ok(())
}

/// Which file `init` writes.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Template {
    /// A selection spec (`selection.toml`).
    Selection,
    /// A run configuration (`ciblage.toml`) listing `files`.
    Config,
    /// An `[allocation]` file (`allocation.toml`).
    Allocation,
}

/// `init`: a commented file to start from, never over an existing one without `force`.
pub(super) fn init(
    template: Template,
    files: &[PathBuf],
    out: Option<PathBuf>,
    force: bool,
) -> Result<()> {
    let (default, body) = match template {
        Template::Allocation if files.is_empty() => (
            "allocation.toml",
            Cow::Borrowed(crate::select::allocation::TEMPLATE),
        ),
        Template::Config => (
            "ciblage.toml",
            Cow::Owned(crate::job::config::template_for(files)),
        ),
        Template::Selection if files.is_empty() => (
            "selection.toml",
            Cow::Borrowed(crate::select::spec::TEMPLATE),
        ),
        _ => {
            return Err(Error::Usage(
                "init: input files go with --config (a selection spec lists no input)".into(),
            ))
        }
    };
    let out = out.unwrap_or_else(|| PathBuf::from(default));
    if out.is_dir() {
        return Err(Error::path_of(
            "--out",
            out,
            "is a folder; give the path of the file to write",
        ));
    }
    if out.exists() && !force {
        return Err(Error::path(
            out,
            "exists already; pass --force to overwrite it",
        ));
    }
    crate::output::write_atomic(&out, body.as_bytes())?;
    let next = match template {
        Template::Allocation => format!(
            "ciblage allocate RUN_DIR --config {} --out DIR",
            shown(&out)
        ),
        Template::Config => format!("ciblage run --config {}", shown(&out)),
        Template::Selection => format!("ciblage select --spec {} INPUTS --out DIR", shown(&out)),
    };
    eprintln!("wrote {} (edit it, then: {next})", shown(&out));
    Ok(())
}

/// `sample`: synthetic files in the official formats, or one table.
pub(super) fn sample(
    params: &crate::sample::SampleParams,
    out: &Path,
    force: bool,
    format: SampleFormat,
) -> Result<()> {
    // A folder that holds other files is fine: only the files written must be new (or --force).
    paths::check(
        &[],
        &[Output {
            path: out,
            flag: "--out",
            folder: true,
        }],
        true,
    )?;
    let files = crate::output::stage::write_folder(
        out,
        force,
        |s| match format {
            SampleFormat::Official => crate::sample::write_sample(params, s.path(), true)
                .map(|f| f.iter().map(|p| s.final_path(p)).collect::<Vec<_>>()),
            SampleFormat::Table => crate::sample::write_table(params, s.path(), true)
                .map(|f| f.iter().map(|p| s.final_path(p)).collect()),
        },
        None,
    )?;
    for f in files {
        println!("wrote {}", shown(&f));
    }
    Ok(())
}
