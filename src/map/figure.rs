//! What a map shows, before any drawing: the outlines under it ([`BaseMap`]), the schools or
//! territories it colours ([`Fill`]), the figure itself ([`MapFigure`]) and the frame and insets it is
//! laid out in ([`Layout`]). [`super::draw`] draws it; [`super::legend`] reads it for the legend and
//! notes, so that neither of the two imports the other.

use super::boundaries::Layer;
use super::regions::{Projections, Region};
use super::viewport::{bbox, in_region, pad, region_of_polygon};
use crate::plot::{Labels, Msg};
use plotters::prelude::*;

/// Schools are named on a territory map when at most this many are labelled.
pub const NAMED_SCHOOLS_MAX: usize = 40;

/// Canvas size.
pub(super) const W: i32 = 1200;
pub(super) const H: i32 = 1000;
/// Main map rectangle (left is moved right when insets are drawn).
pub(super) const MAIN: (i32, i32, i32, i32) = (15, 60, 925, 915);
/// Inset column.
pub(super) const INSET_X: (i32, i32) = (12, 182);

/// The outlines under a map.
#[derive(Debug, Clone, Default)]
pub struct BaseMap {
    /// Fine outlines (built-in: the départements), also the territories of département choropleths.
    pub departements: Layer,
    /// Thick outlines on top (built-in: the académies).
    pub academies: Option<Layer>,
    /// Source of the outlines, written on the map.
    pub credit: String,
}

/// A school on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Longitude (WGS84).
    pub lon: f64,
    /// Latitude (WGS84).
    pub lat: f64,
    /// Category (index into the legend).
    pub class: usize,
    /// Name written next to it on a territory map.
    pub label: Option<String>,
}

/// Which outlines a choropleth colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Départements (the base map's fine outlines).
    Departement,
    /// Académies (the base map's thick outlines).
    Academie,
}

/// What a map colours.
#[derive(Debug, Clone)]
pub enum Fill {
    /// Schools as dots, one colour per category.
    Points {
        /// The schools (with coordinates).
        points: Vec<Point>,
        /// (label, colour) per category; later categories are drawn on top.
        legend: Vec<(String, RGBColor)>,
    },
    /// Territories coloured by class.
    Choropleth {
        /// Outlines coloured.
        level: Level,
        /// Value per territory code.
        values: Vec<(String, f64)>,
        /// Upper bounds of the classes (see [`super::classes`]).
        breaks: Vec<f64>,
        /// Decimals of the legend's numbers.
        decimals: usize,
        /// What the value is (legend title).
        what: String,
    },
}

/// A map figure.
pub struct MapFigure<'a> {
    /// Title.
    pub title: String,
    /// Outlines.
    pub base: &'a BaseMap,
    /// What is coloured.
    pub fill: &'a Fill,
    /// Schools not drawn: (where, how many), e.g. ("Polynésie française", 35), ("", 12) for no
    /// coordinates.
    pub not_drawn: Vec<(String, usize)>,
    /// Language.
    pub labels: &'a Labels,
}

/// Where things go: the main region and frame (metres), the insets.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Region of the main frame.
    pub main: Region,
    /// Main frame in the main region's metres: (x0, x1, y0, y1).
    pub frame: (f64, f64, f64, f64),
    /// Overseas départements drawn as insets.
    pub insets: Vec<Region>,
    /// A national map (whole metropolitan France).
    pub national: bool,
}

impl MapFigure<'_> {
    /// The WGS84 positions that must be visible: the schools, or the territories with a value.
    fn targets(&self) -> Vec<(f64, f64)> {
        match self.fill {
            Fill::Points { points, .. } => points.iter().map(|p| (p.lon, p.lat)).collect(),
            Fill::Choropleth { level, values, .. } => {
                let layer = self.layer(*level);
                values
                    .iter()
                    .filter(|v| !v.1.is_nan())
                    .filter_map(|(code, _)| layer.and_then(|l| l.get(code)))
                    .flat_map(|f| f.polygons.iter().flat_map(|p| p[0].iter().copied()))
                    .collect()
            }
        }
    }

    fn layer(&self, level: Level) -> Option<&Layer> {
        match level {
            Level::Departement => Some(&self.base.departements),
            Level::Academie => self.base.academies.as_ref(),
        }
    }

    /// Decide the main frame and the insets.
    pub fn layout(&self, proj: &Projections) -> crate::Result<Layout> {
        let targets = self.targets();
        let mut count = std::collections::BTreeMap::new();
        for (lon, lat) in &targets {
            if let Some(r) = Region::of(*lon, *lat) {
                *count.entry(r).or_insert(0usize) += 1;
            }
        }
        let main = if count.contains_key(&Region::Metro) || count.is_empty() {
            Region::Metro
        } else {
            count
                .iter()
                .max_by_key(|(r, n)| (**n, std::cmp::Reverse(**r)))
                .map_or(Region::Metro, |x| *x.0)
        };
        let mut in_main = Vec::new();
        for (lon, lat) in &targets {
            if Region::of(*lon, *lat) == Some(main) {
                in_main.push(proj.project(main, *lon, *lat)?);
            }
        }
        // Extent of the region's outlines (all of metropolitan France for a national map).
        let mut outline = Vec::new();
        for f in &self.base.departements.features {
            for p in f
                .polygons
                .iter()
                .filter(|p| region_of_polygon(p) == Some(main))
            {
                for q in p[0].iter().step_by(4) {
                    outline.push(proj.project(main, q.0, q.1)?);
                }
            }
        }
        let whole = bbox(outline.iter().copied()).unwrap_or((
            100_000.0,
            1_250_000.0,
            6_030_000.0,
            7_120_000.0,
        ));
        let schools = bbox(in_main.iter().copied());
        let national = main == Region::Metro
            && (schools.is_none_or(|b| (b.1 - b.0).max(b.3 - b.2) > 0.5 * (whole.1 - whole.0))
                || count.len() > 1);
        let frame = if national || main != Region::Metro {
            whole
        } else {
            schools.unwrap_or(whole)
        };
        // Insets only for overseas départements the outlines have (a user's file may have none).
        let outlined = |r: &Region| {
            self.base
                .departements
                .features
                .iter()
                .any(|f| in_region(f, *r))
        };
        let insets: Vec<Region> = Region::overseas()
            .filter(|r| *r != main && outlined(r) && (national || count.contains_key(r)))
            .collect();
        Ok(Layout {
            main,
            frame: pad(frame, if national { 0.02 } else { 0.12 }),
            insets,
            national,
        })
    }
}

/// Colour of a territory (choropleth) or the neutral background.
pub(crate) fn fill_colour(fill: &Fill, level: Level, code: &str) -> Option<RGBColor> {
    let Fill::Choropleth {
        level: l,
        values,
        breaks,
        ..
    } = fill
    else {
        return None;
    };
    if *l != level {
        return None;
    }
    let v = values
        .iter()
        .find(|x| x.0 == code)
        .map_or(f64::NAN, |x| x.1);
    super::classes::class_of(v, breaks).map(|c| {
        let (r, g, b) = super::classes::class_colour(c, breaks.len());
        RGBColor(r, g, b)
    })
}

/// Neutral fill of territories without a value.
pub(crate) const BACKGROUND: RGBColor = RGBColor(242, 240, 234);
/// Fill of territories of a choropleth with no school analysed.
pub(crate) const NO_DATA: RGBColor = RGBColor(225, 225, 225);

/// Categorical colours for the common map modes.
pub fn cluster_legend(k: usize, l: &Labels) -> Vec<(String, RGBColor)> {
    (1..=k)
        .map(|c| {
            (
                l.f(Msg::ClusterN, &[("k", &c)]),
                crate::plot::cluster_colour(c),
            )
        })
        .collect()
}
