//! `hugolint server`: a Language Server over stdio. Editors send the text of open Markdown
//! buffers; the server lints each one as the file it stands for inside its site (the same path as
//! `--stdin --stdin-filename`) and publishes the findings.
//!
//! Synchronous by design: one reader thread turns the byte stream into messages, the main loop
//! applies every message already waiting before it lints, so a burst of keystrokes costs one lint
//! per buffer. A message that is not JSON-RPC is logged and skipped; a panic while linting becomes
//! a log line, never a dead server.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    InitializeResult, Location, NumberOrString, Position, PublishDiagnosticsParams, Range,
    SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Url,
};

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::LineIndex;
use crate::lint::{self, LintOptions};
use crate::site::Site;

/// Serve on standard input and output until the client says `exit` or closes the stream.
/// Returns the process exit code the protocol asks for: 0 after `shutdown`, 1 otherwise.
pub fn run_stdio() -> i32 {
    let stdout = std::io::stdout();
    run(std::io::BufReader::new(std::io::stdin()), stdout.lock())
}

/// Serve on any byte streams (tests drive it through a pipe).
/// The reader thread is detached: after `exit` the process ends without waiting for the client
/// to close its end.
pub fn run(input: impl BufRead + Send + 'static, output: impl Write) -> i32 {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || read_messages(input, tx));
    Server::new(output).serve(rx)
}

enum Incoming {
    Message(Message),
    /// A frame that did not hold a JSON-RPC message: logged, then skipped.
    Garbled(String),
}

fn read_messages(mut input: impl BufRead, tx: mpsc::Sender<Incoming>) {
    loop {
        let incoming = match Message::read(&mut input) {
            Ok(Some(m)) => Incoming::Message(m),
            // End of the stream: the client is gone.
            Ok(None) => return,
            // The frame was consumed whole; the next one may be fine.
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                Incoming::Garbled(e.to_string())
            }
            Err(_) => return,
        };
        if tx.send(incoming).is_err() {
            return;
        }
    }
}

struct Server<W: Write> {
    out: W,
    /// Open buffers by URI: their latest text.
    open: BTreeMap<Url, String>,
    initialized: bool,
    shutdown: bool,
    /// Problems already shown to the user as messages (shown once, not on every keystroke).
    shown: BTreeSet<String>,
}

impl<W: Write> Server<W> {
    fn new(out: W) -> Self {
        Server {
            out,
            open: BTreeMap::new(),
            initialized: false,
            shutdown: false,
            shown: BTreeSet::new(),
        }
    }

    fn serve(mut self, rx: mpsc::Receiver<Incoming>) -> i32 {
        while let Ok(first) = rx.recv() {
            let mut dirty = BTreeSet::new();
            let mut next = Some(first);
            while let Some(incoming) = next {
                match incoming {
                    Incoming::Message(Message::Notification(n)) if n.method == "exit" => {
                        return if self.shutdown { 0 } else { 1 };
                    }
                    Incoming::Message(m) => self.handle(m, &mut dirty),
                    Incoming::Garbled(e) => self.log(&format!("skipped a malformed message: {e}")),
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
            Message::Request(req) => self.request(req),
            Message::Notification(n) => self.notification(n, dirty),
            Message::Response(_) => {}
        }
    }

    fn request(&mut self, req: Request) {
        let Request { id, method, .. } = req;
        if method == lsp_types::request::Initialize::METHOD {
            self.initialized = true;
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
                    self.open
                        .insert(p.text_document.uri.clone(), p.text_document.text);
                    dirty.insert(p.text_document.uri);
                }
            }
            DidChangeTextDocument::METHOD => {
                // Full sync: the last change holds the whole text.
                if let Some(p) = self.params::<lsp_types::DidChangeTextDocumentParams>(n)
                    && let Some(change) = p.content_changes.into_iter().last()
                {
                    self.open.insert(p.text_document.uri.clone(), change.text);
                    dirty.insert(p.text_document.uri);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Some(p) = self.params::<lsp_types::DidSaveTextDocumentParams>(n) {
                    if let Some(text) = p.text {
                        self.open.insert(p.text_document.uri.clone(), text);
                    }
                    // A saved page can change what other open pages' links find (its
                    // anchors, its existence): lint them all again.
                    dirty.extend(self.open.keys().cloned());
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Some(p) = self.params::<lsp_types::DidCloseTextDocumentParams>(n) {
                    self.open.remove(&p.text_document.uri);
                    dirty.remove(&p.text_document.uri);
                    self.send_diagnostics(p.text_document.uri, Vec::new());
                }
            }
            _ => {}
        }
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
        let Some(text) = self.open.get(uri) else {
            return;
        };
        let text = text.clone();
        let path = uri.to_file_path().ok();
        let found = std::panic::catch_unwind(|| lint_buffer(path.as_deref(), &text));
        match found {
            Ok(Findings { found, elsewhere }) => {
                for problem in elsewhere {
                    if self.shown.insert(problem.clone()) {
                        self.show(&problem);
                    }
                }
                let lines = LineIndex::new(&text);
                let diagnostics = found
                    .iter()
                    .map(|d| to_lsp(d, uri, &text, &lines))
                    .collect();
                self.send_diagnostics(uri.clone(), diagnostics);
            }
            Err(_) => self.log(&format!(
                "hugolint failed on {uri} (a bug in hugolint; please report it with the file)"
            )),
        }
    }

    fn send_diagnostics(&mut self, uri: Url, diagnostics: Vec<LspDiagnostic>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        };
        self.send(Message::Notification(Notification::new(
            lsp_types::notification::PublishDiagnostics::METHOD.to_string(),
            params,
        )));
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
            ..Default::default()
        },
        server_info: Some(ServerInfo {
            name: "hugolint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    }
}

/// The findings of one buffer: inside its site when it is a file, plain Markdown otherwise
/// (an unsaved `untitled:` buffer has no site, and no folder its relative links start from).
fn lint_buffer(path: Option<&Path>, text: &str) -> Findings {
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
            let report = lint::lint_buffer(path, text, &options);
            let mut found = Vec::new();
            let mut elsewhere = Vec::new();
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
        },
    }
}

/// A buffer's findings, and problems outside it (its site's config) to show as messages.
struct Findings {
    found: Vec<Diagnostic>,
    elsewhere: Vec<String>,
}

fn to_lsp(d: &Diagnostic, uri: &Url, text: &str, lines: &LineIndex) -> LspDiagnostic {
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
fn position(lines: &LineIndex, text: &str, offset: usize) -> Position {
    let (line, col) = lines.line_col_utf16(text, offset);
    Position::new(line as u32, col as u32)
}
