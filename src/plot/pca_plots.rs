//! PCA figures: scree plot, correlation circle, contributions, and the helpers the individuals'
//! factor map and biplot ([`super::individuals`]) share with them.

use super::labels::{draw_labels, text_size, Placer};
use super::{e2s, Figure, Labels, Msg};
use crate::pca::PcaResult;
use plotters::coord::Shift;
use plotters::prelude::*;

pub(super) type R = std::result::Result<(), String>;

pub(super) fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&BLACK)
}

/// Eigenvalues as bars with percentage labels, cumulative percentage line, eigenvalue-1 line.
pub struct Scree<'a> {
    /// The PCA.
    pub pca: &'a PcaResult,
    /// Language and indicator labels.
    pub labels: &'a Labels,
}

impl Figure for Scree<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> R {
        let e = &self.pca.eigenvalues;
        let m = e.len();
        let ymax = e.iter().map(|x| x.eigenvalue).fold(1.0, f64::max) * 1.15;
        let mut chart = ChartBuilder::on(area)
            .caption(self.labels.t(Msg::ScreeTitle), font(26))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .right_y_label_area_size(60)
            .build_cartesian_2d(0.4f64..m as f64 + 0.6, 0.0..ymax)
            .map_err(e2s)?
            .set_secondary_coord(0.4f64..m as f64 + 0.6, 0.0..105.0);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc(self.labels.t(Msg::Component))
            .y_desc(self.labels.t(Msg::Eigenvalue))
            .x_labels(m.min(20))
            .x_label_formatter(&|x| format!("{}", x.round() as i64))
            .label_style(font(14))
            .y_label_formatter(&|y| self.labels.num(*y, 1))
            .draw()
            .map_err(e2s)?;
        chart
            .configure_secondary_axes()
            .y_desc(self.labels.t(Msg::CumulativePct))
            .label_style(font(14))
            .y_label_formatter(&|y| self.labels.num(*y, 0))
            .draw()
            .map_err(e2s)?;
        chart
            .draw_series(e.iter().map(|x| {
                let c = x.component as f64;
                Rectangle::new(
                    [(c - 0.35, 0.0), (c + 0.35, x.eigenvalue)],
                    RGBColor(70, 130, 180).filled(),
                )
            }))
            .map_err(e2s)?;
        chart
            .draw_series(e.iter().map(|x| {
                Text::new(
                    format!("{} %", self.labels.num(x.percentage_of_variance, 1)),
                    (x.component as f64 - 0.3, x.eigenvalue + ymax * 0.03),
                    font(13),
                )
            }))
            .map_err(e2s)?;
        chart
            .draw_series(DashedLineSeries::new(
                vec![(0.4, 1.0), (m as f64 + 0.6, 1.0)],
                8,
                5,
                RED.stroke_width(2),
            ))
            .map_err(e2s)?
            .label(self.labels.t(Msg::EigenvalueOne))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], RED.stroke_width(2)));
        chart
            .draw_secondary_series(
                LineSeries::new(
                    e.iter()
                        .map(|x| (x.component as f64, x.cumulative_percentage)),
                    BLACK.stroke_width(2),
                )
                .point_size(4),
            )
            .map_err(e2s)?
            .label(self.labels.t(Msg::CumulativePctLower))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2)));
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .label_font(font(14))
            .position(SeriesLabelPosition::MiddleRight)
            .draw()
            .map_err(e2s)?;
        Ok(())
    }
}

pub(super) fn axis_label(l: &Labels, pca: &PcaResult, a: usize) -> String {
    let pct = pca
        .eigenvalues
        .get(a)
        .map_or(0.0, |e| e.percentage_of_variance);
    format!("{} {} ({} %)", l.t(Msg::Dim), a + 1, l.num(pct, 1))
}

/// A note at the bottom of a figure naming the labels left out for lack of room.
pub(super) fn dropped_note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    l: &Labels,
    dropped: &[String],
) -> R {
    if dropped.is_empty() {
        return Ok(());
    }
    let h = area.dim_in_pixel().1 as i32;
    area.draw(&Text::new(
        l.f(Msg::LabelsDropped, &[("list", &dropped.join(", "))]),
        (15, h - 20),
        font(14),
    ))
    .map_err(e2s)
}

/// The chart of a factor plane, `[-ext, ext]` on both axes `(a, b)` with their share of inertia, a
/// light mesh: shared by the correlation circle and the individuals' map.
pub(super) fn factor_plane<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    title: &str,
    ext: f64,
    labels: &Labels,
    pca: &PcaResult,
    (a, b): (usize, usize),
) -> std::result::Result<
    ChartContext<
        'a,
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    String,
> {
    let mut chart = ChartBuilder::on(area)
        .caption(title, font(26))
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(55)
        .build_cartesian_2d(-ext..ext, -ext..ext)
        .map_err(e2s)?;
    chart
        .configure_mesh()
        .x_desc(axis_label(labels, pca, a))
        .y_desc(axis_label(labels, pca, b))
        .label_style(font(14))
        .x_label_formatter(&|x| labels.num(*x, 1))
        .y_label_formatter(&|y| labels.num(*y, 1))
        .light_line_style(WHITE)
        .draw()
        .map_err(e2s)?;
    Ok(chart)
}

/// Correlation circle of the active (solid) and supplementary (dashed) variables.
pub struct CorrelationCircle<'a> {
    /// The PCA.
    pub pca: &'a PcaResult,
    /// Axes (0-based).
    pub axes: (usize, usize),
    /// Language and indicator labels.
    pub labels: &'a Labels,
}

pub(super) fn arrow<DB: DrawingBackend, CT: plotters::coord::CoordTranslate<From = (f64, f64)>>(
    chart: &mut ChartContext<DB, CT>,
    to: (f64, f64),
    scale: f64,
    style: ShapeStyle,
    dashed: bool,
) -> R {
    if dashed {
        chart
            .draw_series(DashedLineSeries::new(vec![(0.0, 0.0), to], 6, 4, style))
            .map_err(e2s)?;
    } else {
        chart
            .draw_series(LineSeries::new(vec![(0.0, 0.0), to], style))
            .map_err(e2s)?;
    }
    let ang = to.1.atan2(to.0);
    let head = 0.05 * scale;
    for d in [2.7f64, -2.7] {
        let p = (to.0 + head * (ang + d).cos(), to.1 + head * (ang + d).sin());
        chart
            .draw_series(LineSeries::new(vec![to, p], style))
            .map_err(e2s)?;
    }
    Ok(())
}

impl Figure for CorrelationCircle<'_> {
    fn size(&self) -> (u32, u32) {
        (800, 800)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> R {
        let (a, b) = self.axes;
        let mut chart = factor_plane(
            area,
            self.labels.t(Msg::CircleTitle),
            1.15,
            self.labels,
            self.pca,
            self.axes,
        )?;
        chart
            .draw_series(LineSeries::new(
                (0..=200).map(|t| {
                    let th = t as f64 / 200.0 * std::f64::consts::TAU;
                    (th.cos(), th.sin())
                }),
                BLACK,
            ))
            .map_err(e2s)?;
        chart
            .draw_series(LineSeries::new(
                vec![(-1.15, 0.0), (1.15, 0.0)],
                BLACK.mix(0.3),
            ))
            .map_err(e2s)?;
        chart
            .draw_series(LineSeries::new(
                vec![(0.0, -1.15), (0.0, 1.15)],
                BLACK.mix(0.3),
            ))
            .map_err(e2s)?;
        let (px, py) = chart.plotting_area().get_pixel_range();
        let mut placer = Placer::new((px.start, py.start, px.end, py.end));
        let mut active = Vec::new();
        for (j, name) in self.pca.var.names.iter().enumerate() {
            let c = &self.pca.var.coord[j];
            let to = (
                c.get(a).copied().unwrap_or(0.0),
                c.get(b).copied().unwrap_or(0.0),
            );
            arrow(
                &mut chart,
                to,
                1.0,
                RGBColor(180, 30, 30).stroke_width(2),
                false,
            )?;
            active.push((chart.backend_coord(&to), self.labels.of(name).into_owned()));
        }
        let mut sup = Vec::new();
        for q in &self.pca.quanti_sup {
            let to = (
                q.coord.get(a).copied().unwrap_or(0.0),
                q.coord.get(b).copied().unwrap_or(0.0),
            );
            arrow(
                &mut chart,
                to,
                1.0,
                RGBColor(30, 30, 180).stroke_width(2),
                true,
            )?;
            sup.push((
                chart.backend_coord(&to),
                self.labels.of(&q.variable).into_owned(),
            ));
        }
        // Longest arrows first: they are the variables best represented on the plane.
        active.sort_by_key(|(p, _)| {
            let (cx, cy) = chart.backend_coord(&(0.0, 0.0));
            -((p.0 - cx).pow(2) + (p.1 - cy).pow(2))
        });
        let mut dropped = draw_labels(area, &mut placer, &active, &font(16), 6)?;
        dropped.extend(draw_labels(
            area,
            &mut placer,
            &sup,
            &font(16).color(&RGBColor(30, 30, 180)),
            6,
        )?);
        dropped_note(area, self.labels, &dropped)
    }
}

/// Contributions of the variables to an axis, sorted, with the 100/p reference line.
pub struct Contrib<'a> {
    /// The PCA.
    pub pca: &'a PcaResult,
    /// Axis (0-based).
    pub axis: usize,
    /// Language and indicator labels.
    pub labels: &'a Labels,
}

impl Figure for Contrib<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> R {
        let mut v: Vec<(String, f64)> = self
            .pca
            .var
            .names
            .iter()
            .map(|n| self.labels.of(n).into_owned())
            .zip(
                self.pca
                    .var
                    .contrib
                    .iter()
                    .map(|c| c.get(self.axis).copied().unwrap_or(0.0)),
            )
            .collect();
        // Largest on top: bars are drawn from the bottom (y = 0) up.
        v.sort_by(|x, y| x.1.total_cmp(&y.1).then_with(|| y.0.cmp(&x.0)));
        let m = v.len();
        let xmax = v.last().map_or(1.0, |x| x.1).max(100.0 / m as f64) * 1.15;
        let names: Vec<String> = v.iter().map(|x| x.0.clone()).collect();
        let widest = names
            .iter()
            .map(|n| text_size(area, n, &font(15)).0)
            .max()
            .unwrap_or(60);
        let mut chart = ChartBuilder::on(area)
            .caption(
                self.labels
                    .f(Msg::ContribTitle, &[("axis", &(self.axis + 1))]),
                font(24),
            )
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size((widest + 20) as u32)
            .build_cartesian_2d(0.0..xmax, -0.5f64..m as f64 - 0.5)
            .map_err(e2s)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(m)
            .y_label_formatter(&|y| {
                names
                    .get(y.round().max(0.0) as usize)
                    .cloned()
                    .unwrap_or_default()
            })
            .x_desc(self.labels.t(Msg::ContributionPct))
            .label_style(font(15))
            .x_label_formatter(&|x| self.labels.num(*x, 0))
            .draw()
            .map_err(e2s)?;
        chart
            .draw_series(v.iter().enumerate().map(|(i, x)| {
                Rectangle::new(
                    [(0.0, i as f64 - 0.35), (x.1, i as f64 + 0.35)],
                    RGBColor(70, 130, 180).filled(),
                )
            }))
            .map_err(e2s)?;
        let r = 100.0 / m as f64;
        chart
            .draw_series(DashedLineSeries::new(
                vec![(r, -0.5), (r, m as f64 - 0.5)],
                8,
                5,
                RED.stroke_width(2),
            ))
            .map_err(e2s)?
            .label(
                self.labels
                    .f(Msg::UniformContrib, &[("pct", &self.labels.num(r, 1))]),
            )
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], RED.stroke_width(2)));
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .label_font(font(14))
            .position(SeriesLabelPosition::LowerRight)
            .draw()
            .map_err(e2s)?;
        Ok(())
    }
}
