//! The facts of one page, each with its byte span in the original file.
//!
//! A `Document` is built once by [`crate::syntax::parse`] and never changed afterwards. Rules read
//! it; they never see the raw bytes' structure or the file system. Every `Span` is a byte range
//! into [`Document::source`], the whole file as read (front matter included), so a diagnostic can
//! always point at the exact text.

use std::ops::Range;
use std::sync::Arc;

/// A byte range into the original file.
pub type Span = Range<usize>;

/// One Markdown file, tokenized.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The whole file as read.
    pub source: Arc<str>,
    /// Line starts, for line/column conversion: counted when first asked for (most pages of a
    /// site have no finding, and then need no line numbers).
    pub(crate) lines: std::sync::OnceLock<LineIndex>,
    /// The front matter block, when the file has one (even one that does not parse).
    pub front_matter: Option<FrontMatter>,
    /// Where the Markdown body starts (after front matter and a BOM).
    pub body_start: usize,
    /// Every shortcode tag pair, in source order of the opening tag; nested ones point at their
    /// parent.
    pub shortcodes: Vec<Shortcode>,
    /// Headings in document order, from the page and from Markdown rendered inside shortcodes.
    pub headings: Vec<Heading>,
    /// Links: Markdown, HTML `<a href>`, and shortcode params that are links.
    pub links: Vec<Link>,
    /// Images: Markdown, HTML `<img>`, and image shortcodes.
    pub images: Vec<Image>,
    /// `id=` / `name=` attributes written in raw HTML, and footnote anchors.
    pub html_anchors: Vec<HtmlAnchor>,
    /// Syntax errors found while tokenizing (front matter, shortcodes), in source order.
    pub problems: Vec<SyntaxProblem>,
    /// The HTML comments of the page (suppressions among them), in source order.
    pub comments: Vec<HtmlComment>,
}

impl Document {
    /// The page's line starts.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.source))
    }

    /// The page's line starts, taken out of the page (its report keeps them).
    pub fn take_lines(&mut self) -> LineIndex {
        self.lines
            .take()
            .unwrap_or_else(|| LineIndex::new(&self.source))
    }

    /// The text of a span.
    pub fn text(&self, span: &Span) -> &str {
        &self.source[span.clone()]
    }

    /// Every ID the rendered page carries, with where it comes from, in document order.
    pub fn anchors(&self) -> impl Iterator<Item = (&str, &Span)> {
        let headings = self
            .headings
            .iter()
            .filter_map(|h| h.id.as_deref().map(|id| (id, &h.span)));
        let html = self.html_anchors.iter().map(|a| (a.id.as_str(), &a.span));
        headings.chain(html)
    }

    /// A test of whether a span lies inside an HTML comment as goldmark reads the page (block or
    /// inline): its text is never shown, a link there is never followed. Built once per use in
    /// time linear in the page's comments; each question is then logarithmic.
    pub fn in_comment(&self) -> impl Fn(&Span) -> bool + '_ {
        // Comments from the inner text of a shortcode may lie inside one of the page's: the
        // furthest end reached by any comment so far answers for all of them.
        let reach: Vec<usize> = self
            .comments
            .iter()
            .scan(0, |end, c| {
                *end = c.span.end.max(*end);
                Some(*end)
            })
            .collect();
        move |span: &Span| {
            let before = self.comments.partition_point(|c| c.span.start < span.start);
            before > 0 && reach[before - 1] >= span.end
        }
    }

    /// The shortcode a byte offset lies in (innermost), if any.
    pub fn shortcode_at(&self, offset: usize) -> Option<usize> {
        self.shortcodes
            .iter()
            .enumerate()
            .filter(|(_, s)| s.span().contains(&offset))
            .max_by_key(|(_, s)| s.open.start)
            .map(|(i, _)| i)
    }
}

/// Line starts of a text, for converting byte offsets to 1-based lines and columns. Lines end
/// as CommonMark (and so Hugo) and LSP editors end them: at `\n`, `\r\n` or a lone `\r`, so a
/// finding has the same line in every report and in the editor.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        // One pass; a guess at the capacity (Markdown lines average 40 bytes or more) saves most
        // of the regrowth without a counting pass first.
        let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
        starts.push(0);
        starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
                .map(|i| i + 1),
        );
        LineIndex { starts }
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Byte offset where a 0-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(usize::MAX)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and 1-based column in characters (Unicode scalar values).
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        (line + 1, text[start..offset].chars().count() + 1)
    }

    /// 0-based line and 0-based column in UTF-16 code units (LSP, SARIF).
    pub fn line_col_utf16(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        (line, text[start..offset].encode_utf16().count())
    }
}

/// The largest char boundary not after `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

// ---------------------------------------------------------------------------------------------
// Front matter

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterFormat {
    Yaml,
    Toml,
    Json,
}

/// A front matter block at the start of the file.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    pub format: FrontMatterFormat,
    /// The whole block, delimiters included.
    pub span: Span,
    /// The text between the delimiters (for JSON, the object itself).
    pub content: Span,
    /// The keys hugolint needs, read when the block parses (defaults otherwise).
    pub meta: PageMeta,
    /// Whether the block parsed; when it did not, a `SyntaxProblem` of kind `FrontMatter` says why.
    pub valid: bool,
}

/// The front matter keys that decide a page's URL and whether it is published. Keys are matched
/// case-insensitively, as Hugo does.
// Serialized for the front matter cache only: absent fields are their defaults.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PageMeta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// Legacy `headless: true` (= build.render never, build.list never).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub headless: bool,
    /// `build.render`: `always` (default), `link`, `never`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build_render: Option<String>,
    /// `build.list`: `always` (default), `local`, `never`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build_list: Option<String>,
    /// `build.publishResources` (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publish_resources: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation_key: Option<String>,
    /// `type` front matter key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
    /// `date`, `publishDate`, `expiryDate` as written (for date permalink tokens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publish_date: Option<String>,
    /// `lastmod` (or `modified`): a page's date when it has neither `date` nor `publishDate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lastmod: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<String>,
    /// `outputs`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outputs: Option<Vec<String>>,
    /// `cascade` entries that set `build.render` (or `headless`) for the pages below this one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cascade: Vec<CascadeRender>,
    /// Lists of `{from, to}` maps, by key (`redirects: [{from: old, to: new}]`, top level or under
    /// `params`): a site's template may make redirects of them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub from_to: Vec<FromTo>,
}

/// One `{from, to}` entry of a front matter list (see [`PageMeta::from_to`]).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct FromTo {
    /// The list's key, lower-cased (`redirects`).
    pub key: String,
    pub from: String,
    pub to: String,
}

/// A front matter `cascade` entry, reduced to whether the pages it reaches are rendered.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct CascadeRender {
    /// `build.render` (`never`, `link`, `always`).
    pub render: String,
    /// `target.path` (a Hugo glob), `target.kind`, `target.lang`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Shortcodes

/// `{{< >}}` or `{{% %}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    /// `{{< … >}}`: Hugo puts one placeholder word in the Markdown for the whole shortcode.
    Angle,
    /// `{{% … %}}`: Hugo puts the shortcode's output into the Markdown before it is parsed.
    Percent,
}

impl Delimiter {
    pub fn open(self) -> &'static str {
        match self {
            Delimiter::Angle => "{{<",
            Delimiter::Percent => "{{%",
        }
    }
    pub fn close(self) -> &'static str {
        match self {
            Delimiter::Angle => ">}}",
            Delimiter::Percent => "%}}",
        }
    }
}

/// One parameter of a shortcode tag.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortcodeParam {
    /// `Some("alt")` for `alt="…"`, `None` for a positional parameter.
    pub name: Option<String>,
    /// The value with quotes removed and escapes applied, as Hugo passes it to the template.
    pub value: String,
    /// The value as written, quotes included.
    pub span: Span,
}

/// A shortcode: its opening tag, and its closing tag when it is paired.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortcode {
    /// The name as written (`figure`, `media/audio`, `x.inline`).
    pub name: String,
    pub name_span: Span,
    /// The delimiter of the opening tag, which decides how Hugo renders the pair.
    pub delimiter: Delimiter,
    /// The opening tag, delimiters included.
    pub open: Span,
    /// The closing tag (`{{< /name >}}`), when the shortcode is paired and closed.
    pub close: Option<Span>,
    /// `{{< name />}}`.
    pub self_closed: bool,
    pub params: Vec<ShortcodeParam>,
    /// Index of the enclosing shortcode in `Document::shortcodes`.
    pub parent: Option<usize>,
}

impl Shortcode {
    /// From the opening tag's `{{` to the closing tag's `}}`.
    pub fn span(&self) -> Span {
        self.open.start..self.close.as_ref().map_or(self.open.end, |c| c.end)
    }

    /// The text between the tags, for a closed pair.
    pub fn inner(&self) -> Option<Span> {
        self.close.as_ref().map(|c| self.open.end..c.start)
    }

    /// A named parameter's value (names compare case-insensitively, as Hugo's `.Get` does not,
    /// but authors are inconsistent and templates usually read one spelling).
    pub fn param(&self, name: &str) -> Option<&ShortcodeParam> {
        self.params.iter().find(|p| p.name.as_deref() == Some(name))
    }

    /// The `i`-th positional parameter.
    pub fn positional(&self, i: usize) -> Option<&ShortcodeParam> {
        self.params.iter().filter(|p| p.name.is_none()).nth(i)
    }

    /// Whether the name ends in `.inline`.
    pub fn is_inline(&self) -> bool {
        self.name.ends_with(".inline")
    }
}

// ---------------------------------------------------------------------------------------------
// Headings and anchors

/// A heading, with the `id` Hugo gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 1–6; 0 for a definition-list term that gets an ID (`autoDefinitionTermID`).
    pub level: u8,
    /// The whole heading (for ATX, the line; for setext, text and underline).
    pub span: Span,
    /// The plain text the automatic ID is computed from (Hugo's `TextPlain`).
    pub text: String,
    /// The `id` attribute in the rendered HTML; `None` when Hugo renders none (empty heading,
    /// `autoHeadingID = false`).
    pub id: Option<String>,
    /// Where the explicit `{#id}` is written, when there is one.
    pub explicit: Option<Span>,
    /// For an automatic ID that got a `-N` suffix: the ID it would have had.
    pub deduplicated_from: Option<String>,
    /// The heading contains a `{{< >}}` shortcode, whose placeholder leaks into the automatic ID:
    /// the real ID cannot be known before the build (hugo#8962).
    pub id_unknowable: bool,
    /// The shortcode whose inner Markdown this heading is rendered from (a separate ID space);
    /// `None` for the page's own Markdown.
    pub fragment: Option<usize>,
}

/// An `id` (or `<a name>`) written in raw HTML, or a footnote's anchor.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlAnchor {
    pub id: String,
    pub span: Span,
    pub kind: HtmlAnchorKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HtmlAnchorKind {
    /// `id="…"` on any HTML element.
    Id,
    /// `<a name="…">`.
    Name,
    /// `fn:N` / `fnref:N` generated for footnotes.
    Footnote,
}

// ---------------------------------------------------------------------------------------------
// Links and images

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](dest)`
    Inline,
    /// `[text][label]` or `[label]` resolved through a definition.
    Reference,
    /// `<https://…>`
    Autolink,
    /// `<a href="…">` in raw HTML.
    Html,
    /// A shortcode parameter the catalogue marks as a link (e.g. `figure`'s `link`).
    ShortcodeParam,
    /// `{{< ref "…" >}}` / `{{< relref "…" >}}`: looked up as a page path, not a URL.
    Ref,
}

/// A link somewhere in the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub kind: LinkKind,
    /// The destination as Hugo sees it (escapes applied). For a link whose destination is a
    /// `ref`/`relref` shortcode, this is the shortcode's path argument and `kind` is `Ref`.
    pub dest: String,
    /// The whole construct.
    pub span: Span,
    /// The destination as written.
    pub dest_span: Span,
    /// The shortcode this link comes from (param or ref), if any.
    pub shortcode: Option<usize>,
    /// For `ref`/`relref` with a `lang` argument.
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    /// `![alt](src)` or `![alt][ref]`.
    Markdown,
    /// `<img …>` in raw HTML.
    Html,
    /// An image shortcode from the catalogue (`figure`, `image`, …).
    Shortcode,
}

/// An image somewhere in the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub kind: ImageKind,
    /// The source as Hugo sees it, when given.
    pub src: Option<String>,
    pub src_span: Option<Span>,
    /// The alt text that ends up in the HTML: `None` when there is no `alt` attribute at all. For a
    /// shortcode, the first of its alt params (in the catalogue's fallback order) that is given.
    pub alt: Option<String>,
    /// Where that alt text is written (for Markdown, the text between `![` and `]`).
    pub alt_span: Option<Span>,
    /// The whole construct (tag, shortcode, or `![…](…)`).
    pub span: Span,
    pub shortcode: Option<usize>,
}

// ---------------------------------------------------------------------------------------------
// Problems and comments

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    FrontMatter,
    Shortcode,
}

/// A syntax error that would stop Hugo's build.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxProblem {
    pub kind: ProblemKind,
    pub span: Span,
    /// In Hugo's own wording where Hugo has one.
    pub message: String,
    /// Secondary labels: (span, text).
    pub labels: Vec<(Span, String)>,
    pub help: Option<String>,
    /// Hugo builds the page anyway, but the source is misleading (reported as a warning).
    pub build_ok: bool,
}

/// An HTML comment in the Markdown (outside code), as goldmark reads it: for suppressions, and
/// for what the page never shows.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlComment {
    pub span: Span,
    /// The text between `<!--` and `-->`, trimmed.
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        let text = "a\r\nb\rc\nd\r";
        let lines = LineIndex::new(text);
        assert_eq!(lines.line_count(), 5);
        assert_eq!(lines.line_col(text, 0), (1, 1));
        assert_eq!(
            lines.line_col(text, 1),
            (1, 2),
            "the \\r of \\r\\n is on its line"
        );
        assert_eq!(lines.line_col(text, 3), (2, 1));
        assert_eq!(lines.line_col(text, 5), (3, 1));
        assert_eq!(lines.line_col(text, 7), (4, 1));
        assert_eq!(lines.line_col(text, text.len()), (5, 1));
    }

    #[test]
    fn utf16_columns_count_units_not_characters() {
        // LSP and SARIF positions: the emoji is two UTF-16 units, after a lone-CR line end.
        let text = "a\rb\n😀x";
        let lines = LineIndex::new(text);
        assert_eq!(lines.line_col_utf16(text, 2), (1, 0));
        assert_eq!(lines.line_col_utf16(text, text.len()), (2, 3));
    }
}
