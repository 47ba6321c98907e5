//! Missing values: iterative imputation beats the mean on real data; drop and error policies.

use crate::common;

use ciblage::pca::impute::{impute, ImputeParams};
use ciblage::pca::table::run;
use ciblage::PcaSpec;
use ciblage::{Missing, PcaParams};
use ndarray::Array2;
use rand::{Rng, SeedableRng};

#[test]
fn iterative_is_closer_than_mean_on_nantes() {
    let Some(dir) = common::reference_dir("nantes_public_2023") else {
        return;
    };
    let t = common::reference_table(&dir);
    let cols: Vec<&[f64]> = common::ACTIVE.iter().map(|a| t.num(a).unwrap()).collect();
    let n = t.len();
    let truth = Array2::from_shape_fn((n, 7), |(i, j)| cols[j][i]);
    let mut x = truth.clone();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2023);
    let mut holes = Vec::new();
    for i in 0..n {
        for j in 0..7 {
            if rng.random::<f64>() < 0.10 {
                x[[i, j]] = f64::NAN;
                holes.push((i, j));
            }
        }
    }
    assert!(holes.len() > 100);
    let w = vec![1.0; n];
    let imp = impute(&x, &w, &ImputeParams::default(), &common::ACTIVE).unwrap();
    assert!(imp.converged, "{} iterations", imp.iterations);
    // Standardised errors so that every variable counts.
    let sd: Vec<f64> = (0..7)
        .map(|j| {
            let m = truth.column(j).mean().unwrap();
            (truth.column(j).iter().map(|v| (v - m).powi(2)).sum::<f64>() / n as f64).sqrt()
        })
        .collect();
    let mean: Vec<f64> = (0..7)
        .map(|j| {
            let obs: Vec<f64> = (0..n).map(|i| x[[i, j]]).filter(|v| !v.is_nan()).collect();
            obs.iter().sum::<f64>() / obs.len() as f64
        })
        .collect();
    let (mut e_it, mut e_mean) = (0.0, 0.0);
    for &(i, j) in &holes {
        e_it += ((imp.data[[i, j]] - truth[[i, j]]) / sd[j]).powi(2);
        e_mean += ((mean[j] - truth[[i, j]]) / sd[j]).powi(2);
        assert!(!x[[i, j]].is_finite());
    }
    eprintln!(
        "RMSE iterative {:.4}, mean {:.4}",
        (e_it / holes.len() as f64).sqrt(),
        (e_mean / holes.len() as f64).sqrt()
    );
    assert!(e_it < 0.8 * e_mean, "iterative {e_it} vs mean {e_mean}");
    // Observed cells are untouched.
    for ((i, j), v) in x.indexed_iter() {
        if !v.is_nan() {
            assert_eq!(imp.data[[i, j]], *v);
        }
    }
}

#[test]
fn policies_on_a_table_with_holes() {
    let Some(dir) = common::reference_dir("nantes_public_2023") else {
        return;
    };
    let mut t = common::reference_table(&dir);
    // The reference input is a user's table: its `va_taux_reussite` answers to `va_success_rate`,
    // and results name it as the file does.
    let key = t.key("va_success_rate").unwrap().to_string();
    assert_eq!(key, "va_taux_reussite");
    if let Some(ciblage::Column::Num(v)) = t.columns.get_mut(&key) {
        v[3] = f64::NAN;
        v[10] = f64::NAN;
    }
    let spec = PcaSpec {
        active: common::ACTIVE.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    let err = run(
        &t,
        &spec,
        &PcaParams::new().missing(Missing::Error).check().unwrap(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("'va_taux_reussite' (column 10 of")
            && err.to_string().contains("2 missing"),
        "{err}"
    );
    // Dropping is the default.
    let r = run(&t, &spec, &PcaParams::new().check().unwrap()).unwrap();
    assert_eq!(r.rejected.len(), 2);
    let r = run(
        &t,
        &spec,
        &PcaParams::new().missing(Missing::Drop).check().unwrap(),
    )
    .unwrap();
    assert_eq!(r.result.n, 242);
    assert_eq!(r.rejected.len(), 2);
    assert_eq!(r.rows_in, r.result.n + r.rejected.len());
    assert_eq!(r.rejected[0].uai.as_deref(), Some(t.uai[3].as_str()));
    let r = run(
        &t,
        &spec,
        &PcaParams::new().missing(Missing::Mean).check().unwrap(),
    )
    .unwrap();
    assert_eq!(r.result.n, 244);
    assert_eq!(r.imputed.len(), 2);
    assert!(!r.warnings.is_empty());
    let r = run(
        &t,
        &spec,
        &PcaParams::new()
            .missing(Missing::Iterative)
            .check()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(r.imputed.len(), 2);
    assert!(r
        .imputed
        .iter()
        .all(|c| c.value.is_finite() && c.variable == "va_taux_reussite"));
}
