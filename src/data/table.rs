//! The in-memory table every later step reads: one row per school, keyed by UAI.

use serde::Serialize;
use std::collections::BTreeMap;

/// A text cell or a UAI: up to 24 bytes are stored inline, so a million-row table does not make a
/// million allocations per text column.
pub type Text = compact_str::CompactString;

/// A column: numbers (`NaN` = missing) or text (empty = missing).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Column {
    /// Numeric values.
    Num(Vec<f64>),
    /// Text values.
    Text(Vec<Text>),
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
            Column::Text(v) => v[i].to_string(),
        }
    }

    /// A column of `n` missing values of the same type.
    pub fn missing_like(&self, n: usize) -> Column {
        match self {
            Column::Num(_) => Column::Num(vec![f64::NAN; n]),
            Column::Text(_) => Column::Text(vec![Text::default(); n]),
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

/// Dictionary encoding of a text column: the code of each value and the distinct values sorted (code =
/// position). One hash lookup per value, none when a value repeats the previous one (territories and
/// statuses come in runs): the few distinct values of a million-row column are found in milliseconds.
pub fn dictionary<S: AsRef<str>>(values: &[S]) -> (Vec<u32>, Vec<&str>) {
    let mut index: rustc_hash::FxHashMap<&str, u32> = Default::default();
    let mut seen: Vec<&str> = Vec::new();
    let mut last: Option<(&str, u32)> = None;
    let first: Vec<u32> = values
        .iter()
        .map(|s| {
            let s = s.as_ref();
            if let Some((l, c)) = last {
                if l == s {
                    return c;
                }
            }
            let c = *index.entry(s).or_insert_with(|| {
                seen.push(s);
                seen.len() as u32 - 1
            });
            last = Some((s, c));
            c
        })
        .collect();
    let mut order: Vec<u32> = (0..seen.len() as u32).collect();
    order.sort_by_key(|&c| seen[c as usize]);
    let mut rank = vec![0u32; seen.len()];
    for (r, &c) in order.iter().enumerate() {
        rank[c as usize] = r as u32;
    }
    (
        first.iter().map(|&c| rank[c as usize]).collect(),
        order.iter().map(|&c| seen[c as usize]).collect(),
    )
}

/// How the rows of an input are numbered in messages: by line (text files, the header being line 1),
/// or by record (JSON exports: the record's 1-based index in the file's list).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A line of the file, as a text editor counts.
    #[default]
    Line,
    /// A record of a JSON list.
    Record,
}

impl Unit {
    /// Is it [`Unit::Line`]?
    pub fn is_line(&self) -> bool {
        *self == Unit::Line
    }
}

impl std::fmt::Display for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unit::Line => "line",
            Unit::Record => "record",
        })
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
    pub uai: Vec<Text>,
    /// Line of each row in its first source file (its record for a JSON input: see `unit`).
    pub line: Vec<u64>,
    /// What `line` counts.
    #[serde(skip_serializing_if = "Unit::is_line")]
    pub unit: Unit,
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
    pub fn text(&self, name: &str) -> Option<&[Text]> {
        match self.columns.get(name) {
            Some(Column::Text(v)) => Some(v),
            _ => None,
        }
    }

    /// Value of text column `name` at row `i`, borrowed (empty when absent, missing or numeric).
    pub fn str(&self, name: &str, i: usize) -> &str {
        match self.columns.get(name) {
            Some(Column::Text(v)) => v[i].as_str(),
            _ => "",
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
            unit: self.unit,
            columns: self
                .columns
                .iter()
                .map(|(k, c)| (k.clone(), c.take(idx)))
                .collect(),
        }
    }

    /// Keep only rows `keep` (ascending, without repeats), moving them in place: no value is copied.
    pub fn retain_rows(&mut self, keep: &[usize]) {
        fn compact<T>(v: &mut Vec<T>, keep: &[usize]) {
            // keep[d] >= d and increases, so a swap never brings back a value still to be kept.
            for (d, &s) in keep.iter().enumerate() {
                v.swap(d, s);
            }
            v.truncate(keep.len());
        }
        debug_assert!(keep.windows(2).all(|w| w[0] < w[1]));
        if keep.len() == self.len() {
            return;
        }
        use rayon::prelude::*;
        rayon::join(
            || compact(&mut self.uai, keep),
            || compact(&mut self.line, keep),
        );
        let cols: Vec<&mut Column> = self.columns.values_mut().collect();
        cols.into_par_iter().for_each(|c| match c {
            Column::Num(v) => compact(v, keep),
            Column::Text(v) => compact(v, keep),
        });
    }

    /// Missing values per column.
    pub fn missing_counts(&self) -> BTreeMap<String, usize> {
        self.columns
            .iter()
            .map(|(k, c)| (k.clone(), (0..c.len()).filter(|&i| c.is_missing(i)).count()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retain_rows_equals_take() {
        let mut t = Table {
            uai: ["A", "B", "C", "D", "E"]
                .iter()
                .map(|s| Text::from(*s))
                .collect(),
            line: vec![2, 3, 4, 5, 6],
            ..Default::default()
        };
        t.columns
            .insert("x".into(), Column::Num(vec![1.0, 2.0, 3.0, 4.0, 5.0]));
        t.columns.insert(
            "s".into(),
            Column::Text(
                ["a", "b", "c", "d", "e"]
                    .iter()
                    .map(|s| Text::from(*s))
                    .collect(),
            ),
        );
        for keep in [vec![], vec![0], vec![1, 3, 4], vec![0, 1, 2, 3, 4], vec![4]] {
            let mut r = t.clone();
            r.retain_rows(&keep);
            assert_eq!(r, t.take(&keep), "{keep:?}");
        }
    }
}
