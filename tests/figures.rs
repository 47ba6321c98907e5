//! Every plot and map from the sample and from the real collèges, in PNG and SVG; golden SVGs; map
//! projection checked against real département polygons.

use crate::common;

use ciblage::i18n::{Labels, Lang};
use ciblage::report::figures::{map, plot, PLOTS};
use ciblage::select::spec::Equity;
use ciblage::Filter;
use ciblage::HcpcParams;
use ciblage::LoadOptions;
use ciblage::{analyse, Analysis, AnalysisConfig};
use ciblage::{select, SelectionSpec};
use ciblage::{Missing, PcaParams};
use std::path::PathBuf;

fn analysis_of(paths: &[PathBuf], missing: Missing) -> Analysis {
    let inputs = ciblage::load_inputs(paths, &LoadOptions::default()).unwrap();
    let cfg = AnalysisConfig {
        filter: Filter {
            sector: Some("public".into()),
            ..Default::default()
        },
        spec: ciblage::PcaSpec {
            active: common::ACTIVE.iter().map(|s| s.to_string()).collect(),
            quali_sup: vec!["ep_status".into()],
            ..Default::default()
        },
        pca: PcaParams::new()
            .missing(missing)
            .orient(vec!["1:ips".parse().unwrap()])
            .check()
            .unwrap(),
        clustering: Some(ciblage::Clustering::Hcpc(
            HcpcParams::new().check().unwrap(),
        )),
    };
    analyse(&inputs, &cfg).unwrap()
}

fn sample() -> Analysis {
    let d = common::sample_dir();
    let files: Vec<PathBuf> = [
        "fr-en-ips-colleges-ap2022.csv",
        "fr-en-indicateurs-valeur-ajoutee-colleges.csv",
        "fr-en-etablissements-ep.csv",
        "fr-en-adresse-et-geolocalisation-colleges.csv",
    ]
    .iter()
    .map(|f| d.join(f))
    .collect();
    analysis_of(&files, Missing::Drop)
}

fn check_png(bytes: &[u8], w: u32, h: u32) {
    let t = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(t.path(), bytes).unwrap();
    let (pw, ph, px) = common::decode_png(t.path());
    assert_eq!((pw, ph), (w, h));
    assert!(common::distinct_colours(&px) > 5, "blank image");
}

#[test]
fn every_plot_and_map_from_the_sample() {
    let a = sample();
    let sel = select(&a, &SelectionSpec::nantes(Vec::new(), 21, Equity::Access)).unwrap();
    for what in PLOTS.iter().chain(["wratio"].iter()) {
        for lang in [Lang::En, Lang::Fr] {
            let r = plot(&a, Some(&sel), what, (0, 1), &Labels::new(lang))
                .unwrap()
                .unwrap();
            assert!(r.svg.starts_with("<svg") && r.svg.len() > 1000, "{what}");
            let (w, h) = (
                r.svg
                    .split("width=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .parse::<u32>()
                    .unwrap(),
                r.svg
                    .split("height=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .parse::<u32>()
                    .unwrap(),
            );
            check_png(&r.png, w, h);
        }
    }
    let fr = plot(
        &a,
        Some(&sel),
        "individuals",
        (0, 1),
        &Labels::new(Lang::Fr),
    )
    .unwrap()
    .unwrap();
    assert!(fr.svg.contains("Établissements"), "accented French label");
    let boundaries = common::sample_dir().join("departements.geojson");
    let en = Labels::new(Lang::En);
    for colour in ["cluster", "selected", "orphan", "ips"] {
        let r = map(&a, Some(&sel), colour, Some(&boundaries), &en).unwrap();
        check_png(&r.png, 1200, 1000);
    }
    // Without a boundary file: the built-in outlines.
    let r = map(&a, Some(&sel), "cluster", None, &en).unwrap();
    check_png(&r.png, 1200, 1000);
    assert!(
        r.svg.contains("IGN Admin Express"),
        "credit of the built-in outlines"
    );
    assert!(map(&a, Some(&sel), "nope", None, &en).is_err());
    // Choropleths of the sample's four départements (its own outlines carry their codes).
    use ciblage::report::figures::choropleth_map;
    for colour in ["selected", "ips"] {
        let r = choropleth_map(
            &a,
            Some(&sel),
            colour,
            "departement",
            Some(&boundaries),
            &en,
        )
        .unwrap();
        check_png(&r.png, 1200, 1000);
        assert!(r.svg.contains("Jenks"), "classes stated");
        if colour == "ips" {
            // The label "Mean IPS" already names an aggregate: no "Median Mean IPS".
            assert!(
                r.svg
                    .contains("Mean IPS (median of the schools) by département"),
                "title of the median choropleth"
            );
            assert!(!r.svg.contains("Median Mean"));
        }
    }
    assert!(choropleth_map(&a, Some(&sel), "cluster", "departement", None, &en).is_err());
    assert!(choropleth_map(&a, Some(&sel), "ips", "region", None, &en).is_err());
    // Over the built-in outlines, the sample's synthetic codes 01-04 meet real départements: the
    // map is drawn (a user's run would carry real codes).
    assert!(choropleth_map(&a, Some(&sel), "ips", "departement", None, &en).is_ok());
}

#[test]
fn golden_svgs_of_the_sample() {
    let a = sample();
    let golden = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    for what in ["scree", "circle", "profiles"] {
        let svg = plot(&a, None, what, (0, 1), &Labels::new(Lang::En))
            .unwrap()
            .unwrap()
            .svg;
        let p = golden.join(format!("{what}.svg"));
        if std::env::var_os("CIBLAGE_BLESS").is_some() {
            std::fs::create_dir_all(&golden).unwrap();
            std::fs::write(&p, &svg).unwrap();
        }
        let want = std::fs::read_to_string(&p).unwrap_or_else(|_| {
            panic!(
                "{} missing: review the figure, then rerun with CIBLAGE_BLESS=1",
                p.display()
            )
        });
        assert!(svg == want, "{what}.svg changed: look at it, and rerun with CIBLAGE_BLESS=1 only if the change is deliberate");
    }
}

#[test]
fn real_collèges_map_over_real_départements() {
    let Some(real) = common::real_dir() else {
        return;
    };
    let Some(dir) = common::reference_dir("colleges_public_2023") else {
        return;
    };
    let a = analysis_of(&[dir.join("input.csv")], Missing::Error);
    let sel = select(&a, &SelectionSpec::nantes(Vec::new(), 200, Equity::Access)).unwrap();
    for b in ["departements_simplifiee.geojson", "academies.geojson"] {
        let r = map(
            &a,
            Some(&sel),
            "orphan",
            Some(&real.join(b)),
            &Labels::new(Lang::Fr),
        )
        .unwrap();
        check_png(&r.png, 1200, 1000);
    }
    for what in PLOTS {
        let r = plot(&a, Some(&sel), what, (0, 1), &Labels::new(Lang::En))
            .unwrap()
            .unwrap();
        assert!(!r.png.is_empty());
    }
    // Every real collège against its département's built-in outline: tests/maps.rs.
}
