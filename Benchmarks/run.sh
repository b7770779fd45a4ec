#!/usr/bin/env bash
# sitegen's benchmarks in one command: installs what is missing (hugo, cmark-gfm, a C compiler,
# python3; Debian packages), builds sitegen in release mode, then runs Benchmarks/bench.py,
# which prints a table and writes Benchmarks/RESULTS.md.
#
#   Benchmarks/run.sh [--runs N] [--quick] [--keep] [--sitegen PATH] [--no-build] [bench.py options]
#
#   --runs N        runs per measurement (default 5; 3 with --quick)
#   --quick         the corpus and full-size trees only (no ×10)
#   --keep          keep the work folders in Benchmarks/.work/
#   --sitegen PATH  measure this binary (nothing is built)
#   --no-build      measure .build/release/sitegen as it is
#
# Needs the corpus at ../shared/corpus (or $SITEGEN_CORPUS). A whole run takes about 15 to 25
# minutes on the 2-core machine with today's sitegen, most of it the ×10 tree.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"

build=1
args=()
while [ $# -gt 0 ]; do
	case "$1" in
		--sitegen) args+=("$1" "$2"); build=0; shift 2 ;;
		--sitegen=*) args+=("$1"); build=0; shift ;;
		--no-build) build=0; shift ;;
		-h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) args+=("$1"); shift ;;
	esac
done

# System packages, only what is missing.
missing=()
command -v hugo >/dev/null 2>&1 || missing+=(hugo)
command -v cmark-gfm >/dev/null 2>&1 || missing+=(cmark-gfm)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v cc >/dev/null 2>&1 || command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
			echo "run.sh: missing ${missing[*]}; as root: apt-get install -y ${missing[*]}" >&2
			exit 1
		fi
	else
		sudo=()
	fi
	echo "run.sh: installing ${missing[*]}"
	"${sudo[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$build" -eq 1 ]; then
	scripts/install-deps.sh
	echo "run.sh: swift build -c release --static-swift-stdlib --product sitegen"
	swift build -c release --static-swift-stdlib --product sitegen
fi

exec python3 "$here/bench.py" "${args[@]}"
