//! Presets for the official datasets: which header spellings map to which canonical column.
//!
//! Headers are compared after [`header_key`](super::normalize::header_key), so one alias covers the
//! snake_case export (`va_du_taux_de_reussite_g`) and the French-label export (`VA du taux de réussite G`).
//! An alias ending in `*` matches by prefix (`ep_*` matches `ep_2022_2023`, `ep_2023_2024`...).

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

const fn col(canonical: &'static str, kind: Kind, aliases: &'static [&'static str]) -> ColumnSpec {
    ColumnSpec {
        canonical,
        kind,
        aliases,
    }
}

const fn num(min: f64, max: f64) -> Kind {
    Kind::Number { min, max }
}

/// IPS plausible range (the real collèges span 59–163; écoles a little wider).
const IPS: Kind = num(30.0, 200.0);
const IPS_SD: Kind = num(0.0, 100.0);
const RATE: Kind = num(0.0, 100.0);
const VA_RATE: Kind = num(-100.0, 100.0);
const COUNT: Kind = num(0.0, 100_000.0);
const LAT: Kind = num(-90.0, 90.0);
const LON: Kind = num(-180.0, 180.0);

const UAI: ColumnSpec = col(
    "uai",
    Kind::Uai,
    &[
        "uai",
        "numero_uai",
        "identifiant_de_l_etablissement",
        "code_uai",
    ],
);
const ACADEMIE: ColumnSpec = col("academie", Kind::Text, &["academie", "libelle_academie"]);
const DEP: ColumnSpec = col(
    "departement",
    Kind::Departement,
    &[
        "code_du_departement",
        "code_departement",
        "departement_code",
    ],
);
const DEP_NAME: ColumnSpec = col(
    "departement_name",
    Kind::Text,
    &["departement", "libelle_departement"],
);
const SECTOR: ColumnSpec = col(
    "sector",
    Kind::Sector,
    &[
        "secteur",
        "statut_public_prive",
        "secteur_public_prive_libe",
        "secteur_public_prive",
    ],
);
const SCHOOL_YEAR: ColumnSpec = col("school_year", Kind::Period, &["rentree_scolaire"]);
const NAME: ColumnSpec = col(
    "name",
    Kind::Text,
    &[
        "nom_de_l_etablissment",
        "nom_de_l_etablissement",
        "nom_etablissement",
        "appellation_officielle",
        "nom",
        "patronyme",
    ],
);
const COMMUNE: ColumnSpec = col(
    "commune",
    Kind::Text,
    &[
        "code_insee_de_la_commune",
        "code_commune",
        "code_commune_insee",
    ],
);
const COMMUNE_NAME: ColumnSpec = col(
    "commune_name",
    Kind::Text,
    &[
        "nom_de_la_commune",
        "nom_commune",
        "libelle_commune",
        "commune",
    ],
);
const LATITUDE: ColumnSpec = col("latitude", LAT, &["latitude"]);
const LONGITUDE: ColumnSpec = col("longitude", LON, &["longitude"]);

/// All presets, in detection order (most specific first).
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "ips-lycees",
        official: "fr-en-ips-lycees-ap2022",
        signature: &["uai", "ips_voie_gt"],
        required: &["uai"],
        columns: &[
            UAI,
            SCHOOL_YEAR,
            ACADEMIE,
            DEP,
            DEP_NAME,
            NAME,
            COMMUNE,
            COMMUNE_NAME,
            SECTOR,
            col("ips_gt", IPS, &["ips_voie_gt"]),
            col("ips_pro", IPS, &["ips_voie_pro"]),
            col("ips", IPS, &["ips_ensemble_gt_pro"]),
            col("ips_sd_gt", IPS_SD, &["ecart_type_de_l_ips_voie_gt"]),
            col("ips_sd_pro", IPS_SD, &["ecart_type_de_l_ips_voie_pro"]),
        ],
        period_is_school_year: true,
    },
    Preset {
        name: "ips-ecoles",
        official: "fr-en-ips-ecoles-ap2022",
        signature: &["uai", "ips", "rentree_scolaire", "ips_national*"],
        required: &["uai", "ips"],
        columns: &[
            UAI,
            SCHOOL_YEAR,
            ACADEMIE,
            DEP,
            DEP_NAME,
            NAME,
            COMMUNE,
            COMMUNE_NAME,
            SECTOR,
            col("ips", IPS, &["ips"]),
            col("ips_national", IPS, &["ips_national"]),
            col("ips_academique", IPS, &["ips_academique"]),
            col("ips_departemental", IPS, &["ips_departemental"]),
        ],
        period_is_school_year: true,
    },
    Preset {
        name: "ips-colleges",
        official: "fr-en-ips-colleges-ap2022",
        signature: &["uai", "ips", "ecart_type_de_l_ips", "rentree_scolaire"],
        required: &["uai", "ips", "ips_sd"],
        columns: &[
            UAI,
            SCHOOL_YEAR,
            ACADEMIE,
            DEP,
            DEP_NAME,
            NAME,
            COMMUNE,
            COMMUNE_NAME,
            SECTOR,
            col("headcount", COUNT, &["effectifs"]),
            col("ips", IPS, &["ips"]),
            col("ips_sd", IPS_SD, &["ecart_type_de_l_ips"]),
        ],
        period_is_school_year: true,
    },
    Preset {
        name: "ivac",
        official: "fr-en-indicateurs-valeur-ajoutee-colleges",
        signature: &["uai", "session", "va_du_taux_de_reussite_g"],
        required: &["uai", "session"],
        columns: &[
            UAI,
            col("session", Kind::Period, &["session"]),
            col("name", Kind::Text, &["nom_de_l_etablissement"]),
            col("commune_name", Kind::Text, &["commune"]),
            col("academie", Kind::Text, &["academie"]),
            col("departement", Kind::Departement, &["code_departement"]),
            SECTOR,
            col("candidates", COUNT, &["nb_candidats_g"]),
            col("success_rate", RATE, &["taux_de_reussite_g"]),
            col("va_success_rate", VA_RATE, &["va_du_taux_de_reussite_g"]),
            col("written_mark", num(0.0, 20.0), &["note_a_l_ecrit_g"]),
            col("va_written_mark", num(-20.0, 20.0), &["va_de_la_note_g"]),
            col("access_rate_6e_3e", RATE, &["taux_d_acces_6eme_3eme"]),
        ],
        period_is_school_year: false,
    },
    Preset {
        name: "ep-list",
        official: "fr-en-etablissements-ep",
        signature: &["uai", "ep_20*", "uai_tete_de_reseau"],
        required: &["uai", "ep_status"],
        columns: &[
            UAI,
            col("ep_status", Kind::EpStatus, &["ep_20*"]),
            col("name", Kind::Text, &["nom_etablissement"]),
            col("school_type", Kind::Text, &["type_etablissement"]),
            col("sector", Kind::Sector, &["statut_public_prive"]),
            ACADEMIE,
            col("departement", Kind::Departement, &["code_departement"]),
            col("commune", Kind::Text, &["code_commune"]),
            col("commune_name", Kind::Text, &["nom_commune"]),
            col("network_head", Kind::Text, &["uai_tete_de_reseau"]),
            col("qp_nearby", Kind::Text, &["qp_a_proximite_o_n"]),
            LATITUDE,
            LONGITUDE,
        ],
        period_is_school_year: true,
    },
    Preset {
        name: "annuaire",
        official: "fr-en-annuaire-education",
        signature: &[
            "identifiant_de_l_etablissement",
            "appartenance_education_prioritaire",
        ],
        required: &["uai"],
        columns: &[
            UAI,
            col("name", Kind::Text, &["nom_etablissement"]),
            col("school_type", Kind::Text, &["type_etablissement"]),
            col("sector", Kind::Sector, &["statut_public_prive"]),
            col(
                "ep_status",
                Kind::EpStatus,
                &["appartenance_education_prioritaire"],
            ),
            col("departement", Kind::Departement, &["code_departement"]),
            col("commune", Kind::Text, &["code_commune"]),
            col("commune_name", Kind::Text, &["nom_commune"]),
            ACADEMIE,
            col("headcount", COUNT, &["nombre_d_eleves"]),
            col("x", num(-1e8, 1e8), &["coordonnee_x"]),
            col("y", num(-1e8, 1e8), &["coordonnee_y"]),
            col("epsg", Kind::Text, &["epsg"]),
            LATITUDE,
            LONGITUDE,
        ],
        period_is_school_year: true,
    },
    Preset {
        name: "geoloc",
        official: "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre",
        signature: &["numero_uai", "coordonnee_x", "coordonnee_y"],
        required: &["uai"],
        columns: &[
            UAI,
            col("name", Kind::Text, &["appellation_officielle"]),
            col("sector", Kind::Sector, &["secteur_public_prive_libe"]),
            col("x", num(-1e8, 1e8), &["coordonnee_x"]),
            col("y", num(-1e8, 1e8), &["coordonnee_y"]),
            col("epsg", Kind::Text, &["epsg"]),
            LATITUDE,
            LONGITUDE,
            col("departement", Kind::Departement, &["code_departement"]),
            col("commune", Kind::Text, &["code_commune"]),
            col("commune_name", Kind::Text, &["libelle_commune"]),
            ACADEMIE,
        ],
        period_is_school_year: true,
    },
    Preset {
        name: "ips-legacy",
        official: "fr-en-ips_colleges / fr-en-ips_ecoles (before 2022)",
        signature: &["uai", "ips", "rentree_scolaire"],
        required: &["uai", "ips"],
        columns: &[
            UAI,
            SCHOOL_YEAR,
            ACADEMIE,
            DEP,
            DEP_NAME,
            NAME,
            COMMUNE,
            COMMUNE_NAME,
            SECTOR,
            col("ips", IPS, &["ips"]),
            col("ips_sd", IPS_SD, &["ecart_type_de_l_ips"]),
            col("headcount", COUNT, &["effectifs"]),
        ],
        period_is_school_year: true,
    },
];

/// Canonical names for the columns of a user's own table (a `table` dataset): every column is kept,
/// and these spellings are renamed so that the user's table joins and analyses like the official ones
/// (the reference inputs in `../shared/reference/` use them).
pub const GENERIC_ALIASES: &[(&str, &str)] = &[
    ("numero_uai", "uai"),
    ("code_uai", "uai"),
    ("identifiant_de_l_etablissement", "uai"),
    ("nom", "name"),
    ("secteur", "sector"),
    ("effectifs", "headcount"),
    ("ecart_type_de_l_ips", "ips_sd"),
    ("taux_reussite", "success_rate"),
    ("va_taux_reussite", "va_success_rate"),
    ("note_ecrit", "written_mark"),
    ("va_note", "va_written_mark"),
    ("taux_acces_6e3e", "access_rate_6e_3e"),
    ("ep", "ep_status"),
    ("code_du_departement", "departement"),
];

/// The generic `table` dataset name.
pub const TABLE: &str = "table";

/// Does a normalised header match an alias (with `*` prefix matching)?
pub fn matches(alias: &str, key: &str) -> bool {
    match alias.strip_suffix('*') {
        Some(prefix) => key.starts_with(prefix),
        None => alias == key,
    }
}

/// Find a preset by name.
pub fn by_name(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Recognise a preset from normalised headers.
pub fn detect(keys: &[String]) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| {
        p.signature
            .iter()
            .all(|s| keys.iter().any(|k| matches(s, k)))
    })
}

/// Names of all datasets, for messages.
pub fn known_names() -> String {
    let mut v: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
    v.push(TABLE);
    v.join(", ")
}
