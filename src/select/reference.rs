//! A reference group of the user's for the threshold orphan detector (`--reference FILE`,
//! `[selection] reference`): the schools whose median IPS an orphan's IPS is compared with, instead
//! of the REP/REP+ schools.
//!
//! Lycées are outside éducation prioritaire: no REP lycée to compare with, so the EP-based detectors
//! are not computed for them. An académie may still know which lycées it treats as its reference of
//! difficulty (the lycées of a cité éducative, of a former ZEP, the lycées of a previous contract…):
//! given as a list, they make the threshold detector run for lycées (the cluster and neighbourhood
//! detectors, which need REP/REP+ schools, stay off). For écoles and collèges the group replaces the
//! REP/REP+ schools in the threshold detector only.
//!
//! # Parameters
//! A file of the user's with a UAI column (CSV, JSON or Parquet; the UAI column is recognised as in
//! any `table`, or is the file's only column), one row per school; other columns are ignored.
//!
//! # Algorithm
//! The threshold of a school is the median (type 7) of the level's IPS (`ips`; the lycées' presets:
//! the track's, `ips_gt` or `ips_pro`) over the reference schools analysed in its territory (the
//! preset's: académie or département), or over every analysed reference school when its territory
//! has none. A public school outside the group (and outside REP/REP+) at or below it is an orphan.
//!
//! # Errors
//! A row whose UAI is invalid, a file without a UAI column: [`Error::Csv`]/[`Error::Data`] naming the
//! file, the line and the value (exit 1). No school of the group among the schools analysed: exit 1,
//! naming the file and what to check. The group's schools that are not analysed (another level,
//! another territory, filtered out) are counted and listed in `selection.json`.

use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The reference group as read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReferenceGroup {
    /// The file.
    pub path: PathBuf,
    /// Its UAIs (normalised, check letter verified).
    pub uai: BTreeSet<String>,
}

/// How the group was used (`selection.json`, the report).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferenceUse {
    /// The file's name.
    pub file: String,
    /// Schools listed.
    pub listed: usize,
    /// Of which analysed (the group the medians are taken over).
    pub analysed: usize,
    /// The listed schools not analysed, by UAI.
    pub not_analysed: Vec<String>,
}

impl ReferenceGroup {
    /// Read a reference group.
    pub fn read(path: &Path) -> Result<Self> {
        if !path.is_file() {
            return Err(Error::Usage(format!(
                "{}: no such reference file (--reference, [selection] reference)",
                path.display()
            )));
        }
        let opts = crate::data::LoadOptions {
            dataset: Some(crate::data::presets::TABLE.into()),
            ..Default::default()
        };
        let (table, report) = crate::data::load(path, &opts)?;
        if let Some(p) = report.problems.first() {
            return Err(Error::Data(format!(
                "reference group {}: {} row(s) rejected; first: {p} (fix the file: one valid UAI per row)",
                path.display(),
                report.problems.len()
            )));
        }
        Ok(ReferenceGroup {
            path: path.into(),
            uai: table.uai.iter().map(|u| u.as_str().to_string()).collect(),
        })
    }

    /// Which of the analysed schools (`uai`, in table order) belong to the group, and how the group
    /// was used; an error when none does.
    pub fn flags<'a>(
        &self,
        uai: impl ExactSizeIterator<Item = &'a str>,
    ) -> Result<(Vec<bool>, ReferenceUse)> {
        let mut seen = BTreeSet::new();
        let flags: Vec<bool> = uai
            .map(|u| {
                let inside = self.uai.contains(u);
                if inside {
                    seen.insert(u.to_string());
                }
                inside
            })
            .collect();
        let file = self.path.file_name().map_or_else(
            || self.path.to_string_lossy().into_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        if seen.is_empty() {
            return Err(Error::Data(format!(
                "reference group {}: none of its {} school(s) is among the schools analysed: check that it lists schools of this level and territory (UAIs), and the filters",
                self.path.display(),
                self.uai.len()
            )));
        }
        let not_analysed: Vec<String> = self.uai.difference(&seen).cloned().collect();
        Ok((
            flags,
            ReferenceUse {
                file,
                listed: self.uai.len(),
                analysed: seen.len(),
                not_analysed,
            },
        ))
    }
}
