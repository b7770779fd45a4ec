#!/usr/bin/env python3
"""Write one tag of a small container image into an OCI image layout folder.

Each platform gets one gzipped tar layer (a text file, plus --size bytes that do not
compress, so that sizes differ the way real images do), an image configuration with
architecture, os, variant, os.version and created, and a manifest. With two platforms or
more, or with --index, the tag names an image index over them. The output is
deterministic: the same arguments give the same digests.

    make-oci-layout.py LAYOUT --tag 1.0 --platform linux/amd64 --platform linux/arm64/v8

Push it with skopeo (see scripts/demo-registry.sh):

    skopeo copy --all --dest-tls-verify=false oci:LAYOUT:1.0 docker://127.0.0.1:5000/demo/lumen:1.0

It prints the digest the tag names.
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import tarfile

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"


def canonical(value):
    return json.dumps(value, separators=(",", ":"), sort_keys=True).encode()


def put_blob(layout, data):
    digest = hashlib.sha256(data).hexdigest()
    folder = os.path.join(layout, "blobs", "sha256")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, digest)
    if not os.path.exists(path):
        with open(path, "wb") as out:
            out.write(data)
    return {"digest": "sha256:" + digest, "size": len(data)}


def noise(seed, count):
    """`count` bytes that gzip cannot shrink, the same for the same seed."""
    out = bytearray()
    block = seed.encode()
    while len(out) < count:
        block = hashlib.sha256(block).digest()
        out += block
    return bytes(out[:count])


def layer(text, padding):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in (("hello.txt", text.encode()), ("padding.bin", padding)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    raw_bytes = raw.getvalue()
    return raw_bytes, gzip.compress(raw_bytes, mtime=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("layout", help="the OCI layout folder (created if absent; other tags in it are kept)")
    parser.add_argument("--tag", required=True)
    parser.add_argument("--platform", action="append", required=True,
                        help="os/architecture[/variant], repeatable; os/architecture=TEXT gives that platform's image "
                             "its own content (the same TEXT and platform make the same image in any layout)")
    parser.add_argument("--created", default="2026-01-01T00:00:00Z", help="the configuration's created time")
    parser.add_argument("--content", default=None, help="text that makes the image differ (default: the tag)")
    parser.add_argument("--size", type=int, default=2048, help="incompressible bytes added to each layer")
    parser.add_argument("--os-version", default=None, help="os.version, for windows platforms")
    parser.add_argument("--index", action="store_true", help="an index even for one platform")
    args = parser.parse_args()

    layout = args.layout
    os.makedirs(layout, exist_ok=True)
    with open(os.path.join(layout, "oci-layout"), "w") as out:
        out.write('{"imageLayoutVersion":"1.0.0"}')
    content = args.content if args.content is not None else args.tag

    entries = []
    for given in args.platform:
        spec, _, own = given.partition("=")
        parts = spec.split("/")
        if len(parts) not in (2, 3):
            parser.error("--platform is os/architecture[/variant], not " + spec)
        platform = {"os": parts[0], "architecture": parts[1]}
        if len(parts) == 3:
            platform["variant"] = parts[2]
        if args.os_version and parts[0] == "windows":
            platform["os.version"] = args.os_version
        text = own or content
        raw, compressed = layer("%s %s\n" % (text, spec), noise(text + spec, args.size))
        layer_blob = put_blob(layout, compressed)
        config = dict(platform)
        config.update({
            "created": args.created,
            "config": {"Cmd": ["cat", "/hello.txt"]},
            "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(raw).hexdigest()]},
        })
        config_blob = put_blob(layout, canonical(config))
        manifest = {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": dict(mediaType=OCI_CONFIG, **config_blob),
            "layers": [dict(mediaType=OCI_LAYER, **layer_blob)],
        }
        entries.append((platform, dict(mediaType=OCI_MANIFEST, **put_blob(layout, canonical(manifest)))))

    if len(entries) == 1 and not args.index:
        top = entries[0][1]
    else:
        index = {
            "schemaVersion": 2,
            "mediaType": OCI_INDEX,
            "manifests": [dict(descriptor, platform=platform) for platform, descriptor in entries],
        }
        top = dict(mediaType=OCI_INDEX, **put_blob(layout, canonical(index)))

    index_path = os.path.join(layout, "index.json")
    if os.path.exists(index_path):
        with open(index_path) as source:
            outer = json.load(source)
    else:
        outer = {"schemaVersion": 2, "manifests": []}
    outer["manifests"] = [m for m in outer["manifests"]
                          if m.get("annotations", {}).get("org.opencontainers.image.ref.name") != args.tag]
    outer["manifests"].append(dict(top, annotations={"org.opencontainers.image.ref.name": args.tag}))
    with open(index_path, "wb") as out:
        out.write(canonical(outer))
    print(top["digest"])


if __name__ == "__main__":
    main()
