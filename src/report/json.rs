//! `--format json`: one object for the run, a stable schema for tools (documented in the README).
//!
//! ```json
//! {"version": 1, "diagnostics": [{"path": "content/a.md", "rule": "broken-link",
//!   "severity": "error", "message": "…", "help": "…" | null,
//!   "start": {"line": 3, "column": 5}, "end": {"line": 3, "column": 19},
//!   "byte_range": [41, 55]}]}
//! ```
//! Lines and columns are 1-based; columns count characters (Unicode scalar values). `end` is
//! exclusive. Diagnostics are sorted by path, then position.

use std::io::{self, Write};

use serde::Serialize;

use crate::lint::Report;

/// The schema version: bumped only when a field changes meaning or goes away.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    path: String,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    start: Position,
    end: Position,
    byte_range: [usize; 2],
}

#[derive(Serialize)]
pub(super) struct Position {
    pub line: usize,
    pub column: usize,
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut diagnostics = Vec::new();
    for file in &report.files {
        let (mut starts, mut ends) = (super::Columns::new(file), super::Columns::new(file));
        for d in &file.diagnostics {
            let (sl, sc) = starts.line_col(d.span.start);
            let (el, ec) = ends.line_col(d.span.end);
            diagnostics.push(Item {
                path: super::slash_path(&file.path),
                rule: d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
                start: Position {
                    line: sl,
                    column: sc,
                },
                end: Position {
                    line: el,
                    column: ec,
                },
                byte_range: [d.span.start, d.span.end],
            });
        }
    }
    let output = Output {
        version: VERSION,
        diagnostics,
    };
    serde_json::to_writer_pretty(&mut *out, &output).map_err(io::Error::other)?;
    writeln!(out)
}
