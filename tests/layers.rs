//! The house keeps its shape: every import of `src/` points down the layers.
//!
//! Layers, bottom to top (a module may import its own layer and those below):
//! 0 leaves `error`, `text`, `trace`, `matrix`, `progress`, `output` (safe file writing), `i18n`;
//! 1 `data`; 2 `pca`, `cluster`; 3 `analysis`; 4 `select`; 5 `export`, `plot`, `map`, `report`,
//! `sample`; 6 `job`; 7 `cli` (the binary's).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const LAYERS: &[(&str, u8)] = &[
    ("error", 0),
    ("text", 0),
    ("trace", 0),
    ("matrix", 0),
    ("progress", 0),
    ("output", 0),
    ("i18n", 0),
    ("data", 1),
    ("pca", 2),
    ("cluster", 2),
    ("analysis", 3),
    ("select", 4),
    ("export", 5),
    ("plot", 5),
    ("map", 5),
    ("report", 5),
    ("sample", 5),
    ("job", 6),
    ("cli", 7),
];

fn layer(m: &str) -> Option<u8> {
    LAYERS.iter().find(|(n, _)| *n == m).map(|&(_, l)| l)
}

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without comments (line comments and doc comments: a link in a doc is no import).
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::a::b…` path of the code, as its segments (`use crate::{a, b::c}` gives `a` and `b::c`).
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().last();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `ciblage_crate::` or similar, not `crate::`
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                out.push(segments(item.trim()));
            }
        } else {
            out.push(segments(rest));
        }
    }
    out
}

fn segments(s: &str) -> Vec<String> {
    let mut v = Vec::new();
    let mut rest = s;
    loop {
        let n: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if n.is_empty() {
            break;
        }
        rest = &rest[n.len()..];
        v.push(n);
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => break,
        }
    }
    v
}

/// The top-level module of a file of `src/` (`src/data/load.rs` → `data`, `src/text.rs` → `text`).
fn top_module(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn every_import_points_down() {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut up = Vec::new();
    let mut unknown = BTreeSet::new();
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap();
        let me = top_module(rel);
        if me == "lib" || me == "main" {
            continue;
        }
        let Some(mine) = layer(&me) else {
            unknown.insert(me);
            continue;
        };
        for p in crate_paths(&code(f)) {
            let Some(target) = p.first() else { continue };
            if target == &me || target == "self" || target == "super" {
                continue;
            }
            match layer(target) {
                Some(l) if l > mine => up.push(format!(
                    "{} (layer {mine}) imports crate::{} (layer {l})",
                    rel.display(),
                    p.join("::")
                )),
                Some(_) => {}
                // A root re-export (`crate::Error`): the leaves' types, fine from anywhere.
                None if target.chars().next().is_some_and(char::is_uppercase) => {}
                None => {
                    unknown.insert(target.clone());
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules without a layer (add them to LAYERS and to the README's layout): {unknown:?}"
    );
    assert!(up.is_empty(), "imports pointing up:\n{}", up.join("\n"));
}

#[test]
fn the_checks_see_imports() {
    // The parser the checks rely on finds what a file imports, grouped or not.
    let c = "use crate::data::{Table, load};\nuse crate::{error::Error, pca};\n// use crate::job;\nlet x = crate::select::rules::Check;";
    let p: Vec<String> = crate_paths(
        &c.lines()
            .map(|l| l.split("//").next().unwrap())
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .into_iter()
    .map(|s| s.join("::"))
    .collect();
    assert_eq!(p, ["data", "error::Error", "pca", "select::rules::Check"]);
}
