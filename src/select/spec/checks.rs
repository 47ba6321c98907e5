//! Checks of a selection spec: what can be checked before any input is read
//! ([`SelectionSpec::check_static`]), against the loaded data ([`SelectionSpec::check_data`]) and
//! against the clusters made ([`SelectionSpec::check_k`]). Every error names the key
//! (`budget.n`), the value and what is allowed.

use super::{limits, Combine, Op, SelectionSpec, EP_STATUSES, POPULATION_SECTORS};
use crate::error::{Allowed, Error, Result, Schema, SettingError};

impl SelectionSpec {
    /// Validate against the analysed data: [`Self::check_static`], [`Self::check_data`] and, when the
    /// schools are clustered into `k` clusters, [`Self::check_k`].
    pub fn check(
        &self,
        numeric: &[String],
        academies: &[String],
        departements: &[String],
        k: Option<usize>,
        ncp: usize,
    ) -> Result<()> {
        self.check_static(Some(ncp), Some(k.is_some()))?;
        self.check_data(numeric, academies, departements)?;
        if let Some(k) = k {
            self.check_k(k)?;
        }
        Ok(())
    }

    /// Everything that can be checked without the data, before any input is read: every number in
    /// its range (see [`limits`]), every word among its values, each rule of exactly one kind and
    /// consistent with the others. `ncp` (components kept) bounds `score.axis` and `clustering`
    /// (whether the schools are clustered) allows cluster rules, when known.
    pub fn check_static(&self, ncp: Option<usize>, clustering: Option<bool>) -> Result<()> {
        let bad = |key: &str, value: &dyn std::fmt::Display, allowed: &str| {
            Error::setting(SettingError::new(Schema::Spec, key, value, allowed))
        };
        let about = |key: &str, problem: &str| {
            Error::setting(SettingError::about(Schema::Spec, key, problem))
        };
        let int = |range: Allowed, key: &str, v: usize| {
            range
                .check_int(Schema::Spec, key, v as u64)
                .map_err(Error::Setting)
        };
        let num = |range: Allowed, key: &str, v: f64| {
            range
                .check_number(Schema::Spec, key, v)
                .map_err(Error::Setting)
        };
        int(limits::BUDGET_N, "budget.n", self.budget.n)?;
        if !POPULATION_SECTORS.contains(&self.population.sector.as_str()) {
            return Err(bad(
                "population.sector",
                &self.population.sector,
                "public, private or all",
            ));
        }
        for d in &self.population.departement {
            if crate::data::normalize::departement(d).is_err() {
                return Err(bad(
                    "population.departement",
                    d,
                    "département codes (01 to 95, 2A, 2B, 971 to 976)",
                ));
            }
        }
        for e in &self.population.exclude_ep {
            if crate::data::normalize::ep_status(e).is_err() {
                return Err(bad("population.exclude_ep", e, EP_STATUSES));
            }
        }
        if let Some(h) = self.population.min_headcount {
            num(limits::MIN_HEADCOUNT, "population.min_headcount", h)?;
        }
        for (i, r) in self.criteria.rules.iter().enumerate() {
            let key = format!("criteria.rules[{i}]");
            let kinds = [
                r.variable.is_some(),
                r.clusters.is_some() || r.lowest_clusters.is_some(),
                r.ep_status.is_some(),
            ];
            if kinds.iter().filter(|k| **k).count() != 1 {
                return Err(about(&key, "give exactly one of: variable (+ op and value, quantile or reference), clusters or lowest_clusters, ep_status"));
            }
            if r.variable.is_some() {
                if r.op.is_none() {
                    return Err(about(
                        &format!("{key}.op"),
                        "missing: the comparison <=, <, >= or >",
                    ));
                }
                let thresholds = [
                    r.value.is_some(),
                    r.quantile.is_some(),
                    r.reference.is_some(),
                ];
                if thresholds.iter().filter(|t| **t).count() != 1 {
                    return Err(about(
                        &key,
                        "give exactly one threshold: value, quantile or reference",
                    ));
                }
                if let Some(v) = r.value {
                    num(limits::NUMBER, &format!("{key}.value"), v)?;
                }
                if let Some(q) = r.quantile {
                    num(limits::QUANTILE, &format!("{key}.quantile"), q)?;
                }
            }
            if r.clusters.is_some() || r.lowest_clusters.is_some() {
                if clustering == Some(false) {
                    return Err(about(
                        &key,
                        "cluster rules need the clustering (`clustering.enabled` = true)",
                    ));
                }
                for c in r.clusters.iter().flatten() {
                    int(limits::FROM_ONE, &format!("{key}.clusters"), *c)?;
                }
                if let Some(n) = r.lowest_clusters {
                    int(limits::FROM_ONE, &format!("{key}.lowest_clusters"), n)?;
                }
            }
            for e in r.ep_status.iter().flatten() {
                if crate::data::normalize::ep_status(e).is_err() {
                    return Err(bad(&format!("{key}.ep_status"), e, EP_STATUSES));
                }
            }
        }
        // Contradictory thresholds on one variable (all must hold): x <= a and x >= b with a < b.
        if self.criteria.combine == Combine::All {
            for (i, a) in self.criteria.rules.iter().enumerate() {
                for b in &self.criteria.rules[i + 1..] {
                    if let (Some(va), Some(vb), Some(ta), Some(tb), Some(oa), Some(ob)) =
                        (&a.variable, &b.variable, a.value, b.value, a.op, b.op)
                    {
                        let upper_lower = matches!(oa, Op::Le | Op::Lt)
                            && matches!(ob, Op::Ge | Op::Gt)
                            && ta < tb;
                        let lower_upper = matches!(oa, Op::Ge | Op::Gt)
                            && matches!(ob, Op::Le | Op::Lt)
                            && tb < ta;
                        if va == vb && (upper_lower || lower_upper) {
                            return Err(bad(
                                "criteria.rules",
                                &format!("{va} {} {ta} and {va} {} {tb}", oa.symbol(), ob.symbol()),
                                "criteria that some school can satisfy",
                            ));
                        }
                    }
                }
            }
        }
        if let Some(ax) = self.score.axis {
            if self.score.weights.is_some() {
                return Err(about("score", "give either axis or weights, not both"));
            }
            match ncp {
                Some(ncp) => int(
                    Allowed::Int {
                        min: 1,
                        max: Some(ncp as u64),
                    },
                    "score.axis",
                    ax,
                )?,
                None => int(limits::FROM_ONE, "score.axis", ax)?,
            }
        }
        for (v, w) in self.score.weights.iter().flatten() {
            num(limits::NUMBER, &format!("score.weights.{v}"), *w)?;
        }
        num(
            limits::LIKENESS,
            "orphans.likeness_threshold",
            self.orphans.likeness_threshold,
        )?;
        int(
            limits::NEIGHBOURS,
            "orphans.neighbours",
            self.orphans.neighbours,
        )?;
        int(
            limits::BOOTSTRAP,
            "sensitivity.bootstrap",
            self.sensitivity.bootstrap,
        )?;
        num(
            limits::QUANTILE_SHIFT,
            "sensitivity.quantile_shift",
            self.sensitivity.quantile_shift,
        )?;
        if let Some(c) = self.matching.caliper {
            num(limits::CALIPER, "matching.caliper", c)?;
        }
        Ok(())
    }

    /// Check against the data: every indicator named is a numeric column (`numeric`), every
    /// territory of the population is among `academies` / `departements`.
    pub fn check_data(
        &self,
        numeric: &[String],
        academies: &[String],
        departements: &[String],
    ) -> Result<()> {
        let list = |v: &[String]| crate::text::quote_at_most(&v.join(", "), 1000).into_owned();
        let bad = |key: &str, value: &str, allowed: String| {
            Error::setting(SettingError::new(Schema::Spec, key, value, allowed))
        };
        use crate::data::territory;
        for a in &self.population.academie {
            let w = territory::academie_wanted(a);
            if !academies.iter().any(|x| territory::academie_is(x, &w)) {
                let v: Vec<&str> = academies.iter().map(String::as_str).collect();
                return Err(bad(
                    "population.academie",
                    a,
                    territory::list_some(&territory::closest_first(a, &v), 40),
                ));
            }
        }
        for d in &self.population.departement {
            let dn = territory::departement_code(d).map_or_else(|| d.clone(), |t| t.to_string());
            if !departements.contains(&dn) {
                return Err(bad("population.departement", d, list(departements)));
            }
        }
        for (i, r) in self.criteria.rules.iter().enumerate() {
            if let Some(v) = &r.variable {
                if !numeric.contains(v) {
                    return Err(bad(
                        &format!("criteria.rules[{i}].variable"),
                        v,
                        list(numeric),
                    ));
                }
            }
        }
        for v in self.score.weights.iter().flat_map(|w| w.keys()) {
            if !numeric.contains(v) {
                return Err(bad("score.weights", v, list(numeric)));
            }
        }
        Ok(())
    }

    /// Check the cluster rules against the `k` clusters of the analysis.
    pub fn check_k(&self, k: usize) -> Result<()> {
        let range = Allowed::Int {
            min: 1,
            max: Some(k as u64),
        };
        for (i, r) in self.criteria.rules.iter().enumerate() {
            let key = format!("criteria.rules[{i}]");
            for c in r.clusters.iter().flatten() {
                range
                    .check_int(Schema::Spec, &format!("{key}.clusters"), *c as u64)
                    .map_err(|e| Error::setting(with_k(*e, k)))?;
            }
            if let Some(n) = r.lowest_clusters {
                range
                    .check_int(Schema::Spec, &format!("{key}.lowest_clusters"), n as u64)
                    .map_err(|e| Error::setting(with_k(*e, k)))?;
            }
        }
        Ok(())
    }
}

/// The error of a cluster rule, saying where the bound comes from.
fn with_k(mut e: SettingError, k: usize) -> SettingError {
    e.allowed = format!("{} (the analysis made k = {k} clusters)", e.allowed);
    e
}
