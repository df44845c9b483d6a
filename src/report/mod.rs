//! Reporters: a [`Report`] → text. Line and column are computed here, from byte spans.

mod concise;
mod pretty;

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
}

/// Write the diagnostics of `report` in `format` to `out`.
pub fn write(report: &Report, format: Format, color: bool, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Pretty => pretty::write(report, color, out),
        Format::Concise => concise::write(report, out),
    }
}

/// The closing line: files, errors, warnings, time.
pub fn summary(report: &Report) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "Checked {} in {}: {}, {}.",
        plural(report.files_checked, "file"),
        format_duration(report.elapsed),
        plural(errors, "error"),
        plural(warnings, "warning"),
    )
}

fn format_duration(d: std::time::Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}
