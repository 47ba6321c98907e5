//! The settings contract of every command, on the real binary: a bad setting is a usage error (exit
//! code 2) naming the flag, or the file, line and key, refused before any input is read. One test per
//! field case (`../shared/cases/rel-09`, `rel-10`, `rel-11`, `rel-21`).

use crate::common::cli::{ciblage, names, os, table, table_args, usage};

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
            "--preset bogus: auto, ecoles, colleges, lycees-gt or lycees-pro",
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
    usage(&o, "--sector bogus: public, private or all");
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
            "{}: line 4: [filter] sector = bogus: allowed values: public, private or all",
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
    usage(
        &o,
        "--academie ATLANTIS: académies of the data, closest first: ",
    );
    let public_only = t.path().join("public.csv");
    let text = std::fs::read_to_string(&input).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.contains(",private,")).collect();
    std::fs::write(&public_only, kept.join("\n")).unwrap();
    let o = ciblage(
        &table_args("pca"),
        &[
            public_only.as_os_str(),
            os("--sector"),
            os("private"),
            os("--out"),
            t.path().join("c").as_os_str(),
        ],
    );
    usage(&o, "--sector private: sectors of the data: public");
    std::fs::remove_file(&public_only).unwrap();
    assert_eq!(names(t.path()), ["c.toml", "in"]);
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

/// A run configuration made by `init --config` over the embedded sample, its `sector = "public"`
/// line replaced by `sector_line`.
fn sample_config(dir: &std::path::Path, name: &str, sector_line: &str) -> std::path::PathBuf {
    let s = crate::common::sample_dir();
    let files: Vec<String> = [
        "fr-en-ips-colleges-ap2022.csv",
        "fr-en-indicateurs-valeur-ajoutee-colleges.csv",
        "fr-en-etablissements-ep.csv",
    ]
    .iter()
    .map(|f| s.join(f).to_str().unwrap().to_string())
    .collect();
    let p = dir.join(name);
    let mut args = vec!["init", "--config", "--out", p.to_str().unwrap(), "--force"];
    args.extend(files.iter().map(String::as_str));
    let (code, _, err) = crate::common::run_str(&args);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&p).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("sector = \"public\""))
        .unwrap()
        .to_string();
    std::fs::write(&p, text.replace(&line, sector_line)).unwrap();
    p
}

#[test]
fn run_config_refuses_analysis_flags_and_unknown_filter_keys_and_keeps_public_schools() {
    let t = tempfile::tempdir().unwrap();
    let cfg = sample_config(t.path(), "c.toml", "sector = \"public\"");
    // Analysis flags with --config would be ignored: refused, naming them, nothing written.
    let out = t.path().join("out");
    let (code, _, err) = crate::common::run_str(&[
        "run",
        "--config",
        cfg.to_str().unwrap(),
        "--academie",
        "NANTES",
        "--n",
        "5",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--academie, --n cannot be used with --config"),
        "{err}"
    );
    assert!(!out.exists());
    // A misspelt [filter] key is refused with its line, as in every other table.
    let bad = sample_config(t.path(), "bad.toml", "academy = [\"NANTES\"]");
    let (code, _, err) = crate::common::run_str(&["run", "--config", bad.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("unknown field 'academy'") && err.contains("line"),
        "{err}"
    );
    // Without `sector`, a configuration keeps the public schools as `run` does from flags; `all`
    // keeps both sectors.
    let schools = |line: &str, name: &str| {
        let c = sample_config(t.path(), &format!("{name}.toml"), line);
        let o = t.path().join(name);
        let (code, _, err) = crate::common::run_str(&[
            "run",
            "--config",
            c.to_str().unwrap(),
            "--tables-only",
            "--quiet",
            "--out",
            o.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        std::fs::read(o.join("individuals.csv")).unwrap()
    };
    let public = schools("sector = \"public\"", "public");
    assert_eq!(schools("", "none"), public, "no sector: the public schools");
    let all = schools("sector = \"all\"", "all");
    assert!(all.len() > public.len(), "all: both sectors");
}

#[test]
fn a_selection_table_without_preset_selects_with_the_inputs_level() {
    // `[selection]` without `preset` or `spec` is `auto`, as when the table is absent: the run selects,
    // and an `[allocation]` has a selection to cover.
    let t = tempfile::tempdir().unwrap();
    let c = sample_config(t.path(), "c.toml", "sector = \"public\"");
    let text = std::fs::read_to_string(&c).unwrap();
    let preset = text
        .lines()
        .find(|l| l.starts_with("preset = "))
        .unwrap()
        .to_string();
    std::fs::write(
        &c,
        text.replace(&preset, "") + "\n[allocation]\namount = 100\nsize = \"headcount\"\n",
    )
    .unwrap();
    let o = t.path().join("out");
    let (code, _, err) = crate::common::run_str(&[
        "run",
        "--config",
        c.to_str().unwrap(),
        "--quiet",
        "--tables-only",
        "--out",
        o.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (h, rows) = crate::common::read_csv(&o.join("selection.csv"));
    let sel = h.iter().position(|x| x == "selected").unwrap();
    assert_eq!(rows.iter().filter(|r| r[sel] == "true").count(), 21);
    let (_, alloc) = crate::common::read_csv(&o.join("allocation.csv"));
    assert_eq!(alloc.len(), 21);
}

/// Clustering turned off in the configuration: the terminal summary and the report say that no
/// clustering ran and why, in English and in French, instead of "0 clusters".
#[test]
fn a_run_without_clustering_says_so_instead_of_zero_clusters() {
    let t = tempfile::tempdir().unwrap();
    let cfg = sample_config(t.path(), "c.toml", "sector = \"public\"");
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(text.contains("[clustering]\nenabled = true"));
    let off = text.replace(
        "[clustering]\nenabled = true",
        "[clustering]\nenabled = false",
    );
    for (lang, summary, report) in [
        (
            "en",
            ", no clustering (turned off: clustering.enabled = false), ",
            "Clustering not run: turned off by the settings (clustering.enabled = false); the selection uses no cluster.",
        ),
        (
            "fr",
            ", pas de classification (désactivée : clustering.enabled = false), ",
            "Classification non réalisée : désactivée dans les réglages (clustering.enabled = false) ; la sélection n&#39;utilise aucune classe.",
        ),
    ] {
        let p = t.path().join(format!("{lang}.toml"));
        std::fs::write(&p, off.replace("lang = \"en\"", &format!("lang = \"{lang}\""))).unwrap();
        let out = t.path().join(lang);
        let (code, _, err) = crate::common::run_str(&[
            "run",
            "--config",
            p.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(err.contains(summary), "{lang}: {err}");
        assert!(!err.contains(" 0 c"), "{lang}: {err}");
        let html = std::fs::read_to_string(out.join("report.html")).unwrap();
        assert!(html.contains(report), "{lang}: report");
        assert!(!out.join("clusters.csv").exists());
    }
}
