//! Keeping the schools of a territory or sector (e.g. académie de Nantes, public collèges).

use super::load::Problem;
use super::table::Table;
use serde::{Deserialize, Serialize};

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
        let deps: Vec<String> = self
            .departement
            .iter()
            .map(|d| super::normalize::departement(d).unwrap_or_else(|_| d.clone()))
            .collect();
        let mut keep = Vec::new();
        let mut out = Vec::new();
        for i in 0..table.len() {
            let mut why = None;
            let aca = table.get("academie", i);
            if !self.academie.is_empty()
                && !self.academie.iter().any(|a| a.eq_ignore_ascii_case(&aca))
            {
                why = Some((
                    "academie",
                    aca,
                    format!("académie not in {:?}", self.academie),
                ));
            }
            let dep = table.get("departement", i);
            if why.is_none() && !deps.is_empty() && !deps.contains(&dep) {
                why = Some(("departement", dep, format!("département not in {deps:?}")));
            }
            let sec = table.get("sector", i);
            if let Some(s) = &self.sector {
                if why.is_none() && !s.eq_ignore_ascii_case(&sec) {
                    why = Some(("sector", sec, format!("sector is not {s}")));
                }
            }
            match why {
                None => keep.push(i),
                Some((col, value, reason)) => out.push(Problem {
                    path: table.path.clone(),
                    line: table.line[i],
                    column: Some(col.into()),
                    uai: Some(table.uai[i].clone()),
                    value: Some(value),
                    reason: format!("excluded by filter: {reason}"),
                }),
            }
        }
        (table.take(&keep), out)
    }
}
