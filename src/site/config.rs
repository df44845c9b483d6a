//! Hugo's site configuration: where the site root is, which files hold the config, and the keys
//! hugolint needs (HUGO-SPEC §6). Keys are matched case-insensitively, as Hugo does.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::site::generated_config::{self, Generated};
use crate::syntax::anchors::Punctuation;
use crate::syntax::{AutoIdType, Typographer};

/// The root config file names, in Hugo's order of precedence (first found wins).
pub(crate) const ROOT_FILES: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];

/// A config file that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} (fix the site configuration, or lint without it)",
            self.file.display(),
            self.message
        )
    }
}

/// The nearest folder at or above `start` that holds a Hugo config.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    RootFinder::default().find(start)
}

/// [`find_root`] for many folders: it remembers the answer for every folder it passes (the
/// folders of a site's files share their ancestors, so each is probed once per run), and the
/// canonical path of every folder it has resolved, so a folder below a known one costs one
/// `lstat` instead of a `realpath`.
#[derive(Debug, Default)]
pub struct RootFinder {
    roots: HashMap<PathBuf, Option<PathBuf>>,
    canonical: HashMap<PathBuf, PathBuf>,
    /// Where the folders' listings go, for the site index to take (a run's finders share it).
    listings: Option<std::sync::Arc<crate::site::listing::Listings>>,
}

impl RootFinder {
    /// A finder that keeps every folder's listing in `listings`.
    pub fn sharing(listings: std::sync::Arc<crate::site::listing::Listings>) -> RootFinder {
        RootFinder {
            listings: Some(listings),
            ..RootFinder::default()
        }
    }

    pub fn find(&mut self, start: &Path) -> Option<PathBuf> {
        let start = self.canonicalize(start)?;
        let mut dir = if start.is_dir() {
            start.as_path()
        } else {
            start.parent()?
        };
        let mut passed = Vec::new();
        let found = loop {
            if let Some(known) = self.roots.get(dir) {
                break known.clone();
            }
            passed.push(dir.to_path_buf());
            if holds_config(dir, self.listings.as_deref()) {
                break Some(dir.to_path_buf());
            }
            match dir.parent() {
                Some(p) => dir = p,
                None => break None,
            }
        };
        for d in passed {
            self.roots.insert(d, found.clone());
        }
        found
    }

    /// `std::fs::canonicalize`, one `lstat` per folder not seen before: a folder's canonical
    /// path is its parent's plus its name, unless it is a symlink.
    fn canonicalize(&mut self, path: &Path) -> Option<PathBuf> {
        match crate::site::lexical_absolute(path) {
            Some(abs) => self.canonical_of(&abs),
            // `..`: only the file system knows where it leads.
            None => std::fs::canonicalize(path).ok(),
        }
    }

    fn canonical_of(&mut self, abs: &Path) -> Option<PathBuf> {
        if let Some(known) = self.canonical.get(abs) {
            return Some(known.clone());
        }
        let found = match (abs.parent(), abs.file_name()) {
            (Some(parent), Some(name)) => {
                let physical = self.canonical_of(parent)?.join(name);
                if std::fs::symlink_metadata(&physical)
                    .ok()?
                    .file_type()
                    .is_symlink()
                {
                    std::fs::canonicalize(&physical).ok()?
                } else {
                    physical
                }
            }
            // The file system's root.
            _ => abs.to_path_buf(),
        };
        self.canonical.insert(abs.to_path_buf(), found.clone());
        Some(found)
    }
}

/// Whether `dir` holds a Hugo config: a root file, or `config/_default/`. One listing of the
/// folder instead of a probe per name (a whole-site run asks this of every content folder, and
/// the probes were most of its system calls); a name that matches only when case is ignored (a
/// case-insensitive file system), a symlink or a `config` entry is probed as before.
fn holds_config(dir: &Path, listings: Option<&crate::site::listing::Listings>) -> bool {
    use crate::site::listing::Kind;
    let Ok(entries) = crate::site::listing::read(dir) else {
        return probe_config(dir);
    };
    let found = entries.iter().any(|(name, kind)| {
        let name = name.as_encoded_bytes();
        let root_file = ROOT_FILES
            .iter()
            .find(|f| f.as_bytes().eq_ignore_ascii_case(name));
        if let Some(f) = root_file {
            (*kind == Kind::File && f.as_bytes() == name) || present(&dir.join(f))
        } else {
            b"config".eq_ignore_ascii_case(name) && dir.join("config/_default").is_dir()
        }
    });
    if let Some(listings) = listings {
        listings.keep(dir, entries);
    }
    found
}

/// [`holds_config`] by probing each name.
fn probe_config(dir: &Path) -> bool {
    ROOT_FILES.iter().any(|f| present(&dir.join(f))) || dir.join("config/_default").is_dir()
}

/// Whether a root config file is there: a file, or a FIFO, device or socket by that name, which
/// is then refused by name when read rather than passed over.
fn present(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_dir())
}

/// Read and merge the config files of the site at `root` (root file, then `config/_default/`,
/// then `config/production/`, each overriding the previous), keys lower-cased.
pub fn load(root: &Path) -> Result<Value, ConfigError> {
    load_checkout(root).map(|(v, _)| v)
}

/// [`load`], and the config files the site's build makes that the checkout lacks
/// ([`generated_config`]): a template of one that is plain config (no template actions) is read
/// in its place, and says so (`template_read`).
pub fn load_checkout(root: &Path) -> Result<(Value, Vec<Generated>), ConfigError> {
    load_listed(root).map(|(v, g, _)| (v, g))
}

/// [`load_checkout`], and the files read, in the order they were merged (`hugolint site`).
pub fn load_listed(root: &Path) -> Result<(Value, Vec<Generated>, Vec<PathBuf>), ConfigError> {
    let mut read_files = Vec::new();
    let mut merged = Value::Object(Map::new());
    let root_file = ROOT_FILES.iter().map(|f| root.join(f)).find(|p| present(p));
    let mut generated = generated_config::find(root, root_file.is_some());
    let read_template = |g: &mut Generated, into: &mut Value, files: &mut Vec<PathBuf>| {
        let Some((t, format)) = &g.template else {
            return;
        };
        let Ok(text) = super::bounded::read_to_string(t, super::bounded::CONFIG) else {
            return;
        };
        if text.contains("{{") {
            return;
        }
        let Ok(value) = parse(&text, format) else {
            return;
        };
        g.template_read = true;
        merge(into, wrap(&g.key, value));
        files.push(t.clone());
    };
    for g in generated.iter_mut().filter(|g| g.key.is_empty()) {
        read_template(g, &mut merged, &mut read_files);
    }
    if let Some(f) = root_file {
        merge(&mut merged, read(&f)?);
        read_files.push(f);
    }
    for env in ["_default", "production"] {
        let dir = root.join("config").join(env);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        // Root files first, so that `languages.toml` etc. override them.
        files.sort_by_key(|p| !is_root_name(p));
        for f in files {
            let Some(stem) = f.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !matches!(ext, "toml" | "yaml" | "yml" | "json") {
                continue;
            }
            if generated
                .iter()
                .any(|g| g.template.as_ref().is_some_and(|(t, _)| *t == f))
            {
                // A template is read in place of the file it makes, below, or not at all.
                continue;
            }
            let value = read(&f)?;
            if is_root_name(&f) {
                merge(&mut merged, value);
                read_files.push(f);
            } else if !stem.contains('.') {
                merge(&mut merged, wrap(&stem.to_lowercase(), value));
                read_files.push(f);
            }
            // `params.en.toml`, `menus.en.toml`: per-language keys hugolint does not need.
        }
        for g in generated
            .iter_mut()
            .filter(|g| !g.key.is_empty() && g.file.parent() == Some(dir.as_path()))
        {
            read_template(g, &mut merged, &mut read_files);
        }
    }
    Ok((merged, generated, read_files))
}

/// A config folder's file for `key` as the root would hold it: `languages.toml` holds
/// `languages`, with or without the key wrapping it. An empty key is the root itself.
fn wrap(key: &str, value: Value) -> Value {
    if key.is_empty() {
        return value;
    }
    let inner = match value {
        Value::Object(mut m) if m.len() == 1 && m.contains_key(key) => {
            m.remove(key).expect("present")
        }
        other => other,
    };
    let mut wrapper = Map::new();
    wrapper.insert(key.to_string(), inner);
    Value::Object(wrapper)
}

fn is_root_name(p: &Path) -> bool {
    matches!(
        p.file_stem().and_then(|s| s.to_str()),
        Some("hugo" | "config")
    )
}

fn read(path: &Path) -> Result<Value, ConfigError> {
    let err = |message: String| ConfigError {
        file: path.to_path_buf(),
        message,
    };
    let text = super::bounded::read_to_string(path, super::bounded::CONFIG).map_err(|e| {
        err(format!(
            "cannot read: {e} (check the file's permissions, or remove it)"
        ))
    })?;
    let format = path.extension().and_then(|e| e.to_str()).unwrap_or("yaml");
    parse(&text, format).map_err(err)
}

/// Parse a config file's text in its format (`toml`, `json`, else YAML), keys lower-cased as
/// Hugo reads them. Public for the fuzzer; `load` is the way in.
pub fn parse(text: &str, format: &str) -> Result<Value, String> {
    let value: Value = match format {
        "toml" => toml::from_str(text).map_err(|e| toml_message(text, &e))?,
        "json" => serde_json::from_str(text).map_err(|e| e.to_string())?,
        _ => {
            if text.trim().is_empty() {
                Value::Null
            } else {
                serde_saphyr::from_str::<Value>(text).map_err(|e| first_line(&e.to_string()))?
            }
        }
    };
    Ok(lowercase_keys(value))
}

fn toml_message(text: &str, e: &toml::de::Error) -> String {
    match e.span() {
        Some(s) => {
            let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {}", first_line(e.message()))
        }
        None => first_line(e.message()),
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().to_string()
}

fn lowercase_keys(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (k.to_lowercase(), lowercase_keys(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(lowercase_keys).collect()),
        other => other,
    }
}

fn merge(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(&k) {
                    Some(existing) if existing.is_object() && v.is_object() => merge(existing, v),
                    _ => {
                        a.insert(k, v);
                    }
                }
            }
        }
        (slot, Value::Null) => {
            let _ = slot;
        }
        (slot, v) => *slot = v,
    }
}

/// Look up a dotted key path (`markup.goldmark.parser.autoidtype`).
pub fn get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

fn get_str(v: &Value, path: &str) -> Option<String> {
    get(v, path).and_then(|x| match x {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

fn get_bool(v: &Value, path: &str) -> Option<bool> {
    get(v, path).and_then(|x| match x {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.parse().ok(),
        _ => None,
    })
}

/// `markup.goldmark.extensions.typographer`: `false` or `disable: true` turn it off; otherwise
/// each substitution the site sets replaces Hugo's default. Values are read as Hugo's weak
/// decoding reads them into strings (`5` → "5", `true` → "1"); a null keeps the default.
fn typographer(config: Option<&Value>) -> Option<Typographer> {
    let mut t = Typographer::default();
    match config {
        Some(Value::Bool(false)) => return None,
        Some(c @ Value::Object(_)) => {
            if get_bool(c, "disable") == Some(true) {
                return None;
            }
            for p in Punctuation::ALL {
                let value = match get(c, &p.config_key().to_lowercase()) {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    Some(Value::Bool(b)) => if *b { "1" } else { "0" }.to_string(),
                    _ => continue,
                };
                t.set(p, value);
            }
        }
        _ => {}
    }
    Some(t)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// A folder mounted into one of Hugo's component trees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// The folder (or file) on disk, absolute.
    pub source: PathBuf,
    /// Where it lands inside the component, without the component (`docs/specs` for
    /// `content/docs/specs`; empty for the root).
    pub target: String,
    /// The languages it belongs to (empty: every language).
    pub langs: Vec<String>,
    /// Whether the source exists on disk (a mount of generated files may not).
    pub present: bool,
    /// Declared in `module.mounts` (a missing one means content hugolint cannot see), rather
    /// than a default folder (a missing one is simply empty).
    pub explicit: bool,
    /// `files` (and the older `includeFiles`, `excludeFiles`), compiled: glob patterns over the path
    /// inside the source (lower-cased, from a leading `/`), each an inclusion (`true`) or, written
    /// with `! `, an exclusion; the first that matches decides.
    pub files: Option<std::sync::Arc<MountFilter>>,
}

impl Mount {
    /// Hugo's filter of the mount's files, for paths relative to its source.
    pub fn filter(&self) -> Option<&MountFilter> {
        self.files.as_deref()
    }
}

/// A mount's `files` patterns, compiled once.
#[derive(Debug)]
pub struct MountFilter(Vec<(bool, globset::GlobMatcher)>);

impl PartialEq for MountFilter {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|(a, b)| a.0 == b.0 && a.1.glob() == b.1.glob())
    }
}

impl Eq for MountFilter {}

impl MountFilter {
    /// Whether the file at `rel` (inside the mount's source, `/`-separated) is mounted: the first
    /// pattern that matches decides; with none matching, only if there is no inclusion.
    pub fn accepts(&self, rel: &str) -> bool {
        let path = format!("/{}", rel.trim_start_matches('/').to_lowercase());
        // Hugo filters folders as it walks: a folder an exclusion matches first (`! docs/v?`
        // for `docs/v1/`) is not entered, and nothing below it is mounted.
        let mut end = 0;
        while let Some(i) = path[end + 1..].find('/') {
            end += 1 + i;
            let dir = &path[..end];
            if let Some((false, _)) = self.0.iter().find(|(_, g)| g.is_match(dir)) {
                return false;
            }
        }
        for (include, g) in &self.0 {
            if g.is_match(&path) {
                return *include;
            }
        }
        !self.0.iter().any(|(include, _)| *include)
    }
}

/// A mount's `files`, `includeFiles` and `excludeFiles`, in Hugo's order (files, then the
/// inclusions, then the exclusions).
fn mount_files(m: &Value) -> Option<std::sync::Arc<MountFilter>> {
    let mut patterns: Vec<(bool, String)> = Vec::new();
    for p in strings(get(m, "files")) {
        match p.strip_prefix("! ") {
            Some(rest) => patterns.push((false, rest.to_string())),
            None => patterns.push((true, p)),
        }
    }
    patterns.extend(
        strings(get(m, "includefiles"))
            .into_iter()
            .map(|p| (true, p)),
    );
    patterns.extend(
        strings(get(m, "excludefiles"))
            .into_iter()
            .map(|p| (false, p)),
    );
    let compiled: Vec<(bool, globset::GlobMatcher)> = patterns
        .into_iter()
        .filter_map(|(include, p)| {
            let p = p.replace('\\', "/").to_lowercase();
            let p = if p.starts_with('/') {
                p
            } else {
                format!("/{p}")
            };
            globset::GlobBuilder::new(&p)
                .literal_separator(true)
                .build()
                .ok()
                .map(|g| (include, g.compile_matcher()))
        })
        .collect();
    (!compiled.is_empty()).then(|| std::sync::Arc::new(MountFilter(compiled)))
}

/// How a Markdown link or image destination becomes an href.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HookMode {
    /// Written as is; the browser resolves it against the page's URL.
    Browser,
    /// Hugo's embedded render hook: looked up as a page (links only), then a page resource,
    /// then a global resource; written as is when not found.
    Embedded,
    /// The site's own hook, as read from its template.
    Site(std::sync::Arc<crate::site::templates::HookFacts>),
}

/// When Hugo uses its embedded link or image render hook (`useEmbedded`, resolved).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UseEmbedded {
    /// Even where the site has a hook of its own (Hugo ignores the site's `render-link.html`).
    Always,
    /// Where the site has no hook of its own.
    Fallback,
    Never,
}

/// What hugolint needs from the site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's folder (where `os.ReadDir` in a template reads).
    pub root: PathBuf,
    /// `dataDir` (absolute).
    pub data_dir: PathBuf,
    /// `removePathAccents`.
    pub remove_path_accents: bool,
    /// The path of `baseURL` (`/sub` for `https://example.org/sub/`; empty for the root).
    pub base_path: String,
    /// The scheme of `baseURL`, lower-cased (`https`), when it has one.
    pub base_scheme: Option<String>,
    /// The host of `baseURL` (with its port), lower-cased, when it has one.
    pub base_host: Option<String>,
    pub default_lang: String,
    pub default_in_subdir: bool,
    /// Configured languages, by weight then name; at least the default one.
    pub languages: Vec<String>,
    /// Each configured language's URL prefix, made once (asked for per page and per alias).
    /// By language: a lookup, not a scan (asked per page, so a scan was pages × languages).
    prefixes: rustc_hash::FxHashMap<String, String>,
    pub content: Vec<Mount>,
    pub statics: Vec<Mount>,
    pub assets: Vec<Mount>,
    /// Layout folders: the site's, then its themes'.
    pub layouts: Vec<PathBuf>,
    /// Templates may come from modules or themes that are not on disk.
    pub remote_templates: Vec<String>,
    pub ugly_urls: bool,
    pub disable_path_to_lower: bool,
    /// `permalinks` for pages: section path → pattern (the flat form and `permalinks.page`).
    pub permalinks: Vec<(String, String)>,
    /// `permalinks.section`: section path → pattern for section pages.
    pub section_permalinks: Vec<(String, String)>,
    /// Term pages' patterns by taxonomy (the flat form and `permalinks.term`).
    pub term_permalinks: Vec<(String, String)>,
    pub disable_kinds: Vec<String>,
    pub disable_aliases: bool,
    /// With `disableAliases`, the one language whose aliases the site's `_redirects` template
    /// serves (see `redirects::aliases_only_for`); `None`: every language's. Set by the site
    /// after the config is read, so the index below the redirects need not read templates.
    pub aliases_only_for: Option<String>,
    pub taxonomies: Vec<String>,
    pub build_drafts: bool,
    /// When Hugo's embedded link and image render hooks are used.
    pub link_embedded: UseEmbedded,
    pub image_embedded: UseEmbedded,
    pub auto_id_type: AutoIdType,
    pub auto_heading_id: bool,
    pub heading_attributes: bool,
    /// `markup.goldmark.extensions.typographer`: `None` when disabled.
    pub typographer: Option<Typographer>,
    pub definition_term_ids: bool,
    /// `markup.goldmark.renderer.unsafe`: raw HTML is rendered (else omitted).
    pub unsafe_html: bool,
    /// `cascade` entries that decide whether pages are rendered.
    pub cascade: Vec<Cascade>,
    /// Config files the site's build makes that the checkout lacks (set by the site after
    /// loading): one not read from a template leaves the site's URLs unknown.
    pub generated: Vec<Generated>,
    /// The config files read, in merge order (set by the site after loading).
    pub files: Vec<PathBuf>,
    /// Output formats whose file is Netlify's `_redirects` (`baseName: _redirects`), by name:
    /// their templates make redirects.
    pub redirect_formats: Vec<String>,
}

/// One `cascade` entry of the site config, reduced to what changes a page's URL: its
/// `build.render` (or `headless`), for the pages its target matches.
#[derive(Debug, Clone)]
pub struct Cascade {
    /// `build.render` (`never`, `link`, `always`); `never` for `headless: true`.
    pub render: String,
    /// `target.path`: a Hugo glob over the page's logical path (`/docs/_includes/**`).
    pub path: Option<globset::GlobMatcher>,
    /// `target.kind` (`page`, `section`, `home`, …).
    pub kind: Option<String>,
    /// `target.lang`.
    pub lang: Option<String>,
}

impl Cascade {
    pub fn matches(&self, logical: &str, kind: &str, lang: &str) -> bool {
        self.path.as_ref().is_none_or(|g| g.is_match(logical))
            && self.kind.as_deref().is_none_or(|k| k == kind)
            && self.lang.as_deref().is_none_or(|l| l == lang)
    }
}

fn cascades(v: Option<&Value>) -> Vec<Cascade> {
    let entries: Vec<&Value> = match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(o @ Value::Object(_)) => vec![o],
        _ => return Vec::new(),
    };
    entries
        .into_iter()
        .filter_map(|e| {
            let render = get_str(e, "build.render")
                .or_else(|| get_str(e, "_build.render"))
                .or_else(|| (get_bool(e, "headless") == Some(true)).then(|| "never".into()))?;
            let target = get(e, "target").or_else(|| get(e, "_target"));
            let field = |k: &str| target.and_then(|t| get_str(t, k));
            Cascade::new(render, field("path"), field("kind"), field("lang"))
        })
        .collect()
}

impl Cascade {
    /// `None` when the path glob does not compile (Hugo would fail the build on it).
    pub fn new(
        render: String,
        path: Option<String>,
        kind: Option<String>,
        lang: Option<String>,
    ) -> Option<Cascade> {
        let path = match path {
            Some(p) => Some(
                globset::GlobBuilder::new(&p.to_lowercase())
                    .literal_separator(true)
                    .build()
                    .ok()?
                    .compile_matcher(),
            ),
            None => None,
        };
        Some(Cascade {
            render: render.to_lowercase(),
            path,
            kind: kind.map(|k| k.to_lowercase()),
            lang: lang.map(|l| l.to_lowercase()),
        })
    }
}

impl Config {
    /// The configuration of a folder with no Hugo config: Hugo's defaults.
    pub fn plain(root: &Path) -> Config {
        Config::from_value(root, &Value::Object(Map::new()))
    }

    pub fn from_value(root: &Path, v: &Value) -> Config {
        let base_path = get_str(v, "baseurl")
            .map(|u| {
                let after_scheme = u.split_once("://").map_or(u.as_str(), |(_, r)| r);
                let path = after_scheme.find('/').map_or("", |p| &after_scheme[p..]);
                path.trim_end_matches('/').to_string()
            })
            .unwrap_or_default();
        let base_scheme = get_str(v, "baseurl")
            .and_then(|u| u.split_once("://").map(|(s, _)| s.to_ascii_lowercase()));
        let base_host = get_str(v, "baseurl")
            .and_then(|u| {
                let rest = u.split_once("://").map(|(_, r)| r.to_string())?;
                let host = rest.split(['/', '?', '#']).next().unwrap_or("");
                // Without credentials.
                let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
                Some(host.to_ascii_lowercase())
            })
            .filter(|h| !h.is_empty());
        let default_lang = get_str(v, "defaultcontentlanguage")
            .unwrap_or_else(|| "en".into())
            .to_lowercase();
        let disabled: Vec<String> = strings(get(v, "disablelanguages"));
        let mut languages: Vec<(i64, String)> = match get(v, "languages") {
            Some(Value::Object(m)) => m
                .iter()
                .filter(|(k, l)| !disabled.contains(k) && !get_bool(l, "disabled").unwrap_or(false))
                .map(|(k, l)| {
                    (
                        get(l, "weight").and_then(Value::as_i64).unwrap_or(0),
                        k.to_lowercase(),
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        languages.sort();
        let mut languages: Vec<String> = languages.into_iter().map(|(_, k)| k).collect();
        if !languages.contains(&default_lang) {
            languages.insert(0, default_lang.clone());
        }

        let mounts = match get(v, "module.mounts") {
            Some(Value::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        let mount_of = |m: &Value, component: &str| -> Option<Mount> {
            let source = get_str(m, "source")?;
            let target = get_str(m, "target")?;
            let target = target.trim_matches('/');
            let rest = target.strip_prefix(component)?;
            if !(rest.is_empty() || rest.starts_with('/')) {
                return None;
            }
            let mut langs = strings(get(m, "sites.matrix.languages"));
            if let Some(l) = get_str(m, "lang") {
                langs.push(l);
            }
            let source = root.join(source);
            Some(Mount {
                files: mount_files(m),
                present: source.exists(),
                explicit: true,
                source,
                target: rest.trim_matches('/').to_string(),
                langs: langs.into_iter().map(|l| l.to_lowercase()).collect(),
            })
        };
        let component = |name: &str, default: Vec<Mount>| -> Vec<Mount> {
            let ms: Vec<Mount> = mounts.iter().filter_map(|m| mount_of(m, name)).collect();
            if ms.is_empty() { default } else { ms }
        };
        let plain_mount = |dir: String, langs: Vec<String>| {
            let source = root.join(dir);
            Mount {
                files: None,
                present: source.exists(),
                explicit: false,
                source,
                target: String::new(),
                langs,
            }
        };

        // Content: language contentDirs, else `contentDir`, unless mounts say otherwise.
        let content_dir = get_str(v, "contentdir").unwrap_or_else(|| "content".into());
        let mut default_content = Vec::new();
        let mut langs_with_dir = Vec::new();
        for lang in &languages {
            if let Some(dir) = get_str(v, &format!("languages.{lang}.contentdir")) {
                default_content.push(plain_mount(dir, vec![lang.clone()]));
                langs_with_dir.push(lang.clone());
            }
        }
        let with_dir: std::collections::HashSet<&String> = langs_with_dir.iter().collect();
        let rest: Vec<String> = languages
            .iter()
            .filter(|l| !with_dir.contains(l))
            .cloned()
            .collect();
        if !rest.is_empty() {
            let langs = if langs_with_dir.is_empty() {
                Vec::new()
            } else {
                rest
            };
            default_content.push(plain_mount(content_dir, langs));
        }
        let content = component("content", default_content);

        let mut static_dirs = strings(get(v, "staticdir"));
        for i in 0..=10 {
            static_dirs.extend(strings(get(v, &format!("staticdir{i}"))));
        }
        if static_dirs.is_empty() {
            static_dirs.push("static".into());
        }
        let statics = component(
            "static",
            static_dirs
                .into_iter()
                .map(|d| plain_mount(d, Vec::new()))
                .collect(),
        );
        let asset_dir = get_str(v, "assetdir").unwrap_or_else(|| "assets".into());
        let assets = component("assets", vec![plain_mount(asset_dir, Vec::new())]);

        // Layouts: the site's, its `layouts` mounts, its themes and modules found on disk.
        let roots = crate::site::templates::find::roots(
            root,
            v,
            component("layouts", Vec::new())
                .into_iter()
                .filter(|m| m.present)
                .map(|m| m.source)
                .collect(),
        );

        // Hugo's decodePermalinksMap: `key = pattern` sets pages and terms; `[permalinks.<kind>]`
        // one kind. Keys are section paths (`posts`, `docs/guides`), lower-cased as Hugo's
        // config keys are.
        let (mut permalinks, mut section_permalinks, mut term_permalinks) =
            (Vec::new(), Vec::new(), Vec::new());
        if let Some(Value::Object(m)) = get(v, "permalinks") {
            let key = |k: &str| k.trim_matches('/').to_lowercase();
            for (k, p) in m {
                match p {
                    Value::String(s) => {
                        permalinks.push((key(k), s.clone()));
                        term_permalinks.push((key(k), s.clone()));
                    }
                    Value::Object(inner) => {
                        let into = match k.to_lowercase().as_str() {
                            "page" => &mut permalinks,
                            "section" => &mut section_permalinks,
                            "term" => &mut term_permalinks,
                            _ => continue,
                        };
                        into.extend(
                            inner
                                .iter()
                                .filter_map(|(s, p)| p.as_str().map(|p| (key(s), p.to_string()))),
                        );
                    }
                    _ => {}
                }
            }
        }
        let taxonomies = match get(v, "taxonomies") {
            Some(Value::Object(m)) => m
                .values()
                .filter_map(|x| x.as_str().map(str::to_lowercase))
                .collect(),
            _ => vec!["tags".into(), "categories".into()],
        };

        // Hugo's `useEmbedded` (config/allconfig): the deprecated `enableDefault`, when given,
        // replaces it (true: fallback, false: never); `auto` becomes `fallback` when the config's
        // `languages` map has more than one entry (disabled ones count), no language has its
        // own `baseURL` and `duplicateResourceFiles` is off, and otherwise means never.
        let language_entries = match get(v, "languages") {
            Some(Value::Object(m)) if !m.is_empty() => m.len(),
            _ => 1,
        };
        let multihost = match get(v, "languages") {
            Some(Value::Object(m)) => m.values().any(|l| get(l, "baseurl").is_some()),
            _ => false,
        };
        let dup = get_bool(v, "markup.goldmark.duplicateresourcefiles").unwrap_or(false);
        let use_embedded = |kind: &str| -> UseEmbedded {
            let key = format!("markup.goldmark.renderhooks.{kind}");
            let mode = match get_bool(v, &format!("{key}.enabledefault")) {
                Some(true) => "fallback".to_string(),
                Some(false) => "never".to_string(),
                None => get_str(v, &format!("{key}.useembedded"))
                    .map(|s| s.to_lowercase())
                    .unwrap_or_else(|| "auto".into()),
            };
            match mode.as_str() {
                "always" => UseEmbedded::Always,
                "fallback" => UseEmbedded::Fallback,
                "auto" if language_entries > 1 && !multihost && !dup => UseEmbedded::Fallback,
                _ => UseEmbedded::Never,
            }
        };

        let id_type = get_str(v, "markup.goldmark.parser.autoheadingidtype")
            .or_else(|| get_str(v, "markup.goldmark.parser.autoidtype"))
            .and_then(|s| AutoIdType::from_config(&s))
            .unwrap_or_default();
        let typographer = typographer(get(v, "markup.goldmark.extensions.typographer"));

        let (link_embedded, image_embedded) = (use_embedded("link"), use_embedded("image"));
        let default_in_subdir = get_bool(v, "defaultcontentlanguageinsubdir").unwrap_or(false);
        let prefixes = languages
            .iter()
            .map(|l| {
                let prefix = prefix_of(l, &default_lang, default_in_subdir);
                (l.clone(), prefix)
            })
            .collect();
        Config {
            root: root.to_path_buf(),
            data_dir: root.join(get_str(v, "datadir").unwrap_or_else(|| "data".into())),
            remove_path_accents: get_bool(v, "removepathaccents").unwrap_or(false),
            base_path,
            base_scheme,
            base_host,
            default_in_subdir,
            default_lang,
            languages,
            prefixes,
            content,
            statics,
            assets,
            layouts: roots.layouts,
            remote_templates: roots.remote,
            ugly_urls: get_bool(v, "uglyurls").unwrap_or(false),
            disable_path_to_lower: get_bool(v, "disablepathtolower").unwrap_or(false),
            permalinks,
            section_permalinks,
            term_permalinks,
            disable_kinds: strings(get(v, "disablekinds"))
                .into_iter()
                .map(|k| k.to_lowercase())
                .collect(),
            disable_aliases: get_bool(v, "disablealiases").unwrap_or(false),
            aliases_only_for: None,
            taxonomies,
            build_drafts: get_bool(v, "builddrafts").unwrap_or(false),
            link_embedded,
            image_embedded,
            auto_id_type: id_type,
            auto_heading_id: get_bool(v, "markup.goldmark.parser.autoheadingid").unwrap_or(true),
            heading_attributes: get_bool(v, "markup.goldmark.parser.attribute.title")
                .unwrap_or(true),
            typographer,
            definition_term_ids: get_bool(v, "markup.goldmark.parser.autodefinitiontermid")
                .unwrap_or(false),
            unsafe_html: get_bool(v, "markup.goldmark.renderer.unsafe").unwrap_or(false),
            cascade: cascades(get(v, "cascade")),
            generated: Vec::new(),
            files: Vec::new(),
            redirect_formats: match get(v, "outputformats") {
                Some(Value::Object(m)) => m
                    .iter()
                    .filter(|(_, f)| get_str(f, "basename").as_deref() == Some("_redirects"))
                    .map(|(k, _)| k.to_lowercase())
                    .collect(),
                _ => Vec::new(),
            },
        }
    }

    /// Whether a config file the build makes is missing and nothing stands for it: where pages
    /// are published is then unknown.
    pub fn incomplete(&self) -> bool {
        self.generated.iter().any(|g| !g.template_read)
    }

    /// How the site makes paths of names and titles.
    pub fn path_rules(&self) -> crate::site::urlize::PathRules {
        crate::site::urlize::PathRules {
            disable_path_to_lower: self.disable_path_to_lower,
            remove_path_accents: self.remove_path_accents,
        }
    }

    pub fn kind_enabled(&self, kind: &str) -> bool {
        !self.disable_kinds.iter().any(|k| k == kind)
    }

    /// The URL prefix of a language (`/zh`), empty for the default one unless it is in a subdir.
    pub fn lang_prefix(&self, lang: &str) -> std::borrow::Cow<'_, str> {
        match self.prefixes.get(lang) {
            Some(prefix) => prefix.as_str().into(),
            None => prefix_of(lang, &self.default_lang, self.default_in_subdir).into(),
        }
    }
}

fn prefix_of(lang: &str, default_lang: &str, default_in_subdir: bool) -> String {
    if lang != default_lang || default_in_subdir {
        ["/", lang].concat()
    } else {
        String::new()
    }
}

/// The pattern of the rule whose section path holds `path` (a page's path, `/posts/2024/x`),
/// the most specific first: Hugo matches each key `k` as the glob `/{k,k/**}` (an empty key:
/// `/*`).
pub fn permalink_for<'a>(rules: &'a [(String, String)], path: &str) -> Option<&'a str> {
    rules
        .iter()
        .filter(|(k, _)| {
            if k.is_empty() {
                return path.len() > 1 && !path[1..].contains('/');
            }
            path.strip_prefix('/')
                .and_then(|p| p.strip_prefix(k.as_str()))
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
        .max_by_key(|(k, _)| k.len())
        .map(|(_, p)| p.as_str())
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_config_that_does_not_parse_is_an_error_with_its_line() {
        let e = parse("title = 'ok'\nbaseURL = 'x\n", "toml").unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
        assert!(parse("a: [1\n", "yaml").is_err());
        assert!(parse("{\"a\": }", "json").is_err());
    }

    use super::*;

    #[test]
    fn typographer_settings() {
        let read = |text: &str, format: &str| {
            let v = parse(text, format).unwrap();
            Config::from_value(Path::new("/site"), &v).typographer
        };
        let on = Some(Typographer::default());
        assert_eq!(read("", "toml"), on);
        assert_eq!(
            read("[markup.goldmark.extensions]\ntypographer = true\n", "toml"),
            on
        );
        assert_eq!(
            read(
                "[markup.goldmark.extensions]\ntypographer = false\n",
                "toml"
            ),
            None
        );
        let off = "[markup.goldmark.extensions.typographer]\ndisable = true\nenDash = 'x'\n";
        assert_eq!(read(off, "toml"), None);
        // Keys in any case; values weakly decoded into strings; null keeps the default.
        let yaml = "markup:\n  goldmark:\n    extensions:\n      typographer:\n        \
                    ENDASH: to\n        emDash: 3\n        ellipsis: false\n        \
                    apostrophe: ~\n";
        let t = read(yaml, "yaml").unwrap();
        assert_eq!(t.get(Punctuation::EnDash), "to");
        assert_eq!(t.get(Punctuation::EmDash), "3");
        assert_eq!(t.get(Punctuation::Ellipsis), "0");
        assert_eq!(t.get(Punctuation::Apostrophe), "&rsquo;");
        assert_eq!(t.get(Punctuation::LeftDoubleQuote), "&ldquo;");
    }

    #[test]
    fn split_config_dir_and_languages() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("config/_default")).unwrap();
        std::fs::write(
            root.join("config/_default/hugo.toml"),
            "baseURL = 'https://e.org/sub/'\nDefaultContentLanguage = 'en'\n",
        )
        .unwrap();
        std::fs::write(
            root.join("config/_default/languages.yaml"),
            "en:\n  weight: 1\n  contentDir: content/en\nzh:\n  weight: 2\n  contentDir: content/zh\n",
        )
        .unwrap();
        std::fs::write(
            root.join("config/_default/markup.toml"),
            "[goldmark.parser]\nautoIDType = 'github-ascii'\n",
        )
        .unwrap();
        assert_eq!(
            find_root(&root.join("config")).as_deref(),
            Some(std::fs::canonicalize(root).unwrap().as_path())
        );
        let c = Config::from_value(root, &load(root).unwrap());
        assert_eq!(c.base_path, "/sub");
        assert_eq!(c.languages, ["en", "zh"]);
        assert_eq!(c.content.len(), 2);
        assert_eq!(c.content[1].langs, ["zh"]);
        assert_eq!(c.auto_id_type, AutoIdType::GithubAscii);
        assert_eq!(
            c.link_embedded,
            UseEmbedded::Fallback,
            "multilingual single-host: the embedded hook"
        );
        assert_eq!(c.lang_prefix("zh"), "/zh");
        assert_eq!(c.lang_prefix("en"), "");
    }

    #[test]
    fn a_folder_listing_finds_what_the_probes_find() {
        let dir = tempfile::tempdir().unwrap();
        let case = |name: &str, make: &dyn Fn(&Path)| {
            let d = dir.path().join(name);
            std::fs::create_dir_all(&d).unwrap();
            make(&d);
            assert_eq!(holds_config(&d, None), probe_config(&d), "{name}");
            probe_config(&d)
        };
        let file = |p: &Path, name: &str| std::fs::write(p.join(name), "").unwrap();
        assert!(!case("empty", &|_| {}));
        assert!(!case("other", &|d| file(d, "hugo.md")));
        assert!(case("hugo-toml", &|d| file(d, "hugo.toml")));
        assert!(case("config-json", &|d| file(d, "config.json")));
        assert!(!case("folder-named-hugo-toml", &|d| {
            std::fs::create_dir(d.join("hugo.toml")).unwrap()
        }));
        assert!(case("config-default", &|d| {
            std::fs::create_dir_all(d.join("config/_default")).unwrap()
        }));
        assert!(!case("config-without-default", &|d| {
            std::fs::create_dir_all(d.join("config/production")).unwrap()
        }));
        assert!(!case("config-is-a-file", &|d| file(d, "config")));
        // On a case-sensitive file system neither finds it; on another, both do.
        case("upper-case", &|d| file(d, "HUGO.TOML"));
        #[cfg(unix)]
        {
            assert!(case("symlink", &|d| {
                file(d, "real.toml");
                std::os::unix::fs::symlink(d.join("real.toml"), d.join("hugo.yaml")).unwrap();
            }));
            assert!(!case("dangling", &|d| {
                std::os::unix::fs::symlink(d.join("gone"), d.join("hugo.yaml")).unwrap();
            }));
            assert!(case("config-symlink", &|d| {
                std::fs::create_dir_all(d.join("real/_default")).unwrap();
                std::os::unix::fs::symlink(d.join("real"), d.join("config")).unwrap();
            }));
        }
        // A nested site is its own root; a folder below a root belongs to it.
        let outer = dir.path().join("hugo-toml");
        std::fs::create_dir_all(outer.join("content/docs")).unwrap();
        std::fs::create_dir_all(outer.join("themes/t/exampleSite/content")).unwrap();
        file(&outer.join("themes/t/exampleSite"), "hugo.yaml");
        let canonical = |p: PathBuf| std::fs::canonicalize(p).unwrap();
        let mut finder = RootFinder::default();
        assert_eq!(
            finder.find(&outer.join("content/docs")),
            Some(canonical(outer.clone()))
        );
        assert_eq!(
            finder.find(&outer.join("themes/t/exampleSite/content")),
            Some(canonical(outer.join("themes/t/exampleSite")))
        );
        // A sharing finder keeps the listing of every folder it reads, by canonical path.
        let listings = std::sync::Arc::new(crate::site::listing::Listings::default());
        let mut finder = RootFinder::sharing(listings.clone());
        finder.find(&outer.join("content/docs"));
        let sorted = |mut l: crate::site::listing::Listing| {
            l.sort_by(|a, b| a.0.cmp(&b.0));
            l
        };
        for d in ["content/docs", "content", ""] {
            let folder = canonical(outer.join(d));
            let kept = listings.take(&folder).map(sorted);
            let read = crate::site::listing::read(&folder).ok().map(sorted);
            assert!(kept.is_some() && kept == read, "{d}: {kept:?}");
        }
    }

    #[test]
    fn a_config_that_does_not_parse_names_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("hugo.toml"), "title = 'x'\nbroken =\n").unwrap();
        let e = load(dir.path()).unwrap_err();
        assert!(e.file.ends_with("hugo.toml"));
        assert!(e.message.starts_with("line 2"), "{}", e.message);
    }
}
