// SPDX-License-Identifier: MIT
/*
 * smt: a path-by-path symbolic executor.  From instruction 0 it follows
 * every feasible path (depth first), asking Z3 at each conditional jump
 * which edges the path condition allows.  It is the independent check the
 * elision proofs are tested against, and it runs the bpf_conformance
 * suite to test the semantics themselves.
 *
 * The path condition lives in one incremental solver: each branch taken
 * pushes a scope holding its condition, a query about the current path
 * pushes, asserts, checks and pops, and resuming a pending edge pops back
 * to the scope of its branch.  Depth first, a pending edge's scope is
 * always on the solver's stack, and paths share their prefix's work.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symex.h"

static void on_z3_error(Z3_context z, Z3_error_code e)
{
	(void)z;
	(void)e; /* reported through Z3_get_error_code by the caller */
}

struct smt_ctx *smt_open(const struct smt_opts *opts)
{
	struct smt_ctx *s = calloc(1, sizeof(*s));
	Z3_config cfg;

	if (!s)
		return NULL;
	cfg = Z3_mk_config();
	s->z = Z3_mk_context(cfg);
	Z3_del_config(cfg);
	if (!s->z) {
		free(s);
		return NULL;
	}
	Z3_set_error_handler(s->z, on_z3_error);
	s->bv64 = Z3_mk_bv_sort(s->z, 64);
	s->bv32 = Z3_mk_bv_sort(s->z, 32);
	s->bv8 = Z3_mk_bv_sort(s->z, 8);
	s->boolean = Z3_mk_bool_sort(s->z);
	s->mem_sort = Z3_mk_array_sort(s->z, s->bv64, s->bv8);
	s->timeout_ms = opts ? opts->timeout_ms : 0;
	s->budget_s = opts ? opts->budget_s : 0;
	return s;
}

void smt_close(struct smt_ctx *s)
{
	if (!s)
		return;
	Z3_del_context(s->z);
	free(s);
}

/* Is `cond` possible under `pc`?  1 yes, 0 no, -1 unknown (timeout). */
/* Go back to solver scope `level` (popping what the abandoned path assumed). */
static void scope_to(struct smt_ctx *s, unsigned level)
{
	if (s->run_level > level) {
		Z3_solver_pop(s->z, s->run_sv, s->run_level - level);
		s->run_level = level;
	}
}

/* Add c to the current path's condition, in a scope of its own. */
static void assume(struct smt_ctx *s, Z3_ast c)
{
	Z3_solver_push(s->z, s->run_sv);
	s->run_level++;
	Z3_solver_assert(s->z, s->run_sv, c);
}

static void run_solver_close(struct smt_ctx *s)
{
	scope_to(s, 0);
	Z3_solver_dec_ref(s->z, s->run_sv);
	s->run_sv = NULL;
}

/* Can the current path go on with cond?  1 yes, 0 no, -1 unknown. */
static int feasible(struct smt_ctx *s, Z3_ast cond, struct smt_run_result *res)
{
	Z3_lbool r;

	assume(s, cond);
	r = Z3_solver_check(s->z, s->run_sv);
	scope_to(s, s->run_level - 1);
	res->queries++;
	return r == Z3_L_TRUE ? 1 : r == Z3_L_FALSE ? 0 : -1;
}

/* The value of x in some model of the current path, and whether every model agrees. */
static void value_of(struct smt_ctx *s, Z3_ast x, uint64_t *v, bool *unique,
		     struct smt_run_result *res)
{
	unsigned level = s->run_level;
	uint64_t val = 0;

	*unique = false;
	res->queries++;
	if (Z3_solver_check(s->z, s->run_sv) == Z3_L_TRUE) {
		Z3_model m = Z3_solver_get_model(s->z, s->run_sv);
		Z3_ast e;

		Z3_model_inc_ref(s->z, m);
		if (Z3_model_eval(s->z, m, x, true, &e))
			Z3_get_numeral_uint64(s->z, e, &val);
		Z3_model_dec_ref(s->z, m);
		/* unique if no model gives another value */
		assume(s, Z3_mk_not(s->z, Z3_mk_eq(s->z, x, sem_const(s, val))));
		res->queries++;
		*unique = Z3_solver_check(s->z, s->run_sv) == Z3_L_FALSE;
		scope_to(s, level);
	}
	*v = val;
}

static int add_path(struct smt_run_result *res, const struct smt_path *p)
{
	struct smt_path *n = realloc(res->paths, (res->path_cnt + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	res->paths = n;
	res->paths[res->path_cnt++] = *p;
	return 0;
}

/*
 * need[i]: an access of env->only is reachable from insn i in the CFG, so
 * a path through i matters to the re-check.  NULL (follow everything)
 * without `only`, or in a program with bpf-to-bpf calls or callbacks,
 * whose returns the CFG here does not model.  A successor outside the
 * program counts as needed.
 */
static bool *needed_insns(const struct smt_run_input *in)
{
	size_t n = in->insn_cnt;
	bool *need, changed = true;

	if (!in->env || !in->env->only)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct bpf_insn *x = &in->insns[i];

		if ((BPF_CLASS(x->code) == BPF_JMP && BPF_OP(x->code) == BPF_CALL &&
		     x->src_reg == BPF_PSEUDO_CALL) ||
		    (isa_is_ld_imm64(x) && x->src_reg == BPF_PSEUDO_FUNC))
			return NULL;
	}
	need = calloc(n ? n : 1, sizeof(*need));
	if (!need)
		return NULL;
	while (changed) {
		changed = false;
		for (size_t k = n; k-- > 0;) {
			const struct bpf_insn *x = &in->insns[k];
			uint8_t cls = BPF_CLASS(x->code), op = BPF_OP(x->code);
			long succ[2] = { (long)k + 1, -1 };
			bool v = in->env->only[k];

			if (need[k])
				continue;
			if (cls == BPF_JMP || cls == BPF_JMP32) {
				if (op == BPF_EXIT)
					succ[0] = -1;
				else if (op == BPF_JA)
					succ[0] = (long)k + 1 + (cls == BPF_JMP ? x->off : x->imm);
				else if (op != BPF_CALL)
					succ[1] = (long)k + 1 + x->off;
			} else if (isa_is_ld_imm64(x)) {
				succ[0] = (long)k + 2;
			}
			for (int e = 0; e < 2 && !v; e++)
				if (succ[e] >= 0)
					v = (size_t)succ[e] >= n || need[succ[e]];
			if (v) {
				need[k] = true;
				changed = true;
			}
		}
	}
	return need;
}

/* One smt_run(): the executor's callbacks reach the result through it. */
struct path_run {
	struct symex x; /* first: the callbacks get &x */
	struct smt_run_result *res;
};

/* Can the access lie outside every object the path knows? */
static void path_access(struct symex *x, struct sym_state *st, int i, Z3_ast addr, int size)
{
	struct path_run *pr = (struct path_run *)x;
	const struct smt_env *env = x->in->env;

	if (env->only && !env->only[i])
		return;
	env->checked[i]++;
	int r = feasible(x->s, symex_outside(x, st, addr, size), pr->res);

	if (r != 0)
		env->outside[i]++; /* a model outside every object, or no answer */
	if (r < 0 && env->undecided)
		env->undecided[i]++;
}

/* Facts about fresh variables join the path condition. */
static void path_axiom(struct symex *x, struct sym_state *st, Z3_ast fact)
{
	assume(x->s, fact);
	st->level = x->s->run_level;
}

/* Run one path from st until it branches (pushing the other edge) or ends. */
static int run_path(struct path_run *pr, const bool *need, struct sym_state *st,
		    struct sym_state **stack, unsigned *sp, unsigned cap, struct smt_path *out)
{
	struct smt_ctx *s = pr->x.s;
	const struct smt_run_input *in = pr->x.in;
	struct smt_run_result *res = pr->res;
	unsigned max_steps = in->max_steps ? in->max_steps : 100000;

	for (;;) {
		const struct bpf_insn *insn;
		int i = st->insn, r;

		out->last_insn = i;
		if (i < 0 || (size_t)i >= in->insn_cnt) {
			snprintf(res->msg, sizeof(res->msg), "insn %d out of the program", i);
			out->end = SMT_PATH_UNSUPPORTED;
			return 0;
		}
		if (need && !need[i]) {
			out->end = SMT_PATH_PRUNED;
			return 0;
		}
		if (++st->steps > max_steps) {
			out->end = SMT_PATH_LIMIT;
			return 0;
		}
		out->steps = st->steps;
		r = symex_step(&pr->x, st, res->msg, sizeof(res->msg));
		if (r < 0) {
			out->end = SMT_PATH_UNSUPPORTED;
			return 0;
		}
		if (r > 0)
			continue;

		/* control flow */
		insn = &in->insns[i];
		uint8_t cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

		if (op == BPF_JA) {
			st->insn += (cls == BPF_JMP ? insn->off : insn->imm) + 1;
			continue;
		}
		if (op == BPF_EXIT) {
			if (!st->depth) {
				bool unique;

				value_of(s, st->regs[BPF_REG_0], &out->r0, &unique, res);
				out->r0_known = unique;
				out->end = SMT_PATH_EXIT;
				return 0;
			}
			struct sym_frame *f = &st->frames[--st->depth];
			for (int k = 0; k < 4; k++)
				st->regs[BPF_REG_6 + k] = f->saved[k];
			st->regs[BPF_REG_10] = f->saved[4];
			st->insn = f->ret_insn;
			continue;
		}
		if (op == BPF_CALL) {
			if (insn->src_reg != BPF_PSEUDO_CALL || st->depth + 1 >= SYM_MAX_FRAMES)
				goto unsupported;
			struct sym_frame *f = &st->frames[st->depth++];
			for (int k = 0; k < 4; k++)
				f->saved[k] = st->regs[BPF_REG_6 + k];
			f->saved[4] = st->regs[BPF_REG_10];
			f->ret_insn = i + 1;
			st->regs[BPF_REG_10] = Z3_mk_bvsub(s->z, st->regs[BPF_REG_10],
							   sem_const(s, SYM_FRAME_SIZE));
			if (st->nobj < SYM_MAX_OBJS)
				st->objs[st->nobj++] = (struct sym_object){
					Z3_mk_bvsub(s->z, st->regs[BPF_REG_10], sem_const(s, SYM_FRAME_SIZE)),
					sem_const(s, SYM_FRAME_SIZE), Z3_mk_true(s->z) };
			st->insn = i + insn->imm + 1;
			continue;
		}
		Z3_ast cond = sem_cond(s, insn, st->regs[insn->dst_reg], symex_src(s, st, insn));
		if (!cond)
			goto unsupported;
		Z3_ast ncond = Z3_mk_not(s->z, cond);
		size_t to = (size_t)(i + insn->off + 1), next = (size_t)i + 1;
		/* an edge nothing to check is reachable from is not followed */
		bool skip_t = need && to < in->insn_cnt && !need[to];
		bool skip_f = need && next < in->insn_cnt && !need[next];
		int t = skip_t ? 0 : feasible(s, cond, res);
		int f = skip_f ? 0 : feasible(s, ncond, res);

		if (t < 0 || f < 0) {
			out->end = SMT_PATH_UNKNOWN;
			return 0;
		}
		if (!t && !f) {
			out->end = SMT_PATH_PRUNED;
			return 0;
		}
		if (t && f) {
			if (*sp < cap) {
				struct sym_state *other = malloc(sizeof(*other));

				if (!other)
					return -ENOMEM;
				*other = *st;
				other->pending = ncond;
				other->insn = i + 1;
				stack[(*sp)++] = other;
			} else {
				res->truncated = true;
			}
		}
		/* the edge taken: its condition joins the path's unless
		 * the other edge was found infeasible (then it is implied) */
		if (t) {
			if (f || skip_f) {
				assume(s, cond);
				st->level = s->run_level;
			}
			st->insn = i + insn->off + 1;
		} else {
			if (skip_t) {
				assume(s, ncond);
				st->level = s->run_level;
			}
			st->insn = i + 1;
		}
		continue;
unsupported:
		symex_unsupported(in, i, res->msg, sizeof(res->msg));
		out->end = SMT_PATH_UNSUPPORTED;
		return 0;
	}
}

int smt_run(struct smt_ctx *s, const struct smt_run_input *in, struct smt_run_result *res)
{
	unsigned cap = in->max_paths ? in->max_paths : 1024, sp = 0;
	struct path_run pr = { .x = { .s = s, .in = in, .access = path_access, .axiom = path_axiom },
			       .res = res };
	bool *need = needed_insns(in);
	struct sym_state **stack = calloc(cap, sizeof(*stack));
	struct sym_state *st = calloc(1, sizeof(*st));
	Z3_ast facts;
	int err = 0;

	memset(res, 0, sizeof(*res));
	facts = stack && st ? symex_start(&pr.x, st) : NULL;
	if (!facts) {
		symex_fini(&pr.x);
		free(need);
		free(stack);
		free(st);
		return -ENOMEM;
	}
	s->run_sv = smt_solver_plain(s);
	Z3_solver_assert(s->z, s->run_sv, facts);
	stack[sp++] = st;

	while (sp && !err) {
		struct smt_path p = { 0 };

		st = stack[--sp];
		scope_to(s, st->level);
		if (st->pending) {
			assume(s, st->pending);
			st->level = s->run_level;
			st->pending = NULL;
		}
		err = run_path(&pr, need, st, stack, &sp, cap, &p);
		free(st);
		if (!err)
			err = add_path(res, &p);
		if (res->path_cnt >= cap) {
			res->truncated = sp > 0;
			break;
		}
	}
	while (sp)
		free(stack[--sp]);
	free(stack);
	run_solver_close(s);
	free(need);
	symex_fini(&pr.x);
	if (err)
		smt_run_free(res);
	return err;
}

void smt_run_free(struct smt_run_result *res)
{
	free(res->paths);
	res->paths = NULL;
	res->path_cnt = 0;
}
