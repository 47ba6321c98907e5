//! `[allocation]`: the keys, their defaults and their checks (before any work; exit 2 naming the
//! key), and the template `ciblage init --allocation` writes.

use crate::error::{Error, Result, Schema, SettingError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the envelope counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Teaching hours (HSE).
    #[default]
    Hours,
    /// Posts.
    Posts,
    /// Euros.
    Euros,
}

/// Which schools share the envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Covers {
    /// The selected schools (committee inclusions included).
    #[default]
    Selected,
    /// Every eligible school (and the included ones).
    Eligible,
}

/// What the size column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SizeUnit {
    /// Pupils.
    #[default]
    Pupils,
    /// Classes (écoles).
    Classes,
    /// Divisions (collèges, lycées).
    Divisions,
}

impl SizeUnit {
    /// The per-size column of `allocation.csv`.
    pub fn per_column(self) -> &'static str {
        match self {
            SizeUnit::Pupils => "amount_per_pupil",
            SizeUnit::Classes => "amount_per_class",
            SizeUnit::Divisions => "amount_per_division",
        }
    }
}

/// Envelopes per group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    /// One envelope.
    #[default]
    Total,
    /// One per académie.
    Academie,
    /// One per département (code).
    Departement,
    /// One per school level (the `level` column: écoles, collèges, lycées).
    Level,
}

/// Transform of the score for the proportional rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transform {
    /// `m + 1 − rank` (mean ranks for ties).
    #[default]
    Rank,
    /// `exp` of the standardised score.
    Exp,
}

/// What need classes are cut on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClassesOf {
    /// IPS bands (values).
    #[default]
    Ips,
    /// Quantiles of the need score.
    Need,
}

/// The rule word of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleWord {
    /// Proportional to a transform of the score.
    #[default]
    Proportional,
    /// Stepped need classes.
    Classes,
    /// Continuous function of IPS.
    Progressive,
}

/// `[allocation]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocationSpec {
    /// The envelope (in `unit`s).
    pub amount: f64,
    /// What it counts.
    #[serde(default)]
    pub unit: Unit,
    /// Rounding unit (1: whole hours; 0.5: half posts).
    #[serde(default = "one")]
    pub step: f64,
    /// Schools covered.
    #[serde(default)]
    pub covers: Covers,
    /// Size column (pupils, classes or divisions).
    pub size: String,
    /// What the size counts.
    #[serde(default)]
    pub size_unit: SizeUnit,
    /// The rule.
    #[serde(default)]
    pub rule: RuleWord,
    /// Proportional: transform of the score.
    #[serde(default)]
    pub transform: Transform,
    /// Classes: on IPS values or on need-score quantiles.
    #[serde(default)]
    pub classes_of: ClassesOf,
    /// Classes: ascending bounds (IPS values, or quantiles in (0, 1)).
    #[serde(default)]
    pub bounds: Vec<f64>,
    /// Classes: one per class (bounds + 1); progressive: `[c_max, c_min]`.
    #[serde(default)]
    pub coefficients: Vec<f64>,
    /// Progressive: `[low, high]` IPS.
    #[serde(default)]
    pub ips_bounds: Vec<f64>,
    /// Least amount per school.
    #[serde(default)]
    pub floor: f64,
    /// Largest amount per school (none: no cap).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<f64>,
    /// Envelopes per group.
    #[serde(default)]
    pub per: Per,
    /// Group → envelope, when `per` is not `total` (they sum to `amount`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub envelopes: BTreeMap<String, f64>,
}

fn one() -> f64 {
    1.0
}

/// The rule, checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// Proportional to `size × transform(score)`.
    Proportional {
        /// The transform.
        transform: Transform,
    },
    /// Stepped classes.
    Classes {
        /// IPS or need.
        of: ClassesOf,
        /// Ascending bounds.
        bounds: Vec<f64>,
        /// One per class.
        coefficients: Vec<f64>,
    },
    /// Linear in IPS between two bounds.
    Progressive {
        /// `[low, high]`.
        ips_bounds: [f64; 2],
        /// `[c_max, c_min]`.
        coefficients: [f64; 2],
    },
}

/// A checked spec: amounts in whole units of `step`.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidAllocation {
    /// The spec as written.
    pub spec: AllocationSpec,
    /// The rule.
    pub rule: Rule,
    /// Envelope per group, in steps (one group `""` when `per = "total"`).
    pub envelopes: BTreeMap<String, u64>,
    /// Floor, in steps.
    pub floor: u64,
    /// Cap, in steps (`u64::MAX`: none).
    pub cap: u64,
}

pub(crate) fn bad(key: &str, value: impl std::fmt::Display, allowed: impl Into<String>) -> Error {
    Error::setting(SettingError::new(Schema::Config, key, value, allowed))
}

/// `x / step` as a whole number, when it is one (to 1e-9).
fn steps(x: f64, step: f64) -> Option<u64> {
    let q = x / step;
    let r = q.round();
    (q.is_finite() && r >= 0.0 && (q - r).abs() <= 1e-9 * r.max(1.0)).then_some(r as u64)
}

impl AllocationSpec {
    /// Check every key that can be checked without the data (exit 2 naming the key).
    pub fn check(&self) -> Result<ValidAllocation> {
        let k = |s: &str| format!("allocation.{s}");
        if !(self.step.is_finite() && self.step > 0.0) {
            return Err(bad(&k("step"), self.step, "a number > 0"));
        }
        if !(self.amount.is_finite() && self.amount > 0.0) {
            return Err(bad(&k("amount"), self.amount, "a number > 0"));
        }
        let mult = |key: &str, x: f64| {
            steps(x, self.step).ok_or_else(|| {
                bad(
                    &k(key),
                    x,
                    format!(
                        "a multiple of `allocation.step` = {} that is >= 0",
                        self.step
                    ),
                )
            })
        };
        let total = mult("amount", self.amount)?;
        if self.size.trim().is_empty() {
            return Err(bad(
                &k("size"),
                "\"\"",
                "a numeric column: pupils, classes or divisions",
            ));
        }
        let floor = mult("floor", self.floor)?;
        let cap = match self.cap {
            Some(c) => {
                let c = mult("cap", c)?;
                if c == 0 || c < floor {
                    return Err(bad(
                        &k("cap"),
                        self.cap.unwrap_or_default(),
                        format!("> 0 and at least `allocation.floor` = {}", self.floor),
                    ));
                }
                c
            }
            None => u64::MAX,
        };
        let positive = |key: &str, v: &[f64]| -> Result<()> {
            match v.iter().find(|x| !(x.is_finite() && **x > 0.0)) {
                Some(x) => Err(bad(&k(key), x, "finite numbers > 0")),
                None => Ok(()),
            }
        };
        let unused = |key: &str, empty: bool| -> Result<()> {
            if empty {
                Ok(())
            } else {
                Err(Error::setting(SettingError::about(
                    Schema::Config,
                    k(key),
                    format!("not used by `allocation.rule` = {:?}: remove it", self.rule)
                        .to_lowercase(),
                )))
            }
        };
        let rule = match self.rule {
            RuleWord::Proportional => {
                unused("bounds", self.bounds.is_empty())?;
                unused("coefficients", self.coefficients.is_empty())?;
                unused("ips_bounds", self.ips_bounds.is_empty())?;
                Rule::Proportional {
                    transform: self.transform,
                }
            }
            RuleWord::Classes => {
                unused("ips_bounds", self.ips_bounds.is_empty())?;
                if self.bounds.is_empty() {
                    return Err(Error::setting(SettingError::about(
                        Schema::Config,
                        k("bounds"),
                        "required by rule = \"classes\": the ascending class bounds",
                    )));
                }
                if self.bounds.iter().any(|b| !b.is_finite())
                    || self.bounds.windows(2).any(|w| w[0] >= w[1])
                {
                    return Err(bad(
                        &k("bounds"),
                        list(&self.bounds),
                        "finite, strictly ascending numbers",
                    ));
                }
                if self.classes_of == ClassesOf::Need
                    && self.bounds.iter().any(|&q| !(q > 0.0 && q < 1.0))
                {
                    return Err(bad(
                        &k("bounds"),
                        list(&self.bounds),
                        "quantiles in (0, 1) with classes_of = \"need\"",
                    ));
                }
                if self.coefficients.len() != self.bounds.len() + 1 {
                    return Err(bad(
                        &k("coefficients"),
                        list(&self.coefficients),
                        format!(
                            "{} numbers: one per class (`allocation.bounds` + 1)",
                            self.bounds.len() + 1
                        ),
                    ));
                }
                positive("coefficients", &self.coefficients)?;
                // Monotone in need: IPS classes run from the neediest (low IPS) up, need classes
                // from the least needy up.
                let ok = match self.classes_of {
                    ClassesOf::Ips => self.coefficients.windows(2).all(|w| w[0] >= w[1]),
                    ClassesOf::Need => self.coefficients.windows(2).all(|w| w[0] <= w[1]),
                };
                if !ok {
                    return Err(bad(
                        &k("coefficients"),
                        list(&self.coefficients),
                        match self.classes_of {
                            ClassesOf::Ips => {
                                "non-increasing (a lower IPS never gets a smaller coefficient)"
                            }
                            ClassesOf::Need => {
                                "non-decreasing (a higher need never gets a smaller coefficient)"
                            }
                        },
                    ));
                }
                Rule::Classes {
                    of: self.classes_of,
                    bounds: self.bounds.clone(),
                    coefficients: self.coefficients.clone(),
                }
            }
            RuleWord::Progressive => {
                unused("bounds", self.bounds.is_empty())?;
                let b = &self.ips_bounds;
                if b.len() != 2 || !b.iter().all(|x| x.is_finite()) || b[0] >= b[1] {
                    return Err(bad(
                        &k("ips_bounds"),
                        list(b),
                        "[low, high]: two finite IPS values, low < high",
                    ));
                }
                let c = &self.coefficients;
                if c.len() != 2 {
                    return Err(bad(
                        &k("coefficients"),
                        list(c),
                        "[c_max, c_min]: two numbers, c_max >= c_min > 0",
                    ));
                }
                positive("coefficients", c)?;
                if c[0] < c[1] {
                    return Err(bad(
                        &k("coefficients"),
                        list(c),
                        "[c_max, c_min] with c_max >= c_min (a lower IPS never gets less)",
                    ));
                }
                Rule::Progressive {
                    ips_bounds: [b[0], b[1]],
                    coefficients: [c[0], c[1]],
                }
            }
        };
        let envelopes = match self.per {
            Per::Total => {
                if !self.envelopes.is_empty() {
                    return Err(Error::setting(SettingError::about(
                        Schema::Config,
                        k("envelopes"),
                        "given with `allocation.per` = total: set per = academie, departement or level, or remove them",
                    )));
                }
                BTreeMap::from([(String::new(), total)])
            }
            _ => {
                if self.envelopes.is_empty() {
                    return Err(Error::setting(SettingError::about(
                        Schema::Config,
                        k("envelopes"),
                        "required with `allocation.per`: one amount per group, e.g. { \"44\" = 700, \"49\" = 500 }",
                    )));
                }
                let mut m = BTreeMap::new();
                let mut sum = 0u64;
                for (g, &x) in &self.envelopes {
                    let s = mult("envelopes", x)?;
                    sum += s;
                    m.insert(g.clone(), s);
                }
                if sum != total {
                    return Err(bad(
                        &k("amount"),
                        self.amount,
                        format!(
                            "the sum of `allocation.envelopes` ({})",
                            sum as f64 * self.step
                        ),
                    ));
                }
                m
            }
        };
        Ok(ValidAllocation {
            spec: self.clone(),
            rule,
            envelopes,
            floor,
            cap,
        })
    }
}

fn list(v: &[f64]) -> String {
    format!(
        "[{}]",
        v.iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The allocation file `ciblage init --allocation` writes (for `ciblage allocate --config`, or to
/// paste into a run configuration): a progressive rule on the IPS file's headcount.
pub const TEMPLATE: &str = r#"# ciblage allocation: `ciblage allocate RUN_DIR --config allocation.toml --out DIR`,
# or paste the [allocation] table into a run configuration (ciblage.toml).
[allocation]
amount = 1000                  # the envelope, a multiple of step
unit = "hours"                 # hours | posts | euros
step = 1                       # rounding unit (0.5: half posts)
covers = "selected"            # selected | eligible (committee inclusions always)
size = "headcount"             # a numeric column: pupils (headcount = the IPS file's effectifs), classes or divisions
size_unit = "pupils"           # pupils | classes | divisions
rule = "progressive"           # proportional | classes | progressive
ips_bounds = [80, 110]         # progressive: coefficient 2 at IPS <= 80, 1 at IPS >= 110, linear between
coefficients = [2, 1]          # progressive: [c_max, c_min]; classes: one per class
# transform = "rank"           # proportional: rank (m + 1 - rank) | exp (exp of the standardised score)
# classes_of = "ips"           # classes: ips (bounds are IPS values) | need (bounds are score quantiles)
# bounds = [90, 100]           # classes: ascending bounds
floor = 10                     # at least this per school
cap = 100                      # at most this per school
per = "total"                  # total | academie | departement | level (one envelope per group)
# envelopes = { "44" = 400, "49" = 300, "53" = 100, "72" = 100, "85" = 100 }   # with per
"#;
