//! Helpers of the library's unit tests (compiled only for `cargo test`): where the shared real files
//! are, and proptest's settings. `tests/common/` compiles this same file into the integration tests.

use std::path::PathBuf;

/// The shared folder: `../shared` next to the project, or `$CIBLAGE_SHARED` (for a checkout that
/// is not next to it, such as a git worktree).
pub(crate) fn shared() -> PathBuf {
    std::env::var_os("CIBLAGE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// `../shared/data/real/`, or `None` (with a `SKIPPED` message) when absent.
pub(crate) fn real_dir() -> Option<PathBuf> {
    let p = shared().join("data/real");
    if p.join("ips_colleges_2022_2023.csv").exists() {
        Some(p)
    } else {
        eprintln!(
            "SKIPPED: real data folder {} is absent (it is not part of a user's clone)",
            p.display()
        );
        None
    }
}

/// The embedded official-format samples (`data-samples/`).
pub(crate) fn sample_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data-samples")
}

/// proptest's settings for `cases` cases, failure seeds kept beside the test file
/// (`<module>.proptest-regressions`, re-run first) rather than in a top-level folder. The cases are the
/// same at every run (a fixed seed: a test that passes on main passes in CI); set
/// `PROPTEST_RNG_SEED=<n>` to explore other cases.
pub(crate) fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    let default = proptest::test_runner::Config::default();
    let rng_seed = if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
        default.rng_seed
    } else {
        proptest::test_runner::RngSeed::Fixed(20_261_130)
    };
    proptest::test_runner::Config {
        cases,
        rng_seed,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..default
    }
}
