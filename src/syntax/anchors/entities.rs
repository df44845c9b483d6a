//! Character references in heading text, as goldmark resolves them for `TextPlain`.

use pulldown_cmark::Event;

/// goldmark's `ResolveEntityNames`: named references (`&amp;`, `&ndash;`) become their
/// characters; numeric ones (`&#35;`) stay as written.
pub(super) fn resolve_entity_names(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut from = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'&' && b.get(i + 1) != Some(&b'#') {
            let name_end = i
                + 1
                + b[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .count();
            if name_end < b.len()
                && b[name_end] == b';'
                && let Some(decoded) = decode_entity(&s[i..=name_end])
            {
                out.push_str(&s[from..i]);
                out.push_str(&decoded);
                i = name_end + 1;
                from = i;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&s[from..]);
    out
}

/// The characters of a named reference (`&name;`), from pulldown-cmark's HTML5 entity table
/// (the same list as goldmark's).
fn decode_entity(reference: &str) -> Option<String> {
    let mut decoded = String::new();
    for event in pulldown_cmark::Parser::new(reference) {
        if let Event::Text(t) = event {
            decoded.push_str(&t);
        }
    }
    (decoded != reference && !decoded.is_empty()).then_some(decoded)
}

#[cfg(test)]
mod tests {
    use crate::syntax::anchors::AutoIdType;
    use crate::syntax::anchors::testing::{id, ids_with, some};

    #[test]
    fn entities_and_escapes() {
        // Named references are resolved once, after the text is assembled; numeric ones never.
        assert_eq!(
            ids_with("## &#35; and &#x4E2D;", AutoIdType::Github),
            [some("35-and-x4e2d")]
        );
        assert_eq!(id("## &amp;amp; double"), some("amp-double"));
        assert_eq!(id("## a\\&amp; escaped"), some("a-escaped"));
        assert_eq!(id("## A&nbsp;B"), some("ab"));
        assert_eq!(id("## x<br>y"), some("xy"));
        assert_eq!(
            id("## PI <?php echo ?> CDATA <![CDATA[data]]>"),
            some("pi-php-echo--cdata-cdatadata")
        );
    }
}
