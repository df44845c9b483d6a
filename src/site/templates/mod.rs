//! The site's templates, read the way Hugo finds them ([`find`]), parsed with a small Go-template
//! reader ([`go_template`]) and followed without running them ([`eval`]) for the facts the rest
//! of hugolint needs: a shortcode's pairing, inner text, image and link params and the anchors it
//! can add ([`shortcode`]); what a link or image render hook does with a destination ([`hook`]).
//!
//! Read lazily: the layout folders are listed on first use, and a template is read and parsed
//! only when a page uses its shortcode or a link needs its hook (once per run).
//!
//! Not kept between runs (no `Kept` store): on opentelemetry.io a one-file warm run reads its
//! layouts and the templates it uses for 1.8M instructions (76.8M → 78.6M, callgrind, one
//! thread), well under a millisecond; a store would still stat every template and partial it
//! covers, and read its own file.

pub mod eval;
pub mod find;
pub mod go_template;
pub mod hook;
pub mod html;
pub mod i18n;
pub mod shortcode;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use rustc_hash::FxHashMap as HashMap;

use crate::catalogue::{Pairing, ShortcodeSpec, SiteShortcodes};
pub use eval::Lookup;
use go_template::Template;
pub use hook::{HeadingIds, HookFacts};

/// The templates of one site.
#[derive(Debug)]
pub struct Templates {
    roots: find::Roots,
    listing: OnceLock<find::Listing>,
    /// Specs by lower-cased name (every name on disk), each made on first use.
    specs: OnceLock<HashMap<String, OnceLock<Option<ShortcodeSpec>>>>,
    /// Parsed partials, by path under `_partials/`.
    partials: Mutex<HashMap<String, Option<Arc<Template>>>>,
    /// Hook facts, by index in the listing's hooks, each read on first use.
    hooks: OnceLock<Vec<OnceLock<Arc<HookFacts>>>>,
    /// Translation strings, read on first use.
    i18n: OnceLock<i18n::I18n>,
    default_lang: String,
}

impl Templates {
    pub fn new(roots: find::Roots, default_lang: &str) -> Templates {
        Templates {
            i18n: OnceLock::new(),
            default_lang: default_lang.to_string(),
            roots,
            listing: OnceLock::new(),
            specs: OnceLock::new(),
            partials: Mutex::default(),
            hooks: OnceLock::new(),
        }
    }

    /// Themes and modules whose templates are not on disk.
    pub fn remote(&self) -> &[String] {
        &self.roots.remote
    }

    pub fn layouts(&self) -> &[PathBuf] {
        &self.roots.layouts
    }

    fn listing(&self) -> &find::Listing {
        self.listing.get_or_init(|| find::list(&self.roots.layouts))
    }

    /// Whether a shortcode template of this name is on disk, in any scope.
    pub fn has_shortcode(&self, name: &str) -> bool {
        self.listing().shortcodes.contains_key(&name.to_lowercase())
    }

    /// The shortcode names on disk.
    pub fn shortcode_names(&self) -> impl Iterator<Item = &str> {
        self.listing().shortcodes.keys().map(String::as_str)
    }

    /// A render hook of the site (`link`, `image` or `heading`) for a page whose template path (its logical
    /// path, its first section replaced by its `type`: [`template_base`]) `base` gives: the one
    /// of the nearest scope. `None` when the site has none that applies. Asked for every link:
    /// the path is made only when the site has hooks of several scopes.
    pub fn hook(&self, kind: &str, base: &dyn Fn() -> String) -> Option<Arc<HookFacts>> {
        let listing = self.listing();
        let mut candidates = listing
            .hooks
            .iter()
            .enumerate()
            .filter(|(_, (k, _))| k == kind);
        let first = candidates.next()?;
        let chosen = if listing.hooks.iter().all(|(_, f)| f.scope.is_empty()) {
            Some(first)
        } else {
            let base = base();
            std::iter::once(first)
                .chain(candidates)
                .filter(|(_, (_, f))| in_scope(&base, &f.scope))
                .max_by_key(|(i, (_, f))| (f.scope.len(), std::cmp::Reverse(*i)))
        };
        let (i, _) = chosen?;
        Some(self.hook_at(i))
    }

    /// The facts of the listing's `i`th hook, read on first use.
    fn hook_at(&self, i: usize) -> Arc<HookFacts> {
        let listing = self.listing();
        let found = &listing.hooks[i].1;
        let slots = self
            .hooks
            .get_or_init(|| listing.hooks.iter().map(|_| OnceLock::new()).collect());
        slots[i]
            .get_or_init(|| {
                // A hook that cannot be read is one hugolint cannot follow.
                let heading = listing.hooks[i].0 == "heading";
                Arc::new(match read(&found.file) {
                    Some(t) if heading => HookFacts {
                        heading: hook::heading_facts(&t, &PartialsOf(self)),
                        ..HookFacts::default()
                    },
                    Some(t) => hook::facts(&t, &PartialsOf(self)),
                    None => HookFacts {
                        unknown: true,
                        heading: HeadingIds::Unknown,
                        ..HookFacts::default()
                    },
                })
            })
            .clone()
    }

    /// Every link and image render hook on disk (`link` or `image`, the template, its facts),
    /// in the listing's order (`hugolint site`).
    pub fn hook_templates(&self) -> Vec<(&str, &find::Found, Arc<HookFacts>)> {
        self.listing()
            .hooks
            .iter()
            .enumerate()
            .map(|(i, (kind, found))| (kind.as_str(), found, self.hook_at(i)))
            .collect()
    }

    /// Every shortcode template on disk by name, sorted, each with its files in precedence
    /// order (`hugolint site`).
    pub fn shortcode_files(&self) -> Vec<(&str, &[find::Found])> {
        let mut out: Vec<(&str, &[find::Found])> = self
            .listing()
            .shortcodes
            .iter()
            .map(|(name, files)| (name.as_str(), files.as_slice()))
            .collect();
        out.sort_by_key(|(name, _)| *name);
        out
    }

    /// Whether the site has a hook of this kind in any scope.
    pub fn has_hook(&self, kind: &str) -> bool {
        self.listing().hooks.iter().any(|(k, _)| k == kind)
    }

    fn partial(&self, name: &str) -> Option<Arc<Template>> {
        let name = name
            .trim_start_matches('/')
            .trim_start_matches("_partials/")
            .trim_start_matches("partials/");
        let listing = self.listing();
        let key = if listing.partials.contains_key(name) {
            name.to_string()
        } else {
            format!("{name}.html")
        };
        let file = listing.partials.get(&key)?;
        let mut partials = self.partials.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = partials.get(&key) {
            return p.clone();
        }
        let parsed = read(file);
        partials.insert(key, parsed.clone());
        parsed
    }

    /// The spec of `name` from its templates (every variant: Hugo pairs by name across scopes,
    /// so where they disagree the pairing is left to the page).
    fn make_spec(&self, name: &str, builtin: Option<&ShortcodeSpec>) -> Option<ShortcodeSpec> {
        let variants = self.listing().shortcodes.get(name)?;
        let mut specs = variants.iter().map(|f| match read(&f.file) {
            Some(t) => shortcode::spec(&t, &PartialsOf(self), builtin),
            None => {
                // Unreadable: known to exist, nothing else.
                let mut s = builtin.cloned().unwrap_or_default();
                s.embedded = false;
                s.anchors = crate::catalogue::AnchorEffect::Unknown;
                s
            }
        });
        let mut merged = specs.next()?;
        for other in specs {
            merged = merge(merged, other);
        }
        Some(merged)
    }
}

/// Two variants of a shortcode (scopes, languages, output formats) in one spec: what they agree
/// on, and the cautious side of what they do not.
fn merge(a: ShortcodeSpec, b: ShortcodeSpec) -> ShortcodeSpec {
    use crate::catalogue::AnchorEffect;
    let mut m = a.clone();
    if a.paired != b.paired {
        m.paired = None;
    }
    if a.inner != b.inner {
        // Markdown is read for links and headings: the variant that renders it wins.
        m.inner = if b.inner == crate::catalogue::Inner::Markdown {
            b.inner
        } else {
            a.inner
        };
    }
    m.anchors = match (a.anchors, b.anchors) {
        (AnchorEffect::Unknown, _) | (_, AnchorEffect::Unknown) => AnchorEffect::Unknown,
        (AnchorEffect::Call, _) | (_, AnchorEffect::Call) => AnchorEffect::Call,
        _ => AnchorEffect::None,
    };
    for id in b.ids {
        if !m.ids.contains(&id) {
            m.ids.push(id);
        }
    }
    m.writes_headings |= b.writes_headings;
    if a.text != b.text {
        m.text = None;
    }
    if a.image != b.image {
        // Alt text from every variant: only a call that gives none is reported.
        if let (Some(mi), Some(bi)) = (&mut m.image, &b.image) {
            for p in &bi.alt {
                if !mi.alt.contains(p) {
                    mi.alt.push(p.clone());
                }
            }
            mi.alt_unknown |= bi.alt_unknown;
            if mi.src_lookup != bi.src_lookup {
                mi.src_lookup = crate::catalogue::SrcLookup::Unknown;
            }
        } else {
            m.image = None;
        }
    }
    m
}

impl SiteShortcodes for Templates {
    fn i18n(&self, key: &str, lang: &str) -> Option<String> {
        let table = self.i18n.get_or_init(|| {
            // Each layout folder's sibling `i18n/`: the site's, its themes' and modules'.
            let dirs: Vec<PathBuf> = self
                .roots
                .layouts
                .iter()
                .filter_map(|l| l.parent().map(|p| p.join("i18n")))
                .collect();
            i18n::I18n::read(&dirs)
        });
        table.get(key, lang, &self.default_lang).map(str::to_string)
    }

    fn spec(&self, name: &str, builtin: Option<&ShortcodeSpec>) -> Option<&ShortcodeSpec> {
        let specs = self.specs.get_or_init(|| {
            self.listing()
                .shortcodes
                .keys()
                .map(|k| (k.clone(), OnceLock::new()))
                .collect()
        });
        specs
            .get(name)?
            .get_or_init(|| self.make_spec(name, builtin))
            .as_ref()
    }
}

impl Templates {
    /// The pairing the templates give `name` (for tests and `hugolint config`).
    pub fn pairing(&self, name: &str) -> Pairing {
        self.spec(name, None)
            .map_or(Pairing::Unknown, ShortcodeSpec::pairing)
    }
}

struct PartialsOf<'a>(&'a Templates);

impl eval::Partials for PartialsOf<'_> {
    fn partial(&self, name: &str) -> Option<Arc<Template>> {
        self.0.partial(name)
    }
}

/// Read and parse a template file.
fn read(file: &std::path::Path) -> Option<Arc<Template>> {
    let bytes = crate::site::bounded::read(file, crate::site::bounded::CONFIG).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    Some(Arc::new(go_template::parse(&text)))
}

/// Whether a page whose template path is `base` is in `scope` (`""` is every page).
fn in_scope(base: &str, scope: &str) -> bool {
    scope.is_empty()
        || base == scope
        || base.strip_prefix(scope).is_some_and(|r| r.starts_with('/'))
}

/// The path Hugo looks templates up with for a page: its logical path (`/docs/foo`) with the
/// first section replaced by the page's `type` when it has one.
pub fn template_base(logical: &str, page_type: Option<&str>) -> String {
    let Some(t) = page_type.filter(|t| !t.is_empty()) else {
        return logical.to_string();
    };
    let t = t.to_lowercase();
    let rest = logical.trim_start_matches('/');
    match rest.split_once('/') {
        Some((first, after)) if first == t => format!("/{first}/{after}"),
        Some((_, after)) => format!("/{t}/{after}"),
        None => format!("/{t}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_and_types() {
        assert!(in_scope("/docs/specs/x", "/docs/specs"));
        assert!(in_scope("/docs/specs", "/docs/specs"));
        assert!(!in_scope("/docs/specsx", "/docs/specs"));
        assert!(in_scope("/anything", ""));
        assert_eq!(template_base("/docs/a/b", Some("blog")), "/blog/a/b");
        assert_eq!(template_base("/about", Some("blog")), "/blog");
        assert_eq!(template_base("/docs/a", None), "/docs/a");
    }
}
