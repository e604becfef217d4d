#!/usr/bin/env bash
# fuzz.sh: run every fuzz target for FUZZTIME (default 30s) each, print
# how many inputs each tried, and keep inputs the fuzzer found interesting
# in the package's testdata/fuzz/<Target>/ (up to 64 a target, smallest
# first), where `go test` runs them as ordinary test cases from then on.
# Each package's test binary is compiled once, with the fuzzer's coverage
# instrumentation, and every target of it runs from that binary: building
# inside `go test -fuzz` for each target took most of the time budget
# (FuzzAPI never started within five minutes on two cores).
#   scripts/fuzz.sh                 # every target
#   FUZZTIME=5m scripts/fuzz.sh FuzzLoad
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME=${FUZZTIME:-30s}
targets=(
	graph:FuzzParseDate
	loaders:FuzzLoad
	loaders:FuzzNormalizeQuote
	loaders:FuzzOpenQuads
	queries:FuzzResolve
	store:FuzzIndexEntries
	web:FuzzAPI
)
only=${1:-}
cache=$(go env GOCACHE)/fuzz/github.com/itkg/itkg
log=$(mktemp)
bins=$(mktemp -d)
trap 'rm -rf "$log" "$bins"' EXIT
printf '%-22s %-10s %12s %10s %8s\n' target package executions "per second" kept
for t in "${targets[@]}"; do
	pkg=${t%%:*} name=${t#*:}
	[ -z "$only" ] || [ "$only" = "$name" ] || continue
	bin="$bins/$pkg.test"
	if [ ! -x "$bin" ] && ! go test -c -fuzz=. -o "$bin" "./$pkg/" >"$log" 2>&1; then
		cat "$log" >&2
		echo "fuzz.sh: building the tests of $pkg failed" >&2
		exit 1
	fi
	# The binary runs in its package's directory, where testdata/ is, and
	# keeps what it finds where `go test -fuzz` would.
	if ! (cd "$pkg" && "$bin" -test.run '^$' -test.fuzz "^${name}\$" -test.fuzztime "$FUZZTIME" \
		-test.fuzzminimizetime 5s -test.fuzzcachedir "$cache/$pkg") >"$log" 2>&1; then
		cat "$log" >&2
		echo "fuzz.sh: $name failed; the input is in $pkg/testdata/fuzz/$name/" >&2
		exit 1
	fi
	execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | awk '{print $2}')
	secs=$(grep -o 'elapsed: [0-9]*s' "$log" | tail -1 | grep -o '[0-9]*')
	mkdir -p "$pkg/testdata/fuzz/$name"
	kept=0
	if [ -d "$cache/$pkg/$name" ]; then
		have=$(find "$pkg/testdata/fuzz/$name" -type f | wc -l)
		for f in $(ls -Sr "$cache/$pkg/$name"); do
			[ "$have" -lt 64 ] || break
			[ -e "$pkg/testdata/fuzz/$name/$f" ] && continue
			cp "$cache/$pkg/$name/$f" "$pkg/testdata/fuzz/$name/" && kept=$((kept + 1)) && have=$((have + 1))
		done
	fi
	printf '%-22s %-10s %12s %10s %8s\n' "$name" "$pkg" "${execs:-?}" "$(( ${execs:-0} / (${secs:-1} > 0 ? ${secs:-1} : 1) ))" "$kept"
done
