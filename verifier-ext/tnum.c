/* SPDX-License-Identifier: MIT */
/*
 * Tristate numbers, mirroring Linux 6.12 kernel/bpf/tnum.c (and tnum_strn()
 * from kernel/bpf/log.c).
 *
 * A tnum (value, mask) stands for every u64 x with (x & ~mask) == value:
 * mask bits are unknown, the other bits are known and equal to value's.
 * Well-formed tnums have value & mask == 0.  Every operator below is an
 * over-approximation: for x in a and y in b, x OP y is in a OP# b
 * (tests/bounds/ proves this with Z3 or checks it exhaustively).
 */
#include "verifier-ext/vx.h"

/* kernel: tnum_unknown, every bit unknown */
const struct tnum tnum_unknown = { .value = 0, .mask = ~0ULL };

/* kernel: tnum_const() */
struct tnum tnum_const(u64 value)
{
	return TNUM(value, 0);
}

/* index of the highest set bit, counting from 1; 0 for x == 0 (kernel fls64) */
static unsigned fls64(u64 x)
{
	return x ? 64 - (unsigned)__builtin_clzll(x) : 0;
}

/*
 * kernel: tnum_range().  The bits above the highest bit where min and max
 * differ are shared by every value in between and are known; everything
 * from that bit down is unknown.
 */
struct tnum tnum_range(u64 min, u64 max)
{
	unsigned bits = fls64(min ^ max);
	u64 low;

	if (bits > 63) /* the top bit differs: nothing known (and 1 << 64 is UB) */
		return tnum_unknown;
	low = (1ULL << bits) - 1;
	return TNUM(min & ~low, low);
}

/* kernel: tnum_lshift(); shift must be < 64 */
struct tnum tnum_lshift(struct tnum a, u8 shift)
{
	return TNUM(a.value << shift, a.mask << shift);
}

/* kernel: tnum_rshift(); shift must be < 64 */
struct tnum tnum_rshift(struct tnum a, u8 shift)
{
	return TNUM(a.value >> shift, a.mask >> shift);
}

/*
 * kernel: tnum_arshift().  Sign-extending both value and mask is exact for
 * a constant shift: an unknown sign bit smears unknown bits, a known one
 * smears its own value.  insn_bitness 32 works on the low word and leaves
 * the upper word zero.  (GCC's >> on negative signed values is arithmetic,
 * as in the kernel.)
 */
struct tnum tnum_arshift(struct tnum a, u8 min_shift, u8 insn_bitness)
{
	if (insn_bitness == 32)
		return TNUM((u32)((s32)(u32)a.value >> min_shift),
			    (u32)((s32)(u32)a.mask >> min_shift));
	return TNUM((u64)((s64)a.value >> min_shift),
		    (u64)((s64)a.mask >> min_shift));
}

/*
 * kernel: tnum_add().  sv is the sum of the known parts, sm + sv the sum
 * with every unknown bit set; bits where the two sums differ may be
 * reached by a carry chain, so they join the unknown bits of a and b.
 */
struct tnum tnum_add(struct tnum a, struct tnum b)
{
	u64 sm = a.mask + b.mask;
	u64 sv = a.value + b.value;
	u64 carries = (sm + sv) ^ sv;
	u64 mu = carries | a.mask | b.mask;

	return TNUM(sv & ~mu, mu);
}

/*
 * kernel: tnum_sub().  Same idea with borrows: compare the largest
 * (dv + a.mask) and smallest (dv - b.mask) differences.
 */
struct tnum tnum_sub(struct tnum a, struct tnum b)
{
	u64 dv = a.value - b.value;
	u64 borrows = (dv + a.mask) ^ (dv - b.mask);
	u64 mu = borrows | a.mask | b.mask;

	return TNUM(dv & ~mu, mu);
}

/* kernel: tnum_and().  A bit is possibly 1 only if possibly 1 in both. */
struct tnum tnum_and(struct tnum a, struct tnum b)
{
	u64 may_a = a.value | a.mask;
	u64 may_b = b.value | b.mask;
	u64 v = a.value & b.value;

	return TNUM(v, may_a & may_b & ~v);
}

/* kernel: tnum_or().  A known 1 on either side wins. */
struct tnum tnum_or(struct tnum a, struct tnum b)
{
	u64 v = a.value | b.value;

	return TNUM(v, (a.mask | b.mask) & ~v);
}

/* kernel: tnum_xor().  Unknown if unknown on either side. */
struct tnum tnum_xor(struct tnum a, struct tnum b)
{
	u64 mu = a.mask | b.mask;

	return TNUM((a.value ^ b.value) & ~mu, mu);
}

/*
 * kernel: tnum_mul() (the "our_mul" of Vishwanathan et al., arXiv
 * 2105.05398).  The product of the known parts is exact; for each bit i of
 * a, the partial product b << i contributes its unknown bits (bit known 1)
 * or all its possibly-set bits (bit unknown).  Those uncertain parts are
 * summed with tnum_add as pure masks, then added to the exact part.
 */
struct tnum tnum_mul(struct tnum a, struct tnum b)
{
	u64 exact = a.value * b.value;
	struct tnum unsure = TNUM(0, 0);

	while (a.value || a.mask) {
		if (a.value & 1)
			unsure = tnum_add(unsure, TNUM(0, b.mask));
		else if (a.mask & 1)
			unsure = tnum_add(unsure, TNUM(0, b.value | b.mask));
		/* a known 0 bit contributes nothing */
		a = tnum_rshift(a, 1);
		b = tnum_lshift(b, 1);
	}
	return tnum_add(TNUM(exact, 0), unsure);
}

/*
 * kernel: tnum_intersect().  Known in either means known; where a and b
 * disagree (known 1 vs known 0, an empty intersection) the result says 1.
 */
struct tnum tnum_intersect(struct tnum a, struct tnum b)
{
	u64 v = a.value | b.value;
	u64 mu = a.mask & b.mask;

	return TNUM(v & ~mu, mu);
}

/* kernel: tnum_cast(): keep the low `size` bytes.  size must be < 8. */
struct tnum tnum_cast(struct tnum a, u8 size)
{
	u64 keep = (1ULL << (size * 8)) - 1;

	a.value &= keep;
	a.mask &= keep;
	return a;
}

/* kernel: tnum_is_aligned(): every possible value is a multiple of size */
bool tnum_is_aligned(struct tnum a, u64 size)
{
	if (!size)
		return true;
	return !((a.value | a.mask) & (size - 1));
}

/* kernel: tnum_in(): is every value of b also a value of a? */
bool tnum_in(struct tnum a, struct tnum b)
{
	if (b.mask & ~a.mask) /* b has an unknown bit that a knows */
		return false;
	return a.value == (b.value & ~a.mask);
}

/*
 * kernel: tnum_sbin(): 64 characters '0', '1' or 'x', most significant
 * first, truncated to size - 1; returns 64.  size must be >= 1.
 */
int tnum_sbin(char *str, size_t size, struct tnum a)
{
	size_t n;

	for (n = 64; n; n--) {
		if (n < size)
			str[n - 1] = (a.mask & 1) ? 'x' : (a.value & 1) ? '1' : '0';
		a.mask >>= 1;
		a.value >>= 1;
	}
	str[size - 1 < 64 ? size - 1 : 64] = 0;
	return 64;
}

/*
 * kernel: tnum_strn() (kernel/bpf/log.c): a constant prints as decimal up
 * to U16_MAX and as hex above; otherwise "(value; mask)" in hex.
 */
int tnum_strn(char *str, size_t size, struct tnum a)
{
	if (a.mask == 0) {
		if (a.value <= 0xffff)
			return snprintf(str, size, "%llu", (unsigned long long)a.value);
		return snprintf(str, size, "%#llx", (unsigned long long)a.value);
	}
	return snprintf(str, size, "(%#llx; %#llx)",
			(unsigned long long)a.value, (unsigned long long)a.mask);
}

/* kernel: tnum_subreg(): the low 32 bits */
struct tnum tnum_subreg(struct tnum a)
{
	return tnum_cast(a, 4);
}

/* kernel: tnum_clear_subreg(): the low 32 bits known zero */
struct tnum tnum_clear_subreg(struct tnum a)
{
	return tnum_lshift(tnum_rshift(a, 32), 32);
}

/* kernel: tnum_with_subreg(): upper half of reg, lower half of subreg */
struct tnum tnum_with_subreg(struct tnum reg, struct tnum subreg)
{
	return tnum_or(tnum_clear_subreg(reg), tnum_subreg(subreg));
}

/* kernel: tnum_const_subreg(): low 32 bits become the constant value */
struct tnum tnum_const_subreg(struct tnum a, u32 value)
{
	return tnum_with_subreg(a, tnum_const(value));
}
