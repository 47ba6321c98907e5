//! Keeping the schools of a territory or sector (e.g. académie de Nantes, public collèges).

use super::load::Problem;
use super::table::{Table, Text};
use super::territory;
use crate::error::{Error, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Row filters; empty lists keep everything; `sector = "all"` keeps both sectors. Territories are compared as territories, not as text:
/// an académie by its label or code in any case or spelling (`nantes`, `Nantes`, `17`), a département
/// by its code or name (`44`, `044`, `Loire-Atlantique`), see [`territory`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// Académies kept (e.g. `NANTES`).
    #[serde(default)]
    pub academie: Vec<String>,
    /// Départements kept (codes, normalised: `44`, `2A`, `971`).
    #[serde(default)]
    pub departement: Vec<String>,
    /// Sector kept: `public`, `private` or `all`. In a run configuration a `[filter]` without it keeps
    /// the public schools, as `run` does from flags (CLA and éducation prioritaire are public schemes).
    #[serde(default = "public")]
    pub sector: Option<String>,
}

/// The sector a `[filter]` without `sector` keeps.
fn public() -> Option<String> {
    Some("public".into())
}

impl Filter {
    /// The sector kept, if one (`all` keeps both).
    pub fn sector(&self) -> Option<&str> {
        self.sector.as_deref().filter(|s| *s != "all")
    }

    /// Is the filter empty?
    pub fn is_empty(&self) -> bool {
        self.academie.is_empty() && self.departement.is_empty() && self.sector().is_none()
    }

    /// Keep matching rows; the others are returned as exclusions with their reason.
    ///
    /// # Errors
    /// [`Error::Usage`] when the filter leaves no school of a non-empty table: the message names the
    /// filter and lists the values the inputs hold, closest to the one asked for first.
    pub fn apply(&self, table: &Table) -> Result<(Table, Vec<Problem>)> {
        if self.is_empty() {
            return Ok((table.clone(), Vec::new()));
        }
        let (keep, out) = self.split(table)?;
        Ok((table.take(&keep), out))
    }

    /// [`Self::apply`] on a table given away: the kept rows are moved, not copied.
    pub fn apply_owned(&self, mut table: Table) -> Result<(Table, Vec<Problem>)> {
        if self.is_empty() {
            return Ok((table, Vec::new()));
        }
        let (keep, out) = self.split(&table)?;
        table.retain_rows(&keep);
        Ok((table, out))
    }

    /// Rows kept (ascending) and the exclusions: fixed chunks of rows in parallel, in order.
    fn split(&self, table: &Table) -> Result<(Vec<usize>, Vec<Problem>)> {
        let check = Check::new(self, table);
        const CHUNK: usize = 16_384;
        let parts: Vec<(Vec<usize>, Vec<Problem>)> = (0..table.len().div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                let mut keep = Vec::with_capacity(CHUNK);
                let mut out = Vec::new();
                for i in c * CHUNK..((c + 1) * CHUNK).min(table.len()) {
                    match check.exclusion(i) {
                        None => keep.push(i),
                        Some(p) => out.push(p),
                    }
                }
                (keep, out)
            })
            .collect();
        let mut keep = Vec::with_capacity(table.len());
        let mut out = Vec::new();
        for (k, o) in parts {
            keep.extend(k);
            out.extend(o);
        }
        if keep.is_empty() && !table.is_empty() {
            return Err(check.nothing_left());
        }
        Ok((keep, out))
    }
}

/// A filter made ready for a table: its columns, the territories asked for in the stored form
/// (académie labels, département codes), the académie match of each distinct stored value, and one
/// shared reason per criterion (a national file may exclude hundreds of thousands of rows).
struct Check<'a> {
    filter: &'a Filter,
    table: &'a Table,
    /// Dictionary code of each row's académie, and whether each distinct académie is kept.
    academie: Option<(Vec<u32>, Vec<bool>)>,
    departement: Option<&'a [Text]>,
    sector: Option<&'a [Text]>,
    deps: Vec<String>,
    sector_wanted: Option<String>,
    /// The académie, département and sector columns as written in their files (a user's `acad`).
    headers: [Text; 3],
    path: Arc<str>,
    why_aca: Arc<str>,
    why_dep: Arc<str>,
    why_sec: Arc<str>,
}

impl<'a> Check<'a> {
    fn new(filter: &'a Filter, table: &'a Table) -> Self {
        let deps: Vec<String> = filter
            .departement
            .iter()
            .map(|d| {
                territory::departement_code(d)
                    .map_or_else(|| d.trim().to_string(), |t| t.to_string())
            })
            .collect();
        let wanted: Vec<String> = filter
            .academie
            .iter()
            .map(|a| territory::academie_wanted(a))
            .collect();
        let academie = (!filter.academie.is_empty())
            .then(|| table.text("academie"))
            .flatten()
            .map(|col| {
                let (codes, values) = super::table::dictionary(col);
                let ok = values
                    .iter()
                    .map(|v| wanted.iter().any(|w| territory::academie_is(v, w)))
                    .collect();
                (codes, ok)
            });
        let sector_wanted = filter.sector().map(|s| {
            super::normalize::sector(s).map_or_else(|_| s.trim().to_lowercase(), str::to_string)
        });
        Check {
            filter,
            table,
            academie,
            departement: table.text("departement"),
            sector: table.text("sector"),
            why_aca: format!("excluded by filter: académie not in {:?}", filter.academie).into(),
            why_dep: format!("excluded by filter: département not in {deps:?}").into(),
            why_sec: format!(
                "excluded by filter: sector is not {}",
                filter.sector.as_deref().unwrap_or("")
            )
            .into(),
            deps,
            sector_wanted,
            headers: ["academie", "departement", "sector"].map(|c| {
                Text::from(
                    table
                        .key(c)
                        .and_then(|k| table.info.get(k))
                        .map_or(c, |i| i.header.as_str()),
                )
            }),
            path: table.path.as_str().into(),
        }
    }

    fn academie_ok(&self, i: usize) -> bool {
        self.filter.academie.is_empty()
            || self
                .academie
                .as_ref()
                .is_some_and(|(codes, ok)| ok[codes[i] as usize])
    }

    fn departement_ok(&self, dep: &str) -> bool {
        self.deps.is_empty() || self.deps.iter().any(|d| d == dep)
    }

    fn sector_ok(&self, sec: &str) -> bool {
        self.sector_wanted
            .as_ref()
            .is_none_or(|s| s.eq_ignore_ascii_case(sec))
    }

    /// Why row `i` is excluded (`None`: kept).
    fn exclusion(&self, i: usize) -> Option<Problem> {
        let at = |col: Option<&'a [Text]>| col.map_or("", |v| v[i].as_str());
        let (dep, sec) = (at(self.departement), at(self.sector));
        let (column, value, reason) = if !self.academie_ok(i) {
            (0, self.table.str("academie", i), &self.why_aca)
        } else if !self.departement_ok(dep) {
            (1, dep, &self.why_dep)
        } else if !self.sector_ok(sec) {
            (2, sec, &self.why_sec)
        } else {
            return None;
        };
        Some(Problem {
            path: self.path.clone(),
            line: self.table.line[i],
            unit: self.table.unit,
            column: Some(self.headers[column].clone()),
            uai: Some(self.table.uai[i].clone()),
            value: Some(value.into()),
            reason: reason.clone(),
        })
    }

    /// The error when no row is left: which filter, and the values that exist (closest first).
    fn nothing_left(&self) -> Error {
        let n = self.table.len();
        let f = self.filter;
        let distinct = |col: &str| -> Vec<&'a str> {
            let set: std::collections::BTreeSet<&str> = self
                .table
                .text(col)
                .map(|v| {
                    v.iter()
                        .map(|x| x.as_str())
                        .filter(|x| !x.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            set.into_iter().collect()
        };
        let explain = |what: &str, flag: &str, asked: &[String], col: &str, values: Vec<&str>| {
            let asked = asked.join(", ");
            if self.table.text(col).is_none() {
                return format!(
                    "the {what} filter ({flag} {}) leaves none of the {n} schools: the inputs have no {what} column; drop the filter or add a file that has one",
                    crate::text::quote(&asked)
                );
            }
            let sorted = territory::closest_first(&asked, &values);
            let shown: Vec<String> = sorted
                .iter()
                .map(|v| match (col, territory::departement_name(v)) {
                    ("departement", Some(name)) => format!("{v} ({name})"),
                    _ => v.to_string(),
                })
                .collect();
            let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
            format!(
                "the {what} filter ({flag} {}) leaves none of the {n} schools; the inputs hold {} {what} value(s), closest first: {}",
                crate::text::quote(&asked),
                values.len(),
                territory::list_some(&shown, 15)
            )
        };
        let any = |ok: &dyn Fn(usize) -> bool| (0..n).any(ok);
        let at = |col: Option<&'a [Text]>, i: usize| col.map_or("", |v| v[i].as_str());
        let msg = if !f.academie.is_empty() && !any(&|i| self.academie_ok(i)) {
            explain(
                "académie",
                "--academie",
                &f.academie,
                "academie",
                distinct("academie"),
            )
        } else if !self.deps.is_empty() && !any(&|i| self.departement_ok(at(self.departement, i))) {
            explain(
                "département",
                "--departement",
                &f.departement,
                "departement",
                distinct("departement"),
            )
        } else if f.sector().is_some() && !any(&|i| self.sector_ok(at(self.sector, i))) {
            explain(
                "sector",
                "--sector",
                std::slice::from_ref(f.sector.as_ref().unwrap_or(&String::new())),
                "sector",
                distinct("sector"),
            )
        } else {
            format!(
                "the filters (académie {:?}, département {:?}, sector {:?}) together leave none of the {n} schools, although each alone keeps some: loosen one of them",
                f.academie, f.departement, f.sector
            )
        };
        Error::Usage(msg)
    }
}
