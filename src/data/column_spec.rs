//! How a preset describes a dataset and its columns ([`Preset`], [`ColumnSpec`], [`Kind`]) and the
//! columns several presets share (UAI, académie, département, sector, name…). The presets themselves
//! are in [`super::presets`] and, for the lycées' results, [`super::ival`]; both build on this file
//! and neither imports the other's columns.

/// How a column is read and checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// The school id.
    Uai,
    /// Free text (names, communes...).
    Text,
    /// A number with its plausible range (values outside reject the row).
    Number {
        /// Smallest plausible value.
        min: f64,
        /// Largest plausible value.
        max: f64,
    },
    /// A département code, normalised (`001` → `01`).
    Departement,
    /// An académie, stored as its official label (`Nantes`, `17` → `NANTES`; a label the built-in
    /// table does not know is kept as written). See [`super::territory`].
    Academie,
    /// A sector, normalised to `public` / `private`.
    Sector,
    /// An EP status, normalised to `REP+`, `REP`, `HORS EP`, `NON EP`.
    EpStatus,
    /// A school year (`2022-2023`) or DNB session (`2023`), used to filter multi-year files.
    Period,
}

/// One column of a preset.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    /// Canonical name used everywhere in ciblage.
    pub canonical: &'static str,
    /// How to read it.
    pub kind: Kind,
    /// Accepted header spellings (normalised form).
    pub aliases: &'static [&'static str],
}

/// A dataset preset.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    /// Name used on the command line (`--dataset`).
    pub name: &'static str,
    /// Official dataset id on data.education.gouv.fr.
    pub official: &'static str,
    /// Normalised headers that must all be present for the preset to be recognised.
    pub signature: &'static [&'static str],
    /// Canonical columns that must be present.
    pub required: &'static [&'static str],
    /// Columns read.
    pub columns: &'static [ColumnSpec],
    /// Whether `period` is a school year (`true`) or a DNB session (`false`).
    pub period_is_school_year: bool,
}

pub(super) const fn col(
    canonical: &'static str,
    kind: Kind,
    aliases: &'static [&'static str],
) -> ColumnSpec {
    ColumnSpec {
        canonical,
        kind,
        aliases,
    }
}

pub(super) const fn num(min: f64, max: f64) -> Kind {
    Kind::Number { min, max }
}

/// IPS plausible range (the real collèges span 59–163; écoles a little wider).
pub(super) const IPS: Kind = num(30.0, 200.0);
pub(super) const IPS_SD: Kind = num(0.0, 100.0);
pub(super) const RATE: Kind = num(0.0, 100.0);
pub(super) const VA_RATE: Kind = num(-100.0, 100.0);
pub(super) const COUNT: Kind = num(0.0, 100_000.0);
pub(super) const LAT: Kind = num(-90.0, 90.0);
pub(super) const LON: Kind = num(-180.0, 180.0);

pub(super) const UAI: ColumnSpec = col(
    "uai",
    Kind::Uai,
    &[
        "uai",
        "numero_uai",
        "identifiant_de_l_etablissement",
        "code_uai",
        "numero_d_etablissement",
        "code_etablissement",
    ],
);
/// Académie labels (any spelling) or codes: stored as the official label (see [`super::territory`]).
pub(super) const ACADEMIE: ColumnSpec = col(
    "academie",
    Kind::Academie,
    &[
        "academie",
        "libelle_academie",
        "acad",
        "code_academie",
        "code_de_l_academie",
    ],
);
pub(super) const DEP: ColumnSpec = col(
    "departement",
    Kind::Departement,
    &[
        "code_du_departement",
        "code_departement",
        "departement_code",
    ],
);
pub(super) const DEP_NAME: ColumnSpec = col(
    "departement_name",
    Kind::Text,
    &[
        "departement",
        "libelle_departement",
        "nom_departement",
        "nom_dept",
    ],
);
pub(super) const SECTOR: ColumnSpec = col(
    "sector",
    Kind::Sector,
    &[
        "secteur",
        "statut_public_prive",
        "secteur_public_prive_libe",
        "secteur_public_prive",
        "secteur_d_enseignement",
    ],
);
/// The school year: `rentree_scolaire` (IPS 2022 series), `annee_scolaire` (`Année scolaire`, IPS
/// 2023 series label exports).
pub(super) const SCHOOL_YEAR: ColumnSpec = col(
    "school_year",
    Kind::Period,
    &["rentree_scolaire", "annee_scolaire"],
);
pub(super) const NAME: ColumnSpec = col(
    "name",
    Kind::Text,
    &[
        "nom_de_l_etablissment",
        "nom_de_l_etablissement",
        "nom_etablissement",
        "appellation_officielle",
        "nom",
        "patronyme",
        "libelle_uai",
        "etablissement",
    ],
);
pub(super) const COMMUNE: ColumnSpec = col(
    "commune",
    Kind::Text,
    &[
        "code_insee_de_la_commune",
        "code_commune",
        "code_commune_insee",
    ],
);
pub(super) const COMMUNE_NAME: ColumnSpec = col(
    "commune_name",
    Kind::Text,
    &[
        "nom_de_la_commune",
        "nom_commune",
        "libelle_commune",
        "commune",
        "ville",
    ],
);
pub(super) const LATITUDE: ColumnSpec = col("latitude", LAT, &["latitude"]);
pub(super) const LONGITUDE: ColumnSpec = col("longitude", LON, &["longitude"]);

/// Does a normalised header match an alias (`*` matches by prefix, `|` separates alternatives)?
pub fn matches(alias: &str, key: &str) -> bool {
    alias.split('|').any(|a| match a.strip_suffix('*') {
        Some(prefix) => key.starts_with(prefix),
        None => a == key,
    })
}
