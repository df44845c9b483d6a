//! Links, judged by a real Hugo. `scripts/hugo-oracle/links.sh` builds each fixture site below
//! and writes, for every `<a href>` and `<img src>` of every page's content, whether it names a
//! file that exists in public/ (and, for a fragment, an id in that file). This test pairs those
//! with the links and images hugolint reads in the same pages, in document order, and requires
//! hugolint's verdict (silent / broken-link / broken-fragment) to agree with Hugo's for each.
//! CI regenerates the goldens with Hugo and fails if they changed.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hugolint::document::{Document, LinkKind};
use hugolint::lint::{self, LintOptions};
use hugolint::site::Site;
use hugolint::syntax;

/// (site folder under fixtures/, golden under fixtures/hugo/links/).
const SITES: &[(&str, &str)] = &[
    ("sites/lang-suffix", "lang-suffix.txt"),
    ("sites/ugly-subpath", "ugly-subpath.txt"),
    ("sites/hooks-mono", "hooks-mono.txt"),
    ("sites/dotted-names", "dotted-names.txt"),
    ("sites/redirects", "redirects.txt"),
    ("sites/redirects-template", "redirects-template.txt"),
    ("sites/bundles-dirs", "bundles-dirs.txt"),
    ("sites/bundles-suffix", "bundles-suffix.txt"),
    ("sites/content-adapters", "content-adapters.txt"),
    ("sites/mounts", "mounts.txt"),
    ("sites/mount-precedence", "mount-precedence.txt"),
    ("sites/permalink-tokens", "permalink-tokens.txt"),
    ("sites/permalink-kinds", "permalink-kinds.txt"),
    ("sites/heading-hooks", "heading-hooks.txt"),
    ("broken-link/multilingual", "multilingual.txt"),
    ("broken-link/browser-mode", "browser-mode.txt"),
    ("broken-fragment/site", "fragments.txt"),
    // Its config/_default/module.toml is made by the build from a template: Hugo builds it made.
    ("broken-link/generated-config", "generated-config.txt"),
    ("sites/hooks-custom", "hooks-custom.txt"),
    ("sites/hook-attributes", "hook-attributes.txt"),
    ("sites/redirects-sorted", "redirects-sorted.txt"),
    ("sites/redirects-aliases", "redirects-aliases.txt"),
    ("sites/markdownify-home", "markdownify-home.txt"),
    ("broken-fragment/templates", "templates-anchors.txt"),
    ("broken-fragment/i18n", "i18n-headings.txt"),
];

/// Known misses, by design: links hugolint stays silent on where Hugo finds them broken, because
/// what decides is made by template logic hugolint does not run — a render hook that changes
/// destinations (every link of the page: `None`), an id made at build time (`Some(index)`).
/// Only silence is excused: a link hugolint reports that Hugo finds fine still fails the test.
const KNOWN_MISSES: &[(&str, &str, Option<usize>)] = &[
    // Pages a content adapter makes from remote data (offline here, so Hugo made none).
    (
        "sites/content-adapters",
        "content/releases/overview.md",
        None,
    ),
    ("sites/hooks-custom", "content/blog/post.md", None),
    // A rule in a `with` branch whose condition is not read, to a value the template makes: a
    // link it may serve is not reported (Hugo's build did not take the branch).
    ("sites/redirects-template", "content/docs/links.md", Some(7)),
    // A heading hook that computes its IDs: fragments into its pages are not checked.
    ("sites/heading-hooks", "content/_index.md", Some(8)),
    (
        "broken-fragment/templates",
        "content/docs/links.md",
        Some(5),
    ),
];

struct Verdict {
    href: String,
    verdict: String,
}

/// source path (relative to the site) → Hugo's verdicts in document order.
fn golden(name: &str) -> BTreeMap<String, Vec<Verdict>> {
    let path = common::fixtures_dir().join("hugo/links").join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/hugo-oracle/links.sh)", path.display()));
    let mut out: BTreeMap<String, Vec<Verdict>> = BTreeMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 4, "bad golden line: {line}");
        let list = out.entry(f[0].to_string()).or_default();
        assert_eq!(f[1].parse::<usize>().unwrap(), list.len(), "{line}");
        list.push(Verdict {
            href: f[2].to_string(),
            verdict: f[3].to_string(),
        });
    }
    out
}

/// What goldmark turns into an `<a href>` or `<img src>`: Markdown links and images (a link whose
/// destination is a ref/relref shortcode included; none inside an HTML comment), in document
/// order; with `unsafe_html` (goldmark's `renderer.unsafe`), raw HTML `<a href>` and `<img src>`
/// too.
fn rendered_links(doc: &Document, unsafe_html: bool) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out: Vec<(usize, std::ops::Range<usize>, String)> = Vec::new();
    let in_comment = doc.in_comment();
    for l in doc.links.iter().filter(|l| !in_comment(&l.span)) {
        let markdown = match l.kind {
            LinkKind::Inline | LinkKind::Reference | LinkKind::Autolink => true,
            // A ref/relref is an `<a>` when it is a Markdown link's destination: `[x]({{< ref >}})`.
            LinkKind::Ref => doc.source[..l.span.start].trim_end().ends_with("]("),
            LinkKind::Html => unsafe_html,
            LinkKind::ShortcodeParam => false,
        };
        if markdown {
            out.push((l.span.start, l.span.clone(), l.dest.clone()));
        }
    }
    for i in &doc.images {
        if i.kind == hugolint::document::ImageKind::Markdown
            || (unsafe_html && i.kind == hugolint::document::ImageKind::Html)
        {
            out.push((
                i.span.start,
                i.span.clone(),
                i.src.clone().unwrap_or_default(),
            ));
        }
    }
    out.sort_by_key(|(start, span, _)| (*start, std::cmp::Reverse(span.end)));
    out.into_iter()
        .map(|(_, span, dest)| (span, dest))
        .collect()
}

#[test]
fn hugolint_agrees_with_hugo_on_every_link_of_the_fixture_sites() {
    let options = LintOptions {
        select: vec!["broken-link".into(), "broken-fragment".into()],
        ..Default::default()
    };
    let mut failures = Vec::new();
    let mut compared = 0;
    for (dir, name) in SITES {
        let root = common::fixtures_dir().join(dir);
        let verdicts = golden(name);
        let site = Site::discover(&root);
        let report = lint::lint_paths(std::slice::from_ref(&root), &options);
        // Findings by file (relative to the site root), as (span, rule).
        let mut findings: BTreeMap<PathBuf, Vec<(std::ops::Range<usize>, String)>> =
            BTreeMap::new();
        for f in &report.files {
            let rel = relative(&f.path, &root);
            for d in &f.diagnostics {
                findings
                    .entry(rel.clone())
                    .or_default()
                    .push((d.span.clone(), d.rule.to_string()));
            }
        }
        for (source, expected) in &verdicts {
            let file = root.join(source);
            let text = std::fs::read_to_string(&file).unwrap();
            let doc = syntax::parse(&text, &site.parse_options());
            let links = rendered_links(&doc, site.config().unsafe_html);
            if links.len() != expected.len() {
                failures.push(format!(
                    "{dir}/{source}: Hugo rendered {} links, hugolint read {}:\n  hugo: {:?}\n  hugolint: {:?}",
                    expected.len(),
                    links.len(),
                    expected.iter().map(|v| &v.href).collect::<Vec<_>>(),
                    links.iter().map(|l| &l.1).collect::<Vec<_>>()
                ));
                continue;
            }
            let here = findings.get(Path::new(source)).cloned().unwrap_or_default();
            for (i, ((span, dest), v)) in links.iter().zip(expected).enumerate() {
                let rules: Vec<&str> = here
                    .iter()
                    .filter(|(s, _)| s.start >= span.start && s.end <= span.end)
                    .map(|(_, r)| r.as_str())
                    .collect();
                let ours = match rules.as_slice() {
                    [] => "ok",
                    ["broken-link"] => "broken",
                    ["broken-fragment"] => "broken-fragment",
                    _ => "several findings",
                };
                let hugo = if v.verdict == "external" {
                    "ok"
                } else {
                    v.verdict.as_str()
                };
                compared += 1;
                let known_miss = ours == "ok"
                    && hugo != "ok"
                    && KNOWN_MISSES
                        .iter()
                        .any(|(d, s, at)| d == dir && s == source && at.is_none_or(|at| at == i));
                if ours != hugo && !known_miss {
                    let (line, _) = doc.lines().line_col(&text, span.start);
                    failures.push(format!(
                        "{dir}/{source}:{line}: `{dest}` (Hugo's href `{}`): Hugo says {hugo}, hugolint says {ours}",
                        v.href
                    ));
                }
            }
        }
    }
    assert!(compared > 100, "only {compared} links compared");
    assert!(
        failures.is_empty(),
        "{} of {compared} links disagree with Hugo:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn relative(path: &Path, root: &Path) -> PathBuf {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let root = std::fs::canonicalize(root).unwrap();
    abs.strip_prefix(&root).unwrap_or(&abs).to_path_buf()
}
