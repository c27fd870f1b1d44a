// SPDX-License-Identifier: MIT
/*
 * smt_certify() on tests/progs/facts.bpf.c: which accesses Z3 proves in
 * bounds, and that it does not trust verifier-ext: the same program with
 * verifier-ext's summaries corrupted (false bounds for the index of a map
 * value access) keeps that access checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"

static int setup(void **state)
{
	(void)state;
	return fixture_open("facts.bpf.o");
}

static void certify(const char *name, struct vx_result *r, struct smt_cert *c, bool corrupt)
{
	struct vx_options vo = { .summaries = true };
	const struct obj_prog *p = prog(name);

	assert_int_equal(vx_analyze(o, p, &vo, r), 0);
	if (corrupt) {
		/* claim the index register r2 and the pointer r1 are exactly 0 before the load at 19 */
		for (int i = 17; i <= 19; i++) {
			struct vx_value *v = &r->summaries[i].regs[2];

			v->smin = v->smax = 0;
			v->umin = v->umax = 0;
			v->var_value = v->var_mask = 0;
		}
		r->summaries[19].regs[1].smin = r->summaries[19].regs[1].smax = 0;
		r->summaries[19].regs[1].var_mask = 0;
	}
	assert_int_equal(smt_certify(s, o, p, r, c), 0);
	assert_int_equal(c->cnt, r->fact_cnt);
}

static enum smt_verdict verdict_at(const struct vx_result *r, const struct smt_cert *c, int insn)
{
	for (unsigned k = 0; k < c->cnt; k++)
		if (c->acc[k].insn == insn)
			return c->acc[k].verdict;
	fail_msg("no access at insn %d", insn);
	return SMT_CHECKED;
	(void)r;
}

static void test_regions_elided(void **state)
{
	struct vx_result r;
	struct smt_cert c;

	(void)state;
	certify("regions", &r, &c, false);
	/* ctx, stack, packet (after the data_end check) and the map value */
	for (unsigned k = 0; k < c.cnt; k++)
		if (c.acc[k].verdict != SMT_ELIDED)
			fail_msg("insn %d: %s: %s", c.acc[k].insn, smt_verdict_name(c.acc[k].verdict),
				 c.acc[k].reason);
	assert_true(c.survived <= c.candidates);
	smt_cert_free(&c);
	vx_result_free(&r);
}

static void test_corrupt_facts_not_trusted(void **state)
{
	struct vx_result r;
	struct smt_cert c;

	(void)state;
	certify("regions", &r, &c, true);
	assert_int_equal(verdict_at(&r, &c, 19), SMT_CHECKED);
	assert_true(c.survived < c.candidates); /* the false ones died */
	/* the other accesses do not depend on them */
	assert_int_equal(verdict_at(&r, &c, 16), SMT_ELIDED);
	smt_cert_free(&c);
	vx_result_free(&r);
}

static void test_unreachable_and_rejected(void **state)
{
	struct vx_result r;
	struct smt_cert c;

	(void)state;
	certify("dead_access", &r, &c, false);
	assert_int_equal(verdict_at(&r, &c, 4), SMT_UNREACHABLE);
	smt_cert_free(&c);
	vx_result_free(&r);

	certify("past_the_value", &r, &c, false);
	assert_int_equal(verdict_at(&r, &c, 8), SMT_CHECKED);
	assert_int_equal(verdict_at(&r, &c, 1), SMT_STACK_PROTECTED);
	assert_non_null(strstr(c.acc[1].reason, "not accepted"));
	smt_cert_free(&c);
	vx_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regions_elided),
		cmocka_unit_test(test_corrupt_facts_not_trusted),
		cmocka_unit_test(test_unreachable_and_rejected),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
