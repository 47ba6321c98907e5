//! Lambert-93 (EPSG:2154) ↔ WGS84 longitude/latitude, with `proj4rs` (pure Rust).

use crate::error::{Error, Result};
use proj4rs::proj::Proj;

/// proj string of Lambert-93.
pub const LAMBERT93: &str = "+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs";
/// proj string of WGS84 geographic coordinates.
pub const WGS84: &str = "+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs";

/// A reusable pair of projections.
pub struct Projector {
    l93: Proj,
    wgs: Proj,
}

fn proj(s: &str) -> Result<Proj> {
    Proj::from_proj_string(s).map_err(|e| Error::Numeric {
        what: "projection",
        reason: format!("{e:?}"),
    })
}

impl Projector {
    /// Build the projections.
    pub fn new() -> Result<Self> {
        Ok(Projector {
            l93: proj(LAMBERT93)?,
            wgs: proj(WGS84)?,
        })
    }

    /// Lambert-93 metres → (longitude, latitude) in degrees.
    pub fn to_wgs84(&self, x: f64, y: f64) -> Result<(f64, f64)> {
        let mut p = (x, y, 0.0);
        proj4rs::transform::transform(&self.l93, &self.wgs, &mut p).map_err(|e| {
            Error::Numeric {
                what: "projection",
                reason: format!("Lambert-93 ({x}, {y}): {e:?}"),
            }
        })?;
        Ok((p.0.to_degrees(), p.1.to_degrees()))
    }

    /// (longitude, latitude) in degrees → Lambert-93 metres.
    pub fn to_lambert93(&self, lon: f64, lat: f64) -> Result<(f64, f64)> {
        let mut p = (lon.to_radians(), lat.to_radians(), 0.0);
        proj4rs::transform::transform(&self.wgs, &self.l93, &mut p).map_err(|e| {
            Error::Numeric {
                what: "projection",
                reason: format!("lon/lat ({lon}, {lat}): {e:?}"),
            }
        })?;
        Ok((p.0, p.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_known_point() {
        let p = Projector::new().unwrap();
        // Origin of Lambert-93: (700000, 6600000) is lon 3°, lat 46.5°.
        let (lon, lat) = p.to_wgs84(700_000.0, 6_600_000.0).unwrap();
        assert!(
            (lon - 3.0).abs() < 1e-9 && (lat - 46.5).abs() < 1e-9,
            "{lon} {lat}"
        );
        // A real collège of the geoloc file: 824876.1, 6433018.3 ↔ 44.98511168476998, 4.584419934777967.
        let (lon, lat) = p.to_wgs84(824_876.1, 6_433_018.3).unwrap();
        assert!(
            (lon - 4.584419934777967).abs() < 1e-6 && (lat - 44.98511168476998).abs() < 1e-6,
            "{lon} {lat}"
        );
        let (x, y) = p.to_lambert93(lon, lat).unwrap();
        assert!((x - 824_876.1).abs() < 1e-3 && (y - 6_433_018.3).abs() < 1e-3);
    }
}
