# Shared by the scripts that run the kernel's verifier selftests objects
# (selftests.sh, retval.sh); sourced, not run.
#
# vt_setup NAME BUILDDIR [OBJ...]: sets root, build, expect_tool, bpfkasan,
# outdir (created), corpus and objs (the OBJs given, or the corpus's
# verifier_*.bpf.o listed 'ok' in BUILDDIR/corpus/manifest.txt, which
# tests/corpus/build-selftests.sh builds); exits 2 with a message naming
# NAME when something is missing.
vt_setup() {
	local name=$1
	shift
	root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	[ $# -ge 1 ] || { echo "usage: $0 BUILDDIR [OBJ...]" >&2; exit 2; }
	build=$(cd "$1" && pwd) || exit 2
	shift
	expect_tool=$build/tests/verifier/selftest_expect
	bpfkasan=$build/cli/bpfkasan
	outdir=$build/tests/verifier
	mkdir -p "$outdir"
	local t
	for t in "$expect_tool" "$bpfkasan"; do
		[ -x "$t" ] || { echo "$name: $t not built" >&2; exit 2; }
	done
	corpus=$build/corpus
	if [ $# -gt 0 ]; then
		objs=("$@")
	else
		[ -f "$corpus/manifest.txt" ] ||
			{ echo "$name: no $corpus/manifest.txt: run tests/corpus/build-selftests.sh $corpus" >&2; exit 2; }
		mapfile -t objs < <(sed -n 's|^ok \(obj/verifier_.*\.bpf\.o\)$|\1|p' "$corpus/manifest.txt" |
			sed "s|^|$corpus/|")
	fi
	[ ${#objs[@]} -gt 0 ] || { echo "$name: no objects" >&2; exit 2; }
}
