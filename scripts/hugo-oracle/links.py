#!/usr/bin/env python3
"""Build a fixture site with the real Hugo and say, for every link and image in each page's
rendered content, whether it works in the built site.

Usage: links.py SITE_DIR GOLDEN_FILE [PREPARE]

PREPARE, if given, is a shell command run in the copy before the build: the step of the site's own
build that makes files the checkout lacks (a config file made from a template).

The site is copied to a temporary folder and given page templates of our own that print the
source file's path and `.Content`, nothing else, so every `<a href>` and `<img src>` in the output
comes from the page's Markdown, in document order. Render hooks, shortcodes and config stay the
site's own: they are what is being tested. A ref/relref that Hugo cannot find is made a warning
that renders a URL which cannot exist, so the build goes on and the link reads as broken.

A site that publishes Netlify redirects (public/_redirects, as the build made it, and the site's
netlify.toml) is served as Netlify serves it: a path with no file goes through the first rule
whose `from` matches (`*` splat at the end, `:name` one segment, trailing slash ignored; rules
with conditions are taken to apply), to where it leads; a 4xx rule or a target with no file is
broken, another host is external.

Each golden line: `source path<TAB>index<TAB>href<TAB>verdict`, where verdict is
`ok`, `broken` (no file is published at the path, or the href is empty: the render hook found
a page that has no URL), `broken-fragment` (the file exists, the id
does not) or `external`.
"""

import html.parser
import os
import re
import tomllib
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

REF_NOT_FOUND = "/__hugolint_ref_not_found__/"

TEMPLATE = """<!doctype html><html><head><meta name="hugolint-source" content="{{ with .File }}{{ .Filename }}{{ end }}"></head>
<body><main>{{ .Content }}</main></body></html>
"""


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.source = None
        self.links = []  # hrefs and srcs inside <main>, in order
        self.ids = set()
        self.in_main = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "hugolint-source":
            self.source = a.get("content") or None
        if "id" in a and a["id"] is not None:
            self.ids.add(a["id"])
        if tag == "main":
            self.in_main += 1
            return
        if not self.in_main:
            return
        cls = a.get("class") or ""
        if "footnote" in cls:
            return  # footnote references and back-references: generated, not written
        if tag == "a" and a.get("href") is not None:
            self.links.append(a["href"])
        elif tag == "img" and a.get("src") is not None:
            self.links.append(a["src"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1


def read_page(path):
    p = Page()
    with open(path, encoding="utf-8", errors="replace") as f:
        p.feed(f.read())
    return p


def main():
    site, golden = sys.argv[1], sys.argv[2]
    prepare = sys.argv[3] if len(sys.argv) > 3 else None
    work = tempfile.mkdtemp()
    try:
        shutil.copytree(site, work, dirs_exist_ok=True)
        if prepare:
            subprocess.run(prepare, shell=True, cwd=work, check=True)
        layouts = os.path.join(work, "layouts")
        for old in ("_default", "."):
            for name in ("baseof.html", "single.html", "list.html", "home.html", "section.html"):
                f = os.path.join(layouts, old, name)
                if os.path.isfile(f):
                    os.remove(f)
        os.makedirs(os.path.join(layouts, "_default"), exist_ok=True)
        for name in ("single.html", "list.html"):
            with open(os.path.join(layouts, "_default", name), "w") as f:
                f.write(TEMPLATE)
        env = dict(os.environ)
        env["HUGO_REFLINKSERRORLEVEL"] = "warning"
        env["HUGO_REFLINKSNOTFOUNDURL"] = REF_NOT_FOUND
        public = os.path.join(work, "public")
        subprocess.run(
            ["hugo", "--logLevel", "error", "--noBuildLock", "--destination", public],
            cwd=work,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        load_rules(public, work)
        lines = judge(public, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    with open(golden, "w") as f:
        f.writelines(lines)
    print(f"wrote {len(lines)} link verdicts to {golden}")


def judge(public, work):
    lines = []
    pages = {}
    for root, _, files in os.walk(public):
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(root, name)
                pages[path] = read_page(path)
    # The site's sub-path: absolute hrefs carry it, public/ does not.
    sub = sub_path(work)
    for path in sorted(pages):
        page = pages[path]
        if not page.source:
            continue  # alias redirects, taxonomy lists: no source of their own
        source = os.path.relpath(page.source, work)
        # The page's URL as a browser sees it, sub-path included.
        url = sub + "/" + os.path.relpath(path, public).replace(os.sep, "/")
        for i, href in enumerate(page.links):
            lines.append(f"{source}\t{i}\t{href}\t{verdict(href, url, public, pages, sub)}\n")
    lines.sort(key=lambda l: (l.split("\t")[0], int(l.split("\t")[1])))
    return lines


def sub_path(work):
    """baseURL's path, from the config files the site has (hugo.toml is all the fixtures use)."""
    for name in ("hugo.toml", "config.toml"):
        f = os.path.join(work, name)
        if os.path.isfile(f):
            for line in open(f, encoding="utf-8"):
                key, _, value = line.partition("=")
                if key.strip() == "baseURL":
                    path = urllib.parse.urlsplit(value.strip().strip("\"'")).path
                    return path.rstrip("/")
    return ""


RULES = []


def load_rules(public, work):
    """Netlify's rules: public/_redirects first, then netlify.toml's [[redirects]]."""
    RULES.clear()
    f = os.path.join(public, "_redirects")
    if os.path.isfile(f):
        for line in open(f, encoding="utf-8"):
            fields = line.split()
            if not fields or fields[0].startswith("#"):
                continue
            i = 1
            while i < len(fields) and "=" in fields[i] and not fields[i].startswith("/"):
                i += 1
            if i >= len(fields):
                continue
            status = 301
            if i + 1 < len(fields) and re.fullmatch(r"\d{3}!?", fields[i + 1]):
                status = int(fields[i + 1].rstrip("!"))
            RULES.append((fields[0], fields[i], status))
    f = os.path.join(work, "netlify.toml")
    if os.path.isfile(f):
        with open(f, "rb") as fh:
            for r in tomllib.load(fh).get("redirects", []):
                RULES.append((r["from"], r["to"], int(r.get("status", 301))))


def apply_rules(path):
    """Where the first matching rule sends `path`: (target, status), or None."""
    segs = [s for s in path.lower().split("/") if s]
    for frm, to, status in RULES:
        if not frm.startswith("/"):
            continue
        pat = [s for s in frm.lower().split("/") if s]
        splat = None
        if pat and pat[-1] == "*":
            pat = pat[:-1]
            if len(segs) < len(pat):
                continue
            splat = "/".join(segs[len(pat) :])
        elif len(segs) != len(pat):
            continue
        bound = {}
        ok = True
        for p, s in zip(pat, segs):
            if p.startswith(":"):
                bound[p] = s
            elif p != s:
                ok = False
                break
        if not ok:
            continue
        if splat is not None:
            bound[":splat"] = splat
        for name in sorted(bound, key=len, reverse=True):
            to = to.replace(name, bound[name])
        return to, status
    return None


def verdict(href, url, public, pages, sub):
    if href == "":
        # The hook found a page with no URL (headless, never rendered): a link to nowhere.
        return "broken"
    parts = urllib.parse.urlsplit(href)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return "external"
    if parts.netloc and parts.netloc != "example.org":
        return "external"
    if not parts.path and not parts.netloc:
        target = os.path.join(public, url[len(sub) :].lstrip("/"))
    else:
        resolved = urllib.parse.urljoin("http://example.org" + url, parts.path)
        path = urllib.parse.unquote(urllib.parse.urlsplit(resolved).path)
        if sub:
            if path != sub and not path.startswith(sub + "/"):
                return "broken"
            path = path[len(sub) :] or "/"
        target = os.path.join(public, path.lstrip("/"))
        if path.endswith("/"):
            target = os.path.join(target, "index.html")
        elif os.path.isdir(target):
            target = os.path.join(target, "index.html")
        hops = 0
        while not os.path.isfile(target):
            hop = apply_rules(path) if hops < 8 else None
            hops += 1
            if hop is None or hop[1] >= 400:
                return "broken"
            to = urllib.parse.urlsplit(hop[0])
            if to.scheme or to.netloc:
                return "external"
            if to.fragment:
                parts = parts._replace(fragment="")
            path = urllib.parse.unquote(to.path)
            target = os.path.join(public, path.lstrip("/"))
            if path.endswith("/") or os.path.isdir(target):
                target = os.path.join(target, "index.html")
    if parts.fragment:
        page = pages.get(target)
        if page is None:
            return "ok"  # not an HTML page: a browser ignores the fragment
        fragment = urllib.parse.unquote(parts.fragment)
        # HTML: `#top` with no such element scrolls to the top of the page.
        if fragment not in page.ids and fragment.lower() != "top":
            return "broken-fragment"
    return "ok"


if __name__ == "__main__":
    main()
