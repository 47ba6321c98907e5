//! The built-in outlines against the real collèges, and a map of the national run: every département,
//! the five overseas départements as insets, the overseas collectivities listed as not drawn (skipped,
//! with `SKIPPED`, when `../shared/data/real/` is absent). Moved from `tests/maps.rs`: they draw with
//! the map's own pieces (outlines, projections, layout), which are internal to the crate.

use super::boundaries::Layer;
use super::draw::{BaseMap, Fill, MapFigure, Point};
use super::regions::{collectivity, Projections, Region};
use crate::data::LoadOptions;
use crate::i18n::{Labels, Lang};
use geo::{Distance, Euclidean};

/// Every geolocated real collège lies inside its own département's simplified polygon or within 2 km of
/// it (Lambert-93 metres in metropolitan France, local metres overseas).
#[test]
fn every_real_college_is_in_its_departement_or_within_2_km() {
    let Some(real) = crate::testing::real_dir() else {
        return;
    };
    let (t, _) =
        crate::data::load(&real.join("geoloc_colleges.csv"), &LoadOptions::default()).unwrap();
    let deps = Layer::departements().unwrap();
    let proj = Projections::new().unwrap();
    let (lat, lon) = (t.num("latitude").unwrap(), t.num("longitude").unwrap());
    let (mut checked, mut collectivities, mut worst) = (0, 0, (0.0f64, String::new()));
    let mut far = Vec::new();
    for i in 0..t.len() {
        if lat[i].is_nan() || lon[i].is_nan() {
            continue;
        }
        let dep = t.get("departement", i);
        if collectivity(&dep).is_some() {
            collectivities += 1;
            assert_eq!(
                Region::of(lon[i], lat[i]),
                None,
                "{} {dep} would be drawn",
                t.uai[i]
            );
            continue;
        }
        let f = deps
            .get(&dep)
            .unwrap_or_else(|| panic!("{}: no outline for département {dep}", t.uai[i]));
        let region = Region::of(lon[i], lat[i]).unwrap_or_else(|| {
            panic!(
                "{} ({dep}) at {} {} is in no region",
                t.uai[i], lon[i], lat[i]
            )
        });
        let (x, y) = proj.project(region, lon[i], lat[i]).unwrap();
        let d = f
            .polygons
            .iter()
            .map(|p| {
                let ring = |r: &Vec<(f64, f64)>| {
                    geo::LineString::from(
                        r.iter()
                            .map(|q| proj.project(region, q.0, q.1).unwrap())
                            .collect::<Vec<_>>(),
                    )
                };
                let poly = geo::Polygon::new(ring(&p[0]), p[1..].iter().map(ring).collect());
                Euclidean.distance(&geo::Point::new(x, y), &poly)
            })
            .fold(f64::INFINITY, f64::min);
        if d > worst.0 {
            worst = (d, format!("{} ({dep})", t.uai[i]));
        }
        if d > 2_000.0 {
            far.push((i, dep.clone(), region, (x, y), d));
        }
        checked += 1;
    }
    // A collège far from its simplified département must be as far from the full-resolution one: then
    // its coordinates are wrong in the source file (geocoded to a homonymous commune), not the outline.
    let full = Layer::read(&real.join("departements_avec_outre_mer.geojson")).unwrap();
    let mut wrong_in_source = Vec::new();
    for (i, dep, region, (x, y), d) in &far {
        let f = full.get(dep).unwrap();
        let d_full = f
            .polygons
            .iter()
            .map(|p| {
                let ring = geo::LineString::from(
                    p[0].iter()
                        .map(|q| proj.project(*region, q.0, q.1).unwrap())
                        .collect::<Vec<_>>(),
                );
                Euclidean.distance(&geo::Point::new(*x, *y), &geo::Polygon::new(ring, vec![]))
            })
            .fold(f64::INFINITY, f64::min);
        assert!(
            d_full > 2_000.0,
            "{} ({dep}) is {d:.0} m from its simplified département but {d_full:.0} m from the full one",
            t.uai[*i]
        );
        wrong_in_source.push(format!("{} ({dep}) {:.0} km away", t.uai[*i], d / 1000.0));
    }
    // One known case: 0121517J (Aveyron) geocoded to Saint-Hippolyte in Indre-et-Loire.
    assert!(wrong_in_source.len() <= 2, "{wrong_in_source:?}");
    eprintln!("coordinates outside their own département in the source file: {wrong_in_source:?}");
    // 7,654 rows, 147 without coordinates; the collectivities (975–988) have no outline.
    assert!(checked > 7_300, "{checked}");
    assert!(collectivities >= 5, "{collectivities}");
    eprintln!(
        "{checked} collèges checked; farthest outside: {:.0} m ({})",
        worst.0, worst.1
    );
}

/// A national map: the whole of metropolitan France, the five overseas départements as insets, the
/// collectivities' schools listed as not drawn (in the note of the drawing).
#[test]
fn a_national_map_has_every_departement_and_five_insets() {
    let Some(real) = crate::testing::real_dir() else {
        return;
    };
    let (t, _) =
        crate::data::load(&real.join("geoloc_colleges.csv"), &LoadOptions::default()).unwrap();
    let (lat, lon) = (t.num("latitude").unwrap(), t.num("longitude").unwrap());
    let points: Vec<Point> = (0..t.len())
        .filter(|&i| Region::of(lon[i], lat[i]).is_some())
        .map(|i| Point {
            lon: lon[i],
            lat: lat[i],
            class: 0,
            label: None,
        })
        .collect();
    let base = BaseMap {
        departements: Layer::departements().unwrap(),
        academies: Some(Layer::academies().unwrap()),
        credit: "IGN".into(),
    };
    let fill = Fill::Points {
        points,
        legend: vec![("collèges".into(), plotters::style::RGBColor(0, 0, 0))],
    };
    let labels = Labels::new(Lang::Fr);
    let fig = MapFigure {
        title: "France".into(),
        base: &base,
        fill: &fill,
        not_drawn: vec![("Polynésie française".into(), 35), (String::new(), 147)],
        labels: &labels,
    };
    let lay = fig.layout(&Projections::new().unwrap()).unwrap();
    assert!(lay.national);
    assert_eq!(lay.main, Region::Metro);
    assert_eq!(
        lay.insets,
        vec![
            Region::Guadeloupe,
            Region::Martinique,
            Region::Guyane,
            Region::Reunion,
            Region::Mayotte
        ]
    );
    let r = crate::plot::render(&fig).unwrap();
    let texts = svg_texts(&r.svg);
    for name in [
        "Guadeloupe (971)",
        "Martinique (972)",
        "Guyane (973)",
        "La Réunion (974)",
        "Mayotte (976)",
    ] {
        assert!(texts.iter().any(|t| t == name), "inset {name} missing");
    }
    assert!(texts
        .iter()
        .any(|t| t.contains("Polynésie française (35), 147 sans coordonnées")));
    // Every département is drawn: 101 outlines filled (plus académie outlines on top).
    let filled = r.svg.matches("<polygon").count();
    assert!(filled >= 101, "{filled} polygons");
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-artefacts");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("map_national.png"), &r.png).unwrap();
    std::fs::write(dir.join("map_national.svg"), &r.svg).unwrap();
    // Some département codes are written (where they fit), the scale bar and the north arrow too.
    for t in ["29", "2A", "N", "200 km"] {
        assert!(
            svg_texts(&r.svg).iter().any(|x| x == t),
            "no text {t:?} on the map"
        );
    }
}

/// The texts of an SVG drawing (plotters writes each on its own line inside `<text>`).
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("</text>")
        .filter_map(|part| part.rsplit_once('>').map(|(_, t)| t.trim().to_string()))
        .filter(|t| !t.is_empty())
        .collect()
}
