//! The followed schools: a past run's `selection.csv` (the rows with `selected = true`, all entering
//! at the session given), or the user's own list — a CSV with a UAI column and an entry column
//! (`entry`, `start`, `start_year`, `annee_entree`; a school year `2023-2024` enters at session 2024).
//! `matches.csv` of a past run (`id`, `match_id`) gives comparison schools.
//!
//! # Errors
//! A file that cannot be read, a missing column, a UAI that is not one, an entry that is not a year,
//! a school listed twice: [`Error::Data`] naming the file, the line and the value.

use super::panel::session_of;
use crate::data::uai::normalize;
use crate::error::{Error, Result};
use crate::text::quote;
use std::collections::BTreeMap;
use std::path::Path;

/// A followed school.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Followed {
    /// UAI.
    pub uai: String,
    /// Entry session: the first session the scheme can act on.
    pub entry: i32,
}

/// The field separator of a list, from its header line as every input's
/// ([`crate::data::csv_reader::detect_separator`]): a selection written with `--dialect excel-fr`, a
/// list saved by a French spreadsheet use `;`.
fn separator(path: &Path) -> Result<u8> {
    use std::io::BufRead;
    let f =
        std::fs::File::open(path).map_err(|e| Error::Data(format!("{}: {e}", path.display())))?;
    let mut line = String::new();
    std::io::BufReader::new(f)
        .read_line(&mut line)
        .map_err(|e| Error::Data(format!("{}: {e}", path.display())))?;
    Ok(crate::data::csv_reader::detect_separator(&line))
}

fn read(path: &Path) -> Result<(Vec<String>, Vec<(u64, Vec<String>)>)> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(separator(path)?)
        .from_path(path)
        .map_err(|e| Error::Data(format!("{}: {e}", path.display())))?;
    let header: Vec<String> = r
        .headers()
        .map_err(|e| Error::Data(format!("{}: {e}", path.display())))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| Error::Data(format!("{}: {e}", path.display())))?;
        let line = rec.position().map(|p| p.line()).unwrap_or_default();
        rows.push((line, rec.iter().map(str::to_string).collect()));
    }
    Ok((header, rows))
}

fn column(path: &Path, header: &[String], names: &[&str]) -> Result<usize> {
    header
        .iter()
        .position(|h| names.contains(&h.as_str()))
        .ok_or_else(|| {
            Error::Data(format!(
                "{}: no column {} (columns: {})",
                path.display(),
                names.join(" / "),
                quote(&header.join(", "))
            ))
        })
}

fn uai_at(path: &Path, line: u64, v: &str) -> Result<String> {
    normalize(v).map_err(|why| {
        Error::Data(format!(
            "{}, line {line}: UAI {}: {why}",
            path.display(),
            quote(v)
        ))
    })
}

fn no_duplicates(path: &Path, list: &[Followed]) -> Result<()> {
    let mut seen = BTreeMap::new();
    for f in list {
        if seen.insert(f.uai.as_str(), ()).is_some() {
            return Err(Error::Data(format!(
                "{}: {} is listed twice; a school is followed once",
                path.display(),
                f.uai
            )));
        }
    }
    Ok(())
}

/// The selected schools of a past run's `selection.csv`, entering at `entry`.
pub fn from_selection(path: &Path, entry: i32) -> Result<Vec<Followed>> {
    let (h, rows) = read(path)?;
    let id = column(path, &h, &["id", "uai"])?;
    let sel = column(path, &h, &["selected"])?;
    let mut out = Vec::new();
    for (line, r) in rows {
        let s = r.get(sel).map(|s| s.trim()).unwrap_or("");
        if s == "true" {
            out.push(Followed {
                uai: uai_at(path, line, r.get(id).map(String::as_str).unwrap_or(""))?,
                entry,
            });
        } else if s != "false" {
            return Err(Error::Data(format!(
                "{}, line {line}: selected = {} (true or false)",
                path.display(),
                quote(s)
            )));
        }
    }
    no_duplicates(path, &out)?;
    out.sort();
    Ok(out)
}

/// An entry session: `2024`, or the school year `2023-2024` (the session ending it); `None` when it
/// is not a year.
pub fn entry_of(v: &str) -> Option<i32> {
    session_of(v.trim()).filter(|y| (1900..=2200).contains(y))
}

/// The eligible schools of a past run's `selection.csv`, selected or not (the placebo's pool: the
/// lists the rules could have made).
pub fn eligible(path: &Path) -> Result<Vec<String>> {
    let (h, rows) = read(path)?;
    let id = column(path, &h, &["id", "uai"])?;
    let el = column(path, &h, &["eligible"])?;
    Ok(rows
        .into_iter()
        .filter(|(_, r)| r.get(el).map(|s| s.trim()) == Some("true"))
        .filter_map(|(_, r)| r.get(id).cloned())
        .collect())
}

/// The user's list: UAI and entry per row.
pub fn from_list(path: &Path) -> Result<Vec<Followed>> {
    let (h, rows) = read(path)?;
    let id = column(path, &h, &["uai", "id", "numero_uai"])?;
    let en = column(
        path,
        &h,
        &["entry", "start", "start_year", "annee_entree", "entree"],
    )?;
    let mut out = Vec::new();
    for (line, r) in rows {
        let v = r.get(en).map(|s| s.trim()).unwrap_or("");
        let entry = entry_of(v).ok_or_else(|| {
            Error::Data(format!(
                "{}, line {line}: entry {} is not a year (2024 or 2023-2024)",
                path.display(),
                quote(v)
            ))
        })?;
        out.push(Followed {
            uai: uai_at(path, line, r.get(id).map(String::as_str).unwrap_or(""))?,
            entry,
        });
    }
    no_duplicates(path, &out)?;
    out.sort();
    Ok(out)
}

/// Comparison schools of a past run's `matches.csv` (`id` → `match_id`).
pub fn comparisons(path: &Path) -> Result<BTreeMap<String, String>> {
    let (h, rows) = read(path)?;
    let id = column(path, &h, &["id", "uai"])?;
    let m = column(path, &h, &["match_id", "comparison"])?;
    let mut out = BTreeMap::new();
    for (line, r) in rows {
        let c = r.get(m).map(|s| s.trim()).unwrap_or("");
        if c.is_empty() {
            continue; // no comparison school found for this one
        }
        let f = uai_at(path, line, r.get(id).map(String::as_str).unwrap_or(""))?;
        out.insert(f, uai_at(path, line, c)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_selections_read_with_their_own_separator() {
        let d = tempfile::tempdir().unwrap();
        // A list saved by a French spreadsheet, and a selection written with `--dialect excel-fr`
        // (`;`, decimal comma, BOM): read as their comma twins.
        let list = d.path().join("list.csv");
        std::fs::write(&list, "uai;entry\n0440001M;2024\n0490960C;2023-2024\n").unwrap();
        let want = vec![
            Followed {
                uai: "0440001M".into(),
                entry: 2024,
            },
            Followed {
                uai: "0490960C".into(),
                entry: 2024,
            },
        ];
        assert_eq!(from_list(&list).unwrap(), want);
        let sel = d.path().join("selection.csv");
        std::fs::write(
            &sel,
            "\u{feff}id;name;eligible;selected;score\n0440001M;COLLEGE A;true;true;1,5\n0490960C;COLLEGE B;true;false;0,2\n",
        )
        .unwrap();
        assert_eq!(from_selection(&sel, 2024).unwrap(), want[..1].to_vec());
        assert_eq!(eligible(&sel).unwrap(), ["0440001M", "0490960C"]);
        // Tabs, and a one-column file (no separator at all).
        std::fs::write(&list, "uai\tentry\n0440001M\t2024\n").unwrap();
        assert_eq!(from_list(&list).unwrap(), want[..1].to_vec());
        assert_eq!(separator(&list).unwrap(), b'\t');
        // A one-column file (no separator at all) reads its column.
        std::fs::write(&list, "uai\n0440001M\n").unwrap();
        let (h, rows) = read(&list).unwrap();
        assert_eq!(h, ["uai"]);
        assert_eq!(rows, [(2, vec!["0440001M".to_string()])]);
    }
}
