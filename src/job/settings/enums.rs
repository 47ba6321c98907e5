//! The settings that take one of a few words, parsed at the edge: by clap ([`clap::ValueEnum`]) for a
//! flag, by serde for a TOML key, with the same names. A value that is not one of them never gets
//! past the command line or the settings file.

use clap::builder::PossibleValue;
use clap::ValueEnum;
use serde::{Deserialize, Serialize};

/// How the schools are clustered (`--method`, `[clustering] method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Ward tree on the principal coordinates, then k-means consolidation (FactoMineR's HCPC).
    #[default]
    Hcpc,
    /// Deterministic k-means on the principal coordinates (needs k).
    Kmeans,
}

/// Sector kept by the row filter (`--sector`, `[filter] sector`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Sector {
    /// Public schools.
    Public,
    /// Private schools.
    Private,
    /// Both sectors (no sector filter).
    All,
}

impl Sector {
    /// The word the row filter compares with the `sector` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Sector::Public => "public",
            Sector::Private => "private",
            Sector::All => "all",
        }
    }
}

/// Per-school tables (`--tables`, `[output] tables`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Tables {
    /// `individuals.csv`, `clusters.csv`, `selection.csv` with an explanation per school...
    #[default]
    Full,
    /// One `schools.csv` (hundreds of thousands of schools).
    Compact,
}

/// Table formats (`--format`, `[output] format`); CSV is always written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// CSV tables.
    Csv,
    /// `schools.parquet` as well.
    Parquet,
}

/// Built-in selection (`--preset`, `[selection] preset`): one per school level (see
/// [`crate::select::Level`]), or the one of the inputs' level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// The preset of the inputs' level (IPS écoles → `ecoles`, IPS lycées with IVAL pro →
    /// `lycees-pro`…; collèges when the files name no level).
    Auto,
    /// Écoles: IPS at most the département median, outside REP/REP+.
    Ecoles,
    /// Collèges: the Nantes method (see [`crate::select::SelectionSpec::nantes`]).
    #[serde(alias = "nantes")]
    #[value(alias = "nantes")]
    Colleges,
    /// Lycées généraux et technologiques (IPS of the GT track, IVAL GT).
    LyceesGt,
    /// Lycées professionnels (IPS of the pro track, IVAL pro).
    LyceesPro,
}

impl Preset {
    /// The preset of a level.
    pub fn of_level(level: crate::select::Level) -> Preset {
        use crate::select::Level;
        match level {
            Level::Ecoles => Preset::Ecoles,
            Level::Colleges => Preset::Colleges,
            Level::LyceesGt => Preset::LyceesGt,
            Level::LyceesPro => Preset::LyceesPro,
        }
    }

    /// The level the preset is for (`None`: `auto`, the inputs' level).
    pub fn level(self) -> Option<crate::select::Level> {
        use crate::select::Level;
        match self {
            Preset::Auto => None,
            Preset::Ecoles => Some(Level::Ecoles),
            Preset::Colleges => Some(Level::Colleges),
            Preset::LyceesGt => Some(Level::LyceesGt),
            Preset::LyceesPro => Some(Level::LyceesPro),
        }
    }
}

/// Label language of figures and report (`--lang`, `[output] lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
}

impl From<Language> for crate::plot::Lang {
    fn from(l: Language) -> Self {
        match l {
            Language::En => crate::plot::Lang::En,
            Language::Fr => crate::plot::Lang::Fr,
        }
    }
}

/// Field separator of the input files (`--separator`, `[inputs] separator`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ValueEnum)]
pub enum Separator {
    /// `;`
    #[serde(rename = ";")]
    #[value(name = ";")]
    Semicolon,
    /// `,`
    #[serde(rename = ",")]
    #[value(name = ",")]
    Comma,
    /// Tabulation.
    #[serde(rename = "tab", alias = "\t")]
    #[value(name = "tab", alias = "\t")]
    Tab,
}

impl Separator {
    /// The byte.
    pub fn byte(self) -> u8 {
        match self {
            Separator::Semicolon => b';',
            Separator::Comma => b',',
            Separator::Tab => b'\t',
        }
    }
}

/// What `ciblage sample` writes (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum SampleFormat {
    /// The four official-format files and the départements GeoJSON.
    #[default]
    Official,
    /// One `colleges.csv` table.
    Table,
}

/// `--missing`, `[pca] missing`: the PCA's policy is parsed at the edge like the others.
impl ValueEnum for crate::pca::Missing {
    fn value_variants<'a>() -> &'a [Self] {
        use crate::pca::Missing::*;
        &[Error, Drop, Mean, Iterative]
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        use crate::pca::Missing::*;
        Some(match self {
            Error => PossibleValue::new("error"),
            Drop => PossibleValue::new("drop"),
            Mean => PossibleValue::new("mean"),
            Iterative => PossibleValue::new("iterative").alias("impute"),
        })
    }
}

/// The names of `E`'s values, as a message lists them: `a`, `a or b`, `a, b or c`.
pub fn choices<E: ValueEnum>() -> String {
    let names: Vec<String> = E::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .filter(|p| !p.is_hide_set())
        .map(|p| p.get_name().to_string())
        .collect();
    or_list(&names)
}

/// `a`, `a or b`, `a, b or c`.
pub fn or_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The name of a value (`kmeans`), as on the command line and in the TOML files.
pub fn name<E: ValueEnum>(e: &E) -> String {
    e.to_possible_value()
        .map(|p| p.get_name().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_and_toml_names_agree() {
        fn same<E: ValueEnum + Serialize + std::fmt::Debug>() {
            for v in E::value_variants() {
                let toml = toml::Value::try_from(v).unwrap();
                assert_eq!(toml.as_str(), Some(name(v).as_str()), "{v:?}");
            }
        }
        same::<Method>();
        same::<Sector>();
        same::<Tables>();
        same::<Format>();
        same::<Preset>();
        same::<Language>();
        same::<Separator>();
        same::<crate::pca::Missing>();
        same::<crate::output::Dialect>();
        same::<crate::select::spec::Equity>();
        assert_eq!(choices::<Method>(), "hcpc or kmeans");
        assert_eq!(
            choices::<crate::pca::Missing>(),
            "error, drop, mean or iterative"
        );
    }
}
