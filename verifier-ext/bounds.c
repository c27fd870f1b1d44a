/* SPDX-License-Identifier: MIT */
/*
 * Scalar bounds: the four ranges (u64, s64, u32, s32) and the tnum of a
 * register, and the deductions between them, mirroring Linux 6.12.117
 * kernel/bpf/verifier.c.
 *
 * A register's value x satisfies all five facts at once:
 *   umin <= x <= umax, smin <= (s64)x <= smax,
 *   u32_min <= (u32)x <= u32_max, s32_min <= (s32)x <= s32_max,
 *   x in var_off.
 * reg_bounds_sync() lets each fact tighten the others.  The kernel builds
 * with -fno-strict-overflow; here every conversion between signed and
 * unsigned is explicit and wrapping arithmetic is done on unsigned types.
 */
#include <string.h>

#include "verifier-ext/vx.h"

static u64 umax64(u64 a, u64 b) { return a > b ? a : b; }
static u64 umin64(u64 a, u64 b) { return a < b ? a : b; }
static s64 smax64(s64 a, s64 b) { return a > b ? a : b; }
static s64 smin64(s64 a, s64 b) { return a < b ? a : b; }
static u32 umax32(u32 a, u32 b) { return a > b ? a : b; }
static u32 umin32(u32 a, u32 b) { return a < b ? a : b; }
static s32 smax32(s32 a, s32 b) { return a > b ? a : b; }
static s32 smin32(s32 a, s32 b) { return a < b ? a : b; }

/* Zero off and the pointer-kind fields (the kernel's memset up to var_off). */
static void clear_ptr_fields(struct reg_state *reg)
{
	reg->off = 0;
	reg->map_idx = 0;
	reg->mem_size = 0;
	reg->range = 0;
	reg->btf_id = 0;
	reg->subprogno = 0;
}

/* kernel: ___mark_reg_known(): every bound becomes imm (id untouched) */
static void set_known_bounds(struct reg_state *reg, u64 imm)
{
	reg->var_off = tnum_const(imm);
	reg->smin_value = (s64)imm;
	reg->smax_value = (s64)imm;
	reg->umin_value = imm;
	reg->umax_value = imm;
	reg->s32_min_value = (s32)(u32)imm;
	reg->s32_max_value = (s32)(u32)imm;
	reg->u32_min_value = (u32)imm;
	reg->u32_max_value = (u32)imm;
}

/*
 * kernel: __mark_reg_known().  Keeps type (and frameno, precise, live),
 * clears off, the pointer-kind fields, id and ref_obj_id.
 */
void __mark_reg_known(struct reg_state *reg, u64 imm)
{
	clear_ptr_fields(reg);
	reg->id = 0;
	reg->ref_obj_id = 0;
	set_known_bounds(reg, imm);
}

/* kernel: __mark_reg_known_zero() */
void __mark_reg_known_zero(struct reg_state *reg)
{
	__mark_reg_known(reg, 0);
}

/* kernel: __mark_reg32_known(): low half becomes (u32)imm; 64-bit bounds untouched */
void __mark_reg32_known(struct reg_state *reg, u64 imm)
{
	reg->var_off = tnum_const_subreg(reg->var_off, (u32)imm);
	reg->s32_min_value = (s32)(u32)imm;
	reg->s32_max_value = (s32)(u32)imm;
	reg->u32_min_value = (u32)imm;
	reg->u32_max_value = (u32)imm;
}

/* kernel: __mark_reg64_unbounded() */
void __mark_reg64_unbounded(struct reg_state *reg)
{
	reg->smin_value = S64_MIN;
	reg->smax_value = S64_MAX;
	reg->umin_value = 0;
	reg->umax_value = U64_MAX;
}

/* kernel: __mark_reg32_unbounded() */
void __mark_reg32_unbounded(struct reg_state *reg)
{
	reg->s32_min_value = S32_MIN;
	reg->s32_max_value = S32_MAX;
	reg->u32_min_value = 0;
	reg->u32_max_value = U32_MAX;
}

/* kernel: __mark_reg_unbounded(): all four ranges full, var_off untouched */
void __mark_reg_unbounded(struct reg_state *reg)
{
	__mark_reg64_unbounded(reg);
	__mark_reg32_unbounded(reg);
}

/*
 * kernel: __mark_reg_unknown_imprecise(): a scalar about which nothing is
 * known.  Everything before var_off is cleared (off, pointer fields), then
 * id, ref_obj_id, frameno and precise; live is kept.
 */
void __mark_reg_unknown_imprecise(struct reg_state *reg)
{
	clear_ptr_fields(reg);
	reg->type = SCALAR_VALUE;
	reg->id = 0;
	reg->ref_obj_id = 0;
	reg->var_off = tnum_unknown;
	reg->frameno = 0;
	reg->precise = false;
	__mark_reg_unbounded(reg);
}

/*
 * kernel: __update_reg32_bounds().  From the low 32 bits of var_off: the
 * smallest signed value has the sign bit set if it may be set and every
 * other unknown bit clear; the largest the reverse.  Unsigned: all unknown
 * bits clear / set.
 */
static void update_reg32_bounds(struct reg_state *reg)
{
	struct tnum t = tnum_subreg(reg->var_off);
	u32 v = (u32)t.value, m = (u32)t.mask;

	reg->s32_min_value = smax32(reg->s32_min_value, (s32)(v | (m & 0x80000000u)));
	reg->s32_max_value = smin32(reg->s32_max_value, (s32)(v | (m & 0x7fffffffu)));
	reg->u32_min_value = umax32(reg->u32_min_value, v);
	reg->u32_max_value = umin32(reg->u32_max_value, v | m);
}

/* kernel: __update_reg64_bounds(), the same on the whole var_off */
static void update_reg64_bounds(struct reg_state *reg)
{
	u64 v = reg->var_off.value, m = reg->var_off.mask;

	reg->smin_value = smax64(reg->smin_value, (s64)(v | (m & (1ULL << 63))));
	reg->smax_value = smin64(reg->smax_value, (s64)(v | (m & ~(1ULL << 63))));
	reg->umin_value = umax64(reg->umin_value, v);
	reg->umax_value = umin64(reg->umax_value, v | m);
}

/* kernel: __update_reg_bounds() */
void __update_reg_bounds(struct reg_state *reg)
{
	update_reg32_bounds(reg);
	update_reg64_bounds(reg);
}

/* Tighten the s32 range with [lo, hi] (kernel: the max_t/min_t pairs). */
static void meet_s32(struct reg_state *reg, s32 lo, s32 hi)
{
	reg->s32_min_value = smax32(reg->s32_min_value, lo);
	reg->s32_max_value = smin32(reg->s32_max_value, hi);
}

static void meet_u32(struct reg_state *reg, u32 lo, u32 hi)
{
	reg->u32_min_value = umax32(reg->u32_min_value, lo);
	reg->u32_max_value = umin32(reg->u32_max_value, hi);
}

/*
 * kernel: __reg32_deduce_bounds().  Learn 32-bit ranges from the 64-bit
 * ones and s32 from u32 and back.
 */
static void reg32_deduce_bounds(struct reg_state *reg)
{
	u64 umin = reg->umin_value, umax = reg->umax_value;
	u64 smin = (u64)reg->smin_value, smax = (u64)reg->smax_value;

	/*
	 * If the upper halves of the u64 (or s64) bounds agree, every value in
	 * between has that upper half and the low halves form a range too
	 * (as u32; as s32 if they are ordered as s32).  For s64 the shift is
	 * arithmetic in the kernel; comparing the upper halves of the raw
	 * bits is the same test.
	 */
	if ((umin >> 32) == (umax >> 32)) {
		meet_u32(reg, (u32)umin, (u32)umax);
		if ((s32)(u32)umin <= (s32)(u32)umax)
			meet_s32(reg, (s32)(u32)umin, (s32)(u32)umax);
	}
	if ((smin >> 32) == (smax >> 32)) {
		if ((u32)smin <= (u32)smax)
			meet_u32(reg, (u32)smin, (u32)smax);
		if ((s32)(u32)smin <= (s32)(u32)smax)
			meet_s32(reg, (s32)(u32)smin, (s32)(u32)smax);
	}
	/*
	 * Upper halves are two consecutive numbers (u32 wrap allowed) and the
	 * low halves go from negative to non-negative as s32: the values run
	 * through ...ffffffff -> ...00000000 in the low half only once, so the
	 * low halves form the s32 range [lo(min), lo(max)].
	 */
	if ((u32)(umin >> 32) + 1 == (u32)(umax >> 32) &&
	    (s32)(u32)umin < 0 && (s32)(u32)umax >= 0)
		meet_s32(reg, (s32)(u32)umin, (s32)(u32)umax);
	if ((u32)(smin >> 32) + 1 == (u32)(smax >> 32) &&
	    (s32)(u32)smin < 0 && (s32)(u32)smax >= 0)
		meet_s32(reg, (s32)(u32)smin, (s32)(u32)smax);
	/* a u32 range that does not cross the s32 sign boundary is an s32 range */
	if ((s32)reg->u32_min_value <= (s32)reg->u32_max_value)
		meet_s32(reg, (s32)reg->u32_min_value, (s32)reg->u32_max_value);
	/* and the other way round */
	if ((u32)reg->s32_min_value <= (u32)reg->s32_max_value) {
		meet_u32(reg, (u32)reg->s32_min_value, (u32)reg->s32_max_value);
	} else if (reg->u32_max_value < (u32)reg->s32_min_value) {
		/*
		 * s32 wraps (negative part high in u32 order), and the u32
		 * range lies entirely below that negative part: only the
		 * non-negative part [0, s32_max] can hold.
		 */
		reg->s32_min_value = (s32)reg->u32_min_value;
		reg->u32_max_value = umin32(reg->u32_max_value, (u32)reg->s32_max_value);
	} else if ((u32)reg->s32_max_value < reg->u32_min_value) {
		/* the u32 range lies entirely in the negative part */
		reg->s32_max_value = (s32)reg->u32_max_value;
		reg->u32_min_value = umax32(reg->u32_min_value, (u32)reg->s32_min_value);
	}
}

/*
 * kernel: __reg64_deduce_bounds().  u64 <-> s64 when the range stays on one
 * side of the sign boundary; when s64 wraps and u64 meets only one of its
 * two parts, both shrink to that part.
 */
static void reg64_deduce_bounds(struct reg_state *reg)
{
	if ((s64)reg->umin_value <= (s64)reg->umax_value) {
		reg->smin_value = smax64(reg->smin_value, (s64)reg->umin_value);
		reg->smax_value = smin64(reg->smax_value, (s64)reg->umax_value);
	}
	if ((u64)reg->smin_value <= (u64)reg->smax_value) {
		reg->umin_value = umax64((u64)reg->smin_value, reg->umin_value);
		reg->umax_value = umin64((u64)reg->smax_value, reg->umax_value);
	} else if (reg->umax_value < (u64)reg->smin_value) {
		/* u64 overlaps only the non-negative part [0, smax] */
		reg->smin_value = (s64)reg->umin_value;
		reg->umax_value = umin64(reg->umax_value, (u64)reg->smax_value);
	} else if ((u64)reg->smax_value < reg->umin_value) {
		/* u64 overlaps only the negative part [smin, -1] */
		reg->smax_value = (s64)reg->umax_value;
		reg->umin_value = umax64(reg->umin_value, (u64)reg->smin_value);
	}
}

/*
 * kernel: __reg_deduce_mixed_bounds().  Put the 32-bit bounds into the low
 * halves of the 64-bit bounds: replacing the low half of umin by u32_min
 * gives a value that is still <= every member (same upper half, and no
 * member has a smaller low half), so it can only raise umin; likewise for
 * the other three.  s32 is used only when it is also a valid u32 range.
 */
static void reg_deduce_mixed_bounds(struct reg_state *reg)
{
	const u64 hi = ~0xffffffffULL;
	u64 new_umin, new_umax;
	s64 new_smin, new_smax;

	new_umin = (reg->umin_value & hi) | reg->u32_min_value;
	new_umax = (reg->umax_value & hi) | reg->u32_max_value;
	reg->umin_value = umax64(reg->umin_value, new_umin);
	reg->umax_value = umin64(reg->umax_value, new_umax);
	new_smin = (s64)(((u64)reg->smin_value & hi) | reg->u32_min_value);
	new_smax = (s64)(((u64)reg->smax_value & hi) | reg->u32_max_value);
	reg->smin_value = smax64(reg->smin_value, new_smin);
	reg->smax_value = smin64(reg->smax_value, new_smax);

	if ((u32)reg->s32_min_value <= (u32)reg->s32_max_value) {
		new_umin = (reg->umin_value & hi) | (u32)reg->s32_min_value;
		new_umax = (reg->umax_value & hi) | (u32)reg->s32_max_value;
		reg->umin_value = umax64(reg->umin_value, new_umin);
		reg->umax_value = umin64(reg->umax_value, new_umax);
		new_smin = (s64)(((u64)reg->smin_value & hi) | (u32)reg->s32_min_value);
		new_smax = (s64)(((u64)reg->smax_value & hi) | (u32)reg->s32_max_value);
		reg->smin_value = smax64(reg->smin_value, new_smin);
		reg->smax_value = smin64(reg->smax_value, new_smax);
	}

	/*
	 * After a sign-extending load: s64 within [S32_MIN, S32_MAX] and a
	 * non-negative low half.  An upper half of all ones would need a low
	 * half >= 0x80000000, i.e. negative as s32, so the upper half is zero
	 * and the 64-bit value equals the s32 one.
	 */
	if (reg->s32_min_value >= 0 && reg->smin_value >= S32_MIN &&
	    reg->smax_value <= S32_MAX) {
		reg->smin_value = reg->s32_min_value;
		reg->smax_value = reg->s32_max_value;
		reg->umin_value = (u64)reg->s32_min_value;
		reg->umax_value = (u64)reg->s32_max_value;
		reg->var_off = tnum_intersect(reg->var_off,
					      tnum_range((u64)reg->smin_value,
							 (u64)reg->smax_value));
	}
}

/* kernel: __reg_deduce_bounds() */
static void reg_deduce_bounds(struct reg_state *reg)
{
	reg32_deduce_bounds(reg);
	reg64_deduce_bounds(reg);
	reg_deduce_mixed_bounds(reg);
}

/*
 * kernel: __reg_bound_offset(): learn bits from the unsigned ranges, the
 * 64-bit one for the whole tnum, the 32-bit one for its low half.
 */
static void reg_bound_offset(struct reg_state *reg)
{
	struct tnum t64 = tnum_intersect(reg->var_off,
					 tnum_range(reg->umin_value, reg->umax_value));
	struct tnum t32 = tnum_intersect(tnum_subreg(t64),
					 tnum_range(reg->u32_min_value, reg->u32_max_value));

	reg->var_off = tnum_or(tnum_clear_subreg(t64), t32);
}

/*
 * kernel: reg_bounds_sync() as of 6.12.117: ranges from the tnum, three
 * rounds of deduction between the ranges, bits from the ranges, and ranges
 * from the improved tnum once more.
 */
void reg_bounds_sync(struct reg_state *reg)
{
	__update_reg_bounds(reg);
	reg_deduce_bounds(reg);
	reg_deduce_bounds(reg);
	reg_deduce_bounds(reg);
	reg_bound_offset(reg);
	__update_reg_bounds(reg);
}

/*
 * kernel: reg_bounds_sanity_check() without the log and the reset: false
 * when a range is empty or a constant tnum (whole or low half) disagrees
 * with the ranges.  The kernel then logs "REG INVARIANTS VIOLATION" and,
 * unless test_reg_invariants is set, calls __mark_reg_unbounded() on the
 * register and goes on; the caller does that part.
 */
bool reg_bounds_sane(const struct reg_state *reg)
{
	if (reg->umin_value > reg->umax_value ||
	    reg->smin_value > reg->smax_value ||
	    reg->u32_min_value > reg->u32_max_value ||
	    reg->s32_min_value > reg->s32_max_value)
		return false;

	if (tnum_is_const(reg->var_off)) {
		u64 u = reg->var_off.value;

		if (reg->umin_value != u || reg->umax_value != u ||
		    reg->smin_value != (s64)u || reg->smax_value != (s64)u)
			return false;
	}
	if (tnum_subreg_is_const(reg->var_off)) {
		u32 u = (u32)reg->var_off.value;

		if (reg->u32_min_value != u || reg->u32_max_value != u ||
		    reg->s32_min_value != (s32)u || reg->s32_max_value != (s32)u)
			return false;
	}
	return true;
}

/*
 * kernel: __reg_assign_32_into_64(): the upper half is known zero, so the
 * u64 range is the u32 one; s64 too if s32 is non-negative, otherwise
 * [0, U32_MAX].
 */
static void reg_assign_32_into_64(struct reg_state *reg)
{
	reg->umin_value = reg->u32_min_value;
	reg->umax_value = reg->u32_max_value;
	if (reg->s32_min_value >= 0 && reg->s32_max_value >= 0) {
		reg->smin_value = reg->s32_min_value;
		reg->smax_value = reg->s32_max_value;
	} else {
		reg->smin_value = 0;
		reg->smax_value = U32_MAX;
	}
}

/*
 * __reg_combine_64_into_32() and __reg_combine_32_into_64() are NOT in
 * Linux 6.12: they were removed in 6.8 when reg_bounds_sync() learned the
 * 32<->64 deductions above, and no 6.12 code path has an equivalent call.
 * They are kept, as they were in Linux 6.7, because vx.h declares them;
 * a 6.12-faithful caller has no reason to use them.
 */

/* Linux 6.7 __reg_combine_64_into_32(): 32-bit ranges from 64-bit ones that fit */
void __reg_combine_64_into_32(struct reg_state *reg)
{
	__mark_reg32_unbounded(reg);
	if (reg->smin_value >= S32_MIN && reg->smin_value <= S32_MAX &&
	    reg->smax_value >= S32_MIN && reg->smax_value <= S32_MAX) {
		reg->s32_min_value = (s32)reg->smin_value;
		reg->s32_max_value = (s32)reg->smax_value;
	}
	if (reg->umin_value <= U32_MAX && reg->umax_value <= U32_MAX) {
		reg->u32_min_value = (u32)reg->umin_value;
		reg->u32_max_value = (u32)reg->umax_value;
	}
	reg_bounds_sync(reg);
}

/* Linux 6.7 __reg_combine_32_into_64() */
void __reg_combine_32_into_64(struct reg_state *reg)
{
	if (tnum_equals_const(tnum_clear_subreg(reg->var_off), 0))
		reg_assign_32_into_64(reg); /* upper half known zero */
	else
		__mark_reg64_unbounded(reg); /* relearn from the tnum */
	reg_bounds_sync(reg);
}

/*
 * kernel: zext_32_to_64(): after an ALU32 op (or a 32-bit MOV) the upper
 * half is zero.  Does not sync; callers follow with reg_bounds_sync().
 */
void zext_32_to_64(struct reg_state *reg)
{
	reg->var_off = tnum_subreg(reg->var_off);
	reg_assign_32_into_64(reg);
}

/*
 * kernel: coerce_reg_to_size(): a zero-extending load of size (1, 2, 4)
 * bytes.  The u64 range survives truncation only if the bits above size
 * agree at both ends; s64 copies u64 (it is now non-negative).
 */
void coerce_reg_to_size(struct reg_state *reg, int size)
{
	u64 mask = (1ULL << (size * 8)) - 1;

	reg->var_off = tnum_cast(reg->var_off, (u8)size);
	if ((reg->umin_value & ~mask) == (reg->umax_value & ~mask)) {
		reg->umin_value &= mask;
		reg->umax_value &= mask;
	} else {
		reg->umin_value = 0;
		reg->umax_value = mask;
	}
	reg->smin_value = (s64)reg->umin_value;
	reg->smax_value = (s64)reg->umax_value;
	/* below 32 bits, the old 32-bit ranges no longer describe the value */
	if (size < 4)
		__mark_reg32_unbounded(reg);
	reg_bounds_sync(reg);
}

/* sign-extend the low `size` bytes of v (size 1, 2 or 4) */
static s64 sext(u64 v, int size)
{
	if (size == 1)
		return (s8)(u8)v;
	if (size == 2)
		return (s16)(u16)v;
	return (s32)(u32)v;
}

/* kernel: set_sext64_default_val(): the full range of an s8/s16/s32 */
static void set_sext64_default_val(struct reg_state *reg, int size)
{
	s64 lo = size == 1 ? INT8_MIN : size == 2 ? INT16_MIN : S32_MIN;
	s64 hi = size == 1 ? INT8_MAX : size == 2 ? INT16_MAX : S32_MAX;

	reg->smin_value = lo;
	reg->s32_min_value = (s32)lo;
	reg->smax_value = hi;
	reg->s32_max_value = (s32)hi;
	reg->umin_value = 0;
	reg->u32_min_value = 0;
	reg->umax_value = U64_MAX;
	reg->u32_max_value = U32_MAX;
	reg->var_off = tnum_unknown;
}

/*
 * kernel: coerce_reg_to_size_sx(): a sign-extending load (or MOVSX64) of
 * size bytes.  A constant stays constant.  Otherwise, if smin and smax
 * agree above size bytes, the low parts, sign-extended, bound the result
 * (taken in either order, as the kernel does); this is used only if both
 * have the same sign, else the result is the full s<size*8> range.  Does
 * not call reg_bounds_sync() (neither does the kernel).
 */
void coerce_reg_to_size_sx(struct reg_state *reg, int size)
{
	unsigned bits = (unsigned)size * 8;
	s64 a, b, lo, hi;

	if (tnum_is_const(reg->var_off)) {
		u64 c = (u64)sext(reg->var_off.value, size);

		reg->var_off = tnum_const(c);
		reg->smin_value = reg->smax_value = (s64)c;
		reg->umin_value = reg->umax_value = c;
		reg->s32_min_value = reg->s32_max_value = (s32)(u32)c;
		reg->u32_min_value = reg->u32_max_value = (u32)c;
		return;
	}
	if (((u64)reg->smax_value >> bits) != ((u64)reg->smin_value >> bits)) {
		set_sext64_default_val(reg, size);
		return;
	}
	a = sext((u64)reg->smax_value, size);
	b = sext((u64)reg->smin_value, size);
	hi = smax64(a, b);
	lo = smin64(a, b);
	if ((hi >= 0) != (lo >= 0)) {
		set_sext64_default_val(reg, size);
		return;
	}
	reg->smin_value = lo;
	reg->s32_min_value = (s32)lo;
	reg->smax_value = hi;
	reg->s32_max_value = (s32)hi;
	reg->umin_value = (u64)lo;
	reg->u32_min_value = (u32)lo;
	reg->umax_value = (u64)hi;
	reg->u32_max_value = (u32)hi;
	reg->var_off = tnum_range((u64)lo, (u64)hi);
}

/* kernel: set_sext32_default_val(): full s8/s16 range in the low half */
static void set_sext32_default_val(struct reg_state *reg, int size)
{
	reg->s32_min_value = size == 1 ? INT8_MIN : INT16_MIN;
	reg->s32_max_value = size == 1 ? INT8_MAX : INT16_MAX;
	reg->u32_min_value = 0;
	reg->u32_max_value = U32_MAX;
	reg->var_off = tnum_subreg(tnum_unknown);
}

/*
 * kernel: coerce_subreg_to_size_sx(): MOVSX32 of size 1 or 2 bytes, on the
 * 32-bit ranges only; the caller zero-extends and syncs.  Mirrors two
 * kernel quirks: the constant test looks at the whole 64-bit tnum, and the
 * constant result is the 64-bit sign extension (the caller's zext_32_to_64
 * truncates it).
 */
void coerce_subreg_to_size_sx(struct reg_state *reg, int size)
{
	unsigned bits = (unsigned)size * 8;
	s32 a, b, lo, hi;

	if (tnum_is_const(reg->var_off)) {
		u64 c = (u64)sext((u32)reg->var_off.value, size);

		reg->var_off = tnum_const(c);
		reg->s32_min_value = reg->s32_max_value = (s32)(u32)c;
		reg->u32_min_value = reg->u32_max_value = (u32)c;
		return;
	}
	if (((u32)reg->s32_max_value >> bits) != ((u32)reg->s32_min_value >> bits)) {
		set_sext32_default_val(reg, size);
		return;
	}
	a = (s32)sext((u32)reg->s32_max_value, size);
	b = (s32)sext((u32)reg->s32_min_value, size);
	hi = smax32(a, b);
	lo = smin32(a, b);
	if ((lo >= 0) != (hi >= 0)) {
		set_sext32_default_val(reg, size);
		return;
	}
	reg->s32_min_value = lo;
	reg->s32_max_value = hi;
	reg->u32_min_value = (u32)lo;
	reg->u32_max_value = (u32)hi;
	reg->var_off = tnum_subreg(tnum_range((u64)(s64)lo, (u64)(s64)hi));
}

/*
 * kernel: is_reg_const(reg, false).  (6.12 has no register_is_const(); it
 * was renamed.)  Pointer registers are never constants here.
 */
bool register_is_const(const struct reg_state *reg)
{
	return reg->type == SCALAR_VALUE && tnum_is_const(reg->var_off);
}

/* kernel: range_within(): cur's eight bounds lie within old's */
bool range_within(const struct reg_state *old, const struct reg_state *cur)
{
	return old->umin_value <= cur->umin_value &&
	       old->umax_value >= cur->umax_value &&
	       old->smin_value <= cur->smin_value &&
	       old->smax_value >= cur->smax_value &&
	       old->u32_min_value <= cur->u32_min_value &&
	       old->u32_max_value >= cur->u32_max_value &&
	       old->s32_min_value <= cur->s32_min_value &&
	       old->s32_max_value >= cur->s32_max_value;
}
