//! The report of the real Nantes run, opened in headless Chromium in both languages: one language only,
//! every figure captioned, printable on A4 (at least 3 pages), screenshots and PDFs kept under
//! `target/test-artefacts/` for a person to look at.
//!
//! Needs `../shared/data/real/` (skips otherwise, as every real-data test) and Chromium (skips with a
//! message when absent, but FAILS under `CI=true`, where `.ci/run` installs it).

use crate::common;

use base64::Engine;
use ciblage::i18n::{Lang, Msg};
use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) fn chromium() -> Option<PathBuf> {
    for c in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] {
        if Path::new(c).exists() {
            return Some(c.into());
        }
    }
    for c in ["chromium", "chromium-browser"] {
        if Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Some(c.into());
        }
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true and no Chromium: .ci/run must install it (apt-get install chromium)");
    }
    eprintln!("SKIPPED: no Chromium found (apt-get install -y chromium); the report is not opened");
    None
}

/// Chromium with a fresh profile and nothing that reaches the network.
pub(crate) fn browser(exe: &Path, profile: &Path) -> Command {
    let mut c = Command::new(exe);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

pub(crate) fn artefacts() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-artefacts");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The text a reader sees: the DOM without tags, styles, and without elements marked
/// `translate="no"` (school names, codes, file names: data, not words of the report).
pub(crate) fn visible_text(dom: &str) -> String {
    let mut out = String::new();
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut rest = dom;
    const VOID: [&str; 8] = [
        "meta", "br", "img", "input", "link", "hr", "source", "!doctype",
    ];
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        if !stack
            .iter()
            .any(|s| s.1 || s.0 == "style" || s.0 == "title")
        {
            out.push_str(&unescape(text));
            out.push(' ');
        }
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(pos) = stack.iter().rposition(|s| s.0 == name) {
                stack.truncate(pos);
            }
            continue;
        }
        let name = tag
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if tag.ends_with('/') || VOID.contains(&name.as_str()) {
            continue;
        }
        stack.push((name, tag.contains("translate=\"no\"")));
    }
    out
}

/// Entities as the browser writes them in a dumped DOM.
fn unescape(t: &str) -> String {
    t.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// Is `needle` in `hay` as whole words?
fn has_words(hay: &str, needle: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut from = 0;
    while let Some(p) = hay[from..].find(needle) {
        let at = from + p;
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        if !word(before) && !word(after) {
            return true;
        }
        from = at + needle.len().max(1);
    }
    false
}

/// Fragments of the other language's catalogue (texts that differ between the languages, cut at
/// their placeholders) that appear in `text`.
pub(crate) fn other_language(text: &str, lang: Lang) -> Vec<String> {
    let mut found = Vec::new();
    let frag = |t: &'static str| -> Vec<String> {
        t.split(['{', '}'])
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, f)| f.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
            .filter(|f| f.chars().filter(|c| c.is_alphabetic()).count() >= 4)
            .collect()
    };
    let ours: Vec<String> = Msg::ALL.iter().flat_map(|m| frag(m.t(lang))).collect();
    for m in Msg::ALL {
        let (mine, theirs) = (m.t(lang), m.t(lang.other()));
        if mine == theirs {
            continue;
        }
        for f in frag(theirs) {
            if ours.contains(&f) {
                continue;
            }
            if has_words(text, &f) {
                found.push(format!("{m:?}: {f:?}"));
            }
        }
    }
    found
}

/// Every `<svg>` and `<img>` sits in a `<figure>` with a non-empty `<figcaption>`.
pub(crate) fn uncaptioned(dom: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let mut rest = dom.to_string();
    while let Some(start) = rest.find("<figure") {
        let Some(end) = rest[start..].find("</figure>") else {
            break;
        };
        let block = rest[start..start + end].to_string();
        let caption = block
            .split("<figcaption>")
            .nth(1)
            .and_then(|c| c.split("</figcaption>").next())
            .unwrap_or("");
        if caption.trim().is_empty() {
            bad.push(block.chars().take(80).collect());
        }
        rest.replace_range(start..start + end + 9, "");
    }
    for t in ["<svg", "<img"] {
        if rest.contains(t) {
            bad.push(format!("{t} outside a figure"));
        }
    }
    bad
}

/// Print `page` to `pdf` on A4 (no header or footer); its number of pages.
pub(crate) fn print(exe: &Path, page: &Path, pdf: &Path) -> usize {
    let _ = std::fs::remove_file(pdf);
    let profile = tempfile::tempdir().unwrap();
    let p = browser(exe, profile.path())
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let bytes = std::fs::read(pdf)
        .unwrap_or_else(|_| panic!("no PDF: {}", String::from_utf8_lossy(&p.stderr)));
    pdf_pages(&bytes)
}

pub(crate) fn pdf_pages(pdf: &[u8]) -> usize {
    let s = String::from_utf8_lossy(pdf);
    s.match_indices("/Type /Page")
        .filter(|(i, _)| !s[i + 11..].starts_with('s'))
        .count()
}

#[test]
fn the_nantes_report_in_chromium_in_both_languages() {
    let Some(real) = common::real_dir() else {
        return;
    };
    let Some(exe) = chromium() else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    for lang in Lang::ALL {
        let out = t.path().join(lang.code());
        let o = common::bin()
            .arg("run")
            .args(
                [
                    "ips_colleges_2022_2023.csv",
                    "ival_colleges_2022_2024.csv",
                    "etablissements_ep_2022_2023.csv",
                    "geoloc_colleges.csv",
                ]
                .map(|f| real.join(f)),
            )
            .args([
                "--academie",
                "NANTES",
                "--missing",
                "drop",
                "--lang",
                lang.code(),
                "--out",
            ])
            .arg(&out)
            .output()
            .unwrap();
        common::assert_success(&o);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            stderr.contains(if lang == Lang::Fr {
                "retenus"
            } else {
                "selected"
            }),
            "terminal summary not in {lang}: {stderr}"
        );
        let page = out.join("report.html");
        let html = std::fs::read_to_string(&page).unwrap();
        // Files by name, never the machine's folders.
        assert!(!html.contains(&*real.to_string_lossy()) && !html.contains("/shared/data/real"));
        let profile = tempfile::tempdir().unwrap();
        let dom = browser(&exe, profile.path())
            .arg("--dump-dom")
            .arg(format!("file://{}", page.display()))
            .output()
            .unwrap();
        let dom = String::from_utf8_lossy(&dom.stdout).to_string();
        assert!(
            dom.contains("id=\"decision\"") && dom.contains("id=\"list\""),
            "not rendered"
        );
        let text = visible_text(&dom);
        let wrong = other_language(&text, lang);
        assert!(
            wrong.is_empty(),
            "{lang} report shows {} texts of the other language: {wrong:?}",
            wrong.len()
        );
        let bad = uncaptioned(&dom);
        assert!(bad.is_empty(), "figures without caption: {bad:?}");
        // The selection is downloadable from the page, in the report's language.
        let uri = html
            .split("href=\"data:text/csv;charset=utf-8;base64,")
            .nth(1)
            .unwrap();
        let csv = base64::engine::general_purpose::STANDARD
            .decode(uri.split('"').next().unwrap())
            .unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert!(csv.lines().count() >= 22, "{csv}");
        if lang == Lang::Fr {
            assert!(text.contains(
                "Défavorisé : IPS moyen inférieur ou égal à la médiane de son académie."
            ));
            assert!(
                text.contains("hors budget (rang 22 > 21)"),
                "no near-miss sentence in French"
            );
            assert!(csv.contains("hors budget"));
        } else {
            assert!(text.contains("outside the budget (rank 22 > 21)"));
        }
        // Each listed school links to its explanation.
        let first = dom
            .split("href=\"#school-")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(dom.contains(&format!("id=\"school-{first}\"")));
        // Printed on A4: at least 3 pages.
        let pdf = artefacts().join(format!("report_{}.pdf", lang.code()));
        let pages = print(&exe, &page, &pdf);
        assert!(pages >= 3, "{pages} pages");
        // Screenshot of the first screen.
        let shot = artefacts().join(format!("report_{}.png", lang.code()));
        let profile = tempfile::tempdir().unwrap();
        browser(&exe, profile.path())
            .args(["--window-size=1280,1800", "--hide-scrollbars"])
            .arg(format!("--screenshot={}", shot.display()))
            .arg(format!("file://{}", page.display()))
            .output()
            .unwrap();
        let (w, h, px) = common::decode_png(&shot);
        assert!(
            w >= 1000 && h >= 1000 && common::distinct_colours(&px) > 20,
            "blank screenshot"
        );
        eprintln!(
            "{lang}: {pages} pages; {} and {} written",
            pdf.display(),
            shot.display()
        );
    }
}

#[test]
fn the_text_helpers_see_what_a_reader_sees() {
    let dom = "<html><head><style>.a{}</style></head><body><p>un <b>mot</b></p>\
               <td translate=\"no\">School</td><svg><text>classe 1</text><circle r=\"1\"/></svg></body></html>";
    let t = visible_text(dom);
    assert!(t.contains("un") && t.contains("mot") && t.contains("classe 1"));
    assert!(!t.contains("School") && !t.contains(".a{}"));
    assert!(has_words("la classe 1", "classe") && !has_words("classes", "classe"));
    assert!(!other_language("the selected schools", Lang::Fr).is_empty());
    assert!(other_language("les établissements retenus", Lang::Fr).is_empty());
    assert!(uncaptioned("<figure><svg></svg><figcaption>x</figcaption></figure>").is_empty());
    assert_eq!(uncaptioned("<p><svg></svg></p>").len(), 1);
}
