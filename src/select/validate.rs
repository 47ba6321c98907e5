//! Checking a selection spec against the analysed data, and naming its variables and territories as
//! the data does.

use super::spec::{Combine, Op, SelectionSpec};
use crate::error::{Error, Result};
use std::collections::BTreeMap;

impl SelectionSpec {
    /// The spec with every variable named by the key of its column (see
    /// [`crate::data::Table::resolve`]: a user's own header, a canonical name such as `success_rate`,
    /// or the same spelling up to case, accents and separators) and every territory of the population
    /// in its stored form (académie label, département code), so that `nantes`, `Nantes` and `17`
    /// are the same académie.
    ///
    /// # Errors
    /// [`Error::Config`] naming the key when a variable matches no numeric column (saying why).
    pub fn resolved(&self, table: &crate::data::Table) -> Result<Self> {
        let mut s = self.clone();
        let bad = |key: String, v: &str, e: Error| Error::Config {
            path: "<spec>".into(),
            reason: match e {
                Error::UnknownColumn { available, .. } => format!(
                    "{key} = {}: allowed values: {available}",
                    crate::text::quote(v)
                ),
                e => format!("{key} = {}: {e}", crate::text::quote(v)),
            },
        };
        for (i, r) in s.criteria.rules.iter_mut().enumerate() {
            if let Some(v) = &r.variable {
                let k = table
                    .resolve_numeric(v)
                    .map_err(|e| bad(format!("criteria.rules[{i}].variable"), v, e))?;
                r.variable = Some(k);
            }
        }
        if let Some(w) = &s.score.weights {
            let mut out = BTreeMap::new();
            for (v, x) in w {
                let k = table
                    .resolve_numeric(v)
                    .map_err(|e| bad("score.weights".into(), v, e))?;
                out.insert(k, *x);
            }
            s.score.weights = Some(out);
        }
        s.population.academie = s
            .population
            .academie
            .iter()
            .map(|a| {
                crate::data::territory::academie(a)
                    .map_or_else(|| a.clone(), |x| x.label.to_string())
            })
            .collect();
        s.population.departement = s
            .population
            .departement
            .iter()
            .map(|d| {
                crate::data::territory::departement_code(d)
                    .map_or_else(|| d.clone(), |c| c.to_string())
            })
            .collect();
        Ok(s)
    }

    /// Validate against the analysed data: known indicators and territories, consistent rules.
    pub fn check(
        &self,
        numeric: &[String],
        academies: &[String],
        departements: &[String],
        k: Option<usize>,
        ncp: usize,
    ) -> Result<()> {
        let bad = |key: &str, value: String, allowed: String| Error::Config {
            path: "<spec>".into(),
            reason: format!("{key} = {value}: allowed values: {allowed}"),
        };
        if self.budget.n == 0 {
            return Err(bad("budget.n", "0".into(), "an integer >= 1".into()));
        }
        if !matches!(
            self.population.sector.as_str(),
            "public" | "private" | "all"
        ) {
            return Err(bad(
                "population.sector",
                self.population.sector.clone(),
                "public, private, all".into(),
            ));
        }
        use crate::data::territory;
        for a in &self.population.academie {
            let w = territory::academie_wanted(a);
            if !academies.iter().any(|x| territory::academie_is(x, &w)) {
                let v: Vec<&str> = academies.iter().map(String::as_str).collect();
                return Err(bad(
                    "population.academie",
                    a.clone(),
                    territory::list_some(&territory::closest_first(a, &v), 40),
                ));
            }
        }
        for d in &self.population.departement {
            let dn = territory::departement_code(d).map_or_else(|| d.clone(), |t| t.to_string());
            if !departements.contains(&dn) {
                return Err(bad(
                    "population.departement",
                    d.clone(),
                    departements.join(", "),
                ));
            }
        }
        for e in &self.population.exclude_ep {
            crate::data::normalize::ep_status(e).map_err(|_| {
                bad(
                    "population.exclude_ep",
                    e.clone(),
                    "REP+, REP, HORS EP, NON EP".into(),
                )
            })?;
        }
        for (i, r) in self.criteria.rules.iter().enumerate() {
            let key = format!("criteria.rules[{i}]");
            let kinds = [
                r.variable.is_some(),
                r.clusters.is_some() || r.lowest_clusters.is_some(),
                r.ep_status.is_some(),
            ];
            if kinds.iter().filter(|k| **k).count() != 1 {
                return Err(bad(&key, "?".into(), "exactly one of: variable (+ op and value|quantile|reference), clusters|lowest_clusters, ep_status".into()));
            }
            if let Some(v) = &r.variable {
                if !numeric.contains(v) {
                    return Err(bad(
                        &format!("{key}.variable"),
                        v.clone(),
                        numeric.join(", "),
                    ));
                }
                if r.op.is_none() {
                    return Err(bad(
                        &format!("{key}.op"),
                        "missing".into(),
                        "<=, <, >=, >".into(),
                    ));
                }
                let thresholds = [
                    r.value.is_some(),
                    r.quantile.is_some(),
                    r.reference.is_some(),
                ];
                if thresholds.iter().filter(|t| **t).count() != 1 {
                    return Err(bad(
                        &key,
                        "?".into(),
                        "exactly one of value, quantile, reference".into(),
                    ));
                }
                if let Some(q) = r.quantile {
                    if !(0.0..=1.0).contains(&q) {
                        return Err(bad(
                            &format!("{key}.quantile"),
                            q.to_string(),
                            "a number in [0, 1]".into(),
                        ));
                    }
                }
            }
            if r.clusters.is_some() || r.lowest_clusters.is_some() {
                let Some(k) = k else {
                    return Err(bad(
                        &key,
                        "clusters".into(),
                        "cluster rules need the clustering (do not pass --no-cluster)".into(),
                    ));
                };
                for c in r.clusters.iter().flatten() {
                    if *c == 0 || *c > k {
                        return Err(bad(
                            &format!("{key}.clusters"),
                            c.to_string(),
                            format!("1..={k}"),
                        ));
                    }
                }
                if r.lowest_clusters.is_some_and(|n| n == 0 || n > k) {
                    return Err(bad(
                        &format!("{key}.lowest_clusters"),
                        format!("{:?}", r.lowest_clusters),
                        format!("1..={k}"),
                    ));
                }
            }
            for e in r.ep_status.iter().flatten() {
                crate::data::normalize::ep_status(e).map_err(|_| {
                    bad(
                        &format!("{key}.ep_status"),
                        e.clone(),
                        "REP+, REP, HORS EP, NON EP".into(),
                    )
                })?;
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
                                format!("{va} {} {ta} and {va} {} {tb}", oa.symbol(), ob.symbol()),
                                "criteria that some school can satisfy".into(),
                            ));
                        }
                    }
                }
            }
        }
        if let Some(ax) = self.score.axis {
            if self.score.weights.is_some() {
                return Err(bad(
                    "score",
                    "axis and weights".into(),
                    "either axis or weights".into(),
                ));
            }
            if ax == 0 || ax > ncp {
                return Err(bad("score.axis", ax.to_string(), format!("1..={ncp}")));
            }
        }
        for v in self.score.weights.iter().flat_map(|w| w.keys()) {
            if !numeric.contains(v) {
                return Err(bad("score.weights", v.clone(), numeric.join(", ")));
            }
        }
        if !(0.0..=1.0).contains(&self.orphans.likeness_threshold) {
            return Err(bad(
                "orphans.likeness_threshold",
                self.orphans.likeness_threshold.to_string(),
                "a number in [0, 1]".into(),
            ));
        }
        if self.orphans.neighbours == 0 {
            return Err(bad(
                "orphans.neighbours",
                "0".into(),
                "an integer >= 1".into(),
            ));
        }
        Ok(())
    }
}
