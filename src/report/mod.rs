//! Figures, maps and the self-contained HTML report.

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
