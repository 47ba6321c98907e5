//! PCA settings: [`PcaParams`] (builder), checked into [`PcaValidParams`] before any work.

use super::impute;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// What to do with missing values in active variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Missing {
    /// Refuse, naming the column, the first school and the file the value should come from.
    Error,
    /// Drop incomplete rows, each reported as rejected with its reason, with a count per column (the
    /// default: the official IVAC files have schools without value added).
    #[default]
    Drop,
    /// Replace by the column mean (FactoMineR's behaviour), with a warning.
    Mean,
    /// Regularised iterative PCA imputation (missMDA `imputePCA`).
    Iterative,
}

impl std::str::FromStr for Missing {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "error" => Ok(Missing::Error),
            "drop" => Ok(Missing::Drop),
            "mean" => Ok(Missing::Mean),
            "iterative" | "impute" => Ok(Missing::Iterative),
            _ => Err(format!(
                "unknown missing-value policy '{s}' (error, drop, mean or iterative)"
            )),
        }
    }
}

/// Flip axis `axis` (1-based) so that `variable` loads positively on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Orient {
    /// Axis, 1-based.
    pub axis: usize,
    /// Active variable name.
    pub variable: String,
}

impl std::str::FromStr for Orient {
    type Err = String;
    /// `"1:ips"` → axis 1 grows with `ips`.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let (a, v) = s
            .split_once(':')
            .ok_or_else(|| format!("orientation '{s}': write AXIS:VARIABLE, e.g. 1:ips"))?;
        let axis = a
            .trim()
            .parse()
            .map_err(|_| format!("orientation '{s}': axis '{a}' is not a number"))?;
        Ok(Orient {
            axis,
            variable: v.trim().to_string(),
        })
    }
}

/// PCA parameters (builder).
#[derive(Debug, Clone, PartialEq)]
pub struct PcaParams {
    pub(super) ncp: usize,
    pub(super) orient: Vec<Orient>,
    pub(super) missing: Missing,
    pub(super) impute: impute::ImputeParams,
}

impl Default for PcaParams {
    fn default() -> Self {
        PcaParams {
            ncp: 5,
            orient: Vec::new(),
            missing: Missing::Drop,
            impute: impute::ImputeParams::default(),
        }
    }
}

/// Validated PCA parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct PcaValidParams(pub(super) PcaParams);

impl PcaParams {
    /// The orientation rules (`1:ips`), in the order they are applied.
    pub fn orientations(&self) -> &[Orient] {
        &self.orient
    }

    /// Defaults: 5 components, FactoMineR sign rule, incomplete rows dropped (and reported).
    pub fn new() -> Self {
        Self::default()
    }
    /// Number of components kept (capped at `min(p, n-1)` when fitting).
    pub fn ncp(mut self, ncp: usize) -> Self {
        self.ncp = ncp;
        self
    }
    /// Orientation rules.
    pub fn orient(mut self, o: Vec<Orient>) -> Self {
        self.orient = o;
        self
    }
    /// Missing-value policy.
    pub fn missing(mut self, m: Missing) -> Self {
        self.missing = m;
        self
    }
    /// Imputation settings (for [`Missing::Iterative`]).
    pub fn impute(mut self, i: impute::ImputeParams) -> Self {
        self.impute = i;
        self
    }
    /// Validate.
    pub fn check(self) -> Result<PcaValidParams> {
        if self.ncp == 0 {
            return Err(Error::InvalidParam {
                name: "ncp",
                value: "0".into(),
                reason: "keep at least one component".into(),
            });
        }
        for o in &self.orient {
            if o.axis == 0 || o.axis > self.ncp {
                return Err(Error::InvalidParam {
                    name: "orient",
                    value: format!("{}:{}", o.axis, o.variable),
                    reason: format!("axis must be between 1 and ncp = {}", self.ncp),
                });
            }
        }
        self.impute.check()?;
        Ok(PcaValidParams(self))
    }
}

impl PcaValidParams {
    /// The parameters.
    pub fn params(&self) -> &PcaParams {
        &self.0
    }

    /// Missing-value policy.
    pub fn missing(&self) -> Missing {
        self.0.missing
    }

    /// Imputation settings.
    pub fn impute_params(&self) -> &impute::ImputeParams {
        &self.0.impute
    }
}
