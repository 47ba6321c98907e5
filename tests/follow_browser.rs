//! The follow-up report of the real files (tour step 8: the Nantes selection followed over the DNB
//! sessions 2022–2024), opened in headless Chromium in both languages: one language only, every
//! figure captioned, printable on A4; the PDFs go to `target/test-artefacts/`.
//!
//! Needs `../shared/data/real/` and Chromium (skips otherwise, as `report_browser` does).

use super::report_browser::{
    artefacts, browser, chromium, other_language, print, uncaptioned, visible_text,
};
use crate::common;
use ciblage::i18n::Lang;

#[test]
fn the_follow_report_in_chromium_in_both_languages() {
    let Some(real) = common::real_dir() else {
        return;
    };
    let Some(exe) = chromium() else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let sel = super::follow::select_nantes(&real, t.path());
    for lang in Lang::ALL {
        let out = t.path().join(lang.code());
        let o = common::bin()
            .arg("follow")
            .arg(real.join("ival_colleges_2022_2024.csv"))
            .arg(real.join("ips_colleges_2022_2023.csv"))
            .arg("--selection")
            .arg(sel.join("selection.csv"))
            .args([
                "--entry",
                "2024",
                "--outcome",
                "va_success_rate,va_written_mark",
                "--indicator",
                "ips",
                "--placebo",
                "10",
                "--lang",
                lang.code(),
                "--out",
            ])
            .arg(&out)
            .output()
            .unwrap();
        common::assert_success(&o);
        let page = out.join("report.html");
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(!html.contains(&*real.to_string_lossy()));
        let profile = tempfile::tempdir().unwrap();
        let dom = browser(&exe, profile.path())
            .arg("--dump-dom")
            .arg(format!("file://{}", page.display()))
            .output()
            .unwrap();
        let dom = String::from_utf8_lossy(&dom.stdout).to_string();
        assert!(dom.contains("id=\"suivi\""), "not rendered");
        let text = visible_text(&dom);
        let wrong = other_language(&text, lang);
        assert!(
            wrong.is_empty(),
            "{lang} follow report shows {} texts of the other language: {wrong:?}",
            wrong.len()
        );
        let bad = uncaptioned(&dom);
        assert!(bad.is_empty(), "figures without caption: {bad:?}");
        // The trajectories and 21 dashboards; the caveat; the unmatched schools' reasons.
        assert_eq!(dom.matches("<figure").count(), 22);
        if lang == Lang::Fr {
            assert!(text.contains("régression vers la moyenne"));
            assert!(text.contains("une valeur avant l'entrée manque"));
        } else {
            assert!(text.contains("regression to the mean"));
            assert!(text.contains("a value before entry is missing"));
        }
        let pdf = artefacts().join(format!("follow_report_{}.pdf", lang.code()));
        let pages = print(&exe, &page, &pdf);
        assert!(pages >= 3, "{pages} pages");
        eprintln!("{lang}: {pages} pages; {} written", pdf.display());
    }
}
