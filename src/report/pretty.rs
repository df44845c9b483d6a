//! miette's graphical report: the source snippet with labels and the help line.
//!
//! miette's own `SourceCode` for strings scans from byte 0 for every label (21 s for 2,000 labels
//! in a 2 MB file, STACK.md §2); ours looks lines up in the file's line index.
//!
//! Nothing from a page reaches the terminal raw: the file name, the message, the help and the
//! labels are escaped (`super::escape`), and so is the source snippet: a page with control
//! characters is shown through an escaped copy of its text, the spans mapped onto it.

use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::escape;
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
            name: escape::path(&file.path),
            file,
            shown: Shown::of(&file.source),
        };
        for d in &file.diagnostics {
            text.clear();
            let view = View { d, source: &source };
            if handler.render_report(&mut text, &view).is_err() {
                text = format!("{}: {}\n", source.name, escape::controls(&d.message));
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
    /// The escaped copy of a page that holds control characters; `None` for the others.
    shown: Option<Shown>,
}

/// A page's text as the snippet shows it: each control character but tab and line breaks written
/// as its escape, a lone `\r` (a line break to CommonMark) as `\n`, so the copy has the page's
/// lines. `marks` maps offsets: after each escape, (offset in the page, offset in the copy).
struct Shown {
    text: String,
    lines: LineIndex,
    marks: Vec<(usize, usize)>,
}

impl Shown {
    fn of(text: &str) -> Option<Shown> {
        let bytes = text.as_bytes();
        let hostile = |i: usize, c: char| {
            escape::is_hostile(c)
                && c != '\t'
                && c != '\n'
                && !(c == '\r' && bytes.get(i + 1) == Some(&b'\n'))
        };
        text.char_indices().find(|&(i, c)| hostile(i, c))?;
        let mut shown = String::with_capacity(text.len() + 64);
        let mut marks = vec![(0, 0)];
        for (i, c) in text.char_indices() {
            if !hostile(i, c) {
                shown.push(c);
                continue;
            }
            if c == '\r' {
                shown.push('\n');
            } else {
                escape::push_escape(&mut shown, c);
            }
            marks.push((i + c.len_utf8(), shown.len()));
        }
        Some(Shown {
            lines: LineIndex::new(&shown),
            text: shown,
            marks,
        })
    }

    /// A page offset in the copy.
    fn to_shown(&self, offset: usize) -> usize {
        let at = self.marks.partition_point(|&(o, _)| o <= offset) - 1;
        let (o, s) = self.marks[at];
        s + (offset - o)
    }

    /// A copy offset in the page (an offset inside an escape: the character's end).
    fn to_page(&self, offset: usize) -> usize {
        let at = self.marks.partition_point(|&(_, s)| s <= offset) - 1;
        let (o, s) = self.marks[at];
        let next = self.marks.get(at + 1).map_or(usize::MAX, |&(o, _)| o);
        (o + (offset - s)).min(next)
    }
}

impl Source<'_> {
    /// The text the snippet is cut from, and its lines.
    fn text(&self) -> (&str, &LineIndex) {
        match &self.shown {
            Some(shown) => (&shown.text, &shown.lines),
            None => (&self.file.source, &self.file.lines),
        }
    }

    /// A span of the page as the snippet's text has it.
    fn span(&self, start: usize, end: usize) -> (usize, usize) {
        match &self.shown {
            Some(shown) => (shown.to_shown(start), shown.to_shown(end)),
            None => (start, end),
        }
    }
}

impl SourceCode for Source<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let (text, lines) = self.text();
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
        // miette prints this column in the header (`file:line:col`): characters of the page, like
        // every other report, not bytes (nor characters of the escaped copy).
        let col = if first == l0 {
            let page = &self.file.source;
            let (line_start, start) = match &self.shown {
                Some(shown) => (shown.to_page(lines.line_start(l0)), shown.to_page(start)),
                None => (lines.line_start(l0), start),
            };
            page.get(line_start..start).map_or(0, |t| t.chars().count())
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
        f.write_str(&escape::controls(&self.d.message))
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape::controls(&self.d.message))
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
            .map(|h| Box::new(escape::controls(h).into_owned()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let len = self.source.file.source.len();
        let source = self.source;
        let clamp = move |s: &std::ops::Range<usize>| {
            let a = s.start.min(len);
            let (a, b) = source.span(a, s.end.clamp(a, len));
            (a, b - a)
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
            .map(move |l| {
                let message = escape::controls(&l.message).into_owned();
                LabeledSpan::new_with_span(Some(message), clamp(&l.span))
            });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}
