//! The self-contained HTML report a selection committee reads: what was decided first (level,
//! territory, budget, number selected, the criteria in one sentence each, data vintages), then the list
//! with each school's explanation one click away, the maps, the method, and the inputs.
//!
//! One language throughout ([`Labels`]): every text comes from the catalogue, every indicator is shown
//! by its label. Every figure is inlined as SVG inside a `<figure>` with its caption; the selection is
//! embedded as a downloadable CSV (data URI); a print stylesheet lays the page out on A4 with a page
//! break before each section. No script, no network.
//!
//! The HTML is built with [`super::markup`]: every text inserted is escaped, only the SVG figures
//! (drawn by ciblage itself, every data string escaped by the SVG backend) go in as they are.

use super::markup::{el, tx, void, Html};
use crate::i18n::Msg;

pub use super::parts::{ReportFigure, ReportInput, Section};

/// The report's stylesheet (screen and A4 print), shared by the follow-up report.
pub(crate) const CSS: &str = "
body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1100px;margin:auto;padding:1em 1.5em;color:#1a1a1a;line-height:1.4}
h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:2px solid #2c3e6b;margin-top:1.8em;color:#2c3e6b}h3{color:#2c3e6b}
table{border-collapse:collapse;margin:.6em 0;font-size:13px}td,th{border:1px solid #c8c8c8;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#e8ecf5}td.n{text-align:right;font-variant-numeric:tabular-nums}
.decision{background:#f4f6fb;border:1px solid #c5cde0;border-radius:6px;padding:.6em 1.2em}
.decision dt{font-weight:bold;float:left;clear:left;width:11em}.decision dd{margin-left:11.5em;margin-bottom:.35em}
.note{color:#555;font-size:.92em}figure{margin:1.2em 0;page-break-inside:avoid;break-inside:avoid}
figure svg{max-width:100%;height:auto;border:1px solid #eee}figcaption{font-style:italic;color:#333;margin-top:.3em}
.school{border-left:4px solid #2c3e6b;padding-left:.8em;margin:1em 0;break-inside:avoid}
.pass{color:#1b6b2a}.fail{color:#a11d1d}a.download{font-weight:bold}
details summary{cursor:pointer;color:#2c3e6b}
@page{size:A4;margin:14mm 12mm}
@media print{body{max-width:none;padding:0;font-size:10.5pt}section{break-before:page;page-break-before:always}
section#decision{break-before:auto;page-break-before:auto}details{display:none}a{color:inherit;text-decoration:none}
figure svg{max-height:240mm}table{font-size:8.5pt}}
";

/// Render the report.
pub fn render(r: &ReportInput) -> String {
    page(r, sections(r))
}

/// The page: its head, the title and subtitle of `r`, then `body`.
fn page(r: &ReportInput, body: impl IntoIterator<Item = Html>) -> String {
    let l = r.labels;
    let head = el(
        "head",
        &[],
        [
            void("meta", &[("charset", "utf-8")]),
            tx("title", &[], title(r)),
            el("style", &[], [Html::trusted(CSS)]),
        ],
    );
    let body = el(
        "body",
        &[],
        [
            tx("h1", &[], title(r)),
            tx(
                "p",
                &[("class", "note")],
                l.f(
                    Msg::ReportSubtitle,
                    &[("version", &env!("CARGO_PKG_VERSION"))],
                ),
            ),
        ]
        .into_iter()
        .chain(body),
    );
    let page = el("html", &[("lang", l.lang.code())], [head, body]);
    format!("<!DOCTYPE html>\n{}", page.into_string())
}

/// The sections of a report, after its title.
fn sections(r: &ReportInput) -> [Html; 12] {
    [
        super::summary::decision(r),
        super::summary::list(r),
        super::summary::maps(r),
        super::committee::decisions(r),
        super::committee::allocation(r),
        super::summary::details(r),
        super::method::criteria(r),
        super::method::pca(r),
        super::method::clusters(r),
        super::method::orphans(r),
        super::method::robustness(r),
        super::provenance::inputs(r),
    ]
}

/// The report of a run over several school levels: one page, the levels side by side in a table
/// (analysed, eligible, budget, selected, shortfall), then a part per level (`id` = its folder,
/// headed in the level's words) with every section of a one-level report. Each level's anchors are
/// prefixed with its `id`, so that the page's anchors stay unique.
pub fn render_levels(parts: &[(&str, ReportInput)]) -> String {
    let Some((_, first)) = parts.first() else {
        return String::new();
    };
    let mut body = vec![super::summary::levels_table(parts)];
    for (id, r) in parts {
        let inner: String = sections(r).into_iter().map(Html::into_string).collect();
        let inner = inner
            .replace(" id=\"", &format!(" id=\"{id}-"))
            .replace("href=\"#", &format!("href=\"#{id}-"))
            .replace("url(#", &format!("url(#{id}-"));
        body.push(el(
            "article",
            &[("id", id)],
            [
                tx("h1", &[], super::summary::level_heading(r)),
                Html::trusted(inner),
            ],
        ));
    }
    page(first, body)
}

/// The report's title: "School selection — académie NANTES".
fn title(r: &ReportInput) -> String {
    let l = r.labels;
    match super::summary::territory(r) {
        Some(t) => l.f(Msg::ReportTitleTerritory, &[("territory", &t)]),
        None => l.t(Msg::ReportTitle).to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn esc_escapes_markup() {
        assert_eq!(
            super::super::markup::esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
