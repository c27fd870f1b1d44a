/* SPDX-License-Identifier: MIT */
/* smt internals: the Z3 context and the instruction semantics (sem.c). */
#ifndef BPFKASAN_SMT_INTERNAL_H
#define BPFKASAN_SMT_INTERNAL_H

#include <z3.h>

#include "smt.h"

struct smt_ctx {
	Z3_context z;
	Z3_sort bv64, bv32, bv8, mem_sort, boolean;
	unsigned timeout_ms;
	double budget_s;  /* per program (smt_certify) */
	char err[160]; /* the last Z3 error */
	bool failed;
};

/* 64-bit constant */
Z3_ast sem_const(struct smt_ctx *s, uint64_t v);

/*
 * The new value of dst after ALU/ALU64 instruction `insn`, given the old
 * dst and the source operand (a register's value, or the immediate as the
 * kernel sign-extends it).  NULL for an opcode that is not an ALU op.
 */
Z3_ast sem_alu(struct smt_ctx *s, const struct bpf_insn *insn, Z3_ast dst, Z3_ast src);

/* The condition under which JMP/JMP32 `insn` is taken (a Bool). */
Z3_ast sem_cond(struct smt_ctx *s, const struct bpf_insn *insn, Z3_ast dst, Z3_ast src);

/* Little-endian loads and stores of 1, 2, 4 or 8 bytes; sx sign-extends. */
Z3_ast sem_load(struct smt_ctx *s, Z3_ast mem, Z3_ast addr, int size, bool sx);
Z3_ast sem_store(struct smt_ctx *s, Z3_ast mem, Z3_ast addr, Z3_ast val, int size);

/* The source operand of an ALU/JMP insn with a BPF_K immediate (sign-extended). */
Z3_ast sem_imm(struct smt_ctx *s, const struct bpf_insn *insn);

/* slice.c: the registers insn reads (r10 always) */
unsigned slice_regs_read(const struct bpf_insn *insn);

/*
 * Per insn, the bit mask of registers whose invariants can matter to
 * proving the accesses at the insns where prove[] is set (a backward slice
 * over the CFG; see slice.c).  NULL when out of memory.  Free it.
 */
struct vx_insn_summary;
unsigned *slice_live_regs(const struct bpf_insn *insns, int n, const bool *prove,
			  const struct vx_insn_summary *sum);

#endif /* BPFKASAN_SMT_INTERNAL_H */
