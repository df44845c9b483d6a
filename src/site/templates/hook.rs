//! A link or image render hook's behaviour, read from its template: where the `href`/`src` it
//! writes comes from. Hugo's embedded hooks look the destination up (`GetPage`, the page's
//! resources, `resources.Get`) and write it as is when nothing is found; a site's hook may do
//! the same, write the destination untouched (the browser resolves it), or something hugolint
//! does not follow.

use std::sync::Arc;

use super::eval::{self, Lookup, Partials, Val};
use super::go_template::Template;
use super::html;

/// What a render hook does with a destination.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HookFacts {
    /// The lookups it makes, in no particular order (empty: it writes the destination as is).
    pub lookups: Vec<Lookup>,
    /// It writes something hugolint does not follow (a destination changed, HTML from a partial
    /// not on disk): a destination not found is not reported.
    pub unknown: bool,
    /// Destinations it treats apart (`if eq .Destination "g"`): never reported.
    pub special: Vec<String>,
    /// The lookups are made only for destinations that start (`true`) or do not start
    /// (`false`) with this prefix; the others are written as they are.
    pub lookup_when: Option<(String, bool)>,
    /// A heading hook's: which IDs the page's headings carry.
    pub heading: HeadingIds,
}

/// The IDs a page's headings carry under its heading render hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadingIds {
    /// goldmark's ID (`.Anchor`), with text before and after it (`id="{{ .Anchor }}"`: none).
    Anchor { prefix: String, suffix: String },
    /// The hook writes no `id`: the headings have no anchors.
    None,
    /// The hook makes its IDs in a way hugolint does not follow: not known.
    Unknown,
}

impl Default for HeadingIds {
    /// Without a hook goldmark writes its own IDs.
    fn default() -> Self {
        HeadingIds::Anchor {
            prefix: String::new(),
            suffix: String::new(),
        }
    }
}

impl HeadingIds {
    /// The anchor a heading whose goldmark ID is `id` has (`Some(None)`: none), `None` when
    /// it cannot be known.
    pub fn of(&self, id: &str) -> Option<Option<String>> {
        match self {
            HeadingIds::Anchor { prefix, suffix } if prefix.is_empty() && suffix.is_empty() => {
                Some(Some(id.to_string()))
            }
            HeadingIds::Anchor { prefix, suffix } => Some(Some(format!("{prefix}{id}{suffix}"))),
            HeadingIds::None => Some(None),
            HeadingIds::Unknown => None,
        }
    }
}

/// What the heading hook `t` does with a heading's ID: every `id` (or `<a name>`) it writes is
/// `.Anchor` with the same literal text around it, and every heading element it writes
/// (`<h2>`, `<h{{ .Level }}>`) has one — [`HeadingIds::Anchor`]; it writes no `id` at all —
/// [`HeadingIds::None`]; anything else (an id computed, a literal one, attributes made at run
/// time, HTML it does not see, a heading element in one branch without an id) —
/// [`HeadingIds::Unknown`].
pub fn heading_facts(t: &Arc<Template>, partials: &dyn Partials) -> HeadingIds {
    let e = eval::evaluate(t, vec![Val::Ctx], partials);
    if e.incomplete {
        return HeadingIds::Unknown;
    }
    // HTML printed unescaped that is not the heading's own text may hold an id.
    let raw_html = e.outs.iter().flat_map(|o| &o.vals).any(|v| match v {
        Val::UnknownHtml | Val::Markdown(_) => true,
        Val::Html(x) => match &**x {
            Val::Lit(l) => super::shortcode::html_may_hold_anchor(l),
            // The heading's own text: its anchors are the page's.
            Val::HeadingText => false,
            _ => true,
        },
        _ => false,
    });
    if raw_html {
        return HeadingIds::Unknown;
    }
    let mut anchor: Option<(String, String)> = None;
    let mut headings_without_id = false;
    // Only the heading's level continues a tag's name (`<h{{ .Level }}`); anything else printed
    // there may be attributes.
    let not_level = |i: &usize| e.outs[*i].vals.iter().any(|v| *v != Val::HeadingLevel);
    // Attributes printed from ranging over the heading's `.Attributes`, names and values: its
    // `id` among them.
    let attr_part = |i: &usize| {
        let vals = &e.outs[*i].vals;
        !vals.is_empty()
            && vals
                .iter()
                .all(|v| matches!(v, Val::HeadingAttrKey | Val::HeadingAttrValue))
    };
    let holds = |i: &usize, what: &Val| e.outs[*i].vals.contains(what);
    for tag in html::tags(&e.skeleton) {
        let value_marks = tag.attrs.iter().flat_map(|(_, v)| html::markers(v).0);
        let attrs_written = tag.dynamic
            && tag.attr_marks.iter().all(attr_part)
            && tag
                .attr_marks
                .iter()
                .any(|i| holds(i, &Val::HeadingAttrKey))
            && (tag
                .attr_marks
                .iter()
                .any(|i| holds(i, &Val::HeadingAttrValue))
                || value_marks
                    .clone()
                    .any(|i| holds(&i, &Val::HeadingAttrValue)));
        if (tag.dynamic && !attrs_written) || tag.name_marks.iter().any(not_level) {
            return HeadingIds::Unknown;
        }
        let heading = match tag.name.as_bytes() {
            [b'h', b'1'..=b'6'] => tag.name_marks.is_empty(),
            [b'h'] => !tag.name_marks.is_empty(),
            _ => false,
        };
        let ids: Vec<&str> = tag
            .attrs
            .iter()
            .filter(|(a, _)| a == "id" || (a == "name" && tag.name == "a"))
            .map(|(_, v)| *v)
            .collect();
        if attrs_written {
            // goldmark's ID, as `.Anchor`; a literal `id` beside it would make two.
            if !ids.is_empty() || !heading {
                return HeadingIds::Unknown;
            }
            match &anchor {
                Some((p, s)) if !p.is_empty() || !s.is_empty() => return HeadingIds::Unknown,
                _ => anchor = Some((String::new(), String::new())),
            }
            continue;
        }
        if ids.is_empty() {
            headings_without_id |= heading;
            continue;
        }
        for value in ids {
            let (ms, prefix, suffix) = html::markers(value);
            let only_anchor = match ms.as_slice() {
                [m] => {
                    let vals = &e.outs[*m].vals;
                    !vals.is_empty() && vals.iter().all(|v| *v == Val::Anchor)
                }
                _ => false,
            };
            if !only_anchor {
                return HeadingIds::Unknown;
            }
            let this = (prefix.to_string(), suffix.to_string());
            match &anchor {
                Some(a) if *a != this => return HeadingIds::Unknown,
                _ => anchor = Some(this),
            }
        }
    }
    match anchor {
        None => HeadingIds::None,
        Some(_) if headings_without_id => HeadingIds::Unknown,
        Some((prefix, suffix)) => HeadingIds::Anchor { prefix, suffix },
    }
}

/// The facts of the hook template `t`.
pub fn facts(t: &Arc<Template>, partials: &dyn Partials) -> HookFacts {
    let e = eval::evaluate(t, vec![Val::Ctx], partials);
    let mut f = HookFacts {
        special: e.special_dests.clone(),
        unknown: e.incomplete,
        ..HookFacts::default()
    };
    let from_dest = |v: &Val| v.derives_from(&|x| *x == Val::Dest);
    let mut writes_dest = false;
    // Lookups made for every destination, and those made for one shape only.
    let mut unconditional = false;
    let mut shapes: Vec<(String, bool)> = Vec::new();
    let mut note_lookup = |v: &Val| match shape_of(v) {
        Some(s) => {
            if !shapes.contains(&s) {
                shapes.push(s)
            }
        }
        None => unconditional = true,
    };
    let mut check = |v: &Val, f: &mut HookFacts| match strip(v) {
        Val::Dest => writes_dest = true,
        Val::Parsed(x) if **x == Val::Dest => writes_dest = true,
        Val::Html(x) if **x == Val::Dest => writes_dest = true,
        Val::Url(k, x) if *strip(x) == Val::Dest => {
            note_lookup(v);
            if !f.lookups.contains(k) {
                f.lookups.push(*k);
            }
        }
        Val::Dict(entries) => {
            // A dict of attributes printed with `range`: its `href`/`src`.
            for (k, vs) in entries {
                if k == "href" || k == "src" {
                    for v in vs.iter().filter(|v| from_dest(v)) {
                        match strip(v) {
                            Val::Dest => writes_dest = true,
                            Val::Url(k, x) if *strip(x) == Val::Dest => {
                                note_lookup(v);
                                if !f.lookups.contains(k) {
                                    f.lookups.push(*k);
                                }
                            }
                            _ => f.unknown = true,
                        }
                    }
                }
            }
        }
        other if from_dest(other) => f.unknown = true,
        _ => {}
    };
    for out in &e.outs {
        for v in &out.vals {
            check(v, &mut f);
        }
    }
    for v in &e.returned {
        check(v, &mut f);
    }
    // Made only for one shape of destination (`hasPrefix .Destination "/"`): the others are
    // written as they are.
    if !unconditional && let [shape] = shapes.as_slice() {
        f.lookup_when = Some(shape.clone());
    } else if !unconditional && shapes.len() > 1 {
        f.unknown = true;
    }
    if !writes_dest && f.lookups.is_empty() {
        // The destination reaches the page by a way not followed.
        f.unknown = true;
    }
    f.lookups.sort();
    f
}

/// `v` without the shape a branch set it for ([`Val::Under`]), at the top.
fn strip(v: &Val) -> &Val {
    match v {
        Val::Under(_, _, x) => strip(x),
        other => other,
    }
}

/// The destination shape `v` was set for, if any (anywhere in it).
fn shape_of(v: &Val) -> Option<(String, bool)> {
    match v {
        Val::Under(p, b, _) => Some((p.clone(), *b)),
        Val::Url(_, x) | Val::Found(_, x) | Val::Changed(x) | Val::Parsed(x) | Val::Html(x) => {
            shape_of(x)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::go_template::parse;
    use super::*;

    struct NoPartials;
    impl Partials for NoPartials {
        fn partial(&self, _: &str) -> Option<Arc<Template>> {
            None
        }
    }

    fn of(text: &str) -> HookFacts {
        facts(&Arc::new(parse(text)), &NoPartials)
    }

    fn heading(text: &str) -> HeadingIds {
        heading_facts(&Arc::new(parse(text)), &NoPartials)
    }

    #[test]
    fn heading_hooks_write_the_anchor_none_or_unknown_ids() {
        let anchor = HeadingIds::default();
        for t in [
            r#"<h{{ .Level }} id="{{ .Anchor }}">{{ .Text }}</h{{ .Level }}>"#,
            r##"<h{{ .Level }} id="{{ .Anchor | safeURL }}"{{ with .Attributes.class }} class="{{ . }}"{{ end }}>{{ .Text | safeHTML }}<a href="#{{ .Anchor }}">#</a></h{{ .Level }}>"##,
            r#"{{ with .Attributes.id }}<h2 id="{{ . }}">{{ end }}{{ $.Text }}</h2>"#,
            // Every attribute printed: goldmark puts the ID among them (checked with Hugo).
            r#"<h2 {{ range $k, $v := .Attributes }}{{ $k }}="{{ $v }}" {{ end }}>{{ .Text }}</h2>"#,
            r#"<h{{ .Level }}{{ range $k, $v := .Attributes }}{{ printf " %s=%q" $k $v | safeHTMLAttr }}{{ end }}>{{ .Text }}</h{{ .Level }}>"#,
            r##"<h{{ .Level }}{{ range $key, $value := .Attributes }}{{ printf " %s=%q" $key (string $value) | safeHTMLAttr }}{{ end }}>{{ .Text | safeHTML }}<a class="self" href="#{{ .Anchor | safeURL }}"></a></h{{ .Level }}>"##,
        ] {
            assert_eq!(heading(t), anchor, "{t}");
        }
        assert_eq!(
            heading(r#"<h{{ .Level }} id="sec-{{ .Anchor }}">{{ .Text }}</h{{ .Level }}>"#),
            HeadingIds::Anchor {
                prefix: "sec-".into(),
                suffix: String::new()
            }
        );
        for t in [
            "<h{{ .Level }}>{{ .Text }}</h{{ .Level }}>",
            "<h2 class=\"x\">{{ .PlainText }}</h2>",
        ] {
            assert_eq!(heading(t), HeadingIds::None, "{t}");
        }
        for t in [
            r#"<h2 id="{{ .Anchor | lower }}">{{ .Text }}</h2>"#,
            r#"<h2 id="{{ printf "%s-%d" .Anchor .Level }}">{{ .Text }}</h2>"#,
            r#"<h2 id="fixed">{{ .Text }}</h2>"#,
            r#"<h2 id="{{ .PlainText | anchorize }}">{{ .Text }}</h2>"#,
            r#"{{ if eq .Level 1 }}<h1>{{ .Text }}</h1>{{ else }}<h{{ .Level }} id="{{ .Anchor }}">{{ .Text }}</h{{ .Level }}>{{ end }}"#,
            r#"<h2>{{ .Text }}</h2>{{ .Page.Params.after | safeHTML }}"#,
            r#"{{ partial "heading.html" . }}"#,
            r#"<h2{{ .Page.Params.attrs | safeHTMLAttr }}>{{ .Text }}</h2>"#,
            // Attributes printed in a loop that may skip the id; or beside a literal one.
            r#"<h2 {{ range $k, $v := .Attributes }}{{ if ne $k "id" }}{{ $k }}="{{ $v }}"{{ end }}{{ end }}>{{ .Text }}</h2>"#,
            r#"<h2 id="x" {{ range $k, $v := .Attributes }}{{ $k }}="{{ $v }}" {{ end }}>{{ .Text }}</h2>"#,
            r#"<h2 {{ range .Attributes }}{{ . }} {{ end }}>{{ .Text }}</h2>"#,
            r#"<h2 id="{{ .Anchor }}">{{ .Text }}</h2><a id="top-{{ .Anchor }}"></a>"#,
        ] {
            assert_eq!(heading(t), HeadingIds::Unknown, "{t}");
        }
    }

    #[test]
    fn passes_through() {
        let f = of(
            r#"<a href="{{ .Destination | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text }}</a>"#,
        );
        assert_eq!(f, HookFacts::default());
    }

    #[test]
    fn looks_up_like_hugo() {
        let f = of(r##"{{- $u := urls.Parse .Destination -}}
{{- $href := $u.String -}}
{{- if strings.HasPrefix $u.String "#" -}}
  {{- $href = printf "%s#%s" .PageInner.RelPermalink $u.Fragment -}}
{{- else if and $href (not $u.IsAbs) -}}
  {{- $path := strings.TrimPrefix "./" $u.Path -}}
  {{- with or ($.PageInner.GetPage $path) ($.PageInner.Resources.Get $path) (resources.Get $path) -}}
    {{- $href = .RelPermalink -}}
    {{- with $u.RawQuery -}}{{- $href = printf "%s?%s" $href . -}}{{- end -}}
  {{- end -}}
{{- end -}}
<a href="{{ $href }}">{{ .Text }}</a>"##);
        assert_eq!(
            f.lookups,
            [Lookup::Page, Lookup::PageResource, Lookup::Global]
        );
        assert!(!f.unknown);
    }

    #[test]
    fn attributes_in_a_dict_and_special_destinations() {
        let f = of(
            r#"{{ $u := urls.Parse .Destination }}{{ $attrs := dict "href" $u.String }}
{{ if eq $u.String "g" }}{{ $attrs = partial "glossary.html" . }}
{{ else }}{{ with .Page.GetPage $u.Path }}{{ $attrs = dict "href" .RelPermalink }}
{{ else with $.Page.CurrentSection.Resources.Get $u.Path }}{{ $attrs = dict "href" .RelPermalink }}{{ end }}{{ end }}
<a {{ range $k, $v := $attrs }}{{ printf " %s=%q" $k $v | safeHTMLAttr }}{{ end }}>{{ .Text }}</a>"#,
        );
        assert_eq!(f.special, ["g"]);
        assert_eq!(f.lookups, [Lookup::Page, Lookup::SectionResource]);
        assert!(!f.unknown, "{f:?}");
    }

    #[test]
    fn lookups_for_one_shape_of_destination() {
        // opentelemetry.io's hook: relative destinations as written, `/…` ones looked up.
        let f = of(
            r#"{{ $u := urls.Parse .Destination }}{{ $href := $u.String }}{{ $path := "" }}{{ $resolve := false }}
{{ if not (hasPrefix .Destination "/") }}{{/* as is */}}{{ else if and $href (not $u.IsAbs) }}{{ $resolve = true }}{{ $path = strings.TrimPrefix "./" $u.Path }}{{ end }}
{{ if $resolve }}{{ with or (.PageInner.GetPage $path) (resources.Get $path) }}{{ $href = .RelPermalink }}{{ end }}{{ end }}
<a href="{{ $href }}">{{ .Text }}</a>"#,
        );
        assert_eq!(f.lookups, [Lookup::Page, Lookup::Global]);
        assert_eq!(f.lookup_when, Some(("/".to_string(), true)));
        assert!(!f.unknown, "{f:?}");
    }

    #[test]
    fn changes_it_cannot_follow() {
        assert!(of(r#"<a href="{{ .Destination | relURL }}">x</a>"#).unknown);
        assert!(of(r#"{{ partial "not-on-disk.html" . }}"#).unknown);
        assert!(of(r#"<a href="/fixed/">x</a>"#).unknown);
    }
}
