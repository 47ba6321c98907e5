//! Every text a reader sees — report, plots, maps, explanations, the terminal summary — in English or
//! French, from one catalogue.
//!
//! # Design
//! [`Msg`] is a typed table: one enum variant per message, each declared with its English and its French
//! text in `i18n/catalogue/`. The declaring macro requires both languages, so a key without a language does
//! not compile; the tests check that no text is empty and that both texts use the same `{placeholders}`.
//! A plain table was preferred over `fluent`/`rust-i18n`: two languages, no plural rules beyond what a
//! sentence can avoid, and a misspelt key is a compile error rather than a missing string at run time.
//!
//! Indicator labels ([`Labels`]) follow the same rule: the canonical indicators of the official files
//! have a label in both languages (`labels::CANONICAL`); a user's own columns get theirs from the run
//! configuration (`[labels]`). CSV files keep the stable column codes.
//!
//! # Example
//! ```
//! use ciblage::i18n::{Lang, Msg};
//! assert_eq!(Msg::Selected.t(Lang::Fr), "retenu");
//! assert_eq!(Msg::ScoreRank.f(Lang::Fr, &[("score", &"1,5"), ("rank", &35)]), "score 1,5, rang 35");
//! ```

pub(crate) mod catalogue;
pub(crate) mod labels;

pub use catalogue::Msg;
pub use labels::Labels;

use serde::{Deserialize, Serialize};
use std::fmt::Display;

/// Language of a report and of everything it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
}

impl Lang {
    /// Both languages.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The code (`en`, `fr`), as in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The other language (the one a report must not show).
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Fr,
            Lang::Fr => Lang::En,
        }
    }

    /// A number with `d` decimals, with the language's decimal separator (`84.6`, `84,6`); empty when
    /// undefined (NaN or infinite: the one way an undefined value is shown).
    pub fn num(self, x: f64, d: usize) -> String {
        if !x.is_finite() {
            return String::new();
        }
        // No "-0.0": a value that rounds to zero is written as zero.
        let x = if x.abs() < 0.5 * 10f64.powi(-(d as i32)) {
            0.0
        } else {
            x
        };
        let s = format!("{x:.d$}");
        match self {
            Lang::En => s,
            Lang::Fr => s.replace('.', ","),
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "en" => Ok(Lang::En),
            "fr" => Ok(Lang::Fr),
            _ => Err(format!(
                "unknown language '{}' (en or fr)",
                crate::text::quote(s)
            )),
        }
    }
}

impl Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Replace each `{name}` of `template` by its value (names not given stay as they are).
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => out.push_str(&v.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{placeholders}` of a template, sorted.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut v: Vec<&str> = template
        .split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|x| x.0))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_named_placeholders_only() {
        assert_eq!(
            fill("rank {rank} > {n} {x}", &[("rank", &35), ("n", &21)]),
            "rank 35 > 21 {x}"
        );
        assert_eq!(fill("no brace {", &[]), "no brace {");
        assert_eq!(placeholders("{b} and {a} and {b}"), vec!["a", "b"]);
    }

    #[test]
    fn numbers_use_the_language_separator() {
        assert_eq!(Lang::Fr.num(84.63, 1), "84,6");
        assert_eq!(Lang::En.num(84.63, 1), "84.6");
        assert_eq!(Lang::En.num(f64::NAN, 1), "");
        assert_eq!(Lang::Fr.num(-0.01, 1), "0,0");
        assert_eq!("fr".parse::<Lang>(), Ok(Lang::Fr));
        assert!("de".parse::<Lang>().is_err());
    }
}
