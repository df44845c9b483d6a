//! Escaping of untrusted text for the terminal and for logs: everything hugolint prints that
//! comes from a page, a link target or a file name goes through here first.
//!
//! A control character is shown as an escape, never written: `\n`, `\r` and `\t` for those
//! three, `\u{1b}` (the character's hexadecimal code, as Rust writes it) for every other one.
//! Controls are the C0 set, DEL and the C1 set, and Unicode's invisible direction controls
//! (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), which reorder what a terminal shows, and its
//! line and paragraph separators (U+2028, U+2029). Nothing else changes, the backslash included:
//! the escapes make a line safe to read, not reversible.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` is shown as an escape.
pub fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                | '\u{2028}' | '\u{2029}'
        )
}

/// `c`'s escape.
pub fn push_escape(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        _ => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// `s` with every hostile character escaped; borrowed when there is none (the usual case).
pub fn controls(s: &str) -> Cow<'_, str> {
    controls_except(s, |_| false)
}

/// As [`controls`], but the characters `keep` accepts are written as they are (the GitHub
/// reporter keeps `\n` and `\r`, which its own escaping encodes).
pub fn controls_except(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let Some(first) = s.find(|c: char| is_hostile(c) && !keep(c)) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        if is_hostile(c) && !keep(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A path for display, escaped.
pub fn path(p: &std::path::Path) -> String {
    controls(&p.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_escapes_and_the_rest_stays() {
        assert_eq!(controls("plain – text ü"), "plain – text ü");
        assert!(matches!(controls("plain"), Cow::Borrowed(_)));
        assert_eq!(
            controls("a\nb\rc\td\u{1b}[31me\u{7}f\u{7f}g\u{85}h\u{202e}i\u{2028}"),
            "a\\nb\\rc\\td\\u{1b}[31me\\u{7}f\\u{7f}g\\u{85}h\\u{202e}i\\u{2028}"
        );
        assert_eq!(controls_except("a\nb\u{1b}", |c| c == '\n'), "a\nb\\u{1b}");
    }
}
