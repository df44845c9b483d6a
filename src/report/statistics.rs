//! `--statistics`: findings per rule and severity, and the files with most findings.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::diagnostic::Severity;
use crate::lint::Report;

/// How many files the table of files with most findings lists.
pub const WORST_FILES: usize = 10;

/// Findings per rule: (rule, [errors, warnings, infos]), most findings first, then by id.
pub fn per_rule(report: &Report) -> Vec<(&'static str, [usize; 3])> {
    let mut counts: BTreeMap<&'static str, [usize; 3]> = BTreeMap::new();
    for d in report.files.iter().flat_map(|f| &f.diagnostics) {
        let slot = match d.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        };
        counts.entry(d.rule).or_default()[slot] += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| {
        let total = |c: &[usize; 3]| c.iter().sum::<usize>();
        total(&b.1).cmp(&total(&a.1)).then(a.0.cmp(b.0))
    });
    rows
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rows = per_rule(report);
    if rows.is_empty() {
        return writeln!(out, "No findings.");
    }
    let width = rows.iter().map(|(r, _)| r.len()).max().unwrap_or(0).max(5);
    writeln!(
        out,
        "{:<width$}  {:>6}  {:>8}  {:>5}  {:>5}",
        "rule", "errors", "warnings", "infos", "total"
    )?;
    let mut totals = [0; 3];
    for (rule, c) in &rows {
        for (t, n) in totals.iter_mut().zip(c) {
            *t += n;
        }
        writeln!(
            out,
            "{rule:<width$}  {:>6}  {:>8}  {:>5}  {:>5}",
            c[0],
            c[1],
            c[2],
            c.iter().sum::<usize>()
        )?;
    }
    writeln!(
        out,
        "{:<width$}  {:>6}  {:>8}  {:>5}  {:>5}",
        "total",
        totals[0],
        totals[1],
        totals[2],
        totals.iter().sum::<usize>()
    )?;
    let mut files: Vec<(usize, String)> = report
        .files
        .iter()
        .map(|f| (f.diagnostics.len(), f.path.display().to_string()))
        .collect();
    files.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let all = files.len();
    files.truncate(WORST_FILES);
    writeln!(
        out,
        "\nFiles with most findings ({} of {all}):",
        files.len()
    )?;
    for (n, path) in files {
        writeln!(out, "{n:>6}  {}", path)?;
    }
    Ok(())
}
