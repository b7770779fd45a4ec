#!/usr/bin/env python3
"""Screenshots of a generated site in headless Chromium, light and dark.

usage: screenshots.py SITE_DIR OUT_DIR

Writes OUT_DIR/<kind>-<scheme>.png for the catalog (index.html), the first image page, one
variant page, the global tag index (tags/index.html) and the image's own tag list
(image-tags), each in light and dark: a 1280x900 viewport, the full page height captured
up to 3000 px. Also image-mobile-light.png: the image page at 390 px wide (mobile viewport).
A page kind the site lacks is skipped with a note. Exit 1 if a screenshot could not be
taken, 2 if there was nothing to take.
"""

from __future__ import annotations

import base64
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the work tree for the helper modules
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import browser  # noqa: E402
import site_pages  # noqa: E402

KINDS = ("catalog", "image", "variant", "tags", "image-tags", "history")
MAX_HEIGHT = 3000


def capture(driver, path: str, metrics: dict) -> tuple[int, int, int]:
    """Full page (up to MAX_HEIGHT) at the current viewport; returns (width, height, page height)."""
    page_height = driver.execute_script(
        "return Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0);"
    )
    height = max(metrics["height"], min(int(page_height), MAX_HEIGHT))
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png",
        "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": metrics["width"], "height": height, "scale": 1},
    })
    with open(path, "wb") as handle:
        handle.write(base64.b64decode(shot["data"]))
    return metrics["width"], height, int(page_height)


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1].startswith("-"):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    site = os.path.abspath(sys.argv[1])
    out = os.path.abspath(sys.argv[2])
    if not os.path.isdir(site):
        print(f"screenshots: {sys.argv[1]} is not a directory", file=sys.stderr)
        return 2
    os.makedirs(out, exist_ok=True)

    pages, missing = site_pages.find_pages(site, KINDS)
    for note in missing:
        print(f"screenshots: note: skipped {note}")
    if not pages:
        print("summary: screenshots: no page to take")
        return 2

    # (file name, page, scheme, viewport)
    shots = [(f"{p.kind}-{scheme}.png", p, scheme, browser.DESKTOP) for p in pages for scheme in browser.SCHEMES]
    shots += [("image-mobile-light.png", p, "light", browser.MOBILE) for p in pages if p.kind == "image"]

    started = time.monotonic()
    driver = browser.start_chromium()
    written = 0
    try:
        for name, page, scheme, metrics in shots:
            browser.set_viewport(driver, metrics)  # before loading: media queries see the real width
            notes = browser.open_in_scheme(driver, site_pages.file_url(site, page), scheme)
            width, height, page_height = capture(driver, os.path.join(out, name), metrics)
            written += 1
            cut = f" (page is {page_height} px, cut at {MAX_HEIGHT})" if page_height > MAX_HEIGHT else ""
            print(f"screenshots: {name}: {page.path} {width}x{height}{cut}")
            for note in notes:
                print(f"    note: {note}")
    finally:
        driver.quit()

    elapsed = time.monotonic() - started
    print(f"summary: screenshots: {written} PNG files in {out} ({elapsed:.1f} s)"
          + (f"; skipped {len(missing)} missing page kind(s)" if missing else ""))
    return 0 if written == len(shots) else 1


if __name__ == "__main__":
    sys.exit(main())
