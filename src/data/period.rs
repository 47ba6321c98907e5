//! The school year or DNB session a multi-year file is read for.
//!
//! A file with a period column (`rentree_scolaire`, `annee_scolaire`, `session`, `annee`) keeps the
//! rows of one period: the one asked for (`--year 2022-2023` or `--session 2023`; a school year given
//! for a session file selects the session ending it, and vice versa), else the latest, with a note.
//! The rows of other periods are counted, not rejected.

use super::options::LoadOptions;
use crate::error::{Error, Result};
use std::collections::BTreeSet;

/// Does a row's period (`2022-2023` or `2023`) match the one wanted?
pub(super) fn matches(value: &str, want: &str) -> bool {
    value == want || value.rsplit('-').next() == Some(want)
}

/// The period kept from the `distinct` periods of a file (`None`: the file has none).
pub(super) fn choose(
    distinct: BTreeSet<String>,
    school_year: bool,
    opts: &LoadOptions,
    notes: &mut Vec<String>,
) -> Result<Option<String>> {
    if distinct.is_empty() {
        return Ok(None);
    }
    // The period asked for this kind of file (`--year` for school years, `--session` for sessions),
    // else the one paired with the other kind (session N ↔ school year (N-1)-N).
    let (own, paired) = if school_year {
        (opts.year.clone(), opts.session.clone())
    } else {
        (
            opts.session.clone(),
            opts.year
                .as_deref()
                .map(|y| y.rsplit('-').next().unwrap_or(y).to_string()),
        )
    };
    let find = |p: &str| -> Option<String> {
        if school_year {
            distinct
                .iter()
                .find(|d| matches(d, p) || p.rsplit('-').next() == d.rsplit('-').next())
                .cloned()
        } else {
            let end = p.rsplit('-').next().unwrap_or(p);
            distinct.contains(end).then(|| end.to_string())
        }
    };
    let kind = if school_year {
        "school year"
    } else {
        "session"
    };
    // Periods come from the file: a message quotes at most 200 characters of them.
    let holds =
        crate::text::quote(&distinct.iter().cloned().collect::<Vec<_>>().join(", ")).into_owned();
    let q = |s: &str| crate::text::quote(s).into_owned();
    let wanted = own.clone().or_else(|| paired.clone());
    match &wanted {
        Some(p) => match find(p) {
            Some(w) => {
                if distinct.len() > 1 {
                    notes.push(format!("kept {kind} {} of {holds}", q(&w)));
                }
                Ok(Some(w))
            }
            // A school-year file without the year a --session pairs with: its own default.
            None if own.is_none() && school_year => {
                let kept = distinct.iter().next_back().cloned();
                notes.push(format!(
                    "no school year of the file ({holds}) pairs with session {}; kept {}",
                    q(p),
                    q(kept.as_deref().unwrap_or(""))
                ));
                Ok(kept)
            }
            None => Err(Error::InvalidParam {
                name: if own.is_some() {
                    if school_year {
                        "year"
                    } else {
                        "session"
                    }
                } else {
                    "year"
                },
                value: p.clone(),
                reason: format!("no {kind} of the file pairs with it; it holds {holds}"),
            }),
        },
        None if distinct.len() > 1 => {
            let latest = distinct.iter().next_back().map(|s| s.to_string());
            notes.push(format!(
                "the file holds {holds}; kept the latest, {} (choose with --year/--session)",
                q(latest.as_deref().unwrap_or(""))
            ));
            Ok(latest)
        }
        None => Ok(distinct.iter().next().map(|s| s.to_string())),
    }
}
