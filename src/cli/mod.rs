//! Argument definitions and dispatch for the `ciblage` binary.

use ciblage::data::summary;
use ciblage::output::Dialect;
use ciblage::{Error, Result};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

mod analysis;
mod args;
mod run;

use analysis::{analyse_with, config, embedded_sample_config, fresh_dir, full, select};
pub use args::{
    ClusterArgs, FilterArgs, InputArgs, LookArgs, OutArgs, PcaArgs, SpecArgs, DEFAULT_ACTIVE,
};

#[derive(Parser)]
#[command(
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
        /// Output directory (default: a new ciblage-out folder).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite files in a non-empty output directory.
        #[arg(long)]
        force: bool,
        /// CSV dialect: standard or excel-fr (default: the config's, else standard).
        #[arg(long, alias = "csv-dialect")]
        dialect: Option<String>,
        /// Extra table formats, comma-separated: parquet writes schools.parquet (CSV is always written).
        #[arg(long, value_delimiter = ',')]
        format: Vec<String>,
        /// Same as --format parquet.
        #[arg(long, hide = true)]
        parquet: bool,
        /// Tables and manifest only: no figures, maps or report (benchmarks, very large inputs).
        #[arg(long)]
        tables_only: bool,
        /// Per-school tables: full (individuals.csv, clusters.csv, selection.csv with an explanation per
        /// school...) or compact (one schools.csv, for hundreds of thousands of schools).
        #[arg(long)]
        tables: Option<String>,
        /// Every setting in one TOML file (see `ciblage init --config`); other analysis flags are ignored.
        #[arg(long)]
        config: Option<PathBuf>,
        /// No summary on stderr.
        #[arg(long)]
        quiet: bool,
        /// Print a JSON summary on stdout.
        #[arg(long)]
        json: bool,
        /// Print the wall time and peak memory of each step on stderr (also in manifest.json).
        #[arg(long)]
        timings: bool,
    },
    /// Draw one plot (PNG and SVG).
    Plot {
        /// scree, circle, individuals, biplot, contrib, dendrogram, wratio, silhouette or profiles.
        #[arg(long)]
        what: String,
        /// Axes, e.g. 1,2.
        #[arg(long, default_value = "1,2")]
        axes: String,
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
        #[arg(long = "color", default_value = "cluster")]
        colour: String,
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
        /// Where to write it (default: selection.toml, or ciblage.toml with --config).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write a run configuration (ciblage.toml) instead of a selection spec.
        #[arg(long)]
        config: bool,
        /// Overwrite.
        #[arg(long)]
        force: bool,
    },
    /// Re-run a run directory from its manifest.json and check that every output is byte-identical.
    Verify {
        /// Run directory.
        dir: PathBuf,
        /// Only compare the files with the hashes of the manifest (no re-run).
        #[arg(long)]
        hashes_only: bool,
    },
    /// Write synthetic tables in the official formats (IPS, IVAC, EP list, coordinates, boundaries).
    Sample {
        /// Number of collèges.
        #[arg(long, default_value_t = 300)]
        schools: usize,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
        /// official (the four official-format files) or table (one `colleges.csv`).
        #[arg(long, default_value = "official")]
        format: String,
    },
}
pub fn run() -> Result<()> {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    match cli.command {
        Command::Validate { input, json } => {
            let inputs = input.load()?;
            if json {
                let s = serde_json::to_string_pretty(&summary::validation(&inputs))
                    .map_err(|e| Error::Usage(e.to_string()))?;
                println!("{s}");
            } else {
                print!("{}", summary::render_text(&inputs, 20));
            }
            Ok(())
        }
        Command::Pca {
            input,
            filter,
            pca,
            out,
        } => {
            let params = pca.params()?;
            let dialect = out.prepare(&input)?;
            let inputs = input.load()?;
            let (table, excluded) = filter.filter().apply(&inputs.table);
            let spec = pca.spec(&table)?;
            let run = ciblage::pca::table::run(&table, &spec, &params)?;
            for w in &run.warnings {
                eprintln!("warning: {w}");
            }
            ciblage::pca::export::write(&run, &out.out, dialect)?;
            let e = &run.result.eigenvalues;
            eprintln!(
                "PCA of {} schools x {} variables ({} excluded by filters, {} dropped for missing values): axis 1 {:.1} %, axis 2 {:.1} %; written to {}",
                run.result.n,
                run.result.p,
                excluded.len(),
                run.rejected.len(),
                e[0].percentage_of_variance,
                e.get(1).map_or(0.0, |x| x.percentage_of_variance),
                out.out.display()
            );
            Ok(())
        }
        Command::Cluster {
            input,
            filter,
            pca,
            cluster,
            out,
        } => {
            cluster.params()?;
            pca.params()?;
            let dialect = out.prepare(&input)?;
            let inputs = input.load()?;
            let cfg = config(&filter, &pca, Some(&cluster), &inputs.table, false)?;
            let a = analyse_with(&inputs, &cfg, &cluster)?;
            for w in &a.pca.warnings {
                eprintln!("warning: {w}");
            }
            ciblage::pca::export::write(&a.pca, &out.out, dialect)?;
            ciblage::pipeline::export::write_clusters(&a, &out.out, dialect)?;
            if let Some(h) = &a.hcpc {
                for m in h.messages() {
                    eprintln!("note: {m}");
                }
                eprintln!(
                    "{} schools in {} clusters (sizes {:?}); written to {}",
                    a.pca.result.n,
                    h.k,
                    h.sizes,
                    out.out.display()
                );
            }
            Ok(())
        }
        Command::Select {
            input,
            filter,
            pca,
            cluster,
            spec,
            out,
        } => {
            let dialect = out.prepare(&input)?;
            let (a, sel) = select(&input, &filter, &pca, &cluster, &spec)?;
            ciblage::pca::export::write(&a.pca, &out.out, dialect)?;
            ciblage::pipeline::export::write_clusters(&a, &out.out, dialect)?;
            ciblage::select::export::write(&sel, &out.out, dialect)?;
            let eligible = sel.schools.eligible.iter().filter(|x| **x).count();
            let all = sel.orphan_counts.get("ALL").cloned().unwrap_or_default();
            eprintln!(
                "{} schools analysed, {} eligible, {} selected; orphans: threshold {}, cluster {}, neighbourhood {}; written to {}",
                sel.schools.len(),
                eligible,
                sel.selected.len(),
                all.threshold,
                all.cluster,
                all.neighbourhood,
                out.out.display()
            );
            Ok(())
        }
        Command::Explain {
            uai,
            input,
            filter,
            pca,
            cluster,
            spec,
        } => {
            let (_, sel) = select(&input, &filter, &pca, &cluster, &spec)?;
            print!("{}", sel.explain(&uai)?);
            Ok(())
        }
        Command::Run {
            input,
            filter,
            pca,
            cluster,
            spec,
            look,
            out,
            force,
            dialect,
            format,
            parquet,
            tables_only,
            tables,
            config,
            quiet,
            json,
            timings,
        } => {
            let no_inputs = input.files.is_empty() && input.input.is_empty();
            // With a config file, or with no input at all (the embedded sample), everything comes from
            // a RunConfig; otherwise the flags are turned into one.
            let mut cfg = match (&config, no_inputs) {
                (Some(p), _) => ciblage::pipeline::config::RunConfig::from_file(p)?,
                (None, true) => embedded_sample_config()?,
                (None, false) => run::flags_config(&run::Flags {
                    input: &input,
                    filter: &filter,
                    pca: &pca,
                    cluster: &cluster,
                    spec: &spec,
                    look: &look,
                })?,
            };
            let mut format = format;
            if parquet {
                format.push("parquet".into());
            }
            run::apply_output_flags(
                &mut cfg,
                &run::OutputFlags {
                    dialect,
                    format,
                    tables_only,
                    tables,
                },
            )?;
            let dir = out.unwrap_or_else(|| fresh_dir(&cfg.output.dir));
            let r = run::execute(&cfg, dir.clone(), force, quiet)?;
            if let Some(p) = &input.rejected {
                summary::write_rejected(p, &r.inputs.rejected(), Dialect::Standard)?;
            }
            run::print_summary(&r, &dir, quiet, json);
            if timings {
                run::print_timings(&r);
            }
            // The process ends here: leave the large tables to the OS rather than freeing millions of
            // strings one by one (a second at 1M schools).
            std::mem::forget(r);
            Ok(())
        }
        Command::Plot {
            what,
            axes,
            input,
            filter,
            pca,
            cluster,
            spec,
            look,
            out,
        } => {
            let lang = look.lang()?;
            let (a1, a2) = axes
                .split_once(',')
                .ok_or_else(|| Error::Usage(format!("--axes {axes}: write two axes, e.g. 1,2")))?;
            let parse = |x: &str| {
                x.trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|v| *v >= 1 && *v <= pca.ncp)
                    .ok_or_else(|| {
                        Error::Usage(format!(
                            "--axes {axes}: axes go from 1 to ncp = {}",
                            pca.ncp
                        ))
                    })
            };
            let axes = (parse(a1)? - 1, parse(a2)? - 1);
            if !ciblage::report::figures::PLOTS.contains(&what.as_str()) && what != "wratio" {
                return Err(Error::Usage(format!(
                    "--what {what}: one of {}, wratio",
                    ciblage::report::figures::PLOTS.join(", ")
                )));
            }
            out.prepare(&input)?;
            let d = full(&input, &filter, &pca, &cluster, &spec, false)?;
            match ciblage::report::figures::plot(
                &d.analysis,
                d.selection.as_ref(),
                &what,
                axes,
                lang,
            )? {
                Some(r) => {
                    for p in ciblage::plot::write(&out.out, &what, &r)? {
                        eprintln!("wrote {}", p.display());
                    }
                    Ok(())
                }
                None => Err(Error::Usage(format!("--what {what} needs the clustering"))),
            }
        }
        Command::Map {
            colour,
            input,
            filter,
            pca,
            cluster,
            spec,
            look,
            out,
        } => {
            let lang = look.lang()?;
            out.prepare(&input)?;
            let d = full(
                &input,
                &filter,
                &pca,
                &cluster,
                &spec,
                colour == "selected" || colour == "orphan",
            )?;
            let r = ciblage::report::figures::map(
                &d.analysis,
                d.selection.as_ref(),
                &colour,
                look.boundaries(&input).as_deref(),
                lang,
            )?;
            for p in ciblage::plot::write(&out.out, &format!("map_{colour}"), &r)? {
                eprintln!("wrote {}", p.display());
            }
            Ok(())
        }
        Command::Report {
            input,
            filter,
            pca,
            cluster,
            spec,
            look,
            out,
        } => {
            let mut cfg = run::flags_config(&run::Flags {
                input: &input,
                filter: &filter,
                pca: &pca,
                cluster: &cluster,
                spec: &spec,
                look: &look,
            })?;
            cfg.output.dialect = out.dialect.clone();
            let r = run::execute(&cfg, out.out.clone(), out.force, true)?;
            run::print_summary(&r, &out.out, true, false);
            eprintln!("wrote {}", out.out.join("report.html").display());
            Ok(())
        }
        Command::Init { out, config, force } => {
            let (default, body) = if config {
                ("ciblage.toml", ciblage::pipeline::config::TEMPLATE)
            } else {
                ("selection.toml", ciblage::select::spec::TEMPLATE)
            };
            let out = out.unwrap_or_else(|| PathBuf::from(default));
            if out.exists() && !force {
                return Err(Error::Output {
                    path: out,
                    reason: "exists already; pass --force to overwrite it".into(),
                });
            }
            ciblage::output::write_atomic(&out, body.as_bytes())?;
            eprintln!(
                "wrote {} (edit it, then: {})",
                out.display(),
                if config {
                    format!("ciblage run --config {}", out.display())
                } else {
                    format!("ciblage select --spec {} INPUTS --out DIR", out.display())
                }
            );
            Ok(())
        }
        Command::Verify { dir, hashes_only } => run::verify(&dir, hashes_only),
        Command::Sample {
            schools,
            seed,
            out,
            force,
            format,
        } => {
            let params = ciblage::sample::SampleParams::new(schools, seed);
            let files = match format.as_str() {
                "official" => ciblage::sample::write_sample(&params, &out, force)?,
                "table" => ciblage::sample::write_table(&params, &out, force)?,
                other => {
                    return Err(Error::Usage(format!(
                        "unknown sample format '{other}'; use official or table"
                    )))
                }
            };
            for f in files {
                println!("wrote {}", f.display());
            }
            Ok(())
        }
    }
}
