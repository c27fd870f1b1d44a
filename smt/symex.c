// SPDX-License-Identifier: MIT
/*
 * smt: the symbolic state and the straight-line step both whole-program
 * executors use (path.c, merge.c).  See symex.h.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symex.h"

Z3_ast sym_and(struct smt_ctx *s, Z3_ast a, Z3_ast b)
{
	Z3_ast x[2] = { a, b };

	return Z3_mk_and(s->z, 2, x);
}

static Z3_ast fresh64(struct symex *x, const char *what)
{
	char name[40];

	snprintf(name, sizeof(name), "%s#%u", what, x->fresh++);
	return Z3_mk_const(x->s->z, Z3_mk_string_symbol(x->s->z, name), x->s->bv64);
}

/* An object's base: away from 0 and from the top of the address space. */
static Z3_ast sane_base(struct smt_ctx *s, Z3_ast b)
{
	return sym_and(s, Z3_mk_bvuge(s->z, b, sem_const(s, 1ull << 40)),
		       Z3_mk_bvule(s->z, b, sem_const(s, 1ull << 62)));
}

static void add_obj(struct smt_ctx *s, struct sym_state *st, Z3_ast base, Z3_ast size)
{
	/* past the cap an object is dropped: its accesses count as outside */
	if (st->nobj < SYM_MAX_OBJS)
		st->objs[st->nobj++] = (struct sym_object){ base, size, Z3_mk_true(s->z) };
}

Z3_ast symex_outside(struct symex *x, const struct sym_state *st, Z3_ast addr, int size)
{
	Z3_context z = x->s->z;
	Z3_sort s65 = Z3_mk_bv_sort(z, 65);
	Z3_ast A = Z3_mk_zero_ext(z, 1, addr), inside[SYM_MAX_OBJS];
	Z3_ast end = Z3_mk_bvadd(z, A, Z3_mk_unsigned_int64(z, (uint64_t)size, s65));

	for (int k = 0; k < st->nobj; k++) {
		Z3_ast B = Z3_mk_zero_ext(z, 1, st->objs[k].base);
		Z3_ast E = Z3_mk_bvadd(z, B, Z3_mk_zero_ext(z, 1, st->objs[k].size));

		inside[k] = sym_and(x->s, st->objs[k].live,
				    sym_and(x->s, Z3_mk_bvuge(z, A, B), Z3_mk_bvule(z, end, E)));
	}
	return Z3_mk_not(z, st->nobj ? Z3_mk_or(z, (unsigned)st->nobj, inside) : Z3_mk_false(z));
}

/* A 4-byte ctx load of data or data_end gives the packet pointers (the kernel rewrites it). */
static Z3_ast env_load(struct symex *x, Z3_ast addr, int size, Z3_ast loaded)
{
	struct smt_ctx *s = x->s;
	int data = -1, end = -1;

	switch (x->in->env->prog_type) {
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
	Z3_ast is_data = Z3_mk_eq(s->z, addr, Z3_mk_bvadd(s->z, x->ctx, sem_const(s, (uint64_t)data)));
	Z3_ast is_end = Z3_mk_eq(s->z, addr, Z3_mk_bvadd(s->z, x->ctx, sem_const(s, (uint64_t)end)));

	return Z3_mk_ite(s->z, is_data, x->data,
			 Z3_mk_ite(s->z, is_end, Z3_mk_bvadd(s->z, x->data, x->len), loaded));
}

/* A helper call: map lookups give NULL or a value; the rest anything. */
static void env_call(struct symex *x, struct sym_state *st, const struct bpf_insn *insn)
{
	struct smt_ctx *s = x->s;
	const struct obj *o = x->in->env->obj;
	int map = st->mapfd[BPF_REG_1];

	for (int r = 1; r <= 5; r++) {
		st->regs[r] = fresh64(x, "clob");
		st->mapfd[r] = -1;
	}
	st->mapfd[0] = -1;
	/* the helper may write any memory it was given: forget it (ctx fields stay) */
	if (isa_helper_writes_memory(insn->imm)) {
		char name[40];

		snprintf(name, sizeof(name), "mem#%u", x->fresh++);
		st->mem = Z3_mk_const(s->z, Z3_mk_string_symbol(s->z, name), s->mem_sort);
	}
	if (insn->imm == BPF_FUNC_map_lookup_elem && map >= 0 && (size_t)map < o->map_cnt) {
		Z3_ast nb = fresh64(x, "elem"), null = fresh64(x, "null");

		Z3_ast size = sem_const(s, o->maps[map].value_size);

		x->axiom(x, st, sane_base(s, nb));
		st->regs[0] = Z3_mk_ite(s->z, Z3_mk_eq(s->z, null, sem_const(s, 0)), sem_const(s, 0), nb);
		add_obj(s, st, nb, size);
		return;
	}
	st->regs[0] = fresh64(x, "ret");
}

Z3_ast symex_src(struct smt_ctx *s, const struct sym_state *st, const struct bpf_insn *insn)
{
	return BPF_SRC(insn->code) == BPF_X ? st->regs[insn->src_reg] : sem_imm(s, insn);
}

/* An atomic read-modify-write (BPF_STX | BPF_ATOMIC). */
static int exec_atomic(struct smt_ctx *s, struct sym_state *st, const struct bpf_insn *insn, Z3_ast addr)
{
	int size = isa_access_size(insn);
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

/* BPF_LD | BPF_IMM | BPF_DW: a constant, a map's global value, or a map. */
static int exec_ld_imm64(struct symex *x, struct sym_state *st, const struct bpf_insn *insn)
{
	struct smt_ctx *s = x->s;
	const struct smt_env *env = x->in->env;

	st->mapfd[insn->dst_reg] = -1;
	if (insn->src_reg == 0) {
		st->regs[insn->dst_reg] = sem_const(s, ((uint64_t)(uint32_t)insn[1].imm << 32) |
							(uint32_t)insn->imm);
	} else if (env && insn->imm >= 0 && (size_t)insn->imm < env->obj->map_cnt &&
		   (insn->src_reg == BPF_PSEUDO_MAP_VALUE || insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE)) {
		st->regs[insn->dst_reg] = Z3_mk_bvadd(s->z, x->map_val[insn->imm],
						      sem_const(s, (uint32_t)insn[1].imm));
	} else if (env && insn->imm >= 0 &&
		   (insn->src_reg == BPF_PSEUDO_MAP_FD || insn->src_reg == BPF_PSEUDO_MAP_IDX)) {
		st->regs[insn->dst_reg] = fresh64(x, "map");
		st->mapfd[insn->dst_reg] = insn->imm;
	} else {
		return -EOPNOTSUPP;
	}
	st->insn += 2;
	return 1;
}

void symex_unsupported(const struct smt_run_input *in, int i, char *msg, size_t len)
{
	char text[96];

	isa_disasm(&in->insns[i], in->insn_cnt - (size_t)i, NULL, false, text, sizeof(text));
	snprintf(msg, len, "insn %d (%s) is not modelled", i, text);
}

int symex_step(struct symex *x, struct sym_state *st, char *msg, size_t len)
{
	struct smt_ctx *s = x->s;
	const struct smt_run_input *in = x->in;
	int i = st->insn, err = 1;
	const struct bpf_insn *insn = &in->insns[i];
	uint8_t cls = BPF_CLASS(insn->code);
	Z3_ast addr, v;

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		v = sem_alu(s, insn, st->regs[insn->dst_reg], symex_src(s, st, insn));
		if (!v)
			break;
		st->regs[insn->dst_reg] = v;
		/* a map pointer moves with mov64 only */
		st->mapfd[insn->dst_reg] = insn->code == (BPF_ALU64 | BPF_MOV | BPF_X) && !insn->off ?
					   st->mapfd[insn->src_reg] : -1;
		st->insn++;
		return 1;
	case BPF_LDX:
		addr = Z3_mk_bvadd(s->z, st->regs[insn->src_reg], sem_const(s, (uint64_t)(int64_t)insn->off));
		v = sem_load(s, st->mem, addr, isa_access_size(insn), BPF_MODE(insn->code) == BPF_MEMSX);
		if (in->env) {
			x->access(x, st, i, addr, isa_access_size(insn));
			v = env_load(x, addr, isa_access_size(insn), v);
			st->mapfd[insn->dst_reg] = -1;
		}
		st->regs[insn->dst_reg] = v;
		st->insn++;
		return 1;
	case BPF_ST:
	case BPF_STX:
		addr = Z3_mk_bvadd(s->z, st->regs[insn->dst_reg], sem_const(s, (uint64_t)(int64_t)insn->off));
		if (in->env)
			x->access(x, st, i, addr, isa_access_size(insn));
		if (cls == BPF_STX && BPF_MODE(insn->code) == BPF_ATOMIC) {
			err = exec_atomic(s, st, insn, addr);
		} else {
			v = cls == BPF_STX ? st->regs[insn->src_reg] : sem_imm(s, insn);
			st->mem = sem_store(s, st->mem, addr, v, isa_access_size(insn));
		}
		if (err < 0)
			break;
		st->insn++;
		return 1;
	case BPF_LD:
		if (!isa_is_ld_imm64(insn) || (size_t)i + 1 >= in->insn_cnt)
			break;
		err = exec_ld_imm64(x, st, insn);
		if (err < 0)
			break;
		return 1;
	case BPF_JMP:
		if (BPF_OP(insn->code) == BPF_CALL && insn->src_reg == 0 && in->env) {
			env_call(x, st, insn);
			st->insn++;
			return 1;
		}
		return 0;
	case BPF_JMP32:
		return 0;
	}
	symex_unsupported(in, i, msg, len);
	return -EOPNOTSUPP;
}

Z3_ast symex_start(struct symex *x, struct sym_state *st)
{
	struct smt_ctx *s = x->s;
	const struct smt_run_input *in = x->in;
	Z3_ast facts = Z3_mk_true(s->z);

	memset(st, 0, sizeof(*st));
	for (int r = 0; r < ISA_MAX_REG; r++) {
		char name[8];

		snprintf(name, sizeof(name), "r%d", r);
		st->regs[r] = in->regs_symbolic[r] ? Z3_mk_const(s->z, Z3_mk_string_symbol(s->z, name), s->bv64)
						   : sem_const(s, in->regs[r]);
		st->mapfd[r] = -1;
	}
	st->regs[BPF_REG_10] = sem_const(s, in->stack_top);
	st->mem = Z3_mk_const(s->z, Z3_mk_string_symbol(s->z, "mem"), s->mem_sort);
	for (size_t i = 0; i < in->mem_len; i++)
		st->mem = Z3_mk_store(s->z, st->mem, sem_const(s, in->mem_base + i),
				      Z3_mk_unsigned_int64(s->z, in->mem[i], s->bv8));
	if (!in->env)
		return facts;

	/* symbolic objects: the ctx in r1, the stack under r10, the packet, global data */
	const struct smt_env *env = in->env;
	Z3_ast stack;
	uint32_t ctxsz = env->prog_type == BPF_PROG_TYPE_XDP ? sizeof(struct xdp_md) :
			 sizeof(struct __sk_buff);

	x->ctx = fresh64(x, "ctx");
	x->data = fresh64(x, "data");
	x->len = fresh64(x, "len");
	stack = fresh64(x, "stack");
	facts = sym_and(s, sym_and(s, sane_base(s, x->ctx), sane_base(s, x->data)),
			sym_and(s, sane_base(s, stack), Z3_mk_bvule(s->z, x->len, sem_const(s, 1ull << 32))));
	x->map_val = calloc(env->obj->map_cnt + 1, sizeof(*x->map_val));
	if (!x->map_val)
		return NULL;
	st->regs[BPF_REG_1] = x->ctx;
	st->regs[BPF_REG_10] = Z3_mk_bvadd(s->z, stack, sem_const(s, SYM_FRAME_SIZE));
	add_obj(s, st, x->ctx, sem_const(s, ctxsz));
	add_obj(s, st, stack, sem_const(s, SYM_FRAME_SIZE));
	add_obj(s, st, x->data, x->len);
	for (size_t m = 0; m < env->obj->map_cnt; m++) {
		x->map_val[m] = fresh64(x, "global");
		facts = sym_and(s, facts, sane_base(s, x->map_val[m]));
		add_obj(s, st, x->map_val[m], sem_const(s, env->obj->maps[m].value_size));
	}
	return facts;
}

void symex_fini(struct symex *x)
{
	free(x->map_val);
	x->map_val = NULL;
}
