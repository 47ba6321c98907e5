//! Control characters in cells: found fast, replaced when the file is loaded, counted for its report.
//!
//! A cell holding ESC, BEL or a bidirectional override could drive the user's terminal (clear it,
//! retitle it) or make an SVG figure invalid XML. They are replaced as the records are read, so that
//! no later step (messages, tables, figures, maps, report) ever sees them: a line break, carriage
//! return or tab inside a cell becomes a space, any other control character (C0, DEL, C1, the
//! bidirectional overrides of [`crate::text::is_escaped`]) becomes U+FFFD (`�`). The file's report says
//! how many and where the first one was.

use crate::text::is_escaped;
use std::borrow::Cow;

/// Replacements made in cells.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Count {
    /// Line breaks and tabs read as spaces.
    pub spaces: usize,
    /// Other control characters replaced by U+FFFD.
    pub replaced: usize,
}

/// Replacements in a file, with the first place (line or record, 0-based field) they were made.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Found {
    pub count: Count,
    pub first: Option<(u64, usize)>,
}

impl Found {
    /// Count the replacements made in `cell`, field `field` of the record at `line`.
    pub fn add(&mut self, line: u64, field: usize, c: Count) {
        if c.spaces + c.replaced > 0 {
            self.first.get_or_insert((line, field));
            self.count.spaces += c.spaces;
            self.count.replaced += c.replaced;
        }
    }

    /// `other` found after `self` in the file.
    pub fn then(mut self, other: Found) -> Found {
        self.count.spaces += other.count.spaces;
        self.count.replaced += other.count.replaced;
        self.first = self.first.or(other.first);
        self
    }

    /// The note of the file's report, if anything was replaced.
    pub fn note(&self, header: &[String], unit: super::table::Unit) -> Option<String> {
        let (line, field) = self.first?;
        let mut parts = Vec::new();
        if self.count.replaced > 0 {
            parts.push(format!(
                "{} control character(s) in cells (escape sequences, bell…) replaced by U+FFFD (\u{fffd})",
                self.count.replaced
            ));
        }
        if self.count.spaces > 0 {
            parts.push(format!(
                "{} line break(s) or tab(s) inside cells read as spaces",
                self.count.spaces
            ));
        }
        let column = header.get(field).map_or_else(
            || format!("field {}", field + 1),
            |h| format!("column '{}'", crate::text::quote(h)),
        );
        Some(format!(
            "{}; first at {unit} {line}, {column}",
            parts.join(" and ")
        ))
    }
}

/// `s` with its control characters replaced, and how many; borrowed when there are none.
pub(super) fn clean(s: &str) -> (Cow<'_, str>, Count) {
    let mut count = Count::default();
    if !s.chars().any(is_escaped) {
        return (Cow::Borrowed(s), count);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' | '\t' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(' ');
                count.spaces += 1;
            }
            c if is_escaped(c) => {
                out.push('\u{fffd}');
                count.replaced += 1;
            }
            c => out.push(c),
        }
    }
    (Cow::Owned(out), count)
}

/// Whether `b` (valid UTF-8) may hold a character [`clean`] replaces, line breaks excepted (they
/// separate records; those inside quoted fields are found by the parser) and tabs when they separate
/// fields. Never false when it does; rarely true when it does not (a few `0xC2`/`0xE2` lead bytes
/// are checked one by one). Runs over the whole file, so it is written to vectorise: 64 bytes at a time.
pub(super) fn may_have(b: &[u8], tab_separates: bool) -> bool {
    let suspicious = |x: u8| -> bool {
        (x < 0x20 && x != b'\n' && x != b'\r' && !(tab_separates && x == b'\t'))
            | (x == 0x7f)
            | (x == 0xc2)
            | (x == 0xe2)
    };
    let mut start = 0;
    for block in b.chunks(64) {
        let flagged = block.iter().fold(false, |acc, &x| acc | suspicious(x));
        if flagged {
            for i in start..start + block.len() {
                let x = b[i];
                let next = |k: usize| b.get(i + k).copied().unwrap_or(0);
                let hit = match x {
                    0xc2 => (0x80..=0x9f).contains(&next(1)),
                    // U+202A..U+202E and U+2066..U+2069.
                    0xe2 => {
                        (next(1) == 0x80 && (0xaa..=0xae).contains(&next(2)))
                            || (next(1) == 0x81 && (0xa6..=0xa9).contains(&next(2)))
                    }
                    x => suspicious(x),
                };
                if hit {
                    return true;
                }
            }
        }
        start += block.len();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_replaced_and_counted() {
        let (c, n) = clean("\u{1b}[31mROUGE\u{1b}[0m");
        assert_eq!(c, "\u{fffd}[31mROUGE\u{fffd}[0m");
        assert_eq!(
            n,
            Count {
                spaces: 0,
                replaced: 2
            }
        );
        let (c, n) = clean("12 rue X\r\n44000\tNantes\u{202e}");
        assert_eq!(c, "12 rue X 44000 Nantes\u{fffd}");
        assert_eq!(
            n,
            Count {
                spaces: 2,
                replaced: 1
            }
        );
        assert!(matches!(
            clean("Collège l’Œuvre « x »"),
            (Cow::Borrowed(_), _)
        ));
    }

    #[test]
    fn fast_scan_finds_every_control() {
        for (s, tab_sep, want) in [
            ("a;b\nc;d\r\n", false, false),
            ("Collège « l’Œuvre » – €\u{a0}", false, false),
            ("a\tb", true, false),
            ("a\tb", false, true),
            ("x\u{7}", false, true),
            ("x\u{7f}", false, true),
            ("x\u{85}", false, true),
            ("x\u{202e}", false, true),
            ("x\u{2067}", false, true),
        ] {
            // At every offset from a 64-byte block boundary.
            for pad in 0..70 {
                let t = format!("{}{s}", "a".repeat(pad));
                assert_eq!(may_have(t.as_bytes(), tab_sep), want, "{s:?} at {pad}");
            }
        }
        let mut f = Found::default();
        f.add(
            3,
            1,
            Count {
                spaces: 0,
                replaced: 2,
            },
        );
        f.add(
            9,
            0,
            Count {
                spaces: 1,
                replaced: 0,
            },
        );
        let note = f
            .note(&["uai".into(), "nom".into()], Default::default())
            .unwrap();
        assert!(note.starts_with("2 control character(s)"));
        assert!(note.ends_with("first at line 3, column 'nom'"), "{note}");
    }
}
