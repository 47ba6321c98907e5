//! The flags every command shares: inputs, filters, PCA, clustering, figures, selection, output.

use ciblage::data::{self, summary, LoadOptions};
use ciblage::output::Dialect;
use ciblage::{Error, Result};
use clap::Args;
use std::path::PathBuf;

/// Inputs, as every command takes them.
#[derive(Args, Clone)]
pub struct InputArgs {
    /// Input files (CSV, JSON or Parquet).
    pub(crate) files: Vec<PathBuf>,
    /// Input file (repeatable; same as a positional file).
    #[arg(long = "input", short = 'i')]
    pub(crate) input: Vec<PathBuf>,
    /// Dataset preset for every input (default: recognised from the header).
    #[arg(long)]
    pub(crate) dataset: Option<String>,
    /// Field separator: ';', ',' or 'tab' (default: detected).
    #[arg(long)]
    pub(crate) separator: Option<String>,
    /// School year to keep from multi-year files (e.g. 2022-2023).
    #[arg(long)]
    pub(crate) year: Option<String>,
    /// DNB session to keep from IVAC files (default: the one ending the school year).
    #[arg(long)]
    pub(crate) session: Option<String>,
    /// Tokens read as missing, comma-separated (default: empty,NS,NA,nd,ND,-).
    #[arg(long = "missing-tokens", value_delimiter = ',')]
    pub(crate) missing_tokens: Option<Vec<String>>,
    /// Fail (exit 1) when any row is rejected.
    #[arg(long)]
    pub(crate) strict: bool,
    /// Write every rejected row with its reason to this CSV file.
    #[arg(long)]
    pub(crate) rejected: Option<PathBuf>,
    /// Encoding of the text inputs, e.g. windows-1252, iso-8859-15, utf-16le, macintosh (default:
    /// UTF-8, UTF-16 from its byte-order mark, else Windows-1252).
    #[arg(long)]
    pub(crate) encoding: Option<String>,
    /// Size limit of one input, e.g. 8G or 500M (default: $CIBLAGE_MAX_INPUT_BYTES, else 4G).
    #[arg(long = "max-input-bytes")]
    pub(crate) max_input_bytes: Option<String>,
}

/// Which schools to keep.
#[derive(Args, Clone)]
pub struct FilterArgs {
    /// Keep these académies (comma-separated, e.g. NANTES).
    #[arg(long, value_delimiter = ',')]
    pub(crate) academie: Vec<String>,
    /// Keep these départements (comma-separated codes, e.g. 44,49).
    #[arg(long, value_delimiter = ',')]
    pub(crate) departement: Vec<String>,
    /// Keep one sector: public or private.
    #[arg(long)]
    pub(crate) sector: Option<String>,
}

impl FilterArgs {
    pub(crate) fn filter(&self) -> ciblage::data::filter::Filter {
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
    pub(crate) id: String,
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
    #[arg(long, default_value_t = 5)]
    pub(crate) ncp: usize,
    /// Missing values in active variables: error, drop, mean or iterative.
    #[arg(long, default_value = "error")]
    pub(crate) missing: String,
    /// Components of the iterative imputation (missMDA's ncp).
    #[arg(long, default_value_t = 2)]
    pub(crate) impute_ncp: usize,
    /// Orient an axis: AXIS:VARIABLE (e.g. 1:ips makes axis 1 grow with IPS); repeatable.
    #[arg(long)]
    pub(crate) orient: Vec<String>,
}

/// The seven indicators of the Nantes method (the reference cases' active variables).
pub use ciblage::pipeline::NANTES_INDICATORS as DEFAULT_ACTIVE;

impl PcaArgs {
    pub(crate) fn spec(&self, table: &data::Table) -> Result<ciblage::pca::table::PcaSpec> {
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

    pub(crate) fn params(&self) -> Result<ciblage::pca::PcaValidParams> {
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
    pub(crate) k: Option<usize>,
    /// Smallest k of the automatic rule.
    #[arg(long = "min-k", default_value_t = 3)]
    pub(crate) min_k: usize,
    /// Largest k of the automatic rule (default min(10, n/2)).
    #[arg(long = "max-k")]
    pub(crate) max_k: Option<usize>,
    /// Skip the k-means consolidation.
    #[arg(long)]
    pub(crate) no_consolidation: bool,
    /// Iterations of the consolidation.
    #[arg(long, default_value_t = 10)]
    pub(crate) iter_max: usize,
    /// Pre-cluster into this many groups before the tree (for very large inputs).
    #[arg(long)]
    pub(crate) kk: Option<usize>,
    /// Seed (pre-clustering, stability bootstrap).
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    /// Bootstrap replicates for cluster stability (Hennig's Jaccard; 0 = off).
    #[arg(long, default_value_t = 0)]
    pub(crate) bootstrap: usize,
    /// hcpc (Ward + consolidation, default) or kmeans (needs --k).
    #[arg(long, default_value = "hcpc")]
    pub(crate) method: String,
    /// k-means starts (best inertia kept).
    #[arg(long, default_value_t = 1)]
    pub(crate) n_init: usize,
}

impl ClusterArgs {
    /// The clustering method asked for.
    pub(crate) fn clustering(&self) -> Result<ciblage::pipeline::Clustering> {
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

    pub(crate) fn params(&self) -> Result<ciblage::cluster::hcpc::HcpcValidParams> {
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
    pub(crate) lang: String,
    /// Boundary GeoJSON for maps (default: departements.geojson next to the first input, if any).
    #[arg(long)]
    pub(crate) boundaries: Option<PathBuf>,
}

impl LookArgs {
    pub(crate) fn lang(&self) -> Result<ciblage::plot::Lang> {
        self.lang.parse().map_err(Error::Usage)
    }
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
    /// Built-in spec: nantes.
    #[arg(long)]
    pub(crate) preset: Option<String>,
    /// Schools to select (preset).
    #[arg(long, default_value_t = 21)]
    pub(crate) n: usize,
    /// Equity indicator of the nantes preset: access, ips_spread or success.
    #[arg(long, default_value = "access")]
    pub(crate) equity: String,
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
}

impl SpecArgs {
    /// The spec when one is asked for; `default_nantes` makes the Nantes preset the default.
    pub(crate) fn optional(
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

    pub(crate) fn spec(&self, filter: &FilterArgs) -> Result<ciblage::select::SelectionSpec> {
        let mut s = self.base_spec(filter)?;
        s.sensitivity.enabled &= !self.no_sensitivity;
        s.matching.enabled &= !self.no_matching;
        s.orphans.neighbourhood &= !self.no_neighbourhood;
        Ok(s)
    }

    /// `Some(false)` when `off`: a run config only overrides the spec for the flags given.
    pub(crate) fn off(off: bool) -> Option<bool> {
        off.then_some(false)
    }

    fn base_spec(&self, filter: &FilterArgs) -> Result<ciblage::select::SelectionSpec> {
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

/// Where and how to write.
#[derive(Args, Clone)]
pub struct OutArgs {
    /// Output directory.
    #[arg(long)]
    pub(crate) out: PathBuf,
    /// Overwrite files in a non-empty output directory.
    #[arg(long)]
    pub(crate) force: bool,
    /// CSV dialect: standard (, and .) or excel-fr (; and decimal comma, BOM).
    #[arg(long, alias = "csv-dialect", default_value = "standard")]
    pub(crate) dialect: String,
}

impl OutArgs {
    pub(crate) fn prepare(&self, input: &InputArgs) -> Result<Dialect> {
        let d: Dialect = self.dialect.parse().map_err(Error::Usage)?;
        ciblage::output::prepare_dir(&self.out, &input.paths()?, self.force)?;
        Ok(d)
    }
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
        if let Some(e) = &self.encoding {
            data::input::encoding(e)?;
        }
        let max_bytes = self
            .max_input_bytes
            .as_deref()
            .map(|s| {
                data::input::parse_size(s).ok_or_else(|| {
                    Error::Usage(format!(
                        "--max-input-bytes '{s}': give a size in bytes, or with K, M, G (e.g. 8G)"
                    ))
                })
            })
            .transpose()?;
        let mut o = LoadOptions {
            dataset: self.dataset.clone(),
            separator,
            year: self.year.clone(),
            session: self.session.clone(),
            encoding: self.encoding.clone(),
            max_bytes,
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
    pub(crate) fn load(&self) -> Result<data::Inputs> {
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
