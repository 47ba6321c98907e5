//! The human-readable and JSON summaries printed by `ciblage validate`.

use super::join::Inputs;
use super::load::Problem;
use crate::error::Result;
use crate::output::Dialect;
use serde::Serialize;
use std::fmt::Write;
use std::path::Path;

/// JSON document of `ciblage validate --json`.
#[derive(Debug, Serialize)]
pub struct Validation<'a> {
    /// One entry per file.
    pub files: &'a [super::load::LoadReport],
    /// One entry per join.
    pub joins: &'a [super::join::JoinReport],
    /// Base rows dropped by inner joins.
    pub unmatched: &'a [Problem],
    /// Rows of the joined table.
    pub rows_joined: usize,
}

/// Build the JSON document.
pub fn validation(inputs: &Inputs) -> Validation<'_> {
    Validation {
        files: &inputs.loads,
        joins: &inputs.joins,
        unmatched: &inputs.unmatched,
        rows_joined: inputs.table.len(),
    }
}

/// Readable summary; at most `max_problems` problems listed per file.
pub fn render_text(inputs: &Inputs, max_problems: usize) -> String {
    let mut s = String::new();
    for l in &inputs.loads {
        let _ = writeln!(
            s,
            "{}: dataset {}{} ({}{})",
            l.path,
            l.dataset,
            if l.detected {
                " (recognised from the header)"
            } else {
                ""
            },
            if l.format == "csv" {
                format!("separator '{}'", l.separator)
            } else {
                l.format.to_uppercase()
            },
            l.period
                .as_ref()
                .map(|p| format!(", period {p}"))
                .unwrap_or_default()
        );
        let _ = writeln!(
            s,
            "  rows {} = kept {} + rejected {} + other periods {}",
            l.rows, l.rows_kept, l.rows_rejected, l.rows_filtered
        );
        let missing: Vec<String> = l
            .missing
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(c, n)| format!("{c} {n}"))
            .collect();
        if !missing.is_empty() {
            let _ = writeln!(s, "  missing values: {}", missing.join(", "));
        }
        for w in &l.warnings {
            let _ = writeln!(s, "  warning: {w}");
        }
        for n in &l.notes {
            let _ = writeln!(s, "  note: {n}");
        }
        for p in l.problems.iter().take(max_problems) {
            let _ = writeln!(s, "  rejected: {p}");
        }
        if l.problems.len() > max_problems {
            let _ = writeln!(
                s,
                "  ... and {} more rejected row(s) (write them all with --rejected FILE)",
                l.problems.len() - max_problems
            );
        }
    }
    for j in &inputs.joins {
        let _ = writeln!(
            s,
            "join {} with {} ({}): matched {}, left only {}, right only {}, duplicate UAIs on the right {}",
            j.left, j.right, j.kind, j.matched, j.left_only, j.right_only, j.right_duplicates
        );
    }
    if !inputs.unmatched.is_empty() {
        let _ = writeln!(
            s,
            "{} base row(s) without a partner in an inner join",
            inputs.unmatched.len()
        );
    }
    let _ = writeln!(s, "joined table: {} school(s)", inputs.table.len());
    s
}

/// Write every rejected row (with file, line, column, UAI, value and reason) as CSV.
pub fn write_rejected(path: &Path, problems: &[Problem], dialect: Dialect) -> Result<()> {
    write_rejected_parts(path, &[problems], dialect)
}

/// [`write_rejected`] for several lists written one after the other (no copy of the problems).
pub fn write_rejected_parts(path: &Path, parts: &[&[Problem]], dialect: Dialect) -> Result<()> {
    let starts: Vec<usize> = parts
        .iter()
        .scan(0, |acc, p| {
            let s = *acc;
            *acc += p.len();
            Some(s)
        })
        .collect();
    let n: usize = parts.iter().map(|p| p.len()).sum();
    crate::output::write_csv_rows(
        path,
        &["file", "line", "column", "uai", "value", "reason"],
        n,
        |i, w| {
            let k = starts.partition_point(|&s| s <= i) - 1;
            let p = &parts[k][i - starts[k]];
            w.text(&p.path);
            w.int(p.line);
            w.text(p.column.as_deref().unwrap_or_default());
            w.text(p.uai.as_deref().unwrap_or_default());
            w.text(p.value.as_deref().unwrap_or_default());
            w.text(&p.reason);
        },
        dialect,
    )
}
