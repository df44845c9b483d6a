//! The README shows real output: every block after a `<!-- readme-demo` marker starts with
//! `$ hugolint ARGS`, which is run here from the repository's root; its output (and the summary
//! line, when the block shows one) must be the block's, the run's time aside.

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `Checked … in 12 ms: …` with the time made `T`; lines without trailing blanks.
fn normal(text: &str) -> String {
    text.lines()
        .map(|l| {
            let l = l.trim_end();
            match (l.starts_with("Checked "), l.find(" in "), l.find(": ")) {
                (true, Some(a), Some(b)) if a < b => format!("{} in T{}", &l[..a], &l[b..]),
                _ => l.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_readme_shows_the_real_output_of_its_commands() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut checked = 0;
    for part in readme.split("<!-- readme-demo").skip(1) {
        let block = part
            .split_once("```console\n")
            .expect("a console block after the marker")
            .1;
        let block = block.split_once("```").expect("the block closes").0;
        let (command, want) = block.split_once('\n').unwrap();
        let args: Vec<&str> = command
            .strip_prefix("$ hugolint ")
            .expect("the block starts with `$ hugolint`")
            .split_whitespace()
            .collect();
        let o = Command::new(env!("CARGO_BIN_EXE_hugolint"))
            .args(&args)
            .current_dir(root())
            .env_remove("HUGOLINT_FORMAT")
            .env("NO_COLOR", "1")
            .env(
                "HUGOLINT_CACHE_DIR",
                concat!(env!("CARGO_TARGET_TMPDIR"), "/hugolint-cache"),
            )
            .output()
            .unwrap();
        let mut got = String::from_utf8(o.stdout).unwrap();
        if want.lines().any(|l| l.starts_with("Checked ")) {
            let stderr = String::from_utf8(o.stderr).unwrap();
            let summary = stderr.lines().find(|l| l.starts_with("Checked ")).unwrap();
            got.push_str(summary);
        }
        assert_eq!(
            normal(&got),
            normal(want),
            "README block `{command}`: the output is now\n{got}"
        );
        checked += 1;
    }
    assert!(checked >= 2, "the README's demo blocks are marked");
}
