//! Joining several tables on the UAI, with a report per join.
//!
//! The base table is the first IPS file given (else the first file). IVAC and IVAL tables are joined with an
//! **inner** join (value added is analysed, a school without it cannot be), every other table with a
//! **left** join (EP list: a school absent from it is `NON EP`; coordinates are optional). Base rows without
//! a partner in an inner join are reported as rejected, with their reason.

use super::load::{from_raw, load, LoadOptions, LoadReport, Problem};
use super::normalize::header_key;
use super::table::{Column, Table};
use crate::error::{Error, Result};
use serde::Serialize;
use std::path::PathBuf;

/// Report of one join.
#[derive(Debug, Clone, Serialize)]
pub struct JoinReport {
    /// Left side (base so far).
    pub left: String,
    /// Right file.
    pub right: String,
    /// `inner` or `left`.
    pub kind: String,
    /// UAIs on both sides.
    pub matched: usize,
    /// UAIs only on the left.
    pub left_only: usize,
    /// UAIs only on the right.
    pub right_only: usize,
    /// Duplicate UAIs found (and rejected) in the right file.
    pub right_duplicates: usize,
}

/// Everything loaded and joined.
#[derive(Debug, Clone, Serialize)]
pub struct Inputs {
    /// The joined table.
    #[serde(skip)]
    pub table: Table,
    /// One report per file.
    pub loads: Vec<LoadReport>,
    /// One report per join.
    pub joins: Vec<JoinReport>,
    /// Base rows dropped by an inner join, with the reason.
    pub unmatched: Vec<Problem>,
}

impl Inputs {
    /// Rows of the base file.
    pub fn rows_in(&self) -> usize {
        self.loads.first().map_or(0, |l| l.rows)
    }

    /// `--strict`: an error when any row was rejected or any file has a warning (renamed headers, a
    /// column of numbers read as text...).
    pub fn strict_check(&self) -> Result<()> {
        let rejected = self.rejected();
        if let Some(first) = rejected.first() {
            return Err(Error::Strict {
                count: rejected.len(),
                first: first.to_string(),
            });
        }
        let warnings: Vec<String> = self
            .loads
            .iter()
            .flat_map(|l| l.warnings.iter().map(move |w| format!("{}: {w}", l.path)))
            .collect();
        if let Some(first) = warnings.first() {
            return Err(Error::Data(format!(
                "{} warning(s) in strict mode; first: {first} (fix the file, or drop --strict to continue with it as read)",
                warnings.len()
            )));
        }
        Ok(())
    }

    /// All rejected rows of every file plus the unmatched base rows.
    pub fn rejected(&self) -> Vec<Problem> {
        let mut v: Vec<Problem> = self
            .loads
            .iter()
            .flat_map(|l| l.problems.iter().cloned())
            .collect();
        v.extend(self.unmatched.iter().cloned());
        v
    }
}

fn is_ips(dataset: &str) -> bool {
    dataset.starts_with("ips")
}

/// One input file read and checked, before any join ([`read_inputs`]); [`join_inputs`] joins a set of
/// them. A run over several school levels reads each file once and joins each level's files apart.
#[derive(Debug, Clone)]
pub struct ReadFile {
    /// The path as given.
    pub path: PathBuf,
    /// The file's rows.
    pub table: Table,
    /// Its load report (`dataset` says what it is).
    pub report: LoadReport,
    /// A value-added file's records, kept (shared, not copied) in case its session has to be paired
    /// with the IPS school year at the join.
    spare: Option<super::csv_reader::RawCsv>,
}

/// Load every file and join them on the UAI.
pub fn load_inputs(paths: &[PathBuf], opts: &LoadOptions) -> Result<Inputs> {
    join_inputs(read_inputs(paths, opts)?, opts)
}

/// Read and check every file (each read once: it may be a pipe), without joining them.
pub fn read_inputs(paths: &[PathBuf], opts: &LoadOptions) -> Result<Vec<ReadFile>> {
    let mut files = Vec::with_capacity(paths.len());
    for p in paths {
        let raw = super::open::read_raw(p, opts)?;
        let keys: Vec<String> = raw.header.iter().map(|h| header_key(h)).collect();
        let ivac = match opts.dataset.as_deref() {
            Some(d) => d == "ivac",
            None => super::presets::detect(&keys).is_some_and(|p| p.name == "ivac"),
        };
        let spare = ivac.then(|| raw.clone());
        let (table, report) = from_raw(p, raw, opts)?;
        files.push(ReadFile {
            path: p.clone(),
            table,
            report,
            spare,
        });
    }
    if let Some(id) = &opts.id_column {
        let want = super::normalize::header_key(id);
        let used = files.iter().any(|f| {
            f.report
                .mapping
                .iter()
                .any(|(h, c)| c == "uai" && (h == id || super::normalize::header_key(h) == want))
        });
        if !used {
            return Err(Error::Usage(format!(
                "--id-column '{}': no input has a column of that name",
                crate::text::quote(id)
            )));
        }
    }
    Ok(files)
}

/// Join files read by [`read_inputs`] on the UAI (the base is the first IPS file, else the first
/// file), pairing a value-added session with the IPS school year when neither was given.
pub fn join_inputs(files: Vec<ReadFile>, opts: &LoadOptions) -> Result<Inputs> {
    let paths: Vec<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    let mut spare: Vec<Option<super::csv_reader::RawCsv>> = Vec::with_capacity(files.len());
    let mut loaded = Vec::with_capacity(files.len());
    for f in files {
        spare.push(f.spare);
        loaded.push((f.table, f.report));
    }
    // Pair the DNB session with the school year of the IPS when neither was given.
    if opts.year.is_none() && opts.session.is_none() {
        let ips = loaded
            .iter()
            .find(|(_, r)| is_ips(&r.dataset))
            .and_then(|(_, r)| r.period.clone().map(|y| (y, r.path.clone())));
        if let Some((year, ips_path)) = ips {
            let end = year.rsplit('-').next().unwrap_or(&year).to_string();
            for (i, p) in paths.iter().enumerate() {
                let r = &loaded[i].1;
                if !super::ival::is_value_added(&r.dataset)
                    || r.period.as_deref() == Some(end.as_str())
                {
                    continue;
                }
                if !r.periods.contains(&end) {
                    let (exam, file) = if r.dataset == "ivac" {
                        ("DNB", "an IVAC")
                    } else {
                        ("bac", "an IVAL")
                    };
                    return Err(Error::Data(format!(
                        "{} holds {exam} session {} only; the IPS file {ips_path} is {year}, which pairs with session {end} (the {exam} of June {end} closes school year {year}): pass --session {} to use it anyway, or give {file} file with session {end}",
                        r.path,
                        r.periods.join(", "),
                        r.periods.last().map_or("", String::as_str),
                    )));
                }
                let o = LoadOptions {
                    session: Some(end.clone()),
                    ..opts.clone()
                };
                loaded[i] = match spare[i].take() {
                    Some(raw) => from_raw(p, raw, &o)?,
                    None => load(p, &o)?,
                };
                loaded[i].1.notes.push(format!(
                    "session {end} paired with the IPS school year {year}"
                ));
            }
        }
    }
    drop(spare);
    let base_idx = loaded
        .iter()
        .position(|(_, r)| is_ips(&r.dataset))
        .unwrap_or(0);
    let mut order: Vec<usize> = vec![base_idx];
    order.extend((0..loaded.len()).filter(|&i| i != base_idx));
    let mut tables: Vec<Option<Table>> = Vec::new();
    let mut loads = Vec::new();
    for (t, r) in loaded {
        tables.push(Some(t));
        loads.push(r);
    }
    let mut table = tables[base_idx].take().unwrap_or_default();
    let mut joins = Vec::new();
    let mut unmatched = Vec::new();
    for &i in &order[1..] {
        let right = tables[i].take().unwrap_or_default();
        let dups = loads[i]
            .problems
            .iter()
            .filter(|p| p.reason.starts_with("duplicate UAI"))
            .count();
        let (t, rep, lost) = join(
            table,
            &right,
            super::ival::is_value_added(&loads[i].dataset),
            dups,
        );
        table = t;
        joins.push(rep);
        unmatched.extend(lost);
    }
    let mut reordered = Vec::with_capacity(loads.len());
    for &i in &order {
        reordered.push(loads[i].clone());
    }
    Ok(Inputs {
        table,
        loads: reordered,
        joins,
        unmatched,
    })
}

/// Join `right` onto `left` by UAI. Returns the table, the report and the rejected left rows (inner join).
pub fn join(
    left: Table,
    right: &Table,
    inner: bool,
    right_duplicates: usize,
) -> (Table, JoinReport, Vec<Problem>) {
    let index: rustc_hash::FxHashMap<&str, usize> = right
        .uai
        .iter()
        .enumerate()
        .map(|(i, u)| (u.as_str(), i))
        .collect();
    let partner: Vec<Option<usize>> = left
        .uai
        .iter()
        .map(|u| index.get(u.as_str()).copied())
        .collect();
    let matched = partner.iter().filter(|p| p.is_some()).count();
    let report = JoinReport {
        left: left.dataset.clone(),
        right: format!("{} ({})", right.path, right.dataset),
        kind: if inner { "inner" } else { "left" }.into(),
        matched,
        left_only: left.len() - matched,
        right_only: right.len() - matched,
        right_duplicates,
    };
    let mut lost = Vec::new();
    let path: std::sync::Arc<str> = left.path.as_str().into();
    let reason: std::sync::Arc<str> =
        format!("no row for this UAI in {} ({})", right.path, right.dataset).into();
    let keep: Vec<usize> = (0..left.len())
        .filter(|&i| {
            let ok = !inner || partner[i].is_some();
            if !ok {
                lost.push(Problem {
                    path: path.clone(),
                    line: left.line[i],
                    unit: left.unit,
                    column: None,
                    uai: Some(left.uai[i].clone()),
                    value: None,
                    reason: reason.clone(),
                });
            }
            ok
        })
        .collect();
    let mut out = left;
    if inner {
        out.retain_rows(&keep);
    }
    let partner: Vec<Option<usize>> = if inner {
        keep.iter().map(|&i| partner[i]).collect()
    } else {
        partner
    };
    for (name, rc) in &right.columns {
        let fill = |i: usize| partner[i].filter(|&j| !rc.is_missing(j));
        match out.columns.get_mut(name) {
            Some(Column::Num(v)) => {
                if let Column::Num(r) = rc {
                    for i in 0..v.len() {
                        if v[i].is_nan() {
                            if let Some(j) = fill(i) {
                                v[i] = r[j];
                            }
                        }
                    }
                }
            }
            Some(Column::Text(v)) => {
                for i in 0..v.len() {
                    if v[i].is_empty() {
                        if let Some(j) = fill(i) {
                            v[i] = rc.display(j).into();
                        }
                    }
                }
            }
            None => {
                let n = out.len();
                let col = match rc {
                    Column::Num(r) => Column::Num(
                        (0..n)
                            .map(|i| partner[i].map_or(f64::NAN, |j| r[j]))
                            .collect(),
                    ),
                    Column::Text(r) => Column::Text(
                        (0..n)
                            .map(|i| partner[i].map_or_else(Default::default, |j| r[j].clone()))
                            .collect(),
                    ),
                };
                out.insert_column(name.clone(), col, right.info.get(name).cloned());
            }
        }
    }
    out.unread.extend(right.unread.iter().cloned());
    // Canonical names the right table answers to and the left one does not.
    for (alias, key) in &right.aliases {
        if !out.has(alias) && out.columns.contains_key(key) {
            out.aliases.insert(alias.clone(), key.clone());
        }
    }
    // Schools absent from the EP list are neither REP, REP+ nor HORS EP.
    if matches!(right.dataset.as_str(), "ep-list" | "annuaire") {
        let key = out.key("ep_status").map(str::to_string);
        if let Some(Column::Text(v)) = key.and_then(|k| out.columns.get_mut(&k)) {
            v.iter_mut()
                .filter(|s| s.is_empty())
                .for_each(|s| *s = "NON EP".into());
        }
    }
    out.dataset = format!("{}+{}", out.dataset, right.dataset);
    (out, report, lost)
}
