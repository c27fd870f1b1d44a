// SPDX-License-Identifier: MIT
/*
 * The bundled example: an XDP program that parses Ethernet and IPv4
 * headers, counts packets per IP protocol in a map and drops the protocols
 * a read-only configuration lists.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} proto_count SEC(".maps");

const volatile __u8 drop_proto[4] = { IPPROTO_GRE, 0, 0, 0 };
__u64 packets_seen;

static __noinline int proto_dropped(__u8 proto)
{
	for (int i = 0; i < 4; i++)
		if (drop_proto[i] && drop_proto[i] == proto)
			return 1;
	return 0;
}

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	__u32 key;
	__u64 *count;

	__sync_fetch_and_add(&packets_seen, 1);
	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	key = ip->protocol;
	count = bpf_map_lookup_elem(&proto_count, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	return proto_dropped(ip->protocol) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
