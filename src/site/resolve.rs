//! Link resolution: where a link, image or `ref` goes in the built site (HUGO-SPEC §5).

use crate::document::{Link, LinkKind};
use crate::site::config::HookMode;
use crate::site::index::{Target, is_content_ext, percent_decoded, url_key};
use crate::site::redirects::Redirect;
use crate::site::templates::Lookup;
use crate::site::{PageRef, Site};

/// Where a destination goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// A URL with a scheme or host, or nothing to check: never fetched.
    External,
    /// Ignored by the site's `.hugolint.yaml`.
    Ignored,
    /// Cannot be known before the build (generated content, folders not on disk).
    Unknowable,
    /// Exists. `page` when it is a page whose anchors can be checked.
    Found {
        page: Option<usize>,
        fragment: Option<String>,
    },
    /// Does not exist.
    Missing {
        looked_for: String,
        /// The URL key to look for a published URL near (did-you-mean: [`Site::nearest_url`]),
        /// computed only when a rule shows it.
        near: Option<String>,
        why: Missing,
    },
}

/// Why a destination does not resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// No published URL matches.
    Url,
    /// A `ref`/`relref` Hugo cannot find (REF_NOT_FOUND).
    Ref,
    /// A `ref`/`relref` that matches several pages.
    Ambiguous,
    /// The page exists but has no URL (headless, `build.render: never`): Hugo renders an empty
    /// href, a link to nowhere.
    Unrendered,
}

/// A `ref` whose base name matches several pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ambiguous;

/// What kind of destination it is, which decides the render hook that applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// A Markdown link.
    Link,
    /// A Markdown image.
    Image,
    /// Written in raw HTML or a shortcode param: the href as written.
    Raw,
    /// An image shortcode's source: page resource, then global resource, else as written.
    ShortcodeImage,
}

impl Use {
    pub fn of_link(link: &Link) -> Use {
        match link.kind {
            LinkKind::Inline | LinkKind::Reference | LinkKind::Autolink => Use::Link,
            _ => Use::Raw,
        }
    }
}

fn has_scheme(dest: &str) -> bool {
    let Some(colon) = dest.find(':') else {
        return false;
    };
    let scheme = &dest[..colon];
    !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `https:/x` or `https:x` on a site served over https: a browser reads a special scheme equal
/// to the page's, not followed by `//`, as a relative URL (WHATWG URL, "special relative or
/// authority state"), so it goes to `/x` (or `x`) on the same host. The rest, or `None`.
fn same_scheme_relative<'d>(dest: &'d str, base_scheme: Option<&str>) -> Option<&'d str> {
    let scheme = base_scheme.filter(|s| matches!(*s, "http" | "https"))?;
    let (b, n) = (dest.as_bytes(), scheme.len());
    // Bytes, not characters: the scheme and its colon are ASCII, so `n + 1` is a boundary.
    if b.len() <= n + 1 || b[n] != b':' || !b[..n].eq_ignore_ascii_case(scheme.as_bytes()) {
        return None;
    }
    let rest = &dest[n + 1..];
    (!rest.starts_with("//") && !rest.starts_with("\\\\")).then_some(rest)
}

/// Split `path?query#fragment`.
pub fn split_dest(dest: &str) -> (&str, Option<&str>) {
    let (rest, frag) = match dest.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (dest, None),
    };
    let path = rest.split_once('?').map_or(rest, |(p, _)| p);
    (path, frag)
}

/// Join a relative path onto a base folder path (both `/`-separated) and normalise `.`/`..`.
pub fn join(base_dir: &str, rel: &str) -> String {
    let base = if rel.starts_with('/') { "" } else { base_dir };
    let mut out = String::with_capacity(base.len() + rel.len() + 2);
    // `out` is `/a/b…`: a segment is pushed as `/name`, and `..` cuts the last one off. The
    // base's segments are taken as they are.
    for s in base.split('/').filter(|s| !s.is_empty()) {
        out.push('/');
        out.push_str(s);
    }
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => out.truncate(out.rfind('/').unwrap_or(0)),
            s => {
                out.push('/');
                out.push_str(s);
            }
        }
    }
    if out.is_empty() || rel.ends_with('/') {
        out.push('/');
    }
    out
}

/// A page that Hugo's lookup found: broken all the same when it is never rendered.
fn found_page(
    index: &crate::site::index::Index,
    page: usize,
    looked_for: String,
    fragment: Option<String>,
) -> Resolution {
    if index.pages[page].url.is_none() {
        return Resolution::Missing {
            looked_for,
            near: None,
            why: Missing::Unrendered,
        };
    }
    Resolution::Found {
        page: Some(page),
        fragment,
    }
}

impl Site {
    /// Resolve `dest` written in the page `from`.
    pub fn resolve(
        &self,
        from: &PageRef,
        dest: &str,
        used: Use,
        is_ref: bool,
        lang: Option<&str>,
    ) -> Resolution {
        self.resolve_via(from, dest, used, is_ref, lang, &mut None)
    }

    /// [`Site::resolve`], and where a redirect the site publishes sends the link when it
    /// reaches its target through one (an alias page, a `_redirects` or `netlify.toml` rule):
    /// the URL it leads to.
    pub fn resolve_traced(
        &self,
        from: &PageRef,
        dest: &str,
        used: Use,
        is_ref: bool,
        lang: Option<&str>,
    ) -> (Resolution, Option<String>) {
        let mut via = None;
        let r = self.resolve_via(from, dest, used, is_ref, lang, &mut via);
        (r, via)
    }

    fn resolve_via(
        &self,
        from: &PageRef,
        dest: &str,
        used: Use,
        is_ref: bool,
        lang: Option<&str>,
        via: &mut Option<String>,
    ) -> Resolution {
        let dest = dest.trim();
        if let Some(rest) = same_scheme_relative(dest, self.config().base_scheme.as_deref()) {
            // Hugo writes it as is (it has a scheme); the browser takes the rest as a path.
            return self.resolve_via(from, rest, Use::Raw, false, lang, via);
        }
        if let Some(path) = self.own_host_path(dest) {
            // `links.own-hosts`: a URL on the site's own host, checked as the path it names.
            if self.ignored(dest) {
                return Resolution::Ignored;
            }
            return self.resolve_via(from, path, Use::Raw, false, lang, via);
        }
        if dest.is_empty() || has_scheme(dest) || dest.starts_with("//") || dest.contains("{{") {
            return Resolution::External;
        }
        if self.ignored(dest) {
            return Resolution::Ignored;
        }
        let (path, fragment) = split_dest(dest);
        let fragment = fragment
            .filter(|f| !f.is_empty())
            .map(|f| percent_decoded(f).into_owned());
        if from.resource && !path.starts_with('/') {
            // A content resource is rendered inside another page: relative links and fragments
            // resolve there.
            return Resolution::Unknowable;
        }
        if path.is_empty() {
            if from.page.is_some() && from.url.is_none() && !is_ref {
                // An unpublished page (a snippet in `_includes/`, headless): its text is shown
                // inside other pages, whose anchors `#x` names.
                return Resolution::Unknowable;
            }
            // Same page.
            return Resolution::Found {
                page: from.page,
                fragment,
            };
        }
        let Some(index) = self.index() else {
            return self.resolve_plain(from, path, fragment);
        };
        if from.page.is_none() {
            // Not a content page (a README beside the site): links are files on disk.
            return self.resolve_plain(from, path, fragment);
        }
        if from.url.is_none() && !path.starts_with('/') && !is_ref {
            // An unpublished page (headless, a snippet included elsewhere): relative links
            // resolve against whatever page includes it.
            return Resolution::Unknowable;
        }
        let lang = lang
            .map(str::to_lowercase)
            .unwrap_or_else(|| from.lang.clone());
        if is_ref {
            return self.resolve_ref(from, path, &lang, fragment);
        }
        let hook = match used {
            Use::Link => self.hook_for("link", from),
            Use::Image => self.hook_for("image", from),
            Use::Raw => HookMode::Browser,
            Use::ShortcodeImage => HookMode::Embedded,
        };
        let site_hook = match &hook {
            HookMode::Site(f) => Some(f.clone()),
            _ => None,
        };
        if let Some(f) = &site_hook
            && f.special.iter().any(|s| s == dest)
        {
            // A destination the site's hook treats apart (gohugo.io's `g` glossary links).
            return Resolution::Unknowable;
        }
        let (page, page_res, section_res, global) = match &hook {
            HookMode::Browser => (false, false, false, false),
            HookMode::Embedded => (used == Use::Link, true, false, true),
            HookMode::Site(f) => (
                f.lookups.contains(&Lookup::Page),
                f.lookups.contains(&Lookup::PageResource),
                f.lookups.contains(&Lookup::SectionResource),
                f.lookups.contains(&Lookup::Global),
            ),
        };
        let unknown_hook = site_hook.as_ref().is_some_and(|f| f.unknown);
        // A hook that looks up only destinations of one shape writes the others as they are.
        let (page, page_res, section_res, global) =
            match site_hook.as_ref().and_then(|f| f.lookup_when.as_ref()) {
                Some((prefix, starts)) if dest.starts_with(prefix.as_str()) != *starts => {
                    (false, false, false, false)
                }
                _ => (page, page_res, section_res, global),
            };
        if page || page_res || section_res || global {
            let rel = path.strip_prefix("./").unwrap_or(path);
            let decoded = percent_decoded(rel).into_owned();
            if page && let Ok(Some(p)) = self.get_page(from, &decoded, &lang, false) {
                return found_page(index, p, decoded, fragment);
            }
            // A page resource, then a section's, then a global resource (`assets/`).
            if page_res
                && let Some(dir) = &from.bundle_dir
                && index.has_bundle_resource(
                    &from.lang,
                    join(dir, &decoded).trim_start_matches('/'),
                    from.page.map_or("", |p| &index.pages[p].logical),
                )
            {
                return Resolution::Found {
                    page: None,
                    fragment,
                };
            }
            if section_res
                && index.has_content_file(
                    &from.lang,
                    join(&from.content_dir, &decoded).trim_start_matches('/'),
                )
            {
                return Resolution::Found {
                    page: None,
                    fragment,
                };
            }
            if global && !decoded.starts_with("..") && index.has_asset(&decoded) {
                return Resolution::Found {
                    page: None,
                    fragment,
                };
            }
        }
        // A hook that changes destinations in ways not followed: what the browser would find
        // is likely, not certain (its fragment is not checked); what it would not is not
        // reported.
        let fragment = if unknown_hook { None } else { fragment };
        // As written: the browser resolves it against the page's URL.
        let base = from.url.as_deref().unwrap_or("/");
        let base_dir = if base.ends_with('/') {
            base
        } else {
            base.rsplit_once('/').map_or("/", |(d, _)| d)
        };
        let target = join(base_dir, path);
        let key = url_key(&target);
        if let Some(t) = index.url(&key).or_else(|| {
            // A folder path without its slash is redirected to it by every static host.
            (!path.ends_with('/')).then(|| index.url(&key)).flatten()
        }) {
            let page = match t {
                Target::Page(p) => Some(p),
                Target::Alias(p) => {
                    // An alias page: an HTML redirect to the page (the fragment is not carried).
                    *via = index.pages[p].url.clone();
                    None
                }
                _ => None,
            };
            return Resolution::Found { page, fragment };
        }
        if index.is_unknown(&key) || unknown_hook {
            return Resolution::Unknowable;
        }
        if let Some(r) = self.through_redirects(index, &key, fragment.clone(), via) {
            return r;
        }
        // Feeds and other output formats of a list page (`/news/feed.xml`): their names come
        // from the site's output formats, which hugolint does not model.
        if let Some((dir, file)) = key.rsplit_once('/')
            && file.ends_with(".xml")
            && index.url(dir).is_some()
        {
            return Resolution::Unknowable;
        }
        let shown = percent_decoded(&target).into_owned();
        Resolution::Missing {
            looked_for: shown,
            near: Some(key),
            why: Missing::Url,
        }
    }

    /// A URL no file is published at, served by the site's redirects: where the rules lead
    /// (followed as a browser follows redirects, a few hops), when that is published, external,
    /// or made by what is not read. `None` when no rule matches, a rule answers 404 (or another
    /// error), or the rules lead to nothing published. Rules a template may not publish (in a
    /// branch whose condition is not read) make several ways: `None` only when every way is
    /// broken; the one way that works when only one does; not known when several do.
    fn through_redirects(
        &self,
        index: &crate::site::index::Index,
        key: &str,
        fragment: Option<String>,
        via: &mut Option<String>,
    ) -> Option<Resolution> {
        let redirects = self.redirects()?;
        if redirects.is_empty() {
            return None;
        }
        let mut ways = Vec::new();
        let mut budget = 64;
        self.follow_redirects(
            index,
            redirects,
            key,
            &fragment,
            0,
            false,
            &mut budget,
            &mut ways,
        );
        let (first, first_via) = ways.first()?.clone();
        if ways.iter().all(|(r, _)| *r == first) {
            *via = first_via;
            Some(first)
        } else {
            Some(Resolution::Unknowable)
        }
    }

    /// Each way the rules lead `key` that is not broken, with where the redirects sent it (for
    /// `links.warn-redirects`; none through rewrites only). `redirected`: a 3xx rule came first.
    #[allow(clippy::too_many_arguments)]
    fn follow_redirects(
        &self,
        index: &crate::site::index::Index,
        redirects: &crate::site::redirects::Redirects,
        key: &str,
        fragment: &Option<String>,
        hop: usize,
        redirected: bool,
        budget: &mut usize,
        ways: &mut Vec<(Resolution, Option<String>)>,
    ) {
        if hop >= 8 {
            return;
        }
        if *budget == 0 {
            // Too many ways to follow: what was not followed may work.
            ways.push((Resolution::Unknowable, None));
            return;
        }
        *budget -= 1;
        for way in redirects.lookup_all(key) {
            let Some(way) = way else { continue };
            let (to, status) = match way {
                Redirect::Unknown => {
                    ways.push((Resolution::Unknowable, None));
                    continue;
                }
                Redirect::To { to, status } => (to, status),
            };
            if status >= 400 {
                continue;
            }
            let redirected = redirected || (300..400).contains(&status);
            if has_scheme(&to) || to.starts_with("//") {
                ways.push((Resolution::External, None));
                continue;
            }
            let (path, frag) = split_dest(&to);
            let next = url_key(path);
            if let Some(t) = index.url(&next) {
                let page = match t {
                    Target::Page(p) => Some(p),
                    _ => None,
                };
                // A target with a fragment of its own replaces the link's.
                let fragment = if frag.is_some() {
                    None
                } else {
                    fragment.clone()
                };
                // The page's URL as Hugo writes it, else the rule's target.
                let via =
                    redirected.then(|| page.and_then(|p| index.pages[p].url.clone()).unwrap_or(to));
                ways.push((Resolution::Found { page, fragment }, via));
                continue;
            }
            if index.is_unknown(&next) {
                ways.push((Resolution::Unknowable, None));
                continue;
            }
            self.follow_redirects(
                index,
                redirects,
                &next,
                fragment,
                hop + 1,
                redirected,
                budget,
                ways,
            );
        }
    }

    /// The path (with query and fragment) of an `http(s)://host/…` or `//host/…` URL whose host
    /// is one `links.own-hosts` names (`true`: the host of `baseURL`); a default port counts as
    /// none. `None` for any other destination, or without a site.
    fn own_host_path<'d>(&self, dest: &'d str) -> Option<&'d str> {
        use crate::settings::OwnHosts;
        let hosts = self.settings().own_hosts();
        if *hosts == OwnHosts::Off || self.index().is_none() {
            return None;
        }
        let lower = dest.get(..8).unwrap_or(dest).to_ascii_lowercase();
        let rest = if lower.starts_with("https://") {
            &dest[8..]
        } else if lower.starts_with("http://") {
            &dest[7..]
        } else {
            dest.strip_prefix("//")?
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let host = rest[..end].to_ascii_lowercase();
        let host = host
            .strip_suffix(":443")
            .or_else(|| host.strip_suffix(":80"))
            .unwrap_or(&host);
        let mine = match hosts {
            OwnHosts::Off => false,
            OwnHosts::BaseUrl => self.config().base_host.as_deref() == Some(host),
            OwnHosts::List(list) => list.iter().any(|h| h == host),
        };
        if !mine || host.is_empty() {
            return None;
        }
        // `https://example.org` is the home page.
        match &rest[end..] {
            "" => Some("/"),
            path if path.starts_with('/') => Some(path),
            _ => None,
        }
    }

    /// Without a site config: a relative file link from the file's folder.
    fn resolve_plain(&self, from: &PageRef, path: &str, fragment: Option<String>) -> Resolution {
        if path.starts_with('/') {
            // Site-absolute URLs need a site to resolve against.
            return Resolution::Unknowable;
        }
        let Some(dir) = from.file.parent() else {
            return Resolution::Unknowable;
        };
        let decoded = percent_decoded(path).into_owned();
        let target = dir.join(&decoded);
        if !self.inside_plain_bounds(&target) {
            // Outside the folders being linted: not looked up (a finding would tell whether any
            // path on the machine exists).
            return Resolution::Unknowable;
        }
        if target.exists() {
            let page = None;
            return Resolution::Found { page, fragment };
        }
        Resolution::Missing {
            looked_for: decoded,
            near: None,
            why: Missing::Url,
        }
    }

    /// `ref`/`relref`: Hugo's page lookup, with REF_NOT_FOUND when it fails.
    fn resolve_ref(
        &self,
        from: &PageRef,
        path: &str,
        lang: &str,
        fragment: Option<String>,
    ) -> Resolution {
        let decoded = percent_decoded(path).into_owned();
        let index = self.index().expect("refs need a site");
        match self.get_page(from, &decoded, lang, true) {
            Ok(Some(p)) => found_page(index, p, decoded, fragment),
            Ok(None) if self.config().incomplete() => Resolution::Unknowable,
            Ok(None) => {
                let near = url_key(&format!(
                    "{}{}",
                    self.config().lang_prefix(lang),
                    join("/", decoded.trim_end_matches(".md"))
                ));
                Resolution::Missing {
                    looked_for: decoded,
                    near: Some(near),
                    why: Missing::Ref,
                }
            }
            Err(Ambiguous) => Resolution::Missing {
                looked_for: decoded,
                near: None,
                why: Missing::Ambiguous,
            },
        }
    }

    /// Hugo's `GetPage` from a page (HUGO-SPEC §5.5): relative to the page, then to the content
    /// root, then (refs only, no `/`) by base name. `Err` when the base name is ambiguous.
    pub fn get_page(
        &self,
        from: &PageRef,
        reference: &str,
        lang: &str,
        is_ref: bool,
    ) -> Result<Option<usize>, Ambiguous> {
        let Some(index) = self.index() else {
            return Ok(None);
        };
        let r = if reference.contains('\\') {
            std::borrow::Cow::Owned(reference.replace('\\', "/"))
        } else {
            std::borrow::Cow::Borrowed(reference)
        };
        let r = r.strip_suffix('/').unwrap_or(&r);
        if r.is_empty() {
            return Ok(index.page_by_logical(lang, ""));
        }
        let last = r.rsplit('/').next().unwrap_or(r);
        let has_ext = last.contains('.');
        // The path Hugo looks up (`Path.Base`): a content file's extension (and then a language
        // identifier) is not part of it, any other is (`x.v1beta1` names the page
        // `x.v1beta1.md`). For the lookup by base name, Hugo drops whatever extension there is.
        let logical = |p: &str, any_ext: bool| -> String {
            let mut p = p.to_lowercase();
            if p.contains(' ') {
                p = p.replace(' ', "-");
            }
            if has_ext && let Some(dot) = p.rfind('.') {
                let stem = &p[..dot];
                let is_name =
                    !stem.ends_with('/') && stem.rsplit('/').next().is_some_and(|s| !s.is_empty());
                if is_name && (any_ext || is_content_ext(&p[dot + 1..])) {
                    p.truncate(dot);
                    // `page.zh.md`: a language suffix is not part of the logical path.
                    if let Some(dot) = p.rfind('.')
                        && self.config().languages.iter().any(|x| *x == p[dot + 1..])
                    {
                        p.truncate(dot);
                    }
                }
            }
            for suffix in ["/_index", "/index"] {
                if p.ends_with(suffix) {
                    p.truncate(p.len() - suffix.len());
                }
            }
            if p == "/index" || p == "/_index" {
                p.clear();
            }
            p.truncate(p.trim_end_matches('/').len());
            p
        };
        let mut candidates = Vec::new();
        if !r.starts_with('/') {
            // From a leaf bundle, a path without an extension counts from the bundle's parent.
            let base = match (&from.bundle_dir, from.leaf) {
                (Some(dir), true) if !(has_ext && r.starts_with("../")) => {
                    dir.rsplit_once('/').map_or("", |(p, _)| p)
                }
                (Some(dir), _) => dir,
                (None, _) => &from.content_dir,
            };
            candidates.push(join(base, r));
        }
        if !r.starts_with('.') {
            candidates.push(join("/", r));
        }
        for c in &candidates {
            if let Some(p) = index.page_by_logical(lang, &logical(c, false)) {
                return Ok(Some(p));
            }
        }
        if is_ref && !r.contains('/') {
            let name = logical(&format!("/{r}"), true);
            let name = name.trim_start_matches('/');
            match index.pages_named(lang, name) {
                [one] => return Ok(Some(*one)),
                [] => {}
                _ => return Err(Ambiguous),
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `join` as first written (segments collected, then joined).
    fn join_reference(base_dir: &str, rel: &str) -> String {
        let mut parts: Vec<&str> = if rel.starts_with('/') {
            Vec::new()
        } else {
            base_dir.split('/').filter(|s| !s.is_empty()).collect()
        };
        for seg in rel.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        let mut out = format!("/{}", parts.join("/"));
        if rel.ends_with('/') && out != "/" {
            out.push('/');
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn join_is_unchanged(base in "(/|a|\\.\\.|\\.|é){0,6}", rel in "(/|b|\\.\\.|\\.|é){0,6}") {
            proptest::prop_assert_eq!(join(&base, &rel), join_reference(&base, &rel));
        }
    }

    #[test]
    fn a_scheme_without_slashes_is_relative_on_a_site_of_that_scheme() {
        let https = Some("https");
        assert_eq!(
            same_scheme_relative("https:/example.org?x=no", https),
            Some("/example.org?x=no")
        );
        assert_eq!(
            same_scheme_relative("HTTPS:docs/a/", https),
            Some("docs/a/")
        );
        assert_eq!(same_scheme_relative("https://example.org/", https), None);
        assert_eq!(same_scheme_relative("https:\\\\example.org/", https), None);
        // Another scheme than the page's is a host, whatever the slashes; no baseURL scheme, no
        // knowing.
        assert_eq!(same_scheme_relative("http:/example.org", https), None);
        assert_eq!(same_scheme_relative("https:/example.org", None), None);
        assert_eq!(same_scheme_relative("mailto:a@b", Some("mailto")), None);
        for odd in ["你好", "https", "https:", "httpé:/x", "ab"] {
            assert_eq!(same_scheme_relative(odd, https), None, "{odd}");
        }
    }

    #[test]
    fn joins_like_a_browser() {
        assert_eq!(join("/docs/foo/", "../bar/"), "/docs/bar/");
        assert_eq!(join("/docs/foo/", "img/a.png"), "/docs/foo/img/a.png");
        assert_eq!(join("/docs/foo/", "/abs"), "/abs");
        assert_eq!(join("/", "../../../../etc/passwd"), "/etc/passwd");
        assert_eq!(split_dest("a.md?x=1#y"), ("a.md", Some("y")));
        assert!(
            has_scheme("mailto:x@y")
                && has_scheme("https://x")
                && !has_scheme("a.md")
                && !has_scheme("docs/a:b")
        );
    }
}
