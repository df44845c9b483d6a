//! Each stage of the pipeline on real Hugo Markdown, in MB/s: `cargo bench --bench stages`.
//!
//! The input is the site in `HUGOLINT_BENCH_SITE` (default: the opentelemetry.io corpus beside the
//! checkout, `../shared/corpora/open-telemetry+opentelemetry.io`), or the bundled demo site when
//! neither is there. Every Markdown file of the site's content is read once, up front; each bench
//! runs one stage over all of them on one thread, so the figures add up to the pipeline's cost.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use hugolint::catalogue::Catalogue;
use hugolint::lint::{self, LintOptions};
use hugolint::site::{self, Site};
use hugolint::syntax::{self, front_matter, shortcode};

fn main() {
    let c = &*CORPUS;
    eprintln!(
        "corpus: {} ({} files, {:.1} MB)",
        c.root.display(),
        c.files.len(),
        c.bytes as f64 / 1e6
    );
    divan::main();
}

struct Corpus {
    root: PathBuf,
    files: Vec<(PathBuf, String)>,
    bytes: usize,
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = std::env::var_os("HUGOLINT_BENCH_SITE")
        .map(PathBuf::from)
        .or_else(|| {
            let p = here.join("../shared/corpora/open-telemetry+opentelemetry.io");
            p.is_dir().then_some(p)
        })
        .unwrap_or_else(|| here.join("fixtures/demo"));
    let mut files = Vec::new();
    for entry in ignore::WalkBuilder::new(root.join("content"))
        .build()
        .flatten()
    {
        if entry.file_type().is_some_and(|t| t.is_file())
            && lint::is_markdown(entry.path())
            && let Ok(text) = std::fs::read_to_string(entry.path())
        {
            files.push((entry.into_path(), text));
        }
    }
    files.sort();
    let bytes = files.iter().map(|(_, t)| t.len()).sum();
    Corpus { root, files, bytes }
});

fn bytes() -> BytesCount {
    BytesCount::new(CORPUS.bytes)
}

#[divan::bench]
fn front_matter(b: Bencher) {
    b.counter(bytes()).bench(|| {
        for (_, text) in &CORPUS.files {
            black_box(front_matter::split(text));
        }
    });
}

#[divan::bench]
fn shortcodes(b: Bencher) {
    let starts: Vec<usize> = CORPUS
        .files
        .iter()
        .map(|(_, t)| front_matter::split(t).body_start)
        .collect();
    b.counter(bytes()).bench(|| {
        for ((_, text), start) in CORPUS.files.iter().zip(&starts) {
            black_box(shortcode::scan(text, *start, Catalogue::builtin()));
        }
    });
}

/// The whole tokenizer: front matter, shortcodes, masking, the Markdown pass and heading IDs.
#[divan::bench]
fn tokenizer(b: Bencher) {
    let options = syntax::ParseOptions::default();
    b.counter(bytes()).bench(|| {
        for (_, text) in &CORPUS.files {
            black_box(syntax::parse(text, &options));
        }
    });
}

/// Anchor sets of parsed pages, as link targets need them.
#[divan::bench]
fn anchors(b: Bencher) {
    let options = syntax::ParseOptions::default();
    let docs: Vec<_> = CORPUS
        .files
        .iter()
        .map(|(_, t)| syntax::parse(t, &options))
        .collect();
    b.counter(bytes()).bench(|| {
        for doc in &docs {
            black_box(site::anchors_of(
                doc,
                Catalogue::builtin(),
                &Default::default(),
            ));
        }
    });
}

/// Config, file listing and every page's front matter: what linting one file costs up front
/// without the front matter cache. (The index is built on first use, not by `discover`.)
#[divan::bench(sample_count = 20)]
fn site_index(b: Bencher) {
    b.counter(bytes()).bench(|| {
        let site = Site::discover(&CORPUS.root);
        black_box(site.index().map(|index| index.pages.len()))
    });
}

/// Every page tokenized and every rule run on it, against the site: link targets are parsed on
/// demand, and a fresh site (built outside the timing) keeps one sample's memos from the next.
#[divan::bench(sample_count = 10)]
fn tokenizer_and_rules(b: Bencher) {
    let options = LintOptions::default();
    b.counter(bytes())
        .with_inputs(|| Site::discover(&CORPUS.root))
        .bench_local_refs(|site| {
            for (path, text) in &CORPUS.files {
                black_box(lint::lint_text(path, text, site, &options));
            }
        });
}
