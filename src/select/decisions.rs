//! Committee decisions: schools a committee includes or excludes whatever the rules say, each with its
//! reason, author and date ("fine knowledge of the territory").
//!
//! # Parameters
//! A CSV file (`--decisions FILE`, `[selection] decisions`), separator `,`, `;` or tab (detected from
//! the header), UTF-8 with or without BOM, one row per school, headers in any order and case:
//!
//! ```csv
//! uai,decision,reason,author,date
//! 0440008V,include,Quartier en rénovation urbaine,Comité du 12/05,2024-05-12
//! 0441234A,exclude,Fermeture annoncée,Comité du 12/05,2024-05-12
//! ```
//!
//! `decision` is `include` or `exclude` (`inclure`, `exclure` too); `reason` and `author` are
//! required; `date` is `YYYY-MM-DD`.
//!
//! # Algorithm
//! Applied after the rules ([`super::select`]): an excluded school is taken out of the ranking of its
//! budget group (it stays eligible or not as the rules say, and is never selected); an included school
//! is selected whatever its eligibility and takes one place of its group's budget, the other places
//! going to the best-ranked eligible schools as usual.
//!
//! # Errors
//! A missing or malformed column, an unknown decision word, an empty reason or author, a bad date, an
//! invalid UAI or one given twice is [`Error::Csv`] (exit 1) naming the file, the line and the UAI; a
//! UAI that is not among the schools analysed is the same error, with the reason the school was left
//! out when it was.

use crate::error::{Error, Result};
use crate::text::quote;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Include or exclude.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Selected whatever the rules say.
    Include,
    /// Never selected.
    Exclude,
}

impl Kind {
    /// `include` / `exclude` (as in the CSV outputs).
    pub fn word(self) -> &'static str {
        match self {
            Kind::Include => "include",
            Kind::Exclude => "exclude",
        }
    }
}

/// One decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// UAI (normalised, check letter verified).
    pub uai: String,
    /// Include or exclude.
    pub kind: Kind,
    /// Why.
    pub reason: String,
    /// Who decided.
    pub author: String,
    /// When (`YYYY-MM-DD`).
    pub date: String,
    /// Line in the file (1 = header).
    pub line: usize,
}

/// The decisions of one file.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Decisions {
    /// The file.
    pub path: PathBuf,
    /// The decisions, in the file's order.
    pub rows: Vec<Decision>,
}

const COLUMNS: [&str; 5] = ["uai", "decision", "reason", "author", "date"];

fn header_key(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace(['é', 'è'], "e")
}

fn kind_of(word: &str) -> Option<Kind> {
    match word.trim().to_lowercase().as_str() {
        "include" | "included" | "inclure" | "inclus" | "in" => Some(Kind::Include),
        "exclude" | "excluded" | "exclure" | "exclu" | "out" => Some(Kind::Exclude),
        _ => None,
    }
}

fn valid_date(d: &str) -> bool {
    let b = d.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = &d[r];
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

impl Decisions {
    /// Read and check a decisions file.
    pub fn read(path: &Path) -> Result<Self> {
        if !path.is_file() {
            return Err(Error::Usage(format!(
                "{}: no such decisions file (--decisions, [selection] decisions)",
                path.display()
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| Error::Csv {
            path: path.into(),
            line: 1,
            reason: format!("not UTF-8 text ({e}): save the decisions file as UTF-8 CSV"),
        })?;
        Self::parse(path, &text)
    }

    /// Parse the text of a decisions file (`path` names it in errors).
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        let err = |line: usize, reason: String| Error::Csv {
            path: path.into(),
            line: line as u64,
            reason,
        };
        let text = text.trim_start_matches('\u{feff}');
        let first = text.lines().next().unwrap_or("");
        if first.trim().is_empty() {
            return Err(err(
                1,
                format!("no header: expected the columns {}", COLUMNS.join(", ")),
            ));
        }
        let sep = [b';', b'\t', b',']
            .into_iter()
            .max_by_key(|s| first.bytes().filter(|c| c == s).count())
            .unwrap_or(b',');
        let mut r = csv::ReaderBuilder::new()
            .delimiter(sep)
            .flexible(true)
            .has_headers(true)
            .from_reader(text.as_bytes());
        let headers = r
            .headers()
            .map_err(|e| err(1, format!("unreadable header: {e}")))?
            .clone();
        let keys: Vec<String> = headers.iter().map(header_key).collect();
        let mut col = [0usize; 5];
        for (c, name) in COLUMNS.iter().enumerate() {
            col[c] = keys.iter().position(|k| k == name).ok_or_else(|| {
                err(
                    1,
                    format!(
                        "missing column {name}; expected {}, found [{}]",
                        COLUMNS.join(", "),
                        quote(&headers.iter().collect::<Vec<_>>().join(", "))
                    ),
                )
            })?;
        }
        if let Some(extra) = keys.iter().find(|k| !COLUMNS.contains(&k.as_str())) {
            return Err(err(
                1,
                format!(
                    "unknown column '{}': the columns are {}",
                    quote(extra),
                    COLUMNS.join(", ")
                ),
            ));
        }
        let mut rows: Vec<Decision> = Vec::new();
        for rec in r.records() {
            // Lines counted from the bytes (the reader's own count skips blank lines).
            let line_at = |byte: u64| {
                // A record's position may be that of the blank lines before it.
                let t = text.as_bytes();
                let mut b = (byte as usize).min(t.len());
                while b < t.len() && (t[b] == b'\n' || t[b] == b'\r') {
                    b += 1;
                }
                1 + t[..b].iter().filter(|&&c| c == b'\n').count()
            };
            let rec = rec.map_err(|e| {
                let line = e.position().map_or(0, |p| line_at(p.byte()));
                err(line, format!("unreadable row: {e}"))
            })?;
            let line = rec.position().map_or(0, |p| line_at(p.byte()));
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if rec.len() != headers.len() {
                return Err(err(
                    line,
                    format!("{} field(s), the header has {}", rec.len(), headers.len()),
                ));
            }
            let cell = |c: usize| rec.get(col[c]).unwrap_or("").trim();
            let raw = cell(0);
            let uai = crate::data::uai::normalize(raw)
                .map_err(|e| err(line, format!("UAI '{}': {e}", quote(raw))))?;
            let at = |what: String| err(line, format!("UAI {uai}: {what}"));
            let kind = kind_of(cell(1))
                .ok_or_else(|| at(format!("decision '{}': include or exclude", quote(cell(1)))))?;
            let reason = cell(2);
            if reason.is_empty() {
                return Err(at("empty reason: say why the committee decided".into()));
            }
            let author = cell(3);
            if author.is_empty() {
                return Err(at("empty author: say who decided".into()));
            }
            let date = cell(4);
            if !valid_date(date) {
                return Err(at(format!("date '{}': a date YYYY-MM-DD", quote(date))));
            }
            if let Some(d) = rows.iter().find(|d| d.uai == uai) {
                return Err(at(format!(
                    "already decided on line {}: one decision per school",
                    d.line
                )));
            }
            rows.push(Decision {
                uai,
                kind,
                reason: reason.to_string(),
                author: author.to_string(),
                date: date.to_string(),
                line,
            });
        }
        Ok(Decisions {
            path: path.into(),
            rows,
        })
    }

    /// The error for a decision on a school that is not analysed (`why`: the reason it was left
    /// out, when known).
    pub fn not_analysed(&self, d: &Decision, why: Option<&str>) -> Error {
        Error::Csv {
            path: self.path.clone(),
            line: d.line as u64,
            reason: match why {
                Some(w) => format!(
                    "UAI {}: {} but the school is not analysed ({}): remove the row or change the filters",
                    d.uai,
                    d.kind.word(),
                    quote(w)
                ),
                None => format!(
                    "UAI {}: unknown, not among the schools of the inputs: check the UAI",
                    d.uai
                ),
            },
        }
    }
}

impl Decision {
    /// The decision in one line ("included by decision: reason (author, date)") in the language of
    /// `l`; the file's texts are quoted (bounded, control characters escaped).
    pub fn line(&self, l: &crate::i18n::Labels) -> String {
        let msg = match self.kind {
            Kind::Include => crate::i18n::Msg::IncludedByDecision,
            Kind::Exclude => crate::i18n::Msg::ExcludedByDecision,
        };
        l.f(
            msg,
            &[
                ("reason", &quote(&self.reason)),
                ("author", &quote(&self.author)),
                ("date", &self.date),
            ],
        )
    }
}

/// Where each decision applies: per analysed school, 1 + the index of its decision in `d.rows`
/// (0: none). A decision on a school that is not analysed is an error naming the file, the line and
/// the UAI (with the reason the school was left out, from `not_analysed`).
pub(crate) fn locate(
    d: &Decisions,
    uai: &[crate::data::table::Text],
    why_not_analysed: impl Fn(&str) -> Option<String>,
) -> Result<Vec<u32>> {
    let mut code = vec![0u32; uai.len()];
    if d.rows.is_empty() {
        return Ok(code);
    }
    let index: std::collections::HashMap<&str, usize> = uai
        .iter()
        .enumerate()
        .map(|(i, u)| (u.as_str(), i))
        .collect();
    for (k, row) in d.rows.iter().enumerate() {
        match index.get(row.uai.as_str()) {
            Some(&i) => code[i] = k as u32 + 1,
            None => {
                let why = why_not_analysed(&row.uai);
                return Err(d.not_analysed(row, why.as_deref()));
            }
        }
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> Result<Decisions> {
        Decisions::parse(Path::new("d.csv"), t)
    }

    #[test]
    fn a_file_is_read_with_any_separator_and_header_case() {
        let d = parse("\u{feff}UAI;Decision;Reason;Author;Date\n0440008v;exclure;fermeture;Comité;2024-05-12\n\n0440001M;include;QPV;Comité;2024-02-29\n").unwrap();
        assert_eq!(d.rows.len(), 2);
        assert_eq!(d.rows[0].uai, "0440008V");
        assert_eq!(d.rows[0].kind, Kind::Exclude);
        assert_eq!(d.rows[0].line, 2);
        assert_eq!(d.rows[1].kind, Kind::Include);
        assert_eq!(d.rows[1].line, 4);
        assert_eq!(d.rows[1].reason, "QPV");
    }

    #[test]
    fn malformed_rows_name_file_line_and_uai() {
        let h = "uai,decision,reason,author,date\n";
        let cases = [
            (
                format!("{h}0440008V,maybe,r,a,2024-01-01\n"),
                "d.csv: line 2: UAI 0440008V: decision 'maybe'",
            ),
            (
                format!("{h}0440008V,include,,a,2024-01-01\n"),
                "line 2: UAI 0440008V: empty reason",
            ),
            (
                format!("{h}0440008V,include,r,,2024-01-01\n"),
                "line 2: UAI 0440008V: empty author",
            ),
            (
                format!("{h}0440008V,include,r,a,2023-02-29\n"),
                "line 2: UAI 0440008V: date '2023-02-29'",
            ),
            (
                format!("{h}0440008V,include,r,a,12/05/2024\n"),
                "date '12/05/2024'",
            ),
            (
                format!("{h}0440008X,include,r,a,2024-01-01\n"),
                "line 2: UAI '0440008X'",
            ),
            (
                format!("{h}0440008V,include,r,a,2024-01-01\n0440008V,exclude,r,a,2024-01-01\n"),
                "line 3: UAI 0440008V: already decided on line 2",
            ),
            (
                "uai,decision,reason,author\n".to_string(),
                "line 1: missing column date",
            ),
            (
                format!("{}", "uai,decision,reason,author,date,extra\n"),
                "unknown column 'extra'",
            ),
            (
                format!("{h}0440008V,include,r\n"),
                "line 2: 3 field(s), the header has 5",
            ),
        ];
        for (text, want) in cases {
            let e = parse(&text).unwrap_err();
            assert_eq!(e.exit_code(), 1);
            let s = e.to_string();
            assert!(s.contains(want), "{s} lacks {want}");
        }
    }
}
