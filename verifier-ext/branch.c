// SPDX-License-Identifier: MIT
/*
 * verifier-ext: conditional jumps (kernel: check_cond_jmp_op(),
 * is_branch_taken(), reg_set_min_max(), linked scalars, null checks of
 * _or_null pointers, and packet range discovery against pkt_end).
 */
#include <errno.h>
#include <string.h>

#include "vx.h"
#include "internal.h"

enum { AT_PKT_END = -1, BEYOND_PKT_END = -2 };

#define for_each_reg_in_vstate(vst, fn, ...)                                          \
	for (u32 __fi = 0; __fi <= (vst)->curframe; __fi++) {                          \
		struct func_state *__f = (vst)->frame[__fi];                            \
		for (int __r = 0; __r < MAX_BPF_REG; __r++)                              \
			fn(&__f->regs[__r], __VA_ARGS__);                               \
		for (int __s = 0; __s < __f->allocated_stack / BPF_REG_SIZE; __s++)     \
			if (is_spilled_reg(&__f->stack[__s]))                             \
				fn(&__f->stack[__s].spilled_ptr, __VA_ARGS__);          \
	}

static bool reg_is_pkt_pointer_any(const struct reg_state *reg)
{
	return reg->type == PTR_TO_PACKET || reg->type == PTR_TO_PACKET_META ||
	       reg->type == PTR_TO_PACKET_END;
}

static bool is_pointer(const struct reg_state *reg)
{
	return reg->type != SCALAR_VALUE;
}

/* kernel: reg_not_null() */
static bool reg_not_null(const struct reg_state *reg)
{
	u32 type = reg->type;

	if (type_may_be_null(type))
		return false;
	/* a non-NULL base with an unbounded offset can still wrap to zero */
	if (reg->smin_value <= -BPF_MAX_VAR_OFF || reg->smax_value >= BPF_MAX_VAR_OFF)
		return false;
	type = base_type(type);
	/* exactly 6.12's list: ctx, stack and packet pointers are not in it */
	return type == PTR_TO_SOCKET || type == PTR_TO_TCP_SOCK || type == PTR_TO_XDP_SOCK ||
	       type == PTR_TO_BUF || type == PTR_TO_MAP_VALUE || type == PTR_TO_MAP_KEY ||
	       type == PTR_TO_SOCK_COMMON || (type == PTR_TO_BTF_ID && (reg->type & PTR_TRUSTED)) ||
	       type == PTR_TO_MEM || type == CONST_PTR_TO_MAP;
}

/* kernel: is_pkt_ptr_branch_taken() */
static int is_pkt_ptr_branch_taken(const struct reg_state *dst, const struct reg_state *src,
				   u8 opcode)
{
	const struct reg_state *pkt;

	if (src->type == PTR_TO_PACKET_END) {
		pkt = dst;
	} else if (dst->type == PTR_TO_PACKET_END) {
		pkt = src;
		opcode = flip_opcode(opcode);
	} else {
		return -1;
	}
	if (pkt->range >= 0)
		return -1;
	switch (opcode) {
	case BPF_JLE:
	case BPF_JGT:
		if (pkt->range == BEYOND_PKT_END)
			return opcode == BPF_JGT;
		break;
	case BPF_JLT:
	case BPF_JGE:
		if (pkt->range == BEYOND_PKT_END || pkt->range == AT_PKT_END)
			return opcode == BPF_JGE;
		break;
	}
	return -1;
}

/* kernel: is_branch_taken() */
static int is_branch_taken(struct reg_state *r1, struct reg_state *r2, u8 opcode, bool is_jmp32)
{
	if (reg_is_pkt_pointer_any(r1) && reg_is_pkt_pointer_any(r2) && !is_jmp32)
		return is_pkt_ptr_branch_taken(r1, r2, opcode);
	if (is_pointer(r1) || is_pointer(r2)) {
		/* only "non-null pointer ==/!= 0" is decided */
		if (is_jmp32)
			return -1;
		if (!(r2->type == SCALAR_VALUE && tnum_is_const(r2->var_off))) {
			struct reg_state *t = r1;

			opcode = flip_opcode(opcode);
			r1 = r2;
			r2 = t;
		}
		if (!(r2->type == SCALAR_VALUE && tnum_is_const(r2->var_off)))
			return -1;
		if (!reg_not_null(r1) || r2->var_off.value != 0)
			return -1;
		if (opcode == BPF_JEQ)
			return 0;
		if (opcode == BPF_JNE)
			return 1;
		return -1;
	}
	return is_scalar_branch_taken(r1, r2, opcode, is_jmp32);
}

/* kernel: mark_ptr_not_null_reg() */
static void mark_ptr_not_null_reg(struct env *env, struct reg_state *reg)
{
	if (base_type(reg->type) == PTR_TO_MAP_VALUE && reg->map_idx >= 0 &&
	    (size_t)reg->map_idx < env->obj->map_cnt) {
		u32 mt = env->obj->maps[reg->map_idx].type;

		if (mt == BPF_MAP_TYPE_ARRAY_OF_MAPS || mt == BPF_MAP_TYPE_HASH_OF_MAPS)
			reg->type = CONST_PTR_TO_MAP; /* inner map: modelled as the outer one */
		else if (mt == BPF_MAP_TYPE_XSKMAP)
			reg->type = PTR_TO_XDP_SOCK;
		else if (mt == BPF_MAP_TYPE_SOCKMAP || mt == BPF_MAP_TYPE_SOCKHASH)
			reg->type = PTR_TO_SOCKET;
		else
			reg->type = PTR_TO_MAP_VALUE;
		return;
	}
	reg->type &= ~PTR_MAYBE_NULL;
}

static struct env *g_mark_env; /* for the per-reg callback below */

/* kernel: mark_ptr_or_null_reg() */
static void mark_ptr_or_null_reg(struct reg_state *reg, u32 id, bool is_null)
{
	if (!type_may_be_null(reg->type) || reg->id != id || !id)
		return;
	if (reg->smin_value || reg->smax_value || !tnum_equals_const(reg->var_off, 0))
		return;
	if (is_null) {
		reg->type = SCALAR_VALUE;
		reg->id = 0;
		reg->ref_obj_id = 0;
		return;
	}
	mark_ptr_not_null_reg(g_mark_env, reg);
	/* map values keep their id: a bpf_spin_lock in them is identified by it */
	if (base_type(reg->type) != PTR_TO_MAP_VALUE)
		reg->id = 0;
}

static struct env *env_of_vstate;

/* kernel: mark_ptr_or_null_regs() */
void mark_ptr_or_null_regs(struct vstate *vst, u32 regno, bool is_null)
{
	struct reg_state *regs = vst->frame[vst->curframe]->regs;
	u32 ref_obj_id = regs[regno].ref_obj_id, id = regs[regno].id;

	if (ref_obj_id && ref_obj_id == id && is_null) {
		/* a NULL reference was never acquired: drop it (release_reference_state) */
		for (u32 i = 0; i < vst->ref_cnt; i++) {
			if (vst->refs[i].id != id)
				continue;
			vst->refs[i] = vst->refs[--vst->ref_cnt];
			break;
		}
	}
	g_mark_env = env_of_vstate;
	for_each_reg_in_vstate(vst, mark_ptr_or_null_reg, id, is_null);
}

static void raise_range(struct reg_state *reg, u32 type, u32 id, int new_range)
{
	if (reg->type == type && reg->id == id && reg->range < new_range)
		reg->range = new_range;
}

/* kernel: find_good_pkt_pointers() */
static void find_good_pkt_pointers(struct vstate *vst, const struct reg_state *dst, u32 type,
				   bool range_right_open)
{
	int new_range;

	if (dst->off < 0 || (dst->off == 0 && range_right_open))
		return;
	if (dst->umax_value > MAX_PACKET_OFF || dst->umax_value + dst->off > MAX_PACKET_OFF)
		return;
	new_range = dst->off;
	if (range_right_open)
		new_range++;
	for_each_reg_in_vstate(vst, raise_range, type, dst->id, new_range);
}

/* kernel: mark_pkt_end() */
static void mark_pkt_end(struct vstate *vst, int regn, bool range_open)
{
	struct reg_state *reg = &vst->frame[vst->curframe]->regs[regn];

	if (reg->type != PTR_TO_PACKET)
		return;
	reg->range = range_open ? BEYOND_PKT_END : AT_PKT_END;
}

static bool reg_is_init_pkt_pointer(const struct reg_state *reg, u32 type)
{
	return reg->type == type && reg->off == 0 && tnum_equals_const(reg->var_off, 0);
}

/*
 * kernel: try_match_pkt_pointers().  "pkt > pkt_end" style comparisons:
 * on the edge where the packet pointer is at most pkt_end, every pointer
 * with its id gets range = off (+1 when the bound is exclusive).
 */
static bool try_match_pkt_pointers(const struct bpf_insn *insn, struct reg_state *dst,
				   struct reg_state *src, struct vstate *this_branch,
				   struct vstate *other_branch)
{
	bool dst_pkt, src_pkt;
	u8 op = BPF_OP(insn->code);

	if (BPF_SRC(insn->code) != BPF_X || BPF_CLASS(insn->code) == BPF_JMP32)
		return false;
	/* "dst is the packet pointer, src the end" */
	dst_pkt = (dst->type == PTR_TO_PACKET && src->type == PTR_TO_PACKET_END) ||
		  (dst->type == PTR_TO_PACKET_META && reg_is_init_pkt_pointer(src, PTR_TO_PACKET));
	src_pkt = (dst->type == PTR_TO_PACKET_END && src->type == PTR_TO_PACKET) ||
		  (reg_is_init_pkt_pointer(dst, PTR_TO_PACKET) && src->type == PTR_TO_PACKET_META);
	if (!dst_pkt && !src_pkt)
		return false;
	switch (op) {
	case BPF_JGT:
		if (dst_pkt) {
			find_good_pkt_pointers(this_branch, dst, dst->type, false);
			mark_pkt_end(other_branch, insn->dst_reg, true);
		} else {
			find_good_pkt_pointers(other_branch, src, src->type, true);
			mark_pkt_end(this_branch, insn->src_reg, false);
		}
		break;
	case BPF_JLT:
		if (dst_pkt) {
			find_good_pkt_pointers(other_branch, dst, dst->type, true);
			mark_pkt_end(this_branch, insn->dst_reg, false);
		} else {
			find_good_pkt_pointers(this_branch, src, src->type, false);
			mark_pkt_end(other_branch, insn->src_reg, true);
		}
		break;
	case BPF_JGE:
		if (dst_pkt) {
			find_good_pkt_pointers(this_branch, dst, dst->type, true);
			mark_pkt_end(other_branch, insn->dst_reg, false);
		} else {
			find_good_pkt_pointers(other_branch, src, src->type, false);
			mark_pkt_end(this_branch, insn->src_reg, true);
		}
		break;
	case BPF_JLE:
		if (dst_pkt) {
			find_good_pkt_pointers(other_branch, dst, dst->type, false);
			mark_pkt_end(this_branch, insn->dst_reg, true);
		} else {
			find_good_pkt_pointers(this_branch, src, src->type, true);
			mark_pkt_end(other_branch, insn->src_reg, false);
		}
		break;
	default:
		return false;
	}
	return true;
}

/*
 * kernel: sync_linked_regs().  Every scalar sharing known's id takes its
 * refined bounds; "r1 = r2 + c" links (BPF_ADD_CONST) get them shifted by
 * the difference of the constants.
 */
static void sync_one(struct reg_state *reg, const struct reg_state *known)
{
	if (reg->type != SCALAR_VALUE || reg == known)
		return;
	if ((reg->id & ~BPF_ADD_CONST) != (known->id & ~BPF_ADD_CONST))
		return;
	if ((!(reg->id & BPF_ADD_CONST) && !(known->id & BPF_ADD_CONST)) || reg->off == known->off) {
		u8 live = reg->live;

		copy_register_state(reg, known);
		reg->live = live;
	} else {
		s32 saved_off = reg->off;
		u32 saved_id = reg->id;
		struct reg_state delta;

		memset(&delta, 0, sizeof(delta));
		delta.type = SCALAR_VALUE;
		__mark_reg_known(&delta, (u64)(s64)((s32)reg->off - (s32)known->off));
		copy_register_state(reg, known);
		reg->off = saved_off;
		reg->id = saved_id;
		/* kernel: scalar32_min_max_add + scalar_min_max_add + tnum_add, no sync */
		struct reg_state r = *reg;
		adjust_scalar_min_max_vals(&r, delta, BPF_ADD, false);
		reg->smin_value = r.smin_value;
		reg->smax_value = r.smax_value;
		reg->umin_value = r.umin_value;
		reg->umax_value = r.umax_value;
		reg->s32_min_value = r.s32_min_value;
		reg->s32_max_value = r.s32_max_value;
		reg->u32_min_value = r.u32_min_value;
		reg->u32_max_value = r.u32_max_value;
		reg->var_off = r.var_off;
	}
}

static void sync_linked_regs(struct vstate *vst, const struct reg_state *known)
{
	struct reg_state k = *known;

	for_each_reg_in_vstate(vst, sync_one, &k);
}

/*
 * DELIBERATELY WRONG (VX_UNSOUND_CVE_2020_8835 only): 5.6's
 * __reg_bound_offset32() narrowed the low 32 bits of var_off to the low
 * 32 bits of the 64-bit range's ends, which is wrong when the range spans
 * a 2^32 boundary (umin 1, umax 0x100000001: "w == 1", yet w may be 0).
 */
static void reg_bound_offset32_cve_2020_8835(struct reg_state *reg)
{
	struct tnum range, lo32, hi32;

	if (reg->type != SCALAR_VALUE)
		return;
	range = tnum_range(reg->umin_value & U32_MAX, reg->umax_value & U32_MAX);
	lo32 = tnum_cast(reg->var_off, 4);
	hi32 = tnum_lshift(tnum_rshift(reg->var_off, 32), 32);
	reg->var_off = tnum_or(hi32, tnum_intersect(lo32, range));
}

int check_cond_jmp_op(struct env *env, const struct bpf_insn *insn, int *insn_idx)
{
	struct vstate *this_branch = env->cur, *other;
	struct reg_state *regs = this_branch->frame[this_branch->curframe]->regs;
	struct reg_state *dst, *src, fake_src, *other_regs;
	u8 opcode = BPF_OP(insn->code);
	bool is_jmp32 = BPF_CLASS(insn->code) == BPF_JMP32;
	int pred, err;

	env_of_vstate = env;
	if (opcode == BPF_JA || opcode > BPF_JCOND) {
		vx_err(env, "invalid BPF_JMP/JMP32 opcode %x", opcode);
		return -EINVAL;
	}
	if (opcode == BPF_JCOND) {
		if (insn->code != (BPF_JMP | BPF_JCOND) || insn->src_reg != BPF_MAY_GOTO ||
		    insn->dst_reg || insn->imm || insn->off == 0) {
			vx_err(env, "invalid may_goto off %d imm %d", insn->off, insn->imm);
			return -EINVAL;
		}
		other = push_stack(env, *insn_idx + 1, *insn_idx);
		if (!other)
			return -ENOMEM;
		other->may_goto_depth++;
		*insn_idx += insn->off;
		return 0;
	}
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	dst = &regs[insn->dst_reg];
	if (BPF_SRC(insn->code) == BPF_X) {
		if (insn->imm != 0) {
			vx_err(env, "BPF_JMP/JMP32 uses reserved fields");
			return -EINVAL;
		}
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
		if (err)
			return err;
		src = &regs[insn->src_reg];
	} else {
		if (insn->src_reg != BPF_REG_0) {
			vx_err(env, "BPF_JMP/JMP32 uses reserved fields");
			return -EINVAL;
		}
		memset(&fake_src, 0, sizeof(fake_src));
		fake_src.type = SCALAR_VALUE;
		fake_src.map_idx = -1;
		__mark_reg_known(&fake_src, (u64)(s64)insn->imm);
		src = &fake_src;
	}

	pred = is_branch_taken(dst, src, opcode, is_jmp32);
	if (pred == 1) {
		*insn_idx += insn->off;
		return 0;
	}
	if (pred == 0)
		return 0;

	other = push_stack(env, *insn_idx + insn->off + 1, *insn_idx);
	if (!other)
		return -ENOMEM;
	/* push_stack may have moved nothing, but re-read: frames are per state */
	regs = this_branch->frame[this_branch->curframe]->regs;
	dst = &regs[insn->dst_reg];
	other_regs = other->frame[other->curframe]->regs;

	/* kernel: reg_set_min_max(): the jump edge is "other", the fallthrough "this" */
	if (dst->type == SCALAR_VALUE && src->type == SCALAR_VALUE) {
		struct reg_state *o_dst = &other_regs[insn->dst_reg];
		struct reg_state o_fake, *o_src;

		if (BPF_SRC(insn->code) == BPF_X) {
			src = &regs[insn->src_reg];
			o_src = &other_regs[insn->src_reg];
		} else {
			o_fake = fake_src;
			o_src = &o_fake;
		}
		regs_refine_cond_op(dst, src, rev_opcode(opcode), is_jmp32);
		regs_refine_cond_op(o_dst, o_src, opcode, is_jmp32);
		if (is_jmp32 && env->unsound == VX_UNSOUND_CVE_2020_8835) {
			struct reg_state *bug[4] = { dst, src, o_dst, o_src };

			for (int i = 0; i < 4; i++)
				reg_bound_offset32_cve_2020_8835(bug[i]);
		}
		reg_bounds_sync(dst);
		reg_bounds_sync(src);
		reg_bounds_sync(o_dst);
		reg_bounds_sync(o_src);
		struct reg_state *all[4] = { dst, src, o_dst, o_src };
		for (int i = 0; i < 4; i++)
			if (!reg_bounds_sane(all[i]))
				__mark_reg_unbounded(all[i]);

		if (BPF_SRC(insn->code) == BPF_X && src->id) {
			sync_linked_regs(this_branch, src);
			sync_linked_regs(other, o_src);
		}
		if (dst->id) {
			sync_linked_regs(this_branch, dst);
			sync_linked_regs(other, o_dst);
		}
	}

	/* pointer == pointer: a non-null one makes the other non-null */
	if (!is_jmp32 && BPF_SRC(insn->code) == BPF_X && is_pointer(src) && is_pointer(dst) &&
	    base_type(src->type) != PTR_TO_BTF_ID && base_type(dst->type) != PTR_TO_BTF_ID) {
		struct reg_state *eq = opcode == BPF_JEQ ? other_regs :
				       opcode == BPF_JNE ? regs : NULL;

		if (eq) {
			if (reg_not_null(dst) && type_may_be_null(src->type))
				mark_ptr_not_null_reg(env, &eq[insn->src_reg]);
			if (reg_not_null(src) && type_may_be_null(dst->type))
				mark_ptr_not_null_reg(env, &eq[insn->dst_reg]);
		}
	}

	if (!is_jmp32 && BPF_SRC(insn->code) == BPF_K && insn->imm == 0 &&
	    (opcode == BPF_JEQ || opcode == BPF_JNE) && type_may_be_null(dst->type)) {
		mark_ptr_or_null_regs(this_branch, insn->dst_reg, opcode == BPF_JNE);
		mark_ptr_or_null_regs(other, insn->dst_reg, opcode == BPF_JEQ);
	} else if (BPF_SRC(insn->code) == BPF_X) {
		try_match_pkt_pointers(insn, dst, &regs[insn->src_reg], this_branch, other);
	}
	return 0;
}
