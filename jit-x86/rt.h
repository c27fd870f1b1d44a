/* SPDX-License-Identifier: MIT */
/*
 * rt.h: what the runtime's files share.  Internal: jit.h is the API.
 *
 * shadow.c  shadow_*   the shadow of one arena
 * alloc.c   rtalloc_*  objects with red zones, quarantine, address lookup
 * report.c  report_*   KASAN-shaped reports
 * maps.c    rtmap_*    runtime maps
 * helpers.c helper_*   the helpers, by id
 * interp.c  interp_*   the reference interpreter
 * rt.c      rt_*       the API: runtime, run set-up, context and packet
 * stackrz.c rt_frame*  red zones between the objects of a frame
 */
#ifndef BPFKASAN_JIT_RT_H
#define BPFKASAN_JIT_RT_H

#include "jit.h"

/* ---- shadow.c ---- */

struct shadow {
	uintptr_t lo, hi;	/* the arena it shadows */
	uintptr_t offset;	/* shadow(a) = (a >> 3) + offset */
	void *map;		/* the reserved shadow region */
	size_t map_len;
	void *guard;		/* or: the shadow of all user space, only the */
	bool guarded;		/* arena's part accessible */
};

int shadow_init(struct shadow *s, uintptr_t lo, size_t len);
void shadow_fini(struct shadow *s);
static inline int8_t *shadow_of(const struct shadow *s, uintptr_t a)
{
	return (int8_t *)((a >> 3) + s->offset);
}
static inline bool shadow_covers(const struct shadow *s, uintptr_t a, size_t size)
{
	return a >= s->lo && a < s->hi && size <= s->hi - a;
}
void shadow_poison(const struct shadow *s, uintptr_t a, size_t size, int8_t code);
void shadow_unpoison(const struct shadow *s, uintptr_t a, size_t size);
uintptr_t shadow_first_bad(const struct shadow *s, uintptr_t a, size_t size);
/* Is every granule [a, a + size) touches wholly addressable (shadow 0)?
 * The common case of a check, decided inline; false says only that
 * shadow_first_bad() must look (a partial granule may still be good). */
static inline bool shadow_all_clear(const struct shadow *s, uintptr_t a, size_t size)
{
	if (!size)
		return true;
	if (!shadow_covers(s, a, size))
		return false;
	for (const int8_t *g = shadow_of(s, a), *last = shadow_of(s, a + size - 1); g <= last; g++)
		if (*g)
			return false;
	return true;
}
int8_t shadow_kind(const struct shadow *s, uintptr_t bad);

/* ---- alloc.c ---- */

enum chunk_state { CHUNK_LIVE, CHUNK_QUARANTINED, CHUNK_AVAILABLE };

/* One object and its red zones: [base, base + total) of the arena. */
struct chunk {
	uintptr_t base;
	size_t total;
	uintptr_t user;		/* the object: [user, user + size) */
	size_t size;
	enum chunk_state state;
	bool stack;		/* red zones are stack red zones */
	char desc[64];
};

struct rtalloc {
	struct shadow sh;
	void *arena;
	size_t arena_len;
	uintptr_t bump;
	uintptr_t poisoned_to;	/* shadow of [arena, poisoned_to) is written */
	struct chunk *chunks;	/* sorted by base: the bump only grows */
	size_t chunk_cnt, chunk_cap;
	size_t *fifo;		/* quarantine, chunk indices, oldest first */
	size_t fifo_head, fifo_cnt, fifo_cap;
	size_t quarantined, quarantine_max;
	size_t *avail;		/* chunks out of quarantine, to reuse */
	size_t avail_cnt, avail_cap;
};

#define RTALLOC_REDZONE 32
#define RTALLOC_STACK_REDZONE 64

int rtalloc_init(struct rtalloc *a, size_t arena_len, size_t quarantine_max);
void rtalloc_fini(struct rtalloc *a);
void *rtalloc_alloc_rz(struct rtalloc *a, size_t size, size_t left, size_t right, bool stack,
		       const char *desc);
static inline void *rtalloc_alloc(struct rtalloc *a, size_t size, const char *desc)
{
	return rtalloc_alloc_rz(a, size, RTALLOC_REDZONE, RTALLOC_REDZONE, false, desc);
}
void rtalloc_free(struct rtalloc *a, void *p);
struct chunk *rtalloc_find(const struct rtalloc *a, uintptr_t addr);
void rtalloc_set_window(struct rtalloc *a, struct chunk *c, uintptr_t user, size_t size);

/* ---- rt.c / the structures a run shares ---- */

struct rtmap;

struct rt {
	const struct obj *obj;
	struct rt_opts opts;
	struct rtalloc alloc;
	struct rtmap *maps;	/* obj->map_cnt */
	size_t map_cnt;
	uintptr_t stacks[8];	/* bottom of each frame's 512 bytes */
	/* the red zones each frame has now (the function running there), for
	 * reports; NULL: none.  The JIT's prologues write it too. */
	const struct rt_frame_layout *frame_layout[8];
	uint64_t prandom;
	/* Values of deleted hash elements, freed when the run ends. */
	void **grace;
	size_t grace_cnt, grace_cap;
};

#define RT_MAX_FRAMES 8		/* MAX_CALL_FRAMES */
#define RT_XDP_HEADROOM 256	/* XDP_PACKET_HEADROOM */
#define RT_XDP_FRAME 4096	/* a page: headroom + data + tailroom + skb_shared_info */
#define RT_XDP_SHINFO 320

/* One interpreter frame: what a bpf-to-bpf call saves. */
struct interp_frame {
	uint64_t saved[5];	/* r6-r10 of the caller */
	size_t ret_pc;
};

/* One run: the state the interpreter, helpers and reports share. */
struct rt_exec {
	struct rt *rt;
	const struct bpf_insn *insns;
	size_t insn_cnt;
	enum bpf_prog_type type;
	const struct obj_prog *prog;
	const struct rt_run_opts *opts;
	struct rt_run_result *res;

	uint64_t regs[ISA_MAX_REG];
	size_t pc;
	int depth;
	struct interp_frame frames[RT_MAX_FRAMES];
	uint64_t limit;
	uint64_t may_goto;	/* may_goto's remaining iterations */
	bool stop;		/* exit, error or halt: unwind */

	/* Context and packet. */
	void *ctx;
	size_t ctx_len;
	bool ctx_pkt_fields;	/* data/data_end loads from ctx give pointers */
	void *pkt;		/* the packet chunk's object start (headroom included) */
	uintptr_t data, data_end, data_meta, frame_end;
	/* skb programs: eth_type_trans()'s mac and network headers (SKF_LL_OFF,
	 * SKF_NET_OFF of LD_ABS/IND) */
	uintptr_t mac_header, net_header;
	int cur_helper;		/* helper running, for reports; -1 none */
	/* The engine's bpf_loop() callback runner; NULL: interp_callback(). */
	uint64_t (*callback)(struct rt_exec *x, size_t target, const uint64_t args[5]);
};

/* The engine that runs a set-up rt_exec from its entry: interp_engine()
 * or the JIT's; it leaves the result in x->regs[0]. */
typedef void (*rt_engine_fn)(struct rt_exec *x, void *arg);
int rt_run_engine(struct rt *rt, const struct bpf_insn *insns, size_t insn_cnt,
		  enum bpf_prog_type type, const struct obj_prog *prog,
		  const struct rt_run_opts *opts, struct rt_run_result *res,
		  rt_engine_fn engine, void *arg);
/* LD_ABS / LD_IND: the address of `size` bytes at `off`, 0 out of bounds. */
uintptr_t rt_ld_abs_ptr(const struct rt_exec *x, int32_t off, int size);
/* Does a program of type t run on a packet (data/data_end in its ctx)? */
bool rt_has_packet(enum bpf_prog_type t);
#define RT_MAX_LOOPS (8 * 1024 * 1024) /* may_goto's budget: BPF_MAX_LOOPS */

/* Fail the run: res->error/msg set, x->stop.  Returns err. */
int rt_fail(struct rt_exec *x, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Re-poison the packet after a helper moved data/data_end. */
void rt_pkt_update(struct rt_exec *x);

/* ---- stackrz.c ---- */

/* A function starting at insn func enters frame `depth`: write the frame's
 * shadow (nothing when the layout has no red zones at all). */
void rt_frame_enter(struct rt *rt, const struct rt_stack_layout *l, int depth, size_t func);
/* Every frame back to 512 addressable bytes (run set-up and teardown). */
void rt_frames_reset(struct rt *rt);

/* ---- report.c ---- */

/* A bad access at `addr` (first bad byte `bad`): print, count, maybe halt. */
void report_access(struct rt_exec *x, uintptr_t addr, size_t size, bool is_write, uintptr_t bad);
/* A check before an access: reports and returns false if anything is bad.
 * Inline up to the shadow test, which a correct access passes: the helpers
 * check their memory arguments on every call (elide mode too), and a call
 * into report.c per argument was most of what elide mode cost over none
 * in programs with no checked access. */
bool report_check_slow(struct rt_exec *x, uintptr_t addr, size_t size, bool is_write);
static inline bool report_check(struct rt_exec *x, uintptr_t addr, size_t size, bool is_write)
{
	return shadow_all_clear(&x->rt->alloc.sh, addr, size) ||
	       report_check_slow(x, addr, size, is_write);
}

/* ---- maps.c ---- */

struct rtmap *rtmap_by_ptr(struct rt *rt, uint64_t ptr);
int rtmap_create_all(struct rt *rt, char *err, size_t errlen);
void rtmap_destroy_all(struct rt *rt);
uint64_t rtmap_ptr(struct rt *rt, size_t idx);		/* ld_imm64 map fd */
uint64_t rtmap_value_ptr(struct rt *rt, size_t idx);	/* ld_imm64 map value, element 0 */
const struct obj_map *rtmap_def(const struct rtmap *m);
uint32_t rtmap_type(const struct rtmap *m);
void *rtmap_lookup(struct rt *rt, struct rtmap *m, const void *key);
int rtmap_update(struct rt *rt, struct rtmap *m, const void *key, const void *value,
		 uint64_t flags);
int rtmap_delete(struct rt *rt, struct rtmap *m, const void *key);
void rt_free_after_run(struct rt *rt, void *p);
void *rtmap_ringbuf_reserve(struct rt *rt, struct rtmap *m, uint64_t size);
void rtmap_ringbuf_commit(struct rt *rt, void *rec);
struct rtmap *rtmap_named(struct rt *rt, const char *name);

/* ---- helpers.c ---- */

/* Call helper `id` with r1-r5; result in r0.  Fails the run if unknown. */
void helper_call(struct rt_exec *x, int id);

/* ---- interp.c ---- */

/* Run from x->pc until the frame at depth `base` exits; its r0 is in regs[0]. */
void interp_exec(struct rt_exec *x, int base);
/* Call the BPF function at insn `target` with r1-r5 = args (bpf_loop's
 * callback); returns its r0, or 0 after failing the run. */
uint64_t interp_callback(struct rt_exec *x, size_t target, const uint64_t args[5]);
/* ld_imm64 src_reg BPF_PSEUDO_FUNC: the value standing for insn `idx`. */
#define INTERP_FUNC_TOKEN 0xbfc0000000000000ull

#endif /* BPFKASAN_JIT_RT_H */
