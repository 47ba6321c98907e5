//! The follow-up's figures: the group trajectories (one panel per indicator: followed vs comparison,
//! mean and 95 % interval per session since entry) and one dashboard per followed school (one panel
//! per indicator: the school, its comparison school, the median and inter-quartile band of its
//! académie, over the sessions).
//!
//! No line crosses a change of series: each stretch of series is drawn on its own, and on the
//! dashboards the change is marked. Data strings (indicator names, school names) go through
//! [`crate::text::quote`] (bounded, control characters escaped) and the SVG backend escapes markup.

use super::{e2s, Figure, Labels, Msg, PALETTE};
use crate::follow::reference::{area_of, Reference, ALL};
use crate::follow::trajectory::{Group, GroupPoint};
use crate::follow::FollowResult;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&BLACK)
}

const FOLLOWED: RGBColor = PALETTE[3];
const COMPARISON: RGBColor = PALETTE[0];
const BAND: RGBColor = PALETTE[7];
const BREAK: RGBColor = PALETTE[1];

/// Rows and columns of small multiples for `n` panels (two columns from two panels on).
fn grid(n: usize) -> (usize, usize) {
    let cols = if n >= 2 { 2 } else { 1 };
    (n.div_ceil(cols).max(1), cols)
}

/// Height of a figure of `n` panels.
fn height(n: usize) -> u32 {
    80 + LEGEND + 330 * grid(n).0 as u32
}

/// A y range holding every value, padded.
fn y_range(v: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for x in v.filter(|x| x.is_finite()) {
        lo = lo.min(x);
        hi = hi.max(x);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.08).max(0.5);
    (lo - pad, hi + pad)
}

/// A label of the figure: a data string bounded and with control characters escaped.
fn shown(s: &str) -> String {
    crate::text::quote(s).into_owned()
}

/// How a legend item is drawn.
#[derive(Clone, Copy)]
enum Mark {
    Line,
    Dashed,
    Band,
}

/// The legend: one row of items in the strip under the panels (never over the data).
fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(Mark, RGBColor, String)],
) -> std::result::Result<(), String> {
    let f = font(13);
    let (_, h) = area.dim_in_pixel();
    let y = h as i32 / 2;
    let mut x = 20;
    for (mark, colour, text) in items {
        let colour = *colour;
        match mark {
            Mark::Line => area
                .draw(&PathElement::new(
                    [(x, y), (x + 24, y)],
                    colour.stroke_width(3),
                ))
                .map_err(e2s)?,
            Mark::Dashed => {
                for k in 0..3 {
                    let a = x + k * 9;
                    area.draw(&PathElement::new(
                        [(a, y), (a + 5, y)],
                        colour.stroke_width(2),
                    ))
                    .map_err(e2s)?;
                }
            }
            Mark::Band => area
                .draw(&Rectangle::new(
                    [(x, y - 6), (x + 24, y + 6)],
                    colour.mix(0.25).filled(),
                ))
                .map_err(e2s)?,
        }
        let (w, th) = super::labels::text_size(area, text, &f);
        area.draw(&Text::new(text.clone(), (x + 30, y - th / 2), f.clone()))
            .map_err(e2s)?;
        x += 30 + w + 28;
    }
    Ok(())
}

/// Height of the legend strip.
const LEGEND: u32 = 36;

/// The x labels of whole numbers only (sessions, event times).
fn whole(x: &f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        String::new()
    }
}

/// One panel of small multiples: its title, whole numbers `x0..=x1` on the x axis (sessions, event
/// times) described by `x_desc`, `y0..y1` on the y axis.
fn panel_chart<'a, DB: DrawingBackend>(
    panel: &'a DrawingArea<DB, Shift>,
    title: &str,
    x_desc: &str,
    (x0, x1): (i32, i32),
    (y0, y1): (f64, f64),
    l: &Labels,
) -> std::result::Result<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>, String>
{
    let mut chart = ChartBuilder::on(panel)
        .caption(shown(title), font(16))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(55)
        .build_cartesian_2d(x0 as f64 - 0.5..x1 as f64 + 0.5, y0..y1)
        .map_err(e2s)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .x_desc(x_desc)
        .x_labels((x1 - x0 + 2) as usize)
        .x_label_formatter(&whole)
        .y_label_formatter(&|y| l.num(*y, 1))
        .label_style(font(12))
        .draw()
        .map_err(e2s)?;
    Ok(chart)
}

/// Followed vs comparison per indicator.
pub struct Trajectories<'a> {
    /// The follow-up.
    pub result: &'a FollowResult,
    /// Language and indicator labels.
    pub labels: &'a Labels,
}

impl Trajectories<'_> {
    /// The indicators with a point, outcomes first (the follow-up's order).
    fn indicators(&self) -> Vec<&str> {
        let r = self.result;
        r.indicators
            .iter()
            .filter(|i| r.trajectories.iter().any(|p| &p.indicator == *i))
            .map(String::as_str)
            .collect()
    }
}

impl Figure for Trajectories<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, height(self.indicators().len()))
    }

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), String> {
        let l = self.labels;
        let inds = self.indicators();
        let area = area
            .titled(l.t(Msg::FollowTrajectories), font(22))
            .map_err(e2s)?;
        let h = area.dim_in_pixel().1;
        let (body, foot) = area.split_vertically(h.saturating_sub(LEGEND));
        legend(
            &foot,
            &[
                (Mark::Line, FOLLOWED, l.t(Msg::LegendFollowed).to_string()),
                (
                    Mark::Line,
                    COMPARISON,
                    l.t(Msg::LegendComparison).to_string(),
                ),
                (Mark::Dashed, BLACK, l.t(Msg::LegendEntry).to_string()),
            ],
        )?;
        let panels = body.split_evenly(grid(inds.len()));
        for (ind, panel) in inds.iter().zip(&panels) {
            let pts: Vec<&GroupPoint> = self
                .result
                .trajectories
                .iter()
                .filter(|p| p.indicator == *ind)
                .collect();
            // Every panel on the same event times, so that they line up.
            let all = self.result.trajectories.iter().map(|p| p.event_time);
            let (e0, e1) = (all.clone().min().unwrap_or(-1), all.max().unwrap_or(0));
            let (y0, y1) = y_range(pts.iter().flat_map(|p| {
                [p.stats.low, Some(p.stats.mean), p.stats.high]
                    .into_iter()
                    .flatten()
            }));
            let mut chart = panel_chart(
                panel,
                &l.of(ind),
                l.t(Msg::ColEventTime),
                (e0, e1),
                (y0, y1),
                l,
            )?;
            // Entry: between the last session before (−1) and the first under the scheme (0).
            chart
                .draw_series(DashedLineSeries::new(
                    [(-0.5, y0), (-0.5, y1)],
                    6,
                    4,
                    BLACK.mix(0.5).stroke_width(1),
                ))
                .map_err(e2s)?;
            for (group, colour, shift) in [
                (Group::Followed, FOLLOWED, -0.06),
                (Group::Comparison, COMPARISON, 0.06),
            ] {
                let of_group: Vec<&&GroupPoint> = pts.iter().filter(|p| p.group == group).collect();
                let mut segments: Vec<usize> = of_group.iter().map(|p| p.segment).collect();
                segments.dedup();
                for seg in &segments {
                    let line: Vec<(f64, f64)> = of_group
                        .iter()
                        .filter(|p| p.segment == *seg)
                        .map(|p| (p.event_time as f64 + shift, p.stats.mean))
                        .collect();
                    chart
                        .draw_series(LineSeries::new(line.clone(), colour.stroke_width(2)))
                        .map_err(e2s)?;
                    chart
                        .draw_series(line.iter().map(|&p| Circle::new(p, 4, colour.filled())))
                        .map_err(e2s)?;
                }
                // The intervals: a vertical bar with caps.
                chart
                    .draw_series(of_group.iter().filter_map(|p| {
                        let (lo, hi) = (p.stats.low?, p.stats.high?);
                        let x = p.event_time as f64 + shift;
                        Some(PathElement::new(
                            [
                                (x - 0.04, lo),
                                (x + 0.04, lo),
                                (x, lo),
                                (x, hi),
                                (x - 0.04, hi),
                                (x + 0.04, hi),
                            ],
                            colour.stroke_width(1),
                        ))
                    }))
                    .map_err(e2s)?;
            }
        }
        Ok(())
    }
}

/// One followed school's dashboard.
pub struct Dashboard<'a> {
    /// The follow-up.
    pub result: &'a FollowResult,
    /// The followed school.
    pub uai: &'a str,
    /// Its entry session.
    pub entry: Option<i32>,
    /// Indicators, one panel each.
    pub indicators: &'a [String],
    /// Language and indicator labels.
    pub labels: &'a Labels,
}

impl Dashboard<'_> {
    /// The school's title: UAI and name.
    pub fn title(&self) -> String {
        match self.result.panel.name.get(self.uai) {
            Some(n) => format!("{} — {}", self.uai, shown(n)),
            None => self.uai.to_string(),
        }
    }

    /// The reference area's words: "académie NANTES", "every school of the files".
    pub fn area(&self) -> String {
        match area_of(&self.result.panel, self.uai) {
            ALL => self.labels.t(Msg::AllSchools).to_string(),
            a => self.labels.f(Msg::AcademieNamed, &[("name", &shown(a))]),
        }
    }
}

impl Figure for Dashboard<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, height(self.indicators.len()))
    }

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), String> {
        let (l, r) = (self.labels, self.result);
        let panel_data = &r.panel;
        let comparison = r
            .pairs
            .iter()
            .find(|p| p.followed == self.uai)
            .map(|p| p.comparison.as_str());
        let a = area_of(panel_data, self.uai);
        let area = area.titled(&self.title(), font(20)).map_err(e2s)?;
        let h = area.dim_in_pixel().1;
        let (body, foot) = area.split_vertically(h.saturating_sub(LEGEND));
        let mut items = vec![(Mark::Line, FOLLOWED, l.t(Msg::LegendThisSchool).to_string())];
        if let Some(c) = comparison {
            items.push((
                Mark::Line,
                COMPARISON,
                l.f(Msg::LegendComparisonSchool, &[("uai", &c)]),
            ));
        }
        items.push((
            Mark::Dashed,
            BAND,
            l.f(Msg::LegendMedian, &[("area", &self.area())]),
        ));
        items.push((Mark::Band, BAND, l.t(Msg::LegendBand).to_string()));
        items.push((Mark::Dashed, BLACK, l.t(Msg::LegendEntry).to_string()));
        let breaks = self
            .indicators
            .iter()
            .any(|i| panel_data.breaks.contains_key(i));
        if breaks {
            items.push((Mark::Line, BREAK, l.t(Msg::LegendBreak).to_string()));
        }
        legend(&foot, &items)?;
        // Every panel on the sessions of the follow-up, so that they line up.
        let (s0, s1) = (
            panel_data.sessions.first().copied().unwrap_or(0),
            panel_data.sessions.last().copied().unwrap_or(1),
        );
        let panels = body.split_evenly(grid(self.indicators.len()));
        for (ind, panel) in self.indicators.iter().zip(&panels) {
            let refs: Vec<&Reference> = r
                .references
                .iter()
                .filter(|x| x.area == a && x.indicator == *ind)
                .collect();
            let own = panel_data.series(self.uai, ind);
            let other = comparison.map(|c| panel_data.series(c, ind));
            let values = refs
                .iter()
                .flat_map(|x| [x.q1, x.q3])
                .chain(own.values().flatten().copied())
                .chain(other.iter().flat_map(|o| o.values().flatten().copied()));
            let (y0, y1) = y_range(values);
            let mut chart = panel_chart(
                panel,
                &l.of(ind),
                l.t(Msg::AxisSession),
                (s0, s1),
                (y0, y1),
                l,
            )?;
            let seg = |s: i32| panel_data.segment(ind, s);
            // Each stretch of series on its own: the band, the median, the two schools.
            let mut stretches: Vec<usize> = refs.iter().map(|x| seg(x.session)).collect();
            stretches.dedup();
            for st in &stretches {
                let band: Vec<&&Reference> =
                    refs.iter().filter(|x| seg(x.session) == *st).collect();
                // One session: a box and a tick; several: a band and a dashed line.
                let w = if band.len() == 1 { 0.15 } else { 0.0 };
                let poly: Vec<(f64, f64)> = band
                    .iter()
                    .map(|x| (x.session as f64, x.q3))
                    .chain(band.iter().rev().map(|x| (x.session as f64, x.q1)))
                    .collect();
                let poly: Vec<(f64, f64)> = if w > 0.0 {
                    let (x, lo, hi) = (poly[0].0, poly[1].1, poly[0].1);
                    vec![(x - w, hi), (x + w, hi), (x + w, lo), (x - w, lo)]
                } else {
                    poly
                };
                chart
                    .draw_series(std::iter::once(Polygon::new(poly, BAND.mix(0.25).filled())))
                    .map_err(e2s)?;
                let median: Vec<(f64, f64)> = band
                    .iter()
                    .flat_map(|x| {
                        let s = x.session as f64;
                        if w > 0.0 {
                            vec![(s - w, x.median), (s + w, x.median)]
                        } else {
                            vec![(s, x.median)]
                        }
                    })
                    .collect();
                chart
                    .draw_series(DashedLineSeries::new(median, 6, 4, BAND.stroke_width(2)))
                    .map_err(e2s)?;
            }
            for (series, colour) in [(Some(&own), FOLLOWED), (other.as_ref(), COMPARISON)] {
                let Some(series) = series else { continue };
                // Consecutive published values of one stretch: a missing session or a change of
                // series breaks the line.
                let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
                let mut last = None;
                for (&s, v) in series {
                    if last.is_some_and(|st| st != seg(s)) {
                        runs.push(Vec::new());
                    }
                    last = Some(seg(s));
                    match (v, runs.last_mut()) {
                        (Some(v), Some(run)) => run.push((s as f64, *v)),
                        _ => runs.push(Vec::new()),
                    }
                }
                for run in runs.into_iter().filter(|r| !r.is_empty()) {
                    chart
                        .draw_series(LineSeries::new(run.clone(), colour.stroke_width(2)))
                        .map_err(e2s)?;
                    chart
                        .draw_series(run.iter().map(|&p| Circle::new(p, 4, colour.filled())))
                        .map_err(e2s)?;
                }
            }
            // Entry and changes of series, as vertical lines between sessions.
            if let Some(g) = self.entry {
                chart
                    .draw_series(DashedLineSeries::new(
                        [(g as f64 - 0.5, y0), (g as f64 - 0.5, y1)],
                        6,
                        4,
                        BLACK.mix(0.5).stroke_width(1),
                    ))
                    .map_err(e2s)?;
            }
            for b in panel_data.breaks.get(ind).into_iter().flatten() {
                let x = b.after as f64 - 0.5;
                chart
                    .draw_series(LineSeries::new([(x, y0), (x, y1)], BREAK.stroke_width(2)))
                    .map_err(e2s)?;
            }
        }
        Ok(())
    }
}
