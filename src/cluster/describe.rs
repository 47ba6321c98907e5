//! Describing clusters by variables and categories, as FactoMineR's `catdes` (used by HCPC's `desc.var`).
//!
//! # Algorithm
//! Quantitative variable x, cluster c (n_c of n schools): `v = (mean_c − mean) / √(s²/n_c · (n − n_c)/(n − 1))`
//! with s the population sd over all schools; `p = 2 P(Z > |v|)`. Kept when `p <= proba` (0.05),
//! sorted by decreasing v-test within a cluster.
//! Category j of a qualitative variable in cluster c: the count n_cj is compared with the hypergeometric
//! law of n_c draws among n with n_j successes; `p = 2 min(P(X >= n_cj), P(X <= n_cj))` (capped at 1), and
//! the v-test is the normal quantile with the same two-sided p, signed by over/under-representation.

use crate::error::Result;
use serde::Serialize;
use statrs::function::erf::{erfc, erfc_inv};

/// One significant variable of a cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuantiDesc {
    /// Cluster (1-based).
    pub cluster: usize,
    /// Variable.
    pub variable: String,
    /// v-test.
    pub v_test: f64,
    /// Mean in the cluster.
    pub mean_in_cluster: f64,
    /// Mean over all schools.
    pub overall_mean: f64,
    /// Population sd in the cluster.
    pub sd_in_cluster: f64,
    /// Population sd over all schools.
    pub overall_sd: f64,
    /// Two-sided p-value.
    pub p_value: f64,
}

/// One significant category of a cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryDesc {
    /// Cluster (1-based).
    pub cluster: usize,
    /// Variable.
    pub variable: String,
    /// Category.
    pub category: String,
    /// % of the category's schools that are in the cluster (FactoMineR's `Cla/Mod`).
    pub pct_of_category_in_cluster: f64,
    /// % of the cluster's schools in the category (`Mod/Cla`).
    pub pct_of_cluster_in_category: f64,
    /// % of all schools in the category (`Global`).
    pub pct_overall: f64,
    /// p-value.
    pub p_value: f64,
    /// v-test.
    pub v_test: f64,
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    (
        m,
        (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n).sqrt(),
    )
}

/// Two-sided normal p-value of a v-test.
pub fn p_of_v(v: f64) -> f64 {
    erfc(v.abs() / std::f64::consts::SQRT_2)
}

/// `P(X <= x)` and `P(X >= x)` for X hypergeometric: `draws` taken from `population` holding
/// `successes` (R's `phyper(x, ...)` and `phyper(x - 1, ..., lower.tail = FALSE)`); `None` for
/// impossible parameters.
///
/// The tail away from the mode is summed from x outward, each term from the previous one by the ratio
/// of consecutive probabilities, until the terms stop changing the sum; the other tail is its
/// complement (plus P(X = x)). Summing every term of both tails, as `statrs` does, takes hundreds of
/// thousands of log-gamma evaluations per category at national scale; this takes a few hundred
/// multiplications, and agrees with it to rounding (tested).
pub fn hyper_tails(population: u64, successes: u64, draws: u64, x: u64) -> Option<(f64, f64)> {
    use statrs::function::factorial::ln_binomial;
    let (n, k, m) = (population, successes, draws);
    if k > n || m > n {
        return None;
    }
    let lo = (m + k).saturating_sub(n);
    let hi = m.min(k);
    if x < lo {
        return Some((0.0, 1.0));
    }
    if x > hi {
        return Some((1.0, 0.0));
    }
    let ln_pmf = |i: u64| ln_binomial(k, i) + ln_binomial(n - k, m - i) - ln_binomial(n, m);
    let at = ln_pmf(x).exp();
    let (nf, kf, mf) = (n as f64, k as f64, m as f64);
    // pmf(i + 1) / pmf(i) and pmf(i - 1) / pmf(i).
    let up = |i: f64| (kf - i) * (mf - i) / ((i + 1.0) * (nf - kf - mf + i + 1.0));
    let down = |i: f64| i * (nf - kf - mf + i) / ((kf - i + 1.0) * (mf - i + 1.0));
    let sum_from = |step: &dyn Fn(f64) -> f64, forward: bool| -> f64 {
        let (mut s, mut t, mut i) = (at, at, x);
        loop {
            if (forward && i >= hi) || (!forward && i <= lo) {
                return s;
            }
            t *= step(i as f64);
            i = if forward { i + 1 } else { i - 1 };
            let before = s;
            s += t;
            if s == before {
                return s;
            }
        }
    };
    let mode = ((mf + 1.0) * (kf + 1.0) / (nf + 2.0)).floor() as u64;
    Some(if x <= mode {
        let lower = sum_from(&down, false);
        (lower, (1.0 - lower + at).clamp(0.0, 1.0))
    } else {
        let upper = sum_from(&up, true);
        ((1.0 - upper + at).clamp(0.0, 1.0), upper)
    })
}

/// Describe clusters (`labels` 1..=k) by quantitative variables (complete columns).
///
/// Two passes per variable (sums, then squared deviations from the means), each school adding to its
/// cluster's and the overall accumulators in row order: the same sums, in the same order, as taking
/// each cluster's values apart, without k passes over the data.
pub fn quanti(
    labels: &[usize],
    k: usize,
    vars: &[(String, Vec<f64>)],
    proba: f64,
) -> Vec<QuantiDesc> {
    let n = labels.len() as f64;
    let mut per_cluster: Vec<Vec<QuantiDesc>> = vec![Vec::new(); k];
    let mut count = vec![0usize; k + 1];
    for &l in labels {
        count[l.min(k)] += 1;
    }
    for (name, x) in vars {
        let (m, s) = mean_sd(x);
        let mut sum = vec![0.0; k + 1];
        for (v, &l) in x.iter().zip(labels) {
            sum[l.min(k)] += *v;
        }
        let mean: Vec<f64> = sum.iter().zip(&count).map(|(s, &c)| s / c as f64).collect();
        let mut dev = vec![0.0; k + 1];
        for (v, &l) in x.iter().zip(labels) {
            let l = l.min(k);
            dev[l] += (v - mean[l]).powi(2);
        }
        for c in 1..=k {
            if count[c] == 0 || s == 0.0 {
                continue;
            }
            let nc = count[c] as f64;
            let (mc, sc) = (mean[c], (dev[c] / nc).sqrt());
            let v = (mc - m) / (s * s / nc * (n - nc) / (n - 1.0)).sqrt();
            let p = p_of_v(v);
            if p <= proba && v.is_finite() {
                per_cluster[c - 1].push(QuantiDesc {
                    cluster: c,
                    variable: name.clone(),
                    v_test: v,
                    mean_in_cluster: mc,
                    overall_mean: m,
                    sd_in_cluster: sc,
                    overall_sd: s,
                    p_value: p,
                });
            }
        }
    }
    let mut out = Vec::new();
    for mut rows in per_cluster {
        rows.sort_by(|a, b| {
            b.v_test
                .total_cmp(&a.v_test)
                .then_with(|| a.variable.cmp(&b.variable))
        });
        out.extend(rows);
    }
    out
}

/// Describe clusters by the categories of qualitative variables (one pass per variable counts every
/// category in every cluster).
pub fn categories<S: AsRef<str>>(
    labels: &[usize],
    k: usize,
    vars: &[(String, Vec<S>)],
    proba: f64,
) -> Result<Vec<CategoryDesc>> {
    let n = labels.len() as u64;
    let mut nc_all = vec![0u64; k + 1];
    for &l in labels {
        nc_all[l.min(k)] += 1;
    }
    // Per variable: categories (sorted) with their count overall and per cluster.
    let tallies: Vec<(&str, Vec<(&str, Vec<u64>)>)> = vars
        .iter()
        .map(|(name, x)| {
            let (code, names) = crate::data::table::dictionary(x);
            let mut per = vec![vec![0u64; k + 1]; names.len()];
            for (&j, &l) in code.iter().zip(labels) {
                per[j as usize][l.min(k)] += 1;
            }
            (name.as_str(), names.into_iter().zip(per).collect())
        })
        .collect();
    let mut out = Vec::new();
    for c in 1..=k {
        let nc = nc_all[c];
        let mut rows = Vec::new();
        for (name, counts) in &tallies {
            for (cat, per) in counts {
                let nj: u64 = per.iter().sum();
                let ncj = per[c];
                let Some((lower, upper)) = hyper_tails(n, nj, nc, ncj) else {
                    continue;
                };
                let p = (2.0 * upper.min(lower)).min(1.0);
                if p > proba {
                    continue;
                }
                let expected = nc as f64 * nj as f64 / n as f64;
                let sign = if (ncj as f64) >= expected { 1.0 } else { -1.0 };
                let v = sign * std::f64::consts::SQRT_2 * erfc_inv(p.max(1e-300));
                rows.push(CategoryDesc {
                    cluster: c,
                    variable: name.to_string(),
                    category: cat.to_string(),
                    pct_of_category_in_cluster: 100.0 * ncj as f64 / nj as f64,
                    pct_of_cluster_in_category: 100.0 * ncj as f64 / nc.max(1) as f64,
                    pct_overall: 100.0 * nj as f64 / n as f64,
                    p_value: p,
                    v_test: v,
                });
            }
        }
        rows.sort_by(|a: &CategoryDesc, b: &CategoryDesc| {
            b.v_test
                .total_cmp(&a.v_test)
                .then_with(|| a.category.cmp(&b.category))
        });
        out.extend(rows);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::distribution::{DiscreteCDF, Hypergeometric};

    #[test]
    fn tails_agree_with_statrs() {
        for &(n, k, m) in &[
            (20u64, 7u64, 5u64),
            (244, 40, 60),
            (5069, 1092, 1500),
            (20_000, 3_000, 6_000),
        ] {
            let h = Hypergeometric::new(n, k, m).unwrap();
            for x in 0..=m.min(k) {
                let (lower, upper) = hyper_tails(n, k, m, x).unwrap();
                let want_lower = h.cdf(x);
                let want_upper = if x == 0 { 1.0 } else { h.sf(x - 1) };
                // The small tail (the one p-values use) to 1e-10 relative, the other to 1e-12 absolute.
                for (got, want) in [(lower, want_lower), (upper, want_upper)] {
                    // (statrs' own sums of the large tail stray by a few 1e-12, above 1.)
                    let tol = if want < 0.5 {
                        1e-10 * want + 1e-300
                    } else {
                        1e-10
                    };
                    assert!(
                        (got - want).abs() <= tol,
                        "n={n} k={k} m={m} x={x}: {got} vs {want}"
                    );
                }
            }
        }
        assert_eq!(hyper_tails(10, 11, 2, 1), None);
    }
}
