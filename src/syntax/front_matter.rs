//! Front matter: YAML `---`, TOML `+++`, JSON `{` at the start of the file, split off with Hugo's
//! own rules (HUGO-SPEC §3) and decoded; a decoding error becomes a `front-matter` problem on
//! the right line and column of the file.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::document::{FrontMatter, FrontMatterFormat, PageMeta, ProblemKind, Span, SyntaxProblem};

mod tabs;

/// The front matter of a file and where its body starts.
#[derive(Debug, Clone, Default)]
pub struct Split {
    pub front_matter: Option<FrontMatter>,
    /// Byte offset of the Markdown body (after the block, or after a BOM).
    pub body_start: usize,
    pub problems: Vec<SyntaxProblem>,
}

fn problem(span: Span, message: impl Into<String>, help: Option<&str>) -> SyntaxProblem {
    SyntaxProblem {
        kind: ProblemKind::FrontMatter,
        span,
        message: message.into(),
        labels: Vec::new(),
        help: help.map(str::to_string),
        build_ok: false,
    }
}

/// Split and decode the front matter of `text` (the whole file).
pub fn split(text: &str) -> Split {
    let b = text.as_bytes();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    // Hugo skips leading ASCII whitespace, blank lines included, before looking for a delimiter.
    let mut start = bom;
    while start < b.len() && b[start].is_ascii_whitespace() {
        start += 1;
    }
    let none = Split {
        front_matter: None,
        body_start: bom,
        problems: Vec::new(),
    };
    match b.get(start) {
        Some(b'-') => delimited(text, start, FrontMatterFormat::Yaml),
        Some(b'+') => delimited(text, start, FrontMatterFormat::Toml),
        Some(b'{') => json(text, start),
        _ => none,
    }
}

fn line_end(b: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &b[from..]).map_or(b.len(), |p| from + p)
}

/// After a delimiter, one CR/LF (or LF) is consumed.
fn skip_newline(b: &[u8], mut i: usize) -> usize {
    if b.get(i) == Some(&b'\r') {
        i += 1;
    }
    if b.get(i) == Some(&b'\n') {
        i += 1;
    }
    i
}

fn delimited(text: &str, start: usize, format: FrontMatterFormat) -> Split {
    let b = text.as_bytes();
    let (delim, name) = match format {
        FrontMatterFormat::Yaml => (b"---", "YAML"),
        _ => (b"+++", "TOML"),
    };
    if !b[start..].starts_with(delim) {
        // Hugo reads a leading `-`/`+` as the start of front matter: `- item` fails the build.
        let end = line_end(b, start);
        let help = format!(
            "Hugo reads a file whose first character is `{}` as front matter; add front matter, or start the file with something else",
            delim[0] as char
        );
        return Split {
            front_matter: None,
            body_start: start,
            problems: vec![problem(
                start..end,
                format!("invalid {name} delimiter"),
                Some(&help),
            )],
        };
    }
    // The opening line: whatever follows the delimiter on it belongs to the front matter.
    let content_start = skip_newline(b, start + 3);
    // The closing delimiter: the first line that starts with it.
    let mut line = content_start;
    let close = loop {
        if line >= b.len() {
            break None;
        }
        if b[line..].starts_with(delim) {
            break Some(line);
        }
        line = line_end(b, line) + 1;
    };
    let Some(close) = close else {
        let open_end = line_end(b, start);
        let mut p = problem(
            start..open_end,
            format!("EOF looking for end {name} front matter delimiter"),
            Some(&format!(
                "close the front matter with a `{}` line",
                String::from_utf8_lossy(delim)
            )),
        );
        p.labels
            .push((text.len()..text.len(), "the file ends here".into()));
        // Hugo fails the page; lint the rest as body so its other defects still show.
        return Split {
            front_matter: None,
            body_start: skip_newline(b, start + 3),
            problems: vec![p],
        };
    };
    let body_start = skip_newline(b, close + 3);
    let content = content_start.min(close)..close;
    let block = &text[content.clone()];
    let decoded = match format {
        FrontMatterFormat::Yaml => decode_yaml(block, content.start, text),
        _ => decode_toml(block, content.start),
    };
    finish(format, start..body_start, content, body_start, decoded)
}

fn json(text: &str, start: usize) -> Split {
    let b = text.as_bytes();
    let (mut depth, mut in_str, mut esc) = (0usize, false, false);
    let mut end = None;
    for (i, &c) in b.iter().enumerate().skip(start) {
        if in_str {
            match c {
                _ if esc => esc = false,
                b'\\' => esc = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => in_str = true,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    end = Some(i + 1);
                    break;
                }
            }
            _ => {}
        }
    }
    let Some(end) = end else {
        let help = if text[start..].starts_with("{{") {
            "Hugo reads a file that starts with `{` as JSON front matter (hugo#7176): put front matter or a line of text before the shortcode"
        } else {
            "close the JSON object"
        };
        let open_end = line_end(b, start);
        return Split {
            front_matter: None,
            body_start: start,
            problems: vec![problem(
                start..open_end,
                "unexpected EOF parsing JSON front matter",
                Some(help),
            )],
        };
    };
    let body_start = skip_newline(b, end);
    let content = start..end;
    let mut decoded = decode_json(&text[content.clone()], start);
    if let Err(p) = &mut decoded
        && text[start..].starts_with("{{")
    {
        p.help = Some(
            "Hugo reads a file that starts with `{` as JSON front matter (hugo#7176): put front matter or a line of text before the shortcode"
                .into(),
        );
    }
    finish(
        FrontMatterFormat::Json,
        start..body_start,
        content,
        body_start,
        decoded,
    )
}

fn finish(
    format: FrontMatterFormat,
    span: Span,
    content: Span,
    body_start: usize,
    decoded: Result<PageMeta, SyntaxProblem>,
) -> Split {
    let (meta, valid, problems) = match decoded {
        Ok(meta) => (meta, true, Vec::new()),
        Err(p) => (PageMeta::default(), false, vec![p]),
    };
    Split {
        front_matter: Some(FrontMatter {
            format,
            span,
            content,
            meta,
            valid,
        }),
        body_start,
        problems,
    }
}

/// Byte offset of 1-based `line`, 1-based `col` (characters) inside `block`, which starts at
/// `base` in the file.
fn offset_of(block: &str, base: usize, line: usize, col: usize) -> usize {
    let mut off = 0;
    for _ in 1..line.max(1) {
        match block[off..].find('\n') {
            Some(p) => off += p + 1,
            None => return base + block.len(),
        }
    }
    let line_text = &block[off..];
    let line_text = &line_text[..line_text.find('\n').unwrap_or(line_text.len())];
    let in_line = line_text
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    base + off + in_line
}

/// A one-character (or to end of line) span at `off`.
fn point(text: &str, off: usize) -> Span {
    let off = crate::document::floor_char_boundary(text, off);
    let end = text[off..]
        .chars()
        .next()
        .filter(|c| *c != '\n')
        .map_or(off, |c| off + c.len_utf8());
    off..end
}

/// Read YAML as Hugo's goccy/go-yaml does: yes/no/on/off stay strings, 010 is octal, duplicate
/// keys are an error; we render our own snippet.
fn yaml_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    options.legacy_octal_numbers = true;
    options.with_snippet = false;
    options
}

fn decode_yaml(block: &str, base: usize, text: &str) -> Result<PageMeta, SyntaxProblem> {
    if let Some(simple) = simple_yaml(block) {
        return Ok(meta_from(simple));
    }
    // Hugo's reader stops at tabs the parser takes (or reports a line away): at the tab.
    if let Some((at, message)) = tabs::first_bad_tab(block) {
        return Err(problem(
            point(text, base + at),
            format!("YAML front matter does not parse: {message}"),
            Some("indent YAML with spaces: Hugo's YAML reader takes no tab there"),
        ));
    }
    match serde_saphyr::from_str_with_options::<Option<Loose>>(block, yaml_options()) {
        Ok(Some(v @ (Loose::List(_) | Loose::Str(_) | Loose::Bool(_)))) => {
            let _ = v;
            // Hugo: "non-map value is specified".
            let at = base + block.len() - block.trim_start().len();
            Err(problem(
                point(text, at),
                "YAML front matter does not parse: non-map value is specified",
                Some("front matter is a map of `key: value` lines"),
            ))
        }
        Ok(v) => Ok(meta_from(v.unwrap_or(Loose::Null))),
        Err(e) => {
            let at = e.location().map_or(base, |l| {
                offset_of(block, base, l.line() as usize, l.column() as usize)
            });
            Err(problem(
                point(text, at),
                format!("YAML front matter does not parse: {}", yaml_message(&e)),
                Some("Hugo stops the build on invalid front matter"),
            ))
        }
    }
}

/// Most front matter is `key: value` lines, lists of plain or simply quoted strings, text over
/// several lines (plain, quoted, `|` or `>`), keys one level deep (`params:`) and one-line flow
/// collections (`build: { render: link }`, `aliases: [a, b]`): such a block is read here, at a
/// fraction of the YAML parser's cost (the parser was a tenth of a whole-site run). `None` for
/// anything else (deeper nesting, flow collections over several lines, escapes, anchors, tags,
/// blank lines inside text, numbers other than decimal integers, `null` or `~` written out,
/// duplicate keys), which the parser reads and, if need be, reports. A property test holds this
/// to the parser's answers.
fn simple_yaml(block: &str) -> Option<Loose> {
    let mut map: Vec<(String, Loose)> = Vec::new();
    // The key whose value is being read over the following lines.
    let mut open: Option<(&str, Value)> = None;
    // Tabs, control characters and odd line breaks, even in a comment, are the parser's.
    let tricky = |c: char| {
        (c.is_control() && c != '\n' && c != '\r')
            || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
    };
    if block.contains(tricky) {
        return None;
    }
    for line in block.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.contains('\r') {
            return None;
        }
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        if let Some((_, Value::Block(text))) = &mut open
            && (indent > 0 || body.is_empty())
        {
            text.push(line, body.is_empty())?;
            continue;
        }
        if body.is_empty() {
            match &mut open {
                Some((_, Value::Plain(_, blank))) => *blank = true,
                // A blank line inside quotes is a line break: the parser's.
                Some((_, Value::Quoted(_, false))) => return None,
                _ => {}
            }
            continue;
        }
        if body.starts_with('#') && indent == 0 {
            // A comment ends text (a line after it would not continue it), not a list.
            if matches!(
                open,
                Some((_, Value::Plain(..) | Value::Quoted(..) | Value::Block(_)))
            ) && let Some((key, value)) = open.take()
            {
                push_unique(&mut map, key, value.finish()?)?;
            }
            continue;
        }
        if let Some(item) = body.strip_prefix("- ") {
            match &mut open {
                Some((_, Value::List(_, at))) if *at == indent => {}
                Some((key, Value::Empty)) => open = Some((key, Value::List(Vec::new(), indent))),
                _ => return None,
            }
            if let Some((_, Value::List(items, _))) = &mut open {
                items.push(simple_scalar(item)?);
            }
            continue;
        }
        if indent > 0
            && let Some((key, value)) = key_value(body)
            && matches!(open, Some((_, Value::Empty | Value::Map(..))))
        {
            // A map below a key (`params:`), one level deep, of plain values.
            let value = simple_scalar(value)?;
            match &mut open {
                Some((_, Value::Map(entries, at))) if *at == indent => {
                    push_unique(entries, key, value)?;
                }
                Some((name, Value::Empty)) => {
                    open = Some((name, Value::Map(vec![(key.to_string(), value)], indent)));
                }
                _ => return None,
            }
            continue;
        }
        if indent > 0 {
            // More of a plain scalar: `description:` then its text on the following lines.
            let text = body.trim_end_matches(' ');
            let plain = !text.starts_with(INDICATORS)
                && !text.contains(": ")
                && !text.ends_with(':')
                && !text.contains(" #");
            // Quoted text over several lines: `title:` then `'A long: title` and `more'`.
            let quote = text.chars().next().filter(|c| matches!(c, '\'' | '"'));
            match &mut open {
                // (What the quotes hold is checked once they are joined: `simple_scalar`.)
                Some((key, Value::Empty)) if quote.is_some() => {
                    let closed = text.len() > 1 && text.ends_with(quote?);
                    open = Some((key, Value::Quoted(text.to_string(), closed)));
                }
                Some((_, Value::Quoted(joined, closed @ false))) => {
                    *closed = joined.starts_with(|c| text.ends_with(c));
                    joined.push(' ');
                    joined.push_str(text);
                }
                Some((key, Value::Empty)) if plain => {
                    open = Some((key, Value::Plain(text.to_string(), false)));
                }
                Some((_, Value::Plain(joined, false))) if plain => {
                    joined.push(' ');
                    joined.push_str(text);
                }
                _ => return None,
            }
            continue;
        }
        if let Some((key, value)) = open.take() {
            push_unique(&mut map, key, value.finish()?)?;
        }
        let (key, value) = key_value(line)?;
        if value.is_empty() {
            open = Some((key, Value::Empty));
        } else if let Some(block) = BlockText::new(value) {
            open = Some((key, Value::Block(block)));
        } else {
            push_unique(&mut map, key, simple_scalar(value)?)?;
        }
    }
    if let Some((key, value)) = open {
        push_unique(&mut map, key, value.finish()?)?;
    }
    (!map.is_empty()).then_some(Loose::Map(map))
}

/// A `key: value` or `key:` line with a plain key (`:` inside one included: `cSpell:ignore`),
/// the value trimmed.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = match line.find(": ") {
        Some(colon) => (&line[..colon], line[colon + 2..].trim_matches(' ')),
        None => (line.strip_suffix(':')?, ""),
    };
    (plain_key(key, true) && !key.ends_with(':')).then_some((key, value))
}

/// A key the fast path reads as written: a letter or `_`, then letters, digits, `_`, `-`, and
/// `:` where `colon` says so (block keys like `cSpell:ignore`; not inside a flow map).
fn plain_key(key: &str, colon: bool) -> bool {
    !key.is_empty()
        && key.bytes().enumerate().all(|(i, b)| {
            b.is_ascii_alphabetic()
                || b == b'_'
                || (i > 0 && (b.is_ascii_digit() || b == b'-' || (colon && b == b':')))
        })
}

/// Characters that start something other than a plain scalar.
const INDICATORS: &[char] = &[
    '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
];

/// `None` for a key seen before (the parser's to report).
fn push_unique(map: &mut Vec<(String, Loose)>, key: &str, value: Loose) -> Option<()> {
    if map.iter().any(|(k, _)| k == key) {
        return None;
    }
    map.push((key.to_string(), value));
    Some(())
}

/// A value read over the lines after its key.
enum Value {
    /// `key:` and nothing yet (a null, unless lines follow).
    Empty,
    /// `- item` lines, at this indentation.
    List(Vec<Loose>, usize),
    /// `key: value` lines, at this indentation.
    Map(Vec<(String, Loose)>, usize),
    /// A plain scalar's lines joined by spaces, and whether a blank line followed.
    Plain(String, bool),
    /// Quoted text's lines joined by spaces, and whether the closing quote has been read.
    Quoted(String, bool),
    /// `|` or `>` text.
    Block(BlockText),
}

impl Value {
    fn finish(self) -> Option<Loose> {
        match self {
            Value::Empty => Some(Loose::Null),
            Value::List(items, _) => Some(Loose::List(items)),
            Value::Map(entries, _) => Some(Loose::Map(entries)),
            // The lines make one scalar, typed as a whole (`description:` then `true` is a bool).
            Value::Plain(joined, _) => simple_scalar(&joined),
            Value::Quoted(joined, _) => simple_scalar(&joined),
            Value::Block(text) => text.finish(),
        }
    }
}

/// A block scalar (`|`, `|-`, `>`, `>-`) without blank lines inside: literal text keeps its
/// line breaks and deeper indentation; folded text, all at one indentation, joins its lines
/// with spaces.
struct BlockText {
    folded: bool,
    strip: bool,
    indent: Option<usize>,
    lines: Vec<String>,
    /// Blank lines seen since the last line of text (the end of the text, unless more follows).
    blank: bool,
}

impl BlockText {
    fn new(indicator: &str) -> Option<BlockText> {
        let (folded, strip) = match indicator {
            "|" => (false, false),
            "|-" => (false, true),
            ">" => (true, false),
            ">-" => (true, true),
            _ => return None,
        };
        Some(BlockText {
            folded,
            strip,
            indent: None,
            lines: Vec::new(),
            blank: false,
        })
    }

    fn push(&mut self, line: &str, blank: bool) -> Option<()> {
        if blank {
            // Spaces alone on a line may be text in literal style: the parser's.
            if !line.is_empty() {
                return None;
            }
            self.blank = true;
            return Some(());
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let at = *self.indent.get_or_insert(indent);
        // Literal text keeps deeper lines' extra spaces; folded text would not fold them.
        let deeper = if self.folded {
            indent != at
        } else {
            indent < at
        };
        if self.blank || deeper {
            return None;
        }
        self.lines.push(line[at..].to_string());
        Some(())
    }

    fn finish(self) -> Option<Loose> {
        if self.lines.is_empty() {
            return None;
        }
        let mut text = self.lines.join(if self.folded { " " } else { "\n" });
        // Kept: the last line break (the parser keeps it at the end of the block too).
        if !self.strip {
            text.push('\n');
        }
        Some(Loose::Str(text))
    }
}

/// A plain, single- or double-quoted scalar that is a string or a boolean whatever the YAML
/// reader's settings; `None` for anything that needs the parser.
fn simple_scalar(value: &str) -> Option<Loose> {
    let value = value.trim_end_matches(' ');
    if value.is_empty() || value.starts_with(' ') {
        return None;
    }
    if let Some(quote @ ('"' | '\'')) = value.chars().next() {
        // The closing quote ends the value; a comment may follow (`'Specification' # why`).
        let (inner, rest) = value[1..].split_once(quote)?;
        let rest = rest.trim_start_matches(' ');
        let commented = rest.starts_with('#') && value.len() > inner.len() + 2 + rest.len();
        if inner.contains('\\') || !(rest.is_empty() || commented) {
            return None;
        }
        return Some(Loose::Str(inner.to_string()));
    }
    match value {
        "true" => return Some(Loose::Bool(true)),
        "false" => return Some(Loose::Bool(false)),
        _ => {}
    }
    if value.starts_with(['[', '{']) {
        return simple_flow(value);
    }
    // A decimal integer reads back as its own text (a leading 0 is octal: the parser's).
    let digits = value.strip_prefix('-').unwrap_or(value);
    let integer = !digits.is_empty()
        && digits.len() <= 18
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && value != "-0";
    if integer {
        return Some(Loose::Str(value.to_string()));
    }
    // A comment ends a plain value: `title: Setup # TODO`.
    let value = match value.find(" #") {
        Some(hash) => value[..hash].trim_end_matches(' '),
        None => value,
    };
    let first = value.chars().next()?;
    // A `.` starts a number (`.5`) or `.inf`/`.nan`, not `.NET` or `../page`.
    let dotted_word = first == '.'
        && value[1..].starts_with(|c: char| c == '.' || c == '/' || c.is_ascii_alphabetic())
        && !matches!(value.to_ascii_lowercase().as_str(), ".inf" | ".nan");
    let indicator = !dotted_word && "-?:,[]{}#&*!|>'\"%@`~.+".contains(first);
    // `yes`, `no`, `on` and `off` are strings to Hugo's YAML reader, and to ours as set up.
    let typed = ["true", "false", "null", "inf", "nan"]
        .iter()
        .any(|w| value.eq_ignore_ascii_case(w));
    if indicator || typed || value.contains(": ") || value.ends_with(':') || value.contains(" #") {
        return None;
    }
    // Other numbers (octal, hex, floats, `1_000`) are the parser's; dates, text with a space
    // (`3 ways to…`) and words with a letter no number has (a commit hash) are strings.
    let b = value.as_bytes();
    let prefixed = b.len() > 1 && b[0] == b'0' && b[1].is_ascii_alphabetic(); // 0x, 0o, 0b
    let word = !prefixed
        && value
            .bytes()
            .any(|b| (b.is_ascii_alphabetic() && !b.eq_ignore_ascii_case(&b'e')) || !b.is_ascii());
    // A version (`0.158.0`: two dots or more) is no number either.
    let version = value.matches('.').count() > 1
        && value
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if first.is_ascii_digit() && !is_date(value) && !value.contains(' ') && !word && !version {
        return None;
    }
    Some(Loose::Str(value.to_string()))
}

/// A flow collection on one line, `[a, 'b c']` or `{ render: link }`, nested, of simple
/// scalars; a comment may follow. `None` for anything else (empty items, trailing commas,
/// quoted or complex keys, `:` or ` #` in a plain item, duplicate keys), the parser's.
fn simple_flow(value: &str) -> Option<Loose> {
    let mut flow = Flow {
        text: value,
        at: 0,
        depth: 0,
    };
    let read = flow.node()?;
    let rest = &value[flow.at..];
    let rest_trimmed = rest.trim_start_matches(' ');
    let commented = rest_trimmed.starts_with('#') && rest.len() > rest_trimmed.len();
    (rest_trimmed.is_empty() || commented).then_some(read)
}

/// The reader of [`simple_flow`]: `at` is the next byte of `text` to read.
struct Flow<'a> {
    text: &'a str,
    at: usize,
    /// Collections open around `at`: deep nesting (a hostile `[[[[…`) is the parser's.
    depth: usize,
}

impl Flow<'_> {
    fn skip_spaces(&mut self) {
        while self.text[self.at..].starts_with(' ') {
            self.at += 1;
        }
    }

    /// Consume `c` (after spaces), if it is next.
    fn eat(&mut self, c: char) -> bool {
        self.skip_spaces();
        let found = self.text[self.at..].starts_with(c);
        if found {
            self.at += c.len_utf8();
        }
        found
    }

    fn node(&mut self) -> Option<Loose> {
        self.depth += 1;
        if self.depth > 4 {
            return None;
        }
        let read = self.collection();
        self.depth -= 1;
        read
    }

    fn collection(&mut self) -> Option<Loose> {
        if self.eat('[') {
            let mut items = Vec::new();
            if self.eat(']') {
                return Some(Loose::List(items));
            }
            loop {
                items.push(self.item()?);
                if self.eat(']') {
                    return Some(Loose::List(items));
                }
                if !self.eat(',') || self.eat(']') {
                    return None;
                }
            }
        }
        if self.eat('{') {
            let mut entries: Vec<(String, Loose)> = Vec::new();
            if self.eat('}') {
                return Some(Loose::Map(entries));
            }
            loop {
                self.skip_spaces();
                let rest = &self.text[self.at..];
                let colon = rest.find(": ")?;
                let key = &rest[..colon];
                if !plain_key(key, false) {
                    return None;
                }
                self.at += colon + 2;
                let value = self.item()?;
                push_unique(&mut entries, key, value)?;
                if self.eat('}') {
                    return Some(Loose::Map(entries));
                }
                if !self.eat(',') || self.eat('}') {
                    return None;
                }
            }
        }
        None
    }

    /// A collection, or a scalar up to the next `,`, `]` or `}`.
    fn item(&mut self) -> Option<Loose> {
        self.skip_spaces();
        let rest = &self.text[self.at..];
        if rest.starts_with(['[', '{']) {
            return self.node();
        }
        let len = if rest.starts_with(['\'', '"']) {
            // Up to the closing quote (`simple_scalar` refuses escapes and doubled quotes).
            let close = rest[1..].find(&rest[..1])? + 2;
            let after = rest[close..].trim_start_matches(' ');
            if !after.starts_with([',', ']', '}']) {
                return None;
            }
            close
        } else {
            let len = rest.find([',', ']', '}'])?;
            let plain = rest[..len].trim_end_matches(' ');
            if plain.contains([':', '#', '[', '{']) {
                return None;
            }
            len
        };
        let scalar = rest[..len].trim_end_matches(' ');
        self.at += len;
        simple_scalar(scalar)
    }
}

/// `2024-05-13`, or with a time: `2024-05-13T10:00:00Z`, `2024-05-13 10:00:00+02:00`.
fn is_date(value: &str) -> bool {
    let b = value.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let day = b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10);
    day && (b.len() == 10
        || (matches!(b[10], b'T' | b't' | b' ')
            && b[11..].iter().all(|c| {
                c.is_ascii_digit() || matches!(c, b':' | b'.' | b'+' | b'-' | b'Z' | b'z')
            })))
}

fn decode_toml(block: &str, base: usize) -> Result<PageMeta, SyntaxProblem> {
    match toml::from_str::<Loose>(block) {
        Ok(v) => Ok(meta_from(v)),
        Err(e) => {
            let span = e
                .span()
                .map_or(base..base, |s| base + s.start..base + s.end.max(s.start));
            Err(problem(
                span,
                format!(
                    "TOML front matter does not parse: {}",
                    first_line(e.message())
                ),
                Some("Hugo stops the build on invalid front matter"),
            ))
        }
    }
}

fn decode_json(block: &str, base: usize) -> Result<PageMeta, SyntaxProblem> {
    match serde_json::from_str::<Loose>(block) {
        Ok(v) => Ok(meta_from(v)),
        Err(e) => {
            // serde_json counts columns in bytes, 1-based, at the offending character.
            let line_start = offset_of(block, 0, e.line(), 1);
            let line_len = block[line_start..]
                .find('\n')
                .unwrap_or(block.len() - line_start);
            let at = line_start + e.column().saturating_sub(1).min(line_len);
            let local = point(block, at);
            let mut msg = e.to_string();
            if let Some(p) = msg.find(" at line ") {
                msg.truncate(p);
            }
            Err(problem(
                base + local.start..base + local.end,
                format!("JSON front matter does not parse: {msg}"),
                Some("Hugo stops the build on invalid front matter"),
            ))
        }
    }
}

/// The parser's message for a user: no advice about its own options, no line and column
/// counted inside the block (the diagnostic stands at the file's), control characters escaped.
fn yaml_message(e: &serde_saphyr::Error) -> String {
    use serde_saphyr::MessageFormatter;
    let message = serde_saphyr::UserMessageFormatter.format_message(e);
    first_line(&message)
        .chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_debug().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().to_string()
}

/// Any front matter value, read loosely: keys of any type become strings, so an unusual block
/// never fails to decode for reasons Hugo would not fail on.
#[derive(Debug, Clone, PartialEq)]
enum Loose {
    Null,
    Bool(bool),
    Str(String),
    List(Vec<Loose>),
    Map(Vec<(String, Loose)>),
}

impl Loose {
    fn as_str(&self) -> Option<String> {
        match self {
            Loose::Str(s) => Some(s.clone()),
            Loose::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
    fn as_bool(&self) -> Option<bool> {
        match self {
            Loose::Bool(b) => Some(*b),
            Loose::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Loose::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }
    fn get(&self, key: &str) -> Option<&Loose> {
        match self {
            Loose::Map(m) => m
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }
    fn strings(&self) -> Vec<String> {
        match self {
            Loose::List(l) => l.iter().filter_map(Loose::as_str).collect(),
            other => other.as_str().into_iter().collect(),
        }
    }
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Loose;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Loose, E> {
                Ok(Loose::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Loose, E> {
                Ok(Loose::Str(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Loose, E> {
                Ok(Loose::Str(v.to_string()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Loose, E> {
                Ok(Loose::Str(v.to_string()))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Loose, E> {
                Ok(Loose::Str(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Loose, E> {
                Ok(Loose::Str(v.to_string()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Loose, E> {
                Ok(Loose::Str(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Loose, E> {
                Ok(Loose::Str(v))
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Loose, E> {
                Ok(Loose::Str(String::from_utf8_lossy(v).into_owned()))
            }
            fn visit_none<E>(self) -> Result<Loose, E> {
                Ok(Loose::Null)
            }
            fn visit_unit<E>(self) -> Result<Loose, E> {
                Ok(Loose::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
                Loose::deserialize(d)
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
                Loose::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Loose, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element::<Loose>()? {
                    v.push(x);
                }
                Ok(Loose::List(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Loose, A::Error> {
                let mut v = Vec::new();
                while let Some((k, x)) = a.next_entry::<Loose, Loose>()? {
                    let key = match k {
                        Loose::Str(s) => s,
                        Loose::Bool(b) => b.to_string(),
                        Loose::Null => String::new(),
                        // A TOML datetime arrives as a one-entry map; other keys are rare.
                        other => format!("{other:?}"),
                    };
                    v.push((key, x));
                }
                // toml's datetimes deserialize as a map with one private key: keep the text.
                if let [(k, Loose::Str(s))] = v.as_slice()
                    && k.starts_with("$__toml_private")
                {
                    return Ok(Loose::Str(s.clone()));
                }
                Ok(Loose::Map(v))
            }
            fn visit_enum<A: de::EnumAccess<'de>>(self, a: A) -> Result<Loose, A::Error> {
                let (k, _variant): (Loose, _) = a.variant()?;
                Ok(k)
            }
        }
        d.deserialize_any(V)
    }
}

fn meta_from(v: Loose) -> PageMeta {
    let s = |k: &str| v.get(k).and_then(Loose::as_str);
    let build = v.get("build");
    // `build.render` also takes the legacy booleans: true → always, false → never.
    let build_str = |k: &str| {
        build.and_then(|b| b.get(k)).and_then(|x| match x {
            Loose::Bool(true) => Some("always".to_string()),
            Loose::Bool(false) => Some("never".to_string()),
            other => other.as_str().map(|s| s.to_ascii_lowercase()),
        })
    };
    PageMeta {
        title: s("title"),
        url: s("url"),
        slug: s("slug"),
        aliases: v.get("aliases").map(Loose::strings).unwrap_or_default(),
        draft: v.get("draft").and_then(Loose::as_bool).unwrap_or(false),
        headless: v.get("headless").and_then(Loose::as_bool).unwrap_or(false),
        build_render: build_str("render"),
        build_list: build_str("list"),
        publish_resources: build
            .and_then(|b| b.get("publishResources"))
            .and_then(Loose::as_bool),
        translation_key: s("translationKey"),
        kind: s("type"),
        layout: s("layout"),
        date: s("date"),
        publish_date: s("publishDate")
            .or_else(|| s("pubdate"))
            .or_else(|| s("published")),
        lastmod: s("lastmod").or_else(|| s("modified")),
        expiry_date: s("expiryDate").or_else(|| s("unpublishdate")),
        outputs: v.get("outputs").map(Loose::strings),
        cascade: match v.get("cascade") {
            Some(Loose::List(l)) => l.iter().filter_map(cascade_render).collect(),
            Some(one) => cascade_render(one).into_iter().collect(),
            None => Vec::new(),
        },
        from_to: from_to(&v),
    }
}

/// Every list of `{from, to}` maps at the top level or under `params`, by key.
fn from_to(v: &Loose) -> Vec<crate::document::FromTo> {
    let mut out = Vec::new();
    let mut scan = |m: &[(String, Loose)]| {
        for (key, value) in m {
            let Loose::List(items) = value else { continue };
            for item in items {
                let field = |k: &str| item.get(k).and_then(Loose::as_str);
                if let (Some(from), Some(to)) = (field("from"), field("to")) {
                    out.push(crate::document::FromTo {
                        key: key.to_ascii_lowercase(),
                        from,
                        to,
                    });
                }
            }
        }
    };
    if let Loose::Map(m) = v {
        scan(m);
    }
    if let Some(Loose::Map(m)) = v.get("params") {
        scan(m);
    }
    out
}

fn cascade_render(entry: &Loose) -> Option<crate::document::CascadeRender> {
    let build = entry.get("build").or_else(|| entry.get("_build"));
    let render = match build.and_then(|b| b.get("render")) {
        Some(Loose::Bool(false)) => "never".to_string(),
        Some(Loose::Bool(true)) => "always".to_string(),
        Some(other) => other.as_str()?.to_ascii_lowercase(),
        None if entry.get("headless").and_then(Loose::as_bool) == Some(true) => "never".into(),
        None => return None,
    };
    let target = entry.get("target").or_else(|| entry.get("_target"));
    let field = |k: &str| target.and_then(|t| t.get(k)).and_then(Loose::as_str);
    Some(crate::document::CascadeRender {
        render,
        path: field("path"),
        kind: field("kind").map(|k| k.to_ascii_lowercase()),
        lang: field("lang").map(|l| l.to_ascii_lowercase()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::LineIndex;
    use proptest::strategy::Strategy;

    fn pos(text: &str, s: &Split) -> (usize, usize) {
        LineIndex::new(text).line_col(text, s.problems[0].span.start)
    }

    #[test]
    fn json_error_spans_cover_whole_characters() {
        // The error is at the first `é` (byte columns); the span is the whole character.
        let text = "{\n  \"éé\": é\n}\n";
        let split = split(text);
        let span = split.problems[0].span.clone();
        assert_eq!(&text[span], "é");
        let text = "{\n  \"t\": \u{FFFD}\u{FFFD}\n}\n";
        let span = split_span(text);
        assert_eq!(&text[span], "\u{FFFD}");
    }

    fn split_span(text: &str) -> Span {
        split(text).problems[0].span.clone()
    }

    #[test]
    fn yaml_toml_json_and_none() {
        let t = "---\ntitle: Hi\nURL: /x/\naliases: /old/\nbuild:\n  render: never\n---\n# Body\n";
        let s = split(t);
        let fm = s.front_matter.unwrap();
        assert_eq!(fm.format, FrontMatterFormat::Yaml);
        assert_eq!(fm.meta.url.as_deref(), Some("/x/"));
        assert_eq!(fm.meta.aliases, ["/old/"]);
        assert_eq!(fm.meta.build_render.as_deref(), Some("never"));
        assert_eq!(&t[s.body_start..], "# Body\n");

        let t = "+++\ntitle = 'T'\ndate = 2024-06-01T10:00:00Z\nslug = \"s\"\n[build]\nlist = 'never'\n+++\nbody";
        let s = split(t);
        let fm = s.front_matter.unwrap();
        assert!(fm.valid, "{:?}", s.problems);
        assert_eq!(fm.meta.slug.as_deref(), Some("s"));
        assert_eq!(fm.meta.date.as_deref(), Some("2024-06-01T10:00:00Z"));
        assert_eq!(&t[s.body_start..], "body");

        let t = "{\n  \"title\": \"J {x}\",\n  \"draft\": true\n}\nbody";
        let s = split(t);
        assert!(s.front_matter.as_ref().unwrap().meta.draft);
        assert_eq!(&t[s.body_start..], "body");

        let s = split("# Just a heading\n");
        assert!(s.front_matter.is_none() && s.problems.is_empty() && s.body_start == 0);
    }

    #[test]
    fn bom_crlf_indentation_and_dashes() {
        let t = "\u{feff}  \n---\r\ntitle: x\r\n---\r\nbody";
        let s = split(t);
        assert!(s.front_matter.unwrap().valid);
        assert_eq!(&t[s.body_start..], "body");
        // `----` closes the block and leaves `-` in the body, as Hugo does.
        let t = "---\ntitle: x\n----\nbody";
        let s = split(t);
        assert_eq!(&t[s.body_start..], "-\nbody");
        // An empty block is an empty map.
        assert!(split("---\n---\n").front_matter.unwrap().valid);
    }

    #[test]
    fn errors_at_the_right_place() {
        let t = "---\ntitle: x\ntitle: y\n---\nbody";
        let s = split(t);
        assert_eq!(pos(t, &s), (3, 1), "{:?}", s.problems);
        assert!(
            s.problems[0]
                .message
                .starts_with("YAML front matter does not parse")
        );
        assert_eq!(&t[s.body_start..], "body");

        let t = "+++\ntitle = 'x'\nbad line\n+++\n";
        let s = split(t);
        assert_eq!(pos(t, &s).0, 3);

        let t = "{\n  \"a\": 1,\n  \"b\" 2\n}\n";
        let s = split(t);
        assert_eq!(pos(t, &s), (3, 7), "{:?}", s.problems);

        let s = split("- item\n- item\n");
        assert_eq!(s.problems[0].message, "invalid YAML delimiter");
        let s = split("+ item\n");
        assert_eq!(s.problems[0].message, "invalid TOML delimiter");
        let s = split("---\ntitle: never closed\n");
        assert_eq!(
            s.problems[0].message,
            "EOF looking for end YAML front matter delimiter"
        );
        let s = split("{{< figure src=\"a.png\" >}}\n");
        assert!(
            s.problems[0].help.as_deref().unwrap().contains("hugo#7176"),
            "{:?}",
            s.problems
        );
    }

    #[test]
    fn hugo_yaml_semantics_and_odd_blocks() {
        // yes/no are strings for Hugo; non-string keys and nesting do not fail.
        let s =
            split("---\ndraft: no\n1: x\nparams: {a: [1, {b: c}]}\nlist: &x [1]\nother: *x\n---\n");
        let fm = s.front_matter.unwrap();
        assert!(fm.valid, "{:?}", s.problems);
        assert!(!fm.meta.draft);
        // A list at the top is a decode error in Hugo too ("non-map value is specified").
        let t = "---\n- a\n---\n";
        let s = split(t);
        assert_eq!(pos(t, &s), (2, 1));
    }

    #[test]
    fn alias_bomb_is_a_problem_not_a_hang() {
        // Eleven levels of nine aliases each: 9^11 (31 billion) nodes if expanded. The parser's
        // node budget stops it after a bounded amount of work (no clock: expanding it would
        // outlast any CI timeout), with one problem that says why.
        let mut t = String::from("---\na: &a [x,x,x,x,x,x,x,x,x]\n");
        for (i, c) in "bcdefghijk".chars().enumerate() {
            let p = (b'a' + i as u8) as char;
            t += &format!("{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n");
        }
        t += "---\n";
        let s = split(&t);
        assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
        assert!(
            s.problems[0].message.contains("limits breached"),
            "{:?}",
            s.problems[0].message
        );
        // The same anchors used a few times are read.
        let fine = "---\na: &a [x, y]\nb: [*a, *a]\ntitle: T\n---\n";
        let s = split(fine);
        assert!(s.problems.is_empty(), "{:?}", s.problems);
    }

    /// What the YAML parser makes of a block, with hugolint's settings.
    fn parsed(block: &str) -> Result<Option<Loose>, String> {
        serde_saphyr::from_str_with_options::<Option<Loose>>(block, yaml_options())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn flow_collections_skip_the_parser() {
        let block = "build: { render: link }\nmenu: {main: {weight: 40}}\naliases: [/a/, '../b'] # c\nredirects:\n  - { from: slack, to: '#slack' }\n  - {from: /x/*, to: ':splat'}\ncascade: {}\ntags: []\n";
        let fast = simple_yaml(block).expect("read without the parser");
        assert_eq!(Ok(Some(fast.clone())), parsed(block));
        let build = fast.get("build").and_then(|b| b.get("render"));
        assert_eq!(build.and_then(Loose::as_str).as_deref(), Some("link"));
        let weight = fast.get("menu").and_then(|m| m.get("main")?.get("weight"));
        assert_eq!(weight.and_then(Loose::as_str).as_deref(), Some("40"));
        let nested = "aliases: [/a, [/b]]\n";
        assert_eq!(
            simple_yaml(nested).map(Some).ok_or(()),
            parsed(nested).map_err(|_| ())
        );
        // Left to the parser: some it refuses (a duplicate key, text after a quote, a comment
        // without a space, an unclosed bracket), others it reads with rules the fast path does
        // not model (a trailing comma, an empty value, a quoted key, `:` in an item, deep
        // nesting). `--nocapture` prints the parser's answers.
        for other in [
            "build: {a: b, a: c}\n",
            "x: ['a' b]\n",
            "x: [a, ]\n",
            "x: {a: }\n",
            "x: {a: b}#c\n",
            "x: {'a': b}\n",
            "x: [a #c]\n",
            "x: [a:b]\n",
            "x: [[[[[a]]]]]\n",
            "x: {a: b\n",
            "x: [a] b\n",
        ] {
            eprintln!("{other:?}: parser {:?}", parsed(other));
            assert_eq!(simple_yaml(other), None, "{other:?}");
        }
    }

    #[test]
    fn simple_front_matter_skips_the_parser() {
        let block = "title: 用户的快速采用 # why\r\ndate: 2024-05-13\nweight: 10\nlinktitle: 3 ways\ntags: [a, 'b c']\n# note\n\naliases:\n  - /old/\n  - '/older/'\ndraft: false\nlink: https://example.org/a?b=c#d\nbuild:\n  render: never\n  list: false\ncommit: 3ae9fb09 # why\ncSpell:ignore: otel grpc\ndescription:\n  Two lines\n  of text.\n\nsummary: |\n  Kept\n    as written: # all\nabstract: >-\n  Folded\n  into one\nlong:\n  'Quoted: over\n  two lines'\noffset: -20\nissue:\n";
        let fast = simple_yaml(block).expect("read without the parser");
        assert_eq!(Ok(Some(fast.clone())), parsed(block));
        assert_eq!(
            fast.get("aliases").map(Loose::strings),
            Some(vec!["/old/".into(), "/older/".into()])
        );
        let text = |key| fast.get(key).and_then(Loose::as_str);
        assert_eq!(text("title").as_deref(), Some("用户的快速采用"));
        assert_eq!(text("cSpell:ignore").as_deref(), Some("otel grpc"));
        assert_eq!(text("description").as_deref(), Some("Two lines of text."));
        assert_eq!(
            text("summary").as_deref(),
            Some("Kept\n  as written: # all\n")
        );
        assert_eq!(text("abstract").as_deref(), Some("Folded into one"));
        assert_eq!(text("long").as_deref(), Some("Quoted: over two lines"));
        assert_eq!(text("offset").as_deref(), Some("-20"));
        assert_eq!(fast.get("issue"), Some(&Loose::Null));
        for other in [
            "title: a: b\n",
            // A blank line inside text, a line more indented than folded text, a key below a
            // key: the parser's.
            "description: |\n  a\n\n  b\n",
            "description: >\n  a\n    b\n",
            "description:\n  a\n\n  b\n",
            "description:\n  a: b\n    c: d\n",
            "params:\n  a: b\n   c: d\n",
            "description:\n  a\n# c\n  b\n",
            "title:\n  'a\n\n  b'\n",
            "title: \"a \\\" b\"\n",
            "build:\n  render:\n    x: y\n",
            "title: x\ntitle: y\n",
            "title: &a x\n",
            "draft: True\n",
            "weight: 010\n",
            // The second item continues the first: `a - b`.
            "aliases:\n - a\n  - b\n",
            "\"q\": x\n",
        ] {
            assert_eq!(simple_yaml(other), None, "{other:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Whatever the fast path reads, it reads as the YAML parser does.
        #[test]
        fn simple_yaml_agrees_with_the_parser(
            lines in proptest::collection::vec(
                proptest::prop_oneof![
                    6 => (
                        "title|date|url|draft|slug|t-2|_x|cSpell:ignore|a:b|a::b",
                        proptest::prop_oneof![
                            4 => "-0|-12|3ae9fb|1e3x|0x1fa|0Xa|0b1a|0o7|0O7a|1o7|1_0a|1ea|1E5|12:3a|hello|用户|x y|x#c|'q'|\"dq\"|true|false|2024-05-13|2024-05-13T10:00:00Z|https://e.org/a#b|=|<x>|\\{x|a\\]|a\\[|é:x|0|7|42|3 ways|1 2|12 :x|\\[\\]|\\[a, b\\]|\\[ a,'b c' \\]|\\[x, 2\\]|\\[\"q\", 010\\]",
                            3 => "a: b|x #c|'it''s'|\"e\\\\n\"|True|TRUE|yes|No|on|~|null|Null|010|09|1e3|0x1F|0o7|1_000|\\.5|\\.inf|-1|\\+1|2024-05-13 10:00:00 \\+02:00|12:30|-x|- x|\\[a, b\\]|\\{a: 1\\}|&a x|\\*a|!t x|\\||>|%x|@x|`x`|x:|a\\tb|'x' #c|\"a\"b\"|'a|x  |0x1|00|1.50|1e3 x|12:30:01|\\[a, \\[b\\]\\]|\\[a,\\]|\\[a, b: c\\]|\\[a|\\[a, \\{b\\}\\]|\\[a\\] x|\\[a, 'b, c'\\]|123456789012345678901|\\.\\./a|\\./a|\\.NET|\\.Inf|\\.NaN|\\.nan|\\.INF|\\.e5|\\.E3|\\.5e|\\.x\\.y|0\\.158\\.0|1\\.2\\.3\\.4|1\\.2|1\\.50|0\\.10\\.0|1\\.\\.2|1\\.2\\.|\\.1\\.2|5分以内|5分|1é|0x用|1e3用|1\\.5用",
                        ],
                    )
                        .prop_map(|(k, v)| format!("{k}: {v}")),
                    3 => (
                        "build|menu|redirects|aliases|cascade",
                        proptest::prop_oneof![
                            // Flow maps, nested or in lists, with what may and may not be in them.
                            "\\{ ?(render|a|main|from|a-b|_x|'k'|a b|1|a:b)(: |:| :) ?(link|1|010|1e3|'q'|\"d\"|'a, b'|'i''s'|\"e\\\\n\"|x y|/a/\\*|'#s'|:x|a:b|x #c|x#c|true|True|null|~|-x|\\.x|\\{ ?weight: 10 ?\\}|\\[a, b\\]|\\[\\]|\\{\\}|\\{a: \\{b: \\{c: \\{d: e\\}\\}\\}\\}|) ?(, ?(render|to|a|main|from): ?(x|2|'y'|\\{ a: b \\}|))?(,)? ?\\}( # c|#c| x|,|\\})?",
                            "\\[ ?(\\{ ?from: (/a/\\*|x|'y'), to: (':splat'|b|'#s') ?\\}|x|'q'|\\[x\\]|)(, ?(\\{a: b\\}|y|))?(,)? ?\\]( # c|#c| x|\\])?",
                        ],
                    )
                        .prop_map(|(k, v)| format!("{k}: {v}")),
                    1 => "( {0,3})- (\\{ from: x, to: 'y' \\}|\\{a: b\\}|\\[\\{a: 1\\}\\]|\\{a: b\\} # c|\\{a: \\}|\\{a: b)",
                    1 => "(2x|a b|title|\"q\")(:| :|:  |:\\t)x",
                    2 => "(aliases|tags|title|cSpell:ignore):( |  )?",
                    2 => "(description|body): (\\||\\|-|>|>-|\\|\\+|>2|\\| #c|> x)",
                    2 => " {1,3}(title|t-2|a:b|_x): (x|true|10|1e3|3ae9|0x1f|12ab|'q'|\\[a\\]|a b|x #c|\\||)",
                    2 => " {1,4}('|\")?(a: b|x|'|\"|it''s|a\\\\n|# c|- x|)('|\")?",
                    4 => " {1,4}(text|more words|true|10|2024-05-13|# c|a: b|a:|x #y|x#y|\\[a\\]|'q'|\"d\"|-x|x  |é ü|null|~|  |\\{a\\}|a, b)",
                    3 => "( {0,3})- (x|/a/|'q'|\"d\"|1|true|a: b|- y|\\[a\\])|-|  -x",
                    1 => "#.{0,3}| +#x|\\s{0,2}|---|\\.\\.\\.|  x: y",
                ],
                1..6,
            ),
            crlf in proptest::bool::ANY,
        ) {
            let block = lines.join(if crlf { "\r\n" } else { "\n" });
            if let Some(fast) = simple_yaml(&block) {
                proptest::prop_assert_eq!(Ok(Some(fast)), parsed(&block), "{:?}", block);
            }
        }
    }

    /// The fast path against the parser on every YAML front matter of the real sites beside
    /// the checkout (`../shared/corpora`, absent in CI): `cargo test -- --ignored`.
    #[test]
    #[ignore]
    fn simple_yaml_agrees_with_the_parser_on_the_corpora() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
        let (mut blocks, mut fast) = (0, 0);
        for entry in ignore::WalkBuilder::new(&root)
            .standard_filters(false)
            .build()
            .flatten()
        {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            if entry.path().extension().is_none_or(|e| e != "md") {
                continue;
            }
            let Some(fm) = split(&text).front_matter else {
                continue;
            };
            if fm.format != FrontMatterFormat::Yaml {
                continue;
            }
            let block = &text[fm.content];
            blocks += 1;
            if let Some(read) = simple_yaml(block) {
                fast += 1;
                assert_eq!(Ok(Some(read)), parsed(block), "{}", entry.path().display());
            }
        }
        eprintln!("{fast} of {blocks} YAML front matters read without the parser");
        assert!(blocks > 1000 && fast * 5 > blocks * 2, "{fast} of {blocks}");
    }
}
