//! goldmark's typographer extension, as far as it cuts heading text into nodes: dashes,
//! ellipses, angle quotes, and quotes and apostrophes by their flanking.

use super::delimiters::flanking;
use super::unicode::{
    is_decimal_digit, is_goldmark_space, is_letter, is_punct, is_punct_or_symbol, rune_at,
};

/// goldmark's typographer at the start of `line` (`run`: how many times its first character
/// repeats; `before`: the preceding character). Returns the substitution and the bytes it
/// replaces.
pub(super) fn typographer(
    line: &[u8],
    run: usize,
    before: char,
    single: &mut i32,
    double: &mut i32,
) -> Option<(&'static str, usize)> {
    let c = *line.first()?;
    let at = |i: usize| line.get(i).copied();
    if line.len() > 2 {
        if c == b'-' && at(1) == Some(b'-') && at(2) == Some(b'-') {
            return Some(("&mdash;", 3));
        }
        if c == b'.' {
            if at(1) == Some(b'.') && at(2) == Some(b'.') {
                return Some(("&hellip;", 3));
            }
            return None;
        }
    }
    if line.len() > 1 {
        if c == b'<' {
            return (at(1) == Some(b'<')).then_some(("&laquo;", 2));
        }
        if c == b'>' {
            return (at(1) == Some(b'>')).then_some(("&raquo;", 2));
        }
        if c == b'-' && at(1) == Some(b'-') {
            return Some(("&ndash;", 2));
        }
    }
    if c != b'\'' && c != b'"' {
        return None;
    }
    let after = rune_at(line, run).unwrap_or(' ');
    let (can_open, can_close) = flanking(before, after);
    let rune1 = rune_at(line, 1);
    let is_ascii_punct = |i: usize| at(i).is_some_and(|b| b.is_ascii_punctuation());
    let is_ascii_space = |i: usize| at(i).is_some_and(is_goldmark_space);
    if c == b'\'' {
        // '90s
        if can_open
            && !can_close
            && line.len() > 3
            && at(1).is_some_and(|b| b.is_ascii_digit())
            && at(2).is_some_and(|b| b.is_ascii_digit())
            && at(3) == Some(b's')
        {
            let after = rune_at(line, 4).unwrap_or(' ');
            if line.len() == 3 || after.is_whitespace() || is_punct_or_symbol(after) {
                return Some(("&rsquo;", 1));
            }
        }
        // 'twas, 'em, 'net
        if line.len() > 1
            && (is_punct(before) || before.is_whitespace())
            && matches!(at(1), Some(b't' | b'e' | b'n' | b'l'))
        {
            return Some(("&rsquo;", 1));
        }
        // an apostrophe between a letter or digit and a letter
        if line.len() > 1
            && (is_decimal_digit(before) || is_letter(before))
            && rune1.is_some_and(is_letter)
        {
            return Some(("&rsquo;", 1));
        }
        if can_open && !can_close {
            let mut left = true;
            if line.len() > 1
                && matches!(at(1), Some(b's' | b'm' | b't' | b'd'))
                && (line.len() < 3 || is_ascii_punct(2) || is_ascii_space(2))
            {
                left = false;
            }
            if line.len() > 2
                && matches!(
                    (at(1), at(2)),
                    (Some(b'v'), Some(b'e')) | (Some(b'l'), Some(b'l')) | (Some(b'r'), Some(b'e'))
                )
                && (line.len() < 4 || is_ascii_punct(3) || is_ascii_space(3))
            {
                left = false;
            }
            if left {
                *single += 1;
                return Some(("&lsquo;", 1));
            }
            return Some(("&rsquo;", 1));
        }
        // Smiths', doin' (goldmark's condition reduces to this)
        if line.len() > 2 && !rune1.is_some_and(is_decimal_digit) {
            return Some(("&rsquo;", 1));
        }
        if *single > 0 {
            let is_close = can_close && !can_open;
            let maybe_close = can_close
                && can_open
                && line.len() > 1
                && rune1.is_some_and(is_punct)
                && (line.len() == 2 || (line.len() > 2 && is_ascii_punct(2)) || is_ascii_space(2));
            if is_close || maybe_close {
                *single -= 1;
                return Some(("&rsquo;", 1));
            }
        }
        return None;
    }
    // c == '"'
    if can_open && !can_close {
        *double += 1;
        return Some(("&ldquo;", 1));
    }
    if *double > 0 {
        let is_close = can_close && !can_open;
        let maybe_close = can_close
            && can_open
            && line.len() > 1
            && rune1.is_some_and(is_punct)
            && (line.len() == 2 || (line.len() > 2 && is_ascii_punct(2)) || is_ascii_space(2));
        if is_close || maybe_close {
            // "Monitor 21""
            if line.len() > 1 && at(1) == Some(b'"') && is_decimal_digit(before) {
                return None;
            }
            *double -= 1;
            return Some(("&rdquo;", 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::Event;

    use crate::syntax::anchors::testing::{headings, id, some};
    use crate::syntax::anchors::{AutoIdType, IdFactory, plain_text};

    #[test]
    fn substitutions() {
        assert_eq!(id("## --leading"), some("leading"));
        // As a heading, `--` is an en dash (the sanitiser alone keeps `--`).
        assert_eq!(id("## Multiple--Hyphens"), some("multiplehyphens"));
        assert_eq!(id("## Em---dash and ----four"), some("emdash-and--four"));
        assert_eq!(id("## Wait... what"), some("wait-what"));
        assert_eq!(id("## \"Quoted\" and it's"), some("quoted-and-its"));
        let mut ids = IdFactory::new(AutoIdType::Github);
        let (_, events) = headings("## a -- b").remove(0);
        let events: Vec<Event<'_>> = events.into_iter().map(|(e, _)| e).collect();
        assert_eq!(plain_text(&events, false), "a -- b");
        assert_eq!(ids.generate(&plain_text(&events, true)).unwrap().0, "a--b");
    }
}
