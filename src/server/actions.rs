//! Code actions (quick fixes) for a buffer's findings: each suggested replacement (the rules'
//! did-you-mean, as data on the diagnostic; the first preferred), a `hugolint-disable-next-line`
//! comment above the line, and for an image without alt text an empty alt with the cursor in it
//! (as a snippet, for clients that take snippet edits; hugolint never writes alt text).

use serde_json::{Value, json};

use crate::diagnostic::Diagnostic;
use crate::document::{Document, ImageKind, LineIndex};

use super::text::{range, span_of};

/// How the client takes a cursor placeholder in an edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Snippets {
    /// LSP 3.18 `SnippetTextEdit` (`workspace.workspaceEdit.snippetEditSupport`).
    Lsp,
    /// rust-analyzer's `experimental.snippetTextEdit` (`insertTextFormat: 2` on a text edit).
    Experimental,
    None,
}

impl Snippets {
    pub(super) fn of(capabilities: &Value) -> Snippets {
        if capabilities["workspace"]["workspaceEdit"]["snippetEditSupport"] == true {
            Snippets::Lsp
        } else if capabilities["experimental"]["snippetTextEdit"] == true {
            Snippets::Experimental
        } else {
            Snippets::None
        }
    }
}

/// The actions for the findings touching `params.range`.
pub(super) fn code_actions(
    params: &Value,
    text: &str,
    found: &[Diagnostic],
    doc: Option<&Document>,
    snippets: Snippets,
) -> Value {
    let uri = &params["textDocument"]["uri"];
    let lines = LineIndex::new(text);
    let Some(wanted) = span_of(&params["range"], text, &lines) else {
        return json!([]);
    };
    let mut actions = Vec::new();
    for d in found {
        // Touching: overlapping, or the cursor at either end.
        if d.span.start > wanted.end || d.span.end < wanted.start {
            continue;
        }
        let diagnostic = json!({
            "range": range(&d.span, text, &lines),
            "code": d.rule,
            "source": "hugolint",
            "message": d.message,
        });
        for (i, s) in d.suggestions.iter().enumerate() {
            actions.push(json!({
                "title": format!("Replace with `{}`", s.text),
                "kind": "quickfix",
                "isPreferred": i == 0,
                "diagnostics": [diagnostic],
                "edit": {"changes": {uri.as_str().unwrap_or_default():
                    [{"range": range(&s.span, text, &lines), "newText": s.text}]}},
            }));
        }
        if d.rule == "missing-alt"
            && snippets != Snippets::None
            && let Some(edit) = doc.and_then(|doc| alt_placeholder(doc, d))
        {
            let r = range(&edit.0, text, &lines);
            let edit = match snippets {
                Snippets::Lsp => json!({"documentChanges": [{
                    "textDocument": {"uri": uri, "version": null},
                    "edits": [{"range": r, "snippet": {"kind": "snippet", "value": edit.1}}],
                }]}),
                _ => json!({"documentChanges": [{
                    "textDocument": {"uri": uri, "version": null},
                    "edits": [{"range": r, "newText": edit.1, "insertTextFormat": 2}],
                }]}),
            };
            actions.push(json!({
                "title": "Write alt text",
                "kind": "quickfix",
                "isPreferred": true,
                "diagnostics": [diagnostic],
                "edit": edit,
            }));
        }
        if crate::rules::by_id(d.rule).is_some() {
            let line = lines.line_of(d.span.start);
            let start = lines.line_start(line);
            let indent: String = text[start..]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let at = range(&(start..start), text, &lines);
            actions.push(json!({
                "title": format!("Disable {} for this line", d.rule),
                "kind": "quickfix",
                "diagnostics": [diagnostic],
                "edit": {"changes": {uri.as_str().unwrap_or_default(): [{"range": at,
                    "newText": format!("{indent}<!-- hugolint-disable-next-line {} -->\n", d.rule)}]}},
            }));
        }
    }
    Value::Array(actions)
}

/// Where an image's alt text goes and the snippet that puts the cursor there: `![$0]` (between
/// the brackets of an empty alt), ` alt="$0"` after `<img`, or as the shortcode's alt parameter.
fn alt_placeholder(doc: &Document, d: &Diagnostic) -> Option<(crate::document::Span, String)> {
    let image = doc
        .images
        .iter()
        .find(|i| i.span == d.span || i.alt_span.as_ref() == Some(&d.span))?;
    match (&image.alt_span, image.kind) {
        // An empty alt written somewhere: the cursor goes there (whitespace replaced).
        (Some(alt), _) if doc.text(alt).trim().is_empty() => Some((alt.clone(), "$0".into())),
        (None, ImageKind::Markdown) => {
            let at = image.span.start + doc.text(&image.span).find('[')? + 1;
            Some((at..at, "$0".into()))
        }
        (None, ImageKind::Html) => {
            let at = image.span.start + "<img".len();
            Some((at..at, " alt=\"$0\"".into()))
        }
        (None, ImageKind::Shortcode) => {
            let sc = &doc.shortcodes[image.shortcode?];
            let open = doc.text(&sc.open);
            // Before the closing `>}}` / `%}}` (and a `/` of a self-closing tag), after the last
            // parameter.
            let body = open.strip_suffix("}}")?;
            let body = body.strip_suffix(['>', '%'])?.trim_end();
            let body = body.strip_suffix('/').unwrap_or(body).trim_end();
            let at = sc.open.start + body.len();
            Some((at..at, " alt=\"$0\"".into()))
        }
        _ => None,
    }
}
