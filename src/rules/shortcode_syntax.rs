//! `shortcode-syntax`: shortcodes Hugo cannot parse or pair (its own errors, all in one run).

use crate::diagnostic::Severity;
use crate::document::ProblemKind;
use crate::rules::{Context, Rule, Sink};

pub struct ShortcodeSyntax;

impl Rule for ShortcodeSyntax {
    fn id(&self) -> &'static str {
        "shortcode-syntax"
    }
    fn summary(&self) -> &'static str {
        "Unclosed, mismatched or malformed shortcodes that would stop Hugo's build"
    }
    fn default_severity(&self) -> Severity {
        Severity::Error
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/shortcode-syntax.md")
    }
    fn hugo_page_only(&self) -> bool {
        true
    }
    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        super::report_problems(cx, ProblemKind::Shortcode, out);
    }
}
