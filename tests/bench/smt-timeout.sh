#!/bin/bash
# What the per-query Z3 timeout buys: for each timeout, the accesses
# elided and the Z3 time over the same objects, in one run so that the
# rows are comparable on a shared machine.  The default of
# `bpfkasan analyze --z3-timeout` is chosen from this table.
# usage: tests/bench/smt-timeout.sh BUILDDIR [OBJ...]
#        (TIMEOUTS="50 100 ..." to change the list)
set -uo pipefail
build=${1:?usage: $0 BUILDDIR [OBJ...]}
shift
here=$(cd "$(dirname "$0")" && pwd)
timeouts=${TIMEOUTS:-"25 50 100 250 500 1000 2000"}

printf '%10s %10s %12s %10s %14s\n' "timeout ms" "elided" "non-stack" "rate" "z3 s (total)"
for t in $timeouts; do
	out=$(Z3_TIMEOUT=$t bash "$here/smt-elision.sh" "$build" "$@")
	total=$(grep '^total:' <<<"$out")
	z3=$(grep '^Z3:' <<<"$out")
	# "total: 317 of 447 non-stack, non-probe accesses elided (70.9%)"
	read -r el all rate < <(sed -E 's/^total: ([0-9]+) of ([0-9]+) .*\((.*)\)$/\1 \2 \3/' <<<"$total")
	secs=$(sed -E 's/^Z3: ([0-9.]+) s.*/\1/' <<<"$z3")
	printf '%10s %10s %12s %10s %14s\n' "$t" "$el" "$all" "$rate" "$secs"
done
