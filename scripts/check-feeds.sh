#!/usr/bin/env bash
# Validates every feed.xml under a folder (a built site) as an Atom 1.0 feed:
#   schema      xmllint --relaxng against RFC 4287's RELAX NG schema (Tests/Fixtures/atom.rnc,
#               converted to XML syntax with trang once per run)
#   feedparser  Python's feedparser reads it without error (bozo 0)
#
# usage: scripts/check-feeds.sh SITE_DIR
#
# Prints one line per feed, "OK FILE" or "FAIL FILE" followed by the reasons, then a count.
# Exits 1 if any feed failed or none was found, 2 on a usage error or a missing tool.
#
# Tools: trang (Debian: trang), xmllint (Debian: libxml2-utils), feedparser (PyPI: feedparser,
# or Debian: python3-feedparser). PYTHON names the interpreter (default python3).
set -euo pipefail

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: $0 SITE_DIR   (a folder holding feed.xml files)" >&2
	exit 2
fi
site_dir=$1
python=${PYTHON:-python3}
schema="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/Tests/Fixtures/atom.rnc"

# --- Tools -------------------------------------------------------------------------------
missing=()
command -v trang >/dev/null || missing+=("trang (apt-get install trang)")
command -v xmllint >/dev/null || missing+=("xmllint (apt-get install libxml2-utils)")
"$python" -c 'import feedparser' 2>/dev/null || missing+=("feedparser for $python (pip install feedparser)")
if [ ${#missing[@]} -gt 0 ]; then
	printf 'missing tool: %s\n' "${missing[@]}" >&2
	exit 2
fi

# --- The schema, in the XML syntax xmllint reads -----------------------------------------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trang "$schema" "$work/atom.rng"

# --- The feeds ---------------------------------------------------------------------------
mapfile -d '' feeds < <(find "$site_dir" -type f -name feed.xml -print0 | sort -z)
if [ ${#feeds[@]} -eq 0 ]; then
	echo "FAIL no feed.xml under $site_dir"
	exit 1
fi

# feedparser for all feeds in one interpreter: a line "FILE<TAB>problem" for each that fails.
printf '%s\0' "${feeds[@]}" | "$python" -c '
import sys, feedparser
for path in sys.stdin.read().split("\0"):
    if path:
        d = feedparser.parse(path)
        if d.bozo:
            print(path + "\t" + repr(d.get("bozo_exception")).replace("\n", " "))
' >"$work/feedparser.tsv"

failed=0
for feed in "${feeds[@]}"; do
	reasons=()
	if ! xmllint --noout --relaxng "$work/atom.rng" "$feed" >"$work/xmllint.log" 2>&1; then
		reasons+=("xmllint: $(grep -v ' validates$' "$work/xmllint.log" | tr '\n' ' ')")
	fi
	parser_problem=$(awk -F '\t' -v path="$feed" '$1 == path { print $2 }' "$work/feedparser.tsv")
	[ -z "$parser_problem" ] || reasons+=("feedparser: bozo 1, $parser_problem")
	if [ ${#reasons[@]} -eq 0 ]; then
		echo "OK $feed"
	else
		failed=$((failed + 1))
		echo "FAIL $feed"
		printf '    %s\n' "${reasons[@]}"
	fi
done

echo "check-feeds: ${#feeds[@]} feeds checked, $failed failing"
[ "$failed" -eq 0 ]
