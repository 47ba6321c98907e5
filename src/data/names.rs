//! The names a column answers to, and finding a column from a name a user wrote.
//!
//! A column of a [`Table`] is stored under one *key*: the canonical name for the columns of an
//! official preset (`va_success_rate`), the header as written for the columns of a user's `table`
//! (`taux_reussite`, `学校指数`; a repeated header as `ips#4`, its position). Wherever a user names a
//! column (`--active`, `--quanti-sup`, `--quali-sup`, `--weights`, `--orient`, selection rules, the run
//! configuration), [`Table::resolve`] accepts, in this order:
//!
//! 1. the key itself;
//! 2. the header exactly as written in the file (`VA du taux de réussite G`);
//! 3. the canonical name of an official preset the column answers to (`success_rate` for a user's
//!    `taux_reussite`);
//! 4. any spelling with the same normalised form ([`header_key`]: case, accents and separators
//!    ignored), when exactly one column has it. A name that matches two columns only after
//!    normalisation is refused, listing both headers and their positions.
//!
//! Outputs label columns with their key, so a user's table keeps the user's own names.

pub use super::column_info::ColumnInfo;
use super::normalize::header_key;
use super::table::{Column, Table};
use crate::error::{Error, Result};

impl Table {
    /// The key of column `name` when `name` is a key or a canonical name the table knows (fast: no
    /// normalisation; for the names ciblage itself uses, such as `academie`).
    pub fn key<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        if self.columns.contains_key(name) {
            Some(name)
        } else {
            self.aliases.get(name).map(String::as_str)
        }
    }

    /// Does the table have a column answering to `name` (key or canonical name)?
    pub fn has(&self, name: &str) -> bool {
        self.key(name).is_some()
    }

    /// The column a user's name stands for (see the module documentation for the rules), as its key.
    ///
    /// # Errors
    /// [`Error::Usage`] when the name matches several columns only after normalisation;
    /// [`Error::UnknownColumn`] (columns closest to the name first) when it matches none.
    pub fn resolve(&self, name: &str) -> Result<String> {
        if let Some(k) = self.key(name) {
            return Ok(k.to_string());
        }
        let by_header: Vec<&String> = self
            .info
            .iter()
            .filter(|(_, i)| i.header == name || i.header.trim() == name.trim())
            .map(|(k, _)| k)
            .collect();
        if by_header.len() == 1 {
            return Ok(by_header[0].clone());
        }
        let want = header_key(name);
        let mut hits: Vec<&String> = self
            .columns
            .keys()
            .filter(|k| {
                header_key(k) == want
                    || self.info.get(*k).is_some_and(|i| {
                        header_key(&i.header) == want
                            || i.canonical
                                .as_deref()
                                .is_some_and(|c| header_key(c) == want)
                    })
            })
            .collect();
        hits.dedup();
        match hits.len() {
            1 => Ok(hits[0].clone()),
            0 => Err(self.unknown(name, |_| true)),
            _ if !want.is_empty() => Err(Error::Usage(format!(
                "'{}' matches {} columns once case, accents and separators are ignored: {}; write the header exactly as in the file",
                crate::text::quote(name),
                hits.len(),
                hits.iter()
                    .map(|k| self.describe(k))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ))),
            _ => Err(self.unknown(name, |_| true)),
        }
    }

    /// [`Self::resolve`] for a column that must hold numbers.
    ///
    /// # Errors
    /// As [`Self::resolve`]; [`Error::Usage`] when the column holds text, saying which values are not
    /// numbers, where, and what to do.
    pub fn resolve_numeric(&self, name: &str) -> Result<String> {
        let k = match self.resolve(name) {
            Ok(k) => k,
            Err(Error::UnknownColumn { name, .. }) => {
                return Err(self.unknown(&name, |c| matches!(c, Column::Num(_))))
            }
            Err(e) => return Err(e),
        };
        match self.columns.get(&k) {
            Some(Column::Num(_)) => Ok(k),
            Some(Column::Text(v)) => {
                let why = match self.info.get(&k).and_then(|i| i.not_numeric.as_ref()) {
                    Some(nn) => format!("{nn}; {}", nn.advice()),
                    None => match v.iter().position(|x| !x.is_empty()) {
                        Some(i) => format!(
                            "it holds text (e.g. '{}', line {})",
                            crate::text::quote(&v[i]),
                            self.line[i]
                        ),
                        None => "it holds no value".into(),
                    },
                };
                Err(Error::Usage(format!(
                    "column {} is not numeric: {why}",
                    self.describe(&k)
                )))
            }
            None => Err(self.unknown(name, |c| matches!(c, Column::Num(_)))),
        }
    }

    /// A column for messages: `'va_note' (column 5 of t.csv)`, or for a preset column whose header
    /// differs, `'va_success_rate' (header 'VA du taux de réussite G', column 15 of ivac.csv)`.
    pub fn describe(&self, key: &str) -> String {
        let k = crate::text::quote(key);
        match self.info.get(key) {
            Some(i) if i.header == key => {
                format!("'{k}' (column {} of {})", i.position, i.file)
            }
            Some(i) => format!(
                "'{k}' (header '{}', column {} of {})",
                crate::text::quote(&i.header),
                i.position,
                i.file
            ),
            None => format!("'{k}'"),
        }
    }

    /// The file a column was read from (the table's own path when unknown).
    pub fn source(&self, key: &str) -> &str {
        self.info.get(key).map_or(self.path.as_str(), |i| &i.file)
    }

    /// Add a column under `key`, with where it comes from; its canonical name becomes an alias unless
    /// another column already answers to it.
    pub fn insert_column(&mut self, key: String, column: Column, info: Option<ColumnInfo>) {
        if let Some(i) = &info {
            if let Some(c) = &i.canonical {
                if c != &key && !self.has(c) {
                    self.aliases.insert(c.clone(), key.clone());
                }
            }
        }
        if let Some(i) = info {
            self.info.insert(key.clone(), i);
        }
        self.aliases.remove(&key);
        self.columns.insert(key, column);
    }

    /// The error for a name that matches no column: the columns accepted (those `keep` lets through),
    /// closest to the name first.
    fn unknown(&self, name: &str, keep: impl Fn(&Column) -> bool) -> Error {
        // A header of an official file that its preset does not read.
        let want = header_key(name);
        if let Some(u) = self
            .unread
            .iter()
            .find(|u| u.header == name || (!want.is_empty() && header_key(&u.header) == want))
        {
            return Error::Usage(format!(
                "column '{}' (column {} of {}) is not read by the official preset of that file: to analyse it, load the file as a table (--dataset table, or [inputs] dataset = \"table\")",
                crate::text::quote(&u.header),
                u.position,
                u.file
            ));
        }
        let names: Vec<&str> = self
            .columns
            .iter()
            .filter(|(_, c)| keep(c))
            .map(|(k, _)| k.as_str())
            .collect();
        let sorted = super::territory::closest_first(name, &names);
        Error::UnknownColumn {
            name: crate::text::quote(name).into_owned(),
            available: super::territory::list_some(&sorted, 40),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        let mut t = Table {
            uai: vec!["0440008V".into(), "0440010X".into()],
            line: vec![2, 3],
            path: "t.csv".into(),
            ..Default::default()
        };
        let info = |h: &str, pos: usize, canonical: Option<&str>| ColumnInfo {
            file: "t.csv".into(),
            header: h.into(),
            position: pos,
            canonical: canonical.map(str::to_string),
            not_numeric: None,
        };
        t.insert_column(
            "Taux de réussite".into(),
            Column::Num(vec![1.0, 2.0]),
            Some(info("Taux de réussite", 3, None)),
        );
        t.insert_column(
            "taux_de_reussite".into(),
            Column::Num(vec![1.0, 2.0]),
            Some(info("taux_de_reussite", 4, None)),
        );
        t.insert_column(
            "taux_reussite".into(),
            Column::Num(vec![1.0, 2.0]),
            Some(info("taux_reussite", 5, Some("success_rate"))),
        );
        t.insert_column(
            "学校指数".into(),
            Column::Num(vec![1.0, 2.0]),
            Some(info("学校指数", 6, None)),
        );
        let mut nn = info("va", 7, None);
        nn.not_numeric = Some(super::super::column_info::NotNumeric {
            numbers: 1,
            others: 1,
            value: "None".into(),
            line: 2,
        });
        t.insert_column(
            "va".into(),
            Column::Text(vec!["None".into(), "2".into()]),
            Some(nn),
        );
        t
    }

    #[test]
    fn names_resolve_by_key_header_canonical_and_normalised_form() {
        let t = table();
        assert_eq!(t.resolve("taux_de_reussite").unwrap(), "taux_de_reussite");
        assert_eq!(t.resolve("Taux de réussite").unwrap(), "Taux de réussite");
        assert_eq!(t.resolve("success_rate").unwrap(), "taux_reussite");
        assert_eq!(t.resolve("Taux Reussite").unwrap(), "taux_reussite");
        assert_eq!(t.resolve("学校指数").unwrap(), "学校指数");
        let e = t.resolve("TAUX DE REUSSITE").unwrap_err().to_string();
        assert!(
            e.contains("'Taux de réussite' (column 3 of t.csv)")
                && e.contains("'taux_de_reussite' (column 4 of t.csv)"),
            "{e}"
        );
        let e = t.resolve("taux").unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("unknown column 'taux'"), "{e}");
    }

    #[test]
    fn a_text_column_says_why_it_is_not_numeric() {
        let t = table();
        let e = t.resolve_numeric("va").unwrap_err().to_string();
        assert!(
            e.contains("column 'va' (column 7 of t.csv) is not numeric")
                && e.contains("first 'None', line 2")
                && e.contains("--missing-tokens 'None'"),
            "{e}"
        );
        assert_eq!(t.resolve_numeric("success_rate").unwrap(), "taux_reussite");
    }
}
