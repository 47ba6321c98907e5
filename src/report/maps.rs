//! The maps of a run: schools by category (cluster, selection, orphans, any indicator in classes) and
//! choropleths of territories (share of schools selected, orphans, median IPS or any indicator) by
//! département or académie, over the built-in outlines unless a boundary file is given.

use crate::analysis::Analysis;
use crate::error::{Error, Result};
use crate::map::boundaries::{key, Layer, CREDIT};
use crate::map::classes::{class_of, jenks};
use crate::map::draw::{cluster_legend, BaseMap, Fill, Level, MapFigure, Point};
use crate::map::regions::{collectivity, collectivity_at, Region};
use crate::plot::{render, Labels, Msg, Rendered};
use crate::select::Selection;
use plotters::style::RGBColor;
use std::collections::BTreeMap;
use std::path::Path;

/// Classes of a choropleth or of an indicator map.
pub const CLASSES: usize = 5;

/// What a choropleth shows per territory.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// Share (%) of the analysed schools that are selected.
    ShareSelected,
    /// Number of orphan schools (flagged by at least one of the three detectors).
    Orphans,
    /// Median of an indicator over the analysed schools.
    Median(String),
}

impl Measure {
    /// What the map shows, as its title, legend and caption begin: "Share of schools selected (%)",
    /// "Mean IPS (median of the schools)".
    pub fn title(&self, l: &Labels) -> String {
        match self {
            Measure::ShareSelected => l.t(Msg::ChoroShareSelected).to_string(),
            Measure::Orphans => l.t(Msg::ChoroOrphans).to_string(),
            Measure::Median(ind) => l.f(Msg::ChoroMedian, &[("what", &l.of(ind))]),
        }
    }
}

/// The outlines: the built-in départements and académies, or the user's file alone.
pub fn base_map(boundaries: Option<&Path>) -> Result<BaseMap> {
    match boundaries {
        Some(p) => Ok(BaseMap {
            departements: Layer::read(p)?,
            academies: None,
            credit: p
                .file_name()
                .map_or_else(String::new, |f| f.to_string_lossy().into_owned()),
        }),
        None => Ok(BaseMap {
            departements: Layer::departements()?,
            academies: Some(Layer::academies()?),
            credit: CREDIT.to_string(),
        }),
    }
}

/// Schools left off a map: without coordinates (""), or in a collectivity without outline.
fn not_drawn(a: &Analysis, rows: &[usize], l: &Labels) -> Vec<(String, usize)> {
    let (lat, lon) = (a.table.num("latitude"), a.table.num("longitude"));
    let mut out: BTreeMap<String, usize> = BTreeMap::new();
    for &i in rows {
        let (x, y) = (
            lon.map_or(f64::NAN, |v| v[i]),
            lat.map_or(f64::NAN, |v| v[i]),
        );
        if x.is_nan() || y.is_nan() {
            *out.entry(String::new()).or_default() += 1;
        } else if Region::of(x, y).is_none() {
            let dep = a.table.get("departement", i);
            let place = collectivity_at(x, y)
                .or_else(|| collectivity(&dep))
                .map_or_else(
                    || l.f(Msg::DepartementNamed, &[("name", &dep)]),
                    str::to_string,
                );
            *out.entry(place).or_default() += 1;
        }
    }
    // Collectivities first, then schools without coordinates.
    let mut v: Vec<(String, usize)> = out.into_iter().collect();
    v.sort_by_key(|x| x.0.is_empty());
    v
}

/// Category of each school, the legend (label, colour) and the title of a point map.
type Categories = (Vec<usize>, Vec<(String, RGBColor)>, String);

/// Category of each school for a point map, with the legend and title.
fn categories(
    a: &Analysis,
    sel: Option<&Selection>,
    colour: &str,
    l: &Labels,
) -> Result<Categories> {
    let n = a.table.len();
    let grey = RGBColor(170, 170, 170);
    Ok(match colour {
        "cluster" => {
            let k = a.hcpc.as_ref().map_or(1, |h| h.k);
            let of = (0..n)
                .map(|i| a.hcpc.as_ref().map_or(0, |h| h.clusters[i] - 1))
                .collect();
            (of, cluster_legend(k, l), l.t(Msg::MapClustersTitle).into())
        }
        "selected" => {
            let of = (0..n)
                .map(|i| {
                    sel.map_or(0, |s| {
                        usize::from(s.schools.eligible[i]) + usize::from(s.schools.selected[i])
                    })
                })
                .collect();
            let legend = vec![
                (l.t(Msg::OtherSchools).into(), grey),
                (l.t(Msg::EligibleNotSelected).into(), RGBColor(253, 174, 97)),
                (l.t(Msg::SelectedSchools).into(), RGBColor(178, 24, 43)),
            ];
            (of, legend, l.t(Msg::MapSelectedTitle).into())
        }
        "orphan" => {
            let of = (0..n)
                .map(|i| {
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
                (l.t(Msg::OtherSchools).into(), grey),
                ("REP / REP+".into(), RGBColor(33, 102, 172)),
                (l.t(Msg::OrphanAny).into(), RGBColor(178, 24, 43)),
            ];
            (of, legend, l.t(Msg::MapOrphansTitle).into())
        }
        name => {
            // Any name of the column: the file's header, its normalised form, a canonical name.
            let ind = &a.table.resolve_numeric(name).map_err(|e| {
                Error::Usage(format!(
                    "--color {}: use cluster, selected, orphan or a numeric column ({e})",
                    crate::text::quote(name)
                ))
            })?;
            let v = crate::select::rules::values(a, ind);
            let breaks = jenks(&v, CLASSES);
            let k = breaks.len();
            let of = v
                .iter()
                .map(|x| class_of(*x, &breaks).map_or(0, |c| c + 1))
                .collect();
            let mut legend = vec![(l.t(Msg::Missing).to_string(), grey)];
            let lo = v
                .iter()
                .copied()
                .filter(|x| !x.is_nan())
                .fold(f64::INFINITY, f64::min);
            for c in 0..k {
                let (r, g, b) = crate::map::classes::class_colour(c, k);
                let from = if c == 0 { lo } else { breaks[c - 1] };
                legend.push((
                    format!("{} – {}", l.num(from, 1), l.num(breaks[c], 1)),
                    RGBColor(r, g, b),
                ));
            }
            let title = l.f(Msg::MapIndicatorTitle, &[("what", &l.of(ind))]);
            (of, legend, title)
        }
    })
}

/// A map of the schools coloured by `colour` (cluster, selected, orphan or a numeric indicator, in
/// Jenks classes); selected schools are named on a territory map.
pub fn point_map(
    a: &Analysis,
    sel: Option<&Selection>,
    colour: &str,
    base: &BaseMap,
    l: &Labels,
) -> Result<Rendered> {
    let (of, legend, title) = categories(a, sel, colour, l)?;
    let (lat, lon) = (a.table.num("latitude"), a.table.num("longitude"));
    let name = a.table.text("name");
    let mut points = Vec::new();
    for i in 0..a.table.len() {
        let (x, y) = (
            lon.map_or(f64::NAN, |v| v[i]),
            lat.map_or(f64::NAN, |v| v[i]),
        );
        if Region::of(x, y).is_none() {
            continue;
        }
        let named = colour == "selected" && sel.is_some_and(|s| s.schools.selected[i]);
        points.push(Point {
            lon: x,
            lat: y,
            class: of[i],
            label: named
                .then(|| name.map_or_else(|| a.table.uai[i].to_string(), |v| v[i].to_string())),
        });
    }
    let all: Vec<usize> = (0..a.table.len()).collect();
    render(&MapFigure {
        title,
        base,
        fill: &Fill::Points { points, legend },
        not_drawn: not_drawn(a, &all, l),
        labels: l,
    })
}

/// The value of `m` per territory code of `level` (territories with at least one analysed school).
pub fn aggregate(
    a: &Analysis,
    sel: Option<&Selection>,
    m: &Measure,
    level: Level,
    layer: &Layer,
) -> Vec<(String, f64)> {
    let column = match level {
        Level::Departement => "departement",
        Level::Academie => "academie",
    };
    // Territory code of the layer for each key of the school files.
    let codes: BTreeMap<String, &str> = layer
        .features
        .iter()
        .map(|f| (key(&f.code), f.code.as_str()))
        .collect();
    let values = match m {
        Measure::Median(ind) => crate::select::rules::values(a, ind),
        _ => Vec::new(),
    };
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for i in 0..a.table.len() {
        let k = key(&a.table.get(column, i));
        if let Some(code) = codes.get(&k) {
            groups.entry(code).or_default().push(i);
        }
    }
    groups
        .into_iter()
        .map(|(code, rows)| {
            let v = match m {
                Measure::ShareSelected => sel.map_or(f64::NAN, |s| {
                    100.0 * rows.iter().filter(|&&i| s.schools.selected[i]).count() as f64
                        / rows.len() as f64
                }),
                Measure::Orphans => sel.map_or(f64::NAN, |s| {
                    rows.iter()
                        .filter(|&&i| s.schools.orphan_threshold[i])
                        .count() as f64
                }),
                Measure::Median(_) => {
                    let mut x: Vec<f64> = rows
                        .iter()
                        .map(|&i| values[i])
                        .filter(|x| !x.is_nan())
                        .collect();
                    crate::select::context::quantile_unsorted(&mut x, 0.5)
                }
            };
            (code.to_string(), v)
        })
        .collect()
}

/// A choropleth of `m` by `level`; `None` when fewer than two territories have a value or all have the
/// same (nothing to compare), or the base map has no such outlines.
pub fn choropleth(
    a: &Analysis,
    sel: Option<&Selection>,
    m: &Measure,
    level: Level,
    base: &BaseMap,
    l: &Labels,
) -> Result<Option<Rendered>> {
    let layer = match level {
        Level::Departement => &base.departements,
        Level::Academie => match &base.academies {
            Some(x) => x,
            None => return Ok(None),
        },
    };
    let values = aggregate(a, sel, m, level, layer);
    let mut distinct: Vec<f64> = values.iter().map(|v| v.1).filter(|v| !v.is_nan()).collect();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    if distinct.len() < 2 {
        return Ok(None);
    }
    let raw: Vec<f64> = values.iter().map(|v| v.1).collect();
    let breaks = jenks(&raw, CLASSES);
    let what = m.title(l);
    let decimals = match m {
        Measure::Orphans => 0,
        Measure::ShareSelected | Measure::Median(_) => 1,
    };
    let by = l.t(match level {
        Level::Departement => Msg::ByDepartement,
        Level::Academie => Msg::ByAcademie,
    });
    let fig = MapFigure {
        title: format!("{what} {by}"),
        base,
        fill: &Fill::Choropleth {
            level,
            values,
            breaks,
            decimals,
            what,
        },
        not_drawn: Vec::new(),
        labels: l,
    };
    render(&fig).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// A label that already names an aggregate ("Mean IPS") gets no second aggregate word before it.
    #[test]
    fn a_median_title_does_not_double_the_aggregate() {
        let m = Measure::Median("ips".into());
        let (en, fr) = (Labels::new(Lang::En), Labels::new(Lang::Fr));
        assert_eq!(m.title(&en), "Mean IPS (median of the schools)");
        assert_eq!(m.title(&fr), "IPS moyen (médiane des établissements)");
        let caption = en.f(
            Msg::CapChoro,
            &[("what", &m.title(&en)), ("by", &en.t(Msg::ByDepartement))],
        );
        assert_eq!(caption, "Mean IPS (median of the schools) by département.");
        assert!(!m.title(&en).contains("Median Mean"));
    }
}
