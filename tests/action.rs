//! The GitHub Action's script (scripts/action/run.py, which action.yml runs) run as a GitHub
//! runner would: its inputs as `INPUT_*` variables, `RUNNER_TEMP`, `GITHUB_STEP_SUMMARY`,
//! `GITHUB_OUTPUT` and `GITHUB_PATH` set. It installs hugolint with pip from the wheel that
//! `scripts/packaging/build.sh` built (pip's own `PIP_NO_INDEX` and `PIP_FIND_LINKS` point it at
//! that folder instead of PyPI), so the test runs when `HUGOLINT_PACKAGES` names that folder
//! (.ci/run sets it) and says it was skipped otherwise. Its annotations, SARIF file, summary,
//! outputs and exit code are compared with what this checkout's hugolint reports.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

struct Runner {
    dir: tempfile::TempDir,
    wheels: PathBuf,
}

struct Step {
    out: Output,
    summary: String,
    outputs: BTreeMap<String, String>,
    path: String,
}

impl Runner {
    fn new() -> Option<Runner> {
        let Some(packages) = std::env::var_os("HUGOLINT_PACKAGES") else {
            eprintln!(
                "skipped: set HUGOLINT_PACKAGES=target/packages after scripts/packaging/build.sh"
            );
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("runner-temp")).unwrap();
        Some(Runner {
            dir,
            wheels: repo().join(packages).join("wheels"),
        })
    }

    /// One run of the step (a fresh summary, output and path file each time; RUNNER_TEMP, where
    /// hugolint is installed, is kept as on a runner that runs the action twice in a job).
    fn step(&self, inputs: &[(&str, &str)]) -> Step {
        let files = ["summary", "output", "path"].map(|f| self.dir.path().join(f));
        for f in &files {
            std::fs::write(f, "").unwrap();
        }
        let mut cmd = Command::new("python3");
        cmd.arg(repo().join("scripts/action/run.py"))
            .current_dir(repo())
            .env("RUNNER_TEMP", self.dir.path().join("runner-temp"))
            .env("GITHUB_STEP_SUMMARY", &files[0])
            .env("GITHUB_OUTPUT", &files[1])
            .env("GITHUB_PATH", &files[2])
            .env("GITHUB_WORKSPACE", repo())
            .env("PIP_NO_INDEX", "1")
            .env("PIP_FIND_LINKS", &self.wheels)
            .env("HUGOLINT_CACHE_DIR", self.dir.path().join("cache"))
            .env_remove("HUGOLINT_FORMAT");
        // action.yml's defaults (but the SARIF file, kept out of the repository), then this
        // run's inputs.
        let sarif = self.dir.path().join("default.sarif");
        for (name, value) in [
            ("VERSION", env!("CARGO_PKG_VERSION")),
            ("PATHS", "."),
            ("FORMAT", "github"),
            ("SARIF_FILE", sarif.to_str().unwrap()),
            ("BASELINE", ""),
            ("ARGS", ""),
        ]
        .iter()
        .chain(inputs)
        {
            cmd.env(format!("INPUT_{name}"), value);
        }
        let out = cmd.output().expect("python3");
        let [summary, output, path] = files.map(|f| std::fs::read_to_string(f).unwrap());
        Step {
            out,
            summary,
            outputs: parse_outputs(&output),
            path,
        }
    }
}

/// GITHUB_OUTPUT's `name<<DELIMITER` … `DELIMITER` entries (the form the script writes).
fn parse_outputs(text: &str) -> BTreeMap<String, String> {
    let mut outputs = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let (name, delimiter) = line.split_once("<<").unwrap_or_else(|| panic!("{text}"));
        let value: Vec<&str> = lines.by_ref().take_while(|l| *l != delimiter).collect();
        outputs.insert(name.to_string(), value.join("\n"));
    }
    outputs
}

/// This checkout's hugolint on the same paths.
fn hugolint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hugolint"))
        .args(args)
        .current_dir(repo())
        .env(
            "HUGOLINT_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/hugolint-cache"),
        )
        .env_remove("HUGOLINT_FORMAT")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_action_annotates_writes_sarif_and_a_summary_then_fails_on_errors() {
    let Some(runner) = Runner::new() else { return };
    let sarif = runner.dir.path().join("reports/hugolint.sarif");
    let step = runner.step(&[
        ("PATHS", "fixtures/demo"),
        ("SARIF_FILE", sarif.to_str().unwrap()),
    ]);
    let log = text(&step.out.stdout);
    let context = format!("{log}{}\n{}", text(&step.out.stderr), step.summary);

    // The step fails, at the end: after the SARIF file, the summary and the outputs are written.
    assert_eq!(step.out.status.code(), Some(1), "{context}");

    // The log holds hugolint's annotations, every one of them, as hugolint prints them.
    let annotations = text(&hugolint(&["--format", "github", "fixtures/demo"]).stdout);
    assert_eq!(annotations.lines().count(), 12);
    assert!(log.contains(&annotations), "{context}");
    assert!(
        log.contains("hugolint --format github -- fixtures/demo\n"),
        "{context}"
    );

    // SARIF, as hugolint writes it, in the file asked for (its folder made).
    let expected_sarif = text(&hugolint(&["--format", "sarif", "fixtures/demo"]).stdout);
    assert_eq!(std::fs::read_to_string(&sarif).unwrap(), expected_sarif);

    // The summary: findings per rule and severity, and the files with most, counted here from
    // hugolint's JSON report.
    let report: serde_json::Value =
        serde_json::from_slice(&hugolint(&["--format", "json", "fixtures/demo"]).stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let mut per_rule: BTreeMap<&str, [usize; 2]> = BTreeMap::new();
    let mut per_file: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diagnostics {
        let counts = per_rule.entry(d["rule"].as_str().unwrap()).or_default();
        counts[(d["severity"] != "error") as usize] += 1;
        *per_file.entry(d["path"].as_str().unwrap()).or_default() += 1;
    }
    assert!(step.summary.starts_with(&format!(
        "## hugolint {}: failed (error-level findings)\n",
        env!("CARGO_PKG_VERSION")
    )));
    assert!(
        step.summary.contains("Checked 5 files in "),
        "{}",
        step.summary
    );
    for (rule, [errors, warnings]) in &per_rule {
        let row = format!("| `{rule}` | {errors} | {warnings} | 0 |\n");
        assert!(step.summary.contains(&row), "{row}{}", step.summary);
    }
    assert!(
        step.summary.contains("| **total** | 11 | 1 | 0 |\n"),
        "{}",
        step.summary
    );
    for (file, n) in &per_file {
        let row = format!("| {file} | {n} |\n");
        assert!(step.summary.contains(&row), "{row}{}", step.summary);
    }

    // The outputs, and hugolint on the PATH of the job's later steps.
    let expected = [
        ("errors", "11".to_string()),
        ("exit-code", "1".to_string()),
        ("sarif-file", sarif.to_str().unwrap().to_string()),
        ("warnings", "1".to_string()),
    ];
    let expected: BTreeMap<String, String> =
        expected.into_iter().map(|(k, v)| (k.into(), v)).collect();
    assert_eq!(step.outputs, expected);
    let bin = PathBuf::from(step.path.trim_end());
    let version = Command::new(bin.join("hugolint"))
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(
        text(&version.stdout).trim(),
        format!("hugolint {}", env!("CARGO_PKG_VERSION"))
    );

    // A site with a warning and no error passes; SARIF is still written.
    let site = runner.dir.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("hugo.toml"), "baseURL = 'https://example.org/'\n").unwrap();
    std::fs::write(
        site.join("content/page.md"),
        "---\ntitle: Page\n---\n\n## Steps\n\n## Steps\n\nSee [the steps](#steps).\n",
    )
    .unwrap();
    let site_arg = site.to_str().unwrap();
    let clean_sarif = runner.dir.path().join("clean.sarif");
    let step = runner.step(&[
        ("PATHS", site_arg),
        ("SARIF_FILE", clean_sarif.to_str().unwrap()),
    ]);
    let context = format!(
        "{}{}\n{}",
        text(&step.out.stdout),
        text(&step.out.stderr),
        step.summary
    );
    assert_eq!(step.out.status.code(), Some(0), "{context}");
    assert_eq!(step.outputs["errors"], "0");
    assert_eq!(step.outputs["warnings"], "1");
    assert!(
        step.summary
            .contains("| `duplicate-anchor` | 0 | 1 | 0 |\n"),
        "{context}"
    );
    assert_eq!(
        std::fs::read_to_string(&clean_sarif).unwrap(),
        text(&hugolint(&["--format", "sarif", site_arg]).stdout)
    );
}

#[test]
fn the_action_passes_the_baseline_and_extra_arguments_and_rejects_a_bad_format() {
    let Some(runner) = Runner::new() else { return };
    // The baseline and the extra arguments go before the paths; the exit code is hugolint's
    // for the same arguments (whatever this version makes of them). A SARIF file from an
    // earlier run never stands in for this one's.
    let sarif = runner.dir.path().join("default.sarif");
    std::fs::write(&sarif, "an earlier run's").unwrap();
    let step = runner.step(&[
        ("PATHS", "fixtures/demo"),
        ("BASELINE", "hugolint-baseline.json"),
        ("ARGS", "--select broken-link,broken-fragment"),
        ("FORMAT", "concise"),
    ]);
    let args = [
        "--format",
        "concise",
        "--baseline",
        "hugolint-baseline.json",
        "--select",
        "broken-link,broken-fragment",
        "--",
        "fixtures/demo",
    ];
    let log = text(&step.out.stdout);
    assert!(
        log.contains(&format!("hugolint {}\n", args.join(" "))),
        "{log}"
    );
    let direct = hugolint(&args);
    assert_eq!(step.out.status.code(), direct.status.code(), "{log}");
    assert_eq!(
        step.outputs["exit-code"],
        direct.status.code().unwrap().to_string()
    );
    assert!(log.contains(&text(&direct.stdout)), "{log}");
    let mut sarif_args = args;
    sarif_args[1] = "sarif";
    let direct_sarif = text(&hugolint(&sarif_args).stdout);
    match std::fs::read_to_string(&sarif) {
        Ok(written) => assert_eq!(written, direct_sarif),
        Err(_) => assert_eq!(direct_sarif, "", "{log}"),
    }

    let step = runner.step(&[("FORMAT", "sarif")]);
    assert_eq!(step.out.status.code(), Some(2));
    assert!(
        text(&step.out.stdout).starts_with(
            "::error title=hugolint action::format: `sarif` is not one of github, concise, pretty"
        ),
        "{}",
        text(&step.out.stdout)
    );
}

/// `version: source`, for the time before a release: pip builds the wheel from the action's own
/// checkout (here this repository, whose release build is already done, so maturin reuses it;
/// on a runner it compiles).
#[test]
fn the_action_installs_from_its_own_checkout_when_asked() {
    let Some(runner) = Runner::new() else { return };
    let step = runner.step(&[("VERSION", "source"), ("PATHS", "fixtures/demo")]);
    let log = text(&step.out.stdout);
    let context = format!("{log}{}", text(&step.out.stderr));
    assert!(
        log.starts_with(&format!("::group::Install {}\n", repo().display())),
        "{context}"
    );
    assert_eq!(step.out.status.code(), Some(1), "{context}");
    assert_eq!(step.outputs["errors"], "11", "{context}");
    let bin = PathBuf::from(step.path.trim_end());
    let version = Command::new(bin.join("hugolint"))
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(
        text(&version.stdout).trim(),
        format!("hugolint {}", env!("CARGO_PKG_VERSION"))
    );
}

/// The `baseline` input adopts hugolint on a site with findings: those the baseline records are
/// left out of the annotations, the SARIF file and the outputs, the summary says how many, and
/// the step passes; a new one fails it.
#[test]
fn the_action_reports_only_what_the_baseline_does_not_record() {
    let Some(runner) = Runner::new() else { return };
    let site = runner.dir.path().join("site");
    copy_dir(&repo().join("fixtures/demo"), &site);
    let baseline = runner.dir.path().join("baseline.json");
    let written = hugolint(&[
        "--write-baseline",
        baseline.to_str().unwrap(),
        site.to_str().unwrap(),
    ]);
    assert_eq!(written.status.code(), Some(0), "{}", text(&written.stderr));
    let recorded: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    let recorded = recorded["findings"].as_array().unwrap().len();
    assert!(recorded > 0);
    let inputs = [
        ("PATHS", site.to_str().unwrap()),
        ("BASELINE", baseline.to_str().unwrap()),
    ];
    let step = runner.step(&inputs);
    let log = text(&step.out.stdout);
    assert_eq!(step.out.status.code(), Some(0), "{log}");
    assert_eq!(step.outputs["errors"], "0");
    assert!(!log.contains("::error"), "{log}");
    assert!(
        step.summary
            .contains(&format!("{recorded} baselined, 0 stale baseline entries")),
        "{}",
        step.summary
    );
    // A new broken link: the one annotation, and the step fails.
    let page = site.join("content/en/docs/install.md");
    let mut text_now = std::fs::read_to_string(&page).unwrap();
    text_now.push_str("\nSee [the new page](/docs/not-written-yet/).\n");
    std::fs::write(&page, text_now).unwrap();
    let step = runner.step(&inputs);
    let log = text(&step.out.stdout);
    assert_eq!(step.out.status.code(), Some(1), "{log}");
    assert_eq!(step.outputs["errors"], "1");
    assert_eq!(log.matches("::error ").count(), 1, "{log}");
    assert!(log.contains("/docs/not-written-yet/"), "{log}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
