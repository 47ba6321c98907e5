//! The analysis chain shared by the commands: filter → PCA → HCPC → cluster descriptions.

use crate::cluster::describe::{self, CategoryDesc, QuantiDesc};
use crate::cluster::hcpc::{HcpcResult, HcpcValidParams};
use crate::data::filter::Filter;
use crate::data::{Inputs, Problem, Table};
use crate::error::Result;
use crate::pca::table::{PcaRun, PcaSpec};
use crate::pca::PcaValidParams;
use serde::Serialize;

/// The seven indicators of the Nantes method (and of the reference cases): social position and its
/// spread, DNB success and its value added, written mark and its value added, access rate 6e→3e.
pub const NANTES_INDICATORS: [&str; 7] = [
    "ips",
    "ips_sd",
    "success_rate",
    "va_success_rate",
    "written_mark",
    "va_written_mark",
    "access_rate_6e_3e",
];

/// Settings of an analysis.
#[derive(Debug, Clone)]
pub struct AnalysisConfig {
    /// Rows kept.
    pub filter: Filter,
    /// PCA columns.
    pub spec: PcaSpec,
    /// PCA parameters.
    pub pca: PcaValidParams,
    /// Clustering (`None` = none).
    pub clustering: Option<Clustering>,
}

/// How the schools are clustered on their principal coordinates.
#[derive(Debug, Clone)]
pub enum Clustering {
    /// Ward tree + consolidation, as FactoMineR's HCPC.
    Hcpc(HcpcValidParams),
    /// Deterministic k-means (k-means++ seeding, Lloyd), clusters numbered like HCPC's.
    KMeans(crate::cluster::kmeans::KMeansValidParams),
}

impl Clustering {
    /// The HCPC parameters, when the method is HCPC.
    pub fn hcpc(&self) -> Option<&HcpcValidParams> {
        match self {
            Clustering::Hcpc(h) => Some(h),
            Clustering::KMeans(_) => None,
        }
    }
}

impl AnalysisConfig {
    /// The standard analysis behind a selection: public schools, the [`NANTES_INDICATORS`] active, EP
    /// status supplementary, axis 1 oriented to grow with IPS, HCPC with FactoMineR's defaults.
    pub fn standard(missing: crate::pca::Missing) -> Result<Self> {
        Ok(AnalysisConfig {
            filter: Filter {
                sector: Some("public".into()),
                ..Default::default()
            },
            spec: PcaSpec {
                active: NANTES_INDICATORS.iter().map(|s| s.to_string()).collect(),
                quali_sup: vec!["ep_status".into()],
                ..Default::default()
            },
            pca: crate::pca::PcaParams::new()
                .missing(missing)
                .orient(vec![crate::pca::Orient {
                    axis: 1,
                    variable: "ips".into(),
                }])
                .check()?,
            clustering: Some(Clustering::Hcpc(crate::cluster::HcpcParams::new().check()?)),
        })
    }
}

/// Cluster quality indices.
#[derive(Debug, Clone, Serialize)]
pub struct Quality {
    /// Calinski–Harabasz index on the principal coordinates.
    pub calinski_harabasz: f64,
    /// Between / total inertia.
    pub between_ratio: f64,
}

/// Everything computed.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// Analysed rows (the PCA rows, in table order), shared with the selection.
    #[serde(skip)]
    pub table: std::sync::Arc<Table>,
    /// PCA.
    pub pca: PcaRun,
    /// HCPC.
    pub hcpc: Option<HcpcResult>,
    /// Significant variables per cluster.
    pub cluster_variables: Vec<QuantiDesc>,
    /// Significant categories per cluster.
    pub cluster_categories: Vec<CategoryDesc>,
    /// Quality of the partition.
    pub quality: Option<Quality>,
    /// Rows excluded by the filters (shared with the selection, which lists them too).
    pub excluded: std::sync::Arc<[Problem]>,
    /// Rows of the joined inputs.
    pub rows_in: usize,
    /// Bootstrap stability of the clusters, when asked for (see [`crate::cluster::stability`]).
    pub stability: Option<crate::cluster::stability::Stability>,
}

/// Why an analysis holds no partition (see [`Analysis::clustering_skipped`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusteringSkipped {
    /// One active indicator: nothing to summarise or cluster (the schools are ranked on it).
    OneIndicator,
    /// `[clustering] enabled = false`.
    TurnedOff,
}

/// Run filter → PCA → clustering → descriptions on loaded inputs.
///
/// # Parameters
/// `inputs`: the joined table of [`crate::load_inputs`]; `cfg`: the filters, the PCA's columns and
/// missing-value policy, the clustering ([`AnalysisConfig::standard`]: public collèges, the official
/// indicators, HCPC with the automatic number of clusters).
///
/// # Returns
/// An [`Analysis`]: the PCA ([`crate::pca::table::PcaRun`], eigenvalues, coord, cos2, contrib of
/// schools and indicators), the HCPC or k-means partition with its descriptions (v-tests), and every
/// row excluded by the filters with its reason.
///
/// # Errors
/// [`crate::Error::NotEnoughRows`] when fewer than 2 schools are left after the filters and the missing-value
/// policy; [`crate::Error::ConstantVariable`] for an active indicator with one value; [`crate::Error::UnknownColumn`]
/// for an active or supplementary column the inputs do not have; [`crate::Error::MissingValue`] under
/// `Missing::Fail`; [`crate::Error::InvalidK`] / [`crate::Error::InvalidParam`] for a clustering the schools cannot
/// hold (k above the distinct schools).
///
/// # Example
/// ```
/// use ciblage::{analyse, load_inputs, AnalysisConfig, LoadOptions, Missing};
/// let files = [
///     "data-samples/fr-en-ips-colleges-ap2022.csv".into(),
///     "data-samples/fr-en-indicateurs-valeur-ajoutee-colleges.csv".into(),
///     "data-samples/fr-en-etablissements-ep.csv".into(), // the supplementary `ep_status`
/// ];
/// let inputs = load_inputs(&files, &LoadOptions::default())?;
/// let a = analyse(&inputs, &AnalysisConfig::standard(Missing::Drop)?)?;
/// // A standardised PCA: the eigenvalues sum to the number of active indicators.
/// let e = &a.pca.result.eigenvalues;
/// let total: f64 = e.iter().map(|v| v.eigenvalue).sum();
/// assert!((total - a.pca.result.var.names.len() as f64).abs() < 1e-9);
/// assert!(a.hcpc.is_some());
/// # Ok::<(), ciblage::Error>(())
/// ```
pub fn analyse(inputs: &Inputs, cfg: &AnalysisConfig) -> Result<Analysis> {
    analyse_timed(inputs, cfg, &mut crate::trace::StepTimer::default())
}

/// [`analyse`], recording the steps `filter+pca`, `clustering` and `description` on `timer`.
pub(crate) fn analyse_timed(
    inputs: &Inputs,
    cfg: &AnalysisConfig,
    timer: &mut crate::trace::StepTimer,
) -> Result<Analysis> {
    analyse_table(inputs.table.clone(), cfg, timer)
}

/// [`analyse_timed`] on a joined table given away: the rows kept by the filters and the missing-value
/// policy are moved into the analysis, never copied (what the main job does with a million schools).
pub(crate) fn analyse_table(
    table: Table,
    cfg: &AnalysisConfig,
    timer: &mut crate::trace::StepTimer,
) -> Result<Analysis> {
    let rows_in = table.len();
    if table.is_empty() {
        return Err(crate::error::Error::NotEnoughRows {
            n: 0,
            min: 2,
            what: format!(
                "a PCA; the joined inputs ({}) hold no school: see `ciblage validate` for the rows of each file and of each join",
                table.path
            ),
        });
    }
    // Names as the user wrote them → the columns they stand for (a user's own headers, canonical
    // names, normalised spellings), once for every later step.
    let spec = cfg.spec.resolve(&table)?;
    let (table, excluded, pca) = timer.time("filter+pca", || -> Result<_> {
        let t0 = std::time::Instant::now();
        let (mut filtered, excluded) = cfg.filter.apply_owned(table)?;
        crate::trace::trace("filtered", t0);
        let pca = crate::pca::table::run(&filtered, &spec, &cfg.pca)?;
        crate::trace::trace("pca", t0);
        filtered.retain_rows(&pca.rows);
        Ok((std::sync::Arc::new(filtered), excluded, pca))
    })?;
    let (coord, weights) = (&pca.result.ind.coord, &pca.result.weights);
    // Schools in UAI order: ties are broken, and order-dependent sums made, in that order, so that the
    // partition does not depend on the order of the input rows.
    let order = pca.uai_order.as_deref();
    let hcpc = timer.time("clustering", || -> Result<_> {
        Ok(match &cfg.clustering {
            Some(Clustering::Hcpc(h)) => {
                Some(h.fit_ranked(coord, weights, rank(order).as_deref())?)
            }
            Some(Clustering::KMeans(k)) => Some(kmeans_in_order(k, coord, weights, order)?),
            None => None,
        })
    })?;
    let mut a = Analysis {
        table,
        pca,
        hcpc: None,
        cluster_variables: Vec::new(),
        cluster_categories: Vec::new(),
        quality: None,
        excluded: excluded.into(),
        rows_in,
        stability: None,
    };
    if let Some(h) = hcpc {
        timer.time("description", || a.set_partition(h, &spec))?;
    }
    Ok(a)
}

/// The position of each row in `order` (its rank), `None` for the identity.
fn rank(order: Option<&[usize]>) -> Option<Vec<usize>> {
    order.map(|o| {
        let mut r = vec![0; o.len()];
        for (pos, &i) in o.iter().enumerate() {
            r[i] = pos;
        }
        r
    })
}

/// k-means on the rows taken in `order` (its seeding draws rows, its sums run in that order), the
/// labels put back in row order.
fn kmeans_in_order(
    k: &crate::cluster::kmeans::KMeansValidParams,
    coord: &crate::matrix::RowMatrix,
    weights: &[f64],
    order: Option<&[usize]>,
) -> Result<HcpcResult> {
    let Some(o) = order else {
        return Ok(HcpcResult::from_kmeans(coord, weights, &k.fit(coord)?));
    };
    // One copy in that order (sequential passes afterwards rather than random reads at every pass).
    let mut sorted = crate::matrix::RowMatrix::zeros(coord.len(), coord.ncols());
    for (r, &i) in o.iter().enumerate() {
        sorted.row_mut(r).copy_from_slice(coord.row(i));
    }
    let mut km = k.fit(&sorted)?;
    let mut labels = vec![0; o.len()];
    for (r, &i) in o.iter().enumerate() {
        labels[i] = km.labels[r];
    }
    km.labels = labels;
    Ok(HcpcResult::from_kmeans_ordered(
        coord,
        weights,
        &km,
        Some(o),
    ))
}

impl Analysis {
    /// Why the schools were not clustered (`None` when they were): one active indicator leaves nothing
    /// to cluster (écoles on the IPS alone), otherwise the settings turned it off.
    pub fn clustering_skipped(&self) -> Option<ClusteringSkipped> {
        match (&self.hcpc, self.pca.result.p < 2) {
            (Some(_), _) => None,
            (None, true) => Some(ClusteringSkipped::OneIndicator),
            (None, false) => Some(ClusteringSkipped::TurnedOff),
        }
    }

    /// The clusters in a summary line: "4 clusters", or "no clustering (one active indicator)" — never
    /// "0 clusters" when no clustering ran.
    pub fn clusters_phrase(&self, l: &crate::i18n::Labels) -> String {
        use crate::i18n::Msg;
        match (&self.hcpc, self.clustering_skipped()) {
            (Some(h), _) => l.f(Msg::SummaryClusters, &[("k", &h.k)]),
            (None, Some(ClusteringSkipped::OneIndicator)) => {
                l.t(Msg::NoClusteringOneIndicator).into()
            }
            (None, _) => l.t(Msg::NoClusteringTurnedOff).into(),
        }
    }

    /// Install a partition (HCPC, or k-means wrapped by [`HcpcResult::from_kmeans`]) and describe it:
    /// significant variables (active values as analysed, after imputation), categories, quality.
    pub fn set_partition(&mut self, res: HcpcResult, spec: &PcaSpec) -> Result<()> {
        let vars: Vec<(String, Vec<f64>)> = spec
            .active
            .iter()
            .map(|a| (a.clone(), active_values(&self.table, &self.pca, a)))
            .collect();
        self.cluster_variables = describe::quanti(&res.clusters, res.k, &vars, 0.05);
        // Labels borrowed from text columns (a million schools: no string per row).
        let qual: Vec<(String, Vec<std::borrow::Cow<str>>)> = spec
            .quali_sup
            .iter()
            .map(|q| {
                let labels = match self.table.column(q) {
                    Some(crate::data::Column::Text(v)) => v
                        .iter()
                        .map(|x| std::borrow::Cow::Borrowed(x.as_str()))
                        .collect(),
                    other => (0..self.table.len())
                        .map(|i| {
                            std::borrow::Cow::Owned(other.map(|c| c.display(i)).unwrap_or_default())
                        })
                        .collect(),
                };
                (q.clone(), labels)
            })
            .collect();
        self.cluster_categories = describe::categories(&res.clusters, res.k, &qual, 0.05)?;
        self.quality = Some(quality(&self.pca.result.ind.coord, &res));
        self.hcpc = Some(res);
        Ok(())
    }

    /// Add the bootstrap stability of the clustering (`b` replicates, seeded): each resample is
    /// clustered again by the same method with the same k.
    pub fn with_stability(self, method: &Clustering, b: usize, seed: u64) -> Result<Self> {
        self.with_stability_progress(method, b, seed, &crate::progress::Progress::hidden())
    }

    /// [`Self::with_stability`] with a bar counting the replicates.
    pub fn with_stability_progress(
        mut self,
        method: &Clustering,
        b: usize,
        seed: u64,
        progress: &crate::progress::Progress,
    ) -> Result<Self> {
        use crate::cluster::stability::bootstrap_with;
        if let (Some(h), true) = (&self.hcpc, b > 0) {
            let r = &self.pca.result;
            let (c, w) = (&r.ind.coord, &r.weights);
            let bar = progress.bar(b as u64, "bootstrap replicates", false);
            let k = h.k;
            let order = self.pca.uai_order.as_deref();
            // A resample holds fewer distinct schools than the data: k is capped at their number.
            let k_for = |x: &[Vec<f64>]| crate::cluster::distinct::count_up_to(x, k).min(k);
            self.stability = Some(match method {
                Clustering::Hcpc(p) => bootstrap_with(
                    c,
                    w,
                    &h.clusters,
                    (k, b, seed),
                    order,
                    |x, wx| Ok(p.with_k(k_for(x)).fit(x, wx)?.clusters),
                    &bar,
                )?,
                Clustering::KMeans(p) => bootstrap_with(
                    c,
                    w,
                    &h.clusters,
                    (k, b, seed),
                    order,
                    |x, _| Ok(p.with_k(k_for(x)).fit(x)?.labels),
                    &bar,
                )?,
            });
            bar.finish_and_clear();
        }
        Ok(self)
    }

    /// The `m` most specific schools of each cluster: the farthest from the nearest *other* cluster centre
    /// (FactoMineR's `desc.ind$dist`), as row indices.
    pub fn specific(&self, m: usize) -> Vec<Vec<usize>> {
        let Some(h) = &self.hcpc else {
            return Vec::new();
        };
        let c = &self.pca.result.ind.coord;
        let d2 = |i: usize, k: usize| {
            c[i].iter()
                .zip(&h.centres[k - 1])
                .map(|(x, y)| (x - y).powi(2))
                .sum::<f64>()
        };
        (1..=h.k)
            .map(|k| {
                let v: Vec<(f64, usize)> = (0..c.len())
                    .filter(|&i| h.clusters[i] == k)
                    .map(|i| {
                        (
                            (1..=h.k)
                                .filter(|&o| o != k)
                                .map(|o| d2(i, o))
                                .fold(f64::INFINITY, f64::min),
                            i,
                        )
                    })
                    .collect();
                self.first_m(v, m, true)
            })
            .collect()
    }

    /// The `m` schools closest to each cluster centre (FactoMineR's paragons), as row indices.
    pub fn paragons(&self, m: usize) -> Vec<Vec<usize>> {
        let Some(h) = &self.hcpc else {
            return Vec::new();
        };
        let c = &self.pca.result.ind.coord;
        (1..=h.k)
            .map(|k| {
                let v: Vec<(f64, usize)> = (0..c.len())
                    .filter(|&i| h.clusters[i] == k)
                    .map(|i| {
                        (
                            c[i].iter()
                                .zip(&h.centres[k - 1])
                                .map(|(x, y)| (x - y).powi(2))
                                .sum::<f64>(),
                            i,
                        )
                    })
                    .collect();
                self.first_m(v, m, false)
            })
            .collect()
    }

    /// The `m` first rows of `v` by distance (decreasing when `far`), ties broken by UAI: the m are
    /// selected in linear time, then only they are sorted.
    fn first_m(&self, mut v: Vec<(f64, usize)>, m: usize, far: bool) -> Vec<usize> {
        let uai = &self.table.uai;
        let cmp = |a: &(f64, usize), b: &(f64, usize)| {
            let d = if far {
                b.0.total_cmp(&a.0)
            } else {
                a.0.total_cmp(&b.0)
            };
            d.then_with(|| uai[a.1].cmp(&uai[b.1]))
        };
        if v.len() > m && m > 0 {
            v.select_nth_unstable_by(m - 1, cmp);
            v.truncate(m);
        }
        v.sort_by(cmp);
        v.into_iter().take(m).map(|x| x.1).collect()
    }
}

/// Values of an active variable as analysed: the column, with imputed cells filled in.
fn active_values(table: &Table, pca: &PcaRun, name: &str) -> Vec<f64> {
    let Some(col) = table.num(name) else {
        return vec![f64::NAN; table.len()];
    };
    let imputed: std::collections::HashMap<&str, f64> = pca
        .imputed
        .iter()
        .filter(|c| c.variable == name)
        .map(|c| (c.uai.as_str(), c.value))
        .collect();
    col.iter()
        .zip(&table.uai)
        .map(|(&v, u)| {
            if v.is_nan() {
                imputed.get(u.as_str()).copied().unwrap_or(f64::NAN)
            } else {
                v
            }
        })
        .collect()
}

fn quality(coords: &crate::matrix::RowMatrix, h: &HcpcResult) -> Quality {
    let n = coords.len() as f64;
    let k = h.k as f64;
    let d = coords.ncols();
    let g: Vec<f64> = (0..d)
        .map(|j| coords.iter().map(|c| c[j]).sum::<f64>() / n)
        .collect();
    let total: f64 = coords
        .iter()
        .map(|c| c.iter().zip(&g).map(|(x, y)| (x - y).powi(2)).sum::<f64>())
        .sum();
    let within: f64 = coords
        .iter()
        .zip(&h.clusters)
        .map(|(c, &l)| {
            c.iter()
                .zip(&h.centres[l - 1])
                .map(|(x, y)| (x - y).powi(2))
                .sum::<f64>()
        })
        .sum();
    let between = total - within;
    let ch = if k > 1.0 && n > k && within > 0.0 {
        (between / (k - 1.0)) / (within / (n - k))
    } else {
        f64::NAN
    };
    Quality {
        calinski_harabasz: ch,
        between_ratio: if total > 0.0 { between / total } else { 0.0 },
    }
}
