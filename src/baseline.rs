//! Baselines: today's findings recorded in a file (`--write-baseline`), so that a site with
//! hundreds of them can adopt hugolint and be held to no new ones (`--baseline`, or `baseline:`
//! in `.hugolint.yaml`).
//!
//! A finding is known by its file, rule, message and the source text it flags (the span's text,
//! or its line's when the span is empty), not by its line: lines added or removed elsewhere in
//! the file do not change it. Identical findings in one file are separate entries and are
//! matched by count: with two recorded and three found, one is new. The file is JSON, sorted,
//! one entry per line, with paths relative to the baseline's folder:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {"path": "content/a.md", "rule": "broken-link", "message": "…", "source": "/docs/nope/"}
//!   ]
//! }
//! ```
//!
//! Reading and writing the file (which the user names) is the only I/O here.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::lint::Report;

/// The format's version: bumped only when an entry's meaning changes.
pub const VERSION: u32 = 1;

/// The longest source text kept for a finding (in bytes, cut at a character boundary).
const SOURCE_MAX: usize = 160;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub struct Entry {
    /// `/`-separated, relative to the baseline file's folder (absolute when outside it).
    pub path: String,
    pub rule: String,
    pub message: String,
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// A baseline read from its file: its entries, keyed by the files' absolute paths.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    /// (absolute path, rule, message, source) → how many times recorded.
    counts: BTreeMap<(PathBuf, String, String, String), usize>,
}

/// What applying a baseline did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// Findings left out because the baseline has them.
    pub baselined: usize,
    /// Baseline entries no finding matched (fixed since, or changed).
    pub stale: usize,
}

/// Whether a finding can be recorded: the rules' findings, not problems reading the input or
/// the settings (those always count).
fn recordable(rule: &str) -> bool {
    crate::rule_ids::is_known(rule)
}

/// The source text a finding is known by: its span's text, blanks folded; for an empty span,
/// its line's.
pub fn source_of(text: &str, span: &crate::document::Span) -> String {
    let (start, end) = (span.start.min(text.len()), span.end.min(text.len()));
    let (start, end) = if start < end {
        (start, end)
    } else {
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        (line_start, line_end)
    };
    let (start, end) = (
        crate::document::floor_char_boundary(text, start),
        crate::document::floor_char_boundary(text, end),
    );
    let mut out = String::new();
    for word in text[start..end].split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        if out.len() >= SOURCE_MAX {
            break;
        }
    }
    if out.len() > SOURCE_MAX {
        out.truncate(crate::document::floor_char_boundary(&out, SOURCE_MAX));
    }
    out
}

/// `path` made absolute from the current folder, `.` and `..` folded; the file system's
/// spelling (symlinks resolved) when it exists.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let mut out = if path.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The baseline file's folder, absolute.
fn folder_of(file: &Path) -> PathBuf {
    absolute(match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    })
}

/// A file's path as a baseline in `dir` records it.
fn relative(file: &Path, dir: &Path) -> String {
    let abs = absolute(file);
    let rel = abs.strip_prefix(dir).unwrap_or(&abs);
    rel.to_string_lossy().replace('\\', "/")
}

/// The baseline file's text for the findings of `report`.
pub fn render(report: &Report, baseline_file: &Path) -> String {
    let dir = folder_of(baseline_file);
    let mut entries: Vec<Entry> = Vec::new();
    for file in &report.files {
        let path = relative(&file.path, &dir);
        for d in file.diagnostics.iter().filter(|d| recordable(d.rule)) {
            entries.push(Entry {
                path: path.clone(),
                rule: d.rule.to_string(),
                message: d.message.clone(),
                source: source_of(&file.source, &d.span),
            });
        }
    }
    entries.sort();
    let mut out = format!("{{\n  \"version\": {VERSION},\n  \"findings\": [");
    for (i, e) in entries.iter().enumerate() {
        let s = |v: &str| serde_json::to_string(v).unwrap_or_default();
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&format!(
            "    {{\"path\": {}, \"rule\": {}, \"message\": {}, \"source\": {}}}",
            s(&e.path),
            s(&e.rule),
            s(&e.message),
            s(&e.source)
        ));
    }
    out.push_str(if entries.is_empty() {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    });
    out
}

/// Write the baseline of `report` to `file`; the number of entries.
pub fn write(report: &Report, file: &Path) -> std::io::Result<usize> {
    let text = render(report, file);
    std::fs::write(file, &text)?;
    Ok(report
        .files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .filter(|d| recordable(d.rule))
        .count())
}

impl Baseline {
    /// Parse a baseline file's text; its paths are relative to `dir`.
    pub fn parse(text: &str, dir: &Path) -> Result<Baseline, String> {
        let file: File = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if file.version != VERSION {
            return Err(format!(
                "version {} is not one this hugolint reads ({VERSION}): write it again with --write-baseline",
                file.version
            ));
        }
        let mut b = Baseline::default();
        for e in file.findings {
            let path = dir.join(&e.path);
            *b.counts
                .entry((path, e.rule, e.message, e.source))
                .or_default() += 1;
        }
        Ok(b)
    }

    /// Read the baseline in `file`.
    pub fn load(file: &Path) -> Result<Baseline, String> {
        let text = crate::site::bounded::read_to_string(file, crate::site::bounded::CACHE)
            .map_err(|e| e.to_string())?;
        Baseline::parse(&text, &folder_of(file))
    }

    /// Add another baseline's entries (several sites, each with its own).
    pub fn merge(&mut self, other: Baseline) {
        for (k, n) in other.counts {
            *self.counts.entry(k).or_default() += n;
        }
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.counts.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Leave out of `report` the findings this baseline records: per file, rule, message and
    /// source, as many as it recorded, in file order. Files left without findings go. Entries
    /// count as stale only for files under `linted` (the paths the run was given): a run on a
    /// few files says nothing of the others' entries.
    pub fn apply(&self, report: &mut Report, linted: &[PathBuf]) -> Applied {
        let linted: Vec<PathBuf> = linted.iter().map(|p| absolute(p)).collect();
        let mut left = self.counts.clone();
        let mut baselined = 0;
        for file in &mut report.files {
            let abs = absolute(&file.path);
            let source = file.source.clone();
            file.diagnostics.retain(|d| {
                if !recordable(d.rule) {
                    return true;
                }
                let key = (
                    abs.clone(),
                    d.rule.to_string(),
                    d.message.clone(),
                    source_of(&source, &d.span),
                );
                match left.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        baselined += 1;
                        false
                    }
                    _ => true,
                }
            });
        }
        report.files.retain(|f| !f.diagnostics.is_empty());
        let stale = left
            .iter()
            .filter(|((path, ..), _)| linted.iter().any(|l| path.starts_with(l)))
            .map(|(_, n)| n)
            .sum();
        Applied { baselined, stale }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_source_is_the_span_blanks_folded_or_its_line_when_empty() {
        let text = "# T\n\nSee [x](  /a\n  /b  ) here.\n";
        let start = text.find("/a").unwrap();
        let end = text.find("/b").unwrap() + 2;
        assert_eq!(source_of(text, &(start..end)), "/a /b");
        let at = text.find("See").unwrap() + 2;
        assert_eq!(source_of(text, &(at..at)), "See [x]( /a");
        // Past the end, and at the very end: the last line, no panic.
        assert_eq!(source_of(text, &(999..999)), "");
        assert_eq!(source_of("abc", &(3..3)), "abc");
    }

    #[test]
    fn a_long_source_is_cut_at_a_character_boundary() {
        let text = "é".repeat(400);
        let s = source_of(&text, &(0..text.len()));
        assert!(
            s.len() <= SOURCE_MAX && s.len() >= SOURCE_MAX - 1,
            "{}",
            s.len()
        );
        assert!(s.chars().all(|c| c == 'é'));
    }

    #[test]
    fn a_baseline_of_another_version_or_shape_is_refused() {
        let dir = Path::new("/site");
        assert!(Baseline::parse(r#"{"version": 2, "findings": []}"#, dir).is_err());
        assert!(Baseline::parse(r#"{"version": 1}"#, dir).is_err());
        assert!(Baseline::parse("not json", dir).is_err());
        let b = Baseline::parse(
            r#"{"version": 1, "findings": [
                {"path": "a.md", "rule": "missing-alt", "message": "m", "source": "s"},
                {"path": "a.md", "rule": "missing-alt", "message": "m", "source": "s"}]}"#,
            dir,
        )
        .unwrap();
        assert_eq!(b.len(), 2, "identical entries are two");
    }
}
