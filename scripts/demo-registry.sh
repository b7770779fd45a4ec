#!/usr/bin/env bash
# A registry on this machine holding an image for every tag of the demo library, so that
# `sitegen registry sync` has something real to read (README: "Registry data").
#
#   scripts/demo-registry.sh start [PORT]   start Debian's docker-registry on 127.0.0.1:PORT
#                                           (default 5000) and push content/library's tags to
#                                           its `demo` namespace; prints the sync command
#   scripts/demo-registry.sh stop           stop it and delete what it stored
#
# The images are small (kilobytes) but real: OCI images written by
# scripts/registry/make-oci-layout.py, pushed with skopeo, one per architecture of each
# library entry, shared tags as indexes over the same images. Needs docker-registry and
# skopeo (scripts/install-deps.sh installs both). Runs nothing as a service: the registry is
# a background process whose PID is kept in the state folder.
set -euo pipefail
cd "$(dirname "$0")/.."

state=${SITEGEN_DEMO_REGISTRY_STATE:-${TMPDIR:-/tmp}/sitegen-demo-registry}
command=${1:-}

case "$command" in
start)
	port=${2:-5000}
	for program in docker-registry skopeo python3; do
		command -v "$program" >/dev/null || { echo "demo-registry: $program is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
	done
	if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
		echo "demo-registry: already running (PID $(cat "$state/pid")); run '$0 stop' first" >&2
		exit 1
	fi
	# Another process on the port would answer the readiness check below, and get the pushes.
	if ! python3 -c "import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', int(sys.argv[1])))" "$port" 2>/dev/null; then
		echo "demo-registry: port $port is in use (another registry?); give another: $0 start PORT" >&2
		exit 1
	fi
	rm -rf "$state"
	mkdir -p "$state/storage"
	cat >"$state/config.yml" <<CONFIG
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $state/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
CONFIG
	docker-registry serve "$state/config.yml" >"$state/registry.log" 2>&1 &
	echo $! >"$state/pid"
	ready=no
	for _ in $(seq 1 100); do
		if ! kill -0 "$(cat "$state/pid")" 2>/dev/null; then
			echo "demo-registry: docker-registry exited; see $state/registry.log" >&2
			exit 1
		fi
		if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/v2/')" 2>/dev/null; then ready=yes; break; fi
		sleep 0.1
	done
	# Answered by ours: still running, and it did not fail to take the port.
	if [ "$ready" != yes ] || ! kill -0 "$(cat "$state/pid")" 2>/dev/null || grep -q "address already in use" "$state/registry.log"; then
		kill "$(cat "$state/pid")" 2>/dev/null || true
		echo "demo-registry: docker-registry did not start on port $port; see $state/registry.log" >&2
		exit 1
	fi
	python3 scripts/registry/push-library.py --library content/library --registry "127.0.0.1:$port" --namespace demo
	echo "demo-registry: running on http://127.0.0.1:$port (PID $(cat "$state/pid")). Now:"
	echo "  sitegen registry sync --registry http://127.0.0.1:$port --namespace demo --insecure"
	echo "  sitegen build --registry-data registry-data.json"
	;;
stop)
	if [ -f "$state/pid" ]; then
		kill "$(cat "$state/pid")" 2>/dev/null || true
	fi
	rm -rf "$state"
	echo "demo-registry: stopped"
	;;
*)
	echo "usage: $0 start [PORT] | stop" >&2
	exit 2
	;;
esac
