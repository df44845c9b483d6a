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

/// Completion labels at the end of `line` appended to the page's text.
fn complete_after(c: &mut Client, uri: &str, text: &str, line: &str, version: i64) -> Value {
    let new = format!("{text}\n{line}");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version},
               "contentChanges": [{"text": new}]}),
    );
    let at = json!({"line": new.matches('\n').count(), "character": line.encode_utf16().count()});
    let answer = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": at}),
    );
    answer["result"].clone()
}

fn labels(result: &Value) -> Vec<&str> {
    result["items"]
        .as_array()
        .map(|items| items.iter().map(|i| i["label"].as_str().unwrap()).collect())
        .unwrap_or_default()
}

#[test]
fn completion_of_urls_paths_resources_and_anchors() {
    let (uri, text) = page("content/docs/guide/index.md");
    let mut c = start();
    c.open(&uri, &text);

    // The page writes its links site-absolute: so are the URLs offered; not its own.
    let r = complete_after(&mut c, &uri, &text, "Also [see](", 2);
    let got = labels(&r);
    for want in [
        "/",
        "/docs/",
        "/docs/install/",
        "/blog/post/",
        "diagram.png",
    ] {
        assert!(got.contains(&want), "{want} in {got:?}");
    }
    assert!(!got.contains(&"/docs/guide/"), "{got:?}");
    // Each with its title and file; the edit replaces what is typed.
    let install = &r["items"][got.iter().position(|l| *l == "/docs/install/").unwrap()];
    assert_eq!(install["detail"], "Installing");
    assert_eq!(install["documentation"], "content/docs/install.md");

    // What is typed filters, and is replaced.
    let r = complete_after(&mut c, &uri, &text, "Also [see](/docs/ins", 3);
    assert_eq!(labels(&r), ["/docs/install/"]);
    let edit = &r["items"][0]["textEdit"];
    assert_eq!(edit["range"]["start"]["character"], 11);
    assert_eq!(edit["range"]["end"]["character"], 20);

    // Images: the bundle's images first.
    let r = complete_after(&mut c, &uri, &text, "![A diagram](", 4);
    assert_eq!(labels(&r).first(), Some(&"diagram.png"));
    let r = complete_after(&mut c, &uri, &text, r#"{{< figure src=""#, 5);
    assert_eq!(labels(&r), ["diagram.png"]);

    // Anchors of the target page, with their heading text; of this page after a bare `#`.
    let r = complete_after(&mut c, &uri, &text, "[x](/docs/install/#", 6);
    assert_eq!(labels(&r), ["install-hugo", "install-go", "usage"]);
    assert_eq!(r["items"][0]["detail"], "Install Hugo");
    let r = complete_after(&mut c, &uri, &text, "[x](#st", 7);
    assert_eq!(labels(&r), ["steps"]);

    // ref/relref: paths in the content tree, and the anchors after `#`.
    let r = complete_after(&mut c, &uri, &text, r#"{{< relref "docs/inst"#, 8);
    assert_eq!(labels(&r), ["docs/install.md"]);
    let r = complete_after(&mut c, &uri, &text, r#"{{< ref "docs/install.md#us"#, 9);
    assert_eq!(labels(&r), ["usage"]);

    // Outside a link: nothing.
    let r = complete_after(&mut c, &uri, &text, "Just text", 10);
    assert_eq!(r, Value::Null);
    assert_eq!(c.finish(), Some(0));
}

#[test]
fn completion_follows_a_page_that_writes_relative_links() {
    let (uri, text) = page("content/blog/post.md");
    let mut c = start();
    c.open(&uri, &text);
    let r = complete_after(&mut c, &uri, &text, "[x](", 2);
    let got = labels(&r);
    assert!(got.contains(&"../../docs/install/"), "{got:?}");
    assert!(got.contains(&"../../"), "{got:?}");
    // A `/` typed asks for site-absolute ones.
    let r = complete_after(&mut c, &uri, &text, "[x](/docs/i", 3);
    assert_eq!(labels(&r), ["/docs/install/"]);
    assert_eq!(c.finish(), Some(0));
}

fn at_request(c: &mut Client, method: &str, uri: &str, at: Value, extra: Value) -> Value {
    let mut params = json!({"textDocument": {"uri": uri}, "position": at});
    if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
        p.extend(e.clone());
    }
    c.request(method, params)["result"].clone()
}

fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count()
}

#[test]
fn definition_and_hover() {
    let (uri, text) = page("content/docs/guide/index.md");
    let (install_uri, install) = page("content/docs/install.md");
    let (post_uri, post) = page("content/blog/post.md");
    let mut c = start();
    c.open(&uri, &text);
    c.diagnostics(&uri);

    // A link with a fragment: the target file, at the heading.
    let def = at_request(
        &mut c,
        "textDocument/definition",
        &uri,
        pos(&text, "/docs/install/#usage", 3),
        json!({}),
    );
    assert_eq!(def["uri"], install_uri.as_str());
    assert_eq!(def["range"]["start"]["line"], line_of(&install, "## Usage"));
    // A fragment of this page.
    let def = at_request(
        &mut c,
        "textDocument/definition",
        &uri,
        pos(&text, "#steps", 2),
        json!({}),
    );
    assert_eq!(def["uri"], uri.as_str());
    assert_eq!(def["range"]["start"]["line"], line_of(&text, "## Steps"));
    // A ref with a fragment, from another page (not open).
    c.open(&post_uri, &post);
    let def = at_request(
        &mut c,
        "textDocument/definition",
        &post_uri,
        pos(&post, "docs/install.md#install-go", 4),
        json!({}),
    );
    assert_eq!(def["uri"], install_uri.as_str());
    assert_eq!(
        def["range"]["start"]["line"],
        line_of(&install, "## Install Go")
    );

    // Hover: where it goes.
    let hover = at_request(
        &mut c,
        "textDocument/hover",
        &uri,
        pos(&text, "/docs/install/#usage", 3),
        json!({}),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    for want in [
        "**Installing**",
        "`/docs/install/`",
        "content/docs/install.md",
        "`#usage`: Usage",
    ] {
        assert!(shown.contains(want), "{want} in {shown}");
    }
    // Or why it is broken.
    let hover = at_request(
        &mut c,
        "textDocument/hover",
        &uri,
        pos(&text, "/docs/instal/", 3),
        json!({}),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.contains("nothing is published at `/docs/instal/`")
            && shown.contains("/docs/install/"),
        "{shown}"
    );
    // Not on a link: nothing.
    let none = at_request(
        &mut c,
        "textDocument/hover",
        &uri,
        pos(&text, "## Steps", 4),
        json!({}),
    );
    assert_eq!(none, Value::Null);
    assert_eq!(c.finish(), Some(0));
}

#[test]
fn references_and_rename_of_an_anchor() {
    let (install_uri, install) = page("content/docs/install.md");
    let (docs_uri, docs) = page("content/docs/_index.md");
    let (guide_uri, guide) = page("content/docs/guide/index.md");
    let (post_uri, post) = page("content/blog/post.md");
    let mut c = start();
    c.open(&install_uri, &install);

    // Every link to `#usage`, across the site (pages not open read from their files).
    let refs = at_request(
        &mut c,
        "textDocument/references",
        &install_uri,
        pos(&install, "## Usage", 4),
        json!({"context": {"includeDeclaration": false}}),
    );
    let got: Vec<(String, u64)> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["uri"].as_str().unwrap().to_string(),
                r["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut want = vec![
        (post_uri.clone(), line_of(&post, "#usage") as u64),
        (guide_uri.clone(), line_of(&guide, "#usage") as u64),
    ];
    want.sort();
    let mut got_sorted = got.clone();
    got_sorted.sort();
    assert_eq!(got_sorted, want);
    // The range is the fragment's name.
    let guide_ref = refs
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["uri"] == guide_uri.as_str())
        .unwrap();
    assert_eq!(guide_ref["range"]["start"], pos(&guide, "#usage)", 1));
    assert_eq!(guide_ref["range"]["end"], pos(&guide, "#usage)", 6));
    // With the declaration: the heading too.
    let refs = at_request(
        &mut c,
        "textDocument/references",
        &install_uri,
        pos(&install, "## Usage", 4),
        json!({"context": {"includeDeclaration": true}}),
    );
    assert_eq!(refs.as_array().unwrap().len(), 3);

    // An automatic ID: renamed by giving the heading a `{#id}`, and every link to it.
    let prep = at_request(
        &mut c,
        "textDocument/prepareRename",
        &install_uri,
        pos(&install, "## Usage", 4),
        json!({}),
    );
    assert_eq!(prep["placeholder"], "usage", "{prep}");
    let edit = at_request(
        &mut c,
        "textDocument/rename",
        &install_uri,
        pos(&install, "## Usage", 4),
        json!({"newName": "use-it"}),
    );
    let changes = &edit["changes"];
    assert_eq!(changes.as_object().unwrap().len(), 3, "{edit:#}");
    let on_heading = &changes[install_uri.as_str()][0];
    assert_eq!(on_heading["newText"], " {#use-it}");
    assert_eq!(on_heading["range"]["start"], pos(&install, "## Usage", 8));
    assert_eq!(on_heading["range"]["end"], pos(&install, "## Usage", 8));
    assert_eq!(changes[guide_uri.as_str()][0]["newText"], "use-it");
    assert_eq!(
        changes[post_uri.as_str()][0]["range"]["start"],
        pos(&post, "#usage", 1)
    );

    // An explicit {#id}: the edit changes it and every link to it, not the broken near-miss.
    let prep = at_request(
        &mut c,
        "textDocument/prepareRename",
        &install_uri,
        pos(&install, "{#install-hugo}", 4),
        json!({}),
    );
    assert_eq!(prep["placeholder"], "install-hugo");
    assert_eq!(prep["range"]["start"], pos(&install, "{#install-hugo}", 2));
    let edit = at_request(
        &mut c,
        "textDocument/rename",
        &install_uri,
        pos(&install, "{#install-hugo}", 4),
        json!({"newName": "get-hugo"}),
    );
    let changes = edit["changes"].as_object().unwrap();
    let mut files: Vec<&str> = changes.keys().map(String::as_str).collect();
    files.sort();
    let mut want = vec![install_uri.as_str(), docs_uri.as_str()];
    want.sort();
    assert_eq!(files, want, "{edit:#}");
    let on_docs = &changes[docs_uri.as_str()][0];
    assert_eq!(on_docs["newText"], "get-hugo");
    assert_eq!(on_docs["range"]["start"], pos(&docs, "#install-hugo", 1));

    // From a link's fragment, in an open buffer with unsaved text.
    let edited = docs.replace("Start with", "First,");
    c.open(&docs_uri, &edited);
    let prep = at_request(
        &mut c,
        "textDocument/prepareRename",
        &docs_uri,
        pos(&edited, "#install-hugo", 3),
        json!({}),
    );
    assert_eq!(prep["range"]["start"], pos(&edited, "#install-hugo", 1));
    let edit = at_request(
        &mut c,
        "textDocument/rename",
        &docs_uri,
        pos(&edited, "#install-hugo", 3),
        json!({"newName": "get-hugo"}),
    );
    assert_eq!(
        edit["changes"][docs_uri.as_str()][0]["range"]["start"],
        pos(&edited, "#install-hugo", 1)
    );
    assert_eq!(edit["changes"].as_object().unwrap().len(), 2);
    assert_eq!(c.finish(), Some(0));
}

#[test]
fn an_unsaved_heading_edit_relints_the_pages_linking_to_it() {
    let (guide_uri, guide) = page("content/docs/guide/index.md");
    let (install_uri, install) = page("content/docs/install.md");
    let mut c = start();
    c.open(&guide_uri, &guide);
    assert_eq!(
        codes(&c.diagnostics(&guide_uri)),
        ["broken-fragment", "missing-alt", "broken-link"]
    );
    c.open(&install_uri, &install);
    assert_eq!(c.diagnostics(&install_uri), Vec::<Value>::new());

    // `## Usage` becomes `## Using it`, not saved: the guide's link to #usage breaks.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": install_uri, "version": 7},
               "contentChanges": [{"text": install.replace("## Usage", "## Using it")}]}),
    );
    let published = c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == install_uri.as_str()
    });
    assert_eq!(
        published["params"]["version"], 7,
        "diagnostics carry the version"
    );
    let diags = c.diagnostics(&guide_uri);
    assert_eq!(
        codes(&diags),
        [
            "broken-fragment",
            "broken-fragment",
            "missing-alt",
            "broken-link"
        ],
        "{diags:#?}"
    );
    assert!(
        diags[1]["message"].as_str().unwrap().contains("#usage"),
        "{diags:#?}"
    );
    // Undone: fixed again.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": install_uri, "version": 8},
               "contentChanges": [{"text": install}]}),
    );
    assert_eq!(c.diagnostics(&install_uri), Vec::<Value>::new());
    assert_eq!(codes(&c.diagnostics(&guide_uri)).len(), 3);
    assert_eq!(c.finish(), Some(0));
}

#[test]
fn a_deleted_page_breaks_the_links_to_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    std::fs::write(root.join("hugo.toml"), "baseURL = 'https://example.org/'\n").unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("content/b.md"), "# B\n").unwrap();
    let a = root.join("content/a.md");
    let text = "[b](/b/)\n";
    std::fs::write(&a, text).unwrap();
    let a_uri = file_uri(&a);

    let mut c = Client::start(&root);
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}),
    );
    c.notify("initialized", json!({}));
    // The server asks to be told of file events.
    let register = c.wait(|m| m["method"] == "client/registerCapability");
    assert_eq!(
        register["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    c.open(&a_uri, text);
    assert_eq!(c.diagnostics(&a_uri), Vec::<Value>::new());

    std::fs::remove_file(root.join("content/b.md")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&root.join("content/b.md")), "type": 3}]}),
    );
    assert_eq!(codes(&c.diagnostics(&a_uri)), ["broken-link"]);

    // Created again: found again.
    std::fs::write(root.join("content/b.md"), "# B\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&root.join("content/b.md")), "type": 1}]}),
    );
    assert_eq!(c.diagnostics(&a_uri), Vec::<Value>::new());
    assert_eq!(c.finish(), Some(0));
}

#[test]
fn the_alt_placeholder_of_html_and_shortcode_images() {
    let (uri, text) = page("content/docs/guide/index.md");
    let mut c = start();
    let new =
        format!("{text}\n<img src=\"diagram.png\">\n\n{{{{< figure src=\"diagram.png\" >}}}}\n");
    c.open(&uri, &new);
    c.diagnostics(&uri);
    for (needle, at, snippet) in [
        ("<img src", "<img".len(), " alt=\"$0\""),
        (
            "{{< figure",
            "{{< figure src=\"diagram.png\"".len(),
            " alt=\"$0\"",
        ),
    ] {
        let actions = actions_at(&mut c, &uri, &pos(&new, needle, 1));
        let alt = actions
            .iter()
            .find(|a| a["title"] == "Write alt text")
            .unwrap_or_else(|| panic!("{needle}: {actions:#?}"));
        let edit = &alt["edit"]["documentChanges"][0]["edits"][0];
        assert_eq!(edit["snippet"]["value"], snippet, "{needle}");
        assert_eq!(edit["range"]["start"], pos(&new, needle, at), "{needle}");
        assert_eq!(edit["range"]["end"], pos(&new, needle, at), "{needle}");
    }
    assert_eq!(c.finish(), Some(0));
}

/// A change is linted in the site the server keeps; an unsaved front matter that moves the
/// page's URL, and a page not saved yet, are linted in a site read with them.
#[test]
fn unsaved_front_matter_and_unsaved_pages_are_linted_as_they_are() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    std::fs::write(root.join("hugo.toml"), "baseURL = 'https://example.org/'\n").unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("content/b.md"), "# B\n\n## Part\n").unwrap();
    let a = root.join("content/a.md");
    let text = "---\ntitle: A\n---\n\n[self](/a/) [b](/b/#part)\n";
    std::fs::write(&a, text).unwrap();
    let a_uri = file_uri(&a);

    let mut c = Client::start(&root);
    c.initialize();
    c.open(&a_uri, text);
    assert_eq!(c.diagnostics(&a_uri), Vec::<Value>::new());
    let change = |c: &mut Client, version: i32, text: &str| {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": a_uri, "version": version},
                   "contentChanges": [{"text": text}]}),
        );
        c.diagnostics(&a_uri)
    };
    // The page moves to /moved/: its link to /a/ breaks, one to /moved/ does not.
    let moved = text.replace("title: A", "title: A\nslug: moved");
    assert_eq!(codes(&change(&mut c, 2, &moved)), ["broken-link"]);
    let moved = moved.replace("[self](/a/)", "[self](/moved/)");
    assert_eq!(change(&mut c, 3, &moved), Vec::<Value>::new());
    // Back at /a/, and a fragment edit in the kept site.
    assert_eq!(change(&mut c, 4, text), Vec::<Value>::new());
    let fragment = text.replace("#part", "#prat");
    assert_eq!(codes(&change(&mut c, 5, &fragment)), ["broken-fragment"]);

    // A page that is not on disk yet is a page of the site: its own URL and links resolve.
    let new = root.join("content/new.md");
    let new_uri = file_uri(&new);
    c.open(&new_uri, "[me](/new/) [b](/b/#part) [gone](/nowhere/)\n");
    assert_eq!(codes(&c.diagnostics(&new_uri)), ["broken-link"]);
    assert_eq!(c.finish(), Some(0));
}

#[test]
fn anchors_offered_are_those_the_heading_hook_writes() {
    let site = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/sites/heading-hooks")
        .canonicalize()
        .unwrap();
    let path = site.join("content/_index.md");
    let (uri, text) = (file_uri(&path), std::fs::read_to_string(&path).unwrap());
    let mut c = Client::start(&site);
    c.initialize();
    c.open(&uri, &text);
    // The site-wide hook keeps goldmark's IDs; `pre` writes `sec-` before them; `plain` none.
    let r = complete_after(&mut c, &uri, &text, "[x](/docs/page/#", 2);
    assert_eq!(labels(&r), ["install", "install-1"]);
    let r = complete_after(&mut c, &uri, &text, "[x](/pre/page/#", 3);
    assert_eq!(labels(&r), ["sec-install", "sec-install-1"]);
    let r = complete_after(&mut c, &uri, &text, "[x](/plain/page/#", 4);
    assert_eq!(labels(&r), Vec::<&str>::new());
    assert_eq!(c.finish(), Some(0));
}
