//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning and other viewers read it. Columns are
//! counted in characters (`columnKind: unicodeCodePoints`), as in every other format.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use crate::diagnostic::Severity;
use crate::lint::Report;
use crate::rules;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // Every rule is described, and any pseudo-rule (`io`, `internal`, …) that has results.
    let mut descriptors: Vec<Value> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for r in rules::all() {
        index.insert(r.id(), descriptors.len());
        descriptors.push(json!({
            "id": r.id(),
            "shortDescription": { "text": r.summary() },
            "helpUri": super::rule_url(r.id()),
            "defaultConfiguration": { "level": level(r.default_severity()) },
        }));
    }
    let mut results = Vec::new();
    for file in &report.files {
        let uri = artifact_uri(&file.path);
        let (mut starts, mut ends) = (super::Columns::new(file), super::Columns::new(file));
        for d in &file.diagnostics {
            let rule_index = *index.entry(d.rule).or_insert_with(|| {
                descriptors.push(json!({
                    "id": d.rule,
                    "shortDescription": { "text": format!("hugolint could not check a file ({})", d.rule) },
                }));
                descriptors.len() - 1
            });
            let (sl, sc) = starts.line_col(d.span.start);
            let (el, ec) = ends.line_col(d.span.end);
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            results.push(json!({
                "ruleId": d.rule,
                "ruleIndex": rule_index,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": {
                            "startLine": sl,
                            "startColumn": sc,
                            "endLine": el,
                            "endColumn": ec,
                        }
                    }
                }],
            }));
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "hugolint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": super::HOME_URL,
                    "rules": descriptors,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    writeln!(out)
}

/// A SARIF artifact URI: a relative reference for a relative path (GitHub resolves it against
/// the repository), a `file://` URI for an absolute one; percent-encoded either way.
fn artifact_uri(path: &std::path::Path) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    // RFC 3986 path characters stay; everything else (spaces, `#`, `?`, non-ASCII) is encoded.
    const PATH: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'[')
        .add(b']')
        .add(b'^')
        .add(b'`')
        .add(b'{')
        .add(b'|')
        .add(b'}')
        .add(b'\\');
    let slashed = super::slash_path(path);
    let encoded = utf8_percent_encode(&slashed, PATH).to_string();
    if path.is_absolute() {
        format!(
            "file://{}",
            if encoded.starts_with('/') {
                encoded
            } else {
                format!("/{encoded}")
            }
        )
    } else {
        encoded
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn uris_are_relative_references_or_file_uris() {
        assert_eq!(
            super::artifact_uri(Path::new("content/a b/页.md")),
            "content/a%20b/%E9%A1%B5.md"
        );
        assert_eq!(
            super::artifact_uri(Path::new("/site/content/a.md")),
            "file:///site/content/a.md"
        );
    }
}
