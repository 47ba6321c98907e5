//! Building every figure of a run from its results.

use crate::analysis::Analysis;
use crate::error::Result;
use crate::plot::cluster_plots::{Dendrogram, Profiles, Silhouette, WithinRatio};
use crate::plot::individuals::Individuals;
use crate::plot::pca_plots::{Contrib, CorrelationCircle, Scree};
use crate::plot::{render, Labels, Rendered};
use crate::select::Selection;
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
    labels: &Labels,
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
        "scree" => render(&Scree { pca: r, labels })?,
        "circle" => render(&CorrelationCircle {
            pca: r,
            axes,
            labels,
        })?,
        "individuals" | "biplot" => render(&Individuals {
            pca: r,
            axes,
            clusters: &clusters,
            ep: &ep,
            selected: &selected,
            biplot: what == "biplot",
            labels,
        })?,
        "contrib" => render(&Contrib {
            pca: r,
            axis: axes.0,
            labels,
        })?,
        "dendrogram" => match &a.hcpc {
            Some(h) => render(&Dendrogram { hcpc: h, labels })?,
            None => return Ok(None),
        },
        "wratio" => match &a.hcpc {
            Some(h) => render(&WithinRatio { hcpc: h, labels })?,
            None => return Ok(None),
        },
        "silhouette" => match &a.hcpc {
            Some(h) => {
                let w = crate::cluster::silhouette::silhouette(&r.ind.coord, &h.clusters, 5000);
                render(&Silhouette { widths: &w, labels })?
            }
            None => return Ok(None),
        },
        "profiles" => match &a.hcpc {
            Some(h) => render(&Profiles {
                desc: &a.cluster_variables,
                variables: &r.var.names,
                k: h.k,
                labels,
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

/// A map coloured by `colour` (cluster, selected, orphan or a numeric indicator), over the built-in
/// département and académie outlines or over `boundaries`.
pub fn map(
    a: &Analysis,
    sel: Option<&Selection>,
    colour: &str,
    boundaries: Option<&Path>,
    labels: &Labels,
) -> Result<Rendered> {
    let base = super::maps::base_map(boundaries)?;
    super::maps::point_map(a, sel, colour, &base, labels)
}

/// A choropleth by `by` (`departement` or `academie`) of `colour`: `selected` (share of schools
/// selected), `orphan` (orphan schools) or a numeric indicator (its median).
pub fn choropleth_map(
    a: &Analysis,
    sel: Option<&Selection>,
    colour: &str,
    by: &str,
    boundaries: Option<&Path>,
    labels: &Labels,
) -> Result<Rendered> {
    use super::maps::Measure;
    use crate::map::draw::Level;
    let level = match by {
        "departement" => Level::Departement,
        "academie" => Level::Academie,
        other => {
            return Err(crate::Error::Usage(format!(
                "--by {}: departement or academie",
                crate::text::quote(other)
            )))
        }
    };
    let m = match colour {
        "selected" => Measure::ShareSelected,
        "orphan" => Measure::Orphans,
        c => Measure::Median(a.table.resolve_numeric(c).map_err(|e| {
            crate::Error::Usage(format!(
                "--color {} with --by: selected, orphan or a numeric column ({e})",
                crate::text::quote(c)
            ))
        })?),
    };
    let base = super::maps::base_map(boundaries)?;
    super::maps::choropleth(a, sel, &m, level, &base, labels)?.ok_or_else(|| {
        crate::Error::Usage(format!(
            "--by {by}: fewer than two territories with different values to compare (with \
             --boundaries, the outlines' codes must match the schools' {by})"
        ))
    })
}
