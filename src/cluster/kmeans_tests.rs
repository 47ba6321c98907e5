//! k-means with many centres (the k-d tree and the sorted neighbours of [`super::centres`]) against the same
//! k-means searching every point at every pass: the same labels, centres, inertia and iterations, bit
//! for bit, on continuous, gridded (ties, duplicates) and weighted tables, with and without the
//! warm start on a sample.

use super::centres::FULL_SEARCH;
use super::kmeans::KMeansParams;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn table(n: usize, d: usize, grid: bool, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            (0..d)
                .map(|_| {
                    if grid {
                        rng.random_range(0..7) as f64 * 0.5
                    } else {
                        // Clumps: a few hundred centres of mass, as school profiles.
                        let c = rng.random_range(0..40) as f64 * 0.3;
                        c + rng.random::<f64>() * 0.5
                    }
                })
                .collect()
        })
        .collect()
}

#[test]
fn neighbours_and_tree_give_the_full_searchs_k_means_bit_for_bit() {
    for (n, d, k, grid, weighted) in [
        (12_000, 5, 300, false, true),
        (8_000, 3, 100, true, false),
        (140_000, 2, 30, false, false),
    ] {
        let pts = table(n, d, grid, n as u64);
        let w: Vec<f64> = (0..n).map(|i| 1.0 + (i % 4) as f64).collect();
        let params = KMeansParams::new(k)
            .seed(9)
            .max_iter(15)
            .check()
            .expect("params");
        let fit = || {
            params
                .fit_weighted(&pts, weighted.then_some(w.as_slice()))
                .expect("k-means")
        };
        let fast = fit();
        FULL_SEARCH.with(|f| f.set(true));
        let full = fit();
        FULL_SEARCH.with(|f| f.set(false));
        assert_eq!(fast, full, "n = {n}, k = {k}");
        assert!(fast.iterations > 1);
    }
}
