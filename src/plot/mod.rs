//! Plots (plotters; PNG and SVG from the same drawing code) and labels in English or French.
//!
//! Text uses DejaVu Sans embedded in the binary (registered with plotters' `ab_glyph` backend), so plots
//! render on servers without fonts; accented French labels render.
//!
//! # Returns
//! [`Rendered`]: PNG bytes and SVG text of one figure; [`write`](fn@write) saves both atomically.

pub(crate) mod allocation_plot;
pub(crate) mod cluster_plots;
pub(crate) mod follow_plots;
pub(crate) mod individuals;
pub(crate) mod labels;
pub(crate) mod pca_plots;

use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Once;

pub use crate::i18n::{Labels, Lang, Msg};

/// A drawn figure.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// PNG file bytes.
    pub png: Vec<u8>,
    /// SVG text.
    pub svg: String,
}

/// A figure that can be drawn on any plotters backend.
pub trait Figure {
    /// Size in pixels.
    fn size(&self) -> (u32, u32) {
        (900, 700)
    }
    /// Draw on the area.
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), String>;
}

static FONT: Once = Once::new();

/// Register the embedded DejaVu Sans font (idempotent).
pub fn ensure_font() {
    FONT.call_once(|| {
        // The bytes are a valid TrueType font shipped by the `dejavu` crate; a failure would only mean
        // text falls back to nothing, so it is ignored rather than turned into a panic.
        let _ = plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            dejavu::sans::regular(),
        );
        let _ = plotters::style::register_font("sans-serif", FontStyle::Bold, dejavu::sans::bold());
    });
}

fn plot_err(e: String) -> Error {
    Error::Numeric {
        what: "plot",
        reason: e,
    }
}

/// Render a figure as PNG and SVG.
pub fn render(fig: &impl Figure) -> Result<Rendered> {
    ensure_font();
    let (w, h) = fig.size();
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        area.fill(&WHITE).map_err(|e| plot_err(e.to_string()))?;
        fig.draw(&area).map_err(plot_err)?;
        area.present().map_err(|e| plot_err(e.to_string()))?;
    }
    let mut buf = vec![255u8; (w * h * 3) as usize];
    {
        let area = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        area.fill(&WHITE).map_err(|e| plot_err(e.to_string()))?;
        fig.draw(&area).map_err(plot_err)?;
        area.present().map_err(|e| plot_err(e.to_string()))?;
    }
    let mut png_bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png_bytes, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut wr = enc.write_header().map_err(|e| plot_err(e.to_string()))?;
        wr.write_image_data(&buf)
            .map_err(|e| plot_err(e.to_string()))?;
    }
    Ok(Rendered {
        png: png_bytes,
        svg,
    })
}

/// Write `name.png` and `name.svg` into `dir`.
pub fn write(dir: &Path, name: &str, r: &Rendered) -> Result<Vec<PathBuf>> {
    let png_path = dir.join(format!("{name}.png"));
    let svg_path = dir.join(format!("{name}.svg"));
    crate::output::write_atomic(&png_path, &r.png)?;
    crate::output::write_atomic(&svg_path, r.svg.as_bytes())?;
    Ok(vec![png_path, svg_path])
}

/// Colours of clusters / categories.
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// Colour of cluster `c` (1-based).
pub fn cluster_colour(c: usize) -> RGBColor {
    PALETTE[(c.max(1) - 1) % PALETTE.len()]
}

/// Map a `plotters` error to text.
pub fn e2s<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}
