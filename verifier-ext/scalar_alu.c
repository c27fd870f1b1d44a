/* SPDX-License-Identifier: MIT */
/*
 * Bounds of "scalar op= scalar", mirroring Linux 6.12.117
 * kernel/bpf/verifier.c adjust_scalar_min_max_vals() and its helpers
 * scalar(32)_min_max_{add,sub,mul,and,or,xor,lsh,rsh,arsh}.
 *
 * For ADD, SUB, MUL, AND, OR and XOR both the 32-bit and the 64-bit
 * ranges are computed from the operands' own ranges (for ALU32 the 64-bit
 * result is then thrown away by zext_32_to_64()).  Shifts are computed
 * only for a constant, in-range shift amount, on the width of the insn.
 * Everything else (DIV, MOD, variable or too-large shifts) gives an
 * unknown scalar.  Signed overflow wraps as in the kernel (built with
 * -fno-strict-overflow): the __builtin_*_overflow calls store the wrapped
 * result exactly like the kernel's check_{add,sub}_overflow().
 */
#include <linux/bpf.h>

#include "verifier-ext/vx.h"

/*
 * kernel: __update_reg32_bounds(), for the ALU32 shifts.  Calling the
 * 64-bit half too would make no difference (zext_32_to_64() overwrites the
 * 64-bit bounds right after), but the kernel does not, so neither do we.
 */
static void update_reg32_bounds(struct reg_state *dst)
{
	struct reg_state tmp = *dst;

	/* __update_reg_bounds() on a copy, keeping only the 32-bit results */
	__update_reg_bounds(&tmp);
	dst->s32_min_value = tmp.s32_min_value;
	dst->s32_max_value = tmp.s32_max_value;
	dst->u32_min_value = tmp.u32_min_value;
	dst->u32_max_value = tmp.u32_max_value;
}

/* kernel: scalar32_min_max_add(): both ends add unless one overflows */
static void scalar32_min_max_add(struct reg_state *dst, const struct reg_state *src)
{
	if (__builtin_add_overflow(dst->s32_min_value, src->s32_min_value, &dst->s32_min_value) ||
	    __builtin_add_overflow(dst->s32_max_value, src->s32_max_value, &dst->s32_max_value)) {
		dst->s32_min_value = S32_MIN;
		dst->s32_max_value = S32_MAX;
	}
	if (__builtin_add_overflow(dst->u32_min_value, src->u32_min_value, &dst->u32_min_value) ||
	    __builtin_add_overflow(dst->u32_max_value, src->u32_max_value, &dst->u32_max_value)) {
		dst->u32_min_value = 0;
		dst->u32_max_value = U32_MAX;
	}
}

/* kernel: scalar_min_max_add() */
static void scalar_min_max_add(struct reg_state *dst, const struct reg_state *src)
{
	if (__builtin_add_overflow(dst->smin_value, src->smin_value, &dst->smin_value) ||
	    __builtin_add_overflow(dst->smax_value, src->smax_value, &dst->smax_value)) {
		dst->smin_value = S64_MIN;
		dst->smax_value = S64_MAX;
	}
	if (__builtin_add_overflow(dst->umin_value, src->umin_value, &dst->umin_value) ||
	    __builtin_add_overflow(dst->umax_value, src->umax_value, &dst->umax_value)) {
		dst->umin_value = 0;
		dst->umax_value = U64_MAX;
	}
}

/*
 * kernel: scalar32_min_max_sub(): [a, b] - [c, d] = [a - d, b - c] when
 * nothing overflows.  Unsigned: only the low end can wrap (a < d).
 */
static void scalar32_min_max_sub(struct reg_state *dst, const struct reg_state *src)
{
	u32 umin_val = src->u32_min_value, umax_val = src->u32_max_value;

	if (__builtin_sub_overflow(dst->s32_min_value, src->s32_max_value, &dst->s32_min_value) ||
	    __builtin_sub_overflow(dst->s32_max_value, src->s32_min_value, &dst->s32_max_value)) {
		dst->s32_min_value = S32_MIN;
		dst->s32_max_value = S32_MAX;
	}
	if (dst->u32_min_value < umax_val) {
		dst->u32_min_value = 0;
		dst->u32_max_value = U32_MAX;
	} else {
		dst->u32_min_value -= umax_val;
		dst->u32_max_value -= umin_val;
	}
}

/* kernel: scalar_min_max_sub() */
static void scalar_min_max_sub(struct reg_state *dst, const struct reg_state *src)
{
	u64 umin_val = src->umin_value, umax_val = src->umax_value;

	if (__builtin_sub_overflow(dst->smin_value, src->smax_value, &dst->smin_value) ||
	    __builtin_sub_overflow(dst->smax_value, src->smin_value, &dst->smax_value)) {
		dst->smin_value = S64_MIN;
		dst->smax_value = S64_MAX;
	}
	if (dst->umin_value < umax_val) {
		dst->umin_value = 0;
		dst->umax_value = U64_MAX;
	} else {
		dst->umin_value -= umax_val;
		dst->umax_value -= umin_val;
	}
}

/*
 * kernel: scalar32_min_max_mul(): only non-negative operands below 2^16
 * (so the product cannot wrap): [a, b] * [c, d] = [ac, bd].
 */
static void scalar32_min_max_mul(struct reg_state *dst, const struct reg_state *src)
{
	if (src->s32_min_value < 0 || dst->s32_min_value < 0 ||
	    src->u32_max_value > 0xffffu || dst->u32_max_value > 0xffffu) {
		__mark_reg32_unbounded(dst);
		return;
	}
	dst->u32_min_value *= src->u32_min_value;
	dst->u32_max_value *= src->u32_max_value;
	if (dst->u32_max_value > (u32)S32_MAX) {
		dst->s32_min_value = S32_MIN;
		dst->s32_max_value = S32_MAX;
	} else {
		dst->s32_min_value = (s32)dst->u32_min_value;
		dst->s32_max_value = (s32)dst->u32_max_value;
	}
}

/* kernel: scalar_min_max_mul(), the same with 2^32 */
static void scalar_min_max_mul(struct reg_state *dst, const struct reg_state *src)
{
	if (src->smin_value < 0 || dst->smin_value < 0 ||
	    src->umax_value > U32_MAX || dst->umax_value > U32_MAX) {
		__mark_reg64_unbounded(dst);
		return;
	}
	dst->umin_value *= src->umin_value;
	dst->umax_value *= src->umax_value;
	if (dst->umax_value > (u64)S64_MAX) {
		dst->smin_value = S64_MIN;
		dst->smax_value = S64_MAX;
	} else {
		dst->smin_value = (s64)dst->umin_value;
		dst->smax_value = (s64)dst->umax_value;
	}
}

/* s32 from u32 when [umin, umax] does not cross the s32 sign boundary */
static void s32_from_u32(struct reg_state *dst)
{
	if ((s32)dst->u32_min_value <= (s32)dst->u32_max_value) {
		dst->s32_min_value = (s32)dst->u32_min_value;
		dst->s32_max_value = (s32)dst->u32_max_value;
	} else {
		dst->s32_min_value = S32_MIN;
		dst->s32_max_value = S32_MAX;
	}
}

/* s64 from u64, likewise */
static void s64_from_u64(struct reg_state *dst)
{
	if ((s64)dst->umin_value <= (s64)dst->umax_value) {
		dst->smin_value = (s64)dst->umin_value;
		dst->smax_value = (s64)dst->umax_value;
	} else {
		dst->smin_value = S64_MIN;
		dst->smax_value = S64_MAX;
	}
}

/*
 * kernel: scalar32_min_max_and().  var_off already holds the AND of the
 * tnums.  Minimum from the known bits, maximum the smaller operand max.
 */
static void scalar32_min_max_and(struct reg_state *dst, const struct reg_state *src)
{
	struct tnum t = tnum_subreg(dst->var_off);

	if (tnum_subreg_is_const(src->var_off) && tnum_subreg_is_const(dst->var_off)) {
		__mark_reg32_known(dst, t.value);
		return;
	}
	dst->u32_min_value = (u32)t.value;
	if (src->u32_max_value < dst->u32_max_value)
		dst->u32_max_value = src->u32_max_value;
	s32_from_u32(dst);
}

/* kernel: scalar_min_max_and() */
static void scalar_min_max_and(struct reg_state *dst, const struct reg_state *src)
{
	if (tnum_is_const(src->var_off) && tnum_is_const(dst->var_off)) {
		__mark_reg_known(dst, dst->var_off.value);
		return;
	}
	dst->umin_value = dst->var_off.value;
	if (src->umax_value < dst->umax_value)
		dst->umax_value = src->umax_value;
	s64_from_u64(dst);
	__update_reg_bounds(dst);
}

/* kernel: scalar32_min_max_or(): minimum the larger operand min, maximum from var_off */
static void scalar32_min_max_or(struct reg_state *dst, const struct reg_state *src)
{
	struct tnum t = tnum_subreg(dst->var_off);

	if (tnum_subreg_is_const(src->var_off) && tnum_subreg_is_const(dst->var_off)) {
		__mark_reg32_known(dst, t.value);
		return;
	}
	if (src->u32_min_value > dst->u32_min_value)
		dst->u32_min_value = src->u32_min_value;
	dst->u32_max_value = (u32)(t.value | t.mask);
	s32_from_u32(dst);
}

/* kernel: scalar_min_max_or() */
static void scalar_min_max_or(struct reg_state *dst, const struct reg_state *src)
{
	if (tnum_is_const(src->var_off) && tnum_is_const(dst->var_off)) {
		__mark_reg_known(dst, dst->var_off.value);
		return;
	}
	if (src->umin_value > dst->umin_value)
		dst->umin_value = src->umin_value;
	dst->umax_value = dst->var_off.value | dst->var_off.mask;
	s64_from_u64(dst);
	__update_reg_bounds(dst);
}

/* kernel: scalar32_min_max_xor(): both ends from var_off */
static void scalar32_min_max_xor(struct reg_state *dst, const struct reg_state *src)
{
	struct tnum t = tnum_subreg(dst->var_off);

	if (tnum_subreg_is_const(src->var_off) && tnum_subreg_is_const(dst->var_off)) {
		__mark_reg32_known(dst, t.value);
		return;
	}
	dst->u32_min_value = (u32)t.value;
	dst->u32_max_value = (u32)(t.value | t.mask);
	s32_from_u32(dst);
}

/* kernel: scalar_min_max_xor() */
static void scalar_min_max_xor(struct reg_state *dst, const struct reg_state *src)
{
	if (tnum_is_const(src->var_off) && tnum_is_const(dst->var_off)) {
		__mark_reg_known(dst, dst->var_off.value);
		return;
	}
	dst->umin_value = dst->var_off.value;
	dst->umax_value = dst->var_off.value | dst->var_off.mask;
	s64_from_u64(dst);
	__update_reg_bounds(dst);
}

/*
 * Shift amounts reaching the helpers below are constants < 32 (< 64) when
 * the register's bounds are consistent; the masks only keep C from UB on
 * inconsistent ones (x86, which the kernel runs on, masks the same way).
 */
static u32 shl32(u32 x, u64 n) { return x << (n & 31); }
static u32 shr32(u32 x, u64 n) { return x >> (n & 31); }

/*
 * kernel: __scalar32_min_max_lsh(): signed bounds lost; unsigned ones
 * shift unless the top bit might be shifted out (umax > 2^(31 - shift),
 * the kernel's slightly conservative test).
 */
static void scalar32_lsh_bounds(struct reg_state *dst, u64 umin_val, u64 umax_val)
{
	dst->s32_min_value = S32_MIN;
	dst->s32_max_value = S32_MAX;
	if (umax_val > 31 || dst->u32_max_value > 1ULL << (31 - umax_val)) {
		dst->u32_min_value = 0;
		dst->u32_max_value = U32_MAX;
	} else {
		dst->u32_min_value = shl32(dst->u32_min_value, umin_val);
		dst->u32_max_value = shl32(dst->u32_max_value, umax_val);
	}
}

/* kernel: scalar32_min_max_lsh() */
static void scalar32_min_max_lsh(struct reg_state *dst, const struct reg_state *src)
{
	struct tnum sub = tnum_subreg(dst->var_off);

	scalar32_lsh_bounds(dst, src->u32_min_value, src->u32_max_value);
	dst->var_off = tnum_subreg(tnum_lshift(sub, (u8)(src->u32_min_value & 63)));
	__mark_reg64_unbounded(dst);
	update_reg32_bounds(dst);
}

/*
 * kernel: __scalar64_min_max_lsh().  "x << 32" keeps s32 bounds as the
 * upper half (the sign does not flip), the compiler's sign-extension idiom;
 * any other shift loses the signed bounds.
 */
static void scalar64_lsh_bounds(struct reg_state *dst, u64 umin_val, u64 umax_val)
{
	if (umin_val == 32 && umax_val == 32) {
		dst->smax_value = (s64)((u64)(s64)dst->s32_max_value << 32);
		dst->smin_value = (s64)((u64)(s64)dst->s32_min_value << 32);
	} else {
		dst->smax_value = S64_MAX;
		dst->smin_value = S64_MIN;
	}
	if (dst->umax_value > 1ULL << ((63 - umax_val) & 63)) {
		dst->umin_value = 0;
		dst->umax_value = U64_MAX;
	} else {
		dst->umin_value <<= umin_val & 63;
		dst->umax_value <<= umax_val & 63;
	}
}

/* kernel: scalar_min_max_lsh(); the 64-bit part reads the unshifted s32 bounds */
static void scalar_min_max_lsh(struct reg_state *dst, const struct reg_state *src)
{
	u64 umin_val = src->umin_value, umax_val = src->umax_value;

	scalar64_lsh_bounds(dst, umin_val, umax_val);
	scalar32_lsh_bounds(dst, umin_val, umax_val);
	dst->var_off = tnum_lshift(dst->var_off, (u8)(umin_val & 63));
	__update_reg_bounds(dst);
}

/*
 * kernel: scalar32_min_max_rsh().  Logical shift: [a, b] >> [c, d] is
 * [a >> d, b >> c]; signed bounds are relearned from the result.
 */
static void scalar32_min_max_rsh(struct reg_state *dst, const struct reg_state *src)
{
	struct tnum sub = tnum_subreg(dst->var_off);
	u32 umin_val = src->u32_min_value, umax_val = src->u32_max_value;

	dst->s32_min_value = S32_MIN;
	dst->s32_max_value = S32_MAX;
	dst->var_off = tnum_rshift(sub, (u8)(umin_val & 63));
	dst->u32_min_value = shr32(dst->u32_min_value, umax_val);
	dst->u32_max_value = shr32(dst->u32_max_value, umin_val);
	__mark_reg64_unbounded(dst);
	update_reg32_bounds(dst);
}

/* kernel: scalar_min_max_rsh(); 32-bit bounds relearned from the tnum */
static void scalar_min_max_rsh(struct reg_state *dst, const struct reg_state *src)
{
	u64 umin_val = src->umin_value, umax_val = src->umax_value;

	dst->smin_value = S64_MIN;
	dst->smax_value = S64_MAX;
	dst->var_off = tnum_rshift(dst->var_off, (u8)(umin_val & 63));
	dst->umin_value >>= umax_val & 63;
	dst->umax_value >>= umin_val & 63;
	__mark_reg32_unbounded(dst);
	__update_reg_bounds(dst);
}

/*
 * kernel: scalar32_min_max_arsh().  The shift is a known constant, and an
 * arithmetic shift is monotonic, so the s32 ends shift; unsigned bounds are
 * relearned from the tnum.
 */
static void scalar32_min_max_arsh(struct reg_state *dst, const struct reg_state *src)
{
	unsigned n = src->u32_min_value & 31;

	dst->s32_min_value = dst->s32_min_value >> n;
	dst->s32_max_value = dst->s32_max_value >> n;
	dst->var_off = tnum_arshift(tnum_subreg(dst->var_off), (u8)n, 32);
	dst->u32_min_value = 0;
	dst->u32_max_value = U32_MAX;
	__mark_reg64_unbounded(dst);
	update_reg32_bounds(dst);
}

/* kernel: scalar_min_max_arsh() */
static void scalar_min_max_arsh(struct reg_state *dst, const struct reg_state *src)
{
	unsigned n = src->umin_value & 63;

	dst->smin_value >>= n;
	dst->smax_value >>= n;
	dst->var_off = tnum_arshift(dst->var_off, (u8)n, 64);
	dst->umin_value = 0;
	dst->umax_value = U64_MAX;
	__mark_reg32_unbounded(dst);
	__update_reg_bounds(dst);
}

/*
 * kernel: is_safe_to_compute_dst_reg_range().  ADD, SUB, MUL, AND, OR, XOR
 * always; shifts only by a constant below the insn width (for ALU32 the
 * constant test is on the low half, but the width test is on the 64-bit
 * umax, as in the kernel); everything else (DIV, MOD, and opcodes that do
 * not belong here) never.
 */
static bool is_safe_to_compute_dst_reg_range(const struct reg_state *src,
					     u8 opcode, bool alu32)
{
	bool src_is_const;

	if (alu32)
		src_is_const = tnum_subreg_is_const(src->var_off) &&
			       src->s32_min_value == src->s32_max_value &&
			       src->u32_min_value == src->u32_max_value;
	else
		src_is_const = tnum_is_const(src->var_off) &&
			       src->smin_value == src->smax_value &&
			       src->umin_value == src->umax_value;

	switch (opcode) {
	case BPF_ADD:
	case BPF_SUB:
	case BPF_AND:
	case BPF_XOR:
	case BPF_OR:
	case BPF_MUL:
		return true;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		return src_is_const && src->umax_value < (alu32 ? 32u : 64u);
	default:
		return false;
	}
}

/*
 * The decision half of kernel maybe_fork_scalars() (6.12.117): for AND/OR
 * with a source whose whole 64-bit tnum is constant, a destination in
 * s64 [-1, 0] (checked first) or s32 [-1, 0] is split into two states.
 * Returns 64 or 32 for the kind of split, 0 for none.  The kernel then
 * pushes a branch that re-executes this insn with the destination marked
 * known 0 (__mark_reg_known(reg, 0) for 64, __mark_reg32_known(reg, 0) for
 * 32), marks the current destination known -1 (same helpers with -1ULL),
 * and only then computes the AND/OR.  That needs the explored-state stack,
 * so it is the caller's job: call this before adjust_scalar_min_max_vals()
 * (with the same dst and src) and fork when it returns non-zero.
 * Without the fork the result stays sound, only less precise than 6.12.
 */
int maybe_fork_scalars_width(const struct reg_state *dst,
			     const struct reg_state *src, u8 opcode)
{
	if (opcode != BPF_AND && opcode != BPF_OR)
		return 0;
	if (!tnum_is_const(src->var_off))
		return 0;
	if (dst->smin_value == -1 && dst->smax_value == 0)
		return 64;
	if (dst->s32_min_value == -1 && dst->s32_max_value == 0)
		return 32;
	return 0;
}

/*
 * DELIBERATELY WRONG (VX_UNSOUND_CVE_2021_3490 only): 5.10's
 * scalar32_min_max_{and,or,xor}() returned early when both low halves were
 * known ("scalar_min_max_*() will handle it"), which it did only when the
 * whole registers were known.  Otherwise the 32-bit bounds stay those of
 * the old destination: 0x...00000001 & 0x100000002 keeps w in [1, 1]
 * while var_off says its low half is 0.  Returns false when the bug does
 * not apply and the caller should take the sound path.
 */
bool scalar_bitwise_cve_2021_3490(struct reg_state *dst, const struct reg_state *src,
				  u8 opcode, bool alu32)
{
	if (opcode != BPF_AND && opcode != BPF_OR && opcode != BPF_XOR)
		return false;
	if (!tnum_subreg_is_const(src->var_off) || !tnum_subreg_is_const(dst->var_off))
		return false;
	switch (opcode) {
	case BPF_AND:
		dst->var_off = tnum_and(dst->var_off, src->var_off);
		scalar_min_max_and(dst, src);
		break;
	case BPF_OR:
		dst->var_off = tnum_or(dst->var_off, src->var_off);
		scalar_min_max_or(dst, src);
		break;
	default:
		dst->var_off = tnum_xor(dst->var_off, src->var_off);
		scalar_min_max_xor(dst, src);
		break;
	}
	if (alu32)
		zext_32_to_64(dst);
	reg_bounds_sync(dst);
	return true;
}

/*
 * kernel: adjust_scalar_min_max_vals() for two scalars, privileged (no
 * Spectre sanitation; an unknown result is imprecise).  opcode is
 * BPF_OP(insn->code); alu32 is BPF_CLASS(insn->code) == BPF_ALU.  For
 * BPF_K the caller passes a src built with __mark_reg_known(&src, (u64)(s64)imm)
 * as the kernel does.  NEG, END and MOV never come here in the kernel
 * (check_alu_op() marks the destination unknown for NEG/END itself); if
 * passed they take the "not safe" path: unknown scalar.
 * See maybe_fork_scalars_width() for the AND/OR state split.
 */
int adjust_scalar_min_max_vals(struct reg_state *dst, struct reg_state src,
			       u8 opcode, bool alu32)
{
	if (!is_safe_to_compute_dst_reg_range(&src, opcode, alu32)) {
		__mark_reg_unknown_imprecise(dst);
		return 0;
	}

	switch (opcode) {
	case BPF_ADD:
		scalar32_min_max_add(dst, &src);
		scalar_min_max_add(dst, &src);
		dst->var_off = tnum_add(dst->var_off, src.var_off);
		break;
	case BPF_SUB:
		scalar32_min_max_sub(dst, &src);
		scalar_min_max_sub(dst, &src);
		dst->var_off = tnum_sub(dst->var_off, src.var_off);
		break;
	case BPF_MUL:
		dst->var_off = tnum_mul(dst->var_off, src.var_off);
		scalar32_min_max_mul(dst, &src);
		scalar_min_max_mul(dst, &src);
		break;
	case BPF_AND:
		dst->var_off = tnum_and(dst->var_off, src.var_off);
		scalar32_min_max_and(dst, &src);
		scalar_min_max_and(dst, &src);
		break;
	case BPF_OR:
		dst->var_off = tnum_or(dst->var_off, src.var_off);
		scalar32_min_max_or(dst, &src);
		scalar_min_max_or(dst, &src);
		break;
	case BPF_XOR:
		dst->var_off = tnum_xor(dst->var_off, src.var_off);
		scalar32_min_max_xor(dst, &src);
		scalar_min_max_xor(dst, &src);
		break;
	case BPF_LSH:
		if (alu32)
			scalar32_min_max_lsh(dst, &src);
		else
			scalar_min_max_lsh(dst, &src);
		break;
	case BPF_RSH:
		if (alu32)
			scalar32_min_max_rsh(dst, &src);
		else
			scalar_min_max_rsh(dst, &src);
		break;
	case BPF_ARSH:
		if (alu32)
			scalar32_min_max_arsh(dst, &src);
		else
			scalar_min_max_arsh(dst, &src);
		break;
	default:
		break;
	}

	if (alu32)
		zext_32_to_64(dst);
	reg_bounds_sync(dst);
	return 0;
}
