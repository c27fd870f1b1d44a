#!/bin/bash
# The kernel 6.12 selftests corpus: build it, then check that
#  - `bpfkasan analyze` lists every compiled object without an error,
#  - bpfkasan links every program exactly as libbpf does (libbpf_oracle),
#  - the disassembler matches the kernel's printer on all of it,
#  - the reports (table, CSV, JSON) cover every verifier_*.c program, and
#    the JSON, with Z3's verdicts, validates against cli/analyze-schema.json.
# usage: corpus.sh BUILDDIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$1" && pwd)
out=$build/corpus
"$root/tests/corpus/build-selftests.sh" "$out"
mapfile -t objs < <(sed -n 's/^ok //p' "$out/manifest.txt" | sed "s|^|$out/|")
verifier=()
for o in "${objs[@]}"; do
	case $(basename "$o") in verifier_*) verifier+=("$o") ;; esac
done
echo "corpus: ${#objs[@]} objects, ${#verifier[@]} verifier_*.c"
[ "${#verifier[@]}" -ge 79 ] || { echo "corpus: too few verifier objects compiled"; exit 1; }

gaps=$root/tests/integration/corpus-known-gaps.txt
is_gap() { grep -q "^$(basename "$1") " "$gaps"; }

bad=0 listed=0
for o in "${objs[@]}"; do
	if "$build/cli/bpfkasan" analyze --btf none --no-smt "$o" >/dev/null 2>"$out/analyze.err"; then
		listed=$((listed + 1))
		is_gap "$o" && { echo "FAIL $o is listed as a known gap but now works: update $gaps"; bad=$((bad + 1)); }
	elif is_gap "$o"; then
		echo "gap  $(basename "$o"): $(grep "^$(basename "$o") " "$gaps" | sed 's/^[^ ]* *//')"
	else
		echo "FAIL analyze $o: $(cat "$out/analyze.err")"
		bad=$((bad + 1))
	fi
done
echo "corpus: bpfkasan analyze: $listed of ${#objs[@]} objects listed"

# Programs must be linked exactly as libbpf links them (known gaps excepted).
compare=()
for o in "${verifier[@]}"; do is_gap "$o" || compare+=("$o"); done
if ! "$build/tests/oracle/libbpf_oracle" "${compare[@]}" >"$out/oracle.txt"; then
	grep -E '^FAIL' "$out/oracle.txt" | head -20
	bad=$((bad + 1))
fi
echo "corpus: libbpf linking oracle: $(grep -c '^gap' "$out/oracle.txt") programs libbpf 1.1 cannot load here, $(tail -1 "$out/oracle.txt")"

BPFKASAN_DISASM_OBJS="${verifier[*]}" CC=cc "$root/tests/disasm/kernel-disasm-oracle.sh" \
	--ours "$build/tests/disasm/ourdisasm_driver" \
	--known "$root/tests/disasm/known-differences.txt" >"$out/disasm.txt" 2>&1 || bad=$((bad + 1))
tail -3 "$out/disasm.txt" | sed 's/^/corpus: kernel printer: /'

# The reports over the verifier_*.c objects libbpf 1.1 can open.
report_check() {
	local bk=$build/cli/bpfkasan
	"$bk" analyze --btf none -o json "${compare[@]}" >"$out/report.json" &&
	"$bk" analyze --btf none --no-smt -o csv "${compare[@]}" >"$out/report.csv" &&
	"$bk" analyze --btf none --no-smt -o table "${compare[@]}" >"$out/report.table" &&
	python3 - "$root/cli/analyze-schema.json" "$out/report.json" "$out/report.csv" \
		"$out/report.table" <<'EOF'
import csv, json, sys, jsonschema
schema, doc = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator(schema).validate(doc)
rows = list(csv.DictReader(open(sys.argv[3], newline="")))
progs = [(p["file"], p["program"]) for p in doc["programs"]]
assert [(r["file"], r["prog"]) for r in rows] == progs, "CSV and JSON list other programs"
table = open(sys.argv[4]).read()
assert all(p in table for _, p in progs), "a program is missing from the table"
acc = sum(p["counts"]["accesses"] for p in doc["programs"])
el = sum(p["counts"]["elided"] for p in doc["programs"])
print(f"corpus: reports: {len(progs)} programs in table, CSV and JSON; "
      f"JSON valid, {acc} accesses, {el} elided")
EOF
}
report_check || { echo "FAIL reports over the verifier_*.c objects (see $out/report.*)"; bad=$((bad + 1)); }
[ "$bad" -eq 0 ]
