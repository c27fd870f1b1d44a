// SPDX-License-Identifier: MIT
/*
 * verifier-ext: when is an explored state "at least as general" as the
 * current one, so the current path can stop (kernel: states_equal(),
 * func_states_equal(), regsafe(), stacksafe(), refsafe(), check_ids()).
 *
 * Two simplifications, both on the safe side (they prune less, never
 * more, than the kernel):
 *  - liveness is computed statically (a register is live at an insn if
 *    some path reads it before writing it) instead of the kernel's
 *    read marks; stack slots are always compared;
 *  - every scalar is treated as precise (no mark_chain_precision()).
 */
#include <stdlib.h>
#include <string.h>

#include "vx.h"
#include "internal.h"

#define ID_MAP_SIZE (2 * (MAX_BPF_REG + MAX_STACK_SLOTS) * MAX_CALL_FRAMES + 2 * VX_MAX_REFS)

struct idmap {
	struct { u32 old, cur; } map[ID_MAP_SIZE];
	u32 cnt;
	u32 tmp_id_gen;
};

/* kernel: check_ids(): ids must correspond one to one */
static bool check_ids(u32 old_id, u32 cur_id, struct idmap *m)
{
	if (!old_id && !cur_id)
		return true;
	if (!old_id || !cur_id)
		return false;
	for (u32 i = 0; i < m->cnt; i++) {
		if (m->map[i].old == old_id)
			return m->map[i].cur == cur_id;
		if (m->map[i].cur == cur_id)
			return false;
	}
	if (m->cnt == ID_MAP_SIZE)
		return false;
	m->map[m->cnt].old = old_id;
	m->map[m->cnt].cur = cur_id;
	m->cnt++;
	return true;
}

/* kernel: check_scalar_ids(): an id of 0 is a fresh, unique id */
static bool check_scalar_ids(u32 old_id, u32 cur_id, struct idmap *m)
{
	old_id = old_id ? old_id : ++m->tmp_id_gen | 0x40000000u;
	cur_id = cur_id ? cur_id : ++m->tmp_id_gen | 0x40000000u;
	return check_ids(old_id, cur_id, m);
}

static bool same_shape(const struct reg_state *a, const struct reg_state *b)
{
	return a->type == b->type && a->off == b->off && a->map_idx == b->map_idx &&
	       a->mem_size == b->mem_size && a->range == b->range && a->btf_id == b->btf_id &&
	       a->subprogno == b->subprogno;
}

static bool same_bounds(const struct reg_state *a, const struct reg_state *b)
{
	return a->var_off.value == b->var_off.value && a->var_off.mask == b->var_off.mask &&
	       a->smin_value == b->smin_value && a->smax_value == b->smax_value &&
	       a->umin_value == b->umin_value && a->umax_value == b->umax_value &&
	       a->s32_min_value == b->s32_min_value && a->s32_max_value == b->s32_max_value &&
	       a->u32_min_value == b->u32_min_value && a->u32_max_value == b->u32_max_value;
}

/* kernel: regs_exact() */
static bool regs_exact(const struct reg_state *a, const struct reg_state *b, struct idmap *m)
{
	return same_shape(a, b) && same_bounds(a, b) && a->frameno == b->frameno &&
	       check_ids(a->id, b->id, m) && check_ids(a->ref_obj_id, b->ref_obj_id, m);
}

/* kernel: regsafe() */
static bool regsafe(const struct reg_state *rold, const struct reg_state *rcur, struct idmap *m,
		    bool exact)
{
	if (rold->type == NOT_INIT)
		return !exact || rcur->type == NOT_INIT;
	if (exact)
		return regs_exact(rold, rcur, m);
	if (rold->type != rcur->type)
		return false;
	switch (base_type(rold->type)) {
	case SCALAR_VALUE:
		if ((rold->id & BPF_ADD_CONST) != (rcur->id & BPF_ADD_CONST))
			return false;
		if ((rold->id & BPF_ADD_CONST) && rold->off != rcur->off)
			return false;
		return check_scalar_ids(rold->id, rcur->id, m) && range_within(rold, rcur) &&
		       tnum_in(rold->var_off, rcur->var_off);
	case PTR_TO_MAP_KEY:
	case PTR_TO_MAP_VALUE:
	case PTR_TO_MEM:
	case PTR_TO_BUF:
	case PTR_TO_TP_BUFFER:
		return same_shape(rold, rcur) && range_within(rold, rcur) &&
		       tnum_in(rold->var_off, rcur->var_off) && check_ids(rold->id, rcur->id, m) &&
		       check_ids(rold->ref_obj_id, rcur->ref_obj_id, m);
	case PTR_TO_PACKET_META:
	case PTR_TO_PACKET:
		/* AT_PKT_END / BEYOND_PKT_END (negative) only cover themselves */
		if (rold->range < 0 || rcur->range < 0) {
			if (rold->range != rcur->range)
				return false;
		} else if (rold->range > rcur->range) {
			return false;
		}
		if (rold->off != rcur->off)
			return false;
		if (!check_ids(rold->id, rcur->id, m))
			return false;
		return range_within(rold, rcur) && tnum_in(rold->var_off, rcur->var_off);
	case PTR_TO_STACK:
		return regs_exact(rold, rcur, m) && rold->frameno == rcur->frameno;
	case PTR_TO_ARENA:
		return true;
	default:
		return regs_exact(rold, rcur, m);
	}
}

/* kernel: scalar_reg_for_stack() */
static const struct reg_state *scalar_reg_for_stack(const struct stack_slot *s)
{
	static struct reg_state unbound;
	static bool init;

	if (!init) {
		__mark_reg_unknown_imprecise(&unbound);
		unbound.map_idx = -1;
		init = true;
	}
	bool spill64 = true, all_misc = true;

	for (int i = 0; i < BPF_REG_SIZE; i++) {
		spill64 &= s->slot_type[i] == STACK_SPILL;
		/* kernel: is_stack_all_misc(), with allow_uninit_stack */
		all_misc &= s->slot_type[i] == STACK_MISC || s->slot_type[i] == STACK_INVALID;
	}
	/* kernel: is_spilled_scalar_reg64(): a narrower spill is not a scalar of 8 bytes */
	if (spill64 && s->spilled_ptr.type == SCALAR_VALUE)
		return &s->spilled_ptr;
	return all_misc ? &unbound : NULL;
}

/* kernel: stacksafe() */
static bool stacksafe(const struct func_state *old, const struct func_state *cur, struct idmap *m,
		      bool exact)
{
	for (int i = 0; i < old->allocated_stack; i++) {
		int spi = i / BPF_REG_SIZE, b = i % BPF_REG_SIZE;
		u8 ot = old->stack[spi].slot_type[b];
		u8 ct = i < cur->allocated_stack ? cur->stack[spi].slot_type[b] : STACK_INVALID;

		if (exact && (i >= cur->allocated_stack || ot != ct))
			return false;
		if (ot == STACK_INVALID)
			continue;
		if (ot == STACK_MISC && !exact) /* allow_uninit_stack */
			continue;
		if (i >= cur->allocated_stack)
			return false;
		const struct reg_state *oreg = scalar_reg_for_stack(&old->stack[spi]);
		const struct reg_state *creg = scalar_reg_for_stack(&cur->stack[spi]);

		if (oreg && creg) {
			if (!regsafe(oreg, creg, m, exact))
				return false;
			i += BPF_REG_SIZE - 1 - b;
			continue;
		}
		if (ot == STACK_MISC && ct == STACK_ZERO)
			continue;
		if (ot != ct)
			return false;
		if (b != BPF_REG_SIZE - 1)
			continue;
		switch (old->stack[spi].slot_type[BPF_REG_SIZE - 1]) {
		case STACK_SPILL:
			if (!regsafe(&old->stack[spi].spilled_ptr, &cur->stack[spi].spilled_ptr, m, exact))
				return false;
			break;
		case STACK_MISC:
		case STACK_ZERO:
		case STACK_INVALID:
			continue;
		default:
			return false;
		}
	}
	return true;
}

/* Registers whose value matters in frame `f` of `st` (static liveness). */
static u16 live_regs_of(struct env *env, const struct vstate *st, u32 f)
{
	u16 live;

	if (f == st->curframe)
		live = env->live_regs[st->insn_idx];
	else if (st->frame[f + 1]->in_callback_fn)
		/* a callback returns to its call, which reads R1-R5 again */
		live = env->live_regs[st->frame[f + 1]->callsite];
	else /* the caller resumes after the call; R0-R5 are rewritten */
		live = env->live_regs[st->frame[f + 1]->callsite + 1] & ~0x3fu;
	return live | (1u << BPF_REG_10);
}

/* kernel: func_states_equal() */
static bool func_states_equal(const struct func_state *old, const struct func_state *cur, u16 live,
			      struct idmap *m, bool exact)
{
	if (old->in_callback_fn != cur->in_callback_fn || old->callback_depth > cur->callback_depth)
		return false;
	for (int i = 0; i < MAX_BPF_REG; i++) {
		if (!exact && !(live & (1u << i)))
			continue;
		if (!regsafe(&old->regs[i], &cur->regs[i], m, exact))
			return false;
	}
	return stacksafe(old, cur, m, exact);
}

/* kernel: refsafe() */
static bool refsafe(const struct vstate *old, const struct vstate *cur, struct idmap *m)
{
	if (old->ref_cnt != cur->ref_cnt)
		return false;
	for (u32 i = 0; i < old->ref_cnt; i++)
		if (!check_ids(old->refs[i].id, cur->refs[i].id, m))
			return false;
	return true;
}

bool states_equal(struct env *env, struct vstate *old, struct vstate *cur, bool exact)
{
	static struct idmap m; /* large; one exploration runs at a time per thread */

	if (old->curframe != cur->curframe)
		return false;
	memset(&m, 0, offsetof(struct idmap, map));
	m.cnt = 0;
	m.tmp_id_gen = 0;
	if (!!old->active_lock_id != !!cur->active_lock_id ||
	    (old->active_lock_id && !check_ids(old->active_lock_id, cur->active_lock_id, &m)))
		return false;
	if (old->active_rcu_lock != cur->active_rcu_lock)
		return false;
	for (u32 i = 0; i <= old->curframe; i++) {
		if (old->frame[i]->callsite != cur->frame[i]->callsite)
			return false;
		if (!func_states_equal(old->frame[i], cur->frame[i], live_regs_of(env, cur, i), &m, exact))
			return false;
	}
	return refsafe(old, cur, &m);
}

/*
 * Static register liveness, per instruction: the registers some path from
 * it reads before writing.  A backward data-flow fixpoint over the whole
 * program's control-flow graph (calls step to the next insn; a callee's
 * uses of R1-R5 are assumed).
 */
static void insn_use_def(const struct bpf_insn *insn, u16 *use, u16 *def)
{
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	u16 dst = (u16)(1u << insn->dst_reg), src = (u16)(1u << insn->src_reg);

	*use = *def = 0;
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (op == BPF_MOV) {
			*def = dst;
			if (BPF_SRC(insn->code) == BPF_X)
				*use = src;
		} else {
			*use = dst | (BPF_SRC(insn->code) == BPF_X ? src : 0);
			*def = dst;
		}
		break;
	case BPF_LDX:
		*use = src;
		*def = dst;
		break;
	case BPF_ST:
		*use = dst;
		break;
	case BPF_STX:
		*use = dst | src;
		if (BPF_MODE(insn->code) == BPF_ATOMIC) {
			if (insn->imm == BPF_CMPXCHG)
				*use |= 1, *def = 1;
			else if (insn->imm & BPF_FETCH)
				*def = src;
		}
		break;
	case BPF_LD:
		if (BPF_MODE(insn->code) == BPF_IMM) {
			*def = dst;
		} else { /* LD_ABS/IND: reads R6 (and src), clobbers R0-R5 */
			*use = (1u << BPF_REG_6) | (BPF_MODE(insn->code) == BPF_IND ? src : 0);
			*def = 0x3f;
		}
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_CALL) {
			*use = 0x3e; /* R1-R5 */
			*def = 0x3f;
		} else if (op == BPF_EXIT) {
			*use = 1;
		} else if (op != BPF_JA && op != BPF_JCOND) {
			*use = dst | (BPF_SRC(insn->code) == BPF_X ? src : 0);
		}
		break;
	}
	*use &= 0x7ff;
	*def &= 0x7ff;
}

int compute_live_regs(struct env *env)
{
	int n = env->insn_cnt;
	u16 *use = calloc((size_t)n, sizeof(u16)), *def = calloc((size_t)n, sizeof(u16));
	bool changed = true;

	env->live_regs = calloc((size_t)n + 1, sizeof(u16));
	if (!use || !def || !env->live_regs) {
		free(use);
		free(def);
		return -1;
	}
	for (int i = 0; i < n; i++)
		insn_use_def(&env->insns[i], &use[i], &def[i]);
	while (changed) {
		changed = false;
		for (int i = n - 1; i >= 0; i--) {
			const struct bpf_insn *insn = &env->insns[i];
			u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
			u16 out = 0;

			if (i > 0 && isa_is_ld_imm64(&env->insns[i - 1]))
				continue; /* second half of ld_imm64 */
			if ((cls == BPF_JMP || cls == BPF_JMP32) && op == BPF_EXIT) {
				out = 0;
			} else if ((cls == BPF_JMP || cls == BPF_JMP32) && op == BPF_JA) {
				int t = i + (cls == BPF_JMP ? insn->off : insn->imm) + 1;

				if (t >= 0 && t < n)
					out = env->live_regs[t];
			} else if ((cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_CALL) {
				int t = i + insn->off + 1;

				out = i + 1 < n ? env->live_regs[i + 1] : 0;
				if (t >= 0 && t < n)
					out |= env->live_regs[t];
			} else {
				int next = i + isa_insn_len(insn);

				out = next < n ? env->live_regs[next] : 0;
			}
			u16 in = (u16)(use[i] | (out & ~def[i]));
			if (in != env->live_regs[i]) {
				env->live_regs[i] = in;
				changed = true;
			}
		}
	}
	free(use);
	free(def);
	return 0;
}
