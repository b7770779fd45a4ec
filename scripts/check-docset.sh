#!/usr/bin/env bash
# The docset in a real reader: opens it in Zeal (Debian's package) under Xvfb, searches for a tag
# by typing into Zeal's search box with xdotool, and checks through Zeal's own local HTTP server
# that the page it opened loads, shows the build, and has no site header. Screenshots of the
# docset list (its icon), the search result and an image page's table of contents are written.
# Then, in a fresh Zeal, it subscribes to a docset feed served on loopback (Docsets → Add feed),
# checks the install, bundles again with a changed input, and checks that Zeal offers the update
# and installs the new version.
#
#   scripts/check-docset.sh [--docset PATH] [--query TEXT] [--screenshots DIR]
#
# Without --docset it bundles the docset of ../shared/corpus (or $SITEGEN_CORPUS) with
# .build/release/sitegen (or $SITEGEN); the feed round trip needs that (it bundles twice), so
# --docset skips it. The default query is 3.14-slim, a python tag; --query
# must name a tag of the docset. Screenshots go to docs/screenshots/ by default.
#
# Not part of .ci/run: Zeal and its web engine are a large install. Runs as root (it installs
# zeal, xvfb and xdotool with apt when missing, and Qt WebEngine then needs its sandbox off).
# The Docsets dialog is driven by mouse positions, taken from Debian's Zeal
# (0.6.1+git20220714) in a 1280x860 window with no window manager, as here.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

docset=""
query="3.14-slim"
shots=$root/docs/screenshots
while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || { echo "check-docset: $1 needs a value (see the comment at the top of $0)" >&2; exit 2; }
	case "$1" in
		# Paths as the caller meant them, from the folder the script was started in.
		--docset) docset=$(realpath -m "$2"); shift 2 ;;
		--query) query=$2; shift 2 ;;
		--screenshots) shots=$(realpath -m "$2"); shift 2 ;;
		*) echo "check-docset: unknown argument $1 (see the comment at the top of $0)" >&2; exit 2 ;;
	esac
done
[ -z "${SITEGEN:-}" ] || SITEGEN=$(realpath -m "$SITEGEN")
[ -z "${SITEGEN_CORPUS:-}" ] || SITEGEN_CORPUS=$(realpath -m "$SITEGEN_CORPUS")
cd "$root"

fail() { echo "check-docset: FAIL: $*" >&2; exit 1; }
step() { echo "check-docset: $*"; }

missing=()
for tool in zeal:zeal Xvfb:xvfb xdotool:xdotool xdpyinfo:x11-utils import:imagemagick curl:curl sqlite3:sqlite3 python3:python3; do
	command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] || fail "${missing[*]} missing, and installing them needs root: run this as root, or install them first"
	step "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq "${missing[@]}" >/dev/null
fi

work=$(mktemp -d)
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

corpus=${SITEGEN_CORPUS:-../shared/corpus}
sitegen=${SITEGEN:-.build/release/sitegen}
# bundle_corpus OUTPUT [OPTION...]: the corpus docset at OUTPUT.
bundle_corpus() {
	local output=$1
	shift
	"$sitegen" bundle --config /dev/null --docs "$corpus/docs" --library "$corpus/library" \
		--logo-commits "$corpus/logo-commits.tsv" --buildpack-deps-images "$corpus/buildpack-deps-images.txt" \
		--title "Container images" --format docset --output "$output" "$@" 2>"$work/bundle.log" ||
		{ cat "$work/bundle.log" >&2; fail "the corpus docset could not be bundled"; }
	sed -n 's/.*; version \([0-9a-f]*\)).*/\1/p' "$work/bundle.log"
}
feed_round_trip=no
if [ -z "$docset" ]; then
	[ -d "$corpus/docs" ] || fail "no --docset given and no corpus at $corpus"
	[ -x "$sitegen" ] || fail "$sitegen is missing; run swift build -c release"
	docset=$work/Container-images.docset
	step "bundling the corpus docset"
	bundle_corpus "$docset" --base-url https://docs.example.org/ >/dev/null
	feed_round_trip=yes
fi
[ -f "$docset/Contents/Resources/docSet.dsidx" ] || fail "$docset is not a docset"
index=$docset/Contents/Resources/docSet.dsidx

# What the search should find: the index row of the tag (python:3.14-slim) and its page.
sql_query=${query//\'/\'\'}
row=$(sqlite3 "$index" "SELECT name, path FROM searchIndex WHERE type = 'Tag' AND (name = '$sql_query' OR substr(name, -length('$sql_query') - 1) = ':$sql_query') ORDER BY length(name), name LIMIT 1")
[ -n "$row" ] || fail "no Tag row named $query in $index"
tag=${row%%|*}
path=${row#*|}
case "$path" in *"#"*) ;; *) fail "the row of $tag points at $path, with no build anchor" ;; esac
page=${path%%#*}
anchor=${path#*#}
step "the index has $tag → $path"

# A home of its own: Zeal reads its docsets from ~/.local/share/Zeal/Zeal/docsets.
export HOME=$work/home
docsets=$HOME/.local/share/Zeal/Zeal/docsets
mkdir -p "$docsets"
cp -R "$docset" "$docsets/"

# Xvfb picks a free display itself and writes its number to fd 3 once it is ready.
Xvfb -displayfd 3 -screen 0 1280x860x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
pids+=("$xvfb_pid")
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
kill -0 "$xvfb_pid" 2>/dev/null && [ -s "$work/display" ] || { cat "$work/xvfb.log" >&2; fail "Xvfb did not start"; }
export DISPLAY=:$(head -1 "$work/display")
xdpyinfo >/dev/null || fail "Xvfb on $DISPLAY does not answer"

export QTWEBENGINE_DISABLE_SANDBOX=1 QT_LOGGING_RULES="zeal.*=true"
# start_zeal LOG: Zeal with the current $HOME; sets zeal_pid, port (its local server) and window.
start_zeal() {
	local log=$1
	zeal >"$log" 2>&1 &
	zeal_pid=$!
	pids+=("$zeal_pid")
	port=""
	for _ in $(seq 150); do
		port=$(sed -n 's/.*Listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | head -1)
		[ -n "$port" ] && break
		kill -0 "$zeal_pid" 2>/dev/null || { cat "$log" >&2; fail "zeal exited"; }
		sleep 0.2
	done
	[ -n "$port" ] || { cat "$log" >&2; fail "zeal logged no local server port"; }
	window=""
	for _ in $(seq 100); do
		window=$(xdotool search --onlyvisible --name 'Zeal' 2>/dev/null | head -1) && [ -n "$window" ] && break
		sleep 0.2
	done
	[ -n "$window" ] || fail "no Zeal window appeared"
	xdotool windowsize "$window" 1280 860 windowmove "$window" 0 0 windowfocus --sync "$window"
	sleep 3
}
# stop_zeal: quits Zeal the way a reader does, and waits for it.
stop_zeal() {
	xdotool key --window "$window" ctrl+q
	for _ in $(seq 50); do kill -0 "$zeal_pid" 2>/dev/null || break; sleep 0.2; done
	kill "$zeal_pid" 2>/dev/null || true
	wait "$zeal_pid" 2>/dev/null || true
}

start_zeal "$work/zeal.log"
# Zeal logs where it mounted each docset's Documents on its server.
prefix=$(sed -n "s/.*Mounted '.*Documents' to '\\([^']*\\)'.*/\\1/p" "$work/zeal.log" | head -1)
[ -n "$prefix" ] || { cat "$work/zeal.log" >&2; fail "zeal mounted no docset"; }
step "zeal serves the docset at http://127.0.0.1:$port$prefix/"
# The sidebar starts 150 pixels wide, which cuts tag names short: drag its edge to 420.
xdotool mousemove 152 460 mousedown 1 mousemove 300 460 mousemove 420 460 mouseup 1
sleep 0.5
xdotool windowfocus --sync "$window"

mkdir -p "$shots"
shot() { import -window root "$shots/$1"; step "screenshot $shots/$1"; }
shot zeal-docset-list.png
# The list's first row, three times as large, so the 16-pixel icon can be seen.
convert "$shots/zeal-docset-list.png" -crop 300x28+0+89 +repage -filter point -resize 300% "$shots/zeal-docset-list-icon.png"

# Zeal's search box has the focus; it opens the first result by itself after a moment.
xdotool type --delay 60 "$query"
sleep 4
shot zeal-search-${query//[^A-Za-z0-9.-]/_}.png
title=$(xdotool getwindowname "$window")
step "window title: $title"
expected_title=$(python3 -c 'import html, re, sys; print(html.unescape(re.search(r"<title>(.*?)</title>", open(sys.argv[1], encoding="utf-8").read()).group(1)))' "$docset/Contents/Resources/Documents/$page")
[ "$title" = "$expected_title - Zeal" ] || fail "Zeal shows \"$title\", not the page of $tag (\"$expected_title - Zeal\")"

# The page Zeal opened, fetched from Zeal's own server: it loads, holds the build's card, and
# has no site header or search box.
html=$work/page.html
status=$(curl -s -o "$html" -w '%{http_code}' "http://127.0.0.1:$port$prefix/$page")
[ "$status" = 200 ] || fail "Zeal's server answered $status for $prefix/$page"
grep -qF "id=\"$anchor\"" "$html" || fail "$page has no element with id $anchor"
grep -q 'class="dashAnchor"' "$html" || fail "$page has no dashAnchor"
if grep -q -e 'class="site-header"' -e 'id="sg:search"' -e 'class="theme-toggle"' "$html"; then
	fail "$page still has the site header, search box or theme toggle"
fi
for asset in $(grep -o '\(href\|src\)="[^"]*\.\(css\|js\)"' "$html" | sed 's/.*="\(.*\)"/\1/'); do
	url=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.urljoin(sys.argv[1], sys.argv[2]))' "http://127.0.0.1:$port$prefix/$page" "$asset")
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200 ] || fail "Zeal's server does not serve $url"
done
step "$page loads from Zeal's server with the card #$anchor and no site header"

# An image page: the sidebar's table of contents lists its sections (Zeal lists the index rows
# that point into the page).
image=${tag%%:*}
xdotool key --window "$window" ctrl+l
sleep 0.5
xdotool type --delay 60 "$image"
sleep 4
shot zeal-table-of-contents.png
sections=$(sqlite3 "$index" "SELECT count(*) FROM searchIndex WHERE substr(path, 1, length('${image//\'/\'\'}/index.html#')) = '${image//\'/\'\'}/index.html#'")
[ "$sections" -ge 2 ] || fail "the index has $sections rows into $image/index.html; Zeal lists a table of contents from two"
title=$(xdotool getwindowname "$window")
step "window title: $title; $sections index rows point into $image/index.html"
case "$title" in "$image"*) ;; *) fail "searching $image opened \"$title\", not the $image page" ;; esac

stop_zeal
step "OK: the docset opens in Zeal, $query finds $tag, and the page loads without the site header"

[ "$feed_round_trip" = yes ] || { step "--docset given: the feed round trip is skipped (it bundles the corpus twice)"; exit 0; }

# The feed: a folder served on loopback, as a static host would serve it beside the site.
served=$work/served
mkdir -p "$served"
feed_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$served" "$feed_port" >>"$work/http.log" 2>&1 &
pids+=($!)
feed=http://127.0.0.1:$feed_port/Container-images.xml
first=$(bundle_corpus "$served/Container-images.docset" --feed-url "http://127.0.0.1:$feed_port/")
[ -n "$first" ] || fail "the bundle's summary line named no version"
grep -qF "<version>$first</version>" "$served/Container-images.xml" || fail "the feed does not hold version $first"

export HOME=$work/feed-home
installed=$HOME/.local/share/Zeal/Zeal/docsets/Container-images.docset
mkdir -p "$HOME"
start_zeal "$work/zeal-feed.log"
# open_docsets: Tools → Docsets…, then dismiss the "Download failed" box an offline machine
# shows for Zeal's own list (a click there hits the empty list when it is online).
open_docsets() {
	xdotool mousemove 101 10 click 1
	sleep 0.7
	xdotool mousemove 141 34 click 1
	sleep 3
	xdotool mousemove 738 387 click 1
	sleep 1
}
# installed_version: the version Zeal recorded for the docset it installed from the feed.
installed_version() {
	python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' "$installed/meta.json" 2>/dev/null || true
}
wait_for_version() {
	for _ in $(seq 100); do [ "$(installed_version)" = "$1" ] && return 0; sleep 0.3; done
	fail "Zeal installed version \"$(installed_version)\" from $feed, not $1"
}
open_docsets
xdotool mousemove 391 574 click 1 # Add feed
sleep 1
xdotool type --delay 30 "$feed"
xdotool key Return
wait_for_version "$first"
step "Zeal subscribed to $feed and installed version $first"

# A changed input (the site's address is in every page's canonical link): a new version.
second=$(bundle_corpus "$served/Container-images.docset" --feed-url "http://127.0.0.1:$feed_port/" --base-url https://docs.example.org/images/)
[ -n "$second" ] || fail "the bundle's summary line named no version"
[ "$second" != "$first" ] || fail "a changed input kept version $first"
xdotool mousemove 878 616 click 1 # Close
sleep 1
open_docsets
shot zeal-feed-update.png
: >"$work/http.log"
xdotool mousemove 781 574 click 1 # Update all
wait_for_version "$second"
grep -q "GET /Container-images.tgz" "$work/http.log" || fail "Zeal installed $second without fetching the new tarball"
stop_zeal
step "OK: Zeal offered the update from the feed and installed version $second"
