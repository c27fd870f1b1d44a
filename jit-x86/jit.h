/* SPDX-License-Identifier: MIT */
/*
 * jit-x86: run BPF programs in userspace with KASAN-style checks.
 *
 * This header is the component's whole API.  What exists today is the
 * runtime (shadow memory, an allocator with red zones and a quarantine,
 * maps, helpers, KASAN-shaped reports) and the reference interpreter; the
 * x86-64 JIT (issue 5 item 2) will run against the same runtime.
 *
 * Memory model.  Everything a program can reach (map values, the packet,
 * the context, its stack frames, ring buffer records) is allocated from
 * one arena the runtime mmap()s with MAP_NORESERVE, and every object has
 * poisoned red zones around it in an ASan-layout shadow:
 *
 *	shadow(addr) = (addr >> 3) + offset
 *
 * The offset is not ASan's fixed 0x7fff8000 (taken by ASan itself in the
 * project's sanitizer builds): the runtime reserves a shadow region just
 * for its arena and picks offset so that shadow(arena) lands on it
 * (rt_shadow_offset()).  A shadow byte follows KASAN generic: 0 = the 8
 * bytes are addressable, 1..7 = the first k are, negative = poisoned, the
 * value saying why (RT_SHADOW_*).
 *
 * Errors are negative errno values with a one-line message, as in libbpf.
 */
#ifndef BPFKASAN_JIT_H
#define BPFKASAN_JIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "isa.h"
#include "object.h"
#include "verifier-ext/verifier.h"

/* Shadow byte values, as KASAN generic's mm/kasan/kasan.h names them. */
#define RT_SHADOW_REDZONE	((int8_t)0xFC) /* KASAN_SLAB_REDZONE */
#define RT_SHADOW_FREED		((int8_t)0xFB) /* KASAN_SLAB_FREE */
#define RT_SHADOW_STACK_LEFT	((int8_t)0xF1) /* KASAN_STACK_LEFT */
#define RT_SHADOW_STACK_MID	((int8_t)0xF2) /* KASAN_STACK_MID: a gap between objects */
#define RT_SHADOW_STACK_RIGHT	((int8_t)0xF3) /* KASAN_STACK_RIGHT */
#define RT_SHADOW_UNALLOCATED	((int8_t)0xFE) /* KASAN_PAGE_REDZONE: arena not handed out */

/* The kind of bad access a report names, as KASAN's bug types. */
enum rt_bug {
	RT_BUG_SLAB_OOB,	/* "slab-out-of-bounds" */
	RT_BUG_USE_AFTER_FREE,	/* "slab-use-after-free" */
	RT_BUG_STACK_OOB,	/* "stack-out-of-bounds" */
	RT_BUG_WILD,		/* "wild-memory-access": outside the runtime's arena */
	RT_BUG_NULL_DEREF,	/* "null-ptr-deref": the first page */
	RT_BUG_UNALLOCATED,	/* "out-of-bounds": arena memory no object owns */
};

const char *rt_bug_name(enum rt_bug b);

struct rt;

struct rt_opts {
	size_t arena_size;	 /* virtual bytes for runtime objects; 0: 1 GiB */
	size_t quarantine_bytes; /* freed bytes kept poisoned; 0: 16 MiB */
	uint64_t prandom_seed;	 /* bpf_get_prandom_u32's seed; 0: fixed default */
	FILE *trace_out;	 /* bpf_trace_printk output; NULL: stderr */
	FILE *report_out;	 /* KASAN reports; NULL: stderr */
	bool quiet;		 /* print no reports (they are still counted) */
};

/*
 * Build a runtime for object `o` (NULL: no maps, for raw instruction
 * streams): the arena and its shadow, one runtime map per obj_map (array,
 * percpu array, hash, percpu hash, LRU hash, LRU percpu hash, ringbuf,
 * prog array; global data maps initialised from the object).  Other map
 * types are created empty and fail the run only if a helper uses them.
 * `o` must outlive the runtime.
 */
int rt_open(const struct obj *o, const struct rt_opts *opts, struct rt **out, char *err,
	    size_t errlen);
void rt_close(struct rt *rt);

/* The shadow offset: shadow(addr) = (addr >> 3) + rt_shadow_offset(rt). */
uintptr_t rt_shadow_offset(const struct rt *rt);

/* Which accesses a run checks against the shadow. */
enum rt_check_mode {
	RT_CHECK_NONE,	 /* none (the arena bound is still enforced) */
	RT_CHECK_FULL,	 /* every load, store and atomic except an r10-based
			  * one whose fixed offset lies in [-512, 0) */
	RT_CHECK_BITMAP, /* exactly the instructions set in check_bitmap */
};

struct rt_stack_layout;

struct rt_run_opts {
	enum rt_check_mode mode;
	const uint8_t *check_bitmap; /* RT_CHECK_BITMAP: bit i (byte i/8, bit i%8) = insn i */
	bool halt_on_error;	 /* stop at the first report (else multi-shot) */
	const void *data;	 /* packet (XDP, skb types) or raw buffer */
	size_t data_len;
	const void *ctx;	 /* initial context bytes; NULL: zeroes (or, for
				  * a type without a packet, data) */
	size_t ctx_len;		 /* 0: struct xdp_md, struct __sk_buff, else
				  * data_len or 256 bytes */
	const void *image;	 /* what bpf_probe_read*() may read ... */
	size_t image_len;
	uint64_t image_addr;	 /* ... at this address */
	uint64_t insn_limit;	 /* 0: 100,000,000 executed instructions */
	/*
	 * The bpf_conformance calling convention: r1 = a runtime copy of data
	 * (0 when data_len is 0), r2 = data_len, no context.
	 */
	bool conformance;
	uint32_t bench_repeat;	 /* benchmarks: run the program this many times on
				  * the one set-up (maps, packet and context carry
				  * over); res->engine_ns is the mean.  0: once */
	void *data_out;		 /* if set, receives the packet (or the conformance
				  * memory, or the raw context) after the run ... */
	size_t data_out_len;	 /* ... up to this many bytes (res->out_len says how many) */
	/* Red zones between the objects of each frame (rt_stack_layout_build());
	 * NULL: every frame is 512 addressable bytes.  The JIT takes it from
	 * jit_opts instead. */
	const struct rt_stack_layout *stack_layout;
};

/* One report, as the runtime printed it. */
struct rt_report {
	enum rt_bug bug;
	bool is_write;
	uint32_t size;
	uint64_t addr;
	int insn;		 /* BPF instruction index */
	int helper;		 /* helper id when a helper made the access, else -1 */
	char where[160];	 /* "0 bytes to the right of the 48-byte value of map 'counters'" */
};

#define RT_MAX_KEPT_REPORTS 16

struct rt_run_result {
	uint64_t r0;
	uint64_t insns;		 /* instructions executed (the interpreter only) */
	uint64_t engine_ns;	 /* ns in the program itself, set-up excluded (per
				  * run with bench_repeat) */
	unsigned int reports;	 /* reports made (all, even beyond kept[]) */
	struct rt_report kept[RT_MAX_KEPT_REPORTS];
	bool halted;		 /* halt_on_error stopped the run */
	size_t out_len;		 /* bytes written to opts->data_out */
	int error;		 /* 0, or the negative errno the run failed with */
	char msg[256];		 /* the failure, one line */
};

/*
 * Run `insns` (a linked program: obj_prog.insns, or a conformance test) as
 * a program of `type` in the interpreter.  `prog` (may be NULL) gives names
 * and source lines for reports.  Returns 0 when the program ran to its exit
 * (reports or not: see res->reports), or the negative errno of res->error
 * when it could not (unsupported helper, instruction limit, a stray access
 * outside the arena, bad instruction).
 */
int rt_run_insns(struct rt *rt, const struct bpf_insn *insns, size_t insn_cnt,
		 enum bpf_prog_type type, const struct obj_prog *prog,
		 const struct rt_run_opts *opts, struct rt_run_result *res);

/* rt_run_insns() on a program of the runtime's object. */
int rt_run(struct rt *rt, const struct obj_prog *prog, const struct rt_run_opts *opts,
	   struct rt_run_result *res);

/* Map access for callers (tests, --map-init): the value for `key`, NULL if
 * absent; rt_map_update() copies key and value in.  `name` is obj_map.name. */
void *rt_map_lookup(struct rt *rt, const char *name, const void *key);
int rt_map_update(struct rt *rt, const char *name, const void *key, const void *value);

/*
 * The allocator, for tests and for callers that lay out their own objects:
 * `size` zeroed bytes with poisoned red zones, described for reports as
 * `desc` ("value of map 'counters'").  rt_free() poisons the object and
 * keeps it in a FIFO quarantine, so a later access reports a use after free.
 */
void *rt_alloc(struct rt *rt, size_t size, const char *desc);
void rt_free(struct rt *rt, void *p);

/*
 * Check [addr, addr + size) against the shadow as a check inserted before
 * an access would: 0 if every byte is addressable, else the first bad
 * byte's address.  Handles accesses straddling two granules.
 */
uintptr_t rt_check(const struct rt *rt, uintptr_t addr, size_t size);

/* Describe where `addr` lies ("3 bytes to the left of the 13-byte ..."),
 * and the bug a bad access there is; returns the bug. */
enum rt_bug rt_describe(const struct rt *rt, uintptr_t addr, char *buf, size_t len);

/*
 * Stack red zones between the objects of a frame (stackrz.c).  From
 * verifier-ext's facts, per BPF function: the bytes of its 512-byte frame
 * that constant-offset accesses and helper arguments touch are its
 * objects; where a variable-offset access starts in an object, the bytes
 * no access touches (the gaps) are poisoned while the function runs, so
 * the access straying into a gap is a stack-out-of-bounds.  Objects that
 * touch cannot be told apart: straying from one into its neighbour is not
 * seen.
 */
struct rt_stack_object {
	int16_t lo, hi;		 /* [r10 + lo, r10 + hi) */
};

struct rt_frame_layout {
	int func;		 /* the function's first instruction */
	int8_t shadow[ISA_STACK_SIZE / 8]; /* its frame's shadow, lowest granule first */
	unsigned obj_cnt;
	struct rt_stack_object *objs; /* ascending */
};

struct rt_stack_layout {
	size_t insn_cnt;
	int *by_func;		 /* [insn_cnt]: index in frames[] of the function there, or -1 */
	struct rt_frame_layout *frames; /* the functions with red zones */
	unsigned frame_cnt;	 /* 0: no red zones (why[] says why, if there is a reason) */
	uint8_t *guard;		 /* bit i: insn i may reach a gap, so check it (elide mode) */
	unsigned gap_bytes;	 /* poisoned bytes over all frames */
	char why[160];
};

/* Build the layout of a program of insn_cnt instructions from its analysis
 * (a program the analysis did not accept gets none).  0 or -ENOMEM. */
int rt_stack_layout_build(const struct vx_result *vx, size_t insn_cnt,
			  struct rt_stack_layout **out);
void rt_stack_layout_free(struct rt_stack_layout *l);
/* The layout of the function starting at insn func, NULL if it has none. */
const struct rt_frame_layout *rt_stack_layout_of(const struct rt_stack_layout *l, size_t func);

/*
 * The x86-64 JIT (jit.c, emit.c, dump.c).  A program is compiled for one
 * runtime (the shadow offset, map and state addresses are constants in
 * the code) and one check mode:
 *
 *  RT_CHECK_NONE    no checks (the baseline);
 *  RT_CHECK_FULL    the upstream kernel's KASAN scheme: every load, store
 *                   and atomic except an r10-based one inside the frame
 *                   calls an out-of-line routine that saves the caller-saved
 *                   registers and checks the access in C (__asan_loadN);
 *  RT_CHECK_BITMAP  an inline shadow check on exactly the instructions set
 *                   in check_bitmap (the `checked` and `stack-protected`
 *                   verdicts), each with its own out-of-line slow path.
 *
 * Registers as the kernel's JIT maps them (R0-R10 -> rax, rdi, rsi, rdx,
 * rcx, r8, rbx, r13, r14, r15, rbp); r9, r10, r11 are scratch and r12
 * holds the shadow offset.  Each BPF function gets its own 512-byte frame
 * of the runtime (the same red-zoned frames the interpreter uses, one per
 * call depth), so stack red zones work across bpf-to-bpf calls.
 */
struct jit_prog;

struct jit_opts {
	enum rt_check_mode mode;
	const uint8_t *check_bitmap; /* RT_CHECK_BITMAP: bit i = insn i (copied) */
	/* stack red zones: each function's prologue writes its frame's shadow
	 * (kept by reference: it must outlive the program) */
	const struct rt_stack_layout *stack_layout;
};

struct jit_stats {
	size_t image_len;	 /* bytes of code */
	unsigned passes;	 /* until the image size converged */
	unsigned accesses;	 /* memory-access instructions (LDX, ST, STX, atomics) */
	unsigned inline_checks;	 /* inline fast paths == out-of-line slow-path stubs */
	unsigned call_checks;	 /* RT_CHECK_FULL: calls to the check routine */
};

/*
 * Compile `insns` (kept by reference: they must outlive the program) for
 * runtime `rt`.  Returns 0, or a negative errno with a one-line message
 * (a jump out of the program, out of memory).  Instructions the runtime
 * cannot run (kfuncs, arenas) compile to a run failure, as the
 * interpreter fails when it reaches them.
 */
int jit_compile(struct rt *rt, const struct bpf_insn *insns, size_t insn_cnt,
		enum bpf_prog_type type, const struct obj_prog *prog,
		const struct jit_opts *opts, struct jit_prog **out, char *err, size_t errlen);
void jit_free(struct jit_prog *jp);

/*
 * Run a compiled program: rt_run_insns() with the JIT as the engine.
 * opts->mode and check_bitmap are the compiled ones (the arguments are
 * ignored); res->insns is not counted, and opts->insn_limit bounds the
 * backward jumps taken instead of the instructions run.
 * An access outside the runtime's memory ends the run as in the
 * interpreter (reported first when it was checked).
 */
int jit_run(struct jit_prog *jp, const struct rt_run_opts *opts, struct rt_run_result *res);

const struct jit_stats *jit_get_stats(const struct jit_prog *jp);

/* The listing: each BPF instruction above its x86 code (Capstone), the
 * trampoline, check routines and slow paths labelled.  0 or -errno. */
int jit_dump(const struct jit_prog *jp, FILE *f);

#endif /* BPFKASAN_JIT_H */
