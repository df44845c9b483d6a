//! Paths as Hugo makes them of names and titles: its `paths.Sanitize` (the characters a path
//! keeps), `removePathAccents`, `disablePathToLower`, and the two ways it is applied — to a file's
//! path (each space a hyphen first) and to a value put in a URL (`urlize`: a run of white space one
//! hyphen).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::syntax::unicode::{is_decimal_digit, is_letter, to_lower};

/// How the site makes paths.
#[derive(Debug, Clone, Copy, Default)]
pub struct PathRules {
    pub disable_path_to_lower: bool,
    pub remove_path_accents: bool,
}

/// Whether Hugo keeps a character in a path: letters, digits, marks, `.` `/` `\` `_` `#` `+`
/// `~` `-` `@`, and `%` before two hex digits.
fn allowed(s: &[u8], i: usize, c: char) -> bool {
    if c == ' ' {
        return false;
    }
    is_letter(c)
        || is_decimal_digit(c)
        || matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@')
        || is_combining_mark(c)
        || (c == '%'
            && i + 2 < s.len()
            && s[i + 1].is_ascii_hexdigit()
            && s[i + 2].is_ascii_hexdigit())
}

/// Hugo's `paths.Sanitize`: characters a path does not keep are dropped, and white space (after
/// something kept, not after a hyphen) becomes one hyphen before the next kept character.
pub fn sanitize(s: &str) -> String {
    let bytes = s.as_bytes();
    if s.char_indices().all(|(i, c)| allowed(bytes, i, c)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let (mut prepend_hyphen, mut was_hyphen) = (false, false);
    for (i, c) in s.char_indices() {
        if allowed(bytes, i, c) {
            was_hyphen = c == '-';
            if prepend_hyphen {
                if !was_hyphen {
                    out.push('-');
                }
                prepend_hyphen = false;
            }
            out.push(c);
        } else if !out.is_empty() && !was_hyphen && c.is_whitespace() {
            prepend_hyphen = true;
        }
    }
    out
}

/// Hugo's `text.RemoveAccentsString`: decomposed, nonspacing marks removed, composed again.
fn remove_accents(s: &str) -> String {
    s.nfd().filter(|c| !is_nonspacing_mark(*c)).nfc().collect()
}

/// Category Mn, as far as the normalisation tables tell: combining marks that attach to a base
/// (a non-zero combining class: every accent NFD splits off a Latin, Greek or Cyrillic letter).
/// Marks of class 0 (Indic vowel signs, most of them Mc) are kept; Hugo would drop the Mn ones
/// among them. Only `removePathAccents` asks.
fn is_nonspacing_mark(c: char) -> bool {
    is_combining_mark(c) && unicode_normalization::char::canonical_combining_class(c) != 0
}

fn lower(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.chars().map(to_lower).collect()
    }
}

/// Hugo's `urlize` (its `MakePathSanitized`): sanitised, accents removed if the site says so,
/// lower-cased unless `disablePathToLower`. For permalink tokens and `urlize` in templates.
pub fn urlize(s: &str, rules: PathRules) -> String {
    let mut p = sanitize(s);
    if rules.remove_path_accents {
        p = remove_accents(&p);
    }
    if rules.disable_path_to_lower {
        p
    } else {
        lower(&p)
    }
}

/// A permalink token's value (`:title`, `:slug`, `:filename`…): Hugo's `URLize`, `urlize`d and
/// through Go's URL parsing (a `#` starts a fragment: kept when something follows it). The
/// expanded pattern is then made a path by [`expanded_permalink`].
pub fn token(s: &str, rules: PathRules) -> String {
    let u = urlize(s, rules);
    match u.split_once('#') {
        Some((path, "")) => path.to_string(),
        _ => u,
    }
}

/// An expanded permalink pattern as Hugo makes it a page's path (hugolib/page__paths.go):
/// unescaped as a query is (`+` a space, `%XX` its byte; left as it is when an escape is
/// malformed), cleaned as Go's `path.Clean` does (its trailing slash kept), then `urlize`d
/// whole. The tokens in it were `urlize`d each.
pub fn expanded_permalink(s: &str, rules: PathRules) -> String {
    let unescaped = query_unescape(s).unwrap_or_else(|| s.to_string());
    let trailing = unescaped.ends_with('/');
    let mut clean = go_path_clean(&unescaped);
    if trailing && !clean.ends_with('/') {
        clean.push('/');
    }
    urlize(&clean, rules)
}

/// Go's `url.QueryUnescape`; `None` for a `%` not followed by two hex digits.
pub fn query_unescape(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = b.get(i + 1..i + 3)?;
                let v = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
                out.push(v);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// Go's `path.Clean`: one slash for a run, no `.` elements, `..` taken back, no trailing slash.
fn go_path_clean(p: &str) -> String {
    if p.is_empty() {
        return ".".to_string();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => ["/", &joined].concat(),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// A content file's path (or a content adapter's page path) as its URL: each space a hyphen
/// (lower-cased unless `disablePathToLower`), then sanitised.
pub fn file_path(s: &str, rules: PathRules) -> String {
    let plain = s.bytes().all(|b| {
        b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~' | b'+' | b'@')
    });
    if plain {
        return if rules.disable_path_to_lower {
            s.to_string()
        } else {
            s.to_ascii_lowercase()
        };
    }
    // Hugo's normalised (lower-cased) path has each space a hyphen; with `disablePathToLower`
    // the path is taken as written, and sanitising makes a run of white space one hyphen.
    let cased = if rules.disable_path_to_lower {
        s.to_string()
    } else {
        lower(&s.replace(' ', "-"))
    };
    // Each segment on its own: white space after a folder's `/` is not a hyphen.
    let mut p = cased.split('/').map(sanitize).collect::<Vec<_>>().join("/");
    if rules.remove_path_accents {
        p = remove_accents(&p);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_keeps_what_hugo_keeps() {
        assert_eq!(sanitize("Dune: Part Two!"), "Dune-Part-Two");
        assert_eq!(sanitize("a  b"), "a-b");
        assert_eq!(sanitize("a - b"), "a-b");
        assert_eq!(sanitize(" lead"), "lead");
        assert_eq!(sanitize("100%25 sure%"), "100%25-sure");
        assert_eq!(sanitize("C++ & C#"), "C++-C#");
        assert_eq!(sanitize("日本語 の テスト"), "日本語-の-テスト");
    }

    #[test]
    fn file_paths_and_titles_differ_on_spaces() {
        let r = PathRules::default();
        assert_eq!(file_path("My Docs/Ça  va", r), "my-docs/ça--va");
        assert_eq!(file_path("Foo (bar)!", r), "foo-bar");
        assert_eq!(urlize("Ça  va", r), "ça-va");
        let accents = PathRules {
            remove_path_accents: true,
            ..r
        };
        assert_eq!(urlize("Ça va", accents), "ca-va");
    }
}
