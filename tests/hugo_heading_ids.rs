//! Differential test: heading IDs against the real Hugo.
//!
//! `fixtures/hugo/heading-ids` is a Hugo site; `scripts/hugo-oracle/heading-ids.sh` builds it
//! with Hugo 0.168 once per configuration in `configs/` (`autoIDType`, attributes, the typographer
//! and its substitutions) and writes what Hugo rendered into `goldens/`:
//! - `<config>.txt`: the `id` of every heading of `content/headings.md`, in document order;
//! - `unicode-<type>.txt`: what the sanitiser (`anchorize`) makes of every code point.
//!
//! This test needs no Hugo: it checks hugolint against those files.

use std::fmt::Write as _;
use std::ops::Range;

use hugolint::site::config;
use hugolint::syntax::anchors::{self, AutoIdType, IdFactory, Typographer};
use hugolint::syntax::{self, ParseOptions};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

const SITE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/hugo/heading-ids");

/// The configurations the fixture site is built with: `configs/<name>.toml` over `hugo.toml`.
const CONFIGS: [&str; 7] = [
    "github",
    "github-ascii",
    "blackfriday",
    "github-no-typographer",
    "github-no-attributes",
    "github-typographer-words",
    "github-typographer-odd",
];

/// How a configuration renders headings, read from `configs/<name>.toml` by hugolint's own
/// config reader (the keys that matter here are all in that file).
struct Config {
    name: &'static str,
    ty: AutoIdType,
    typographer: Option<Typographer>,
    attributes: bool,
}

fn config(name: &'static str) -> Config {
    let value = config::parse(&read(&format!("configs/{name}.toml")), "toml").expect("config");
    let c = config::Config::from_value(std::path::Path::new(SITE), &value);
    Config {
        name,
        ty: c.auto_id_type,
        typographer: c.typographer,
        attributes: c.heading_attributes,
    }
}

const TYPES: [(AutoIdType, &str); 3] = [
    (AutoIdType::Github, "github"),
    (AutoIdType::GithubAscii, "github-ascii"),
    (AutoIdType::Blackfriday, "blackfriday"),
];

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{SITE}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// One line per heading: `-` for no id, an empty line for `id=""`, a leading backslash
/// escaping an id that is `-` or starts with `\`.
fn golden(name: &str) -> Vec<Option<String>> {
    read(&format!("goldens/{name}.txt"))
        .lines()
        .map(|l| match l {
            "-" => None,
            l => Some(l.strip_prefix('\\').unwrap_or(l).to_string()),
        })
        .collect()
}

fn show(id: &Option<String>) -> String {
    match id {
        None => "(no id)".to_string(),
        Some(id) => format!("{id:?}"),
    }
}

/// A readable table of every heading whose id differs, or `None` when all agree.
fn diff(
    what: &str,
    texts: &[String],
    expected: &[Option<String>],
    got: &[Option<String>],
) -> Option<String> {
    let n = expected.len().max(got.len());
    let mut out = String::new();
    let mut bad = 0;
    for i in 0..n {
        let e = expected.get(i);
        let g = got.get(i);
        if e != g {
            bad += 1;
            let text = texts.get(i).map_or("?", String::as_str);
            let _ = writeln!(
                out,
                "  #{i:<3} {text:?}\n        expected {}\n        got      {}",
                e.map_or("(missing)".to_string(), show),
                g.map_or("(missing)".to_string(), show),
            );
        }
    }
    if expected.len() != got.len() {
        let _ = writeln!(
            out,
            "  {} headings expected, {} found",
            expected.len(),
            got.len()
        );
    }
    (bad > 0 || expected.len() != got.len())
        .then(|| format!("{what}: {bad} of {n} headings differ from Hugo:\n{out}"))
}

/// The page's headings as pulldown-cmark reads them (with the options of the Markdown pass):
/// each heading's range and inner events.
/// A heading: the range of `Start(Heading)` and the events inside, with their ranges.
type PulldownHeading<'a> = (Range<usize>, Vec<(Event<'a>, Range<usize>)>);

fn pulldown_headings(text: &str, attributes: bool) -> Vec<PulldownHeading<'_>> {
    let mut opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_DEFINITION_LIST;
    if attributes {
        opts |= Options::ENABLE_HEADING_ATTRIBUTES;
    }
    let mut out = Vec::new();
    let mut open: Option<PulldownHeading<'_>> = None;
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => open = Some((range, Vec::new())),
            Event::End(TagEnd::Heading(_)) => out.extend(open.take()),
            e => {
                if let Some((_, events)) = open.as_mut() {
                    events.push((e, range));
                }
            }
        }
    }
    out
}

fn heading_texts(text: &str) -> Vec<String> {
    pulldown_headings(text, true)
        .into_iter()
        .map(|(r, _)| text[r].trim_end().to_string())
        .collect()
}

/// Heading IDs from `anchors::read_heading` and `IdFactory` over pulldown's events.
fn ids_from_read_heading(text: &str, c: &Config) -> Vec<Option<String>> {
    let mut ids = IdFactory::new(c.ty);
    pulldown_headings(text, c.attributes)
        .into_iter()
        .map(|(range, events)| {
            let h =
                anchors::read_heading(text, range, &events, c.typographer.as_ref(), c.attributes);
            match h.explicit_id {
                Some(id) => {
                    ids.put(&id);
                    Some(id)
                }
                None => ids.generate(&h.text).map(|(id, _)| id),
            }
        })
        .collect()
}

#[test]
fn read_heading_gives_hugos_ids() {
    let page = read("content/headings.md");
    let text = page.as_str();
    let texts = heading_texts(text);
    let mut failures = String::new();
    for c in CONFIGS.map(config) {
        let expected = golden(c.name);
        assert!(expected.len() >= 60, "{}: golden too short", c.name);
        let got = ids_from_read_heading(text, &c);
        if let Some(d) = diff(c.name, &texts, &expected, &got) {
            failures.push_str(&d);
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

/// Headings whose id `syntax::parse` cannot get right until the Markdown pass reads headings
/// with `anchors::read_heading` (it calls `anchors::plain_text` on the events alone and takes
/// the id from pulldown's `{#…}`): (the heading as written, why).
const PARSE_KNOWN_GAPS: &[(&str, &str)] = &[];

#[test]
fn parse_gives_hugos_ids() {
    let page = read("content/headings.md");
    let texts = heading_texts(&page);
    let mut failures = String::new();
    for &(heading, _) in PARSE_KNOWN_GAPS {
        if !texts.iter().any(|t| t == heading) {
            failures.push_str(&format!("PARSE_KNOWN_GAPS: no heading {heading:?}\n"));
        }
    }
    // A known gap must still differ for some type (a fixed one is to be taken off the list).
    let mut gap_differs = vec![false; PARSE_KNOWN_GAPS.len()];
    for c in CONFIGS.map(config) {
        let name = c.name;
        let options = ParseOptions {
            auto_id_type: c.ty,
            typographer: c.typographer.as_ref(),
            heading_attributes: c.attributes,
            ..Default::default()
        };
        let doc = syntax::parse(&page, &options);
        let got: Vec<Option<String>> = doc
            .headings
            .iter()
            .filter(|h| h.fragment.is_none())
            .map(|h| h.id.clone())
            .collect();
        let mut expected = golden(name);
        let mut got_cmp = got.clone();
        // Known gaps are left out of the comparison.
        for (i, text) in texts.iter().enumerate() {
            let Some(g) = PARSE_KNOWN_GAPS.iter().position(|(h, _)| h == text) else {
                continue;
            };
            if expected.get(i) != got.get(i) {
                gap_differs[g] = true;
            }
            if i < expected.len() && i < got_cmp.len() {
                expected[i] = None;
                got_cmp[i] = None;
            }
        }
        if let Some(d) = diff(name, &texts, &expected, &got_cmp) {
            failures.push_str(&d);
        }
    }
    for (&(heading, why), differs) in PARSE_KNOWN_GAPS.iter().zip(gap_differs) {
        if !differs {
            failures.push_str(&format!(
                "{heading:?} ({why}) now matches Hugo: take it off PARSE_KNOWN_GAPS\n"
            ));
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

/// Every code point through the sanitisers, against `anchorize` (the same sanitiser in Hugo).
#[test]
fn sanitize_matches_hugo_for_every_code_point() {
    if char::UNICODE_VERSION < (17, 0, 0) {
        eprintln!(
            "skipped: this Rust's Unicode {:?} is older than Go 1.27's 17.0",
            char::UNICODE_VERSION
        );
        return;
    }
    for (ty, name) in TYPES {
        let mut expected = vec![None; 0x11_0000];
        for line in read(&format!("goldens/unicode-{name}.txt")).lines() {
            let f: Vec<&str> = line.split(' ').collect();
            let first = u32::from_str_radix(f[0], 16).expect("hex");
            let last = u32::from_str_radix(f[1], 16).expect("hex");
            let delta: i64 = f[2].parse().expect("delta");
            for cp in first..=last {
                expected[cp as usize] = char::from_u32((cp as i64 + delta) as u32);
            }
        }
        let mut bad = Vec::new();
        for cp in 0..0x11_0000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let got = anchors::sanitize(c.encode_utf8(&mut [0; 4]), ty);
            let want = expected[cp as usize].map(String::from).unwrap_or_default();
            if got != want {
                bad.push(format!("U+{cp:04X} {c:?}: expected {want:?}, got {got:?}"));
            }
        }
        assert!(
            bad.is_empty(),
            "{name}: {} code points differ:\n{}",
            bad.len(),
            bad.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
        );
    }
}
