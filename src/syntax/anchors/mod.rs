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
//! The parts, named after goldmark's and Hugo's:
//! - `heading`: a heading's last content line, its attribute block (`attributes`), and the
//!   text its ID is made from;
//! - `events` → `inline`: pulldown's events as items, then goldmark's inline nodes and
//!   `TextPlain`, cut where goldmark's `typographer`, `linkify` and `delimiters` cut, with
//!   raw HTML stripped (`raw_html`) and references resolved (`entities`);
//! - `sanitizers`: the three `autoIDType` sanitisers, over Go's character classes
//!   (`syntax::unicode`);
//! - `id_factory`: one page's ID space with `-N` suffixes.

mod attributes;
mod delimiters;
mod entities;
mod events;
mod heading;
mod id_factory;
mod inline;
mod linkify;
mod raw_html;
mod sanitizers;
#[cfg(test)]
mod testing;
mod typographer;

pub use heading::{HeadingSource, plain_text, read_heading};
pub use id_factory::IdFactory;
pub use sanitizers::{AutoIdType, sanitize};
pub use typographer::{HUGO_TYPOGRAPHER, Punctuation, Typographer};

#[cfg(test)]
mod tests {
    use pulldown_cmark::Event;

    use super::testing::{headings, ids_with};
    use super::{AutoIdType, HUGO_TYPOGRAPHER, plain_text, read_heading};

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
                let _ = read_heading(&md, r.clone(), &events, None, false);
                let _ = read_heading(
                    &md,
                    r.start + 1..r.end + 5,
                    &events,
                    Some(&HUGO_TYPOGRAPHER),
                    true,
                );
                let events: Vec<Event<'_>> = events.into_iter().map(|(e, _)| e).collect();
                let _ = plain_text(&events, Some(&HUGO_TYPOGRAPHER));
            }
        }
    }
}
