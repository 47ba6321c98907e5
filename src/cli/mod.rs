//! Argument definitions and dispatch for the `ciblage` binary.

use ciblage::data::{self, summary, LoadOptions};
use ciblage::output::Dialect;
use ciblage::{Error, Result};
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};

mod run;

#[derive(Parser)]
#[command(
    name = "ciblage",
    version,
    about = "Choose schools for a contrat local d'accompagnement (CLA) from official French school data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load, check and join input files; print what was kept and rejected.
    Validate {
        #[command(flatten)]
        input: InputArgs,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Standardised PCA identical to FactoMineR (eigenvalues.csv, variables.csv, individuals.csv, quali_sup.csv, pca.json).
    Pca {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        pca: PcaArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// PCA then HCPC (Ward + consolidation): the PCA files plus clusters.csv, cluster_description.csv,
    /// cluster_categories.csv, tree.csv, clusters.json.
    Cluster {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        pca: PcaArgs,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Choose schools: criteria, orphan detection, budget, explanations (the cluster files plus
    /// selection.csv, selection.geojson, sensitivity.csv, matches.csv, balance.csv, selection.json).
    Select {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        pca: PcaArgs,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[command(flatten)]
        spec: SpecArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Explain, criterion by criterion, why a school is (not) selected.
    Explain {
        /// The school's UAI.
        uai: String,
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        pca: PcaArgs,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[command(flatten)]
        spec: SpecArgs,
    },
    /// The main job: validate, PCA, clusters, selection, figures, maps, report.html and manifest.json.
    Run {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        pca: PcaArgs,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[command(flatten)]
        spec: SpecArgs,
        #[command(flatten)]
        look: LookArgs,
        /// Output directory (default: a new ciblage-out folder).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite files in a non-empty output directory.
        #[arg(long)]
        force: bool,
        /// CSV dialect: standard or excel-fr (default: the config's, else standard).
        #[arg(long, alias = "csv-dialect")]
        dialect: Option<String>,
        /// Extra table formats, comma-separated: parquet writes schools.parquet (CSV is always written).
        #[arg(long, value_delimiter = ',')]
        format: Vec<String>,
        /// Same as --format parquet.
        #[arg(long, hide = true)]
        parquet: bool,
        /// Tables and manifest only: no figures, maps or report (benchmarks, very large inputs).
        #[arg(long)]
        tables_only: bool,
        /// Every setting in one TOML file (see `ciblage init --config`); other analysis flags are ignored.
        #[arg(long)]
        config: Option<PathBuf>,
        /// No summary on stderr.
        #[arg(long)]
        quiet: bool,
        /// Print a JSON summary on stdout.
        #[arg(long)]
        json: bool,
        /// Print the wall time and peak memory of each step on stderr (also in manifest.json).
        #[arg(long)]
        timings: bool,
    },
    /// Draw one plot (PNG and SVG).
    Plot {
        /// scree, circle, individuals, biplot, contrib, dendrogram, wratio, silhouette or profiles.
        #[arg(long)]
        what: String,
        /// Axes, e.g. 1,2.
        #[arg(long, default_value = "1,2")]
        axes: String,
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        pca: PcaArgs,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[command(flatten)]
        spec: SpecArgs,
        #[command(flatten)]
        look: LookArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Draw a map in Lambert-93 (PNG and SVG).
    Map {
        /// cluster, selected, orphan or a numeric indicator.
        #[arg(long = "color", default_value = "cluster")]
        colour: String,
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        pca: PcaArgs,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[command(flatten)]
        spec: SpecArgs,
        #[command(flatten)]
        look: LookArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Write the self-contained HTML report (same as run).
    Report {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        pca: PcaArgs,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[command(flatten)]
        spec: SpecArgs,
        #[command(flatten)]
        look: LookArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Write a commented selection spec to start from.
    Init {
        /// Where to write it (default: selection.toml, or ciblage.toml with --config).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write a run configuration (ciblage.toml) instead of a selection spec.
        #[arg(long)]
        config: bool,
        /// Overwrite.
        #[arg(long)]
        force: bool,
    },
    /// Re-run a run directory from its manifest.json and check that every output is byte-identical.
    Verify {
        /// Run directory.
        dir: PathBuf,
        /// Only compare the files with the hashes of the manifest (no re-run).
        #[arg(long)]
        hashes_only: bool,
    },
    /// Write synthetic tables in the official formats (IPS, IVAC, EP list, coordinates, boundaries).
    Sample {
        /// Number of collèges.
        #[arg(long, default_value_t = 300)]
        schools: usize,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
        /// official (the four official-format files) or table (one `colleges.csv`).
        #[arg(long, default_value = "official")]
        format: String,
    },
}

/// Inputs, as every command takes them.
#[derive(Args, Clone)]
pub struct InputArgs {
    /// Input files (CSV or Parquet).
    files: Vec<PathBuf>,
    /// Input file (repeatable; same as a positional file).
    #[arg(long = "input", short = 'i')]
    input: Vec<PathBuf>,
    /// Dataset preset for every input (default: recognised from the header).
    #[arg(long)]
    dataset: Option<String>,
    /// Field separator: ';', ',' or 'tab' (default: detected).
    #[arg(long)]
    separator: Option<String>,
    /// School year to keep from multi-year files (e.g. 2022-2023).
    #[arg(long)]
    year: Option<String>,
    /// DNB session to keep from IVAC files (default: the one ending the school year).
    #[arg(long)]
    session: Option<String>,
    /// Tokens read as missing, comma-separated (default: empty,NS,NA,nd,ND,-).
    #[arg(long = "missing-tokens", value_delimiter = ',')]
    missing_tokens: Option<Vec<String>>,
    /// Fail (exit 1) when any row is rejected.
    #[arg(long)]
    strict: bool,
    /// Write every rejected row with its reason to this CSV file.
    #[arg(long)]
    rejected: Option<PathBuf>,
}

/// Which schools to keep.
#[derive(Args, Clone)]
pub struct FilterArgs {
    /// Keep these académies (comma-separated, e.g. NANTES).
    #[arg(long, value_delimiter = ',')]
    academie: Vec<String>,
    /// Keep these départements (comma-separated codes, e.g. 44,49).
    #[arg(long, value_delimiter = ',')]
    departement: Vec<String>,
    /// Keep one sector: public or private.
    #[arg(long)]
    sector: Option<String>,
}

impl FilterArgs {
    fn filter(&self) -> ciblage::data::filter::Filter {
        ciblage::data::filter::Filter {
            academie: self.academie.clone(),
            departement: self.departement.clone(),
            sector: self.sector.clone(),
        }
    }
}

/// PCA settings.
#[derive(Args, Clone)]
pub struct PcaArgs {
    /// Id column (default: the UAI).
    #[arg(long, default_value = "uai")]
    id: String,
    /// Active variables (default: the seven indicators of the Nantes method).
    #[arg(long, value_delimiter = ',')]
    active: Vec<String>,
    /// Supplementary qualitative variables (default: ep_status when present).
    #[arg(long = "quali-sup", value_delimiter = ',')]
    quali_sup: Option<Vec<String>>,
    /// Supplementary quantitative variables.
    #[arg(long = "quanti-sup", value_delimiter = ',')]
    quanti_sup: Vec<String>,
    /// Column of row weights.
    #[arg(long)]
    weights: Option<String>,
    /// Components kept.
    #[arg(long, default_value_t = 5)]
    ncp: usize,
    /// Missing values in active variables: error, drop, mean or iterative.
    #[arg(long, default_value = "error")]
    missing: String,
    /// Components of the iterative imputation (missMDA's ncp).
    #[arg(long, default_value_t = 2)]
    impute_ncp: usize,
    /// Orient an axis: AXIS:VARIABLE (e.g. 1:ips makes axis 1 grow with IPS); repeatable.
    #[arg(long)]
    orient: Vec<String>,
}

/// The seven indicators of the Nantes method (the reference cases' active variables).
pub use ciblage::pipeline::NANTES_INDICATORS as DEFAULT_ACTIVE;

impl PcaArgs {
    fn spec(&self, table: &data::Table) -> Result<ciblage::pca::table::PcaSpec> {
        if self.id != "uai" {
            return Err(Error::Usage(format!(
                "--id {}: schools are identified by their UAI; other ids are not supported yet",
                self.id
            )));
        }
        let active = if self.active.is_empty() {
            DEFAULT_ACTIVE.iter().map(|s| s.to_string()).collect()
        } else {
            self.active.clone()
        };
        let quali_sup = match &self.quali_sup {
            Some(q) => q.clone(),
            None if table.columns.contains_key("ep_status") => vec!["ep_status".into()],
            None => Vec::new(),
        };
        Ok(ciblage::pca::table::PcaSpec {
            active,
            quali_sup,
            quanti_sup: self.quanti_sup.clone(),
            weights: self.weights.clone(),
        })
    }

    fn params(&self) -> Result<ciblage::pca::PcaValidParams> {
        let missing = self.missing.parse().map_err(Error::Usage)?;
        let orient = self
            .orient
            .iter()
            .map(|o| o.parse())
            .collect::<std::result::Result<Vec<_>, String>>()
            .map_err(Error::Usage)?;
        let impute = ciblage::pca::impute::ImputeParams {
            ncp: self.impute_ncp,
            ..Default::default()
        };
        ciblage::pca::PcaParams::new()
            .ncp(self.ncp)
            .missing(missing)
            .orient(orient)
            .impute(impute)
            .check()
    }
}

/// Clustering settings.
#[derive(Args, Clone)]
pub struct ClusterArgs {
    /// Number of clusters (default: chosen by the W(k)/W(k-1) rule).
    #[arg(long)]
    k: Option<usize>,
    /// Smallest k of the automatic rule.
    #[arg(long = "min-k", default_value_t = 3)]
    min_k: usize,
    /// Largest k of the automatic rule (default min(10, n/2)).
    #[arg(long = "max-k")]
    max_k: Option<usize>,
    /// Skip the k-means consolidation.
    #[arg(long)]
    no_consolidation: bool,
    /// Iterations of the consolidation.
    #[arg(long, default_value_t = 10)]
    iter_max: usize,
    /// Pre-cluster into this many groups before the tree (for very large inputs).
    #[arg(long)]
    kk: Option<usize>,
    /// Seed (pre-clustering, stability bootstrap).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Bootstrap replicates for cluster stability (Hennig's Jaccard; 0 = off).
    #[arg(long, default_value_t = 0)]
    bootstrap: usize,
    /// hcpc (Ward + consolidation, default) or kmeans (needs --k).
    #[arg(long, default_value = "hcpc")]
    method: String,
    /// k-means starts (best inertia kept).
    #[arg(long, default_value_t = 1)]
    n_init: usize,
}

/// Analyse with the clustering method asked for (HCPC, or k-means on the principal coordinates).
fn analyse_with(
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

impl ClusterArgs {
    /// The clustering method asked for.
    fn clustering(&self) -> Result<ciblage::pipeline::Clustering> {
        match self.method.as_str() {
            "hcpc" => Ok(ciblage::pipeline::Clustering::Hcpc(self.params()?)),
            "kmeans" => {
                let k = self
                    .k
                    .ok_or_else(|| Error::Usage("--method kmeans needs --k N".into()))?;
                Ok(ciblage::pipeline::Clustering::KMeans(
                    ciblage::cluster::kmeans::KMeansParams::new(k)
                        .seed(self.seed)
                        .n_init(self.n_init)
                        .check()?,
                ))
            }
            m => Err(Error::Usage(format!("--method {m}: hcpc or kmeans"))),
        }
    }

    fn params(&self) -> Result<ciblage::cluster::hcpc::HcpcValidParams> {
        ciblage::cluster::HcpcParams::new()
            .k(self.k)
            .min(self.min_k)
            .max(self.max_k)
            .consolidate(!self.no_consolidation)
            .iter_max(self.iter_max)
            .kk(self.kk)
            .seed(self.seed)
            .check()
    }
}

/// Figures and maps.
#[derive(Args, Clone)]
pub struct LookArgs {
    /// Label language: en or fr.
    #[arg(long, default_value = "en")]
    lang: String,
    /// Boundary GeoJSON for maps (default: departements.geojson next to the first input, if any).
    #[arg(long)]
    boundaries: Option<PathBuf>,
}

impl LookArgs {
    fn lang(&self) -> Result<ciblage::plot::Lang> {
        self.lang.parse().map_err(Error::Usage)
    }
    fn boundaries(&self, input: &InputArgs) -> Option<PathBuf> {
        self.boundaries.clone().or_else(|| {
            let first = input.paths().ok()?.into_iter().next()?;
            let p = first.parent()?.join("departements.geojson");
            p.exists().then_some(p)
        })
    }
}

/// Which selection.
#[derive(Args, Clone)]
pub struct SpecArgs {
    /// Selection spec (TOML).
    #[arg(long, conflicts_with = "preset")]
    spec: Option<PathBuf>,
    /// Built-in spec: nantes.
    #[arg(long)]
    preset: Option<String>,
    /// Schools to select (preset).
    #[arg(long, default_value_t = 21)]
    n: usize,
    /// Equity indicator of the nantes preset: access, ips_spread or success.
    #[arg(long, default_value = "access")]
    equity: String,
}

impl SpecArgs {
    /// The spec when one is asked for; `default_nantes` makes the Nantes preset the default.
    fn optional(
        &self,
        filter: &FilterArgs,
        default_nantes: bool,
    ) -> Result<Option<ciblage::select::SelectionSpec>> {
        if self.spec.is_none() && self.preset.is_none() && !default_nantes {
            return Ok(None);
        }
        let mut me = self.clone();
        if me.spec.is_none() && me.preset.is_none() {
            me.preset = Some("nantes".into());
        }
        me.spec(filter).map(Some)
    }

    fn spec(&self, filter: &FilterArgs) -> Result<ciblage::select::SelectionSpec> {
        match (&self.spec, self.preset.as_deref()) {
            (Some(p), _) => ciblage::select::SelectionSpec::from_file(p),
            (None, Some("nantes")) => {
                let equity = self.equity.parse().map_err(Error::Usage)?;
                Ok(ciblage::select::SelectionSpec::nantes(
                    filter.academie.clone(),
                    self.n,
                    equity,
                ))
            }
            (None, Some(o)) => Err(Error::Usage(format!("unknown preset '{o}' (nantes)"))),
            (None, None) => Err(Error::Usage(
                "give a selection: --spec FILE.toml or --preset nantes".into(),
            )),
        }
    }
}

/// Build the analysis configuration; `for_selection` makes axis 1 grow with IPS (unless --orient is
/// given) and keeps public schools (unless --sector is given): EP and CLA concern public schools.
fn config(
    filter: &FilterArgs,
    pca: &PcaArgs,
    cluster: Option<&ClusterArgs>,
    table: &data::Table,
    for_selection: bool,
) -> Result<ciblage::pipeline::AnalysisConfig> {
    let mut pca = pca.clone();
    if for_selection
        && pca.orient.is_empty()
        && (pca.active.is_empty() || pca.active.iter().any(|a| a == "ips"))
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
struct Done {
    analysis: ciblage::pipeline::Analysis,
    selection: Option<ciblage::select::Selection>,
}

/// Load, analyse and (when a spec is given or `default_nantes`) select.
fn full(
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
fn embedded_sample_config() -> Result<ciblage::pipeline::config::RunConfig> {
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
fn fresh_dir(base: &Path) -> PathBuf {
    if !base.exists() {
        return base.to_path_buf();
    }
    (2..)
        .map(|i| PathBuf::from(format!("{}-{i}", base.display())))
        .find(|p| !p.exists())
        .unwrap_or_else(|| base.to_path_buf())
}

/// Load, analyse and select.
fn select(
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

/// Where and how to write.
#[derive(Args, Clone)]
pub struct OutArgs {
    /// Output directory.
    #[arg(long)]
    out: PathBuf,
    /// Overwrite files in a non-empty output directory.
    #[arg(long)]
    force: bool,
    /// CSV dialect: standard (, and .) or excel-fr (; and decimal comma, BOM).
    #[arg(long, alias = "csv-dialect", default_value = "standard")]
    dialect: String,
}

impl OutArgs {
    fn prepare(&self, input: &InputArgs) -> Result<Dialect> {
        let d: Dialect = self.dialect.parse().map_err(Error::Usage)?;
        ciblage::output::prepare_dir(&self.out, &input.paths()?, self.force)?;
        Ok(d)
    }
}

impl InputArgs {
    fn paths(&self) -> Result<Vec<PathBuf>> {
        let v: Vec<PathBuf> = self.files.iter().chain(&self.input).cloned().collect();
        if v.is_empty() {
            return Err(Error::Usage(
                "no input file given (pass files or --input FILE)".into(),
            ));
        }
        Ok(v)
    }

    fn options(&self) -> Result<LoadOptions> {
        let separator = match self.separator.as_deref() {
            None => None,
            Some(";") => Some(b';'),
            Some(",") => Some(b','),
            Some("tab") | Some("\t") => Some(b'\t'),
            Some(s) => {
                return Err(Error::Usage(format!(
                    "--separator '{s}': use ';', ',' or 'tab'"
                )))
            }
        };
        let mut o = LoadOptions {
            dataset: self.dataset.clone(),
            separator,
            year: self.year.clone(),
            session: self.session.clone(),
            ..LoadOptions::default()
        };
        if let Some(m) = &self.missing_tokens {
            o.missing_tokens = m.clone();
            if !o.missing_tokens.iter().any(String::is_empty) {
                o.missing_tokens.push(String::new());
            }
        }
        Ok(o)
    }

    /// Load and join the inputs; write rejected rows; enforce --strict.
    pub fn load(&self) -> Result<data::Inputs> {
        let inputs = data::load_inputs(&self.paths()?, &self.options()?)?;
        let rejected = inputs.rejected();
        if let Some(p) = &self.rejected {
            summary::write_rejected(p, &rejected, Dialect::Standard)?;
        }
        if self.strict {
            if let Some(first) = rejected.first() {
                return Err(Error::Strict {
                    count: rejected.len(),
                    first: first.to_string(),
                });
            }
        }
        Ok(inputs)
    }
}

pub fn run() -> Result<()> {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    match cli.command {
        Command::Validate { input, json } => {
            let inputs = input.load()?;
            if json {
                let s = serde_json::to_string_pretty(&summary::validation(&inputs))
                    .map_err(|e| Error::Usage(e.to_string()))?;
                println!("{s}");
            } else {
                print!("{}", summary::render_text(&inputs, 20));
            }
            Ok(())
        }
        Command::Pca {
            input,
            filter,
            pca,
            out,
        } => {
            let params = pca.params()?;
            let dialect = out.prepare(&input)?;
            let inputs = input.load()?;
            let (table, excluded) = filter.filter().apply(&inputs.table);
            let spec = pca.spec(&table)?;
            let run = ciblage::pca::table::run(&table, &spec, &params)?;
            for w in &run.warnings {
                eprintln!("warning: {w}");
            }
            ciblage::pca::export::write(&run, &out.out, dialect)?;
            let e = &run.result.eigenvalues;
            eprintln!(
                "PCA of {} schools x {} variables ({} excluded by filters, {} dropped for missing values): axis 1 {:.1} %, axis 2 {:.1} %; written to {}",
                run.result.n,
                run.result.p,
                excluded.len(),
                run.rejected.len(),
                e[0].percentage_of_variance,
                e.get(1).map_or(0.0, |x| x.percentage_of_variance),
                out.out.display()
            );
            Ok(())
        }
        Command::Cluster {
            input,
            filter,
            pca,
            cluster,
            out,
        } => {
            cluster.params()?;
            pca.params()?;
            let dialect = out.prepare(&input)?;
            let inputs = input.load()?;
            let cfg = config(&filter, &pca, Some(&cluster), &inputs.table, false)?;
            let a = analyse_with(&inputs, &cfg, &cluster)?;
            for w in &a.pca.warnings {
                eprintln!("warning: {w}");
            }
            ciblage::pca::export::write(&a.pca, &out.out, dialect)?;
            ciblage::pipeline::export::write_clusters(&a, &out.out, dialect)?;
            if let Some(h) = &a.hcpc {
                eprintln!(
                    "{} schools in {} clusters (sizes {:?}); written to {}",
                    a.pca.result.n,
                    h.k,
                    h.sizes,
                    out.out.display()
                );
            }
            Ok(())
        }
        Command::Select {
            input,
            filter,
            pca,
            cluster,
            spec,
            out,
        } => {
            let dialect = out.prepare(&input)?;
            let (a, sel) = select(&input, &filter, &pca, &cluster, &spec)?;
            ciblage::pca::export::write(&a.pca, &out.out, dialect)?;
            ciblage::pipeline::export::write_clusters(&a, &out.out, dialect)?;
            ciblage::select::export::write(&sel, &out.out, dialect)?;
            let eligible = sel.schools.iter().filter(|s| s.eligible).count();
            let all = sel.orphan_counts.get("ALL").cloned().unwrap_or_default();
            eprintln!(
                "{} schools analysed, {} eligible, {} selected; orphans: threshold {}, cluster {}, neighbourhood {}; written to {}",
                sel.schools.len(),
                eligible,
                sel.selected.len(),
                all.threshold,
                all.cluster,
                all.neighbourhood,
                out.out.display()
            );
            Ok(())
        }
        Command::Explain {
            uai,
            input,
            filter,
            pca,
            cluster,
            spec,
        } => {
            let (_, sel) = select(&input, &filter, &pca, &cluster, &spec)?;
            print!("{}", sel.explain(&uai)?);
            Ok(())
        }
        Command::Run {
            input,
            filter,
            pca,
            cluster,
            spec,
            look,
            out,
            force,
            dialect,
            format,
            parquet,
            tables_only,
            config,
            quiet,
            json,
            timings,
        } => {
            let no_inputs = input.files.is_empty() && input.input.is_empty();
            // With a config file, or with no input at all (the embedded sample), everything comes from
            // a RunConfig; otherwise the flags are turned into one.
            let mut cfg = match (&config, no_inputs) {
                (Some(p), _) => ciblage::pipeline::config::RunConfig::from_file(p)?,
                (None, true) => embedded_sample_config()?,
                (None, false) => run::flags_config(&run::Flags {
                    input: &input,
                    filter: &filter,
                    pca: &pca,
                    cluster: &cluster,
                    spec: &spec,
                    look: &look,
                })?,
            };
            let mut format = format;
            if parquet {
                format.push("parquet".into());
            }
            run::apply_output_flags(
                &mut cfg,
                &run::OutputFlags {
                    dialect,
                    format,
                    tables_only,
                },
            )?;
            let dir = out.unwrap_or_else(|| fresh_dir(&cfg.output.dir));
            let r = run::execute(&cfg, dir.clone(), force, quiet)?;
            if let Some(p) = &input.rejected {
                summary::write_rejected(p, &r.inputs.rejected(), Dialect::Standard)?;
            }
            run::print_summary(&r, &dir, quiet, json);
            if timings {
                run::print_timings(&r);
            }
            // The process ends here: leave the large tables to the OS rather than freeing millions of
            // strings one by one (a second at 1M schools).
            std::mem::forget(r);
            Ok(())
        }
        Command::Plot {
            what,
            axes,
            input,
            filter,
            pca,
            cluster,
            spec,
            look,
            out,
        } => {
            let lang = look.lang()?;
            let (a1, a2) = axes
                .split_once(',')
                .ok_or_else(|| Error::Usage(format!("--axes {axes}: write two axes, e.g. 1,2")))?;
            let parse = |x: &str| {
                x.trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|v| *v >= 1 && *v <= pca.ncp)
                    .ok_or_else(|| {
                        Error::Usage(format!(
                            "--axes {axes}: axes go from 1 to ncp = {}",
                            pca.ncp
                        ))
                    })
            };
            let axes = (parse(a1)? - 1, parse(a2)? - 1);
            if !ciblage::report::figures::PLOTS.contains(&what.as_str()) && what != "wratio" {
                return Err(Error::Usage(format!(
                    "--what {what}: one of {}, wratio",
                    ciblage::report::figures::PLOTS.join(", ")
                )));
            }
            out.prepare(&input)?;
            let d = full(&input, &filter, &pca, &cluster, &spec, false)?;
            match ciblage::report::figures::plot(
                &d.analysis,
                d.selection.as_ref(),
                &what,
                axes,
                lang,
            )? {
                Some(r) => {
                    for p in ciblage::plot::write(&out.out, &what, &r)? {
                        eprintln!("wrote {}", p.display());
                    }
                    Ok(())
                }
                None => Err(Error::Usage(format!("--what {what} needs the clustering"))),
            }
        }
        Command::Map {
            colour,
            input,
            filter,
            pca,
            cluster,
            spec,
            look,
            out,
        } => {
            let lang = look.lang()?;
            out.prepare(&input)?;
            let d = full(
                &input,
                &filter,
                &pca,
                &cluster,
                &spec,
                colour == "selected" || colour == "orphan",
            )?;
            let r = ciblage::report::figures::map(
                &d.analysis,
                d.selection.as_ref(),
                &colour,
                look.boundaries(&input).as_deref(),
                lang,
            )?;
            for p in ciblage::plot::write(&out.out, &format!("map_{colour}"), &r)? {
                eprintln!("wrote {}", p.display());
            }
            Ok(())
        }
        Command::Report {
            input,
            filter,
            pca,
            cluster,
            spec,
            look,
            out,
        } => {
            let mut cfg = run::flags_config(&run::Flags {
                input: &input,
                filter: &filter,
                pca: &pca,
                cluster: &cluster,
                spec: &spec,
                look: &look,
            })?;
            cfg.output.dialect = out.dialect.clone();
            let r = run::execute(&cfg, out.out.clone(), out.force, true)?;
            run::print_summary(&r, &out.out, true, false);
            eprintln!("wrote {}", out.out.join("report.html").display());
            Ok(())
        }
        Command::Init { out, config, force } => {
            let (default, body) = if config {
                ("ciblage.toml", ciblage::pipeline::config::TEMPLATE)
            } else {
                ("selection.toml", ciblage::select::spec::TEMPLATE)
            };
            let out = out.unwrap_or_else(|| PathBuf::from(default));
            if out.exists() && !force {
                return Err(Error::Output {
                    path: out,
                    reason: "exists already; pass --force to overwrite it".into(),
                });
            }
            ciblage::output::write_atomic(&out, body.as_bytes())?;
            eprintln!(
                "wrote {} (edit it, then: {})",
                out.display(),
                if config {
                    format!("ciblage run --config {}", out.display())
                } else {
                    format!("ciblage select --spec {} INPUTS --out DIR", out.display())
                }
            );
            Ok(())
        }
        Command::Verify { dir, hashes_only } => run::verify(&dir, hashes_only),
        Command::Sample {
            schools,
            seed,
            out,
            force,
            format,
        } => {
            let params = ciblage::sample::SampleParams::new(schools, seed);
            let files = match format.as_str() {
                "official" => ciblage::sample::write_sample(&params, &out, force)?,
                "table" => ciblage::sample::write_table(&params, &out, force)?,
                other => {
                    return Err(Error::Usage(format!(
                        "unknown sample format '{other}'; use official or table"
                    )))
                }
            };
            for f in files {
                println!("wrote {}", f.display());
            }
            Ok(())
        }
    }
}
