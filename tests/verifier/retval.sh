#!/bin/bash
# The kernel's verifier selftests that carry __retval(N), run in bpfkasan's
# runtime: every privileged test that test_loader (Linux 6.12) would execute
# with BPF_PROG_TEST_RUN after a successful load (selftest_expect -r) and
# whose type the runtime runs on a packet (socket filter, XDP, sched_cls)
# must return N in the interpreter and in the JIT in every check mode,
# without a report.
#
# usage: retval.sh BUILDDIR [OBJ...]
#   default OBJs: BUILDDIR/corpus/obj/verifier_*.bpf.o listed 'ok' in
#   BUILDDIR/corpus/manifest.txt (tests/corpus/build-selftests.sh builds them)
#
# Each program gets what test_loader's do_prog_test_run() passes: 64 zero
# bytes of data in (TEST_DATA_LEN), no context; the runtime lays them out as
# BPF_PROG_TEST_RUN does (jit-x86/rt.c).  The return value is compared as
# run_subtest() compares it: the u32 retval as an int against the annotated
# int, not at all for POINTER_VALUE.
#
# A program that cannot run here is listed with its reason in
# retval-known.txt (OBJ PROG reason...). The exit status fails on an
# unlisted mismatch and on a stale listing (a listed program that passes, or
# one that is no longer run). Per-program results go to
# BUILDDIR/tests/verifier/retval.tsv.
set -uo pipefail

# Engine and check mode of each run: ENGINE:MODE. The interpreter checks
# every access (full); the JIT runs in every mode.
RUNS=(interp:full jit:none jit:full jit:elide)
TIMEOUT=${RV_TIMEOUT:-30}  # seconds per run (elide runs the analysis)

. "$(dirname "$0")/lib.sh"
vt_setup retval "$@"
known=${RV_KNOWN:-$root/tests/verifier/retval-known.txt}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -c 64 /dev/zero >"$tmp/data" # TEST_DATA_LEN zero bytes: do_prog_test_run()'s tmp_in

# OBJ PROG SECTION RETVAL
"$expect_tool" -r "${objs[@]}" >"$tmp/expect.tsv" ||
	{ echo "retval: selftest_expect failed" >&2; exit 2; }
declare -A path_of
for o in "${objs[@]}"; do path_of[$(basename "$o")]=$o; done

# The section names libbpf gives these types (libbpf.c section_defs[]).
runs_here() {
	case $1 in
	socket | socket/*) echo socket ;;
	xdp | xdp/* | xdp.frags | xdp.frags/*) echo xdp ;;
	tc | tc/* | classifier | classifier/* | tcx/*) echo tc ;;
	*) return 1 ;;
	esac
}

# The maps prog_tests/verifier.c fills before the runs (its pre_execution_cb
# init_test_val_map()): key 0 = struct test_val { .index = (6 + 1) *
# sizeof(int), .foo[6] = 0xabcdef12 }, 4 + 48 bytes.
{
	printf '\0\0\0\0\x1c\0\0\0'
	head -c 24 /dev/zero
	printf '\x12\xef\xcd\xab'
	head -c 16 /dev/zero
} >"$tmp/test_val"
declare -A PRE_EXEC=(
	[verifier_array_access.bpf.o]="--map-init map_array_ro=$tmp/test_val"
	[verifier_value_ptr_arith.bpf.o]="--map-init map_array_48b=$tmp/test_val"
)

# one OBJ PROG RETVAL ENGINE MODE: "ok" or what went wrong, on stdout
one() {
	local obj=$1 prog=$2 want=$3 engine=$4 mode=$5 rc=0 out
	local -a pre
	read -ra pre <<<"${PRE_EXEC[$obj]:-}"
	out=$(timeout -k 5 "$TIMEOUT" "$bpfkasan" run "${path_of[$obj]}" --prog "$prog" \
		--data "$tmp/data" "${pre[@]}" --engine "$engine" --mode "$mode" 2>"$tmp/err") || rc=$?
	case $rc in
	0 | 1) ;;
	124 | 137) echo "timed out after ${TIMEOUT}s"; return ;;
	*) echo "run failed: $(sed -n 's/.*the run failed: //p; s/^bpfkasan: //p' "$tmp/err" | head -1)"; return ;;
	esac
	local line r0 reports
	line=$(grep -m1 ": $prog: return value " <<<"$out")
	# r0 in hex: "return value 18446744073709551596 (0xffffffffffffffec)"
	r0=$(sed -n 's/.*: return value [0-9]* (\(0x[0-9a-f]*\|0\)).*/\1/p' <<<"$line")
	reports=$(sed -n 's/.*), \([0-9]*\) reports\{0,1\}.*/\1/p' <<<"$line")
	[ -n "$r0" ] || { echo "no return value printed"; return; }
	# run_subtest(): the u32 retval as an int, against the annotated int
	local got=$((r0 & 0xffffffff))
	[ "$got" -lt 2147483648 ] || got=$((got - 4294967296))
	if [ "$want" != any ] && [ "$got" != "$want" ]; then
		echo "returned $got, expected $want${reports:+ ($reports reports)}"
	elif [ "${reports:-0}" -ne 0 ]; then
		echo "$reports KASAN reports"
	else
		echo ok
	fi
}

: >"$tmp/results.tsv"
not_run=0
declare -A not_run_sec
while IFS=$'\t' read -r obj prog sec want; do
	if ! type=$(runs_here "$sec"); then
		not_run=$((not_run + 1))
		not_run_sec[$sec]=$((${not_run_sec[$sec]:-0} + 1))
		continue
	fi
	row="$obj"$'\t'"$prog"$'\t'"$type"$'\t'"$want"
	for r in "${RUNS[@]}"; do
		row+=$'\t'$(one "$obj" "$prog" "$want" "${r%%:*}" "${r#*:}")
	done
	printf '%s\n' "$row" >>"$tmp/results.tsv"
done <"$tmp/expect.tsv"

for sec in "${!not_run_sec[@]}"; do
	echo "retval: not run: ${not_run_sec[$sec]} programs of section $sec (a type the runtime does not run as BPF_PROG_TEST_RUN does)"
done | sort
[ -f "$known" ] || { : >"$tmp/no-known"; known=$tmp/no-known; }

awk -F'\t' -v OFS='\t' -v known_file="$known" -v runs="${RUNS[*]}" \
	-v table="$outdir/retval.tsv" -v not_run="$not_run" '
BEGIN {
	nr = split(runs, rn, " ")
	printf "obj\tprog\ttype\tretval" > table
	for (j = 1; j <= nr; j++) printf "\t%s", rn[j] > table
	print "\tresult" > table
}
{
	k = $1 "\t" $2
	order[++n] = k
	ran[k] = 1
	all_ok = 1; why = ""; same = 1
	for (j = 1; j <= nr; j++) {
		v = $(4 + j)
		if (v != $5) same = 0
		if (v == "ok") { ok_run[j]++; continue }
		all_ok = 0
		why = why (why == "" ? "" : "; ") rn[j] ": " v
	}
	if (!all_ok && same) why = "every run: " $5
	res[k] = all_ok ? "ok" : why
	typ[k] = $3
	print $0, (all_ok ? "ok" : "MISMATCH") > table
}
END {
	while ((getline line < known_file) > 0) {
		if (line ~ /^[ \t]*(#|$)/) continue
		nf = split(line, w, /[ \t]+/)
		if (nf < 3) { printf "BADLINE %s: %s (OBJ PROG reason)\n", known_file, line; bad++; continue }
		kk = w[1] "\t" w[2]
		reason = line
		sub(/^[ \t]*[^ \t]+[ \t]+[^ \t]+[ \t]*/, "", reason)
		known[kk] = reason
		korder[++nk] = kk
	}
	for (i = 1; i <= n; i++) {
		k = order[i]; split(k, p, "\t")
		total[typ[k]]++
		if (res[k] == "ok") {
			passed++; pt[typ[k]]++
			if (k in known) { printf "STALE    %s %s: listed in retval-known.txt but returns its __retval now: remove it\n", p[1], p[2]; stale++ }
			else printf "ok       %s %s\n", p[1], p[2]
		} else if (k in known) {
			printf "known    %s %s: %s  [%s]\n", p[1], p[2], res[k], known[k]; nknown++
		} else {
			printf "MISMATCH %s %s: %s\n", p[1], p[2], res[k]; unlisted++
		}
	}
	for (i = 1; i <= nk; i++) {
		kk = korder[i]
		if (!(kk in ran)) {
			split(kk, p, "\t")
			printf "STALE    %s %s: listed in retval-known.txt but not run: remove it\n", p[1], p[2]
			stale++
		}
	}
	for (t in total) printf "retval: %s: %d of %d\n", t, pt[t], total[t]
	for (j = 1; j <= nr; j++) printf "retval: %s: %d of %d programs\n", rn[j], ok_run[j], n
	printf "retval: %d known gaps, %d unlisted mismatches, %d stale listings, %d programs of other types not run\n", nknown, unlisted, stale + bad, not_run
	printf "retval: %d of %d programs return their __retval (interp, jit none/full/elide)\n", passed, n
	if (unlisted || stale || bad) { print "retval: FAILED"; exit 1 }
	print "retval: passed"
}' "$tmp/results.tsv"
