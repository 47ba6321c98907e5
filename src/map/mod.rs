//! Maps: projections and (in later modules) drawing schools over territory boundaries.

pub mod draw;
pub mod proj;
