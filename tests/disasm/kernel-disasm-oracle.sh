#!/bin/bash
# SPDX-License-Identifier: MIT
#
# kernel-disasm-oracle.sh --ours DRIVER --known FILE [--unit TEST] [OBJECT...]
#
# Compares isa_disasm() with the kernel's own printer, print_bpf_insn() of
# Linux 6.12, instruction by instruction.  At test time, in a temporary
# directory (never in the repository), it
#   1. extracts kernel/bpf/disasm.[ch] and the 6.12 UAPI <linux/bpf.h> from
#      $KSRC_TARBALL (default /usr/src/linux-source-6.12.tar.xz);
#   2. writes the two tiny shim headers the kernel file needs in userspace
#      (the roles tools/include plays for bpftool) and builds them with
#      kdisasm_driver.c and insn_files.c into a kernel-printer driver;
#   3. runs it and DRIVER (ourdisasm_driver) over the same objects: the
#      OBJECTs given (the hand corpus), the libxdp1 objects and those of
#      $BPFKASAN_DISASM_OBJS (see bpf-objects.sh);
#   4. compares the lines.  A difference fails the test unless its opcode
#      byte is listed in FILE (known-differences.txt) with a reason.
# With --unit, the expected texts of the unit test TEST (test_disasm
# --dump-cases) must also be what the kernel prints, under the same rule,
# and its instructions join the corpus.
# Set KEEP_ORACLE_TMP=1 to keep the temporary directory.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/bpf-objects.sh"

die() { echo "kernel-disasm-oracle: $*" >&2; exit 1; }

ours='' known='' unit=''
objects=()
while [ $# -gt 0 ]; do
	case $1 in
	--ours) ours=$2; shift 2 ;;
	--known) known=$2; shift 2 ;;
	--unit) unit=$2; shift 2 ;;
	-*) die "unknown option $1" ;;
	*) objects+=("$1"); shift ;;
	esac
done
[ -x "$ours" ] || die "--ours: no driver at '$ours'"
[ -f "$known" ] || die "--known: no file at '$known'"

tarball=${KSRC_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
[ -f "$tarball" ] || die "$tarball not found: install linux-source-6.12 (scripts/install-deps.sh)"
top=$(basename "$tarball" .tar.xz)

list=$(libxdp_objects) || die "the libxdp objects are part of the corpus"
mapfile -t -O "${#objects[@]}" objects <<<"$list"
list=$(extra_objects BPFKASAN_DISASM_OBJS) || die "bad BPFKASAN_DISASM_OBJS"
[ -z "$list" ] || mapfile -t -O "${#objects[@]}" objects <<<"$list"

work=$(mktemp -d "${TMPDIR:-/tmp}/bpfkasan-kdisasm.XXXXXX")
if [ "${KEEP_ORACLE_TMP:-0}" = 1 ]; then
	echo "kernel-disasm-oracle: keeping $work"
else
	trap 'rm -rf "$work"' EXIT
fi

if [ -n "$unit" ]; then
	"$unit" --dump-cases "$work/unit" || die "$unit --dump-cases failed"
	objects=("$work/unit.bin" "${objects[@]}")
fi

# 1. The kernel's printer and the UAPI header it was written against.
tar -xJf "$tarball" -C "$work" \
	"$top/kernel/bpf/disasm.c" "$top/kernel/bpf/disasm.h" \
	"$top/include/uapi/linux/bpf.h" "$top/include/uapi/linux/bpf_common.h" ||
	die "cannot extract kernel/bpf/disasm.[ch] from $tarball"
ksrc=$work/$top

# 2. Userspace shims: what disasm.[ch] take from <linux/kernel.h> and
#    <linux/stringify.h>.
mkdir -p "$work/shim/linux"
cat >"$work/shim/linux/kernel.h" <<'SHIM'
/* Userspace stand-in for the kernel's <linux/kernel.h>, for disasm.c. */
#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)
#define __printf(fmt, args) __attribute__((format(printf, fmt, args)))
SHIM
cat >"$work/shim/linux/stringify.h" <<'SHIM'
/* Userspace stand-in for the kernel's <linux/stringify.h>. */
#define SHIM_STR(x) #x
#define __stringify(x) SHIM_STR(x)
SHIM
# shellcheck disable=SC2086,SC2046 # CC may be a command with arguments
${CC:-cc} -std=gnu11 -O2 -D_GNU_SOURCE \
	-I"$work/shim" -I"$ksrc/include/uapi" -I"$ksrc/kernel/bpf" -I"$here" \
	"$ksrc/kernel/bpf/disasm.c" "$here/kdisasm_driver.c" "$here/insn_files.c" \
	-o "$work/kdisasm_driver" $(pkg-config --libs libelf 2>/dev/null || echo -lelf) ||
	die "cannot build the kernel printer in userspace"

# 3. Both printers over the same instructions.
"$work/kdisasm_driver" "${objects[@]}" >"$work/kernel.txt" || die "kdisasm_driver failed"
"$ours" "${objects[@]}" >"$work/ours.txt" || die "$ours failed"

# 4. Line by line: first the unit test's expectations, then our printer.
grep -v '^[[:space:]]*\(#\|$\)' "$known" | awk '{ print tolower($1) }' |
	sed 's/^0x//' >"$work/known-opcodes"
if [ -n "$unit" ]; then
	grep -F "$work/unit.bin:raw:" "$work/kernel.txt" | cut -f2,3 |
		paste - "$work/unit.txt" | awk -F'\t' -v known="$work/known-opcodes" '
	BEGIN { while ((getline op < known) > 0) ok[op] = 1 }
	{ n++ }
	$2 != $3 && !($1 in ok) {
		printf "UNIT test_disasm expects: %s\n     the kernel prints:     %s\n", $3, $2
		bad++
	}
	END {
		printf "kernel-disasm-oracle: %d unit-test expectations checked, %d wrong\n", n, bad
		exit bad != 0
	}' || die "FAIL: test_disasm expectations disagree with the kernel"
fi

# Then our printer: FILE:SECTION:INDEX <TAB> OPCODE <TAB> TEXT on each side.
paste "$work/kernel.txt" "$work/ours.txt" | awk -F'\t' \
	-v known="$work/known-opcodes" -v nobj="${#objects[@]}" '
BEGIN { while ((getline op < known) > 0) ok[op] = 1 }
NF != 6 || $1 != $4 || $2 != $5 {
	print "kernel-disasm-oracle: the drivers disagree on the instruction stream at line " NR
	print "  kernel: " $1 " " $2; print "  ours:   " $4 " " $5
	broken = 1; exit 1
}
{ n++ }
$3 == $6 { next }
$2 in ok { known_diff[$2]++; nknown++; next }
{
	if (++bad <= 50)
		printf "DIFF %s (%s)\n  kernel: %s\n  ours:   %s\n", $1, $2, $3, $6
}
END {
	if (broken)
		exit 1
	printf "kernel-disasm-oracle: %d instructions from %d objects compared\n", n, nobj
	for (op in known_diff)
		printf "  known difference, opcode %s: %d instructions\n", op, known_diff[op]
	if (bad) {
		printf "kernel-disasm-oracle: FAIL: %d unlisted differences\n", bad
		exit 1
	}
	printf "kernel-disasm-oracle: PASS: %d known differences, none unlisted\n", nknown
}'
