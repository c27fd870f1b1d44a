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
	int8_t base;		 /* the address: x86 register base + off */
	int32_t off;
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
	const struct rt_stack_layout *layout; /* stack red zones, or NULL */

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

/* Runtime failures the code reports through jit_c_fail(). */
enum jit_failure {
	FAIL_KFUNC = 1, FAIL_ASCAST, FAIL_KSYM, FAIL_NOMAP, FAIL_OPCODE, FAIL_ATOMIC_SIZE,
	FAIL_ATOMIC_OP, FAIL_PC_OUT,
};

/* Two values in rax:rdx (the SysV return of a 16-byte struct). */
struct jit_pair {
	uint64_t a, b;
};

/* jitrun.c: what the code calls (addresses jit.c emits) */
bool jit_c_check(uint32_t insn, uint64_t addr, uint32_t size, uint32_t write);
struct jit_pair jit_c_helper(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
			     uint64_t packed);
struct jit_pair jit_c_ldabs(uint64_t src, uint64_t packed, uint32_t mode);
void jit_c_fail(uint32_t insn, uint32_t why, uint64_t arg);
void jit_c_limit(uint32_t insn);
void jit_c_depth_fail(void);
/* The SIGSEGV/SIGBUS handlers, installed when a program is compiled. */
void jit_install_handlers(void);

#endif /* BPFKASAN_JIT_INT_H */
