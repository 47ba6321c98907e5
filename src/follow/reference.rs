//! The reference a followed school's dashboard is drawn against: per area (its académie), indicator
//! and session, the median and the inter-quartile band of every school of the files in that area.
//!
//! # Parameters
//! The panel of every school of the files (not only the followed ones), the areas wanted (académie
//! names as the files give them; [`ALL`] for every school, the area of a school whose académie the
//! files do not give) and the indicators.
//!
//! # Returns
//! [`Reference`]s sorted by area, indicator, session: `n` schools with a value, the quartiles
//! `q1`, `median`, `q3` (R's type 7, as the selection's thresholds).

use super::panel::Panel;
use crate::select::context::quantile;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The area of every school of the files (for a school whose académie is unknown).
pub const ALL: &str = "";

/// The distribution of an indicator in an area at a session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reference {
    /// Académie ([`ALL`]: every school of the files).
    pub area: String,
    /// Indicator.
    pub indicator: String,
    /// Session.
    pub session: i32,
    /// Schools with a value.
    pub n: usize,
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
}

/// The area of `uai`'s dashboard: its académie, or [`ALL`].
pub fn area_of<'a>(panel: &'a Panel, uai: &str) -> &'a str {
    panel.academie.get(uai).map_or(ALL, String::as_str)
}

/// The references of `areas`: see the module docs.
pub fn references(full: &Panel, areas: &BTreeSet<String>, indicators: &[String]) -> Vec<Reference> {
    let wanted: BTreeSet<&str> = indicators.iter().map(String::as_str).collect();
    let mut cells: BTreeMap<(&str, &str, i32), Vec<f64>> = BTreeMap::new();
    for r in &full.rows {
        let Some(v) = r.value else { continue };
        if !wanted.contains(r.indicator.as_str()) {
            continue;
        }
        let area = area_of(full, &r.uai);
        for a in [area, ALL] {
            if areas.contains(a) {
                cells
                    .entry((a, r.indicator.as_str(), r.session))
                    .or_default()
                    .push(v);
            }
            if a == ALL {
                break;
            }
        }
    }
    cells
        .into_iter()
        .map(|((area, indicator, session), mut v)| {
            v.sort_by(f64::total_cmp);
            Reference {
                area: area.to_string(),
                indicator: indicator.to_string(),
                session,
                n: v.len(),
                q1: quantile(&v, 0.25),
                median: quantile(&v, 0.5),
                q3: quantile(&v, 0.75),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::panel::PanelRow;
    use super::*;

    #[test]
    fn quartiles_per_academie_and_over_every_school() {
        let row = |u: &str, v: Option<f64>| PanelRow {
            uai: u.into(),
            session: 2024,
            indicator: "va".into(),
            value: v,
            status: "value",
            source: "f.csv".into(),
            series: "ivac".into(),
        };
        let mut p = Panel {
            rows: vec![
                row("A1", Some(1.0)),
                row("A2", Some(2.0)),
                row("A3", Some(3.0)),
                row("A4", Some(4.0)),
                row("A5", None),
                row("B1", Some(10.0)),
                row("X1", Some(20.0)),
            ],
            sessions: vec![2024],
            breaks: BTreeMap::new(),
            sector: BTreeMap::new(),
            academie: BTreeMap::new(),
            departement: BTreeMap::new(),
            name: BTreeMap::new(),
        };
        for u in ["A1", "A2", "A3", "A4", "A5"] {
            p.academie.insert(u.into(), "NANTES".into());
        }
        p.academie.insert("B1".into(), "RENNES".into());
        let areas: BTreeSet<String> = ["NANTES".to_string(), ALL.to_string()].into();
        let r = references(&p, &areas, &["va".into()]);
        assert_eq!(r.len(), 2);
        // Every school: 1, 2, 3, 4, 10, 20 → type 7: q1 = 2.25, median 3.5, q3 = 8.5.
        assert_eq!((r[0].area.as_str(), r[0].n), (ALL, 6));
        assert_eq!((r[0].q1, r[0].median, r[0].q3), (2.25, 3.5, 8.5));
        // NANTES: 1, 2, 3, 4 (A5 not published) → 1.75, 2.5, 3.25.
        assert_eq!((r[1].area.as_str(), r[1].n), ("NANTES", 4));
        assert_eq!((r[1].q1, r[1].median, r[1].q3), (1.75, 2.5, 3.25));
        assert_eq!(area_of(&p, "X1"), ALL);
    }
}
