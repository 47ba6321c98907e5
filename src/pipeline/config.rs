//! `ciblage run --config FILE.toml`: every setting of a run in one file (paths relative to the file).
//!
//! ```toml
//! [inputs]
//! files = ["ips.csv", "ivac.csv", "ep.csv", "geoloc.csv"]
//! year = "2022-2023"          # optional; the IVAC session is paired by default
//! strict = false
//! [filter]
//! academie = ["NANTES"]
//! sector = "public"
//! [pca]
//! active = ["ips", "ips_sd", "success_rate", "va_success_rate", "written_mark", "va_written_mark", "access_rate_6e_3e"]
//! quali_sup = ["ep_status"]
//! ncp = 5
//! missing = "drop"            # error | drop | mean | iterative
//! orient = ["1:ips"]
//! [clustering]
//! k = 4                       # optional: automatic W(k)/W(k-1) rule when absent
//! [selection]
//! preset = "nantes"           # or spec = "selection.toml"
//! n = 21
//! [output]
//! dir = "ciblage-out"
//! lang = "fr"
//! ```

use super::{AnalysisConfig, Clustering};
use crate::cluster::kmeans::KMeansParams;
use crate::cluster::HcpcParams;
use crate::data::filter::Filter;
use crate::data::LoadOptions;
use crate::error::{Error, Result};
use crate::pca::impute::ImputeParams;
use crate::pca::table::PcaSpec;
use crate::pca::{Missing, PcaParams};
use crate::select::spec::Equity;
use crate::select::SelectionSpec;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// `[inputs]`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputsConfig {
    /// Files (CSV or Parquet), relative to the config file.
    pub files: Vec<PathBuf>,
    /// Dataset preset for every file (default: recognised).
    pub dataset: Option<String>,
    /// School year.
    pub year: Option<String>,
    /// DNB session.
    pub session: Option<String>,
    /// Fail on any rejected row.
    #[serde(default)]
    pub strict: bool,
    /// Field separator: `;`, `,` or `tab` (default: detected).
    pub separator: Option<String>,
    /// Tokens read as missing (default: empty, NS, NA, nd, ND, -).
    pub missing_tokens: Option<Vec<String>>,
    /// Encoding of text inputs, a WHATWG label (default: UTF-8, UTF-16 from its byte-order mark,
    /// else Windows-1252).
    pub encoding: Option<String>,
    /// Size limit of one input: bytes, or a text such as `"8G"` (default: `CIBLAGE_MAX_INPUT_BYTES`,
    /// else 4 GiB).
    pub max_bytes: Option<Size>,
}

/// A size in a configuration: a number of bytes, or a text with a unit (`"500M"`, `"8G"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Size {
    /// Bytes.
    Bytes(u64),
    /// With a unit (K, M, G, T: powers of 1024).
    Text(String),
}

/// `[pca]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PcaConfig {
    /// Active variables.
    #[serde(default = "default_active")]
    pub active: Vec<String>,
    /// Supplementary qualitative variables (default: `ep_status` when the inputs have it).
    pub quali_sup: Option<Vec<String>>,
    /// Supplementary quantitative variables.
    #[serde(default)]
    pub quanti_sup: Vec<String>,
    /// Weights column.
    pub weights: Option<String>,
    /// Components.
    #[serde(default = "five")]
    pub ncp: usize,
    /// Missing-value policy.
    #[serde(default)]
    pub missing: Missing,
    /// Components of the iterative imputation.
    #[serde(default = "two")]
    pub impute_ncp: usize,
    /// Orientation rules (`"1:ips"`).
    #[serde(default = "default_orient")]
    pub orient: Vec<String>,
}

fn default_active() -> Vec<String> {
    super::NANTES_INDICATORS
        .iter()
        .map(|s| s.to_string())
        .collect()
}
fn default_orient() -> Vec<String> {
    vec!["1:ips".into()]
}
fn five() -> usize {
    5
}
fn two() -> usize {
    2
}

impl Default for PcaConfig {
    fn default() -> Self {
        PcaConfig {
            active: default_active(),
            quali_sup: None,
            quanti_sup: Vec::new(),
            weights: None,
            ncp: 5,
            missing: Missing::Error,
            impute_ncp: 2,
            orient: default_orient(),
        }
    }
}

/// `[clustering]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusteringConfig {
    /// Run the clustering.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Fixed k.
    pub k: Option<usize>,
    /// Smallest k of the automatic rule.
    #[serde(default = "three")]
    pub min_k: usize,
    /// Largest k.
    pub max_k: Option<usize>,
    /// Consolidate.
    #[serde(default = "yes")]
    pub consolidate: bool,
    /// Consolidation iterations.
    #[serde(default = "ten")]
    pub iter_max: usize,
    /// Pre-clustering groups.
    pub kk: Option<usize>,
    /// Seed.
    #[serde(default = "one")]
    pub seed: u64,
    /// `hcpc` (Ward + consolidation) or `kmeans` (needs `k`).
    #[serde(default = "hcpc")]
    pub method: String,
    /// k-means starts (best inertia kept).
    #[serde(default = "one_usize")]
    pub n_init: usize,
    /// Bootstrap replicates for cluster stability (0 = off).
    #[serde(default)]
    pub bootstrap: usize,
}

fn hcpc() -> String {
    "hcpc".into()
}
fn one_usize() -> usize {
    1
}

fn yes() -> bool {
    true
}
fn three() -> usize {
    3
}
fn ten() -> usize {
    10
}
fn one() -> u64 {
    1
}

impl Default for ClusteringConfig {
    fn default() -> Self {
        ClusteringConfig {
            enabled: true,
            k: None,
            min_k: 3,
            max_k: None,
            consolidate: true,
            iter_max: 10,
            kk: None,
            seed: 1,
            method: hcpc(),
            n_init: 1,
            bootstrap: 0,
        }
    }
}

impl ClusteringConfig {
    /// The validated clustering method.
    pub fn method(&self) -> Result<Clustering> {
        let c = self;
        match c.method.as_str() {
            "hcpc" => Ok(Clustering::Hcpc(
                HcpcParams::new()
                    .k(c.k)
                    .min(c.min_k)
                    .max(c.max_k)
                    .consolidate(c.consolidate)
                    .iter_max(c.iter_max)
                    .kk(c.kk)
                    .seed(c.seed)
                    .check()?,
            )),
            "kmeans" => {
                let k = c.k.ok_or_else(|| Error::Config {
                    path: "<config>".into(),
                    reason: "clustering.method = kmeans needs clustering.k".into(),
                })?;
                Ok(Clustering::KMeans(
                    KMeansParams::new(k).seed(c.seed).n_init(c.n_init).check()?,
                ))
            }
            m => Err(Error::Config {
                path: "<config>".into(),
                reason: format!("clustering.method = {m}: allowed values: hcpc, kmeans"),
            }),
        }
    }
}

/// `[selection]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionConfig {
    /// Built-in preset (`nantes`).
    pub preset: Option<String>,
    /// Spec file, relative to the config file.
    pub spec: Option<PathBuf>,
    /// Schools selected by the preset.
    #[serde(default = "twenty_one")]
    pub n: usize,
    /// Equity indicator of the preset.
    #[serde(default = "access")]
    pub equity: String,
    /// Sensitivity analysis of the list (threshold variants, bootstrap); overrides the spec's
    /// `sensitivity.enabled` when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<bool>,
    /// Matched comparison schools and balance table; overrides the spec's `matching.enabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matching: Option<bool>,
    /// Neighbourhood orphan detector (exact nearest neighbours of every school); overrides the
    /// spec's `orphans.neighbourhood`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub neighbourhood: Option<bool>,
}

fn twenty_one() -> usize {
    21
}
fn access() -> String {
    "access".into()
}

impl Default for SelectionConfig {
    fn default() -> Self {
        SelectionConfig {
            preset: Some("nantes".into()),
            spec: None,
            n: 21,
            equity: access(),
            sensitivity: None,
            matching: None,
            neighbourhood: None,
        }
    }
}

/// `[output]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputConfig {
    /// Output folder, relative to the config file.
    #[serde(default = "out_dir")]
    pub dir: PathBuf,
    /// `standard` or `excel-fr`.
    #[serde(default = "standard")]
    pub dialect: String,
    /// `en` or `fr`.
    #[serde(default = "en")]
    pub lang: String,
    /// Boundary GeoJSON, relative to the config file (default: `departements.geojson` next to the
    /// first input, when there is one).
    pub boundaries: Option<PathBuf>,
    /// Table formats: `csv` (always written) and optionally `parquet` (`schools.parquet`).
    #[serde(default = "csv_only")]
    pub format: Vec<String>,
    /// Draw the plots (PNG + SVG in `figures/`).
    #[serde(default = "yes")]
    pub figures: bool,
    /// Draw the maps (needs coordinates).
    #[serde(default = "yes")]
    pub maps: bool,
    /// Write `report.html`.
    #[serde(default = "yes")]
    pub report: bool,
    /// Per-school tables: `full` (individuals.csv, clusters.csv, selection.csv with a readable
    /// explanation per school, selection.geojson, sensitivity.csv) or `compact` (one `schools.csv`;
    /// for national and synthetic runs of hundreds of thousands of schools).
    #[serde(default = "full")]
    pub tables: String,
}

fn full() -> String {
    "full".into()
}

fn csv_only() -> Vec<String> {
    vec!["csv".into()]
}

fn out_dir() -> PathBuf {
    "ciblage-out".into()
}
fn standard() -> String {
    "standard".into()
}
fn en() -> String {
    "en".into()
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            dir: out_dir(),
            dialect: standard(),
            lang: en(),
            boundaries: None,
            format: csv_only(),
            figures: true,
            maps: true,
            report: true,
            tables: full(),
        }
    }
}

/// A whole run.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunConfig {
    /// Inputs.
    pub inputs: InputsConfig,
    /// Rows kept.
    #[serde(default)]
    pub filter: Filter,
    /// PCA.
    #[serde(default)]
    pub pca: PcaConfig,
    /// Clustering.
    #[serde(default)]
    pub clustering: ClusteringConfig,
    /// Selection.
    #[serde(default)]
    pub selection: SelectionConfig,
    /// Output.
    #[serde(default)]
    pub output: OutputConfig,
}

impl RunConfig {
    /// Read a config; relative paths are made relative to the file's folder.
    pub fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut c: RunConfig = toml::from_str(&text).map_err(|e| Error::Config {
            path: path.into(),
            reason: e.to_string(),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        // Absolute paths, so that the manifest's copy of the config re-runs from any folder.
        let fix = |p: &PathBuf| {
            let q = if p.is_absolute() {
                p.clone()
            } else {
                base.join(p)
            };
            std::path::absolute(&q).unwrap_or(q)
        };
        c.inputs.files = c.inputs.files.iter().map(fix).collect();
        c.selection.spec = c.selection.spec.as_ref().map(fix);
        c.output.dir = fix(&c.output.dir);
        c.output.boundaries = c.output.boundaries.as_ref().map(fix);
        if c.inputs.files.is_empty() {
            return Err(Error::Config {
                path: path.into(),
                reason: "inputs.files is empty: list the input files".into(),
            });
        }
        Ok(c)
    }

    /// Loading options.
    pub fn load_options(&self) -> Result<LoadOptions> {
        let separator = match self.inputs.separator.as_deref() {
            None => None,
            Some(";") => Some(b';'),
            Some(",") => Some(b','),
            Some("tab") | Some("\t") => Some(b'\t'),
            Some(s) => {
                return Err(Error::Config {
                    path: "<config>".into(),
                    reason: format!("inputs.separator = '{s}': allowed values: ';', ',', 'tab'"),
                })
            }
        };
        let bad = |key: &str, reason: String| Error::Config {
            path: "<config>".into(),
            reason: format!("inputs.{key}: {reason}"),
        };
        if let Some(e) = &self.inputs.encoding {
            crate::data::input::encoding(e).map_err(|e| bad("encoding", e.to_string()))?;
        }
        let max_bytes = match &self.inputs.max_bytes {
            None => None,
            Some(Size::Bytes(n)) => Some(*n),
            Some(Size::Text(s)) => Some(crate::data::input::parse_size(s).ok_or_else(|| {
                bad(
                    "max_bytes",
                    format!("'{s}': give a size in bytes, or with K, M, G (e.g. \"8G\")"),
                )
            })?),
        };
        let mut o = LoadOptions {
            dataset: self.inputs.dataset.clone(),
            separator,
            year: self.inputs.year.clone(),
            session: self.inputs.session.clone(),
            encoding: self.inputs.encoding.clone(),
            max_bytes,
            ..LoadOptions::default()
        };
        if let Some(m) = &self.inputs.missing_tokens {
            o.missing_tokens = m.clone();
        }
        Ok(o)
    }

    /// Is Parquet among the output formats? Errors on an unknown format.
    pub fn parquet(&self) -> Result<bool> {
        for f in &self.output.format {
            if f != "csv" && f != "parquet" {
                return Err(Error::Config {
                    path: "<config>".into(),
                    reason: format!("output.format = {f}: allowed values: csv, parquet"),
                });
            }
        }
        Ok(self.output.format.iter().any(|f| f == "parquet"))
    }

    /// Analysis settings; `table` (the joined inputs) decides the default supplementary variables.
    pub fn analysis(&self, table: &crate::data::Table) -> Result<AnalysisConfig> {
        let orient = self
            .pca
            .orient
            .iter()
            .map(|o| o.parse())
            .collect::<std::result::Result<Vec<_>, String>>()
            .map_err(|e| Error::Config {
                path: "<config>".into(),
                reason: format!("pca.orient: {e}"),
            })?;
        let pca = PcaParams::new()
            .ncp(self.pca.ncp)
            .missing(self.pca.missing)
            .orient(orient)
            .impute(ImputeParams {
                ncp: self.pca.impute_ncp,
                ..Default::default()
            })
            .check()?;
        let clustering = if self.clustering.enabled {
            Some(self.clustering.method()?)
        } else {
            None
        };
        let quali_sup = match &self.pca.quali_sup {
            Some(q) => q.clone(),
            None if table.columns.contains_key("ep_status") => vec!["ep_status".into()],
            None => Vec::new(),
        };
        let spec = PcaSpec {
            active: self.pca.active.clone(),
            quali_sup,
            quanti_sup: self.pca.quanti_sup.clone(),
            weights: self.pca.weights.clone(),
        };
        Ok(AnalysisConfig {
            filter: self.filter.clone(),
            spec,
            pca,
            clustering,
        })
    }

    /// The selection spec (`None` when neither a preset nor a spec is given).
    pub fn selection(&self) -> Result<Option<SelectionSpec>> {
        let mut spec = self.selection_spec()?;
        if let Some(s) = &mut spec {
            let c = &self.selection;
            if let Some(x) = c.sensitivity {
                s.sensitivity.enabled = x;
            }
            if let Some(x) = c.matching {
                s.matching.enabled = x;
            }
            if let Some(x) = c.neighbourhood {
                s.orphans.neighbourhood = x;
            }
        }
        Ok(spec)
    }

    /// Whether the per-school tables are compact (`output.tables`).
    pub fn compact_tables(&self) -> Result<bool> {
        match self.output.tables.as_str() {
            "full" => Ok(false),
            "compact" => Ok(true),
            t => Err(Error::Config {
                path: "<config>".into(),
                reason: format!("output.tables = {t}: allowed values: full, compact"),
            }),
        }
    }

    fn selection_spec(&self) -> Result<Option<SelectionSpec>> {
        match (&self.selection.spec, self.selection.preset.as_deref()) {
            (Some(p), _) => SelectionSpec::from_file(p).map(Some),
            (None, Some("nantes")) => {
                let eq: Equity = self.selection.equity.parse().map_err(|e| Error::Config {
                    path: "<config>".into(),
                    reason: format!("selection.equity: {e}"),
                })?;
                Ok(Some(SelectionSpec::nantes(
                    self.filter.academie.clone(),
                    self.selection.n,
                    eq,
                )))
            }
            (None, Some(o)) => Err(Error::Config {
                path: "<config>".into(),
                reason: format!("selection.preset = {o}: allowed values: nantes"),
            }),
            (None, None) => Ok(None),
        }
    }
}

/// A commented config written by `ciblage init --config`.
pub const TEMPLATE: &str = r#"# ciblage run configuration: `ciblage run --config ciblage.toml`. Paths are relative to this file.

[inputs]
files = [
  "data-samples/fr-en-ips-colleges-ap2022.csv",
  "data-samples/fr-en-indicateurs-valeur-ajoutee-colleges.csv",
  "data-samples/fr-en-etablissements-ep.csv",
  "data-samples/fr-en-adresse-et-geolocalisation-colleges.csv",
]
# dataset = "ips-colleges"     # force a preset for every file (default: recognised from the header)
# year = "2022-2023"           # school year of multi-year files
# session = "2023"             # DNB session (default: the one ending the school year)
strict = false                 # true: any rejected row stops the run
# separator = ";"              # ";", "," or "tab" (default: detected)
# missing_tokens = ["", "NS", "NA", "nd", "ND", "-"]
# encoding = "windows-1252"    # default: UTF-8, UTF-16 by its byte-order mark, else Windows-1252
# max_bytes = "4G"             # size limit of one input (default: $CIBLAGE_MAX_INPUT_BYTES, else 4G)

[filter]
academie = []                  # e.g. ["NANTES"]
departement = []
sector = "public"

[pca]
active = ["ips", "ips_sd", "success_rate", "va_success_rate", "written_mark", "va_written_mark", "access_rate_6e_3e"]
# quali_sup = ["ep_status"]    # default: ep_status when the inputs have it
quanti_sup = []
ncp = 5
missing = "drop"               # error | drop | mean | iterative
impute_ncp = 2
orient = ["1:ips"]             # axis 1 grows with IPS

[clustering]
enabled = true
method = "hcpc"                # hcpc (Ward + consolidation, as FactoMineR) | kmeans (needs k)
# k = 4                        # fixed number of clusters (default: W(k)/W(k-1) rule)
min_k = 3
# max_k = 10
consolidate = true
iter_max = 10
# kk = 1000                    # pre-cluster very large inputs (> ~20,000 schools)
seed = 1
n_init = 1                     # k-means starts
bootstrap = 0                  # replicates for cluster stability (0 = off)

[selection]
preset = "nantes"              # or: spec = "selection.toml" (see `ciblage init`)
n = 21
equity = "access"              # access | ips_spread | success
# sensitivity = false          # skip the threshold variants and bootstrap of the list (default: the spec's, on)
# matching = false             # skip the matched comparison schools and balance table
# neighbourhood = false        # skip the neighbourhood orphan detector (k-NN of every school: slow at national scale)

[output]
dir = "ciblage-out"
dialect = "standard"           # standard | excel-fr
lang = "en"                    # en | fr
boundaries = "data-samples/departements.geojson"
format = ["csv"]               # add "parquet" for schools.parquet
tables = "full"                # full | compact (one schools.csv instead of the per-school files: very large runs)
figures = true
maps = true
report = true
"#;
