//! `hugolint site`: the site model as hugolint read it, in words. Read-only: it asks the model
//! what it already holds (config, mounts, templates found), and changes nothing.

use std::fmt::Write as _;
use std::path::Path;

use super::Site;
use super::config::{HookMode, Mount, UseEmbedded};
use super::templates::{HeadingIds, HookFacts, Lookup};

impl Site {
    /// The site's templates (shortcodes, render hooks), when it is a Hugo site.
    pub fn templates(&self) -> Option<&super::templates::Templates> {
        self.templates.as_deref()
    }

    /// What `hugolint site` prints.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        let Some(root) = self.root() else {
            out.push_str("No Hugo site here (no hugo.toml, hugo.yaml, config.toml, config/_default/ ... in this folder or above it): Markdown files are checked as plain files, links as paths on disk.\n");
            self.describe_messages(&mut out);
            return out;
        };
        let c = self.config();
        let rel = |p: &Path| shown(p, root);
        let _ = writeln!(out, "Site root: {}", root.display());
        out.push_str("Config files read (in merge order):\n");
        if c.files.is_empty() {
            out.push_str("  (none: Hugo's defaults)\n");
        }
        for f in &c.files {
            let _ = writeln!(out, "  {}", rel(f));
        }
        let _ = writeln!(
            out,
            "baseURL path: {}",
            if c.base_path.is_empty() {
                "/ (the site is served at the root)"
            } else {
                &c.base_path
            }
        );
        let _ = writeln!(
            out,
            "URLs: {}{}",
            if c.ugly_urls {
                "ugly (page.html)"
            } else {
                "pretty (page/)"
            },
            if c.disable_path_to_lower {
                ", case kept (disablePathToLower)"
            } else {
                ", lower-cased"
            }
        );
        let _ = writeln!(
            out,
            "Languages (default {}{}):",
            c.default_lang,
            if c.default_in_subdir {
                ", in its own subfolder"
            } else {
                ""
            }
        );
        let folder = |m: &Mount| {
            if m.target.is_empty() {
                rel(&m.source)
            } else {
                format!("{} as {}", rel(&m.source), m.target)
            }
        };
        // Content mounts with no `lang`, said once when there are several languages.
        let shared: Vec<String> = c
            .content
            .iter()
            .filter(|m| m.langs.is_empty())
            .map(folder)
            .collect();
        let several = c.languages.len() > 1 && !shared.is_empty();
        for lang in &c.languages {
            let prefix = c.lang_prefix(lang);
            let mut dirs: Vec<String> = c
                .content
                .iter()
                .filter(|m| m.langs.iter().any(|l| l == lang) || (!several && m.langs.is_empty()))
                .map(folder)
                .collect();
            if several {
                dirs.push(format!(
                    "{}the {} with no lang",
                    if dirs.is_empty() { "" } else { "and " },
                    if shared.len() == 1 {
                        "folder".to_string()
                    } else {
                        format!("{} folders", shared.len())
                    }
                ));
            }
            let _ = writeln!(
                out,
                "  {lang:<8} URL prefix {:<8} content: {}",
                if prefix.is_empty() { "/" } else { &prefix },
                if dirs.is_empty() {
                    "(none)".to_string()
                } else {
                    dirs.join(", ")
                }
            );
        }
        if several {
            let _ = writeln!(out, "  with no lang: {}", shared.join(", "));
        }
        out.push_str("Mounts:\n");
        for (component, mounts) in [
            ("content", &c.content),
            ("static", &c.statics),
            ("assets", &c.assets),
        ] {
            for m in mounts {
                let _ = writeln!(out, "  {}", mount_line(component, m, root));
            }
        }
        let missing = [&c.content, &c.statics, &c.assets]
            .iter()
            .flat_map(|v| v.iter())
            .filter(|m| m.explicit && !m.present)
            .count();
        if missing > 0 {
            let _ = writeln!(
                out,
                "  {missing} mount{} missing on disk: links into {} are not reported",
                if missing == 1 { "" } else { "s" },
                if missing == 1 { "it" } else { "them" }
            );
        }
        out.push_str("Permalinks:");
        if c.permalinks.is_empty()
            && c.section_permalinks.is_empty()
            && c.term_permalinks.is_empty()
        {
            out.push_str(" (none: a page's URL follows its path)\n");
        } else {
            out.push('\n');
            for (section, pattern) in &c.permalinks {
                let _ = writeln!(out, "  {section} = {pattern}");
            }
            for (section, pattern) in &c.section_permalinks {
                let _ = writeln!(out, "  {section} = {pattern} (section pages)");
            }
            // The flat form sets terms too: shown once, above.
            for rule @ (section, pattern) in &c.term_permalinks {
                if !c.permalinks.contains(rule) {
                    let _ = writeln!(out, "  {section} = {pattern} (term pages)");
                }
            }
        }
        if !c.disable_kinds.is_empty() {
            let _ = writeln!(out, "Disabled kinds: {}", c.disable_kinds.join(", "));
        }
        out.push_str("Render hooks:\n");
        for (kind, mode) in [("link", c.link_embedded), ("image", c.image_embedded)] {
            self.describe_hooks(&mut out, kind, mode, root);
        }
        let headings: Vec<_> = self
            .templates()
            .map(|t| {
                t.hook_templates()
                    .into_iter()
                    .filter(|(k, _, _)| *k == "heading")
                    .map(|(_, f, facts)| (f.file.clone(), f.scope.clone(), facts))
                    .collect()
            })
            .unwrap_or_default();
        if headings.is_empty() {
            out.push_str("  heading: none: headings carry goldmark's IDs\n");
        } else {
            out.push_str("  heading: the site's own:\n");
            for (file, scope, facts) in &headings {
                let words = match &facts.heading {
                    HeadingIds::Anchor { prefix, suffix } if prefix.is_empty() && suffix.is_empty() => {
                        "IDs are goldmark's (`.Anchor`)".to_string()
                    }
                    HeadingIds::Anchor { prefix, suffix } => format!(
                        "IDs are goldmark's{}{}",
                        if prefix.is_empty() { String::new() } else { format!(" with `{prefix}` before") },
                        if suffix.is_empty() { String::new() } else { format!(" with `{suffix}` after") }
                    ),
                    HeadingIds::None => "writes no id: the headings have no anchors".to_string(),
                    HeadingIds::Unknown => "makes its IDs in a way hugolint does not follow: fragments into these pages are not checked".to_string(),
                };
                let _ = writeln!(
                    out,
                    "    {} (for {}): {words}",
                    shown(file, root),
                    if scope.is_empty() {
                        "every page".to_string()
                    } else {
                        format!("pages under {scope}")
                    },
                );
            }
        }
        out.push_str("Shortcode templates:\n");
        match self.templates() {
            None => out.push_str("  (none read)\n"),
            Some(t) => {
                let layouts: Vec<String> = t.layouts().iter().map(|l| rel(l)).collect();
                let _ = writeln!(out, "  layout folders: {}", layouts.join(", "));
                if !t.remote().is_empty() {
                    let _ = writeln!(
                        out,
                        "  not on disk (their shortcodes are unknown, not reported): {}",
                        t.remote().join(", ")
                    );
                }
                let files = t.shortcode_files();
                let _ = writeln!(out, "  {} on disk:", files.len());
                for (name, found) in files {
                    let places: Vec<String> = found
                        .iter()
                        .map(|f| {
                            if f.scope.is_empty() {
                                rel(&f.file)
                            } else {
                                format!("{} (for {})", rel(&f.file), f.scope)
                            }
                        })
                        .collect();
                    let _ = writeln!(out, "    {name:<20} {}", places.join(", "));
                }
                out.push_str(
                    "  Hugo's own (figure, highlight, ref, relref, ...) are known without templates.\n",
                );
            }
        }
        let settings = match (&self.settings().file, self.settings().baseline()) {
            (Some(f), Some(b)) => format!("{} (baseline: {})", rel(f), rel(b)),
            (Some(f), None) => rel(f),
            (None, _) => "none (defaults)".into(),
        };
        let _ = writeln!(out, "hugolint settings: {settings}");
        self.describe_messages(&mut out);
        out
    }

    fn describe_hooks(&self, out: &mut String, kind: &str, mode: UseEmbedded, root: &Path) {
        let own: Vec<_> = self
            .templates()
            .map(|t| {
                t.hook_templates()
                    .into_iter()
                    .filter(|(k, _, _)| *k == kind)
                    .map(|(_, f, facts)| (f.file.clone(), f.scope.clone(), facts))
                    .collect()
            })
            .unwrap_or_default();
        let embedded = embedded_words(kind);
        if mode == UseEmbedded::Always {
            let _ = writeln!(
                out,
                "  {kind}: Hugo's embedded hook (useEmbedded: always): {embedded}"
            );
            if !own.is_empty() {
                let _ = writeln!(out, "    (the site's own {kind} hooks are not used)");
            }
            return;
        }
        if own.is_empty() {
            let _ = match mode {
                UseEmbedded::Never => writeln!(
                    out,
                    "  {kind}: none (Hugo's embedded hook is off: useEmbedded is never, or auto on a site that is not multilingual on one host): destinations are written as they are and the browser resolves them"
                ),
                _ => writeln!(out, "  {kind}: Hugo's embedded hook: {embedded}"),
            };
            return;
        }
        let _ = writeln!(out, "  {kind}: the site's own:");
        for (file, scope, facts) in &own {
            let _ = writeln!(
                out,
                "    {} (for {}): {}",
                shown(file, root),
                if scope.is_empty() {
                    "every page".to_string()
                } else {
                    format!("pages under {scope}")
                },
                hook_words(facts)
            );
        }
        if own.iter().all(|(_, s, _)| !s.is_empty()) {
            let _ = writeln!(
                out,
                "    other pages: {}",
                match mode {
                    UseEmbedded::Never => "none: written as they are".to_string(),
                    _ => format!("Hugo's embedded hook: {embedded}"),
                }
            );
        }
    }

    fn describe_messages(&self, out: &mut String) {
        for (label, list) in [
            ("Errors", self.errors()),
            ("Warnings", self.warnings()),
            ("Notes", self.notes()),
        ] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{label}:");
            for m in list {
                let _ = writeln!(out, "  {m}");
            }
        }
        for p in self.settings_problems() {
            let _ = writeln!(
                out,
                "Settings problem: {}: {}",
                p.path.display(),
                p.diagnostic.message
            );
        }
    }
}

/// A path as `hugolint site` shows it: relative to the site root when below it.
fn shown(p: &Path, root: &Path) -> String {
    match p.strip_prefix(root) {
        Ok(r) if r.as_os_str().is_empty() => ".".into(),
        Ok(r) => r.display().to_string(),
        Err(_) => p.display().to_string(),
    }
}

fn mount_line(component: &str, m: &Mount, root: &Path) -> String {
    let target = if m.target.is_empty() {
        component.to_string()
    } else {
        format!("{component}/{}", m.target)
    };
    let mut line = format!("{} -> {target}", shown(&m.source, root));
    if !m.langs.is_empty() {
        let _ = write!(line, " [{}]", m.langs.join(", "));
    }
    if !m.explicit {
        line.push_str(" (default)");
    }
    if !m.present {
        line.push_str(if m.explicit {
            " MISSING on disk (generated by the build?)"
        } else {
            " (absent)"
        });
    }
    line
}

fn embedded_words(kind: &str) -> &'static str {
    if kind == "link" {
        "a destination is looked up as a page, then a page resource, then a global resource (assets/); written as is when none is found"
    } else {
        "a destination is looked up as a page resource, then a global resource (assets/); written as is when none is found"
    }
}

/// What a site's hook does with a destination, in words.
pub fn hook_words(f: &HookFacts) -> String {
    let mut parts = Vec::new();
    if f.lookups.is_empty() {
        if !f.unknown {
            parts.push("writes destinations as they are (the browser resolves them)".to_string());
        }
    } else {
        let mut names: Vec<&str> = f
            .lookups
            .iter()
            .map(|l| match l {
                Lookup::Page => "page",
                Lookup::PageResource => "page resource",
                Lookup::SectionResource => "section resource",
                Lookup::Global => "global resource",
            })
            .collect();
        names.sort_by_key(|n| {
            [
                "page",
                "page resource",
                "section resource",
                "global resource",
            ]
            .iter()
            .position(|x| x == n)
        });
        let mut s = format!("looks destinations up as {}", names.join(", then "));
        if let Some((prefix, starts)) = &f.lookup_when {
            let _ = write!(
                s,
                " (only those that {} with `{prefix}`; the others are written as they are)",
                if *starts { "start" } else { "do not start" }
            );
        }
        parts.push(s);
    }
    if !f.special.is_empty() {
        parts.push(format!(
            "treats apart {} (never reported)",
            f.special
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if f.unknown {
        parts.push(
            "changes them in ways hugolint does not follow (a destination not found is not reported)"
                .to_string(),
        );
    }
    parts.join("; ")
}

/// What a hook mode does with a destination, in words (`hugolint explain`).
pub fn mode_words(kind: &str, mode: &HookMode) -> String {
    match mode {
        HookMode::Browser => {
            "no render hook: written as is, the browser resolves it against the page's URL".into()
        }
        HookMode::Embedded => format!("Hugo's embedded {kind} hook: {}", embedded_words(kind)),
        HookMode::Site(f) => format!("the site's own {kind} hook, which {}", hook_words(f)),
    }
}
