//! The school levels and their built-in selections (`--preset ecoles|colleges|lycees-gt|lycees-pro`).
//!
//! Each level has its official files, its indicators (the PCA's active variables), the IPS column
//! that orients axis 1, and a selection spec:
//!
//! | level | files | indicators | eligible (all of) | territory | score | orphans |
//! |---|---|---|---|---|---|---|
//! | écoles | IPS écoles (+ EP list) | `ips` (one: no PCA, no clusters) | public, outside REP/REP+, IPS ≤ median | département | lowest IPS first | IPS ≤ median of the REP/REP+ écoles of the département |
//! | collèges (`nantes`) | IPS collèges + IVAC (+ EP list) | the seven of the Nantes method | public, outside REP/REP+, IPS ≤ median, access rate 6e-3e ≤ median, VA of the success rate ≤ 0 | académie | axis 1 | the three detectors |
//! | lycées GT | IPS lycées + IVAL GT | IPS of the GT track and its spread, bac success rate and its VA, access rate 2nde-bac and its VA, bac mention rate | public, IPS of the GT track ≤ median, access rate 2nde-bac ≤ median, VA of the success rate ≤ 0 | académie | axis 1 | not computed (lycées are outside éducation prioritaire) |
//! | lycées pro | IPS lycées + IVAL pro | the same with the pro track's IPS | public, IPS of the pro track ≤ median, access rate 2nde-bac ≤ median, VA of the success rate ≤ 0 | académie | axis 1 | not computed |
//!
//! The level of a run is read from its files ([`Level::of_datasets`]); files of several levels are
//! never mixed: each level is analysed and selected apart (`crate::job::levels`).

use super::{
    Budget, Combine, Criteria, Equity, Matching, Op, OrphanParams, Per, Population, Rule, Score,
    SelectionSpec, Sensitivity, Within,
};
use std::collections::BTreeMap;

/// A school level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Écoles (primary schools).
    Ecoles,
    /// Collèges.
    Colleges,
    /// Lycées généraux et technologiques.
    LyceesGt,
    /// Lycées professionnels.
    LyceesPro,
}

/// The seven indicators of the collèges (the Nantes method).
pub const COLLEGES: [&str; 7] = [
    "ips",
    "ips_sd",
    "success_rate",
    "va_success_rate",
    "written_mark",
    "va_written_mark",
    "access_rate_6e_3e",
];
const ECOLES: [&str; 1] = ["ips"];
const LYCEES_GT: [&str; 7] = [
    "ips_gt",
    "ips_sd_gt",
    "bac_success_rate",
    "va_bac_success_rate",
    "access_rate_2nde_bac",
    "va_access_rate_2nde_bac",
    "bac_mention_rate",
];
const LYCEES_PRO: [&str; 7] = [
    "ips_pro",
    "ips_sd_pro",
    "bac_success_rate",
    "va_bac_success_rate",
    "access_rate_2nde_bac",
    "va_access_rate_2nde_bac",
    "bac_mention_rate",
];

impl Level {
    /// Every level, in school order.
    pub const ALL: [Level; 4] = [
        Level::Ecoles,
        Level::Colleges,
        Level::LyceesGt,
        Level::LyceesPro,
    ];

    /// The level a preset name names (`ecoles`, `colleges`, `lycees-gt`, `lycees-pro`).
    pub fn from_name(name: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.name() == name)
    }

    /// The level of one dataset (`None`: a dataset of any level, such as the EP list).
    pub fn of_dataset(dataset: &str) -> Option<Level> {
        match dataset {
            "ips-ecoles" => Some(Level::Ecoles),
            "ips-colleges" | "ivac" => Some(Level::Colleges),
            "ival-gt" => Some(Level::LyceesGt),
            "ival-pro" => Some(Level::LyceesPro),
            _ => None,
        }
    }

    /// The level of a run's files: the levels their datasets name (an IPS lycées file alone is a
    /// GT one; with IVAL pro, a pro one); collèges when none does (a user's table, the IPS of the
    /// series before 2022). `Err` with the levels found when the files are of several levels.
    pub fn of_datasets<'a>(
        datasets: impl IntoIterator<Item = &'a str>,
    ) -> std::result::Result<Level, Vec<Level>> {
        let mut found: Vec<Level> = Vec::new();
        let mut lycees = false;
        for d in datasets {
            lycees |= d == "ips-lycees";
            if let Some(l) = Level::of_dataset(d) {
                if !found.contains(&l) {
                    found.push(l);
                }
            }
        }
        if lycees && !found.iter().any(|l| l.is_lycee()) {
            found.push(Level::LyceesGt);
        }
        found.sort_unstable();
        match found.as_slice() {
            [] => Ok(Level::Colleges),
            [one] => Ok(*one),
            _ => Err(found),
        }
    }

    /// Lycées (GT or pro): outside éducation prioritaire.
    pub fn is_lycee(self) -> bool {
        matches!(self, Level::LyceesGt | Level::LyceesPro)
    }

    /// The preset's name (`--preset`).
    pub fn name(self) -> &'static str {
        match self {
            Level::Ecoles => "ecoles",
            Level::Colleges => "colleges",
            Level::LyceesGt => "lycees-gt",
            Level::LyceesPro => "lycees-pro",
        }
    }

    /// The level in words (French official terms, in both languages).
    pub fn words(self) -> &'static str {
        match self {
            Level::Ecoles => "écoles",
            Level::Colleges => "collèges",
            Level::LyceesGt => "lycées généraux et technologiques",
            Level::LyceesPro => "lycées professionnels",
        }
    }

    /// The active variables of the level's PCA.
    pub fn active(self) -> &'static [&'static str] {
        match self {
            Level::Ecoles => &ECOLES,
            Level::Colleges => &COLLEGES,
            Level::LyceesGt => &LYCEES_GT,
            Level::LyceesPro => &LYCEES_PRO,
        }
    }

    /// The IPS column of the level (axis 1 grows with it).
    pub fn ips(self) -> &'static str {
        match self {
            Level::Ecoles | Level::Colleges => "ips",
            Level::LyceesGt => "ips_gt",
            Level::LyceesPro => "ips_pro",
        }
    }

    /// Territory of the level's relative thresholds.
    pub fn within(self) -> Within {
        match self {
            Level::Ecoles => Within::Departement,
            _ => Within::Academie,
        }
    }

    /// Whether the éducation-prioritaire orphan detectors apply (not to lycées).
    pub fn orphans(self) -> bool {
        !self.is_lycee()
    }

    /// The level's built-in selection: `n` schools of the académies given (see the module table).
    pub fn spec(self, academie: Vec<String>, n: usize, equity: Equity) -> SelectionSpec {
        if self == Level::Colleges {
            return SelectionSpec::nantes(academie, n, equity);
        }
        let within = self.within();
        let rel = |variable: &str, op: Op, label: &str| Rule {
            variable: Some(variable.into()),
            op: Some(op),
            quantile: Some(0.5),
            within,
            label: Some(label.into()),
            ..Default::default()
        };
        let mut rules = vec![rel(self.ips(), Op::Le, "disadvantaged: IPS")];
        let mut score = Score::default();
        if self == Level::Ecoles {
            // One indicator: no PCA axis to rank on; the lowest IPS comes first.
            score = Score {
                axis: None,
                weights: Some(BTreeMap::from([("ips".to_string(), -1.0)])),
            };
        } else {
            rules.push(match equity {
                Equity::Access => rel(
                    "access_rate_2nde_bac",
                    Op::Le,
                    "low equity: access rate 2nde-bac",
                ),
                Equity::IpsSpread => rel(
                    if self == Level::LyceesGt {
                        "ips_sd_gt"
                    } else {
                        "ips_sd_pro"
                    },
                    Op::Ge,
                    "low equity: high IPS spread",
                ),
                Equity::Success => rel("bac_success_rate", Op::Le, "low equity: success rate"),
            });
            rules.push(Rule {
                variable: Some("va_bac_success_rate".into()),
                op: Some(Op::Le),
                value: Some(0.0),
                label: Some("value added null or negative".into()),
                ..Default::default()
            });
        }
        SelectionSpec {
            population: Population {
                academie,
                ..Default::default()
            },
            criteria: Criteria {
                combine: Combine::All,
                rules,
            },
            score,
            budget: Budget { n, per: Per::Total },
            orphans: OrphanParams {
                enabled: self.orphans(),
                within,
                // The neighbourhood detector needs a PCA space; écoles have one indicator.
                neighbourhood: self == Level::Colleges,
                // Lycées: the threshold detector (with a reference group) on the track's IPS.
                ips: self.is_lycee().then(|| self.ips().to_string()),
                ..Default::default()
            },
            sensitivity: Sensitivity::default(),
            matching: Matching {
                enabled: self != Level::Ecoles,
                ..Default::default()
            },
            decisions: None,
        }
    }
}

/// The presets' table of the README (generated; `the_readme_holds_the_presets` compares).
pub fn readme_table() -> String {
    let mut out = String::from(
        "| `--preset` | level | files | indicators (PCA) | eligible (every rule) | territory | ranked by | budget | orphans |\n|---|---|---|---|---|---|---|---|---|\n",
    );
    for l in Level::ALL {
        let s = l.spec(Vec::new(), super::defaults::N, Equity::default());
        let rules: Vec<String> = s
            .criteria
            .rules
            .iter()
            .map(|r| {
                let op = match r.op {
                    Some(Op::Le) => "≤",
                    Some(Op::Lt) => "<",
                    Some(Op::Ge) => "≥",
                    Some(Op::Gt) => ">",
                    None => "",
                };
                let v = r.variable.as_deref().unwrap_or("");
                match (r.value, r.quantile) {
                    (Some(x), _) => format!("`{v}` {op} {x}"),
                    (_, Some(0.5)) => format!("`{v}` {op} median"),
                    (_, Some(q)) => format!("`{v}` {op} quantile {q}"),
                    _ => format!("`{v}`"),
                }
            })
            .collect();
        let files = match l {
            Level::Ecoles => "IPS écoles, EP list",
            Level::Colleges => "IPS collèges, IVAC, EP list",
            Level::LyceesGt => "IPS lycées, IVAL GT",
            Level::LyceesPro => "IPS lycées, IVAL pro",
        };
        let active: Vec<String> = l.active().iter().map(|a| format!("`{a}`")).collect();
        let pca = if l.active().len() < 2 {
            " (one: PCA and clusters skipped)"
        } else {
            ""
        };
        let within = match l.within() {
            Within::National => "national",
            Within::Academie => "académie",
            Within::Departement => "département",
        };
        let ranked = match (&s.score.weights, s.score.axis) {
            (Some(_), _) => "lowest IPS".to_string(),
            (None, Some(a)) => format!("axis {a} (oriented by `{}`)", l.ips()),
            (None, None) => String::new(),
        };
        let orphans = match l {
            Level::Colleges => "threshold, cluster, neighbourhood",
            Level::Ecoles => "threshold (REP/REP+ écoles of the département)",
            _ => "threshold against `--reference` when given; else not computed (lycées are outside éducation prioritaire)",
        };
        let alias = if l == Level::Colleges {
            " (`nantes`)"
        } else {
            ""
        };
        out.push_str(&format!(
            "| `{}`{alias} | {} | {files} | {}{pca} | public, not REP/REP+; {} | {within} | {ranked} | `--n` ({}) | {orphans} |\n",
            l.name(),
            l.words(),
            active.join(", "),
            rules.join("; "),
            s.budget.n,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_holds_the_presets() {
        crate::text::readme_holds("presets", &readme_table(), "the_readme_holds_the_presets");
    }

    #[test]
    fn the_level_comes_from_the_files_and_levels_never_mix() {
        assert_eq!(
            Level::of_datasets(["ips-ecoles", "ep-list"]),
            Ok(Level::Ecoles)
        );
        assert_eq!(
            Level::of_datasets(["ips-colleges", "ivac", "ep-list", "geoloc"]),
            Ok(Level::Colleges)
        );
        assert_eq!(Level::of_datasets(["ips-lycees"]), Ok(Level::LyceesGt));
        assert_eq!(
            Level::of_datasets(["ips-lycees", "ival-pro"]),
            Ok(Level::LyceesPro)
        );
        assert_eq!(Level::of_datasets(["table"]), Ok(Level::Colleges));
        assert_eq!(
            Level::of_datasets(["ips-ecoles", "ips-colleges"]),
            Err(vec![Level::Ecoles, Level::Colleges])
        );
    }

    #[test]
    fn the_colleges_preset_is_the_nantes_method() {
        for e in [Equity::Access, Equity::IpsSpread, Equity::Success] {
            assert_eq!(
                Level::Colleges.spec(vec!["NANTES".into()], 21, e),
                SelectionSpec::nantes(vec!["NANTES".into()], 21, e)
            );
        }
    }

    #[test]
    fn each_preset_rules_on_its_own_indicators() {
        let gt = Level::LyceesGt.spec(Vec::new(), 21, Equity::Access);
        let vars: Vec<&str> = gt
            .criteria
            .rules
            .iter()
            .filter_map(|r| r.variable.as_deref())
            .collect();
        assert_eq!(
            vars,
            ["ips_gt", "access_rate_2nde_bac", "va_bac_success_rate"]
        );
        let pro = Level::LyceesPro.spec(Vec::new(), 21, Equity::IpsSpread);
        assert_eq!(
            pro.criteria.rules[1].variable.as_deref(),
            Some("ips_sd_pro")
        );
        let e = Level::Ecoles.spec(Vec::new(), 21, Equity::Access);
        assert_eq!(e.criteria.rules.len(), 1);
        assert_eq!(e.criteria.rules[0].within, Within::Departement);
        assert_eq!(e.orphans.within, Within::Departement);
        assert!(!e.orphans.neighbourhood);
        assert_eq!(e.score.axis, None);
        // Every rule variable is an indicator of its level.
        for l in Level::ALL {
            let s = l.spec(Vec::new(), 21, Equity::Access);
            for r in &s.criteria.rules {
                let v = r.variable.as_deref().unwrap_or("");
                assert!(l.active().contains(&v), "{l:?} {v}");
            }
        }
    }
}
