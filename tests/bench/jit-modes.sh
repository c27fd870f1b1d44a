#!/bin/bash
# The cost of the KASAN checks, JIT and interpreter: for each program, the
# time per run (`bpfkasan run --repeat N`: the median of 15 batches, the
# run's set-up excluded) under interp / jit with modes none, full and elide,
# side by side in one run, and the ratios to the same engine's `none`.  The
# machine may be shared and noisy: compare the ratios, not the times.
# Not a test: nothing here asserts a time.
# The six configurations run interleaved, ROUNDS times (default 3), and
# each figure is the median of its rounds, so a load that comes and goes
# weighs on all of them alike.  Elide mode proves with --z3-timeout
# Z3_TIMEOUT (default 5000 ms) so that its checks do not vary with the
# machine's load from one round to the next.
# usage: tests/bench/jit-modes.sh BUILDDIR [REPEAT]
set -uo pipefail
build=${1:?usage: $0 BUILDDIR [REPEAT]}
repeat=${2:-200000}
rounds=${ROUNDS:-3}
z3=${Z3_TIMEOUT:-5000}
bk=$build/cli/bpfkasan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Ethernet + IPv4 + UDP, 64 bytes
printf '\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x08\x00\x45\x00\x00\x32\x00\x01\x40\x00\x40\x11\x00\x00\x0a\x00\x00\x01\x0a\x00\x00\x02\x30\x39\x00\x35\x00\x1e\x00\x00' >"$tmp/udp.bin"
head -c 22 /dev/zero >>"$tmp/udp.bin"

# The kinds of program issue 5 names: packet parsing (libxdp's filters),
# map counting (example: a per-protocol counter; the filters count too), a
# hash-table probe loop (bench_hashprobe: longest-prefix match, one hash map
# lookup per prefix length), a checksum (bench_csum: IPv4 and UDP checksums
# over the packet's words), string compares (bench_strcmp: a payload token
# against the strings of a global).
libxdp=/usr/lib/x86_64-linux-gnu/bpf
progs=(
	"$libxdp/xdpfilt_alw_all.o"
	"$libxdp/xdpfilt_dny_udp.o"
	"$libxdp/xdpfilt_alw_tcp.o"
	"$libxdp/xdpfilt_dny_eth.o"
	"$build/tests/progs/example.bpf.o"
	"$build/tests/progs/bench_hashprobe.bpf.o"
	"$build/tests/progs/bench_csum.bpf.o"
	"$build/tests/progs/bench_strcmp.bpf.o"
)

# ns per run of FILE with ENGINE and MODE
ns() {
	"$bk" run "$1" --data "$tmp/udp.bin" --repeat "$repeat" --engine "$2" --mode "$3" \
		--z3-timeout "$z3" 2>/dev/null | sed -n 's/^time per run: \([0-9]*\) ns.*/\1/p'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "?" }'; }

configs=("interp none" "interp full" "interp elide" "jit none" "jit full" "jit elide")

printf '%-22s %9s %9s %9s %9s %9s %9s %8s %8s %8s %8s\n' program interp i-full i-elide \
	jit-none jit-full jit-elide i-f/none i-e/none j-f/none j-e/none
for f in "${progs[@]}"; do
	[ -r "$f" ] || { echo "skip $f: not found"; continue; }
	checked=$("$bk" run "$f" --data "$tmp/udp.bin" --z3-timeout "$z3" 2>&1 >/dev/null | sed -n 's/^note: [^:]*: \([0-9]* of [0-9]*\) accesses checked.*/\1/p')
	rm -f "$tmp"/t.*
	for ((r = 0; r < rounds; r++)); do
		for c in "${configs[@]}"; do
			ns "$f" $c >>"$tmp/t.${c// /-}"
		done
	done
	in=$(median <"$tmp/t.interp-none") if=$(median <"$tmp/t.interp-full") ie=$(median <"$tmp/t.interp-elide")
	jn=$(median <"$tmp/t.jit-none") jf=$(median <"$tmp/t.jit-full") je=$(median <"$tmp/t.jit-elide")
	printf '%-22s %9s %9s %9s %9s %9s %9s %8s %8s %8s %8s   (elide checks %s)\n' "$(basename "$f")" \
		"$in" "$if" "$ie" "$jn" "$jf" "$je" \
		"$(awk -v a="$if" -v b="$in" 'BEGIN { printf "%.2f", a / (b ? b : 1) }')" \
		"$(awk -v a="$ie" -v b="$in" 'BEGIN { printf "%.2f", a / (b ? b : 1) }')" \
		"$(awk -v a="$jf" -v b="$jn" 'BEGIN { printf "%.2f", a / (b ? b : 1) }')" \
		"$(awk -v a="$je" -v b="$jn" 'BEGIN { printf "%.2f", a / (b ? b : 1) }')" \
		"${checked:-?}"
done
echo "times: ns per run, the median of $rounds interleaved rounds (each the median of 15 batches, $repeat runs in all); i- = interpreter, j- = JIT"
