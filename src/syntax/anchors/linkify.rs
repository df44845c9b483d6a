//! goldmark's linkify extension: URLs, `www.` addresses and e-mail addresses in text become
//! links, which contribute nothing to a heading's ID.

use std::sync::LazyLock;

static URL_RE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(concat!(
        r"^(?:http|https|ftp)://[-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-z]+(?::[0-9]+)?",
        r#"(?:[/#?][-a-zA-Z0-9@:%_+.~#$!?&/=\(\);,'">\^{}\[\]`]*)?"#
    ))
    .expect("valid URL pattern")
});

static WWW_RE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(concat!(
        r"^www\.[-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-z]+",
        r#"(?:[/#?][-a-zA-Z0-9@:%_\+.~#!?&/=\(\);,'">\^{}\[\]`]*)?"#
    ))
    .expect("valid www pattern")
});

static EMAIL_DOMAIN_RE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*",
    )
    .expect("valid domain pattern")
});

/// goldmark's linkify at the start of `line`: whether the trigger character was consumed and
/// the length of the link after it.
pub(super) fn linkify(line: &str) -> Option<(bool, usize)> {
    let first = line.as_bytes().first().copied();
    let consumed = matches!(first, Some(b' ' | b'*' | b'_' | b'~' | b'('));
    let line = if consumed { &line[1..] } else { line };
    let b = line.as_bytes();
    let mut m: Option<usize> = None;
    if line.starts_with("http:") || line.starts_with("https:") || line.starts_with("ftp:") {
        m = URL_RE.find(line).map(|x| x.end());
    }
    if m.is_none() && line.starts_with("www.") {
        m = WWW_RE.find(line).map(|x| x.end());
    }
    if let Some(stop) = m.as_mut() {
        match b[*stop - 1] {
            b'.' => *stop -= 1,
            b')' => {
                let mut closing: isize = 0;
                for &x in &b[..*stop] {
                    match x {
                        b')' => closing += 1,
                        b'(' => closing -= 1,
                        _ => {}
                    }
                }
                if closing > 0 {
                    *stop -= closing as usize;
                }
            }
            b';' => {
                let mut i = *stop as isize - 2;
                while i >= 0 && b[i as usize].is_ascii_alphanumeric() {
                    i -= 1;
                }
                if i != *stop as isize - 2 && i >= 0 && b[i as usize] == b'&' {
                    *stop = i as usize;
                }
            }
            _ => {}
        }
    }
    let stop = match m {
        Some(stop) => stop,
        None => {
            if b.first().is_some_and(u8::is_ascii_punctuation) {
                return None;
            }
            let stop = find_email_index(b)?;
            let at = b.iter().position(|&x| x == b'@')?;
            if stop < 1 || at >= stop - 1 || !b[at..stop - 1].contains(&b'.') {
                return None;
            }
            let stop = if b[stop - 1] == b'.' { stop - 1 } else { stop };
            if matches!(b.get(stop), Some(b'-' | b'_')) {
                return None;
            }
            stop
        }
    };
    let mut i = stop.saturating_sub(1);
    while i > 0 && matches!(b[i], b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~') {
        i -= 1;
    }
    Some((consumed, i + 1))
}

/// goldmark's `FindEmailIndex`.
fn find_email_index(b: &[u8]) -> Option<usize> {
    let local = |c: u8| c.is_ascii_alphanumeric() || b"!#$%&'*+-./=?^_`{|}~".contains(&c);
    let i = b.iter().take_while(|&&c| local(c)).count();
    if i == 0 || b.get(i) != Some(&b'@') {
        return None;
    }
    let i = i + 1;
    if i >= b.len() {
        return None;
    }
    let rest = std::str::from_utf8(&b[i..]).ok().or_else(|| {
        // Non-ASCII after the domain: the domain pattern only matches ASCII anyway.
        let valid = b[i..].iter().take_while(|c| c.is_ascii()).count();
        std::str::from_utf8(&b[i..i + valid]).ok()
    })?;
    let m = EMAIL_DOMAIN_RE.find(rest)?;
    Some(i + m.end())
}

#[cfg(test)]
mod tests {
    use crate::syntax::anchors::AutoIdType;
    use crate::syntax::anchors::testing::{id, ids_with, some};

    #[test]
    fn links_that_contribute_nothing() {
        // Linkified URLs and e-mail addresses, autolinks, footnote references.
        assert_eq!(id("## Visit https://gohugo.io today"), some("visit--today"));
        assert_eq!(id("## See www.example.com/docs."), some("see-"));
        assert_eq!(id("## Mail me@example.com now"), some("mail--now"));
        assert_eq!(id("## Auto <https://example.org> link"), some("auto--link"));
        assert_eq!(id("## *(https://x.org) b*"), some("heading"));
        assert_eq!(
            ids_with("## Note[^1] here\n\n[^1]: x\n", AutoIdType::Github),
            [some("note-here")]
        );
        assert_eq!(
            ids_with("## *[^1]x*\n\n[^1]: x\n", AutoIdType::Github),
            [None]
        );
    }
}
