//! Redirects the site publishes for Netlify, read as Netlify applies them: the `_redirects` file
//! of the published site (from a static folder, or made by a template: an output format whose
//! `baseName` is `_redirects`), then `[[redirects]]` in `netlify.toml`. The first rule whose
//! `from` matches a path wins; `*` at the end of `from` is the splat, `:name` one segment.
//!
//! Read on first need: only when a link resolves to no published URL.

use std::path::{Path, PathBuf};

use crate::site::config::Config;
use crate::site::index::{Index, url_key};

/// A segment of a rule's `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Lit(String),
    /// `:name`, or a value a template action makes (`{{ $lang }}`), with the literal text
    /// around it inside the segment: matches any one segment of that shape.
    Var {
        name: String,
        prefix: String,
        suffix: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    segs: Vec<Seg>,
    /// `from` ends in `/*`.
    splat: bool,
    /// As written (with template actions as markers).
    to: String,
    status: u16,
    /// Applies only under conditions (query parameters, country, language, role, cookie).
    conditional: bool,
    /// Written by a template in a branch whose condition is not read: it may not be published.
    possible: bool,
}

/// Where a rule sends a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redirect {
    /// To `to` (a site path, maybe with `?query` and `#fragment`, or an external URL) with the
    /// HTTP status (200: a rewrite, served at the same URL).
    To { to: String, status: u16 },
    /// A rule matches, but where it leads depends on what is not read (a template's value, a
    /// condition on the visitor).
    Unknown,
}

/// The site's redirect rules, in the order Netlify tries them.
#[derive(Debug, Default)]
pub struct Redirects {
    rules: Vec<Rule>,
    /// Actions of template-made rules, by marker number.
    actions: Vec<String>,
    /// The site's languages: the values a rule made of nothing but a template value may take.
    langs: Vec<String>,
    /// The files the rules were read from.
    pub sources: Vec<PathBuf>,
    /// Rule files there but not readable (a FIFO, no permission): any URL may be served by
    /// them, so none is called broken for want of a rule.
    pub unreadable: Vec<PathBuf>,
}

/// A rule file's text; an unreadable one (there, but a FIFO, too large, forbidden) is noted.
fn read_rules(file: &Path, unreadable: &mut Vec<PathBuf>) -> Option<String> {
    match crate::site::bounded::read_to_string(file, crate::site::bounded::CONFIG) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(_) => {
            unreadable.push(file.to_path_buf());
            None
        }
    }
}

const OPEN: char = '\u{1}';
const CLOSE: char = '\u{2}';
/// Starts a line standing for a `range` over a front matter list (the key follows).
const LIST: char = '\u{3}';
/// Marks text written in a branch whose condition is not decided (`{{ if .Site.Params.x }}`): a
/// line holding it may or may not be in the published file.
const MAYBE: char = '\u{4}';

impl Redirects {
    /// Every rule the site publishes: `_redirects` (a template's, else the static folders'),
    /// then `netlify.toml` (the site root's, or a parent's up to the repository root).
    pub fn read(root: &Path, config: &Config, index: Option<&Index>) -> Redirects {
        let mut r = Redirects {
            langs: config.languages.clone(),
            ..Redirects::default()
        };
        match template(config) {
            Some((file, text)) => {
                r.sources.push(file);
                r.add_template(&text, &config.layouts, index);
            }
            None => {
                for m in config.statics.iter().filter(|m| m.present) {
                    let file = if m.target.is_empty() {
                        m.source.join("_redirects")
                    } else if m.target == "_redirects" {
                        m.source.clone()
                    } else {
                        continue;
                    };
                    if let Some(text) = read_rules(&file, &mut r.unreadable) {
                        r.add_text(&text);
                        r.sources.push(file);
                    }
                }
            }
        }
        let mut dir = Some(root);
        for _ in 0..6 {
            let Some(d) = dir else { break };
            let file = d.join("netlify.toml");
            if let Some(text) = read_rules(&file, &mut r.unreadable) {
                r.add_toml(&text);
                r.sources.push(file);
                break;
            }
            if d.join(".git").exists() {
                break;
            }
            dir = d.parent();
        }
        r
    }

    /// Rules from `_redirects` text: one a line, `from [query=…] to [status[!]] [conditions]`.
    fn add_text(&mut self, text: &str) {
        self.rules.extend(text.lines().filter_map(parse_line));
    }

    fn add_toml(&mut self, text: &str) {
        let Ok(v) = toml::from_str::<toml::Value>(text) else {
            return;
        };
        let Some(list) = v.get("redirects").and_then(toml::Value::as_array) else {
            return;
        };
        for item in list {
            let field = |k: &str| item.get(k).and_then(toml::Value::as_str);
            let (Some(from), Some(to)) = (field("from"), field("to")) else {
                continue;
            };
            let status = item
                .get("status")
                .and_then(toml::Value::as_integer)
                .and_then(|s| u16::try_from(s).ok())
                .unwrap_or(301);
            let conditional = ["conditions", "query", "headers", "signed"]
                .iter()
                .any(|k| item.get(k).is_some());
            if let Some(mut rule) = rule_of(from, to, status) {
                rule.conditional |= conditional;
                self.rules.push(rule);
            }
        }
    }

    /// A template that makes `_redirects`: its literal lines are rules (a template action in a
    /// line's `from` matches any segment, and stands for that segment in its `to`); a `range`
    /// over a front matter list of `{from, to}` maps makes a rule of each page's entries, a
    /// relative path joined onto the page's URL when the template writes `RelPermalink`.
    fn add_template(&mut self, text: &str, layouts: &[PathBuf], index: Option<&Index>) {
        let mut actions = Vec::new();
        let partial = |name: &str| partial_text(layouts, name);
        let flat = flatten(text, &mut actions, &partial, 0);
        let relative = actions.iter().any(|a| a.contains("RelPermalink"));
        let from_to = actions.iter().any(|a| a.contains(".from"))
            && actions.iter().any(|a| a.contains(".to"));
        for line in flat.lines() {
            // A line written (in part) under a condition not decided may be a rule: one that
            // matches is taken to lead where it cannot be known.
            let possible = line.contains(MAYBE);
            let line = line.replace(MAYBE, "");
            let line = line.trim();
            let first = self.rules.len();
            if let Some(key) = line.strip_prefix(LIST) {
                if from_to && let Some(index) = index {
                    self.add_front_matter(key, relative, index);
                }
            } else if let Some(rule) = parse_line(line) {
                self.rules.push(rule);
            }
            if possible {
                for rule in &mut self.rules[first..] {
                    rule.possible = true;
                }
            }
        }
        self.actions = actions;
    }

    /// The rules a `range` over the front matter list `key` of every page makes.
    fn add_front_matter(&mut self, key: &str, relative: bool, index: &Index) {
        for page in &index.pages {
            let Some(url) = &page.url else { continue };
            for ft in page.meta.from_to.iter().filter(|f| f.key == key) {
                let join = |p: &str| -> Option<String> {
                    if p.starts_with('/') || p.contains("://") {
                        Some(p.to_string())
                    } else if relative {
                        Some(format!("{url}{p}"))
                    } else {
                        None
                    }
                };
                if let (Some(from), Some(to)) = (join(&ft.from), join(&ft.to))
                    && let Some(rule) = parse_line(&format!("{from} {to}"))
                {
                    self.rules.push(rule);
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.unreadable.is_empty()
    }

    /// Where the rules may send a URL key (see [`url_key`]): the first matching rule's target,
    /// and, while the matching rules are ones a template may not publish, each of them and then
    /// what follows (the last `None`: no rule after them matches). Empty when no rule matches.
    pub fn lookup_all(&self, key: &str) -> Vec<Option<Redirect>> {
        if !self.unreadable.is_empty() {
            return vec![Some(Redirect::Unknown)];
        }
        let segs: Vec<&str> = key.split('/').filter(|s| !s.is_empty()).collect();
        let mut out = Vec::new();
        for rule in &self.rules {
            let Some(bound) = matches(rule, &segs, &self.langs) else {
                continue;
            };
            let to = if rule.conditional {
                Redirect::Unknown
            } else {
                match substitute(&rule.to, &bound, &self.actions) {
                    Some(to) => Redirect::To {
                        to,
                        status: rule.status,
                    },
                    None => Redirect::Unknown,
                }
            };
            out.push(Some(to));
            if !rule.possible {
                return out;
            }
        }
        if !out.is_empty() {
            out.push(None);
        }
        out
    }
}

/// With `disableAliases` Hugo publishes no alias pages, and a site that still serves its aliases
/// writes them into its `_redirects` template. When that template takes them from the pages of
/// its own language (`range .Site.Pages` … `.Aliases`; not `.Site.AllPages` nor `.Sites`), only
/// the root `_redirects` — the default language's home, when that language has no prefix — is
/// read by Netlify: the other languages' homes write theirs under `/<lang>/`, and their aliases
/// are served by nothing. `Some(lang)`: only that language's aliases are served.
pub fn aliases_only_for(config: &Config) -> Option<String> {
    if !config.disable_aliases || config.languages.len() < 2 || config.default_in_subdir {
        return None;
    }
    let (_, text) = template(config)?;
    let mut actions = Vec::new();
    let partial = |name: &str| partial_text(&config.layouts, name);
    flatten(&text, &mut actions, &partial, 0);
    let all = actions.join("\n");
    let own_pages = actions.iter().any(|a| {
        a.starts_with("range")
            && (a.contains(".Site.Pages")
                || a.contains("site.Pages")
                || a.contains(".Site.RegularPages")
                || a.contains("site.RegularPages"))
    });
    let every_language =
        all.contains("AllPages") || all.contains(".Sites") || all.contains("hugo.Sites");
    (all.contains(".Aliases") && own_pages && !every_language).then(|| config.default_lang.clone())
}

/// The `_redirects` template of the site's output formats, and its text.
fn template(config: &Config) -> Option<(PathBuf, String)> {
    for format in &config.redirect_formats {
        for dir in &config.layouts {
            for sub in ["", "_default"] {
                for base in ["index", "home", "list"] {
                    let file = dir.join(sub).join(format!("{base}.{format}"));
                    if let Ok(text) =
                        crate::site::bounded::read_to_string(&file, crate::site::bounded::CONFIG)
                    {
                        return Some((file, text));
                    }
                }
            }
        }
    }
    None
}

fn partials_called(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("partial") {
        let rest = text[i + "partial".len()..].trim_start_matches("Cached");
        let rest = rest.trim_start();
        if let Some(q) = rest.strip_prefix('"')
            && let Some((name, _)) = q.split_once('"')
        {
            out.push(name.to_string());
        }
    }
    out
}

fn partial_text(layouts: &[PathBuf], name: &str) -> Option<String> {
    if name.contains("..") {
        return None;
    }
    layouts.iter().find_map(|d| {
        ["_partials", "partials"].iter().find_map(|p| {
            let file = d.join(p).join(name);
            crate::site::bounded::read_to_string(&file, crate::site::bounded::CONFIG)
                .ok()
                .or_else(|| {
                    crate::site::bounded::read_to_string(
                        &file.with_extension("html"),
                        crate::site::bounded::CONFIG,
                    )
                    .ok()
                })
        })
    })
}

/// A template's text with comments removed, whitespace trimmed where `{{-`/`-}}` say, each
/// action that writes a value replaced by a marker numbering it in `actions`, a partial's text
/// put in its place (read by `partial`), and a `range` over `.Params.<key>` made a line of its
/// own, [`LIST`] and the key.
/// A branch of an `if`/`with` block: written, never written, or not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Branch {
    Taken,
    Skipped,
    Maybe,
}

/// An open block of a template: the branch being read, and whether an earlier branch of it was
/// (or may have been) taken.
struct Block {
    branch: Branch,
    earlier: Branch,
    /// A `range` (or `try`): its `else` (`catch`) may or may not run.
    range: bool,
}

/// How a condition's value is known: only literals are (`true`, `false`, `""`, `0`, `nil`).
fn decide(cond: &str) -> Branch {
    match cond.trim() {
        "true" | "1" => Branch::Taken,
        "false" | "0" | "nil" | "\"\"" | "``" => Branch::Skipped,
        _ => Branch::Maybe,
    }
}

/// What is written now: nothing under a skipped branch, marked text under one not known.
fn emission(blocks: &[Block]) -> Branch {
    if blocks.iter().any(|b| b.branch == Branch::Skipped) {
        Branch::Skipped
    } else if blocks.iter().any(|b| b.branch == Branch::Maybe) {
        Branch::Maybe
    } else {
        Branch::Taken
    }
}

/// Write `text` as the open blocks say.
fn emit(out: &mut String, text: &str, blocks: &[Block]) {
    match emission(blocks) {
        Branch::Taken => out.push_str(text),
        Branch::Skipped => {}
        Branch::Maybe => {
            if text.is_empty() {
                return;
            }
            out.push(MAYBE);
            for c in text.chars() {
                out.push(c);
                if c == '\n' {
                    out.push(MAYBE);
                }
            }
        }
    }
}

/// Track the blocks a control action opens, continues (`else …`) or closes.
fn control(action: &str, blocks: &mut Vec<Block>) {
    let mut words = action.split_whitespace();
    let word = words.next().unwrap_or("");
    let rest = action[word.len()..].trim();
    match word {
        "if" | "with" => {
            let branch = decide(rest);
            blocks.push(Block {
                branch,
                earlier: Branch::Skipped,
                range: false,
            });
        }
        "range" | "define" | "block" | "try" => blocks.push(Block {
            branch: Branch::Taken,
            earlier: Branch::Skipped,
            range: true,
        }),
        "else" | "catch" => {
            let Some(b) = blocks.last_mut() else { return };
            if b.range {
                b.branch = Branch::Maybe;
                return;
            }
            // The branches so far: one taken means the rest never run.
            b.earlier = match (b.earlier, b.branch) {
                (Branch::Taken, _) | (_, Branch::Taken) => Branch::Taken,
                (Branch::Maybe, _) | (_, Branch::Maybe) => Branch::Maybe,
                _ => Branch::Skipped,
            };
            // `else if x`, `else with x`: this branch's own condition.
            let own = match rest.split_whitespace().next() {
                Some("if" | "with") => {
                    decide(rest.split_once(char::is_whitespace).map_or("", |(_, c)| c))
                }
                _ => Branch::Taken,
            };
            b.branch = match (b.earlier, own) {
                (Branch::Taken, _) | (_, Branch::Skipped) => Branch::Skipped,
                (Branch::Maybe, _) | (_, Branch::Maybe) => Branch::Maybe,
                _ => Branch::Taken,
            };
        }
        "end" => {
            blocks.pop();
        }
        _ => {}
    }
}

fn flatten(
    text: &str,
    actions: &mut Vec<String>,
    partial: &dyn Fn(&str) -> Option<String>,
    depth: usize,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut trim_next = false;
    let mut blocks: Vec<Block> = Vec::new();
    while let Some(open) = rest.find("{{") {
        let mut before = &rest[..open];
        if trim_next {
            before = before.trim_start();
        }
        let after = &rest[open + 2..];
        let trim_before = after.starts_with('-');
        if trim_before {
            before = before.trim_end();
        }
        emit(&mut out, before, &blocks);
        let body_start = usize::from(trim_before);
        let body = &after[body_start..];
        let comment = body.trim_start().starts_with("/*");
        let end = if comment {
            body.find("*/")
                .and_then(|c| body[c..].find("}}").map(|e| c + e))
        } else {
            body.find("}}")
        };
        let Some(end) = end else {
            rest = "";
            break;
        };
        let inner = &body[..end];
        trim_next = inner.ends_with('-') && inner[..inner.len() - 1].ends_with(char::is_whitespace);
        let inner = if trim_next {
            &inner[..inner.len() - 1]
        } else {
            inner
        };
        if !comment {
            let action = inner.trim();
            // `$lines := partial "redirects.txt" .`: the partial's lines, kept in a variable
            // that the template prints reformatted (split, padded, sorted), are its rules.
            let called = action.strip_prefix('$').and_then(|a| {
                let (_, value) = a.split_once('=')?;
                let value = value.trim_start();
                value.starts_with("partial").then_some(value)
            });
            if let Some(action) = called.or(action.starts_with("partial").then_some(action)) {
                let mut made = String::from("\n");
                if depth < 8
                    && let Some(name) = partials_called(action).first()
                    && let Some(text) = partial(name)
                {
                    made.push_str(&flatten(&text, actions, partial, depth + 1));
                    made.push('\n');
                }
                emit(&mut out, &made, &blocks);
            } else if let Some(key) = ranged_param(action) {
                emit(&mut out, &format!("\n{LIST}{key}\n"), &blocks);
            } else if writes(action) {
                emit(
                    &mut out,
                    &format!("{OPEN}{}{CLOSE}", actions.len()),
                    &blocks,
                );
            }
            // `range .Params.x` opens a block too.
            control(action, &mut blocks);
            actions.push(inner.trim().to_string());
        }
        rest = &body[end + 2..];
    }
    emit(
        &mut out,
        if trim_next { rest.trim_start() } else { rest },
        &blocks,
    );
    out
}

/// `range $p.Params.redirects` → `redirects`.
fn ranged_param(action: &str) -> Option<String> {
    let rest = action.strip_prefix("range")?;
    let (_, after) = rest.split_once(".Params.")?;
    let key: String = after
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!key.is_empty()).then(|| key.to_lowercase())
}

/// Whether an action writes text: not a control word (`range`, `end`, …) nor an assignment.
fn writes(action: &str) -> bool {
    let word = action.split_whitespace().next().unwrap_or("");
    let control = [
        "if", "else", "end", "range", "with", "define", "block", "break", "continue", "return",
        "try", "catch",
    ];
    if control.contains(&word) {
        return false;
    }
    let mut words = action.split_whitespace();
    let first = words.next().unwrap_or("");
    !(first.starts_with('$') && matches!(words.next(), Some(":=" | "=")))
}

/// One `_redirects` line as a rule; `None` for comments, blank lines and rules that do not match
/// a path of this site (a host's rules, a `from` written by a template action).
fn parse_line(line: &str) -> Option<Rule> {
    let line = line.trim();
    if line.starts_with('#') {
        return None;
    }
    let fields: Vec<&str> = line.split_whitespace().collect();
    let from = *fields.first()?;
    let mut i = 1;
    let mut conditional = false;
    while fields
        .get(i)
        .is_some_and(|f| f.contains('=') && !f.starts_with('/'))
    {
        conditional = true;
        i += 1;
    }
    let to = *fields.get(i)?;
    i += 1;
    let mut status = 301;
    if let Some(s) = fields.get(i) {
        let digits = s.trim_end_matches('!');
        if digits.len() == 3
            && let Ok(n) = digits.parse::<u16>()
        {
            status = n;
            i += 1;
        }
    }
    if fields.len() > i {
        conditional = true;
    }
    let mut rule = rule_of(from, to, status)?;
    rule.conditional |= conditional;
    Some(rule)
}

fn rule_of(from: &str, to: &str, status: u16) -> Option<Rule> {
    if !from.starts_with('/') || from.starts_with("//") {
        return None;
    }
    let from = from.split_once('#').map_or(from, |(f, _)| f);
    let key = url_key(from);
    let mut parts: Vec<&str> = key.split('/').filter(|s| !s.is_empty()).collect();
    let splat = parts.last() == Some(&"*");
    if splat {
        parts.pop();
    }
    let segs = parts
        .iter()
        .map(|p| {
            if let Some(name) = p.strip_prefix(':')
                && !name.is_empty()
                && name.chars().all(|c| c.is_alphanumeric() || c == '_')
            {
                return Seg::Var {
                    name: format!(":{name}"),
                    prefix: String::new(),
                    suffix: String::new(),
                };
            }
            if let Some(o) = p.find(OPEN)
                && let Some(c) = p[o..].find(CLOSE)
            {
                return Seg::Var {
                    name: p[o..o + c + 1].to_string(),
                    prefix: p[..o].to_string(),
                    suffix: p[o + c + 1..].to_string(),
                };
            }
            Seg::Lit((*p).to_string())
        })
        .collect();
    Some(Rule {
        segs,
        splat,
        to: to.to_string(),
        status,
        conditional: false,
        possible: false,
    })
}

/// The values a rule binds when it matches the path's segments: `:splat` and each variable.
/// A rule with no literal segment, whose `from` is a template's value alone (`/{{ . }}/*`), is
/// taken to be a language prefix: it matches only the site's language names.
fn matches(rule: &Rule, segs: &[&str], langs: &[String]) -> Option<Vec<(String, String)>> {
    if segs.len() < rule.segs.len() || (!rule.splat && segs.len() != rule.segs.len()) {
        return None;
    }
    let template_only = !rule.segs.is_empty()
        && rule.segs.iter().all(|s| match s {
            Seg::Var {
                name,
                prefix,
                suffix,
            } => name.starts_with(OPEN) && prefix.is_empty() && suffix.is_empty(),
            Seg::Lit(_) => false,
        });
    if template_only
        && !segs[..rule.segs.len()]
            .iter()
            .all(|s| langs.iter().any(|l| l == s))
    {
        return None;
    }
    let mut bound = Vec::new();
    for (pattern, seg) in rule.segs.iter().zip(segs) {
        match pattern {
            Seg::Lit(l) => {
                if l != seg {
                    return None;
                }
            }
            Seg::Var {
                name,
                prefix,
                suffix,
            } => {
                if seg.len() < prefix.len() + suffix.len()
                    || !seg.starts_with(prefix.as_str())
                    || !seg.ends_with(suffix.as_str())
                {
                    return None;
                }
                let value = &seg[prefix.len()..seg.len() - suffix.len()];
                bound.push((name.clone(), value.to_string()));
            }
        }
    }
    if rule.splat {
        bound.push((":splat".into(), segs[rule.segs.len()..].join("/")));
    }
    Some(bound)
}

/// `to` with `:splat`, `:name` and template values put in; `None` when it holds a template value
/// the `from` does not bind.
fn substitute(to: &str, bound: &[(String, String)], actions: &[String]) -> Option<String> {
    let mut out = String::with_capacity(to.len());
    let mut rest = to;
    while let Some(c) = rest.find([':', OPEN]) {
        out.push_str(&rest[..c]);
        let tail = &rest[c..];
        if let Some(t) = tail.strip_prefix(OPEN) {
            let end = t.find(CLOSE)?;
            let marker = &tail[..end + 2];
            // The same action text in `from` binds it (`{{ $lang }}` twice).
            let text = marker_action(marker, actions);
            let value = bound.iter().find(|(n, _)| {
                n == marker || (text.is_some() && marker_action(n, actions) == text)
            })?;
            out.push_str(&value.1);
            rest = &tail[end + 2..];
            continue;
        }
        let name_len = tail[1..]
            .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
            .unwrap_or(tail.len() - 1);
        let name = &tail[..1 + name_len];
        match bound.iter().find(|(n, _)| n == name) {
            Some((_, v)) if name_len > 0 => out.push_str(v),
            _ => out.push_str(name),
        }
        rest = &tail[1 + name_len..];
    }
    out.push_str(rest);
    Some(out)
}

fn marker_action<'a>(marker: &str, actions: &'a [String]) -> Option<&'a str> {
    let n: usize = marker
        .strip_prefix(OPEN)?
        .strip_suffix(CLOSE)?
        .parse()
        .ok()?;
    actions.get(n).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Redirects {
        let mut r = Redirects::default();
        r.add_text(text);
        r
    }

    /// Where the first matching rule sends `key` (`?`: not known).
    fn to(r: &Redirects, key: &str) -> Option<(String, u16)> {
        all(r, key).into_iter().next().flatten()
    }

    /// Each way the rules may send `key` (`None`: no rule after possible ones).
    fn all(r: &Redirects, key: &str) -> Vec<Option<(String, u16)>> {
        r.lookup_all(key)
            .into_iter()
            .map(|x| {
                x.map(|x| match x {
                    Redirect::To { to, status } => (to, status),
                    Redirect::Unknown => ("?".into(), 0),
                })
            })
            .collect()
    }

    #[test]
    fn splats_placeholders_and_statuses_as_netlify_reads_them() {
        let r = rules(
            "# comment\n/old/*  /docs/:splat\n/news/:year/:slug /blog/:slug 302!\n/gone /x 404\n/q id=:id /y\n/shop/* /s 200 Country=au\n/ext/* https://example.com/:splat\nhttps://other.example/* /x\n",
        );
        assert_eq!(to(&r, "/old/a/b"), Some(("/docs/a/b".into(), 301)));
        assert_eq!(to(&r, "/old"), Some(("/docs/".into(), 301)));
        assert_eq!(to(&r, "/news/2024/hi"), Some(("/blog/hi".into(), 302)));
        assert_eq!(to(&r, "/news/2024"), None);
        assert_eq!(to(&r, "/gone"), Some(("/x".into(), 404)));
        assert_eq!(to(&r, "/q"), Some(("?".into(), 0)));
        assert_eq!(to(&r, "/shop/x"), Some(("?".into(), 0)));
        assert_eq!(
            to(&r, "/ext/a"),
            Some(("https://example.com/a".into(), 301))
        );
        assert_eq!(to(&r, "/other"), None);
    }

    #[test]
    fn template_lines_bind_their_actions() {
        let mut actions = Vec::new();
        let text = "{{/* note */ -}}\n{{ range $l -}}\n  /docs/{{ $lang }}/*  /docs/i/{{ $lang }}/:splat\n{{ end -}}\n/fav.png  {{ $img -}}\n";
        let flat = flatten(text, &mut actions, &|_| None, 0);
        let mut r = Redirects::default();
        for line in flat.lines() {
            if let Some(rule) = parse_line(line) {
                r.rules.push(rule);
            }
        }
        r.actions = actions;
        r.langs = vec!["en".into()];
        assert_eq!(to(&r, "/docs/go/x"), Some(("/docs/i/go/x".into(), 301)));
        // `$img` is bound by nothing in `from`: where it leads is not known.
        assert_eq!(to(&r, "/fav.png"), Some(("?".into(), 0)));
        // A `from` of nothing but a template value is a language prefix.
        let flat = flatten("/{{ . }}/*  /:splat\n", &mut r.actions, &|_| None, 0);
        r.rules.extend(flat.lines().filter_map(parse_line));
        assert_eq!(to(&r, "/en/a"), Some(("/a".into(), 301)));
        assert_eq!(to(&r, "/xx/a"), None);
    }

    #[test]
    fn branches_not_decided_make_possible_rules() {
        let mut r = Redirects::default();
        let text = "{{ if .Site.Params.old }}\n/v1/* /gone 404\n{{ else }}\n/v1/* /docs/:splat\n{{ end }}\n{{ if false }}/never/* /gone 404{{ end }}\n{{ if true }}/always /docs/{{ else }}/always /gone 404{{ end }}\n{{ range .Pages }}\n/p /docs/\n{{ else }}\n/q /docs/\n{{ end }}\n/never/* /docs/:splat\n/after /docs/\n";
        r.add_template(text, &[], None);
        // Either branch may be the published one.
        assert_eq!(
            all(&r, "/v1/x"),
            [
                Some(("/gone".into(), 404)),
                Some(("/docs/x".into(), 301)),
                None
            ]
        );
        // A branch that never runs writes nothing; one that always does is read.
        assert_eq!(to(&r, "/never/x"), Some(("/docs/x".into(), 301)));
        assert_eq!(to(&r, "/always"), Some(("/docs/".into(), 301)));
        // A range's body is read as before; its `else` may not run.
        assert_eq!(to(&r, "/p"), Some(("/docs/".into(), 301)));
        assert_eq!(all(&r, "/q"), [Some(("/docs/".into(), 301)), None]);
        assert_eq!(to(&r, "/after"), Some(("/docs/".into(), 301)));
    }

    #[test]
    fn netlify_toml_rules_come_with_their_options() {
        let mut r = Redirects::default();
        r.add_toml("[[redirects]]\nfrom = \"/a/*\"\nto = \"/b/:splat\"\nstatus = 200\n\n[[redirects]]\nfrom = \"/c\"\nto = \"/d\"\nconditions = {Language = [\"de\"]}\n");
        assert_eq!(to(&r, "/a/x"), Some(("/b/x".into(), 200)));
        assert_eq!(to(&r, "/c"), Some(("?".into(), 0)));
    }
}
