//! The packages a user installs (README, Install): one version everywhere, and, when
//! `HUGOLINT_PACKAGES` names the folder `scripts/packaging/build.sh` fills (.ci/run sets it),
//! each package installed into a clean folder and run on the demo site, its output compared with
//! `cargo run --release`'s.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_copy_of_the_version_is_cargos() {
    // npm: the launcher and the platform packages it asks for (npm_platform.py makes those with
    // Cargo.toml's version).
    let launcher: serde_json::Value =
        serde_json::from_str(&read("npm/hugolint/package.json")).unwrap();
    assert_eq!(launcher["version"], VERSION, "npm/hugolint/package.json");
    let platforms = launcher["optionalDependencies"].as_object().unwrap();
    let make_platform = read("scripts/packaging/npm_platform.py");
    assert_eq!(platforms.len(), make_platform.matches("\": (\"").count());
    for (name, version) in platforms {
        assert_eq!(version, VERSION, "npm/hugolint/package.json: {name}");
        let suffix = name.strip_prefix("@hugolint/cli-").unwrap();
        assert!(
            make_platform.contains(&format!("(\"{suffix}\", ")),
            "npm_platform.py makes no {name}"
        );
    }

    // The GitHub Action installs its own version by default.
    let action = read("action.yml");
    let line = action
        .lines()
        .find(|l| l.ends_with("# hugolint version"))
        .expect("action.yml: the version input's default");
    assert_eq!(
        line.trim(),
        format!("default: \"{VERSION}\" # hugolint version")
    );

    // PyPI: maturin takes Cargo's version; pyproject.toml must not state its own.
    let pyproject: toml::Table = read("pyproject.toml").parse().unwrap();
    let project = pyproject["project"].as_table().unwrap();
    assert!(
        !project.contains_key("version"),
        "pyproject.toml states a version"
    );
    assert!(
        project["dynamic"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v.as_str() == Some("version"))
    );

    // The changelog has a section for this version, and one for what is not released yet.
    let changelog = read("CHANGELOG.md");
    assert!(changelog.contains("\n## [Unreleased]\n"));
    assert!(
        changelog.contains(&format!("\n## [{VERSION}]"))
            || changelog.contains(&format!("\n## {VERSION}\n")),
        "CHANGELOG.md has no section for {VERSION}"
    );
}

/// `HUGOLINT_PACKAGES`, relative to the repository; None (and a note) when unset.
fn packages() -> Option<PathBuf> {
    match std::env::var_os("HUGOLINT_PACKAGES") {
        Some(dir) => Some(repo().join(dir)),
        None => {
            eprintln!(
                "skipped: set HUGOLINT_PACKAGES=target/packages after scripts/packaging/build.sh"
            );
            None
        }
    }
}

fn files_in(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    found.sort();
    found
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{cmd:?}: {:?}\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn host_target() -> String {
    let out = run(Command::new("rustc").arg("-vV"));
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("host: "))
        .unwrap()
        .to_string()
}

/// The demo site checked by each installed package, in a folder of its own that holds a copy of
/// fixtures/demo and nothing else of the repository: stdout and exit code equal `cargo run
/// --release`'s (run from the same folder), in the concise and JSON formats.
#[test]
fn each_package_installs_and_runs_the_demo_as_cargo_run_does() {
    let Some(packages) = packages() else { return };
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&repo().join("fixtures/demo"), &site.join("fixtures/demo"));
    let cache = dir.path().join("cache");
    let lint = |program: &mut Command, format: &str| {
        let out = run(program
            .args(["--format", format, "fixtures/demo"])
            .current_dir(&site)
            .env("HUGOLINT_CACHE_DIR", &cache)
            .env_remove("HUGOLINT_FORMAT"));
        (String::from_utf8(out.stdout).unwrap(), out.status.code())
    };
    let cargo_run = || {
        let mut c = Command::new(env!("CARGO"));
        c.args(["run", "--quiet", "--release", "--locked", "--manifest-path"])
            .arg(repo().join("Cargo.toml"))
            .arg("--");
        c
    };
    let expected: Vec<_> = ["concise", "json"]
        .iter()
        .map(|f| lint(&mut cargo_run(), f))
        .collect();
    assert_eq!(expected[0].1, Some(1), "the demo has errors");
    assert_eq!(expected[0].0.lines().count(), 12, "{}", expected[0].0);

    let check = |what: &str, program: &dyn Fn() -> Command| {
        let version = run(program().arg("--version").current_dir(&site));
        assert_eq!(
            String::from_utf8_lossy(&version.stdout).trim(),
            format!("hugolint {VERSION}"),
            "{what}"
        );
        for (format, want) in ["concise", "json"].iter().zip(&expected) {
            assert_eq!(
                &lint(&mut program(), format),
                want,
                "{what}, --format {format}"
            );
        }
        eprintln!("{what}: same output as cargo run --release");
    };

    // PyPI: the wheel, pip-installed into a new virtual environment, without an index.
    let wheel = files_in(&packages.join("wheels"), ".whl")
        .into_iter()
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("hugolint-{VERSION}-"))
        })
        .expect("the hugolint wheel");
    let venv = dir.path().join("venv");
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    run(Command::new(venv.join("bin/python"))
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-index",
            "--disable-pip-version-check",
        ])
        .arg(&wheel));
    check("pip install (wheel)", &|| {
        Command::new(venv.join("bin/hugolint"))
    });

    // npm: the site's package.json gets hugolint as a dev dependency from the two tarballs (the
    // launcher, this platform's binary package), offline; then `npx hugolint`.
    std::fs::write(
        site.join("package.json"),
        "{ \"name\": \"demo-site\", \"private\": true }\n",
    )
    .unwrap();
    let tarballs = files_in(&packages.join("npm"), ".tgz");
    assert_eq!(tarballs.len(), 2, "{tarballs:?}");
    run(Command::new("npm")
        .args([
            "install",
            "--save-dev",
            "--offline",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ])
        .args(&tarballs)
        .current_dir(&site));
    check("npm install, npx hugolint", &|| {
        // `--`: npm would take `--version` for its own.
        let mut c = Command::new("npx");
        c.args(["--no", "--", "hugolint"]);
        c
    });

    // cargo install --locked from the packaged crate (what crates.io would serve).
    check("cargo install --locked", &|| {
        Command::new(packages.join("cargo/bin/hugolint"))
    });

    // The release archive, unpacked where cargo-binstall's bin-dir says the binary is.
    let (archive, bin_dir) = binstall_names(&host_target());
    let archive = packages.join("archives").join(archive);
    let unpacked = dir.path().join("archive");
    std::fs::create_dir_all(&unpacked).unwrap();
    run(Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(&unpacked));
    check("release archive (cargo binstall)", &|| {
        Command::new(unpacked.join(&bin_dir))
    });
}

/// The archive's file name (the last part of `pkg-url`) and the binary's path in it (`bin-dir`),
/// for `target`, from Cargo.toml's `[package.metadata.binstall]`.
fn binstall_names(target: &str) -> (String, String) {
    let manifest: toml::Table = read("Cargo.toml").parse().unwrap();
    let package = manifest["package"].as_table().unwrap();
    let binstall = package["metadata"]["binstall"].as_table().unwrap();
    let overrides = binstall.get("overrides").and_then(|o| o.get(target));
    let key = |k: &str| {
        overrides
            .and_then(|o| o.get(k))
            .or_else(|| binstall.get(k))
            .and_then(|v| v.as_str())
            .unwrap()
            .to_string()
    };
    let repository = package["repository"].as_str().unwrap();
    let exe = if target.contains("windows") {
        ".exe"
    } else {
        ""
    };
    let expand = |t: String| {
        t.replace("{ repo }", repository)
            .replace("{ name }", "hugolint")
            .replace("{ version }", VERSION)
            .replace("{ target }", target)
            .replace("{ bin }", "hugolint")
            .replace("{ binary-ext }", exe)
    };
    let url = expand(key("pkg-url"));
    let release = format!("{repository}/releases/download/v{VERSION}/");
    let archive = url
        .strip_prefix(&release)
        .unwrap_or_else(|| panic!("{url}"));
    assert!(!archive.contains(['/', '{']), "{url}");
    (archive.to_string(), expand(key("bin-dir")))
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
