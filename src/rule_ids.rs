//! The rules by name: each rule's id and default severity, as plain data.
//!
//! It sits below the settings (which check the rule names a user writes) and the rules' code in
//! [`crate::rules`] (which reads the site model, which holds the settings): each rule takes its id
//! from here, so names flow one way.

use crate::diagnostic::Severity;

/// A rule's name and the severity it reports with unless the settings say otherwise.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleId {
    /// What users type (`missing-alt`).
    pub id: &'static str,
    pub default_severity: Severity,
}

const fn error(id: &'static str) -> RuleId {
    RuleId {
        id,
        default_severity: Severity::Error,
    }
}

pub const MISSING_ALT: RuleId = error("missing-alt");
pub const BROKEN_LINK: RuleId = error("broken-link");
pub const BROKEN_FRAGMENT: RuleId = error("broken-fragment");
pub const DUPLICATE_ANCHOR: RuleId = error("duplicate-anchor");
pub const SHORTCODE_SYNTAX: RuleId = error("shortcode-syntax");
pub const UNKNOWN_SHORTCODE: RuleId = error("unknown-shortcode");
pub const FRONT_MATTER: RuleId = error("front-matter");

/// The check of `duplicate-anchor` that a heading's text repeats (Hugo suffixes its ID): the
/// part markdownlint's MD024 (`no-duplicate-heading`) names, as `rule/check`.
pub const HEADING_TEXT: &str = "duplicate-anchor/heading-text";

/// The opt-in check of `broken-link` (`links.warn-redirects`) that a link reaches its target
/// through one of the site's redirects (an alias, a `_redirects` or `netlify.toml` rule).
pub const VIA_REDIRECT: &str = "broken-link/redirect";

/// Every rule, in the order of the README's table and of [`crate::rules::all`].
pub const ALL: &[RuleId] = &[
    MISSING_ALT,
    BROKEN_LINK,
    BROKEN_FRAGMENT,
    DUPLICATE_ANCHOR,
    SHORTCODE_SYNTAX,
    UNKNOWN_SHORTCODE,
    FRONT_MATTER,
];

/// Whether `id` names a rule.
pub fn is_known(id: &str) -> bool {
    ALL.iter().any(|r| r.id == id)
}
