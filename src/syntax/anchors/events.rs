//! pulldown-cmark's inline events → inline items with their place in the source (or, for events
//! that come without a source, a source made up from them).

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag};

/// An inline element as pulldown-cmark found it, with its place in the source.
#[derive(Debug)]
pub(super) enum Item {
    /// Consecutive text events: the raw source (escapes and references as written).
    Text(Range<usize>),
    /// A code span: goldmark's first child of the span (its first line).
    Code(String),
    /// One raw HTML tag, comment, processing instruction, declaration or CDATA section.
    Html(Range<usize>),
    /// A line break: goldmark marks the last text node of the line.
    Break,
    /// Emphasis, strong, strikethrough, link, image: contributes its first child only.
    Container { label: bool, children: Vec<Item> },
    /// An autolink, a footnote reference, math: a node without text.
    Opaque,
}

pub(super) fn items_from_ranged(
    source: &str,
    events: &[(Event<'_>, Range<usize>)],
    content: &Range<usize>,
) -> Vec<Item> {
    let mut items = items_from_events(source, events, content, false);
    // Text that pulldown read as an attribute block and goldmark does not (`{#a/b}`).
    let seen_end = events
        .iter()
        .map(|(_, r)| r.end)
        .filter(|&e| e <= content.end)
        .max()
        .unwrap_or(content.start)
        .max(content.start);
    if seen_end < content.end {
        push_text(&mut items, seen_end..content.end);
    }
    items
}

fn push_text(items: &mut Vec<Item>, r: Range<usize>) {
    if r.is_empty() {
        return;
    }
    if let Some(Item::Text(prev)) = items.last_mut() {
        prev.end = r.end.max(prev.end);
        return;
    }
    items.push(Item::Text(r));
}

/// Build the item tree. Events at or after `content.end` (goldmark's attribute block) are left
/// out. `synthetic` says the source was made up from the events (code spans are then taken
/// from the events).
pub(super) fn items_from_events(
    source: &str,
    events: &[(Event<'_>, Range<usize>)],
    content: &Range<usize>,
    synthetic: bool,
) -> Vec<Item> {
    let bytes = source.as_bytes();
    let mut stack: Vec<(bool, Vec<Item>)> = Vec::new();
    let mut cur: Vec<Item> = Vec::new();
    let mut opaque_depth = 0usize;
    let mut opaque_kept = false;
    for (event, range) in events {
        let range = clamp(source, range.clone());
        if opaque_depth > 0 {
            match event {
                Event::Start(_) => opaque_depth += 1,
                Event::End(_) => {
                    opaque_depth -= 1;
                    if opaque_depth == 0 && opaque_kept {
                        cur.push(Item::Opaque);
                    }
                }
                _ => {}
            }
            continue;
        }
        let beyond = range.start >= content.end;
        match event {
            Event::Text(_) => {
                if beyond {
                    continue;
                }
                let end = range.end.min(content.end);
                if let Some(Item::Text(prev)) = cur.last_mut() {
                    prev.end = end.max(prev.end);
                    continue;
                }
                let mut start = range.start;
                // An escaped character's event starts after the backslash.
                if start > 0
                    && bytes[start - 1] == b'\\'
                    && bytes.get(start).is_some_and(u8::is_ascii_punctuation)
                {
                    start -= 1;
                }
                if start < end {
                    cur.push(Item::Text(start..end));
                }
            }
            Event::Code(code) => {
                if beyond {
                    continue;
                }
                let first = if synthetic {
                    code.to_string()
                } else {
                    code_first_child(&source[range.clone()]).unwrap_or_else(|| code.to_string())
                };
                cur.push(Item::Code(first));
            }
            Event::InlineHtml(_) | Event::Html(_) => {
                if !beyond {
                    cur.push(Item::Html(range.start..range.end.min(content.end)));
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if !beyond {
                    cur.push(Item::Break);
                }
            }
            Event::FootnoteReference(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                if !beyond {
                    cur.push(Item::Opaque);
                }
            }
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => {
                opaque_depth = 1;
                opaque_kept = !beyond;
            }
            Event::Start(tag) => {
                let label = matches!(tag, Tag::Link { .. } | Tag::Image { .. });
                stack.push((label, std::mem::take(&mut cur)));
            }
            Event::End(_) => {
                if let Some((label, parent)) = stack.pop() {
                    let children = std::mem::replace(&mut cur, parent);
                    if !children.is_empty() || !beyond {
                        cur.push(Item::Container { label, children });
                    }
                }
            }
            Event::Rule | Event::TaskListMarker(_) => {}
        }
    }
    while let Some((label, parent)) = stack.pop() {
        let children = std::mem::replace(&mut cur, parent);
        cur.push(Item::Container { label, children });
    }
    cur
}

/// goldmark's first child of a code span written as `raw` (backticks included): the content of
/// its first line, newline included, without the leading space when both ends have one.
fn code_first_child(raw: &str) -> Option<String> {
    let open = raw.bytes().take_while(|&b| b == b'`').count();
    let close = raw.bytes().rev().take_while(|&b| b == b'`').count();
    if open == 0 || close != open || raw.len() < open * 2 {
        return None;
    }
    let content = &raw[open..raw.len() - close];
    if !content.contains('\n') {
        return None; // pulldown's content is goldmark's then.
    }
    let blank = content.bytes().all(|b| b == b' ' || b == b'\n');
    let first_line = &content[..content.find('\n').map_or(content.len(), |i| i + 1)];
    let trim = !blank
        && matches!(content.as_bytes().first(), Some(b' ' | b'\n'))
        && matches!(content.as_bytes().last(), Some(b' ' | b'\n'));
    Some(if trim {
        first_line[1..].to_string()
    } else {
        first_line.to_string()
    })
}

/// A made-up source for events that come without one: text as decoded, markup as its usual
/// delimiters, so that the goldmark emulation can scan it.
pub(super) fn synthesize_source(
    events: &[Event<'_>],
) -> (String, Vec<(Event<'static>, Range<usize>)>) {
    let mut src = String::new();
    let mut out = Vec::with_capacity(events.len());
    let mut prev_text = false;
    let mut labels: Vec<bool> = Vec::new();
    for e in events {
        let start = src.len();
        match e {
            Event::Text(t) => {
                // pulldown starts a new text event at an escaped character (`\*b` → `*b`), and
                // often gives unmatched `[`, `]`, `` ` ``, `~`, `*`, `_` runs events of their own.
                let first = t.chars().next().unwrap_or(' ');
                let markup_run = matches!(first, '[' | ']' | '`' | '~' | '!' | '<' | '*' | '_')
                    && t.chars().all(|c| c == first);
                let s = src.len();
                let mut rest: &str = t;
                if !prev_text && (t.as_ref() == "\"" || t.as_ref() == "'") {
                    // A quote alone in its event is a reference (`&quot;`): pulldown keeps a
                    // written quote in the text around it. The typographer does not see it.
                    src.push_str(if first == '"' { "&quot;" } else { "&apos;" });
                    out.push((e.clone().into_static(), s..src.len()));
                    prev_text = true;
                    continue;
                }
                if prev_text && first.is_ascii_punctuation() && !markup_run {
                    // As written: the backslash and the character, which goldmark's entity
                    // pass may still read as the start of a reference (`\&amp;`).
                    src.push('\\');
                    src.push(first);
                    rest = &t[1..];
                }
                // Text is decoded already: keep `&` from being decoded a second time.
                src.push_str(&rest.replace('&', "&amp;"));
                out.push((e.clone().into_static(), s..src.len()));
                prev_text = true;
                continue;
            }
            Event::Code(t) => {
                src.push('`');
                src.push_str(t);
                src.push('`');
            }
            Event::InlineHtml(t) | Event::Html(t) => src.push_str(t),
            Event::SoftBreak => src.push('\n'),
            Event::HardBreak => src.push_str("\\\n"),
            Event::FootnoteReference(l) => {
                src.push_str("[^");
                src.push_str(l);
                src.push(']');
            }
            Event::Start(tag) => {
                let (open, label) = match tag {
                    Tag::Emphasis => ("*", false),
                    Tag::Strong => ("**", false),
                    Tag::Strikethrough => ("~~", false),
                    Tag::Link {
                        link_type: LinkType::Autolink | LinkType::Email,
                        ..
                    } => ("<", false),
                    Tag::Link { .. } => ("[", true),
                    Tag::Image { .. } => ("![", true),
                    _ => ("", false),
                };
                labels.push(label);
                src.push_str(open);
            }
            Event::End(end) => {
                let label = labels.pop().unwrap_or(false);
                let close = match end {
                    pulldown_cmark::TagEnd::Emphasis => "*",
                    pulldown_cmark::TagEnd::Strong => "**",
                    pulldown_cmark::TagEnd::Strikethrough => "~~",
                    pulldown_cmark::TagEnd::Link | pulldown_cmark::TagEnd::Image if label => "](u)",
                    pulldown_cmark::TagEnd::Link => ">",
                    _ => "",
                };
                src.push_str(close);
            }
            _ => {}
        }
        prev_text = false;
        out.push((e.clone().into_static(), start..src.len()));
    }
    (src, out)
}

/// `r` inside `source`, on character boundaries.
pub(super) fn clamp(source: &str, r: Range<usize>) -> Range<usize> {
    let floor = |mut i: usize| {
        i = i.min(source.len());
        while !source.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let end = floor(r.end);
    let start = floor(r.start.min(end));
    start..end
}
