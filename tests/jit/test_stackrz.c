// SPDX-License-Identifier: MIT
/*
 * Stack red zones between the objects of a frame (jit-x86/stackrz.c), on
 * tests/progs/stackrz.bpf.c: an access of 1, 2, 4 or 8 bytes (read and
 * write) at a variable index into a 16-byte stack array followed by 16
 * bytes the program never touches.
 *  - the layout: the arrays are the objects, the 16 bytes between them
 *    and the unused part of the frame are poisoned, the access is guarded;
 *  - in the interpreter and the JIT, in full mode and in elide mode (the
 *    verdicts of verifier-ext + smt/, plus the guarded accesses), an
 *    index that overflows the array gives exactly one stack-out-of-bounds
 *    report describing the array, and an in-bounds index none;
 *  - `calls`: red zones per function across bpf-to-bpf calls (a callee
 *    with none writing over an earlier callee's gaps at the same depth),
 *    a callee overflowing its caller's array, helper stack arguments;
 *  - a granule partly used stays addressable (`short_helper`);
 *  - without the layout the same overflow is not seen (the test can fail),
 *    and a run without it after one with it finds every frame clean.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jit.h"
#include "smt/smt.h"
#include "verifier-ext/verifier.h"

static struct obj *o;

static int setup(void **state)
{
	char path[512], err[512];

	(void)state;
	snprintf(path, sizeof(path), "%s/stackrz.bpf.o", PROGS_DIR);
	if (obj_open(path, &(struct obj_opts){ .no_kernel_btf = true }, &o, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	obj_free(o);
	return 0;
}

static const struct obj_prog *prog(const char *name)
{
	for (size_t i = 0; i < o->prog_cnt; i++)
		if (!strcmp(o->progs[i].name, name))
			return &o->progs[i];
	fail_msg("no program %s", name);
	return NULL;
}

/* The analysis of p: its layout, and the elide bitmap (checked and
 * stack-protected verdicts, and the accesses the layout guards). */
static struct rt_stack_layout *analyse(const struct obj_prog *p, uint8_t *bm)
{
	struct vx_options vo = { .summaries = true };
	struct rt_stack_layout *l;
	struct smt_cert cert = { 0 };
	struct vx_result r;

	memset(bm, 0, p->insn_cnt / 8 + 1);
	assert_int_equal(vx_analyze(o, p, &vo, &r), 0);
	if (r.verdict != VX_ACCEPTED)
		fail_msg("%s: %s", p->name, r.msg);
	struct smt_ctx *sc = smt_open(&(struct smt_opts){ .timeout_ms = 2000 });

	assert_non_null(sc);
	assert_int_equal(smt_certify(sc, o, p, &r, &cert), 0);
	for (unsigned k = 0; k < cert.cnt; k++)
		if (cert.acc[k].verdict == SMT_CHECKED || cert.acc[k].verdict == SMT_STACK_PROTECTED)
			bm[cert.acc[k].insn / 8] |= (uint8_t)(1u << (cert.acc[k].insn % 8));
	smt_cert_free(&cert);
	smt_close(sc);
	assert_int_equal(rt_stack_layout_build(&r, p->insn_cnt, &l), 0);
	for (size_t i = 0; i < p->insn_cnt / 8 + 1; i++)
		bm[i] |= l->guard[i];
	vx_result_free(&r);
	return l;
}

struct run {
	struct rt_run_result res;
	char *text;
};

/* One run of p on a 64-byte packet whose first byte is idx. */
static struct run run(const struct obj_prog *p, uint8_t idx, bool jit, enum rt_check_mode mode,
		      const uint8_t *bm, const struct rt_stack_layout *l)
{
	uint8_t pkt[64] = { idx };
	struct rt_run_opts ro = {
		.mode = mode, .check_bitmap = bm, .data = pkt, .data_len = sizeof(pkt),
		.stack_layout = l,
	};
	struct run out = { 0 };
	size_t len;
	FILE *f = open_memstream(&out.text, &len);
	struct rt *rt;
	char err[512];
	int e;

	if (rt_open(o, &(struct rt_opts){ .arena_size = 64 << 20, .report_out = f }, &rt, err,
		    sizeof(err)))
		fail_msg("%s", err);
	if (jit) {
		struct jit_opts jo = { .mode = mode, .check_bitmap = bm, .stack_layout = l };
		struct jit_prog *jp;

		if (jit_compile(rt, p->insns, p->insn_cnt, p->type, p, &jo, &jp, err, sizeof(err)))
			fail_msg("jit: %s", err);
		e = jit_run(jp, &ro, &out.res);
		jit_free(jp);
	} else {
		e = rt_run(rt, p, &ro, &out.res);
	}
	rt_close(rt);
	fclose(f);
	if (e)
		fail_msg("%s: the run failed: %s", p->name, out.res.msg);
	return out;
}

static const struct {
	const char *name;
	int size;
	bool write;
} progs[] = {
	{ "read1", 1, false }, { "read2", 2, false }, { "read4", 4, false }, { "read8", 8, false },
	{ "write1", 1, true }, { "write2", 2, true }, { "write4", 4, true }, { "write8", 8, true },
};

#define OBJECT "the 16-byte stack object at [fp-48, fp-32) of frame #0"

/* The layout the analysis gives: the two arrays, the gap between them and
 * the frame below them poisoned, the indexed access guarded. */
static void test_layout(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(progs) / sizeof(progs[0]); k++) {
		const struct obj_prog *p = prog(progs[k].name);
		uint8_t *bm = calloc(p->insn_cnt / 8 + 1, 1);
		struct rt_stack_layout *l = analyse(p, bm);
		const struct rt_frame_layout *fr = rt_stack_layout_of(l, 0);
		unsigned guarded = 0;

		assert_int_equal(l->frame_cnt, 1);
		assert_non_null(fr);
		assert_int_equal(fr->obj_cnt, 2);
		assert_int_equal(fr->objs[0].lo, -48);
		assert_int_equal(fr->objs[0].hi, -32);
		assert_int_equal(fr->objs[1].lo, -16);
		assert_int_equal(fr->objs[1].hi, 0);
		/* granules: 58 below the arrays, 2 of a, 2 gap, 2 of b */
		for (int g = 0; g < 64; g++) {
			int off = -512 + 8 * g;
			bool obj = (off >= -48 && off < -32) || off >= -16;

			assert_int_equal(fr->shadow[g], obj ? 0 : (int8_t)0xF2);
		}
		assert_int_equal(l->gap_bytes, 512 - 32);
		for (size_t i = 0; i < p->insn_cnt; i++)
			guarded += l->guard[i / 8] >> (i % 8) & 1;
		assert_int_equal(guarded, 1);
		rt_stack_layout_free(l);
		free(bm);
	}
}

/*
 * Run p with index idx in both engines, full and elide modes: no report
 * when `where` is NULL, else exactly one stack-out-of-bounds of `size`
 * bytes described as `where`, with the same text everywhere.
 */
static void expect(const struct obj_prog *p, int idx, const uint8_t *bm,
		   const struct rt_stack_layout *l, const char *where, int size, bool write)
{
	char *first = NULL;

	for (int e = 0; e < 4; e++) {
		bool jit = e & 1;
		enum rt_check_mode mode = e & 2 ? RT_CHECK_BITMAP : RT_CHECK_FULL;
		struct run r = run(p, (uint8_t)idx, jit, mode, bm, l);
		const char *what = jit ? "jit" : "interp", *m = e & 2 ? "elide" : "full";

		if (!where) {
			if (r.res.reports)
				fail_msg("%s idx %d %s %s: %s", p->name, idx, what, m, r.text);
			free(r.text);
			continue;
		}
		if (r.res.reports != 1)
			fail_msg("%s idx %d %s %s: %u reports", p->name, idx, what, m, r.res.reports);
		assert_int_equal(r.res.kept[0].bug, RT_BUG_STACK_OOB);
		assert_int_equal(r.res.kept[0].size, size);
		assert_int_equal(r.res.kept[0].is_write, write);
		assert_string_equal(r.res.kept[0].where, where);
		assert_non_null(strstr(r.text, "BUG: KASAN: stack-out-of-bounds in "));
		/* the text, addresses aside, is the same everywhere */
		char *t = strstr(r.text, "The buggy address");

		assert_non_null(t);
		*strchr(t, '\n') = 0;
		if (!first)
			first = strdup(t);
		else
			assert_string_equal(first, t);
		free(r.text);
	}
	free(first);
}

/*
 * Each program, index in bounds (the first and the last element) and
 * overflowing by `size` bytes (the access just past the end) and by twice
 * that.
 */
static void test_overflow(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(progs) / sizeof(progs[0]); k++) {
		const struct obj_prog *p = prog(progs[k].name);
		int s = progs[k].size;
		uint8_t *bm = calloc(p->insn_cnt / 8 + 1, 1);
		struct rt_stack_layout *l = analyse(p, bm);
		char right[128];

		expect(p, 0, bm, l, NULL, s, progs[k].write);
		expect(p, 16 - s, bm, l, NULL, s, progs[k].write);
		expect(p, 16, bm, l, "0 bytes to the right of " OBJECT, s, progs[k].write);
		snprintf(right, sizeof(right), "%d bytes to the right of " OBJECT, s);
		expect(p, 16 + s, bm, l, right, s, progs[k].write);
		rt_stack_layout_free(l);
		free(bm);
	}
}

/*
 * `calls`: a callee indexes its caller's array through a pointer; at
 * depth 1 a function with red zones, then one without that writes where
 * the first had gaps; a helper's stack key and value.  In bounds: clean
 * (in elide mode every access is checked: smt/ does not certify calls).
 * Past the array: reported against main's frame, from the callee, and
 * described from the nearer object.  The
 * 4-byte key sits right below the array, so the two make one 20-byte
 * object: objects that touch cannot be told apart.
 */
static void test_calls(void **state)
{
	const struct obj_prog *p = prog("calls");
	uint8_t *bm = calloc(p->insn_cnt / 8 + 1, 1);
	struct rt_stack_layout *l = analyse(p, bm);
	const char *obj20 = "the 20-byte stack object at [fp-52, fp-32) of frame #0";
	char where[128];

	(void)state;
	assert_int_equal(l->frame_cnt, 2); /* calls and lower; poke and upper: none */
	assert_non_null(rt_stack_layout_of(l, 0));
	for (int idx = 0; idx < 16; idx += 5)
		expect(p, idx, bm, l, NULL, 1, true);
	snprintf(where, sizeof(where), "0 bytes to the right of %s", obj20);
	expect(p, 16, bm, l, where, 1, true);
	/* nearer the array above the gap: described from it */
	expect(p, 31, bm, l, "1 bytes to the left of the 16-byte stack object at [fp-16, fp) of "
	       "frame #0", 1, true);
	rt_stack_layout_free(l);
	free(bm);
}

/* short_helper: the unused tail of the buffer's last granule is not
 * poisoned, so no index in bounds is reported; below the buffer is. */
static void test_partial_granule(void **state)
{
	const struct obj_prog *p = prog("short_helper");
	uint8_t *bm = calloc(p->insn_cnt / 8 + 1, 1);
	struct rt_stack_layout *l = analyse(p, bm);
	const struct rt_frame_layout *fr = rt_stack_layout_of(l, 0);

	(void)state;
	assert_non_null(fr);
	assert_int_equal(fr->obj_cnt, 1);
	assert_int_equal(fr->objs[0].hi - fr->objs[0].lo, 60);
	assert_int_equal(fr->shadow[63], 0);
	assert_int_equal(fr->shadow[55], (int8_t)0xF2);
	for (int idx = 56; idx < 64; idx++)
		expect(p, idx, bm, l, NULL, 1, true);
	rt_stack_layout_free(l);
	free(bm);
}

/* Without the layout, the overflow into the gap stays in the frame: no
 * report.  A clean run after a run with red zones: frames reset. */
static void test_without_layout(void **state)
{
	const struct obj_prog *p = prog("read8");
	uint8_t *bm = calloc(p->insn_cnt / 8 + 1, 1);
	struct rt_stack_layout *l = analyse(p, bm);

	(void)state;
	for (int jit = 0; jit < 2; jit++) {
		struct run r = run(p, 24, jit, RT_CHECK_FULL, bm, NULL);

		assert_int_equal(r.res.reports, 0);
		free(r.text);
	}
	/* one runtime, a run with the layout then one without */
	struct rt *rt;
	char err[256];
	uint8_t pkt[64] = { 24 };
	struct rt_run_result res;

	assert_int_equal(rt_open(o, &(struct rt_opts){ .arena_size = 64 << 20, .quiet = true },
				 &rt, err, sizeof(err)), 0);
	assert_int_equal(rt_run(rt, p, &(struct rt_run_opts){ .mode = RT_CHECK_FULL, .data = pkt,
			    .data_len = 64, .stack_layout = l }, &res), 0);
	assert_int_equal(res.reports, 1);
	assert_int_equal(rt_run(rt, p, &(struct rt_run_opts){ .mode = RT_CHECK_FULL, .data = pkt,
			    .data_len = 64 }, &res), 0);
	assert_int_equal(res.reports, 0);
	rt_close(rt);
	rt_stack_layout_free(l);
	free(bm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_calls),
		cmocka_unit_test(test_partial_granule),
		cmocka_unit_test(test_without_layout),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
