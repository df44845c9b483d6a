//! `broken-link`: links and images whose target does not exist in the built site.

use crate::catalogue::SrcLookup;
use crate::document::{ImageKind, LinkKind, Span};
use crate::rule_ids::{self, RuleId};
use crate::rules::{Context, Rule, Sink};
use crate::site::resolve::split_dest;
use crate::site::{Missing, Resolution, Use};

pub struct BrokenLink;

impl Rule for BrokenLink {
    fn rule_id(&self) -> &'static RuleId {
        &rule_ids::BROKEN_LINK
    }
    fn summary(&self) -> &'static str {
        "A link, image or ref/relref whose target page, resource or file does not exist in the built site"
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/broken-link.md")
    }
    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let in_comment = cx.doc.in_comment();
        for (link, r) in cx.doc.links.iter().zip(cx.link_targets()) {
            // Inside an HTML comment no reader follows a link; but Hugo still runs a ref/relref
            // there, and a page it cannot find still fails the build.
            if in_comment(&link.span)
                && !(link.kind == LinkKind::Ref
                    && matches!(
                        r,
                        Resolution::Missing {
                            why: Missing::Ref | Missing::Ambiguous,
                            ..
                        }
                    ))
            {
                continue;
            }
            let replaceable = link.kind != LinkKind::Ref;
            report(
                cx,
                r,
                &link.dest,
                link.dest_span.clone(),
                "link",
                replaceable,
                out,
            );
            if replaceable
                && matches!(r, Resolution::Found { .. })
                && cx.site.settings().warn_redirects()
            {
                let (_, via) = cx.site.resolve_traced(
                    cx.page,
                    &link.dest,
                    Use::of_link(link),
                    false,
                    link.lang.as_deref(),
                );
                report_redirect(cx, via, link.dest_span.clone(), "link", out);
            }
        }
        for image in &cx.doc.images {
            let (Some(src), Some(span)) = (&image.src, &image.src_span) else {
                continue;
            };
            if in_comment(&image.span) {
                continue;
            }
            let used = match image.kind {
                ImageKind::Markdown => Use::Image,
                ImageKind::Html => Use::Raw,
                // As the template reads its source: looked up as Hugo's `figure` does, or
                // written as is.
                ImageKind::Shortcode => match image
                    .shortcode
                    .and_then(|i| cx.site.catalogue().get(&cx.doc.shortcodes[i].name))
                    .and_then(|s| s.image.as_ref())
                    .map(|i| i.src_lookup)
                {
                    Some(SrcLookup::AsWritten) => Use::Raw,
                    Some(SrcLookup::Unknown) => continue,
                    _ => Use::ShortcodeImage,
                },
            };
            let (r, via) = if cx.site.settings().warn_redirects() {
                cx.site.resolve_traced(cx.page, src, used, false, None)
            } else {
                (cx.site.resolve(cx.page, src, used, false, None), None)
            };
            report(cx, &r, src, span.clone(), "image", true, out);
            if matches!(r, Resolution::Found { .. }) {
                report_redirect(cx, via, span.clone(), "image", out);
            }
        }
    }
}

/// `links.warn-redirects`: a link that reaches its target through a redirect the site publishes
/// (`to`: where the redirect leads), a warning that names the target to link to instead.
fn report_redirect(cx: &Context<'_>, to: Option<String>, span: Span, what: &str, out: &mut Sink) {
    let Some(to) = to else { return };
    let path_span = path_span(cx, &span);
    let d = out
        .report(span, format!("{what} served by a redirect: it leads to `{to}`"))
        .with_severity(crate::diagnostic::Severity::Warning)
        .with_check(rule_ids::VIA_REDIRECT)
        .with_help(format!(
            "link to `{to}` directly: a redirect costs the reader a round trip and breaks when it is removed"
        ));
    if let Some(path) = path_span
        && !to.contains('#')
    {
        d.with_suggestion(path, to, false);
    }
}

/// `replaceable`: the destination is a URL, so the did-you-mean (a URL) can take its place (not
/// a `ref`'s page path).
fn report(
    cx: &Context<'_>,
    r: &Resolution,
    dest: &str,
    span: Span,
    what: &str,
    replaceable: bool,
    out: &mut Sink,
) {
    let Resolution::Missing {
        looked_for,
        near,
        why,
    } = r
    else {
        return;
    };
    let why = *why;
    let suggestion = near
        .as_deref()
        .and_then(|key| cx.site.nearest_url(key, &cx.page.lang));
    let message = match why {
        Missing::Url => format!("broken {what}: nothing is published at `{looked_for}`"),
        Missing::Ref => format!("REF_NOT_FOUND: Ref \"{dest}\": page not found"),
        Missing::Ambiguous => format!("REF_NOT_FOUND: page reference \"{dest}\" is ambiguous"),
        Missing::Unrendered => {
            format!("broken {what}: `{looked_for}` is a page that is never rendered")
        }
    };
    let path_span = path_span(cx, &span);
    let certain = if replaceable && why == Missing::Url {
        certain_page_url(cx, dest)
    } else {
        None
    };
    let whole = inner_span(cx, &span);
    let d = out.report(span, message);
    // A link to a content file (`install.md`) naming one page: its URL (and fragment), the fix
    // `--fix` applies.
    if let (Some((url, fragment)), Some(whole)) = (&certain, whole) {
        let text = match fragment {
            Some(f) => format!("{url}#{f}"),
            None => url.clone(),
        };
        d.with_suggestion(whole, text, true);
    }
    match (why, suggestion) {
        (Missing::Ambiguous, _) => {
            d.with_help("several pages have that name: give the path from the content root");
        }
        (_, Some(s)) => {
            let shown = if s.rsplit('/').next().is_some_and(|last| last.contains('.')) {
                s
            } else {
                format!("{s}/")
            };
            d.with_help(format!("did you mean `{shown}`?"));
            if replaceable
                && let Some(path) = path_span
                && certain.as_ref().map(|(u, _)| u.as_str()) != Some(shown.as_str())
            {
                d.with_suggestion(path, shown, false);
            }
        }
        (Missing::Ref, None) => {
            d.with_help("Hugo fails the build on this (refLinksErrorLevel); check the path from the content root");
        }
        (Missing::Unrendered, None) => {
            d.with_help("it is headless or has `build.render: never`, so Hugo renders an empty href: link to a published page");
        }
        (Missing::Url, None) => {}
    }
}

/// Where the path of a destination is written (quotes and brackets left out, and the
/// `#fragment`, which stays).
fn path_span(cx: &Context<'_>, dest: &Span) -> Option<Span> {
    let inner = inner_span(cx, dest)?;
    let text = cx.doc.text(&inner);
    let end = text.find('#').unwrap_or(text.len());
    (end > 0).then(|| inner.start..inner.start + end)
}

/// Where a destination is written, without its quotes or angle brackets.
fn inner_span(cx: &Context<'_>, dest: &Span) -> Option<Span> {
    let text = cx.doc.text(dest);
    let (mut start, mut end) = (0, text.len());
    if let (Some(&first), Some(&last)) = (text.as_bytes().first(), text.as_bytes().last())
        && text.len() >= 2
        && matches!(
            (first, last),
            (b'"', b'"') | (b'\'', b'\'') | (b'<', b'>') | (b'`', b'`')
        )
    {
        start += 1;
        end -= 1;
    }
    (start < end).then(|| dest.start + start..dest.start + end)
}

/// The URL of the one page a link to a content file names (`install.md`, `../guide/index.md`):
/// found relative to the page and, for a path not starting with `/` or `.`, from the content
/// root too; none when those two find different pages, or the page is not published. With the
/// fragment to write: as written when the page has that anchor, else the one anchor it differs
/// from by case or normalisation (as broken-fragment's fix).
fn certain_page_url(cx: &Context<'_>, dest: &str) -> Option<(String, Option<String>)> {
    let (path, fragment) = split_dest(dest);
    let ext = path.rsplit_once('.').map(|(_, e)| e)?;
    if !crate::site::is_content_ext(ext) || path.contains("://") {
        return None;
    }
    let lang = &cx.page.lang;
    let found = cx.site.get_page(cx.page, path, lang, false).ok()??;
    if !path.starts_with(['/', '.']) {
        let from_root = cx
            .site
            .get_page(cx.page, &format!("/{path}"), lang, false)
            .ok()?;
        if from_root.is_some_and(|p| p != found) {
            return None;
        }
    }
    let url = cx.site.page_url(found)?.to_string();
    let fragment = match fragment.filter(|f| !f.is_empty()) {
        None => None,
        Some(f) => {
            let anchors = cx.site.anchors(found);
            if anchors.contains(f) || anchors.incomplete {
                Some(f.to_string())
            } else {
                Some(
                    crate::rules::broken_fragment::certain_anchor(&anchors.ids, f)
                        .unwrap_or(f)
                        .to_string(),
                )
            }
        }
    };
    Some((url, fragment))
}
