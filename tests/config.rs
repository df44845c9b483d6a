//! `.hugolint.yaml`: severities, ignored paths, per-path overrides, link ignores, and errors that
//! point into the file; `hugolint config` prints the effective settings.

mod common;
use common::hugolint;

use std::process::Output;

/// A site with the same defects in three places: an image without alt text or file, and a
/// repeated heading.
fn site(settings: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("hugo.toml"), "baseURL = 'https://example.org/'\n").unwrap();
    let page = "---\ntitle: A\n---\n\n![](a.png)\n\n## X\n\n## X\n";
    for f in ["content/a.md", "content/zh/b.md", "content/legacy/c.md"] {
        std::fs::create_dir_all(root.join(f).parent().unwrap()).unwrap();
        std::fs::write(root.join(f), page).unwrap();
    }
    std::fs::write(root.join(".hugolint.yaml"), settings).unwrap();
    dir
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn severities_ignores_and_overrides_apply() {
    let dir = site(
        "rules:\n  missing-alt: warning\n  duplicate-anchor: off\nignore:\n  - \"content/legacy/**\"\noverrides:\n  - paths: [\"content/zh/**\"]\n    rules: { broken-link: off, missing-alt: off }\nlinks:\n  ignore: [\"^a\\\\.png$\"]\n",
    );
    let o = hugolint(&["--format", "concise", "."], dir.path());
    assert_eq!(
        out(&o),
        "content/a.md:5:1: warning[missing-alt] image has empty alt text\n"
    );
    // The only finding left is a warning: exit 0.
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Checked 2 files"));
}

#[test]
fn without_settings_every_rule_runs_at_its_default() {
    let dir = site("");
    let o = hugolint(&["--format", "concise", "."], dir.path());
    let text = out(&o);
    assert_eq!(text.matches("error[missing-alt]").count(), 3, "{text}");
    assert_eq!(text.matches("error[broken-link]").count(), 3, "{text}");
    assert_eq!(
        text.matches("warning[duplicate-anchor]").count(),
        3,
        "{text}"
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn mistakes_point_at_their_line_and_column_and_exit_2() {
    let dir = site(
        "rules:\n  missing-alts: warning\n  broken-link: loud\nignore: [\"content/[\"]\nlinks:\n  ignore: [\"(unclosed\"]\n",
    );
    let o = hugolint(&["--format", "concise", "."], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let text = out(&o);
    for line in [
        ".hugolint.yaml:2:3: error[config] unknown rule `missing-alts`",
        ".hugolint.yaml:3:16: error[config] `loud` is not a severity",
        ".hugolint.yaml:4:10: error[config] `content/[` is not a valid glob",
        ".hugolint.yaml:6:12: error[config] `(unclosed` is not a valid regex: unclosed group",
    ] {
        assert!(text.contains(line), "{line}\nnot in:\n{text}");
    }
    // The pages are still checked, with the defaults.
    assert_eq!(text.matches("error[missing-alt]").count(), 3, "{text}");

    let dir = site("rule:\n  missing-alt: off\n");
    let o = hugolint(&["--format", "concise", "."], dir.path());
    assert!(
        out(&o).starts_with(
            ".hugolint.yaml:1:1: error[config] unknown key `rule`: did you mean `rules`?"
        ),
        "{}",
        out(&o)
    );
}

#[test]
fn every_mistake_is_reported_at_once_in_file_order_before_the_findings() {
    let dir = site(
        "rule:\n  missing-alt: off\nrules:\n  missing-alts: warn\n  broken-link: erorr\nignore: 5\noverrides:\n  - path: [x]\n    rules: {}\nlinks:\n  ignores: []\nbaseline: [1]\n",
    );
    let o = hugolint(&["--format", "concise", "."], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let text = out(&o);
    let config: Vec<&str> = text
        .lines()
        .take_while(|l| l.contains("[config]"))
        .collect();
    assert_eq!(
        config,
        [
            ".hugolint.yaml:1:1: error[config] unknown key `rule`: did you mean `rules`?",
            ".hugolint.yaml:4:3: error[config] unknown rule `missing-alts`: did you mean `missing-alt`?",
            ".hugolint.yaml:5:16: error[config] `erorr` is not a severity: did you mean `error`?",
            ".hugolint.yaml:6:9: error[config] `ignore` does not read: expected sequence start",
            ".hugolint.yaml:8:5: error[config] unknown key `path` in an `overrides` entry: did you mean `paths`?",
            ".hugolint.yaml:9:5: error[config] `overrides` does not read: missing field `paths`",
            ".hugolint.yaml:11:3: error[config] unknown key `ignores` under `links`: did you mean `ignore`?",
            ".hugolint.yaml:12:11: error[config] `baseline` does not read: expected string scalar",
        ],
        "{text}"
    );
    // Then the findings, with the defaults.
    assert_eq!(text.lines().count(), config.len() + 9, "{text}");
    assert!(
        !text
            .lines()
            .skip(config.len())
            .any(|l| l.contains("[config]"))
    );
}

#[test]
fn config_command_prints_the_effective_settings() {
    let dir = site("rules:\n  duplicate-anchor: warning\nlinks:\n  ignore: [\"^/search/\"]\n");
    let o = hugolint(&["config"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    let text = out(&o);
    assert!(text.contains("  duplicate-anchor: warning\n"), "{text}");
    assert!(text.contains("  missing-alt: error\n"), "{text}");
    assert!(text.contains("    - \"^/search/\"\n"), "{text}");
}

/// A site whose own shortcodes the catalogue learns from `.hugolint.yaml`.
fn shortcode_site(settings: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("hugo.toml"), "baseURL = 'https://example.org/'\n").unwrap();
    std::fs::create_dir_all(root.join("layouts/shortcodes")).unwrap();
    for t in ["screenshot", "diagram"] {
        std::fs::write(root.join(format!("layouts/shortcodes/{t}.html")), "").unwrap();
    }
    std::fs::create_dir_all(root.join("content/page")).unwrap();
    std::fs::write(root.join("content/page/shot.png"), "").unwrap();
    // Line 3: an image shortcode without its alt param; line 5: with it. Lines 7-10: a diagram
    // whose inner text is not Markdown, so its `## Setup` is no second `setup` anchor.
    std::fs::write(
        root.join("content/page/index.md"),
        "## Setup\n\n{{< screenshot file=\"shot.png\" >}}\n\n{{< screenshot file=\"shot.png\" description=\"The settings dialog\" >}}\n\n{{< diagram >}}\n## Setup\n![](x.png)\n{{< /diagram >}}\n",
    )
    .unwrap();
    std::fs::write(root.join(".hugolint.yaml"), settings).unwrap();
    dir
}

#[test]
fn shortcode_catalogue_additions_apply() {
    let settings = "shortcodes:\n  screenshot:\n    paired: false\n    image: { src: [file], alt: [description] }\n  diagram: { paired: true, inner: raw }\n";
    let dir = shortcode_site(settings);
    let o = hugolint(&["--format", "concise", "."], dir.path());
    assert_eq!(
        out(&o),
        "content/page/index.md:3:1: error[missing-alt] `screenshot` shortcode has no alt text\n",
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    // Without the additions the screenshot is not known as an image, and the diagram's inner
    // text is read as Markdown: a duplicate heading and an image without alt.
    let dir = shortcode_site("");
    let text = out(&hugolint(&["--format", "concise", "."], dir.path()));
    assert!(!text.contains("screenshot"), "{text}");
    assert!(
        text.contains("content/page/index.md:9:1: error[missing-alt]"),
        "{text}"
    );

    // `hugolint config` shows them in the catalogue's schema.
    let dir = shortcode_site(settings);
    let text = out(&hugolint(&["config"], dir.path()));
    assert!(
        text.contains("  \"diagram\": { paired: true, inner: raw }\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "  \"screenshot\": { paired: false, inner: markdown, image: { src: [\"file\"], alt: [\"description\"] } }\n"
        ),
        "{text}"
    );
}

#[test]
fn a_shortcode_entry_with_an_unknown_key_points_at_it() {
    let dir = shortcode_site("shortcodes:\n  screenshot:\n    image: { src: [file], alts: [x] }\n");
    let o = hugolint(&["--format", "concise", "."], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let text = out(&o);
    assert!(
        text.starts_with(".hugolint.yaml:3:") && text.contains("unknown field `alts`"),
        "{text}"
    );
}

#[test]
fn config_flag_replaces_the_site_settings() {
    let dir = site("rules:\n  missing-alt: off\n");
    let elsewhere = dir.path().join("strict.yaml");
    std::fs::write(
        &elsewhere,
        "rules:\n  broken-link: off\n  duplicate-anchor: off\n",
    )
    .unwrap();
    let o = hugolint(
        &[
            "--format",
            "concise",
            "--config",
            "strict.yaml",
            "content/a.md",
        ],
        dir.path(),
    );
    assert_eq!(
        out(&o),
        "content/a.md:5:1: error[missing-alt] image has empty alt text\n"
    );
    let o = hugolint(&["config", "--config", "strict.yaml"], dir.path());
    assert!(out(&o).contains("# strict.yaml\n"), "{}", out(&o));
    assert!(out(&o).contains("  broken-link: off\n"), "{}", out(&o));

    // A --config file that is not there is an error naming it, exit 2.
    let o = hugolint(&["--config", "nope.yaml", "."], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let text = out(&o);
    assert!(
        text.contains("nope.yaml:1:1: error[config] cannot read nope.yaml"),
        "{text}"
    );
}

#[test]
fn link_options_are_read_checked_and_printed() {
    let dir =
        site("links:\n  warn-redirects: true\n  own-hosts: [Docs.Example.org, example.org:8080]\n");
    let text = out(&hugolint(&["config"], dir.path()));
    assert!(text.contains("  warn-redirects: true\n"), "{text}");
    assert!(
        text.contains("  own-hosts: [\"docs.example.org\", \"example.org:8080\"]\n"),
        "{text}"
    );
    let dir = site("links:\n  own-hosts: true\n");
    let text = out(&hugolint(&["config"], dir.path()));
    assert!(
        text.contains("  warn-redirects: false\n  own-hosts: true\n"),
        "{text}"
    );
    // Off by default.
    let dir = site("rules: {}\n");
    let text = out(&hugolint(&["config"], dir.path()));
    assert!(
        text.contains("  warn-redirects: false\n  own-hosts: false\n"),
        "{text}"
    );

    let dir = site("links:\n  own-hosts: [\"https://example.org/docs\"]\n  warn-redirect: true\n");
    let o = hugolint(&["--format", "concise", "."], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let text = out(&o);
    for line in [
        ".hugolint.yaml:2:15: error[config] `https://example.org/docs` is not a host name",
        ".hugolint.yaml:3:3: error[config] unknown key `warn-redirect` under `links`: did you mean `warn-redirects`?",
    ] {
        assert!(text.contains(line), "{line}\nnot in:\n{text}");
    }
}
