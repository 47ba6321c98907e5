//! The individuals' factor map and the biplot: schools on two PCA axes, by cluster and EP status.

use super::labels::{draw_labels, Placer};
use super::pca_plots::{arrow, dropped_note, factor_plane, font, R};
use super::{cluster_colour, e2s, Figure, Labels, Msg};
use crate::pca::PcaResult;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Individuals factor map: colour = cluster, marker = EP status, selected schools ringed, barycentres of
/// supplementary categories labelled. Points get smaller and translucent as their number grows.
pub struct Individuals<'a> {
    /// The PCA.
    pub pca: &'a PcaResult,
    /// Axes (0-based).
    pub axes: (usize, usize),
    /// Cluster of each school (empty = no clustering).
    pub clusters: &'a [usize],
    /// EP status of each school (empty = unknown).
    pub ep: &'a [String],
    /// Selected schools (empty = none).
    pub selected: &'a [bool],
    /// Show variable arrows (biplot).
    pub biplot: bool,
    /// Language and indicator labels.
    pub labels: &'a Labels,
}

impl Figure for Individuals<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 800)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> R {
        let (a, b) = self.axes;
        let pts: Vec<(f64, f64)> = self
            .pca
            .ind
            .coord
            .iter()
            .map(|c| {
                (
                    c.get(a).copied().unwrap_or(0.0),
                    c.get(b).copied().unwrap_or(0.0),
                )
            })
            .collect();
        let ext = pts
            .iter()
            .fold(1.0f64, |m, p| m.max(p.0.abs()).max(p.1.abs()))
            * 1.08;
        let title = if self.biplot {
            self.labels.t(Msg::BiplotTitle)
        } else {
            self.labels.t(Msg::IndividualsTitle)
        };
        let mut chart = factor_plane(area, title, ext, self.labels, self.pca, self.axes)?;
        let n = pts.len();
        let (size, alpha) = if n > 20_000 {
            (1, 0.25)
        } else if n > 2_000 {
            (2, 0.5)
        } else {
            (4, 0.85)
        };
        let colour = |i: usize| {
            if self.clusters.is_empty() {
                RGBColor(70, 130, 180)
            } else {
                cluster_colour(self.clusters[i])
            }
        };
        let ep = |i: usize| self.ep.get(i).map(String::as_str).unwrap_or("");
        chart
            .draw_series(
                (0..n)
                    .filter(|&i| !matches!(ep(i), "REP" | "REP+" | "HORS EP"))
                    .map(|i| Circle::new(pts[i], size, colour(i).mix(alpha).filled())),
            )
            .map_err(e2s)?;
        chart
            .draw_series(
                (0..n)
                    .filter(|&i| matches!(ep(i), "REP" | "REP+"))
                    .map(|i| TriangleMarker::new(pts[i], size + 2, colour(i).mix(alpha).filled())),
            )
            .map_err(e2s)?;
        chart
            .draw_series(
                (0..n)
                    .filter(|&i| ep(i) == "HORS EP")
                    .map(|i| Cross::new(pts[i], size + 2, colour(i).mix(alpha).stroke_width(2))),
            )
            .map_err(e2s)?;
        chart
            .draw_series(
                (0..n)
                    .filter(|&i| self.selected.get(i).copied().unwrap_or(false))
                    .map(|i| Circle::new(pts[i], size + 5, BLACK.stroke_width(2))),
            )
            .map_err(e2s)?;
        let (px, py) = chart.plotting_area().get_pixel_range();
        let mut placer = Placer::new((px.start, py.start, px.end, py.end));
        // The legend (top right) is not covered by labels.
        let w = area.dim_in_pixel().0 as i32;
        let k = self.clusters.iter().copied().max().unwrap_or(0) as i32;
        placer.block((w - 160, 25, w, 50 + 20 * (k + 3)));
        let mut cats = Vec::new();
        for q in &self.pca.quali_sup {
            for (c, cat) in q.categories.iter().enumerate() {
                let p = (
                    q.coord[c].get(a).copied().unwrap_or(0.0),
                    q.coord[c].get(b).copied().unwrap_or(0.0),
                );
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [
                            (p.0 - ext * 0.012, p.1 - ext * 0.012),
                            (p.0 + ext * 0.012, p.1 + ext * 0.012),
                        ],
                        BLACK.filled(),
                    )))
                    .map_err(e2s)?;
                let at = chart.backend_coord(&p);
                placer.block((at.0 - 6, at.1 - 6, at.0 + 6, at.1 + 6));
                cats.push((at, cat.clone()));
            }
        }
        let mut vars = Vec::new();
        if self.biplot {
            let s = ext * 0.9;
            for (j, name) in self.pca.var.names.iter().enumerate() {
                let c = &self.pca.var.coord[j];
                let to = (
                    c.get(a).copied().unwrap_or(0.0) * s,
                    c.get(b).copied().unwrap_or(0.0) * s,
                );
                arrow(
                    &mut chart,
                    to,
                    s,
                    RGBColor(180, 30, 30).stroke_width(2),
                    false,
                )?;
                vars.push((chart.backend_coord(&to), self.labels.of(name).into_owned()));
            }
        }
        let mut dropped = draw_labels(area, &mut placer, &cats, &font(16), 6)?;
        dropped.extend(draw_labels(
            area,
            &mut placer,
            &vars,
            &font(16).color(&RGBColor(180, 30, 30)),
            6,
        )?);
        dropped_note(area, self.labels, &dropped)?;
        // Legend: clusters and markers.
        let mut y = 40;
        let k = self.clusters.iter().copied().max().unwrap_or(0);
        for c in 1..=k {
            area.draw(&Circle::new(
                (area.dim_in_pixel().0 as i32 - 150, y),
                6,
                cluster_colour(c).filled(),
            ))
            .map_err(e2s)?;
            area.draw(&Text::new(
                self.labels.f(Msg::ClusterN, &[("k", &c)]),
                (area.dim_in_pixel().0 as i32 - 138, y - 8),
                font(14),
            ))
            .map_err(e2s)?;
            y += 20;
        }
        if !self.ep.is_empty() {
            let x = area.dim_in_pixel().0 as i32 - 150;
            area.draw(&TriangleMarker::new((x, y), 7, BLACK.filled()))
                .map_err(e2s)?;
            area.draw(&Text::new("REP / REP+", (x + 12, y - 8), font(14)))
                .map_err(e2s)?;
            y += 20;
            area.draw(&Cross::new((x, y), 6, BLACK.stroke_width(2)))
                .map_err(e2s)?;
            area.draw(&Text::new("HORS EP", (x + 12, y - 8), font(14)))
                .map_err(e2s)?;
            y += 20;
        }
        if self.selected.iter().any(|s| *s) {
            let x = area.dim_in_pixel().0 as i32 - 150;
            area.draw(&Circle::new((x, y), 9, BLACK.stroke_width(2)))
                .map_err(e2s)?;
            area.draw(&Text::new(
                self.labels.t(Msg::Selected),
                (x + 14, y - 8),
                font(14),
            ))
            .map_err(e2s)?;
        }
        Ok(())
    }
}
