//! The README's tour (§ "A tour") runs as written on the real files: every `ciblage …` command of its
//! code block is taken from README.md itself (so the two cannot drift) and run, in order, in a
//! temporary folder where `ips.csv`, `ivac.csv`, `ep.csv`, `geoloc.csv`, `departements.geojson`,
//! `ips-ecoles.csv`, `ips-lycees.csv` and `ival-gt.csv` are links to the files of
//! `../shared/data/real/` (and `ival-pro.csv` to the IVAL pro fixture). Each must exit 0.
//!
//! One change to what is run: the synthetic sample of step 7 is made with 20,000 schools instead of
//! 1,000,000 (the tests run a debug build, where a million-school run takes minutes); set
//! `CIBLAGE_TOUR_FULL=1` to run it at full size.

use crate::common;

use std::path::{Path, PathBuf};

/// The commands of the tour's first `sh` block: comments dropped, continued lines joined.
fn tour_commands(readme: &str) -> Vec<Vec<String>> {
    let start = readme.find("## A tour").expect("README has a tour");
    let rest = &readme[start..];
    let block_start = rest.find("```sh").expect("the tour has a sh block") + "```sh".len();
    let block = &rest[block_start..];
    let block = &block[..block.find("```").expect("the block ends")];
    let mut commands = Vec::new();
    let mut current = String::new();
    for line in block.lines() {
        let line = line.trim();
        if current.is_empty() && (line.is_empty() || line.starts_with('#')) {
            continue;
        }
        // A comment after a command.
        let line = match line.find(" #") {
            Some(i) => line[..i].trim_end(),
            None => line,
        };
        match line.strip_suffix('\\') {
            Some(head) => {
                current.push_str(head);
                current.push(' ');
            }
            None => {
                current.push_str(line);
                let words: Vec<String> = current.split_whitespace().map(str::to_string).collect();
                if !words.is_empty() {
                    commands.push(words);
                }
                current.clear();
            }
        }
    }
    commands
}

#[test]
fn the_tour_is_what_the_readme_says() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let cmds = tour_commands(&readme);
    assert!(cmds.len() >= 15, "{cmds:?}");
    assert!(cmds.iter().all(|c| c[0] == "ciblage"), "{cmds:?}");
    assert!(cmds.iter().any(|c| c.contains(&"--preset".to_string())));
    assert!(cmds
        .iter()
        .any(|c| c.join(" ").contains("--tables compact --no-sensitivity")));
}

#[test]
fn the_tour_runs_on_the_real_files() {
    let Some(real) = common::real_dir() else {
        return;
    };
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let links: [(&str, &str); 8] = [
        ("ips.csv", "ips_colleges_2022_2023.csv"),
        ("ivac.csv", "ival_colleges_2022_2024.csv"),
        ("ep.csv", "etablissements_ep_2022_2023.csv"),
        ("geoloc.csv", "geoloc_colleges.csv"),
        ("departements.geojson", "departements_simplifiee.geojson"),
        ("ips-ecoles.csv", "ips_ecoles_2022_2025.csv"),
        ("ips-lycees.csv", "ips_lycees_2016_2022.csv"),
        ("ival-gt.csv", "ival_lycees_gt_2021.csv"),
    ];
    for (name, target) in links {
        std::os::unix::fs::symlink(real.join(target), dir.path().join(name)).unwrap();
    }
    // No IVAL pro file could be obtained: the tour's pro example reads the fixture.
    std::os::unix::fs::symlink(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/levels/ival_pro_aix_2021.csv"),
        dir.path().join("ival-pro.csv"),
    )
    .unwrap();
    let full = std::env::var_os("CIBLAGE_TOUR_FULL").is_some();
    for cmd in tour_commands(&readme) {
        let mut args: Vec<String> = cmd[1..].to_vec();
        if !full {
            for a in args.iter_mut() {
                if a == "1000000" {
                    *a = "20000".into();
                }
            }
        }
        let out = common::bin()
            .args(&args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "`{}` failed:\n{}",
            cmd.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!("ok: {}", cmd.join(" "));
    }
    // What the tour promises exists.
    let d: PathBuf = dir.path().to_path_buf();
    for f in [
        "rejected.csv",
        "my-selection.toml",
        "ciblage.toml",
        "out/pca/eigenvalues.csv",
        "out/hcpc/clusters.csv",
        "out/km/clusters.csv",
        "out/sel/selection.csv",
        "out/sel2/selection.csv",
        "out/run/report.html",
        "out/fig/individuals.png",
        "out/map/map_orphan.png",
        "out/lean/schools.csv",
        "out/follow/estimates.csv",
        "out/follow/placebo.csv",
        "out/follow/trajectories.csv",
        "out/follow/balance.csv",
        "out/follow/report.html",
        "out/follow/figures/trajectories.png",
        "out/follow/dashboards/0491025Y.png",
        "out/follow-aca/report.html",
        "out/ecoles/selection.csv",
        "out/lycees-gt/selection.csv",
        "out/lycees-pro/selection.csv",
    ] {
        assert!(d.join(f).exists(), "{f} missing");
    }
    // The Nantes selection of the real files: 21 schools.
    let (_, rows) = common::read_csv(&d.join("out/sel/selection.csv"));
    assert_eq!(rows.iter().filter(|r| r[6] == "true").count(), 21);
}
