//! Defaults and ranges of the spec's numbers, and the words some keys take: the same values check a
//! spec, fill in its defaults and document it (the settings table of the README is generated from
//! them).

/// Defaults of the spec's numbers (the settings table of the README is generated from them).
pub mod defaults {
    /// Schools selected (`[budget] n`, `--n`).
    pub const N: usize = 21;
    /// Bootstrap resamples of the sensitivity analysis.
    pub const BOOTSTRAP: usize = 50;
    /// Seed of the sensitivity bootstrap.
    pub const SEED: u64 = 1;
    /// Shift of the quantile thresholds in the sensitivity analysis.
    pub const QUANTILE_SHIFT: f64 = 0.05;
    /// Neighbours of the EP-likeness score.
    pub const NEIGHBOURS: usize = 10;
    /// EP-likeness at or above which a school is a neighbourhood orphan.
    pub const LIKENESS: f64 = 0.5;
}

/// What the spec's numbers allow: the same values check a spec and document it.
pub mod limits {
    use crate::error::Allowed;
    /// `[budget] n`.
    pub const BUDGET_N: Allowed = Allowed::at_least(1);
    /// `quantile` of a rule: strictly inside (0, 1) (0 and 1 would be the minimum and maximum).
    pub const QUANTILE: Allowed = Allowed::Number {
        min: 0.0,
        min_in: false,
        max: 1.0,
        max_in: false,
    };
    /// `[sensitivity] quantile_shift`.
    pub const QUANTILE_SHIFT: Allowed = Allowed::Number {
        min: 0.0,
        min_in: true,
        max: 0.5,
        max_in: false,
    };
    /// `[orphans] likeness_threshold` (a share).
    pub const LIKENESS: Allowed = Allowed::Number {
        min: 0.0,
        min_in: true,
        max: 1.0,
        max_in: true,
    };
    /// `[orphans] neighbours`.
    pub const NEIGHBOURS: Allowed = Allowed::at_least(1);
    /// `[matching] caliper` (a distance in the PCA space).
    pub const CALIPER: Allowed = Allowed::POSITIVE;
    /// `[population] min_headcount`.
    pub const MIN_HEADCOUNT: Allowed = Allowed::Number {
        min: 0.0,
        min_in: true,
        max: f64::INFINITY,
        max_in: false,
    };
    /// Thresholds (`value`) and score weights.
    pub const NUMBER: Allowed = Allowed::FINITE;
    /// `[score] axis`, `clusters`, `lowest_clusters` (upper bound: ncp, k).
    pub const FROM_ONE: Allowed = Allowed::at_least(1);
    /// `[sensitivity] bootstrap`.
    pub const BOOTSTRAP: Allowed = Allowed::at_least(0);
}

/// `population.sector` values.
pub const POPULATION_SECTORS: [&str; 3] = ["public", "private", "all"];
/// EP statuses, as `exclude_ep` and `ep_status` rules take them.
pub const EP_STATUSES: &str = "REP+, REP, HORS EP or NON EP";
