/* SPDX-License-Identifier: MIT */
/*
 * Soundness of the range side (verifier-ext/bounds.c, scalar_alu.c,
 * scalar_branch.c) by enumeration.
 *
 * Abstract values.  A concrete set S of at most 16 64-bit values gives up
 * to four register states (duplicates dropped):
 *   tight   - each of umin/umax, smin/smax, u32, s32 ranges and var_off is
 *             the best one for S (var_off from the AND and OR of S);
 *   loose-t - the same ranges with var_off unknown;
 *   t-sync  - var_off tight, ranges unbounded, then reg_bounds_sync();
 *   r-sync  - loose-t, then reg_bounds_sync().
 * The sets S are: 44 constants (0..3, powers of two and their neighbours
 * around 2^7, 2^15, 2^31, 2^32, 2^63, small negatives, mixed patterns);
 * intervals [B + lo, B + hi] for B in {0, 2^31, 2^32, 2^32 + 2^31, 2^63,
 * -2^31, -2^32, 2^63 + 2^32} and (lo, hi) in {(-4, 3), (0, 7), (-8, -1),
 * (1, 12), (-1, 0), (3, 5)} -- so intervals crossing 0, the s32 and u32
 * boundaries and the s64 sign boundary; tnum sets value|m' for m' a subset
 * of a mask m in {0x3, 0x5, 0xf, 0xf0, 0x81, 0x80000001, 0x180000000,
 * 0x300000000, 0x100000003, 0x8000000000000001, 0xc000000000000000} and
 * value in {0, 0x10 & ~m, ~m}; 16 irregular small sets; and 90 sets
 * drawn with a fixed seed (see add_random_sets()).  Each
 * abstract value's concretisation gamma (the values satisfying all five
 * facts) is computed exactly by filtering candidates and must be <= 64.
 *
 * Checks, for every ordered pair (A, B) of abstract values:
 *  - adjust_scalar_min_max_vals(A, B, op, alu32) for op in ADD, SUB, MUL,
 *    AND, OR, XOR, LSH, RSH, ARSH, DIV, MOD and both widths: for every
 *    x in gamma(A), y in gamma(B), the BPF result (ALU32: on the low
 *    halves, zero-extended; shifts masked to the width, x/0 = 0,
 *    x%0 = x) is in gamma(result), and the result passes reg_bounds_sane();
 *  - for the 11 conditional jumps, 64- and 32-bit: is_scalar_branch_taken
 *    returns 1 only if every pair satisfies the condition, 0 only if none
 *    does; regs_refine_cond_op(op) + reg_bounds_sync on both keeps every
 *    pair that satisfies the condition, and with rev_opcode(op) every
 *    pair that does not; refined registers with a surviving pair are sane;
 * and for every abstract value A (and extra ones with components
 * loosened, 32 per set: each of the five facts tight or unbounded):
 *  - reg_bounds_sync keeps gamma (x in gamma(A) => x in gamma(sync(A)))
 *    and leaves a sane register when gamma is not empty;
 *  - coerce_reg_to_size (1, 2, 4), coerce_reg_to_size_sx (1, 2, 4) and
 *    coerce_subreg_to_size_sx (1, 2) followed by zext_32_to_64 +
 *    reg_bounds_sync contain the truncated / sign-extended values;
 *  - __reg_combine_64_into_32, __reg_combine_32_into_64 keep gamma.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "verifier-ext/vx.h"

#define MAX_SET 16
#define MAX_GAMMA 64
#define MAX_AVALS 1024

struct aval {
	struct reg_state r;
	int n;               /* |gamma| */
	u64 g[MAX_GAMMA];    /* gamma, exactly */
};

static struct aval *avals;
static int n_avals;
static u64 failures;

/* ---- concretisation --------------------------------------------------- */

static bool in_gamma(const struct reg_state *r, u64 x)
{
	return x >= r->umin_value && x <= r->umax_value &&
	       (s64)x >= r->smin_value && (s64)x <= r->smax_value &&
	       (u32)x >= r->u32_min_value && (u32)x <= r->u32_max_value &&
	       (s32)(u32)x >= r->s32_min_value && (s32)(u32)x <= r->s32_max_value &&
	       (x & ~r->var_off.mask) == r->var_off.value;
}

#define CAND_LIMIT 4096u

/*
 * gamma(r) into out (at most max values): candidates from the smallest of
 * the u64 interval, the s64 interval and the tnum, filtered by in_gamma.
 * Returns the count, or -1 if there are more than max or no small source.
 */
static int gamma_of(const struct reg_state *r, u64 *out, int max)
{
	u64 uw = r->umax_value - r->umin_value;
	u64 sw = (u64)r->smax_value - (u64)r->smin_value;
	int pop = __builtin_popcountll(r->var_off.mask);
	int n = 0;

	if (r->umin_value > r->umax_value || r->smin_value > r->smax_value)
		return 0;
#define EMIT(x) do { if (in_gamma(r, (x))) { if (n == max) return -1; out[n++] = (x); } } while (0)
	if (uw < CAND_LIMIT && (pop > 12 || uw < (1ULL << pop))) {
		for (u64 i = 0; i <= uw; i++)
			EMIT(r->umin_value + i);
	} else if (sw < CAND_LIMIT && (pop > 12 || sw < (1ULL << pop))) {
		for (u64 i = 0; i <= sw; i++)
			EMIT((u64)r->smin_value + i);
	} else if (pop <= 12) {
		u64 m = r->var_off.mask, s = 0;

		do {
			EMIT(r->var_off.value | s);
			s = (s - m) & m;
		} while (s);
	} else {
		return -1;
	}
#undef EMIT
	return n;
}

/* ---- building abstract values ----------------------------------------- */

static void unbounded(struct reg_state *r)
{
	memset(r, 0, sizeof(*r));
	__mark_reg_unknown_imprecise(r);
}

static struct reg_state tight(const u64 *s, int n)
{
	struct reg_state r;
	u64 and_acc = ~0ULL, or_acc = 0;

	unbounded(&r);
	r.umin_value = U64_MAX; r.umax_value = 0;
	r.smin_value = S64_MAX; r.smax_value = S64_MIN;
	r.u32_min_value = U32_MAX; r.u32_max_value = 0;
	r.s32_min_value = S32_MAX; r.s32_max_value = S32_MIN;
	for (int i = 0; i < n; i++) {
		u64 x = s[i];

		if (x < r.umin_value) r.umin_value = x;
		if (x > r.umax_value) r.umax_value = x;
		if ((s64)x < r.smin_value) r.smin_value = (s64)x;
		if ((s64)x > r.smax_value) r.smax_value = (s64)x;
		if ((u32)x < r.u32_min_value) r.u32_min_value = (u32)x;
		if ((u32)x > r.u32_max_value) r.u32_max_value = (u32)x;
		if ((s32)(u32)x < r.s32_min_value) r.s32_min_value = (s32)(u32)x;
		if ((s32)(u32)x > r.s32_max_value) r.s32_max_value = (s32)(u32)x;
		and_acc &= x;
		or_acc |= x;
	}
	r.var_off = TNUM(and_acc, and_acc ^ or_acc);
	return r;
}

static bool same_reg(const struct reg_state *a, const struct reg_state *b)
{
	return a->umin_value == b->umin_value && a->umax_value == b->umax_value &&
	       a->smin_value == b->smin_value && a->smax_value == b->smax_value &&
	       a->u32_min_value == b->u32_min_value && a->u32_max_value == b->u32_max_value &&
	       a->s32_min_value == b->s32_min_value && a->s32_max_value == b->s32_max_value &&
	       a->var_off.value == b->var_off.value && a->var_off.mask == b->var_off.mask;
}

static void add_aval(const struct reg_state *r)
{
	struct aval *a;

	for (int i = 0; i < n_avals; i++)
		if (same_reg(&avals[i].r, r))
			return;
	assert_true(n_avals < MAX_AVALS);
	a = &avals[n_avals];
	a->r = *r;
	a->n = gamma_of(r, a->g, MAX_GAMMA);
	if (a->n <= 0) /* too big to enumerate (or empty): not used */
		return;
	n_avals++;
}

static void add_set(const u64 *s, int n)
{
	struct reg_state t = tight(s, n), r;

	add_aval(&t);
	r = t;
	r.var_off = tnum_unknown;
	add_aval(&r);
	reg_bounds_sync(&r);
	add_aval(&r);
	r = t;
	__mark_reg_unbounded(&r);
	reg_bounds_sync(&r);
	add_aval(&r);
}

static const u64 constants[] = {
	0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 0x7f, 0x80, 0xff,
	0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
	0x17fffffffULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
	-1ULL, -2ULL, -3ULL, -8ULL, -31ULL, -32ULL, -33ULL, -64ULL,
	0xffffffff80000000ULL, 0xffffffff7fffffffULL, 0x8000000080000000ULL,
	0x123456789abcdef0ULL, 0xffffffff00000000ULL, 0x00000001fffffffeULL,
	0x5555555555555555ULL, 0xaaaaaaaaaaaaaaaaULL,
};

/* splitmix64, fixed seed: the same sets on every run */
static u64 rng_state = 0x0123456789abcdefULL;

static u64 rnd(void)
{
	u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * N_RANDOM_SETS more sets, a third of each kind: an interval of width
 * 1..16 at a base +- 20; a tnum set with 1..4 unknown bits taken from
 * bits 0..5, 30..33, 62, 63 and a random value; 2..4 values near the bases.
 */
#define N_RANDOM_SETS 90

static void add_random_sets(u64 *s, const u64 *bases, size_t n_bases)
{
	static const int bitpos[] = { 0, 1, 2, 3, 4, 5, 30, 31, 32, 33, 62, 63 };

	for (int k = 0; k < N_RANDOM_SETS; k++) {
		u64 base = bases[rnd() % n_bases] + (u64)((s64)(rnd() % 41) - 20);
		int n = 0;

		switch (k % 3) {
		case 0: {
			int w = 1 + (int)(rnd() % 16);

			for (int i = 0; i < w; i++)
				s[n++] = base + (u64)i;
			break;
		}
		case 1: {
			u64 m = 0, v, sub = 0;
			int bits = 1 + (int)(rnd() % 4);

			for (int i = 0; i < bits; i++)
				m |= 1ULL << bitpos[rnd() % 12];
			v = rnd() & ~m;
			do {
				s[n++] = v | sub;
				sub = (sub - m) & m;
			} while (sub);
			break;
		}
		default: {
			int cnt = 2 + (int)(rnd() % 3);

			for (int i = 0; i < cnt; i++)
				s[n++] = bases[rnd() % n_bases] + (u64)((s64)(rnd() % 9) - 4);
			break;
		}
		}
		add_set(s, n);
	}
}

static void build_avals(void)
{
	static const u64 bases[] = { 0, 1ULL << 31, 1ULL << 32, (1ULL << 32) + (1ULL << 31),
				     1ULL << 63, -(1ULL << 31), -(1ULL << 32),
				     (1ULL << 63) + (1ULL << 32) };
	static const s64 offs[][2] = { { -4, 3 }, { 0, 7 }, { -8, -1 }, { 1, 12 }, { -1, 0 }, { 3, 5 } };
	static const u64 masks[] = { 0x3, 0x5, 0xf, 0xf0, 0x81, 0x80000001ULL, 0x180000000ULL,
				     0x300000000ULL, 0x100000003ULL, 0x8000000000000001ULL,
				     0xc000000000000000ULL };
	static const u64 irregular[][MAX_SET + 1] = {
		/* count, then values */
		{ 3, 0, 5, 9 },
		{ 2, -1ULL, 1 },
		{ 2, 1, 0x100000001ULL },
		{ 2, 0x7fffffff, 0x80000000 },
		{ 2, 0xffffffff80000000ULL, 0x7fffffff },
		{ 3, 0, 0x8000000000000000ULL, 0x7fffffffffffffffULL },
		{ 2, 0xffffffff, 0x100000000ULL },
		{ 4, 1, 2, 4, 8 },
		{ 3, -4ULL, 0, 4 },
		{ 2, 0, 0xffffffffULL },
		{ 2, 0xfffffffeULL, 0x100000002ULL },
		{ 3, 0x10, 0x1000000010ULL, 0x2000000010ULL },
		{ 2, 31, 32 },
		{ 2, 63, 64 },
		{ 3, 0x80000000ULL, 0xffffffff80000000ULL, 0 },
		{ 5, -2ULL, -1ULL, 0, 1, 2 },
	};
	u64 s[MAX_SET];

	n_avals = 0;
	avals = calloc(MAX_AVALS, sizeof(*avals));
	assert_non_null(avals);
	for (size_t i = 0; i < sizeof(constants) / sizeof(constants[0]); i++)
		add_set(&constants[i], 1);
	for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
		for (size_t o = 0; o < sizeof(offs) / sizeof(offs[0]); o++) {
			int n = 0;

			for (s64 d = offs[o][0]; d <= offs[o][1]; d++)
				s[n++] = bases[b] + (u64)d;
			add_set(s, n);
		}
	}
	for (size_t m = 0; m < sizeof(masks) / sizeof(masks[0]); m++) {
		u64 values[] = { 0, 0x10 & ~masks[m], ~masks[m] };

		for (size_t v = 0; v < 3; v++) {
			u64 sub = 0;
			int n = 0;

			do {
				s[n++] = values[v] | sub;
				sub = (sub - masks[m]) & masks[m];
			} while (sub);
			add_set(s, n);
		}
	}
	for (size_t i = 0; i < sizeof(irregular) / sizeof(irregular[0]); i++)
		add_set(&irregular[i][1], (int)irregular[i][0]);
	add_random_sets(s, bases, sizeof(bases) / sizeof(bases[0]));
}

/* ---- reporting -------------------------------------------------------- */

static void print_reg(const char *what, const struct reg_state *r)
{
	print_error("    %s: u64=[%#llx, %#llx] s64=[%lld, %lld] u32=[%#x, %#x] s32=[%d, %d] "
		    "var_off=(%#llx; %#llx)\n", what,
		    (unsigned long long)r->umin_value, (unsigned long long)r->umax_value,
		    (long long)r->smin_value, (long long)r->smax_value,
		    r->u32_min_value, r->u32_max_value, r->s32_min_value, r->s32_max_value,
		    (unsigned long long)r->var_off.value, (unsigned long long)r->var_off.mask);
}

static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void report(const char *fmt, ...)
{
	va_list ap;
	char buf[256];

	if (failures++ >= 10)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	print_error("%s\n", buf);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- ALU -------------------------------------------------------------- */

static const struct { u8 op; const char *name; } alu_ops[] = {
	{ BPF_ADD, "add" }, { BPF_SUB, "sub" }, { BPF_MUL, "mul" }, { BPF_AND, "and" },
	{ BPF_OR, "or" }, { BPF_XOR, "xor" }, { BPF_LSH, "lsh" }, { BPF_RSH, "rsh" },
	{ BPF_ARSH, "arsh" }, { BPF_DIV, "div" }, { BPF_MOD, "mod" },
};

/* the BPF instruction's result (unsigned DIV/MOD) */
static u64 alu_concrete(u8 op, u64 x, u64 y, bool alu32)
{
	if (alu32) {
		u32 a = (u32)x, b = (u32)y, r;

		switch (op) {
		case BPF_ADD: r = a + b; break;
		case BPF_SUB: r = a - b; break;
		case BPF_MUL: r = a * b; break;
		case BPF_AND: r = a & b; break;
		case BPF_OR: r = a | b; break;
		case BPF_XOR: r = a ^ b; break;
		case BPF_LSH: r = a << (b & 31); break;
		case BPF_RSH: r = a >> (b & 31); break;
		case BPF_ARSH: r = (u32)((s32)a >> (b & 31)); break;
		case BPF_DIV: r = b ? a / b : 0; break;
		case BPF_MOD: r = b ? a % b : a; break;
		default: abort();
		}
		return r;
	}
	switch (op) {
	case BPF_ADD: return x + y;
	case BPF_SUB: return x - y;
	case BPF_MUL: return x * y;
	case BPF_AND: return x & y;
	case BPF_OR: return x | y;
	case BPF_XOR: return x ^ y;
	case BPF_LSH: return x << (y & 63);
	case BPF_RSH: return x >> (y & 63);
	case BPF_ARSH: return (u64)((s64)x >> (y & 63));
	case BPF_DIV: return y ? x / y : 0;
	case BPF_MOD: return y ? x % y : x;
	default: abort();
	}
}

static void check_alu_pair(const struct aval *a, const struct aval *b, int k, bool alu32)
{
	struct reg_state r = a->r;
	u8 op = alu_ops[k].op;

	assert_int_equal(adjust_scalar_min_max_vals(&r, b->r, op, alu32), 0);
	if (!reg_bounds_sane(&r)) {
		report("%s%s: insane result", alu_ops[k].name, alu32 ? "32" : "64");
		print_reg("dst", &a->r);
		print_reg("src", &b->r);
		print_reg("res", &r);
	}
	for (int i = 0; i < a->n; i++) {
		for (int j = 0; j < b->n; j++) {
			u64 z = alu_concrete(op, a->g[i], b->g[j], alu32);

			if (!in_gamma(&r, z)) {
				report("%s%s: %#llx op %#llx = %#llx not in result", alu_ops[k].name,
				       alu32 ? "32" : "64", (unsigned long long)a->g[i],
				       (unsigned long long)b->g[j], (unsigned long long)z);
				print_reg("dst", &a->r);
				print_reg("src", &b->r);
				print_reg("res", &r);
				return;
			}
		}
	}
}

static void test_alu(void **state)
{
	(void)state;
	double t0 = now();

	failures = 0;
	for (int i = 0; i < n_avals; i++)
		for (int j = 0; j < n_avals; j++)
			for (size_t k = 0; k < sizeof(alu_ops) / sizeof(alu_ops[0]); k++) {
				check_alu_pair(&avals[i], &avals[j], (int)k, false);
				check_alu_pair(&avals[i], &avals[j], (int)k, true);
			}
	printf("  alu: %d abstract values, %d pairs, %.2fs\n", n_avals, n_avals * n_avals,
	       now() - t0);
	assert_int_equal(failures, 0);
}

/* ---- branches ----------------------------------------------------------- */

static const struct { u8 op; const char *name; } jmp_ops[] = {
	{ BPF_JEQ, "jeq" }, { BPF_JNE, "jne" }, { BPF_JSET, "jset" }, { BPF_JGT, "jgt" },
	{ BPF_JGE, "jge" }, { BPF_JLT, "jlt" }, { BPF_JLE, "jle" }, { BPF_JSGT, "jsgt" },
	{ BPF_JSGE, "jsge" }, { BPF_JSLT, "jslt" }, { BPF_JSLE, "jsle" },
};

static bool cond_concrete(u8 op, u64 x, u64 y, bool jmp32)
{
	s64 sx = (s64)x, sy = (s64)y;

	if (jmp32) {
		x = (u32)x;
		y = (u32)y;
		sx = (s32)(u32)x;
		sy = (s32)(u32)y;
	}
	switch (op) {
	case BPF_JEQ: return x == y;
	case BPF_JNE: return x != y;
	case BPF_JSET: return x & y;
	case BPF_JSET | BPF_X: return !(x & y);
	case BPF_JGT: return x > y;
	case BPF_JGE: return x >= y;
	case BPF_JLT: return x < y;
	case BPF_JLE: return x <= y;
	case BPF_JSGT: return sx > sy;
	case BPF_JSGE: return sx >= sy;
	case BPF_JSLT: return sx < sy;
	case BPF_JSLE: return sx <= sy;
	default: abort();
	}
}

/* one edge: refine with edge_op, every pair where op is `truth` survives */
static void check_edge(const struct aval *a, const struct aval *b, int k, bool jmp32,
		       bool truth, const bool *sat)
{
	struct reg_state r1 = a->r, r2 = b->r;
	u8 op = jmp_ops[k].op, edge_op = truth ? op : rev_opcode(op);
	bool any = false;

	regs_refine_cond_op(&r1, &r2, edge_op, jmp32);
	reg_bounds_sync(&r1);
	reg_bounds_sync(&r2);
	for (int i = 0; i < a->n; i++) {
		for (int j = 0; j < b->n; j++) {
			if (sat[i * MAX_GAMMA + j] != truth)
				continue;
			any = true;
			if (!in_gamma(&r1, a->g[i]) || !in_gamma(&r2, b->g[j])) {
				report("%s%s %s edge: pair (%#llx, %#llx) dropped", jmp_ops[k].name,
				       jmp32 ? "32" : "", truth ? "true" : "false",
				       (unsigned long long)a->g[i], (unsigned long long)b->g[j]);
				print_reg("r1 before", &a->r);
				print_reg("r2 before", &b->r);
				print_reg("r1 after", &r1);
				print_reg("r2 after", &r2);
				return;
			}
		}
	}
	if (any && (!reg_bounds_sane(&r1) || !reg_bounds_sane(&r2))) {
		report("%s%s %s edge: insane refinement of a live edge", jmp_ops[k].name,
		       jmp32 ? "32" : "", truth ? "true" : "false");
		print_reg("r1 before", &a->r);
		print_reg("r2 before", &b->r);
		print_reg("r1 after", &r1);
		print_reg("r2 after", &r2);
	}
}

static void check_jmp_pair(const struct aval *a, const struct aval *b, int k, bool jmp32)
{
	static bool sat[MAX_GAMMA * MAX_GAMMA];
	struct reg_state r1 = a->r, r2 = b->r;
	int n_true = 0, taken;

	for (int i = 0; i < a->n; i++)
		for (int j = 0; j < b->n; j++)
			n_true += sat[i * MAX_GAMMA + j] =
				cond_concrete(jmp_ops[k].op, a->g[i], b->g[j], jmp32);
	taken = is_scalar_branch_taken(&r1, &r2, jmp_ops[k].op, jmp32);
	if (!same_reg(&r1, &a->r) || !same_reg(&r2, &b->r))
		report("%s: is_scalar_branch_taken changed a register", jmp_ops[k].name);
	if ((taken == 1 && n_true != a->n * b->n) || (taken == 0 && n_true != 0)) {
		report("%s%s: is_scalar_branch_taken says %d, %d of %d pairs true",
		       jmp_ops[k].name, jmp32 ? "32" : "", taken, n_true, a->n * b->n);
		print_reg("r1", &a->r);
		print_reg("r2", &b->r);
	}
	check_edge(a, b, k, jmp32, true, sat);
	check_edge(a, b, k, jmp32, false, sat);
}

static void test_branch(void **state)
{
	(void)state;
	double t0 = now();

	failures = 0;
	for (int i = 0; i < n_avals; i++)
		for (int j = 0; j < n_avals; j++)
			for (size_t k = 0; k < sizeof(jmp_ops) / sizeof(jmp_ops[0]); k++) {
				check_jmp_pair(&avals[i], &avals[j], (int)k, false);
				check_jmp_pair(&avals[i], &avals[j], (int)k, true);
			}
	printf("  branch: %d pairs, %.2fs\n", n_avals * n_avals, now() - t0);
	assert_int_equal(failures, 0);
}

/* ---- single-register operations ----------------------------------------- */

/* x in gamma(before) => f(x) in gamma(after) for every x of a */
static void check_unary(const char *what, const struct aval *a, const struct reg_state *after,
			u64 (*f)(u64, int), int size, bool need_sane)
{
	for (int i = 0; i < a->n; i++) {
		u64 z = f(a->g[i], size);

		if (!in_gamma(after, z)) {
			report("%s(size %d): %#llx -> %#llx not in result", what, size,
			       (unsigned long long)a->g[i], (unsigned long long)z);
			print_reg("before", &a->r);
			print_reg("after", after);
			return;
		}
	}
	if (need_sane && !reg_bounds_sane(after)) {
		report("%s(size %d): insane result", what, size);
		print_reg("before", &a->r);
		print_reg("after", after);
	}
}

static u64 f_id(u64 x, int size) { (void)size; return x; }
static u64 f_trunc(u64 x, int size) { return x & ((1ULL << (size * 8)) - 1); }

static u64 f_sext(u64 x, int size)
{
	return size == 1 ? (u64)(s64)(s8)(u8)x : size == 2 ? (u64)(s64)(s16)(u16)x
							   : (u64)(s64)(s32)(u32)x;
}

static u64 f_sext32(u64 x, int size) { return (u32)f_sext(x, size); }

static void check_sync(const struct aval *a, const struct reg_state *in)
{
	struct reg_state r = *in;

	reg_bounds_sync(&r);
	check_unary("reg_bounds_sync", a, &r, f_id, 0, a->n > 0);
}

static void test_single(void **state)
{
	(void)state;
	static struct aval tmp;
	int n_sync = 0;

	failures = 0;
	for (int i = 0; i < n_avals; i++) {
		const struct aval *a = &avals[i];
		struct reg_state r;

		check_sync(a, &a->r);
		/* components loosened: each of the five facts tight or dropped */
		for (int mask = 1; mask < 32; mask++) {
			r = a->r;
			if (mask & 1) r.var_off = tnum_unknown;
			if (mask & 2) { r.umin_value = 0; r.umax_value = U64_MAX; }
			if (mask & 4) { r.smin_value = S64_MIN; r.smax_value = S64_MAX; }
			if (mask & 8) { r.u32_min_value = 0; r.u32_max_value = U32_MAX; }
			if (mask & 16) { r.s32_min_value = S32_MIN; r.s32_max_value = S32_MAX; }
			tmp.r = r;
			tmp.n = gamma_of(&r, tmp.g, MAX_GAMMA);
			if (tmp.n < 0)
				continue;
			n_sync++;
			check_sync(&tmp, &r);
		}
		for (int size = 1; size <= 4; size *= 2) {
			r = a->r;
			coerce_reg_to_size(&r, size);
			check_unary("coerce_reg_to_size", a, &r, f_trunc, size, true);
			r = a->r;
			coerce_reg_to_size_sx(&r, size);
			check_unary("coerce_reg_to_size_sx", a, &r, f_sext, size, true);
			if (size == 4)
				continue;
			r = a->r;
			coerce_subreg_to_size_sx(&r, size);
			zext_32_to_64(&r);
			reg_bounds_sync(&r);
			check_unary("coerce_subreg_to_size_sx", a, &r, f_sext32, size, true);
		}
		r = a->r;
		__reg_combine_64_into_32(&r);
		check_unary("__reg_combine_64_into_32", a, &r, f_id, 0, true);
		r = a->r;
		__reg_combine_32_into_64(&r);
		check_unary("__reg_combine_32_into_64", a, &r, f_id, 0, true);
	}
	printf("  single: %d abstract values, %d loosened ones synced\n", n_avals, n_sync);
	assert_int_equal(failures, 0);
}

/* ---- the harness itself can fail ---------------------------------------- */

static void test_harness(void **state)
{
	(void)state;
	struct reg_state r;
	u64 g[MAX_GAMMA];
	u64 s[] = { 1, 2, 3 };

	/* gamma of a tight set is the set, here */
	r = tight(s, 3);
	assert_int_equal(gamma_of(&r, g, MAX_GAMMA), 3);
	/* a wrong transfer function is caught: pretend ADD gave [x+y] without carry */
	r.umax_value = 4;
	assert_false(in_gamma(&r, 3 + 3));
	/* hand-worked kernel results */
	struct reg_state a = tight((u64[]){ 0, 1, 2, 3 }, 4), b = a;
	adjust_scalar_min_max_vals(&a, b, BPF_ADD, false);
	assert_int_equal(a.umin_value, 0);
	assert_int_equal(a.umax_value, 6);
	assert_int_equal(a.var_off.mask, 7);
	/* DIV: unknown, as in 6.12 (even for constants) */
	a = tight((u64[]){ 6 }, 1);
	b = tight((u64[]){ 3 }, 1);
	adjust_scalar_min_max_vals(&a, b, BPF_DIV, false);
	assert_true(tnum_is_unknown(a.var_off));
	/* shift by 64 is not computed: unknown */
	a = tight((u64[]){ 6 }, 1);
	b = tight((u64[]){ 64 }, 1);
	adjust_scalar_min_max_vals(&a, b, BPF_LSH, false);
	assert_true(tnum_is_unknown(a.var_off));
	/*
	 * alu32 shift by a source whose upper half is non-zero: 6.12 tests the
	 * 64-bit umax against 32, so the result is unknown -- all 64 bits, as
	 * the early return skips the zero-extension.
	 */
	a = tight((u64[]){ 6 }, 1);
	b = tight((u64[]){ 0x100000001ULL }, 1);
	adjust_scalar_min_max_vals(&a, b, BPF_LSH, true);
	assert_int_equal(a.umax_value, U64_MAX);
	/* opcodes */
	assert_int_equal(flip_opcode(BPF_JGT), BPF_JLT);
	assert_int_equal(flip_opcode(BPF_JSLE), BPF_JSGE);
	assert_int_equal(flip_opcode(BPF_JEQ), BPF_JEQ);
	assert_int_equal(rev_opcode(BPF_JGT), BPF_JLE);
	assert_int_equal(rev_opcode(BPF_JSET), BPF_JSET | BPF_X);
	assert_int_equal(rev_opcode(BPF_JSET | BPF_X), BPF_JSET);
	assert_int_equal(rev_opcode(BPF_JA), 0);
	/* is_scalar_branch_taken on [0, 3] < 4 */
	a = tight((u64[]){ 0, 1, 2, 3 }, 4);
	b = tight((u64[]){ 4 }, 1);
	assert_int_equal(is_scalar_branch_taken(&a, &b, BPF_JLT, false), 1);
	assert_int_equal(is_scalar_branch_taken(&a, &b, BPF_JGE, false), 0);
	assert_int_equal(is_scalar_branch_taken(&a, &b, BPF_JNE, true), 1);
	/* __mark_reg_known clears pointer fields and ids, keeps type */
	memset(&a, 0, sizeof(a));
	a.type = PTR_TO_MAP_VALUE;
	a.off = 8; a.map_idx = 3; a.id = 5; a.ref_obj_id = 2; a.live = REG_LIVE_READ;
	__mark_reg_known(&a, 7);
	assert_int_equal(a.type, PTR_TO_MAP_VALUE);
	assert_int_equal(a.off, 0);
	assert_int_equal(a.map_idx, 0);
	assert_int_equal(a.id, 0);
	assert_int_equal(a.ref_obj_id, 0);
	assert_int_equal(a.live, REG_LIVE_READ);
	assert_true(tnum_equals_const(a.var_off, 7));
	assert_true(register_is_const(&(struct reg_state){ .type = SCALAR_VALUE,
							  .var_off = TNUM(3, 0) }));
	__mark_reg_unknown_imprecise(&a);
	assert_int_equal(a.type, SCALAR_VALUE);
	assert_int_equal(a.live, REG_LIVE_READ);
	assert_true(tnum_is_unknown(a.var_off));
	assert_false(register_is_const(&a));
	b = a;
	b.umax_value = 10;
	assert_true(range_within(&a, &b));
	assert_false(range_within(&b, &a));
}

static int setup(void **state)
{
	(void)state;
	build_avals();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(avals);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_harness),
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_alu),
		cmocka_unit_test(test_branch),
	};

	return cmocka_run_group_tests_name("bounds_enum", tests, setup, teardown);
}
