//! The synthetic sample: deterministic, calibrated, valid.

use ciblage::sample::{generate, write_sample, SampleParams};

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let fa = write_sample(&SampleParams::new(5000, 3), a.path(), false).unwrap();
    let fb = write_sample(&SampleParams::new(5000, 3), b.path(), false).unwrap();
    for (x, y) in fa.iter().zip(&fb) {
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{}",
            x.display()
        );
    }
    let c = generate(&SampleParams::new(5000, 4)).unwrap();
    let d = generate(&SampleParams::new(5000, 3)).unwrap();
    assert_ne!(c[0].values, d[0].values);
    // Refuses to overwrite without force.
    assert!(write_sample(&SampleParams::new(10, 3), a.path(), false).is_err());
}

#[test]
fn calibrated_shares_and_means() {
    let s = generate(&SampleParams::new(40_000, 11)).unwrap();
    let big = generate(&SampleParams::new(1_000_000, 2)).unwrap();
    let uniq: std::collections::HashSet<&str> = big.iter().map(|x| x.uai.as_str()).collect();
    assert_eq!(uniq.len(), big.len(), "1M UAIs are unique");
    let n = s.len() as f64;
    let private = s.iter().filter(|x| x.private).count() as f64 / n;
    assert!((private - 0.2378).abs() < 0.01, "{private}");
    let public: Vec<_> = s.iter().filter(|x| !x.private).collect();
    let rep = public.iter().filter(|x| x.ep == "REP").count() as f64 / public.len() as f64;
    assert!((rep - 0.1375).abs() < 0.01, "{rep}");
    let m = |f: &dyn Fn(&ciblage::sample::School) -> f64| {
        s.iter().map(|x| f(x)).filter(|v| !v.is_nan()).sum::<f64>() / n
    };
    let ips_sd = m(&|x| x.values[1]);
    assert!((ips_sd - 31.17).abs() < 0.5, "{ips_sd}");
    let uais: std::collections::BTreeSet<_> = s.iter().map(|x| x.uai.clone()).collect();
    assert_eq!(uais.len(), s.len(), "UAIs are unique");
    assert!(s
        .iter()
        .all(|x| ciblage::data::uai::normalize(&x.uai).is_ok()));
}

#[test]
fn invalid_size_is_an_error() {
    assert!(generate(&SampleParams::new(0, 1)).is_err());
}
