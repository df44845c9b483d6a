//! `broken-fragment`: a `#fragment` that names no anchor on its target page.

use crate::document::Span;
use crate::rule_ids::{self, RuleId};
use crate::rules::{Context, Rule, Sink};
use crate::site::resolve::split_dest;
use crate::site::{Anchors, Resolution, anchors_of};

pub struct BrokenFragment;

impl Rule for BrokenFragment {
    fn rule_id(&self) -> &'static RuleId {
        &rule_ids::BROKEN_FRAGMENT
    }
    fn summary(&self) -> &'static str {
        "A #fragment that names no anchor on the target page (same page or another)"
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/broken-fragment.md")
    }
    fn check(&self, cx: &Context<'_>, out: &mut Sink) {
        let own = std::cell::OnceCell::new();
        let own = || {
            own.get_or_init(|| {
                anchors_of(cx.doc, cx.site.catalogue(), &cx.site.heading_ids(cx.page))
            })
        };
        let in_comment = cx.doc.in_comment();
        for (link, r) in cx.doc.links.iter().zip(cx.link_targets()) {
            // Inside an HTML comment no reader follows a link (a ref/relref there still runs).
            if in_comment(&link.span) {
                continue;
            }
            let (path, _) = split_dest(&link.dest);
            let &Resolution::Found {
                page,
                fragment: Some(ref fragment),
            } = r
            else {
                continue;
            };
            // Browsers scroll to the top for `#top`; text fragments are not anchors.
            if fragment == "top" || fragment.starts_with(":~:") {
                continue;
            }
            // A `#x` link is on this page, unless Hugo writes it as another's (`markdownify`
            // renders it in the home page's context: `Site::dest_as_rendered`).
            let same_page = (path.is_empty() && (page.is_none() || page == cx.page.page))
                || (page.is_some() && page == cx.page.page);
            let target: std::sync::Arc<Anchors>;
            let anchors: &Anchors = if same_page {
                own()
            } else if let Some(p) = page {
                target = cx.site.anchors(p);
                &target
            } else {
                continue;
            };
            if anchors.incomplete || anchors.contains(fragment) {
                continue;
            }
            let span = fragment_span(cx, &link.dest_span);
            let url = page.and_then(|p| cx.site.page_url(p));
            let where_ = match url {
                _ if same_page => "this page".to_string(),
                // A URL on the site's own host (`links.own-hosts`): the page it names.
                Some(url) if path.contains("//") => format!("`{path}` (this site's `{url}`)"),
                Some(url) if path.is_empty() => format!(
                    "`{url}`: this text is rendered with `markdownify`, in the home page's context, where Hugo's link hook writes `#{fragment}` as `{url}#{fragment}`"
                ),
                // Say where a relative path went: Hugo's lookup may not go where a browser would.
                Some(url) if url.trim_end_matches('/') != path.trim_end_matches('/') => {
                    format!("`{path}`, which Hugo resolves to `{url}`")
                }
                _ => format!("`{path}`"),
            };
            let d = out.report(span.clone(), format!("no anchor `#{fragment}` on {where_}"));
            let alike = candidates(&anchors.ids, fragment);
            if let Some(near) = alike.first() {
                d.with_help(format!("did you mean `#{near}`?"));
            }
            // Each candidate as a replacement of `#fragment`, the did-you-mean first.
            let certain = certain_anchor(&anchors.ids, fragment);
            for id in alike {
                d.with_suggestion(span.clone(), format!("#{id}"), certain == Some(id));
            }
        }
    }
}

/// The span of the `#fragment` inside a destination, when it is written there (a shortcode
/// parameter's closing quote left out: `ref "x#frag"`).
fn fragment_span(cx: &Context<'_>, dest: &Span) -> Span {
    let text = cx.doc.text(dest);
    let end = match text.as_bytes().first() {
        Some(&q @ (b'"' | b'`')) if text.len() > 1 && text.as_bytes()[text.len() - 1] == q => {
            dest.end - 1
        }
        _ => dest.end,
    };
    match text.find('#') {
        Some(p) => dest.start + p..end.max(dest.start + p),
        None => dest.clone(),
    }
}

/// The anchors a fragment may have meant, best first: the did-you-mean, then up to two more as
/// alike. Each anchor is scored once (three passes over a page's anchors were a tenth of a
/// whole-site run on istio.io, whose release notes have hundreds).
fn candidates<'a>(ids: &'a [String], fragment: &str) -> Vec<&'a str> {
    // Each broken fragment scores every anchor of its page: the page budget counts them.
    crate::budget::charge(ids.len() as u64);
    let scored: Vec<(f64, &str)> = ids
        .iter()
        .map(|id| (strsim::jaro_winkler(id, fragment), id.as_str()))
        .filter(|(s, _)| *s > 0.8)
        .collect();
    // The last of equal bests, as `max_by` picks it.
    let Some(&(_, best)) = scored.iter().max_by(|a, b| a.0.total_cmp(&b.0)) else {
        return Vec::new();
    };
    let mut others: Vec<(f64, &str)> = scored.into_iter().filter(|&(_, id)| id != best).collect();
    others.sort_by(|a, b| b.0.total_cmp(&a.0));
    others.dedup_by(|a, b| a.1 == b.1);
    std::iter::once(best)
        .chain(others.into_iter().map(|(_, id)| id).take(2))
        .collect()
}

/// The one anchor a fragment differs from only by letter case or by Hugo's ID normalisation
/// (`#Install-Hugo`, `#install hugo` for `install-hugo`): a fix `--fix` may apply. None when
/// several anchors (or none) are so alike.
pub(crate) fn certain_anchor<'a>(ids: &'a [String], fragment: &str) -> Option<&'a str> {
    let normal = crate::syntax::anchors::sanitize(fragment, crate::syntax::AutoIdType::Github);
    let mut alike = ids
        .iter()
        .filter(|id| id.eq_ignore_ascii_case(fragment) || **id == normal);
    let one = alike.next()?;
    alike.next().is_none().then_some(one.as_str())
}

#[cfg(test)]
mod tests {
    use crate::lint::{LintOptions, lint_paths};

    /// The finding underlines the fragment itself, not the quote that closes a `ref` argument.
    #[test]
    fn a_fragment_inside_a_ref_is_underlined_alone() {
        let site =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/broken-fragment/site");
        let options = LintOptions {
            select: vec!["broken-fragment".into()],
            ..Default::default()
        };
        let report = lint_paths(&[site], &options);
        let file = report
            .files
            .iter()
            .find(|f| f.path.ends_with("comments.md"))
            .expect("the fixture's finding");
        let shown: Vec<&str> = file
            .diagnostics
            .iter()
            .map(|d| &file.source[d.span.clone()])
            .collect();
        assert_eq!(shown, ["#nowhere"]);
    }

    #[test]
    fn candidates_and_the_certain_one() {
        let ids: Vec<String> = ["install-hugo", "install-go", "usage"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            super::candidates(&ids, "install-hug"),
            ["install-hugo", "install-go"]
        );
        assert_eq!(super::candidates(&ids, "zzz"), Vec::<&str>::new());
        assert_eq!(
            super::certain_anchor(&ids, "Install-Hugo"),
            Some("install-hugo")
        );
        assert_eq!(
            super::certain_anchor(&ids, "install hugo"),
            Some("install-hugo")
        );
        assert_eq!(super::certain_anchor(&ids, "install-hug"), None);
        let twice: Vec<String> = vec!["a-b".into(), "A-B".into()];
        assert_eq!(super::certain_anchor(&twice, "a-B"), None);
    }
}
