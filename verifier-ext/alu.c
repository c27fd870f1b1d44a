// SPDX-License-Identifier: MIT
/*
 * verifier-ext: ALU and ALU64 instructions (kernel: check_alu_op(),
 * adjust_reg_min_max_vals(), adjust_ptr_min_max_vals()).
 *
 * bpfkasan analyses as the kernel does for a privileged loader
 * (CAP_BPF + CAP_PERFMON): allow_ptr_leaks and bypass_spec_v1/v4 hold,
 * so pointer leaks are allowed and no speculative paths are explored.
 */
#include <errno.h>
#include <string.h>

#include "vx.h"
#include "internal.h"

static const char *const alu_name[16] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=",
	"neg", "%=", "^=", "=", "s>>=", "endian", "?", "?",
};

/* kernel: __check_reg_arg() */
int check_reg_arg(struct env *env, u32 regno, enum reg_arg_type t)
{
	struct reg_state *regs = cur_regs(env);

	if (regno >= MAX_BPF_REG) {
		vx_err(env, "R%u is invalid", regno);
		return -EINVAL;
	}
	if (t == SRC_OP) {
		if (regs[regno].type == NOT_INIT) {
			vx_err(env, "R%u !read_ok", regno);
			return -EACCES;
		}
		return 0;
	}
	if (regno == BPF_REG_10) {
		vx_err(env, "frame pointer is read only");
		return -EACCES;
	}
	if (t == DST_OP)
		mark_reg_unknown(env, &regs[regno]);
	return 0;
}

/* kernel: copy_register_state() */
void copy_register_state(struct reg_state *dst, const struct reg_state *src)
{
	*dst = *src;
}

/* kernel: clear_scalar_id() */
static void clear_scalar_id(struct reg_state *reg)
{
	reg->id = 0;
	reg->off = 0;
}

/* kernel: assign_scalar_id_before_mov(): link rX = rY copies by id */
void assign_scalar_id_before_mov(struct env *env, struct reg_state *src)
{
	if (src->type != SCALAR_VALUE)
		return;
	if (src->id & BPF_ADD_CONST)
		clear_scalar_id(src);
	if (!src->id && !tnum_is_const(src->var_off))
		src->id = ++env->id_gen;
}

/*
 * kernel: check_reg_sane_offset(): bounds the variable and fixed parts
 * of pointer arithmetic to +-2^29 so later sums cannot overflow.
 */
static bool check_reg_sane_offset(struct env *env, const struct reg_state *reg, u32 type)
{
	bool known = tnum_is_const(reg->var_off);
	s64 val = (s64)reg->var_off.value;
	char buf[64];

	if (known && (val >= BPF_MAX_VAR_OFF || val <= -BPF_MAX_VAR_OFF)) {
		vx_err(env, "math between %s pointer and %lld is not allowed",
		       reg_type_str(type, buf, sizeof(buf)), (long long)val);
		return false;
	}
	if (reg->off >= BPF_MAX_VAR_OFF || reg->off <= -BPF_MAX_VAR_OFF) {
		vx_err(env, "%s pointer offset %d is not allowed",
		       reg_type_str(type, buf, sizeof(buf)), reg->off);
		return false;
	}
	if (reg->smin_value == S64_MIN) {
		vx_err(env, "math between %s pointer and register with unbounded min value is not allowed",
		       reg_type_str(type, buf, sizeof(buf)));
		return false;
	}
	if (reg->smin_value >= BPF_MAX_VAR_OFF || reg->smin_value <= -BPF_MAX_VAR_OFF) {
		vx_err(env, "value %lld makes %s pointer be out of bounds",
		       (long long)reg->smin_value, reg_type_str(type, buf, sizeof(buf)));
		return false;
	}
	return true;
}

/* The pointer-kind specific fields the kernel keeps in a union ("raw"). */
static void copy_ptr_raw(struct reg_state *dst, const struct reg_state *src)
{
	dst->map_idx = src->map_idx;
	dst->mem_size = src->mem_size;
	dst->range = src->range;
	dst->btf_id = src->btf_id;
	dst->subprogno = src->subprogno;
}

static void clear_ptr_raw(struct reg_state *dst)
{
	dst->map_idx = -1;
	dst->mem_size = 0;
	dst->range = 0;
	dst->btf_id = 0;
	dst->subprogno = 0;
}

static bool reg_is_pkt_pointer(const struct reg_state *reg)
{
	return reg->type == PTR_TO_PACKET || reg->type == PTR_TO_PACKET_META;
}

/* kernel: adjust_ptr_min_max_vals(), privileged (no sanitation) */
static int adjust_ptr_min_max_vals(struct env *env, const struct bpf_insn *insn,
				   const struct reg_state *ptr, const struct reg_state *off)
{
	struct reg_state *dst = &cur_regs(env)[insn->dst_reg];
	const struct reg_state p = *ptr, o = *off; /* dst may alias either */
	bool known = tnum_is_const(o.var_off);
	u8 opcode = BPF_OP(insn->code);
	char buf[64];

	if ((known && (o.smin_value != o.smax_value || o.umin_value != o.umax_value)) ||
	    o.smin_value > o.smax_value || o.umin_value > o.umax_value) {
		/* an impossible offset: dead code the kernel does not refine away */
		mark_reg_unknown(env, dst);
		return 0;
	}
	if (BPF_CLASS(insn->code) != BPF_ALU64) {
		if (opcode == BPF_SUB) { /* allow_ptr_leaks */
			mark_reg_unknown(env, dst);
			return 0;
		}
		vx_err(env, "R%d 32-bit pointer arithmetic prohibited", insn->dst_reg);
		return -EACCES;
	}
	if (p.type & PTR_MAYBE_NULL) {
		vx_err(env, "R%d pointer arithmetic on %s prohibited, null-check it first",
		       insn->dst_reg, reg_type_str(p.type, buf, sizeof(buf)));
		return -EACCES;
	}
	switch (base_type(p.type)) {
	case PTR_TO_CTX:
	case PTR_TO_MAP_VALUE:
	case PTR_TO_MAP_KEY:
	case PTR_TO_STACK:
	case PTR_TO_PACKET_META:
	case PTR_TO_PACKET:
	case PTR_TO_TP_BUFFER:
	case PTR_TO_BTF_ID:
	case PTR_TO_MEM:
	case PTR_TO_BUF:
	case PTR_TO_FUNC:
	case CONST_PTR_TO_DYNPTR:
		break;
	case PTR_TO_FLOW_KEYS:
		if (known)
			break;
		/* fallthrough */
	case CONST_PTR_TO_MAP:
		if (known && o.smin_value == 0 && opcode == BPF_ADD)
			break;
		/* fallthrough */
	default:
		vx_err(env, "R%d pointer arithmetic on %s prohibited", insn->dst_reg,
		       reg_type_str(p.type, buf, sizeof(buf)));
		return -EACCES;
	}

	/* The result is a pointer of the same type (kernel: dst_reg->type = ptr_reg->type) */
	dst->type = p.type;
	dst->id = p.id;
	dst->ref_obj_id = p.ref_obj_id;
	dst->frameno = p.frameno;
	if (!check_reg_sane_offset(env, &o, p.type) || !check_reg_sane_offset(env, &p, p.type))
		return -EINVAL;

	__mark_reg32_unbounded(dst);
	switch (opcode) {
	case BPF_ADD:
		if (known && (s64)p.off + o.smin_value == (s64)(s32)(p.off + o.smin_value)) {
			dst->smin_value = p.smin_value;
			dst->smax_value = p.smax_value;
			dst->umin_value = p.umin_value;
			dst->umax_value = p.umax_value;
			dst->var_off = p.var_off;
			dst->off = (s32)(p.off + o.smin_value);
			copy_ptr_raw(dst, &p);
			break;
		}
		if (__builtin_add_overflow(p.smin_value, o.smin_value, &dst->smin_value) ||
		    __builtin_add_overflow(p.smax_value, o.smax_value, &dst->smax_value)) {
			dst->smin_value = S64_MIN;
			dst->smax_value = S64_MAX;
		}
		if (__builtin_add_overflow(p.umin_value, o.umin_value, &dst->umin_value) ||
		    __builtin_add_overflow(p.umax_value, o.umax_value, &dst->umax_value)) {
			dst->umin_value = 0;
			dst->umax_value = U64_MAX;
		}
		dst->var_off = tnum_add(p.var_off, o.var_off);
		dst->off = p.off;
		copy_ptr_raw(dst, &p);
		if (reg_is_pkt_pointer(&p)) {
			/* a new variable part: a new id, and no range yet */
			dst->id = ++env->id_gen;
			clear_ptr_raw(dst);
		}
		break;
	case BPF_SUB:
		if (dst != ptr) {
			vx_err(env, "R%d tried to subtract pointer from scalar", insn->dst_reg);
			return -EACCES;
		}
		if (p.type == PTR_TO_STACK) {
			vx_err(env, "R%d subtraction from stack pointer prohibited", insn->dst_reg);
			return -EACCES;
		}
		if (known && (s64)p.off - o.smin_value == (s64)(s32)(p.off - o.smin_value)) {
			dst->smin_value = p.smin_value;
			dst->smax_value = p.smax_value;
			dst->umin_value = p.umin_value;
			dst->umax_value = p.umax_value;
			dst->var_off = p.var_off;
			dst->id = p.id;
			dst->off = (s32)(p.off - o.smin_value);
			copy_ptr_raw(dst, &p);
			break;
		}
		if (__builtin_sub_overflow(p.smin_value, o.smax_value, &dst->smin_value) ||
		    __builtin_sub_overflow(p.smax_value, o.smin_value, &dst->smax_value)) {
			dst->smin_value = S64_MIN;
			dst->smax_value = S64_MAX;
		}
		if (p.umin_value < o.umax_value) {
			dst->umin_value = 0;
			dst->umax_value = U64_MAX;
		} else {
			dst->umin_value = p.umin_value - o.umax_value;
			dst->umax_value = p.umax_value - o.umin_value;
		}
		dst->var_off = tnum_sub(p.var_off, o.var_off);
		dst->off = p.off;
		copy_ptr_raw(dst, &p);
		if (reg_is_pkt_pointer(&p)) {
			dst->id = ++env->id_gen;
			if (o.smin_value < 0)
				clear_ptr_raw(dst);
		}
		break;
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		vx_err(env, "R%d bitwise operator %s on pointer prohibited", insn->dst_reg,
		       alu_name[opcode >> 4]);
		return -EACCES;
	default:
		vx_err(env, "R%d pointer arithmetic with %s operator prohibited", insn->dst_reg,
		       alu_name[opcode >> 4]);
		return -EACCES;
	}
	if (!check_reg_sane_offset(env, dst, p.type))
		return -EINVAL;
	reg_bounds_sync(dst);
	return 0;
}

/* kernel: is_reg_const() / reg_const_value() for a 64-bit operand */
static bool reg_is_const64(const struct reg_state *reg)
{
	return reg->type == SCALAR_VALUE && tnum_is_const(reg->var_off);
}

/* kernel: adjust_reg_min_max_vals() */
static int adjust_reg_min_max_vals(struct env *env, const struct bpf_insn *insn)
{
	struct reg_state *regs = cur_regs(env);
	struct reg_state *dst = &regs[insn->dst_reg], *src, off_reg;
	bool alu32 = BPF_CLASS(insn->code) != BPF_ALU64;
	u8 opcode = BPF_OP(insn->code);
	struct reg_state *ptr = dst->type != SCALAR_VALUE ? dst : NULL;
	char buf[64];

	if (base_type(dst->type) == PTR_TO_ARENA) {
		vx_err(env, "R%d arena pointer arithmetic is not modelled", insn->dst_reg);
		return -EOPNOTSUPP;
	}
	if (BPF_SRC(insn->code) == BPF_X) {
		src = &regs[insn->src_reg];
		if (src->type != SCALAR_VALUE) {
			if (dst->type != SCALAR_VALUE) {
				if (opcode == BPF_SUB) { /* allow_ptr_leaks */
					mark_reg_unknown(env, dst);
					return 0;
				}
				vx_err(env, "R%d pointer %s pointer prohibited", insn->dst_reg,
				       alu_name[opcode >> 4]);
				return -EACCES;
			}
			off_reg = *dst;
			return adjust_ptr_min_max_vals(env, insn, src, &off_reg);
		}
		if (ptr)
			return adjust_ptr_min_max_vals(env, insn, dst, src);
	} else {
		memset(&off_reg, 0, sizeof(off_reg));
		off_reg.type = SCALAR_VALUE;
		__mark_reg_known(&off_reg, (u64)(s64)insn->imm);
		src = &off_reg;
		if (ptr)
			return adjust_ptr_min_max_vals(env, insn, ptr, src);
	}
	(void)buf;
	struct reg_state s = *src;
	int w = maybe_fork_scalars_width(dst, &s, opcode);

	if (w) {
		/* kernel: maybe_fork_scalars(): dst in [-1, 0] is explored as 0 and as -1 */
		int idx = (int)env->cur->insn_idx;
		struct vstate *br = push_stack(env, idx, idx);

		if (!br)
			return -ENOMEM;
		struct reg_state *bdst = &br->frame[br->curframe]->regs[insn->dst_reg];
		if (w == 64) {
			__mark_reg_known(bdst, 0);
			__mark_reg_known(dst, (u64)-1);
		} else {
			__mark_reg32_known(bdst, 0);
			__mark_reg32_known(dst, (u64)-1);
		}
	}
	if (env->unsound == VX_UNSOUND_CVE_2021_3490 &&
	    scalar_bitwise_cve_2021_3490(dst, &s, opcode, alu32)) {
		clear_scalar_id(dst);
		return 0;
	}
	int err = adjust_scalar_min_max_vals(dst, s, opcode, alu32);
	if (err) {
		vx_err(env, "R%d invalid scalar operation", insn->dst_reg);
		return err;
	}
	if (opcode == BPF_ADD && !alu32 && dst->id && reg_is_const64(&s) &&
	    !(BPF_SRC(insn->code) == BPF_X && insn->src_reg == insn->dst_reg)) {
		u64 val = s.var_off.value;

		if ((dst->id & BPF_ADD_CONST) || val > (u32)S32_MAX) {
			clear_scalar_id(dst);
		} else {
			dst->id |= BPF_ADD_CONST;
			dst->off = (s32)val;
		}
	} else {
		clear_scalar_id(dst);
	}
	return 0;
}

/* MOV, MOVSX (kernel: the BPF_MOV arm of check_alu_op()) */
static int check_mov(struct env *env, const struct bpf_insn *insn)
{
	struct reg_state *regs = cur_regs(env);
	struct reg_state *dst = &regs[insn->dst_reg];
	bool alu64 = BPF_CLASS(insn->code) == BPF_ALU64;
	int err;

	if (BPF_SRC(insn->code) == BPF_X) {
		bool bad = insn->imm || (insn->off != 0 && insn->off != 8 && insn->off != 16 &&
					 (!alu64 || insn->off != 32));

		if (alu64 && insn->off == BPF_ADDR_SPACE_CAST) {
			vx_err(env, "addr_space_cast insn can only be used in a program that has an associated arena");
			return -EINVAL;
		}
		if (bad) {
			vx_err(env, "BPF_MOV uses reserved fields");
			return -EINVAL;
		}
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
	} else {
		if (insn->src_reg != BPF_REG_0 || insn->off != 0) {
			vx_err(env, "BPF_MOV uses reserved fields");
			return -EINVAL;
		}
		err = 0;
	}
	err = err ?: check_reg_arg(env, insn->dst_reg, DST_OP_NO_MARK);
	if (err)
		return err;

	if (BPF_SRC(insn->code) == BPF_K) {
		mark_reg_unknown(env, dst);
		__mark_reg_known(dst, alu64 ? (u64)(s64)insn->imm : (u64)(u32)insn->imm);
		return 0;
	}

	struct reg_state *src = &regs[insn->src_reg];

	if (alu64) {
		if (insn->off == 0) {
			assign_scalar_id_before_mov(env, src);
			copy_register_state(dst, src);
		} else if (src->type == SCALAR_VALUE) {
			bool no_sext = src->umax_value < (1ULL << (insn->off - 1));

			if (no_sext)
				assign_scalar_id_before_mov(env, src);
			copy_register_state(dst, src);
			if (!no_sext)
				clear_scalar_id(dst);
			coerce_reg_to_size_sx(dst, insn->off >> 3);
		} else {
			mark_reg_unknown(env, dst);
		}
		return 0;
	}
	if (src->type == SCALAR_VALUE) {
		if (insn->off == 0) {
			bool is_u32 = fls64(src->umax_value) <= 32;

			if (is_u32)
				assign_scalar_id_before_mov(env, src);
			copy_register_state(dst, src);
			if (!is_u32)
				clear_scalar_id(dst);
		} else {
			bool no_sext = src->umax_value < (1ULL << (insn->off - 1));

			if (no_sext)
				assign_scalar_id_before_mov(env, src);
			copy_register_state(dst, src);
			if (!no_sext)
				clear_scalar_id(dst);
			coerce_subreg_to_size_sx(dst, insn->off >> 3);
		}
	} else {
		/* allow_ptr_leaks: a 32-bit copy of a pointer is a scalar */
		mark_reg_unknown(env, dst);
	}
	zext_32_to_64(dst);
	reg_bounds_sync(dst);
	return 0;
}

/* kernel: check_alu_op() */
int check_alu_op(struct env *env, const struct bpf_insn *insn)
{
	u8 opcode = BPF_OP(insn->code);
	struct reg_state *dst = &cur_regs(env)[insn->dst_reg < MAX_BPF_REG ? insn->dst_reg : 0];
	int err;

	if (opcode == BPF_END || opcode == BPF_NEG) {
		if (opcode == BPF_NEG) {
			if (BPF_SRC(insn->code) != BPF_K || insn->src_reg != BPF_REG_0 ||
			    insn->off != 0 || insn->imm != 0) {
				vx_err(env, "BPF_NEG uses reserved fields");
				return -EINVAL;
			}
		} else if (insn->src_reg != BPF_REG_0 || insn->off != 0 ||
			   (insn->imm != 16 && insn->imm != 32 && insn->imm != 64) ||
			   (BPF_CLASS(insn->code) == BPF_ALU64 && BPF_SRC(insn->code) != BPF_K)) {
			vx_err(env, "BPF_END uses reserved fields");
			return -EINVAL;
		}
		/* 6.12 tracks neither NEG nor byte swaps: the result is unknown */
		return check_reg_arg(env, insn->dst_reg, SRC_OP) ?:
		       check_reg_arg(env, insn->dst_reg, DST_OP);
	}
	if (opcode == BPF_MOV) {
		err = check_mov(env, insn);
		goto out;
	}
	if (opcode > BPF_END) {
		vx_err(env, "invalid BPF_ALU opcode %x", opcode);
		return -EINVAL;
	}
	if (insn->off != 0 && (insn->off != 1 || (opcode != BPF_MOD && opcode != BPF_DIV))) {
		vx_err(env, "BPF_ALU uses reserved fields");
		return -EINVAL;
	}
	if (BPF_SRC(insn->code) == BPF_X) {
		if (insn->imm != 0) {
			vx_err(env, "BPF_ALU uses reserved fields");
			return -EINVAL;
		}
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
		if (err)
			return err;
	} else if (insn->src_reg != BPF_REG_0) {
		vx_err(env, "BPF_ALU uses reserved fields");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	if ((opcode == BPF_MOD || opcode == BPF_DIV) && BPF_SRC(insn->code) == BPF_K &&
	    insn->imm == 0) {
		vx_err(env, "div by zero");
		return -EINVAL;
	}
	if ((opcode == BPF_LSH || opcode == BPF_RSH || opcode == BPF_ARSH) &&
	    BPF_SRC(insn->code) == BPF_K) {
		int size = BPF_CLASS(insn->code) == BPF_ALU64 ? 64 : 32;

		if (insn->imm < 0 || insn->imm >= size) {
			vx_err(env, "invalid shift %d", insn->imm);
			return -EINVAL;
		}
	}
	err = check_reg_arg(env, insn->dst_reg, DST_OP_NO_MARK) ?:
	      adjust_reg_min_max_vals(env, insn);
out:
	if (err)
		return err;
	/* kernel: reg_bounds_sanity_check(): an impossible scalar is reset
	 * (not before 6.8, hence not in the CVE-2021-3490 mode) */
	if (dst->type == SCALAR_VALUE && !reg_bounds_sane(dst) &&
	    env->unsound != VX_UNSOUND_CVE_2021_3490)
		__mark_reg_unbounded(dst);
	return 0;
}
