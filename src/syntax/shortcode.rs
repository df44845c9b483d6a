//! Hugo's shortcode lexer (HUGO-SPEC §1): tags, params, comments, pairing into a tree, and the
//! errors Hugo would stop the build with, in Hugo's own wording — all of them in one run, where
//! Hugo stops at the first.
//!
//! Two passes: [`lex`] turns the body into tags (opening, closing, comments) and lexical errors;
//! [`pair`] matches closing tags to openers with the catalogue's knowledge of which templates
//! take inner content. Both are linear and iterative (no recursion), so any input is safe.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::catalogue::{Catalogue, Pairing};
use crate::document::{Delimiter, ProblemKind, Shortcode, ShortcodeParam, Span, SyntaxProblem};

mod tag;

/// The shortcodes of one file.
#[derive(Debug, Clone, Default)]
pub struct Lexed {
    /// Pairs and single tags, in source order of the opening tag.
    pub shortcodes: Vec<Shortcode>,
    /// `{{</* … */>}}` comments: rendered as literal text, never executed.
    pub comments: Vec<Span>,
    pub problems: Vec<SyntaxProblem>,
}

/// Lex the body of `text` (from `body_start`) for shortcodes and pair them.
pub fn scan(text: &str, body_start: usize, catalogue: &Catalogue) -> Lexed {
    let lexed = lex(text, body_start);
    crate::budget::charge(lexed.tags.len() as u64);
    let mut problems = lexed.problems;
    let shortcodes = pair(lexed.tags, catalogue, &mut problems);
    problems.sort_by_key(|p| (p.span.start, p.span.end));
    Lexed {
        shortcodes,
        comments: lexed.comments,
        problems,
    }
}

fn problem(span: Span, message: impl Into<String>, help: Option<String>) -> SyntaxProblem {
    SyntaxProblem {
        kind: ProblemKind::Shortcode,
        span,
        message: message.into(),
        labels: Vec::new(),
        help,
        build_ok: false,
    }
}

/// One tag as written.
#[derive(Debug, Clone)]
pub struct Tag {
    pub delimiter: Delimiter,
    pub span: Span,
    pub name: String,
    pub name_span: Span,
    pub closing: bool,
    pub self_closed: bool,
    pub params: Vec<ShortcodeParam>,
    /// A problem Hugo stops at that leaves the tag readable, reported by the lexer (a closing
    /// tag that names no shortcode seen so far): pairing takes the tag without reporting again.
    pub problem: Option<SyntaxProblem>,
}

/// The lexer's output.
#[derive(Debug, Clone, Default)]
pub struct Tags {
    pub tags: Vec<Tag>,
    pub comments: Vec<Span>,
    pub problems: Vec<SyntaxProblem>,
}

/// Lex every tag and comment in `text[from..]`.
pub fn lex(text: &str, from: usize) -> Tags {
    let b = text.as_bytes();
    let mut out = Tags::default();
    let mut state = tag::LexerState::default();
    let mut pos = from;
    while let Some(off) = memchr::memchr(b'{', &b[pos.min(b.len())..]) {
        let at = pos + off;
        if b.get(at + 1) != Some(&b'{') || !matches!(b.get(at + 2), Some(b'<' | b'%')) {
            pos = at + 1;
            continue;
        }
        let delimiter = if b[at + 2] == b'<' {
            Delimiter::Angle
        } else {
            Delimiter::Percent
        };
        let closer = delimiter.close().as_bytes();
        // A comment: `{{</*` … `*/>}}`, shown as text, never executed.
        if b[at + 3..].starts_with(b"/*") {
            let end_marker: &[u8] = if delimiter == Delimiter::Angle {
                b"*/>}}"
            } else {
                b"*/%}}"
            };
            match memchr::memmem::find(&b[at + 5..], end_marker) {
                Some(p) => {
                    let end = at + 5 + p + end_marker.len();
                    out.comments.push(at..end);
                    pos = end;
                }
                None => {
                    out.problems.push(problem(
                        at..at + 5,
                        "comment must be closed",
                        Some(format!("end the comment with `*/{}`", delimiter.close())),
                    ));
                    pos = at + 5;
                }
            }
            continue;
        }
        match tag::lex_tag(text, at, delimiter, &mut state) {
            Ok(tag) => {
                pos = tag.span.end;
                out.problems.extend(tag.problem.clone());
                out.tags.push(tag);
            }
            Err(p) => {
                // Resume after this tag's closer if it is on the line of the error, else on the
                // next line: one broken tag gives one error, not a cascade.
                let err_at = p.span.start.max(at + 3);
                let eol = memchr::memchr(b'\n', &b[err_at..]).map_or(b.len(), |x| err_at + x);
                pos = memchr::memmem::find(&b[err_at..eol], closer)
                    .map_or((eol + 1).min(b.len()), |x| err_at + x + 3);
                out.problems.push(p);
            }
        }
        if pos >= b.len() {
            break;
        }
    }
    out
}

/// Match closing tags to openers (HUGO-SPEC §1.7–1.8) and build the tree.
pub fn pair(
    tags: Vec<Tag>,
    catalogue: &Catalogue,
    problems: &mut Vec<SyntaxProblem>,
) -> Vec<Shortcode> {
    // For shortcodes the catalogue does not know: an opener closed later by a tag of the same
    // name is paired (matched by name, innermost first).
    let mut closed_later = vec![false; tags.len()];
    {
        let mut open: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, t) in tags.iter().enumerate() {
            let key = t.name.to_lowercase();
            if t.closing {
                if let Some(i) = open.get_mut(&key).and_then(Vec::pop) {
                    closed_later[i] = true;
                }
            } else if !t.self_closed {
                open.entry(key).or_default().push(i);
            }
        }
    }

    let mut out: Vec<Shortcode> = Vec::with_capacity(tags.len());
    // Whether each entry of `out` is a single tag only because nothing closed it by name.
    let mut inferred_single: Vec<bool> = Vec::with_capacity(tags.len());
    // The tag each entry of `out` was made from.
    let mut out_tag: Vec<usize> = Vec::with_capacity(tags.len());
    let mut stack: Vec<usize> = Vec::new(); // indices into `out` of open pairs
    let mut seen: HashSet<String> = HashSet::default();
    for (ti, t) in tags.into_iter().enumerate() {
        let key = t.name.to_lowercase();
        if t.closing {
            if seen.is_empty() {
                problems.push(problem(
                    t.span.clone(),
                    "got closing shortcode, but none is open",
                    None,
                ));
                continue;
            }
            // A tag the lexer already reported is paired without a second report.
            let reported = problems.len();
            match stack
                .iter()
                .rposition(|&o| out[o].name.eq_ignore_ascii_case(&t.name))
            {
                Some(depth) => {
                    // Openers above the match were never closed.
                    for &o in &stack[depth + 1..] {
                        problems.push(must_be_closed(&out[o]));
                    }
                    adopt_orphans(&mut out, &stack[depth + 1..]);
                    let o = stack[depth];
                    stack.truncate(depth);
                    out[o].close = Some(t.span.clone());
                }
                None if catalogue.pairing(&t.name) == Pairing::Unpaired && seen.contains(&key) => {
                    problems.push(no_inner(&t.name, t.span.clone()));
                }
                // Hugo gives a closing tag to the innermost open shortcode whose template takes
                // inner content, whatever the name (once the name was opened somewhere before).
                // Among the shortcodes whose templates we cannot see, take the latest unclosed
                // one at this depth: the build works, but the closing tag names another one.
                None if seen.contains(&key)
                    && let Some(o) = innermost_unknown(
                        &out,
                        &inferred_single,
                        stack.last().copied(),
                        t.delimiter,
                    ) =>
                {
                    let depth = out[o].parent;
                    out[o].close = Some(t.span.clone());
                    inferred_single[o] = false;
                    for later in out.iter_mut().skip(o + 1) {
                        if later.parent == depth {
                            later.parent = Some(o);
                        }
                    }
                    let d = out[o].delimiter;
                    let mut p = problem(
                        t.span.clone(),
                        format!(
                            "closing tag for shortcode '{}' closes '{}'",
                            t.name, out[o].name
                        ),
                        Some(format!(
                            "Hugo pairs a closing tag with the innermost open shortcode, whatever its name: write `{} /{} {}`",
                            d.open(),
                            out[o].name,
                            d.close()
                        )),
                    );
                    p.labels
                        .push((out[o].open.clone(), "the shortcode it closes".into()));
                    p.build_ok = true;
                    problems.push(p);
                }
                // Nothing open takes it: Hugo reads it as the end of a shortcode of that name
                // without inner content, whatever its template.
                None if seen.contains(&key) && stack.is_empty() => {
                    problems.push(no_inner(&t.name, t.span.clone()));
                }
                None => {
                    // A misspelled closer (the name was never opened): Hugo stops here. The
                    // open shortcode it was meant for takes it, so that the one mistake is not
                    // reported again as that shortcode left unclosed.
                    if !seen.contains(&key)
                        && let Some(&o) = stack.last()
                        && !closed_later[out_tag[o]]
                    {
                        stack.pop();
                        out[o].close = Some(t.span.clone());
                    }
                    problems.push(problem(
                        t.span.clone(),
                        format!(
                            "closing tag for shortcode '{}' does not match start tag",
                            t.name
                        ),
                        Some(if seen.contains(&key) {
                            format!("no `{}` shortcode is open here", t.name)
                        } else {
                            format!(
                                "no `{}` shortcode was opened before this closing tag",
                                t.name
                            )
                        }),
                    ));
                }
            }
            if t.problem.is_some() {
                problems.truncate(reported);
            }
            continue;
        }
        seen.insert(key);
        let pairing = if t.name.ends_with(".inline") {
            if closed_later[ti] {
                Pairing::Paired
            } else {
                Pairing::Unpaired
            }
        } else {
            match catalogue.pairing(&t.name) {
                Pairing::Unknown if closed_later[ti] => Pairing::Paired,
                Pairing::Unknown => Pairing::Unpaired,
                p => p,
            }
        };
        let idx = out.len();
        inferred_single.push(
            !t.self_closed
                && !t.name.ends_with(".inline")
                && catalogue.pairing(&t.name) == Pairing::Unknown
                && pairing == Pairing::Unpaired,
        );
        out_tag.push(ti);
        out.push(Shortcode {
            name: t.name.clone(),
            name_span: t.name_span,
            delimiter: t.delimiter,
            open: t.span.clone(),
            close: None,
            self_closed: t.self_closed,
            params: t.params,
            parent: stack.last().copied(),
        });
        if t.self_closed {
            if catalogue.pairing(&t.name) == Pairing::Unpaired {
                problems.push(no_inner(&t.name, t.span));
            }
        } else if pairing == Pairing::Paired {
            stack.push(idx);
        }
    }
    for &o in &stack {
        problems.push(must_be_closed(&out[o]));
    }
    adopt_orphans(&mut out, &stack);
    out
}

/// An opener that was never closed has no inner content: the shortcodes opened after it belong
/// to its parent, so every child lies inside its parent's span.
fn adopt_orphans(out: &mut [Shortcode], unclosed: &[usize]) {
    // Innermost first, so a chain of unclosed openers collapses onto the outermost's parent.
    for &o in unclosed.iter().rev() {
        let grandparent = out[o].parent;
        for later in out.iter_mut().skip(o + 1) {
            if later.parent == Some(o) {
                later.parent = grandparent;
            }
        }
    }
}

/// The latest shortcode at depth `parent` that is single only because nothing closed it by name;
/// one written with the closing tag's delimiter first (a `{{% /x %}}` most likely closes a
/// `{{% %}}` block, not an inline `{{< >}}`).
fn innermost_unknown(
    out: &[Shortcode],
    inferred_single: &[bool],
    parent: Option<usize>,
    d: Delimiter,
) -> Option<usize> {
    let candidates = || {
        (0..out.len())
            .rev()
            .filter(|&o| inferred_single[o] && out[o].close.is_none() && out[o].parent == parent)
    };
    candidates()
        .find(|&o| out[o].delimiter == d)
        .or_else(|| candidates().next())
}

fn must_be_closed(sc: &Shortcode) -> SyntaxProblem {
    let d = sc.delimiter;
    problem(
        sc.open.clone(),
        format!("shortcode \"{}\" must be closed or self-closed", sc.name),
        Some(format!(
            "close it with `{} /{} {}` or self-close it: `{} {} /{}`",
            d.open(),
            sc.name,
            d.close(),
            d.open(),
            sc.name,
            d.close()
        )),
    )
}

fn no_inner(name: &str, span: Span) -> SyntaxProblem {
    problem(
        span,
        format!(
            "shortcode \"{name}\" does not evaluate .Inner or .InnerDeindent, yet a closing tag was provided"
        ),
        Some(format!(
            "`{name}` takes no inner content: remove the closing tag or the `/`"
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_str(s: &str) -> Lexed {
        scan(s, 0, Catalogue::builtin())
    }

    fn messages(s: &str) -> Vec<String> {
        scan_str(s)
            .problems
            .into_iter()
            .map(|p| p.message)
            .collect()
    }

    #[test]
    fn tags_params_and_values() {
        let t = r#"{{< figure src="a \"b\" c" alt=`raw
text` width=300 >}} {{% param "x" %}} {{<sc1>}} {{< media/audio 3.14 -ziL-Q_4 true >}}"#;
        let l = scan_str(t);
        assert!(l.problems.is_empty(), "{:?}", l.problems);
        let names: Vec<_> = l.shortcodes.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["figure", "param", "sc1", "media/audio"]);
        let f = &l.shortcodes[0];
        assert_eq!(f.param("src").unwrap().value, "a \"b\" c");
        assert_eq!(f.param("alt").unwrap().value, "raw\ntext");
        assert_eq!(f.param("width").unwrap().value, "300");
        assert_eq!(&t[f.param("src").unwrap().span.clone()], r#""a \"b\" c""#);
        assert_eq!(l.shortcodes[1].delimiter, Delimiter::Percent);
        assert_eq!(l.shortcodes[3].params.len(), 3);
        // Backslashes are kept unless the value holds an escaped quote.
        let l = scan_str(r#"{{< x a="a\b" >}}"#);
        assert_eq!(l.shortcodes[0].param("a").unwrap().value, "a\\b");
    }

    #[test]
    fn text_that_is_not_a_shortcode() {
        let l = scan_str("{{ .Title }} { {< x >}} {{ <x> }} {x}");
        assert!(l.shortcodes.is_empty() && l.problems.is_empty());
    }

    #[test]
    fn comments_are_never_executed() {
        let t = "{{</* figure src=\"**/*.pdf\" */>}} and {{%/* x */%}} {{</* y /*/>}}";
        let l = scan_str(t);
        assert!(l.shortcodes.is_empty() && l.problems.is_empty(), "{:?}", l);
        assert_eq!(l.comments.len(), 3);
        assert_eq!(messages("{{</* never closed"), ["comment must be closed"]);
        assert_eq!(messages("{{</*/>}}"), ["comment must be closed"]);
    }

    #[test]
    fn hugo_lexer_errors() {
        assert_eq!(
            messages("{{< youtube http://x >}}"),
            [
                "unrecognized character in shortcode action: U+003A ':'. Note: Parameters with non-alphanumeric args must be quoted"
            ]
        );
        assert_eq!(
            messages("{{< sc1 %}}"),
            [
                "unrecognized character in shortcode action: U+0025 '%'. Note: Parameters with non-alphanumeric args must be quoted"
            ]
        );
        assert_eq!(
            messages("{{< -x >}}")[0],
            "unrecognized character in shortcode action: U+002D '-'. Note: Parameters with non-alphanumeric args must be quoted"
        );
        assert_eq!(
            messages("{{< sc param1=\"Hello World>}}\n"),
            ["unterminated quoted string in shortcode parameter-argument: 'Hello World>}}'"]
        );
        assert_eq!(
            messages("{{< sc `never"),
            ["unterminated raw string in shortcode parameter-argument: 'never'"]
        );
        assert_eq!(
            messages("{{< sc a=\"x\\`y\" >}}"),
            ["unrecognized escape character"]
        );
        assert_eq!(
            messages("{{< sc1 param1=\"Hello\" p2 >}}"),
            ["got positional parameter 'p2'. Cannot mix named and positional parameters"]
        );
        assert_eq!(
            messages("{{< sc1 param1 param2=\"x\" >}}"),
            ["got named parameter 'param2'. Cannot mix named and positional parameters"]
        );
        assert_eq!(
            messages("{{< sc1 p=\"x\" \"And Universe\" >}}"),
            ["got quoted positional parameter. Cannot mix named and positional parameters"]
        );
        assert_eq!(
            messages("{{< sc1.Inline >}}"),
            ["period in shortcode name only allowed for inline identifiers"]
        );
        assert_eq!(
            messages("{{< sc.inline>}}"),
            ["period in shortcode name only allowed for inline identifiers"]
        );
        assert_eq!(messages("{{< >}}"), ["shortcode has no name"]);
        assert_eq!(messages("{{< sc1 "), ["unclosed shortcode action"]);
        // An unquoted named value swallows the closer.
        assert_eq!(
            messages("{{< figure src=/a.jpg>}} after"),
            ["got positional parameter 'after'. Cannot mix named and positional parameters"]
        );
        assert_eq!(
            messages("{{< figure src=/a.jpg>}}"),
            ["unclosed shortcode action"]
        );
    }

    #[test]
    fn pairing_errors() {
        assert_eq!(
            messages("text {{< /x >}}"),
            ["got closing shortcode, but none is open"]
        );
        assert_eq!(
            messages("{{< a >}} {{< /other >}}"),
            ["closing tag for shortcode 'other' does not match start tag"]
        );
        assert_eq!(
            messages("{{< a >}}x{{< /a keyword>}}"),
            ["unclosed shortcode"]
        );
        assert_eq!(
            messages("{{< highlight go >}}\ncode\n"),
            ["shortcode \"highlight\" must be closed or self-closed"]
        );
        assert_eq!(
            messages("{{< figure src=\"a\" >}}x{{< /figure >}}"),
            [
                "shortcode \"figure\" does not evaluate .Inner or .InnerDeindent, yet a closing tag was provided"
            ]
        );
        assert_eq!(
            messages("{{< figure src=\"a\" />}}"),
            [
                "shortcode \"figure\" does not evaluate .Inner or .InnerDeindent, yet a closing tag was provided"
            ]
        );
        assert_eq!(
            messages("{{< args foo/bar >}}"),
            ["closing tag for shortcode 'bar' does not match start tag"]
        );
    }

    #[test]
    fn children_of_an_unclosed_opener_belong_to_its_parent() {
        // `{{% /note %}}` closes `note` and leaves `quote` unclosed: the image is note's.
        let t = "{{% note %}}{{< quote >}}{{< image link=\"a.png\" >}}{{% /note %}}{{< /quote >}}";
        let lexed = scan(t, 0, Catalogue::builtin());
        let image = lexed.shortcodes.iter().find(|s| s.name == "image").unwrap();
        assert_eq!(image.parent, Some(0));
        // Unclosed at the end of the file: top level.
        let t = "{{< quote >}}{{< image link=\"a.png\" >}}";
        let lexed = scan(t, 0, Catalogue::builtin());
        assert_eq!(lexed.shortcodes[1].parent, None);
    }

    #[test]
    fn pairing_builds_a_tree() {
        let t = "{{< tabs >}}{{< tab \"a\" >}}A {{< ver >}}{{< /tab >}}{{% tab \"b\" %}}B{{% /tab %}}{{< /tabs >}}";
        let l = scan_str(t);
        assert!(l.problems.is_empty(), "{:?}", l.problems);
        let tree: Vec<_> = l
            .shortcodes
            .iter()
            .map(|s| (s.name.as_str(), s.parent, s.close.is_some()))
            .collect();
        assert_eq!(
            tree,
            [
                ("tabs", None, true),
                ("tab", Some(0), true),
                ("ver", Some(1), false),
                ("tab", Some(0), true)
            ]
        );
        assert_eq!(&t[l.shortcodes[1].inner().unwrap()], "A {{< ver >}}");
        // Mixed notations pair.
        let l = scan_str("{{< note >}}x{{% /note %}}");
        assert!(l.problems.is_empty() && l.shortcodes[0].close.is_some());
        // A closing tag must name a shortcode as it was written: Hugo's lexer compares the
        // case. One report, and the shortcode it was meant to close is not reported again.
        let l = scan_str("{{< Note >}}x{{% /note %}}");
        let m: Vec<_> = l.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            m,
            ["closing tag for shortcode 'note' does not match start tag"]
        );
        assert!(l.shortcodes[0].close.is_some());
        // A self-closed paired shortcode has no inner.
        let l = scan_str("{{< highlight go />}}");
        assert!(l.problems.is_empty() && l.shortcodes[0].self_closed);
    }

    #[test]
    fn a_value_without_a_parameter_is_read_and_dropped() {
        // Hugo's lexer reads `="cni"` as a value; with no parameter before it, the template
        // gets no parameter at all.
        let l = scan_str("{{< gloss=\"cni\" >}}CNI{{< /gloss >}}");
        assert!(l.problems.is_empty(), "{:?}", l.problems);
        assert_eq!(l.shortcodes[0].name, "gloss");
        assert!(l.shortcodes[0].params.is_empty());
        // After a parameter, even across blanks, it makes that parameter named.
        let l = scan_str("{{< x a = \"b\" >}}");
        assert_eq!(l.shortcodes[0].param("a").unwrap().value, "b");
        let l = scan_str("{{< x \"a\" =`b` >}}");
        assert_eq!(l.shortcodes[0].param("a").unwrap().value, "b");
    }

    #[test]
    fn characters_as_go_classifies_them() {
        // A decimal digit of another script is a digit; a superscript or Roman numeral is not.
        assert!(scan_str("{{< x a٣ >}}").problems.is_empty());
        for t in ["{{< x a² >}}", "{{< x Ⅻ >}}"] {
            assert!(
                messages(t)[0].starts_with("unrecognized character in shortcode action"),
                "{t}"
            );
        }
        // `\"` inside a quoted value is an escaped quote (Hugo does not pair backslashes), and
        // every backslash goes.
        let l = scan_str(r#"{{< x "a\\" b" >}}"#);
        assert_eq!(l.shortcodes[0].positional(0).unwrap().value, "a\" b");
        // A name may hold `/`: `{{< x/>}}` is the shortcode `x/`.
        assert_eq!(scan_str("{{< x/>}}").shortcodes[0].name, "x/");
    }

    #[test]
    fn a_closing_tag_closes_the_innermost_open_shortcode_whatever_its_name() {
        let t = "{{% lead %}}a{{% /lead %}}\n{{% section %}}\n{{< ver >}}\n{{% /lead %}}\nafter";
        let l = scan_str(t);
        assert_eq!(l.problems.len(), 1, "{:?}", l.problems);
        assert!(l.problems[0].build_ok);
        assert_eq!(
            l.problems[0].message,
            "closing tag for shortcode 'lead' closes 'section'"
        );
        let section = &l.shortcodes[1];
        assert!(section.close.is_some());
        assert_eq!(
            l.shortcodes[2].parent,
            Some(1),
            "`ver` is inside the section now"
        );
    }

    #[test]
    fn unclosed_inner_shortcode_is_reported_and_the_outer_still_pairs() {
        let l = scan_str("{{< details >}}{{< highlight go >}}code{{< /details >}}");
        let m: Vec<_> = l.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(m, ["shortcode \"highlight\" must be closed or self-closed"]);
        assert!(l.shortcodes[0].close.is_some());
    }

    #[test]
    fn every_error_in_one_run_without_cascades() {
        let t =
            "{{< a http://x >}}\n\n{{< b \"unterminated >}}\n\nok {{< c >}}\n\n{{< d x=1 y >}}\n";
        assert_eq!(messages(t).len(), 3, "{:?}", messages(t));
        let l = scan_str(t);
        assert_eq!(
            l.shortcodes
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>(),
            ["c"]
        );
    }

    #[test]
    fn shortcodes_in_code_are_shortcodes() {
        let l = scan_str("```\n{{< x >}}\n```\n`{{< y >}}`\n    {{< z >}}\n");
        assert_eq!(l.shortcodes.len(), 3);
    }

    #[test]
    fn deep_nesting_and_garbage_do_not_overflow() {
        let t = format!(
            "{}x{}",
            "{{< a >}}".repeat(20_000),
            "{{< /a >}}".repeat(20_000)
        );
        let l = scan_str(&t);
        assert!(l.problems.is_empty());
        assert_eq!(l.shortcodes.len(), 20_000);
        assert_eq!(l.shortcodes[19_999].parent, Some(19_998));
        for s in [
            "{{<",
            "{{%",
            "{{< é",
            "{{< a=",
            "{{< a b=\"",
            "{{< /",
            "{{< a /",
            "{{<\u{0}>}}",
            "{{< 图 >}}",
        ] {
            let _ = scan_str(s);
        }
        assert!(scan_str("{{< 图 >}}").problems.is_empty());
    }
}
