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
