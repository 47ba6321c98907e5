//! The schools an envelope covers, from a selection: the selected ones (committee inclusions
//! included) or every eligible one, with their need score, IPS, size and territory.

use super::{AllocationSpec, Candidate, Covers};
use crate::data::Table;
use crate::error::{Error, Result, Schema, SettingError};
use crate::select::decisions::Kind;
use crate::select::Selection;

/// The size column's key in `table` (a usage error naming `allocation.size` when it is absent or
/// not numeric), checked before any work.
pub fn size_column(spec: &AllocationSpec, table: &Table) -> Result<String> {
    size_column_of(spec, table, None)
}

/// [`size_column`] on the inputs of one school level of a run whose envelopes go by level
/// (`level`: the level in words, "écoles"): the error names the level and says to give its size
/// table.
pub fn size_column_of(spec: &AllocationSpec, table: &Table, level: Option<&str>) -> Result<String> {
    let key = size_key(spec, table, level)?;
    // A user's table joins every level: its column may be there for a level and hold no value of it.
    if let Some(level) = level {
        if !table.is_empty()
            && table
                .num(&key)
                .is_some_and(|v| v.iter().all(|x| x.is_nan()))
        {
            return Err(Error::setting(SettingError::new(
                Schema::Config,
                "allocation.size",
                crate::text::quote(&spec.size),
                format!(
                    "a numeric column with the size of the schools of every level, but it holds no \
                     value for the {level}: give a size table for the {level} (a file with the \
                     columns uai and {}) among the inputs",
                    crate::text::quote(&spec.size)
                ),
            )));
        }
    }
    Ok(key)
}

fn size_key(spec: &AllocationSpec, table: &Table, level: Option<&str>) -> Result<String> {
    table.resolve_numeric(&spec.size).map_err(|e| {
        let allowed = match (e, level) {
            (Error::UnknownColumn { available, .. }, None) => {
                format!("a numeric column of the data: {available}")
            }
            (Error::UnknownColumn { available, .. }, Some(level)) => format!(
                "a numeric column of the inputs of every level, but the {level} have none of that \
                 name: give a size table for the {level} (a file with the columns uai and {}) \
                 among the inputs; the numeric columns of the {level}: {available}",
                crate::text::quote(&spec.size)
            ),
            (other, None) => other.to_string(),
            (other, Some(level)) => format!("{level}: {other}"),
        };
        Error::setting(SettingError::new(
            Schema::Config,
            "allocation.size",
            crate::text::quote(&spec.size),
            allowed,
        ))
    })
}

/// The level column, when envelopes are per level (a usage error naming `allocation.per` when the
/// data have none).
fn level_column(spec: &AllocationSpec, table: &Table) -> Result<Option<String>> {
    if spec.per != super::Per::Level {
        return Ok(None);
    }
    match table.resolve("level") {
        Ok(k) => Ok(Some(k)),
        Err(_) => Err(Error::setting(SettingError::new(
            Schema::Config,
            "allocation.per",
            "level",
            "total, academie or departement: the data have no `level` column",
        ))),
    }
}

/// The covered schools of `sel`, in the selection's row order.
pub fn candidates(spec: &AllocationSpec, sel: &Selection) -> Result<Vec<Candidate>> {
    let s = &sel.schools;
    let t = s.table();
    let size_key = size_column(spec, t)?;
    let size = t.num(&size_key).unwrap_or(&[]);
    let ips = t.num("ips");
    let level = level_column(spec, t)?;
    let mut out = Vec::new();
    for i in 0..s.len() {
        let decision = s.decision(i);
        let included = decision.is_some_and(|d| d.kind == Kind::Include);
        let covered = match spec.covers {
            Covers::Selected => s.selected[i],
            Covers::Eligible => {
                (s.eligible[i] && decision.is_none_or(|d| d.kind != Kind::Exclude)) || included
            }
        };
        if !covered {
            continue;
        }
        out.push(Candidate {
            uai: t.uai[i].as_str().to_string(),
            name: t.str("name", i).to_string(),
            academie: t.str("academie", i).to_string(),
            departement: t.str("departement", i).to_string(),
            level: level
                .as_deref()
                .map_or(String::new(), |k| t.str(k, i).to_string()),
            score: s.score[i],
            ips: ips.map_or(f64::NAN, |v| v[i]),
            size: size.get(i).copied().unwrap_or(f64::NAN),
            decision: decision.map_or(String::new(), |d| d.kind.word().to_string()),
        });
    }
    Ok(out)
}
