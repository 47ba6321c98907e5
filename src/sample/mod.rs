//! Synthetic school data in the official file formats.
//!
//! # Parameters
//! [`SampleParams`]: number of collèges, seed.
//!
//! # Returns
//! [`write_sample`] writes `fr-en-ips-colleges-ap2022.csv`, `fr-en-indicateurs-valeur-ajoutee-colleges.csv`,
//! `fr-en-etablissements-ep.csv`, `fr-en-adresse-et-geolocalisation-colleges.csv` and
//! `departements.geojson` (the synthetic territories), readable by the same presets as the real files;
//! [`write_table`] writes the same schools as one table `colleges.csv` (the columns of the FactoMineR
//! reference inputs) with the boundaries.
//!
//! # Algorithm
//! Schools are generated in fixed chunks of [`CHUNK`] rows, each with its own ChaCha8 generator seeded
//! from `(seed, chunk)`, so the output is identical whatever the number of threads. The seven indicators
//! are drawn from a multivariate normal with the correlation matrix of the real public collèges, the IPS
//! mean and spread depending on the EP status; see the constants below for their origin.
//!
//! # Examples
//! ```
//! let t = ciblage::sample::generate(&ciblage::sample::SampleParams::new(50, 7))?;
//! assert_eq!(t.len(), 50);
//! # Ok::<(), ciblage::Error>(())
//! ```

mod files;

pub use files::{write_sample, write_table, TABLE_FILE, TABLE_HEADER};

use crate::error::{Error, Result};
use linfa_linalg::cholesky::Cholesky;
use ndarray::{arr2, Array2};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;

/// Rows generated per independent RNG stream.
pub const CHUNK: usize = 4096;

/// Correlations of (ips, ips_sd, success_rate, va_success_rate, written_mark, va_written_mark,
/// access_rate_6e_3e) over the 5,069 public collèges of `../shared/reference/colleges_public_2023/input.csv`
/// (IPS 2022-23 ⋈ IVAC 2023), computed once with Python's statistics module.
const CORR: [[f64; 7]; 7] = [
    [1.0, 0.667, 0.517, -0.204, 0.744, -0.169, 0.271],
    [0.667, 1.0, 0.291, -0.249, 0.515, -0.132, 0.042],
    [0.517, 0.291, 1.0, 0.598, 0.672, 0.204, 0.264],
    [-0.204, -0.249, 0.598, 1.0, 0.003, 0.397, -0.001],
    [0.744, 0.515, 0.672, 0.003, 1.0, 0.37, 0.289],
    [-0.169, -0.132, 0.204, 0.397, 0.37, 1.0, 0.057],
    [0.271, 0.042, 0.264, -0.001, 0.289, 0.057, 1.0],
];
/// Means and population sds of the same seven indicators (same source). IPS is overridden per EP status.
const MEAN: [f64; 7] = [100.322, 31.166, 88.702, -1.61, 10.979, -0.114, 91.447];
const SD: [f64; 7] = [14.677, 4.441, 7.092, 5.768, 1.282, 0.677, 4.612];
/// IPS mean and sd by status (public collèges by EP status in the reference input; private collèges from
/// `ips_colleges_2022_2023.csv`, secteur `privé sous contrat`).
const IPS_BY_STATUS: [(&str, f64, f64); 5] = [
    ("REP+", 74.45, 6.54),
    ("REP", 85.85, 7.34),
    ("HORS EP", 97.06, 10.39),
    ("NON EP", 105.5, 12.07),
    ("private", 117.1, 13.51),
];
/// Shares among collèges of `ips_colleges_2022_2023.csv`: 1,658 private of 6,973; among public ones,
/// 361 REP+, 731 REP, 324 HORS EP of 5,315 (EP list 2022-23).
const PRIVATE_SHARE: f64 = 1658.0 / 6973.0;
const REP_PLUS: f64 = 361.0 / 5315.0;
const REP: f64 = 731.0 / 5315.0;
const HORS_EP: f64 = 324.0 / 5315.0;
/// Share of IVAC session-2023 rows without value added (2.8 %; 6.4 % among private collèges).
const VA_MISSING_PUBLIC: f64 = 0.02;
const VA_MISSING_PRIVATE: f64 = 0.064;
/// Share without an access rate 6e→3e (0.15 %).
const ACCESS_MISSING: f64 = 0.0015;
/// Headcount mean and sd (reference input).
const HEADCOUNT: (f64, f64) = (484.4, 174.1);
/// Schools per synthetic département.
const SCHOOLS_PER_DEP: usize = 80;

/// Parameters of the synthetic sample.
#[derive(Debug, Clone)]
pub struct SampleParams {
    /// Number of collèges (default 300).
    pub schools: usize,
    /// Seed (default 1).
    pub seed: u64,
}

impl SampleParams {
    /// Parameters with the given size and seed.
    pub fn new(schools: usize, seed: u64) -> Self {
        SampleParams { schools, seed }
    }

    /// Validate: at least one school, at most 10 million.
    pub fn check(&self) -> Result<()> {
        if self.schools == 0 || self.schools > 10_000_000 {
            return Err(Error::InvalidParam {
                name: "schools",
                value: self.schools.to_string(),
                reason: "must be between 1 and 10,000,000".into(),
            });
        }
        Ok(())
    }
}

/// One synthetic collège.
#[derive(Debug, Clone, PartialEq)]
pub struct School {
    /// UAI.
    pub uai: String,
    /// Index of its département in [`departements`].
    pub dep: usize,
    /// `public` or `private`.
    pub private: bool,
    /// `REP+`, `REP`, `HORS EP`, `NON EP`.
    pub ep: &'static str,
    /// Headcount.
    pub headcount: f64,
    /// ips, ips_sd, success_rate, va_success_rate, written_mark, va_written_mark, access_rate (NaN = missing).
    pub values: [f64; 7],
    /// Lambert-93 coordinates.
    pub x: f64,
    /// Lambert-93 coordinates.
    pub y: f64,
}

/// A synthetic département: code and Lambert-93 square `[x0, x0+side] × [y0, y0+side]`.
#[derive(Debug, Clone)]
pub struct Departement {
    /// Code (`01`…`95`, skipping `20`).
    pub code: String,
    /// Académie name.
    pub academie: String,
    /// South-west corner.
    pub x0: f64,
    /// South-west corner.
    pub y0: f64,
    /// Side in metres.
    pub side: f64,
}

/// The synthetic territories for `schools` collèges.
pub fn departements(schools: usize) -> Vec<Departement> {
    let d = schools.div_ceil(SCHOOLS_PER_DEP).clamp(1, 94);
    let cols = (d as f64).sqrt().ceil() as usize;
    let side = 900_000.0 / cols as f64;
    let codes = (1..=95).filter(|c| *c != 20);
    codes
        .take(d)
        .enumerate()
        .map(|(i, c)| Departement {
            code: format!("{c:02}"),
            academie: format!("SYNTHETIQUE-{}", i / 5 + 1),
            x0: 200_000.0 + (i % cols) as f64 * side,
            y0: 6_200_000.0 + (i / cols) as f64 * side,
            side,
        })
        .collect()
}

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    StandardNormal.sample(rng)
}

/// Generate the schools (deterministic for a seed, whatever the thread count).
pub fn generate(params: &SampleParams) -> Result<Vec<School>> {
    params.check()?;
    let corr: Array2<f64> = arr2(&CORR);
    let l = corr.cholesky().map_err(|e| Error::Numeric {
        what: "sample correlation",
        reason: e.to_string(),
    })?;
    let deps = departements(params.schools);
    let nd = deps.len();
    let per_dep = params.schools.div_ceil(nd);
    let chunks: Vec<Vec<School>> = (0..params.schools.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut rng = ChaCha8Rng::seed_from_u64(
                params.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ c as u64,
            );
            let start = c * CHUNK;
            let end = (start + CHUNK).min(params.schools);
            (start..end)
                .map(|i| {
                    let dep = (i / per_dep).min(nd - 1);
                    let k = i - dep * per_dep;
                    let code: u32 = deps[dep].code.parse().unwrap_or(1);
                    // Realistic UAIs (département prefix) while they fit; beyond 10,000 schools per
                    // département, a plain sequence keeps them unique.
                    let n = if per_dep <= 10_000 {
                        code * 10_000 + k as u32
                    } else {
                        i as u32 + 1
                    };
                    let private = rng.random::<f64>() < PRIVATE_SHARE;
                    let u: f64 = rng.random();
                    let ep = if private {
                        "NON EP"
                    } else if u < REP_PLUS {
                        "REP+"
                    } else if u < REP_PLUS + REP {
                        "REP"
                    } else if u < REP_PLUS + REP + HORS_EP {
                        "HORS EP"
                    } else {
                        "NON EP"
                    };
                    let key = if private { "private" } else { ep };
                    let (_, im, is) = IPS_BY_STATUS
                        .iter()
                        .copied()
                        .find(|s| s.0 == key)
                        .unwrap_or(IPS_BY_STATUS[3]);
                    let e: Vec<f64> = (0..7).map(|_| normal(&mut rng)).collect();
                    let mut values = [0.0; 7];
                    for j in 0..7 {
                        let z: f64 = (0..=j).map(|t| l[[j, t]] * e[t]).sum();
                        values[j] = if j == 0 {
                            im + is * z
                        } else {
                            MEAN[j] + SD[j] * z
                        };
                    }
                    let round1 = |x: f64| (x * 10.0).round() / 10.0;
                    values[0] = round1(values[0].clamp(45.0, 180.0));
                    values[1] = round1(values[1].clamp(5.0, 60.0));
                    values[2] = values[2].clamp(20.0, 100.0).round();
                    values[3] = values[3].clamp(-40.0, 40.0).round();
                    values[4] = round1(values[4].clamp(2.0, 19.0));
                    values[5] = round1(values[5].clamp(-5.0, 5.0));
                    values[6] = values[6].clamp(30.0, 100.0).round();
                    let va_missing = if private {
                        VA_MISSING_PRIVATE
                    } else {
                        VA_MISSING_PUBLIC
                    };
                    if rng.random::<f64>() < va_missing {
                        values[3] = f64::NAN;
                        values[5] = f64::NAN;
                    }
                    if rng.random::<f64>() < ACCESS_MISSING {
                        values[6] = f64::NAN;
                    }
                    let headcount = (HEADCOUNT.0 + HEADCOUNT.1 * normal(&mut rng))
                        .clamp(60.0, 1500.0)
                        .round();
                    let d = &deps[dep];
                    let x = d.x0 + d.side * (0.02 + 0.96 * rng.random::<f64>());
                    let y = d.y0 + d.side * (0.02 + 0.96 * rng.random::<f64>());
                    School {
                        uai: crate::data::uai::from_number(n),
                        dep,
                        private,
                        ep,
                        headcount,
                        values,
                        x: (x * 10.0).round() / 10.0,
                        y: (y * 10.0).round() / 10.0,
                    }
                })
                .collect()
        })
        .collect();
    Ok(chunks.into_iter().flatten().collect())
}
