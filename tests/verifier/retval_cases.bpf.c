// SPDX-License-Identifier: MIT
/*
 * Test input for retval.sh (meson test verifier-retval-cases): programs
 * annotated as the kernel's selftests are (bpf_misc.h), whose __retval is
 * what BPF_PROG_TEST_RUN gives on test_loader's 64 zero bytes, and one
 * that does not return its __retval, listed in retval-cases-known.txt: if
 * retval.sh stopped finding it, the listing would be stale and the test
 * would fail.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define __success __attribute__((btf_decl_tag("comment:test_expect_success")))
#define __retval(val) __attribute__((btf_decl_tag("comment:test_retval="#val)))
#define POINTER_VALUE 0xcafe4all
#define TEST_DATA_LEN 64

/* bpf_prog_test_run_skb(): a socket filter sees the frame after its
 * Ethernet header, sched_cls all of it */
SEC("socket") __success __retval(50) int socket_len(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("tc") __success __retval(TEST_DATA_LEN) int tc_len(struct __sk_buff *skb)
{
	return skb->len;
}

/* eth_type_trans(): type 0 is 802.2 LLC, htons(ETH_P_802_2) */
SEC("socket") __success __retval(0x400) int socket_protocol(struct __sk_buff *skb)
{
	return skb->protocol;
}

/* the loopback device */
SEC("xdp") __success __retval(1) int xdp_ifindex(struct xdp_md *ctx)
{
	return ctx->ingress_ifindex;
}

SEC("xdp") __success __retval(-21) int xdp_negative(struct xdp_md *ctx)
{
	return -21;
}

/* POINTER_VALUE: not compared */
SEC("socket") __success __retval(POINTER_VALUE) int socket_any(struct __sk_buff *skb)
{
	return 12345;
}

/* on purpose: does not return its __retval */
SEC("socket") __success __retval(0) int socket_wrong(struct __sk_buff *skb)
{
	return 5;
}

char _license[] SEC("license") = "GPL";
