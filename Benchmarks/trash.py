"""Outputs moved aside instead of deleted while a harness measures, shared by bench.py and
registry.py.

This machine's root file system is ext4 without a journal, and there the kernel, when it
creates a file, skips every inode freed in the last minute or so (`recently_deleted()` in
fs/ext4/ialloc.c) by reading each one: a build timed just after a deletion pays for it in
every file it creates, and the build that creates more files pays more (bench.py's module text
has the measurements). So nothing is deleted while a harness measures: outputs are renamed
into a trash folder, emptied once nothing is timed any more, and a harness that starts soon
after an emptying (its own earlier run's, or the other harness's) waits it out first.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

# How long after a deletion the kernel keeps skipping the freed inodes: a minute once their
# inode-table blocks are written out (the harness syncs), five minutes while those blocks are
# dirty, and creating files dirties them again; the wait takes the longer.
RECENT_DELETION_SECONDS = 360


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


class Trash:
    """Where outputs go instead of being deleted while the harness measures (see the module
    text: on this file system a deletion slows every file created in the minute after it).
    `empty()` deletes it all once nothing is timed any more."""

    def __init__(self, work: Path, emptied: Path | None = None):
        """`work`: where the trash folder goes (on the file system of the outputs, which are
        renamed into it); `emptied`: the file that records the last emptying, shared by the
        harnesses (Benchmarks/.work/.trash-emptied unless given)."""
        self.folder = work / ".trash"
        self.emptied = emptied or Path(__file__).resolve().parent / ".work" / ".trash-emptied"
        self.count = 0

    def discard(self, path: Path) -> None:
        if not (path.exists() or path.is_symlink()):
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # A run that was interrupted leaves its trash behind (emptied by this run's `empty()`):
        # names it used are skipped rather than deleted now.
        while True:
            self.count += 1
            target = self.folder / f"{self.count}-{path.name}"
            if not (target.exists() or target.is_symlink()):
                break
        path.rename(target)

    def empty(self) -> None:
        if not self.folder.exists():
            return
        remove(self.folder)
        # Written to disk, the freed inodes' blocks are clean, and the kernel stops skipping
        # them a minute after their deletion instead of five (RECENTCY_MIN and _DIRTY).
        os.sync()
        self.emptied.parent.mkdir(parents=True, exist_ok=True)
        self.emptied.write_text(f"{time.time():.0f}\n")

    def wait_for_the_last_emptying(self) -> None:
        """Waits until the freed inodes of the last emptying (this run's or an earlier one's)
        no longer slow file creation: the harness's own deletions then never reach into the
        runs it times, even when two runs follow each other."""
        try:
            emptied = float(self.emptied.read_text().strip())
        except (OSError, ValueError):
            return
        wait = emptied + RECENT_DELETION_SECONDS - time.time()
        if wait > 0:
            _log(f"waiting {wait:.0f} s: the last run deleted its outputs {max(0.0, time.time() - emptied):.0f} s ago, and on this "
                f"file system files created within {RECENT_DELETION_SECONDS} s of a deletion are slower (see trash.py)")
            time.sleep(wait)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
