//! Runs every fixture: `fixtures/<rule-id>/*.md` with only that rule, and the demo site with
//! every rule. Fails on any missing or extra diagnostic.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use hugolint::lint::{self, LintOptions};
use hugolint::rules;
use hugolint::site::Site;

fn run_rule_folder(rule: &str) -> Result<usize, String> {
    let dir = fixtures_dir().join(rule);
    let files = markdown_files(&dir);
    let options = LintOptions {
        select: vec![rule.to_string()],
        ..Default::default()
    };
    let mut failures = String::new();
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
        let rel = file.strip_prefix(fixtures_dir()).unwrap().to_path_buf();
        let expected = expectations(&rel, &text)?;
        let report = lint::lint_text(&rel, &text, &Site::plain(), &options);
        let (got, rendered) = actual(&[report], |p| p.to_path_buf());
        if let Err(m) = compare(&expected, &got, &rendered) {
            failures += &format!("{}:\n{m}", rel.display());
        }
    }
    if failures.is_empty() {
        Ok(files.len())
    } else {
        Err(failures)
    }
}

#[test]
fn rule_fixtures() {
    let mut failures = String::new();
    for rule in rules::all() {
        match run_rule_folder(rule.id()) {
            Ok(0) => failures += &format!("fixtures/{}/ has no fixture\n", rule.id()),
            Ok(_) => {}
            Err(m) => failures += &m,
        }
    }
    assert!(failures.is_empty(), "fixture mismatches:\n{failures}");
}

/// Lint a whole fixture site with every rule and compare with its markers.
fn run_site(dir: &Path) -> Result<(), String> {
    let files = markdown_files(dir);
    let mut expected = Expectations::new();
    for f in &files {
        let text = std::fs::read_to_string(f).map_err(|e| e.to_string())?;
        expected.extend(expectations(&rel(f), &text)?);
    }
    let report = lint::lint_paths(&[dir.to_path_buf()], &LintOptions::default());
    let (got, rendered) = actual(&report.files, |p| {
        rel(&std::fs::canonicalize(p).unwrap_or(p.to_path_buf()))
    });
    compare(&expected, &got, &rendered)
}

fn rel(p: &Path) -> PathBuf {
    let root = std::fs::canonicalize(fixtures_dir()).unwrap();
    let p = std::fs::canonicalize(p).unwrap_or(p.to_path_buf());
    p.strip_prefix(&root).map(Path::to_path_buf).unwrap_or(p)
}

#[test]
fn demo_site() {
    if let Err(m) = run_site(&fixtures_dir().join("demo")) {
        panic!("demo site mismatches:\n{m}");
    }
}
