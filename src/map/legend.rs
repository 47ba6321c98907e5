//! What surrounds a map: the legend (categories, or classes with their bounds and the classing method),
//! the scale bar, the north arrow, and the notes (schools not drawn, names left out, source of the
//! outlines, projection).

use super::figure::{Fill, MapFigure, BACKGROUND, NO_DATA};
use super::viewport::Viewport;
use crate::plot::{e2s, Labels, Msg};
use plotters::coord::Shift;
use plotters::prelude::*;

type R = std::result::Result<(), String>;

fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&BLACK)
}

/// Split a title into lines of at most `width` characters (at spaces).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// The legend panel, from `at` (top left) down.
pub(crate) fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fill: &Fill,
    l: &Labels,
    at: (i32, i32),
) -> R {
    let (x, mut y) = at;
    match fill {
        Fill::Points { points, legend } => {
            for (c, (label, col)) in legend.iter().enumerate() {
                let n = points.iter().filter(|p| p.class == c).count();
                area.draw(&Circle::new((x + 8, y + 9), 7, col.filled()))
                    .map_err(e2s)?;
                for line in wrap(&format!("{label} ({n})"), 24) {
                    area.draw(&Text::new(line, (x + 22, y), font(15)))
                        .map_err(e2s)?;
                    y += 19;
                }
                y += 6;
            }
        }
        Fill::Choropleth {
            values,
            breaks,
            decimals,
            what,
            ..
        } => {
            for line in wrap(what, 24) {
                area.draw(&Text::new(line, (x, y), font(16))).map_err(e2s)?;
                y += 20;
            }
            y += 6;
            let k = breaks.len();
            let finite: Vec<f64> = values.iter().map(|v| v.1).filter(|v| !v.is_nan()).collect();
            let lo = finite.iter().copied().fold(f64::INFINITY, f64::min);
            for c in (0..k).rev() {
                let (r, g, b) = super::classes::class_colour(c, k);
                let from = if c == 0 { lo } else { breaks[c - 1] };
                let n = finite
                    .iter()
                    .filter(|v| super::classes::class_of(**v, breaks) == Some(c))
                    .count();
                let range = class_range(from, breaks[c], c == 0, *decimals, l);
                area.draw(&Rectangle::new(
                    [(x, y), (x + 26, y + 18)],
                    RGBColor(r, g, b).filled(),
                ))
                .map_err(e2s)?;
                area.draw(&Text::new(
                    format!("{range} ({n})"),
                    (x + 34, y + 1),
                    font(15),
                ))
                .map_err(e2s)?;
                y += 24;
            }
            area.draw(&Rectangle::new(
                [(x, y), (x + 26, y + 18)],
                NO_DATA.filled(),
            ))
            .map_err(e2s)?;
            area.draw(&Text::new(l.t(Msg::MapNoData), (x + 34, y + 1), font(15)))
                .map_err(e2s)?;
            y += 30;
            for line in wrap(l.t(Msg::MapClassesJenks), 28) {
                area.draw(&Text::new(line, (x, y), font(14))).map_err(e2s)?;
                y += 17;
            }
        }
    }
    let _ = BACKGROUND;
    Ok(())
}

/// The text of a class: "> 7.1 – 9.7" (closed on the right), or for counts (no decimals) the whole
/// numbers it holds: "1", "2 – 3".
fn class_range(from: f64, to: f64, first: bool, decimals: usize, l: &Labels) -> String {
    if decimals == 0 {
        let lo = if first {
            from.ceil()
        } else {
            from.floor() + 1.0
        };
        return if lo >= to {
            l.num(to, 0)
        } else {
            format!("{} – {}", l.num(lo, 0), l.num(to, 0))
        };
    }
    if from == to {
        l.num(to, decimals)
    } else if first {
        format!("{} – {}", l.num(from, decimals), l.num(to, decimals))
    } else {
        format!("> {} – {}", l.num(from, decimals), l.num(to, decimals))
    }
}

/// A scale bar of a round length near a fifth of the frame, bottom left.
pub(crate) fn scale_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    v: &Viewport,
    l: &Labels,
) -> R {
    let rect = v.rect;
    let target_m = (rect.2 - rect.0) as f64 / 5.0 / v.scale();
    let km = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0]
        .into_iter()
        .rev()
        .find(|k| k * 1000.0 <= target_m)
        .unwrap_or(1.0);
    let len = (km * 1000.0 * v.scale()).round() as i32;
    let (x, y) = (rect.0 + 20, rect.3 - 25);
    area.draw(&Rectangle::new(
        [(x - 6, y - 22), (x + len + 40, y + 10)],
        WHITE.mix(0.8).filled(),
    ))
    .map_err(e2s)?;
    area.draw(&Rectangle::new(
        [(x, y), (x + len / 2, y + 6)],
        BLACK.filled(),
    ))
    .map_err(e2s)?;
    area.draw(&Rectangle::new(
        [(x + len / 2, y), (x + len, y + 6)],
        BLACK.stroke_width(1),
    ))
    .map_err(e2s)?;
    area.draw(&Text::new(
        format!("{} km", l.num(km, 0)),
        (x, y - 19),
        font(14),
    ))
    .map_err(e2s)
}

/// A north arrow (grid north of the projection), top right of the frame.
pub(crate) fn north_arrow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rect: (i32, i32, i32, i32),
) -> R {
    let (x, y) = (rect.2 - 30, rect.1 + 18);
    area.draw(&Polygon::new(
        vec![(x, y), (x - 10, y + 30), (x, y + 23), (x + 10, y + 30)],
        BLACK.filled(),
    ))
    .map_err(e2s)?;
    area.draw(&Text::new("N", (x - 5, y + 32), font(15)))
        .map_err(e2s)
}

/// The notes under the map: schools not drawn, names left out, source and projection.
pub(crate) fn notes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fig: &MapFigure,
    names_dropped: usize,
    insets: bool,
) -> R {
    let l = fig.labels;
    let mut lines = Vec::new();
    let parts: Vec<String> = fig
        .not_drawn
        .iter()
        .filter(|x| x.1 > 0)
        .map(|(place, n)| {
            if place.is_empty() {
                l.f(Msg::MapNoCoordinates, &[("n", n)])
            } else {
                format!("{place} ({n})")
            }
        })
        .collect();
    if !parts.is_empty() {
        lines.push(l.f(Msg::MapNotDrawn, &[("list", &parts.join(", "))]));
    }
    if names_dropped > 0 {
        lines.push(l.f(Msg::MapNamesDropped, &[("n", &names_dropped)]));
    }
    let mut credit = l.f(Msg::MapCredit, &[("credit", &fig.base.credit)]);
    if insets {
        credit.push(' ');
        credit.push_str(l.t(Msg::MapInsets));
    }
    lines.push(credit);
    let mut y = 921;
    for line in lines {
        for part in wrap(&line, 135) {
            area.draw(&Text::new(part, (15, y), font(14)))
                .map_err(e2s)?;
            y += 18;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn class_texts() {
        let l = Labels::new(Lang::Fr);
        assert_eq!(class_range(0.0, 0.0, true, 0, &l), "0");
        assert_eq!(class_range(0.0, 1.0, false, 0, &l), "1");
        assert_eq!(class_range(1.0, 3.0, false, 0, &l), "2 – 3");
        assert_eq!(class_range(7.1, 9.7, false, 1, &l), "> 7,1 – 9,7");
        assert_eq!(class_range(2.4, 2.4, true, 1, &l), "2,4");
        assert_eq!(class_range(2.4, 4.0, true, 1, &l), "2,4 – 4,0");
        assert_eq!(
            wrap("Part des établissements retenus (%)", 24),
            vec!["Part des établissements", "retenus (%)"]
        );
    }
}
