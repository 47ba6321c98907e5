//! Load → analyse → select for the commands that work from flags (pca, cluster, select, explain, plot,
//! map), and the defaults of `run` without input.

use super::{ClusterArgs, FilterArgs, InputArgs, PcaArgs, SpecArgs};
use ciblage::data;
use ciblage::{Error, Result};
use std::path::{Path, PathBuf};

/// Analyse with the clustering method asked for (HCPC, or k-means on the principal coordinates).
pub(crate) fn analyse_with(
    inputs: &data::Inputs,
    cfg: &ciblage::pipeline::AnalysisConfig,
    cluster: &ClusterArgs,
) -> Result<ciblage::pipeline::Analysis> {
    ciblage::pipeline::analyse(inputs, cfg)?.with_stability(
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
) -> Result<ciblage::pipeline::AnalysisConfig> {
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
        pca.orient.push("1:ips".into());
    }
    let mut f = filter.filter();
    if for_selection && f.sector.is_none() {
        f.sector = Some("public".into());
    }
    Ok(ciblage::pipeline::AnalysisConfig {
        filter: f,
        spec: pca.spec(table)?,
        pca: pca.params()?,
        clustering: cluster.map(ClusterArgs::clustering).transpose()?,
    })
}

/// Everything a figure/report command needs.
pub(crate) struct Done {
    pub(crate) analysis: ciblage::pipeline::Analysis,
    pub(crate) selection: Option<ciblage::select::Selection>,
}

/// Load, analyse and (when a spec is given or `default_nantes`) select.
pub(crate) fn full(
    input: &InputArgs,
    filter: &FilterArgs,
    pca: &PcaArgs,
    cluster: &ClusterArgs,
    spec: &SpecArgs,
    default_nantes: bool,
) -> Result<Done> {
    let s = spec.optional(filter, default_nantes)?;
    cluster.params()?;
    pca.params()?;
    let inputs = input.load()?;
    let cfg = config(filter, pca, Some(cluster), &inputs.table, true)?;
    let analysis = analyse_with(&inputs, &cfg, cluster)?;
    let selection = match &s {
        Some(s) => Some(ciblage::select::select(&analysis, s)?),
        None => None,
    };
    Ok(Done {
        analysis,
        selection,
    })
}

/// The run configuration of the embedded sample (`ciblage run` with no input).
pub(crate) fn embedded_sample_config() -> Result<ciblage::pipeline::config::RunConfig> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if !root.join("data-samples").is_dir() {
        return Err(Error::Usage("no input given and the embedded sample (data-samples/) is not here; pass input files or --config FILE".into()));
    }
    // Parse the template with paths relative to the crate root (the template names data-samples/...).
    let mut c: ciblage::pipeline::config::RunConfig =
        toml::from_str(ciblage::pipeline::config::TEMPLATE).map_err(|e| Error::Config {
            path: "<built-in template>".into(),
            reason: e.to_string(),
        })?;
    c.inputs.files = c.inputs.files.iter().map(|f| root.join(f)).collect();
    c.output.boundaries = c.output.boundaries.as_ref().map(|b| root.join(b));
    c.output.dir = PathBuf::from("ciblage-out");
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

/// Load, analyse and select.
pub(crate) fn select(
    input: &InputArgs,
    filter: &FilterArgs,
    pca: &PcaArgs,
    cluster: &ClusterArgs,
    spec: &SpecArgs,
) -> Result<(ciblage::pipeline::Analysis, ciblage::select::Selection)> {
    let s = spec.spec(filter)?;
    cluster.params()?;
    pca.params()?;
    let inputs = input.load()?;
    let cfg = config(filter, pca, Some(cluster), &inputs.table, true)?;
    let a = analyse_with(&inputs, &cfg, cluster)?;
    let sel = ciblage::select::select(&a, &s)?;
    Ok((a, sel))
}
