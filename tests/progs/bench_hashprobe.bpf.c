// SPDX-License-Identifier: MIT
/*
 * A benchmark program (tests/bench/jit-modes.sh): a hash-table probe
 * loop.  Longest-prefix match of the destination address done as many
 * routers do it in hash tables: one probe of the hash map `routes` per
 * prefix length, longest first (/32, /24, /16, /8, then the default
 * route), the first hit wins.  The matching route's packet counter is
 * incremented and its action returned; with no route the packet goes to
 * the stack (XDP_PASS) and the miss is counted in `misses`.  On the
 * benchmark's packet, with the maps as the object creates them (empty),
 * every probe misses: five lookups per run.
 */
#include "bench.h"

struct route_key {
	__u32 prefixlen;
	__u32 addr;		/* network order, the host bits 0 */
};

struct route {
	__u64 packets;
	__u32 action;		/* an XDP_* verdict */
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct route_key);
	__type(value, struct route);
} routes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} misses SEC(".maps");

SEC("xdp")
int bench_hashprobe(struct xdp_md *ctx)
{
	void *data_end;
	struct iphdr *ip = bench_ipv4(ctx, &data_end);
	struct route_key key;
	struct route *r = NULL;
	__u32 zero = 0;
	__u64 *n;

	if (!ip)
		return XDP_PASS;
#pragma clang loop unroll(disable)
	for (int i = 0; i < 5; i++) {
		__u32 plen = 32 - 8 * i;

		key.prefixlen = plen;
		key.addr = plen ? ip->daddr & bpf_htonl(~0u << (32 - plen)) : 0;
		r = bpf_map_lookup_elem(&routes, &key);
		if (r)
			break;
	}
	if (r) {
		__sync_fetch_and_add(&r->packets, 1);
		return r->action;
	}
	n = bpf_map_lookup_elem(&misses, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
