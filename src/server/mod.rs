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
mod navigation;
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
use crate::lint;
use crate::site::{Resolution, Site};
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
    /// Changed since opened or saved: its text, not its file's, gives other pages its anchors.
    modified: bool,
    /// Its anchors when last linted: other open pages are linted again when they change.
    anchors: Option<Vec<String>>,
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
    /// Every page's links to anchors, by site root (for references and rename): read on first
    /// use, dropped with the sites.
    links: HashMap<PathBuf, Arc<navigation::LinkIndex>>,
    /// Sites read for a buffer whose front matter is not its file's (an unsaved title, slug,
    /// URL…), by file, with that front matter: its lints use them while it stays the same.
    /// Dropped with the sites.
    buffer_sites: HashMap<PathBuf, (crate::document::PageMeta, Arc<Site>)>,
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
            links: HashMap::new(),
            buffer_sites: HashMap::new(),
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
            // A buffer whose anchors changed (unsaved) changes what other open pages' links
            // find: they are linted again, once.
            let mut others = false;
            for uri in &dirty {
                others |= self.publish(uri);
            }
            if others {
                let rest: Vec<Url> = self
                    .open
                    .keys()
                    .filter(|u| !dirty.contains(*u))
                    .cloned()
                    .collect();
                for uri in rest {
                    self.publish(&uri);
                }
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
                            modified: false,
                            anchors: None,
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
                    if let Some(b) = self.open.get_mut(&d.uri) {
                        b.text = change.text;
                        b.version = Some(d.version);
                        b.modified = true;
                    }
                    dirty.insert(d.uri);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Some(p) = self.params::<lsp_types::DidSaveTextDocumentParams>(n) {
                    if let Some(b) = self.open.get_mut(&p.text_document.uri) {
                        b.modified = false;
                        if let Some(text) = p.text {
                            b.text = text;
                        }
                    }
                    // A saved page can change what other open pages' links find (its
                    // anchors, its existence): lint them all again, read the sites again.
                    dirty.extend(self.open.keys().cloned());
                    self.sites.clear();
                    self.links.clear();
                    self.buffer_sites.clear();
                }
            }
            "workspace/didChangeWatchedFiles" => {
                // Pages created, deleted or renamed, config changed: read the sites again.
                self.sites.clear();
                self.links.clear();
                self.buffer_sites.clear();
                dirty.extend(self.open.keys().cloned());
            }
            "initialized" => self.watch_files(),
            DidCloseTextDocument::METHOD => {
                if let Some(p) = self.params::<lsp_types::DidCloseTextDocumentParams>(n) {
                    self.open.remove(&p.text_document.uri);
                    if let Ok(path) = p.text_document.uri.to_file_path() {
                        self.buffer_sites.remove(&lint::buffer_file(&path));
                    }
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
                let text = buffer.text.clone();
                let snippets = actions::Snippets::of(&self.capabilities);
                // The page parsed with its site's shortcodes (where an image's alt goes).
                let doc =
                    (snippets != actions::Snippets::None).then(|| self.buffer_facts(uri, &text).2);
                let found = self.found.get(uri).map_or(&[][..], Vec::as_slice);
                Some(actions::code_actions(
                    params,
                    &text,
                    found,
                    doc.as_ref(),
                    snippets,
                ))
            }
            "textDocument/completion" => {
                let text = buffer.text.clone();
                Some(self.complete(params, uri, &text))
            }
            "textDocument/definition"
            | "textDocument/hover"
            | "textDocument/references"
            | "textDocument/prepareRename"
            | "textDocument/rename" => {
                let text = buffer.text.clone();
                Some(self.navigate(method, params, uri, &text))
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

    /// The site a buffer is linted in: its kept site when the buffer fits it (its front matter
    /// is its file's), else one read with the buffer's front matter, kept while that stays the
    /// same; `None` outside a site.
    fn lint_site(&mut self, path: &Path, text: &str) -> Option<Arc<Site>> {
        let kept = self.site_of(path)?;
        let file = lint::buffer_file(path);
        if kept.fits_buffer(&file, text) {
            return Some(kept);
        }
        let meta = crate::syntax::front_matter::split(text)
            .front_matter
            .map(|f| f.meta)
            .unwrap_or_default();
        if let Some((m, site)) = self.buffer_sites.get(&file)
            && *m == meta
        {
            return Some(site.clone());
        }
        let mut site = Site::discover_with_buffer(kept.root()?, None, &file, text);
        if let Some(dir) = crate::site::cache::default_dir() {
            site.use_cache(&dir);
        }
        let site = Arc::new(site);
        self.buffer_sites.insert(file, (meta, site.clone()));
        Some(site)
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

    /// The site, file, parse and page of a buffer (a plain folder's for an `untitled:` one).
    fn buffer_facts(
        &mut self,
        uri: &Url,
        text: &str,
    ) -> (Arc<Site>, PathBuf, Document, crate::site::PageRef) {
        let path = uri.to_file_path().ok();
        let site = match path.as_deref().and_then(|p| self.site_of(p)) {
            Some(s) => s,
            None => Arc::new(Site::plain()),
        };
        let path = path
            .map(|p| site.canonical(&p))
            .unwrap_or_else(|| PathBuf::from("untitled.md"));
        let doc = Self::parse(&site, &path, text);
        let from = site.page_ref(&path);
        (site, path, doc, from)
    }

    /// A page's text and parse: from its open buffer, else its file.
    fn page_doc(&self, site: &Site, page: usize) -> Option<(PathBuf, String, Document)> {
        let file = site.index()?.pages.get(page)?.file.to_path_buf();
        let text = self.page_text(site, page)?;
        let doc = Self::parse(site, &file, &text);
        Some((file, text, doc))
    }

    fn navigate(
        &mut self,
        method: &str,
        params: &serde_json::Value,
        uri: &Url,
        text: &str,
    ) -> serde_json::Value {
        use navigation::*;
        use serde_json::{Value, json};
        let lines = LineIndex::new(text);
        let Some(offset) = text::offset_of(&params["position"], text, &lines) else {
            return Value::Null;
        };
        let (site, path, doc, from) = self.buffer_facts(uri, text);
        // The page and anchor the cursor names: a link's target, or a heading of this page.
        let link = link_at(&doc, offset);
        let resolution = link.map(|l| resolve(&site, &from, l));
        let this_page = |r: &Resolution| match r {
            Resolution::Found { page, .. } => page.is_none() || *page == from.page,
            _ => false,
        };
        match method {
            "textDocument/definition" => match (&resolution, link) {
                (Some(r @ Resolution::Found { page, fragment }), Some(_)) => {
                    if this_page(r) {
                        location(&path, text, &doc, fragment.as_deref())
                    } else if let Some((file, t, d)) = page.and_then(|p| self.page_doc(&site, p)) {
                        location(&file, &t, &d, fragment.as_deref())
                    } else {
                        Value::Null
                    }
                }
                _ => Value::Null,
            },
            "textDocument/hover" => {
                let (Some(link), Some(r)) = (link, &resolution) else {
                    return Value::Null;
                };
                let why = self.found.get(uri).and_then(|found| {
                    found
                        .iter()
                        .find(|d| {
                            d.span.start >= link.span.start
                                && d.span.end <= link.span.end
                                && matches!(d.rule, "broken-link" | "broken-fragment")
                        })
                        .map(|d| match &d.help {
                            Some(h) => format!("{}\n\n{h}", d.message),
                            None => d.message.clone(),
                        })
                });
                let headings = match r {
                    Resolution::Found {
                        fragment: Some(_), ..
                    } if this_page(r) => Some(completion::headings(&doc, &site.heading_ids(&from))),
                    Resolution::Found {
                        page: Some(p),
                        fragment: Some(_),
                    } => self
                        .page_doc(&site, *p)
                        .map(|(_, _, d)| completion::headings(&d, &site.heading_ids_at(*p))),
                    _ => None,
                };
                match hover_text(&site, r, headings.as_deref(), why) {
                    Some(value) => json!({
                        "contents": {"kind": "markdown", "value": value},
                        "range": text::range(&link.span, text, &lines),
                    }),
                    None => Value::Null,
                }
            }
            _ => {
                // References and rename: the anchor named at the cursor.
                let target = self.anchor_at(&site, &from, &doc, offset, link, resolution.as_ref());
                let Some((page, id)) = target else {
                    return Value::Null;
                };
                self.anchor_request(
                    method, params, &site, &path, text, &doc, &from, page, &id, offset,
                )
            }
        }
    }

    /// The anchor at the cursor: a heading's of this page, or the one a link's fragment names
    /// (`None` for the page: this page).
    fn anchor_at(
        &self,
        _site: &Site,
        from: &crate::site::PageRef,
        doc: &Document,
        offset: usize,
        link: Option<&crate::document::Link>,
        resolution: Option<&crate::site::Resolution>,
    ) -> Option<(Option<usize>, String)> {
        use crate::site::Resolution;
        if let (
            Some(_),
            Some(Resolution::Found {
                page,
                fragment: Some(f),
            }),
        ) = (link, resolution)
        {
            let page = if page.is_none() || *page == from.page {
                None
            } else {
                *page
            };
            return Some((page, f.clone()));
        }
        doc.headings
            .iter()
            .find(|h| h.span.start <= offset && offset <= h.span.end)
            .and_then(|h| h.id.clone())
            .map(|id| (None, id))
    }

    #[allow(clippy::too_many_arguments)]
    fn anchor_request(
        &mut self,
        method: &str,
        params: &serde_json::Value,
        site: &Arc<Site>,
        path: &Path,
        text: &str,
        doc: &Document,
        from: &crate::site::PageRef,
        page: Option<usize>,
        id: &str,
        offset: usize,
    ) -> serde_json::Value {
        use navigation::*;
        use serde_json::{Value, json};
        // The page with the anchor: its file, text and parse.
        let (file, target_text, target_doc) = match page {
            None => (path.to_path_buf(), text.to_string(), None),
            Some(p) => match self.page_doc(site, p) {
                Some((f, t, d)) => (f, t, Some(d)),
                None => return Value::Null,
            },
        };
        let target_doc = target_doc.as_ref().unwrap_or(doc);
        let target_page = page.or(from.page);
        // Where the ID is written (`{#id}`): replaced on rename. For an automatic ID, where a
        // `{#id}` can be added (the end of the heading's line), when the site reads heading
        // attributes: inserted.
        let heading = target_doc
            .headings
            .iter()
            .find(|h| h.id.as_deref() == Some(id) && h.level > 0 && h.fragment.is_none());
        let explicit = heading.and_then(|h| match &h.explicit {
            Some(block) => {
                let at = target_doc.text(block).rfind(id)?;
                Some(block.start + at..block.start + at + id.len())
            }
            None if site.parse_options().heading_attributes && !h.id_unknowable => {
                let line = &target_text[h.span.start..];
                let line = &line[..line.find(['\n', '\r']).unwrap_or(line.len())];
                let end = h.span.start + line.trim_end().len();
                Some(end..end)
            }
            None => None,
        });
        let added = explicit.as_ref().is_some_and(|e| e.is_empty());
        // Every link to it: the files' links (read once), open buffers' as they are now.
        let mut refs: Vec<Reference> = Vec::new();
        let open: Vec<(PathBuf, String)> = self
            .open
            .iter()
            .filter_map(|(u, b)| Some((site.canonical(&u.to_file_path().ok()?), b.text.clone())))
            .collect();
        if let Some(p) = target_page {
            let root = site.root().map(Path::to_path_buf).unwrap_or_default();
            let index = self
                .links
                .entry(root)
                .or_insert_with(|| Arc::new(LinkIndex::build(site, &[])))
                .clone();
            refs.extend(
                index
                    .get(p, id)
                    .iter()
                    .filter(|r| !open.iter().any(|(f, _)| *f == r.file))
                    .cloned(),
            );
            for (f, t) in &open {
                refs.extend(
                    references_in(site, f, t)
                        .into_iter()
                        .filter(|((tp, tid), _)| *tp == p && tid == id)
                        .map(|(_, r)| r),
                );
            }
        } else {
            // A page outside any site (or not saved): its own links only.
            let lines = LineIndex::new(text);
            for l in &doc.links {
                if l.dest.starts_with('#')
                    && l.dest[1..] == *id
                    && let Some(span) = fragment_span(doc, l)
                {
                    refs.push(Reference {
                        file: path.to_path_buf(),
                        range: text::range(&span, text, &lines),
                    });
                }
            }
        }
        refs.sort_by(|a, b| {
            (
                &a.file,
                a.range["start"]["line"].as_u64(),
                a.range["start"]["character"].as_u64(),
            )
                .cmp(&(
                    &b.file,
                    b.range["start"]["line"].as_u64(),
                    b.range["start"]["character"].as_u64(),
                ))
        });
        let target_lines = LineIndex::new(&target_text);
        match method {
            "textDocument/references" => {
                let mut out: Vec<Value> = Vec::new();
                if params["context"]["includeDeclaration"] == true
                    && let Some(span) = anchor_span(target_doc, id)
                {
                    out.push(json!({"uri": file_url(&file),
                        "range": text::range(&span, &target_text, &target_lines)}));
                }
                out.extend(
                    refs.iter()
                        .map(|r| json!({"uri": file_url(&r.file), "range": r.range})),
                );
                Value::Array(out)
            }
            "textDocument/prepareRename" => {
                let Some(explicit) = explicit else {
                    return Value::Null;
                };
                // The text under the cursor: the `{#id}` (or the heading without one), or a
                // link's fragment.
                let lines = LineIndex::new(text);
                let on_heading = |span: &std::ops::Range<usize>| {
                    page.is_none() && span.start <= offset && offset <= span.end
                };
                let here = if !added && on_heading(&explicit) {
                    explicit.clone()
                } else if let Some(h) =
                    heading.filter(|h| added && on_heading(&(h.span.start..explicit.end)))
                {
                    h.span.start..explicit.end
                } else {
                    match doc
                        .links
                        .iter()
                        .filter(|l| l.span.start <= offset && offset <= l.span.end)
                        .find_map(|l| fragment_span(doc, l))
                    {
                        Some(s) => s,
                        None => return Value::Null,
                    }
                };
                json!({"range": text::range(&here, text, &lines), "placeholder": id})
            }
            _ => {
                let Some(explicit) = explicit else {
                    return Value::Null;
                };
                let Some(new) = params["newName"].as_str() else {
                    return Value::Null;
                };
                let new = new.trim_start_matches('#');
                let mut changes: BTreeMap<String, Vec<Value>> = BTreeMap::new();
                changes.entry(file_url(&file)).or_default().push(json!({
                    "range": text::range(&explicit, &target_text, &target_lines),
                    "newText": if added { format!(" {{#{new}}}") } else { new.to_string() },
                }));
                for r in &refs {
                    changes
                        .entry(file_url(&r.file))
                        .or_default()
                        .push(json!({"range": r.range, "newText": new}));
                }
                json!({"changes": changes})
            }
        }
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
                .map(|i| i.pages[p].file.to_path_buf())
                .unwrap_or_default();
            self.page_text(&site, p)
                .map(|t| {
                    completion::headings(&Self::parse(&site, &file, &t), &site.heading_ids_at(p))
                })
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

    /// Lint a buffer and publish its findings; whether its anchors changed since last time.
    fn publish(&mut self, uri: &Url) -> bool {
        let Some(buffer) = self.open.get(uri) else {
            return false;
        };
        let version = buffer.version;
        if buffer.text.len() > diagnostics::MAX_PAGE {
            let too_large = diagnostics::too_large(buffer.text.len());
            let text = buffer.text.clone();
            self.send_diagnostics(uri, version, &[too_large], &text);
            return false;
        }
        let text = buffer.text.clone();
        let path = uri.to_file_path().ok();
        // Other unsaved buffers' text gives their anchors.
        let others: Vec<(PathBuf, String)> = self
            .open
            .iter()
            .filter(|(u, b)| *u != uri && b.modified)
            .filter_map(|(u, b)| Some((u.to_file_path().ok()?, b.text.clone())))
            .collect();
        let site = path.as_deref().and_then(|p| self.lint_site(p, &text));
        // A panic leaves the kept site as it was: the buffers' anchors are cleared on the way out.
        let found = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            lint_buffer(path.as_deref(), &text, &others, site.as_deref())
        }));
        let mut anchors = None;
        match found {
            Ok(Findings {
                found,
                elsewhere,
                anchors: a,
            }) => {
                anchors = a;
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
        let Some(buffer) = self.open.get_mut(uri) else {
            return false;
        };
        let changed = buffer.anchors.is_some() && buffer.anchors != anchors;
        buffer.anchors = anchors;
        changed
    }

    /// Ask the client to tell of file events in the workspace, when it can be asked.
    fn watch_files(&mut self) {
        if self.capabilities["workspace"]["didChangeWatchedFiles"]["dynamicRegistration"] != true {
            return;
        }
        let params = serde_json::json!({"registrations": [{
            "id": "hugolint-files",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": {"watchers": [
                {"globPattern": "**/*.{md,markdown,mdown,html,htm,adoc,rst,org,pdc}"},
                {"globPattern": "**/{hugo,config}.{toml,yaml,yml,json}"},
                {"globPattern": "**/config/**"},
                {"globPattern": "**/.hugolint.yaml"},
            ]},
        }]});
        self.send(Message::Request(Request {
            id: RequestId::from("hugolint-watch".to_string()),
            method: "client/registerCapability".to_string(),
            params,
        }));
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
            definition_provider: Some(lsp_types::OneOf::Left(true)),
            hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
            references_provider: Some(lsp_types::OneOf::Left(true)),
            rename_provider: Some(lsp_types::OneOf::Right(lsp_types::RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: Default::default(),
            })),
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
