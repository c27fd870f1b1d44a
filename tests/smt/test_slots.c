// SPDX-License-Identifier: MIT
/*
 * Stack slots in smt/'s invariants: data and data_end spilled, kept across
 * a helper that writes no memory and filled back prove the packet read
 * after the bounds check (slots.bpf.c).  test_recheck re-checks the same
 * program path by path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static int setup(void **state)
{
	(void)state;
	return fixture_open("slots.bpf.o");
}

static enum smt_verdict verdict_of_insn(const char *name, int insn, char *reason, size_t len)
{
	struct vx_options vo = { .summaries = true };
	struct vx_result r;
	struct smt_cert c;
	enum smt_verdict v = SMT_UNREACHABLE;
	bool found = false;

	assert_int_equal(vx_analyze(o, prog(name), &vo, &r), 0);
	assert_int_equal(smt_certify(s, o, prog(name), &r, &c), 0);
	for (unsigned k = 0; k < c.cnt; k++)
		if (c.acc[k].insn == insn) {
			v = c.acc[k].verdict;
			snprintf(reason, len, "%s", c.acc[k].reason);
			found = true;
		}
	assert_true(found);
	smt_cert_free(&c);
	vx_result_free(&r);
	return v;
}

static void test_spill_fill_elided(void **state)
{
	char why[200];

	(void)state;
	assert_int_equal(verdict_of_insn("spill_fill", 10, why, sizeof(why)), SMT_ELIDED);
}

/* the verifier itself refuses the read once the slot is overwritten */
static void test_clobbered_slot_rejected(void **state)
{
	char why[200];

	(void)state;
	assert_int_equal(verdict_of_insn("slot_clobbered", 11, why, sizeof(why)), SMT_CHECKED);
	assert_non_null(strstr(why, "not accepted"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spill_fill_elided),
		cmocka_unit_test(test_clobbered_slot_rejected),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
