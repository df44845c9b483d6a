//! Scaling: each input dimension of issue 17 doubled (and the page's size), the time of a whole `hugolint` run (the
//! release binary, one process per size) at each size and the ratio to the size before. Linear
//! work doubles (ratio ~2); quadratic work quadruples. The goal is ≤ 2.2 per doubling. The ratio
//! is of CPU time (user + system, all threads), which a busy machine disturbs less than wall time;
//! both are printed.
//!
//! `cargo bench --bench scaling` runs every dimension from its base size, three doublings, the
//! median of three runs per size; `cargo bench --bench scaling -- NAME... [--base-scale F]
//! [--doublings N] [--runs N]` runs some (`--base-scale 0.5` halves every base size). A summary
//! table ends the output: each dimension's growth over the whole range, its geometric mean per
//! doubling and its worst doubling. `HUGOLINT_BIN` names another binary (a baseline
//! build). Results and the figures before the fixes are in benches/README.md.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A dimension: its name, base size, and what to write for size `n` into a folder.
struct Dimension {
    name: &'static str,
    what: &'static str,
    base: usize,
    /// Writes the input for `n` into the folder; returns the arguments to lint it with.
    make: fn(&Path, usize) -> Vec<String>,
}

fn page(dir: &Path, text: &str) -> Vec<String> {
    std::fs::write(dir.join("page.md"), text).unwrap();
    args(&["page.md"])
}

fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

/// A Hugo site of `pages` pages, each with a broken link and an image without alt text.
fn site(dir: &Path, config: &str, pages: usize) {
    std::fs::create_dir_all(dir.join("content/docs")).unwrap();
    std::fs::write(dir.join("hugo.yaml"), config).unwrap();
    for i in 0..pages {
        std::fs::write(
            dir.join(format!("content/docs/p{i}.md")),
            format!("---\ntitle: P{i}\n---\n# P{i}\n\n[next](/docs/p{}/) [gone](/nowhere/{i}/)\n\n![](x.png)\n", i + 1),
        )
        .unwrap();
    }
}

const DIMENSIONS: &[Dimension] = &[
    Dimension {
        name: "nesting",
        what: "shortcodes nested n deep",
        base: 10_000,
        make: |dir, n| {
            page(
                dir,
                &format!(
                    "# Nested\n\n{}x\n{}",
                    "{{< a >}}".repeat(n),
                    "{{< /a >}}".repeat(n)
                ),
            )
        },
    },
    Dimension {
        name: "disable-pairs",
        what: "n hugolint-disable/enable pairs, a finding in each",
        base: 10_000,
        make: |dir, n| {
            page(
                dir,
                &"<!-- hugolint-disable missing-alt -->\n![](a.png)\n<!-- hugolint-enable missing-alt -->\n\n"
                    .repeat(n),
            )
        },
    },
    Dimension {
        name: "next-line",
        what: "n disable-next-line comments, each above a finding",
        base: 25_000,
        make: |dir, n| {
            page(
                dir,
                &"<!-- hugolint-disable-next-line missing-alt -->\n![](a.png)\n\n".repeat(n),
            )
        },
    },
    Dimension {
        name: "references",
        what: "n reference-style links and their definitions",
        base: 20_000,
        make: |dir, n| {
            let mut t = String::new();
            for i in 0..n {
                t += &format!("[link {i}][r{i}]\n");
            }
            t.push('\n');
            for i in 0..n {
                t += &format!("[r{i}]: /target/{i}/\n");
            }
            page(dir, &t)
        },
    },
    Dimension {
        name: "fragments",
        what: "n headings and a link to each (same page)",
        base: 20_000,
        make: |dir, n| {
            let mut t = String::new();
            for i in 0..n {
                t += &format!("## H{i}\n\n[to](#h{})\n\n", n - 1 - i);
            }
            page(dir, &t)
        },
    },
    Dimension {
        name: "one-line",
        what: "n findings on one line (concise)",
        base: 25_000,
        make: |dir, n| {
            let mut a = page(dir, &format!("{}\n", "![](a.png) ".repeat(n)));
            a.extend(args(&["--select", "missing-alt"]));
            a
        },
    },
    Dimension {
        name: "one-line-json",
        what: "n findings on one line (json: each finding's end too)",
        base: 25_000,
        make: |dir, n| {
            let mut a = page(dir, &format!("{}\n", "![](a.png) ".repeat(n)));
            a.extend(args(&["--format", "json"]));
            a
        },
    },
    Dimension {
        name: "page-size",
        what: "a page of n KB of everyday Markdown (headings, links, lists, code, shortcodes)",
        base: 1_024,
        make: |dir, n| {
            let mut t = String::from("---\ntitle: Big\n---\n");
            let mut i = 0;
            while t.len() < n * 1024 {
                t += &format!(
                    "## Section {i}\n\nSome *text* with [a link](#section-{}) and [another](/docs/p{i}/), \
                     `code`, and {{{{< ver >}}}}.\n\n- item one\n- item [two](../x{i}.md)\n\n\
                     ```go\nfunc f{i}() {{}}\n```\n\n{{{{< note >}}}}A note with ![alt {i}](img{i}.png).{{{{< /note >}}}}\n\n",
                    i / 2
                );
                i += 1;
            }
            page(dir, &t)
        },
    },
    Dimension {
        name: "overrides",
        what: "n overrides entries on a 1,000-page site",
        base: 1_000,
        make: |dir, n| {
            site(dir, "title: x\n", 1_000);
            let mut s = String::from("overrides:\n");
            for i in 0..n {
                s += &format!(
                    "  - paths: [\"content/docs/p{i}x*.md\"]\n    rules: {{ missing-alt: warning }}\n"
                );
            }
            std::fs::write(dir.join(".hugolint.yaml"), s).unwrap();
            args(&["."])
        },
    },
    Dimension {
        name: "languages",
        what: "n languages sharing one contentDir (10 pages)",
        base: 2_500,
        make: |dir, n| {
            let mut c = String::from("title: x\ndefaultContentLanguage: l0\nlanguages:\n");
            for i in 0..n {
                c += &format!("  l{i}:\n    weight: {i}\n    contentDir: content\n");
            }
            site(dir, &c, 10);
            args(&["."])
        },
    },
    Dimension {
        name: "link-ignores",
        what: "n links.ignore regexes (100 pages)",
        base: 10_000,
        make: |dir, n| {
            site(dir, "title: x\n", 100);
            let mut s = String::from("links:\n  ignore:\n");
            for i in 0..n {
                s += &format!("    - \"^/ignored/{i}/[a-z]+$\"\n");
            }
            std::fs::write(dir.join(".hugolint.yaml"), s).unwrap();
            args(&["."])
        },
    },
];

/// What one run cost.
struct Cost {
    wall: Duration,
    /// User and system time of every thread (Unix; else the wall time).
    cpu: Duration,
    peak: Option<u64>,
}

/// One run: wall time, CPU time and the child's peak memory (Unix).
fn run(bin: &Path, dir: &Path, args: &[String]) -> Cost {
    use std::process::Stdio;
    let start = Instant::now();
    let mut child = Command::new(bin)
        .args(args)
        .args(if args.iter().any(|a| a == "--format") {
            &[][..]
        } else {
            &["--format", "concise"][..]
        })
        .args(["--quiet", "--no-cache"])
        .current_dir(dir)
        .env_remove("HUGOLINT_FORMAT")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("hugolint runs");
    let (code, usage) = wait(&mut child);
    let wall = start.elapsed();
    assert!(matches!(code, Some(0 | 1)), "exit {code:?}");
    Cost {
        wall,
        cpu: usage.map_or(wall, |u| u.0),
        peak: usage.map(|u| u.1),
    }
}

#[cfg(unix)]
fn wait(child: &mut std::process::Child) -> (Option<i32>, Option<(Duration, u64)>) {
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: the child is ours and not yet waited for; wait4 fills status and usage.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, usage.as_mut_ptr()) };
    if pid <= 0 {
        return (child.wait().ok().and_then(|s| s.code()), None);
    }
    // SAFETY: zeroed, then filled by a successful wait4.
    let usage = unsafe { usage.assume_init() };
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let cpu = time(usage.ru_utime) + time(usage.ru_stime);
    (code, Some((cpu, usage.ru_maxrss as u64 * 1024)))
}

#[cfg(not(unix))]
fn wait(child: &mut std::process::Child) -> (Option<i32>, Option<(Duration, u64)>) {
    (child.wait().ok().and_then(|s| s.code()), None)
}

fn main() {
    let mut names = Vec::new();
    let mut scale = 1.0f64;
    let mut doublings = 3u32;
    let mut runs = 3usize;
    let mut argv = std::env::args().skip(1);
    while let Some(a) = argv.next() {
        match a.as_str() {
            "--base-scale" => scale = argv.next().and_then(|s| s.parse().ok()).unwrap_or(1.0),
            "--doublings" => doublings = argv.next().and_then(|s| s.parse().ok()).unwrap_or(3),
            "--runs" => runs = argv.next().and_then(|s| s.parse().ok()).unwrap_or(3).max(1),
            "--bench" => {}
            other if !other.starts_with('-') => names.push(other.to_string()),
            _ => {}
        }
    }
    let bin = std::env::var_os("HUGOLINT_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_hugolint").into());
    println!("binary: {}, median of {runs} runs per size", bin.display());
    println!("| dimension | n | wall | CPU | CPU ratio | peak memory |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let mut summary = Vec::new();
    for d in DIMENSIONS
        .iter()
        .filter(|d| names.is_empty() || names.iter().any(|n| n == d.name))
    {
        let mut last: Option<Duration> = None;
        let mut ratios = Vec::new();
        let mut first: Option<Duration> = None;
        for k in 0..=doublings {
            let n = ((d.base as f64 * scale) as usize).max(1) << k;
            let dir = tempfile::tempdir().unwrap();
            let a = (d.make)(dir.path(), n);
            // The median run by CPU time: a busy machine slows single runs by half or more.
            let mut costs: Vec<Cost> = (0..runs).map(|_| run(&bin, dir.path(), &a)).collect();
            costs.sort_by_key(|c| c.cpu);
            let cost = costs.swap_remove(runs / 2);
            if let Some(l) = last {
                ratios.push(cost.cpu.as_secs_f64() / l.as_secs_f64());
            }
            first.get_or_insert(cost.cpu);
            let ratio = last.map_or("".to_string(), |l| {
                format!("{:.2}", cost.cpu.as_secs_f64() / l.as_secs_f64())
            });
            let mem = cost.peak.map_or("".into(), |b| format!("{} MB", b >> 20));
            println!(
                "| {} ({}) | {n} | {:.3} s | {:.3} s | {ratio} | {mem} |",
                d.name,
                d.what,
                cost.wall.as_secs_f64(),
                cost.cpu.as_secs_f64()
            );
            last = Some(cost.cpu);
        }
        if let (Some(f), Some(l)) = (first, last)
            && doublings > 0
        {
            let growth = l.as_secs_f64() / f.as_secs_f64();
            let worst = ratios.iter().copied().fold(0.0, f64::max);
            summary.push((d.name, growth, growth.powf(1.0 / doublings as f64), worst));
        }
    }
    println!();
    println!(
        "| dimension | growth over {}x the input | per doubling (geometric mean) | worst doubling |",
        1u64 << doublings
    );
    println!("| --- | ---: | ---: | ---: |");
    for (name, growth, mean, worst) in summary {
        println!("| {name} | {growth:.1}x | {mean:.2} | {worst:.2} |");
    }
}
