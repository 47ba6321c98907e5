//! The flags every command shares: inputs, filters, PCA, clustering, figures, selection, output.
//!
//! Every flag is typed and checked by clap as it is parsed: words are enums
//! ([`crate::job::settings::enums`]), numbers are read by [`int_in`] with their range from
//! [`crate::job::settings::limits`], defaults come from
//! [`crate::job::settings::defaults`]. A bad flag is refused (exit code 2, naming the flag)
//! before anything is read.

use crate::data::{self, LoadOptions};
use crate::error::Allowed;
use crate::job::settings::{
    self as settings, defaults, limits, ByteSize, Format, Language, Method, Preset, Sector,
    Separator, Tables, TextEncoding,
};
use crate::output::Dialect;
use crate::pca::Missing;
use crate::select::spec::Equity;
use crate::{Error, Result};
use clap::Args;
use std::path::PathBuf;
use std::str::FromStr;

/// A parser of integers in `range`: its message is what the range allows.
pub(crate) fn int_in(
    range: Allowed,
) -> impl Fn(&str) -> std::result::Result<usize, String> + Clone + Send + Sync + 'static {
    move |s: &str| {
        s.trim()
            .parse::<u64>()
            .ok()
            .filter(|v| range.allows_int(*v))
            .and_then(|v| usize::try_from(v).ok())
            .ok_or_else(|| range.to_string())
    }
}

/// A parser of seeds (any integer >= 0 that fits in 64 bits).
pub(crate) fn seed(s: &str) -> std::result::Result<u64, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("{} (at most {})", limits::SEED, u64::MAX))
}

/// A dataset name: `table` or a preset.
fn dataset(s: &str) -> std::result::Result<String, String> {
    if s == data::presets::TABLE || data::presets::by_name(s).is_some() {
        Ok(s.to_string())
    } else {
        Err(format!(
            "a dataset: {}",
            crate::text::quote(&data::presets::known_names())
        ))
    }
}

/// A département code (`44`, `044`, `2A`, `971`).
fn departement(s: &str) -> std::result::Result<String, String> {
    crate::data::territory::departement_code(s)
        .map(|_| s.to_string())
        .ok_or(())
        .map_err(|_| "a département code (01 to 95, 2A, 2B, 971 to 976) or name".into())
}

/// An orientation rule `AXIS:VARIABLE` (axis from 1; the upper bound is --ncp, checked with it).
fn orient(s: &str) -> std::result::Result<String, String> {
    let o: crate::pca::Orient = s
        .parse()
        .map_err(|_| "AXIS:VARIABLE, e.g. 1:ips".to_string())?;
    if o.axis == 0 || o.variable.is_empty() {
        return Err("AXIS:VARIABLE with an axis from 1, e.g. 1:ips".into());
    }
    Ok(s.to_string())
}

/// Inputs, as every command takes them.
#[derive(Args, Clone)]
pub struct InputArgs {
    /// Input files (CSV, JSON or Parquet).
    pub(crate) files: Vec<PathBuf>,
    /// Input file (repeatable; same as a positional file).
    #[arg(long = "input", short = 'i')]
    pub(crate) input: Vec<PathBuf>,
    /// Dataset preset for every input (default: recognised from the header).
    #[arg(long, value_parser = dataset)]
    pub(crate) dataset: Option<String>,
    /// Field separator (default: detected).
    #[arg(long, value_enum)]
    pub(crate) separator: Option<Separator>,
    /// School year to keep from multi-year files (e.g. 2022-2023).
    #[arg(long)]
    pub(crate) year: Option<String>,
    /// DNB session to keep from IVAC files (default: the one ending the school year).
    #[arg(long)]
    pub(crate) session: Option<String>,
    /// Tokens read as missing, comma-separated (default: empty,NS,NA,nd,ND,-).
    #[arg(long = "missing-tokens", value_delimiter = ',')]
    pub(crate) missing_tokens: Option<Vec<String>>,
    /// Fail (exit 1) when any row is rejected or any file has a warning (renamed headers, a column of
    /// numbers read as text...).
    #[arg(long)]
    pub(crate) strict: bool,
    /// Id column (the UAI) of the inputs, for a file whose UAI column is not recognised (e.g.
    /// "Numero d'etablissement"); default: recognised from the header.
    #[arg(long = "id-column", alias = "id")]
    pub(crate) id_column: Option<String>,
    /// Write every rejected row with its reason to this CSV file (not an input, not in the output
    /// folder; written last, and not at all when the command fails).
    #[arg(long)]
    pub(crate) rejected: Option<PathBuf>,
    /// Encoding of the text inputs, e.g. windows-1252, iso-8859-15, utf-16le, macintosh (default:
    /// UTF-8, UTF-16 from its byte-order mark, else Windows-1252).
    #[arg(long, value_parser = TextEncoding::from_str)]
    pub(crate) encoding: Option<TextEncoding>,
    /// Size limit of one input, e.g. 8G or 500M (default: $CIBLAGE_MAX_INPUT_BYTES, else 4G).
    #[arg(long = "max-input-bytes", value_parser = ByteSize::from_str)]
    pub(crate) max_input_bytes: Option<ByteSize>,
    /// Value added over several sessions: add each value added's mean over this many sessions ending
    /// with the one kept (e.g. va_success_rate_mean3, for a criterion) and its value in each.
    #[arg(long = "mean-sessions", value_parser = int_in(limits::MEAN_SESSIONS))]
    pub(crate) mean_sessions: Option<usize>,
}

/// Which schools to keep.
#[derive(Args, Clone)]
pub struct FilterArgs {
    /// Keep these académies (comma-separated, e.g. NANTES).
    #[arg(long, value_delimiter = ',')]
    pub(crate) academie: Vec<String>,
    /// Keep these départements (comma-separated codes, e.g. 44,49).
    #[arg(long, value_delimiter = ',', value_parser = departement)]
    pub(crate) departement: Vec<String>,
    /// Keep one sector.
    #[arg(long, value_enum)]
    pub(crate) sector: Option<Sector>,
}

impl FilterArgs {
    pub(crate) fn filter(&self) -> crate::data::filter::Filter {
        crate::data::filter::Filter {
            academie: self.academie.clone(),
            departement: self.departement.clone(),
            sector: self.sector.map(|s| s.as_str().to_string()),
        }
    }
}

/// PCA settings.
#[derive(Args, Clone)]
pub struct PcaArgs {
    /// Active variables (default: the seven indicators of the Nantes method).
    #[arg(long, value_delimiter = ',')]
    pub(crate) active: Vec<String>,
    /// Supplementary qualitative variables (default: ep_status when present).
    #[arg(long = "quali-sup", value_delimiter = ',')]
    pub(crate) quali_sup: Option<Vec<String>>,
    /// Supplementary quantitative variables.
    #[arg(long = "quanti-sup", value_delimiter = ',')]
    pub(crate) quanti_sup: Vec<String>,
    /// Column of row weights.
    #[arg(long)]
    pub(crate) weights: Option<String>,
    /// Components kept.
    #[arg(long, default_value_t = defaults::NCP, value_parser = int_in(limits::NCP))]
    pub(crate) ncp: usize,
    /// Missing values in active variables.
    #[arg(long, value_enum, default_value_t = defaults::MISSING)]
    pub(crate) missing: Missing,
    /// Components of the iterative imputation (missMDA's ncp).
    #[arg(long, default_value_t = defaults::IMPUTE_NCP, value_parser = int_in(limits::IMPUTE_NCP))]
    pub(crate) impute_ncp: usize,
    /// Orient an axis: AXIS:VARIABLE (e.g. 1:ips makes axis 1 grow with IPS); repeatable.
    #[arg(long, value_parser = orient)]
    pub(crate) orient: Vec<String>,
}

/// The seven indicators of the Nantes method (the reference cases' active variables).
pub use crate::analysis::NANTES_INDICATORS as DEFAULT_ACTIVE;

impl PcaArgs {
    /// The active variables (the Nantes indicators when none is given).
    pub(crate) fn active(&self) -> Vec<String> {
        if self.active.is_empty() {
            DEFAULT_ACTIVE.iter().map(|s| s.to_string()).collect()
        } else {
            self.active.clone()
        }
    }

    pub(crate) fn spec(&self, table: &data::Table) -> Result<crate::pca::table::PcaSpec> {
        let quali_sup = match &self.quali_sup {
            Some(q) => q.clone(),
            None if table.has("ep_status") => vec!["ep_status".into()],
            None => Vec::new(),
        };
        Ok(crate::pca::table::PcaSpec {
            active: self.active(),
            quali_sup,
            quanti_sup: self.quanti_sup.clone(),
            weights: self.weights.clone(),
        })
    }

    pub(crate) fn params(&self) -> Result<crate::pca::PcaValidParams> {
        let orient = self
            .orient
            .iter()
            .map(|o| o.parse())
            .collect::<std::result::Result<Vec<_>, String>>()
            .map_err(Error::Usage)?;
        let impute = crate::pca::impute::ImputeParams {
            ncp: self.impute_ncp,
            ..Default::default()
        };
        crate::pca::PcaParams::new()
            .ncp(self.ncp)
            .missing(self.missing)
            .orient(orient)
            .impute(impute)
            .check()
    }
}

/// Clustering settings.
#[derive(Args, Clone)]
pub struct ClusterArgs {
    /// Number of clusters (default: chosen by the W(k)/W(k-1) rule).
    #[arg(long, value_parser = int_in(limits::K))]
    pub(crate) k: Option<usize>,
    /// Smallest k of the automatic rule (default 3, lowered with a note when the data allow fewer
    /// clusters; a value given is refused when the data make it impossible).
    #[arg(long = "min-k", value_parser = int_in(limits::MIN_K))]
    pub(crate) min_k: Option<usize>,
    /// Largest k of the automatic rule (default min(10, n/2)).
    #[arg(long = "max-k", value_parser = int_in(limits::MAX_K))]
    pub(crate) max_k: Option<usize>,
    /// Skip the k-means consolidation.
    #[arg(long)]
    pub(crate) no_consolidation: bool,
    /// Iterations of the consolidation.
    #[arg(long, default_value_t = defaults::ITER_MAX, value_parser = int_in(limits::ITER_MAX))]
    pub(crate) iter_max: usize,
    /// Pre-cluster into this many groups before the tree (for very large inputs).
    #[arg(long, value_parser = int_in(limits::KK))]
    pub(crate) kk: Option<usize>,
    /// Seed (pre-clustering, k-means, stability bootstrap).
    #[arg(long, default_value_t = defaults::SEED, value_parser = seed)]
    pub(crate) seed: u64,
    /// Bootstrap replicates for cluster stability (Hennig's Jaccard; 0 = off).
    #[arg(long, default_value_t = defaults::BOOTSTRAP, value_parser = int_in(limits::BOOTSTRAP))]
    pub(crate) bootstrap: usize,
    /// Clustering method (kmeans needs --k).
    #[arg(long, value_enum, default_value_t = defaults::METHOD)]
    pub(crate) method: Method,
    /// k-means starts (best inertia kept).
    #[arg(long, default_value_t = defaults::N_INIT, value_parser = int_in(limits::N_INIT))]
    pub(crate) n_init: usize,
}

impl ClusterArgs {
    /// The clustering method asked for.
    pub(crate) fn clustering(&self) -> Result<crate::analysis::Clustering> {
        match self.method {
            Method::Hcpc => Ok(crate::analysis::Clustering::Hcpc(self.params()?)),
            Method::Kmeans => {
                let k = self
                    .k
                    .ok_or_else(|| Error::Usage("--method kmeans needs --k N".into()))?;
                Ok(crate::analysis::Clustering::KMeans(
                    crate::cluster::kmeans::KMeansParams::new(k)
                        .seed(self.seed)
                        .n_init(self.n_init)
                        .check()?,
                ))
            }
        }
    }

    pub(crate) fn params(&self) -> Result<crate::cluster::hcpc::HcpcValidParams> {
        crate::cluster::HcpcParams::new()
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
    /// Label language.
    #[arg(long, value_enum, default_value_t = defaults::LANG)]
    pub(crate) lang: Language,
    /// Boundary GeoJSON for maps (default: departements.geojson next to the first input, if any).
    #[arg(long)]
    pub(crate) boundaries: Option<PathBuf>,
}

impl LookArgs {
    pub(crate) fn boundaries(&self, input: &InputArgs) -> Option<PathBuf> {
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
    pub(crate) spec: Option<PathBuf>,
    /// Built-in spec.
    #[arg(long, value_enum)]
    pub(crate) preset: Option<Preset>,
    /// Schools to select (preset).
    #[arg(long, default_value_t = defaults::N, value_parser = int_in(limits::N))]
    pub(crate) n: usize,
    /// Equity indicator of the nantes preset.
    #[arg(long, value_enum, default_value_t = defaults::EQUITY)]
    pub(crate) equity: Equity,
    /// Skip the sensitivity analysis of the list (threshold variants, bootstrap resamples).
    #[arg(long)]
    pub(crate) no_sensitivity: bool,
    /// Skip the matched comparison schools and the balance table.
    #[arg(long)]
    pub(crate) no_matching: bool,
    /// Skip the neighbourhood orphan detector (exact nearest neighbours of every school, the slowest
    /// part of a selection at national scale).
    #[arg(long)]
    pub(crate) no_neighbourhood: bool,
    /// Committee decisions (CSV: uai, decision, reason, author, date), applied after the rules.
    #[arg(long)]
    pub(crate) decisions: Option<PathBuf>,
    /// Reference group of the threshold orphan detector (a file with a UAI column), instead of the
    /// REP/REP+ schools; for lycées, which have none, it makes the detector run.
    #[arg(long)]
    pub(crate) reference: Option<PathBuf>,
}

impl SpecArgs {
    /// The spec when one is asked for; `default_nantes` makes the Nantes preset the default.
    pub(crate) fn optional(
        &self,
        filter: &FilterArgs,
        default_nantes: bool,
    ) -> Result<Option<crate::select::SelectionSpec>> {
        if self.spec.is_none() && self.preset.is_none() && !default_nantes {
            return Ok(None);
        }
        let mut me = self.clone();
        if me.spec.is_none() && me.preset.is_none() {
            me.preset = Some(Preset::Auto);
        }
        me.spec(filter).map(Some)
    }

    pub(crate) fn spec(&self, filter: &FilterArgs) -> Result<crate::select::SelectionSpec> {
        let mut s = self.base_spec(filter)?;
        s.sensitivity.enabled &= !self.no_sensitivity;
        s.matching.enabled &= !self.no_matching;
        s.orphans.neighbourhood &= !self.no_neighbourhood;
        if let Some(p) = &self.decisions {
            s.decisions = Some(std::sync::Arc::new(
                crate::select::decisions::Decisions::read(p)?,
            ));
        }
        if let Some(p) = &self.reference {
            s.orphans.reference = Some(std::sync::Arc::new(
                crate::select::reference::ReferenceGroup::read(p)?,
            ));
        }
        Ok(s)
    }

    /// `Some(false)` when `off`: a run config only overrides the spec for the flags given.
    pub(crate) fn off(off: bool) -> Option<bool> {
        off.then_some(false)
    }

    fn base_spec(&self, filter: &FilterArgs) -> Result<crate::select::SelectionSpec> {
        match (&self.spec, self.preset) {
            (Some(p), _) => crate::select::SelectionSpec::from_file(p),
            // `auto`: the collèges' preset (only `run` reads the level from the inputs).
            (None, Some(p)) => Ok(p
                .level()
                .unwrap_or(crate::select::Level::Colleges)
                .spec(filter.academie.clone(), self.n, self.equity)),
            (None, None) => Err(Error::Usage(
                "give a selection: --spec FILE.toml or --preset ecoles|colleges|lycees-gt|lycees-pro".into(),
            )),
        }
    }
}

/// `run`'s own flags: where and what to write, and what to print.
#[derive(Args, Clone)]
pub struct RunOptions {
    /// Output directory (default: a new ciblage-out folder).
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
    /// Overwrite files in a non-empty output directory.
    #[arg(long)]
    pub(crate) force: bool,
    /// CSV dialect (default: the config's, else standard).
    #[arg(long, alias = "csv-dialect", value_enum)]
    pub(crate) dialect: Option<Dialect>,
    /// Extra table formats, comma-separated: parquet writes schools.parquet (CSV is always written).
    #[arg(long, value_delimiter = ',', value_enum)]
    pub(crate) format: Vec<Format>,
    /// Same as --format parquet.
    #[arg(long, hide = true)]
    pub(crate) parquet: bool,
    /// Tables and manifest only: no figures, maps or report (benchmarks, very large inputs).
    #[arg(long)]
    pub(crate) tables_only: bool,
    /// Per-school tables: full (individuals.csv, clusters.csv, selection.csv with an explanation per
    /// school...) or compact (one schools.csv, for hundreds of thousands of schools).
    #[arg(long, value_enum)]
    pub(crate) tables: Option<Tables>,
    /// Every setting in one TOML file (see `ciblage init --config`); analysis flags and input files
    /// given with it are refused (exit 2): set them in the file.
    #[arg(long)]
    pub(crate) config: Option<PathBuf>,
    /// No summary on stderr.
    #[arg(long)]
    pub(crate) quiet: bool,
    /// Print a JSON summary on stdout.
    #[arg(long)]
    pub(crate) json: bool,
    /// Print the wall time and peak memory of each step on stderr (also in manifest.json).
    #[arg(long)]
    pub(crate) timings: bool,
}

/// Where and how to write.
#[derive(Args, Clone)]
pub struct OutArgs {
    /// Output directory (written whole at the end, or not at all).
    #[arg(long)]
    pub(crate) out: PathBuf,
    /// Overwrite files in a non-empty output directory.
    #[arg(long)]
    pub(crate) force: bool,
    /// CSV dialect: standard (, and .) or excel-fr (; and decimal comma, BOM).
    #[arg(long, alias = "csv-dialect", value_enum, default_value_t = defaults::DIALECT)]
    pub(crate) dialect: Dialect,
}

impl InputArgs {
    pub(crate) fn paths(&self) -> Result<Vec<PathBuf>> {
        let v: Vec<PathBuf> = self.files.iter().chain(&self.input).cloned().collect();
        if v.is_empty() {
            return Err(Error::Usage(
                "no input file given (pass files or --input FILE)".into(),
            ));
        }
        Ok(v)
    }

    pub(crate) fn options(&self) -> Result<LoadOptions> {
        let max_bytes = Some(settings::max_bytes_or_env(self.max_input_bytes)?);
        let mut o = LoadOptions {
            dataset: self.dataset.clone(),
            separator: self.separator.map(Separator::byte),
            year: self.year.clone(),
            session: self.session.clone(),
            id_column: self.id_column.clone(),
            encoding: self.encoding.map(|e| e.label().to_string()),
            max_bytes,
            mean_sessions: self.mean_sessions,
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

    /// Load and join the inputs; enforce --strict. The rejected rows are written by the command, at
    /// its end (see [`super::analysis::rejected_side`]).
    pub(crate) fn load(&self) -> Result<data::Inputs> {
        let opts = self.options()?;
        let files = data::read_inputs(&self.paths()?, &opts)?;
        // Levels never mix: only `run` splits the files of several levels. Checked on the files
        // read, before the join, whose own errors (an IVAC session paired with an écoles IPS year)
        // would hide this one.
        let datasets = files.iter().map(|f| f.report.dataset.as_str());
        if let Err(found) = crate::select::Level::of_datasets(datasets) {
            let words: Vec<&str> = found.iter().map(|l| l.words()).collect();
            return Err(Error::Usage(format!(
                "the inputs are of {} school levels ({}): `ciblage run` analyses and selects each level apart; this command takes the files of one level",
                found.len(),
                words.join(", ")
            )));
        }
        let inputs = data::join_inputs(files, &opts)?;
        if self.strict {
            inputs.strict_check()?;
        }
        Ok(inputs)
    }
}
