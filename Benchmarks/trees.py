#!/usr/bin/env python3
"""Input trees for the benchmarks, made at run time from the shared corpus (never committed).

Three trees, each a folder with docs/, library/, logo-commits.tsv and buildpack-deps-images.txt:

- corpus: the corpus as it is (45 images with a content.md and a library file), copied so the
  one-file-edit benchmark can edit it;
- full:   150 images: the 45 originals plus copies of them under new names (`nginx-x1`, …),
  round robin in name order until there are 150;
- x10:    1,500 images: the full tree ten times (`nginx`, `nginx-r1` … `nginx-r9`,
  `nginx-x1-r1`, …), so its content is exactly ten times the full tree's.

A copy gets the source's whole docs folder (its one-line symlink stand-ins unchanged: they point
at `.common-templates/` or at another original image, which is still there), the source's
library file under the new name, the source's logo-commits row and, where the source is in it,
a line in the buildpack-deps list. `.template-helpers/`, `.common-templates/`, the root
`metadata.json`, folders without a content.md (`scratch`) and the library files of images
without a docs folder are kept as they are.

Usage: trees.py --corpus DIR --dest DIR --tree corpus|full|x10 [--full-size 150] [--factor 10]
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

FULL_SIZE = 150
FACTOR = 10


def base_images(corpus: Path) -> list[str]:
    """The images sitegen builds: a docs folder with a content.md and a library file."""
    docs, library = corpus / "docs", corpus / "library"
    return sorted(
        entry.name
        for entry in docs.iterdir()
        if entry.is_dir() and not entry.name.startswith(".")
        and (entry / "content.md").is_file() and (library / entry.name).is_file()
    )


def plan(corpus: Path, tree: str, full_size: int = FULL_SIZE, factor: int = FACTOR) -> list[tuple[str, str]]:
    """(name, source image) for every image of the tree, originals included."""
    base = base_images(corpus)
    if tree == "corpus":
        return [(name, name) for name in base]
    full = [(name, name) for name in base]
    round_ = 1
    while len(full) < full_size:
        for name in base:
            if len(full) == full_size:
                break
            full.append((f"{name}-x{round_}", name))
        round_ += 1
    if tree == "full":
        return full
    if tree == "x10":
        return [(name if r == 0 else f"{name}-r{r}", source) for r in range(factor) for name, source in full]
    raise ValueError(f"unknown tree {tree!r}")


def make(corpus: Path, dest: Path, tree: str, full_size: int = FULL_SIZE, factor: int = FACTOR) -> list[str]:
    """Writes the tree into dest (replacing it); returns the names of its images."""
    images = plan(corpus, tree, full_size, factor)
    if dest.exists():
        shutil.rmtree(dest)
    docs, library = dest / "docs", dest / "library"
    # The corpus as it is, then the copies.
    shutil.copytree(corpus / "docs", docs, symlinks=True)
    shutil.copytree(corpus / "library", library, symlinks=True)
    copies = [(name, source) for name, source in images if name != source]
    for name, source in copies:
        shutil.copytree(corpus / "docs" / source, docs / name, symlinks=True)
        shutil.copyfile(corpus / "library" / source, library / name)

    # logo-commits.tsv: image<TAB>logo file<TAB>commit, comment lines start with '#'.
    rows: dict[str, str] = {}
    lines = (corpus / "logo-commits.tsv").read_text().splitlines()
    for line in lines:
        if line and not line.startswith("#"):
            rows[line.split("\t", 1)[0]] = line
    extra = [name + "\t" + rows[source].split("\t", 1)[1] for name, source in copies if source in rows]
    (dest / "logo-commits.tsv").write_text("\n".join(lines + extra) + "\n")

    # buildpack-deps-images.txt: one image a line, '#' comments.
    lines = (corpus / "buildpack-deps-images.txt").read_text().splitlines()
    listed = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    extra = [name for name, source in copies if source in listed]
    (dest / "buildpack-deps-images.txt").write_text("\n".join(lines + extra) + "\n")
    return [name for name, _ in images]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("SITEGEN_CORPUS", "../shared/corpus")))
    parser.add_argument("--dest", type=Path, required=True)
    parser.add_argument("--tree", choices=["corpus", "full", "x10"], required=True)
    parser.add_argument("--full-size", type=int, default=FULL_SIZE)
    parser.add_argument("--factor", type=int, default=FACTOR)
    args = parser.parse_args(argv)
    names = make(args.corpus, args.dest, args.tree, args.full_size, args.factor)
    print(f"{args.tree}: {len(names)} images in {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
