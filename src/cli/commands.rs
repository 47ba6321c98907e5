//! What each command does, in the same order for all: check the settings and paths, load, check the
//! settings against the data, compute, write (whole or not at all).

use super::analysis::{self, analyse, embedded_sample_config, fresh_dir, prepare, write_out};
use super::run::{self, Flags};
use super::Command;
use ciblage::data::summary;
use ciblage::error::{shown, Place, Schema, SettingError};
use ciblage::job::settings::{Origin, SampleFormat};
use ciblage::output::paths::{self, Output};
use ciblage::output::Dialect;
use ciblage::{Error, Result};
use std::path::PathBuf;

/// `plot --axes A,B`: two axes from 1 (the upper bound, --ncp, is checked with it).
pub(super) fn axes(s: &str) -> std::result::Result<(usize, usize), String> {
    let allowed = || "two axes from 1, e.g. 1,2".to_string();
    let (a, b) = s.split_once(',').ok_or_else(allowed)?;
    let axis = |x: &str| x.trim().parse::<usize>().ok().filter(|v| *v >= 1);
    match (axis(a), axis(b)) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(allowed()),
    }
}

/// A flag's value refused against another setting or the data (`--axes 1,6: ...`).
fn flag_error(flag: &str, value: impl std::fmt::Display, allowed: impl Into<String>) -> Error {
    let mut e = SettingError::new(Schema::Flag, flag, value, allowed);
    e.place = Place::Flag(flag.into());
    Error::setting(e)
}

/// Run one command.
pub(super) fn dispatch(command: Command) -> Result<()> {
    match command {
        Command::Validate { input, json } => {
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
            let inputs = ciblage::data::load_inputs(&files, &input.options()?)?;
            let rejected = inputs.rejected();
            // The list of rejected rows is what `validate` reports: written even when --strict fails.
            if let Some(p) = &input.rejected {
                ciblage::output::stage::write_side_file(p, &|tmp| {
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
        Command::Pca {
            input,
            filter,
            pca,
            out,
        } => {
            let f = Flags {
                input: &input,
                filter: &filter,
                pca: &pca,
                cluster: None,
                spec: None,
                look: None,
            };
            let origin = prepare(&f, Some(&out))?;
            let d = analyse(&f, &origin, None, |_| Ok(()))?;
            let run = &d.analysis.pca;
            for w in &run.warnings {
                eprintln!("warning: {}", ciblage::text::quote_at_most(w, 2000));
            }
            write_out(&out, &input, &d.inputs, |dir| {
                ciblage::export::pca::write(run, dir, out.dialect)
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
        Command::Cluster {
            input,
            filter,
            pca,
            cluster,
            out,
        } => {
            let f = Flags {
                input: &input,
                filter: &filter,
                pca: &pca,
                cluster: Some(&cluster),
                spec: None,
                look: None,
            };
            let origin = prepare(&f, Some(&out))?;
            let d = analyse(&f, &origin, None, |_| Ok(()))?;
            let a = &d.analysis;
            for w in &a.pca.warnings {
                eprintln!("warning: {}", ciblage::text::quote_at_most(w, 2000));
            }
            write_out(&out, &input, &d.inputs, |dir| {
                ciblage::export::pca::write(&a.pca, dir, out.dialect)?;
                ciblage::export::clusters::write_clusters(a, dir, out.dialect)
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
        Command::Select {
            input,
            filter,
            pca,
            cluster,
            spec,
            out,
        } => {
            let f = Flags {
                input: &input,
                filter: &filter,
                pca: &pca,
                cluster: Some(&cluster),
                spec: Some(&spec),
                look: None,
            };
            let origin = prepare(&f, Some(&out))?;
            let s = spec.spec(&filter).map_err(|e| origin.attribute(e))?;
            let d = analyse(&f, &origin, Some(&s), |_| Ok(()))?;
            let (a, sel) = (
                &d.analysis,
                d.selection
                    .as_ref()
                    .ok_or_else(|| Error::Usage("no selection".into()))?,
            );
            write_out(&out, &input, &d.inputs, |dir| {
                ciblage::export::pca::write(&a.pca, dir, out.dialect)?;
                ciblage::export::clusters::write_clusters(a, dir, out.dialect)?;
                ciblage::export::selection::write(sel, dir, out.dialect)
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
        Command::Explain {
            uai,
            input,
            filter,
            pca,
            cluster,
            spec,
        } => {
            let f = Flags {
                input: &input,
                filter: &filter,
                pca: &pca,
                cluster: Some(&cluster),
                spec: Some(&spec),
                look: None,
            };
            let origin = prepare(&f, None)?;
            let s = spec.spec(&filter).map_err(|e| origin.attribute(e))?;
            let d = analyse(&f, &origin, Some(&s), |_| Ok(()))?;
            let sel = d
                .selection
                .as_ref()
                .ok_or_else(|| Error::Usage("no selection".into()))?;
            let text = sel.explain(&uai)?;
            if let Some((p, w)) = analysis::rejected_side(&input, &d.inputs.rejected()) {
                ciblage::output::stage::write_side_file(p, &w)?;
            }
            print!("{text}");
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
            // a RunConfig; otherwise the flags are turned into one. Each is checked before anything
            // is read, its errors naming the flag or the file's line.
            let (mut cfg, origin) = match (&config, no_inputs) {
                (Some(p), _) => {
                    let c = ciblage::job::config::RunConfig::from_file(p)?;
                    let origin = Origin::config(p.clone(), c.selection.spec.clone());
                    (c, origin)
                }
                (None, true) => (embedded_sample_config()?, Origin::default()),
                (None, false) => run::checked(&Flags {
                    input: &input,
                    filter: &filter,
                    pca: &pca,
                    cluster: Some(&cluster),
                    spec: Some(&spec),
                    look: Some(&look),
                })?,
            };
            let mut format = format;
            if parquet {
                format.push(ciblage::job::settings::Format::Parquet);
            }
            run::apply_output_flags(
                &mut cfg,
                &run::OutputFlags {
                    dialect,
                    format,
                    tables_only,
                    tables,
                },
            );
            let dir = out.unwrap_or_else(|| fresh_dir(&cfg.output.dir));
            let r = run::execute(&cfg, dir.clone(), force, quiet, input.rejected.clone())
                .map_err(|e| origin.attribute(e))?;
            run::print_summary(&r, &dir, quiet, json, cfg.output.lang.into());
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
            let f = Flags {
                input: &input,
                filter: &filter,
                pca: &pca,
                cluster: Some(&cluster),
                spec: Some(&spec),
                look: Some(&look),
            };
            for a in [axes.0, axes.1] {
                if a > pca.ncp {
                    return Err(flag_error(
                        "--axes",
                        format!("{},{}", axes.0, axes.1),
                        format!("axes from 1 to --ncp = {}", pca.ncp),
                    ));
                }
            }
            let origin = prepare(&f, Some(&out))?;
            let s = analysis::spec_of(&spec, &filter, false).map_err(|e| origin.attribute(e))?;
            let d = analyse(&f, &origin, s.as_ref(), |_| Ok(()))?;
            let r = ciblage::report::figures::plot(
                &d.analysis,
                d.selection.as_ref(),
                &what,
                (axes.0 - 1, axes.1 - 1),
                &ciblage::i18n::Labels::new(look.lang.into()),
            )?
            .ok_or_else(|| {
                flag_error(
                    "--what",
                    &what,
                    "a plot of the PCA (this one needs the clustering)",
                )
            })?;
            let files = write_out(&out, &input, &d.inputs, |dir| {
                ciblage::plot::write(dir, &what, &r)
            })?;
            for p in files {
                eprintln!(
                    "wrote {}",
                    shown(&out.out.join(p.file_name().unwrap_or_default()))
                );
            }
            Ok(())
        }
        Command::Map {
            colour,
            by,
            input,
            filter,
            pca,
            cluster,
            spec,
            look,
            out,
        } => {
            let f = Flags {
                input: &input,
                filter: &filter,
                pca: &pca,
                cluster: Some(&cluster),
                spec: Some(&spec),
                look: Some(&look),
            };
            let origin = prepare(&f, Some(&out))?;
            let needs_selection = colour == "selected" || colour == "orphan";
            let s = analysis::spec_of(&spec, &filter, needs_selection)
                .map_err(|e| origin.attribute(e))?;
            let d = analyse(&f, &origin, s.as_ref(), |table| {
                let known = ciblage::report::figures::MAP_COLOURS.contains(&colour.as_str());
                if known || table.num(&colour).is_some() {
                    Ok(())
                } else {
                    Err(flag_error(
                        "--color",
                        &colour,
                        format!(
                            "cluster, selected, orphan or a numeric column: {}",
                            table.column_names()
                        ),
                    ))
                }
            })?;
            let labels = ciblage::i18n::Labels::new(look.lang.into());
            let boundaries = look.boundaries(&input);
            let (r, name) = match &by {
                None => (
                    ciblage::report::figures::map(
                        &d.analysis,
                        d.selection.as_ref(),
                        &colour,
                        boundaries.as_deref(),
                        &labels,
                    )?,
                    format!("map_{colour}"),
                ),
                Some(b) => (
                    ciblage::report::figures::choropleth_map(
                        &d.analysis,
                        d.selection.as_ref(),
                        &colour,
                        b,
                        boundaries.as_deref(),
                        &labels,
                    )?,
                    format!("choropleth_{b}_{colour}"),
                ),
            };
            let files = write_out(&out, &input, &d.inputs, |dir| {
                ciblage::plot::write(dir, &name, &r)
            })?;
            for p in files {
                eprintln!(
                    "wrote {}",
                    shown(&out.out.join(p.file_name().unwrap_or_default()))
                );
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
            let (mut cfg, origin) = run::checked(&Flags {
                input: &input,
                filter: &filter,
                pca: &pca,
                cluster: Some(&cluster),
                spec: Some(&spec),
                look: Some(&look),
            })?;
            cfg.output.dialect = out.dialect;
            let r = run::execute(
                &cfg,
                out.out.clone(),
                out.force,
                true,
                input.rejected.clone(),
            )
            .map_err(|e| origin.attribute(e))?;
            run::print_summary(&r, &out.out, true, false, ciblage::i18n::Lang::En);
            eprintln!("wrote {}", shown(&out.out.join("report.html")));
            Ok(())
        }
        Command::Init {
            files,
            out,
            config,
            allocation,
            force,
        } => {
            let (default, body) = if allocation && files.is_empty() {
                (
                    "allocation.toml",
                    std::borrow::Cow::Borrowed(ciblage::select::allocation::TEMPLATE),
                )
            } else if config {
                (
                    "ciblage.toml",
                    std::borrow::Cow::Owned(ciblage::job::config::template_for(&files)),
                )
            } else if files.is_empty() {
                (
                    "selection.toml",
                    std::borrow::Cow::Borrowed(ciblage::select::spec::TEMPLATE),
                )
            } else {
                return Err(Error::Usage(
                    "init: input files go with --config (a selection spec lists no input)".into(),
                ));
            };
            let out = out.unwrap_or_else(|| PathBuf::from(default));
            if out.is_dir() {
                return Err(Error::path_of(
                    "--out",
                    out,
                    "is a folder; give the path of the file to write",
                ));
            }
            if out.exists() && !force {
                return Err(Error::path(
                    out,
                    "exists already; pass --force to overwrite it",
                ));
            }
            ciblage::output::write_atomic(&out, body.as_bytes())?;
            eprintln!(
                "wrote {} (edit it, then: {})",
                shown(&out),
                if allocation {
                    format!(
                        "ciblage allocate RUN_DIR --config {} --out DIR",
                        shown(&out)
                    )
                } else if config {
                    format!("ciblage run --config {}", shown(&out))
                } else {
                    format!("ciblage select --spec {} INPUTS --out DIR", shown(&out))
                }
            );
            Ok(())
        }
        Command::Verify { dir, hashes_only } => run::verify(&dir, hashes_only),
        Command::Follow {
            files,
            input,
            selection,
            entry,
            list,
            matches,
            outcome,
            indicator,
            match_within,
            lang,
            match_sessions,
            placebo,
            seed,
            out,
        } => {
            use ciblage::job::follow::{FollowJob, Source};
            let source = match (selection, list) {
                (Some(s), _) => Source::Selection(
                    s,
                    entry.ok_or_else(|| {
                        Error::Usage("--selection needs --entry (the first session under the scheme, e.g. 2024)".into())
                    })?,
                ),
                (None, Some(l)) => Source::List(l),
                (None, None) => return Err(Error::Usage("give --selection (with --entry) or --list".into())),
            };
            let job = FollowJob {
                files: files.into_iter().chain(input).collect(),
                source,
                matches,
                outcomes: outcome,
                indicators: indicator,
                scope: match_within,
                lang: lang.into(),
                match_sessions,
                placebo,
                seed,
                out: out.out.clone(),
                force: out.force,
                dialect: out.dialect,
            };
            let done = ciblage::job::follow::run(&job)?;
            let r = &done.result;
            eprintln!(
                "followed {} schools ({} with a comparison school, {} without) over sessions {}; written to {}",
                r.pairs.len() + r.unmatched.len(),
                r.pairs.len(),
                r.unmatched.len(),
                r.panel.sessions.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
                shown(&out.out)
            );
            for (o, d) in &r.estimates {
                for e in d.events.iter().filter(|e| e.event_time >= 0) {
                    eprintln!(
                        "  {o}, {} session(s) after entry: {:+.2} (95 % interval {:+.2} to {:+.2}, {} pairs)",
                        e.event_time,
                        e.att,
                        e.low.unwrap_or(f64::NAN),
                        e.high.unwrap_or(f64::NAN),
                        e.pairs
                    );
                }
            }
            Ok(())
        }
        Command::Allocate { dir, config, out } => {
            let done = ciblage::job::allocate::allocate_run(
                &dir,
                &config,
                &out.out,
                out.force,
                out.dialect,
            )?;
            let a = &done.allocation;
            let schools: usize = a.envelopes.iter().map(|e| e.schools).sum();
            let total: f64 = a.envelopes.iter().map(|e| e.total).sum();
            eprintln!(
                "allocated {total} among {schools} schools ({}); wrote {}",
                a.rule,
                shown(&out.out)
            );
            Ok(())
        }
        Command::Sample {
            schools,
            seed,
            out,
            force,
            format,
        } => {
            // A folder that holds other files is fine: only the files written must be new (or --force).
            paths::check(
                &[],
                &[Output {
                    path: &out,
                    flag: "--out",
                    folder: true,
                }],
                true,
            )?;
            let params = ciblage::sample::SampleParams::new(schools, seed);
            let files = ciblage::output::stage::write_folder(
                &out,
                force,
                |s| match format {
                    SampleFormat::Official => {
                        ciblage::sample::write_sample(&params, s.path(), true)
                            .map(|f| f.iter().map(|p| s.final_path(p)).collect::<Vec<_>>())
                    }
                    SampleFormat::Table => ciblage::sample::write_table(&params, s.path(), true)
                        .map(|f| f.iter().map(|p| s.final_path(p)).collect()),
                },
                None,
            )?;
            for f in files {
                println!("wrote {}", shown(&f));
            }
            Ok(())
        }
    }
}
