//! Every setting of every command: flag, TOML key, commands, type, what it allows, default.
//!
//! The README's settings table is [`markdown`] (a test checks that the README holds it verbatim);
//! tests also check each row against clap's flags and defaults (`src/cli`) and against serde's
//! defaults of [`crate::job::config::RunConfig`] and [`crate::select::SelectionSpec`], so the
//! table, the flags and the files cannot drift apart. [`super::Origin::attribute`] uses it to name a
//! run-configuration key by its flag.

use super::enums::Tables;
use super::enums::{choices, name, Format, Language, Method, Preset, SampleFormat, Sector};
use super::{defaults, limits};
use crate::error::{toml_key, Schema};
use crate::select::allocation as alloc;
use crate::select::spec::{self, Combine, Equity, Op, Per, Reference, Within};

/// A default as the table shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// The value itself, as written on the command line or in the TOML file (lists: `a, b`;
    /// the empty list: `none`). Must equal clap's default and serde's, where they exist.
    Value(String),
    /// No value: what happens instead (`automatic`, `recognised from the header`).
    Note(&'static str),
}

/// One setting.
#[derive(Debug, Clone)]
pub struct Setting {
    /// Flag (`--k`).
    pub flag: Option<&'static str>,
    /// Dotted key in its file (`clustering.k`; `criteria.rules[].op` for every rule).
    pub key: Option<&'static str>,
    /// The file of the key: the run configuration or the selection spec (flag only: [`Schema::Flag`]).
    pub schema: Schema,
    /// Commands that take the flag (or read the key).
    pub commands: &'static [&'static str],
    /// Type.
    pub kind: &'static str,
    /// What is allowed.
    pub allowed: String,
    /// Default.
    pub default: Shown,
    /// What it does.
    pub doc: &'static str,
}

const INPUT: &[&str] = &[
    "validate", "pca", "cluster", "select", "explain", "run", "plot", "map", "report",
];
const ANALYSIS: &[&str] = &[
    "pca", "cluster", "select", "explain", "run", "plot", "map", "report",
];
const CLUSTER: &[&str] = &[
    "cluster", "select", "explain", "run", "plot", "map", "report",
];
const SPEC: &[&str] = &["select", "explain", "run", "plot", "map", "report"];
const LOOK: &[&str] = &["run", "plot", "map", "report"];
const LANG: &[&str] = &["run", "plot", "map", "report", "follow"];
const OUT: &[&str] = &[
    "pca", "cluster", "select", "plot", "map", "report", "follow", "allocate",
];
const FOLLOW: &[&str] = &["follow"];
const ALLOC: &[&str] = &["run", "allocate"];
const RUN: &[&str] = &["run"];
const FOLDERS: &[&str] = &[
    "pca", "cluster", "select", "plot", "map", "report", "run", "sample", "init", "follow",
    "allocate",
];

fn v(s: impl ToString) -> Shown {
    Shown::Value(s.to_string())
}

#[allow(clippy::too_many_arguments)]
fn row(
    flag: Option<&'static str>,
    key: Option<&'static str>,
    commands: &'static [&'static str],
    kind: &'static str,
    allowed: impl ToString,
    default: Shown,
    doc: &'static str,
) -> Setting {
    Setting {
        flag,
        key,
        schema: if key.is_some() {
            Schema::Config
        } else {
            Schema::Flag
        },
        commands,
        kind,
        allowed: allowed.to_string(),
        default,
        doc,
    }
}

fn spec_row(
    key: &'static str,
    kind: &'static str,
    allowed: impl ToString,
    default: Shown,
    doc: &'static str,
) -> Setting {
    Setting {
        flag: None,
        key: Some(key),
        schema: Schema::Spec,
        commands: SPEC,
        kind,
        allowed: allowed.to_string(),
        default,
        doc,
    }
}

const WORD: &str = "word";
const INT: &str = "integer";
const NUM: &str = "number";
const TEXT: &str = "text";
const LIST: &str = "list of text";
const PATH: &str = "path";
const SWITCH: &str = "switch";
const BOOL: &str = "true or false";

/// The words a spec key takes, from its serde names.
fn words<T: serde::Serialize>(values: &[T]) -> String {
    let names: Vec<String> = values
        .iter()
        .filter_map(|x| toml::Value::try_from(x).ok())
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect();
    super::enums::or_list(&names)
}

/// Every setting, in the order of the README's table.
pub fn all() -> Vec<Setting> {
    let f = Some;
    let k = Some;
    let nantes = crate::analysis::NANTES_INDICATORS.join(", ");
    let datasets = format!(
        "`table` or an official file's preset: {}",
        crate::data::presets::PRESETS
            .iter()
            .map(|p| p.name)
            .collect::<Vec<_>>()
            .join(", ")
    );
    let plots: Vec<String> = crate::report::figures::PLOTS
        .iter()
        .map(|p| p.to_string())
        .chain(["wratio".to_string()])
        .collect();
    vec![
        // Inputs.
        row(f("--input"), k("inputs.files"), INPUT, "paths", "CSV, JSON or Parquet files (also as arguments)", Shown::Note("none (`run`: the embedded sample)"), "Input files, joined on the UAI."),
        row(f("--dataset"), k("inputs.dataset"), INPUT, WORD, datasets, Shown::Note("recognised from each header"), "Dataset preset for every input."),
        row(f("--separator"), k("inputs.separator"), INPUT, WORD, "`;`, `,` or `tab`", Shown::Note("detected"), "Field separator of the inputs."),
        row(f("--year"), k("inputs.year"), INPUT, TEXT, "a school year, e.g. 2022-2023", Shown::Note("paired with the session, else the latest"), "School year kept from multi-year files."),
        row(f("--session"), k("inputs.session"), INPUT, TEXT, "a DNB session, e.g. 2023", Shown::Note("the one ending the school year"), "Session kept from value-added files."),
        row(f("--missing-tokens"), k("inputs.missing_tokens"), INPUT, LIST, "any (the empty cell always counts)", Shown::Note("empty, NS, NA, nd, ND, -"), "Cells read as missing."),
        row(f("--strict"), k("inputs.strict"), INPUT, SWITCH, "", v(false), "Stop (exit 1) when any row is rejected."),
        row(f("--id-column"), k("inputs.id_column"), INPUT, TEXT, "a header of the inputs (`--id` too), or in the file one header per input: `{ \"dnb.csv\" = \"Numero d'etablissement\" }`", Shown::Note("recognised from each header"), "Id (UAI) column of the inputs."),
        row(f("--encoding"), k("inputs.encoding"), INPUT, TEXT, super::ENCODING_ALLOWED, Shown::Note("UTF-8, UTF-16 by its byte-order mark, else Windows-1252"), "Text encoding of the inputs."),
        row(f("--max-input-bytes"), k("inputs.max_bytes"), INPUT, "size", super::SIZE_ALLOWED, Shown::Note("$CIBLAGE_MAX_INPUT_BYTES, else 4G"), "Size limit of one input (a bigger one is refused)."),
        row(f("--mean-sessions"), k("inputs.mean_sessions"), INPUT, INT, limits::MEAN_SESSIONS, Shown::Note("none"), "Add each value added's mean over this many sessions ending with the one kept (`va_success_rate_mean3`), and its value in each."),
        row(f("--rejected"), None, INPUT, PATH, "a file that no command reads, outside the output folder", Shown::Note("none"), "Write every rejected row with its reason (CSV)."),
        // Filter.
        row(f("--academie"), k("filter.academie"), ANALYSIS, LIST, "académies of the data", v("none"), "Keep these académies (none: all)."),
        row(f("--departement"), k("filter.departement"), ANALYSIS, LIST, "département codes of the data", v("none"), "Keep these départements (none: all)."),
        row(f("--sector"), k("filter.sector"), ANALYSIS, WORD, choices::<Sector>(), Shown::Note("all (`select`, `explain`, `run`, `plot`, `map`, `report`: public)"), "Keep one sector."),
        // PCA.
        row(f("--active"), k("pca.active"), ANALYSIS, LIST, "numeric columns of the data", v(&nantes), "Active variables of the PCA."),
        row(f("--quali-sup"), k("pca.quali_sup"), ANALYSIS, LIST, "columns of the data", Shown::Note("ep_status when present"), "Supplementary qualitative variables."),
        row(f("--quanti-sup"), k("pca.quanti_sup"), ANALYSIS, LIST, "numeric columns of the data", v("none"), "Supplementary quantitative variables."),
        row(f("--weights"), k("pca.weights"), ANALYSIS, TEXT, "a numeric column of the data", Shown::Note("equal weights"), "Row weights."),
        row(f("--ncp"), k("pca.ncp"), ANALYSIS, INT, limits::NCP, v(defaults::NCP), "Components kept."),
        row(f("--missing"), k("pca.missing"), ANALYSIS, WORD, choices::<crate::pca::Missing>(), v(name(&defaults::MISSING)), "Missing values in active variables."),
        row(f("--impute-ncp"), k("pca.impute_ncp"), ANALYSIS, INT, limits::IMPUTE_NCP, v(defaults::IMPUTE_NCP), "Components of the iterative imputation."),
        row(f("--orient"), k("pca.orient"), ANALYSIS, LIST, "AXIS:VARIABLE, axis from 1 to ncp, an active variable", v(defaults::ORIENT), "Make an axis grow with a variable (flags: only the commands that select, when ips is active)."),
        // Clustering.
        row(None, k("clustering.enabled"), RUN, BOOL, "", v(true), "Cluster the schools."),
        row(f("--method"), k("clustering.method"), CLUSTER, WORD, choices::<Method>(), v(name(&defaults::METHOD)), "Clustering method (kmeans needs k)."),
        row(f("--k"), k("clustering.k"), CLUSTER, INT, limits::K, Shown::Note("automatic (W(k)/W(k-1) rule)"), "Number of clusters."),
        row(f("--min-k"), k("clustering.min_k"), CLUSTER, INT, limits::MIN_K, Shown::Note("3, lowered with a note when the data allow fewer clusters"), "Smallest k of the automatic rule."),
        row(f("--max-k"), k("clustering.max_k"), CLUSTER, INT, format!("{}, and >= min_k", limits::MAX_K), Shown::Note("min(10, n/2)"), "Largest k of the automatic rule."),
        row(f("--no-consolidation"), None, CLUSTER, SWITCH, "", v(false), "Skip the k-means consolidation."),
        row(None, k("clustering.consolidate"), RUN, BOOL, "", v(true), "Consolidate the tree cut by k-means."),
        row(f("--iter-max"), k("clustering.iter_max"), CLUSTER, INT, limits::ITER_MAX, v(defaults::ITER_MAX), "Iterations of the consolidation."),
        row(f("--kk"), k("clustering.kk"), CLUSTER, INT, format!("{}, and >= k", limits::KK), Shown::Note("no pre-clustering"), "Pre-cluster into this many groups before the tree."),
        row(f("--seed"), k("clustering.seed"), CLUSTER, INT, limits::SEED, v(defaults::SEED), "Seed of every random step."),
        row(f("--bootstrap"), k("clustering.bootstrap"), CLUSTER, INT, limits::BOOTSTRAP, v(defaults::BOOTSTRAP), "Replicates of the cluster stability (0: none)."),
        row(f("--n-init"), k("clustering.n_init"), CLUSTER, INT, limits::N_INIT, v(defaults::N_INIT), "k-means starts (best inertia kept)."),
        // Selection.
        row(f("--spec"), k("selection.spec"), SPEC, PATH, "a selection spec (TOML)", Shown::Note("none"), "Selection spec file (see below)."),
        row(f("--preset"), k("selection.preset"), SPEC, WORD, choices::<Preset>(), v(name(&Preset::Auto)), "Built-in selection of a level (`nantes` = `colleges`; `auto`: the inputs' level in `run`, collèges elsewhere; see the presets table). `select`, `explain`: needs --spec or --preset."),
        row(f("--n"), k("selection.n"), SPEC, INT, limits::N, v(defaults::N), "Schools selected by the preset."),
        row(None, k("selection.n_per_level"), RUN, "table of integers", "level = n, levels of the inputs (ecoles, colleges, lycees-gt, lycees-pro), each n as `--n`", Shown::Note("none (`n` for every level)"), "Budget of each school level of the run (a run over several levels selects each apart)."),
        row(f("--equity"), k("selection.equity"), SPEC, WORD, choices::<Equity>(), v(name(&defaults::EQUITY)), "Equity indicator of the preset."),
        row(f("--no-sensitivity"), None, SPEC, SWITCH, "", v(false), "Skip the sensitivity analysis of the list."),
        row(None, k("selection.sensitivity"), RUN, BOOL, "", Shown::Note("the spec's (true)"), "Sensitivity analysis of the list."),
        row(f("--no-matching"), None, SPEC, SWITCH, "", v(false), "Skip the comparison schools and balance table."),
        row(None, k("selection.matching"), RUN, BOOL, "", Shown::Note("the spec's (true)"), "Comparison schools and balance table."),
        row(f("--no-neighbourhood"), None, SPEC, SWITCH, "", v(false), "Skip the neighbourhood orphan detector."),
        row(None, k("selection.neighbourhood"), RUN, BOOL, "", Shown::Note("the spec's (true)"), "Neighbourhood orphan detector."),
        row(f("--decisions"), k("selection.decisions"), SPEC, PATH, "a CSV file: uai, decision (include or exclude), reason, author, date (YYYY-MM-DD)", Shown::Note("none"), "Committee decisions, applied after the rules (an inclusion takes a place of the budget)."),
        row(f("--reference"), k("selection.reference"), SPEC, PATH, "a file with a UAI column (CSV, JSON or Parquet), one school per row", Shown::Note("none (REP/REP+)"), "Reference group of the threshold orphan detector, instead of the REP/REP+ schools (lycées: makes it run)."),
        // Allocation.
        row(None, k("allocation.amount"), ALLOC, NUM, "a number > 0, a multiple of step", Shown::Note("required (no [allocation]: no allocation)"), "The envelope to split among the schools."),
        row(None, k("allocation.unit"), ALLOC, WORD, words(&[alloc::Unit::Hours, alloc::Unit::Posts, alloc::Unit::Euros]), v("hours"), "What the envelope counts."),
        row(None, k("allocation.step"), ALLOC, NUM, "a number > 0", v(1), "Rounding unit (1: whole hours; 0.5: half posts)."),
        row(None, k("allocation.covers"), ALLOC, WORD, words(&[alloc::Covers::Selected, alloc::Covers::Eligible]), v("selected"), "Schools that share the envelope (committee inclusions always)."),
        row(None, k("allocation.size"), ALLOC, TEXT, "a numeric column of the data (pupils, classes or divisions)", Shown::Note("required"), "Size of each school: the weight is coefficient × size."),
        row(None, k("allocation.size_unit"), ALLOC, WORD, words(&[alloc::SizeUnit::Pupils, alloc::SizeUnit::Classes, alloc::SizeUnit::Divisions]), v("pupils"), "What the size counts (names the amount-per-size column)."),
        row(None, k("allocation.rule"), ALLOC, WORD, words(&[alloc::RuleWord::Proportional, alloc::RuleWord::Classes, alloc::RuleWord::Progressive]), v("proportional"), "How need sets the coefficient."),
        row(None, k("allocation.transform"), ALLOC, WORD, words(&[alloc::Transform::Rank, alloc::Transform::Exp]), v("rank"), "Proportional: m + 1 − need rank, or exp of the standardised score."),
        row(None, k("allocation.classes_of"), ALLOC, WORD, words(&[alloc::ClassesOf::Ips, alloc::ClassesOf::Need]), v("ips"), "Classes: IPS bands, or need-score quantiles."),
        row(None, k("allocation.bounds"), ALLOC, "list of numbers", "ascending; quantiles in (0, 1) for need classes", v("none"), "Classes: the class bounds."),
        row(None, k("allocation.coefficients"), ALLOC, "list of numbers", "numbers > 0: one per class, never less for the needier; progressive: [c_max, c_min]", v("none"), "Coefficient of each class, or of the two IPS bounds."),
        row(None, k("allocation.ips_bounds"), ALLOC, "list of numbers", "[low, high], low < high", v("none"), "Progressive: c_max at IPS <= low, c_min at IPS >= high, linear between."),
        row(None, k("allocation.floor"), ALLOC, NUM, "a multiple of step >= 0, Σ floors <= envelope", v(0), "Least amount per school."),
        row(None, k("allocation.cap"), ALLOC, NUM, "a multiple of step >= floor, Σ caps >= envelope", Shown::Note("none (no cap)"), "Largest amount per school."),
        row(None, k("allocation.per"), ALLOC, WORD, words(&[alloc::Per::Total, alloc::Per::Academie, alloc::Per::Departement, alloc::Per::Level]), v("total"), "One envelope, or one per académie, département or level (the run's school levels, or the data's `level` column; a run over several levels needs `level`)."),
        row(None, k("allocation.envelopes"), ALLOC, "table of numbers", "group = amount, multiples of step summing to amount", Shown::Note("none"), "The envelope of each group (with per)."),
        // Figures and outputs.
        row(f("--lang"), k("output.lang"), LANG, WORD, choices::<Language>(), v(name(&defaults::LANG)), "Language of figures and report."),
        row(f("--boundaries"), k("output.boundaries"), LOOK, PATH, "a GeoJSON file of polygons (WGS84)", Shown::Note("departements.geojson next to the first input, else the built-in départements and académies"), "Boundaries drawn on maps."),
        row(f("--by"), None, &["map"], WORD, "departement, academie", Shown::Note("none: schools as dots"), "Colour territories instead of schools (a choropleth)."),
        row(None, k("labels"), RUN, "table of strings", "column code = \"Label\"", Shown::Note("none"), "Labels of your own columns in plots, maps and the report."),
        row(f("--out"), None, OUT, PATH, "a new or empty folder (or --force) holding no input", Shown::Note("required"), "Output folder."),
        row(f("--out"), k("output.dir"), RUN, PATH, "a new or empty folder (or --force) holding no input", v(defaults::OUT_DIR), "Output folder (flag: a new ciblage-out, ciblage-out-2... when absent)."),
        row(f("--force"), None, FOLDERS, SWITCH, "", v(false), "Write into a folder that is not empty (or over an existing file)."),
        row(f("--dialect"), k("output.dialect"), &["pca", "cluster", "select", "plot", "map", "report", "run", "follow", "allocate"], WORD, choices::<crate::output::Dialect>(), v(name(&defaults::DIALECT)), "CSV dialect of the tables."),
        row(f("--format"), k("output.format"), RUN, "list of words", choices::<Format>(), v("csv"), "Table formats (CSV is always written)."),
        row(f("--parquet"), None, RUN, SWITCH, "", v(false), "Same as --format parquet (hidden)."),
        row(f("--tables"), k("output.tables"), RUN, WORD, choices::<Tables>(), v(name(&defaults::TABLES)), "Per-school tables (compact: one schools.csv)."),
        row(f("--tables-only"), None, RUN, SWITCH, "", v(false), "No figures, maps or report."),
        row(None, k("output.figures"), RUN, BOOL, "", v(true), "Draw the plots."),
        row(None, k("output.maps"), RUN, BOOL, "", v(true), "Draw the maps."),
        row(None, k("output.report"), RUN, BOOL, "", v(true), "Write report.html."),
        row(f("--config"), None, RUN, PATH, "a run configuration (TOML)", Shown::Note("none: settings from the flags"), "Every setting in one file (analysis flags and input files beside it are refused)."),
        row(f("--quiet"), None, RUN, SWITCH, "", v(false), "No summary on stderr."),
        row(f("--json"), None, &["validate", "run"], SWITCH, "", v(false), "Print the summary as JSON."),
        row(f("--timings"), None, RUN, SWITCH, "", v(false), "Print the time and memory of each step."),
        // Commands' own flags.
        row(f("--what"), None, &["plot"], WORD, super::enums::or_list(&plots), Shown::Note("required"), "The plot drawn."),
        row(f("--axes"), None, &["plot"], "two integers", "A,B, axes from 1 to ncp", v(defaults::AXES), "Axes of the plot."),
        row(f("--color"), None, &["map"], WORD, "cluster, selected, orphan or a numeric column", v(defaults::COLOR), "What colours the schools."),
        row(f("--hashes-only"), None, &["verify"], SWITCH, "", v(false), "Compare hashes only (no re-run)."),
        row(f("--config"), None, &["init"], SWITCH, "", v(false), "Write a run configuration instead of a spec."),
        row(f("--allocation"), None, &["init"], SWITCH, "", v(false), "Write an allocation file (for allocate) instead of a spec."),
        row(f("--out"), None, &["init"], PATH, "a file that does not exist (or --force)", Shown::Note("selection.toml (--config: ciblage.toml; --allocation: allocation.toml)"), "File written."),
        row(f("--config"), None, &["allocate"], PATH, "a TOML file with an [allocation] table", Shown::Note("required"), "How to split the envelope."),
        row(f("--schools"), None, &["sample"], INT, limits::SAMPLE_SCHOOLS, v(defaults::SAMPLE_SCHOOLS), "Synthetic collèges."),
        row(f("--seed"), None, &["sample"], INT, limits::SEED, v(defaults::SAMPLE_SEED), "Seed of the sample."),
        row(f("--out"), None, &["sample"], PATH, "a folder (existing files need --force)", Shown::Note("required"), "Folder written."),
        row(f("--format"), None, &["sample"], WORD, choices::<SampleFormat>(), v(name(&SampleFormat::Official)), "Official-format files or one table."),
        row(f("--input"), None, FOLLOW, "paths", "official files of several years, the user's yearly tables (also as arguments)", Shown::Note("required"), "Files read for every year they hold."),
        row(f("--selection"), None, FOLLOW, PATH, "a past run's selection.csv (with --entry)", Shown::Note("none"), "Follow its selected schools."),
        row(f("--entry"), None, FOLLOW, TEXT, "a session (2024) or a school year (2023-2024)", Shown::Note("required with --selection"), "Entry session of the --selection schools."),
        row(f("--list"), None, FOLLOW, PATH, "a CSV with a UAI and an entry column", Shown::Note("none"), "Follow your own list of schools."),
        row(f("--matches"), None, FOLLOW, PATH, "a past run's matches.csv (id, match_id)", Shown::Note("matched on pre-entry outcomes"), "Comparison schools."),
        row(f("--outcome"), None, FOLLOW, LIST, "numeric columns of the files", Shown::Note("required"), "Outcomes followed."),
        row(f("--indicator"), None, FOLLOW, LIST, "numeric columns of the files", Shown::Note("none"), "Other indicators followed (panel, trajectories, balance, dashboards), not estimated."),
        row(f("--match-within"), None, FOLLOW, WORD, choices::<crate::follow::matching::Scope>(), v(name(&crate::follow::matching::Scope::Anywhere)), "Where comparison schools come from: anywhere, or the followed school's académie or département."),
        row(f("--match-sessions"), None, FOLLOW, INT, limits::MATCH_SESSIONS, v(defaults::MATCH_SESSIONS), "Pre-entry sessions matched on."),
        row(f("--placebo"), None, FOLLOW, INT, limits::PLACEBO, v(defaults::PLACEBO), "Placebo lists drawn at random from the eligible schools (needs --selection)."),
        row(f("--seed"), None, FOLLOW, INT, limits::SEED, v(defaults::FOLLOW_SEED), "Seed of the placebo draws."),
        // The selection spec.
        spec_row("population.sector", WORD, super::enums::or_list(&spec::POPULATION_SECTORS.map(String::from)), v("public"), "Who can be chosen."),
        spec_row("population.academie", LIST, "académies of the data", v("none"), "Académies (none: all)."),
        spec_row("population.departement", LIST, "département codes of the data", v("none"), "Départements (none: all)."),
        spec_row("population.exclude_ep", LIST, spec::EP_STATUSES, v("REP, REP+"), "EP statuses not eligible."),
        spec_row("population.min_headcount", NUM, spec::limits::MIN_HEADCOUNT, Shown::Note("none"), "Smallest headcount."),
        spec_row("criteria.combine", WORD, words(&[Combine::All, Combine::Any]), v("all"), "Every rule, or at least one."),
        spec_row("criteria.rules[].variable", TEXT, "a numeric column of the data", Shown::Note("none"), "Threshold rule: the indicator."),
        spec_row("criteria.rules[].op", WORD, words(&[Op::Le, Op::Lt, Op::Ge, Op::Gt]), Shown::Note("required with variable"), "Threshold rule: the comparison."),
        spec_row("criteria.rules[].value", NUM, spec::limits::NUMBER, Shown::Note("none"), "Threshold rule: an absolute threshold."),
        spec_row("criteria.rules[].quantile", NUM, spec::limits::QUANTILE, Shown::Note("none"), "Threshold rule: a quantile of the territory (R type 7)."),
        spec_row("criteria.rules[].reference", WORD, words(&[Reference::MedianRep, Reference::Median]), Shown::Note("none"), "Threshold rule: a median of the territory."),
        spec_row("criteria.rules[].within", WORD, words(&[Within::National, Within::Academie, Within::Departement]), v("academie"), "Territory of quantiles and medians."),
        spec_row("criteria.rules[].clusters", "list of integers", "from 1 to k", Shown::Note("none"), "Cluster rule: these clusters."),
        spec_row("criteria.rules[].lowest_clusters", INT, "from 1 to k", Shown::Note("none"), "Cluster rule: the n clusters lowest on axis 1."),
        spec_row("criteria.rules[].ep_status", LIST, spec::EP_STATUSES, Shown::Note("none"), "EP-status rule."),
        spec_row("criteria.rules[].label", TEXT, "any", Shown::Note("none"), "Name of the rule in explanations."),
        spec_row("score.axis", INT, "from 1 to ncp", v(1), "Need = minus the coordinate on this axis."),
        spec_row("score.weights", "table of numbers", format!("numeric columns = {}", spec::limits::NUMBER), Shown::Note("none"), "Or: weighted standardised indicators."),
        spec_row("budget.n", INT, spec::limits::BUDGET_N, Shown::Note("required"), "Schools selected (per group)."),
        spec_row("budget.per", WORD, words(&[Per::Total, Per::Academie, Per::Departement]), v("total"), "Budget groups."),
        spec_row("orphans.enabled", BOOL, "", v(true), "Detect orphans (off for lycées: outside éducation prioritaire; the columns are then empty)."),
        spec_row("orphans.within", WORD, words(&[Within::National, Within::Academie, Within::Departement]), v("academie"), "Territory of the REP median."),
        spec_row("orphans.neighbourhood", BOOL, "", v(true), "Run the neighbourhood detector."),
        spec_row("orphans.neighbours", INT, spec::limits::NEIGHBOURS, v(spec::defaults::NEIGHBOURS), "Neighbours of the EP-likeness."),
        spec_row("orphans.likeness_threshold", NUM, spec::limits::LIKENESS, v(spec::defaults::LIKENESS), "EP-likeness of an orphan."),
        spec_row("sensitivity.enabled", BOOL, "", v(true), "Threshold variants and bootstrap of the list."),
        spec_row("sensitivity.bootstrap", INT, spec::limits::BOOTSTRAP, v(spec::defaults::BOOTSTRAP), "Bootstrap resamples."),
        spec_row("sensitivity.seed", INT, limits::SEED, v(spec::defaults::SEED), "Seed of the resamples."),
        spec_row("sensitivity.quantile_shift", NUM, spec::limits::QUANTILE_SHIFT, v(spec::defaults::QUANTILE_SHIFT), "Quantile thresholds moved by ±shift."),
        spec_row("matching.enabled", BOOL, "", v(true), "Comparison schools and balance table."),
        spec_row("matching.same_academie", BOOL, "", v(false), "Comparison schools from the same académie."),
        spec_row("matching.caliper", NUM, spec::limits::CALIPER, Shown::Note("none (no limit)"), "Largest distance to a comparison school."),
    ]
}

/// The row of a key.
pub fn by_key(schema: Schema, key: &str) -> Option<Setting> {
    all()
        .into_iter()
        .find(|s| s.schema == schema && s.key == Some(key))
}

/// The key as the README shows it: `[clustering] k`, `[[criteria.rules]] op`.
pub fn shown_key(key: &str) -> String {
    match key.split_once("[]") {
        Some((table, rest)) => format!("[[{table}]] {}", rest.trim_start_matches('.')),
        None => toml_key(key),
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

fn default_cell(d: &Shown) -> String {
    match d {
        Shown::Value(v) if v.is_empty() => "`\"\"`".into(),
        Shown::Value(v) => format!("`{}`", cell(v)),
        Shown::Note(n) => cell(n),
    }
}

/// The settings tables of the README (Markdown).
pub fn markdown() -> String {
    let rows = all();
    let mut s = String::from(
        "| flag | `ciblage.toml` key | commands | type | allowed | default | |\n|---|---|---|---|---|---|---|\n",
    );
    for r in rows.iter().filter(|r| r.schema != Schema::Spec) {
        let commands = if r.commands == INPUT {
            "all but init, verify, sample".to_string()
        } else {
            r.commands.join(", ")
        };
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            r.flag.map_or(String::new(), |f| format!("`{f}`")),
            r.key
                .map_or(String::new(), |k| format!("`{}`", shown_key(k))),
            commands,
            r.kind,
            cell(&r.allowed),
            default_cell(&r.default),
            cell(r.doc)
        ));
    }
    s.push_str("\nThe selection spec (`--spec FILE`, `[selection] spec`; `ciblage init` writes a commented one):\n\n| `selection.toml` key | type | allowed | default | |\n|---|---|---|---|---|\n");
    for r in rows.iter().filter(|r| r.schema == Schema::Spec) {
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            shown_key(r.key.unwrap_or_default()),
            r.kind,
            cell(&r.allowed),
            default_cell(&r.default),
            cell(r.doc)
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::config::RunConfig;
    use std::collections::BTreeMap;

    /// Dotted keys of a TOML value with their values as the table shows them (arrays of tables left
    /// out: their keys are `table[].key`).
    fn flatten(v: &toml::Value, prefix: &str, out: &mut BTreeMap<String, String>) {
        match v {
            toml::Value::Table(t) => {
                for (k, x) in t {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    flatten(x, &key, out);
                }
            }
            toml::Value::Array(a) if a.iter().any(|x| x.is_table()) => {}
            toml::Value::Array(a) if a.is_empty() => {
                out.insert(prefix.into(), "none".into());
            }
            toml::Value::Array(a) => {
                let items: Vec<String> = a.iter().map(plain).collect();
                out.insert(prefix.into(), items.join(", "));
            }
            x => {
                out.insert(prefix.into(), plain(x));
            }
        }
    }

    fn plain(v: &toml::Value) -> String {
        match v {
            toml::Value::String(s) => s.clone(),
            toml::Value::Float(f) => f.to_string(),
            other => other.to_string(),
        }
    }

    /// The table's defaults are serde's: every key serde fills in is in the table with that value,
    /// every key the table gives a value is filled in by serde with it.
    fn same_defaults(schema: Schema, serde_defaults: &toml::Value, required: &[&str]) {
        let mut flat = BTreeMap::new();
        flatten(serde_defaults, "", &mut flat);
        let rows: Vec<Setting> = all().into_iter().filter(|r| r.schema == schema).collect();
        // Arrays of tables (`criteria.rules`) are documented by their keys (`criteria.rules[].op`).
        let array = |k: &str| {
            rows.iter()
                .any(|r| r.key.is_some_and(|x| x.starts_with(&format!("{k}[]"))))
        };
        for (k, val) in flat
            .iter()
            .filter(|(k, _)| !required.contains(&k.as_str()) && !array(k))
        {
            let r = rows
                .iter()
                .find(|r| r.key == Some(k.as_str()))
                .unwrap_or_else(|| panic!("{k} (default {val}) is not in the settings table"));
            assert_eq!(r.default, Shown::Value(val.clone()), "default of {k}");
        }
        for r in &rows {
            let k = r.key.unwrap_or_default();
            if let Shown::Value(v) = &r.default {
                if !k.contains("[]") && !required.contains(&k) {
                    assert_eq!(flat.get(k), Some(v), "table default of {k}");
                }
            }
        }
    }

    /// Every key of the table is a key of its template (commented or not): the templates
    /// `ciblage init` writes document every setting.
    fn in_template(schema: Schema, template: &str) {
        let mut sections: BTreeMap<String, String> = BTreeMap::new();
        let mut current = String::new();
        for line in template.lines() {
            // An optional section is commented out whole (`# [allocation]`).
            let t = line.trim();
            let t = match t.strip_prefix("# [") {
                Some(rest) if rest.ends_with(']') && !rest.starts_with('[') => &t[2..],
                _ => t,
            };
            if t.starts_with('[') {
                let header = t.split('#').next().unwrap_or(t).trim();
                current = header.trim_matches(['[', ']']).to_string();
            } else {
                let e = sections.entry(current.clone()).or_default();
                e.push_str(line);
                e.push('\n');
            }
        }
        for r in all().into_iter().filter(|r| r.schema == schema) {
            let key = r.key.unwrap_or_default().replace("[]", "");
            let (section, name) = key.rsplit_once('.').unwrap_or(("", &key));
            let text = sections
                .get(section)
                .unwrap_or_else(|| panic!("no [{section}] in the template"));
            assert!(
                text.contains(&format!("{name} =")),
                "{key} is not documented in the template"
            );
        }
    }

    #[test]
    fn the_table_has_serde_defaults_and_the_templates_every_key() {
        // With the optional [allocation] given its two required keys, so its defaults are checked.
        let config: RunConfig =
            toml::from_str("[inputs]\nfiles = []\n[allocation]\namount = 1\nsize = \"x\"\n")
                .unwrap();
        same_defaults(
            Schema::Config,
            &toml::Value::try_from(config).unwrap(),
            &["inputs.files", "allocation.amount", "allocation.size"],
        );
        let spec: crate::select::SelectionSpec = toml::from_str("[budget]\nn = 21\n").unwrap();
        same_defaults(
            Schema::Spec,
            &toml::Value::try_from(spec).unwrap(),
            &["budget.n"],
        );
        in_template(Schema::Config, crate::job::config::TEMPLATE);
        in_template(Schema::Spec, crate::select::spec::TEMPLATE);
    }

    /// The values the templates set are the defaults, but for the few they set on purpose.
    fn template_values_are_defaults(schema: Schema, template: &str, on_purpose: &[&str]) {
        let v: toml::Value = toml::from_str(template).unwrap();
        let mut flat = BTreeMap::new();
        flatten(&v, "", &mut flat);
        for (k, val) in flat
            .iter()
            .filter(|(k, _)| !on_purpose.contains(&k.as_str()))
        {
            let r = by_key(schema, k).unwrap_or_else(|| panic!("template key {k}"));
            assert_eq!(r.default, Shown::Value(val.clone()), "the template's {k}");
        }
    }

    #[test]
    fn the_templates_show_the_defaults() {
        // The run template keeps public schools, drops incomplete rows and names the sample's files.
        template_values_are_defaults(
            Schema::Config,
            crate::job::config::TEMPLATE,
            &[
                "inputs.files",
                "filter.sector",
                "pca.missing",
                "output.boundaries",
            ],
        );
        // The spec template is the Nantes method (its rules), with the defaults elsewhere.
        template_values_are_defaults(Schema::Spec, crate::select::spec::TEMPLATE, &["budget.n"]);
    }

    #[test]
    fn the_readme_holds_the_table() {
        crate::text::readme_holds("settings", &markdown(), "the_readme_holds_the_table");
    }

    #[test]
    fn run_keys_with_a_flag_name_it() {
        assert_eq!(
            by_key(Schema::Config, "clustering.k").unwrap().flag,
            Some("--k")
        );
        assert_eq!(
            by_key(Schema::Config, "selection.n").unwrap().flag,
            Some("--n")
        );
        assert!(by_key(Schema::Config, "output.figures")
            .unwrap()
            .flag
            .is_none());
        assert_eq!(shown_key("criteria.rules[].op"), "[[criteria.rules]] op");
    }
}
