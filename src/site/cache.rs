//! The front matter cache: the metadata the site index needs from each page, kept between runs
//! so that linting a few files inside a large site (pre-commit, an editor's save) does not read
//! and parse every page's front matter each time.
//!
//! One file per site under the cache folder (`$HUGOLINT_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/hugolint`, else `~/.cache/hugolint`), never inside the site. An entry is
//! used only while the page's size, modification time and (on Unix) inode and change time are
//! those it was read with; anything else, a missing or unreadable cache included, means reading
//! the page. Beside it, the site's folder listings (`listing::KeptListings`,
//! `<site>.folders`), opened and saved with it. `--no-cache` turns both off.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::document::PageMeta;
use crate::site::kept::Kept;
use crate::site::listing::KeptListings;
use crate::site::path_key::strip_dir;
use crate::site::stamp::Stamp;

/// Bumped whenever what an entry holds changes meaning.
const FORMAT: &str = concat!("hugolint ", env!("CARGO_PKG_VERSION"), " front-matter 4");

/// The cache folder hugolint uses unless told otherwise.
pub fn default_dir() -> Option<PathBuf> {
    let non_empty = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    if let Some(d) = non_empty("HUGOLINT_CACHE_DIR") {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = non_empty("XDG_CACHE_HOME") {
        return Some(PathBuf::from(d).join("hugolint"));
    }
    non_empty("HOME").map(|h| PathBuf::from(h).join(".cache").join("hugolint"))
}

/// `dir` made absolute and canonical as far as it exists (the cache folder may not be made yet).
fn existing_ancestor_canonical(dir: &Path) -> Option<PathBuf> {
    let mut rest = Vec::new();
    let mut at = std::path::absolute(dir).ok()?;
    loop {
        if let Ok(canonical) = std::fs::canonicalize(&at) {
            return Some(rest.iter().rev().fold(canonical, |p, n| p.join(n)));
        }
        rest.push(at.file_name()?.to_os_string());
        at = at.parent()?.to_path_buf();
    }
}

/// The cache of one site: read when the index first asks for a page, written back after the
/// index is built when it changed.
#[derive(Debug)]
pub struct MetaCache {
    root: PathBuf,
    pages: Kept<PageMeta>,
    folders: KeptListings,
}

impl MetaCache {
    /// The cache of the site at `root` (canonical) inside `dir`; empty when there is none yet or
    /// it cannot be read. Nothing is read until a page is asked for.
    pub fn open(dir: &Path, root: &Path) -> MetaCache {
        let (pages, folders) = Self::files(dir, root);
        MetaCache {
            folders: KeptListings::open(folders, root),
            pages: Kept::open(pages, FORMAT, root),
            root: root.to_path_buf(),
        }
    }

    /// [`open`](Self::open), or why the cache is not used: a cache folder inside the site (the
    /// cache would be written into the site, which hugolint never does), or a cache file that is
    /// not a regular file (a FIFO or a device would hang or flood the read).
    pub fn open_checked(dir: &Path, root: &Path) -> Result<MetaCache, String> {
        if let Some(inside) = existing_ancestor_canonical(dir).filter(|d| d.starts_with(root)) {
            return Err(format!(
                "the cache folder {} is inside the site {}: hugolint does not write into a site, so this run keeps no cache (set HUGOLINT_CACHE_DIR to a folder outside it, or pass --no-cache)",
                inside.display(),
                root.display()
            ));
        }
        let (pages, folders) = Self::files(dir, root);
        for file in [&pages, &folders] {
            if let Some(kind) = super::bounded::special_kind(file) {
                return Err(format!(
                    "the cache file {} is {kind}, not a regular file: this run keeps no cache (remove it)",
                    file.display()
                ));
            }
        }
        Ok(Self::open(dir, root))
    }

    /// The two files of the site at `root` in the cache folder `dir`: pages, folders.
    fn files(dir: &Path, root: &Path) -> (PathBuf, PathBuf) {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        root.hash(&mut h);
        let name = format!(
            "{}-{:016x}",
            root.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
                .collect::<String>(),
            h.finish()
        );
        (
            dir.join(format!("{name}.json")),
            dir.join(format!("{name}.folders")),
        )
    }

    /// The site's folder listings kept between runs.
    pub(crate) fn folders(&self) -> &KeptListings {
        &self.folders
    }

    /// Read the stored entries now (on another thread while the site is listed).
    pub fn preload(&self) {
        self.pages.preload();
    }

    /// The metadata of `file`: from the cache while the file is unchanged, else from `read`.
    /// The stamp is taken before reading: a change made meanwhile gives the next run a new one.
    pub(crate) fn get_or_read(
        &self,
        file: &Path,
        read: impl FnOnce(&Path) -> PageMeta,
    ) -> PageMeta {
        let stamp = Stamp::of(file);
        let (Some(stamp), Some(key)) = (stamp, strip_dir(file, &self.root)) else {
            return read(file);
        };
        let key = key.to_string_lossy();
        if let Some(meta) = self.pages.get(&key, stamp) {
            return meta.clone();
        }
        let meta = read(file);
        self.pages.put(&key, stamp, meta.clone());
        meta
    }

    /// Write the front matter and the folder listings of this run back, each when it changed.
    pub fn save(&self) {
        self.folders.save();
        self.pages.save();
    }
}
