//! The commented `ciblage.toml` that `ciblage init --config` writes: every key of [`super::config`]
//! with its default, as a user edits it (a test checks it parses and names every key of the settings
//! table).

use std::path::PathBuf;

/// [`TEMPLATE`] listing `files` as the inputs (paths as given, relative to the configuration when
/// it sits next to them), or the embedded sample's when `files` is empty.
pub fn template_for(files: &[PathBuf]) -> String {
    if files.is_empty() {
        return TEMPLATE.to_string();
    }
    let start = TEMPLATE.find("files = [").unwrap_or(0);
    let end = TEMPLATE[start..]
        .find("]\n")
        .map_or(start, |e| start + e + 2);
    let list: Vec<String> = files
        .iter()
        .map(|f| format!("  {:?},\n", f.display().to_string()))
        .collect();
    let mut s = format!(
        "{}files = [\n{}]\n{}",
        &TEMPLATE[..start],
        list.concat(),
        &TEMPLATE[end..]
    );
    // The sample's boundaries: departements.geojson next to the first input is the default.
    s = s.replace(
        "boundaries = \"data-samples/departements.geojson\"",
        "# boundaries = \"departements.geojson\"  # default: departements.geojson next to the first input",
    );
    s
}

/// A commented config written by `ciblage init --config`.
pub const TEMPLATE: &str = r#"# ciblage run configuration: `ciblage run --config ciblage.toml`. Paths are relative to this file.

# Labels of your own columns in plots, maps and the report (canonical indicators have theirs):
# labels = { taux_boursiers = "Taux de boursiers" }

[inputs]
files = [
  "data-samples/fr-en-ips-colleges-ap2022.csv",
  "data-samples/fr-en-indicateurs-valeur-ajoutee-colleges.csv",
  "data-samples/fr-en-etablissements-ep.csv",
  "data-samples/fr-en-adresse-et-geolocalisation-colleges.csv",
]
# dataset = "ips-colleges"     # force a preset for every file (default: recognised from the header)
# year = "2022-2023"           # school year of multi-year files
# session = "2023"             # DNB session (default: the one ending the school year)
strict = false                 # true: any rejected row stops the run
# separator = ";"              # ";", "," or "tab" (default: detected)
# missing_tokens = ["", "NS", "NA", "nd", "ND", "-"]
# id_column = "UAI"            # the UAI column when not recognised; or per file:
# id_column = { "dnb.csv" = "Numero d'etablissement" }
# encoding = "windows-1252"    # default: UTF-8, UTF-16 by its byte-order mark, else Windows-1252
# max_bytes = "4G"             # size limit of one input (default: $CIBLAGE_MAX_INPUT_BYTES, else 4G)
# mean_sessions = 3            # add each value added's mean over 3 sessions (va_success_rate_mean3) and its value in each

[filter]
academie = []                  # e.g. ["NANTES"]
departement = []
sector = "public"

[pca]
active = ["ips", "ips_sd", "success_rate", "va_success_rate", "written_mark", "va_written_mark", "access_rate_6e_3e"]
# quali_sup = ["ep_status"]    # default: ep_status when the inputs have it
quanti_sup = []
# weights = "effectifs"        # a numeric column of row weights (default: equal weights)
ncp = 5
missing = "drop"               # error | drop | mean | iterative
impute_ncp = 2
orient = ["1:ips"]             # axis 1 grows with IPS

[clustering]
enabled = true
method = "hcpc"                # hcpc (Ward + consolidation, as FactoMineR) | kmeans (needs k)
# k = 4                        # fixed number of clusters (default: W(k)/W(k-1) rule)
# min_k = 3                    # default 3 (lowered with a note when the data allow fewer clusters)
# max_k = 10                   # default min(10, round(n / 2)) as FactoMineR
consolidate = true
iter_max = 10
# kk = 1000                    # pre-cluster very large inputs (> ~20,000 schools)
seed = 1
n_init = 1                     # k-means starts
bootstrap = 0                  # replicates for cluster stability (0 = off)

[selection]
preset = "auto"                # the preset of the inputs' level: ecoles | colleges (nantes) | lycees-gt | lycees-pro; or a spec of your own:
# spec = "selection.toml"      # (see `ciblage init`); a spec replaces the preset
n = 21
# n_per_level = { ecoles = 30, colleges = 21 }   # files of several levels: each level's budget (default: n)
equity = "access"              # access | ips_spread | success
# sensitivity = false          # skip the threshold variants and bootstrap of the list (default: the spec's, on)
# matching = false             # skip the matched comparison schools and balance table
# neighbourhood = false        # skip the neighbourhood orphan detector (k-NN of every school: slow at national scale)
# decisions = "decisions.csv"  # committee decisions (uai, decision, reason, author, date), applied after the rules
# reference = "reference.csv"  # reference group of the threshold orphan detector (a UAI column), instead of REP/REP+

[output]
dir = "ciblage-out"
dialect = "standard"           # standard | excel-fr
lang = "en"                    # en | fr
boundaries = "data-samples/departements.geojson"   # default: the built-in départements and académies
format = ["csv"]               # add "parquet" for schools.parquet
tables = "full"                # full | compact (one schools.csv instead of the per-school files: very large runs)
figures = true
maps = true
report = true

# Split an envelope among the selected schools (see `ciblage allocate`); uncomment to use:
# [allocation]
# amount = 1200                # the envelope, a multiple of step
# unit = "hours"               # hours | posts | euros
# step = 1                     # rounding unit (0.5: half posts)
# covers = "selected"          # selected | eligible
# size = "headcount"           # a numeric column: pupils, classes or divisions
# size_unit = "pupils"         # pupils | classes | divisions
# rule = "progressive"         # proportional | classes | progressive
# transform = "rank"           # proportional: rank | exp
# classes_of = "ips"           # classes: ips | need
# bounds = [90, 100]           # classes: ascending IPS bounds (need: quantiles)
# coefficients = [2, 1]        # classes: one per class; progressive: [c_max, c_min]
# ips_bounds = [80, 110]       # progressive: c_max at IPS <= 80, c_min at IPS >= 110
# floor = 10                   # at least this per school
# cap = 200                    # at most this per school
# per = "total"                # total | academie | departement | level (files of several levels: level)
# envelopes = { "44" = 700, "49" = 500 }   # with per: one amount per group ({ ecoles = 500, colleges = 700 })
"#;
