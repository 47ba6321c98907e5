//! Reading a settings file (run configuration, selection spec) with messages a person can act on.
//!
//! A settings file is a few kilobytes: one above [`MAX_SETTINGS_BYTES`] is refused before it is
//! parsed (a 50 MB value would otherwise be parsed, then echoed). The `toml` crate's own message
//! prints the whole offending line, which may be megabytes long; this module shows instead the file,
//! the line and column, the key as written in the file (`[clustering] k`), the value (at most 200
//! characters, see [`crate::text::quote`]) and what is allowed.

use super::setting::{Place, Schema, SettingError};
use super::{Error, Result};
use serde::de::DeserializeOwned;
use std::io::Read;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Largest settings file read (1 MiB; the commented templates are under 4 KiB).
pub const MAX_SETTINGS_BYTES: u64 = 1 << 20;

/// A settings file read into memory, kept to place errors on their line.
#[derive(Debug, Clone)]
pub struct TomlFile {
    /// The file.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    schema: Schema,
}

impl TomlFile {
    /// Read `path` (at most [`MAX_SETTINGS_BYTES`], UTF-8).
    pub fn read(path: &Path, schema: Schema) -> Result<Self> {
        let f = std::fs::File::open(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::path(path, "no such settings file")
            } else {
                Error::io(path, e)
            }
        })?;
        let meta = f.metadata().map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            return Err(Error::path(
                path,
                "is a folder; give the settings file (TOML) itself",
            ));
        }
        // Bounded read: a FIFO or a device reports no size.
        let mut bytes = Vec::new();
        f.take(MAX_SETTINGS_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(path, e))?;
        let file = |reason: String| {
            Error::setting(SettingError {
                schema,
                key: String::new(),
                value: None,
                allowed: reason,
                place: Place::File {
                    path: path.into(),
                    line: None,
                    column: None,
                },
            })
        };
        if bytes.len() as u64 > MAX_SETTINGS_BYTES {
            return Err(file(format!(
                "larger than {} KiB: not a settings file (they are a few KiB of TOML)",
                MAX_SETTINGS_BYTES / 1024
            )));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            file(format!(
                "not UTF-8 text (invalid byte at offset {}); save the file as UTF-8",
                e.utf8_error().valid_up_to()
            ))
        })?;
        Ok(TomlFile {
            path: path.into(),
            text,
            schema,
        })
    }

    /// A file held in memory (the built-in templates), named `name` in messages.
    pub fn from_text(name: &str, text: &str, schema: Schema) -> Self {
        TomlFile {
            path: name.into(),
            text: text.into(),
            schema,
        }
    }

    /// Parse into `T`; a syntax error, an unknown key or a value of the wrong kind names the line,
    /// the key and the value.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T> {
        toml::from_str(&self.text).map_err(|e| Error::setting(self.toml_error(&e)))
    }

    fn toml_error(&self, e: &toml::de::Error) -> SettingError {
        let span = e.span();
        let (line, column) = match &span {
            Some(s) => {
                let (l, c) = line_column(&self.text, s.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        let key = span
            .as_ref()
            .and_then(|s| key_at(&self.text, s.start))
            .unwrap_or_default();
        let message = e.message().trim_end();
        let raw = span
            .as_ref()
            .and_then(|s| self.text.get(s.clone()))
            .unwrap_or_default();
        // serde's "unknown variant `x`, expected `a` or `b`" becomes `key = x: allowed values: a or b`.
        let (value, allowed) = match message.strip_prefix("unknown variant ") {
            Some(rest) if !key.is_empty() => {
                let expected = rest.split_once(", expected ").map_or(rest, |(_, x)| x);
                (Some(raw.to_string()), expected.replace('`', ""))
            }
            _ => (None, backticked_values_quoted(message)),
        };
        SettingError {
            schema: self.schema,
            key,
            value,
            allowed,
            place: Place::File {
                path: self.path.clone(),
                line,
                column,
            },
        }
    }

    /// `e` placed in this file, on the line of its key when the file has it.
    pub fn place(&self, mut e: SettingError) -> Error {
        let line = find_key(&self.text, &e.key).map(|pos| line_column(&self.text, pos).0);
        e.place = Place::File {
            path: self.path.clone(),
            line,
            column: None,
        };
        Error::setting(e)
    }
}

/// 1-based line and column (in characters) of byte `pos`.
pub fn line_column(text: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(text.len());
    let before = text.get(..pos).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// A serde message with every `` `x` `` written `'x'`, `x` quoted (bounded, no control character):
/// backticks in a setting's message name other settings.
fn backticked_values_quoted(message: &str) -> String {
    super::setting::render_refs(message, |x| format!("'{}'", crate::text::quote(x)))
}

/// Dotted key (`clustering.k`, `criteria.rules[1].quantile`) of the entry at byte `pos`.
fn key_at(text: &str, pos: usize) -> Option<String> {
    let doc = DeTable::parse(text).ok()?;
    let mut path = Vec::new();
    walk(doc.get_ref(), pos, &mut path);
    (!path.is_empty()).then(|| path.join("."))
}

fn walk(table: &DeTable<'_>, pos: usize, path: &mut Vec<String>) {
    for (k, v) in table.iter() {
        let inside = |s: std::ops::Range<usize>| s.contains(&pos) || s.end == pos;
        if inside(k.span()) || inside(v.span()) {
            path.push(k.get_ref().to_string());
            if !inside(k.span()) {
                walk_value(v, pos, path);
            }
            return;
        }
    }
    // A value of a table header's table is spanned by the header only: look inside every table.
    for (k, v) in table.iter() {
        let before = path.len();
        path.push(k.get_ref().to_string());
        walk_value(v, pos, path);
        if path.len() > before + 1 {
            return;
        }
        path.truncate(before);
    }
}

fn walk_value(v: &Spanned<DeValue<'_>>, pos: usize, path: &mut Vec<String>) {
    match v.get_ref() {
        DeValue::Table(t) => walk(t, pos, path),
        DeValue::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                // Arrays of tables are numbered (`rules[1]`); a value in a plain array is the array's.
                if let DeValue::Table(t) = item.get_ref() {
                    let before = path.len();
                    if let Some(last) = path.last_mut() {
                        last.push_str(&format!("[{i}]"));
                    }
                    walk(t, pos, path);
                    if path.len() > before {
                        return;
                    }
                    if let Some(last) = path.last_mut() {
                        if let Some(cut) = last.rfind('[') {
                            last.truncate(cut);
                        }
                    }
                } else if item.span().contains(&pos) {
                    return;
                }
            }
        }
        _ => {}
    }
}

/// Byte position of the value of dotted `key` in `text`, when the file sets it.
fn find_key(text: &str, key: &str) -> Option<usize> {
    if key.is_empty() || key.starts_with('-') {
        return None;
    }
    let doc = DeTable::parse(text).ok()?;
    let mut table = doc.get_ref();
    let mut found: Option<&Spanned<DeValue<'_>>> = None;
    for seg in key.split('.') {
        if let Some(f) = found {
            table = match f.get_ref() {
                DeValue::Table(t) => t,
                _ => return None,
            };
        }
        let (name, index) = match seg.split_once('[') {
            Some((n, i)) => (n, i.trim_end_matches(']').parse::<usize>().ok()),
            None => (seg, None),
        };
        let v = table.get(name)?;
        found = Some(match (index, v.get_ref()) {
            (Some(i), DeValue::Array(a)) => a.get(i)?,
            (Some(_), _) => return None,
            (None, _) => v,
        });
    }
    let f = found?;
    // A table set by a header has no useful span of its own: point at its first entry.
    match f.get_ref() {
        DeValue::Table(t) if f.span().is_empty() => t.iter().next().map(|(k, _)| k.span().start),
        _ => Some(f.span().start),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        a: Option<A>,
        rules: Option<Vec<A>>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct A {
        k: Option<usize>,
        mode: Option<Mode>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Mode {
        One,
        Two,
    }

    fn err(text: &str) -> String {
        TomlFile::from_text("f.toml", text, Schema::Config)
            .parse::<Doc>()
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn errors_name_line_key_value_and_what_is_allowed() {
        assert_eq!(
            err("[a]\nk = 1\nmode = \"three\"\n"),
            "f.toml: line 3, column 8: [a] mode = \"three\": allowed values: one or two"
        );
        let e = err("[a]\nbogus = 1\n");
        assert!(
            e.starts_with("f.toml: line 2, column 1: [a] bogus: unknown field 'bogus', expected 'k' or 'mode'"),
            "{e}"
        );
        let e = err("[[rules]]\nk = 1\n[[rules]]\nk = -1\n");
        assert!(
            e.starts_with("f.toml: line 4, column 5: [[rules]] #2 k: invalid value"),
            "{e}"
        );
        let e = err("[a]\nk = 1\n[a.x]\n");
        assert!(e.starts_with("f.toml: line 3"), "{e}");
        let e = err("[a]\nk = \n");
        assert!(e.starts_with("f.toml: line 2, column"), "{e}");
    }

    #[test]
    fn huge_values_and_deep_nesting_give_short_messages() {
        let big = format!("[a]\nmode = \"{}\"\n", "y".repeat(200_000));
        let e = err(&big);
        assert!(e.len() < 600, "{} bytes", e.len());
        assert!(e.contains("[a] mode") && e.contains('…'), "{e}");
        let deep = format!("[a]\nk = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let e = err(&deep);
        assert!(e.len() < 600, "{} bytes: {}", e.len(), &e[..300]);
        assert!(e.starts_with("f.toml: line 2"), "{e}");
    }

    #[test]
    fn a_valid_setting_refused_later_is_placed_on_its_line() {
        let f = TomlFile::from_text("f.toml", "[a]\n\nk = 0\n", Schema::Config);
        let e = f.place(SettingError::new(
            Schema::Config,
            "a.k",
            0,
            "an integer >= 2",
        ));
        assert_eq!(
            e.to_string(),
            "f.toml: line 3: [a] k = 0: allowed values: an integer >= 2"
        );
    }
}
