//! JSON exports of the same datasets as the CSV files: their records as a header and rows of text.
//!
//! # Parameters
//! The text of a JSON file in one of the shapes data.education.gouv.fr (Opendatasoft) gives:
//! - the portal's export, a flat array of records: `[{"uai": "0592935V", "ips": 100.1}, …]`;
//! - the API v2 records, a list of envelopes `[{"links": […], "record": {"id": …, "fields": {…}}}, …]`
//!   or the page `{"total_count": n, "records": [those envelopes]}`;
//! - the API v2.1 page `{"total_count": n, "results": [flat records]}`;
//! - the API v1 page `{"nhits": n, "records": [{"recordid": …, "fields": {…}}]}`;
//! - a GeoJSON export (`{"type": "FeatureCollection", "features": [{"properties": {…}}]}`);
//! - JSON lines (one record object per line, `.jsonl`/`.ndjson`).
//!
//! # Returns
//! A [`RawCsv`] whose header is the records' keys in first-seen order (the envelopes removed, nested
//! objects flattened as `parent.key`, like `pandas.json_normalize`: the directory's
//! `"position": {"lon": …, "lat": …}` gives `position.lon` and `position.lat`), so that datasets are
//! recognised exactly as from the CSV export. Cells: strings as they are, numbers as written in the
//! file (`100.0` stays `100.0`), `null` and absent keys empty (missing), booleans `true`/`false`,
//! arrays as compact JSON text. Records are numbered by their index (1-based; "record 12" in
//! messages), JSON lines by their line.
//!
//! # Errors
//! Invalid JSON (with its line and column), a shape that holds no records, records that are not
//! objects.

use super::csv_reader::RawCsv;
use super::table::Unit;
use crate::error::{Error, Result};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::path::Path;

/// A JSON object with its keys in the file's order and its values still as text.
struct Obj<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Obj<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Obj<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object (a record)")
            }
            fn visit_map<M: MapAccess<'de>>(
                self,
                mut m: M,
            ) -> std::result::Result<Obj<'a>, M::Error> {
                let mut v = Vec::new();
                while let Some(e) = m.next_entry::<Cow<'a, str>, &'a RawValue>()? {
                    v.push(e);
                }
                Ok(Obj(v))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

impl<'a> Obj<'a> {
    fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }
}

/// The first non-blank byte of a JSON value.
fn kind(v: &RawValue) -> u8 {
    v.get()
        .bytes()
        .find(|b| !b.is_ascii_whitespace())
        .unwrap_or(b'n')
}

fn syntax(path: &Path, e: serde_json::Error, unit: Unit, at: u64) -> Error {
    let (line, reason) = match unit {
        // One document: the parser's line is the file's.
        Unit::Record => (
            e.line() as u64,
            format!(
                "not valid JSON: {} (fix the file, or export the dataset as CSV)",
                crate::text::quote(&e.to_string())
            ),
        ),
        Unit::Line => (
            at,
            format!(
                "not a valid JSON record: {}",
                crate::text::quote(&e.to_string())
            ),
        ),
    };
    Error::Csv {
        path: path.into(),
        line,
        reason,
    }
}

/// Whether a text looks like JSON rather than CSV: its first non-blank character opens an array or
/// an object (a CSV header cannot start with `[{` or `{"`).
pub fn looks_like_json(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let mut c = t.chars();
    matches!(
        (c.next(), c.find(|c| !c.is_whitespace())),
        (Some('['), Some('{' | ']')) | (Some('{'), Some('"' | '}'))
    )
}

/// Read the records of a JSON file (`lines`: JSON lines, one record per line).
pub fn parse(path: &Path, text: &str, lines: bool) -> Result<RawCsv> {
    let text = text.trim_start_matches('\u{feff}');
    let mut notes = Vec::new();
    let mut records: Vec<(u64, Obj)> = Vec::new();
    let unit = if lines { Unit::Line } else { Unit::Record };
    if lines {
        for (i, l) in text.lines().enumerate() {
            if !l.trim().is_empty() {
                let o: Obj =
                    serde_json::from_str(l).map_err(|e| syntax(path, e, unit, i as u64 + 1))?;
                records.push((i as u64 + 1, o));
            }
        }
    } else {
        let top: &RawValue = serde_json::from_str(text).map_err(|e| syntax(path, e, unit, 0))?;
        let items: Vec<&RawValue> = match kind(top) {
            b'[' => serde_json::from_str(top.get()).map_err(|e| syntax(path, e, unit, 0))?,
            b'{' => {
                let o: Obj =
                    serde_json::from_str(top.get()).map_err(|e| syntax(path, e, unit, 0))?;
                let list = ["results", "records", "features"]
                    .iter()
                    .find_map(|k| o.get(k).filter(|v| kind(v) == b'[').map(|v| (*k, v)));
                match list {
                    Some((k, v)) => {
                        notes.push(format!("JSON: the records of its \"{k}\" list"));
                        serde_json::from_str(v.get()).map_err(|e| syntax(path, e, unit, 0))?
                    }
                    // A single record.
                    None => vec![top],
                }
            }
            _ => {
                return Err(Error::Csv {
                    path: path.into(),
                    line: 1,
                    reason: "JSON that is not a list of records: expected [{...}, ...] or an API \
                             page {\"results\": [...]}"
                        .into(),
                })
            }
        };
        for (i, v) in items.into_iter().enumerate() {
            let o: Obj = serde_json::from_str(v.get()).map_err(|_| Error::Csv {
                path: path.into(),
                line: i as u64 + 1,
                reason: format!(
                    "record {} is not a JSON object: expected one object per record",
                    i + 1
                ),
            })?;
            records.push((i as u64 + 1, o));
        }
    }
    if records.is_empty() {
        return Err(Error::EmptyFile { path: path.into() });
    }
    let mut enveloped = 0usize;
    let mut header: Vec<String> = Vec::new();
    let mut index: rustc_hash::FxHashMap<String, usize> = Default::default();
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(records.len());
    let mut nums = Vec::with_capacity(records.len());
    for (n, o) in records {
        let fields = unwrap(path, o, n, &mut enveloped)?;
        let mut row: Vec<String> = vec![String::new(); header.len()];
        flatten(path, n, "", &fields, &mut |k, cell| {
            let j = *index.entry(k.to_string()).or_insert_with(|| {
                header.push(k.to_string());
                header.len() - 1
            });
            if j >= row.len() {
                row.resize(j + 1, String::new());
            }
            row[j] = cell;
        })?;
        rows.push(row);
        nums.push(n);
    }
    for r in &mut rows {
        r.resize(header.len(), String::new());
    }
    if enveloped > 0 {
        notes.push(format!(
            "JSON: {enveloped} API record envelope(s) removed (their \"fields\" are the columns)"
        ));
    }
    let mut raw = RawCsv::from_records(header, rows, nums, b';', unit);
    raw.format = "json";
    raw.notes.splice(0..0, notes);
    Ok(raw)
}

/// The record inside an API envelope (`{"record": {"fields": {…}}}`, `{"recordid", "fields"}`,
/// a GeoJSON feature's `properties`), or the object itself.
fn unwrap<'a>(path: &Path, o: Obj<'a>, n: u64, enveloped: &mut usize) -> Result<Obj<'a>> {
    let inner = |v: &'a RawValue| -> Result<Obj<'a>> {
        serde_json::from_str(v.get()).map_err(|e| Error::Csv {
            path: path.into(),
            line: n,
            reason: format!(
                "record {n}: its fields are not a JSON object: {}",
                crate::text::quote(&e.to_string())
            ),
        })
    };
    if let Some(r) = o.get("record").filter(|v| kind(v) == b'{') {
        let r = inner(r)?;
        if let Some(f) = r.get("fields").filter(|v| kind(v) == b'{') {
            *enveloped += 1;
            return inner(f);
        }
    }
    if o.get("recordid").is_some() || o.get("datasetid").is_some() {
        if let Some(f) = o.get("fields").filter(|v| kind(v) == b'{') {
            *enveloped += 1;
            return inner(f);
        }
    }
    if o.get("type").is_some_and(|t| t.get() == "\"Feature\"") {
        if let Some(p) = o.get("properties").filter(|v| kind(v) == b'{') {
            *enveloped += 1;
            return inner(p);
        }
    }
    Ok(o)
}

/// Call `put(key, cell)` for every value of `o`, nested objects flattened as `prefix.key`.
fn flatten(
    path: &Path,
    n: u64,
    prefix: &str,
    o: &Obj,
    put: &mut dyn FnMut(&str, String),
) -> Result<()> {
    for (k, v) in &o.0 {
        let key = if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        };
        let raw = v.get().trim();
        let bad = |e: serde_json::Error| Error::Csv {
            path: path.into(),
            line: n,
            reason: format!(
                "record {n}, key '{}': {}",
                crate::text::quote(&key),
                crate::text::quote(&e.to_string())
            ),
        };
        match kind(v) {
            b'{' => {
                let inner: Obj = serde_json::from_str(raw).map_err(bad)?;
                flatten(path, n, &key, &inner, put)?;
            }
            b'"' => put(&key, serde_json::from_str::<String>(raw).map_err(bad)?),
            b'[' => {
                let value: serde_json::Value = serde_json::from_str(raw).map_err(bad)?;
                put(&key, value.to_string());
            }
            _ if raw == "null" => put(&key, String::new()),
            // Numbers and booleans: their text in the file.
            _ => put(&key, raw.to_string()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(r: &RawCsv) -> Vec<(u64, Vec<String>)> {
        r.fold_chunks(
            Path::new("t.json"),
            |_| Vec::new(),
            |v: &mut Vec<(u64, Vec<String>)>, l, rec| {
                v.push((l, rec.iter().map(|s| s.to_string()).collect()))
            },
        )
        .unwrap()
        .concat()
    }

    #[test]
    fn flat_array_keys_in_first_seen_order() {
        let r = parse(
            Path::new("t.json"),
            r#"[{"uai": "0592935V", "ips": 100.10, "ep": null},
                {"uai": "0592936W", "nom": "Coll\u00e8ge", "ips": 95, "position": {"lon": 2.5, "lat": 48.1}, "t": [1, 2], "b": true}]"#,
            false,
        )
        .unwrap();
        assert_eq!(
            r.header,
            [
                "uai",
                "ips",
                "ep",
                "nom",
                "position.lon",
                "position.lat",
                "t",
                "b"
            ]
        );
        assert_eq!(r.unit, Unit::Record);
        assert_eq!(
            rows(&r),
            vec![
                (1, vec!["0592935V", "100.10", "", "", "", "", "", ""]),
                (
                    2,
                    vec!["0592936W", "95", "", "Collège", "2.5", "48.1", "[1,2]", "true"]
                ),
            ]
            .into_iter()
            .map(|(l, v)| (l, v.into_iter().map(String::from).collect()))
            .collect::<Vec<_>>()
        );
    }

    #[test]
    fn api_envelopes() {
        let v2 = r#"[{"links": [], "record": {"id": "x", "timestamp": "t", "size": 3,
                      "fields": {"uai": "0440008V", "ips": "101.2"}}}]"#;
        let page = format!(r#"{{"total_count": 1, "records": {v2}}}"#);
        let v21 = r#"{"total_count": 1, "results": [{"uai": "0440008V", "ips": "101.2"}]}"#;
        let v1 = r#"{"nhits": 1, "records": [{"datasetid": "d", "recordid": "r", "fields": {"uai": "0440008V", "ips": "101.2"}}]}"#;
        let geo = r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": {"uai": "0440008V", "ips": "101.2"}}]}"#;
        for t in [v2, page.as_str(), v21, v1, geo] {
            let r = parse(Path::new("t.json"), t, false).unwrap();
            assert_eq!(r.header, ["uai", "ips"], "{t}");
            assert_eq!(rows(&r)[0].1, ["0440008V", "101.2"]);
        }
    }

    #[test]
    fn json_lines_are_numbered_by_line() {
        let r = parse(
            Path::new("t.jsonl"),
            "{\"uai\": \"0440008V\"}\n\n{\"uai\": \"0440010X\"}\n",
            true,
        )
        .unwrap();
        assert_eq!(r.unit, Unit::Line);
        assert_eq!(rows(&r).iter().map(|x| x.0).collect::<Vec<_>>(), [1, 3]);
    }

    #[test]
    fn errors_and_detection() {
        let e = parse(Path::new("t.json"), "[{\"uai\": 1},\n {\"uai\" 2}]", false)
            .err()
            .unwrap()
            .to_string();
        assert!(e.starts_with("t.json: line 2: not valid JSON"), "{e}");
        assert!(parse(Path::new("t.json"), "[1, 2]", false).is_err());
        assert!(matches!(
            parse(Path::new("t.json"), "[]", false),
            Err(Error::EmptyFile { .. })
        ));
        assert!(looks_like_json("\u{feff} [\n  {\"a\": 1}]"));
        assert!(looks_like_json("{\"results\": []}"));
        assert!(!looks_like_json("uai;ips\n"));
        assert!(!looks_like_json("[uai];ips\n"));
    }
}
