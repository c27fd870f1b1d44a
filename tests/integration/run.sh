#!/bin/bash
# End-to-end checks of `bpfkasan run`: return value, reports, exit status,
# --dump-jit, --repeat, --map-init, errors.
# usage: run.sh BPFKASAN PROGS_DIR
set -uo pipefail
bk=$1 progs=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

# expect NAME STATUS PATTERN CMD...: exit status and a line of output matching PATTERN
expect() {
	local name=$1 status=$2 pattern=$3
	shift 3
	"$@" >"$tmp/out" 2>&1
	local got=$?
	if [ "$got" -ne "$status" ]; then
		bad "$name: exit $got, expected $status"; sed 's/^/     /' "$tmp/out" | head -8
	elif ! grep -qE -- "$pattern" "$tmp/out"; then
		bad "$name: no line matches '$pattern'"; sed 's/^/     /' "$tmp/out" | head -8
	else
		ok "$name"
	fi
}

# count NAME N PATTERN: the last output has N lines matching PATTERN
count() {
	local n
	n=$(grep -cE -- "$3" "$tmp/out")
	if [ "$n" -eq "$2" ]; then ok "$1"; else bad "$1: $n lines match '$3', expected $2"; fi
}

# 64-byte packets whose first byte selects the planted bug
pkt() { printf "\\x$(printf %02x "$1")" >"$tmp/$2"; head -c 63 /dev/zero >>"$tmp/$2"; }
pkt 12 oob.bin
pkt 11 inb.bin
# Ethernet + IPv4 + UDP
printf '\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x08\x00\x45\x00\x00\x32\x00\x01\x40\x00\x40\x11\x00\x00\x0a\x00\x00\x01\x0a\x00\x00\x02\x30\x39\x00\x35\x00\x1e\x00\x00' >"$tmp/udp.bin"
head -c 22 /dev/zero >>"$tmp/udp.bin"

rt=$progs/rt.bpf.o
expect "--help lists run" 0 '^  run ' "$bk" --help
expect "run --help" 0 '--mode=MODE' "$bk" run --help
for engine in jit interp; do
	for mode in full elide; do
		expect "$engine $mode: off-by-one reported" 1 \
			'^BUG: KASAN: slab-out-of-bounds in value_off_by_one\+0x[0-9a-f]+/0x[0-9a-f]+$' \
			"$bk" run "$rt" --prog value_off_by_one --data "$tmp/oob.bin" --mode $mode --engine $engine
		count "$engine $mode: exactly one report" 1 '^BUG: KASAN'
		count "$engine $mode: return value" 1 'value_off_by_one: return value 1 \(0x1\), 1 report$'
		count "$engine $mode: the region" 1 '0 bytes to the right of the 48-byte value of map .counters.'
		expect "$engine $mode: in bounds is clean" 0 'return value 1 \(0x1\), 0 reports$' \
			"$bk" run "$rt" --prog value_off_by_one --data "$tmp/inb.bin" --mode $mode --engine $engine
	done
done
expect "elide: rejected program, note" 1 'note: value_off_by_one: every access is checked: the analysis rejects it' \
	"$bk" run "$rt" --prog value_off_by_one --data "$tmp/oob.bin"
expect "--no-verify note" 1 'every access is checked: --no-verify' \
	"$bk" run "$rt" --prog value_off_by_one --data "$tmp/oob.bin" --no-verify
expect "mode none: no report" 0 'return value 1 \(0x1\), 0 reports$' \
	"$bk" run "$rt" --prog value_off_by_one --data "$tmp/oob.bin" --mode none
expect "--halt-on-error" 1 'halted at the first' \
	"$bk" run "$rt" --prog value_off_by_one --data "$tmp/oob.bin" --halt-on-error
expect "use after free (jit, full)" 1 'BUG: KASAN: slab-use-after-free in ringbuf_after_submit' \
	"$bk" run "$rt" --prog ringbuf_after_submit --data "$tmp/inb.bin" --mode full --no-verify
expect "read after delete: valid until the run ends" 0 'return value 2 \(0x2\), 0 reports$' \
	"$bk" run "$rt" --prog flow_after_delete --data "$tmp/inb.bin" --mode full

# --dump-jit: each BPF instruction above Capstone's x86
expect "--dump-jit" 1 '^; 22: \(61\) r2 = \*\(u32 \*\)\(r0 \+0\)$' \
	"$bk" run "$rt" --prog value_off_by_one --data "$tmp/oob.bin" --dump-jit
count "--dump-jit: x86 text" 1 '^ +[0-9a-f]+:  movabs +r12, 0x[0-9a-f]+$'
count "--dump-jit: slow paths labelled" 5 '^; slow path of insn [0-9]+'

# --repeat, --map-init
expect "--repeat prints time per run" 0 '^time per run: [0-9]+ ns in the program' \
	"$bk" run "$rt" --prog value_in_bounds --data "$tmp/inb.bin" --repeat 50
count "--repeat reports once" 0 '^BUG: KASAN'
printf '\x00\x00\x00\x00' >"$tmp/key"
head -c 48 /dev/zero | tr '\0' '\1' >"$tmp/val"
cat "$tmp/key" "$tmp/val" >"$tmp/counters.bin"
expect "--map-init" 0 'return value' \
	"$bk" run "$rt" --prog value_in_bounds --data "$tmp/inb.bin" --map-init "counters=$tmp/counters.bin"
expect "--map-init: bad size" 2 'not a whole number of 4-byte keys and 48-byte values' \
	"$bk" run "$rt" --prog value_in_bounds --map-init "counters=$tmp/key"
expect "--map-init: no such map" 2 "no map 'nosuch'" \
	"$bk" run "$rt" --prog value_in_bounds --map-init "nosuch=$tmp/key"

# errors: one line naming the file and the problem, exit 2
expect "no such program" 2 "rt.bpf.o: no program 'nosuch'" "$bk" run "$rt" --prog nosuch
expect "no such file" 2 'nosuch.o' "$bk" run "$tmp/nosuch.o"
expect "no such data file" 2 'nosuch.bin: No such file' "$bk" run "$rt" --data "$tmp/nosuch.bin"
expect "bad mode" 2 'takes none, full or elide' "$bk" run "$rt" --mode sometimes
expect "bad engine" 2 'takes jit or interp' "$bk" run "$rt" --engine vm

# a libxdp object on a UDP packet: a clean run in every mode and engine
xdp=/usr/lib/x86_64-linux-gnu/bpf/xdpfilt_alw_all.o
if [ -r "$xdp" ]; then
	for engine in jit interp; do
		for mode in none full elide; do
			expect "libxdp xdpfilt_alw_all $engine $mode: clean" 0 \
				'xdpfilt_alw_all.o: xdpfilt_alw_all: return value 2 \(0x2\), 0 reports$' \
				"$bk" run "$xdp" --data "$tmp/udp.bin" --mode $mode --engine $engine
		done
	done
	expect "libxdp elide: verdicts" 0 'note: xdpfilt_alw_all: [0-9]+ of [0-9]+ accesses checked' \
		"$bk" run "$xdp" --data "$tmp/udp.bin" --dump-jit
	checked=$(sed -n 's/^note: xdpfilt_alw_all: \([0-9]*\) of .*/\1/p' "$tmp/out")
	count "libxdp elide: one slow path per checked access ($checked)" "$checked" '^; slow path of insn'
	count "libxdp elide: no check routine calls" 0 'check routine'
	expect "libxdp full: check routines" 0 '^; check routine: read of size 1' \
		"$bk" run "$xdp" --data "$tmp/udp.bin" --dump-jit --mode full
	count "libxdp full: no inline slow paths" 0 '^; slow path of insn'
else
	echo "skip libxdp: $xdp not installed"
fi

# the benchmark's own programs (tests/bench/jit-modes.sh) on its packet:
# accepted by the analysis, clean, the expected verdict in every mode and engine
for b in "bench_hashprobe 2" "bench_csum 3" "bench_strcmp 1"; do
	set -- $b
	expect "$1 elide: the analysis accepts it" 0 "note: $1: [0-9]+ of [0-9]+ accesses checked" \
		"$bk" run "$progs/$1.bpf.o" --data "$tmp/udp.bin" --z3-timeout 5000
	for engine in jit interp; do
		for mode in none full elide; do
			expect "$1 $engine $mode: returns $2" 0 "$1: return value $2 \\($(printf '%#x' "$2")\\), 0 reports$" \
				"$bk" run "$progs/$1.bpf.o" --data "$tmp/udp.bin" --mode $mode --engine $engine
		done
	done
done
# a /24 route (key: prefix length 24, 10.0.0.0) whose action is XDP_DROP
printf '\x18\x00\x00\x00\x0a\x00\x00\x00' >"$tmp/route.bin"
printf '\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00' >>"$tmp/route.bin"
for engine in jit interp; do
	expect "bench_hashprobe $engine: the /24 route's action" 0 'bench_hashprobe: return value 1 \(0x1\), 0 reports$' \
		"$bk" run "$progs/bench_hashprobe.bpf.o" --data "$tmp/udp.bin" --engine $engine \
		--map-init "routes=$tmp/route.bin"
done

echo "run.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
