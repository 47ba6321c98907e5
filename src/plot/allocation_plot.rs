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
            let name = if g.is_empty() {
                l.t(Msg::AllocAll).to_string()
            } else {
                crate::text::quote(g).into_owned()
            };
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
        let mut chart = ChartBuilder::on(area)
            .caption(self.labels.t(Msg::AllocationTitle), font(24))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d(x0 - pad..x1 + pad, 0.0..y1)
            .map_err(e2s)?;
        chart
            .configure_mesh()
            .x_desc("IPS")
            .y_desc(per_size_label(a, self.labels))
            .label_style(font(14))
            .x_label_formatter(&|x| self.labels.num(*x, 0))
            .y_label_formatter(&|y| self.labels.num(*y, 3))
            .draw()
            .map_err(e2s)?;
        let groups: Vec<&str> = {
            let mut g: Vec<&str> = pts.iter().map(|p| p.2).collect();
            g.sort_unstable();
            g.dedup();
            g
        };
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
                let name = crate::text::quote(g).into_owned();
                series
                    .label(name)
                    .legend(move |(x, y)| Circle::new((x, y), 5, colour.filled()));
            }
        }
        if groups.iter().any(|g| !g.is_empty()) {
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK)
                .label_font(font(14))
                .draw()
                .map_err(e2s)?;
        }
        Ok(())
    }
}
