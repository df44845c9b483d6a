//! `hugolint server` driven by a real Neovim, headless, started by the README's recipe
//! (`editors/neovim/hugolint-0.7.lua`, run by `editors/neovim/test.lua`): the diagnostics it
//! shows for a page of the fixture site `fixtures/editor/site`, and go to definition. Neovim 0.7 (Debian's package) and later. Skipped only when `nvim` is not installed
//! and HUGOLINT_NVIM_TEST is not set (CI sets it, and installs Neovim).

use std::path::Path;
use std::process::Command;

fn nvim_available() -> bool {
    Command::new("nvim")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// PATH with the built `hugolint` first, as the recipe finds it.
fn path_with_hugolint() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_hugolint")).parent().unwrap();
    let mut dirs = vec![bin.to_path_buf()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap()
}

#[test]
fn neovim_shows_the_diagnostics_and_goes_to_the_target() {
    if !nvim_available() {
        assert!(
            std::env::var_os("HUGOLINT_NVIM_TEST").is_none(),
            "HUGOLINT_NVIM_TEST is set but nvim cannot be run"
        );
        eprintln!("skipped: nvim is not installed");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = root.join("fixtures/editor/site").canonicalize().unwrap();
    let page = site.join("content/docs/guide/index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let install = site.join("content/docs/install.md");
    let install_text = std::fs::read_to_string(&install).unwrap();
    let at = text.find("/docs/install/#usage").unwrap() + 3;
    let line_of = |t: &str, o: usize| t[..o].matches('\n').count();
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1);

    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out.txt");
    let status = Command::new("nvim")
        .args(["--headless", "-n", "-i", "NONE", "-u", "NONE", "-c"])
        .arg(format!(
            "luafile {}",
            root.join("editors/neovim/test.lua").display()
        ))
        .env(
            "HUGOLINT_RECIPE",
            root.join("editors/neovim/hugolint-0.7.lua"),
        )
        .env("PATH", path_with_hugolint())
        .env("HUGOLINT_PAGE", &page)
        .env("HUGOLINT_OUT", &out)
        .env("HUGOLINT_LINE", line_of(&text, at).to_string())
        .env("HUGOLINT_COL", col.to_string())
        .env(
            "HUGOLINT_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/hugolint-cache"),
        )
        .env("XDG_STATE_HOME", tmp.path())
        .env("XDG_DATA_HOME", tmp.path())
        .current_dir(&site)
        .status()
        .unwrap();
    assert!(status.success());
    let got = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = got.lines().collect();

    // The three findings of the page, at their lines (0-based), as `hugolint` reports them.
    let diag = |code: &str, needle: &str| {
        let o = text.find(needle).unwrap();
        let col = o - text[..o].rfind('\n').map_or(0, |i| i + 1);
        format!("diag {code} {} {col}", line_of(&text, o))
    };
    let mut want = vec![
        diag("broken-fragment", "#install-hug)"),
        diag("missing-alt", "![](diagram.png)"),
        diag("broken-link", "/docs/instal/"),
    ];
    let mut diags: Vec<String> = lines
        .iter()
        .filter(|l| l.starts_with("diag "))
        .map(|l| l.to_string())
        .collect();
    diags.sort();
    want.sort();
    assert_eq!(diags, want, "{got}");
    let usage = install_text.find("## Usage").unwrap();
    assert!(
        lines.contains(
            &format!(
                "definition {} {}",
                install.display(),
                line_of(&install_text, usage)
            )
            .as_str()
        ),
        "{got}"
    );
}
