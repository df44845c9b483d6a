//! A file's or folder's [`Stamp`]: what tells, without reading it, that it is the version a
//! fact kept between runs was read from (the front matter cache, the folder listings).

use std::path::Path;

use serde::{Deserialize, Serialize};

/// What identifies one version of a file without reading it: size, modification time, and on
/// Unix inode and change time (a file replaced by another of the same size and modification
/// time, by `cp -p` or `rsync -a`, still changes these). A tuple: stored as a short array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp(u64, i64, u32, u64, i64, i64);

impl Stamp {
    pub(crate) fn of(file: &Path) -> Option<Stamp> {
        Stamp::of_metadata(&std::fs::metadata(file).ok()?)
    }

    fn of_metadata(m: &std::fs::Metadata) -> Option<Stamp> {
        let mtime = m
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        #[cfg(unix)]
        let (ino, ctime, ctime_ns) = {
            use std::os::unix::fs::MetadataExt;
            (m.ino(), m.ctime(), m.ctime_nsec())
        };
        #[cfg(not(unix))]
        let (ino, ctime, ctime_ns) = (0, 0, 0);
        Some(Stamp(
            m.len(),
            mtime.as_secs() as i64,
            mtime.subsec_nanos(),
            ino,
            ctime,
            ctime_ns,
        ))
    }

    #[cfg(test)]
    pub(crate) fn for_test(n: u64) -> Stamp {
        Stamp(n, 0, 0, 0, 0, 0)
    }

    /// Whether the file last changed (modification and change time) before `secs` since the
    /// epoch.
    pub(crate) fn settled_before(&self, secs: i64) -> bool {
        self.1 < secs && self.4 < secs
    }
}
