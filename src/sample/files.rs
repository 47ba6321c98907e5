//! Writing the synthetic sample in the official formats.

use super::{departements, generate, SampleParams, School, CHUNK};
use crate::error::{Error, Result};
use crate::map::proj::Projector;
use crate::output::write_atomic;
use rayon::prelude::*;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// File names written by [`write_sample`].
pub const IPS_FILE: &str = "fr-en-ips-colleges-ap2022.csv";
/// IVAC file name.
pub const IVAC_FILE: &str = "fr-en-indicateurs-valeur-ajoutee-colleges.csv";
/// EP list file name.
pub const EP_FILE: &str = "fr-en-etablissements-ep.csv";
/// Coordinates file name.
pub const GEOLOC_FILE: &str = "fr-en-adresse-et-geolocalisation-colleges.csv";
/// Boundaries file name.
pub const BOUNDARIES_FILE: &str = "departements.geojson";
/// One-table file name (see [`write_table`]).
pub const TABLE_FILE: &str = "colleges.csv";
/// Header of the one-table form: the same columns as the FactoMineR reference inputs.
pub const TABLE_HEADER: &str = "uai,nom,academie,departement,secteur,effectifs,ips,ips_sd,taux_reussite,va_taux_reussite,note_ecrit,va_note,taux_acces_6e3e,ep,latitude,longitude";

fn num(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else {
        format!("{x}")
    }
}

/// Render rows in parallel over fixed chunks, concatenated in order.
fn render(
    schools: &[School],
    header: &str,
    bom: bool,
    crlf: bool,
    row: impl Fn(&School, &mut String) -> bool + Sync,
) -> String {
    let eol = if crlf { "\r\n" } else { "\n" };
    let parts: Vec<String> = schools
        .par_chunks(CHUNK)
        .map(|c| {
            let mut s = String::with_capacity(c.len() * 120);
            for sc in c {
                if row(sc, &mut s) {
                    s.push_str(eol);
                }
            }
            s
        })
        .collect();
    let mut out = String::new();
    if bom {
        out.push('\u{feff}');
    }
    out.push_str(header);
    out.push_str(eol);
    for p in parts {
        out.push_str(&p);
    }
    out
}

/// Unless `force`, refuse to write over any of `names` in `dir`.
fn refuse_existing(dir: &Path, names: &[&str], force: bool) -> Result<()> {
    match names.iter().map(|n| dir.join(n)).find(|p| p.exists()) {
        Some(p) if !force => Err(Error::Output {
            path: p,
            reason: "exists already; pass --force to overwrite it".into(),
        }),
        _ => Ok(()),
    }
}

/// Generate the sample and write it to `dir`. Refuses to overwrite existing files unless `force`.
pub fn write_sample(params: &SampleParams, dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
    let schools = generate(params)?;
    let deps = departements(params.schools);
    let names = [IPS_FILE, IVAC_FILE, EP_FILE, GEOLOC_FILE, BOUNDARIES_FILE];
    refuse_existing(dir, &names, force)?;
    let proj = Projector::new()?;
    let ll: Vec<(f64, f64)> = schools
        .iter()
        .map(|s| proj.to_wgs84(s.x, s.y))
        .collect::<Result<_>>()?;
    let index: std::collections::HashMap<&str, usize> = schools
        .iter()
        .enumerate()
        .map(|(i, s)| (s.uai.as_str(), i))
        .collect();
    let name = |s: &School| format!("COLLEGE SYNTHETIQUE {}", &s.uai[..7]);
    let commune = |s: &School| {
        format!(
            "{}{:03}",
            deps[s.dep].code,
            s.uai[4..7].parse::<u32>().unwrap_or(0) % 100 + 1
        )
    };

    let ips = render(
        &schools,
        "rentree_scolaire;academie;code_du_departement;departement;uai;nom_de_l_etablissment;code_insee_de_la_commune;nom_de_la_commune;secteur;effectifs;ips;ecart_type_de_l_ips",
        false,
        true,
        |s, o| {
            let d = &deps[s.dep];
            let _ = write!(
                o,
                "2022-2023;{};0{};DEPARTEMENT {};{};{};{};COMMUNE {};{};{:.1};{};{}",
                d.academie,
                d.code,
                d.code,
                s.uai,
                name(s),
                commune(s),
                commune(s),
                if s.private { "privé sous contrat" } else { "public" },
                s.headcount,
                num(s.values[0]),
                num(s.values[1])
            );
            true
        },
    );
    let ivac = render(
        &schools,
        "num_ligne;Session;UAI;Nom de l'établissement;Commune;Code académie;Académie;Code département;Département;Secteur;Nb candidats G;Taux de réussite G;VA du taux de réussite G;Note à l'écrit G;VA de la note G;Taux d'accès 6eme 3eme",
        true,
        true,
        |s, o| {
            let d = &deps[s.dep];
            let cand = (s.headcount / 4.0).round();
            let _ = write!(
                o,
                "{};2023;{};{};COMMUNE {};{};{};{};DEPARTEMENT {};{};{};{};{};{};{};{}",
                index[s.uai.as_str()] + 1,
                s.uai,
                name(s),
                commune(s),
                d.academie.trim_start_matches("SYNTHETIQUE-"),
                d.academie,
                d.code,
                d.code,
                if s.private { "PR" } else { "PU" },
                cand,
                num(s.values[2]),
                num(s.values[3]),
                num(s.values[4]),
                num(s.values[5]),
                num(s.values[6])
            );
            true
        },
    );
    let ep = render(
        &schools,
        "uai;ep_2022_2023;nom_etablissement;type_etablissement;statut_public_prive;libelle_academie;libelle_departement;nom_commune;libelle_region;uai_tete_de_reseau;qp_a_proximite_o_n;code_commune;code_departement;latitude;longitude",
        false,
        false,
        |s, o| {
            if s.ep == "NON EP" {
                return false;
            }
            let d = &deps[s.dep];
            let (lon, lat) = ll[index[s.uai.as_str()]];
            let _ = write!(
                o,
                "{};{};{};Collège;Public;{};DEPARTEMENT {};COMMUNE {};SYNTHETIQUE;{};{};{};{};{};{}",
                s.uai,
                s.ep,
                name(s),
                d.academie,
                d.code,
                commune(s),
                s.uai,
                if s.ep == "HORS EP" { "A proximité QP" } else { "Dans QP" },
                commune(s),
                d.code.trim_start_matches('0'),
                lat,
                lon
            );
            true
        },
    );
    let geoloc = render(
        &schools,
        "numero_uai;appellation_officielle;secteur_public_prive_libe;coordonnee_x;coordonnee_y;EPSG;latitude;longitude;code_departement;code_commune;libelle_commune;libelle_academie",
        true,
        true,
        |s, o| {
            let d = &deps[s.dep];
            let (lon, lat) = ll[index[s.uai.as_str()]];
            let _ = write!(
                o,
                "{};{};{};{};{};EPSG:2154;{};{};0{};{};COMMUNE {};{}",
                s.uai,
                name(s),
                if s.private { "Privé" } else { "Public" },
                s.x,
                s.y,
                lat,
                lon,
                d.code,
                commune(s),
                commune(s),
                d.academie
            );
            true
        },
    );
    let geo = boundaries(&deps, &proj)?;
    let mut written = Vec::new();
    for (n, body) in names.iter().zip([ips, ivac, ep, geoloc, geo]) {
        let p = dir.join(n);
        write_atomic(&p, body.as_bytes())?;
        written.push(p);
    }
    Ok(written)
}

/// Write the sample as one table (`colleges.csv`, comma-separated, the columns of the FactoMineR
/// reference inputs: [`TABLE_HEADER`]) plus `departements.geojson`: the form a statistics service
/// prepares from its own sources, and the input of the 1M-school benchmarks. Same schools, same
/// values as [`write_sample`] for the same parameters.
pub fn write_table(params: &SampleParams, dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
    let schools = generate(params)?;
    let deps = departements(params.schools);
    let names = [TABLE_FILE, BOUNDARIES_FILE];
    refuse_existing(dir, &names, force)?;
    let proj = Projector::new()?;
    let rows: Vec<String> = schools
        .par_chunks(CHUNK)
        .map(|c| {
            let mut o = String::with_capacity(c.len() * 150);
            for s in c {
                let d = &deps[s.dep];
                let (lon, lat) = proj.to_wgs84(s.x, s.y).unwrap_or((f64::NAN, f64::NAN));
                let _ = write!(
                    o,
                    "{},COLLEGE SYNTHETIQUE {},{},{},{},{:.1}",
                    s.uai,
                    &s.uai[..7],
                    d.academie,
                    d.code,
                    if s.private { "private" } else { "public" },
                    s.headcount
                );
                for v in s.values {
                    o.push(',');
                    o.push_str(&num(v));
                }
                let _ = writeln!(o, ",{},{},{}", s.ep, num(lat), num(lon));
            }
            o
        })
        .collect();
    let mut body = String::with_capacity(rows.iter().map(|r| r.len()).sum::<usize>() + 200);
    body.push_str(TABLE_HEADER);
    body.push('\n');
    for r in rows {
        body.push_str(&r);
    }
    let geo = boundaries(&deps, &proj)?;
    let mut written = Vec::new();
    for (n, b) in names.iter().zip([body, geo]) {
        let p = dir.join(n);
        write_atomic(&p, b.as_bytes())?;
        written.push(p);
    }
    Ok(written)
}

/// GeoJSON of the synthetic départements (WGS84), edges densified so they stay straight in Lambert-93.
fn boundaries(deps: &[super::Departement], proj: &Projector) -> Result<String> {
    let mut features = Vec::new();
    for d in deps {
        let corners = [
            (d.x0, d.y0),
            (d.x0 + d.side, d.y0),
            (d.x0 + d.side, d.y0 + d.side),
            (d.x0, d.y0 + d.side),
        ];
        let mut ring = Vec::new();
        for e in 0..4 {
            let (a, b) = (corners[e], corners[(e + 1) % 4]);
            for t in 0..8 {
                let f = t as f64 / 8.0;
                let (lon, lat) = proj.to_wgs84(a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f)?;
                ring.push(vec![lon, lat]);
            }
        }
        ring.push(ring[0].clone());
        let mut props = geojson::JsonObject::new();
        props.insert("code".into(), d.code.clone().into());
        props.insert("nom".into(), format!("DEPARTEMENT {}", d.code).into());
        props.insert("academie".into(), d.academie.clone().into());
        features.push(geojson::Feature {
            bbox: None,
            geometry: Some(geojson::Geometry::new(geojson::Value::Polygon(vec![ring]))),
            id: None,
            properties: Some(props),
            foreign_members: None,
        });
    }
    let fc = geojson::FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    };
    Ok(fc.to_string())
}
