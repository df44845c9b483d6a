//! LSP positions (0-based line, UTF-16 column) ↔ byte offsets of a buffer.

use serde_json::{Value, json};

use crate::document::{LineIndex, Span};

/// The JSON range of a byte span.
pub(super) fn range(span: &Span, text: &str, lines: &LineIndex) -> Value {
    let at = |o: usize| {
        let (line, character) = lines.line_col_utf16(text, o);
        json!({"line": line, "character": character})
    };
    json!({"start": at(span.start), "end": at(span.end)})
}

/// The byte offset of a JSON position; a position past a line's end is its end, past the text
/// the text's end.
pub(super) fn offset_of(position: &Value, text: &str, lines: &LineIndex) -> Option<usize> {
    let line = usize::try_from(position["line"].as_u64()?).ok()?;
    let character = usize::try_from(position["character"].as_u64()?).ok()?;
    if line >= lines.line_count() {
        return Some(text.len());
    }
    let start = lines.line_start(line);
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' || c == '\r' {
            return Some(start + i);
        }
        units += c.len_utf16();
    }
    Some(text.len())
}

/// The byte span of a JSON range.
pub(super) fn span_of(range: &Value, text: &str, lines: &LineIndex) -> Option<Span> {
    let start = offset_of(&range["start"], text, lines)?;
    let end = offset_of(&range["end"], text, lines)?;
    Some(start.min(end)..end.max(start))
}
