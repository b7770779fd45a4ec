#!/usr/bin/env python3
"""The speed of `sitegen registry sync` against a loopback registry, and what registry data
costs a build; each against a baseline measured in the same run.

usage: Benchmarks/registry.py [--sitegen PATH] [--runs N] [--results PATH] [--skip-sync] [--skip-build]

Sync (needs docker-registry and skopeo): a registry on 127.0.0.1 (Debian's docker-registry,
filesystem storage in a temporary folder) holding 300 digests, each an index over two
platforms (linux/amd64, linux/arm64/v8) written by scripts/registry/make-oci-layout.py and
pushed with skopeo, under 1,000 tags in all (10 images, 30 digests and 100 tags each; the
tags beyond a digest's first are given by manifest PUTs). Figures:

  first sync       `sitegen registry sync --concurrency 8` into no data file: 1,000 HEADs,
                   then for each of the 300 digests its index, 2 manifests and 2 configurations
  again            the same sync with the file it wrote (no digest is fetched)
  baseline         the same requests (HEAD per tag; GET of index, manifests and configurations
                   per digest) from Python's http.client on 8 threads, with none of the work
                   around them: the floor any client pays for them on this machine

Build: three trees, each built cold, no-op and after an edit of one image's content.md (what
a preview does on each save), with and without `--registry-data`, alternating:
  sync    the issue's own scale: the sync's 10 images and 1,000 tags over 300 digests, with
          the data file the sync above wrote (each image's docs a copy of the demo's lumen
          folder); only when the sync ran
  full    the `full` tree of Benchmarks/trees.py (150 images, 19,525 tags: twice the whole
          docker-library's), a stress test
  demo    a copy of the demo `content/` (7 images) that the README's first command builds
The full and demo data files are made for the benchmark from the tree's library files in the
sync's layout (one record per entry with one platform per architecture, one per shared tag;
digests and sizes made up): a registry holding 150 images' thousands of tags cannot be filled
here in reasonable time, and the build's cost depends on the file's shape, not on where its
values came from. "Slower by" is the median of the rounds' paired ratios (the two sides of a
round run one after the other, so the VM's drift between rounds cancels), with a 95 %
bootstrap interval; the medians of each side are shown too. Cold and no-op builds of both
sides go into one output folder (see build_figures), and nothing is deleted while builds are
timed: a cold build's old output is moved aside (trash.py, as bench.py does).

Targets (issue 20): the first sync at most 10 s; a build with the data file at most 5 %
slower than without, for each tree and kind of build. Writes the section between the registry markers of RESULTS.md.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import http.client
import json
import os
import platform
import random
import shutil
import socket
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
START = "<!-- registry:start -->"
END = "<!-- registry:end -->"
IMAGES, DIGESTS_PER_IMAGE, TAGS_PER_IMAGE = 10, 30, 100
ACCEPT = ", ".join(["application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
                    "application/vnd.docker.distribution.manifest.list.v2+json",
                    "application/vnd.docker.distribution.manifest.v2+json"])


def run(cmd: list[str], **kwargs) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        sys.exit(f"registry.py: {' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return done.stdout


def wall(cmd: list[str]) -> float:
    """Seconds of one run of `cmd` (it must exit 0)."""
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"registry.py: {' '.join(cmd)} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')[-2000:]}")
    return elapsed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_registry(folder: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    (folder / "config.yml").write_text(
        f"version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n"
        f"    rootdirectory: {folder}/storage\nhttp:\n  addr: 127.0.0.1:{port}\n")
    process = subprocess.Popen(["docker-registry", "serve", str(folder / "config.yml")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, port
        except OSError:
            time.sleep(0.05)
    process.kill()
    sys.exit("registry.py: docker-registry did not start")


def fill(work: Path, port: int) -> Path:
    """Pushes the 300 digests under 1,000 tags; returns the library folder naming them."""
    library = work / "library"
    library.mkdir()
    layouts = work / "layouts"
    for image in range(IMAGES):
        name = f"bench{image}"
        layout = layouts / name
        text = f"Maintainers: Bench <bench@example.org> (@bench)\nGitRepo: https://github.com/example/{name}.git\n"
        tags_of = {d: [] for d in range(DIGESTS_PER_IMAGE)}
        for number in range(TAGS_PER_IMAGE):
            tags_of[number % DIGESTS_PER_IMAGE].append(f"{number // DIGESTS_PER_IMAGE}.{number % DIGESTS_PER_IMAGE}")
        for digest, tags in tags_of.items():
            first = f"d{digest}"
            run([sys.executable, str(ROOT / "scripts/registry/make-oci-layout.py"), str(layout), "--tag", first,
                 "--platform", "linux/amd64", "--platform", "linux/arm64/v8", "--content", f"{name}-{digest}", "--size", "4096"])
            run(["skopeo", "copy", "--all", "--quiet", "--insecure-policy", "--dest-tls-verify=false",
                 f"oci:{layout}:{first}", f"docker://127.0.0.1:{port}/bench/{name}:{tags[0]}"])
            connection = http.client.HTTPConnection("127.0.0.1", port)
            connection.request("GET", f"/v2/bench/{name}/manifests/{tags[0]}", headers={"Accept": ACCEPT})
            answer = connection.getresponse()
            body, media = answer.read(), answer.getheader("Content-Type")
            for tag in tags[1:]:
                connection.request("PUT", f"/v2/bench/{name}/manifests/{tag}", body=body, headers={"Content-Type": media})
                put = connection.getresponse()
                put.read()
                if put.status >= 300:
                    sys.exit(f"registry.py: PUT {name}:{tag} gave {put.status}")
            connection.close()
            text += f"\nTags: {', '.join(tags)}\nArchitectures: amd64, arm64v8\nGitCommit: {'0' * 40}\n"
        (library / name).write_text(text)
    return library


def baseline(port: int, library: Path) -> float:
    """Seconds for the sync's requests from a bare client: HEAD per tag, then per digest its
    index, manifests and configurations, on 8 threads."""
    tags = []
    for file in sorted(library.iterdir()):
        for line in file.read_text().splitlines():
            if line.startswith("Tags: "):
                tags += [(file.name, tag.strip()) for tag in line[6:].split(",")]
    local = __import__("threading").local()

    def connection() -> http.client.HTTPConnection:
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection("127.0.0.1", port)
        return local.connection

    def request(method: str, path: str) -> tuple[int, dict, bytes]:
        c = connection()
        c.request(method, path, headers={"Accept": ACCEPT})
        answer = c.getresponse()
        body = answer.read()
        return answer.status, dict(answer.getheaders()), body

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        heads = list(pool.map(lambda t: (t[0], request("HEAD", f"/v2/bench/{t[0]}/manifests/{t[1]}")[1]["Docker-Content-Digest"]), tags))
        digests = sorted(set(heads))

        def record(item: tuple[str, str]) -> None:
            name, digest = item
            index = json.loads(request("GET", f"/v2/bench/{name}/manifests/{digest}")[2])
            for entry in index["manifests"]:
                manifest = json.loads(request("GET", f"/v2/bench/{name}/manifests/{entry['digest']}")[2])
                request("GET", f"/v2/bench/{name}/blobs/{manifest['config']['digest']}")

        list(pool.map(record, digests))
    return time.perf_counter() - start


def synthetic_data(library: Path) -> dict:
    """Registry data in the sync's layout for every tag of `library` (digests made up)."""
    def digest(text: str) -> str:
        return "sha256:" + hashlib.sha256(text.encode()).hexdigest()
    oci = {"amd64": ("linux", "amd64", None), "arm32v5": ("linux", "arm", "v5"), "arm32v6": ("linux", "arm", "v6"),
           "arm32v7": ("linux", "arm", "v7"), "arm64v8": ("linux", "arm64", "v8"), "i386": ("linux", "386", None),
           "mips64le": ("linux", "mips64le", None), "ppc64le": ("linux", "ppc64le", None), "riscv64": ("linux", "riscv64", None),
           "s390x": ("linux", "s390x", None), "windows-amd64": ("windows", "amd64", None)}
    images = {}
    for file in sorted(library.iterdir()):
        paragraphs = [p for p in file.read_text(errors="replace").split("\n\n")]
        default_arches = ["amd64"]
        record_of_tag, digests, shared = {}, {}, {}
        for number, paragraph in enumerate(paragraphs):
            fields, key = {}, None
            for line in paragraph.splitlines():
                if line.startswith("#"):
                    continue
                if line[:1] in " \t" and key:
                    fields[key] += " " + line.strip()
                elif ":" in line:
                    key, _, value = line.partition(":")
                    key = key.strip()
                    fields[key] = value.strip()
            if "Tags" not in fields and "SharedTags" not in fields:
                if "Architectures" in fields:
                    default_arches = [a.strip() for a in fields["Architectures"].split(",")]
                continue
            arches = [a.strip() for a in fields.get("Architectures", ",".join(default_arches)).split(",") if a.strip() in oci]
            platforms = []
            for arch in arches:
                os_, architecture, variant = oci[arch]
                item = {"architecture": architecture, "created": "2026-11-20T08:00:00Z",
                        "digest": digest(f"{file.name}/{number}/{arch}"),
                        "mediaType": "application/vnd.oci.image.manifest.v1+json", "os": os_,
                        "size": 20_000_000 + int(hashlib.sha256(f"{file.name}{number}{arch}".encode()).hexdigest()[:6], 16)}
                if variant:
                    item["variant"] = variant
                platforms.append(item)
            top = digest(f"{file.name}/{number}")
            digests[top] = {"firstSeen": "2026-12-01T00:00:00Z", "mediaType": "application/vnd.oci.image.index.v1+json",
                            "platforms": platforms}
            for tag in [t.strip() for t in fields.get("Tags", "").split(",") if t.strip()]:
                record_of_tag[tag] = top
            for tag in [t.strip() for t in fields.get("SharedTags", "").split(",") if t.strip()]:
                shared.setdefault(tag, []).extend(platforms)
        for tag, platforms in shared.items():
            top = digest(f"{file.name}/shared/{tag}")
            digests[top] = {"firstSeen": "2026-12-01T00:00:00Z", "mediaType": "application/vnd.oci.image.index.v1+json",
                            "platforms": platforms}
            record_of_tag[tag] = top
        if record_of_tag:
            images[file.name] = {"digests": digests, "registryTags": sorted(record_of_tag), "repository": f"library/{file.name}",
                                 "tags": record_of_tag}
    return {"images": images, "namespace": "library", "registry": "https://registry-1.docker.io", "schemaVersion": 1}


def paired(without: list[float], with_: list[float]) -> tuple[float, float, float]:
    """How much slower `with_` is than `without`, in per cent: the median of the runs' paired
    ratios (each round's two builds ran back to back, so a drift of the VM's speed between
    rounds cancels out), and a 95 % bootstrap interval of that median (2,000 resamples,
    fixed seed, so the same runs give the same interval)."""
    ratios = [b / a for a, b in zip(without, with_)]
    chooser = random.Random(20)
    medians = sorted(statistics.median(chooser.choices(ratios, k=len(ratios))) for _ in range(2000))
    return (100 * (statistics.median(ratios) - 1), 100 * (medians[49] - 1), 100 * (medians[1950] - 1))


def build_figures(common: list[str], data: Path, work: Path, edited: Path, runs: int,
                  trash: Trash) -> dict[str, tuple[list[float], list[float]]]:
    """Milliseconds of each run (without, with `data`) of a cold build, a no-op build and a
    build after an edit of `edited`, alternating which of the two goes first."""
    work.mkdir(parents=True, exist_ok=True)
    cases = {"without": common, "with": common + ["--registry-data", str(data)]}
    # Cold and no-op builds of both sides write into one folder. Two folders side by side
    # measured 10 % apart with the very same build (an A/A run of the sync's tree, 20 rounds):
    # ext4 makes each new file in its folder's inode group, and the cost of that depends on
    # how many files were recently deleted there, which differs from group to group.
    shared = ["--output", str(work / "site")]
    # A build trusts what it read only of files unchanged for 2 s (InputStatCache.settledMargin):
    # until then a cold build leaves no record of its inputs, and the no-op build after it
    # redoes every page. The tree and the data file were just written.
    time.sleep(2.1)
    for command in cases.values():
        wall(command + shared)  # warm the file system
    times: dict[str, dict[str, list[float]]] = {case: {"without": [], "with": []} for case in ("cold", "no-op", "edit")}
    for index in range(runs):
        for name in (["without", "with"] if index % 2 == 0 else ["with", "without"]):
            # Moved aside, not deleted (trash.py): every file a build creates just after a
            # deletion costs more, and the build with registry data creates more files.
            trash.discard(work / "site")
            times["cold"][name].append(wall(cases[name] + shared))
            times["no-op"][name].append(wall(cases[name] + shared))
    # An edit build needs its side's previous site, so each side keeps its own folder here;
    # it writes a few files, where the folder's inode group matters little.
    for name in cases:
        cases[name] = cases[name] + ["--output", str(work / f"site-{name}")]
        wall(cases[name])
    # What a preview does after each save: one image's content.md changed. Each edit is
    # written 2.1 s before its build (as above): the build after it then redoes that image
    # alone, as it would for a person typing.
    original = edited.read_text()
    try:
        for index in range(runs):
            for name in (["without", "with"] if index % 2 == 0 else ["with", "without"]):
                edited.write_text(original + f"\nEdited for run {index} of the benchmark ({name}).\n")
                time.sleep(2.1)
                times["edit"][name].append(wall(cases[name]))
    finally:
        edited.write_text(original)
    return {case: ([t * 1000 for t in by["without"]], [t * 1000 for t in by["with"]]) for case, by in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sitegen", default=str(ROOT / ".build/release/sitegen"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", default=os.environ.get("SITEGEN_CORPUS", str(ROOT.parent / "shared/corpus")))
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--skip-sync", action="store_true")
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()
    sitegen = str(Path(args.sitegen).resolve())
    work = Path(tempfile.mkdtemp(prefix="sitegen-registry-bench-"))
    # Beside the work folder (a rename into it must stay on one file system), emptied at the end.
    trash = Trash(Path(tempfile.gettempdir()) / "sitegen-registry-bench-trash")
    trash.wait_for_the_last_emptying()
    lines = [START, "", "## Registry data (`sitegen registry sync`, `--registry-data`)", "",
             f"Measured by `Benchmarks/registry.py` on {time.strftime('%Y-%m-%d')}, {platform.machine()}, "
             f"{os.cpu_count()} cores; medians of {args.runs} runs unless said otherwise.", ""]
    targets: list[tuple[str, str, str, bool]] = []
    synced: tuple[Path, Path] | None = None
    try:
        if not args.skip_sync:
            registry_folder = work / "registry"
            registry_folder.mkdir()
            process, port = start_registry(registry_folder)
            try:
                print("registry.py: pushing 300 digests under 1,000 tags …", flush=True)
                pushed = time.perf_counter()
                library = fill(work, port)
                print(f"registry.py: pushed in {time.perf_counter() - pushed:.0f} s", flush=True)
                data = work / "registry-data.json"
                sync = [sitegen, "registry", "sync", "--library", str(library), "--registry", f"http://127.0.0.1:{port}",
                        "--namespace", "bench", "--insecure", "--concurrency", "8", "--data", str(data)]
                wall(sync)  # warm the registry's caches and the file system once
                first, again, floor = [], [], []
                for index in range(args.runs):
                    order = ["sitegen", "baseline"] if index % 2 == 0 else ["baseline", "sitegen"]
                    for tool in order:
                        if tool == "sitegen":
                            data.unlink(missing_ok=True)
                            first.append(wall(sync))
                            again.append(wall(sync))
                        else:
                            floor.append(baseline(port, library))
                summary = subprocess.run(sync, capture_output=True, text=True).stderr.strip()
                synced = (library, data)
                with data.open() as source:
                    written = json.load(source)
                digests = sum(len(i["digests"]) for i in written["images"].values())
                tags = sum(len(i["tags"]) for i in written["images"].values())
            finally:
                process.kill()
                process.wait()
            lines += ["Sync: a loopback docker-registry 2.8 holding 300 digests (each an index over linux/amd64 and "
                      "linux/arm64/v8) under 1,000 tags of 10 images; `--concurrency 8`. The baseline makes the same "
                      "requests from Python's http.client on 8 threads and does nothing else.", "",
                      "| case | requests | baseline | sitegen |", "|---|---:|---:|---:|",
                      f"| first sync (no data file): {tags} tags, {digests} digests fetched | 2,500 | "
                      f"{statistics.median(floor):.2f} s | {statistics.median(first):.2f} s |",
                      f"| again, nothing changed | 1,000 HEAD + 11 GET (the version check, 10 tag lists) | | {statistics.median(again):.2f} s |", "",
                      f"The last run's summary: `{summary}`", ""]
            targets.append(("first sync of 1,000 tags over 300 digests", f"{statistics.median(first):.2f} s", "10 s",
                            statistics.median(first) <= 10))
        if not args.skip_build:
            corpus = Path(args.corpus)
            if not (corpus / "docs").is_dir():
                sys.exit("registry.py: the build benchmark needs the corpus (../shared/corpus)")
            tree = work / "full"
            run([sys.executable, str(HERE / "trees.py"), "--corpus", str(corpus), "--dest", str(tree), "--tree", "full"])
            # A copy, so that the edit never touches the checkout.
            demo = work / "demo-content"
            shutil.copytree(ROOT / "content", demo)
            # (label, key, edited file, build command, library, runs): the demo's builds take
            # tens of milliseconds, where one slow run in a few moves the median by percents.
            trees = [("the `full` tree (150 images)", "full", tree / "docs" / "redis" / "content.md",
                      [sitegen, "build", "--docs", str(tree / "docs"), "--library", str(tree / "library"),
                       "--logo-commits", str(tree / "logo-commits.tsv"),
                       "--buildpack-deps-images", str(tree / "buildpack-deps-images.txt")], tree / "library", args.runs),
                     ("the demo `content/` (7 images)", "demo", demo / "docs" / "lumen" / "content.md",
                      [sitegen, "build", "--docs", str(demo / "docs"), "--library", str(demo / "library")],
                      demo / "library", 3 * args.runs)]
            if synced:
                # The issue's own scale: the sync's 10 images and 1,000 tags, with the data file
                # the sync wrote; each image's docs are a copy of the demo's lumen folder.
                sync_docs = work / "sync-docs"
                sync_docs.mkdir()
                shutil.copy(ROOT / "content" / "docs" / "metadata.json", sync_docs / "metadata.json")
                for file in sorted(synced[0].iterdir()):
                    shutil.copytree(ROOT / "content" / "docs" / "lumen", sync_docs / file.name)
                trees.insert(0, ("the sync's 10 images (1,000 tags over 300 digests)", "sync", sync_docs / "bench3" / "content.md",
                                 [sitegen, "build", "--docs", str(sync_docs), "--library", str(synced[0])], synced[0], 3 * args.runs))
            for label, key, edited, common, library, runs in trees:
                data = work / f"{key}-registry-data.json"
                if key == "sync":
                    shutil.copy(synced[1], data)
                    payload, origin = json.loads(data.read_text()), "written by the sync above"
                else:
                    payload, origin = synthetic_data(library), "made by the benchmark, see its docstring"
                    data.write_text(json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
                figures = build_figures(common, data, work / key, edited, runs, trash)
                images = len(payload["images"])
                tags = sum(len(i["tags"]) for i in payload["images"].values())
                platforms = sum(len(r["platforms"]) for i in payload["images"].values() for r in i["digests"].values())
                size = data.stat().st_size / 1_000_000
                lines += [f"Build: {label} with a data file of {images} images, {tags} tags and "
                          f"{platforms} platform records ({size:.2f} MB; {origin}), alternating with the same "
                          f"build without it; {runs} runs. \"Slower by\" is the median of the runs' paired "
                          "ratios, with its 95 % bootstrap interval.", "",
                          "| build | without registry data (median) | with (median) | slower by | 95 % interval |",
                          "|---|---:|---:|---:|---:|"]
                for case, name in (("cold", "cold"), ("no-op", "no-op"), ("edit", "one image's content.md edited")):
                    without, with_ = figures[case]
                    slower, low, high = paired(without, with_)
                    lines.append(f"| {name} | {statistics.median(without):.0f} ms | {statistics.median(with_):.0f} ms | "
                                 f"{slower:.1f} % | {low:.1f} to {high:.1f} % |")
                    targets.append((f"{key}: {case} build with registry data, slower by", f"{slower:.1f} %", "5 %", slower <= 5))
                lines.append("")
    finally:
        trash.discard(work)
        trash.empty()
        shutil.rmtree(trash.folder.parent, ignore_errors=True)

    lines += ["| target | measured | limit | met |", "|---|---:|---:|---|"]
    for name, value, limit, met in targets:
        lines.append(f"| {name} | {value} | {limit} | {'yes' if met else '**no**'} |")
    lines += ["", END]
    section = "\n".join(lines) + "\n"
    print(section)
    results_section.write(args.results, START, END, section)
    return 0 if all(met for *_, met in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
