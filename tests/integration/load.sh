#!/bin/bash
# End-to-end checks of `bpfkasan load` on this host: the hints are the
# elided plain loads and stores, numbered as the analysis numbers the
# instructions (which the kernel receives); a kernel without
# kernel/patches is detected by the probe and named; --no-hints loads;
# bad input. The patched kernel's side (hints accepted, checks removed)
# runs in QEMU: kernel/run-tests.sh, guest/load-hints.sh.
# usage: load.sh BPFKASAN PROGS_DIR
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

# hints_of OBJ: "PROG: N..." from the listing of `bpfkasan analyze`: every
# access it calls elided whose opcode is a plain LDX/ST/STX (not atomic)
hints_of() {
	"$bk" analyze --btf none "$1" | awk '
	/^[^ ].*: program / { if (prog != "") print prog ":" list; prog = $3; sub(/,$/, "", prog); list = "" }
	/^\*? *[0-9]+: \(/ { insn = $0; sub(/^\*? */, "", insn); n = insn; sub(/:.*/, "", n)
		op = insn; sub(/^[0-9]+: \(/, "", op); sub(/\).*/, "", op); next_is = 1; next }
	next_is { next_is = 0
		# LDX MEM/MEMSX (0x61 0x69 0x71 0x79, 0x81 0x89 0x91), ST MEM (0x62 0x6a 0x72 0x7a), STX MEM (0x63 0x6b 0x73 0x7b)
		if ($1 == "elided:" && op ~ /^(61|69|71|79|81|89|91|62|6a|72|7a|63|6b|73|7b)$/) list = list " " n }
	END { if (prog != "") print prog ":" list }'
}

# 1. the hints file: before any load, the same as the analysis says,
#    whatever the kernel does with them afterwards
for o in hints accesses globals; do
	"$bk" load --hints-out "$tmp/$o.hints" "$progs/$o.bpf.o" >"$tmp/out" 2>&1
	want=$(BK="$bk" hints_of "$progs/$o.bpf.o")
	if [ "$(cat "$tmp/$o.hints")" = "$want" ]; then
		ok "$o: --hints-out lists the elided plain accesses ($(echo "$want" | tr '\n' ' '))"
	else
		bad "$o: --hints-out says '$(cat "$tmp/$o.hints" | tr '\n' ' ')', the analysis '$(echo "$want" | tr '\n' ' ')'"
	fi
done
# the exact numbers for hints.bpf.o (tests/progs/hints.bpf.c): ctx 0 1,
# .bss 4 6 16 18, packet 10 25; the ring buffer store (26) is checked
expect "hints.bpf.o: the hints by number" 0 '^hinted: 0 1 4 6 10 16 18 25$' cat "$tmp/hints.hints"
# accesses.bpf.o's atomics may be elided but are no hint (patch 0004 refuses them)
if grep -qE '^all_accesses: .*[0-9]' "$tmp/accesses.hints" &&
	! "$bk" analyze --btf none "$progs/accesses.bpf.o" | grep -A1 -E '^\* *[0-9]+: \((c3|db)\)' | grep -q elided; then
	bad "accesses.bpf.o: no elided atomic, the filter is not tested"
else
	ok "accesses.bpf.o: atomics are not passed as hints"
fi

# 2. this kernel: a patched one takes the hints, any other is named
"$bk" load "$progs/hints.bpf.o" >"$tmp/out" 2>&1
st=$?
if [ $st -eq 0 ] && grep -qE '^hinted: prog id [0-9]+, fd [0-9]+: 8 hints passed, 8 accepted' "$tmp/out"; then
	ok "this kernel takes the hints"
elif [ $st -eq 2 ] && [ "$(wc -l <"$tmp/out")" -eq 1 ] &&
	grep -qE 'hints\.bpf\.o: this kernel does not take bpfkasan hints \(needs kernel/patches\)' "$tmp/out"; then
	ok "this kernel does not take hints: one line, exit 2"
else
	bad "load with hints: exit $st"; sed 's/^/     /' "$tmp/out" | head -5
fi

# 3. --no-hints: a plain libbpf load, where this host lets us load BPF
"$bk" load --no-hints --test-run "$progs/hints.bpf.o" >"$tmp/out" 2>&1
st=$?
if [ $st -eq 0 ]; then
	expect "--no-hints loads and runs" 0 \
		'^hinted: prog id [0-9]+, fd [0-9]+: no hints \(--no-hints\); JIT image [0-9]+ bytes, [0-9]+ KASAN checks; analysis: 8 elided, 1 checked, .*; test run: retval 2$' \
		"$bk" load --no-hints --test-run "$progs/hints.bpf.o"
elif grep -q 'Operation not permitted' "$tmp/out"; then
	echo "skip --no-hints: this host does not let us load BPF"
else
	bad "--no-hints: exit $st"; sed 's/^/     /' "$tmp/out" | head -5
fi

# 4. bad input: one line naming the file, exit 2
expect "no such file" 2 '^bpfkasan: .*nonexistent\.o: No such file or directory$' \
	"$bk" load "$tmp/nonexistent.o"
echo "not an ELF" >"$tmp/bad.o"
expect "not an object" 2 "^bpfkasan: $tmp/bad.o: " "$bk" load "$tmp/bad.o"
expect "no such program" 2 "^bpfkasan: .*hints\\.bpf\\.o: no program 'nope'$" \
	"$bk" load --prog nope "$progs/hints.bpf.o"
expect "--hints-out with --no-hints" 2 'exclude each other' \
	"$bk" load --no-hints --hints-out "$tmp/x" "$progs/hints.bpf.o"
expect "unwritable --hints-out" 2 "^bpfkasan: $tmp/no/such/dir: No such file or directory$" \
	"$bk" load --hints-out "$tmp/no/such/dir" "$progs/hints.bpf.o"

echo "load: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
