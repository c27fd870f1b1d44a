// SPDX-License-Identifier: MIT
/* Two entry programs sharing .text subprograms: static, global, nested,
 * recursive-free chains and a bpf_loop callback (ld_imm64 of a function). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int results[8];

static __noinline int leaf(int x)
{
	return x * 3 + 1;
}

static __noinline int middle(int x)
{
	return leaf(x) + leaf(x + 1);
}

__noinline int global_helper(int x)
{
	return middle(x) ^ 0x55;
}

static int loop_cb(__u32 index, void *ctx)
{
	int *acc = ctx;

	*acc += (int)index;
	return 0;
}

SEC("tc")
int tc_main(struct __sk_buff *skb)
{
	int acc = 0;

	bpf_loop(4, loop_cb, &acc, 0);
	results[0] = global_helper((int)skb->len) + acc;
	return 0;
}

SEC("socket")
int sock_main(struct __sk_buff *skb)
{
	results[1] = leaf((int)skb->len);
	results[2] = middle(results[1]);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
