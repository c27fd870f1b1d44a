#!/bin/bash
# End-to-end checks of `bpfkasan` on real objects: output, errors, exit codes.
# usage: cli.sh BPFKASAN PROGS_DIR
set -uo pipefail
bk=$1 progs=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

# expect NAME STATUS PATTERN CMD...: exit status and a line of output matching PATTERN
expect() {
	local name=$1 status=$2 pattern=$3
	shift 3
	"$@" >"$tmp/out" 2>&1
	local got=$?
	if [ "$got" -ne "$status" ]; then
		bad "$name: exit $got, expected $status"; sed 's/^/     /' "$tmp/out" | head -5
	elif ! grep -qE -- "$pattern" "$tmp/out"; then
		bad "$name: no line matches '$pattern'"; sed 's/^/     /' "$tmp/out" | head -5
	else
		ok "$name"
	fi
}

expect "--version" 0 '^bpfkasan [0-9]' "$bk" --version
expect "--help lists analyze" 0 'analyze' "$bk" --help
expect "analyze --help" 0 '--btf=FILE' "$bk" analyze --help
expect "no command" 2 'no command' "$bk"
expect "unknown command" 2 "unknown command 'frobnicate'" "$bk" frobnicate
expect "analyze without file" 2 'no BPF object' "$bk" analyze

expect "example program header" 0 \
	'example.bpf.o: program xdp_count, section xdp, type xdp: [0-9]+ insns, 1 subprogs, [0-9]+ memory accesses' \
	"$bk" analyze --btf none "$progs/example.bpf.o"
expect "access listed with source" 0 '^; key = ip->protocol; @ example.bpf.c:[0-9]+' \
	"$bk" analyze --btf none "$progs/example.bpf.o"
expect "atomic access disassembled" 0 '^\* +[0-9]+: \(db\) lock \*\(u64 \*\)\(r[0-9] \+0\) \+= r[0-9]' \
	"$bk" analyze --btf none "$progs/example.bpf.o"
expect "map reference named" 0 'r[0-9] = map\[proto_count\]' \
	"$bk" analyze --btf none --listing "$progs/example.bpf.o"
expect "verdict accepted" 0 '^  verdict: accepted, [0-9]+ insns processed' \
	"$bk" analyze --btf none "$progs/example.bpf.o"
expect "verdicts table" 0 "$progs/subprogs.bpf.o	tc_main	accepted	-1	[0-9]+	[0-9]+	-" \
	"$bk" analyze --btf none --verdicts "$progs/subprogs.bpf.o"
expect "pointer facts" 0 '^ +pkt off=23 size=1 region_size=34' \
	"$bk" analyze --btf none "$progs/example.bpf.o"
expect "verifier log" 0 '^1: R1=ctx\(\) R2=pkt_end\(\) R10=fp0$' \
	"$bk" analyze --btf none --log --prog xdp_count "$progs/example.bpf.o"
expect "smt verdicts" 0 '^  accesses: 6 elided, 0 checked, 0 stack-protected, 0 probe, 0 unreachable' \
	"$bk" analyze --btf none --prog regions "$progs/facts.bpf.o"
expect "smt reason" 0 '^          unreachable: Z3 confirmed no path reaches it$' \
	"$bk" analyze --btf none --prog dead_access "$progs/facts.bpf.o"
expect "no smt" 0 '^  verdict: accepted' "$bk" analyze --btf none --no-smt --prog regions "$progs/facts.bpf.o"
expect "bad z3 timeout" 2 "--z3-timeout wants milliseconds" "$bk" analyze --z3-timeout 0 "$progs/facts.bpf.o"
expect "run: bad z3 timeout" 2 "^bpfkasan run: --z3-timeout wants milliseconds between 1 and 3600000, got '-5'" \
	"$bk" run --z3-timeout -5 "$progs/facts.bpf.o"
expect "load: bad z3 timeout" 2 "^bpfkasan load: --z3-timeout wants milliseconds between 1 and 3600000, got '0'" \
	"$bk" load --z3-timeout 0 "$progs/facts.bpf.o"
expect "legacy maps object" 0 'program legacy_prog, section socket, type socket_filter' \
	"$bk" analyze --btf none "$progs/legacy_maps.bpf.o"

# Bad input: one line naming the file and the problem, exit 2.
: >"$tmp/empty.o"
expect "empty file" 2 "^bpfkasan: $tmp/empty.o: empty file$" "$bk" analyze "$tmp/empty.o"
expect "missing file" 2 "^bpfkasan: $tmp/nope.o: No such file or directory$" "$bk" analyze "$tmp/nope.o"
head -c 300 "$progs/example.bpf.o" >"$tmp/trunc.o"
expect "truncated ELF" 2 "^bpfkasan: $tmp/trunc.o: truncated" "$bk" analyze "$tmp/trunc.o"
expect "not ELF" 2 "^bpfkasan: .*cli.sh: not an ELF file$" "$bk" analyze "$0"
expect "x86 object" 2 "not BPF" "$bk" analyze "$(type -P true)"
expect "bad btf" 2 "^bpfkasan: $tmp/empty.o: cannot read BTF" \
	"$bk" analyze --btf "$tmp/empty.o" "$progs/example.bpf.o"
# A good file after a bad one is still analysed; the status reports the failure.
expect "bad then good" 2 'program xdp_count' "$bk" analyze --btf none "$tmp/empty.o" "$progs/example.bpf.o"
[ "$(grep -c '^bpfkasan:' "$tmp/out")" -eq 1 ] && ok "one error line" || bad "one error line"

# Every libxdp1 object is listed without an error.
for o in /usr/lib/x86_64-linux-gnu/bpf/*.o; do
	expect "libxdp $(basename "$o")" 0 'program .*memory accesses' "$bk" analyze --btf none --no-smt "$o"
done

# Every libxdp1 program is accepted, as the kernel accepts it.  xdpdump's
# fentry/fexit programs trace an XDP program: the kernel types their
# context from the target (attach_prog_fd), here --attach-prog.
libxdp=/usr/lib/x86_64-linux-gnu/bpf
target=$libxdp/xdpdump_xdp.o:xdpdump
for o in "$libxdp"/*.o; do
	"$bk" analyze --verdicts --attach-prog "$target" "$o" >"$tmp/v" 2>&1
	if [ $? -eq 0 ] && [ -s "$tmp/v" ] && ! cut -f3 "$tmp/v" | grep -qv '^accepted$'; then
		ok "libxdp $(basename "$o") accepted"
	else
		bad "libxdp $(basename "$o") accepted"; sed 's/^/     /' "$tmp/v" | head -5
	fi
done
expect "tracing without its target" 0 \
	"trace_on_entry	unsupported	-1	0	0	tracing program: attach target 'func' not found" \
	"$bk" analyze --verdicts "$libxdp/xdpdump_bpf.o"
expect "bad --attach-prog" 2 "no function 'nosuch'" \
	"$bk" analyze --attach-prog "$target" --attach-prog "$libxdp/xdpdump_xdp.o:nosuch" "$libxdp/xdpdump_bpf.o"
expect "btf pointer in the log" 0 '^1: R1=trusted_ptr_xdp_buff\(\) R10=fp0$' \
	"$bk" analyze --log --attach-prog "$target" --prog trace_on_entry "$libxdp/xdpdump_bpf.o"

# LSM programs take their context and return range from the hook in the
# kernel BTF; without one their verdict says what is missing.
expect "lsm without kernel BTF" 0 \
	"allow_open	unsupported	-1	0	0	lsm program: attach target 'bpf_lsm_file_open' not found in the kernel BTF \\(none given\\)" \
	"$bk" analyze --btf none --verdicts "$progs/lsm.bpf.o"
if [ -r /sys/kernel/btf/vmlinux ]; then
	expect "lsm accepted" 0 "allow_open	accepted" "$bk" analyze --verdicts "$progs/lsm.bpf.o"
	expect "lsm return range" 0 \
		'bad_retval	rejected	1	.*should have been in \[-4095, 0\]' \
		"$bk" analyze --verdicts "$progs/lsm.bpf.o"
else
	echo "note: no /sys/kernel/btf/vmlinux here: the LSM verdicts with kernel BTF are not checked"
fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
