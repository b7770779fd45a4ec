#!/usr/bin/env python3
"""Internal links of a static site, checked against the file system (no network).

usage: link_check.py SITE_DIR

Every *.html file under SITE_DIR (hidden files and folders skipped) is parsed with Python's
html.parser. Each relative or root-relative URL in href, src, srcset, poster, data, action
(and url(...) in <style> blocks and in the site's *.css files) is resolved on disk:
  - the target file must exist inside SITE_DIR (a folder counts when it has index.html);
  - a #fragment must name an element id (or an <a name>) in the target HTML page, or an id
    in an SVG file; "#" and "#top" are always valid (HTML's top of the document).
URLs with a scheme (https:, mailto:, data:, ...) and protocol-relative //host URLs are not
checked. Every broken link is printed with its source file and line; exit 1 if any.
"""

from __future__ import annotations

import os
import re
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

URL_ATTRIBUTES = {
    "href": {"a", "area", "link", "base"},
    "src": {"img", "script", "iframe", "source", "audio", "video", "track", "embed", "input"},
    "srcset": {"img", "source"},
    "poster": {"video"},
    "data": {"object"},
    "action": {"form"},
    "formaction": {"button", "input"},
}
# <use href="sprite.svg#icon"> / <image href> inside inline SVG
SVG_URL_ATTRIBUTES = {"use": ("href", "xlink:href"), "image": ("href", "xlink:href")}
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""")
SVG_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class PageParser(HTMLParser):
    """Collects the anchors (ids, <a name>) and outgoing URLs of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.links: list[tuple[int, str, str]] = []  # (line, attribute, url)
        self.base: str | None = None
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            line = self.getpos()[0]
            for offset, url in css_urls(data):
                self.links.append((line + offset, "style url()", url))

    def _element(self, tag, attrs):
        line = self.getpos()[0]
        values = dict(attrs)
        if values.get("id"):
            self.anchors.add(values["id"])
        if tag == "a" and values.get("name"):
            self.anchors.add(values["name"])
        if tag == "base" and values.get("href") is not None and self.base is None:
            self.base = values["href"]
            return
        for attribute, tags in URL_ATTRIBUTES.items():
            value = values.get(attribute)
            if value is None or tag not in tags:
                continue
            if attribute == "srcset":
                for candidate in value.split(","):
                    candidate = candidate.strip().split()
                    if candidate:
                        self.links.append((line, "srcset", candidate[0]))
            else:
                self.links.append((line, attribute, value))
        for attribute in SVG_URL_ATTRIBUTES.get(tag, ()):
            if values.get(attribute) is not None:
                self.links.append((line, attribute, values[attribute]))


def css_urls(text: str) -> list[tuple[int, str]]:
    """(line offset, url) of every url(...) and @import in a piece of CSS."""
    found = []
    for pattern in (CSS_URL, CSS_IMPORT):
        for match in pattern.finditer(text):
            url = next((g for g in match.groups() if g is not None), "")
            found.append((text.count("\n", 0, match.start()), url))
    return sorted(found)


def site_files(site: str, suffixes: tuple[str, ...]) -> list[str]:
    found = []
    for root, dirs, files in os.walk(site):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [os.path.join(root, f) for f in sorted(files)
                  if f.endswith(suffixes) and not f.startswith(".")]
    return found


class Site:
    def __init__(self, root: str) -> None:
        self.root = root
        self._anchors: dict[str, set[str]] = {}

    def anchors(self, path: str) -> set[str]:
        if path not in self._anchors:
            if path.endswith((".html", ".htm")):
                self._anchors[path] = parse(path).anchors
            elif path.endswith(".svg"):
                with open(path, encoding="utf-8", errors="replace") as handle:
                    self._anchors[path] = {a or b for a, b in SVG_ID.findall(handle.read())}
            else:
                self._anchors[path] = set()
        return self._anchors[path]

    def check(self, source: str, url: str, base: str | None = None) -> tuple[bool, str | None, str | None]:
        """Returns (internal, problem, warning) for one URL found in source (a file path)."""
        url = url.strip()
        document = Path(source).as_uri()
        if base:
            document = urljoin(document, base)
        warning = None
        if url.startswith("/") and not url.startswith("//"):
            resolved = Path(self.root).as_uri() + url
            warning = f"root-relative URL {url!r} only works when the site is served at /"
        else:
            resolved = urljoin(document, url)
        parts = urlsplit(resolved)
        if parts.scheme != "file" or parts.netloc:
            return False, None, None  # https:, mailto:, data:, //host, ...: not checked here
        target = os.path.normpath(unquote(parts.path))
        fragment = parts.fragment
        if target != self.root and not target.startswith(self.root + os.sep):
            return True, f"points outside the site ({os.path.relpath(target, self.root)})", warning
        if os.path.isdir(target):
            index = os.path.join(target, "index.html")
            if not os.path.isfile(index):
                return True, f"folder {self.show(target)}/ has no index.html", warning
            warning = warning or f"folder URL {url!r} opens a directory listing, not index.html, under file://"
            target = index
        elif not os.path.isfile(target):
            return True, f"missing file {self.show(target)}", warning
        if fragment and fragment.lower() != "top" and target.endswith((".html", ".htm", ".svg")):
            anchors = self.anchors(target)
            if fragment not in anchors and unquote(fragment) not in anchors:
                return True, f"no id or name {unquote(fragment)!r} in {self.show(target)}", warning
        return True, None, warning

    def show(self, path: str) -> str:
        return os.path.relpath(path, self.root)


def parse(path: str) -> PageParser:
    parser = PageParser()
    with open(path, encoding="utf-8", errors="replace") as handle:
        parser.feed(handle.read())
    parser.close()
    return parser


def main() -> int:
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    root = os.path.realpath(sys.argv[1])
    if not os.path.isdir(root):
        print(f"links: {sys.argv[1]} is not a directory", file=sys.stderr)
        return 2

    started = time.monotonic()
    site = Site(root)
    pages = site_files(root, (".html", ".htm"))
    stylesheets = site_files(root, (".css",))
    if not pages:
        print(f"summary: links: no *.html file under {root}")
        return 2

    broken = checked = fragments = 0
    warnings: dict[str, int] = {}
    for source in pages + stylesheets:
        if source.endswith(".css"):
            with open(source, encoding="utf-8", errors="replace") as handle:
                links = [(1 + offset, "url()", url) for offset, url in css_urls(handle.read())]
            base = None
        else:
            parsed = parse(source)
            site._anchors.setdefault(source, parsed.anchors)
            links, base = parsed.links, parsed.base
        for line, attribute, url in links:
            internal, problem, warning = site.check(source, url, base)
            if not internal:
                continue
            checked += 1
            fragments += "#" in url
            if problem:
                broken += 1
                print(f"{site.show(source)}:{line}: broken {attribute}={url!r}: {problem}")
            if warning:
                kind = warning.split(" URL")[0]
                warnings[kind] = warnings.get(kind, 0) + 1
                if warnings[kind] <= 3:
                    print(f"{site.show(source)}:{line}: warning: {warning}")
    for kind, count in sorted(warnings.items()):
        if count > 3:
            print(f"links: warning: {count - 3} more {kind} URL(s) not listed")

    elapsed = time.monotonic() - started
    print(f"links: {len(pages)} HTML and {len(stylesheets)} CSS file(s), {checked} internal URLs "
          f"({fragments} with #fragment) in {elapsed:.1f} s")
    print(f"summary: links (file system): {len(pages)} pages, {checked} internal links, {broken} broken"
          + (f", {sum(warnings.values())} warnings" if warnings else ""))
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
