#!/bin/bash
# `bpfkasan analyze` as people read it: -v and --color, corpus mode (many
# objects, @LIST, -j, the totals line, the progress line), and the one-line
# errors of bad input.
# usage: analyze.sh BPFKASAN PROGS_DIR
set -uo pipefail
bk=$1 progs=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

# check NAME CMD...: passes when CMD exits 0; its output is shown if not.
check() {
	local name=$1
	shift
	if "$@" >"$tmp/check" 2>&1; then ok "$name"; else bad "$name"; sed 's/^/     /' "$tmp/check" | head -8; fi
}

# error NAME STATUS PATTERN ARGS...: `bpfkasan analyze ARGS` exits STATUS,
# its stderr's first line matches PATTERN, and (a file's error, not a usage
# error) stderr is that one line.
error() {
	local name=$1 status=$2 pattern=$3
	shift 3
	"$bk" analyze "$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	if [ "$got" -ne "$status" ]; then
		bad "$name: exit $got, expected $status"; head -3 "$tmp/err" | sed 's/^/     /'
	elif ! head -1 "$tmp/err" | grep -qE -- "$pattern"; then
		bad "$name: first line does not match '$pattern'"; head -3 "$tmp/err" | sed 's/^/     /'
	elif ! head -1 "$tmp/err" | grep -q '^bpfkasan analyze: ' && [ "$(wc -l <"$tmp/err")" -ne 1 ]; then
		bad "$name: $(wc -l <"$tmp/err") lines on stderr"; sed 's/^/     /' "$tmp/err" | head -5
	else
		ok "$name"
	fi
}

# pty CMD: runs CMD (a shell command) with stdin, stdout and stderr on a
# pseudo-terminal, for what bpfkasan does only on a terminal.
pty() { script -qec "$1" /dev/null; }

facts=$progs/facts.bpf.o
libxdp=/usr/lib/x86_64-linux-gnu/bpf

# -v: every instruction under its source lines, each access with its verdict.
"$bk" analyze --btf none -v --prog regions "$facts" >"$tmp/v" 2>&1
check "-v lists every instruction" python3 - "$tmp/v" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
insns = [int(m.group(1)) for l in lines if (m := re.match(r"^[ *] *(\d+): \(", l))]
# 23 insns, one ld_imm64 (two slots): 22 listed, in order
assert insns == sorted(insns) and insns[0] == 0 and insns[-1] == 22 and len(insns) == 22, insns
assert sum(l.startswith("; ") and " @ facts.bpf.c:" in l for l in lines) >= 4
verdicts = ("elided", "checked", "stack-protected", "probe", "unreachable")
for i, l in enumerate(lines):
    if l.startswith("*"):
        v = lines[i + 1].strip().split(":")[0]
        assert v in verdicts, (l, lines[i + 1])
    elif re.match(r"^ +\d+: ", l) and i + 1 < len(lines):
        assert not lines[i + 1].strip().startswith(verdicts), (l, lines[i + 1])
assert sum(l.startswith("*") for l in lines) == 6
PY
"$bk" analyze --btf none --listing --prog regions "$facts" >"$tmp/l" 2>&1
# (Z3's times aside)
check "--listing is -v" diff <(grep -v '^  accesses:' "$tmp/v") <(grep -v '^  accesses:' "$tmp/l")
"$bk" analyze --btf none --prog regions "$facts" >"$tmp/d" 2>&1
check "the default lists the accesses only, with the same verdict lines" python3 - "$tmp/d" "$tmp/v" <<'PY'
import sys
d = open(sys.argv[1]).read().splitlines()
v = open(sys.argv[2]).read().splitlines()
assert [l for l in d if l.startswith("*")] == [l for l in v if l.startswith("*")]
assert all(l in v for l in d if not l.startswith("  accesses:"))
PY

# Counterexamples: a libxdp program whose packet parsing Z3 cannot bound in
# 50 ms queries.  Each counterexample line restates the reason's numbers.
"$bk" analyze --z3-timeout 50 "$libxdp/xdpfilt_dny_ip.o" >"$tmp/cex" 2>&1
check "counterexamples agree with their reason" python3 - "$tmp/cex" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
n = 0
for i, l in enumerate(lines):
    if "counterexample:" not in l:
        continue
    n += 1
    r = re.search(r"checked: not proved: R\d+[+-]\d+ can be offset (-?\d+) of a (\d+)-byte object \(size (\d+)\)",
                  lines[i - 1])
    c = re.search(r"counterexample: bytes \[(-?\d+), (-?\d+)\) of a (\d+)-byte object: (.*)$", l)
    assert r and c, (lines[i - 1], l)
    off, obj, size = int(r.group(1)), int(r.group(2)), int(r.group(3))
    assert (int(c.group(1)), int(c.group(2)), int(c.group(3))) == (off, off + size, obj), l
    where = c.group(4)
    if off >= obj:
        assert where == "%d bytes to the right of it" % (off - obj), l
    elif off < 0:
        assert where == "%d bytes to the left of it" % -off, l
    else:
        assert where == "its last %d bytes past the end" % (off + size - obj), l
assert n >= 3, n
PY

# Colours: on a terminal or when asked, never in a pipe, NO_COLOR honoured.
esc=$'\033'
"$bk" analyze --btf none --color=always --prog past_the_value "$facts" >"$tmp/c" 2>&1
check "--color=always: verdicts in their colours" grep -qF "${esc}[31mchecked${esc}[0m: " "$tmp/c"
check "--color=always: stack-protected yellow" grep -qF "${esc}[33mstack-protected${esc}[0m: " "$tmp/c"
check "--color=always: source lines" grep -qF "${esc}[36m; " "$tmp/c"
check "--color=always: only the colours differ" diff <(sed "s/${esc}\[[0-9;]*m//g" "$tmp/c") \
	<("$bk" analyze --btf none --prog past_the_value "$facts")
"$bk" analyze --btf none --prog past_the_value "$facts" >"$tmp/c" 2>&1
check "piped: no colour" bash -c "! grep -q \$'\\033' '$tmp/c'"
pty "'$bk' analyze --btf none --prog past_the_value '$facts'" >"$tmp/c" 2>&1
check "on a terminal: colour" grep -qF "${esc}[31mchecked${esc}[0m" "$tmp/c"
pty "NO_COLOR=1 '$bk' analyze --btf none --prog past_the_value '$facts'" >"$tmp/c" 2>&1
check "on a terminal with NO_COLOR: none" bash -c "! grep -q \$'\\033' '$tmp/c'"
pty "'$bk' analyze --color=never --btf none --prog past_the_value '$facts'" >"$tmp/c" 2>&1
check "on a terminal with --color=never: none" bash -c "! grep -q \$'\\033' '$tmp/c'"

# Corpus mode.  The objects in argument order whatever -j, the same text
# as one run per object (made in-process), then a totals line.
objs=("$progs"/*.bpf.o)
for o in "${objs[@]}"; do "$bk" analyze --btf none --no-smt "$o" 2>&1; done >"$tmp/each"
for j in 1 2 5; do
	"$bk" analyze --btf none --no-smt -j $j "${objs[@]}" >"$tmp/j$j" 2>&1
	check "-j $j: the objects' listings in argument order" diff "$tmp/each" <(head -n -1 "$tmp/j$j")
done
check "-j 1 and -j 5: the same totals" diff <(tail -1 "$tmp/j1") <(tail -1 "$tmp/j5")
"$bk" analyze --btf none --no-smt -o json "${objs[@]}" >"$tmp/all.json"
check "the totals line sums the programs" python3 - "$tmp/j2" "$tmp/all.json" "${#objs[@]}" <<'PY'
import collections, json, sys
total = open(sys.argv[1]).read().splitlines()[-1]
progs = json.load(open(sys.argv[2]))["programs"]
v = collections.Counter(p["verdict"] for p in progs)
c = {k: sum(p["counts"][k] for p in progs)
     for k in ("accesses", "elided", "checked", "stack_protected", "probe", "unreachable")}
want = ("Total: %s files, %d programs (%d accepted, %d rejected, %d unsupported), %d insns, "
        "%d accesses: %d elided, %d checked, %d stack-protected, %d probe, %d unreachable; elision rate "
        % (sys.argv[3], len(progs), v["accepted"], v["rejected"], v["unsupported"],
           sum(p["insns"] for p in progs), c["accesses"], c["elided"], c["checked"],
           c["stack_protected"], c["probe"], c["unreachable"]))
assert total.startswith(want), (total, want)
PY

# A report of many objects comes back from their processes whole: the same
# JSON as one in-process run per object, times aside.
sel=("$progs/facts.bpf.o" "$progs/accesses.bpf.o" "$progs/globals.bpf.o")
"$bk" analyze --btf none -o json -j 2 "${sel[@]}" >"$tmp/many.json"
for o in "${sel[@]}"; do "$bk" analyze --btf none -o json "$o" >"$tmp/one-$(basename "$o").json"; done
check "-o json of a corpus: every field of every access" python3 - "$tmp/many.json" "$tmp"/one-{facts,accesses,globals}.bpf.o.json <<'PY'
import json, sys
many = json.load(open(sys.argv[1]))["programs"]
one = [p for f in sys.argv[2:] for p in json.load(open(f))["programs"]]
def untimed(p):
    p = dict(p)
    del p["analysis_ms"], p["z3"]
    return p
assert len(many) == len(one) and len(many) >= 5, (len(many), len(one))
assert sum(len(p["accesses"]) for p in many) > 20
for a, b in zip(many, one):
    assert untimed(a) == untimed(b), a["program"]
PY

# @LIST: one path per line, blank lines skipped, mixed with arguments.
printf '%s\n' "${objs[@]:1}" >"$tmp/list"
printf '\n' >>"$tmp/list"
"$bk" analyze --btf none --no-smt "${objs[0]}" "@$tmp/list" >"$tmp/at" 2>&1
check "@LIST: the same as the paths" cmp "$tmp/j1" "$tmp/at"
"$bk" analyze --btf none --no-smt -o csv -e file "@$tmp/list" "${objs[0]}" >"$tmp/at.csv"
check "@LIST then a path: in that order" diff <(printf 'file\n'; printf '%s\n' "${objs[@]:1}" "${objs[@]:1}" "${objs[0]}" | awk '!seen[$0]++' | while read -r o; do
	"$bk" analyze --btf none --no-smt -o csv -e file "$o" | tail -n +2; done) "$tmp/at.csv"

# A file that cannot be read: its line in its turn, the others analysed.
"$bk" analyze --btf none --no-smt -j 2 "${objs[0]}" "$tmp/nope.o" "${objs[1]}" >"$tmp/o" 2>"$tmp/e"
status=$?
check "a missing object among others: exit 2" test "$status" -eq 2
check "a missing object among others: one error line" diff <(echo "bpfkasan: $tmp/nope.o: No such file or directory") "$tmp/e"
check "a missing object among others: the rest analysed, totals say so" grep -qE '^Total: 3 files \(1 not analysed\), ' "$tmp/o"

# The progress line: on a terminal's stderr only, and gone at the end.
pty "'$bk' analyze --btf none --no-smt -j 2 ${objs[*]} >/dev/null" >"$tmp/p" 2>&1
check "progress line on a terminal" grep -qE "bpfkasan: [0-9]+/${#objs[@]} objects analysed, [0-9]+ running: " "$tmp/p"
check "progress line erased" bash -c "tail -c 5 '$tmp/p' | od -c | grep -q '033   \\[   K'"
"$bk" analyze --btf none --no-smt -j 2 "${objs[@]}" 2>"$tmp/p" >/dev/null
check "no progress line when stderr is not a terminal" test ! -s "$tmp/p"

# Bad input: one line naming the file or option and the problem, exit 2.
error "missing file" 2 "^bpfkasan: $tmp/nope.o: No such file or directory$" "$tmp/nope.o"
error "not an ELF file" 2 "^bpfkasan: $tmp/list: not an ELF file$" "$tmp/list"
error "an x86 object" 2 "^bpfkasan: $(type -P true): .*not BPF" "$(type -P true)"
error "unknown program" 2 "^bpfkasan: $facts: no program 'nosuch' \(it has regions, dead_access, past_the_value\)$" \
	--btf none --prog nosuch "$facts"
error "unknown program in every object" 2 "^bpfkasan: no program 'nosuch' in any of the 2 objects$" \
	--btf none --prog nosuch "$facts" "$progs/example.bpf.o"
"$bk" analyze --btf none --no-smt --prog regions "$facts" "$progs/example.bpf.o" >/dev/null 2>"$tmp/e"
check "a program in one object of two: no error" test $? -eq 0 -a ! -s "$tmp/e"
error "missing @LIST" 2 "^bpfkasan: $tmp/nolist: No such file or directory$" "@$tmp/nolist"
: >"$tmp/empty.list"
error "empty @LIST" 2 "^bpfkasan: $tmp/empty.list: lists no files \(one path per line\)$" "@$tmp/empty.list"
error "-j 0" 2 "^bpfkasan analyze: -j wants a number of processes between 1 and 1024, got '0'$" -j 0 "$facts"
error "-j -2" 2 "^bpfkasan analyze: -j wants a number of processes between 1 and 1024, got '-2'$" -j -2 "$facts"
error "--z3-timeout x" 2 "^bpfkasan analyze: --z3-timeout wants milliseconds between 1 and 3600000, got 'x'$" \
	--z3-timeout x "$facts"
error "--color=sometimes" 2 "^bpfkasan analyze: --color wants always, never or auto, got 'sometimes'$" \
	--color=sometimes "$facts"
error "-v with -o" 2 "^bpfkasan analyze: --verdicts, --log and -v \(--listing\) only go with the default listing" \
	-v -o csv "$facts"

echo "analyze: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
