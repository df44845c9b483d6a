//! `hugolint --fix` and `--fix --diff` on the fixture site `fixtures/fix/site`: the fixed file is
//! `fixtures/fix/expected/`'s, a second run changes nothing, files without a certain fix are
//! never written, and `--diff` writes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fix")
}

/// A copy of the fixture site in a temporary folder.
fn copy_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixtures().join("site"), &site);
    (tmp, site)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn run(site: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hugolint"))
        .args(args)
        .arg(site)
        .env(
            "HUGOLINT_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/hugolint-cache"),
        )
        .output()
        .unwrap()
}

/// Every file of the site with its bytes and modification time.
fn snapshot(site: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut todo = vec![site.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let m = std::fs::metadata(&p).unwrap().modified().unwrap();
                out.push((p.clone(), std::fs::read(&p).unwrap(), m));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn fix_writes_the_expected_file_once_and_nothing_else() {
    let (_tmp, site) = copy_site();
    let before = snapshot(&site);
    let out = run(&site, &["--fix"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Fixed 5 findings in 1 file."), "{stderr}");
    // What is left is reported: the near miss and the ambiguous one.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(
        stdout.contains("#instal`") && stdout.contains("#a-b`"),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(1));

    let guide = site.join("content/docs/guide.md");
    assert_eq!(
        std::fs::read_to_string(&guide).unwrap(),
        std::fs::read_to_string(fixtures().join("expected/guide.md")).unwrap()
    );
    // Files without a certain fix: untouched (bytes and time); no temporary file left.
    let after = snapshot(&site);
    assert_eq!(after.len(), before.len(), "{after:#?}");
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(a.0, b.0);
        if a.0 != guide {
            assert_eq!((&a.1, a.2), (&b.1, b.2), "{} changed", a.0.display());
        }
    }

    // Idempotent: a second run finds nothing certain and writes nothing.
    let again = snapshot(&site);
    let out = run(&site, &["--fix"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Fixed 0 findings in 0 files."),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(snapshot(&site), again);
}

#[test]
fn fix_diff_shows_and_writes_nothing() {
    let (_tmp, site) = copy_site();
    let before = snapshot(&site);
    let out = run(&site, &["--fix", "--diff"]);
    assert_eq!(out.status.code(), Some(1), "a diff to show");
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.starts_with("--- a/"), "{diff}");
    let removed = diff
        .lines()
        .filter(|l| l.starts_with('-') && !l.starts_with("---"))
        .count();
    let added: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .collect();
    assert_eq!(added.len(), 4, "{diff}");
    assert_eq!(removed, 4, "{diff}");
    assert!(
        diff.contains(
            "+The [install page](/docs/install/) and [its usage](/docs/install/#usage) say more."
        ),
        "{diff}"
    );
    assert_eq!(snapshot(&site), before);

    // Applying the diff's lines gives the expected file.
    let expected = std::fs::read_to_string(fixtures().join("expected/guide.md")).unwrap();
    for line in added {
        assert!(expected.lines().any(|l| l == &line[1..]), "{line}");
    }

    // Nothing to fix: exit 0, no diff.
    let (_tmp2, clean) = copy_site();
    std::fs::copy(
        fixtures().join("expected/guide.md"),
        clean.join("content/docs/guide.md"),
    )
    .unwrap();
    let out = run(&clean, &["--fix", "--diff"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}
