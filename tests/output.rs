//! Output at scale on the demo site: `--statistics`, the summary line's counts per rule,
//! `--output-file`. Every count is checked against the concise report of the same run.

mod common;

use std::collections::BTreeMap;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hugolint"))
        .env(
            "HUGOLINT_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/hugolint-cache"),
        )
        .args(args)
        .current_dir(common::fixtures_dir())
        .env_remove("HUGOLINT_FORMAT")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// (rule, severity) → count, and path → count, from concise lines.
type Counts = (BTreeMap<(String, String), usize>, BTreeMap<String, usize>);

fn counts(concise: &str) -> Counts {
    let (mut rules, mut files) = (BTreeMap::new(), BTreeMap::new());
    for line in concise.lines() {
        let path = line.split(':').next().unwrap().to_string();
        let tag = line.split(": ").nth(1).unwrap();
        let (severity, rest) = tag.split_once('[').unwrap();
        let rule = rest.split_once(']').unwrap().0;
        *rules
            .entry((rule.to_string(), severity.to_string()))
            .or_default() += 1;
        *files.entry(path).or_default() += 1;
    }
    (rules, files)
}

#[test]
fn statistics_count_per_rule_and_severity_and_list_the_files_with_most() {
    let concise = run(&["--format", "concise", "demo"]);
    let (rules, files) = counts(&text(&concise.stdout));
    assert!(rules.len() > 2 && files.len() > 1, "the demo has findings");
    let o = run(&["--statistics", "demo"]);
    // The exit code is the run's, whatever is printed.
    assert_eq!(o.status.code(), concise.status.code());
    let out = text(&o.stdout);
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap().split_whitespace().collect::<Vec<_>>(),
        ["rule", "errors", "warnings", "infos", "total"]
    );
    let mut seen = 0;
    let mut last_total = usize::MAX;
    for line in lines.by_ref() {
        let cells: Vec<&str> = line.split_whitespace().collect();
        let n = |i: usize| cells[i].parse::<usize>().unwrap();
        let get = |rule: &str, sev: &str| {
            rules
                .get(&(rule.to_string(), sev.to_string()))
                .copied()
                .unwrap_or(0)
        };
        if cells[0] == "total" {
            assert_eq!(n(4), rules.values().sum::<usize>(), "{out}");
            break;
        }
        assert_eq!(n(1), get(cells[0], "error"), "{out}");
        assert_eq!(n(2), get(cells[0], "warning"), "{out}");
        assert_eq!(n(3), get(cells[0], "info"), "{out}");
        assert_eq!(n(4), n(1) + n(2) + n(3));
        assert!(n(4) <= last_total, "most findings first: {out}");
        last_total = n(4);
        seen += 1;
    }
    let rule_ids: std::collections::BTreeSet<_> = rules.keys().map(|(r, _)| r).collect();
    assert_eq!(seen, rule_ids.len(), "{out}");
    assert_eq!(lines.next(), Some(""));
    assert_eq!(
        lines.next().unwrap(),
        format!(
            "Files with most findings ({} of {}):",
            files.len().min(10),
            files.len()
        )
    );
    let listed: Vec<(usize, String)> = lines
        .map(|l| {
            let (n, p) = l.trim_start().split_once("  ").unwrap();
            (n.parse().unwrap(), p.to_string())
        })
        .collect();
    for (n, p) in &listed {
        assert_eq!(files[p], *n, "{out}");
    }
    assert!(listed.windows(2).all(|w| w[0].0 >= w[1].0), "{out}");
    // No finding is printed with the statistics.
    assert!(!out.contains("error["), "{out}");
}

#[test]
fn the_summary_line_counts_per_rule() {
    let o = run(&["--format", "concise", "demo"]);
    let (rules, _) = counts(&text(&o.stdout));
    let stderr = text(&o.stderr);
    let summary = stderr.lines().find(|l| l.starts_with("Checked ")).unwrap();
    let inside = summary.rsplit_once(" (").unwrap().1.trim_end_matches(").");
    let mut per_rule = BTreeMap::new();
    for ((rule, _), n) in &rules {
        *per_rule.entry(rule.clone()).or_insert(0) += n;
    }
    let listed: BTreeMap<String, usize> = inside
        .split(", ")
        .map(|p| {
            let (r, n) = p.split_once(' ').unwrap();
            (r.to_string(), n.parse().unwrap())
        })
        .collect();
    assert_eq!(listed, per_rule, "{summary}");
}

#[test]
fn the_output_file_holds_the_report_and_standard_error_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["concise", "json", "pretty"] {
        let file = dir.path().join(format!("report.{format}"));
        let o = run(&[
            "--format",
            format,
            "--output-file",
            file.to_str().unwrap(),
            "demo",
        ]);
        let direct = run(&["--format", format, "--color", "never", "demo"]);
        assert_eq!(o.status.code(), direct.status.code());
        assert_eq!(text(&o.stdout), "", "nothing on standard output");
        assert!(text(&o.stderr).contains("Checked "), "{}", text(&o.stderr));
        let written = std::fs::read_to_string(&file).unwrap();
        assert!(!written.is_empty());
        assert_eq!(written, text(&direct.stdout), "{format}");
    }
    // With --statistics: the table on standard output, the findings in the file.
    let file = dir.path().join("all.txt");
    let o = run(&["--statistics", "-o", file.to_str().unwrap(), "demo"]);
    assert!(text(&o.stdout).starts_with("rule "), "{}", text(&o.stdout));
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        written,
        text(&run(&["--format", "concise", "demo"]).stdout),
        "concise when no format is named"
    );
    // A file that cannot be written: exit 2, said once.
    let o = run(&["-o", "/nonexistent-dir/x.txt", "demo"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("cannot write the report to /nonexistent-dir/x.txt"),
        "{}",
        text(&o.stderr)
    );
}
