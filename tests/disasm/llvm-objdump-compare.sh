#!/bin/bash
# SPDX-License-Identifier: MIT
#
# llvm-objdump-compare.sh --ours DRIVER --objdump LLVM_OBJDUMP [OBJECT...]
#
# Checks that isa_disasm() (through DRIVER, ourdisasm_driver) decodes every
# instruction as llvm-objdump-19 --mcpu=v4 does: same operation, registers,
# size, offset and immediate.  It does not compare syntax: both texts are
# brought to one form first, by these rules and no others.
#
#  On LLVM's side (sed):
#   L1  jump labels go:		"goto +0x3 <LBB0_2>"	-> "goto +0x3"
#   L2  memory operands:	"(r10 - 0x8)"		-> "(r10 -0x8)"
#   L3  64-bit atomics:		"atomic_fetch_add((u64 *)" -> "atomic64_fetch_add((u64 *)"
#   L4  xchg and cmpxchg:	"xchg_64(r1 -0x8, r2)"	-> "atomic64_xchg((u64 *)(r1 -0x8), r2)"
#				(xchg32_32, cmpxchg_64, cmpxchg32_32 alike)
#   L5  alu32 names:		in a line with a memory operand "wN" -> "rN"
#				(--mcpu=v4 decodes 32-bit loads, stores and
#				atomics with w registers; the kernel says r)
#   L6  ld_imm64:		"r1 = -0x1 ll" and "ld_pseudo r1, 0x2, 0x7"
#				-> "r1 = ld_imm64 VALUE" (the full 64-bit value,
#				or for ld_pseudo the low 32 bits: all LLVM shows)
#  On ours (sed):
#   O1  the opcode prefix goes:	"(61) r1 = ..."		-> "r1 = ..."
#   O2  pc-relative targets:	"goto pc+3", "call pc+4" -> "goto +3", "call +4"
#   O3  call names:		"call bpf_map_lookup_elem#1", "call kernel-function#7"
#				-> "call 1", "call 7" (LLVM prints the imm)
#   O4  packet loads:		"skb[r3 + 2]" -> "skb[r3]" (LLVM omits the imm)
#   O5  ld_imm64:		"(18) r1 = 0xffffffffffffffff" -> "r1 = ld_imm64 VALUE"
#  On both (awk):
#   N1  every other number (decimal or hex, signed or not) is compared
#	modulo 2^32, as a signed decimal: "0xfffffffb" == "-0x5" == "-5".
#   N2  ld_imm64 VALUEs are compared as two unsigned 32-bit halves, only the
#	low one when LLVM shows only that (ld_pseudo).
#
# Objects: the OBJECTs given (the hand corpus of valid instructions), the
# libxdp1 objects and those of $BPFKASAN_LLVMCMP_OBJS (see bpf-objects.sh;
# not the oracle's $BPFKASAN_DISASM_OBJS: objects built from raw encodings,
# as some kernel selftests are, hold what LLVM refuses).  An instruction
# LLVM cannot decode ("<unknown>") fails the test.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/bpf-objects.sh"

die() { echo "llvm-objdump-compare: $*" >&2; exit 1; }

ours='' objdump=''
objects=()
while [ $# -gt 0 ]; do
	case $1 in
	--ours) ours=$2; shift 2 ;;
	--objdump) objdump=$2; shift 2 ;;
	-*) die "unknown option $1" ;;
	*) objects+=("$1"); shift ;;
	esac
done
[ -x "$ours" ] || die "--ours: no driver at '$ours'"
command -v "$objdump" >/dev/null ||
	die "no '$objdump': install llvm-19, a declared dependency (scripts/install-deps.sh)"

list=$(libxdp_objects) || die "the libxdp objects are part of the corpus"
mapfile -t -O "${#objects[@]}" objects <<<"$list"
list=$(extra_objects BPFKASAN_LLVMCMP_OBJS) || die "bad BPFKASAN_LLVMCMP_OBJS"
[ -z "$list" ] || mapfile -t -O "${#objects[@]}" objects <<<"$list"

work=$(mktemp -d "${TMPDIR:-/tmp}/bpfkasan-llvmcmp.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Ours: FILE:SECTION:INDEX <TAB> OPCODE <TAB> TEXT.
"$ours" "${objects[@]}" >"$work/ours.raw" || die "$ours failed"
cut -f1,2 "$work/ours.raw" >"$work/ours.keys"
cut -f3 "$work/ours.raw" | sed -E \
	-e 's/^\(18\) (r[0-9]+) = /\1 = ld_imm64 /' \
	-e 's/^\([0-9a-f]{2}\) //' \
	-e 's/(goto|gotol|may_goto|call) pc/\1 /' \
	-e 's/^call [^#]*#/call /' \
	-e 's/skb\[(r[0-9]+) \+ [-0-9]+\]/skb[\1]/' >"$work/ours.text"

# LLVM: the same key, from "Disassembly of section S:" and "   N:<TAB>TEXT".
for obj in "${objects[@]}"; do
	"$objdump" -d --no-show-raw-insn --mcpu=v4 "$obj" >"$work/one.llvm" ||
		die "$objdump failed on $obj"
	awk -v file="$obj" '
	/^Disassembly of section / { sec = substr($0, 24); sub(/:$/, "", sec) }
	/^ *[0-9]+:\t/ {
		idx = $0; sub(/^ */, "", idx); sub(/:.*/, "", idx)
		text = $0; sub(/^ *[0-9]+:\t/, "", text); gsub(/\t/, " ", text)
		print file ":" sec ":" idx "\t" text
	}' "$work/one.llvm"
done >"$work/llvm.raw"
cut -f1 "$work/llvm.raw" >"$work/llvm.keys"
cut -f2 "$work/llvm.raw" | sed -E \
	-e 's/ <[^ >]*>$//' \
	-e 's/\((r[0-9]+) ([+-]) /(\1 \2/g' \
	-e 's/atomic_fetch_([a-z]+)\(\(u64 \*\)/atomic64_fetch_\1((u64 *)/' \
	-e 's/(cmpxchg|xchg)_64\(([^,]*),/atomic64_\1((u64 *)(\2),/' \
	-e 's/(cmpxchg|xchg)32_32\(([^,]*),/atomic_\1((u32 *)(\2),/' \
	-e '/\*\)/s/(^|[ (,])w([0-9]+)/\1r\2/g' \
	-e 's/^(r[0-9]+) = (-?0x[0-9a-f]+) ll$/\1 = ld_imm64 \2/' \
	-e 's/^ld_pseudo (r[0-9]+), [^,]*, (0x[0-9a-f]+)$/\1 = ld_imm64 \2 low32/' \
	>"$work/llvm.text"

paste "$work/llvm.keys" "$work/llvm.text" >"$work/llvm.norm"
paste "$work/ours.keys" "$work/ours.text" >"$work/ours.norm"
awk -F'\t' -v nobj="${#objects[@]}" '
function hexval(h,    v, i) {
	v = 0
	for (i = 1; i <= length(h); i++)
		v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
	return v
}
# N1: a number modulo 2^32, as a signed decimal string.
function canon32(tok,    neg, v) {
	neg = tok ~ /^-/
	sub(/^[+-]/, "", tok)
	v = tok ~ /^0x/ ? hexval(substr(tok, 3)) : tok + 0
	if (neg)
		v = -v
	v %= 4294967296
	if (v < 0)
		v += 4294967296
	if (v >= 2147483648)
		v -= 4294967296
	return sprintf("%.0f", v)
}
function numbers(s,    out, tok) {
	out = ""
	while (match(s, /(^|[[ (,])[+-]?(0x[0-9a-f]+|[0-9]+)/)) {
		tok = substr(s, RSTART, RLENGTH)
		out = out substr(s, 1, RSTART - 1)
		if (tok ~ /^[[ (,]/) {
			out = out substr(tok, 1, 1)
			tok = substr(tok, 2)
		}
		out = out canon32(tok)
		s = substr(s, RSTART + RLENGTH)
	}
	return out s
}
# N2: "rD = ld_imm64 [-]0xV [low32]" as "rD = ld_imm64 LO HI" (or "LO").
function imm64(s,    n, f, neg, h, hi, lo) {
	n = split(s, f, " ")
	h = f[4]
	neg = h ~ /^-/
	sub(/^-?0x/, "", h)
	lo = hexval(length(h) > 8 ? substr(h, length(h) - 7) : h)
	hi = length(h) > 8 ? hexval(substr(h, 1, length(h) - 8)) : 0
	if (neg) {
		hi = (4294967296 - hi - (lo != 0)) % 4294967296
		lo = (4294967296 - lo) % 4294967296
	}
	if (n == 5)
		return sprintf("%s = ld_imm64 %.0f", f[1], lo)
	return sprintf("%s = ld_imm64 %.0f %.0f", f[1], lo, hi)
}
FILENAME == ARGV[1] {
	llvm[$1] = $2 ~ / = ld_imm64 / ? imm64($2) : numbers($2)
	next
}
{
	key = $1; n++
	if (!(key in llvm)) {
		missing++
		if (++shown <= 50)
			printf "MISSING %s: llvm-objdump printed nothing here; ours: %s\n", key, $3
		next
	}
	mine = $3 ~ / = ld_imm64 / ? imm64($3) : numbers($3)
	theirs = llvm[key]
	if (theirs ~ /^r[0-9]+ = ld_imm64 [0-9]+$/)
		sub(/ [0-9]+$/, "", mine)
	delete llvm[key]
	if (mine == theirs)
		next
	bad++
	if (++shown <= 50)
		printf "DIFF %s (%s)\n  llvm: %s\n  ours: %s\n", key, $2, theirs, mine
}
END {
	for (key in llvm) {
		extra++
		if (++shown <= 50)
			printf "EXTRA %s: only llvm-objdump printed %s\n", key, llvm[key]
	}
	printf "llvm-objdump-compare: %d instructions from %d objects compared\n", n, nobj
	if (bad + missing + extra) {
		printf "llvm-objdump-compare: FAIL: %d differ, %d missing, %d extra\n", \
			bad, missing, extra
		exit 1
	}
	print "llvm-objdump-compare: PASS"
}' "$work/llvm.norm" "$work/ours.norm"
