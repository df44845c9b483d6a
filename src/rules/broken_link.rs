//! `broken-link`: links and images whose target does not exist in the built site.

use crate::catalogue::SrcLookup;
use crate::document::{ImageKind, LinkKind, Span};
use crate::rule_ids::{self, RuleId};
use crate::rules::{Context, Rule, Sink};
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
            let r = cx.site.resolve(cx.page, src, used, false, None);
            report(cx, &r, src, span.clone(), "image", true, out);
        }
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
    let d = out.report(span, message);
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
            if replaceable && let Some(path) = path_span {
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
    if let Some(hash) = text[start..end].find('#') {
        end = start + hash;
    }
    (start < end).then(|| dest.start + start..dest.start + end)
}
