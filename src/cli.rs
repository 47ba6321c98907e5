//! Argument definitions and dispatch for the `ciblage` binary.

use ciblage::data::{self, summary, LoadOptions};
use ciblage::output::Dialect;
use ciblage::{Error, Result};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

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
    },
}

/// Inputs, as every command takes them.
#[derive(Args, Clone)]
pub struct InputArgs {
    /// Input files (CSV or Parquet).
    files: Vec<PathBuf>,
    /// Input file (repeatable; same as a positional file).
    #[arg(long = "input", short = 'i')]
    input: Vec<PathBuf>,
    /// Dataset preset for every input (default: recognised from the header).
    #[arg(long)]
    dataset: Option<String>,
    /// Field separator: ';', ',' or 'tab' (default: detected).
    #[arg(long)]
    separator: Option<String>,
    /// School year to keep from multi-year files (e.g. 2022-2023).
    #[arg(long)]
    year: Option<String>,
    /// DNB session to keep from IVAC files (default: the one ending the school year).
    #[arg(long)]
    session: Option<String>,
    /// Tokens read as missing, comma-separated (default: empty,NS,NA,nd,ND,-).
    #[arg(long, value_delimiter = ',')]
    missing: Option<Vec<String>>,
    /// Fail (exit 1) when any row is rejected.
    #[arg(long)]
    strict: bool,
    /// Write every rejected row with its reason to this CSV file.
    #[arg(long)]
    rejected: Option<PathBuf>,
}

impl InputArgs {
    fn paths(&self) -> Result<Vec<PathBuf>> {
        let v: Vec<PathBuf> = self.files.iter().chain(&self.input).cloned().collect();
        if v.is_empty() {
            return Err(Error::Usage(
                "no input file given (pass files or --input FILE)".into(),
            ));
        }
        Ok(v)
    }

    fn options(&self) -> Result<LoadOptions> {
        let separator = match self.separator.as_deref() {
            None => None,
            Some(";") => Some(b';'),
            Some(",") => Some(b','),
            Some("tab") | Some("\t") => Some(b'\t'),
            Some(s) => {
                return Err(Error::Usage(format!(
                    "--separator '{s}': use ';', ',' or 'tab'"
                )))
            }
        };
        let mut o = LoadOptions {
            dataset: self.dataset.clone(),
            separator,
            year: self.year.clone(),
            session: self.session.clone(),
            ..LoadOptions::default()
        };
        if let Some(m) = &self.missing {
            o.missing_tokens = m.clone();
            if !o.missing_tokens.iter().any(String::is_empty) {
                o.missing_tokens.push(String::new());
            }
        }
        Ok(o)
    }

    /// Load and join the inputs; write rejected rows; enforce --strict.
    pub fn load(&self) -> Result<data::Inputs> {
        let inputs = data::load_inputs(&self.paths()?, &self.options()?)?;
        let rejected = inputs.rejected();
        if let Some(p) = &self.rejected {
            summary::write_rejected(p, &rejected, Dialect::Standard)?;
        }
        if self.strict {
            if let Some(first) = rejected.first() {
                return Err(Error::Strict {
                    count: rejected.len(),
                    first: first.to_string(),
                });
            }
        }
        Ok(inputs)
    }
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
        Command::Sample {
            schools,
            seed,
            out,
            force,
        } => {
            let files = ciblage::sample::write_sample(
                &ciblage::sample::SampleParams::new(schools, seed),
                &out,
                force,
            )?;
            for f in files {
                println!("wrote {}", f.display());
            }
            Ok(())
        }
    }
}
