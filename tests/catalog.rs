//! Consistency: every rule has its page, its fixtures and its README line; every page a rule.

use std::path::Path;

use hugolint::rules;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_rule_has_page_fixtures_and_readme_line() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut missing = Vec::new();
    for r in rules::all() {
        let page = root().join("rules").join(format!("{}.md", r.id()));
        match std::fs::read_to_string(&page) {
            Ok(text) if text == r.doc() => {}
            Ok(_) => missing.push(format!(
                "{}: rules/{}.md differs from the embedded page",
                r.id(),
                r.id()
            )),
            Err(_) => missing.push(format!("{}: no rules/{}.md", r.id(), r.id())),
        }
        let fixtures = root().join("fixtures").join(r.id());
        let has_fixture = std::fs::read_dir(&fixtures).is_ok_and(|mut d| d.next().is_some());
        if !has_fixture {
            missing.push(format!("{}: no fixtures/{}/", r.id(), r.id()));
        }
        if !readme.contains(&format!("| [`{}`](rules/{}.md)", r.id(), r.id())) {
            missing.push(format!("{}: no line in the README's rule table", r.id()));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_page_has_a_rule() {
    for entry in std::fs::read_dir(root().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let id = path.file_stem().unwrap().to_str().unwrap();
            assert!(rules::by_id(id).is_some(), "rules/{id}.md has no rule");
        }
    }
}
