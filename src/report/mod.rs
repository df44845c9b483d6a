//! Reporters: a [`Report`] → text. Line and column are computed here, from byte spans.

mod concise;
pub mod escape;
mod github;
pub mod json;
mod pretty;
mod sarif;
pub mod statistics;

use std::io::{self, Write};

use crate::diagnostic::Severity;
use crate::lint::Report;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippet, labels and help (miette); the default on a terminal.
    Pretty,
    /// `path:line:col: severity[rule] message`, one per line; the default otherwise.
    Concise,
    /// One JSON object with every diagnostic (schema in the README).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other viewers.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
}

/// Where hugolint's documentation lives; rule pages are `rules/<id>.md` there.
pub const HOME_URL: &str = "https://github.com/hugolint/hugolint";

/// The page of a rule.
pub fn rule_url(id: &str) -> String {
    format!("{HOME_URL}/blob/main/rules/{id}.md")
}

/// Lines and columns of one file's findings. Each column is counted on from the last offset
/// asked for when it is on the same line and not before it, else from the nearest of the
/// line's marks (one every 4 KB, made once as far as asked): findings on one long line cost the
/// line's length once, and at most 4 KB each, in any order (a 1 MB line with 100k findings was
/// 10^11 character steps; ends of findings go back when a short finding sits inside a long one,
/// and the JSON, SARIF and GitHub reporters, which give both ends, were quadratic in them).
pub(crate) struct Columns<'a> {
    text: &'a str,
    lines: &'a crate::document::LineIndex,
    /// The last offset asked for (on a char boundary), its 0-based line and 1-based column.
    at: Option<(usize, usize, usize)>,
    /// The line whose marks are kept, and its marks: (offset, 1-based column).
    marks: (usize, Vec<(usize, usize)>),
}

/// The distance between a line's marks.
const MARK: usize = 4096;

impl<'a> Columns<'a> {
    pub(crate) fn new(file: &'a crate::lint::FileReport) -> Self {
        Columns {
            text: &file.source,
            lines: &file.lines,
            at: None,
            marks: (usize::MAX, Vec::new()),
        }
    }

    /// 1-based line and column (characters) of `offset`, as `LineIndex::line_col`.
    pub(crate) fn line_col(&mut self, offset: usize) -> (usize, usize) {
        let offset = crate::document::floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.lines.line_of(offset);
        let (from, col) = match self.at {
            Some((o, l, c)) if l == line && o <= offset => (o, c),
            _ => self.mark_before(line, offset),
        };
        let col = col + self.text[from..offset].chars().count();
        self.at = Some((offset, line, col));
        (line + 1, col)
    }

    /// The last mark of `line` at or before `offset`.
    fn mark_before(&mut self, line: usize, offset: usize) -> (usize, usize) {
        let (at_line, marks) = &mut self.marks;
        if *at_line != line {
            *at_line = line;
            marks.clear();
            marks.push((self.lines.line_start(line), 1));
        }
        while let Some(&(o, c)) = marks.last()
            && o + MARK <= offset
        {
            let next = crate::document::floor_char_boundary(self.text, o + MARK);
            marks.push((next, c + self.text[o..next].chars().count()));
        }
        let i = marks.partition_point(|&(o, _)| o <= offset);
        marks[i.saturating_sub(1)]
    }
}

/// A path as reporters print it for machines: `/`-separated on every platform.
fn slash_path(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Write the diagnostics of `report` in `format` to `out`.
pub fn write(report: &Report, format: Format, color: bool, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Pretty => pretty::write(report, color, out),
        Format::Concise => concise::write(report, out),
        Format::Json => json::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Github => github::write(report, out),
    }
}

/// The closing line: files, time, errors, warnings, findings per rule, and what a baseline
/// left out.
pub fn summary(report: &Report, baseline: Option<crate::baseline::Applied>) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "Checked {} in {}: {}, {}",
        plural(report.files_checked, "file"),
        format_duration(report.elapsed),
        plural(errors, "error"),
        plural(warnings, "warning"),
    );
    let rules = statistics::per_rule(report);
    if !rules.is_empty() {
        let parts: Vec<String> = rules
            .iter()
            .map(|(r, c)| format!("{r} {}", c.iter().sum::<usize>()))
            .collect();
        line.push_str(&format!(" ({})", parts.join(", ")));
    }
    if let Some(b) = baseline {
        line.push_str(&format!(
            "; {} baselined, {} stale baseline {}",
            b.baselined,
            b.stale,
            if b.stale == 1 { "entry" } else { "entries" }
        ));
    }
    line.push('.');
    line
}

fn format_duration(d: std::time::Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_counted_on_are_columns_counted_afresh() {
        let text = "ab é\r\nx€y\rz\n\nlong line ü ü ü end";
        let file = crate::lint::FileReport {
            path: "a.md".into(),
            source: text.into(),
            lines: crate::document::LineIndex::new(text),
            diagnostics: Vec::new(),
        };
        // In order, backwards, on and off char boundaries, past the end.
        let mut offsets: Vec<usize> = (0..=text.len() + 2).collect();
        offsets.extend((0..=text.len()).rev());
        offsets.extend([7, 3, 25, 4, 30, 30, 1]);
        let mut columns = Columns::new(&file);
        for o in offsets {
            assert_eq!(columns.line_col(o), file.lines.line_col(text, o), "{o}");
        }
        // A long line (past several marks) of multi-byte characters, asked back and forth.
        let text = format!("# T\n{}\nend", "aé€😀".repeat(5000));
        let file = crate::lint::FileReport {
            path: "a.md".into(),
            source: text.as_str().into(),
            lines: crate::document::LineIndex::new(&text),
            diagnostics: Vec::new(),
        };
        let mut columns = Columns::new(&file);
        for o in [
            30_000,
            5,
            17_003,
            9_000,
            50_001,
            12,
            12,
            49_990,
            text.len(),
            4_100,
        ] {
            assert_eq!(columns.line_col(o), file.lines.line_col(&text, o), "{o}");
        }
    }
}
