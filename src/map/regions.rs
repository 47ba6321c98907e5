//! Where a point is drawn: metropolitan France (Lambert-93) or one of the five overseas départements,
//! each drawn in its own inset (as INSEE maps do) with a local projection; the overseas collectivities
//! (975 Saint-Pierre-et-Miquelon, 977 Saint-Barthélemy, 978 Saint-Martin, 986 Wallis-et-Futuna,
//! 987 Polynésie française, 988 Nouvelle-Calédonie) have no outline and are listed, not drawn.

use super::proj::Projector;
use crate::error::Result;

/// A region of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Region {
    /// Metropolitan France, incl. Corsica.
    Metro,
    /// Guadeloupe (971).
    Guadeloupe,
    /// Martinique (972).
    Martinique,
    /// Guyane (973).
    Guyane,
    /// La Réunion (974).
    Reunion,
    /// Mayotte (976).
    Mayotte,
}

/// (region, département code, name, lon min, lon max, lat min, lat max) of each overseas département.
pub const OVERSEAS: [(Region, &str, &str, f64, f64, f64, f64); 5] = [
    (
        Region::Guadeloupe,
        "971",
        "Guadeloupe",
        -61.9,
        -60.9,
        15.8,
        16.55,
    ),
    (
        Region::Martinique,
        "972",
        "Martinique",
        -61.3,
        -60.75,
        14.35,
        14.9,
    ),
    (Region::Guyane, "973", "Guyane", -54.7, -51.5, 2.0, 5.85),
    (
        Region::Reunion,
        "974",
        "La Réunion",
        55.15,
        55.9,
        -21.45,
        -20.8,
    ),
    (
        Region::Mayotte,
        "976",
        "Mayotte",
        44.95,
        45.35,
        -13.05,
        -12.6,
    ),
];

/// Overseas collectivities without an outline: (département code, name).
pub const COLLECTIVITIES: [(&str, &str); 7] = [
    ("975", "Saint-Pierre-et-Miquelon"),
    ("977", "Saint-Barthélemy"),
    ("978", "Saint-Martin"),
    ("984", "TAAF"),
    ("986", "Wallis-et-Futuna"),
    ("987", "Polynésie française"),
    ("988", "Nouvelle-Calédonie"),
];

impl Region {
    /// The region of a WGS84 point, `None` outside every drawn region.
    pub fn of(lon: f64, lat: f64) -> Option<Region> {
        if !lon.is_finite() || !lat.is_finite() {
            return None;
        }
        if (-5.5..=10.0).contains(&lon) && (41.2..=51.3).contains(&lat) {
            return Some(Region::Metro);
        }
        OVERSEAS
            .iter()
            .find(|o| (o.3..=o.4).contains(&lon) && (o.5..=o.6).contains(&lat))
            .map(|o| o.0)
    }

    /// Département code of an overseas region (`None` for metropolitan France).
    pub fn code(self) -> Option<&'static str> {
        OVERSEAS.iter().find(|o| o.0 == self).map(|o| o.1)
    }

    /// Name shown under an inset.
    pub fn name(self) -> &'static str {
        OVERSEAS
            .iter()
            .find(|o| o.0 == self)
            .map_or("France métropolitaine", |o| o.2)
    }

    /// The overseas départements, in code order.
    pub fn overseas() -> impl Iterator<Item = Region> {
        OVERSEAS.iter().map(|o| o.0)
    }
}

/// Extents (lon min, lon max, lat min, lat max) of the collectivities, whose schools may carry another
/// code (Saint-Martin and Saint-Barthélemy collèges are still coded 971 in the Ministry's files).
const COLLECTIVITY_EXTENTS: [(&str, f64, f64, f64, f64); 6] = [
    ("Saint-Pierre-et-Miquelon", -56.6, -56.0, 46.7, 47.2),
    ("Saint-Barthélemy", -62.95, -62.75, 17.85, 17.98),
    ("Saint-Martin", -63.2, -62.95, 18.0, 18.15),
    ("Wallis-et-Futuna", -178.3, -176.0, -14.5, -13.1),
    ("Polynésie française", -155.0, -134.0, -28.0, -7.0),
    ("Nouvelle-Calédonie", 163.0, 169.0, -23.0, -19.0),
];

/// The overseas collectivity a point is in, by its coordinates.
pub fn collectivity_at(lon: f64, lat: f64) -> Option<&'static str> {
    COLLECTIVITY_EXTENTS
        .iter()
        .find(|c| (c.1..=c.2).contains(&lon) && (c.3..=c.4).contains(&lat))
        .map(|c| c.0)
}

/// Name of an overseas collectivity by its département code.
pub fn collectivity(code: &str) -> Option<&'static str> {
    COLLECTIVITIES.iter().find(|c| c.0 == code).map(|c| c.1)
}

/// Projections to metres: Lambert-93 for metropolitan France, a local equirectangular projection for
/// each overseas département (its extent is small enough for the distortion not to show).
pub struct Projections {
    l93: Projector,
}

impl Projections {
    /// Build the projections.
    pub fn new() -> Result<Self> {
        Ok(Projections {
            l93: Projector::new()?,
        })
    }

    /// A WGS84 point in the metres of a region.
    pub fn project(&self, region: Region, lon: f64, lat: f64) -> Result<(f64, f64)> {
        match region {
            Region::Metro => self.l93.to_lambert93(lon, lat),
            r => {
                let o = OVERSEAS
                    .iter()
                    .find(|o| o.0 == r)
                    .map_or((0.0, 0.0), |o| ((o.3 + o.4) / 2.0, (o.5 + o.6) / 2.0));
                let k = o.1.to_radians().cos();
                Ok(((lon - o.0) * 111_320.0 * k, (lat - o.1) * 110_574.0))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_fall_in_their_region() {
        assert_eq!(Region::of(-1.55, 47.22), Some(Region::Metro)); // Nantes
        assert_eq!(Region::of(9.15, 41.92), Some(Region::Metro)); // Ajaccio
        assert_eq!(Region::of(-61.53, 16.24), Some(Region::Guadeloupe));
        assert_eq!(Region::of(55.45, -20.88), Some(Region::Reunion));
        assert_eq!(Region::of(45.23, -12.78), Some(Region::Mayotte));
        assert_eq!(Region::of(-52.33, 4.93), Some(Region::Guyane));
        assert_eq!(Region::of(-56.17, 46.78), None); // Saint-Pierre
        assert_eq!(Region::of(-149.57, -17.53), None); // Papeete
        assert_eq!(collectivity("987"), Some("Polynésie française"));
        assert_eq!(collectivity_at(-63.08, 18.07), Some("Saint-Martin"));
        assert_eq!(
            collectivity_at(-149.57, -17.53),
            Some("Polynésie française")
        );
        assert_eq!(collectivity_at(-61.53, 16.24), None);
        let p = Projections::new().unwrap();
        let (x, y) = p.project(Region::Reunion, 55.525, -21.125).unwrap();
        assert!(x.abs() < 1.0 && y.abs() < 1.0);
        let (x, _) = p.project(Region::Reunion, 55.625, -21.125).unwrap();
        assert!((x - 10_385.0).abs() < 50.0, "{x}");
    }
}
