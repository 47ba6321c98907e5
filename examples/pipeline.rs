//! The full pipeline through the Rust API on the embedded sample: load and join the official-format files,
//! PCA (axis 1 oriented by IPS), HCPC, the Nantes selection, and the outputs of `ciblage run`.
//!
//! Run: `cargo run --release --example pipeline` (writes into `ciblage-example-out/`).

use ciblage::select::spec::Equity;
use ciblage::Missing;
use ciblage::{
    analyse, execute, load_inputs, AnalysisConfig, JobOptions, LoadOptions, RunConfig,
    SelectionSpec,
};
use std::path::PathBuf;

fn main() -> Result<(), ciblage::Error> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data-samples");
    let files: Vec<PathBuf> = [
        "fr-en-ips-colleges-ap2022.csv",
        "fr-en-indicateurs-valeur-ajoutee-colleges.csv",
        "fr-en-etablissements-ep.csv",
        "fr-en-adresse-et-geolocalisation-colleges.csv",
    ]
    .iter()
    .map(|f| dir.join(f))
    .collect();
    let inputs = load_inputs(&files, &LoadOptions::default())?;
    for l in &inputs.loads {
        println!(
            "{}: {} rows, {} kept, {} rejected",
            l.path, l.rows, l.rows_kept, l.rows_rejected
        );
    }
    let cfg = AnalysisConfig::standard(Missing::Drop)?;
    let a = analyse(&inputs, &cfg)?;
    let e = &a.pca.result.eigenvalues;
    println!(
        "PCA: axis 1 {:.1} %, axis 2 {:.1} %",
        e[0].percentage_of_variance, e[1].percentage_of_variance
    );
    if let Some(h) = &a.hcpc {
        println!("HCPC: k = {}, sizes {:?}", h.k, h.sizes);
    }
    let sel = ciblage::select(&a, &SelectionSpec::nantes(Vec::new(), 21, Equity::Access))?;
    println!("selected: {:?}", sel.selected);
    if let Some(first) = sel.selected.first() {
        print!("{}", sel.explain(first)?);
    }
    // The outputs of `ciblage run`: the whole job on the same files, from its configuration (recorded
    // in manifest.json, so that `ciblage verify` can re-run it).
    let mut config = RunConfig::default();
    config.inputs.files = files.clone();
    config.output.boundaries = Some(dir.join("departements.geojson"));
    let mut opts = JobOptions::new("ciblage-example-out");
    opts.force = true; // the example's own folder: re-running the example replaces its files
    let job = execute(&config, &opts)?;
    println!(
        "{} files written to {}",
        job.files.len(),
        opts.dir.display()
    );
    Ok(())
}
