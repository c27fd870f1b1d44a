// SPDX-License-Identifier: MIT
/*
 * Unit tests of verifier-ext's API (verifier.h) on tests/progs/facts.bpf.c:
 * the verdict, the statistics, and the per-access facts smt/ and jit-x86/
 * read: region, map, fixed and variable offset, region size, reached.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "object/object.h"
#include "verifier-ext/verifier.h"

static struct obj *o;

static int open_facts(void **state)
{
	struct obj_opts opts = { .no_kernel_btf = true };
	char err[512];

	(void)state;
	if (obj_open(PROGS_DIR "/facts.bpf.o", &opts, &o, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int close_facts(void **state)
{
	(void)state;
	obj_free(o);
	return 0;
}

static void analyze(const char *name, struct vx_result *r)
{
	struct vx_options opts = { 0 };

	for (size_t i = 0; i < o->prog_cnt; i++) {
		if (strcmp(o->progs[i].name, name))
			continue;
		assert_int_equal(vx_analyze(o, &o->progs[i], &opts, r), 0);
		return;
	}
	fail_msg("no program %s", name);
}

/* The facts of the only access of `region` at instruction `insn`. */
static const struct access_seen *seen_at(const struct vx_result *r, int insn,
					 enum vx_region region)
{
	const struct access_fact *f = vx_fact_at(r, insn);

	assert_non_null(f);
	assert_true(f->reached);
	assert_int_equal(f->seen_cnt, 1);
	assert_false(f->seen_overflow);
	assert_int_equal(f->seen[0].region, region);
	return &f->seen[0];
}

static void test_regions(void **state)
{
	struct vx_result r;
	const struct access_seen *s;

	(void)state;
	analyze("regions", &r);
	assert_int_equal(r.verdict, VX_ACCEPTED);
	assert_int_equal(r.err_insn, -1);
	assert_true(r.insns_processed > 0);
	assert_int_equal(r.fact_cnt, 6);

	s = seen_at(&r, 0, VX_REGION_CTX); /* ctx->data_end */
	assert_int_equal(s->off, 4);
	assert_int_equal(s->size, 4);
	assert_int_equal(s->region_size, 24); /* struct xdp_md */

	s = seen_at(&r, 3, VX_REGION_STACK); /* key = 0 */
	assert_int_equal(s->off, -4);
	assert_int_equal(s->frameno, 0);
	assert_int_equal(s->region_size, 512);
	assert_true(vx_fact_at(&r, 3)->is_write);

	s = seen_at(&r, 16, VX_REGION_PACKET); /* p[0], after p + 4 <= data_end */
	assert_int_equal(s->off, 0);
	assert_int_equal(s->region_size, 4);
	s = seen_at(&r, 20, VX_REGION_PACKET); /* p[3] */
	assert_int_equal(s->off, 3);

	s = seen_at(&r, 19, VX_REGION_MAP_VALUE); /* v[p[0] & 7] */
	assert_string_equal(o->maps[s->map_idx].name, "vals");
	assert_int_equal(s->region_size, 16);
	assert_int_equal(s->off, 0);
	assert_int_equal(s->var_value, 0);
	assert_int_equal(s->var_mask, 7);
	assert_int_equal(s->umin, 0);
	assert_int_equal(s->umax, 7);
	assert_int_equal(s->smax, 7);

	assert_null(vx_fact_at(&r, 2)); /* not an access */
	vx_result_free(&r);
}

static void test_unreachable(void **state)
{
	struct vx_result r;
	const struct access_fact *f;

	(void)state;
	analyze("dead_access", &r);
	assert_int_equal(r.verdict, VX_ACCEPTED);
	f = vx_fact_at(&r, 4);
	assert_non_null(f);
	assert_false(f->reached);
	assert_false(r.reached[4]);
	assert_true(r.reached[3]);
	assert_int_equal(f->seen_cnt, 0);
	vx_result_free(&r);
}

static void test_rejected(void **state)
{
	struct vx_result r;

	(void)state;
	analyze("past_the_value", &r);
	assert_int_equal(r.verdict, VX_REJECTED);
	assert_int_equal(r.err_insn, 8);
	assert_string_equal(r.msg, "invalid access to map value, value_size=16 off=16 size=1");
	assert_string_equal(vx_verdict_name(r.verdict), "rejected");
	vx_result_free(&r);
}

static void test_unsupported(void **state)
{
	struct obj_prog p = o->progs[0];
	struct vx_result r;

	(void)state;
	p.type = BPF_PROG_TYPE_LSM;
	assert_int_equal(vx_analyze(o, &p, NULL, &r), 0);
	assert_int_equal(r.verdict, VX_UNSUPPORTED);
	assert_non_null(strstr(r.msg, "unsupported program type lsm"));
	vx_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regions),
		cmocka_unit_test(test_unreachable),
		cmocka_unit_test(test_rejected),
		cmocka_unit_test(test_unsupported),
	};

	return cmocka_run_group_tests(tests, open_facts, close_facts);
}
