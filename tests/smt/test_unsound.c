// SPDX-License-Identifier: MIT
/*
 * The safety net (issue 4, item 4): for a program exploiting a real past
 * verifier bug, the sound verifier-ext rejects it, the deliberately
 * unsound one (vx_options.unsound) accepts it, and smt/ still does not
 * elide the out-of-bounds access: it is checked, with a counterexample,
 * and the independent path-by-path re-check finds it outside its object.
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
	return fixture_open("cve.bpf.o");
}

/*
 * object_known: whether the invariants that survive still know R6's object,
 * so that Z3's model is an out-of-bounds offset of it.  When the bug hides
 * a whole path (CVE-2021-3490) nothing about that path survives and the
 * reason says so; the path-by-path re-check then finds the bad address.
 */
static void safety_net(const char *name, enum vx_unsound bug, int oob_insn, bool object_known)
{
	const struct obj_prog *p = prog(name);
	struct vx_options sound = { .summaries = true }, unsound = { .summaries = true, .unsound = bug };
	struct vx_result r;
	struct smt_cert c;

	assert_int_equal(vx_analyze(o, p, &sound, &r), 0);
	assert_int_equal(r.verdict, VX_REJECTED);
	assert_int_equal(r.err_insn, oob_insn);
	vx_result_free(&r);

	assert_int_equal(vx_analyze(o, p, &unsound, &r), 0);
	assert_int_equal(r.verdict, VX_ACCEPTED); /* the bug hides the out-of-bounds read */

	assert_int_equal(smt_certify(s, o, p, &r, &c), 0);
	const struct smt_access *a = NULL;
	for (unsigned k = 0; k < c.cnt; k++)
		if (c.acc[k].insn == oob_insn)
			a = &c.acc[k];
	assert_non_null(a);
	assert_int_equal(a->verdict, SMT_CHECKED);
	if (object_known) {
		assert_true(a->has_cex);
		assert_int_equal(a->cex_region_size, 8);
		assert_true(a->cex_offset < 0 || a->cex_offset + 8 > 8);
	} else {
		assert_false(a->has_cex);
		assert_non_null(strstr(a->reason, "which object R6 points to"));
	}
	printf("%s: insn %d %s: %s\n", name, oob_insn, smt_verdict_name(a->verdict), a->reason);

	unsigned *checked = calloc(p->insn_cnt, sizeof(unsigned));
	unsigned *outside = calloc(p->insn_cnt, sizeof(unsigned));
	unsigned *undecided = calloc(p->insn_cnt, sizeof(unsigned));
	struct smt_env env = { o, p->type, checked, outside, NULL, undecided };
	struct smt_run_input in = { .insns = p->insns, .insn_cnt = p->insn_cnt, .env = &env };
	struct smt_run_result rr;

	/* path by path, then every path at once: each finds a model outside */
	assert_int_equal(smt_run(s, &in, &rr), 0);
	assert_true(outside[oob_insn] > undecided[oob_insn]);
	smt_run_free(&rr);
	memset(outside, 0, p->insn_cnt * sizeof(unsigned));
	memset(undecided, 0, p->insn_cnt * sizeof(unsigned));
	assert_int_equal(smt_run_merged(s, &in, &rr), 0);
	assert_int_equal(outside[oob_insn], 1);
	assert_int_equal(undecided[oob_insn], 0);
	free(undecided);
	free(checked);
	free(outside);
	smt_cert_free(&c);
	vx_result_free(&r);
}

static void test_cve_2020_8835(void **state)
{
	(void)state;
	safety_net("cve_2020_8835", VX_UNSOUND_CVE_2020_8835, 20, true);
}

static void test_cve_2021_3490(void **state)
{
	(void)state;
	safety_net("cve_2021_3490", VX_UNSOUND_CVE_2021_3490, 21, false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cve_2020_8835),
		cmocka_unit_test(test_cve_2021_3490),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
