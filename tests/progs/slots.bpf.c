// SPDX-License-Identifier: MIT
/*
 * Stack slots as smt/ tracks them (tests/smt/test_certify.c, and
 * path by path in test_recheck): packet pointers spilled, kept across a
 * helper that writes no memory, filled back and bounds-checked.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* data and data_end survive a spill, a call and a fill: the read is elided */
SEC("xdp")
__attribute__((naked)) int spill_fill(void)
{
	asm volatile ("r2 = *(u32 *)(r1 + 0);"
		      "r3 = *(u32 *)(r1 + 4);"
		      "*(u64 *)(r10 - 8) = r3;"
		      "*(u64 *)(r10 - 16) = r2;"
		      "call %[prandom];"
		      "r2 = *(u64 *)(r10 - 16);"
		      "r3 = *(u64 *)(r10 - 8);"
		      "r4 = r2;"
		      "r4 += 14;"
		      "if r4 > r3 goto l0_%=;"
		      "r0 = *(u8 *)(r2 + 13);"
		      "l0_%=: r0 = 2;"
		      "exit;"
		      :
		      : [prandom] "i"(BPF_FUNC_get_prandom_u32)
		      : "memory");
}

/*
 * The spilled data_end is overwritten through another stack pointer (a
 * 4-byte store into the slot's low half): the verifier sees a scalar
 * there and the bounds check proves nothing, so it rejects the read.
 */
SEC("xdp")
__attribute__((naked)) int slot_clobbered(void)
{
	asm volatile ("r2 = *(u32 *)(r1 + 0);"
		      "r3 = *(u32 *)(r1 + 4);"
		      "*(u64 *)(r10 - 8) = r3;"
		      "r5 = r10;"
		      "r5 += -8;"
		      "r6 = 0;"
		      "*(u32 *)(r5 + 0) = r6;"
		      "r3 = *(u64 *)(r10 - 8);"
		      "r4 = r2;"
		      "r4 += 14;"
		      "if r4 > r3 goto l0_%=;"
		      "r0 = *(u8 *)(r2 + 13);"
		      "l0_%=: r0 = 2;"
		      "exit;"
		      ::: "memory");
}

char LICENSE[] SEC("license") = "GPL";
