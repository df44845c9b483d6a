//! Every seed of the fuzz targets and every input a fuzzer found a bug with
//! (`fuzz/regressions/<target>/`), re-run with the fuzz targets' own assertions.

use std::path::Path;

fn run(target: &str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for e in entries {
            let path = e.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let result = std::panic::catch_unwind(|| check(&data));
            assert!(result.is_ok(), "{target} fails on {}", path.display());
            n += 1;
        }
    }
    n
}

#[test]
fn shortcode_lexer() {
    assert!(run("shortcode_lexer", hugolint::fuzzing::shortcode_lexer) > 0);
}

#[test]
fn front_matter() {
    assert!(run("front_matter", hugolint::fuzzing::front_matter) > 0);
}

#[test]
fn pipeline() {
    assert!(run("pipeline", hugolint::fuzzing::pipeline) > 0);
}

#[test]
fn config() {
    assert!(run("config", hugolint::fuzzing::config) > 0);
}

#[test]
fn reporters() {
    assert!(run("reporters", hugolint::fuzzing::reporters) > 0);
}
