//! The three sanitisers of `markup.goldmark.parser.autoIDType` (`github`, `github-ascii`,
//! `blackfriday`): heading text → an ID, without the `heading` fallback or a `-N` suffix.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::syntax::unicode::{is_decimal_digit, is_letter, to_lower};

/// `markup.goldmark.parser.autoIDType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AutoIdType {
    #[default]
    Github,
    GithubAscii,
    Blackfriday,
}

impl AutoIdType {
    pub fn from_config(s: &str) -> Option<AutoIdType> {
        match s.to_ascii_lowercase().as_str() {
            "github" => Some(AutoIdType::Github),
            "github-ascii" => Some(AutoIdType::GithubAscii),
            "blackfriday" => Some(AutoIdType::Blackfriday),
            _ => None,
        }
    }
}

/// Turn heading text into an ID with the given sanitiser (no `heading` fallback, no suffix).
/// This is also what Hugo's `anchorize` template function returns.
pub fn sanitize(text: &str, ty: AutoIdType) -> String {
    match ty {
        AutoIdType::Github => github(text, false),
        AutoIdType::GithubAscii => github(&remove_accents(text), true),
        AutoIdType::Blackfriday => blackfriday(text),
    }
}

/// `github` and `github-ascii`: trim Unicode white space, then per rune: ` ` and `-` become `-`,
/// `_`, letters and decimal digits are kept lower-cased, everything else is dropped.
fn github(text: &str, ascii_only: bool) -> String {
    // Go's `bytes.TrimSpace` trims `unicode.IsSpace`, the White_Space property, like `str::trim`.
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if ascii_only && !c.is_ascii() {
            continue;
        }
        match c {
            ' ' | '-' => out.push('-'),
            '_' => out.push('_'),
            c if is_letter(c) || is_decimal_digit(c) => out.push(to_lower(c)),
            _ => {}
        }
    }
    out
}

/// Blackfriday's `SanitizedAnchorName`: letters and numbers kept lower-cased, any run of other
/// characters becomes one `-` between two kept characters.
fn blackfriday(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if is_letter(c) || c.is_numeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(to_lower(c));
        } else {
            dash = true;
        }
    }
    out
}

/// Hugo's `RemoveAccents`: NFD, drop nonspacing marks, NFC. Marks of the other categories are
/// dropped too; `github-ascii` keeps only ASCII afterwards, and no ASCII character composes with
/// a spacing or enclosing mark, so the result is the same.
fn remove_accents(text: &str) -> String {
    text.nfd()
        .filter(|&c| !is_combining_mark(c))
        .nfc()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // HUGO-SPEC §4.6 rows 1–16: the sanitisers alone (Hugo's own unit tests).
    #[test]
    fn github_sanitiser() {
        let gh = |s| sanitize(s, AutoIdType::Github);
        assert_eq!(gh("God is good: 神真美好"), "god-is-good-神真美好");
        assert_eq!(gh("Number 32"), "number-32");
        assert_eq!(gh("Question?"), "question");
        assert_eq!(gh("1+2=3"), "123");
        assert_eq!(
            gh("Special !\"#$%&(parens)=?´* chars"),
            "special-parens-chars"
        );
        assert_eq!(gh("Resumé"), "resumé");
        assert_eq!(gh("Multiple--Hyphens"), "multiple--hyphens");
        assert_eq!(gh("Trailing hyphen-"), "trailing-hyphen-");
        assert_eq!(gh("Many   spaces  here"), "many---spaces--here");
        assert_eq!(gh("Forward/slash"), "forwardslash");
        assert_eq!(gh("Backward\\slash"), "backwardslash");
        assert_eq!(gh("Under_score"), "under_score");
        assert_eq!(gh("Nonbreaking\u{a0}Space"), "nonbreakingspace");
        assert_eq!(gh("Tab\tSpace"), "tabspace");
        assert_eq!(gh("Trailing Space "), "trailing-space");
        // Unicode white space is trimmed, before anything is dropped.
        assert_eq!(gh("\u{3000}\u{a0} x \u{2003}"), "x");
        assert_eq!(gh("🎉 Emoji party"), "-emoji-party");
        // Marks are not letters (Hindi vowel signs go); No and Nl numbers are not digits.
        assert_eq!(gh("Hindi हिन्दी"), "hindi-हनद");
        assert_eq!(gh("Ünïcödé ½ ² x³ Straße"), "ünïcödé---x-straße");
        assert_eq!(gh("Ⅻ ٣ ３"), "-٣-３");
        // Circled and squared Latin letters are Alphabetic, but symbols.
        assert_eq!(gh("Ⓐ🄰ａ"), "ａ");
        // Go lower-cases rune by rune, with the simple mapping.
        assert_eq!(gh("İSTANBUL ẞ ǅ Σ"), "istanbul-ß-ǆ-σ");
    }

    #[test]
    fn github_ascii_sanitiser() {
        let ascii = |s| sanitize(s, AutoIdType::GithubAscii);
        assert_eq!(ascii("Resumé"), "resume");
        assert_eq!(ascii("god is神真美好 good"), "god-is-good");
        assert_eq!(
            ascii("Ā ā Ă ă Ą ą Ć ć Ĉ ĉ Ċ ċ Č č Ď"),
            "a-a-a-a-a-a-c-c-c-c-c-c-c-c-d"
        );
        assert_eq!(ascii("Ünïcödé Straße"), "unicode-strae");
        assert_eq!(ascii("K Kelvin Å"), "k-kelvin-a");
        assert_eq!(ascii("良善天父"), "");
        assert_eq!(ascii("你好 世界"), "-");
    }

    #[test]
    fn blackfriday_sanitiser() {
        let bf = |s| sanitize(s, AutoIdType::Blackfriday);
        assert_eq!(bf("Let's try this, shall we?"), "let-s-try-this-shall-we");
        assert_eq!(bf("  --Leading and trailing--  "), "leading-and-trailing");
        assert_eq!(bf("Ünïcödé ½ ² x³"), "ünïcödé-½-²-x³");
        assert_eq!(bf("under_score.dot"), "under-score-dot");
        assert_eq!(bf("God is good: 神真美好"), "god-is-good-神真美好");
        assert_eq!(bf("!!!"), "");
    }
}
