//! The main job: every output of a run in one directory, with a manifest of hashes.

use super::Analysis;
use crate::data::{Column, Inputs};
use crate::error::{Error, Result};
use crate::output::{write_atomic, write_json, Dialect};
use crate::plot::Lang;
use crate::report::figures;
use crate::report::html::{self, ReportInput};
use crate::select::Selection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
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
    /// Parameters, for the report and manifest.
    pub parameters: Vec<String>,
}

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

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// ciblage version.
    pub ciblage_version: String,
    /// Parameters.
    pub parameters: Vec<String>,
    /// Input files.
    pub inputs: Vec<FileEntry>,
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
    /// Rows rejected while loading, per file.
    pub rows_rejected_at_load: Vec<usize>,
}

/// SHA-256 of a file, hex.
pub fn sha256_file(path: &Path) -> Result<(String, u64)> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok((format!("{:x}", Sha256::digest(&bytes)), bytes.len() as u64))
}

/// Write every output of a run; returns the paths (manifest last).
pub fn write_all(
    out: &RunOutputs,
    inputs: &Inputs,
    a: &Analysis,
    sel: Option<&Selection>,
) -> Result<Vec<PathBuf>> {
    let dir = &out.dir;
    let mut written = crate::pca::export::write(&a.pca, dir, out.dialect)?;
    written.extend(super::export::write_clusters(a, dir, out.dialect)?);
    if let Some(s) = sel {
        written.extend(crate::select::export::write(s, dir, out.dialect)?);
    }
    let fig_dir = dir.join("figures");
    let mut svgs: Vec<(String, String, String)> = Vec::new();
    let l = out.lang;
    let plan: [(&str, &str, &str, &str); 9] = [
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
    for (name, section, en, fr) in plan {
        if let Some(r) = figures::plot(a, sel, name, (0, 1), l)? {
            written.extend(crate::plot::write(&fig_dir, name, &r)?);
            svgs.push((section.into(), l.t(en, fr).into(), r.svg));
        }
    }
    let mut maps = vec![("map_cluster", "cluster", "clusters")];
    if sel.is_some() {
        maps.push(("map_selected", "selected", "selection"));
        maps.push(("map_orphan", "orphan", "orphans"));
    }
    if a.table.num("latitude").is_some() {
        for (name, colour, section) in maps {
            if colour == "cluster" && a.hcpc.is_none() {
                continue;
            }
            let r = figures::map(a, sel, colour, out.boundaries.as_deref(), l)?;
            written.extend(crate::plot::write(&fig_dir, name, &r)?);
            svgs.push((section.into(), name.into(), r.svg));
        }
    }
    let hashes: Vec<String> = inputs
        .loads
        .iter()
        .map(|x| {
            sha256_file(Path::new(&x.path))
                .map(|h| h.0)
                .unwrap_or_default()
        })
        .collect();
    let report = html::render(&ReportInput {
        inputs,
        hashes: &hashes,
        analysis: a,
        selection: sel,
        figures: &svgs,
        parameters: &out.parameters,
        lang: l,
    });
    let p = dir.join("report.html");
    write_atomic(&p, report.as_bytes())?;
    written.push(p);
    if out.parquet {
        let mut t = a.table.clone();
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
                Column::Text(s.schools.iter().map(|x| x.selected.to_string()).collect()),
            );
            t.columns.insert(
                "score".into(),
                Column::Num(s.schools.iter().map(|x| x.score).collect()),
            );
        }
        let p = dir.join("schools.parquet");
        crate::data::parquet::write(&t, &p)?;
        written.push(p);
    }
    let mut outputs = Vec::new();
    for p in &written {
        let (h, b) = sha256_file(p)?;
        let rel = p
            .strip_prefix(dir)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/");
        outputs.push(FileEntry {
            path: rel,
            sha256: h,
            bytes: b,
        });
    }
    let inputs_entries = inputs
        .loads
        .iter()
        .zip(&hashes)
        .map(|(l, h)| FileEntry {
            path: l.path.clone(),
            sha256: h.clone(),
            bytes: std::fs::metadata(&l.path).map(|m| m.len()).unwrap_or(0),
        })
        .collect();
    let manifest = Manifest {
        ciblage_version: env!("CARGO_PKG_VERSION").into(),
        parameters: out.parameters.clone(),
        inputs: inputs_entries,
        outputs,
        rows_in: a.rows_in,
        rows_excluded: a.excluded.len(),
        rows_rejected: a.pca.rejected.len(),
        rows_analysed: a.pca.result.n,
        rows_rejected_at_load: inputs.loads.iter().map(|l| l.rows_rejected).collect(),
    };
    let p = dir.join("manifest.json");
    write_json(&p, &manifest)?;
    written.push(p);
    Ok(written)
}

/// Check a run directory against its manifest: every output (and input still present) must have the
/// recorded hash. Returns the list of problems (empty = verified).
pub fn verify(dir: &Path) -> Result<Vec<String>> {
    let mp = dir.join("manifest.json");
    let text = std::fs::read_to_string(&mp).map_err(|e| Error::io(&mp, e))?;
    let m: Manifest = serde_json::from_str(&text).map_err(|e| Error::Config {
        path: mp.clone(),
        reason: format!("not a ciblage manifest: {e}"),
    })?;
    let mut problems = Vec::new();
    for f in &m.outputs {
        let p = dir.join(&f.path);
        match sha256_file(&p) {
            Ok((h, _)) if h == f.sha256 => {}
            Ok(_) => problems.push(format!(
                "{}: content changed since the run (hash differs)",
                p.display()
            )),
            Err(_) => problems.push(format!("{}: missing", p.display())),
        }
    }
    for f in &m.inputs {
        if let Ok((h, _)) = sha256_file(Path::new(&f.path)) {
            if h != f.sha256 {
                problems.push(format!("input {}: changed since the run", f.path));
            }
        }
    }
    Ok(problems)
}
