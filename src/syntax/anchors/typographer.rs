//! goldmark's typographer extension, as far as it cuts heading text into nodes: dashes,
//! ellipses, angle quotes, and quotes and apostrophes by their flanking.

use std::borrow::Cow;

use super::delimiters::flanking;
use crate::syntax::unicode::{
    is_decimal_digit, is_goldmark_space, is_letter, is_punct, is_punct_or_symbol, rune_at,
};
use Punctuation::*;

/// What the typographer replaces: goldmark's `TypographicPunctuation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Punctuation {
    LeftSingleQuote,
    RightSingleQuote,
    LeftDoubleQuote,
    RightDoubleQuote,
    EnDash,
    EmDash,
    Ellipsis,
    LeftAngleQuote,
    RightAngleQuote,
    Apostrophe,
}

impl Punctuation {
    pub const ALL: [Punctuation; 10] = [
        LeftSingleQuote,
        RightSingleQuote,
        LeftDoubleQuote,
        RightDoubleQuote,
        EnDash,
        EmDash,
        Ellipsis,
        LeftAngleQuote,
        RightAngleQuote,
        Apostrophe,
    ];

    /// Its key under `markup.goldmark.extensions.typographer` (`enDash`).
    pub fn config_key(self) -> &'static str {
        match self {
            LeftSingleQuote => "leftSingleQuote",
            RightSingleQuote => "rightSingleQuote",
            LeftDoubleQuote => "leftDoubleQuote",
            RightDoubleQuote => "rightDoubleQuote",
            EnDash => "enDash",
            EmDash => "emDash",
            Ellipsis => "ellipsis",
            LeftAngleQuote => "leftAngleQuote",
            RightAngleQuote => "rightAngleQuote",
            Apostrophe => "apostrophe",
        }
    }
}

/// The typographer's substitutions: what each [`Punctuation`] becomes, as written in the page
/// (an entity such as `&ndash;` is resolved with the rest of the heading text). Hugo hands
/// goldmark all ten, its defaults (goldmark's) under the site's own, so each is always replaced,
/// with an empty text when the site says `""`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typographer {
    substitutions: [Cow<'static, str>; 10],
}

/// Hugo's default substitutions.
pub static HUGO_TYPOGRAPHER: Typographer = Typographer::HUGO;

impl Typographer {
    pub const HUGO: Typographer = Typographer {
        substitutions: [
            Cow::Borrowed("&lsquo;"),
            Cow::Borrowed("&rsquo;"),
            Cow::Borrowed("&ldquo;"),
            Cow::Borrowed("&rdquo;"),
            Cow::Borrowed("&ndash;"),
            Cow::Borrowed("&mdash;"),
            Cow::Borrowed("&hellip;"),
            Cow::Borrowed("&laquo;"),
            Cow::Borrowed("&raquo;"),
            Cow::Borrowed("&rsquo;"),
        ],
    };

    /// What `p` becomes.
    pub fn get(&self, p: Punctuation) -> &str {
        &self.substitutions[p as usize]
    }

    pub fn set(&mut self, p: Punctuation, value: String) {
        self.substitutions[p as usize] = Cow::Owned(value);
    }
}

impl Default for Typographer {
    fn default() -> Self {
        Typographer::HUGO
    }
}

/// goldmark's typographer at the start of `line` (`run`: how many times its first character
/// repeats; `before`: the preceding character). Returns the punctuation found and the bytes it
/// replaces.
pub(super) fn typographer(
    line: &[u8],
    run: usize,
    before: char,
    single: &mut i32,
    double: &mut i32,
) -> Option<(Punctuation, usize)> {
    let c = *line.first()?;
    let at = |i: usize| line.get(i).copied();
    if line.len() > 2 {
        if c == b'-' && at(1) == Some(b'-') && at(2) == Some(b'-') {
            return Some((EmDash, 3));
        }
        if c == b'.' {
            if at(1) == Some(b'.') && at(2) == Some(b'.') {
                return Some((Ellipsis, 3));
            }
            return None;
        }
    }
    if line.len() > 1 {
        if c == b'<' {
            return (at(1) == Some(b'<')).then_some((LeftAngleQuote, 2));
        }
        if c == b'>' {
            return (at(1) == Some(b'>')).then_some((RightAngleQuote, 2));
        }
        if c == b'-' && at(1) == Some(b'-') {
            return Some((EnDash, 2));
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
                return Some((Apostrophe, 1));
            }
        }
        // 'twas, 'em, 'net
        if line.len() > 1
            && (is_punct(before) || before.is_whitespace())
            && matches!(at(1), Some(b't' | b'e' | b'n' | b'l'))
        {
            return Some((Apostrophe, 1));
        }
        // an apostrophe between a letter or digit and a letter
        if line.len() > 1
            && (is_decimal_digit(before) || is_letter(before))
            && rune1.is_some_and(is_letter)
        {
            return Some((Apostrophe, 1));
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
                return Some((LeftSingleQuote, 1));
            }
            return Some((RightSingleQuote, 1));
        }
        // Smiths', doin' (goldmark's condition reduces to this)
        if line.len() > 2 && !rune1.is_some_and(is_decimal_digit) {
            return Some((RightSingleQuote, 1));
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
                return Some((RightSingleQuote, 1));
            }
        }
        return None;
    }
    // c == '"'
    if can_open && !can_close {
        *double += 1;
        return Some((LeftDoubleQuote, 1));
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
            return Some((RightDoubleQuote, 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::Event;

    use crate::syntax::anchors::testing::{headings, id, some};
    use crate::syntax::anchors::{AutoIdType, HUGO_TYPOGRAPHER, IdFactory, plain_text};

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
        assert_eq!(plain_text(&events, None), "a -- b");
        assert_eq!(
            ids.generate(&plain_text(&events, Some(&HUGO_TYPOGRAPHER)))
                .unwrap()
                .0,
            "a--b"
        );
    }
}
