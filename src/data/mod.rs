//! Loading, validating and joining the official school data and the user's own tables.
//!
//! polars types never leave this module (it is used for Parquet only, see [`parquet`]).

mod chunks;
mod controls;
pub mod csv_reader;
pub mod filter;
pub mod input;
pub mod join;
pub mod json;
pub mod load;
pub mod normalize;
pub mod open;
pub mod parquet;
pub mod presets;
pub mod problem;
mod record;
mod rows;
pub mod summary;
pub mod table;
pub mod uai;

pub use join::{load_inputs, Inputs, JoinReport};
pub use load::{load, LoadOptions, LoadReport, Problem};
pub use table::{Column, Table, Unit};
