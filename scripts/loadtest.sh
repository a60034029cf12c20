#!/usr/bin/env bash
# Load test of the demo: requests/s of a protected route (GET /api/session,
# warm verification cache) against an unprotected one (GET /healthz) on the
# same server, and their ratio (target: >= 80%, design.md §5).
#
#   ./scripts/loadtest.sh
#
# Environment:
#   DURATION     length of each wrk run (default 5s)
#   ROUNDS       rounds of (healthz, cookies, bearer) runs, interleaved so
#                that load from other processes hits all three alike; the
#                medians are compared (default 3)
#   THREADS      wrk threads (default 2)
#   CONNECTIONS  wrk connections (default 50)
#   SEALING      "false" runs the demo with unsealed cookies (default true)
#
# It installs wrk with apt-get when missing, builds the demo, starts it on a
# free loopback port with the in-process emulator, signs up one user with
# curl, runs wrk against loopback only, and stops the demo. Session JWTs
# live 5 minutes; the default run takes about 50 seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-5s}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-50}"
SEALING="${SEALING:-true}"

# The emulator's default project credentials (stytchtest.DefaultProjectID,
# stytchtest.DefaultSecret): the script logs in there directly for a JWT.
PROJECT_ID="project-test-00000000-0000-4000-8000-000000000000"
SECRET="secret-test-sessiongate"

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
"$tmp/demo" -addr 127.0.0.1:0 -cookie-sealing="$SEALING" >"$tmp/stdout" 2>"$tmp/stderr" &
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
echo "demo on $url (emulator on $emulator), cookie sealing $SEALING"

# A browser: sign up through the demo's form; the demo answers with its
# server-managed session cookies, replayed below as a Cookie header.
email="load-$RANDOM@example.com"
password="correct horse battery staple"
status=$(curl -sS -o /dev/null -w '%{http_code}' -c "$tmp/jar" \
	--data-urlencode "email=$email" --data-urlencode "password=$password" "$url/signup")
[ "$status" = 303 ] || { echo "signup answered $status, want 303" >&2; exit 1; }
cookie=$(awk -F'\t' 'NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$tmp/jar")
[ -n "$cookie" ] || { echo "signup set no cookies" >&2; exit 1; }

# An API client holds the session JWT itself: log the same user in at the
# emulator and send the JWT as a Bearer token.
jwt=$(curl -sS -u "$PROJECT_ID:$SECRET" -H 'Content-Type: application/json' \
	-d "{\"email\":\"$email\",\"password\":\"$password\",\"session_duration_minutes\":60}" \
	"$emulator/v1/passwords/authenticate" | sed -n 's/.*"session_jwt":"\([^"]*\)".*/\1/p')
[ -n "$jwt" ] || { echo "could not obtain a session JWT from the emulator" >&2; exit 1; }

check() { # check URL [curl args...]: fails unless the URL answers 200.
	local got
	got=$(curl -sS -o /dev/null -w '%{http_code}' "$@")
	[ "$got" = 200 ] || { echo "$1 answered $got, want 200" >&2; exit 1; }
}
check "$url/healthz"
check "$url/api/session" -H "Cookie: $cookie"
check "$url/api/session" -H "Authorization: Bearer $jwt"

rps() { # rps URL [wrk args...]: prints wrk's Requests/sec; fails on errors.
	local out
	out=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --timeout 10s "$@")
	if echo "$out" | grep -q -e 'Non-2xx or 3xx responses' -e 'Socket errors: connect [1-9]' \
		-e 'Socket errors: .*read [1-9]' -e 'Socket errors: .*write [1-9]' -e 'Socket errors: .*timeout [1-9]'; then
		echo "$out" >&2
		echo "wrk saw errors" >&2
		exit 1
	fi
	echo "$out" | awk '/^Requests\/sec:/ { print $2 }'
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

h=() c=() b=()
for round in $(seq 1 "$ROUNDS"); do
	h+=("$(rps "$url/healthz")")
	c+=("$(rps "$url/api/session" -H "Cookie: $cookie")")
	b+=("$(rps "$url/api/session" -H "Authorization: Bearer $jwt")")
	printf 'round %d: healthz %.0f  cookies %.0f  bearer %.0f req/s\n' "$round" "${h[-1]}" "${c[-1]}" "${b[-1]}"
done
# The session is still good: no run fell back to errors.
check "$url/api/session" -H "Cookie: $cookie"

healthz=$(median "${h[@]}")
cookies=$(median "${c[@]}")
bearer=$(median "${b[@]}")
ratio() { awk -v a="$1" -v b="$healthz" 'BEGIN { printf "%.1f", 100 * a / b }'; }
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, median of $ROUNDS interleaved rounds, loopback"
printf 'GET /healthz (unprotected)            %8.0f req/s\n' "$healthz"
printf 'GET /api/session, session cookies     %8.0f req/s  %5s%% of /healthz\n' "$cookies" "$(ratio "$cookies")"
printf 'GET /api/session, Bearer JWT          %8.0f req/s  %5s%% of /healthz\n' "$bearer" "$(ratio "$bearer")"
echo "target: >= 80% (design.md §5)"
