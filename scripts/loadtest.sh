#!/usr/bin/env bash
# Load test of the demo: requests/s of a protected route (GET /api/session,
# warm verification cache) against an unprotected one (GET /healthz) on the
# same server, and their ratio (target: >= 80%, design.md §5).
#
#   ./scripts/loadtest.sh
#
# Environment: DURATION (default 10s), THREADS (2), CONNECTIONS (50).
# It installs wrk with apt-get when missing, builds the demo, starts it on a
# free loopback port with the in-process emulator, signs up one user with
# curl, runs wrk against loopback only, and stops the demo. The session JWT
# lives 5 minutes; the whole run takes well under that.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-10s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-50}"

if ! command -v wrk >/dev/null 2>&1; then
	echo "installing wrk (apt-get)"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi

tmp=$(mktemp -d)
demo_pid=""
cleanup() {
	if [ -n "$demo_pid" ]; then
		kill "$demo_pid" 2>/dev/null || true
		wait "$demo_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

echo "building the demo"
go build -o "$tmp/demo" ./examples/demo
"$tmp/demo" -addr 127.0.0.1:0 >"$tmp/stdout" 2>"$tmp/stderr" &
demo_pid=$!

url=""
for _ in $(seq 1 100); do
	url=$(sed -n 's/^demo listening on \(http:\/\/[^ ]*\)$/\1/p' "$tmp/stdout")
	[ -n "$url" ] && break
	kill -0 "$demo_pid" 2>/dev/null || { cat "$tmp/stderr"; echo "demo exited" >&2; exit 1; }
	sleep 0.1
done
[ -n "$url" ] || { echo "demo did not start" >&2; exit 1; }
emulator=$(sed -n 's/^emulator listening on \(http:\/\/[^ ]*\)$/\1/p' "$tmp/stdout")
echo "demo on $url (emulator on $emulator)"

# Sign up through the demo's form; the demo answers with its server-managed
# session cookies, which we replay as a Cookie header (as a browser would).
email="load-$RANDOM@example.com"
password="correct horse battery staple"
status=$(curl -sS -o /dev/null -w '%{http_code}' -c "$tmp/jar" \
	--data-urlencode "email=$email" --data-urlencode "password=$password" "$url/signup")
[ "$status" = 303 ] || { echo "signup answered $status, want 303" >&2; exit 1; }
cookie=$(awk -F'\t' 'NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$tmp/jar")
[ -n "$cookie" ] || { echo "signup set no cookies" >&2; exit 1; }

check() { # check URL [curl args...]: fails unless the URL answers 200.
	local got
	got=$(curl -sS -o /dev/null -w '%{http_code}' "$@")
	[ "$got" = 200 ] || { echo "$1 answered $got, want 200" >&2; exit 1; }
}
check "$url/healthz"
check "$url/api/session" -H "Cookie: $cookie"

rps() { # rps URL [wrk args...]: prints wrk's Requests/sec and checks errors.
	local out
	out=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency "$@")
	echo "$out" >&2
	if echo "$out" | grep -q 'Non-2xx or 3xx responses'; then
		echo "wrk saw error responses" >&2
		exit 1
	fi
	echo "$out" | awk '/^Requests\/sec:/ { print $2 }'
}

echo
echo "== GET /healthz (unprotected)"
healthz=$(rps "$url/healthz")
echo
echo "== GET /api/session (protected, session cookies, warm cache)"
session=$(rps "$url/api/session" -H "Cookie: $cookie")
check "$url/api/session" -H "Cookie: $cookie"

ratio=$(awk -v a="$session" -v b="$healthz" 'BEGIN { printf "%.1f", 100 * a / b }')
echo
printf 'GET /healthz       %10.0f req/s\n' "$healthz"
printf 'GET /api/session   %10.0f req/s\n' "$session"
printf 'ratio              %10s %%  (target >= 80%%)\n' "$ratio"
