//! Inline suppressions, applied by the engine after the rules ran (rules never see them).
//!
//! `<!-- hugolint-disable-next-line rule-a rule-b -->`, `<!-- hugolint-disable-line … -->`,
//! `<!-- hugolint-disable … -->` … `<!-- hugolint-enable … -->`, `<!-- hugolint-disable-file … -->`;
//! no rule ids means every rule. markdownlint's comments are honoured for the rules that have a
//! markdownlint equivalent (MD045 → missing-alt, MD051 → broken-fragment, MD024 →
//! duplicate-anchor's repeated heading text), so sites that already use them need no edits. A
//! `hugolint-` suppression that suppresses nothing is reported, so stale ones do not pile up.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Span};
use crate::rule_ids::HEADING_TEXT;

/// The pseudo-rule of a suppression that suppressed nothing.
pub const UNUSED: &str = "unused-suppression";

/// markdownlint rule codes and aliases → hugolint rule ids (or one check of a rule).
const MARKDOWNLINT: &[(&str, &str)] = &[
    ("md045", "missing-alt"),
    ("no-alt-text", "missing-alt"),
    ("md051", "broken-fragment"),
    ("link-fragments", "broken-fragment"),
    // MD024 is about repeated heading text: only that check of duplicate-anchor, never two
    // identical explicit IDs (a page that repeats its headings on purpose still has one anchor
    // per ID to give).
    ("md024", HEADING_TEXT),
    ("no-duplicate-heading", HEADING_TEXT),
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
    crate::budget::charge((directives.len() + diagnostics.len()) as u64);
    let mut used = vec![false; directives.len()];
    let lines: Vec<usize> = diagnostics
        .iter()
        .map(|d| doc.lines().line_of(d.span.start))
        .collect();
    let by = Suppressors::new(&directives, &diagnostics, &lines);
    let mut kept = Vec::with_capacity(diagnostics.len());
    for (k, d) in diagnostics.into_iter().enumerate() {
        match by.of(k) {
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

fn covers(dir: &Directive, d: &Diagnostic) -> bool {
    dir.rules.is_empty()
        || dir
            .rules
            .iter()
            .any(|r| *r == d.rule || Some(r.as_str()) == d.check)
}

/// The directive that suppresses each diagnostic, if any: line-scoped directives first (the
/// first on the diagnostic's line), then the innermost open `disable` range, then the first
/// `disable-file`. Worked out for all diagnostics at once, in O((d + s) log(d + s)) for d
/// diagnostics and s directives: the line-scoped ones are looked up by line, the ranges swept in
/// offset order with the last `disable`/`enable` per rule, the file ones found once per rule
/// (a scan of every directive per diagnostic took 17 s for 20k pairs).
struct Suppressors {
    of: Vec<Option<usize>>,
}

impl Suppressors {
    fn new(directives: &[Directive], diagnostics: &[Diagnostic], lines: &[usize]) -> Suppressors {
        use rustc_hash::FxHashMap as HashMap;
        // Line-scoped: directive indices by the line they cover, in order.
        let mut by_line: HashMap<usize, Vec<usize>> = HashMap::default();
        for (i, d) in directives.iter().enumerate() {
            match d.kind {
                Kind::NextLine => by_line.entry(d.line + 1).or_default().push(i),
                Kind::Line => by_line.entry(d.line).or_default().push(i),
                _ => {}
            }
        }
        // The first `disable-file` covering every rule, and per named rule.
        let mut file_all: Option<usize> = None;
        let mut file_rule: HashMap<&str, usize> = HashMap::default();
        for (i, d) in directives.iter().enumerate() {
            if d.kind != Kind::File {
                continue;
            }
            if d.rules.is_empty() {
                file_all.get_or_insert(i);
            }
            for r in &d.rules {
                file_rule.entry(r.as_str()).or_insert(i);
            }
        }
        let earliest = |a: Option<usize>, b: Option<usize>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let mut of = vec![None; diagnostics.len()];
        // Ranges: sweep the diagnostics by offset; the last `disable`/`enable` that covers a
        // rule decides whether a range is open for it.
        let mut order: Vec<usize> = (0..diagnostics.len()).collect();
        order.sort_by_key(|&k| diagnostics[k].span.start);
        let mut last_all: Option<usize> = None;
        let mut last_rule: HashMap<&str, usize> = HashMap::default();
        let mut next = 0;
        for k in order {
            let (diag, offset) = (&diagnostics[k], diagnostics[k].span.start);
            // A finding answers to its rule's name and to its check's, if it has one.
            let named = |m: &HashMap<&str, usize>, pick: fn(usize, usize) -> usize| {
                let by_check = diag.check.and_then(|c| m.get(c).copied());
                match (m.get(diag.rule).copied(), by_check) {
                    (Some(a), Some(b)) => Some(pick(a, b)),
                    (a, b) => a.or(b),
                }
            };
            while next < directives.len() && directives[next].span.start <= offset {
                let d = &directives[next];
                if matches!(d.kind, Kind::Disable | Kind::Enable) {
                    if d.rules.is_empty() {
                        last_all = Some(next);
                    }
                    for r in &d.rules {
                        last_rule.insert(r.as_str(), next);
                    }
                }
                next += 1;
            }
            let line_scoped = by_line
                .get(&lines[k])
                .and_then(|ids| ids.iter().copied().find(|&i| covers(&directives[i], diag)));
            let last = match (last_all, named(&last_rule, usize::max)) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            let open = last.filter(|&i| directives[i].kind == Kind::Disable);
            of[k] = line_scoped
                .or(open)
                .or_else(|| earliest(file_all, named(&file_rule, usize::min)));
        }
        Suppressors { of }
    }

    fn of(&self, k: usize) -> Option<usize> {
        self.of[k]
    }
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

    /// The first suppressor, by a scan of every directive (the definition; quadratic).
    fn naive(
        directives: &[Directive],
        diag: &Diagnostic,
        line: usize,
        offset: usize,
    ) -> Option<usize> {
        for (i, d) in directives.iter().enumerate() {
            let hit = match d.kind {
                Kind::NextLine => d.line + 1 == line,
                Kind::Line => d.line == line,
                _ => false,
            };
            if hit && covers(d, diag) {
                return Some(i);
            }
        }
        let mut open: Option<usize> = None;
        for (i, d) in directives.iter().enumerate() {
            if d.span.start > offset {
                break;
            }
            match d.kind {
                Kind::Disable if covers(d, diag) => open = Some(i),
                Kind::Enable if covers(d, diag) => open = None,
                _ => {}
            }
        }
        open.or_else(|| {
            directives
                .iter()
                .position(|d| d.kind == Kind::File && covers(d, diag))
        })
    }

    #[test]
    fn the_sweep_finds_what_a_scan_of_every_directive_finds() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        let kinds = [
            Kind::NextLine,
            Kind::Line,
            Kind::Disable,
            Kind::Enable,
            Kind::File,
        ];
        // Directives name rules or duplicate-anchor's heading-text check (markdownlint's MD024).
        let rules = [
            "missing-alt",
            "broken-link",
            "duplicate-anchor",
            HEADING_TEXT,
        ];
        for _ in 0..300 {
            // One directive or finding per line, ten bytes a line, in document order.
            let mut directives = Vec::new();
            let mut diagnostics = Vec::new();
            let mut lines = Vec::new();
            for line in 0..next(40) + 1 {
                let offset = line * 10;
                if next(2) == 0 {
                    let named = (0..next(3)).map(|_| rules[next(4)].to_string()).collect();
                    directives.push(Directive {
                        kind: kinds[next(5)],
                        rules: named,
                        span: offset..offset + 5,
                        line,
                        ours: true,
                    });
                } else {
                    let rule = rules[next(3)];
                    let mut d = Diagnostic::new(rule, Severity::Error, offset..offset + 1, "");
                    if rule == "duplicate-anchor" && next(2) == 0 {
                        d.with_check(HEADING_TEXT);
                    }
                    diagnostics.push(d);
                    lines.push(line);
                }
            }
            let by = Suppressors::new(&directives, &diagnostics, &lines);
            for (k, d) in diagnostics.iter().enumerate() {
                let want = naive(&directives, d, lines[k], d.span.start);
                assert_eq!(by.of(k), want, "{directives:?}\n{d:?}");
            }
        }
    }
}
