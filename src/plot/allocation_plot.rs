//! The allocation figures: amount per unit of size (pupil, class, division) against IPS, one dot per
//! school covered by the envelope, coloured by envelope group (a progressive rule shows as a
//! decreasing cloud); and the concentration (Lorenz) curve of each envelope against need, with its
//! concentration index ([`crate::select::allocation::lorenz`]).

use super::{e2s, Figure, Labels, Msg, PALETTE};
use crate::select::allocation::{lorenz, Allocation, Share, SizeUnit, Unit};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::collections::BTreeMap;

fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&BLACK)
}

/// Amount per unit of size against IPS.
pub struct AllocationPlot<'a> {
    /// The allocation.
    pub allocation: &'a Allocation,
    /// Language.
    pub labels: &'a Labels,
}

/// The unit of size in one word: "pupil", "classe"…
fn size_word(a: &Allocation, l: &Labels) -> &'static str {
    l.t(match a.spec.size_unit {
        SizeUnit::Pupils => Msg::SizePupil,
        SizeUnit::Classes => Msg::SizeClass,
        SizeUnit::Divisions => Msg::SizeDivision,
    })
}

/// An envelope group in words: "all" for the single envelope, a school level's words for a level
/// ("écoles", "collèges", as the report names levels elsewhere, never the preset key `ecoles`), the
/// territory or the data's own `level` value otherwise (quoted: it is input text).
pub fn group_name(group: &str, l: &Labels) -> String {
    if group.is_empty() {
        return l.t(Msg::AllocAll).to_string();
    }
    match crate::select::Level::from_name(group) {
        Some(level) => level.words().to_string(),
        None => crate::text::quote(group).into_owned(),
    }
}

/// The y-axis label: "hours per pupil", "postes par division"…
pub fn per_size_label(a: &Allocation, l: &Labels) -> String {
    let unit = l.t(match a.spec.unit {
        Unit::Hours => Msg::UnitHours,
        Unit::Posts => Msg::UnitPosts,
        Unit::Euros => Msg::UnitEuros,
    });
    l.f(Msg::PerSize, &[("unit", &unit), ("size", &size_word(a, l))])
}

/// Every allocation figure: `(file name, caption, drawing)`, in the report's order.
///
/// # Errors
/// A drawing error of plotters (`Error::Numeric`).
pub fn figures(
    a: &Allocation,
    l: &Labels,
) -> crate::error::Result<Vec<(&'static str, String, super::Rendered)>> {
    let size = size_word(a, l);
    Ok(vec![
        (
            "allocation",
            l.t(Msg::CapAllocation).to_string(),
            super::render(&AllocationPlot {
                allocation: a,
                labels: l,
            })?,
        ),
        (
            "allocation_lorenz",
            l.f(Msg::CapLorenz, &[("size", &size)]),
            super::render(&LorenzPlot {
                allocation: a,
                labels: l,
            })?,
        ),
    ])
}

/// The concentration curve of each envelope (cumulative share of the amount against cumulative
/// share of size, schools from the least advantaged), the diagonal of equal amounts per unit of
/// size, and each curve's concentration index in the legend.
pub struct LorenzPlot<'a> {
    /// The allocation.
    pub allocation: &'a Allocation,
    /// Language.
    pub labels: &'a Labels,
}

impl Figure for LorenzPlot<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), String> {
        let (a, l) = (self.allocation, self.labels);
        let mut groups: BTreeMap<&str, Vec<&Share>> = BTreeMap::new();
        for s in &a.shares {
            groups.entry(s.group.as_str()).or_default().push(s);
        }
        let curves: Vec<(&str, lorenz::Concentration)> = groups
            .iter()
            .map(|(g, v)| (*g, lorenz::concentration(v)))
            .collect();
        let size = size_word(a, l);
        let by_ips = curves.iter().all(|(_, c)| c.by_ips);
        let mut chart = ChartBuilder::on(area)
            .caption(l.t(Msg::LorenzTitle), font(24))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d(0.0..1.0, 0.0..1.0)
            .map_err(e2s)?;
        chart
            .configure_mesh()
            .x_desc(l.f(
                if by_ips {
                    Msg::LorenzX
                } else {
                    Msg::LorenzXNeed
                },
                &[("size", &size)],
            ))
            .y_desc(l.t(Msg::LorenzY))
            .label_style(font(14))
            .x_label_formatter(&|x| l.num(*x, 1))
            .y_label_formatter(&|y| l.num(*y, 1))
            .draw()
            .map_err(e2s)?;
        chart
            .draw_series(DashedLineSeries::new(
                [(0.0, 0.0), (1.0, 1.0)],
                6,
                4,
                BLACK.stroke_width(1),
            ))
            .map_err(e2s)?
            .label(l.f(Msg::LorenzEquality, &[("size", &size)]))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], BLACK));
        for (k, (g, c)) in curves.iter().enumerate() {
            let colour = PALETTE[k % PALETTE.len()];
            let name = group_name(g, l);
            chart
                .draw_series(LineSeries::new(
                    c.points.iter().copied(),
                    colour.stroke_width(2),
                ))
                .map_err(e2s)?
                .label(format!("{name} (C = {})", l.num(c.index, 3)))
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 20, y)], colour.stroke_width(2))
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .label_font(font(14))
            .draw()
            .map_err(e2s)?;
        Ok(())
    }
}

/// Radius of a school's dot, in pixels.
const DOT: i32 = 5;
/// Size of the legend's text.
const LEGEND_FONT: u32 = 14;

/// Where the allocation figure's legend goes and how high its y axis reaches, so that the legend's
/// box covers no school's dot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LegendLayout {
    /// Top of the y axis (the data's top + 8 %, raised when no corner is free).
    pub y_top: f64,
    /// The box's upper-left corner, in pixels of the plotting area.
    pub at: (i32, i32),
    /// The box's width and height in pixels.
    pub size: (i32, i32),
}

/// The frame of the allocation figure (title, axes' room, ranges); its plotting area has the same
/// size whatever the ranges.
fn frame<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    title: &str,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
) -> std::result::Result<
    ChartContext<
        'a,
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    String,
> {
    ChartBuilder::on(area)
        .caption(title, font(24))
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(x, y)
        .map_err(e2s)
}

/// The legend's box size, as plotters draws it (text + 30 px of symbol + 10 px margins).
fn legend_size(names: &[String]) -> std::result::Result<(i32, i32), String> {
    let style = font(LEGEND_FONT);
    let mut text = MultiLineText::<_, &str>::new((0, 0), &style);
    for n in names {
        text.push_line(n.as_str());
    }
    let (w, h) = text.estimate_dimension().map_err(|e| format!("{e:?}"))?;
    Ok((w + 30 + 20, h + 20))
}

/// The legend's place on a figure of `dim` pixels: of the corners (upper right, upper left, lower
/// right, lower left) whose box covers no dot, the one farthest from the nearest dot; when every
/// corner holds a dot, the y axis is raised until the band under the top is free, and the legend
/// goes to the roomier upper corner.
pub(crate) fn legend_layout(
    dim: (u32, u32),
    title: &str,
    pts: &[(f64, f64)],
    x: std::ops::Range<f64>,
    y_top: f64,
    size: (i32, i32),
) -> std::result::Result<LegendLayout, String> {
    let mut svg = String::new();
    let dry = SVGBackend::with_string(&mut svg, dim).into_drawing_area();
    let (w, h) = size;
    let place = |top: f64| -> std::result::Result<(Option<(i32, i32)>, i32), String> {
        let chart = frame(&dry, title, x.clone(), 0.0..top)?;
        let plot = chart.plotting_area();
        let (bx, by) = plot.get_base_pixel();
        let (pw, ph) = plot.dim_in_pixel();
        let (pw, ph) = (pw as i32, ph as i32);
        let px: Vec<(i32, i32)> = pts
            .iter()
            .map(|p| {
                let (u, v) = chart.backend_coord(p);
                (u - bx, v - by)
            })
            .collect();
        // The corners as plotters lays them out (5 px from the edges).
        let corners = [
            (pw - w - 5, 5),
            (5, 5),
            (pw - w - 5, ph - h - 5),
            (5, ph - h - 5),
        ];
        // Room between the box at (x0, y0) and the nearest dot's edge (negative: the box covers it).
        let room = |(x0, y0): (i32, i32)| {
            px.iter()
                .map(|&(u, v)| {
                    let dx = (x0 - u).max(u - (x0 + w)).max(0);
                    let dy = (y0 - v).max(v - (y0 + h)).max(0);
                    f64::from(dx).hypot(f64::from(dy)) - f64::from(DOT)
                })
                .fold(f64::INFINITY, f64::min)
        };
        // The free corner with the most room (the first in that order on a tie).
        let mut free: Option<((i32, i32), f64)> = None;
        for c in corners {
            let r = room(c);
            if r > 0.0 && free.is_none_or(|(_, best)| r > best) {
                free = Some((c, r));
            }
        }
        Ok((free.map(|f| f.0), ph))
    };
    let (free, ph) = place(y_top)?;
    if let Some(at) = free {
        return Ok(LegendLayout { y_top, at, size });
    }
    // Every corner holds a dot: raise the top so that the highest dot sits under the box (its
    // height, the 5 px inset, the dot's radius and 2 px to spare).
    let band = f64::from(h + 5 + DOT + 2);
    let ph = f64::from(ph.max(1));
    let y_max = pts.iter().map(|p| p.1).fold(0.0f64, f64::max);
    let raised = if band < 0.9 * ph && y_max > 0.0 {
        (y_max / (1.0 - band / ph)).max(y_top)
    } else {
        y_top * 2.0
    };
    let (free, _) = place(raised)?;
    Ok(LegendLayout {
        y_top: raised,
        at: free.unwrap_or((5, 5)),
        size,
    })
}

impl Figure for AllocationPlot<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), String> {
        let a = self.allocation;
        let pts: Vec<(f64, f64, &str)> = a
            .shares
            .iter()
            .filter(|s| s.school.ips.is_finite() && s.per_size.is_finite())
            .map(|s| (s.school.ips, s.per_size, s.group.as_str()))
            .collect();
        let (mut x0, mut x1, mut y1) = (f64::INFINITY, f64::NEG_INFINITY, 0.0f64);
        for &(x, y, _) in &pts {
            x0 = x0.min(x);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        if !x0.is_finite() {
            (x0, x1) = (0.0, 1.0);
        }
        let pad = ((x1 - x0) * 0.05).max(1.0);
        let y1 = if y1 > 0.0 { y1 * 1.08 } else { 1.0 };
        let groups: Vec<&str> = {
            let mut g: Vec<&str> = pts.iter().map(|p| p.2).collect();
            g.sort_unstable();
            g.dedup();
            g
        };
        let names: Vec<String> = groups
            .iter()
            .filter(|g| !g.is_empty())
            .map(|g| group_name(g, self.labels))
            .collect();
        let title = self.labels.t(Msg::AllocationTitle);
        let layout = if names.is_empty() {
            None
        } else {
            let xy: Vec<(f64, f64)> = pts.iter().map(|p| (p.0, p.1)).collect();
            Some(legend_layout(
                area.dim_in_pixel(),
                title,
                &xy,
                x0 - pad..x1 + pad,
                y1,
                legend_size(&names)?,
            )?)
        };
        let y1 = layout.map_or(y1, |l| l.y_top);
        let mut chart = frame(area, title, x0 - pad..x1 + pad, 0.0..y1)?;
        chart
            .configure_mesh()
            .x_desc("IPS")
            .y_desc(per_size_label(a, self.labels))
            .label_style(font(14))
            .x_label_formatter(&|x| self.labels.num(*x, 0))
            .y_label_formatter(&|y| self.labels.num(*y, 3))
            .draw()
            .map_err(e2s)?;
        for (k, g) in groups.iter().enumerate() {
            let colour = PALETTE[k % PALETTE.len()];
            let series = chart
                .draw_series(
                    pts.iter()
                        .filter(|p| p.2 == *g)
                        .map(|p| Circle::new((p.0, p.1), 5, colour.filled())),
                )
                .map_err(e2s)?;
            if !g.is_empty() {
                let name = group_name(g, self.labels);
                series
                    .label(name)
                    .legend(move |(x, y)| Circle::new((x, y), 5, colour.filled()));
            }
        }
        if let Some(l) = layout {
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::Coordinate(l.at.0, l.at.1))
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK)
                .label_font(font(LEGEND_FONT))
                .draw()
                .map_err(e2s)?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "allocation_plot_tests.rs"]
mod tests;
