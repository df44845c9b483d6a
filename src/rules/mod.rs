//! The rules: one file each, one line each in [`all`]. A rule reads facts (`Document`, `Site`)
//! and reports through a [`Sink`]; the engine stamps its id and severity.

use std::path::Path;

pub(crate) mod broken_fragment;
mod broken_link;
mod duplicate_anchor;
mod front_matter;
mod missing_alt;
mod shortcode_syntax;
mod unknown_shortcode;

pub use broken_fragment::BrokenFragment;
pub use broken_link::BrokenLink;
pub use duplicate_anchor::DuplicateAnchor;
pub use front_matter::FrontMatter;
pub use missing_alt::MissingAlt;
pub use shortcode_syntax::ShortcodeSyntax;
pub use unknown_shortcode::UnknownShortcode;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, LinkKind, ProblemKind, Span};
use crate::rule_ids::RuleId;
use crate::site::{PageRef, Resolution, Site, Use};

/// What a rule sees of one page.
pub struct Context<'a> {
    /// The file, as the user named it (for messages).
    pub path: &'a Path,
    pub doc: &'a Document,
    pub site: &'a Site,
    /// The page this file is in the site (URL, language, bundle).
    pub page: &'a PageRef,
    /// Where each of `doc.links` goes: resolved once, for every rule that asks.
    link_targets: std::cell::OnceCell<Vec<Resolution>>,
}

impl<'a> Context<'a> {
    pub fn new(path: &'a Path, doc: &'a Document, site: &'a Site, page: &'a PageRef) -> Self {
        Context {
            path,
            doc,
            site,
            page,
            link_targets: std::cell::OnceCell::new(),
        }
    }

    /// Where each of the document's links goes, in the order of `doc.links`.
    pub fn link_targets(&self) -> &[Resolution] {
        self.link_targets.get_or_init(|| {
            self.doc
                .links
                .iter()
                .map(|link| {
                    let used = Use::of_link(link);
                    self.site.resolve(
                        self.page,
                        &self
                            .site
                            .dest_as_rendered(self.doc, self.page, &link.span, &link.dest, used),
                        used,
                        link.kind == LinkKind::Ref,
                        link.lang.as_deref(),
                    )
                })
                .collect()
        })
    }
}

/// One rule.
pub trait Rule: Send + Sync {
    /// Its name and default severity, from [`crate::rule_ids`].
    fn rule_id(&self) -> &'static RuleId;
    /// The id users type (`missing-alt`).
    fn id(&self) -> &'static str {
        self.rule_id().id
    }
    fn default_severity(&self) -> Severity {
        self.rule_id().default_severity
    }
    /// One line: what it checks.
    fn summary(&self) -> &'static str;
    /// The rule's page (`rules/<id>.md`).
    fn doc(&self) -> &'static str;
    /// Whether it checks what only a Hugo page has (front matter, shortcodes): such rules do not
    /// run on a Markdown file outside the site's content (a README, an archetype template).
    fn hugo_page_only(&self) -> bool {
        false
    }
    fn check(&self, cx: &Context<'_>, out: &mut Sink);
}

/// Where a rule reports. The engine owns it and stamps each diagnostic with the rule.
pub struct Sink {
    rule: &'static str,
    severity: Severity,
    diagnostics: Vec<Diagnostic>,
}

impl Sink {
    pub fn new(rule: &'static str, severity: Severity) -> Self {
        Sink {
            rule,
            severity,
            diagnostics: Vec::new(),
        }
    }

    /// Report a finding at `span` with the rule's default severity; chain `with_label`,
    /// `with_help`, `with_severity` on the result.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        crate::budget::charge(crate::budget::FINDING);
        self.diagnostics
            .push(Diagnostic::new(self.rule, self.severity, span, message));
        self.diagnostics.last_mut().expect("just pushed")
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

/// Every rule, in the order of the README's table (and of [`crate::rule_ids::ALL`]).
pub fn all() -> &'static [&'static dyn Rule] {
    &[
        &MissingAlt,
        &BrokenLink,
        &BrokenFragment,
        &DuplicateAnchor,
        &ShortcodeSyntax,
        &UnknownShortcode,
        &FrontMatter,
    ]
}

/// Report the tokenizer's syntax problems of one kind as they are.
fn report_problems(cx: &Context<'_>, kind: ProblemKind, out: &mut Sink) {
    for p in cx.doc.problems.iter().filter(|p| p.kind == kind) {
        let d = out.report(p.span.clone(), p.message.clone());
        for (span, text) in &p.labels {
            d.with_label(span.clone(), text.clone());
        }
        if let Some(help) = &p.help {
            d.with_help(help.clone());
        }
        if p.build_ok {
            d.with_severity(Severity::Warning);
        }
    }
}

/// The rule with this id.
pub fn by_id(id: &str) -> Option<&'static dyn Rule> {
    all().iter().copied().find(|r| r.id() == id)
}

#[cfg(test)]
mod tests {
    /// Each name in the registry has its rule, in the same order.
    #[test]
    fn every_rule_id_has_its_rule() {
        let ids: Vec<_> = super::all().iter().map(|r| r.rule_id()).collect();
        let registered: Vec<_> = crate::rule_ids::ALL.iter().collect();
        assert_eq!(ids, registered);
    }
}
