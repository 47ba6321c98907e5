//! `run`, `report` and `verify`: the main job, driven by one [`RunConfig`] whether it comes from a
//! TOML file, from the flags, or from the embedded sample.

use super::{ClusterArgs, FilterArgs, InputArgs, LookArgs, PcaArgs, SpecArgs};
use crate::job::config::{
    ClusteringConfig, InputsConfig, OutputConfig, PcaConfig, RunConfig, SelectionConfig,
};
use crate::job::execute::{self, JobOptions, JobResult};
use crate::job::settings::{self, defaults, Format, Origin, Preset, Sector, Tables};
use crate::output::Dialect;
use crate::{Error, Result};
use std::path::{Path, PathBuf};

/// The analysis flags of a command (`cluster`, `spec`, `look`: `None` for the commands without them).
#[derive(Clone, Copy)]
pub struct Flags<'a> {
    pub input: &'a InputArgs,
    pub filter: &'a FilterArgs,
    pub pca: &'a PcaArgs,
    pub cluster: Option<&'a ClusterArgs>,
    pub spec: Option<&'a SpecArgs>,
    pub look: Option<&'a LookArgs>,
}

impl<'a> Flags<'a> {
    /// The flags of every analysing command; add the others with the `with_*` methods.
    pub fn new(input: &'a InputArgs, filter: &'a FilterArgs, pca: &'a PcaArgs) -> Self {
        Flags {
            input,
            filter,
            pca,
            cluster: None,
            spec: None,
            look: None,
        }
    }

    /// With the clustering flags.
    pub fn with_cluster(self, cluster: &'a ClusterArgs) -> Self {
        Flags {
            cluster: Some(cluster),
            ..self
        }
    }

    /// With the selection flags.
    pub fn with_spec(self, spec: &'a SpecArgs) -> Self {
        Flags {
            spec: Some(spec),
            ..self
        }
    }

    /// With the figures' flags.
    pub fn with_look(self, look: &'a LookArgs) -> Self {
        Flags {
            look: Some(look),
            ..self
        }
    }
}

/// Output choices of `run` (flags override the config's).
pub struct OutputFlags {
    pub dialect: Option<Dialect>,
    pub format: Vec<Format>,
    pub tables_only: bool,
    pub tables: Option<Tables>,
}

/// Paths made absolute, so that a manifest's config re-runs from any folder.
fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The run configuration the flags describe (a selection with the Nantes preset by default, public
/// schools, axis 1 oriented by IPS when IPS is active — as `select`). Not checked: see [`checked`].
pub fn flags_config(f: &Flags) -> Result<RunConfig> {
    let i = f.input;
    let files: Vec<PathBuf> = i.paths()?.iter().map(|p| absolute(p)).collect();
    let mut filter = f.filter.filter();
    if filter.sector.is_none() {
        filter.sector = Some(Sector::Public.as_str().into());
    }
    let p = f.pca;
    let active = p.active();
    let orient = if p.orient.is_empty()
        && active
            .iter()
            .any(|a| crate::data::normalize::header_key(a) == "ips")
    {
        vec![defaults::ORIENT.to_string()]
    } else {
        p.orient.clone()
    };
    let clustering = match f.cluster {
        Some(c) => ClusteringConfig {
            enabled: true,
            k: c.k,
            min_k: c.min_k,
            max_k: c.max_k,
            consolidate: !c.no_consolidation,
            iter_max: c.iter_max,
            kk: c.kk,
            seed: c.seed,
            method: c.method,
            n_init: c.n_init,
            bootstrap: c.bootstrap,
        },
        None => ClusteringConfig {
            enabled: false,
            ..ClusteringConfig::default()
        },
    };
    let selection = match f.spec {
        Some(s) => {
            let (preset, spec) = match (&s.spec, s.preset) {
                (Some(sp), _) => (None, Some(absolute(sp))),
                (None, Some(p)) => (Some(p), None),
                (None, None) => (Some(Preset::Auto), None),
            };
            SelectionConfig {
                preset,
                spec,
                n: s.n,
                equity: s.equity,
                sensitivity: SpecArgs::off(s.no_sensitivity),
                matching: SpecArgs::off(s.no_matching),
                neighbourhood: SpecArgs::off(s.no_neighbourhood),
                decisions: s.decisions.as_ref().map(|d| absolute(d)),
                reference: s.reference.as_ref().map(|d| absolute(d)),
                n_per_level: Default::default(),
            }
        }
        None => SelectionConfig {
            preset: None,
            ..SelectionConfig::default()
        },
    };
    let output = match f.look {
        Some(l) => OutputConfig {
            lang: l.lang,
            boundaries: l.boundaries(f.input).map(|b| absolute(&b)),
            ..OutputConfig::default()
        },
        None => OutputConfig::default(),
    };
    Ok(RunConfig {
        inputs: InputsConfig {
            files,
            dataset: i.dataset.clone(),
            year: i.year.clone(),
            session: i.session.clone(),
            strict: i.strict,
            separator: i.separator,
            missing_tokens: i.missing_tokens.clone(),
            id_column: i.id_column.clone().map(crate::job::config::IdColumn::All),
            encoding: i.encoding,
            max_bytes: i.max_input_bytes,
            mean_sessions: i.mean_sessions,
        },
        filter,
        pca: PcaConfig {
            active,
            quali_sup: p.quali_sup.clone(),
            quanti_sup: p.quanti_sup.clone(),
            weights: p.weights.clone(),
            ncp: p.ncp,
            missing: p.missing,
            impute_ncp: p.impute_ncp,
            orient,
        },
        clustering,
        selection,
        output,
        labels: Default::default(),
        allocation: None,
    })
}

/// The run configuration of the flags, every setting checked as a whole (cross-checks such as
/// `--orient 6:ips` with `--ncp 5`, `--method kmeans` without `--k`, the selection spec), with each
/// error naming its flag or its line of the spec file; and where the settings came from.
pub fn checked(f: &Flags) -> Result<(RunConfig, Origin)> {
    let cfg = flags_config(f)?;
    let origin = Origin::flags(cfg.selection.spec.clone());
    settings::check_run(&cfg).map_err(|e| origin.attribute(e))?;
    Ok((cfg, origin))
}

/// Apply the output flags to a config (flags win; `--format` adds to csv).
pub fn apply_output_flags(cfg: &mut RunConfig, o: &OutputFlags) {
    if let Some(d) = o.dialect {
        cfg.output.dialect = d;
    }
    for f in &o.format {
        if !cfg.output.format.contains(f) {
            cfg.output.format.push(*f);
        }
    }
    if o.tables_only {
        cfg.output.figures = false;
        cfg.output.maps = false;
        cfg.output.report = false;
    }
    if let Some(t) = o.tables {
        cfg.output.tables = t;
    }
}

/// Run the job with a progress bar on stderr (hidden with `quiet`, and by indicatif when stderr is not
/// a terminal).
pub fn execute(
    cfg: &RunConfig,
    dir: PathBuf,
    force: bool,
    quiet: bool,
    rejected: Option<PathBuf>,
) -> Result<JobResult> {
    let progress = if quiet {
        crate::progress::Progress::hidden()
    } else {
        crate::progress::Progress::stderr()
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
    execute::execute(
        cfg,
        &JobOptions {
            dir,
            force,
            bar: bar.clone(),
            progress,
            rejected,
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
pub fn print_summary(r: &JobResult, dir: &Path, quiet: bool, json: bool, lang: crate::i18n::Lang) {
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
            "levels": r.levels.iter().map(|d| serde_json::json!({
                "level": d.level.name(),
                "rows_joined": d.analysis.rows_in,
                "rows_analysed": d.analysis.pca.result.n,
                "clusters": d.analysis.hcpc.as_ref().map(|h| h.k),
                "budget": d.selection.as_ref().map(|s| s.spec.budget.n),
                "selected": d.selection.as_ref().map(|s| s.selected.clone()),
            })).collect::<Vec<_>>(),
        });
        println!("{summary}");
    }
    if !quiet {
        for m in a.hcpc.iter().flat_map(|h| h.messages()) {
            eprintln!("note: {m}");
        }
        use crate::i18n::{Labels, Msg};
        let l = Labels::new(lang);
        if !r.levels.is_empty() {
            print_levels(r, dir, &l);
            return;
        }
        let report = r.files.iter().any(|f| f.ends_with("report.html"));
        let short = r
            .selection
            .as_ref()
            .and_then(|s| s.shortfall())
            .map(|(eligible, n)| l.f(Msg::SummaryShortfall, &[("eligible", &eligible), ("n", &n)]))
            .unwrap_or_default();
        eprintln!(
            "{}{short}{}",
            l.f(
                Msg::Summary,
                &[
                    ("joined", &a.rows_in),
                    ("analysed", &a.pca.result.n),
                    ("clusters", &a.clusters_phrase(&l)),
                    (
                        "selected",
                        &r.selection.as_ref().map_or(0, |s| s.selected.len())
                    ),
                    ("files", &r.files.len()),
                    ("dir", &crate::error::shown(dir)),
                ],
            ),
            if report { l.t(Msg::OpenReport) } else { "" }
        );
    }
}

/// The summary of a run over several school levels: a line per level (with its shortfall), then
/// the folder.
fn print_levels(r: &JobResult, dir: &Path, l: &crate::i18n::Labels) {
    use crate::i18n::Msg;
    for d in &r.levels {
        let a = &d.analysis;
        for m in a.hcpc.iter().flat_map(|h| h.messages()) {
            eprintln!("note: {}: {m}", d.level.name());
        }
        let s = d.selection.as_ref();
        let short = s
            .and_then(|s| s.shortfall())
            .map(|(eligible, n)| l.f(Msg::SummaryShortfall, &[("eligible", &eligible), ("n", &n)]))
            .unwrap_or_default();
        eprintln!(
            "{}{short}",
            l.f(
                Msg::SummaryLevel,
                &[
                    ("level", &d.level.words()),
                    ("joined", &a.rows_in),
                    ("analysed", &a.pca.result.n),
                    ("clusters", &a.clusters_phrase(l)),
                    ("selected", &s.map_or(0, |s| s.selected.len())),
                    ("n", &s.map_or(0, |s| s.spec.budget.n)),
                ],
            )
        );
    }
    let report = r.files.iter().any(|f| f.ends_with("report.html"));
    eprintln!(
        "{}{}",
        l.f(
            Msg::SummaryLevels,
            &[
                ("levels", &r.levels.len()),
                ("files", &r.files.len()),
                ("dir", &crate::error::shown(dir)),
            ],
        ),
        if report { l.t(Msg::OpenReport) } else { "" }
    );
}

/// `ciblage verify DIR [--hashes-only]`.
pub fn verify(dir: &Path, hashes_only: bool) -> Result<()> {
    let v = execute::verify(dir, !hashes_only)?;
    for p in &v.problems {
        println!("{p}");
    }
    if v.problems.is_empty() {
        println!(
            "{}: {} output(s) {}",
            crate::error::shown(dir),
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
