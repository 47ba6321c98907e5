//! Regions and viewports of a map: which polygons belong where, metres to pixels, rings in pixels,
//! where a territory's name goes.

use super::boundaries::Feature;
use super::regions::{Projections, Region};

/// The region of one polygon (its first vertex): a feature may span several (the académie of
/// Normandie includes Saint-Pierre-et-Miquelon).
pub(crate) fn region_of_polygon(p: &[Vec<(f64, f64)>]) -> Option<Region> {
    let q = p.first()?.first()?;
    Region::of(q.0, q.1)
}

/// Does the feature have a polygon in `r`?
pub(crate) fn in_region(f: &Feature, r: Region) -> bool {
    f.polygons.iter().any(|p| region_of_polygon(p) == Some(r))
}

pub(crate) fn bbox(points: impl Iterator<Item = (f64, f64)>) -> Option<(f64, f64, f64, f64)> {
    let mut b = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for (x, y) in points {
        b = (b.0.min(x), b.1.max(x), b.2.min(y), b.3.max(y));
    }
    b.0.is_finite().then_some(b)
}

/// A frame grown by `margin` of its size on each side, at least 40 km wide.
pub(crate) fn pad(b: (f64, f64, f64, f64), margin: f64) -> (f64, f64, f64, f64) {
    let side = (b.1 - b.0).max(b.3 - b.2).max(40_000.0);
    let (cx, cy) = ((b.0 + b.1) / 2.0, (b.2 + b.3) / 2.0);
    let (w, h) = (
        (b.1 - b.0).max(side * 0.3) * (1.0 + 2.0 * margin),
        (b.3 - b.2).max(side * 0.3) * (1.0 + 2.0 * margin),
    );
    (cx - w / 2.0, cx + w / 2.0, cy - h / 2.0, cy + h / 2.0)
}

/// Metres of one region → pixels of one rectangle (equal scales, centred).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Viewport {
    pub region: Region,
    pub rect: (i32, i32, i32, i32),
    frame: (f64, f64, f64, f64),
    scale: f64,
    offset: (f64, f64),
}

impl Viewport {
    pub(crate) fn new(
        region: Region,
        frame: (f64, f64, f64, f64),
        rect: (i32, i32, i32, i32),
    ) -> Self {
        let (w, h) = ((rect.2 - rect.0) as f64, (rect.3 - rect.1) as f64);
        let scale = (w / (frame.1 - frame.0)).min(h / (frame.3 - frame.2));
        let offset = (
            rect.0 as f64 + (w - (frame.1 - frame.0) * scale) / 2.0,
            rect.1 as f64 + (h - (frame.3 - frame.2) * scale) / 2.0,
        );
        Viewport {
            region,
            rect,
            frame,
            scale,
            offset,
        }
    }

    pub(crate) fn px(&self, (x, y): (f64, f64)) -> (i32, i32) {
        (
            (self.offset.0 + (x - self.frame.0) * self.scale).round() as i32,
            (self.offset.1 + (self.frame.3 - y) * self.scale).round() as i32,
        )
    }

    /// Pixels per metre.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

/// A feature's rings in pixels (empty when it lies outside the viewport).
pub(crate) fn feature_px(f: &Feature, v: &Viewport, proj: &Projections) -> Vec<Vec<(i32, i32)>> {
    let mut rings = Vec::new();
    for poly in f
        .polygons
        .iter()
        .filter(|p| region_of_polygon(p) == Some(v.region))
    {
        for ring in poly {
            let r: Vec<(i32, i32)> = ring
                .iter()
                .filter_map(|p| proj.project(v.region, p.0, p.1).ok())
                .map(|p| v.px(p))
                .collect();
            let mut d: Vec<(i32, i32)> = Vec::with_capacity(r.len());
            for p in r {
                if d.last() != Some(&p) {
                    d.push(p);
                }
            }
            let b = bbox(d.iter().map(|p| (p.0 as f64, p.1 as f64)));
            let visible = b.is_some_and(|b| {
                b.1 >= v.rect.0 as f64
                    && b.0 <= v.rect.2 as f64
                    && b.3 >= v.rect.1 as f64
                    && b.2 <= v.rect.3 as f64
            });
            if visible && d.len() >= 3 {
                rings.push(d);
            }
        }
    }
    rings
}

/// Where a département's name goes: an interior point of its largest polygon, and its pixel width.
pub(crate) fn label_anchor(
    f: &Feature,
    v: &Viewport,
    proj: &Projections,
) -> Option<((i32, i32), i32)> {
    use geo::{Area, InteriorPoint};
    let mut best: Option<(f64, geo::Polygon<f64>)> = None;
    for p in f
        .polygons
        .iter()
        .filter(|p| region_of_polygon(p) == Some(v.region))
    {
        let ring: Vec<(f64, f64)> = p[0]
            .iter()
            .filter_map(|q| proj.project(v.region, q.0, q.1).ok())
            .collect();
        let poly = geo::Polygon::new(geo::LineString::from(ring), vec![]);
        let a = poly.unsigned_area();
        if best.as_ref().is_none_or(|b| a > b.0) {
            best = Some((a, poly));
        }
    }
    let (_, poly) = best?;
    let pt = poly.interior_point()?;
    let b = bbox(poly.exterior().coords().map(|c| (c.x, c.y)))?;
    let at = v.px((pt.x(), pt.y()));
    let inside = at.0 > v.rect.0 && at.0 < v.rect.2 && at.1 > v.rect.1 && at.1 < v.rect.3;
    inside.then_some((at, ((b.1 - b.0) * v.scale()) as i32))
}
