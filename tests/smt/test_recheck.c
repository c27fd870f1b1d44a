// SPDX-License-Identifier: MIT
/*
 * The soundness test of issue 4: every access smt_certify() elides is
 * re-checked by an independent, path-by-path Z3 query (smt_run() with a
 * program environment, which does not use verifier-ext or the Houdini
 * invariants): on no feasible path may its address fall outside every
 * object the path knows.  And the re-check can fail: the out-of-bounds
 * load of past_the_value is found.
 *
 * usage: test_recheck [-p MAX_PATHS] OBJ...
 * Certification runs as `bpfkasan analyze` does (1000 ms per query); the
 * re-check gets 20 s per query, and a query it cannot decide counts as a
 * failure.  A program with more than MAX_PATHS paths (default 4096) is
 * re-checked on its first MAX_PATHS paths only: its elided accesses are
 * counted apart ("on the first N paths"), never as proved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smt/smt.h"

struct tally {
	int elided, every_path, sampled, bad;
};

static unsigned max_paths = 4096;

static int recheck(struct smt_ctx *cs, struct smt_ctx *s, struct obj *o, const struct obj_prog *p,
		   struct tally *t)
{
	struct vx_options vo = { .summaries = true };
	struct vx_result vr;
	struct smt_cert cert;
	unsigned *checked = calloc(p->insn_cnt + 1, sizeof(unsigned));
	unsigned *outside = calloc(p->insn_cnt + 1, sizeof(unsigned));
	bool *only = calloc(p->insn_cnt + 1, sizeof(bool));
	struct smt_env env = { o, p->type, checked, outside, only };
	struct smt_run_input in = { .insns = p->insns, .insn_cnt = p->insn_cnt,
				    .max_paths = max_paths, .env = &env };
	struct smt_run_result rr;
	int bad = 0, mine = 0;

	if (!checked || !outside || !only || vx_analyze(o, p, &vo, &vr)) {
		printf("FAIL %s %s: cannot analyse\n", o->path, p->name);
		return 1;
	}
	if (smt_certify(cs, o, p, &vr, &cert)) {
		printf("FAIL %s %s: smt failed\n", o->path, p->name);
		return 1;
	}
	for (unsigned k = 0; k < cert.cnt; k++)
		if (cert.acc[k].verdict == SMT_ELIDED)
			only[cert.acc[k].insn] = true;
	/* past_the_value's out-of-bounds load must be found: check it too */
	if (!strcmp(p->name, "past_the_value") && p->insn_cnt > 8)
		only[8] = true;
	if (smt_run(s, &in, &rr)) {
		printf("FAIL %s %s: smt failed\n", o->path, p->name);
		return 1;
	}
	for (unsigned k = 0; k < cert.cnt; k++) {
		const struct smt_access *a = &cert.acc[k];

		if (a->verdict != SMT_ELIDED)
			continue;
		t->elided++;
		mine++;
		if (outside[a->insn]) {
			printf("FAIL %s %s: insn %d elided, but a path puts it outside every object\n",
			       o->path, p->name, a->insn);
			bad++;
		} else if (rr.truncated) {
			t->sampled++;
		} else if (checked[a->insn]) {
			t->every_path++;
		} else {
			printf("FAIL %s %s: insn %d elided, but no path of the re-check reaches it\n",
			       o->path, p->name, a->insn);
			bad++;
		}
	}
	/* the re-check sees what the verifier rejected */
	if (!strcmp(p->name, "past_the_value") && !outside[8]) {
		printf("FAIL %s %s: the out-of-bounds load at insn 8 was not found\n", o->path, p->name);
		bad++;
	}
	printf("%s %s: %u paths%s, %d accesses elided\n", o->path, p->name, rr.path_cnt,
	       rr.truncated ? " (truncated)" : "", mine);
	smt_run_free(&rr);
	smt_cert_free(&cert);
	vx_result_free(&vr);
	free(checked);
	free(outside);
	free(only);
	return bad;
}

int main(int argc, char **argv)
{
	struct smt_ctx *cs = smt_open(&(struct smt_opts){ .timeout_ms = 1000 });
	struct smt_ctx *s = smt_open(&(struct smt_opts){ .timeout_ms = 20000 });
	struct tally t = { 0 };
	int opt;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt(argc, argv, "p:")) != -1) {
		if (opt != 'p' || (max_paths = (unsigned)strtoul(optarg, NULL, 10)) == 0) {
			fprintf(stderr, "usage: test_recheck [-p MAX_PATHS] OBJ...\n");
			return 2;
		}
	}
	if (!cs || !s)
		return 1;
	for (int a = optind; a < argc; a++) {
		struct obj_opts opts = { .no_kernel_btf = true };
		char err[512];
		struct obj *o;

		if (obj_open(argv[a], &opts, &o, err, sizeof(err))) {
			printf("FAIL %s\n", err);
			t.bad++;
			continue;
		}
		for (size_t i = 0; i < o->prog_cnt; i++)
			t.bad += recheck(cs, s, o, &o->progs[i], &t);
		obj_free(o);
	}
	smt_close(cs);
	smt_close(s);
	printf("smt recheck: %d elided accesses: %d re-checked on every path, %d on the first %u paths "
	       "of a program with more, %d failures\n",
	       t.elided, t.every_path, t.sampled, max_paths, t.bad);
	return t.bad != 0;
}
