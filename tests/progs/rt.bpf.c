// SPDX-License-Identifier: MIT
/*
 * Programs for the runtime's tests (tests/jit/test_progs.c): an in-bounds
 * map value read and planted bugs the interpreter must report.  The bugs
 * hide their bounds from clang with an empty asm, and most would not pass
 * the verifier: the runtime does not need it to.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define NVAL 12 /* a value is 12 u32s: 48 bytes */

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32[NVAL]);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

__u32 seen; /* .bss */

/* The packet's first byte, or -1 if the packet is empty. */
static __always_inline int first_byte(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;

	if (data + 1 > end)
		return -1;
	return data[0];
}

/* value[i] with i = first byte & 7: always inside the 12 elements. */
SEC("xdp")
int value_in_bounds(struct xdp_md *ctx)
{
	__u32 key = 0, *v = bpf_map_lookup_elem(&counters, &key);
	int b = first_byte(ctx);

	if (!v || b < 0)
		return XDP_ABORTED;
	v[b & 7] += 1;
	seen++;
	return v[b & 7] ? XDP_PASS : XDP_DROP;
}

/* Off by one: the index is clamped to NVAL where NVAL - 1 was meant. */
SEC("xdp")
int value_off_by_one(struct xdp_md *ctx)
{
	__u32 key = 1, *v = bpf_map_lookup_elem(&counters, &key);
	int b = first_byte(ctx);
	__u32 i;

	if (!v || b < 0)
		return XDP_ABORTED;
	i = b > NVAL ? NVAL : b;
	asm volatile("" : "+r"(i));
	return v[i] ? XDP_PASS : XDP_DROP;
}

/* Reads the byte at the offset the first byte gives, never checked
 * against data_end. */
SEC("xdp")
int packet_overread(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	int b = first_byte(ctx);

	if (b < 0)
		return XDP_ABORTED;
	asm volatile("" : "+r"(data));
	return data[b] ? XDP_PASS : XDP_DROP;
}

/* A buffer on the stack indexed downwards by a packet byte times 16:
 * far enough reaches below the 512-byte frame. */
SEC("xdp")
int stack_underflow(struct xdp_md *ctx)
{
	volatile __u8 buf[64] = {};
	int b = first_byte(ctx);
	long off;

	if (b < 0)
		return XDP_ABORTED;
	off = (long)b * 16;
	asm volatile("" : "+r"(off));
	return buf[63 - off] ? XDP_PASS : XDP_DROP;
}

/* A hash map value read after bpf_map_delete_elem(): stale, but valid
 * memory until the program returns (the kernel's RCU grace period). */
SEC("xdp")
int flow_after_delete(struct xdp_md *ctx)
{
	__u32 key = 7;
	__u64 one = 1, *v;

	bpf_map_update_elem(&flows, &key, &one, BPF_ANY);
	v = bpf_map_lookup_elem(&flows, &key);
	if (!v)
		return XDP_ABORTED;
	bpf_map_delete_elem(&flows, &key);
	return *v ? XDP_PASS : XDP_DROP;
}

/* bpf_loop over a callback that counts into the ctx of the loop. */
static long count_cb(__u32 i, void *c)
{
	*(__u64 *)c += i;
	return i == 9; /* stop after the 10th */
}

SEC("xdp")
int loop_sum(struct xdp_md *ctx)
{
	__u64 sum = 0;
	long n = bpf_loop(100, count_cb, &sum, 0);

	return sum == 45 && n == 10 ? XDP_PASS : XDP_DROP;
}

/* A ring buffer record written after it was submitted. */
SEC("xdp")
int ringbuf_after_submit(struct xdp_md *ctx)
{
	__u64 *rec = bpf_ringbuf_reserve(&events, sizeof(*rec), 0);

	if (!rec)
		return XDP_ABORTED;
	*rec = 1;
	bpf_ringbuf_submit(rec, 0);
	asm volatile("" : "+r"(rec));
	*rec = 2;
	return XDP_PASS;
}

/* Pops the 14-byte Ethernet header, prints, then reads the byte at the
 * old length: one past the new end. */
SEC("xdp")
int pop_then_overread(struct xdp_md *ctx)
{
	__u8 *data, *end;

	if (bpf_xdp_adjust_head(ctx, 14))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + 1 > end)
		return XDP_ABORTED;
	bpf_printk("len %d first %x", (int)(end - data), data[0]);
	asm volatile("" : "+r"(data));
	return data[end - data] ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
