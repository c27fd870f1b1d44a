// SPDX-License-Identifier: MIT
/*
 * The JIT on compiled programs, against the interpreter:
 *  - each planted bug of tests/progs/rt.bpf.c (and its in-bounds variant)
 *    gives, in full mode, the same r0 and the same reports, text included
 *    (addresses aside), as the interpreter;
 *  - in elide mode (verdicts from verifier-ext + smt_certify()), the JIT
 *    emits exactly one inline check and slow path per `checked` or
 *    `stack-protected` access, none for the others (counted in the
 *    --dump-jit listing), and a planted bug on a checked access is still
 *    reported, as the interpreter reports it with the same verdicts;
 *  - raw streams: a null and a wild pointer in every mode, bpf-to-bpf
 *    calls deeper than 8 frames, halt on error;
 *  - accesses.bpf.o (MEMSX, atomics, LD_ABS) and the libxdp objects run
 *    clean with the interpreter's r0 (the libxdp ones with the stack red
 *    zones of their analysis);
 *  - the benchmark's programs (bench_*.bpf.o) on its packet, in the three
 *    modes (elide from their analysis): the r0 and packet expected, the
 *    same in the interpreter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <glob.h>
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
	snprintf(path, sizeof(path), "%s/rt.bpf.o", PROGS_DIR);
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

static const struct obj_prog *prog(const struct obj *obj, const char *name)
{
	for (size_t i = 0; i < obj->prog_cnt; i++)
		if (!strcmp(obj->progs[i].name, name))
			return &obj->progs[i];
	fail_msg("no program %s", name);
	return NULL;
}

/* Reports with every long hex number (addresses) blanked. */
static void normalize(char *s)
{
	char *w = s;

	for (char *r = s; *r;) {
		size_t n = strspn(r, "0123456789abcdefx");

		if (n >= 10) {
			*w++ = '#';
			r += n;
		} else {
			*w++ = *r++;
		}
	}
	*w = 0;
}

struct outcome {
	struct rt_run_result res;
	char *text;
	size_t len;
	int ret;
};

/*
 * Run insns (prog p of obj, or a raw stream when p is NULL) on a fresh
 * runtime, in the interpreter (jit false) or the JIT.
 */
static struct outcome run_on(const struct obj *obj, const struct obj_prog *p,
			     const struct bpf_insn *insns, size_t cnt, bool jit,
			     enum rt_check_mode mode, const uint8_t *bitmap,
			     const struct rt_run_opts *base, struct jit_stats *stats, char **dump)
{
	struct outcome out = { 0 };
	FILE *f = open_memstream(&out.text, &out.len);
	struct rt_run_opts ro = *base;
	struct rt *rt;
	char err[512];

	ro.mode = mode;
	ro.check_bitmap = bitmap;
	if (rt_open(obj, &(struct rt_opts){ .arena_size = 64 << 20, .report_out = f }, &rt, err,
		    sizeof(err)))
		fail_msg("%s", err);
	if (p) {
		insns = p->insns;
		cnt = p->insn_cnt;
	}
	if (jit) {
		struct jit_opts jo = { .mode = mode, .check_bitmap = bitmap,
				       .stack_layout = base->stack_layout };
		struct jit_prog *jp;

		if (jit_compile(rt, insns, cnt, p ? p->type : BPF_PROG_TYPE_UNSPEC, p, &jo, &jp, err,
				sizeof(err)))
			fail_msg("jit: %s", err);
		if (stats)
			*stats = *jit_get_stats(jp);
		if (dump) {
			size_t dl;
			FILE *df = open_memstream(dump, &dl);

			assert_int_equal(jit_dump(jp, df), 0);
			fclose(df);
		}
		out.ret = jit_run(jp, &ro, &out.res);
		jit_free(jp);
	} else {
		out.ret = rt_run_insns(rt, insns, cnt, p ? p->type : BPF_PROG_TYPE_UNSPEC, p, &ro,
				       &out.res);
	}
	rt_close(rt);
	fclose(f);
	normalize(out.text);
	return out;
}

/* The JIT and the interpreter agree: r0 (of a run that ended), failure,
 * every report. */
static void assert_same(const struct outcome *i, const struct outcome *j, const char *what)
{
	bool r0_differs = !i->ret && !i->res.halted && i->res.r0 != j->res.r0;

	if (i->ret != j->ret || r0_differs || i->res.reports != j->res.reports ||
	    strcmp(i->text, j->text) || strcmp(i->res.msg, j->res.msg)) {
		fprintf(stderr, "--- %s: interpreter (ret %d, r0 %llu, %u reports, '%s'):\n%s"
			"--- JIT (ret %d, r0 %llu, %u reports, '%s'):\n%s", what, i->ret,
			(unsigned long long)i->res.r0, i->res.reports, i->res.msg, i->text, j->ret,
			(unsigned long long)j->res.r0, j->res.reports, j->res.msg, j->text);
		fail_msg("%s: the JIT and the interpreter differ", what);
	}
	for (unsigned k = 0; k < i->res.reports && k < RT_MAX_KEPT_REPORTS; k++) {
		const struct rt_report *a = &i->res.kept[k], *b = &j->res.kept[k];

		assert_int_equal(a->bug, b->bug);
		assert_int_equal(a->is_write, b->is_write);
		assert_int_equal(a->size, b->size);
		assert_int_equal(a->insn, b->insn);
		assert_int_equal(a->helper, b->helper);
		assert_string_equal(a->where, b->where);
	}
}

static void free_outcome(struct outcome *x) { free(x->text); }

/* Planted bugs: program, first packet byte, reports expected in full mode. */
static const struct planted {
	const char *name;
	uint8_t b;
	unsigned reports;
} planted[] = {
	{ "value_in_bounds", 3, 0 },	  { "value_off_by_one", 12, 1 },
	{ "value_off_by_one", 11, 0 },	  { "packet_overread", 64, 1 },
	{ "packet_overread", 63, 0 },	  { "stack_underflow", 33, 1 },
	{ "stack_underflow", 28, 0 },	  { "flow_after_delete", 0, 0 },
	{ "ringbuf_after_submit", 0, 1 }, { "loop_sum", 0, 0 },
	{ "pop_then_overread", 0, 1 },
};

static void test_planted_full(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(planted) / sizeof(planted[0]); k++) {
		uint8_t pkt[64] = { planted[k].b };
		struct rt_run_opts ro = { .data = pkt, .data_len = sizeof(pkt) };
		const struct obj_prog *p = prog(o, planted[k].name);
		struct outcome i = run_on(o, p, NULL, 0, false, RT_CHECK_FULL, NULL, &ro, NULL, NULL);
		struct outcome j = run_on(o, p, NULL, 0, true, RT_CHECK_FULL, NULL, &ro, NULL, NULL);
		struct outcome n = run_on(o, p, NULL, 0, true, RT_CHECK_NONE, NULL, &ro, NULL, NULL);

		printf("# %s(%u): r0 %llu, %u reports%s%s\n", planted[k].name, planted[k].b,
		       (unsigned long long)j.res.r0, j.res.reports, j.res.reports ? ": " : "",
		       j.res.reports ? rt_bug_name(j.res.kept[0].bug) : "");
		assert_same(&i, &j, planted[k].name);
		assert_int_equal(j.res.reports, planted[k].reports);
		assert_int_equal(n.res.reports, 0);
		free_outcome(&i);
		free_outcome(&j);
		free_outcome(&n);
	}
}

/* The elide bitmap of p (of obj) from the analysis; returns how many are
 * checked (every access when the analysis does not accept p). */
static int verdicts(const struct obj *obj, const struct obj_prog *p, uint8_t *bm)
{
	struct vx_options vo = { .summaries = true };
	struct vx_result r;
	struct smt_cert cert = { 0 };
	int checked = 0;

	memset(bm, 0, p->insn_cnt / 8 + 1);
	assert_int_equal(vx_analyze(obj, p, &vo, &r), 0);
	if (r.verdict != VX_ACCEPTED) {
		for (size_t i = 0; i < p->insn_cnt; i++)
			if (isa_access_kind(&p->insns[i]) != ISA_ACCESS_NONE) {
				bm[i / 8] |= (uint8_t)(1u << (i % 8));
				checked++;
			}
		vx_result_free(&r);
		return checked;
	}
	struct smt_ctx *sc = smt_open(&(struct smt_opts){ .timeout_ms = 2000 });

	assert_non_null(sc);
	assert_int_equal(smt_certify(sc, obj, p, &r, &cert), 0);
	for (unsigned k = 0; k < cert.cnt; k++)
		if (cert.acc[k].verdict == SMT_CHECKED || cert.acc[k].verdict == SMT_STACK_PROTECTED) {
			bm[cert.acc[k].insn / 8] |= (uint8_t)(1u << (cert.acc[k].insn % 8));
			checked++;
		}
	smt_cert_free(&cert);
	smt_close(sc);
	vx_result_free(&r);
	return checked;
}

static unsigned count(const char *s, const char *needle)
{
	unsigned n = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_planted_elide(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(planted) / sizeof(planted[0]); k++) {
		const struct obj_prog *p = prog(o, planted[k].name);
		uint8_t pkt[64] = { planted[k].b }, *bm = malloc(p->insn_cnt / 8 + 1);
		struct rt_run_opts ro = { .data = pkt, .data_len = sizeof(pkt) };
		int checked = verdicts(o, p, bm);
		struct jit_stats st;
		char *dump = NULL;
		struct outcome i = run_on(o, p, NULL, 0, false, RT_CHECK_BITMAP, bm, &ro, NULL, NULL);
		struct outcome j = run_on(o, p, NULL, 0, true, RT_CHECK_BITMAP, bm, &ro, &st, &dump);
		struct outcome f = run_on(o, p, NULL, 0, true, RT_CHECK_FULL, NULL, &ro, NULL, NULL);

		printf("# %s(%u) elide: %u accesses, %d checked, %u inline checks, %u reports "
		       "(full mode: %u)\n", planted[k].name, planted[k].b, st.accesses, checked,
		       st.inline_checks, j.res.reports, f.res.reports);
		assert_same(&i, &j, planted[k].name);
		assert_int_equal(st.inline_checks, (unsigned)checked);
		assert_int_equal(count(dump, "; slow path of insn"), (unsigned)checked);
		/* a bug full mode reports on a checked access is still reported */
		for (unsigned r = 0; r < f.res.reports && r < RT_MAX_KEPT_REPORTS; r++) {
			int insn = f.res.kept[r].insn;

			if (f.res.kept[r].helper < 0 && (bm[insn / 8] >> (insn % 8) & 1))
				assert_true(j.res.reports > r);
		}
		free(dump);
		free(bm);
		free_outcome(&i);
		free_outcome(&j);
		free_outcome(&f);
	}
}

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
					       .off = (o), .imm = (i) })

static unsigned raw_modes(const struct bpf_insn *insns, size_t cnt, const char *what,
			  size_t mem_len)
{
	uint8_t mem[16] = { 0 }, bm[8];
	struct rt_run_opts ro = { .conformance = true, .data = mem, .data_len = mem_len };
	unsigned reports = 0;

	memset(bm, 0xff, sizeof(bm));
	for (int m = 0; m < 3; m++) {
		enum rt_check_mode mode = m == 0 ? RT_CHECK_NONE : m == 1 ? RT_CHECK_FULL
								: RT_CHECK_BITMAP;
		struct outcome i = run_on(NULL, NULL, insns, cnt, false, mode, bm, &ro, NULL, NULL);
		struct outcome j = run_on(NULL, NULL, insns, cnt, true, mode, bm, &ro, NULL, NULL);

		printf("# %s, mode %d: ret %d, %u reports, '%s'\n", what, m, j.ret, j.res.reports,
		       j.res.msg);
		assert_same(&i, &j, what);
		if (m == 1)
			reports = j.res.reports;
		else if (m == 2)
			assert_int_equal(j.res.reports, reports);
		free_outcome(&i);
		free_outcome(&j);
	}
	return reports;
}

static void raw_all_modes(const struct bpf_insn *insns, size_t cnt, const char *what)
{
	raw_modes(insns, cnt, what, 16);
}

struct edge_case {
	int size, off;
	bool bad;
};

/* A load and a store of each case's size at [base + off] (base r1: the
 * 13-byte memory of a raw run; r10: the stack), in every mode: both
 * engines agree, and the checks report exactly the bad ones. */
static void edge_cases(const struct edge_case *cases, size_t n, int base, const char *what)
{
	static const int sz[9] = { [1] = BPF_B, [2] = BPF_H, [4] = BPF_W, [8] = BPF_DW };

	for (size_t k = 0; k < n; k++) {
		for (int w = 0; w < 2; w++) {
			struct bpf_insn p[3] = {
				w ? INSN(BPF_ST | BPF_MEM | sz[cases[k].size], base, 0, cases[k].off, 7)
				  : INSN(BPF_LDX | BPF_MEM | sz[cases[k].size], 0, base, cases[k].off, 0),
				INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0),
				INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
			};
			char name[80];

			snprintf(name, sizeof(name), "%s: %s of %d at r%d%+d", what, w ? "write" : "read",
				 cases[k].size, base, cases[k].off);
			assert_int_equal(raw_modes(p, 3, name, 13), cases[k].bad);
		}
	}
}

/* Partial granules: 1/2/4/8 bytes at the end of a 13-byte object (its
 * second granule has 5 good bytes), aligned, unaligned and straddling, in
 * bounds and one byte past. */
static void test_raw_partial(void **state)
{
	static const struct edge_case cases[] = {
		{ 1, 12, false }, { 1, 13, true }, { 2, 11, false }, { 2, 12, true },
		{ 2, 7, false },  { 4, 9, false }, { 4, 10, true },  { 4, 6, false },
		{ 8, 5, false },  { 8, 6, true },  { 8, 0, false },  { 8, 8, true },
		{ 4, -1, true },  { 2, -1, true },
	};

	(void)state;
	edge_cases(cases, sizeof(cases) / sizeof(cases[0]), BPF_REG_1, "13-byte object");
}

/* The stack frame's red zones: just inside and just outside the 512
 * bytes (full mode checks an r10 access whose fixed offset leaves the
 * frame; the inline mode every one). */
static void test_raw_stack(void **state)
{
	static const struct edge_case cases[] = {
		{ 1, -512, false }, { 1, -513, true }, { 1, -1, false }, { 1, 0, true },
		{ 2, -2, false },   { 2, -1, true },   { 2, -514, true }, { 4, -4, false },
		{ 4, -3, true },    { 4, -516, true }, { 8, -8, false },  { 8, -7, true },
		{ 8, -512, false }, { 8, -513, true }, { 8, 8, true },
	};

	(void)state;
	edge_cases(cases, sizeof(cases) / sizeof(cases[0]), BPF_REG_10, "stack");
}

/* r1 = 0 (or a wild address); r0 = *(u8 *)(r1 + 8); exit */
static void test_raw_wild(void **state)
{
	const struct bpf_insn null[] = {
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 0),
		INSN(BPF_LDX | BPF_MEM | BPF_B, 0, 1, 8, 0),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	const struct bpf_insn wild[] = {
		INSN(BPF_LD | BPF_DW | BPF_IMM, 1, 0, 0, 0x1000),
		INSN(0, 0, 0, 0, 0x10),
		INSN(BPF_STX | BPF_MEM | BPF_DW, 1, 1, 0, 0),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	const struct bpf_insn kernel[] = {
		INSN(BPF_LD | BPF_DW | BPF_IMM, 1, 0, 0, 0x88800000),
		INSN(0, 0, 0, 0, (int32_t)0xffffffff),
		INSN(BPF_LDX | BPF_MEM | BPF_W, 0, 1, 0, 0),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};

	(void)state;
	raw_all_modes(null, 3, "null pointer");
	raw_all_modes(wild, 4, "wild pointer");
	raw_all_modes(kernel, 4, "kernel pointer");
}

/* f: call f (recursion): the ninth frame fails the run. */
static void test_raw_depth(void **state)
{
	const struct bpf_insn rec[] = {
		INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, -1),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	uint8_t mem[8] = { 0 };
	struct rt_run_opts ro = { .conformance = true, .data = mem, .data_len = sizeof(mem) };
	struct outcome j = run_on(NULL, NULL, rec, 2, true, RT_CHECK_FULL, NULL, &ro, NULL, NULL);

	(void)state;
	printf("# recursion: ret %d, '%s'\n", j.ret, j.res.msg);
	assert_int_equal(j.ret, -E2BIG);
	assert_non_null(strstr(j.res.msg, "more than 8 nested calls"));
	free_outcome(&j);
}

/* r0 = 0; loop: r0 += 1; goto loop: ends at the budget, not hanging. */
static void test_raw_endless(void **state)
{
	const struct bpf_insn loop[] = {
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, 0, 0, 0, 1),
		INSN(BPF_JMP | BPF_JA, 0, 0, -2, 0),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	uint8_t mem[8] = { 0 };
	struct rt_run_opts ro = { .conformance = true, .data = mem, .data_len = sizeof(mem),
				  .insn_limit = 100000 };
	struct outcome j = run_on(NULL, NULL, loop, 4, true, RT_CHECK_NONE, NULL, &ro, NULL, NULL);

	(void)state;
	printf("# endless loop: ret %d, '%s'\n", j.ret, j.res.msg);
	assert_int_equal(j.ret, -E2BIG);
	assert_string_equal(j.res.msg, "insn 2: backward-jump limit (100000) reached");
	free_outcome(&j);
}

static void test_halt_on_error(void **state)
{
	uint8_t pkt[64] = { 12 };
	struct rt_run_opts ro = { .halt_on_error = true, .data = pkt, .data_len = sizeof(pkt) };
	const struct obj_prog *p = prog(o, "value_off_by_one");
	struct outcome i = run_on(o, p, NULL, 0, false, RT_CHECK_FULL, NULL, &ro, NULL, NULL);
	struct outcome j = run_on(o, p, NULL, 0, true, RT_CHECK_FULL, NULL, &ro, NULL, NULL);

	(void)state;
	assert_same(&i, &j, "halt on error");
	assert_true(j.res.halted);
	assert_int_equal(j.res.reports, 1);
	free_outcome(&i);
	free_outcome(&j);
}

/* --dump-jit's listing: every BPF instruction above Capstone's text. */
static void test_dump(void **state)
{
	const struct obj_prog *p = prog(o, "loop_sum");
	uint8_t pkt[64] = { 0 }, bm[64];
	struct rt_run_opts ro = { .data = pkt, .data_len = sizeof(pkt) };
	char *dump = NULL;
	struct outcome j;

	(void)state;
	memset(bm, 0xff, sizeof(bm));
	j = run_on(o, p, NULL, 0, true, RT_CHECK_BITMAP, bm, &ro, NULL, &dump);
	for (size_t i = 0; i < p->insn_cnt; i++) {
		char text[160], line[200];

		isa_disasm(&p->insns[i], p->insn_cnt - i, NULL, true, text, sizeof(text));
		snprintf(line, sizeof(line), "; %zu: %s\n", i, text);
		if (!strstr(dump, line))
			fail_msg("the listing lacks '%s'", line);
		if (isa_insn_len(&p->insns[i]) == 2)
			i++;
	}
	assert_non_null(strstr(dump, "; trampoline"));
	assert_non_null(strstr(dump, "; function at insn 0: prologue"));
	assert_non_null(strstr(dump, "push     rbp"));
	assert_non_null(strstr(dump, "movabs   r12, "));
	assert_non_null(strstr(dump, "; slow path of insn"));
	assert_null(strstr(dump, "cannot decode"));
	free(dump);
	free_outcome(&j);
}

/* accesses.bpf.o: MEMSX, atomics on globals, LD_ABS in and out of bounds
 * (a socket filter: offsets from the network header, after 14 bytes). */
static void test_accesses(void **state)
{
	char path[512], err[512];
	uint8_t pkt[64] = { [14 + 12] = 0x08 };
	struct obj *a;

	(void)state;
	snprintf(path, sizeof(path), "%s/accesses.bpf.o", PROGS_DIR);
	assert_int_equal(obj_open(path, &(struct obj_opts){ .no_kernel_btf = true }, &a, err,
				  sizeof(err)), 0);
	for (int k = 0; k < 2; k++) {
		size_t len = k ? 14 + 12 : 64;
		struct rt_run_opts ro = { .data = pkt, .data_len = len };
		const struct obj_prog *p = prog(a, "all_accesses");
		struct outcome i = run_on(a, p, NULL, 0, false, RT_CHECK_FULL, NULL, &ro, NULL, NULL);
		struct outcome j = run_on(a, p, NULL, 0, true, RT_CHECK_FULL, NULL, &ro, NULL, NULL);

		assert_same(&i, &j, "all_accesses");
		assert_int_equal(j.res.reports, 0);
		assert_int_equal(j.res.r0, len == 64 ? 0x08 : 0);
		free_outcome(&i);
		free_outcome(&j);
	}
	obj_free(a);
}

static const uint8_t udp_packet[64] = {
	0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x08, 0x00,
	0x45, 0, 0, 50, 0, 1, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
	0x30, 0x39, 0x00, 0x35, 0, 30, 0, 0,
};

static void test_libxdp(void **state)
{
	glob_t g;
	int ran = 0, redzoned = 0;

	(void)state;
	if (glob("/usr/lib/x86_64-linux-gnu/bpf/*.o", 0, NULL, &g)) {
		skip();
		return;
	}
	for (size_t f = 0; f < g.gl_pathc; f++) {
		char err[512];
		struct obj *x;

		if (obj_open(g.gl_pathv[f], &(struct obj_opts){ .no_kernel_btf = true }, &x, err,
			     sizeof(err)))
			fail_msg("%s", err);
		for (size_t i = 0; i < x->prog_cnt; i++) {
			struct rt_run_opts ro = { .data = udp_packet, .data_len = sizeof(udp_packet) };
			const struct obj_prog *p = &x->progs[i];
			uint8_t bm[1024];

			if (p->type != BPF_PROG_TYPE_XDP || p->insn_cnt > 8 * sizeof(bm))
				continue;
			memset(bm, 0xff, sizeof(bm));
			/* with the stack red zones the analysis gives: a report
			 * would be a gap a correct program touches */
			struct vx_result r;
			struct rt_stack_layout *l = NULL;

			assert_int_equal(vx_analyze(x, p, &(struct vx_options){ 0 }, &r), 0);
			assert_int_equal(rt_stack_layout_build(&r, p->insn_cnt, &l), 0);
			vx_result_free(&r);
			ro.stack_layout = l;
			redzoned += l->frame_cnt > 0;
			for (int m = 0; m < 3; m++) {
				enum rt_check_mode mode = m == 0 ? RT_CHECK_NONE : m == 1 ? RT_CHECK_FULL
										: RT_CHECK_BITMAP;
				struct outcome io = run_on(x, p, NULL, 0, false, mode, bm, &ro, NULL, NULL);
				struct outcome jo = run_on(x, p, NULL, 0, true, mode, bm, &ro, NULL, NULL);

				assert_same(&io, &jo, p->name);
				assert_int_equal(jo.ret, 0);
				assert_int_equal(jo.res.reports, 0);
				free_outcome(&io);
				free_outcome(&jo);
			}
			rt_stack_layout_free(l);
			ran++;
		}
		obj_free(x);
	}
	globfree(&g);
	printf("# libxdp: %d XDP programs agree with the interpreter in 3 modes, clean (%d with "
	       "stack red zones)\n", ran, redzoned);
	assert_true(ran > 0);
}

/* The benchmark's own programs (tests/bench/jit-modes.sh) on its packet:
 * program, packet, r0, and where given the packet bytes after the run. */
static const uint8_t token_packet[64] = {
	0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x08, 0x00,
	0x45, 0, 0, 50, 0, 1, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
	0x30, 0x39, 0x00, 0x35, 0, 30, 0, 0,
	'b', 'p', 'f', 'k', 'a', 's', 'a', 'n', '-', 't', 'o', 'k', 'e', 'n', '-', '5',
};

static const struct bench_case {
	const char *file;
	const uint8_t *pkt;
	uint64_t r0;
	uint8_t at[2], want[2][2]; /* packet[at[k]..+2) after the run: want[k] */
} bench_cases[] = {
	/* every prefix length misses: XDP_PASS */
	{ "bench_hashprobe.bpf.o", udp_packet, 2, { 0 }, { { 0 } } },
	/* XDP_TX, the IPv4 and UDP checksums (0x26b8, 0xbb41) filled in */
	{ "bench_csum.bpf.o", udp_packet, 3, { 24, 40 }, { { 0x26, 0xb8 }, { 0xbb, 0x41 } } },
	/* no token: XDP_DROP; token 5: XDP_PASS */
	{ "bench_strcmp.bpf.o", udp_packet, 1, { 0 }, { { 0 } } },
	{ "bench_strcmp.bpf.o", token_packet, 2, { 0 }, { { 0 } } },
};

static void test_bench_progs(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof(bench_cases) / sizeof(bench_cases[0]); c++) {
		const struct bench_case *bc = &bench_cases[c];
		char path[512], err[512];
		struct obj *x;

		snprintf(path, sizeof(path), "%s/%s", PROGS_DIR, bc->file);
		if (obj_open(path, &(struct obj_opts){ .no_kernel_btf = true }, &x, err, sizeof(err)))
			fail_msg("%s", err);
		const struct obj_prog *p = &x->progs[0];
		uint8_t *bm = malloc(p->insn_cnt / 8 + 1);
		int checked = verdicts(x, p, bm);

		printf("# %s (case %zu): r0 %llu expected, %d access%s checked in elide mode\n",
		       bc->file, c, (unsigned long long)bc->r0, checked, checked == 1 ? "" : "es");
		for (int m = 0; m < 3; m++) {
			enum rt_check_mode mode = m == 0 ? RT_CHECK_NONE : m == 1 ? RT_CHECK_FULL
									: RT_CHECK_BITMAP;
			uint8_t out[2][64];
			struct rt_run_opts ro = { .data = bc->pkt, .data_len = 64, .data_out = out[0],
						  .data_out_len = 64 };
			struct outcome io = run_on(x, p, NULL, 0, false, mode, bm, &ro, NULL, NULL);

			ro.data_out = out[1];
			struct outcome jo = run_on(x, p, NULL, 0, true, mode, bm, &ro, NULL, NULL);

			assert_same(&io, &jo, p->name);
			assert_int_equal(jo.ret, 0);
			assert_int_equal(jo.res.reports, 0);
			assert_int_equal(jo.res.r0, bc->r0);
			assert_memory_equal(out[0], out[1], 64);
			for (int k = 0; k < 2 && bc->at[k]; k++)
				assert_memory_equal(&out[1][bc->at[k]], bc->want[k], 2);
			free_outcome(&io);
			free_outcome(&jo);
		}
		free(bm);
		obj_free(x);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_planted_full),
		cmocka_unit_test(test_planted_elide),
		cmocka_unit_test(test_raw_wild),
		cmocka_unit_test(test_raw_partial),
		cmocka_unit_test(test_raw_stack),
		cmocka_unit_test(test_raw_depth),
		cmocka_unit_test(test_raw_endless),
		cmocka_unit_test(test_halt_on_error),
		cmocka_unit_test(test_dump),
		cmocka_unit_test(test_accesses),
		cmocka_unit_test(test_libxdp),
		cmocka_unit_test(test_bench_progs),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
