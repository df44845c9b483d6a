//! Config files a site's build makes and its checkout lacks (opentelemetry.io's
//! `config/_default/module.yaml`, rendered from `module-template.yaml` by a script and ignored by
//! git). Without them Hugo, and hugolint, would read another site: different mounts, different
//! URLs, every link "broken". What the checkout says is read: a `.gitignore` that lists a config
//! file which is absent, or a template beside the absent file (`module-template.yaml`,
//! `module.yaml.tmpl`, …). Only files whose keys decide where pages are published count.

use std::path::{Path, PathBuf};

/// Top-level keys whose absence changes where pages are published or how links resolve.
/// Others (`params`, `menus`, `services`, …) change nothing hugolint reads.
const KEYS_THAT_MATTER: &[&str] = &[
    "hugo",
    "config",
    "module",
    "languages",
    "permalinks",
    "markup",
    "outputs",
    "outputformats",
    "mediatypes",
    "taxonomies",
    "cascade",
];

const EXTENSIONS: &[&str] = &["toml", "yaml", "yml", "json"];

/// Words that mark a file as the template of another (`module-template.yaml`).
const TEMPLATE_WORDS: &[&str] = &["template", "tmpl", "tpl", "example", "sample", "dist", "in"];

/// A config file the checkout lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// The absent file, absolute.
    pub file: PathBuf,
    /// Its top-level key (`module` for `config/_default/module.yaml`; empty for a root file,
    /// `hugo.toml` or `config.yaml`, at the root or in a config folder).
    pub key: String,
    /// A template of it the checkout holds, if any, and the template's format (`yaml` for
    /// `module-template.yaml` and `module.yaml.tmpl`).
    pub template: Option<(PathBuf, &'static str)>,
    /// What says the file is generated: a `.gitignore` lists it (else only the template does).
    pub ignored_by_git: bool,
    /// The template was read in its place (it is plain config: no template actions).
    pub template_read: bool,
}

/// The config files of the site at `root` that its build makes and that are absent, in path
/// order.
pub fn find(root: &Path, has_root_file: bool) -> Vec<Generated> {
    let mut found = Vec::new();
    let gitignore = |dir: &Path| {
        let mut b = ignore::gitignore::GitignoreBuilder::new(root);
        let mut any = false;
        for d in [root, dir] {
            let f = d.join(".gitignore");
            if f.is_file() {
                any |= b.add(f).is_none();
            }
        }
        any.then(|| b.build().ok()).flatten()
    };

    let in_config_dir = names_in(&root.join("config/_default"))
        .iter()
        .any(|n| n.starts_with("hugo.") || n.starts_with("config."));
    if !has_root_file && !in_config_dir {
        let listing = names_in(root);
        check_dir(
            root,
            &["hugo", "config"],
            &listing,
            gitignore(root).as_ref(),
            &mut found,
        );
    }
    for env in ["_default", "production"] {
        let dir = root.join("config").join(env);
        let listing = names_in(&dir);
        if listing.is_empty() {
            continue;
        }
        for key in KEYS_THAT_MATTER {
            let stems: &[&str] = match *key {
                "hugo" => &["hugo", "config"],
                "config" => continue,
                _ => std::slice::from_ref(key),
            };
            check_dir(&dir, stems, &listing, gitignore(&dir).as_ref(), &mut found);
        }
    }
    found.sort_by(|a, b| a.file.cmp(&b.file));
    found
}

/// Whether the file for one key (its file names' `stems`: `hugo` and `config` are one file) is
/// absent from `dir` and generated: git ignores it, or a template of it is there.
fn check_dir(
    dir: &Path,
    stems: &[&str],
    listing: &[String],
    gitignore: Option<&ignore::gitignore::Gitignore>,
    found: &mut Vec<Generated>,
) {
    let present = listing.iter().any(|n| {
        n.rsplit_once('.')
            .is_some_and(|(stem, ext)| stems.contains(&stem) && EXTENSIONS.contains(&ext))
    });
    if present {
        return;
    }
    let names = || {
        stems
            .iter()
            .flat_map(|stem| EXTENSIONS.iter().map(move |ext| format!("{stem}.{ext}")))
    };
    let ignored = names().find(|name| {
        gitignore.is_some_and(|g| {
            g.matched_path_or_any_parents(dir.join(name), false)
                .is_ignore()
        })
    });
    let template = stems.iter().find_map(|stem| template_of(stem, listing));
    let file = match (&ignored, template) {
        (Some(name), _) => name.clone(),
        (None, Some((_, ext))) => format!("{}.{ext}", stems[0]),
        (None, None) => return,
    };
    let key = if stems.contains(&"hugo") {
        ""
    } else {
        stems[0]
    };
    found.push(Generated {
        file: dir.join(file),
        key: key.to_string(),
        template: template.map(|(t, ext)| (dir.join(t), ext)),
        ignored_by_git: ignored.is_some(),
        template_read: false,
    });
}

/// A file of `listing` that is a template of the file `stem`.<ext>, and its format's extension:
/// `module-template.yaml`, `module.template.yaml`, `module_template.yml`, `module.yaml.tmpl`,
/// `module.yaml.example`, …
fn template_of<'a>(stem: &str, listing: &'a [String]) -> Option<(&'a String, &'static str)> {
    listing.iter().find_map(|n| {
        let lower = n.to_lowercase();
        let ext_of = |e: &str| EXTENSIONS.iter().copied().find(|x| *x == e);
        let rest = lower.strip_prefix(stem)?;
        // `<stem>.<ext>.<word>`.
        if let Some((ext, word)) = rest.strip_prefix('.').and_then(|r| r.split_once('.'))
            && let Some(ext) = ext_of(ext)
            && TEMPLATE_WORDS.contains(&word)
        {
            return Some((n, ext));
        }
        // `<stem><sep><word>.<ext>`.
        let (word, ext) = rest.strip_prefix(['-', '_', '.'])?.rsplit_once('.')?;
        let ext = ext_of(ext)?;
        TEMPLATE_WORDS.contains(&word).then_some((n, ext))
    })
}

fn names_in(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
    }

    #[test]
    fn a_template_beside_an_absent_file_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            &[
                ("config/_default/hugo.yaml", "title: x\n"),
                ("config/_default/module-template.yaml", "mounts: []\n"),
                ("config/_default/.gitignore", "module.yaml\n"),
            ],
        );
        let found = find(root, false);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].key, "module");
        assert!(found[0].ignored_by_git);
        assert_eq!(
            found[0].template,
            Some((root.join("config/_default/module-template.yaml"), "yaml"))
        );
        assert!(found[0].file.ends_with("config/_default/module.yaml"));
    }

    #[test]
    fn each_signal_alone_and_neither() {
        for (files, expected) in [
            // git ignores it, no template.
            (
                vec![("config/_default/.gitignore", "languages.toml\n")],
                Some(("languages", false)),
            ),
            // The site root's .gitignore, by path.
            (
                vec![(".gitignore", "/config/_default/module.yaml\n")],
                Some(("module", false)),
            ),
            // A template only (`.yaml.tmpl`).
            (
                vec![("config/_default/permalinks.yaml.tmpl", "x: y\n")],
                Some(("permalinks", true)),
            ),
            // A key that does not change URLs.
            (vec![("config/_default/.gitignore", "params.yaml\n")], None),
            // Present after all.
            (
                vec![
                    ("config/_default/.gitignore", "module.yaml\n"),
                    ("config/_default/module.yaml", "mounts: []\n"),
                ],
                None,
            ),
            // A name that only looks like a template.
            (
                vec![("config/_default/modules-template.yaml", "x: y\n")],
                None,
            ),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let mut all = vec![("config/_default/hugo.toml", "title = 'x'\n")];
            all.extend(files.iter().cloned());
            write(dir.path(), &all);
            let found = find(dir.path(), false);
            let got = found
                .first()
                .map(|g| (g.key.as_str(), g.template.is_some()));
            assert_eq!(got, expected, "{files:?}: {found:?}");
            assert!(found.len() <= 1, "{found:?}");
        }
    }

    #[test]
    fn a_root_file_made_by_the_build() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            &[
                ("config/_default/params.toml", "x = 1\n"),
                ("hugo.example.toml", "baseURL = 'https://example.org/'\n"),
            ],
        );
        let found = find(dir.path(), false);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].file.ends_with("hugo.toml"), "{found:?}");
        assert!(found[0].key.is_empty());
        assert!(find(dir.path(), true).is_empty());
        // A config folder with its own root file needs none at the root.
        write(
            dir.path(),
            &[("config/_default/hugo.toml", "title = 'x'\n")],
        );
        assert!(find(dir.path(), false).is_empty());
    }
}
