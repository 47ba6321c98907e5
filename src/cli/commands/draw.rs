//! The commands that draw one figure: `plot` and `map`.

use super::super::analysis::{self, analyse, prepare, write_out};
use super::super::run::Flags;
use super::super::{LookArgs, OutArgs, SpecArgs};
use super::flag_error;
use crate::error::shown;
use crate::Result;
use std::path::PathBuf;

/// `plot --axes A,B`: two axes from 1 (the upper bound, --ncp, is checked with it).
pub(in super::super) fn axes(s: &str) -> std::result::Result<(usize, usize), String> {
    let allowed = || "two axes from 1, e.g. 1,2".to_string();
    let (a, b) = s.split_once(',').ok_or_else(allowed)?;
    let axis = |x: &str| x.trim().parse::<usize>().ok().filter(|v| *v >= 1);
    match (axis(a), axis(b)) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(allowed()),
    }
}

/// What a drawing command wrote, one line each.
fn print_written(out: &OutArgs, files: &[PathBuf]) {
    for p in files {
        eprintln!(
            "wrote {}",
            shown(&out.out.join(p.file_name().unwrap_or_default()))
        );
    }
}

/// `plot`: one figure of the PCA or the clusters, PNG and SVG.
pub(super) fn plot(
    what: &str,
    axes: (usize, usize),
    f: Flags,
    (spec, look): (&SpecArgs, &LookArgs),
    out: &OutArgs,
) -> Result<()> {
    for a in [axes.0, axes.1] {
        if a > f.pca.ncp {
            return Err(flag_error(
                "--axes",
                format!("{},{}", axes.0, axes.1),
                format!("axes from 1 to --ncp = {}", f.pca.ncp),
            ));
        }
    }
    let origin = prepare(&f, Some(out))?;
    let s = analysis::spec_of(spec, f.filter, false).map_err(|e| origin.attribute(e))?;
    let d = analyse(&f, &origin, s.as_ref(), |_| Ok(()))?;
    let r = crate::report::figures::plot(
        &d.analysis,
        d.selection.as_ref(),
        what,
        (axes.0 - 1, axes.1 - 1),
        &crate::i18n::Labels::new(look.lang.into()),
    )?
    .ok_or_else(|| {
        flag_error(
            "--what",
            what,
            "a plot of the PCA (this one needs the clustering)",
        )
    })?;
    let files = write_out(out, f.input, &d.inputs, |dir| {
        crate::plot::write(dir, what, &r)
    })?;
    print_written(out, &files);
    Ok(())
}

/// `map`: schools or territories coloured by a category or an indicator, PNG and SVG.
pub(super) fn map(
    colour: &str,
    by: Option<&str>,
    f: Flags,
    (spec, look): (&SpecArgs, &LookArgs),
    out: &OutArgs,
) -> Result<()> {
    let origin = prepare(&f, Some(out))?;
    let needs_selection = colour == "selected" || colour == "orphan";
    let s = analysis::spec_of(spec, f.filter, needs_selection).map_err(|e| origin.attribute(e))?;
    let d = analyse(&f, &origin, s.as_ref(), |table| {
        let known = crate::report::figures::MAP_COLOURS.contains(&colour);
        if known || table.num(colour).is_some() {
            Ok(())
        } else {
            Err(flag_error(
                "--color",
                colour,
                format!(
                    "cluster, selected, orphan or a numeric column: {}",
                    table.column_names()
                ),
            ))
        }
    })?;
    let labels = crate::i18n::Labels::new(look.lang.into());
    let boundaries = look.boundaries(f.input);
    let (r, name) = match by {
        None => (
            crate::report::figures::map(
                &d.analysis,
                d.selection.as_ref(),
                colour,
                boundaries.as_deref(),
                &labels,
            )?,
            format!("map_{colour}"),
        ),
        Some(b) => (
            crate::report::figures::choropleth_map(
                &d.analysis,
                d.selection.as_ref(),
                colour,
                b,
                boundaries.as_deref(),
                &labels,
            )?,
            format!("choropleth_{b}_{colour}"),
        ),
    };
    let files = write_out(out, f.input, &d.inputs, |dir| {
        crate::plot::write(dir, &name, &r)
    })?;
    print_written(out, &files);
    Ok(())
}
