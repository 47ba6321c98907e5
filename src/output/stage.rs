//! Outputs that appear whole or not at all.
//!
//! A command that writes a folder writes it as a staging folder next to the target
//! (`.NAME.partial-PID`), then renames it into place ([`StagedDir::publish`]); a file written beside
//! the folder (`--rejected`) is written under a temporary name and renamed once the folder is in place
//! ([`SideFile`]). Whatever fails before (a full disk, a permission, a late error of the analysis), the
//! staging folder, the temporary file and any parent folder created for them are removed when they go
//! out of scope: a failed command leaves nothing behind. [`write_folder`] puts the three steps
//! together.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The folder holding `path` (`.` for a bare name).
fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// `.NAME.partial-PID` next to `dir`.
pub fn staging_name(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map_or_else(|| "ciblage-out".into(), |n| n.to_string_lossy().to_string());
    parent_of(dir).join(format!(".{name}.partial-{}", std::process::id()))
}

/// Create the missing folders above `path`; returns those created, deepest first (to remove them
/// again when the command fails).
fn create_parents(path: &Path) -> Result<Vec<PathBuf>> {
    let mut missing = Vec::new();
    let mut p = parent_of(path).to_path_buf();
    while !p.as_os_str().is_empty() && !p.exists() {
        missing.push(p.clone());
        match p.parent() {
            Some(q) => p = q.to_path_buf(),
            None => break,
        }
    }
    let mut created = Vec::new();
    for d in missing.iter().rev() {
        match std::fs::create_dir(d) {
            Ok(()) => created.insert(0, d.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                remove_empty(&created);
                return Err(Error::io(d, e));
            }
        }
    }
    Ok(created)
}

/// Remove folders created by [`create_parents`], deepest first, when they are still empty.
fn remove_empty(created: &[PathBuf]) {
    for d in created {
        let _ = std::fs::remove_dir(d);
    }
}

/// A folder being written (see the module documentation).
#[derive(Debug)]
pub struct StagedDir {
    target: PathBuf,
    staging: PathBuf,
    parents: Vec<PathBuf>,
    done: bool,
}

impl StagedDir {
    /// Create the staging folder for `target` (and the missing folders above it).
    pub fn new(target: &Path) -> Result<Self> {
        let parents = create_parents(target)?;
        let staging = staging_name(target);
        // A staging folder of a process that died with the same PID is stale.
        let _ = std::fs::remove_dir_all(&staging);
        if let Err(e) = std::fs::create_dir(&staging) {
            remove_empty(&parents);
            return Err(Error::io(&staging, e));
        }
        Ok(StagedDir {
            target: target.to_path_buf(),
            staging,
            parents,
            done: false,
        })
    }

    /// Where to write.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// `e` with a path of the staging folder (or of a temporary file in it) shown as the final path
    /// it stands for: a message names `out/individuals.csv`, not
    /// `.out.partial-PID/.individuals.csv.PID.tmp`.
    pub fn explain(&self, e: Error) -> Error {
        match e {
            Error::Io { path, source } if path.starts_with(&self.staging) => {
                let mut p = self.final_path(&path);
                let tmp_suffix = format!(".{}.tmp", std::process::id());
                let real = p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_prefix('.'))
                    .and_then(|n| n.strip_suffix(&tmp_suffix))
                    .map(str::to_string);
                if let Some(real) = real {
                    p.set_file_name(real);
                }
                Error::Io { path: p, source }
            }
            other => other,
        }
    }

    /// The final path of a file written at `staged` in the staging folder.
    pub fn final_path(&self, staged: &Path) -> PathBuf {
        self.target
            .join(staged.strip_prefix(&self.staging).unwrap_or(staged))
    }

    /// Put the folder in place: one rename when the target does not exist or is an empty folder; into
    /// an existing folder, file by file, after checking that no file would be replaced unless
    /// `overwrite`.
    pub fn publish(mut self, overwrite: bool) -> Result<Published> {
        match std::fs::rename(&self.staging, &self.target) {
            Ok(()) => {
                self.done = true;
                return Ok(Published {
                    dir: self.target.clone(),
                    created: true,
                    parents: std::mem::take(&mut self.parents),
                });
            }
            Err(e) if !self.target.is_dir() => return Err(Error::io(&self.target, e)),
            Err(_) => {}
        }
        let files = files_under(&self.staging)?;
        if !overwrite {
            if let Some(f) = files
                .iter()
                .map(|f| self.final_path(f))
                .find(|f| f.exists())
            {
                return Err(Error::path(
                    f,
                    "exists already; pass --force to overwrite it",
                ));
            }
        }
        for f in &files {
            let to = self.final_path(f);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            std::fs::rename(f, &to).map_err(|e| Error::io(&to, e))?;
        }
        std::fs::remove_dir_all(&self.staging).map_err(|e| Error::io(&self.staging, e))?;
        self.done = true;
        Ok(Published {
            dir: self.target.clone(),
            created: false,
            parents: Vec::new(),
        })
    }
}

impl Drop for StagedDir {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.staging);
            remove_empty(&self.parents);
        }
    }
}

/// Every file under `dir`, sorted.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).map_err(|e| Error::io(&d, e))? {
            let p = e.map_err(|e| Error::io(&d, e))?.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A published folder; [`Published::rollback`] takes it back when a later step fails.
#[derive(Debug)]
pub struct Published {
    dir: PathBuf,
    created: bool,
    parents: Vec<PathBuf>,
}

impl Published {
    /// Remove the folder when this command created it (a folder merged into with `--force` stays).
    pub fn rollback(self) {
        if self.created {
            let _ = std::fs::remove_dir_all(&self.dir);
            remove_empty(&self.parents);
        }
    }
}

/// A file written beside a folder (`--rejected`), put in place by [`SideFile::commit`].
#[derive(Debug)]
pub struct SideFile {
    target: PathBuf,
    tmp: PathBuf,
    parents: Vec<PathBuf>,
    done: bool,
}

impl SideFile {
    /// Prepare `target` (and the missing folders above it).
    pub fn new(target: &Path) -> Result<Self> {
        let parents = create_parents(target)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let tmp = parent_of(target).join(format!(".{name}.{}.side.tmp", std::process::id()));
        Ok(SideFile {
            target: target.to_path_buf(),
            tmp,
            parents,
            done: false,
        })
    }

    /// Where to write the content (atomically, e.g. with [`super::write_atomic`]).
    pub fn tmp(&self) -> &Path {
        &self.tmp
    }

    /// Rename the written file into place.
    pub fn commit(mut self) -> Result<()> {
        std::fs::rename(&self.tmp, &self.target).map_err(|e| Error::io(&self.target, e))?;
        self.done = true;
        Ok(())
    }
}

impl Drop for SideFile {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.tmp);
            remove_empty(&self.parents);
        }
    }
}

/// A side file to write: its path and what fills its temporary file.
pub type Side<'a> = (&'a Path, &'a dyn Fn(&Path) -> Result<()>);

/// Write a folder with [`StagedDir`] (`fill` writes into the staging folder), then a side file with
/// [`SideFile`] (`side` writes it); publish the folder, then the side file; on any failure remove both.
pub fn write_folder<T>(
    target: &Path,
    overwrite: bool,
    fill: impl FnOnce(&StagedDir) -> Result<T>,
    side: Option<Side>,
) -> Result<T> {
    let staged = StagedDir::new(target)?;
    let value = fill(&staged).map_err(|e| staged.explain(e))?;
    let side = match side {
        Some((path, write)) => {
            let s = SideFile::new(path)?;
            write(s.tmp())?;
            Some(s)
        }
        None => None,
    };
    let published = staged.publish(overwrite)?;
    if let Some(s) = side {
        if let Err(e) = s.commit() {
            published.rollback();
            return Err(e);
        }
    }
    Ok(value)
}

/// Write one file with [`SideFile`] (no folder): `write` fills the temporary file.
pub fn write_side_file(path: &Path, write: &dyn Fn(&Path) -> Result<()>) -> Result<()> {
    let s = SideFile::new(path)?;
    write(s.tmp())?;
    s.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(d: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_failure_leaves_nothing_not_even_new_parents() {
        let t = tempfile::tempdir().unwrap();
        let target = t.path().join("a/b/out");
        let side = t.path().join("c/rejected.csv");
        let r: Result<()> = write_folder(
            &target,
            false,
            |s| {
                super::super::write_atomic(&s.path().join("x.csv"), b"x")?;
                Err(Error::Usage("late failure".into()))
            },
            Some((&side, &|p: &Path| super::super::write_atomic(p, b"r"))),
        );
        assert!(r.is_err());
        assert!(names(t.path()).is_empty(), "{:?}", names(t.path()));
        // The side file fails after the folder was written: neither stays.
        std::fs::create_dir_all(t.path().join("rdir")).unwrap();
        let r = write_folder(
            &target,
            false,
            |s| super::super::write_atomic(&s.path().join("x.csv"), b"x"),
            Some((&t.path().join("rdir"), &|p: &Path| {
                super::super::write_atomic(p, b"r")
            })),
        );
        assert!(r.is_err());
        assert_eq!(names(t.path()), ["rdir"]);
        assert!(names(&t.path().join("rdir")).is_empty());
    }

    #[test]
    fn success_publishes_folder_then_side_file() {
        let t = tempfile::tempdir().unwrap();
        let target = t.path().join("out");
        let side = t.path().join("rejected.csv");
        write_folder(
            &target,
            false,
            |s| super::super::write_atomic(&s.path().join("sub/x.csv"), b"x"),
            Some((&side, &|p: &Path| super::super::write_atomic(p, b"r"))),
        )
        .unwrap();
        assert_eq!(names(t.path()), ["out", "rejected.csv"]);
        assert_eq!(std::fs::read(target.join("sub/x.csv")).unwrap(), b"x");
        // Into the existing folder: refused without overwrite, merged with it.
        let again = |overwrite| {
            write_folder(
                &target,
                overwrite,
                |s| super::super::write_atomic(&s.path().join("sub/x.csv"), b"y"),
                None,
            )
        };
        assert!(matches!(again(false), Err(Error::Path { .. })));
        assert_eq!(std::fs::read(target.join("sub/x.csv")).unwrap(), b"x");
        again(true).unwrap();
        assert_eq!(std::fs::read(target.join("sub/x.csv")).unwrap(), b"y");
        assert_eq!(names(t.path()), ["out", "rejected.csv"]);
    }
}
