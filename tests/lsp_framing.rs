//! `hugolint server` fed broken byte streams: after every framing fault it says so in a log
//! message and answers the next well-framed request (issue 17: a bad frame used to leave it deaf
//! for ever, and `Content-Length: 1000000000000` aborted it).

use serde_json::json;

mod lsp_client;
use lsp_client::{Client, codes, file_uri};

/// A well-formed JSON-RPC body (a notification nobody answers).
fn body() -> Vec<u8> {
    json!({"jsonrpc": "2.0", "method": "$/hugolint-test", "params": {"pad": "x".repeat(40)}})
        .to_string()
        .into_bytes()
}

/// After `bad`, the server logs a fault and still answers requests and exits cleanly.
fn survives(what: &str, bad: &[u8]) {
    let tmp = tempfile::tempdir().unwrap();
    let mut c = Client::start(tmp.path());
    c.initialize();
    c.write_bytes(bad);
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "untitled:x"}, "position": {"line": 0, "character": 0}}),
    );
    assert!(
        hover.get("result").is_some() || hover.get("error").is_some(),
        "{what}: {hover}"
    );
    let log = c.wait(|m| m["method"] == "window/logMessage");
    let message = log["params"]["message"].as_str().unwrap();
    assert!(message.contains("malformed"), "{what}: {message}");
    assert_eq!(c.finish(), Some(0), "{what}");
}

fn framed(header: &str, body: &[u8]) -> Vec<u8> {
    let mut v = header.as_bytes().to_vec();
    v.extend_from_slice(body);
    v
}

#[test]
fn a_length_too_small() {
    let b = body();
    survives(
        "too small",
        &framed(&format!("Content-Length: {}\r\n\r\n", b.len() - 10), &b),
    );
}

#[test]
fn a_length_too_big() {
    let b = body();
    survives(
        "too big",
        &framed(&format!("Content-Length: {}\r\n\r\n", b.len() + 10), &b),
    );
}

#[test]
fn a_negative_length() {
    survives("negative", &framed("Content-Length: -5\r\n\r\n", &body()));
}

#[test]
fn a_length_that_is_not_a_number() {
    survives(
        "not a number",
        &framed("Content-Length: ten\r\n\r\n", &body()),
    );
}

#[test]
fn a_missing_length() {
    survives(
        "missing",
        &framed("Content-Type: application/json\r\n\r\n", &body()),
    );
}

#[test]
fn a_length_of_a_terabyte() {
    // Once an allocation failure that aborted the process.
    survives(
        "a terabyte",
        &framed("Content-Length: 1000000000000\r\n\r\n", &body()),
    );
}

#[test]
fn garbage_without_headers() {
    survives("garbage", b"\x00\x01\xfe\xffGET / HTTP/1.1\r\n\r\n");
    survives("a line with no end", &[b'a'; 100_000]);
}

#[test]
fn a_body_that_is_not_json() {
    survives(
        "not json",
        &framed("Content-Length: 9\r\n\r\n", b"{not json"),
    );
}

#[test]
fn lf_only_headers_are_read() {
    // Not a fault: a message with LF-only header lines is read like any other.
    let tmp = tempfile::tempdir().unwrap();
    let mut c = Client::start(tmp.path());
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": null, "capabilities": {}}})
    .to_string();
    c.write_bytes(format!("Content-Length: {}\n\n{init}", init.len()).as_bytes());
    let answer = c.wait(|m| m["id"] == 1);
    assert_eq!(answer["result"]["serverInfo"]["name"], "hugolint");
    c.notify("initialized", json!({}));
    assert_eq!(c.finish(), Some(0));
}

#[test]
fn a_page_too_large_gets_one_diagnostic() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().canonicalize().unwrap();
    let mut c = Client::start(&site);
    c.initialize();
    let uri = file_uri(&site.join("big.md"));
    // 5 MB of images without alt text: far more than the editor lints.
    c.open(&uri, &"![](x.png)\n".repeat(500_000));
    let diags = c.diagnostics(&uri);
    assert_eq!(codes(&diags), ["io"], "{:?}", &diags[..diags.len().min(3)]);
    assert!(
        diags[0]["message"].as_str().unwrap().contains("bytes"),
        "{}",
        diags[0]
    );
    assert_eq!(c.finish(), Some(0));
}

#[test]
fn findings_past_the_limit_are_counted_not_sent() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().canonicalize().unwrap();
    let mut c = Client::start(&site);
    c.initialize();
    std::fs::write(site.join("x.png"), "").unwrap();
    let uri = file_uri(&site.join("many.md"));
    c.open(&uri, &"![](x.png)\n".repeat(6_000));
    let diags = c.diagnostics(&uri);
    assert_eq!(diags.len(), 5_001);
    assert!(diags[..5_000].iter().all(|d| d["code"] == "missing-alt"));
    let last = &diags[5_000];
    assert!(
        last["message"].as_str().unwrap().starts_with("1000 more"),
        "{last}"
    );
    assert_eq!(c.finish(), Some(0));
}

/// The framing fuzz target's check on its seeds (and any input it ever failed on).
#[test]
fn fuzz_seeds_and_regressions() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join("lsp_framing")) else {
            continue;
        };
        for e in entries {
            let data = std::fs::read(e.unwrap().path()).unwrap();
            hugolint::server::framing::fuzz_check(&data);
            n += 1;
        }
    }
    assert!(n >= 5, "{n} inputs");
}
