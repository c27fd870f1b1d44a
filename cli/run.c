// SPDX-License-Identifier: MIT
/*
 * cli: `bpfkasan run FILE`: run one program of a BPF object in the
 * userspace runtime (jit-x86/), natively (the JIT) or in the reference
 * interpreter, with KASAN checks on the accesses the analysis did not
 * prove safe (--mode elide, the default), on every access (full), or none.
 *
 * elide: verifier-ext explores the program and smt/ certifies its
 * accesses, as `bpfkasan analyze` does; an access is checked when its
 * verdict is `checked` or `stack-protected`.  When the analysis rejects
 * the program or cannot certify it (or with --no-verify), every access is
 * checked and a note says why.
 *
 * Exit status: 0 a clean run, 1 the run made reports, 2 usage, load or
 * run failure (one line naming the file and the problem), 3 internal.
 */
#include <argp.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "jit-x86/jit.h"
#include "smt/smt.h"
#include "verifier-ext/verifier.h"

enum {
	OPT_PROG = 'p', OPT_DATA = 'd', OPT_CTX = 'c', OPT_REPEAT = 'r', OPT_MODE = 'm',
	OPT_ENGINE = 'e', OPT_MAP_INIT = 0x100, OPT_DUMP_JIT, OPT_HALT, OPT_NO_VERIFY,
	OPT_Z3_TIMEOUT,
};

static const struct argp_option run_options[] = {
	{ "prog", OPT_PROG, "NAME", 0, "the program to run (default: the object's first)", 0 },
	{ "data", OPT_DATA, "FILE", 0, "the packet (XDP, skb programs) or raw buffer", 0 },
	{ "ctx", OPT_CTX, "FILE", 0, "the context's initial bytes", 0 },
	{ "map-init", OPT_MAP_INIT, "NAME=FILE", 0,
	  "fill map NAME from FILE: key then value, repeated (may be given again)", 0 },
	{ "repeat", OPT_REPEAT, "N", 0, "run N times and print the time per run", 0 },
	{ "mode", OPT_MODE, "MODE", 0, "checks: none, full or elide (default)", 0 },
	{ "engine", OPT_ENGINE, "ENGINE", 0, "jit (default) or interp", 0 },
	{ "dump-jit", OPT_DUMP_JIT, NULL, 0, "print the JIT's code, each BPF instruction above its x86", 0 },
	{ "halt-on-error", OPT_HALT, NULL, 0, "stop at the first report", 0 },
	{ "no-verify", OPT_NO_VERIFY, NULL, 0,
	  "skip the analysis (elide mode then checks every access)", 0 },
	{ "z3-timeout", OPT_Z3_TIMEOUT, "MS", 0, "per Z3 query (default 1000)", 0 },
	{ 0 }
};

#define MAX_MAP_INIT 16

struct run_args {
	const char *file, *prog, *data, *ctx;
	const char *map_init[MAX_MAP_INIT];
	int map_init_cnt;
	unsigned long repeat;
	enum rt_check_mode mode;
	bool elide, interp, dump, halt, no_verify;
	unsigned z3_timeout_ms;
};

static error_t parse_run(int key, char *arg, struct argp_state *state)
{
	struct run_args *a = state->input;
	char *end;

	switch (key) {
	case OPT_PROG: a->prog = arg; return 0;
	case OPT_DATA: a->data = arg; return 0;
	case OPT_CTX: a->ctx = arg; return 0;
	case OPT_MAP_INIT:
		if (!strchr(arg, '=') || a->map_init_cnt == MAX_MAP_INIT)
			argp_error(state, "--map-init takes NAME=FILE (at most %d)", MAX_MAP_INIT);
		a->map_init[a->map_init_cnt++] = arg;
		return 0;
	case OPT_REPEAT:
		a->repeat = strtoul(arg, &end, 10);
		if (*end || !a->repeat || a->repeat > 100000000)
			argp_error(state, "--repeat takes a count from 1 to 100000000");
		return 0;
	case OPT_Z3_TIMEOUT:
		a->z3_timeout_ms = cli_parse_count(state, arg, 3600000, "--z3-timeout wants milliseconds");
		return 0;
	case OPT_MODE:
		a->elide = !strcmp(arg, "elide");
		if (a->elide)
			a->mode = RT_CHECK_BITMAP;
		else if (!strcmp(arg, "full"))
			a->mode = RT_CHECK_FULL;
		else if (!strcmp(arg, "none"))
			a->mode = RT_CHECK_NONE;
		else
			argp_error(state, "--mode takes none, full or elide");
		return 0;
	case OPT_ENGINE:
		if (strcmp(arg, "jit") && strcmp(arg, "interp"))
			argp_error(state, "--engine takes jit or interp");
		a->interp = !strcmp(arg, "interp");
		return 0;
	case OPT_DUMP_JIT: a->dump = true; return 0;
	case OPT_HALT: a->halt = true; return 0;
	case OPT_NO_VERIFY: a->no_verify = true; return 0;
	case ARGP_KEY_ARG:
		if (a->file)
			argp_error(state, "one FILE only");
		a->file = arg;
		return 0;
	case ARGP_KEY_END:
		if (!a->file)
			argp_error(state, "no FILE given");
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

/* The whole file, malloc'd; NULL with a message on failure. */
static void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		fprintf(stderr, "bpfkasan: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			char *p = realloc(buf, cap = cap ? 2 * cap : 4096);

			if (!p) {
				fprintf(stderr, "bpfkasan: %s: out of memory\n", path);
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
		}
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "bpfkasan: %s: read error\n", path);
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static int map_init(const struct obj *o, struct rt *rt, const char *spec)
{
	const char *eq = strchr(spec, '=');
	const struct obj_map *m = NULL;
	char name[256];
	size_t len, rec;
	uint8_t *buf;
	int e = 0;

	snprintf(name, sizeof(name), "%.*s", (int)(eq - spec), spec);
	for (size_t i = 0; i < o->map_cnt; i++)
		if (!strcmp(o->maps[i].name, name))
			m = &o->maps[i];
	if (!m) {
		fprintf(stderr, "bpfkasan: %s: no map '%s'\n", o->path, name);
		return -ENOENT;
	}
	buf = slurp(eq + 1, &len);
	if (!buf)
		return -EIO;
	rec = (size_t)m->key_size + m->value_size;
	if (!rec || len % rec) {
		fprintf(stderr, "bpfkasan: %s: %zu bytes, not a whole number of %u-byte keys and "
			"%u-byte values of map '%s'\n", eq + 1, len, m->key_size, m->value_size, name);
		e = -EINVAL;
	}
	for (size_t off = 0; !e && off < len; off += rec) {
		e = rt_map_update(rt, name, buf + off, buf + off + m->key_size);
		if (e)
			fprintf(stderr, "bpfkasan: %s: map '%s': update failed: %s\n", eq + 1, name,
				strerror(-e));
	}
	free(buf);
	return e;
}

/*
 * The stack red zones (jit-x86's stackrz.c) from the analysis; NULL when
 * it failed or did not accept the program (then no frame has any).  The
 * accesses that may stray into a gap are checked in elide mode too: smt/
 * proves them inside the frame, not inside their object.
 */
static struct rt_stack_layout *stack_layout(const struct obj_prog *p, const struct vx_result *r,
					    uint8_t *bm)
{
	struct rt_stack_layout *l;
	unsigned added = 0;

	if (rt_stack_layout_build(r, p->insn_cnt, &l))
		return NULL;
	for (size_t i = 0; bm && i < p->insn_cnt / 8 + 1; i++) {
		added += (unsigned)__builtin_popcount(l->guard[i] & ~bm[i]);
		bm[i] |= l->guard[i];
	}
	if (l->frame_cnt)
		fprintf(stderr, "note: %s: stack red zones: %u poisoned bytes in %u function%s\n",
			p->name, l->gap_bytes, l->frame_cnt, l->frame_cnt == 1 ? "" : "s");
	if (added)
		fprintf(stderr, "note: %s: %u elided access%s checked, as %s reach%s a red zone\n",
			p->name, added, added == 1 ? "" : "es", added == 1 ? "it" : "they",
			added == 1 ? "es" : "");
	return l;
}

/* Full mode checks every access; the analysis only gives the red zones. */
static struct rt_stack_layout *full_layout(const struct obj *o, const struct obj_prog *p,
					   const struct run_args *a)
{
	struct vx_options vo = { 0 };
	struct rt_stack_layout *l = NULL;
	struct vx_result r;

	if (a->no_verify || vx_analyze(o, p, &vo, &r))
		return NULL;
	if (r.verdict == VX_ACCEPTED)
		l = stack_layout(p, &r, NULL);
	vx_result_free(&r);
	return l;
}

/*
 * The instructions elide mode checks: `checked` and `stack-protected`
 * verdicts, and the accesses the stack red zones guard; every access
 * when the analysis does not certify the program.
 */
static uint8_t *verdict_bitmap(const struct obj *o, const struct obj_prog *p,
			       const struct run_args *a, struct rt_stack_layout **layout)
{
	uint8_t *bm = calloc(p->insn_cnt / 8 + 1, 1);
	struct vx_options vo = { .summaries = true };
	struct vx_result r;
	struct smt_cert cert = { 0 };
	const char *why = NULL;
	char msg[320];

	if (!bm)
		return NULL;
	if (a->no_verify) {
		why = "--no-verify";
	} else if (vx_analyze(o, p, &vo, &r)) {
		snprintf(msg, sizeof(msg), "the analysis failed: %s", r.msg);
		why = msg;
	} else {
		if (r.verdict != VX_ACCEPTED) {
			snprintf(msg, sizeof(msg), "the analysis %s it: %s",
				 r.verdict == VX_REJECTED ? "rejects" : "does not support", r.msg);
			why = msg;
		} else {
			if (smt_certify_program(o, p, &r, a->z3_timeout_ms, &cert)) {
				why = "the Z3 proofs failed to run";
			} else {
				unsigned checked = 0;

				for (unsigned k = 0; k < cert.cnt; k++) {
					enum smt_verdict v = cert.acc[k].verdict;
					int i = cert.acc[k].insn;

					if (v == SMT_CHECKED || v == SMT_STACK_PROTECTED) {
						bm[i / 8] |= (uint8_t)(1u << (i % 8));
						checked++;
					}
				}
				fprintf(stderr, "note: %s: %u of %u accesses checked, the others "
					"proved safe (or unreachable)\n", p->name, checked, cert.cnt);
				*layout = stack_layout(p, &r, bm);
			}
			smt_cert_free(&cert);
		}
		vx_result_free(&r);
	}
	if (why) {
		fprintf(stderr, "note: %s: every access is checked: %s\n", p->name, why);
		for (size_t i = 0; i < p->insn_cnt; i++)
			if (isa_access_kind(&p->insns[i]) != ISA_ACCESS_NONE)
				bm[i / 8] |= (uint8_t)(1u << (i % 8));
	}
	return bm;
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

static int run_prog(const struct run_args *a, const struct obj *o, const struct obj_prog *p)
{
	size_t data_len = 0, ctx_len = 0;
	void *data = NULL, *ctx = NULL;
	uint8_t *bm = NULL;
	struct rt_stack_layout *layout = NULL;
	struct rt *rt = NULL;
	struct jit_prog *jp = NULL;
	struct rt_run_result res;
	uint64_t *times = NULL;
	unsigned reports = 0;
	char err[512];
	int status = CLI_BAD_INPUT, e;

	if ((a->data && !(data = slurp(a->data, &data_len))) ||
	    (a->ctx && !(ctx = slurp(a->ctx, &ctx_len))))
		goto out;
	if (rt_open(o, &(struct rt_opts){ .report_out = stdout }, &rt, err, sizeof(err))) {
		fprintf(stderr, "bpfkasan: %s: %s\n", o->path, err);
		goto out;
	}
	for (int i = 0; i < a->map_init_cnt; i++)
		if (map_init(o, rt, a->map_init[i]))
			goto out;
	if (a->mode == RT_CHECK_BITMAP && !(bm = verdict_bitmap(o, p, a, &layout))) {
		status = CLI_INTERNAL;
		goto out;
	}
	if (a->mode == RT_CHECK_FULL)
		layout = full_layout(o, p, a);
	if (!a->interp) {
		struct jit_opts jo = { .mode = a->mode, .check_bitmap = bm, .stack_layout = layout };

		e = jit_compile(rt, p->insns, p->insn_cnt, p->type, p, &jo, &jp, err, sizeof(err));
		if (e) {
			fprintf(stderr, "bpfkasan: %s: program %s: %s\n", o->path, p->name, err);
			status = e == -ENOMEM ? CLI_INTERNAL : CLI_BAD_INPUT;
			goto out;
		}
		if (a->dump)
			jit_dump(jp, stdout);
	} else if (a->dump) {
		fprintf(stderr, "note: --dump-jit has no effect with --engine interp\n");
	}
	struct rt_run_opts ro = {
		.mode = a->mode, .check_bitmap = bm, .halt_on_error = a->halt,
		.stack_layout = layout,
		.data = data, .data_len = data_len, .ctx = ctx, .ctx_len = ctx_len,
	};
	e = jp ? jit_run(jp, &ro, &res) : rt_run(rt, p, &ro, &res);
	fflush(stdout);
	if (e)
		fprintf(stderr, "bpfkasan: %s: program %s: the run failed: %s\n", o->path, p->name,
			res.msg);
	else
		printf("%s: %s: return value %" PRIu64 " (%#" PRIx64 "), %u report%s%s\n", o->path,
		       p->name, res.r0, res.r0, res.reports, res.reports == 1 ? "" : "s",
		       res.halted ? " (halted at the first)" : "");
	if (!e && a->repeat > 1) {
		/* the other runs in batches, reports not printed again: the
		 * median batch's time per run */
		unsigned long left = a->repeat - 1, nb = left < 15 ? left : 15;
		struct rt *q = NULL;
		struct jit_prog *qj = NULL;

		jit_free(jp);
		jp = NULL;
		rt_close(rt); /* its 16 TiB of reserved shadow address space */
		rt = NULL;
		times = calloc(nb, sizeof(*times));
		if (!times || rt_open(o, &(struct rt_opts){ .quiet = true }, &q, err, sizeof(err))) {
			status = CLI_INTERNAL;
			goto out;
		}
		for (int i = 0; i < a->map_init_cnt; i++)
			map_init(o, q, a->map_init[i]);
		if (!a->interp) { /* jp is freed above: test the engine */
			struct jit_opts jo = { .mode = a->mode, .check_bitmap = bm,
					       .stack_layout = layout };

			if (jit_compile(q, p->insns, p->insn_cnt, p->type, p, &jo, &qj, err,
					sizeof(err))) {
				rt_close(q);
				status = CLI_INTERNAL;
				goto out;
			}
		}
		struct rt_run_result br;
		for (unsigned long k = 0; k < nb; k++) {
			ro.bench_repeat = (uint32_t)(left / nb + (k < left % nb));
			if (qj ? jit_run(qj, &ro, &br) : rt_run(q, p, &ro, &br))
				break;
			times[k] = br.engine_ns;
		}
		jit_free(qj);
		rt_close(q);
		qsort(times, nb, sizeof(*times), cmp_u64);
		printf("time per run: %" PRIu64 " ns in the program (median of %lu batches of %lu "
		       "runs, engine %s, mode %s)\n", times[nb / 2], nb, left / nb,
		       a->interp ? "interp" : "jit",
		       a->mode == RT_CHECK_NONE ? "none" : a->mode == RT_CHECK_FULL ? "full" : "elide");
	}
	reports = res.reports;
	status = reports ? CLI_FINDINGS : e ? CLI_BAD_INPUT : CLI_OK;
out:
	jit_free(jp);
	rt_close(rt);
	rt_stack_layout_free(layout);
	free(bm);
	free(data);
	free(ctx);
	free(times);
	return status;
}

int cmd_run(int argc, char **argv)
{
	static const struct argp argp = { run_options, parse_run, "FILE",
		"Run a program of a BPF ELF object in the userspace runtime, natively (the x86-64 "
		"JIT) or interpreted, with KASAN checks on the accesses the analysis did not prove "
		"safe; print its return value and a KASAN report per bad access.", NULL, NULL, NULL };
	struct run_args a = { .mode = RT_CHECK_BITMAP, .elide = true };
	struct obj_opts opts = { .no_kernel_btf = true };
	const struct obj_prog *p = NULL;
	char err[512];
	struct obj *o;
	int status;

	if (argp_parse(&argp, argc, argv, 0, NULL, &a))
		return CLI_BAD_INPUT;
	if (obj_open(a.file, &opts, &o, err, sizeof(err))) {
		fprintf(stderr, "bpfkasan: %s\n", err);
		return CLI_BAD_INPUT;
	}
	for (size_t i = 0; i < o->prog_cnt && !p; i++)
		if (!a.prog || !strcmp(a.prog, o->progs[i].name))
			p = &o->progs[i];
	if (!p) {
		if (a.prog)
			fprintf(stderr, "bpfkasan: %s: no program '%s'\n", a.file, a.prog);
		else
			fprintf(stderr, "bpfkasan: %s: no programs\n", a.file);
		obj_free(o);
		return CLI_BAD_INPUT;
	}
	status = run_prog(&a, o, p);
	obj_free(o);
	return status;
}
