//! Keeping the schools of a territory or sector (e.g. académie de Nantes, public collèges).

use super::load::Problem;
use super::table::{Table, Text};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Row filters; empty lists keep everything. Comparisons ignore case.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Filter {
    /// Académies kept (e.g. `NANTES`).
    #[serde(default)]
    pub academie: Vec<String>,
    /// Départements kept (codes, normalised: `44`, `2A`, `971`).
    #[serde(default)]
    pub departement: Vec<String>,
    /// Sector kept: `public` or `private`.
    #[serde(default)]
    pub sector: Option<String>,
}

impl Filter {
    /// Is the filter empty?
    pub fn is_empty(&self) -> bool {
        self.academie.is_empty() && self.departement.is_empty() && self.sector.is_none()
    }

    /// Keep matching rows; the others are returned as exclusions with their reason.
    pub fn apply(&self, table: &Table) -> (Table, Vec<Problem>) {
        if self.is_empty() {
            return (table.clone(), Vec::new());
        }
        let (keep, out) = self.split(table);
        (table.take(&keep), out)
    }

    /// [`Self::apply`] on a table given away: the kept rows are moved, not copied.
    pub fn apply_owned(&self, mut table: Table) -> (Table, Vec<Problem>) {
        if self.is_empty() {
            return (table, Vec::new());
        }
        let (keep, out) = self.split(&table);
        table.retain_rows(&keep);
        (table, out)
    }

    /// Rows kept (ascending) and the exclusions: fixed chunks of rows in parallel, in order.
    fn split(&self, table: &Table) -> (Vec<usize>, Vec<Problem>) {
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
        (keep, out)
    }
}

/// A filter made ready for a table: its columns, normalised départements, and one shared reason per
/// criterion (a national file may exclude hundreds of thousands of rows).
struct Check<'a> {
    filter: &'a Filter,
    table: &'a Table,
    academie: Option<&'a [Text]>,
    departement: Option<&'a [Text]>,
    sector: Option<&'a [Text]>,
    deps: Vec<String>,
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
            .map(|d| super::normalize::departement(d).map_or_else(|_| d.clone(), |t| t.to_string()))
            .collect();
        Check {
            filter,
            table,
            academie: table.text("academie"),
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
            path: table.path.as_str().into(),
        }
    }

    /// Why row `i` is excluded (`None`: kept).
    fn exclusion(&self, i: usize) -> Option<Problem> {
        let f = self.filter;
        let at = |col: Option<&'a [Text]>| col.map_or("", |v| v[i].as_str());
        let (aca, dep, sec) = (at(self.academie), at(self.departement), at(self.sector));
        let (column, value, reason) =
            if !f.academie.is_empty() && !f.academie.iter().any(|a| a.eq_ignore_ascii_case(aca)) {
                ("academie", aca, &self.why_aca)
            } else if !self.deps.is_empty() && !self.deps.iter().any(|d| d == dep) {
                ("departement", dep, &self.why_dep)
            } else if f
                .sector
                .as_ref()
                .is_some_and(|s| !s.eq_ignore_ascii_case(sec))
            {
                ("sector", sec, &self.why_sec)
            } else {
                return None;
            };
        Some(Problem {
            path: self.path.clone(),
            line: self.table.line[i],
            unit: self.table.unit,
            column: Some(column.into()),
            uai: Some(self.table.uai[i].clone()),
            value: Some(value.into()),
            reason: reason.clone(),
        })
    }
}
