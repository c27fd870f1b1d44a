// SPDX-License-Identifier: MIT
/*
 * smt: every path of a loop-free program at once.  The instructions are
 * executed in a topological order of the CFG; where edges join, their states are merged under the
 * edges' guards (a register becomes ite(g, new, old)), and an
 * instruction's reach condition is the disjunction of its incoming
 * edges' guards.  The edges into an instruction are mutually exclusive
 * (a run of a loop-free program passes each instruction at most once),
 * so the merged state under reach(i) is exactly the union of the path
 * states: one query per access,
 *
 *	reach(i) and addr outside every live object,
 *
 * is satisfiable iff some path puts the access outside.  It proves what
 * smt_run() proves path by path, in formulas that grow with the program
 * rather than with its number of paths.  Same semantics and environment
 * (symex.c); no bpf-to-bpf calls, no loops.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symex.h"

struct merge_run {
	struct symex x; /* first: the callbacks get &x */
	struct smt_run_result *res;
	Z3_solver sv;
	Z3_ast guard;		 /* reach() of the insn being executed */
	struct sym_state **at;	 /* per insn: the merged state of its incoming edges */
	Z3_ast *reach;
};

static Z3_ast ite(struct smt_ctx *s, Z3_ast c, Z3_ast a, Z3_ast b)
{
	return Z3_is_eq_ast(s->z, a, b) ? a : Z3_mk_ite(s->z, c, a, b);
}

/* Is c satisfiable?  1 yes, 0 no, -1 unknown. */
static int sat(struct merge_run *m, Z3_ast c)
{
	Z3_lbool r;

	Z3_solver_push(m->x.s->z, m->sv);
	Z3_solver_assert(m->x.s->z, m->sv, c);
	r = Z3_solver_check(m->x.s->z, m->sv);
	Z3_solver_pop(m->x.s->z, m->sv, 1);
	m->res->queries++;
	return r == Z3_L_TRUE ? 1 : r == Z3_L_FALSE ? 0 : -1;
}

/* Can the access lie outside every live object, on some path reaching it? */
static void merge_access(struct symex *x, struct sym_state *st, int i, Z3_ast addr, int size)
{
	struct merge_run *m = (struct merge_run *)x;
	const struct smt_env *env = x->in->env;

	if (env->only && !env->only[i])
		return;
	int r = sat(m, sym_and(x->s, m->guard, symex_outside(x, st, addr, size)));

	if (r != 0) {
		env->checked[i]++;
		env->outside[i]++; /* a model outside every object, or no answer */
		if (r < 0 && env->undecided)
			env->undecided[i]++;
	} else if (sat(m, m->guard) != 0) {
		env->checked[i]++; /* reached, and in bounds whenever it is */
	}
}

/* A fact about a fresh variable holds on every path. */
static void merge_axiom(struct symex *x, struct sym_state *st, Z3_ast fact)
{
	(void)st;
	Z3_solver_assert(x->s->z, ((struct merge_run *)x)->sv, fact);
}

/* Object k of a, in b by the same base and size, or -1. */
static int find_obj(struct smt_ctx *s, const struct sym_state *b, const struct sym_object *o)
{
	for (int k = 0; k < b->nobj; k++)
		if (Z3_is_eq_ast(s->z, b->objs[k].base, o->base) &&
		    Z3_is_eq_ast(s->z, b->objs[k].size, o->size))
			return k;
	return -1;
}

/* Merge st, arriving under guard g, into `into` (which holds when g does not). */
static void merge_into(struct smt_ctx *s, struct sym_state *into, const struct sym_state *st, Z3_ast g)
{
	Z3_ast no = Z3_mk_false(s->z);
	bool seen[SYM_MAX_OBJS] = { false };

	for (int r = 0; r < ISA_MAX_REG; r++) {
		into->regs[r] = ite(s, g, st->regs[r], into->regs[r]);
		if (into->mapfd[r] != st->mapfd[r])
			into->mapfd[r] = -1;
	}
	into->mem = ite(s, g, st->mem, into->mem);
	for (int k = 0; k < st->nobj; k++) {
		int j = find_obj(s, into, &st->objs[k]);

		if (j >= 0) {
			into->objs[j].live = ite(s, g, st->objs[k].live, into->objs[j].live);
			seen[j] = true;
		}
	}
	for (int j = 0; j < into->nobj; j++)
		if (!seen[j])
			into->objs[j].live = ite(s, g, no, into->objs[j].live);
	/* st's objects `into` lacks live only under g; past the cap they are
	 * dropped, which makes accesses to them count as outside */
	for (int k = 0; k < st->nobj && into->nobj < SYM_MAX_OBJS; k++)
		if (find_obj(s, into, &st->objs[k]) < 0) {
			into->objs[into->nobj] = st->objs[k];
			into->objs[into->nobj++].live = ite(s, g, st->objs[k].live, no);
		}
}

/* The edge to insn `to` carries st under guard g. */
static int join(struct merge_run *m, int to, const struct sym_state *st, Z3_ast g)
{
	struct smt_ctx *s = m->x.s;

	if (to < 0 || (size_t)to >= m->x.in->insn_cnt) {
		snprintf(m->res->msg, sizeof(m->res->msg), "a jump to insn %d, out of the program", to);
		return -EOPNOTSUPP;
	}
	if (!m->at[to]) {
		m->at[to] = malloc(sizeof(*st));
		if (!m->at[to])
			return -ENOMEM;
		*m->at[to] = *st;
		m->at[to]->insn = to;
		m->reach[to] = g;
		return 0;
	}
	merge_into(s, m->at[to], st, g);
	Z3_ast both[2] = { m->reach[to], g };
	m->reach[to] = Z3_mk_or(s->z, 2, both);
	return 0;
}

/* The successors of insn i in the CFG (at most 2); the count. */
static int succs(const struct smt_run_input *in, size_t i, long out[2])
{
	const struct bpf_insn *x = &in->insns[i];
	uint8_t cls = BPF_CLASS(x->code), op = BPF_OP(x->code);

	if (isa_is_ld_imm64(x)) {
		out[0] = (long)i + 2;
		return 1;
	}
	out[0] = (long)i + 1;
	if ((cls != BPF_JMP && cls != BPF_JMP32) || op == BPF_CALL)
		return 1;
	if (op == BPF_EXIT)
		return 0;
	if (op == BPF_JA) {
		out[0] = (long)i + 1 + (cls == BPF_JMP32 ? x->imm : x->off);
		return 1;
	}
	out[1] = (long)i + 1 + x->off;
	return 2;
}

/*
 * The insns reachable from insn 0 in an order where every edge goes
 * forward (Kahn's algorithm), into order[]; their count.  -EOPNOTSUPP
 * with the reason in msg for a loop, a bpf-to-bpf call or callback, or
 * a jump out of the program.
 */
static int topo_order(const struct smt_run_input *in, int *order, char *msg, size_t len)
{
	size_t n = in->insn_cnt;
	unsigned *indeg = calloc(n, sizeof(*indeg));
	bool *seen = calloc(n, sizeof(*seen));
	int cnt = 0, head = 0, reached = 0, err = -ENOMEM;
	long sc[2];

	if (!indeg || !seen)
		goto out;
	/* the reachable insns (order[] as a DFS stack) and their in-degrees */
	seen[0] = true;
	order[cnt++] = 0;
	err = 0;
	while (cnt && !err) {
		size_t i = (size_t)order[--cnt];
		const struct bpf_insn *x = &in->insns[i];

		reached++;
		if ((BPF_CLASS(x->code) == BPF_JMP && BPF_OP(x->code) == BPF_CALL &&
		     x->src_reg == BPF_PSEUDO_CALL) ||
		    (isa_is_ld_imm64(x) && x->src_reg == BPF_PSEUDO_FUNC)) {
			snprintf(msg, len, "insn %zu: a bpf-to-bpf call or callback", i);
			err = -EOPNOTSUPP;
		}
		for (int e = succs(in, i, sc) - 1; e >= 0 && !err; e--) {
			if (sc[e] < 0 || (size_t)sc[e] >= n) {
				snprintf(msg, len, "insn %zu: a jump out of the program", i);
				err = -EOPNOTSUPP;
				break;
			}
			indeg[sc[e]]++;
			if (!seen[sc[e]]) {
				seen[sc[e]] = true;
				order[cnt++] = (int)sc[e];
			}
		}
	}
	if (err)
		goto out;
	/* Kahn: an insn goes out once every edge into it has */
	order[cnt++] = 0;
	while (head < cnt) {
		size_t i = (size_t)order[head++];

		for (int e = succs(in, i, sc) - 1; e >= 0; e--)
			if (--indeg[sc[e]] == 0)
				order[cnt++] = (int)sc[e];
	}
	if (cnt < reached) {
		snprintf(msg, len, "a loop (%d of %d reachable insns are on or after a cycle)",
			 reached - cnt, reached);
		err = -EOPNOTSUPP;
	} else {
		err = cnt;
	}
out:
	free(indeg);
	free(seen);
	return err;
}

/* Execute insn i under reach(i) and pass its state along its out-edges. */
static int merge_insn(struct merge_run *m, int i)
{
	struct smt_ctx *s = m->x.s;
	struct sym_state *st = m->at[i];
	const struct bpf_insn *insn = &m->x.in->insns[i];
	Z3_ast g = m->reach[i], c;
	int r;

	m->guard = g;
	r = symex_step(&m->x, st, m->res->msg, sizeof(m->res->msg));
	if (r < 0)
		return r;
	if (r > 0)
		return join(m, st->insn, st, g);

	uint8_t cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	switch (op) {
	case BPF_EXIT:
		return 0;
	case BPF_JA:
		return join(m, i + 1 + (cls == BPF_JMP ? insn->off : insn->imm), st, g);
	case BPF_CALL:
		symex_unsupported(m->x.in, i, m->res->msg, sizeof(m->res->msg));
		return -EOPNOTSUPP;
	}
	c = sem_cond(s, insn, st->regs[insn->dst_reg], symex_src(s, st, insn));
	if (!c) {
		symex_unsupported(m->x.in, i, m->res->msg, sizeof(m->res->msg));
		return -EOPNOTSUPP;
	}
	r = join(m, i + 1 + insn->off, st, sym_and(s, g, c));
	return r ? r : join(m, i + 1, st, sym_and(s, g, Z3_mk_not(s->z, c)));
}

int smt_run_merged(struct smt_ctx *s, const struct smt_run_input *in, struct smt_run_result *res)
{
	struct merge_run m = { .x = { .s = s, .in = in, .access = merge_access, .axiom = merge_axiom },
			       .res = res };
	size_t n = in->insn_cnt;
	struct sym_state *st;
	Z3_ast facts;
	int *order, cnt, err;

	memset(res, 0, sizeof(*res));
	if (!in->env || !n) {
		snprintf(res->msg, sizeof(res->msg), "a merged run needs a program and its environment");
		return -EINVAL;
	}
	order = calloc(n, sizeof(*order));
	cnt = order ? topo_order(in, order, res->msg, sizeof(res->msg)) : -ENOMEM;
	if (cnt < 0) {
		free(order);
		return cnt;
	}
	m.at = calloc(n, sizeof(*m.at));
	m.reach = calloc(n, sizeof(*m.reach));
	st = calloc(1, sizeof(*st));
	facts = m.at && m.reach && st ? symex_start(&m.x, st) : NULL;
	if (!facts) {
		err = -ENOMEM;
		goto out;
	}
	m.sv = smt_solver_tactic(s, SMT_THOROUGH);
	if (!m.sv) {
		snprintf(res->msg, sizeof(res->msg), "Z3: %.150s", s->err);
		err = -EIO;
		goto out;
	}
	Z3_solver_assert(s->z, m.sv, facts);
	err = join(&m, 0, st, Z3_mk_true(s->z));
	for (int k = 0; k < cnt && !err; k++) {
		err = merge_insn(&m, order[k]);
		free(m.at[order[k]]);
		m.at[order[k]] = NULL;
	}
out:
	if (m.sv)
		Z3_solver_dec_ref(s->z, m.sv);
	for (size_t i = 0; m.at && i < n; i++)
		free(m.at[i]);
	free(m.at);
	free(m.reach);
	free(order);
	free(st);
	symex_fini(&m.x);
	return err;
}
