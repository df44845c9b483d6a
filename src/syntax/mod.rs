//! The tokenizer: the bytes of one file → a [`Document`].
//!
//! One read, one pass per stage: front matter is split off ([`front_matter`]), shortcodes are
//! lexed and paired ([`shortcode`]), the body is masked the way Hugo hands it to goldmark and
//! parsed once with pulldown-cmark ([`markdown`]), and headings get their IDs ([`anchors`]).

pub mod anchors;
pub mod front_matter;
pub mod html;
pub mod markdown;
pub mod shortcode;
pub(crate) mod unicode;

use std::sync::Arc;

use crate::catalogue::Catalogue;
use crate::document::Document;
pub use anchors::{AutoIdType, HUGO_TYPOGRAPHER, Typographer};

/// What the site's configuration changes about how a page is read.
#[derive(Debug, Clone)]
pub struct ParseOptions<'a> {
    /// `markup.goldmark.parser.autoIDType`.
    pub auto_id_type: AutoIdType,
    /// `markup.goldmark.parser.autoHeadingID`.
    pub auto_heading_id: bool,
    /// `markup.goldmark.parser.attribute.title`: `{#id}` after headings.
    pub heading_attributes: bool,
    /// `markup.goldmark.extensions.typographer`: its substitutions, `None` when disabled.
    pub typographer: Option<&'a Typographer>,
    /// `markup.goldmark.parser.autoDefinitionTermID`: definition terms get IDs too.
    pub definition_term_ids: bool,
    /// `markup.goldmark.renderer.unsafe`: raw HTML in Markdown reaches the page. When it does
    /// not, goldmark omits it, and the IDs it would carry do not exist.
    pub raw_html: bool,
    pub catalogue: &'a Catalogue,
    /// The page's language, for the text a shortcode in a heading renders (`i18n`).
    pub lang: Option<&'a str>,
}

impl Default for ParseOptions<'static> {
    fn default() -> Self {
        ParseOptions {
            auto_id_type: AutoIdType::Github,
            auto_heading_id: true,
            heading_attributes: true,
            typographer: Some(&HUGO_TYPOGRAPHER),
            definition_term_ids: false,
            raw_html: true,
            catalogue: Catalogue::builtin(),
            lang: None,
        }
    }
}

/// Tokenize one file. Never fails: what does not parse becomes a `SyntaxProblem`.
pub fn parse(text: &str, options: &ParseOptions) -> Document {
    parse_split(Arc::from(text), front_matter::split(text), options)
}

/// [`parse`] of a file whose front matter is already split off (a whole-site run reads every
/// page's front matter first: the site index needs it while the bodies are tokenized).
pub fn parse_split(
    source: Arc<str>,
    split: front_matter::Split,
    options: &ParseOptions,
) -> Document {
    let text = &*source;
    let mut problems = split.problems;
    let lexed = shortcode::scan(text, split.body_start, options.catalogue);
    problems.extend(lexed.problems);
    let facts = markdown::extract(text, split.body_start, &lexed.shortcodes, options);
    if let Some(sc) = facts.unread_inner.and_then(|i| lexed.shortcodes.get(i)) {
        problems.push(crate::document::SyntaxProblem {
            kind: crate::document::ProblemKind::Shortcode,
            span: sc.open.clone(),
            message: "shortcodes nested too deep to check: the inner text of this one and of those inside it is not read".into(),
            labels: Vec::new(),
            help: Some(format!(
                "hugolint reads at most {} MB of nested inner text for this page (8 times its size and 1 MB); links, images and headings in there are not checked",
                markdown::inner_budget(text.len() - split.body_start) >> 20
            )),
            build_ok: true,
        });
    }
    problems.sort_by_key(|p| (p.span.start, p.span.end));
    Document {
        source,
        lines: Default::default(),
        front_matter: split.front_matter,
        body_start: split.body_start,
        shortcodes: lexed.shortcodes,
        headings: facts.headings,
        links: facts.links,
        images: facts.images,
        html_anchors: facts.html_anchors,
        problems,
        comments: facts.comments,
    }
}
