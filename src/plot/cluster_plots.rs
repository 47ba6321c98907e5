//! Clustering figures: top of the Ward tree with the cut, W(k)/W(k−1) curve, silhouette, cluster profiles.

use super::labels::text_size;
use super::{cluster_colour, e2s, Figure, Labels, Msg};
use crate::cluster::describe::QuantiDesc;
use crate::cluster::HcpcResult;
use plotters::coord::Shift;
use plotters::prelude::*;

type R = std::result::Result<(), String>;

fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&BLACK)
}

/// The top of the Ward tree (up to 30 groups at the bottom) with the cut into k clusters.
pub struct Dendrogram<'a> {
    /// The clustering.
    pub hcpc: &'a HcpcResult,
    /// Language and indicator labels.
    pub labels: &'a Labels,
}

impl Figure for Dendrogram<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 650)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> R {
        let t = &self.hcpc.tree;
        let n = t.n;
        let m = 30.min(n);
        if n < 2 || t.merges.len() + 1 != n {
            // No tree (k-means partition): nothing to draw.
            return Ok(());
        }
        let first_top = n - m; // merges with index >= first_top are drawn
        let root = n + t.merges.len() - 1;
        // x positions of bottom groups by depth-first order from the root.
        let mut xs: std::collections::HashMap<usize, f64> = std::collections::HashMap::new();
        let mut next = 0.0;
        let mut stack = vec![root];
        let mut order = Vec::new();
        while let Some(node) = stack.pop() {
            if node >= n + first_top {
                let mg = &t.merges[node - n];
                stack.push(mg.b);
                stack.push(mg.a);
            } else {
                xs.insert(node, next);
                next += 1.0;
                order.push(node);
            }
        }
        let hmax = t.merges.last().map_or(1.0, |x| x.height) * 1.08;
        let mut chart = ChartBuilder::on(area)
            .caption(self.labels.t(Msg::DendrogramTitle), font(24))
            .margin(15)
            .x_label_area_size(20)
            .y_label_area_size(60)
            .build_cartesian_2d(-0.5f64..next - 0.5, 0.0..hmax)
            .map_err(e2s)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .disable_x_axis()
            .y_desc(self.labels.t(Msg::InertiaGain))
            .label_style(font(14))
            .y_label_formatter(&|y| self.labels.num(*y, 1))
            .draw()
            .map_err(e2s)?;
        let mut pos = xs;
        let mut height: std::collections::HashMap<usize, f64> = std::collections::HashMap::new();
        for (s, mg) in t.merges.iter().enumerate().skip(first_top) {
            let (xa, xb) = (
                pos.get(&mg.a).copied().unwrap_or(0.0),
                pos.get(&mg.b).copied().unwrap_or(0.0),
            );
            let (ha, hb) = (
                height.get(&mg.a).copied().unwrap_or(0.0),
                height.get(&mg.b).copied().unwrap_or(0.0),
            );
            chart
                .draw_series(LineSeries::new(
                    vec![(xa, ha), (xa, mg.height), (xb, mg.height), (xb, hb)],
                    BLACK.stroke_width(2),
                ))
                .map_err(e2s)?;
            pos.insert(n + s, (xa + xb) / 2.0);
            height.insert(n + s, mg.height);
        }
        let k = self.hcpc.k;
        if k >= 2 && k <= t.merges.len() {
            let lo = t.merges[t.merges.len() - k].height;
            let hi = t.merges[t.merges.len() - k + 1].height;
            let cut = (lo + hi) / 2.0;
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(-0.5, cut), (next - 0.5, cut)],
                    8,
                    5,
                    RED.stroke_width(2),
                ))
                .map_err(e2s)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("k = {k}"),
                    (next - 2.5, cut + hmax * 0.02),
                    font(16).color(&RED),
                )))
                .map_err(e2s)?;
        }
        Ok(())
    }
}

/// The ratio W(k)/W(k−1) for the k considered; the chosen k marked.
pub struct WithinRatio<'a> {
    /// The clustering.
    pub hcpc: &'a HcpcResult,
    /// Language and indicator labels.
    pub labels: &'a Labels,
}

impl Figure for WithinRatio<'_> {
    fn size(&self) -> (u32, u32) {
        (800, 550)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> R {
        let r = &self.hcpc.ratios;
        let (kmin, kmax) = (r.first().map_or(2, |x| x.0), r.last().map_or(3, |x| x.0));
        let mut chart = ChartBuilder::on(area)
            .caption(self.labels.t(Msg::WratioTitle), font(24))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .build_cartesian_2d(kmin as f64 - 0.5..kmax as f64 + 0.5, 0.0..1.05)
            .map_err(e2s)?;
        chart
            .configure_mesh()
            .x_desc("k")
            .y_desc("W(k)/W(k-1)")
            .x_labels(kmax - kmin + 1)
            .x_label_formatter(&|x| format!("{}", x.round() as i64))
            .label_style(font(14))
            .y_label_formatter(&|y| self.labels.num(*y, 2))
            .draw()
            .map_err(e2s)?;
        chart
            .draw_series(
                LineSeries::new(r.iter().map(|x| (x.0 as f64, x.1)), BLUE.stroke_width(2))
                    .point_size(5),
            )
            .map_err(e2s)?;
        if let Some(x) = r.iter().find(|x| x.0 == self.hcpc.k) {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (x.0 as f64, x.1),
                    10,
                    RED.stroke_width(3),
                )))
                .map_err(e2s)?;
        }
        Ok(())
    }
}

/// Silhouette widths sorted within clusters.
pub struct Silhouette<'a> {
    /// (row, cluster, width).
    pub widths: &'a [(usize, usize, f64)],
    /// Language and indicator labels.
    pub labels: &'a Labels,
}

impl Figure for Silhouette<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> R {
        let mut v: Vec<(usize, f64)> = self.widths.iter().map(|x| (x.1, x.2)).collect();
        v.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        let n = v.len().max(1);
        let mean = v.iter().map(|x| x.1).sum::<f64>() / n as f64;
        let caption = self
            .labels
            .f(Msg::SilhouetteTitle, &[("mean", &self.labels.num(mean, 3))]);
        let mut chart = ChartBuilder::on(area)
            .caption(caption, font(24))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(40)
            .build_cartesian_2d(-1.0f64..1.0, 0.0..n as f64)
            .map_err(e2s)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .x_desc(self.labels.t(Msg::SilhouetteWidth))
            .label_style(font(14))
            .x_label_formatter(&|x| self.labels.num(*x, 1))
            .draw()
            .map_err(e2s)?;
        chart
            .draw_series(v.iter().enumerate().map(|(i, (c, s))| {
                Rectangle::new(
                    [(0.0, i as f64), (*s, i as f64 + 1.0)],
                    cluster_colour(*c).filled(),
                )
            }))
            .map_err(e2s)?;
        chart
            .draw_series(DashedLineSeries::new(
                vec![(mean, 0.0), (mean, n as f64)],
                6,
                4,
                RED.stroke_width(2),
            ))
            .map_err(e2s)?;
        Ok(())
    }
}

/// Heat map of v-tests: clusters × variables (blue = below average, red = above; blank = not significant).
pub struct Profiles<'a> {
    /// Significant variables.
    pub desc: &'a [QuantiDesc],
    /// Variables, in display order.
    pub variables: &'a [String],
    /// Number of clusters.
    pub k: usize,
    /// Language and indicator labels.
    pub labels: &'a Labels,
}

impl Figure for Profiles<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 130 + 48 * self.variables.len().max(1) as u32 + 60)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> R {
        // Variables as rows (their labels read horizontally), clusters as columns.
        let p = self.variables.len();
        let vmax = self.desc.iter().map(|d| d.v_test.abs()).fold(2.0, f64::max);
        let names: Vec<String> = self
            .variables
            .iter()
            .map(|v| self.labels.of(v).into_owned())
            .collect();
        let widest = names
            .iter()
            .map(|n| text_size(area, n, &font(15)).0)
            .max()
            .unwrap_or(60);
        let mut chart = ChartBuilder::on(area)
            .caption(self.labels.t(Msg::ProfilesTitle), font(24))
            .margin(15)
            .x_label_area_size(40)
            .y_label_area_size((widest + 20) as u32)
            .build_cartesian_2d(0.5f64..self.k as f64 + 0.5, -0.5f64..p as f64 - 0.5)
            .map_err(e2s)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(self.k)
            .y_labels(p)
            .y_label_formatter(&|y| {
                // Row 0 at the top.
                let r = p as i64 - 1 - y.round() as i64;
                usize::try_from(r)
                    .ok()
                    .and_then(|r| names.get(r).cloned())
                    .unwrap_or_default()
            })
            .x_label_formatter(&|x| self.labels.f(Msg::ClusterN, &[("k", &(x.round() as i64))]))
            .label_style(font(15))
            .draw()
            .map_err(e2s)?;
        for d in self.desc {
            let Some(j) = self.variables.iter().position(|v| *v == d.variable) else {
                continue;
            };
            let t = (d.v_test / vmax).clamp(-1.0, 1.0);
            let col = if t >= 0.0 {
                RGBColor(255, (255.0 * (1.0 - t)) as u8, (255.0 * (1.0 - t)) as u8)
            } else {
                RGBColor((255.0 * (1.0 + t)) as u8, (255.0 * (1.0 + t)) as u8, 255)
            };
            let (x, y) = (d.cluster as f64, (p - 1 - j) as f64);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.48, y - 0.45), (x + 0.48, y + 0.45)],
                    col.filled(),
                )))
                .map_err(e2s)?;
            let text = self.labels.num(d.v_test, 1);
            let (w, h) = text_size(area, &text, &font(15));
            let (cx, cy) = chart.backend_coord(&(x, y));
            area.draw(&Text::new(text, (cx - w / 2, cy - h / 2), font(15)))
                .map_err(e2s)?;
        }
        let h = area.dim_in_pixel().1 as i32;
        area.draw(&Text::new(
            self.labels.t(Msg::ProfilesNote),
            (15, h - 22),
            font(14),
        ))
        .map_err(e2s)?;
        Ok(())
    }
}
