//! Matching a file's header to the columns ciblage reads.
//!
//! Every header is kept under a name: its text as written, trimmed; a header repeated exactly becomes
//! `name#4` (its 1-based position) and an empty one `column#3`, each with a warning. An official
//! preset reads the columns its aliases name (the others are listed in a note); a user's `table` keeps
//! every column under its own name, and each column also answers to the canonical names of the
//! official presets it matches (see [`presets::table_roles`]).

use super::csv_reader::RawCsv;
use super::normalize::header_key;
use super::presets::{self, Kind, Preset};
use super::rows::Resolved;
use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::path::Path;

/// A file's header: one name per field and its normalised form.
pub(super) struct Header {
    /// Names as written, trimmed, made unique (`ips#4`, `column#3`).
    pub names: Vec<String>,
    /// [`header_key`] of each header as written.
    pub keys: Vec<String>,
    /// Headers renamed (repeated, empty).
    pub warnings: Vec<String>,
    /// Headers whose normalised forms collide (each is named as written).
    pub notes: Vec<String>,
}

/// Name every field of the header.
pub(super) fn header(raw: &[String]) -> Header {
    let mut names: Vec<String> = Vec::with_capacity(raw.len());
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    let mut seen: std::collections::HashMap<&str, usize> = Default::default();
    for (i, h) in raw.iter().enumerate() {
        let t = h.trim();
        let pos = i + 1;
        let name = if t.is_empty() {
            warnings.push(format!("column {pos} has no header: named 'column#{pos}'"));
            format!("column#{pos}")
        } else if let Some(first) = seen.get(t) {
            warnings.push(format!(
                "duplicate column '{}' (columns {first} and {pos}): the second is named '{}#{pos}'",
                crate::text::quote(t),
                crate::text::quote(t)
            ));
            format!("{t}#{pos}")
        } else {
            seen.insert(t, pos);
            t.to_string()
        };
        names.push(name);
    }
    let keys: Vec<String> = raw.iter().map(|h| header_key(h)).collect();
    let mut by_key: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, k) in keys.iter().enumerate() {
        if !k.is_empty() && !raw[i].trim().is_empty() {
            by_key.entry(k.as_str()).or_default().push(i);
        }
    }
    for idx in by_key.values().filter(|v| v.len() > 1) {
        let distinct: BTreeSet<&str> = idx.iter().map(|&i| raw[i].trim()).collect();
        if distinct.len() > 1 {
            notes.push(format!(
                "columns {} differ only by case, accents or separators: name them exactly as written",
                idx.iter()
                    .map(|&i| format!("'{}' ({})", crate::text::quote(&names[i]), i + 1))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    Header {
        names,
        keys,
        warnings,
        notes,
    }
}

/// The field a user named as the id column (exact header first, then its normalised form).
///
/// # Errors
/// [`Error::Usage`] when no header, or several only after normalisation, match.
pub(super) fn id_column(path: &Path, h: &Header, name: &str) -> Result<Option<usize>> {
    if let Some(i) = h.names.iter().position(|n| n == name.trim()) {
        return Ok(Some(i));
    }
    let want = header_key(name);
    let hits: Vec<usize> = (0..h.keys.len()).filter(|&i| h.keys[i] == want).collect();
    match hits.len() {
        0 => Ok(None),
        1 => Ok(Some(hits[0])),
        _ => Err(Error::Usage(format!(
            "id column '{}' of {} matches several headers once case and accents are ignored: {}; write it exactly as in the file",
            crate::text::quote(name),
            path.display(),
            hits.iter()
                .map(|&i| format!("'{}' (column {})", crate::text::quote(&h.names[i]), i + 1))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The columns of an official preset; `uai` overrides the preset's UAI column; `year` chooses among
/// several columns matching one wildcard alias (an EP list with `ep_2022_2023` and `ep_2023_2024`).
pub(super) fn preset(
    path: &Path,
    p: &Preset,
    raw: &RawCsv,
    h: &Header,
    uai: Option<usize>,
    year: Option<&str>,
    notes: &mut Vec<String>,
) -> Result<Vec<Resolved>> {
    let mut out: Vec<Resolved> = Vec::new();
    let mut taken = BTreeSet::new();
    if let Some(i) = uai {
        taken.insert(i);
        out.push(column("uai", None, Kind::Uai, i, h, false));
    }
    for spec in p.columns {
        if out.iter().any(|r| r.key == spec.canonical) {
            continue;
        }
        let found: Option<usize> = spec.aliases.iter().find_map(|a| {
            let hits: Vec<usize> = (0..h.keys.len())
                .filter(|i| !taken.contains(i) && presets::matches(a, &h.keys[*i]))
                .collect();
            match hits.len() {
                0 => None,
                1 => Some(hits[0]),
                _ if a.ends_with('*') => Some(choose_year(&hits, h, year, notes)),
                _ => Some(hits[0]),
            }
        });
        if let Some(idx) = found {
            taken.insert(idx);
            out.push(column(spec.canonical, None, spec.kind, idx, h, false));
        }
    }
    let missing: Vec<String> = p
        .required
        .iter()
        .filter(|c| !out.iter().any(|r| r.key == **c))
        .map(|c| {
            let aliases = p
                .columns
                .iter()
                .filter(|s| s.canonical == *c)
                .flat_map(|s| s.aliases.iter())
                .copied()
                .collect::<Vec<_>>();
            format!("{c} (header {})", aliases.join(" or "))
        })
        .collect();
    if !missing.is_empty() {
        return Err(Error::MissingColumns {
            path: path.into(),
            dataset: p.name.into(),
            missing,
            found: crate::text::quote(&raw.header.join(", ")).into_owned(),
        });
    }
    // The UAI column first: problems cite it.
    out.sort_by_key(|r| r.key != "uai");
    Ok(out)
}

/// Among several year columns (`ep_2022_2023`, `ep_2023_2024`), the one of `year`, else the latest.
fn choose_year(hits: &[usize], h: &Header, year: Option<&str>, notes: &mut Vec<String>) -> usize {
    let year_key = year.map(header_key);
    let chosen = year_key
        .as_deref()
        .and_then(|y| hits.iter().copied().find(|&i| h.keys[i].ends_with(y)))
        .unwrap_or_else(|| {
            hits.iter()
                .copied()
                .max_by(|&a, &b| h.keys[a].cmp(&h.keys[b]))
                .unwrap_or(hits[0])
        });
    notes.push(format!(
        "columns {} hold one year each: read '{}' ({}; choose with --year)",
        hits.iter()
            .map(|&i| format!("'{}'", h.names[i]))
            .collect::<Vec<_>>()
            .join(", "),
        h.names[chosen],
        if year_key.is_some() && h.keys[chosen].ends_with(year_key.as_deref().unwrap_or("")) {
            "the year asked for"
        } else {
            "the latest"
        }
    ));
    chosen
}

/// Every column of a user's table, each under its own name; `uai` is the id column. Columns are read
/// leniently: a value that does not fit never rejects the row (see [`settle`]).
pub(super) fn table(h: &Header, uai: usize) -> Vec<Resolved> {
    let mut out = vec![column("uai", None, Kind::Uai, uai, h, false)];
    let mut period_seen = false;
    for idx in (0..h.names.len()).filter(|&i| i != uai) {
        let mut roles: Vec<(&'static str, Kind)> = presets::table_roles(&h.keys[idx])
            .into_iter()
            .filter(|(c, _)| *c != "uai")
            .collect();
        // One period per file: the first year column.
        if roles.first().is_some_and(|r| r.1 == Kind::Period) {
            if period_seen {
                roles.retain(|r| r.1 != Kind::Period);
            }
            period_seen = true;
        }
        let unbounded = Kind::Number {
            min: f64::NEG_INFINITY,
            max: f64::INFINITY,
        };
        let (canonical, kind) = match roles.first() {
            Some((c, Kind::Number { .. })) => (Some(*c), unbounded),
            Some((c, k)) => (Some(*c), *k),
            // Unknown columns are numbers unless their values say otherwise.
            None => (None, unbounded),
        };
        let mut r = column(&h.names[idx], canonical, kind, idx, h, true);
        r.fallbacks = roles.into_iter().skip(1).collect();
        out.push(r);
    }
    out
}

fn column(
    key: &str,
    canonical: Option<&str>,
    kind: Kind,
    idx: usize,
    h: &Header,
    lenient: bool,
) -> Resolved {
    Resolved {
        key: key.to_string(),
        canonical: canonical.filter(|c| *c != key).map(str::to_string),
        kind,
        idx,
        header: h.names[idx].clone(),
        lenient,
        fallbacks: Vec::new(),
    }
}

/// What [`settle`] decided for a column of a user's table.
pub(super) struct Settled {
    /// Columns to read again as text (their values did not fit their kind), by position in `resolved`.
    pub reread: Vec<usize>,
    /// Values that look wrong (a column of numbers with a few other values; a code column whose values
    /// are not codes and that nothing else reads).
    pub warnings: Vec<String>,
    /// Columns read another way than their name suggested (a `departement` column of names).
    pub notes: Vec<String>,
    /// Columns of numbers kept as text: position in `resolved` and what stopped them.
    pub not_numeric: Vec<(usize, super::column_info::NotNumeric)>,
}

/// Decide, from how the values of a user's table fit, which canonical name each column answers to:
/// in header order, a column takes the first of its roles that its values fit and that no earlier
/// column took (a `Departement` column of names is the département *name*, so a later
/// `code_departement` is the département code). A column whose values do not fit its kind is read
/// again as text: a column of numbers with a few other values says which and where.
pub(super) fn settle(resolved: &mut [Resolved], fits: &[super::rows::Fit]) -> Settled {
    let mut claimed: BTreeSet<String> = BTreeSet::new();
    let mut s = Settled {
        reread: Vec::new(),
        warnings: Vec::new(),
        notes: Vec::new(),
        not_numeric: Vec::new(),
    };
    for (j, r) in resolved.iter_mut().enumerate() {
        if r.kind == Kind::Uai {
            continue;
        }
        let fit = &fits[j];
        let fits_kind = fit.others == 0;
        let role = r.canonical.clone().unwrap_or_else(|| r.key.clone());
        if fits_kind && !claimed.contains(&role) {
            claimed.insert(role);
            continue;
        }
        if fits_kind {
            // Another column answers to this name already: this one keeps only its own.
            r.canonical = None;
            continue;
        }
        let (line, value) = fit
            .first
            .clone()
            .map_or((0, String::new()), |(l, v)| (l, v.to_string()));
        // The values do not fit: the next role that never refuses a value, else plain text.
        let next = r
            .fallbacks
            .iter()
            .find(|(c, k)| {
                matches!(k, Kind::Text | Kind::Academie | Kind::Period) && !claimed.contains(*c)
            })
            .copied();
        match r.kind {
            Kind::Number { .. } => {
                let nn = super::column_info::NotNumeric {
                    numbers: fit.fitting,
                    others: fit.others,
                    value: value.clone(),
                    line,
                };
                if nn.mostly_numbers() {
                    s.warnings.push(format!(
                        "column '{}' is read as text: {nn}; {}",
                        crate::text::quote(&r.header),
                        nn.advice()
                    ));
                }
                s.not_numeric.push((j, nn));
            }
            _ => {
                let what = format!(
                    "column '{}' is read as text, not as {}: {} value(s) do not fit (first '{}', line {})",
                    crate::text::quote(&r.header),
                    r.canonical.as_deref().unwrap_or(&r.key),
                    fit.others,
                    crate::text::quote(&value),
                    line,
                );
                match next {
                    Some((c, _)) => s.notes.push(format!("{what}; it is the {c} column")),
                    None => s.warnings.push(what),
                }
            }
        }
        match next {
            Some((c, _)) => {
                claimed.insert(c.to_string());
                r.canonical = Some(c.to_string()).filter(|c| c != &r.key);
            }
            // Still answers to its name (so that naming it says why it cannot be used).
            None => {
                if let Some(c) = &r.canonical {
                    if !claimed.insert(c.clone()) {
                        r.canonical = None;
                    }
                }
            }
        }
        r.kind = next.map_or(Kind::Text, |n| n.1);
        r.lenient = false;
        s.reread.push(j);
    }
    s
}
