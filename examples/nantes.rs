//! The Nantes preset on files given as arguments: 21 public collèges outside REP/REP+ of one académie,
//! disadvantaged, with low equity and value added ≤ 0, each with its explanation.
//!
//! Run: `cargo run --release --example nantes -- NANTES ips.csv ivac.csv ep.csv`
//! (the académie first, then the official files; on the sample: `SYNTHETIQUE-1 data-samples/*.csv`).

use ciblage::select::spec::Equity;
use ciblage::Missing;
use ciblage::{analyse, AnalysisConfig};
use ciblage::{load_inputs, LoadOptions};
use ciblage::{select, SelectionSpec};
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: nantes ACADEMIE FILE...");
        std::process::exit(2);
    }
    if let Err(e) = run(
        &args[0],
        &args[1..].iter().map(PathBuf::from).collect::<Vec<_>>(),
    ) {
        eprintln!("error: {e}");
        std::process::exit(e.exit_code());
    }
}

fn run(academie: &str, files: &[PathBuf]) -> Result<(), ciblage::Error> {
    let inputs = load_inputs(files, &LoadOptions::default())?;
    let mut cfg = AnalysisConfig::standard(Missing::Drop)?;
    cfg.filter.academie = vec![academie.to_string()];
    let a = analyse(&inputs, &cfg)?;
    let sel = select(
        &a,
        &SelectionSpec::nantes(vec![academie.to_string()], 21, Equity::Access),
    )?;
    for uai in &sel.selected {
        print!("{}", sel.explain(uai)?);
    }
    println!(
        "{} collèges selected in académie {academie}",
        sel.selected.len()
    );
    Ok(())
}
