//! Loading, validating and joining the official school data and the user's own tables.
//!
//! polars types never leave this module (it is used for Parquet only, see [`parquet`]).

mod chunks;
pub mod column_info;
pub mod column_spec;
mod controls;
pub mod csv_reader;
pub mod decode;
pub mod filter;
pub mod input;
pub mod ival;
pub mod join;
pub mod json;
pub mod load;
pub mod names;
pub mod normalize;
pub mod open;
pub mod options;
pub mod parquet;
mod period;
pub mod presets;
pub mod problem;
mod record;
mod resolve;
mod rows;
pub mod sessions;
pub mod summary;
pub mod table;
pub mod territory;
pub mod uai;

pub use column_info::{ColumnInfo, NotNumeric};
pub use join::{join_inputs, load_inputs, read_inputs, Inputs, JoinReport, ReadFile};
pub use load::{load, LoadOptions, LoadReport, Problem};
pub use table::{Column, Table, Unit};
