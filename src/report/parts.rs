//! The building blocks of the report's page: what the report shows ([`ReportInput`], its figures by
//! [`Section`]) and the pieces every section is made of (a section with its heading, a table, the
//! figures of a section). The sections (`summary`, `method`, `committee`, `provenance`) and the page
//! (`html`) use them; they use none of those.

use super::markup::{cat, el, tx, Html};
use crate::analysis::Analysis;
use crate::data::Inputs;
use crate::i18n::{Labels, Msg};
use crate::select::Selection;

/// Where a figure goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Maps of the selection, next to the list.
    Maps,
    /// The PCA, in the method.
    Pca,
    /// The clusters, in the method.
    Clusters,
    /// The orphan schools, in the method.
    Orphans,
    /// The allocation of an envelope.
    Allocation,
    /// The follow-up's group trajectories.
    Follow,
    /// The follow-up's dashboards, one per followed school.
    Dashboards,
}

/// A figure of the report.
#[derive(Debug, Clone)]
pub struct ReportFigure {
    /// Section.
    pub section: Section,
    /// File name (without extension) in `figures/`.
    pub name: String,
    /// Caption (in the report's language).
    pub caption: String,
    /// The SVG drawing.
    pub svg: String,
}

/// What the report shows.
pub struct ReportInput<'a> {
    /// Loaded inputs.
    pub inputs: &'a Inputs,
    /// Analysis.
    pub analysis: &'a Analysis,
    /// Selection, when run.
    pub selection: Option<&'a Selection>,
    /// Allocation, when the run has an `[allocation]`.
    pub allocation: Option<&'a crate::select::allocation::Allocation>,
    /// Figures.
    pub figures: &'a [ReportFigure],
    /// The run configuration as (key, value) rows, file paths already reduced to their names.
    pub config: &'a [(String, String)],
    /// Language and indicator labels.
    pub labels: &'a Labels,
    /// A level's part of a report over several levels: the count of the list is in the level's
    /// words for collèges too ("21 collèges retenus"; a one-level report keeps "établissements").
    pub in_levels: bool,
}

/// A table: header texts and rows of cells (numbers right-aligned when `numeric[c]`).
pub(crate) fn table(header: &[String], rows: &[Vec<String>], numeric: &[bool]) -> Html {
    let head = el(
        "thead",
        &[],
        [el("tr", &[], header.iter().map(|h| tx("th", &[], h)))],
    );
    let body = el(
        "tbody",
        &[],
        rows.iter().map(|row| {
            el(
                "tr",
                &[],
                row.iter().enumerate().map(|(c, cell)| {
                    if numeric.get(c).copied().unwrap_or(false) {
                        tx("td", &[("class", "n")], cell)
                    } else {
                        tx("td", &[], cell)
                    }
                }),
            )
        }),
    );
    el("table", &[], [head, body])
}

/// The figures of a section, each with its caption.
pub(crate) fn figures(r: &ReportInput, section: Section) -> Html {
    figures_of(r.figures, section)
}

/// The figures of `list` in a section, each with its caption.
pub(crate) fn figures_of(list: &[ReportFigure], section: Section) -> Html {
    cat(list.iter().filter(|f| f.section == section).map(|f| {
        el(
            "figure",
            &[("id", &format!("fig-{}", f.name))],
            [
                Html::trusted(f.svg.as_str()),
                tx("figcaption", &[], &f.caption),
            ],
        )
    }))
}

/// Texts of catalogue messages, for table headers.
pub(crate) fn heads(l: &Labels, msgs: &[Msg]) -> Vec<String> {
    msgs.iter().map(|m| l.t(*m).to_string()).collect()
}

/// A section with its heading.
pub(crate) fn section(id: &str, heading: &str, body: impl IntoIterator<Item = Html>) -> Html {
    el(
        "section",
        &[("id", id)],
        std::iter::once(tx("h2", &[], heading)).chain(body),
    )
}
