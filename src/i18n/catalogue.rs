//! The catalogue: every message in English and in French.
//!
//! Each entry is `Key { en: "…", fr: "…" }`; the macro will not accept an entry without both languages.
//! `{name}` marks a value filled in by [`Msg::f`]; both texts of an entry use the same names.
//!
//! The entries are in `catalogue/`, a file per part of the program that shows them: `words.rs` (words
//! used everywhere, the preset's criterion labels), `selection.rs` (explanations, committee
//! decisions, allocation, criteria in a sentence), `figures.rs` (plots and maps), `report.rs` (the
//! HTML report and its captions), `run.rs` (the terminal summary, a run over several levels),
//! `follow.rs` (`ciblage follow`). This file declares them as one enum, [`Msg`].

use super::Lang;

macro_rules! catalogue {
    ($( $(#[$doc:meta])* $key:ident { en: $en:literal, fr: $fr:literal $(,)? } )*) => {
        /// A message of the catalogue (see the module documentation).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg {
            $( $(#[$doc])* #[doc = $en] $key, )*
        }

        impl Msg {
            /// Every message, in declaration order.
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            /// The message's text in a language (placeholders left as `{name}`).
            pub fn t(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::En => match self { $(Msg::$key => $en,)* },
                    Lang::Fr => match self { $(Msg::$key => $fr,)* },
                }
            }
        }
    };
}

impl Msg {
    /// The message with its `{placeholders}` filled.
    pub fn f(self, lang: Lang, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        super::fill(self.t(lang), args)
    }
}

/// Gathers the entries of the parts named in `[...]`, in that order (the order of [`Msg::ALL`]), then
/// declares them all with `catalogue!`. Each part is a macro, one per file of `catalogue/`, that calls
/// `gather!` back with the parts left and its own entries appended: one enum from several files.
macro_rules! gather {
    ([] $($entries:tt)*) => { catalogue! { $($entries)* } };
    ([$part:ident $($rest:ident)*] $($entries:tt)*) => { $part! { [$($rest)*] $($entries)* } };
}

#[macro_use]
mod words;
#[macro_use]
mod selection;
#[macro_use]
mod figures;
#[macro_use]
mod report;
#[macro_use]
mod run;
#[macro_use]
mod follow;

gather! { [words selection figures report terminal follow levels] }

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::placeholders;

    #[test]
    fn every_key_has_both_languages_with_the_same_placeholders() {
        for m in Msg::ALL {
            for lang in Lang::ALL {
                assert!(!m.t(lang).trim().is_empty(), "{m:?} has no {lang} text");
            }
            assert_eq!(
                placeholders(m.t(Lang::En)),
                placeholders(m.t(Lang::Fr)),
                "{m:?}: placeholders differ"
            );
        }
    }

    #[test]
    fn keys_are_listed_once() {
        let mut v: Vec<String> = Msg::ALL.iter().map(|m| format!("{m:?}")).collect();
        let n = v.len();
        v.sort();
        v.dedup();
        assert_eq!(v.len(), n);
    }
}
