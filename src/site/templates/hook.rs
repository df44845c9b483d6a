//! A link or image render hook's behaviour, read from its template: where the `href`/`src` it
//! writes comes from. Hugo's embedded hooks look the destination up (`GetPage`, the page's
//! resources, `resources.Get`) and write it as is when nothing is found; a site's hook may do
//! the same, write the destination untouched (the browser resolves it), or something hugolint
//! does not follow.

use std::sync::Arc;

use super::eval::{self, Lookup, Partials, Val};
use super::go_template::Template;

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
