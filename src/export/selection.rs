//! Selection output files: `selection.csv`, `selection.geojson`, `sensitivity.csv` (per school),
//! `matches.csv`, `balance.csv`, `thresholds.csv`, `selection.json`. Beyond the output policy's
//! [`JsonPolicy::max_per_school`] schools ([`super::json::JSON_MAX_INDIVIDUALS`] by default) the
//! JSON and GeoJSON files stay readable: `selection.json` leaves the per-school lists to the CSV
//! files and `selection.geojson` holds the eligible schools only.

use super::json::{JsonPolicy, SelectionJson};
use crate::error::{Error, Result};
use crate::output::{
    write_atomic, write_csv, write_csv_with, write_json_sized, Cell, Dialect, PRETTY_JSON_MAX_ROWS,
};
use crate::select::Selection;
use std::path::{Path, PathBuf};

fn b(x: bool) -> Cell<'static> {
    Cell::Bool(x)
}

/// Write the selection files into `dir`, under the output policy `json`.
pub fn write(
    sel: &Selection,
    dir: &Path,
    dialect: Dialect,
    json: JsonPolicy,
) -> Result<Vec<PathBuf>> {
    let mut out = write_per_school(sel, dir, dialect, json)?;
    out.extend(write_summary(sel, dir, dialect, json)?);
    Ok(out)
}

/// The per-school files: `selection.csv` (every school with its explanation), `selection.geojson`
/// (the eligible schools only beyond `json.max_per_school` schools), `sensitivity.csv`.
pub fn write_per_school(
    sel: &Selection,
    dir: &Path,
    dialect: Dialect,
    json: JsonPolicy,
) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let header = [
        "id",
        "name",
        "academie",
        "departement",
        "ep_status",
        "eligible",
        "selected",
        "rank",
        "score",
        "orphan_threshold",
        "orphan_cluster",
        "orphan_neighbourhood",
        "ep_likeness",
        "reasons",
        "decision",
    ];
    // Rows are built in parallel chunks while the file is written (a 1M-school list is never held
    // as cells in memory). Schools that could not be analysed stay in the file, with their reason:
    // nothing disappears.
    let analysed = sel.schools.len();
    // Orphans not computed (lycées): empty cells, not `false`.
    // The threshold detector also runs for lycées when a reference group is given.
    let on = |computed: bool, x: bool| -> Cell<'static> {
        if computed {
            b(x)
        } else {
            String::new().into()
        }
    };
    let threshold_on = sel.spec.orphans.threshold_on();
    let ob = |x: bool| on(sel.spec.orphans.enabled, x);
    let row = |i: usize| -> Vec<Cell> {
        if i < analysed {
            let s = sel.schools.get(i);
            let t = sel.schools.table();
            return vec![
                t.uai[i].as_str().into(),
                t.str("name", i).into(),
                t.str("academie", i).into(),
                t.str("departement", i).into(),
                t.str("ep_status", i).into(),
                b(s.eligible),
                b(s.selected),
                s.rank.map(|r| r.to_string()).unwrap_or_default().into(),
                s.score.into(),
                on(threshold_on, s.orphan_threshold),
                ob(s.orphan_cluster),
                ob(s.orphan_neighbourhood),
                s.ep_likeness.into(),
                s.reasons().into(),
                s.decision.as_ref().map_or("", |d| d.kind.word()).into(),
            ];
        }
        let Some(p) = sel.not_analysed.get(i - analysed) else {
            return Vec::new();
        };
        vec![
            p.uai.clone().unwrap_or_default().into(),
            String::new().into(),
            String::new().into(),
            String::new().into(),
            String::new().into(),
            b(false),
            b(false),
            String::new().into(),
            Cell::Num(f64::NAN),
            on(threshold_on, false),
            ob(false),
            ob(false),
            Cell::Num(f64::NAN),
            format!(
                "not analysed: {} ({} {} of {})",
                p.reason, p.unit, p.line, p.path
            )
            .into(),
            String::new().into(),
        ]
    };
    let p = dir.join("selection.csv");
    write_csv_with(&p, &header, analysed + sel.not_analysed.len(), row, dialect)?;
    out.push(p);

    let (lon, lat) = (
        sel.schools.table().num("longitude"),
        sel.schools.table().num("latitude"),
    );
    let located =
        |i: usize| lon.is_some_and(|v| v[i].is_finite()) && lat.is_some_and(|v| v[i].is_finite());
    let features: Vec<geojson::Feature> = (0..analysed)
        .filter(|&i| located(i))
        // Beyond the policy's limit (JSON_MAX_INDIVIDUALS schools by default), the map layer keeps
        // the eligible ones (selected included): selection.csv has every school.
        .filter(|&i| analysed <= json.max_per_school || sel.schools.eligible[i])
        .map(|i| sel.schools.get(i))
        .map(|s| {
            let mut props = geojson::JsonObject::new();
            props.insert("id".into(), s.uai.as_str().into());
            props.insert("name".into(), s.name.clone().into());
            props.insert("academie".into(), s.academie.clone().into());
            props.insert("departement".into(), s.departement.clone().into());
            props.insert("ep_status".into(), s.ep_status.clone().into());
            props.insert("eligible".into(), s.eligible.into());
            props.insert("selected".into(), s.selected.into());
            props.insert(
                "rank".into(),
                s.rank
                    .map(serde_json::Value::from)
                    .unwrap_or(serde_json::Value::Null),
            );
            props.insert(
                "score".into(),
                serde_json::Number::from_f64(s.score)
                    .map(serde_json::Value::Number)
                    .unwrap_or(serde_json::Value::Null),
            );
            props.insert("orphan_threshold".into(), s.orphan_threshold.into());
            props.insert("orphan_cluster".into(), s.orphan_cluster.into());
            props.insert("orphan_neighbourhood".into(), s.orphan_neighbourhood.into());
            props.insert(
                "ep_likeness".into(),
                serde_json::Number::from_f64(s.ep_likeness)
                    .map(serde_json::Value::Number)
                    .unwrap_or(serde_json::Value::Null),
            );
            props.insert("reasons".into(), s.reasons().into());
            props.insert(
                "decision".into(),
                s.decision
                    .as_ref()
                    .map_or(serde_json::Value::Null, |d| d.kind.word().into()),
            );
            geojson::Feature {
                bbox: None,
                geometry: Some(geojson::Geometry::new(geojson::Value::Point(vec![
                    s.longitude,
                    s.latitude,
                ]))),
                id: None,
                properties: Some(props),
                foreign_members: None,
            }
        })
        .collect();
    let fc = geojson::FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    };
    let p = dir.join("selection.geojson");
    write_atomic(&p, fc.to_string().as_bytes())?;
    out.push(p);

    let st = &sel.sensitivity.schools;
    let p = dir.join("sensitivity.csv");
    write_csv_with(
        &p,
        &["id", "selected", "variant_frequency", "bootstrap_frequency"],
        st.len(),
        |i| {
            vec![
                st[i].uai.as_str().into(),
                b(st[i].selected),
                st[i].variant_frequency.into(),
                st[i].bootstrap_frequency.into(),
            ]
        },
        dialect,
    )?;
    out.push(p);
    Ok(out)
}

/// The summary files: `matches.csv`, `balance.csv`, `thresholds.csv` (every threshold a criterion
/// applied, per territory), `selection.json` under the output policy `json` (compact outputs:
/// [`JsonPolicy::compact`]).
pub fn write_summary(
    sel: &Selection,
    dir: &Path,
    dialect: Dialect,
    json: JsonPolicy,
) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let rows: Vec<Vec<Cell>> = sel
        .matching
        .matches
        .iter()
        .map(|m| {
            vec![
                m.uai.clone().into(),
                m.rank.into(),
                m.control.clone().unwrap_or_default().into(),
                m.distance.into(),
            ]
        })
        .collect();
    let p = dir.join("matches.csv");
    write_csv(&p, &["id", "rank", "match_id", "distance"], &rows, dialect)?;
    out.push(p);
    let rows: Vec<Vec<Cell>> = sel
        .matching
        .balance
        .iter()
        .map(|x| {
            vec![
                x.variable.clone().into(),
                x.mean_selected.into(),
                x.mean_controls.into(),
                x.smd_before.into(),
                x.mean_matched.into(),
                x.smd_after.into(),
            ]
        })
        .collect();
    let p = dir.join("balance.csv");
    write_csv(
        &p,
        &[
            "variable",
            "mean_selected",
            "mean_controls",
            "smd_before",
            "mean_matched",
            "smd_after",
        ],
        &rows,
        dialect,
    )?;
    out.push(p);
    let th = sel.schools.thresholds();
    let rows: Vec<Vec<Cell>> = th
        .iter()
        .map(|t| {
            vec![
                t.criterion.as_str().into(),
                t.variable.as_str().into(),
                t.op.into(),
                t.level.into(),
                t.territory.as_str().into(),
                t.threshold.into(),
            ]
        })
        .collect();
    let p = dir.join("thresholds.csv");
    write_csv(
        &p,
        &[
            "criterion",
            "variable",
            "op",
            "level",
            "territory",
            "threshold",
        ],
        &rows,
        dialect,
    )?;
    out.push(p);
    let p = dir.join("selection.json");
    let doc = SelectionJson::new(sel, json);
    write_json_sized(&p, &doc, sel.schools.len() <= PRETTY_JSON_MAX_ROWS).map_err(|e| {
        Error::Output {
            path: p.clone(),
            reason: e.to_string(),
        }
    })?;
    out.push(p);
    Ok(out)
}
