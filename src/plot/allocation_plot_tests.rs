//! The allocation figure's legend over no school's dot, and envelope groups named in words.

use super::*;
use crate::i18n::Lang;
use crate::select::allocation::{AllocationSpec, Candidate};

/// An allocation of envelopes per level with one share per point `(ips, per_size, level)`.
fn allocation(points: &[(f64, f64, &str)]) -> Allocation {
    #[derive(serde::Deserialize)]
    struct F {
        allocation: AllocationSpec,
    }
    let text = "[allocation]\namount = 100\nsize = \"effectif\"\nper = \"level\"\n\
                envelopes = { ecoles = 50, colleges = 50 }\n";
    let spec = toml::from_str::<F>(text).unwrap().allocation;
    let shares = points
        .iter()
        .enumerate()
        .map(|(i, &(ips, per_size, g))| Share {
            school: Candidate {
                uai: format!("{i:07}A"),
                name: String::new(),
                academie: "NANTES".into(),
                departement: "44".into(),
                level: g.into(),
                score: 0.0,
                ips,
                size: 100.0,
                decision: String::new(),
            },
            group: g.into(),
            coefficient: 1.0,
            weight: 100.0,
            amount: 100.0 * per_size,
            per_size,
        })
        .collect();
    Allocation {
        spec,
        rule: String::new(),
        shares,
        envelopes: Vec::new(),
    }
}

/// The numbers of an SVG attribute `name="…"` in `tag`.
fn attr(tag: &str, name: &str) -> f64 {
    let start = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
    let end = start + tag[start..].find('"').unwrap();
    tag[start..end].parse().unwrap()
}

/// A rectangle of the SVG: x, y, width, height.
type Rect = (f64, f64, f64, f64);

/// The legend's box (the half-opaque white rectangle) and the dots drawn before it (the schools;
/// the legend's own dots come after it), from the SVG.
fn legend_and_dots(svg: &str) -> (Rect, Vec<(f64, f64)>) {
    let tags: Vec<&str> = svg.split('<').collect();
    let at = tags
        .iter()
        .position(|t| t.starts_with("rect") && t.contains("opacity=\"0.8\""))
        .expect("a legend box");
    let r = tags[at];
    let bx = (
        attr(r, "x"),
        attr(r, "y"),
        attr(r, "width"),
        attr(r, "height"),
    );
    let dots = tags[..at]
        .iter()
        .filter(|t| t.starts_with("circle"))
        .map(|t| (attr(t, "cx"), attr(t, "cy")))
        .collect();
    (bx, dots)
}

fn assert_clear(a: &Allocation, what: &str) {
    let l = Labels::new(Lang::En);
    let r = crate::plot::render(&AllocationPlot {
        allocation: a,
        labels: &l,
    })
    .unwrap();
    let ((x, y, w, h), dots) = legend_and_dots(&r.svg);
    assert_eq!(dots.len(), a.shares.len(), "{what}: every school drawn");
    let r = f64::from(DOT);
    for (u, v) in dots {
        let inside = u + r >= x && u - r <= x + w && v + r >= y && v - r <= y + h;
        assert!(
            !inside,
            "{what}: dot ({u}, {v}) under the legend ({x}, {y}, {w}×{h})"
        );
    }
}

#[test]
fn the_legend_covers_no_school() {
    // Dots in the upper right, where the legend used to go (and in the middle right, plotters'
    // default): the legend moves to a free corner.
    let mut pts = vec![(80.0, 0.1, "ecoles"), (100.0, 0.5, "colleges")];
    for i in 0..10 {
        pts.push((
            118.0 + f64::from(i) * 0.2,
            1.0 - f64::from(i) * 0.01,
            "ecoles",
        ));
        pts.push((119.0, 0.5 + f64::from(i) * 0.02, "colleges"));
    }
    assert_clear(&allocation(&pts), "upper right filled");
    // Dots filling the whole plot, every corner included: the y axis is raised over the legend.
    let mut grid = Vec::new();
    for i in 0..21 {
        for j in 0..21 {
            let g = if (i + j) % 2 == 0 {
                "ecoles"
            } else {
                "colleges"
            };
            grid.push((80.0 + 2.0 * f64::from(i), 0.05 * f64::from(j), g));
        }
    }
    let a = allocation(&grid);
    assert_clear(&a, "every corner filled");
    // The same layout function says so: the raised top leaves the band under it free.
    let names = vec!["écoles".to_string(), "collèges".to_string()];
    let xy: Vec<(f64, f64)> = grid.iter().map(|p| (p.0, p.1)).collect();
    let lay = legend_layout(
        (900, 700),
        "t",
        &xy,
        78.0..122.0,
        1.08,
        legend_size(&names).unwrap(),
    )
    .unwrap();
    assert!(lay.y_top > 1.08, "{lay:?}");
    assert_eq!(lay.at.1, 5, "{lay:?}");
}

/// The texts of an SVG's `<text>` elements.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim().to_string())
        })
        .collect()
}

#[test]
fn envelope_groups_are_named_in_words() {
    let a = allocation(&[(80.0, 0.3, "ecoles"), (110.0, 0.1, "colleges")]);
    for lang in [Lang::En, Lang::Fr] {
        let l = Labels::new(lang);
        for (name, _, r) in figures(&a, &l).unwrap() {
            let t = texts(&r.svg);
            for words in ["écoles", "collèges"] {
                assert!(
                    t.iter().any(|x| x.starts_with(words)),
                    "{lang:?} {name}: {words} in {t:?}"
                );
            }
            assert!(
                !t.iter()
                    .any(|x| x.starts_with("ecoles") || x.starts_with("colleges")),
                "{lang:?} {name}: {t:?}"
            );
        }
    }
    let l = Labels::new(Lang::En);
    assert_eq!(group_name("lycees-pro", &l), "lycées professionnels");
    assert_eq!(group_name("", &l), "all");
    assert_eq!(group_name("44", &l), "44");
}
