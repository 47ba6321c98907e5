//! What the criteria need about every school, computed once per selection: territory codes, REP flags,
//! the population, indicator values (with imputed cells filled in), so that the main evaluation and
//! every sensitivity variant compare integers and floats rather than strings.

use super::spec::{Reference, Rule, SelectionSpec, Within};
use crate::analysis::Analysis;
use std::collections::HashMap;

/// Territory codes of one level: `code[i]` indexes `names`.
#[derive(Debug, Clone, Default)]
pub struct Territories {
    /// Code of each school.
    pub code: Vec<u32>,
    /// Names, sorted (code = position).
    pub names: Vec<String>,
}

impl Territories {
    /// Codes of the text column `column` (`None` = one national territory).
    pub fn of(a: &Analysis, column: Option<&str>) -> Self {
        let n = a.table.len();
        let Some(v) = column.and_then(|c| a.table.text(c)) else {
            return Territories {
                code: vec![0; n],
                names: vec![String::new()],
            };
        };
        let (code, names) = crate::data::table::dictionary(v);
        Territories {
            code,
            names: names.into_iter().map(str::to_string).collect(),
        }
    }
}

/// Per-school facts shared by the evaluations of one selection.
#[derive(Debug)]
pub struct Context<'a> {
    /// The analysis.
    pub a: &'a Analysis,
    /// Schools.
    pub n: usize,
    /// Sector matches the population's.
    pub sector_ok: Vec<bool>,
    /// REP or REP+.
    pub rep: Vec<bool>,
    /// National (one code), académies, départements.
    pub territories: [Territories; 3],
    /// Indicator values by name (imputed cells filled in).
    values: HashMap<String, Vec<f64>>,
}

impl<'a> Context<'a> {
    /// Facts for `spec`'s population; values are prepared for `variables`.
    pub fn new(a: &'a Analysis, spec: &SelectionSpec, variables: &[&str]) -> Self {
        let n = a.table.len();
        let sector = a.table.text("sector");
        let sector_ok = (0..n)
            .map(|i| {
                spec.population.sector == "all"
                    || sector.is_none_or(|s| s[i] == spec.population.sector)
            })
            .collect();
        let rep = match a.table.text("ep_status") {
            Some(v) => v.iter().map(|s| s == "REP" || s == "REP+").collect(),
            None => vec![false; n],
        };
        let values = variables
            .iter()
            .map(|v| (v.to_string(), values(a, v)))
            .collect();
        Context {
            a,
            n,
            sector_ok,
            rep,
            territories: [
                Territories::of(a, None),
                Territories::of(a, Within::Academie.column()),
                Territories::of(a, Within::Departement.column()),
            ],
            values,
        }
    }

    /// Territories of a level.
    pub fn level(&self, w: Within) -> &Territories {
        &self.territories[match w {
            Within::National => 0,
            Within::Academie => 1,
            Within::Departement => 2,
        }]
    }

    /// Values of an indicator (prepared, or computed now).
    pub fn values(&self, name: &str) -> std::borrow::Cow<'_, [f64]> {
        match self.values.get(name) {
            Some(v) => std::borrow::Cow::Borrowed(v),
            None => std::borrow::Cow::Owned(values(self.a, name)),
        }
    }

    /// Threshold of a relative rule per territory code, computed on the rows `sample` (with repetitions
    /// for a bootstrap) of the population's sector (only REP/REP+ schools for a REP median).
    pub fn thresholds(&self, r: &Rule, var: &[f64], sample: &[usize]) -> Vec<f64> {
        let t = self.level(r.within);
        let mut groups: Vec<Vec<f64>> = vec![Vec::new(); t.names.len()];
        for &i in sample {
            if !self.sector_ok[i] || var[i].is_nan() {
                continue;
            }
            if r.reference == Some(Reference::MedianRep) && !self.rep[i] {
                continue;
            }
            groups[t.code[i] as usize].push(var[i]);
        }
        let q = r.quantile.unwrap_or(0.5);
        groups.iter_mut().map(|v| quantile_unsorted(v, q)).collect()
    }
}

/// Value of an indicator for every analysed school (imputed cells filled in; NaN when absent).
pub fn values(a: &Analysis, name: &str) -> Vec<f64> {
    let n = a.table.len();
    // Imputed cells are listed under the column's key (a user's `taux_acces_6e3e` for
    // `access_rate_6e_3e`).
    let name = a.table.key(name).unwrap_or(name);
    let Some(v) = a.table.num(name) else {
        return vec![f64::NAN; n];
    };
    let imputed: HashMap<&str, f64> = a
        .pca
        .imputed
        .iter()
        .filter(|c| c.variable == name)
        .map(|c| (c.uai.as_str(), c.value))
        .collect();
    (0..n)
        .map(|i| {
            if v[i].is_nan() {
                imputed
                    .get(a.table.uai[i].as_str())
                    .copied()
                    .unwrap_or(f64::NAN)
            } else {
                v[i]
            }
        })
        .collect()
}

/// Type-7 quantile (R's default) of sorted values.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// [`quantile`] without sorting: two order statistics by selection, O(n) (reorders `v`).
pub fn quantile_unsorted(v: &mut [f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let h = (v.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let (_, x_lo, upper) = v.select_nth_unstable_by(lo, f64::total_cmp);
    let x_lo = *x_lo;
    let x_hi = upper.iter().copied().min_by(f64::total_cmp).unwrap_or(x_lo);
    x_lo + (h - lo as f64) * (x_hi - x_lo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn selection_quantile_equals_the_sorted_one(
            v in prop::collection::vec(-1e3f64..1e3, 1..200),
            q in 0.0f64..=1.0,
        ) {
            let mut s = v.clone();
            s.sort_by(f64::total_cmp);
            let mut w = v.clone();
            prop_assert_eq!(quantile_unsorted(&mut w, q), quantile(&s, q));
        }
    }

    #[test]
    fn quantile_is_r_type_7() {
        // R: quantile(c(1, 2, 3, 4), 0.3) = 1.9
        assert!((quantile(&[1.0, 2.0, 3.0, 4.0], 0.3) - 1.9).abs() < 1e-12);
        assert!(quantile(&[], 0.5).is_nan());
    }
}
