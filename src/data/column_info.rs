//! Where a column comes from ([`ColumnInfo`]: file, header as written, position, the official name it
//! answers to) and why a column of numbers was kept as text ([`NotNumeric`]). Plain records: the table
//! holds them and the naming and reading code fills them, so neither imports the other for them.

use serde::Serialize;
use std::sync::Arc;

/// Where a column comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnInfo {
    /// File the column was read from.
    pub file: Arc<str>,
    /// Header as written in that file.
    pub header: String,
    /// Position of the header in the file (1 = first column).
    pub position: usize,
    /// Canonical name of an official preset the column also answers to (`success_rate`).
    pub canonical: Option<String>,
    /// Why a column that holds numbers was kept as text (see [`NotNumeric`]).
    pub not_numeric: Option<NotNumeric>,
}

/// The values that kept a column of numbers from being numeric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotNumeric {
    /// Cells that are numbers.
    pub numbers: usize,
    /// Cells that are neither numbers nor missing tokens.
    pub others: usize,
    /// The first of them, as written.
    pub value: String,
    /// Its line.
    pub line: u64,
}

impl NotNumeric {
    /// Mostly numbers: the column was probably meant to be numeric.
    pub fn mostly_numbers(&self) -> bool {
        self.numbers >= self.others
    }

    /// What to do, for messages: declare a missing token, or drop a unit.
    pub fn advice(&self) -> String {
        let v = self.value.trim();
        let looks_like_unit = v
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '+');
        if looks_like_unit {
            format!(
                "remove the unit or text after the number ('{}') in the file",
                crate::text::quote(v)
            )
        } else {
            format!(
                "if '{}' means a missing value, add it to the missing tokens (--missing-tokens '{}' or [inputs] missing_tokens); otherwise fix these values",
                crate::text::quote(v),
                crate::text::quote(v)
            )
        }
    }
}

impl std::fmt::Display for NotNumeric {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} value(s) are not numbers (first '{}', line {}) among {} number(s)",
            self.others,
            crate::text::quote(&self.value),
            self.line,
            self.numbers
        )
    }
}
