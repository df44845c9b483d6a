//! The checks behind the fuzz targets (`fuzz/`), shared with `tests/fuzz_regressions.rs` so that
//! every input a fuzzer ever found (and every seed) is re-run by `cargo test` with the same
//! assertions. Each function takes arbitrary bytes and panics only on a bug.

use std::path::Path;

use crate::catalogue::Catalogue;
use crate::lint::{self, LintOptions};
use crate::settings::Settings;
use crate::site::Site;
use crate::site::config::{self, Config};
use crate::syntax::{front_matter as fm, shortcode};

/// Whether `span` lies inside `text` on char boundaries (shared with tests/properties.rs).
pub fn inside(text: &str, span: &std::ops::Range<usize>) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

/// The shortcode lexer and pairing: spans inside the text, on char boundaries.
pub fn shortcode_lexer(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let lexed = shortcode::scan(&text, 0, Catalogue::builtin());
    for sc in &lexed.shortcodes {
        assert!(inside(&text, &sc.span()), "{sc:?}");
        // A child lies inside its parent, which was opened before it and has inner content.
        if let Some(p) = sc.parent {
            let parent = &lexed.shortcodes[p];
            assert!(parent.close.is_some(), "{sc:?} in unclosed {parent:?}");
            assert!(
                parent.open.end <= sc.open.start && sc.span().end <= parent.span().end,
                "{sc:?} outside {parent:?}"
            );
        }
    }
    for p in &lexed.problems {
        assert!(inside(&text, &p.span), "{p:?}");
    }
}

/// Front matter splitting and decoding: the body starts inside the text on a char boundary.
pub fn front_matter(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let split = fm::split(&text);
    assert!(split.body_start <= text.len() && text.is_char_boundary(split.body_start));
    for p in &split.problems {
        assert!(inside(&text, &p.span), "{p:?}");
    }
}

/// Tokenizer, every rule and suppressions on one page: every finding inside the file.
pub fn pipeline(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let site = Site::plain();
    let report = lint::lint_text(Path::new("fuzz.md"), &text, &site, &LintOptions::default());
    for d in &report.diagnostics {
        assert!(inside(&text, &d.span), "{d:?}");
        for l in &d.labels {
            assert!(inside(&text, &l.span), "{d:?}");
        }
    }
}

/// The Hugo config reader (first byte picks TOML, YAML or JSON) and the model built from it,
/// then the same text as `.hugolint.yaml`.
pub fn config(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let format = ["toml", "yaml", "json"][selector as usize % 3];
    if let Ok(value) = config::parse(&text, format) {
        let _ = Config::from_value(Path::new("/site"), &value);
    }
    if let Err(problems) = Settings::parse(Path::new(".hugolint.yaml"), &text) {
        for p in &problems {
            assert!(inside(&text, &p.diagnostic.span), "{:?}", p.diagnostic);
        }
    }
}

/// The reporters' escaping: the bytes up to the first NUL name the file, the rest is the page.
/// Its findings, plus one whose message and label quote the whole name and page (as a link
/// target would be quoted), are written in concise, pretty and github: no control character but
/// the line break reaches the output, nor a direction override, and concise and github write
/// one line per finding, github's all workflow commands and the others' none.
pub fn reporters(data: &[u8]) {
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::report::{self, Format};
    let (name, page) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&b"page.md"[..], data),
    };
    let name = String::from_utf8_lossy(name);
    let text = String::from_utf8_lossy(page);
    let path = Path::new(if name.is_empty() { "x" } else { &*name });
    let site = Site::plain();
    let mut file = lint::lint_text(path, &text, &site, &LintOptions::default());
    let quoted = format!("`{name}` `{text}`");
    let mut d = Diagnostic::new("broken-link", Severity::Warning, 0..text.len(), &quoted);
    d.with_label(0..text.len(), &quoted).with_help(&quoted);
    file.diagnostics.push(d);
    file.lines = crate::document::LineIndex::new(&file.source);
    let findings = file.diagnostics.len();
    let mut report = lint::Report::default();
    report.files.push(file);
    report.files_checked = 1;
    for format in [Format::Concise, Format::Pretty, Format::Github] {
        let mut out = Vec::new();
        report::write(&report, format, false, &mut out).expect("writes to memory");
        let out = String::from_utf8(out).expect("UTF-8 output");
        let bad = out
            .chars()
            .find(|&c| c != '\n' && report::escape::is_hostile(c));
        assert_eq!(
            bad, None,
            "{format:?} printed a control character raw:\n{out}"
        );
        if format != Format::Pretty {
            assert_eq!(out.lines().count(), findings, "{format:?}:\n{out}");
        }
        for line in out.lines() {
            let command = line.trim_start().starts_with("::");
            assert_eq!(command, format == Format::Github, "{format:?}: {line:?}");
        }
    }
}
