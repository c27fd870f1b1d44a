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

#include "internal.h"

#define FRAME_SIZE 512
#define MAX_FRAMES 8
#define MAX_OBJS 24

struct frame {
	int ret_insn;
	Z3_ast saved[5]; /* r6-r9 and r10 of the caller */
};

struct object {
	Z3_ast base, size;
};

struct sym_state {
	Z3_ast regs[ISA_MAX_REG];
	Z3_ast mem;
	unsigned level;	/* the solver scope this state's path condition fills */
	Z3_ast pending;	/* a condition to assume on resuming, or NULL */
	/* with an environment: the objects the path knows, and map pointers */
	struct object objs[MAX_OBJS];
	int nobj;
	int mapfd[ISA_MAX_REG]; /* the map a register holds a pointer to, or -1 */
	int insn;
	unsigned steps;
	int depth;
	struct frame frames[MAX_FRAMES];
};

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

/* The globals of an environment run (smt_env), shared by every path. */
struct env_globals {
	Z3_ast ctx, data, len;
	Z3_ast *map_val; /* per map: its global value (global data) */
	unsigned fresh;
};

static struct env_globals G; /* one smt_run() at a time */

static Z3_ast fresh64(struct smt_ctx *s, const char *what)
{
	char name[40];

	snprintf(name, sizeof(name), "%s#%u", what, G.fresh++);
	return Z3_mk_const(s->z, Z3_mk_string_symbol(s->z, name), s->bv64);
}

static Z3_ast and2(struct smt_ctx *s, Z3_ast a, Z3_ast b)
{
	Z3_ast x[2] = { a, b };

	return Z3_mk_and(s->z, 2, x);
}

static Z3_ast sane_base(struct smt_ctx *s, Z3_ast b)
{
	return and2(s, Z3_mk_bvuge(s->z, b, sem_const(s, 1ull << 40)),
		    Z3_mk_bvule(s->z, b, sem_const(s, 1ull << 62)));
}

static void add_obj(struct sym_state *st, Z3_ast base, Z3_ast size)
{
	if (st->nobj < MAX_OBJS)
		st->objs[st->nobj++] = (struct object){ base, size };
}

/* Can [addr, addr + size) lie outside every object of the path? (65-bit, no wrap) */
static void check_access(struct smt_ctx *s, const struct smt_run_input *in, struct sym_state *st,
			 int i, Z3_ast addr, int size, struct smt_run_result *res)
{
	Z3_context z = s->z;
	Z3_sort s65 = Z3_mk_bv_sort(z, 65);
	Z3_ast A = Z3_mk_zero_ext(z, 1, addr), inside[MAX_OBJS];
	Z3_ast end = Z3_mk_bvadd(z, A, Z3_mk_unsigned_int64(z, (uint64_t)size, s65));

	if (in->env->only && !in->env->only[i])
		return;
	for (int k = 0; k < st->nobj; k++) {
		Z3_ast B = Z3_mk_zero_ext(z, 1, st->objs[k].base);

		inside[k] = and2(s, Z3_mk_bvuge(z, A, B),
				 Z3_mk_bvule(z, end, Z3_mk_bvadd(z, B, Z3_mk_zero_ext(z, 1, st->objs[k].size))));
	}
	in->env->checked[i]++;
	Z3_ast any = st->nobj ? Z3_mk_or(z, (unsigned)st->nobj, inside) : Z3_mk_false(z);
	int r = feasible(s, Z3_mk_not(z, any), res);

	if (r != 0) /* a model outside every object, or no answer */
		in->env->outside[i]++;
}

/* A 4-byte ctx load of data or data_end gives the packet pointers (the kernel rewrites it). */
static Z3_ast env_load(struct smt_ctx *s, const struct smt_run_input *in, Z3_ast addr, int size,
		       Z3_ast loaded)
{
	int data = -1, end = -1;

	switch (in->env->prog_type) {
	case BPF_PROG_TYPE_XDP:
		data = offsetof(struct xdp_md, data);
		end = offsetof(struct xdp_md, data_end);
		break;
	case BPF_PROG_TYPE_SCHED_CLS: case BPF_PROG_TYPE_SCHED_ACT: case BPF_PROG_TYPE_CGROUP_SKB:
		data = offsetof(struct __sk_buff, data);
		end = offsetof(struct __sk_buff, data_end);
		break;
	}
	if (data < 0 || size != 4)
		return loaded;
	Z3_ast is_data = Z3_mk_eq(s->z, addr, Z3_mk_bvadd(s->z, G.ctx, sem_const(s, (uint64_t)data)));
	Z3_ast is_end = Z3_mk_eq(s->z, addr, Z3_mk_bvadd(s->z, G.ctx, sem_const(s, (uint64_t)end)));

	return Z3_mk_ite(s->z, is_data, G.data,
			 Z3_mk_ite(s->z, is_end, Z3_mk_bvadd(s->z, G.data, G.len), loaded));
}

/* A helper call: map lookups give NULL or a value; the rest anything. */
static void env_call(struct smt_ctx *s, const struct smt_run_input *in, struct sym_state *st,
		     const struct bpf_insn *insn)
{
	int map = st->mapfd[BPF_REG_1];

	for (int r = 1; r <= 5; r++) {
		st->regs[r] = fresh64(s, "clob");
		st->mapfd[r] = -1;
	}
	st->mapfd[0] = -1;
	/* the helper may write any memory it was given: forget it (ctx fields stay) */
	if (isa_helper_writes_memory(insn->imm)) {
		char name[40];

		snprintf(name, sizeof(name), "mem#%u", G.fresh++);
		st->mem = Z3_mk_const(s->z, Z3_mk_string_symbol(s->z, name), s->mem_sort);
	}
	if (insn->imm == BPF_FUNC_map_lookup_elem && map >= 0 && (size_t)map < in->env->obj->map_cnt) {
		Z3_ast nb = fresh64(s, "elem"), null = fresh64(s, "null");

		assume(s, sane_base(s, nb));
		st->level = s->run_level;
		st->regs[0] = Z3_mk_ite(s->z, Z3_mk_eq(s->z, null, sem_const(s, 0)), sem_const(s, 0), nb);
		add_obj(st, nb, sem_const(s, in->env->obj->maps[map].value_size));
		return;
	}
	st->regs[0] = fresh64(s, "ret");
}

/* The operand of a BPF_X or BPF_K instruction. */
static Z3_ast src_of(struct smt_ctx *s, const struct sym_state *st, const struct bpf_insn *insn)
{
	return BPF_SRC(insn->code) == BPF_X ? st->regs[insn->src_reg] : sem_imm(s, insn);
}

/* An atomic read-modify-write (BPF_STX | BPF_ATOMIC). */
static int exec_atomic(struct smt_ctx *s, struct sym_state *st, const struct bpf_insn *insn)
{
	int size = isa_access_size(insn);
	Z3_ast addr = Z3_mk_bvadd(s->z, st->regs[insn->dst_reg], sem_const(s, (uint64_t)(int64_t)insn->off));
	Z3_ast old = sem_load(s, st->mem, addr, size, false);
	Z3_ast src = st->regs[insn->src_reg], nv;
	struct bpf_insn op = { .code = (uint8_t)((size == 8 ? BPF_ALU64 : BPF_ALU) | BPF_X) };

	if (insn->imm == BPF_XCHG) {
		st->mem = sem_store(s, st->mem, addr, src, size);
		st->regs[insn->src_reg] = old;
		return 0;
	}
	if (insn->imm == BPF_CMPXCHG) {
		/* r0 is compared (its low 32 bits for W) and receives the old value */
		Z3_ast r0 = st->regs[BPF_REG_0];
		Z3_ast r0w = size == 8 ? r0 : Z3_mk_zero_ext(s->z, 32, Z3_mk_extract(s->z, 31, 0, r0));
		Z3_ast eq = Z3_mk_eq(s->z, old, r0w);

		st->mem = Z3_mk_ite(s->z, eq, sem_store(s, st->mem, addr, src, size), st->mem);
		st->regs[BPF_REG_0] = old;
		return 0;
	}
	switch (insn->imm & ~BPF_FETCH) {
	case BPF_ADD: case BPF_AND: case BPF_OR: case BPF_XOR:
		op.code |= (uint8_t)(insn->imm & ~BPF_FETCH);
		nv = sem_alu(s, &op, old, src);
		st->mem = sem_store(s, st->mem, addr, nv, size);
		if (insn->imm & BPF_FETCH)
			st->regs[insn->src_reg] = old;
		return 0;
	}
	return -EOPNOTSUPP;
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

/* Run one path from st until it branches (pushing the other edge) or ends. */
static int run_path(struct smt_ctx *s, const struct smt_run_input *in, const bool *need,
		    struct sym_state *st, struct sym_state **stack, unsigned *sp, unsigned cap,
		    struct smt_run_result *res, struct smt_path *out)
{
	unsigned max_steps = in->max_steps ? in->max_steps : 100000;

	for (;;) {
		const struct bpf_insn *insn;
		int i = st->insn;

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
		insn = &in->insns[i];
		uint8_t cls = BPF_CLASS(insn->code);

		switch (cls) {
		case BPF_ALU:
		case BPF_ALU64: {
			Z3_ast r = sem_alu(s, insn, st->regs[insn->dst_reg], src_of(s, st, insn));

			if (!r)
				goto unsupported;
			st->regs[insn->dst_reg] = r;
			/* a map pointer moves with mov64 only */
			st->mapfd[insn->dst_reg] = insn->code == (BPF_ALU64 | BPF_MOV | BPF_X) && !insn->off ?
						   st->mapfd[insn->src_reg] : -1;
			st->insn++;
			continue;
		}
		case BPF_LDX: {
			Z3_ast addr = Z3_mk_bvadd(s->z, st->regs[insn->src_reg],
						  sem_const(s, (uint64_t)(int64_t)insn->off));

			Z3_ast v = sem_load(s, st->mem, addr, isa_access_size(insn),
					    BPF_MODE(insn->code) == BPF_MEMSX);

			if (in->env) {
				check_access(s, in, st, i, addr, isa_access_size(insn), res);
				v = env_load(s, in, addr, isa_access_size(insn), v);
				st->mapfd[insn->dst_reg] = -1;
			}
			st->regs[insn->dst_reg] = v;
			st->insn++;
			continue;
		}
		case BPF_ST:
		case BPF_STX: {
			if (in->env) {
				Z3_ast a = Z3_mk_bvadd(s->z, st->regs[insn->dst_reg],
						       sem_const(s, (uint64_t)(int64_t)insn->off));

				check_access(s, in, st, i, a, isa_access_size(insn), res);
			}
			if (cls == BPF_STX && BPF_MODE(insn->code) == BPF_ATOMIC) {
				if (exec_atomic(s, st, insn))
					goto unsupported;
				st->insn++;
				continue;
			}
			Z3_ast addr = Z3_mk_bvadd(s->z, st->regs[insn->dst_reg],
						  sem_const(s, (uint64_t)(int64_t)insn->off));
			Z3_ast val = cls == BPF_STX ? st->regs[insn->src_reg] : sem_imm(s, insn);

			st->mem = sem_store(s, st->mem, addr, val, isa_access_size(insn));
			st->insn++;
			continue;
		}
		case BPF_LD:
			if (!isa_is_ld_imm64(insn) || (size_t)i + 1 >= in->insn_cnt)
				goto unsupported;
			st->mapfd[insn->dst_reg] = -1;
			if (insn->src_reg == 0) {
				st->regs[insn->dst_reg] = sem_const(s, ((uint64_t)(uint32_t)insn[1].imm << 32) |
									(uint32_t)insn->imm);
			} else if (in->env && insn->imm >= 0 && (size_t)insn->imm < in->env->obj->map_cnt &&
				   (insn->src_reg == BPF_PSEUDO_MAP_VALUE ||
				    insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE)) {
				st->regs[insn->dst_reg] = Z3_mk_bvadd(s->z, G.map_val[insn->imm],
								      sem_const(s, (uint32_t)insn[1].imm));
			} else if (in->env && insn->imm >= 0 && (insn->src_reg == BPF_PSEUDO_MAP_FD ||
								 insn->src_reg == BPF_PSEUDO_MAP_IDX)) {
				st->regs[insn->dst_reg] = fresh64(s, "map");
				st->mapfd[insn->dst_reg] = insn->imm;
			} else {
				goto unsupported;
			}
			st->insn += 2;
			continue;
		case BPF_JMP:
		case BPF_JMP32: {
			uint8_t op = BPF_OP(insn->code);

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
				struct frame *f = &st->frames[--st->depth];
				for (int r = 0; r < 4; r++)
					st->regs[BPF_REG_6 + r] = f->saved[r];
				st->regs[BPF_REG_10] = f->saved[4];
				st->insn = f->ret_insn;
				continue;
			}
			if (op == BPF_CALL && insn->src_reg == 0 && in->env) {
				env_call(s, in, st, insn);
				st->insn++;
				continue;
			}
			if (op == BPF_CALL) {
				if (insn->src_reg != BPF_PSEUDO_CALL || st->depth + 1 >= MAX_FRAMES)
					goto unsupported;
				struct frame *f = &st->frames[st->depth++];
				for (int r = 0; r < 4; r++)
					f->saved[r] = st->regs[BPF_REG_6 + r];
				f->saved[4] = st->regs[BPF_REG_10];
				f->ret_insn = i + 1;
				st->regs[BPF_REG_10] = Z3_mk_bvsub(s->z, st->regs[BPF_REG_10],
								   sem_const(s, FRAME_SIZE));
				add_obj(st, Z3_mk_bvsub(s->z, st->regs[BPF_REG_10], sem_const(s, FRAME_SIZE)),
					sem_const(s, FRAME_SIZE));
				st->insn = i + insn->imm + 1;
				continue;
			}
			Z3_ast cond = sem_cond(s, insn, st->regs[insn->dst_reg], src_of(s, st, insn));
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
		}
		default:
			goto unsupported;
		}
unsupported: {
			char text[96];

			isa_disasm(insn, in->insn_cnt - (size_t)i, NULL, false, text, sizeof(text));
			snprintf(res->msg, sizeof(res->msg), "insn %d (%s) is not modelled", i, text);
			out->end = SMT_PATH_UNSUPPORTED;
			return 0;
		}
	}
}

int smt_run(struct smt_ctx *s, const struct smt_run_input *in, struct smt_run_result *res)
{
	unsigned cap = in->max_paths ? in->max_paths : 1024, sp = 0;
	bool *need = needed_insns(in);
	struct sym_state **stack = calloc(cap, sizeof(*stack));
	struct sym_state *st = calloc(1, sizeof(*st));
	int err = 0;

	memset(res, 0, sizeof(*res));
	if (!stack || !st) {
		free(need);
		free(stack);
		free(st);
		return -ENOMEM;
	}
	/* the initial state: registers, memory holding the image, r10 the stack top */
	for (int r = 0; r < ISA_MAX_REG; r++) {
		char name[8];

		snprintf(name, sizeof(name), "r%d", r);
		st->regs[r] = in->regs_symbolic[r] ? Z3_mk_const(s->z, Z3_mk_string_symbol(s->z, name), s->bv64)
						   : sem_const(s, in->regs[r]);
	}
	st->regs[BPF_REG_10] = sem_const(s, in->stack_top);
	for (int r = 0; r < ISA_MAX_REG; r++)
		st->mapfd[r] = -1;
	st->mem = Z3_mk_const(s->z, Z3_mk_string_symbol(s->z, "mem"), s->mem_sort);
	s->run_sv = Z3_mk_solver(s->z);
	Z3_solver_inc_ref(s->z, s->run_sv);
	s->run_level = 0;
	if (s->timeout_ms) {
		Z3_params p = Z3_mk_params(s->z);

		Z3_params_inc_ref(s->z, p);
		Z3_params_set_uint(s->z, p, Z3_mk_string_symbol(s->z, "timeout"), s->timeout_ms);
		Z3_solver_set_params(s->z, s->run_sv, p);
		Z3_params_dec_ref(s->z, p);
	}
	if (in->env) {
		/* symbolic objects: the ctx in r1, the stack under r10, the packet, global data */
		memset(&G, 0, sizeof(G));
		G.ctx = fresh64(s, "ctx");
		G.data = fresh64(s, "data");
		G.len = fresh64(s, "len");
		Z3_ast stack = fresh64(s, "stack");
		Z3_ast c = and2(s, and2(s, sane_base(s, G.ctx), sane_base(s, G.data)),
				and2(s, sane_base(s, stack), Z3_mk_bvule(s->z, G.len, sem_const(s, 1ull << 32))));
		uint32_t ctxsz = in->env->prog_type == BPF_PROG_TYPE_XDP ? sizeof(struct xdp_md) :
				 sizeof(struct __sk_buff);

		G.map_val = calloc(in->env->obj->map_cnt + 1, sizeof(*G.map_val));
		if (!G.map_val) {
			run_solver_close(s);
			free(need);
			free(st);
			free(stack);
			return -ENOMEM;
		}
		st->regs[BPF_REG_1] = G.ctx;
		st->regs[BPF_REG_10] = Z3_mk_bvadd(s->z, stack, sem_const(s, FRAME_SIZE));
		add_obj(st, G.ctx, sem_const(s, ctxsz));
		add_obj(st, stack, sem_const(s, FRAME_SIZE));
		add_obj(st, G.data, G.len);
		for (size_t m = 0; m < in->env->obj->map_cnt; m++) {
			G.map_val[m] = fresh64(s, "global");
			c = and2(s, c, sane_base(s, G.map_val[m]));
			add_obj(st, G.map_val[m], sem_const(s, in->env->obj->maps[m].value_size));
		}
		Z3_solver_assert(s->z, s->run_sv, c);
	}
	for (size_t i = 0; i < in->mem_len; i++)
		st->mem = Z3_mk_store(s->z, st->mem, sem_const(s, in->mem_base + i),
				      Z3_mk_unsigned_int64(s->z, in->mem[i], s->bv8));
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
		err = run_path(s, in, need, st, stack, &sp, cap, res, &p);
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
	if (in->env) {
		free(G.map_val);
		G.map_val = NULL;
	}
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
