//! Académies and départements: one code per territory, whatever the spelling a file or a user gives.
//!
//! Filters, joins and per-territory thresholds compare territories, and the files spell them in many
//! ways: `NANTES` (IPS, IVAC), `Nantes` (EP list, coordinates), `17` or `017` (codes), `Académie de
//! Nantes`, and the corrupted labels of some exports where every `ND` was deleted (`GIROE` for
//! GIRONDE, `NORMAIE`, `CLERMONT-FERRA`). The built-in tables below (every académie, overseas ones and
//! the two pre-2020 Normandy académies included, and every département and overseas collectivity)
//! map each of these to one territory: an académie is then stored under its official upper-case label
//! (`NANTES`, one label per code), a département under its code (`44`, `2A`, `971`).
//!
//! A spelling is matched through a *key*: upper case, accents removed, only letters and digits kept
//! (`Orléans-Tours` → `ORLEANSTOURS`), after dropping a leading `ACADEMIE DE`. Codes are read as codes
//! (`1` → `01`).
//!
//! # Examples
//! ```
//! use ciblage::data::territory::{academie, departement_code};
//! assert_eq!(academie("nantes").map(|a| a.label), Some("NANTES"));
//! assert_eq!(academie("Académie de Nantes").map(|a| a.code), Some("17"));
//! assert_eq!(academie("CLERMONT-FERRA").map(|a| a.label), Some("CLERMONT-FERRAND"));
//! assert_eq!(departement_code("GIROE").as_deref(), Some("33"));
//! assert_eq!(departement_code("ille et vilaine").as_deref(), Some("35"));
//! assert_eq!(departement_code("044").as_deref(), Some("44"));
//! ```

use super::table::Text;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// An académie: its code in the ministry's files and its official label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Academie {
    /// Code (`17`), as `code_academie` writes it (two digits).
    pub code: &'static str,
    /// Label (`NANTES`), upper case without accents, as the IPS and IVAC files write it.
    pub label: &'static str,
}

const fn aca(code: &'static str, label: &'static str) -> Academie {
    Academie { code, label }
}

/// Every académie (codes of `code_academie`; CAEN and ROUEN merged into NORMANDIE in 2020 but older
/// files still name them).
pub const ACADEMIES: &[Academie] = &[
    aca("01", "PARIS"),
    aca("02", "AIX-MARSEILLE"),
    aca("03", "BESANCON"),
    aca("04", "BORDEAUX"),
    aca("05", "CAEN"),
    aca("06", "CLERMONT-FERRAND"),
    aca("07", "DIJON"),
    aca("08", "GRENOBLE"),
    aca("09", "LILLE"),
    aca("10", "LYON"),
    aca("11", "MONTPELLIER"),
    aca("12", "NANCY-METZ"),
    aca("13", "POITIERS"),
    aca("14", "RENNES"),
    aca("15", "STRASBOURG"),
    aca("16", "TOULOUSE"),
    aca("17", "NANTES"),
    aca("18", "ORLEANS-TOURS"),
    aca("19", "REIMS"),
    aca("20", "AMIENS"),
    aca("21", "ROUEN"),
    aca("22", "LIMOGES"),
    aca("23", "NICE"),
    aca("24", "CRETEIL"),
    aca("25", "VERSAILLES"),
    aca("27", "CORSE"),
    aca("28", "LA REUNION"),
    aca("31", "MARTINIQUE"),
    aca("32", "GUADELOUPE"),
    aca("33", "GUYANE"),
    aca("40", "NOUVELLE-CALEDONIE"),
    aca("41", "POLYNESIE FRANCAISE"),
    aca("42", "WALLIS ET FUTUNA"),
    aca("43", "MAYOTTE"),
    aca("44", "SAINT-PIERRE-ET-MIQUELON"),
    aca("70", "NORMANDIE"),
];

/// Other spellings of an académie seen in files (keys), with the académie's code.
const ACADEMIE_ALIASES: &[(&str, &str)] = &[("REUNION", "28"), ("NOUMEA", "40")];

/// Every département and overseas collectivity: code and name (IGN Admin Express names).
pub const DEPARTEMENTS: &[(&str, &str)] = &[
    ("01", "Ain"),
    ("02", "Aisne"),
    ("03", "Allier"),
    ("04", "Alpes-de-Haute-Provence"),
    ("05", "Hautes-Alpes"),
    ("06", "Alpes-Maritimes"),
    ("07", "Ardèche"),
    ("08", "Ardennes"),
    ("09", "Ariège"),
    ("10", "Aube"),
    ("11", "Aude"),
    ("12", "Aveyron"),
    ("13", "Bouches-du-Rhône"),
    ("14", "Calvados"),
    ("15", "Cantal"),
    ("16", "Charente"),
    ("17", "Charente-Maritime"),
    ("18", "Cher"),
    ("19", "Corrèze"),
    ("21", "Côte-d'Or"),
    ("22", "Côtes-d'Armor"),
    ("23", "Creuse"),
    ("24", "Dordogne"),
    ("25", "Doubs"),
    ("26", "Drôme"),
    ("27", "Eure"),
    ("28", "Eure-et-Loir"),
    ("29", "Finistère"),
    ("2A", "Corse-du-Sud"),
    ("2B", "Haute-Corse"),
    ("30", "Gard"),
    ("31", "Haute-Garonne"),
    ("32", "Gers"),
    ("33", "Gironde"),
    ("34", "Hérault"),
    ("35", "Ille-et-Vilaine"),
    ("36", "Indre"),
    ("37", "Indre-et-Loire"),
    ("38", "Isère"),
    ("39", "Jura"),
    ("40", "Landes"),
    ("41", "Loir-et-Cher"),
    ("42", "Loire"),
    ("43", "Haute-Loire"),
    ("44", "Loire-Atlantique"),
    ("45", "Loiret"),
    ("46", "Lot"),
    ("47", "Lot-et-Garonne"),
    ("48", "Lozère"),
    ("49", "Maine-et-Loire"),
    ("50", "Manche"),
    ("51", "Marne"),
    ("52", "Haute-Marne"),
    ("53", "Mayenne"),
    ("54", "Meurthe-et-Moselle"),
    ("55", "Meuse"),
    ("56", "Morbihan"),
    ("57", "Moselle"),
    ("58", "Nièvre"),
    ("59", "Nord"),
    ("60", "Oise"),
    ("61", "Orne"),
    ("62", "Pas-de-Calais"),
    ("63", "Puy-de-Dôme"),
    ("64", "Pyrénées-Atlantiques"),
    ("65", "Hautes-Pyrénées"),
    ("66", "Pyrénées-Orientales"),
    ("67", "Bas-Rhin"),
    ("68", "Haut-Rhin"),
    ("69", "Rhône"),
    ("70", "Haute-Saône"),
    ("71", "Saône-et-Loire"),
    ("72", "Sarthe"),
    ("73", "Savoie"),
    ("74", "Haute-Savoie"),
    ("75", "Paris"),
    ("76", "Seine-Maritime"),
    ("77", "Seine-et-Marne"),
    ("78", "Yvelines"),
    ("79", "Deux-Sèvres"),
    ("80", "Somme"),
    ("81", "Tarn"),
    ("82", "Tarn-et-Garonne"),
    ("83", "Var"),
    ("84", "Vaucluse"),
    ("85", "Vendée"),
    ("86", "Vienne"),
    ("87", "Haute-Vienne"),
    ("88", "Vosges"),
    ("89", "Yonne"),
    ("90", "Territoire de Belfort"),
    ("91", "Essonne"),
    ("92", "Hauts-de-Seine"),
    ("93", "Seine-Saint-Denis"),
    ("94", "Val-de-Marne"),
    ("95", "Val-d'Oise"),
    ("971", "Guadeloupe"),
    ("972", "Martinique"),
    ("973", "Guyane"),
    ("974", "La Réunion"),
    ("975", "Saint-Pierre-et-Miquelon"),
    ("976", "Mayotte"),
    ("977", "Saint-Barthélemy"),
    ("978", "Saint-Martin"),
    ("986", "Wallis-et-Futuna"),
    ("987", "Polynésie française"),
    ("988", "Nouvelle-Calédonie"),
];

/// Upper case, accents removed (canonical decomposition, combining marks dropped), every run of
/// other characters as one space: `Côte-d'Or` → `COTE D OR`.
pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_uppercase());
        } else {
            space = true;
        }
    }
    out
}

/// The matching key of a territory name: [`fold`]ed, without a leading `ACADEMIE DE`, letters and
/// digits only (`Académie d'Orléans-Tours` → `ORLEANSTOURS`).
pub fn key(s: &str) -> String {
    key_of_folded(&fold(s))
}

fn key_of_folded(f: &str) -> String {
    let f = [
        "ACADEMIE DE L ",
        "ACADEMIE DE ",
        "ACADEMIE D ",
        "ACADEMIE DU ",
        "ACADEMIE ",
    ]
    .iter()
    .find_map(|p| f.strip_prefix(p))
    .unwrap_or(f);
    f.chars().filter(|c| *c != ' ').collect()
}

/// Keys (and their corrupted `ND`-less forms, when they stay unique) → index in `names`.
fn index(names: impl Iterator<Item = (usize, String)>) -> FxHashMap<String, usize> {
    let mut exact: FxHashMap<String, usize> = Default::default();
    let mut variants: Vec<(String, usize)> = Vec::new();
    for (i, name) in names {
        let folded = fold(&name);
        exact.insert(key_of_folded(&folded), i);
        // Some exports lost every "ND" (GIRONDE → GIROE, NORMANDIE → NORMAIE).
        let without_nd = folded.replace("ND", "");
        if without_nd != folded {
            variants.push((key_of_folded(&without_nd), i));
        }
        // SAINT / SAINTE abbreviated (SEINE-ST-DENIS).
        if folded.contains("SAINT") {
            let abbr = folded.replace("SAINTE", "STE").replace("SAINT", "ST");
            variants.push((key_of_folded(&abbr), i));
        }
    }
    let mut seen: FxHashMap<String, Option<usize>> = Default::default();
    for (k, i) in variants {
        if !exact.contains_key(&k) {
            let e = seen.entry(k).or_insert(Some(i));
            if *e != Some(i) {
                // Two territories share a corrupted form: neither is recognised by it.
                *e = None;
            }
        }
    }
    for (k, i) in seen {
        if let Some(i) = i {
            exact.insert(k, i);
        }
    }
    exact
}

fn academie_index() -> &'static FxHashMap<String, usize> {
    static I: OnceLock<FxHashMap<String, usize>> = OnceLock::new();
    I.get_or_init(|| {
        let mut m = index(ACADEMIES.iter().map(|a| a.label.to_string()).enumerate());
        for (alias, code) in ACADEMIE_ALIASES {
            if let Some(i) = ACADEMIES.iter().position(|a| a.code == *code) {
                m.insert(alias.to_string(), i);
            }
        }
        m
    })
}

fn departement_index() -> &'static FxHashMap<String, usize> {
    static I: OnceLock<FxHashMap<String, usize>> = OnceLock::new();
    I.get_or_init(|| index(DEPARTEMENTS.iter().map(|d| d.1.to_string()).enumerate()))
}

/// The académie a name or a code stands for (`None`: not an académie of the built-in table).
pub fn academie(raw: &str) -> Option<&'static Academie> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    // The official upper-case labels are returned without building a key (a million-row file
    // repeats them).
    if let Some(a) = ACADEMIES.iter().find(|a| a.label == t) {
        return Some(a);
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        let n: u32 = t.parse().ok()?;
        let code = format!("{n:02}");
        return ACADEMIES.iter().find(|a| a.code == code);
    }
    academie_index().get(&key(t)).map(|&i| &ACADEMIES[i])
}

/// The département code a code or a name stands for (`None`: neither).
pub fn departement_code(raw: &str) -> Option<Text> {
    if let Ok(code) = super::normalize::departement(raw) {
        return Some(code);
    }
    departement_index()
        .get(&key(raw))
        .map(|&i| Text::const_new(DEPARTEMENTS[i].0))
}

/// The name of a département code (`44` → `Loire-Atlantique`).
pub fn departement_name(code: &str) -> Option<&'static str> {
    DEPARTEMENTS.iter().find(|d| d.0 == code).map(|d| d.1)
}

/// How a user's académie (a name in any case or spelling, or a code) is compared with the stored
/// values: the official label when the table knows it, else the value's [`key`].
pub fn academie_wanted(raw: &str) -> String {
    academie(raw).map_or_else(|| key(raw), |a| a.label.to_string())
}

/// Does a stored académie value (an official label, or a label the table does not know, kept as
/// written) stand for the académie `wanted` (from [`academie_wanted`])?
pub fn academie_is(stored: &str, wanted: &str) -> bool {
    if stored == wanted {
        return true;
    }
    // Académie columns are stored under the official label of every académie the table knows, so a
    // known label only matches itself (no key is built: this runs once per school).
    if ACADEMIES.iter().any(|a| a.label == wanted) {
        return false;
    }
    key(stored) == wanted
}

/// `values` sorted closest to `to` first (Jaro–Winkler similarity of their keys, ties in order),
/// for messages that list what exists.
pub fn closest_first<'a>(to: &str, values: &[&'a str]) -> Vec<&'a str> {
    let k = key(to);
    let mut scored: Vec<(f64, usize, &str)> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (strsim::jaro_winkler(&k, &key(v)), i, *v))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|s| s.2).collect()
}

/// At most `n` values joined with `, `, then `… (M more)`.
pub fn list_some(values: &[&str], n: usize) -> String {
    let shown: Vec<String> = values
        .iter()
        .take(n)
        .map(|v| crate::text::quote(v).into_owned())
        .collect();
    let mut s = shown.join(", ");
    if values.len() > n {
        s.push_str(&format!(" … ({} more)", values.len() - n));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_an_academie() {
        for s in [
            "NANTES",
            "Nantes",
            "nantes",
            " nantes ",
            "Académie de Nantes",
            "17",
            "017",
        ] {
            assert_eq!(academie(s).map(|a| a.label), Some("NANTES"), "{s}");
        }
        assert_eq!(academie("Orléans-Tours").map(|a| a.code), Some("18"));
        assert_eq!(academie("ORLEANS TOURS").map(|a| a.code), Some("18"));
        assert_eq!(academie("La Réunion").map(|a| a.code), Some("28"));
        assert_eq!(academie("REUNION").map(|a| a.code), Some("28"));
        assert_eq!(academie("1").map(|a| a.label), Some("PARIS"));
        assert_eq!(academie("Nouvelle Calédonie").map(|a| a.code), Some("40"));
        assert_eq!(academie("Polynésie Française").map(|a| a.code), Some("41"));
        assert_eq!(
            academie("Saint Pierre et Miquelon").map(|a| a.code),
            Some("44")
        );
        // Labels of the 2025 exports that lost every "ND".
        assert_eq!(academie("NORMAIE").map(|a| a.label), Some("NORMANDIE"));
        assert_eq!(
            academie("CLERMONT-FERRA").map(|a| a.label),
            Some("CLERMONT-FERRAND")
        );
        assert_eq!(academie("SYNTHETIQUE-1"), None);
        assert_eq!(academie("99"), None);
        assert_eq!(academie(""), None);
    }

    #[test]
    fn every_spelling_of_a_departement() {
        for (s, code) in [
            ("44", "44"),
            ("044", "44"),
            ("LOIRE-ATLANTIQUE", "44"),
            ("loire atlantique", "44"),
            ("ILLE ET VILAINE", "35"),
            ("GIROE", "33"),
            ("NORD", "59"),
            ("IRE", "36"),
            ("VEEE", "85"),
            ("Côte-d'Or", "21"),
            ("COTE D OR", "21"),
            ("SEINE-ST-DENIS", "93"),
            ("Corse-du-Sud", "2A"),
            ("02B", "2B"),
            ("La Réunion", "974"),
            ("Nouvelle-Calédonie", "988"),
        ] {
            assert_eq!(departement_code(s).as_deref(), Some(code), "{s}");
        }
        assert_eq!(departement_code("NORDS"), None);
        assert_eq!(departement_name("44"), Some("Loire-Atlantique"));
    }

    #[test]
    fn keys_are_unique() {
        // No two territories share a key or a corrupted form (index() drops shared variants, but the
        // exact keys must all be there).
        let a = academie_index();
        for (i, x) in ACADEMIES.iter().enumerate() {
            assert_eq!(a.get(&key(x.label)), Some(&i), "{}", x.label);
        }
        let d = departement_index();
        for (i, x) in DEPARTEMENTS.iter().enumerate() {
            assert_eq!(d.get(&key(x.1)), Some(&i), "{}", x.1);
        }
        let codes: std::collections::BTreeSet<&str> = ACADEMIES.iter().map(|a| a.code).collect();
        assert_eq!(codes.len(), ACADEMIES.len());
        assert_eq!(DEPARTEMENTS.len(), 96 + 5 + 6);
    }

    #[test]
    fn comparisons_and_suggestions() {
        let w = academie_wanted("nantes");
        assert!(academie_is("NANTES", &w));
        assert!(!academie_is("RENNES", &w));
        let w = academie_wanted("synthétique-1");
        assert!(academie_is("SYNTHETIQUE-1", &w));
        assert_eq!(
            closest_first("LIL", &["NANTES", "LILLE", "LYON"]),
            ["LILLE", "LYON", "NANTES"]
        );
        assert_eq!(list_some(&["A", "B", "C"], 2), "A, B … (1 more)");
    }
}
