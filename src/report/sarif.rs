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
    let mut uris = Vec::with_capacity(report.files.len());
    for file in &report.files {
        uris.push(artifact_uri(&file.path));
    }
    let mut results = Vec::new();
    for (file, uri) in report.files.iter().zip(&uris) {
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
            results.push(SarifResult {
                level: level(d.severity),
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation { uri },
                        region: Region {
                            end_column: ec,
                            end_line: el,
                            start_column: sc,
                            start_line: sl,
                        },
                    },
                }],
                message: Message { text },
                rule_id: d.rule,
                rule_index,
            });
        }
    }
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            results,
            tool: Tool {
                driver: Driver {
                    information_uri: super::HOME_URL,
                    name: "hugolint",
                    rules: descriptors,
                    version: env!("CARGO_PKG_VERSION"),
                },
            },
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    writeln!(out)
}

// The log as typed values, not a `serde_json::Value` per result (8.8 KB each at the peak: 200k
// findings took 1.76 GB). Fields are in the order `Value`'s sorted maps wrote them, so the
// output is the same byte for byte.

#[derive(serde::Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    tool: Tool,
}

#[derive(serde::Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    information_uri: &'static str,
    name: &'static str,
    rules: Vec<Value>,
    version: &'static str,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Message,
    rule_id: &'a str,
    rule_index: usize,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(serde::Serialize)]
struct ArtifactLocation<'a> {
    uri: &'a str,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

#[derive(serde::Serialize)]
struct Message {
    text: String,
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
