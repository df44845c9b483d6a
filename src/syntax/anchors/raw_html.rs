//! Raw HTML inside a heading, as Hugo's `StripHTML` leaves it for the ID.

/// Hugo's `StripHTML` of one raw HTML node, trimmed: tags and comments go, processing
/// instructions, declarations and CDATA sections stay as text (Go's `html/template` only knows
/// tags and comments).
pub(super) fn strip_html(raw: &str) -> String {
    if !raw.contains(['<', '>']) {
        return raw.trim().to_string();
    }
    let pre = raw
        .replace('\n', " ")
        .replace("</p>", "\u{0}")
        .replace("<br>", "\u{0}")
        .replace("<br />", "\u{0}");
    let stripped = strip_tags(&pre).replace('\u{0}', "\n");
    let mut out = String::with_capacity(stripped.len());
    let mut was_space = false;
    for c in stripped.chars() {
        let space = c.is_whitespace();
        if !(space && was_space) {
            out.push(c);
        }
        was_space = space;
    }
    out.trim().to_string()
}

/// Go's `html/template` `stripTags`, for text, tags and comments.
fn strip_tags(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut text_from = 0;
    let mut p = 0;
    while let Some(off) = s[p..].find('<') {
        let lt = p + off;
        if s[lt..].starts_with("<!--") {
            out.push_str(&s[text_from..lt]);
            let end = s[lt + 4..].find("-->").map_or(s.len(), |i| lt + 4 + i + 3);
            p = end;
            text_from = end;
            continue;
        }
        let mut q = lt + 1;
        if b.get(q) == Some(&b'/') {
            q += 1;
        }
        if b.get(q).is_some_and(u8::is_ascii_alphabetic) {
            out.push_str(&s[text_from..lt]);
            // Skip the tag, honouring quoted attribute values.
            let mut quote = None;
            let mut r = q;
            while r < b.len() {
                match (quote, b[r]) {
                    (None, b'>') => break,
                    (None, b'"' | b'\'') => quote = Some(b[r]),
                    (Some(qc), x) if x == qc => quote = None,
                    _ => {}
                }
                r += 1;
            }
            p = (r + 1).min(b.len());
            text_from = p;
            continue;
        }
        p = lt + 1;
    }
    out.push_str(&s[text_from..]);
    out
}
