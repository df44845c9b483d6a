//! Permalinks, judged by a real Hugo. `scripts/hugo-oracle/permalinks.sh` builds, for each config
//! variant, a site with a page per title (a few hundred, in many scripts) under `/t/:title/`,
//! `/s/:slug/` and `/f/:filename/`, and writes the URL Hugo gave every page. This test writes the
//! same site and requires hugolint's URL for each page to be Hugo's. CI regenerates the golden
//! with Hugo and fails if it changed.

mod common;

use std::collections::BTreeMap;

use hugolint::site::Site;
use hugolint::site::index::url_key;

const CONFIG: &str = r#"baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "rss", "sitemap"]
{extra}[permalinks.page]
  t = "/t/:title/"
  s = "/s/:slug/"
  f = "/f/:filename/"
"#;

fn variant_config(name: &str) -> String {
    let extra = match name {
        "default" => "",
        "accents-case" => "removePathAccents = true\ndisablePathToLower = true\n",
        other => panic!("unknown variant {other} (see scripts/hugo-oracle/permalinks.py)"),
    };
    CONFIG.replace("{extra}", extra)
}

#[test]
fn hugolint_makes_every_permalink_as_hugo_does() {
    let path = common::fixtures_dir().join("hugo/permalinks/titles.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run scripts/hugo-oracle/permalinks.sh)",
            path.display()
        )
    });
    // variant → (content file, title, Hugo's URL)
    let mut variants: BTreeMap<&str, Vec<(&str, String, &str)>> = BTreeMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 4, "bad golden line: {line}");
        let title: String = serde_json::from_str(f[2]).expect("title as JSON");
        variants.entry(f[0]).or_default().push((f[1], title, f[3]));
    }
    let mut compared = 0;
    let mut failures = Vec::new();
    for (variant, pages) in &variants {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("hugo.toml"), variant_config(variant)).unwrap();
        for (file, title, _) in pages {
            let front = if file.starts_with("s/") {
                serde_json::json!({ "title": "x", "slug": title })
            } else {
                serde_json::json!({ "title": title })
            };
            let p = dir.path().join("content").join(file);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, format!("{front}\n\nText.\n")).unwrap();
        }
        let site = Site::discover(dir.path());
        let index = site.index().expect("a site");
        let ours: BTreeMap<&str, Option<&str>> = index
            .pages
            .iter()
            .map(|p| (&*p.content_path, p.url.as_deref()))
            .collect();
        for (file, title, hugo) in pages {
            compared += 1;
            let mine = ours.get(file).copied().flatten();
            if mine.map(url_key) != Some(url_key(hugo)) {
                failures.push(format!(
                    "{variant} {file} {title:?}: Hugo {hugo}, hugolint {mine:?}"
                ));
            }
        }
    }
    assert!(compared > 1000, "only {compared} permalinks compared");
    assert!(
        failures.is_empty(),
        "{} of {compared} permalinks differ from Hugo's:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The other tokens, judged by the same script's second build (`patterns.txt`): `:sections[…]`
/// and `:sectionslugs[…]` slices and Go time layouts (`:2006`, `:Jan`, `:Monday`, `:15_04`, zone
/// and fraction layouts, `\:`) over pages in nested sections, with and without dates, whose date
/// comes from `date`, `publishDate` or `lastmod`, in UTC and at other offsets.
#[test]
fn hugolint_expands_slices_and_time_layouts_as_hugo_does() {
    let path = common::fixtures_dir().join("hugo/permalinks/patterns.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run scripts/hugo-oracle/permalinks.sh)",
            path.display()
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let mut config = String::from(
        "baseURL = \"https://example.org/\"\n\
         disableKinds = [\"taxonomy\", \"term\", \"rss\", \"sitemap\"]\n[permalinks.page]\n",
    );
    let mut expected = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 3, "bad golden line: {line}");
        if f[0] == "#pattern" {
            config.push_str(&format!("  {} = {}\n", f[1], serde_json::json!(f[2])));
            continue;
        }
        let p = dir.path().join("content").join(f[0]);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, format!("{}\n\nText.\n", f[1])).unwrap();
        if !f[2].is_empty() {
            expected.push((f[0], f[2]));
        }
    }
    std::fs::write(dir.path().join("hugo.toml"), config).unwrap();
    let site = Site::discover(dir.path());
    let index = site.index().expect("a site");
    let ours: BTreeMap<&str, Option<&str>> = index
        .pages
        .iter()
        .map(|p| (&*p.content_path, p.url.as_deref()))
        .collect();
    let mut failures = Vec::new();
    for (file, hugo) in &expected {
        let mine = ours.get(file).copied().flatten();
        if mine.map(url_key) != Some(url_key(hugo)) {
            failures.push(format!("{file}: Hugo {hugo}, hugolint {mine:?}"));
        }
    }
    assert!(expected.len() > 100, "only {} permalinks", expected.len());
    assert!(
        failures.is_empty(),
        "{} of {} permalinks differ from Hugo's:\n{}",
        failures.len(),
        expected.len(),
        failures.join("\n")
    );
}
