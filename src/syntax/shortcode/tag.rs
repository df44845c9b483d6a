//! One shortcode tag, read exactly as Hugo's page lexer reads it (`pagelexer_shortcode.go`) and
//! its parameters as Hugo's shortcode extraction takes them (`extractShortcode`).
//!
//! Hugo's lexer is a state machine over runes that emits elements: the name, `/`, parameter
//! words or quoted strings, and values after `=`. It tolerates more than its grammar suggests —
//! an `=` anywhere starts a value, a backslash before anything but a quote is dropped, a value
//! with no parameter before it (`{{< gloss="cni" >}}`) is read and then ignored — and it fails on
//! other spellings a reader would accept (`x²`: `²` is a number but not a digit). This module
//! follows its states one by one, so that what Hugo builds never gets an error here and what
//! fails Hugo's build always does; `tests/hugo_shortcode_params.rs` holds it to Hugo's verdict
//! on several hundred spellings.

use rustc_hash::FxHashSet as HashSet;

use super::{Tag, problem};
use crate::document::{Delimiter, ShortcodeParam, Span, SyntaxProblem};
use crate::syntax::unicode::{is_decimal_digit, is_letter};

/// What the lexer carries from one tag to the next.
#[derive(Debug, Default)]
pub(super) struct LexerState {
    /// Every name lexed so far, as written: a closing tag must name one of them (Hugo marks a
    /// name open when it is read, and never forgets it). Case matters.
    names: HashSet<String>,
}

/// Hugo's `isAlphaNumeric`: `_`, Go's letters and decimal digits.
fn is_alphanumeric(c: char) -> bool {
    c == '_' || is_letter(c) || is_decimal_digit(c)
}

fn is_alphanumeric_or_hyphen(c: char) -> bool {
    is_alphanumeric(c) || c == '-'
}

/// Go's `isASCIISpace`.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}')
}

/// Hugo's message for a character it does not expect inside a tag.
pub(super) fn unrecognized(c: char) -> String {
    let shown = if c.is_control() {
        format!("{c:?}")
    } else {
        format!("'{c}'")
    };
    format!(
        "unrecognized character in shortcode action: U+{:04X} {shown}. Note: Parameters with non-alphanumeric args must be quoted",
        c as u32
    )
}

/// One element of a tag, as the lexer emits it.
#[derive(Debug)]
enum Element {
    /// `/`: a closing tag before the name, a self-close after it.
    Close,
    Name(Span),
    /// A parameter: a word or a quoted string (`tScParam`).
    Param(Value),
    /// What follows an `=` (`tScParamVal`).
    Value(Value),
}

#[derive(Debug)]
struct Value {
    /// As Hugo passes it to the template (quotes removed; backslashes too when it held `\"`).
    text: String,
    /// As written, quotes included.
    span: Span,
}

/// Which element a quoted or raw string becomes.
#[derive(Clone, Copy)]
enum Kind {
    Param,
    Value,
}

/// The lexer inside one tag: the cursor and the state Hugo keeps per tag.
struct TagLexer<'t> {
    text: &'t str,
    /// The tag's opening delimiter.
    at: usize,
    closer: &'static str,
    pos: usize,
    /// Where the element being read starts (Hugo's `start`); errors are reported there.
    start: usize,
    /// The byte length of the last character read (0 at the end), for `backup`.
    width: usize,
    /// Elements since the name (Hugo's `elementStepNum`): parameters come after a name.
    step: usize,
    /// Whether the parameters so far are positional (1) or named (2) (`paramElements`).
    param_elements: u8,
    /// A `/` was read and the name after it closes a shortcode (`closingState`).
    closing: bool,
    elements: Vec<Element>,
    /// A closing name that names no shortcode seen so far.
    mismatch: Option<SyntaxProblem>,
}

type Step<T> = Result<T, SyntaxProblem>;

impl<'t> TagLexer<'t> {
    fn next(&mut self) -> Option<char> {
        let c = self.text[self.pos..].chars().next();
        self.width = c.map_or(0, char::len_utf8);
        self.pos += self.width;
        c
    }

    fn backup(&mut self) {
        self.pos -= self.width;
    }

    fn peek(&mut self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn ignore(&mut self) {
        self.start = self.pos;
    }

    fn current(&self) -> &'t str {
        &self.text[self.start..self.pos]
    }

    fn at_closer(&self) -> bool {
        self.text[self.pos..].starts_with(self.closer)
    }

    /// An error at `span`; when Hugo's position (the element being read) is on another line, it
    /// is shown too.
    fn fail(&self, span: Span, message: impl Into<String>, help: Option<String>) -> SyntaxProblem {
        let mut p = problem(span.clone(), message, help);
        let b = self.text.as_bytes();
        let hugo = self.start.min(b.len());
        let (from, to) = (span.start.min(hugo), span.start.max(hugo));
        if memchr::memchr(b'\n', &b[from..to]).is_some() {
            p.labels.push((hugo..hugo, "Hugo reports it here".into()));
        }
        p
    }

    fn unclosed_action(&self) -> SyntaxProblem {
        let b = self.text.as_bytes();
        let eol = memchr::memchr(b'\n', &b[self.at..]).map_or(b.len(), |x| self.at + x);
        let mut p = problem(
            self.at..eol.max(self.at + 3),
            "unclosed shortcode action",
            Some(format!(
                "end the tag with `{}` (an unquoted value runs to the next space: quote it)",
                self.closer
            )),
        );
        // Hugo reports this where the file ends, which may be far from the tag.
        p.labels
            .push((b.len()..b.len(), "the file ends inside the tag".into()));
        p
    }

    /// `lexInsideShortcode`, until the closing delimiter.
    fn inside(&mut self, state: &mut LexerState) -> Step<()> {
        loop {
            if self.at_closer() {
                self.pos += self.closer.len();
                return Ok(());
            }
            let Some(c) = self.next() else {
                return Err(self.unclosed_action());
            };
            match c {
                c if is_space(c) => self.ignore(),
                '=' => self.value()?,
                '/' => {
                    if state.names.is_empty() {
                        return Err(self.fail(
                            self.pos - 1..self.pos,
                            "got closing shortcode, but none is open",
                            None,
                        ));
                    }
                    self.closing = true;
                    self.step = 0;
                    self.elements.push(Element::Close);
                    self.ignore();
                }
                '\\' => {
                    // Dropped, unless it starts an escaped quote.
                    self.ignore();
                    if matches!(self.peek(), Some('"' | '`')) {
                        self.param(true)?;
                    }
                }
                c if self.step > 0 && (is_alphanumeric_or_hyphen(c) || c == '"' || c == '`') => {
                    self.backup();
                    self.param(false)?;
                }
                c if is_alphanumeric(c) => {
                    self.backup();
                    if self.name(state)? {
                        // Hugo stops at a closing name it has not seen, before what follows.
                        return match self.end_of_closing_tag() {
                            Ok(()) => Ok(()),
                            Err(e) => Err(self.mismatch.take().unwrap_or(e)),
                        };
                    }
                }
                c => {
                    return Err(self.fail(
                        self.pos - c.len_utf8()..self.pos,
                        unrecognized(c),
                        Some("quote the value: \"…\"".into()),
                    ));
                }
            }
        }
    }

    /// `lexIdentifierInShortcode`: a name (letters, digits, `_`, `-`, `/`; `.inline`). Returns
    /// whether it closes a shortcode (then only blanks and the closer may follow).
    fn name(&mut self, state: &mut LexerState) -> Step<bool> {
        loop {
            match self.next() {
                Some(c) if is_alphanumeric_or_hyphen(c) || c == '/' => {}
                Some('.') => {
                    if !self.text[self.pos..].starts_with("inline ") {
                        return Err(self.fail(
                            self.pos - 1..self.pos,
                            "period in shortcode name only allowed for inline identifiers",
                            Some("only `name.inline` (inline shortcodes) has a period".into()),
                        ));
                    }
                }
                _ => {
                    self.backup();
                    break;
                }
            }
        }
        let span = self.start..self.pos;
        let word = self.current();
        let closes = self.closing;
        if closes && !state.names.contains(word) {
            // Hugo stops here; the tag is kept so that the shortcode it was meant to close (in
            // another case, say) is not reported again as unclosed.
            self.mismatch = Some(self.fail(
                span.clone(),
                format!("closing tag for shortcode '{word}' does not match start tag"),
                Some(format!(
                    "no shortcode named `{word}` was opened before this closing tag (the case of the name counts)"
                )),
            ));
        }
        self.closing = false;
        state.names.insert(word.to_string());
        self.step += 1;
        self.elements.push(Element::Name(span));
        self.ignore();
        Ok(closes)
    }

    /// `lexEndOfShortcode`: blanks, then the closer.
    fn end_of_closing_tag(&mut self) -> Step<()> {
        loop {
            if self.at_closer() {
                self.pos += self.closer.len();
                return Ok(());
            }
            match self.next() {
                Some(c) if is_space(c) => self.ignore(),
                Some(c) => {
                    return Err(self.fail(
                        self.start..self.pos - c.len_utf8(),
                        "unclosed shortcode",
                        Some("a closing tag takes only the name".into()),
                    ));
                }
                None => {
                    return Err(self.fail(
                        self.at..self.pos,
                        "unclosed shortcode",
                        Some(format!("end the tag with `{}`", self.closer)),
                    ));
                }
            }
        }
    }

    /// `lexShortcodeParam`: a word, or a quoted string, as a parameter; `escaped`: after a
    /// backslash (`\"x\"`).
    fn param(&mut self, escaped: bool) -> Step<()> {
        let word_start = self.pos;
        let first = self.next();
        match first {
            Some(q @ ('"' | '`')) if q == '"' || !escaped => {
                if self.param_elements == 2 {
                    return Err(self.fail(
                        self.pos - 1..self.pos,
                        "got quoted positional parameter. Cannot mix named and positional parameters",
                        None,
                    ));
                }
                self.param_elements = 1;
                self.backup();
                return if q == '"' {
                    self.quoted(!escaped, Kind::Param)
                } else {
                    self.raw(Kind::Param)
                };
            }
            Some('`') => {
                return Err(self.fail(
                    word_start - 1..self.pos,
                    "unrecognized escape character",
                    None,
                ));
            }
            _ => {}
        }
        // The word: letters, digits, `_`, `-`, `.`; an `=` right after it makes it a name.
        let mut named = false;
        let mut c = first;
        loop {
            match c {
                Some(c) if is_alphanumeric_or_hyphen(c) || c == '.' => {}
                Some('=') => {
                    self.backup();
                    named = true;
                    break;
                }
                _ => {
                    self.backup();
                    break;
                }
            }
            c = self.next();
        }
        let word = self.current();
        let span = self.start..self.pos;
        match (self.param_elements, named) {
            (0, _) => self.param_elements = if named { 2 } else { 1 },
            (1, true) => {
                return Err(self.fail(
                    span,
                    format!(
                        "got named parameter '{word}'. Cannot mix named and positional parameters"
                    ),
                    None,
                ));
            }
            (2, false) => {
                return Err(self.fail(
                    span,
                    format!(
                        "got positional parameter '{word}'. Cannot mix named and positional parameters"
                    ),
                    None,
                ));
            }
            _ => {}
        }
        self.elements.push(Element::Param(Value {
            text: word.to_string(),
            span,
        }));
        self.ignore();
        Ok(())
    }

    /// After `=`: blanks, then a quoted string, a raw string, or a bare value that runs to the
    /// next blank (whatever it holds: a closer too).
    fn value(&mut self) -> Step<()> {
        while self.peek().is_some_and(is_space) {
            self.next();
        }
        self.ignore();
        match self.peek() {
            Some(c @ ('"' | '\\')) => self.quoted(c == '"', Kind::Value),
            Some('`') => self.raw(Kind::Value),
            _ => {
                while self.peek().is_some_and(|c| !is_space(c)) {
                    self.next();
                }
                self.elements.push(Element::Value(Value {
                    text: self.current().to_string(),
                    span: self.start..self.pos,
                }));
                self.ignore();
                Ok(())
            }
        }
    }

    /// `lexShortcodeQuotedParamVal`: a `"…"` string. `escapes`: `\"` inside it is a quote (else
    /// it ends the string, as in `\"x\"`). With an escaped quote inside, every backslash goes.
    fn quoted(&mut self, escapes: bool, kind: Kind) -> Step<()> {
        let written = self.pos;
        let mut open = false;
        let mut escaped_inside = false;
        let mut skip_quote = false;
        loop {
            match self.next() {
                Some('\\') => match self.peek() {
                    Some('"') if open && !escapes => {
                        self.backup();
                        break;
                    }
                    Some('"') if open => {
                        escaped_inside = true;
                        skip_quote = true;
                    }
                    Some('`') => {
                        return Err(self.fail(
                            self.pos - 1..self.pos + 1,
                            "unrecognized escape character",
                            None,
                        ));
                    }
                    _ => {}
                },
                None | Some('\n') => {
                    let shown = self.current().trim_end_matches('\n');
                    return Err(self.fail(
                        written..self.pos,
                        format!(
                            "unterminated quoted string in shortcode parameter-argument: '{shown}'"
                        ),
                        Some("close the quote on the same line".into()),
                    ));
                }
                Some('"') if skip_quote => skip_quote = false,
                Some('"') if open => {
                    self.backup();
                    break;
                }
                Some('"') => {
                    open = true;
                    self.ignore();
                }
                Some(_) => {}
            }
        }
        let raw = self.current();
        // Hugo emits nothing for a string that is only backslashes and escaped quotes' slashes.
        let text = if escaped_inside {
            Some(raw.replace('\\', "")).filter(|t| !t.is_empty())
        } else {
            Some(raw.to_string())
        };
        // The closing quote, or an escaped one.
        match self.next() {
            Some('\\') if self.peek() == Some('"') => {
                self.next();
            }
            Some('\\') | Some('"') => {}
            _ => self.backup(),
        }
        if let Some(text) = text {
            let v = Value {
                text,
                span: written..self.pos,
            };
            self.elements.push(match kind {
                Kind::Param => Element::Param(v),
                Kind::Value => Element::Value(v),
            });
        }
        self.ignore();
        Ok(())
    }

    /// `lexShortCodeParamRawStringVal`: a `` `…` `` string, over lines, as written.
    fn raw(&mut self, kind: Kind) -> Step<()> {
        let written = self.pos;
        let mut open = false;
        loop {
            match self.next() {
                Some('`') if open => {
                    self.backup();
                    break;
                }
                Some('`') => {
                    open = true;
                    self.ignore();
                }
                Some(_) => {}
                None => {
                    let shown = self.current();
                    let eol = shown.find('\n').unwrap_or(shown.len());
                    return Err(self.fail(
                        written..written + 1,
                        format!(
                            "unterminated raw string in shortcode parameter-argument: '{}'",
                            &shown[..eol]
                        ),
                        Some("close the raw string with a backtick".into()),
                    ));
                }
            }
        }
        let text = self.current().to_string();
        self.next();
        let v = Value {
            text,
            span: written..self.pos,
        };
        self.elements.push(match kind {
            Kind::Param => Element::Param(v),
            Kind::Value => Element::Value(v),
        });
        self.ignore();
        Ok(())
    }
}

/// Lex the tag whose opening delimiter is at `at`: the tag (with the problem Hugo would stop at
/// that still leaves it readable: a closing tag naming no shortcode seen so far), or the problem
/// that makes it unreadable.
pub(super) fn lex_tag(
    text: &str,
    at: usize,
    delimiter: Delimiter,
    state: &mut LexerState,
) -> Result<Tag, SyntaxProblem> {
    let mut l = TagLexer {
        text,
        at,
        closer: delimiter.close(),
        pos: at + 3,
        start: at + 3,
        width: 0,
        step: 0,
        param_elements: 0,
        closing: false,
        elements: Vec::new(),
        mismatch: None,
    };
    // `{{< >}}`: no name (Hugo's shortcode extraction stops there).
    let blank = text[l.pos..].len() - text[l.pos..].trim_start_matches(is_space).len();
    if text[l.pos + blank..].starts_with(l.closer) {
        return Err(problem(
            at..l.pos + blank + 3,
            "shortcode has no name",
            Some("write the shortcode's name after the delimiter".into()),
        ));
    }
    if let Err(lexing) = l.inside(state) {
        // Hugo lexes the whole tag before it takes the parameters, but takes them in order and
        // stops at the first problem: named and positional ones mixed before the lexer's error
        // are reported first. (A parameter right before the error is skipped.)
        if matches!(l.elements.last(), Some(Element::Param(_))) {
            l.elements.pop();
        }
        return Err(match tag_of(text, at..l.pos, delimiter, l.elements) {
            Err(Unreadable::Params(p)) => p,
            _ => lexing,
        });
    }
    let end = l.pos;
    let mut tag = tag_of(text, at..end, delimiter, l.elements).map_err(|e| match e {
        Unreadable::Params(p) | Unreadable::NoName(p) => p,
    })?;
    tag.problem = l.mismatch;
    Ok(tag)
}

/// Why the elements of a tag make no tag.
enum Unreadable {
    NoName(SyntaxProblem),
    /// Named and positional parameters mixed.
    Params(SyntaxProblem),
}

/// The tag the elements make, as Hugo's extraction reads them: `/` before the name closes, after
/// it self-closes; a parameter followed by a value is named, else positional; a value with no
/// parameter before it is dropped; named and positional parameters do not mix.
fn tag_of(
    text: &str,
    span: Span,
    delimiter: Delimiter,
    elements: Vec<Element>,
) -> Result<Tag, Unreadable> {
    let name_at = elements.iter().position(|e| matches!(e, Element::Name(_)));
    let closing = name_at.is_some_and(|n| matches!(elements[..n].first(), Some(Element::Close)));
    let (name, name_span) = match name_at.map(|n| &elements[n]) {
        Some(Element::Name(s)) => (text[s.clone()].to_string(), s.clone()),
        _ => {
            return Err(Unreadable::NoName(problem(
                span,
                "shortcode has no name",
                Some("write the shortcode's name after the delimiter".into()),
            )));
        }
    };
    let after = name_at.map_or(0, |n| n + 1);
    let self_closed = !closing
        && elements[after..]
            .iter()
            .any(|e| matches!(e, Element::Close));
    let mut params: Vec<ShortcodeParam> = Vec::new();
    let mut named: Option<bool> = None;
    let mut rest = elements.into_iter().skip(after).peekable();
    while let Some(e) = rest.next() {
        let Element::Param(p) = e else {
            continue;
        };
        let param = match rest.peek() {
            Some(Element::Value(_)) => {
                let Some(Element::Value(v)) = rest.next() else {
                    unreachable!("peeked")
                };
                ShortcodeParam {
                    name: Some(p.text),
                    value: v.text,
                    span: v.span,
                }
            }
            _ => ShortcodeParam {
                name: None,
                value: p.text,
                span: p.span,
            },
        };
        let is_named = param.name.is_some();
        if *named.get_or_insert(is_named) != is_named {
            // Hugo's message names the zero value of the type it asked for.
            let (shown, expected) = if is_named {
                ("map[string]interface {}", "map")
            } else {
                ("[]interface {}", "slice")
            };
            let mut p = problem(
                param.span.clone(),
                format!(
                    "invalid state: invalid param type {shown} for shortcode \"{name}\", expected a {expected}"
                ),
                Some(
                    "named and positional parameters do not mix: a parameter followed by `= value` is named".into(),
                ),
            );
            if memchr::memchr(b'\n', &text.as_bytes()[span.start..param.span.start]).is_some() {
                p.labels
                    .push((span.start..span.start + 3, "in this shortcode".into()));
            }
            return Err(Unreadable::Params(p));
        }
        params.push(param);
    }
    Ok(Tag {
        delimiter,
        span,
        name,
        name_span,
        closing,
        self_closed,
        params,
        problem: None,
    })
}
