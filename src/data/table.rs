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

/// The canonical order of `n` rows whose UAI is `uai(i)`: the rows sorted by UAI (ties, which loading
/// prevents, by row), or `None` when they already are in that order (one parallel check of consecutive
/// keys; a sort only otherwise). Computations whose rounding depends on the order of the rows (sums)
/// run in this order so that their results, and the ties they break, do not depend on the order of
/// the input files. A UAI is 8 ASCII bytes, compared as one big-endian u64 (the order of the text);
/// longer ids fall back to comparing the text.
pub fn uai_order<'a>(n: usize, uai: impl Fn(usize) -> &'a str + Sync) -> Option<Vec<usize>> {
    use rayon::prelude::*;
    let key = |i: usize| -> u64 {
        let mut k = [0u8; 8];
        let b = uai(i).as_bytes();
        let m = b.len().min(8);
        k[..m].copy_from_slice(&b[..m]);
        u64::from_be_bytes(k)
    };
    let sorted = (1..n).into_par_iter().with_min_len(8192).all(|i| {
        let (a, b) = (key(i - 1), key(i));
        a < b || (a == b && uai(i - 1) <= uai(i))
    });
    if sorted {
        return None;
    }
    let mut pairs: Vec<(u64, usize)> = (0..n).into_par_iter().map(|i| (key(i), i)).collect();
    pairs.par_sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| uai(a.1).cmp(uai(b.1)))
            .then(a.1.cmp(&b.1))
    });
    Some(pairs.into_iter().map(|p| p.1).collect())
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
    /// Columns by key: the canonical name for an official preset's columns, the header as written
    /// for a user's table (see `names`).
    pub columns: BTreeMap<String, Column>,
    /// Where each column comes from (file, header as written, position, canonical name), by key.
    pub info: BTreeMap<String, super::column_info::ColumnInfo>,
    /// Canonical names → the key of the column answering to them (a user's `taux_reussite` answers to
    /// `success_rate`).
    pub aliases: BTreeMap<String, String>,
    /// Headers of official files that their preset does not read (so that naming one says how to
    /// read it).
    pub unread: Vec<super::column_info::ColumnInfo>,
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

    /// A column by key or canonical name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.key(name).and_then(|k| self.columns.get(k))
    }

    /// A numeric column (by key or canonical name).
    pub fn num(&self, name: &str) -> Option<&[f64]> {
        match self.column(name) {
            Some(Column::Num(v)) => Some(v),
            _ => None,
        }
    }

    /// A text column (by key or canonical name).
    pub fn text(&self, name: &str) -> Option<&[Text]> {
        match self.column(name) {
            Some(Column::Text(v)) => Some(v),
            _ => None,
        }
    }

    /// Value of text column `name` at row `i`, borrowed (empty when absent, missing or numeric).
    pub fn str(&self, name: &str, i: usize) -> &str {
        match self.column(name) {
            Some(Column::Text(v)) => v[i].as_str(),
            _ => "",
        }
    }

    /// Value of column `name` at row `i` as text (empty when absent or missing).
    pub fn get(&self, name: &str, i: usize) -> String {
        self.column(name).map(|c| c.display(i)).unwrap_or_default()
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
            info: self.info.clone(),
            aliases: self.aliases.clone(),
            unread: self.unread.clone(),
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
mod uai_order_tests {
    use super::uai_order;

    #[test]
    fn sorted_rows_need_no_order_and_others_get_the_uai_order() {
        let sorted = ["0440008V", "0440010X", "0440013A"];
        assert_eq!(uai_order(3, |i| sorted[i]), None);
        let shuffled = ["0440013A", "0440008V", "0440010X", "0440010X"];
        assert_eq!(uai_order(4, |i| shuffled[i]), Some(vec![1, 2, 3, 0]));
        let long = ["0440008V-B", "0440008V-A"];
        assert_eq!(uai_order(2, |i| long[i]), Some(vec![1, 0]));
        assert_eq!(uai_order(0, |i| sorted[i]), None);
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
