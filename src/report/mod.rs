//! Figures, maps and the self-contained HTML report.

pub mod committee;
pub mod figures;
pub mod follow;
pub mod html;
pub mod maps;
pub mod markup;
pub mod method;
pub mod parts;
pub mod provenance;
pub mod summary;
