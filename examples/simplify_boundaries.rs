//! Re-make the boundary files embedded in ciblage (`src/map/boundaries/*.geojson`) from the official
//! full-resolution ones.
//!
//! Run: `cargo run --release --example simplify_boundaries -- DEPARTEMENTS.geojson ACADEMIES.geojson OUT_DIR`
//! e.g. with the project's copies of the sources:
//! `cargo run --release --example simplify_boundaries -- ../shared/data/real/departements_avec_outre_mer.geojson
//! ../shared/data/real/academies.geojson src/map/boundaries`
//!
//! Sources (both Licence Ouverte / Open Licence 2.0):
//! - départements: IGN Admin Express, through `gregoiredavid/france-geojson`
//!   (`departements-avec-outre-mer.geojson`, 101 features: 96 metropolitan + 971, 972, 973, 974, 976);
//! - académies: Ministère de l'Éducation nationale, `fr-en-contour-academies-2020` (30 features).
//!
//! # Algorithm (topology-preserving)
//! Neighbouring polygons share their border vertex for vertex in these files. Simplifying each polygon on
//! its own would move a shared border differently on its two sides (gaps and overlaps); instead, as
//! TopoJSON / mapshaper do, every ring is cut into *arcs* at its junctions (vertices where the set of rings
//! passing through changes), each distinct arc is simplified once (Visvalingam–Whyatt, `geo`'s
//! `SimplifyVw`, on coordinates scaled to metres at the arc's latitude; the arc's ends never move) and the
//! rings are put back together from the simplified arcs: both sides of a border get the same line.
//! Then islands and holes under `MIN_RING_KM2` are dropped (a feature keeps at least its largest polygon),
//! coordinates are rounded to 4 decimals (~10 m) and repeated points removed. Properties kept:
//! départements `code`, `nom`; académies `code` (the upper-case name, as in the Ministry's school files),
//! `nom`, `code_academie`.

use geo::{Area, Coord, LineString, SimplifyVw};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Visvalingam–Whyatt threshold: triangles of less than this area (m²) are removed.
const EPSILON_M2: f64 = 1.2e6;
/// Islands and holes smaller than this are dropped (km²), except a feature's largest polygon.
const MIN_RING_KM2: f64 = 1.0;
/// Decimals kept in the output (4 ≈ 11 m).
const DECIMALS: i32 = 4;

type Key = (i64, i64);
type Ring = Vec<[f64; 2]>;

fn key(p: &[f64; 2]) -> Key {
    ((p[0] * 1e9).round() as i64, (p[1] * 1e9).round() as i64)
}

struct Feature {
    properties: serde_json::Map<String, serde_json::Value>,
    /// Polygons, each: outer ring then holes (closed: first == last).
    polygons: Vec<Vec<Ring>>,
}

fn read(path: &Path) -> Vec<Feature> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let gj: geojson::GeoJson = text.parse().expect("GeoJSON");
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        panic!("expected a FeatureCollection")
    };
    fc.features
        .into_iter()
        .map(|f| {
            let polys = match f.geometry.map(|g| g.value) {
                Some(geojson::Value::Polygon(p)) => vec![p],
                Some(geojson::Value::MultiPolygon(m)) => m,
                _ => Vec::new(),
            };
            Feature {
                properties: f.properties.unwrap_or_default(),
                polygons: polys
                    .into_iter()
                    .map(|p| {
                        p.into_iter()
                            .map(|r| r.into_iter().map(|c| [c[0], c[1]]).collect())
                            .collect()
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Metres per degree of longitude and latitude at `lat`.
fn scale(lat: f64) -> (f64, f64) {
    (111_320.0 * lat.to_radians().cos(), 110_574.0)
}

/// Simplify an open arc whose ends stay (coordinates scaled to metres at its first point).
fn simplify_arc(arc: &[[f64; 2]]) -> Vec<[f64; 2]> {
    if arc.len() <= 2 {
        return arc.to_vec();
    }
    let (sx, sy) = scale(arc[0][1]);
    let ls: LineString<f64> = arc
        .iter()
        .map(|p| Coord {
            x: p[0] * sx,
            y: p[1] * sy,
        })
        .collect();
    ls.simplify_vw(EPSILON_M2)
        .0
        .into_iter()
        .map(|c| [c.x / sx, c.y / sy])
        .collect()
}

/// Simplify every ring of every feature with shared arcs simplified once.
fn simplify(features: &mut [Feature]) {
    // Rings through each vertex.
    let mut through: HashMap<Key, Vec<u32>> = HashMap::new();
    let mut ring_id = 0u32;
    for f in features.iter() {
        for p in &f.polygons {
            for r in p {
                for pt in &r[..r.len().saturating_sub(1)] {
                    let v = through.entry(key(pt)).or_default();
                    if v.last() != Some(&ring_id) {
                        v.push(ring_id);
                    }
                }
                ring_id += 1;
            }
        }
    }
    let mut cache: HashMap<Vec<Key>, Vec<[f64; 2]>> = HashMap::new();
    for f in features.iter_mut() {
        for p in &mut f.polygons {
            for r in p.iter_mut() {
                *r = simplify_ring(r, &through, &mut cache);
            }
        }
    }
}

fn simplify_ring(
    r: &Ring,
    through: &HashMap<Key, Vec<u32>>,
    cache: &mut HashMap<Vec<Key>, Vec<[f64; 2]>>,
) -> Ring {
    let pts = &r[..r.len().saturating_sub(1)];
    let m = pts.len();
    if m < 4 {
        return r.clone();
    }
    let set = |i: usize| &through[&key(&pts[i % m])];
    let junction: Vec<usize> = (0..m)
        .filter(|&i| {
            let s = set(i);
            s.len() > 1 && (s != set(i + m - 1) || s != set(i + 1))
        })
        .collect();
    // Start at a junction, or (a ring shared whole or not at all) at its smallest vertex.
    let starts: Vec<usize> = if junction.is_empty() {
        vec![(0..m).min_by_key(|&i| key(&pts[i])).unwrap_or(0)]
    } else {
        junction
    };
    let mut out: Ring = Vec::new();
    for (j, &s) in starts.iter().enumerate() {
        let e = if starts.len() == 1 {
            s + m
        } else {
            let n = starts[(j + 1) % starts.len()];
            if n > s {
                n
            } else {
                n + m
            }
        };
        let arc: Vec<[f64; 2]> = (s..=e).map(|i| pts[i % m]).collect();
        // One direction for both sides of a border: the one starting at the smaller end.
        let keys: Vec<Key> = arc.iter().map(key).collect();
        let reversed = keys.last() < keys.first();
        let mut canon = keys.clone();
        if reversed {
            canon.reverse();
        }
        let simplified = cache.entry(canon).or_insert_with(|| {
            let mut a = arc.clone();
            if reversed {
                a.reverse();
            }
            simplify_arc(&a)
        });
        let mut piece = simplified.clone();
        if reversed {
            piece.reverse();
        }
        if !out.is_empty() {
            piece.remove(0);
        }
        out.extend(piece);
    }
    out
}

fn round(x: f64) -> f64 {
    let f = 10f64.powi(DECIMALS);
    (x * f).round() / f
}

/// Area of a ring in km² (scaled at its first point).
fn area_km2(r: &Ring) -> f64 {
    let (sx, sy) = scale(r.first().map_or(0.0, |p| p[1]));
    let ls: LineString<f64> = r
        .iter()
        .map(|p| Coord {
            x: p[0] * sx,
            y: p[1] * sy,
        })
        .collect();
    geo::Polygon::new(ls, vec![]).unsigned_area() / 1e6
}

fn finish(features: &mut [Feature]) {
    for f in features.iter_mut() {
        for p in f.polygons.iter_mut() {
            for r in p.iter_mut() {
                let mut o: Ring = Vec::with_capacity(r.len());
                for pt in r.iter() {
                    let q = [round(pt[0]), round(pt[1])];
                    if o.last() != Some(&q) {
                        o.push(q);
                    }
                }
                *r = o;
            }
            p.retain(|r| r.len() >= 4);
        }
        f.polygons.retain(|p| !p.is_empty());
        let largest = f
            .polygons
            .iter()
            .enumerate()
            .max_by(|a, b| area_km2(&a.1[0]).total_cmp(&area_km2(&b.1[0])))
            .map_or(0, |x| x.0);
        let mut i = 0;
        f.polygons.retain(|p| {
            let keep = i == largest || area_km2(&p[0]) >= MIN_RING_KM2;
            i += 1;
            keep
        });
        for p in f.polygons.iter_mut() {
            let outer = p.remove(0);
            p.retain(|h| area_km2(h) >= MIN_RING_KM2);
            p.insert(0, outer);
        }
    }
}

fn write(
    features: &[Feature],
    keep: &dyn Fn(&serde_json::Map<String, serde_json::Value>) -> serde_json::Value,
    path: &Path,
) {
    let mut s = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    let mut vertices = 0;
    for (i, f) in features.iter().enumerate() {
        let props = keep(&f.properties);
        let polys: Vec<String> = f
            .polygons
            .iter()
            .map(|p| {
                let rings: Vec<String> = p
                    .iter()
                    .map(|r| {
                        vertices += r.len();
                        let pts: Vec<String> =
                            r.iter().map(|c| format!("[{},{}]", c[0], c[1])).collect();
                        format!("[{}]", pts.join(","))
                    })
                    .collect();
                format!("[{}]", rings.join(","))
            })
            .collect();
        s.push_str(&format!(
            "{{\"type\":\"Feature\",\"properties\":{props},\"geometry\":{{\"type\":\"MultiPolygon\",\"coordinates\":[{}]}}}}{}\n",
            polys.join(","),
            if i + 1 < features.len() { "," } else { "" }
        ));
    }
    s.push_str("]}\n");
    std::fs::write(path, &s).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    eprintln!(
        "{}: {} features, {vertices} vertices, {} bytes",
        path.display(),
        features.len(),
        s.len()
    );
}

fn main() {
    let args: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if args.len() != 3 {
        eprintln!("usage: simplify_boundaries DEPARTEMENTS.geojson ACADEMIES.geojson OUT_DIR");
        std::process::exit(2);
    }
    let mut deps = read(&args[0]);
    simplify(&mut deps);
    finish(&mut deps);
    deps.sort_by(|a, b| {
        a.properties["code"]
            .as_str()
            .cmp(&b.properties["code"].as_str())
    });
    write(
        &deps,
        &|p| serde_json::json!({"code": p["code"], "nom": p["nom"]}),
        &args[2].join("departements.geojson"),
    );
    let mut acas = read(&args[1]);
    simplify(&mut acas);
    finish(&mut acas);
    acas.sort_by(|a, b| {
        a.properties["code_academie"]
            .as_str()
            .cmp(&b.properties["code_academie"].as_str())
    });
    write(
        &acas,
        &|p| {
            serde_json::json!({
                "code": p["libelle_aca_majuscules"],
                "nom": p["name"],
                "code_academie": p["code_academie"],
            })
        },
        &args[2].join("academies.geojson"),
    );
}
