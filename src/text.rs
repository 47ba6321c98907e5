//! Quoting input text inside messages and terminal output.
//!
//! Every message that shows a value, a header or a line taken from an input goes through [`quote`]:
//! at most [`MAX_QUOTED`] Unicode scalar values, then `…`, with control characters shown as escapes
//! (`\u{1b}`), so a cell can neither flood the terminal nor drive it (ESC sequences, BEL). Outputs
//! that are not messages (SVG, HTML, CSV) have their own escaping; this module is for text a person
//! reads on a terminal or in a log.

use std::borrow::Cow;
use std::fmt::Write as _;

/// How many Unicode scalar values of an input a message quotes at most.
pub const MAX_QUOTED: usize = 200;

/// `s` made safe to print: control characters escaped (`\n`, `\t`, `\u{1b}`, …) and, past
/// [`MAX_QUOTED`] scalar values, cut and ended with `…` (`tests::quote_escapes_and_bounds`).
pub fn quote(s: &str) -> Cow<'_, str> {
    quote_at_most(s, MAX_QUOTED)
}

/// As [`quote`], with another bound (in Unicode scalar values of the input).
pub fn quote_at_most(s: &str, max: usize) -> Cow<'_, str> {
    let needs_escape = s.chars().any(is_escaped);
    let mut chars = s.char_indices();
    let cut = chars.nth(max).map(|(i, _)| i);
    if !needs_escape && cut.is_none() {
        return Cow::Borrowed(s);
    }
    let kept = &s[..cut.unwrap_or(s.len())];
    let mut out = String::with_capacity(kept.len() + 4);
    for c in kept.chars() {
        push_escaped(&mut out, c);
    }
    if cut.is_some() {
        out.push('…');
    }
    Cow::Owned(out)
}

/// Whether `c` is shown as an escape rather than as itself: C0 and C1 controls, DEL, and the
/// bidirectional overrides that can make a terminal line read differently from its bytes.
pub fn is_escaped(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if is_escaped(c) => {
            // Writing into a String cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// Test support: the README section between the markers `<!-- {name}:start -->` and
/// `<!-- {name}:end -->` is `table` (rewritten instead when `CIBLAGE_UPDATE_README` is set), for the
/// tables the README shows from the code (settings, presets). Test code: a README that cannot be
/// read or written fails the test.
#[cfg(test)]
pub(crate) fn readme_holds(name: &str, table: &str, test: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (start, end) = (
        format!("<!-- {name}:start -->\n"),
        format!("<!-- {name}:end -->"),
    );
    let a = readme
        .find(&start)
        .unwrap_or_else(|| panic!("README: no {name} start marker"))
        + start.len();
    let b = readme
        .find(&end)
        .unwrap_or_else(|| panic!("README: no {name} end marker"));
    if readme[a..b] != *table && std::env::var_os("CIBLAGE_UPDATE_README").is_some() {
        let updated = format!("{}{table}{}", &readme[..a], &readme[b..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert!(
        readme[a..b] == *table,
        "README's {name} table differs from the code; regenerate it with \
         CIBLAGE_UPDATE_README=1 cargo test --lib {test}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes_and_bounds() {
        assert_eq!(quote("NANTES"), "NANTES");
        assert_eq!(quote("\u{1b}[2Jx"), "\\u{1b}[2Jx");
        let long = "y".repeat(1000);
        assert_eq!(quote(&long).chars().count(), 201);
        assert!(quote(&long).ends_with('…'));
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(quote("Collège Jules Verne"), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_are_escaped_and_never_printed_raw() {
        let q = quote("\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{9b}\u{202e}");
        assert_eq!(q, "\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J\\u{9b}\\u{202e}");
        assert!(!q.chars().any(is_escaped));
    }

    #[test]
    fn bound_counts_scalar_values_not_bytes() {
        let s = "é".repeat(300);
        let q = quote(&s);
        assert_eq!(q.chars().count(), MAX_QUOTED + 1);
        assert_eq!(quote(&"é".repeat(MAX_QUOTED)), "é".repeat(MAX_QUOTED));
        assert_eq!(quote_at_most("abcdef", 3), "abc…");
    }
}
