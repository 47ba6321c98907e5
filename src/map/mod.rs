//! Maps: projections, built-in outlines, classes and drawing of schools and territories.

pub mod boundaries;
pub mod classes;
pub mod draw;
pub mod figure;
mod legend;
pub mod proj;
pub mod regions;
mod viewport;

#[cfg(test)]
mod real_tests;
