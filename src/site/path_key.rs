//! Paths as hash keys. `Path`'s own `Hash` and `Eq` walk the components (so that `a//b/` and
//! `a/b` are one path); on a large site that was a tenth of linting one file, most of it in
//! maps keyed by the site's folders and pages. A [`PathKey`] is the path's components joined
//! by the separator: equal exactly when the paths are equal as `Path`s, hashed as bytes. A path
//! already written that way (every path a walk makes) is its own key, without a copy.

use std::borrow::{Borrow, Cow};
use std::path::{Component, Path};

/// A path in the form `Path` compares by, for hash maps (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PathKey(Box<[u8]>);

impl PathKey {
    pub fn of(path: &Path) -> PathKey {
        PathKey(key_bytes(path).into_owned().into_boxed_slice())
    }
}

/// Maps keyed by [`PathKey`] are looked up with [`key_bytes`].
impl Borrow<[u8]> for PathKey {
    fn borrow(&self) -> &[u8] {
        &self.0
    }
}

/// The bytes of `path`'s key: borrowed when the path is written in that form already.
pub fn key_bytes(path: &Path) -> Cow<'_, [u8]> {
    let bytes = path.as_os_str().as_encoded_bytes();
    if cfg!(unix) && is_plain(bytes) {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut after_root = false;
    for (i, c) in path.components().enumerate() {
        if i > 0 && !after_root {
            out.push(b'/');
        }
        after_root = matches!(c, Component::RootDir | Component::Prefix(_));
        out.extend_from_slice(c.as_os_str().as_encoded_bytes());
    }
    Cow::Owned(out)
}

/// `path` after `dir` ([`Path::strip_prefix`]), by comparing bytes when both are written as
/// their components (`Path`'s own compares component by component).
pub fn strip_dir<'a>(path: &'a Path, dir: &Path) -> Option<&'a Path> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let (p, d) = (
            path.as_os_str().as_encoded_bytes(),
            dir.as_os_str().as_encoded_bytes(),
        );
        if is_plain(p) && is_plain(d) && !d.is_empty() {
            let rest = p.strip_prefix(d)?;
            let rest = match rest {
                [] => rest,
                [b'/', tail @ ..] => tail,
                _ if d.ends_with(b"/") => rest,
                _ => return None,
            };
            return Some(Path::new(std::ffi::OsStr::from_bytes(rest)));
        }
    }
    path.strip_prefix(dir).ok()
}

/// Whether a Unix path is written as its components joined by `/`: no empty component
/// (`//`), no `.` after the first component, no trailing `/` (but `/` itself).
fn is_plain(bytes: &[u8]) -> bool {
    if bytes.len() > 1 && bytes.ends_with(b"/") {
        return false;
    }
    // A plain loop: paths are short, and memchr's setup cost more than the scan.
    (0..bytes.len()).all(|i| {
        bytes[i] != b'/' || !matches!(&bytes[i + 1..], [b'/', ..] | [b'.'] | [b'.', b'/', ..])
    })
}

#[cfg(test)]
mod tests {
    use super::{PathKey, key_bytes, strip_dir};
    use proptest::prelude::*;
    use std::path::Path;

    #[test]
    fn plain_paths_are_their_own_key() {
        for p in [
            "/a/b.md", "a", "./a/b", "/", "", ".", "../x", "a/..", "a/.b", "a/b.", "/.x",
        ] {
            assert!(
                matches!(key_bytes(Path::new(p)), std::borrow::Cow::Borrowed(_)),
                "{p}"
            );
        }
        for (p, key) in [
            ("a//b", "a/b"),
            ("a/b/", "a/b"),
            ("a/./b", "a/b"),
            ("a/.", "a"),
            ("//a", "/a"),
            ("./", "."),
            ("/./a/", "/a"),
        ] {
            assert_eq!(key_bytes(Path::new(p)).as_ref(), key.as_bytes(), "{p}");
        }
    }

    proptest! {
        /// Two paths have one key exactly when they are equal as `Path`s.
        #[test]
        fn keys_agree_with_path_equality(
            a in "(/|//|\\.|\\.\\.|a|b|\\.a|/\\./|/\\.|\\./){0,6}",
            b in "(/|//|\\.|\\.\\.|a|b|\\.a|/\\./|/\\.|\\./){0,6}",
        ) {
            let (pa, pb) = (Path::new(&a), Path::new(&b));
            prop_assert_eq!(PathKey::of(pa) == PathKey::of(pb), pa == pb);
            // The key is a path with the same components.
            let key = PathKey::of(pa);
            let back = std::str::from_utf8(&key.0).unwrap();
            prop_assert_eq!(Path::new(back), pa);
        }

        /// `strip_dir` is `Path::strip_prefix`.
        #[test]
        fn strip_dir_is_strip_prefix(
            a in "(/|//|\\.|a|b|ab|/\\./|\\./){0,7}",
            b in "(/|//|\\.|a|b|ab|/\\./|\\./){0,4}",
        ) {
            let (pa, pb) = (Path::new(&a), Path::new(&b));
            // The same bytes, not only the same components: callers use the text.
            prop_assert_eq!(
                strip_dir(pa, pb).map(|p| p.as_os_str()),
                pa.strip_prefix(pb).ok().map(|p| p.as_os_str())
            );
        }
    }
}
