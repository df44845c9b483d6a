//! Facts kept between runs, each with the stamp of the file or folder it was read from: the
//! front matter of pages ([`super::cache::MetaCache`]) and the entries of folders
//! ([`super::listing::KeptListings`]). One JSON file per store and site under the cache folder.
//!
//! A store is read on first use and written once, after the run, when this run's facts differ
//! from the stored ones: a fact is used only while its stamp is the one it was read with, and
//! the file keeps only the keys this run saw (a page or folder gone is dropped from it).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use rustc_hash::FxHashMap as HashMap;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::stamp::Stamp;

#[derive(Serialize, Deserialize)]
struct Stored<V> {
    format: String,
    root: PathBuf,
    /// Key (a path relative to the site root: strings hash much faster than paths) → the
    /// stamp and the fact read with it.
    entries: HashMap<String, (Stamp, V)>,
}

#[derive(Debug)]
pub(crate) struct Kept<V> {
    file: PathBuf,
    /// What a stored fact means: a file of another format is not read.
    format: &'static str,
    root: PathBuf,
    stored: OnceLock<HashMap<String, (Stamp, V)>>,
    /// The keys of this run: with a fact read afresh, or `None` when the stored one stays.
    seen: Mutex<HashMap<String, Option<(Stamp, V)>>>,
}

impl<V: Serialize + DeserializeOwned + PartialEq + Clone> Kept<V> {
    /// The store in `file` for the site at `root`. Nothing is read until a fact is asked for;
    /// a missing, unreadable or foreign file holds nothing.
    pub(crate) fn open(file: PathBuf, format: &'static str, root: &Path) -> Kept<V> {
        Kept {
            file,
            format,
            root: root.to_path_buf(),
            stored: OnceLock::new(),
            seen: Mutex::new(HashMap::default()),
        }
    }

    fn stored(&self) -> &HashMap<String, (Stamp, V)> {
        self.stored.get_or_init(|| {
            super::bounded::read(&self.file, super::bounded::CACHE)
                .ok()
                .and_then(|b| serde_json::from_slice::<Stored<V>>(&b).ok())
                .filter(|s| s.format == self.format && s.root == self.root)
                .map(|s| s.entries)
                .unwrap_or_default()
        })
    }

    /// Read the stored facts now (on another thread while the site is listed).
    pub(crate) fn preload(&self) {
        self.stored();
    }

    /// The fact kept for `key` while its stamp is still `stamp`; it stays for the next run.
    pub(crate) fn get(&self, key: &str, stamp: Stamp) -> Option<&V> {
        let (kept, value) = self.stored().get(key)?;
        if *kept != stamp {
            return None;
        }
        self.saw(key, None);
        Some(value)
    }

    /// `value`, read from `key` when its stamp was `stamp`, is what the next run keeps.
    pub(crate) fn put(&self, key: &str, stamp: Stamp, value: V) {
        self.saw(key, Some((stamp, value)));
    }

    /// `key` is still part of the site, but this run has nothing new to keep for it: the stored
    /// fact (if any) stays.
    pub(crate) fn still(&self, key: &str) {
        self.saw(key, None);
    }

    fn saw(&self, key: &str, fact: Option<(Stamp, V)>) {
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_string(), fact);
    }

    /// Write this run's facts when they differ from the stored ones (a fact read afresh, or a
    /// stored key this run did not see). Best effort: a store that cannot be written only costs
    /// the next run time.
    pub(crate) fn save(&self) {
        let seen = std::mem::take(&mut *self.seen.lock().unwrap_or_else(|e| e.into_inner()));
        if seen.is_empty() {
            return;
        }
        let stored = self.stored();
        // Unchanged without building the new map: every fact read afresh equals the stored
        // one, and the keys that will be written are as many as the stored ones (so, being all
        // stored keys, the same keys).
        let same = seen.iter().all(|(key, fact)| match fact {
            None => true,
            Some(new) => stored.get(key) == Some(new),
        }) && seen
            .iter()
            .filter(|(key, fact)| fact.is_some() || stored.contains_key(*key))
            .count()
            == stored.len();
        if same {
            return;
        }
        let entries = seen
            .into_iter()
            .filter_map(|(key, fact)| {
                Some((key.clone(), fact.or_else(|| stored.get(&key).cloned())?))
            })
            .collect();
        let whole = Stored {
            format: self.format.to_string(),
            root: self.root.clone(),
            entries,
        };
        if let Ok(bytes) = serde_json::to_vec(&whole) {
            write_whole(&self.file, &bytes);
        }
    }
}

/// Write `bytes` to `file` beside it and rename: a concurrent run reads the old file or the
/// new, whole. Best effort: a cache that cannot be written only costs the next run time.
///
/// The temporary file is new (`O_EXCL`: a file or symlink already at its name, planted in a
/// shared cache folder, is never written through; another name is tried) and not reached through
/// a symlink (`O_NOFOLLOW`); the rename replaces whatever entry is at `file`, a symlink
/// included, without following it.
fn write_whole(file: &Path, bytes: &[u8]) {
    use std::io::Write;
    let Some(dir) = file.parent() else {
        return;
    };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    for attempt in 0..8u32 {
        let tmp = file.with_extension(format!("{}-{attempt}.tmp", std::process::id()));
        let Ok(mut out) = create_new(&tmp) else {
            continue;
        };
        let written = out
            .write_all(bytes)
            .and_then(|_| out.flush())
            .and_then(|_| std::fs::rename(&tmp, file));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        return;
    }
}

/// A new file at `path`, never one that exists, never through a symlink.
fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW).mode(0o644);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(n: u64) -> Stamp {
        Stamp::for_test(n)
    }

    /// A symlink planted at the temporary file's name is not written through, nor one at the
    /// store's own name: the store is replaced, the symlinks' targets are untouched.
    #[cfg(unix)]
    #[test]
    fn planted_symlinks_are_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let file = dir.path().join("cache").join("store.json");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let tmp = file.with_extension(format!("{}-0.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &tmp).unwrap();
        std::os::unix::fs::symlink(&victim, &file).unwrap();
        write_whole(&file, b"new");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert!(!std::fs::symlink_metadata(&file).unwrap().is_symlink());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
        // The planted one stays where it was, not written, not followed.
        assert!(std::fs::symlink_metadata(&tmp).unwrap().is_symlink());
    }

    /// A fact is used while its stamp holds; a store is written only when a fact changed or a
    /// key went away, and keeps only the keys seen.
    #[test]
    fn facts_stand_while_their_stamp_holds() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("store.json");
        let root = dir.path().join("site");
        let open = || Kept::<String>::open(file.clone(), "test 1", &root);
        let fill = || {
            let first = open();
            assert_eq!(first.get("a", stamp(1)), None);
            first.put("a", stamp(1), "A".into());
            first.put("b", stamp(2), "B".into());
            first.save();
            assert!(file.exists());
        };
        fill();

        // Unchanged: used, and not written again (removed, the file stays removed).
        let same = open();
        assert_eq!(same.get("a", stamp(1)).map(String::as_str), Some("A"));
        assert_eq!(same.get("b", stamp(2)).map(String::as_str), Some("B"));
        std::fs::remove_file(&file).unwrap();
        same.save();
        assert!(!file.exists());
        fill();

        // Another stamp: the fact is not used; the one read afresh replaces it.
        let changed = open();
        assert_eq!(changed.get("a", stamp(9)), None);
        changed.put("a", stamp(9), "A2".into());
        changed.still("b");
        changed.save();
        let after = open();
        assert_eq!(after.get("a", stamp(1)), None);
        assert_eq!(after.get("a", stamp(9)).map(String::as_str), Some("A2"));
        assert_eq!(after.get("b", stamp(2)).map(String::as_str), Some("B"));

        // A key not seen is dropped, which is a change.
        let fewer = open();
        assert!(fewer.get("a", stamp(9)).is_some());
        fewer.save();
        let last = open();
        assert!(last.get("b", stamp(2)).is_none());
        assert!(last.get("a", stamp(9)).is_some());

        // Another format, or another root, holds nothing.
        let other_format = Kept::<String>::open(file.clone(), "test 2", &root);
        assert!(other_format.get("a", stamp(9)).is_none());
        let other_root = Kept::<String>::open(file.clone(), "test 1", dir.path());
        assert!(other_root.get("a", stamp(9)).is_none());
    }
}
