//! A comparison school for each followed school, nearest on the pre-entry values of the outcomes.
//!
//! # Algorithm
//! Features of a school entering at `g`: each outcome at each of the `m` sessions before `g`
//! (`g − m … g − 1`), standardised by the mean and population standard deviation of that outcome at
//! that session over the candidates (every school of the files that is not followed and has all the
//! features). Followed schools are taken in (entry, UAI) order; each takes the nearest candidate of
//! its own sector (public with public, private with private, when the files give sectors) not
//! already used (Euclidean distance on the standardised features; ties broken by UAI), without
//! replacement. With a [`Scope`] other than [`Scope::Anywhere`], the candidates are also of the
//! followed school's académie (or département) as the files give it: a comparison school facing the
//! same rectorate, the same allocation rules, the same local context. A followed school missing a
//! pre-entry value, or whose area the files do not give when one is asked, cannot be matched: it is
//! listed with the reason, never silently dropped.

use super::followed::Followed;
use super::panel::Panel;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Where comparison schools may come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Any school of the files (of the same sector).
    #[default]
    Anywhere,
    /// The followed school's académie.
    Academie,
    /// The followed school's département.
    Departement,
}

impl Scope {
    /// `anywhere`, `academie`, `departement` (the option's words).
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Anywhere => "anywhere",
            Scope::Academie => "academie",
            Scope::Departement => "departement",
        }
    }

    /// The area of each school for this scope (`None`: no restriction).
    fn areas(self, panel: &Panel) -> Option<&BTreeMap<String, String>> {
        match self {
            Scope::Anywhere => None,
            Scope::Academie => Some(&panel.academie),
            Scope::Departement => Some(&panel.departement),
        }
    }
}

/// Why a followed school has no comparison school (its English text is [`std::fmt::Display`]'s, as
/// in `unmatched.csv`; the report words it in its language).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Unmatched {
    /// The given matches file has no row for it.
    NotInMatches,
    /// A pre-entry value of an outcome is missing (the outcomes, the sessions matched on).
    MissingPreEntry {
        /// Outcomes matched on.
        outcomes: Vec<String>,
        /// First session matched on.
        from: i32,
        /// Last session matched on (`g − 1`).
        to: i32,
    },
    /// Matching within an area the files do not give for this school.
    NoArea(Scope),
    /// No candidate left (in its area, when one is asked: the scope and the area).
    NoneLeft(Option<(Scope, String)>),
}

impl std::fmt::Display for Unmatched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unmatched::NotInMatches => write!(f, "no comparison school in the matches file"),
            Unmatched::MissingPreEntry { outcomes, from, to } => write!(
                f,
                "a pre-entry value is missing ({} at sessions {from}–{to})",
                outcomes.join(", ")
            ),
            Unmatched::NoArea(s) => write!(f, "the files give no {} for this school", s.as_str()),
            Unmatched::NoneLeft(Some((s, a))) => {
                write!(f, "no candidate school left in its {} ({a})", s.as_str())
            }
            Unmatched::NoneLeft(None) => write!(f, "no candidate school left"),
        }
    }
}

/// A followed school and its comparison school.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    /// Followed school.
    pub followed: String,
    /// Comparison school.
    pub comparison: String,
    /// Entry session of the followed school.
    pub entry: i32,
    /// Distance on the standardised pre-entry outcomes (`None` when the pair was given).
    pub distance: Option<f64>,
}

/// Pairs from a given table (followed → comparison); followed schools without one are listed.
pub fn given(
    followed: &[Followed],
    comparisons: &BTreeMap<String, String>,
) -> (Vec<Pair>, Vec<(String, Unmatched)>) {
    let mut pairs = Vec::new();
    let mut unmatched = Vec::new();
    for f in followed {
        match comparisons.get(&f.uai) {
            Some(c) => pairs.push(Pair {
                followed: f.uai.clone(),
                comparison: c.clone(),
                entry: f.entry,
                distance: None,
            }),
            None => unmatched.push((f.uai.clone(), Unmatched::NotInMatches)),
        }
    }
    (pairs, unmatched)
}

/// The features of `uai` for entry `g`: `None` when one is missing.
fn features(panel: &Panel, uai: &str, outcomes: &[String], g: i32, m: usize) -> Option<Vec<f64>> {
    let mut v = Vec::with_capacity(outcomes.len() * m);
    for o in outcomes {
        for k in 1..=m as i32 {
            v.push(panel.value(uai, g - k, o)?);
        }
    }
    Some(v)
}

/// Match each followed school: see the module docs.
pub fn match_pre_entry(
    panel: &Panel,
    followed: &[Followed],
    outcomes: &[String],
    m: usize,
    scope: Scope,
) -> (Vec<Pair>, Vec<(String, Unmatched)>) {
    let areas = scope.areas(panel);
    let mut list = followed.to_vec();
    list.sort_by(|a, b| (a.entry, &a.uai).cmp(&(b.entry, &b.uai)));
    let excluded: BTreeSet<&str> = followed.iter().map(|f| f.uai.as_str()).collect();
    let schools: BTreeSet<&str> = panel.rows.iter().map(|r| r.uai.as_str()).collect();
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut pairs = Vec::new();
    let mut unmatched = Vec::new();
    // Candidates and their standardisation, per entry session.
    let entries: BTreeSet<i32> = list.iter().map(|f| f.entry).collect();
    for g in entries {
        let cands: Vec<(&str, Vec<f64>)> = schools
            .iter()
            .filter(|u| !excluded.contains(*u))
            .filter_map(|u| features(panel, u, outcomes, g, m).map(|f| (*u, f)))
            .collect();
        let d = outcomes.len() * m;
        let n = cands.len() as f64;
        let mean: Vec<f64> = (0..d)
            .map(|j| cands.iter().map(|c| c.1[j]).sum::<f64>() / n)
            .collect();
        let sd: Vec<f64> = (0..d)
            .map(|j| {
                let v = cands
                    .iter()
                    .map(|c| (c.1[j] - mean[j]).powi(2))
                    .sum::<f64>()
                    / n;
                if v > 0.0 {
                    v.sqrt()
                } else {
                    1.0
                }
            })
            .collect();
        let z = |f: &[f64]| -> Vec<f64> { (0..d).map(|j| (f[j] - mean[j]) / sd[j]).collect() };
        let cz: Vec<(&str, Vec<f64>)> = cands.iter().map(|(u, f)| (*u, z(f))).collect();
        for f in list.iter().filter(|f| f.entry == g) {
            let Some(x) = features(panel, &f.uai, outcomes, g, m) else {
                unmatched.push((
                    f.uai.clone(),
                    Unmatched::MissingPreEntry {
                        outcomes: outcomes.to_vec(),
                        from: g - m as i32,
                        to: g - 1,
                    },
                ));
                continue;
            };
            let x = z(&x);
            let sector = panel.sector.get(&f.uai);
            let area = areas.map(|a| a.get(&f.uai));
            if area == Some(None) {
                unmatched.push((f.uai.clone(), Unmatched::NoArea(scope)));
                continue;
            }
            let best = cz
                .iter()
                .filter(|(u, _)| !used.contains(*u))
                .filter(|(u, _)| sector.is_none() || panel.sector.get(*u) == sector)
                .filter(|(u, _)| match (areas, area) {
                    (Some(a), Some(want)) => a.get(*u) == want,
                    _ => true,
                })
                .map(|(u, c)| {
                    let dist = c
                        .iter()
                        .zip(&x)
                        .map(|(a, b)| (a - b).powi(2))
                        .sum::<f64>()
                        .sqrt();
                    (dist, *u)
                })
                // Nearest, ties by UAI (candidates come in UAI order; `<` keeps the first).
                .fold(None::<(f64, &str)>, |acc, c| match acc {
                    Some(a) if a.0 <= c.0 => Some(a),
                    _ => Some(c),
                });
            match best {
                Some((dist, u)) => {
                    used.insert(u.to_string());
                    pairs.push(Pair {
                        followed: f.uai.clone(),
                        comparison: u.to_string(),
                        entry: g,
                        distance: Some(dist),
                    });
                }
                None => unmatched.push((
                    f.uai.clone(),
                    Unmatched::NoneLeft(area.flatten().map(|a| (scope, a.clone()))),
                )),
            }
        }
    }
    (pairs, unmatched)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panel(v: &[(&str, i32, f64)]) -> Panel {
        let v: Vec<(&str, i32, Option<f64>)> = v.iter().map(|&(u, s, x)| (u, s, Some(x))).collect();
        super::super::panel::test_panel(&v, &|_| "ivac")
    }

    fn entering_2024(uai: &[&str]) -> Vec<Followed> {
        uai.iter()
            .map(|u| Followed {
                uai: u.to_string(),
                entry: 2024,
            })
            .collect()
    }

    #[test]
    fn nearest_without_replacement_ties_by_uai() {
        let p = panel(&[
            ("F1", 2022, 0.0),
            ("F1", 2023, 0.0),
            ("F2", 2022, 0.1),
            ("F2", 2023, 0.0),
            ("C1", 2022, 0.0),
            ("C1", 2023, 0.0),
            ("C2", 2022, 0.0),
            ("C2", 2023, 0.0),
            ("C3", 2022, 9.0),
            ("C3", 2023, 9.0),
        ]);
        let f = entering_2024(&["F1", "F2"]);
        let (pairs, unmatched) = match_pre_entry(&p, &f, &["va".into()], 2, Scope::Anywhere);
        assert!(unmatched.is_empty());
        // F1 ties between C1 and C2 (distance 0): C1 by UAI; F2 takes C2, C1 being used.
        assert_eq!(pairs[0].comparison, "C1");
        assert_eq!(pairs[1].comparison, "C2");
        assert_eq!(pairs[0].distance, Some(0.0));
    }

    #[test]
    fn comparison_schools_share_the_followed_school_sector() {
        let mut p = panel(&[
            ("F1", 2022, 0.0),
            ("F1", 2023, 0.0),
            ("C1", 2022, 0.0),
            ("C1", 2023, 0.0),
            ("C2", 2022, 1.0),
            ("C2", 2023, 1.0),
        ]);
        p.sector = [("F1", "public"), ("C1", "private"), ("C2", "public")]
            .iter()
            .map(|(u, s)| (u.to_string(), s.to_string()))
            .collect();
        let f = entering_2024(&["F1"]);
        let (pairs, _) = match_pre_entry(&p, &f, &["va".into()], 2, Scope::Anywhere);
        // C1 is nearer but private: the public C2 is the comparison school.
        assert_eq!(pairs[0].comparison, "C2");
    }

    #[test]
    fn within_the_academie_the_nearest_of_the_same_academie() {
        let mut p = panel(&[
            ("F1", 2022, 0.0),
            ("F1", 2023, 0.0),
            ("F2", 2022, 0.0),
            ("F2", 2023, 0.0),
            ("C1", 2022, 0.0),
            ("C1", 2023, 0.0),
            ("C2", 2022, 3.0),
            ("C2", 2023, 3.0),
        ]);
        p.academie = [("F1", "RENNES"), ("C1", "NANTES"), ("C2", "RENNES")]
            .iter()
            .map(|(u, s)| (u.to_string(), s.to_string()))
            .collect();
        let f = entering_2024(&["F1", "F2"]);
        let (pairs, unmatched) = match_pre_entry(&p, &f, &["va".into()], 2, Scope::Academie);
        // C1 is nearer but in NANTES: F1 (RENNES) takes C2; F2 has no académie in the files.
        assert_eq!(pairs.len(), 1);
        assert_eq!(
            (pairs[0].followed.as_str(), pairs[0].comparison.as_str()),
            ("F1", "C2")
        );
        assert_eq!(unmatched[0].0, "F2");
        assert!(
            unmatched[0].1.to_string().contains("no academie"),
            "{unmatched:?}"
        );
        // Anywhere, F1 takes C1.
        let (pairs, _) = match_pre_entry(&p, &f, &["va".into()], 2, Scope::Anywhere);
        assert_eq!(pairs[0].comparison, "C1");
        // RENNES holds one candidate: a second RENNES school finds none left, and says where.
        p.academie.insert("F2".into(), "RENNES".into());
        let (_, unmatched) = match_pre_entry(&p, &f, &["va".into()], 2, Scope::Academie);
        assert!(
            unmatched[0].1.to_string().contains("academie (RENNES)"),
            "{unmatched:?}"
        );
    }

    #[test]
    fn a_school_without_pre_entry_values_is_listed() {
        let p = panel(&[("F1", 2023, 0.0), ("C1", 2022, 0.0), ("C1", 2023, 0.0)]);
        let f = entering_2024(&["F1"]);
        let (pairs, unmatched) = match_pre_entry(&p, &f, &["va".into()], 2, Scope::Anywhere);
        assert!(pairs.is_empty());
        assert!(
            unmatched[0].1.to_string().contains("2022–2023"),
            "{unmatched:?}"
        );
    }
}
