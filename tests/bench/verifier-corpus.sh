#!/bin/bash
# How long bpfkasan's verifier takes over the kernel's verifier selftests
# (BUILDDIR/corpus/obj/verifier_*.bpf.o, see tests/corpus/build-selftests.sh),
# in one process pinned to CPU 0. Target: the whole corpus in under 20 s on
# one core. The baseline, measured in the same run, is the same analyze
# with --prog naming no program: every object is opened and linked, nothing
# is verified, so the difference is the verifier's own time.
# A run longer than TIMEOUT seconds is stopped; then every object is timed
# alone (at most TARGET_SECONDS each) to name the slow ones, and the exit
# status is 1.
# usage: verifier-corpus.sh BUILDDIR
set -euo pipefail
TARGET_SECONDS=20
TIMEOUT=${VX_BENCH_TIMEOUT:-120}
[ $# -eq 1 ] || { echo "usage: $0 BUILDDIR" >&2; exit 2; }
build=$(cd "$1" && pwd)
bpfkasan=$build/cli/bpfkasan
corpus=$build/corpus
[ -f "$corpus/manifest.txt" ] ||
	{ echo "no $corpus/manifest.txt: run tests/corpus/build-selftests.sh $corpus" >&2; exit 2; }
mapfile -t objs < <(sed -n 's|^ok \(obj/verifier_.*\.bpf\.o\)$|\1|p' "$corpus/manifest.txt" |
	sed "s|^|$corpus/|")
[ ${#objs[@]} -gt 0 ] || { echo "no verifier_*.bpf.o in $corpus/manifest.txt" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Only objects bpfkasan can open (tests/integration/corpus-known-gaps.txt
# lists the others).
all=("${objs[@]}")
objs=()
for o in "${all[@]}"; do
	if "$bpfkasan" analyze --btf none --prog=__bench_no_such_program__ "$o" >/dev/null 2>&1; then
		objs+=("$o")
	else
		echo "verifier corpus: skipping $(basename "$o"): analyze cannot open it"
	fi
done

run() { # run LIMIT OUT ARGS...: time one pinned analyze; sets wall, user, rc
	local limit=$1 out=$2 t
	shift 2
	TIMEFORMAT='%R %U'
	t=$( { time timeout -k 5 "$limit" taskset -c 0 "$bpfkasan" analyze --btf none "$@" \
		>"$out" 2>"$tmp/err" && echo "rc 0" >"$tmp/rc" || echo "rc $?" >"$tmp/rc"; } 2>&1 )
	read -r wall user <<<"$t"
	read -r _ rc <"$tmp/rc"
}

baseline=(--verdicts --prog=__bench_no_such_program__)
run "$TIMEOUT" /dev/null "${baseline[@]}" "${objs[@]}" # warm the page cache
run "$TIMEOUT" /dev/null "${baseline[@]}" "${objs[@]}"
base_wall=$wall base_user=$user
run "$TIMEOUT" "$tmp/verdicts.tsv" --verdicts "${objs[@]}"
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	echo "verifier corpus: TIMED OUT after ${TIMEOUT}s (target ${TARGET_SECONDS}s); objects alone:"
	for o in "${objs[@]}"; do
		run "$TARGET_SECONDS" /dev/null --verdicts "$o"
		case $rc in
		124|137) printf '999999\t  %s: over %ss\n' "$(basename "$o")" "$TARGET_SECONDS" ;;
		*) printf '%s\t  %s: %ss\n' "$wall" "$(basename "$o")" "$wall" ;;
		esac
	done | sort -rn | head -15 | cut -f2
	exit 1
fi
[ "$rc" = 0 ] || echo "verifier corpus: analyze exited with status $rc: $(head -1 "$tmp/err")"

awk -F'\t' -v bw="$base_wall" -v bu="$base_user" -v w="$wall" -v u="$user" \
	-v nobj="${#objs[@]}" -v target="$TARGET_SECONDS" '
{ progs++; v[$3]++; if ($5 ~ /^[0-9]+$/) insns += $5; if ($6 ~ /^[0-9]+$/) states += $6 }
END {
	printf "verifier corpus: %d objects, %d programs analysed (%d accepted, %d rejected, %d unsupported)\n", \
		nobj, progs, v["accepted"], v["rejected"], v["unsupported"]
	printf "verifier corpus: %d insns processed, %d states\n", insns, states
	printf "verifier corpus: with --verdicts: wall %.2fs, user %.2fs\n", w, u
	printf "verifier corpus: baseline (open and link, no verification): wall %.2fs, user %.2fs\n", bw, bu
	printf "verifier corpus: verification alone: %.2fs user, %.1fx the baseline", u - bu, (bu > 0 ? u / bu : 0)
	if (u - bu > 0) printf ", %.0f insns/s", insns / (u - bu)
	printf "\n"
	printf "verifier corpus: %.1fs on one core (target %ds)\n", w, target
}' "$tmp/verdicts.tsv"
