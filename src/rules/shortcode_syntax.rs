//! `shortcode-syntax`: shortcodes Hugo cannot parse or pair (its own errors, all in one run).

use crate::document::ProblemKind;
use crate::rule_ids::{self, RuleId};
use crate::rules::{Context, Rule, Sink};

pub struct ShortcodeSyntax;

impl Rule for ShortcodeSyntax {
    fn rule_id(&self) -> &'static RuleId {
        &rule_ids::SHORTCODE_SYNTAX
    }
    fn summary(&self) -> &'static str {
        "Unclosed, mismatched or malformed shortcodes that would stop Hugo's build"
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
