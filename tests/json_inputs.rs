//! JSON exports read as the CSV exports are (cases `data-07`, `data-08`, the API extracts of
//! `../shared/data/real/`), spreadsheets refused in one line, and messages that never quote more than
//! 200 characters of an input.

use crate::common;

use std::path::{Path, PathBuf};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn write(dir: &Path, name: &str, body: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

/// `../shared/cases/<name>/<file>`, or `None` (with a message) when absent.
fn shared_case(name: &str, file: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/cases")
        .join(name)
        .join(file);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("SKIPPED: {} is absent", p.display());
        None
    }
}

#[test]
fn data07_directory_as_a_portal_json_array() {
    let Some(p) = shared_case("data-07-annuaire-api-json", "ecoles.json") else {
        return;
    };
    for extra in [vec![], vec!["--dataset", "annuaire"]] {
        let o = common::bin()
            .arg("validate")
            .arg(&p)
            .args(&extra)
            .output()
            .unwrap();
        common::assert_success(&o);
        let out = text(&o.stdout);
        assert!(out.contains("dataset annuaire"), "{out}");
        assert!(out.contains("(JSON)"), "{out}");
        assert!(out.contains("rows 613 = kept 613 + rejected 0"), "{out}");
        assert!(o.stderr.len() < 2000);
    }
    let (t, _) = ciblage::load(&p, &Default::default()).unwrap();
    assert_eq!(t.uai[0], "0940176F");
    // Nested `position` flattened like the other keys, in the order of the record.
    let unread: Vec<&str> = t.unread.iter().map(|c| c.header.as_str()).collect();
    let at = unread.iter().position(|h| *h == "position.lon").unwrap();
    assert_eq!(unread[at + 1], "position.lat", "{unread:?}");
}

#[test]
fn data08_ips_colleges_as_pretty_printed_json() {
    let Some(p) = shared_case("data-08-ips-colleges-api-json", "fr-en-ips_colleges.json") else {
        return;
    };
    let o = common::bin().arg("validate").arg(&p).output().unwrap();
    common::assert_success(&o);
    let out = text(&o.stdout);
    assert!(out.contains("period 2021-2022"), "{out}");
    assert!(out.contains("rows 114 = kept 114 + rejected 0"), "{out}");
    let (t, r) = ciblage::load(&p, &Default::default()).unwrap();
    assert_eq!(r.dataset, "ips-colleges");
    assert_eq!(t.uai[0], "0750465Y");
    assert_eq!(t.num("ips").unwrap()[0], 113.9);
    assert_eq!(t.num("ips_sd").unwrap()[0], 42.2);
    assert_eq!(t.line[0], 1);
    assert_eq!(t.unit, ciblage::data::Unit::Record);
}

#[test]
fn json_rows_are_numbered_by_record_in_messages() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "t.json",
        br#"{"total_count": 2, "results": [{"uai": "0440008V", "ips": 101.5}, {"uai": "0440008A", "ips": "abc"}]}"#,
    );
    let o = common::bin().arg("validate").arg(&p).output().unwrap();
    common::assert_success(&o);
    let out = text(&o.stdout);
    assert!(
        out.contains("t.json: record 2, column 'uai', value '0440008A': invalid UAI"),
        "{out}"
    );
    let o = common::bin()
        .args(["validate", "--json"])
        .arg(&p)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files"][0]["problems"][0]["unit"], "record");
    assert_eq!(v["files"][0]["problems"][0]["line"], 2);
    // Invalid JSON: its line, in one message.
    let p = write(
        d.path(),
        "bad.json",
        b"[{\"uai\": \"0440008V\"},\n {\"uai\" 1}]",
    );
    let o = common::bin().arg("validate").arg(&p).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("bad.json: line 2: not valid JSON"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn spreadsheets_are_refused_in_one_line() {
    let d = tempfile::tempdir().unwrap();
    for (name, body) in [
        ("t.xlsx", b"PK\x03\x04 whatever".as_slice()),
        ("t.ods", b"PK\x03\x04 whatever".as_slice()),
        ("t.csv", b"PK\x03\x04\x14\x00 an xlsx renamed".as_slice()),
        (
            "t.txt",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 an xls".as_slice(),
        ),
    ] {
        let p = write(d.path(), name, body);
        let o = common::bin().arg("validate").arg(&p).output().unwrap();
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{name}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(
            err.contains(name) && err.contains("save it as CSV"),
            "{err}"
        );
    }
}

#[test]
fn messages_quote_at_most_200_characters_of_an_input() {
    let d = tempfile::tempdir().unwrap();
    // A header of 5,000 unknown columns, then a cell of 10,000 characters in a numeric column.
    let header: Vec<String> = (0..5000).map(|i| format!("colonne_{i}")).collect();
    let p = write(
        d.path(),
        "wide.csv",
        format!("{}\n1\n", header.join(";")).as_bytes(),
    );
    let o = common::bin().arg("validate").arg(&p).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stderr.len() < 1500, "{} bytes", o.stderr.len());
    // A rejected value of 10,000 characters (an id that is no UAI) is quoted by its first 200.
    let long = "x".repeat(10_000);
    let p = write(
        d.path(),
        "long.csv",
        format!("uai;ips\n0440008V;12\n{long};13\n").as_bytes(),
    );
    let o = common::bin()
        .args(["validate", "--dataset", "table"])
        .arg(&p)
        .output()
        .unwrap();
    common::assert_success(&o);
    let out = text(&o.stdout);
    assert!(out.len() < 1500, "{out}");
    assert!(out.contains("rows 2 = kept 1 + rejected 1"), "{out}");
    assert!(
        out.contains(&format!("value '{}…'", "x".repeat(200))),
        "{out}"
    );
}
