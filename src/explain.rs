//! `hugolint explain FILE LINK`: how one link (or image source) of one page is resolved, step by
//! step, as the rules saw it: the page's place in the site, the render hook that writes the
//! destination and what it looks up, where the destination lands, its fragment, and the findings
//! the rules made there. It reads the file and its site as a run does, and asks the same model
//! the same questions ([`Site::resolve`]); it changes nothing.

use std::fmt::Write as _;
use std::path::Path;

use crate::catalogue::SrcLookup;
use crate::document::{Document, ImageKind, LinkKind, Span};
use crate::lint::{self, LintOptions};
use crate::site::config::HookMode;
use crate::site::describe::mode_words;
use crate::site::resolve::{join, split_dest};
use crate::site::{Missing, PageRef, Resolution, Site, Use};

/// One place the destination is written in the page.
struct Occurrence {
    span: Span,
    dest_span: Span,
    what: &'static str,
    used: Option<Use>,
    is_ref: bool,
    lang: Option<String>,
    /// Inside an HTML comment (only a ref/relref is still run there).
    in_comment: bool,
}

/// The explanation, or why there is none (the file cannot be read, the link is not in it).
pub fn explain(file: &Path, link: &str, options: &LintOptions) -> Result<String, String> {
    let text = crate::site::bounded::read_to_string(file, crate::site::bounded::PAGE)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let abs = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let site = match crate::site::config::find_root(dir) {
        Some(root) => Site::discover_with(&root, options.config.as_deref()),
        None => Site::plain_with(options.config.as_deref()),
    };
    let doc = crate::syntax::parse(&text, &site.parse_options_for(&abs));
    let page = site.page_ref(&abs);
    let found = occurrences(&doc, &site, link);
    if found.is_empty() {
        let mut dests: Vec<&str> = doc
            .links
            .iter()
            .map(|l| l.dest.as_str())
            .chain(doc.images.iter().filter_map(|i| i.src.as_deref()))
            .collect();
        dests.sort();
        dests.dedup();
        let near = dests
            .iter()
            .map(|d| (strsim::jaro_winkler(link, d), *d))
            .filter(|(s, _)| *s > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, d)| format!(": did you mean `{}`?", printable(d)))
            .unwrap_or_default();
        return Err(format!(
            "no link or image in {} goes to `{}`{near} (give the destination as written; the page has {} distinct ones)",
            file.display(),
            printable(link),
            dests.len()
        ));
    }
    // The rules' findings on this file, as a run makes them.
    let report = lint::lint_buffer(file, &text, options);
    let lines = crate::document::LineIndex::new(&text);

    let mut out = String::new();
    describe_page(&mut out, &site, &page, file);
    for (n, o) in found.iter().enumerate() {
        let (line, col) = lines.line_col(&text, o.dest_span.start);
        let _ = writeln!(
            out,
            "\n{}. {} at {}:{line}:{col}: `{}`",
            n + 1,
            o.what,
            file.display(),
            printable(link)
        );
        let mut step = 0;
        let mut say = |out: &mut String, s: String| {
            step += 1;
            let _ = writeln!(out, "   {step}) {s}");
        };
        if o.in_comment {
            say(
                &mut out,
                "inside an HTML comment: no reader follows it (a ref/relref is still run by Hugo)"
                    .into(),
            );
        }
        let Some(used) = o.used else {
            say(
                &mut out,
                "the shortcode's template uses its source in a way hugolint does not follow: not checked".into(),
            );
            continue;
        };
        let (path, fragment) = split_dest(link.trim());
        say(
            &mut out,
            format!(
                "path `{}`{}",
                printable(path),
                fragment.map_or(String::new(), |f| format!(", fragment `#{}`", printable(f)))
            ),
        );
        if o.is_ref {
            say(
                &mut out,
                format!(
                    "a ref/relref: Hugo looks the path up as a page ({}relative to the page, then from the content root, then by file name), not as a URL",
                    o.lang
                        .as_deref()
                        .map_or(String::new(), |l| format!("in language {l}, "))
                ),
            );
        }
        let mut hook_used = None;
        if !o.is_ref && site.root().is_some() && page.page.is_some() {
            let hook = match used {
                Use::Link => site.hook_for("link", &page),
                Use::Image => site.hook_for("image", &page),
                Use::Raw => HookMode::Browser,
                Use::ShortcodeImage => HookMode::Embedded,
            };
            let kind = if used == Use::Image { "image" } else { "link" };
            let who = match used {
                Use::Raw => "written in HTML or a shortcode parameter: no render hook applies; ",
                Use::ShortcodeImage => "an image shortcode's source: ",
                _ => "",
            };
            say(&mut out, format!("{who}{}", mode_words(kind, &hook)));
            hook_used = Some(hook);
            if !path.is_empty() {
                let base = page.url.as_deref().unwrap_or("/");
                let base_dir = if base.ends_with('/') {
                    base
                } else {
                    base.rsplit_once('/').map_or("/", |(d, _)| d)
                };
                say(
                    &mut out,
                    format!(
                        "as written, from the page's URL `{base}`, a browser goes to `{}`",
                        printable(&join(base_dir, path))
                    ),
                );
            }
        }
        let rendered = site.dest_as_rendered(&doc, &page, &o.span, link, used);
        if rendered != link {
            say(
                &mut out,
                format!(
                    "inside a shortcode that renders its inner text with `markdownify`: in the home page's context, where Hugo's link hook writes it as `{}`",
                    printable(&rendered)
                ),
            );
        }
        let (r, via) = site.resolve_traced(&page, &rendered, used, o.is_ref, o.lang.as_deref());
        if let Some(to) = &via {
            say(
                &mut out,
                format!(
                    "nothing is published there: a redirect the site publishes (an alias, a `_redirects` or netlify.toml rule) leads to `{}`",
                    printable(to)
                ),
            );
        }
        let words = match (&r, &hook_used) {
            (Resolution::Unknowable, Some(HookMode::Site(f))) if f.special.iter().any(|s| s == link) => {
                "the site's hook treats this destination apart: not reported".to_string()
            }
            (Resolution::Unknowable, Some(HookMode::Site(f))) if f.unknown => {
                "the site's hook changes destinations in ways hugolint does not follow: what the browser would not find is not reported".to_string()
            }
            _ => resolution_words(&site, &r, &page),
        };
        say(&mut out, words);
        let mine: Vec<String> = report
            .files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| {
                d.span.start < o.span.end.max(o.span.start + 1)
                    && o.span.start < d.span.end.max(d.span.start + 1)
            })
            .filter(|d| {
                d.rule == crate::rule_ids::BROKEN_LINK.id
                    || d.rule == crate::rule_ids::BROKEN_FRAGMENT.id
            })
            .map(|d| {
                format!(
                    "{}[{}] {}{}",
                    d.severity.as_str(),
                    d.rule,
                    d.message,
                    d.help
                        .as_deref()
                        .map_or(String::new(), |h| format!(" (help: {h})"))
                )
            })
            .collect();
        if mine.is_empty() {
            say(&mut out, "the link rules report nothing here".into());
        } else {
            for m in mine {
                say(&mut out, format!("reported: {m}"));
            }
        }
    }
    Ok(out)
}

/// The page's place in the site.
fn describe_page(out: &mut String, site: &Site, page: &PageRef, file: &Path) {
    let Some(root) = site.root() else {
        let _ = writeln!(
            out,
            "{}: not in a Hugo site; a relative link is a path on disk from the file's folder, a site-absolute one is not checked",
            file.display()
        );
        return;
    };
    let shown = lint::display_path(root);
    let _ = writeln!(
        out,
        "{}: in the site at {}",
        file.display(),
        if shown.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &shown
        }
        .display()
    );
    match (&page.page, page.resource) {
        (Some(_), _) => {
            let _ = writeln!(
                out,
                "  a page of language `{}`, published at {}{}",
                page.lang,
                page.url.as_deref().map_or(
                    "no URL (headless or never rendered)".to_string(),
                    |u| format!("`{u}`")
                ),
                if page.leaf {
                    page.bundle_dir.as_deref().map_or(String::new(), |b| {
                        format!("; a leaf bundle, its resources under `{b}`")
                    })
                } else {
                    String::new()
                }
            );
        }
        (None, true) => {
            let _ = writeln!(
                out,
                "  a bundle's content resource: rendered inside whichever page includes it, so its relative links and fragments resolve there"
            );
        }
        (None, false) => {
            let _ = writeln!(
                out,
                "  not a content page (outside the content folders): links are checked as paths on disk"
            );
        }
    }
}

fn resolution_words(site: &Site, r: &Resolution, from: &PageRef) -> String {
    match r {
        Resolution::External => {
            "external (a scheme or host) or templated: not checked".into()
        }
        Resolution::Ignored => "matches `links.ignore` in .hugolint.yaml: not checked".into(),
        Resolution::Unknowable => "cannot be known before the build (generated content, a mount not on disk, a hook hugolint cannot follow, or a page rendered inside others): not reported".into(),
        Resolution::Found { page, fragment } => {
            let target = match (page, site.index()) {
                (Some(_), _) if *page == from.page => "found: this page".to_string(),
                (Some(p), Some(index)) => {
                    let pg = &index.pages[*p];
                    let file = site
                        .root()
                        .and_then(|r| pg.file.strip_prefix(r).ok())
                        .unwrap_or(&pg.file);
                    format!(
                        "found: the page {} ({})",
                        pg.url.as_deref().map_or("(no URL)".into(), |u| format!("`{u}`")),
                        file.display()
                    )
                }
                _ => "found: a file that is published (a resource or static file, or a list page Hugo makes)".into(),
            };
            match (fragment, page) {
                (None, _) => target,
                (Some(f), Some(p)) => {
                    let anchors = site.anchors(*p);
                    let verdict = if anchors.contains(f) {
                        "the page has this anchor".to_string()
                    } else if anchors.incomplete {
                        "not among the anchors hugolint knows, but some of the page's anchors are made by the build: not reported".to_string()
                    } else {
                        format!(
                            "the page has no such anchor ({} known)",
                            anchors.ids.len()
                        )
                    };
                    format!("{target}; fragment `#{}`: {verdict}", printable(f))
                }
                (Some(f), None) => {
                    format!("{target}; fragment `#{}` not checked (not a page)", printable(f))
                }
            }
        }
        Resolution::Missing { looked_for, why, near } => {
            let lead = match why {
                Missing::Url => format!("nothing is published at `{}`", printable(looked_for)),
                Missing::Ref => format!("Hugo's page lookup finds no page `{}` (REF_NOT_FOUND)", printable(looked_for)),
                Missing::Ambiguous => format!("several pages are named `{}`", printable(looked_for)),
                Missing::Unrendered => format!("`{}` is a page that is never rendered", printable(looked_for)),
            };
            let near = near
                .as_deref()
                .and_then(|k| site.nearest_url(k, &from.lang))
                .map_or(String::new(), |n| format!("; the nearest published URL is `{n}`"));
            format!("missing: {lead}{near}")
        }
    }
}

/// The places in `doc` whose destination is `link`, in page order.
fn occurrences(doc: &Document, site: &Site, link: &str) -> Vec<Occurrence> {
    let in_comment = doc.in_comment();
    let mut out = Vec::new();
    for l in doc.links.iter().filter(|l| l.dest == link) {
        out.push(Occurrence {
            span: l.span.clone(),
            dest_span: l.dest_span.clone(),
            what: match l.kind {
                LinkKind::Inline | LinkKind::Reference => "Markdown link",
                LinkKind::Autolink => "autolink",
                LinkKind::Html => "HTML link (<a href>)",
                LinkKind::ShortcodeParam => "shortcode link parameter",
                LinkKind::Ref => "ref/relref shortcode",
            },
            used: Some(Use::of_link(l)),
            is_ref: l.kind == LinkKind::Ref,
            lang: l.lang.clone(),
            in_comment: in_comment(&l.span),
        });
    }
    for i in doc.images.iter().filter(|i| i.src.as_deref() == Some(link)) {
        let used = match i.kind {
            ImageKind::Markdown => Some(Use::Image),
            ImageKind::Html => Some(Use::Raw),
            ImageKind::Shortcode => match i
                .shortcode
                .and_then(|s| site.catalogue().get(&doc.shortcodes[s].name))
                .and_then(|s| s.image.as_ref())
                .map(|s| s.src_lookup)
            {
                Some(SrcLookup::AsWritten) => Some(Use::Raw),
                Some(SrcLookup::Unknown) => None,
                _ => Some(Use::ShortcodeImage),
            },
        };
        out.push(Occurrence {
            span: i.span.clone(),
            dest_span: i.src_span.clone().unwrap_or(i.span.clone()),
            what: match i.kind {
                ImageKind::Markdown => "Markdown image",
                ImageKind::Html => "HTML image (<img src>)",
                ImageKind::Shortcode => "image shortcode's source",
            },
            used,
            is_ref: false,
            lang: None,
            in_comment: in_comment(&i.span),
        });
    }
    out.sort_by_key(|o| o.span.start);
    out
}

/// Text from a page shown on one line: control characters escaped.
fn printable(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}
