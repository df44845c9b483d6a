//! hugolint's own settings: `.hugolint.yaml` at the site root (or `--config PATH`).
//!
//! ```yaml
//! rules:                      # severity per rule: off | warning | error
//!   duplicate-anchor: warning
//! ignore:                     # globs, relative to the site root: files not linted
//!   - "content/*/legacy/**"
//! overrides:                  # severities for some paths (the last matching entry wins)
//!   - paths: ["content/zh/**"]
//!     rules: { broken-link: off }
//! links:
//!   ignore: ["^/search/"]     # regexes over link destinations as written
//!   warn-redirects: true      # a link served by one of the site's redirects: a warning
//!   own-hosts: true           # https://<baseURL's host>/… checked as internal (or a host list)
//! shortcodes:                 # catalogue entries (rules/shortcodes.yaml's schema), by name
//!   screenshot: { image: { src: [file], alt: [description] } }
//! ```
//!
//! A key hugolint does not know, a wrong type, an unknown rule, a bad glob or regex is an error
//! that points at its line and column in the file: a `config` diagnostic, exit code 2.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_saphyr::Spanned;

use crate::catalogue::{Catalogue, ShortcodeSpec};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{LineIndex, Span};
use crate::rule_ids;

/// The settings file's name at a site root.
pub const FILE_NAME: &str = ".hugolint.yaml";

/// Pseudo-rule of a problem in the settings file.
pub const CONFIG: &str = "config";

/// The longest glob or regex taken in the settings (a longer one is a `config` error at its line;
/// a 200 KB glob made the whole `ignore` list fail to compile, silently).
const MAX_PATTERN: usize = 4 << 10;

/// How many `links.ignore` regexes are compiled together.
const SET_SIZE: usize = 256;

/// A severity setting: `None` turns the rule off.
pub type Level = Option<Severity>;

#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Where they were read from, if anywhere.
    pub file: Option<PathBuf>,
    rules: BTreeMap<String, Level>,
    ignore: Vec<String>,
    ignore_set: GlobSet,
    overrides: Vec<(Vec<String>, GlobSet, BTreeMap<String, Level>)>,
    link_ignores: Vec<String>,
    /// `link_ignores` compiled in sets of [`SET_SIZE`]: an automaton per set, not one per
    /// pattern (100k patterns as separate regexes took 1.5 GB).
    link_ignore_sets: Vec<regex::RegexSet>,
    shortcodes: Catalogue,
    /// `links.warn-redirects`: report links that reach their target through a redirect.
    warn_redirects: bool,
    /// `links.own-hosts`: absolute URLs on these hosts are checked as internal links.
    own_hosts: OwnHosts,
    /// `baseline:`, relative to the settings file's folder.
    baseline: Option<PathBuf>,
    /// `page-budget:`, work units per page ([`crate::budget`]).
    page_budget: Option<u64>,
    /// `walk-limit:`, files and folders one mounted folder may hold.
    walk_limit: Option<usize>,
}

/// Which hosts' absolute URLs are checked as the site's own (`links.own-hosts`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum OwnHosts {
    /// None (the default): an absolute URL is external.
    #[default]
    Off,
    /// `true`: the host of the site's `baseURL`.
    BaseUrl,
    /// These hosts (lower-cased; a port kept).
    List(Vec<String>),
}

/// A problem in the settings file, with what a reporter needs to show it.
#[derive(Debug, Clone)]
pub struct SettingsProblem {
    pub path: PathBuf,
    pub source: Arc<str>,
    pub diagnostic: Diagnostic,
}

/// The file's keys, each read on its own (`Only*`, the other keys ignored) so that one key's
/// mistake does not hide another's; unknown keys are found beforehand (`*Keys`).
struct Raw {
    rules: HashMap<Spanned<String>, Spanned<String>>,
    ignore: Vec<Spanned<String>>,
    overrides: Vec<RawOverride>,
    links: RawLinks,
    shortcodes: BTreeMap<String, ShortcodeSpec>,
    baseline: Option<String>,
    page_budget: Option<Spanned<u64>>,
    walk_limit: Option<usize>,
}

/// One top-level key of the settings, the others ignored.
macro_rules! only {
    ($name:ident, $key:ident, $ty:ty) => {
        #[derive(Deserialize, Default)]
        struct $name {
            #[serde(default)]
            $key: $ty,
        }
    };
}
only!(OnlyRules, rules, HashMap<Spanned<String>, Spanned<String>>);
only!(OnlyIgnore, ignore, Vec<Spanned<String>>);
only!(OnlyOverrides, overrides, Vec<RawOverride>);
only!(OnlyLinks, links, RawLinks);
only!(OnlyShortcodes, shortcodes, BTreeMap<String, ShortcodeSpec>);
only!(OnlyBaseline, baseline, Option<String>);

#[derive(Deserialize, Default)]
struct OnlyPageBudget {
    #[serde(default, rename = "page-budget")]
    page_budget: Option<Spanned<u64>>,
}

#[derive(Deserialize, Default)]
struct OnlyWalkLimit {
    #[serde(default, rename = "walk-limit")]
    walk_limit: Option<usize>,
}

#[derive(Deserialize)]
struct OverrideKeys {
    #[serde(default)]
    overrides: Vec<HashMap<Spanned<String>, IgnoredAny>>,
}

#[derive(Deserialize)]
struct LinkKeys {
    #[serde(default)]
    links: HashMap<Spanned<String>, IgnoredAny>,
}

#[derive(Deserialize)]
struct RawOverride {
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    rules: HashMap<Spanned<String>, Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct RawLinks {
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    warn_redirects: bool,
    #[serde(default)]
    own_hosts: Option<RawHosts>,
}

/// `own-hosts: true`, or a list of hosts (each with where it is written: read by hand, as an
/// untagged enum would lose the positions).
enum RawHosts {
    Base(bool),
    List(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for RawHosts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawHosts;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`true`, `false` or a list of host names")
            }
            fn visit_bool<E>(self, b: bool) -> Result<RawHosts, E> {
                Ok(RawHosts::Base(b))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RawHosts, A::Error> {
                let mut hosts = Vec::new();
                while let Some(h) = seq.next_element::<Spanned<String>>()? {
                    hosts.push(h);
                }
                Ok(RawHosts::List(hosts))
            }
        }
        d.deserialize_any(V)
    }
}

impl Settings {
    /// The settings at `root` (none when the file is absent), or the problems in them.
    pub fn load(root: &Path) -> Result<Settings, Vec<SettingsProblem>> {
        Settings::load_file(&root.join(FILE_NAME), false)
    }

    /// The settings in `path`; an absent file means the defaults unless it is `required`
    /// (named with `--config`).
    pub fn load_file(path: &Path, required: bool) -> Result<Settings, Vec<SettingsProblem>> {
        match crate::site::bounded::read_to_string(path, crate::site::bounded::CONFIG) {
            Ok(text) => Settings::parse(path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                Ok(Settings::default())
            }
            Err(e) => Err(vec![SettingsProblem {
                path: path.to_path_buf(),
                source: Arc::from(""),
                diagnostic: Diagnostic::new(
                    CONFIG,
                    Severity::Error,
                    0..0,
                    format!("cannot read {}: {e}", path.display()),
                )
                .with_help(if required {
                    "check the path given to --config"
                } else {
                    "make it readable, or remove it"
                })
                .clone(),
            }]),
        }
    }

    pub fn parse(path: &Path, text: &str) -> Result<Settings, Vec<SettingsProblem>> {
        let lines = LineIndex::new(text);
        let source: Arc<str> = Arc::from(text);
        let mut problems = Vec::new();
        let mut problem = |span: Span, message: String, help: &str| {
            let mut d = Diagnostic::new(CONFIG, Severity::Error, span, message);
            d.with_help(help);
            problems.push(SettingsProblem {
                path: path.to_path_buf(),
                source: source.clone(),
                diagnostic: d,
            });
        };
        let at = |l: &serde_saphyr::Location| -> Span {
            let (line, col) = (l.line() as usize, l.column() as usize);
            if line == 0 || line > lines.line_count() {
                return 0..0;
            }
            let start = lines.line_start(line - 1);
            let line_text = text[start..].lines().next().unwrap_or("");
            let offset = line_text
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(line_text.len(), |(i, _)| i);
            let s = start + offset;
            s..s
        };
        // Every mistake at once: the keys are checked first, then each top-level key is read on
        // its own, so that a mistake in one does not hide those in the others.
        let top = match serde_saphyr::from_str::<Option<HashMap<Spanned<String>, IgnoredAny>>>(text)
        {
            Ok(Some(top)) => top,
            Ok(None) => return Ok(Settings::default()),
            Err(e) => {
                let span = e.location().map_or(0..0, |l| at(&l));
                let message = e.to_string();
                let first = tidy(message.lines().next().unwrap_or(""));
                problem(
                    span,
                    format!("{FILE_NAME} does not parse: {first}"),
                    "the keys are rules, ignore, overrides, links, shortcodes, baseline, page-budget and walk-limit (see the README's Configuration section)",
                );
                return Err(problems);
            }
        };
        let unknown = |keys: Vec<&Spanned<String>>,
                       known: &[&str],
                       within: &str,
                       problem: &mut dyn FnMut(Span, String, &str)| {
            let mut keys = keys;
            keys.sort_by_key(|k| (k.referenced.line(), k.referenced.column()));
            for k in keys {
                if !known.contains(&k.value.as_str()) {
                    problem(
                        at(&k.referenced),
                        format!(
                            "unknown key `{}`{within}{}",
                            k.value,
                            did_you_mean(&k.value, known.iter().copied())
                        ),
                        &format!("the keys here are {}", known.join(", ")),
                    );
                }
            }
        };
        unknown(
            top.keys().collect(),
            &[
                "rules",
                "ignore",
                "overrides",
                "links",
                "shortcodes",
                "baseline",
                "page-budget",
                "walk-limit",
            ],
            "",
            &mut problem,
        );
        if let Ok(Some(k)) = serde_saphyr::from_str::<Option<OverrideKeys>>(text) {
            for entry in &k.overrides {
                unknown(
                    entry.keys().collect(),
                    &["paths", "rules"],
                    " in an `overrides` entry",
                    &mut problem,
                );
            }
        }
        if let Ok(Some(k)) = serde_saphyr::from_str::<Option<LinkKeys>>(text) {
            unknown(
                k.links.keys().collect(),
                &["ignore", "warn-redirects", "own-hosts"],
                " under `links`",
                &mut problem,
            );
        }
        let mut field_problem = |key: &str, e: serde_saphyr::Error| {
            let span = e.location().map_or(0..0, |l| at(&l));
            let message = e.to_string();
            let first = tidy(message.lines().next().unwrap_or(""));
            problem(
                span,
                format!("`{key}` does not read: {first}"),
                &format!("the README's Configuration section shows what `{key}` takes"),
            );
        };
        macro_rules! field {
            ($only:ident, $key:ident) => {
                match serde_saphyr::from_str::<Option<$only>>(text) {
                    Ok(v) => v.unwrap_or_default().$key,
                    Err(e) => {
                        field_problem(stringify!($key), e);
                        Default::default()
                    }
                }
            };
        }
        let raw = Raw {
            rules: field!(OnlyRules, rules),
            ignore: field!(OnlyIgnore, ignore),
            overrides: field!(OnlyOverrides, overrides),
            links: field!(OnlyLinks, links),
            shortcodes: field!(OnlyShortcodes, shortcodes),
            baseline: field!(OnlyBaseline, baseline),
            walk_limit: match serde_saphyr::from_str::<Option<OnlyWalkLimit>>(text) {
                Ok(v) => v.unwrap_or_default().walk_limit,
                Err(e) => {
                    field_problem("walk-limit", e);
                    None
                }
            },
            page_budget: match serde_saphyr::from_str::<Option<OnlyPageBudget>>(text) {
                Ok(v) => v.unwrap_or_default().page_budget,
                Err(e) => {
                    field_problem("page-budget", e);
                    None
                }
            },
        };
        if let Some(b) = &raw.page_budget
            && b.value == 0
        {
            problem(
                at(&b.referenced),
                "`page-budget` is 0: no page could be checked".into(),
                "page-budget is a number of work units per page (by default 20000000 and 8 a byte of the page)",
            );
        }
        let levels = |map: &HashMap<Spanned<String>, Spanned<String>>,
                      problem: &mut dyn FnMut(Span, String, &str)|
         -> BTreeMap<String, Level> {
            let mut out = BTreeMap::new();
            // In file order, so that problems are reported in a stable order.
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by_key(|(k, _)| (k.referenced.line(), k.referenced.column()));
            for (rule, level) in entries {
                if !rule_ids::is_known(&rule.value) {
                    problem(
                        at(&rule.referenced),
                        format!(
                            "unknown rule `{}`{}",
                            rule.value,
                            did_you_mean(&rule.value, rule_ids::ALL.iter().map(|r| r.id))
                        ),
                        "`hugolint rules` lists them",
                    );
                    continue;
                }
                let l = match level.value.as_str() {
                    "off" => None,
                    "warning" | "warn" => Some(Severity::Warning),
                    "error" => Some(Severity::Error),
                    other => {
                        problem(
                            at(&level.referenced),
                            format!(
                                "`{other}` is not a severity{}",
                                did_you_mean(other, ["off", "warning", "error"].into_iter())
                            ),
                            "use off, warning or error",
                        );
                        continue;
                    }
                };
                out.insert(rule.value.clone(), l);
            }
            out
        };
        let rules = levels(&raw.rules, &mut problem);
        let globs = |list: &[Spanned<String>],
                     problem: &mut dyn FnMut(Span, String, &str)|
         -> (Vec<String>, GlobSet) {
            let mut b = GlobSetBuilder::new();
            let mut kept = Vec::new();
            for g in list {
                if g.value.len() > MAX_PATTERN {
                    problem(
                        at(&g.referenced),
                        format!(
                            "this glob is {} KB long; hugolint takes globs of at most {} KB",
                            g.value.len() >> 10,
                            MAX_PATTERN >> 10
                        ),
                        "globs are relative to the site root, e.g. content/*/legacy/**",
                    );
                    continue;
                }
                match Glob::new(&g.value) {
                    Ok(glob) => {
                        b.add(glob);
                        kept.push(g.value.clone());
                    }
                    Err(e) => problem(
                        at(&g.referenced),
                        format!("`{}` is not a valid glob: {e}", g.value),
                        "globs are relative to the site root, e.g. content/*/legacy/**",
                    ),
                }
            }
            let set = match b.build() {
                Ok(set) => set,
                Err(e) => {
                    // Never a silent no-op: the list does not apply, and says so at its start.
                    if let Some(first) = list.first() {
                        problem(
                            at(&first.referenced),
                            format!("these globs cannot be compiled together: {e}"),
                            "use fewer or shorter globs",
                        );
                    }
                    GlobSet::empty()
                }
            };
            (kept, set)
        };
        let (ignore, ignore_set) = globs(&raw.ignore, &mut problem);
        let mut overrides = Vec::new();
        for o in &raw.overrides {
            let (paths, set) = globs(&o.paths, &mut problem);
            overrides.push((paths, set, levels(&o.rules, &mut problem)));
        }
        let mut link_ignores = Vec::new();
        for p in &raw.links.ignore {
            if p.value.len() > MAX_PATTERN {
                problem(
                    at(&p.referenced),
                    format!(
                        "this regex is {} KB long; hugolint takes regexes of at most {} KB",
                        p.value.len() >> 10,
                        MAX_PATTERN >> 10
                    ),
                    "links.ignore takes regular expressions over link destinations",
                );
                continue;
            }
            // Compiled alone to point at the one that is wrong, then dropped: the set below is
            // what is kept.
            match regex::Regex::new(&p.value) {
                Ok(_) => link_ignores.push(p.value.clone()),
                Err(e) => problem(
                    at(&p.referenced),
                    format!(
                        "`{}` is not a valid regex: {}",
                        p.value,
                        tidy(e.to_string().lines().last().unwrap_or(""))
                    ),
                    "links.ignore takes regular expressions over link destinations",
                ),
            }
        }
        let mut link_ignore_sets = Vec::new();
        for (k, chunk) in link_ignores.chunks(SET_SIZE).enumerate() {
            match regex::RegexSet::new(chunk) {
                Ok(set) => link_ignore_sets.push(set),
                Err(e) => {
                    let first = &chunk[0];
                    if let Some(p) = raw
                        .links
                        .ignore
                        .iter()
                        .skip(k * SET_SIZE)
                        .find(|p| p.value == *first)
                    {
                        problem(
                            at(&p.referenced),
                            format!(
                                "this regex and the {} after it cannot be compiled together: {}",
                                chunk.len() - 1,
                                tidy(e.to_string().lines().last().unwrap_or(""))
                            ),
                            "use fewer or simpler regexes",
                        );
                    }
                }
            }
        }
        let own_hosts = match &raw.links.own_hosts {
            None | Some(RawHosts::Base(false)) => OwnHosts::Off,
            Some(RawHosts::Base(true)) => OwnHosts::BaseUrl,
            Some(RawHosts::List(hosts)) => {
                let mut kept = Vec::new();
                for h in hosts {
                    let host = h.value.trim();
                    let bad = host.is_empty()
                        || host.contains(['/', '\\', '?', '#', '@'])
                        || host.chars().any(char::is_whitespace);
                    if bad {
                        problem(
                            at(&h.referenced),
                            format!("`{}` is not a host name", h.value),
                            "links.own-hosts takes host names (`docs.example.org`, `example.org:8080`) without scheme or path, or `true` for the host of the site's baseURL",
                        );
                    } else {
                        kept.push(host.to_ascii_lowercase());
                    }
                }
                OwnHosts::List(kept)
            }
        };
        let mut shortcodes = Catalogue::default();
        for (name, spec) in raw.shortcodes {
            shortcodes.insert(&name, spec);
        }
        if !problems.is_empty() {
            // In file order, whichever pass found them.
            problems.sort_by_key(|p| p.diagnostic.span.start);
            return Err(problems);
        }
        Ok(Settings {
            file: Some(path.to_path_buf()),
            rules,
            ignore,
            ignore_set,
            overrides,
            link_ignores,
            link_ignore_sets,
            shortcodes,
            warn_redirects: raw.links.warn_redirects,
            own_hosts,
            baseline: raw
                .baseline
                .filter(|b| !b.is_empty())
                .map(|b| path.parent().unwrap_or(Path::new("")).join(b)),
            page_budget: raw.page_budget.map(|b| b.value),
            walk_limit: raw.walk_limit,
        })
    }

    /// The files and folders one mounted folder may hold to be walked (`walk-limit:`).
    pub fn walk_limit(&self) -> usize {
        self.walk_limit.unwrap_or(crate::site::index::WALK_LIMIT)
    }

    /// The work a page of `bytes` may take, in units of [`crate::budget::charge`]:
    /// `page-budget:` for every page, else [`crate::budget::default_page`].
    pub fn page_budget(&self, bytes: usize) -> u64 {
        self.page_budget
            .unwrap_or_else(|| crate::budget::default_page(bytes))
    }

    /// Whether a file (relative to the site root) is not to be linted.
    pub fn ignores(&self, relative: &Path) -> bool {
        self.ignore_set.is_match(relative)
    }

    /// Whether [`Settings::ignores`] can be true for some path (most sites list no ignores; a
    /// whole-site run then need not work out every file's relative path).
    pub fn ignores_some(&self) -> bool {
        !self.ignore_set.is_empty()
    }

    /// Whether [`Settings::level`] can depend on the path (an `overrides` entry).
    pub fn levels_vary(&self) -> bool {
        !self.overrides.is_empty()
    }

    /// The severity of `rule` in the file at `relative` (to the site root), given its default:
    /// `None` when the rule is off there.
    pub fn level(&self, rule: &str, relative: Option<&Path>, default: Severity) -> Level {
        self.level_at(rule, &self.overrides_at(relative), default)
    }

    /// The `overrides` entries whose paths match the file at `relative`, in order: worked out
    /// once per file and handed to [`Settings::level_at`] for each rule (matching every entry
    /// again for each rule cost files × rules × entries).
    pub fn overrides_at(&self, relative: Option<&Path>) -> Vec<usize> {
        let Some(rel) = relative.filter(|_| !self.overrides.is_empty()) else {
            return Vec::new();
        };
        let candidate = globset::Candidate::new(rel);
        (0..self.overrides.len())
            .filter(|&i| self.overrides[i].1.is_match_candidate(&candidate))
            .collect()
    }

    /// [`Settings::level`] given the entries [`Settings::overrides_at`] found for the file.
    pub fn level_at(&self, rule: &str, matched: &[usize], default: Severity) -> Level {
        let mut level = self.rules.get(rule).copied().unwrap_or(Some(default));
        for &i in matched {
            if let Some(l) = self.overrides[i].2.get(rule) {
                level = *l;
            }
        }
        level
    }

    /// Catalogue entries the site adds to (or replaces in) the built-in one.
    pub fn shortcodes(&self) -> &Catalogue {
        &self.shortcodes
    }

    /// The baseline file `baseline:` names, relative to the current folder (or absolute).
    pub fn baseline(&self) -> Option<&Path> {
        self.baseline.as_deref()
    }

    /// Whether a link destination is to be left alone (`links.ignore`).
    pub fn link_ignored(&self, dest: &str) -> bool {
        self.link_ignore_sets.iter().any(|s| s.is_match(dest))
    }

    /// Whether a link served by one of the site's redirects is reported
    /// (`links.warn-redirects`).
    pub fn warn_redirects(&self) -> bool {
        self.warn_redirects
    }

    /// Whose absolute URLs are the site's own (`links.own-hosts`).
    pub fn own_hosts(&self) -> &OwnHosts {
        &self.own_hosts
    }

    /// The effective settings as YAML (`hugolint config`).
    pub fn to_yaml(&self) -> String {
        let level = |l: &Level| l.map_or("off", |s| s.as_str());
        let mut out = String::new();
        out.push_str(&format!(
            "# {}\n",
            self.file
                .as_ref()
                .map_or("no .hugolint.yaml: defaults".to_string(), |f| f
                    .display()
                    .to_string())
        ));
        out.push_str("rules:\n");
        for r in rule_ids::ALL {
            let l = self
                .rules
                .get(r.id)
                .copied()
                .unwrap_or(Some(r.default_severity));
            out.push_str(&format!("  {}: {}\n", r.id, level(&l)));
        }
        out.push_str("ignore:");
        if self.ignore.is_empty() {
            out.push_str(" []\n");
        } else {
            out.push('\n');
            for g in &self.ignore {
                out.push_str(&format!("  - {}\n", quote(g)));
            }
        }
        out.push_str("overrides:");
        if self.overrides.is_empty() {
            out.push_str(" []\n");
        } else {
            out.push('\n');
            for (paths, _, rules) in &self.overrides {
                let paths: Vec<String> = paths.iter().map(|p| quote(p)).collect();
                out.push_str(&format!("  - paths: [{}]\n    rules:\n", paths.join(", ")));
                for (r, l) in rules {
                    out.push_str(&format!("      {r}: {}\n", level(l)));
                }
            }
        }
        out.push_str("links:\n  ignore:");
        if self.link_ignores.is_empty() {
            out.push_str(" []\n");
        } else {
            out.push('\n');
            for r in &self.link_ignores {
                out.push_str(&format!("    - {}\n", quote(r)));
            }
        }
        out.push_str(&format!("  warn-redirects: {}\n", self.warn_redirects));
        match &self.own_hosts {
            OwnHosts::Off => out.push_str("  own-hosts: false\n"),
            OwnHosts::BaseUrl => out.push_str("  own-hosts: true\n"),
            OwnHosts::List(hosts) => {
                let hosts: Vec<String> = hosts.iter().map(|h| quote(h)).collect();
                out.push_str(&format!("  own-hosts: [{}]\n", hosts.join(", ")));
            }
        }
        if let Some(b) = &self.baseline {
            out.push_str(&format!("baseline: {}\n", quote(&b.to_string_lossy())));
        }
        match self.page_budget {
            Some(n) => out.push_str(&format!("page-budget: {n}\n")),
            None => out.push_str(&format!(
                "page-budget: null  # {} units and {} a byte of the page\n",
                crate::budget::DEFAULT_PAGE,
                crate::budget::PER_BYTE
            )),
        }
        out.push_str(&format!("walk-limit: {}\n", self.walk_limit()));
        out.push_str("shortcodes:");
        let mut names: Vec<_> = self.shortcodes.names().collect();
        names.sort_by_key(|(n, _)| *n);
        if names.is_empty() {
            out.push_str(" {}\n");
        } else {
            out.push('\n');
            for (name, spec) in names {
                out.push_str(&format!("  {}: {}\n", quote(name), spec.to_flow_yaml()));
            }
        }
        out
    }
}

/// `: did you mean `x`?` for the known name nearest to `name`, if one is near.
fn did_you_mean<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> String {
    known
        .map(|k| (strsim::jaro_winkler(name, k), k))
        .filter(|(s, _)| *s > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| format!(": did you mean `{k}`?"))
        .unwrap_or_default()
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A reader's message without the prefixes that repeat what the diagnostic already shows
/// (`error: `, `line 6 column 1: `).
fn tidy(message: &str) -> String {
    let m = message
        .trim()
        .strip_prefix("error: ")
        .unwrap_or(message.trim());
    match m.split_once(": ") {
        Some((at, rest)) if at.starts_with("line ") && at.contains(" column ") => rest.to_string(),
        _ => m.to_string(),
    }
}
