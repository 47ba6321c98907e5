//! Criterion benches on seeded synthetic data (10k to 1M schools): load + validate + join, PCA, HCPC,
//! selection, figures, and the whole CSV → PCA → CSV path. Run: `cargo bench --bench pipeline`.

use ciblage::sample::{write_sample, SampleParams};
use ciblage::Filter;
use ciblage::HcpcParams;
use ciblage::{analyse, AnalysisConfig};
use ciblage::{load_inputs, LoadOptions};
use ciblage::{Missing, PcaParams};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

fn sample_files(n: usize) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = write_sample(&SampleParams::new(n, 7), dir.path(), true).expect("sample");
    let csv: Vec<PathBuf> = files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    (dir, csv)
}

fn config(kk: Option<usize>) -> AnalysisConfig {
    let mut c = AnalysisConfig::standard(Missing::Drop).expect("config");
    c.filter = Filter::default();
    c.clustering = kk
        .map(|kk| ciblage::Clustering::Hcpc(HcpcParams::new().kk(Some(kk)).check().expect("hcpc")));
    c
}

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("load_validate_join");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    for n in [10_000usize, 100_000, 1_000_000] {
        let (_dir, files) = sample_files(n);
        g.bench_with_input(BenchmarkId::from_parameter(n), &files, |b, f| {
            b.iter(|| black_box(load_inputs(f, &LoadOptions::default()).expect("load")))
        });
    }
    g.finish();
}

fn pca(c: &mut Criterion) {
    let mut g = c.benchmark_group("pca");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    for n in [100_000usize, 1_000_000] {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let base: Vec<f64> = (0..n).map(|_| rng.random::<f64>()).collect();
        let x = Array2::from_shape_fn((n, 10), |(i, j)| {
            base[i] * (j as f64 + 1.0) + rng.random::<f64>()
        });
        let names: Vec<String> = (0..10).map(|j| format!("v{j}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let p = PcaParams::new().ncp(5).check().expect("params");
        g.bench_with_input(BenchmarkId::new("n_x_10", n), &x, |b, x| {
            b.iter(|| black_box(p.fit(x, &refs, None).expect("pca")))
        });
    }
    g.finish();
}

fn clustering(c: &mut Criterion) {
    let mut g = c.benchmark_group("hcpc");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    for n in [5_000usize, 20_000] {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2);
        let pts: Vec<Vec<f64>> = (0..n)
            .map(|_| (0..5).map(|_| rng.random::<f64>()).collect())
            .collect();
        let w = vec![1.0; n];
        let p = HcpcParams::new().check().expect("params");
        g.bench_with_input(BenchmarkId::new("ward_full", n), &pts, |b, x| {
            b.iter(|| black_box(p.fit(x, &w).expect("hcpc")))
        });
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
    let pts100k: Vec<Vec<f64>> = (0..100_000)
        .map(|_| (0..5).map(|_| rng.random::<f64>()).collect())
        .collect();
    let w100k = vec![1.0; pts100k.len()];
    let p100k = HcpcParams::new().kk(Some(1000)).check().expect("params");
    g.bench_function("kk1000_100000", |b| {
        b.iter(|| black_box(p100k.fit(&pts100k, &w100k).expect("hcpc")))
    });
    let n = 1_000_000;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(4);
    let pts6: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            (0..5)
                .map(|j| ((i % 6) * (j + 1)) as f64 + rng.random::<f64>())
                .collect()
        })
        .collect();
    let km = ciblage::KMeansParams::new(6)
        .seed(1)
        .check()
        .expect("params");
    g.bench_function("kmeans_k6_1000000x5", |b| {
        b.iter(|| black_box(km.fit(&pts6).expect("kmeans")))
    });
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    let pts: Vec<Vec<f64>> = (0..n)
        .map(|_| (0..5).map(|_| rng.random::<f64>()).collect())
        .collect();
    let w = vec![1.0; n];
    let p = HcpcParams::new().kk(Some(500)).check().expect("params");
    g.bench_function("kk500_1000000", |b| {
        b.iter(|| black_box(p.fit(&pts, &w).expect("hcpc")))
    });
    g.finish();
}

fn end_to_end(c: &mut Criterion) {
    let mut g = c.benchmark_group("end_to_end");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    for n in [100_000usize, 1_000_000] {
        let (_dir, files) = sample_files(n);
        let out = tempfile::tempdir().expect("out");
        g.bench_with_input(BenchmarkId::new("csv_pca_csv", n), &files, |b, f| {
            b.iter(|| {
                let inputs = load_inputs(f, &LoadOptions::default()).expect("load");
                let a = analyse(&inputs, &config(None)).expect("analysis");
                black_box(
                    ciblage::export::pca::write(
                        &a.pca,
                        out.path(),
                        ciblage::job::settings::Dialect::Standard,
                        ciblage::export::json::JsonPolicy::full(),
                    )
                    .expect("write"),
                )
            })
        });
    }
    g.finish();
}

fn figures(c: &mut Criterion) {
    let mut g = c.benchmark_group("figures");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    let (_dir, files) = sample_files(100_000);
    let inputs = load_inputs(&files, &LoadOptions::default()).expect("load");
    let a = analyse(&inputs, &config(Some(300))).expect("analysis");
    g.bench_function("individuals_100000", |b| {
        b.iter(|| {
            black_box(
                ciblage::report::figures::plot(
                    &a,
                    None,
                    "individuals",
                    (0, 1),
                    &ciblage::i18n::Labels::new(ciblage::i18n::Lang::En),
                )
                .expect("plot"),
            )
        })
    });
    g.bench_function("map_100000", |b| {
        b.iter(|| {
            black_box(
                ciblage::report::figures::map(
                    &a,
                    None,
                    "cluster",
                    None,
                    &ciblage::i18n::Labels::new(ciblage::i18n::Lang::En),
                )
                .expect("map"),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, load, pca, clustering, end_to_end, figures);
criterion_main!(benches);
