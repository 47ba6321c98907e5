//! Settings outside what they allow: which setting, which value, what is allowed, and where the value
//! came from (a flag, a TOML file and line, or not yet known).
//!
//! The library names a setting by its dotted key in its file (`clustering.k` in the run configuration,
//! `budget.n` in a selection spec); the command line, which knows where each value came from, turns
//! that into the flag (`--k 0: an integer >= 2`) or the file and key
//! (`ciblage.toml: line 12: [clustering] k = 0: allowed values: an integer >= 2`).

use crate::text::{quote, quote_at_most};
use std::fmt;
use std::path::PathBuf;

/// Which file a key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// The run configuration (`ciblage.toml`): keys like `clustering.k`.
    Config,
    /// The selection spec (`selection.toml`): keys like `budget.n`.
    Spec,
    /// A command-line flag that has no TOML key (`--axes`, `--what`): the key is the flag itself.
    Flag,
}

/// Where a setting's value came from, as the message names it.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// Not known yet (a library caller built the settings in code): the dotted key.
    Key,
    /// A command-line flag (`--k`).
    Flag(String),
    /// A TOML file, with the line (and column) of the value when known.
    File {
        /// The file.
        path: PathBuf,
        /// Line of the value (1-based).
        line: Option<usize>,
        /// Column of the value (1-based, in characters).
        column: Option<usize>,
    },
}

/// A setting outside what it allows (exit code 2).
#[derive(Debug, Clone, PartialEq)]
pub struct SettingError {
    /// The file the key belongs to.
    pub schema: Schema,
    /// Dotted key (`clustering.k`, `criteria.rules[1].quantile`), the flag for [`Schema::Flag`], or
    /// empty for a file that is not valid TOML at all.
    pub key: String,
    /// The value given (shown quoted: at most 200 characters, no control character), when there is one.
    pub value: Option<String>,
    /// What is allowed, or what is wrong. Other settings are written as a dotted key in backticks
    /// (`` `clustering.k` ``) and shown as the place names them (`--k`, `[clustering] k`).
    pub allowed: String,
    /// Where the value came from.
    pub place: Place,
}

/// Longest "allowed" text shown (lists of académies or columns found in the data).
const MAX_ALLOWED: usize = 1000;

impl SettingError {
    /// `key = value` is not allowed: `allowed` says what is.
    pub fn new(
        schema: Schema,
        key: impl Into<String>,
        value: impl fmt::Display,
        allowed: impl Into<String>,
    ) -> Self {
        SettingError {
            schema,
            key: key.into(),
            value: Some(value.to_string()),
            allowed: allowed.into(),
            place: Place::Key,
        }
    }

    /// A problem with `key` that is not about one value (`criteria.rules[0]` has two kinds of rule).
    pub fn about(schema: Schema, key: impl Into<String>, problem: impl Into<String>) -> Self {
        SettingError {
            schema,
            key: key.into(),
            value: None,
            allowed: problem.into(),
            place: Place::Key,
        }
    }
}

/// `criteria.rules[1].quantile` → `[[criteria.rules]] #2 quantile`; `clustering.k` → `[clustering] k`;
/// `budget` → `[budget]`.
pub fn toml_key(key: &str) -> String {
    let segments: Vec<&str> = key.split('.').collect();
    let table = |segs: &[&str]| -> String {
        // An array element (`rules[1]`) is written as the array of tables and a 1-based number.
        let joined = segs.join(".");
        match joined.rsplit_once('[') {
            Some((name, rest)) if rest.ends_with(']') => {
                let i: usize = rest[..rest.len() - 1].parse().unwrap_or(0);
                format!("[[{name}]] #{}", i + 1)
            }
            _ => format!("[{joined}]"),
        }
    };
    match segments.as_slice() {
        [] | [""] => String::new(),
        [one] if !one.contains('[') => format!("[{one}]"),
        [one] => table(&[one]),
        [sections @ .., name] if !name.contains('[') => format!("{} {name}", table(sections)),
        all => table(all),
    }
}

/// `allowed` with every `` `dotted.key` `` written by `name`.
pub fn render_refs(allowed: &str, name: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(allowed.len());
    let mut rest = allowed;
    while let Some(start) = rest.find('`') {
        let Some(len) = rest[start + 1..].find('`') else {
            break;
        };
        out.push_str(&rest[..start]);
        let key = &rest[start + 1..start + 1 + len];
        out.push_str(&name(key));
        rest = &rest[start + 2 + len..];
    }
    out.push_str(rest);
    out
}

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.value.as_deref().map(quote);
        match &self.place {
            Place::Key => {
                let allowed = render_refs(&self.allowed, str::to_string);
                let allowed = quote_at_most(&allowed, MAX_ALLOWED);
                let key = quote(&self.key);
                match value {
                    Some(v) => write!(f, "{key} = {v}: allowed values: {allowed}"),
                    None => write!(f, "{key}: {allowed}"),
                }
            }
            Place::Flag(flag) => {
                let flag = quote(flag);
                let allowed = render_refs(&self.allowed, str::to_string);
                let allowed = quote_at_most(&allowed, MAX_ALLOWED);
                match value {
                    Some(v) => write!(f, "{flag} {v}: {allowed}"),
                    None => write!(f, "{flag}: {allowed}"),
                }
            }
            Place::File { path, line, column } => {
                write!(f, "{}", super::shown(path))?;
                match (line, column) {
                    (Some(l), Some(c)) => write!(f, ": line {l}, column {c}")?,
                    (Some(l), None) => write!(f, ": line {l}")?,
                    _ => {}
                }
                let allowed = render_refs(&self.allowed, toml_key);
                let allowed = quote_at_most(&allowed, MAX_ALLOWED);
                let key = toml_key(&self.key);
                let key = quote(&key);
                match (key.is_empty(), value) {
                    (true, _) => write!(f, ": {allowed}"),
                    (false, Some(v)) => write!(f, ": {key} = {v}: allowed values: {allowed}"),
                    (false, None) => write!(f, ": {key}: {allowed}"),
                }
            }
        }
    }
}

/// What a numeric setting allows. The same value checks the setting and documents it (the settings
/// table of the README is generated from these).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Allowed {
    /// An integer at least `min`, and at most `max` when given.
    Int {
        /// Smallest value.
        min: u64,
        /// Largest value.
        max: Option<u64>,
    },
    /// A finite number between `min` and `max` (infinite ends: unbounded); `*_in` say whether each
    /// end is allowed.
    Number {
        /// Lower end.
        min: f64,
        /// Whether `min` itself is allowed.
        min_in: bool,
        /// Upper end.
        max: f64,
        /// Whether `max` itself is allowed.
        max_in: bool,
    },
}

impl Allowed {
    /// An integer >= `min`.
    pub const fn at_least(min: u64) -> Self {
        Allowed::Int { min, max: None }
    }

    /// Any finite number.
    pub const FINITE: Allowed = Allowed::Number {
        min: f64::NEG_INFINITY,
        min_in: false,
        max: f64::INFINITY,
        max_in: false,
    };

    /// A finite number > 0.
    pub const POSITIVE: Allowed = Allowed::Number {
        min: 0.0,
        min_in: false,
        max: f64::INFINITY,
        max_in: false,
    };

    /// Does the integer `v` fit?
    pub fn allows_int(&self, v: u64) -> bool {
        match *self {
            Allowed::Int { min, max } => v >= min && max.is_none_or(|m| v <= m),
            Allowed::Number { .. } => self.allows_number(v as f64),
        }
    }

    /// Does the number `v` fit (finite, within the ends)?
    pub fn allows_number(&self, v: f64) -> bool {
        match *self {
            Allowed::Int { min, max } => {
                v.is_finite()
                    && v.fract() == 0.0
                    && v >= min as f64
                    && max.is_none_or(|m| v <= m as f64)
            }
            Allowed::Number {
                min,
                min_in,
                max,
                max_in,
            } => {
                v.is_finite()
                    && (v > min || (min_in && v == min))
                    && (v < max || (max_in && v == max))
            }
        }
    }

    /// `Ok` when `v` fits, else the error naming `key`.
    pub fn check_int(&self, schema: Schema, key: &str, v: u64) -> Result<(), Box<SettingError>> {
        if self.allows_int(v) {
            Ok(())
        } else {
            Err(Box::new(SettingError::new(
                schema,
                key,
                v,
                self.to_string(),
            )))
        }
    }

    /// `Ok` when `v` fits, else the error naming `key`.
    pub fn check_number(&self, schema: Schema, key: &str, v: f64) -> Result<(), Box<SettingError>> {
        if self.allows_number(v) {
            Ok(())
        } else {
            Err(Box::new(SettingError::new(
                schema,
                key,
                v,
                self.to_string(),
            )))
        }
    }
}

impl fmt::Display for Allowed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Allowed::Int { min, max: None } => write!(f, "an integer >= {min}"),
            Allowed::Int {
                min,
                max: Some(max),
            } => write!(f, "an integer from {min} to {max}"),
            Allowed::Number {
                min,
                min_in,
                max,
                max_in,
            } => match (min.is_finite(), max.is_finite()) {
                (false, false) => write!(f, "a finite number"),
                (true, false) => write!(f, "a number {} {min}", if min_in { ">=" } else { ">" }),
                (false, true) => write!(f, "a number {} {max}", if max_in { "<=" } else { "<" }),
                (true, true) => write!(
                    f,
                    "a number in {}{min}, {max}{}",
                    if min_in { '[' } else { '(' },
                    if max_in { ']' } else { ')' }
                ),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_written_as_in_the_toml_file() {
        assert_eq!(toml_key("clustering.k"), "[clustering] k");
        assert_eq!(
            toml_key("criteria.rules[1].quantile"),
            "[[criteria.rules]] #2 quantile"
        );
        assert_eq!(toml_key("criteria.rules[0]"), "[[criteria.rules]] #1");
        assert_eq!(toml_key("budget"), "[budget]");
        assert_eq!(toml_key(""), "");
    }

    #[test]
    fn ranges_check_and_describe_themselves() {
        let shift = Allowed::Number {
            min: 0.0,
            min_in: true,
            max: 0.5,
            max_in: false,
        };
        assert_eq!(shift.to_string(), "a number in [0, 0.5)");
        assert!(shift.allows_number(0.0) && shift.allows_number(0.49));
        assert!(!shift.allows_number(0.5) && !shift.allows_number(f64::NAN));
        assert!(!Allowed::POSITIVE.allows_number(0.0));
        assert!(!Allowed::POSITIVE.allows_number(f64::INFINITY));
        assert_eq!(Allowed::POSITIVE.to_string(), "a number > 0");
        assert_eq!(Allowed::at_least(2).to_string(), "an integer >= 2");
        assert!(!Allowed::at_least(2).allows_int(1));
        let e = shift
            .check_number(Schema::Spec, "sensitivity.quantile_shift", f64::NAN)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "sensitivity.quantile_shift = NaN: allowed values: a number in [0, 0.5)"
        );
    }

    #[test]
    fn each_place_names_the_setting_its_way() {
        let mut e = SettingError::new(
            Schema::Config,
            "clustering.method",
            "kmeans",
            "needs `clustering.k`",
        );
        e.place = Place::File {
            path: "c.toml".into(),
            line: Some(3),
            column: None,
        };
        assert_eq!(
            e.to_string(),
            "c.toml: line 3: [clustering] method = kmeans: allowed values: needs [clustering] k"
        );
        e.place = Place::Flag("--method".into());
        e.allowed = render_refs(&e.allowed, |_| "--k N".into());
        assert_eq!(e.to_string(), "--method kmeans: needs --k N");
        let long = SettingError::new(Schema::Flag, "--what", "\u{1b}".repeat(500), "x");
        let shown = long.to_string();
        assert!(!shown.contains('\u{1b}') && shown.chars().count() < 1300);
    }
}
