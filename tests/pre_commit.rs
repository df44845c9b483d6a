//! The real `pre-commit` (pip install pre-commit) runs hugolint's hooks from
//! `.pre-commit-hooks.yaml` as a site's maintainer sets them up: a `.pre-commit-config.yaml`
//! naming the hook repository, a revision and both hooks, then `pre-commit run`, on a small site
//! in a temporary git repository. A clean page passes; a page with a broken link fails with the
//! diagnostic and its did-you-mean; a commit that only deletes a page skips the per-file hook
//! (pre-commit passes no deleted files) while the whole-site hook catches the link it breaks.
//!
//! pre-commit installs the hooks by pip-installing the hook repository: this one builds the wheel
//! from source (maturin, a Rust toolchain: minutes), so the test runs when
//! `HUGOLINT_PRE_COMMIT_TEST=1` (CI sets it) and says it was skipped otherwise. With
//! `HUGOLINT_PACKAGES` too (the folder `scripts/packaging/build.sh` fills), it also installs the
//! mirror a release publishes (scripts/packaging/pre_commit_mirror.py), whose hooks take the
//! prebuilt wheel, offline from that folder. Each first run (install and run, in a fresh
//! PRE_COMMIT_HOME) is timed and written to target/tmp/pre-commit-first-run.txt: a
//! measurement to read, not a limit to assert.

use std::path::Path;
use std::process::{Command, Output};
use std::time::Instant;

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

/// A copy of this repository's work tree (tracked files and new ones not ignored, as they are
/// now), committed in a repository of its own, for `.pre-commit-config.yaml` to name.
fn snapshot_of_this_repository(to: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let list = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(repo)
        .output()
        .unwrap();
    assert!(list.status.success());
    for name in list.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = std::str::from_utf8(name).unwrap();
        let from = repo.join(name);
        if !from.is_file() {
            continue; // deleted in the work tree
        }
        let to = to.join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
    }
    git(to, &["init", "-q"]);
    git(to, &["add", "."]);
    git(to, &["commit", "-qm", "snapshot"]);
}

struct Site<'a> {
    dir: &'a Path,
    pre_commit_home: &'a Path,
    env: &'a [(&'a str, &'a Path)],
}

impl Site<'_> {
    /// `pre-commit run ARGS` in the site.
    fn pre_commit_run(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new("pre-commit");
        cmd.arg("run").args(args).current_dir(self.dir);
        cmd.env("PRE_COMMIT_HOME", self.pre_commit_home)
            .env(
                "HUGOLINT_CACHE_DIR",
                concat!(env!("CARGO_TARGET_TMPDIR"), "/hugolint-cache"),
            )
            .env_remove("HUGOLINT_FORMAT");
        for (k, v) in self.env {
            cmd.env(k, v);
        }
        cmd.output()
            .expect("pre-commit is installed (pip install pre-commit)")
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A Hugo site in a new git repository: two pages linking each other, and a
/// `.pre-commit-config.yaml` with both hooks of `hook_repo` at its HEAD, committed.
fn make_site(dir: &Path, hook_repo: &Path) {
    std::fs::write(dir.join("hugo.toml"), "baseURL = 'https://example.org/'\n").unwrap();
    std::fs::create_dir_all(dir.join("content/docs")).unwrap();
    std::fs::write(
        dir.join("content/docs/good.md"),
        "---\ntitle: Good\n---\n\n## Steps\n\nSee [the other page](/docs/other/#top).\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("content/docs/other.md"),
        "---\ntitle: Other\n---\n\n## Top\n\nBack to [the steps](/docs/good/#steps).\n",
    )
    .unwrap();
    let head = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(hook_repo)
        .output()
        .unwrap();
    let head = String::from_utf8(head.stdout).unwrap();
    std::fs::write(
        dir.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: hugolint\n      - id: hugolint-site\n",
            hook_repo.display(),
            head.trim()
        ),
    )
    .unwrap();
    git(dir, &["init", "-q"]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-qm", "site"]);
}

fn hook_line<'a>(out: &'a str, name: &str) -> &'a str {
    out.lines()
        .find(|l| l.starts_with(&format!("{name}...")))
        .unwrap_or_else(|| panic!("no line for {name}:\n{out}"))
}

/// The hooks of `hook_repo`, installed in a fresh PRE_COMMIT_HOME, on the three commits of the
/// module's description. Returns the first run's time (install and run).
fn check_hooks(what: &str, hook_repo: &Path, env: &[(&str, &Path)]) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let (site_dir, home) = (dir.path().join("site"), dir.path().join("pre-commit-home"));
    std::fs::create_dir_all(&site_dir).unwrap();
    make_site(&site_dir, hook_repo);
    let site = Site {
        dir: &site_dir,
        pre_commit_home: &home,
        env,
    };

    // The first run installs the hooks. Only the named file is passed to the per-file hook, but
    // its links resolve against the whole site; the whole-site hook checks every page.
    let start = Instant::now();
    let clean = site.pre_commit_run(&["--files", "content/docs/good.md"]);
    let first_run = start.elapsed().as_secs_f64();
    let out = text(&clean);
    assert!(clean.status.success(), "{what}: {out}");
    assert!(
        hook_line(&out, "hugolint").ends_with("Passed"),
        "{what}: {out}"
    );
    assert!(
        hook_line(&out, "hugolint (whole site)").ends_with("Passed"),
        "{what}: {out}"
    );

    // A broken link: the pretty report, with the source line and the did-you-mean.
    std::fs::write(
        site_dir.join("content/docs/bad.md"),
        "---\ntitle: Bad\n---\n\nSee [the other page](/docs/othre/).\n",
    )
    .unwrap();
    git(&site_dir, &["add", "content/docs/bad.md"]);
    let broken = site.pre_commit_run(&[]);
    let out = text(&broken);
    assert!(!broken.status.success(), "{what}: {out}");
    assert!(
        hook_line(&out, "hugolint").ends_with("Failed"),
        "{what}: {out}"
    );
    for expected in [
        "broken link: nothing is published at `/docs/othre/`",
        "[content/docs/bad.md:5:22]",
        " 5 │ See [the other page](/docs/othre/).",
        "help: did you mean `/docs/other/`?",
    ] {
        assert!(out.contains(expected), "{what}: {expected}\n{out}");
    }
    git(&site_dir, &["rm", "-q", "--cached", "content/docs/bad.md"]);
    std::fs::remove_file(site_dir.join("content/docs/bad.md")).unwrap();

    // A commit that only deletes a page: the per-file hook gets no file; the whole-site hook
    // runs and finds the link to it.
    git(&site_dir, &["rm", "-q", "content/docs/other.md"]);
    let deleted = site.pre_commit_run(&[]);
    let out = text(&deleted);
    assert!(!deleted.status.success(), "{what}: {out}");
    assert!(
        hook_line(&out, "hugolint").ends_with("(no files to check)Skipped"),
        "{what}: {out}"
    );
    assert!(
        hook_line(&out, "hugolint (whole site)").ends_with("Failed"),
        "{what}: {out}"
    );
    assert!(
        out.contains("broken link: nothing is published at `/docs/other/`")
            && out.contains("[content/docs/good.md:7:22]"),
        "{what}: {out}"
    );
    first_run
}

fn record(line: &str) {
    eprintln!("{line}");
    let path = concat!(env!("CARGO_TARGET_TMPDIR"), "/pre-commit-first-run.txt");
    let mut text = std::fs::read_to_string(path).unwrap_or_default();
    text.push_str(line);
    text.push('\n');
    std::fs::write(path, text).unwrap();
}

#[test]
fn pre_commit_hooks_check_staged_pages_and_the_whole_site() {
    if std::env::var_os("HUGOLINT_PRE_COMMIT_TEST").is_none() {
        eprintln!("skipped: set HUGOLINT_PRE_COMMIT_TEST=1 (and pip install pre-commit) to run");
        return;
    }
    let _ = std::fs::remove_file(concat!(
        env!("CARGO_TARGET_TMPDIR"),
        "/pre-commit-first-run.txt"
    ));
    let repos = tempfile::tempdir().unwrap();

    // This repository: pip builds the wheel from source.
    let this = repos.path().join("hugolint");
    snapshot_of_this_repository(&this);
    let seconds = check_hooks("this repository", &this, &[]);
    record(&format!(
        "pre-commit first run, hooks from this repository (pip builds the wheel: maturin and cargo from source): {seconds:.1} s"
    ));

    // The mirror a release publishes: pip installs the prebuilt wheel.
    let Some(packages) = std::env::var_os("HUGOLINT_PACKAGES") else {
        eprintln!(
            "mirror skipped: set HUGOLINT_PACKAGES=target/packages after scripts/packaging/build.sh"
        );
        return;
    };
    let wheels = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(packages)
        .join("wheels");
    let mirror = repos.path().join("hugolint-pre-commit");
    let made = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/packaging/pre_commit_mirror.py"))
        .arg(&mirror)
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", text(&made));
    git(&mirror, &["init", "-q"]);
    git(&mirror, &["add", "."]);
    git(&mirror, &["commit", "-qm", "mirror"]);
    let no_index = Path::new("1");
    let env = [
        ("PIP_NO_INDEX", no_index),
        ("PIP_FIND_LINKS", wheels.as_path()),
    ];
    let seconds = check_hooks("the release mirror", &mirror, &env);
    record(&format!(
        "pre-commit first run, hooks from the release mirror (pip installs the prebuilt wheel, from a local folder): {seconds:.1} s"
    ));
}
