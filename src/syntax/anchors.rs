//! Heading IDs exactly as Hugo's goldmark renders them (HUGO-SPEC §4): the plain text of a
//! heading, the three sanitisers, and the per-page ID factory with `-N` suffixes.
//!
//! Hugo computes an automatic ID from `TextPlain` of the goldmark heading node: the text of its
//! direct children, and of every other inline node **only its first child**, recursively. Which
//! node is "first" depends on how goldmark cuts a line into nodes, which is not how
//! pulldown-cmark cuts it into events: goldmark starts a new node at every typographer
//! substitution (`--`, `...`, quotes), every linkified URL (which contributes nothing), every
//! unmatched `*`/`_`/`~` run or `[`, and at the end of each line. [`read_heading`] rebuilds
//! goldmark's nodes from pulldown's events and the source; [`plain_text`] does the same from the
//! events alone, where escapes and numeric character references are lost.
//!
//! All character classes follow Go's `unicode` package (Unicode 17 in Hugo 0.168, built with
//! Go 1.27): `IsLetter` is `char::is_alphabetic` without marks, numbers and the circled/squared
//! Latin symbols; `IsDigit` is the `Nd` table below; lower-casing is rune to rune.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, LinkType, Tag};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

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

// ---------------------------------------------------------------------------------------------
// The sanitisers

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

/// Go's `unicode.IsLetter` (categories Lu, Ll, Lt, Lm, Lo).
fn is_letter(c: char) -> bool {
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
fn is_decimal_digit(c: char) -> bool {
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
fn to_lower(c: char) -> char {
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

// ---------------------------------------------------------------------------------------------
// The ID factory

/// One page's ID space: every ID recorded so far, explicit or automatic, in document order.
#[derive(Debug, Clone, Default)]
pub struct IdFactory {
    ty: AutoIdType,
    seen: HashSet<String>,
    /// For each base ID that needed a suffix, the last suffix given: every smaller one was taken
    /// then and still is (IDs are only added), so the search for a free one resumes after it.
    last_suffix: HashMap<String, u64>,
}

impl IdFactory {
    pub fn new(ty: AutoIdType) -> Self {
        IdFactory {
            ty,
            seen: HashSet::default(),
            last_suffix: HashMap::default(),
        }
    }

    /// Record an explicit `{#id}`: kept as is, even when it repeats an earlier ID.
    pub fn put(&mut self, id: &str) {
        if !self.seen.contains(id) {
            self.seen.insert(id.to_string());
        }
    }

    /// Whether `id` has been recorded (explicitly or automatically).
    pub fn contains(&self, id: &str) -> bool {
        self.seen.contains(id)
    }

    /// The automatic ID for heading text `text`: `None` for empty text (Hugo renders no id);
    /// otherwise the sanitised text (`heading` when that is empty), with the first free `-N`
    /// suffix when it is taken. The second value is the unsuffixed ID when a suffix was added.
    pub fn generate(&mut self, text: &str) -> Option<(String, Option<String>)> {
        self.generate_or(text, "heading")
    }

    /// `generate` with another fallback for text that sanitises to nothing (`term` for the
    /// definition-list terms of `autoDefinitionTermID`).
    pub fn generate_or(&mut self, text: &str, fallback: &str) -> Option<(String, Option<String>)> {
        if text.is_empty() {
            return None;
        }
        let mut base = sanitize(text, self.ty);
        if base.is_empty() {
            base = fallback.to_string();
        }
        if !self.seen.contains(&base) {
            self.seen.insert(base.clone());
            return Some((base, None));
        }
        let mut n: u64 = self.last_suffix.get(&base).map_or(1, |&n| n + 1);
        loop {
            let candidate = format!("{base}-{n}");
            if !self.seen.contains(&candidate) {
                self.seen.insert(candidate.clone());
                self.last_suffix.insert(base.clone(), n);
                return Some((candidate, Some(base)));
            }
            n += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading a heading

/// What Hugo reads from one heading.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeadingSource {
    /// The text the automatic ID is computed from: `TextPlain` of the heading, and for a setext
    /// heading over several lines only what follows the last line break.
    pub text: String,
    /// The `id` of a goldmark attribute block (`{#id}`, `{id="…"}`) at the end of the heading's
    /// last line. `Some("")` for `{#}`: Hugo renders `id=""`.
    pub explicit_id: Option<String>,
    /// Where the attribute block (`{` to `}`) is written, when there is one, with or without id.
    pub attributes_span: Option<Range<usize>>,
}

/// Read one heading the way Hugo does.
///
/// - `source`: the text pulldown-cmark parsed (offsets in `heading` and `events` point into it);
/// - `heading`: the range of pulldown's `Start(Heading)` event;
/// - `events`: the events between `Start(Heading)` and `End(Heading)`, with their ranges;
/// - `typographer`: goldmark's typographer extension is on (Hugo's default);
/// - `attributes`: `markup.goldmark.parser.attribute.title` (Hugo's default: on).
///
/// The attribute block is found with goldmark's rules, not pulldown's: `{#a/b}`, `\{#x}` and
/// `{#x bad=}` are heading text; `{#}` is an empty id; `{id="x"}` is `x`; an attribute block
/// followed by closing `#`s is text.
pub fn read_heading(
    source: &str,
    heading: Range<usize>,
    events: &[(Event<'_>, Range<usize>)],
    typographer: bool,
    attributes: bool,
) -> HeadingSource {
    read_heading_with(source, heading, events, typographer, attributes, true)
}

/// [`read_heading`]; `as_written` off walks even text that [`plain_as_written`] takes as it is
/// (for the test that holds the two together).
fn read_heading_with(
    source: &str,
    heading: Range<usize>,
    events: &[(Event<'_>, Range<usize>)],
    typographer: bool,
    attributes: bool,
    as_written: bool,
) -> HeadingSource {
    let heading = clamp(source, heading);
    // Ranges from a parse of `source` itself are already on its character boundaries; only
    // others (tests, fuzzing) need a clamped copy.
    let clamped: Vec<(Event<'_>, Range<usize>)>;
    let events = if events.iter().all(|(_, r)| clamp(source, r.clone()) == *r) {
        events
    } else {
        clamped = events
            .iter()
            .map(|(e, r)| (e.clone(), clamp(source, r.clone())))
            .collect();
        &clamped
    };
    let Some(line) = content_line(source, &heading, events) else {
        return HeadingSource::default();
    };
    let mut content_end = line.end;
    let mut explicit_id = None;
    let mut attributes_span = None;
    if attributes && let Some(block) = last_line_attributes(source, line.range()) {
        content_end = trim_end_at(source, line.start, block.span.start);
        explicit_id = block.id;
        attributes_span = Some(block.span);
    }
    if line.atx {
        content_end = atx_closing_sequence(source, line.start, content_end);
    }
    let content_start = events
        .iter()
        .map(|(_, r)| r.start)
        .min()
        .unwrap_or(line.start)
        .min(line.start);
    let content = content_start..content_end.max(content_start);
    let text = match plain_as_written(source, &content).filter(|_| as_written) {
        Some(text) => text.to_string(),
        None => {
            let items = items_from_ranged(source, events, &content);
            let multi_line = source[content.clone()].contains('\n');
            text_plain(source, &content, &items, typographer, multi_line)
        }
    };
    HeadingSource {
        text,
        explicit_id,
        attributes_span,
    }
}

/// Heading text that goldmark's inline parsers and typographer all leave as written: one line
/// of letters, digits, spaces and punctuation that starts nothing (no emphasis, code, link,
/// autolinked URL or e-mail, HTML, entity, escape, attribute block, dash or ellipsis), not
/// preceded by an escape. Most headings are such text; their `TextPlain` is the text itself,
/// without the inline walk (a differential test holds this against the walk).
fn plain_as_written<'s>(source: &'s str, content: &Range<usize>) -> Option<&'s str> {
    let text = &source[content.clone()];
    let inert = |b: u8| {
        b.is_ascii_alphanumeric()
            || b >= 0x80
            || matches!(
                b,
                b' ' | b',' | b':' | b';' | b'?' | b'/' | b'(' | b')' | b'+' | b'='
            )
            || matches!(b, b'.' | b'-' | b'#' | b'%' | b'!')
    };
    let plain = !text.is_empty()
        && text.bytes().all(inert)
        && !text.contains("--")
        && !text.contains("..")
        && !text.contains("://")
        && !text.contains("www.")
        && !text.ends_with(' ');
    // What precedes the text on its line is the ATX marker or indentation, never an escape
    // (a setext line starts at its first text event).
    let opens_line =
        content.start == 0 || matches!(source.as_bytes()[content.start - 1], b' ' | b'\t' | b'\n');
    (plain && opens_line).then_some(text)
}

/// Hugo's `TextPlain` of a heading from its inline events alone (the events between
/// `Start(Heading)` and `End(Heading)`, exclusive), for a setext heading over several lines only
/// the last line.
///
/// Without the source, a character written as an escape (`\*`) or a numeric reference
/// (`&#42;`) cannot be told from the character itself: an escaped character is assumed where
/// pulldown starts a new text event with ASCII punctuation, and numeric references are taken
/// as decoded (goldmark keeps them as written, so `&#35;` feeds `35` into the ID). Use
/// [`read_heading`] when the source is at hand.
pub fn plain_text(events: &[Event<'_>], typographer: bool) -> String {
    let (source, ranged) = synthesize_source(events);
    let content = 0..source.len();
    let items = items_from_events(&source, &ranged, &content, true);
    let multi_line = events
        .iter()
        .any(|e| matches!(e, Event::SoftBreak | Event::HardBreak));
    text_plain(&source, &content, &items, typographer, multi_line)
}

/// `r` inside `source`, on character boundaries.
fn clamp(source: &str, r: Range<usize>) -> Range<usize> {
    let floor = |mut i: usize| {
        i = i.min(source.len());
        while !source.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let end = floor(r.end);
    let start = floor(r.start.min(end));
    start..end
}

/// The last line of a heading's content, as goldmark gives it to the attribute parser.
struct ContentLine {
    start: usize,
    end: usize,
    atx: bool,
}

impl ContentLine {
    fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

fn content_line(
    source: &str,
    heading: &Range<usize>,
    events: &[(Event<'_>, Range<usize>)],
) -> Option<ContentLine> {
    let bytes = source.as_bytes();
    let text = &source[heading.clone()];
    let lead = text.len() - text.trim_start_matches([' ', '\t']).len();
    let start = heading.start + lead;
    let hashes = bytes[start..heading.end]
        .iter()
        .take_while(|&&b| b == b'#')
        .count();
    let after = bytes.get(start + hashes).copied();
    if (1..=6).contains(&hashes)
        && (start + hashes >= heading.end || matches!(after, Some(b' ' | b'\t' | b'\n' | b'\r')))
    {
        // ATX: after the opening `#`s and the blanks that follow, to the end of the line.
        let mut p = start + hashes;
        let line_end = memchr_line_end(source, p, heading.end);
        while p < line_end && matches!(bytes[p], b' ' | b'\t') {
            p += 1;
        }
        let end = trim_end_at(source, p, line_end);
        return Some(ContentLine {
            start: p,
            end,
            atx: true,
        });
    }
    // Setext: the line before the underline. Offsets of the inline events locate it.
    let last = events.iter().map(|(_, r)| r.end).max()?;
    let last = last.min(heading.end);
    let line_start = source[..last].rfind('\n').map_or(heading.start, |i| i + 1);
    let line_start = line_start.max(heading.start);
    let line_end = memchr_line_end(source, last, heading.end);
    let first_event_on_line = events
        .iter()
        .map(|(_, r)| r.start)
        .filter(|&s| s >= line_start)
        .min()
        .unwrap_or(line_start);
    Some(ContentLine {
        start: first_event_on_line,
        end: trim_end_at(source, first_event_on_line, line_end),
        atx: false,
    })
}

/// The end of the line that `from` is on (the offset of `\n`/`\r`), at most `limit`.
fn memchr_line_end(source: &str, from: usize, limit: usize) -> usize {
    let limit = limit.min(source.len());
    let from = from.min(limit);
    source.as_bytes()[from..limit]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(limit, |i| from + i)
}

/// `end` moved back over goldmark's blanks (space, tab, newline, vertical tab, form feed, CR), not
/// before `start`.
fn trim_end_at(source: &str, start: usize, end: usize) -> usize {
    let bytes = source.as_bytes();
    let mut end = end;
    while end > start && is_goldmark_space(bytes[end - 1]) {
        end -= 1;
    }
    end
}

fn is_goldmark_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// goldmark's ATX closing sequence: trailing `#`s preceded by a blank are not content; a line
/// of only `#`s is an empty heading.
fn atx_closing_sequence(source: &str, start: usize, end: usize) -> usize {
    let line = &source.as_bytes()[start..end];
    if line.is_empty() {
        return end;
    }
    let mut i = line.len() - 1;
    while line[i] == b'#' && i > 0 {
        i -= 1;
    }
    if i == 0 && line[0] == b'#' {
        return start;
    }
    if i != line.len() - 1 && is_goldmark_space(line[i]) {
        return trim_end_at(source, start, start + i);
    }
    end
}

// ---------------------------------------------------------------------------------------------
// goldmark's attribute block

struct AttributeBlock {
    span: Range<usize>,
    id: Option<String>,
}

/// goldmark's `parseLastLineAttributes`: scanning the line left to right (skipping escaped
/// punctuation), the first `{` that starts a valid attribute list followed only by blanks.
fn last_line_attributes(source: &str, line: Range<usize>) -> Option<AttributeBlock> {
    let bytes = &source.as_bytes()[..line.end];
    let mut p = line.start;
    while p < line.end {
        match bytes[p] {
            b'\n' => break,
            b'\\' => {
                p += 1;
                if p < line.end && bytes[p].is_ascii_punctuation() {
                    p += 1;
                }
                continue;
            }
            b'{' => {
                if let Some((end, id)) = parse_attributes(bytes, p)
                    && bytes[end..].iter().all(|&b| is_goldmark_space(b))
                {
                    return Some(AttributeBlock {
                        span: p..end,
                        id: id.map(|id| String::from_utf8_lossy(&id).into_owned()),
                    });
                }
            }
            _ => {}
        }
        p += 1;
    }
    None
}

/// A parsed attribute value; only strings can be IDs.
enum Value {
    Bytes(Vec<u8>),
    /// A number, boolean, null, array or map: where it is written.
    Other(Range<usize>),
}

/// goldmark's `ParseAttributes` at `b[p] == '{'`: the end offset and the last `id`.
fn parse_attributes(b: &[u8], p: usize) -> Option<(usize, Option<Vec<u8>>)> {
    let mut p = p + 1;
    let mut id = None;
    loop {
        if b.get(p) == Some(&b'}') {
            return Some((p + 1, id));
        }
        let (next, name, value) = parse_attribute(b, p)?;
        if name == b"id" {
            id = match value {
                Value::Bytes(v) => Some(v),
                // Hugo fails the build on a non-string id ("interface conversion"); keep the
                // value as written so the heading still has an id.
                Value::Other(r) => Some(b[r].to_vec()),
            };
        }
        p = skip_spaces(b, next);
        if b.get(p) == Some(&b',') {
            p = skip_spaces(b, p + 1);
        }
    }
}

fn skip_spaces(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && matches!(b[p], b' ' | b'\t' | 0x0B | 0x0C | b'\r') {
        p += 1;
    }
    p
}

fn parse_attribute(b: &[u8], p: usize) -> Option<(usize, &'static [u8], Value)> {
    let p = skip_spaces(b, p);
    let c = *b.get(p)?;
    if c == b'#' || c == b'.' {
        let start = p + 1;
        let mut i = start;
        while i < b.len()
            && b[i] != b'\n'
            && !is_goldmark_space(b[i])
            && (!b[i].is_ascii_punctuation() || matches!(b[i], b'_' | b'-' | b':' | b'.'))
        {
            i += 1;
        }
        let name: &'static [u8] = if c == b'#' { b"id" } else { b"class" };
        return Some((i, name, Value::Bytes(b[start..i].to_vec())));
    }
    if !(c.is_ascii_alphabetic() || c == b'_' || c == b':') {
        return None;
    }
    let mut i = p;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b':' | b'.' | b'-'))
    {
        i += 1;
    }
    let is_id = &b[p..i] == b"id";
    let is_class = &b[p..i] == b"class";
    let i = skip_spaces(b, i);
    if b.get(i) != Some(&b'=') {
        return None;
    }
    let i = skip_spaces(b, i + 1);
    let (end, value) = parse_value(b, i)?;
    if is_class && !matches!(value, Value::Bytes(_)) {
        return None;
    }
    let name: &'static [u8] = if is_id {
        b"id"
    } else if is_class {
        b"class"
    } else {
        b"other"
    };
    Some((end, name, value))
}

fn parse_value(b: &[u8], p: usize) -> Option<(usize, Value)> {
    let p = skip_spaces(b, p);
    let c = *b.get(p)?;
    match c {
        b'\n' => None,
        b'{' => parse_attributes(b, p).map(|(e, _)| (e, Value::Other(p..e))),
        b'[' => parse_array(b, p).map(|e| (e, Value::Other(p..e))),
        b'"' => parse_string(b, p).map(|(e, v)| (e, Value::Bytes(v))),
        b'-' | b'+' | b'0'..=b'9' => parse_number(b, p).map(|e| (e, Value::Other(p..e))),
        _ => {
            if !(c.is_ascii_alphabetic() || c == b'_' || c == b':') {
                return None;
            }
            let mut i = p;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b':' | b'.' | b'-'))
            {
                i += 1;
            }
            let v = &b[p..i];
            if v == b"true" || v == b"false" || v == b"null" {
                Some((i, Value::Other(p..i)))
            } else {
                Some((i, Value::Bytes(v.to_vec())))
            }
        }
    }
}

fn parse_array(b: &[u8], p: usize) -> Option<usize> {
    let mut p = p + 1;
    let mut first = true;
    loop {
        let c = b.get(p).copied();
        let mut comma = false;
        if !first && c == Some(b',') {
            p += 1;
            comma = true;
        }
        if c == Some(b']') {
            return (!comma).then_some(p + 1);
        }
        p = skip_spaces(b, p);
        let (end, _) = parse_value(b, p)?;
        p = skip_spaces(b, end);
        first = false;
    }
}

fn parse_string(b: &[u8], p: usize) -> Option<(usize, Vec<u8>)> {
    let mut i = p + 1;
    let mut out = Vec::new();
    while i < b.len() && b[i] != b'\n' {
        let c = b[i];
        if c == b'\\' && i + 1 < b.len() && b[i + 1] != b'\n' {
            let (s, n): (&[u8], usize) = match b[i + 1] {
                b'"' => (b"\"", 2),
                b'/' => (b"/", 2),
                b'\\' => (b"\\", 2),
                b'b' => (b"\x08", 2),
                b'f' => (b"\x0c", 2),
                b'n' => (b"\n", 2),
                b'r' => (b"\r", 2),
                b't' => (b"\t", 2),
                _ => (b"\\", 1),
            };
            out.extend_from_slice(s);
            i += n;
            continue;
        }
        if c == b'"' {
            return Some((i + 1, out));
        }
        out.push(c);
        i += 1;
    }
    None
}

fn parse_number(b: &[u8], p: usize) -> Option<usize> {
    let mut i = p;
    if matches!(b.get(i), Some(b'-' | b'+')) {
        i += 1;
    }
    let digits = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    i = digits(i);
    if b.get(i) == Some(&b'.') {
        i = digits(i + 1);
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let j = digits(i);
        if j == i {
            // `strconv.ParseFloat` rejects an empty exponent.
            return None;
        }
        i = j;
    }
    Some(i)
}

// ---------------------------------------------------------------------------------------------
// pulldown's events → inline items

/// An inline element as pulldown-cmark found it, with its place in the source.
#[derive(Debug)]
enum Item {
    /// Consecutive text events: the raw source (escapes and references as written).
    Text(Range<usize>),
    /// A code span: goldmark's first child of the span (its first line).
    Code(String),
    /// One raw HTML tag, comment, processing instruction, declaration or CDATA section.
    Html(Range<usize>),
    /// A line break: goldmark marks the last text node of the line.
    Break,
    /// Emphasis, strong, strikethrough, link, image: contributes its first child only.
    Container { label: bool, children: Vec<Item> },
    /// An autolink, a footnote reference, math: a node without text.
    Opaque,
}

fn items_from_ranged(
    source: &str,
    events: &[(Event<'_>, Range<usize>)],
    content: &Range<usize>,
) -> Vec<Item> {
    let mut items = items_from_events(source, events, content, false);
    // Text that pulldown read as an attribute block and goldmark does not (`{#a/b}`).
    let seen_end = events
        .iter()
        .map(|(_, r)| r.end)
        .filter(|&e| e <= content.end)
        .max()
        .unwrap_or(content.start)
        .max(content.start);
    if seen_end < content.end {
        push_text(&mut items, seen_end..content.end);
    }
    items
}

fn push_text(items: &mut Vec<Item>, r: Range<usize>) {
    if r.is_empty() {
        return;
    }
    if let Some(Item::Text(prev)) = items.last_mut() {
        prev.end = r.end.max(prev.end);
        return;
    }
    items.push(Item::Text(r));
}

/// Build the item tree. Events at or after `content.end` (goldmark's attribute block) are left
/// out. `synthetic` says the source was made up from the events (code spans are then taken
/// from the events).
fn items_from_events(
    source: &str,
    events: &[(Event<'_>, Range<usize>)],
    content: &Range<usize>,
    synthetic: bool,
) -> Vec<Item> {
    let bytes = source.as_bytes();
    let mut stack: Vec<(bool, Vec<Item>)> = Vec::new();
    let mut cur: Vec<Item> = Vec::new();
    let mut opaque_depth = 0usize;
    let mut opaque_kept = false;
    for (event, range) in events {
        let range = clamp(source, range.clone());
        if opaque_depth > 0 {
            match event {
                Event::Start(_) => opaque_depth += 1,
                Event::End(_) => {
                    opaque_depth -= 1;
                    if opaque_depth == 0 && opaque_kept {
                        cur.push(Item::Opaque);
                    }
                }
                _ => {}
            }
            continue;
        }
        let beyond = range.start >= content.end;
        match event {
            Event::Text(_) => {
                if beyond {
                    continue;
                }
                let end = range.end.min(content.end);
                if let Some(Item::Text(prev)) = cur.last_mut() {
                    prev.end = end.max(prev.end);
                    continue;
                }
                let mut start = range.start;
                // An escaped character's event starts after the backslash.
                if start > 0
                    && bytes[start - 1] == b'\\'
                    && bytes.get(start).is_some_and(u8::is_ascii_punctuation)
                {
                    start -= 1;
                }
                if start < end {
                    cur.push(Item::Text(start..end));
                }
            }
            Event::Code(code) => {
                if beyond {
                    continue;
                }
                let first = if synthetic {
                    code.to_string()
                } else {
                    code_first_child(&source[range.clone()]).unwrap_or_else(|| code.to_string())
                };
                cur.push(Item::Code(first));
            }
            Event::InlineHtml(_) | Event::Html(_) => {
                if !beyond {
                    cur.push(Item::Html(range.start..range.end.min(content.end)));
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if !beyond {
                    cur.push(Item::Break);
                }
            }
            Event::FootnoteReference(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                if !beyond {
                    cur.push(Item::Opaque);
                }
            }
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => {
                opaque_depth = 1;
                opaque_kept = !beyond;
            }
            Event::Start(tag) => {
                let label = matches!(tag, Tag::Link { .. } | Tag::Image { .. });
                stack.push((label, std::mem::take(&mut cur)));
            }
            Event::End(_) => {
                if let Some((label, parent)) = stack.pop() {
                    let children = std::mem::replace(&mut cur, parent);
                    if !children.is_empty() || !beyond {
                        cur.push(Item::Container { label, children });
                    }
                }
            }
            Event::Rule | Event::TaskListMarker(_) => {}
        }
    }
    while let Some((label, parent)) = stack.pop() {
        let children = std::mem::replace(&mut cur, parent);
        cur.push(Item::Container { label, children });
    }
    cur
}

/// goldmark's first child of a code span written as `raw` (backticks included): the content of
/// its first line, newline included, without the leading space when both ends have one.
fn code_first_child(raw: &str) -> Option<String> {
    let open = raw.bytes().take_while(|&b| b == b'`').count();
    let close = raw.bytes().rev().take_while(|&b| b == b'`').count();
    if open == 0 || close != open || raw.len() < open * 2 {
        return None;
    }
    let content = &raw[open..raw.len() - close];
    if !content.contains('\n') {
        return None; // pulldown's content is goldmark's then.
    }
    let blank = content.bytes().all(|b| b == b' ' || b == b'\n');
    let first_line = &content[..content.find('\n').map_or(content.len(), |i| i + 1)];
    let trim = !blank
        && matches!(content.as_bytes().first(), Some(b' ' | b'\n'))
        && matches!(content.as_bytes().last(), Some(b' ' | b'\n'));
    Some(if trim {
        first_line[1..].to_string()
    } else {
        first_line.to_string()
    })
}

/// A made-up source for events that come without one: text as decoded, markup as its usual
/// delimiters, so that the goldmark emulation can scan it.
fn synthesize_source(events: &[Event<'_>]) -> (String, Vec<(Event<'static>, Range<usize>)>) {
    let mut src = String::new();
    let mut out = Vec::with_capacity(events.len());
    let mut prev_text = false;
    let mut labels: Vec<bool> = Vec::new();
    for e in events {
        let start = src.len();
        match e {
            Event::Text(t) => {
                // pulldown starts a new text event at an escaped character (`\*b` → `*b`), and
                // often gives unmatched `[`, `]`, `` ` ``, `~`, `*`, `_` runs events of their own.
                let first = t.chars().next().unwrap_or(' ');
                let markup_run = matches!(first, '[' | ']' | '`' | '~' | '!' | '<' | '*' | '_')
                    && t.chars().all(|c| c == first);
                let s = src.len();
                let mut rest: &str = t;
                if !prev_text && (t.as_ref() == "\"" || t.as_ref() == "'") {
                    // A quote alone in its event is a reference (`&quot;`): pulldown keeps a
                    // written quote in the text around it. The typographer does not see it.
                    src.push_str(if first == '"' { "&quot;" } else { "&apos;" });
                    out.push((e.clone().into_static(), s..src.len()));
                    prev_text = true;
                    continue;
                }
                if prev_text && first.is_ascii_punctuation() && !markup_run {
                    // As written: the backslash and the character, which goldmark's entity
                    // pass may still read as the start of a reference (`\&amp;`).
                    src.push('\\');
                    src.push(first);
                    rest = &t[1..];
                }
                // Text is decoded already: keep `&` from being decoded a second time.
                src.push_str(&rest.replace('&', "&amp;"));
                out.push((e.clone().into_static(), s..src.len()));
                prev_text = true;
                continue;
            }
            Event::Code(t) => {
                src.push('`');
                src.push_str(t);
                src.push('`');
            }
            Event::InlineHtml(t) | Event::Html(t) => src.push_str(t),
            Event::SoftBreak => src.push('\n'),
            Event::HardBreak => src.push_str("\\\n"),
            Event::FootnoteReference(l) => {
                src.push_str("[^");
                src.push_str(l);
                src.push(']');
            }
            Event::Start(tag) => {
                let (open, label) = match tag {
                    Tag::Emphasis => ("*", false),
                    Tag::Strong => ("**", false),
                    Tag::Strikethrough => ("~~", false),
                    Tag::Link {
                        link_type: LinkType::Autolink | LinkType::Email,
                        ..
                    } => ("<", false),
                    Tag::Link { .. } => ("[", true),
                    Tag::Image { .. } => ("![", true),
                    _ => ("", false),
                };
                labels.push(label);
                src.push_str(open);
            }
            Event::End(end) => {
                let label = labels.pop().unwrap_or(false);
                let close = match end {
                    pulldown_cmark::TagEnd::Emphasis => "*",
                    pulldown_cmark::TagEnd::Strong => "**",
                    pulldown_cmark::TagEnd::Strikethrough => "~~",
                    pulldown_cmark::TagEnd::Link | pulldown_cmark::TagEnd::Image if label => "](u)",
                    pulldown_cmark::TagEnd::Link => ">",
                    _ => "",
                };
                src.push_str(close);
            }
            _ => {}
        }
        prev_text = false;
        out.push((e.clone().into_static(), start..src.len()));
    }
    (src, out)
}

// ---------------------------------------------------------------------------------------------
// Inline items → goldmark's nodes → TextPlain

/// A goldmark inline node, as far as `TextPlain` sees it.
#[derive(Debug)]
enum Node {
    /// `open`: a text that goldmark's `MergeOrAppendTextSegment` would extend. `brk`: it ends
    /// the line (soft or hard break): `TextPlain` adds `\n`.
    Text {
        s: String,
        brk: bool,
        open: bool,
    },
    /// A typographer substitution (an entity such as `&ndash;`).
    Str(&'static str),
    /// Raw HTML, tags stripped.
    Html(String),
    Container(Vec<Node>),
    Opaque,
    /// An unmatched `*`/`_`/`~` run, turned into text after inline parsing; whether it could
    /// open and close decides when.
    Delim {
        s: String,
        can_open: bool,
        can_close: bool,
    },
    /// A `[` or `![` that did not start a link: `closed` when a later `]` popped it.
    Label {
        s: String,
        closed: bool,
    },
}

struct Conv<'s> {
    src: &'s str,
    content: Range<usize>,
    /// Offsets of the line feeds inside `content`.
    newlines: Vec<usize>,
    typographer: bool,
    /// Offsets of text `[` (or `!` of `![`) that a later `]` closes.
    closed: HashSet<usize>,
    /// goldmark's link label states still open (linkify is off inside link labels).
    open_labels: usize,
    single_quotes: i32,
    double_quotes: i32,
    /// The last run of quotes measured: (quote, end offset).
    quote_run: Option<(u8, usize)>,
}

/// How a text run ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Follow {
    /// Another inline node on the same line.
    Node,
    /// A line break.
    Break,
    /// The end of the heading.
    End,
}

fn text_plain(
    source: &str,
    content: &Range<usize>,
    items: &[Item],
    typographer: bool,
    multi_line: bool,
) -> String {
    let mut conv = Conv {
        src: source,
        content: content.clone(),
        newlines: source.as_bytes()[content.clone()]
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .map(|(i, _)| content.start + i)
            .collect(),
        typographer,
        closed: HashSet::default(),
        open_labels: 0,
        single_quotes: 0,
        double_quotes: 0,
        quote_run: None,
    };
    let mut stack = Vec::new();
    conv.find_closed_labels(items, &mut stack);
    let nodes = conv.convert(items, true, false);
    let mut out = String::new();
    for n in &nodes {
        node_text(n, &mut out);
    }
    let out = resolve_entity_names(&out);
    if multi_line {
        match out.rfind('\n') {
            Some(i) => out[i + 1..].to_string(),
            None => out,
        }
    } else {
        out
    }
}

/// `textPlainTo`: text of a text node, first child of anything else.
fn node_text(n: &Node, out: &mut String) {
    match n {
        Node::Text { s, brk, .. } => {
            out.push_str(s);
            if *brk {
                out.push('\n');
            }
        }
        Node::Str(s) => out.push_str(s),
        Node::Html(s) => out.push_str(s),
        Node::Delim { s, .. } | Node::Label { s, .. } => out.push_str(s),
        Node::Container(children) => {
            if let Some(first) = children.first() {
                node_text(first, out);
            }
        }
        Node::Opaque => {}
    }
}

/// Does goldmark have an inline parser for this trigger character?
fn has_parsers(c: char, typographer: bool) -> bool {
    matches!(c, '`' | '!' | '[' | ']' | '<' | '*' | '_' | '~' | ' ' | '(')
        || (typographer && matches!(c, '\'' | '"' | '-' | '.' | ',' | '>'))
}

impl<'s> Conv<'s> {
    /// Which text `[` are closed by a later `]` (goldmark pops the newest label at each `]`).
    fn find_closed_labels(&mut self, items: &[Item], stack: &mut Vec<Option<usize>>) {
        for item in items {
            match item {
                Item::Text(r) => {
                    let b = self.src.as_bytes();
                    let mut p = r.start;
                    while p < r.end {
                        match b[p] {
                            b'\\' => {
                                p += 1;
                                if p < r.end && b[p].is_ascii_punctuation() {
                                    p += 1;
                                }
                                continue;
                            }
                            b'!' if b.get(p + 1) == Some(&b'[') && p + 1 < r.end => {
                                stack.push(Some(p));
                                p += 2;
                                continue;
                            }
                            b'[' => stack.push(Some(p)),
                            b']' => {
                                if let Some(Some(open)) = stack.pop() {
                                    self.closed.insert(open);
                                }
                            }
                            _ => {}
                        }
                        p += 1;
                    }
                }
                Item::Container { label, children } => {
                    if *label {
                        stack.push(None);
                    }
                    self.find_closed_labels(children, stack);
                    if *label {
                        // The link's own `]`.
                        if let Some(Some(open)) = stack.pop() {
                            self.closed.insert(open);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// goldmark's children of one container (or of the heading), after its delimiters and link
    /// labels have been turned back into text.
    fn convert(&mut self, items: &[Item], top: bool, emphasis: bool) -> Vec<Node> {
        let mut out = Vec::new();
        for (k, item) in items.iter().enumerate() {
            match item {
                Item::Text(r) => {
                    let follow = match items.get(k + 1) {
                        Some(Item::Break) => Follow::Break,
                        Some(_) => Follow::Node,
                        // A container's closing delimiter is a node; the heading's end is the
                        // end of its last line.
                        None if top => Follow::End,
                        None => Follow::Node,
                    };
                    self.scan(r.clone(), follow, &mut out);
                }
                Item::Break => {
                    if !matches!(k.checked_sub(1).map(|j| &items[j]), Some(Item::Text(_))) {
                        out.push(Node::Text {
                            s: String::new(),
                            brk: true,
                            open: false,
                        });
                    }
                }
                Item::Code(first) => out.push(Node::Container(vec![Node::Text {
                    s: first.clone(),
                    brk: false,
                    open: false,
                }])),
                Item::Html(r) => out.push(Node::Html(strip_html(&self.src[r.clone()]))),
                Item::Opaque => out.push(Node::Opaque),
                Item::Container { label, children } => {
                    if *label {
                        self.open_labels += 1;
                    }
                    let inner = self.convert(children, false, !*label);
                    if *label {
                        self.open_labels = self.open_labels.saturating_sub(1);
                    }
                    out.push(Node::Container(inner));
                }
            }
        }
        finish_level(out, emphasis)
    }

    /// The character before `p`, as goldmark's `PrecendingCharacter`.
    fn before(&self, p: usize) -> char {
        if p <= self.content.start {
            return '\n';
        }
        self.src[..p].chars().next_back().unwrap_or('\n')
    }

    /// The rest of the line from `p`, as goldmark's `PeekLine`: the newline is included, except
    /// on the heading's last line.
    fn line(&self, p: usize) -> &'s str {
        let src: &'s str = self.src;
        let end = self.content.end.min(src.len());
        let p = p.min(end);
        let next = self.newlines.partition_point(|&n| n < p);
        match self.newlines.get(next) {
            Some(&nl) if nl < end => &src[p..nl + 1],
            _ => &src[p..end],
        }
    }

    /// goldmark's inline loop over one run of text: where it starts new nodes.
    fn scan(&mut self, run: Range<usize>, follow: Follow, out: &mut Vec<Node>) {
        let src = self.src;
        let mut p = run.start;
        let mut seg = p;
        let mut at_start = true; // goldmark's `i == 0`: right after a node or at a line start
        let mut escaped = false;
        while p < run.end {
            let Some(c) = src[p..].chars().next() else {
                break;
            };
            let punct = c.is_ascii_punctuation();
            let space = matches!(c, ' ' | '\t' | '\u{0B}' | '\u{0C}');
            if (punct && !escaped) || space || at_start {
                let pc = if space || (at_start && !punct) {
                    ' '
                } else {
                    c
                };
                if has_parsers(pc, self.typographer) {
                    if !at_start {
                        merge_or_append(out, &src[seg..p]);
                        seg = p;
                    }
                    if let Some(len) = self.parse_at(pc, p, run.end, out) {
                        p += len;
                        seg = p;
                        at_start = true;
                        escaped = false;
                        continue;
                    }
                }
            }
            at_start = false;
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            }
            p += c.len_utf8();
        }
        let rest = &src[seg..run.end.max(seg)];
        match follow {
            Follow::Node => {
                if !rest.is_empty() {
                    merge_or_append(out, rest);
                }
            }
            // The end of a line is always a node of its own.
            Follow::Break | Follow::End => {
                if !rest.is_empty() || follow == Follow::Break {
                    out.push(Node::Text {
                        s: rest.to_string(),
                        brk: follow == Follow::Break,
                        open: false,
                    });
                }
            }
        }
    }

    /// The inline parsers goldmark tries at trigger `pc` (at offset `p`), given that pulldown
    /// found no code span, link, autolink or HTML here. Returns the bytes consumed by a node.
    fn parse_at(&mut self, pc: char, p: usize, end: usize, out: &mut Vec<Node>) -> Option<usize> {
        let src = self.src;
        let b = src.as_bytes();
        let run_of = |ch: u8| b[p..end].iter().take_while(|&&x| x == ch).count();
        match pc {
            '`' => {
                // An opener without a closer is a text node; text after it merges into it.
                let n = run_of(b'`');
                out.push(Node::Text {
                    s: src[p..p + n].to_string(),
                    brk: false,
                    open: true,
                });
                Some(n)
            }
            '!' => {
                if p + 1 < end && b[p + 1] == b'[' {
                    self.open_labels += 1;
                    out.push(Node::Label {
                        s: "![".to_string(),
                        closed: self.closed.contains(&p),
                    });
                    Some(2)
                } else {
                    None
                }
            }
            '[' => {
                self.open_labels += 1;
                out.push(Node::Label {
                    s: "[".to_string(),
                    closed: self.closed.contains(&p),
                });
                Some(1)
            }
            ']' => {
                self.open_labels = self.open_labels.saturating_sub(1);
                None
            }
            '<' => self.typographer_at(p, out),
            '*' | '_' => {
                let n = run_of(b[p]);
                out.push(self.delimiter(p, n));
                Some(n)
            }
            '~' => {
                // Only whether the run is longer than two matters.
                let n = b[p..end].iter().take(3).take_while(|&&x| x == b'~').count();
                if n <= 2 && self.before(p) != '~' {
                    let n = run_of(b'~');
                    out.push(self.delimiter(p, n));
                    Some(n)
                } else {
                    self.linkify_at(p, end, out)
                }
            }
            ' ' | '(' => self.linkify_at(p, end, out),
            _ => self.typographer_at(p, out),
        }
    }

    /// goldmark's `ScanDelimiter` for the run of `n` delimiter characters at `p`.
    fn delimiter(&self, p: usize, n: usize) -> Node {
        let before = self.before(p);
        let after = rune_at(self.line(p).as_bytes(), n).unwrap_or(' ');
        let (left, right) = flanking(before, after);
        let (can_open, can_close) = if self.src.as_bytes()[p] == b'_' {
            (
                left && (!right || is_punct_or_symbol(before)),
                right && (!left || is_punct_or_symbol(after)),
            )
        } else {
            (left, right)
        };
        Node::Delim {
            s: self.src[p..p + n].to_string(),
            can_open,
            can_close,
        }
    }

    /// goldmark's linkify extension at `p`.
    fn linkify_at(&mut self, p: usize, end: usize, out: &mut Vec<Node>) -> Option<usize> {
        if self.open_labels > 0 {
            return None;
        }
        let full = self.line(p);
        let full = &full[..full.len().min(end - p)];
        let (consumed, len) = linkify(full)?;
        if consumed {
            merge_or_append(out, &full[..1]);
        }
        out.push(Node::Opaque);
        Some(usize::from(consumed) + len)
    }

    /// goldmark's typographer at `p`.
    fn typographer_at(&mut self, p: usize, out: &mut Vec<Node>) -> Option<usize> {
        if !self.typographer {
            return None;
        }
        let line = self.line(p).as_bytes();
        let before = self.before(p);
        // The length of a run of quotes, remembered so that a long run is counted once.
        let c = line.first().copied()?;
        let run = match self.quote_run {
            Some((q, end)) if q == c && p < end => end - p,
            _ => {
                let n = line.iter().take_while(|&&x| x == c).count();
                self.quote_run = Some((c, p + n));
                n
            }
        };
        let (value, len) = typographer(
            line,
            run,
            before,
            &mut self.single_quotes,
            &mut self.double_quotes,
        )?;
        out.push(Node::Str(value));
        Some(len)
    }
}

/// goldmark's `MergeOrAppendTextSegment`.
fn merge_or_append(out: &mut Vec<Node>, s: &str) {
    if let Some(Node::Text {
        s: prev,
        brk: false,
        open: true,
    }) = out.last_mut()
    {
        prev.push_str(s);
        return;
    }
    out.push(Node::Text {
        s: s.to_string(),
        brk: false,
        open: true,
    });
}

/// Turn what is left of delimiters and link labels into text, as goldmark does after parsing:
/// a closed label and an unmatched delimiter merge into the text just before them (the text
/// after them stays a node of its own); a label never closed is a text node of its own.
///
/// What is "just before" depends on the order of the conversions: closed labels first (when
/// their `]` is parsed); then delimiters — inside emphasis first to last; elsewhere, first to
/// last those that can close but neither open nor find an opener, then the others last to
/// first; then labels never closed. A delimiter merges into the node before it if that node is
/// text by then.
fn finish_level(nodes: Vec<Node>, emphasis: bool) -> Vec<Node> {
    let mut labels_done: Vec<Node> = Vec::with_capacity(nodes.len());
    for n in nodes {
        match n {
            Node::Label { s, closed: true } => merge_or_replace(&mut labels_done, s),
            n => labels_done.push(n),
        }
    }
    // Delimiters converted in goldmark's first, forward pass (all of them inside emphasis).
    let mut early = vec![false; labels_done.len()];
    let mut openers: Vec<(u8, bool)> = Vec::new();
    for (i, n) in labels_done.iter().enumerate() {
        if let Node::Delim {
            s,
            can_open,
            can_close,
        } = n
        {
            let ch = s.as_bytes().first().copied().unwrap_or(b'*');
            let maybe_opener = openers.iter().any(|&(c, o)| c == ch && o);
            early[i] = emphasis || (*can_close && !*can_open && !maybe_opener);
            if !early[i] {
                openers.push((ch, *can_open));
            }
        }
    }
    let mut out: Vec<Node> = Vec::with_capacity(labels_done.len());
    // Whether the previous node is text when the current delimiter is converted.
    let mut prev_is_text = false;
    let mut prev_early_delim = false;
    for (i, n) in labels_done.into_iter().enumerate() {
        match n {
            Node::Delim { s, .. } => {
                // A delimiter converted early is text by the time this one is.
                if prev_is_text || prev_early_delim {
                    merge_or_replace(&mut out, s);
                } else {
                    out.push(Node::Text {
                        s,
                        brk: false,
                        open: false,
                    });
                }
                prev_is_text = false;
                prev_early_delim = early[i];
            }
            Node::Label { s, .. } => {
                out.push(Node::Text {
                    s,
                    brk: false,
                    open: false,
                });
                prev_is_text = false;
                prev_early_delim = false;
            }
            n => {
                prev_is_text = matches!(n, Node::Text { brk: false, .. });
                prev_early_delim = false;
                out.push(n);
            }
        }
    }
    out
}

/// goldmark's `MergeOrReplaceTextSegment` for a delimiter or label `s` that follows `out`.
fn merge_or_replace(out: &mut Vec<Node>, s: String) {
    if let Some(Node::Text {
        s: prev,
        brk: false,
        ..
    }) = out.last_mut()
    {
        prev.push_str(&s);
        return;
    }
    out.push(Node::Text {
        s,
        brk: false,
        open: false,
    });
}

// ---------------------------------------------------------------------------------------------
// goldmark's extensions, as far as they cut text

/// goldmark's typographer at the start of `line` (`run`: how many times its first character
/// repeats; `before`: the preceding character). Returns the substitution and the bytes it
/// replaces.
fn typographer(
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

/// The rune that starts at byte `i` of `line`.
fn rune_at(line: &[u8], i: usize) -> Option<char> {
    let rest = line.get(i..)?;
    let end = rest.len().min(4);
    (1..=end).find_map(|n| std::str::from_utf8(&rest[..n]).ok()?.chars().next())
}

/// goldmark's `ScanDelimiter` flanking rules (not `_`): (can open, can close).
fn flanking(before: char, after: char) -> (bool, bool) {
    let before_punct = is_punct_or_symbol(before);
    let before_space = before.is_whitespace();
    let after_punct = is_punct_or_symbol(after);
    let after_space = after.is_whitespace();
    let left = !after_space && (!after_punct || before_space || before_punct);
    let right = !before_space && (!before_punct || after_space || after_punct);
    (left, right)
}

/// Go's `unicode.IsPunct || unicode.IsSymbol`. Exact for ASCII; beyond it, any character that
/// is not a letter, number, mark, space, control or format character.
fn is_punct_or_symbol(c: char) -> bool {
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
fn is_punct(c: char) -> bool {
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
fn linkify(line: &str) -> Option<(bool, usize)> {
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

// ---------------------------------------------------------------------------------------------
// Raw HTML and entities

/// Hugo's `StripHTML` of one raw HTML node, trimmed: tags and comments go, processing
/// instructions, declarations and CDATA sections stay as text (Go's `html/template` only knows
/// tags and comments).
fn strip_html(raw: &str) -> String {
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

/// goldmark's `ResolveEntityNames`: named references (`&amp;`, `&ndash;`) become their
/// characters; numeric ones (`&#35;`) stay as written.
fn resolve_entity_names(s: &str) -> String {
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
    use super::*;
    use pulldown_cmark::{Options, Parser, TagEnd};

    fn options() -> Options {
        Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_DEFINITION_LIST
            | Options::ENABLE_HEADING_ATTRIBUTES
    }

    /// Every heading of `md`: (range, inner events with ranges).
    type Heading<'a> = (Range<usize>, Vec<(Event<'a>, Range<usize>)>);

    fn headings(md: &str) -> Vec<Heading<'_>> {
        let mut out = Vec::new();
        let mut open = None;
        for (e, r) in Parser::new_ext(md, options()).into_offset_iter() {
            match e {
                Event::Start(Tag::Heading { .. }) => open = Some((r, Vec::new())),
                Event::End(TagEnd::Heading(_)) => out.extend(open.take()),
                e => {
                    if let Some((_, events)) = open.as_mut() {
                        events.push((e, r));
                    }
                }
            }
        }
        out
    }

    /// The IDs Hugo gives the headings of `md` (`github` unless said), from the source.
    fn ids_with(md: &str, ty: AutoIdType) -> Vec<Option<String>> {
        let mut ids = IdFactory::new(ty);
        headings(md)
            .into_iter()
            .map(|(r, events)| {
                let h = read_heading(md, r, &events, true, true);
                match h.explicit_id {
                    Some(id) => {
                        ids.put(&id);
                        Some(id)
                    }
                    None => ids.generate(&h.text).map(|(id, _)| id),
                }
            })
            .collect()
    }

    /// The ID of the one heading in `md`, checked to be the same from the events alone.
    fn id(md: &str) -> Option<String> {
        let from_source = ids_with(md, AutoIdType::Github);
        assert_eq!(from_source.len(), 1, "{md:?} is not one heading");
        let (_, events) = headings(md).remove(0);
        let events: Vec<Event<'_>> = events.into_iter().map(|(e, _)| e).collect();
        let from_events = IdFactory::new(AutoIdType::Github)
            .generate(&plain_text(&events, true))
            .map(|(id, _)| id);
        assert_eq!(from_source[0], from_events, "{md:?}: source vs events");
        from_source.into_iter().next().flatten()
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

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

    #[test]
    fn id_factory_suffixes_and_explicit_ids() {
        let mut ids = IdFactory::new(AutoIdType::Github);
        assert_eq!(ids.generate(""), None);
        assert_eq!(ids.generate("A"), Some(("a".into(), None)));
        assert_eq!(ids.generate("A-1"), Some(("a-1".into(), None)));
        assert_eq!(ids.generate("A"), Some(("a-2".into(), Some("a".into()))));
        // Text that sanitises to nothing: `heading`, then `heading-1`.
        assert_eq!(ids.generate("!!!"), Some(("heading".into(), None)));
        assert_eq!(
            ids.generate(" "),
            Some(("heading-1".into(), Some("heading".into())))
        );
        // An explicit ID takes part; it is never renamed, even when it repeats.
        ids.put("bar");
        assert_eq!(
            ids.generate("Bar"),
            Some(("bar-1".into(), Some("bar".into())))
        );
        ids.put("bar");
        assert!(ids.contains("bar") && ids.contains("bar-1"));
        // The first free suffix, also after explicit IDs took some.
        ids.put("x-2");
        assert_eq!(ids.generate("x").unwrap().0, "x");
        assert_eq!(ids.generate("x").unwrap().0, "x-1");
        assert_eq!(ids.generate("x").unwrap().0, "x-3");
        ids.put("x-4");
        assert_eq!(ids.generate("x").unwrap().0, "x-5");
        // Many repeats stay fast (the search resumes after the last suffix).
        for n in 6..20_000 {
            assert_eq!(ids.generate("x").unwrap().0, format!("x-{n}"));
        }
    }

    // HUGO-SPEC §4.6 rows 17–42 (those that are a function of the heading alone), and the
    // quirks of goldmark's nodes, each checked with Hugo 0.168.
    #[test]
    fn spec_example_table() {
        assert_eq!(id("## Section 1.1"), some("section-11"));
        assert_eq!(id("## Some `inline` code"), some("some-inline-code"));
        assert_eq!(
            id("## Something to escape A < B && C > B"),
            some("something-to-escape-a--b--c--b")
        );
        assert_eq!(id("## Some <span>raw</span> HTML"), some("some-raw-html"));
        assert_eq!(
            id("## Some \"typographer\" markup"),
            some("some-typographer-markup")
        );
        assert_eq!(id("## A :snake: emoji"), some("a-snake-emoji"));
        assert_eq!(id("## A [link](https://example.org)"), some("a-link"));
        assert_eq!(id("## H~2~O"), some("h2o"));
        assert_eq!(
            id("## Example [hyperlink](https://example.com/) in a header"),
            some("example-hyperlink-in-a-header")
        );
        assert_eq!(
            id("## Hello **bold *nested* text** world"),
            some("hello-bold--world")
        );
        assert_eq!(id("## [Hugo *docs* site](/x)"), some("hugo"));
        assert_eq!(id("## An image ![kitten](a.jpg)"), some("an-image-kitten"));
        assert_eq!(
            ids_with("## !!!\n\n## !!!\n", AutoIdType::Github),
            [some("heading"), some("heading-1")]
        );
        assert_eq!(id("#"), None);
        assert_eq!(id("## Ünïcödé ½ ² x³ Straße"), some("ünïcödé---x-straße"));
        assert_eq!(id("## Hindi हिन्दी"), some("hindi-हनद"));
        assert_eq!(id("## 中文标题 with `code`"), some("中文标题-with-code"));
        assert_eq!(id("## 你好 世界"), some("你好-世界"));
        assert_eq!(id("## A &amp; B &copy; C"), some("a--b--c"));
        assert_eq!(id("## foo_bar-baz.qux"), some("foo_bar-bazqux"));
        assert_eq!(id("## 🎉 Emoji party"), some("-emoji-party"));
        assert_eq!(id("## C++ & Rust -- together"), some("c--rust--together"));
        assert_eq!(id("## 用户的快速采用"), some("用户的快速采用"));
    }

    #[test]
    fn typographer() {
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

    #[test]
    fn first_child_of_inline_containers() {
        // Text that goldmark splits where pulldown does not.
        assert_eq!(id("## *a_b*"), some("a_"));
        assert_eq!(id("## **a\\*b**"), some("ab"));
        assert_eq!(id("## [x & y](u)"), some("x--y"));
        assert_eq!(id("## *it's* mine"), some("it-mine"));
        assert_eq!(id("## *a [b] c*"), some("a-"));
        assert_eq!(id("## *a [b c*"), some("a"));
        assert_eq!(id("## *_a* underscore"), some("_-underscore"));
        assert_eq!(id("## *'quoted'*"), some("heading"));
        // A container whose first child has no text: no id at all.
        assert_eq!(id("## *<b>html</b> first*"), None);
        assert_eq!(id("## *`code` first*"), some("code"));
        assert_eq!(id("## [**Link bold**](/u)"), some("link-bold"));
        assert_eq!(id("## ![Alt *with* emphasis](b.png)"), some("alt"));
    }

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

    #[test]
    fn setext_headings_use_their_last_line() {
        assert_eq!(id("First line\nSecond line\n---\n"), some("second-line"));
        assert_eq!(id("Setext *ab\nc* d\n---\n"), some("d"));
        assert_eq!(id("Setext *a b\nc* d\n---\n"), some("setext-a-d"));
        assert_eq!(id("Hard\\\nbreak\n===\n"), some("break"));
        assert_eq!(id("> Quoted\n> setext\n> ---\n"), some("setext"));
        // The first child of the link is `Link`: the space before `text` ends a text node,
        // and the rest of the line is a node of its own (which carries the line break).
        assert_eq!(id("[Link text\nover lines](/u)\n---\n"), some("link"));
        assert_eq!(id("[Link\nover lines](/u)\n---\n"), None);
        assert_eq!(id("*Emphasis\nover lines* after\n---\n"), some("after"));
        assert_eq!(
            ids_with("Setext `code\nspan` tail\n---\n", AutoIdType::Github),
            [some("tail")]
        );
    }

    #[test]
    fn goldmark_attribute_blocks() {
        let read = |md: &str| {
            let (r, events) = headings(md).remove(0);
            read_heading(md, r, &events, true, true)
        };
        let h = read("## Explicit {#custom-id}");
        assert_eq!(
            (h.text.as_str(), h.explicit_id.as_deref()),
            ("Explicit", Some("custom-id"))
        );
        assert_eq!(h.attributes_span, Some(12..24));
        assert_eq!(
            read("## No space{#nospace}").explicit_id.as_deref(),
            Some("nospace")
        );
        assert_eq!(
            read("## CJK {#中文-id}").explicit_id.as_deref(),
            Some("中文-id")
        );
        assert_eq!(
            read("## Q {id=\"quoted\"}").explicit_id.as_deref(),
            Some("quoted")
        );
        assert_eq!(
            read("## C {#comma,.c}").explicit_id.as_deref(),
            Some("comma")
        );
        assert_eq!(read("## Two {#a #b}").explicit_id.as_deref(), Some("b"));
        assert_eq!(read("## Empty {#}").explicit_id.as_deref(), Some(""));
        assert_eq!(
            read("## Hashes ## {#after}").explicit_id.as_deref(),
            Some("after")
        );
        assert_eq!(read("## Blocks {#first} {#second}").text, "Blocks {#first}");
        let class_only = read("## Class {.only}");
        assert_eq!(
            (class_only.text.as_str(), class_only.explicit_id),
            ("Class", None)
        );
        // Not attribute blocks: heading text.
        for (md, text) in [
            ("## T {#a/b}", "T {#a/b}"),
            ("## T \\{#escaped}", "T \\{#escaped}"),
            ("## T {#bad x=}", "T {#bad x=}"),
            ("## T {#x} ##", "T {#x}"),
            ("## T {#x} trailing", "T {#x} trailing"),
        ] {
            let h = read(md);
            assert_eq!((h.text.as_str(), h.explicit_id), (text, None), "{md}");
        }
        // With `attribute.title` off, the braces are text (even if pulldown took them).
        let md = "## T {#x}";
        let (r, events) = headings(md).remove(0);
        let h = read_heading(md, r, &events, true, false);
        assert_eq!((h.text.as_str(), h.explicit_id), ("T {#x}", None));
    }

    #[test]
    fn empty_and_odd_headings() {
        assert_eq!(id("##"), None);
        assert_eq!(id("## ###"), None);
        assert_eq!(id("## <br>"), None);
        assert_eq!(id("## ![](x.png)"), None);
        assert_eq!(id("## &nbsp;"), some("heading"));
        assert_eq!(id("## \\"), some("heading"));
        assert_eq!(id("## Trailing hashes ##"), some("trailing-hashes"));
        assert_eq!(id("## Foo\\#"), some("foo"));
        assert_eq!(id("#\ttab heading"), some("tab-heading"));
    }

    /// Pieces of heading text that [`plain_as_written`] takes as they are, and characters that
    /// start something in goldmark's inline walk or the typographer.
    const INERT: &[&str] = &[
        "a", "Zeta", "42", " ", " ", ",", ":", ";", "?", "/", "(", ")", "+", "=", ".", "-", "#",
        "%", "!", "é", "中", "www", "WWW", "http", "x.com",
    ];
    const SPECIAL: &[&str] = &[
        "*",
        "_",
        "`",
        "'",
        "\"",
        "&amp;",
        "&#42;",
        "\\",
        "[",
        "]",
        "<",
        ">",
        "<b>",
        "{",
        "}",
        "{#x}",
        "~",
        "~~",
        "$",
        "|",
        "^",
        "\t",
        "  ",
        "--",
        "...",
        "<<",
        ">>",
        "://",
        "www.",
        "Www.",
        "@",
        "a@b.io",
        " http://x.io/a ",
        "\n",
    ];

    #[test]
    fn as_written_only_where_the_walk_agrees() {
        // Escaped characters (outside the text events), autolinked URLs and addresses.
        for md in [
            "\\,\n---\n",
            "## a \\, b\n",
            "## see http://x.io today\n",
            "## see www.x.io today\n",
            "## mail a@b.io\n",
        ] {
            for (r, events) in headings(md) {
                let fast = read_heading_with(md, r.clone(), &events, true, true, true);
                let walked = read_heading_with(md, r, &events, true, true, false);
                assert_eq!(fast, walked, "{md:?}");
            }
        }
    }

    proptest::proptest! {
        /// Text taken as written is what goldmark's inline walk gives for it: headings (ATX and
        /// setext) of inert pieces mixed with one kind of character that starts something.
        #[test]
        fn as_written_is_the_inline_walk(
            special in proptest::sample::select(SPECIAL),
            picks in proptest::collection::vec(proptest::num::u8::ANY, 0..16),
            setext in proptest::bool::ANY,
            typographer in proptest::bool::ANY,
        ) {
            let text: String = picks
                .iter()
                .map(|&b| if b < 64 { special } else { INERT[b as usize % INERT.len()] })
                .collect();
            let md = if setext { format!("{text}\n---\n") } else { format!("## {text}\n") };
            for (r, events) in headings(&md) {
                let fast = read_heading_with(&md, r.clone(), &events, typographer, true, true);
                let walked = read_heading_with(&md, r, &events, typographer, true, false);
                proptest::prop_assert_eq!(fast, walked, "{:?}", md);
            }
        }
    }

    /// Small deterministic fuzzing: markup-heavy text never makes the readers panic.
    #[test]
    fn never_panics() {
        let alphabet: Vec<char> = "*_~[]()!<>\\`\"'-.,&#;{}=: \t\nax1é中🎉\u{a0}@/^%|"
            .chars()
            .collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let len = (next() % 40) as usize;
            let mut md = String::from(if next() % 3 == 0 { "" } else { "## " });
            for _ in 0..len {
                md.push(alphabet[(next() % alphabet.len() as u64) as usize]);
            }
            if next() % 4 == 0 {
                md.push_str("\n---\n");
            }
            for ty in [
                AutoIdType::Github,
                AutoIdType::GithubAscii,
                AutoIdType::Blackfriday,
            ] {
                let _ = ids_with(&md, ty);
            }
            for (r, events) in headings(&md) {
                let _ = read_heading(&md, r.clone(), &events, false, false);
                let _ = read_heading(&md, r.start + 1..r.end + 5, &events, true, true);
                let events: Vec<Event<'_>> = events.into_iter().map(|(e, _)| e).collect();
                let _ = plain_text(&events, true);
            }
        }
    }
}
