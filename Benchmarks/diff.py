#!/usr/bin/env python3
"""The speed of `sitegen diff` on the official-images history, against git's own diff of the
same commits measured in the same run.

usage: Benchmarks/diff.py [--sitegen PATH] [--runs N] [--commits N] [--bundle PATH] [--results PATH]

Clones ../shared/history/official-images-library.bundle and diffs, with the corpus docs
(READMEs and pages compared too):

  single-image update   `sitegen diff C~1 C` for each of the N newest first-parent commits that
                        change exactly one library file (the typical pull request); figure: the
                        median over those commits of each commit's median, and the slowest one
  100 commits           `sitegen diff HEAD~100 HEAD` (first parents: 100 landings)
  library only          the same single-image commits without --docs (tags and builds only)

The baseline is `git diff --stat C~1 C -- library` on the same commits, the least any tool
that reads the change must spend. Each figure is a median of N runs. The targets are issue
19's: at most 300 ms for a single-image update and 2 s across 100 commits. Writes the section
between the diff markers of Benchmarks/RESULTS.md.
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
START = "<!-- diff:start -->"
END = "<!-- diff:end -->"


def run(cmd: list[str], cwd: Path | None = None) -> str:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"diff.py: {' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return done.stdout


def wall(cmd: list[str], cwd: Path) -> float:
    """Milliseconds of one run of `cmd`, whose output is discarded (it must exit 0)."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        sys.exit(f"diff.py: {' '.join(cmd)} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sitegen", default=str(ROOT / ".build/release/sitegen"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--commits", type=int, default=20, help="single-image commits to diff (default 20)")
    parser.add_argument("--bundle", default=str(ROOT.parent / "shared/history/official-images-library.bundle"))
    parser.add_argument("--corpus", default=os.environ.get("SITEGEN_CORPUS", str(ROOT.parent / "shared/corpus")))
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    sitegen = str(Path(args.sitegen).resolve())
    corpus = Path(args.corpus)
    if not Path(args.bundle).exists() or not (corpus / "docs").is_dir():
        sys.exit("diff.py: needs the history bundle and the corpus (../shared/history, ../shared/corpus)")

    work = Path(tempfile.mkdtemp(prefix="sitegen-diff-bench-"))
    try:
        clone = work / "official-images"
        run(["git", "clone", "-q", args.bundle, str(clone)])
        # The newest first-parent commits that change exactly one file of library/.
        singles: list[tuple[str, str]] = []
        log = run(["git", "log", "--first-parent", "--format=C %H", "--name-only", "-n", "400", "HEAD", "--", "library"], clone)
        commit, files = None, []
        for line in log.splitlines() + ["C end"]:
            if line.startswith("C "):
                if commit and len(files) == 1:
                    singles.append((commit, files[0].split("/", 1)[1]))
                commit, files = line[2:], []
            elif line.strip():
                files.append(line.strip())
        singles = singles[:args.commits]
        docs = ["--docs", str(corpus / "docs"), "--logo-commits", str(corpus / "logo-commits.tsv"),
                "--buildpack-deps-images", str(corpus / "buildpack-deps-images.txt")]
        base = [sitegen, "diff", "--library", "library"]

        # Warm git's and the file system's caches once, as a reviewer's second run would be.
        run(base + docs + ["HEAD~1", "HEAD"], clone)
        per_commit: dict[str, list[float]] = {}
        library_only: dict[str, list[float]] = {}
        git_diff: dict[str, list[float]] = {}
        print(f"diff.py: {len(singles)} single-image commits, {args.runs} runs each", flush=True)
        for index in range(args.runs):
            for commit, _ in singles:
                # Alternate the order of the three tools so that none always runs on a warmer machine.
                tools = [("sitegen", base + docs + [commit + "~1", commit], per_commit),
                         ("library", base + [commit + "~1", commit], library_only),
                         ("git", ["git", "diff", "--stat", commit + "~1", commit, "--", "library"], git_diff)]
                if index % 2:
                    tools.reverse()
                for _, cmd, into in tools:
                    into.setdefault(commit, []).append(wall(cmd, clone))
        hundred = [wall(base + docs + ["HEAD~100", "HEAD"], clone) for _ in range(args.runs)]
        hundred_git = [wall(["git", "diff", "--stat", "HEAD~100", "HEAD", "--", "library"], clone) for _ in range(args.runs)]
        changed_in_hundred = len(run(["git", "diff", "--name-only", "HEAD~100", "HEAD", "--", "library"], clone).split())
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def medians(table: dict[str, list[float]]) -> list[float]:
        return [statistics.median(values) for values in table.values()]

    single = statistics.median(medians(per_commit))
    slowest_commit = max(per_commit, key=lambda c: statistics.median(per_commit[c]))
    slowest = statistics.median(per_commit[slowest_commit])
    slowest_image = dict(singles)[slowest_commit]
    across = statistics.median(hundred)
    rows = [
        ("single-image update (median over the commits)", single, 300),
        (f"single-image update, slowest commit ({slowest_image})", slowest, 300),
        ("100 commits (HEAD~100 to HEAD)", across, 2000),
    ]
    lines = [START, "", "## `sitegen diff`", "",
             f"Measured by `Benchmarks/diff.py` on {time.strftime('%Y-%m-%d')}, {platform.machine()}, "
             f"{os.cpu_count()} cores; a clone of the history bundle with the corpus docs (READMEs and "
             f"pages compared). {len(singles)} single-image commits (the newest first-parent commits that "
             f"change one library file), each figure a median of {args.runs} runs.", "",
             "| case | `git diff --stat` (baseline) | sitegen diff, library only | sitegen diff, with docs |",
             "|---|---:|---:|---:|",
             f"| single-image update (median over commits) | {statistics.median(medians(git_diff)):.0f} ms "
             f"| {statistics.median(medians(library_only)):.0f} ms | {single:.0f} ms |",
             f"| 100 commits ({changed_in_hundred} library files changed) | {statistics.median(hundred_git):.0f} ms | | {across:.0f} ms |",
             "", "| target | measured | limit | met |", "|---|---:|---:|---|"]
    for name, value, limit in rows:
        lines.append(f"| {name} | {value:.0f} ms | {limit} ms | {'yes' if value <= limit else '**no**'} |")
    lines += ["", END]
    section = "\n".join(lines) + "\n"
    print(section)

    results_section.write(args.results, START, END, section)
    return 0 if all(value <= limit for _, value, limit in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
