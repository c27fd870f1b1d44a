/* SPDX-License-Identifier: MIT */
/*
 * jitint.h: what jit.c (compiler and run) and dump.c (listing) share.
 * Internal: jit.h is the API.
 */
#ifndef BPFKASAN_JIT_INT_H
#define BPFKASAN_JIT_INT_H

#include <setjmp.h>

#include "rt.h"

/* The per-program state the code reads at a fixed address. */
struct jit_state {
	int64_t depth;		 /* current frame, -1 before the entry */
	uint64_t entry_rsp;	 /* rsp of the innermost trampoline, for aborts */
	uint64_t may_goto;	 /* may_goto's remaining budget */
	uint64_t back_edges;	 /* backward jumps left before the run fails */
	uint64_t frame_top[RT_MAX_FRAMES]; /* r10 of each depth */
	struct rt_exec *x;	 /* the run */
};

/* Where the code can fault, and what the instruction was doing. */
enum jit_site_kind { SITE_SHADOW, SITE_MEM };

struct jit_site {
	uint32_t from, to;	 /* [from, to) of the image */
	int insn;
	enum jit_site_kind kind;
	uint8_t size;
	bool write;
	int8_t base;		 /* the address: x86 register base + disp */
	int32_t disp;
};

/* An inline check and its slow path. */
struct jit_check {
	int insn;
	uint8_t size;
	bool write;
	uint32_t stub;		 /* the slow path's offset */
	uint32_t back;		 /* where it resumes */
};

enum { JIT_THUNKS = 8 };	 /* full mode's routines: size 1/2/4/8 x read/write */

struct jit_prog {
	struct rt *rt;
	const struct bpf_insn *insns;
	size_t insn_cnt;
	enum bpf_prog_type type;
	const struct obj_prog *prog;
	enum rt_check_mode mode;
	uint8_t *bitmap;

	uint8_t *image;		 /* mapped read+exec */
	size_t image_len, map_len;
	uint32_t *off;		 /* [insn_cnt + 1]: each insn's code (after a prologue) */
	uint32_t *entry;	 /* [insn_cnt + 1]: a function's prologue, or UINT32_MAX */
	uint32_t tramp, tramp_exit, abort, thunk[JIT_THUNKS], body, stubs, depth_fail, limit_fail;
	struct jit_check *checks;
	unsigned check_cnt;
	struct jit_site *sites;
	size_t site_cnt;
	struct jit_state *st;
	struct jit_stats stats;

	sigjmp_buf jb;		 /* a fault in the code lands here */
	struct jit_site fault;
	uintptr_t fault_addr;
};

#endif /* BPFKASAN_JIT_INT_H */
