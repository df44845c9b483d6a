//! A small, forgiving reader of Go templates (text/template's grammar, as Hugo's templates use
//! it): text and actions, `if`/`with`/`range`/`else`/`end`, `define`/`block`/`template`, and
//! each action's pipeline as commands of arguments (fields, variables, functions, strings,
//! sub-pipelines). Nothing is executed; `facts` reads the tree.
//!
//! Hand-written rather than the `gtmpl` crate (0.7.1): its parser is private, it rejects a
//! template that calls a function it does not define (every Hugo function) and it knows neither
//! `break`/`continue` nor `else with`. A template this reader cannot follow is `ok: false`, and
//! its facts are then unknown, never guessed.

use rustc_hash::FxHashMap as HashMap;

/// A parsed template file: its main body and the templates it `define`s.
#[derive(Debug, Default, Clone)]
pub struct Template {
    pub main: Vec<Node>,
    pub defines: HashMap<String, Vec<Node>>,
    /// Whether the whole file was read; when not, whatever was read is kept but facts drawn
    /// from it are to be treated as incomplete.
    pub ok: bool,
}

#[derive(Debug, Clone)]
pub enum Node {
    /// Text outside actions (HTML, Markdown), with `{{-`/`-}}` trimming applied.
    Text(String),
    /// `{{ pipeline }}`: output unless it declares or assigns a variable.
    Action(Pipe),
    If {
        cond: Pipe,
        then: Vec<Node>,
        els: Vec<Node>,
    },
    With {
        pipe: Pipe,
        then: Vec<Node>,
        els: Vec<Node>,
    },
    Range {
        pipe: Pipe,
        body: Vec<Node>,
        els: Vec<Node>,
    },
    /// `{{ template "name" pipe }}` (and the call half of `block`).
    Template {
        name: String,
        arg: Option<Pipe>,
    },
    Break,
    Continue,
}

/// A pipeline: `$a, $b := cmd | cmd`.
#[derive(Debug, Clone, Default)]
pub struct Pipe {
    pub decl: Vec<String>,
    /// `=` rather than `:=`.
    pub assign: bool,
    pub cmds: Vec<Cmd>,
}

#[derive(Debug, Clone, Default)]
pub struct Cmd {
    pub args: Vec<Arg>,
}

#[derive(Debug, Clone)]
pub enum Arg {
    /// `.A.B` (empty: `.` itself).
    Field(Vec<String>),
    /// `$x.A.B` (`$` itself is named `$`).
    Var(String, Vec<String>),
    /// A function, possibly namespaced: `markdownify`, `strings.HasPrefix` (`["strings",
    /// "HasPrefix"]`).
    Ident(Vec<String>),
    Str(String),
    /// A number, `true`, `false`, `nil`, a character.
    Literal(String),
    /// `( pipeline ).A.B`
    Sub(Box<Pipe>, Vec<String>),
}

impl Pipe {
    /// Every argument of every command, sub-pipelines included, depth first.
    pub fn visit_args(&self, f: &mut dyn FnMut(&Arg)) {
        for c in &self.cmds {
            for a in &c.args {
                f(a);
                if let Arg::Sub(p, _) = a {
                    p.visit_args(f);
                }
            }
        }
    }
}

/// Parse a template's text. Never fails: what cannot be read ends the tree with `ok: false`.
pub fn parse(text: &str) -> Template {
    let items = match lex(text) {
        Some(items) => items,
        None => {
            return Template {
                ok: false,
                ..Template::default()
            };
        }
    };
    let mut p = Parser {
        items,
        at: 0,
        defines: HashMap::default(),
        ok: true,
    };
    let (main, stop) = p.list(0);
    if !matches!(stop, Stop::Eof) {
        // An `end` or `else` with nothing open.
        p.ok = false;
    }
    Template {
        main,
        defines: p.defines,
        ok: p.ok,
    }
}

/// One piece of the template: text, or an action's tokens.
#[derive(Debug)]
enum Item {
    Text(String),
    Action(Vec<Tok>),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Field(Vec<String>),
    Var(String, Vec<String>),
    Ident(Vec<String>),
    Str(String),
    Literal(String),
    LParen,
    /// `)` and the fields chained on it.
    RParen(Vec<String>),
    Pipe,
    Declare,
    Assign,
    Comma,
}

/// Split the text into text and actions; `None` when an action never ends.
fn lex(text: &str) -> Option<Vec<Item>> {
    let b = text.as_bytes();
    let mut items = Vec::new();
    let mut at = 0;
    let mut trim_next = false;
    while at <= b.len() {
        let open = memchr::memmem::find(&b[at..], b"{{").map(|p| at + p);
        let end = open.unwrap_or(b.len());
        let mut t = &text[at..end];
        if trim_next {
            t = t.trim_start();
        }
        let trim_before = open.is_some_and(|o| {
            b.get(o + 2) == Some(&b'-') && b.get(o + 3).is_some_and(|c| c.is_ascii_whitespace())
        });
        if trim_before {
            t = t.trim_end();
        }
        if !t.is_empty() {
            items.push(Item::Text(t.to_string()));
        }
        let Some(o) = open else { break };
        let mut p = o + 2;
        if trim_before {
            p += 2;
        }
        // A comment: `{{/* … */}}`, with optional trim markers around.
        let q = skip_ws(b, p);
        if b[q..].starts_with(b"/*") {
            let close = memchr::memmem::find(&b[q + 2..], b"*/")? + q + 2;
            let mut r = skip_ws(b, close + 2);
            trim_next = false;
            if b.get(r) == Some(&b'-') {
                trim_next = true;
                r += 1;
            }
            if !b[r..].starts_with(b"}}") {
                return None;
            }
            at = r + 2;
            continue;
        }
        let (toks, after, trim) = lex_action(text, p)?;
        trim_next = trim;
        items.push(Item::Action(toks));
        at = after;
    }
    Some(items)
}

fn skip_ws(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && b[p].is_ascii_whitespace() {
        p += 1;
    }
    p
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// The tokens of one action from `p` (after `{{` and any trim marker) to its `}}`; returns the
/// position after `}}` and whether the action trims the text after it.
fn lex_action(text: &str, mut p: usize) -> Option<(Vec<Tok>, usize, bool)> {
    let b = text.as_bytes();
    let mut toks = Vec::new();
    loop {
        p = skip_ws(b, p);
        let c = *b.get(p)?;
        match c {
            b'-' if b.get(p + 1) == Some(&b'}')
                && b.get(p + 2) == Some(&b'}')
                && p > 0
                && b[p - 1].is_ascii_whitespace() =>
            {
                return Some((toks, p + 3, true));
            }
            b'}' if b.get(p + 1) == Some(&b'}') => return Some((toks, p + 2, false)),
            b'"' => {
                let mut s = String::new();
                let mut q = p + 1;
                loop {
                    let c = *b.get(q)?;
                    match c {
                        b'\\' => {
                            let n = *b.get(q + 1)?;
                            s.push(match n {
                                b'n' => '\n',
                                b't' => '\t',
                                other => other as char,
                            });
                            q += 2;
                        }
                        b'"' => break,
                        b'\n' => return None,
                        _ => {
                            let ch = text[q..].chars().next()?;
                            s.push(ch);
                            q += ch.len_utf8();
                        }
                    }
                }
                toks.push(Tok::Str(s));
                p = q + 1;
            }
            b'`' => {
                let close = memchr::memchr(b'`', &b[p + 1..])? + p + 1;
                toks.push(Tok::Str(text[p + 1..close].to_string()));
                p = close + 1;
            }
            b'\'' => {
                let mut q = p + 1;
                while *b.get(q)? != b'\'' {
                    q += if b[q] == b'\\' { 2 } else { 1 };
                }
                toks.push(Tok::Literal(text[p..=q].to_string()));
                p = q + 1;
            }
            b'(' => {
                toks.push(Tok::LParen);
                p += 1;
            }
            b')' => {
                let (fields, q) = fields(text, p + 1);
                toks.push(Tok::RParen(fields));
                p = q;
            }
            b'|' => {
                toks.push(Tok::Pipe);
                p += 1;
            }
            b',' => {
                toks.push(Tok::Comma);
                p += 1;
            }
            b':' if b.get(p + 1) == Some(&b'=') => {
                toks.push(Tok::Declare);
                p += 2;
            }
            b'=' => {
                toks.push(Tok::Assign);
                p += 1;
            }
            b'.' if !b.get(p + 1).is_some_and(|c| c.is_ascii_digit()) => {
                let (f, q) = fields(text, p);
                toks.push(Tok::Field(f));
                p = if q == p { p + 1 } else { q };
            }
            b'$' => {
                let mut q = p + 1;
                while q < b.len() && is_ident_byte(b[q]) {
                    q += 1;
                }
                let name = text[p..q].to_string();
                let (f, r) = fields(text, q);
                toks.push(Tok::Var(name, f));
                p = r;
            }
            c if c.is_ascii_digit() || c == b'-' || c == b'+' || c == b'.' => {
                let mut q = p + 1;
                while q < b.len() && (b[q].is_ascii_alphanumeric() || matches!(b[q], b'.' | b'_')) {
                    q += 1;
                }
                toks.push(Tok::Literal(text[p..q].to_string()));
                p = q;
            }
            c if is_ident_byte(c) => {
                let mut q = p;
                while q < b.len() && is_ident_byte(b[q]) {
                    q += 1;
                }
                let mut parts = vec![text[p..q].to_string()];
                let (f, r) = fields(text, q);
                parts.extend(f);
                match parts[0].as_str() {
                    "true" | "false" | "nil" if parts.len() == 1 => {
                        toks.push(Tok::Literal(parts.remove(0)))
                    }
                    _ => toks.push(Tok::Ident(parts)),
                }
                p = r;
            }
            _ => return None,
        }
    }
}

/// `.A.B.C` from `p` (which must be at a `.`): the names, and where they end. `.` alone gives
/// no names.
fn fields(text: &str, mut p: usize) -> (Vec<String>, usize) {
    let b = text.as_bytes();
    let mut out = Vec::new();
    while b.get(p) == Some(&b'.') {
        let mut q = p + 1;
        while q < b.len() && is_ident_byte(b[q]) {
            q += 1;
        }
        if q == p + 1 {
            // `.` alone (dot itself), only valid as the whole field.
            if out.is_empty() {
                return (out, q);
            }
            break;
        }
        out.push(text[p + 1..q].to_string());
        p = q;
    }
    (out, p)
}

struct Parser {
    items: Vec<Item>,
    at: usize,
    defines: HashMap<String, Vec<Node>>,
    ok: bool,
}

/// What ended a list of nodes.
enum Stop {
    End,
    /// `else`, with what follows it (`if …`, `with …`, or nothing).
    Else(Vec<Tok>),
    Eof,
}

impl Parser {
    fn list(&mut self, depth: usize) -> (Vec<Node>, Stop) {
        let mut out = Vec::new();
        if depth > 64 {
            self.ok = false;
            return (out, Stop::Eof);
        }
        while self.at < self.items.len() {
            let item = std::mem::replace(&mut self.items[self.at], Item::Text(String::new()));
            self.at += 1;
            let toks = match item {
                Item::Text(t) => {
                    out.push(Node::Text(t));
                    continue;
                }
                Item::Action(toks) => toks,
            };
            let keyword = match toks.first() {
                Some(Tok::Ident(parts)) if parts.len() == 1 => parts[0].as_str(),
                _ => "",
            };
            let rest = toks.get(1..).unwrap_or(&[]).to_vec();
            match keyword {
                "end" => return (out, Stop::End),
                "else" => return (out, Stop::Else(rest)),
                "if" | "with" | "range" => out.push(self.block(keyword, rest, depth)),
                "define" | "block" => {
                    let name = match rest.first() {
                        Some(Tok::Str(s)) => s.clone(),
                        _ => {
                            self.ok = false;
                            String::new()
                        }
                    };
                    let (body, stop) = self.list(depth + 1);
                    if !matches!(stop, Stop::End) {
                        self.ok = false;
                    }
                    if keyword == "block" {
                        out.push(Node::Template {
                            name: name.clone(),
                            arg: Some(self.pipe(rest.get(1..).unwrap_or(&[]))),
                        });
                    }
                    self.defines.entry(name).or_insert(body);
                }
                "template" => {
                    let name = match rest.first() {
                        Some(Tok::Str(s)) => s.clone(),
                        _ => {
                            self.ok = false;
                            String::new()
                        }
                    };
                    let arg = rest
                        .get(1..)
                        .filter(|r| !r.is_empty())
                        .map(|r| self.pipe(r));
                    out.push(Node::Template { name, arg });
                }
                "break" => out.push(Node::Break),
                "continue" => out.push(Node::Continue),
                _ => {
                    let pipe = self.pipe(&toks);
                    out.push(Node::Action(pipe));
                }
            }
        }
        (out, Stop::Eof)
    }

    /// `if`/`with`/`range` after its keyword, up to its `end` (an `else if`/`else with` chain
    /// nests).
    fn block(&mut self, keyword: &str, toks: Vec<Tok>, depth: usize) -> Node {
        let pipe = self.pipe(&toks);
        let (then, stop) = self.list(depth + 1);
        let els = match stop {
            Stop::End => Vec::new(),
            Stop::Eof => {
                self.ok = false;
                Vec::new()
            }
            Stop::Else(rest) => match rest.first() {
                Some(Tok::Ident(p)) if p.len() == 1 && (p[0] == "if" || p[0] == "with") => {
                    let kw = p[0].clone();
                    // The chained block consumes the shared `end`.
                    vec![self.block(&kw, rest[1..].to_vec(), depth + 1)]
                }
                _ => {
                    let (els, stop) = self.list(depth + 1);
                    if !matches!(stop, Stop::End) {
                        self.ok = false;
                    }
                    els
                }
            },
        };
        match keyword {
            "if" => Node::If {
                cond: pipe,
                then,
                els,
            },
            "with" => Node::With { pipe, then, els },
            _ => Node::Range {
                pipe,
                body: then,
                els,
            },
        }
    }

    /// A pipeline from its tokens.
    fn pipe(&mut self, toks: &[Tok]) -> Pipe {
        let mut pipe = Pipe::default();
        let mut toks = toks;
        // Declarations: `$x :=`, `$x =`, `$k, $v :=`.
        let decl_end = toks
            .iter()
            .position(|t| matches!(t, Tok::Declare | Tok::Assign));
        if let Some(d) = decl_end
            && toks[..d]
                .iter()
                .all(|t| matches!(t, Tok::Var(_, f) if f.is_empty()) || *t == Tok::Comma)
            && d > 0
        {
            pipe.assign = toks[d] == Tok::Assign;
            pipe.decl = toks[..d]
                .iter()
                .filter_map(|t| match t {
                    Tok::Var(n, _) => Some(n.clone()),
                    _ => None,
                })
                .collect();
            toks = &toks[d + 1..];
        }
        let mut at = 0;
        let mut cmd = Cmd::default();
        while at < toks.len() {
            match &toks[at] {
                Tok::Pipe => {
                    pipe.cmds.push(std::mem::take(&mut cmd));
                    at += 1;
                }
                Tok::LParen => {
                    // The matching `)`.
                    let mut depth = 0;
                    let mut end = None;
                    for (i, t) in toks.iter().enumerate().skip(at) {
                        match t {
                            Tok::LParen => depth += 1,
                            Tok::RParen(_) => {
                                depth -= 1;
                                if depth == 0 {
                                    end = Some(i);
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                    let Some(end) = end else {
                        self.ok = false;
                        break;
                    };
                    let inner = self.pipe(&toks[at + 1..end]);
                    let fields = match &toks[end] {
                        Tok::RParen(f) => f.clone(),
                        _ => Vec::new(),
                    };
                    cmd.args.push(Arg::Sub(Box::new(inner), fields));
                    at = end + 1;
                }
                Tok::RParen(_) | Tok::Declare | Tok::Assign | Tok::Comma => {
                    self.ok = false;
                    at += 1;
                }
                Tok::Field(f) => {
                    cmd.args.push(Arg::Field(f.clone()));
                    at += 1;
                }
                Tok::Var(n, f) => {
                    cmd.args.push(Arg::Var(n.clone(), f.clone()));
                    at += 1;
                }
                Tok::Ident(p) => {
                    cmd.args.push(Arg::Ident(p.clone()));
                    at += 1;
                }
                Tok::Str(s) => {
                    cmd.args.push(Arg::Str(s.clone()));
                    at += 1;
                }
                Tok::Literal(s) => {
                    cmd.args.push(Arg::Literal(s.clone()));
                    at += 1;
                }
            }
        }
        if !cmd.args.is_empty() {
            pipe.cmds.push(cmd);
        }
        pipe
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_actions_blocks_and_defines() {
        let t = parse(
            "<p>{{- /* c */ -}} {{ $a := .Get \"x\" | markdownify }}\n{{ if eq $a `y` }}A{{ else if .Inner }}B{{ else }}C{{ end }}{{ define \"d\" }}{{ .Inner }}{{ end }}{{ template \"d\" . }}",
        );
        assert!(t.ok);
        assert!(t.defines.contains_key("d"));
        let Node::Action(p) = &t.main[1] else {
            panic!("{:?}", t.main)
        };
        assert_eq!(p.decl, ["$a"]);
        assert_eq!(p.cmds.len(), 2);
        assert!(matches!(&p.cmds[1].args[0], Arg::Ident(i) if i == &["markdownify"]));
        let Node::If { els, .. } = &t.main[3] else {
            panic!("{:?}", t.main)
        };
        assert!(
            matches!(&els[0], Node::If { els, .. } if matches!(&els[0], Node::Text(c) if c == "C"))
        );
        assert!(matches!(&t.main[4], Node::Template { name, .. } if name == "d"));
    }

    #[test]
    fn trims_and_sub_pipelines() {
        let t = parse("a  {{- (.Page.GetPage $p).RelPermalink -}}  b{{ with $x }}{{ . }}{{ end }}");
        assert!(t.ok);
        assert!(matches!(&t.main[0], Node::Text(s) if s == "a"));
        let Node::Action(p) = &t.main[1] else {
            panic!()
        };
        let Arg::Sub(inner, fields) = &p.cmds[0].args[0] else {
            panic!("{p:?}")
        };
        assert_eq!(fields, &["RelPermalink"]);
        assert!(matches!(&inner.cmds[0].args[0], Arg::Field(f) if f == &["Page", "GetPage"]));
        assert!(matches!(&t.main[2], Node::Text(s) if s == "b"));
    }

    #[test]
    fn what_cannot_be_read_is_not_ok() {
        assert!(!parse("{{ if .X }}never ended").ok);
        assert!(!parse("{{ .X ").ok);
        assert!(!parse("{{ end }}").ok);
        assert!(!parse("{{ \"unterminated }}").ok);
        assert!(parse("plain text, no actions").ok);
    }
}
