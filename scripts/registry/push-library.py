#!/usr/bin/env python3
"""Push a small image for every tag of a folder of library files to a registry.

For each entry of each library file: one image per architecture of the entry (an index
over them, see make-oci-layout.py), pushed under each of the entry's Tags. Each SharedTags
tag gets an index over the images of every entry that shares it: the same manifests, as
docker-library's shared tags have. Windows entries get the os.version their Constraints
name. Sizes and dates differ by variant and image, the way real ones do; the output is
deterministic, so the same library pushes the same digests.

    push-library.py --library content/library --registry 127.0.0.1:5000 --namespace demo

Needs skopeo. Used by scripts/demo-registry.sh and by the registry tests.
"""
import argparse
import hashlib
import os
import subprocess
import sys
import tempfile

PLATFORMS = {
    "amd64": "linux/amd64", "arm32v5": "linux/arm/v5", "arm32v6": "linux/arm/v6", "arm32v7": "linux/arm/v7",
    "arm64v8": "linux/arm64/v8", "i386": "linux/386", "mips64le": "linux/mips64le", "ppc64le": "linux/ppc64le",
    "riscv64": "linux/riscv64", "s390x": "linux/s390x", "windows-amd64": "windows/amd64",
}
WINDOWS_VERSIONS = {"ltsc2025": "10.0.26100.4946", "ltsc2022": "10.0.20348.4052", "1809": "10.0.17763.7678"}
HERE = os.path.dirname(os.path.abspath(__file__))


def paragraphs(text):
    """The library file's paragraphs as lists of (key, value), continuation lines joined."""
    result, current, key = [], [], None
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if current:
                result.append(current)
            current, key = [], None
            continue
        if line[0] in " \t" and key is not None:
            current[-1] = (key, current[-1][1] + " " + line.strip())
            continue
        key, _, value = line.partition(":")
        key = key.strip()
        current.append((key, value.strip()))
    if current:
        result.append(current)
    return result


def entries(path):
    """Each entry: its tags, shared tags, architectures and constraints."""
    with open(path) as source:
        found = paragraphs(source.read())
    defaults = {"Architectures": "amd64"}
    out = []
    for index, paragraph in enumerate(found):
        fields = dict(paragraph)
        if "Tags" not in fields and "SharedTags" not in fields:
            if index == 0:
                defaults.update(fields)
            continue
        def listed(name):
            value = fields.get(name, defaults.get(name, ""))
            return [item.strip() for item in value.split(",") if item.strip()]
        out.append({"tags": listed("Tags"), "shared": listed("SharedTags"),
                    "architectures": listed("Architectures"), "constraints": listed("Constraints")})
    return out


def seed(*parts):
    return int(hashlib.sha256("/".join(parts).encode()).hexdigest()[:8], 16)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--library", required=True)
    parser.add_argument("--registry", required=True, help="host:port")
    parser.add_argument("--namespace", default="demo")
    parser.add_argument("--images", default=None, help="only these, separated by commas")
    args = parser.parse_args()

    names = sorted(name for name in os.listdir(args.library) if not name.startswith("."))
    if args.images:
        names = [name for name in names if name in args.images.split(",")]
    with tempfile.TemporaryDirectory(prefix="push-library-") as work:  # the layouts, removed after
        pushed = push_all(names, work, args)
    print("pushed %d tags of %d images to %s/%s" % (pushed, len(names), args.registry, args.namespace))


def push_all(names, work, args):
    """Pushes every tag of the library files `names`, writing their OCI layouts under `work`;
    returns how many tags it pushed."""
    pushed = 0
    for name in names:
        layout = os.path.join(work, name)
        found = entries(os.path.join(args.library, name))
        images = []  # per entry: (first tag, [(platform spec, content)], size, created, os.version)
        for entry in found:
            first = (entry["tags"] or entry["shared"])[0]
            kind = "alpine" if "alpine" in first else "slim" if "slim" in first else "windows" if any(
                a.startswith("windows") for a in entry["architectures"]) else "full"
            size = {"alpine": 9000, "slim": 26000, "full": 61000, "windows": 150000}[kind] + seed(name, first) % 4000
            day = 1 + seed(name, first, "day") % 28
            created = "2026-11-%02dT%02d:%02d:00Z" % (day, seed(name, "h") % 24, seed(first, "m") % 60)
            version = next((v for key, v in WINDOWS_VERSIONS.items() if any(key in c for c in entry["constraints"])), None)
            platforms = [(PLATFORMS[a], "%s:%s" % (name, first)) for a in entry["architectures"] if a in PLATFORMS]
            images.append((entry, first, platforms, size, created, version))
        # Each entry's images under its own tags.
        groups = {}
        for entry, first, platforms, size, created, version in images:
            make(layout, first, platforms, size, created, version, index=len(platforms) > 1)
            for number, tag in enumerate(entry["tags"]):
                if number == 0:
                    push(layout, first, args, name, tag)
                else:
                    retag(args, name, entry["tags"][0], tag)
                pushed += 1
            for tag in entry["shared"]:
                groups.setdefault(tag, []).append((platforms, size, created, version))
        # Shared tags: one index over every entry's images (entries of one size and date each).
        for tag, members in groups.items():
            specs = [spec for platforms, _, _, _ in members for spec in platforms]
            sizes = {size for _, size, _, _ in members}
            if len(members) == 1 or len(sizes) == 1:
                _, size, created, version = members[0]
                make(layout, "shared-" + tag, specs, size, created, version, index=True)
            else:
                # Entries made with different sizes or dates: build the index from each
                # entry's own layout, so that it names the very manifests of the entries.
                make_shared(layout, "shared-" + tag, members)
            push(layout, "shared-" + tag, args, name, tag)
            pushed += 1
    return pushed


def make(layout, tag, platforms, size, created, version, index):
    command = [sys.executable, os.path.join(HERE, "make-oci-layout.py"), layout, "--tag", tag, "--size", str(size),
               "--created", created]
    for spec, content in platforms:
        command += ["--platform", "%s=%s" % (spec, content)]
    if version:
        command += ["--os-version", version]
    if index:
        command.append("--index")
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def make_shared(layout, tag, members):
    """An index over manifests already in `layout`, one group of platforms per member."""
    import json
    descriptors = []
    with open(os.path.join(layout, "index.json")) as source:
        outer = json.load(source)
    for platforms, size, created, version in members:
        # Write the member's images again (same arguments, same digests) under a scratch tag,
        # and take the manifests of its index.
        scratch = "scratch-%d" % seed(*[content + spec for spec, content in platforms])
        make(layout, scratch, platforms, size, created, version, index=True)
        with open(os.path.join(layout, "index.json")) as source:
            outer = json.load(source)
        top = next(m for m in outer["manifests"] if m["annotations"]["org.opencontainers.image.ref.name"] == scratch)
        with open(os.path.join(layout, "blobs", "sha256", top["digest"].split(":")[1])) as source:
            descriptors += json.load(source)["manifests"]
    index = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                        "manifests": descriptors}, separators=(",", ":"), sort_keys=True).encode()
    digest = hashlib.sha256(index).hexdigest()
    with open(os.path.join(layout, "blobs", "sha256", digest), "wb") as out:
        out.write(index)
    outer["manifests"] = [m for m in outer["manifests"] if m["annotations"]["org.opencontainers.image.ref.name"] != tag]
    outer["manifests"].append({"mediaType": "application/vnd.oci.image.index.v1+json", "digest": "sha256:" + digest,
                               "size": len(index), "annotations": {"org.opencontainers.image.ref.name": tag}})
    with open(os.path.join(layout, "index.json"), "w") as out:
        out.write(json.dumps(outer, separators=(",", ":"), sort_keys=True))


def retag(args, name, source, tag):
    """Gives `tag` the manifest `source` names: the registry API's own way, a manifest PUT."""
    import urllib.request
    accept = ", ".join(["application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
                        "application/vnd.docker.distribution.manifest.list.v2+json",
                        "application/vnd.docker.distribution.manifest.v2+json"])
    base = "http://%s/v2/%s/%s/manifests/" % (args.registry, args.namespace, name)
    with urllib.request.urlopen(urllib.request.Request(base + source, headers={"Accept": accept})) as answer:
        body, media_type = answer.read(), answer.headers["Content-Type"]
    request = urllib.request.Request(base + tag, data=body, method="PUT", headers={"Content-Type": media_type})
    urllib.request.urlopen(request).close()


def push(layout, source_tag, args, name, tag):
    subprocess.run(["skopeo", "copy", "--all", "--quiet", "--insecure-policy", "--dest-tls-verify=false",
                    "oci:%s:%s" % (layout, source_tag), "docker://%s/%s/%s:%s" % (args.registry, args.namespace, name, tag)],
                   check=True)


if __name__ == "__main__":
    main()
