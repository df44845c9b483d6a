//! Runs every fixture: `fixtures/<rule-id>/*.md` with only that rule (each file on its own, as
//! a plain folder), `fixtures/<rule-id>/<site>/` (a folder with a Hugo config) as a whole site
//! with only that rule, the link sites of `fixtures/sites/` with the link rules, and the demo
//! site with every rule. Fails on any missing or extra
//! diagnostic.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use hugolint::lint::{self, LintOptions};
use hugolint::rules;
use hugolint::site::Site;

fn is_site(p: &Path) -> bool {
    p.is_dir()
        && (["hugo.toml", "hugo.yaml", "config.toml"]
            .iter()
            .any(|c| p.join(c).is_file())
            || p.join("config/_default").is_dir())
}

fn run_rule_folder(rule: &str) -> Result<usize, String> {
    let dir = fixtures_dir().join(rule);
    let options = LintOptions {
        select: vec![rule.to_string()],
        ..Default::default()
    };
    let mut failures = String::new();
    let mut sites: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| is_site(p))
                .collect()
        })
        .unwrap_or_default();
    sites.sort();
    for site in &sites {
        if let Err(m) = run_site(site, &options) {
            failures += &format!("{}:\n{m}", site.display());
        }
    }
    let files: Vec<PathBuf> = markdown_files(&dir)
        .into_iter()
        .filter(|f| !sites.iter().any(|s| f.starts_with(s)))
        .collect();
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
        let rel = file.strip_prefix(fixtures_dir()).unwrap().to_path_buf();
        let expected = expectations(&rel, &text)?;
        let report = lint::lint_text(file, &text, &Site::plain(), &options);
        let (got, rendered) = actual(&[report], |_| rel.clone());
        if let Err(m) = compare(&expected, &got, &rendered) {
            failures += &format!("{}:\n{m}", rel.display());
        }
    }
    if failures.is_empty() {
        Ok(sites.len() + files.len())
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

/// Lint a whole fixture site and compare with its markers.
fn run_site(dir: &Path, options: &LintOptions) -> Result<(), String> {
    let files = markdown_files(dir);
    let mut expected = Expectations::new();
    for f in &files {
        let text = std::fs::read_to_string(f).map_err(|e| e.to_string())?;
        expected.extend(expectations(&rel(f), &text)?);
    }
    let report = lint::lint_paths(&[dir.to_path_buf()], options);
    if !report.input_errors.is_empty() {
        return Err(format!("input errors: {:?}", report.input_errors));
    }
    let (got, rendered) = actual(&report.files, rel);
    compare(&expected, &got, &rendered)
}

fn rel(p: &Path) -> PathBuf {
    let root = std::fs::canonicalize(fixtures_dir()).unwrap();
    let p = std::fs::canonicalize(p).unwrap_or(p.to_path_buf());
    p.strip_prefix(&root).map(Path::to_path_buf).unwrap_or(p)
}

#[test]
fn demo_site() {
    if let Err(m) = run_site(&fixtures_dir().join("demo"), &LintOptions::default()) {
        panic!("demo site mismatches:\n{m}");
    }
}

/// `fixtures/sites/*`: sites for the link rules, also judged by a real Hugo (tests/hugo_links.rs).
#[test]
fn link_sites() {
    let options = LintOptions {
        select: vec!["broken-link".into(), "broken-fragment".into()],
        ..Default::default()
    };
    let mut failures = String::new();
    let mut sites: Vec<PathBuf> = std::fs::read_dir(fixtures_dir().join("sites"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| is_site(p))
        .collect();
    sites.sort();
    assert!(sites.len() >= 3, "{sites:?}");
    for site in &sites {
        if let Err(m) = run_site(site, &options) {
            failures += &format!("{}:\n{m}", site.display());
        }
    }
    assert!(failures.is_empty(), "fixture mismatches:\n{failures}");
}
