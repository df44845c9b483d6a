//! Finding a site's templates as Hugo does: the layout folders (the site's, its `layouts`
//! mounts, its themes and modules present on disk — under `themesDir`, in `_vendor/`, or in
//! Hugo's module cache), and in them the shortcodes (`_shortcodes/`, scoped by the folder above
//! it, and the older `shortcodes/` and `_default/shortcodes/`), the partials (`_partials/`,
//! `partials/`) and the render hooks (`_markup/render-link.html`, `render-image.html`, and the
//! older `_default/_markup/`), each with the scope it applies to (`layouts/docs/_markup/` →
//! pages whose path, or type, is under `/docs`).

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;

/// One template file found.
#[derive(Debug, Clone)]
pub struct Found {
    pub file: PathBuf,
    /// The scope: `""` for the whole site, `/docs` for `layouts/docs/_shortcodes/`.
    pub scope: String,
    /// The file name's identifiers after the name (`en.html` of `x.en.html`): another variant.
    pub variant: String,
}

/// The templates of a site.
#[derive(Debug, Default)]
pub struct Listing {
    /// Shortcodes by lower-cased name, in precedence order (the site's before its themes').
    pub shortcodes: HashMap<String, Vec<Found>>,
    /// Partials by path under `_partials/` (`hooks/render-link.html`).
    pub partials: HashMap<String, PathBuf>,
    /// Link and image render hooks (`link`, `image`).
    pub hooks: Vec<(String, Found)>,
}

/// Where a site's layouts come from.
#[derive(Debug, Clone, Default)]
pub struct Roots {
    /// Layout folders, site first, then mounts, themes and modules in Hugo's order.
    pub layouts: Vec<PathBuf>,
    /// Themes and modules whose templates are not on disk.
    pub remote: Vec<String>,
}

/// The layout folders of the site at `root` with config `v` (keys lower-cased), and the themes
/// and modules that are not on disk.
pub fn roots(root: &Path, v: &Value, mounted_layouts: Vec<PathBuf>) -> Roots {
    // Top-level keys and JSON pointers: the config is plain JSON here (templates read no config
    // type, so that `config` can ask them for the layout folders).
    let str_of = |key: &str| v.get(key).and_then(|x| x.as_str().map(str::to_string));
    let mut r = Roots::default();
    let layout_dir = str_of("layoutdir").unwrap_or_else(|| "layouts".into());
    r.layouts.push(root.join(layout_dir));
    r.layouts.extend(mounted_layouts);
    let themes_dir = root.join(str_of("themesdir").unwrap_or_else(|| "themes".into()));
    let cache = module_cache(root, str_of("cachedir"));
    let versions = go_mod_versions(root);
    let vendored = vendored(root);
    let mut imports: Vec<String> = Vec::new();
    match v.get("theme") {
        Some(Value::String(s)) => imports.push(s.clone()),
        Some(Value::Array(a)) => {
            imports.extend(a.iter().filter_map(|x| x.as_str().map(str::to_string)))
        }
        _ => {}
    }
    if let Some(Value::Array(list)) = v.pointer("/module/imports") {
        for imp in list {
            let path = imp
                .get("path")
                .and_then(Value::as_str)
                .or_else(|| imp.as_str())
                .map(str::to_string);
            let disabled = imp.get("disable").and_then(Value::as_bool).unwrap_or(false);
            if let Some(p) = path
                && !disabled
            {
                imports.push(p);
            }
        }
    }
    for path in imports {
        match module_dir(&path, &themes_dir, &vendored, cache.as_deref(), &versions) {
            Some(dir) => r.layouts.push(dir.join("layouts")),
            None => r.remote.push(path),
        }
    }
    r
}

/// A theme or module's folder on disk, found as Hugo finds it: `themesDir/<path>`, the site's
/// `_vendor/` (when `_vendor/modules.txt` lists it), then Hugo's module cache at the version
/// `go.mod` requires (or the only version there).
fn module_dir(
    path: &str,
    themes_dir: &Path,
    vendored: &[(String, PathBuf)],
    cache: Option<&Path>,
    versions: &HashMap<String, String>,
) -> Option<PathBuf> {
    let local = themes_dir.join(path);
    if local.is_dir() {
        return Some(local);
    }
    if let Some((_, dir)) = vendored.iter().find(|(p, _)| p == path)
        && dir.is_dir()
    {
        return Some(dir.clone());
    }
    let cache = cache?;
    // A module path may name a folder inside a module (`github.com/x/y/theme`): the module is
    // the longest prefix the cache or go.mod knows.
    let parts: Vec<&str> = path.split('/').collect();
    for n in (1..=parts.len()).rev() {
        let module = parts[..n].join("/");
        let sub = parts[n..].join("/");
        let escaped = escape_module_path(&module);
        let base = cache.join("pkg/mod").join(&escaped);
        let dir = match versions.get(&module) {
            Some(version) => {
                let mut d = base.into_os_string();
                d.push(format!("@{version}"));
                PathBuf::from(d)
            }
            None => {
                // The only version in the cache.
                let (parent, name) = (
                    base.parent()?,
                    base.file_name()?.to_string_lossy().into_owned(),
                );
                let prefix = format!("{name}@");
                let found: Vec<PathBuf> = std::fs::read_dir(parent)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                    .map(|e| e.path())
                    .collect();
                match found.as_slice() {
                    [one] => one.clone(),
                    _ => continue,
                }
            }
        };
        let dir = if sub.is_empty() { dir } else { dir.join(sub) };
        if dir.is_dir() {
            return Some(dir);
        }
    }
    None
}

/// Go's module cache escapes capitals: `!` then the lower-case letter.
fn escape_module_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Hugo's module cache: `<cacheDir>/modules`, where `cacheDir` is the config's `cacheDir`, else
/// `$HUGO_CACHEDIR`, else `hugo_cache` in the user's cache folder, else in the temporary folder.
fn module_cache(root: &Path, configured: Option<String>) -> Option<PathBuf> {
    let non_empty = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = match configured.filter(|c| c.len() > 1) {
        Some(c) => root.join(c),
        None => match non_empty("HUGO_CACHEDIR") {
            Some(d) => d,
            None => {
                let user = non_empty("XDG_CACHE_HOME")
                    .or_else(|| non_empty("HOME").map(|h| h.join(".cache")))
                    .map(|d| d.join("hugo_cache"));
                match user {
                    Some(u) if u.is_dir() => u,
                    _ => {
                        let tmp = std::env::temp_dir();
                        match std::env::var("USER") {
                            Ok(u) if !u.is_empty() => tmp.join(format!("hugo_cache_{u}")),
                            _ => tmp.join("hugo_cache"),
                        }
                    }
                }
            }
        },
    };
    let dir = base.join("modules");
    dir.is_dir().then_some(dir)
}

/// The versions `go.mod` requires, by module path.
fn go_mod_versions(root: &Path) -> HashMap<String, String> {
    let mut out = HashMap::default();
    let Ok(text) =
        crate::site::bounded::read_to_string(&root.join("go.mod"), crate::site::bounded::CONFIG)
    else {
        return out;
    };
    let mut in_block = false;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        let entry = if in_block {
            if line == ")" {
                in_block = false;
                continue;
            }
            line
        } else if let Some(rest) = line.strip_prefix("require") {
            let rest = rest.trim();
            if rest == "(" {
                in_block = true;
                continue;
            }
            rest
        } else {
            continue;
        };
        let mut parts = entry.split_whitespace();
        if let (Some(p), Some(v)) = (parts.next(), parts.next()) {
            out.insert(p.to_string(), v.to_string());
        }
    }
    out
}

/// The modules the site's `_vendor/modules.txt` lists, with their folders.
fn vendored(root: &Path) -> Vec<(String, PathBuf)> {
    let dir = root.join("_vendor");
    let Ok(text) = crate::site::bounded::read_to_string(
        &dir.join("modules.txt"),
        crate::site::bounded::CONFIG,
    ) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| {
            let l = l.trim_matches(|c: char| c == '#' || c.is_whitespace());
            let path = l.split_whitespace().next()?;
            Some((path.to_string(), dir.join(path)))
        })
        .collect()
}

/// The files under `dir`, dot files and folders skipped (as Hugo does). A plain recursion: the
/// `ignore` walker's set-up cost more than listing a layouts tree (~100 files).
fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let path = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() && depth < 32 => walk(&path, out, depth + 1),
            Ok(t) if t.is_file() => out.push(path),
            // A symlink: followed to what it names.
            Ok(t) if t.is_symlink() => {
                if path.is_file() {
                    out.push(path);
                } else if path.is_dir() && depth < 32 {
                    walk(&path, out, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// Every template under the layout folders, sorted into shortcodes, partials and hooks.
pub fn list(layouts: &[PathBuf]) -> Listing {
    let mut listing = Listing::default();
    let mut seen_shortcodes: rustc_hash::FxHashSet<(String, String, String)> = Default::default();
    let mut seen_hooks: rustc_hash::FxHashSet<(String, String, String)> = Default::default();
    for dir in layouts.iter().filter(|d| d.is_dir()) {
        let mut files = Vec::new();
        walk(dir, &mut files, 0);
        files.sort();
        for file in files {
            let Ok(rel) = file.strip_prefix(dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let rel = format!("/{rel}");
            // Hugo's legacy names: `/_default/…` loses `_default`; `/shortcodes/…` and
            // `/partials/…` at the top become `_shortcodes`, `_partials`.
            let mut p = rel.strip_prefix("/_default").unwrap_or(&rel).to_string();
            if p.starts_with("/shortcodes/") || p.starts_with("/partials/") {
                p.insert(1, '_');
            }
            if let Some(rest) = p.strip_prefix("/_partials/") {
                listing
                    .partials
                    .entry(rest.to_string())
                    .or_insert_with(|| file.clone());
            } else if let Some(at) = p.find("/_shortcodes/") {
                let scope = p[..at]
                    .strip_prefix("/_default")
                    .unwrap_or(&p[..at])
                    .to_string();
                let rest = &p[at + "/_shortcodes/".len()..];
                let (folder, file_name) = rest.rsplit_once('/').map_or(("", rest), |(d, f)| (d, f));
                let (stem, variant) = file_name.split_once('.').unwrap_or((file_name, ""));
                let name = if folder.is_empty() {
                    stem.to_lowercase()
                } else {
                    format!("{folder}/{stem}").to_lowercase()
                };
                if seen_shortcodes.insert((name.clone(), scope.clone(), variant.to_string())) {
                    listing.shortcodes.entry(name).or_default().push(Found {
                        file: file.clone(),
                        scope,
                        variant: variant.to_string(),
                    });
                }
            } else if let Some(at) = p.find("/_markup/") {
                let rest = &p[at + "/_markup/".len()..];
                let (stem, variant) = rest.split_once('.').unwrap_or((rest, ""));
                let kind = match stem {
                    "render-link" => "link",
                    "render-image" => "image",
                    "render-heading" => "heading",
                    _ => continue,
                };
                let scope = p[..at]
                    .strip_prefix("/_default")
                    .unwrap_or(&p[..at])
                    .to_string();
                if seen_hooks.insert((kind.to_string(), scope.clone(), variant.to_string())) {
                    listing.hooks.push((
                        kind.to_string(),
                        Found {
                            file: file.clone(),
                            scope,
                            variant: variant.to_string(),
                        },
                    ));
                }
            }
        }
    }
    listing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_shortcodes_partials_and_hooks_as_hugo_names_them() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("layouts");
        let theme = dir.path().join("themes/t/layouts");
        for (base, f) in [
            (&site, "_shortcodes/note.html"),
            (&site, "_shortcodes/media/audio.en.html"),
            (&site, "docs/_shortcodes/note.html"),
            (&site, "shortcodes/legacy.html"),
            (&site, "_default/shortcodes/older.html"),
            (&site, "docs/shortcodes/not-a-shortcode.html"),
            (&site, "_partials/hooks/link.html"),
            (&site, "partials/old.html"),
            (&site, "_markup/render-link.html"),
            (&site, "_default/_markup/render-image.html"),
            (&site, "docs/specs/_markup/render-link.html"),
            (&site, "_markup/render-heading.html"),
            (&theme, "_shortcodes/note.html"),
            (&theme, "_shortcodes/themed.html"),
        ] {
            let p = base.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        let l = list(&[site.clone(), theme.clone()]);
        let mut names: Vec<&String> = l.shortcodes.keys().collect();
        names.sort();
        assert_eq!(names, ["legacy", "media/audio", "note", "older", "themed"]);
        let note = &l.shortcodes["note"];
        assert_eq!(
            note.len(),
            2,
            "the theme's root-scope note is hidden by the site's: {note:?}"
        );
        assert_eq!(
            (note[0].scope.as_str(), note[1].scope.as_str()),
            ("", "/docs")
        );
        assert_eq!(l.shortcodes["media/audio"][0].variant, "en.html");
        assert!(l.partials.contains_key("hooks/link.html") && l.partials.contains_key("old.html"));
        let hooks: Vec<(&str, &str)> = l
            .hooks
            .iter()
            .map(|(k, f)| (k.as_str(), f.scope.as_str()))
            .collect();
        assert_eq!(
            hooks,
            [
                ("image", ""),
                ("heading", ""),
                ("link", ""),
                ("link", "/docs/specs")
            ]
        );
    }

    #[test]
    fn modules_from_vendor_and_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("_vendor/github.com/a/theme/layouts")).unwrap();
        std::fs::write(
            root.join("_vendor/modules.txt"),
            "# github.com/a/theme v1.0.0\n",
        )
        .unwrap();
        let cache = root.join("cache");
        std::fs::create_dir_all(cache.join("modules/pkg/mod/github.com/!big/mod@v2.1.0/layouts"))
            .unwrap();
        std::fs::create_dir_all(cache.join("modules/pkg/mod/github.com/!big/mod@v2.0.0/layouts"))
            .unwrap();
        std::fs::write(
            root.join("go.mod"),
            "module x\n\nrequire (\n\tgithub.com/Big/mod v2.1.0 // indirect\n)\n",
        )
        .unwrap();
        let v = serde_json::json!({
            "cachedir": cache.to_string_lossy(),
            "theme": ["github.com/a/theme"],
            "module": {"imports": [{"path": "github.com/Big/mod"}, {"path": "github.com/gone/x"}]}
        });
        let r = roots(root, &v, Vec::new());
        assert_eq!(
            r.layouts[1],
            root.join("_vendor/github.com/a/theme/layouts")
        );
        assert_eq!(
            r.layouts[2],
            cache.join("modules/pkg/mod/github.com/!big/mod@v2.1.0/layouts")
        );
        assert_eq!(r.remote, ["github.com/gone/x"]);
    }
}
