//! The indexed nearest-neighbour chain ([`super::ward`]) against the scanning chain it replaced and a
//! naive Ward ([`super::ward_scan`]): the same tree bit for bit — merges, heights, sizes, under both
//! tie rules — on random tables, grids (many exact ties), duplicated rows and unequal weights.

use super::ward::{ward, ward_checked, ward_with, Ties};
use super::ward_scan::{ward_naive, ward_scan};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn config(cases: u32) -> ProptestConfig {
    // The same cases at every run (PROPTEST_RNG_SEED explores others), as the integration tests.
    let default = ProptestConfig::default();
    let rng_seed = if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
        default.rng_seed
    } else {
        proptest::test_runner::RngSeed::Fixed(20_261_130)
    };
    ProptestConfig {
        cases,
        rng_seed,
        failure_persistence: None,
        ..default
    }
}

/// A table of `n` rows × `d` with `kind`: 0 continuous, 1 a small integer grid (exact ties), 2
/// continuous rows each repeated up to 3 times, 3 grid rows scaled by 0.1 (ties up to rounding).
fn table(n: usize, d: usize, kind: u8, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut rows = Vec::with_capacity(n);
    while rows.len() < n {
        let row: Vec<f64> = (0..d)
            .map(|_| match kind {
                1 => rng.random_range(0..4) as f64,
                3 => rng.random_range(0..4) as f64 * 0.1,
                _ => rng.random::<f64>() * 4.0 - 2.0,
            })
            .collect();
        let copies = if kind == 2 {
            rng.random_range(1..=3)
        } else {
            1
        };
        for _ in 0..copies {
            rows.push(row.clone());
        }
    }
    rows.truncate(n);
    rows
}

fn weights(n: usize, unequal: bool, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x9e37);
    (0..n)
        .map(|_| {
            if unequal {
                rng.random_range(1..5) as f64
            } else {
                1.0
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn indexed_chain_equals_the_scan_bit_for_bit(
        n in 2usize..90, d in 1usize..6, kind in 0u8..4, unequal: bool, seed: u64,
    ) {
        let pts = table(n, d, kind, seed);
        let w = weights(n, unequal, seed);
        prop_assert_eq!(ward(&pts, &w), ward_scan(&pts, &w, Ties::Exact));
        prop_assert_eq!(
            ward_with(&pts, &w, Ties::OtherWay),
            ward_scan(&pts, &w, Ties::OtherWay)
        );
    }

    #[test]
    fn chain_heights_are_the_naive_wards(
        n in 2usize..40, d in 1usize..5, kind in prop_oneof![Just(0u8), Just(2u8)], unequal: bool,
        seed: u64,
    ) {
        let pts = table(n, d, kind, seed);
        let w = weights(n, unequal, seed);
        let mut naive = ward_naive(&pts, &w);
        naive.sort_by(f64::total_cmp);
        let tree = ward(&pts, &w);
        let heights: Vec<f64> = tree.merges.iter().map(|m| m.height).collect();
        prop_assert_eq!(heights.len(), naive.len());
        let top = naive.last().copied().unwrap_or(0.0);
        for (h, g) in heights.iter().zip(&naive) {
            // Without ties (continuous values; duplicates only tie at zero cost), reducibility makes
            // the merges the same; the heights differ only by the rounding of centroids updated in
            // another order.
            prop_assert!((h - g).abs() <= 1e-12 * top.max(1e-300), "{h} vs {g}");
        }
    }
}

#[test]
fn a_large_table_with_ties_and_duplicates_gives_the_scans_tree() {
    // 2,500 rows: a continuous cloud, a grid (exact ties) and duplicates, unequal weights: deep
    // chains, many rebuilds of the index, merged clusters far from where they started.
    let mut pts = table(1500, 5, 0, 7);
    pts.extend(table(600, 5, 1, 8));
    pts.extend(table(400, 5, 2, 9));
    let w = weights(pts.len(), true, 3);
    let tree = ward(&pts, &w);
    assert_eq!(tree, ward_scan(&pts, &w, Ties::Exact));
    assert_eq!(
        ward_with(&pts, &w, Ties::OtherWay),
        ward_scan(&pts, &w, Ties::OtherWay)
    );
    // And the heights add up to the total inertia.
    let total: f64 = w.iter().sum();
    let d = pts[0].len();
    let g: Vec<f64> = (0..d)
        .map(|k| pts.iter().zip(&w).map(|(p, wi)| p[k] * wi).sum::<f64>() / total)
        .collect();
    let inertia: f64 = pts
        .iter()
        .zip(&w)
        .map(|(p, wi)| wi / total * p.iter().zip(&g).map(|(x, y)| (x - y).powi(2)).sum::<f64>())
        .sum();
    let sum: f64 = tree.merges.iter().map(|m| m.height).sum();
    assert!(
        (sum - inertia).abs() <= 1e-10 * inertia,
        "{sum} vs {inertia}"
    );
}

#[test]
fn when_no_step_would_choose_differently_the_other_way_tree_is_the_same() {
    // Grids and rounded grids tie often: some trees would change, others not; each "the same" must
    // be the rebuilt tree bit for bit.
    let (mut same, mut differ) = (0, 0);
    for seed in 0..300u64 {
        let n = 5 + (seed as usize * 7) % 60;
        let kind = [1, 3, 0, 2][seed as usize % 4];
        let pts = table(n, 1 + seed as usize % 3, kind, seed);
        let w = weights(n, seed % 5 == 0, seed);
        let (tree, same_other_way) = ward_checked(&pts, &w);
        assert_eq!(tree, ward(&pts, &w));
        let other = ward_with(&pts, &w, Ties::OtherWay);
        if same_other_way {
            assert_eq!(other, tree, "seed {seed}");
            same += 1;
        } else {
            differ += usize::from(other != tree);
        }
    }
    // Both outcomes occur (the check is not vacuous): trees the other rule changes are flagged.
    assert!(same > 50 && differ > 20, "same {same}, differ {differ}");
}
