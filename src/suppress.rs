//! Inline suppressions, applied by the engine after the rules ran (rules never see them).
//!
//! `<!-- hugolint-disable-next-line rule-a rule-b -->`, `<!-- hugolint-disable-line … -->`,
//! `<!-- hugolint-disable … -->` … `<!-- hugolint-enable … -->`, `<!-- hugolint-disable-file … -->`;
//! no rule ids means every rule. markdownlint's comments are honoured for the rules that have a
//! markdownlint equivalent (MD045 → missing-alt, MD051 → broken-fragment, MD024 →
//! duplicate-anchor), so sites that already use them need no edits. A `hugolint-` suppression that
//! suppresses nothing is reported, so stale ones do not pile up.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Span};

/// The pseudo-rule of a suppression that suppressed nothing.
pub const UNUSED: &str = "unused-suppression";

/// markdownlint rule codes and aliases → hugolint rule ids.
const MARKDOWNLINT: &[(&str, &str)] = &[
    ("md045", "missing-alt"),
    ("no-alt-text", "missing-alt"),
    ("md051", "broken-fragment"),
    ("link-fragments", "broken-fragment"),
    ("md024", "duplicate-anchor"),
    ("no-duplicate-heading", "duplicate-anchor"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NextLine,
    Line,
    Disable,
    Enable,
    File,
}

#[derive(Debug)]
struct Directive {
    kind: Kind,
    /// Empty: every rule.
    rules: Vec<String>,
    span: Span,
    line: usize,
    /// A `hugolint-` comment (reported when unused) rather than a markdownlint one.
    ours: bool,
}

fn parse(text: &str) -> Option<(Kind, Vec<String>, bool)> {
    let mut words = text.split_whitespace();
    let head = words.next()?.to_ascii_lowercase();
    let (tool, verb) = head.split_once('-')?;
    let ours = match tool {
        "hugolint" => true,
        "markdownlint" => false,
        _ => return None,
    };
    let kind = match verb {
        "disable-next-line" => Kind::NextLine,
        "disable-line" => Kind::Line,
        "disable" => Kind::Disable,
        "enable" => Kind::Enable,
        "disable-file" => Kind::File,
        _ => return None,
    };
    let mut rules = Vec::new();
    let mut named_any = false;
    for w in words.flat_map(|w| w.split(',')).filter(|w| !w.is_empty()) {
        named_any = true;
        let w = w.to_ascii_lowercase();
        if ours {
            rules.push(w);
        } else if let Some((_, id)) = MARKDOWNLINT.iter().find(|(code, _)| *code == w) {
            rules.push(id.to_string());
        }
    }
    // A markdownlint comment that names only rules hugolint does not have is not for us.
    if !ours && named_any && rules.is_empty() {
        return None;
    }
    Some((kind, rules, ours))
}

/// Drop the diagnostics that the page's suppression comments cover, and report the `hugolint-`
/// suppressions that covered nothing.
///
/// `ran` says which rules ran: a suppression of a rule that did not run is not "unused".
pub fn apply(
    doc: &Document,
    diagnostics: Vec<Diagnostic>,
    ran: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let directives: Vec<Directive> = doc
        .comments
        .iter()
        .filter_map(|c| {
            let (kind, rules, ours) = parse(&c.text)?;
            Some(Directive {
                kind,
                rules,
                span: c.span.clone(),
                line: doc.lines().line_of(c.span.start),
                ours,
            })
        })
        .collect();
    if directives.is_empty() {
        return diagnostics;
    }
    let mut used = vec![false; directives.len()];
    let mut kept = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let line = doc.lines().line_of(d.span.start);
        match suppressor(&directives, d.rule, line, d.span.start) {
            Some(i) => used[i] = true,
            None => kept.push(d),
        }
    }
    for (i, dir) in directives.iter().enumerate() {
        if let Some(bad) = dir
            .rules
            .iter()
            .find(|r| dir.ours && crate::rules::by_id(r).is_none())
        {
            let mut d = Diagnostic::new(
                UNUSED,
                Severity::Warning,
                dir.span.clone(),
                format!("this suppression names `{bad}`, which is not a hugolint rule"),
            );
            d.with_help("`hugolint rules` lists the rule ids");
            kept.push(d);
            continue;
        }
        let all_ran = if dir.rules.is_empty() {
            crate::rules::all().iter().all(|r| ran(r.id()))
        } else {
            dir.rules.iter().all(|r| ran(r))
        };
        if dir.ours && !used[i] && dir.kind != Kind::Enable && all_ran {
            let what = if dir.rules.is_empty() {
                "any rule".to_string()
            } else {
                dir.rules.join(", ")
            };
            let mut d = Diagnostic::new(
                UNUSED,
                Severity::Warning,
                dir.span.clone(),
                format!("this suppression of {what} suppresses nothing"),
            );
            d.with_help("remove it, or fix the rule id");
            kept.push(d);
        }
    }
    kept
}

fn covers(dir: &Directive, rule: &str) -> bool {
    dir.rules.is_empty() || dir.rules.iter().any(|r| r == rule)
}

/// The directive that suppresses a diagnostic of `rule` on 0-based `line` at `offset`, if any.
fn suppressor(directives: &[Directive], rule: &str, line: usize, offset: usize) -> Option<usize> {
    // Line-scoped directives first, then the innermost open range, then the file.
    for (i, d) in directives.iter().enumerate() {
        let hit = match d.kind {
            Kind::NextLine => d.line + 1 == line,
            Kind::Line => d.line == line,
            _ => false,
        };
        if hit && covers(d, rule) {
            return Some(i);
        }
    }
    let mut open: Option<usize> = None;
    for (i, d) in directives.iter().enumerate() {
        if d.span.start > offset {
            break;
        }
        match d.kind {
            Kind::Disable if covers(d, rule) => open = Some(i),
            Kind::Enable if covers(d, rule) => open = None,
            _ => {}
        }
    }
    if open.is_some() {
        return open;
    }
    directives
        .iter()
        .position(|d| d.kind == Kind::File && covers(d, rule))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_vocabularies() {
        assert_eq!(
            parse("hugolint-disable-next-line missing-alt").unwrap().0,
            Kind::NextLine
        );
        assert_eq!(
            parse("markdownlint-disable MD045 MD033").unwrap().1,
            ["missing-alt"]
        );
        assert!(parse("markdownlint-disable MD033").is_none());
        assert_eq!(
            parse("markdownlint-disable").unwrap().1,
            Vec::<String>::new()
        );
        assert!(parse("just a comment").is_none());
        assert!(parse("hugolint-frobnicate").is_none());
    }
}
