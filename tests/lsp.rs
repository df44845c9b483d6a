//! `hugolint server` driven the way an editor drives it: a real LSP exchange over the process's
//! stdin and stdout (initialize, didOpen, didChange, didSave, didClose, shutdown, exit), checking
//! the diagnostics it publishes, and that bad input leaves it running.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: mpsc::Receiver<Value>,
    pending: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start(cwd: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hugolint"))
            .env(
                "HUGOLINT_CACHE_DIR",
                concat!(env!("CARGO_TARGET_TMPDIR"), "/hugolint-cache"),
            )
            .arg("server")
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = Some(v.parse::<usize>().unwrap());
                    }
                }
                let mut body = vec![0; len.expect("every message has a Content-Length")];
                r.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            pending: Vec::new(),
            next_id: 0,
        }
    }

    fn send_raw(&mut self, body: &[u8]) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        let m = json!({"jsonrpc": "2.0", "method": method, "params": params});
        self.send_raw(m.to_string().as_bytes());
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let m = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.send_raw(m.to_string().as_bytes());
        self.wait(|m| m["id"] == json!(id))
    }

    /// The first message matching `pred`; the others wait for their turn (log messages, other
    /// files' diagnostics, in whatever order the server sends them).
    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&pred) {
            return self.pending.remove(i);
        }
        loop {
            let Ok(m) = self.incoming.recv_timeout(Duration::from_secs(30)) else {
                panic!("no answer within 30 s; unread: {:#?}", self.pending);
            };
            if pred(&m) {
                return m;
            }
            self.pending.push(m);
        }
    }

    /// The diagnostics published next for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

fn file_uri(path: &Path) -> String {
    // The temp dir has no characters that need escaping.
    format!("file://{}", path.display())
}

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
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": a_uri}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover["error"]["code"], -32601, "{hover}");

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
