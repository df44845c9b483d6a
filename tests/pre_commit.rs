//! The real `pre-commit` (pip install pre-commit) runs hugolint from this repository's
//! `.pre-commit-hooks.yaml` with `try-repo`, on a small site in a temporary git repository: a
//! clean page passes, a page with a broken link fails with the diagnostic.
//!
//! pre-commit builds the hook with `cargo install` from the committed HEAD, which takes a minute,
//! so the test runs when `HUGOLINT_PRE_COMMIT_TEST=1` (CI sets it) and says it was skipped
//! otherwise.

use std::path::Path;
use std::process::Command;

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

#[test]
fn pre_commit_try_repo_passes_clean_pages_and_fails_broken_links() {
    if std::env::var_os("HUGOLINT_PRE_COMMIT_TEST").is_none() {
        eprintln!("skipped: set HUGOLINT_PRE_COMMIT_TEST=1 (and pip install pre-commit) to run");
        return;
    }
    let repo = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    std::fs::write(site.join("hugo.toml"), "baseURL = 'https://example.org/'\n").unwrap();
    std::fs::create_dir_all(site.join("content/docs")).unwrap();
    std::fs::write(
        site.join("content/docs/good.md"),
        "---\ntitle: Good\n---\n\n## Steps\n\nSee [the other page](/docs/other/#top).\n",
    )
    .unwrap();
    std::fs::write(
        site.join("content/docs/other.md"),
        "---\ntitle: Other\n---\n\nBack to [the steps](/docs/good/#steps).\n",
    )
    .unwrap();
    git(site, &["init", "-q"]);
    git(site, &["add", "."]);
    git(site, &["commit", "-qm", "site"]);
    let run = |file: &str| {
        Command::new("pre-commit")
            .args(["try-repo", repo, "hugolint", "--files", file])
            .current_dir(site)
            .env(
                "HUGOLINT_CACHE_DIR",
                concat!(env!("CARGO_TARGET_TMPDIR"), "/hugolint-cache"),
            )
            // try-repo commits uncommitted changes of the hook repository to a shadow copy.
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .output()
            .expect("pre-commit is installed (pip install pre-commit)")
    };
    // Only the staged file is passed, but its links resolve against the whole site.
    let clean = run("content/docs/good.md");
    let text = String::from_utf8_lossy(&clean.stdout);
    assert!(
        clean.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    assert!(text.contains("Passed"), "{text}");

    std::fs::write(
        site.join("content/docs/bad.md"),
        "---\ntitle: Bad\n---\n\nSee [a page that is not there](/docs/missing/).\n",
    )
    .unwrap();
    git(site, &["add", "content/docs/bad.md"]);
    let broken = run("content/docs/bad.md");
    let text = String::from_utf8_lossy(&broken.stdout);
    assert!(!broken.status.success(), "{text}");
    assert!(text.contains("Failed"), "{text}");
    assert!(
        text.contains(
            "content/docs/bad.md:5:32: error[broken-link] broken link: nothing is published at `/docs/missing/`"
        ),
        "{text}"
    );
}
