#!/bin/bash
# Runs every example of the manual pages, as written, and checks what the
# page says it does.
# usage: man-examples.sh BPFKASAN PROGS_DIR PAGE...
#
# An example is a ".Dl $ command" line or a ".Bd -literal" block of
# "$ command" lines (run in one shell, stopping at the first failure).
# The roff comment before it, '.\" expect: STATUS REGEX', gives the exit
# status of its last command and an extended regex some line of its
# output (stdout and stderr) must match; an example without one fails.
# Each page's examples run in order in one directory holding the objects
# of tests/progs, so one may use a file an earlier one wrote.
set -uo pipefail
bk=$1 progs=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

mkdir "$tmp/bin" && ln -s "$(realpath "$bk")" "$tmp/bin/bpfkasan"

# examples PAGE: one record per example, "STATUS<TAB>REGEX<TAB>commands"
# with the commands joined by \x1f, roff escapes undone.
examples() {
	awk '
	function unescape(s) { gsub(/\\e/, "\\", s); gsub(/\\&/, "", s); gsub(/\\-/, "-", s); return s }
	function emit(cmds) {
		if (expect == "") { print "missing\t-\t" cmds; return }
		print expect "\t" cmds; expect = ""
	}
	/^\.Sh / { on = ($2 == "EXAMPLES"); next }
	!on { next }
	/^\.\\" expect: / { sub(/^\.\\" expect: /, ""); s = $1; sub(/^[^ ]+ /, ""); expect = s "\t" $0; next }
	/^\.Dl \$ / { sub(/^\.Dl \$ /, ""); emit(unescape($0)); next }
	/^\.Bd -literal/ { block = 1; cmds = ""; next }
	block && /^\.Ed/ { block = 0; if (cmds != "") emit(cmds); next }
	block && /^\$ / { sub(/^\$ /, ""); cmds = cmds (cmds == "" ? "" : "\037") unescape($0) }
	' "$1"
}

for page in "$@"; do
	name=$(basename "$page")
	dir=$tmp/$name
	mkdir "$dir" && cp "$progs"/*.bpf.o "$dir/"
	n=0
	while IFS=$'\t' read -r status regex cmds; do
		n=$((n + 1))
		shown=${cmds//$'\037'/; }
		if [ "$status" = missing ]; then
			bad "$name: no '.\\\" expect:' line before: $shown"
			continue
		fi
		(cd "$dir" && PATH="$tmp/bin:$PATH" bash -e -o pipefail -c "${cmds//$'\037'/$'\n'}") >"$tmp/out" 2>&1
		got=$?
		if [ "$got" -ne "$status" ]; then
			bad "$name: exit $got, expected $status: $shown"; sed 's/^/     /' "$tmp/out" | head -5
		elif ! grep -qE -- "$regex" "$tmp/out"; then
			bad "$name: no line matches '$regex': $shown"; sed 's/^/     /' "$tmp/out" | head -5
		else
			ok "$name: $shown"
		fi
	done < <(examples "$page")
	[ "$n" -ge 2 ] && ok "$name: $n examples" || bad "$name: only $n examples found"
done

echo "man-examples: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
