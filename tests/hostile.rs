//! Hostile input: every case gets at most one clear diagnostic of its own, the other files are
//! still checked, and no file is written.
//!
//! No test here reads a clock. Time is bounded by size: each case is large enough that quadratic
//! work (or a hang) on it would run for minutes and trip CI's job timeout, while linear work takes
//! well under a second. Speed itself is measured in `benches/`, not asserted.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hugolint"))
        .env(
            "HUGOLINT_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/hugolint-cache"),
        )
        .args(args)
        .current_dir(cwd)
        .env_remove("HUGOLINT_FORMAT")
        .output()
        .expect("runs")
}

fn checksum(path: &Path) -> u64 {
    // FNV-1a: enough to see that a file changed.
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes.iter().fold(0xcbf29ce484222325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}

/// (file name, contents): each must be linted without crashing or hanging.
fn cases() -> Vec<(&'static str, Vec<u8>)> {
    let mut v: Vec<(&'static str, Vec<u8>)> = vec![
        ("empty.md", b"".to_vec()),
        ("bom.md", "\u{feff}---\ntitle: BOM\n---\n# Title\n".into()),
        (
            "only-front-matter.md",
            b"---\ntitle: nothing else\n---\n".to_vec(),
        ),
        (
            "crlf.md",
            b"---\r\ntitle: CRLF\r\n---\r\n## A\r\n\r\n## A\r\n\r\n![](x.png)\r\n".to_vec(),
        ),
        ("lone-cr.md", b"# A\r## A\r![](x.png)\r{{< a >}}\r".to_vec()),
        ("invalid-utf8.md", b"# Caf\xc3\n\xff\xfe".to_vec()),
        (
            "binary.md",
            b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec(),
        ),
        (
            "nul-late.md",
            [b"# Title\n".repeat(2000), b"\0tail".to_vec()].concat(),
        ),
        (
            "unclosed-front-matter.md",
            b"---\ntitle: never closed\n# Heading\n".to_vec(),
        ),
        ("unclosed-toml.md", b"+++\ntitle = 'x'\n".to_vec()),
        ("unclosed-json.md", b"{ \"title\": \"x\"\n".to_vec()),
        (
            "unclosed-shortcode-tag.md",
            b"Text {{< figure src=\"a.png\"".to_vec(),
        ),
        (
            "unclosed-quote.md",
            b"{{< figure src=\"a.png >}}\n".to_vec(),
        ),
        ("unclosed-raw.md", b"{{< x `raw\nstring >}}\n".to_vec()),
        ("unclosed-comment.md", b"{{</* never closed\n".to_vec()),
        (
            "unclosed-pair.md",
            b"{{< highlight go >}}\nfunc main() {}\n".to_vec(),
        ),
        ("unclosed-fence.md", b"```go\n{{< x >}}\n".to_vec()),
        ("unclosed-link.md", b"[text](http://example.org\n".to_vec()),
        (
            "unclosed-html.md",
            b"<img src=\"a.png\n<!-- never closed\n".to_vec(),
        ),
        ("unclosed-heading-attr.md", b"## Title {#id\n".to_vec()),
        (
            "delimiters-only.md",
            b"{{<\n{{%\n>}}\n%}}\n{{</*\n*/>}}\n{{< / >}}\n{{< . >}}\n".to_vec(),
        ),
        ("yaml-alias-bomb.md", yaml_bomb().into_bytes()),
    ];
    // A 1 MB single line, with shortcodes, links and emphasis in it.
    let line = "word *em* [link](a.md#x) {{< ver >}} `code` ".repeat(1024 * 1024 / 44);
    v.push(("one-line.md", line.into_bytes()));
    // 10,000 nested shortcodes, and 10,000 nested blockquotes.
    let nested = format!(
        "{}x\n{}",
        "{{< a >}}".repeat(10_000),
        "{{< /a >}}".repeat(10_000)
    );
    v.push(("nested-shortcodes.md", nested.into_bytes()));
    v.push((
        "nested-quotes.md",
        format!("{} deep\n", ">".repeat(10_000)).into_bytes(),
    ));
    v.push((
        "nested-lists.md",
        (0..5_000)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect::<String>()
            .into_bytes(),
    ));
    v.push(("many-brackets.md", "[".repeat(100_000).into_bytes()));
    v.push(("many-stars.md", "*a ".repeat(100_000).into_bytes()));
    v.push(("many-openers.md", "{{< ".repeat(100_000).into_bytes()));
    v
}

fn yaml_bomb() -> String {
    let mut s = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, c) in "bcdefghi".chars().enumerate() {
        let prev = (b'a' + i as u8) as char;
        s += &format!(
            "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        );
    }
    s + "---\n# After the bomb\n"
}

fn write_all(dir: &Path) -> Vec<PathBuf> {
    cases()
        .into_iter()
        .map(|(name, bytes)| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect()
}

#[test]
fn each_hostile_file_alone_gets_at_most_one_crash_free_report() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_all(dir.path());
    for f in &files {
        let name = f.file_name().unwrap().to_str().unwrap();
        let out = run(&["--format", "concise", name], dir.path());
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{name}: exit {:?}\n{stderr}",
            out.status.code()
        );
        assert!(!stderr.contains("panicked"), "{name}: panicked\n{stderr}");
        assert!(
            !stdout.contains("[internal]"),
            "{name}: internal error\n{stdout}"
        );
        for rule in ["[encoding]", "[front-matter]"] {
            assert!(
                stdout.matches(rule).count() <= 1,
                "{name}: more than one {rule} diagnostic\n{stdout}"
            );
        }
    }
}

#[test]
fn all_hostile_files_together_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_all(dir.path());
    std::fs::write(dir.path().join("good.md"), "![](y.png)\n").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("loop-b.md", dir.path().join("loop-a.md")).unwrap();
        std::os::unix::fs::symlink("loop-a.md", dir.path().join("loop-b.md")).unwrap();
        std::os::unix::fs::symlink(".", dir.path().join("self")).unwrap();
    }
    let before: Vec<u64> = files.iter().map(|f| checksum(f)).collect();
    let out = run(&["--format", "concise", "."], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("good.md:1:1: error[missing-alt]"),
        "the good file is still checked:\n{stdout}"
    );
    assert!(stdout.contains("binary.md:1:1: error[encoding]"));
    assert!(stdout.contains("invalid-utf8.md"));
    let after: Vec<u64> = files.iter().map(|f| checksum(f)).collect();
    assert_eq!(before, after, "hugolint never writes to what it checks");
    let listing: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        listing.len(),
        files.len() + 1 + if cfg!(unix) { 3 } else { 0 },
        "no file was created"
    );
}

#[test]
fn a_50_mb_file_is_linted_whole() {
    let dir = tempfile::tempdir().unwrap();
    let section = "## Section\n\nSome *text* with a [link](other.md#part) and ![A chart](c.png).\n\n{{< tip >}}\nInner **Markdown** here.\n{{< /tip >}}\n\n```go\nfunc main() {}\n```\n\n";
    let text = section.repeat(50 * 1024 * 1024 / section.len());
    std::fs::write(dir.path().join("big.md"), &text).unwrap();
    let out = run(&["--format", "concise", "--quiet", "big.md"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Every repeated `## Section` after the first is a suffixed heading: a warning each.
    let warnings = String::from_utf8_lossy(&out.stdout)
        .matches("warning[duplicate-anchor]")
        .count();
    assert_eq!(warnings, text.matches("## Section").count() - 1);
}

/// A page whose name and link targets carry a newline, a workflow command, ESC, BEL and a
/// direction override: every format prints one record per finding and no raw control character.
#[cfg(unix)]
#[test]
fn hostile_names_and_targets_are_escaped_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let name = "ev\nil\u{1b}[1m.md";
    let page = "# T\n\n[a](/x%0A::warning%20file=README.md::INJECTED%0A) \
                [b](x%0A::warning%20file=README.md::INJECTED%0A.md) \
                [c](y%1B[2J%07.md) raw \u{1b}[31mred\u{7} \u{202e} ![](a.png)\r\n";
    std::fs::write(dir.path().join(name), page).unwrap();
    let json = run(&["--format", "json", "."], dir.path());
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let findings = parsed["diagnostics"].as_array().unwrap();
    // Two relative links that lead nowhere, the image's missing alt text and missing file.
    assert!(findings.len() >= 4, "{parsed:#}");
    assert!(findings.iter().all(|d| d["path"] == name), "{parsed:#}");
    let targets = findings.iter().filter(|d| {
        d["message"]
            .as_str()
            .is_some_and(|m| m.contains("x\n::warning file=README.md::INJECTED\n.md"))
    });
    assert_eq!(
        targets.count(),
        1,
        "JSON keeps the decoded target: {parsed:#}"
    );

    for format in ["concise", "pretty", "github", "sarif", "json"] {
        let out = run(&["--format", format, "--color", "never", "."], dir.path());
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        for c in stdout.chars().chain(stderr.chars()) {
            assert!(
                !c.is_control() || c == '\n',
                "{format}: {c:?} printed raw\n{stdout}"
            );
            assert_ne!(c, '\u{202e}', "{format}: direction override printed raw");
        }
        // No line is a workflow command but the github format's own.
        for line in stdout.lines() {
            let command = line.trim_start().starts_with("::");
            assert_eq!(command, format == "github", "{format}: {line:?}");
        }
        match format {
            "concise" => {
                assert_eq!(stdout.lines().count(), findings.len(), "{stdout}");
                for line in stdout.lines() {
                    assert!(line.starts_with("ev\\nil\\u{1b}[1m.md:3:"), "{line}");
                }
                assert!(stdout.contains("`x\\n::warning file=README.md::INJECTED\\n.md`"));
                assert!(stdout.contains("`y\\u{1b}[2J\\u{7}.md`"));
            }
            "pretty" => {
                assert!(stdout.contains("[ev\\nil\\u{1b}[1m.md:3:"), "{stdout}");
                // The snippet: the page's line with its controls escaped.
                assert!(stdout.contains("raw \\u{1b}[31mred\\u{7} \\u{202e} ![](a.png)"));
            }
            "github" => {
                assert_eq!(stdout.lines().count(), findings.len(), "{stdout}");
                for line in stdout.lines() {
                    assert!(line.starts_with("::error file=ev%0Ail\\u{1b}[1m.md,line=3,"));
                }
                assert!(stdout.contains("`x%0A::warning file=README.md::INJECTED%0A.md`"));
                assert!(stdout.contains("`y\\u{1b}[2J\\u{7}.md`"));
            }
            _ => {
                serde_json::from_str::<serde_json::Value>(&stdout).expect("valid JSON");
            }
        }
    }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// A small Hugo site: a config folder, one page with a broken link.
#[cfg(unix)]
fn small_site(dir: &Path) {
    std::fs::create_dir_all(dir.join("config/_default")).unwrap();
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(dir.join("config/_default/hugo.yaml"), "title: x\n").unwrap();
    std::fs::write(dir.join("content/a.md"), "# A\n\n[x](/nowhere/)\n").unwrap();
}

fn run_in(cwd: &Path, cache: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hugolint"))
        .env("HUGOLINT_CACHE_DIR", cache)
        .env_remove("HUGOLINT_FORMAT")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// FIFOs and devices are refused by name wherever they are: named on the command line (exit 2),
/// as a page in a walked folder, as `.hugolint.yaml`, as a Hugo config file. None is opened for a
/// blocking read: with no writer on the FIFOs, a read would wait forever (CI's timeout bounds it).
#[cfg(unix)]
#[test]
fn special_files_are_refused_by_name_and_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let plain = dir.path().join("plain");
    std::fs::create_dir_all(&plain).unwrap();
    std::fs::write(plain.join("good.md"), "![](y.png)\n").unwrap();
    mkfifo(&plain.join("pipe.md"));

    for named in ["pipe.md", "/dev/zero", "/dev/null"] {
        let (code, _, stderr) = run_in(&plain, &cache, &["--format", "concise", named]);
        assert_eq!(code, Some(2), "{named}: {stderr}");
        assert!(stderr.contains("not a regular file"), "{named}: {stderr}");
    }
    // Walked: the FIFO gets one diagnostic of its own; the other page is checked.
    let (code, stdout, stderr) = run_in(&plain, &cache, &["--format", "concise", "."]);
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(
        stdout.contains(
            "pipe.md:1:1: error[io] cannot read this file: not a regular file but a FIFO"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("good.md:1:1: error[missing-alt]"),
        "{stdout}"
    );

    let site = dir.path().join("site");
    small_site(&site);
    let settings = site.join(".hugolint.yaml");
    let params = site.join("config/_default/params.yaml");
    let root_file = site.join("hugo.toml");
    for (special, what) in [
        (&settings, "fifo"),
        (&settings, "/dev/zero"),
        (&params, "fifo"),
        (&params, "/dev/zero"),
        (&root_file, "fifo"),
    ] {
        if what == "fifo" {
            mkfifo(special);
        } else {
            std::os::unix::fs::symlink(what, special).unwrap();
        }
        let (code, stdout, stderr) = run_in(&site, &cache, &["--format", "concise", "."]);
        let name = special.file_name().unwrap().to_str().unwrap();
        assert_eq!(code, Some(2), "{name} as {what}: {stdout}{stderr}");
        let said = format!("{stdout}{stderr}");
        assert!(
            said.contains(name) && said.contains("not a regular file"),
            "{name} as {what}: {said}"
        );
        std::fs::remove_file(special).unwrap();
    }
}

/// The cache: a FIFO in place of a cache file, or a cache folder inside the site, is one warning
/// and a run without the cache; nothing is written into the site.
#[cfg(unix)]
#[test]
fn a_special_cache_file_or_a_cache_inside_the_site_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    small_site(&site);
    std::fs::write(site.join("content/b.md"), "---\ntitle: B\n---\n").unwrap();
    let cache = dir.path().join("cache");
    // One page named: the other's front matter comes from the cache.
    let args = ["--format", "concise", "content/a.md"];
    let (code, stdout, _) = run_in(&site, &cache, &args);
    assert_eq!(code, Some(1), "{stdout}");
    let files: Vec<PathBuf> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!files.is_empty(), "the first run writes the cache");
    for f in &files {
        std::fs::remove_file(f).unwrap();
        mkfifo(f);
    }
    let (code, again, stderr) = run_in(&site, &cache, &args);
    assert_eq!(
        (code, &again),
        (Some(1), &stdout),
        "the same findings: {stderr}"
    );
    assert!(
        stderr.contains("warning: the cache file") && stderr.contains("a FIFO"),
        "{stderr}"
    );

    let inside = site.join("cache");
    let (code, again, stderr) = run_in(&site, &inside, &args);
    assert_eq!((code, &again), (Some(1), &stdout), "{stderr}");
    assert!(stderr.contains("is inside the site"), "{stderr}");
    assert!(!inside.exists(), "nothing is written into the site");
}

/// A file named several ways, or named and found by a walk, is linted once.
#[test]
fn each_file_is_linted_once_however_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("x.md"), "![](a.png)\n").unwrap();
    std::fs::write(dir.path().join("content/a.md"), "![](a.png)\n").unwrap();
    let absolute = dir.path().join("x.md");
    let out = run(
        &[
            "--format",
            "concise",
            ".",
            "content/a.md",
            "./x.md",
            "x.md",
            absolute.to_str().unwrap(),
            "content",
            "./content/",
        ],
        dir.path(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Checked 2 files"), "{stderr}");
    for page in ["content/a.md", "x.md"] {
        let missing_alt = stdout
            .lines()
            .filter(|l| {
                l.ends_with(&format!(
                    "{page}:1:1: error[missing-alt] image has empty alt text"
                ))
            })
            .count();
        assert_eq!(missing_alt, 1, "{page}:\n{stdout}");
    }
}

/// Runs `hugolint --format concise` on one page in a fresh folder; stdout and exit code.
fn lint_page(text: &str, extra: &[&str]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("page.md"), text).unwrap();
    let mut args = vec!["--format", "concise", "--no-cache", "page.md"];
    args.extend(extra);
    let out = run(&args, dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

// One test per dimension that was quadratic (issue 17), at a size where quadratic work would
// run for many minutes (its figures: 100k nested shortcodes 120 s, 100k disable/enable pairs
// killed at 120 s, 100k disable-next-line 52 s, 160k reference links 81 s, all in a release
// build) while linear work takes about a second even in a debug build. No clock is read: CI's
// job timeout is the bound. Each asserts what the run found.

#[test]
fn shortcodes_nested_100k_deep() {
    let n = 100_000;
    let page = format!(
        "# Deep\n\n{}![](a.png)\n{}",
        "{{< a >}}".repeat(n),
        "{{< /a >}}".repeat(n)
    );
    let (_, stdout) = lint_page(&page, &[]);
    // The page budget stops the nested reading with one warning on the first unread shortcode.
    let budget = stdout
        .lines()
        .filter(|l| l.contains("shortcodes nested too deep to check"))
        .count();
    assert_eq!(budget, 1, "{}", &stdout[..stdout.len().min(2000)]);
}

#[test]
fn disable_enable_pairs_100k() {
    let n = 100_000;
    let page = "<!-- hugolint-disable missing-alt -->\n![](a.png)\n<!-- hugolint-enable missing-alt -->\n\n"
        .repeat(n)
        + "![](b.png)\n";
    let (code, stdout) = lint_page(&page, &["--select", "missing-alt"]);
    // Every image but the last is inside a pair.
    assert_eq!(code, Some(1), "{stdout}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains(&format!("page.md:{}:1: error[missing-alt]", 4 * n + 1)));
}

#[test]
fn disable_next_line_100k() {
    let n = 100_000;
    let page = "<!-- hugolint-disable-next-line missing-alt -->\n![](a.png)\n\n".repeat(n)
        + "![](b.png)\n";
    let (code, stdout) = lint_page(&page, &["--select", "missing-alt"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
}

#[test]
fn reference_links_160k() {
    let n = 160_000;
    let mut page = String::with_capacity(n * 40);
    for i in 0..n {
        page += &format!("[link {i}][r{i}]\n");
    }
    page += "[missing][nowhere]\n\n";
    for i in 0..n {
        page += &format!("[R{i}]: #t{i}\n");
    }
    // Each reference resolves to its definition (case folded) and so to a fragment of this
    // page, which it lacks: one broken-fragment each; `[missing][nowhere]` is plain text.
    let (code, stdout) = lint_page(&page, &["--select", "broken-fragment"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stdout.lines().count(),
        n,
        "{}",
        &stdout[..stdout.len().min(2000)]
    );
}

#[test]
fn findings_200k_on_one_line() {
    let n = 200_000;
    let page = format!("{}\n", "![](a.png) ".repeat(n));
    let (code, stdout) = lint_page(&page, &["--select", "missing-alt"]);
    assert_eq!(code, Some(1));
    assert_eq!(stdout.lines().count(), n);
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with(&format!("page.md:1:{}:", 11 * (n - 1) + 1)),
        "{last}"
    );
}

#[test]
fn fragment_links_to_40k_headings() {
    let n = 40_000;
    let mut page = String::with_capacity(n * 40);
    for i in 0..n {
        page += &format!("## H{i}\n\n[to](#h{})\n\n", n - 1 - i);
        if i % 1000 == 0 {
            page += &format!("[gone](#x{i})\n\n");
        }
    }
    // Each link to a heading finds it (a lookup, not a scan of 40k IDs per link); each link to
    // `#x…` is broken, once (its did-you-mean scores the 40k IDs: the page budget counts that).
    let (code, stdout) = lint_page(&page, &["--select", "broken-fragment"]);
    assert_eq!(code, Some(1));
    assert_eq!(stdout.lines().count(), n / 1000, "{stdout}");
    assert!(
        stdout.lines().all(|l| l.contains("no anchor `#x")),
        "{stdout}"
    );
}

/// A site of `pages` pages whose config and settings are given.
#[cfg(unix)]
fn site_with(dir: &Path, config: &str, settings: &str, pages: usize) {
    std::fs::create_dir_all(dir.join("content/docs")).unwrap();
    std::fs::write(dir.join("hugo.yaml"), config).unwrap();
    std::fs::write(dir.join(".hugolint.yaml"), settings).unwrap();
    for i in 0..pages {
        std::fs::write(
            dir.join(format!("content/docs/p{i}.md")),
            format!("---\ntitle: P{i}\n---\n# P{i}\n\n[gone](/ignored/{i}/x)\n\n![](x.png)\n"),
        )
        .unwrap();
    }
}

#[cfg(unix)]
#[test]
fn overrides_2k_and_link_ignores_10k() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = String::from("overrides:\n");
    for i in 0..2_000 {
        settings += &format!(
            "  - paths: [\"content/docs/p{i}x*.md\"]\n    rules: {{ missing-alt: off }}\n"
        );
    }
    settings += "  - paths: [\"content/docs/p1.md\"]\n    rules: { missing-alt: warning }\nlinks:\n  ignore:\n";
    for i in 0..10_000 {
        settings += &format!("    - \"^/ignored/{i}/[a-z]+$\"\n");
    }
    site_with(dir.path(), "title: x\n", &settings, 100);
    let out = run(&["--format", "concise", "--no-cache", "."], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Every link is ignored; the last override makes one page's missing alt a warning.
    assert!(!stdout.contains("/ignored/"), "{stdout}");
    assert_eq!(stdout.matches("error[missing-alt]").count(), 99, "{stdout}");
    assert_eq!(
        stdout.matches("warning[missing-alt]").count(),
        1,
        "{stdout}"
    );
}

#[cfg(unix)]
#[test]
fn languages_10k_sharing_one_content_dir() {
    let dir = tempfile::tempdir().unwrap();
    let n = 10_000;
    let mut config = String::from("title: x\ndefaultContentLanguage: l0\nlanguages:\n");
    for i in 0..n {
        config += &format!("  l{i}:\n    weight: {i}\n    contentDir: content\n");
    }
    site_with(dir.path(), &config, "rules: { missing-alt: off }\n", 3);
    let out = run(&["--format", "concise", "--no-cache", "."], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Each page's link to /ignored/… and its image are broken, once (not once per language).
    assert_eq!(
        stdout.matches("error[broken-link]").count(),
        6,
        "{stdout}{stderr}"
    );
    assert_eq!(stdout.matches("/ignored/").count(), 3, "{stdout}{stderr}");
}

/// An oversized glob or regex in the settings is a config error at its line, not a silent no-op.
#[test]
fn oversized_patterns_are_config_errors_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let long = "a".repeat(200 * 1024);
    std::fs::write(
        dir.path().join(".hugolint.yaml"),
        format!("ignore:\n  - \"x/**\"\n  - \"{long}*\"\nlinks:\n  ignore:\n    - \"^/{long}\"\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("a.md"), "# A\n").unwrap();
    let out = run(
        &["--format", "concise", "--config", ".hugolint.yaml", "a.md"],
        dir.path(),
    );
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(".hugolint.yaml:3:5: error[config] this glob is 200 KB long"),
        "{said}"
    );
    assert!(
        said.contains(".hugolint.yaml:6:7: error[config] this regex is 200 KB long"),
        "{said}"
    );
}

/// Without a Hugo site, the folder given bounds where links are looked up: whether a path
/// outside it exists is never revealed (both links below get the same answer: none).
#[test]
fn links_out_of_a_plain_folder_are_not_looked_up() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("docs");
    std::fs::create_dir_all(&sub).unwrap();
    let up = "../".repeat(64);
    std::fs::write(
        sub.join("x.md"),
        format!(
            "[a]({up}etc/passwd) [b]({up}etc/no-such-file-here) [c](missing.md) [d](../docs/x.md)\n"
        ),
    )
    .unwrap();
    for (cwd, arg) in [
        (&sub, "x.md"),
        (&sub, "."),
        (&dir.path().to_path_buf(), "docs"),
    ] {
        let out = run(
            &["--format", "concise", "--select", "broken-link", arg],
            cwd,
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(stdout.lines().count(), 1, "{arg}: {stdout}");
        assert!(stdout.contains("`missing.md`"), "{arg}: {stdout}");
    }
}

/// A content folder that cannot be read: one warning naming it, and no link into the site is
/// reported broken as if its pages were absent. Two faults: a folder without permissions (root
/// reads it all the same: that half is skipped under root, as in CI's containers) and a folder
/// whose path is longer than the system takes (ENAMETOOLONG, which root hits too).
#[cfg(unix)]
#[test]
fn an_unreadable_content_folder_is_one_warning_not_broken_links() {
    use std::os::unix::fs::PermissionsExt;
    let check = |site: &Path, link: &str, folder: &str| {
        std::fs::write(
            site.join("content/docs/a.md"),
            format!("# A\n\n[s]({link})\n"),
        )
        .unwrap();
        let out = run(
            &["--format", "concise", "--no-cache", "content/docs/a.md"],
            site,
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stdout.contains("broken-link"), "{stdout}");
        assert_eq!(
            stderr
                .matches("warning: cannot read a folder of the site")
                .count(),
            1,
            "{stderr}"
        );
        assert!(stderr.contains(folder), "{stderr}");
    };
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    std::fs::create_dir_all(site.join("content/docs")).unwrap();
    std::fs::create_dir_all(site.join("content/secret")).unwrap();
    std::fs::write(site.join("hugo.yaml"), "title: x\n").unwrap();
    std::fs::write(site.join("content/secret/page.md"), "# S\n").unwrap();
    let secret = site.join("content/secret");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&secret).is_ok() {
        eprintln!("permissions: skipped, running as root (the folder stays readable)");
    } else {
        check(site, "/secret/page/", "content/secret");
    }
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o755)).unwrap();

    // A chain of folders whose path passes PATH_MAX (4,096 bytes): made one level at a time
    // from the folder above (mkdirat), listed by its parent, unreadable by its path for anyone.
    let deep = dir.path().join("deep");
    std::fs::create_dir_all(deep.join("content/docs")).unwrap();
    std::fs::write(deep.join("hugo.yaml"), "title: x\n").unwrap();
    let name = "d".repeat(250);
    let mut fd = std::fs::File::open(deep.join("content")).unwrap();
    for _ in 0..20 {
        use std::os::fd::{AsRawFd, FromRawFd};
        let c = std::ffi::CString::new(name.as_str()).unwrap();
        // SAFETY: a valid folder descriptor and a NUL-terminated name; the new descriptor is
        // owned by the File made from it.
        unsafe {
            assert_eq!(libc::mkdirat(fd.as_raw_fd(), c.as_ptr(), 0o755), 0);
            let next = libc::openat(
                fd.as_raw_fd(),
                c.as_ptr(),
                libc::O_RDONLY | libc::O_DIRECTORY,
            );
            assert!(next >= 0);
            fd = std::fs::File::from_raw_fd(next);
        }
    }
    let chain = vec![name.as_str(); 20].join("/");
    check(
        &deep,
        &format!("/{chain}/page/"),
        &format!("content/{name}/{name}"),
    );
}

/// The findings of a run as (path, rule, message) lines, from `--format json`.
fn json_findings(stdout: &str) -> Vec<(String, String, String)> {
    let v: serde_json::Value = serde_json::from_str(stdout).expect("a complete JSON document");
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (s("path"), s("rule"), s("message"))
        })
        .collect()
}

/// The per-page budget counts work, not time: a page past it gets one `budget` error at its
/// start (whether its parse or its checks ran out), its anchors are unknown to the pages linking
/// to it, the other pages are checked, and the output is the same on one thread and on several.
#[cfg(unix)]
#[test]
fn a_page_past_its_budget_is_one_diagnostic_and_the_others_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("hugo.yaml"), "title: x\n").unwrap();
    std::fs::write(site.join(".hugolint.yaml"), "page-budget: 500\n").unwrap();
    // About 800 Markdown events: past the budget while it is parsed.
    std::fs::write(
        site.join("content/events.md"),
        format!("# Events\n\n{}", "*a* _b_ `c` [d](#e)\n".repeat(60)),
    )
    .unwrap();
    // Parsed within it (about 100 events), but 30 findings of 20 units each are not.
    std::fs::write(
        site.join("content/findings.md"),
        format!("# Findings\n\n{}", "![](a.png)\n".repeat(30)),
    )
    .unwrap();
    std::fs::write(
        site.join("content/small.md"),
        "# Small\n\n![](a.png) [f](/findings/#nowhere) [s](#nowhere)\n",
    )
    .unwrap();
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let (code, stdout, stderr) = run_in(
            site,
            &site.join("../cache"),
            &[
                "--format",
                "concise",
                "--no-cache",
                "--threads",
                threads,
                ".",
            ],
        );
        assert_eq!(code, Some(2), "{stdout}{stderr}");
        for page in ["events", "findings"] {
            let lines: Vec<&str> = stdout
                .lines()
                .filter(|l| l.starts_with(&format!("content/{page}.md:")))
                .collect();
            assert_eq!(
                lines,
                [format!(
                    "content/{page}.md:1:1: error[budget] not checked: checking this page needs more than its budget of 500 work units (Markdown events, shortcodes, findings; `page-budget` in .hugolint.yaml raises it)"
                )],
                "{stdout}"
            );
        }
        // The small page is checked; its link into the page not read is not called broken.
        assert!(
            stdout.contains("content/small.md:3:1: error[missing-alt]"),
            "{stdout}"
        );
        assert!(stdout.contains("`#nowhere`"), "{stdout}");
        assert!(!stdout.contains("/findings/#nowhere"), "{stdout}");
        outputs.push(stdout);
    }
    assert_eq!(outputs[0], outputs[1]);
}

/// Every page of a run stopped early has its findings or one `budget` diagnostic, never part of
/// them; the report is a complete document; the exit code says so.
fn finished_or_not_checked(code: Option<i32>, stdout: &str, pages: &[String], why: &str) {
    let found = json_findings(stdout);
    let mut stopped = 0;
    for page in pages {
        let of: Vec<_> = found.iter().filter(|f| f.0 == *page).collect();
        match of.as_slice() {
            [(_, rule, message)] if rule == "budget" => {
                assert!(message.starts_with(why), "{page}: {message}");
                stopped += 1;
            }
            [(_, rule, _)] => assert_eq!(rule, "missing-alt", "{page}"),
            other => panic!("{page}: {other:?}"),
        }
    }
    assert_eq!(code, Some(if stopped > 0 { 2 } else { 1 }), "{stdout}");
}

/// `--timeout`: when the time is up, each page not checked gets one `budget` error and the
/// findings of the others are reported. Whichever pages the time allows, the report holds.
#[test]
fn a_timeout_reports_the_pages_checked_and_names_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    for i in 0..40 {
        let name = format!("p{i:02}.md");
        std::fs::write(dir.path().join(&name), "# P\n\n![](a.png)\n").unwrap();
        pages.push(name);
    }
    for timeout in ["0.000001", "600"] {
        let out = run(
            &[
                "--format",
                "json",
                "--no-cache",
                "--select",
                "missing-alt",
                "--timeout",
                timeout,
                ".",
            ],
            dir.path(),
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        finished_or_not_checked(
            out.status.code(),
            &stdout,
            &pages,
            "not checked: time budget exceeded",
        );
        if timeout == "600" {
            assert!(!stdout.contains("budget"), "{stdout}");
        }
    }
    let out = run(&["--timeout", "0", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

/// SIGTERM (a CI runner cancelling the job) stops the run, which still writes a complete report
/// of the pages it checked; the pages it had not are named.
#[cfg(target_os = "linux")]
#[test]
fn sigterm_writes_the_findings_so_far() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    for i in 0..20 {
        let name = format!("p{i:02}.md");
        // A few pages with much to read, so that the signal is likely to find work under way.
        let body = if i % 5 == 0 {
            "*a* _b_ `c` ".repeat(40_000)
        } else {
            String::new()
        };
        std::fs::write(
            dir.path().join(&name),
            format!("# P\n\n![](a.png)\n\n{body}\n"),
        )
        .unwrap();
        pages.push(name);
    }
    let child = Command::new(env!("CARGO_BIN_EXE_hugolint"))
        .args([
            "--format",
            "json",
            "--no-cache",
            "--select",
            "missing-alt",
            "--threads",
            "1",
            ".",
        ])
        .current_dir(dir.path())
        .env_remove("HUGOLINT_FORMAT")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id().to_string();
    // Once the process catches SIGTERM (its handler is installed: /proc says so), send it.
    let catches = || {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|s| {
                let mask = s
                    .lines()
                    .find_map(|l| l.strip_prefix("SigCgt:"))?
                    .trim()
                    .to_string();
                u64::from_str_radix(&mask, 16).ok()
            })
            .is_some_and(|mask| mask & (1 << (15 - 1)) != 0)
    };
    let mut tries = 0;
    while !catches() && tries < 10_000 {
        std::thread::sleep(std::time::Duration::from_millis(1));
        tries += 1;
    }
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !killed.success() {
        // It had finished already: the whole report.
        assert_eq!(out.status.code(), Some(1));
    }
    finished_or_not_checked(
        out.status.code(),
        &stdout,
        &pages,
        "not checked: hugolint was stopped (SIGTERM)",
    );
}

/// A mounted folder outside the site (`source: "/"` walks the machine) is walked like any other
/// but bounded: past `walk-limit` files and folders it is not walked, with one warning naming it,
/// its pages unknown (no link into the site is called broken) and no listing of it kept.
#[cfg(unix)]
#[test]
fn a_mount_too_large_to_walk_is_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let shared = dir.path().join("shared");
    std::fs::create_dir_all(site.join("content")).unwrap();
    for i in 0..60 {
        let sub = shared.join(format!("s{i}"));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join("index.md"), "# S\n").unwrap();
    }
    std::fs::write(
        site.join("hugo.yaml"),
        format!(
            "title: x\nmodule:\n  mounts:\n    - source: content\n      target: content\n    - source: {}\n      target: content/shared\n",
            shared.display()
        ),
    )
    .unwrap();
    std::fs::write(
        site.join("content/a.md"),
        "# A\n\n[in](/shared/s7/) [out](/nowhere/)\n",
    )
    .unwrap();
    let cache = dir.path().join("cache");
    let lint = || run_in(&site, &cache, &["--format", "concise", "content/a.md"]);
    let kept_s59 = || {
        std::fs::read_dir(&cache).into_iter().flatten().any(|f| {
            let kept = std::fs::read(f.unwrap().path()).unwrap();
            String::from_utf8_lossy(&kept).contains("s59")
        })
    };
    // Folders changed in the last two whole seconds are not kept (coarse timestamps): let them
    // settle, so that the cache would keep the folder's listing if it were walked.
    std::thread::sleep(std::time::Duration::from_millis(3100));
    // Within the limit (the default): the mount's pages are known.
    let (code, stdout, stderr) = lint();
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("`/nowhere/`"), "{stdout}");
    assert!(!stderr.contains("warning:"), "{stderr}");
    assert!(kept_s59());
    // 120 entries past a limit of 100.
    std::fs::write(site.join(".hugolint.yaml"), "walk-limit: 100\n").unwrap();
    std::fs::remove_dir_all(&cache).unwrap();
    for _ in 0..2 {
        let (code, stdout, stderr) = lint();
        assert_eq!(code, Some(0), "{stdout}{stderr}");
        assert_eq!(stdout, "", "{stderr}");
        let warning = format!(
            "warning: not walked: a folder mounted by the site holds more than 100 files and folders ({})",
            shared.display()
        );
        assert_eq!(stderr.matches(&warning).count(), 1, "{stderr}");
        assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
        // Nothing of the folder is kept for the next run.
        assert!(!kept_s59(), "a listing of the folder was kept");
    }
}

/// Netlify's rule files are read like any other: a FIFO as `static/_redirects` or `netlify.toml`
/// is never opened for a blocking read (it hung the run before), and since rules may be in it,
/// a link that no page serves is not called broken for want of them.
#[cfg(unix)]
#[test]
fn an_unreadable_redirects_file_neither_hangs_nor_breaks_links() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    for file in ["static/_redirects", "netlify.toml"] {
        let site = dir.path().join(file.replace(['/', '.'], "-"));
        small_site(&site);
        let (code, stdout, _) = run_in(&site, &cache, &["--format", "concise", "."]);
        assert_eq!(code, Some(1), "without {file}: {stdout}");
        assert!(stdout.contains("/nowhere/"), "{stdout}");
        let path = site.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        mkfifo(&path);
        let (code, stdout, stderr) = run_in(&site, &cache, &["--format", "concise", "."]);
        assert_eq!(code, Some(0), "{file} a FIFO: {stdout}{stderr}");
        assert!(!stdout.contains("/nowhere/"), "{stdout}");
    }
}
