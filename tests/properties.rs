//! Properties that hold for any page: proptest generates Hugo-flavoured Markdown (front matter of
//! three formats, shortcodes of both delimiters, headings with explicit IDs, links, images, raw
//! HTML, multi-byte text, every line ending) and checks them on the whole pipeline, inside the
//! demo site so that the link rules resolve through a real site index.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use hugolint::fuzzing::inside as on_boundaries;
use hugolint::lint::{self, LintOptions};
use hugolint::site::Site;
use proptest::prelude::*;

static DEMO: LazyLock<(Site, PathBuf)> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo");
    (Site::discover(&root), root)
});

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# Title\n".to_string()),
        Just("## Setup {#setup}\n".to_string()),
        Just("## 用户的快速采用 {#rapid}\n".to_string()),
        Just("### Emoji 😀 and `code`\n".to_string()),
        Just("Setext\n---\n".to_string()),
        Just("[a](#setup) ".to_string()),
        Just("[b](/en/docs/nope/#x) ".to_string()),
        Just("[c](../other.md#frag) ".to_string()),
        Just("[d]: /ref/target\n".to_string()),
        Just("![](cat.png) ".to_string()),
        Just("![a cat](./cat.png \"t\") ".to_string()),
        Just("<img src=\"x.png\"> ".to_string()),
        Just("<a id=\"setup\"></a>".to_string()),
        Just("<!-- hugolint-disable-next-line missing-alt -->\n".to_string()),
        Just("<!-- hugolint-disable -->".to_string()),
        Just("{{< image link=\"./a.png\" >}}".to_string()),
        Just("{{< figure src=\"a.png\" alt=\"é\" >}}".to_string()),
        Just("{{< quote >}}".to_string()),
        Just("{{< /quote >}}".to_string()),
        Just("{{% note %}}".to_string()),
        Just("{{% /note %}}".to_string()),
        Just("{{< relref \"nope.md#x\" >}}".to_string()),
        Just("{{< ref path=\"/docs\" lang=\"zh\" >}}".to_string()),
        Just("{{< highlight go >}}\n## not a heading\n{{< /highlight >}}".to_string()),
        Just("{{</* quote */>}}".to_string()),
        Just("{{< x a=\"unterminated".to_string()),
        Just("{{<".to_string()),
        Just("```\n".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("| a | b |\n|---|---|\n".to_string()),
        Just("[^1]\n\n[^1]: note\n".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\u{feff}".to_string()),
        "[a-zé ]{0,8}".prop_map(|s| s),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("---\ntitle: T\n---\n".to_string()),
        Just("---\ntitle: [unclosed\n---\n".to_string()),
        Just("+++\ntitle = 'T'\n+++\n".to_string()),
        Just("+++\ntitle = \n+++\n".to_string()),
        Just("{\n\"title\": \"T\"\n}\n".to_string()),
        Just("{\n\"title\": \n".to_string()),
        Just("---\n".to_string()),
    ]
}

fn page() -> impl Strategy<Value = String> {
    (front_matter(), proptest::collection::vec(piece(), 0..40))
        .prop_map(|(fm, body)| fm + &body.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Every fact and every finding points at whole characters inside the file, and a page is
    /// linted the same way every time.
    #[test]
    fn spans_lie_inside_the_file_on_char_boundaries(text in page()) {
        let (site, root) = &*DEMO;
        let path = root.join("content/en/docs/generated.md");
        let report = lint::lint_text(&path, &text, site, &LintOptions::default());
        for d in &report.diagnostics {
            prop_assert!(on_boundaries(&text, &d.span), "{:?}", d);
            for l in &d.labels {
                prop_assert!(on_boundaries(&text, &l.span), "{:?}", d);
            }
        }
        let again = lint::lint_text(&path, &text, site, &LintOptions::default());
        prop_assert_eq!(&report.diagnostics, &again.diagnostics);
    }

    /// The facts of a page: each span inside the file on char boundaries; shortcode tags in
    /// order and nested inside their parents.
    #[test]
    fn document_facts_are_well_formed(text in page()) {
        let site = Site::plain();
        let doc = hugolint::syntax::parse(&text, &site.parse_options());
        prop_assert_eq!(&*doc.source, text.as_str());
        prop_assert!(doc.body_start <= text.len() && text.is_char_boundary(doc.body_start));
        for h in &doc.headings {
            prop_assert!(on_boundaries(&text, &h.span), "{:?}", h);
        }
        for l in &doc.links {
            prop_assert!(on_boundaries(&text, &l.span) && on_boundaries(&text, &l.dest_span), "{:?}", l);
        }
        for i in &doc.images {
            prop_assert!(on_boundaries(&text, &i.span), "{:?}", i);
        }
        for p in &doc.problems {
            prop_assert!(on_boundaries(&text, &p.span), "{:?}", p);
        }
        for (_, span) in doc.anchors() {
            prop_assert!(on_boundaries(&text, span));
        }
        for s in &doc.shortcodes {
            prop_assert!(on_boundaries(&text, &s.span()), "{:?}", s);
            if let Some(c) = &s.close {
                prop_assert!(s.open.end <= c.start, "{:?}", s);
            }
            if let Some(p) = s.parent {
                let outer = doc.shortcodes[p].span();
                prop_assert!(outer.start <= s.open.start && s.span().end <= outer.end, "{:?} in {:?}", s, outer);
            }
        }
    }
}
