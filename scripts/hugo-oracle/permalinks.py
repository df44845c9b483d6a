#!/usr/bin/env python3
"""Permalinks made of titles, slugs and file names, as Hugo makes them: one Hugo build per
config variant of a site with a page per title in three sections —

  t/  pattern /t/:title/          page p<i>.md, title = the title
  s/  pattern /s/:slug/           page p<i>.md, slug = the title
  f/  pattern /f/:filename/       page <the title, '/' made '-'>.md
  p/  no pattern (the file's path) page <the title, '/' made '-'>.md

Usage: permalinks.py OUT_DIR

The titles are generated here (words of many scripts, joined with punctuation and white space
of many kinds). Each golden line: `variant<TAB>content file<TAB>title as JSON<TAB>Hugo's
RelPermalink` (under s/ the title is the page's slug, its title `x`).
tests/hugo_permalinks.rs writes the same site and requires hugolint's URL for every page.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

WORDS = [
    "Getting Started", "What's New", "C++ & C#", "100% Done", "A/B Testing", "v2.0.1",
    "Ümlauts über", "Ça va", "naïve café", "Crème brûlée", "İstanbul", "straße", "ﬁne print",
    "Ελληνικά Γράμματα", "ΣΊΣΥΦΟΣ", "Русский текст", "Ёлка", "日本語の説明", "中文标题", "한국어 제목",
    "العربية", "עברית", "हिन्दी शीर्षक", "क्षत्रिय", "ไทย ผู้ใหญ่", "ქართული", "Հայերեն", "Tiếng Việt",
    "Emoji 🚀", "✓ done", "½ cup", "x²", "①②", "Ⓐ", "Ⅻ", "under_score", "dot.sep", "hash#tag",
    "at@sign", "tilde~x", "plus+minus", "%20 encoded", "%zz raw", "ǅungla", "ÅNGSTRÖM", "Ǆ",
]
SEPARATORS = [
    " ", "  ", " - ", " -- ", ": ", ", ", "; ", " & ", "!", "?", " (", ") ", "'", '"', ".", "_",
    "/", " / ", "\t", "\u00a0", "\u2003", "\u200b", "…", "—", " | ", "*", "[", "]", "{", "}",
    "<", ">", "=", "$", "^", "`", "\\",
]


def titles():
    out = []
    for i, w in enumerate(WORDS):
        out.append(w)
        for j in range(6):
            sep = SEPARATORS[(i * 7 + j * 5) % len(SEPARATORS)]
            other = WORDS[(i * 3 + j * 11 + 1) % len(WORDS)]
            out.append(w + sep + other)
    out.append("  Leading and trailing  ")
    out.append("---dashes---")
    out.append("Trailing!!!")
    seen, unique = set(), []
    for t in out:
        if t not in seen:
            seen.add(t)
            unique.append(t)
    return unique


VARIANTS = {
    "default": "",
    "accents-case": "removePathAccents = true\ndisablePathToLower = true\n",
}

CONFIG = """baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "rss", "sitemap"]
{extra}[permalinks.page]
  t = "/t/:title/"
  s = "/s/:slug/"
  f = "/f/:filename/"
"""

HOME = """{{ range .Site.RegularPages }}{{ .File.Path }}\t{{ .RelPermalink }}
{{ end }}"""


def file_name(title):
    return title.replace("/", "-").replace("\\", "-")


def build(extra, ts):
    work = tempfile.mkdtemp()
    try:
        with open(os.path.join(work, "hugo.toml"), "w") as f:
            f.write(CONFIG.format(extra=extra))
        os.makedirs(os.path.join(work, "layouts"))
        with open(os.path.join(work, "layouts", "home.html"), "w") as f:
            f.write(HOME)
        with open(os.path.join(work, "layouts", "page.html"), "w") as f:
            f.write("x")
        with open(os.path.join(work, "layouts", "section.html"), "w") as f:
            f.write("x")
        where = {}
        for i, t in enumerate(ts):
            for section, name, key in (
                ("t", f"p{i}", "title"),
                ("s", f"p{i}", "slug"),
                ("f", file_name(t), "title"),
                ("p", file_name(t), "title"),
            ):
                d = os.path.join(work, "content", section)
                os.makedirs(d, exist_ok=True)
                fm = {"title": t} if key == "title" else {"title": "x", "slug": t}
                path = os.path.join(d, name + ".md")
                if os.path.exists(path):
                    continue
                with open(path, "w", encoding="utf-8") as f:
                    f.write(json.dumps(fm, ensure_ascii=False) + "\n\nText.\n")
                where[f"{section}/{name}.md"] = (section, t)
        subprocess.run(["hugo", "--logLevel", "error", "--noBuildLock", "-d", "public"], cwd=work,
                       check=True, stdout=subprocess.DEVNULL)
        urls = {}
        with open(os.path.join(work, "public", "index.html"), encoding="utf-8") as f:
            for line in f:
                if "\t" in line:
                    p, u = line.rstrip("\n").split("\t", 1)
                    urls[p.replace(os.sep, "/")] = u
        return [(p, where[p][1], urls[p]) for p in sorted(where) if p in urls]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    ts = titles()
    lines = []
    for name, extra in VARIANTS.items():
        for path, t, url in build(extra, ts):
            lines.append(f"{name}\t{path}\t{json.dumps(t, ensure_ascii=False)}\t{url}\n")
    with open(os.path.join(out, "titles.txt"), "w", encoding="utf-8") as f:
        f.writelines(lines)
    print(f"wrote {len(lines)} URLs ({len(ts)} titles) to {out}/titles.txt")


if __name__ == "__main__":
    main()
