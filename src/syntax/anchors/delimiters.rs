//! goldmark's `ScanDelimiter`: whether a run of `*`, `~` (or a quote, for the typographer) can
//! open or close.

use crate::syntax::unicode::is_punct_or_symbol;

/// goldmark's `ScanDelimiter` flanking rules (not `_`): (can open, can close).
pub(super) fn flanking(before: char, after: char) -> (bool, bool) {
    let before_punct = is_punct_or_symbol(before);
    let before_space = before.is_whitespace();
    let after_punct = is_punct_or_symbol(after);
    let after_space = after.is_whitespace();
    let left = !after_space && (!after_punct || before_space || before_punct);
    let right = !before_space && (!before_punct || after_space || after_punct);
    (left, right)
}
