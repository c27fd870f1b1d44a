/* SPDX-License-Identifier: MIT */
/*
 * smt: BPF semantics in Z3, bit-precise, independent of verifier-ext.
 *
 * The encoding of every instruction (sem.c); two executors of a whole
 * program from its entry, path by path (path.c) and every path at once
 * (merge.c), which re-check elisions independently; and the elision
 * proofs (certify.c: candidate invariants from verifier-ext checked
 * along every CFG edge, Houdini style).
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
#include "object/object.h"
#include "verifier-ext/verifier.h"

struct smt_ctx;

struct smt_opts {
	unsigned timeout_ms; /* per solver query; 0: no limit */
	double budget_s;     /* per program certified; 0: 60 s.  Past it, checks stay */
};

/* A Z3 context with the BPF sorts; NULL on failure. */
struct smt_ctx *smt_open(const struct smt_opts *opts);
void smt_close(struct smt_ctx *s);

/*
 * The environment of a real program, for the independent re-check of
 * elisions: r1 the context, r10 the stack, the packet behind the
 * context's data/data_end, map lookups returning NULL or a value, other
 * helpers returning anything (and clobbering memory).  At every access
 * the executor asks Z3 whether the address can lie outside every object
 * the path knows; checked[i] and outside[i] (caller-allocated,
 * insn_cnt entries) count the executions of insn i and those that can.
 */
struct smt_env {
	const struct obj *obj;
	uint32_t prog_type;
	unsigned *checked;
	unsigned *outside;
	/* non-NULL: check only insn i with only[i] (no query for the rest),
	 * and, in a program without calls, follow no edge from which no such
	 * insn is reachable */
	const bool *only;
	/* non-NULL: undecided[i] counts the queries of insn i Z3 could not
	 * decide (also counted in outside[i]) */
	unsigned *undecided;
};

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
	struct smt_env *env;         /* a real program's environment, or NULL */
};

enum smt_path_end {
	SMT_PATH_EXIT,        /* reached exit from the entry frame */
	SMT_PATH_LIMIT,       /* max_steps reached */
	SMT_PATH_UNSUPPORTED, /* an instruction the executor does not model (msg says which) */
	SMT_PATH_UNKNOWN,     /* Z3 could not decide a branch (timeout): the run is incomplete */
	SMT_PATH_PRUNED,      /* no access of smt_env.only is reachable from here */
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

/*
 * The same check of a program's accesses (in->env required), every path
 * at once: states are merged where the CFG joins (merge.c), so the cost
 * grows with the program, not with its number of paths.  Fills
 * env->checked[i] (1: some path reaches insn i) and env->outside[i] (1:
 * some path can put it outside every object, or Z3 could not say), and
 * res->queries; res->paths stays empty.  -EOPNOTSUPP (res->msg says why)
 * for a program with a loop, a bpf-to-bpf call or an instruction the
 * semantics lack; another negative errno on failure.
 */
int smt_run_merged(struct smt_ctx *s, const struct smt_run_input *in, struct smt_run_result *res);

/*
 * The verdict of a memory access (documented in bpfkasan(1)):
 *  elided           Z3 proved every reaching state in bounds of a live object
 *                   (stack, ctx, packet, map value, global data): no check;
 *  checked          not proved (or timed out): a KASAN check stays;
 *  stack-protected  a stack access not proved: the JIT's red zones guard it;
 *  probe            a BTF or arena object: a fault-handled probe access;
 *  unreachable      Z3 confirmed no path reaches it.
 */
enum smt_verdict {
	SMT_ELIDED,
	SMT_CHECKED,
	SMT_STACK_PROTECTED,
	SMT_PROBE,
	SMT_UNREACHABLE,
};

struct smt_access {
	int insn;
	enum smt_verdict verdict;
	char reason[200];        /* why, in words a person can act on */
	bool has_cex;            /* a counterexample: */
	int64_t cex_offset;      /*   the access's offset from its object's base */
	uint64_t cex_region_size; /*  and that object's size */
};

struct smt_cert {
	struct smt_access *acc;  /* one per vx_result.facts entry, same order */
	unsigned cnt;
	unsigned candidates, survived, rounds, queries;
	double seconds;          /* the whole certification */
	double query_median_ms, query_p95_ms, query_max_ms;
};

const char *smt_verdict_name(enum smt_verdict v);

/* The per-query timeout unless told otherwise: the knee ARCHITECTURE.md measured. */
#define SMT_DEFAULT_TIMEOUT_MS 1000

/*
 * smt_certify() in a Z3 context of its own (smt_open(), smt_close()), with
 * timeout_ms per query (0: SMT_DEFAULT_TIMEOUT_MS).  0 or a negative errno.
 */
int smt_certify_program(const struct obj *o, const struct obj_prog *p, const struct vx_result *r,
			unsigned timeout_ms, struct smt_cert *cert);

/*
 * Certify the accesses of `p` given verifier-ext's result (run with
 * vx_options.summaries).  verifier-ext's facts are candidates only: see
 * certify.c.  Returns 0 with out filled in (free with smt_cert_free()).
 */
int smt_certify(struct smt_ctx *s, const struct obj *o, const struct obj_prog *p,
		const struct vx_result *vr, struct smt_cert *out);
void smt_cert_free(struct smt_cert *out);

#endif /* BPFKASAN_SMT_H */
