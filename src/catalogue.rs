//! The shortcode catalogue: what hugolint knows about a shortcode whose template it cannot read.
//!
//! The built-in entries live in `rules/shortcodes.yaml` (embedded in the binary); a site adds to
//! them in `.hugolint.yaml`. The tokenizer asks the catalogue how a shortcode pairs and what its
//! inner text is; the fact builder asks which params are images, alt text and links.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

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

/// A set of shortcode specs, looked up by lower-cased name.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    specs: HashMap<String, ShortcodeSpec>,
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
        })
    }

    /// Add or replace entries.
    pub fn extend(&mut self, other: Catalogue) {
        self.specs.extend(other.specs);
    }

    pub fn insert(&mut self, name: &str, spec: ShortcodeSpec) {
        self.specs.insert(name.to_lowercase(), spec);
    }

    pub fn get(&self, name: &str) -> Option<&ShortcodeSpec> {
        if let Some(s) = self.specs.get(name) {
            return Some(s);
        }
        if name.bytes().any(|b| b.is_ascii_uppercase()) || !name.is_ascii() {
            return self.specs.get(&name.to_lowercase());
        }
        None
    }

    pub fn pairing(&self, name: &str) -> Pairing {
        self.get(name)
            .map_or(Pairing::Unknown, ShortcodeSpec::pairing)
    }

    pub fn names(&self) -> impl Iterator<Item = (&str, &ShortcodeSpec)> {
        self.specs.iter().map(|(k, v)| (k.as_str(), v))
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
