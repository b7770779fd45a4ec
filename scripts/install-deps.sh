#!/usr/bin/env bash
# Installs the system packages sitegen builds and tests with (Debian/Ubuntu).
# Safe to run again: packages already present are left alone.
set -euo pipefail

packages=(
	libcmark-gfm-dev            # the Markdown engine (libcmark-gfm)
	libcmark-gfm-extensions-dev # its GitHub extensions: tables, autolinks, strikethrough, tagfilter
	cmark-gfm                   # the command-line renderer the tests compare our HTML with
	libmimalloc-dev             # the allocator sitegen links on Linux (see Package.swift)
	pkg-config                  # how SwiftPM finds libcmark-gfm and libpng
	libpng-dev                  # libpng: the docset's icons are scaled and written with it
	git                         # logo commits and tag history come from `git`
	libxml2-utils               # xmllint: the feed tests validate Atom feeds against RFC 4287's schema
	trang                       # converts that schema (RELAX NG compact) for xmllint
	patch                       # the diff tests apply sitegen diff's README diffs with it
	docker-registry             # the registry tests start their own (distribution 2.8) on loopback
	skopeo                      # they push the images they write to it
	apache2-utils               # htpasswd, for the registry tests' basic auth
)

# The feed tests also read every feed with Python's feedparser, as feed readers do; the diff
# tests validate sitegen diff's JSON against docs/diff-schema.md with jsonschema.
python=${PYTHON:-python3}
for module in feedparser jsonschema; do
	if ! "$python" -c "import $module" 2>/dev/null; then
		echo "install-deps: installing $module for $python"
		"$python" -m pip install -q "$module"
	fi
done

missing=()
for package in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$package")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "install-deps: all system packages present"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		run=(sudo)
	else
		echo "install-deps: missing ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
		exit 1
	fi
else
	run=()
fi

echo "install-deps: installing ${missing[*]}"
"${run[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
