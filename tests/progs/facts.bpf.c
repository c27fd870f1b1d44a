// SPDX-License-Identifier: MIT
/* Programs whose verifier facts tests/unit/test_facts.c knows by heart:
 * one access per kind of region, a dead access, and a rejected one. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[16]);
} vals SEC(".maps");

SEC("xdp")
int regions(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	volatile __u32 key = 0;
	__u8 *p = data, *v;

	if ((void *)(p + 4) > data_end)
		return XDP_DROP;
	v = bpf_map_lookup_elem(&vals, (__u32 *)&key);
	if (!v)
		return XDP_PASS;
	return v[p[0] & 7] + p[3];
}

/* The verifier knows 5 > 10 is false: the load is never reached. */
SEC("socket")
__attribute__((naked)) int dead_access(void)
{
	asm volatile ("r0 = 0;"
		      "r1 = 5;"
		      "if r1 > 10 goto l0_%=;"
		      "exit;"
		      "l0_%=: r0 = *(u64 *)(r10 - 8);"
		      "exit;" ::: "memory");
}

/* One byte past the 16-byte value: the kernel rejects it. */
SEC("socket")
__attribute__((naked)) int past_the_value(void)
{
	asm volatile ("r1 = 0;"
		      "*(u32 *)(r10 - 4) = r1;"
		      "r2 = r10;"
		      "r2 += -4;"
		      "r1 = %[vals] ll;"
		      "call %[lookup];"
		      "if r0 == 0 goto l0_%=;"
		      "r0 = *(u8 *)(r0 + 16);"
		      "l0_%=: r0 = 0;"
		      "exit;"
		      :
		      : [vals] "i"(&vals), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		      : "memory");
}

char LICENSE[] SEC("license") = "GPL";
