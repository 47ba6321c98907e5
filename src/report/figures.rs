//! Building every figure of a run from its results.

use crate::error::Result;
use crate::map::draw::{cluster_legend, read_boundaries, Boundaries, Colouring, MapFigure};
use crate::map::proj::Projector;
use crate::pipeline::Analysis;
use crate::plot::cluster_plots::{Dendrogram, Profiles, Silhouette, WithinRatio};
use crate::plot::pca_plots::{Contrib, CorrelationCircle, Individuals, Scree};
use crate::plot::{render, Lang, Rendered};
use crate::select::Selection;
use plotters::style::RGBColor;
use std::path::Path;

/// Names of the plots `ciblage plot --what` accepts.
pub const PLOTS: [&str; 8] = [
    "scree",
    "circle",
    "individuals",
    "biplot",
    "contrib",
    "dendrogram",
    "silhouette",
    "profiles",
];

/// Map colourings accepted by `ciblage map --color` (or any numeric indicator).
pub const MAP_COLOURS: [&str; 3] = ["cluster", "selected", "orphan"];

/// One plot by name (`None` when it needs a clustering that was not run).
pub fn plot(
    a: &Analysis,
    sel: Option<&Selection>,
    what: &str,
    axes: (usize, usize),
    lang: Lang,
) -> Result<Option<Rendered>> {
    let r = &a.pca.result;
    let clusters: Vec<usize> = a
        .hcpc
        .as_ref()
        .map(|h| h.clusters.clone())
        .unwrap_or_default();
    let ep: Vec<String> = (0..a.table.len())
        .map(|i| a.table.get("ep_status", i))
        .collect();
    let selected: Vec<bool> = sel.map(|s| s.schools.selected.clone()).unwrap_or_default();
    let fig = match what {
        "scree" => render(&Scree { pca: r, lang })?,
        "circle" => render(&CorrelationCircle { pca: r, axes, lang })?,
        "individuals" | "biplot" => render(&Individuals {
            pca: r,
            axes,
            clusters: &clusters,
            ep: &ep,
            selected: &selected,
            biplot: what == "biplot",
            lang,
        })?,
        "contrib" => render(&Contrib {
            pca: r,
            axis: axes.0,
            lang,
        })?,
        "dendrogram" => match &a.hcpc {
            Some(h) => render(&Dendrogram { hcpc: h, lang })?,
            None => return Ok(None),
        },
        "wratio" => match &a.hcpc {
            Some(h) => render(&WithinRatio { hcpc: h, lang })?,
            None => return Ok(None),
        },
        "silhouette" => match &a.hcpc {
            Some(h) => {
                let w = crate::cluster::silhouette::silhouette(&r.ind.coord, &h.clusters, 5000);
                render(&Silhouette { widths: &w, lang })?
            }
            None => return Ok(None),
        },
        "profiles" => match &a.hcpc {
            Some(h) => render(&Profiles {
                desc: &a.cluster_variables,
                variables: &r.var.names,
                k: h.k,
                lang,
            })?,
            None => return Ok(None),
        },
        other => {
            return Err(crate::Error::Usage(format!(
                "unknown plot '{other}' (one of: {}, wratio)",
                PLOTS.join(", ")
            )));
        }
    };
    Ok(Some(fig))
}

/// A map coloured by `colour` (cluster, selected, orphan or a numeric indicator).
pub fn map(
    a: &Analysis,
    sel: Option<&Selection>,
    colour: &str,
    boundaries: Option<&Path>,
    lang: Lang,
) -> Result<Rendered> {
    let proj = Projector::new()?;
    let b = match boundaries {
        Some(p) => read_boundaries(p, &proj)?,
        None => Boundaries::default(),
    };
    let lat = a.table.num("latitude");
    let lon = a.table.num("longitude");
    let n = a.table.len();
    let mut keep = Vec::new();
    let mut points = Vec::new();
    let (mut overseas, mut missing) = (0, 0);
    for i in 0..n {
        let (x, y) = (
            lon.map_or(f64::NAN, |v| v[i]),
            lat.map_or(f64::NAN, |v| v[i]),
        );
        if x.is_nan() || y.is_nan() {
            missing += 1;
        } else if !crate::map::draw::metropolitan(x, y) {
            overseas += 1;
        } else {
            points.push(proj.to_lambert93(x, y)?);
            keep.push(i);
        }
    }
    let grey = RGBColor(170, 170, 170);
    let (colouring, title) = match colour {
        "cluster" => {
            let k = a.hcpc.as_ref().map_or(1, |h| h.k);
            let of = keep
                .iter()
                .map(|&i| a.hcpc.as_ref().map_or(0, |h| h.clusters[i] - 1))
                .collect();
            (
                Colouring::Categories {
                    of,
                    legend: cluster_legend(k, lang),
                },
                lang.t("Schools by cluster", "Établissements par classe")
                    .to_string(),
            )
        }
        "selected" => {
            let of = keep
                .iter()
                .map(|&i| {
                    sel.map_or(0, |s| {
                        if s.schools.selected[i] {
                            2
                        } else if s.schools.eligible[i] {
                            1
                        } else {
                            0
                        }
                    })
                })
                .collect();
            let legend = vec![
                (lang.t("other", "autre").into(), grey),
                (lang.t("eligible", "éligible").into(), RGBColor(255, 165, 0)),
                (lang.t("selected", "retenu").into(), RGBColor(200, 0, 0)),
            ];
            (
                Colouring::Categories { of, legend },
                lang.t("Selected schools", "Établissements retenus")
                    .to_string(),
            )
        }
        "orphan" => {
            let of = keep
                .iter()
                .map(|&i| {
                    let ep = a.table.get("ep_status", i);
                    let orphan = sel.is_some_and(|s| {
                        s.schools.orphan_threshold[i]
                            || s.schools.orphan_cluster[i]
                            || s.schools.orphan_neighbourhood[i]
                    });
                    if ep == "REP" || ep == "REP+" {
                        1
                    } else if orphan {
                        2
                    } else {
                        0
                    }
                })
                .collect();
            let legend = vec![
                (lang.t("other", "autre").into(), grey),
                ("REP / REP+".into(), RGBColor(31, 119, 180)),
                (
                    lang.t("orphan (any detector)", "orphelin (un détecteur au moins)")
                        .into(),
                    RGBColor(200, 0, 0),
                ),
            ];
            (
                Colouring::Categories { of, legend },
                lang.t("Orphan schools", "Établissements orphelins")
                    .to_string(),
            )
        }
        name => {
            let ind = &a.table.resolve_numeric(name).map_err(|e| {
                crate::Error::Usage(format!(
                    "--color {}: use cluster, selected, orphan or a numeric column ({e})",
                    crate::text::quote(name)
                ))
            })?;
            let v = crate::select::eval::values(a, ind);
            (
                Colouring::Continuous {
                    values: keep.iter().map(|&i| v[i]).collect(),
                    name: ind.to_string(),
                },
                ind.to_string(),
            )
        }
    };
    let note = format!(
        "{} {overseas} {}, {missing} {}.",
        lang.t("Not drawn:", "Non représentés :"),
        lang.t("overseas schools", "établissements d'outre-mer"),
        lang.t("without coordinates", "sans coordonnées")
    );
    render(&MapFigure {
        title,
        points: &points,
        colouring: &colouring,
        boundaries: &b,
        note,
        lang,
    })
}
