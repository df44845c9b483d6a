//! The engine: paths → files → documents → rule passes → a sorted [`Report`].
//!
//! Only this module and `site` touch the file system. Files are read and tokenized in parallel
//! (phase 1), then every rule runs on every document in parallel (phase 2). The report's order
//! depends only on the input, never on scheduling.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, LineIndex};
use crate::rules::{self, Context, Rule, Sink};
use crate::site::Site;

/// What to run.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// Rules to run (ids); empty = all.
    pub select: Vec<String>,
    /// Rules not to run (ids).
    pub ignore: Vec<String>,
    /// hugolint's settings file for every site, instead of each site's `.hugolint.yaml`.
    pub config: Option<PathBuf>,
    /// Where to keep pages' front matter between runs ([`crate::site::cache`]); `None`: read
    /// every page each run.
    pub cache_dir: Option<PathBuf>,
}

/// The findings of one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as the user will recognise it (relative to the current directory when possible).
    pub path: PathBuf,
    /// The text the spans point into (lossy for a file that is not UTF-8).
    pub source: Arc<str>,
    pub lines: LineIndex,
    pub diagnostics: Vec<Diagnostic>,
}

/// The result of a run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Files with findings, sorted by path; files without findings are counted only.
    pub files: Vec<FileReport>,
    pub files_checked: usize,
    /// Problems with the paths given (not found, not readable): exit code 2.
    pub input_errors: Vec<String>,
    /// Things the user should know once (info level): e.g. templates that live in modules.
    pub notes: Vec<String>,
    /// Things the user must know once (warning level): e.g. config the site's build makes.
    pub warnings: Vec<String>,
    pub elapsed: Duration,
    /// An editor's buffer's anchor IDs (`lint_buffer_*` only): the editor lints the pages that
    /// link to it again when they change, without parsing the buffer a second time.
    pub buffer_anchors: Option<Vec<String>>,
    /// The sites the run read, kept with the report: a command-line run exits without freeing
    /// them (their index is a good share of linting a few files); a server drops them with it.
    sites: Vec<Arc<Site>>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.severity == severity)
            .count()
    }

    /// The baseline files the sites' settings name (`baseline:`), each once.
    pub fn settings_baselines(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = Vec::new();
        for site in &self.sites {
            if let Some(b) = site.settings().baseline()
                && !out.iter().any(|o| o == b)
            {
                out.push(b.to_path_buf());
            }
        }
        out
    }

    /// 0 clean, 1 any error-level finding, 2 input or I/O errors, or a page not checked (its
    /// budget, the run's timeout).
    pub fn exit_code(&self) -> i32 {
        let io = self.files.iter().flat_map(|f| &f.diagnostics).any(|d| {
            d.rule == IO || d.rule == crate::settings::CONFIG || d.rule == crate::budget::BUDGET
        });
        if !self.input_errors.is_empty() || io {
            2
        } else if self.count(Severity::Error) > 0 {
            1
        } else {
            0
        }
    }
}

/// Pseudo-rule for a file that could not be read.
pub const IO: &str = "io";
/// Pseudo-rule for a file that is not UTF-8 text.
pub const ENCODING: &str = "encoding";

/// Whether a path names a Markdown file.
pub fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("md" | "markdown" | "mdown" | "mkd")
    )
}

/// A file to lint, and how it was found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    pub path: PathBuf,
    /// The folder whose walk found it (canonical), `None` when it was named on the command line.
    /// In a Hugo site a walk lints only the site's content: archetypes, layouts and a README
    /// beside the config are not pages, and neither is a site inside another's non-content
    /// folders (a theme's example site).
    pub walked_from: Option<Arc<Path>>,
}

/// Find the Markdown files under `paths`: directories are walked (respecting `.gitignore` and
/// hidden files, as ripgrep does); files named explicitly are taken as they are.
pub fn collect_files(paths: &[PathBuf], input_errors: &mut Vec<String>) -> Vec<Found> {
    let mut files = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => input_errors.push(format!(
                "{}: {} (check the path)",
                path.display(),
                io_reason(&e)
            )),
            Ok(m) if m.is_file() => files.push(Found {
                path: path.clone(),
                walked_from: None,
            }),
            // A FIFO, a device or a socket named on the command line: refused, exit 2.
            Ok(m) if !m.is_dir() => input_errors.push(format!(
                "{}: not a regular file but {} (hugolint reads regular files and folders only)",
                path.display(),
                crate::site::bounded::special_kind(path).unwrap_or("a special file")
            )),
            Ok(_) => {
                let from: Arc<Path> = std::fs::canonicalize(path)
                    .unwrap_or_else(|_| path.clone())
                    .into();
                // Folders are read on every core (a whole site's listing was a tenth of a run,
                // all on one thread); the files are sorted below, the errors here.
                let found = std::sync::Mutex::new((Vec::new(), Vec::new()));
                ignore::WalkBuilder::new(path)
                    .standard_filters(true)
                    .require_git(false)
                    .follow_links(false)
                    .build_parallel()
                    .run(|| {
                        let (found, from) = (&found, &from);
                        Box::new(move |entry| {
                            let lock = || found.lock().unwrap_or_else(|e| e.into_inner());
                            match entry {
                                // A FIFO, device or socket with a page's name is linted too, to
                                // be refused by name (`read`) rather than passed over in silence.
                                Ok(e) if e.file_type().is_some_and(|t| {
                                    t.is_file() || !(t.is_dir() || t.is_symlink())
                                }) =>
                                {
                                    if is_markdown(e.path()) {
                                        lock().0.push(Found {
                                            path: e.into_path(),
                                            walked_from: Some(from.clone()),
                                        });
                                    }
                                }
                                Ok(_) => {}
                                Err(err) => lock().1.push(format!(
                                    "{err} (check the folder's permissions, or leave it out of the paths you lint)"
                                )),
                            }
                            ignore::WalkState::Continue
                        })
                    });
                let (mut found, mut errors) = found.into_inner().unwrap_or_else(|e| e.into_inner());
                errors.sort();
                files.append(&mut found);
                input_errors.append(&mut errors);
            }
        }
    }
    dedup_files(files, paths)
}

/// Each file once, however it was named (`x.md ./x.md`, `. content/a.md`, an absolute path and a
/// relative one): by its canonical path, which for a walked file is its walk's canonical root
/// joined with the rest (the walk follows no symlink), one system call per named file only. A
/// file both named and found by a walk counts as named; a file named twice keeps its first
/// spelling in sort order. Sorted by path.
fn dedup_files(files: Vec<Found>, paths: &[PathBuf]) -> Vec<Found> {
    // Each walked folder as named and as its walk's root (`Found::walked_from`).
    let walked: Vec<(&PathBuf, PathBuf)> = paths
        .iter()
        .filter(|p| p.is_dir())
        .map(|p| (p, std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())))
        .collect();
    let identity = |f: &Found| -> PathBuf {
        match &f.walked_from {
            None => std::fs::canonicalize(&f.path).unwrap_or_else(|_| f.path.clone()),
            Some(root) => walked
                .iter()
                .filter(|(_, canonical)| **canonical == **root)
                .find_map(|(p, _)| f.path.strip_prefix(p).ok())
                .map_or_else(|| f.path.clone(), |rest| root.join(rest)),
        }
    };
    let mut keyed: Vec<(PathBuf, Found)> = files.into_iter().map(|f| (identity(&f), f)).collect();
    keyed.sort_by(|a, b| {
        (&a.0, a.1.walked_from.is_some(), &a.1.path).cmp(&(
            &b.0,
            b.1.walked_from.is_some(),
            &b.1.path,
        ))
    });
    keyed.dedup_by(|later, first| later.0 == first.0);
    let mut files: Vec<Found> = keyed.into_iter().map(|(_, f)| f).collect();
    files.sort();
    files
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// The rules a run uses.
pub fn selected_rules(options: &LintOptions) -> Vec<&'static dyn Rule> {
    rules::all()
        .iter()
        .copied()
        .filter(|r| options.select.is_empty() || options.select.iter().any(|s| s == r.id()))
        .filter(|r| !options.ignore.iter().any(|s| s == r.id()))
        .collect()
}

/// Lint everything under `paths`.
pub fn lint_paths(paths: &[PathBuf], options: &LintOptions) -> Report {
    let start = Instant::now();
    let mut input_errors = Vec::new();
    let files = collect_files(paths, &mut input_errors);
    let mut report = lint_found(files, options);
    // The paths' problems first, then the sites' (a config that does not parse).
    input_errors.append(&mut report.input_errors);
    report.input_errors = input_errors;
    report.elapsed = start.elapsed();
    report
}

/// Lint a list of files (found beforehand: a file that has vanished since is reported as `io`).
/// Each is linted as if named on the command line.
pub fn lint_files(files: Vec<PathBuf>, options: &LintOptions) -> Report {
    let named = files
        .into_iter()
        .map(|path| Found {
            path,
            walked_from: None,
        })
        .collect();
    lint_found(named, options)
}

fn lint_found(files: Vec<Found>, options: &LintOptions) -> Report {
    let start = Instant::now();
    let mut report = Report::default();
    let rules = selected_rules(options);

    // Group files by site root (an upward search per folder, probing for config files), then
    // build each site once. The folders are searched on every core, a finder per run of folders
    // (the probes are most of a whole-site run's serial start); the answer is the file system's,
    // whichever finder gives it.
    let mut folders: Vec<(PathBuf, Vec<Found>)> = Vec::new();
    for file in files {
        let dir = file.path.parent().unwrap_or(Path::new(""));
        match folders.last_mut() {
            Some((d, same)) if d == dir => same.push(file),
            _ => folders.push((dir.to_path_buf(), vec![file])),
        }
    }
    // The folders listed to find the roots are handed to the site index, which would list the
    // content folders again.
    let listings = Arc::new(crate::site::listing::Listings::default());
    let run = folders
        .len()
        .div_ceil(rayon::current_num_threads() * 2)
        .max(16);
    let roots: Vec<Option<PathBuf>> = folders
        .par_chunks(run)
        .flat_map_iter(|chunk| {
            let mut finder = crate::site::config::RootFinder::sharing(listings.clone());
            chunk
                .iter()
                .map(|(dir, _)| {
                    finder.find(if dir.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        dir
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut by_root: BTreeMap<Option<PathBuf>, Vec<Found>> = BTreeMap::new();
    for ((_, files), root) in folders.into_iter().zip(roots) {
        by_root.entry(root).or_default().extend(files);
    }
    let mut sites: BTreeMap<Option<PathBuf>, (Arc<Site>, Vec<PathBuf>)> = BTreeMap::new();
    for (root, mut files) in by_root {
        let mut site = match &root {
            Some(r) => Site::discover_with(r, options.config.as_deref()),
            None => {
                let mut plain = Site::plain_with(options.config.as_deref());
                // The folders given (a named file: its folder) bound where links are looked up.
                plain.bound_plain_links(files.iter().map(|f| {
                    match &f.walked_from {
                        Some(from) => from.to_path_buf(),
                        None => f
                            .path
                            .parent()
                            .filter(|d| !d.as_os_str().is_empty())
                            .map_or_else(|| ".".into(), Path::to_path_buf),
                    }
                }));
                plain
            }
        };
        if let Some(root) = &root {
            let walked_from_above = files.iter().any(|f| {
                f.walked_from
                    .as_deref()
                    .is_some_and(|from| root.starts_with(from) && from != root.as_path())
            });
            let nested = walked_from_above && inside_another_site(root);
            // A walk lints a site's pages only (see `Found::walked_from`).
            files.retain(|f| match &f.walked_from {
                None => true,
                Some(from) => {
                    let from_above = nested && root.starts_with(from) && **from != **root;
                    !from_above && site.holds_content(&f.path)
                }
            });
            if files.is_empty() {
                continue;
            }
        }
        let files = files.into_iter().map(|f| f.path).collect();
        if let Some(dir) = &options.cache_dir {
            site.use_cache(dir);
        }
        site.use_listings(listings.clone());
        sites.insert(root, (Arc::new(site), files));
    }

    // A `--config` file is read once per site: show its problems once.
    let mut shown_problems = std::collections::BTreeSet::new();
    for (site, files) in sites.values() {
        // Problems in `.hugolint.yaml`: shown like findings, on the file's lines; exit code 2.
        for p in site.settings_problems() {
            if !shown_problems.insert((
                p.path.clone(),
                p.diagnostic.span.start,
                p.diagnostic.message.clone(),
            )) {
                continue;
            }
            report.files.push(settings_report(p));
        }
        // Files the settings ignore (globs relative to the site root).
        let kept: Vec<PathBuf>;
        let files: &[PathBuf] = match site.root() {
            Some(root) if site.settings().ignores_some() => {
                kept = files
                    .iter()
                    .filter(|f| !site.settings().ignores(&relative_to(site, f, root)))
                    .cloned()
                    .collect();
                &kept
            }
            _ => files,
        };
        report.files_checked += files.len();
        // Phase 1: read the files and split off their front matter, which is what the site
        // index needs (it need not read these pages again); then build the index on one core
        // while the others tokenize the pages (the index build is mostly serial: on its own it
        // left a core idle for a tenth of a whole-site run).
        let read: Vec<Read> = files.par_iter().map(|f| guarded_read(f)).collect();
        site.provide_front_matter(
            read.par_iter()
                .filter_map(|r| {
                    let (_, split) = r.text.as_ref().ok()?;
                    let meta = split.front_matter.as_ref().map(|f| f.meta.clone());
                    Some((r.file.clone(), meta.unwrap_or_default()))
                })
                .collect(),
        );
        let (docs, _) = rayon::join(
            || {
                read.into_par_iter()
                    .map(|r| guarded_parse(r, site))
                    .collect::<Vec<Loaded>>()
            },
            || site.index().is_some(),
        );
        // Pages parsed here need not be parsed again for other pages' fragment links.
        docs.par_iter().for_each(|l| match &l.doc {
            Ok(doc) => site.provide_anchors(&l.file, doc),
            // Not read within its budget: not read again for its anchors either.
            Err((_, d)) if d.rule == crate::budget::BUDGET => site.provide_unknown_anchors(&l.file),
            Err(_) => {}
        });
        report.input_errors.extend(site.errors().iter().cloned());
        for n in site.notes() {
            if !report.notes.contains(n) {
                report.notes.push(n.clone());
            }
        }
        for w in site.warnings() {
            if !report.warnings.contains(w) {
                report.warnings.push(w.clone());
            }
        }
        let unreadable = site.unreadable_folders();
        if !unreadable.is_empty() {
            let names: Vec<String> = unreadable.iter().map(|d| d.display().to_string()).collect();
            report.warnings.push(format!(
                "cannot read {} of the site ({}): its pages and files are unknown, so no link into the site is reported broken (make them readable)",
                if names.len() == 1 { "a folder" } else { "folders" },
                names.join(", ")
            ));
        }
        let too_large = site.too_large_folders();
        if !too_large.is_empty() {
            let names: Vec<String> = too_large.iter().map(|d| d.display().to_string()).collect();
            report.warnings.push(format!(
                "not walked: {} mounted by the site {} more than {} files and folders ({}): its pages and files are unknown, so no link into the site is reported broken (mount a smaller folder)",
                if names.len() == 1 { "a folder" } else { "folders" },
                if names.len() == 1 { "holds" } else { "hold" },
                site.settings().walk_limit(),
                names.join(", ")
            ));
        }
        // Phase 2: rules.
        let mut reports: Vec<FileReport> = docs
            .into_par_iter()
            .map(|loaded| guarded_check(loaded, site, &rules))
            .filter(|r| !r.diagnostics.is_empty())
            .collect();
        report.files.append(&mut reports);
    }
    report.files.sort_by(|a, b| a.path.cmp(&b.path));
    report.sites = sites.into_values().map(|(site, _)| site).collect();
    report.elapsed = start.elapsed();
    report
}

/// Lint a buffer as if it were the file at `path` inside its site (`--stdin`, editors): links
/// resolve against the site, and the buffer, not the file on disk, is the page's text, for its
/// own fragments and for the anchors other pages see.
pub fn lint_buffer(path: &Path, text: &str, options: &LintOptions) -> Report {
    lint_buffer_among(path, text, &[], options)
}

/// [`lint_buffer`] beside other unsaved buffers of the same site (an editor's): their text, not
/// their files', gives the anchors this buffer's links find.
pub fn lint_buffer_among(
    path: &Path,
    text: &str,
    others: &[(PathBuf, String)],
    options: &LintOptions,
) -> Report {
    let start = Instant::now();
    let abs = buffer_file(path);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut site = match crate::site::config::find_root(dir) {
        Some(root) => Site::discover_with_buffer(&root, options.config.as_deref(), &abs, text),
        None => {
            let mut plain = Site::plain_with(options.config.as_deref());
            plain.bound_plain_links([dir.to_path_buf()]);
            plain
        }
    };
    if let Some(dir) = &options.cache_dir {
        site.use_cache(dir);
    }
    let site = Arc::new(site);
    let mut report = lint_buffer_on(&site, path, text, others, options, start);
    // Kept with the report, as a run keeps its sites: the editor reads its settings (baseline).
    report.sites.push(site);
    report
}

/// The file an editor's buffer for `path` is, absolute (canonical folder), even when it is not
/// saved yet: what [`Site::fits_buffer`] and [`Site::discover_with_buffer`] take.
pub fn buffer_file(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::canonicalize(dir)
        .map(|d| d.join(path.file_name().unwrap_or_default()))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// [`lint_buffer_among`] in a site read before (an editor keeps one between keystrokes): the
/// same findings as a fresh read when `site` [fits the buffer](Site::fits_buffer) and the files
/// on disk are as they were when it was read. Only the buffers are parsed; their anchors are
/// given to the site for this lint only.
pub fn lint_buffer_in(
    site: &Site,
    path: &Path,
    text: &str,
    others: &[(PathBuf, String)],
    options: &LintOptions,
) -> Report {
    lint_buffer_on(site, path, text, others, options, Instant::now())
}

fn lint_buffer_on(
    site: &Site,
    path: &Path,
    text: &str,
    others: &[(PathBuf, String)],
    options: &LintOptions,
    start: Instant,
) -> Report {
    /// The buffers' anchors are this lint's only, even when a rule panics.
    struct Overlay<'a>(&'a Site);
    impl Drop for Overlay<'_> {
        fn drop(&mut self) {
            self.0.clear_overlay();
        }
    }
    let abs = buffer_file(path);
    let overlay = Overlay(site);
    overlay.0.clear_overlay();
    for (file, other) in others {
        let file = site.canonical(file);
        if file != abs && site.holds_content(&file) {
            site.overlay_anchors(&file, &syntax_parse(other, site, &file));
        }
    }
    let mut report = Report::default();
    report
        .files
        .extend(site.settings_problems().iter().map(settings_report));
    report.input_errors = site.errors().to_vec();
    report.notes = site.notes().to_vec();
    report.warnings = site.warnings().to_vec();
    // A file the settings ignore is not linted from an editor either.
    if let Some(root) = site.root()
        && site.settings().ignores(&relative_to(site, &abs, root))
    {
        report.elapsed = start.elapsed();
        return report;
    }
    let rules = selected_rules(options);
    let loaded = guarded_parse(
        Read {
            file: abs.clone(),
            path: display_path(path),
            text: Ok((Arc::from(text), crate::syntax::front_matter::split(text))),
        },
        site,
    );
    match &loaded.doc {
        Ok(doc) => site.overlay_anchors(&abs, doc),
        Err((_, d)) if d.rule == crate::budget::BUDGET => site.provide_unknown_anchors(&abs),
        Err(_) => {}
    }
    if let Ok(doc) = &loaded.doc {
        report.buffer_anchors = Some(doc.anchors().map(|(id, _)| id.to_string()).collect());
    }
    let file = guarded_check(loaded, site, &rules);
    drop(overlay);
    if !file.diagnostics.is_empty() {
        report.files.push(file);
    }
    report.files_checked = 1;
    report.elapsed = start.elapsed();
    report
}

/// Lint one in-memory text as if it were the file at `path` (editors, tests).
pub fn lint_text(path: &Path, text: &str, site: &Site, options: &LintOptions) -> FileReport {
    let rules = selected_rules(options);
    let doc = syntax_parse(text, site, path);
    check(
        Loaded {
            file: path.to_path_buf(),
            path: display_path(path),
            doc: Ok(doc),
            used: 0,
        },
        site,
        &rules,
    )
}

struct Loaded {
    /// The file as read (for the site's page lookup).
    file: PathBuf,
    /// As shown to the user.
    path: PathBuf,
    doc: Result<Document, (Arc<str>, Diagnostic)>,
    /// The work units its parse took ([`crate::budget`]).
    used: u64,
}

fn syntax_parse(text: &str, site: &Site, file: &Path) -> Document {
    crate::syntax::parse(text, &site.parse_options_for(file))
}

/// Pseudo-rule for a bug in hugolint itself, caught so that the other files are still checked.
pub const INTERNAL: &str = "internal";

fn internal_error(path: PathBuf, stage: &str) -> FileReport {
    let mut d = Diagnostic::new(
        INTERNAL,
        Severity::Error,
        0..0,
        format!("hugolint failed while {stage} this file (a bug in hugolint)"),
    );
    d.with_help("please report it with this file attached; the other files were checked");
    FileReport {
        path,
        source: Arc::from(""),
        // One line (an empty index has none: a reporter's line lookup would fail on it).
        lines: LineIndex::new(""),
        diagnostics: vec![d],
    }
}

/// A file read, its front matter split off; or why it cannot be linted.
struct Read {
    file: PathBuf,
    path: PathBuf,
    text: Result<(Arc<str>, crate::syntax::front_matter::Split), (Arc<str>, Diagnostic)>,
}

/// `read`, with a panic turned into one diagnostic for this file.
fn guarded_read(path: &Path) -> Read {
    if let Some(stop) = crate::budget::stopped() {
        return Read {
            file: path.to_path_buf(),
            path: display_path(path),
            text: Err((
                Arc::from(""),
                crate::budget::diagnostic(crate::budget::Exceeded::Stopped(stop)),
            )),
        };
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(path))).unwrap_or_else(|_| {
        let r = internal_error(display_path(path), "reading");
        Read {
            file: path.to_path_buf(),
            path: r.path,
            text: Err((r.source, r.diagnostics.into_iter().next().expect("one"))),
        }
    })
}

/// Tokenize a file read by [`read`] within the page budget, a panic turned into one diagnostic
/// for this file.
fn guarded_parse(read: Read, site: &Site) -> Loaded {
    let Read { file, path, text } = read;
    let mut used = 0;
    let doc = match text {
        Ok((text, split)) => {
            let source = text.clone();
            let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                crate::budget::metered(site.settings().page_budget(source.len()), || {
                    crate::syntax::parse_split(text, split, &site.parse_options_for(&file))
                })
            }));
            match parsed {
                Ok((doc, units)) => {
                    used = units;
                    doc.map_err(|e| (source, crate::budget::diagnostic(e)))
                }
                Err(_) => {
                    let r = internal_error(path.clone(), "reading");
                    Err((r.source, r.diagnostics.into_iter().next().expect("one")))
                }
            }
        }
        Err(e) => Err(e),
    };
    Loaded {
        file,
        path,
        doc,
        used,
    }
}

/// `check` within what is left of the page budget, a panic turned into one diagnostic for this
/// file.
fn guarded_check(loaded: Loaded, site: &Site, rules: &[&'static dyn Rule]) -> FileReport {
    let path = loaded.path.clone();
    let source = loaded.doc.as_ref().ok().map(|d| d.source.clone());
    let budget = site
        .settings()
        .page_budget(source.as_ref().map_or(0, |s| s.len()));
    let left = budget.saturating_sub(loaded.used);
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let (report, _) = crate::budget::metered(left, || check(loaded, site, rules));
        report.unwrap_or_else(|e| {
            let e = match e {
                // What the page took in all, parse and checks.
                crate::budget::Exceeded::Page(_) => crate::budget::Exceeded::Page(budget),
                stopped => stopped,
            };
            let source = source.unwrap_or_else(|| Arc::from(""));
            FileReport {
                path: path.clone(),
                lines: LineIndex::new(&source),
                source,
                diagnostics: vec![crate::budget::diagnostic(e)],
            }
        })
    }))
    .unwrap_or_else(|_| internal_error(path, "checking"))
}

fn read(path: &Path) -> Read {
    let shown = display_path(path);
    let bytes = match crate::site::bounded::read(path, crate::site::bounded::PAGE) {
        Ok(b) => b,
        Err(e) => {
            let mut d = Diagnostic::new(
                IO,
                Severity::Error,
                0..0,
                format!("cannot read this file: {}", io_reason(&e)),
            );
            d.with_help(match e.kind() {
                std::io::ErrorKind::NotFound => "it vanished while hugolint ran: lint again",
                std::io::ErrorKind::PermissionDenied => {
                    "make it readable, or list it under `ignore` in .hugolint.yaml"
                }
                std::io::ErrorKind::InvalidInput | std::io::ErrorKind::FileTooLarge => {
                    "hugolint reads regular files of bounded size only: list it under `ignore` in .hugolint.yaml"
                }
                _ => "check the file and the disk, then lint again",
            });
            return Read {
                file: path.to_path_buf(),
                path: shown,
                text: Err((Arc::from(""), d)),
            };
        }
    };
    if let Some(nul) = memchr::memchr(0, &bytes[..bytes.len().min(8192)]) {
        let mut d = Diagnostic::new(
            ENCODING,
            Severity::Error,
            0..0,
            format!("this looks like a binary file (NUL byte at offset {nul}), not Markdown"),
        );
        d.with_help("rename it, or exclude it from the paths you lint");
        return Read {
            file: path.to_path_buf(),
            path: shown,
            text: Err((Arc::from(""), d)),
        };
    }
    // simdutf8 checks valid text several times faster than `std` (the check was 4% of a
    // whole-site run); `std` then says where invalid text goes wrong.
    match simdutf8::basic::from_utf8(&bytes).or_else(|_| std::str::from_utf8(&bytes)) {
        Ok(text) => {
            let text: Arc<str> = Arc::from(text);
            let split = crate::syntax::front_matter::split(&text);
            Read {
                file: path.to_path_buf(),
                path: shown,
                text: Ok((text, split)),
            }
        }
        Err(e) => {
            let bad = e.valid_up_to();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let at = crate::document::floor_char_boundary(&text, bad);
            let mut d = Diagnostic::new(
                ENCODING,
                Severity::Error,
                at..at,
                format!("this file is not valid UTF-8 (first bad byte at offset {bad})"),
            );
            d.with_help("Hugo reads content as UTF-8: re-save the file as UTF-8");
            Read {
                file: path.to_path_buf(),
                path: shown,
                text: Err((Arc::from(text), d)),
            }
        }
    }
}

fn check(loaded: Loaded, site: &Site, rules: &[&'static dyn Rule]) -> FileReport {
    match loaded.doc {
        Err((source, d)) => FileReport {
            path: loaded.path,
            lines: LineIndex::new(&source),
            source,
            diagnostics: vec![d],
        },
        Ok(mut doc) => {
            let page = site.page_ref(&loaded.file);
            let cx = Context::new(&loaded.path, &doc, site, &page);
            let mut diagnostics = Vec::new();
            // A Markdown file of a Hugo site that is not its content (named on the command
            // line: a README, an archetype) is plain Markdown to Hugo: no page checks.
            let hugo_page = site.root().is_none() || page.page.is_some() || page.resource;
            let relative = site
                .root()
                .filter(|_| site.settings().levels_vary())
                .map(|r| relative_to(site, &loaded.file, r));
            let matched = site.settings().overrides_at(relative.as_deref());
            for rule in rules.iter().filter(|r| hugo_page || !r.hugo_page_only()) {
                // `.hugolint.yaml` may turn the rule off or change its severity for this path.
                let Some(level) =
                    site.settings()
                        .level_at(rule.id(), &matched, rule.default_severity())
                else {
                    continue;
                };
                let mut sink = Sink::new(rule.id(), rule.default_severity());
                rule.check(&cx, &mut sink);
                diagnostics.extend(sink.into_diagnostics().into_iter().map(|mut d| {
                    // A rule's own lesser severities (e.g. duplicate-anchor's warnings) stay.
                    if d.severity == rule.default_severity() {
                        d.severity = level;
                    }
                    d
                }));
            }
            let ran = |id: &str| rules.iter().any(|r| r.id() == id);
            let mut diagnostics = crate::suppress::apply(&doc, diagnostics, &ran);
            diagnostics.sort_by(|a, b| {
                (a.span.start, a.span.end, a.rule, &a.message).cmp(&(
                    b.span.start,
                    b.span.end,
                    b.rule,
                    &b.message,
                ))
            });
            diagnostics.dedup();
            // A report without findings is dropped: it needs no line numbers.
            let lines = if diagnostics.is_empty() {
                LineIndex::default()
            } else {
                doc.take_lines()
            };
            FileReport {
                path: loaded.path,
                source: doc.source.clone(),
                lines,
                diagnostics,
            }
        }
    }
}

/// A problem in `.hugolint.yaml`, shown like a finding on the settings file's lines.
fn settings_report(p: &crate::settings::SettingsProblem) -> FileReport {
    FileReport {
        path: display_path(&p.path),
        lines: LineIndex::new(&p.source),
        source: p.source.clone(),
        diagnostics: vec![p.diagnostic.clone()],
    }
}

/// Whether the site at `root` lies inside another site but not in its content (a theme's
/// example site, test sites of a site's own tooling): a walk from above it skips it.
fn inside_another_site(root: &Path) -> bool {
    let Some(outer) = root.parent().and_then(crate::site::config::find_root) else {
        return false;
    };
    !Site::discover(&outer).holds_content(root)
}

/// `file` relative to its site's root (canonical, as found), for the settings' globs.
fn relative_to(site: &Site, file: &Path, root: &Path) -> PathBuf {
    // Most files lie below the root by their own spelling: no need to ask the index (which
    // would be built before the run could hand it the pages' front matter) or the file system.
    if let Some(rel) = crate::site::lexical_absolute(file)
        .as_deref()
        .and_then(|abs| abs.strip_prefix(root).ok())
    {
        return rel.to_path_buf();
    }
    let abs = site.canonical(file);
    abs.strip_prefix(root)
        .map_or(abs.clone(), Path::to_path_buf)
}

/// A path relative to the current directory when it lies below it.
pub fn display_path(path: &Path) -> PathBuf {
    if let Some(cwd) = crate::site::current_dir()
        && let Ok(rel) = path.strip_prefix(cwd)
    {
        return rel.to_path_buf();
    }
    path.strip_prefix("./").unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_vanished_gets_one_io_diagnostic_and_exit_2() {
        let dir = tempfile::tempdir().unwrap();
        let here = dir.path().join("here.md");
        std::fs::write(&here, "![](x.png)\n").unwrap();
        let gone = dir.path().join("gone.md");
        let report = lint_files(vec![gone.clone(), here], &LintOptions::default());
        assert_eq!(report.files.len(), 2);
        let d = &report
            .files
            .iter()
            .find(|f| f.path.ends_with("gone.md"))
            .unwrap()
            .diagnostics;
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].rule, IO);
        assert_eq!(
            d[0].message,
            "cannot read this file: no such file or directory"
        );
        assert_eq!(report.exit_code(), 2);
    }

    /// A site read once and kept (an editor's) gives each edit of a buffer the findings a
    /// fresh read of the site gives: edits to headings, links and front matter, other unsaved
    /// buffers' anchors, and none of them left behind for the next lint.
    #[test]
    fn a_kept_site_lints_a_buffer_as_a_fresh_read_does() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::write(root.join("hugo.toml"), "baseURL = 'https://example.org/'\n").unwrap();
        std::fs::create_dir_all(root.join("content/docs")).unwrap();
        let a_text = "---\ntitle: A\n---\n\n## Alpha\n\nText.\n\n## Beta {#custom}\n";
        std::fs::write(root.join("content/docs/a.md"), a_text).unwrap();
        let b_text = "---\ntitle: B\n---\n\n## Own\n\n[a](/docs/a/#alpha) [c](../a/#custom) [o](#own) [s](/docs/b/)\n";
        let a = root.join("content/docs/a.md");
        let b = root.join("content/docs/b.md");
        std::fs::write(&b, b_text).unwrap();

        let kept = Site::discover(&root);
        let options = LintOptions::default();
        let found = |r: &Report| -> Vec<(PathBuf, Vec<Diagnostic>)> {
            r.files
                .iter()
                .map(|f| (f.path.clone(), f.diagnostics.clone()))
                .collect()
        };
        let a_renamed = a_text.replace("## Alpha", "## Gamma");
        // The buffer's text, the other unsaved buffers, whether the kept site fits.
        type Edit = (String, Vec<(PathBuf, String)>, bool);
        let edits: Vec<Edit> = vec![
            (b_text.to_string(), vec![], true),
            (b_text.replace("## Own", "## Mine"), vec![], true),
            (b_text.replace("#alpha", "#alpah"), vec![], true),
            (
                b_text.replace("/docs/a/#alpha", "/docs/nowhere/"),
                vec![],
                true,
            ),
            (
                b_text.to_string(),
                vec![(a.clone(), a_renamed.clone())],
                true,
            ),
            // The other buffer's anchors were this lint's only.
            (b_text.to_string(), vec![], true),
            (
                b_text.replace("title: B", "title: B\nslug: bee"),
                vec![],
                false,
            ),
            (
                b_text.replace("title: B", "title: B\nurl: /elsewhere/"),
                vec![(a.clone(), a_renamed)],
                false,
            ),
            (b_text.replace("## Own", "## Own {#mine}"), vec![], true),
        ];
        let mut broken = 0;
        for (n, (text, others, fits)) in edits.iter().enumerate() {
            let fresh = lint_buffer_among(&b, text, others, &options);
            assert_eq!(kept.fits_buffer(&b, text), *fits, "edit {n}");
            let reused = if *fits {
                lint_buffer_in(&kept, &b, text, others, &options)
            } else {
                let site = Site::discover_with_buffer(&root, None, &b, text);
                lint_buffer_in(&site, &b, text, others, &options)
            };
            assert_eq!(found(&reused), found(&fresh), "edit {n}");
            assert_eq!(reused.input_errors, fresh.input_errors, "edit {n}");
            assert_eq!(reused.warnings, fresh.warnings, "edit {n}");
            broken += fresh
                .files
                .iter()
                .map(|f| f.diagnostics.len())
                .sum::<usize>();
            // The unchanged page is clean, each broken edit is not.
            let clean = fresh.files.is_empty();
            assert_eq!(clean, [0, 5].contains(&n), "edit {n}: {:?}", found(&fresh));
        }
        assert!(broken >= 5);
    }
}
