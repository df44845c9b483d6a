//! Character classes as Hugo and goldmark see them: Go's `unicode` package (Unicode 17 in Hugo
//! 0.168, built with Go 1.27) and goldmark's own blanks; shared by the heading IDs and the
//! shortcode lexer. `IsLetter` is `char::is_alphabetic` without marks, numbers and the
//! circled/squared Latin symbols; `IsDigit` is the `Nd` table below; lower-casing is rune to
//! rune.

use unicode_normalization::char::is_combining_mark;

/// Go's `unicode.IsLetter` (categories Lu, Ll, Lt, Lm, Lo).
pub(crate) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    // Alphabetic = L* + Nl + Other_Alphabetic. Other_Alphabetic is marks, plus the circled and
    // squared Latin letters, which are symbols (So).
    c.is_alphabetic()
        && !c.is_numeric()
        && !is_combining_mark(c)
        && !matches!(c, '\u{24B6}'..='\u{24E9}'
            | '\u{1F130}'..='\u{1F149}'
            | '\u{1F150}'..='\u{1F169}'
            | '\u{1F170}'..='\u{1F189}')
}

/// Go's `unicode.IsDigit` (category Nd), Unicode 17.
pub(crate) fn is_decimal_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    let c = c as u32;
    DECIMAL_DIGITS
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Category Nd outside ASCII (Unicode 17.0), as Go 1.27's `unicode.Digit`.
const DECIMAL_DIGITS: &[(u32, u32)] = &[
    (0x660, 0x669),
    (0x6F0, 0x6F9),
    (0x7C0, 0x7C9),
    (0x966, 0x96F),
    (0x9E6, 0x9EF),
    (0xA66, 0xA6F),
    (0xAE6, 0xAEF),
    (0xB66, 0xB6F),
    (0xBE6, 0xBEF),
    (0xC66, 0xC6F),
    (0xCE6, 0xCEF),
    (0xD66, 0xD6F),
    (0xDE6, 0xDEF),
    (0xE50, 0xE59),
    (0xED0, 0xED9),
    (0xF20, 0xF29),
    (0x1040, 0x1049),
    (0x1090, 0x1099),
    (0x17E0, 0x17E9),
    (0x1810, 0x1819),
    (0x1946, 0x194F),
    (0x19D0, 0x19D9),
    (0x1A80, 0x1A89),
    (0x1A90, 0x1A99),
    (0x1B50, 0x1B59),
    (0x1BB0, 0x1BB9),
    (0x1C40, 0x1C49),
    (0x1C50, 0x1C59),
    (0xA620, 0xA629),
    (0xA8D0, 0xA8D9),
    (0xA900, 0xA909),
    (0xA9D0, 0xA9D9),
    (0xA9F0, 0xA9F9),
    (0xAA50, 0xAA59),
    (0xABF0, 0xABF9),
    (0xFF10, 0xFF19),
    (0x104A0, 0x104A9),
    (0x10D30, 0x10D39),
    (0x10D40, 0x10D49),
    (0x11066, 0x1106F),
    (0x110F0, 0x110F9),
    (0x11136, 0x1113F),
    (0x111D0, 0x111D9),
    (0x112F0, 0x112F9),
    (0x11450, 0x11459),
    (0x114D0, 0x114D9),
    (0x11650, 0x11659),
    (0x116C0, 0x116C9),
    (0x116D0, 0x116E3),
    (0x11730, 0x11739),
    (0x118E0, 0x118E9),
    (0x11950, 0x11959),
    (0x11BF0, 0x11BF9),
    (0x11C50, 0x11C59),
    (0x11D50, 0x11D59),
    (0x11DA0, 0x11DA9),
    (0x11DE0, 0x11DE9),
    (0x11F50, 0x11F59),
    (0x16130, 0x16139),
    (0x16A60, 0x16A69),
    (0x16AC0, 0x16AC9),
    (0x16B50, 0x16B59),
    (0x16D70, 0x16D79),
    (0x1CCF0, 0x1CCF9),
    (0x1D7CE, 0x1D7FF),
    (0x1E140, 0x1E149),
    (0x1E2F0, 0x1E2F9),
    (0x1E4F0, 0x1E4F9),
    (0x1E5F1, 0x1E5FA),
    (0x1E950, 0x1E959),
    (0x1FBF0, 0x1FBF9),
];

/// Go's `unicode.ToLower`: the simple, one-rune mapping. Rust's `char::to_lowercase` is the
/// full mapping, which differs only for `İ` (U+0130, `i` + combining dot above).
pub(crate) fn to_lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c == '\u{130}' {
        return 'i';
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// The rune that starts at byte `i` of `line`.
pub(crate) fn rune_at(line: &[u8], i: usize) -> Option<char> {
    let rest = line.get(i..)?;
    let end = rest.len().min(4);
    (1..=end).find_map(|n| std::str::from_utf8(&rest[..n]).ok()?.chars().next())
}

/// Go's `unicode.IsPunct || unicode.IsSymbol`. Exact for ASCII; beyond it, any character that
/// is not a letter, number, mark, space, control or format character.
pub(crate) fn is_punct_or_symbol(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    !(c.is_alphanumeric()
        || c.is_whitespace()
        || c.is_control()
        || is_combining_mark(c)
        || matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
        || matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..))
}

/// Go's `unicode.IsPunct` (P*): as [`is_punct_or_symbol`] without the main symbol blocks.
pub(crate) fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation()
            && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~');
    }
    is_punct_or_symbol(c)
        && !matches!(c, '\u{A2}'..='\u{A9}' | '\u{AC}' | '\u{AE}'..='\u{B1}' | '\u{B4}' | '\u{B8}' | '\u{D7}' | '\u{F7}'
            | '\u{2044}' | '\u{2052}' | '\u{207A}'..='\u{207C}' | '\u{208A}'..='\u{208C}'
            | '\u{20A0}'..='\u{20CF}' | '\u{2100}'..='\u{214F}' | '\u{2190}'..='\u{2307}'
            | '\u{230C}'..='\u{2328}' | '\u{232B}'..='\u{2767}' | '\u{2794}'..='\u{27C4}'
            | '\u{27C7}'..='\u{27E5}' | '\u{27F0}'..='\u{2982}' | '\u{2999}'..='\u{29D7}'
            | '\u{29DC}'..='\u{29FB}' | '\u{29FE}'..='\u{2B73}' | '\u{1F000}'..='\u{1FBFF}')
}

/// goldmark's `util.IsSpace`.
pub(crate) fn is_goldmark_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}
