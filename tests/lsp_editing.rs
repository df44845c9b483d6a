//! The writer's editor (issue 19): code actions, completion, definition, hover, references and
//! rename of `hugolint server`, over stdio on the fixture site `fixtures/editor/site`.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

mod lsp_client;
use lsp_client::{Client, codes, file_uri};

fn site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/editor/site")
        .canonicalize()
        .unwrap()
}

fn page(rel: &str) -> (String, String) {
    let path = site().join(rel);
    (file_uri(&path), std::fs::read_to_string(&path).unwrap())
}

/// A client that takes snippet edits (LSP 3.18).
fn start() -> Client {
    let mut c = Client::start(&site());
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {
            "workspace": {"workspaceEdit": {"snippetEditSupport": true}},
            "textDocument": {"completion": {"completionItem": {"snippetSupport": true}}}}}),
    );
    c.notify("initialized", json!({}));
    c
}

/// The 0-based position of the `nth` occurrence of `needle` in `text`, plus `delta` bytes.
fn pos(text: &str, needle: &str, delta: usize) -> Value {
    let at = text.find(needle).unwrap() + delta;
    let line = text[..at].matches('\n').count();
    let col = text[..at]
        .rsplit('\n')
        .next()
        .unwrap()
        .encode_utf16()
        .count();
    json!({"line": line, "character": col})
}

fn actions_at(c: &mut Client, uri: &str, at: &Value) -> Vec<Value> {
    let answer = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": at, "end": at},
               "context": {"diagnostics": []}}),
    );
    answer["result"].as_array().cloned().unwrap_or_default()
}

fn titles(actions: &[Value]) -> Vec<&str> {
    actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect()
}

/// The one text edit of an action: its range and new text.
fn edit_of(action: &Value, uri: &str) -> (Value, String) {
    let e = &action["edit"]["changes"][uri][0];
    (
        e["range"].clone(),
        e["newText"].as_str().unwrap().to_string(),
    )
}

#[test]
fn code_actions_replace_disable_and_open_the_alt() {
    let (uri, text) = page("content/docs/guide/index.md");
    let mut c = start();
    c.open(&uri, &text);
    assert_eq!(
        codes(&c.diagnostics(&uri)),
        ["broken-fragment", "missing-alt", "broken-link"]
    );

    // The fragment: each candidate anchor, the did-you-mean preferred; then the suppression.
    let at = pos(&text, "#install-hug)", 3);
    let actions = actions_at(&mut c, &uri, &at);
    assert_eq!(
        titles(&actions),
        [
            "Replace with `#install-hugo`",
            "Replace with `#install-go`",
            "Disable broken-fragment for this line"
        ],
        "{actions:#?}"
    );
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(actions[1]["isPreferred"], false);
    let (range, new_text) = edit_of(&actions[0], &uri);
    assert_eq!(new_text, "#install-hugo");
    assert_eq!(range["start"], pos(&text, "#install-hug)", 0));
    assert_eq!(
        range["end"],
        pos(&text, "#install-hug)", "#install-hug".len())
    );
    let (range, new_text) = edit_of(&actions[2], &uri);
    assert_eq!(
        new_text,
        "<!-- hugolint-disable-next-line broken-fragment -->\n"
    );
    assert_eq!(range["start"], pos(&text, "First", 0));

    // The link: its path replaced, nothing else.
    let actions = actions_at(&mut c, &uri, &pos(&text, "/docs/instal/", 2));
    assert_eq!(
        titles(&actions),
        [
            "Replace with `/docs/install/`",
            "Disable broken-link for this line"
        ]
    );
    let (range, _) = edit_of(&actions[0], &uri);
    assert_eq!(range["start"], pos(&text, "/docs/instal/", 0));
    assert_eq!(range["end"], pos(&text, "/docs/instal/", 13));

    // The image: the cursor between the brackets, no text written.
    let actions = actions_at(&mut c, &uri, &pos(&text, "![](", 0));
    assert_eq!(
        titles(&actions),
        ["Write alt text", "Disable missing-alt for this line"]
    );
    let alt = &actions[0]["edit"]["documentChanges"][0]["edits"][0];
    assert_eq!(alt["snippet"]["value"], "$0");
    assert_eq!(alt["range"]["start"], pos(&text, "![](", 2));

    // Nothing where nothing is found.
    assert_eq!(
        actions_at(&mut c, &uri, &pos(&text, "## Steps", 3)),
        Vec::<Value>::new()
    );
    assert_eq!(c.finish(), Some(0));
}
