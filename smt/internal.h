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
	/* smt_run(): the path condition, one solver scope per branch taken */
	Z3_solver run_sv;
	unsigned run_level;
};

/* solver.c: solvers with the per-query timeout, one reference held (NULL on a Z3 error) */
Z3_solver smt_solver_plain(struct smt_ctx *s);  /* incremental */
enum smt_pipeline { SMT_FAST, SMT_THOROUGH };
/* simplify, then SMT for 50 ms, else SAT (see solver.c) */
Z3_solver smt_solver_tactic(struct smt_ctx *s, enum smt_pipeline how);

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
 * The stack slots tracked like registers: 8-byte slots of the frame that
 * the program both spills to and fills from through r10 at a constant
 * offset (clang keeps data_end and packet pointers there).  Virtual
 * register ISA_MAX_REG + k is slot k, at r10 + off[k].
 */
#define SLICE_MAX_SLOTS 16
struct slice_slots {
	int n;
	int16_t off[SLICE_MAX_SLOTS];
};

void slice_find_slots(const struct bpf_insn *insns, int n, struct slice_slots *out);

/* The slot an 8-byte r10-based spill or fill of insn uses, or -1. */
int slice_slot_of(const struct slice_slots *slots, const struct bpf_insn *insn);

/*
 * Per insn, the bit mask of registers (and tracked slots, from bit
 * ISA_MAX_REG) whose invariants can matter to proving the accesses at the
 * insns where prove[] is set (a backward slice over the CFG; see slice.c).
 * NULL when out of memory.  Free it.
 */
struct vx_insn_summary;
unsigned *slice_live_regs(const struct bpf_insn *insns, int n, const bool *prove,
			  const struct vx_insn_summary *sum, const struct slice_slots *slots);

#endif /* BPFKASAN_SMT_INTERNAL_H */
