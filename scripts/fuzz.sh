#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ and runs each for a fixed number of inputs.
#
#   scripts/fuzz.sh [--runs N] [--no-asan] [--merge] [target…]
#
# Targets: library-file, markdown, content, highlighter (default: all). Each runs N inputs
# (default 1,000,000) with a 1 s limit per input and 2 GB of memory, starting from the
# committed corpus in Fuzz/corpus/<target>/. Inputs that reach new code are kept in
# .build-fuzz/corpus/<target>/; crashes, timeouts and broken invariants are written to
# .build-fuzz/artifacts/<target>/ (both git-ignored) and make the script fail.
#
# The targets are built with AddressSanitizer (and LeakSanitizer), which catch misuse of the
# C library's memory behind the Markdown wrapper. --no-asan builds them without it, in
# .build-fuzz-plain (which then also holds the corpus and artifacts): three to four times as
# many inputs per second, for long runs of the targets that are pure Swift.
#
# --merge then minimizes Fuzz/corpus/<target>/ together with what the run found (libFuzzer's
# -set_cover_merge=1: the fewest inputs that reach every feature reached), keeping the
# hand-written seed-* and regression-* inputs as they are; commit the result.
#
# One fuzzing process at a time: the machines this runs on are small and shared.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=1000000
merge=false
asan=true
targets=()
while [ $# -gt 0 ]; do
	case "$1" in
	--runs) runs="$2"; shift 2 ;;
	--runs=*) runs="${1#--runs=}"; shift ;;
	--merge) merge=true; shift ;;
	--no-asan) asan=false; shift ;;
	-h | --help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
	*) targets+=("$1"); shift ;;
	esac
done
all=(library-file markdown content highlighter registry-data)
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
for target in "${targets[@]}"; do
	case " ${all[*]} " in
	*" $target "*) ;;
	*) echo "fuzz.sh: no target $target (known: ${all[*]})" >&2; exit 2 ;;
	esac
done

scripts/install-deps.sh

if $asan; then
	scratch=.build-fuzz
	sanitizers=fuzzer,address
else
	scratch=.build-fuzz-plain
	sanitizers=fuzzer
fi
mkdir -p "$scratch"
# Swift's toolchain links with gold by default, and gold fails on libFuzzer's objects
# ("internal error in format_file_lineno"); the toolchain's lld links them. A toolset is the
# one way to hand SwiftPM both the sanitizer flags and the linker.
swift_bin=$(dirname "$(readlink -f "$(command -v swiftc)")")
cat >"$scratch/toolset.json" <<EOF
{
  "schemaVersion": "1.0",
  "swiftCompiler": { "extraCLIOptions": ["-sanitize=$sanitizers"] },
  "linker": { "path": "$swift_bin/ld.lld" }
}
EOF
echo "fuzz.sh: building the fuzz targets (release, -sanitize=$sanitizers)"
# (The build's status is taken before anything else runs: under pipefail, a `|| true` after
# the pipeline left PIPESTATUS holding `true`'s, and a failed build ran the old fuzzers.)
set +e
swift build --package-path Fuzz --scratch-path "$scratch" -c release --toolset "$scratch/toolset.json" 2>&1 |
	grep -vE '^\[[0-9]+/[0-9]+\]|PrivacyInfo.xcprivacy|found 1 file\(s\) which are unhandled'
build_status=${PIPESTATUS[0]}
set -e
[ "$build_status" -eq 0 ] || { echo "fuzz.sh: build failed" >&2; exit 1; }
bin="$scratch/release"

# libFuzzer reports crashes itself; Swift's backtracer would otherwise also attach to the
# crashing process and can hold it (and this script) for minutes.
export SWIFT_BACKTRACE=enable=no
# LeakSanitizer stays on: a leaked cmark tree or parser is a bug in the wrapper.
# Short allocation stacks and a small quarantine: Swift allocates often, and ASan's default
# bookkeeping for that halves the inputs per second.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:malloc_context_size=2:quarantine_size_mb=64}"
# One known false report of glibc's (see the file).
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$(pwd)/Fuzz/lsan.supp:print_suppressions=0}"

failed=()
printf '%-14s %12s %10s %10s  %s\n' target inputs seconds "exec/s" result
for target in "${targets[@]}"; do
	work="$scratch/corpus/$target"
	artifacts="$scratch/artifacts/$target"
	log="$scratch/logs/$target.log"
	mkdir -p "$work" "$artifacts" "$(dirname "$log")"
	options=(-runs="$runs" -timeout=1 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/")
	[ -f "Fuzz/dictionaries/$target.dict" ] && options+=(-dict="Fuzz/dictionaries/$target.dict")
	start=$(date +%s.%N)
	status=0
	"$bin/fuzz-$target" "${options[@]}" "$work" "Fuzz/corpus/$target" >"$log" 2>&1 || status=$?
	end=$(date +%s.%N)
	inputs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	inputs=${inputs:-0}
	seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
	rate=$(awk -v n="$inputs" -v s="$seconds" 'BEGIN { printf "%d", (s > 0 ? n / s : 0) }')
	if [ "$status" -eq 0 ]; then
		result="ok"
	else
		result="FAILED (exit $status, log $log)"
		failed+=("$target")
	fi
	printf '%-14s %12s %10s %10s  %s\n' "$target" "$inputs" "$seconds" "$rate" "$result"
	if [ "$status" -ne 0 ]; then
		grep -E 'ERROR:|Fatal error|SUMMARY|Test unit written|artifact_prefix' "$log" | head -20 >&2 || true
	fi

	if $merge && [ "$status" -eq 0 ]; then
		merged=$(mktemp -d)
		"$bin/fuzz-$target" -set_cover_merge=1 -timeout=1 -rss_limit_mb=2048 "$merged" "Fuzz/corpus/$target" "$work" >"$scratch/logs/$target.merge.log" 2>&1
		# The hand-written inputs stay under their names; libFuzzer names the rest by content.
		find "Fuzz/corpus/$target" -type f ! -name 'seed-*' ! -name 'regression-*' -delete
		for kept in "Fuzz/corpus/$target"/seed-* "Fuzz/corpus/$target"/regression-*; do
			[ -f "$kept" ] && rm -f "$merged/$(sha1sum "$kept" | cut -d' ' -f1)"
		done
		cp "$merged"/* "Fuzz/corpus/$target/" 2>/dev/null || true
		rm -rf "$merged"
		echo "fuzz.sh: $target corpus: $(find "Fuzz/corpus/$target" -type f | wc -l) files, $(cat "Fuzz/corpus/$target"/* | wc -c) bytes"
	fi
done

if [ ${#failed[@]} -gt 0 ]; then
	echo "fuzz.sh: ${failed[*]} failed; the inputs are in $scratch/artifacts/" >&2
	exit 1
fi
echo "fuzz.sh: ${#targets[@]} target(s), $runs inputs each, no crash and no timeout"
