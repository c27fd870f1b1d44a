// SPDX-License-Identifier: MIT
/*
 * rt: the runtime's API (jit.h): a runtime per object, and the set-up of
 * one run: context, packet and stack frames in the arena, then the
 * interpreter.
 *
 * XDP and skb-type programs get a packet laid out as an XDP frame (a
 * 4096-byte page: 256 bytes of headroom, the data, tailroom, and the
 * space struct skb_shared_info takes), whose object, as reports describe
 * it, is exactly [data_meta, data_end): the head- and tailroom are red
 * zone, so a read past data_end is reported.  The context is struct xdp_md
 * or struct __sk_buff with its own red zones; loads of its packet pointer
 * fields give real pointers (interp.c).  Any other program type gets the
 * context as a raw buffer with red zones.
 *
 * The data is what BPF_PROG_TEST_RUN's data_in is (net/bpf/test_run.c):
 * for skb programs an Ethernet frame, of which bpf_prog_test_run_skb()
 * pulls the header (eth_type_trans()) for every type but sched_cls and
 * sched_act; without a given context, __sk_buff and xdp_md hold what the
 * kernel's skb and xdp_buff then give (skb_test_run_ctx()).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rt.h"

#define DEFAULT_ARENA (1ull << 30)
#define DEFAULT_QUARANTINE (16u << 20)
#define DEFAULT_INSN_LIMIT 100000000ull
#define RAW_CTX_SIZE 256

int rt_fail(struct rt_exec *x, int err, const char *fmt, ...)
{
	va_list ap;

	if (x->res->error)
		return x->res->error; /* the first failure is the one to tell */
	va_start(ap, fmt);
	vsnprintf(x->res->msg, sizeof(x->res->msg), fmt, ap);
	va_end(ap);
	x->res->error = err;
	x->stop = true;
	return err;
}

static int stacks_alloc(struct rt *rt)
{
	for (int d = 0; d < RT_MAX_FRAMES; d++) {
		char desc[40];
		void *s;

		snprintf(desc, sizeof(desc), "BPF stack of frame #%d", d);
		s = rtalloc_alloc_rz(&rt->alloc, ISA_STACK_SIZE, RTALLOC_STACK_REDZONE,
				     RTALLOC_STACK_REDZONE, true, desc);
		if (!s)
			return -ENOMEM;
		rt->stacks[d] = (uintptr_t)s;
	}
	return 0;
}

/*
 * Free p when the current run ends.  The kernel frees a deleted hash
 * element after an RCU grace period (htab_elem_free_rcu(), bpf_mem_alloc),
 * and a program runs inside an RCU read-side section, so a value the
 * program looked up stays valid memory until it returns.  The elision
 * policy relies on this (map values live for the whole run).
 */
void rt_free_after_run(struct rt *rt, void *p)
{
	if (rt->grace_cnt == rt->grace_cap) {
		size_t cap = rt->grace_cap ? 2 * rt->grace_cap : 16;
		void **g = realloc(rt->grace, cap * sizeof(*g));

		if (!g)
			return; /* never freed: still safe, a leak of the arena */
		rt->grace = g;
		rt->grace_cap = cap;
	}
	rt->grace[rt->grace_cnt++] = p;
}

/* The grace period ends: what runs deleted goes to the quarantine. */
static void grace_period_end(struct rt *rt)
{
	for (size_t i = 0; i < rt->grace_cnt; i++)
		rtalloc_free(&rt->alloc, rt->grace[i]);
	rt->grace_cnt = 0;
}

int rt_open(const struct obj *o, const struct rt_opts *opts, struct rt **out, char *err,
	    size_t errlen)
{
	struct rt *rt = calloc(1, sizeof(*rt));
	int e;

	*out = NULL;
	if (!rt) {
		snprintf(err, errlen, "runtime: out of memory");
		return -ENOMEM;
	}
	rt->obj = o;
	if (opts)
		rt->opts = *opts;
	rt->prandom = rt->opts.prandom_seed ? rt->opts.prandom_seed : 0x9e3779b97f4a7c15ull;
	e = rtalloc_init(&rt->alloc, rt->opts.arena_size ?: DEFAULT_ARENA,
			 rt->opts.quarantine_bytes ?: DEFAULT_QUARANTINE);
	if (e) {
		snprintf(err, errlen, "runtime: cannot reserve the arena and its shadow: %s",
			 strerror(-e));
		free(rt);
		return e;
	}
	e = stacks_alloc(rt);
	if (e)
		snprintf(err, errlen, "runtime: cannot allocate the stack frames");
	else
		e = rtmap_create_all(rt, err, errlen);
	if (e) {
		rt_close(rt);
		return e;
	}
	*out = rt;
	return 0;
}

void rt_close(struct rt *rt)
{
	if (!rt)
		return;
	rtmap_destroy_all(rt);
	grace_period_end(rt);
	free(rt->grace);
	rtalloc_fini(&rt->alloc);
	free(rt);
}

uintptr_t rt_shadow_offset(const struct rt *rt) { return rt->alloc.sh.offset; }

void *rt_alloc(struct rt *rt, size_t size, const char *desc)
{
	return rtalloc_alloc(&rt->alloc, size, desc);
}

void rt_free(struct rt *rt, void *p) { rtalloc_free(&rt->alloc, p); }

uintptr_t rt_check(const struct rt *rt, uintptr_t addr, size_t size)
{
	return shadow_first_bad(&rt->alloc.sh, addr, size);
}

/* The packet's object is [data_meta, data_end): re-window its chunk. */
void rt_pkt_update(struct rt_exec *x)
{
	struct chunk *c = rtalloc_find(&x->rt->alloc, (uintptr_t)x->pkt);

	if (c)
		rtalloc_set_window(&x->rt->alloc, c, x->data_meta, x->data_end - x->data_meta);
}

/*
 * Where LD_ABS / LD_IND at `off` reads `size` bytes, or 0 when the kernel's
 * load helper fails (bpf_skb_load_helper_*(): r0 = 0 and the program
 * exits).  A non-negative offset counts from skb->data, within skb->len;
 * a negative one from the network header (SKF_NET_OFF) or the mac header
 * (SKF_LL_OFF), anywhere in [head, tail) (bpf_internal_load_pointer_neg_helper()).
 */
uintptr_t rt_ld_abs_ptr(const struct rt_exec *x, int32_t off, int size)
{
	uintptr_t p;

	if (off >= 0)
		return (uint64_t)off + size <= x->data_end - x->data ? x->data + off : 0;
	if (off >= SKF_NET_OFF)
		p = x->net_header + (off - SKF_NET_OFF);
	else if (off >= SKF_LL_OFF)
		p = x->mac_header + (off - SKF_LL_OFF);
	else
		return 0;
	return p >= (uintptr_t)x->pkt && p + size <= x->data_end ? p : 0;
}

bool rt_has_packet(enum bpf_prog_type t)
{
	switch (t) {
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_SK_SKB:
		return true;
	default:
		return false;
	}
}

/* bpf_prog_test_run_skb(): sched_cls and sched_act see the frame from
 * its Ethernet header (is_l2: the header pushed back), the other skb
 * types from the network header. */
static bool skb_is_l2(enum bpf_prog_type t)
{
	return t == BPF_PROG_TYPE_SCHED_CLS || t == BPF_PROG_TYPE_SCHED_ACT;
}

static int packet_setup(struct rt_exec *x)
{
	const struct rt_run_opts *o = x->opts;
	bool skb = x->type != BPF_PROG_TYPE_XDP;
	uintptr_t p;

	if (o->data_len > RT_XDP_FRAME - RT_XDP_HEADROOM - RT_XDP_SHINFO)
		return rt_fail(x, -E2BIG, "packet of %zu bytes: at most %d fit an XDP frame",
			       o->data_len, RT_XDP_FRAME - RT_XDP_HEADROOM - RT_XDP_SHINFO);
	/* bpf_prog_test_run_skb(): -EINVAL below ETH_HLEN */
	if (skb && o->data_len < ETH_HLEN)
		return rt_fail(x, -EINVAL, "packet of %zu bytes: an skb program's packet is an "
			       "Ethernet frame, at least %d bytes", o->data_len, ETH_HLEN);
	x->pkt = rtalloc_alloc(&x->rt->alloc, RT_XDP_FRAME, "packet");
	if (!x->pkt)
		return rt_fail(x, -ENOMEM, "cannot allocate the packet");
	p = (uintptr_t)x->pkt;
	x->data = x->data_meta = p + RT_XDP_HEADROOM;
	x->data_end = x->data + o->data_len;
	x->frame_end = p + RT_XDP_FRAME - RT_XDP_SHINFO;
	if (o->data_len)
		memcpy((void *)x->data, o->data, o->data_len);
	if (skb) {
		/* eth_type_trans(): mac header at the frame, network header after it */
		x->mac_header = x->data;
		x->net_header = x->data + ETH_HLEN;
		if (!skb_is_l2(x->type))
			x->data = x->data_meta = x->net_header;
	}
	rt_pkt_update(x);
	return 0;
}

/* eth_type_trans() on the loopback device (all-zero address), as
 * bpf_prog_test_run_skb() calls it: skb->protocol (big-endian) and
 * skb->pkt_type (eth_skb_pkt_type()). */
static void eth_type_trans(const uint8_t *frame, uint16_t *proto_be, uint32_t *pkt_type)
{
	static const uint8_t zero[ETH_ALEN], bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint16_t proto;

	if (!memcmp(frame, zero, ETH_ALEN))
		*pkt_type = PACKET_HOST;
	else if (frame[0] & 1) /* is_multicast_ether_addr() */
		*pkt_type = memcmp(frame, bcast, ETH_ALEN) ? PACKET_MULTICAST : PACKET_BROADCAST;
	else
		*pkt_type = PACKET_OTHERHOST;
	memcpy(proto_be, frame + 2 * ETH_ALEN, sizeof(*proto_be));
	proto = ntohs(*proto_be);
	if (proto >= ETH_P_802_3_MIN) /* eth_proto_is_802_3() */
		return;
	/* Novell IPX over raw 802.3, else 802.2 LLC: the two bytes after the header */
	*proto_be = htons(frame[ETH_HLEN] == 0xff && frame[ETH_HLEN + 1] == 0xff ? ETH_P_802_3
										  : ETH_P_802_2);
}

/*
 * The context BPF_PROG_TEST_RUN gives when none is passed in
 * (bpf_ctx_init() returns NULL): the fields of __sk_buff that
 * bpf_prog_test_run_skb() sets through the skb it builds (len, protocol
 * and pkt_type from eth_type_trans(), ifindex of the loopback device),
 * the others 0; for XDP the loopback's rx queue 0
 * (bpf_prog_test_run_xdp()).  What it does not model: __sk_buff.sk (the
 * kernel's dummy socket) reads 0.
 */
#define LOOPBACK_IFINDEX 1
static void test_run_ctx(struct rt_exec *x)
{
	if (x->type == BPF_PROG_TYPE_XDP) {
		struct xdp_md *md = x->ctx;

		md->ingress_ifindex = LOOPBACK_IFINDEX;
		md->rx_queue_index = 0;
		return;
	}
	struct __sk_buff *skb = x->ctx;
	uint16_t proto_be;

	skb->len = (uint32_t)(x->data_end - x->data);
	eth_type_trans((const uint8_t *)x->mac_header, &proto_be, &skb->pkt_type);
	skb->protocol = proto_be;
	skb->ifindex = LOOPBACK_IFINDEX;
}

static int ctx_setup(struct rt_exec *x)
{
	const struct rt_run_opts *o = x->opts;
	const void *init = o->ctx;
	size_t len = o->ctx_len;
	const char *desc = "context";

	if (x->type == BPF_PROG_TYPE_XDP) {
		len = len ?: sizeof(struct xdp_md);
		desc = "context (struct xdp_md)";
	} else if (x->pkt) {
		len = len ?: sizeof(struct __sk_buff);
		desc = "context (struct __sk_buff)";
	} else if (!init) {
		init = o->data;
		len = len ?: (o->data_len ?: RAW_CTX_SIZE);
	} else {
		len = len ?: RAW_CTX_SIZE;
	}
	x->ctx = rtalloc_alloc(&x->rt->alloc, len, desc);
	if (!x->ctx)
		return rt_fail(x, -ENOMEM, "cannot allocate the context");
	x->ctx_len = len;
	if (init)
		memcpy(x->ctx, init, init == o->ctx ? (o->ctx_len < len ? o->ctx_len : len)
						    : (o->data_len < len ? o->data_len : len));
	x->ctx_pkt_fields = x->pkt != NULL;
	if (x->pkt && !o->ctx &&
	    len >= (x->type == BPF_PROG_TYPE_XDP ? sizeof(struct xdp_md) : sizeof(struct __sk_buff)))
		test_run_ctx(x);
	return 0;
}

static int run_setup(struct rt_exec *x)
{
	const struct rt_run_opts *o = x->opts;

	if (o->mode == RT_CHECK_BITMAP && !o->check_bitmap)
		return rt_fail(x, -EINVAL, "check mode 'bitmap' without a bitmap");
	if (o->conformance) {
		if (o->data_len) {
			x->ctx = rtalloc_alloc(&x->rt->alloc, o->data_len, "memory of the test");
			if (!x->ctx)
				return rt_fail(x, -ENOMEM, "cannot allocate the test's memory");
			memcpy(x->ctx, o->data, o->data_len);
			x->ctx_len = o->data_len;
		}
		x->regs[1] = (uintptr_t)x->ctx;
		x->regs[2] = o->data_len;
		return 0;
	}
	if (rt_has_packet(x->type) && packet_setup(x))
		return x->res->error;
	if (ctx_setup(x))
		return x->res->error;
	x->regs[1] = (uintptr_t)x->ctx;
	return 0;
}

static void copy_out(struct rt_exec *x)
{
	const struct rt_run_opts *o = x->opts;
	const void *src = x->pkt ? (void *)x->data : x->ctx;
	size_t n = x->pkt ? x->data_end - x->data : x->ctx_len;

	if (!o->data_out)
		return;
	if (n > o->data_out_len)
		n = o->data_out_len;
	if (n)
		memcpy(o->data_out, src, n);
	x->res->out_len = n;
}

/* Per-run objects go to the quarantine: a pointer a program kept in a map
 * is a use after free in the next run. */
static void run_teardown(struct rt_exec *x)
{
	struct chunk *c = x->pkt ? rtalloc_find(&x->rt->alloc, (uintptr_t)x->pkt) : NULL;

	if (c)
		rtalloc_free(&x->rt->alloc, (void *)c->user);
	rtalloc_free(&x->rt->alloc, x->ctx);
	grace_period_end(x->rt);
}

static void interp_engine(struct rt_exec *x, void *arg)
{
	(void)arg;
	x->regs[BPF_REG_10] = x->rt->stacks[0] + ISA_STACK_SIZE;
	rt_frame_enter(x->rt, x->opts->stack_layout, 0, 0);
	interp_exec(x, 0);
}

int rt_run_engine(struct rt *rt, const struct bpf_insn *insns, size_t insn_cnt,
		  enum bpf_prog_type type, const struct obj_prog *prog,
		  const struct rt_run_opts *opts, struct rt_run_result *res,
		  rt_engine_fn engine, void *arg)
{
	struct rt_exec x = {
		.rt = rt, .insns = insns, .insn_cnt = insn_cnt, .type = type, .prog = prog,
		.opts = opts, .res = res, .cur_helper = -1,
		.limit = opts->insn_limit ?: DEFAULT_INSN_LIMIT, .may_goto = RT_MAX_LOOPS,
	};

	memset(res, 0, sizeof(*res));
	rt_frames_reset(rt); /* a previous run's program left its red zones */
	if (!run_setup(&x)) {
		uint64_t regs[ISA_MAX_REG];
		uint32_t n = opts->bench_repeat ?: 1;
		struct timespec t0, t1;

		memcpy(regs, x.regs, sizeof(regs));
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (uint32_t k = 0; k < n && !x.stop; k++) {
			memcpy(x.regs, regs, sizeof(regs));
			x.may_goto = RT_MAX_LOOPS;
			x.pc = 0;
			x.depth = 0;
			if (k)
				res->insns = 0;
			engine(&x, arg);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		res->engine_ns = ((uint64_t)(t1.tv_sec - t0.tv_sec) * 1000000000u +
				  (uint64_t)(t1.tv_nsec - t0.tv_nsec)) / n;
		res->r0 = x.regs[0];
		copy_out(&x);
	}
	run_teardown(&x);
	rt_frames_reset(rt);
	return res->error;
}

int rt_run_insns(struct rt *rt, const struct bpf_insn *insns, size_t insn_cnt,
		 enum bpf_prog_type type, const struct obj_prog *prog,
		 const struct rt_run_opts *opts, struct rt_run_result *res)
{
	return rt_run_engine(rt, insns, insn_cnt, type, prog, opts, res, interp_engine, NULL);
}

int rt_run(struct rt *rt, const struct obj_prog *prog, const struct rt_run_opts *opts,
	   struct rt_run_result *res)
{
	return rt_run_insns(rt, prog->insns, prog->insn_cnt, prog->type, prog, opts, res);
}
