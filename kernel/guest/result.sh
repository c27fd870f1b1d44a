# Sourced by the guest scripts (load-hints.sh, bench.sh): one test's line,
# "bpfkasan-kernel-test: NAME ok" or "... NAME FAIL why", which
# run-tests.sh wants for each NAME passed to result; failures counts.
failures=0

result() {
	name=$1
	shift
	if [ $# -eq 0 ]; then
		echo "bpfkasan-kernel-test: $name ok"
	else
		echo "bpfkasan-kernel-test: $name FAIL $*"
		failures=$((failures + 1))
	fi
}
