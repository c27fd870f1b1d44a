#!/bin/bash
# Build the loader's libFuzzer target with clang-19 and run it for a while.
# usage: tests/fuzz/run.sh SECONDS SEED_OBJECT...
# Fails on any crash, leak, or input slower than 10 s.  The run is
# reproducible: a fixed seed, a fresh corpus, and at most FUZZ_RUNS inputs
# (default 2,000,000, about 50 s here) within SECONDS.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
secs=$1
shift
work=${FUZZ_WORK:-$root/build-fuzz}
rm -rf "$work/corpus"
mkdir -p "$work/seeds" "$work/corpus"
clang-19 -g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -I"$root/isa" -I"$root/object" \
	"$root"/isa/*.c "$root"/object/*.c "$root/tests/fuzz/fuzz_object.c" \
	-lbpf -lelf -lz -o "$work/fuzz_object"

# Inputs that crashed once must not crash again.
for r in "$root"/tests/fuzz/regressions/*.bin; do
	[ -e "$r" ] || continue
	ASAN_OPTIONS=allocator_may_return_null=1 "$work/fuzz_object" "$r" >"$work/regression.log" 2>&1 ||
		{ cat "$work/regression.log"; echo "fuzz: regression $(basename "$r") crashes again"; exit 1; }
done

# Seeds: the valid objects, and broken ones derived from them.
for o in "$@"; do
	b=$(basename "$o")
	cp "$o" "$work/seeds/$b"
	head -c 64 "$o" >"$work/seeds/$b.header"
	head -c $(( $(stat -c %s "$o") / 2 )) "$o" >"$work/seeds/$b.half"
done
printf '' >"$work/seeds/empty"
printf '\177ELF' >"$work/seeds/magic"

# A fixed seed makes a run the prefix of any longer run with the same seeds.
# A huge malloc in libbpf returns NULL in production, as it does here.
ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=1 \
"$work/fuzz_object" -seed="${FUZZ_SEED:-1}" -runs="${FUZZ_RUNS:-2000000}" -artifact_prefix="$work/" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-max_len=65536 -print_final_stats=1 "$work/corpus" "$work/seeds" 2>"$work/fuzz.log" || {
	tail -60 "$work/fuzz.log"
	echo "fuzz: FAILED (crash, leak or timeout; reproducer in $work)"
	exit 1
}
grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$work/fuzz.log" | tail -2
echo "fuzz: no crash, leak or hang (seed ${FUZZ_SEED:-1}, at most ${FUZZ_RUNS:-2000000} inputs, $secs s)"
