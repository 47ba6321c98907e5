//! What each command does, in the same order for all: check the settings and paths, load, check the
//! settings against the data, compute, write (whole or not at all). [`dispatch`] is the table of
//! commands; each is a function of [`analyse`] (tables from flags), [`draw`] (one figure) or [`jobs`]
//! (the main job and the commands around it).

mod analyse;
mod draw;
pub(super) mod follow;
mod jobs;

use super::run::{self, Flags};
use super::Command;
use crate::error::{Place, Schema, SettingError};
use crate::{Error, Result};
pub(super) use draw::axes;
use jobs::Template;

/// A flag's value refused against another setting or the data (`--axes 1,6: ...`).
fn flag_error(flag: &str, value: impl std::fmt::Display, allowed: impl Into<String>) -> Error {
    let mut e = SettingError::new(Schema::Flag, flag, value, allowed);
    e.place = Place::Flag(flag.into());
    Error::setting(e)
}

/// Run one command.
pub(super) fn dispatch(command: Command) -> Result<()> {
    match command {
        Command::Validate { input, json } => analyse::validate(&input, json),
        Command::Pca {
            input,
            filter,
            pca,
            out,
        } => analyse::pca(Flags::new(&input, &filter, &pca), &out),
        Command::Cluster {
            input,
            filter,
            pca,
            cluster,
            out,
        } => analyse::cluster(
            Flags::new(&input, &filter, &pca).with_cluster(&cluster),
            &out,
        ),
        Command::Select {
            input,
            filter,
            pca,
            cluster,
            spec,
            out,
        } => {
            let f = Flags::new(&input, &filter, &pca)
                .with_cluster(&cluster)
                .with_spec(&spec);
            analyse::select(f, &spec, &out)
        }
        Command::Explain {
            uai,
            input,
            filter,
            pca,
            cluster,
            spec,
        } => {
            let f = Flags::new(&input, &filter, &pca)
                .with_cluster(&cluster)
                .with_spec(&spec);
            analyse::explain(&uai, f, &spec)
        }
        Command::Run {
            input,
            filter,
            pca,
            cluster,
            spec,
            look,
            opts,
        } => {
            let f = Flags::new(&input, &filter, &pca)
                .with_cluster(&cluster)
                .with_spec(&spec)
                .with_look(&look);
            jobs::run(f, opts)
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
            let f = Flags::new(&input, &filter, &pca)
                .with_cluster(&cluster)
                .with_spec(&spec)
                .with_look(&look);
            draw::plot(&what, axes, f, (&spec, &look), &out)
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
            let f = Flags::new(&input, &filter, &pca)
                .with_cluster(&cluster)
                .with_spec(&spec)
                .with_look(&look);
            draw::map(&colour, by.as_deref(), f, (&spec, &look), &out)
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
            let f = Flags::new(&input, &filter, &pca)
                .with_cluster(&cluster)
                .with_spec(&spec)
                .with_look(&look);
            jobs::report(f, &out)
        }
        Command::Init {
            files,
            out,
            config,
            allocation,
            force,
        } => {
            let template = if allocation {
                Template::Allocation
            } else if config {
                Template::Config
            } else {
                Template::Selection
            };
            jobs::init(template, &files, out, force)
        }
        Command::Verify { dir, hashes_only } => run::verify(&dir, hashes_only),
        Command::Follow(a) => follow::follow(a),
        Command::Allocate { dir, config, out } => jobs::allocate(&dir, &config, &out),
        Command::Sample {
            schools,
            seed,
            out,
            force,
            format,
        } => jobs::sample(
            &crate::sample::SampleParams::new(schools, seed),
            &out,
            force,
            format,
        ),
    }
}
