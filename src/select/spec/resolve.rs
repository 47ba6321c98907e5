//! Naming a selection spec's variables and territories as the analysed data does.

use super::SelectionSpec;
use crate::error::{Error, Result, Schema, SettingError};
use std::collections::BTreeMap;

impl SelectionSpec {
    /// The spec with every variable named by the key of its column (see
    /// [`crate::data::Table::resolve`]: a user's own header, a canonical name such as `success_rate`,
    /// or the same spelling up to case, accents and separators) and every territory of the population
    /// in its stored form (académie label, département code), so that `nantes`, `Nantes` and `17`
    /// are the same académie.
    ///
    /// # Errors
    /// [`Error::Setting`] naming the key when a variable matches no numeric column (saying why).
    pub fn resolved(&self, table: &crate::data::Table) -> Result<Self> {
        let mut s = self.clone();
        let bad = |key: String, v: &str, e: Error| {
            Error::setting(match e {
                Error::UnknownColumn { available, .. } => {
                    SettingError::new(Schema::Spec, &key, v, available)
                }
                e => SettingError::about(
                    Schema::Spec,
                    &key,
                    &format!("{}: {e}", crate::text::quote(v)),
                ),
            })
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
}
