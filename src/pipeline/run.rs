//! The main job: every output of a run in one directory, with a manifest of hashes.

use super::config::RunConfig;
use super::Analysis;
use crate::data::{Column, Inputs};
use crate::error::{Error, Result};
use crate::output::{write_atomic, write_json, Dialect};
use crate::plot::Lang;
use crate::report::figures;
use crate::report::html::{self, ReportInput};
use crate::select::Selection;
use crate::trace::{Step, StepTimer};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What to write.
#[derive(Debug, Clone)]
pub struct RunOutputs {
    /// Output directory.
    pub dir: PathBuf,
    /// CSV dialect.
    pub dialect: Dialect,
    /// Figure language.
    pub lang: Lang,
    /// Boundary GeoJSON for maps.
    pub boundaries: Option<PathBuf>,
    /// Also write `schools.parquet`.
    pub parquet: bool,
    /// Draw the plots.
    pub figures: bool,
    /// Draw the maps (when the schools have coordinates).
    pub maps: bool,
    /// Write `report.html`.
    pub report: bool,
    /// One `schools.csv` instead of the per-school files (see `output.tables`).
    pub compact: bool,
    /// The configuration, recorded in the manifest (and shown in the report).
    pub config: RunConfig,
}

impl RunOutputs {
    /// The outputs a configuration asks for, written into `dir`.
    pub fn from_config(cfg: &RunConfig, dir: PathBuf) -> Result<Self> {
        Ok(RunOutputs {
            dir,
            dialect: cfg.output.dialect,
            lang: cfg.output.lang.into(),
            boundaries: boundaries(cfg),
            parquet: cfg.parquet()?,
            figures: cfg.output.figures,
            maps: cfg.output.maps,
            report: cfg.output.report,
            compact: cfg.compact_tables()?,
            config: cfg.clone(),
        })
    }
}

/// The boundary GeoJSON of a run: the configured one, else `departements.geojson` next to the first
/// input when there is one.
pub fn boundaries(cfg: &RunConfig) -> Option<PathBuf> {
    cfg.output.boundaries.clone().or_else(|| {
        let p = cfg.inputs.files.first()?.parent()?.join(BOUNDARIES);
        p.exists().then_some(p)
    })
}

/// Boundary file looked for next to the first input.
const BOUNDARIES: &str = "departements.geojson";

/// One file of the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path (outputs relative to the run directory).
    pub path: String,
    /// SHA-256.
    pub sha256: String,
    /// Size.
    pub bytes: u64,
}

/// Rows of one input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputRows {
    /// File.
    pub path: String,
    /// Data rows.
    pub rows: usize,
    /// Rows kept.
    pub kept: usize,
    /// Rows rejected (each in `rejected.csv`).
    pub rejected: usize,
    /// Rows of other years/sessions.
    pub other_periods: usize,
}

/// `manifest.json`: enough to check a run and to re-run it (`ciblage verify`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// ciblage version.
    pub ciblage_version: String,
    /// The configuration as parsed (paths absolute or relative to where the run started).
    pub config: RunConfig,
    /// Seed of every random step (k-means++, pre-clustering, bootstrap).
    pub seed: u64,
    /// Worker threads (outputs do not depend on it).
    pub threads: usize,
    /// Start of the run, seconds since 1970 (the only time stamp of a run).
    pub started_unix: u64,
    /// Input files.
    pub inputs: Vec<FileEntry>,
    /// Rows per input file.
    pub input_rows: Vec<InputRows>,
    /// Output files.
    pub outputs: Vec<FileEntry>,
    /// Rows of the joined table.
    pub rows_in: usize,
    /// Rows excluded by filters.
    pub rows_excluded: usize,
    /// Rows dropped (missing values).
    pub rows_rejected: usize,
    /// Rows analysed.
    pub rows_analysed: usize,
    /// Wall time and peak memory of each step.
    pub steps: Vec<Step>,
}

/// SHA-256 of a file, hex, and its size.
pub fn sha256_file(path: &Path) -> Result<(String, u64)> {
    crate::output::digest::of_file(path)
        .map(|d| (d.sha256, d.bytes))
        .map_err(|e| Error::io(path, e))
}

/// Write every output of a run; returns the paths (manifest last). Steps `tables`, `figures`, `maps`,
/// `report` and `parquet` are recorded on `timer`, and every step so far goes into the manifest.
pub fn write_all(
    out: &RunOutputs,
    inputs: &Inputs,
    a: &Analysis,
    sel: Option<&Selection>,
    timer: &mut StepTimer,
) -> Result<Vec<PathBuf>> {
    let started_unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let dir = &out.dir;
    // Outputs are hashed as they are written (the manifest needs every SHA-256).
    let digests = crate::output::digest::DigestScope::new(dir);
    let mut written = timer.time("tables", || -> Result<Vec<PathBuf>> {
        let d = out.dialect;
        let mut w = Vec::new();
        if out.compact {
            // Per-school lists go to schools.csv only, not into the JSON files too.
            let _summary = crate::pca::SummaryJson::start();
            w.extend(crate::pca::export::write_summary(&a.pca, dir, d)?);
            w.extend(super::export::write_cluster_summary(a, dir, d)?);
            if let Some(s) = sel {
                w.extend(crate::select::export::write_summary(s, dir, d)?);
            }
            w.push(super::export::write_schools(a, sel, dir, d)?);
        } else {
            w.extend(crate::pca::export::write(&a.pca, dir, d)?);
            w.extend(super::export::write_clusters(a, dir, d)?);
            if let Some(s) = sel {
                w.extend(crate::select::export::write(s, dir, d)?);
            }
        }
        let at_load = inputs.rejected();
        let p = dir.join("rejected.csv");
        crate::data::summary::write_rejected_parts(
            &p,
            &[&at_load, &*a.excluded, &a.pca.rejected],
            out.dialect,
        )?;
        w.push(p);
        Ok(w)
    })?;
    let fig_dir = dir.join("figures");
    let l = out.lang;
    let mut svgs: Vec<(String, String, String)> = Vec::new();
    if out.figures {
        let figs = timer.time("figures", || -> Result<Vec<_>> {
            let mut v = Vec::new();
            for (name, section, en, fr) in PLOTS {
                if let Some(r) = figures::plot(a, sel, name, (0, 1), l)? {
                    let files = crate::plot::write(&fig_dir, name, &r)?;
                    v.push((files, (section.to_string(), l.t(en, fr).to_string(), r.svg)));
                }
            }
            Ok(v)
        })?;
        for (files, svg) in figs {
            written.extend(files);
            svgs.push(svg);
        }
    }
    if out.maps && a.table.num("latitude").is_some() {
        let mut maps = vec![("map_cluster", "cluster", "clusters")];
        if sel.is_some() {
            maps.push(("map_selected", "selected", "selection"));
            maps.push(("map_orphan", "orphan", "orphans"));
        }
        let drawn = timer.time("maps", || -> Result<Vec<_>> {
            let mut v = Vec::new();
            for (name, colour, section) in maps {
                if colour == "cluster" && a.hcpc.is_none() {
                    continue;
                }
                let r = figures::map(a, sel, colour, out.boundaries.as_deref(), l)?;
                let files = crate::plot::write(&fig_dir, name, &r)?;
                v.push((files, (section.to_string(), name.to_string(), r.svg)));
            }
            Ok(v)
        })?;
        for (files, svg) in drawn {
            written.extend(files);
            svgs.push(svg);
        }
    }
    // Inputs were hashed as they were read.
    let hashes: Vec<String> = inputs.loads.iter().map(|x| x.sha256.clone()).collect();
    if out.report {
        let parameters: Vec<String> = toml::to_string(&out.config)
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        let p = timer.time("report", || -> Result<PathBuf> {
            let report = html::render(&ReportInput {
                inputs,
                hashes: &hashes,
                analysis: a,
                selection: sel,
                figures: &svgs,
                parameters: &parameters,
                lang: l,
            });
            let p = dir.join("report.html");
            write_atomic(&p, report.as_bytes())?;
            Ok(p)
        })?;
        written.push(p);
    }
    if out.parquet {
        let p = timer.time("parquet", || -> Result<PathBuf> {
            let p = dir.join("schools.parquet");
            crate::data::parquet::write(&schools_table(a, sel), &p)?;
            Ok(p)
        })?;
        written.push(p);
    }
    let outputs = timer.time("hashes", || -> Result<Vec<FileEntry>> {
        use rayon::prelude::*;
        written
            .par_iter()
            .map(|p| {
                let (h, b) = match digests.take(p) {
                    Some(d) => (d.sha256, d.bytes),
                    None => sha256_file(p)?,
                };
                let rel = p
                    .strip_prefix(dir)
                    .unwrap_or(p)
                    .to_string_lossy()
                    .replace('\\', "/");
                Ok(FileEntry {
                    path: rel,
                    sha256: h,
                    bytes: b,
                })
            })
            .collect()
    })?;
    let inputs_entries = inputs
        .loads
        .iter()
        .map(|l| FileEntry {
            path: l.path.clone(),
            sha256: l.sha256.clone(),
            bytes: l.bytes,
        })
        .collect();
    let manifest = Manifest {
        ciblage_version: env!("CARGO_PKG_VERSION").into(),
        config: out.config.clone(),
        seed: out.config.clustering.seed,
        threads: rayon::current_num_threads(),
        started_unix,
        inputs: inputs_entries,
        input_rows: inputs
            .loads
            .iter()
            .map(|l| InputRows {
                path: l.path.clone(),
                rows: l.rows,
                kept: l.rows_kept,
                rejected: l.rows_rejected,
                other_periods: l.rows_filtered,
            })
            .collect(),
        outputs,
        rows_in: a.rows_in,
        rows_excluded: a.excluded.len(),
        rows_rejected: a.pca.rejected.len(),
        rows_analysed: a.pca.result.n,
        steps: timer.steps().to_vec(),
    };
    let p = dir.join("manifest.json");
    write_json(&p, &manifest)?;
    written.push(p);
    Ok(written)
}

/// The plots of a run: name, report section, English and French titles.
const PLOTS: [(&str, &str, &str, &str); 9] = [
    ("scree", "pca", "Scree plot", "Éboulis des valeurs propres"),
    (
        "circle",
        "pca",
        "Correlation circle",
        "Cercle des corrélations",
    ),
    (
        "individuals",
        "pca",
        "Factor map of the schools",
        "Plan factoriel des établissements",
    ),
    ("biplot", "pca", "Biplot", "Biplot"),
    (
        "contrib",
        "pca",
        "Contributions to axis 1",
        "Contributions à l'axe 1",
    ),
    (
        "dendrogram",
        "clusters",
        "Ward tree and cut",
        "Arbre de Ward et coupure",
    ),
    ("wratio", "clusters", "Choice of k", "Choix de k"),
    ("silhouette", "clusters", "Silhouette", "Silhouette"),
    (
        "profiles",
        "clusters",
        "Cluster profiles",
        "Profils des classes",
    ),
];

/// The analysed schools with their coordinates, cluster, selection and score (`schools.parquet`).
fn schools_table(a: &Analysis, sel: Option<&Selection>) -> crate::data::Table {
    let mut t = crate::data::Table::clone(&a.table);
    for s in 0..a.pca.result.ncp {
        t.columns.insert(
            format!("coord_{}", s + 1),
            Column::Num(a.pca.result.ind.coord.iter().map(|c| c[s]).collect()),
        );
    }
    if let Some(h) = &a.hcpc {
        t.columns.insert(
            "cluster".into(),
            Column::Num(h.clusters.iter().map(|&c| c as f64).collect()),
        );
    }
    if let Some(s) = sel {
        t.columns.insert(
            "selected".into(),
            Column::Text(
                s.schools
                    .selected
                    .iter()
                    .map(|&x| if x { "true" } else { "false" }.into())
                    .collect(),
            ),
        );
        t.columns
            .insert("score".into(), Column::Num(s.schools.score.clone()));
    }
    t
}
