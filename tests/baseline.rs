//! Baselines (`--write-baseline`, `--baseline`, `baseline:` in .hugolint.yaml) on a small
//! Hugo site written here: a finding keeps its identity when lines shift above it, a new defect
//! is reported, a fixed one leaves a stale entry, identical findings are separate entries.

mod common;
use common::{hugolint, stderr, stdout};

use std::path::Path;

const PAGE: &str = "---\ntitle: Guide\n---\n\n# Guide\n\nSee [setup](/docs/setup/) and [nowhere](/docs/nowhere/).\n\n![](a.png)\n\nText.\n\n![](a.png)\n";

/// A site with two pages: `docs/guide/index.md` has one broken link and the same image without alt text
/// twice (two identical findings).
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("hugo.toml"), "baseURL = 'https://example.org/'\n").unwrap();
    std::fs::create_dir_all(root.join("content/docs/guide")).unwrap();
    std::fs::write(
        root.join("content/docs/setup.md"),
        "---\ntitle: Setup\n---\n\n# Setup\n",
    )
    .unwrap();
    std::fs::write(root.join("content/docs/guide/index.md"), PAGE).unwrap();
    std::fs::write(root.join("content/docs/guide/a.png"), "").unwrap();
    dir
}

fn guide(root: &Path) -> std::path::PathBuf {
    root.join("content/docs/guide/index.md")
}

#[test]
fn a_written_baseline_is_sorted_json_with_one_entry_per_finding() {
    let dir = site();
    let o = hugolint(&["--write-baseline", "baseline.json", "."], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Wrote 3 findings to the baseline baseline.json."),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("3 baselined, 0 stale baseline entries"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o), "", "nothing new to report");
    let text = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 1);
    let findings = v["findings"].as_array().unwrap();
    // The two identical images are two entries.
    assert_eq!(findings.len(), 3, "{text}");
    let keys: Vec<(String, String, String)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["source"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "entries sorted");
    assert_eq!(
        keys[0].0, "content/docs/guide/index.md",
        "relative to the file"
    );
    assert_eq!(keys[0].1, "broken-link");
    assert_eq!(keys[0].2, "/docs/nowhere/");
    assert_eq!(keys[1], keys[2], "the duplicates are the same finding");
    assert_eq!(keys[1].2, "![](a.png)");
    // One entry per line, for readable diffs; written again, the same bytes.
    assert_eq!(text.lines().count(), 3 + 5);
    hugolint(&["--write-baseline", "baseline.json", "."], dir.path());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("baseline.json")).unwrap(),
        text
    );
}

#[test]
fn findings_keep_their_identity_when_lines_shift() {
    let dir = site();
    hugolint(&["--write-baseline", "b.json", "."], dir.path());
    // Lines added above every finding, and a heading's text changed elsewhere.
    let shifted = PAGE.replace(
        "# Guide\n",
        "# Guide\n\nA new paragraph.\n\nAnother one,\nover two lines.\n",
    );
    std::fs::write(guide(dir.path()), shifted).unwrap();
    let o = hugolint(&["--baseline", "b.json", "."], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o), "");
    assert!(
        stderr(&o).contains("0 errors, 0 warnings; 3 baselined, 0 stale baseline entries."),
        "{}",
        stderr(&o)
    );
    // Without the baseline they are all still there, on other lines.
    let o = hugolint(&["."], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o).lines().count(), 3, "{}", stdout(&o));
}

#[test]
fn a_new_defect_is_reported_and_fails_alone() {
    let dir = site();
    hugolint(&["--write-baseline", "b.json", "."], dir.path());
    let text = format!("{PAGE}\nAnd [a typo](/docs/setpu/).\n");
    std::fs::write(guide(dir.path()), text).unwrap();
    let o = hugolint(&["--baseline", "b.json", "."], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with("content/docs/guide/index.md:15:14: error[broken-link]"),
        "{out}"
    );
    assert!(out.contains("/docs/setpu/"), "{out}");
    assert!(
        stderr(&o).contains("1 error, 0 warnings (broken-link 1); 3 baselined, 0 stale"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_third_identical_finding_is_new_and_a_fixed_one_is_stale() {
    let dir = site();
    hugolint(&["--write-baseline", "b.json", "."], dir.path());
    // A third image without alt text, identical to the other two.
    std::fs::write(guide(dir.path()), format!("{PAGE}\n![](a.png)\n")).unwrap();
    let o = hugolint(&["--baseline", "b.json", "."], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    assert!(stdout(&o).contains("error[missing-alt]"), "{}", stdout(&o));
    // The broken link fixed: its entry is stale, nothing is reported, exit 0.
    std::fs::write(
        guide(dir.path()),
        PAGE.replace("/docs/nowhere/", "/docs/setup/"),
    )
    .unwrap();
    let o = hugolint(&["--baseline", "b.json", "."], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "");
    assert!(
        stderr(&o).contains("2 baselined, 1 stale baseline entry."),
        "{}",
        stderr(&o)
    );
    // One of the two images fixed: one stale entry, the other image still baselined.
    std::fs::write(
        guide(dir.path()),
        PAGE.replacen("![](a.png)", "![A](a.png)", 1),
    )
    .unwrap();
    let o = hugolint(&["--baseline", "b.json", "."], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("2 baselined, 1 stale baseline entry."),
        "{}",
        stderr(&o)
    );
}

#[test]
fn new_warnings_do_not_fail_the_run() {
    let dir = site();
    std::fs::write(
        dir.path().join(".hugolint.yaml"),
        "rules:\n  missing-alt: warning\n",
    )
    .unwrap();
    hugolint(&["--write-baseline", "b.json", "."], dir.path());
    std::fs::write(guide(dir.path()), format!("{PAGE}\n![](a.png)\n")).unwrap();
    let o = hugolint(&["--baseline", "b.json", "."], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("warning[missing-alt]"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_settings_key_names_a_baseline_relative_to_the_settings_file() {
    let dir = site();
    std::fs::create_dir_all(dir.path().join("ci")).unwrap();
    hugolint(&["--write-baseline", "ci/known.json", "."], dir.path());
    std::fs::write(
        dir.path().join(".hugolint.yaml"),
        "baseline: ci/known.json\n",
    )
    .unwrap();
    std::fs::write(guide(dir.path()), format!("{PAGE}\n![](a.png)\n")).unwrap();
    // Run from inside the content folder: the key is relative to .hugolint.yaml, not here.
    let o = hugolint(&["index.md"], &dir.path().join("content/docs/guide"));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    assert!(
        stderr(&o).contains("3 baselined, 0 stale"),
        "{}",
        stderr(&o)
    );
    let o = hugolint(&["config"], dir.path());
    assert!(stdout(&o).contains("baseline: "), "{}", stdout(&o));
}

#[test]
fn a_missing_or_foreign_baseline_is_a_usage_error() {
    let dir = site();
    let o = hugolint(&["--baseline", "none.json", "."], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read the baseline none.json"),
        "{}",
        stderr(&o)
    );
    std::fs::write(
        dir.path().join("v9.json"),
        r#"{"version": 9, "findings": []}"#,
    )
    .unwrap();
    let o = hugolint(&["--baseline", "v9.json", "."], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("version 9"), "{}", stderr(&o));
}

#[test]
fn problems_reading_input_are_never_baselined() {
    let dir = site();
    std::fs::write(dir.path().join("content/docs/bad.md"), b"\xff\xfe text\n").unwrap();
    let o = hugolint(&["--write-baseline", "b.json", "."], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("[encoding]"), "{}", stdout(&o));
    assert!(stderr(&o).contains("Wrote 3 findings"), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.path().join("b.json")).unwrap();
    assert!(!text.contains("encoding"), "{text}");
}

#[test]
fn a_run_on_some_files_counts_stale_entries_of_those_files_only() {
    let dir = site();
    // A second page with a finding of its own.
    std::fs::write(
        dir.path().join("content/docs/setup.md"),
        "---\ntitle: Setup\n---\n\n# Setup\n\n[gone](/docs/gone/)\n",
    )
    .unwrap();
    hugolint(&["--write-baseline", "b.json", "."], dir.path());
    // The guide's broken link fixed; a run on the setup page alone (as the per-file pre-commit
    // hook runs) knows nothing of the guide: no stale entry.
    std::fs::write(
        guide(dir.path()),
        PAGE.replace("/docs/nowhere/", "/docs/setup/"),
    )
    .unwrap();
    let o = hugolint(
        &["--baseline", "b.json", "content/docs/setup.md"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("1 baselined, 0 stale baseline entries."),
        "{}",
        stderr(&o)
    );
    // On the guide's folder, or the whole site: the guide's fixed link is stale.
    for path in ["content/docs/guide", "."] {
        let o = hugolint(&["--baseline", "b.json", path], dir.path());
        assert!(
            stderr(&o).contains("stale baseline entry."),
            "{path}: {}",
            stderr(&o)
        );
    }
}
