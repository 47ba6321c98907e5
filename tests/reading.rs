//! Reading every file right, or saying exactly why not (issue 14, reading half): quotes, special
//! files, size limit, control characters, encodings. Cases from `../shared/cases/` (`rel-01`, `rel-02`,
//! `rel-17`, `rel-20`, `rel-22`) with the right behaviour as assertions.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

fn case(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/cases")
        .join(name)
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    common::bin().args(args).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn write(dir: &Path, name: &str, body: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

/// A synthetic table of `n` collèges (the `sample` command's), as text.
fn sample_table(dir: &Path, n: usize) -> String {
    let out = dir.join(format!("sample{n}"));
    let o = common::bin()
        .args(["sample", "--format", "table", "--schools"])
        .arg(n.to_string())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    common::assert_success(&o);
    std::fs::read_to_string(out.join("colleges.csv")).unwrap()
}

#[test]
fn rel01_a_quote_left_open_in_the_header_is_an_error() {
    let t = case("rel-01-header-quote-swallows-file");
    for cmd in [
        vec!["validate", "t.csv", "--dataset", "table"],
        vec![
            "pca",
            "t.csv",
            "--dataset",
            "table",
            "--active",
            "ips",
            "--out",
            "out",
        ],
    ] {
        let o = common::bin().current_dir(&t).args(&cmd).output().unwrap();
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{cmd:?}: {err}");
        assert!(
            err.contains("t.csv: line 1: unbalanced quote in the header: the quote opened at column 2 (character 5) is never closed"),
            "{err}"
        );
        // The message quotes the header line, not the file it would have swallowed.
        assert!(!err.contains("0440010X"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    assert!(!t.join("out").exists());
}

#[test]
fn rel02_a_stray_quote_costs_its_line_only() {
    let t = case("rel-02-stray-quote-swallows-rows").join("t.csv");
    let o = run(&[
        "validate".as_ref(),
        t.as_os_str(),
        "--dataset".as_ref(),
        "table".as_ref(),
    ]);
    common::assert_success(&o);
    let out = text(&o.stdout);
    assert!(
        out.contains("rows 4 = kept 3 + rejected 1 + other periods 0"),
        "{out}"
    );
    assert!(
        out.contains("t.csv: line 2, column 'nom', UAI 0440008V, value '\"A,110': quote opened at column 2 (character 10) never closed on its line"),
        "{out}"
    );
    assert!(out.contains("joined table: 3 school(s)"), "{out}");
    let o = run(&[
        "validate".as_ref(),
        t.as_os_str(),
        "--dataset".as_ref(),
        "table".as_ref(),
        "--json".as_ref(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &v["files"][0];
    assert_eq!(
        (f["rows"].as_u64(), f["rows_kept"].as_u64()),
        (Some(4), Some(3))
    );
    assert_eq!(f["problems"][0]["line"], 2);
    assert_eq!(f["problems"][0]["column"], "nom");
}

/// The real EP list with one quote added on line 102 (case rel-02, part 2): one rejected line, every
/// other school read, and the Nantes selection exactly the one made on the unmodified list.
#[test]
fn rel02_a_stray_quote_in_the_real_ep_list() {
    let Some(real) = common::real_dir() else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let ep = std::fs::read_to_string(real.join("etablissements_ep_2022_2023.csv")).unwrap();
    let mut lines: Vec<String> = ep.lines().map(String::from).collect();
    assert!(lines[101].contains(";REP;"));
    lines[101] = lines[101].replacen(";REP;", ";\"REP;", 1);
    let bad = write(d.path(), "ep.csv", (lines.join("\n") + "\n").as_bytes());
    let ips = real.join("ips_colleges_2022_2023.csv");
    let ivac = real.join("ival_colleges_2022_2024.csv");
    let o = common::bin()
        .arg("validate")
        .args([&ips, &ivac, &bad])
        .arg("--json")
        .output()
        .unwrap();
    common::assert_success(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &v["files"][2];
    // 8,501 schools: the one on line 102 rejected, the duplicated 0572690P rejected as before.
    assert_eq!(f["rows"], 8501);
    assert_eq!(f["rows_kept"], 8499);
    let probs = f["problems"].as_array().unwrap();
    assert_eq!(probs.len(), 2);
    assert_eq!(probs[0]["line"], 102);
    assert_eq!(probs[0]["uai"], "0330274U");
    assert!(probs[0]["reason"]
        .as_str()
        .unwrap()
        .starts_with("quote opened at column 2 (character 10) never closed"));
    let select = |ep: &Path, out: &Path| {
        let o = common::bin()
            .arg("select")
            .args([&ips, &ivac])
            .arg(ep)
            .args([
                "--academie",
                "NANTES",
                "--sector",
                "public",
                "--missing",
                "drop",
            ])
            .args(["--preset", "nantes", "--out"])
            .arg(out)
            .output()
            .unwrap();
        common::assert_success(&o);
        std::fs::read_to_string(out.join("selection.csv")).unwrap()
    };
    let with_quote = select(&bad, &d.path().join("a"));
    let clean = select(
        &real.join("etablissements_ep_2022_2023.csv"),
        &d.path().join("b"),
    );
    assert_eq!(with_quote, clean);
    // No selected school is REP or REP+ in the unmodified list.
    let rep: std::collections::HashSet<&str> = ep
        .lines()
        .filter(|l| l.contains(";REP;") || l.contains(";REP+;"))
        .map(|l| &l[..8])
        .collect();
    let mut r = csv::Reader::from_reader(with_quote.as_bytes());
    let h = r.headers().unwrap().clone();
    let sel = h.iter().position(|c| c == "selected").unwrap();
    let mut n = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        if &rec[sel] == "true" {
            n += 1;
            assert!(!rep.contains(&rec[0]), "{} is REP/REP+", &rec[0]);
        }
    }
    assert_eq!(n, 21);
}

/// Spawn `ciblage` on named pipes fed by `cat`, wait for it (a watchdog kills it after two minutes:
/// a hang fails the test instead of blocking it), and return its output.
#[cfg(unix)]
fn on_pipes(d: &Path, sources: &[PathBuf], args: &[&str]) -> Output {
    let mut fifos = Vec::new();
    let mut writers = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        let f = d.join(format!("pipe{i}.csv"));
        let _ = std::fs::remove_file(&f);
        assert!(std::process::Command::new("mkfifo")
            .arg(&f)
            .status()
            .unwrap()
            .success());
        writers.push(
            std::process::Command::new("sh")
                .arg("-c")
                .arg("cat \"$1\" > \"$2\"")
                .args(["sh".as_ref(), s.as_os_str(), f.as_os_str()])
                .spawn()
                .unwrap(),
        );
        fifos.push(f);
    }
    let mut child = common::bin()
        .args(args)
        .args(&fifos)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut waited = 0;
    while child.try_wait().unwrap().is_none() {
        if waited > 120_000 {
            let _ = child.kill();
            for mut w in writers {
                let _ = w.kill();
            }
            panic!("ciblage {args:?} on named pipes did not finish: it hangs");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        waited += 20;
    }
    let o = child.wait_with_output().unwrap();
    for mut w in writers {
        let _ = w.kill();
        let _ = w.wait();
    }
    o
}

#[cfg(unix)]
#[test]
fn rel17_named_pipes_are_read_once() {
    let d = tempfile::tempdir().unwrap();
    let table = write(d.path(), "t.csv", sample_table(d.path(), 300).as_bytes());
    for _ in 0..5 {
        let o = on_pipes(
            d.path(),
            std::slice::from_ref(&table),
            &["validate", "--dataset", "table"],
        );
        common::assert_success(&o);
        assert!(
            text(&o.stdout).contains("rows 300 = kept 300"),
            "{}",
            text(&o.stdout)
        );
    }
    // An IVAC file whose session is paired with the IPS school year after it was read: its records
    // are kept, the pipe is not opened a second time.
    let s = common::sample_dir();
    let ivac =
        std::fs::read_to_string(s.join("fr-en-indicateurs-valeur-ajoutee-colleges.csv")).unwrap();
    let mut two = ivac.clone();
    for l in ivac.lines().skip(1) {
        two.push_str(&l.replacen(";2023;", ";2024;", 1));
        two.push('\n');
    }
    let ivac2 = write(d.path(), "ivac.csv", two.as_bytes());
    let o = on_pipes(
        d.path(),
        &[s.join("fr-en-ips-colleges-ap2022.csv"), ivac2],
        &["validate"],
    );
    common::assert_success(&o);
    let out = text(&o.stdout);
    assert!(
        out.contains("period 2023")
            && out.contains("rows 600 = kept 300 + rejected 0 + other periods 300"),
        "{out}"
    );
    assert!(
        out.contains("session 2023 paired with the IPS school year 2022-2023"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn rel22_endless_inputs_stop_at_once() {
    let o = run(&["validate".as_ref(), "/dev/zero".as_ref()]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "/dev/zero: line 1: this does not look like a CSV text file (NUL byte at offset 0"
        ),
        "{err}"
    );
    // NUL bytes allowed (UTF-16 given): the size limit stops it.
    let o = run(&[
        "validate".as_ref(),
        "/dev/zero".as_ref(),
        "--encoding".as_ref(),
        "utf-16le".as_ref(),
        "--max-input-bytes".as_ref(),
        "1M".as_ref(),
    ]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("/dev/zero: stopped reading after 1.0 MiB (the input size limit)"),
        "{err}"
    );
}

#[test]
fn the_size_limit_is_a_flag_an_environment_variable_and_a_config_key() {
    let d = tempfile::tempdir().unwrap();
    let t = write(d.path(), "t.csv", sample_table(d.path(), 20).as_bytes());
    let o = common::bin()
        .args(["validate", "--dataset", "table", "--max-input-bytes", "1K"])
        .arg(&t)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("is over the input size limit of 1.0 KiB: raise it with --max-input-bytes or CIBLAGE_MAX_INPUT_BYTES"), "{}", text(&o.stderr));
    let o = common::bin()
        .args(["validate", "--dataset", "table"])
        .arg(&t)
        .env("CIBLAGE_MAX_INPUT_BYTES", "1000")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let o = common::bin()
        .args(["validate", "--dataset", "table"])
        .arg(&t)
        .env("CIBLAGE_MAX_INPUT_BYTES", "1G")
        .output()
        .unwrap();
    common::assert_success(&o);
    for bad in [
        vec!["--max-input-bytes", "lots"],
        vec!["--encoding", "klingon"],
    ] {
        let o = common::bin()
            .arg("validate")
            .arg(&t)
            .args(&bad)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
    }
    let o = common::bin()
        .args(["validate", "--dataset", "table"])
        .arg(&t)
        .env("CIBLAGE_MAX_INPUT_BYTES", "lots")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    // The configuration key.
    let cfg = write(
        d.path(),
        "c.toml",
        format!(
            "[inputs]\nfiles = [\"t.csv\"]\ndataset = \"table\"\nmax_bytes = \"1K\"\n[output]\ndir = \"{}\"\n",
            d.path().join("o").display()
        )
        .as_bytes(),
    );
    let o = common::bin()
        .args(["run", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("over the input size limit of 1.0 KiB"),
        "{}",
        text(&o.stderr)
    );
    // Bad values of the keys are usage errors naming the file, line and key, before any work.
    for (line, shown) in [
        (
            "max_bytes = 0",
            "[inputs] max_bytes: a size of at least 1 byte",
        ),
        (
            "max_bytes = \"1.5G\"",
            "[inputs] max_bytes: a size of at least 1 byte",
        ),
        (
            "encoding = \"klingon\"",
            "[inputs] encoding: an encoding label",
        ),
    ] {
        let out = d.path().join("bad");
        let cfg = write(
            d.path(),
            "bad.toml",
            format!(
                "[inputs]\nfiles = [\"t.csv\"]\ndataset = \"table\"\n{line}\n[output]\ndir = \"{}\"\n",
                out.display()
            )
            .as_bytes(),
        );
        let o = common::bin()
            .args(["run", "--config"])
            .arg(&cfg)
            .output()
            .unwrap();
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{line}: {err}");
        assert!(err.contains("bad.toml: line 4"), "{line}: {err}");
        assert!(err.contains(shown), "{line}: {err}");
        assert!(!out.exists(), "{line}");
    }
    // The flags say what they allow.
    for (flag, value, shown) in [
        ("--max-input-bytes", "0", "a size of at least 1 byte"),
        ("--encoding", "klingon", "an encoding label"),
    ] {
        let o = common::bin()
            .args(["validate", flag, value])
            .arg(&t)
            .output()
            .unwrap();
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(&format!("{flag} {value}: {shown}")), "{err}");
    }
}

/// `--encoding` and `[inputs] encoding` force an encoding the bytes do not reveal (Mac Roman here,
/// where 0x8F is `è`; read as Windows-1252 it would be a control character).
#[test]
fn the_encoding_is_a_flag_and_a_config_key() {
    let d = tempfile::tempdir().unwrap();
    let t = write(
        d.path(),
        "mac.csv",
        b"uai;nom;ips\n0440008V;Coll\x8fge;101\n",
    );
    let o = common::bin()
        .args([
            "validate",
            "--json",
            "--dataset",
            "table",
            "--encoding",
            "macintosh",
        ])
        .arg(&t)
        .output()
        .unwrap();
    common::assert_success(&o);
    let out = text(&o.stdout);
    assert!(out.contains("read as macintosh"), "{out}");
    assert!(
        !out.contains("Windows-1252") && !out.contains('\u{fffd}'),
        "{out}"
    );
    let (tb, _) = ciblage::load(
        &t,
        &ciblage::LoadOptions {
            encoding: Some("macintosh".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(tb.str("name", 0), "Collège");
    // Without it: Windows-1252, said in a note.
    let o = common::bin()
        .args(["validate", "--dataset", "table"])
        .arg(&t)
        .output()
        .unwrap();
    common::assert_success(&o);
    assert!(
        text(&o.stdout).contains("read as Windows-1252"),
        "{}",
        text(&o.stdout)
    );
    // The config key: the run's manifest keeps it, and the run reads the file as the flag does.
    let out = d.path().join("o");
    let cfg = write(
        d.path(),
        "c.toml",
        format!(
            "[inputs]\nfiles = [\"mac.csv\"]\ndataset = \"table\"\nencoding = \"mac\"\n[pca]\nactive = [\"ips\"]\n[output]\ndir = \"{}\"\n",
            out.display()
        )
        .as_bytes(),
    );
    let o = common::bin()
        .args(["validate", "--dataset", "table", "--encoding", "mac"])
        .arg(&t)
        .output()
        .unwrap();
    common::assert_success(&o);
    let c = ciblage::RunConfig::from_file(&cfg).unwrap();
    assert_eq!(
        c.load_options().unwrap().encoding.as_deref(),
        Some("macintosh")
    );
}

/// Case rel-20: ESC and BEL in a name and in a number never reach the terminal or an SVG.
#[test]
fn rel20_control_characters_never_reach_outputs() {
    let d = tempfile::tempdir().unwrap();
    let body = sample_table(d.path(), 120);
    let mut rows: Vec<Vec<String>> = csv::Reader::from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let header = "uai,nom,academie,departement,secteur,effectifs,ips,ips_sd,taux_reussite,va_taux_reussite,note_ecrit,va_note,taux_acces_6e3e,ep,latitude,longitude";
    let first = rows[0][0].clone();
    rows[0][1] = "\u{1b}[31mROUGE\u{1b}[0m".into();
    rows[1][6] = "\u{1b}]0;PWNED\u{7}\u{1b}[2J".into();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header.split(',')).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    let t = write(d.path(), "t.csv", &w.into_inner().unwrap());
    let raw = |o: &Output| {
        let all = [o.stdout.as_slice(), o.stderr.as_slice()].concat();
        assert!(
            !all.contains(&0x1b) && !all.contains(&0x07),
            "{}",
            text(&all)
        );
        text(&all)
    };
    let o = common::bin()
        .args(["validate", "--dataset", "table"])
        .arg(&t)
        .output()
        .unwrap();
    let out = raw(&o);
    // A user's table reads a column of numbers with another value as text, with a warning that
    // quotes the value as replaced.
    assert!(
        out.contains(
            "column 'ips' is read as text: 1 value(s) are not numbers (first '\u{fffd}]0;PWNED\u{fffd}\u{fffd}[2J', line 3)"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "5 control character(s) in cells (escape sequences, bell…) replaced by U+FFFD"
        ),
        "{out}"
    );
    assert!(out.contains("first at line 2, column 'nom'"), "{out}");
    let active =
        "ips,ips_sd,success_rate,va_success_rate,written_mark,va_written_mark,access_rate_6e_3e";
    // Naming that column as active is a usage error whose message carries no control character.
    let o = common::bin()
        .args(["explain", &first])
        .arg(&t)
        .args(["--dataset", "table", "--active", active])
        .args(["--preset", "nantes"])
        .output()
        .unwrap();
    let out = raw(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(
        out.contains("'\u{fffd}]0;PWNED\u{fffd}\u{fffd}[2J'"),
        "{out}"
    );
    // The OSC/BEL sequence in the name of a school instead: explain and plot run, and print and
    // draw the names replaced.
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header.split(',')).unwrap();
    rows[1][6] = "99.5".into();
    rows[1][1] = "\u{1b}]0;PWNED\u{7}\u{1b}[2J".into();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    let t = write(d.path(), "t2.csv", &w.into_inner().unwrap());
    let o = common::bin()
        .args(["explain", &first])
        .arg(&t)
        .args([
            "--dataset",
            "table",
            "--active",
            active,
            "--preset",
            "nantes",
        ])
        .args(["--missing", "drop"])
        .output()
        .unwrap();
    let out = raw(&o);
    common::assert_success(&o);
    assert!(out.contains("\u{fffd}[31mROUGE\u{fffd}[0m"), "{out}");
    let fig = d.path().join("fig");
    let o = common::bin()
        .args(["plot", "--what", "individuals"])
        .arg(&t)
        .args([
            "--dataset",
            "table",
            "--active",
            active,
            "--quali-sup",
            "name",
        ])
        .args(["--missing", "drop", "--out"])
        .arg(&fig)
        .output()
        .unwrap();
    raw(&o);
    common::assert_success(&o);
    // Well-formed XML 1.0: no control character but tab and line breaks.
    let svg = std::fs::read(fig.join("individuals.svg")).unwrap();
    assert!(svg
        .iter()
        .all(|&b| b >= 0x20 && b != 0x7f || matches!(b, b'\t' | b'\n' | b'\r')));
}

#[test]
fn encodings_utf16_and_windows_1252() {
    let d = tempfile::tempdir().unwrap();
    let s = "uai;nom;ips\n0440008V;Collège l’Œuvre – 5 €;101,5\n0440010X;Cœur;99\n";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(s.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(s.encode_utf16().flat_map(|u| u.to_be_bytes()))
        .collect();
    let cp1252 = s
        .replace('’', "\u{92}")
        .replace('Œ', "\u{8c}")
        .replace('œ', "\u{9c}")
        .replace('–', "\u{96}")
        .replace('€', "\u{80}")
        .chars()
        .map(|c| u8::try_from(c as u32).unwrap())
        .collect::<Vec<u8>>();
    let bom8 = [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat();
    for (name, bytes, note) in [
        ("le.csv", le, Some("read as UTF-16LE")),
        ("be.csv", be, Some("read as UTF-16BE")),
        (
            "w.csv",
            cp1252,
            Some("not UTF-8 (first at line 2): read as Windows-1252"),
        ),
        ("bom.csv", bom8, None),
        ("plain.csv", s.as_bytes().to_vec(), None),
    ] {
        let p = write(d.path(), name, &bytes);
        let (t, r) = ciblage::load(&p, &Default::default()).unwrap();
        assert_eq!(t.str("name", 0), "Collège l’Œuvre – 5 €", "{name}");
        assert_eq!(t.str("name", 1), "Cœur", "{name}");
        assert_eq!(t.line, [2, 3]);
        assert_eq!(
            r.notes.first().map(|n| n.split(';').next().unwrap()),
            note.map(|n| n.split(';').next().unwrap()),
            "{name}"
        );
        // The manifest's hash is the file's bytes'.
        let h = format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(&bytes));
        assert_eq!((r.sha256, r.bytes), (h, bytes.len() as u64));
    }
    // An encoding given by the user.
    let p = write(d.path(), "mac.csv", b"uai;nom\n0440008V;Coll\x8fge\n");
    let o = ciblage::LoadOptions {
        encoding: Some("macintosh".into()),
        ..Default::default()
    };
    let (t, _) = ciblage::load(&p, &o).unwrap();
    assert_eq!(t.str("name", 0), "Collège");
}

#[test]
fn line_numbers_for_lf_crlf_cr_and_multiline_cells() {
    let d = tempfile::tempdir().unwrap();
    for eol in ["\n", "\r\n", "\r"] {
        let body = [
            "uai;nom;ips",
            "0440008V;A;100",
            "",
            "0440010X;\"deux",
            "lignes\";99",
            "0440013A;C;abc",
        ]
        .join(eol);
        let p = write(d.path(), "t.csv", body.as_bytes());
        let (t, r) = ciblage::load(&p, &Default::default()).unwrap();
        assert_eq!(t.line, [2, 4, 6], "{eol:?}");
        assert_eq!(t.str("name", 1), "deux lignes");
        assert_eq!(r.rows, 3);
        // A rejected row after the multi-line cell has the line an editor shows.
        let body = body.replace("0440013A", "044001");
        let p = write(d.path(), "t.csv", body.as_bytes());
        let (t, r) = ciblage::load(&p, &Default::default()).unwrap();
        assert_eq!(t.line, [2, 4], "{eol:?}");
        assert_eq!(t.str("name", 1), "deux lignes");
        assert_eq!(r.problems[0].line, 6, "{eol:?}");
        assert_eq!(r.rows, 3);
    }
}
