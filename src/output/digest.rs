//! SHA-256 of output files computed while they are written, for the manifest.
//!
//! Hashing a 200 MB table after writing it reads it back and costs a tenth of a second on its own;
//! hashing the bytes as they go to the file costs the same CPU but overlaps the formatting of the next
//! rows. A [`DigestScope`] asks for it: while one is alive for a folder, every file written atomically
//! under that folder (see [`super::write_atomic_with`]) has its digest recorded, and
//! [`DigestScope::take`] hands it over. Files written outside any scope are not hashed.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// SHA-256 (hex) and size of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDigest {
    /// SHA-256, lower-case hex.
    pub sha256: String,
    /// Bytes.
    pub bytes: u64,
}

type Store = Arc<Mutex<BTreeMap<PathBuf, FileDigest>>>;

/// The folders currently collecting digests.
static SCOPES: Mutex<Vec<(PathBuf, Store)>> = Mutex::new(Vec::new());

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere while holding the lock leaves plain data behind: keep using it.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Collects the digests of the files written under a folder while it lives.
#[derive(Debug)]
pub struct DigestScope {
    dir: PathBuf,
    store: Store,
}

impl DigestScope {
    /// Start collecting for the files written under `dir`.
    pub fn new(dir: &Path) -> Self {
        let store: Store = Arc::default();
        lock(&SCOPES).push((dir.to_path_buf(), store.clone()));
        DigestScope {
            dir: dir.to_path_buf(),
            store,
        }
    }

    /// The digest recorded for `path` (removed from the scope), if it was written in it.
    pub fn take(&self, path: &Path) -> Option<FileDigest> {
        lock(&self.store).remove(path)
    }
}

impl Drop for DigestScope {
    fn drop(&mut self) {
        lock(&SCOPES).retain(|(d, s)| !(d == &self.dir && Arc::ptr_eq(s, &self.store)));
    }
}

/// Where to record the digest of `path`, when a scope covers it.
pub(super) fn store_for(path: &Path) -> Option<Store> {
    lock(&SCOPES)
        .iter()
        .find(|(d, _)| path.starts_with(d))
        .map(|(_, s)| s.clone())
}

/// A writer that hashes what passes through it.
pub(super) struct Hashing<W> {
    pub inner: W,
    pub hasher: Sha256,
    pub bytes: u64,
}

impl<W: std::io::Write> std::io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W> Hashing<W> {
    /// The digest of everything written.
    pub fn finish(self) -> FileDigest {
        FileDigest {
            sha256: format!("{:x}", self.hasher.finalize()),
            bytes: self.bytes,
        }
    }
}

/// SHA-256 of bytes in memory.
pub fn of_bytes(b: &[u8]) -> FileDigest {
    FileDigest {
        sha256: format!("{:x}", Sha256::digest(b)),
        bytes: b.len() as u64,
    }
}

/// SHA-256 of a file read from disk.
pub fn of_file(path: &Path) -> std::io::Result<FileDigest> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        total += n as u64;
    }
    Ok(FileDigest {
        sha256: format!("{:x}", h.finalize()),
        bytes: total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_written_in_a_scope_have_the_digest_read_back_from_disk() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("t.csv");
        let scope = DigestScope::new(d.path());
        super::super::write_atomic(&p, b"a,b\n1,2\n").unwrap();
        let got = scope.take(&p).unwrap();
        assert_eq!(got, of_file(&p).unwrap());
        assert_eq!(got.bytes, 8);
        // Taken once; and nothing is recorded outside a scope.
        assert!(scope.take(&p).is_none());
        drop(scope);
        let other = tempfile::tempdir().unwrap();
        let q = other.path().join("u.csv");
        super::super::write_atomic(&q, b"x").unwrap();
        assert!(store_for(&q).is_none());
    }
}
