//! Completion of link targets and anchors, from the site model:
//!
//! - after `](` (and `](/`, `](../`): the site's page URLs in the page's language, written as the
//!   page writes its links (site-absolute or relative: what is typed decides, else what most of
//!   its links do), then the bundle's files; after `![…](`: the bundle's files first;
//! - inside `{{< ref "` / `relref "`: the pages' paths in the content tree;
//! - in an image shortcode's source parameter (the catalogue says which): the bundle's files;
//! - after `#`: the anchors of the page before it (or of this page), each with its heading text.
//!
//! What is typed filters the list (substring, any case); at most [`MAX_ITEMS`] go back, marked
//! incomplete so the editor asks again as the user types.

use serde_json::{Value, json};

use crate::document::{Document, LinkKind};
use crate::site::{HeadingIds, PageRef, Resolution, Site, Use};

/// The most items in one answer.
pub(super) const MAX_ITEMS: usize = 200;

/// What the cursor is in.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Context<'a> {
    /// A link's destination; `image`: of `![…](`.
    Link { typed: &'a str, image: bool },
    /// A `ref`/`relref` path.
    Ref { typed: &'a str },
    /// An image shortcode's source parameter.
    ImageParam { typed: &'a str },
    /// After `#`: the anchors of `target` (empty: this page).
    Fragment {
        target: &'a str,
        typed: &'a str,
        is_ref: bool,
    },
}

impl Context<'_> {
    /// What is typed: the text the items replace.
    pub(super) fn typed(&self) -> &str {
        match self {
            Context::Link { typed, .. }
            | Context::Ref { typed }
            | Context::ImageParam { typed }
            | Context::Fragment { typed, .. } => typed,
        }
    }
}

/// The completion context of the text on the cursor's line before it.
pub(super) fn context<'a>(
    before: &'a str,
    image_src: impl Fn(&str, &str) -> bool,
) -> Option<Context<'a>> {
    // A destination: `](` then no blank, `)` or `(`.
    let dest_start = |open: &str| {
        let at = before.rfind(open)? + open.len();
        let rest = &before[at..];
        (!rest.contains([' ', '\t', ')', '(', '<', '>', '"'])).then_some(at)
    };
    let in_ref = || {
        let at = before.rfind("ref \"")?;
        let shortcode = before[..at].rfind("{{")?;
        let name = before[shortcode + 2..at].trim_start_matches(['<', '%', ' ']);
        if !(name.is_empty() || name == "rel") {
            return None;
        }
        let rest = &before[at + 5..];
        (!rest.contains('"')).then_some(at + 5)
    };
    let in_param = || {
        let open = before.rfind("{{")?;
        let tag = &before[open + 2..];
        if tag.contains("}}") {
            return None;
        }
        let tag = tag.trim_start_matches(['<', '%', ' ']);
        let name = tag.split([' ', '\t']).next()?;
        let q = before.rfind('"')?;
        let param = before[..q].strip_suffix('=')?;
        let param = &param[param.rfind([' ', '\t'])? + 1..];
        (q > open && image_src(name, param)).then_some(q + 1)
    };
    if let Some(at) = dest_start("](") {
        let image = before[..at - 2]
            .rfind("![")
            .is_some_and(|b| !before[b..at - 2].contains("]("));
        return Some(
            split_fragment(&before[at..], false).unwrap_or(Context::Link {
                typed: &before[at..],
                image,
            }),
        );
    }
    if let Some(at) = in_ref() {
        return Some(split_fragment(&before[at..], true).unwrap_or(Context::Ref {
            typed: &before[at..],
        }));
    }
    in_param().map(|at| Context::ImageParam {
        typed: &before[at..],
    })
}

fn split_fragment(dest: &str, is_ref: bool) -> Option<Context<'_>> {
    let (target, typed) = dest.split_once('#')?;
    Some(Context::Fragment {
        target,
        typed,
        is_ref,
    })
}

/// One completion item.
pub(super) struct Item {
    pub label: String,
    /// LSP CompletionItemKind.
    pub kind: u8,
    pub detail: Option<String>,
    pub documentation: Option<String>,
}

/// The items for a context. `doc`: this buffer's parse; `anchors_of`: the headings (ID, text)
/// of a site page, from its open buffer when it has one.
pub(super) fn items(
    cx: &Context<'_>,
    site: &Site,
    from: &PageRef,
    doc: &Document,
    headings_of: &dyn Fn(usize) -> Vec<(String, String)>,
) -> Vec<Item> {
    let typed = cx.typed().to_lowercase();
    let keep = |label: &str| typed.is_empty() || label.to_lowercase().contains(&typed);
    let mut out = Vec::new();
    let resources = |out: &mut Vec<Item>, images_only: bool| {
        let Some(p) = from.page else { return };
        for r in site.bundle_resources(p) {
            if (!images_only || is_image(&r)) && keep(&r) {
                out.push(Item {
                    label: r,
                    kind: 17, // File
                    detail: Some("page resource".into()),
                    documentation: None,
                });
            }
        }
    };
    match cx {
        Context::Link { typed, image } => {
            if *image {
                resources(&mut out, true);
            }
            if let Some(index) = site.index() {
                let absolute =
                    typed.starts_with('/') || (!typed.starts_with('.') && writes_absolute(doc));
                for (i, p) in index.pages.iter().enumerate() {
                    if *p.lang != *from.lang || Some(i) == from.page {
                        continue;
                    }
                    let Some(url) = &p.url else { continue };
                    let label = if absolute {
                        url.clone()
                    } else {
                        relative(from.url.as_deref().unwrap_or("/"), url)
                    };
                    if out.len() >= MAX_ITEMS * 4 {
                        break;
                    }
                    if keep(&label) {
                        out.push(Item {
                            label,
                            kind: 17,
                            detail: p.meta.title.clone(),
                            documentation: Some(format!("content/{}", p.content_path)),
                        });
                    }
                }
            }
            if !*image {
                resources(&mut out, false);
            }
        }
        Context::Ref { typed } => {
            if let Some(index) = site.index() {
                let slash = typed.starts_with('/');
                for p in index.pages.iter().filter(|p| *p.lang == *from.lang) {
                    let label = if slash {
                        format!("/{}", p.content_path)
                    } else {
                        p.content_path.to_string()
                    };
                    if keep(&label) {
                        out.push(Item {
                            label,
                            kind: 17,
                            detail: p.meta.title.clone(),
                            documentation: p.url.clone(),
                        });
                    }
                }
            }
        }
        Context::ImageParam { .. } => resources(&mut out, true),
        Context::Fragment { target, is_ref, .. } => {
            let headings = if target.is_empty() {
                headings(doc, &site.heading_ids(from))
            } else {
                let used = if *is_ref { Use::Raw } else { Use::Link };
                match site.resolve(from, target, used, *is_ref, None) {
                    Resolution::Found { page: Some(p), .. } if Some(p) == from.page => {
                        headings(doc, &site.heading_ids(from))
                    }
                    Resolution::Found { page: Some(p), .. } => headings_of(p),
                    _ => Vec::new(),
                }
            };
            for (id, text) in headings {
                if keep(&id) {
                    out.push(Item {
                        label: id,
                        kind: 18, // Reference
                        detail: Some(text),
                        documentation: None,
                    });
                }
            }
        }
    }
    out
}

/// The anchors of a parsed page with the text they come from (a heading's, else the ID).
/// `ids`: what the page's heading render hook makes of goldmark's IDs (a prefix, none; one
/// hugolint cannot follow keeps goldmark's).
pub(super) fn headings(doc: &Document, ids: &HeadingIds) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = doc
        .headings
        .iter()
        .filter_map(|h| {
            let id = h.id.clone()?;
            let id = match ids.of(&id) {
                Some(written) => written?,
                None => id,
            };
            Some((id, h.text.clone()))
        })
        .collect();
    out.extend(
        doc.html_anchors
            .iter()
            .map(|a| (a.id.clone(), format!("<… id=\"{}\">", a.id))),
    );
    out
}

/// Whether most of the page's links to its site are written site-absolute (a tie, or none:
/// yes, as the did-you-mean writes them).
fn writes_absolute(doc: &Document) -> bool {
    let (mut absolute, mut relative) = (0, 0);
    for l in doc.links.iter().filter(|l| l.kind == LinkKind::Inline) {
        let d = l.dest.as_str();
        if d.is_empty() || d.starts_with('#') || d.contains("://") || d.starts_with("mailto:") {
            continue;
        }
        if d.starts_with('/') {
            absolute += 1;
        } else {
            relative += 1;
        }
    }
    absolute >= relative
}

/// `to` written relative to the page published at `from` (both site-absolute URL paths).
pub(super) fn relative(from: &str, to: &str) -> String {
    let dir = &from[..from.rfind('/').map_or(0, |i| i + 1)];
    let from_parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = from_parts
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_parts.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    if to.ends_with('/') && common < to_parts.len() {
        out.push('/');
    }
    if out.is_empty() { "./".into() } else { out }
}

fn is_image(name: &str) -> bool {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp" | "avif" | "bmp" | "ico" | "tif" | "tiff"
    )
}

/// The JSON answer: items replacing what is typed (`replace`: its range), best first.
pub(super) fn answer(mut items: Vec<Item>, replace: Value) -> Value {
    let incomplete = items.len() > MAX_ITEMS;
    items.truncate(MAX_ITEMS);
    let items: Vec<Value> = items
        .into_iter()
        .enumerate()
        .map(|(i, it)| {
            let mut v = json!({
                "label": it.label,
                "kind": it.kind,
                "sortText": format!("{i:05}"),
                "filterText": it.label,
                "textEdit": {"range": replace, "newText": it.label},
            });
            if let Some(d) = it.detail {
                v["detail"] = d.into();
            }
            if let Some(d) = it.documentation {
                v["documentation"] = d.into();
            }
            v
        })
        .collect();
    json!({"isIncomplete": incomplete, "items": items})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx(before: &str) -> Option<Context<'_>> {
        context(before, |name, param| name == "figure" && param == "src")
    }

    #[test]
    fn contexts() {
        assert_eq!(
            cx("see [x](/docs/in"),
            Some(Context::Link {
                typed: "/docs/in",
                image: false
            })
        );
        assert_eq!(
            cx("![a](dia"),
            Some(Context::Link {
                typed: "dia",
                image: true
            })
        );
        assert_eq!(
            cx("[a](../x/#inst"),
            Some(Context::Fragment {
                target: "../x/",
                typed: "inst",
                is_ref: false
            })
        );
        assert_eq!(
            cx("[a](#"),
            Some(Context::Fragment {
                target: "",
                typed: "",
                is_ref: false
            })
        );
        assert_eq!(
            cx(r#"{{< ref "docs/in"#),
            Some(Context::Ref { typed: "docs/in" })
        );
        assert_eq!(
            cx(r#"{{< relref "docs/x.md#u"#),
            Some(Context::Fragment {
                target: "docs/x.md",
                typed: "u",
                is_ref: true
            })
        );
        assert_eq!(
            cx(r#"{{< figure class="x" src="dia"#),
            Some(Context::ImageParam { typed: "dia" })
        );
        assert_eq!(cx(r#"{{< figure class="x"#), None);
        assert_eq!(cx("[a](/x) and more"), None);
        assert_eq!(cx("plain text"), None);
    }

    #[test]
    fn relative_urls() {
        assert_eq!(relative("/docs/guide/", "/docs/install/"), "../install/");
        assert_eq!(relative("/docs/", "/docs/install/"), "install/");
        assert_eq!(relative("/blog/2024/post/", "/docs/"), "../../../docs/");
        assert_eq!(relative("/docs/", "/docs/"), "./");
        assert_eq!(relative("/", "/docs/a.pdf"), "docs/a.pdf");
    }
}
