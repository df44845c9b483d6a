//! `missing-alt`: images without alt text, or with alt text that says nothing.

use crate::document::{Image, ImageKind};
use crate::rule_ids::{self, RuleId};
use crate::rules::{Context, Rule, Sink};

pub struct MissingAlt;

/// Alt texts that describe nothing (compared case-insensitively, trimmed).
const MEANINGLESS: &[&str] = &[
    "image",
    "img",
    "picture",
    "photo",
    "graphic",
    "screenshot",
    "alt",
    "alt text",
];

const IMAGE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp", "ico", "tif", "tiff",
];

impl Rule for MissingAlt {
    fn rule_id(&self) -> &'static RuleId {
        &rule_ids::MISSING_ALT
    }
    fn summary(&self) -> &'static str {
        "Images (Markdown, HTML <img>, image shortcodes) without alt text, or with alt text that says nothing"
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/missing-alt.md")
    }
    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        // An image shortcode inside an HTML comment renders there, where no one sees it.
        let in_comment = cx.doc.in_comment();
        for image in cx.doc.images.iter().filter(|i| !in_comment(&i.span)) {
            check_image(cx, image, out);
        }
    }
}

fn check_image(cx: &Context<'_>, image: &Image, out: &mut Sink) {
    let what = match image.kind {
        ImageKind::Markdown => "image".to_string(),
        ImageKind::Html => "`<img>`".to_string(),
        ImageKind::Shortcode => {
            let name = image
                .shortcode
                .map_or("image", |i| cx.doc.shortcodes[i].name.as_str());
            format!("`{name}` shortcode")
        }
    };
    let alt_params = || {
        image
            .shortcode
            .and_then(|i| cx.site.catalogue().get(&cx.doc.shortcodes[i].name))
            .and_then(|s| s.image.as_ref())
            .map(|i| {
                i.alt
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", then ")
            })
            .unwrap_or_else(|| "`alt`".into())
    };
    if image.shortcode.is_some_and(|i| {
        cx.site
            .catalogue()
            .get(&cx.doc.shortcodes[i].name)
            .and_then(|s| s.image.as_ref())
            .is_some_and(|i| i.alt_unknown)
    }) {
        // The template writes alt text from something the page does not give.
        return;
    }
    match image.alt.as_deref() {
        None => {
            let d = out.report(image.span.clone(), format!("{what} has no alt text"));
            match image.kind {
                ImageKind::Html => d.with_help(
                    "add `alt=\"…\"` describing the image, or `alt=\"\"` if it is purely decorative",
                ),
                _ => d.with_help(format!(
                    "add `alt=\"…\"` describing the image (the template reads {})",
                    alt_params()
                )),
            };
        }
        Some(alt) if alt.trim().is_empty() => {
            // An explicit `alt=""` on an HTML <img> marks a decorative image (WCAG H67).
            if image.kind == ImageKind::Html {
                return;
            }
            let span = match &image.alt_span {
                Some(s) if !s.is_empty() => s.clone(),
                _ => image.span.clone(),
            };
            let d = out.report(span, format!("{what} has empty alt text"));
            match image.kind {
                ImageKind::Markdown => {
                    d.with_help("describe the image between the brackets: `![what it shows](…)`")
                }
                _ => d.with_help(format!("describe the image in {}", alt_params())),
            };
        }
        Some(alt) => {
            if let Some(why) = meaningless(alt, image.src.as_deref()) {
                let span = image.alt_span.clone().unwrap_or(image.span.clone());
                out.report(span, format!("{what} alt text `{}` {why}", alt.trim()))
                    .with_help("say what the image shows, for readers who cannot see it");
            }
        }
    }
}

/// Why an alt text says nothing, if it does not.
fn meaningless(alt: &str, src: Option<&str>) -> Option<&'static str> {
    let alt = alt.trim();
    let lower = alt.to_lowercase();
    if MEANINGLESS.contains(&lower.as_str()) {
        return Some("says nothing about the image");
    }
    if let Some(src) = src {
        let file = src.split(['?', '#']).next().unwrap_or(src);
        let file = file.rsplit('/').next().unwrap_or(file);
        let decoded = crate::site::index::percent_decoded(file);
        let stem = decoded.rsplit_once('.').map_or(&*decoded, |(s, _)| s);
        // The whole file name, or a stem that reads as a file name rather than as words.
        let slug_like = |t: &str| {
            !t.contains(' ') && t.contains(|c: char| c == '-' || c == '_' || c.is_ascii_digit())
        };
        if !file.is_empty()
            && (lower == decoded.to_lowercase()
                || (slug_like(stem) && lower == stem.to_lowercase()))
        {
            return Some("is only the file name");
        }
    }
    if let Some((_, ext)) = lower.rsplit_once('.')
        && IMAGE_EXTENSIONS.contains(&ext)
        && !lower.contains(' ')
    {
        return Some("is a file name");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::meaningless;

    #[test]
    fn meaningless_alt() {
        assert!(meaningless("Image", None).is_some());
        assert!(meaningless("diagram.png", Some("img/diagram.png")).is_some());
        assert!(meaningless("diagram_v2", Some("img/diagram_v2.png?x=1")).is_some());
        assert!(meaningless("diagram", Some("img/diagram.png")).is_none());
        assert!(meaningless("logo.svg", None).is_some());
        assert!(meaningless("Architecture of the mesh", Some("arch.svg")).is_none());
        assert!(meaningless("Version 1.2", None).is_none());
    }
}
