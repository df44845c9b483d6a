//! The site's translation strings (`i18n/<lang>.toml|yaml|yml|json`, the site's then its
//! themes' and modules': the first that has a key wins), for the text a shortcode such as
//! `{{ i18n "install" }}` renders. Keys compare case-insensitively; a value is the string, or
//! its `other` form (go-i18n's plural map), or the `translation` of a `- id:` list entry.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;

/// Translations by language, then lower-cased key.
#[derive(Debug, Default)]
pub struct I18n {
    by_lang: HashMap<String, HashMap<String, String>>,
}

impl I18n {
    /// Read the translation files of the `i18n` folders, in precedence order.
    pub fn read(dirs: &[PathBuf]) -> I18n {
        let mut out = I18n::default();
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            files.sort();
            for file in files {
                let Some((lang, value)) = parse_file(&file) else {
                    continue;
                };
                let table = out.by_lang.entry(lang).or_default();
                for (k, v) in strings(&value) {
                    table.entry(k).or_insert(v);
                }
            }
        }
        out
    }

    /// The translation of `key` in `lang`, else in `fallback` (Hugo falls back to the default
    /// content language); `None` when neither has it.
    pub fn get(&self, key: &str, lang: &str, fallback: &str) -> Option<&str> {
        let key = key.to_lowercase();
        [lang, fallback]
            .iter()
            .find_map(|l| self.by_lang.get(&l.to_lowercase())?.get(&key))
            .map(String::as_str)
    }
}

fn parse_file(file: &Path) -> Option<(String, Value)> {
    let stem = file.file_stem()?.to_str()?.to_lowercase();
    let ext = file.extension()?.to_str()?;
    let text = crate::site::bounded::read_to_string(file, crate::site::bounded::CONFIG).ok()?;
    let value: Value = match ext {
        "toml" => toml::from_str(&text).ok()?,
        "json" => serde_json::from_str(&text).ok()?,
        "yaml" | "yml" => serde_saphyr::from_str(&text).ok()?,
        _ => return None,
    };
    Some((stem, value))
}

/// The key → text pairs of a translation file.
fn strings(v: &Value) -> Vec<(String, String)> {
    let text = |x: &Value| -> Option<String> {
        match x {
            Value::String(s) => Some(s.clone()),
            Value::Object(m) => m
                .get("other")
                .or_else(|| m.get("translation"))
                .and_then(Value::as_str)
                .map(str::to_string),
            _ => None,
        }
    };
    match v {
        Value::Object(m) => m
            .iter()
            .filter_map(|(k, x)| Some((k.to_lowercase(), text(x)?)))
            .collect(),
        // go-i18n v1: `- id: key` / `translation: text`.
        Value::Array(a) => a
            .iter()
            .filter_map(|e| {
                let id = e.get("id")?.as_str()?;
                let t = e.get("translation")?;
                Some((
                    id.to_lowercase(),
                    text(t).or_else(|| t.as_str().map(str::to_string))?,
                ))
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_form_with_fallback() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("i18n");
        let theme = dir.path().join("theme-i18n");
        std::fs::create_dir_all(&site).unwrap();
        std::fs::create_dir_all(&theme).unwrap();
        std::fs::write(
            site.join("en.toml"),
            "install = 'Install'\n[upgrade]\nother = 'Upgrade'\n",
        )
        .unwrap();
        std::fs::write(
            site.join("fr.yaml"),
            "- id: install\n  translation: Installer\n",
        )
        .unwrap();
        std::fs::write(
            theme.join("en.json"),
            r#"{"install": "Theme's", "Next": "Next"}"#,
        )
        .unwrap();
        let t = I18n::read(&[site, theme]);
        assert_eq!(
            t.get("install", "en", "en"),
            Some("Install"),
            "the site wins"
        );
        assert_eq!(t.get("UPGRADE", "en", "en"), Some("Upgrade"));
        assert_eq!(t.get("install", "fr", "en"), Some("Installer"));
        assert_eq!(
            t.get("upgrade", "fr", "en"),
            Some("Upgrade"),
            "the default language's"
        );
        assert_eq!(t.get("next", "en", "en"), Some("Next"));
        assert_eq!(t.get("missing", "fr", "en"), None);
    }
}
