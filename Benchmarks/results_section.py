"""Writes one benchmark script's section of Benchmarks/RESULTS.md: the text between its start
and end markers is replaced (or the section is appended when the markers are not there yet),
so that each script rewrites only its own figures."""

from __future__ import annotations

from pathlib import Path


def write(results: Path, start: str, end: str, section: str) -> None:
    """Puts `section` (which begins with `start` and ends with `end` and a newline) into `results`."""
    text = results.read_text() if results.exists() else ""
    if start in text and end in text:
        text = text[:text.index(start)] + section + text[text.index(end) + len(end) + 1:]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    results.write_text(text)
