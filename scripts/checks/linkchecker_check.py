#!/usr/bin/env python3
"""Links of a site as LinkChecker sees them: a crawl from file://SITE_DIR/index.html.

usage: linkchecker_check.py SITE_DIR

Runs linkchecker with scripts/checks/linkcheckerrc (internal links only: http(s), mailto and
the like are syntax-checked, never fetched; the AnchorCheck plugin on). Fails (exit 1) on any
broken link and on any "Anchor ... not found" warning; other warnings are printed only.
Complements link_check.py, which reads every file rather than crawling from the catalog.

Two LinkChecker 10.x traps are handled here:
- As root, linkchecker drops to the `nobody` user (seteuid) before it loads its plugins. When
  its Python lives where `nobody` cannot read (pyenv under /root, mode 0700), the plugin folder
  cannot be listed and AnchorCheck is silently not loaded: every anchor then "passes". It is
  therefore started here with that privilege drop turned off; it only reads the site.
- Its CSV output loses the last record; the XML output is complete, so XML is read here.
Before the site, a two-page canary site with one missing file and one missing anchor is
checked; if linkchecker does not report exactly those, the check fails (exit 2) rather
than pass a site whose anchors were never looked at.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG = os.path.join(HERE, "linkcheckerrc")
# Runs linkchecker's own entry point with its root -> nobody privilege drop disabled.
LAUNCH = (
    "import sys, linkcheck.command.linkchecker as command\n"
    "command.drop_privileges = lambda: None\n"
    "sys.exit(command.linkchecker())\n"
)


def interpreter() -> str | None:
    """A Python that can import linkcheck: this one (PyPI package) or Debian's."""
    for candidate in (sys.executable, "/usr/bin/python3"):
        if candidate and os.path.exists(candidate) and subprocess.run(
            [candidate, "-c", "import linkcheck"], capture_output=True
        ).returncode == 0:
            return candidate
    return None


def run_linkchecker(python: str, start_url: str) -> tuple[list[dict], str]:
    """Returns (records, stderr) for every URL linkchecker reports (errors and warnings)."""
    # -v: every URL is listed (so they can be counted), not only the failing ones.
    command = [python, "-c", LAUNCH, "-f", CONFIG, "--no-status", "--verbose", "-o", "xml", start_url]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode not in (0, 1):  # 2: linkchecker itself failed
        raise RuntimeError(f"linkchecker exited {done.returncode}:\n{done.stderr.strip()}")
    root = ElementTree.fromstring(done.stdout)
    records = []
    for item in root.iter("urldata"):
        parent = item.find("parent")
        valid = item.find("valid")
        records.append({
            "url": item.findtext("url", ""),
            "realurl": item.findtext("realurl", ""),
            "parent": parent.text if parent is not None else "",
            "line": int(parent.get("line", 0)) if parent is not None else 0,
            "column": int(parent.get("column", 0)) if parent is not None else 0,
            "valid": valid is not None and valid.text == "1",
            "result": html.unescape(valid.get("result", "")) if valid is not None else "",
            "extern": item.findtext("extern", "0") == "1",
            "warnings": [w.text or "" for w in item.iter("warning")],
        })
    records.sort(key=lambda r: (r["parent"], r["line"], r["column"], r["url"]))
    return records, done.stderr


def classify(records: list[dict]) -> tuple[list[tuple[dict, str]], list[tuple[dict, str]], list[tuple[dict, str]]]:
    broken, anchors, others = [], [], []
    for record in records:
        if not record["valid"]:
            broken.append((record, record["result"] or "invalid"))
        for warning in record["warnings"]:
            # "#top" needs no element: HTML scrolls to the top of the document (link_check.py agrees).
            missing_anchor = warning.startswith("Anchor `") and not warning.lower().startswith("anchor `top'")
            (anchors if missing_anchor else others).append((record, warning))
    return broken, anchors, others


def canary(python: str) -> str | None:
    """None if linkchecker finds the canary's missing file and missing anchor; else why not."""
    folder = tempfile.mkdtemp(prefix="linkchecker-canary-")
    try:
        os.chmod(folder, 0o755)
        page = "<!DOCTYPE html><html lang='en'><head><title>{0}</title></head><body>{1}</body></html>"
        Path(folder, "index.html").write_text(page.format(
            "a", "<a href='b.html#here'>ok</a> <a href='b.html#gone'>anchor</a> <a href='nofile.html'>file</a>"))
        Path(folder, "b.html").write_text(page.format("b", "<p id='here'>here</p>"))
        records, _ = run_linkchecker(python, Path(folder, "index.html").as_uri())
        broken, anchors, _ = classify(records)
        found = sorted([r["url"] for r, _ in broken] + [r["url"] for r, _ in anchors])
        if found != ["b.html#gone", "nofile.html"]:
            return f"expected it to report nofile.html and b.html#gone, it reported {found or 'nothing'}"
        return None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    site = os.path.realpath(sys.argv[1])
    start = os.path.join(site, "index.html")
    if not os.path.isfile(start):
        print(f"summary: links (linkchecker): no index.html in {site} to start from")
        return 2
    python = interpreter()
    if python is None:
        print("summary: links (linkchecker): linkchecker is not installed (scripts/checks/install-tools.sh)")
        return 2

    started = time.monotonic()
    try:
        problem = canary(python)
        if problem:
            print(f"linkchecker: self-test failed, anchors would not be checked: {problem}")
            print("summary: links (linkchecker): self-test failed")
            return 2
        records, stderr = run_linkchecker(python, Path(start).as_uri())
    except (RuntimeError, ElementTree.ParseError) as error:
        print(f"linkchecker: {error}")
        print("summary: links (linkchecker): linkchecker did not run")
        return 2

    def where(record: dict) -> str:
        parent = record["parent"]
        if parent.startswith("file://"):
            from urllib.parse import unquote, urlsplit
            parent = os.path.relpath(unquote(urlsplit(parent).path), site)
        return f"{parent}:{record['line']}"

    broken, anchors, others = classify(records)
    for record, why in broken:
        print(f"{where(record)}: broken {record['url']!r}: {why}")
    for record, why in anchors:
        print(f"{where(record)}: missing anchor {record['url']!r}: {why}")
    for record, why in others:
        print(f"{where(record)}: warning {record['url']!r}: {why}")
    internal = sum(1 for r in records if not r["extern"])
    elapsed = time.monotonic() - started
    print(f"linkchecker: crawl from {Path(start).as_uri()}: {internal} internal URLs checked, "
          f"{len(records) - internal} external ones not fetched, in {elapsed:.1f} s (canary included)")
    print(f"summary: links (linkchecker): {internal} internal URLs, {len(broken)} broken, {len(anchors)} missing anchors, "
          f"{len(others)} other warnings")
    return 1 if broken or anchors else 0


if __name__ == "__main__":
    sys.exit(main())
