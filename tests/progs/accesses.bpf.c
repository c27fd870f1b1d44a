// SPDX-License-Identifier: MIT
/* One of every kind of memory access: loads (and sign-extending loads with
 * -mcpu=v4), stores of registers and immediates, atomics, legacy LD_ABS. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");

__s64 total;
__s32 small;
__s8 tiny[8];

SEC("socket")
int all_accesses(struct __sk_buff *skb)
{
	__s64 sx = tiny[skb->len & 7];	/* LDX MEMSX with -mcpu=v4 */
	__u64 old;

	small = 5;				/* ST imm or STX */
	total += sx;
	__sync_fetch_and_add(&total, 1);	/* atomic add */
	old = __sync_fetch_and_or(&total, 2);	/* atomic fetch-or */
	__sync_lock_test_and_set(&small, 9);	/* xchg */
	__sync_val_compare_and_swap(&total, old, 4); /* cmpxchg */
	return (int)load_byte(skb, 12);		/* LD_ABS */
}

char LICENSE[] SEC("license") = "GPL";
