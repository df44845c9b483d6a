//! What a template does with what it is given, without running it: an abstract evaluation of a
//! parsed template ([`super::go_template`]) that follows values — a shortcode's params and inner
//! text, a render hook's destination — through variables, `with`, `or`/`default`, lookups
//! (`GetPage`, `Resources.Get`, `resources.Get`), Markdown rendering and the partials it calls,
//! and writes a *skeleton* of the output: the template's text, with each value it prints as a
//! marker. [`super::shortcode`] and [`super::hook`] read their facts from the skeleton.
//!
//! Both branches of a condition are taken (the skeleton holds every possibility), except where
//! the condition is known (a key missing from a `dict`, `false`) or picks one destination
//! (`if eq .Destination "g"`: recorded, and that branch is left alone).

use std::sync::Arc;

use super::go_template::{Arg, Node, Pipe, Template};
use super::html::{MARK_CLOSE, MARK_OPEN};

/// How a looked-up thing was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lookup {
    /// `GetPage`.
    Page,
    /// `.Page.Resources.Get`.
    PageResource,
    /// `.Page.CurrentSection.Resources.Get`.
    SectionResource,
    /// `resources.Get` (`assets/`).
    Global,
}

/// A value as far as the evaluation follows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// The template's context (`.` at the top, `$`).
    Ctx,
    /// A page (`.Page`, `.PageInner`).
    Page,
    /// A page's section (`.Page.CurrentSection`).
    Section,
    /// A page's resources (`.Page.Resources`), or its section's.
    Resources(Lookup),
    /// `.Params` of the context.
    Params,
    /// A shortcode param as given: a name, or the position as digits.
    Param(String),
    /// `.Inner` / `.InnerDeindent`.
    Inner,
    /// A render hook's `.Destination` (or a part of it: the path, the whole parsed URL).
    Dest,
    /// A heading render hook's `.Anchor` (also `.Attributes.id`): the ID goldmark gave the
    /// heading.
    Anchor,
    /// A heading render hook's `.Attributes`.
    HeadingAttrs,
    /// A key of a heading hook's `.Attributes` ranged over (all of them: no condition in the
    /// loop). With its value, printed in a tag: the heading's attributes, its `id` among them
    /// (goldmark puts the ID there).
    HeadingAttrKey,
    /// A value of a heading hook's `.Attributes` ranged over (see [`Val::HeadingAttrKey`]).
    HeadingAttrValue,
    /// A heading render hook's `.Text`: the heading's own rendered content.
    HeadingText,
    /// A heading render hook's `.Level` (a number).
    HeadingLevel,
    /// `urls.Parse x`.
    Parsed(Box<Val>),
    Lit(String),
    /// Nothing: a key missing from a dict, `nil`, `false`.
    Nil,
    /// `x` rendered as Markdown (`markdownify`, `RenderString`): HTML.
    Markdown(Box<Val>),
    /// `x` shown as highlighted code: HTML.
    Code(Box<Val>),
    /// `x` printed unescaped (`safeHTML`).
    Html(Box<Val>),
    /// A page or resource looked up by `x`.
    Found(Lookup, Box<Val>),
    /// The URL of a page or resource looked up by `x` (`.RelPermalink`).
    Url(Lookup, Box<Val>),
    /// `x` changed in a way not followed (`relURL`, `replace`, `printf` …).
    Changed(Box<Val>),
    /// `anchorize x`, `urlize x`.
    Anchorized(Box<Val>),
    /// `i18n x`.
    I18n(Box<Val>),
    Dict(Vec<(String, Vec<Val>)>),
    /// Text or data not followed (escaped when printed).
    Unknown,
    /// HTML hugolint cannot see (`.Content`, a partial not on disk, …).
    UnknownHtml,
    /// The output of a partial (its skeleton, kept aside): spliced where it is printed.
    Rendered(usize),
    /// Text of which only the start is known (`printf "tabset-%d" …`).
    Prefixed(String),
    /// `x`, set only for destinations that start (or, `false`, do not start) with a prefix
    /// (assigned under `if hasPrefix .Destination "/"`).
    Under(String, bool, Box<Val>),
}

impl Val {
    /// Whether `self` is, or is made from, `what`.
    pub fn derives_from(&self, what: &dyn Fn(&Val) -> bool) -> bool {
        if what(self) {
            return true;
        }
        match self {
            Val::Parsed(x)
            | Val::Markdown(x)
            | Val::Code(x)
            | Val::Html(x)
            | Val::Found(_, x)
            | Val::Url(_, x)
            | Val::Changed(x)
            | Val::Anchorized(x)
            | Val::I18n(x)
            | Val::Under(_, _, x) => x.derives_from(what),
            Val::Dict(entries) => entries
                .iter()
                .any(|(_, v)| v.iter().any(|v| v.derives_from(what))),
            _ => false,
        }
    }

    fn boxed(self) -> Box<Val> {
        Box::new(self)
    }
}

/// The possible values of an expression (several after `or`, branches, assignments).
pub type Vals = Vec<Val>;

/// The most possibilities kept for one expression; more are [`Val::Unknown`].
const MAX_VALS: usize = 12;
/// How deep partials and `template` calls are followed.
const MAX_DEPTH: usize = 12;
/// One printed value.
#[derive(Debug, Clone)]
pub struct Out {
    pub vals: Vals,
    /// Params whose presence the output depends on (`{{ with .Get "lang" }}`).
    pub when_params: Vec<String>,
}

/// The result of evaluating a template.
#[derive(Debug, Default)]
pub struct Evaluated {
    pub skeleton: String,
    pub outs: Vec<Out>,
    /// Destinations a hook treats apart (`if eq .Destination "g"`).
    pub special_dests: Vec<String>,
    /// A partial or template that was called but not found, or a template not read whole.
    pub incomplete: bool,
    /// Values the template returned (a partial's `return`).
    pub returned: Vals,
}

/// Where partials come from: `partial "x"` → the parsed `_partials/x`, if any.
pub trait Partials {
    fn partial(&self, name: &str) -> Option<Arc<Template>>;
}

struct Scope {
    vars: Vec<(String, Vals)>,
}

struct Eval<'a> {
    partials: &'a dyn Partials,
    out: Evaluated,
    /// The templates being evaluated (for `template` calls: the file's defines).
    files: Vec<Arc<Template>>,
    depth: usize,
    when: Vec<String>,
    /// Returned values of the partial being evaluated.
    returned: Vec<Vals>,
    /// The outputs of partials called ([`Val::Rendered`]).
    rendered: Vec<String>,
    /// The destination's shape the current branch depends on (`hasPrefix .Destination "/"`).
    dest_cond: Vec<(String, bool)>,
}

/// Evaluate `t` with `dot` as its context.
pub fn evaluate(t: &Arc<Template>, dot: Vals, partials: &dyn Partials) -> Evaluated {
    let mut e = Eval {
        partials,
        out: Evaluated::default(),
        files: vec![t.clone()],
        depth: 0,
        when: Vec::new(),
        returned: vec![Vec::new()],
        rendered: Vec::new(),
        dest_cond: Vec::new(),
    };
    if !t.ok {
        e.out.incomplete = true;
    }
    let mut scopes = vec![Scope {
        vars: vec![("$".into(), dot.clone())],
    }];
    e.list(&t.main, &mut scopes, &dot);
    e.out.returned = e.returned.pop().unwrap_or_default();
    e.out
}

/// `v` with a wrapper directly inside the same wrapper removed (`Changed(Changed(x))` is
/// `Changed(x)`; code made of code is code): what the facts read is the same, and values stay
/// small however many assignments a long template makes.
fn norm(v: Val) -> Val {
    match v {
        Val::Changed(x) => match *x {
            c @ (Val::Changed(_) | Val::Code(_) | Val::Lit(_) | Val::Nil | Val::Unknown) => c,
            other => Val::Changed(Box::new(other)),
        },
        Val::Code(x) => match *x {
            Val::Code(y) | Val::Changed(y) => norm(Val::Code(y)),
            other => Val::Code(Box::new(other)),
        },
        Val::Html(x) => match *x {
            h @ Val::Html(_) => h,
            other => Val::Html(Box::new(other)),
        },
        Val::Markdown(x) => match *x {
            m @ Val::Markdown(_) => m,
            other => Val::Markdown(Box::new(other)),
        },
        other => other,
    }
}

fn union(into: &mut Vals, more: impl IntoIterator<Item = Val>) {
    for v in more {
        let v = norm(v);
        if into.len() >= MAX_VALS {
            into.clear();
            into.push(Val::Unknown);
            return;
        }
        if !into.contains(&v) {
            into.push(v);
        }
    }
}

/// Whether `nodes` hold a condition or a loop exit: what they print may be skipped.
fn branches(nodes: &[Node]) -> bool {
    nodes.iter().any(|n| match n {
        Node::If { .. } | Node::With { .. } | Node::Break | Node::Continue => true,
        Node::Range { body, els, .. } => branches(body) || branches(els),
        Node::Text(_) | Node::Action(_) | Node::Template { .. } => false,
    })
}

fn one(v: Val) -> Vals {
    vec![v]
}

fn map(vals: &Vals, f: impl Fn(&Val) -> Val) -> Vals {
    let mut out = Vec::new();
    union(&mut out, vals.iter().map(f));
    out
}

fn lookup_var<'s>(scopes: &'s [Scope], name: &str) -> Option<&'s Vals> {
    scopes
        .iter()
        .rev()
        .find_map(|s| s.vars.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v))
}

impl Eval<'_> {
    fn list(&mut self, nodes: &[Node], scopes: &mut Vec<Scope>, dot: &Vals) {
        for n in nodes {
            self.node(n, scopes, dot);
        }
    }

    fn print(&mut self, vals: Vals) {
        if let [Val::Rendered(r)] = vals.as_slice() {
            let piece = self.rendered[*r].clone();
            self.out.skeleton.push_str(&piece);
            return;
        }
        let vals = self.flatten(vals);
        let i = self.out.outs.len();
        self.out.outs.push(Out {
            vals,
            when_params: self.when.clone(),
        });
        self.out.skeleton.push(MARK_OPEN);
        self.out.skeleton.push_str(&i.to_string());
        self.out.skeleton.push(MARK_CLOSE);
    }

    fn node(&mut self, n: &Node, scopes: &mut Vec<Scope>, dot: &Vals) {
        match n {
            Node::Text(t) => self.out.skeleton.push_str(t),
            Node::Action(p) => {
                let vals = self.pipe(p, scopes, dot);
                if p.decl.is_empty() {
                    self.print(vals);
                }
            }
            Node::If { cond, then, els } => {
                if let Some(lit) = self.special_dest(cond, scopes, dot) {
                    self.out.special_dests.push(lit);
                    self.branch(els, scopes, dot, None);
                    return;
                }
                let shape = self.dest_shape(cond, scopes, dot);
                let c = self.pipe(cond, scopes, dot);
                // A flag set only for one shape of destination (`if $resolve`).
                let shape = shape.or_else(|| flag_shape(&c));
                let known = known_truth(&c);
                let when = when_param(&c);
                if known != Some(false) {
                    if let Some(s) = &shape {
                        self.dest_cond.push(s.clone());
                    }
                    self.branch(then, scopes, dot, when);
                    if shape.is_some() {
                        self.dest_cond.pop();
                    }
                }
                if known != Some(true) {
                    if let Some((p, b)) = &shape {
                        self.dest_cond.push((p.clone(), !b));
                    }
                    self.branch(els, scopes, dot, None);
                    if shape.is_some() {
                        self.dest_cond.pop();
                    }
                }
            }
            Node::With { pipe, then, els } => {
                let c = self.pipe(pipe, scopes, dot);
                let known = known_truth(&c);
                let when = when_param(&c);
                if known != Some(false) {
                    let inner: Vals = c.iter().filter(|v| **v != Val::Nil).cloned().collect();
                    let inner = if inner.is_empty() {
                        one(Val::Unknown)
                    } else {
                        inner
                    };
                    self.scoped(then, scopes, &inner, when, Vec::new());
                }
                if known != Some(true) {
                    self.branch(els, scopes, dot, None);
                }
            }
            Node::Range { pipe, body, els } => {
                let over = self.pipe_value(pipe, scopes, dot);
                // The elements: a dict's values, else not followed.
                // A heading's attributes printed in a loop that may skip some (a condition, a
                // `break`) are not known to hold its `id`.
                let all_attrs = over.contains(&Val::HeadingAttrs) && !branches(body);
                let mut elems = Vec::new();
                for v in &over {
                    match v {
                        Val::HeadingAttrs if all_attrs => {
                            union(&mut elems, [Val::HeadingAttrValue])
                        }
                        Val::Dict(entries) => {
                            for (_, vs) in entries {
                                union(&mut elems, vs.iter().cloned());
                            }
                        }
                        // An element of something made from a followed value is made from it.
                        v if v.derives_from(&|x| {
                            matches!(x, Val::Param(_) | Val::Inner | Val::Dest | Val::Anchor)
                        }) =>
                        {
                            union(&mut elems, [Val::Changed(Box::new(v.clone()))])
                        }
                        _ => union(&mut elems, [Val::Unknown]),
                    }
                }
                let vars = match pipe.decl.as_slice() {
                    [v] => vec![(v.clone(), elems.clone())],
                    [k, v] => {
                        let key = if all_attrs {
                            one(Val::HeadingAttrKey)
                        } else {
                            one(Val::Unknown)
                        };
                        vec![(k.clone(), key), (v.clone(), elems.clone())]
                    }
                    _ => Vec::new(),
                };
                self.scoped(body, scopes, &elems, None, vars);
                self.branch(els, scopes, dot, None);
            }
            Node::Template { name, arg } => {
                let arg = match arg {
                    Some(p) => self.pipe(p, scopes, dot),
                    None => one(Val::Nil),
                };
                let define = self
                    .files
                    .iter()
                    .rev()
                    .find_map(|f| f.defines.get(name).map(|body| (f.clone(), body.clone())));
                match define {
                    Some((file, body)) if self.depth < MAX_DEPTH => {
                        self.depth += 1;
                        self.files.push(file);
                        let mut inner = vec![Scope {
                            vars: vec![("$".into(), arg.clone())],
                        }];
                        self.list(&body, &mut inner, &arg);
                        self.files.pop();
                        self.depth -= 1;
                    }
                    _ => {
                        let v = self.call_partial(name, arg);
                        self.print(v);
                    }
                }
            }
            Node::Break | Node::Continue => {}
        }
    }

    fn branch(
        &mut self,
        nodes: &[Node],
        scopes: &mut Vec<Scope>,
        dot: &Vals,
        when: Option<String>,
    ) {
        self.scoped(nodes, scopes, dot, when, Vec::new());
    }

    /// Evaluate `nodes` in a scope of their own with `dot`, under the param condition `when`.
    fn scoped(
        &mut self,
        nodes: &[Node],
        scopes: &mut Vec<Scope>,
        dot: &Vals,
        when: Option<String>,
        vars: Vec<(String, Vals)>,
    ) {
        if nodes.is_empty() {
            return;
        }
        scopes.push(Scope { vars });
        if let Some(w) = &when {
            self.when.push(w.clone());
        }
        self.list(nodes, scopes, dot);
        if when.is_some() {
            self.when.pop();
        }
        // Assignments (`=`) inside the scope reach the variables outside it: keep them.
        let inner = scopes.pop().expect("pushed");
        for (name, vals) in inner.vars.into_iter().filter(|(n, _)| n.starts_with('=')) {
            let name = &name[1..];
            if let Some(slot) = scopes
                .iter_mut()
                .rev()
                .find_map(|s| s.vars.iter_mut().rev().find(|(n, _)| n == name))
            {
                union(&mut slot.1, vals);
            }
        }
    }

    /// `if hasPrefix <destination> "p"` (and `not` of it): the prefix, and whether the branch
    /// is taken for destinations that start with it.
    fn dest_shape(
        &mut self,
        cond: &Pipe,
        scopes: &mut Vec<Scope>,
        dot: &Vals,
    ) -> Option<(String, bool)> {
        let [cmd] = cond.cmds.as_slice() else {
            return None;
        };
        match cmd.args.as_slice() {
            [Arg::Ident(f), Arg::Sub(inner, fields)] if f == &["not"] && fields.is_empty() => {
                self.dest_shape(inner, scopes, dot).map(|(p, b)| (p, !b))
            }
            [Arg::Ident(f), a, Arg::Str(prefix)]
                if f == &["hasPrefix"] || f == &["strings", "HasPrefix"] =>
            {
                let a = self.arg(a, scopes, dot);
                let is_dest = !a.is_empty()
                    && a.iter().all(|x| match x {
                        Val::Dest => true,
                        Val::Parsed(y) => **y == Val::Dest,
                        _ => false,
                    });
                is_dest.then(|| (prefix.clone(), true))
            }
            _ => None,
        }
    }

    /// `if eq <destination> "literal"` (either order): the literal.
    fn special_dest(&mut self, cond: &Pipe, scopes: &mut Vec<Scope>, dot: &Vals) -> Option<String> {
        let [cmd] = cond.cmds.as_slice() else {
            return None;
        };
        let [Arg::Ident(f), a, b] = cmd.args.as_slice() else {
            return None;
        };
        if f != &["eq"] {
            return None;
        }
        let a = self.arg(a, scopes, dot);
        let b = self.arg(b, scopes, dot);
        let is_dest = |v: &Vals| {
            !v.is_empty()
                && v.iter().all(|x| match x {
                    Val::Dest => true,
                    Val::Parsed(y) => **y == Val::Dest,
                    _ => false,
                })
        };
        match (a.as_slice(), b.as_slice()) {
            ([Val::Lit(l)], _) if is_dest(&b) => Some(l.clone()),
            (_, [Val::Lit(l)]) if is_dest(&a) => Some(l.clone()),
            _ => None,
        }
    }

    /// A pipeline's value, with its declarations made.
    fn pipe(&mut self, p: &Pipe, scopes: &mut Vec<Scope>, dot: &Vals) -> Vals {
        let mut v = self.pipe_value(p, scopes, dot);
        if !p.decl.is_empty()
            && let Some((prefix, starts)) = self.dest_cond.last()
        {
            // Set only for destinations of that shape.
            v = v
                .into_iter()
                .map(|x| match x {
                    Val::Under(..) | Val::Nil => x,
                    other => Val::Under(prefix.clone(), *starts, Box::new(other)),
                })
                .collect();
        }
        if !p.decl.is_empty() {
            for name in &p.decl {
                let here = scopes
                    .last()
                    .is_some_and(|s| s.vars.iter().any(|(n, _)| n == name));
                if !p.assign {
                    scopes
                        .last_mut()
                        .expect("a scope")
                        .vars
                        .push((name.clone(), v.clone()));
                } else if here {
                    let marked = format!("={name}");
                    for slot in scopes
                        .last_mut()
                        .expect("a scope")
                        .vars
                        .iter_mut()
                        .filter(|(n, _)| n == name || *n == marked)
                    {
                        union(&mut slot.1, v.clone());
                    }
                } else {
                    // Recorded as `=name` too, so that the scope's end carries it to the
                    // variable outside.
                    let mut before = lookup_var(scopes, name).cloned().unwrap_or_default();
                    union(&mut before, v.clone());
                    let scope = scopes.last_mut().expect("a scope");
                    scope.vars.push((name.clone(), before.clone()));
                    scope.vars.push((format!("={name}"), before));
                }
            }
        }
        v
    }

    fn pipe_value(&mut self, p: &Pipe, scopes: &mut Vec<Scope>, dot: &Vals) -> Vals {
        let mut piped: Option<Vals> = None;
        for c in &p.cmds {
            piped = Some(self.cmd(&c.args, piped, scopes, dot));
        }
        piped.unwrap_or_else(|| one(Val::Unknown))
    }

    fn arg(&mut self, a: &Arg, scopes: &mut Vec<Scope>, dot: &Vals) -> Vals {
        match a {
            Arg::Field(f) => access(dot, f),
            Arg::Var(n, f) => {
                let base = lookup_var(scopes, n)
                    .cloned()
                    .unwrap_or_else(|| one(Val::Unknown));
                access(&base, f)
            }
            Arg::Str(s) => one(Val::Lit(s.clone())),
            Arg::Literal(l) => match l.as_str() {
                "nil" | "false" => one(Val::Nil),
                other => one(Val::Lit(other.to_string())),
            },
            Arg::Sub(p, f) => {
                let v = self.pipe_value(p, scopes, dot);
                access(&v, f)
            }
            Arg::Ident(parts) => self.call(parts, &[], None, scopes, dot),
        }
    }

    /// One command: a function call, a method call or a value.
    fn cmd(
        &mut self,
        args: &[Arg],
        piped: Option<Vals>,
        scopes: &mut Vec<Scope>,
        dot: &Vals,
    ) -> Vals {
        let Some(first) = args.first() else {
            return piped.unwrap_or_else(|| one(Val::Unknown));
        };
        let rest = &args[1..];
        match first {
            Arg::Ident(parts) => self.call(parts, rest, piped, scopes, dot),
            // A method: `.Get "x"`, `$.Page.RenderString .Inner`, `.Resources.Get $p`.
            Arg::Field(f) | Arg::Var(_, f)
                if !f.is_empty() && (!rest.is_empty() || piped.is_some()) =>
            {
                let base = match first {
                    Arg::Field(_) => dot.clone(),
                    Arg::Var(n, _) => lookup_var(scopes, n)
                        .cloned()
                        .unwrap_or_else(|| one(Val::Unknown)),
                    _ => unreachable!(),
                };
                let receiver = access(&base, &f[..f.len() - 1]);
                let method = f[f.len() - 1].as_str();
                let mut argv: Vec<Vals> = rest.iter().map(|a| self.arg(a, scopes, dot)).collect();
                argv.extend(piped);
                let argv: Vec<Vals> = argv.into_iter().map(|a| self.flatten(a)).collect();
                method_call(&receiver, method, &argv)
            }
            _ if rest.is_empty() => {
                let v = self.arg(first, scopes, dot);
                match piped {
                    // A value cannot take a piped argument: not followed.
                    Some(_) => one(Val::Unknown),
                    None => v,
                }
            }
            _ => one(Val::Unknown),
        }
    }

    fn call(
        &mut self,
        parts: &[String],
        args: &[Arg],
        piped: Option<Vals>,
        scopes: &mut Vec<Scope>,
        dot: &Vals,
    ) -> Vals {
        let name = parts.join(".");
        // `partial "name" ctx`: followed.
        if matches!(
            name.as_str(),
            "partial" | "partialCached" | "partials.Include" | "partials.IncludeCached"
        ) {
            let mut argv: Vec<Vals> = args.iter().map(|a| self.arg(a, scopes, dot)).collect();
            argv.extend(piped);
            let Some([Val::Lit(pname)]) = argv.first().map(Vec::as_slice) else {
                self.out.incomplete = true;
                return one(Val::UnknownHtml);
            };
            let pname = pname.clone();
            let ctx = argv.get(1).cloned().unwrap_or_else(|| one(Val::Nil));
            return self.call_partial(&pname, ctx);
        }
        let mut argv: Vec<Vals> = args.iter().map(|a| self.arg(a, scopes, dot)).collect();
        argv.extend(piped);
        let argv: Vec<Vals> = argv.into_iter().map(|a| self.flatten(a)).collect();
        // Fields chained on a namespaced call's result are not followed (`(x).Y` is a Sub).
        function(&name, &argv, &mut self.returned)
    }

    /// Evaluate a partial (its output goes where it is called) and give what it returns.
    fn call_partial(&mut self, name: &str, ctx: Vals) -> Vals {
        let found = self.partials.partial(name).or_else(|| {
            // `template "_partials/x.html"`, an inline partial defined in the calling file.
            let key = format!("_partials/{}", name.trim_start_matches("_partials/"));
            self.files.iter().rev().find_map(|f| {
                f.defines
                    .get(&key)
                    .or_else(|| f.defines.get(name))
                    .map(|body| {
                        Arc::new(Template {
                            main: body.clone(),
                            defines: f.defines.clone(),
                            ok: f.ok,
                        })
                    })
            })
        });
        let Some(t) = found else {
            self.out.incomplete = true;
            return one(Val::UnknownHtml);
        };
        if self.depth >= MAX_DEPTH {
            self.out.incomplete = true;
            return one(Val::UnknownHtml);
        }
        if !t.ok {
            self.out.incomplete = true;
        }
        self.depth += 1;
        self.files.push(t.clone());
        self.returned.push(Vec::new());
        let mut scopes = vec![Scope {
            vars: vec![("$".into(), ctx.clone())],
        }];
        let saved_when = std::mem::take(&mut self.when);
        let saved_skeleton = std::mem::take(&mut self.out.skeleton);
        self.list(&t.main, &mut scopes, &ctx);
        let piece = std::mem::replace(&mut self.out.skeleton, saved_skeleton);
        self.when = saved_when;
        let returned = self.returned.pop().unwrap_or_default();
        self.files.pop();
        self.depth -= 1;
        if returned.is_empty() {
            // Its output: spliced where it is printed.
            self.rendered.push(piece);
            one(Val::Rendered(self.rendered.len() - 1))
        } else {
            returned
        }
    }

    /// A partial's output as the values printed in it (for a function that takes it): its
    /// text is lost, HTML in it that may hold an anchor kept as [`Val::UnknownHtml`].
    fn flatten(&self, vals: Vals) -> Vals {
        if !vals.iter().any(|v| matches!(v, Val::Rendered(_))) {
            return vals;
        }
        let mut out = Vec::new();
        for v in vals {
            match v {
                Val::Rendered(i) => {
                    let piece = &self.rendered[i];
                    let literal = super::html::literal(piece);
                    if literal.contains("id=") || literal.contains("name=") {
                        union(&mut out, [Val::UnknownHtml]);
                    }
                    let (ms, _, _) = super::html::markers(piece);
                    let all: Vec<usize> = if ms.is_empty() {
                        Vec::new()
                    } else {
                        all_markers(piece)
                    };
                    for m in all {
                        if let Some(o) = self.out.outs.get(m) {
                            union(&mut out, o.vals.iter().cloned());
                        }
                    }
                    if out.is_empty() {
                        union(&mut out, [Val::Lit(literal.trim().to_string())]);
                    }
                }
                other => union(&mut out, [other]),
            }
        }
        out
    }
}

/// Every marker in `piece`, in order.
fn all_markers(piece: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut rest = piece;
    while let Some(o) = rest.find(MARK_OPEN) {
        let after = &rest[o + MARK_OPEN.len_utf8()..];
        let Some(c) = after.find(MARK_CLOSE) else {
            break;
        };
        if let Ok(i) = after[..c].parse() {
            out.push(i);
        }
        rest = &after[c + MARK_CLOSE.len_utf8()..];
    }
    out
}

/// A condition whose only true values are set for one shape of destination.
fn flag_shape(c: &Vals) -> Option<(String, bool)> {
    let mut shape: Option<(String, bool)> = None;
    for v in c {
        match v {
            Val::Under(p, b, _) => match &shape {
                Some(s) if s.0 != *p || s.1 != *b => return None,
                _ => shape = Some((p.clone(), *b)),
            },
            Val::Nil => {}
            Val::Lit(l) if l.is_empty() || l == "false" || l == "0" => {}
            _ => return None,
        }
    }
    shape
}

/// Whether a condition's value is known to be true or false.
fn known_truth(c: &Vals) -> Option<bool> {
    if c.iter()
        .all(|v| *v == Val::Nil || *v == Val::Lit(String::new()))
    {
        return Some(false);
    }
    if c.iter()
        .all(|v| matches!(v, Val::Lit(s) if !s.is_empty() && s != "0"))
    {
        return Some(true);
    }
    None
}

/// A condition that is the presence of one param (`if .Get "lang"`, `with $lang`).
fn when_param(c: &Vals) -> Option<String> {
    match c.as_slice() {
        [Val::Param(p)] => Some(p.clone()),
        _ => None,
    }
}

/// Field access on each possibility.
fn access(base: &Vals, fields: &[String]) -> Vals {
    let mut cur = base.clone();
    for f in fields {
        let mut next = Vec::new();
        for v in &cur {
            union(&mut next, field(v, f));
        }
        cur = next;
    }
    cur
}

fn field(v: &Val, f: &str) -> Vals {
    if let Val::Under(p, b, x) = v {
        return field(x, f)
            .into_iter()
            .map(|y| match y {
                Val::Nil => y,
                other => Val::Under(p.clone(), *b, Box::new(other)),
            })
            .collect();
    }
    let v = match v {
        Val::Ctx => match f {
            "Inner" | "InnerDeindent" => Val::Inner,
            "Page" | "PageInner" => Val::Page,
            "Destination" => Val::Dest,
            "Anchor" => Val::Anchor,
            "Attributes" => Val::HeadingAttrs,
            "Text" => Val::HeadingText,
            "Level" => Val::HeadingLevel,
            "Params" => Val::Params,
            "Site" => Val::Unknown,
            _ => Val::Unknown,
        },
        Val::Page => match f {
            "Resources" => Val::Resources(Lookup::PageResource),
            "CurrentSection" => Val::Section,
            "Section" | "Parent" | "FirstSection" => Val::Page,
            "Content"
            | "TableOfContents"
            | "Summary"
            | "RenderShortcodes"
            | "ContentWithoutSummary" => Val::UnknownHtml,
            _ => Val::Unknown,
        },
        Val::Section => match f {
            "Resources" => Val::Resources(Lookup::SectionResource),
            _ => Val::Unknown,
        },
        Val::Params => Val::Param(f.to_string()),
        Val::HeadingAttrs => match f {
            "id" => Val::Anchor,
            _ => Val::Unknown,
        },
        Val::Found(k, x) => match f {
            "RelPermalink" | "Permalink" => Val::Url(*k, x.clone()),
            "Resources" if *k == Lookup::Page => Val::Resources(Lookup::PageResource),
            "Content" | "TableOfContents" | "Summary" | "RenderShortcodes" => Val::UnknownHtml,
            _ => Val::Unknown,
        },
        Val::Parsed(x) => match f {
            "String" | "Path" => (**x).clone(),
            _ => Val::Unknown,
        },
        Val::Dict(entries) => {
            return match entries.iter().find(|(k, _)| k == f) {
                Some((_, v)) => v.clone(),
                None => one(Val::Nil),
            };
        }
        Val::Nil => Val::Nil,
        _ => Val::Unknown,
    };
    one(v)
}

/// A method call on each possibility of the receiver.
fn method_call(receiver: &Vals, method: &str, argv: &[Vals]) -> Vals {
    let last = argv.last().cloned().unwrap_or_else(|| one(Val::Unknown));
    let mut out = Vec::new();
    for r in receiver {
        let v: Vals = match (r, method) {
            (Val::Ctx, "Get") => match argv.first().map(Vec::as_slice) {
                Some([Val::Lit(k)]) => one(Val::Param(k.clone())),
                _ => one(Val::Unknown),
            },
            (Val::Params, "Get") => map(&last, |k| match k {
                Val::Lit(k) => Val::Param(k.clone()),
                _ => Val::Unknown,
            }),
            (Val::Ctx | Val::Page, "RenderString") => {
                map(&last, |x| Val::Markdown(x.clone().boxed()))
            }
            (Val::Ctx | Val::Page | Val::Unknown | Val::Found(..), "GetPage") => {
                map(&last, |x| Val::Found(Lookup::Page, x.clone().boxed()))
            }
            (Val::Resources(k), "Get" | "GetMatch") => {
                map(&last, |x| Val::Found(*k, x.clone().boxed()))
            }
            (Val::Page, "Param") => one(Val::Unknown),
            _ => one(Val::Unknown),
        };
        union(&mut out, v);
    }
    // `.Page.CurrentSection.Resources.Get`: the section's resources.
    out
}

/// A function call.
fn function(name: &str, argv: &[Vals], returned: &mut [Vals]) -> Vals {
    let arg = |i: usize| argv.get(i).cloned().unwrap_or_else(|| one(Val::Unknown));
    let last = || argv.last().cloned().unwrap_or_else(|| one(Val::Unknown));
    let all = || {
        let mut u = Vec::new();
        for a in argv {
            union(&mut u, a.iter().cloned());
        }
        u
    };
    match name {
        "markdownify" | "transform.Markdownify" => {
            map(&last(), |x| Val::Markdown(x.clone().boxed()))
        }
        "highlight" | "transform.Highlight" => map(&arg(0), |x| Val::Code(x.clone().boxed())),
        // Escaped: shown as text, never as HTML or Markdown.
        "htmlEscape" | "transform.HTMLEscape" => map(&last(), |x| match x {
            Val::Dest | Val::Url(..) | Val::Parsed(_) => x.clone(),
            other => Val::Code(other.clone().boxed()),
        }),
        "safeHTML" | "safe.HTML" | "emojify" | "transform.Emojify" => {
            map(&last(), |x| Val::Html(x.clone().boxed()))
        }
        // Values that keep what they are.
        "safeURL"
        | "safe.URL"
        | "safeHTMLAttr"
        | "safe.HTMLAttr"
        | "trim"
        | "strings.Trim"
        | "strings.TrimSpace"
        | "chomp"
        | "strings.Chomp"
        | "string"
        | "plainify"
        | "transform.Plainify"
        | "htmlUnescape"
        | "transform.HTMLUnescape"
        | "strings.TrimLeft"
        | "strings.TrimRight"
        | "strings.TrimPrefix"
        | "strings.TrimSuffix"
        | "trimPrefix"
        | "trimSuffix" => last(),
        "print" | "fmt.Print" if argv.len() == 1 => arg(0),
        "or" => all(),
        "and" => last(),
        "default" | "compare.Default" => {
            let mut u = last();
            union(&mut u, arg(0));
            u
        }
        "cond" | "compare.Conditional" => {
            let mut u = arg(1);
            union(&mut u, arg(2));
            u
        }
        "dict" | "collections.Dictionary" => {
            let mut entries = Vec::new();
            for pair in argv.chunks(2) {
                if let ([Val::Lit(k)], Some(v)) = (pair[0].as_slice(), pair.get(1)) {
                    entries.push((k.clone(), v.clone()));
                } else {
                    return one(Val::Unknown);
                }
            }
            one(Val::Dict(entries))
        }
        "merge" | "collections.Merge" => {
            // Later maps win; every entry of every possibility is kept.
            let mut entries: Vec<(String, Vals)> = Vec::new();
            for a in argv {
                for v in a {
                    if let Val::Dict(es) = v {
                        for (k, vs) in es {
                            match entries.iter_mut().find(|(ek, _)| ek == k) {
                                Some(slot) => union(&mut slot.1, vs.iter().cloned()),
                                None => entries.push((k.clone(), vs.clone())),
                            }
                        }
                    }
                }
            }
            one(Val::Dict(entries))
        }
        "urls.Parse" => map(&arg(0), |x| Val::Parsed(x.clone().boxed())),
        "printf" | "fmt.Printf" => {
            let fmt = match argv.first().map(Vec::as_slice) {
                Some([Val::Lit(f)]) => f.clone(),
                _ => return changed(&all()),
            };
            match fmt.as_str() {
                // Re-appending a query or fragment, or printing one value.
                "%s?%s" | "%s#%s" | "%s" | "%v" => arg(1),
                // ` key="value"`: an attribute whose value is the second argument; a heading's
                // attribute keeps its name too.
                f if f.trim() == "%s=%q" => {
                    let mut v = arg(2);
                    if arg(1).contains(&Val::HeadingAttrKey) {
                        union(&mut v, [Val::HeadingAttrKey]);
                    }
                    v
                }
                // Values put inside `<pre>`/`<code>`: shown as code.
                f if f.contains("<pre") || f.contains("<code") => {
                    map(&all(), |x| Val::Code(x.clone().boxed()))
                }
                f => {
                    let mut v = changed(&all());
                    let prefix = &f[..f.find('%').unwrap_or(f.len())];
                    if !prefix.is_empty() && prefix.len() < f.len() {
                        union(&mut v, [Val::Prefixed(prefix.to_string())]);
                    }
                    v
                }
            }
        }
        "i18n" | "T" | "lang.Translate" => map(&arg(0), |x| Val::I18n(x.clone().boxed())),
        "anchorize" | "urls.Anchorize" | "urlize" | "urls.URLize" => {
            map(&arg(0), |x| Val::Anchorized(x.clone().boxed()))
        }
        "resources.Get" | "resources.GetMatch" => {
            map(&last(), |x| Val::Found(Lookup::Global, x.clone().boxed()))
        }
        "site.GetPage" => map(&last(), |x| Val::Found(Lookup::Page, x.clone().boxed())),
        // Messages: they print nothing.
        "errorf" | "warnf" | "erroridf" | "warnidf" | "fmt.Errorf" | "fmt.Warnf"
        | "fmt.Erroridf" | "fmt.Warnidf" | "debug.Dump" => one(Val::Nil),
        "return" => {
            if let Some(r) = returned.last_mut() {
                union(r, last());
            }
            one(Val::Nil)
        }
        // Booleans and numbers: nothing to follow.
        "not" | "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "len" | "hasPrefix" | "hasSuffix"
        | "strings.HasPrefix" | "strings.HasSuffix" | "strings.Contains" | "in" | "isset"
        | "add" | "sub" | "mul" | "div" | "mod" | "int" | "float" | "fileExists"
        | "os.FileExists" | "reflect.IsMap" | "reflect.IsSlice" | "templates.Exists"
        | "hugo.IsDevelopment" | "hugo.IsProduction" | "hugo.Version" | "findRE" | "len.Len"
        | "collections.In" | "math.Add" => {
            if name == "add"
                && argv
                    .iter()
                    .flatten()
                    .any(|v| matches!(v, Val::Lit(s) if s.parse::<f64>().is_err()))
            {
                // `add` on strings concatenates.
                return changed(&all());
            }
            one(Val::Unknown)
        }
        "site.Params" | "site.Title" | "site.Language" | "site.BaseURL" | "site" => {
            one(Val::Unknown)
        }
        "readFile" | "os.ReadFile" => one(Val::Unknown),
        "index" | "collections.Index" => {
            let base = arg(0);
            let key = arg(1);
            let mut out = Vec::new();
            for b in &base {
                let v = match (b, key.as_slice()) {
                    (Val::Params, [Val::Lit(k)]) => one(Val::Param(k.clone())),
                    (Val::Dict(_), [Val::Lit(k)]) => field(b, k),
                    _ => one(Val::Unknown),
                };
                union(&mut out, v);
            }
            out
        }
        _ => {
            // Anything else made from followed values changes them in a way not followed.
            let followed: Vals = all()
                .into_iter()
                .filter(|v| {
                    v.derives_from(&|x| {
                        matches!(
                            x,
                            Val::Param(_)
                                | Val::Inner
                                | Val::Dest
                                | Val::Anchor
                                | Val::Found(..)
                                | Val::Url(..)
                        )
                    })
                })
                .collect();
            if followed.is_empty() {
                one(Val::Unknown)
            } else {
                changed(&followed)
            }
        }
    }
}

/// Values made from `vals` in a way not followed: literals stay (their text is still there),
/// followed values are [`Val::Changed`].
fn changed(vals: &Vals) -> Vals {
    map(vals, |x| match x {
        Val::Lit(_) | Val::Nil | Val::Unknown => x.clone(),
        other => Val::Changed(other.clone().boxed()),
    })
}

#[cfg(test)]
mod tests {
    use super::super::go_template::parse;
    use super::*;

    struct None_;
    impl Partials for None_ {
        fn partial(&self, _: &str) -> Option<Arc<Template>> {
            None
        }
    }

    fn eval(text: &str) -> Evaluated {
        evaluate(&Arc::new(parse(text)), one(Val::Ctx), &None_)
    }

    #[test]
    fn follows_params_through_variables_and_or() {
        let e = eval(
            r#"{{ $alt := or (.Get "alt") (.Get "title") }}{{ if not $alt }}{{ $alt = .Get "caption" }}{{ end }}<img alt="{{ $alt }}">"#,
        );
        assert_eq!(
            e.outs[0].vals,
            [
                Val::Param("alt".into()),
                Val::Param("title".into()),
                Val::Param("caption".into())
            ]
        );
    }

    #[test]
    fn follows_lookups_and_special_destinations() {
        let e = eval(
            r#"{{ $u := urls.Parse .Destination }}{{ $href := $u.String }}{{ if eq $u.String "g" }}{{ $href = "x" | relURL }}{{ else }}{{ with .PageInner.GetPage $u.Path }}{{ $href = .RelPermalink }}{{ end }}{{ end }}<a href="{{ $href }}">"#,
        );
        assert_eq!(e.special_dests, ["g"]);
        assert_eq!(
            e.outs[0].vals,
            [Val::Dest, Val::Url(Lookup::Page, Box::new(Val::Dest))]
        );
    }

    #[test]
    fn a_missing_dict_key_is_false() {
        let e = eval(
            r#"{{ $d := dict "ctx" . }}{{ if $d.other }}{{ .Destination | relURL }}{{ else }}{{ .Destination }}{{ end }}"#,
        );
        assert_eq!(e.outs.len(), 1);
        assert_eq!(e.outs[0].vals, [Val::Dest]);
    }

    #[test]
    fn a_missing_partial_makes_it_incomplete() {
        let e = eval(r#"{{ partial "nowhere.html" . }}"#);
        assert!(e.incomplete);
        assert_eq!(e.outs[0].vals, [Val::UnknownHtml]);
    }
}
