//! The outputs contract of every command, on the real binary: no output is or holds an input, a
//! failed command leaves nothing behind (full disk, late error), a side file is checked first and
//! written last, messages quote at most 200 characters of any input and no control character. One test
//! per field case (`../shared/cases/rel-05`, `rel-15`, `rel-16`, `rel-19`).

use crate::common;

use crate::common::cli::{ciblage, names, os, stderr, table, table_args, usage};
use std::path::PathBuf;

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
