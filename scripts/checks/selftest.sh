#!/usr/bin/env bash
# Tests the site checks themselves, offline, on sample sites written by sample_site.py:
#   - the good site passes scripts/check-site.sh (with screenshots);
#   - the broken site fails every check, each for the planted faults;
#   - the dark-contrast site passes in light mode and fails in dark mode only.
# usage: scripts/checks/selftest.sh        (ends with "N passed, M failed"; exit 1 if any failed)
set -euo pipefail

checks_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
check_site="$checks_dir/../check-site.sh"
python=${PYTHON:-python3}
export PYTHONUNBUFFERED=1

work=$(mktemp -d /tmp/check-site-selftest.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$checks_dir/install-tools.sh"
"$python" "$checks_dir/sample_site.py" "$work/good"
"$python" "$checks_dir/sample_site.py" "$work/broken" --broken
"$python" "$checks_dir/sample_site.py" "$work/dark" --dark-contrast

passed=0
failed=0

# expect STATUS NAME COMMAND... -- PATTERN...: the command must exit with STATUS and print
# every PATTERN (fixed strings).
expect() {
	local want=$1 name=$2
	shift 2
	local command=()
	while [ "$1" != "--" ]; do
		command+=("$1")
		shift
	done
	shift
	local log status missing=()
	log="$work/$(echo "$name" | tr -c 'A-Za-z0-9' _).log"
	set +e
	"${command[@]}" >"$log" 2>&1
	status=$?
	set -e
	for pattern in "$@"; do
		grep -qF -- "$pattern" "$log" || missing+=("$pattern")
	done
	if [ "$status" -eq "$want" ] && [ ${#missing[@]} -eq 0 ]; then
		echo "ok   $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name: exit $status (wanted $want)${missing:+; missing output: ${missing[*]}}"
		sed 's/^/     | /' "$log"
		failed=$((failed + 1))
	fi
}

expect 0 "good site passes every check" \
	"$check_site" "$work/good" --screenshots "$work/shots" -- \
	"PASS  html-validity" "PASS  accessibility" "PASS  links (files)" "PASS  links (linkchecker)" \
	"PASS  screenshots" "check-site: all checks passed"
expect 0 "screenshots are all there" \
	ls "$work/shots" -- \
	catalog-light.png catalog-dark.png image-light.png image-dark.png variant-light.png \
	variant-dark.png tags-light.png tags-dark.png image-mobile-light.png

expect 1 "broken site fails html-validity" \
	"$python" "$checks_dir/html_check.py" "$work/broken" -- \
	"Element 'widget' not allowed" "An 'img' element must have an 'alt' attribute" "2 errors"
expect 1 "broken site fails accessibility" \
	"$python" "$checks_dir/axe_check.py" "$work/broken" -- \
	"FAIL variant (lumen/alpine/index.html) [light]" "FAIL variant (lumen/alpine/index.html) [dark]" \
	"!! image-alt [critical]"
expect 1 "broken site fails links (files)" \
	"$python" "$checks_dir/link_check.py" "$work/broken" -- \
	"missing file lumen/missing-page.html" "no id or name 'no-such-anchor' in lumen/index.html" \
	"no id or name 'nowhere' in lumen/alpine/index.html" "3 broken"
expect 1 "broken site fails links (linkchecker)" \
	"$python" "$checks_dir/linkchecker_check.py" "$work/broken" -- \
	"broken '../missing-page.html'" "missing anchor '../index.html#no-such-anchor'" \
	"missing anchor '#nowhere'" "1 broken, 2 missing anchors"
expect 1 "broken site fails check-site.sh" \
	"$check_site" "$work/broken" -- \
	"FAIL  html-validity" "FAIL  accessibility" "FAIL  links (files)" "FAIL  links (linkchecker)" \
	"check-site: FAILED"

expect 1 "dark-only contrast fault fails in dark mode only" \
	"$python" "$checks_dir/axe_check.py" "$work/dark" --page index.html -- \
	"ok   index.html [light]" "FAIL index.html [dark]" "!! color-contrast [serious]"
expect 1 "a missing --page fails, the other pages are still checked" \
	"$python" "$checks_dir/axe_check.py" "$work/good" --page index.html --page no/such/page.html -- \
	"FAIL --page no/such/page.html: no such file" "ok   index.html [dark]"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
