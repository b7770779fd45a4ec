#!/usr/bin/env bash
# Load test for `sitegen serve`: many keep-alive clients read pages while an edit makes the
# server rebuild and swap the site under them. Passes only with 0 socket errors and 0
# responses outside 2xx (a page missing for a moment during the swap would show up here).
#
# Steps: build sitegen; serve a temporary copy of content/ on a free loopback port; run
# wrk (-t2 -c64 -d10s) over a few pages; halfway through, edit a content.md; check the
# rebuild happened and the page changed; stop the server with Ctrl-C (SIGINT); report.
#
# Environment: SITEGEN_SCRATCH (SwiftPM scratch folder, default .build), CONFIGURATION
# (debug or release, default debug), DURATION (seconds, default 10).
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=${SITEGEN_SCRATCH:-.build}
configuration=${CONFIGURATION:-debug}
duration=${DURATION:-10}
pages=(/ /lumen/ /lumen/tags/ /tags/ /search/ /beacon/ /kestrel-lang/)

fail() { echo "load-test: $*" >&2; exit 1; }

# 1. Tools: wrk from Debian when missing.
if ! command -v wrk >/dev/null; then
	echo "load-test: installing wrk (Debian package)"
	sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
	"${sudo_cmd[@]}" apt-get install -y --no-install-recommends wrk >/dev/null
fi
command -v curl >/dev/null || fail "curl is needed"

# 2. sitegen.
swift build --product sitegen -c "$configuration" --scratch-path "$scratch" 2>&1 | tail -1
sitegen="$scratch/$configuration/sitegen"
[ -x "$sitegen" ] || fail "no executable at $sitegen"

# 3. A copy of the demo content, served on a free loopback port (--port 0 prints the port).
work=$(mktemp -d)
server=""
cleanup() {
	if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -TERM "$server"; wait "$server" || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
cp -R content "$work/content"
"$sitegen" serve --host 127.0.0.1 --port 0 \
	--docs "$work/content/docs" --library "$work/content/library" \
	--buildpack-deps-images "$work/content/buildpack-deps-images.txt" \
	--output "$work/site" >"$work/serve.out" 2>"$work/serve.err" &
server=$!

url=""
for _ in $(seq 1 1200); do  # up to 120 s for the first build
	url=$(sed -n 's|^Serving \(http://127\.0\.0\.1:[0-9]*/\) .*|\1|p' "$work/serve.out")
	[ -n "$url" ] && break
	kill -0 "$server" 2>/dev/null || { cat "$work/serve.err" >&2; fail "sitegen serve exited before serving"; }
	sleep 0.1
done
[ -n "$url" ] || fail "sitegen serve did not print its address"
echo "load-test: serving $url"
for page in "${pages[@]}"; do
	status=$(curl -s -o /dev/null -w '%{http_code}' "${url%/}$page")
	[ "$status" = 200 ] || fail "$page answers $status before the test; pick pages that exist"
done

# 4. wrk, with a script that rotates over the pages and counts every non-2xx response.
lua="$work/pages.lua"
{
	printf 'local pages = {'
	printf '"%s", ' "${pages[@]}"
	printf '}\n'
	cat <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0; next_page = 0 end
function request()
  next_page = next_page % #pages + 1
  return wrk.format("GET", pages[next_page])
end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do non2xx_total = non2xx_total + thread:get("non2xx") end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f socket_errors=%d non2xx=%d p99_ms=%.1f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write + e.timeout, non2xx_total, latency:percentile(99) / 1000))
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d; status errors (wrk) %d\n",
    e.connect, e.read, e.write, e.timeout, e.status))
end
LUA
} >"$lua"

wrk -t2 -c64 -d"${duration}s" -s "$lua" "$url" >"$work/wrk.out" 2>&1 &
wrk_pid=$!

# 5. Halfway, an edit: the server rebuilds and swaps the site while wrk reads it.
marker="load-test edit $(date +%s%N)"
sleep "$((duration / 2))"
printf '\n%s\n' "$marker" >>"$work/content/docs/lumen/content.md"
wait "$wrk_pid" || fail "wrk failed: $(cat "$work/wrk.out")"
cat "$work/wrk.out"

grep -q 'lumen/content.md changed; built' "$work/serve.err" || { cat "$work/serve.err" >&2; fail "the edit did not trigger a rebuild during the run"; }
curl -s "${url}lumen/" | grep -qF "$marker" || fail "the rebuilt page does not show the edit"

# 6. Stop like Ctrl-C does; the server must exit 0.
kill -INT "$server"
status=0
wait "$server" || status=$?
server=""
[ "$status" -eq 0 ] || fail "sitegen serve exited $status after SIGINT"

result=$(grep '^RESULT ' "$work/wrk.out") || fail "wrk printed no result"
rps=$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$result")
errors=$(sed -n 's/.* socket_errors=\([0-9]*\).*/\1/p' <<<"$result")
non2xx=$(sed -n 's/.* non2xx=\([0-9]*\).*/\1/p' <<<"$result")
echo "load-test: $rps requests/s, $errors socket errors, $non2xx non-2xx responses; rebuilt mid-run; stopped cleanly"
[ "$errors" -eq 0 ] && [ "$non2xx" -eq 0 ] || fail "errors during the run"
