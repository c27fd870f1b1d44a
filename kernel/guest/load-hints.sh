#!/bin/busybox sh
# Guest side of kernel/run-tests.sh: `bpfkasan load` (the real binary, its
# shared libraries copied into the initramfs) loads tests/progs/hints.bpf.o,
# a clang-built XDP program, once without and once with the elision hints
# of its own analysis, and the JIT images must differ by exactly the hinted
# accesses.
#
# Each test prints "bpfkasan-kernel-test: NAME ok" or "... NAME FAIL why";
# run-tests.sh wants a line for each name passed to result below.
#
# What the kernel checks (kernel/README.md): every access of a JIT-compiled
# program but those the verifier saw touch only the stack, and those a hint
# names; a hint on a ctx load is accepted but the load is rewritten by
# convert_ctx_accesses() into an insn the series marks UNSET, so it stays
# checked. Hence, with bpfkasan's counts (C accesses checked, H hints, X of
# them on the context, S on the stack):
#   checks with the hints    = C + X
#   checks without the hints - checks with the hints = H - X - S
# On bpf_jit_kasan=off there are no checks at all; on the baseline kernel
# (no series) the hints are refused by bpfkasan's probe.
/bin/busybox --install -s /bin
export PATH=/bin
OBJ=/progs/hints.bpf.o
cmdline=$(cat /proc/cmdline)
expect_none=0 baseline=0
case $cmdline in *bpfkasan.expect=none*) expect_none=1 ;; esac
case $cmdline in *bpfkasan.baseline*) baseline=1 ;; esac
failures=0

result() {
	name=$1
	shift
	if [ $# -eq 0 ]; then
		echo "bpfkasan-kernel-test: $name ok"
	else
		echo "bpfkasan-kernel-test: $name FAIL $*"
		failures=$((failures + 1))
	fi
}

# field LINE SED-EXPR: a number out of bpfkasan load's line, or "" when absent
field() { echo "$1" | sed -n "$2" | head -1; }

kasan_reports() { dmesg | grep -c 'BUG: KASAN: '; }

before=$(kasan_reports)
plain=$(bpfkasan load --no-hints --test-run "$OBJ" 2>&1)
plain_rc=$?
hinted=$(bpfkasan load --test-run --hints-out /tmp/hints.txt --pin /sys/fs/bpf/hinted "$OBJ" 2>&1)
hinted_rc=$?
after=$(kasan_reports)
echo "$plain" | sed 's/^/bpfkasan-kernel-load: no hints: /'
echo "$hinted" | sed 's/^/bpfkasan-kernel-load: hints: /'
sed 's/^/bpfkasan-kernel-load: hints file: /' /tmp/hints.txt

n0=$(field "$plain" 's/.* \([0-9][0-9]*\) KASAN checks;.*/\1/p')
n1=$(field "$hinted" 's/.* \([0-9][0-9]*\) KASAN checks;.*/\1/p')
passed=$(field "$hinted" 's/.*: \([0-9][0-9]*\) hints passed, .*/\1/p')
accepted=$(field "$hinted" 's/.* hints passed, \([0-9][0-9]*\) accepted .*/\1/p')
ctx=$(field "$hinted" 's/.* accepted (\([0-9][0-9]*\) on the context, .*/\1/p')
stack=$(field "$hinted" 's/.* on the context, \([0-9][0-9]*\) on the stack).*/\1/p')
checked=$(field "$hinted" 's/.* elided, \([0-9][0-9]*\) checked, .*/\1/p')
infile=$(sed -n 's/^hinted://p' /tmp/hints.txt | wc -w)

if [ $baseline -eq 1 ]; then
	# the series' UAPI is unknown here: 6.12 says E2BIG, the probe says no
	if [ $plain_rc -ne 0 ] || [ -z "$n0" ]; then
		result load_nohints "exit $plain_rc: $plain"
	else
		result load_nohints
	fi
	if [ $hinted_rc -ne 2 ]; then
		result load_hints "exit $hinted_rc without the series, expected 2"
	elif ! echo "$hinted" | grep -q 'this kernel does not take bpfkasan hints (needs kernel/patches)'; then
		result load_hints "no 'does not take bpfkasan hints' message: $hinted"
	else
		result load_hints
	fi
	for t in load_checks load_run load_pin; do
		echo "bpfkasan-kernel-test: $t ok (skipped: no hints without the series)"
	done
	exit $((failures != 0))
fi

if [ $plain_rc -ne 0 ] || [ -z "$n0" ]; then
	result load_nohints "exit $plain_rc: $plain"
else
	result load_nohints
fi

if [ $hinted_rc -ne 0 ] || [ -z "$n1" ] || [ -z "$passed" ]; then
	result load_hints "exit $hinted_rc: $hinted"
elif [ "$passed" -lt 3 ] || [ "$accepted" != "$passed" ] || [ "$infile" != "$passed" ]; then
	result load_hints "$passed hints passed, $accepted accepted, $infile in --hints-out"
else
	result load_hints
fi

if [ -z "$n1" ] || [ -z "$n0" ] || [ -z "$checked" ]; then
	result load_checks "no counts to compare"
elif [ $expect_none -eq 1 ]; then
	# bpf_jit_kasan=off: no check in either image
	if [ "$n0" -ne 0 ] || [ "$n1" -ne 0 ]; then
		result load_checks "$n0 and $n1 KASAN checks with bpf_jit_kasan=off"
	else
		result load_checks
	fi
elif [ "$checked" -lt 1 ] || [ "$n1" -ge "$n0" ]; then
	result load_checks "$n1 KASAN checks with $passed hints, $n0 without ($checked checked)"
elif [ "$n1" -ne $((checked + ctx)) ]; then
	result load_checks "$n1 KASAN checks with the hints, expected $checked checked + $ctx ctx"
elif [ $((n0 - n1)) -ne $((passed - ctx - stack)) ]; then
	result load_checks "the hints removed $((n0 - n1)) checks, expected $passed - $ctx ctx - $stack stack"
else
	result load_checks
	echo "bpfkasan-kernel-hint: hints.bpf.o: $n0 KASAN checks without hints, $n1 with $passed hints ($ctx on ctx, $checked accesses checked)"
fi

# XDP_PASS (2) in both runs, and the in-bounds accesses made no report
if ! echo "$plain" | grep -q 'test run: retval 2$' || ! echo "$hinted" | grep -q 'test run: retval 2;'; then
	result load_run "not XDP_PASS from both test runs"
elif [ "$after" -ne "$before" ]; then
	result load_run "$((after - before)) KASAN reports from in-bounds accesses"
else
	result load_run
fi

if [ -e /sys/fs/bpf/hinted ] && echo "$hinted" | grep -q 'pinned at /sys/fs/bpf/hinted'; then
	result load_pin
else
	result load_pin "not pinned at /sys/fs/bpf/hinted"
fi
exit $((failures != 0))
