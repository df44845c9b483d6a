//! `hugolint site` (how hugolint read a site) and `hugolint explain FILE LINK` (how one link is
//! resolved) on the fixture sites, and on sites written here for what they lack (a mount not on
//! disk, a theme's shortcodes, config folders).

mod common;
use common::{hugolint, stdout};

use std::path::{Path, PathBuf};

fn sites() -> PathBuf {
    common::fixtures_dir().join("sites")
}

fn site_report(dir: &Path) -> String {
    let o = hugolint(&["site", "."], dir);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    stdout(&o)
}

/// The line of `text` that starts (after blanks) with `start`.
fn line<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines()
        .find(|l| l.trim_start().starts_with(start))
        .unwrap_or_else(|| panic!("no line starting with {start:?} in:\n{text}"))
}

#[test]
fn every_link_hook_on_disk_is_shown_with_its_scope_and_behaviour() {
    let root = sites().join("hooks-custom");
    let text = site_report(&root);
    assert!(text.starts_with(&format!(
        "Site root: {}\n",
        std::fs::canonicalize(&root).unwrap().display()
    )));
    // Each render-link.html under layouts/, found here by walking the folder.
    let mut hooks = Vec::new();
    for scope in std::fs::read_dir(root.join("layouts")).unwrap() {
        let scope = scope.unwrap().path();
        let hook = if scope.ends_with("_markup") {
            scope.join("render-link.html")
        } else {
            scope.join("_markup/render-link.html")
        };
        if hook.is_file() {
            hooks.push(hook.strip_prefix(&root).unwrap().display().to_string());
        }
    }
    assert_eq!(hooks.len(), 4);
    for hook in &hooks {
        let l = line(&text, hook);
        let scope = hook.trim_end_matches("_markup/render-link.html");
        if scope == "layouts/" {
            assert!(l.contains("(for every page)"), "{l}");
        } else {
            let section = scope.trim_start_matches("layouts").trim_end_matches('/');
            assert!(l.contains(&format!("(for pages under {section})")), "{l}");
        }
    }
    // What each does, as its template reads (the site's hugo.toml describes them).
    assert!(line(&text, "layouts/_markup/").contains("writes destinations as they are"));
    let docs = line(&text, "layouts/docs/_markup/");
    assert!(
        docs.contains("looks destinations up as page, then page resource"),
        "{docs}"
    );
    assert!(docs.contains("treats apart `g`"), "{docs}");
    assert!(line(&text, "layouts/blog/_markup/").contains("does not follow"));
    assert!(
        line(&text, "layouts/guide/_markup/").contains("only those that start with `/`"),
        "{text}"
    );
    // One language and no image hook: Hugo's embedded image hook is off.
    assert!(line(&text, "image:").contains("none"), "{text}");
}

#[test]
fn languages_prefixes_permalinks_and_url_form_come_from_the_config() {
    let text = site_report(&sites().join("lang-suffix"));
    let config = std::fs::read_to_string(sites().join("lang-suffix/hugo.toml")).unwrap();
    assert!(config.contains("defaultContentLanguageInSubdir = true"));
    assert!(line(&text, "Languages").contains("in its own subfolder"));
    for lang in config
        .lines()
        .filter_map(|l| l.strip_prefix("[languages.")?.strip_suffix(']'))
    {
        let l = line(&text, &format!("{lang} "));
        assert!(l.contains(&format!("URL prefix /{lang} ")), "{l}");
    }
    assert!(
        text.contains("Permalinks:\n  posts = /:year/:month/:slug/\n"),
        "{text}"
    );

    // Each language's contentDir (the demo's hugo.toml), on its line; the default without a
    // prefix.
    let demo = common::fixtures_dir().join("demo");
    let text = site_report(&demo);
    let config = std::fs::read_to_string(demo.join("hugo.toml")).unwrap();
    let mut lang = "";
    let mut seen = 0;
    for l in config.lines().map(str::trim) {
        if let Some(name) = l
            .strip_prefix("[languages.")
            .and_then(|r| r.strip_suffix(']'))
        {
            lang = name;
        } else if let Some(dir) = l.strip_prefix("contentDir = ") {
            let dir = dir.trim_matches('"');
            let line = line(&text, &format!("{lang} "));
            assert!(line.ends_with(&format!("content: {dir}")), "{line}");
            let prefix = if lang == "en" {
                "/".to_string()
            } else {
                format!("/{lang}")
            };
            assert!(line.contains(&format!("URL prefix {prefix} ")), "{line}");
            seen += 1;
        }
    }
    assert_eq!(seen, 2);

    let text = site_report(&sites().join("ugly-subpath"));
    assert_eq!(line(&text, "baseURL path:"), "baseURL path: /manual");
    assert!(line(&text, "URLs:").starts_with("URLs: ugly"), "{text}");
}

#[test]
fn config_files_mounts_missing_on_disk_and_theme_shortcodes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |p: &str, text: &str| {
        std::fs::create_dir_all(root.join(p).parent().unwrap()).unwrap();
        std::fs::write(root.join(p), text).unwrap();
    };
    write(
        "config/_default/hugo.toml",
        "baseURL = 'https://example.org/'\ntheme = 't'\n",
    );
    write(
        "config/_default/module.toml",
        "[[mounts]]\nsource = 'docs'\ntarget = 'content'\n[[mounts]]\nsource = 'generated/api'\ntarget = 'content/api'\n",
    );
    write(
        "config/_default/permalinks.toml",
        "[page]\nblog = '/:slug/'\n",
    );
    write("docs/a.md", "# A\n");
    write("layouts/_shortcodes/note.html", "{{ .Inner }}");
    write("themes/t/layouts/_shortcodes/note.html", "{{ .Inner }}");
    write("themes/t/layouts/_shortcodes/tip.html", "{{ .Inner }}");
    let text = site_report(root);
    assert!(
        text.contains(
            "Config files read (in merge order):\n  config/_default/hugo.toml\n  config/_default/module.toml\n  config/_default/permalinks.toml\n"
        ),
        "{text}"
    );
    assert!(
        !line(&text, "docs -> content").contains("MISSING"),
        "{text}"
    );
    assert!(
        line(&text, "generated/api -> content/api").contains("MISSING on disk"),
        "{text}"
    );
    assert!(line(&text, "1 mount missing on disk").contains("not reported"));
    assert!(text.contains("  blog = /:slug/\n"), "{text}");
    // The site's template hides the theme's of the same name, as in Hugo; the theme's own
    // shortcode is found.
    assert_eq!(
        line(&text, "note ").split_whitespace().collect::<Vec<_>>(),
        ["note", "layouts/_shortcodes/note.html"]
    );
    assert!(line(&text, "tip ").contains("themes/t/layouts/_shortcodes/tip.html"));
    assert!(line(&text, "layout folders:").contains("layouts, themes/t/layouts"));
    assert_eq!(
        line(&text, "hugolint settings:"),
        "hugolint settings: none (defaults)"
    );
    write(".hugolint.yaml", "baseline: ci/known.json\n");
    let text = site_report(root);
    assert_eq!(
        line(&text, "hugolint settings:"),
        "hugolint settings: .hugolint.yaml (baseline: ci/known.json)"
    );
}

#[test]
fn a_config_file_the_build_makes_is_a_warning() {
    let root = common::fixtures_dir().join("broken-link/generated-config");
    let text = site_report(&root);
    let warnings = text.split("Warnings:\n").nth(1).expect("warnings");
    assert!(
        warnings.contains("module.toml` is not in this checkout"),
        "{text}"
    );
    assert!(
        text.contains("\n  config/_default/module-template.toml\n"),
        "the template read in its place is listed: {text}"
    );
}

#[test]
fn a_folder_without_a_site_says_so_and_a_missing_path_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "# A\n").unwrap();
    assert!(site_report(dir.path()).starts_with("No Hugo site here"));
    let o = hugolint(&["site", "nowhere"], dir.path());
    assert_eq!(o.status.code(), Some(2));
}

fn explain(site: &str, file: &str, link: &str) -> (Option<i32>, String, String) {
    let o = hugolint(&["explain", file, link], &sites().join(site));
    (
        o.status.code(),
        stdout(&o),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The numbered steps of the first occurrence.
fn steps(text: &str) -> Vec<&str> {
    text.lines()
        .skip_while(|l| !l.starts_with("1. "))
        .skip(1)
        .take_while(|l| l.starts_with("   "))
        .map(str::trim)
        .collect()
}

#[test]
fn explain_follows_the_scoped_hook_to_the_page_and_its_anchor() {
    let (code, text, err) = explain(
        "hooks-custom",
        "content/docs/install.md",
        "upgrade.md#rollback",
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(text.contains("published at `/docs/install/`"), "{text}");
    let s = steps(&text);
    assert_eq!(s[0], "1) path `upgrade.md`, fragment `#rollback`");
    assert!(
        s[1].contains("the site's own link hook, which looks destinations up as page"),
        "{text}"
    );
    assert!(
        s[3].starts_with("4) found: the page `/docs/upgrade/` (content/docs/upgrade.md)"),
        "{text}"
    );
    assert!(
        s[3].ends_with("fragment `#rollback`: the page has this anchor"),
        "{text}"
    );
    assert_eq!(s[4], "5) the link rules report nothing here");
}

#[test]
fn explain_shows_what_the_rules_report_for_a_broken_link_and_fragment() {
    // The fixture marks these two lines `expect: broken-link` and `expect: broken-fragment`.
    let page =
        std::fs::read_to_string(sites().join("hooks-custom/content/docs/install.md")).unwrap();
    assert!(page.contains("(missing.md) <!-- expect: broken-link -->"));
    let (code, text, _) = explain("hooks-custom", "content/docs/install.md", "missing.md");
    assert_eq!(code, Some(0));
    let s = steps(&text);
    assert!(
        s.iter()
            .any(|l| l.contains("missing: nothing is published at `/docs/install/missing.md`")),
        "{text}"
    );
    assert!(
        s.last().unwrap().contains("reported: error[broken-link]"),
        "{text}"
    );

    let (_, text, _) = explain(
        "hooks-custom",
        "content/docs/install.md",
        "upgrade.md#nothing",
    );
    let s = steps(&text);
    assert!(
        s.iter().any(|l| l.contains("the page has no such anchor")),
        "{text}"
    );
    assert!(
        s.last()
            .unwrap()
            .contains("reported: error[broken-fragment]"),
        "{text}"
    );
}

#[test]
fn explain_says_why_a_link_is_not_reported() {
    // `g` is kept apart by the docs hook; the blog hook changes destinations.
    let (_, text, _) = explain("hooks-custom", "content/docs/install.md", "g");
    assert!(
        steps(&text)
            .iter()
            .any(|l| l.contains("treats this destination apart")),
        "{text}"
    );
    let post = std::fs::read_to_string(sites().join("hooks-custom/content/blog/post.md")).unwrap();
    let dest = post
        .split("](")
        .nth(1)
        .and_then(|r| r.split(')').next())
        .unwrap();
    let (_, text, _) = explain("hooks-custom", "content/blog/post.md", dest);
    assert!(
        steps(&text).iter().any(|l| l.contains("does not follow")),
        "{text}"
    );
    assert_eq!(
        steps(&text).last().unwrap(),
        &"5) the link rules report nothing here"
    );
}

#[test]
fn explain_names_the_nearest_link_when_the_page_has_not_the_one_given() {
    let (code, _, err) = explain(
        "hooks-custom",
        "content/docs/install.md",
        "upgrade.md#rolback",
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("did you mean `upgrade.md#rollback`?"), "{err}");
    let (code, _, err) = explain("hooks-custom", "content/docs/none.md", "x");
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot read content/docs/none.md"), "{err}");
}

#[test]
fn heading_hooks_are_shown_with_the_ids_they_write() {
    let text = site_report(&sites().join("heading-hooks"));
    for (start, what) in [
        (
            "layouts/_default/_markup/render-heading.html",
            "IDs are goldmark's (`.Anchor`)",
        ),
        ("layouts/plain/_markup/render-heading.html", "writes no id"),
        (
            "layouts/pre/_markup/render-heading.html",
            "with `sec-` before",
        ),
        (
            "layouts/fancy/_markup/render-heading.html",
            "does not follow",
        ),
        (
            "layouts/attrs/_markup/render-heading.html",
            "IDs are goldmark's (`.Anchor`)",
        ),
    ] {
        assert!(line(&text, start).contains(what), "{start}: {text}");
    }
    let text = site_report(&sites().join("redirects"));
    assert!(line(&text, "heading:").contains("goldmark's IDs"), "{text}");
}

#[test]
fn explain_names_the_redirect_a_link_goes_through() {
    let (code, text, _) = explain("redirects", "content/docs/links.md", "/chain");
    assert_eq!(code, Some(0), "{text}");
    let s = steps(&text);
    assert!(
        s.iter().any(|l| l.contains("a redirect the site publishes")
            && l.ends_with("leads to `/docs/setup/`")),
        "{text}"
    );
}

#[test]
fn a_permalink_attribute_hugo_does_not_know_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("hugo.toml"),
        "baseURL = \"https://example.org/\"\n[permalinks.page]\n  posts = \"/:2006/:foo/:slug/\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("content/posts")).unwrap();
    std::fs::write(
        dir.path().join("content/posts/a.md"),
        "---\ntitle: A\n---\n\nText.\n",
    )
    .unwrap();
    let o = hugolint(&["--format", "concise", "."], dir.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(
            "permalinks: `posts` = `/:2006/:foo/:slug/`: `:foo` is not an attribute Hugo knows"
        ),
        "{err}"
    );
}
