// SPDX-License-Identifier: MIT
/*
 * A benchmark program (tests/bench/jit-modes.sh): checksums over packet
 * bytes in bounded loops.  An XDP program that sends IPv4/UDP datagrams
 * back out with both checksums filled in, as a forwarder does after it
 * rewrote a header: the IPv4 header checksum over the header's ten 16-bit
 * words, then the UDP checksum over the pseudo-header and the whole
 * datagram, a word at a time up to its length (at most 512 bytes here),
 * each word's bounds checked in the loop.  Both are computed from scratch
 * on every run, with the checksum fields counted as 0, so a packet run
 * again gets the same values.  Returns XDP_TX; XDP_PASS for anything else
 * (IPv4 options included) or a datagram longer than the loop takes,
 * XDP_ABORTED for a truncated one.
 *
 * barrier_var() keeps clang from hoisting the per-word bounds check out of
 * the UDP loop (into a test of data_end - data against the length, which
 * the verifier cannot follow).
 */
#include <linux/udp.h>

#include "bench.h"

#define MAX_UDP_WORDS 256

static __always_inline __u16 fold(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

SEC("xdp")
int bench_csum(struct xdp_md *ctx)
{
	void *data_end;
	struct iphdr *ip = bench_ipv4(ctx, &data_end);
	struct udphdr *udp;
	__u16 *w, len;
	__u32 sum = 0;
	__u16 c;

	if (!ip || ip->protocol != IPPROTO_UDP || ip->ihl != 5)
		return XDP_PASS;

	/* the IPv4 header, its checksum field (word 5) as 0 */
	w = (__u16 *)ip;
#pragma clang loop unroll(disable)
	for (int i = 0; i < 10; i++)
		if (i != 5)
			sum += w[i];
	ip->check = fold(sum);

	/* the UDP checksum: pseudo-header, then the datagram */
	udp = (void *)(ip + 1);
	if ((void *)(udp + 1) > data_end)
		return XDP_ABORTED;
	len = bpf_ntohs(udp->len);
	if (len < sizeof(*udp) || len > 2 * MAX_UDP_WORDS)
		return XDP_PASS;
	sum = (ip->saddr & 0xffff) + (ip->saddr >> 16) + (ip->daddr & 0xffff) +
	      (ip->daddr >> 16) + bpf_htons(IPPROTO_UDP) + udp->len;
	w = (__u16 *)udp;
#pragma clang loop unroll(disable)
	for (int i = 0; i < MAX_UDP_WORDS; i++) {
		if (2 * i + 1 >= len)
			break;
		barrier_var(w);
		if ((void *)(w + 1) > data_end)
			return XDP_ABORTED;
		if (i != 3)
			sum += *w;
		w++;
	}
	if (len & 1) {
		__u8 *last = (void *)w;

		if ((void *)(last + 1) > data_end)
			return XDP_ABORTED;
		sum += bpf_htons((__u16)*last << 8);
	}
	c = fold(sum);
	udp->check = c ? c : 0xffff; /* 0 means "no checksum" (RFC 768) */
	return XDP_TX;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
