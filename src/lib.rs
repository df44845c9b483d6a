//! hugolint: a linter for the Markdown of Hugo sites.
//!
//! Data flows one way: files → [`syntax`] (tokenizer) → [`document::Document`] (facts of one
//! page) → [`site::Site`] (the Hugo site model) → [`rules`] → [`diagnostic::Diagnostic`] →
//! [`report`]. [`lint`] runs the whole thing over a set of paths.

pub mod baseline;
pub mod budget;
pub mod catalogue;
pub mod diagnostic;
pub mod document;
pub mod explain;
pub mod fix;
#[doc(hidden)]
pub mod fuzzing;
pub mod lint;
pub mod report;
pub mod rule_ids;
pub mod rules;
pub mod server;
pub mod settings;
pub mod site;
pub mod suppress;
pub mod syntax;
