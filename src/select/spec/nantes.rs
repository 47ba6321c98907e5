//! The Nantes method (the académie's 2023 CLA selection): its preset, [`SelectionSpec::nantes`], the
//! equity indicator it offers ([`Equity`]), and the commented spec `ciblage init` writes from it
//! ([`TEMPLATE`]).

use super::*;

/// Equity indicator of the Nantes preset (`--equity`, `[selection] equity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Equity {
    /// Low access rate 6e→3e (pupils who leave before 3e): `access_rate_6e_3e` at or below the académie median.
    #[default]
    Access,
    /// High IPS spread (social mix inside the school): `ips_sd` at or above the académie median.
    #[serde(alias = "ips-spread")]
    #[value(name = "ips_spread", alias = "ips-spread")]
    IpsSpread,
    /// Low success rate given the IPS: `success_rate` at or below the académie median.
    Success,
}

impl std::str::FromStr for Equity {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "access" => Ok(Equity::Access),
            "ips_spread" | "ips-spread" => Ok(Equity::IpsSpread),
            "success" => Ok(Equity::Success),
            _ => Err(format!(
                "unknown equity indicator '{s}' (access, ips_spread or success)"
            )),
        }
    }
}

impl SelectionSpec {
    /// The Nantes preset: public collèges outside REP/REP+ of the académies given, with IPS at or below
    /// the académie median, low equity (see [`Equity`]), value added ≤ 0, ranked by the disadvantage axis.
    pub fn nantes(academie: Vec<String>, n: usize, equity: Equity) -> Self {
        let rel = |variable: &str, op: Op, label: &str| Rule {
            variable: Some(variable.into()),
            op: Some(op),
            quantile: Some(0.5),
            within: Within::Academie,
            label: Some(label.into()),
            ..Default::default()
        };
        let equity_rule = match equity {
            Equity::Access => rel("access_rate_6e_3e", Op::Le, "low equity: access rate 6e-3e"),
            Equity::IpsSpread => rel("ips_sd", Op::Ge, "low equity: high IPS spread"),
            Equity::Success => rel("success_rate", Op::Le, "low equity: success rate"),
        };
        SelectionSpec {
            population: Population {
                academie,
                ..Default::default()
            },
            criteria: Criteria {
                combine: Combine::All,
                rules: vec![
                    rel("ips", Op::Le, "disadvantaged: IPS"),
                    equity_rule,
                    Rule {
                        variable: Some("va_success_rate".into()),
                        op: Some(Op::Le),
                        value: Some(0.0),
                        label: Some("value added null or negative".into()),
                        ..Default::default()
                    },
                ],
            },
            score: Score::default(),
            budget: Budget { n, per: Per::Total },
            orphans: OrphanParams::default(),
            sensitivity: Sensitivity::default(),
            matching: Matching::default(),
            decisions: None,
        }
    }
}

/// A commented spec written by `ciblage init` (the Nantes method, to adapt).
pub const TEMPLATE: &str = r#"# ciblage selection spec. Unknown keys are rejected. Every key is optional except [budget].

[population]
sector = "public"              # public | private | all (EP and CLA concern public schools)
academie = []                  # e.g. ["NANTES"]; empty = every académie analysed
departement = []               # e.g. ["44", "49"]
exclude_ep = ["REP", "REP+"]   # statuses already supported by éducation prioritaire
# min_headcount = 100

[criteria]
combine = "all"                # all | any

[[criteria.rules]]             # socially disadvantaged: IPS at or below the académie median
label = "disadvantaged"
variable = "ips"
op = "<="
quantile = 0.5
within = "academie"            # national | academie | departement

[[criteria.rules]]             # low equity: access rate 6e->3e at or below the académie median
label = "low equity"
variable = "access_rate_6e_3e"
op = "<="
quantile = 0.5
within = "academie"

[[criteria.rules]]             # value added null or negative
label = "value added <= 0"
variable = "va_success_rate"
op = "<="
value = 0.0

# Other rule kinds:
# [[criteria.rules]]  variable = "ips"  op = "<="  reference = "median_rep"   (median of REP/REP+ schools)
# [[criteria.rules]]  lowest_clusters = 2                                      (clusters lowest on axis 1)
# [[criteria.rules]]  clusters = [1, 2]
# [[criteria.rules]]  ep_status = ["HORS EP"]

[score]                        # higher = more in need
axis = 1                       # minus the coordinate on axis 1 (oriented to grow with IPS)
# weights = { ips = -1.0, access_rate_6e_3e = -0.5 }   # instead of axis

[budget]
n = 21
per = "total"                  # total | academie | departement

[orphans]
enabled = true                 # false: no orphan detection (lycées are outside éducation prioritaire)
within = "academie"            # territory of the REP median
# neighbourhood = false        # skip the neighbourhood detector (k nearest schools: slow at national scale)
neighbours = 10                # k nearest schools in the PCA space
likeness_threshold = 0.5       # share of REP/REP+ among them

[sensitivity]
# enabled = false              # skip the threshold variants and the bootstrap of the list
bootstrap = 50
seed = 1
quantile_shift = 0.05

[matching]
# enabled = false              # skip the comparison schools and the balance table
same_academie = false
# caliper = 1.0
"#;
