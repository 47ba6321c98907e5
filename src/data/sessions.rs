//! Value added over several sessions: a school's value added moves a lot from one session to the
//! next (small cohorts), so a selection may read its mean over the last `N` sessions instead of one.
//!
//! # Parameters
//! A value-added file (IVAC, IVAL) holding several sessions, the session kept (the one paired with
//! the IPS school year, or `--session`) and `N ≥ 2` (`--mean-sessions`, `[inputs] mean_sessions`).
//!
//! # Returns
//! For every value-added column `va_x` of the file (its canonical name starts with `va_`), columns
//! added to the file's table, on the rows of the session kept:
//! - `va_x_<session>` for each of the `N` sessions ending with the session kept that the file holds
//!   (`va_success_rate_2022`, `va_success_rate_2023`), the school's value that session;
//! - `va_x_mean<N>` (`va_success_rate_mean3`): the mean of the values the school has among those
//!   sessions (a session not published for the school, `ND`, or absent from the file is left out of
//!   the mean, never counted as 0); missing when it has none.
//!
//! A window reaching before the file's first session is said in a note (the means are then over the
//! sessions the file holds). A school's row of an earlier session is found by its UAI (the first row
//! of that UAI and session, as for the session kept).

use super::column_info::ColumnInfo;
use super::table::{Column, Table, Text};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// The values of the value-added columns in the sessions of the window, by UAI.
pub(super) struct Window {
    /// Sessions of the window the file holds, oldest first.
    sessions: Vec<String>,
    /// `N`.
    n: usize,
    /// Per value-added column: its index among the parsed columns, then per session of
    /// `sessions` the value of each UAI.
    columns: Vec<(usize, Vec<FxHashMap<Text, f64>>)>,
}

/// The window of `n` sessions ending with `kept`, from the rows of every session of the file
/// (`uai`, `periods` and `cols` before the rows of other sessions are left out). `keys[j]` is the
/// canonical name of parsed column `j`. `None` when no column is a value added; a note says which
/// sessions of the window the file lacks.
pub(super) fn window(
    uai: &[Text],
    periods: &[Text],
    cols: &[Column],
    keys: &[Option<&str>],
    (kept, n): (&str, usize),
    notes: &mut Vec<String>,
) -> Option<Window> {
    let end: i64 = kept.parse().ok()?;
    let wanted: Vec<String> = (0..n as i64).rev().map(|k| (end - k).to_string()).collect();
    let held: Vec<String> = wanted
        .iter()
        .filter(|s| periods.iter().any(|p| p.as_str() == s.as_str()))
        .cloned()
        .collect();
    let va: Vec<(usize, &Vec<f64>)> = keys
        .iter()
        .zip(cols)
        .enumerate()
        .filter_map(|(j, (k, c))| match c {
            Column::Num(v) if k.is_some_and(|k| k.starts_with("va_")) => Some((j, v)),
            _ => None,
        })
        .collect();
    if va.is_empty() {
        return None;
    }
    if held.len() < wanted.len() {
        let lacking: Vec<&str> = wanted
            .iter()
            .filter(|s| !held.contains(s))
            .map(String::as_str)
            .collect();
        notes.push(format!(
            "mean over {n} sessions: session(s) {} not in the file, so the means are over {}",
            lacking.join(", "),
            held.join(", ")
        ));
    }
    let slot: FxHashMap<&str, usize> = held
        .iter()
        .enumerate()
        .map(|(k, s)| (s.as_str(), k))
        .collect();
    let columns = va
        .into_iter()
        .map(|(j, v)| {
            let mut maps: Vec<FxHashMap<Text, f64>> = vec![FxHashMap::default(); held.len()];
            for (i, p) in periods.iter().enumerate() {
                if let Some(&k) = slot.get(p.as_str()) {
                    // The first row of a UAI in a session, as for the session kept.
                    maps[k].entry(uai[i].clone()).or_insert(v[i]);
                }
            }
            (j, maps)
        })
        .collect();
    Some(Window {
        sessions: held,
        n,
        columns,
    })
}

impl Window {
    /// Add the per-session and mean columns to `table` (the rows of the session kept). `key_of(j)`
    /// and `header_of(j)` name parsed column `j` in the table and as written in the file.
    pub(super) fn apply(
        &self,
        table: &mut Table,
        file: &Arc<str>,
        key_of: impl Fn(usize) -> String,
        header_of: impl Fn(usize) -> (String, usize),
    ) {
        let span = match (self.sessions.first(), self.sessions.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
            (Some(a), _) => a.clone(),
            _ => String::new(),
        };
        for (j, maps) in &self.columns {
            let key = key_of(*j);
            let (header, position) = header_of(*j);
            let info = |header: String, canonical: String| ColumnInfo {
                file: file.clone(),
                header,
                position,
                canonical: Some(canonical),
                not_numeric: None,
            };
            let per: Vec<Vec<f64>> = maps
                .iter()
                .map(|m| {
                    table
                        .uai
                        .iter()
                        .map(|u| m.get(u).copied().unwrap_or(f64::NAN))
                        .collect()
                })
                .collect();
            let mean: Vec<f64> = (0..table.len())
                .map(|i| {
                    let v: Vec<f64> = per.iter().map(|c| c[i]).filter(|x| !x.is_nan()).collect();
                    if v.is_empty() {
                        f64::NAN
                    } else {
                        v.iter().sum::<f64>() / v.len() as f64
                    }
                })
                .collect();
            for (s, values) in self.sessions.iter().zip(per) {
                let name = format!("{key}_{s}");
                table.insert_column(
                    name.clone(),
                    Column::Num(values),
                    Some(info(format!("{header} (session {s})"), name)),
                );
            }
            let name = format!("{key}_mean{}", self.n);
            table.insert_column(
                name.clone(),
                Column::Num(mean),
                Some(info(format!("{header} (mean of sessions {span})"), name)),
            );
        }
    }
}

/// The sessions whose values a `…_mean<N>` column averages, as `(session, column)` pairs of `table`,
/// oldest first (empty when `name` is not such a column).
pub fn parts<'t>(table: &'t Table, name: &str) -> Vec<(&'t str, &'t str)> {
    let Some((base, n)) = name.rsplit_once("_mean") else {
        return Vec::new();
    };
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    // Called for every school's explanation: no allocation unless `name` is a mean column.
    let mut v: Vec<(&str, &str)> = table
        .columns
        .keys()
        .filter_map(|k| {
            let s = k.strip_prefix(base)?.strip_prefix('_')?;
            (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then_some((s, k.as_str()))
        })
        .collect();
    v.sort_unstable();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_leave_out_what_is_missing_and_name_the_sessions() {
        // Three sessions; school A has all three, B misses 2022 (ND), C only has 2024.
        let t = |v: &[&str]| v.iter().map(|s| Text::from(*s)).collect::<Vec<_>>();
        let uai = t(&["A", "B", "C", "A", "B", "A", "B", "C"]);
        let periods = t(&[
            "2022", "2022", "2022", "2023", "2023", "2024", "2024", "2024",
        ]);
        let va = Column::Num(vec![-3.0, f64::NAN, 9.0, 1.0, 4.0, 5.0, -2.0, 7.0]);
        let cols = vec![Column::Text(Vec::new()), va];
        let keys = [None, Some("va_success_rate")];
        let mut notes = Vec::new();
        let w = window(&uai, &periods, &cols, &keys, ("2024", 3), &mut notes).unwrap();
        assert!(notes.is_empty());
        // The table of the session kept (2024): A, B, C.
        let mut table = Table {
            uai: t(&["A", "B", "C"]),
            ..Default::default()
        };
        let file: Arc<str> = "ivac.csv".into();
        w.apply(
            &mut table,
            &file,
            |_| "va_success_rate".into(),
            |_| ("VA du taux de réussite G".into(), 5),
        );
        let col = |k: &str| table.num(k).unwrap().to_vec();
        let m = col("va_success_rate_mean3");
        // A: (−3 + 1 + 5)/3 = 1; B: (4 − 2)/2 = 1; C: (9 + 7)/2 = 8 (2023 absent for C).
        assert_eq!(m, vec![1.0, 1.0, 8.0]);
        assert!(col("va_success_rate_2022")[1].is_nan());
        assert_eq!(col("va_success_rate_2023")[0], 1.0);
        assert!(col("va_success_rate_2023")[2].is_nan());
        assert_eq!(
            table.info["va_success_rate_mean3"].header,
            "VA du taux de réussite G (mean of sessions 2022–2024)"
        );
        assert_eq!(
            parts(&table, "va_success_rate_mean3"),
            vec![
                ("2022", "va_success_rate_2022"),
                ("2023", "va_success_rate_2023"),
                ("2024", "va_success_rate_2024")
            ]
        );
        assert!(parts(&table, "va_success_rate").is_empty());
        // A window before the file's first session: said, and over what the file holds.
        let mut notes = Vec::new();
        let w = window(&uai, &periods, &cols, &keys, ("2023", 3), &mut notes).unwrap();
        assert_eq!(w.sessions, ["2022", "2023"]);
        assert!(
            notes[0].contains("session(s) 2021 not in the file"),
            "{notes:?}"
        );
        // No value-added column: nothing to do.
        assert!(window(
            &uai,
            &periods,
            &cols,
            &[None, Some("ips")],
            ("2024", 2),
            &mut notes
        )
        .is_none());
    }
}
