//! Inline items → goldmark's inline nodes → `TextPlain`. goldmark starts a new node at every
//! typographer substitution, every linkified URL, every unmatched `*`/`_`/`~` run or `[`, and at
//! the end of each line; `TextPlain` takes the text of the heading's direct children and, of
//! every other node, only its first child.

use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;

use super::delimiters::flanking;
use super::entities::resolve_entity_names;
use super::events::Item;
use super::linkify::linkify;
use super::raw_html::strip_html;
use super::typographer::{Punctuation, Typographer, typographer};
use crate::syntax::unicode::{is_punct_or_symbol, rune_at};

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
    /// A typographer substitution (goldmark's `String` node).
    Str(Punctuation),
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
    typographer: Option<&'s Typographer>,
    content: Range<usize>,
    /// Offsets of the line feeds inside `content`.
    newlines: Vec<usize>,
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

pub(super) fn text_plain(
    source: &str,
    content: &Range<usize>,
    items: &[Item],
    typographer: Option<&Typographer>,
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
        node_text(n, typographer, &mut out);
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
fn node_text(n: &Node, typographer: Option<&Typographer>, out: &mut String) {
    match n {
        Node::Text { s, brk, .. } => {
            out.push_str(s);
            if *brk {
                out.push('\n');
            }
        }
        Node::Str(p) => out.push_str(typographer.map_or("", |t| t.get(*p))),
        Node::Html(s) => out.push_str(s),
        Node::Delim { s, .. } | Node::Label { s, .. } => out.push_str(s),
        Node::Container(children) => {
            if let Some(first) = children.first() {
                node_text(first, typographer, out);
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
                if has_parsers(pc, self.typographer.is_some()) {
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
        self.typographer?;
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

#[cfg(test)]
mod tests {
    use crate::syntax::anchors::testing::{id, some};

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
}
