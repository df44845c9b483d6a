//! Inline suppressions: hugolint's own comments, markdownlint's, ranges, files, and the report of
//! suppressions that suppress nothing.

use std::path::Path;

use hugolint::lint::{self, LintOptions};
use hugolint::site::Site;

fn lint(text: &str) -> Vec<(usize, String)> {
    let r = lint::lint_text(
        Path::new("p.md"),
        text,
        &Site::plain(),
        // The images of these texts point at files that do not exist: not what is tested here.
        &LintOptions {
            ignore: vec!["broken-link".into()],
            ..LintOptions::default()
        },
    );
    r.diagnostics
        .iter()
        .map(|d| {
            (
                r.lines.line_col(&r.source, d.span.start).0,
                d.rule.to_string(),
            )
        })
        .collect()
}

#[test]
fn next_line_and_same_line() {
    let text = "<!-- hugolint-disable-next-line missing-alt -->\n![](a.png)\n\n![](b.png) <!-- hugolint-disable-line -->\n\n![](c.png)\n";
    assert_eq!(lint(text), [(6, "missing-alt".to_string())]);
}

#[test]
fn ranges_and_file() {
    let text = "<!-- hugolint-disable missing-alt -->\n![](a.png)\n<!-- hugolint-enable missing-alt -->\n\n![](b.png)\n";
    assert_eq!(lint(text), [(5, "missing-alt".to_string())]);
    let text = "![](a.png)\n\n<!-- hugolint-disable-file missing-alt -->\n\n![](b.png)\n";
    assert_eq!(lint(text), []);
}

#[test]
fn markdownlint_comments_map_onto_our_rules() {
    let text = "<!-- markdownlint-disable-next-line MD045 -->\n![](a.png)\n\n## A\n\n<!-- markdownlint-disable-next-line no-duplicate-heading -->\n## A\n";
    assert_eq!(lint(text), []);
    // A markdownlint comment for rules hugolint does not have is not ours: not reported unused.
    let text = "<!-- markdownlint-disable MD033 -->\n<b>x</b>\n";
    assert_eq!(lint(text), []);
}

#[test]
fn markdownlints_duplicate_heading_names_only_repeated_text() {
    // A page that repeats a heading's text on purpose says so for MD024; two identical explicit
    // IDs stay an error (links reach only the first), in a range and for the whole file alike.
    for disable in [
        "<!-- markdownlint-disable no-duplicate-heading -->",
        "<!-- markdownlint-disable-file MD024 -->",
    ] {
        let text = format!(
            "{disable}\n\n## Further reading\n\n## Further reading\n\n### More {{#more}}\n\n### More {{#more}}\n"
        );
        assert_eq!(
            lint(&text),
            [(9, "duplicate-anchor".to_string())],
            "{disable}"
        );
    }
    // hugolint's own name still covers both.
    let text =
        "<!-- hugolint-disable duplicate-anchor -->\n## A\n\n## A\n\n## B {#b}\n\n## C {#b}\n";
    assert_eq!(lint(text), []);
}

#[test]
fn unused_and_unknown_suppressions_are_reported() {
    let text = "<!-- hugolint-disable-next-line missing-alt -->\n![A cat on a mat](a.png)\n";
    assert_eq!(lint(text), [(1, "unused-suppression".to_string())]);
    let text = "<!-- hugolint-disable-next-line missing-alts -->\n![](a.png)\n";
    assert_eq!(
        lint(text),
        [
            (1, "unused-suppression".to_string()),
            (2, "missing-alt".to_string())
        ]
    );
}

#[test]
fn a_suppression_of_a_rule_that_did_not_run_is_not_unused() {
    let options = LintOptions {
        select: vec!["duplicate-anchor".into()],
        ..Default::default()
    };
    let text = "<!-- hugolint-disable-next-line missing-alt -->\n![](a.png)\n";
    let r = lint::lint_text(Path::new("p.md"), text, &Site::plain(), &options);
    assert!(r.diagnostics.is_empty());
}

#[test]
fn comments_in_code_do_not_suppress() {
    let text = "```\n<!-- hugolint-disable-file -->\n```\n\n![](a.png)\n";
    assert_eq!(lint(text), [(5, "missing-alt".to_string())]);
}
