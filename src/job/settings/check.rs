//! The checks of the settings: [`check_run`] before anything is read, [`check_loaded`] right after
//! the inputs are loaded and before any computation.

use super::limits;
use crate::analysis::AnalysisConfig;
use crate::data::{territory, Table};
use crate::error::{Allowed, Error, Result, Schema, SettingError};
use crate::job::config::RunConfig;
use crate::select::SelectionSpec;

fn bad(key: &str, value: impl std::fmt::Display, allowed: impl Into<String>) -> Error {
    Error::setting(SettingError::new(Schema::Config, key, value, allowed))
}

fn int(range: Allowed, key: &str, v: usize) -> Result<()> {
    range
        .check_int(Schema::Config, key, v as u64)
        .map_err(Error::Setting)
}

/// The dataset names `--dataset` / `[inputs] dataset` take.
pub(crate) fn dataset_known(name: &str) -> bool {
    name == crate::data::presets::TABLE || crate::data::presets::by_name(name).is_some()
}

/// Check every setting of a run that can be checked without the data: words among their values,
/// numbers in their ranges, settings consistent with each other, the selection spec (read when it is
/// a file). Errors name the key (`clustering.k`); [`super::Origin::attribute`] names the flag or
/// the file and line.
pub fn check_run(c: &RunConfig) -> Result<()> {
    if let Some(d) = &c.inputs.dataset {
        if !dataset_known(d) {
            return Err(bad(
                "inputs.dataset",
                d,
                format!("table, {}", crate::data::presets::known_names()),
            ));
        }
    }
    // The environment's size limit, when no setting overrides it, is checked with the settings.
    super::max_bytes_or_env(c.inputs.max_bytes)?;
    if let Some(n) = c.inputs.mean_sessions {
        int(limits::MEAN_SESSIONS, "inputs.mean_sessions", n)?;
    }
    check_filter(&c.filter)?;
    let p = &c.pca;
    if p.active.is_empty() {
        return Err(Error::setting(SettingError::about(
            Schema::Config,
            "pca.active",
            "empty: name the active variables (numeric columns)",
        )));
    }
    int(limits::NCP, "pca.ncp", p.ncp)?;
    int(limits::IMPUTE_NCP, "pca.impute_ncp", p.impute_ncp)?;
    for o in c.orient()? {
        let shown = format!("{}:{}", o.axis, o.variable);
        if o.axis == 0 || o.axis > p.ncp {
            return Err(bad(
                "pca.orient",
                shown,
                format!("an axis from 1 to `pca.ncp` = {}", p.ncp),
            ));
        }
    }
    let k = &c.clustering;
    if let Some(v) = k.k {
        int(limits::K, "clustering.k", v)?;
    }
    if let Some(mk) = k.min_k {
        int(limits::MIN_K, "clustering.min_k", mk)?;
    }
    if let Some(m) = k.max_k {
        int(limits::MAX_K, "clustering.max_k", m)?;
        // Only a minimum the user set can contradict a maximum; the default one gives way.
        if let Some(mk) = k.min_k.filter(|mk| m < *mk) {
            return Err(bad(
                "clustering.max_k",
                m,
                format!("at least `clustering.min_k` = {mk}"),
            ));
        }
    }
    int(limits::ITER_MAX, "clustering.iter_max", k.iter_max)?;
    if let Some(kk) = k.kk {
        int(limits::KK, "clustering.kk", kk)?;
        if let Some(v) = k.k.filter(|v| *v > kk) {
            return Err(bad(
                "clustering.k",
                v,
                format!("at most `clustering.kk` = {kk} (the groups of the pre-clustering)"),
            ));
        }
    }
    int(limits::N_INIT, "clustering.n_init", k.n_init)?;
    if k.enabled && k.method == super::Method::Kmeans && k.k.is_none() {
        return Err(Error::setting(SettingError::about(
            Schema::Config,
            "clustering.method",
            "kmeans needs `clustering.k` (k-means has no automatic k)",
        )));
    }
    int(limits::N, "selection.n", c.selection.n)?;
    for (level, &n) in &c.selection.n_per_level {
        let key = format!("selection.n_per_level.{level}");
        if crate::select::Level::from_name(level).is_none() {
            return Err(bad(&key, level, crate::job::levels::LEVEL_NAMES));
        }
        int(limits::N, &key, n)?;
    }
    if let Some(spec) = c.selection()? {
        spec.check_static(Some(p.ncp), Some(k.enabled))?;
    }
    if let Some(a) = &c.allocation {
        a.check()?;
        if c.selection.preset.is_none() && c.selection.spec.is_none() {
            return Err(Error::setting(SettingError::about(
                Schema::Config,
                "allocation.covers",
                "needs a selection: set `selection.preset` or `selection.spec`",
            )));
        }
    }
    Ok(())
}

/// The row filter's words and codes.
fn check_filter(f: &crate::data::filter::Filter) -> Result<()> {
    if let Some(s) = &f.sector {
        if !["public", "private", "all"].contains(&s.as_str()) {
            return Err(bad(
                "filter.sector",
                s,
                super::enums::choices::<super::Sector>(),
            ));
        }
    }
    for d in &f.departement {
        if territory::departement_code(d).is_none() {
            return Err(bad(
                "filter.departement",
                d,
                "département codes (01 to 95, 2A, 2B, 971 to 976)",
            ));
        }
    }
    Ok(())
}

/// Distinct values of a text column, sorted (a few hundred among up to a million rows).
fn distinct(table: &Table, col: &str) -> Vec<String> {
    let set: std::collections::BTreeSet<&str> = table
        .text(col)
        .map(|v| v.iter().map(|x| x.as_str()).collect())
        .unwrap_or_default();
    set.into_iter().map(str::to_string).collect()
}

fn list(v: &[String]) -> String {
    crate::text::quote_at_most(&v.join(", "), 1000).into_owned()
}

/// Check the settings that depend on the data, right after loading and before any computation: the
/// territories and the sector kept by the filter exist, the PCA's columns exist (numeric where they must be), the
/// selection spec names columns and territories of the data. A value the user set that the data make
/// impossible is a usage error naming the setting (exit code 2).
///
/// Checks on the number of clusters against the schools (distinct rows) belong here too, with the
/// clustering's own rules (see `crate::cluster`).
pub fn check_loaded(
    cfg: &AnalysisConfig,
    spec: Option<&SelectionSpec>,
    table: &Table,
) -> Result<()> {
    let f = &cfg.filter;
    let academies = distinct(table, "academie");
    for a in &f.academie {
        let wanted = territory::academie_wanted(a);
        if !academies.iter().any(|x| territory::academie_is(x, &wanted)) {
            let values: Vec<&str> = academies.iter().map(String::as_str).collect();
            return Err(bad(
                "filter.academie",
                a,
                if academies.is_empty() {
                    "none: the inputs have no académie column".to_string()
                } else {
                    format!(
                        "académies of the data, closest first: {}",
                        territory::list_some(&territory::closest_first(a, &values), 40)
                    )
                },
            ));
        }
    }
    let deps = distinct(table, "departement");
    for d in &f.departement {
        let dn = territory::departement_code(d).map_or_else(|| d.clone(), |t| t.to_string());
        if !deps.contains(&dn) {
            let named: Vec<String> = deps
                .iter()
                .map(|c| match territory::departement_name(c) {
                    Some(n) => format!("{c} ({n})"),
                    None => c.clone(),
                })
                .collect();
            let values: Vec<&str> = named.iter().map(String::as_str).collect();
            return Err(bad(
                "filter.departement",
                d,
                if deps.is_empty() {
                    "none: the inputs have no département column".to_string()
                } else {
                    format!(
                        "départements of the data, closest first: {}",
                        territory::list_some(&territory::closest_first(d, &values), 40)
                    )
                },
            ));
        }
    }
    if let Some(sector) = f.sector() {
        let sectors = distinct(table, "sector");
        if !sectors.iter().any(|x| x.eq_ignore_ascii_case(sector)) {
            return Err(bad(
                "filter.sector",
                sector,
                if sectors.is_empty() {
                    "none: the inputs have no sector column (secteur)".to_string()
                } else {
                    format!("sectors of the data: {}", list(&sectors))
                },
            ));
        }
    }
    // Columns are named as the user wrote them (a header, its normalised form, a canonical name):
    // the table resolves each name and explains a refusal (unknown, ambiguous, not numeric).
    let column = |key: &str, name: &str, numeric: bool| -> Result<()> {
        let found = if numeric {
            table.resolve_numeric(name)
        } else {
            table.resolve(name)
        };
        found.map(|_| ()).map_err(|e| match e {
            Error::UnknownColumn { available, .. } => bad(
                key,
                name,
                format!(
                    "{} of the data: {available}",
                    if numeric {
                        "numeric columns"
                    } else {
                        "columns"
                    }
                ),
            ),
            Error::Usage(problem) => {
                Error::setting(SettingError::about(Schema::Config, key, problem))
            }
            e => e,
        })
    };
    let s = &cfg.spec;
    for a in &s.active {
        column("pca.active", a, true)?;
    }
    for q in &s.quanti_sup {
        column("pca.quanti_sup", q, true)?;
    }
    if let Some(w) = &s.weights {
        column("pca.weights", w, true)?;
    }
    for q in &s.quali_sup {
        column("pca.quali_sup", q, false)?;
    }
    // An orientation names an active variable, by any of its names (`ips` for a table's `IPS`).
    let active: Vec<String> = s
        .active
        .iter()
        .filter_map(|a| table.resolve(a).ok())
        .collect();
    for o in cfg.pca.params().orientations() {
        if !table
            .resolve(&o.variable)
            .is_ok_and(|k| active.contains(&k))
        {
            return Err(bad(
                "pca.orient",
                format!("{}:{}", o.axis, o.variable),
                format!(
                    "a variable among `pca.active`: {}",
                    crate::text::quote(&s.active.join(", "))
                ),
            ));
        }
    }
    let numeric: Vec<String> = table
        .columns
        .iter()
        .filter(|(_, c)| matches!(c, crate::data::Column::Num(_)))
        .map(|(k, _)| k.clone())
        .collect();
    if let Some(spec) = spec {
        // The spec's variables and territories as the data names them, then checked.
        spec.resolved(table)?
            .check_data(&numeric, &academies, &deps)?;
    }
    Ok(())
}
