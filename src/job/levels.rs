//! The school levels of a run: which files each level reads, and each level's settings.
//!
//! A school level never mixes with another. A run over the files of several levels (`ciblage run
//! ips-ecoles.csv ips-colleges.csv ivac.csv ep.csv`) reads every file once, then joins each level's
//! files apart ([`split`]): a file of one level (IPS écoles; IPS collèges and IVAC; IVAL GT; IVAL
//! pro) goes to its level only, so each of its rows is analysed in exactly one level; the IPS lycées
//! file goes to the lycée levels of the run (GT and pro: a lycée polyvalent is in both value-added
//! files, and is analysed in each on that track's indicators); the files of every level (EP list,
//! directory, coordinates, the user's tables) are joined to each level (left joins: they add columns,
//! never rows). Each level then gets its preset (`auto`), its budget (`[selection] n_per_level`,
//! else `n`) and, with `[allocation] per = "level"`, its envelope ([`level_config`]).
//!
//! # Errors
//! Checked after the files are read and before any computation, exit 2 naming the setting
//! ([`check`]): on inputs of several levels, a preset of one level or a selection spec (each level
//! needs its own rules: drop it, or run each level on its own files); a budget or an envelope for a
//! level absent from the inputs; a level without an envelope; an envelope that is not per level
//! (one envelope cannot be split between levels by one rule: their need scores do not compare).
//! An IPS file of the old series (`ips-legacy`: collèges or écoles, it does not say) among files of
//! several levels is a usage error too.

use super::config::RunConfig;
use super::settings::Preset;
use crate::analysis::Analysis;
use crate::data::Inputs;
use crate::data::{ReadFile, Table};
use crate::error::{Error, Result, Schema, SettingError};
use crate::select::allocation::{AllocationSpec, Per};
use crate::select::{Level, Selection, SelectionSpec};

/// The level names of `n_per_level` and of per-level envelopes.
pub const LEVEL_NAMES: &str = "ecoles, colleges, lycees-gt or lycees-pro";

/// The files one level reads.
#[derive(Debug, Clone)]
pub struct LevelFiles {
    /// The level.
    pub level: Level,
    /// Its files, in the order given.
    pub files: Vec<ReadFile>,
}

/// The files of each level of a run, in school order (one entry when the files are of one level, or
/// name none: a user's table alone is read as collèges, as before).
pub fn split(files: Vec<ReadFile>) -> Result<Vec<LevelFiles>> {
    let found = match Level::of_datasets(files.iter().map(|f| f.report.dataset.as_str())) {
        Ok(level) => return Ok(vec![LevelFiles { level, files }]),
        Err(found) => found,
    };
    let mut groups: Vec<LevelFiles> = found
        .iter()
        .map(|&level| LevelFiles {
            level,
            files: Vec::new(),
        })
        .collect();
    for f in files {
        let ds = f.report.dataset.as_str();
        let to: Vec<Level> = match Level::of_dataset(ds) {
            Some(l) => vec![l],
            None if ds == "ips-lycees" => found.iter().copied().filter(|l| l.is_lycee()).collect(),
            None if ds == "ips-legacy" => {
                return Err(Error::Usage(format!(
                    "{}: an IPS file of the series before 2022 does not say whether it holds collèges or écoles, and the other inputs are of {} levels ({}): run it with the files of its level only",
                    f.report.path,
                    found.len(),
                    words(&found)
                )))
            }
            None => found.clone(),
        };
        // Cloned for every level but the last, which takes the file itself.
        let mut into: Vec<&mut LevelFiles> = groups
            .iter_mut()
            .filter(|g| to.contains(&g.level))
            .collect();
        if let Some(last) = into.pop() {
            for g in into {
                g.files.push(f.clone());
            }
            last.files.push(f);
        }
    }
    Ok(groups)
}

fn words(levels: &[Level]) -> String {
    levels
        .iter()
        .map(|l| l.words())
        .collect::<Vec<_>>()
        .join(", ")
}

fn names(levels: &[Level]) -> String {
    levels
        .iter()
        .map(|l| l.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `[allocation]` envelopes go by school level: on a run over several levels always, on a
/// one-level run with `per = "level"` when the data have no `level` column of their own.
pub fn envelopes_by_level(cfg: &RunConfig, levels: &[Level], level_column: bool) -> bool {
    match &cfg.allocation {
        Some(a) => levels.len() > 1 || (a.per == Per::Level && !level_column),
        None => false,
    }
}

/// Check the settings that depend on the levels of the inputs (see the module documentation).
pub fn check(cfg: &RunConfig, levels: &[Level], level_column: bool) -> Result<()> {
    let many = levels.len() > 1;
    let about =
        |key: &str, why: String| Error::setting(SettingError::about(Schema::Config, key, why));
    if many {
        let of = format!(
            "the inputs are of {} school levels ({})",
            levels.len(),
            words(levels)
        );
        if cfg.selection.spec.is_some() {
            return Err(about(
                "selection.spec",
                format!("one spec for every level, but {of}: each level has its own indicators and rules; drop the spec (each level gets its preset) or run each level on its own files"),
            ));
        }
        if let Some(p) = cfg.selection.preset.filter(|p| *p != Preset::Auto) {
            return Err(about(
                "selection.preset",
                format!("`{}` is the preset of one level, but {of}: leave it to `auto` (each level gets its own preset) or run each level on its own files", super::settings::enums::name(&p)),
            ));
        }
    }
    let absent = |what: &str, name: &str| {
        format!(
            "{name} is not a level of the inputs ({}): remove its {what}, or give its files",
            names(levels)
        )
    };
    for name in cfg.selection.n_per_level.keys() {
        if !Level::from_name(name).is_some_and(|l| levels.contains(&l)) {
            return Err(about(
                &format!("selection.n_per_level.{name}"),
                absent("budget", name),
            ));
        }
    }
    let Some(a) = cfg.allocation.as_ref() else {
        return Ok(());
    };
    if !envelopes_by_level(cfg, levels, level_column) {
        return Ok(());
    }
    if a.per != Per::Level {
        return Err(about(
            "allocation.per",
            format!("a run over several school levels ({}) splits one envelope per level: set per = \"level\" and envelopes = {{ {} }} (their sum is amount)", words(levels), levels.iter().map(|l| format!("\"{}\" = …", l.name())).collect::<Vec<_>>().join(", ")),
        ));
    }
    for name in a.envelopes.keys() {
        if !Level::from_name(name).is_some_and(|l| levels.contains(&l)) {
            return Err(about(
                &format!("allocation.envelopes.{name}"),
                absent("envelope", name),
            ));
        }
    }
    if let Some(l) = levels.iter().find(|l| !a.envelopes.contains_key(l.name())) {
        return Err(about(
            "allocation.envelopes",
            format!(
                "no envelope for the {} of the inputs: add \"{}\" = … (one envelope per level)",
                l.words(),
                l.name()
            ),
        ));
    }
    Ok(())
}

/// Before a run over several levels: every committee decision is on a school of one of the levels'
/// joined tables (else the error names its line and UAI, as in a one-level run), and the reference
/// group has a school in one of them.
pub fn check_lists<'a>(
    spec: Option<&SelectionSpec>,
    tables: impl IntoIterator<Item = &'a Table>,
) -> Result<()> {
    let Some(s) = spec else { return Ok(()) };
    let uai: std::collections::HashSet<&str> = tables
        .into_iter()
        .flat_map(|t| t.uai.iter().map(|u| u.as_str()))
        .collect();
    if let Some(d) = &s.decisions {
        if let Some(row) = d.rows.iter().find(|r| !uai.contains(r.uai.as_str())) {
            return Err(d.not_analysed(row, None));
        }
    }
    if let Some(g) = &s.orphans.reference {
        g.flags(uai.iter().copied())?;
    }
    Ok(())
}

/// One level's share of the lists of a run over several levels: the decisions on its schools, the
/// reference group's schools among its schools (none: the level's threshold detector compares with
/// REP/REP+ as usual, or does not run for lycées).
pub fn restrict(spec: &mut SelectionSpec, table: &Table) {
    let uai: std::collections::HashSet<&str> = table.uai.iter().map(|u| u.as_str()).collect();
    if let Some(d) = &spec.decisions {
        let mut mine = (**d).clone();
        mine.rows.retain(|r| uai.contains(r.uai.as_str()));
        spec.decisions = (!mine.rows.is_empty()).then(|| std::sync::Arc::new(mine));
    }
    if let Some(g) = &spec.orphans.reference {
        let mut mine = (**g).clone();
        mine.uai.retain(|u| uai.contains(u.as_str()));
        spec.orphans.reference = (!mine.uai.is_empty()).then(|| std::sync::Arc::new(mine));
    }
}

/// The configuration for the inputs' `level`: `auto` becomes the level's preset, and a preset's
/// level replaces the collèges' defaults of the PCA (active variables, axis 1 oriented by IPS)
/// with its own (an explicit `active` or `orient` is kept). With fewer than two active
/// variables there is nothing to cluster: clustering is off (the report says so).
pub fn for_level(cfg: &RunConfig, level: Level) -> RunConfig {
    let mut c = cfg.clone();
    let Some(preset) = c.selection.preset.filter(|_| c.selection.spec.is_none()) else {
        return c;
    };
    let level = preset.level().unwrap_or(level);
    c.selection.preset = Some(Preset::of_level(level));
    if level != Level::Colleges {
        let defaults = super::config::PcaConfig::default();
        if c.pca.active == defaults.active {
            c.pca.active = level.active().iter().map(|s| s.to_string()).collect();
        }
        if c.pca.orient == defaults.orient {
            c.pca.orient = vec![format!("1:{}", level.ips())];
        }
    }
    if c.pca.active.len() < 2 {
        c.clustering.enabled = false;
    }
    c
}

/// The configuration of one level: [`for_level`], its budget, and its envelope (an
/// `[allocation]` whose one envelope is the level's, when envelopes go by level).
pub fn level_config(cfg: &RunConfig, level: Level, by_level: bool) -> RunConfig {
    let mut c = for_level(cfg, level);
    if let Some(&n) = cfg.selection.n_per_level.get(level.name()) {
        c.selection.n = n;
    }
    if by_level {
        c.allocation = cfg.allocation.as_ref().map(|a| level_envelope(a, level));
    }
    c
}

/// The allocation of one level's envelope (same rule, floor, cap and step).
fn level_envelope(a: &AllocationSpec, level: Level) -> AllocationSpec {
    let amount = a.envelopes.get(level.name()).copied().unwrap_or(a.amount);
    AllocationSpec {
        amount,
        per: Per::Level,
        envelopes: [(level.name().to_string(), amount)].into(),
        ..a.clone()
    }
}

/// One school level of a run, computed (nothing written yet).
#[derive(Debug, Clone)]
pub struct LevelJob {
    /// The level.
    pub level: Level,
    /// Its files, joined.
    pub inputs: Inputs,
    /// Its analysis.
    pub analysis: Analysis,
    /// Its selection, when the config asks for one.
    pub selection: Option<Selection>,
    /// Its allocation, when the config has an `[allocation]`.
    pub allocation: Option<crate::select::allocation::Allocation>,
    /// Its configuration (preset, budget, envelope).
    pub config: RunConfig,
}
