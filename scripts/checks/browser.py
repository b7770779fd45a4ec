"""Headless Chromium through Selenium, offline and deterministic, with light/dark theming.

- Browser /usr/bin/chromium and driver /usr/bin/chromedriver (Debian's chromium and
  chromium-driver packages); $CHROMIUM and $CHROMEDRIVER override them. Both paths are given
  explicitly, so Selenium Manager never looks for (or downloads) a driver; SE_OFFLINE=true
  makes sure of it.
- The browser cannot resolve any host name (--host-resolver-rules), so a page that refers to
  a CDN or web font fails to load that resource instead of reaching the network.
- Colour scheme: Emulation.setEmulatedMedia sets prefers-color-scheme (and
  prefers-reduced-motion: reduce); then localStorage['sitegen-theme'] is set to the same
  scheme and the page reloaded, since the site's theme toggle persists its choice there.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("SE_OFFLINE", "true")

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import JavascriptException, TimeoutException, WebDriverException  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
THEME_KEY = "sitegen-theme"
SCHEMES = ("light", "dark")

DESKTOP = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}
MOBILE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}


def start_chromium() -> webdriver.Chrome:
    options = Options()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--window-size=1280,900",
        "--hide-scrollbars",
        "--disable-dev-shm-usage",
        "--force-color-profile=srgb",
        "--lang=en-US",
        "--no-first-run",
        "--disable-extensions",
        "--disable-sync",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ):
        options.add_argument(argument)
    service = Service(executable_path=CHROMEDRIVER)
    try:
        driver = webdriver.Chrome(service=service, options=options)
    except WebDriverException as error:
        print(f"could not start {CHROMIUM} through {CHROMEDRIVER}: {error.msg or error}\n"
              "(run scripts/checks/install-tools.sh; both come from Debian's chromium and chromium-driver)",
              file=sys.stderr)
        raise SystemExit(2)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    set_viewport(driver, DESKTOP)
    return driver


def set_viewport(driver: webdriver.Chrome, metrics: dict) -> None:
    """Exact CSS viewport size, whatever the window decorations."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", dict(metrics))


def wait_until_settled(driver: webdriver.Chrome, timeout: float = 15) -> list[str]:
    """Waits for load, web fonts and running animations/transitions (conditions, not sleeps).

    Returns notes for anything that did not settle in time."""
    notes = []
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )
    try:
        driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "(document.fonts ? document.fonts.ready : Promise.resolve()).then(() => done(true));"
        )
    except TimeoutException:
        notes.append("web fonts did not finish loading")
    try:
        WebDriverWait(driver, 5).until(
            lambda d: d.execute_script(
                "return !document.getAnimations || document.getAnimations()"
                ".every(a => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity);"
            )
        )
    except TimeoutException:
        notes.append("animations/transitions still running after 5 s")
    return notes


def open_in_scheme(driver: webdriver.Chrome, url: str, scheme: str) -> list[str]:
    """Loads url with the given colour scheme emulated and persisted as the site's choice.

    Returns notes (problems that do not stop the check, e.g. localStorage unavailable)."""
    if scheme not in SCHEMES:
        raise ValueError(scheme)
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {
            "media": "screen",
            "features": [
                {"name": "prefers-color-scheme", "value": scheme},
                {"name": "prefers-reduced-motion", "value": "reduce"},
            ],
        },
    )
    driver.get(url)
    notes = wait_until_settled(driver)
    try:
        driver.execute_script("window.localStorage.setItem(arguments[0], arguments[1]);", THEME_KEY, scheme)
    except JavascriptException as error:
        notes.append(f"could not set localStorage['{THEME_KEY}'] ({error.msg}); media emulation only")
    else:
        driver.refresh()
        notes = wait_until_settled(driver)
        stored = driver.execute_script("return window.localStorage.getItem(arguments[0]);", THEME_KEY)
        if stored != scheme:
            notes.append(f"localStorage['{THEME_KEY}'] is {stored!r} after reload, not {scheme!r}")
    matches = driver.execute_script(
        "return window.matchMedia('(prefers-color-scheme: ' + arguments[0] + ')').matches;", scheme
    )
    if not matches:
        print(f"prefers-color-scheme: {scheme} emulation did not take effect on {url}", file=sys.stderr)
        raise SystemExit(2)
    return notes
