//! The settings and paths contract of every command, on the real binary: a bad setting or path is a
//! usage error (exit code 2) naming the flag, or the file, line and key, refused before any input is
//! read; no output is or holds an input; a failed command leaves nothing behind; messages quote at
//! most 200 characters of any input and no control character. One test per field case
//! (`../shared/cases/rel-*`), on inputs built here from the embedded sample's generator.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

/// The active variables of the field cases (the seven Nantes indicators, by their table names).
const ACTIVE: &str =
    "ips,ips_sd,success_rate,va_success_rate,written_mark,va_written_mark,access_rate_6e_3e";

/// A table of 244 synthetic collèges (the size of the Nantes case) in `dir/in/colleges.csv`, with
/// `departements.geojson` next to it.
fn table(dir: &Path) -> PathBuf {
    let o = common::bin()
        .args(["sample", "--format", "table", "--schools", "244", "--out"])
        .arg(dir.join("in"))
        .output()
        .unwrap();
    common::assert_success(&o);
    dir.join("in/colleges.csv")
}

/// `ciblage ARGS` with the table options of the cases.
fn ciblage(args: &[&str], extra: &[&std::ffi::OsStr]) -> Output {
    common::bin().args(args).args(extra).output().unwrap()
}

fn table_args(cmd: &str) -> Vec<&str> {
    vec![
        cmd,
        "--dataset",
        "table",
        "--active",
        ACTIVE,
        "--missing",
        "drop",
    ]
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit code 2 with a message starting `error: {start}`, one line.
fn usage(o: &Output, start: &str) {
    let e = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.starts_with(&format!("error: {start}")),
        "expected `error: {start}...`, got: {e}"
    );
    assert!(!e.contains("<config>") && !e.contains("<spec>"), "{e}");
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn rel05_an_output_is_never_an_input() {
    let t = tempfile::tempdir().unwrap();
    let input = table(t.path());
    let before = std::fs::read(&input).unwrap();
    let i = input.as_os_str();
    // validate and run refuse --rejected = the input, before reading it; the input is untouched.
    let o = ciblage(&["validate", "--dataset", "table", "--rejected"], &[i, i]);
    usage(
        &o,
        &format!(
            "--rejected {} is an input of this command; choose another path",
            input.display()
        ),
    );
    let out = t.path().join("run");
    let mut args = table_args("run");
    args.push("--rejected");
    let o = ciblage(&args, &[i, i, os("--out"), out.as_os_str()]);
    usage(
        &o,
        &format!("--rejected {} is an input of this command", input.display()),
    );
    assert!(!out.exists());
    // The same file through `..`, a symlink and a hard link.
    std::fs::create_dir(t.path().join("sub")).unwrap();
    let dotted = t.path().join("sub/../in/colleges.csv");
    let link = t.path().join("link.csv");
    std::os::unix::fs::symlink(&input, &link).unwrap();
    let hard = t.path().join("sub/hard.csv");
    std::fs::hard_link(&input, &hard).unwrap();
    for other in [&dotted, &link, &hard] {
        for cmd in ["validate", "pca", "select", "run"] {
            let mut args = table_args(cmd);
            if cmd == "validate" {
                args.truncate(3);
            }
            if cmd == "select" {
                args.extend(["--preset", "nantes"]);
            }
            let out = t.path().join(format!("o-{cmd}"));
            let mut extra = vec![i, os("--rejected"), other.as_os_str()];
            if cmd != "validate" {
                extra.extend([os("--out"), out.as_os_str()]);
            }
            let o = ciblage(&args, &extra);
            assert_eq!(
                o.status.code(),
                Some(2),
                "{cmd} {}: {}",
                other.display(),
                stderr(&o)
            );
            assert!(
                stderr(&o).contains(&format!("--rejected {}", other.display())),
                "{}",
                stderr(&o)
            );
        }
    }
    // An output folder holding an input, even with --force; an input given as the output folder.
    let o = ciblage(
        &table_args("pca"),
        &[
            i,
            os("--force"),
            os("--out"),
            t.path().join("in").as_os_str(),
        ],
    );
    usage(
        &o,
        &format!(
            "--out {} holds the input {}",
            t.path().join("in").display(),
            input.display()
        ),
    );
    let o = ciblage(&table_args("cluster"), &[i, os("--out"), i]);
    usage(
        &o,
        &format!("--out {} is an input of this command", input.display()),
    );
    assert_eq!(
        std::fs::read(&input).unwrap(),
        before,
        "an input was changed"
    );
    assert_eq!(
        names(t.path()),
        ["in", "link.csv", "sub"],
        "nothing written"
    );
}

#[test]
fn rel09_bad_flags_are_usage_errors_naming_the_flag_on_every_command() {
    let t = tempfile::tempdir().unwrap();
    let input = table(t.path());
    let cases: [(&[&str], &str, &[&str]); 7] = [
        (
            &["--method", "bogus"],
            "--method bogus: hcpc or kmeans",
            &["run", "select", "cluster", "plot", "map", "report"],
        ),
        (
            &["--orient", "garbage"],
            "--orient garbage: AXIS:VARIABLE, e.g. 1:ips",
            &["run", "select", "cluster", "pca"],
        ),
        (
            &["--preset", "bogus"],
            "--preset bogus: nantes",
            &["run", "select", "explain"],
        ),
        (
            &["--equity", "bogus"],
            "--equity bogus: access, ips_spread or success",
            &["run", "select"],
        ),
        (
            &["--lang", "xx"],
            "--lang xx: en or fr",
            &["run", "plot", "map"],
        ),
        (
            &["--n", "0"],
            "--n 0: an integer >= 1",
            &["run", "select", "report"],
        ),
        (
            &["--method", "kmeans"],
            "--method: kmeans needs --k (k-means has no automatic k)",
            &["run", "select", "cluster", "report"],
        ),
    ];
    for (flag, message, commands) in cases {
        for cmd in commands {
            let mut args = table_args(cmd);
            if *cmd == "explain" {
                args.push("0440008V");
            }
            args.extend(flag);
            let out = t.path().join(format!("o-{cmd}"));
            let mut extra = vec![input.as_os_str()];
            if *cmd != "explain" {
                extra.extend([os("--out"), out.as_os_str()]);
            }
            if *cmd == "plot" {
                extra.extend([os("--what"), os("scree")]);
            }
            let o = ciblage(&args, &extra);
            usage(&o, message);
            assert!(!out.exists());
        }
    }
    // A run configuration names the file, the line and the key.
    let cfg = t.path().join("c.toml");
    std::fs::write(
        &cfg,
        format!(
            "[inputs]\nfiles = [{:?}]\ndataset = \"table\"\n[clustering]\nmethod = \"bogus\"\n",
            input
        ),
    )
    .unwrap();
    let o = ciblage(&["run", "--config"], &[cfg.as_os_str()]);
    usage(&o, &format!("{}: line 5, column 10: [clustering] method = \"bogus\": allowed values: hcpc or kmeans", cfg.display()));
}

#[test]
fn rel10_k_and_n_init_are_checked_before_any_file_is_read() {
    let t = tempfile::tempdir().unwrap();
    // The input does not exist: the setting is refused first.
    let missing = t.path().join("nowhere.csv");
    let m = missing.as_os_str();
    let o = ciblage(
        &table_args("cluster"),
        &[
            m,
            os("--k"),
            os("0"),
            os("--out"),
            t.path().join("a").as_os_str(),
        ],
    );
    usage(&o, "--k 0: an integer >= 2");
    let o = ciblage(
        &table_args("cluster"),
        &[
            m,
            os("--method"),
            os("kmeans"),
            os("--k"),
            os("4"),
            os("--n-init"),
            os("0"),
            os("--out"),
            t.path().join("b").as_os_str(),
        ],
    );
    usage(&o, "--n-init 0: an integer >= 1");
    for (flag, value, message) in [
        ("--min-k", "1", "--min-k 1: an integer >= 2"),
        ("--iter-max", "0", "--iter-max 0: an integer >= 1"),
        ("--kk", "1", "--kk 1: an integer >= 2"),
        ("--ncp", "0", "--ncp 0: an integer >= 1"),
        ("--k", "two", "--k two: an integer >= 2"),
    ] {
        let o = ciblage(&table_args("run"), &[m, flag.as_ref(), value.as_ref()]);
        usage(&o, message);
    }
    // Settings that contradict each other name both flags.
    let o = ciblage(
        &table_args("run"),
        &[m, os("--min-k"), os("6"), os("--max-k"), os("4")],
    );
    usage(&o, "--max-k 4: at least --min-k = 6");
    let o = ciblage(&table_args("run"), &[m, os("--orient"), os("6:ips")]);
    usage(&o, "--orient 6:ips: an axis from 1 to --ncp = 5");
    // The same in a run configuration: file, line, key, value and range.
    for (key, line) in [
        (
            "k = 0",
            "[clustering] k = 0: allowed values: an integer >= 2",
        ),
        (
            "n_init = 0",
            "[clustering] n_init = 0: allowed values: an integer >= 1",
        ),
    ] {
        let cfg = t.path().join("c.toml");
        std::fs::write(
            &cfg,
            format!(
                "[inputs]\nfiles = [\"nowhere.csv\"]\n\n[clustering]\nmethod = \"kmeans\"\n{key}\n"
            ),
        )
        .unwrap();
        let o = ciblage(&["run", "--config"], &[cfg.as_os_str()]);
        usage(&o, &format!("{}: line 6: {line}", cfg.display()));
    }
    assert_eq!(names(t.path()), ["c.toml"]);
}

#[test]
fn rel11_sector_is_a_word_of_its_own() {
    let t = tempfile::tempdir().unwrap();
    let input = table(t.path());
    let o = ciblage(
        &[
            "pca",
            "--dataset",
            "table",
            "--active",
            "ips,ips_sd",
            "--sector",
            "bogus",
        ],
        &[
            input.as_os_str(),
            os("--out"),
            t.path().join("a").as_os_str(),
        ],
    );
    usage(&o, "--sector bogus: public or private");
    let cfg = t.path().join("c.toml");
    std::fs::write(
        &cfg,
        format!("[inputs]\nfiles = [{input:?}]\n[filter]\nsector = \"bogus\"\n"),
    )
    .unwrap();
    let o = ciblage(&["run", "--config"], &[cfg.as_os_str()]);
    usage(
        &o,
        &format!(
            "{}: line 4: [filter] sector = bogus: allowed values: public or private",
            cfg.display()
        ),
    );
    // A territory absent from the data is the user's setting, named, not an empty analysis.
    let o = ciblage(
        &table_args("pca"),
        &[
            input.as_os_str(),
            os("--academie"),
            os("ATLANTIS"),
            os("--out"),
            t.path().join("b").as_os_str(),
        ],
    );
    usage(&o, "--academie ATLANTIS: académies of the data: ");
    assert_eq!(names(t.path()), ["c.toml", "in"]);
}

/// A 64 KiB tmpfs mounted for the test, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: PathBuf) -> Option<Self> {
        std::fs::create_dir_all(&at).ok()?;
        let ok = cfg!(target_os = "linux")
            && std::process::Command::new("mount")
                .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
                .arg(&at)
                .output()
                .is_ok_and(|o| o.status.success());
        ok.then_some(Tmpfs(at))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).output();
    }
}

#[test]
fn rel15_a_full_disk_leaves_no_folder_behind() {
    let t = tempfile::tempdir().unwrap();
    let input = table(t.path());
    let Some(full) = Tmpfs::mount(t.path().join("full")) else {
        eprintln!("SKIPPED: cannot mount a small tmpfs here (needs root on Linux)");
        return;
    };
    // 48 KiB of the 64 taken: every command's outputs overflow what is left.
    std::fs::write(full.0.join("filler"), vec![0u8; 48 << 10]).unwrap();
    let i = input.as_os_str();
    let runs: [(&str, &[&str]); 7] = [
        ("pca", &[]),
        ("cluster", &[]),
        ("select", &["--preset", "nantes"]),
        ("run", &[]),
        ("report", &[]),
        ("plot", &["--what", "individuals"]),
        ("map", &[]),
    ];
    for (cmd, extra) in runs {
        let mut args = table_args(cmd);
        args.extend(extra);
        let out = full.0.join(format!("o_{cmd}"));
        let rejected = full.0.join("rejected.csv");
        let o = ciblage(
            &args,
            &[
                i,
                os("--out"),
                out.as_os_str(),
                os("--rejected"),
                rejected.as_os_str(),
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{cmd}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("No space left on device"),
            "{cmd}: {}",
            stderr(&o)
        );
        assert_eq!(names(&full.0), ["filler"], "{cmd} left files behind");
    }
    let o = common::bin()
        .args(["sample", "--schools", "5000", "--out"])
        .arg(full.0.join("o_sample"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(names(&full.0), ["filler"], "sample left files behind");
}

#[test]
fn rel16_a_side_file_is_checked_first_and_written_last() {
    let t = tempfile::tempdir().unwrap();
    let input = table(t.path());
    let i = input.as_os_str();
    std::fs::create_dir(t.path().join("rdir")).unwrap();
    let out = t.path().join("o");
    let rdir = t.path().join("rdir");
    let o = ciblage(
        &table_args("run"),
        &[
            i,
            os("--rejected"),
            rdir.as_os_str(),
            os("--out"),
            out.as_os_str(),
        ],
    );
    usage(
        &o,
        &format!(
            "--rejected {} is a folder; give the path of a file",
            rdir.display()
        ),
    );
    // Inside the output folder: refused too (the folder appears whole).
    let inside = out.join("rejected.csv");
    let o = ciblage(
        &table_args("run"),
        &[
            i,
            os("--rejected"),
            inside.as_os_str(),
            os("--out"),
            out.as_os_str(),
        ],
    );
    usage(
        &o,
        &format!(
            "--rejected {} is inside the output folder --out {}",
            inside.display(),
            out.display()
        ),
    );
    // A run that fails late (the boundary file is not GeoJSON) leaves neither the folder nor the side
    // file, nor any temporary file.
    let bad = t.path().join("bad.geojson");
    std::fs::write(&bad, "{ not geojson").unwrap();
    let side = t.path().join("side/rejected.csv");
    let o = ciblage(
        &table_args("run"),
        &[
            i,
            os("--boundaries"),
            bad.as_os_str(),
            os("--rejected"),
            side.as_os_str(),
            os("--out"),
            out.as_os_str(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(names(t.path()), ["bad.geojson", "in", "rdir"]);
    // A run that succeeds writes both: the folder, then the side file.
    let o = ciblage(
        &table_args("run"),
        &[
            i,
            os("--rejected"),
            side.as_os_str(),
            os("--out"),
            out.as_os_str(),
            os("--quiet"),
        ],
    );
    common::assert_success(&o);
    assert!(out.join("manifest.json").exists());
    let body = std::fs::read_to_string(&side).unwrap();
    assert!(
        body.starts_with("file,line,column,uai,value,reason\n"),
        "{body}"
    );
    assert_eq!(names(t.path()), ["bad.geojson", "in", "o", "rdir", "side"]);
    assert_eq!(names(&t.path().join("side")), ["rejected.csv"]);
}

#[test]
fn rel19_messages_are_short_whatever_the_input() {
    let t = tempfile::tempdir().unwrap();
    let input = table(t.path());
    let base = format!("[inputs]\nfiles = [{input:?}]\ndataset = \"table\"\n[pca]\n");
    let cases = [
        ("big.toml", format!("{base}x = \"{}\"\n", "y".repeat(50 << 20)), "larger than 1024 KiB"),
        ("deep.toml", format!("{base}[output]\nformat = {}{}\n", "[".repeat(100_000), "]".repeat(100_000)), "line 6, column"),
        ("long-key.toml", format!("{base}{} = 1\n", "k".repeat(500_000)), "line 5, column 1: [pca] "),
        ("long-value.toml", format!("{base}missing = \"{}\"\n", "z".repeat(500_000)), "line 5, column 11: [pca] missing = \"zzz"),
        ("escape.toml", format!("[inputs]\nfiles = [{input:?}]\ndataset = \"table\"\n[filter]\nacademie = [\"\\u001b[2J\"]\n"), "line 5: [filter] academie = \\u{1b}[2J: allowed values: académies of the data"),
    ];
    for (name, text, want) in cases {
        let p = t.path().join(name);
        std::fs::write(&p, text).unwrap();
        let o = ciblage(
            &["run", "--config"],
            &[p.as_os_str(), os("--out"), t.path().join("o").as_os_str()],
        );
        let e = stderr(&o);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{name}: {}",
            &e[..e.len().min(500)]
        );
        assert!(e.len() < 1000, "{name}: {} bytes of message", e.len());
        assert!(e.contains(want), "{name}: {e}");
        assert!(
            !e.contains('\u{1b}'),
            "{name}: a raw control character in {e:?}"
        );
    }
    // A header that swallowed the file (one 300,000-character column name) gives a short message.
    let p = t.path().join("swallowed.csv");
    std::fs::write(&p, format!("uai;{}\n0440008V;1\n", "h".repeat(300_000))).unwrap();
    let o = ciblage(&["validate", "--dataset", "ips-colleges"], &[p.as_os_str()]);
    assert_eq!(o.status.code(), Some(1), "{}", &stderr(&o)[..500]);
    assert!(stderr(&o).len() < 2000, "{} bytes", stderr(&o).len());
    assert!(!t.path().join("o").exists());
}

#[test]
fn rel21_spec_numbers_outside_their_meaning_are_refused_with_the_key() {
    let t = tempfile::tempdir().unwrap();
    let input = table(t.path());
    let spec = ciblage::select::spec::TEMPLATE;
    for (from, to, message) in [
        (
            "quantile_shift = 0.05",
            "quantile_shift = nan",
            "[sensitivity] quantile_shift = NaN: allowed values: a number in [0, 0.5)",
        ),
        (
            "# caliper = 1.0",
            "caliper = -1.0",
            "[matching] caliper = -1: allowed values: a number > 0",
        ),
        (
            "likeness_threshold = 0.5",
            "likeness_threshold = 1.5",
            "[orphans] likeness_threshold = 1.5: allowed values: a number in [0, 1]",
        ),
        (
            "n = 21",
            "n = 0",
            "[budget] n = 0: allowed values: an integer >= 1",
        ),
        (
            "quantile = 0.5\nwithin = \"academie\"            # national",
            "quantile = 1.5\nwithin = \"academie\"            # national",
            "[[criteria.rules]] #1 quantile = 1.5: allowed values: a number in (0, 1)",
        ),
        (
            "sector = \"public\"",
            "sector = \"bogus\"",
            "[population] sector = bogus: allowed values: public, private or all",
        ),
    ] {
        assert!(spec.contains(from), "{from}");
        let p = t.path().join("s.toml");
        std::fs::write(&p, spec.replacen(from, to, 1)).unwrap();
        let line = spec[..spec.find(from).unwrap()].matches('\n').count() + 1;
        let o = ciblage(
            &table_args("select"),
            &[
                input.as_os_str(),
                os("--spec"),
                p.as_os_str(),
                os("--out"),
                t.path().join("a").as_os_str(),
            ],
        );
        usage(&o, &format!("{}: line {line}: {message}", p.display()));
        // `run` reads the same spec from its configuration.
        let cfg = t.path().join("c.toml");
        std::fs::write(&cfg, format!("[inputs]\nfiles = [{input:?}]\ndataset = \"table\"\n[selection]\nspec = \"s.toml\"\n")).unwrap();
        let o = ciblage(&["run", "--config"], &[cfg.as_os_str()]);
        usage(&o, &format!("{}: line {line}: {message}", p.display()));
    }
    assert_eq!(names(t.path()), ["c.toml", "in", "s.toml"]);
}
