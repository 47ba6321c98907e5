//! The command line against the settings table: every flag of every command is a row of
//! [`crate::job::settings::registry`], with the same default and the same words.

use super::Cli;
use crate::job::settings::enums::or_list;
use crate::job::settings::registry::{self, Shown};
use clap::CommandFactory;
use std::collections::BTreeSet;

#[test]
fn every_flag_is_in_the_settings_table_with_its_default_and_words() {
    let cmd = Cli::command();
    let rows = registry::all();
    let mut seen = BTreeSet::new();
    for sub in cmd.get_subcommands() {
        let name = sub.get_name();
        for arg in sub.get_arguments() {
            let Some(long) = arg.get_long() else {
                continue; // positional: files, the UAI of explain, the folder of verify
            };
            if long == "help" || long == "version" {
                continue;
            }
            let flag = format!("--{long}");
            let row = rows
                .iter()
                .find(|r| r.flag == Some(flag.as_str()) && r.commands.contains(&name))
                .unwrap_or_else(|| panic!("`{name} {flag}` is not in the settings table"));
            seen.insert((name.to_string(), flag.clone()));
            if matches!(arg.get_action(), clap::ArgAction::SetTrue) {
                assert_eq!(row.kind, "switch", "{name} {flag}");
                continue;
            }
            let defaults: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            match (&row.default, defaults.as_slice()) {
                (Shown::Value(v), [d]) => assert_eq!(v, d, "default of {name} {flag}"),
                (_, []) => {}
                (d, clap) => panic!("{name} {flag}: clap's default {clap:?}, the table's {d:?}"),
            }
            let words: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|p| !p.is_hide_set())
                .map(|p| p.get_name().to_string())
                .collect();
            if !words.is_empty() {
                assert_eq!(
                    row.allowed.replace('`', ""),
                    or_list(&words),
                    "words of {name} {flag}"
                );
            }
        }
    }
    for r in &rows {
        if let Some(f) = r.flag {
            for c in r.commands {
                assert!(
                    seen.contains(&(c.to_string(), f.to_string())),
                    "the table lists `{c} {f}`, which clap does not have"
                );
            }
        }
    }
}
