//! How hugolint reads a file, every file: only a regular one, and at most a bound of bytes.
//!
//! A FIFO, a device or a socket is refused with an error that says what it is, before anything
//! is read (on Unix the file is opened without blocking, so a FIFO with no writer cannot hang the
//! run, then checked on the open handle). A file larger than its bound is refused with an error
//! that names the bound; `/dev/zero` cannot fill the memory.

use std::io::{self, Read};
use std::path::Path;

/// A page (Markdown and the other content formats): Hugo sites' largest are a few MB.
pub const PAGE: u64 = 64 << 20;
/// A settings or config file, a template, `go.mod`, a translation table.
pub const CONFIG: u64 = 16 << 20;
/// One of hugolint's own stores in the cache folder (a large site's is tens of MB).
pub const CACHE: u64 = 512 << 20;

/// The regular file at `path`, open for reading (its size with it); an error for any other kind.
/// Whoever reads it bounds the read.
pub fn open_regular(path: &Path) -> io::Result<(std::fs::File, u64)> {
    let file = open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    Ok((file, meta.len()))
}

/// The bytes of the regular file at `path`, at most `limit` of them.
pub fn read(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let (file, len) = open_regular(path)?;
    if len > limit {
        return Err(too_large(len, limit));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // The size can grow while it is read: never more than the bound.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// As [`read`], as UTF-8 text.
pub fn read_to_string(path: &Path, limit: u64) -> io::Result<String> {
    String::from_utf8(read(path, limit)?).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        )
    })
}

/// What kind of file `path` is when it is not a regular file or a folder (following symlinks):
/// `Some("a FIFO")`, `Some("a character device")`... `None` for a file, a folder or no file.
pub fn special_kind(path: &Path) -> Option<&'static str> {
    let meta = std::fs::metadata(path).ok()?;
    (!meta.is_file() && !meta.is_dir()).then(|| kind(&meta))
}

#[cfg(unix)]
fn open(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // Non-blocking: opening a FIFO for reading waits for a writer otherwise. Reads of a regular
    // file ignore the flag.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> io::Result<std::fs::File> {
    if let Some(kind) = special_kind(path) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a regular file but {kind}"),
        ));
    }
    std::fs::File::open(path)
}

fn not_regular(meta: &std::fs::Metadata) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("not a regular file but {}", kind(meta)),
    )
}

fn too_large(size: u64, limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "larger than hugolint reads ({} MB or more, the bound is {} MB)",
            size >> 20,
            limit >> 20
        ),
    )
}

fn kind(meta: &std::fs::Metadata) -> &'static str {
    if meta.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_within_the_bound_only() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.md");
        std::fs::write(&f, "12345").unwrap();
        assert_eq!(read(&f, 5).unwrap(), b"12345");
        let e = read(&f, 4).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        assert!(e.to_string().contains("the bound is"), "{e}");
        let e = read(dir.path(), 100).unwrap_err();
        assert!(e.to_string().contains("a folder"), "{e}");
        assert_eq!(special_kind(&f), None);
        assert_eq!(special_kind(dir.path()), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_and_a_device_are_refused_without_reading() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        // No writer: a blocking open would wait forever (CI's timeout is the bound).
        let e = read(&fifo, 100).unwrap_err();
        assert!(e.to_string().contains("a FIFO"), "{e}");
        assert_eq!(special_kind(&fifo), Some("a FIFO (named pipe)"));
        let e = read(Path::new("/dev/zero"), 100).unwrap_err();
        assert!(e.to_string().contains("a character device"), "{e}");
    }
}
