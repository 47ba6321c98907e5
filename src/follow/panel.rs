//! The panel of the followed schools: one row per school × session × indicator, long format, each
//! value with its source file and, when there is none, why.
//!
//! # Parameters
//! Official files of several vintages (each multi-year file is read once per period it holds: IVAC
//! sessions, IPS school years), the schools to follow (followed and comparison UAIs) and the
//! indicators (any name a file answers to: `va_success_rate`, `VA du taux de réussite G`, `ips`).
//!
//! # Returns
//! [`Panel`]: rows sorted by UAI, session, indicator; every school has a row for every session of
//! every file giving the indicator, with `status` `value`, `not published` (the school is in that
//! session's file, the cell is empty or `NS`) or `absent` (the school is not in that session's file:
//! closed, merged, new UAI, not in the population that year). School years map to the session that
//! ends them (`2022-2023` → 2023), as IVAC session N pairs with IPS (N−1)-N. `breaks`: where the
//! source of an indicator changes series (another dataset preset from one session to the next), no
//! trajectory or estimate crosses it.
//!
//! # Errors
//! An indicator that no file gives ([`Error::UnknownColumn`], columns of the files listed); every
//! loading error of [`crate::data::load`].

use super::did::Break;
use crate::data::{load, LoadOptions, Table};
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One cell of the panel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelRow {
    /// School.
    pub uai: String,
    /// Session (school years by their last year).
    pub session: i32,
    /// Indicator (the name the user gave).
    pub indicator: String,
    /// Value, when published.
    pub value: Option<f64>,
    /// `value`, `not published` or `absent`.
    pub status: &'static str,
    /// File the value comes from (its name).
    pub source: String,
    /// Dataset preset of that file (its series).
    pub series: String,
}

/// The long panel and the series breaks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Panel {
    /// Rows, sorted by UAI, session, indicator.
    pub rows: Vec<PanelRow>,
    /// Sessions seen, increasing.
    pub sessions: Vec<i32>,
    /// Per indicator, where its series changes.
    pub breaks: BTreeMap<String, Vec<Break>>,
    /// Sector of each school (`public` / `private`) as the files give it (the latest session's),
    /// for comparing schools of the same sector only.
    #[serde(skip)]
    pub sector: BTreeMap<String, String>,
    /// Académie of each school as the files give it (the latest session's): the area of the
    /// dashboards' reference band and of matching within the académie.
    #[serde(skip)]
    pub academie: BTreeMap<String, String>,
    /// Département of each school (code, the latest session's), for matching within the département.
    #[serde(skip)]
    pub departement: BTreeMap<String, String>,
    /// Name of each school (the latest session's), for the dashboards' titles.
    #[serde(skip)]
    pub name: BTreeMap<String, String>,
}

impl Panel {
    /// Value of `uai` at `session` for `indicator` (`None`: missing or absent).
    pub fn value(&self, uai: &str, session: i32, indicator: &str) -> Option<f64> {
        self.rows
            .binary_search_by(|r| {
                (r.uai.as_str(), r.session, r.indicator.as_str()).cmp(&(uai, session, indicator))
            })
            .ok()
            .and_then(|i| self.rows[i].value)
    }

    /// The stretch of `indicator`'s series `session` lies in: 0 before its first break, 1 after it…
    /// Values of two different stretches are never compared, averaged together or joined by a line.
    pub fn segment(&self, indicator: &str, session: i32) -> usize {
        self.breaks
            .get(indicator)
            .map_or(0, |b| b.iter().filter(|k| k.after <= session).count())
    }

    /// The series of each (indicator, session) the panel holds.
    pub fn series_of(&self) -> BTreeMap<(&str, i32), &str> {
        self.rows
            .iter()
            .map(|r| ((r.indicator.as_str(), r.session), r.series.as_str()))
            .collect()
    }

    /// Every session's value of `uai` for `indicator`.
    pub fn series(&self, uai: &str, indicator: &str) -> BTreeMap<i32, Option<f64>> {
        self.sessions
            .iter()
            .map(|&s| (s, self.value(uai, s, indicator)))
            .collect()
    }
}

/// `2022-2023` → 2023, `2023` → 2023.
pub fn session_of(period: &str) -> Option<i32> {
    period.rsplit('-').next()?.trim().parse().ok()
}

/// The series of a value: its dataset preset, and for the IPS the method of the school year — the
/// DEPP's `ap2022` series (school year 2022-2023) and `ap2023` series (from 2023-2024) are computed
/// differently, and the older IPS (before 2022-2023) is another dataset (`ips-legacy`). A change of
/// series between two sessions is a break: no trajectory or estimate crosses it.
pub fn series(dataset: &str, session: i32) -> String {
    if dataset.starts_with("ips-") && dataset != "ips-legacy" {
        let method = if session <= 2023 { "ap2022" } else { "ap2023" };
        format!("{dataset} ({method})")
    } else {
        dataset.to_string()
    }
}

/// One period of one file, loaded.
struct Slice {
    session: i32,
    source: String,
    series: String,
    table: Table,
}

fn slices(path: &Path, opts: &LoadOptions) -> Result<Vec<Slice>> {
    let (table, report) = load(path, opts)?;
    let source = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The first load kept one period (the latest, or the one asked for): it is reused for that period,
    // and each other period is read with the period itself selecting the rows (a session or a school
    // year alike).
    let mut first = Some((report.period.clone(), table, report.dataset.clone()));
    let periods = if report.periods.is_empty() {
        report.period.iter().cloned().collect()
    } else {
        report.periods.clone()
    };
    let mut out = Vec::new();
    for p in &periods {
        let Some(session) = session_of(p) else {
            continue;
        };
        let (table, dataset) = match first.take() {
            Some((Some(kept), t, d)) if &kept == p => (t, d),
            other => {
                first = other;
                let mut o = opts.clone();
                o.year = Some(p.clone());
                o.session = Some(p.clone());
                let (t, r) = load(path, &o)?;
                (t, r.dataset)
            }
        };
        out.push(Slice {
            session,
            source: source.clone(),
            series: series(&dataset, session),
            table,
        });
    }
    Ok(out)
}

/// The files of a follow-up, each read once per period it holds: the panel of any schools and
/// indicators is built from them without reading a file again.
pub struct Sources {
    slices: Vec<Slice>,
}

impl Sources {
    /// Read every period of every file.
    ///
    /// # Errors
    /// Every loading error of [`crate::data::load`].
    pub fn read(files: &[PathBuf], opts: &LoadOptions) -> Result<Self> {
        let mut slices = Vec::new();
        for f in files {
            slices.extend(self::slices(f, opts)?);
        }
        Ok(Sources { slices })
    }

    /// The numeric columns of the files, each once, sorted (what an outcome or indicator may name,
    /// besides the other names a file answers to).
    pub fn numeric_columns(&self) -> Vec<String> {
        let names: BTreeSet<&String> = self
            .slices
            .iter()
            .flat_map(|s| {
                s.table
                    .columns
                    .iter()
                    .filter(|(_, c)| matches!(c, crate::data::Column::Num(_)))
                    .map(|(k, _)| k)
            })
            .collect();
        names.into_iter().cloned().collect()
    }

    /// The first of `names` that no file gives as a numeric column.
    pub fn first_unknown<'a>(&self, names: &'a [String]) -> Option<&'a String> {
        names.iter().find(|n| {
            !self
                .slices
                .iter()
                .any(|s| s.table.resolve_numeric(n).is_ok())
        })
    }

    /// The numeric columns in a message: each once, at most about `max` characters of names (whole
    /// names), then how many more.
    pub fn numeric_columns_shown(&self, max: usize) -> String {
        let all = self.numeric_columns();
        let mut out = String::new();
        for (i, n) in all.iter().enumerate() {
            let n = crate::text::quote(n);
            if !out.is_empty() && out.len() + n.len() + 2 > max {
                return format!("{out}, … ({} more)", all.len() - i);
            }
            if !out.is_empty() {
                out.push_str(", ");
            }
            out.push_str(&n);
        }
        if out.is_empty() {
            "none".into()
        } else {
            out
        }
    }

    /// Every UAI of every period (the candidates for matching), sorted.
    pub fn schools(&self) -> BTreeSet<String> {
        self.slices
            .iter()
            .flat_map(|s| s.table.uai.iter().map(|u| u.to_string()))
            .collect()
    }

    /// Build the panel of `schools` for `indicators`: see the module docs.
    ///
    /// # Errors
    /// An indicator no file gives ([`Error::UnknownColumn`]).
    pub fn panel(&self, schools: &BTreeSet<String>, indicators: &[String]) -> Result<Panel> {
        build(&self.slices, schools, indicators)
    }
}

fn build(all: &[Slice], schools: &BTreeSet<String>, indicators: &[String]) -> Result<Panel> {
    let mut rows = Vec::new();
    let mut sessions = BTreeSet::new();
    let mut breaks = BTreeMap::new();
    let mut by_time: Vec<&Slice> = all.iter().collect();
    by_time.sort_by_key(|s| s.session);
    // A text column of each school, the latest session's value winning.
    let latest = |column: &str| {
        let mut m = BTreeMap::new();
        for s in &by_time {
            if let Some(col) = s.table.text(column) {
                for (u, v) in s.table.uai.iter().zip(col) {
                    if schools.contains(u.as_str()) && !v.is_empty() {
                        m.insert(u.to_string(), v.to_string());
                    }
                }
            }
        }
        m
    };
    let sector = latest("sector");
    let academie = latest("academie");
    let departement = latest("departement");
    let name = latest("name");
    for ind in indicators {
        // The slices giving this indicator, by session (the first file listed wins a session).
        let mut by_session: BTreeMap<i32, (&Slice, String)> = BTreeMap::new();
        for s in all {
            if let Ok(key) = s.table.resolve_numeric(ind) {
                by_session.entry(s.session).or_insert((s, key));
            }
        }
        if by_session.is_empty() {
            // Each column once, however many files and periods hold it.
            let columns: BTreeSet<&String> =
                all.iter().flat_map(|s| s.table.columns.keys()).collect();
            return Err(Error::UnknownColumn {
                name: ind.clone(),
                available: columns
                    .into_iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        let mut last: Option<&str> = None;
        let mut bk = Vec::new();
        for (&session, (s, key)) in &by_session {
            sessions.insert(session);
            if let Some(prev) = last {
                if prev != s.series {
                    bk.push(Break {
                        after: session,
                        what: format!("{prev} → {}", s.series),
                    });
                }
            }
            last = Some(&s.series);
            let index: BTreeMap<&str, usize> = s
                .table
                .uai
                .iter()
                .enumerate()
                .map(|(i, u)| (u.as_str(), i))
                .collect();
            let values = s.table.num(key).unwrap_or(&[]);
            for u in schools {
                let (value, status) = match index.get(u.as_str()) {
                    Some(&i) => match values.get(i).copied().filter(|v| v.is_finite()) {
                        Some(v) => (Some(v), "value"),
                        None => (None, "not published"),
                    },
                    None => (None, "absent"),
                };
                rows.push(PanelRow {
                    uai: u.clone(),
                    session,
                    indicator: ind.clone(),
                    value,
                    status,
                    source: s.source.clone(),
                    series: s.series.clone(),
                });
            }
        }
        if !bk.is_empty() {
            breaks.insert(ind.clone(), bk);
        }
    }
    rows.sort_by(|a, b| {
        (a.uai.as_str(), a.session, a.indicator.as_str()).cmp(&(
            b.uai.as_str(),
            b.session,
            b.indicator.as_str(),
        ))
    });
    Ok(Panel {
        rows,
        sessions: sessions.into_iter().collect(),
        breaks,
        sector,
        academie,
        departement,
        name,
    })
}

/// A panel of one indicator `va` for the tests: (UAI, session, value) rows, `None` = absent, the
/// series of each session given by `series`.
#[cfg(test)]
pub(crate) fn test_panel(
    v: &[(&str, i32, Option<f64>)],
    series: &dyn Fn(i32) -> &'static str,
) -> Panel {
    let mut rows: Vec<PanelRow> = v
        .iter()
        .map(|&(u, s, x)| PanelRow {
            uai: u.into(),
            session: s,
            indicator: "va".into(),
            value: x,
            status: if x.is_some() { "value" } else { "absent" },
            source: "f.csv".into(),
            series: series(s).into(),
        })
        .collect();
    rows.sort_by(|a, b| (&a.uai, a.session).cmp(&(&b.uai, b.session)));
    let sessions: BTreeSet<i32> = rows.iter().map(|r| r.session).collect();
    Panel {
        rows,
        sessions: sessions.into_iter().collect(),
        breaks: BTreeMap::new(),
        sector: BTreeMap::new(),
        academie: BTreeMap::new(),
        departement: BTreeMap::new(),
        name: BTreeMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ips_series_change_with_the_method_other_datasets_with_the_preset() {
        assert_eq!(series("ips-colleges", 2023), "ips-colleges (ap2022)");
        assert_eq!(series("ips-colleges", 2024), "ips-colleges (ap2023)");
        assert_eq!(series("ips-legacy", 2021), "ips-legacy");
        assert_eq!(series("ivac", 2024), "ivac");
    }

    #[test]
    fn school_years_map_to_the_session_that_ends_them() {
        assert_eq!(session_of("2022-2023"), Some(2023));
        assert_eq!(session_of("2024"), Some(2024));
        assert_eq!(session_of("n/a"), None);
    }
}
