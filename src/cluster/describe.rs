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
use statrs::distribution::{DiscreteCDF, Hypergeometric};
use statrs::function::erf::{erfc, erfc_inv};
use std::collections::BTreeMap;

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

/// Describe clusters (`labels` 1..=k) by quantitative variables (complete columns).
pub fn quanti(
    labels: &[usize],
    k: usize,
    vars: &[(String, Vec<f64>)],
    proba: f64,
) -> Vec<QuantiDesc> {
    let n = labels.len() as f64;
    let mut out = Vec::new();
    for c in 1..=k {
        let mut rows: Vec<QuantiDesc> = Vec::new();
        for (name, x) in vars {
            let (m, s) = mean_sd(x);
            let xc: Vec<f64> = x
                .iter()
                .zip(labels)
                .filter(|(_, &l)| l == c)
                .map(|(v, _)| *v)
                .collect();
            if xc.is_empty() || s == 0.0 {
                continue;
            }
            let nc = xc.len() as f64;
            let (mc, sc) = mean_sd(&xc);
            let v = (mc - m) / (s * s / nc * (n - nc) / (n - 1.0)).sqrt();
            let p = p_of_v(v);
            if p <= proba && v.is_finite() {
                rows.push(QuantiDesc {
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
        rows.sort_by(|a, b| {
            b.v_test
                .total_cmp(&a.v_test)
                .then_with(|| a.variable.cmp(&b.variable))
        });
        out.extend(rows);
    }
    out
}

/// Describe clusters by the categories of qualitative variables.
pub fn categories(
    labels: &[usize],
    k: usize,
    vars: &[(String, Vec<String>)],
    proba: f64,
) -> Result<Vec<CategoryDesc>> {
    let n = labels.len() as u64;
    let mut out = Vec::new();
    for c in 1..=k {
        let nc = labels.iter().filter(|&&l| l == c).count() as u64;
        let mut rows = Vec::new();
        for (name, x) in vars {
            let mut counts: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
            for (v, &l) in x.iter().zip(labels) {
                let e = counts.entry(v.as_str()).or_default();
                e.0 += 1;
                if l == c {
                    e.1 += 1;
                }
            }
            for (cat, (nj, ncj)) in counts {
                let Ok(h) = Hypergeometric::new(n, nj, nc) else {
                    continue;
                };
                let upper = if ncj == 0 { 1.0 } else { h.sf(ncj - 1) };
                let lower = h.cdf(ncj);
                let p = (2.0 * upper.min(lower)).min(1.0);
                if p > proba {
                    continue;
                }
                let expected = nc as f64 * nj as f64 / n as f64;
                let sign = if (ncj as f64) >= expected { 1.0 } else { -1.0 };
                let v = sign * std::f64::consts::SQRT_2 * erfc_inv(p.max(1e-300));
                rows.push(CategoryDesc {
                    cluster: c,
                    variable: name.clone(),
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
