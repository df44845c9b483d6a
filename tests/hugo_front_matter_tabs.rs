//! Differential test against a real Hugo: tabs in YAML front matter.
//!
//! `fixtures/hugo/front-matter-tabs/goldens.jsonl` (written by
//! `scripts/hugo-oracle/front-matter-tabs.sh`, which CI reruns and diffs) holds everyday front
//! matter blocks with one tab put in each place worth trying, and what Hugo 0.168's YAML reader
//! (goccy/go-yaml) made of each: ok, or the error it stopped the build with. hugolint must agree
//! on every one: no front-matter problem where Hugo builds; where it fails, a problem — for an
//! error about a tab, at the tab (Hugo's line and column).

use hugolint::document::LineIndex;
use hugolint::syntax::front_matter;
use serde_json::Value;

/// Blocks where goccy/go-yaml takes a tab among deeper blanks as a blank, then its parser trips
/// on (or accepts) the indentation that gives, in ways no rule of its scanner tells: (the tabbed
/// line, why). Each must still differ (one that agrees is to be taken off).
const KNOWN_GAPS: &[(&str, &str)] = &[
    (
        " \ta: 1",
        "Hugo fails on a nested key indented with a space and a tab; hugolint builds it",
    ),
    ("   \tweight: 2", "the same, one level deeper"),
    (" \t- src: a.png", "the same for a sequence item"),
    (
        "  \tresources:",
        "Hugo builds a first key indented with two spaces and a tab, its list at two spaces; hugolint's YAML parser does not",
    ),
];

/// hugolint's disagreement with Hugo on one page, if any.
fn disagreement(text: &str, hugo: &Value) -> Option<String> {
    let split = front_matter::split(text);
    let lines = LineIndex::new(text);
    let at = |o: usize| lines.line_col(text, o);
    let got: Vec<String> = split
        .problems
        .iter()
        .map(|p| {
            let (l, c) = at(p.span.start);
            format!("{l}:{c}: {}", p.message)
        })
        .collect();
    if hugo == "ok" {
        return (!split.problems.is_empty())
            .then(|| format!("{text:?}\n    Hugo builds it\n    hugolint: {got:?}"));
    }
    let line = hugo["line"].as_u64().expect("line") as usize;
    let column = hugo["column"].as_u64().expect("column") as usize;
    let message = hugo["message"].as_str().expect("message");
    // A tab error is where the tab is (goccy puts "cannot use as a map key" at the key's colon,
    // hugolint at the tab). Where goccy took the tab as a blank and failed later, on what it made
    // of the text, its position is its own reading: any problem will do.
    let tab = message.contains("tab character");
    let agrees = split.problems.iter().any(|p| {
        let (l, c) = at(p.span.start);
        !tab || (l == line && (c == column || message.contains("map key")))
    });
    (!agrees).then(|| {
        format!("{text:?}\n    Hugo fails: {line}:{column}: {message}\n    hugolint: {got:?}")
    })
}

#[test]
fn tabs_in_front_matter_as_hugo_reads_them() {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hugo/front-matter-tabs");
    let goldens = std::fs::read_to_string(root.join("goldens.jsonl"))
        .expect("goldens (run scripts/hugo-oracle/front-matter-tabs.sh)");
    let (mut cases, mut built) = (0, 0);
    let mut failures = Vec::new();
    let mut gap_differs = vec![false; KNOWN_GAPS.len()];
    for row in goldens.lines() {
        let row: Value = serde_json::from_str(row).expect("a JSON line");
        let text = row["page"].as_str().expect("page");
        let hugo = &row["hugo"];
        cases += 1;
        built += usize::from(hugo == "ok");
        let differs = disagreement(text, hugo);
        let gap = KNOWN_GAPS
            .iter()
            .position(|(line, _)| text.lines().any(|l| l == *line));
        match (gap, differs) {
            (Some(g), d) => gap_differs[g] |= d.is_some(),
            (None, Some(d)) => failures.push(d),
            (None, None) => {}
        }
    }
    for (&(line, why), differs) in KNOWN_GAPS.iter().zip(gap_differs) {
        if !differs {
            failures.push(format!(
                "{line:?} ({why}) now agrees with Hugo: take it off KNOWN_GAPS"
            ));
        }
    }
    assert!(
        cases >= 200 && built >= 60 && cases - built >= 60,
        "{cases} cases, {built} built"
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} cases differ from Hugo:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
