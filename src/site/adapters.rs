//! Content adapters (`_content.gotmpl`, Hugo 0.126+): templates that add pages without files.
//! The common shape is read — a `range` over a data file the site holds (`site.Data.x.y`,
//! `hugo.Data…`) or over a folder on disk (`os.ReadDir "dir"`), with `AddPage` given a `path`
//! made of a field of each item (`.title`, `.Name`, `path.BaseName .Name`, `urlize .slug`, …).
//! Anything else (remote data, computed paths) leaves the adapter's pages unknown.

use std::path::Path;

use serde_json::Value;

/// What an adapter adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Adapter {
    /// No pages (it adds resources only).
    Nothing,
    /// Pages at these paths, relative to the adapter's folder, as `AddPage` is given them.
    Pages(Vec<String>),
    /// Pages that cannot be known before the build.
    Unknown,
}

/// Read the adapter `text`; `root` is the site's folder (where `os.ReadDir` and `data/` are).
pub fn read(text: &str, root: &Path, data_dir: &Path) -> Adapter {
    if !text.contains("AddPage") {
        return Adapter::Nothing;
    }
    let actions = actions(text);
    // Exactly one `range` feeding one `AddPage`, and nothing fetched.
    let ranges: Vec<&String> = actions.iter().filter(|a| a.starts_with("range ")).collect();
    if ranges.len() != 1
        || text.matches("AddPage").count() != 1
        || text.contains("GetRemote")
        || text.contains("resources.Get")
    {
        return Adapter::Unknown;
    }
    let Some(items) = range_items(ranges[0], root, data_dir) else {
        return Adapter::Unknown;
    };
    let Some(path_expr) = path_expr(text, &actions) else {
        return Adapter::Unknown;
    };
    let mut paths = Vec::new();
    for item in &items {
        match eval(&path_expr, item) {
            Some(p) if !p.is_empty() => paths.push(p),
            _ => return Adapter::Unknown,
        }
    }
    Adapter::Pages(paths)
}

/// The actions' texts, trimmed, comments left out.
fn actions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let body = &rest[open + 2..];
        let Some(end) = body.find("}}") else { break };
        let inner = body[..end]
            .trim()
            .trim_start_matches('-')
            .trim_end_matches('-');
        let inner = inner.trim();
        if !inner.starts_with("/*") {
            out.push(inner.to_string());
        }
        rest = &body[end + 2..];
    }
    out
}

/// The items a `range` goes over: a data file's list (or map values), a folder's entries.
fn range_items(action: &str, root: &Path, data_dir: &Path) -> Option<Vec<Value>> {
    let expr = action.strip_prefix("range ")?.trim();
    // `range $i, $x := …` / `range $x := …`
    let expr = expr.rsplit_once(":=").map_or(expr, |(_, e)| e).trim();
    let expr = expr.trim_start_matches('(').trim_end_matches(')').trim();
    for prefix in ["site.Data.", ".Site.Data.", "$.Site.Data.", "hugo.Data."] {
        if let Some(path) = expr.strip_prefix(prefix) {
            if !path
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '-')
            {
                return None;
            }
            return data_items(data_dir, path);
        }
    }
    for prefix in ["os.ReadDir ", "readDir "] {
        if let Some(arg) = expr.strip_prefix(prefix) {
            let dir = arg.trim().strip_prefix('"')?.strip_suffix('"')?;
            if dir.contains("..") {
                return None;
            }
            let mut names: Vec<String> = std::fs::read_dir(root.join(dir))
                .ok()?
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            return Some(
                names
                    .into_iter()
                    .map(|n| serde_json::json!({ "Name": n }))
                    .collect(),
            );
        }
    }
    None
}

/// `data/a/b.{json,yaml,yml,toml}` for `a.b`: its list, or its map's values.
fn data_items(data_dir: &Path, path: &str) -> Option<Vec<Value>> {
    let rel: std::path::PathBuf = path.split('.').collect();
    for ext in ["json", "yaml", "yml", "toml"] {
        let file = data_dir.join(&rel).with_extension(ext);
        let Ok(text) = crate::site::bounded::read_to_string(&file, crate::site::bounded::CONFIG)
        else {
            continue;
        };
        let value: Value = match ext {
            "json" => serde_json::from_str(&text).ok()?,
            "toml" => {
                let t: toml::Value = toml::from_str(&text).ok()?;
                serde_json::to_value(t).ok()?
            }
            _ => serde_saphyr::from_str(&text).ok()?,
        };
        return match value {
            Value::Array(a) => Some(a),
            Value::Object(m) => Some(m.into_iter().map(|(_, v)| v).collect()),
            _ => None,
        };
    }
    None
}

/// The expression `AddPage`'s dict gives as `"path"`, variables it names replaced by what they
/// were set to.
fn path_expr(text: &str, actions: &[String]) -> Option<String> {
    let at = text.find("\"path\"")?;
    let after = text[at + "\"path\"".len()..].trim_start();
    let expr = first_operand(after)?;
    if let Some(var) = expr.strip_prefix('$') {
        let set = actions.iter().find_map(|a| {
            let (lhs, rhs) = a.split_once(":=")?;
            (lhs.trim() == format!("${var}")).then(|| rhs.trim().to_string())
        })?;
        return Some(set);
    }
    Some(expr)
}

/// The first operand of a pipeline: `.title`, `$name`, or a parenthesised call.
fn first_operand(s: &str) -> Option<String> {
    if let Some(inner) = s.strip_prefix('(') {
        let mut depth = 1;
        for (i, c) in inner.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(inner[..i].trim().to_string());
                    }
                }
                _ => {}
            }
        }
        return None;
    }
    let end = s
        .find(|c: char| c.is_whitespace() || c == ')' || c == '}')
        .unwrap_or(s.len());
    (end > 0).then(|| s[..end].to_string())
}

/// The value of a simple expression on one item: `.field`, `.a.b`, and a function of one
/// (`path.BaseName`, `urlize`, `lower`, `strings.TrimSuffix "x"`, `printf "%s"`, `print`).
fn eval(expr: &str, item: &Value) -> Option<String> {
    let words = split_words(expr);
    match words.as_slice() {
        [field] => field_of(field, item),
        [f, arg] if *f == "path.BaseName" => {
            let v = field_of(arg, item)?;
            let base = v.rsplit('/').next().unwrap_or(&v).to_string();
            Some(
                base.rsplit_once('.')
                    .map_or(base.clone(), |(s, _)| s.to_string()),
            )
        }
        [f, arg] if *f == "urlize" || *f == "anchorize" => field_of(arg, item),
        [f, arg] if *f == "lower" || *f == "strings.ToLower" => {
            Some(field_of(arg, item)?.to_lowercase())
        }
        [f, suffix, arg] if *f == "strings.TrimSuffix" || *f == "strings.TrimPrefix" => {
            let s = suffix.strip_prefix('"')?.strip_suffix('"')?;
            let v = field_of(arg, item)?;
            Some(if *f == "strings.TrimSuffix" {
                v.strip_suffix(s).unwrap_or(&v).to_string()
            } else {
                v.strip_prefix(s).unwrap_or(&v).to_string()
            })
        }
        _ => None,
    }
}

fn split_words(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let end = if let Some(quoted) = rest.strip_prefix('"') {
            quoted.find('"').map_or(rest.len(), |e| e + 2)
        } else {
            rest.find(char::is_whitespace).unwrap_or(rest.len())
        };
        out.push(&rest[..end]);
        rest = rest[end..].trim_start();
    }
    out
}

/// `.a.b` of an item; a string or a number.
fn field_of(field: &str, item: &Value) -> Option<String> {
    let path = field.strip_prefix('.')?;
    let mut v = item;
    for key in path.split('.') {
        v = v
            .as_object()?
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))?
            .1;
    }
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_shapes_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(data.join("lib")).unwrap();
        std::fs::write(
            data.join("lib/books.json"),
            r#"[{"title": "The Hobbit"}, {"title": "Dune: Part Two"}]"#,
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("notes")).unwrap();
        std::fs::write(dir.path().join("notes/First.md"), "x").unwrap();
        let from_data = "{{ range site.Data.lib.books }}\n{{ $p := dict \"path\" .title \"title\" .title }}\n{{ $.AddPage $p }}\n{{ end }}";
        assert_eq!(
            read(from_data, dir.path(), &data),
            Adapter::Pages(vec!["The Hobbit".into(), "Dune: Part Two".into()])
        );
        let from_dir = "{{ range os.ReadDir \"notes\" }}{{ $name := path.BaseName .Name }}{{ $.AddPage (dict \"path\" $name \"title\" $name) }}{{ end }}";
        assert_eq!(
            read(from_dir, dir.path(), &data),
            Adapter::Pages(vec!["First".into()])
        );
        let remote = "{{ with resources.GetRemote \"https://x\" }}{{ range . }}{{ $.AddPage (dict \"path\" .id) }}{{ end }}{{ end }}";
        assert_eq!(read(remote, dir.path(), &data), Adapter::Unknown);
        assert_eq!(
            read("{{ $.AddResource (dict) }}", dir.path(), &data),
            Adapter::Nothing
        );
    }
}
