//! Properties of the PCA that hold on any data.

use ciblage::PcaParams;
use ndarray::Array2;
use proptest::prelude::*;

fn matrix() -> impl Strategy<Value = Array2<f64>> {
    (3usize..40, 2usize..6).prop_flat_map(|(n, p)| {
        proptest::collection::vec(-100.0f64..100.0, n * p)
            .prop_map(move |v| Array2::from_shape_vec((n, p), v).unwrap())
    })
}

fn names(p: usize) -> Vec<String> {
    (0..p).map(|j| format!("v{j}")).collect()
}

proptest! {
    #![proptest_config(crate::common::proptest_config(64))]

    #[test]
    fn variance_sums_to_p_scores_centred(x in matrix()) {
        let p = x.ncols();
        let n = x.nrows();
        let nm = names(p);
        let refs: Vec<&str> = nm.iter().map(String::as_str).collect();
        let r = PcaParams::new().ncp(p).check().unwrap().fit(&x, &refs, None).unwrap();
        let total: f64 = r.eigenvalues.iter().map(|e| e.eigenvalue).sum();
        prop_assert!((total - p as f64).abs() < 1e-9, "total {}", total);
        for s in 0..r.ncp {
            let mean: f64 = r.ind.coord.iter().map(|c| c[s]).sum::<f64>() / n as f64;
            let var: f64 = r.ind.coord.iter().map(|c| (c[s] - mean).powi(2)).sum::<f64>() / n as f64;
            prop_assert!(mean.abs() < 1e-9, "mean {}", mean);
            prop_assert!((var - r.eigenvalues[s].eigenvalue).abs() < 1e-8 * (1.0 + var), "var {} vs {}", var, r.eigenvalues[s].eigenvalue);
            // Sign rule: loadings sum to >= 0.
            let sum: f64 = r.loadings.iter().map(|l| l[s]).sum();
            prop_assert!(sum >= -1e-12);
        }
        let c: f64 = r.ind.contrib.iter().map(|c| c[0]).sum();
        prop_assert!((c - 100.0).abs() < 1e-8);
    }

    #[test]
    fn row_order_does_not_matter(x in matrix(), seed in 0u64..1000) {
        let p = x.ncols();
        let n = x.nrows();
        let nm = names(p);
        let refs: Vec<&str> = nm.iter().map(String::as_str).collect();
        let mut perm: Vec<usize> = (0..n).collect();
        // Deterministic shuffle from the seed.
        let mut s = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            perm.swap(i, (s >> 33) as usize % (i + 1));
        }
        let y = Array2::from_shape_fn((n, p), |(i, j)| x[[perm[i], j]]);
        let params = PcaParams::new().ncp(p).check().unwrap();
        let a = params.fit(&x, &refs, None).unwrap();
        let b = params.fit(&y, &refs, None).unwrap();
        for (ea, eb) in a.eigenvalues.iter().zip(&b.eigenvalues) {
            prop_assert!((ea.eigenvalue - eb.eigenvalue).abs() < 1e-9);
        }
        // Coordinates agree up to the sign of axes with (near-)tied eigenvalues; compare on well-separated axes.
        for s in 0..a.ncp {
            let gap = a.eigenvalues.iter().enumerate().filter(|(t, _)| *t != s).map(|(_, e)| (e.eigenvalue - a.eigenvalues[s].eigenvalue).abs()).fold(f64::INFINITY, f64::min);
            // The sign rule is undefined when an axis's loadings sum to ~0 (e.g. the second axis of any 2-variable PCA).
            let lsum: f64 = a.loadings.iter().map(|l| l[s]).sum();
            if gap < 1e-3 || lsum.abs() < 1e-6 { continue; }
            for i in 0..n {
                prop_assert!((a.ind.coord[perm[i]][s] - b.ind.coord[i][s]).abs() < 1e-6, "axis {} row {}", s, i);
            }
        }
    }
}

#[test]
fn constant_column_is_named() {
    let x = ndarray::array![[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]];
    let e = PcaParams::new()
        .check()
        .unwrap()
        .fit(&x, &["a", "flat"], None)
        .unwrap_err();
    assert!(e.to_string().contains("'flat' is constant"), "{e}");
}

#[test]
fn validation_rules() {
    assert!(PcaParams::new().ncp(0).check().is_err());
    assert!(PcaParams::new()
        .ncp(2)
        .orient(vec!["3:ips".parse().unwrap()])
        .check()
        .is_err());
    assert!("ips".parse::<ciblage::pca::Orient>().is_err());
    let x = ndarray::array![[1.0, 2.0]];
    assert!(
        PcaParams::new()
            .check()
            .unwrap()
            .fit(&x, &["a", "b"], None)
            .is_err(),
        "one row"
    );
    let x = ndarray::array![[1.0, 2.0], [2.0, f64::NAN], [0.0, 1.0]];
    assert!(
        PcaParams::new()
            .check()
            .unwrap()
            .fit(&x, &["a", "b"], None)
            .is_err(),
        "NaN"
    );
    let x = ndarray::array![[1.0, 2.0], [2.0, 3.0], [0.0, 7.0]];
    assert!(
        PcaParams::new()
            .check()
            .unwrap()
            .fit(&x, &["a", "b"], Some(&[1.0, -1.0, 1.0]))
            .is_err(),
        "negative weight"
    );
}

#[test]
fn weights_equal_duplicated_rows() {
    // Weight 2 on a row = that row twice (FactoMineR's row.w semantics).
    let x = ndarray::array![
        [1.0, 2.0, 0.0],
        [2.0, 1.0, 1.0],
        [3.0, 5.0, 4.0],
        [0.5, 0.2, 2.0]
    ];
    let xd = ndarray::array![
        [1.0, 2.0, 0.0],
        [2.0, 1.0, 1.0],
        [3.0, 5.0, 4.0],
        [3.0, 5.0, 4.0],
        [0.5, 0.2, 2.0]
    ];
    let p = PcaParams::new().ncp(3).check().unwrap();
    let a = p
        .fit(&x, &["a", "b", "c"], Some(&[1.0, 1.0, 2.0, 1.0]))
        .unwrap();
    let b = p.fit(&xd, &["a", "b", "c"], None).unwrap();
    for (ea, eb) in a.eigenvalues.iter().zip(&b.eigenvalues) {
        assert!((ea.eigenvalue - eb.eigenvalue).abs() < 1e-12);
    }
    assert!((a.ind.coord[2][0] - b.ind.coord[2][0]).abs() < 1e-12);
}

#[test]
fn orientation_makes_a_variable_load_positively() {
    let x = ndarray::array![
        [1.0, 9.0, 0.0],
        [2.0, 7.0, 1.0],
        [3.0, 5.0, 4.0],
        [4.0, 1.0, 2.0],
        [5.0, 2.0, 3.0]
    ];
    for v in ["a", "b"] {
        let r = PcaParams::new()
            .ncp(2)
            .orient(vec![format!("1:{v}").parse().unwrap()])
            .check()
            .unwrap()
            .fit(&x, &["a", "b", "c"], None)
            .unwrap();
        let j = if v == "a" { 0 } else { 1 };
        assert!(r.var.coord[j][0] > 0.0);
    }
}

#[test]
fn linfa_fit_and_transform() {
    use linfa::traits::{Fit, Transformer};
    let x = ndarray::array![
        [1.0, 2.0, 0.5],
        [2.0, 1.0, 1.5],
        [3.0, 4.0, 1.0],
        [4.0, 3.0, 3.0]
    ];
    let ds = linfa::DatasetBase::from(x.clone());
    let params = PcaParams::new().ncp(2).check().unwrap();
    let model = Fit::<_, _, ciblage::Error>::fit(&params, &ds).unwrap();
    let t = model.transform(&x);
    for i in 0..4 {
        for s in 0..2 {
            assert!((t[[i, s]] - model.ind.coord[i][s]).abs() < 1e-12);
        }
    }
}
