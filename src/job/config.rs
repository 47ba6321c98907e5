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

use super::settings::{
    defaults, ByteSize, Format, Language, Method, Origin, Preset, Separator, Tables, TextEncoding,
};
use crate::analysis::{AnalysisConfig, Clustering};
use crate::cluster::kmeans::KMeansParams;
use crate::cluster::HcpcParams;
use crate::data::filter::Filter;
use crate::data::LoadOptions;
use crate::error::{Error, Result, Schema, SettingError, TomlFile};
use crate::output::Dialect;
use crate::pca::impute::ImputeParams;
use crate::pca::table::PcaSpec;
use crate::pca::{Missing, PcaParams};
use crate::select::spec::Equity;
use crate::select::{Level, SelectionSpec};
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
    /// Field separator (default: detected).
    pub separator: Option<Separator>,
    /// Tokens read as missing (default: empty, NS, NA, nd, ND, -).
    pub missing_tokens: Option<Vec<String>>,
    /// Id (UAI) column: one header for every file that has it (`id_column = "UAI"`), or one per file
    /// (`id_column = { "dnb.csv" = "Numero d'etablissement" }`, paths relative to this file); default:
    /// recognised from the header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_column: Option<IdColumn>,
    /// Encoding of the text inputs (default: UTF-8, UTF-16 from its byte-order mark, else
    /// Windows-1252).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<TextEncoding>,
    /// Size limit of one input: bytes, or a text such as `"8G"` (default: `CIBLAGE_MAX_INPUT_BYTES`,
    /// else 4 GiB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bytes: Option<ByteSize>,
    /// Value added over several sessions (2 to 10): each value added's mean over that many sessions
    /// ending with the one kept, and its value in each (default: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_sessions: Option<usize>,
}

/// `[inputs] id_column`: one header for every file, or one per file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IdColumn {
    /// The same header in every file that has it.
    All(String),
    /// File (relative to the config file) → header.
    PerFile(std::collections::BTreeMap<PathBuf, String>),
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
    #[serde(default = "ncp")]
    pub ncp: usize,
    /// Missing-value policy.
    #[serde(default = "missing")]
    pub missing: Missing,
    /// Components of the iterative imputation.
    #[serde(default = "impute_ncp")]
    pub impute_ncp: usize,
    /// Orientation rules (`"1:ips"`).
    #[serde(default = "default_orient")]
    pub orient: Vec<String>,
}

fn default_active() -> Vec<String> {
    crate::analysis::NANTES_INDICATORS
        .iter()
        .map(|s| s.to_string())
        .collect()
}
fn default_orient() -> Vec<String> {
    vec![defaults::ORIENT.into()]
}
fn ncp() -> usize {
    defaults::NCP
}
fn missing() -> Missing {
    defaults::MISSING
}
fn impute_ncp() -> usize {
    defaults::IMPUTE_NCP
}

impl Default for PcaConfig {
    fn default() -> Self {
        PcaConfig {
            active: default_active(),
            quali_sup: None,
            quanti_sup: Vec::new(),
            weights: None,
            ncp: defaults::NCP,
            missing: defaults::MISSING,
            impute_ncp: defaults::IMPUTE_NCP,
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
    /// Smallest k of the automatic rule (unset: 3, lowered with a note when the data allow fewer
    /// clusters; a value set is refused when the data make it impossible).
    #[serde(default)]
    pub min_k: Option<usize>,
    /// Largest k.
    pub max_k: Option<usize>,
    /// Consolidate.
    #[serde(default = "yes")]
    pub consolidate: bool,
    /// Consolidation iterations.
    #[serde(default = "iter_max")]
    pub iter_max: usize,
    /// Pre-clustering groups.
    pub kk: Option<usize>,
    /// Seed.
    #[serde(default = "seed")]
    pub seed: u64,
    /// `hcpc` (Ward + consolidation) or `kmeans` (needs `k`).
    #[serde(default)]
    pub method: Method,
    /// k-means starts (best inertia kept).
    #[serde(default = "n_init")]
    pub n_init: usize,
    /// Bootstrap replicates for cluster stability (0 = off).
    #[serde(default = "bootstrap")]
    pub bootstrap: usize,
}

fn yes() -> bool {
    true
}
fn iter_max() -> usize {
    defaults::ITER_MAX
}
fn seed() -> u64 {
    defaults::SEED
}
fn n_init() -> usize {
    defaults::N_INIT
}
fn bootstrap() -> usize {
    defaults::BOOTSTRAP
}

impl Default for ClusteringConfig {
    fn default() -> Self {
        ClusteringConfig {
            enabled: true,
            k: None,
            min_k: None,
            max_k: None,
            consolidate: true,
            iter_max: defaults::ITER_MAX,
            kk: None,
            seed: defaults::SEED,
            method: defaults::METHOD,
            n_init: defaults::N_INIT,
            bootstrap: defaults::BOOTSTRAP,
        }
    }
}

impl ClusteringConfig {
    /// The validated clustering method (see [`super::settings::check_run`] for the messages).
    pub fn method(&self) -> Result<Clustering> {
        let c = self;
        match c.method {
            Method::Hcpc => Ok(Clustering::Hcpc(
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
            Method::Kmeans => {
                let k = c.k.ok_or_else(|| {
                    Error::setting(SettingError::about(
                        Schema::Config,
                        "clustering.method",
                        "kmeans needs `clustering.k` (k-means has no automatic k)",
                    ))
                })?;
                Ok(Clustering::KMeans(
                    KMeansParams::new(k).seed(c.seed).n_init(c.n_init).check()?,
                ))
            }
        }
    }
}

/// `[selection]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionConfig {
    /// Built-in preset (`auto` when neither `preset` nor `spec` is given, as without `[selection]`).
    #[serde(default = "auto")]
    pub preset: Option<Preset>,
    /// Spec file, relative to the config file.
    pub spec: Option<PathBuf>,
    /// Schools selected by the preset.
    #[serde(default = "n")]
    pub n: usize,
    /// Equity indicator of the preset.
    #[serde(default = "equity")]
    pub equity: Equity,
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
    /// Committee decisions (CSV: uai, decision, reason, author, date), applied after the rules
    /// ([`crate::select::decisions`]); relative to the config file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decisions: Option<PathBuf>,
    /// Reference group of the threshold orphan detector (a file with a UAI column, see
    /// [`crate::select::reference`]); relative to the config file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<PathBuf>,
    /// Budget of each school level (`ecoles`, `colleges`, `lycees-gt`, `lycees-pro`) instead of `n`
    /// (see `levels`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub n_per_level: std::collections::BTreeMap<String, usize>,
}

fn n() -> usize {
    defaults::N
}
fn auto() -> Option<Preset> {
    Some(Preset::Auto)
}
fn equity() -> Equity {
    defaults::EQUITY
}

impl Default for SelectionConfig {
    fn default() -> Self {
        SelectionConfig {
            preset: Some(Preset::Auto),
            spec: None,
            n: defaults::N,
            equity: defaults::EQUITY,
            sensitivity: None,
            matching: None,
            neighbourhood: None,
            decisions: None,
            reference: None,
            n_per_level: Default::default(),
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
    /// CSV dialect.
    #[serde(default = "dialect")]
    pub dialect: Dialect,
    /// Language of figures and report.
    #[serde(default = "lang")]
    pub lang: Language,
    /// Boundary GeoJSON, relative to the config file (default: `departements.geojson` next to the
    /// first input, when there is one).
    pub boundaries: Option<PathBuf>,
    /// Table formats: `csv` (always written) and optionally `parquet` (`schools.parquet`).
    #[serde(default = "csv_only")]
    pub format: Vec<Format>,
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
    #[serde(default = "tables")]
    pub tables: Tables,
}

fn tables() -> Tables {
    defaults::TABLES
}
fn csv_only() -> Vec<Format> {
    vec![Format::Csv]
}
fn out_dir() -> PathBuf {
    defaults::OUT_DIR.into()
}
fn dialect() -> Dialect {
    defaults::DIALECT
}
fn lang() -> Language {
    defaults::LANG
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            dir: out_dir(),
            dialect: defaults::DIALECT,
            lang: defaults::LANG,
            boundaries: None,
            format: csv_only(),
            figures: true,
            maps: true,
            report: true,
            tables: defaults::TABLES,
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
    /// Labels of the user's own columns in plots, maps and the report (column code → label), e.g.
    /// `[labels] taux_boursiers = "Taux de boursiers"`; canonical indicators have theirs built in.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub labels: std::collections::BTreeMap<String, String>,
    /// `[allocation]`: split an envelope among the selected schools (none: no allocation; see
    /// [`crate::select::allocation`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocation: Option<crate::select::allocation::AllocationSpec>,
}

impl RunConfig {
    /// Read a config (at most [`crate::error::MAX_SETTINGS_BYTES`]) and check every setting
    /// ([`super::settings::check_run`]); relative paths are made relative to the file's folder. Errors
    /// name the file, the line, the key, the value and what is allowed.
    pub fn from_file(path: &Path) -> Result<Self> {
        let file = TomlFile::read(path, Schema::Config)?;
        let mut c: RunConfig = file.parse()?;
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
        c.selection.decisions = c.selection.decisions.as_ref().map(fix);
        c.selection.reference = c.selection.reference.as_ref().map(fix);
        c.output.dir = fix(&c.output.dir);
        c.output.boundaries = c.output.boundaries.as_ref().map(fix);
        if let Some(IdColumn::PerFile(m)) = &mut c.inputs.id_column {
            *m = m.iter().map(|(p, h)| (fix(p), h.clone())).collect();
        }
        if c.inputs.files.is_empty() {
            return Err(file.place(SettingError::about(
                Schema::Config,
                "inputs.files",
                "empty: list the input files",
            )));
        }
        let origin = Origin::config(path.into(), c.selection.spec.clone());
        super::settings::check_run(&c).map_err(|e| origin.attribute(e))?;
        Ok(c)
    }

    /// Loading options.
    pub fn load_options(&self) -> Result<LoadOptions> {
        let max_bytes = Some(super::settings::max_bytes_or_env(self.inputs.max_bytes)?);
        let mut o = LoadOptions {
            dataset: self.inputs.dataset.clone(),
            separator: self.inputs.separator.map(Separator::byte),
            year: self.inputs.year.clone(),
            session: self.inputs.session.clone(),
            encoding: self.inputs.encoding.map(|e| e.label().to_string()),
            max_bytes,
            mean_sessions: self.inputs.mean_sessions,
            ..LoadOptions::default()
        };
        if let Some(m) = &self.inputs.missing_tokens {
            o.missing_tokens = m.clone();
        }
        match &self.inputs.id_column {
            Some(IdColumn::All(h)) => o.id_column = Some(h.clone()),
            Some(IdColumn::PerFile(m)) => {
                o.id_columns = m.iter().map(|(p, h)| (p.clone(), h.clone())).collect()
            }
            None => {}
        }
        Ok(o)
    }

    /// Is Parquet among the output formats?
    pub fn parquet(&self) -> Result<bool> {
        Ok(self.output.format.contains(&Format::Parquet))
    }

    /// The orientation rules of `[pca] orient`.
    pub fn orient(&self) -> Result<Vec<crate::pca::Orient>> {
        self.pca
            .orient
            .iter()
            .map(|o| {
                o.parse().map_err(|e: String| {
                    Error::setting(SettingError::new(Schema::Config, "pca.orient", o, e))
                })
            })
            .collect()
    }

    /// Analysis settings; `table` (the joined inputs) decides the default supplementary variables.
    pub fn analysis(&self, table: &crate::data::Table) -> Result<AnalysisConfig> {
        let pca = PcaParams::new()
            .ncp(self.pca.ncp)
            .missing(self.pca.missing)
            .orient(self.orient()?)
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
            None if table.has("ep_status") => vec!["ep_status".into()],
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
            if let Some(p) = &c.decisions {
                s.decisions = Some(std::sync::Arc::new(
                    crate::select::decisions::Decisions::read(p)?,
                ));
            }
            if let Some(p) = &c.reference {
                s.orphans.reference = Some(std::sync::Arc::new(
                    crate::select::reference::ReferenceGroup::read(p)?,
                ));
            }
        }
        Ok(spec)
    }

    /// Whether the per-school tables are compact (`output.tables`).
    pub fn compact_tables(&self) -> Result<bool> {
        Ok(self.output.tables == Tables::Compact)
    }

    fn selection_spec(&self) -> Result<Option<SelectionSpec>> {
        match (&self.selection.spec, self.selection.preset) {
            (Some(p), _) => SelectionSpec::from_file(p).map(Some),
            // `auto` before the inputs are read: the collèges' preset (the level's replaces it
            // once the files say their level, see [`RunConfig::for_level`]).
            (None, Some(p)) => Ok(Some(p.level().unwrap_or(Level::Colleges).spec(
                self.filter.academie.clone(),
                self.selection.n,
                self.selection.equity,
            ))),
            (None, None) => Ok(None),
        }
    }
}

pub use super::template::{template_for, TEMPLATE};
