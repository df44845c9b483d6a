//! Front matter: YAML `---`, TOML `+++`, JSON `{` at the start of the file, split off with Hugo's
//! own rules (HUGO-SPEC §3) and decoded; a decoding error becomes a `front-matter` problem on
//! the right line and column.

use crate::document::{FrontMatter, SyntaxProblem};

/// The front matter of a file and where its body starts.
#[derive(Debug, Clone, Default)]
pub struct Split {
    pub front_matter: Option<FrontMatter>,
    /// Byte offset of the Markdown body (after the block, or after a BOM).
    pub body_start: usize,
    pub problems: Vec<SyntaxProblem>,
}

/// Split and decode the front matter of `text` (the whole file).
pub fn split(text: &str) -> Split {
    // Placeholder until the real reader lands: no front matter recognised.
    let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    Split {
        front_matter: None,
        body_start,
        problems: Vec::new(),
    }
}
