//! `duplicate-anchor`: an ID that appears twice in the rendered page.

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostic::Severity;
use crate::document::{HtmlAnchorKind, Span};
use crate::rule_ids::{self, RuleId};
use crate::rules::{Context, Rule, Sink};

pub struct DuplicateAnchor;

impl Rule for DuplicateAnchor {
    fn rule_id(&self) -> &'static RuleId {
        &rule_ids::DUPLICATE_ANCHOR
    }
    fn summary(&self) -> &'static str {
        "An ID that would appear twice in the rendered page; a heading whose ID Hugo suffixes because its text repeats"
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/duplicate-anchor.md")
    }
    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let doc = cx.doc;
        // Every id of the rendered page, in document order.
        enum Origin {
            Heading(usize),
            Html(HtmlAnchorKind),
        }
        // Headings carry the IDs their render hook writes: none, or ones not known (then
        // they are left out), or goldmark's with text around them.
        let hook = cx.site.heading_ids(cx.page);
        let as_written = |h: &crate::document::Heading, id: &str| -> Option<String> {
            if h.level == 0 {
                return Some(id.to_string());
            }
            hook.of(id).flatten()
        };
        let mut items: Vec<(String, Span, Origin)> = Vec::new();
        for (i, h) in doc.headings.iter().enumerate() {
            if let Some(id) = h.id.as_deref().and_then(|id| as_written(h, id)) {
                items.push((id, h.span.clone(), Origin::Heading(i)));
            }
        }
        for a in &doc.html_anchors {
            if a.kind != HtmlAnchorKind::Footnote {
                items.push((a.id.clone(), a.span.clone(), Origin::Html(a.kind)));
            }
        }
        items.sort_by_key(|(_, span, _)| span.start);

        let mut first: HashMap<String, Span> = HashMap::default();
        for (id, span, origin) in items {
            let id = id.as_str();
            if let Origin::Heading(i) = origin {
                let h = &doc.headings[i];
                // Repeated definition terms are common (options listed per section): Hugo
                // suffixes them silently, and only a true duplicate is worth a finding.
                if let Some(base) = h
                    .deduplicated_from
                    .as_ref()
                    .filter(|_| h.level > 0)
                    .and_then(|b| as_written(h, b))
                {
                    let d = out
                        .report(h.span.clone(), format!("heading text repeats: Hugo renames its ID to `{id}`"))
                        .with_severity(Severity::Warning)
                        .with_check(rule_ids::HEADING_TEXT)
                        .with_help(format!(
                            "links to `#{base}` go to the first heading; give this one an explicit ID: `{{#{id}}}` or a better one"
                        ));
                    if let Some(f) = first.get(base.as_str()) {
                        d.with_label(f.clone(), format!("`{base}` is this heading's ID"));
                    }
                }
            }
            match first.get(id) {
                Some(f) => {
                    let (what, help) = match origin {
                        Origin::Heading(i) if doc.headings[i].explicit.is_some() => (
                            "explicit heading ID",
                            "choose another `{#id}`: links can only reach the first",
                        ),
                        Origin::Heading(i) if doc.headings[i].fragment.is_some() => (
                            "ID of a heading rendered inside a shortcode",
                            "Hugo gives Markdown rendered by a shortcode its own ID space; give this heading an explicit `{#id}`",
                        ),
                        Origin::Heading(_) => (
                            "heading ID",
                            "give this heading an explicit `{#id}`: links can only reach the first",
                        ),
                        Origin::Html(HtmlAnchorKind::Name) => (
                            "anchor name (`<a name>`)",
                            "rename this `name`: links can only reach the first element",
                        ),
                        Origin::Html(_) => (
                            "HTML id",
                            "rename this `id`: links can only reach the first element",
                        ),
                    };
                    out.report(
                        span.clone(),
                        format!("duplicate {what} `{id}`: the page already has it"),
                    )
                    .with_label(f.clone(), "first used here")
                    .with_help(help);
                }
                None => {
                    first.insert(id.to_string(), span);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::{LintOptions, lint_text};
    use crate::site::Site;

    fn messages(md: &str) -> Vec<String> {
        let options = LintOptions {
            select: vec!["duplicate-anchor".into()],
            ..Default::default()
        };
        lint_text(std::path::Path::new("a.md"), md, &Site::plain(), &options)
            .diagnostics
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn a_repeated_anchor_is_named_for_what_it_is() {
        assert_eq!(
            messages("<a name=\"x\"></a>\n\n<a name=\"x\"></a>\n"),
            ["duplicate anchor name (`<a name>`) `x`: the page already has it"]
        );
        assert_eq!(
            messages("<p id=\"x\"></p>\n\n<p id=\"x\"></p>\n"),
            ["duplicate HTML id `x`: the page already has it"]
        );
    }
}
