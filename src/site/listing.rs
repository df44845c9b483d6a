//! Folder listings shared within one run. Finding the site root lists the folder of every file
//! being linted (and their parents); the site index then walks the content folders, the same
//! folders on a whole-site run. The index takes the root search's listings instead of reading
//! each folder again: on a whole-site run of opentelemetry.io that is about 600 listings
//! fewer, each an open, a stat, two reads and a close. Between runs, `KeptListings` keeps them
//! with the folder's stamp (in the cache folder), so that linting a few files stats each folder
//! of the site instead of reading it.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::FxHashMap as HashMap;

use super::kept::Kept;
use super::path_key::{PathKey, key_bytes};
use super::stamp::Stamp;

/// What a folder entry is, from the entry itself (a symbolic link is `Other`: never followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Folder,
    File,
    Other,
}

/// One folder's entries, as `std::fs::read_dir` gives them.
pub type Listing = Vec<(OsString, Kind)>;

/// Read every entry of `dir`.
pub fn read(dir: &Path) -> std::io::Result<Listing> {
    Ok(std::fs::read_dir(dir)?
        .flatten()
        .map(|entry| (entry.file_name(), kind_of(&entry)))
        .collect())
}

/// What `entry` is, from the entry (no system call where the file system says it).
pub fn kind_of(entry: &std::fs::DirEntry) -> Kind {
    match entry.file_type() {
        Ok(t) if t.is_dir() => Kind::Folder,
        Ok(t) if t.is_file() => Kind::File,
        _ => Kind::Other,
    }
}

/// Listings kept for a later reader, by folder. Each is handed out once: the reader that
/// takes it is the only one that needs it.
#[derive(Debug, Default)]
pub struct Listings(Mutex<HashMap<PathKey, Listing>>);

impl Listings {
    pub fn keep(&self, dir: &Path, listing: Listing) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(PathKey::of(dir), listing);
    }

    pub fn take(&self, dir: &Path) -> Option<Listing> {
        let key = key_bytes(dir);
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&*key)
    }
}

/// Listings kept between runs, beside the front matter cache ([`super::cache`]). A folder's
/// entries change only with its stamp (adding, removing or renaming an entry changes the
/// folder's modification time), so while the stamp is the one a listing was read with, a
/// `statx` of the folder stands for reading it again: five system calls fewer for each folder
/// of the site, which is most of linting one file in a large site.
#[derive(Debug)]
pub(crate) struct KeptListings {
    /// Folders are kept by their path after this (the site root and its separator).
    root: String,
    /// Folder → its entries: each entry is its kind (`d`, `f`, `o`) and its name, joined by `/`
    /// (which no name holds).
    kept: Kept<String>,
    /// Listings of folders changed after this (seconds since the epoch) are not kept: on a file
    /// system with coarse timestamps a change in the same tick would leave the stamp as it is.
    settled_before: i64,
}

const FORMAT: &str = concat!("hugolint ", env!("CARGO_PKG_VERSION"), " listings 2");

impl KeptListings {
    /// The listings kept in `file` (read on first use; none when it is missing or unreadable).
    pub(crate) fn open(file: PathBuf, root: &Path) -> KeptListings {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        KeptListings::open_settled_before(file, root, now - 2)
    }

    /// [`KeptListings::open`], keeping only listings of folders last changed before `secs`.
    pub(crate) fn open_settled_before(file: PathBuf, root: &Path, secs: i64) -> KeptListings {
        let kept = Kept::open(file, FORMAT, root);
        let mut root = root.to_string_lossy().into_owned();
        if !root.ends_with(std::path::MAIN_SEPARATOR) {
            root.push(std::path::MAIN_SEPARATOR);
        }
        KeptListings {
            root,
            kept,
            settled_before: secs,
        }
    }

    /// The key of `dir`: its path after the root (whole, outside the root; none when it is not
    /// Unicode).
    fn key<'a>(&self, dir: &'a Path) -> Option<&'a str> {
        let path = dir.to_str()?;
        Some(path.strip_prefix(self.root.as_str()).unwrap_or(path))
    }

    /// The entries of `dir`, from the kept listing while the folder's stamp is `stamp`.
    pub(crate) fn get(
        &self,
        dir: &Path,
        stamp: Stamp,
    ) -> Option<impl Iterator<Item = (&OsStr, Kind)>> {
        let entries = self.kept.get(self.key(dir)?, stamp)?;
        Some(entries.split('/').filter_map(|e| {
            let kind = match e.as_bytes().first()? {
                b'd' => Kind::Folder,
                b'f' => Kind::File,
                _ => Kind::Other,
            };
            // `get`: a damaged file is no reason to panic.
            Some((OsStr::new(e.get(1..)?), kind))
        }))
    }

    /// Keep `listing`, read from `dir` when its stamp was `stamp`, for the next run: unless the
    /// folder changed too recently to trust its stamp, or a name is not Unicode.
    pub(crate) fn keep(&self, dir: &Path, stamp: Stamp, listing: &[(OsString, Kind)]) {
        let Some(key) = self.key(dir) else { return };
        let mut entries = String::new();
        for (name, kind) in listing {
            let Some(name) = name.to_str() else { return };
            entries.push(match kind {
                Kind::Folder => 'd',
                Kind::File => 'f',
                Kind::Other => 'o',
            });
            entries.push_str(name);
            entries.push('/');
        }
        if stamp.settled_before(self.settled_before) {
            self.kept.put(key, stamp, entries);
        } else {
            self.kept.still(key);
        }
    }

    /// `dir` is part of the site, listed by other means this run: its kept listing (if any) stays.
    pub(crate) fn listed_elsewhere(&self, dir: &Path) {
        if let Some(key) = self.key(dir) {
            self.kept.still(key);
        }
    }

    /// Write the listings of the folders seen this run, when any changed or any kept one is
    /// gone. Best effort, like the front matter cache.
    pub(crate) fn save(&self) {
        self.kept.save();
    }
}
