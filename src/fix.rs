//! `hugolint --fix`: the replacements the rules mark as certain (`Suggestion::certain`; each
//! rule's page says which), applied to the files they were found in; `--fix --diff` shows them as
//! a unified diff instead.
//!
//! Safe against every file it writes: a file is written only when its bytes are still those the
//! lint read (else it is left alone and named), through a new file beside it (created, never
//! opened if it exists) renamed over it, with the original's permissions. A file without a
//! certain fix is never opened for writing. Edits that overlap are not applied together (the
//! first is, the next run applies the other if it still holds).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::diagnostic::Suggestion;
use crate::document::Span;
use crate::lint::{FileReport, Report};

/// What a `--fix` run did.
#[derive(Debug, Default)]
pub struct Fixed {
    /// Files changed (or, with `--diff`, that would be).
    pub files: usize,
    /// Fixes applied (or shown).
    pub fixes: usize,
    /// Files not written, and why (changed since read, cannot be written).
    pub skipped: Vec<String>,
}

/// Apply (or, when `diff` is given, print) the certain fixes of a report.
pub fn apply(report: &Report, mut diff: Option<&mut dyn Write>) -> io::Result<Fixed> {
    let mut fixed = Fixed::default();
    for file in &report.files {
        let edits = certain_edits(file);
        if edits.is_empty() {
            continue;
        }
        let new = edited(&file.source, &edits);
        if new == *file.source {
            continue;
        }
        match diff.as_deref_mut() {
            Some(out) => write_diff(out, &file.path, &file.source, &new)?,
            None => {
                if let Err(why) = write_if_unchanged(&file.path, &file.source, &new) {
                    fixed.skipped.push(format!(
                        "{}: not fixed ({why})",
                        crate::report::escape::path(&file.path)
                    ));
                    continue;
                }
            }
        }
        fixed.files += 1;
        fixed.fixes += edits.len();
    }
    Ok(fixed)
}

/// A file's certain edits, in order, none overlapping, each on char boundaries and within one
/// line.
fn certain_edits(file: &FileReport) -> Vec<&Suggestion> {
    let text = &*file.source;
    let mut edits: Vec<&Suggestion> = file
        .diagnostics
        .iter()
        .flat_map(|d| d.suggestions.iter().filter(|s| s.certain).take(1))
        .filter(|s| {
            let Span { start, end } = s.span;
            start <= end
                && end <= text.len()
                && text.is_char_boundary(start)
                && text.is_char_boundary(end)
                && !text[start..end].contains(['\n', '\r'])
                && !s.text.contains(['\n', '\r'])
        })
        .collect();
    edits.sort_by_key(|s| (s.span.start, s.span.end));
    let mut kept: Vec<&Suggestion> = Vec::with_capacity(edits.len());
    for s in edits {
        match kept.last() {
            Some(prev) if s.span.start < prev.span.end || s.span == prev.span => {}
            _ => kept.push(s),
        }
    }
    kept
}

fn edited(text: &str, edits: &[&Suggestion]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for s in edits {
        out.push_str(&text[at..s.span.start]);
        out.push_str(&s.text);
        at = s.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Write `new` over `path` when the file still holds `old`: through a new file beside it,
/// renamed into place.
fn write_if_unchanged(path: &Path, old: &str, new: &str) -> Result<(), String> {
    // Through a symlink, its target is the file.
    let path = std::fs::canonicalize(path).map_err(|e| e.to_string())?;
    // Only a regular file, and no more bytes than it had.
    let limit = old.len() as u64;
    let now =
        crate::site::bounded::read(&path, limit).map_err(|_| "it changed since it was read")?;
    if now != old.as_bytes() {
        return Err("it changed since it was read".into());
    }
    let meta = std::fs::metadata(&path).map_err(|e| e.to_string())?;
    let temp = temp_beside(&path);
    let written = (|| -> io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        f.write_all(new.as_bytes())?;
        f.set_permissions(meta.permissions())?;
        f.sync_all()?;
        drop(f);
        // The last look: nothing wrote the file meanwhile.
        if crate::site::bounded::read(&path, limit).ok().as_deref() != Some(old.as_bytes()) {
            return Err(io::Error::other("it changed since it was read"));
        }
        std::fs::rename(&temp, &path)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        e.to_string()
    })
}

fn temp_beside(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.hugolint-fix.{}", std::process::id()))
}

/// A unified diff of two texts with the same lines but some (the fixes never add or remove a
/// line), three lines of context. Control characters from the page are shown escaped.
fn write_diff(out: &mut dyn Write, path: &Path, old: &str, new: &str) -> io::Result<()> {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    if old_lines.len() != new_lines.len() {
        return Ok(());
    }
    let changed: Vec<usize> = (0..old_lines.len())
        .filter(|&i| old_lines[i] != new_lines[i])
        .collect();
    let name = crate::report::escape::path(path);
    writeln!(out, "--- a/{name}")?;
    writeln!(out, "+++ b/{name}")?;
    let mut i = 0;
    while i < changed.len() {
        // A hunk: changed lines less than 7 apart share their context.
        let mut j = i;
        while j + 1 < changed.len() && changed[j + 1] - changed[j] <= 6 {
            j += 1;
        }
        let start = changed[i].saturating_sub(3);
        let end = (changed[j] + 4).min(old_lines.len());
        writeln!(
            out,
            "@@ -{},{} +{},{} @@",
            start + 1,
            end - start,
            start + 1,
            end - start
        )?;
        for k in start..end {
            if old_lines[k] == new_lines[k] {
                writeln!(out, " {}", shown_line(old_lines[k]))?;
            } else {
                writeln!(out, "-{}", shown_line(old_lines[k]))?;
                writeln!(out, "+{}", shown_line(new_lines[k]))?;
            }
        }
        i = j + 1;
    }
    Ok(())
}

fn shown_line(line: &str) -> std::borrow::Cow<'_, str> {
    let line = line.strip_suffix('\n').unwrap_or(line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    crate::report::escape::controls_except(line, |c| c == '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_read_is_not_written() {
        let tmp = tempfile::tempdir().unwrap();
        let page = tmp.path().join("p.md");
        std::fs::write(&page, "[a](#X)\nedited meanwhile\n").unwrap();
        let err = write_if_unchanged(&page, "[a](#X)\n", "[a](#x)\n").unwrap_err();
        assert!(err.contains("changed"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&page).unwrap(),
            "[a](#X)\nedited meanwhile\n"
        );
        // Unchanged: written, and nothing else is left in the folder.
        write_if_unchanged(&page, "[a](#X)\nedited meanwhile\n", "[a](#x)\n").unwrap();
        assert_eq!(std::fs::read_to_string(&page).unwrap(), "[a](#x)\n");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn overlapping_edits_apply_the_first() {
        let s = |start, end, text: &str| Suggestion {
            span: start..end,
            text: text.into(),
            certain: true,
        };
        let (a, b, c) = (s(0, 3, "x"), s(2, 5, "y"), s(6, 7, "z"));
        assert_eq!(edited("abcdefgh", &[&a, &c]), "xdefzh");
        let file = FileReport {
            path: "p.md".into(),
            source: "abcdefgh".into(),
            lines: Default::default(),
            diagnostics: [a.clone(), b, c]
                .into_iter()
                .map(|s| {
                    let mut d = crate::diagnostic::Diagnostic::new(
                        "broken-fragment",
                        crate::diagnostic::Severity::Error,
                        s.span.clone(),
                        "m",
                    );
                    d.suggestions.push(s);
                    d
                })
                .collect(),
        };
        let kept: Vec<&str> = certain_edits(&file)
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(kept, ["x", "z"]);
    }
}
