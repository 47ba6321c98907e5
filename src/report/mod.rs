//! Figures, maps and the self-contained HTML report.
//!
//! Public: [`figures`], which draws any figure or map of an analysis (what `ciblage plot` and
//! `ciblage map` write). The report's pages are internal: the main job ([`crate::execute`]) writes
//! `report.html`.

pub(crate) mod committee;
pub mod figures;
pub(crate) mod follow;
pub(crate) mod html;
pub(crate) mod maps;
pub(crate) mod markup;
pub(crate) mod method;
pub(crate) mod parts;
pub(crate) mod provenance;
pub(crate) mod summary;
