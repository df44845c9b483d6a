//! `front-matter`: front matter that does not parse (Hugo stops the build on it).

use crate::diagnostic::Severity;
use crate::document::ProblemKind;
use crate::rules::{Context, Rule, Sink};

pub struct FrontMatter;

impl Rule for FrontMatter {
    fn id(&self) -> &'static str {
        "front-matter"
    }
    fn summary(&self) -> &'static str {
        "Front matter (YAML, TOML, JSON) that does not parse"
    }
    fn default_severity(&self) -> Severity {
        Severity::Error
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/front-matter.md")
    }
    fn hugo_page_only(&self) -> bool {
        true
    }
    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        super::report_problems(cx, ProblemKind::FrontMatter, out);
    }
}
