#!/usr/bin/env python3
"""Permalinks made of titles, slugs and file names, as Hugo makes them: one Hugo build per
config variant of a site with a page per title in three sections —

  t/  pattern /t/:title/          page p<i>.md, title = the title
  s/  pattern /s/:slug/           page p<i>.md, slug = the title
  f/  pattern /f/:filename/       page <the title, '/' made '-'>.md
  p/  no pattern (the file's path) page <the title, '/' made '-'>.md

and one more build for the other tokens — `:sections[…]`/`:sectionslugs[…]` slices and Go
time layouts (`:2006`, `:Jan`, `:Monday`, `:15_04`…) over pages with and without dates and
time zones, in nested sections, and a `url` with tokens — written to patterns.txt: `#pattern<TAB>section<TAB>pattern`
lines, then `content file<TAB>front matter as JSON<TAB>Hugo's RelPermalink` (empty for a
section page).

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


PATTERNS = [
    "/:sections/:slug/",
    "/:sections[1:]/:slug/",
    "/:sections[last]/:filename/",
    "/:sections[0]/:sections[1]/:sections[2]/:contentbasename/",
    "/:sections[:last]/x/:filename/",
    "/:sections[1:2]/:sections[-1]/:sections[9]/:sections[a]/:sections[LAST]/:filename/",
    "/:sectionslug/:sectionslugs/:sectionslugs[1:]/:sectionslugs[last]/:slug/",
    "/:2006/:01/:02/:slug/",
    "/:2006-01-02/:Jan/:Monday/:filename/",
    "/:year/:month/:day/:weekday/:yearday/:monthname/:weekdayname/:filename/",
    "/:15_04_05/:MST/:Mon_Jan__2/:filename/",
    "/:06:_2:002:__2:3pm/:filename/",
    "/:Z070000/:title2/:slug[1]/:05[.999]/:04[,000]/:filename/",
    "/p\\:x/:January/:filename/",
]

PAGES = [
    ("_index.md", {"title": "Top"}),
    ("a.md", {"title": "Alpha", "date": "2024-03-05T07:08:09+02:00"}),
    ("b/_index.md", {"title": "Bee Section", "slug": "bee"}),
    ("b/c/_index.md", {"title": "Sea Level"}),
    ("b/c/one.md", {"title": "One", "slug": "first-one", "date": "2021-01-02T03:04:05Z"}),
    ("b/c/d/two.md", {"title": "Two", "publishDate": "2020-02-29T23:00:00-05:30"}),
    ("b/three/index.md", {"title": "Three", "lastmod": "2023-12-31"}),
    ("b/four.md", {"title": "Four Score"}),
    ("b/five.md", {"title": "Five", "date": "2019-12-31 22:59:58.5"}),
    ("e/six.md", {"title": "Six", "date": "2000-01-01", "lastmod": "2001-02-03"}),
    ("e/seven.md", {"title": "Seven", "date": "2016-07-04T12:30:00+00:00"}),
    ("e/eight.md", {"title": "Eight Ball", "date": "2022-05-06", "url": "/archive/:section/:2006/:Jan/:title/"}),
]


def build_patterns(out):
    work = tempfile.mkdtemp()
    try:
        config = (
            'baseURL = "https://example.org/"\n'
            'disableKinds = ["taxonomy", "term", "rss", "sitemap"]\n[permalinks.page]\n'
        )
        header = []
        for i, pattern in enumerate(PATTERNS):
            config += f"  k{i} = {json.dumps(pattern)}\n"
            header.append(f"#pattern\tk{i}\t{pattern}\n")
        with open(os.path.join(work, "hugo.toml"), "w") as f:
            f.write(config)
        os.makedirs(os.path.join(work, "layouts"))
        for name, text in (("home.html", HOME), ("page.html", "x"), ("section.html", "x")):
            with open(os.path.join(work, "layouts", name), "w") as f:
                f.write(text)
        files = []
        for i in range(len(PATTERNS)):
            for name, fm in PAGES:
                path = f"k{i}/{name}"
                full = os.path.join(work, "content", path)
                os.makedirs(os.path.dirname(full), exist_ok=True)
                with open(full, "w", encoding="utf-8") as f:
                    f.write(json.dumps(fm) + "\n\nText.\n")
                files.append((path, fm))
        subprocess.run(["hugo", "--logLevel", "error", "--noBuildLock", "-d", "public"], cwd=work,
                       check=True, stdout=subprocess.DEVNULL)
        urls = {}
        with open(os.path.join(work, "public", "index.html"), encoding="utf-8") as f:
            for line in f:
                if "\t" in line:
                    p, u = line.rstrip("\n").split("\t", 1)
                    urls[p.replace(os.sep, "/")] = u
        lines = header + [f"{p}\t{json.dumps(fm)}\t{urls.get(p, '')}\n" for p, fm in files]
        with open(os.path.join(out, "patterns.txt"), "w", encoding="utf-8") as f:
            f.writelines(lines)
        print(f"wrote {len(files)} pages under {len(PATTERNS)} patterns to {out}/patterns.txt")
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
    build_patterns(out)


if __name__ == "__main__":
    main()
