//! goldmark's attribute block at the end of a heading (`{#id .class key=value}`), parsed with
//! goldmark's grammar: only the `id` matters here.

use std::ops::Range;

use crate::syntax::unicode::is_goldmark_space;

pub(super) struct AttributeBlock {
    pub(super) span: Range<usize>,
    pub(super) id: Option<String>,
}

/// goldmark's `parseLastLineAttributes`: scanning the line left to right (skipping escaped
/// punctuation), the first `{` that starts a valid attribute list followed only by blanks.
pub(super) fn last_line_attributes(source: &str, line: Range<usize>) -> Option<AttributeBlock> {
    let bytes = &source.as_bytes()[..line.end];
    let mut p = line.start;
    while p < line.end {
        match bytes[p] {
            b'\n' => break,
            b'\\' => {
                p += 1;
                if p < line.end && bytes[p].is_ascii_punctuation() {
                    p += 1;
                }
                continue;
            }
            b'{' => {
                if let Some((end, id)) = parse_attributes(bytes, p)
                    && bytes[end..].iter().all(|&b| is_goldmark_space(b))
                {
                    return Some(AttributeBlock {
                        span: p..end,
                        id: id.map(|id| String::from_utf8_lossy(&id).into_owned()),
                    });
                }
            }
            _ => {}
        }
        p += 1;
    }
    None
}

/// A parsed attribute value; only strings can be IDs.
enum Value {
    Bytes(Vec<u8>),
    /// A number, boolean, null, array or map: where it is written.
    Other(Range<usize>),
}

/// goldmark's `ParseAttributes` at `b[p] == '{'`: the end offset and the last `id`.
fn parse_attributes(b: &[u8], p: usize) -> Option<(usize, Option<Vec<u8>>)> {
    let mut p = p + 1;
    let mut id = None;
    loop {
        if b.get(p) == Some(&b'}') {
            return Some((p + 1, id));
        }
        let (next, name, value) = parse_attribute(b, p)?;
        if name == b"id" {
            id = match value {
                Value::Bytes(v) => Some(v),
                // Hugo fails the build on a non-string id ("interface conversion"); keep the
                // value as written so the heading still has an id.
                Value::Other(r) => Some(b[r].to_vec()),
            };
        }
        p = skip_spaces(b, next);
        if b.get(p) == Some(&b',') {
            p = skip_spaces(b, p + 1);
        }
    }
}

fn skip_spaces(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && matches!(b[p], b' ' | b'\t' | 0x0B | 0x0C | b'\r') {
        p += 1;
    }
    p
}

fn parse_attribute(b: &[u8], p: usize) -> Option<(usize, &'static [u8], Value)> {
    let p = skip_spaces(b, p);
    let c = *b.get(p)?;
    if c == b'#' || c == b'.' {
        let start = p + 1;
        let mut i = start;
        while i < b.len()
            && b[i] != b'\n'
            && !is_goldmark_space(b[i])
            && (!b[i].is_ascii_punctuation() || matches!(b[i], b'_' | b'-' | b':' | b'.'))
        {
            i += 1;
        }
        let name: &'static [u8] = if c == b'#' { b"id" } else { b"class" };
        return Some((i, name, Value::Bytes(b[start..i].to_vec())));
    }
    if !(c.is_ascii_alphabetic() || c == b'_' || c == b':') {
        return None;
    }
    let mut i = p;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b':' | b'.' | b'-'))
    {
        i += 1;
    }
    let is_id = &b[p..i] == b"id";
    let is_class = &b[p..i] == b"class";
    let i = skip_spaces(b, i);
    if b.get(i) != Some(&b'=') {
        return None;
    }
    let i = skip_spaces(b, i + 1);
    let (end, value) = parse_value(b, i)?;
    if is_class && !matches!(value, Value::Bytes(_)) {
        return None;
    }
    let name: &'static [u8] = if is_id {
        b"id"
    } else if is_class {
        b"class"
    } else {
        b"other"
    };
    Some((end, name, value))
}

fn parse_value(b: &[u8], p: usize) -> Option<(usize, Value)> {
    let p = skip_spaces(b, p);
    let c = *b.get(p)?;
    match c {
        b'\n' => None,
        b'{' => parse_attributes(b, p).map(|(e, _)| (e, Value::Other(p..e))),
        b'[' => parse_array(b, p).map(|e| (e, Value::Other(p..e))),
        b'"' => parse_string(b, p).map(|(e, v)| (e, Value::Bytes(v))),
        b'-' | b'+' | b'0'..=b'9' => parse_number(b, p).map(|e| (e, Value::Other(p..e))),
        _ => {
            if !(c.is_ascii_alphabetic() || c == b'_' || c == b':') {
                return None;
            }
            let mut i = p;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b':' | b'.' | b'-'))
            {
                i += 1;
            }
            let v = &b[p..i];
            if v == b"true" || v == b"false" || v == b"null" {
                Some((i, Value::Other(p..i)))
            } else {
                Some((i, Value::Bytes(v.to_vec())))
            }
        }
    }
}

fn parse_array(b: &[u8], p: usize) -> Option<usize> {
    let mut p = p + 1;
    let mut first = true;
    loop {
        let c = b.get(p).copied();
        let mut comma = false;
        if !first && c == Some(b',') {
            p += 1;
            comma = true;
        }
        if c == Some(b']') {
            return (!comma).then_some(p + 1);
        }
        p = skip_spaces(b, p);
        let (end, _) = parse_value(b, p)?;
        p = skip_spaces(b, end);
        first = false;
    }
}

fn parse_string(b: &[u8], p: usize) -> Option<(usize, Vec<u8>)> {
    let mut i = p + 1;
    let mut out = Vec::new();
    while i < b.len() && b[i] != b'\n' {
        let c = b[i];
        if c == b'\\' && i + 1 < b.len() && b[i + 1] != b'\n' {
            let (s, n): (&[u8], usize) = match b[i + 1] {
                b'"' => (b"\"", 2),
                b'/' => (b"/", 2),
                b'\\' => (b"\\", 2),
                b'b' => (b"\x08", 2),
                b'f' => (b"\x0c", 2),
                b'n' => (b"\n", 2),
                b'r' => (b"\r", 2),
                b't' => (b"\t", 2),
                _ => (b"\\", 1),
            };
            out.extend_from_slice(s);
            i += n;
            continue;
        }
        if c == b'"' {
            return Some((i + 1, out));
        }
        out.push(c);
        i += 1;
    }
    None
}

fn parse_number(b: &[u8], p: usize) -> Option<usize> {
    let mut i = p;
    if matches!(b.get(i), Some(b'-' | b'+')) {
        i += 1;
    }
    let digits = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    i = digits(i);
    if b.get(i) == Some(&b'.') {
        i = digits(i + 1);
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let j = digits(i);
        if j == i {
            // `strconv.ParseFloat` rejects an empty exponent.
            return None;
        }
        i = j;
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use crate::syntax::anchors::testing::headings;
    use crate::syntax::anchors::{HUGO_TYPOGRAPHER, read_heading};

    #[test]
    fn goldmark_attribute_blocks() {
        let read = |md: &str| {
            let (r, events) = headings(md).remove(0);
            read_heading(md, r, &events, Some(&HUGO_TYPOGRAPHER), true)
        };
        let h = read("## Explicit {#custom-id}");
        assert_eq!(
            (h.text.as_str(), h.explicit_id.as_deref()),
            ("Explicit", Some("custom-id"))
        );
        assert_eq!(h.attributes_span, Some(12..24));
        assert_eq!(
            read("## No space{#nospace}").explicit_id.as_deref(),
            Some("nospace")
        );
        assert_eq!(
            read("## CJK {#中文-id}").explicit_id.as_deref(),
            Some("中文-id")
        );
        assert_eq!(
            read("## Q {id=\"quoted\"}").explicit_id.as_deref(),
            Some("quoted")
        );
        assert_eq!(
            read("## C {#comma,.c}").explicit_id.as_deref(),
            Some("comma")
        );
        assert_eq!(read("## Two {#a #b}").explicit_id.as_deref(), Some("b"));
        assert_eq!(read("## Empty {#}").explicit_id.as_deref(), Some(""));
        assert_eq!(
            read("## Hashes ## {#after}").explicit_id.as_deref(),
            Some("after")
        );
        assert_eq!(read("## Blocks {#first} {#second}").text, "Blocks {#first}");
        let class_only = read("## Class {.only}");
        assert_eq!(
            (class_only.text.as_str(), class_only.explicit_id),
            ("Class", None)
        );
        // Not attribute blocks: heading text.
        for (md, text) in [
            ("## T {#a/b}", "T {#a/b}"),
            ("## T \\{#escaped}", "T \\{#escaped}"),
            ("## T {#bad x=}", "T {#bad x=}"),
            ("## T {#x} ##", "T {#x}"),
            ("## T {#x} trailing", "T {#x} trailing"),
        ] {
            let h = read(md);
            assert_eq!((h.text.as_str(), h.explicit_id), (text, None), "{md}");
        }
        // With `attribute.title` off, the braces are text (even if pulldown took them).
        let md = "## T {#x}";
        let (r, events) = headings(md).remove(0);
        let h = read_heading(md, r, &events, Some(&HUGO_TYPOGRAPHER), false);
        assert_eq!((h.text.as_str(), h.explicit_id), ("T {#x}", None));
    }
}
