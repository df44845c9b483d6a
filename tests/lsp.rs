//! `hugolint server` driven the way an editor drives it: a real LSP exchange over the process's
//! stdin and stdout (initialize, didOpen, didChange, didSave, didClose, shutdown, exit), checking
//! the diagnostics it publishes, and that bad input leaves it running.

use serde_json::{Value, json};

mod lsp_client;
use lsp_client::{Client, codes, file_uri};

#[test]
fn an_editor_session() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().canonicalize().unwrap();
    std::fs::write(site.join("hugo.toml"), "baseURL = 'https://example.org/'\n").unwrap();
    std::fs::create_dir_all(site.join("content/docs")).unwrap();
    std::fs::write(site.join("content/docs/b.md"), "# B\n\n## Setup\n").unwrap();
    let a = site.join("content/docs/a.md");
    std::fs::write(&a, "# A\n").unwrap();
    let a_uri = file_uri(&a);
    let b_uri = file_uri(&site.join("content/docs/b.md"));

    let mut c = Client::start(&site);

    // Before initialize, requests are refused (and the server stays up).
    let early = c.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002, "{early}");

    let init = c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    let sync = &init["result"]["capabilities"]["textDocumentSync"];
    assert_eq!(sync["openClose"], true, "{init}");
    assert_eq!(sync["change"], 1, "full sync");
    assert_eq!(sync["save"]["includeText"], true);
    assert_eq!(init["result"]["serverInfo"]["name"], "hugolint");
    c.notify("initialized", json!({}));

    // Open: a broken link (line 2), a duplicate explicit ID (lines 4 and 5), and a non-ASCII
    // character before the link on its line so the column is in UTF-16 units.
    let text =
        "# A\n\né [gone](/docs/nope/) [ok](/docs/b/#setup)\n\n## One {#same}\n## Two {#same}\n";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": a_uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let diags = c.diagnostics(&a_uri);
    assert_eq!(
        codes(&diags),
        ["broken-link", "duplicate-anchor"],
        "{diags:#?}"
    );
    let link = &diags[0];
    assert_eq!(link["source"], "hugolint");
    assert_eq!(link["severity"], 1);
    assert_eq!(link["range"]["start"], json!({"line": 2, "character": 9}));
    assert_eq!(link["range"]["end"], json!({"line": 2, "character": 20}));
    assert!(
        link["message"].as_str().unwrap().contains("/docs/nope/"),
        "{link}"
    );
    assert!(
        link["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("rules/broken-link.md")
    );
    let dup = &diags[1];
    assert_eq!(dup["range"]["start"]["line"], 5);
    let related = dup["relatedInformation"].as_array().unwrap();
    assert_eq!(related[0]["location"]["uri"], a_uri);
    assert_eq!(related[0]["location"]["range"]["start"]["line"], 4);

    // A frame that is not JSON is skipped; the server goes on.
    c.send_raw(b"{not json");

    // Change: the buffer, not the file on disk, is linted. Fixed text publishes no findings.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a_uri, "version": 2},
               "contentChanges": [{"text": "# A\n\n[ok](/docs/b/#setup)\n"}]}),
    );
    assert_eq!(c.diagnostics(&a_uri), Vec::<Value>::new());

    // A fragment that b.md does not have yet.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a_uri, "version": 3},
               "contentChanges": [{"text": "# A\n\n[ok](/docs/b/#install)\n"}]}),
    );
    assert_eq!(codes(&c.diagnostics(&a_uri)), ["broken-fragment"]);

    // b.md gains the heading and is saved: a.md, open beside it, is linted again and is clean.
    let b_text = "# B\n\n## Setup\n\n## Install\n";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": b_uri, "languageId": "markdown", "version": 1, "text": "# B\n\n## Setup\n"}}),
    );
    assert_eq!(c.diagnostics(&b_uri), Vec::<Value>::new());
    std::fs::write(site.join("content/docs/b.md"), b_text).unwrap();
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": b_uri}, "text": b_text}),
    );
    assert_eq!(c.diagnostics(&a_uri), Vec::<Value>::new());

    // A page created in the editor and not saved yet is a page of its site already: its links
    // resolve (and other pages' links to it would too).
    let new_uri = file_uri(&site.join("content/docs/new.md"));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": new_uri, "languageId": "markdown", "version": 1,
               "text": "---\ntitle: New\n---\n[b](../b/#nope) [self](#here)\n\n## Here\n"}}),
    );
    let new_diags = c.diagnostics(&new_uri);
    assert_eq!(codes(&new_diags), ["broken-fragment"], "{new_diags:#?}");

    // A buffer never saved has no site: plain Markdown rules only.
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": "untitled:Untitled-1", "languageId": "markdown", "version": 1, "text": "![](x.png)\n"}}),
    );
    assert_eq!(
        codes(&c.diagnostics("untitled:Untitled-1")),
        ["missing-alt"]
    );

    // Parameters of the wrong shape are logged, not fatal; unsupported requests get an error.
    c.notify("textDocument/didOpen", json!({"textDocument": 42}));
    let other = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": a_uri}}),
    );
    assert_eq!(other["error"]["code"], -32601, "{other}");
    // A supported request with nothing to say (no link at the cursor) answers null.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": a_uri}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover["result"], Value::Null, "{hover}");

    // Close clears the buffer's diagnostics.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": a_uri}}),
    );
    assert_eq!(c.diagnostics(&a_uri), Vec::<Value>::new());

    let shutdown = c.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null, "{shutdown}");
    c.notify("exit", Value::Null);
    let status = c.child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "exit after shutdown is 0");
    assert_eq!(
        std::fs::read_to_string(&a).unwrap(),
        "# A\n",
        "the server never writes"
    );
}

#[test]
fn exit_without_shutdown_is_an_error_exit() {
    let tmp = tempfile::tempdir().unwrap();
    let mut c = Client::start(tmp.path());
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    c.notify("exit", Value::Null);
    assert_eq!(c.child.wait().unwrap().code(), Some(1));
}

#[test]
fn settings_apply_and_their_mistakes_are_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().canonicalize().unwrap();
    std::fs::write(site.join("hugo.toml"), "baseURL = 'https://example.org/'\n").unwrap();
    // `missing-alt` off; drafts/ ignored.
    let settings = "rules:\n  missing-alt: off\nignore: [\"content/drafts/**\"]\n";
    std::fs::write(site.join(".hugolint.yaml"), settings).unwrap();
    std::fs::create_dir_all(site.join("content/drafts")).unwrap();
    let page = file_uri(&site.join("content/page.md"));
    let draft = file_uri(&site.join("content/drafts/d.md"));
    let text = "![](x.png)\n\n[gone](/nope/)\n";
    std::fs::write(site.join("content/page.md"), text).unwrap();
    std::fs::write(site.join("content/drafts/d.md"), text).unwrap();

    let mut c = Client::start(&site);
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    c.notify("initialized", json!({}));
    for uri in [&page, &draft] {
        c.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }
    assert_eq!(codes(&c.diagnostics(&page)), ["broken-link", "broken-link"]);
    assert_eq!(c.diagnostics(&draft), Vec::<Value>::new());

    // A mistake in the settings: shown as a message naming the line; the defaults apply.
    std::fs::write(
        site.join(".hugolint.yaml"),
        format!("{settings}colour: red\n"),
    )
    .unwrap();
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": page}}),
    );
    let shown = c.wait(|m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.contains(".hugolint.yaml:4:1") && message.contains("colour"),
        "{message}"
    );
    assert_eq!(
        codes(&c.diagnostics(&page)),
        ["missing-alt", "broken-link", "broken-link"]
    );
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.child.wait().unwrap().code(), Some(0));
}

#[test]
fn the_settings_baseline_applies_in_the_editor() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().canonicalize().unwrap();
    std::fs::write(site.join("hugo.toml"), "baseURL = 'https://example.org/'\n").unwrap();
    std::fs::create_dir_all(site.join("content")).unwrap();
    let text = "# T\n\n[old](/gone/)\n";
    std::fs::write(site.join("content/page.md"), text).unwrap();
    // The team's baseline, written by the command line, named by the settings.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hugolint"))
        .args(["--no-cache", "--write-baseline", "baseline.json", "."])
        .current_dir(&site)
        .output()
        .unwrap();
    assert!(
        site.join("baseline.json").exists(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(site.join(".hugolint.yaml"), "baseline: baseline.json\n").unwrap();

    let page = file_uri(&site.join("content/page.md"));
    let mut c = Client::start(&site);
    c.initialize();
    // The recorded finding is not shown; a new one written in the buffer is.
    c.open(&page, &format!("{text}\n[new](/also-gone/)\n"));
    let found = c.diagnostics(&page);
    assert_eq!(codes(&found), ["broken-link"], "{found:?}");
    assert!(
        found[0]["message"].as_str().unwrap().contains("also-gone"),
        "{found:?}"
    );
    assert_eq!(c.finish(), Some(0));
}
