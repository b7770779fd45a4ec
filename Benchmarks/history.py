#!/usr/bin/env python3
"""The cost of --history, measured against the same build without it in the same run.

usage: Benchmarks/history.py [--sitegen PATH] [--runs N] [--bundle PATH] [--results PATH]

Clones ../shared/history/official-images-library.bundle (the official-images history of
library/, whose tip is ../shared/corpus/library) and builds the corpus docs with that clone's
library folder, with and without --history, alternating the two so that both see the same
machine:

  cold        no site, no cache: every version of the files with a page (and of the deleted
              ones) read, parsed and folded; also with a folder for every library file at the
              tip (copies of memcached's), so that every file's history is read and shown
  warm        nothing changed since the last build (the no-op a user sees most)
  new commit  one new first-parent commit that changes one library file, over a site built at
              the commit before (the history continues from the build's cache): library/python,
              the largest history (403 changes, 3,765 retired tags), and library/redis, a
              typical one

Each figure is the median of N runs (wall time, and peak RSS from measure.c). The targets are
issue 18's: cold at most 2 s over the build without history, warm at most 30 ms over it, the
new-commit rebuild at most 150 ms, peak RSS at most 300 MB. Writes the section between the
history markers of Benchmarks/RESULTS.md (bench.py keeps it when it rewrites the file).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import results_section  # noqa: E402
from trash import Trash  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
START = "<!-- history:start -->"
END = "<!-- history:end -->"


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"history.py: {' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return done.stdout


def build_measure(work: Path) -> Path:
    compiler = shutil.which("cc") or shutil.which("clang") or shutil.which("gcc")
    if not compiler:
        sys.exit("history.py: no C compiler for Benchmarks/measure.c")
    binary = work / "measure"
    run([compiler, "-O2", "-o", str(binary), str(HERE / "measure.c")])
    return binary


class Timer:
    def __init__(self, measure: Path, work: Path):
        self.measure = measure
        self.result = work / "measure.out"

    def time(self, cmd: list[str]) -> tuple[float, int]:
        """Wall milliseconds and peak RSS in MB of one run of `cmd` (which must succeed)."""
        with open(os.devnull, "wb") as devnull:
            done = subprocess.run([str(self.measure), str(self.result)] + cmd, stdout=devnull, stderr=subprocess.PIPE)
        fields = self.result.read_text().split()
        if done.returncode != 0 or fields[4] != "0":
            sys.exit(f"history.py: {' '.join(cmd)} failed:\n{done.stderr.decode(errors='replace')[-2000:]}")
        return int(fields[0]) / 1e6, int(fields[3]) // 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sitegen", default=str(ROOT / ".build/release/sitegen"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", default=str(ROOT.parent / "shared/history/official-images-library.bundle"))
    parser.add_argument("--corpus", default=os.environ.get("SITEGEN_CORPUS", str(ROOT.parent / "shared/corpus")))
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    sitegen = str(Path(args.sitegen).resolve())
    corpus = Path(args.corpus)
    if not Path(args.bundle).exists() or not (corpus / "docs").is_dir():
        sys.exit("history.py: needs the history bundle and the corpus (../shared/history, ../shared/corpus)")

    work = Path(tempfile.mkdtemp(prefix="sitegen-history-bench-"))
    # Nothing is deleted while the script measures (trash.py): outputs are moved aside, and the
    # work folder goes into the trash at the end, emptied once nothing is timed.
    trash = Trash(work)
    trash.wait_for_the_last_emptying()
    try:
        timer = Timer(build_measure(work), work)
        clone = work / "official-images"
        run(["git", "clone", "-q", args.bundle, str(clone)])
        run(["git", "-C", str(clone), "config", "user.name", "bench"])
        run(["git", "-C", str(clone), "config", "user.email", "bench@example.org"])
        tip = run(["git", "-C", str(clone), "rev-parse", "HEAD"]).strip()
        base = [sitegen, "build", "--docs", str(corpus / "docs"), "--library", str(clone / "library"),
                "--logo-commits", str(corpus / "logo-commits.tsv"),
                "--buildpack-deps-images", str(corpus / "buildpack-deps-images.txt"),
                "--base-url", "https://example.org/", "--quiet"]
        sites = {"plain": work / "plain", "history": work / "history"}
        flags = {"plain": [], "history": ["--history"]}

        def build(kind: str, site: Path | None = None) -> tuple[float, int]:
            return timer.time(base + ["--output", str(site or sites[kind])] + flags[kind])

        results: dict[str, list[tuple[float, int]]] = {}
        print(f"history.py: {args.runs} runs per figure, alternating with and without --history", flush=True)
        for index in range(args.runs):
            order = ["plain", "history"] if index % 2 == 0 else ["history", "plain"]
            for kind in order:
                trash.discard(sites[kind])
                results.setdefault(f"cold {kind}", []).append(build(kind))
        for index in range(args.runs):
            order = ["plain", "history"] if index % 2 == 0 else ["history", "plain"]
            for kind in order:
                results.setdefault(f"warm {kind}", []).append(build(kind))

        # Every library file at the tip with an image folder: the corpus docs plus, for each
        # library file they lack, a folder copied from a small image's (memcached). The build
        # then reads and shows the history of every file, not only the corpus images'.
        everything = work / "every-image-docs"
        shutil.copytree(corpus / "docs", everything, symlinks=True)
        stand_in = corpus / "docs" / "memcached"
        added = 0
        for library_file in sorted((clone / "library").iterdir()):
            folder = everything / library_file.name
            if library_file.is_file() and not folder.exists():
                shutil.copytree(stand_in, folder, symlinks=True)
                added += 1
        every = [arg if arg != str(corpus / "docs") else str(everything) for arg in base]
        every_sites = {"plain": work / "every-plain", "history": work / "every-history"}
        for index in range(args.runs):
            order = ["plain", "history"] if index % 2 == 0 else ["history", "plain"]
            for kind in order:
                trash.discard(every_sites[kind])
                results.setdefault(f"every {kind}", []).append(
                    timer.time(every + ["--output", str(every_sites[kind])] + flags[kind]))

        # One new commit over a site built at the commit before; the site is restored before each run.
        before = work / "before"
        shutil.copytree(sites["history"], before, symlinks=True)
        for image, directory in (("python", "3.14/trixie"), ("redis", "alpine")):
            library = clone / "library" / image
            original = library.read_text()
            for index in range(args.runs):
                trash.discard(sites["history"])
                shutil.copytree(before, sites["history"], symlinks=True)
                run(["git", "-C", str(clone), "reset", "-q", "--hard", tip])
                library.write_text(original.rstrip("\n") + f"\n\nTags: 0.0.{index}-bench\nArchitectures: amd64\n"
                                              f"GitCommit: 0000000000000000000000000000000000000000\nDirectory: {directory}\n")
                run(["git", "-C", str(clone), "commit", "-q", "-a", "-m", f"{image}: bench tag {index}"])
                results.setdefault(f"new commit {image}", []).append(build("history"))
        run(["git", "-C", str(clone), "reset", "-q", "--hard", tip])
    finally:
        trash.empty()
        shutil.rmtree(work, ignore_errors=True)

    def median(name: str) -> float:
        return statistics.median(wall for wall, _ in results[name])

    def peak(name: str) -> int:
        return max(rss for _, rss in results[name])

    cold = median("cold history") - median("cold plain")
    every = median("every history") - median("every plain")
    warm = median("warm history") - median("warm plain")
    rows = [
        ("cold build, history added", cold, 2000, "ms over the build without history"),
        ("cold build, every library file with a page, history added", every, 2000, "ms over the build without history"),
        ("warm build (no change), history added", warm, 30, "ms over the build without history"),
        ("rebuild after one new commit to library/python", median("new commit python"), 150, "ms"),
        ("rebuild after one new commit to library/redis", median("new commit redis"), 150, "ms"),
        ("peak RSS with history", max(peak("cold history"), peak("every history")), 300, "MB"),
    ]
    lines = [START, "", "## History (`--history`)", "",
             f"Measured by `Benchmarks/history.py` on {time.strftime('%Y-%m-%d')}, {platform.machine()}, "
             f"{os.cpu_count()} cores; the corpus docs with a clone of the history bundle's `library/` "
             f"(median of {args.runs} runs, with and without `--history` alternating).", "",
             "| figure | without history | with history |", "|---|---:|---:|"]
    for case in ("cold", "warm"):
        lines.append(f"| {case} build | {median(f'{case} plain'):.0f} ms, {peak(f'{case} plain')} MB "
                     f"| {median(f'{case} history'):.0f} ms, {peak(f'{case} history')} MB |")
    lines.append(f"| cold build, every library file with a page ({added} folders added) | {median('every plain'):.0f} ms, "
                 f"{peak('every plain')} MB | {median('every history'):.0f} ms, {peak('every history')} MB |")
    for image in ("python", "redis"):
        lines.append(f"| one new commit to library/{image} | | {median(f'new commit {image}'):.0f} ms, {peak(f'new commit {image}')} MB |")
    lines += ["", "| target | measured | limit | met |", "|---|---:|---:|---|"]
    for name, value, limit, unit in rows:
        lines.append(f"| {name} | {value:.0f} {unit} | {limit} | {'yes' if value <= limit else '**no**'} |")
    lines += ["", END]
    section = "\n".join(lines) + "\n"
    print(section)

    results_section.write(args.results, START, END, section)
    return 0 if all(value <= limit for _, value, limit, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
