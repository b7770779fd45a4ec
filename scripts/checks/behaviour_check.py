#!/usr/bin/env python3
"""Checks that the site's scripts work for a reader: filters, tag filters, search, theme toggle.

usage: behaviour_check.py SITE_DIR [--image NAME]

Loads pages of a built sitegen site from file:// in headless Chromium, types into the
filters and the search box as a reader would, and checks what is shown. Offline. Prints one
line per behaviour and a closing 'N passed, N failed'; exits 1 on any failure.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import start_chromium, wait_until_settled  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


def visible(elements):
    return [e for e in elements if e.is_displayed()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site")
    parser.add_argument("--image", default=os.environ.get("SITE_CHECK_IMAGE", ""))
    args = parser.parse_args()
    site = pathlib.Path(args.site).resolve()
    images = sorted(p.parent.parent.name for p in site.glob("*/tags/index.html"))
    if not images:
        print(f"behaviour: no image pages in {site}", file=sys.stderr)
        return 2
    image = args.image if args.image in images else images[0]
    url = lambda path: (site / path).as_uri()  # noqa: E731

    driver = start_chromium()
    results: list[tuple[str, bool, str]] = []

    def check(name, condition, detail=""):
        results.append((name, bool(condition), detail))

    try:
        # Catalog: typing an image's name leaves its card; the count says so.
        driver.get(url("index.html"))
        wait_until_settled(driver)
        cards = driver.find_elements(By.CSS_SELECTOR, ".cards > .card")
        box = driver.find_element(By.ID, "sg:catalog-filter")
        box.send_keys(image)
        shown = visible(cards)
        count = driver.find_element(By.CSS_SELECTOR, "[data-filter-count]").text
        check("catalog filter keeps the matching card", any(c.get_attribute("data-search").startswith(image) for c in shown)
              and len(shown) < len(cards), f"{len(shown)} of {len(cards)} shown, count '{count}'")
        check("catalog filter announces the count", f"of {len(cards)}" in count, count)
        box.clear()
        box.send_keys("no-such-image-xyz")
        empty = driver.find_element(By.CSS_SELECTOR, "[data-filter-empty]")
        check("catalog filter says when nothing matches", empty.is_displayed() and not visible(cards))
        box.send_keys(Keys.CONTROL, "a", Keys.DELETE)
        driver.execute_script("arguments[0].value=''; arguments[0].dispatchEvent(new Event('input'));", box)
        chips = driver.find_elements(By.CSS_SELECTOR, ".chip-filter[data-category]:not([data-category=''])")
        if chips:
            chips[0].click()
            slug = chips[0].get_attribute("data-category")
            shown = visible(cards)
            check("category chip filters cards", shown and all(slug in c.get_attribute("data-categories").split() for c in shown)
                  and chips[0].get_attribute("aria-pressed") == "true", f"{len(shown)} shown for {slug}")

        # Image page: text and architecture filters over the tag tables.
        driver.get(url(f"{image}/index.html"))
        wait_until_settled(driver)
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".supported-tags tbody tr"))
        rows = driver.find_elements(By.CSS_SELECTOR, ".supported-tags tbody tr")
        # At a desktop width the tag tables keep to the main column: every column, Dockerfile
        # last, in view without scrolling sideways (registry data adds to the widest column).
        overflow = driver.execute_script(
            "return Array.from(document.querySelectorAll('.supported-tags .table-wrap'))"
            ".map(function (wrap) { return wrap.scrollWidth - wrap.clientWidth; });")
        check("image page tag tables fit the page at 1280 px", bool(overflow) and max(overflow) <= 1,
              f"{len(overflow)} tables, overflow {overflow} px")
        first_tag = rows[0].get_attribute("data-search").split()[0]
        driver.find_element(By.ID, "sg:tag-filter").send_keys(first_tag)
        shown = visible(rows)
        check("tag filter keeps rows with the tag", shown and all(first_tag in r.get_attribute("data-search") for r in shown),
              f"{len(shown)} of {len(rows)} rows for '{first_tag}'")
        driver.find_element(By.ID, "sg:tag-filter").clear()
        driver.execute_script("var i=document.getElementById('sg:tag-filter'); i.value=''; i.dispatchEvent(new Event('input'));")
        select = Select(driver.find_element(By.ID, "sg:arch-filter"))
        arch = select.options[-1].get_attribute("value")
        select.select_by_value(arch)
        shown = visible(rows)
        check("architecture filter keeps rows built for it", shown and all(arch in r.get_attribute("data-arches").split() for r in shown),
              f"{len(shown)} rows for {arch}")
        pres = driver.find_elements(By.CSS_SELECTOR, "main pre")
        buttons = driver.find_elements(By.CSS_SELECTOR, ".code-wrap .copy-button")
        check("every code block has a copy button", len(pres) == len(buttons), f"{len(pres)} blocks, {len(buttons)} buttons")

        # Registry data (a site built with --registry-data): registry.js gives every digest a
        # copy button for image:tag@digest, which site.js binds, and every size its bytes.
        if driver.find_elements(By.CSS_SELECTOR, ".registry-list[data-pin]"):
            lines, wrong, sizes, untitled = driver.execute_script("""
                var lines = 0, wrong = [];
                document.querySelectorAll(".registry-list[data-pin]").forEach(function (list) {
                  list.querySelectorAll("li code[title]").forEach(function (code) {
                    lines++;
                    var button = code.nextElementSibling, want = list.getAttribute("data-pin") + "@" + code.title;
                    if (!button || !button.classList.contains("copy-button") || button.getAttribute("data-copy") !== want
                        || button.getAttribute("aria-label").indexOf("Copy " + list.getAttribute("data-pin") + " pinned to its ") !== 0) {
                      wrong.push(want);
                    }
                  });
                });
                var sizes = document.querySelectorAll(".registry-list data[value]");
                var untitled = Array.prototype.filter.call(sizes, function (size) {
                  return size.title !== Number(size.value).toLocaleString("en-US") + " bytes";
                }).length;
                return [lines, wrong.slice(0, 3), sizes.length, untitled];""")
            check("registry digests have copy buttons for image:tag@digest", lines > 0 and not wrong,
                  f"{lines} digests; wrong: {wrong}")
            check("registry sizes are titled with their bytes", sizes > 0 and untitled == 0, f"{sizes} sizes, {untitled} untitled")
            # The architecture chosen above: each list shows that architecture's lines only.
            stray, kept = driver.execute_script("""
                var arch = arguments[0], stray = 0, kept = 0;
                document.querySelectorAll(".registry-list li").forEach(function (line) {
                  var badge = line.querySelector("a");
                  if (!badge || !line.getClientRects().length) { return; }
                  if (badge.textContent === arch) { kept++; } else { stray++; }
                });
                return [stray, kept];""", arch)
            check("the architecture filter narrows registry lines to it", stray == 0 and kept > 0,
                  f"{kept} lines of {arch} shown, {stray} of others")
            shown = visible(driver.find_elements(By.CSS_SELECTOR, ".registry-list .copy-button"))
            if shown:
                # The system clipboard of a headless browser may never answer (seen in CI: the
                # button still said "Copy"), so the page's clipboard is replaced by one that
                # keeps what it is given: the check is that a click copies the button's pin.
                driver.execute_script("""
                    window.sitegenCopied = null;
                    if (navigator.clipboard) {
                      Object.defineProperty(navigator.clipboard, "writeText", {configurable: true, value: function (text) {
                        window.sitegenCopied = text; return Promise.resolve();
                      }});
                    }""")
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", shown[0])
                shown[0].click()
                try:
                    WebDriverWait(driver, 5).until(lambda d: shown[0].text != "Copy")
                except Exception:  # noqa: BLE001 - the check below reports what it said
                    pass
                said, copied = shown[0].text, driver.execute_script("return window.sitegenCopied")
                status = driver.execute_script("var s = document.querySelector('[data-copy-status]'); return s && s.textContent")
                pin = shown[0].get_attribute("data-copy")
                check("a registry copy button copies its pin", said == "Copied" and copied == pin and "@sha256:" in pin,
                      f"button says '{said}', copied {copied!r}")
                # Its label names the pin, not the button's text: a status region says "Copied".
                check("a copy is announced to screen readers", status == "Copied", f"status region says {status!r}")
            else:
                check("a registry copy button copies its pin", False, "no registry copy button is visible")

        # Theme toggle: flips and remembers.
        before = driver.execute_script("return document.documentElement.getAttribute('data-theme')")
        driver.find_element(By.CSS_SELECTOR, ".theme-toggle").click()
        after = driver.execute_script("return document.documentElement.getAttribute('data-theme')")
        stored = driver.execute_script("return localStorage.getItem('sitegen-theme')")
        # Chromium hands a file:// page's localStorage write to the browser process
        # asynchronously, so a reload in the same instant can start before the write arrives
        # (seen once in CI: stored "dark", reloaded page without it). Reload until the new
        # document sees the stored value, at most five times; the page must then apply it.
        for reloads in range(1, 6):
            driver.refresh()
            wait_until_settled(driver)
            if driver.execute_script("return localStorage.getItem('sitegen-theme')") == stored:
                break
            time.sleep(0.2)
        kept = driver.execute_script("return document.documentElement.getAttribute('data-theme')")
        check("theme toggle switches and persists", after in ("light", "dark") and after != before and stored == after and kept == after,
              f"{before} -> {after}, stored {stored}, after {reloads} reload(s) {kept}")

        # Header search: results drop down as you type; arrow keys and Enter follow one.
        box = driver.find_element(By.ID, "sg:search")
        box.send_keys(image)
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".search-dropdown .search-option"))
        options = driver.find_elements(By.CSS_SELECTOR, ".search-dropdown .search-option")
        check("search drops down results as you type", options and image in options[0].text, options[0].text if options else "none")
        box.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
        WebDriverWait(driver, 10).until(lambda d: "/search/" not in d.current_url and d.execute_script("return document.readyState") == "complete")
        check("Enter on a result opens it", pathlib.Path(driver.current_url.split("#")[0].replace("file://", "")).exists(), driver.current_url)

        # "/" focuses the search box.
        driver.get(url("tags/index.html"))
        wait_until_settled(driver)
        driver.find_element(By.TAG_NAME, "body").send_keys("/")
        focused = driver.execute_script("return document.activeElement && document.activeElement.id")
        check("'/' focuses the search box", focused == "sg:search", str(focused))

        # Tag index: image:tag, tag, and part of a tag all match.
        box = driver.find_element(By.ID, "sg:tag-index-filter")
        items = driver.find_elements(By.CSS_SELECTOR, ".tag-list li")
        some_tag = driver.find_element(By.CSS_SELECTOR, f".tag-list[data-image='{image}'] li").text.strip()
        for query in (f"{image}:{some_tag}", some_tag):
            driver.execute_script("arguments[0].value=arguments[1]; arguments[0].dispatchEvent(new Event('input'));", box, query)
            shown = visible(items)
            check(f"tag index filter matches '{query}'", shown and any(i.text.strip() == some_tag for i in shown), f"{len(shown)} shown")

        # With history: the toggle adds the retired tags (struck through, linked to their
        # history), the filter finds them, and unticking takes them away again.
        toggles = driver.find_elements(By.CSS_SELECTOR, "[data-retired-toggle]")
        label = toggles[0].find_element(By.XPATH, "..").text if toggles else ""
        if toggles and not label.startswith("Include 0 "):
            before = len(driver.find_elements(By.CSS_SELECTOR, ".tag-list li"))
            box.clear()
            driver.execute_script("arguments[0].dispatchEvent(new Event('input'));", box)
            toggles[0].click()
            WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".tag-list a.tag-retired"))
            retired = driver.find_elements(By.CSS_SELECTOR, ".tag-list a.tag-retired")
            check("retired-tags toggle adds the retired tags", len(retired) > 0 and f"Include {len(retired)} " in label,
                  f"{len(retired)} added, label '{label}'")
            first = retired[0]
            query = first.find_element(By.XPATH, "../..").get_attribute("data-image") + ":" + first.text.strip()
            driver.execute_script("arguments[0].value=arguments[1]; arguments[0].dispatchEvent(new Event('input'));", box, query)
            shown = [a for a in driver.find_elements(By.CSS_SELECTOR, ".tag-list a.tag-retired") if a.is_displayed()]
            check(f"tag index filter finds the retired '{query}'", any(a.text.strip() == first.text.strip() for a in shown),
                  f"{len(shown)} shown")
            toggles[0].click()
            after = len(driver.find_elements(By.CSS_SELECTOR, ".tag-list li"))
            check("unticking the toggle takes the retired tags away", after == before, f"{before} before, {after} after")

            # The search page's toggle puts them among the results.
            driver.get(url("search/index.html") + "?q=" + query)
            wait_until_settled(driver)
            driver.find_element(By.CSS_SELECTOR, ".search-page-form [data-retired-toggle]").click()
            WebDriverWait(driver, 30).until(lambda d: any(h.text.startswith("Retired tags")
                                                          for h in d.find_elements(By.CSS_SELECTOR, "[data-search-page-results] h2")))
            links = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "[data-search-page-results] li a")]
            check(f"search with retired tags finds '{query}'", query in links, ", ".join(links[:5]))

        # History pages: each absolute date gets a tooltip saying how long ago it was.
        history_pages = sorted(site.glob("*/history/index.html"))
        if history_pages:
            driver.get(url(str(history_pages[0].relative_to(site))))
            wait_until_settled(driver)
            times = driver.find_elements(By.CSS_SELECTOR, "time[datetime]")
            title = times[0].get_attribute("title") if times else ""
            check("history dates say how long ago in a tooltip",
                  title.endswith(" ago)") or title.endswith("(today)") or title.endswith("(yesterday)"), title)

        # Search page: ?q= shows grouped results.
        driver.get(url("search/index.html") + f"?q={image}")
        wait_until_settled(driver)
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-search-page-results] li"))
        headings = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "[data-search-page-results] h2")]
        check("search page shows grouped results for ?q=", any(h.startswith("Images") for h in headings), ", ".join(headings))
    finally:
        driver.quit()

    failed = 0
    for name, ok, detail in results:
        print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f" ({detail})" if detail else ""))
        failed += 0 if ok else 1
    print(f"summary: behaviour: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
