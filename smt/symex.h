/* SPDX-License-Identifier: MIT */
/*
 * smt internals: the symbolic state and the straight-line step shared by
 * the two executors of a whole program, path.c (one path at a time) and
 * merge.c (every path at once, states joined where the CFG joins).
 * Control flow (jumps, exit, bpf-to-bpf calls) is each executor's own.
 */
#ifndef BPFKASAN_SMT_SYMEX_H
#define BPFKASAN_SMT_SYMEX_H

#include "internal.h"

#define SYM_FRAME_SIZE 512
#define SYM_MAX_FRAMES 8
#define SYM_MAX_OBJS 24

/* An object an access may lie in: [base, base + size), when `live` holds. */
struct sym_object {
	Z3_ast base, size, live;
};

struct sym_frame {
	int ret_insn;
	Z3_ast saved[5]; /* r6-r9 and r10 of the caller */
};

struct sym_state {
	Z3_ast regs[ISA_MAX_REG];
	Z3_ast mem;
	/* with an environment: the objects the state knows, and map pointers */
	struct sym_object objs[SYM_MAX_OBJS];
	int nobj;
	int mapfd[ISA_MAX_REG]; /* the map a register holds a pointer to, or -1 */
	int insn;
	/* path.c only */
	unsigned level;	/* the solver scope this state's path condition fills */
	Z3_ast pending;	/* a condition to assume on resuming, or NULL */
	unsigned steps;
	int depth;
	struct sym_frame frames[SYM_MAX_FRAMES];
};

/* One run of an executor over one program. */
struct symex {
	struct smt_ctx *s;
	const struct smt_run_input *in;
	/* an environment run's globals, shared by every path */
	Z3_ast ctx, data, len;
	Z3_ast *map_val; /* per map: the address of its global value */
	unsigned fresh;
	/* an access to [addr, addr + size) at insn i (environment runs) */
	void (*access)(struct symex *x, struct sym_state *st, int i, Z3_ast addr, int size);
	/* a fact about fresh variables that holds from here on */
	void (*axiom)(struct symex *x, struct sym_state *st, Z3_ast fact);
};

Z3_ast sym_and(struct smt_ctx *s, Z3_ast a, Z3_ast b);

/*
 * The initial state: r1..r9 as the input says, r10 the stack top, memory
 * holding the image; with an environment, the ctx in r1, the stack, the
 * packet and each map's global value as objects.  Returns the facts the
 * environment's variables satisfy (a Bool to assert), or NULL when out of
 * memory.  symex_fini() frees what it allocated.
 */
Z3_ast symex_start(struct symex *x, struct sym_state *st);
void symex_fini(struct symex *x);

/* The Bool "[addr, addr + size) lies in no live object of st" (65-bit, no wrap). */
Z3_ast symex_outside(struct symex *x, const struct sym_state *st, Z3_ast addr, int size);

/*
 * Execute st->insn if it is not control flow: ALU, loads, stores,
 * atomics, 64-bit immediates, helper calls with an environment.
 * Returns 1 (done, st->insn moved on), 0 (a jump, exit or bpf-to-bpf
 * call: the executor's), or -EOPNOTSUPP (not modelled; msg says which).
 */
int symex_step(struct symex *x, struct sym_state *st, char *msg, size_t len);

/* The operand of a BPF_X or BPF_K instruction. */
Z3_ast symex_src(struct smt_ctx *s, const struct sym_state *st, const struct bpf_insn *insn);

/* "insn %d (text) is not modelled" into msg. */
void symex_unsupported(const struct smt_run_input *in, int i, char *msg, size_t len);

#endif /* BPFKASAN_SMT_SYMEX_H */
