/* SPDX-License-Identifier: MIT */
/*
 * Exhaustive small-width soundness checks of the tnum operators that are
 * not proved with Z3 at 64 bits (test_tnum_z3.c does those).
 *
 * "All 8-bit tnums" below means all 3^8 = 6561 well-formed (value, mask)
 * pairs with value, mask < 256, value & mask == 0.
 *
 *  tnum_mul:       for every pair (a, b) of 8-bit tnums, embedded in the
 *                  64-bit word in two ways -- as is (non-negative) and
 *                  sign-extended from bit 7 (bit 7's known/unknown state
 *                  copied to bits 8..63, so members are the 64-bit
 *                  sign extensions, products wrap mod 2^64) -- and every
 *                  x in a, y in b: x * y (mod 2^64) is in tnum_mul(a, b).
 *                  (2 x 43M pairs, 2 x 4.3e9 products.)
 *  tnum_intersect: for every pair of 8-bit tnums and every x in a that
 *                  is also in b: x is in tnum_intersect(a, b).
 *  tnum_range:     for every 0 <= lo <= hi < 256, shifted by each base in
 *                  {0, 2^31 - 128, 2^32 - 128, 2^63 - 128, 2^64 - 256,
 *                  0x123456789a00}, and every x in [base + lo, base + hi]:
 *                  x is in tnum_range(base + lo, base + hi).
 *  tnum_cast:      for every 8-bit tnum shifted left by 0, 4, 12, 28 or
 *                  56 bits, sizes 1, 2, 4, every member x: x truncated
 *                  to size bytes is in tnum_cast(a, size).
 * Every result is also checked well-formed (value & mask == 0).
 * A result r contains a set of products iff every bit known in r is
 * the same in all of them (tracked with an AND and an OR accumulator).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "verifier-ext/vx.h"

static struct tnum all8[6561];
static int n8;

static void gen_all8(void)
{
	n8 = 0;
	for (u64 m = 0; m < 256; m++) {
		u64 free_bits = ~m & 0xff, v = 0;

		/* every subset of free_bits, as the value */
		do {
			all8[n8++] = TNUM(v, m);
			v = (v - free_bits) & free_bits;
		} while (v);
	}
	assert_int_equal(n8, 6561);
}

/* iterate x over the members of t: x = t.value | s for s a subset of t.mask */
#define FOR_MEMBERS(x, t) \
	for (u64 _s = 0, _done = 0, x; !_done && ((x = (t).value | _s), 1); \
	     _s = (_s - (t).mask) & (t).mask, _done = !_s)

static bool in(struct tnum t, u64 x) { return (x & ~t.mask) == t.value; }
static bool wf(struct tnum t) { return !(t.value & t.mask); }

/* bit 7's status copied to bits 8..63 */
static struct tnum sext8(struct tnum t)
{
	u64 hi = ~0xffULL;

	if (t.mask & 0x80)
		t.mask |= hi;
	else if (t.value & 0x80)
		t.value |= hi;
	return t;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static u64 sext8_val(u64 x) { return (u64)(s64)(s8)(u8)x; }

static void check_mul(bool sign_extend)
{
	static struct tnum t[6561];
	static u64 members[65536];
	static int first[6561 + 1];
	u64 bad = 0;
	int n = 0;

	/* members of the embedded tnums: the embeddings of the 8-bit members */
	for (int i = 0; i < n8; i++) {
		t[i] = sign_extend ? sext8(all8[i]) : all8[i];
		first[i] = n;
		FOR_MEMBERS(x, all8[i])
			members[n++] = sign_extend ? sext8_val(x) : x;
	}
	first[n8] = n;
	assert_int_equal(n, 65536);
	for (int i = 0; i < n8; i++) {
		for (int j = 0; j < n8; j++) {
			struct tnum a = t[i], b = t[j], r = tnum_mul(a, b);
			u64 and_acc = ~0ULL, or_acc = 0;

			for (int xi = first[i]; xi < first[i + 1]; xi++) {
				u64 x = members[xi];

				for (int yi = first[j]; yi < first[j + 1]; yi++) {
					u64 p = x * members[yi];

					and_acc &= p;
					or_acc |= p;
				}
			}
			/* bits that vary must be unknown; constant bits must match */
			if (((and_acc ^ or_acc) | (and_acc ^ r.value)) & ~r.mask || !wf(r)) {
				if (bad++ < 5)
					print_error("tnum_mul((%#llx;%#llx), (%#llx;%#llx)) = (%#llx;%#llx) "
						    "misses a product\n",
						    (unsigned long long)a.value, (unsigned long long)a.mask,
						    (unsigned long long)b.value, (unsigned long long)b.mask,
						    (unsigned long long)r.value, (unsigned long long)r.mask);
			}
		}
	}
	assert_int_equal(bad, 0);
}

static void test_mul(void **state)
{
	(void)state;
	double t0 = now();

	check_mul(false);
	check_mul(true);
	printf("  tnum_mul: 2 x %d^2 pairs in %.2fs\n", n8, now() - t0);
}

static void test_intersect(void **state)
{
	(void)state;
	u64 bad = 0, checked = 0;

	for (int i = 0; i < n8; i++) {
		for (int j = 0; j < n8; j++) {
			struct tnum a = all8[i], b = all8[j], r = tnum_intersect(a, b);

			if (!wf(r))
				bad++;
			FOR_MEMBERS(x, a) {
				if (in(b, x)) {
					checked++;
					if (!in(r, x))
						bad++;
				}
			}
		}
	}
	printf("  tnum_intersect: %llu common members checked\n", (unsigned long long)checked);
	assert_int_equal(bad, 0);
}

static void test_range(void **state)
{
	(void)state;
	static const u64 bases[] = { 0, (1ULL << 31) - 128, (1ULL << 32) - 128,
				     (1ULL << 63) - 128, 0ULL - 256, 0x123456789a00ULL };
	u64 bad = 0;

	for (size_t k = 0; k < sizeof(bases) / sizeof(bases[0]); k++) {
		for (u64 lo = 0; lo < 256; lo++) {
			for (u64 hi = lo; hi < 256; hi++) {
				struct tnum r = tnum_range(bases[k] + lo, bases[k] + hi);

				if (!wf(r))
					bad++;
				for (u64 x = lo; x <= hi; x++)
					if (!in(r, bases[k] + x))
						bad++;
			}
		}
	}
	/* and the whole-word corner cases */
	assert_true(tnum_is_unknown(tnum_range(0, U64_MAX)));
	assert_true(tnum_equals_const(tnum_range(42, 42), 42));
	assert_true(in(tnum_range(1ULL << 63, U64_MAX), U64_MAX));
	assert_int_equal(bad, 0);
}

static void test_cast(void **state)
{
	(void)state;
	static const int shifts[] = { 0, 4, 12, 28, 56 };
	u64 bad = 0;

	for (size_t k = 0; k < sizeof(shifts) / sizeof(shifts[0]); k++) {
		for (int i = 0; i < n8; i++) {
			struct tnum a = tnum_lshift(all8[i], (u8)shifts[k]);

			for (int size = 1; size <= 4; size *= 2) {
				u64 keep = (1ULL << (size * 8)) - 1;
				struct tnum r = tnum_cast(a, (u8)size);

				if (!wf(r))
					bad++;
				FOR_MEMBERS(x, a) {
					if (!in(r, x & keep))
						bad++;
				}
			}
		}
	}
	assert_int_equal(bad, 0);
}

/* The small helpers, against hand-worked values. */
static void test_misc(void **state)
{
	(void)state;
	char buf[80];

	assert_true(tnum_in(TNUM(0, 0xf), TNUM(4, 3)));
	assert_false(tnum_in(TNUM(4, 3), TNUM(0, 0xf)));
	assert_false(tnum_in(TNUM(0, 0xf), TNUM(0x10, 0)));
	assert_true(tnum_is_aligned(TNUM(8, 0xf0), 8));
	assert_false(tnum_is_aligned(TNUM(8, 0xf4), 8));
	assert_true(tnum_is_aligned(TNUM(3, 0), 0));
	assert_true(tnum_equals_const(tnum_subreg(TNUM(0x1234567800000001ULL, 0)), 1));
	assert_true(tnum_equals_const(tnum_clear_subreg(TNUM(0x1234567800000001ULL, 0)),
				      0x1234567800000000ULL));
	assert_true(tnum_equals_const(tnum_const_subreg(TNUM(0x100000000ULL, 0xff), 7),
				      0x100000007ULL));
	struct tnum w = tnum_with_subreg(TNUM(0, ~0ULL), TNUM(5, 0));
	assert_int_equal(w.value, 5);
	assert_int_equal(w.mask, 0xffffffff00000000ULL);
	assert_int_equal(tnum_sbin(buf, sizeof(buf), TNUM(2, 1)), 64);
	assert_string_equal(buf + 60, "001x");
	assert_int_equal(tnum_sbin(buf, 5, TNUM(2, 1)), 64);
	assert_string_equal(buf, "0000");
	tnum_strn(buf, sizeof(buf), TNUM(65535, 0));
	assert_string_equal(buf, "65535");
	tnum_strn(buf, sizeof(buf), TNUM(65536, 0));
	assert_string_equal(buf, "0x10000");
	tnum_strn(buf, sizeof(buf), TNUM(0x10, 0xf));
	assert_string_equal(buf, "(0x10; 0xf)");
	/* the kernel's ARSH 32-bit form leaves the upper half zero */
	struct tnum s = tnum_arshift(TNUM(0x80000000ULL, 0), 4, 32);
	assert_int_equal(s.value, 0xf8000000ULL);
	s = tnum_arshift(TNUM(0x8000000000000000ULL, 0), 4, 64);
	assert_int_equal(s.value, 0xf800000000000000ULL);
}

static int setup(void **state)
{
	(void)state;
	gen_all8();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_misc),
		cmocka_unit_test(test_intersect),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_cast),
		cmocka_unit_test(test_mul),
	};

	return cmocka_run_group_tests_name("tnum_enum", tests, setup, NULL);
}
