//! A shortcode's facts, read from its template: whether it takes inner content (Hugo's own test:
//! the template refers to `.Inner` or `.InnerDeindent`), what it does with that content, which
//! params become an `<img>`'s `src` and `alt` or a link's `href`, which `id`s it writes and
//! whether it can add anchors the page cannot list.

use std::sync::Arc;

use crate::catalogue::{
    AnchorEffect, IdSource, ImageParams, Inner, ShortcodeSpec, SrcLookup, TextSource,
};

use super::eval::{self, Evaluated, Partials, Val};
use super::go_template::{Arg, Node, Template};
use super::html::{self, inside, markers};

/// Whether the template refers to `.Inner`/`.InnerDeindent` anywhere Hugo looks: any command
/// argument of its body, and of the templates it calls with `template` (not of partials).
pub fn evaluates_inner(t: &Template) -> bool {
    fn in_nodes(t: &Template, nodes: &[Node], seen: &mut Vec<String>) -> bool {
        nodes.iter().any(|n| match n {
            Node::Text(_) | Node::Break | Node::Continue => false,
            Node::Action(p) => in_pipe(p),
            Node::If { cond, then, els } => {
                in_pipe(cond) || in_nodes(t, then, seen) || in_nodes(t, els, seen)
            }
            Node::With { pipe, then, els } => {
                in_pipe(pipe) || in_nodes(t, then, seen) || in_nodes(t, els, seen)
            }
            Node::Range { pipe, body, els } => {
                in_pipe(pipe) || in_nodes(t, body, seen) || in_nodes(t, els, seen)
            }
            Node::Template { name, arg } => {
                arg.as_ref().is_some_and(in_pipe)
                    || (!seen.contains(name) && {
                        seen.push(name.clone());
                        t.defines
                            .get(name)
                            .is_some_and(|body| in_nodes(t, body, seen))
                    })
            }
        })
    }
    fn in_pipe(p: &super::go_template::Pipe) -> bool {
        let mut found = false;
        p.visit_args(&mut |a| {
            if let Arg::Field(f) | Arg::Var(_, f) = a
                && f.iter().any(|x| x == "Inner" || x == "InnerDeindent")
            {
                found = true;
            }
        });
        found
    }
    in_nodes(t, &t.main, &mut Vec::new())
}

/// The spec of a shortcode whose template is `t`, over `builtin` for what the template does not
/// tell.
pub fn spec(
    t: &Arc<Template>,
    partials: &dyn Partials,
    builtin: Option<&ShortcodeSpec>,
) -> ShortcodeSpec {
    let mut spec = builtin.cloned().unwrap_or_default();
    spec.embedded = false;
    if !t.ok {
        // Not read whole: its pairing is inferred from the page, its anchors unknown.
        spec.paired = None;
        spec.anchors = AnchorEffect::Unknown;
        return spec;
    }
    spec.paired = Some(evaluates_inner(t));
    let e = eval::evaluate(t, vec![Val::Ctx], partials);
    // What the template does with the inner text, when it prints it in a way followed (kept
    // in a `.Scratch` for another template to print, it is not: the catalogue's or Markdown).
    if let Some((inner, code_when)) = inner_kind(&e) {
        spec.inner = inner;
        spec.code_when = code_when;
    }
    let (anchors, ids) = anchors(&e);
    spec.anchors = anchors;
    spec.ids = ids;
    spec.writes_headings = writes_headings(&e.skeleton);
    spec.text = text(&e);
    let image = image(&e);
    if image.is_some() || !e.incomplete {
        spec.image = image;
    }
    let links = links(&e);
    if !links.is_empty() || !e.incomplete {
        spec.links = links;
    }
    spec
}

/// How the inner text reaches the page, and the params under which it is code; `None` when
/// nothing printed is made from it.
fn inner_kind(e: &Evaluated) -> Option<(Inner, Vec<String>)> {
    let mut markdown = false;
    let mut passthrough = false;
    let mut code = false;
    let mut code_when: Vec<String> = Vec::new();
    let mut unconditional_code = false;
    let mut raw = false;
    let from_inner = |v: &Val| v.derives_from(&|x| *x == Val::Inner);
    for (i, out) in e.outs.iter().enumerate() {
        // Only what reaches the page (a partial's output taken as a value is printed anew).
        let Some(at) = marker_at(&e.skeleton, i) else {
            continue;
        };
        for v in out.vals.iter().filter(|v| from_inner(v)) {
            let kind = match inner_use(v) {
                Inner::Passthrough
                    if inside(&e.skeleton, at, &["pre", "code", "textarea", "script"]) =>
                {
                    Inner::Code
                }
                other => other,
            };
            match kind {
                Inner::Markdown => markdown = true,
                Inner::Passthrough => passthrough = true,
                Inner::Code => {
                    code = true;
                    match out.when_params.first() {
                        Some(p) => {
                            if !code_when.contains(p) {
                                code_when.push(p.clone());
                            }
                        }
                        None => unconditional_code = true,
                    }
                }
                Inner::Raw => raw = true,
            }
        }
    }
    if !(markdown || passthrough || code || raw) {
        return None;
    }
    let inner = if markdown {
        Inner::Markdown
    } else if passthrough {
        Inner::Passthrough
    } else if code {
        Inner::Code
    } else {
        Inner::Raw
    };
    // Code only under a param's presence, Markdown otherwise: `code_when`.
    if inner != Inner::Code && !unconditional_code && !code_when.is_empty() {
        Some((inner, code_when))
    } else {
        Some((inner, Vec::new()))
    }
}

/// What a value made from the inner text does with it.
fn inner_use(v: &Val) -> Inner {
    match v {
        Val::Inner => Inner::Passthrough,
        Val::Markdown(_) => Inner::Markdown,
        Val::Code(_) => Inner::Code,
        Val::Html(x) => inner_use(x),
        Val::Changed(x) => match inner_use(x) {
            Inner::Passthrough => Inner::Raw,
            other => other,
        },
        _ => Inner::Raw,
    }
}

/// Where output `i`'s marker is in the skeleton.
fn marker_at(skeleton: &str, i: usize) -> Option<usize> {
    skeleton.find(&format!("{}{i}{}", html::MARK_OPEN, html::MARK_CLOSE))
}

/// The anchors a template can add.
fn anchors(e: &Evaluated) -> (AnchorEffect, Vec<IdSource>) {
    let mut effect = AnchorEffect::None;
    let mut raise = |to: AnchorEffect| {
        effect = match (effect, to) {
            (AnchorEffect::Unknown, _) | (_, AnchorEffect::Unknown) => AnchorEffect::Unknown,
            (AnchorEffect::Call, _) | (_, AnchorEffect::Call) => AnchorEffect::Call,
            _ => AnchorEffect::None,
        }
    };
    if e.incomplete {
        raise(AnchorEffect::Unknown);
    }
    // HTML printed unescaped, where it reaches the page.
    for (i, out) in e.outs.iter().enumerate() {
        if marker_at(&e.skeleton, i).is_none() {
            continue;
        }
        for v in &out.vals {
            match v {
                Val::UnknownHtml => raise(AnchorEffect::Unknown),
                Val::Inner => raise(AnchorEffect::Call),
                Val::Markdown(x) => raise(unescaped(x, true)),
                Val::Html(x) => raise(unescaped(x, false)),
                _ => {}
            }
        }
    }
    // `id` attributes (and `<a name>`).
    let mut ids = Vec::new();
    for tag in html::tags(&e.skeleton) {
        for (attr, value) in &tag.attrs {
            if !(attr == "id" || (attr == "name" && tag.name == "a")) {
                continue;
            }
            let (ms, prefix, suffix) = markers(value);
            match ms.as_slice() {
                [] => ids.push(IdSource::Literal(value.to_string())),
                // Made with `printf "prefix-%…"`: only its start is known.
                [m] if e.outs[*m].vals.iter().any(|v| prefixed(v).is_some()) => {
                    let start = e.outs[*m]
                        .vals
                        .iter()
                        .filter_map(prefixed)
                        .min_by_key(String::len)
                        .unwrap_or_default();
                    ids.push(IdSource::Prefix(format!("{prefix}{start}")));
                }
                [m] => {
                    for v in &e.outs[*m].vals {
                        match v {
                            Val::Param(p) => ids.push(IdSource::Param {
                                param: p.clone(),
                                prefix: prefix.to_string(),
                                suffix: suffix.to_string(),
                                anchorize: false,
                            }),
                            Val::Anchorized(x) if matches!(&**x, Val::Param(_)) => {
                                let Val::Param(p) = &**x else { unreachable!() };
                                ids.push(IdSource::Param {
                                    param: p.clone(),
                                    prefix: prefix.to_string(),
                                    suffix: suffix.to_string(),
                                    anchorize: true,
                                })
                            }
                            Val::Lit(l) => {
                                ids.push(IdSource::Literal(format!("{prefix}{l}{suffix}")))
                            }
                            Val::Nil => {}
                            _ => raise(AnchorEffect::Unknown),
                        }
                    }
                }
                _ => raise(AnchorEffect::Unknown),
            }
        }
        if tag.dynamic || !tag.name_marks.is_empty() {
            // Attributes made at run time may hold an `id`.
            raise(AnchorEffect::Unknown);
        }
    }
    (effect, ids)
}

/// The anchors that `x`, printed unescaped (as HTML, or rendered as Markdown when
/// `markdown`), can add.
fn unescaped(x: &Val, markdown: bool) -> AnchorEffect {
    let from_inner = x.derives_from(&|v| *v == Val::Inner);
    match x {
        // Shown as code: escaped.
        Val::Code(_) => AnchorEffect::None,
        // The page's own inner text: rendered as Markdown it is parsed as a fragment of its own
        // (its headings are read); as HTML, an `id=` in it is checked per call.
        _ if from_inner && markdown => AnchorEffect::None,
        _ if from_inner => AnchorEffect::Call,
        Val::Lit(s) => {
            let holds = if markdown {
                may_hold_anchor(s)
            } else {
                html_may_hold_anchor(s)
            };
            if holds {
                AnchorEffect::Unknown
            } else {
                AnchorEffect::None
            }
        }
        Val::Nil | Val::Url(..) | Val::Dest | Val::Anchorized(_) => AnchorEffect::None,
        Val::Param(_) => AnchorEffect::Call,
        Val::Changed(y) if matches!(&**y, Val::Param(_)) => AnchorEffect::Call,
        Val::Html(y) => unescaped(y, markdown),
        Val::Markdown(y) => unescaped(y, true),
        _ => AnchorEffect::Unknown,
    }
}

/// Whether HTML text may hold an anchor (an `id` or `name` attribute).
pub fn html_may_hold_anchor(s: &str) -> bool {
    s.contains("id=") || s.contains("name=")
}

/// Whether Markdown text may hold an anchor (HTML with one, a heading, an `{#id}`).
pub fn may_hold_anchor(s: &str) -> bool {
    html_may_hold_anchor(s)
        || s.contains("{#")
        || s.trim_start().starts_with('#')
        || s.contains("\n#")
}

/// Whether the template's own text holds a Markdown heading (`## …` at a line's start).
fn writes_headings(skeleton: &str) -> bool {
    html::literal(skeleton).lines().any(|l| {
        let t = l.trim_start_matches(' ');
        l.len() - t.len() < 4 && t.starts_with('#') && {
            let hashes = t.bytes().take_while(|&b| b == b'#').count();
            hashes <= 6 && t[hashes..].chars().next().is_none_or(char::is_whitespace)
        }
    })
}

/// The text the template renders, when it is one simple value.
fn text(e: &Evaluated) -> Option<TextSource> {
    if e.incomplete {
        return None;
    }
    let s = e.skeleton.trim();
    let (ms, pre, post) = markers(s);
    match ms.as_slice() {
        [] if !s.contains('<') => Some(TextSource::Literal(s.to_string())),
        [m] if pre.is_empty() && post.is_empty() => match e.outs[*m].vals.as_slice() {
            [Val::Param(p)] => Some(TextSource::Param(p.clone())),
            [Val::I18n(k)] => match &**k {
                Val::Lit(k) => Some(TextSource::I18n(k.clone())),
                Val::Param(p) => Some(TextSource::I18nParam(p.clone())),
                _ => None,
            },
            [Val::Lit(l)] => Some(TextSource::Literal(l.clone())),
            _ => None,
        },
        _ => None,
    }
}

/// The first `<img>` whose source comes from a param.
fn image(e: &Evaluated) -> Option<ImageParams> {
    for tag in html::tags(&e.skeleton).iter().filter(|t| t.name == "img") {
        let Some((_, src)) = tag.attrs.iter().find(|(a, _)| a == "src") else {
            continue;
        };
        let mut params = Vec::new();
        let mut lookup = SrcLookup::AsWritten;
        let mut unknown = false;
        for m in markers(src).0 {
            for v in &e.outs[m].vals {
                match v {
                    Val::Param(p) => push(&mut params, p),
                    Val::Url(_, x) if matches!(&**x, Val::Param(_)) => {
                        let Val::Param(p) = &**x else { unreachable!() };
                        push(&mut params, p);
                        lookup = SrcLookup::Resources;
                    }
                    Val::Lit(_) | Val::Nil => {}
                    other => {
                        unknown = true;
                        if let Some(p) = param_in(other) {
                            push(&mut params, &p);
                        }
                    }
                }
            }
        }
        if params.is_empty() {
            continue;
        }
        let mut image = ImageParams {
            src: params,
            src_lookup: if unknown { SrcLookup::Unknown } else { lookup },
            ..ImageParams::default()
        };
        match tag.attrs.iter().find(|(a, _)| a == "alt") {
            None if tag.dynamic || !tag.name_marks.is_empty() => image.alt_unknown = true,
            None => {}
            Some((_, alt)) => {
                let (ms, pre, post) = markers(alt);
                if !pre.trim().is_empty() || !post.trim().is_empty() {
                    image.alt_default = Some(format!("{pre}{post}"));
                }
                for m in ms {
                    for v in &e.outs[m].vals {
                        match v {
                            Val::Param(p) => push(&mut image.alt, p),
                            Val::Markdown(x) | Val::Html(x) if matches!(&**x, Val::Param(_)) => {
                                let Val::Param(p) = &**x else { unreachable!() };
                                push(&mut image.alt, p);
                            }
                            Val::Lit(l) if !l.trim().is_empty() => {
                                image.alt_default.get_or_insert_with(|| l.clone());
                            }
                            Val::Lit(_) | Val::Nil => {}
                            _ => image.alt_unknown = true,
                        }
                    }
                }
            }
        }
        return Some(image);
    }
    None
}

/// The known start of a value made by `printf` (through `anchorize`).
fn prefixed(v: &Val) -> Option<String> {
    match v {
        Val::Prefixed(p) => Some(p.clone()),
        Val::Anchorized(x) => prefixed(x)
            .map(|p| crate::syntax::anchors::sanitize(&p, crate::syntax::AutoIdType::Github)),
        _ => None,
    }
}

/// The param a value is made from, if one.
fn param_in(v: &Val) -> Option<String> {
    match v {
        Val::Param(p) => Some(p.clone()),
        Val::Parsed(x)
        | Val::Markdown(x)
        | Val::Code(x)
        | Val::Html(x)
        | Val::Found(_, x)
        | Val::Url(_, x)
        | Val::Changed(x)
        | Val::Anchorized(x)
        | Val::I18n(x) => param_in(x),
        _ => None,
    }
}

fn push(list: &mut Vec<String>, p: &str) {
    if !list.iter().any(|x| x == p) {
        list.push(p.to_string());
    }
}

/// Params printed, as written, as a link's `href`.
fn links(e: &Evaluated) -> Vec<String> {
    let mut out = Vec::new();
    for tag in html::tags(&e.skeleton).iter().filter(|t| t.name == "a") {
        let Some((_, href)) = tag.attrs.iter().find(|(a, _)| a == "href") else {
            continue;
        };
        let (ms, pre, _) = markers(href);
        if !pre.is_empty() {
            continue;
        }
        if let [m] = ms.as_slice() {
            let vals = &e.outs[*m].vals;
            if vals.iter().all(|v| matches!(v, Val::Param(_) | Val::Nil)) {
                for v in vals {
                    if let Val::Param(p) = v {
                        push(&mut out, p);
                    }
                }
            }
        }
    }
    out
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

    fn spec_of(text: &str) -> ShortcodeSpec {
        spec(&Arc::new(parse(text)), &NoPartials, None)
    }

    #[test]
    fn pairing_is_any_reference_to_inner() {
        assert_eq!(spec_of("{{ $noop := .Inner }}").paired, Some(true));
        assert_eq!(
            spec_of("{{ with .InnerDeindent }}x{{ end }}").paired,
            Some(true)
        );
        assert_eq!(
            spec_of("{{ define \"d\" }}{{ .Inner }}{{ end }}{{ template \"d\" . }}").paired,
            Some(true)
        );
        assert_eq!(
            spec_of("{{/* .Inner */}}<b>{{ .Get 0 }}</b>").paired,
            Some(false)
        );
        assert_eq!(spec_of("{{ if .X }}").paired, None);
    }

    #[test]
    fn inner_kinds() {
        assert_eq!(
            spec_of("<div>{{ .Inner | markdownify }}</div>").inner,
            Inner::Markdown
        );
        assert_eq!(
            spec_of("{{ $.Page.RenderString .Inner }}").inner,
            Inner::Markdown
        );
        assert_eq!(
            spec_of("{{ highlight .Inner \"go\" \"\" }}").inner,
            Inner::Code
        );
        assert_eq!(
            spec_of("<pre><code>{{ .Inner }}</code></pre>").inner,
            Inner::Code
        );
        assert_eq!(
            spec_of("<div class=n>{{ .Inner }}</div>").inner,
            Inner::Passthrough
        );
        assert_eq!(spec_of("{{ .Inner | jsonify }}").inner, Inner::Raw);
        // Kept for another template to print: not known here (the default stays).
        assert_eq!(
            spec_of("{{ .Parent.Scratch.Add \"tabs\" .Inner }}").inner,
            Inner::Markdown
        );
        let tab = spec_of(
            "{{ with .Get \"lang\" }}{{ highlight $.Inner . \"\" }}{{ else }}{{ $.Inner | markdownify }}{{ end }}",
        );
        assert_eq!(
            (tab.inner, tab.code_when),
            (Inner::Markdown, vec!["lang".to_string()])
        );
    }

    #[test]
    fn images_with_fallbacks() {
        let s = spec_of(
            r#"{{ $alt := or (.Get "alt") (.Get "caption") }}<figure><img src="{{ .Get "src" }}" alt="{{ $alt }}"></figure>"#,
        );
        let i = s.image.unwrap();
        assert_eq!(
            (i.src, i.alt),
            (
                vec!["src".to_string()],
                vec!["alt".to_string(), "caption".to_string()]
            )
        );
        assert_eq!(i.src_lookup, SrcLookup::AsWritten);
        let s = spec_of(
            r#"{{ $r := .Page.Resources.Get (.Get 0) }}<img src="{{ $r.RelPermalink }}" alt="{{ .Get "alt" | default "A diagram" }}">"#,
        );
        let i = s.image.unwrap();
        assert_eq!(i.src, ["0"]);
        assert_eq!(i.src_lookup, SrcLookup::Resources);
        assert_eq!(i.alt_default.as_deref(), Some("A diagram"));
        let s = spec_of(r#"<img src="{{ .Get "src" | relURL }}">"#);
        assert_eq!(s.image.unwrap().src_lookup, SrcLookup::Unknown);
        assert!(spec_of(r#"<img src="/logo.png" alt="">"#).image.is_none());
    }

    #[test]
    fn anchors_and_ids() {
        let s = spec_of(r#"<div class="alert">{{ .Get "title" }}</div>"#);
        assert_eq!((s.anchors, s.ids.len()), (AnchorEffect::None, 0));
        let s = spec_of(
            r#"<h2 id="{{ .Get "id" | anchorize }}">{{ .Get "title" }}</h2><div id="fixed"></div>"#,
        );
        assert_eq!(s.anchors, AnchorEffect::None);
        assert_eq!(s.ids.len(), 2);
        assert_eq!(
            spec_of(r#"<div id="tab-{{ .Ordinal }}"></div>"#).anchors,
            AnchorEffect::Unknown
        );
        let s = spec_of(
            r#"{{ $id := printf "tabset-%s-%d" .Page.RelPermalink .Ordinal | anchorize }}<div id="{{ $id }}-panel"></div>"#,
        );
        assert_eq!(
            (s.anchors, s.ids),
            (AnchorEffect::None, vec![IdSource::Prefix("tabset-".into())])
        );
        assert_eq!(
            spec_of(r#"{{ .Get "body" | markdownify }}"#).anchors,
            AnchorEffect::Call
        );
        assert_eq!(
            spec_of(r#"{{ (site.GetPage "x").Content }}"#).anchors,
            AnchorEffect::Unknown
        );
        assert_eq!(
            spec_of(r#"{{ partial "gone.html" . }}"#).anchors,
            AnchorEffect::Unknown
        );
        assert!(spec_of("## Notes\n\n{{ .Inner }}").writes_headings);
    }

    #[test]
    fn simple_text() {
        assert_eq!(
            spec_of(r#"{{ i18n "install" }}"#).text,
            Some(TextSource::I18n("install".into()))
        );
        assert_eq!(
            spec_of(r#"{{- .Get 0 -}}"#).text,
            Some(TextSource::Param("0".into()))
        );
        assert_eq!(
            spec_of("istioctl\n").text,
            Some(TextSource::Literal("istioctl".into()))
        );
        assert_eq!(spec_of(r#"<b>{{ .Get 0 }}</b>"#).text, None);
    }
}
