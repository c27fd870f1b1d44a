#!/bin/sh
# Unit test of selftest_expect: its output for OBJ (with OPTIONs, e.g. -r)
# must be EXPECTED (minus '#' comment lines).
# usage: check-expect.sh SELFTEST_EXPECT OBJ EXPECTED [OPTION...]
set -eu
tool=$1 obj=$2 expected=$3
shift 3
out=$("$tool" "$@" "$obj")
want=$(grep -v '^#' "$expected")
if [ "$out" != "$want" ]; then
	echo "selftest_expect $* output differs from $expected:"
	printf '%s\n' "$want" >"${TMPDIR:-/tmp}/selftest_expect.want.$$"
	printf '%s\n' "$out" | diff -u "${TMPDIR:-/tmp}/selftest_expect.want.$$" - || true
	rm -f "${TMPDIR:-/tmp}/selftest_expect.want.$$"
	exit 1
fi
echo "selftest_expect $*: $(printf '%s\n' "$out" | wc -l) programs as expected"
