//! The `ciblage` command line: argument definitions and dispatch. The binary (`src/main.rs`) only
//! calls [`run`] and maps its error to an exit code; everything else here is internal to the crate.

use crate::error::{Place, Schema, SettingError};
use crate::job::settings::{defaults, limits, SampleFormat};
use crate::Result;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;

mod analysis;
mod args;
mod commands;
mod run;
#[cfg(test)]
mod tests;

pub(crate) use args::{
    ClusterArgs, FilterArgs, InputArgs, LookArgs, OutArgs, PcaArgs, RunOptions, SpecArgs,
};

#[derive(Parser)]
#[command(
    after_help = "Exit codes: 0 ok, 1 data or analysis error, 2 usage error (a flag, a setting, a path).",
    name = "ciblage",
    version,
    about = "Choose schools for a contrat local d'accompagnement (CLA) from official French school data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load, check and join input files; print what was kept and rejected.
    Validate {
        #[command(flatten)]
        input: InputArgs,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Standardised PCA identical to FactoMineR (eigenvalues.csv, variables.csv, individuals.csv, quali_sup.csv, pca.json).
    Pca {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        pca: PcaArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// PCA then HCPC (Ward + consolidation): the PCA files plus clusters.csv, cluster_description.csv,
    /// cluster_categories.csv, tree.csv, clusters.json.
    Cluster {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        pca: PcaArgs,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Choose schools: criteria, orphan detection, budget, explanations (the cluster files plus
    /// selection.csv, selection.geojson, sensitivity.csv, matches.csv, balance.csv, selection.json).
    Select {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        pca: PcaArgs,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[command(flatten)]
        spec: SpecArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Explain, criterion by criterion, why a school is (not) selected.
    Explain {
        /// The school's UAI.
        uai: String,
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        pca: PcaArgs,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[command(flatten)]
        spec: SpecArgs,
    },
    /// The main job: validate, PCA, clusters, selection, figures, maps, report.html and manifest.json.
    Run {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        pca: PcaArgs,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[command(flatten)]
        spec: SpecArgs,
        #[command(flatten)]
        look: LookArgs,
        #[command(flatten)]
        opts: RunOptions,
    },
    /// Draw one plot (PNG and SVG).
    Plot {
        /// The plot.
        #[arg(long, value_parser = plot_names())]
        what: String,
        /// Axes, e.g. 1,2 (from 1 to --ncp).
        #[arg(long, default_value = defaults::AXES, value_parser = commands::axes)]
        axes: (usize, usize),
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        pca: PcaArgs,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[command(flatten)]
        spec: SpecArgs,
        #[command(flatten)]
        look: LookArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Draw a map in Lambert-93 (PNG and SVG).
    Map {
        /// cluster, selected, orphan or a numeric indicator.
        #[arg(long = "color", default_value = defaults::COLOR)]
        colour: String,
        /// Colour territories instead of schools: departement or academie (a choropleth of the share
        /// selected, the orphans, or the median of an indicator).
        #[arg(long)]
        by: Option<String>,
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        pca: PcaArgs,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[command(flatten)]
        spec: SpecArgs,
        #[command(flatten)]
        look: LookArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Write the self-contained HTML report (same as run).
    Report {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        pca: PcaArgs,
        #[command(flatten)]
        cluster: ClusterArgs,
        #[command(flatten)]
        spec: SpecArgs,
        #[command(flatten)]
        look: LookArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Write a commented selection spec to start from.
    Init {
        /// With --config: the input files the configuration lists (default: the embedded sample's).
        files: Vec<PathBuf>,
        /// Where to write it (default: selection.toml, or ciblage.toml with --config).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write a run configuration (ciblage.toml) instead of a selection spec.
        #[arg(long)]
        config: bool,
        /// Write an allocation file (allocation.toml, for `ciblage allocate`) instead of a selection spec.
        #[arg(long, conflicts_with = "config")]
        allocation: bool,
        /// Overwrite.
        #[arg(long)]
        force: bool,
    },
    /// Split an envelope (hours, posts, euros) among the schools of a past run's selection by a
    /// stated rule of need and size: allocation.csv, allocation_summary.csv, figures/allocation.
    Allocate {
        /// Run directory (with its manifest.json; its inputs must be unchanged).
        dir: PathBuf,
        /// A TOML file with an [allocation] table (see `ciblage init --config`).
        #[arg(long)]
        config: PathBuf,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Re-run a run directory from its manifest.json and check that every output is byte-identical.
    Verify {
        /// Run directory.
        dir: PathBuf,
        /// Only compare the files with the hashes of the manifest (no re-run).
        #[arg(long)]
        hashes_only: bool,
    },
    /// Follow schools over the years: the panel of their indicators, comparison schools matched on
    /// pre-entry outcomes, difference-in-differences estimates per cohort and event time.
    Follow(commands::follow::FollowArgs),
    /// Write synthetic tables in the official formats (IPS, IVAC, EP list, coordinates, boundaries).
    Sample {
        /// Number of collèges.
        #[arg(long, default_value_t = defaults::SAMPLE_SCHOOLS, value_parser = args::int_in(limits::SAMPLE_SCHOOLS))]
        schools: usize,
        /// Random seed.
        #[arg(long, default_value_t = defaults::SAMPLE_SEED, value_parser = args::seed)]
        seed: u64,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
        /// official (the four official-format files) or table (one `colleges.csv`).
        #[arg(long, value_enum, default_value_t = SampleFormat::Official)]
        format: SampleFormat,
    },
}
/// The plots `plot --what` draws.
fn plot_names() -> clap::builder::PossibleValuesParser {
    let mut names: Vec<&'static str> = crate::report::figures::PLOTS.to_vec();
    names.push("wratio");
    clap::builder::PossibleValuesParser::new(names)
}

/// A refused flag value as the other setting errors: `--k 0: an integer >= 2`.
fn flag_error(e: &clap::Error) -> Option<SettingError> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if !matches!(
        e.kind(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation
    ) {
        return None;
    }
    let text = |k| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg)?;
    // "--k <K>" → "--k"; a positional argument ("[FILES]...") as clap shows it.
    let flag = arg.split([' ', '=']).next().unwrap_or(&arg).to_string();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let allowed = match e.get(ContextKind::ValidValue) {
        Some(ContextValue::Strings(v)) => crate::job::settings::enums::or_list(v),
        _ => std::error::Error::source(e)
            .map(|s| s.to_string())
            .unwrap_or_else(|| "not allowed".into()),
    };
    Some(SettingError {
        schema: Schema::Flag,
        key: flag.clone(),
        value: Some(value),
        allowed,
        place: Place::Flag(flag),
    })
}

/// The binary's entry: parse the process's command line (`std::env::args`), run the command, and
/// return its outcome. A usage error of the arguments themselves (an unknown flag, a value out of
/// range) is printed and ends the process with exit code 2 (`--help` and `--version` with 0), as clap
/// does; any other error is returned for the caller to print and map with [`crate::Error::exit_code`].
///
/// # Errors
///
/// Every [`crate::Error`] of the command run: data errors (exit code 1), settings and paths (2).
pub fn run() -> Result<()> {
    let parsed = Cli::command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m).map(|c| (c, m)));
    let (cli, matches) = match parsed {
        Ok(c) => c,
        Err(e) => {
            if let Some(s) = flag_error(&e) {
                eprintln!("error: {s}");
                std::process::exit(2);
            }
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    ignored_with_config(&matches)?;
    commands::dispatch(cli.command)
}

/// `run --config FILE` takes every analysis setting from the file: an analysis flag given with it
/// would be silently ignored (`--academie NANTES` with a national file runs nationally), so it is
/// refused, naming the flags. The flags of where and what to write stay allowed.
fn ignored_with_config(m: &clap::ArgMatches) -> Result<()> {
    use clap::parser::ValueSource;
    const WITH_CONFIG: &[&str] = &[
        "config",
        "out",
        "force",
        "dialect",
        "format",
        "parquet",
        "tables_only",
        "tables",
        "quiet",
        "json",
        "timings",
        "rejected",
    ];
    let Some(("run", r)) = m.subcommand() else {
        return Ok(());
    };
    let Some(config) = r.get_one::<PathBuf>("config") else {
        return Ok(());
    };
    let cmd = Cli::command();
    let run = cmd.find_subcommand("run");
    let mut given: Vec<String> = r
        .ids()
        .map(|id| id.as_str())
        .filter(|id| !WITH_CONFIG.contains(id))
        .filter(|id| r.value_source(id) == Some(ValueSource::CommandLine))
        // Only arguments: the ids of the flattened groups (`FilterArgs`…) are not flags.
        .filter_map(|id| run.and_then(|c| c.get_arguments().find(|a| a.get_id() == id)))
        .map(|a| {
            a.get_long()
                .map_or_else(|| "input files".to_string(), |l| format!("--{l}"))
        })
        .collect();
    given.sort();
    if given.is_empty() {
        return Ok(());
    }
    Err(crate::Error::Usage(format!(
        "{} cannot be used with --config: the configuration file {} holds every analysis setting and the \
         input files; set them there (see `ciblage init --config`), or drop --config",
        given.join(", "),
        crate::error::shown(config)
    )))
}
