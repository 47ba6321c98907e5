//! Figures and the self-contained HTML report.

pub mod figures;
pub mod html;
