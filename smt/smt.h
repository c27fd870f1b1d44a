/* SPDX-License-Identifier: MIT */
/*
 * smt: BPF semantics in Z3, bit-precise, independent of verifier-ext.
 *
 * This is the first layer of issue 4: the encoding of every instruction
 * (sem.c) and an executor that follows a program path by path from its
 * entry (path.c), asking Z3 which branches are feasible.  The elision
 * proofs (candidate invariants from verifier-ext checked along every CFG
 * edge) build on it; until they land, nothing here elides anything.
 *
 * Semantics (RFC 9669 and Linux 6.12): 64-bit registers; 32-bit ALU
 * results zero-extended; shift amounts masked (& 63, & 31); unsigned and
 * signed division by zero give 0, modulo by zero leaves the dividend (its
 * low 32 bits, zero-extended, for 32-bit); MEMSX and MOVSX sign-extend;
 * END/BSWAP swap bytes; memory is little-endian.
 */
#ifndef BPFKASAN_SMT_H
#define BPFKASAN_SMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isa/isa.h"

struct smt_ctx;

struct smt_opts {
	unsigned timeout_ms; /* per solver query; 0: no limit */
};

/* A Z3 context with the BPF sorts; NULL on failure. */
struct smt_ctx *smt_open(const struct smt_opts *opts);
void smt_close(struct smt_ctx *s);

/* What a path-by-path run starts from. */
struct smt_run_input {
	const struct bpf_insn *insns;
	size_t insn_cnt;
	uint64_t regs[ISA_MAX_REG];  /* initial r0..r9 (r10 is set by the executor) */
	bool regs_symbolic[ISA_MAX_REG]; /* true: an unconstrained 64-bit variable */
	const uint8_t *mem;          /* concrete memory at mem_base, or NULL */
	size_t mem_len;
	uint64_t mem_base;
	uint64_t stack_top;          /* r10 of the entry frame; each call frame 512 below */
	unsigned max_paths;          /* 0: 1024 */
	unsigned max_steps;          /* per path; 0: 100000 */
};

enum smt_path_end {
	SMT_PATH_EXIT,        /* reached exit from the entry frame */
	SMT_PATH_LIMIT,       /* max_steps reached */
	SMT_PATH_UNSUPPORTED, /* an instruction the executor does not model (msg says which) */
	SMT_PATH_UNKNOWN,     /* Z3 could not decide a branch (timeout): the run is incomplete */
};

struct smt_path {
	enum smt_path_end end;
	int last_insn;
	bool r0_known;        /* r0 is the same value in every model of the path */
	uint64_t r0;          /* a model's r0 (the value when r0_known) */
	unsigned steps;
};

struct smt_run_result {
	struct smt_path *paths; /* every feasible path found, in DFS order */
	unsigned path_cnt;
	bool truncated;         /* max_paths reached: not every path was explored */
	unsigned queries;       /* solver checks made */
	char msg[160];          /* why a path ended unsupported */
};

/*
 * Follow every feasible path of the program from instruction 0.  Returns
 * 0 (res filled in; free it with smt_run_free()), or a negative errno.
 */
int smt_run(struct smt_ctx *s, const struct smt_run_input *in, struct smt_run_result *res);
void smt_run_free(struct smt_run_result *res);

#endif /* BPFKASAN_SMT_H */
