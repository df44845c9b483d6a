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
        let uri = super::slash_path(&file.path);
        for d in &file.diagnostics {
            let rule_index = *index.entry(d.rule).or_insert_with(|| {
                descriptors.push(json!({
                    "id": d.rule,
                    "shortDescription": { "text": format!("hugolint could not check a file ({})", d.rule) },
                }));
                descriptors.len() - 1
            });
            let (sl, sc) = file.lines.line_col(&file.source, d.span.start);
            let (el, ec) = file.lines.line_col(&file.source, d.span.end);
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
