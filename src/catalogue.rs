//! The shortcode catalogue: what hugolint knows about each shortcode.
//!
//! Three sources, the first that knows a name wins: the site's `.hugolint.yaml` (key
//! `shortcodes`), then what the site's own templates say ([`SiteShortcodes`], read by
//! `site::templates`), then the built-in entries of `rules/shortcodes.yaml` (embedded in the
//! binary) for what no template on disk tells. The tokenizer asks the catalogue how a shortcode
//! pairs and what its inner text is; the fact builder asks which params are images, alt text and
//! links, and which anchors a shortcode can add to the page.

use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

/// The text of `rules/shortcodes.yaml`.
pub const BUILTIN_YAML: &str = include_str!("../rules/shortcodes.yaml");

/// Whether a shortcode's template evaluates `.Inner` (and so takes content up to a closing tag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pairing {
    /// The template evaluates `.Inner`: the shortcode must be closed or self-closed.
    Paired,
    /// The template does not: a closing tag or a self-close is an error.
    Unpaired,
    /// Unknown: inferred from the page (an opener closed later at the same depth is paired).
    Unknown,
}

/// What a `{{< >}}` template does with its inner text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Inner {
    /// Rendered as Markdown (`markdownify`, `RenderString`): parsed as its own fragment.
    #[default]
    Markdown,
    /// Shown as code: never read as Markdown.
    Code,
    /// Passed through untouched (HTML, diagrams): not read as Markdown.
    Raw,
    /// Printed as written (`{{ .Inner }}`): the page's own Markdown when called with `{{% %}}`,
    /// raw HTML (not Markdown) with `{{< >}}`.
    Passthrough,
}

/// Which anchors (`id`s, headings) a shortcode can add to the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AnchorEffect {
    /// None beyond [`ShortcodeSpec::ids`] and the headings of inner text it renders as Markdown.
    #[default]
    None,
    /// Whatever its params or inner text hold (printed unescaped or rendered as Markdown): an
    /// `id=` or a heading there is an anchor the page cannot list.
    Call,
    /// Some that cannot be known (IDs made at build time, HTML from a partial not on disk).
    Unknown,
}

/// An `id` a template writes, made from the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdSource {
    Literal(String),
    /// `prefix{{ .Get param }}suffix`, through `anchorize` when `anchorize`.
    Param {
        param: String,
        prefix: String,
        suffix: String,
        anchorize: bool,
    },
    /// An ID of which only the start is known (`tabset-{{ … }}`).
    Prefix(String),
}

/// The text a template renders, when it is that simple (a heading may hold the shortcode).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextSource {
    Literal(String),
    Param(String),
    /// `i18n "key"`.
    I18n(String),
    /// `i18n (.Get param)`.
    I18nParam(String),
}

/// How an image shortcode's source becomes the `<img>`'s `src`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SrcLookup {
    /// A page resource, then a global resource, else as written (Hugo's `figure`).
    #[default]
    Resources,
    /// As written: the browser resolves it.
    AsWritten,
    /// Changed by the template in a way hugolint does not follow: not checked.
    Unknown,
}

/// The params of an image shortcode.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageParams {
    /// Params holding the source, first given wins; `"0"` means the first positional param.
    #[serde(default)]
    pub src: Vec<String>,
    /// Params supplying the alt text, in the template's order of fallback.
    #[serde(default)]
    pub alt: Vec<String>,
    /// Read from the template: how the source is looked up.
    #[serde(skip)]
    pub src_lookup: SrcLookup,
    /// Read from the template: the alt text it writes when no alt param is given.
    #[serde(skip)]
    pub alt_default: Option<String>,
    /// Read from the template: the alt text comes from something the call does not give (a
    /// resource's title, data): not checked.
    #[serde(skip)]
    pub alt_unknown: bool,
}

/// What is known about one shortcode.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShortcodeSpec {
    #[serde(default)]
    pub paired: Option<bool>,
    #[serde(default)]
    pub inner: Inner,
    #[serde(default)]
    pub code_when: Vec<String>,
    #[serde(default)]
    pub image: Option<ImageParams>,
    #[serde(default)]
    pub links: Vec<String>,
    #[serde(default, rename = "ref")]
    pub is_ref: bool,
    #[serde(default)]
    pub embedded: bool,
    /// Anchors the shortcode can add to the page (default: none).
    #[serde(default)]
    pub anchors: AnchorEffect,
    /// Read from the template: the `id`s it writes.
    #[serde(skip)]
    pub ids: Vec<IdSource>,
    /// Read from the template: the text it renders, when that simple.
    #[serde(skip)]
    pub text: Option<TextSource>,
    /// Read from the template: its own text holds Markdown headings (they become the page's
    /// when it is called with `{{% %}}`).
    #[serde(skip)]
    pub writes_headings: bool,
    /// Read from the template: its inner text is rendered as Markdown by `markdownify` only
    /// (not `.Page.RenderString`), which renders it in the context of the home page: Hugo's
    /// embedded link hook writes a `#fragment`-only link there as the home page's URL.
    #[serde(skip)]
    pub inner_in_home: bool,
}

impl ShortcodeSpec {
    /// The spec as one line of flow YAML, in the catalogue's schema (`hugolint config`).
    pub fn to_flow_yaml(&self) -> String {
        let list = |v: &[String]| {
            let items: Vec<String> = v.iter().map(|s| format!("{s:?}")).collect();
            format!("[{}]", items.join(", "))
        };
        let mut parts = Vec::new();
        if let Some(p) = self.paired {
            parts.push(format!("paired: {p}"));
        }
        parts.push(format!(
            "inner: {}",
            match self.inner {
                Inner::Markdown => "markdown",
                Inner::Code => "code",
                Inner::Raw => "raw",
                Inner::Passthrough => "passthrough",
            }
        ));
        if !self.code_when.is_empty() {
            parts.push(format!("code_when: {}", list(&self.code_when)));
        }
        if let Some(i) = &self.image {
            parts.push(format!(
                "image: {{ src: {}, alt: {} }}",
                list(&i.src),
                list(&i.alt)
            ));
        }
        if !self.links.is_empty() {
            parts.push(format!("links: {}", list(&self.links)));
        }
        if self.is_ref {
            parts.push("ref: true".to_string());
        }
        if self.embedded {
            parts.push("embedded: true".to_string());
        }
        match self.anchors {
            AnchorEffect::None => {}
            AnchorEffect::Call => parts.push("anchors: call".to_string()),
            AnchorEffect::Unknown => parts.push("anchors: unknown".to_string()),
        }
        format!("{{ {} }}", parts.join(", "))
    }

    pub fn pairing(&self) -> Pairing {
        match self.paired {
            Some(true) => Pairing::Paired,
            Some(false) => Pairing::Unpaired,
            None => Pairing::Unknown,
        }
    }
}

/// What a site's own templates say about its shortcodes (implemented by `site::templates`,
/// which reads them lazily: only the names a page uses).
pub trait SiteShortcodes: Send + Sync + std::fmt::Debug {
    /// The spec read from the template(s) of `name` on disk, over the built-in entry `builtin`
    /// for what the template does not tell; `None` when no template of that name is on disk.
    fn spec(&self, name: &str, builtin: Option<&ShortcodeSpec>) -> Option<&ShortcodeSpec>;
    /// The site's translation of `key` in `lang` (or its default language).
    fn i18n(&self, key: &str, lang: &str) -> Option<String>;
}

/// A set of shortcode specs, looked up by lower-cased name.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// The built-in entries.
    specs: HashMap<String, ShortcodeSpec>,
    /// The site's `.hugolint.yaml` entries: they win over everything.
    user: HashMap<String, ShortcodeSpec>,
    /// The site's templates.
    site: Option<Arc<dyn SiteShortcodes>>,
}

impl Catalogue {
    /// The built-in catalogue, parsed once.
    pub fn builtin() -> &'static Catalogue {
        static BUILTIN: OnceLock<Catalogue> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Catalogue::from_yaml(BUILTIN_YAML).expect("rules/shortcodes.yaml is valid")
        })
    }

    /// Parse a catalogue (a map of name → spec).
    pub fn from_yaml(text: &str) -> Result<Catalogue, String> {
        let raw: HashMap<String, ShortcodeSpec> =
            serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        Ok(Catalogue {
            specs: raw
                .into_iter()
                .map(|(k, v)| (k.to_lowercase(), v))
                .collect(),
            ..Catalogue::default()
        })
    }

    /// Add or replace entries: they win over the site's templates and the built-in entries.
    pub fn extend(&mut self, other: Catalogue) {
        self.user.extend(other.specs);
        self.user.extend(other.user);
    }

    pub fn insert(&mut self, name: &str, spec: ShortcodeSpec) {
        self.user.insert(name.to_lowercase(), spec);
    }

    /// Read what the site's templates say (over the built-in entries, under `.hugolint.yaml`).
    pub fn with_site(&mut self, site: Arc<dyn SiteShortcodes>) {
        self.site = Some(site);
    }

    pub fn get(&self, name: &str) -> Option<&ShortcodeSpec> {
        let lower;
        let key = if name.bytes().any(|b| b.is_ascii_uppercase()) || !name.is_ascii() {
            lower = name.to_lowercase();
            lower.as_str()
        } else {
            name
        };
        if let Some(s) = self.user.get(key) {
            return Some(s);
        }
        let builtin = self.specs.get(key);
        if let Some(site) = &self.site
            && let Some(s) = site.spec(key, builtin)
        {
            return Some(s);
        }
        builtin
    }

    /// The site's translation of `key` in `lang`, when its templates are read.
    pub fn i18n(&self, key: &str, lang: &str) -> Option<String> {
        self.site.as_ref()?.i18n(key, lang)
    }

    /// The text `sc` renders, when its spec says it is that simple (a heading may hold it).
    pub fn text_of(&self, sc: &crate::document::Shortcode, lang: Option<&str>) -> Option<String> {
        let param = |p: &str| match p.parse::<usize>() {
            Ok(i) => sc.positional(i),
            Err(_) => sc.param(p),
        };
        match self.get(&sc.name)?.text.as_ref()? {
            TextSource::Literal(l) => Some(l.clone()),
            TextSource::Param(p) => param(p).map(|p| p.value.clone()),
            TextSource::I18n(k) => self.i18n(k, lang?),
            TextSource::I18nParam(p) => self.i18n(&param(p)?.value, lang?),
        }
    }

    pub fn pairing(&self, name: &str) -> Pairing {
        self.get(name)
            .map_or(Pairing::Unknown, ShortcodeSpec::pairing)
    }

    /// The built-in and `.hugolint.yaml` entries (not the site's templates).
    pub fn names(&self) -> impl Iterator<Item = (&str, &ShortcodeSpec)> {
        self.specs
            .iter()
            .filter(|(k, _)| !self.user.contains_key(*k))
            .chain(self.user.iter())
            .map(|(k, v)| (k.as_str(), v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_knows_hugo_embedded() {
        let c = Catalogue::builtin();
        assert_eq!(c.pairing("highlight"), Pairing::Paired);
        assert_eq!(c.get("Highlight").unwrap().inner, Inner::Code);
        assert_eq!(c.pairing("figure"), Pairing::Unpaired);
        assert!(c.get("ref").unwrap().is_ref);
        assert_eq!(
            c.get("figure").unwrap().image.as_ref().unwrap().alt,
            ["alt", "caption"]
        );
        assert_eq!(c.pairing("no-such-thing"), Pairing::Unknown);
    }
}
