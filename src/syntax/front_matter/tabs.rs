//! Tabs in YAML front matter, as Hugo's YAML reader (goccy/go-yaml) takes them.
//!
//! YAML forbids tabs as indentation, but where one is an error differs between readers: the
//! parser hugolint uses accepts `\ttitle: x` as the only key and reports a tab on the line
//! before it; goccy/go-yaml stops the build at the tab itself. goccy's scanner remembers the
//! column of the last key or `-` indicator (`lastDelimColumn`, 0 before the first); in block
//! context a tab among a line's leading blanks is an error when it is not to the right of that
//! column, and a first key whose leading blanks (one space aside) begin with a tab is one too. Inside
//! a flow collection (`[…]`, `{…}`) tabs are blanks; inside a quoted value over several lines
//! the same column rule holds; inside a `|` or `>` block a tab where the indentation is expected
//! is an error. This module follows those rules line by line; `tests/hugo_front_matter_tabs.rs`
//! holds it to Hugo's verdict on generated blocks.

/// The first tab goccy/go-yaml stops at in `block` (the YAML between the delimiters): its
/// offset in `block` and goccy's message.
pub(super) fn first_bad_tab(block: &str) -> Option<(usize, &'static str)> {
    if !block.contains('\t') {
        return None;
    }
    let mut scan = Scan {
        fresh: true,
        ..Scan::default()
    };
    let mut offset = 0;
    for raw in block.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        if let Some((at, message)) = scan.line(line) {
            return Some((offset + at, message));
        }
        offset += raw.len();
    }
    None
}

/// Where the scanner is between lines.
#[derive(Default)]
struct Scan {
    /// goccy's `lastDelimColumn`: the 1-based column of the last key or `-` indicator.
    last_delim: usize,
    /// Depth of open flow collections.
    flow: usize,
    /// Inside a quoted value that goes on over lines: its quote.
    quote: Option<u8>,
    /// Inside a `|`/`>` block: the indentation of the line that opened it, and of its content
    /// once known.
    block: Option<(usize, Option<usize>)>,
    /// Only comments so far: goccy's buffer of what precedes a key holds no line break yet.
    fresh: bool,
}

/// The line's leading blanks: its length in bytes (= columns) and the column of its first tab.
fn leading(line: &str) -> (usize, Option<usize>) {
    let len = line.len() - line.trim_start_matches([' ', '\t']).len();
    let tab = line[..len].find('\t').map(|i| i + 1);
    (len, tab)
}

impl Scan {
    fn line(&mut self, line: &str) -> Option<(usize, &'static str)> {
        let (lead, tab) = leading(line);
        let blank = lead == line.len();
        if let Some((parent, content)) = self.block {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            // A tab right after the block's spaces is where its indentation is expected.
            if blank || spaces > parent || tab == Some(spaces + 1) {
                // A tab where the block's indentation is expected.
                let indent = content.unwrap_or(parent + 1).max(1);
                if let Some(t) = tab.filter(|&t| t <= indent && t == spaces + 1) {
                    return Some((
                        t - 1,
                        "found a tab character where an indentation space is expected",
                    ));
                }
                if !blank && content.is_none() {
                    self.block = Some((parent, Some(spaces)));
                }
                return None;
            }
            self.block = None;
        }
        if let Some(q) = self.quote {
            if let Some(t) = tab.filter(|&t| self.last_delim >= t) {
                let message = if q == b'"' {
                    "tab character cannot be used for indentation in double-quoted text"
                } else {
                    "tab character cannot be used for indentation in single-quoted text"
                };
                return Some((t - 1, message));
            }
            match close_quote(line.as_bytes(), lead, q) {
                Some(after) => {
                    self.quote = None;
                    self.rest(line, after);
                }
                None => return None,
            }
            return None;
        }
        if self.flow > 0 {
            self.rest(line, lead);
            return None;
        }
        if let Some(t) = tab.filter(|&t| self.last_delim >= t) {
            return Some((t - 1, "found a tab character that cannot start any token"));
        }
        if blank || line.as_bytes()[lead] == b'#' {
            self.fresh &= !blank;
            return None;
        }
        let found = self.content(line, lead);
        self.fresh = false;
        found
    }

    /// A line of block content from `at` (after its leading blanks): `-` indicators, a key, a
    /// value.
    fn content(&mut self, line: &str, mut at: usize) -> Option<(usize, &'static str)> {
        let b = line.as_bytes();
        let indent = at;
        // What goccy has buffered before the next token: the line's blanks while nothing but
        // comments came before, then the blanks after each `-`.
        let mut buffered = if self.fresh { Some(0) } else { None };
        // A tab (one space before it aside) at the start of that buffer: where it is.
        let tab_first = |from: usize, to: usize| {
            let blanks = &line[from..to];
            blanks
                .strip_prefix(' ')
                .unwrap_or(blanks)
                .starts_with('\t')
                .then(|| from + blanks.find('\t').unwrap_or(0))
        };
        while b.get(at) == Some(&b'-') && matches!(b.get(at + 1), None | Some(b' ' | b'\t')) {
            if let Some(t) = buffered.and_then(|from| tab_first(from, at)) {
                return Some((t, "tab character cannot use as a sequence delimiter"));
            }
            self.last_delim = column(line, at);
            at += 1;
            buffered = Some(at);
            while matches!(b.get(at), Some(b' ' | b'\t')) {
                at += 1;
            }
        }
        if let Some(colon) = key_end(b, at) {
            // goccy takes no tab into a key.
            if let Some(t) = buffered.and_then(|from| tab_first(from, at)) {
                return Some((t, "tab character cannot use as a map key directly"));
            }
            self.last_delim = column(line, at);
            at = colon + 1;
            while matches!(b.get(at), Some(b' ' | b'\t')) {
                at += 1;
            }
        }
        // Anchors and tags before the value.
        while matches!(b.get(at), Some(b'&' | b'!')) {
            while at < b.len() && !matches!(b[at], b' ' | b'\t') {
                at += 1;
            }
            while matches!(b.get(at), Some(b' ' | b'\t')) {
                at += 1;
            }
        }
        match b.get(at) {
            Some(b'|' | b'>') => {
                if column(line, at) == 1 {
                    self.last_delim = 1;
                }
                self.block = Some((indent, None));
            }
            Some(b'[' | b'{' | b'"' | b'\'') => self.rest(line, at),
            _ => {}
        }
        None
    }

    /// Flow collections and quotes from `at` to the end of the line (a comment ends it).
    fn rest(&mut self, line: &str, mut at: usize) {
        let b = line.as_bytes();
        while at < b.len() {
            match b[at] {
                q @ (b'"' | b'\'') => match close_quote(b, at + 1, q) {
                    Some(after) => {
                        at = after;
                        continue;
                    }
                    None => {
                        self.quote = Some(q);
                        return;
                    }
                },
                b'[' | b'{' => self.flow += 1,
                b']' | b'}' => self.flow = self.flow.saturating_sub(1),
                b'#' if at == 0 || matches!(b[at - 1], b' ' | b'\t') => return,
                _ => {}
            }
            at += 1;
        }
    }
}

/// The offset after the quote `q` that closes a quoted value, searching from `from`.
fn close_quote(b: &[u8], from: usize, q: u8) -> Option<usize> {
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\\' if q == b'"' => i += 1,
            b'\'' if q == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 1,
            c if c == q => return Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset of the `:` that ends a key starting at `at` (a `:` followed by a blank or the end
/// of the line, outside quotes), if the content is `key: …`.
fn key_end(b: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    if let Some(&q @ (b'"' | b'\'')) = b.get(at) {
        i = close_quote(b, at + 1, q)?;
        return (b.get(i) == Some(&b':') && matches!(b.get(i + 1), None | Some(b' ' | b'\t')))
            .then_some(i);
    }
    if matches!(b.get(at), Some(b'[' | b'{' | b'#' | b'|' | b'>')) {
        return None;
    }
    while i < b.len() {
        match b[i] {
            b':' if matches!(b.get(i + 1), None | Some(b' ' | b'\t')) => return Some(i),
            b'#' if i > at && matches!(b[i - 1], b' ' | b'\t') => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// goccy's 1-based column of byte `at` of `line` (in characters).
fn column(line: &str, at: usize) -> usize {
    line[..at].chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::first_bad_tab;

    fn at(block: &str) -> Option<usize> {
        first_bad_tab(block).map(|(at, _)| at)
    }

    #[test]
    fn tabs_hugo_stops_at() {
        // The only key, after a tab.
        assert_eq!(at("\ttitle: x\n"), Some(0));
        // A line indented with a tab after a key, a comment too.
        assert_eq!(at("title: x\n\tdraft: true\n"), Some(9));
        assert_eq!(at("title: x\n\t# c\n"), Some(9));
        assert_eq!(at("title: x\n\t\n"), Some(9));
        // A sequence item under a key; an item after an item.
        assert_eq!(at("tags:\n\t- a\n"), Some(6));
        assert_eq!(at("list:\n  - a\n  \t- b\n"), Some(14));
        // Inside quotes over lines; inside a block, where its indentation is.
        assert_eq!(at("t: \"a\n\tb\"\n"), Some(6));
        assert_eq!(at("d: |\n  x\n\t\n  y\n"), Some(9));
    }

    #[test]
    fn tabs_hugo_takes() {
        for block in [
            "title: \"a\tb\"\n",
            "title:\tx\n",
            "\t\ntitle: x\n",
            "  \ttitle: x\n",
            "title: x\n   \t# indented comment\n",
            "m: {a: 1,\n\tb: 2}\n",
            "tags: [a,\n\tb]\n",
            "d: |\n  line\n  \tmore\n",
            "d: >\n  [not flow\ntags: [a,\n\tb]\n",
        ] {
            assert_eq!(at(block), None, "{block:?}");
        }
    }
}
