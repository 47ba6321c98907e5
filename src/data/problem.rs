//! A row that was not kept (or a warning about a kept one), with where it is and why.

use super::table::{Text, Unit};
use crate::text::quote;
use serde::Serialize;
use std::sync::Arc;

/// What happened to a row that was not kept, or a warning about a kept one.
///
/// Cheap to make by the hundred thousand (a filter excluding the private schools of a national file):
/// the path and the reason are shared, the short fields are stored inline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// File.
    pub path: Arc<str>,
    /// Line in the file (header = 1), or the record's index for a JSON input (see `unit`).
    pub line: u64,
    /// What `line` counts.
    #[serde(skip_serializing_if = "Unit::is_line")]
    pub unit: Unit,
    /// Column header as written in the file.
    pub column: Option<Text>,
    /// UAI of the row when readable.
    pub uai: Option<Text>,
    /// Offending value.
    pub value: Option<Text>,
    /// Explanation.
    pub reason: Arc<str>,
}

/// `file: line 12, column 'ips', UAI 0440008V, value 'abc': not a number`; every piece of input text
/// goes through `quote` (at most 200 characters, control characters escaped).
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} {}", quote(&self.path), self.unit, self.line)?;
        if let Some(c) = &self.column {
            write!(f, ", column '{}'", quote(c))?;
        }
        if let Some(u) = &self.uai {
            write!(f, ", UAI {}", quote(u))?;
        }
        if let Some(v) = &self.value {
            write!(f, ", value '{}'", quote(v))?;
        }
        write!(f, ": {}", self.reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_text_is_quoted_and_the_unit_named() {
        let p = Problem {
            path: "t.json".into(),
            line: 3,
            unit: Unit::Record,
            column: Some("nom".into()),
            uai: Some("0440008V".into()),
            value: Some(format!("\u{1b}]0;PWNED\u{7}{}", "x".repeat(500)).into()),
            reason: "not a number".into(),
        };
        let s = p.to_string();
        assert!(s.starts_with(
            "t.json: record 3, column 'nom', UAI 0440008V, value '\\u{1b}]0;PWNED\\u{7}xxx"
        ));
        assert!(s.ends_with("…': not a number"));
        assert!(!s.chars().any(crate::text::is_escaped));
        assert!(s.chars().count() < 300);
    }
}
