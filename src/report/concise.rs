//! `path:line:col: severity[rule] message`: one line per finding, for logs and grep. The path and
//! the message are escaped (`super::escape`): a control character in a file name or a link target
//! cannot start another line or talk to the terminal.

use std::io::{self, Write};

use super::escape;
use crate::lint::Report;

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        let path = escape::path(&file.path);
        let mut starts = super::Columns::new(file);
        for d in &file.diagnostics {
            let (line, col) = starts.line_col(d.span.start);
            writeln!(
                out,
                "{}:{line}:{col}: {}[{}] {}",
                path,
                d.severity.as_str(),
                d.rule,
                escape::controls(&d.message)
            )?;
        }
    }
    Ok(())
}
