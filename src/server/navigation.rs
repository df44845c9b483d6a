//! Where links go: go to definition (a link, `ref`/`relref` or fragment → the target's file, at
//! the heading with the anchor), hover (where it goes, or why it is broken), references of a
//! heading (every link in the site to its anchor) and rename of an explicit `{#id}` with every
//! link to it.
//!
//! References need every page's links: the pages on disk are read once per site (on every core)
//! into a [`LinkIndex`], kept until a save or a file event; open buffers are read again on each
//! request, in place of their files.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::{Value, json};

use crate::document::{Document, LineIndex, Link, LinkKind, Span};
use crate::site::{PageRef, Resolution, Site, Use};

use super::text::range;

/// Where a link goes, as the site resolves it.
pub(super) fn resolve(site: &Site, from: &PageRef, link: &Link) -> Resolution {
    site.resolve(
        from,
        &link.dest,
        Use::of_link(link),
        link.kind == LinkKind::Ref,
        link.lang.as_deref(),
    )
}

/// The link under the cursor.
pub(super) fn link_at(doc: &Document, offset: usize) -> Option<&Link> {
    doc.links
        .iter()
        .filter(|l| l.span.start <= offset && offset <= l.span.end)
        // The innermost (a ref inside a link's destination).
        .min_by_key(|l| l.span.len())
}

/// Where the `#fragment` of a link's destination is written, without the `#` (and without the
/// closing quote of a shortcode argument).
pub(super) fn fragment_span(doc: &Document, link: &Link) -> Option<Span> {
    let text = doc.text(&link.dest_span);
    let hash = text.find('#')?;
    let mut end = text.len();
    if let Some(&q @ (b'"' | b'`' | b'\'' | b'>')) = text.as_bytes().last()
        && (text.starts_with(q as char) || q == b'>')
    {
        end -= 1;
    }
    (hash < end).then(|| link.dest_span.start + hash + 1..link.dest_span.start + end)
}

/// The span of a heading (or HTML anchor) carrying `id` in a page.
pub(super) fn anchor_span(doc: &Document, id: &str) -> Option<Span> {
    doc.anchors()
        .find(|(a, _)| *a == id)
        .map(|(_, span)| span.clone())
}

/// A page's location (`uri`, range) at its anchor `id` (at its start without one).
pub(super) fn location(file: &Path, text: &str, doc: &Document, id: Option<&str>) -> Value {
    let lines = LineIndex::new(text);
    let span = id.and_then(|id| anchor_span(doc, id)).unwrap_or(0..0);
    // At the heading's start, not all of it.
    json!({"uri": file_url(file), "range": range(&(span.start..span.start), text, &lines)})
}

pub(super) fn file_url(file: &Path) -> String {
    lsp_types::Url::from_file_path(file).map_or_else(|_| file.display().to_string(), String::from)
}

/// One link to an anchor of some page.
#[derive(Debug, Clone)]
pub(super) struct Reference {
    pub file: PathBuf,
    /// The fragment without its `#`, as an LSP range in the file.
    pub range: Value,
}

/// Every link with a fragment in a site's pages, by the page and anchor it points at.
#[derive(Debug, Default)]
pub(super) struct LinkIndex {
    by_target: FxHashMap<(usize, String), Vec<Reference>>,
}

impl LinkIndex {
    /// The links of every page of the site but `skip` (the open buffers, read on each request).
    pub(super) fn build(site: &Site, skip: &[PathBuf]) -> LinkIndex {
        let Some(index) = site.index() else {
            return LinkIndex::default();
        };
        let found: Vec<Vec<((usize, String), Reference)>> = (0..index.pages.len())
            .into_par_iter()
            .filter(|&p| !skip.iter().any(|s| **s == *index.pages[p].file))
            .map(|p| {
                let file = &index.pages[p].file;
                site.page_text(p)
                    .map(|text| references_in(site, file, &text))
                    .unwrap_or_default()
            })
            .collect();
        let mut by_target: FxHashMap<(usize, String), Vec<Reference>> = FxHashMap::default();
        for (key, r) in found.into_iter().flatten() {
            by_target.entry(key).or_default().push(r);
        }
        LinkIndex { by_target }
    }

    pub(super) fn get(&self, page: usize, id: &str) -> &[Reference] {
        self.by_target
            .get(&(page, id.to_string()))
            .map_or(&[], Vec::as_slice)
    }
}

/// The links with a fragment in one page's text, by the page and anchor they point at.
pub(super) fn references_in(
    site: &Site,
    file: &Path,
    text: &str,
) -> Vec<((usize, String), Reference)> {
    let doc = crate::syntax::parse(text, &site.parse_options_for(file));
    let from = site.page_ref(file);
    let lines = std::cell::OnceCell::new();
    let mut out = Vec::new();
    for link in doc.links.iter().filter(|l| l.dest.contains('#')) {
        let Resolution::Found {
            page: Some(target),
            fragment: Some(fragment),
        } = resolve(site, &from, link)
        else {
            continue;
        };
        let Some(span) = fragment_span(&doc, link) else {
            continue;
        };
        let lines = lines.get_or_init(|| LineIndex::new(text));
        out.push((
            (target, fragment),
            Reference {
                file: from.file.clone(),
                range: range(&span, text, lines),
            },
        ));
    }
    out
}

/// The hover text of a link: where it goes (URL, title, file, heading), or why it is broken.
pub(super) fn hover_text(
    site: &Site,
    resolution: &Resolution,
    target_headings: Option<&[(String, String)]>,
    why_broken: Option<String>,
) -> Option<String> {
    if let Some(why) = why_broken {
        return Some(why);
    }
    match resolution {
        Resolution::Found {
            page: Some(p),
            fragment,
        } => {
            let page = site.index()?.pages.get(*p)?;
            let mut s = String::new();
            if let Some(title) = &page.meta.title {
                s.push_str(&format!("**{}**", escape(title)));
            }
            if let Some(url) = &page.url {
                s.push_str(&format!(" `{url}`"));
            }
            s.push_str(&format!("\n\n`content/{}`", page.content_path));
            if let Some(f) = fragment
                && let Some((_, text)) = target_headings
                    .unwrap_or_default()
                    .iter()
                    .find(|(id, _)| id == f)
            {
                s.push_str(&format!("\n\n`#{f}`: {}", escape(text)));
            }
            Some(s.trim_start().to_string())
        }
        Resolution::Found { page: None, .. } => Some("a file of the site".to_string()),
        Resolution::Unknowable => {
            Some("where this goes is known only when the site is built".to_string())
        }
        Resolution::Ignored => Some("ignored by the site's `.hugolint.yaml`".to_string()),
        _ => None,
    }
}

/// Text from a page shown as Markdown: its Markdown characters escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_{}[]()#+-.!<>|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
