"""Finds the representative pages of a generated sitegen site (no browser needed).

Layout the finder expects (all paths relative to SITE_DIR):

    index.html                  catalog
    <image>/index.html          image page (an image folder is one that has a tags/ sub-folder)
    <image>/tags/index.html     the image's tag list
    <image>/history/index.html  the image's history (with --history)
    <image>/<variant>/index.html  variant page (any other sub-folder of an image folder)
    tags/index.html             global tag index
    search/index.html           search page

Everything is sorted by name, so the same site always yields the same pages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    kind: str  # catalog, image, image-tags, variant, tags, search, or the path given with --page
    path: str  # relative to the site root, with forward slashes


def _visible_dirs(directory: str) -> list[str]:
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return sorted(n for n in names if not n.startswith(".") and os.path.isdir(os.path.join(directory, n)))


def _has_index(site: str, *parts: str) -> bool:
    return os.path.isfile(os.path.join(site, *parts, "index.html"))


def image_folders(site: str) -> list[str]:
    """Top-level folders with an index.html and a tags/ sub-folder, sorted."""
    return [
        name
        for name in _visible_dirs(site)
        if _has_index(site, name) and os.path.isdir(os.path.join(site, name, "tags"))
    ]


def variant_folders(site: str, image: str) -> list[str]:
    """Sub-folders of an image folder (other than tags/ and history/) that have an index.html, sorted."""
    return [
        name
        for name in _visible_dirs(os.path.join(site, image))
        if name not in ("tags", "history") and _has_index(site, image, name)
    ]


def find_pages(site: str, kinds: tuple[str, ...]) -> tuple[list[Page], list[str]]:
    """Returns (pages found, notes about the kinds that were not found) for the asked kinds."""
    found: dict[str, str] = {}
    notes: dict[str, str] = {}

    if os.path.isfile(os.path.join(site, "index.html")):
        found["catalog"] = "index.html"
    else:
        notes["catalog"] = "no index.html at the site root"

    images = image_folders(site)
    # $SITE_CHECK_IMAGE picks the image (a richer one makes better screenshots); else the first.
    wanted = os.environ.get("SITE_CHECK_IMAGE", "")
    image = wanted if wanted in images else (images[0] if images else None)
    if image is None:
        why = "no top-level folder with both index.html and a tags/ sub-folder"
        notes["image"] = why
        notes["image-tags"] = why
    else:
        found["image"] = f"{image}/index.html"
        if _has_index(site, image, "tags"):
            found["image-tags"] = f"{image}/tags/index.html"
        else:
            notes["image-tags"] = f"{image}/tags/ has no index.html"

    if image is not None and _has_index(site, image, "history"):
        found["history"] = f"{image}/history/index.html"
    else:
        notes["history"] = "no <image>/history/index.html (the site was built without --history)"

    # A variant of the chosen image first; else of any other image folder.
    ordered = ([image] if image else []) + [i for i in images if i != image]
    for candidate in ordered:
        variants = variant_folders(site, candidate)
        if variants:
            # $SITE_CHECK_VARIANT picks the variant when the image has it.
            preferred = os.environ.get("SITE_CHECK_VARIANT", "")
            variant = preferred if preferred in variants else variants[0]
            found["variant"] = f"{candidate}/{variant}/index.html"
            break
    else:
        notes["variant"] = "no image folder has a sub-folder (other than tags/) with an index.html"

    for kind, folder in (("tags", "tags"), ("search", "search")):
        if _has_index(site, folder):
            found[kind] = f"{folder}/index.html"
        else:
            notes[kind] = f"no {folder}/index.html"

    pages = [Page(kind, found[kind]) for kind in kinds if kind in found]
    missing = [f"{kind}: {notes[kind]}" for kind in kinds if kind not in found]
    return pages, missing


def explicit_pages(site: str, paths: list[str]) -> tuple[list[Page], list[str]]:
    """Pages given with --page (relative to the site, or absolute inside it)."""
    pages, missing = [], []
    root = os.path.realpath(site)
    for given in paths:
        full = os.path.realpath(given if os.path.isabs(given) else os.path.join(site, given))
        if os.path.isdir(full):
            full = os.path.join(full, "index.html")
        relative = os.path.relpath(full, root).replace(os.sep, "/")
        if relative.startswith("../"):
            missing.append(f"{given}: outside the site {site}")
        elif not os.path.isfile(full):
            missing.append(f"{given}: no such file")
        else:
            pages.append(Page(relative, relative))
    return pages, missing


def file_url(site: str, page: Page) -> str:
    """file:// URL of a page (percent-encoded)."""
    from pathlib import Path

    return Path(os.path.realpath(os.path.join(site, page.path))).as_uri()
