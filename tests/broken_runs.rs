//! `run` on broken inputs: a clear error or a completed run with rejections, never a panic, never an
//! output folder left behind by a failed run.

use crate::common;

use std::path::{Path, PathBuf};

fn sample(name: &str) -> PathBuf {
    common::sample_dir().join(name)
}

fn run(inputs: &[PathBuf], out: &Path, extra: &[&str]) -> (i32, String) {
    let o = common::bin()
        .arg("run")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn ips_with(dir: &Path, edit: impl Fn(usize, &mut Vec<String>)) -> PathBuf {
    let text = std::fs::read_to_string(sample("fr-en-ips-colleges-ap2022.csv")).unwrap();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut f: Vec<String> = line.split(';').map(str::to_string).collect();
        if i > 0 {
            edit(i, &mut f);
        }
        out.push(f.join(";"));
    }
    let p = dir.join("ips.csv");
    std::fs::write(&p, out.join("\r\n")).unwrap();
    p
}

fn check(code: i32, err: &str, want_code: i32, want: &str, out: &Path) {
    assert_ne!(code, 101, "panic: {err}");
    assert_eq!(code, want_code, "{err}");
    assert!(err.contains(want), "expected '{want}' in: {err}");
    if code != 0 {
        assert!(!out.exists(), "a failed run left {} behind", out.display());
    }
}

#[test]
fn broken_inputs_never_panic() {
    let t = tempfile::tempdir().unwrap();
    let ivac = sample("fr-en-indicateurs-valeur-ajoutee-colleges.csv");
    // Truncated file: the last row is cut in the middle; it is rejected, the run completes.
    let text = std::fs::read_to_string(sample("fr-en-ips-colleges-ap2022.csv")).unwrap();
    let cut = t.path().join("cut.csv");
    std::fs::write(&cut, &text[..text.len() - 25]).unwrap();
    let out = t.path().join("o1");
    let (code, err) = run(&[cut, ivac.clone()], &out, &["--missing", "drop"]);
    check(code, &err, 0, "selected", &out);
    // Wrong separator.
    let out = t.path().join("o2");
    let (code, err) = run(
        &[sample("fr-en-ips-colleges-ap2022.csv"), ivac.clone()],
        &out,
        &["--separator", ","],
    );
    check(code, &err, 1, "not recognised", &out);
    // All-missing active column: refused under every policy, naming the column as written (rel-14;
    // it used to end in a bare "not enough schools: 0 usable row(s)").
    let d = tempfile::tempdir().unwrap();
    let p = ips_with(d.path(), |_, f| f[11] = String::new());
    let out = t.path().join("o3");
    let (code, err) = run(&[p.clone(), ivac.clone()], &out, &["--missing", "drop"]);
    check(
        code,
        &err,
        1,
        "'ips_sd' (header 'ecart_type_de_l_ips', column 12 of",
        &out,
    );
    assert!(err.contains("has no value in any of the"), "{err}");
    let (code, err) = run(&[p, ivac.clone()], &out, &[]);
    check(code, &err, 1, "ips_sd", &out);
    // Constant column.
    let p = ips_with(d.path(), |_, f| f[11] = "30.0".into());
    let out = t.path().join("o4");
    let (code, err) = run(&[p, ivac.clone()], &out, &["--missing", "drop"]);
    check(code, &err, 1, "'ips_sd' is constant", &out);
    // A single school.
    let lines: Vec<&str> = text.lines().take(2).collect();
    let one = t.path().join("one.csv");
    std::fs::write(&one, lines.join("\n")).unwrap();
    let out = t.path().join("o5");
    let (code, err) = run(&[one, ivac.clone()], &out, &["--missing", "drop"]);
    check(code, &err, 1, "not enough schools", &out);
    // Fewer schools than clusters: a setting the data make impossible (exit code 2), with the numbers.
    let few: Vec<&str> = text.lines().take(8).collect();
    let fewp = t.path().join("few.csv");
    std::fs::write(&fewp, few.join("\n")).unwrap();
    let out = t.path().join("o6");
    let (code, err) = run(
        &[fewp, ivac.clone()],
        &out,
        &["--missing", "drop", "--k", "20"],
    );
    check(code, &err, 2, "k = 20 but only 6 distinct schools", &out);
    // Empty file and binary garbage.
    let empty = t.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let out = t.path().join("o7");
    let (code, err) = run(&[empty], &out, &[]);
    check(code, &err, 1, "empty", &out);
}
