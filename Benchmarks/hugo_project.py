#!/usr/bin/env python3
"""Writes a Hugo project that builds the same Markdown as sitegen, for the benchmarks.

One page per image (`content/images/<image>.md`): JSON front matter with the title and every tag
of the image as a `tags` taxonomy term, then the image's content.md as it is. Terms are
`image:tag` (`nginx:1.27-alpine`), the way docker names a tag, so the term pages are a tag index
of every image:tag, like sitegen's; `--terms bare` uses the tags as the library file writes them
(`1.27-alpine`), which merges equal tags of different images into one term.

The layouts are the least a Hugo site needs to render real pages: a base template, the image
page (title, its tags linked to their term pages, the content), the home and section lists,
the tag list page (every term with its count) and one page per term. RSS and the sitemap are
off (sitegen writes neither by default), raw HTML is left out (`unsafe = false`, as sitegen
renders in safe mode), typographic quotes are off (GitHub's Markdown has none); everything
else, syntax highlighting included, is Hugo's default.

Usage: hugo_project.py --docs DIR --library DIR --out DIR [--terms qualified|bare] [IMAGE ...]
(default: every docs folder with a content.md and a library file)
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

CONFIG = """\
baseURL = "http://localhost/"
title = "Container images"
languageCode = "en"
disableKinds = ["RSS", "sitemap", "robotsTXT"]

[taxonomies]
tag = "tags"

[markup.goldmark.renderer]
unsafe = false

[markup.goldmark.extensions]
typographer = false
"""

LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
</head>
<body>
<nav><a href="{{ "/" | relURL }}">{{ site.Title }}</a> · <a href="{{ "/tags/" | relURL }}">Tags</a></nav>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<article>{{ .Content }}</article>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
    "_default/taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
    "_default/term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
    "index.html": """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
<ul>{{ range site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
}


def library_tags(text: str) -> list[str]:
    """Every Tags and SharedTags value of a library file, in order, without repeats.

    The format: paragraphs of `Key: value` lines; a line starting with whitespace continues the
    previous value; `#` starts a comment line; lists are comma-separated.
    """
    values: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t":
            if values:
                key, value = values[-1]
                values[-1] = (key, value + " " + line.strip())
            continue
        key, _, value = line.partition(":")
        values.append((key.strip(), value.strip()))
    tags: list[str] = []
    seen: set[str] = set()
    for key, value in values:
        if key in ("Tags", "SharedTags"):
            for tag in value.split(","):
                tag = tag.strip()
                if tag and tag not in seen:
                    seen.add(tag)
                    tags.append(tag)
    return tags


def images_of(docs: Path, library: Path) -> list[str]:
    return sorted(
        entry.name for entry in docs.iterdir()
        if entry.is_dir() and not entry.name.startswith(".")
        and (entry / "content.md").is_file() and (library / entry.name).is_file()
    )


def write(docs: Path, library: Path, out: Path, images: list[str] | None = None, terms: str = "qualified") -> dict[str, int]:
    """Writes the project into out (replacing it); returns counts: images, tags, distinct terms."""
    if out.exists():
        shutil.rmtree(out)
    (out / "content" / "images").mkdir(parents=True)
    (out / "hugo.toml").write_text(CONFIG)
    for path, text in LAYOUTS.items():
        (out / "layouts" / path).parent.mkdir(parents=True, exist_ok=True)
        (out / "layouts" / path).write_text(text)
    (out / "content" / "images" / "_index.md").write_text('{"title": "Images"}\n')
    images = images or images_of(docs, library)
    all_terms: set[str] = set()
    tag_count = 0
    for name in images:
        tags = library_tags((library / name).read_text())
        if terms == "qualified":
            tags = [f"{name}:{tag}" for tag in tags]
        tag_count += len(tags)
        all_terms.update(tags)
        front = json.dumps({"title": name, "tags": tags}, indent=1, ensure_ascii=False)
        body = (docs / name / "content.md").read_text()
        (out / "content" / "images" / f"{name}.md").write_text(front + "\n\n" + body)
    return {"images": len(images), "tags": tag_count, "terms": len(all_terms)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, required=True)
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--terms", choices=["qualified", "bare"], default="qualified")
    parser.add_argument("images", nargs="*")
    args = parser.parse_args(argv)
    counts = write(args.docs, args.library, args.out, args.images or None, args.terms)
    print(f"hugo project in {args.out}: {counts['images']} pages, {counts['tags']} tags, {counts['terms']} terms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
