//! Folder listings shared within one run. Finding the site root lists the folder of every file
//! being linted (and their parents); the site index then walks the content folders, the same
//! folders on a whole-site run. The index takes the root search's listings instead of reading
//! each folder again: on a whole-site run of opentelemetry.io that is about 600 listings
//! fewer, each an open, a stat, two reads and a close.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::FxHashMap as HashMap;

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
pub struct Listings(Mutex<HashMap<PathBuf, Listing>>);

impl Listings {
    pub fn keep(&self, dir: &Path, listing: Listing) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(dir.to_path_buf(), listing);
    }

    pub fn take(&self, dir: &Path) -> Option<Listing> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(dir)
    }
}
