//! The in-memory table every later step reads: one row per school, keyed by UAI.

use serde::Serialize;
use std::collections::BTreeMap;

/// A column: numbers (`NaN` = missing) or text (empty = missing).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Column {
    /// Numeric values.
    Num(Vec<f64>),
    /// Text values.
    Text(Vec<String>),
}

impl Column {
    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            Column::Num(v) => v.len(),
            Column::Text(v) => v.len(),
        }
    }

    /// Is the column empty?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Is value `i` missing?
    pub fn is_missing(&self, i: usize) -> bool {
        match self {
            Column::Num(v) => v[i].is_nan(),
            Column::Text(v) => v[i].is_empty(),
        }
    }

    /// Value `i` as text (numbers printed in shortest round-trip form, missing = empty).
    pub fn display(&self, i: usize) -> String {
        match self {
            Column::Num(v) if v[i].is_nan() => String::new(),
            Column::Num(v) => format!("{}", v[i]),
            Column::Text(v) => v[i].clone(),
        }
    }

    /// A column of `n` missing values of the same type.
    pub fn missing_like(&self, n: usize) -> Column {
        match self {
            Column::Num(_) => Column::Num(vec![f64::NAN; n]),
            Column::Text(_) => Column::Text(vec![String::new(); n]),
        }
    }

    /// Rows `idx` of the column, in that order.
    pub fn take(&self, idx: &[usize]) -> Column {
        match self {
            Column::Num(v) => Column::Num(idx.iter().map(|&i| v[i]).collect()),
            Column::Text(v) => Column::Text(idx.iter().map(|&i| v[i].clone()).collect()),
        }
    }
}

/// One row per school.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    /// File(s) the rows come from.
    pub path: String,
    /// Dataset preset(s).
    pub dataset: String,
    /// UAI of each row (upper case, check letter verified).
    pub uai: Vec<String>,
    /// Line of each row in its first source file.
    pub line: Vec<u64>,
    /// Columns by canonical name.
    pub columns: BTreeMap<String, Column>,
}

impl Table {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.uai.len()
    }

    /// No rows?
    pub fn is_empty(&self) -> bool {
        self.uai.is_empty()
    }

    /// A numeric column.
    pub fn num(&self, name: &str) -> Option<&[f64]> {
        match self.columns.get(name) {
            Some(Column::Num(v)) => Some(v),
            _ => None,
        }
    }

    /// A text column.
    pub fn text(&self, name: &str) -> Option<&[String]> {
        match self.columns.get(name) {
            Some(Column::Text(v)) => Some(v),
            _ => None,
        }
    }

    /// Value of column `name` at row `i` as text (empty when absent or missing).
    pub fn get(&self, name: &str, i: usize) -> String {
        self.columns
            .get(name)
            .map(|c| c.display(i))
            .unwrap_or_default()
    }

    /// Column names, for messages.
    pub fn column_names(&self) -> String {
        self.columns.keys().cloned().collect::<Vec<_>>().join(", ")
    }

    /// Rows `idx`, in that order.
    pub fn take(&self, idx: &[usize]) -> Table {
        Table {
            path: self.path.clone(),
            dataset: self.dataset.clone(),
            uai: idx.iter().map(|&i| self.uai[i].clone()).collect(),
            line: idx.iter().map(|&i| self.line[i]).collect(),
            columns: self
                .columns
                .iter()
                .map(|(k, c)| (k.clone(), c.take(idx)))
                .collect(),
        }
    }

    /// Missing values per column.
    pub fn missing_counts(&self) -> BTreeMap<String, usize> {
        self.columns
            .iter()
            .map(|(k, c)| (k.clone(), (0..c.len()).filter(|&i| c.is_missing(i)).count()))
            .collect()
    }
}
