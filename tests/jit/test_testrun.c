// SPDX-License-Identifier: MIT
/*
 * The packet and context a run gets, against what BPF_PROG_TEST_RUN gives
 * (net/bpf/test_run.c of Linux 6.12): bpf_prog_test_run_skb() builds an
 * skb from an Ethernet frame, pulls its header (eth_type_trans()) except
 * for sched_cls / sched_act, and the __sk_buff fields read what that skb
 * holds (len, protocol, pkt_type, the loopback's ifindex);
 * bpf_prog_test_run_xdp() runs XDP on the loopback's rx queue 0.  LD_ABS
 * and LD_IND reach the mac and network headers through SKF_LL_OFF and
 * SKF_NET_OFF.  Every case runs in the interpreter and in the JIT.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <stdio.h>
#include <string.h>

#include "jit.h"

static struct rt *rt;
static FILE *devnull;

static int setup(void **state)
{
	char err[512];

	(void)state;
	devnull = fopen("/dev/null", "w");
	if (rt_open(NULL, &(struct rt_opts){ .arena_size = 16 << 20, .report_out = devnull },
		    &rt, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rt_close(rt);
	fclose(devnull);
	return 0;
}

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
					       .off = (o), .imm = (i) })
#define LDX_W(d, s, o) INSN(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define EXIT INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* r0 = the u32 field at `off` of the context */
#define CTX_FIELD(off) { LDX_W(0, 1, off), EXIT }

/* Run in the interpreter and in the JIT (full checks): both must finish
 * with the same r0 and no report; returns r0, or the run's error. */
static int64_t run(const struct bpf_insn *p, size_t cnt, enum bpf_prog_type type,
		   const uint8_t *pkt, size_t len)
{
	struct rt_run_opts ro = { .mode = RT_CHECK_FULL, .data = pkt, .data_len = len };
	struct rt_run_result ri, rj;
	struct jit_prog *jp;
	char err[256];
	int ei, ej;

	ei = rt_run_insns(rt, p, cnt, type, NULL, &ro, &ri);
	assert_int_equal(jit_compile(rt, p, cnt, type, NULL,
				     &(struct jit_opts){ .mode = RT_CHECK_FULL }, &jp, err,
				     sizeof(err)), 0);
	ej = jit_run(jp, &ro, &rj);
	jit_free(jp);
	assert_int_equal(ei, ej);
	if (ei)
		return ei;
	assert_int_equal(ri.reports, 0);
	assert_int_equal(rj.reports, 0);
	assert_int_equal(ri.r0, rj.r0);
	return (int64_t)ri.r0;
}

#define RUN(p, type, pkt, len) run(p, sizeof(p) / sizeof(p[0]), type, pkt, len)

/* do_prog_test_run() of test_loader.c: 64 zero bytes */
static const uint8_t zero64[64];

/* A socket filter sees the frame from its network header: len 50;
 * sched_cls from its Ethernet header: len 64. */
static void test_skb_len(void **state)
{
	const struct bpf_insn len[] = CTX_FIELD(offsetof(struct __sk_buff, len));
	const struct bpf_insn span[] = {
		LDX_W(2, 1, offsetof(struct __sk_buff, data)),
		LDX_W(0, 1, offsetof(struct __sk_buff, data_end)),
		INSN(BPF_ALU64 | BPF_SUB | BPF_X, 0, 2, 0, 0),
		EXIT,
	};

	(void)state;
	assert_int_equal(RUN(len, BPF_PROG_TYPE_SOCKET_FILTER, zero64, 64), 64 - ETH_HLEN);
	assert_int_equal(RUN(len, BPF_PROG_TYPE_SCHED_CLS, zero64, 64), 64);
	assert_int_equal(RUN(span, BPF_PROG_TYPE_SCHED_CLS, zero64, 64), 64);
	assert_int_equal(RUN(span, BPF_PROG_TYPE_CGROUP_SKB, zero64, 64), 64 - ETH_HLEN);
	/* bpf_prog_test_run_skb(): -EINVAL for less than an Ethernet header */
	assert_int_equal(RUN(len, BPF_PROG_TYPE_SOCKET_FILTER, zero64, ETH_HLEN - 1), -EINVAL);
	assert_int_equal(RUN(len, BPF_PROG_TYPE_SOCKET_FILTER, zero64, ETH_HLEN), 0);
}

/* eth_type_trans() on the loopback device (address 00:00:00:00:00:00). */
static void test_skb_eth_type_trans(void **state)
{
	const struct bpf_insn proto[] = CTX_FIELD(offsetof(struct __sk_buff, protocol));
	const struct bpf_insn type[] = CTX_FIELD(offsetof(struct __sk_buff, pkt_type));
	const struct bpf_insn ifindex[] = CTX_FIELD(offsetof(struct __sk_buff, ifindex));
	uint8_t f[64] = { 0 };

	(void)state;
	/* type 0 < ETH_P_802_3_MIN: 802.2 LLC; __be16 0x0004 read as a u32 */
	assert_int_equal(RUN(proto, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), 0x0400);
	assert_int_equal(RUN(type, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), PACKET_HOST);
	assert_int_equal(RUN(ifindex, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), 1);
	assert_int_equal(RUN(ifindex, BPF_PROG_TYPE_SCHED_CLS, f, 64), 1);
	f[ETH_HLEN] = f[ETH_HLEN + 1] = 0xff; /* raw 802.3 (IPX) */
	assert_int_equal(RUN(proto, BPF_PROG_TYPE_SCHED_CLS, f, 64), 0x0100);
	f[12] = 0x08; /* IPv4 */
	assert_int_equal(RUN(proto, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), 0x0008);
	memset(f, 0xff, ETH_ALEN);
	assert_int_equal(RUN(type, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), PACKET_BROADCAST);
	f[5] = 0;
	assert_int_equal(RUN(type, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), PACKET_MULTICAST);
	f[0] = 0x02;
	assert_int_equal(RUN(type, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), PACKET_OTHERHOST);
}

/* bpf_prog_test_run_xdp(): the loopback's rx queue 0. */
static void test_xdp_rxq(void **state)
{
	const struct bpf_insn ifindex[] = CTX_FIELD(offsetof(struct xdp_md, ingress_ifindex));
	const struct bpf_insn queue[] = CTX_FIELD(offsetof(struct xdp_md, rx_queue_index));

	(void)state;
	assert_int_equal(RUN(ifindex, BPF_PROG_TYPE_XDP, zero64, 64), 1);
	assert_int_equal(RUN(queue, BPF_PROG_TYPE_XDP, zero64, 64), 0);
}

/* LD_ABS from skb->data; LD_IND at SKF_LL_OFF / SKF_NET_OFF + k from the
 * mac / network header (bpf_internal_load_pointer_neg_helper()), anywhere
 * in [head, tail); out of bounds r0 = 0 and exit. */
static void test_ld_abs_headers(void **state)
{
#define LD_IND_W(k) { INSN(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0),			\
		      INSN(BPF_ALU64 | BPF_MOV | BPF_K, 7, 0, 0, 1),			\
		      INSN(BPF_LD | BPF_IND | BPF_W, 0, 7, 0, (k) - 1), EXIT }
	const struct bpf_insn abs0[] = { INSN(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0),
					 INSN(BPF_LD | BPF_ABS | BPF_W, 0, 0, 0, 0), EXIT };
	const struct bpf_insn ll1[] = LD_IND_W(SKF_LL_OFF + 1);
	const struct bpf_insn net0[] = LD_IND_W(SKF_NET_OFF);
	const struct bpf_insn ll_end[] = LD_IND_W(SKF_LL_OFF + 60);
	const struct bpf_insn ll_past[] = LD_IND_W(SKF_LL_OFF + 61);
	const struct bpf_insn below[] = LD_IND_W(SKF_LL_OFF - 1);
	uint8_t f[64];

	(void)state;
	for (int i = 0; i < 64; i++)
		f[i] = (uint8_t)i;
	assert_int_equal(RUN(abs0, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), 0x0e0f1011);
	assert_int_equal(RUN(abs0, BPF_PROG_TYPE_SCHED_CLS, f, 64), 0x00010203);
	assert_int_equal(RUN(ll1, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), 0x01020304);
	assert_int_equal(RUN(ll1, BPF_PROG_TYPE_SCHED_CLS, f, 64), 0x01020304);
	assert_int_equal(RUN(net0, BPF_PROG_TYPE_SCHED_CLS, f, 64), 0x0e0f1011);
	assert_int_equal(RUN(ll_end, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), 0x3c3d3e3f);
	assert_int_equal(RUN(ll_past, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), 0);
	assert_int_equal(RUN(below, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), 0);
#undef LD_IND_W
}

/* bpf_skb_load_bytes(skb, off, fp - 8, 4) then r0 = the 4 bytes;
 * bpf_skb_store_bytes(skb, off, fp - 8, 4, 0) of 0x11223344 then r0 = its
 * return value: both within skb->len only. */
static void test_skb_bytes(void **state)
{
#define BYTES(helper, off, flags) {							\
		INSN(BPF_ST | BPF_MEM | BPF_W, 10, 0, -8, 0x11223344),			\
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 2, 0, 0, off),			\
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 3, 10, 0, 0),				\
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, 3, 0, 0, -8),				\
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 4, 0, 0, 4),				\
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 5, 0, 0, flags),			\
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, helper),				\
		INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1, 0), EXIT,			\
		LDX_W(0, 10, -8), EXIT }
	const struct bpf_insn load0[] = BYTES(BPF_FUNC_skb_load_bytes, 0, 0);
	const struct bpf_insn load_end[] = BYTES(BPF_FUNC_skb_load_bytes, 46, 0);
	const struct bpf_insn load_past[] = BYTES(BPF_FUNC_skb_load_bytes, 47, 0);
	const struct bpf_insn store_end[] = BYTES(BPF_FUNC_skb_store_bytes, 46, BPF_F_RECOMPUTE_CSUM);
	const struct bpf_insn store_past[] = BYTES(BPF_FUNC_skb_store_bytes, 47, 0);
	const struct bpf_insn store_flag[] = BYTES(BPF_FUNC_skb_store_bytes, 0, 4);
	uint8_t f[64];

	(void)state;
	for (int i = 0; i < 64; i++)
		f[i] = (uint8_t)i;
	/* little-endian u32 of the bytes at the network header's 0 and 46 */
	assert_int_equal(RUN(load0, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), 0x11100f0e);
	assert_int_equal(RUN(load_end, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), 0x3f3e3d3c);
	assert_int_equal(RUN(load_past, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), -EFAULT);
	assert_int_equal(RUN(load_past, BPF_PROG_TYPE_SCHED_CLS, f, 64), 0x3231302f);
	assert_int_equal(RUN(store_end, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), 0x11223344);
	assert_int_equal(RUN(store_past, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), -EFAULT);
	assert_int_equal(RUN(store_flag, BPF_PROG_TYPE_SOCKET_FILTER, f, 64), -EINVAL);
#undef BYTES
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_skb_len),
		cmocka_unit_test(test_skb_eth_type_trans),
		cmocka_unit_test(test_xdp_rxq),
		cmocka_unit_test(test_ld_abs_headers),
		cmocka_unit_test(test_skb_bytes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
