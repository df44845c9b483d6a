//! `Diagnostic`: what a rule reports. Plain data (rule, severity, span, message, labels, help,
//! suggested replacements);
//! line and column exist only in reporters.

use crate::document::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary span with a short text ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A replacement that would mend a finding: the text at `span` becomes `text`. The editor offers
/// each as a quick fix (the first preferred); `hugolint --fix` applies only a `certain` one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub span: Span,
    pub text: String,
    /// Only one reading of the finding is possible (say which in the rule's page).
    pub certain: bool,
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule id (`missing-alt`), or `io` / `config` for problems reading input.
    pub rule: &'static str,
    pub severity: Severity,
    /// The primary span, a byte range into the file.
    pub span: Span,
    /// What is wrong, in one sentence.
    pub message: String,
    pub labels: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
    /// Replacements that would mend it, best first (the did-you-mean of `help`, as data).
    pub suggestions: Vec<Suggestion>,
    /// The narrower check of its rule this finding is, as `rule/check`, for suppressions that
    /// name only that check (markdownlint's MD024, duplicate heading text, is one part of
    /// `duplicate-anchor`: it never silences two identical explicit IDs).
    pub check: Option<&'static str>,
}

impl Diagnostic {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            rule,
            severity,
            span,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            suggestions: Vec::new(),
            check: None,
        }
    }

    pub fn with_label(&mut self, span: Span, message: impl Into<String>) -> &mut Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_suggestion(
        &mut self,
        span: Span,
        text: impl Into<String>,
        certain: bool,
    ) -> &mut Self {
        self.suggestions.push(Suggestion {
            span,
            text: text.into(),
            certain,
        });
        self
    }

    pub fn with_check(&mut self, check: &'static str) -> &mut Self {
        self.check = Some(check);
        self
    }

    pub fn with_severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = severity;
        self
    }
}
