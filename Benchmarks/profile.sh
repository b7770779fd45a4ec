#!/usr/bin/env bash
# Profiles a cold `sitegen build`: the total cost and the top functions by inclusive and by self
# cost, with Swift names demangled.
#
#   Benchmarks/profile.sh [--sitegen PATH] [--tree corpus|full|x10] [--top N] [--tool T] [-- BUILD-ARGS...]
#
#   --sitegen PATH  the binary to profile (default .build/release/sitegen; nothing is built)
#   --tree NAME     the input tree (default corpus; full is 150 images, see trees.py)
#   --top N         how many functions to list (default 30)
#   --tool T        callgrind (exact instruction counts, Ir), perf (sampled CPU time), or auto
#                   (default: callgrind where valgrind can run sitegen, else perf)
#   -- ARGS         more arguments for `sitegen build`, e.g. -- --jobs 1
#
# Debian 12's valgrind (3.19) crashes on any Swift 6 program with an async main, sitegen
# included ("VALGRIND INTERNAL ERROR ... SIGSEGV" before main runs), so on this machine auto
# means perf (Debian's linux-perf, installed if missing; software cpu-clock sampling at 999 Hz
# with DWARF call graphs, as this VM has no hardware counters). The data stays in
# Benchmarks/.work/profile-<tree>/ (callgrind.out or perf.data) for callgrind_annotate,
# KCachegrind or perf report.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

sitegen="$root/.build/release/sitegen"
tree=corpus
top=30
tool=auto
extra=()
while [ $# -gt 0 ]; do
	case "$1" in
		--sitegen) sitegen=$2; shift 2 ;;
		--tree) tree=$2; shift 2 ;;
		--top) top=$2; shift 2 ;;
		--tool) tool=$2; shift 2 ;;
		--) shift; extra=("$@"); break ;;
		-h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) echo "profile.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
sitegen=$(realpath "$sitegen")
[ -x "$sitegen" ] || { echo "profile.sh: no sitegen at $sitegen (swift build -c release)" >&2; exit 1; }
corpus=${SITEGEN_CORPUS:-$root/../shared/corpus}
[ -d "$corpus/docs" ] || { echo "profile.sh: no corpus at $corpus (set SITEGEN_CORPUS)" >&2; exit 1; }

install() {
	echo "profile.sh: installing $*" >&2
	local sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
	"${sudo[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
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
build_args=(build --docs "$work/input/docs" --library "$work/input/library"
	--logo-commits "$work/input/logo-commits.tsv"
	--buildpack-deps-images "$work/input/buildpack-deps-images.txt"
	--output "$work/site" ${extra[@]+"${extra[@]}"})

# Valgrind 3.19 cannot read the DWARF 5 debug info of Swift 6 binaries either: give it a copy
# without debug info (the symbol table stays, so functions keep their names), with the
# resource bundles (the default theme) linked beside it.
stripped() {
	local objcopy
	objcopy=$(command -v objcopy || command -v llvm-objcopy || true)
	if [ -z "$objcopy" ]; then echo "$sitegen"; return; fi
	"$objcopy" --strip-debug "$sitegen" "$work/sitegen"
	for bundle in "$(dirname "$sitegen")"/*.resources; do
		[ -e "$bundle" ] && ln -sf "$bundle" "$work/"
	done
	echo "$work/sitegen"
}

if [ "$tool" = auto ] || [ "$tool" = callgrind ]; then
	command -v valgrind >/dev/null 2>&1 || install valgrind
	run=$(stripped)
	if valgrind --tool=none -q "$run" --help >/dev/null 2>&1; then
		tool=callgrind
	elif [ "$tool" = callgrind ]; then
		echo "profile.sh: valgrind cannot run $sitegen (Debian 12's valgrind crashes on Swift async mains); try --tool perf" >&2
		exit 1
	else
		echo "profile.sh: valgrind cannot run sitegen here; using perf" >&2
		tool=perf
	fi
fi

echo "profile.sh: $tool on a cold build of the $tree tree" >&2
start=$SECONDS
if [ "$tool" = callgrind ]; then
	out="$work/callgrind.out"
	valgrind --tool=callgrind --callgrind-out-file="$out" -q "$run" "${build_args[@]}" >&2
	echo "profile.sh: done in $((SECONDS - start)) s; data in $out" >&2
	# The function table of callgrind_annotate: the lines after "Ir  file:function" and its rule.
	functions() {
		callgrind_annotate --auto=no --threshold=100 "$@" "$out" |
			awk '/file:function/ && !done { found = 1; getline; next } found && NF == 0 { found = 0; done = 1 } found { print }' |
			awk -v top="$top" 'NR <= top' | "${demangle[@]}"
	}
	total="total instructions (Ir): $(callgrind_annotate --auto=no "$out" | awk '/PROGRAM TOTALS/ { print $1 }')"
	inclusive() { functions --inclusive=yes; }
	self() { functions --inclusive=no; }
elif [ "$tool" = perf ]; then
	command -v perf >/dev/null 2>&1 || install linux-perf
	out="$work/perf.data"
	perf record -q -e cpu-clock -F 999 --call-graph dwarf,16384 -o "$out" "$sitegen" "${build_args[@]}" >&2
	echo "profile.sh: done in $((SECONDS - start)) s; data in $out" >&2
	count=$(perf report -i "$out" --stdio --sort comm -g none -F sample 2>/dev/null |
		awk '!/^#/ && $1 ~ /^[0-9]+$/ { n += $1 } END { print n + 0 }')
	total="total: $count samples at 999 Hz, about $(awk -v n="$count" 'BEGIN { printf "%.2f", n / 999 }') CPU s"
	table() {
		perf report -i "$out" --stdio --sort symbol -g none --percent-limit 0 "$@" 2>/dev/null |
			grep -v '^#' | grep '%' | awk -v top="$top" 'NR <= top' | "${demangle[@]}"
	}
	inclusive() { echo "  children%   self%  symbol"; table --children; }
	self() { table --no-children; }
else
	echo "profile.sh: unknown tool $tool" >&2
	exit 2
fi

echo
echo "sitegen: $sitegen"
echo "tree: $tree ($(find "$work/input/docs" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l) image folders), tool: $tool"
echo "$total"
echo
echo "== top $top by inclusive cost =="
inclusive
echo
echo "== top $top by self cost =="
self
