//! The Markdown pass: mask the body the way Hugo hands it to goldmark, parse it once with
//! pulldown-cmark, and extract headings, links, images, HTML anchors and comments with their
//! spans in the original file.
//!
//! Masking (HUGO-SPEC §2): before goldmark runs, Hugo replaces each `{{< >}}` shortcode — tags and
//! inner content — by one placeholder word, and each `{{% %}}` shortcode by its output. The mask
//! is a copy of the text of the same byte length, so every offset the parser reports is an offset
//! into the original file:
//! - a `{{< >}}` shortcode becomes a run of `x` (one word, like Hugo's `HAHAHUGOSHORTCODE…`);
//! - the tags of a paired `{{% %}}` shortcode become spaces and its inner Markdown stays in the
//!   page (what a plain `{{ .Inner }}` template gives); a single `{{% %}}` tag becomes a word;
//! - the inner text of a `{{< >}}` shortcode that renders Markdown is parsed on its own, as Hugo's
//!   `markdownify`/`RenderString` does, with its own ID space; inner text that is code or raw is
//!   never read as Markdown;
//! - so is the inner text of a paired `{{% %}}` shortcode nested inside another shortcode: Hugo
//!   renders it on its own before the outer template sees it (`doRenderShortcode`, level > 0),
//!   and the shortcode becomes a word in the outer text.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::catalogue::{Catalogue, Inner};
use crate::document::{
    Delimiter, Heading, HtmlAnchor, HtmlAnchorKind, HtmlComment, Image, ImageKind, Link, LinkKind,
    Shortcode, Span,
};
use crate::syntax::ParseOptions;
use crate::syntax::anchors::{self, IdFactory};
use crate::syntax::html::{self, Item};

/// What the Markdown pass finds.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub images: Vec<Image>,
    pub html_anchors: Vec<HtmlAnchor>,
    pub comments: Vec<HtmlComment>,
    /// The first shortcode whose inner text was not read: the page's nested inner texts ran
    /// past [`inner_budget`] (shortcodes nested thousands deep).
    pub unread_inner: Option<usize>,
}

/// How many bytes of shortcode inner text one page's Markdown pass reads, all regions together:
/// eight times the body and a megabyte. Each nested inner text is read on its own (its own IDs,
/// as Hugo renders it), so a region inside another is read again with it: a real page's nesting
/// (a few levels) stays far within; shortcodes nested n deep would cost n² (100k deep: 120 s).
pub fn inner_budget(body: usize) -> usize {
    body.saturating_mul(8).saturating_add(1 << 20)
}

/// Extract the Markdown facts of `text` from `body_start`, given its shortcodes.
pub fn extract(
    text: &str,
    body_start: usize,
    shortcodes: &[Shortcode],
    options: &ParseOptions,
) -> Facts {
    let owners = region_owners(shortcodes);
    // Shortcodes grouped by the region they sit in (index 0: the page body; i + 1: the inner of
    // shortcode i), so masking a region visits only its own shortcodes: linear in the page.
    let mut by_region: Vec<Vec<usize>> = vec![Vec::new(); shortcodes.len() + 1];
    for (i, owner) in owners.iter().enumerate() {
        by_region[owner.map_or(0, |o| o + 1)].push(i);
    }
    let mut facts = Facts::default();
    // Regions to parse: the page's body, then each shortcode inner that renders Markdown.
    let mut regions: Vec<(Option<usize>, Span)> = vec![(None, body_start..text.len())];
    let mut budget = inner_budget(text.len() - body_start);
    while let Some((owner, region)) = regions.pop() {
        if let Some(o) = owner {
            if region.len() > budget {
                // A region's fragments are read after it: what is left unread lies inside what
                // was read. The outermost skipped (the first in source order) is reported.
                facts.unread_inner = Some(facts.unread_inner.map_or(o, |f| f.min(o)));
                continue;
            }
            budget -= region.len();
        }
        let members = &by_region[owner.map_or(0, |o| o + 1)];
        let masked = mask_region(text, &region, members, shortcodes, options.catalogue);
        for inner in &masked.fragments {
            regions.push(inner.clone());
        }
        Pass::new(&masked, region.start, owner, options, text, shortcodes).run(&mut facts);
    }
    shortcode_facts(shortcodes, options.catalogue, &mut facts);
    facts.headings.sort_by_key(|h| h.span.start);
    facts
        .links
        .sort_by_key(|l| (l.span.start, l.dest_span.start));
    facts.images.sort_by_key(|i| i.span.start);
    facts.html_anchors.sort_by_key(|a| a.span.start);
    facts.comments.sort_by_key(|c| c.span.start);
    facts
}

/// For each shortcode, the nearest enclosing shortcode whose inner text is rendered apart: the
/// region (page or fragment) whose Markdown it sits in. A top-level `{{% %}}` parent is
/// transparent: its inner text is the page's.
fn region_owners(shortcodes: &[Shortcode]) -> Vec<Option<usize>> {
    let mut owners: Vec<Option<usize>> = Vec::with_capacity(shortcodes.len());
    for sc in shortcodes {
        let owner = match sc.parent {
            None => None,
            Some(p) if renders_apart(&shortcodes[p]) => Some(p),
            // Parents come before children (source order of opening tags).
            Some(p) => owners.get(p).copied().flatten(),
        };
        owners.push(owner);
    }
    owners
}

/// Whether a shortcode's inner text, when it is Markdown, is rendered on its own (its own ID
/// space) rather than in the text around it: a `{{< >}}` one's (by its template, with
/// `markdownify` or `RenderString`), and a `{{% %}}` one's inside another shortcode (by Hugo,
/// before the outer template runs). A top-level `{{% %}}` one's inner stays in the page.
fn renders_apart(sc: &Shortcode) -> bool {
    sc.delimiter == Delimiter::Angle || sc.parent.is_some()
}

/// How a shortcode's inner text is rendered, from the catalogue.
fn inner_kind(sc: &Shortcode, shortcodes: &[Shortcode], catalogue: &Catalogue) -> Inner {
    let Some(spec) = catalogue.get(&sc.name) else {
        return Inner::Markdown;
    };
    if !spec.code_when.is_empty() {
        let has = |s: &Shortcode| spec.code_when.iter().any(|p| s.param(p).is_some());
        if has(sc) || sc.parent.is_some_and(|p| has(&shortcodes[p])) {
            return Inner::Code;
        }
    }
    match (spec.inner, sc.delimiter) {
        // `{{ .Inner }}` as written: the page's Markdown with `{{% %}}`, raw HTML with `{{< >}}`.
        (Inner::Passthrough, Delimiter::Percent) => Inner::Markdown,
        (Inner::Passthrough, Delimiter::Angle) => Inner::Raw,
        (inner, _) => inner,
    }
}

/// A region's link reference definitions: ASCII-lower-cased label → (label, span).
type Defs = rustc_hash::FxHashMap<String, Vec<(String, Range<usize>)>>;

struct Masked<'t> {
    /// The region's text with shortcodes masked, same length as the region (the text itself
    /// when it has no shortcode: most pages).
    text: std::borrow::Cow<'t, str>,
    /// Spans (file offsets) that a shortcode occupies in this region's Markdown, sorted.
    shortcode_spans: Vec<Span>,
    /// Inner texts to parse as their own fragments: (owner shortcode, inner span).
    fragments: Vec<(Option<usize>, Span)>,
}

fn mask_region<'t>(
    text: &'t str,
    region: &Span,
    members: &[usize],
    shortcodes: &[Shortcode],
    catalogue: &Catalogue,
) -> Masked<'t> {
    let mut shortcode_spans = Vec::new();
    let mut fragments = Vec::new();
    // What each masked span becomes: `x` for every byte, or ` ` for every byte but line breaks.
    let mut fills: Vec<(Span, u8)> = Vec::new();
    for &i in members {
        let sc = &shortcodes[i];
        let span = sc.span();
        if span.start < region.start || span.end > region.end {
            continue;
        }
        let inner = inner_kind(sc, shortcodes, catalogue);
        match (sc.delimiter, sc.close.as_ref()) {
            (Delimiter::Percent, Some(close)) if inner == Inner::Markdown && !renders_apart(sc) => {
                fills.push((sc.open.clone(), b' '));
                fills.push((close.clone(), b' '));
                shortcode_spans.push(sc.open.clone());
                shortcode_spans.push(close.clone());
            }
            (_, Some(_)) if inner == Inner::Markdown => {
                fills.push((span.clone(), b'x'));
                shortcode_spans.push(span);
                if let Some(inner) = sc.inner() {
                    fragments.push((Some(i), inner));
                }
            }
            _ => {
                fills.push((span.clone(), b'x'));
                shortcode_spans.push(span);
            }
        }
    }
    if fills.is_empty() {
        return Masked {
            text: std::borrow::Cow::Borrowed(&text[region.clone()]),
            shortcode_spans,
            fragments,
        };
    }
    shortcode_spans.sort_by_key(|s| s.start);
    fills.sort_by_key(|(s, _)| s.start);
    // Copied slice by slice: spans lie on character boundaries and every byte of a masked
    // character becomes one ASCII byte, so the text stays UTF-8 without checking it again.
    let mut masked = String::with_capacity(region.len());
    let mut at = region.start;
    for (span, with) in &fills {
        if span.start < at {
            // Nested inside a span already masked (a `{{% %}}` tag inside a masked `{{< >}}`).
            continue;
        }
        masked.push_str(&text[at..span.start]);
        masked.extend(text.as_bytes()[span.clone()].iter().map(|&b| {
            if *with == b' ' && (b == b'\n' || b == b'\r') {
                b as char
            } else {
                *with as char
            }
        }));
        at = span.end;
    }
    masked.push_str(&text[at..region.end]);
    Masked {
        text: std::borrow::Cow::Owned(masked),
        shortcode_spans,
        fragments,
    }
}

/// One pulldown-cmark pass over one region.
struct Pass<'a> {
    masked: &'a Masked<'a>,
    base: usize,
    owner: Option<usize>,
    options: &'a ParseOptions<'a>,
    ids: IdFactory,
    /// The whole file, and its shortcodes (for a heading that holds one).
    source: &'a str,
    shortcodes: &'a [Shortcode],
}

/// An open link or image while its children stream by.
struct OpenLink<'a> {
    image: bool,
    link_type: LinkType,
    dest: String,
    id: String,
    start: usize,
    /// End of the last child event seen (local offset).
    last: usize,
    /// Alt text events (images), borrowing the masked text like the parser's.
    alt: Vec<Event<'a>>,
}

struct OpenHeading<'a> {
    /// `None` for a definition-list term (`autoDefinitionTermID`).
    level: Option<HeadingLevel>,
    start: usize,
    /// The inline events with their (local) ranges, for `anchors::read_heading`.
    events: Vec<(Event<'a>, Range<usize>)>,
}

impl<'a> Pass<'a> {
    fn new(
        masked: &'a Masked<'a>,
        base: usize,
        owner: Option<usize>,
        options: &'a ParseOptions<'a>,
        source: &'a str,
        shortcodes: &'a [Shortcode],
    ) -> Self {
        Pass {
            masked,
            base,
            owner,
            options,
            ids: IdFactory::new(options.auto_id_type),
            source,
            shortcodes,
        }
    }

    fn overlaps_shortcode(&self, span: &Span) -> bool {
        // Sibling shortcode spans are disjoint and sorted, so their ends are sorted too.
        let spans = &self.masked.shortcode_spans;
        let first = spans.partition_point(|s| s.end <= span.start);
        spans.get(first).is_some_and(|s| s.start < span.end)
    }

    fn run(mut self, facts: &mut Facts) {
        let mut opts = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_DEFINITION_LIST;
        if self.options.heading_attributes {
            opts |= Options::ENABLE_HEADING_ATTRIBUTES;
        }
        let masked_text: &'a str = &self.masked.text;
        let parser = Parser::new_ext(masked_text, opts).into_offset_iter();
        // By label, ASCII case folded: a lookup per reference link (a scan of every definition
        // per link was quadratic: 160k reference links took 81 s).
        let mut defs: Defs = rustc_hash::FxHashMap::default();
        for (label, def) in parser.reference_definitions().iter() {
            defs.entry(label.to_ascii_lowercase())
                .or_default()
                .push((label.to_string(), def.span.clone()));
        }
        let mut heading: Option<OpenHeading> = None;
        let mut links: Vec<OpenLink> = Vec::new();
        let mut code_depth = 0usize;
        let mut html_block: Option<Range<usize>> = None;
        let mut footnotes = 0usize;

        for (event, range) in parser {
            crate::budget::charge(1);
            // A link's own end event closes it before its range (the whole link) counts as a
            // child's end for the enclosing links.
            if matches!(event, Event::End(TagEnd::Link) | Event::End(TagEnd::Image))
                && let Some(l) = links.pop()
            {
                self.finish_link(l, range.end, &defs, facts);
            }
            for l in links.iter_mut() {
                l.last = l.last.max(range.end);
            }
            if let Some(l) = links.last_mut().filter(|l| l.image) {
                l.alt.push(event.clone());
            }
            if let Some(h) = heading.as_mut()
                && !matches!(
                    event,
                    Event::End(TagEnd::Heading(_)) | Event::End(TagEnd::DefinitionListTitle)
                )
            {
                h.events.push((event.clone(), range.clone()));
            }
            match event {
                Event::Start(Tag::CodeBlock(_)) => code_depth += 1,
                Event::End(TagEnd::CodeBlock) => code_depth = code_depth.saturating_sub(1),
                Event::Start(Tag::DefinitionListTitle) if self.options.definition_term_ids => {
                    heading = Some(OpenHeading {
                        level: None,
                        start: range.start,
                        events: Vec::new(),
                    });
                }
                Event::End(TagEnd::DefinitionListTitle) if self.options.definition_term_ids => {
                    if let Some(h) = heading.take() {
                        self.finish_heading(h, range.end, facts);
                    }
                }
                Event::Start(Tag::Heading { level, .. }) => {
                    // The id is goldmark's, read by `anchors::read_heading`, not pulldown's.
                    heading = Some(OpenHeading {
                        level: Some(level),
                        start: range.start,
                        events: Vec::new(),
                    });
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(h) = heading.take() {
                        self.finish_heading(h, range.end, facts);
                    }
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    id,
                    ..
                }) => links.push(OpenLink {
                    image: false,
                    link_type,
                    dest: dest_url.to_string(),
                    id: id.to_string(),
                    start: range.start,
                    last: range.start + 1,
                    alt: Vec::new(),
                }),
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    id,
                    ..
                }) => links.push(OpenLink {
                    image: true,
                    link_type,
                    dest: dest_url.to_string(),
                    id: id.to_string(),
                    start: range.start,
                    last: range.start + 2,
                    alt: Vec::new(),
                }),
                Event::Start(Tag::HtmlBlock) => html_block = Some(range.clone()),
                Event::End(TagEnd::HtmlBlock) => {
                    if let Some(r) = html_block.take() {
                        self.scan_html(r, facts);
                    }
                }
                Event::InlineHtml(_) if code_depth == 0 => self.scan_html(range.clone(), facts),
                Event::Html(_) if html_block.is_none() && code_depth == 0 => {
                    self.scan_html(range.clone(), facts)
                }
                Event::FootnoteReference(_) => footnotes += 1,
                _ => {}
            }
        }
        // goldmark numbers footnotes 1, 2, … in order of first reference; both ends get an id.
        for n in 1..=footnotes {
            for id in [format!("fn:{n}"), format!("fnref:{n}")] {
                facts.html_anchors.push(HtmlAnchor {
                    id,
                    span: self.base..self.base,
                    kind: HtmlAnchorKind::Footnote,
                });
            }
        }
    }

    fn finish_heading(&mut self, h: OpenHeading, end: usize, facts: &mut Facts) {
        let local = h.start..trim_newline(&self.masked.text, h.start, end);
        let span = local.start + self.base..local.end + self.base;
        let read = anchors::read_heading(
            &self.masked.text,
            h.start..end,
            &h.events,
            self.options.typographer,
            self.options.heading_attributes && h.level.is_some(),
        );
        let text = read.text;
        let explicit = read
            .explicit_id
            .as_ref()
            .and(read.attributes_span)
            .map(|r| r.start + self.base..r.end + self.base);
        let (id, deduplicated_from, id_unknowable) = match &read.explicit_id {
            Some(id) => {
                self.ids.put(id);
                (Some(id.clone()), None, false)
            }
            None if !self.options.auto_heading_id => (None, None, false),
            None => {
                let fallback = if h.level.is_some() { "heading" } else { "term" };
                // A `{{% %}}` shortcode whose output hugolint knows (a param, an i18n string):
                // the heading's text is what Hugo renders.
                let rendered = if self.overlaps_shortcode(&span) {
                    self.rendered_heading_text(&span)
                } else {
                    None
                };
                let known = rendered.is_some();
                let generated = self
                    .ids
                    .generate_or(rendered.as_deref().unwrap_or(&text), fallback);
                if self.overlaps_shortcode(&span) && !known {
                    // Hugo's placeholder (page-specific) leaks into the ID: it cannot be known.
                    (None, None, generated.is_some())
                } else {
                    match generated {
                        Some((id, from)) => (Some(id), from, false),
                        None => (None, None, false),
                    }
                }
            }
        };
        facts.headings.push(Heading {
            level: h.level.map_or(0, |l| l as u8),
            span,
            text,
            id,
            explicit,
            deduplicated_from,
            id_unknowable,
            fragment: self.owner,
        });
    }

    /// The plain text of the heading at `span` (file offsets) with each shortcode in it
    /// replaced by what it renders, when every one is a `{{% %}}` shortcode whose output is
    /// known ([`crate::catalogue::Catalogue::text_of`]); Hugo puts that output in the Markdown
    /// before goldmark reads the heading.
    fn rendered_heading_text(&self, span: &Span) -> Option<String> {
        let mut line = String::new();
        let mut at = span.start;
        for sc in self
            .shortcodes
            .iter()
            .filter(|s| s.open.start < span.end && s.span().end > span.start)
        {
            if sc.delimiter != Delimiter::Percent || sc.close.is_some() || sc.open.start < at {
                return None;
            }
            let text = self.options.catalogue.text_of(sc, self.options.lang)?;
            line.push_str(&self.source[at..sc.open.start]);
            line.push_str(&text);
            at = sc.open.end;
        }
        line.push_str(&self.source[at..span.end]);
        let mut opts = Options::empty();
        if self.options.heading_attributes {
            opts |= Options::ENABLE_HEADING_ATTRIBUTES;
        }
        let mut events = Vec::new();
        let mut inside = false;
        for (event, range) in Parser::new_ext(&line, opts).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading { .. }) => inside = true,
                Event::End(TagEnd::Heading(_)) => break,
                e if inside => events.push((e, range)),
                _ => {}
            }
        }
        if !inside {
            return None;
        }
        let read = anchors::read_heading(
            &line,
            0..line.len(),
            &events,
            self.options.typographer,
            self.options.heading_attributes,
        );
        Some(read.text)
    }

    fn finish_link(&mut self, l: OpenLink, end: usize, defs: &Defs, facts: &mut Facts) {
        let m = &self.masked.text;
        let local_span = l.start..end;
        let dest_local = match l.link_type {
            LinkType::Inline => inline_dest_span(m, l.last.min(end)),
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => defs
                .get(&l.id.to_ascii_lowercase())
                .into_iter()
                .flatten()
                .find(|(label, _)| label.eq_ignore_ascii_case(&l.id) || *label == l.id)
                .and_then(|(_, r)| definition_dest_span(m, r.clone())),
            LinkType::Autolink | LinkType::Email => Some(l.start + 1..end.saturating_sub(1)),
            _ => None,
        };
        let Some(dest_local) = dest_local else { return };
        let dest_span = dest_local.start + self.base..dest_local.end + self.base;
        let span = local_span.start + self.base..local_span.end + self.base;
        if self.overlaps_shortcode(&dest_span) {
            // A shortcode in the destination: `ref`/`relref` are checked from the shortcode
            // itself; anything else is template output that cannot be known here.
            return;
        }
        let kind = match l.link_type {
            LinkType::Inline => LinkKind::Inline,
            LinkType::Autolink | LinkType::Email => LinkKind::Autolink,
            _ => LinkKind::Reference,
        };
        let dest = if l.link_type == LinkType::Email {
            format!("mailto:{}", l.dest)
        } else {
            l.dest
        };
        if l.image {
            let from = l.last.max(l.start + 2);
            let alt_end = m[from..end].find(']').map_or(from, |p| from + p);
            facts.images.push(Image {
                kind: ImageKind::Markdown,
                src: Some(dest),
                src_span: Some(dest_span),
                alt: Some(alt_text(&l.alt)),
                alt_span: Some(l.start + 2 + self.base..alt_end + self.base),
                span,
                shortcode: None,
            });
        } else {
            facts.links.push(Link {
                kind,
                dest,
                span,
                dest_span,
                shortcode: None,
                lang: None,
            });
        }
    }

    fn scan_html(&mut self, local: Range<usize>, facts: &mut Facts) {
        let base = self.base;
        for item in html::scan(&self.masked.text, local) {
            match item {
                Item::Comment(span, text) => facts.comments.push(HtmlComment {
                    span: span.start + base..span.end + base,
                    text,
                }),
                Item::Tag(tag) => self.html_tag(tag, facts),
            }
        }
    }

    fn html_tag(&mut self, tag: html::Tag, facts: &mut Facts) {
        let base = self.base;
        let span = tag.span.start + base..tag.span.end + base;
        let value = |a: &html::Attr| -> Option<(String, Span)> {
            let vs = a.value_span.start + base..a.value_span.end + base;
            if self.overlaps_shortcode(&vs) {
                return None;
            }
            a.value.clone().map(|v| (v, vs))
        };
        // Omitted raw HTML carries no IDs (its links and images are still worth checking: the
        // author meant them to work).
        let rendered = self.options.raw_html;
        if rendered && let Some((id, vs)) = tag.attr("id").and_then(value) {
            facts.html_anchors.push(HtmlAnchor {
                id,
                span: vs,
                kind: HtmlAnchorKind::Id,
            });
        }
        if rendered
            && tag.name == "a"
            && let Some((id, vs)) = tag.attr("name").and_then(value)
        {
            facts.html_anchors.push(HtmlAnchor {
                id,
                span: vs,
                kind: HtmlAnchorKind::Name,
            });
        }
        match tag.name.as_str() {
            "img" => {
                let src = tag.attr("src").and_then(value);
                let alt_attr = tag.attr("alt");
                // An alt written with a shortcode in it is alt text we cannot see: assume present.
                let alt = alt_attr.map(|a| match value(a) {
                    Some((v, _)) => v,
                    None if a.value.is_none() => String::new(),
                    None => "\u{fffd}".to_string(),
                });
                facts.images.push(Image {
                    kind: ImageKind::Html,
                    src: src.as_ref().map(|(v, _)| v.clone()),
                    src_span: src.map(|(_, s)| s),
                    alt,
                    alt_span: alt_attr.map(|a| a.value_span.start + base..a.value_span.end + base),
                    span,
                    shortcode: None,
                });
            }
            "a" | "area" => {
                if let Some((dest, dest_span)) = tag.attr("href").and_then(value) {
                    facts.links.push(Link {
                        kind: LinkKind::Html,
                        dest,
                        span,
                        dest_span,
                        shortcode: None,
                        lang: None,
                    });
                }
            }
            "source" | "video" | "audio" | "iframe" | "embed" | "track" => {
                if let Some((dest, dest_span)) = tag.attr("src").and_then(value) {
                    facts.links.push(Link {
                        kind: LinkKind::Html,
                        dest,
                        span,
                        dest_span,
                        shortcode: None,
                        lang: None,
                    });
                }
            }
            _ => {}
        }
    }
}

/// The plain text of an image's alt (all of it, line breaks as spaces).
fn alt_text(events: &[Event<'_>]) -> String {
    let mut out = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

fn trim_newline(text: &str, start: usize, mut end: usize) -> usize {
    let b = text.as_bytes();
    while end > start && matches!(b[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    end
}

/// The destination of an inline link, from `p` (the end of its text): `](`, optional
/// whitespace, then `<…>` or a run with balanced parentheses and backslash escapes.
fn inline_dest_span(src: &str, mut p: usize) -> Option<Span> {
    let b = src.as_bytes();
    while p < b.len() && b[p] != b']' {
        p += 1;
    }
    if b.get(p + 1) != Some(&b'(') {
        return None;
    }
    p += 2;
    while p < b.len() && b[p].is_ascii_whitespace() {
        p += 1;
    }
    if b.get(p) == Some(&b'<') {
        let s = p + 1;
        let e = memchr::memchr(b'>', &b[s..]).map_or(b.len(), |x| s + x);
        return Some(s..e);
    }
    let (s, mut depth) = (p, 0i32);
    while p < b.len() {
        match b[p] {
            b'\\' if p + 1 < b.len() => {
                p += 2;
                continue;
            }
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            c if c <= b' ' => break,
            _ => {}
        }
        p += 1;
    }
    Some(s..p.min(b.len()))
}

/// The destination inside a link reference definition `[label]: dest "title"`.
fn definition_dest_span(src: &str, def: Range<usize>) -> Option<Span> {
    let b = src.as_bytes();
    let end = def.end.min(b.len());
    let colon = memchr::memmem::find(&b[def.start..end], b"]:")? + def.start + 2;
    let mut p = colon;
    while p < end && b[p].is_ascii_whitespace() {
        p += 1;
    }
    if b.get(p) == Some(&b'<') {
        let s = p + 1;
        let e = memchr::memchr(b'>', &b[s..end]).map_or(end, |x| s + x);
        return Some(s..e);
    }
    let s = p;
    while p < end && !b[p].is_ascii_whitespace() {
        p += 1;
    }
    Some(s..p)
}

/// Images, links and refs carried by shortcode params, per the catalogue.
fn shortcode_facts(shortcodes: &[Shortcode], catalogue: &Catalogue, facts: &mut Facts) {
    fn get<'s>(sc: &'s Shortcode, name: &str) -> Option<&'s crate::document::ShortcodeParam> {
        match name.parse::<usize>() {
            Ok(i) => sc.positional(i),
            Err(_) => sc.param(name),
        }
    }
    for (i, sc) in shortcodes.iter().enumerate() {
        let Some(spec) = catalogue.get(&sc.name) else {
            continue;
        };
        if spec.is_ref
            && let Some(path) = sc.param("path").or_else(|| sc.positional(0))
        {
            {
                facts.links.push(Link {
                    kind: LinkKind::Ref,
                    dest: path.value.clone(),
                    span: sc.open.clone(),
                    dest_span: path.span.clone(),
                    shortcode: Some(i),
                    lang: sc.param("lang").map(|p| p.value.clone()),
                });
            }
        }
        if let Some(image) = &spec.image {
            let src = image.src.iter().find_map(|p| get(sc, p));
            // Templates read alt params with `with`/`or`: an empty value falls through to the
            // next one, and an empty last one means no alt attribute.
            let given: Vec<_> = image.alt.iter().filter_map(|p| get(sc, p)).collect();
            let alt = given
                .iter()
                .find(|p| !p.value.trim().is_empty())
                .or(given.first())
                .copied();
            // A template's own alt text when the call gives none (`default "…"`).
            let (alt_text, alt_span) = match (alt, &image.alt_default) {
                (Some(p), Some(d)) if p.value.trim().is_empty() => (Some(d.clone()), None),
                (Some(p), _) => (Some(p.value.clone()), Some(p.span.clone())),
                (None, Some(d)) => (Some(d.clone()), None),
                (None, None) => (None, None),
            };
            facts.images.push(Image {
                kind: ImageKind::Shortcode,
                src: src.map(|p| p.value.clone()),
                src_span: src.map(|p| p.span.clone()),
                alt: alt_text,
                alt_span,
                span: sc.open.clone(),
                shortcode: Some(i),
            });
        }
        for name in &spec.links {
            if let Some(p) = get(sc, name) {
                facts.links.push(Link {
                    kind: LinkKind::ShortcodeParam,
                    dest: p.value.clone(),
                    span: sc.open.clone(),
                    dest_span: p.span.clone(),
                    shortcode: Some(i),
                    lang: None,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::ShortcodeParam;

    /// A shortcode located by its tags' text (the lexer is tested on its own).
    fn sc(
        text: &str,
        name: &str,
        open: &str,
        close: Option<&str>,
        parent: Option<usize>,
    ) -> Shortcode {
        let o = text.find(open).unwrap();
        let c = close.map(|c| {
            let s = text[o..].find(c).unwrap() + o;
            s..s + c.len()
        });
        Shortcode {
            name: name.into(),
            name_span: o..o,
            delimiter: if open.starts_with("{{<") {
                Delimiter::Angle
            } else {
                Delimiter::Percent
            },
            open: o..o + open.len(),
            close: c,
            self_closed: false,
            params: Vec::new(),
            parent,
        }
    }

    fn facts(text: &str, shortcodes: &[Shortcode]) -> Facts {
        extract(text, 0, shortcodes, &ParseOptions::default())
    }

    #[test]
    fn headings_get_explicit_and_auto_ids() {
        let f = facts(
            "# Hello World\n\n## 用户的快速采用 {#rapid-adoption}\n\n## Hello World\n",
            &[],
        );
        let ids: Vec<_> = f.headings.iter().map(|h| h.id.clone().unwrap()).collect();
        assert_eq!(ids, ["hello-world", "rapid-adoption", "hello-world-1"]);
        assert_eq!(
            f.headings[2].deduplicated_from.as_deref(),
            Some("hello-world")
        );
        let t = "# Hello World\n\n## 用户的快速采用 {#rapid-adoption}\n";
        let f = facts(t, &[]);
        assert_eq!(
            &t[f.headings[1].explicit.clone().unwrap()],
            "{#rapid-adoption}"
        );
        assert_eq!(&t[f.headings[0].span.clone()], "# Hello World");
    }

    #[test]
    fn link_destination_spans() {
        let t = "See [a](docs/a.md#x \"t\"), [b][ref], <https://e.org/>, ![alt text](img/p.png).\n\n[ref]: <../b/>\n";
        let f = facts(t, &[]);
        let dests: Vec<_> = f
            .links
            .iter()
            .map(|l| (&t[l.dest_span.clone()], l.dest.as_str(), l.kind))
            .collect();
        assert_eq!(
            dests,
            [
                ("docs/a.md#x", "docs/a.md#x", LinkKind::Inline),
                ("../b/", "../b/", LinkKind::Reference),
                ("https://e.org/", "https://e.org/", LinkKind::Autolink)
            ]
        );
        let img = &f.images[0];
        assert_eq!(img.alt.as_deref(), Some("alt text"));
        assert_eq!(&t[img.alt_span.clone().unwrap()], "alt text");
        assert_eq!(&t[img.src_span.clone().unwrap()], "img/p.png");
    }

    #[test]
    fn nested_image_in_link() {
        let t = "[![logo](a.png)](https://x.org/)\n";
        let f = facts(t, &[]);
        assert_eq!(&t[f.links[0].dest_span.clone()], "https://x.org/");
        assert_eq!(&t[f.images[0].src_span.clone().unwrap()], "a.png");
    }

    #[test]
    fn raw_html_images_links_and_ids() {
        let t = "<div id=\"top\">\n<img src=\"a.png\">\n</div>\n\nText <a href=\"#top\" name=\"n\">x</a> <!-- hugolint-disable -->\n";
        let f = facts(t, &[]);
        assert_eq!(f.images[0].alt, None);
        assert_eq!(f.images[0].kind, ImageKind::Html);
        assert_eq!(f.links[0].dest, "#top");
        let ids: Vec<_> = f.html_anchors.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["top", "n"]);
        assert_eq!(f.comments[0].text, "hugolint-disable");
    }

    #[test]
    fn code_is_not_html() {
        let t = "```html\n<img src=\"a.png\">\n# not a heading\n```\n\n`<img src=x>`\n";
        let f = facts(t, &[]);
        assert!(f.images.is_empty() && f.headings.is_empty());
    }

    #[test]
    fn angle_shortcode_inner_markdown_is_its_own_fragment() {
        let t = "## Setup\n\n{{< tip >}}\n## Setup\n[x](y.md)\n{{< /tip >}}\n\n## Setup\n";
        let s = [sc(t, "tip", "{{< tip >}}", Some("{{< /tip >}}"), None)];
        let f = facts(t, &s);
        let hs: Vec<_> = f
            .headings
            .iter()
            .map(|h| (h.id.clone().unwrap(), h.fragment))
            .collect();
        // The fragment has its own ID space: its heading is `setup` again, and the page's second
        // heading is `setup-1` (the fragment took no part in the page's de-duplication).
        assert_eq!(
            hs,
            [
                ("setup".into(), None),
                ("setup".into(), Some(0)),
                ("setup-1".into(), None)
            ]
        );
        assert_eq!(f.links[0].dest, "y.md");
    }

    #[test]
    fn code_shortcode_inner_is_never_markdown() {
        let t = "{{< text bash >}}\n# comment\n[x](y)\n{{< /text >}}\n";
        let s = [sc(
            t,
            "text",
            "{{< text bash >}}",
            Some("{{< /text >}}"),
            None,
        )];
        let f = facts(t, &s);
        assert!(f.headings.is_empty() && f.links.is_empty());
    }

    #[test]
    fn percent_shortcode_inner_is_page_markdown() {
        let t = "## A\n\n{{% note %}}\n## A\n{{% /note %}}\n";
        let s = [sc(t, "note", "{{% note %}}", Some("{{% /note %}}"), None)];
        let f = facts(t, &s);
        let ids: Vec<_> = f.headings.iter().map(|h| h.id.clone().unwrap()).collect();
        assert_eq!(ids, ["a", "a-1"]);
    }

    #[test]
    fn shortcode_in_heading_makes_the_id_unknowable() {
        let t = "## Version {{< version >}}\n";
        let s = [sc(t, "version", "{{< version >}}", None, None)];
        let f = facts(t, &s);
        assert!(f.headings[0].id_unknowable);
        assert_eq!(f.headings[0].id, None);
    }

    #[test]
    fn ref_shortcode_in_link_destination_is_a_ref() {
        let t = "[x]({{< relref \"docs/a.md#b\" >}})\n";
        let mut r = sc(t, "relref", "{{< relref \"docs/a.md#b\" >}}", None, None);
        let v = t.find("\"docs").unwrap();
        r.params.push(ShortcodeParam {
            name: None,
            value: "docs/a.md#b".into(),
            span: v..v + 13,
        });
        let f = facts(t, &[r]);
        assert_eq!(f.links.len(), 1);
        assert_eq!(f.links[0].kind, LinkKind::Ref);
        assert_eq!(f.links[0].dest, "docs/a.md#b");
    }

    #[test]
    fn image_shortcode_alt_fallback() {
        let t = "{{< image link=\"a.png\" caption=\"A cat\" >}}\n";
        let mut s = sc(
            t,
            "image",
            "{{< image link=\"a.png\" caption=\"A cat\" >}}",
            None,
            None,
        );
        s.params.push(ShortcodeParam {
            name: Some("link".into()),
            value: "a.png".into(),
            span: 0..0,
        });
        s.params.push(ShortcodeParam {
            name: Some("caption".into()),
            value: "A cat".into(),
            span: 0..0,
        });
        let f = facts(t, &[s]);
        assert_eq!(f.images[0].alt.as_deref(), Some("A cat"));
        assert_eq!(f.images[0].src.as_deref(), Some("a.png"));
    }

    /// Hugo-flavoured Markdown from pieces that exercise the mask: both delimiters, nesting,
    /// inner text of every kind, comments, unclosed tags, multi-byte text and every line ending.
    fn hugo_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("{{< quote >}}".to_string()),
            Just("{{< /quote >}}".to_string()),
            Just("{{% note %}}".to_string()),
            Just("{{% /note %}}".to_string()),
            Just("{{< highlight go >}}x := 1{{< /highlight >}}".to_string()),
            Just("{{< mermaid >}}".to_string()),
            Just("{{< /mermaid >}}".to_string()),
            Just("{{< image link=\"./a.png\" alt=\"é\" >}}".to_string()),
            Just("{{</* quote */>}}".to_string()),
            Just("{{< relref \"x.md#y\" >}}".to_string()),
            Just("{{<".to_string()),
            Just(">}}".to_string()),
            Just("## 用户 {#id}".to_string()),
            Just("😀".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\r".to_string()),
            Just("> ".to_string()),
            Just("```\n".to_string()),
            "[a-z ]{0,6}".prop_map(|s| s),
        ];
        proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #[test]
        fn masking_keeps_length_and_the_text_around_shortcodes(text in hugo_text()) {
            let catalogue = Catalogue::builtin();
            let lexed = crate::syntax::shortcode::scan(&text, 0, catalogue);
            let top: Vec<usize> = (0..lexed.shortcodes.len())
                .filter(|&i| lexed.shortcodes[i].parent.is_none())
                .collect();
            let masked = mask_region(&text, &(0..text.len()), &top, &lexed.shortcodes, catalogue);
            proptest::prop_assert_eq!(masked.text.len(), text.len());
            let covered = |i: usize| masked.shortcode_spans.iter().any(|s| s.contains(&i));
            for (i, (a, b)) in text.bytes().zip(masked.text.bytes()).enumerate() {
                if !covered(i) {
                    proptest::prop_assert_eq!(b, a, "byte {} outside every shortcode changed", i);
                } else {
                    // A `{{< >}}` becomes one word-like run, as Hugo's placeholder does (its
                    // line breaks go too); a `{{% %}}` tag becomes blanks and keeps its lines.
                    proptest::prop_assert!(
                        b == b'x' || b == b' ' || (b == a && (a == b'\n' || a == b'\r')),
                        "byte {} masked as {:?}", i, b as char
                    );
                }
            }
        }
    }
}
