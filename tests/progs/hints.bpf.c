// SPDX-License-Identifier: MIT
/*
 * The object `bpfkasan load` loads with hints in kernel/run-tests.sh's
 * guest: an XDP program with accesses of every kind the hints cover and
 * one they do not.  What the analysis says (tests/integration/load.sh
 * checks it on the host):
 *   - ctx: the loads of data and data_end: elided, hinted, but the
 *     kernel's convert_ctx_accesses() rewrites them, so the series checks
 *     them anyway;
 *   - global data (.bss, a map value): loads and stores of `packets` and of
 *     `by_proto[proto & 3]`: elided;
 *   - packet: the Ethernet header read after the data_end test: elided;
 *   - ring buffer: the store into the reserved record (memory from a
 *     helper, PTR_TO_MEM): checked by the elision policy, and a hint on
 *     it would be refused.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

__u64 packets;
__u64 by_proto[4];

SEC("xdp")
int hinted(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u64 *rec;

	packets++;
	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	by_proto[eth->h_proto & 3]++;
	rec = bpf_ringbuf_reserve(&events, sizeof(*rec), 0);
	if (!rec)
		return XDP_PASS;
	*rec = eth->h_source[5];
	bpf_ringbuf_submit(rec, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
