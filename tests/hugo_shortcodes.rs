//! Differential test against a real Hugo: the shortcode errors Hugo reports on each case page
//! (`fixtures/hugo/shortcodes/goldens.tsv`, written by `scripts/hugo-oracle/shortcodes.sh`, which
//! CI reruns and diffs) must be reported by hugolint's shortcode lexer on the same line, with
//! Hugo's message; the `ok` cases must give nothing.
//!
//! Where Hugo reports a position that is not the tag's (an unclosed action is reported where the
//! file ends), hugolint points at the tag and carries Hugo's position as a secondary label; the
//! line matches on either.

use hugolint::document::LineIndex;
use hugolint::syntax::{front_matter, shortcode};

#[test]
fn shortcode_errors_match_hugo() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hugo/shortcodes");
    let goldens = std::fs::read_to_string(root.join("goldens.tsv")).unwrap();
    // What the fixture site's templates say, read from them (its layouts, its theme, its
    // vendored module) as hugolint reads any site's.
    let site = hugolint::site::Site::discover(&root.join("site"));
    let catalogue = site.catalogue();
    let mut failures = Vec::new();
    let mut cases = 0;
    for row in goldens.lines() {
        let cols: Vec<&str> = row.split('\t').collect();
        let text = std::fs::read_to_string(root.join("cases").join(cols[0])).unwrap();
        let body = front_matter::split(&text).body_start;
        let lexed = shortcode::scan(&text, body, catalogue);
        let lines = LineIndex::new(&text);
        let line_of = |o: usize| lines.line_col(&text, o).0;
        cases += 1;
        match cols.as_slice() {
            [name, "ok"] => {
                if !lexed.problems.is_empty() {
                    failures.push(format!(
                        "{name}: Hugo builds it, hugolint reports {:?}",
                        lexed.problems
                    ));
                }
            }
            [name, line, message] => {
                let line: usize = line.parse().unwrap();
                let found = lexed.problems.iter().any(|p| {
                    let on_line = line_of(p.span.start) == line
                        || p.labels.iter().any(|(s, _)| line_of(s.start) == line);
                    on_line && p.message.contains(message)
                });
                if !found {
                    let got: Vec<_> = lexed
                        .problems
                        .iter()
                        .map(|p| format!("{}: {}", line_of(p.span.start), p.message))
                        .collect();
                    failures.push(format!(
                        "{name}: Hugo says {line}: {message}\n    hugolint says {got:?}"
                    ));
                }
            }
            _ => panic!("bad golden row {row:?}"),
        }
    }
    assert!(cases >= 20, "only {cases} cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
