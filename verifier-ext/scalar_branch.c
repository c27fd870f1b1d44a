/* SPDX-License-Identifier: MIT */
/*
 * Conditional jumps between scalars, mirroring Linux 6.12.117
 * kernel/bpf/verifier.c: is_scalar_branch_taken(), regs_refine_cond_op(),
 * flip_opcode() and rev_opcode().
 *
 * NAMING (as in the kernel, which vx.h's one-line comments have swapped):
 *   flip_opcode(op): the same condition with the operands swapped,
 *                    "a op b" == "b flip(op) a"   (JGT -> JLT, JEQ -> JEQ)
 *   rev_opcode(op):  the negated condition, for the false edge,
 *                    !(a op b) == "a rev(op) b"   (JGT -> JLE, JEQ -> JNE,
 *                    JSET -> JSET | BPF_X, a pseudo-opcode for "no common bit")
 * 6.12's reg_set_min_max() does, on copies of the two registers for each edge:
 *   regs_refine_cond_op(f1, f2, rev_opcode(op), jmp32); reg_bounds_sync(f1); reg_bounds_sync(f2);
 *   regs_refine_cond_op(t1, t2, op, jmp32);             reg_bounds_sync(t1); reg_bounds_sync(t2);
 * followed by reg_bounds_sanity_check() on all four.
 */
#include <linux/bpf.h>

#include "verifier-ext/vx.h"

/* kernel: tnum_overlap(): could a and b hold the same value? */
static bool tnum_overlap(struct tnum a, struct tnum b)
{
	u64 both_known = ~a.mask & ~b.mask;

	return (a.value & both_known) == (b.value & both_known);
}

/* kernel: is_reg_const() */
static bool is_reg_const(const struct reg_state *reg, bool subreg32)
{
	return reg->type == SCALAR_VALUE &&
	       tnum_is_const(subreg32 ? tnum_subreg(reg->var_off) : reg->var_off);
}

/* kernel: reg_const_value() */
static u64 reg_const_value(const struct reg_state *reg, bool subreg32)
{
	return subreg32 ? tnum_subreg(reg->var_off).value : reg->var_off.value;
}

/* The ranges of one operand at the comparison's width (32-bit widened). */
struct cmp_view {
	struct tnum t;
	u64 umin, umax;
	s64 smin, smax;
};

static struct cmp_view view(const struct reg_state *r, bool jmp32)
{
	struct cmp_view v;

	if (jmp32) {
		v.t = tnum_subreg(r->var_off);
		v.umin = r->u32_min_value;
		v.umax = r->u32_max_value;
		v.smin = r->s32_min_value;
		v.smax = r->s32_max_value;
	} else {
		v.t = r->var_off;
		v.umin = r->umin_value;
		v.umax = r->umax_value;
		v.smin = r->smin_value;
		v.smax = r->smax_value;
	}
	return v;
}

/*
 * JEQ/JNE: can the two operands be equal at all?  false when the tnums
 * disagree on a known bit or a range (u, s, and for 64-bit compares also
 * u32 and s32) does not overlap.  Constants on both sides are decided
 * directly by the caller.
 */
static bool may_be_equal(const struct reg_state *r1, const struct reg_state *r2,
			 const struct cmp_view *a, const struct cmp_view *b, bool jmp32)
{
	if (!tnum_overlap(a->t, b->t))
		return false;
	if (a->umin > b->umax || a->umax < b->umin)
		return false;
	if (a->smin > b->smax || a->smax < b->smin)
		return false;
	if (!jmp32) {
		if (r1->u32_min_value > r2->u32_max_value ||
		    r1->u32_max_value < r2->u32_min_value)
			return false;
		if (r1->s32_min_value > r2->s32_max_value ||
		    r1->s32_max_value < r2->s32_min_value)
			return false;
	}
	return true;
}

/*
 * kernel: is_scalar_branch_taken(): 1 if "r1 op r2" holds for every value
 * the two registers may have, 0 if for none, -1 otherwise.  The ordered
 * compares only look at the ranges, not the tnums (as in the kernel).
 */
int is_scalar_branch_taken(struct reg_state *r1, struct reg_state *r2,
			   u8 opcode, bool is_jmp32)
{
	struct cmp_view a = view(r1, is_jmp32), b = view(r2, is_jmp32);

	switch (opcode) {
	case BPF_JEQ:
		if (tnum_is_const(a.t) && tnum_is_const(b.t))
			return a.t.value == b.t.value;
		if (!may_be_equal(r1, r2, &a, &b, is_jmp32))
			return 0;
		break;
	case BPF_JNE:
		if (tnum_is_const(a.t) && tnum_is_const(b.t))
			return a.t.value != b.t.value;
		if (!may_be_equal(r1, r2, &a, &b, is_jmp32))
			return 1;
		break;
	case BPF_JSET: {
		/* needs one constant side; put it second */
		struct tnum t1 = a.t, t2 = b.t;

		if (!is_reg_const(r2, is_jmp32)) {
			if (!is_reg_const(r1, is_jmp32))
				return -1;
			t1 = b.t;
			t2 = a.t;
		}
		if (t1.value & ~t1.mask & t2.value) /* a known-1 bit is tested */
			return 1;
		if (!((t1.mask | t1.value) & t2.value)) /* no tested bit can be 1 */
			return 0;
		break;
	}
	case BPF_JGT:
		if (a.umin > b.umax)
			return 1;
		if (a.umax <= b.umin)
			return 0;
		break;
	case BPF_JSGT:
		if (a.smin > b.smax)
			return 1;
		if (a.smax <= b.smin)
			return 0;
		break;
	case BPF_JLT:
		if (a.umax < b.umin)
			return 1;
		if (a.umin >= b.umax)
			return 0;
		break;
	case BPF_JSLT:
		if (a.smax < b.smin)
			return 1;
		if (a.smin >= b.smax)
			return 0;
		break;
	case BPF_JGE:
		if (a.umin >= b.umax)
			return 1;
		if (a.umax < b.umin)
			return 0;
		break;
	case BPF_JSGE:
		if (a.smin >= b.smax)
			return 1;
		if (a.smax < b.smin)
			return 0;
		break;
	case BPF_JLE:
		if (a.umax <= b.umin)
			return 1;
		if (a.umin > b.umax)
			return 0;
		break;
	case BPF_JSLE:
		if (a.smax <= b.smin)
			return 1;
		if (a.smin > b.smax)
			return 0;
		break;
	}
	return -1;
}

/*
 * kernel: flip_opcode(): "a op b" as "b op' a".  Non-conditional opcodes
 * (JA, CALL, EXIT, JCOND) give 0, like the kernel's table.
 */
u8 flip_opcode(u8 opcode)
{
	switch (opcode & 0xf0) {
	case BPF_JEQ:  return BPF_JEQ;
	case BPF_JNE:  return BPF_JNE;
	case BPF_JSET: return BPF_JSET;
	case BPF_JGE:  return BPF_JLE;
	case BPF_JGT:  return BPF_JLT;
	case BPF_JLE:  return BPF_JGE;
	case BPF_JLT:  return BPF_JGT;
	case BPF_JSGE: return BPF_JSLE;
	case BPF_JSGT: return BPF_JSLT;
	case BPF_JSLE: return BPF_JSGE;
	case BPF_JSLT: return BPF_JSGT;
	default:       return 0;
	}
}

/* kernel: rev_opcode(): the opcode of the false edge */
u8 rev_opcode(u8 opcode)
{
	switch (opcode) {
	case BPF_JEQ:		return BPF_JNE;
	case BPF_JNE:		return BPF_JEQ;
	case BPF_JSET:		return BPF_JSET | BPF_X;
	case BPF_JSET | BPF_X:	return BPF_JSET;
	case BPF_JGE:		return BPF_JLT;
	case BPF_JGT:		return BPF_JLE;
	case BPF_JLE:		return BPF_JGT;
	case BPF_JLT:		return BPF_JGE;
	case BPF_JSGE:		return BPF_JSLT;
	case BPF_JSGT:		return BPF_JSLE;
	case BPF_JSLE:		return BPF_JSGT;
	case BPF_JSLT:		return BPF_JSGE;
	default:		return 0;
	}
}

static u64 umax64(u64 a, u64 b) { return a > b ? a : b; }
static u64 umin64(u64 a, u64 b) { return a < b ? a : b; }
static s64 smax64(s64 a, s64 b) { return a > b ? a : b; }
static s64 smin64(s64 a, s64 b) { return a < b ? a : b; }
static u32 umax32(u32 a, u32 b) { return a > b ? a : b; }
static u32 umin32(u32 a, u32 b) { return a < b ? a : b; }
static s32 smax32(s32 a, s32 b) { return a > b ? a : b; }
static s32 smin32(s32 a, s32 b) { return a < b ? a : b; }
/* wrapping +-1 (the kernel's -fno-strict-overflow arithmetic) */
static s64 sdec64(s64 x) { return (s64)((u64)x - 1); }
static s64 sinc64(s64 x) { return (s64)((u64)x + 1); }
static s32 sdec32(s32 x) { return (s32)((u32)x - 1); }
static s32 sinc32(s32 x) { return (s32)((u32)x + 1); }

static void swap_regs(struct reg_state **a, struct reg_state **b)
{
	struct reg_state *t = *a;

	*a = *b;
	*b = t;
}

/* JEQ: both operands get the intersection of their ranges and tnums. */
static void refine_eq(struct reg_state *r1, struct reg_state *r2, bool jmp32)
{
	if (jmp32) {
		struct tnum t;

		r1->u32_min_value = umax32(r1->u32_min_value, r2->u32_min_value);
		r1->u32_max_value = umin32(r1->u32_max_value, r2->u32_max_value);
		r1->s32_min_value = smax32(r1->s32_min_value, r2->s32_min_value);
		r1->s32_max_value = smin32(r1->s32_max_value, r2->s32_max_value);
		r2->u32_min_value = r1->u32_min_value;
		r2->u32_max_value = r1->u32_max_value;
		r2->s32_min_value = r1->s32_min_value;
		r2->s32_max_value = r1->s32_max_value;
		t = tnum_intersect(tnum_subreg(r1->var_off), tnum_subreg(r2->var_off));
		r1->var_off = tnum_with_subreg(r1->var_off, t);
		r2->var_off = tnum_with_subreg(r2->var_off, t);
	} else {
		r1->umin_value = umax64(r1->umin_value, r2->umin_value);
		r1->umax_value = umin64(r1->umax_value, r2->umax_value);
		r1->smin_value = smax64(r1->smin_value, r2->smin_value);
		r1->smax_value = smin64(r1->smax_value, r2->smax_value);
		r2->umin_value = r1->umin_value;
		r2->umax_value = r1->umax_value;
		r2->smin_value = r1->smin_value;
		r2->smax_value = r1->smax_value;
		r1->var_off = tnum_intersect(r1->var_off, r2->var_off);
		r2->var_off = r1->var_off;
	}
}

/*
 * JNE against a constant: a range end equal to the constant moves inward
 * by one.  (Both ends equal cannot happen: the branch would have been
 * decided by is_scalar_branch_taken() and not refined.)
 */
static void refine_ne(struct reg_state *r1, u64 val, bool jmp32)
{
	if (jmp32) {
		if (r1->u32_min_value == (u32)val)
			r1->u32_min_value++;
		if (r1->u32_max_value == (u32)val)
			r1->u32_max_value--;
		if (r1->s32_min_value == (s32)(u32)val)
			r1->s32_min_value = sinc32(r1->s32_min_value);
		if (r1->s32_max_value == (s32)(u32)val)
			r1->s32_max_value = sdec32(r1->s32_max_value);
	} else {
		if (r1->umin_value == val)
			r1->umin_value++;
		if (r1->umax_value == val)
			r1->umax_value--;
		if (r1->smin_value == (s64)val)
			r1->smin_value = sinc64(r1->smin_value);
		if (r1->smax_value == (s64)val)
			r1->smax_value = sdec64(r1->smax_value);
	}
}

/*
 * kernel: regs_refine_cond_op() for two scalars: narrow r1 and r2 (in
 * place) to values where "r1 op r2" can hold.  op may be BPF_JSET | BPF_X
 * (from rev_opcode()).  The result is NOT synced: the caller must run
 * reg_bounds_sync() on both, then check reg_bounds_sane(), as 6.12's
 * reg_set_min_max() does (an impossible edge shows up as an insane
 * register, which the kernel logs and resets with __mark_reg_unbounded()).
 */
void regs_refine_cond_op(struct reg_state *r1, struct reg_state *r2,
			 u8 opcode, bool is_jmp32)
{
	struct tnum t;
	u64 val;

	/* GE/GT/SGE/SGT become LE/LT/SLE/SLT with the operands swapped */
	switch (opcode) {
	case BPF_JGE:
	case BPF_JGT:
	case BPF_JSGE:
	case BPF_JSGT:
		opcode = flip_opcode(opcode);
		swap_regs(&r1, &r2);
		break;
	default:
		break;
	}

	switch (opcode) {
	case BPF_JEQ:
		refine_eq(r1, r2, is_jmp32);
		break;
	case BPF_JNE:
		if (!is_reg_const(r2, is_jmp32))
			swap_regs(&r1, &r2);
		if (!is_reg_const(r2, is_jmp32))
			break;
		refine_ne(r1, reg_const_value(r2, is_jmp32), is_jmp32);
		break;
	case BPF_JSET:
		/* some tested bit is set: useful only for a single-bit constant */
		if (!is_reg_const(r2, is_jmp32))
			swap_regs(&r1, &r2);
		if (!is_reg_const(r2, is_jmp32))
			break;
		val = reg_const_value(r2, is_jmp32);
		if (!val || (val & (val - 1))) /* kernel: !is_power_of_2(val) */
			break;
		if (is_jmp32) {
			t = tnum_or(tnum_subreg(r1->var_off), tnum_const(val));
			r1->var_off = tnum_with_subreg(r1->var_off, t);
		} else {
			r1->var_off = tnum_or(r1->var_off, tnum_const(val));
		}
		break;
	case BPF_JSET | BPF_X:
		/* no tested bit is set; ranges are dropped first so that a dead
		 * edge does not produce contradictory bounds */
		if (!is_reg_const(r2, is_jmp32))
			swap_regs(&r1, &r2);
		if (!is_reg_const(r2, is_jmp32))
			break;
		val = reg_const_value(r2, is_jmp32);
		__mark_reg_unbounded(r1);
		if (is_jmp32) {
			t = tnum_and(tnum_subreg(r1->var_off), tnum_const(~val));
			r1->var_off = tnum_with_subreg(r1->var_off, t);
		} else {
			r1->var_off = tnum_and(r1->var_off, tnum_const(~val));
		}
		break;
	case BPF_JLE:
		if (is_jmp32) {
			r1->u32_max_value = umin32(r1->u32_max_value, r2->u32_max_value);
			r2->u32_min_value = umax32(r1->u32_min_value, r2->u32_min_value);
		} else {
			r1->umax_value = umin64(r1->umax_value, r2->umax_value);
			r2->umin_value = umax64(r1->umin_value, r2->umin_value);
		}
		break;
	case BPF_JLT:
		/* the -1/+1 wrap at the ends, as in the kernel (dead edge then) */
		if (is_jmp32) {
			r1->u32_max_value = umin32(r1->u32_max_value, r2->u32_max_value - 1);
			r2->u32_min_value = umax32(r1->u32_min_value + 1, r2->u32_min_value);
		} else {
			r1->umax_value = umin64(r1->umax_value, r2->umax_value - 1);
			r2->umin_value = umax64(r1->umin_value + 1, r2->umin_value);
		}
		break;
	case BPF_JSLE:
		if (is_jmp32) {
			r1->s32_max_value = smin32(r1->s32_max_value, r2->s32_max_value);
			r2->s32_min_value = smax32(r1->s32_min_value, r2->s32_min_value);
		} else {
			r1->smax_value = smin64(r1->smax_value, r2->smax_value);
			r2->smin_value = smax64(r1->smin_value, r2->smin_value);
		}
		break;
	case BPF_JSLT:
		if (is_jmp32) {
			r1->s32_max_value = smin32(r1->s32_max_value, sdec32(r2->s32_max_value));
			r2->s32_min_value = smax32(sinc32(r1->s32_min_value), r2->s32_min_value);
		} else {
			r1->smax_value = smin64(r1->smax_value, sdec64(r2->smax_value));
			r2->smin_value = smax64(sinc64(r1->smin_value), r2->smin_value);
		}
		break;
	default:
		break;
	}
}
