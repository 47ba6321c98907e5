//! Output paths checked against the files a command reads, before anything is read.
//!
//! ciblage never writes over a file it reads. An output folder (`--out`) may not be, or hold at any
//! depth, a file the command reads (an input, the selection spec, the boundary GeoJSON...); a side file
//! (`--rejected`) may not be such a file, whatever the path says: the comparison is made on the
//! resolved path (symlinks, `..`) and, for files that exist, on the device and inode (hard links).
//! A side file may not be a folder, nor lie inside the output folder. Every refusal is a usage error
//! (exit code 2) naming the flag.

use crate::error::{shown, Error, Result};
use std::path::{Path, PathBuf};

/// A path a command will write.
#[derive(Debug, Clone)]
pub struct Output<'a> {
    /// The path.
    pub path: &'a Path,
    /// How the user gave it (`--out`, `--rejected`, `[output] dir`), for the message.
    pub flag: &'a str,
    /// A folder (written whole by [`super::stage`]) or a single file.
    pub folder: bool,
}

/// Identity of an existing file: device and inode where the platform has them, else the resolved path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Id {
    #[cfg(unix)]
    Inode(u64, u64),
    #[allow(dead_code)]
    Path(PathBuf),
}

fn id(path: &Path) -> Option<Id> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = &meta;
        Some(Id::Inode(meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        path.canonicalize().ok().map(Id::Path)
    }
}

/// `path` resolved as far as it exists: the existing part canonicalised (symlinks, `..`), the rest
/// appended (the absolute path when nothing exists).
fn resolve(path: &Path) -> PathBuf {
    if let Ok(c) = path.canonicalize() {
        return c;
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut tail = Vec::new();
    let mut p = abs.as_path();
    loop {
        if let Ok(c) = p.canonicalize() {
            let mut out = c;
            for t in tail.iter().rev() {
                out.push(t);
            }
            return out;
        }
        match (p.parent(), p.file_name()) {
            (Some(parent), Some(name)) => {
                tail.push(name.to_os_string());
                p = parent;
            }
            _ => return abs,
        }
    }
}

/// Check `outputs` against `reads` (see the module documentation), and that every file read exists.
/// `force` lets an output folder that is not empty be written into.
pub fn check(reads: &[PathBuf], outputs: &[Output], force: bool) -> Result<()> {
    for r in reads {
        match std::fs::metadata(r) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::path(
                    r,
                    "no such file (an input of this command); check the path",
                ))
            }
            Err(e) => return Err(Error::io(r, e)),
        }
    }
    let read: Vec<(PathBuf, Option<Id>)> = reads.iter().map(|r| (resolve(r), id(r))).collect();
    let folders: Vec<(&Output, PathBuf)> = outputs
        .iter()
        .filter(|o| o.folder)
        .map(|o| (o, resolve(o.path)))
        .collect();
    for o in outputs {
        let at = resolve(o.path);
        let same = id(o.path);
        if let Some((r, _)) = read
            .iter()
            .find(|(r, i)| *r == at || (same.is_some() && *i == same))
        {
            return Err(Error::path_of(
                o.flag,
                o.path,
                format_args!(
                    "is {} of this command; choose another path so that inputs are never overwritten",
                    if *r == at {
                        "an input".to_string()
                    } else {
                        format!("the same file as the input {}", shown(r))
                    }
                ),
            ));
        }
        if o.folder {
            check_folder(o, &at, &read, force)?;
        } else {
            if o.path.is_dir() {
                return Err(Error::path_of(
                    o.flag,
                    o.path,
                    "is a folder; give the path of a file to write",
                ));
            }
            if let Some((f, _)) = folders.iter().find(|(_, d)| at.starts_with(d)) {
                return Err(Error::path_of(
                    o.flag,
                    o.path,
                    format_args!(
                        "is inside the output folder {} {}; write it elsewhere (the folder appears whole or not at all)",
                        f.flag,
                        shown(f.path)
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn check_folder(o: &Output, at: &Path, read: &[(PathBuf, Option<Id>)], force: bool) -> Result<()> {
    if !o.path.exists() {
        return Ok(());
    }
    if !o.path.is_dir() {
        return Err(Error::path_of(
            o.flag,
            o.path,
            "is a file; give a folder to write the outputs into",
        ));
    }
    if let Some((r, _)) = read.iter().find(|(r, _)| r.starts_with(at)) {
        return Err(Error::path_of(
            o.flag,
            o.path,
            format_args!(
                "holds the input {}; choose another folder so that inputs are never overwritten",
                shown(r)
            ),
        ));
    }
    let busy = std::fs::read_dir(o.path)
        .map_err(|e| Error::io(o.path, e))?
        .next()
        .is_some();
    if busy && !force {
        return Err(Error::path_of(
            o.flag,
            o.path,
            "is a folder that is not empty; pass --force to overwrite the files ciblage writes there",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out<'a>(path: &'a Path, flag: &'a str, folder: bool) -> Output<'a> {
        Output { path, flag, folder }
    }

    #[test]
    fn an_output_may_not_be_or_hold_an_input() {
        let t = tempfile::tempdir().unwrap();
        let input = t.path().join("in.csv");
        std::fs::write(&input, "x").unwrap();
        let reads = [input.clone()];
        let err = |o: Output| check(&reads, &[o], true).unwrap_err().to_string();
        // The input itself, through `..`, a symlink and a hard link.
        assert!(err(out(&input, "--rejected", false)).starts_with("--rejected "));
        let dotted = t.path().join("sub/../in.csv");
        std::fs::create_dir(t.path().join("sub")).unwrap();
        assert!(err(out(&dotted, "--rejected", false)).contains("is an input of this command"));
        #[cfg(unix)]
        {
            let link = t.path().join("link.csv");
            std::os::unix::fs::symlink(&input, &link).unwrap();
            assert!(err(out(&link, "--rejected", false)).contains("an input"));
            let hard = t.path().join("sub/hard.csv");
            std::fs::hard_link(&input, &hard).unwrap();
            assert!(err(out(&hard, "--rejected", false)).contains("the same file as the input"));
        }
        // A folder holding the input, even with --force; the input file as a folder.
        assert!(err(out(t.path(), "--out", true)).contains("holds the input"));
        assert!(err(out(&input, "--out", true)).contains("is an input"));
        // A side file that is a folder, or inside the output folder.
        let o = t.path().join("o");
        let r = o.join("r.csv");
        let e = check(
            &reads,
            &[out(&o, "--out", true), out(&r, "--rejected", false)],
            false,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("inside the output folder --out"), "{e}");
        assert!(err(out(&t.path().join("sub"), "--rejected", false)).contains("is a folder"));
        // Fine: a new folder next to the input, a side file elsewhere.
        check(
            &reads,
            &[
                out(&o, "--out", true),
                out(&t.path().join("r.csv"), "--rejected", false),
            ],
            false,
        )
        .unwrap();
        // A missing input is a usage error.
        let e = check(&[t.path().join("nope.csv")], &[], false).unwrap_err();
        assert_eq!(e.exit_code(), 2);
    }
}
