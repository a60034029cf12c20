#!/usr/bin/env bash
# Load test of the demo. The headline: requests/s of one trivial handler
# behind RequireSession (GET /loadtest/protected, warm verification cache)
# against the very same handler without it (GET /loadtest/bare), both sent
# the same credential header, so that only the middleware's own cost shows
# (target: >= 95%, design.md §5). The demo serves those two routes only
# with -loadtest-routes. As extra lines it keeps the earlier comparisons:
# the demo's GET /api/session (which also JSON-encodes the session) against
# GET /healthz, bare and with the same headers.
#
#   ./scripts/loadtest.sh
#
# Environment:
#   DURATION     length of each wrk run (default 3s)
#   ROUNDS       rounds of runs of every case, interleaved so that load
#                from other processes hits all cases alike; the medians are
#                compared (default 5)
#   THREADS      wrk threads (default 2)
#   CONNECTIONS  wrk connections (default 50)
#   SEALING      "false" runs the demo with unsealed cookies (default true)
#
# It installs wrk with apt-get when missing, builds the demo, starts it on a
# free loopback port with the in-process emulator, signs up one user with
# curl, runs wrk against loopback only, and stops the demo. Session JWTs
# live 5 minutes; the default run (9 cases, 5 rounds of 3 s) takes about
# 2.5 minutes, and a longer one is refused.
#
# Besides requests/s it reports the demo's own CPU time per request (from
# /proc/PID/stat around each wrk run), which other processes on a shared
# machine disturb much less than throughput.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-3s}"
ROUNDS="${ROUNDS:-5}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-50}"
SEALING="${SEALING:-true}"
CASES=9 # the cases below, run once a round

# The Bearer JWT lives 5 minutes: refuse runs that would outlive it.
if [[ "$DURATION" =~ ^([0-9]+)s$ ]] && ((BASH_REMATCH[1] * ROUNDS * CASES > 270)); then
	echo "DURATION=$DURATION x ROUNDS=$ROUNDS x $CASES cases would outlive the 5-minute session JWT" >&2
	exit 1
fi

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
"$tmp/demo" -addr 127.0.0.1:0 -cookie-sealing="$SEALING" -loadtest-routes >"$tmp/stdout" 2>"$tmp/stderr" &
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

check() { # check STATUS URL [curl args...]: fails unless the URL answers STATUS.
	local want=$1 got
	shift
	got=$(curl -sS -o /dev/null -w '%{http_code}' "$@")
	[ "$got" = "$want" ] || { echo "$1 answered $got, want $want" >&2; exit 1; }
}
check 200 "$url/healthz"
check 200 "$url/api/session" -H "Cookie: $cookie"
check 200 "$url/api/session" -H "Authorization: Bearer $jwt"
check 200 "$url/loadtest/bare"
check 401 "$url/loadtest/protected" # the middleware is in front of it
check 200 "$url/loadtest/protected" -H "Cookie: $cookie"
check 200 "$url/loadtest/protected" -H "Authorization: Bearer $jwt"

# cpu_ticks prints the CPU time the demo process has used, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$demo_pid/stat"; }
hz=$(getconf CLK_TCK)

run_wrk() { # run_wrk URL [wrk args...]: prints "REQ_PER_S SERVER_CPU_US_PER_REQ".
	local out before after
	before=$(cpu_ticks)
	out=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --timeout 10s "$@")
	after=$(cpu_ticks)
	if echo "$out" | grep -q -e 'Non-2xx or 3xx responses' -e 'Socket errors'; then
		echo "$out" >&2
		echo "wrk saw errors" >&2
		exit 1
	fi
	echo "$out" | awk -v t="$((after - before))" -v hz="$hz" '
		/requests in/ { n = $1 }
		/^Requests\/sec:/ { r = $2 }
		END { printf "%s %.2f\n", r, 1e6 * t / hz / n }'
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The cases: one trivial handler bare and protected, each with each kind of
# credential (the headline); and, as before, the demo's /api/session with
# each credential, against /healthz bare and with the very same request
# headers (the middleware-free cost of receiving a 3 KB Cookie header is
# not small).
names=(bare+cookie protected+cookie bare+bearer protected+bearer
	healthz healthz+cookie session+cookie healthz+bearer session+bearer)
((${#names[@]} == CASES)) || { echo "CASES is ${CASES}, there are ${#names[@]}" >&2; exit 1; }
args_for() {
	case $1 in
	bare+*) echo "$url/loadtest/bare" ;;
	protected+*) echo "$url/loadtest/protected" ;;
	healthz*) echo "$url/healthz" ;;
	session+*) echo "$url/api/session" ;;
	esac
}
header_for() {
	case $1 in
	*+cookie) echo "Cookie: $cookie" ;;
	*+bearer) echo "Authorization: Bearer $jwt" ;;
	*) echo "X-Load-Test: 1" ;;
	esac
}

# Each round runs every case back to back, so that load from other
# processes on the machine hits them alike. Requests/s depend on that load;
# the demo's CPU time per request (from /proc) depends much less on it.
declare -A rates cpus
for round in $(seq 1 "$ROUNDS"); do
	line="round $round:"
	for n in "${names[@]}"; do
		out=$(run_wrk "$(args_for "$n")" -H "$(header_for "$n")")
		read -r r c <<<"$out"
		rates[$n]+="$r " cpus[$n]+="$c "
		line+=" $n $(printf '%.0f' "$r")/s ${c}µs;"
	done
	echo "$line"
done
# The session is still good: no run ended in errors or a logout.
check 200 "$url/api/session" -H "Cookie: $cookie"

declare -A rate cpu
for n in "${names[@]}"; do
	# shellcheck disable=SC2086 # word splitting of the collected values is intended
	rate[$n]=$(median ${rates[$n]})
	# shellcheck disable=SC2086
	cpu[$n]=$(median ${cpus[$n]})
done
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout 10s, loopback, median of $ROUNDS interleaved rounds, cookie sealing $SEALING"
printf '%-46s %10s %14s\n' "case" "req/s" "server CPU/req"
for n in "${names[@]}"; do
	printf '%-46s %10.0f %11.1f µs\n' "$n" "${rate[$n]}" "${cpu[$n]}"
done
ratio() { # ratio LABEL PROTECTED UNPROTECTED
	printf '%-46s %10s %14s\n' "$1" "$(pct "${rate[$2]}" "${rate[$3]}")" "$(pct "${cpu[$3]}" "${cpu[$2]}")"
}
echo
echo "headline: the same handler with and without RequireSession, same headers"
echo "protected vs bare                              req/s ratio   CPU ratio (bare/protected)"
ratio "protected vs bare, same Cookie header" protected+cookie bare+cookie
ratio "protected vs bare, same Authorization" protected+bearer bare+bearer
echo "target: >= 95% (design.md §5)"
echo
echo "extra: /api/session (JSON body) vs /healthz    req/s ratio   CPU ratio (unprotected/protected)"
ratio "session+cookie vs healthz" session+cookie healthz
ratio "session+cookie vs healthz, same Cookie header" session+cookie healthz+cookie
ratio "session+bearer vs healthz" session+bearer healthz
ratio "session+bearer vs healthz, same Authorization" session+bearer healthz+bearer
