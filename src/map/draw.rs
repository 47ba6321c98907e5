//! Maps of schools and choropleths of territories over the département and académie outlines.
//!
//! # Parameters
//! A [`MapFigure`]: the outlines ([`BaseMap`]: built-in or the user's), what is coloured ([`Fill`]:
//! schools by category, or territories by class) and the labels' language.
//!
//! # Algorithm
//! Metropolitan France is drawn in Lambert-93 (EPSG:2154); each overseas département that has schools
//! (all five on a national map) in an inset with its own local projection and scale, as INSEE maps do;
//! schools of the overseas collectivities, which have no outline, are counted in a note. The main frame
//! is the whole of metropolitan France for a national map, else the schools' extent (a territory map,
//! where the schools are named when there are at most [`NAMED_SCHOOLS_MAX`]). Département names (or
//! codes where names do not fit) are written where there is room, after the schools' names, never over
//! another label ([`crate::plot::labels::Placer`]). A scale bar, a north arrow (grid north of the
//! projection) and the source of the outlines are on every map.

pub use super::figure::{
    cluster_legend, BaseMap, Fill, Layout, Level, MapFigure, Point, NAMED_SCHOOLS_MAX,
};
use super::figure::{fill_colour, BACKGROUND, H, INSET_X, MAIN, NO_DATA, W};
use super::regions::{Projections, Region};
use super::viewport::{bbox, feature_px, label_anchor, pad, region_of_polygon, Viewport};
use crate::plot::labels::{text_size, Placer};
use crate::plot::{e2s, Figure, Msg};
use plotters::coord::Shift;
use plotters::prelude::*;

type R = std::result::Result<(), String>;

/// A territory's label: pixel anchor, name, code, pixel width of the territory, its fill.
type Anchor = ((i32, i32), String, String, i32, RGBColor);

impl MapFigure<'_> {
    /// Draw the outlines, fills and schools of one viewport; returns the label candidates of the
    /// départements (pixel anchor, name, code, pixel width of the feature, fill).
    fn draw_viewport<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        v: &Viewport,
        proj: &Projections,
    ) -> std::result::Result<Vec<Anchor>, String> {
        let choropleth = matches!(self.fill, Fill::Choropleth { .. });
        let mut anchors = Vec::new();
        for (level, layer) in [
            (Level::Departement, Some(&self.base.departements)),
            (Level::Academie, self.base.academies.as_ref()),
        ] {
            let Some(layer) = layer else { continue };
            let coloured = matches!(self.fill, Fill::Choropleth { level: l, .. } if *l == level);
            let thick = level == Level::Academie;
            for f in &layer.features {
                let rings = feature_px(f, v, proj);
                if rings.is_empty() {
                    continue;
                }
                let fill = fill_colour(self.fill, level, &f.code);
                if coloured || (!thick && !choropleth) || (!thick && fill.is_none()) {
                    let c = fill.unwrap_or(if coloured { NO_DATA } else { BACKGROUND });
                    for r in &rings {
                        area.draw(&Polygon::new(r.clone(), c.filled()))
                            .map_err(e2s)?;
                    }
                }
                let stroke = if thick {
                    RGBColor(60, 60, 60).stroke_width(2)
                } else {
                    RGBColor(150, 150, 150).stroke_width(1)
                };
                for r in &rings {
                    let mut closed = r.clone();
                    closed.push(r[0]);
                    area.draw(&PathElement::new(closed, stroke)).map_err(e2s)?;
                }
                let named = match self.fill {
                    Fill::Choropleth { level: l, .. } => *l == level,
                    Fill::Points { .. } => level == Level::Departement,
                };
                if named {
                    if let Some(a) = label_anchor(f, v, proj) {
                        let c = fill_colour(self.fill, level, &f.code).unwrap_or(BACKGROUND);
                        let name = match self.fill {
                            Fill::Choropleth {
                                values, decimals, ..
                            } => match values.iter().find(|x| x.0 == f.code) {
                                Some((_, x)) => {
                                    format!(
                                        "{}{}{}",
                                        f.name,
                                        self.labels.t(Msg::Colon),
                                        self.labels.num(*x, *decimals)
                                    )
                                }
                                None => f.name.clone(),
                            },
                            Fill::Points { .. } => f.name.clone(),
                        };
                        anchors.push((a.0, name, f.code.clone(), a.1, c));
                    }
                }
            }
        }
        if let Fill::Points { points, legend } = self.fill {
            let n = points.len();
            let size = if n > 20_000 {
                1
            } else if n > 3_000 {
                2
            } else if v.rect.2 - v.rect.0 < 300 {
                3
            } else {
                4
            };
            for (c, (_, col)) in legend.iter().enumerate() {
                for p in points.iter().filter(|p| p.class == c) {
                    if Region::of(p.lon, p.lat) != Some(v.region) {
                        continue;
                    }
                    let at = v.px(proj.project(v.region, p.lon, p.lat).map_err(e2s)?);
                    let r = if c == 0 { size } else { size + 1 };
                    area.draw(&Circle::new(at, r, col.filled())).map_err(e2s)?;
                    if c > 0 && n <= 3_000 {
                        area.draw(&Circle::new(at, r, BLACK.mix(0.6).stroke_width(1)))
                            .map_err(e2s)?;
                    }
                }
            }
        }
        Ok(anchors)
    }
}

impl Figure for MapFigure<'_> {
    fn size(&self) -> (u32, u32) {
        (W as u32, H as u32)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> R {
        let proj = Projections::new().map_err(e2s)?;
        let lay = self.layout(&proj).map_err(e2s)?;
        let left = if lay.insets.is_empty() {
            MAIN.0
        } else {
            INSET_X.1 + 12
        };
        let main_rect = (left, MAIN.1, MAIN.2, MAIN.3);
        let main = Viewport::new(lay.main, lay.frame, main_rect);
        let anchors = self.draw_viewport(area, &main, &proj)?;
        // Mask what spilled outside the main frame, then frame it.
        for r in [
            (0, 0, W, main_rect.1),
            (0, main_rect.3, W, H),
            (0, 0, main_rect.0, H),
            (main_rect.2, 0, W, H),
        ] {
            area.draw(&Rectangle::new([(r.0, r.1), (r.2, r.3)], WHITE.filled()))
                .map_err(e2s)?;
        }
        area.draw(&Rectangle::new(
            [(main_rect.0, main_rect.1), (main_rect.2, main_rect.3)],
            RGBColor(120, 120, 120).stroke_width(1),
        ))
        .map_err(e2s)?;
        let mut placer = Placer::new(main_rect);
        let dropped = self.school_names(area, &main, &proj, &lay, &mut placer)?;
        // Territory names never hide a highlighted school (selected, orphan, a cluster...).
        if let Fill::Points { points, .. } = self.fill {
            if points.len() <= 3_000 {
                for p in points.iter().filter(|p| p.class > 0) {
                    if Region::of(p.lon, p.lat) == Some(main.region) {
                        let a = main.px(proj.project(main.region, p.lon, p.lat).map_err(e2s)?);
                        placer.block((a.0 - 5, a.1 - 5, a.0 + 5, a.1 + 5));
                    }
                }
            }
        }
        self.departement_names(area, &anchors, &lay, &mut placer)?;
        self.insets(area, &lay, &proj)?;
        super::legend::scale_bar(area, &main, self.labels)?;
        super::legend::north_arrow(area, main_rect)?;
        area.draw(&Text::new(
            self.title.clone(),
            (15, 15),
            ("sans-serif", 26).into_font().color(&BLACK),
        ))
        .map_err(e2s)?;
        super::legend::legend(area, self.fill, self.labels, (MAIN.2 + 15, MAIN.1))?;
        super::legend::notes(area, self, dropped, !lay.insets.is_empty())
    }
}

impl MapFigure<'_> {
    /// The selected schools' names on a territory map (at most [`NAMED_SCHOOLS_MAX`]); returns how many
    /// did not fit.
    fn school_names<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        v: &Viewport,
        proj: &Projections,
        lay: &Layout,
        placer: &mut Placer,
    ) -> std::result::Result<usize, String> {
        let Fill::Points { points, .. } = self.fill else {
            return Ok(0);
        };
        let named: Vec<&Point> = points
            .iter()
            .filter(|p| p.label.is_some() && Region::of(p.lon, p.lat) == Some(v.region))
            .collect();
        if lay.national || named.is_empty() || named.len() > NAMED_SCHOOLS_MAX {
            return Ok(0);
        }
        let font = ("sans-serif", 15).into_font().color(&BLACK);
        let mut at = Vec::new();
        for p in &named {
            let a = v.px(proj.project(v.region, p.lon, p.lat).map_err(e2s)?);
            placer.block((a.0 - 4, a.1 - 4, a.0 + 4, a.1 + 4));
            at.push(a);
        }
        let mut dropped = 0;
        for (p, a) in named.iter().zip(at) {
            let text = p.label.clone().unwrap_or_default();
            let size = text_size(area, &text, &font);
            match placer.place(a, size, 5) {
                Some(xy) => {
                    let (w, h) = size;
                    area.draw(&Rectangle::new(
                        [(xy.0 - 1, xy.1), (xy.0 + w + 1, xy.1 + h)],
                        WHITE.mix(0.75).filled(),
                    ))
                    .map_err(e2s)?;
                    area.draw(&Text::new(text, xy, font.clone())).map_err(e2s)?;
                }
                None => dropped += 1,
            }
        }
        Ok(dropped)
    }

    /// Département names where they fit (codes on a national map).
    fn departement_names<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        anchors: &[Anchor],
        lay: &Layout,
        placer: &mut Placer,
    ) -> R {
        for (at, name, code, width, fill) in anchors {
            let luma = 0.299 * fill.0 as f64 + 0.587 * fill.1 as f64 + 0.114 * fill.2 as f64;
            let dark = luma < 128.0;
            let colour = if dark { WHITE } else { RGBColor(40, 40, 40) };
            let font = ("sans-serif", if lay.national { 12 } else { 16 })
                .into_font()
                .color(&colour);
            let candidates: Vec<&String> = if lay.national {
                vec![code]
            } else {
                vec![name, code]
            };
            for text in candidates {
                let (w, h) = text_size(area, text, &font);
                if w > *width {
                    continue;
                }
                if let Some(xy) = placer.place_centred(*at, (w, h)) {
                    area.draw(&Text::new(text.clone(), xy, font.clone()))
                        .map_err(e2s)?;
                    break;
                }
            }
        }
        Ok(())
    }

    /// The overseas insets, in a column on the left.
    fn insets<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        lay: &Layout,
        proj: &Projections,
    ) -> R {
        let n = lay.insets.len().max(1) as i32;
        let slot = ((MAIN.3 - MAIN.1) / n).min(175);
        for (k, r) in lay.insets.iter().enumerate() {
            let top = MAIN.1 + k as i32 * slot;
            let rect = (INSET_X.0, top, INSET_X.1, top + slot - 22);
            let mut pts = Vec::new();
            for f in &self.base.departements.features {
                for p in f
                    .polygons
                    .iter()
                    .filter(|p| region_of_polygon(p) == Some(*r))
                {
                    for q in &p[0] {
                        pts.push(proj.project(*r, q.0, q.1).map_err(e2s)?);
                    }
                }
            }
            let Some(b) = bbox(pts.into_iter()) else {
                continue;
            };
            let v = Viewport::new(*r, pad(b, 0.06), rect);
            self.draw_viewport(area, &v, proj)?;
            area.draw(&Rectangle::new(
                [(rect.0, rect.1), (rect.2, rect.3)],
                RGBColor(120, 120, 120).stroke_width(1),
            ))
            .map_err(e2s)?;
            area.draw(&Text::new(
                format!("{} ({})", r.name(), r.code().unwrap_or_default()),
                (rect.0, rect.3 + 3),
                ("sans-serif", 14).into_font().color(&BLACK),
            ))
            .map_err(e2s)?;
        }
        Ok(())
    }
}
