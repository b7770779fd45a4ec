#!/usr/bin/env bash
# Builds everything, fails on any compiler warning in our own code, then runs every test.
# Corpus tests use ../shared/corpus (or $SITEGEN_CORPUS) and are skipped, with a message,
# where it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift build --build-tests 2>&1 | tee "$log"
here=$(pwd)
if grep -E "^($here/)?(Sources|Tests)/.*: warning:" "$log" >/dev/null; then
	echo "test.sh: the build has warnings in our code (see above); fix them" >&2
	exit 1
fi

# Everything but the end-to-end preview test, in parallel; then that one alone, because it
# measures the save-to-reload time a user sees (under 2 s), which a machine busy with the
# rest of the suite would blur.
swift test --skip-build --skip ServeEndToEndTests
swift test --skip-build --filter ServeEndToEndTests
