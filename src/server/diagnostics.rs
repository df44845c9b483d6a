//! Findings of one buffer and their LSP form (UTF-16 ranges, related information).

use std::path::{Path, PathBuf};

use lsp_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    Location, NumberOrString, Position, Range, Url,
};

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::LineIndex;
use crate::lint::{self, LintOptions};
use crate::site::Site;

/// The largest buffer linted: the corpora's largest page is under 0.5 MB. A larger one gets one
/// diagnostic saying so, instead of a lint whose time and memory grow with it.
pub(super) const MAX_PAGE: usize = 4 << 20;
/// The most findings published for one buffer; one more says how many were left out.
pub(super) const MAX_PUBLISHED: usize = 5_000;

/// The one diagnostic of a buffer larger than [`MAX_PAGE`].
pub(super) fn too_large(len: usize) -> Diagnostic {
    let mut d = Diagnostic::new(
        "io",
        Severity::Warning,
        0..0,
        format!(
            "this page is {} bytes: the editor lints pages of up to {} bytes",
            len, MAX_PAGE
        ),
    );
    d.with_help("run `hugolint` on the file from a terminal");
    d
}

/// A `textDocument/publishDiagnostics` notification, written as it is made: one finding's LSP
/// object at a time, never all of them at once.
pub(super) fn publish_body(
    uri: &Url,
    version: Option<i32>,
    found: &[Diagnostic],
    text: &str,
) -> Vec<u8> {
    use std::io::Write;
    let shown = found.len().min(MAX_PUBLISHED);
    let mut body = Vec::with_capacity(256 + shown * 256);
    body.extend_from_slice(
        br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
    );
    let _ = serde_json::to_writer(&mut body, uri.as_str());
    if let Some(v) = version {
        let _ = write!(body, r#","version":{v}"#);
    }
    body.extend_from_slice(br#","diagnostics":["#);
    let lines = LineIndex::new(text);
    let more = (found.len() > MAX_PUBLISHED).then(|| {
        let mut d = Diagnostic::new(
            "io",
            Severity::Info,
            0..0,
            format!(
                "{} more findings are not shown here",
                found.len() - MAX_PUBLISHED
            ),
        );
        d.with_help("run `hugolint` on the file from a terminal to see them all");
        d
    });
    for (i, d) in found[..shown].iter().chain(more.as_ref()).enumerate() {
        if i > 0 {
            body.push(b',');
        }
        let _ = serde_json::to_writer(&mut body, &to_lsp(d, uri, text, &lines));
    }
    body.extend_from_slice(b"]}}");
    body
}

/// The findings of one buffer: inside its site when it is a file, plain Markdown otherwise
/// (an unsaved `untitled:` buffer has no site, and no folder its relative links start from).
/// `site`, when given, is the buffer's site read before and [fitting it](Site::fits_buffer):
/// the buffer is linted in it instead of a site read again.
pub(super) fn lint_buffer(
    path: Option<&Path>,
    text: &str,
    others: &[(PathBuf, String)],
    site: Option<&Site>,
) -> Findings {
    let mut options = LintOptions {
        // Each lint builds the site's index again: unchanged pages come from the cache.
        cache_dir: crate::site::cache::default_dir(),
        ..LintOptions::default()
    };
    if path.is_none() {
        options.ignore.push("broken-link".to_string());
    }
    match path {
        Some(path) => {
            let mut report = match site {
                Some(site) => lint::lint_buffer_in(site, path, text, others, &options),
                None => lint::lint_buffer_among(path, text, others, &options),
            };
            let mut elsewhere = Vec::new();
            // The site's `baseline:` applies in the editor as on the command line: what a team
            // recorded is not shown while writing either.
            let baseline = match site.and_then(|s| s.settings().baseline()) {
                Some(file) => vec![file.to_path_buf()],
                None => report.settings_baselines(),
            };
            for file in baseline {
                match baselines::load(&file) {
                    Ok(b) => {
                        b.apply(&mut report, &[]);
                    }
                    Err(e) => {
                        elsewhere.push(format!("cannot read the baseline {}: {e}", file.display()))
                    }
                }
            }
            let mut found = Vec::new();
            for file in report.files {
                for d in file.diagnostics {
                    // `.hugolint.yaml` mistakes point into that file, not the buffer.
                    if d.rule == crate::settings::CONFIG {
                        let (line, col) = file.lines.line_col(&file.source, d.span.start);
                        elsewhere.push(format!(
                            "{}:{line}:{col}: {}",
                            file.path.display(),
                            d.message
                        ));
                    } else {
                        found.push(d);
                    }
                }
            }
            Findings {
                found,
                elsewhere: elsewhere.into_iter().chain(report.input_errors).collect(),
                anchors: report.buffer_anchors,
            }
        }
        None => Findings {
            found: lint::lint_text(
                &PathBuf::from("untitled.md"),
                text,
                &Site::plain(),
                &options,
            )
            .diagnostics,
            elsewhere: Vec::new(),
            anchors: None,
        },
    }
}

/// Baselines read once and kept while their file's stamp stays the same (a keystroke's lint
/// does not read and parse the file again).
mod baselines {
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};
    use std::sync::{Arc, Mutex};
    use std::time::SystemTime;

    use crate::baseline::Baseline;

    /// What tells a baseline file's version: its modification time and length.
    type Stamp = (Option<SystemTime>, u64);
    type Kept = HashMap<PathBuf, (Stamp, Arc<Baseline>)>;
    static KEPT: Mutex<Option<Kept>> = Mutex::new(None);

    pub(super) fn load(file: &Path) -> Result<Arc<Baseline>, String> {
        let meta = std::fs::metadata(file).map_err(|e| e.to_string())?;
        let stamp = (meta.modified().ok(), meta.len());
        let mut kept = KEPT.lock().unwrap_or_else(|p| p.into_inner());
        let kept = kept.get_or_insert_with(HashMap::new);
        if let Some((s, b)) = kept.get(file)
            && *s == stamp
        {
            return Ok(b.clone());
        }
        let b = Arc::new(Baseline::load(file)?);
        kept.insert(file.to_path_buf(), (stamp, b.clone()));
        Ok(b)
    }
}

/// A buffer's findings, and problems outside it (its site's config) to show as messages.
pub(super) struct Findings {
    pub found: Vec<Diagnostic>,
    pub elsewhere: Vec<String>,
    /// The buffer's anchor IDs, from the lint's own parse (`None` outside a site).
    pub anchors: Option<Vec<String>>,
}

pub(super) fn to_lsp(d: &Diagnostic, uri: &Url, text: &str, lines: &LineIndex) -> LspDiagnostic {
    let range = |span: &std::ops::Range<usize>| Range {
        start: position(lines, text, span.start),
        end: position(lines, text, span.end),
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<_> = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location {
                uri: uri.clone(),
                range: range(&l.span),
            },
            message: l.message.clone(),
        })
        .collect();
    LspDiagnostic {
        range: range(&d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.to_string())),
        code_description: crate::rules::by_id(d.rule).and_then(|_| {
            Url::parse(&crate::report::rule_url(d.rule))
                .ok()
                .map(|href| CodeDescription { href })
        }),
        source: Some("hugolint".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// 0-based line and UTF-16 column of a byte offset (LSP's default position encoding).
pub(super) fn position(lines: &LineIndex, text: &str, offset: usize) -> Position {
    let (line, col) = lines.line_col_utf16(text, offset);
    Position::new(line as u32, col as u32)
}
