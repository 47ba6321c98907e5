//! The commands that analyse from flags and write tables: `validate`, `pca`, `cluster`, `select`,
//! `explain`.

use super::super::analysis::{self, analyse, prepare, write_out};
use super::super::run::Flags;
use super::super::{InputArgs, OutArgs, SpecArgs};
use crate::data::summary;
use crate::error::shown;
use crate::export::json::JsonPolicy;
use crate::output::paths::{self, Output};
use crate::output::Dialect;
use crate::{Error, Result};

/// `validate`: load, check and join; print what was kept and rejected.
pub(super) fn validate(input: &InputArgs, json: bool) -> Result<()> {
    let files = input.paths()?;
    let outputs: Vec<Output> = input
        .rejected
        .iter()
        .map(|r| Output {
            path: r,
            flag: "--rejected",
            folder: false,
        })
        .collect();
    paths::check(&files, &outputs, false)?;
    let inputs = crate::data::load_inputs(&files, &input.options()?)?;
    let rejected = inputs.rejected();
    // The list of rejected rows is what `validate` reports: written even when --strict fails.
    if let Some(p) = &input.rejected {
        crate::output::stage::write_side_file(p, &|tmp| {
            summary::write_rejected(tmp, &rejected, Dialect::Standard)
        })?;
    }
    if json {
        let s = serde_json::to_string_pretty(&summary::validation(&inputs))
            .map_err(|e| Error::Usage(e.to_string()))?;
        println!("{s}");
    } else {
        print!("{}", summary::render_text(&inputs, 20));
    }
    if input.strict {
        inputs.strict_check()?;
    }
    Ok(())
}

/// `pca`: the PCA tables.
pub(super) fn pca(f: Flags, out: &OutArgs) -> Result<()> {
    let origin = prepare(&f, Some(out))?;
    let d = analyse(&f, &origin, None, |_| Ok(()))?;
    let run = &d.analysis.pca;
    for w in &run.warnings {
        eprintln!("warning: {}", crate::text::quote_at_most(w, 2000));
    }
    write_out(out, f.input, &d.inputs, |dir| {
        crate::export::pca::write(run, dir, out.dialect, JsonPolicy::full())
    })?;
    let e = &run.result.eigenvalues;
    eprintln!(
        "PCA of {} schools x {} variables ({} excluded by filters, {} dropped for missing values): axis 1 {:.1} %, axis 2 {:.1} %; written to {}",
        run.result.n,
        run.result.p,
        d.analysis.excluded.len(),
        run.rejected.len(),
        e[0].percentage_of_variance,
        e.get(1).map_or(0.0, |x| x.percentage_of_variance),
        shown(&out.out)
    );
    Ok(())
}

/// `cluster`: the PCA tables and the clusters'.
pub(super) fn cluster(f: Flags, out: &OutArgs) -> Result<()> {
    let origin = prepare(&f, Some(out))?;
    let d = analyse(&f, &origin, None, |_| Ok(()))?;
    let a = &d.analysis;
    for w in &a.pca.warnings {
        eprintln!("warning: {}", crate::text::quote_at_most(w, 2000));
    }
    write_out(out, f.input, &d.inputs, |dir| {
        crate::export::pca::write(&a.pca, dir, out.dialect, JsonPolicy::full())?;
        crate::export::clusters::write_clusters(a, dir, out.dialect, JsonPolicy::full())
    })?;
    if let Some(h) = &a.hcpc {
        for m in h.messages() {
            eprintln!("note: {m}");
        }
        eprintln!(
            "{} schools in {} clusters (sizes {:?}); written to {}",
            a.pca.result.n,
            h.k,
            h.sizes,
            shown(&out.out)
        );
    }
    Ok(())
}

/// `select`: the cluster tables and the selection's.
pub(super) fn select(f: Flags, spec: &SpecArgs, out: &OutArgs) -> Result<()> {
    let origin = prepare(&f, Some(out))?;
    let s = spec.spec(f.filter).map_err(|e| origin.attribute(e))?;
    let d = analyse(&f, &origin, Some(&s), |_| Ok(()))?;
    let (a, sel) = (
        &d.analysis,
        d.selection
            .as_ref()
            .ok_or_else(|| Error::Usage("no selection".into()))?,
    );
    write_out(out, f.input, &d.inputs, |dir| {
        crate::export::pca::write(&a.pca, dir, out.dialect, JsonPolicy::full())?;
        crate::export::clusters::write_clusters(a, dir, out.dialect, JsonPolicy::full())?;
        crate::export::selection::write(sel, dir, out.dialect, JsonPolicy::full())
    })?;
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
        shown(&out.out)
    );
    Ok(())
}

/// `explain`: why one school is (not) selected, criterion by criterion, on stdout.
pub(super) fn explain(uai: &str, f: Flags, spec: &SpecArgs) -> Result<()> {
    let origin = prepare(&f, None)?;
    let s = spec.spec(f.filter).map_err(|e| origin.attribute(e))?;
    let d = analyse(&f, &origin, Some(&s), |_| Ok(()))?;
    let sel = d
        .selection
        .as_ref()
        .ok_or_else(|| Error::Usage("no selection".into()))?;
    let text = sel.explain(uai)?;
    if let Some((p, w)) = analysis::rejected_side(f.input, &d.inputs.rejected()) {
        crate::output::stage::write_side_file(p, &w)?;
    }
    print!("{text}");
    Ok(())
}
