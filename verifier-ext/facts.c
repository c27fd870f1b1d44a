// SPDX-License-Identifier: MIT
/*
 * verifier-ext: the per-access record handed to smt/ and jit-x86/
 * (struct access_fact in verifier.h).  Every abstract pointer that reaches
 * a load, store or atomic is kept, deduplicated, up to VX_MAX_SEEN per
 * instruction; beyond that the last entry is widened to cover the rest.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vx.h"
#include "internal.h"

struct vx_seen_set {
	struct access_seen item[VX_MAX_SEEN];
	unsigned cnt;
	bool overflow;
};

static enum vx_region region_of(u32 type)
{
	switch (base_type(type)) {
	case PTR_TO_STACK: return VX_REGION_STACK;
	case PTR_TO_CTX: return VX_REGION_CTX;
	case PTR_TO_MAP_VALUE: return VX_REGION_MAP_VALUE;
	case PTR_TO_MAP_KEY: return VX_REGION_MAP_KEY;
	case PTR_TO_PACKET: return VX_REGION_PACKET;
	case PTR_TO_PACKET_META: return VX_REGION_PACKET_META;
	case PTR_TO_FLOW_KEYS: return VX_REGION_FLOW_KEYS;
	case PTR_TO_SOCKET: case PTR_TO_SOCK_COMMON: case PTR_TO_TCP_SOCK: case PTR_TO_XDP_SOCK:
		return VX_REGION_SOCKET;
	case PTR_TO_MEM: return VX_REGION_MEM;
	case PTR_TO_BUF: case PTR_TO_TP_BUFFER: return VX_REGION_BUF;
	case PTR_TO_BTF_ID: return VX_REGION_BTF_ID;
	case PTR_TO_ARENA: return VX_REGION_ARENA;
	case PTR_TO_PACKET_END: return VX_REGION_PACKET_END;
	case CONST_PTR_TO_MAP: return VX_REGION_MAP_PTR;
	}
	return VX_REGION_OTHER;
}

static u64 region_size(struct env *env, const struct reg_state *reg)
{
	const struct obj_map *m = reg->map_idx >= 0 && (size_t)reg->map_idx < env->obj->map_cnt ?
				  &env->obj->maps[reg->map_idx] : NULL;

	switch (base_type(reg->type)) {
	case PTR_TO_STACK: return MAX_BPF_STACK;
	case PTR_TO_CTX: return ctx_size(env->prog_type);
	case PTR_TO_MAP_VALUE: return m ? m->value_size : 0;
	case PTR_TO_MAP_KEY: return m ? m->key_size : 0;
	case PTR_TO_PACKET: case PTR_TO_PACKET_META: return reg->range > 0 ? (u64)reg->range : 0;
	case PTR_TO_MEM: case PTR_TO_BUF: return reg->mem_size;
	}
	return 0;
}

static bool seen_equal(const struct access_seen *a, const struct access_seen *b)
{
	return a->region == b->region && a->reg_type == b->reg_type && a->map_idx == b->map_idx &&
	       a->frameno == b->frameno && a->func == b->func && a->region_size == b->region_size && a->off == b->off &&
	       a->var_value == b->var_value && a->var_mask == b->var_mask && a->smin == b->smin &&
	       a->smax == b->smax && a->umin == b->umin && a->umax == b->umax && a->size == b->size;
}

/* Widen `into` to cover `s` too (same region kind assumed by the caller). */
static void seen_widen(struct access_seen *into, const struct access_seen *s)
{
	struct tnum a = TNUM(into->var_value, into->var_mask), b = TNUM(s->var_value, s->var_mask);
	/* the smallest tnum holding both: differing bits become unknown */
	u64 mu = a.mask | b.mask | (a.value ^ b.value);

	if (into->region != s->region || into->map_idx != s->map_idx || into->off != s->off ||
	    into->region_size != s->region_size || into->frameno != s->frameno ||
	    into->func != s->func) {
		into->region = VX_REGION_OTHER; /* mixed: consumers must treat it as unknown */
		into->map_idx = -1;
	}
	into->var_value = a.value & ~mu;
	into->var_mask = mu;
	into->smin = into->smin < s->smin ? into->smin : s->smin;
	into->smax = into->smax > s->smax ? into->smax : s->smax;
	into->umin = into->umin < s->umin ? into->umin : s->umin;
	into->umax = into->umax > s->umax ? into->umax : s->umax;
	if (into->region_size > s->region_size)
		into->region_size = s->region_size;
}

/* The first insn of the function whose frame a stack pointer points into:
 * frame numbers are call depths, and a depth holds different functions. */
static int32_t frame_func(struct env *env, const struct reg_state *reg)
{
	const struct func_state *f;

	if (base_type(reg->type) != PTR_TO_STACK)
		return -1;
	f = func_of(env, reg);
	if (!f || (int)f->subprogno >= env->subprog_cnt)
		return -1;
	return env->subprogs[f->subprogno].start;
}

/*
 * A helper (or a global function) gets stack memory [reg, reg + size):
 * check_helper_mem_access() has checked it lies in the frame.  Kept for
 * jit-x86, which must not poison what a helper legitimately touches.
 */
int record_stack_arg(struct env *env, const struct reg_state *reg, int size)
{
	struct vx_stack_arg a = {
		.insn = env->cur->insn_idx, .func = frame_func(env, reg), .base = reg->off,
		.var = !tnum_is_const(reg->var_off),
	};

	if (a.var) {
		a.lo = (int32_t)(reg->smin_value + reg->off);
		a.hi = (int32_t)(reg->smax_value + reg->off + size);
	} else {
		a.lo = (int32_t)((s64)reg->var_off.value + reg->off);
		a.hi = a.lo + size;
	}
	for (unsigned i = 0; i < env->stack_arg_cnt; i++) {
		const struct vx_stack_arg *o = &env->stack_args[i];

		if (o->insn == a.insn && o->func == a.func && o->base == a.base &&
		    o->lo == a.lo && o->hi == a.hi && o->var == a.var)
			return 0;
	}
	if (env->stack_arg_cnt == env->stack_arg_cap) {
		unsigned cap = env->stack_arg_cap ? 2 * env->stack_arg_cap : 16;
		struct vx_stack_arg *n = realloc(env->stack_args, cap * sizeof(*n));

		if (!n) {
			env->oom = true;
			vx_err(env, "out of memory");
			return -ENOMEM;
		}
		env->stack_args = n;
		env->stack_arg_cap = cap;
	}
	env->stack_args[env->stack_arg_cnt++] = a;
	return 0;
}

int record_access(struct env *env, int insn_idx, const struct reg_state *reg, int off, int size,
		  bool is_write)
{
	struct insn_aux *aux = &env->aux[insn_idx];
	struct access_seen s;

	(void)is_write;
	if (!aux->facts) {
		aux->facts = calloc(1, sizeof(*aux->facts));
		if (!aux->facts) {
			env->oom = true;
			vx_err(env, "out of memory");
			return -ENOMEM;
		}
	}
	memset(&s, 0, sizeof(s));
	s.region = region_of(reg->type);
	s.reg_type = reg->type;
	s.map_idx = s.region == VX_REGION_MAP_VALUE || s.region == VX_REGION_MAP_KEY ? reg->map_idx : -1;
	s.frameno = reg->frameno;
	s.func = frame_func(env, reg);
	s.region_size = region_size(env, reg);
	s.off = reg->off + off;
	s.var_value = reg->var_off.value;
	s.var_mask = reg->var_off.mask;
	s.smin = reg->smin_value;
	s.smax = reg->smax_value;
	s.umin = reg->umin_value;
	s.umax = reg->umax_value;
	s.size = (unsigned)size;

	struct vx_seen_set *set = aux->facts;
	for (unsigned i = 0; i < set->cnt; i++)
		if (seen_equal(&set->item[i], &s))
			return 0;
	if (set->cnt < VX_MAX_SEEN) {
		set->item[set->cnt++] = s;
		return 0;
	}
	set->overflow = true;
	seen_widen(&set->item[VX_MAX_SEEN - 1], &s);
	return 0;
}

static bool is_direct_access(const struct bpf_insn *insn)
{
	enum isa_access_kind k = isa_access_kind(insn);

	return k == ISA_ACCESS_LOAD || k == ISA_ACCESS_STORE || k == ISA_ACCESS_ATOMIC;
}

int facts_finish(struct env *env)
{
	struct vx_result *res = env->res;
	unsigned n = 0;

	res->insn_cnt = env->insn_cnt;
	res->stack_args = env->stack_args; /* the caller's now */
	res->stack_arg_cnt = env->stack_arg_cnt;
	env->stack_args = NULL;
	env->stack_arg_cnt = 0;
	res->reached = calloc((size_t)env->insn_cnt + 1, sizeof(bool));
	if (!res->reached)
		return -ENOMEM;
	for (int i = 0; i < env->insn_cnt; i++) {
		res->reached[i] = env->aux[i].seen;
		if (is_direct_access(&env->insns[i]))
			n++;
	}
	res->facts = calloc(n ? n : 1, sizeof(*res->facts));
	if (!res->facts)
		return -ENOMEM;
	for (int i = 0; i < env->insn_cnt; i++) {
		const struct bpf_insn *insn = &env->insns[i];
		struct access_fact *f;
		struct vx_seen_set *set = env->aux[i].facts;

		if (!is_direct_access(insn) || (i > 0 && isa_is_ld_imm64(&env->insns[i - 1])))
			continue;
		f = &res->facts[res->fact_cnt++];
		f->insn = i;
		f->size = (unsigned)isa_access_size(insn);
		f->is_write = isa_access_kind(insn) != ISA_ACCESS_LOAD;
		f->reached = env->aux[i].seen;
		if (set && set->cnt) {
			f->seen = malloc(set->cnt * sizeof(*f->seen));
			if (!f->seen)
				return -ENOMEM;
			memcpy(f->seen, set->item, set->cnt * sizeof(*f->seen));
			f->seen_cnt = set->cnt;
			f->seen_overflow = set->overflow;
		}
	}
	return 0;
}

void facts_free(struct env *env)
{
	free(env->stack_args);
	env->stack_args = NULL;
	if (!env->aux)
		return;
	for (int i = 0; i < env->insn_cnt; i++)
		free(env->aux[i].facts);
}

/*
 * The registers before r pointing into the packet at a fixed distance from
 * r in this state: the same variable part (the verifier's id), or both
 * offsets constant.  delta[t] is r - r<t> (distances past s32 are left out).
 */
static uint16_t twins_of(const struct func_state *f, int r, int32_t delta[MAX_BPF_REG])
{
	const struct reg_state *reg = &f->regs[r];
	uint16_t mask = 0;

	if (reg->type != PTR_TO_PACKET)
		return 0;
	for (int t = 0; t < r; t++) {
		const struct reg_state *o = &f->regs[t];
		s64 d;

		if (o->type != PTR_TO_PACKET)
			continue;
		if (reg->id && o->id == reg->id)
			d = (s64)reg->off - o->off;
		else if (tnum_is_const(reg->var_off) && tnum_is_const(o->var_off))
			d = ((s64)reg->off + (s64)reg->var_off.value) -
			    ((s64)o->off + (s64)o->var_off.value);
		else
			continue;
		if (d < S32_MIN || d > S32_MAX)
			continue;
		delta[t] = (int32_t)d;
		mask |= 1u << t;
	}
	return mask;
}

/* Join one register of a state into an instruction's summary (see verifier.h). */
static void join_value(struct env *env, struct vx_value *v, const struct reg_state *reg,
		       bool first, uint16_t twins, const int32_t twin_delta[MAX_BPF_REG])
{
	struct vx_value n = { .map_idx = -1, .twins = twins };

	if (reg->type == NOT_INIT) {
		n.kind = VX_VAL_NONE;
	} else if (reg->type == SCALAR_VALUE) {
		n.kind = VX_VAL_SCALAR;
		n.smin = reg->smin_value;
		n.smax = reg->smax_value;
		n.umin = reg->umin_value;
		n.umax = reg->umax_value;
		n.var_value = reg->var_off.value;
		n.var_mask = reg->var_off.mask;
	} else {
		struct tnum o = tnum_add(reg->var_off, tnum_const((u64)(s64)reg->off));

		n.kind = VX_VAL_PTR;
		n.region = region_of(reg->type);
		n.map_idx = n.region == VX_REGION_MAP_VALUE || n.region == VX_REGION_MAP_KEY ||
			    n.region == VX_REGION_MAP_PTR ? reg->map_idx : -1;
		n.maybe_null = reg->type & PTR_MAYBE_NULL;
		if (n.region == VX_REGION_MAP_VALUE)
			n.value_size = region_size(env, reg);
		n.smin = reg->smin_value + reg->off;
		n.smax = reg->smax_value + reg->off;
		n.umin = 0;
		n.umax = U64_MAX;
		n.var_value = o.value;
		n.var_mask = o.mask;
		if (n.region == VX_REGION_PACKET && reg->range >= 0) {
			n.pkt_need_valid = true;
			n.pkt_need = (s64)reg->range - reg->off;
		}
	}
	memcpy(n.twin_delta, twin_delta, sizeof(n.twin_delta));
	if (first) {
		*v = n;
		return;
	}
	/* a twin stays when this state has it at the same distance */
	for (int t = 0; t < MAX_BPF_REG; t++)
		if ((v->twins >> t & 1) && (!(twins >> t & 1) || v->twin_delta[t] != twin_delta[t]))
			v->twins &= (uint16_t)~(1u << t);
	/* values of different maps: one region still, of a size when they agree */
	if (v->kind == VX_VAL_PTR && n.kind == VX_VAL_PTR && v->region == VX_REGION_MAP_VALUE &&
	    n.region == VX_REGION_MAP_VALUE && v->map_idx != n.map_idx) {
		v->map_idx = -1;
		if (v->value_size != n.value_size)
			v->value_size = 0;
	}
	if (v->kind != n.kind || (n.kind == VX_VAL_PTR && (v->region != n.region ||
							    (v->map_idx != n.map_idx &&
							     n.region != VX_REGION_MAP_VALUE)))) {
		if (v->kind == VX_VAL_NONE) /* uninitialised on some path: the other kind */
			*v = n;
		else if (n.kind != VX_VAL_NONE)
			v->kind = VX_VAL_ANY;
		return;
	}
	if (n.kind != VX_VAL_SCALAR && n.kind != VX_VAL_PTR)
		return;
	v->maybe_null |= n.maybe_null;
	u64 mu = v->var_mask | n.var_mask | (v->var_value ^ n.var_value);

	v->var_value &= ~mu;
	v->var_mask = mu;
	v->smin = v->smin < n.smin ? v->smin : n.smin;
	v->smax = v->smax > n.smax ? v->smax : n.smax;
	v->umin = v->umin < n.umin ? v->umin : n.umin;
	v->umax = v->umax > n.umax ? v->umax : n.umax;
	if (v->pkt_need_valid && n.pkt_need_valid)
		v->pkt_need = v->pkt_need < n.pkt_need ? v->pkt_need : n.pkt_need;
	else
		v->pkt_need_valid = false;
}

/* Add the current state to the summary of the instruction it is at. */
int summary_add(struct env *env, int insn_idx)
{
	struct vx_insn_summary *sum;
	const struct func_state *f0 = env->cur->frame[0];
	bool first;

	if (!env->summaries)
		return 0;
	sum = &env->summaries[insn_idx];
	if (env->cur->curframe || env->verifying_global) {
		sum->other_frames = true;
		return 0;
	}
	first = !sum->reached;
	sum->reached = true;
	for (int r = 0; r < MAX_BPF_REG; r++) {
		int32_t delta[MAX_BPF_REG] = { 0 };
		uint16_t twins = twins_of(f0, r, delta);

		join_value(env, &sum->regs[r], &f0->regs[r], first, twins, delta);
	}
	return 0;
}
