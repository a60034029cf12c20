#!/usr/bin/env bash
# Compares benchmarks of two commits in one run, the method BENCHMARKS.md
# uses: test binaries of both are built once, then run alternately, one
# round each, so that machine noise falls on both alike; benchstat
# compares them, and for the middleware the per-round gap between
# BenchmarkMiddleware/cached and /bare is summarised too.
#
#   scripts/benchpair.sh OLD NEW PKG BENCH [ROUNDS] [BENCHTIME]
#   scripts/benchpair.sh d9a1e0e HEAD ./middleware/ 'Middleware/(cached|bare)$' 20 1s
#
# Run it on a quiet machine: nothing else should load the CPUs.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2 pkg=$3 bench=$4 rounds=${5:-10} benchtime=${6:-1s}
export PATH="$(go env GOPATH)/bin:$PATH"
command -v benchstat >/dev/null || go install golang.org/x/perf/cmd/benchstat@latest
work=$(mktemp -d)
trap 'git worktree remove --force "$work/old" >/dev/null 2>&1; git worktree remove --force "$work/new" >/dev/null 2>&1; rm -rf "$work"' EXIT
for side in old new; do
	rev=${!side}
	git worktree add -q --detach "$work/$side" "$rev"
	(cd "$work/$side" && go test -c -o "$work/$side.test" "$pkg")
done
for i in $(seq "$rounds"); do
	for side in old new; do
		(cd "$work/$side/$pkg" && "$work/$side.test" -test.run '^$' -test.bench "$bench" \
			-test.benchtime "$benchtime" -test.benchmem) | grep '^Benchmark' >>"$work/$side.txt"
	done
done
benchstat "$work/old.txt" "$work/new.txt"
for side in old new; do
	awk -v side="$side" '
		/Middleware\/cached-/ { c[++nc] = $3 }
		/Middleware\/bare-/   { b[++nb] = $3 }
		END {
			if (nc == 0 || nb == 0) exit
			n = nc < nb ? nc : nb
			for (i = 1; i <= n; i++) d[i] = c[i] - b[i]
			asort(d)
			printf "%s: cached - bare, median of %d rounds: %.0f ns (min %.0f, max %.0f)\n", side, n, d[int((n+1)/2)], d[1], d[n]
		}' "$work/$side.txt"
done
