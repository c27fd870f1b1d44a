// SPDX-License-Identifier: MIT
/*
 * The runtime's shadow memory and allocator (jit-x86/shadow.c, alloc.c)
 * through the API: red zones on both sides, partial granules, accesses
 * straddling granules, the quarantine, and how reports describe addresses;
 * and the inline fast path of a check (shadow_all_clear(), rt.h) against
 * the exact test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "jit.h"
#include "rt.h" /* shadow_all_clear(), internal */

static struct rt *rt;

static int setup(void **state)
{
	char err[256];

	(void)state;
	return rt_open(NULL, &(struct rt_opts){ .arena_size = 16 << 20,
						.quarantine_bytes = 4096 }, &rt, err, sizeof(err));
}

static int teardown(void **state)
{
	(void)state;
	rt_close(rt);
	return 0;
}

static int8_t shadow_byte(uintptr_t a)
{
	return *(int8_t *)((a >> 3) + rt_shadow_offset(rt));
}

static void assert_where(uintptr_t a, enum rt_bug bug, const char *want)
{
	char buf[160];

	assert_int_equal(rt_describe(rt, a, buf, sizeof(buf)), bug);
	assert_string_equal(buf, want);
}

static void test_one_byte_each_side(void **state)
{
	uintptr_t p = (uintptr_t)rt_alloc(rt, 48, "value of map 'counters'");

	(void)state;
	assert_true(p && !(p & 7));
	assert_int_equal(rt_check(rt, p, 48), 0);
	assert_int_equal(rt_check(rt, p + 48, 1), p + 48);
	assert_int_equal(rt_check(rt, p - 1, 1), p - 1);
	assert_where(p + 48, RT_BUG_SLAB_OOB,
		     "0 bytes to the right of the 48-byte value of map 'counters'");
	assert_where(p - 1, RT_BUG_SLAB_OOB,
		     "1 bytes to the left of the 48-byte value of map 'counters'");
	assert_where(p + 10, RT_BUG_SLAB_OOB,
		     "10 bytes inside of the 48-byte value of map 'counters'");
}

/* A 13-byte object: granule 0 whole, granule 1 with 5 good bytes. */
static void test_partial_granule(void **state)
{
	uintptr_t p = (uintptr_t)rt_alloc(rt, 13, "thirteen");

	(void)state;
	assert_int_equal(shadow_byte(p), 0);
	assert_int_equal(shadow_byte(p + 8), 5);
	assert_int_equal(shadow_byte(p + 16), RT_SHADOW_REDZONE);
	assert_int_equal(rt_check(rt, p + 8, 5), 0);
	assert_int_equal(rt_check(rt, p + 12, 1), 0);
	assert_int_equal(rt_check(rt, p + 13, 1), p + 13);
	assert_int_equal(rt_check(rt, p + 8, 8), p + 13);
	assert_where(p + 13, RT_BUG_SLAB_OOB, "0 bytes to the right of the 13-byte thirteen");
}

/* Unaligned accesses across two granules are checked in both. */
static void test_straddle(void **state)
{
	uintptr_t p = (uintptr_t)rt_alloc(rt, 48, "v");
	uintptr_t q = (uintptr_t)rt_alloc(rt, 13, "w");

	(void)state;
	assert_int_equal(rt_check(rt, p + 6, 4), 0);	 /* granules 0 and 1, both good */
	assert_int_equal(rt_check(rt, p + 44, 8), p + 48); /* last granule and red zone */
	assert_int_equal(rt_check(rt, p + 47, 2), p + 48);
	assert_int_equal(rt_check(rt, q + 5, 8), 0);	 /* ends at the 13th byte */
	assert_int_equal(rt_check(rt, q + 6, 8), q + 13); /* one byte too far */
	assert_int_equal(rt_check(rt, p - 2, 4), p - 2); /* starts in the left red zone */
}

/* Red zones: 32 bytes left, the object's tail granule then 32 bytes right. */
static void test_redzone_sizes(void **state)
{
	uintptr_t p = (uintptr_t)rt_alloc(rt, 20, "r");

	(void)state;
	for (int i = 1; i <= 32; i += 8)
		assert_int_equal(shadow_byte(p - i), RT_SHADOW_REDZONE);
	assert_int_equal(shadow_byte(p + 16), 4);
	for (int i = 24; i < 24 + 32; i += 8)
		assert_int_equal(shadow_byte(p + i), RT_SHADOW_REDZONE);
}

/* A freed object stays poisoned until 4096 more bytes are freed after it. */
static void test_use_after_free(void **state)
{
	uintptr_t p = (uintptr_t)rt_alloc(rt, 48, "value of map 'flows'"), q;
	int reused = 0;

	(void)state;
	rt_free(rt, (void *)p);
	assert_int_equal(rt_check(rt, p, 1), p);
	assert_int_equal(shadow_byte(p), RT_SHADOW_FREED);
	assert_where(p + 4, RT_BUG_USE_AFTER_FREE,
		     "4 bytes inside of the freed 48-byte value of map 'flows'");
	q = (uintptr_t)rt_alloc(rt, 48, "again");
	assert_true(q != p); /* quarantined: not handed out again yet */
	rt_free(rt, (void *)q);
	for (int i = 0; i < 64 && !reused; i++) { /* push p out of the quarantine */
		void *o = rt_alloc(rt, 48, "filler");

		reused = (uintptr_t)o == p;
		rt_free(rt, o);
	}
	assert_true(reused);
}

/* The fast path says "clean" only where the exact test finds no bad byte,
 * and does say it for the whole granules of an object. */
static void test_fast_path(void **state)
{
	const struct shadow *sh = &rt->alloc.sh;
	uintptr_t p = (uintptr_t)rt_alloc(rt, 13, "thirteen");
	uintptr_t q = (uintptr_t)rt_alloc(rt, 48, "forty-eight");
	static char not_ours[16];

	(void)state;
	for (int o = -40; o < 64; o++)
		for (size_t n = 0; n <= 16; n++) {
			if (shadow_all_clear(sh, p + o, n))
				assert_int_equal(rt_check(rt, p + o, n), 0);
			if (shadow_all_clear(sh, q + o, n))
				assert_int_equal(rt_check(rt, q + o, n), 0);
		}
	assert_true(shadow_all_clear(sh, p, 8));
	assert_false(shadow_all_clear(sh, p + 8, 5)); /* good, but a partial granule */
	assert_true(shadow_all_clear(sh, q, 48));
	assert_true(shadow_all_clear(sh, q + 6, 4));
	assert_false(shadow_all_clear(sh, q + 44, 8));
	assert_false(shadow_all_clear(sh, (uintptr_t)not_ours, 1));
	assert_true(shadow_all_clear(sh, (uintptr_t)not_ours, 0));
}

static void test_outside_arena(void **state)
{
	static char not_ours[16];

	(void)state;
	assert_int_equal(rt_check(rt, (uintptr_t)not_ours, 1), (uintptr_t)not_ours);
	assert_where((uintptr_t)not_ours, RT_BUG_WILD, "outside the runtime's memory");
	assert_where(16, RT_BUG_NULL_DEREF, "outside the runtime's memory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_byte_each_side),
		cmocka_unit_test(test_partial_granule),
		cmocka_unit_test(test_straddle),
		cmocka_unit_test(test_redzone_sizes),
		cmocka_unit_test(test_use_after_free),
		cmocka_unit_test(test_outside_arena),
		cmocka_unit_test(test_fast_path),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
