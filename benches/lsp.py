#!/usr/bin/env python3
"""The language server's latency, as an editor sees it: `hugolint server` driven over stdio.

    python3 benches/lsp.py target/release/hugolint SITE [PAGE] [--runs N]

PAGE (default: the site's largest Markdown page under content/en/docs, else content/) is opened;
then, each N times (default 30), one at a time, waiting for the answer:

- didChange → publishDiagnostics: a one-line edit at the end, until the diagnostics of that
  version arrive (the server lints the buffer inside its whole site);
- completion after `](/` (the site's URLs) and after `](#` (the page's anchors);
- hover on the page's first link to another page;
- references of the page's first `## ` heading (the first request reads every page's links).

Prints the first diagnostics after didOpen (the site read cold from the server's point of
view, the front matter cache warm), and the median and maximum of each, in milliseconds.
Numbers go to benches/README.md; the README gives one line.
"""

import json
import os
import statistics
import subprocess
import sys
import threading
import queue
import time


class Client:
    def __init__(self, binary, cwd):
        self.p = subprocess.Popen(
            [binary, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, cwd=cwd)
        self.q = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.p.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            self.q.put(json.loads(out.read(length)))

    def send(self, message):
        body = json.dumps(message).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, pred):
        while True:
            m = self.q.get(timeout=120)
            if pred(m):
                return m

    def request(self, method, params):
        self.next_id += 1
        i = self.next_id
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == i)


def largest_page(site):
    best = (0, None)
    for base in ("content/en/docs", "content"):
        for root, _, files in os.walk(os.path.join(site, base)):
            for f in files:
                if f.endswith(".md"):
                    p = os.path.join(root, f)
                    best = max(best, (os.path.getsize(p), p))
        if best[1]:
            return best[1]
    sys.exit("no Markdown page found")


def timed(runs, fn):
    times = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def show(name, times):
    print(f"{name:<44} median {statistics.median(times):7.1f} ms   max {max(times):7.1f} ms")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = 30
    if "--runs" in sys.argv:
        runs = int(sys.argv[sys.argv.index("--runs") + 1])
        args = [a for a in args if a != str(runs)]
    binary, site = os.path.abspath(args[0]), os.path.abspath(args[1])
    page = os.path.abspath(args[2]) if len(args) > 2 else largest_page(site)
    uri = "file://" + page
    text = open(page, encoding="utf-8").read()
    pages = sum(1 for _, _, fs in os.walk(os.path.join(site, "content"))
                for f in fs if f.endswith(".md"))
    print(f"site {site} ({pages} Markdown files), page {os.path.relpath(page, site)}")

    c = Client(binary, site)
    c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    c.notify("initialized", {})
    start = time.perf_counter()
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    print(f"{'didOpen → first diagnostics':<44} {(time.perf_counter() - start) * 1000:7.1f} ms")

    version = [1]

    def change(extra):
        version[0] += 1
        v = version[0]
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": v},
            "contentChanges": [{"text": text + "\n" + extra}]})
        c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
               and m["params"].get("version") == v)
        return text + "\n" + extra

    show("didChange → publishDiagnostics", timed(runs, lambda i: change(f"Edit {i}.")))

    def completion(line):
        new = change(line)
        lines = new.split("\n")
        at = {"line": len(lines) - 1, "character": len(lines[-1].encode("utf-16-le")) // 2}

        def ask(_):
            r = c.request("textDocument/completion",
                          {"textDocument": {"uri": uri}, "position": at})
            assert r.get("result") is not None, r
            return r
        ask(0)  # the site read for completion the first time
        return ask

    ask = completion("See [x](/")
    show("completion after `](/` (URLs)", timed(runs, ask))
    ask = completion("See [x](#")
    show("completion after `](#` (this page's anchors)", timed(runs, ask))

    # The first link to another page: a `](/` in the text.
    at = text.find("](/")
    if at >= 0:
        before = text[:at + 3]
        pos = {"line": before.count("\n"),
               "character": len(before.split("\n")[-1].encode("utf-16-le")) // 2}
        change("")

        def hover(_):
            r = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": pos})
            assert "result" in r, r
        show("hover on a link", timed(runs, hover))

    # References of the page's first heading: the first reads every page's links.
    lines = text.split("\n")
    heading = next((i for i, l in enumerate(lines) if l.startswith("## ")), None)
    if heading is not None:
        change("")
        pos = {"line": heading, "character": 3}

        def references(_):
            r = c.request("textDocument/references", {
                "textDocument": {"uri": uri}, "position": pos,
                "context": {"includeDeclaration": False}})
            assert "result" in r, r
            return r
        first = timed(1, references)
        print(f"{'references (first: every page read)':<44} {first[0]:7.1f} ms")
        show("references (then)", timed(runs, references))

    c.request("shutdown", None)
    c.notify("exit", None)
    c.p.wait(timeout=30)


if __name__ == "__main__":
    main()
