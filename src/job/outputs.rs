//! The main job: every output of a run in one directory, with a manifest of hashes.

use super::config::RunConfig;
use crate::analysis::Analysis;
use crate::data::{Column, Inputs};
use crate::error::Result;
use crate::export::json::JsonPolicy;
use crate::i18n::Msg;
use crate::output::{write_atomic, write_json, Dialect};
use crate::plot::Lang;
use crate::report::figures;
use crate::report::html::{self, ReportFigure, ReportInput, Section};
use crate::select::Selection;
use crate::trace::StepTimer;
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

    /// How much the JSON files hold: with compact tables, no per-school list (they are all in
    /// `schools.csv`, not repeated in the JSON files); else every list up to
    /// [`crate::export::json::JSON_MAX_INDIVIDUALS`] entries.
    pub fn json_policy(&self) -> JsonPolicy {
        if self.compact {
            JsonPolicy::compact()
        } else {
            JsonPolicy::full()
        }
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

pub use super::manifest::{sha256_file, Manifest};

/// Write every output of a run; returns the paths (manifest last). Steps `tables`, `figures`, `maps`,
/// `report` and `parquet` are recorded on `timer`, and every step so far goes into the manifest.
pub fn write_all(
    out: &RunOutputs,
    inputs: &Inputs,
    a: &Analysis,
    sel: Option<&Selection>,
    alloc: Option<&crate::select::allocation::Allocation>,
    timer: &mut StepTimer,
) -> Result<Vec<PathBuf>> {
    let started_unix = super::manifest::now_unix();
    let dir = &out.dir;
    // Outputs are hashed as they are written (the manifest needs every SHA-256).
    let digests = crate::output::digest::DigestScope::new(dir);
    let labels = crate::i18n::Labels::with_user(out.lang, out.config.labels.clone());
    let (mut written, svgs) = write_level(out, inputs, a, sel, alloc, &labels, timer)?;
    if out.report {
        let config = config_rows(&out.config);
        let p = timer.time("report", || -> Result<PathBuf> {
            let report = html::render(&ReportInput {
                inputs,
                analysis: a,
                selection: sel,
                allocation: alloc,
                figures: &svgs,
                config: &config,
                labels: &labels,
                in_levels: false,
            });
            let p = dir.join("report.html");
            write_atomic(&p, report.as_bytes())?;
            Ok(p)
        })?;
        written.push(p);
    }
    written.extend(write_parquet(out, a, sel, timer)?);
    let outputs = super::manifest::entries(&written, dir, &digests, timer)?;
    let manifest = Manifest {
        ciblage_version: env!("CARGO_PKG_VERSION").into(),
        config: out.config.clone(),
        seed: out.config.clustering.seed,
        threads: rayon::current_num_threads(),
        started_unix,
        inputs: super::manifest::input_entries(
            &out.config,
            &inputs.loads,
            boundaries(&out.config),
        )?,
        input_rows: super::manifest::input_rows(&inputs.loads),
        outputs,
        rows_in: a.rows_in,
        rows_excluded: a.excluded.len(),
        rows_rejected: a.pca.rejected.len(),
        rows_analysed: a.pca.result.n,
        steps: timer.steps().to_vec(),
        levels: Vec::new(),
    };
    let p = dir.join("manifest.json");
    write_json(&p, &manifest)?;
    written.push(p);
    Ok(written)
}

/// `schools.parquet`, when asked for.
pub(super) fn write_parquet(
    out: &RunOutputs,
    a: &Analysis,
    sel: Option<&Selection>,
    timer: &mut StepTimer,
) -> Result<Option<PathBuf>> {
    if !out.parquet {
        return Ok(None);
    }
    let p = timer.time("parquet", || -> Result<PathBuf> {
        let p = out.dir.join("schools.parquet");
        crate::data::parquet::write(&schools_table(a, sel), &p)?;
        Ok(p)
    })?;
    Ok(Some(p))
}

/// The tables, figures and maps of one level's analysis and selection into `out.dir` (everything
/// but the report, `schools.parquet` and the manifest); returns the files and the report's figures.
pub(super) fn write_level(
    out: &RunOutputs,
    inputs: &Inputs,
    a: &Analysis,
    sel: Option<&Selection>,
    alloc: Option<&crate::select::allocation::Allocation>,
    labels: &crate::i18n::Labels,
    timer: &mut StepTimer,
) -> Result<(Vec<PathBuf>, Vec<ReportFigure>)> {
    let dir = &out.dir;
    let mut written = timer.time("tables", || -> Result<Vec<PathBuf>> {
        let d = out.dialect;
        let mut w = Vec::new();
        let json = out.json_policy();
        if out.compact {
            w.extend(crate::export::pca::write_summary(&a.pca, dir, d, json)?);
            w.extend(crate::export::clusters::write_cluster_summary(
                a, dir, d, json,
            )?);
            if let Some(s) = sel {
                w.extend(crate::export::selection::write_summary(s, dir, d, json)?);
            }
            w.push(crate::export::clusters::write_schools(a, sel, dir, d)?);
        } else {
            w.extend(crate::export::pca::write(&a.pca, dir, d, json)?);
            w.extend(crate::export::clusters::write_clusters(a, dir, d, json)?);
            if let Some(s) = sel {
                w.extend(crate::export::selection::write(s, dir, d, json)?);
            }
        }
        if let Some(al) = alloc {
            w.extend(crate::select::allocation::export::write(al, dir, d)?);
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
    let mut svgs: Vec<ReportFigure> = Vec::new();
    if out.figures {
        let figs = timer.time("figures", || -> Result<Vec<_>> {
            let mut v = Vec::new();
            for (name, section, caption) in PLOTS {
                // One indicator (écoles): no PCA figure (the report says the PCA was skipped).
                if section == Section::Pca && a.pca.result.p < 2 {
                    continue;
                }
                if let Some(r) = figures::plot(a, sel, name, (0, 1), labels)? {
                    let files = crate::plot::write(&fig_dir, name, &r)?;
                    v.push((
                        files,
                        figure(section, name, labels.t(caption).into(), r.svg),
                    ));
                }
            }
            Ok(v)
        })?;
        for (files, svg) in figs {
            written.extend(files);
            svgs.push(svg);
        }
        if let Some(al) = alloc {
            for (name, caption, r) in crate::plot::allocation_plot::figures(al, labels)? {
                written.extend(crate::plot::write(&fig_dir, name, &r)?);
                svgs.push(figure(Section::Allocation, name, caption, r.svg));
            }
        }
    }
    if out.maps && a.table.num("latitude").is_some() {
        let drawn = timer.time("maps", || draw_maps(a, sel, out, labels, &fig_dir))?;
        for (files, svg) in drawn {
            written.extend(files);
            svgs.push(svg);
        }
    }
    Ok((written, svgs))
}

/// The plots of a run: name, report section, caption.
const PLOTS: [(&str, Section, Msg); 9] = [
    ("scree", Section::Pca, Msg::CapScree),
    ("circle", Section::Pca, Msg::CapCircle),
    ("individuals", Section::Pca, Msg::CapIndividuals),
    ("biplot", Section::Pca, Msg::CapBiplot),
    ("contrib", Section::Pca, Msg::CapContrib),
    ("dendrogram", Section::Clusters, Msg::CapDendrogram),
    ("wratio", Section::Clusters, Msg::CapWratio),
    ("silhouette", Section::Clusters, Msg::CapSilhouette),
    ("profiles", Section::Clusters, Msg::CapProfiles),
];

fn figure(section: Section, name: &str, caption: String, svg: String) -> ReportFigure {
    ReportFigure {
        section,
        name: name.to_string(),
        caption,
        svg,
    }
}

type Drawn = Vec<(Vec<PathBuf>, ReportFigure)>;

/// The maps of a run: schools (selection, orphans, clusters) and choropleths by département and
/// académie (share selected, orphans, median IPS) where at least two territories have schools.
/// What a school map's caption says of the schools it is about that have no coordinates (écoles:
/// the official coordinates file covers collèges only), so that a map showing none of the selected
/// schools says why: " 21 of the 21 selected schools have no coordinates …". Empty when all have.
fn undrawn(
    a: &Analysis,
    sel: Option<&Selection>,
    colour: &str,
    labels: &crate::i18n::Labels,
) -> String {
    let lat = a.table.num("latitude");
    let located = |i: usize| lat.is_some_and(|v| v[i].is_finite());
    let subject: Vec<usize> = match (colour, sel) {
        ("selected", Some(s)) => (0..a.table.len())
            .filter(|&i| s.schools.selected[i])
            .collect(),
        ("orphan", Some(s)) => (0..a.table.len())
            .filter(|&i| {
                s.schools.orphan_threshold[i]
                    || s.schools.orphan_cluster[i]
                    || s.schools.orphan_neighbourhood[i]
            })
            .collect(),
        _ => (0..a.table.len()).collect(),
    };
    let missing = subject.iter().filter(|&&i| !located(i)).count();
    if missing == 0 {
        return String::new();
    }
    labels.f(
        match colour {
            "selected" => Msg::MapUndrawnSelected,
            "orphan" => Msg::MapUndrawnOrphans,
            _ => Msg::MapUndrawnSchools,
        },
        &[("n", &missing), ("of", &subject.len())],
    )
}

fn draw_maps(
    a: &Analysis,
    sel: Option<&Selection>,
    out: &RunOutputs,
    labels: &crate::i18n::Labels,
    fig_dir: &Path,
) -> Result<Drawn> {
    use crate::map::draw::Level;
    use crate::report::maps::{base_map, choropleth, point_map, Measure};
    let base = base_map(out.boundaries.as_deref())?;
    let mut v = Vec::new();
    let mut points = Vec::new();
    if sel.is_some() {
        points.push((
            "map_selected",
            "selected",
            Section::Maps,
            Msg::CapMapSelected,
        ));
        points.push(("map_orphan", "orphan", Section::Orphans, Msg::CapMapOrphans));
    }
    if a.hcpc.is_some() {
        points.push((
            "map_cluster",
            "cluster",
            Section::Clusters,
            Msg::CapMapClusters,
        ));
    }
    for (name, colour, section, caption) in points {
        let r = point_map(a, sel, colour, &base, labels)?;
        let files = crate::plot::write(fig_dir, name, &r)?;
        let mut caption = labels.t(caption).to_string();
        caption.push_str(&undrawn(a, sel, colour, labels));
        v.push((files, figure(section, name, caption, r.svg)));
    }
    let mut measures = vec![("ips", Measure::Median("ips".into()))];
    if sel.is_some() {
        measures.insert(0, ("selected", Measure::ShareSelected));
        measures.insert(1, ("orphans", Measure::Orphans));
    }
    for (level, lname, by) in [
        (Level::Departement, "departement", Msg::ByDepartement),
        (Level::Academie, "academie", Msg::ByAcademie),
    ] {
        for (mname, m) in &measures {
            if matches!(m, Measure::Median(c) if a.table.num(c).is_none()) {
                continue;
            }
            if let Some(r) = choropleth(a, sel, m, level, &base, labels)? {
                let name = format!("choropleth_{lname}_{mname}");
                let what = m.title(labels);
                let caption = labels.f(Msg::CapChoro, &[("what", &what), ("by", &labels.t(by))]);
                let files = crate::plot::write(fig_dir, &name, &r)?;
                v.push((files, figure(Section::Maps, &name, caption, r.svg)));
            }
        }
    }
    Ok(v)
}

/// The configuration as (key, value) rows for the report; file paths reduced to their names (a report
/// never shows the folders of the machine that made it).
pub(super) fn config_rows(cfg: &RunConfig) -> Vec<(String, String)> {
    fn name_of(v: &toml::Value) -> String {
        match v {
            toml::Value::String(s) => crate::report::provenance::file_name(s),
            toml::Value::Array(a) => a.iter().map(name_of).collect::<Vec<_>>().join(", "),
            other => other.to_string(),
        }
    }
    fn walk(prefix: &str, v: &toml::Value, out: &mut Vec<(String, String)>) {
        match v {
            toml::Value::Table(t) => {
                for (k, x) in t {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&key, x, out);
                }
            }
            other => {
                let path_like = ["files", "boundaries", "spec", "dir"]
                    .iter()
                    .any(|p| prefix.ends_with(p));
                let text = if path_like {
                    name_of(other)
                } else {
                    match other {
                        toml::Value::String(s) => s.clone(),
                        x => x.to_string(),
                    }
                };
                out.push((prefix.to_string(), text));
            }
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = toml::Value::try_from(cfg) {
        walk("", &v, &mut out);
    }
    out
}

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
