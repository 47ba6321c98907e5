//! Check → load → analyse → select for the commands that work from flags (pca, cluster, select,
//! explain, plot, map), and the defaults of `run` without input.
//!
//! Every command follows the same order: every flag checked ([`prepare`]: the flags as one run
//! configuration, with the selection spec), then the paths (no output is, or holds, a file the command
//! reads), then the inputs are loaded and the settings that depend on the data checked
//! ([`crate::job::settings::check_loaded`]), then the computation, then the outputs, written
//! whole or not at all ([`crate::output::stage`]).

use super::run::{self, Flags};
use super::{ClusterArgs, FilterArgs, InputArgs, OutArgs, PcaArgs, SpecArgs};
use crate::data::{self, summary};
use crate::job::settings::{self, Origin};
use crate::output::paths::{self, Output};
use crate::output::Dialect;
use crate::{Error, Result};
use std::path::{Path, PathBuf};

/// Check the flags and the paths before anything is read: the settings as one run configuration
/// (errors name the flag, or the line of the spec file), then the outputs (`out` folder,
/// `--rejected`) against every file the command reads. Returns where the settings came from, to name
/// the settings found wrong later, against the data.
pub(crate) fn prepare(f: &Flags, out: Option<&OutArgs>) -> Result<Origin> {
    let (cfg, origin) = run::checked(f)?;
    let mut outputs = Vec::new();
    if let Some(o) = out {
        outputs.push(Output {
            path: &o.out,
            flag: "--out",
            folder: true,
        });
    }
    if let Some(r) = &f.input.rejected {
        outputs.push(Output {
            path: r,
            flag: "--rejected",
            folder: false,
        });
    }
    paths::check(
        &crate::job::execute::reads(&cfg),
        &outputs,
        out.is_some_and(|o| o.force),
    )?;
    Ok(origin)
}

/// The `--rejected` side file of a command: its path and the writer of the rows rejected at load.
pub(crate) fn rejected_side<'a>(
    input: &'a InputArgs,
    rows: &'a [data::Problem],
) -> Option<(&'a Path, impl Fn(&Path) -> Result<()> + 'a)> {
    input.rejected.as_deref().map(|p| {
        (p, move |tmp: &Path| {
            summary::write_rejected(tmp, rows, Dialect::Standard)
        })
    })
}

/// Write the folder `out` with `fill` (into a staging folder), then the `--rejected` file; on any
/// failure neither is left.
pub(crate) fn write_out<T>(
    out: &OutArgs,
    input: &InputArgs,
    inputs: &data::Inputs,
    fill: impl FnOnce(&Path) -> Result<T>,
) -> Result<T> {
    let rows = inputs.rejected();
    let side = rejected_side(input, &rows);
    let side_ref = side
        .as_ref()
        .map(|(p, w)| (*p, w as &dyn Fn(&Path) -> Result<()>));
    crate::output::stage::write_folder(&out.out, out.force, |s| fill(s.path()), side_ref)
}

/// Analyse with the clustering method asked for (HCPC, or k-means on the principal coordinates).
pub(crate) fn analyse_with(
    inputs: &data::Inputs,
    cfg: &crate::analysis::AnalysisConfig,
    cluster: &ClusterArgs,
) -> Result<crate::analysis::Analysis> {
    crate::analysis::analyse(inputs, cfg)?.with_stability(
        &cluster.clustering()?,
        cluster.bootstrap,
        cluster.seed,
    )
}

/// Build the analysis configuration; `for_selection` makes axis 1 grow with IPS (unless --orient is
/// given) and keeps public schools (unless --sector is given): EP and CLA concern public schools.
pub(crate) fn config(
    filter: &FilterArgs,
    pca: &PcaArgs,
    cluster: Option<&ClusterArgs>,
    table: &data::Table,
    for_selection: bool,
) -> Result<crate::analysis::AnalysisConfig> {
    let mut pca = pca.clone();
    // Axis 1 grows with IPS when IPS is active, whatever name stands for it (`IPS`, a table's own).
    let ips = table.resolve("ips").ok();
    if for_selection
        && pca.orient.is_empty()
        && (pca.active.is_empty()
            || pca
                .active
                .iter()
                .any(|a| a == "ips" || (ips.is_some() && table.resolve(a).ok() == ips)))
    {
        pca.orient.push(settings::defaults::ORIENT.to_string());
    }
    let mut f = filter.filter();
    if for_selection && f.sector.is_none() {
        f.sector = Some(settings::Sector::Public.as_str().into());
    }
    Ok(crate::analysis::AnalysisConfig {
        filter: f,
        spec: pca.spec(table)?,
        pca: pca.params()?,
        clustering: cluster.map(ClusterArgs::clustering).transpose()?,
    })
}

/// Everything a figure/report command needs.
pub(crate) struct Done {
    pub(crate) inputs: data::Inputs,
    pub(crate) analysis: crate::analysis::Analysis,
    pub(crate) selection: Option<crate::select::Selection>,
}

/// Load, check the settings against the data, analyse and (with a spec) select; `extra` checks more
/// settings against the loaded table (e.g. `map --color`). A setting found wrong at any step (against
/// the data, the clusters made) is named as the user gave it.
pub(crate) fn analyse(
    f: &Flags,
    origin: &Origin,
    spec: Option<&crate::select::SelectionSpec>,
    extra: impl FnOnce(&data::Table) -> Result<()>,
) -> Result<Done> {
    analyse_unnamed(f, spec, extra).map_err(|e| origin.attribute(e))
}

fn analyse_unnamed(
    f: &Flags,
    spec: Option<&crate::select::SelectionSpec>,
    extra: impl FnOnce(&data::Table) -> Result<()>,
) -> Result<Done> {
    let inputs = f.input.load()?;
    let for_selection = f.spec.is_some();
    // A level's preset (or `auto`: the files' level) brings its indicators and rules.
    let (level_pca, level_spec) = level_defaults(f, &inputs)?;
    let pca = level_pca.as_ref().unwrap_or(f.pca);
    let spec = level_spec.as_ref().or(spec);
    // One indicator (écoles): nothing to cluster.
    let cluster = f.cluster.filter(|_| pca.active.len() != 1);
    let cfg = config(f.filter, pca, cluster, &inputs.table, for_selection)?;
    settings::check_loaded(&cfg, spec, &inputs.table)?;
    extra(&inputs.table)?;
    let analysis = match cluster {
        Some(c) => analyse_with(&inputs, &cfg, c)?,
        None => crate::analysis::analyse(&inputs, &cfg)?,
    };
    let selection = match spec {
        Some(s) => Some(crate::select::select(&analysis, s)?),
        None => None,
    };
    Ok(Done {
        inputs,
        analysis,
        selection,
    })
}

/// For a level's preset other than the collèges' (named, or `auto` and the files of that level):
/// the PCA flags with the level's indicators and IPS axis when `--active` is not given, and the
/// level's spec. `None`s: the flags as given.
fn level_defaults(
    f: &Flags,
    inputs: &data::Inputs,
) -> Result<(Option<PcaArgs>, Option<crate::select::SelectionSpec>)> {
    use crate::job::settings::Preset;
    use crate::select::Level;
    let Some((args, preset)) = f
        .spec
        .filter(|s| s.spec.is_none())
        .and_then(|s| s.preset.map(|p| (s, p)))
    else {
        return Ok((None, None));
    };
    let level = match preset.level() {
        Some(l) => l,
        None => Level::of_datasets(inputs.loads.iter().map(|l| l.dataset.as_str()))
            .unwrap_or(Level::Colleges),
    };
    if level == Level::Colleges {
        return Ok((None, None));
    }
    let mut pca = f.pca.clone();
    if pca.active.is_empty() {
        pca.active = level.active().iter().map(|s| s.to_string()).collect();
        if pca.orient.is_empty() {
            pca.orient = vec![format!("1:{}", level.ips())];
        }
    }
    let mut args = args.clone();
    args.preset = Some(Preset::of_level(level));
    Ok((Some(pca), Some(args.spec(f.filter)?)))
}

/// The selection spec of the flags (the Nantes preset when `default_nantes` and none is given).
pub(crate) fn spec_of(
    spec: &SpecArgs,
    filter: &FilterArgs,
    default_nantes: bool,
) -> Result<Option<crate::select::SelectionSpec>> {
    spec.optional(filter, default_nantes)
}

/// The run configuration of the embedded sample (`ciblage run` with no input).
pub(crate) fn embedded_sample_config() -> Result<crate::job::config::RunConfig> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if !root.join("data-samples").is_dir() {
        return Err(Error::Usage("no input given and the embedded sample (data-samples/) is not here; pass input files or --config FILE".into()));
    }
    // Parse the template with paths relative to the crate root (the template names data-samples/...).
    let mut c: crate::job::config::RunConfig = crate::error::TomlFile::from_text(
        "<built-in template>",
        crate::job::config::TEMPLATE,
        crate::error::Schema::Config,
    )
    .parse()?;
    c.inputs.files = c.inputs.files.iter().map(|f| root.join(f)).collect();
    c.output.boundaries = c.output.boundaries.as_ref().map(|b| root.join(b));
    c.output.dir = PathBuf::from(settings::defaults::OUT_DIR);
    Ok(c)
}

/// `base`, or `base-2`, `base-3`... the first that does not exist yet.
pub(crate) fn fresh_dir(base: &Path) -> PathBuf {
    if !base.exists() {
        return base.to_path_buf();
    }
    (2..)
        .map(|i| PathBuf::from(format!("{}-{i}", base.display())))
        .find(|p| !p.exists())
        .unwrap_or_else(|| base.to_path_buf())
}
