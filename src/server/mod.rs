//! `hugolint server`: a Language Server over stdio. Editors send the text of open Markdown
//! buffers; the server lints each one as the file it stands for inside its site (the same path as
//! `--stdin --stdin-filename`) and publishes the findings.
//!
//! Synchronous by design: one reader thread turns the byte stream into messages, the main loop
//! applies every message already waiting before it lints, so a burst of keystrokes costs one lint
//! per buffer. A message that is not JSON-RPC is logged and skipped; a panic while linting becomes
//! a log line, never a dead server.

mod actions;
mod completion;
mod diagnostics;
pub mod framing;
mod text;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    InitializeResult, SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Url,
};

use crate::document::{Document, LineIndex};
use crate::site::Site;
use diagnostics::{Findings, lint_buffer};
use framing::{Frame, FrameReader};

/// Serve on standard input and output until the client says `exit` or closes the stream.
/// Returns the process exit code the protocol asks for: 0 after `shutdown`, 1 otherwise.
pub fn run_stdio() -> i32 {
    let stdout = std::io::stdout();
    run(std::io::stdin(), stdout.lock())
}

/// Serve on any byte streams (tests drive it through a pipe).
/// The reader thread is detached: after `exit` the process ends without waiting for the client
/// to close its end.
pub fn run(input: impl Read + Send + 'static, output: impl Write) -> i32 {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut frames = FrameReader::new(input);
        loop {
            let frame = frames.next_frame();
            let end = matches!(frame, Frame::End);
            if end || tx.send(frame).is_err() {
                return;
            }
        }
    });
    Server::new(output).serve(rx)
}

/// An open buffer.
struct Buffer {
    text: String,
    /// The version the client gave it (none for a save's text).
    version: Option<i32>,
}

struct Server<W: Write> {
    out: W,
    /// Open buffers by URI: their latest text.
    open: BTreeMap<Url, Buffer>,
    initialized: bool,
    shutdown: bool,
    /// Problems already shown to the user as messages (shown once, not on every keystroke).
    shown: BTreeSet<String>,
    /// What the client said it can do (`initialize`).
    capabilities: serde_json::Value,
    /// The findings last published for each buffer (code actions are made from them).
    found: BTreeMap<Url, Vec<crate::diagnostic::Diagnostic>>,
    /// The sites of open buffers, by root, for completion and navigation: read once, read again
    /// after a save or a file event.
    sites: HashMap<PathBuf, Arc<Site>>,
}

impl<W: Write> Server<W> {
    fn new(out: W) -> Self {
        Server {
            out,
            open: BTreeMap::new(),
            initialized: false,
            shutdown: false,
            shown: BTreeSet::new(),
            capabilities: serde_json::Value::Null,
            found: BTreeMap::new(),
            sites: HashMap::new(),
        }
    }

    fn serve(mut self, rx: mpsc::Receiver<Frame>) -> i32 {
        while let Ok(first) = rx.recv() {
            let mut dirty = BTreeSet::new();
            let mut next = Some(first);
            while let Some(incoming) = next {
                match incoming {
                    Frame::Message(Message::Notification(n)) if n.method == "exit" => {
                        return if self.shutdown { 0 } else { 1 };
                    }
                    Frame::Message(m) => self.handle(m, &mut dirty),
                    Frame::Fault(e) => self.log(&format!("skipped a malformed message: {e}")),
                    Frame::End => break,
                }
                next = rx.try_recv().ok();
            }
            for uri in dirty {
                self.publish(&uri);
            }
        }
        // The stream ended without `exit`.
        1
    }

    fn handle(&mut self, message: Message, dirty: &mut BTreeSet<Url>) {
        match message {
            Message::Request(req) => self.request(req, dirty),
            Message::Notification(n) => self.notification(n, dirty),
            Message::Response(_) => {}
        }
    }

    fn request(&mut self, req: Request, dirty: &mut BTreeSet<Url>) {
        let Request { id, method, params } = req;
        if method == lsp_types::request::Initialize::METHOD {
            self.initialized = true;
            self.capabilities = params["capabilities"].clone();
            self.reply(
                id,
                serde_json::to_value(initialize_result()).unwrap_or_default(),
            );
        } else if !self.initialized {
            self.error(id, ErrorCode::ServerNotInitialized, "initialize first");
        } else if method == lsp_types::request::Shutdown::METHOD {
            self.shutdown = true;
            self.reply(id, serde_json::Value::Null);
        } else if self.shutdown {
            self.error(id, ErrorCode::InvalidRequest, "the server is shutting down");
        } else if let Some(uri) = params["textDocument"]["uri"]
            .as_str()
            .and_then(|u| Url::parse(u).ok())
            .filter(|u| self.open.contains_key(u))
            && let Some(answer) = self.on_buffer(&method, &params, &uri, dirty)
        {
            self.reply(id, answer);
        } else if matches!(method.as_str(), "textDocument/codeAction") {
            // About a buffer that is not open: nothing to say.
            self.reply(id, serde_json::Value::Null);
        } else {
            self.error(
                id,
                ErrorCode::MethodNotFound,
                &format!("{method} is not supported"),
            );
        }
    }

    fn notification(&mut self, n: Notification, dirty: &mut BTreeSet<Url>) {
        use lsp_types::notification::{
            DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
        };
        if !self.initialized || self.shutdown {
            return;
        }
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Some(p) = self.params::<lsp_types::DidOpenTextDocumentParams>(n) {
                    let d = p.text_document;
                    self.open.insert(
                        d.uri.clone(),
                        Buffer {
                            text: d.text,
                            version: Some(d.version),
                        },
                    );
                    dirty.insert(d.uri);
                }
            }
            DidChangeTextDocument::METHOD => {
                // Full sync: the last change holds the whole text.
                if let Some(p) = self.params::<lsp_types::DidChangeTextDocumentParams>(n)
                    && let Some(change) = p.content_changes.into_iter().last()
                {
                    let d = p.text_document;
                    self.open.insert(
                        d.uri.clone(),
                        Buffer {
                            text: change.text,
                            version: Some(d.version),
                        },
                    );
                    dirty.insert(d.uri);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Some(p) = self.params::<lsp_types::DidSaveTextDocumentParams>(n) {
                    if let Some(text) = p.text
                        && let Some(b) = self.open.get_mut(&p.text_document.uri)
                    {
                        b.text = text;
                    }
                    // A saved page can change what other open pages' links find (its
                    // anchors, its existence): lint them all again, read the sites again.
                    dirty.extend(self.open.keys().cloned());
                    self.sites.clear();
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Some(p) = self.params::<lsp_types::DidCloseTextDocumentParams>(n) {
                    self.open.remove(&p.text_document.uri);
                    self.found.remove(&p.text_document.uri);
                    dirty.remove(&p.text_document.uri);
                    self.send_diagnostics(&p.text_document.uri, None, &[], "");
                }
            }
            _ => {}
        }
    }

    /// The answer to a request about an open buffer; `None` for a method not supported.
    fn on_buffer(
        &mut self,
        method: &str,
        params: &serde_json::Value,
        uri: &Url,
        dirty: &mut BTreeSet<Url>,
    ) -> Option<serde_json::Value> {
        // Answer about the text as it is now: a change waiting to be linted is linted first.
        if dirty.remove(uri) {
            self.publish(uri);
        }
        let buffer = self.open.get(uri)?;
        match method {
            "textDocument/codeAction" => {
                let found = self.found.get(uri).map_or(&[][..], Vec::as_slice);
                let snippets = actions::Snippets::of(&self.capabilities);
                let doc = (snippets != actions::Snippets::None)
                    .then(|| crate::syntax::parse(&buffer.text, &Default::default()));
                Some(actions::code_actions(
                    params,
                    &buffer.text,
                    found,
                    doc.as_ref(),
                    snippets,
                ))
            }
            "textDocument/completion" => {
                let text = buffer.text.clone();
                Some(self.complete(params, uri, &text))
            }
            _ => None,
        }
    }

    /// The site a file belongs to (`None` outside any site, or for an `untitled:` buffer).
    fn site_of(&mut self, path: &Path) -> Option<Arc<Site>> {
        let root = crate::site::config::find_root(path.parent()?)?;
        let site = self.sites.entry(root).or_insert_with_key(|root| {
            let mut site = Site::discover(root);
            if let Some(dir) = crate::site::cache::default_dir() {
                site.use_cache(&dir);
            }
            Arc::new(site)
        });
        Some(site.clone())
    }

    /// The open buffer of a file, if any.
    fn buffer_of(&self, file: &Path) -> Option<&str> {
        self.open
            .iter()
            .find(|(uri, _)| {
                uri.to_file_path()
                    .ok()
                    .and_then(|p| std::fs::canonicalize(&p).ok().or(Some(p)))
                    .is_some_and(|p| p == file)
            })
            .map(|(_, b)| b.text.as_str())
    }

    /// A site page's text: its open buffer's, else the file's.
    fn page_text(&self, site: &Site, page: usize) -> Option<String> {
        let file = &site.index()?.pages.get(page)?.file;
        match self.buffer_of(file) {
            Some(t) => Some(t.to_string()),
            None => site.page_text(page),
        }
    }

    fn parse(site: &Site, path: &Path, text: &str) -> Document {
        crate::syntax::parse(text, &site.parse_options_for(path))
    }

    fn complete(&mut self, params: &serde_json::Value, uri: &Url, text: &str) -> serde_json::Value {
        let lines = LineIndex::new(text);
        let Some(offset) = text::offset_of(&params["position"], text, &lines) else {
            return serde_json::Value::Null;
        };
        let line_start = lines.line_start(lines.line_of(offset)).min(offset);
        let before = &text[line_start..offset];
        let path = uri.to_file_path().ok();
        let site = match path.as_deref().and_then(|p| self.site_of(p)) {
            Some(s) => s,
            None => Arc::new(Site::plain()),
        };
        let image_src = |name: &str, param: &str| {
            site.catalogue()
                .get(name)
                .and_then(|s| s.image.as_ref())
                .is_some_and(|i| i.src.iter().any(|p| p == param))
        };
        let Some(cx) = completion::context(before, image_src) else {
            return serde_json::Value::Null;
        };
        let path = path.unwrap_or_else(|| PathBuf::from("untitled.md"));
        let doc = Self::parse(&site, &path, text);
        let from = site.page_ref(&path);
        let headings_of = |p: usize| {
            let file = site
                .index()
                .map(|i| i.pages[p].file.clone())
                .unwrap_or_default();
            self.page_text(&site, p)
                .map(|t| completion::headings(&Self::parse(&site, &file, &t)))
                .unwrap_or_default()
        };
        let items = completion::items(&cx, &site, &from, &doc, &headings_of);
        let replace = text::range(&(offset - cx.typed().len()..offset), text, &lines);
        completion::answer(items, replace)
    }

    /// A notification's parameters; parameters of the wrong shape are logged and dropped.
    fn params<P: serde::de::DeserializeOwned>(&mut self, n: Notification) -> Option<P> {
        match serde_json::from_value(n.params) {
            Ok(p) => Some(p),
            Err(e) => {
                self.log(&format!("bad {} parameters: {e}", n.method));
                None
            }
        }
    }

    fn publish(&mut self, uri: &Url) {
        let Some(buffer) = self.open.get(uri) else {
            return;
        };
        let version = buffer.version;
        if buffer.text.len() > diagnostics::MAX_PAGE {
            let too_large = diagnostics::too_large(buffer.text.len());
            let text = buffer.text.clone();
            self.send_diagnostics(uri, version, &[too_large], &text);
            return;
        }
        let text = buffer.text.clone();
        let path = uri.to_file_path().ok();
        let found = std::panic::catch_unwind(|| lint_buffer(path.as_deref(), &text));
        match found {
            Ok(Findings { found, elsewhere }) => {
                for problem in elsewhere {
                    if self.shown.insert(problem.clone()) {
                        self.show(&problem);
                    }
                }
                self.send_diagnostics(uri, version, &found, &text);
                let mut found = found;
                found.truncate(diagnostics::MAX_PUBLISHED);
                self.found.insert(uri.clone(), found);
            }
            Err(_) => self.log(&format!(
                "hugolint failed on {uri} (a bug in hugolint; please report it with the file)"
            )),
        }
    }

    /// Publish a buffer's findings, written straight into the message (no LSP objects kept:
    /// a few hundred bytes per finding while it is written).
    fn send_diagnostics(
        &mut self,
        uri: &Url,
        version: Option<i32>,
        found: &[crate::diagnostic::Diagnostic],
        text: &str,
    ) {
        let body = diagnostics::publish_body(uri, version, found, text);
        let _ = framing::write_frame(&mut self.out, &body);
    }

    fn log(&mut self, message: &str) {
        eprintln!("hugolint server: {message}");
        let params = lsp_types::LogMessageParams {
            typ: lsp_types::MessageType::WARNING,
            message: message.to_string(),
        };
        self.send(Message::Notification(Notification::new(
            lsp_types::notification::LogMessage::METHOD.to_string(),
            params,
        )));
    }

    fn show(&mut self, message: &str) {
        let params = lsp_types::ShowMessageParams {
            typ: lsp_types::MessageType::ERROR,
            message: format!("hugolint: {message}"),
        };
        self.send(Message::Notification(Notification::new(
            lsp_types::notification::ShowMessage::METHOD.to_string(),
            params,
        )));
    }

    fn reply(&mut self, id: RequestId, result: serde_json::Value) {
        self.send(Message::Response(Response::new_ok(id, result)));
    }

    fn error(&mut self, id: RequestId, code: ErrorCode, message: &str) {
        self.send(Message::Response(Response::new_err(
            id,
            code as i32,
            message.to_string(),
        )));
    }

    fn send(&mut self, message: Message) {
        // A client that stopped reading will close our input too; the loop ends there.
        let _ = message.write(&mut self.out);
    }
}

fn initialize_result() -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(true),
                    })),
                    ..Default::default()
                },
            )),
            completion_provider: Some(lsp_types::CompletionOptions {
                trigger_characters: Some(["(", "/", "#", "\"", "."].map(String::from).to_vec()),
                ..Default::default()
            }),
            code_action_provider: Some(lsp_types::CodeActionProviderCapability::Options(
                lsp_types::CodeActionOptions {
                    code_action_kinds: Some(vec![lsp_types::CodeActionKind::QUICKFIX]),
                    ..Default::default()
                },
            )),
            ..Default::default()
        },
        server_info: Some(ServerInfo {
            name: "hugolint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    }
}
