//! A small scanner for the raw HTML found in Markdown: start tags with their attributes, and
//! comments. It is not an HTML parser: it reads what authors write inline (`<img src alt>`,
//! `<a href>`, `id=`), tolerates anything else, and never fails.

use crate::document::Span;

/// One attribute of a start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// Lower-cased.
    pub name: String,
    /// `None` for a bare attribute (`<img alt>`); entities are decoded.
    pub value: Option<String>,
    /// The value as written, quotes excluded (the name's span for a bare attribute).
    pub value_span: Span,
}

/// A start tag `<name attr…>` (or self-closing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Lower-cased.
    pub name: String,
    pub span: Span,
    pub attrs: Vec<Attr>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// An HTML item found in a chunk of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Tag(Tag),
    /// `<!-- … -->`: the span of the whole comment and its trimmed text.
    Comment(Span, String),
}

/// Scan `text[range]` for start tags and comments; spans are offsets into `text`.
pub fn scan(text: &str, range: Span) -> Vec<Item> {
    let b = text.as_bytes();
    let end = range.end.min(b.len());
    let mut items = Vec::new();
    let mut i = range.start;
    while i < end {
        let Some(off) = memchr::memchr(b'<', &b[i..end]) else {
            break;
        };
        let lt = i + off;
        if b[lt..end].starts_with(b"<!--") {
            let body = lt + 4;
            let close = memchr::memmem::find(&b[body..end], b"-->").map(|p| body + p);
            let stop = close.map_or(end, |c| c + 3);
            let inner_end = close.unwrap_or(end);
            items.push(Item::Comment(
                lt..stop,
                text[body..inner_end].trim().to_string(),
            ));
            i = stop;
            continue;
        }
        match start_tag(text, lt, end) {
            Some(tag) => {
                i = tag.span.end;
                items.push(Item::Tag(tag));
            }
            None => i = lt + 1,
        }
    }
    items
}

fn start_tag(text: &str, lt: usize, end: usize) -> Option<Tag> {
    let b = text.as_bytes();
    let mut i = lt + 1;
    if i >= end || !b[i].is_ascii_alphabetic() {
        return None;
    }
    let name_start = i;
    while i < end && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
        i += 1;
    }
    let name = text[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= end {
            return None;
        }
        match b[i] {
            b'>' => {
                return Some(Tag {
                    name,
                    span: lt..i + 1,
                    attrs,
                });
            }
            b'/' if b.get(i + 1) == Some(&b'>') && i + 1 < end => {
                return Some(Tag {
                    name,
                    span: lt..i + 2,
                    attrs,
                });
            }
            b'/' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        // Attribute name: anything but whitespace, `/`, `>`, `=`, quotes.
        let an_start = i;
        while i < end
            && !b[i].is_ascii_whitespace()
            && !matches!(b[i], b'/' | b'>' | b'=' | b'"' | b'\'')
        {
            i += 1;
        }
        if i == an_start {
            // A stray quote: not a tag we understand.
            return None;
        }
        let attr_name = text[an_start..i].to_ascii_lowercase();
        let mut j = i;
        while j < end && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < end && b[j] == b'=' {
            j += 1;
            while j < end && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= end {
                return None;
            }
            let (vs, ve, next) = match b[j] {
                q @ (b'"' | b'\'') => {
                    let close = memchr::memchr(q, &b[j + 1..end])? + j + 1;
                    (j + 1, close, close + 1)
                }
                _ => {
                    let s = j;
                    while j < end && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    (s, j, j)
                }
            };
            attrs.push(Attr {
                name: attr_name,
                value: Some(decode_entities(&text[vs..ve])),
                value_span: vs..ve,
            });
            i = next;
        } else {
            attrs.push(Attr {
                name: attr_name,
                value: None,
                value_span: an_start..i,
            });
        }
    }
}

/// Decode the character references that matter in attribute values.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let semi = rest[1..].find(';').map(|x| x + 1).filter(|&x| x <= 12);
        let decoded = semi.and_then(|x| {
            let ent = &rest[1..x];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                    u32::from_str_radix(&ent[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, x + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<Tag> {
        scan(s, 0..s.len())
            .into_iter()
            .filter_map(|i| match i {
                Item::Tag(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn attributes_quoted_bare_and_unquoted() {
        let s = r#"<img src="a.png" alt='A &amp; B' data-x=1 hidden/>"#;
        let t = &tags(s)[0];
        assert_eq!(t.name, "img");
        assert_eq!(t.attr("src").unwrap().value.as_deref(), Some("a.png"));
        assert_eq!(&s[t.attr("src").unwrap().value_span.clone()], "a.png");
        assert_eq!(t.attr("alt").unwrap().value.as_deref(), Some("A & B"));
        assert_eq!(t.attr("data-x").unwrap().value.as_deref(), Some("1"));
        assert_eq!(t.attr("hidden").unwrap().value, None);
        assert_eq!(t.span, 0..s.len());
    }

    #[test]
    fn comments_and_garbage() {
        let s = "a < b <!-- hugolint-disable x --> <a href=\"#y\">y</a> <img src=\"unterminated";
        let items = scan(s, 0..s.len());
        assert!(matches!(&items[0], Item::Comment(_, t) if t == "hugolint-disable x"));
        assert!(matches!(&items[1], Item::Tag(t) if t.name == "a"));
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn multibyte_is_safe() {
        let s = "<p id=\"用户\">é<img alt=é>";
        let t = tags(s);
        assert_eq!(t[0].attr("id").unwrap().value.as_deref(), Some("用户"));
        assert_eq!(t[1].attr("alt").unwrap().value.as_deref(), Some("é"));
    }
}
