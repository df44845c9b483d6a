//! The site index: every page's URL and logical path, every published file's URL, built from the
//! file listing and the pages' front matter only (no Markdown is parsed here).

use std::cmp::Ordering;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::document::PageMeta;
use crate::site::adapters::{self, Adapter};
use crate::site::cache::MetaCache;
use crate::site::config::{Cascade, Config, Mount};
use crate::site::go_time::{self, GoTime};
use crate::site::listing::{self, KeptListings, Kind, Listings};
use crate::site::path_key::{PathKey, key_bytes, strip_dir};
use crate::site::stamp::Stamp;
use crate::site::urlize;
use crate::syntax::front_matter;

/// What a page is, by its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// `docs/foo.md`
    Regular,
    /// `docs/foo/index.md`: the folder's other files are its resources.
    Leaf,
    /// `docs/_index.md` (or the home page `_index.md`).
    Branch,
}

/// The IDs a page's rendered HTML carries.
#[derive(Debug, Clone, Default)]
pub struct Anchors {
    pub ids: Vec<String>,
    /// Some IDs cannot be known before the build (a shortcode in a heading, IDs a template
    /// makes): a fragment that matches nothing is then not reported.
    pub incomplete: bool,
    /// IDs a template makes of which only the start is known (`tabset-…`): a fragment that
    /// starts so may be one.
    pub prefixes: Vec<String>,
    /// `ids` as a set, made on the first lookup of a page with many: a scan per fragment link
    /// was quadratic (a page of 40k headings and as many links to them: most of its time).
    pub(crate) lookup: OnceLock<rustc_hash::FxHashSet<String>>,
}

/// Up to this many IDs, a lookup scans them.
const SCANNED_IDS: usize = 16;

impl Anchors {
    pub fn contains(&self, id: &str) -> bool {
        let listed = if self.ids.len() <= SCANNED_IDS {
            self.ids.iter().any(|x| x == id)
        } else {
            self.lookup
                .get_or_init(|| self.ids.iter().cloned().collect())
                .contains(id)
        };
        listed || self.prefixes.iter().any(|p| id.starts_with(p.as_str()))
    }
}

/// One content page: one per file and language. What does not depend on the language (the file,
/// its content path, its front matter) is shared by the file's pages.
#[derive(Debug)]
pub struct Page {
    /// The file, absolute.
    pub file: Arc<Path>,
    pub lang: Arc<str>,
    /// Path inside the content tree, `/`-separated (`docs/foo/index.md`).
    pub content_path: Arc<str>,
    /// Hugo's logical path: lower-cased, no extension, no `index`/`_index` (`/docs/foo`).
    pub logical: String,
    pub kind: PageKind,
    /// The page's URL path (decoded), `None` when the page is not published. A page with
    /// `build.render: link` has one (it exists to be linked to; sites redirect it).
    pub url: Option<String>,
    /// The folder whose files are the page's resources (bundles).
    pub bundle_dir: Option<String>,
    pub meta: Arc<PageMeta>,
    pub(crate) anchors: OnceLock<Arc<Anchors>>,
}

/// Something a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Page(usize),
    File,
    /// A list page Hugo generates (home, section, taxonomy).
    Generated,
    /// An alias of a page: a page Hugo writes that redirects to it.
    Alias(usize),
}

#[derive(Debug, Default)]
pub struct Index {
    pub pages: Vec<Page>,
    by_file: HashMap<PathKey, usize>,
    by_logical: ByLang<usize>,
    by_name: ByLang<Vec<usize>>,
    /// Content paths (lower-cased) of files that are not pages, by language.
    content_files: ByLang<()>,
    /// URL key → target.
    urls: HashMap<String, Target>,
    /// URL prefixes whose content is mounted from folders that are not on disk.
    pub unknown_prefixes: Vec<String>,
    /// Global resources (`assets/`), by path.
    assets: HashMap<String, ()>,
    /// URL keys by folder and by last segment, for did-you-mean (built on first use).
    near: OnceLock<NearIndex>,
    /// Did-you-mean answers already given: a broken URL tends to be repeated across pages.
    nearest_seen: std::sync::Mutex<HashMap<String, Option<String>>>,
    nearest_asked: std::sync::atomic::AtomicUsize,
    /// Each language's URL key prefix (base path and language prefix), longest first.
    lang_keys: Vec<(String, String)>,
    /// Folders of the site's content, static files or assets that could not be read, sorted.
    pub unreadable: Vec<PathBuf>,
    /// Mounted folders (content, static, assets) with more than [`WALK_LIMIT`] files and
    /// folders: not walked (a mount of `/`), sorted.
    pub too_large: Vec<PathBuf>,
    /// `lang_keys` by prefix (the first language of each), made on first use.
    lang_by_key: OnceLock<HashMap<String, String>>,
    default_lang: String,
}

/// Language → key → value: looked up with borrowed strings.
type ByLang<V> = HashMap<String, HashMap<String, V>>;

/// The map of one language in a [`ByLang`], made on first use.
fn of_lang<'a, V>(map: &'a mut ByLang<V>, lang: &str) -> &'a mut HashMap<String, V> {
    if !map.contains_key(lang) {
        map.insert(lang.to_string(), HashMap::default());
    }
    map.get_mut(lang).expect("just inserted")
}

type NearIndex = (HashMap<String, Vec<String>>, HashMap<String, Vec<String>>);

/// `%XX` escapes decoded (bytes that are not UTF-8 replaced); most paths have none.
pub(crate) fn percent_decoded(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('%') {
        percent_encoding::percent_decode_str(s).decode_utf8_lossy()
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The key a URL path is looked up by: percent-decoded, lower-cased, no `index.html`, no
/// trailing `/`.
pub fn url_key(path: &str) -> String {
    let decoded = percent_decoded(path);
    // Most URLs are ASCII: lower-cased in place, without `to_lowercase`'s per-char work.
    let mut k = if decoded.is_ascii() {
        let mut k = decoded.into_owned();
        k.make_ascii_lowercase();
        k
    } else {
        decoded.to_lowercase()
    };
    if k.contains("//") {
        let mut collapsed = String::with_capacity(k.len());
        for c in k.chars() {
            if !(c == '/' && collapsed.ends_with('/')) {
                collapsed.push(c);
            }
        }
        k = collapsed;
    }
    if k.ends_with("index.html") {
        k.truncate(k.len() - "index.html".len());
    }
    while k.ends_with('/') {
        k.pop();
    }
    k
}

/// Whether a file name has a content format's extension (Hugo's built-in media types that are
/// content: Markdown, HTML, AsciiDoc, Pandoc, reStructuredText, Org).
fn is_content_file(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| is_content_ext(ext))
}

/// Whether an extension (without the dot) is a content format's.
pub fn is_content_ext(ext: &str) -> bool {
    [
        "md", "markdown", "mdown", "html", "htm", "adoc", "asciidoc", "ad", "pandoc", "pdc", "rst",
        "org",
    ]
    .iter()
    .any(|e| ext.eq_ignore_ascii_case(e))
}

/// `name.zh.md` → (`name`, Some("zh")) when `zh` (in lower case) is a configured language.
fn split_lang<'a>(stem: &'a str, config: &Config) -> (&'a str, Option<String>) {
    if let Some((base, l)) = stem.rsplit_once('.') {
        let lower = |x: &String| !x.bytes().any(|b| b.is_ascii_uppercase());
        if let Some(lang) = config
            .languages
            .iter()
            .find(|x| x.eq_ignore_ascii_case(l) && lower(x))
        {
            return (base, Some(lang.clone()));
        }
    }
    (stem, None)
}

fn file_stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// Hugo's path sanitising for a content path made a URL (see [`urlize::file_path`]).
fn sanitize(path: &str, config: &Config) -> String {
    urlize::file_path(path, config.path_rules())
}

/// A file of a content mount, for one language. What does not depend on the language is shared
/// between the languages a file is listed for (a contentDir shared by 2,000 languages lists each
/// file 2,000 times).
struct Listed {
    mount: usize,
    lang: Arc<str>,
    content_path: Arc<str>,
    file: Arc<Path>,
}

/// The most files and folders one walk of a mounted folder lists unless the settings say
/// otherwise (`walk-limit`; the largest of the three corpora's sites has 6,592 in all). A mount
/// of `/` or of a home folder stops there with one warning instead of listing the machine.
pub const WALK_LIMIT: usize = 250_000;

/// Where a walk may take folder listings from.
#[derive(Clone, Copy, Default)]
struct Walk<'a> {
    /// Listings read already this run (by the site-root search).
    shared: Option<&'a Listings>,
    /// Listings kept from earlier runs, used while their folder is unchanged.
    kept: Option<&'a KeptListings>,
    /// Where a folder that cannot be read is noted (permission denied, an I/O error).
    unreadable: Option<&'a std::sync::Mutex<Vec<PathBuf>>>,
}

/// Every file below `dir` (hidden ones and symbolic links left out), sorted. Folders are listed
/// on every core: on a large site listing them is a good part of linting one file. A folder
/// listed already this run, or unchanged since a kept listing, is not read again. Pages are not
/// stamped here: the front matter cache stamps those it is asked for (a whole-site run has
/// read every page, and asks for none). `None` when the folder holds more than [`WALK_LIMIT`]
/// files and folders: whether it does depends on the folder only, not on which core listed what.
#[cfg(test)]
fn walk(dir: &Path, how: Walk<'_>) -> Option<Vec<PathBuf>> {
    walk_at_most(dir, how, WALK_LIMIT)
}

/// [`walk`] of at most `limit` files and folders.
fn walk_at_most(dir: &Path, how: Walk<'_>, limit: usize) -> Option<Vec<PathBuf>> {
    struct Found {
        files: std::sync::Mutex<Vec<PathBuf>>,
        /// Listings to keep for the next run, kept only when the walk is whole.
        kept: std::sync::Mutex<Vec<(PathBuf, Stamp, listing::Listing)>>,
        /// Entries the walk may still list.
        left: std::sync::atomic::AtomicIsize,
    }
    fn list(dir: &Path, how: Walk<'_>, found: &Found) {
        let (mut files, mut folders) = (Vec::new(), Vec::new());
        let mut add = |name: &OsStr, kind: Kind| {
            if name.as_encoded_bytes().starts_with(b".") {
                return;
            }
            match kind {
                Kind::Folder => folders.push(dir.join(name)),
                Kind::File => files.push(dir.join(name)),
                Kind::Other => {}
            }
        };
        let shared = how.shared.and_then(|l| l.take(dir));
        let kept = how.kept.filter(|_| shared.is_none());
        let stamp = kept.and_then(|_| Stamp::of(dir));
        if let Some(listing) = shared {
            if let Some(kept) = how.kept {
                kept.listed_elsewhere(dir);
            }
            for (name, kind) in &listing {
                add(name, *kind);
            }
        } else if let Some(listing) = kept.zip(stamp).and_then(|(k, s)| k.get(dir, s)) {
            for (name, kind) in listing {
                add(name, kind);
            }
        } else {
            let listing = match listing::read(dir) {
                Ok(listing) => listing,
                Err(e) => {
                    if e.kind() != std::io::ErrorKind::NotFound
                        && let Some(unreadable) = how.unreadable
                    {
                        unreadable
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(dir.to_path_buf());
                    }
                    return;
                }
            };
            for (name, kind) in &listing {
                add(name, *kind);
            }
            if let (Some(_), Some(stamp)) = (kept, stamp) {
                found.kept.lock().unwrap_or_else(|e| e.into_inner()).push((
                    dir.to_path_buf(),
                    stamp,
                    listing,
                ));
            }
        }
        let entries = (files.len() + folders.len()) as isize;
        if found
            .left
            .fetch_sub(entries, std::sync::atomic::Ordering::Relaxed)
            < entries
        {
            return;
        }
        found
            .files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .append(&mut files);
        folders
            .par_iter()
            .for_each(|folder| list(folder, how, found));
    }
    if dir.is_file() {
        return Some(vec![dir.to_path_buf()]);
    }
    let found = Found {
        files: Default::default(),
        kept: Default::default(),
        left: std::sync::atomic::AtomicIsize::new(limit.min(isize::MAX as usize) as isize),
    };
    list(dir, how, &found);
    if found.left.load(std::sync::atomic::Ordering::Relaxed) < 0 {
        return None;
    }
    if let Some(kept) = how.kept {
        for (dir, stamp, listing) in found.kept.into_inner().unwrap_or_else(|e| e.into_inner()) {
            kept.keep(&dir, stamp, &listing);
        }
    }
    let mut files = found.files.into_inner().unwrap_or_else(|e| e.into_inner());
    // The listing's order decides which of two pages claiming one URL the index keeps.
    files.sort_unstable_by(|a, b| path_order(a, b));
    Some(files)
}

/// A relative path's text with `/` for every `\` (as content paths are written).
fn slashed(path: &Path) -> String {
    let text = path.to_string_lossy();
    if text.contains('\\') {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    }
}

/// The order of `Path`'s `Ord` (component by component) for the clean paths a walk gives,
/// computed on bytes: `Path`'s own comparison was a third of linting one file in a large site.
/// Component order is byte order with the separator below every other byte.
fn path_order(a: &Path, b: &Path) -> Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    let common = common_prefix(a, b);
    let rank = |c: Option<&u8>| match c {
        None => 0u16,
        Some(b'/') => 1,
        Some(&c) => 2 + u16::from(c),
    };
    rank(a.get(common)).cmp(&rank(b.get(common)))
}

/// The length of the common prefix, eight bytes at a time: the paths of one walk share a long one.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = u64::from_le_bytes(a[i..i + 8].try_into().unwrap_or_default());
        let y = u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or_default());
        if x != y {
            return i + ((x ^ y).trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

impl Index {
    pub fn build(config: &Config) -> Index {
        Index::build_with(config, None, &HashMap::default(), None, None, WALK_LIMIT)
    }

    /// [`Index::build`], with front matter the caller has already read: `known` maps absolute
    /// files to their metadata (pages a whole-site run has parsed, an editor's buffer), and those
    /// files are not read again. `extra` is a file that is a page even if it is not on disk yet
    /// (an editor's unsaved buffer). The other pages' front matter comes from `cache` while
    /// they are unchanged; folders in `listings` are not read again. A mounted folder of more
    /// than `walk_limit` files and folders is not walked.
    pub fn build_with(
        config: &Config,
        extra: Option<&Path>,
        known: &HashMap<PathKey, PageMeta>,
        cache: Option<&MetaCache>,
        listings: Option<&Listings>,
        walk_limit: usize,
    ) -> Index {
        let mut index = Index::default();
        let base = config.base_path.clone();
        if config.incomplete() {
            // Config the build makes is missing: no URL of the site can be known.
            index.unknown_prefixes.push(String::new());
        }
        index.default_lang = config.default_lang.clone();
        index.lang_keys = config
            .languages
            .iter()
            .map(|l| {
                (
                    l.clone(),
                    url_key(&[&base, &*config.lang_prefix(l)].concat()),
                )
            })
            .collect();
        index
            .lang_keys
            .sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));

        // Content: list every file with its language and content path. The cache (a few files
        // linted) is read meanwhile: it is needed as soon as the listing is done.
        // Folders of the site that cannot be read: their pages and files are unknown, not absent.
        let unreadable = std::sync::Mutex::new(Vec::new());
        let too_large = std::sync::Mutex::new(Vec::new());
        let walked_whole = |source: &Path, how: Walk<'_>| -> Vec<PathBuf> {
            walk_at_most(source, how, walk_limit).unwrap_or_else(|| {
                too_large
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(source.to_path_buf());
                Vec::new()
            })
        };
        let (mut walked, ()) = rayon::join(
            || {
                // A folder mounted several times (a fallback for every translation) is walked
                // once: its files are the same for each mount.
                let mut done: HashMap<&Path, usize> = HashMap::default();
                let mut lists: Vec<Vec<PathBuf>> = Vec::with_capacity(config.content.len());
                for m in &config.content {
                    if !m.present {
                        lists.push(Vec::new());
                    } else if let Some(&i) = done.get(m.source.as_path()) {
                        let again = lists[i].clone();
                        lists.push(again);
                    } else {
                        let how = Walk {
                            shared: listings,
                            kept: cache.map(MetaCache::folders),
                            unreadable: Some(&unreadable),
                        };
                        done.insert(&m.source, lists.len());
                        lists.push(walked_whole(&m.source, how));
                    }
                }
                lists
            },
            || {
                if let Some(cache) = cache {
                    cache.preload();
                }
            },
        );
        let mut listed = Vec::new();
        // Each language's name once, shared by its pages.
        let mut langs_shared: HashMap<String, Arc<str>> = HashMap::default();
        for (mi, m) in config.content.iter().enumerate() {
            if !m.present {
                if !m.explicit {
                    continue;
                }
                // A mounted file stands for its page: `docs/x/_index.md` → `/docs/x`.
                let target = match m.target.rsplit_once('/') {
                    Some((dir, last)) if last.contains('.') => {
                        let stem = file_stem(last);
                        if stem == "_index" || stem == "index" {
                            dir.to_string()
                        } else {
                            format!("{dir}/{stem}")
                        }
                    }
                    _ => m.target.clone(),
                };
                for lang in langs_of(m, config) {
                    let prefix = format!("{base}{}/{}", config.lang_prefix(&lang), target);
                    index.unknown_prefixes.push(url_key(&prefix));
                }
                continue;
            }
            let mut files = std::mem::take(&mut walked[mi]);
            if let Some(path) = extra
                && path.starts_with(&m.source)
                && !files.iter().any(|f| f == path)
            {
                files.push(path.to_path_buf());
            }
            let filter = m.filter();
            for file in files {
                let rel = match strip_dir(&file, &m.source) {
                    Some(r) if !r.as_os_str().is_empty() => slashed(r),
                    // A mounted file: its target names it (`content/about/_index.md`).
                    _ if !m.target.is_empty() => String::new(),
                    _ => file
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                };
                if !rel.is_empty() && filter.is_some_and(|f| !f.accepts(&rel)) {
                    continue;
                }
                let content_path = if m.target.is_empty() {
                    rel
                } else if rel.is_empty() {
                    m.target.clone()
                } else {
                    format!("{}/{rel}", m.target)
                };
                let name = content_path.rsplit('/').next().unwrap_or("").to_string();
                let (_, suffix_lang) = split_lang(file_stem(&name), config);
                let langs = match suffix_lang {
                    Some(l) => vec![l],
                    None if m.langs.is_empty() => vec![config.default_lang.clone()],
                    None => m.langs.clone(),
                };
                let content_path: Arc<str> = content_path.into();
                let file: Arc<Path> = file.into();
                for lang in langs {
                    listed.push(Listed {
                        mount: mi,
                        lang: lang_arc(&mut langs_shared, lang),
                        content_path: content_path.clone(),
                        file: file.clone(),
                    });
                }
            }
        }

        // Two mounts giving one language the same path: the first mount's file is the one Hugo
        // uses (a translation's own page before the fallback to another language's folder).
        {
            let mut seen: HashSet<(String, String)> = HashSet::default();
            listed.retain(|l| seen.insert((l.lang.to_string(), l.content_path.to_lowercase())));
        }

        // Leaf bundles: folders with an `index.*` content file, per language.
        // By language, then folder: looked up with borrowed strings, no allocation per folder.
        let mut leaf_dirs: HashMap<String, HashSet<String>> = HashMap::default();
        for l in &listed {
            let (dir, name) = l
                .content_path
                .rsplit_once('/')
                .unwrap_or(("", &l.content_path));
            let (stem, _) = split_lang(file_stem(name), config);
            if stem == "index" && is_content_file(name) {
                leaf_dirs
                    .entry(l.lang.to_string())
                    .or_default()
                    .insert(dir.to_string());
            }
        }
        // The leaf bundle each listed file is in (its folder), once: pages and resources ask.
        let in_leaf = |lang: &str, path: &'_ str| -> Option<usize> {
            let dirs = leaf_dirs.get(lang)?;
            let mut dir = path.rsplit_once('/').map(|(d, _)| d);
            while let Some(d) = dir {
                if dirs.contains(d) {
                    return Some(d.len());
                }
                dir = d.rsplit_once('/').map(|(p, _)| p);
            }
            dirs.contains("").then_some(0)
        };
        let leaf_of: Vec<Option<usize>> = listed
            .iter()
            .map(|l| in_leaf(&l.lang, &l.content_path))
            .collect();

        // Pages: read front matter in parallel.
        let page_items: Vec<&Listed> = listed
            .iter()
            .zip(&leaf_of)
            .filter(|(l, leaf)| {
                let name = l.content_path.rsplit('/').next().unwrap_or("");
                if !is_content_file(name) {
                    return false;
                }
                match leaf {
                    // Inside a leaf bundle only `index.*` is a page.
                    Some(d) => {
                        let (stem, _) = split_lang(file_stem(name), config);
                        stem == "index"
                            && l.content_path.rsplit_once('/').map_or(0, |(p, _)| p.len()) == *d
                    }
                    None => true,
                }
            })
            .map(|(l, _)| l)
            .collect();
        // Every page has a URL, every other file one per language.
        let resources = listed.len().saturating_sub(page_items.len());
        index
            .urls
            .reserve(page_items.len() + resources * config.languages.len());
        index.by_file.reserve(page_items.len());
        // A file mounted for several languages (opentelemetry.io mounts content/en/docs as
        // every translation's fallback) is one page per language but is read, and stamped,
        // once: 11 stats a file there made a one-file run 2.3x slower.
        let mut unique: Vec<&Path> = Vec::with_capacity(page_items.len());
        let mut slot: HashMap<&Path, usize> = HashMap::default();
        let of_item: Vec<usize> = page_items
            .iter()
            .map(|l| {
                *slot.entry(&*l.file).or_insert_with(|| {
                    unique.push(&l.file);
                    unique.len() - 1
                })
            })
            .collect();
        let read: Vec<Arc<PageMeta>> = unique
            .par_iter()
            .map(|file| {
                Arc::new(match (known.get(&*key_bytes(file)), cache) {
                    (Some(meta), _) => meta.clone(),
                    (None, Some(cache)) => cache.get_or_read(file, read_meta),
                    (None, None) => read_meta(file),
                })
            })
            .collect();
        let metas: Vec<Arc<PageMeta>> = if unique.len() == page_items.len() {
            read
        } else {
            of_item.iter().map(|&i| read[i].clone()).collect()
        };
        // Front matter `cascade` of branch pages, by (language, folder): it reaches the branch
        // page itself (its own `build` wins) and every page below that folder.
        // Section pages (`_index.*`) by language and folder, with their slug (else title)
        // urlized, for the `:sections` and `:sectionslug(s)` permalink tokens.
        let mut sections: Sections = HashMap::default();
        if !config.permalinks.is_empty() {
            for (l, meta) in page_items.iter().zip(&metas) {
                let (dir, name) = l
                    .content_path
                    .rsplit_once('/')
                    .unwrap_or(("", &l.content_path));
                if split_lang(file_stem(name), config).0 == "_index" {
                    let slug = meta
                        .slug
                        .as_deref()
                        .filter(|s| !s.is_empty())
                        .or(meta.title.as_deref())
                        .map(|t| urlize::urlize(t, config.path_rules()));
                    sections
                        .entry(l.lang.to_string())
                        .or_default()
                        .insert(dir.to_string(), slug);
                }
            }
        }
        let mut branch_cascades: HashMap<String, HashMap<String, Vec<Cascade>>> =
            HashMap::default();
        for (l, meta) in page_items.iter().zip(&metas) {
            let (dir, name) = l
                .content_path
                .rsplit_once('/')
                .unwrap_or(("", &l.content_path));
            if meta.cascade.is_empty() || split_lang(file_stem(name), config).0 != "_index" {
                continue;
            }
            let list = meta
                .cascade
                .iter()
                .filter_map(|c| {
                    Cascade::new(
                        c.render.clone(),
                        c.path.clone(),
                        c.kind.clone(),
                        c.lang.clone(),
                    )
                })
                .collect();
            branch_cascades
                .entry(l.lang.to_string())
                .or_default()
                .insert(dir.to_string(), list);
        }
        // Each page's URL on every core (a tenth of a one-file run when serial); the maps below
        // are filled in page order, as before.
        let made: Vec<Option<(&Listed, Page)>> = page_items
            .into_par_iter()
            .zip(metas)
            .map(|(l, meta)| {
                let _ = l.mount;
                // Drafts are not built at all: no URL, and GetPage does not find them.
                if meta.draft && !config.build_drafts {
                    return None;
                }
                // Cascades that reach this page, nearest folder first, then the site config's.
                let mut reaching: Vec<&Cascade> = Vec::new();
                let mut dir = Some(l.content_path.rsplit_once('/').map_or("", |(d, _)| d));
                while let Some(d) = dir {
                    if let Some(list) = branch_cascades.get(&*l.lang).and_then(|m| m.get(d)) {
                        reaching.extend(list);
                    }
                    dir = (!d.is_empty()).then(|| d.rsplit_once('/').map_or("", |(p, _)| p));
                }
                reaching.extend(&config.cascade);
                Some((l, make_page(l, meta, config, &reaching, &sections)))
            })
            .collect();
        let aliases_only_for = &config.aliases_only_for;
        for (l, page) in made.into_iter().flatten() {
            let idx = index.pages.len();
            index.by_file.entry(PathKey::of(&l.file)).or_insert(idx);
            of_lang(&mut index.by_logical, &page.lang)
                .entry(page.logical.clone())
                .or_insert(idx);
            let name = page.logical.rsplit('/').next().unwrap_or("").to_string();
            of_lang(&mut index.by_name, &page.lang)
                .entry(name)
                .or_default()
                .push(idx);
            if let Some(u) = &page.url {
                index.urls.insert(url_key(u), Target::Page(idx));
            }
            let served = aliases_only_for
                .as_ref()
                .is_none_or(|l| l.as_str() == &*page.lang);
            for alias in page.meta.aliases.iter().filter(|_| served) {
                let prefix = config.lang_prefix(&page.lang);
                let a = if alias.starts_with('/') {
                    // Hugo adds the language prefix unless the alias already has it.
                    let has = !prefix.is_empty()
                        && (*alias == *prefix || alias.starts_with(&format!("{prefix}/")));
                    format!("{base}{}{alias}", if has { "" } else { &*prefix })
                } else {
                    let dir = page.url.as_deref().unwrap_or("/").trim_end_matches('/');
                    let parent = dir.rsplit_once('/').map_or("", |(p, _)| p);
                    format!("{parent}/{alias}")
                };
                index.urls.entry(url_key(&a)).or_insert(Target::Alias(idx));
            }
            index.pages.push(page);
        }

        // Content adapters: pages without files, read where the adapter is simple enough.
        for l in listed
            .iter()
            .filter(|l| l.content_path.rsplit('/').next() == Some("_content.gotmpl"))
        {
            let dir = l.content_path.rsplit_once('/').map_or("", |(d, _)| d);
            let text = crate::site::bounded::read_to_string(&l.file, crate::site::bounded::CONFIG)
                .unwrap_or_default();
            match adapters::read(&text, &config.root, &config.data_dir) {
                Adapter::Nothing => {}
                Adapter::Pages(paths) => {
                    let prefix = [base.as_str(), &*config.lang_prefix(&l.lang)].concat();
                    for p in paths {
                        let full = if dir.is_empty() {
                            p
                        } else {
                            [dir, "/", p.trim_start_matches('/')].concat()
                        };
                        let path = urlize::file_path(&full, config.path_rules());
                        let end = if config.ugly_urls { ".html" } else { "/" };
                        index
                            .urls
                            .entry(url_key(&[prefix.as_str(), "/", &path, end].concat()))
                            .or_insert(Target::Generated);
                    }
                }
                Adapter::Unknown => {
                    for lang in &config.languages {
                        let prefix = [base.as_str(), &*config.lang_prefix(lang)].concat();
                        let path = urlize::file_path(dir, config.path_rules());
                        index
                            .unknown_prefixes
                            .push(url_key(&[prefix.as_str(), "/", &path].concat()));
                    }
                }
            }
        }

        // Other files in the content tree are published beside their page (bundle resources).
        let lang_prefixes: Vec<String> = config
            .languages
            .iter()
            .map(|lang| [base.as_str(), &*config.lang_prefix(lang)].concat())
            .collect();
        // Looked up, not scanned per listed file (with many languages sharing a contentDir,
        // every file is listed once per language: a scan of the languages each was quadratic).
        let lang_at: HashMap<&str, usize> = config
            .languages
            .iter()
            .enumerate()
            .rev()
            .map(|(i, l)| (l.as_str(), i))
            .collect();
        let mut leaf_langs: HashMap<&str, Vec<&str>> = HashMap::default();
        for (lang, dirs) in &leaf_dirs {
            for d in dirs {
                leaf_langs
                    .entry(d.as_str())
                    .or_default()
                    .push(lang.as_str());
            }
        }
        // Whether a configured language other than `lang` has a leaf bundle holding `path`.
        let in_other_leaf = |lang: &str, path: &str| {
            let other = |d: &str| {
                leaf_langs
                    .get(d)
                    .is_some_and(|ls| ls.iter().any(|o| *o != lang && lang_at.contains_key(o)))
            };
            let mut dir = path.rsplit_once('/').map(|(d, _)| d);
            while let Some(d) = dir {
                if other(d) {
                    return true;
                }
                dir = d.rsplit_once('/').map(|(p, _)| p);
            }
            other("")
        };
        for (l, leaf) in listed.iter().zip(&leaf_of) {
            let name = l.content_path.rsplit('/').next().unwrap_or("");
            if is_content_file(name) && leaf.is_none() {
                // A page, not a resource.
                continue;
            }
            of_lang(&mut index.content_files, &l.lang).insert(l.content_path.to_lowercase(), ());
            if is_content_file(name) || name == "_content.gotmpl" {
                continue;
            }
            // A resource is its language's (a name suffix, its mount's language, else the
            // default one), published once under that language's URL (Hugo 0.123+; pages of the
            // bundle in other languages use it there). In a leaf bundle of another language only,
            // its own language has no page to publish it.
            if leaf.is_none() && in_other_leaf(&l.lang, &l.content_path) {
                continue;
            }
            let resource = sanitize_resource(&l.content_path);
            if let Some(prefix) = lang_at.get(&*l.lang).map(|&i| &lang_prefixes[i]) {
                let url = [prefix, "/", &resource].concat();
                index.urls.entry(url_key(&url)).or_insert(Target::File);
            }
        }
        // Bundle resources follow their page when `url`/`slug` moved it.
        let mut moved = Vec::new();
        for p in &index.pages {
            let (Some(dir), Some(url)) = (&p.bundle_dir, &p.url) else {
                continue;
            };
            let natural = format!("{base}{}/{}", config.lang_prefix(&p.lang), dir);
            // With ugly URLs a leaf bundle is `dir.html`, its resources still under `dir/`.
            let url = if config.ugly_urls {
                url.strip_suffix(".html").unwrap_or(url)
            } else {
                url
            };
            if url_key(&natural) != url_key(url) {
                moved.push((dir.clone(), p.lang.clone(), url.to_string()));
            }
        }
        for (dir, lang, url) in moved {
            let dir = format!("{dir}/");
            for l in listed.iter().filter(|l| l.lang == lang) {
                if let Some(rest) = l.content_path.strip_prefix(&dir)
                    && !is_content_file(rest)
                {
                    index
                        .urls
                        .entry(url_key(&format!("{}/{rest}", url.trim_end_matches('/'))))
                        .or_insert(Target::File);
                }
            }
        }

        // With several languages Hugo also publishes a redirect: `/en/` to `/` when the default
        // language has no prefix, `/` to `/en/` when it has one.
        if config.languages.len() > 1 && config.kind_enabled("home") {
            let redirect = if config.default_in_subdir {
                format!("{base}/")
            } else {
                format!("{base}/{}/", config.default_lang)
            };
            index
                .urls
                .entry(url_key(&redirect))
                .or_insert(Target::Generated);
        }
        // Generated list pages: home per language, top-level sections, taxonomies. The pages'
        // top-level sections by language, in one pass (a pass per language was languages² ×
        // pages when many languages share a contentDir).
        let mut tops_of: HashMap<&str, std::collections::BTreeSet<&str>> = HashMap::default();
        if config.kind_enabled("section") {
            for p in &index.pages {
                if let Some((top, _)) = p.content_path.split_once('/') {
                    tops_of.entry(&*p.lang).or_default().insert(top);
                }
            }
        }
        let section_fixed = section_pattern_prefixes(config);
        for lang in &config.languages {
            let prefix = format!("{base}{}", config.lang_prefix(lang));
            if config.kind_enabled("home") {
                index
                    .urls
                    .entry(url_key(&format!("{prefix}/")))
                    .or_insert(Target::Generated);
            }
            if let Some(tops) = tops_of.get(lang.as_str()) {
                for top in tops {
                    let at = match section_pattern(config, &format!("/{}", top.to_lowercase())) {
                        Some(p) if !p.contains(':') => p.trim_matches('/').to_string(),
                        _ => sanitize(top, config),
                    };
                    index
                        .urls
                        .entry(url_key(&format!("{prefix}/{at}/").replace("//", "/")))
                        .or_insert(Target::Generated);
                }
            }
            // Section and term pages a pattern with attributes places: not followed, so
            // nothing under the pattern's fixed start is reported.
            for fixed in &section_fixed {
                index
                    .unknown_prefixes
                    .push(url_key(&format!("{prefix}{fixed}")));
            }
            if config.kind_enabled("term") {
                for t in &config.taxonomies {
                    if let Some(p) =
                        super::config::permalink_for(&config.term_permalinks, &format!("/{t}"))
                    {
                        if !p.contains(':') {
                            index
                                .urls
                                .entry(url_key(
                                    &format!("{prefix}/{}/", p.trim_matches('/'))
                                        .replace("//", "/"),
                                ))
                                .or_insert(Target::Generated);
                        } else {
                            index
                                .unknown_prefixes
                                .push(url_key(&format!("{prefix}{}", fixed_start(p))));
                        }
                    }
                }
            }
            if config.kind_enabled("taxonomy") {
                for t in &config.taxonomies {
                    index
                        .urls
                        .entry(url_key(&format!("{prefix}/{t}/")))
                        .or_insert(Target::Generated);
                    index
                        .unknown_prefixes
                        .push(url_key(&format!("{prefix}/{t}/")));
                }
            }
            if config.kind_enabled("rss") {
                index
                    .urls
                    .entry(url_key(&format!("{prefix}/index.xml")))
                    .or_insert(Target::Generated);
            }
            if config.kind_enabled("sitemap") {
                index
                    .urls
                    .entry(url_key(&format!("{prefix}/sitemap.xml")))
                    .or_insert(Target::Generated);
            }
        }

        // Static files at the site root; assets only when a template publishes them.
        let statics = Walk {
            kept: cache.map(MetaCache::folders),
            unreadable: Some(&unreadable),
            ..Walk::default()
        };
        for m in config.statics.iter() {
            if !m.present {
                if m.explicit {
                    index
                        .unknown_prefixes
                        .push(url_key(&format!("{base}/{}", m.target)));
                }
                continue;
            }
            let filter = m.filter();
            for file in walked_whole(&m.source, statics) {
                let rel = strip_dir(&file, &m.source).map(slashed).unwrap_or_default();
                if !rel.is_empty() && filter.is_some_and(|f| !f.accepts(&rel)) {
                    continue;
                }
                let path = if m.target.is_empty() {
                    rel
                } else if rel.is_empty() {
                    m.target.clone()
                } else {
                    format!("{}/{rel}", m.target)
                };
                index
                    .urls
                    .entry(url_key(&format!("{base}/{path}")))
                    .or_insert(Target::File);
            }
        }
        for m in config.assets.iter().filter(|m| m.present) {
            for file in walked_whole(&m.source, statics) {
                let rel = strip_dir(&file, &m.source).map(slashed).unwrap_or_default();
                let path = if m.target.is_empty() {
                    rel
                } else {
                    format!("{}/{rel}", m.target)
                };
                index.assets.insert(path.to_lowercase(), ());
            }
        }
        // A folder that cannot be read may hold any page or file: no URL of the site is reported
        // missing (as when config the build makes is missing), and the run says which folders.
        let too_large_walks = too_large.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let mut unreadable = unreadable.into_inner().unwrap_or_else(|e| e.into_inner());
        // What a walk cut short had met depends on timing: only the cut is reported.
        unreadable.retain(|u| !too_large_walks.iter().any(|t| u.starts_with(t)));
        if !unreadable.is_empty() {
            unreadable.sort();
            unreadable.dedup();
            index.unknown_prefixes.push(String::new());
            index.unreadable = unreadable;
        }
        // So for a folder too large to walk.
        let mut too_large = too_large.into_inner().unwrap_or_else(|e| e.into_inner());
        if !too_large.is_empty() {
            too_large.sort();
            too_large.dedup();
            index.unknown_prefixes.push(String::new());
            index.too_large = too_large;
        }
        index
    }

    pub fn page_of_file(&self, file: &Path) -> Option<usize> {
        self.by_file.get(&*key_bytes(file)).copied()
    }

    pub fn page_by_logical(&self, lang: &str, logical: &str) -> Option<usize> {
        self.by_logical.get(lang)?.get(logical).copied()
    }

    pub fn pages_named(&self, lang: &str, name: &str) -> &[usize] {
        self.by_name
            .get(lang)
            .and_then(|m| m.get(name))
            .map_or(&[], Vec::as_slice)
    }

    pub fn has_content_file(&self, lang: &str, content_path: &str) -> bool {
        self.content_files
            .get(lang)
            .is_some_and(|m| m.contains_key(&content_path.to_lowercase()))
    }

    /// A resource of the bundle whose page has the logical path `logical`, at `content_path`:
    /// its own language's, else (Hugo 0.123+) the same bundle's in another language that has
    /// the page.
    pub fn has_bundle_resource(&self, lang: &str, content_path: &str, logical: &str) -> bool {
        if self.has_content_file(lang, content_path) {
            return true;
        }
        let key = content_path.to_lowercase();
        self.content_files.iter().any(|(other, files)| {
            other != lang
                && files.contains_key(&key)
                && self.page_by_logical(other, logical).is_some()
        })
    }

    pub fn has_asset(&self, path: &str) -> bool {
        self.assets
            .contains_key(&path.trim_start_matches('/').to_lowercase())
    }

    pub fn url(&self, key: &str) -> Option<Target> {
        self.urls.get(key).copied()
    }

    pub fn is_unknown(&self, key: &str) -> bool {
        self.unknown_prefixes
            .iter()
            .any(|p| key == p || key.starts_with(&format!("{p}/")) || p.is_empty())
    }

    /// The published URL nearest to `key`, for did-you-mean: among the URLs in the same folder
    /// and those with the same last segment (a moved page), so the cost stays small. URLs in
    /// `lang` (the linking page's language) or the default language are preferred: the same path
    /// in another language is proposed only when neither has one alike.
    pub fn nearest_url(&self, key: &str, lang: &str) -> Option<String> {
        let seen_key = [lang, "\0", key].concat();
        if let Some(seen) = self
            .nearest_seen
            .lock()
            .ok()
            .and_then(|m| m.get(&seen_key).cloned())
        {
            return seen;
        }
        let found = self.nearest_url_uncached(key, lang);
        if let Ok(mut m) = self.nearest_seen.lock() {
            m.insert(seen_key, found.clone());
        }
        found
    }

    /// The language a URL key is published in, by its prefix (`None`: outside every language's
    /// prefix, e.g. outside the baseURL's path).
    /// The language whose prefix is the longest that `k` starts with (whole segments), the
    /// first by name among equals; looked up by `k`'s own prefixes, longest first, rather than
    /// by trying every language (a did-you-mean asks this of many keys).
    fn lang_of_key(&self, k: &str) -> Option<&str> {
        let by_key = self.lang_by_key.get_or_init(|| {
            let mut m = HashMap::default();
            for (l, p) in &self.lang_keys {
                m.entry(p.clone()).or_insert_with(|| l.clone());
            }
            m
        });
        let cuts = k
            .char_indices()
            .filter(|&(_, c)| c == '/')
            .map(|(i, _)| i)
            .chain([k.len()]);
        let mut cuts: Vec<usize> = cuts.collect();
        cuts.reverse();
        cuts.into_iter()
            .chain([0])
            .find_map(|i| by_key.get(&k[..i]))
            .map(String::as_str)
    }

    fn nearest_url_uncached(&self, key: &str, lang: &str) -> Option<String> {
        let candidates = self.near_candidates(key);
        let wanted = |k: &&String| {
            self.lang_of_key(k)
                .is_none_or(|l| l == lang || l == self.default_lang)
        };
        most_similar(candidates.iter().copied().filter(wanted), key)
            .or_else(|| most_similar(candidates.iter().copied(), key))
            .cloned()
    }

    /// The URL keys a did-you-mean for `key` chooses among: those in its folder and its parent,
    /// and those with its last segment.
    fn near_candidates(&self, key: &str) -> Vec<&String> {
        let (dir, last) = key.rsplit_once('/').unwrap_or(("", key));
        let parent = dir.rsplit_once('/').map_or("", |(p, _)| p);
        // A few lookups (a file or two being linted) scan the URLs: a scan costs about a sixth
        // of building the index by folder and last segment. Both see the same candidates.
        let asked = self
            .nearest_asked
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if asked < SCANNED_LOOKUPS && self.near.get().is_none() {
            // The index's buckets without splitting every key: `k` is in folder `d` when `d/`
            // starts it and no other `/` follows (a key without `/` is in folder ``).
            let in_folder = |k: &str, d: &str| {
                k.strip_prefix(d)
                    .and_then(|rest| rest.strip_prefix('/'))
                    .is_some_and(|rest| !rest.contains('/'))
                    || (d.is_empty() && !k.contains('/'))
            };
            let named = |k: &str| {
                k.strip_suffix(last)
                    .is_some_and(|head| head.is_empty() || head.ends_with('/'))
            };
            return self
                .urls
                .keys()
                .filter(|k| {
                    !k.is_empty() && (in_folder(k, dir) || in_folder(k, parent) || named(k))
                })
                .collect();
        }
        let near = self.near.get_or_init(|| {
            let mut by_dir: HashMap<String, Vec<String>> = HashMap::default();
            let mut by_last: HashMap<String, Vec<String>> = HashMap::default();
            for k in self.urls.keys().filter(|k| !k.is_empty()) {
                let (d, l) = k.rsplit_once('/').unwrap_or(("", k));
                by_dir.entry(d.to_string()).or_default().push(k.clone());
                by_last.entry(l.to_string()).or_default().push(k.clone());
            }
            (by_dir, by_last)
        });
        [near.0.get(dir), near.0.get(parent), near.1.get(last)]
            .into_iter()
            .flatten()
            .flatten()
            .collect()
    }
}

/// The candidate most alike `key` (on equal scores the smaller), when one is alike enough to
/// suggest. Once one is found, the others are measured only up to the distance that could still
/// tie it: on a large site a common name has many candidates, most of them far.
fn most_similar<'a>(candidates: impl Iterator<Item = &'a String>, key: &str) -> Option<&'a String> {
    let key_chars: Vec<char> = key.chars().collect();
    let key_bits = KeyBits::of(key);
    let mut best: Option<(f64, &String)> = None;
    for k in candidates {
        let Some(score) = similarity(k, key, &key_chars, key_bits.as_ref(), best.map(|(s, _)| s))
        else {
            continue;
        };
        if best.is_none_or(|(s, b)| score > s || (score == s && k < b)) {
            best = Some((score, k));
        }
    }
    best.map(|(_, k)| k)
}

/// How alike a URL key is to the broken `key`, when alike enough to suggest (over 0.6) and, given
/// `at_least`, not less alike than that (candidates below it may be left unmeasured: `None`).
fn similarity(
    k: &str,
    key: &str,
    key_chars: &[char],
    key_bits: Option<&KeyBits>,
    at_least: Option<f64>,
) -> Option<f64> {
    // The distance `at_least` allows, one over for rounding: the score decides exactly.
    let limit = |longest: usize| {
        let bound = at_least.map_or(usize::MAX, |s| {
            ((1.0 - s) * longest as f64).floor() as usize + 1
        });
        limit_for(longest).min(bound)
    };
    // Compared byte by byte when both are ASCII (most URLs), else by characters.
    let (d, longest) = if k.is_ascii() && key.is_ascii() {
        let longest = k.len().max(key.len());
        let limit = limit(longest);
        let d = match key_bits {
            Some(bits) => bits.distance(k.as_bytes(), key.as_bytes(), limit),
            None => bounded_levenshtein_bytes(k.as_bytes(), key.as_bytes(), limit),
        };
        (d, longest)
    } else {
        let k_chars: Vec<char> = k.chars().collect();
        let longest = k_chars.len().max(key_chars.len());
        (
            bounded_levenshtein(&k_chars, key_chars, limit(longest)),
            longest,
        )
    };
    let score = 1.0 - d? as f64 / longest as f64;
    (score > 0.6).then_some(score)
}

/// `bounded_levenshtein` for bytes: when the shorter string, its common prefix and suffix with
/// the other cut, fits in a machine word, Myers' bit-parallel algorithm computes the distance
/// a column at a time (a tenth of the table's cost on URL keys).
fn bounded_levenshtein_bytes(a: &[u8], b: &[u8], limit: usize) -> Option<usize> {
    let (a, b) = without_common_ends(a, b);
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    cut_distance(a, b, limit)
}

/// `bounded_levenshtein_bytes` once the common ends are cut and the lengths checked.
fn cut_distance(a: &[u8], b: &[u8], limit: usize) -> Option<usize> {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() > 64 {
        return levenshtein_rows(a, b, limit);
    }
    myers_levenshtein(short, long, limit)
}

/// The Levenshtein distance of `p` (at most 64 bytes) and `t` when it is at most `limit`: Myers
/// (1999) in Hyyrö's form, one bit per byte of `p` for the vertical differences of the current
/// column. The last row moves by at most one a column, so it stops once the rest of `t` cannot
/// bring it back within the limit.
fn myers_levenshtein(p: &[u8], t: &[u8], limit: usize) -> Option<usize> {
    let mut peq = [0u64; 256];
    for (i, &c) in p.iter().enumerate() {
        peq[usize::from(c)] |= 1 << i;
    }
    myers_columns(p.len(), |c| peq[usize::from(c)], t, limit)
}

/// The columns of `myers_levenshtein` for a pattern of `p_len` bytes (at most 64), given where
/// each byte occurs in it (`eq_of`, bit `i` for position `i`).
#[inline(always)]
fn myers_columns(p_len: usize, eq_of: impl Fn(u8) -> u64, t: &[u8], limit: usize) -> Option<usize> {
    if p_len == 0 {
        return (t.len() <= limit).then_some(t.len());
    }
    let last = 1u64 << (p_len - 1);
    let (mut pv, mut mv, mut score) = (!0u64, 0u64, p_len);
    for (j, &c) in t.iter().enumerate() {
        let eq = eq_of(c);
        let xv = eq | mv;
        let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
        let ph = mv | !(xh | pv);
        let mh = pv & xh;
        if ph & last != 0 {
            score += 1;
        } else if mh & last != 0 {
            score -= 1;
        }
        // The first row is 0, 1, 2, …: each column starts one higher.
        let ph = (ph << 1) | 1;
        let mh = mh << 1;
        pv = mh | !(xv | ph);
        mv = ph & xv;
        if score > limit + (t.len() - j - 1) {
            return None;
        }
    }
    (score <= limit).then_some(score)
}

/// Where each byte occurs in a did-you-mean key, made once per lookup: every candidate is then
/// measured against the key with the pattern table cut out of this one (a shift), instead of a
/// 2 KB table of its own. It pays where a lookup has many candidates (a common name on a large
/// site: 942M → 814M instructions on the ×8 opentelemetry.io), not where it has few (the site
/// itself: unchanged).
struct KeyBits {
    peq: Box<[u128; 256]>,
}

impl KeyBits {
    /// For keys of up to 128 bytes (longer ones are measured as before).
    fn of(key: &str) -> Option<KeyBits> {
        if key.len() > 128 || !key.is_ascii() {
            return None;
        }
        let mut peq = Box::new([0u128; 256]);
        for (i, &c) in key.as_bytes().iter().enumerate() {
            peq[usize::from(c)] |= 1 << i;
        }
        Some(KeyBits { peq })
    }

    /// `bounded_levenshtein_bytes(candidate, key, limit)`, with `key` the one these bits are of.
    fn distance(&self, candidate: &[u8], key: &[u8], limit: usize) -> Option<usize> {
        let (start, suffix) = common_ends(candidate, key);
        let t = &candidate[start..candidate.len() - suffix];
        let p = &key[start..key.len() - suffix];
        if t.len().abs_diff(p.len()) > limit {
            return None;
        }
        if p.len() > 64 {
            return cut_distance(t, p, limit);
        }
        // The cut key is `key[start..start + p.len()]`: its table is the key's, shifted.
        // Bits above the cut key's length never reach its last bit (carries only go up).
        myers_columns(
            p.len(),
            |c| (self.peq[usize::from(c)] >> start) as u64,
            t,
            limit,
        )
    }
}

/// `a` and `b` without their common prefix and suffix (which never change the distance).
fn without_common_ends<'a, T: PartialEq>(a: &'a [T], b: &'a [T]) -> (&'a [T], &'a [T]) {
    let (prefix, suffix) = common_ends(a, b);
    (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix])
}

/// The lengths of the common prefix of `a` and `b`, and of their common suffix after it.
fn common_ends<T: PartialEq>(a: &[T], b: &[T]) -> (usize, usize) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (prefix, suffix)
}

/// Did-you-mean lookups answered by scanning every URL before the index is built.
const SCANNED_LOOKUPS: usize = 6;

/// The largest distance that keeps the did-you-mean score above 0.6: under 40% of the longer.
fn limit_for(longest: usize) -> usize {
    (longest * 2).div_ceil(5).saturating_sub(1)
}

/// The Levenshtein distance of `a` and `b` when it is at most `limit`. Candidates share their
/// folder with the key, so the common prefix and suffix are cut first (they never change the
/// distance), and the rows stop as soon as every cell is over the limit.
fn bounded_levenshtein<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> Option<usize> {
    let (a, b) = without_common_ends(a, b);
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    levenshtein_rows(a, b, limit)
}

/// The table's rows for `bounded_levenshtein`, once the common ends are cut.
fn levenshtein_rows<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> Option<usize> {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
            smallest = smallest.min(row[j + 1]);
        }
        if smallest > limit {
            return None;
        }
    }
    let d = row[b.len()];
    (d <= limit).then_some(d)
}

/// `lang` as an `Arc`, one per language.
fn lang_arc(shared: &mut HashMap<String, Arc<str>>, lang: String) -> Arc<str> {
    shared
        .entry(lang)
        .or_insert_with_key(|l| Arc::from(l.as_str()))
        .clone()
}

fn langs_of(m: &Mount, config: &Config) -> Vec<String> {
    if m.langs.is_empty() {
        config.languages.clone()
    } else {
        m.langs.clone()
    }
}

fn sanitize_resource(content_path: &str) -> String {
    // Resource files keep their names (Hugo lower-cases only generated page paths), but the
    // lookup key is lower-cased anyway.
    content_path.to_string()
}

fn read_meta(file: &Path) -> PageMeta {
    use std::io::Read;
    // Only the front matter is needed: read the head of the file, and the rest only when the
    // block runs past it. Linting one file reads every page's front matter, not every page.
    const HEAD: u64 = 4 * 1024;
    // A regular file only (a FIFO in the content folder cannot hang the listing), and no more
    // of it than a page may have.
    let Ok((f, _)) = super::bounded::open_regular(file) else {
        return PageMeta::default();
    };
    let mut f = f.take(super::bounded::PAGE);
    let mut bytes = Vec::with_capacity(HEAD as usize);
    if f.by_ref().take(HEAD).read_to_end(&mut bytes).is_err() {
        return PageMeta::default();
    }
    let meta_of = |bytes: &[u8]| {
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => std::borrow::Cow::Borrowed(t),
            // Invalid, or a character cut at the end of the head.
            Err(_) => String::from_utf8_lossy(bytes),
        };
        let split = front_matter::split(&text);
        // A block that ends before the cut was read whole; one that did not parse (unclosed,
        // or cut in the middle) may need the rest of the file.
        let whole = match &split.front_matter {
            Some(_) => split.body_start < text.len() && split.problems.is_empty(),
            None => split.problems.is_empty(),
        };
        (split.front_matter.map(|f| f.meta), whole)
    };
    let (meta, whole) = meta_of(&bytes);
    if (bytes.len() as u64) < HEAD || whole {
        return meta.unwrap_or_default();
    }
    if f.read_to_end(&mut bytes).is_err() {
        return PageMeta::default();
    }
    meta_of(&bytes).0.unwrap_or_default()
}

/// Section pages by language, then folder: their slug (else title), urlized, if they have one.
type Sections = HashMap<String, HashMap<String, Option<String>>>;

fn make_page(
    l: &Listed,
    mut meta: Arc<PageMeta>,
    config: &Config,
    cascades: &[&Cascade],
    sections: &Sections,
) -> Page {
    let base = &config.base_path;
    let (dir, name) = l
        .content_path
        .rsplit_once('/')
        .unwrap_or(("", &l.content_path));
    let (stem, _) = split_lang(file_stem(name), config);
    let (kind, logical_path) = match stem {
        "index" => (PageKind::Leaf, dir.to_string()),
        "_index" => (PageKind::Branch, dir.to_string()),
        _ => (
            PageKind::Regular,
            if dir.is_empty() {
                stem.to_string()
            } else {
                [dir, "/", stem].concat()
            },
        ),
    };
    let mut logical = String::with_capacity(logical_path.len() + 1);
    logical.push('/');
    logical.extend(
        logical_path
            .to_lowercase()
            .chars()
            .map(|c| if c == ' ' { '-' } else { c }),
    );
    logical.truncate(logical.trim_end_matches('/').len());
    let prefix = [base.as_str(), &*config.lang_prefix(&l.lang)].concat();
    // The page's own `build.render`, else the nearest `cascade` that targets it.
    let hugo_kind = match (kind, logical.as_str()) {
        (PageKind::Branch, "") => "home",
        (PageKind::Branch, _) => "section",
        _ => "page",
    };
    let render = meta.build_render.clone().or_else(|| {
        let path = if logical.is_empty() { "/" } else { &logical };
        cascades
            .iter()
            .find(|c| c.matches(path, hugo_kind, &l.lang))
            .map(|c| c.render.clone())
    });
    let published = (config.build_drafts || !meta.draft)
        && !meta.headless
        && render.as_deref() != Some("never");
    if render.as_deref().is_some_and(|r| r != "always") {
        // Hugo publishes the alias pages of rendered pages only: a `render: link` page's
        // aliases lead nowhere (opentelemetry.io's moved pages keep them; Hugo 0.168 writes no
        // alias file for them).
        if !meta.aliases.is_empty() {
            Arc::make_mut(&mut meta).aliases.clear();
        }
    }
    let section = logical_path.split('/').next().unwrap_or("");
    let leaf_name = logical_path.rsplit('/').next().unwrap_or("");
    let section_lower = sanitize(section, config);
    let page_tokens = || section_tokens(&logical_path, kind, &l.lang, sections, config);
    fn tokens_of<'a>(t: &'a (String, Vec<String>), leaf: &'a str, section: &'a str) -> Tokens<'a> {
        Tokens {
            filename: leaf,
            content_base_name: leaf,
            section,
            sections: &t.0,
            section_slugs: &t.1,
        }
    }
    let url = published.then(|| {
        if let Some(u) = &meta.url {
            // A `url` with `:` is a pattern too, expanded for the page (Hugo's
            // `createTargetPathDescriptor`) and unescaped as a query.
            let expanded;
            let u = if u.contains(':') {
                let t = page_tokens();
                let raw =
                    expand_pattern(u, &tokens_of(&t, leaf_name, &section_lower), &meta, config);
                expanded = urlize::query_unescape(&raw).unwrap_or(raw);
                &expanded
            } else {
                u
            };
            let u = if u.starts_with('/') {
                [base.as_str(), u].concat()
            } else {
                [prefix.as_str(), "/", u].concat()
            };
            let last = u.rsplit('/').next().unwrap_or("");
            return if u.ends_with('/') || last.contains('.') {
                u
            } else {
                u + "/"
            };
        }
        let slug_or_name = |fallback: &str| {
            meta.slug
                .clone()
                .map(|s| s.trim_matches('-').to_string())
                .unwrap_or_else(|| fallback.to_string())
        };
        match kind {
            PageKind::Branch => match section_pattern(config, &logical) {
                // A pattern with attributes: its pages are under an unknown prefix (see
                // `section_pattern_prefixes`), and the default URL is kept.
                Some(pattern) if !pattern.contains(':') => {
                    format!("{prefix}/{}/", pattern.trim_matches('/')).replace("//", "/")
                }
                _ => format!("{prefix}/{}/", sanitize(&logical_path, config)).replace("//", "/"),
            },
            _ => {
                if let Some(pattern) = super::config::permalink_for(&config.permalinks, &logical) {
                    let t = page_tokens();
                    let p = permalink(
                        pattern,
                        &tokens_of(&t, leaf_name, &section_lower),
                        &meta,
                        config,
                    );
                    return format!("{prefix}{p}");
                }
                let (parent, own) = logical_path.rsplit_once('/').unwrap_or(("", &logical_path));
                let last = slug_or_name(own);
                let path = if parent.is_empty() {
                    last
                } else {
                    [parent, "/", &last].concat()
                };
                // Ugly URLs apply to every single page, leaf bundles included (their resources
                // stay in the bundle's folder).
                if config.ugly_urls {
                    [prefix.as_str(), "/", &sanitize(&path, config), ".html"].concat()
                } else {
                    [prefix.as_str(), "/", &sanitize(&path, config), "/"].concat()
                }
            }
        }
    });
    let bundle_dir = match kind {
        PageKind::Leaf | PageKind::Branch => Some(dir.to_string()),
        PageKind::Regular => None,
    };
    Page {
        file: l.file.clone(),
        lang: l.lang.clone(),
        content_path: l.content_path.clone(),
        logical,
        kind,
        url,
        bundle_dir,
        meta,
        anchors: OnceLock::new(),
    }
}

/// A permalink pattern expanded for a page as Hugo's permalink expander does it
/// (resources/page/permalinks.go): each `:attribute` (`:\w+`, with an optional `[…]` cut) is a
/// known token, a `:sections[…]`/`:sectionslugs[…]` slice, or a Go time layout (`:2006`, `:Jan`,
/// `:Monday`: any attribute Go's formatter changes) applied to the page's date; `\:` is a
/// literal colon. Titles, slugs and names go through `urlize`. An attribute Hugo does not know
/// fails its build; it is kept as written.
fn expand_pattern(pattern: &str, tokens: &Tokens<'_>, meta: &PageMeta, config: &Config) -> String {
    let rules = config.path_rules();
    let urlize = |s: &str| urlize::token(s, rules);
    // Hugo's `.Date`: `date`, else `publishDate`, else `lastmod`, else Go's zero time.
    let date = [&meta.date, &meta.publish_date, &meta.lastmod]
        .into_iter()
        .flatten()
        .find_map(|d| GoTime::parse(d))
        .unwrap_or_else(GoTime::zero);
    // A title's slashes are hyphens; a slug's stay, and its edges lose their hyphens.
    let title = || {
        urlize(
            &meta
                .title
                .as_deref()
                .unwrap_or("")
                .replace(['/', '\\'], "-"),
        )
    };
    let slug = || {
        meta.slug
            .as_deref()
            .map(|s| s.trim_matches('-'))
            .filter(|s| !s.is_empty())
            .map(urlize)
    };
    let value = |attr: &str| -> Option<String> {
        Some(match attr {
            "year" => date.year.to_string(),
            "month" => format!("{:02}", date.month),
            "monthname" => date.month_name().to_string(),
            "day" => format!("{:02}", date.day),
            "weekday" => date.weekday().to_string(),
            "weekdayname" => date.weekday_name().to_string(),
            "yearday" => date.year_day().to_string(),
            "section" => tokens.section.to_string(),
            "sections" => tokens.sections.to_string(),
            "sectionslug" => tokens.section_slugs.first().cloned().unwrap_or_default(),
            "sectionslugs" => tokens.section_slugs.join("/"),
            "title" => title(),
            "slug" => slug().unwrap_or_else(title),
            "filename" => urlize(tokens.filename),
            "slugorfilename" => slug().unwrap_or_else(|| urlize(tokens.filename)),
            "contentbasename" => urlize(tokens.content_base_name),
            "slugorcontentbasename" => slug().unwrap_or_else(|| urlize(tokens.content_base_name)),
            _ => {
                if let Some(cut) = attr.strip_prefix("sections").filter(|c| c.starts_with('[')) {
                    let entries: Vec<&str> = tokens
                        .sections
                        .split('/')
                        .filter(|s| !s.is_empty())
                        .collect();
                    return Some(slice_cut(cut, &entries).join("/"));
                }
                if let Some(cut) = attr
                    .strip_prefix("sectionslugs")
                    .filter(|c| c.starts_with('['))
                {
                    return Some(slice_cut(cut, tokens.section_slugs).join("/"));
                }
                if go_time::is_layout(attr) {
                    return Some(date.format(attr));
                }
                return None;
            }
        })
    };
    let escaped = pattern.replace("\\:", "\0");
    let mut out = escaped.clone();
    for attr in permalink_attributes(&escaped) {
        if let Some(v) = value(&attr[1..]) {
            out = out.replacen(attr, &v, 1);
        }
    }
    out.replace('\0', ":")
}

/// A page's path from a permalink pattern: the pattern expanded, then made a path as Hugo does.
fn permalink(pattern: &str, tokens: &Tokens<'_>, meta: &PageMeta, config: &Config) -> String {
    let expanded = expand_pattern(pattern, tokens, meta, config);
    let mut out = urlize::expanded_permalink(&expanded, config.path_rules());
    if !out.starts_with('/') {
        out.insert(0, '/');
    }
    if !out.ends_with('/') && !out.rsplit('/').next().unwrap_or("").contains('.') {
        out.push('/');
    }
    out
}

/// The attributes of a permalink pattern Hugo does not know (its build fails: "permalink
/// attribute not recognised"), colon included.
pub fn unknown_permalink_attributes(pattern: &str) -> Vec<String> {
    const KNOWN: [&str; 17] = [
        "year",
        "month",
        "monthname",
        "day",
        "weekday",
        "weekdayname",
        "yearday",
        "section",
        "sectionslug",
        "sections",
        "sectionslugs",
        "title",
        "slug",
        "slugorfilename",
        "filename",
        "contentbasename",
        "slugorcontentbasename",
    ];
    let escaped = pattern.replace("\\:", "\0");
    permalink_attributes(&escaped)
        .into_iter()
        .filter(|a| {
            let attr = &a[1..];
            !(KNOWN.contains(&attr)
                || attr.starts_with("sections[")
                || attr.starts_with("sectionslugs[")
                || go_time::is_layout(attr))
        })
        .map(str::to_string)
        .collect()
}

/// The attributes of a permalink pattern as Hugo's `:\w+(\[.+?\])?` finds them, colon
/// included, left to right.
fn permalink_attributes(pattern: &str) -> Vec<&str> {
    let b = pattern.as_bytes();
    let word = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b':' || !b.get(i + 1).is_some_and(word) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while b.get(end).is_some_and(word) {
            end += 1;
        }
        // `\[.+?\]`: the first `]` after at least one character, not past a line's end.
        if b.get(end) == Some(&b'[')
            && let Some(k) = b
                .get(end + 2..)
                .and_then(|r| r.iter().position(|c| *c == b']'))
            && !b[end + 1..end + 2 + k].contains(&b'\n')
        {
            end += 2 + k + 1;
        }
        found.push(&pattern[i..end]);
        i = end;
    }
    found
}

/// Hugo's `toSliceFunc` applied: `[2]`, `[last]`, `[1:]`, `[:last]`, `[1:3]` of a page's
/// sections, lenient past the ends (an index past the end is nothing); a cut Hugo does not take
/// is nothing.
fn slice_cut<'a, S: AsRef<str>>(cut: &str, s: &'a [S]) -> Vec<&'a str> {
    let cut = cut.trim().to_lowercase();
    let all = || s.iter().map(AsRef::as_ref).collect::<Vec<_>>();
    if cut.is_empty() {
        return all();
    }
    if cut.len() < 3 || !cut.starts_with('[') || !cut.ends_with(']') || s.is_empty() {
        return Vec::new();
    }
    let ops = &cut[1..cut.len() - 1];
    // Go's `strconv.Atoi` failing is 0; negatives are 0; `last` is the last index.
    let to_n = |part: &str, low: bool| -> Option<usize> {
        if part.is_empty() {
            return Some(if low { 0 } else { s.len() });
        }
        if part == "last" {
            return Some(s.len() - 1);
        }
        let n = go_atoi(part).max(0) as usize;
        if n >= s.len() {
            return if low { None } else { Some(s.len()) };
        }
        Some(n)
    };
    let parts: Vec<&str> = ops.split(':').collect();
    if parts.len() == 1 {
        return match to_n(parts[0], true) {
            Some(n) if !s[n].as_ref().is_empty() => vec![s[n].as_ref()],
            _ => Vec::new(),
        };
    }
    match (to_n(parts[0], true), to_n(parts[1], false)) {
        // Go would panic on a reversed range; nothing is the lenient reading.
        (Some(lo), Some(hi)) if lo <= hi => s[lo..hi].iter().map(AsRef::as_ref).collect(),
        _ => Vec::new(),
    }
}

/// Go's `strconv.Atoi`, 0 on failure (an optional sign, decimal digits, in range).
fn go_atoi(s: &str) -> i64 {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return 0;
    }
    s.parse().unwrap_or(0)
}

/// The `permalinks.section` pattern of a section page at `path` (`/posts/sub`), if any.
fn section_pattern<'a>(config: &'a Config, path: &str) -> Option<&'a str> {
    if path.len() <= 1 {
        return None;
    }
    super::config::permalink_for(&config.section_permalinks, path)
}

/// The fixed starts of the section patterns with attributes (`/articles/` of
/// `/articles/:slug/`): what hugolint does not expand for section pages.
fn section_pattern_prefixes(config: &Config) -> Vec<String> {
    config
        .section_permalinks
        .iter()
        .map(|(_, p)| p.as_str())
        .filter(|p| p.contains(':'))
        .map(|p| fixed_start(p).to_string())
        .collect()
}

/// A pattern up to the folder of its first attribute (`/topic/` of `/topic/:slug/`), all of
/// it when it has none; always starting with `/`.
fn fixed_start(pattern: &str) -> String {
    let head = match pattern.find(':') {
        Some(i) => &pattern[..pattern[..i].rfind('/').map_or(0, |j| j + 1)],
        None => pattern,
    };
    if head.starts_with('/') {
        head.to_string()
    } else {
        format!("/{head}")
    }
}

/// A page's section path (`:sections`) and its sections' slugs from the top (`:sectionslug` is
/// the first, `:sectionslugs` all). A folder is a section at the top level or when it has an
/// `_index` page; a section's slug is its page's slug, else its title, else its folder's name.
fn section_tokens(
    logical_path: &str,
    kind: PageKind,
    lang: &str,
    sections: &Sections,
    config: &Config,
) -> (String, Vec<String>) {
    let dir = match kind {
        PageKind::Regular | PageKind::Leaf => logical_path.rsplit_once('/').map_or("", |(d, _)| d),
        PageKind::Branch => logical_path,
    };
    let known = sections.get(lang);
    let mut chain: Vec<&str> = Vec::new();
    let mut at = 0;
    for (i, part) in dir.split('/').enumerate() {
        if part.is_empty() {
            break;
        }
        at += part.len() + usize::from(i > 0);
        let path = &dir[..at];
        if i == 0 || known.is_some_and(|m| m.contains_key(path)) {
            chain.push(path);
        }
    }
    let slug_of = |path: &str| -> String {
        known
            .and_then(|m| m.get(path).cloned().flatten())
            .unwrap_or_else(|| {
                urlize::urlize(path.rsplit('/').next().unwrap_or(path), config.path_rules())
            })
    };
    let sections_path = chain
        .last()
        .map(|p| sanitize(p, config))
        .unwrap_or_default();
    let slugs = chain.iter().map(|p| slug_of(p)).collect();
    (sections_path, slugs)
}

/// What a page's permalink tokens are made of besides its front matter.
struct Tokens<'a> {
    /// `:filename`: the file's name without language and extension; a bundle's folder name.
    filename: &'a str,
    /// `:contentbasename`: the file's name, or a bundle's folder name.
    content_base_name: &'a str,
    /// `:section`: the top-level section.
    section: &'a str,
    /// `:sections`: the path of the page's section.
    sections: &'a str,
    /// `:sectionslug` and `:sectionslugs`: the sections' slugs (else titles), urlized, from
    /// the top.
    section_slugs: &'a [String],
}

#[cfg(test)]
mod tests {
    use super::{
        Index, SCANNED_LOOKUPS, Target, bounded_levenshtein, bounded_levenshtein_bytes, path_order,
        url_key,
    };
    use proptest::prelude::*;
    use std::path::PathBuf;

    /// The listing leaves out hidden files and folders and symbolic links (Hugo does not follow
    /// them in content) and sorts by path.
    #[test]
    fn permalink_attributes_hugo_does_not_know() {
        use super::unknown_permalink_attributes as unknown;
        assert!(unknown("/:year/:sections[1:]/:Jan/:2006-01-02/:slug/\\:x/").is_empty());
        assert_eq!(unknown("/:foo/:title/:PM/"), [":foo", ":PM"]);
    }

    #[test]
    fn walk_lists_what_hugo_reads() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b/x.md",
            "a.md",
            "a-b/y.png",
            "b/z/w.md",
            ".hidden/k.md",
            "b/.draft.md",
        ] {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("a.md"), root.join("link.md")).unwrap();
            std::os::unix::fs::symlink(root.join("b"), root.join("linked-dir")).unwrap();
        }
        let how = super::Walk::default();
        let listed = super::walk(root, how).unwrap();
        let names: Vec<String> = listed
            .iter()
            .map(|p| {
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        assert_eq!(names, ["a-b/y.png", "a.md", "b/x.md", "b/z/w.md"]);
        // The same when the folders were listed before (by the site-root search), and those
        // listings are what it reads.
        let listings = crate::site::listing::Listings::default();
        for d in ["", "a-b", "b", "b/z", ".hidden"] {
            let folder = root.join(d);
            listings.keep(&folder, crate::site::listing::read(&folder).unwrap());
        }
        let shared = super::Walk {
            shared: Some(&listings),
            ..how
        };
        assert_eq!(super::walk(root, shared).unwrap(), listed);
        for d in ["", "a-b", "b", "b/z"] {
            assert_eq!(listings.take(&root.join(d)), None, "{d} was read again");
        }
        let stale = crate::site::listing::Listings::default();
        stale.keep(&root.join("b"), Vec::new());
        let without_b: Vec<_> = listed
            .iter()
            .filter(|p| !p.starts_with(root.join("b")))
            .cloned()
            .collect();
        let shared = super::Walk {
            shared: Some(&stale),
            ..how
        };
        assert_eq!(super::walk(root, shared).unwrap(), without_b);
    }

    /// Listings kept from an earlier run stand for a folder while its stamp is the same: a
    /// kept listing is what the walk reads (a name only the kept listing has is listed), a
    /// changed folder is read again, and a folder changed too recently is not kept.
    #[test]
    fn kept_listings_stand_for_unchanged_folders() {
        use crate::site::listing::KeptListings;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        for f in ["a.md", "b/x.md", "b/z/w.md"] {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let file = dir.path().join("kept");
        let names = |kept: &KeptListings| -> Vec<String> {
            let how = super::Walk {
                kept: Some(kept),
                ..super::Walk::default()
            };
            super::walk(&root, how)
                .unwrap()
                .iter()
                .map(|p| {
                    p.strip_prefix(&root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect()
        };
        let on_disk = ["a.md", "b/x.md", "b/z/w.md"];

        // Too recent to trust: nothing is kept.
        let recent = KeptListings::open_settled_before(file.clone(), &root, 0);
        assert_eq!(names(&recent), on_disk);
        recent.save();
        assert!(!file.exists());

        let kept = KeptListings::open_settled_before(file.clone(), &root, i64::MAX);
        assert_eq!(names(&kept), on_disk);
        kept.save();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("fx.md/"), "{text}");
        // A name only the kept listing has: the walk read the listing, not the folder.
        std::fs::write(&file, text.replace("fx.md/", "fx.md/fghost.md/")).unwrap();
        let kept = KeptListings::open_settled_before(file.clone(), &root, i64::MAX);
        assert_eq!(names(&kept), ["a.md", "b/ghost.md", "b/x.md", "b/z/w.md"]);
        kept.save();
        // A file added to `b` changes its stamp: `b` is read again.
        std::fs::write(root.join("b/y.md"), "y").unwrap();
        let kept = KeptListings::open_settled_before(file.clone(), &root, i64::MAX);
        assert_eq!(names(&kept), ["a.md", "b/x.md", "b/y.md", "b/z/w.md"]);
    }

    /// A cut key longer than a machine word is measured the other way: around 64 bytes, with
    /// nothing in common at either end, the distance is still exact.
    #[test]
    fn key_bits_past_a_word() {
        for len in [2, 63, 64, 65, 66, 128] {
            let middle = "a".repeat(len - 2);
            let key = format!("x{middle}y");
            let candidate = format!("z{middle}w");
            let bits = super::KeyBits::of(&key).unwrap();
            let d = bits.distance(candidate.as_bytes(), key.as_bytes(), 5);
            assert_eq!(d, Some(2), "{len} bytes");
        }
        assert!(super::KeyBits::of(&"a".repeat(129)).is_none());
    }

    /// Did-you-mean gives the same answers whether it scans the URLs or uses its index.
    #[test]
    fn scanned_and_indexed_lookups_agree() {
        let urls = [
            "/docs/install",
            "/docs/instal",
            "/docs/setup/install",
            "/docs/setup/instll",
            "/blog/2024/launch",
            "/blog/2024/lunch",
            "/de/docs/install",
            "/docs/é-page",
            "install",
        ];
        let make = || {
            let mut index = Index::default();
            for u in urls {
                index.urls.insert(u.to_string(), Target::File);
            }
            index
        };
        let indexed = make();
        for n in 0..=SCANNED_LOOKUPS {
            indexed.nearest_url_uncached(&format!("/warm/{n}"), "en");
        }
        assert!(indexed.near.get().is_some());
        let queries = [
            "/docs/instals",
            "/docs/setup/instal",
            "/docs/other/install",
            "/blog/2024/launc",
            "/blog/2025/launch",
            "/blog/2024/x/lunc",
            "/de/docs/instal",
            "/docs/é-pag",
            "/nothing/alike/here",
            "instal",
            "/instal",
            "q/r/install",
        ];
        let mut suggested = 0;
        for q in queries {
            let scanned = make();
            let answer = scanned.nearest_url_uncached(q, "en");
            assert!(scanned.near.get().is_none(), "a first lookup is scanned");
            suggested += usize::from(answer.is_some());
            assert_eq!(answer, indexed.nearest_url_uncached(q, "en"), "{q}");
        }
        assert!(suggested >= 7, "{suggested}");
    }

    /// A did-you-mean proposes the page's own language or the default one, not the same path in
    /// whichever language is closest by spelling; another language only when neither has one.
    #[test]
    fn did_you_mean_keeps_to_the_page_language_or_the_default() {
        let mut index = Index::default();
        for u in [
            "/docs/start",
            "/zh/docs/start",
            "/uk/docs/start",
            "/uk/docs/only-uk",
        ] {
            index.urls.insert(u.to_string(), Target::File);
        }
        index.default_lang = "en".into();
        index.lang_keys = vec![
            ("uk".into(), "/uk".into()),
            ("zh".into(), "/zh".into()),
            ("en".into(), String::new()),
        ];
        let near = |key: &str, lang: &str| index.nearest_url(key, lang);
        // `/en/…` on a site whose default language has no prefix: `/zh/…` and `/uk/…` are
        // nearer by spelling than `/docs/start`.
        assert_eq!(near("/en/docs/start", "en").as_deref(), Some("/docs/start"));
        assert_eq!(
            near("/en/docs/start", "uk").as_deref(),
            Some("/uk/docs/start")
        );
        assert_eq!(
            near("/en/docs/start", "zh").as_deref(),
            Some("/zh/docs/start")
        );
        assert_eq!(
            near("/zh/docs/strat", "zh").as_deref(),
            Some("/zh/docs/start")
        );
        // Only another language has it.
        assert_eq!(
            near("/docs/only-uk", "zh").as_deref(),
            Some("/uk/docs/only-uk")
        );
    }

    /// `url_key` as first written: the fast paths must not change a single key.
    fn url_key_reference(path: &str) -> String {
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let mut k = decoded.to_lowercase();
        while k.contains("//") {
            k = k.replace("//", "/");
        }
        if let Some(s) = k.strip_suffix("index.html") {
            k = s.to_string();
        }
        while k.ends_with('/') {
            k.pop();
        }
        k
    }

    /// `s` with each edit made in turn: a byte inserted at (or past the end: appended), or, for
    /// an empty one, the byte at that place removed.
    fn edited(s: &str, edits: Vec<(usize, String)>) -> String {
        let mut b: Vec<u8> = s.bytes().collect();
        for (at, c) in edits {
            match c.bytes().next() {
                Some(c) => b.insert(at.min(b.len()), c),
                None if at < b.len() => {
                    b.remove(at);
                }
                None => {}
            }
        }
        String::from_utf8(b).unwrap()
    }

    proptest! {
        /// Measuring each candidate only up to the best so far gives the answer of measuring
        /// every one (ties included: the alphabet is small, so many scores are equal).
        #[test]
        fn most_similar_is_the_best_of_all(
            key in "[ab/é]{1,10}",
            candidates in proptest::collection::vec("[ab/é]{1,10}", 0..40),
        ) {
            let key_chars: Vec<char> = key.chars().collect();
            let naive = candidates
                .iter()
                .filter_map(|k| super::similarity(k, &key, &key_chars, None, None).map(|s| (s, k)))
                .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
                .map(|(_, k)| k);
            prop_assert_eq!(super::most_similar(candidates.iter(), &key), naive);
        }

        /// The cut-down distance agrees with the textbook one whenever it answers, and answers
        /// exactly when the distance is within the limit.
        #[test]
        fn bounded_levenshtein_is_levenshtein(
            a in "[ab/é-]{0,12}",
            b in "[ab/é-]{0,12}",
            limit in 0usize..14,
        ) {
            let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let d = strsim::levenshtein(&a, &b);
            prop_assert_eq!(bounded_levenshtein(&ac, &bc, limit), (d <= limit).then_some(d));
        }

        /// The bit-parallel distance is the textbook one, on either side of a machine word.
        #[test]
        fn bounded_levenshtein_bytes_is_levenshtein(
            a in "[ab/-]{0,20}|[ab/]{60,80}",
            b in "[ab/-]{0,20}|[ab/]{60,80}",
            limit in 0usize..90,
        ) {
            let d = strsim::levenshtein(&a, &b);
            prop_assert_eq!(
                bounded_levenshtein_bytes(a.as_bytes(), b.as_bytes(), limit),
                (d <= limit).then_some(d)
            );
        }

        /// Measured against the key's own table (made once per lookup), a candidate's distance
        /// is the textbook one: for keys on either side of 64 bytes, candidates near them (so
        /// the common ends cut and the table is shifted far) and candidates unlike them.
        #[test]
        fn key_bits_distance_is_levenshtein(
            key in "[ab/]{0,130}",
            edits in proptest::collection::vec((0usize..140, "[ab/-]?"), 0..6),
            other in "[ab/-]{0,20}",
            near in proptest::bool::ANY,
            limit in 0usize..20,
        ) {
            let candidate = if near { edited(&key, edits) } else { other };
            let bits = super::KeyBits::of(&key);
            prop_assert_eq!(bits.is_some(), key.len() <= 128);
            if let Some(bits) = bits {
                let d = strsim::levenshtein(&candidate, &key);
                prop_assert_eq!(
                    bits.distance(candidate.as_bytes(), key.as_bytes(), limit),
                    (d <= limit).then_some(d)
                );
            }
        }

        /// Near strings (a few edits apart, different first and last bytes so nothing is cut):
        /// the early stop of the bit-parallel distance never gives up on one within the limit.
        #[test]
        fn bounded_levenshtein_bytes_on_near_strings(
            a in "[ab/]{1,70}",
            edits in proptest::collection::vec((0usize..80, "[ab/]?"), 0..6),
            limit in 0usize..10,
        ) {
            let (a, b) = (format!("x{a}y"), format!("z{}w", edited(&a, edits)));
            let d = strsim::levenshtein(&a, &b);
            prop_assert_eq!(
                bounded_levenshtein_bytes(a.as_bytes(), b.as_bytes(), limit),
                (d <= limit).then_some(d)
            );
        }

        /// Byte comparison with the separator lowest is `Path`'s component order on the clean
        /// paths a walk gives.
        #[test]
        fn path_order_is_path_order(
            a in proptest::collection::vec("a|a-b|a.b|a/b|ab|a_|é|Z", 1..5),
            b in proptest::collection::vec("a|a-b|a.b|a/b|ab|a_|é|Z", 1..5),
            prefix in "/[a-z]{1,9}/content",
        ) {
            let join = |parts: &[String]| PathBuf::from(format!("{prefix}/{}", parts.join("/")));
            let (a, b) = (join(&a), join(&b));
            prop_assert_eq!(path_order(&a, &b), a.cmp(&b), "{:?} {:?}", a, b);
        }

        #[test]
        fn url_key_is_unchanged(path in "(/|//|%2[fF]|%C3%A9|%zz|[aZ.é]|index\\.html|INDEX\\.HTML){0,8}") {
            prop_assert_eq!(url_key(&path), url_key_reference(&path));
        }
    }
}
