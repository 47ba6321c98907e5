//! Missing values (issues 14 and 15): the default policy drops incomplete schools and says how many,
//! which column and from which file; an active column without any value is refused under every
//! policy; an IVAC file without the session the IPS year pairs with says what to do.

use crate::common;

use crate::common::run_str;
use std::path::Path;

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// rel-14: an active column with no value at all: exit 1 for every policy, naming the column as
/// written in the file and saying to drop it from the active variables.
#[test]
fn an_empty_active_column_is_refused_under_every_policy() {
    let d = tempfile::tempdir().unwrap();
    let t = d.path().join("t.csv");
    let mut body = String::from("uai,ips,ips_sd,va_note\n");
    for (u, a, b) in [
        ("0440008V", 113.2, 34.2),
        ("0440010X", 108.6, 35.1),
        ("0440013A", 94.3, 30.6),
        ("0440015C", 97.0, 29.9),
    ] {
        body.push_str(&format!("{u},{a},{b},\n"));
    }
    std::fs::write(&t, body).unwrap();
    for m in ["iterative", "mean", "drop", "error"] {
        let (code, _, err) = run_str(&[
            "pca",
            "--dataset",
            "table",
            p(&t),
            "--active",
            "ips,ips_sd,va_written_mark",
            "--missing",
            m,
            "--out",
            p(&d.path().join(m)),
        ]);
        assert_eq!(code, 1, "--missing {m}: {err}");
        assert!(
            err.contains("column 'va_note' (column 4 of")
                && err.contains("has no value in any of the 4 schools")
                && err.contains("drop it from the active variables (--active"),
            "--missing {m}: {err}"
        );
    }
}

/// The same on the reference input, as the case does it (column 12 emptied).
#[test]
fn rel14_on_the_reference_input() {
    let Some(dir) = common::reference_dir("nantes_public_2023") else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("input.csv")).unwrap();
    let body: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let mut f: Vec<&str> = l.split(',').collect();
            if i > 0 {
                f[11] = "";
            }
            f.join(",") + "\n"
        })
        .collect();
    let d = tempfile::tempdir().unwrap();
    let t = d.path().join("t.csv");
    std::fs::write(&t, body).unwrap();
    for m in ["iterative", "mean", "drop"] {
        let (code, _, err) = run_str(&[
            "pca",
            p(&t),
            "--dataset",
            "table",
            "--active",
            "ips,ips_sd,success_rate,va_success_rate,written_mark,va_written_mark,access_rate_6e_3e",
            "--missing",
            m,
            "--out",
            p(&d.path().join(m)),
        ]);
        assert_eq!(code, 1, "{m}: {err}");
        assert!(
            err.contains("'va_note' (column 12 of")
                && err.contains("has no value in any of the 244 schools"),
            "{m}: {err}"
        );
    }
}

/// The default drops schools without value added (real IVAC: 185 in session 2023) and says so, with
/// the file the values come from; `--missing error` names that file too.
#[test]
fn default_drop_reports_column_count_and_file() {
    let Some(real) = common::real_dir() else {
        return;
    };
    let ips = real.join("ips_colleges_2022_2023.csv");
    let ivac = real.join("ival_colleges_2022_2024.csv");
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("pca");
    let rejected = d.path().join("rejected.csv");
    let (code, _, err) = run_str(&[
        "pca",
        p(&ips),
        p(&ivac),
        "--active",
        "ips,ips_sd,va_success_rate",
        "--rejected",
        p(&rejected),
        "--out",
        p(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("schools dropped for a missing active value")
            && err.contains("va_success_rate")
            && err.contains("ival_colleges_2022_2024.csv"),
        "{err}"
    );
    let (code, _, err) = run_str(&[
        "pca",
        p(&ips),
        p(&ivac),
        "--active",
        "ips,ips_sd,va_success_rate",
        "--missing",
        "error",
        "--out",
        p(&d.path().join("e")),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("'va_success_rate' (header 'VA du taux de réussite G', column 15 of")
            && err.contains("ival_colleges_2022_2024.csv")
            && err.contains("(its values come from"),
        "{err}"
    );
    // run writes every dropped school in rejected.csv with its reason.
    let run_out = d.path().join("run");
    let (code, _, err) = run_str(&[
        "run",
        p(&ips),
        p(&ivac),
        "--academie",
        "NANTES",
        "--tables-only",
        "--no-sensitivity",
        "--no-matching",
        "--no-neighbourhood",
        "--out",
        p(&run_out),
    ]);
    assert_eq!(code, 0, "{err}");
    let (_, rows) = common::read_csv(&run_out.join("rejected.csv"));
    let dropped: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[5].starts_with("missing value in active variable"))
        .collect();
    assert!(!dropped.is_empty());
    assert!(
        dropped
            .iter()
            .all(|r| r[5].contains("ival_colleges_2022_2024.csv") || r[5].contains("'ips")),
        "{:?}",
        dropped[0]
    );
}

/// rel-13: the IVAC file holds session 2022 only while the IPS is 2022-2023 (pairs with 2023): a data
/// error naming the file, its sessions, the pairing and both ways forward; `--session 2022` works.
#[test]
fn ivac_without_the_paired_session() {
    let Some(real) = common::real_dir() else {
        return;
    };
    let text = std::fs::read_to_string(real.join("ival_colleges_2022_2024.csv")).unwrap();
    let cut: String = text
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || l.split(';').nth(1) == Some("2022"))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let d = tempfile::tempdir().unwrap();
    let ivac = d.path().join("ivac22.csv");
    std::fs::write(&ivac, cut).unwrap();
    let ips = real.join("ips_colleges_2022_2023.csv");
    let (code, _, err) = run_str(&["validate", p(&ips), p(&ivac)]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("ivac22.csv holds DNB session 2022 only")
            && err.contains("is 2022-2023, which pairs with session 2023")
            && err.contains("pass --session 2022")
            && err.contains("an IVAC file with session 2023"),
        "{err}"
    );
    let (code, out, err) = run_str(&["validate", p(&ips), p(&ivac), "--session", "2022"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("matched 6616"), "{out}");
}
