//! `unknown-shortcode`: a shortcode with no template in the site, its themes or Hugo.

use crate::rule_ids::{self, RuleId};
use crate::rules::{Context, Rule, Sink};

pub struct UnknownShortcode;

impl Rule for UnknownShortcode {
    fn rule_id(&self) -> &'static RuleId {
        &rule_ids::UNKNOWN_SHORTCODE
    }
    fn summary(&self) -> &'static str {
        "A shortcode with no template in the site, its local themes or Hugo's embedded set"
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/unknown-shortcode.md")
    }
    fn hugo_page_only(&self) -> bool {
        true
    }
    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        // Only inside a Hugo site whose templates are all on disk.
        if cx.site.root().is_none() {
            return;
        }
        for sc in &cx.doc.shortcodes {
            if cx.site.shortcode_exists(&sc.name) == Some(false) {
                let d = out.report(
                    sc.name_span.clone(),
                    format!("template for shortcode \"{}\" not found", sc.name),
                );
                match cx.site.nearest_shortcode(&sc.name) {
                    Some(n) => d.with_help(format!("did you mean `{n}`?")),
                    None => d.with_help("add a template in layouts/_shortcodes/, or fix the name"),
                };
            }
        }
    }
}
