//! Parquet input and output (the only place polars is used).

use super::csv_reader::RawCsv;
use super::table::{Column, Table};
use crate::error::{Error, Result};
use polars::prelude::{
    DataFrame, DataType, NamedFrom, ParquetReader, ParquetWriter, SerReader, Series,
};
use std::path::Path;

fn pl_err(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Csv {
        path: path.into(),
        line: 0,
        reason: format!("Parquet: {e}"),
    }
}

/// Read a Parquet file, from its bytes already read (once), as text records (every column cast to
/// string, so codes keep their leading zeros and the same validation as CSV applies). "Line" numbers
/// are row numbers + 1 (as if a header came first).
pub fn from_bytes(path: &Path, bytes: super::input::Bytes) -> Result<RawCsv> {
    let b = bytes.as_slice();
    let digest = crate::output::digest::of_bytes(b);
    let df = ParquetReader::new(std::io::Cursor::new(b))
        .finish()
        .map_err(|e| pl_err(path, e))?;
    let header: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let n = df.height();
    let mut cells: Vec<Vec<String>> = vec![Vec::with_capacity(header.len()); n];
    for c in df.columns() {
        let s = c.cast(&DataType::String).map_err(|e| pl_err(path, e))?;
        let ca = s.str().map_err(|e| pl_err(path, e))?;
        for (row, v) in ca.iter().enumerate() {
            cells[row].push(v.unwrap_or("").to_string());
        }
    }
    let mut raw = RawCsv::from_records(
        header,
        cells,
        (2..n as u64 + 2).collect(),
        b',',
        super::table::Unit::Line,
    );
    raw.set_digest(digest);
    Ok(raw)
}

/// Write a table as Parquet: `uai`, then every column (numbers as Float64 with nulls for missing or
/// undefined (NaN, ±∞) values, text as String with nulls for empty).
pub fn write(table: &Table, path: &Path) -> Result<()> {
    let mut cols = vec![Series::new(
        "uai".into(),
        table.uai.iter().map(|u| u.as_str()).collect::<Vec<_>>(),
    )
    .into()];
    for (name, c) in &table.columns {
        let s = match c {
            Column::Num(v) => Series::new(
                name.as_str().into(),
                v.iter()
                    .map(|x| x.is_finite().then_some(*x))
                    .collect::<Vec<_>>(),
            ),
            Column::Text(v) => Series::new(
                name.as_str().into(),
                v.iter()
                    .map(|x| (!x.is_empty()).then_some(x.as_str()))
                    .collect::<Vec<_>>(),
            ),
        };
        cols.push(s.into());
    }
    let mut df = DataFrame::new(table.len(), cols).map_err(|e| pl_err(path, e))?;
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf)
        .finish(&mut df)
        .map_err(|e| pl_err(path, e))?;
    crate::output::write_atomic(path, &buf)
}
