//! `run`, `report` and `verify`: the main job, driven by one [`RunConfig`] whether it comes from a
//! TOML file, from the flags, or from the embedded sample.

use super::{ClusterArgs, FilterArgs, InputArgs, LookArgs, PcaArgs, SpecArgs};
use ciblage::pipeline::config::{
    ClusteringConfig, InputsConfig, OutputConfig, PcaConfig, RunConfig, SelectionConfig,
};
use ciblage::pipeline::job::{self, JobOptions, JobResult};
use ciblage::{Error, Result};
use std::path::{Path, PathBuf};

/// The analysis flags shared by `run` and `report`.
pub struct Flags<'a> {
    pub input: &'a InputArgs,
    pub filter: &'a FilterArgs,
    pub pca: &'a PcaArgs,
    pub cluster: &'a ClusterArgs,
    pub spec: &'a SpecArgs,
    pub look: &'a LookArgs,
}

/// Output choices of `run` (flags override the config's).
pub struct OutputFlags {
    pub dialect: Option<String>,
    pub format: Vec<String>,
    pub tables_only: bool,
    pub tables: Option<String>,
}

/// Paths made absolute, so that a manifest's config re-runs from any folder.
fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The run configuration the flags describe (a selection with the Nantes preset by default, public
/// schools, axis 1 oriented by IPS when IPS is active — as `select`).
pub fn flags_config(f: &Flags) -> Result<RunConfig> {
    let i = f.input;
    let files: Vec<PathBuf> = i.paths()?.iter().map(|p| absolute(p)).collect();
    let mut filter = f.filter.filter();
    if filter.sector.is_none() {
        filter.sector = Some("public".into());
    }
    let p = f.pca;
    if p.id != "uai" {
        return Err(Error::Usage(format!(
            "--id {}: schools are identified by their UAI; other ids are not supported yet",
            p.id
        )));
    }
    let active = if p.active.is_empty() {
        super::DEFAULT_ACTIVE
            .iter()
            .map(|s| s.to_string())
            .collect()
    } else {
        p.active.clone()
    };
    let orient = if p.orient.is_empty() && active.iter().any(|a| a == "ips") {
        vec!["1:ips".to_string()]
    } else {
        p.orient.clone()
    };
    let c = f.cluster;
    let (preset, spec) = match (&f.spec.spec, &f.spec.preset) {
        (Some(s), _) => (None, Some(absolute(s))),
        (None, Some(p)) => (Some(p.clone()), None),
        (None, None) => (Some("nantes".to_string()), None),
    };
    Ok(RunConfig {
        inputs: InputsConfig {
            files,
            dataset: i.dataset.clone(),
            year: i.year.clone(),
            session: i.session.clone(),
            strict: i.strict,
            separator: i.separator.clone(),
            missing_tokens: i.missing_tokens.clone(),
            encoding: i.encoding.clone(),
            max_bytes: i
                .max_input_bytes
                .clone()
                .map(ciblage::pipeline::config::Size::Text),
        },
        filter,
        pca: PcaConfig {
            active,
            quali_sup: p.quali_sup.clone(),
            quanti_sup: p.quanti_sup.clone(),
            weights: p.weights.clone(),
            ncp: p.ncp,
            missing: p.missing.parse().map_err(Error::Usage)?,
            impute_ncp: p.impute_ncp,
            orient,
        },
        clustering: ClusteringConfig {
            enabled: true,
            k: c.k,
            min_k: c.min_k,
            max_k: c.max_k,
            consolidate: !c.no_consolidation,
            iter_max: c.iter_max,
            kk: c.kk,
            seed: c.seed,
            method: c.method.clone(),
            n_init: c.n_init,
            bootstrap: c.bootstrap,
        },
        selection: SelectionConfig {
            preset,
            spec,
            n: f.spec.n,
            equity: f.spec.equity.clone(),
            sensitivity: SpecArgs::off(f.spec.no_sensitivity),
            matching: SpecArgs::off(f.spec.no_matching),
            neighbourhood: SpecArgs::off(f.spec.no_neighbourhood),
        },
        output: OutputConfig {
            lang: f.look.lang.clone(),
            boundaries: f.look.boundaries(f.input).map(|b| absolute(&b)),
            ..OutputConfig::default()
        },
    })
}

/// Apply the output flags to a config (flags win; `--format` adds to csv).
pub fn apply_output_flags(cfg: &mut RunConfig, o: &OutputFlags) -> Result<()> {
    if let Some(d) = &o.dialect {
        let _: ciblage::output::Dialect = d.parse().map_err(Error::Usage)?;
        cfg.output.dialect = d.clone();
    }
    for f in &o.format {
        if f != "csv" && f != "parquet" {
            return Err(Error::Usage(format!("--format {f}: csv or parquet")));
        }
        if !cfg.output.format.contains(f) {
            cfg.output.format.push(f.clone());
        }
    }
    if o.tables_only {
        cfg.output.figures = false;
        cfg.output.maps = false;
        cfg.output.report = false;
    }
    if let Some(t) = &o.tables {
        if t != "full" && t != "compact" {
            return Err(Error::Usage(format!("--tables {t}: full or compact")));
        }
        cfg.output.tables = t.clone();
    }
    Ok(())
}

/// Run the job with a progress bar on stderr (hidden with `quiet`, and by indicatif when stderr is not
/// a terminal).
pub fn execute(cfg: &RunConfig, dir: PathBuf, force: bool, quiet: bool) -> Result<JobResult> {
    let progress = if quiet {
        ciblage::progress::Progress::hidden()
    } else {
        ciblage::progress::Progress::stderr()
    };
    let bar = if quiet {
        indicatif::ProgressBar::hidden()
    } else {
        let b = progress.add(indicatif::ProgressBar::new(0));
        b.set_style(
            indicatif::ProgressStyle::with_template("{spinner} [{pos}/{len}] {msg} ({elapsed})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        b.enable_steady_tick(std::time::Duration::from_millis(120));
        b
    };
    job::execute(
        cfg,
        &JobOptions {
            dir,
            force,
            bar: bar.clone(),
            progress,
        },
    )
    .inspect_err(|_| bar.finish_and_clear())
}

/// The measured steps as a table (`--timings`).
pub fn print_timings(r: &JobResult) {
    eprintln!("{:<14} {:>10} {:>14}", "step", "seconds", "peak MiB");
    let mut total = 0.0;
    for s in &r.steps {
        total += s.seconds;
        let peak = s.peak_rss_mib.map_or("-".into(), |m| format!("{m:.0}"));
        eprintln!("{:<14} {:>10.3} {:>14}", s.name, s.seconds, peak);
    }
    let peak = r
        .steps
        .iter()
        .filter_map(|s| s.peak_rss_mib)
        .fold(None, |a: Option<f64>, m| Some(a.map_or(m, |a| a.max(m))));
    eprintln!(
        "{:<14} {:>10.3} {:>14}",
        "all steps",
        total,
        peak.map_or("-".into(), |m| format!("{m:.0}"))
    );
}

/// Print what a run did: a line on stderr (unless quiet), a JSON summary on stdout with `json`.
pub fn print_summary(r: &JobResult, dir: &Path, quiet: bool, json: bool) {
    let a = &r.analysis;
    if json {
        let summary = serde_json::json!({
            "out": dir.display().to_string(),
            "rows_joined": a.rows_in,
            "rows_excluded": a.excluded.len(),
            "rows_dropped": a.pca.rejected.len(),
            "rows_analysed": a.pca.result.n,
            "clusters": a.hcpc.as_ref().map(|h| h.k),
            "selected": r.selection.as_ref().map(|s| s.selected.clone()),
            "files": r.files.len(),
            "steps": r.steps,
        });
        println!("{summary}");
    }
    if !quiet {
        eprintln!(
            "{} rows joined, {} analysed, {} clusters, {} selected; {} files written to {}{}",
            a.rows_in,
            a.pca.result.n,
            a.hcpc.as_ref().map_or(0, |h| h.k),
            r.selection.as_ref().map_or(0, |s| s.selected.len()),
            r.files.len(),
            dir.display(),
            if r.files.iter().any(|f| f.ends_with("report.html")) {
                " (open report.html)"
            } else {
                ""
            }
        );
    }
}

/// `ciblage verify DIR [--hashes-only]`.
pub fn verify(dir: &Path, hashes_only: bool) -> Result<()> {
    let v = job::verify(dir, !hashes_only)?;
    for p in &v.problems {
        println!("{p}");
    }
    if v.problems.is_empty() {
        println!(
            "{}: {} output(s) {}",
            dir.display(),
            v.identical,
            if v.rerun {
                "re-run from manifest.json: byte-identical"
            } else {
                "match the hashes of manifest.json (not re-run)"
            }
        );
        Ok(())
    } else {
        Err(Error::Output {
            path: dir.into(),
            reason: format!(
                "{} difference(s) with manifest.json (listed above)",
                v.problems.len()
            ),
        })
    }
}
