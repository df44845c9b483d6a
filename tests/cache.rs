//! The front matter cache: a page changed since the last run is read again even when its size
//! and modification time are the same, a damaged cache is ignored and replaced, and
//! `--no-cache` writes nothing.

use std::path::Path;
use std::process::{Command, Output};

fn hugolint(args: &[&str], cwd: &Path, cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hugolint"))
        .args(args)
        .current_dir(cwd)
        .env_remove("HUGOLINT_FORMAT")
        .env("HUGOLINT_CACHE_DIR", cache)
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `content/b.md` is published at `/old/` (its slug); `content/a.md` links to `/new/`.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("hugo.toml"), "baseURL = 'https://example.org/'\n").unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("content/a.md"), "# A\n\n[b](/new/)\n").unwrap();
    std::fs::write(root.join("content/b.md"), "---\nslug: old\n---\n\n# B\n").unwrap();
    dir
}

/// The cache's files: the front matter (`.json`) and the folder listings (`.folders`).
fn cache_files(dir: &Path, extension: &str) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == extension))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_page_changed_behind_the_same_size_and_mtime_is_read_again() {
    let site = site();
    let cache = tempfile::tempdir().unwrap();
    // Linting one page reads the other's front matter for the index, and keeps it.
    let o = hugolint(
        &["--format", "concise", "content/a.md"],
        site.path(),
        cache.path(),
    );
    assert!(out(&o).contains("broken-link"), "{}", out(&o));
    assert_eq!(cache_files(cache.path(), "json").len(), 1);

    // Same size, same modification time: only the inode's change time tells.
    let b = site.path().join("content/b.md");
    let mtime = std::fs::metadata(&b).unwrap().modified().unwrap();
    std::fs::write(&b, "---\nslug: new\n---\n\n# B\n").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&b)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let o = hugolint(
        &["--format", "concise", "content/a.md"],
        site.path(),
        cache.path(),
    );
    assert_eq!(out(&o), "", "the cache served b.md's old slug");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn a_damaged_cache_is_ignored_and_replaced() {
    let site = site();
    let cache = tempfile::tempdir().unwrap();
    hugolint(&["content/a.md"], site.path(), cache.path());
    let [file] = cache_files(cache.path(), "json").try_into().unwrap();
    std::fs::write(&file, "{\"format\": not json").unwrap();
    let o = hugolint(
        &["--format", "concise", "content/a.md"],
        site.path(),
        cache.path(),
    );
    assert!(out(&o).contains("broken-link"), "{}", out(&o));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"slug\":\"old\""), "{text}");
}

#[test]
fn no_cache_writes_nothing_and_finds_the_same() {
    let site = site();
    let cache = tempfile::tempdir().unwrap();
    let without = hugolint(
        &["--no-cache", "--format", "json", "content/a.md"],
        site.path(),
        cache.path(),
    );
    assert!(cache_files(cache.path(), "json").is_empty());
    assert!(cache_files(cache.path(), "folders").is_empty());
    let with = hugolint(
        &["--format", "json", "content/a.md"],
        site.path(),
        cache.path(),
    );
    let again = hugolint(
        &["--format", "json", "content/a.md"],
        site.path(),
        cache.path(),
    );
    assert_eq!(out(&without), out(&with));
    assert_eq!(out(&with), out(&again));
    assert!(out(&with).contains("broken-link"));
}

/// The folders' listings are kept too (once a folder has not changed for a couple of seconds:
/// on coarse timestamps a change in the same tick would go unseen); a page added to a kept
/// folder changes the folder's stamp, so the next run lists it again and sees the page.
#[test]
fn a_page_added_to_a_kept_folder_is_seen() {
    let site = site();
    let docs = site.path().join("content/docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("b.md"), "# B\n").unwrap();
    std::fs::write(
        site.path().join("content/a.md"),
        "# A\n\n[b](/docs/b/) [new](/docs/new/)\n",
    )
    .unwrap();
    let cache = tempfile::tempdir().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(3100));
    let o = hugolint(
        &["--format", "concise", "content/a.md"],
        site.path(),
        cache.path(),
    );
    assert!(out(&o).contains("`/docs/new/`"), "{}", out(&o));
    assert!(!out(&o).contains("`/docs/b/`"), "{}", out(&o));
    // `content/docs` was listed by the index alone (the root search lists `content` and up).
    let [kept] = cache_files(cache.path(), "folders").try_into().unwrap();
    assert!(std::fs::read_to_string(&kept).unwrap().contains("fb.md/"));

    std::fs::write(docs.join("new.md"), "# New\n").unwrap();
    let o = hugolint(
        &["--format", "concise", "content/a.md"],
        site.path(),
        cache.path(),
    );
    assert_eq!(out(&o), "", "the kept listing hid content/docs/new.md");
}
