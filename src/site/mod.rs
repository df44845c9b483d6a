//! The Hugo site: configuration discovery, content dirs, languages, the URL ↔ page map, link
//! resolution, and other pages' anchors on demand.
//!
//! Built once per site from the file listing and each page's front matter; a page's Markdown is
//! parsed here only when a fragment link points at it and the engine has not parsed it already.

pub mod adapters;
pub mod bounded;
pub mod cache;
pub mod config;
pub mod describe;
pub mod generated_config;
pub mod go_time;
pub mod index;
mod kept;
pub mod listing;
pub mod path_key;
pub mod redirects;
pub mod resolve;
mod stamp;
pub mod templates;
pub mod urlize;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::OnceLock;

use crate::catalogue::Catalogue;
use crate::document::{Document, PageMeta};
use crate::settings::{Settings, SettingsProblem};
use crate::syntax::ParseOptions;
pub use config::{Config, HookMode};
pub use index::{Anchors, Index, PageKind, is_content_ext};
pub use path_key::PathKey;
pub use resolve::{Missing, Resolution, Use};
pub use templates::HeadingIds;

/// A Hugo site (or a plain folder of Markdown when no site config is found).
#[derive(Debug)]
pub struct Site {
    root: Option<PathBuf>,
    config: Config,
    catalogue: Catalogue,
    /// Built on first use, so that a run which parses pages anyway can hand their front matter
    /// over first ([`Site::provide_front_matter`]) instead of the index reading it again.
    index: Option<LazyIndex>,
    settings: Settings,
    settings_problems: Vec<SettingsProblem>,
    /// The site's templates (shortcodes, partials, render hooks), read on first use.
    templates: Option<Arc<templates::Templates>>,
    /// The redirects the site publishes (Netlify's `_redirects`, `netlify.toml`), read when a
    /// link first resolves to no published URL.
    redirects: OnceLock<redirects::Redirects>,
    notes: Vec<String>,
    /// Things the user must know about the site as checked out (config its build makes).
    warnings: Vec<String>,
    errors: Vec<String>,
    /// Anchors of editors' unsaved buffers for the lint under way, by page: consulted before
    /// the pages' own, which are set once ([`Site::overlay_anchors`]).
    overlay: std::sync::RwLock<rustc_hash::FxHashMap<usize, Arc<Anchors>>>,
    /// Without a site: the folders being linted (absolute). A relative link that leaves them
    /// is not looked up (no `stat` of `../../../etc/passwd`). Empty: no bound set.
    plain_bounds: Vec<PathBuf>,
}

#[derive(Debug, Default)]
struct LazyIndex {
    built: OnceLock<Index>,
    /// An editor's buffer: a page even before it is saved.
    extra: Option<PathBuf>,
    /// Front matter already read, by absolute file.
    known: std::sync::Mutex<rustc_hash::FxHashMap<PathKey, PageMeta>>,
    cache: Option<cache::MetaCache>,
    /// Folders listed already in this run (by the site-root search).
    listings: Option<std::sync::Arc<listing::Listings>>,
}

/// The page a file is, as far as links are concerned.
#[derive(Debug, Clone)]
pub struct PageRef {
    pub file: PathBuf,
    pub page: Option<usize>,
    pub lang: String,
    pub url: Option<String>,
    pub bundle_dir: Option<String>,
    pub leaf: bool,
    /// The file's folder inside the content tree.
    pub content_dir: String,
    /// In the content tree but not a page (a bundle's content resource, included by a
    /// template): its links resolve in the context of whatever page renders it.
    pub resource: bool,
}

impl Site {
    /// A plain folder: no config, built-in catalogue, Hugo's default markup settings.
    pub fn plain() -> Site {
        Site {
            root: None,
            config: Config::plain(Path::new(".")),
            catalogue: Catalogue::builtin().clone(),
            index: None,
            settings: Settings::default(),
            settings_problems: Vec::new(),
            templates: None,
            redirects: OnceLock::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
            errors: Vec::new(),
            overlay: Default::default(),
            plain_bounds: Vec::new(),
        }
    }

    /// Without a site config: the folders being linted (made absolute, lexically). A link that
    /// leaves all of them resolves to nothing knowable rather than being looked up.
    pub fn bound_plain_links(&mut self, folders: impl IntoIterator<Item = PathBuf>) {
        self.plain_bounds = folders
            .into_iter()
            .filter_map(|f| absolute_normal(&f))
            .collect();
        self.plain_bounds.sort();
        self.plain_bounds.dedup();
    }

    /// Whether `path` may be looked up: inside a folder being linted (always, when none is set).
    pub(crate) fn inside_plain_bounds(&self, path: &Path) -> bool {
        self.plain_bounds.is_empty()
            || absolute_normal(path)
                .is_some_and(|p| self.plain_bounds.iter().any(|b| p.starts_with(b)))
    }

    /// A plain folder with hugolint's settings from `settings_file` (`--config`), if given.
    pub fn plain_with(settings_file: Option<&Path>) -> Site {
        let mut s = Site::plain();
        if let Some(file) = settings_file {
            match Settings::load_file(file, true) {
                Ok(settings) => {
                    s.catalogue.extend(settings.shortcodes().clone());
                    s.settings = settings;
                }
                Err(problems) => s.settings_problems = problems,
            }
        }
        s
    }

    /// The site around `path`: the nearest ancestor folder holding a Hugo config. A config that
    /// does not parse is recorded in [`Site::errors`] and the folder is linted as plain Markdown.
    pub fn discover(path: &Path) -> Site {
        Site::discover_with(path, None)
    }

    /// [`Site::discover`], with hugolint's settings read from `settings_file` (`--config`)
    /// instead of the site root's `.hugolint.yaml`; they apply to a plain folder too.
    pub fn discover_with(path: &Path, settings_file: Option<&Path>) -> Site {
        Site::discover_inner(path, settings_file, None)
    }

    /// [`Site::discover_with`] for an editor's buffer: `file` (absolute, canonical folder) is a
    /// page of the site with the front matter of `text`, saved or not.
    pub fn discover_with_buffer(
        path: &Path,
        settings_file: Option<&Path>,
        file: &Path,
        text: &str,
    ) -> Site {
        Site::discover_inner(path, settings_file, Some((file, text)))
    }

    fn discover_inner(
        path: &Path,
        settings_file: Option<&Path>,
        buffer: Option<(&Path, &str)>,
    ) -> Site {
        let settings = |root: Option<&Path>| {
            let loaded = match (settings_file, root) {
                (Some(file), _) => Settings::load_file(file, true),
                (None, Some(root)) => Settings::load(root),
                (None, None) => Ok(Settings::default()),
            };
            match loaded {
                Ok(s) => (s, Vec::new()),
                Err(problems) => (Settings::default(), problems),
            }
        };
        let Some(root) = config::find_root(path) else {
            return Site::plain_with(settings_file);
        };
        let (value, generated, files) = match config::load_listed(&root) {
            Ok(v) => v,
            Err(e) => {
                let mut s = Site::plain();
                s.errors.push(e.to_string());
                (s.settings, s.settings_problems) = settings(None);
                s.catalogue.extend(s.settings.shortcodes().clone());
                return s;
            }
        };
        let mut config = Config::from_value(&root, &value);
        config.aliases_only_for = redirects::aliases_only_for(&config);
        let mut warnings: Vec<String> = generated.iter().map(generated_warning).collect();
        for (section, pattern) in &config.permalinks {
            let unknown = index::unknown_permalink_attributes(pattern);
            if !unknown.is_empty() {
                warnings.push(format!(
                    "permalinks: `{}` = `{}`: {} is not an attribute Hugo knows (its build fails: \"permalink attribute not recognised\"); hugolint keeps the text as written",
                    section.escape_debug(),
                    pattern.escape_debug(),
                    unknown
                        .iter()
                        .map(|a| format!("`{}`", a.escape_debug()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        config.generated = generated;
        config.files = files;
        let mut index = LazyIndex::default();
        if let Some((file, text)) = buffer {
            let meta = crate::syntax::front_matter::split(text)
                .front_matter
                .map(|f| f.meta)
                .unwrap_or_default();
            index
                .known
                .get_mut()
                .expect("new")
                .insert(PathKey::of(file), meta);
            index.extra = Some(file.to_path_buf());
        }
        let mut notes = Vec::new();
        if !config.remote_templates.is_empty() {
            notes.push(format!(
                "{}: templates may come from {} (not on disk): a shortcode found in none of the site's layout folders is not reported, and a render hook that calls a template found nowhere is taken as unknown (a heading hook: fragments into its pages are not checked)",
                root.display(),
                config
                    .remote_templates
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let templates = Arc::new(templates::Templates::new(
            templates::find::Roots {
                layouts: config.layouts.clone(),
                remote: config.remote_templates.clone(),
            },
            &config.default_lang,
        ));
        let errors = Vec::new();
        let (settings, settings_problems) = settings(Some(&root));
        let mut catalogue = Catalogue::builtin().clone();
        catalogue.with_site(templates.clone());
        catalogue.extend(settings.shortcodes().clone());
        let templates = Some(templates);
        Site {
            root: Some(root),
            config,
            catalogue,
            index: Some(index),
            settings,
            settings_problems,
            templates,
            redirects: OnceLock::new(),
            notes,
            warnings,
            errors,
            overlay: Default::default(),
            plain_bounds: Vec::new(),
        }
    }

    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn index(&self) -> Option<&Index> {
        let lazy = self.index.as_ref()?;
        Some(lazy.built.get_or_init(|| {
            let known = std::mem::take(&mut *lazy.known.lock().unwrap_or_else(|e| e.into_inner()));
            let index = Index::build_with(
                &self.config,
                lazy.extra.as_deref(),
                &known,
                lazy.cache.as_ref(),
                lazy.listings.as_deref(),
                self.settings.walk_limit(),
            );
            if let Some(cache) = &lazy.cache {
                cache.save();
            }
            index
        }))
    }

    /// Keep the pages' front matter between runs in `dir` ([`cache`]); call before the index is
    /// first used.
    pub fn use_cache(&mut self, dir: &Path) {
        if let (Some(lazy), Some(root)) = (&mut self.index, &self.root)
            && lazy.built.get().is_none()
        {
            match cache::MetaCache::open_checked(dir, root) {
                Ok(cache) => lazy.cache = Some(cache),
                Err(warning) => self.warnings.push(warning),
            }
        }
    }

    /// Folders this run has listed already: the index takes their listings instead of reading
    /// them again. Call before the index is first used.
    pub fn use_listings(&mut self, listings: std::sync::Arc<listing::Listings>) {
        if let Some(lazy) = &mut self.index
            && lazy.built.get().is_none()
        {
            lazy.listings = Some(listings);
        }
    }

    /// Hand over the front matter of pages already read (a whole-site run parses every page
    /// before it resolves links), so the index does not read them again. Only useful before the
    /// index is first used; later it changes nothing.
    pub fn provide_front_matter(&self, pages: Vec<(PathBuf, PageMeta)>) {
        use rayon::prelude::*;
        let Some(lazy) = &self.index else { return };
        if lazy.built.get().is_some() {
            return;
        }
        // The paths are made absolute on every core: a whole site's worth, before the index.
        let pages: Vec<(PathKey, PageMeta)> = pages
            .into_par_iter()
            .filter_map(|(file, meta): (PathBuf, PageMeta)| {
                Some((PathKey::of(&lexical_absolute(&file)?), meta))
            })
            .collect();
        let mut known = lazy.known.lock().unwrap_or_else(|e| e.into_inner());
        known.extend(pages);
    }

    /// The published URL nearest to a URL key that resolved to nothing (did-you-mean), in the
    /// linking page's language `lang` or the default one when one is alike.
    pub fn nearest_url(&self, key: &str, lang: &str) -> Option<String> {
        self.index()?.nearest_url(key, lang)
    }

    /// The URL a page is published at (site-absolute), if it is rendered.
    pub fn page_url(&self, page: usize) -> Option<&str> {
        self.index()?.pages.get(page)?.url.as_deref()
    }

    /// The redirects the site publishes, read on first use; `None` without a site root.
    pub fn redirects(&self) -> Option<&redirects::Redirects> {
        let root = self.root.as_deref()?;
        Some(
            self.redirects
                .get_or_init(|| redirects::Redirects::read(root, &self.config, self.index())),
        )
    }

    /// hugolint's own settings for this site (`.hugolint.yaml`).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Problems in `.hugolint.yaml` (the defaults apply meanwhile).
    pub fn settings_problems(&self) -> &[SettingsProblem] {
        &self.settings_problems
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// Mounted folders too large to walk (`walk-limit`): their pages are unknown (none
    /// when the index is not built yet).
    pub fn too_large_folders(&self) -> &[PathBuf] {
        self.index
            .as_ref()
            .and_then(|lazy| lazy.built.get())
            .map_or(&[], |index| &index.too_large)
    }

    /// Folders of the site that could not be read while its index was built (none when the
    /// index is not built yet).
    pub fn unreadable_folders(&self) -> &[PathBuf] {
        self.index
            .as_ref()
            .and_then(|lazy| lazy.built.get())
            .map_or(&[], |index| &index.unreadable)
    }

    /// Things to tell the user once (info level).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// What the user must know about the site as checked out, once (warning level).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Problems with the site's own configuration files.
    pub fn errors(&self) -> &[String] {
        &self.errors
    }

    pub fn parse_options(&self) -> ParseOptions<'_> {
        ParseOptions {
            auto_id_type: self.config.auto_id_type,
            auto_heading_id: self.config.auto_heading_id,
            heading_attributes: self.config.heading_attributes,
            typographer: self.config.typographer.as_ref(),
            definition_term_ids: self.config.definition_term_ids,
            // Outside a site the renderer is unknown: assume raw HTML is kept (fewer reports).
            raw_html: self.root.is_none() || self.config.unsafe_html,
            catalogue: &self.catalogue,
            lang: None,
        }
    }

    /// [`Site::parse_options`] for the page in `file`: with its language.
    pub fn parse_options_for(&self, file: &Path) -> ParseOptions<'_> {
        ParseOptions {
            lang: self.root.is_some().then(|| self.lang_of(file)),
            ..self.parse_options()
        }
    }

    /// A content file's language, from its name (`x.fr.md`) or its content folder, as Hugo
    /// reads it, without the site index (pages are parsed while it is built).
    fn lang_of(&self, file: &Path) -> &str {
        let config = &self.config;
        if let Some(stem) = file.file_stem().and_then(|s| s.to_str())
            && let Some((_, l)) = stem.rsplit_once('.')
            && let Some(lang) = config.languages.iter().find(|x| x.as_str() == l)
        {
            return lang;
        }
        let abs = lexical_absolute(file).unwrap_or_else(|| file.to_path_buf());
        config
            .content
            .iter()
            .find(|m| !m.langs.is_empty() && abs.starts_with(&m.source))
            .and_then(|m| config.languages.iter().find(|l| **l == m.langs[0]))
            .map_or(config.default_lang.as_str(), String::as_str)
    }

    fn ignored(&self, dest: &str) -> bool {
        self.settings.link_ignored(dest)
    }

    /// Whether a shortcode has a template: `None` when that cannot be known (outside a site,
    /// or a name found nowhere on disk while templates come from modules that are not).
    pub fn shortcode_exists(&self, name: &str) -> Option<bool> {
        let templates = self.templates.as_ref()?;
        let lower = name.to_lowercase();
        if name.ends_with(".inline")
            || self.catalogue.get(&lower).is_some_and(|s| s.embedded)
            || templates.has_shortcode(&lower)
        {
            return Some(true);
        }
        if !templates.remote().is_empty() {
            return None;
        }
        Some(false)
    }

    /// The shortcode template name nearest to `name`, for did-you-mean.
    pub fn nearest_shortcode(&self, name: &str) -> Option<String> {
        let lower = name.to_lowercase();
        let embedded = self
            .catalogue
            .names()
            .filter(|(_, s)| s.embedded)
            .map(|(n, _)| n.to_string());
        self.templates
            .iter()
            .flat_map(|t| t.shortcode_names().map(str::to_string).collect::<Vec<_>>())
            .chain(embedded)
            .map(|n| (strsim::jaro_winkler(&n, &lower), n))
            .filter(|(s, _)| *s > 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
            .map(|(_, n)| n)
    }

    /// The render hook that writes a page's Markdown links (`link`) or images (`image`), as
    /// Hugo picks it: the site's own of the nearest scope unless `useEmbedded` is `always`,
    /// else Hugo's embedded one when `useEmbedded` allows, else none (written as is).
    pub fn hook_for(&self, kind: &str, from: &PageRef) -> HookMode {
        let mode = if kind == "image" {
            self.config.image_embedded
        } else {
            self.config.link_embedded
        };
        if mode == config::UseEmbedded::Always {
            return HookMode::Embedded;
        }
        if let Some(t) = &self.templates
            && let Some(facts) = t.hook(kind, &|| self.template_base(from))
        {
            return HookMode::Site(facts);
        }
        match mode {
            config::UseEmbedded::Never => HookMode::Browser,
            _ => HookMode::Embedded,
        }
    }

    /// How the heading render hook of the page `from` writes its headings' IDs (goldmark's own
    /// without one).
    pub fn heading_ids(&self, from: &PageRef) -> HeadingIds {
        self.templates
            .as_ref()
            .and_then(|t| t.hook("heading", &|| self.template_base(from)))
            .map(|f| f.heading.clone())
            .unwrap_or_default()
    }

    /// [`Site::heading_ids`] for the page at `page` in the index (goldmark's without one).
    pub fn heading_ids_at(&self, page: usize) -> HeadingIds {
        self.index()
            .and_then(|i| i.pages.get(page))
            .map(|p| self.heading_ids_of(p))
            .unwrap_or_default()
    }

    /// [`Site::heading_ids`] for a page of the index.
    fn heading_ids_of(&self, page: &index::Page) -> HeadingIds {
        self.templates
            .as_ref()
            .and_then(|t| {
                t.hook("heading", &|| {
                    templates::template_base(&page.logical, page.meta.kind.as_deref())
                })
            })
            .map(|f| f.heading.clone())
            .unwrap_or_default()
    }

    /// The path Hugo looks a page's templates up with ([`templates::template_base`]).
    fn template_base(&self, from: &PageRef) -> String {
        match (self.index(), from.page) {
            (Some(index), Some(p)) => {
                let page = &index.pages[p];
                templates::template_base(&page.logical, page.meta.kind.as_deref())
            }
            _ => format!("/{}", from.content_dir),
        }
    }

    /// The path the index knows `file` by: its canonical path. A file found by walking is
    /// usually canonical once made absolute, and the index answers without a system call; only a
    /// spelling it does not know (symlinks, `..`, a file outside the content) asks the file
    /// system.
    pub fn canonical(&self, file: &Path) -> PathBuf {
        if let Some(index) = self.index()
            && let Some(abs) = lexical_absolute(file)
            && index.page_of_file(&abs).is_some()
        {
            return abs;
        }
        std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf())
    }

    /// Whether `path` (a file or folder) lies in the site's content: a content folder or mount
    /// present on disk. Everything is, in a plain folder. Asked before the index is built: by
    /// the path's spelling, the file system only when that lies outside the root (symlinks, `..`).
    pub fn holds_content(&self, path: &Path) -> bool {
        let Some(root) = &self.root else {
            return true;
        };
        let abs = match lexical_absolute(path) {
            Some(abs) if abs.starts_with(root) => abs,
            _ => match std::fs::canonicalize(path) {
                Ok(abs) => abs,
                Err(_) => return false,
            },
        };
        if self.config.incomplete() {
            // The content mounts may be in the missing config: anything outside Hugo's other
            // component folders may be content.
            let Ok(rel) = abs.strip_prefix(root) else {
                return false;
            };
            let mut parts = rel.components();
            let first = parts.next().map(|c| c.as_os_str().to_string_lossy());
            let not_content = [
                "archetypes",
                "assets",
                "config",
                "data",
                "i18n",
                "layouts",
                "static",
                "themes",
            ];
            return parts.next().is_some()
                && first.is_some_and(|f| !not_content.contains(&f.as_ref()));
        }
        self.config.content.iter().any(|m| {
            m.present
                && strip_mount(&abs, &m.source)
                    .is_some_and(|rel| rel.is_empty() || m.filter().is_none_or(|f| f.accepts(&rel)))
        })
    }

    /// The page a file is.
    pub fn page_ref(&self, file: &Path) -> PageRef {
        let abs = self.canonical(file);
        let found = self
            .index()
            .and_then(|i| i.page_of_file(&abs).map(|p| (p, &i.pages[p])));
        match found {
            Some((idx, p)) => PageRef {
                file: abs,
                page: Some(idx),
                lang: p.lang.to_string(),
                url: p.url.clone(),
                bundle_dir: p.bundle_dir.clone(),
                leaf: p.kind == PageKind::Leaf,
                content_dir: p
                    .content_path
                    .rsplit_once('/')
                    .map_or(String::new(), |(d, _)| d.to_string()),
                resource: false,
            },
            None => PageRef {
                resource: self.index.is_some()
                    && self
                        .config
                        .content
                        .iter()
                        .any(|m| m.present && abs.starts_with(&m.source)),
                file: abs,
                page: None,
                lang: self.config.default_lang.clone(),
                url: None,
                bundle_dir: None,
                leaf: false,
                content_dir: String::new(),
            },
        }
    }

    /// The anchors of a page: an unsaved buffer's ([`Site::overlay_anchors`]), else from the
    /// engine's parse when it gave them, else parsed now (once).
    pub fn anchors(&self, page: usize) -> Arc<Anchors> {
        let Some(index) = self.index() else {
            return Arc::default();
        };
        if let Some(a) = self
            .overlay
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&page)
        {
            return a.clone();
        }
        let p = &index.pages[page];
        p.anchors
            .get_or_init(|| {
                let text = bounded::read(&p.file, bounded::PAGE)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default();
                let options = ParseOptions {
                    lang: Some(&p.lang),
                    ..self.parse_options()
                };
                // Under the page's own budget, whichever page asks first: a page too costly
                // to read has unknown anchors (no fragment into it is reported broken).
                let (doc, _) =
                    crate::budget::metered(self.settings.page_budget(text.len()), || {
                        crate::syntax::parse(&text, &options)
                    });
                let Ok(doc) = doc else {
                    return Arc::new(Anchors {
                        incomplete: true,
                        ..Anchors::default()
                    });
                };
                let mut a = anchors_of(&doc, &self.catalogue, &self.heading_ids_of(p));
                // A page with its own layout may render more than its Markdown (FAQ entries,
                // generated sections): its IDs are not all in the file.
                a.incomplete |= p.meta.layout.is_some();
                Arc::new(a)
            })
            .clone()
    }

    /// The files of a leaf bundle besides its page, `/`-separated and relative to the bundle's
    /// folder (an editor offers them as images and link targets); at most 1,000, four folders
    /// deep.
    pub fn bundle_resources(&self, page: usize) -> Vec<String> {
        let Some(p) = self.index().and_then(|i| i.pages.get(page)) else {
            return Vec::new();
        };
        let Some(dir) = p.file.parent().filter(|_| p.kind == PageKind::Leaf) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut todo = vec![(dir.to_path_buf(), String::new(), 0)];
        while let Some((folder, prefix, depth)) = todo.pop() {
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let Ok(kind) = e.file_type() else { continue };
                if kind.is_dir() && depth < 4 {
                    todo.push((e.path(), format!("{prefix}{name}/"), depth + 1));
                } else if kind.is_file() && *e.path() != *p.file && out.len() < 1000 {
                    out.push(format!("{prefix}{name}"));
                }
            }
        }
        out.sort();
        out
    }

    /// The text of a page's file as it is on disk (lossy UTF-8).
    pub fn page_text(&self, page: usize) -> Option<String> {
        let p = self.index()?.pages.get(page)?;
        bounded::read(&p.file, bounded::PAGE)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    /// Hand over the anchors of a page the engine has parsed, so it is not parsed again.
    pub fn provide_anchors(&self, file: &Path, doc: &Document) {
        if let Some((p, a)) = self.anchors_given(file, doc) {
            let _ = self.index().expect("a page").pages[p].anchors.set(a);
        }
    }

    /// A page the engine could not read within its budget: its anchors are unknown, and it is
    /// not read again for them.
    pub fn provide_unknown_anchors(&self, file: &Path) {
        if let Some(index) = self.index()
            && let Some(p) = index.page_of_file(&self.canonical(file))
        {
            let _ = index.pages[p].anchors.set(Arc::new(Anchors {
                incomplete: true,
                ..Anchors::default()
            }));
        }
    }

    /// The anchors of `file` as `doc` (an editor's buffer) gives them, until
    /// [`Site::clear_overlay`]: a site kept between an editor's lints takes each lint's buffers
    /// this way, over the anchors of their files (read once, kept).
    pub fn overlay_anchors(&self, file: &Path, doc: &Document) {
        if let Some((p, a)) = self.anchors_given(file, doc) {
            self.overlay
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .insert(p, a);
        }
    }

    /// Forget the anchors given by [`Site::overlay_anchors`].
    pub fn clear_overlay(&self) {
        self.overlay
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// The page of `file` and the anchors `doc` gives it.
    fn anchors_given(&self, file: &Path, doc: &Document) -> Option<(usize, Arc<Anchors>)> {
        let index = self.index()?;
        let p = index.page_of_file(&self.canonical(file))?;
        let page = &index.pages[p];
        let mut a = anchors_of(doc, &self.catalogue, &self.heading_ids_of(page));
        a.incomplete |= page.meta.layout.is_some();
        Some((p, Arc::new(a)))
    }

    /// Whether this site is the one [`Site::discover_with_buffer`] would read for `file` with
    /// the text `text` (absolute, canonical folder): the file is a page of it with that front
    /// matter already, or lies outside the content (the buffer changes nothing in the index).
    /// An editor then lints the buffer in this site instead of reading the site again.
    pub fn fits_buffer(&self, file: &Path, text: &str) -> bool {
        if self.root.is_none() {
            return true;
        }
        if !self.holds_content(file) {
            return true;
        }
        let Some(index) = self.index() else {
            return false;
        };
        let Some(p) = index.page_of_file(file) else {
            return false;
        };
        let meta = crate::syntax::front_matter::split(text)
            .front_matter
            .map(|f| f.meta)
            .unwrap_or_default();
        *index.pages[p].meta == meta
    }
}

/// The warning for a config file the site's build makes and the checkout lacks.
fn generated_warning(g: &generated_config::Generated) -> String {
    let shown = |p: &Path| {
        let p = current_dir()
            .and_then(|cwd| p.strip_prefix(cwd).ok())
            .unwrap_or(p);
        p.display().to_string()
    };
    let why = if g.ignored_by_git {
        "git ignores it: the site's build makes it"
    } else {
        "a template of it is here: the site's build makes it"
    };
    match (&g.template, g.template_read) {
        (Some((t, _)), true) => format!(
            "`{}` is not in this checkout ({why}); hugolint read `{}` in its place. Build the site once (or make the file) for an exact check",
            shown(&g.file),
            shown(t)
        ),
        _ => format!(
            "`{}` is not in this checkout ({why}); without it, where the site publishes its pages is unknown, so links to them are not checked. Build the site once (or make the file), then lint again",
            shown(&g.file)
        ),
    }
}

/// The current directory, read once (hugolint never changes it).
pub fn current_dir() -> Option<&'static Path> {
    static CWD: OnceLock<Option<PathBuf>> = OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().ok()).as_deref()
}

/// `path` made absolute without asking the file system; `None` when it climbs (`..`), since
/// only the file system knows where that leads through a symlink.
/// `path` made absolute with `.` and `..` resolved lexically (`..` above the root stays at it).
fn absolute_normal(path: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let mut out = std::path::absolute(path).ok()?;
    if !out
        .components()
        .any(|c| matches!(c, Component::ParentDir | Component::CurDir))
    {
        return Some(out);
    }
    let mut normal = PathBuf::new();
    for c in out.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    out = normal;
    Some(out)
}

pub(crate) fn lexical_absolute(path: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let mut out = if path.is_absolute() {
        PathBuf::new()
    } else {
        current_dir()?.to_path_buf()
    };
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => return None,
            other => out.push(other),
        }
    }
    Some(out)
}

/// The IDs a page's HTML carries, and whether some cannot be known; its headings' as its
/// heading render hook writes them (`headings`).
pub fn anchors_of(doc: &Document, catalogue: &Catalogue, headings: &HeadingIds) -> Anchors {
    use crate::catalogue::{AnchorEffect, IdSource};
    let mut ids: Vec<String> = Vec::with_capacity(doc.headings.len() + doc.html_anchors.len());
    let mut hook_unknown = false;
    for h in &doc.headings {
        let Some(id) = &h.id else { continue };
        // Definition terms are not headings: no heading hook renders them.
        if h.level == 0 {
            ids.push(id.clone());
            continue;
        }
        match headings.of(id) {
            Some(Some(id)) => ids.push(id),
            Some(None) => {}
            None => hook_unknown = true,
        }
    }
    ids.extend(doc.html_anchors.iter().map(|a| a.id.clone()));
    // Only a shortcode alone on its line can add headings (`{{% include %}}`, a boilerplate);
    // one inside a sentence renders inline text.
    let src = doc.source.as_bytes();
    let alone = |span: &crate::document::Span| {
        let before = src[..span.start]
            .iter()
            .rev()
            .take_while(|&&b| b != b'\n')
            .all(|b| b.is_ascii_whitespace());
        let after = src[span.end..]
            .iter()
            .take_while(|&&b| b != b'\n')
            .all(|b| b.is_ascii_whitespace());
        before && after
    };
    let mut incomplete = hook_unknown || doc.headings.iter().any(|h| h.id_unknowable);
    let mut prefixes = Vec::new();
    for s in &doc.shortcodes {
        let Some(spec) = catalogue.get(&s.name) else {
            // No template on disk and not in the catalogue: its output may hold headings or
            // IDs when it stands alone.
            incomplete |= s.close.is_none() && alone(&s.open);
            continue;
        };
        let given = |p: &str| {
            if p.bytes().all(|b| b.is_ascii_digit()) {
                s.positional(p.parse().unwrap_or(usize::MAX))
            } else {
                s.param(p)
            }
        };
        match spec.anchors {
            AnchorEffect::None => {}
            AnchorEffect::Unknown => incomplete = true,
            AnchorEffect::Call => {
                let inner = s.inner().map(|i| &doc.source[i]).unwrap_or("");
                incomplete |= s
                    .params
                    .iter()
                    .any(|p| templates::shortcode::may_hold_anchor(&p.value))
                    || templates::shortcode::html_may_hold_anchor(inner);
            }
        }
        incomplete |= spec.writes_headings && s.delimiter == crate::document::Delimiter::Percent;
        for id in &spec.ids {
            match id {
                IdSource::Literal(l) => ids.push(l.clone()),
                IdSource::Prefix(p) => prefixes.push(p.clone()),
                IdSource::Param {
                    param,
                    prefix,
                    suffix,
                    anchorize,
                } => {
                    if let Some(v) = given(param) {
                        let v = if *anchorize {
                            crate::syntax::anchors::sanitize(
                                &v.value,
                                crate::syntax::AutoIdType::Github,
                            )
                        } else {
                            v.value.clone()
                        };
                        ids.push(format!("{prefix}{v}{suffix}"));
                    }
                }
            }
        }
    }
    Anchors {
        ids,
        incomplete,
        prefixes,
        lookup: Default::default(),
    }
}

/// `abs` inside the mount source `source`, as a `/`-separated relative path (empty for the
/// source itself, a mounted file).
fn strip_mount(abs: &Path, source: &Path) -> Option<String> {
    let rel = abs.strip_prefix(source).ok()?;
    Some(rel.to_string_lossy().replace('\\', "/"))
}
