//! Text labels that do not collide: each label is tried at a few positions around its anchor (right,
//! left, above, below, the diagonals, then twice as far) and put at the first one that overlaps neither
//! an earlier label, nor an obstacle (a legend, a marked point), nor the edge of the frame; a label that
//! fits nowhere is dropped and reported, so that the figure can say which labels it leaves out.
//!
//! A greedy placement, as most map makers' first pass: labels are placed in the order given (put the
//! most important first). Sizes come from the backend's own text measure (the embedded DejaVu Sans).

use plotters::coord::Shift;
use plotters::prelude::*;

/// A rectangle in pixels: (left, top, right, bottom).
pub type Rect = (i32, i32, i32, i32);

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Greedy label placement in a frame.
#[derive(Debug, Clone)]
pub struct Placer {
    frame: Rect,
    taken: Vec<Rect>,
}

impl Placer {
    /// Labels must stay inside `frame`.
    pub fn new(frame: Rect) -> Self {
        Placer {
            frame,
            taken: Vec::new(),
        }
    }

    /// A region no label may cover (a legend, a point).
    pub fn block(&mut self, r: Rect) {
        self.taken.push(r);
    }

    /// Is `r` free and inside the frame?
    pub fn is_free(&self, r: Rect) -> bool {
        r.0 >= self.frame.0
            && r.1 >= self.frame.1
            && r.2 <= self.frame.2
            && r.3 <= self.frame.3
            && !self.taken.iter().any(|t| overlaps(*t, r))
    }

    /// Place a `w` × `h` label near `anchor` (`gap` pixels away); returns its top-left corner, or `None`
    /// when it fits nowhere (then nothing is reserved).
    pub fn place(
        &mut self,
        anchor: (i32, i32),
        (w, h): (i32, i32),
        gap: i32,
    ) -> Option<(i32, i32)> {
        let (x, y) = anchor;
        for k in [1, 2, 4] {
            let g = gap * k;
            let candidates = [
                (x + g, y - h / 2),
                (x - g - w, y - h / 2),
                (x - w / 2, y - g - h),
                (x - w / 2, y + g),
                (x + g, y - g - h),
                (x - g - w, y - g - h),
                (x + g, y + g),
                (x - g - w, y + g),
            ];
            for (cx, cy) in candidates {
                let r = (cx, cy, cx + w, cy + h);
                if self.is_free(r) {
                    self.taken.push(r);
                    return Some((cx, cy));
                }
            }
        }
        None
    }

    /// Place a label centred on `anchor` only (map names): `None` when it does not fit there.
    pub fn place_centred(&mut self, anchor: (i32, i32), (w, h): (i32, i32)) -> Option<(i32, i32)> {
        let r = (
            anchor.0 - w / 2,
            anchor.1 - h / 2,
            anchor.0 + w / 2,
            anchor.1 + h / 2,
        );
        if self.is_free(r) {
            self.taken.push(r);
            Some((r.0, r.1))
        } else {
            None
        }
    }
}

/// The size of `text` in pixels in `font` on this backend (a rough estimate when it cannot measure).
pub fn text_size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    font: &TextStyle,
) -> (i32, i32) {
    match area.estimate_text_size(text, font) {
        Ok((w, h)) => (w as i32, h as i32),
        Err(_) => ((text.chars().count() as f64 * 8.0) as i32, 16),
    }
}

/// Draw `labels` (anchor in pixels, text) with `font`, placed by `placer`; returns the texts dropped.
pub fn draw_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    placer: &mut Placer,
    labels: &[((i32, i32), String)],
    font: &TextStyle,
    gap: i32,
) -> std::result::Result<Vec<String>, String> {
    let mut dropped = Vec::new();
    for (anchor, text) in labels {
        let size = text_size(area, text, font);
        match placer.place(*anchor, size, gap) {
            Some(p) => {
                area.draw(&Text::new(text.clone(), p, font.clone()))
                    .map_err(super::e2s)?;
            }
            None => dropped.push(text.clone()),
        }
    }
    Ok(dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_labels_are_moved_then_dropped() {
        let mut p = Placer::new((0, 0, 200, 100));
        // First label right of its anchor.
        assert_eq!(p.place((50, 50), (40, 10), 5), Some((55, 45)));
        // Same anchor: the right side is taken, so it goes left.
        assert_eq!(p.place((50, 50), (40, 10), 5), Some((5, 45)));
        // A label wider than the frame fits nowhere.
        assert_eq!(p.place((50, 50), (300, 10), 5), None);
        // Centred placement refuses an occupied spot.
        assert_eq!(p.place_centred((70, 50), (20, 10)), None);
        assert!(p.place_centred((150, 20), (20, 10)).is_some());
    }
}
