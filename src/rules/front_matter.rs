//! `front-matter`: front matter that does not parse (Hugo stops the build on it).

use crate::document::ProblemKind;
use crate::rule_ids::{self, RuleId};
use crate::rules::{Context, Rule, Sink};

pub struct FrontMatter;

impl Rule for FrontMatter {
    fn rule_id(&self) -> &'static RuleId {
        &rule_ids::FRONT_MATTER
    }
    fn summary(&self) -> &'static str {
        "Front matter (YAML, TOML, JSON) that does not parse"
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
