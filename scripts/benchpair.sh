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
	# The per-round gap: cached minus bare of the same round, sorted.
	paste <(grep 'Middleware/cached-[0-9]' "$work/$side.txt" | awk '{print $3}') \
		<(grep 'Middleware/bare-[0-9]' "$work/$side.txt" | awk '{print $3}') |
		awk '{printf "%.0f\n", $1 - $2}' | sort -n >"$work/$side.gap"
	n=$(wc -l <"$work/$side.gap")
	[ "$n" -gt 0 ] || continue
	printf '%s: cached - bare, median of %d rounds: %s ns (min %s, max %s)\n' "$side" "$n" \
		"$(sed -n "$(((n + 1) / 2))p" "$work/$side.gap")" "$(head -1 "$work/$side.gap")" "$(tail -1 "$work/$side.gap")"
done
