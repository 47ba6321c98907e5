//! Presets for the official datasets: which header spellings map to which canonical column.
//!
//! Headers are compared after [`header_key`](super::normalize::header_key), so one alias covers the
//! snake_case export (`va_du_taux_de_reussite_g`) and the French-label export (`VA du taux de réussite G`).
//! An alias ending in `*` matches by prefix (`ep_*` matches `ep_2022_2023`, `ep_2023_2024`...); in a
//! signature, `a|b` accepts either header.
//!
//! Each preset covers every vintage of its dataset seen so far: the IPS collèges and lycées of the 2022
//! series (`ap2022`, snake_case) and of the 2023 series (`ap2023`: `annee_scolaire`, `ips_etab`,
//! `ecart_type_etablissement`, `ecart_type_voie_gt`, and their French labels `Année scolaire`,
//! `Ecart type de l'IPS`...), mapped to the same canonical names; the écoles file with any number of
//! school years; IVAC of any session; the EP list of any year (`ep_YYYY_YYYY`); the coordinates file in
//! snake_case or with French labels (`Code établissement`, `Coordonnee X`).

pub use super::column_spec::*;
use super::column_spec::{
    col, num, ACADEMIE, COMMUNE, COMMUNE_NAME, COUNT, DEP, DEP_NAME, IPS, IPS_SD, LATITUDE,
    LONGITUDE, NAME, RATE, SCHOOL_YEAR, SECTOR, UAI, VA_RATE,
};

/// All presets, in detection order (most specific first: the IPS collèges files of the 2023 series
/// also carry the `ips_national…` columns of the écoles signature).
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "ips-lycees",
        official: "fr-en-ips-lycees-ap2022, fr-en-ips-lycees-ap2023, fr-en-ips_lycees",
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
            col("school_type", Kind::Text, &["type_de_lycee"]),
            col("ips_gt", IPS, &["ips_voie_gt"]),
            col("ips_pro", IPS, &["ips_voie_pro"]),
            col("ips_post_bac", IPS, &["ips_post_bac"]),
            // The school's IPS: all tracks (2022 series), the establishment (2023 series).
            col(
                "ips",
                IPS,
                &["ips_ensemble_gt_pro", "ips_etab", "ips_de_l_etablissement"],
            ),
            col(
                "ips_sd_gt",
                IPS_SD,
                &["ecart_type_de_l_ips_voie_gt", "ecart_type_voie_gt"],
            ),
            col(
                "ips_sd_pro",
                IPS_SD,
                &["ecart_type_de_l_ips_voie_pro", "ecart_type_voie_pro"],
            ),
            col(
                "ips_sd",
                IPS_SD,
                &["ecart_type_etablissement", "ecart_type_de_l_etablissement"],
            ),
        ],
        period_is_school_year: true,
    },
    Preset {
        name: "ips-colleges",
        official: "fr-en-ips-colleges-ap2022, fr-en-ips-colleges-ap2023",
        signature: &[
            "uai",
            "ips",
            "ecart_type_de_l_ips",
            "rentree_scolaire|annee_scolaire",
        ],
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
        name: "ips-ecoles",
        official: "fr-en-ips-ecoles-ap2022",
        signature: &[
            "uai",
            "ips",
            "rentree_scolaire|annee_scolaire",
            "ips_national*",
        ],
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
        name: "ivac",
        official: "fr-en-indicateurs-valeur-ajoutee-colleges",
        signature: &["uai", "session", "va_du_taux_de_reussite_g"],
        required: &["uai", "session"],
        columns: &[
            UAI,
            col("session", Kind::Period, &["session"]),
            col("name", Kind::Text, &["nom_de_l_etablissement"]),
            col("commune_name", Kind::Text, &["commune"]),
            ACADEMIE,
            col("departement", Kind::Departement, &["code_departement"]),
            col("departement_name", Kind::Text, &["departement"]),
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
    super::ival::IVAL_GT,
    super::ival::IVAL_PRO,
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
        signature: &[
            "numero_uai|code_etablissement",
            "coordonnee_x",
            "coordonnee_y",
        ],
        required: &["uai"],
        columns: &[
            UAI,
            col("name", Kind::Text, &["appellation_officielle"]),
            col(
                "sector",
                Kind::Sector,
                &["secteur_public_prive_libe", "secteur_public_prive"],
            ),
            col("x", num(-1e8, 1e8), &["coordonnee_x"]),
            col("y", num(-1e8, 1e8), &["coordonnee_y"]),
            col("epsg", Kind::Text, &["epsg"]),
            LATITUDE,
            LONGITUDE,
            col("departement", Kind::Departement, &["code_departement"]),
            col("commune", Kind::Text, &["code_commune"]),
            col("commune_name", Kind::Text, &["libelle_commune", "commune"]),
            ACADEMIE,
        ],
        period_is_school_year: true,
    },
    Preset {
        name: "ips-legacy",
        official: "fr-en-ips_colleges / fr-en-ips_ecoles (before 2022)",
        signature: &["uai", "ips", "rentree_scolaire|annee_scolaire"],
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

/// Canonical names for the columns of a user's own table (a `table` dataset): every column is kept
/// under its own header and also answers to these canonical names, so that the user's table joins and
/// analyses like the official ones (the reference inputs in `../shared/reference/` use them). Besides
/// these, a header spelled as a preset's column (`code_du_departement`, `libelle_academie`…) or as a
/// canonical name answers to that canonical name (see [`table_roles`]).
pub const GENERIC_ALIASES: &[(&str, &str)] = &[
    ("numero_uai", "uai"),
    ("code_uai", "uai"),
    ("identifiant_de_l_etablissement", "uai"),
    ("numero_d_etablissement", "uai"),
    ("code_etablissement", "uai"),
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
    ("acad", "academie"),
    // Year columns: the period of a multi-year table.
    ("annee", "session"),
    ("annee_scolaire", "school_year"),
    ("rentree_scolaire", "school_year"),
];

/// The generic `table` dataset name.
pub const TABLE: &str = "table";

/// Is a normalised header the UAI column of some dataset?
pub fn is_uai_header(key: &str) -> bool {
    UAI.aliases.contains(&key)
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

/// The canonical names a column of a user's table may answer to, most likely first, with how the
/// official presets read them: its [`GENERIC_ALIASES`] entry, a canonical name spelled as the header
/// (`departement`), then the preset columns the header is an alias of (`departement` is also the
/// département *name* column of the IPS files). The loader keeps the first one the column's values
/// fit (a `departement` column of names is not the département code).
pub fn table_roles(key: &str) -> Vec<(&'static str, Kind)> {
    let specs = || PRESETS.iter().flat_map(|p| p.columns.iter());
    let kind_of = |c: &str| specs().find(|s| s.canonical == c).map(|s| s.kind);
    let mut out: Vec<(&'static str, Kind)> = Vec::new();
    let mut push = |c: &'static str, k: Kind| {
        if !out.iter().any(|o| o.0 == c) {
            out.push((c, k));
        }
    };
    if let Some((_, c)) = GENERIC_ALIASES.iter().find(|(a, _)| *a == key) {
        if let Some(k) = kind_of(c) {
            push(c, k);
        }
    }
    if let Some(s) = specs().find(|s| s.canonical == key) {
        push(s.canonical, s.kind);
    }
    for s in specs() {
        if s.aliases.iter().any(|a| matches(a, key)) {
            push(s.canonical, s.kind);
        }
    }
    out
}

/// Names of all datasets, for messages.
pub fn known_names() -> String {
    let mut v: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
    v.push(TABLE);
    v.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snake_case_gt_header_is_ival_gt() {
        let keys: Vec<String> = [
            "uai",
            "annee",
            "presents_total",
            "taux_reu_total",
            "va_reu_total",
            "presents_gnle",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(detect(&keys).map(|p| p.name), Some("ival-gt"));
    }

    fn keys(h: &str) -> Vec<String> {
        h.split(';')
            .map(super::super::normalize::header_key)
            .collect()
    }

    #[test]
    fn both_series_are_recognised_and_gt_is_told_from_pro() {
        let old = "Etablissement;Annee;Ville;UAI;Presents - L;Presents - Toutes series;Taux de reussite - Toutes series;Valeur ajoutee du taux de reussite - Toutes series";
        assert_eq!(
            detect(&keys(old)).map(|p| p.name),
            Some(super::super::ival::GT)
        );
        let v2 = "num_ligne;annee;uai;presents_total;taux_reu_total;va_reu_total;presents_gnle";
        assert_eq!(
            detect(&keys(v2)).map(|p| p.name),
            Some(super::super::ival::GT)
        );
        let pro = "num_ligne;annee;uai;presents_total;taux_reu_total;va_reu_total;taux_acces_2nde";
        assert_eq!(
            detect(&keys(pro)).map(|p| p.name),
            Some(super::super::ival::PRO)
        );
        // The IVAC file is not an IVAL one.
        let ivac = "Session;UAI;Taux de réussite G;VA du taux de réussite G";
        assert_eq!(detect(&keys(ivac)).map(|p| p.name), Some("ivac"));
    }

    #[test]
    fn roles_of_a_table_column() {
        let names = |k: &str| table_roles(k).into_iter().map(|r| r.0).collect::<Vec<_>>();
        assert_eq!(names("departement"), ["departement", "departement_name"]);
        assert_eq!(names("taux_reussite"), ["success_rate"]);
        assert_eq!(names("code_departement"), ["departement"]);
        assert_eq!(names("annee"), ["session"]);
        assert_eq!(names("libelle_academie"), ["academie"]);
        assert_eq!(names("ep_2023_2024"), ["ep_status"]);
        assert!(names("indicateur_maison").is_empty());
        assert!(matches("rentree_scolaire|annee_scolaire", "annee_scolaire"));
        assert!(matches("ep_20*", "ep_2024_2025"));
    }
}
