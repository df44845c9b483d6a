//! miette's graphical report: the source snippet with labels and the help line.
//!
//! miette's own `SourceCode` for strings scans from byte 0 for every label (21 s for 2,000 labels
//! in a 2 MB file, STACK.md §2); ours looks lines up in the file's line index.

use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::LineIndex;
use crate::lint::{FileReport, Report};

pub fn write(report: &Report, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_context_lines(1);
    let mut text = String::new();
    for file in &report.files {
        let source = Source {
            name: file.path.display().to_string(),
            file,
        };
        for d in &file.diagnostics {
            text.clear();
            let view = View { d, source: &source };
            if handler.render_report(&mut text, &view).is_err() {
                text = format!("{}: {}\n", file.path.display(), d.message);
            }
            if !text.ends_with('\n') {
                text.push('\n');
            }
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

struct Source<'a> {
    name: String,
    file: &'a FileReport,
}

impl SourceCode for Source<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text: &str = &self.file.source;
        let lines: &LineIndex = &self.file.lines;
        let (start, end) = (span.offset(), span.offset() + span.len());
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let (l0, l1) = (
            lines.line_of(start),
            lines.line_of(end.saturating_sub(1).max(start)),
        );
        let first = l0.saturating_sub(before);
        let last = (l1 + after).min(lines.line_count() - 1);
        let s = lines.line_start(first);
        let mut e = if last + 1 < lines.line_count() {
            lines.line_start(last + 1)
        } else {
            text.len()
        };
        // Without the last line's break (`\n`, `\r\n` or a lone `\r`).
        if e > s && text.as_bytes()[e - 1] == b'\n' {
            e -= 1;
        }
        if e > s && text.as_bytes()[e - 1] == b'\r' {
            e -= 1;
        }
        // miette prints this column in the header (`file:line:col`): characters, like every
        // other report, not bytes.
        let col = if first == l0 {
            let line_start = lines.line_start(l0);
            text.get(line_start..start).map_or(0, |t| t.chars().count())
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &text.as_bytes()[s..e],
            (s, e - s).into(),
            first,
            col,
            last - first + 1,
        )))
    }
}

struct View<'a> {
    d: &'a Diagnostic,
    source: &'a Source<'a>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.d.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let len = self.source.file.source.len();
        let clamp = move |s: &std::ops::Range<usize>| {
            let a = s.start.min(len);
            (a, s.end.clamp(a, len) - a)
        };
        let primary = LabeledSpan::new_primary_with_span(None, clamp(&self.d.span));
        // miette draws everything between far-apart labels: keep only nearby secondary labels.
        let lines = &self.source.file.lines;
        let here = lines.line_of(self.d.span.start.min(len));
        let secondary = self
            .d
            .labels
            .iter()
            .filter(move |l| lines.line_of(l.span.start.min(len)).abs_diff(here) <= 12)
            .map(move |l| LabeledSpan::new_with_span(Some(l.message.clone()), clamp(&l.span)));
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}
