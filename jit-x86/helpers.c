// SPDX-License-Identifier: MIT
/*
 * helper: the BPF helpers the runtime implements, by id, each mirroring
 * the kernel function named in its comment.  A helper reads r1-r5 and
 * sets r0 (the call clobbers r1-r5, as check_helper_call() assumes; they
 * keep their values here, which no verified program can observe).
 *
 * Memory a helper reads or writes on the program's behalf goes through
 * hmem(): checked against the shadow in every mode but none (the kernel's
 * helpers are KASAN-instrumented C), reported as made "by helper X", and
 * refused (the run fails) outside the arena.  Elide mode pays this on
 * every call even when it checks no instruction, so the test of a clean
 * argument stays inline (report_check(), rt.h).
 *
 * Any other id fails the run naming the helper (isa_helper_name()).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rt.h"

#define ETH_HLEN 14
#define XDP_FRAME_SZ 40		/* sizeof(struct xdp_frame) on 64-bit */
#define CSUM_SCRATCH 512	/* bpf_csum_diff's per-CPU scratch buffer */

typedef void (*helper_fn)(struct rt_exec *x, uint64_t *r);

static void *hmem(struct rt_exec *x, uint64_t p, uint64_t size, bool write)
{
	if (!size)
		return (void *)(uintptr_t)p;
	if (x->opts->mode != RT_CHECK_NONE)
		report_check(x, p, size, write);
	if (shadow_covers(&x->rt->alloc.sh, p, size))
		return (void *)(uintptr_t)p;
	rt_fail(x, -EFAULT, "helper %s at insn %zu: memory [%#llx, +%llu) is outside the runtime",
		isa_helper_name(x->cur_helper), x->pc, (unsigned long long)p,
		(unsigned long long)size);
	return NULL;
}

static struct rtmap *map_arg(struct rt_exec *x, uint64_t p)
{
	struct rtmap *m = rtmap_by_ptr(x->rt, p);

	if (!m)
		rt_fail(x, -EINVAL, "helper %s at insn %zu: r1 %#llx is not a map",
			isa_helper_name(x->cur_helper), x->pc, (unsigned long long)p);
	return m;
}

/* bpf_map_lookup_elem() */
static void h_map_lookup(struct rt_exec *x, uint64_t *r)
{
	struct rtmap *m = map_arg(x, r[1]);
	void *k = m ? hmem(x, r[2], rtmap_def(m)->key_size, false) : NULL;

	r[0] = k ? (uintptr_t)rtmap_lookup(x->rt, m, k) : 0;
}

/* bpf_map_update_elem() */
static void h_map_update(struct rt_exec *x, uint64_t *r)
{
	struct rtmap *m = map_arg(x, r[1]);
	void *k = m ? hmem(x, r[2], rtmap_def(m)->key_size, false) : NULL;
	void *v = k ? hmem(x, r[3], rtmap_def(m)->value_size, false) : NULL;

	r[0] = v ? (uint64_t)(int64_t)rtmap_update(x->rt, m, k, v, r[4]) : 0;
}

/* bpf_map_delete_elem() */
static void h_map_delete(struct rt_exec *x, uint64_t *r)
{
	struct rtmap *m = map_arg(x, r[1]);
	void *k = m ? hmem(x, r[2], rtmap_def(m)->key_size, false) : NULL;

	r[0] = k ? (uint64_t)(int64_t)rtmap_delete(x->rt, m, k) : 0;
}

/* The caller's memory image: what probe_read may see.  NULL if [p, p+n)
 * is not all in it. */
static const uint8_t *image_at(const struct rt_run_opts *o, uint64_t p, uint64_t n)
{
	if (!o->image || p < o->image_addr || p - o->image_addr > o->image_len ||
	    n > o->image_len - (p - o->image_addr))
		return NULL;
	return (const uint8_t *)o->image + (p - o->image_addr);
}

/* bpf_probe_read_kernel_common(): copy or zero-fill and -EFAULT. */
static void h_probe_read(struct rt_exec *x, uint64_t *r)
{
	void *dst = hmem(x, r[1], (uint32_t)r[2], true);
	const uint8_t *src = image_at(x->opts, r[3], (uint32_t)r[2]);

	if (!dst && r[2])
		return;
	if (src)
		memcpy(dst, src, (uint32_t)r[2]);
	else if (r[2])
		memset(dst, 0, (uint32_t)r[2]);
	r[0] = src ? 0 : (uint64_t)-EFAULT;
}

/* bpf_probe_read_kernel_str_common(): up to size - 1 bytes and a NUL;
 * returns the length with the NUL. */
static void h_probe_read_str(struct rt_exec *x, uint64_t *r)
{
	uint32_t size = (uint32_t)r[2];
	uint8_t *dst = hmem(x, r[1], size, true);
	uint32_t n = 0;

	r[0] = 0;
	if (!size || !dst)
		return;
	for (const uint8_t *c; n < size - 1 && (c = image_at(x->opts, r[3] + n, 1)) && *c; n++)
		dst[n] = *c;
	if (n < size - 1 && !image_at(x->opts, r[3] + n, 1)) {
		memset(dst, 0, size);
		r[0] = (uint64_t)-EFAULT;
		return;
	}
	dst[n] = 0;
	r[0] = n + 1;
}

static void h_ktime(struct rt_exec *x, uint64_t *r)
{
	struct timespec ts;

	(void)x;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	r[0] = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* bpf_user_rnd_u32(): any PRNG; xorshift64* keeps runs reproducible. */
static void h_prandom(struct rt_exec *x, uint64_t *r)
{
	uint64_t s = x->rt->prandom;

	s ^= s >> 12;
	s ^= s << 25;
	s ^= s >> 27;
	x->rt->prandom = s;
	r[0] = (uint32_t)((s * 0x2545f4914f6cdd1dull) >> 32);
}

static void h_zero(struct rt_exec *x, uint64_t *r)
{
	(void)x;
	r[0] = 0; /* CPU 0, NUMA node 0, ringbuf_query */
}

static void h_pid_tgid(struct rt_exec *x, uint64_t *r)
{
	(void)x;
	r[0] = ((uint64_t)getpid() << 32) | (uint32_t)getpid();
}

/* One trace_printk conversion: `spec` is "%...c" without length modifiers. */
static int print_arg(struct rt_exec *x, FILE *f, char conv, bool is64, uint64_t v)
{
	switch (conv) {
	case 'd':
	case 'i':
		return fprintf(f, "%lld", is64 ? (long long)v : (long long)(int32_t)v);
	case 'u':
		return fprintf(f, "%llu", is64 ? (unsigned long long)v : (unsigned long long)(uint32_t)v);
	case 'x':
	case 'X':
		return fprintf(f, conv == 'x' ? "%llx" : "%llX",
			       is64 ? (unsigned long long)v : (unsigned long long)(uint32_t)v);
	case 'p':
		return fprintf(f, "0x%llx", (unsigned long long)v);
	case 'c':
		return fprintf(f, "%c", (int)(uint8_t)v);
	case 's': {
		int n = 0;

		/* strncpy_from_kernel_nofault(): a bad pointer prints "(fault)". */
		for (uint64_t p = v; n < 128 && shadow_covers(&x->rt->alloc.sh, p, 1) &&
				     *(const char *)(uintptr_t)p; p++, n++)
			fputc(*(const char *)(uintptr_t)p, f);
		if (!n && !shadow_covers(&x->rt->alloc.sh, v, 1))
			return fprintf(f, "(fault)");
		return n;
	}
	}
	return -1;
}

/* bpf_trace_printk(): %d %i %u %x %X %p %c %s with l/ll, three args. */
static void h_trace_printk(struct rt_exec *x, uint64_t *r)
{
	const char *fmt = hmem(x, r[1], (uint32_t)r[2], false);
	FILE *f = x->rt->opts.trace_out ?: stderr;
	uint32_t len = (uint32_t)r[2];
	int out = 0, argi = 0;

	if (!fmt || !len || fmt[len - 1]) {
		r[0] = (uint64_t)-EINVAL;
		return;
	}
	for (const char *p = fmt; *p; p++) {
		bool is64 = false;

		if (*p != '%') {
			fputc(*p, f);
			out++;
			continue;
		}
		if (*++p == '%') {
			fputc('%', f);
			out++;
			continue;
		}
		for (; *p == 'l'; p++)
			is64 = true;
		int n = argi < 3 ? print_arg(x, f, *p, is64, r[3 + argi++]) : -1;
		if (n < 0) {
			r[0] = (uint64_t)-EINVAL;
			return;
		}
		out += n;
	}
	r[0] = out;
}

/* bpf_tail_call(): the runtime loads no program arrays' programs, so a
 * tail call always fails and execution falls through, as the kernel does
 * for an empty slot. */
static void h_tail_call(struct rt_exec *x, uint64_t *r)
{
	(void)x;
	(void)r;
}

/* bpf_csum_diff(): csum_partial() of ~from and to over a 512-byte scratch.
 * The 32-bit sum may differ from x86's csum_partial() only in the
 * ones'-complement representation of zero, so folded checksums agree. */
static void h_csum_diff(struct rt_exec *x, uint64_t *r)
{
	uint32_t fs = (uint32_t)r[2], ts = (uint32_t)r[4];
	const uint8_t *from = hmem(x, r[1], fs, false), *to = hmem(x, r[3], ts, false);
	uint64_t acc = (uint32_t)r[5];
	uint32_t w;

	if ((fs | ts) & 3 || fs + (uint64_t)ts > CSUM_SCRATCH || (fs && !from) || (ts && !to)) {
		r[0] = (uint64_t)-EINVAL;
		return;
	}
	for (uint32_t i = 0; i < fs; i += 4) {
		memcpy(&w, from + i, 4);
		acc += (uint32_t)~w;
	}
	for (uint32_t i = 0; i < ts; i += 4) {
		memcpy(&w, to + i, 4);
		acc += w;
	}
	while (acc >> 32)
		acc = (acc & 0xffffffffu) + (acc >> 32);
	r[0] = acc;
}

static bool skb_ctx(struct rt_exec *x, uint64_t ctx)
{
	return x->type != BPF_PROG_TYPE_XDP && ctx == (uintptr_t)x->ctx && x->pkt;
}

/* bpf_skb_load_bytes(): skb_header_pointer() of a linear skb, [data,
 * data + len); a miss zeroes the buffer and gives -EFAULT. */
static void h_skb_load_bytes(struct rt_exec *x, uint64_t *r)
{
	uint32_t off = (uint32_t)r[2], len = (uint32_t)r[4];
	uint8_t *to = hmem(x, r[3], len, true);

	if (!to)
		return;
	if (!skb_ctx(x, r[1]) || off > INT32_MAX || (uint64_t)off + len > x->data_end - x->data) {
		memset(to, 0, len);
		r[0] = (uint64_t)-EFAULT;
		return;
	}
	memcpy(to, (void *)(x->data + off), len);
	r[0] = 0;
}

/* bpf_skb_store_bytes(): the checksum flags change nothing here
 * (BPF_PROG_TEST_RUN's skb is CHECKSUM_NONE, and the hash is not kept);
 * bpf_try_make_writable() fails past skb->len. */
static void h_skb_store_bytes(struct rt_exec *x, uint64_t *r)
{
	uint32_t off = (uint32_t)r[2], len = (uint32_t)r[4];
	const uint8_t *from = hmem(x, r[3], len, false);

	if (!from)
		return;
	if (r[5] & ~(uint64_t)(BPF_F_RECOMPUTE_CSUM | BPF_F_INVALIDATE_HASH)) {
		r[0] = (uint64_t)-EINVAL;
		return;
	}
	if (!skb_ctx(x, r[1]) || off > INT32_MAX || (uint64_t)off + len > x->data_end - x->data) {
		r[0] = (uint64_t)-EFAULT;
		return;
	}
	memmove((void *)(x->data + off), from, len);
	r[0] = 0;
}

static bool xdp_ctx(struct rt_exec *x, uint64_t ctx)
{
	return x->type == BPF_PROG_TYPE_XDP && ctx == (uintptr_t)x->ctx && x->pkt;
}

/* bpf_xdp_adjust_head() */
static void h_xdp_adjust_head(struct rt_exec *x, uint64_t *r)
{
	uintptr_t hard = (uintptr_t)x->pkt, meta_len = x->data - x->data_meta;
	uintptr_t data = x->data + (int64_t)(int32_t)r[2];

	if (!xdp_ctx(x, r[1]) || data < hard + XDP_FRAME_SZ + meta_len ||
	    data > x->data_end - ETH_HLEN) {
		r[0] = (uint64_t)-EINVAL;
		return;
	}
	if (meta_len)
		memmove((void *)(x->data_meta + (data - x->data)), (void *)x->data_meta, meta_len);
	x->data_meta += data - x->data;
	x->data = data;
	rt_pkt_update(x);
	r[0] = 0;
}

/* bpf_xdp_adjust_tail(), linear buffers only */
static void h_xdp_adjust_tail(struct rt_exec *x, uint64_t *r)
{
	int32_t off = (int32_t)r[2];
	uintptr_t end = x->data_end + (int64_t)off;

	if (!xdp_ctx(x, r[1]) || end > x->frame_end || end < x->data + ETH_HLEN) {
		r[0] = (uint64_t)-EINVAL;
		return;
	}
	if (off > 0)
		memset((void *)x->data_end, 0, (size_t)off);
	x->data_end = end;
	rt_pkt_update(x);
	r[0] = 0;
}

/* bpf_xdp_adjust_meta() */
static void h_xdp_adjust_meta(struct rt_exec *x, uint64_t *r)
{
	uintptr_t meta = x->data_meta + (int64_t)(int32_t)r[2];
	uintptr_t len = x->data - meta;

	if (!xdp_ctx(x, r[1]) || meta < (uintptr_t)x->pkt + XDP_FRAME_SZ || meta > x->data) {
		r[0] = (uint64_t)-EINVAL;
		return;
	}
	if (len > 32 || len & 3) {
		r[0] = (uint64_t)-EACCES;
		return;
	}
	x->data_meta = meta;
	rt_pkt_update(x);
	r[0] = 0;
}

/* bpf_xdp_redirect(): XDP_REDIRECT, or XDP_ABORTED with flags. */
static void h_redirect(struct rt_exec *x, uint64_t *r)
{
	(void)x;
	r[0] = r[2] ? XDP_ABORTED : XDP_REDIRECT;
}

/* bpf_xdp_redirect_map(): the runtime's devmaps and xskmaps are empty, so
 * the lookup fails and the flags' fallback action is returned. */
static void h_redirect_map(struct rt_exec *x, uint64_t *r)
{
	if (map_arg(x, r[1]))
		r[0] = r[3] & (XDP_ABORTED | XDP_DROP | XDP_PASS | XDP_TX);
}

/* bpf_perf_event_output(): the record is read and dropped. */
static void h_perf_output(struct rt_exec *x, uint64_t *r)
{
	if (!map_arg(x, r[2]) || (r[5] && !hmem(x, r[4], r[5], false)))
		return;
	r[0] = 0;
}

/* bpf_loop(): the callback in a new frame, until it returns 1. */
static void h_loop(struct rt_exec *x, uint64_t *r)
{
	uint64_t nr = (uint32_t)r[1], fn = r[2], ctx = r[3], i;

	if (r[4] || (fn & ~0xffffffffull) != INTERP_FUNC_TOKEN) {
		r[0] = (uint64_t)-EINVAL;
		return;
	}
	if (nr > (1u << 23)) {
		r[0] = (uint64_t)-E2BIG;
		return;
	}
	for (i = 0; i < nr && !x->stop; i++) {
		uint64_t args[5] = { i, ctx, 0, 0, 0 };

		if ((x->callback ?: interp_callback)(x, (uint32_t)fn, args)) {
			i++;
			break;
		}
	}
	x->regs[0] = i;
}

static struct rtmap *ringbuf_arg(struct rt_exec *x, uint64_t p)
{
	struct rtmap *m = map_arg(x, p);

	if (m && rtmap_type(m) != BPF_MAP_TYPE_RINGBUF) {
		rt_fail(x, -EINVAL, "helper %s at insn %zu: map '%s' is not a ringbuf",
			isa_helper_name(x->cur_helper), x->pc, rtmap_def(m)->name);
		return NULL;
	}
	return m;
}

/* bpf_ringbuf_output() */
static void h_ringbuf_output(struct rt_exec *x, uint64_t *r)
{
	struct rtmap *m = ringbuf_arg(x, r[1]);

	if (!m || (r[3] && !hmem(x, r[2], r[3], false)))
		return;
	r[0] = r[3] > rtmap_def(m)->max_entries ? (uint64_t)-EAGAIN : 0;
}

/* bpf_ringbuf_reserve() */
static void h_ringbuf_reserve(struct rt_exec *x, uint64_t *r)
{
	struct rtmap *m = ringbuf_arg(x, r[1]);

	if (m)
		r[0] = r[3] ? 0 : (uintptr_t)rtmap_ringbuf_reserve(x->rt, m, r[2]);
}

/* bpf_ringbuf_submit() / bpf_ringbuf_discard() */
static void h_ringbuf_commit(struct rt_exec *x, uint64_t *r)
{
	rtmap_ringbuf_commit(x->rt, (void *)(uintptr_t)r[1]);
	r[0] = 0;
}

static const helper_fn helpers[ISA_HELPER_MAX] = {
	[BPF_FUNC_map_lookup_elem] = h_map_lookup,
	[BPF_FUNC_map_update_elem] = h_map_update,
	[BPF_FUNC_map_delete_elem] = h_map_delete,
	[BPF_FUNC_probe_read] = h_probe_read,
	[BPF_FUNC_probe_read_kernel] = h_probe_read,
	[BPF_FUNC_probe_read_user] = h_probe_read,
	[BPF_FUNC_probe_read_str] = h_probe_read_str,
	[BPF_FUNC_probe_read_kernel_str] = h_probe_read_str,
	[BPF_FUNC_probe_read_user_str] = h_probe_read_str,
	[BPF_FUNC_ktime_get_ns] = h_ktime,
	[BPF_FUNC_ktime_get_boot_ns] = h_ktime,
	[BPF_FUNC_ktime_get_coarse_ns] = h_ktime,
	[BPF_FUNC_trace_printk] = h_trace_printk,
	[BPF_FUNC_get_prandom_u32] = h_prandom,
	[BPF_FUNC_get_smp_processor_id] = h_zero,
	[BPF_FUNC_get_numa_node_id] = h_zero,
	[BPF_FUNC_get_current_pid_tgid] = h_pid_tgid,
	[BPF_FUNC_tail_call] = h_tail_call,
	[BPF_FUNC_csum_diff] = h_csum_diff,
	[BPF_FUNC_skb_load_bytes] = h_skb_load_bytes,
	[BPF_FUNC_skb_store_bytes] = h_skb_store_bytes,
	[BPF_FUNC_xdp_adjust_head] = h_xdp_adjust_head,
	[BPF_FUNC_xdp_adjust_tail] = h_xdp_adjust_tail,
	[BPF_FUNC_xdp_adjust_meta] = h_xdp_adjust_meta,
	[BPF_FUNC_redirect] = h_redirect,
	[BPF_FUNC_redirect_map] = h_redirect_map,
	[BPF_FUNC_perf_event_output] = h_perf_output,
	[BPF_FUNC_loop] = h_loop,
	[BPF_FUNC_ringbuf_output] = h_ringbuf_output,
	[BPF_FUNC_ringbuf_reserve] = h_ringbuf_reserve,
	[BPF_FUNC_ringbuf_submit] = h_ringbuf_commit,
	[BPF_FUNC_ringbuf_discard] = h_ringbuf_commit,
	[BPF_FUNC_ringbuf_query] = h_zero,
};

void helper_call(struct rt_exec *x, int id)
{
	helper_fn fn = id >= 0 && id < ISA_HELPER_MAX ? helpers[id] : NULL;
	const char *name = isa_helper_name(id);

	if (!fn) {
		rt_fail(x, -EOPNOTSUPP, "insn %zu: helper %s#%d is not supported by the runtime",
			x->pc, name ? name : "unknown", id);
		return;
	}
	x->cur_helper = id;
	fn(x, x->regs);
	x->cur_helper = -1;
}
