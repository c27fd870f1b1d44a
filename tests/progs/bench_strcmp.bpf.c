// SPDX-License-Identifier: MIT
/*
 * A benchmark program (tests/bench/jit-modes.sh): string compares of a
 * packet field against strings in a global.  An XDP gate in front of a
 * UDP service: a datagram passes only if the 16-byte token its payload
 * starts with equals one of the tokens configured in `tokens` (read-only
 * data, set at load time), else it is dropped and counted.  Each token is
 * compared byte by byte without an early exit, as a secret's compare must
 * be (where it differs must not show in the time taken), and every token
 * is compared, so a run costs the same whichever matches.  Non-UDP
 * packets pass.  The benchmark's packet carries zeros: no token matches.
 */
#include <linux/udp.h>

#include "bench.h"

#define TOKEN_LEN 16
#define TOKENS 8

const volatile char tokens[TOKENS][TOKEN_LEN] = {
	"bpfkasan-token-0", "bpfkasan-token-1", "bpfkasan-token-2", "bpfkasan-token-3",
	"bpfkasan-token-4", "bpfkasan-token-5", "bpfkasan-token-6", "bpfkasan-token-7",
};

__u64 dropped;

SEC("xdp")
int bench_strcmp(struct xdp_md *ctx)
{
	void *data_end;
	struct iphdr *ip = bench_ipv4(ctx, &data_end);
	__u8 *tok;
	int matched = 0;

	if (!ip || ip->protocol != IPPROTO_UDP || ip->ihl != 5)
		return XDP_PASS;
	tok = (void *)((struct udphdr *)(ip + 1) + 1);
	if ((void *)(tok + TOKEN_LEN) > data_end)
		goto drop;
#pragma clang loop unroll(disable)
	for (int k = 0; k < TOKENS; k++) {
		__u8 diff = 0;

		for (int j = 0; j < TOKEN_LEN; j++)
			diff |= tok[j] ^ (__u8)tokens[k][j];
		barrier_var(diff); /* else clang makes it 16 early exits */
		matched |= !diff;
	}
	if (matched)
		return XDP_PASS;
drop:
	__sync_fetch_and_add(&dropped, 1);
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
