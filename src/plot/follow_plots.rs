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
use plotters::coord::Shift;
use plotters::prelude::*;

fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&BLACK)
}

const FOLLOWED: RGBColor = PALETTE[3];
const COMPARISON: RGBColor = PALETTE[0];
const BAND: RGBColor = PALETTE[7];

/// Rows and columns of small multiples for `n` panels (two columns from two panels on).
fn grid(n: usize) -> (usize, usize) {
    let cols = if n >= 2 { 2 } else { 1 };
    (n.div_ceil(cols).max(1), cols)
}

/// Height of a figure of `n` panels.
fn height(n: usize) -> u32 {
    80 + 330 * grid(n).0 as u32
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

/// Followed vs comparison per indicator.
pub struct Trajectories<'a> {
    /// The follow-up.
    pub result: &'a FollowResult,
    /// Language and indicator labels.
    pub labels: &'a Labels,
}

impl Trajectories<'_> {
    fn indicators(&self) -> Vec<&str> {
        let mut v: Vec<&str> = Vec::new();
        for p in &self.result.trajectories {
            if !v.contains(&p.indicator.as_str()) {
                v.push(&p.indicator);
            }
        }
        v
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
        let panels = area.split_evenly(grid(inds.len()));
        for (k, (ind, panel)) in inds.iter().zip(&panels).enumerate() {
            let pts: Vec<&GroupPoint> = self
                .result
                .trajectories
                .iter()
                .filter(|p| p.indicator == *ind)
                .collect();
            let e0 = pts.iter().map(|p| p.event_time).min().unwrap_or(-1);
            let e1 = pts.iter().map(|p| p.event_time).max().unwrap_or(0);
            let (y0, y1) = y_range(pts.iter().flat_map(|p| {
                [p.stats.low, Some(p.stats.mean), p.stats.high]
                    .into_iter()
                    .flatten()
            }));
            let mut chart = ChartBuilder::on(panel)
                .caption(shown(&l.of(ind)), font(16))
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(55)
                .build_cartesian_2d(e0 as f64 - 0.5..e1 as f64 + 0.5, y0..y1)
                .map_err(e2s)?;
            chart
                .configure_mesh()
                .x_desc(l.t(Msg::ColEventTime))
                .x_labels((e1 - e0 + 2) as usize)
                .x_label_formatter(&|x| {
                    if (x - x.round()).abs() < 1e-9 {
                        format!("{}", x.round() as i64)
                    } else {
                        String::new()
                    }
                })
                .y_label_formatter(&|y| l.num(*y, 1))
                .label_style(font(12))
                .draw()
                .map_err(e2s)?;
            // Entry: between the last session before (−1) and the first under the scheme (0).
            chart
                .draw_series(DashedLineSeries::new(
                    [(-0.5, y0), (-0.5, y1)],
                    6,
                    4,
                    BLACK.mix(0.5).stroke_width(1),
                ))
                .map_err(e2s)?;
            for (group, colour, shift, name) in [
                (Group::Followed, FOLLOWED, -0.06, Msg::LegendFollowed),
                (Group::Comparison, COMPARISON, 0.06, Msg::LegendComparison),
            ] {
                let of_group: Vec<&&GroupPoint> = pts.iter().filter(|p| p.group == group).collect();
                let mut segments: Vec<usize> = of_group.iter().map(|p| p.segment).collect();
                segments.dedup();
                for (j, seg) in segments.iter().enumerate() {
                    let line: Vec<(f64, f64)> = of_group
                        .iter()
                        .filter(|p| p.segment == *seg)
                        .map(|p| (p.event_time as f64 + shift, p.stats.mean))
                        .collect();
                    let s = chart
                        .draw_series(LineSeries::new(line.clone(), colour.stroke_width(2)))
                        .map_err(e2s)?;
                    if k == 0 && j == 0 {
                        s.label(l.t(name)).legend(move |(x, y)| {
                            PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(2))
                        });
                    }
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
            if k == 0 {
                chart
                    .configure_series_labels()
                    .background_style(WHITE.mix(0.85))
                    .border_style(BLACK)
                    .label_font(font(12))
                    .draw()
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
        let entry = r
            .pairs
            .iter()
            .find(|p| p.followed == self.uai)
            .map(|p| p.entry);
        let a = area_of(panel_data, self.uai);
        let area_words = self.area();
        let area = area.titled(&self.title(), font(20)).map_err(e2s)?;
        let panels = area.split_evenly(grid(self.indicators.len()));
        for (k, (ind, panel)) in self.indicators.iter().zip(&panels).enumerate() {
            let refs: Vec<&Reference> = r
                .references
                .iter()
                .filter(|x| x.area == a && x.indicator == *ind)
                .collect();
            let own = panel_data.series(self.uai, ind);
            let other = comparison.map(|c| panel_data.series(c, ind));
            let sessions: Vec<i32> = refs.iter().map(|x| x.session).collect();
            let (s0, s1) = (
                sessions.first().copied().unwrap_or(0),
                sessions.last().copied().unwrap_or(1),
            );
            let values = refs
                .iter()
                .flat_map(|x| [x.q1, x.q3])
                .chain(own.values().flatten().copied())
                .chain(other.iter().flat_map(|o| o.values().flatten().copied()));
            let (y0, y1) = y_range(values);
            let mut chart = ChartBuilder::on(panel)
                .caption(shown(&l.of(ind)), font(16))
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(55)
                .build_cartesian_2d(s0 as f64 - 0.5..s1 as f64 + 0.5, y0..y1)
                .map_err(e2s)?;
            chart
                .configure_mesh()
                .x_desc(l.t(Msg::AxisSession))
                .x_labels((s1 - s0 + 2) as usize)
                .x_label_formatter(&|x| {
                    if (x - x.round()).abs() < 1e-9 {
                        format!("{}", x.round() as i64)
                    } else {
                        String::new()
                    }
                })
                .y_label_formatter(&|y| l.num(*y, 1))
                .label_style(font(12))
                .draw()
                .map_err(e2s)?;
            let seg = |s: i32| panel_data.segment(ind, s);
            // Each stretch of series on its own: the band, the median, the two schools.
            let mut stretches: Vec<usize> = sessions.iter().map(|&s| seg(s)).collect();
            stretches.dedup();
            for (j, st) in stretches.iter().enumerate() {
                let band: Vec<&&Reference> =
                    refs.iter().filter(|x| seg(x.session) == *st).collect();
                let first = k == 0 && j == 0;
                let poly: Vec<(f64, f64)> = band
                    .iter()
                    .map(|x| (x.session as f64, x.q3))
                    .chain(band.iter().rev().map(|x| (x.session as f64, x.q1)))
                    .collect();
                let s = chart
                    .draw_series(std::iter::once(Polygon::new(poly, BAND.mix(0.25).filled())))
                    .map_err(e2s)?;
                if first {
                    s.label(l.t(Msg::LegendBand)).legend(|(x, y)| {
                        Rectangle::new([(x, y - 5), (x + 18, y + 5)], BAND.mix(0.25).filled())
                    });
                }
                let median: Vec<(f64, f64)> =
                    band.iter().map(|x| (x.session as f64, x.median)).collect();
                let s = chart
                    .draw_series(DashedLineSeries::new(median, 6, 4, BAND.stroke_width(2)))
                    .map_err(e2s)?;
                if first {
                    s.label(l.f(Msg::LegendMedian, &[("area", &area_words)]))
                        .legend(|(x, y)| {
                            PathElement::new([(x, y), (x + 18, y)], BAND.stroke_width(2))
                        });
                }
                let schools = [
                    (Some(&own), FOLLOWED, l.t(Msg::LegendThisSchool).to_string()),
                    (
                        other.as_ref(),
                        COMPARISON,
                        l.f(
                            Msg::LegendComparisonSchool,
                            &[("uai", &comparison.unwrap_or(""))],
                        ),
                    ),
                ];
                for (series, colour, name) in schools {
                    let Some(series) = series else { continue };
                    // Consecutive published values of this stretch: a missing session breaks the line.
                    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
                    for (&s, v) in series.iter().filter(|(&s, _)| seg(s) == *st) {
                        match (v, runs.last_mut()) {
                            (Some(v), Some(run)) => run.push((s as f64, *v)),
                            _ => runs.push(Vec::new()),
                        }
                    }
                    let mut labelled = !first;
                    for run in runs.into_iter().filter(|r| !r.is_empty()) {
                        let s = chart
                            .draw_series(LineSeries::new(run.clone(), colour.stroke_width(2)))
                            .map_err(e2s)?;
                        if !labelled {
                            labelled = true;
                            s.label(name.clone()).legend(move |(x, y)| {
                                PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(2))
                            });
                        }
                        chart
                            .draw_series(run.iter().map(|&p| Circle::new(p, 4, colour.filled())))
                            .map_err(e2s)?;
                    }
                }
            }
            // Entry and changes of series, as vertical lines between sessions.
            if let Some(g) = entry {
                chart
                    .draw_series(DashedLineSeries::new(
                        [(g as f64 - 0.5, y0), (g as f64 - 0.5, y1)],
                        6,
                        4,
                        BLACK.mix(0.5).stroke_width(1),
                    ))
                    .map_err(e2s)?;
            }
            for (j, b) in panel_data.breaks.get(ind).into_iter().flatten().enumerate() {
                let x = b.after as f64 - 0.5;
                let s = chart
                    .draw_series(LineSeries::new(
                        [(x, y0), (x, y1)],
                        PALETTE[1].stroke_width(2),
                    ))
                    .map_err(e2s)?;
                if k == 0 && j == 0 {
                    s.label(l.t(Msg::LegendBreak)).legend(|(x, y)| {
                        PathElement::new([(x, y), (x + 18, y)], PALETTE[1].stroke_width(2))
                    });
                }
            }
            if k == 0 {
                chart
                    .configure_series_labels()
                    .background_style(WHITE.mix(0.85))
                    .border_style(BLACK)
                    .label_font(font(12))
                    .draw()
                    .map_err(e2s)?;
            }
        }
        Ok(())
    }
}
