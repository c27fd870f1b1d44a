#!/bin/bash
# `bpfkasan analyze -o table|csv|json`, -e/-s/-f and -C, end to end.
# usage: report.sh BPFKASAN PROGS_DIR SCHEMA
# The formats are parsed here with Python (csv, json) and the JSON checked
# against the schema with python3-jsonschema (scripts/install-deps.sh).
set -uo pipefail
bk=$1 progs=$2 schema=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

# A python3 with jsonschema: pyenv's may lack Debian's module.
py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import jsonschema' 2>/dev/null; then py=$p; break; fi
done
if [ -z "$py" ]; then
	echo "FAIL no python3 with jsonschema: run scripts/install-deps.sh (python3-jsonschema)"
	exit 1
fi

# check NAME CMD...: passes when CMD exits 0; its output is shown if not.
check() {
	local name=$1
	shift
	if "$@" >"$tmp/check" 2>&1; then ok "$name"; else bad "$name"; sed 's/^/     /' "$tmp/check" | head -8; fi
}

# usage_error NAME PATTERN ARGS...: exit 2, and the first line of stderr matches.
usage_error() {
	local name=$1 pattern=$2
	shift 2
	"$bk" analyze "$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	if [ "$got" -ne 2 ]; then
		bad "$name: exit $got, expected 2"; head -3 "$tmp/err" | sed 's/^/     /'
	elif ! head -1 "$tmp/err" | grep -qE -- "$pattern"; then
		bad "$name: first line does not match '$pattern'"; head -3 "$tmp/err" | sed 's/^/     /'
	elif [ -s "$tmp/out" ]; then
		bad "$name: something on stdout"
	else
		ok "$name"
	fi
}

# The objects whose proofs run: small, Z3 takes about 2 s over them all.
objs=("$progs/accesses.bpf.o" "$progs/facts.bpf.o" "$progs/globals.bpf.o" "$progs/subprogs.bpf.o"
	"$progs/cve.bpf.o")

# How many programs: counted from the default listing, not from a report.
NPROGS=$("$bk" analyze --btf none --no-smt "${objs[@]}" | grep -c ': program ')
export NPROGS

"$bk" analyze --btf none -o json "${objs[@]}" >"$tmp/r.json" && ok "json written" || bad "json written"
"$bk" analyze --btf none -o csv "${objs[@]}" >"$tmp/r.csv" && ok "csv written" || bad "csv written"
"$bk" analyze --btf none -o table "${objs[@]}" >"$tmp/r.table" && ok "table written" || bad "table written"

check "json validates against the schema" "$py" - "$schema" "$tmp/r.json" <<'EOF'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
EOF

# The counts of each program: the JSON's from its accesses, then the same
# numbers in the CSV and in the table, and the table's totals line.
check "json counts are its accesses' verdicts" "$py" - "$tmp/r.json" <<'EOF'
import json, os, sys, collections
doc = json.load(open(sys.argv[1]))
assert len(doc["programs"]) == int(os.environ["NPROGS"]), len(doc["programs"])
for p in doc["programs"]:
    c = p["counts"]
    tally = collections.Counter(a["verdict"].replace("-", "_") for a in p["accesses"])
    assert c["accesses"] == len(p["accesses"]), p["program"]
    for v in ("elided", "checked", "stack_protected", "probe", "unreachable"):
        assert c[v] == tally[v], (p["program"], v, c[v], tally[v])
    assert p["z3"] is not None
    assert [a["insn"] for a in p["accesses"]] == sorted(a["insn"] for a in p["accesses"])
    for a in p["accesses"]:
        assert a["section_offset"] % 8 == 0 and a["disasm"] and a["reason"]
# facts.bpf.o's regions: every access elided, with its source line
r = next(p for p in doc["programs"] if p["program"] == "regions")
assert r["counts"]["elided"] == 6 and r["counts"]["rate"] == 100, r["counts"]
assert all(a["source"]["file"].endswith("facts.bpf.c") for a in r["accesses"])
# cve.bpf.o: the sound analysis rejects the exploit, naming the insn
c = next(p for p in doc["programs"] if p["program"] == "cve_2020_8835")
assert c["verdict"] == "rejected" and c["reject_insn"] is not None and c["reject_msg"]
EOF

check "csv and table agree with json" "$py" - "$tmp/r.json" "$tmp/r.csv" "$tmp/r.table" <<'EOF'
import csv, json, sys
doc = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2], newline="")))
names = ["file", "prog", "type", "verdict", "insns", "accesses", "elided", "checked",
         "stack_protected", "probe", "unreachable", "rate", "time_ms", "z3_queries", "z3_ms"]
assert list(rows[0].keys()) == names, list(rows[0].keys())
table = open(sys.argv[3]).read().splitlines()
for h in ("File", "Program", "Type", "Verdict", "Insns", "Accesses", "Elided", "Checked",
          "Stack-protected", "Probe", "Unreachable", "Elision rate", "Time (ms)", "Z3 queries",
          "Z3 time (ms)"):
    assert h in table[0], h
body = [l.split() for l in table[2:-2]]
assert len(rows) == len(doc["programs"]) == len(body), (len(rows), len(body))
keys = ("accesses", "elided", "checked", "stack_protected", "probe", "unreachable")
for p, r, t in zip(doc["programs"], rows, body):
    want = [p["file"], p["program"], p["type"], p["verdict"], str(p["insns"])] + \
           [str(p["counts"][k]) for k in keys]
    assert [r[n] for n in names[:11]] == want, (r, want)
    assert t[:11] == want, (t, want)
    rate = p["counts"]["rate"]
    assert r["rate"] == ("-" if rate is None else "%.1f" % rate), (r["rate"], rate)
    assert t[11] == ("-" if rate is None else "%.1f%%" % rate)
    # Z3's query count is the same in calm runs, but a query that times out
    # on a loaded machine changes it: only its form is checked here
    assert int(r["z3_queries"]) >= 0 and int(t[13]) >= 0
total = table[-1]
sums = {k: sum(p["counts"][k] for p in doc["programs"]) for k in keys}
insns = sum(p["insns"] for p in doc["programs"])
accepted = sum(p["verdict"] == "accepted" for p in doc["programs"])
rejected = sum(p["verdict"] == "rejected" for p in doc["programs"])
want = ("Total: %d programs (%d accepted, %d rejected, 0 unsupported), %d insns, %d accesses: "
        "%d elided, %d checked, %d stack-protected, %d probe, %d unreachable; elision rate " %
        (len(rows), accepted, rejected, insns, sums["accesses"], sums["elided"], sums["checked"],
         sums["stack_protected"], sums["probe"], sums["unreachable"]))
den = sums["accesses"] - sums["stack_protected"] - sums["probe"] - sums["unreachable"]
want += "%.1f%%;" % (100.0 * sums["elided"] / den)
assert total.startswith(want), (total, want)
EOF

# libxdp1 without Z3 (fast): every program, every region kind there is.
libxdp=/usr/lib/x86_64-linux-gnu/bpf
"$bk" analyze --no-smt -o json --attach-prog "$libxdp/xdpdump_xdp.o:xdpdump" "$libxdp"/*.o >"$tmp/x.json" 2>"$tmp/err"
check "libxdp --no-smt json validates" "$py" - "$schema" "$tmp/x.json" <<'EOF'
import json, sys, jsonschema
doc = json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(doc)
assert doc["options"]["smt"] is False
assert len(doc["programs"]) >= 10 and all(p["z3"] is None for p in doc["programs"])
assert all(a["verdict"] != "elided" for p in doc["programs"] for a in p["accesses"])
EOF

# -e, -s, -f (over the JSON's programs, without running Z3 again: --no-smt
# keeps the counts that do not depend on it).
"$bk" analyze --btf none --no-smt -o csv -e prog,insns "${objs[@]}" >"$tmp/e.csv"
check "-e picks the columns" grep -qx 'prog,insns' "$tmp/e.csv"
"$bk" analyze --btf none --no-smt -o csv -e prog,insns -s insns "${objs[@]}" >"$tmp/s.csv"
check "-s insns: descending" "$py" - "$tmp/s.csv" <<'EOF'
import csv, os, sys
n = [int(r["insns"]) for r in csv.DictReader(open(sys.argv[1]))]
assert len(n) == int(os.environ["NPROGS"]) and n == sorted(n, reverse=True), n
EOF
"$bk" analyze --btf none --no-smt -o csv -e prog -s prog:asc "${objs[@]}" >"$tmp/s.csv"
check "-s prog:asc" "$py" - "$tmp/s.csv" <<'EOF'
import csv, os, sys
n = [r["prog"] for r in csv.DictReader(open(sys.argv[1]))]
assert n == sorted(n) and len(n) == int(os.environ["NPROGS"]), n
EOF
"$bk" analyze --btf none --no-smt -o csv -e prog -f 'prog=*main' "${objs[@]}" >"$tmp/f.csv"
check "-f prog=GLOB" diff <(printf 'prog\ntc_main\nsock_main\n') "$tmp/f.csv"
"$bk" analyze --btf none --no-smt -o csv -e prog -f 'file=*facts*' -f 'insns>=10' "${objs[@]}" >"$tmp/f.csv"
check "-f file=GLOB and a stat, both hold" diff <(printf 'prog\nregions\npast_the_value\n') "$tmp/f.csv"
"$bk" analyze --btf none --no-smt -o csv -e prog,checked -f 'checked>2' -f 'verdict!=rejected' "${objs[@]}" >"$tmp/f.csv"
check "-f checked>2, verdict!=rejected" "$py" - "$tmp/f.csv" "$tmp/r.json" <<'EOF'
import csv, json, sys
got = [r["prog"] for r in csv.DictReader(open(sys.argv[1]))]
# --no-smt: every reached access not on the stack alone is checked
assert got and all(g != "cve_2020_8835" for g in got), got
EOF
"$bk" analyze --btf none -o table -f 'rate<50' -f 'elided<=3' "${objs[@]}" >"$tmp/f.table"
check "-f rate<50: rows without a rate are dropped" "$py" - "$tmp/f.table" "$tmp/r.json" <<'EOF'
import json, sys
rows = [l.split()[1] for l in open(sys.argv[1]).read().splitlines()[2:-2]]
doc = json.load(open(sys.argv[2]))
want = [p["program"] for p in doc["programs"]
        if p["counts"]["rate"] is not None and p["counts"]["rate"] < 50 and p["counts"]["elided"] <= 3]
assert rows == want and len(rows) < len(doc["programs"]), (rows, want)
EOF

usage_error "-e unknown column" "^bpfkasan analyze: -e: unknown column 'nosuch' in 'prog,nosuch'" \
	-o table -e prog,nosuch "$progs/facts.bpf.o"
usage_error "-s unknown column" "^bpfkasan analyze: -s: bad sort key 'speed'" -o csv -s speed "$progs/facts.bpf.o"
usage_error "-s bad direction" "^bpfkasan analyze: -s: bad sort key 'insns:up'" -o csv -s insns:up "$progs/facts.bpf.o"
usage_error "-f unknown column" "^bpfkasan analyze: -f: unknown column 'speed' in 'speed>3'" \
	-o csv -f 'speed>3' "$progs/facts.bpf.o"
usage_error "-f no operator" "^bpfkasan analyze: -f: no operator .* in 'checked'" -o csv -f checked "$progs/facts.bpf.o"
usage_error "-f text with <" "^bpfkasan analyze: -f: 'prog' is text" -o csv -f 'prog<3' "$progs/facts.bpf.o"
usage_error "-f not a number" "^bpfkasan analyze: -f: 'checked' wants a number, got 'many'" \
	-o csv -f 'checked>many' "$progs/facts.bpf.o"
usage_error "-o unknown" "^bpfkasan analyze: -o wants listing, table, csv or json, got 'xml'" -o xml "$progs/facts.bpf.o"
usage_error "-o with --verdicts" "^bpfkasan analyze: --verdicts, --log and -v" -o csv --verdicts "$progs/facts.bpf.o"
usage_error "-f with the listing" "^bpfkasan analyze: -e, -s and -f go with -o" -f 'checked>0' "$progs/facts.bpf.o"
usage_error "-C with one file" "^bpfkasan analyze: -C wants two reports" -C "$tmp/r.csv"
usage_error "-C json output" "^bpfkasan analyze: -C writes a table or CSV" -C -o json "$tmp/r.csv" "$tmp/r.csv"
usage_error "-C of an object" "^bpfkasan: .*facts.bpf.o: not a bpfkasan CSV report" -C "$progs/facts.bpf.o" "$tmp/r.csv"
usage_error "-C of a missing file" "^bpfkasan: $tmp/nope.json: No such file or directory" -C "$tmp/nope.json" "$tmp/r.csv"
printf '{"schema": "other/2", "programs": []}' >"$tmp/other.json"
usage_error "-C of another schema" "^bpfkasan: .*other.json: not a bpfkasan-analyze/1 report" -C "$tmp/other.json" "$tmp/r.csv"
printf 'file,prog\n"a,b\n' >"$tmp/badq.csv"
usage_error "-C of bad CSV quoting" "^bpfkasan: .*badq.csv: record 2: bad quoting" -C "$tmp/badq.csv" "$tmp/r.csv"

# Compare mode.  Two runs of the same objects (JSON and CSV): every count's
# DIFF is 0 (or "-" where there is no value), every verdict MATCH; a report
# with itself: the Z3 times too.
"$bk" analyze -C -o csv "$tmp/r.json" "$tmp/r.csv" >"$tmp/same.csv"
"$bk" analyze -C -o csv -e elided,checked,stack_protected,probe,unreachable,rate,z3_queries,z3_ms \
	"$tmp/r.json" "$tmp/r.json" >"$tmp/self.csv"
check "compare two runs, and a run with itself: all-zero diffs" "$py" - "$tmp/same.csv" "$tmp/self.csv" <<'EOF'
import csv, os, sys
for f, skip in ((sys.argv[1], ("verdict_diff", "z3_ms_diff")), (sys.argv[2], ("verdict_diff",))):
    rows = list(csv.DictReader(open(f)))
    assert len(rows) == int(os.environ["NPROGS"]) + 1 and rows[-1]["file"] == "total", len(rows)
    for r in rows:
        for k, v in r.items():
            if k.endswith("_diff") and k not in skip:
                assert v == "-" or float(v) == 0, (f, r["prog"], k, v)
        assert r["verdict_diff"] in ("MATCH", "-"), r
rows = list(csv.DictReader(open(sys.argv[2])))
assert int(rows[-1]["z3_queries_a"]) > 0 and float(rows[-1]["z3_ms_a"]) > 0, rows[-1]
EOF
"$bk" analyze -C "$tmp/r.json" "$tmp/r.json" >"$tmp/self.table"
check "compare table of a run with itself" "$py" - "$tmp/self.table" <<'EOF'
import os, sys
lines = open(sys.argv[1]).read().splitlines()
for h in ("Verdict (A)", "Verdict (B)", "Verdict (DIFF)", "Elided (A)", "Elided (B)", "Elided (DIFF)",
          "Checked (DIFF)", "Stack-protected (DIFF)", "Elision rate (DIFF)", "Z3 time (ms) (DIFF)"):
    assert h in lines[0], h
assert set(lines[1]) == {"-", " "} and set(lines[-2]) == {"-", " "}
assert lines[-1].startswith("total") and len(lines) == int(os.environ["NPROGS"]) + 4, len(lines)
assert all("MATCH" in l for l in lines[2:-2])
assert all(" +0.0 (+0.0%)" in l or " +0.0 " in l for l in lines[2:-2])
EOF

# A with the default Z3 timeout, B with 1 ms: queries that time out prove
# nothing, so B elides less: no program gains, accesses.bpf.o loses all 9
# (its slowest query takes tens of ms).
cmp_objs=("$progs/accesses.bpf.o" "$progs/facts.bpf.o")
"$bk" analyze --btf none -o json "${cmp_objs[@]}" >"$tmp/a.json"
"$bk" analyze --btf none -o csv --z3-timeout 1 "${cmp_objs[@]}" >"$tmp/b.csv"
"$bk" analyze -C -o csv "$tmp/a.json" "$tmp/b.csv" >"$tmp/ab.csv"
check "compare: a 1 ms Z3 timeout elides less" "$py" - "$tmp/ab.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
progs, total = rows[:-1], rows[-1]
assert [r["prog"] for r in progs] == ["all_accesses", "regions", "dead_access", "past_the_value"]
assert all(int(r["elided_diff"]) <= 0 for r in progs), [r["elided_diff"] for r in progs]
acc = progs[0]
assert acc["elided_a"] == "9" and int(acc["elided_diff"]) < 0, acc
assert int(acc["checked_diff"]) == -int(acc["elided_diff"]), acc
assert total["file"] == "total" and int(total["elided_diff"]) < 0, total
assert all(r["verdict_diff"] == "MATCH" for r in progs)
EOF
"$bk" analyze -C "$tmp/a.json" "$tmp/b.csv" >"$tmp/ab.table"
check "compare table: the loss in elided" grep -qE '^.*accesses\.bpf\.o +all_accesses +accepted +accepted +MATCH +9 +[0-8] +-[1-9] \(-[0-9.]+%\)' "$tmp/ab.table"

# Programs on one side only, and CSV quoting that survives a round trip.
cp "$progs/facts.bpf.o" "$tmp/a,b\"c.bpf.o"
"$bk" analyze --btf none --no-smt -o csv "$tmp/a,b\"c.bpf.o" "$progs/globals.bpf.o" >"$tmp/q.csv"
"$bk" analyze --btf none --no-smt -o csv "$tmp/a,b\"c.bpf.o" >"$tmp/q1.csv"
check "csv quotes a comma and a quote" grep -qF "\"$tmp/a,b\"\"c.bpf.o\",regions," "$tmp/q.csv"
"$bk" analyze -C -o csv "$tmp/q.csv" "$tmp/q1.csv" >"$tmp/q.cmp"
check "compare: quoted names match, a program only in A" "$py" - "$tmp/q.cmp" "$tmp/a,b\"c.bpf.o" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert [r["verdict_diff"] for r in rows] == ["MATCH", "MATCH", "MATCH", "only in A", "-"], rows
assert rows[0]["file"] == sys.argv[2]
assert rows[3]["prog"] == "kp" and rows[3]["elided_b"] == "-" and rows[3]["elided_diff"] == "-"
# --no-smt: no Z3 time on either side
assert rows[0]["z3_ms_a"] == "-" and rows[-1]["z3_ms_diff"] == "-"
EOF

echo "report: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
