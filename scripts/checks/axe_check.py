#!/usr/bin/env python3
"""Accessibility check of a generated site with axe-core in headless Chromium, light and dark.

usage: axe_check.py SITE_DIR [--page PATH]... [--json FILE] [--axe-script AXE_MIN_JS]

Without --page, one page of each kind is checked: catalog (index.html), the first image page
(<image>/index.html with a tags/ sibling), its tags/index.html, one variant page, the global
tags/index.html and search/index.html. A kind the site lacks is skipped with a note.
Each page is checked in light and in dark mode (see browser.py for how the scheme is set).

Fails (exit 1) on any violation of impact serious or critical; minor and moderate ones are
listed but do not fail. Exit 2 when nothing could be checked or the browser did not start.

axe-core is the axe.min.js that axe-selenium-python ships
(axe_selenium_python/node_modules/axe-core/axe.min.js), injected into each page: no network.
That is axe-core 3.1.1 in axe-selenium-python 2.1.6, the last release for Python < 3.12; it
reports some well-formed markup (a visually hidden <label for>, autocomplete="off") as
violations. --axe-script (or $AXE_SCRIPT) injects another axe.min.js instead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the work tree for the helper modules
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from axe_selenium_python import Axe  # noqa: E402
from selenium.common.exceptions import TimeoutException, WebDriverException  # noqa: E402

import browser  # noqa: E402
import site_pages  # noqa: E402

KINDS = ("catalog", "image", "image-tags", "variant", "tags", "search", "history")
FATAL = ("serious", "critical")
IMPACT_ORDER = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3, None: 4}

# axe.run with its errors reported (axe-selenium-python's Axe.run never calls back when axe.run
# rejects, so it would end in a bare script timeout).
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations', 'incomplete']})
  .then(results => done({results: results}))
  .catch(error => done({error: String(error)}));
"""


def targets(violation: dict, count: int = 3) -> list[str]:
    selectors = []
    for node in violation.get("nodes", [])[:count]:
        target = node.get("target", [])
        # A target is a list of selectors, one per nested frame (a list again for shadow DOM).
        selectors.append(" >>> ".join(t if isinstance(t, str) else " ".join(t) for t in target))
    return selectors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", metavar="SITE_DIR")
    parser.add_argument("--page", action="append", default=[], metavar="PATH",
                        help="page to check, relative to SITE_DIR (repeatable); replaces the page kinds")
    parser.add_argument("--json", metavar="FILE", help="also write every axe result to FILE")
    parser.add_argument("--axe-script", metavar="AXE_MIN_JS", default=os.environ.get("AXE_SCRIPT"),
                        help="another axe.min.js to inject (default: $AXE_SCRIPT, else the one "
                             "axe-selenium-python ships)")
    args = parser.parse_args()

    site = os.path.abspath(args.site)
    if not os.path.isdir(site):
        print(f"axe: {args.site} is not a directory", file=sys.stderr)
        return 2

    if args.page:
        # Pages asked for by name must exist: a missing one fails the check.
        pages, missing = site_pages.explicit_pages(site, args.page)
        for note in missing:
            print(f"FAIL --page {note}")
    else:
        # A page kind the site does not have (yet) is skipped, with a note.
        pages, missing = site_pages.find_pages(site, KINDS)
        for note in missing:
            print(f"axe: note: skipped {note}")
    if not pages:
        print("summary: accessibility: no page to check")
        return 2

    started = time.monotonic()
    driver = browser.start_chromium()
    # Default script_url: the axe.min.js inside the axe_selenium_python package.
    axe = Axe(driver, script_url=args.axe_script) if args.axe_script else Axe(driver)
    print(f"axe: axe-core from {axe.script_url}")
    fatal_total = other_total = errors = 0
    report = []
    try:
        for page in pages:
            url = site_pages.file_url(site, page)
            for scheme in browser.SCHEMES:
                label = (page.path if page.kind == page.path else f"{page.kind} ({page.path})") + f" [{scheme}]"
                try:
                    notes = browser.open_in_scheme(driver, url, scheme)
                    axe.inject()
                    outcome = driver.execute_async_script(RUN_AXE)
                except TimeoutException:
                    outcome = {"error": "the page or axe.run did not finish in time"}
                except WebDriverException as error:
                    outcome = {"error": f"browser error: {error.msg or error}"}
                if "error" in outcome:
                    print(f"FAIL {label}: axe error: {outcome['error']}")
                    errors += 1
                    continue
                results = outcome["results"]
                violations = sorted(results["violations"],
                                    key=lambda v: (IMPACT_ORDER.get(v.get("impact"), 4), v["id"]))
                fatal = [v for v in violations if v.get("impact") in FATAL]
                review = [v for v in results.get("incomplete", []) if v.get("impact") in FATAL]
                fatal_total += len(fatal)
                other_total += len(violations) - len(fatal)
                status = "FAIL" if fatal else "ok  "
                print(f"{status} {label}: {len(fatal)} serious/critical, "
                      f"{len(violations) - len(fatal)} minor/moderate violation(s)"
                      + (f"; {len(review)} serious/critical to review by hand" if review else ""))
                for note in notes:
                    print(f"       note: {note}")
                for violation in violations:
                    mark = "!!" if violation in fatal else "  "
                    print(f"    {mark} {violation['id']} [{violation.get('impact')}] {violation['help']}"
                          f" ({len(violation.get('nodes', []))} element(s))")
                    for selector in targets(violation):
                        print(f"         - {selector}")
                for item in review:
                    print(f"    ?? {item['id']} [{item.get('impact')}] needs review: {item['help']}"
                          f" ({', '.join(targets(item))})")
                report.append({"page": page.path, "kind": page.kind, "scheme": scheme,
                               "notes": notes, "violations": violations,
                               "incomplete": results.get("incomplete", [])})
        version = driver.execute_script("return window.axe && axe.version;")
    finally:
        driver.quit()

    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"axe": version, "runs": report}, handle, indent=1, sort_keys=True)

    elapsed = time.monotonic() - started
    print(f"axe: axe-core {version}, {len(pages)} page(s) x {len(browser.SCHEMES)} schemes in {elapsed:.1f} s")
    print(f"summary: accessibility: {len(pages)} pages x light/dark, {fatal_total} serious/critical, "
          f"{other_total} minor/moderate"
          + (f", {errors} axe error(s)" if errors else "")
          + (f"; {len(missing)} --page file(s) missing" if missing and args.page else "")
          + (f"; skipped {len(missing)} missing page kind(s)" if missing and not args.page else ""))
    return 1 if fatal_total or errors or (args.page and missing) else 0


if __name__ == "__main__":
    sys.exit(main())
