//! The byte stream → messages, surviving any bytes a client (or a broken pipe) sends.
//!
//! hugolint reads the frames itself rather than with `lsp_server::Message::read`, which
//! allocates whatever `Content-Length` says before reading (`Content-Length: 1000000000000`
//! aborted the process), and, after any framing fault (a length too small or too big, negative,
//! missing, LF-only headers), returns an error with the stream at an unknown place: every later
//! read failed too, and the server went deaf. Here:
//!
//! - A body is read as its bytes arrive, up to [`MAX_MESSAGE`]; a larger length is a fault and
//!   its bytes are never held.
//! - Header lines end with CRLF or a bare LF, and are at most [`MAX_HEADER_LINE`] bytes.
//! - After a fault the reader resynchronises on the next `Content-Length:` header. That text
//!   followed by digits and a line end cannot occur inside a JSON body (JSON strings escape their
//!   line ends, and outside strings the words are not JSON), so the first one found after a
//!   fault starts a real frame. A body that is not JSON is searched for it too (its length was
//!   too big and it swallowed the next header), once: bytes given back are never given back
//!   again, so every byte is read at most twice.
//!
//! Every fault is reported ([`Frame::Fault`]) for the server to log; none ends the stream.

use std::io::Read;

use lsp_server::Message;

/// The largest message read (a didOpen of a page of up to about this size).
pub const MAX_MESSAGE: usize = 64 << 20;
/// The longest header line (LSP's headers are two short lines).
pub const MAX_HEADER_LINE: usize = 1024;

const HEADER: &[u8] = b"content-length:";

/// One step of the stream.
#[derive(Debug)]
pub enum Frame {
    Message(Message),
    /// A frame that could not be read, or did not hold a JSON-RPC message: skipped.
    Fault(String),
    /// The stream ended.
    End,
}

/// Frames from any byte source.
pub struct FrameReader<R> {
    input: R,
    /// Bytes read and not consumed yet: `buf[pos..]`.
    buf: Vec<u8>,
    pos: usize,
    /// How many of the unconsumed bytes were given back after a failed body: a body holding any
    /// of them is not searched again.
    given_back: usize,
    /// Searching for the next `Content-Length:` after a fault.
    resync: bool,
    eof: bool,
    max: usize,
    consumed: usize,
}

impl<R: Read> FrameReader<R> {
    pub fn new(input: R) -> Self {
        Self::with_limit(input, MAX_MESSAGE)
    }

    /// A reader with another bound on a message's size (tests, fuzzing).
    pub fn with_limit(input: R, max: usize) -> Self {
        FrameReader {
            input,
            buf: Vec::new(),
            pos: 0,
            given_back: 0,
            resync: false,
            eof: false,
            max,
            consumed: 0,
        }
    }

    /// The next frame.
    pub fn next_frame(&mut self) -> Frame {
        if self.resync {
            if !self.find_header() {
                return Frame::End;
            }
            self.resync = false;
            // The header's name is consumed: read its value as the rest of the line.
            match self.headers(true) {
                Ok(Some(len)) => self.body(len),
                Ok(None) => Frame::End,
                Err(fault) => self.fault(fault),
            }
        } else {
            match self.headers(false) {
                Ok(Some(len)) => self.body(len),
                Ok(None) => Frame::End,
                Err(fault) => self.fault(fault),
            }
        }
    }

    fn fault(&mut self, why: String) -> Frame {
        self.resync = true;
        Frame::Fault(why)
    }

    /// Unconsumed bytes, reading more when none are left; empty at the end of the stream.
    fn fill(&mut self) -> &[u8] {
        if self.pos == self.buf.len() && !self.eof {
            self.buf.clear();
            self.pos = 0;
            self.given_back = 0;
            self.buf.resize(64 << 10, 0);
            let n = loop {
                match self.input.read(&mut self.buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(_) => break 0,
                }
            };
            self.buf.truncate(n);
            self.eof = n == 0;
        }
        &self.buf[self.pos..]
    }

    /// How many bytes were consumed (given-back bytes count again).
    pub fn read_so_far(&self) -> usize {
        self.consumed
    }

    fn consume(&mut self, n: usize) {
        self.consumed += n;
        self.pos += n;
        self.given_back = self.given_back.saturating_sub(n);
    }

    /// Skip to just after the next `Content-Length:` (any case); false at the end of the stream.
    fn find_header(&mut self) -> bool {
        let mut matched = 0;
        loop {
            let chunk = self.fill();
            if chunk.is_empty() {
                return false;
            }
            let mut used = chunk.len();
            for (i, &b) in chunk.iter().enumerate() {
                let b = b.to_ascii_lowercase();
                if b == HEADER[matched] {
                    matched += 1;
                } else {
                    // 'c' occurs once in the pattern, at its start.
                    matched = usize::from(b == HEADER[0]);
                }
                if matched == HEADER.len() {
                    used = i + 1;
                    break;
                }
            }
            self.consume(used);
            if matched == HEADER.len() {
                return true;
            }
        }
    }

    /// One header line without its line end; `None` at the end of the stream.
    fn line(&mut self) -> Result<Option<Vec<u8>>, String> {
        let mut line = Vec::new();
        loop {
            let chunk = self.fill();
            if chunk.is_empty() {
                return Ok(None);
            }
            let (take, done) = match memchr::memchr(b'\n', chunk) {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            let room = MAX_HEADER_LINE + 2 - line.len();
            if take > room {
                line.extend_from_slice(&chunk[..room]);
                self.consume(room);
                return Err(format!(
                    "a header line longer than {MAX_HEADER_LINE} bytes ({}...)",
                    shown(&line[..32.min(line.len())])
                ));
            }
            line.extend_from_slice(&chunk[..take]);
            self.consume(take);
            if done {
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(Some(line));
            }
        }
    }

    /// The headers up to the blank line, and the body's length. `after_name`: the reader stands
    /// just after a `Content-Length:` found by resynchronising.
    fn headers(&mut self, mut after_name: bool) -> Result<Option<usize>, String> {
        let mut length: Option<usize> = None;
        let mut any = false;
        loop {
            let Some(line) = self.line()? else {
                return Ok(None);
            };
            let (name, value): (&[u8], &[u8]) = if after_name {
                after_name = false;
                (b"content-length", &line)
            } else if line.is_empty() {
                if !any {
                    // A blank line between messages.
                    continue;
                }
                return match length {
                    Some(len) => Ok(Some(len)),
                    None => Err("a message without a Content-Length header".to_string()),
                };
            } else {
                match memchr::memchr(b':', &line) {
                    Some(i) => (&line[..i], &line[i + 1..]),
                    None => return Err(format!("not a header line: {}", shown(&line))),
                }
            };
            any = true;
            if name.is_empty()
                || !name
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
            {
                return Err(format!("not a header line: {}", shown(&line)));
            }
            if name.eq_ignore_ascii_case(b"content-length") {
                let value = value.trim_ascii();
                let len = std::str::from_utf8(value)
                    .ok()
                    .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
                    .ok_or_else(|| {
                        format!("a Content-Length that is not a size: {}", shown(value))
                    })?
                    .parse::<u64>()
                    .unwrap_or(u64::MAX);
                if len > self.max as u64 {
                    return Err(format!(
                        "a message of {len} bytes, more than the {} bytes hugolint reads; skipped",
                        self.max
                    ));
                }
                length = Some(len as usize);
            }
            // Content-Type and anything else: ignored.
        }
    }

    fn body(&mut self, len: usize) -> Frame {
        let mut body = Vec::with_capacity(len.min(64 << 10));
        let mut touched_given_back = false;
        while body.len() < len {
            let given_back = self.given_back;
            let chunk = self.fill();
            if chunk.is_empty() {
                return Frame::End;
            }
            let take = chunk.len().min(len - body.len());
            body.extend_from_slice(&chunk[..take]);
            touched_given_back |= given_back > 0;
            self.consume(take);
        }
        match serde_json::from_slice::<Message>(&body) {
            Ok(m) => Frame::Message(m),
            Err(e) if serde_json::from_slice::<serde_json::Value>(&body).is_ok() => {
                Frame::Fault(format!("not a JSON-RPC message: {e}"))
            }
            Err(e) => {
                // Perhaps the length was wrong and the body swallowed the next header: look for
                // it in the body (once), and in what follows.
                if !touched_given_back {
                    self.give_back(&body);
                }
                self.fault(format!("a body that is not JSON ({len} bytes): {e}"))
            }
        }
    }

    fn give_back(&mut self, bytes: &[u8]) {
        let rest = self.buf.split_off(self.pos);
        self.buf.clear();
        self.buf.extend_from_slice(bytes);
        self.buf.extend_from_slice(&rest);
        self.pos = 0;
        self.given_back = bytes.len();
    }
}

/// Write one message's body with its header.
pub fn write_frame(out: &mut impl std::io::Write, body: &[u8]) -> std::io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(body)?;
    out.flush()
}

/// The fuzz target's check (`fuzz/fuzz_targets/lsp_framing.rs`), also run on its seeds by
/// `tests/lsp_framing.rs`: any bytes end in a bounded number of frames, never a panic, and the
/// frames do not depend on how the bytes arrive (whole, or a few at a time).
pub fn fuzz_check(data: &[u8]) {
    fn all(input: impl Read) -> Vec<String> {
        let mut r = FrameReader::with_limit(input, 4096);
        let mut out = Vec::new();
        loop {
            match r.next_frame() {
                Frame::End => return out,
                frame => out.push(format!("{frame:?}")),
            }
            // Every frame consumes at least one byte.
            assert!(
                out.len() <= r.read_so_far(),
                "a frame that consumed nothing"
            );
        }
    }
    /// Hands out the bytes in pieces of 1 to 7.
    struct Trickle<'a>(&'a [u8], usize);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.1 = self.1 % 7 + 1;
            let n = self.1.min(self.0.len()).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let whole = all(data);
    assert!(whole.len() <= data.len());
    assert_eq!(whole, all(Trickle(data, 0)));
}

/// Bytes from the stream as a log may show them: escaped, at most 80 characters.
fn shown(bytes: &[u8]) -> String {
    let mut s: String = bytes
        .iter()
        .take(80)
        .flat_map(|b| std::ascii::escape_default(*b))
        .map(char::from)
        .collect();
    if bytes.len() > 80 {
        s.push_str("...");
    }
    format!("\"{s}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<String> {
        let mut r = FrameReader::with_limit(input, 1000);
        let mut out = Vec::new();
        loop {
            match r.next_frame() {
                Frame::Message(Message::Request(q)) => out.push(format!("req {}", q.method)),
                Frame::Message(Message::Notification(n)) => out.push(format!("not {}", n.method)),
                Frame::Message(Message::Response(_)) => out.push("resp".into()),
                Frame::Fault(_) => out.push("fault".into()),
                Frame::End => return out,
            }
        }
    }

    fn framed(method: &str) -> Vec<u8> {
        let body = format!(
            r#"{{"jsonrpc":"2.0","method":"{method}","params":{{"pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}}}}"#
        );
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    fn with_header(header: &str, method: &str) -> Vec<u8> {
        let ok = framed(method);
        let body = &ok[ok.iter().position(|&b| b == b'{').unwrap()..];
        let mut v = header.as_bytes().to_vec();
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn every_fault_is_followed_by_the_next_message() {
        let good = framed("b");
        let len = good.len() - good.iter().position(|&b| b == b'{').unwrap();
        let cases: Vec<(&str, Vec<u8>)> = vec![
            (
                "too small",
                with_header(&format!("Content-Length: {}\r\n\r\n", len - 9), "a"),
            ),
            (
                "too big",
                with_header(&format!("Content-Length: {}\r\n\r\n", len + 9), "a"),
            ),
            ("negative", with_header("Content-Length: -5\r\n\r\n", "a")),
            ("missing", with_header("Content-Type: x\r\n\r\n", "a")),
            (
                "huge",
                with_header("Content-Length: 1000000000000\r\n\r\n", "a"),
            ),
            (
                "overflow",
                with_header("Content-Length: 99999999999999999999999999\r\n\r\n", "a"),
            ),
            ("garbage", b"\x00\xffhello world\r\n\r\n".to_vec()),
            ("no line end", vec![b'x'; 5000]),
        ];
        for (what, bad) in cases {
            let mut input = bad.clone();
            input.extend_from_slice(&good);
            let got = frames(&input);
            assert_eq!(
                got.last().map(String::as_str),
                Some("not b"),
                "{what}: {got:?}"
            );
            assert!(got.contains(&"fault".to_string()), "{what}: {got:?}");
        }
    }

    #[test]
    fn lf_only_headers_and_blank_lines_between_messages_are_read() {
        let body_len = with_header("", "a").len();
        let mut input = with_header(&format!("content-length:{body_len}\n\n"), "a");
        input.extend_from_slice(b"\r\n");
        input.extend_from_slice(&framed("b"));
        assert_eq!(frames(&input), ["not a", "not b"]);
    }

    #[test]
    fn a_header_found_inside_a_body_is_searched_once() {
        // Each frame's body holds the header of the next (lengths too big): given back once,
        // then skipped; reading stays linear.
        let mut input = Vec::new();
        for _ in 0..200 {
            input.extend_from_slice(b"Content-Length: 900\r\n\r\n{");
        }
        input.extend_from_slice(&[b'x'; 1000]);
        input.extend_from_slice(&framed("b"));
        let got = frames(&input);
        assert_eq!(got.last().map(String::as_str), Some("not b"));
        assert!(got.len() <= 202, "{}", got.len());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Streams made of header lines, bodies, blank lines and garbage in any order: the
        /// fuzz target's check holds (bounded frames, the same however the bytes arrive).
        #[test]
        fn any_mix_of_frame_pieces(pieces in proptest::collection::vec(0usize..9, 0..24), n in 0u64..5000) {
            let mut input = Vec::new();
            for p in pieces {
                match p {
                    0 => input.extend_from_slice(format!("Content-Length: {n}\r\n").as_bytes()),
                    1 => input.extend_from_slice(b"\r\n"),
                    2 => input.extend_from_slice(b"\n"),
                    3 => input.extend_from_slice(&framed("x")),
                    4 => input.extend_from_slice(b"{\"jsonrpc\":\"2.0\""),
                    5 => input.extend_from_slice(b"Content-Length: -1\r\n\r\n"),
                    6 => input.extend_from_slice(b"content-length:"),
                    7 => input.extend_from_slice(&[0xff, 0x00, b':', b'\r']),
                    _ => input.extend_from_slice(b"Content-Type: a\r\n"),
                }
            }
            fuzz_check(&input);
            // A well-framed message after any of that is read, when nothing before it is still
            // waiting for body bytes: checked with the message repeated past the largest length.
            let mut tail = input.clone();
            let good = framed("b");
            while tail.len() < input.len() + 5000 + good.len() * 2 {
                tail.extend_from_slice(&good);
            }
            let got = frames(&tail);
            proptest::prop_assert_eq!(got.last().map(String::as_str), Some("not b"));
        }
    }
}
