//! Maps of schools in Lambert-93 over territory boundaries.
//!
//! # Parameters
//! Schools (longitude/latitude WGS84) with a colouring ([`Colouring`]), optional boundary GeoJSON
//! (départements or académies, WGS84 polygons/multipolygons).
//!
//! # Algorithm
//! Points and boundary vertices are projected to Lambert-93 (EPSG:2154) with `proj4rs`. Only metropolitan
//! France is drawn (longitude −6…10, latitude 41…52): overseas schools and boundaries are left out and
//! counted in a note on the map. The frame keeps the projection's aspect ratio; a scale bar is drawn.

use super::proj::Projector;
use crate::error::{Error, Result};
use crate::plot::{cluster_colour, e2s, Figure, Lang};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// Is a WGS84 point in metropolitan France (incl. Corsica)?
pub fn metropolitan(lon: f64, lat: f64) -> bool {
    (-6.0..=10.0).contains(&lon) && (41.0..=52.0).contains(&lat)
}

/// Boundary rings projected to Lambert-93, with the feature code.
#[derive(Debug, Clone, Default)]
pub struct Boundaries {
    /// (code, rings).
    pub features: Vec<(String, Vec<Vec<(f64, f64)>>)>,
    /// Features left out (overseas).
    pub skipped: usize,
}

/// Read a boundary GeoJSON (WGS84) and project it.
pub fn read_boundaries(path: &Path, proj: &Projector) -> Result<Boundaries> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let gj: geojson::GeoJson = text.parse().map_err(|e: geojson::Error| Error::Config {
        path: path.into(),
        reason: format!("not a GeoJSON file: {e}"),
    })?;
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        return Err(Error::Config {
            path: path.into(),
            reason: "expected a FeatureCollection of polygons".into(),
        });
    };
    let mut out = Boundaries::default();
    for f in fc.features {
        let code = f
            .properties
            .as_ref()
            .and_then(|p| {
                ["code", "code_academie", "code_departement", "nom"]
                    .iter()
                    .find_map(|k| p.get(*k))
                    .map(|v| {
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string())
                    })
            })
            .unwrap_or_default();
        let polys: Vec<Vec<Vec<Vec<f64>>>> = match f.geometry.map(|g| g.value) {
            Some(geojson::Value::Polygon(p)) => vec![p],
            Some(geojson::Value::MultiPolygon(m)) => m,
            _ => continue,
        };
        let mut rings = Vec::new();
        let mut inside = false;
        for poly in polys {
            for ring in poly {
                let mut r = Vec::with_capacity(ring.len());
                for pt in ring {
                    if pt.len() < 2 {
                        continue;
                    }
                    if metropolitan(pt[0], pt[1]) {
                        inside = true;
                    }
                    r.push(proj.to_lambert93(pt[0], pt[1])?);
                }
                rings.push(r);
            }
        }
        if inside {
            out.features.push((code, rings));
        } else {
            out.skipped += 1;
        }
    }
    Ok(out)
}

/// How points are coloured.
#[derive(Debug, Clone)]
pub enum Colouring {
    /// Categories with their colour and legend label (one entry per point: index into `legend`).
    Categories {
        /// Category of each point.
        of: Vec<usize>,
        /// (label, colour) per category.
        legend: Vec<(String, RGBColor)>,
    },
    /// A continuous indicator.
    Continuous {
        /// Value of each point.
        values: Vec<f64>,
        /// Its name.
        name: String,
    },
}

/// A map figure.
pub struct MapFigure<'a> {
    /// Title.
    pub title: String,
    /// Points in Lambert-93.
    pub points: &'a [(f64, f64)],
    /// Colouring.
    pub colouring: &'a Colouring,
    /// Boundaries.
    pub boundaries: &'a Boundaries,
    /// Note (e.g. overseas schools left out).
    pub note: String,
    /// Language.
    pub lang: Lang,
}

/// Continuous colour scale (blue → yellow → red).
pub fn scale(t: f64) -> RGBColor {
    let t = if t.is_nan() { 0.5 } else { t.clamp(0.0, 1.0) };
    if t < 0.5 {
        let u = t * 2.0;
        RGBColor(
            (40.0 + 215.0 * u) as u8,
            (90.0 + 150.0 * u) as u8,
            (200.0 - 150.0 * u) as u8,
        )
    } else {
        let u = (t - 0.5) * 2.0;
        RGBColor(255, (240.0 - 200.0 * u) as u8, (50.0 - 20.0 * u) as u8)
    }
}

impl Figure for MapFigure<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 1000)
    }
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), String> {
        let mut xs: Vec<f64> = self.points.iter().map(|p| p.0).collect();
        let mut ys: Vec<f64> = self.points.iter().map(|p| p.1).collect();
        for (_, rings) in &self.boundaries.features {
            for r in rings {
                xs.extend(r.iter().map(|p| p.0));
                ys.extend(r.iter().map(|p| p.1));
            }
        }
        let (mut x0, mut x1) = xs
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(*v), b.max(*v))
            });
        let (mut y0, mut y1) = ys
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(*v), b.max(*v))
            });
        if !x0.is_finite() {
            (x0, x1, y0, y1) = (100_000.0, 1_200_000.0, 6_050_000.0, 7_150_000.0);
        }
        // Square frame with a margin (equal scales on both axes).
        let side = (x1 - x0).max(y1 - y0).max(10_000.0) * 1.08;
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let (x0, x1, y0, y1) = (
            cx - side / 2.0,
            cx + side / 2.0,
            cy - side / 2.0,
            cy + side / 2.0,
        );
        let mut chart = ChartBuilder::on(area)
            .caption(&self.title, ("sans-serif", 24).into_font())
            .margin(20)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(e2s)?;
        for (_, rings) in &self.boundaries.features {
            for r in rings {
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        r.clone(),
                        RGBColor(245, 245, 240).filled(),
                    )))
                    .map_err(e2s)?;
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        r.clone(),
                        RGBColor(120, 120, 120).stroke_width(1),
                    )))
                    .map_err(e2s)?;
            }
        }
        let n = self.points.len();
        let size = if n > 20_000 {
            1
        } else if n > 3_000 {
            2
        } else {
            4
        };
        match self.colouring {
            Colouring::Categories { of, legend } => {
                // Draw categories in legend order so that later (highlighted) ones stay on top.
                for (c, (_, col)) in legend.iter().enumerate() {
                    chart
                        .draw_series((0..n).filter(|&i| of[i] == c).map(|i| {
                            Circle::new(
                                self.points[i],
                                if c == 0 { size } else { size + 1 },
                                col.filled(),
                            )
                        }))
                        .map_err(e2s)?;
                }
                let mut y = 60;
                for (label, col) in legend {
                    area.draw(&Circle::new((40, y), 7, col.filled()))
                        .map_err(e2s)?;
                    area.draw(&Text::new(
                        label.clone(),
                        (55, y - 9),
                        ("sans-serif", 16).into_font(),
                    ))
                    .map_err(e2s)?;
                    y += 24;
                }
            }
            Colouring::Continuous { values, name } => {
                let ok: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
                let (lo, hi) = ok
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                        (a.min(*v), b.max(*v))
                    });
                let t = |v: f64| if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
                chart
                    .draw_series(
                        (0..n).map(|i| {
                            Circle::new(self.points[i], size, scale(t(values[i])).filled())
                        }),
                    )
                    .map_err(e2s)?;
                for s in 0..100 {
                    let c = scale(s as f64 / 99.0);
                    area.draw(&Rectangle::new(
                        [(40 + 2 * s, 60), (42 + 2 * s, 76)],
                        c.filled(),
                    ))
                    .map_err(e2s)?;
                }
                area.draw(&Text::new(
                    format!("{name}: {lo:.1}",),
                    (40, 80),
                    ("sans-serif", 14).into_font(),
                ))
                .map_err(e2s)?;
                area.draw(&Text::new(
                    format!("{hi:.1}"),
                    (220, 80),
                    ("sans-serif", 14).into_font(),
                ))
                .map_err(e2s)?;
            }
        }
        // Scale bar: a round length near a fifth of the frame.
        let target = side / 5.0;
        let km = [10.0, 20.0, 50.0, 100.0, 200.0, 500.0]
            .into_iter()
            .rev()
            .find(|k| k * 1000.0 <= target)
            .unwrap_or(10.0);
        let bx = x0 + side * 0.05;
        let by = y0 + side * 0.04;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(bx, by), (bx + km * 1000.0, by)],
                BLACK.stroke_width(3),
            )))
            .map_err(e2s)?;
        chart
            .draw_series(std::iter::once(Text::new(
                format!("{km} km"),
                (bx, by + side * 0.01),
                ("sans-serif", 16).into_font(),
            )))
            .map_err(e2s)?;
        let dim = area.dim_in_pixel();
        area.draw(&Text::new(
            format!("Lambert-93 (EPSG:2154). {}", self.note),
            (20, dim.1 as i32 - 25),
            ("sans-serif", 14).into_font(),
        ))
        .map_err(e2s)?;
        let _ = self.lang;
        Ok(())
    }
}

/// Categorical colours for the common map modes.
pub fn cluster_legend(k: usize, lang: Lang) -> Vec<(String, RGBColor)> {
    (1..=k)
        .map(|c| {
            (
                format!("{} {c}", lang.t("cluster", "classe")),
                cluster_colour(c),
            )
        })
        .collect()
}
