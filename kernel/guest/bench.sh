#!/bin/busybox sh
# Guest side of kernel/run-tests.sh's benchmark, in the boots whose command
# line says bpfkasan.bench (inline and baseline): the run time of realistic
# XDP programs (/progs/bench/*.o: libxdp's filters, tests/progs/example.bpf.o)
# under every KASAN scheme of the series, side by side in one boot.
#
# Each object is loaded (bpfkasan load, pinned) four times, switching
# /sys/module/bpf_jit/parameters/kasan between the loads; a program keeps
# the image it was JIT-compiled with:
#   off     no checks
#   call    upstream's scheme: a call before every access
#   inline  our inline fast path, every access checked
#   hints   inline, with the elision hints bpfkasan's analysis computed on
#           the host (NAME.hints, `bpfkasan load --hints-out`: Z3 under TCG
#           would take minutes and time out on these programs)
# then bench_run runs them interleaved (BPF_PROG_TEST_RUN on a 64-byte
# Ethernet/IPv4/UDP packet, REPEAT runs per call, median of BATCHES calls).
# On the baseline kernel (no series, no parameter) each object is loaded
# once: "unpatched".
#
# Tests: bench_load (every variant loaded and pinned), bench_checks (the
# KASAN checks the JIT images hold: none when off, as many for call as for
# inline, fewer with the hints than without wherever there are hints, and
# hints somewhere), bench_run (a time for each, the same return value from
# every variant, no KASAN report). Times are printed, never asserted.
/bin/busybox --install -s /bin
export PATH=/bin
REPEAT=${REPEAT:-20000} BATCHES=${BATCHES:-5}
P=/sys/module/bpf_jit/parameters/kasan
D=/sys/fs/bpf/bench
. /bin/result.sh

case $(cat /proc/cmdline) in
*bpfkasan.bench*) ;;
*)
	for t in bench_load bench_checks bench_run; do
		echo "bpfkasan-kernel-test: $t ok (skipped: no bpfkasan.bench in this boot)"
	done
	exit 0
	;;
esac

if [ -e $P ]; then
	variants="off call inline hints"
else
	variants="unpatched"
fi
mkdir -p $D
# the ring buffer is small: empty it, then count what the bench adds
dmesg -c >/dev/null
kasan_reports() { dmesg | grep -c 'BUG: KASAN: '; }
before=$(kasan_reports)
t0=$(date +%s)

# load NAME VARIANT: pin /progs/bench/NAME.o at $D/NAME-VARIANT; its checks
# in checks_NAME_VARIANT
load_err=""
for o in /progs/bench/*.o; do
	name=$(basename "$o" .o)
	for v in $variants; do
		case $v in
		hints) mode=inline hints=/progs/bench/$name.hints ;;
		unpatched) mode="" hints=/dev/null ;;
		*) mode=$v hints=/dev/null ;;
		esac
		[ -n "$mode" ] && echo $mode >$P
		out=$(bpfkasan load --hints-in "$hints" --pin "$D/$name-$v" "$o" 2>&1)
		rc=$?
		echo "$out" | sed "s/^/bpfkasan-kernel-bench-load: $name $v: /"
		n=$(echo "$out" | sed -n 's/.* \([0-9][0-9]*\) KASAN checks;.*/\1/p' | head -1)
		if [ $rc -ne 0 ] || [ -z "$n" ] || [ ! -f "$D/$name-$v" ]; then
			load_err="$load_err $name-$v"
		fi
		eval "checks_${name}_$v=\${n:-?}"
	done
	eval "nhints_$name=$(sed -n 's/^[^:]*://p' /progs/bench/$name.hints | wc -w)"
done
[ -e $P ] && echo inline >$P
if [ -n "$load_err" ]; then
	result bench_load "not loaded:$load_err"
else
	result bench_load
fi

# The checks in the images
if [ ! -e $P ]; then
	echo "bpfkasan-kernel-test: bench_checks ok (skipped: no KASAN checks without the series)"
else
	bad="" any=0
	for o in /progs/bench/*.o; do
		name=$(basename "$o" .o)
		eval "off=\$checks_${name}_off call=\$checks_${name}_call inl=\$checks_${name}_inline hin=\$checks_${name}_hints h=\$nhints_$name"
		echo "bpfkasan-kernel-bench: $name checks: off $off, call $call, inline $inl, inline with $h hints $hin"
		case "$off$call$inl$hin" in *[!0-9]*) bad="$bad $name: no count;"; continue ;; esac
		[ "$off" -eq 0 ] || bad="$bad $name: $off checks when off;"
		[ "$call" -eq "$inl" ] || bad="$bad $name: call $call checks, inline $inl;"
		[ "$inl" -gt 0 ] || bad="$bad $name: no check inline;"
		if [ "$h" -gt 0 ]; then
			any=1
			[ "$hin" -lt "$inl" ] || bad="$bad $name: $hin checks with $h hints, $inl without;"
		else
			[ "$hin" -eq "$inl" ] || bad="$bad $name: $hin checks without hints, $inl inline;"
		fi
	done
	[ $any -eq 1 ] || bad="$bad no object has hints;"
	if [ -n "$bad" ]; then
		result bench_checks "$bad"
	else
		result bench_checks
	fi
fi

# The runs, every variant of every object interleaved in one bench_run
paths=""
for o in /progs/bench/*.o; do
	name=$(basename "$o" .o)
	for v in $variants; do
		[ -f "$D/$name-$v" ] && paths="$paths $D/$name-$v"
	done
done
runs=$(bench_run "$REPEAT" "$BATCHES" $paths 2>&1)
rc=$?
after=$(kasan_reports)
bad=""
[ $rc -eq 0 ] || bad="bench_run exit $rc: $runs;"
for o in /progs/bench/*.o; do
	name=$(basename "$o" .o)
	line="" ret="" base=""
	for v in $variants; do
		r=$(echo "$runs" | grep "^$D/$name-$v " | head -1)
		ns=$(echo "$r" | cut -d' ' -f2)
		rv=$(echo "$r" | cut -d' ' -f3)
		[ -n "$ns" ] || { bad="$bad $name-$v: no time;"; continue; }
		[ -z "$ret" ] && ret=$rv
		[ "$rv" = "$ret" ] || bad="$bad $name-$v returned $rv, $ret before;"
		line="$line $v=$ns"
		# the ratio to the first variant (off)
		if [ -z "$base" ]; then
			base=$ns
		else
			line="$line($(awk -v a="$ns" -v b="$base" 'BEGIN { printf "%.2fx", a / (b ? b : 1) }'))"
		fi
	done
	echo "bpfkasan-kernel-bench: $name ns/run:$line retval=$ret"
done
[ "$after" -eq "$before" ] || bad="$bad $((after - before)) KASAN reports;"
if [ -n "$bad" ]; then
	result bench_run "$bad"
else
	result bench_run
fi
echo "bpfkasan-kernel-bench: repeat $REPEAT, median of $BATCHES batches, $(($(date +%s) - t0)) s in the guest (TCG: compare ratios, not times)"
exit $((failures != 0))
