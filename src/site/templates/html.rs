//! Reading the skeleton of a template's output ([`super::eval`]): its tags and attributes, with
//! the values the template prints there.

/// Markers of a printed value in the skeleton: `\u{E000}<index>\u{E001}` (written by
/// [`super::eval`], read here).
pub const MARK_OPEN: char = '\u{E000}';
pub const MARK_CLOSE: char = '\u{E001}';

/// A tag in the skeleton.
#[derive(Debug)]
pub struct Tag<'s> {
    /// Lower-cased.
    pub name: String,
    /// Attributes (names lower-cased) with their values as written (markers included).
    pub attrs: Vec<(String, &'s str)>,
    /// The tag holds printed values outside any attribute value (attributes made at run time).
    /// Those printed right after the name (`<h{{ .Level }}`) are in `name_marks` instead.
    pub dynamic: bool,
    /// Those printed values (attributes made at run time), as output indexes.
    pub attr_marks: Vec<usize>,
    /// A printed value that continues the tag's name (`<h{{ .Level }}`), as an output index.
    pub name_marks: Vec<usize>,
    /// Where the tag starts in the skeleton.
    pub at: usize,
}

/// The tags of a skeleton, in order. Forgiving: anything that is not a tag is skipped.
pub fn tags(s: &str) -> Vec<Tag<'_>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut p = 0;
    while let Some(lt) = memchr::memchr(b'<', &b[p..]).map(|x| p + x) {
        let mut q = lt + 1;
        while q < b.len() && (b[q].is_ascii_alphanumeric() || b[q] == b'-') {
            q += 1;
        }
        if q == lt + 1 {
            p = lt + 1;
            continue;
        }
        let name = s[lt + 1..q].to_ascii_lowercase();
        let mut tag = Tag {
            name,
            attrs: Vec::new(),
            dynamic: false,
            attr_marks: Vec::new(),
            name_marks: Vec::new(),
            at: lt,
        };
        // A value printed right after the name is part of it (`<h{{ .Level }}`); one after that
        // is in attribute position.
        if s[q..].starts_with(MARK_OPEN)
            && let Some(e) = s[q..].find(MARK_CLOSE)
        {
            let inner = &s[q + MARK_OPEN.len_utf8()..q + e];
            if let Ok(i) = inner.parse() {
                tag.name_marks.push(i);
            }
            q += e + MARK_CLOSE.len_utf8();
        }
        // Attributes up to `>`.
        loop {
            while q < b.len() && (b[q].is_ascii_whitespace() || b[q] == b'/') {
                q += 1;
            }
            if q >= b.len() || b[q] == b'>' || b[q] == b'<' {
                break;
            }
            if s[q..].starts_with(MARK_OPEN) {
                tag.dynamic = true;
                let end = s[q..].find(MARK_CLOSE).map(|e| q + e);
                if let Some(Ok(i)) = end.map(|e| s[q + MARK_OPEN.len_utf8()..e].parse()) {
                    tag.attr_marks.push(i);
                }
                q = end.map_or(b.len(), |e| e + MARK_CLOSE.len_utf8());
                continue;
            }
            let start = q;
            while q < b.len() && !b[q].is_ascii_whitespace() && !matches!(b[q], b'=' | b'>' | b'/')
            {
                if s[q..].starts_with(MARK_OPEN) {
                    break;
                }
                q += 1;
            }
            let attr = s[start..q].to_ascii_lowercase();
            if q == start {
                q += 1;
                continue;
            }
            if b.get(q) == Some(&b'=') {
                q += 1;
                let (value, after) = match b.get(q) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let e = memchr::memchr(quote, &b[q + 1..]).map_or(b.len(), |e| q + 1 + e);
                        (&s[q + 1..e], (e + 1).min(b.len()))
                    }
                    _ => {
                        let mut e = q;
                        while e < b.len() && !b[e].is_ascii_whitespace() && b[e] != b'>' {
                            e += 1;
                        }
                        (&s[q..e], e)
                    }
                };
                tag.attrs.push((attr, value));
                q = after;
            } else {
                tag.attrs.push((attr, ""));
            }
        }
        out.push(tag);
        p = q.max(lt + 1);
    }
    out
}

/// The markers in `text`, as indices into the evaluation's outputs, with the literal text
/// before the first and after the last.
pub fn markers(text: &str) -> (Vec<usize>, &str, &str) {
    let mut out = Vec::new();
    let mut rest = text;
    let first = text.find(MARK_OPEN).unwrap_or(text.len());
    let mut last_end = 0;
    let mut at = 0;
    while let Some(o) = rest.find(MARK_OPEN) {
        let after = &rest[o + MARK_OPEN.len_utf8()..];
        let Some(c) = after.find(MARK_CLOSE) else {
            break;
        };
        if let Ok(i) = after[..c].parse() {
            out.push(i);
        }
        let consumed = o + MARK_OPEN.len_utf8() + c + MARK_CLOSE.len_utf8();
        at += consumed;
        last_end = at;
        rest = &rest[consumed..];
    }
    (out, &text[..first], &text[last_end..])
}

/// The literal text of `text` without its markers.
pub fn literal(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(o) = rest.find(MARK_OPEN) {
        out.push_str(&rest[..o]);
        match rest[o..].find(MARK_CLOSE) {
            Some(c) => rest = &rest[o + c + MARK_CLOSE.len_utf8()..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Whether the skeleton position `at` lies inside an element named one of `names` (its opening
/// tag seen last, not its closing one).
pub fn inside(skeleton: &str, at: usize, names: &[&str]) -> bool {
    let before = skeleton[..at].to_ascii_lowercase();
    names.iter().any(|n| {
        let open = before.rfind(&format!("<{n}"));
        let close = before.rfind(&format!("</{n}"));
        match (open, close) {
            (Some(o), Some(c)) => o > c,
            (Some(_), None) => true,
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_attributes_and_markers() {
        let s = "<figure><img class=x src=\"\u{E000}0\u{E001}\" alt='\u{E000}1\u{E001}' \u{E000}2\u{E001}></figure>";
        let t = tags(s);
        assert_eq!(t[1].name, "img");
        assert!(t[1].dynamic);
        assert_eq!(t[1].attrs[0], ("class".into(), "x"));
        assert_eq!(markers(t[1].attrs[1].1).0, [0]);
        assert_eq!(markers(t[1].attrs[2].1).0, [1]);
        let (m, pre, post) = markers("tab-\u{E000}3\u{E001}-x");
        assert_eq!((m, pre, post), (vec![3], "tab-", "-x"));
        assert_eq!(literal("a\u{E000}3\u{E001}b"), "ab");
        assert!(inside("<pre><code>x", 11, &["pre"]));
        assert!(!inside("<pre></pre>x", 11, &["pre"]));
    }
}
