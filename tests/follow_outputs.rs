//! `ciblage follow`'s pictures and report (issue 21): the group trajectories and the balance before
//! entry against hand computations on a small yearly table, the dashboards (one per followed school,
//! data strings escaped, byte-identical on rerun), the report's "Suivi" section, and matching within
//! the académie — on the small table and on the real files.

use crate::common;
use ciblage::data::uai::from_number;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A yearly table (UAI, year, académie, name, one score whose name holds markup) of 7 schools:
/// followed F1, F2 (entry 2024) and F3 (in the 2022 file only: it left the data), candidates C1–C3
/// (NANTES) and C4 (RENNES, the nearest to F1 over all).
struct Small {
    dir: tempfile::TempDir,
    f: [String; 3],
    c: [String; 4],
}

const SCORE: &str = "score <b>&x";

fn small() -> Small {
    let dir = tempfile::tempdir().unwrap();
    let f = [440001, 440002, 440003].map(from_number);
    let c = [440011, 440012, 440013, 350014].map(from_number);
    let mut t = format!("uai,annee,academie,nom,{SCORE}\n");
    let mut add = |u: &str, aca: &str, name: &str, v: &[f64]| {
        for (y, x) in [2022, 2023, 2024].iter().zip(v) {
            t.push_str(&format!("{u},{y},{aca},\"{name}\",{x}\n"));
        }
    };
    add(
        &f[0],
        "NANTES",
        "Collège <script>alert(1)</script> & Co",
        &[8.0, 10.0, 13.0],
    );
    add(&f[1], "NANTES", "Collège F2", &[12.0, 14.0, 15.0]);
    add(&f[2], "NANTES", "Collège F3", &[20.0]);
    add(&c[0], "NANTES", "C1", &[9.0, 9.0, 9.0]);
    add(&c[1], "NANTES", "C2", &[11.0, 13.0, 12.0]);
    add(&c[2], "NANTES", "C3", &[20.0, 21.0, 22.0]);
    add(&c[3], "RENNES", "C4", &[8.0, 10.0, 10.0]);
    std::fs::write(dir.path().join("yearly.csv"), t).unwrap();
    let list = format!("uai,entry\n{},2024\n{},2024\n{},2024\n", f[0], f[1], f[2]);
    std::fs::write(dir.path().join("list.csv"), list).unwrap();
    Small { dir, f, c }
}

impl Small {
    fn follow(&self, out: &str, extra: &[&str], threads: &str) -> PathBuf {
        let d = self.dir.path();
        let out = d.join(out);
        let mut args = vec![
            "follow".to_string(),
            d.join("yearly.csv").display().to_string(),
            "--list".into(),
            d.join("list.csv").display().to_string(),
            "--outcome".into(),
            SCORE.into(),
            "--out".into(),
            out.display().to_string(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        let o = common::bin()
            .env("RAYON_NUM_THREADS", threads)
            .args(&args)
            .output()
            .unwrap();
        common::assert_success(&o);
        out
    }
}

/// Rows of a CSV keyed by the first `k` columns.
fn keyed(path: &Path, k: usize) -> BTreeMap<Vec<String>, Vec<String>> {
    let (h, rows) = common::read_csv(path);
    rows.into_iter()
        .map(|r| {
            let key = r[..k].to_vec();
            let named: Vec<String> = h.iter().zip(&r).map(|(a, b)| format!("{a}={b}")).collect();
            (key, named)
        })
        .collect()
}

fn field(row: &[String], name: &str) -> f64 {
    let p = format!("{name}=");
    row.iter()
        .find_map(|c| c.strip_prefix(&p))
        .unwrap_or_else(|| panic!("no {name} in {row:?}"))
        .parse()
        .unwrap()
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() < 1e-9, "{what}: {a} vs {b}");
}

#[test]
fn trajectories_and_balance_match_hand_computations() {
    let s = small();
    let out = s.follow("out", &["--match-within", "academie"], "1");
    // Within NANTES, F1 (8, 10) takes C1 (9, 9) — the RENNES C4 (8, 10) is out of reach —, F2
    // (12, 14) takes C2 (11, 13); F3 has no 2023 value: unmatched.
    let (_, pairs) = common::read_csv(&out.join("pairs.csv"));
    let got: Vec<(&str, &str)> = pairs.iter().map(|r| (&*r[0], &*r[1])).collect();
    assert_eq!(got, [(&*s.f[0], &*s.c[0]), (&*s.f[1], &*s.c[1])]);
    let (_, unmatched) = common::read_csv(&out.join("unmatched.csv"));
    assert_eq!(unmatched.len(), 1);
    assert_eq!(unmatched[0][0], s.f[2]);

    // Followed F1 (8, 10, 13), F2 (12, 14, 15); comparison C1 (9, 9, 9), C2 (11, 13, 12).
    let t = keyed(&out.join("trajectories.csv"), 5);
    let row = |e: &str, g: &str| {
        t.get(&[SCORE, "0", "table", e, g].map(String::from)[..])
            .unwrap_or_else(|| panic!("no row {e} {g}: {t:?}"))
            .clone()
    };
    let t975_1 = 12.706204736174707; // qt(0.975, 1)
    let f1 = row("-1", "followed");
    close(field(&f1, "n"), 2.0, "n");
    close(field(&f1, "mean"), 12.0, "mean followed e=-1");
    close(field(&f1, "sd"), 8f64.sqrt(), "sd followed e=-1");
    // 12 ± t · sd/√n = 12 ± t · 2.
    close(field(&f1, "low"), 12.0 - 2.0 * t975_1, "low");
    close(field(&f1, "high"), 12.0 + 2.0 * t975_1, "high");
    let c0 = row("0", "comparison");
    close(field(&c0, "mean"), 10.5, "mean comparison e=0");
    close(field(&c0, "sd"), 4.5f64.sqrt(), "sd comparison e=0");
    close(
        field(&c0, "high"),
        10.5 + 1.5 * t975_1,
        "high comparison e=0",
    );
    let f0 = row("0", "followed");
    close(field(&f0, "mean"), 14.0, "mean followed e=0");
    assert_eq!(t.len(), 6, "3 event times × 2 groups: {t:?}");

    // Balance: e = −2: means 10 and 10 → SMD 0; e = −1: (12 − 11) / √((8 + 8)/2) = 1/√8.
    let b = keyed(&out.join("balance.csv"), 4);
    let b1 = &b[&[SCORE, "0", "table", "-1"].map(String::from).to_vec()];
    close(field(b1, "mean_followed"), 12.0, "balance mean followed");
    close(
        field(b1, "mean_comparison"),
        11.0,
        "balance mean comparison",
    );
    close(field(b1, "smd"), 1.0 / 8f64.sqrt(), "SMD e=-1");
    let b2 = &b[&[SCORE, "0", "table", "-2"].map(String::from).to_vec()];
    close(field(b2, "smd"), 0.0, "SMD e=-2");
    assert_eq!(b.len(), 2);

    // The académie band of 2024: F1 13, F2 15, C1 9, C2 12, C3 22 → type 7 quartiles 12, 13, 15.
    let r = keyed(&out.join("references.csv"), 3);
    let n24 = &r[&["NANTES", SCORE, "2024"].map(String::from).to_vec()];
    for (k, v) in [("n", 5.0), ("q1", 12.0), ("median", 13.0), ("q3", 15.0)] {
        close(field(n24, k), v, k);
    }

    // The difference in differences at entry: (3 − 0 + 1 − (−1)) / 2 = 2.5, se = sd(3, 2)/√2 = 0.5.
    let e = keyed(&out.join("estimates.csv"), 5);
    let e0 = &e[&[SCORE, "event_time", "", "2024", "0"]
        .map(String::from)
        .to_vec()];
    close(field(e0, "att"), 2.5, "att");
    close(field(e0, "se"), 0.5, "se");

    // Matched anywhere, F1 takes the RENNES school.
    let any = s.follow("any", &[], "1");
    let (_, pairs) = common::read_csv(&any.join("pairs.csv"));
    assert_eq!((&*pairs[0][0], &*pairs[0][1]), (&*s.f[0], &*s.c[3]));
}

#[test]
fn dashboards_per_school_escaped_and_byte_identical_and_the_report_section() {
    let s = small();
    let a = s.follow("a", &["--lang", "fr"], "1");
    let b = s.follow("b", &["--lang", "fr"], "2");
    // One dashboard per followed school, matched or not; the trajectories figure.
    for u in &s.f {
        for ext in ["png", "svg"] {
            let p = a.join("dashboards").join(format!("{u}.{ext}"));
            assert!(p.exists(), "{} missing", p.display());
        }
    }
    assert!(a.join("figures/trajectories.svg").exists());
    // Byte-identical at another thread count, every file.
    let (fa, fb) = (common::files_under(&a), common::files_under(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (f, bytes) in &fa {
        assert!(bytes == &fb[f], "{f} differs between runs");
    }
    // The data strings (a school name with a script, an indicator with markup) are escaped.
    let svg =
        std::fs::read_to_string(a.join("dashboards").join(format!("{}.svg", s.f[0]))).unwrap();
    assert!(
        svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"),
        "name not shown escaped"
    );
    assert!(
        svg.contains("score &lt;b&gt;&amp;x"),
        "indicator not shown escaped"
    );
    for (f, bytes) in fa
        .iter()
        .filter(|(f, _)| f.ends_with(".svg") || f.ends_with(".html"))
    {
        let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{f}: not UTF-8: {e}"));
        assert!(
            !text.contains("<script") && !text.contains("<b>") && !text.contains("& Co"),
            "{f}: a data string went in unescaped"
        );
    }
    // The report: the Suivi section with the caveat, the placebo line, the tables and the figures.
    let html = std::fs::read_to_string(a.join("report.html")).unwrap();
    assert!(html.contains("<section id=\"suivi\">") && html.contains("<h2>Suivi</h2>"));
    assert!(html.contains("régression vers la moyenne"));
    assert!(html.contains("Aucun placebo"));
    assert!(html.contains("Équilibre avant l&#39;entrée") && html.contains("Trajectoires"));
    // F3 left the data in 2023 and 2024, and has no comparison school.
    assert!(
        html.contains(&format!(
            "<td>{}</td>\n<td>suivi</td>\n<td>2023, 2024</td>",
            s.f[2]
        )),
        "{html}"
    );
    assert_eq!(
        html.matches("<figure").count(),
        4,
        "trajectories + 3 dashboards"
    );
    // Only the matched schools' captions mention a comparison school.
    assert_eq!(
        html.matches("aucun établissement de comparaison ne lui a été trouvé")
            .count(),
        1
    );
    assert_eq!(
        html.matches("et à son établissement de comparaison")
            .count(),
        2
    );
    // The effect at entry, in French: matched anywhere, F1-C4 and F2-C2: ((13 − 10) − (10 − 10) +
    // (15 − 14) − (12 − 13)) / 2 = 2.5.
    assert!(html.contains("<td class=\"n\">2,50</td>"), "{html}");
    assert!(
        html.contains("<td class=\"n\">[-3,85 ; 8,85]</td>"),
        "{html}"
    );
}

#[test]
fn matching_within_the_academie_on_the_real_files() {
    let Some(real) = common::real_dir() else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let ivac = real.join("ival_colleges_2022_2024.csv");
    let sel = super::follow::select_nantes(&real, t.path());
    // The raw file's académie and département of every UAI, read without ciblage.
    let column = |name: &str| -> BTreeMap<String, String> {
        super::follow::raw_ivac_text(&ivac, name)
            .into_iter()
            .map(|((u, _), v)| (u, v))
            .collect()
    };
    let (academie, departement) = (column("Académie"), column("Code département"));
    let area = |u: &str| (academie[u].clone(), departement[u].clone());
    let mut outside_anywhere = 0;
    for within in ["anywhere", "academie", "departement"] {
        let out = t.path().join(within);
        let (code, _, err) = common::run_str(&[
            "follow",
            ivac.to_str().unwrap(),
            "--selection",
            sel.join("selection.csv").to_str().unwrap(),
            "--entry",
            "2024",
            "--outcome",
            "va_success_rate,va_written_mark",
            "--match-within",
            within,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        let (_, pairs) = common::read_csv(&out.join("pairs.csv"));
        let (_, unmatched) = common::read_csv(&out.join("unmatched.csv"));
        assert_eq!(
            pairs.len() + unmatched.len(),
            21,
            "{within}: every followed school is listed"
        );
        assert!(pairs.len() >= 15, "{within}: {} pairs", pairs.len());
        for p in &pairs {
            let (fa, fd) = area(&p[0]);
            let (ca, cd) = area(&p[1]);
            match within {
                "academie" => assert_eq!(fa, ca, "{} and {}", p[0], p[1]),
                "departement" => assert_eq!(fd, cd, "{} and {}", p[0], p[1]),
                _ => outside_anywhere += usize::from(fa != ca),
            }
        }
    }
    // Matched anywhere, some comparison schools come from other académies: the option matters.
    assert!(outside_anywhere > 0);
}

/// An outcome or indicator no file gives: a usage error (exit 2) naming the flag and the value, with
/// the files' numeric columns listed once (the yearly table holds three years: it used to list its
/// columns three times), bounded when there are many.
#[test]
fn an_unknown_outcome_names_its_flag_and_lists_the_columns_once() {
    let s = small();
    let d = s.dir.path();
    let (yearly, list) = (d.join("yearly.csv"), d.join("list.csv"));
    let (yearly, list) = (yearly.to_str().unwrap(), list.to_str().unwrap());
    for (extra, want) in [
        (
            vec!["--outcome", "bogus"],
            "error: --outcome bogus: no file has this numeric column; the files' numeric columns: score <b>&x\n",
        ),
        (
            vec!["--outcome", SCORE, "--indicator", "ips,bo\u{1b}gus"],
            "error: --indicator ips: no file has this numeric column; the files' numeric columns: score <b>&x\n",
        ),
    ] {
        let out = d.join("never");
        let mut args = vec!["follow", yearly, "--list", list, "--out", out.to_str().unwrap()];
        args.extend(extra);
        let (code, _, err) = common::run_str(&args);
        assert_eq!(code, 2, "{err}");
        assert_eq!(err, want);
        assert!(!out.exists());
    }
    // A control character in the value is escaped; many columns are cut to about 200 characters of
    // whole names, with how many more.
    let mut t = String::from("uai,annee");
    for i in 0..40 {
        t.push_str(&format!(",indicator_number_{i:02}"));
    }
    t.push('\n');
    for y in [2022, 2023] {
        t.push_str(&format!("{},{y}", s.f[0]));
        for i in 0..40 {
            t.push_str(&format!(",{i}"));
        }
        t.push('\n');
    }
    let wide = d.join("wide.csv");
    std::fs::write(&wide, t).unwrap();
    let (code, _, err) = common::run_str(&[
        "follow",
        wide.to_str().unwrap(),
        "--list",
        list,
        "--outcome",
        "bo\u{1b}gus",
        "--out",
        d.join("never").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.starts_with("error: --outcome bo\\u{1b}gus: no file has this numeric column; the files' numeric columns: indicator_number_00, indicator_number_01, "), "{err}");
    let shown = err.split("numeric columns: ").nth(1).unwrap();
    assert!(shown.len() < 230, "{}", shown.len());
    assert!(shown.trim_end().ends_with(" more)"), "{shown}");
    assert_eq!(err.matches("indicator_number_00").count(), 1);
    let more: usize = shown
        .rsplit_once("… (")
        .unwrap()
        .1
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let listed = shown.matches("indicator_number_").count();
    assert_eq!(listed + more, 40, "{shown}");
}

/// A pre-entry estimate whose interval excludes 0 is flagged in the report, in both languages: four
/// followed schools that rose by 10, 12, 8 and 10 points the year before entry while their comparison
/// schools stayed flat. Event time −2 (2022, base 2023): D = −10, −12, −8, −10; mean −10, sd
/// √(8/3), se = sd/2 = 0.8165, t(3, 0.975) = 3.1824: interval [−12.60, −7.40]. With parallel
/// pre-entry paths, no flag.
#[test]
fn a_pre_entry_difference_is_flagged_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let f: Vec<String> = (1..=4).map(|i| from_number(440_100 + i)).collect();
    let c: Vec<String> = (1..=4).map(|i| from_number(440_200 + i)).collect();
    let write = |name: &str, rise: [f64; 4]| {
        let mut t = String::from("uai,annee,academie,score\n");
        for (k, u) in f.iter().enumerate() {
            let v = [50.0, 50.0, 50.0 + rise[k], 52.0 + rise[k]];
            for (y, x) in [2021, 2022, 2023, 2024].iter().zip(v) {
                t.push_str(&format!("{u},{y},NANTES,{x}\n"));
            }
        }
        for u in &c {
            for y in [2021, 2022, 2023, 2024] {
                t.push_str(&format!("{u},{y},NANTES,50\n"));
            }
        }
        let p = d.join(name);
        std::fs::write(&p, t).unwrap();
        p
    };
    let mut list = String::from("uai,entry\n");
    let mut matches = String::from("id,match_id\n");
    for (a, b) in f.iter().zip(&c) {
        list.push_str(&format!("{a},2024\n"));
        matches.push_str(&format!("{a},{b}\n"));
    }
    std::fs::write(d.join("list.csv"), list).unwrap();
    std::fs::write(d.join("matches.csv"), matches).unwrap();
    let follow = |file: &Path, out: &str, lang: &str| {
        let out = d.join(out);
        let (code, _, err) = common::run_str(&[
            "follow",
            file.to_str().unwrap(),
            "--list",
            d.join("list.csv").to_str().unwrap(),
            "--matches",
            d.join("matches.csv").to_str().unwrap(),
            "--outcome",
            "score",
            "--lang",
            lang,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        std::fs::read_to_string(out.join("report.html")).unwrap()
    };
    let apart = write("apart.csv", [10.0, 12.0, 8.0, 10.0]);
    let en = follow(&apart, "en", "en");
    assert!(
        en.contains("<p class=\"fail\">Pre-entry difference (score, -2 sessions from entry: -10.00, 95 % interval [-12.60, -7.40], which excludes 0): the groups differed before entry; the estimate after entry may reflect that.</p>"),
        "{en}"
    );
    // Event time −3 (2021): the same changes, the same flag.
    assert_eq!(en.matches("Pre-entry difference").count(), 2);
    let fr = follow(&apart, "fr", "fr");
    assert!(
        fr.contains("Différence avant l&#39;entrée (score, -2 sessions de l&#39;entrée : -10,00, intervalle à 95 % [-12,60 ; -7,40], qui exclut 0) : les groupes différaient avant l&#39;entrée ; l&#39;estimation après l&#39;entrée peut en être le reflet."),
        "{fr}"
    );
    // Parallel before entry (the followed schools rise at entry only): nothing flagged.
    let alike = write("alike.csv", [0.0; 4]);
    let en = follow(&alike, "alike", "en");
    assert!(!en.contains("Pre-entry difference"), "{en}");
    assert!(!en.contains("class=\"fail\""));
}
