/* SPDX-License-Identifier: MIT */
/*
 * What the benchmark programs (bench_*.bpf.c, tests/bench/jit-modes.sh)
 * share: the Ethernet and IPv4 headers every one of them parses first.
 */
#ifndef BPFKASAN_TESTS_BENCH_H
#define BPFKASAN_TESTS_BENCH_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

/* The IPv4 header of the frame, NULL when it is not IPv4 or cut short;
 * *data_end is the packet's end. */
static __always_inline struct iphdr *bench_ipv4(struct xdp_md *ctx, void **data_end)
{
	struct ethhdr *eth = (void *)(long)ctx->data;
	struct iphdr *ip = (void *)(eth + 1);

	*data_end = (void *)(long)ctx->data_end;
	if ((void *)(ip + 1) > *data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return NULL;
	return ip;
}

#endif
