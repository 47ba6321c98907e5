//! Clustering: validation rules, k-means determinism, Ward against kodama (unweighted), pre-clustering.

use crate::common;

use ciblage::cluster::ward::ward;
use ciblage::Error;
use ciblage::HcpcParams;
use ciblage::KMeansParams;
use rand::{Rng, SeedableRng};

/// `f` run on a pool of `threads` threads.
fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

fn points(n: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|i| {
            let c = (i % 3) as f64 * 4.0;
            vec![
                c + rng.random::<f64>(),
                c - rng.random::<f64>(),
                rng.random::<f64>(),
            ]
        })
        .collect()
}

#[test]
fn hcpc_validation_rules() {
    assert!(matches!(
        HcpcParams::new().min(1).check(),
        Err(Error::InvalidParam { name: "min", .. })
    ));
    assert!(matches!(
        HcpcParams::new().min(4).max(Some(3)).check(),
        Err(Error::InvalidParam { name: "max", .. })
    ));
    assert!(matches!(
        HcpcParams::new().k(Some(0)).check(),
        Err(Error::InvalidK { .. })
    ));
    assert!(matches!(
        HcpcParams::new().iter_max(0).check(),
        Err(Error::InvalidParam {
            name: "iter_max",
            ..
        })
    ));
    assert!(matches!(
        HcpcParams::new().kk(Some(1)).check(),
        Err(Error::InvalidParam { name: "kk", .. })
    ));
    let p = points(10, 1);
    let w = vec![1.0; 10];
    // A k above the distinct schools is a setting the data make impossible (exit code 2).
    let e = HcpcParams::new().k(Some(11)).check().unwrap().fit(&p, &w);
    assert!(
        matches!(
            e,
            Err(Error::SettingVsData {
                setting: "k",
                value: 11,
                ..
            })
        ),
        "{e:?}"
    );
    assert!(matches!(
        HcpcParams::new().check().unwrap().fit(&p[..2], &w[..2]),
        Err(Error::NotEnoughRows { .. })
    ));
}

#[test]
fn kmeans_validation_and_determinism() {
    assert!(matches!(
        KMeansParams::new(0).check(),
        Err(Error::InvalidK { .. })
    ));
    assert!(KMeansParams::new(2).max_iter(0).check().is_err());
    for bad in [-1e-4, f64::NAN, f64::INFINITY] {
        assert!(
            matches!(
                KMeansParams::new(2).tol(bad).check(),
                Err(Error::InvalidParam { name: "tol", .. })
            ),
            "tol {bad} accepted"
        );
    }
    assert!(KMeansParams::new(2).tol(0.0).check().is_ok());
    let p = points(30, 2);
    assert!(matches!(
        KMeansParams::new(31).check().unwrap().fit(&p),
        Err(Error::InvalidK { k: 31, n: 30 })
    ));
    let p = points(20_000, 3);
    let run = |threads: usize| {
        on_threads(threads, || {
            KMeansParams::new(3)
                .seed(9)
                .check()
                .unwrap()
                .fit(&p)
                .unwrap()
        })
    };
    let a = run(1);
    let b = run(2);
    assert_eq!(a, b, "identical whatever the thread count");
    let mut sizes = a.sizes.clone();
    sizes.sort();
    assert!(
        sizes.iter().all(|s| (6000..7400).contains(s)),
        "three well-separated groups found: {sizes:?}"
    );
    // Labels do not depend on row order beyond a renumbering: same partition on reversed rows.
    let rev: Vec<Vec<f64>> = p.iter().rev().cloned().collect();
    let c = KMeansParams::new(3)
        .seed(9)
        .check()
        .unwrap()
        .fit(&rev)
        .unwrap();
    let n = p.len();
    let mut map = std::collections::HashMap::new();
    for i in 0..n {
        let e = map.entry(a.labels[i]).or_insert(c.labels[n - 1 - i]);
        assert_eq!(*e, c.labels[n - 1 - i]);
    }
}

#[test]
fn kmeans_warm_start_on_large_inputs() {
    // From 131,072 points Lloyd first runs on a seeded subsample: the result must still be the
    // generating groups, and identical whatever the thread count.
    let p = points(140_000, 5);
    let run = |threads: usize| {
        on_threads(threads, || {
            KMeansParams::new(3)
                .seed(4)
                .check()
                .unwrap()
                .fit(&p)
                .unwrap()
        })
    };
    let a = run(1);
    assert_eq!(a, run(2), "identical whatever the thread count");
    let truth: Vec<usize> = (0..p.len()).map(|i| i % 3).collect();
    assert!(same_partition(&a.labels, &truth), "groups not recovered");
    assert_eq!(a.sizes.iter().sum::<usize>(), p.len());
    assert!(
        a.iterations >= 2,
        "sample pass and full pass: {}",
        a.iterations
    );
}

#[test]
fn ward_with_unit_weights_matches_kodama() {
    let p = points(60, 4);
    let n = p.len();
    let tree = ward(&p, &vec![1.0; n]);
    // kodama's Ward works on Euclidean distances; its merge heights relate to ours by
    // h_kodama² = 2 · gain · n (gain with weights normalised to 1/n).
    let mut cond = Vec::with_capacity(n * (n - 1) / 2);
    for i in 0..n {
        for j in i + 1..n {
            cond.push(
                p[i].iter()
                    .zip(&p[j])
                    .map(|(a, b)| (a - b).powi(2))
                    .sum::<f64>()
                    .sqrt(),
            );
        }
    }
    let dend = kodama::linkage(&mut cond, n, kodama::Method::Ward);
    let mut theirs: Vec<f64> = dend
        .steps()
        .iter()
        .map(|s| s.dissimilarity * s.dissimilarity / (2.0 * n as f64))
        .collect();
    theirs.sort_by(f64::total_cmp);
    let ours: Vec<f64> = tree.merges.iter().map(|m| m.height).collect();
    for (a, b) in ours.iter().zip(&theirs) {
        assert!((a - b).abs() < 1e-9 * (1.0 + b), "{a} vs {b}");
    }
    // Heights sum to the total inertia.
    let g: Vec<f64> = (0..3)
        .map(|j| p.iter().map(|x| x[j]).sum::<f64>() / n as f64)
        .collect();
    let total: f64 = p
        .iter()
        .map(|x| x.iter().zip(&g).map(|(a, b)| (a - b).powi(2)).sum::<f64>())
        .sum::<f64>()
        / n as f64;
    assert!((ours.iter().sum::<f64>() - total).abs() < 1e-9);
}

#[test]
fn preclustering_keeps_the_structure() {
    let p = points(6000, 5);
    let w = vec![1.0; p.len()];
    let h = HcpcParams::new()
        .kk(Some(100))
        .check()
        .unwrap()
        .fit(&p, &w)
        .unwrap();
    assert_eq!(h.leaves, 100);
    assert_eq!(h.k, 3);
    let mut s = h.sizes.clone();
    s.sort();
    assert_eq!(s, vec![2000, 2000, 2000]);
}

#[test]
fn bootstrap_stability_is_deterministic_and_high_for_separated_groups() {
    let p = points(300, 6);
    let w = vec![1.0; p.len()];
    let params = HcpcParams::new().check().unwrap();
    let h = params.fit(&p, &w).unwrap();
    let run = |threads: usize| {
        on_threads(threads, || {
            ciblage::cluster::stability::bootstrap(&p, &w, &h.clusters, h.k, &params, 10, 3)
                .unwrap()
        })
    };
    let a = run(1);
    let b = run(2);
    assert_eq!(a.cluster_jaccard, b.cluster_jaccard);
    assert!(
        a.cluster_jaccard.iter().all(|j| *j > 0.95),
        "{:?}",
        a.cluster_jaccard
    );
    assert!(a
        .school_stability
        .iter()
        .filter(|s| !s.is_nan())
        .all(|s| (0.0..=1.0).contains(s)));
}

#[test]
fn cluster_command_with_kmeans() {
    let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(std::path::PathBuf::from) else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let sample = dir.join("data-samples");
    let files: Vec<_> = [
        "fr-en-ips-colleges-ap2022.csv",
        "fr-en-indicateurs-valeur-ajoutee-colleges.csv",
        "fr-en-etablissements-ep.csv",
    ]
    .iter()
    .map(|f| sample.join(f))
    .collect();
    let o = common::bin()
        .arg("cluster")
        .args(&files)
        .args([
            "--missing",
            "drop",
            "--method",
            "kmeans",
            "--k",
            "4",
            "--out",
        ])
        .arg(t.path())
        .output()
        .unwrap();
    common::assert_success(&o);
    let csv = std::fs::read_to_string(t.path().join("clusters.csv")).unwrap();
    let mut labels: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(4).unwrap())
        .collect();
    labels.sort();
    labels.dedup();
    assert_eq!(labels, ["1", "2", "3", "4"]);
    let o = common::bin()
        .arg("cluster")
        .args(&files)
        .args([
            "--missing",
            "drop",
            "--method",
            "kmeans",
            "--force",
            "--out",
        ])
        .arg(t.path())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "kmeans without --k is a usage error"
    );
}

#[test]
fn kmeans_weights() {
    let p = points(3000, 7);
    let plain = KMeansParams::new(3)
        .seed(4)
        .check()
        .unwrap()
        .fit(&p)
        .unwrap();
    let twos = vec![2.0; p.len()];
    let doubled = KMeansParams::new(3)
        .seed(4)
        .check()
        .unwrap()
        .fit_weighted(&p, Some(&twos))
        .unwrap();
    assert_eq!(
        plain.labels, doubled.labels,
        "uniform weights change nothing"
    );
    assert!((doubled.inertia - 2.0 * plain.inertia).abs() <= 1e-9 * plain.inertia);
    // A far outlier with weight 0 does not move any centre.
    let mut q = p.clone();
    q.push(vec![1e6, 1e6, 1e6]);
    let mut w = vec![1.0; p.len()];
    w.push(0.0);
    let r = KMeansParams::new(3)
        .seed(4)
        .check()
        .unwrap()
        .fit_weighted(&q, Some(&w))
        .unwrap();
    assert!(
        r.centres.iter().all(|c| c.iter().all(|v| v.abs() < 100.0)),
        "{:?}",
        r.centres
    );
    assert!(KMeansParams::new(3)
        .check()
        .unwrap()
        .fit_weighted(&p, Some(&[1.0]))
        .is_err());
}

fn same_partition(a: &[usize], b: &[usize]) -> bool {
    let mut m = std::collections::HashMap::new();
    let mut r = std::collections::HashMap::new();
    a.iter()
        .zip(b)
        .all(|(x, y)| *m.entry(x).or_insert(y) == y && *r.entry(y).or_insert(x) == x)
}

proptest::proptest! {
    #![proptest_config(crate::common::proptest_config(24))]

    #[test]
    fn partitions_do_not_depend_on_row_order(seed in 0u64..10_000, n in 30usize..200) {
        let p = points(n, seed);
        let w = vec![1.0; n];
        let mut perm: Vec<usize> = (0..n).collect();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0xABCD);
        for i in (1..n).rev() {
            perm.swap(i, rng.random_range(0..=i));
        }
        let q: Vec<Vec<f64>> = perm.iter().map(|&i| p[i].clone()).collect();
        let params = HcpcParams::new().check().unwrap();
        let a = params.fit(&p, &w).unwrap();
        let b = params.fit(&q, &w).unwrap();
        let back: Vec<usize> = (0..n).map(|i| b.clusters[perm.iter().position(|&x| x == i).unwrap()]).collect();
        proptest::prop_assert!(same_partition(&a.clusters, &back));
        let km = KMeansParams::new(3).seed(seed).n_init(3).check().unwrap();
        let ka = km.fit(&p).unwrap();
        let kb = km.fit(&q).unwrap();
        let kback: Vec<usize> = (0..n).map(|i| kb.labels[perm.iter().position(|&x| x == i).unwrap()]).collect();
        proptest::prop_assert!(same_partition(&ka.labels, &kback));
    }
}
