//! Every output format on the demo site, byte for byte against reviewed goldens in
//! fixtures/formats/ (`UPDATE_GOLDENS=1 cargo test --test formats` rewrites them after a
//! deliberate change), plus what each format promises its consumers.

mod common;

use std::path::Path;
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

fn golden(format: &str) {
    let out = run(&["--format", format, "--quiet", "demo"]);
    assert_eq!(out.status.code(), Some(1), "the demo has errors");
    let path = common::fixtures_dir()
        .join("formats")
        .join(format!("demo.{format}"));
    if std::env::var_os("UPDATE_GOLDENS").is_some() {
        std::fs::write(&path, &out.stdout).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap();
    let got = String::from_utf8(out.stdout).unwrap();
    assert!(
        got == want,
        "{} differs from the output:\n{got}",
        path.display()
    );
}

#[test]
fn concise_golden() {
    golden("concise");
}

#[test]
fn json_golden() {
    golden("json");
}

#[test]
fn sarif_golden() {
    golden("sarif");
}

#[test]
fn github_golden() {
    golden("github");
}

/// Positions in JSON point at the text the byte range covers.
#[test]
fn json_positions_match_byte_ranges() {
    let out = run(&["--format", "json", "--quiet", "demo"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    let diagnostics = v["diagnostics"].as_array().unwrap();
    assert!(diagnostics.len() > 5);
    for d in diagnostics {
        let text =
            std::fs::read_to_string(common::fixtures_dir().join(d["path"].as_str().unwrap()))
                .unwrap();
        let [start, end] = [0, 1].map(|i| d["byte_range"][i].as_u64().unwrap() as usize);
        assert!(start <= end && end <= text.len());
        let line = d["start"]["line"].as_u64().unwrap() as usize;
        let column = d["start"]["column"].as_u64().unwrap() as usize;
        let line_start: usize = text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        let chars_before = text[line_start..start].chars().count();
        assert_eq!(column, chars_before + 1, "{d}");
        for key in ["rule", "severity", "message"] {
            assert!(d[key].is_string(), "{key} in {d}");
        }
        assert!(d["help"].is_string() || d["help"].is_null());
    }
}

/// What GitHub code scanning requires of a SARIF 2.1.0 log (the schema's required properties,
/// and the cross-references it cannot express): checked on the demo's log.
#[test]
fn sarif_has_what_code_scanning_requires() {
    let out = run(&["--format", "sarif", "--quiet", "demo"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &v["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "hugolint");
    let rules = driver["rules"].as_array().unwrap();
    for r in rules {
        let id = r["id"].as_str().unwrap();
        assert!(r["shortDescription"]["text"].is_string());
        let page = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("rules/{id}.md"));
        assert!(page.is_file(), "{id} has no rule page");
        assert!(
            r["helpUri"]
                .as_str()
                .unwrap()
                .ends_with(&format!("rules/{id}.md"))
        );
        assert!(
            ["error", "warning", "note"].contains(
                &r["defaultConfiguration"]["level"]
                    .as_str()
                    .unwrap_or("error")
            )
        );
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(r["message"]["text"].is_string());
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.contains('\\') && !uri.starts_with('/'));
        assert!(common::fixtures_dir().join(uri).is_file(), "{uri}");
        let region = &loc["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().unwrap() >= 1, "{key}");
        }
    }
}

#[test]
fn github_commands_escape_newlines_and_name_the_rule() {
    let out = run(&["--format", "github", "--quiet", "demo"]);
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning "),
            "{line}"
        );
        assert!(line.contains(",title=hugolint("), "{line}");
    }
    assert!(text.contains("%0Ahelp: "));
}

/// Microsoft's SARIF SDK validator (npm `@microsoft/sarif-multitool`: the SARIF 2.1.0 JSON schema
/// plus the spec's rules) finds nothing to say about our logs: relative paths, and an absolute
/// path with a space and non-ASCII letters. A broken log, as a control, gets findings. Runs when
/// `HUGOLINT_SARIF_VALIDATOR` names the validator (CI installs it).
#[test]
fn sarif_passes_the_sarif_sdk_validator() {
    let Some(validator) = std::env::var_os("HUGOLINT_SARIF_VALIDATOR") else {
        eprintln!("skipped: set HUGOLINT_SARIF_VALIDATOR to sarif-multitool to run");
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let validate = |log: &[u8], name: &str| -> Vec<serde_json::Value> {
        let input = work.path().join(format!("{name}.sarif"));
        let output = work.path().join(format!("{name}.validation.sarif"));
        std::fs::write(&input, log).unwrap();
        let o = Command::new(&validator)
            .arg("validate")
            .arg(&input)
            .arg("--output")
            .arg(&output)
            .output()
            .unwrap();
        let text = std::fs::read_to_string(&output).unwrap_or_else(|e| {
            panic!(
                "validator wrote no log ({e}): {}",
                String::from_utf8_lossy(&o.stdout)
            )
        });
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["runs"][0]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };

    let relative = run(&["--format", "sarif", "--quiet", "demo"]);
    assert_eq!(
        validate(&relative.stdout, "relative"),
        Vec::<serde_json::Value>::new()
    );

    let site = work.path().join("a site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("hugo.toml"), "baseURL = 'https://example.org/'\n").unwrap();
    std::fs::write(
        site.join("content/页 面.md"),
        "---\ntitle: x\n---\n\n![](missing.png) [x](#nope)\n",
    )
    .unwrap();
    let absolute = Command::new(env!("CARGO_BIN_EXE_hugolint"))
        .env(
            "HUGOLINT_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/hugolint-cache"),
        )
        .args(["--format", "sarif", "--quiet"])
        .arg(&site)
        .current_dir(common::fixtures_dir())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&absolute.stdout).contains("\"file:///"));
    assert_eq!(
        validate(&absolute.stdout, "absolute"),
        Vec::<serde_json::Value>::new()
    );

    let broken = br#"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":1}}}]}"#;
    assert!(
        !validate(broken, "broken").is_empty(),
        "the validator must catch a broken log"
    );
}
