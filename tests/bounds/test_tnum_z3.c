/* SPDX-License-Identifier: MIT */
/*
 * Z3 proofs of the 64-bit tnum operators in verifier-ext/tnum.c.
 *
 * For each operator OP# below, the operator's formula is written again as
 * Z3 bit-vector terms (from kernel/bpf/tnum.c's definition, not from our C
 * file), and two things are checked:
 *
 *  1. The encoding is the C code: on 3000 random well-formed tnum pairs
 *     (masks of every density, values disjoint from masks) and shift
 *     amounts, the C function and the encoding evaluated on numerals
 *     (Z3_simplify) give the same (value, mask).
 *  2. Soundness for ALL 64-bit inputs: with a = (av, am), b = (bv, bm)
 *     well-formed (v & m == 0), x in a, y in b (x & ~m == v), the query
 *     "OP(x, y) is not in OP#(a, b)" is unsat.  Also "OP#(a, b) is not
 *     well-formed" is unsat.  Each query has a 120 s Z3 timeout; unknown
 *     counts as failure.
 *
 * Operators: tnum_add, tnum_sub, tnum_and, tnum_or, tnum_xor,
 * tnum_intersect (x in a and x in b => x in a#b), tnum_cast (sizes 1, 2,
 * 4), tnum_lshift and tnum_rshift (symbolic shift s < 64), tnum_arshift
 * 64-bit (symbolic s < 64) and 32-bit (symbolic s < 32, concrete result
 * = zero-extended 32-bit arithmetic shift of the low half).
 *
 * tnum_mul, tnum_range and the range operations are checked exhaustively
 * at small widths in test_bounds_enum.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <z3.h>

#include "verifier-ext/vx.h"

#define Z3_TIMEOUT_MS 120000u
#define N_RANDOM 3000

static Z3_context ctx;
static Z3_sort bv64;

struct zt {
	Z3_ast v, m;
};

/* ---- small Z3 helpers ------------------------------------------------- */

static Z3_ast num(u64 x) { return Z3_mk_unsigned_int64(ctx, x, bv64); }
static Z3_ast var(const char *name) { return Z3_mk_const(ctx, Z3_mk_string_symbol(ctx, name), bv64); }
static Z3_ast add(Z3_ast a, Z3_ast b) { return Z3_mk_bvadd(ctx, a, b); }
static Z3_ast sub(Z3_ast a, Z3_ast b) { return Z3_mk_bvsub(ctx, a, b); }
static Z3_ast band(Z3_ast a, Z3_ast b) { return Z3_mk_bvand(ctx, a, b); }
static Z3_ast bor(Z3_ast a, Z3_ast b) { return Z3_mk_bvor(ctx, a, b); }
static Z3_ast bxor(Z3_ast a, Z3_ast b) { return Z3_mk_bvxor(ctx, a, b); }
static Z3_ast bnot(Z3_ast a) { return Z3_mk_bvnot(ctx, a); }
static Z3_ast eq(Z3_ast a, Z3_ast b) { return Z3_mk_eq(ctx, a, b); }

static Z3_ast all(int n, ...)
{
	Z3_ast args[8];
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		args[i] = va_arg(ap, Z3_ast);
	va_end(ap);
	return Z3_mk_and(ctx, (unsigned)n, args);
}

/* v & m == 0 */
static Z3_ast wf(struct zt a) { return eq(band(a.v, a.m), num(0)); }
/* x & ~m == v */
static Z3_ast mem(Z3_ast x, struct zt a) { return eq(band(x, bnot(a.m)), a.v); }

/* ---- the operators, as Z3 terms (kernel/bpf/tnum.c definitions) -------- */

static struct zt z_add(struct zt a, struct zt b)
{
	Z3_ast sm = add(a.m, b.m), sv = add(a.v, b.v);
	Z3_ast chi = bxor(add(sm, sv), sv);
	Z3_ast mu = bor(bor(chi, a.m), b.m);

	return (struct zt){ band(sv, bnot(mu)), mu };
}

static struct zt z_sub(struct zt a, struct zt b)
{
	Z3_ast dv = sub(a.v, b.v);
	Z3_ast chi = bxor(add(dv, a.m), sub(dv, b.m));
	Z3_ast mu = bor(bor(chi, a.m), b.m);

	return (struct zt){ band(dv, bnot(mu)), mu };
}

static struct zt z_and(struct zt a, struct zt b)
{
	Z3_ast v = band(a.v, b.v);

	return (struct zt){ v, band(band(bor(a.v, a.m), bor(b.v, b.m)), bnot(v)) };
}

static struct zt z_or(struct zt a, struct zt b)
{
	Z3_ast v = bor(a.v, b.v);

	return (struct zt){ v, band(bor(a.m, b.m), bnot(v)) };
}

static struct zt z_xor(struct zt a, struct zt b)
{
	Z3_ast mu = bor(a.m, b.m);

	return (struct zt){ band(bxor(a.v, b.v), bnot(mu)), mu };
}

static struct zt z_intersect(struct zt a, struct zt b)
{
	Z3_ast mu = band(a.m, b.m);

	return (struct zt){ band(bor(a.v, b.v), bnot(mu)), mu };
}

static struct zt z_lshift(struct zt a, Z3_ast s)
{
	return (struct zt){ Z3_mk_bvshl(ctx, a.v, s), Z3_mk_bvshl(ctx, a.m, s) };
}

static struct zt z_rshift(struct zt a, Z3_ast s)
{
	return (struct zt){ Z3_mk_bvlshr(ctx, a.v, s), Z3_mk_bvlshr(ctx, a.m, s) };
}

static struct zt z_arshift64(struct zt a, Z3_ast s)
{
	return (struct zt){ Z3_mk_bvashr(ctx, a.v, s), Z3_mk_bvashr(ctx, a.m, s) };
}

static Z3_ast lo32(Z3_ast x) { return Z3_mk_extract(ctx, 31, 0, x); }
static Z3_ast zext32(Z3_ast x) { return Z3_mk_zero_ext(ctx, 32, x); }

/* 32-bit form: arithmetic shift of the low halves, zero-extended */
static struct zt z_arshift32(struct zt a, Z3_ast s)
{
	return (struct zt){ zext32(Z3_mk_bvashr(ctx, lo32(a.v), lo32(s))),
			    zext32(Z3_mk_bvashr(ctx, lo32(a.m), lo32(s))) };
}

static u64 cast_mask(int size) { return (1ULL << (size * 8)) - 1; }

static struct zt z_cast(struct zt a, int size)
{
	return (struct zt){ band(a.v, num(cast_mask(size))), band(a.m, num(cast_mask(size))) };
}

/* ---- the operator table --------------------------------------------- */

enum kind { BIN, SHIFT64, SHIFT32, CAST };

struct op {
	const char *name;
	enum kind kind;
	struct zt (*z2)(struct zt, struct zt);          /* BIN */
	struct zt (*zs)(struct zt, Z3_ast);             /* SHIFT */
	struct tnum (*c2)(struct tnum, struct tnum);    /* BIN */
	struct tnum (*cs)(struct tnum, u8);             /* SHIFT */
	Z3_ast (*concrete)(Z3_ast, Z3_ast);             /* BIN and SHIFT */
	int size;                                       /* CAST */
};

static struct tnum c_arshift64(struct tnum a, u8 s) { return tnum_arshift(a, s, 64); }
static struct tnum c_arshift32(struct tnum a, u8 s) { return tnum_arshift(a, s, 32); }
static Z3_ast k_shl(Z3_ast x, Z3_ast s) { return Z3_mk_bvshl(ctx, x, s); }
static Z3_ast k_lshr(Z3_ast x, Z3_ast s) { return Z3_mk_bvlshr(ctx, x, s); }
static Z3_ast k_ashr(Z3_ast x, Z3_ast s) { return Z3_mk_bvashr(ctx, x, s); }
static Z3_ast k_ashr32(Z3_ast x, Z3_ast s) { return zext32(Z3_mk_bvashr(ctx, lo32(x), lo32(s))); }

static const struct op ops[] = {
	{ "tnum_add", BIN, z_add, NULL, tnum_add, NULL, add, 0 },
	{ "tnum_sub", BIN, z_sub, NULL, tnum_sub, NULL, sub, 0 },
	{ "tnum_and", BIN, z_and, NULL, tnum_and, NULL, band, 0 },
	{ "tnum_or", BIN, z_or, NULL, tnum_or, NULL, bor, 0 },
	{ "tnum_xor", BIN, z_xor, NULL, tnum_xor, NULL, bxor, 0 },
	{ "tnum_intersect", BIN, z_intersect, NULL, tnum_intersect, NULL, NULL, 0 },
	{ "tnum_lshift", SHIFT64, NULL, z_lshift, NULL, tnum_lshift, k_shl, 0 },
	{ "tnum_rshift", SHIFT64, NULL, z_rshift, NULL, tnum_rshift, k_lshr, 0 },
	{ "tnum_arshift/64", SHIFT64, NULL, z_arshift64, NULL, c_arshift64, k_ashr, 0 },
	{ "tnum_arshift/32", SHIFT32, NULL, z_arshift32, NULL, c_arshift32, k_ashr32, 0 },
	{ "tnum_cast/1", CAST, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "tnum_cast/2", CAST, NULL, NULL, NULL, NULL, NULL, 2 },
	{ "tnum_cast/4", CAST, NULL, NULL, NULL, NULL, NULL, 4 },
};

/* ---- random well-formed tnums ----------------------------------------- */

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rnd(void)
{
	/* splitmix64 */
	u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static struct tnum rnd_tnum(void)
{
	u64 m;

	switch (rnd() % 5) {
	case 0: m = 0; break;                          /* constant */
	case 1: m = rnd() & rnd() & rnd(); break;      /* few unknown bits */
	case 2: m = rnd(); break;
	case 3: m = rnd() | rnd() | rnd(); break;      /* many */
	default: m = (rnd() % 2) ? ~0ULL << (rnd() % 64) : ~0ULL >> (rnd() % 64); break;
	}
	return TNUM(rnd() & ~m, m);
}

static u64 eval(Z3_ast e)
{
	Z3_ast s = Z3_simplify(ctx, e);
	uint64_t out = 0;

	if (!Z3_get_numeral_uint64(ctx, s, &out))
		fail_msg("expression did not simplify to a numeral: %s", Z3_ast_to_string(ctx, s));
	return out;
}

static struct zt zconst(struct tnum t) { return (struct zt){ num(t.value), num(t.mask) }; }

/* 1: the Z3 encoding computes what the C function computes */
static void cross_check(const struct op *op)
{
	for (int i = 0; i < N_RANDOM; i++) {
		struct tnum a = rnd_tnum(), b = rnd_tnum(), c;
		struct zt z;
		unsigned s = (unsigned)(rnd() % (op->kind == SHIFT32 ? 32 : 64));

		switch (op->kind) {
		case BIN:
			c = op->c2(a, b);
			z = op->z2(zconst(a), zconst(b));
			break;
		case SHIFT64:
		case SHIFT32:
			c = op->cs(a, (u8)s);
			z = op->zs(zconst(a), num(s));
			break;
		default:
			c = tnum_cast(a, (u8)op->size);
			z = z_cast(zconst(a), op->size);
			break;
		}
		if (eval(z.v) != c.value || eval(z.m) != c.mask)
			fail_msg("%s: C and Z3 disagree on a=(%#llx;%#llx) b=(%#llx;%#llx) s=%u: "
				 "C (%#llx;%#llx) Z3 (%#llx;%#llx)", op->name,
				 (unsigned long long)a.value, (unsigned long long)a.mask,
				 (unsigned long long)b.value, (unsigned long long)b.mask, s,
				 (unsigned long long)c.value, (unsigned long long)c.mask,
				 (unsigned long long)eval(z.v), (unsigned long long)eval(z.m));
	}
}

/* unsat of `claim_negation` under `pre`, or fail */
static void prove(const char *what, const char *name, Z3_ast pre, Z3_ast negation)
{
	struct timespec t0, t1;
	Z3_solver s;
	Z3_params p;
	Z3_lbool r;

	/* a new object with no reference is freed by the next API call */
	s = Z3_mk_solver(ctx);
	Z3_solver_inc_ref(ctx, s);
	p = Z3_mk_params(ctx);
	Z3_params_inc_ref(ctx, p);
	Z3_params_set_uint(ctx, p, Z3_mk_string_symbol(ctx, "timeout"), Z3_TIMEOUT_MS);
	Z3_solver_set_params(ctx, s, p);
	Z3_solver_assert(ctx, s, pre);
	Z3_solver_assert(ctx, s, negation);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = Z3_solver_check(ctx, s);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("  %-16s %-12s %s  %.2fs\n", name, what,
	       r == Z3_L_FALSE ? "proved" : r == Z3_L_TRUE ? "COUNTEREXAMPLE" : "TIMEOUT",
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (r == Z3_L_TRUE)
		fail_msg("%s %s: counterexample %s", name, what,
			 Z3_model_to_string(ctx, Z3_solver_get_model(ctx, s)));
	Z3_params_dec_ref(ctx, p);
	Z3_solver_dec_ref(ctx, s);
	if (r != Z3_L_FALSE)
		fail_msg("%s %s: Z3 gave up (timeout %u ms)", name, what, Z3_TIMEOUT_MS);
}

/* 2: soundness and well-formedness for all 64-bit inputs */
static void prove_op(const struct op *op)
{
	struct zt a = { var("av"), var("am") }, b = { var("bv"), var("bm") };
	Z3_ast x = var("x"), y = var("y"), s = var("s");
	Z3_ast pre, concrete;
	struct zt r;

	switch (op->kind) {
	case BIN:
		r = op->z2(a, b);
		if (op->concrete) {
			pre = all(4, wf(a), wf(b), mem(x, a), mem(y, b));
			concrete = op->concrete(x, y);
		} else { /* intersect: one x in both */
			pre = all(4, wf(a), wf(b), mem(x, a), mem(x, b));
			concrete = x;
		}
		break;
	case SHIFT64:
	case SHIFT32:
		r = op->zs(a, s);
		pre = all(3, wf(a), mem(x, a),
			  Z3_mk_bvult(ctx, s, num(op->kind == SHIFT32 ? 32 : 64)));
		concrete = op->concrete(x, s);
		break;
	default:
		r = z_cast(a, op->size);
		pre = all(2, wf(a), mem(x, a));
		concrete = band(x, num(cast_mask(op->size)));
		break;
	}
	prove("soundness", op->name, pre, Z3_mk_not(ctx, mem(concrete, r)));
	prove("well-formed", op->name, pre, Z3_mk_not(ctx, wf(r)));
}

static void test_op(void **state)
{
	const struct op *op = *state;

	cross_check(op);
	prove_op(op);
}

static void z3_error(Z3_context c, Z3_error_code e)
{
	fail_msg("Z3 error %d: %s", (int)e, Z3_get_error_msg(c, e));
}

static int setup(void **state)
{
	(void)state;
	Z3_config cfg = Z3_mk_config();

	ctx = Z3_mk_context(cfg);
	Z3_del_config(cfg);
	Z3_set_error_handler(ctx, z3_error);
	bv64 = Z3_mk_bv_sort(ctx, 64);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	Z3_del_context(ctx);
	return 0;
}

/* Sanity of the harness: a wrong operator must be caught (tests can fail). */
static struct zt z_add_wrong(struct zt a, struct zt b)
{
	/* forgets the carry bits: unsound */
	Z3_ast mu = bor(a.m, b.m);

	return (struct zt){ band(add(a.v, b.v), bnot(mu)), mu };
}

static void test_harness_catches_unsound(void **state)
{
	(void)state;
	struct zt a = { var("av"), var("am") }, b = { var("bv"), var("bm") };
	Z3_ast x = var("x"), y = var("y");
	Z3_solver s = Z3_mk_solver(ctx);

	Z3_solver_inc_ref(ctx, s);
	Z3_solver_assert(ctx, s, all(4, wf(a), wf(b), mem(x, a), mem(y, b)));
	Z3_solver_assert(ctx, s, Z3_mk_not(ctx, mem(add(x, y), z_add_wrong(a, b))));
	assert_int_equal(Z3_solver_check(ctx, s), Z3_L_TRUE);
	Z3_solver_dec_ref(ctx, s);
}

int main(void)
{
	struct CMUnitTest tests[sizeof(ops) / sizeof(ops[0]) + 1];
	size_t n = 0;

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		tests[n++] = (struct CMUnitTest){ .name = ops[i].name, .test_func = test_op,
						  .initial_state = (void *)&ops[i] };
	tests[n++] = (struct CMUnitTest){ .name = "harness_catches_unsound",
					  .test_func = test_harness_catches_unsound };
	return _cmocka_run_group_tests("tnum_z3", tests, n, setup, teardown);
}
