//! `path:line:col: severity[rule] message`: one line per finding, for logs and grep.

use std::io::{self, Write};

use crate::lint::Report;

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        for d in &file.diagnostics {
            let (line, col) = file.lines.line_col(&file.source, d.span.start);
            writeln!(
                out,
                "{}:{line}:{col}: {}[{}] {}",
                file.path.display(),
                d.severity.as_str(),
                d.rule,
                d.message
            )?;
        }
    }
    Ok(())
}
