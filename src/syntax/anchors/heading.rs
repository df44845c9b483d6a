//! Reading one heading: its last content line as goldmark cuts it (ATX markers, closing `#`s,
//! the setext line), the attribute block at its end, and the text its automatic ID is made from.

use std::ops::Range;

use pulldown_cmark::Event;

use super::attributes::last_line_attributes;
use super::events::{clamp, items_from_events, items_from_ranged, synthesize_source};
use super::inline::text_plain;
use super::typographer::Typographer;
use crate::syntax::unicode::is_goldmark_space;

/// What Hugo reads from one heading.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeadingSource {
    /// The text the automatic ID is computed from: `TextPlain` of the heading, and for a setext
    /// heading over several lines only what follows the last line break.
    pub text: String,
    /// The `id` of a goldmark attribute block (`{#id}`, `{id="…"}`) at the end of the heading's
    /// last line. `Some("")` for `{#}`: Hugo renders `id=""`.
    pub explicit_id: Option<String>,
    /// Where the attribute block (`{` to `}`) is written, when there is one, with or without id.
    pub attributes_span: Option<Range<usize>>,
}

/// Read one heading the way Hugo does.
///
/// - `source`: the text pulldown-cmark parsed (offsets in `heading` and `events` point into it);
/// - `heading`: the range of pulldown's `Start(Heading)` event;
/// - `events`: the events between `Start(Heading)` and `End(Heading)`, with their ranges;
/// - `typographer`: goldmark's typographer extension with its substitutions, `None` when off;
/// - `attributes`: `markup.goldmark.parser.attribute.title` (Hugo's default: on).
///
/// The attribute block is found with goldmark's rules, not pulldown's: `{#a/b}`, `\{#x}` and
/// `{#x bad=}` are heading text; `{#}` is an empty id; `{id="x"}` is `x`; an attribute block
/// followed by closing `#`s is text.
pub fn read_heading(
    source: &str,
    heading: Range<usize>,
    events: &[(Event<'_>, Range<usize>)],
    typographer: Option<&Typographer>,
    attributes: bool,
) -> HeadingSource {
    read_heading_with(source, heading, events, typographer, attributes, true)
}

/// [`read_heading`]; `as_written` off walks even text that [`plain_as_written`] takes as it is
/// (for the test that holds the two together).
fn read_heading_with(
    source: &str,
    heading: Range<usize>,
    events: &[(Event<'_>, Range<usize>)],
    typographer: Option<&Typographer>,
    attributes: bool,
    as_written: bool,
) -> HeadingSource {
    let heading = clamp(source, heading);
    // Ranges from a parse of `source` itself are already on its character boundaries; only
    // others (tests, fuzzing) need a clamped copy.
    let clamped: Vec<(Event<'_>, Range<usize>)>;
    let events = if events.iter().all(|(_, r)| clamp(source, r.clone()) == *r) {
        events
    } else {
        clamped = events
            .iter()
            .map(|(e, r)| (e.clone(), clamp(source, r.clone())))
            .collect();
        &clamped
    };
    let Some(line) = content_line(source, &heading, events) else {
        return HeadingSource::default();
    };
    let mut content_end = line.end;
    let mut explicit_id = None;
    let mut attributes_span = None;
    if attributes && let Some(block) = last_line_attributes(source, line.range()) {
        content_end = trim_end_at(source, line.start, block.span.start);
        explicit_id = block.id;
        attributes_span = Some(block.span);
    }
    if line.atx {
        content_end = atx_closing_sequence(source, line.start, content_end);
    }
    let content_start = events
        .iter()
        .map(|(_, r)| r.start)
        .min()
        .unwrap_or(line.start)
        .min(line.start);
    let content = content_start..content_end.max(content_start);
    let text = match plain_as_written(source, &content).filter(|_| as_written) {
        Some(text) => text.to_string(),
        None => {
            let items = items_from_ranged(source, events, &content);
            let multi_line = source[content.clone()].contains('\n');
            text_plain(source, &content, &items, typographer, multi_line)
        }
    };
    HeadingSource {
        text,
        explicit_id,
        attributes_span,
    }
}

/// Heading text that goldmark's inline parsers and typographer all leave as written: one line
/// of letters, digits, spaces and punctuation that starts nothing (no emphasis, code, link,
/// autolinked URL or e-mail, HTML, entity, escape, attribute block, dash or ellipsis), not
/// preceded by an escape. Most headings are such text; their `TextPlain` is the text itself,
/// without the inline walk (a differential test holds this against the walk).
fn plain_as_written<'s>(source: &'s str, content: &Range<usize>) -> Option<&'s str> {
    let text = &source[content.clone()];
    let inert = |b: u8| {
        b.is_ascii_alphanumeric()
            || b >= 0x80
            || matches!(
                b,
                b' ' | b',' | b':' | b';' | b'?' | b'/' | b'(' | b')' | b'+' | b'='
            )
            || matches!(b, b'.' | b'-' | b'#' | b'%' | b'!')
    };
    let plain = !text.is_empty()
        && text.bytes().all(inert)
        && !text.contains("--")
        && !text.contains("..")
        && !text.contains("://")
        && !text.contains("www.")
        && !text.ends_with(' ');
    // What precedes the text on its line is the ATX marker or indentation, never an escape
    // (a setext line starts at its first text event).
    let opens_line =
        content.start == 0 || matches!(source.as_bytes()[content.start - 1], b' ' | b'\t' | b'\n');
    (plain && opens_line).then_some(text)
}

/// Hugo's `TextPlain` of a heading from its inline events alone (the events between
/// `Start(Heading)` and `End(Heading)`, exclusive), for a setext heading over several lines only
/// the last line.
///
/// Without the source, a character written as an escape (`\*`) or a numeric reference
/// (`&#42;`) cannot be told from the character itself: an escaped character is assumed where
/// pulldown starts a new text event with ASCII punctuation, and numeric references are taken
/// as decoded (goldmark keeps them as written, so `&#35;` feeds `35` into the ID). Use
/// [`read_heading`] when the source is at hand.
pub fn plain_text(events: &[Event<'_>], typographer: Option<&Typographer>) -> String {
    let (source, ranged) = synthesize_source(events);
    let content = 0..source.len();
    let items = items_from_events(&source, &ranged, &content, true);
    let multi_line = events
        .iter()
        .any(|e| matches!(e, Event::SoftBreak | Event::HardBreak));
    text_plain(&source, &content, &items, typographer, multi_line)
}

/// The last line of a heading's content, as goldmark gives it to the attribute parser.
struct ContentLine {
    start: usize,
    end: usize,
    atx: bool,
}

impl ContentLine {
    fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

fn content_line(
    source: &str,
    heading: &Range<usize>,
    events: &[(Event<'_>, Range<usize>)],
) -> Option<ContentLine> {
    let bytes = source.as_bytes();
    let text = &source[heading.clone()];
    let lead = text.len() - text.trim_start_matches([' ', '\t']).len();
    let start = heading.start + lead;
    let hashes = bytes[start..heading.end]
        .iter()
        .take_while(|&&b| b == b'#')
        .count();
    let after = bytes.get(start + hashes).copied();
    if (1..=6).contains(&hashes)
        && (start + hashes >= heading.end || matches!(after, Some(b' ' | b'\t' | b'\n' | b'\r')))
    {
        // ATX: after the opening `#`s and the blanks that follow, to the end of the line.
        let mut p = start + hashes;
        let line_end = memchr_line_end(source, p, heading.end);
        while p < line_end && matches!(bytes[p], b' ' | b'\t') {
            p += 1;
        }
        let end = trim_end_at(source, p, line_end);
        return Some(ContentLine {
            start: p,
            end,
            atx: true,
        });
    }
    // Setext: the line before the underline. Offsets of the inline events locate it.
    let last = events.iter().map(|(_, r)| r.end).max()?;
    let last = last.min(heading.end);
    let line_start = source[..last].rfind('\n').map_or(heading.start, |i| i + 1);
    let line_start = line_start.max(heading.start);
    let line_end = memchr_line_end(source, last, heading.end);
    let first_event_on_line = events
        .iter()
        .map(|(_, r)| r.start)
        .filter(|&s| s >= line_start)
        .min()
        .unwrap_or(line_start);
    Some(ContentLine {
        start: first_event_on_line,
        end: trim_end_at(source, first_event_on_line, line_end),
        atx: false,
    })
}

/// The end of the line that `from` is on (the offset of `\n`/`\r`), at most `limit`.
fn memchr_line_end(source: &str, from: usize, limit: usize) -> usize {
    let limit = limit.min(source.len());
    let from = from.min(limit);
    source.as_bytes()[from..limit]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(limit, |i| from + i)
}

/// `end` moved back over goldmark's blanks (space, tab, newline, vertical tab, form feed, CR), not
/// before `start`.
fn trim_end_at(source: &str, start: usize, end: usize) -> usize {
    let bytes = source.as_bytes();
    let mut end = end;
    while end > start && is_goldmark_space(bytes[end - 1]) {
        end -= 1;
    }
    end
}

/// goldmark's ATX closing sequence: trailing `#`s preceded by a blank are not content; a line
/// of only `#`s is an empty heading.
fn atx_closing_sequence(source: &str, start: usize, end: usize) -> usize {
    let line = &source.as_bytes()[start..end];
    if line.is_empty() {
        return end;
    }
    let mut i = line.len() - 1;
    while line[i] == b'#' && i > 0 {
        i -= 1;
    }
    if i == 0 && line[0] == b'#' {
        return start;
    }
    if i != line.len() - 1 && is_goldmark_space(line[i]) {
        return trim_end_at(source, start, start + i);
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::anchors::testing::{headings, id, ids_with, some};
    use crate::syntax::anchors::{AutoIdType, HUGO_TYPOGRAPHER};

    // HUGO-SPEC §4.6 rows 17–42 (those that are a function of the heading alone), and the
    // quirks of goldmark's nodes, each checked with Hugo 0.168.
    #[test]
    fn spec_example_table() {
        assert_eq!(id("## Section 1.1"), some("section-11"));
        assert_eq!(id("## Some `inline` code"), some("some-inline-code"));
        assert_eq!(
            id("## Something to escape A < B && C > B"),
            some("something-to-escape-a--b--c--b")
        );
        assert_eq!(id("## Some <span>raw</span> HTML"), some("some-raw-html"));
        assert_eq!(
            id("## Some \"typographer\" markup"),
            some("some-typographer-markup")
        );
        assert_eq!(id("## A :snake: emoji"), some("a-snake-emoji"));
        assert_eq!(id("## A [link](https://example.org)"), some("a-link"));
        assert_eq!(id("## H~2~O"), some("h2o"));
        assert_eq!(
            id("## Example [hyperlink](https://example.com/) in a header"),
            some("example-hyperlink-in-a-header")
        );
        assert_eq!(
            id("## Hello **bold *nested* text** world"),
            some("hello-bold--world")
        );
        assert_eq!(id("## [Hugo *docs* site](/x)"), some("hugo"));
        assert_eq!(id("## An image ![kitten](a.jpg)"), some("an-image-kitten"));
        assert_eq!(
            ids_with("## !!!\n\n## !!!\n", AutoIdType::Github),
            [some("heading"), some("heading-1")]
        );
        assert_eq!(id("#"), None);
        assert_eq!(id("## Ünïcödé ½ ² x³ Straße"), some("ünïcödé---x-straße"));
        assert_eq!(id("## Hindi हिन्दी"), some("hindi-हनद"));
        assert_eq!(id("## 中文标题 with `code`"), some("中文标题-with-code"));
        assert_eq!(id("## 你好 世界"), some("你好-世界"));
        assert_eq!(id("## A &amp; B &copy; C"), some("a--b--c"));
        assert_eq!(id("## foo_bar-baz.qux"), some("foo_bar-bazqux"));
        assert_eq!(id("## 🎉 Emoji party"), some("-emoji-party"));
        assert_eq!(id("## C++ & Rust -- together"), some("c--rust--together"));
        assert_eq!(id("## 用户的快速采用"), some("用户的快速采用"));
    }

    #[test]
    fn setext_headings_use_their_last_line() {
        assert_eq!(id("First line\nSecond line\n---\n"), some("second-line"));
        assert_eq!(id("Setext *ab\nc* d\n---\n"), some("d"));
        assert_eq!(id("Setext *a b\nc* d\n---\n"), some("setext-a-d"));
        assert_eq!(id("Hard\\\nbreak\n===\n"), some("break"));
        assert_eq!(id("> Quoted\n> setext\n> ---\n"), some("setext"));
        // The first child of the link is `Link`: the space before `text` ends a text node,
        // and the rest of the line is a node of its own (which carries the line break).
        assert_eq!(id("[Link text\nover lines](/u)\n---\n"), some("link"));
        assert_eq!(id("[Link\nover lines](/u)\n---\n"), None);
        assert_eq!(id("*Emphasis\nover lines* after\n---\n"), some("after"));
        assert_eq!(
            ids_with("Setext `code\nspan` tail\n---\n", AutoIdType::Github),
            [some("tail")]
        );
    }

    #[test]
    fn empty_and_odd_headings() {
        assert_eq!(id("##"), None);
        assert_eq!(id("## ###"), None);
        assert_eq!(id("## <br>"), None);
        assert_eq!(id("## ![](x.png)"), None);
        assert_eq!(id("## &nbsp;"), some("heading"));
        assert_eq!(id("## \\"), some("heading"));
        assert_eq!(id("## Trailing hashes ##"), some("trailing-hashes"));
        assert_eq!(id("## Foo\\#"), some("foo"));
        assert_eq!(id("#\ttab heading"), some("tab-heading"));
    }

    /// Pieces of heading text that [`plain_as_written`] takes as they are, and characters that
    /// start something in goldmark's inline walk or the typographer.
    const INERT: &[&str] = &[
        "a", "Zeta", "42", " ", " ", ",", ":", ";", "?", "/", "(", ")", "+", "=", ".", "-", "#",
        "%", "!", "é", "中", "www", "WWW", "http", "x.com",
    ];
    const SPECIAL: &[&str] = &[
        "*",
        "_",
        "`",
        "'",
        "\"",
        "&amp;",
        "&#42;",
        "\\",
        "[",
        "]",
        "<",
        ">",
        "<b>",
        "{",
        "}",
        "{#x}",
        "~",
        "~~",
        "$",
        "|",
        "^",
        "\t",
        "  ",
        "--",
        "...",
        "<<",
        ">>",
        "://",
        "www.",
        "Www.",
        "@",
        "a@b.io",
        " http://x.io/a ",
        "\n",
    ];

    #[test]
    fn as_written_only_where_the_walk_agrees() {
        // Escaped characters (outside the text events), autolinked URLs and addresses.
        for md in [
            "\\,\n---\n",
            "## a \\, b\n",
            "## see http://x.io today\n",
            "## see www.x.io today\n",
            "## mail a@b.io\n",
        ] {
            for (r, events) in headings(md) {
                let fast =
                    read_heading_with(md, r.clone(), &events, Some(&HUGO_TYPOGRAPHER), true, true);
                let walked =
                    read_heading_with(md, r, &events, Some(&HUGO_TYPOGRAPHER), true, false);
                assert_eq!(fast, walked, "{md:?}");
            }
        }
    }

    proptest::proptest! {
        /// Text taken as written is what goldmark's inline walk gives for it: headings (ATX and
        /// setext) of inert pieces mixed with one kind of character that starts something.
        #[test]
        fn as_written_is_the_inline_walk(
            special in proptest::sample::select(SPECIAL),
            picks in proptest::collection::vec(proptest::num::u8::ANY, 0..16),
            setext in proptest::bool::ANY,
            typographer in proptest::bool::ANY,
        ) {
            let text: String = picks
                .iter()
                .map(|&b| if b < 64 { special } else { INERT[b as usize % INERT.len()] })
                .collect();
            let md = if setext { format!("{text}\n---\n") } else { format!("## {text}\n") };
            for (r, events) in headings(&md) {
                let fast = read_heading_with(&md, r.clone(), &events, typographer.then_some(&HUGO_TYPOGRAPHER), true, true);
                let walked = read_heading_with(&md, r, &events, typographer.then_some(&HUGO_TYPOGRAPHER), true, false);
                proptest::prop_assert_eq!(fast, walked, "{:?}", md);
            }
        }
    }
}
