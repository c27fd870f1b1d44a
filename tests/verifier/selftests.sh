#!/bin/bash
# The kernel's own verifier selftests (tools/testing/selftests/bpf/progs/
# verifier_*.c of Linux 6.12) as a yardstick for bpfkasan's verifier:
# for every program test_loader runs in privileged mode, the verdict of
# `bpfkasan analyze --verdicts` must be the annotated one (__success ->
# accepted, __failure -> rejected; see selftest_expect.c for the rules).
#
# usage: selftests.sh BUILDDIR [OBJ...]
#   default OBJs: BUILDDIR/corpus/obj/verifier_*.bpf.o listed 'ok' in
#   BUILDDIR/corpus/manifest.txt (tests/corpus/build-selftests.sh builds them)
#
# Disagreements listed in known-disagreements.txt are reported as 'known'.
# The gate (exit status) fails on an unlisted disagreement, a stale listing,
# agreement below MIN_AGREEMENT, or any disagreement (listed or not) in the
# PERFECT_FILES. VX_GATE=0 reports without failing.
# Per-program results go to BUILDDIR/tests/verifier/selftests.tsv.
set -uo pipefail

# ---- the gate; stage it here -------------------------------------------
GATE=${VX_GATE:-1}                        # 0: report only, always exit 0
MIN_AGREEMENT=${VX_MIN_AGREEMENT:-85.0}   # percent of annotated programs
FAIL_ON_UNLISTED=1                        # unlisted disagreement fails
FAIL_ON_STALE=1                           # listed program that agrees fails
FAIL_ON_PERFECT=1                         # any disagreement in PERFECT_FILES
TIMEOUT_ALL=${VX_TIMEOUT_ALL:-120}        # seconds for one analyze run over all objects
TIMEOUT_OBJ=${VX_TIMEOUT_OBJ:-20}         # seconds per object when that run fails
# Kernel types for CO-RE, BTF-typed pointers and tracing/LSM targets. The
# gate uses none: the verdicts then depend on nothing but the objects.
BTF=${VX_BTF:-none}
PERFECT_FILES=(verifier_array_access verifier_direct_packet_access
	verifier_xdp_direct_packet_access verifier_stack_ptr verifier_bounds
	verifier_bounds_deduction verifier_value_ptr_arith
	verifier_helper_value_access verifier_spill_fill verifier_subreg
	verifier_var_off verifier_meta_access verifier_ldsx verifier_movsx
	verifier_sdiv)
# Program flags (__flag) that change the verdict, and the analyze option
# that applies them. test_loader ORs __flag values into the load's
# prog_flags; on x86_64 BPF_F_ANY_ALIGNMENT is the default anyway, and
# BPF_F_TEST_STATE_FREQ / BPF_F_TEST_RND_HI32 do not change verdicts.
declare -A FLAG_OPTS=([BPF_F_STRICT_ALIGNMENT]=--strict-alignment)
# -------------------------------------------------------------------------

. "$(dirname "$0")/lib.sh"
vt_setup selftests "$@"
known=${VX_KNOWN:-$root/tests/verifier/known-disagreements.txt}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Expectations: OBJ PROG success|failure FLAGS FIRST_MSG
"$expect_tool" "${objs[@]}" >"$tmp/expect.tsv" ||
	{ echo "selftests: selftest_expect failed" >&2; exit 2; }

# Verdicts: OBJ_PATH PROG accepted|rejected|unsupported ERR_INSN INSNS STATES MESSAGE
# One run over everything; if it fails or times out, one run per object to
# find out which objects cannot be analysed (or hang). The verdicts such a
# run did print still count; its expected programs without one disagree.
: >"$tmp/failed.tsv"
complete_lines() { # complete_lines FILE: drop a last line cut short by a kill
	[ -s "$1" ] && [ -n "$(tail -c 1 "$1")" ] && sed -i '$d' "$1"
	return 0
}
analyze() { # analyze OUT FLAG [OPTS...] -- OBJ...
	local out=$1 flag=$2
	shift 2
	local opts=()
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	local rc=0
	timeout -k 5 "$TIMEOUT_ALL" "$bpfkasan" analyze --btf "$BTF" --verdicts "${opts[@]}" "$@" \
		>"$out" 2>"$tmp/err" || rc=$?
	[ "$rc" -eq 0 ] && return
	case $rc in 124|137) echo "selftests: analyze over $# objects timed out after ${TIMEOUT_ALL}s; one object at a time" ;; esac
	: >"$out"
	local o
	for o in "$@"; do
		rc=0
		timeout -k 5 "$TIMEOUT_OBJ" "$bpfkasan" analyze --btf "$BTF" --verdicts "${opts[@]}" "$o" \
			>"$tmp/one" 2>"$tmp/err" || rc=$?
		[ "$rc" -eq 0 ] || complete_lines "$tmp/one"
		cat "$tmp/one" >>"$out"
		[ "$rc" -eq 0 ] && continue
		case $rc in 124|137) echo "timed out after ${TIMEOUT_OBJ}s" >"$tmp/err" ;; esac
		printf '%s\t%s\t%s\n' "$(basename "$o")" \
			"$(grep -m1 . "$tmp/err" || echo "exit status $rc")" "$flag" >>"$tmp/failed.tsv"
	done
}
analyze "$tmp/verdicts.tsv" "" -- "${objs[@]}"

# Programs whose flags need an analyze option: rerun their objects with it;
# those verdicts replace the plain ones (marked by the flag name in column 8).
# (One option per rerun: no program of the corpus has two such flags.)
for flag in "${!FLAG_OPTS[@]}"; do
	mapfile -t fobjs < <(awk -F'\t' -v f="$flag" '
		{ n = split($4, a, ","); for (i = 1; i <= n; i++) if (a[i] == f) print $1 }' \
		"$tmp/expect.tsv" | sort -u)
	[ ${#fobjs[@]} -gt 0 ] || continue
	paths=()
	for b in "${fobjs[@]}"; do
		for o in "${objs[@]}"; do [ "$(basename "$o")" = "$b" ] && paths+=("$o"); done
	done
	analyze "$tmp/flag.tsv" "$flag" "${FLAG_OPTS[$flag]}" -- "${paths[@]}"
	sed "s/\$/\t$flag/" "$tmp/flag.tsv" >>"$tmp/verdicts.tsv"
done

perfect_list=" ${PERFECT_FILES[*]} "
compiled=""
if [ -f "$corpus/manifest.txt" ]; then
	compiled=" $(sed -n 's|^ok obj/\(verifier_.*\)\.bpf\.o$|\1|p' "$corpus/manifest.txt" | tr '\n' ' ') "
fi
ran=" $(for o in "${objs[@]}"; do basename "$o" .bpf.o; done | tr '\n' ' ') "
if [ ! -f "$known" ]; then
	: >"$tmp/no-known"
	known=$tmp/no-known
fi

awk -F'\t' -v OFS='\t' \
	-v gate="$GATE" -v min_agree="$MIN_AGREEMENT" \
	-v fail_unlisted="$FAIL_ON_UNLISTED" -v fail_stale="$FAIL_ON_STALE" \
	-v fail_perfect="$FAIL_ON_PERFECT" -v perfect_list="$perfect_list" \
	-v compiled="$compiled" -v ran="$ran" -v known_file="$known" \
	-v opt_flags="${!FLAG_OPTS[*]}" \
	-v table="$outdir/selftests.tsv" '
BEGIN { print "obj", "prog", "expected", "flags", "verdict", "err_insn", "insns", "states", "result" > table }
function base(p) { sub(/.*\//, "", p); return p }
function stem(b) { sub(/\.bpf\.o$/, "", b); return b }
function has_flag(flags, f,   n, a, i) {
	n = split(flags, a, ",")
	for (i = 1; i <= n; i++) if (a[i] == f) return 1
	return 0
}
FILENAME == ARGV[1] {          # expectations
	k = $1 "\t" $2
	order[++n_exp] = k
	exp_v[k] = $3; exp_flags[k] = $4; exp_msg[k] = $5; obj_of[k] = $1
	in_run[$1] = 1
	nfo = split(opt_flags, fo, " ")
	for (j = 1; j <= nfo; j++) if (has_flag($4, fo[j])) needs_flag[k] = 1
	next
}
FILENAME == ARGV[2] {          # verdicts; column 8 = flag of a rerun
	k = base($1) "\t" $2
	if (!(k in exp_v)) next
	# programs with a flag of FLAG_OPTS take their verdict from its rerun only
	if ($8 != "" ? !has_flag(exp_flags[k], $8) : (k in needs_flag)) next
	got[k] = $3; insn[k] = $4; insns[k] = $5; states[k] = $6; msg[k] = $7
	next
}
FILENAME == ARGV[3] {          # objects analyze failed on (column 3: flag of a rerun)
	failed_obj[$1 "\t" $3] = $2
	next
}
END {
	# known disagreements: OBJ PROG reason...
	while ((getline line < known_file) > 0) {
		if (line ~ /^[ \t]*(#|$)/) continue
		nf = split(line, w, /[ \t]+/)
		if (nf < 2) { printf "BADLINE %s: %s\n", known_file, line; bad_known++; continue }
		kk = w[1] "\t" w[2]
		reason = line
		sub(/^[ \t]*[^ \t]+[ \t]+[^ \t]+[ \t]*/, "", reason)
		known[kk] = reason == "" ? "(no reason given)" : reason
		known_order[++n_known] = kk
	}
	for (i = 1; i <= n_exp; i++) {
		k = order[i]; o = obj_of[k]; s = stem(o)
		split(k, kp, "\t"); prog = kp[2]
		total[s]++
		fail_why = ""
		if ((o "\t") in failed_obj) fail_why = failed_obj[o "\t"]
		nfl = split(exp_flags[k], fl, ",")
		for (j = 1; j <= nfl; j++)
			if ((o "\t" fl[j]) in failed_obj)
				fail_why = failed_obj[o "\t" fl[j]] " (with " fl[j] ")"
		if (!(k in got) && fail_why != "") {
			verdict = "analyze failed"; detail = "analyze failed: " fail_why
		} else if (!(k in got)) {
			verdict = "missing"; detail = "no verdict from analyze"
		} else {
			verdict = got[k]
			if (verdict == "accepted") detail = "accepted"
			else detail = verdict " at insn " insn[k] ": " msg[k]
		}
		agree = (exp_v[k] == "success" && verdict == "accepted") ||
			(exp_v[k] == "failure" && verdict == "rejected")
		want = exp_v[k]
		if (want == "failure" && exp_msg[k] != "-") want = want " (msg \"" exp_msg[k] "\")"
		if (agree) {
			passed++; ok[s]++
			if (k in known) {
				printf "STALE %s %s: listed as a known disagreement but agrees now: remove it\n", o, prog
				stale++
			}
			# informational: a plain first __msg found in the rejection message
			if (exp_v[k] == "failure" && exp_msg[k] != "-" && exp_msg[k] !~ /\{\{/) {
				msg_checked++
				if (index(msg[k], exp_msg[k])) msg_matched++
			}
		} else {
			failed++
			line = sprintf("%s %s: expected %s, got %s", o, prog, want, detail)
			if (k in known) { printf "known    %s  [%s]\n", line, known[k]; n_known_hit++ }
			else { printf "DISAGREE %s\n", line; unlisted++ }
			if (index(perfect_list, " " s " ")) perfect_bad++
		}
		print o, prog, exp_v[k], exp_flags[k], verdict, (k in insn ? insn[k] : ""), \
			(k in insns ? insns[k] : ""), (k in states ? states[k] : ""), \
			(agree ? "agree" : "DISAGREE") > table
		if (k in insns && insns[k] ~ /^[0-9]+$/) { sum_insns += insns[k]; sum_states += states[k] }
	}
	for (i = 1; i <= n_known; i++) {
		kk = known_order[i]; split(kk, kp, "\t")
		if (kp[1] in in_run && !(kk in exp_v)) {
			printf "STALE %s %s: listed as a known disagreement but is not a privileged test: remove it\n", kp[1], kp[2]
			stale++
		}
	}
	np = split(perfect_list, pf, " ")
	for (i = 1; i <= np; i++) {
		s = pf[i]
		if (s in total) printf "perfect-file %s: %d/%d\n", s, ok[s], total[s]
		else if (compiled != "" && !index(compiled, " " s " ")) printf "perfect-file %s: not compiled\n", s
		else if (!index(ran, " " s " ")) printf "perfect-file %s: not in this run\n", s
		else printf "perfect-file %s: no privileged tests\n", s
	}
	if (msg_checked)
		printf "verifier selftests: first __msg found in the rejection message of %d of %d rejected programs with a plain __msg (informational)\n", msg_matched, msg_checked
	printf "verifier selftests: %d insns processed, %d states, over all verdicts\n", sum_insns, sum_states
	printf "verifier selftests: %d passed, %d failed\n", passed, failed
	printf "verifier selftests: %d known disagreements, %d unlisted, %d stale listings\n", n_known_hit, unlisted, stale
	pct = n_exp ? 100 * passed / n_exp : 0
	printf "verifier selftests: agreement %.1f%% (%d of %d annotated programs)\n", pct, passed, n_exp
	why = ""
	if (fail_unlisted && unlisted) why = why sprintf(" %d unlisted disagreements;", unlisted)
	if (fail_stale && (stale || bad_known)) why = why sprintf(" %d stale/bad known-disagreements lines;", stale + bad_known)
	if (sprintf("%.1f", pct) + 0 < min_agree + 0) why = why sprintf(" agreement %.1f%% < %s%%;", pct, min_agree)
	if (fail_perfect && perfect_bad) why = why sprintf(" %d disagreements in must-be-perfect files;", perfect_bad)
	if (why == "") { print "verifier selftests: gate passed"; exit 0 }
	if (gate + 0 == 0) { print "verifier selftests: gate off (VX_GATE=0), would fail:" why; exit 0 }
	print "verifier selftests: gate FAILED:" why
	exit 1
}' "$tmp/expect.tsv" "$tmp/verdicts.tsv" "$tmp/failed.tsv"
