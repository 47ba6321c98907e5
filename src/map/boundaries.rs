//! Territory outlines: the built-in département and académie boundaries, or a user's GeoJSON.
//!
//! The built-in files (`src/map/boundaries/*.geojson`, embedded in the binary) were simplified from
//! IGN Admin Express (départements, 101 features including 971, 972, 973, 974 and 976) and from the
//! Ministry's `fr-en-contour-academies-2020` (30 académies), both under the Licence Ouverte / Open
//! Licence 2.0, by `examples/simplify_boundaries.rs` (shared borders simplified once, so that
//! neighbours still meet; ~10 m coordinates; islands under 1 km² dropped).

use crate::error::{Error, Result};
use std::path::Path;

/// The simplified départements (GeoJSON, WGS84; properties `code`, `nom`).
pub const DEPARTEMENTS_GEOJSON: &str = include_str!("boundaries/departements.geojson");
/// The simplified académies (GeoJSON, WGS84; properties `code` = upper-case name, `nom`).
pub const ACADEMIES_GEOJSON: &str = include_str!("boundaries/academies.geojson");

/// Credit line of the built-in outlines (drawn on every map that uses them).
pub const CREDIT: &str =
    "IGN Admin Express; MENJ fr-en-contour-academies-2020 — Licence Ouverte 2.0";

/// One territory: code, name and polygons (outer ring then holes), longitude/latitude.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// Code (`44`, `2A`, `971`; académies: upper-case name as in the school files, `NANTES`).
    pub code: String,
    /// Name (`Loire-Atlantique`, `Nantes`).
    pub name: String,
    /// Polygons: each an outer ring then its holes, as (longitude, latitude).
    pub polygons: Vec<Vec<Vec<(f64, f64)>>>,
}

/// A set of outlines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layer {
    /// Territories.
    pub features: Vec<Feature>,
}

impl Layer {
    /// The built-in départements.
    pub fn departements() -> Result<Layer> {
        parse(DEPARTEMENTS_GEOJSON, Path::new("<built-in départements>"))
    }

    /// The built-in académies.
    pub fn academies() -> Result<Layer> {
        parse(ACADEMIES_GEOJSON, Path::new("<built-in académies>"))
    }

    /// A user's GeoJSON FeatureCollection of (multi)polygons in WGS84.
    pub fn read(path: &Path) -> Result<Layer> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        parse(&text, path)
    }

    /// The feature with this code.
    pub fn get(&self, code: &str) -> Option<&Feature> {
        self.features.iter().find(|f| f.code == code)
    }
}

/// Normalised territory key: upper case, accents and separators removed (`Orléans-Tours` →
/// `ORLEANSTOURS`), so that académie names of the school files and of the outlines meet.
pub fn key(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                'à' | 'â' | 'ä' | 'À' | 'Â' => 'A',
                'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' => 'E',
                'î' | 'ï' | 'Î' => 'I',
                'ô' | 'ö' | 'Ô' => 'O',
                'ù' | 'û' | 'ü' | 'Û' => 'U',
                'ç' | 'Ç' => 'C',
                c => c,
            };
            c.is_alphanumeric().then(|| c.to_ascii_uppercase())
        })
        .collect()
}

fn parse(text: &str, path: &Path) -> Result<Layer> {
    let gj: geojson::GeoJson = text.parse().map_err(|e: geojson::Error| Error::Config {
        path: path.into(),
        reason: format!("not a GeoJSON file: {e}"),
    })?;
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        return Err(Error::Config {
            path: path.into(),
            reason: "expected a FeatureCollection of polygons".into(),
        });
    };
    let prop = |f: &geojson::Feature, keys: &[&str]| -> String {
        f.properties
            .as_ref()
            .and_then(|p| {
                keys.iter().find_map(|k| p.get(*k)).map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string())
                })
            })
            .unwrap_or_default()
    };
    let mut out = Layer::default();
    for f in &fc.features {
        let code = prop(f, &["code", "code_academie", "code_departement", "nom"]);
        let name = prop(f, &["nom", "name", "libelle", "code"]);
        let polys: Vec<Vec<Vec<Vec<f64>>>> = match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::Value::Polygon(p)) => vec![p.clone()],
            Some(geojson::Value::MultiPolygon(m)) => m.clone(),
            _ => continue,
        };
        let polygons = polys
            .into_iter()
            .map(|p| {
                p.into_iter()
                    .map(|r| {
                        r.into_iter()
                            .filter(|c| c.len() >= 2 && c[0].is_finite() && c[1].is_finite())
                            .map(|c| (c[0], c[1]))
                            .collect()
                    })
                    .collect()
            })
            .collect();
        out.features.push(Feature {
            code,
            name,
            polygons,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_outlines_cover_every_departement_and_academie() {
        let d = Layer::departements().unwrap();
        assert_eq!(d.features.len(), 101);
        for code in [
            "01", "2A", "2B", "44", "95", "971", "972", "973", "974", "976",
        ] {
            assert!(d.get(code).is_some(), "{code}");
        }
        assert_eq!(d.get("44").unwrap().name, "Loire-Atlantique");
        let a = Layer::academies().unwrap();
        assert_eq!(a.features.len(), 30);
        assert!(a.get("NANTES").is_some() && a.get("MAYOTTE").is_some());
        // Small enough to embed.
        assert!(DEPARTEMENTS_GEOJSON.len() + ACADEMIES_GEOJSON.len() < 600_000);
    }

    #[test]
    fn keys_meet_across_spellings() {
        assert_eq!(key("Orléans-Tours"), key("ORLEANS-TOURS"));
        assert_eq!(key("La Réunion"), "LAREUNION");
    }
}
