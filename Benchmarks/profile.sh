#!/usr/bin/env bash
# Profiles a cold `sitegen build` with valgrind's callgrind: prints the total instruction count
# (Ir) and the top functions by inclusive and by self cost, with Swift names demangled.
#
#   Benchmarks/profile.sh [--sitegen PATH] [--tree corpus|full|x10] [--top N] [-- BUILD-ARGS...]
#
#   --sitegen PATH  the binary to profile (default .build/release/sitegen; nothing is built)
#   --tree NAME     the input tree (default corpus; full is 150 images, see trees.py)
#   --top N         how many functions to list (default 30)
#   -- ARGS         more arguments for `sitegen build`, e.g. -- --jobs 1
#
# The callgrind file stays in Benchmarks/.work/profile-<tree>/callgrind.out, for
# `callgrind_annotate` or KCachegrind. Under callgrind a build runs 50 to 100 times slower
# (the corpus: a few minutes; the full tree: about ten).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

sitegen="$root/.build/release/sitegen"
tree=corpus
top=30
extra=()
while [ $# -gt 0 ]; do
	case "$1" in
		--sitegen) sitegen=$2; shift 2 ;;
		--tree) tree=$2; shift 2 ;;
		--top) top=$2; shift 2 ;;
		--) shift; extra=("$@"); break ;;
		-h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) echo "profile.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
sitegen=$(realpath "$sitegen")
[ -x "$sitegen" ] || { echo "profile.sh: no sitegen at $sitegen (swift build -c release)" >&2; exit 1; }
corpus=${SITEGEN_CORPUS:-$root/../shared/corpus}
[ -d "$corpus/docs" ] || { echo "profile.sh: no corpus at $corpus (set SITEGEN_CORPUS)" >&2; exit 1; }

if ! command -v valgrind >/dev/null 2>&1; then
	echo "profile.sh: installing valgrind"
	sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
	"${sudo[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends valgrind >/dev/null
fi
# Swift names: `swift demangle` where the toolchain has it, else as they are.
if command -v swift >/dev/null 2>&1 && swift demangle --simplified '$sSiD' >/dev/null 2>&1; then
	demangle=(swift demangle --simplified)
else
	demangle=(cat)
fi

work="$here/.work/profile-$tree"
rm -rf "$work"
mkdir -p "$work"
python3 "$here/trees.py" --corpus "$corpus" --dest "$work/input" --tree "$tree" >&2
# Valgrind 3.19 (Debian 12) cannot read the DWARF 5 debug info of Swift 6 binaries and gives up:
# profile a copy without it. Its symbol table stays, so every function keeps its name; the
# resource bundles beside the binary (the default theme) are linked beside the copy.
objcopy=$(command -v objcopy || command -v llvm-objcopy || true)
if [ -n "$objcopy" ]; then
	"$objcopy" --strip-debug "$sitegen" "$work/sitegen"
	for bundle in "$(dirname "$sitegen")"/*.resources; do
		[ -e "$bundle" ] && ln -s "$bundle" "$work/"
	done
	sitegen_run="$work/sitegen"
else
	echo "profile.sh: no objcopy (binutils) to strip debug info; valgrind may fail on it" >&2
	sitegen_run=$sitegen
fi
out="$work/callgrind.out"
echo "profile.sh: callgrind on a cold build of the $tree tree (this takes a while)" >&2
start=$SECONDS
valgrind --tool=callgrind --callgrind-out-file="$out" -q \
	"$sitegen_run" build --docs "$work/input/docs" --library "$work/input/library" \
	--logo-commits "$work/input/logo-commits.tsv" \
	--buildpack-deps-images "$work/input/buildpack-deps-images.txt" \
	--output "$work/site" ${extra[@]+"${extra[@]}"} >&2
echo "profile.sh: done in $((SECONDS - start)) s; data in $out" >&2

# The function table of callgrind_annotate: the lines after "Ir  file:function" and its rule.
functions() {
	callgrind_annotate --auto=no --threshold=100 "$@" "$out" |
		awk '/file:function/ { found = 1; getline; next } found && NF == 0 { exit } found { print }' |
		head -n "$top" | "${demangle[@]}"
}

total=$(callgrind_annotate --auto=no "$out" | awk '/PROGRAM TOTALS/ { print $1 }')
echo
echo "sitegen: $sitegen"
echo "tree: $tree ($(ls "$work/input/docs" | wc -l) docs folders)"
echo "total instructions (Ir): $total"
echo
echo "== top $top by inclusive cost =="
functions --inclusive=yes
echo
echo "== top $top by self cost =="
functions --inclusive=no
