//! Shared by the integration tests: reading inline expectations from fixtures and comparing
//! them with what hugolint reports.
//!
//! A fixture line carries the diagnostics it must produce as an HTML comment:
//! `<!-- expect: rule-a, rule-b -->` (on this line), `<!-- expect^: rule -->` (one line up; `^^`
//! two), `<!-- expect@12: rule -->` (line 12). Lines are 1-based lines of the original file.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::process::{Command, Output};

use hugolint::lint::FileReport;

/// Run the hugolint binary in `cwd`, with its cache kept under the test target folder and no
/// format from the environment.
pub fn hugolint(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hugolint"))
        .env(
            "HUGOLINT_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/hugolint-cache"),
        )
        .env_remove("HUGOLINT_FORMAT")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// (file, line, rule) → count.
pub type Expectations = BTreeMap<(PathBuf, usize, String), usize>;

/// The expectations written in `text`, or an error naming a misplaced marker.
pub fn expectations(path: &Path, text: &str) -> Result<Expectations, String> {
    let mut out = Expectations::new();
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(p) = rest.find("<!-- expect") {
            let after = &rest[p + "<!-- expect".len()..];
            let Some(end) = after.find("-->") else {
                return Err(format!(
                    "{}:{}: unterminated expect marker",
                    path.display(),
                    i + 1
                ));
            };
            let marker = &after[..end];
            rest = &after[end + 3..];
            let Some((position, rules)) = marker.split_once(':') else {
                return Err(format!("{}:{}: marker without `:`", path.display(), i + 1));
            };
            let position = position.trim();
            let target = if let Some(n) = position.strip_prefix('@') {
                n.parse::<usize>()
                    .map_err(|_| format!("{}:{}: bad @line", path.display(), i + 1))?
            } else if position.chars().all(|c| c == '^') {
                let up = position.len();
                if up == 0 && is_heading_line(line) {
                    return Err(format!(
                        "{}:{}: a marker on a heading line changes the heading; use expect^ on the next line",
                        path.display(),
                        i + 1
                    ));
                }
                (i + 1).checked_sub(up).filter(|&l| l > 0).ok_or_else(|| {
                    format!("{}:{}: marker points above the file", path.display(), i + 1)
                })?
            } else {
                return Err(format!(
                    "{}:{}: unknown marker form `{position}`",
                    path.display(),
                    i + 1
                ));
            };
            for rule in rules.split(',').map(str::trim).filter(|r| !r.is_empty()) {
                *out.entry((path.to_path_buf(), target, rule.to_string()))
                    .or_default() += 1;
            }
        }
    }
    Ok(out)
}

fn is_heading_line(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    line.len() - t.len() < 4 && t.starts_with('#') && {
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        hashes <= 6 && t[hashes..].starts_with([' ', '\t'])
    }
}

/// What hugolint reported, in the same shape, with the rendered message of each for failures.
pub fn actual(
    reports: &[FileReport],
    path_of: impl Fn(&Path) -> PathBuf,
) -> (Expectations, Vec<String>) {
    let mut out = Expectations::new();
    let mut lines = Vec::new();
    for r in reports {
        for d in &r.diagnostics {
            let (line, col) = r.lines.line_col(&r.source, d.span.start);
            let path = path_of(&r.path);
            *out.entry((path.clone(), line, d.rule.to_string()))
                .or_default() += 1;
            lines.push(format!(
                "{}:{line}:{col}: {}[{}] {}",
                path.display(),
                d.severity.as_str(),
                d.rule,
                d.message
            ));
        }
    }
    (out, lines)
}

/// Compare; on mismatch, a readable list of what is missing and what is unexpected.
pub fn compare(
    expected: &Expectations,
    actual: &Expectations,
    rendered: &[String],
) -> Result<(), String> {
    let mut msg = String::new();
    for (k, &n) in expected {
        let got = actual.get(k).copied().unwrap_or(0);
        if got < n {
            msg += &format!(
                "  missing:    {}:{} {} (expected {n}, got {got})\n",
                k.0.display(),
                k.1,
                k.2
            );
        }
    }
    for (k, &n) in actual {
        let want = expected.get(k).copied().unwrap_or(0);
        if n > want {
            let prefix = format!("{}:{}:", k.0.display(), k.1);
            let shown: Vec<_> = rendered
                .iter()
                .filter(|l| l.starts_with(&prefix) && l.contains(&k.2))
                .collect();
            msg += &format!(
                "  unexpected: {}:{} {} (expected {want}, got {n})\n",
                k.0.display(),
                k.1,
                k.2
            );
            for s in shown {
                msg += &format!("              {s}\n");
            }
        }
    }
    if msg.is_empty() { Ok(()) } else { Err(msg) }
}

/// Every `.md` file below `dir`, sorted.
pub fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}
