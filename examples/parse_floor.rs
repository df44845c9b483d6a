//! The parse-only floor for benches/compare.sh: walk a folder for Markdown, read every file and
//! run one pulldown-cmark pass over it, in parallel, with no rules. hugolint cannot be faster
//! than this; the benchmark reports how close it gets.
//!
//! Usage: cargo run --release --example parse_floor -- DIR...

use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;

fn main() {
    let mut files = Vec::new();
    for dir in std::env::args().skip(1) {
        for entry in ignore::WalkBuilder::new(dir).build().flatten() {
            if entry.file_type().is_some_and(|t| t.is_file())
                && hugolint::lint::is_markdown(entry.path())
            {
                files.push(entry.into_path());
            }
        }
    }
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let (bytes, events): (usize, usize) = files
        .par_iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            let n = Parser::new_ext(&text, opts).into_offset_iter().count();
            (text.len(), n)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!("{} files, {bytes} bytes, {events} events", files.len());
}
