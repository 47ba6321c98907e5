//! The house keeps its shape: every import of `src/` points down the layers, and no two files of a
//! folder import each other (directly or through a ring of siblings).
//!
//! Layers, bottom to top (a module may import its own layer and those below):
//! 0 leaves `error`, `text`, `trace`, `matrix`, `progress`, `output` (safe file writing), `i18n`,
//! `testing` (the unit tests' helpers);
//! 1 `data`; 2 `pca`, `cluster`; 3 `analysis`; 4 `select`, `follow`; 5 `export`, `plot`, `map`, `report`,
//! `sample`; 6 `job`; 7 `cli` (the command line, a library module: `src/main.rs` only calls `cli::run`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LAYERS: &[(&str, u8)] = &[
    ("error", 0),
    ("text", 0),
    ("trace", 0),
    ("matrix", 0),
    ("progress", 0),
    ("output", 0),
    ("i18n", 0),
    ("testing", 0),
    ("data", 1),
    ("pca", 2),
    ("cluster", 2),
    ("analysis", 3),
    ("select", 4),
    ("follow", 4),
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

/// The sibling files a file imports (`super::x`, `crate::<its folder>::x`), `mod.rs` excluded (a
/// folder's table of contents is imported by its files by design).
fn sibling_imports(root: &Path, f: &Path) -> BTreeSet<PathBuf> {
    let dir = f.parent().unwrap();
    let rel_dir: Vec<String> = dir
        .strip_prefix(root)
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let c = code(f);
    let mut names = Vec::new();
    for p in crate_paths(&c) {
        if p.len() > rel_dir.len() && p[..rel_dir.len()] == rel_dir[..] {
            names.push(p[rel_dir.len()].clone());
        }
    }
    let mut rest = c.as_str();
    while let Some(i) = rest.find("super::") {
        rest = &rest[i + "super::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                names.extend(segments(item.trim()).into_iter().take(1));
            }
        } else {
            names.extend(segments(rest).into_iter().take(1));
        }
    }
    let is_mod = f.file_name().is_some_and(|n| n == "mod.rs");
    names
        .into_iter()
        .filter(|_| !is_mod) // `super` of a mod.rs is the folder above
        .map(|n| dir.join(format!("{n}.rs")))
        .filter(|p| p.exists() && p != f)
        .collect()
}

/// The rings of sibling files that import each other: all untangled (the last, in `src/cluster`, when
/// the partition wrapper left `labels.rs`); none may be added.
const KNOWN_RINGS: &[&str] = &[];

#[test]
fn no_two_files_import_each_other() {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let graph: BTreeMap<PathBuf, BTreeSet<PathBuf>> = files
        .iter()
        .map(|f| (f.clone(), sibling_imports(&root, f)))
        .collect();
    // Depth-first search for a cycle among sibling files.
    fn visit(
        n: &Path,
        g: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        stack: &mut Vec<PathBuf>,
        done: &mut BTreeSet<PathBuf>,
        cycles: &mut Vec<String>,
    ) {
        if let Some(i) = stack.iter().position(|s| s == n) {
            let ring: Vec<String> = stack[i..]
                .iter()
                .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect();
            cycles.push(format!(
                "{} ({})",
                ring.join(" → "),
                n.parent().unwrap().display()
            ));
            return;
        }
        if !done.insert(n.to_path_buf()) {
            return;
        }
        stack.push(n.to_path_buf());
        for m in g.get(n).into_iter().flatten() {
            visit(m, g, stack, done, cycles);
        }
        stack.pop();
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for f in graph.keys() {
        visit(f, &graph, &mut Vec::new(), &mut done, &mut cycles);
    }
    // A ratchet: the rings that exist today (issue 18 lists them as left to untangle) may only go;
    // a new ring fails, and so does a listed ring that is gone (strike it from the list).
    let root_s = format!("{}/", root.display());
    let found: BTreeSet<String> = cycles.iter().map(|c| c.replace(&root_s, "src/")).collect();
    let known: BTreeSet<String> = KNOWN_RINGS.iter().map(|s| s.to_string()).collect();
    let new: Vec<&String> = found.difference(&known).collect();
    let gone: Vec<&String> = known.difference(&found).collect();
    assert!(
        new.is_empty(),
        "files importing each other (new rings):\n{new:#?}"
    );
    assert!(
        gone.is_empty(),
        "rings untangled: strike them from KNOWN_RINGS:\n{gone:#?}"
    );
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
