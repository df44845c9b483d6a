//! Differential test against a real Hugo: shortcode tags spelled many ways.
//!
//! `fixtures/hugo/shortcode-params/goldens.jsonl` (written by
//! `scripts/hugo-oracle/shortcode-params.sh`, which CI reruns and diffs) holds several hundred
//! pages, each with one tag (a few by hand, the rest generated), and what Hugo 0.168 made of it:
//! the error its build stopped with, or the parameters each shortcode's template received. For
//! every page hugolint's lexer must agree:
//! - Hugo fails: hugolint reports Hugo's message on Hugo's line (the problem's or a label's);
//!   a template Hugo cannot find is not the lexer's business: the name must be the same, or the
//!   tag must fail for a reason Hugo gives once the template exists;
//! - Hugo builds: hugolint reports nothing that fails a build, and reads the same shortcodes
//!   with the same parameters — named or positional, the same values, typed as Hugo types them
//!   (an unquoted number or boolean is one).

use hugolint::catalogue::Catalogue;
use hugolint::document::{LineIndex, Shortcode};
use hugolint::syntax::{front_matter, shortcode};
use serde_json::Value;

/// A value as Hugo's template gets it: quoted ones are strings; others are booleans, integers
/// or floats when they look like one (Hugo's `ValTyped`).
fn typed(text: &str, written: &str) -> Value {
    if written.starts_with(['"', '`', '\\']) {
        return Value::String(text.to_string());
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if text == "true" || text == "false" {
        Value::Bool(text == "true")
    } else if digits(unsigned) {
        text.parse::<i64>()
            .map_or_else(|_| Value::String(text.to_string()), Value::from)
    } else if let Some((int, frac)) = unsigned.split_once('.')
        && (int.is_empty() || digits(int))
        && digits(frac)
    {
        text.parse::<f64>()
            .map_or_else(|_| Value::String(text.to_string()), Value::from)
    } else {
        Value::String(text.to_string())
    }
}

/// What Hugo's template prints for one shortcode: name, `.IsNamedParams`, `.Params`.
fn as_hugo_sees(text: &str, sc: &Shortcode) -> (String, bool, Value) {
    let named = sc.params.iter().any(|p| p.name.is_some());
    let value = |p: &hugolint::document::ShortcodeParam| typed(&p.value, &text[p.span.clone()]);
    let params = if sc.params.is_empty() {
        Value::Null
    } else if named {
        Value::Object(
            sc.params
                .iter()
                .map(|p| (p.name.clone().unwrap_or_default(), value(p)))
                .collect(),
        )
    } else {
        Value::Array(sc.params.iter().map(value).collect())
    };
    (sc.name.clone(), named, params)
}

/// JSON equality with numbers compared by value (Go writes 2.0 as 2).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn shortcode_tags_read_as_hugo_reads_them() {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hugo/shortcode-params");
    let goldens = std::fs::read_to_string(root.join("goldens.jsonl"))
        .expect("goldens (run scripts/hugo-oracle/shortcode-params.sh)");
    // The fixture site's templates: `pair` prints .Inner, `p` does not.
    let catalogue = Catalogue::from_yaml("pair: { paired: true }\np: { paired: false }\n").unwrap();
    let (mut cases, mut built, mut failed) = (0, 0, 0);
    let mut failures = Vec::new();
    for row in goldens.lines() {
        let row: Value = serde_json::from_str(row).expect("a JSON line");
        let text = row["page"].as_str().expect("page");
        let hugo = &row["hugo"];
        let body = front_matter::split(text).body_start;
        let lexed = shortcode::scan(text, body, &catalogue);
        let lines = LineIndex::new(text);
        let line_of = |o: usize| lines.line_col(text, o).0;
        let tag = text[body..].trim_end();
        cases += 1;
        let errors: Vec<_> = lexed.problems.iter().filter(|p| !p.build_ok).collect();
        if let Some(rendered) = hugo["ok"].as_array() {
            built += 1;
            let got: Vec<_> = lexed
                .shortcodes
                .iter()
                .map(|s| as_hugo_sees(text, s))
                .collect();
            let agrees = got.len() == rendered.len()
                && got.iter().zip(rendered).all(|((name, named, params), r)| {
                    r[0].as_str() == Some(name.as_str())
                        && r[1].as_bool() == Some(*named)
                        && same(params, &r[2])
                });
            if !errors.is_empty() || !agrees {
                failures.push(format!(
                    "{tag:?}\n    Hugo builds it: {rendered:?}\n    hugolint: {got:?}, problems {:?}",
                    errors.iter().map(|p| &p.message).collect::<Vec<_>>()
                ));
            }
            continue;
        }
        failed += 1;
        let line = hugo["error"]["line"].as_u64().expect("line") as usize;
        let message = hugo["error"]["message"].as_str().expect("message");
        if let Some(name) = message
            .strip_prefix("template for shortcode \"")
            .and_then(|m| m.strip_suffix("\" not found"))
        {
            // The lexer reads the name; when the tag has a problem after it, Hugo reports the
            // missing template first, hugolint the problem (which Hugo reports once the
            // template exists): both fail.
            let named = errors.is_empty() && lexed.shortcodes.iter().any(|s| s.name == name);
            if !named && errors.is_empty() {
                failures.push(format!(
                    "{tag:?}\n    Hugo has no template for {name:?}\n    hugolint: names {:?}, problems {:?}",
                    lexed.shortcodes.iter().map(|s| &s.name).collect::<Vec<_>>(),
                    errors.iter().map(|p| &p.message).collect::<Vec<_>>()
                ));
            }
            continue;
        }
        let found = errors.iter().any(|p| {
            let on_line = line_of(p.span.start) == line
                || p.labels.iter().any(|(s, _)| line_of(s.start) == line);
            on_line && p.message.contains(message)
        });
        if !found {
            failures.push(format!(
                "{tag:?}\n    Hugo fails: {line}: {message}\n    hugolint: {:?}",
                errors
                    .iter()
                    .map(|p| format!("{}: {}", line_of(p.span.start), p.message))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        cases >= 300 && built >= 100 && failed >= 100,
        "{cases} cases, {built} built, {failed} failed"
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} cases differ from Hugo:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
