//! Loading, validating and joining the official school data and the user's own tables.
//!
//! polars types never leave this module (it is used for Parquet only, see `parquet`).

mod chunks;
pub(crate) mod column_info;
pub(crate) mod column_spec;
mod controls;
pub(crate) mod csv_reader;
pub(crate) mod decode;
pub(crate) mod filter;
pub(crate) mod input;
pub(crate) mod ival;
pub(crate) mod join;
pub(crate) mod json;
pub(crate) mod load;
pub(crate) mod names;
pub(crate) mod normalize;
pub(crate) mod open;
pub(crate) mod options;
pub(crate) mod parquet;
mod period;
pub(crate) mod presets;
pub(crate) mod problem;
mod record;
mod resolve;
mod rows;
pub(crate) mod sessions;
pub(crate) mod summary;
pub(crate) mod table;
pub mod territory;
pub mod uai;

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod json_csv_tests;

pub use column_info::{ColumnInfo, NotNumeric};
pub use column_spec::{ColumnSpec, Kind, Preset};
pub use filter::Filter;
pub use join::{join_inputs, load_inputs, read_inputs, Inputs, JoinReport, ReadFile};
pub use load::{load, LoadOptions, LoadReport, Problem};
pub use presets::PRESETS;
pub use table::{Column, Table, Unit};
