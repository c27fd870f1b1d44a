// SPDX-License-Identifier: MIT
/*
 * The soundness test of issue 4: every access smt_certify() elides is
 * re-checked by an independent Z3 query over every path from the entry
 * (smt/path.c, smt/merge.c with a program environment; neither uses
 * verifier-ext or the Houdini invariants): on no feasible path may its
 * address fall outside every object the path knows.  And the re-check
 * can fail: the out-of-bounds load of past_the_value is found.
 *
 * usage: test_recheck [-m] [-p MAX_PATHS] [-t MS] OBJ...
 * Certification runs as `bpfkasan analyze` does (1000 ms per query); the
 * re-check gets MS per query (default 20000; 0: no limit).  Each program
 * is first followed path by path; one with more than MAX_PATHS paths
 * (default 4096) is then re-checked every path at once, its states merged
 * where the CFG joins (smt_run_merged(): loop-free programs without
 * bpf-to-bpf calls), and otherwise on its first MAX_PATHS paths only,
 * counted apart, never as proved.  -m: merged for every program.
 *
 * A path that puts an elided access outside every object, or an elided
 * access no path reaches, is a failure.  A query Z3 cannot decide in MS
 * is not: it is printed ("undecided") and counted apart.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smt/smt.h"

struct tally {
	int elided, every_path, merged, sampled, undecided, bad;
};

static unsigned max_paths = 4096;
static bool merged_always;
static unsigned recheck_ms = 20000;

static void env_reset(struct smt_env *env, size_t n)
{
	memset(env->checked, 0, n * sizeof(unsigned));
	memset(env->outside, 0, n * sizeof(unsigned));
	memset(env->undecided, 0, n * sizeof(unsigned));
}

/*
 * Path by path (unless -m); past max_paths, every path at once if the
 * program allows it (*merged), else the first max_paths paths (truncated).
 */
static int run_recheck(struct smt_ctx *s, const struct smt_run_input *in, size_t n,
		       struct smt_run_result *rr, bool *merged)
{
	int err;

	*merged = false;
	if (!merged_always) {
		err = smt_run(s, in, rr);
		if (err || !rr->truncated)
			return err;
		smt_run_free(rr);
	}
	env_reset(in->env, n);
	err = smt_run_merged(s, in, rr);
	if (!err) {
		*merged = true;
		return 0;
	}
	if (err != -EOPNOTSUPP || merged_always)
		return err;
	printf("note: no merged re-check: %s\n", rr->msg);
	env_reset(in->env, n);
	return smt_run(s, in, rr);
}

static int recheck(struct smt_ctx *cs, struct smt_ctx *s, struct obj *o, const struct obj_prog *p,
		   struct tally *t)
{
	struct vx_options vo = { .summaries = true };
	struct vx_result vr;
	struct smt_cert cert;
	unsigned *checked = calloc(p->insn_cnt + 1, sizeof(unsigned));
	unsigned *outside = calloc(p->insn_cnt + 1, sizeof(unsigned));
	unsigned *undecided = calloc(p->insn_cnt + 1, sizeof(unsigned));
	bool *only = calloc(p->insn_cnt + 1, sizeof(bool));
	struct smt_env env = { o, p->type, checked, outside, only, undecided };
	struct smt_run_input in = { .insns = p->insns, .insn_cnt = p->insn_cnt,
				    .max_paths = max_paths, .env = &env };
	struct smt_run_result rr;
	int bad = 0, mine = 0;
	bool merged;

	if (!checked || !outside || !undecided || !only || vx_analyze(o, p, &vo, &vr)) {
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
	int err = run_recheck(s, &in, p->insn_cnt, &rr, &merged);

	if (err) {
		printf("FAIL %s %s: smt failed: %s\n", o->path, p->name, rr.msg);
		return 1;
	}
	for (unsigned k = 0; k < cert.cnt; k++) {
		const struct smt_access *a = &cert.acc[k];

		if (a->verdict != SMT_ELIDED)
			continue;
		t->elided++;
		mine++;
		if (outside[a->insn] > undecided[a->insn]) {
			printf("FAIL %s %s: insn %d elided, but a path puts it outside every object\n",
			       o->path, p->name, a->insn);
			bad++;
		} else if (outside[a->insn]) {
			printf("undecided %s %s: insn %d elided, Z3 could not decide its re-check in %u ms\n",
			       o->path, p->name, a->insn, recheck_ms);
			t->undecided++;
		} else if (rr.truncated) {
			t->sampled++;
		} else if (checked[a->insn]) {
			(*(merged ? &t->merged : &t->every_path))++;
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
	if (merged)
		printf("%s %s: every path at once (merged), %d accesses elided\n", o->path, p->name, mine);
	else
		printf("%s %s: %u paths%s, %d accesses elided\n", o->path, p->name, rr.path_cnt,
		       rr.truncated ? " (truncated)" : "", mine);
	smt_run_free(&rr);
	smt_cert_free(&cert);
	vx_result_free(&vr);
	free(checked);
	free(outside);
	free(undecided);
	free(only);
	return bad;
}

int main(int argc, char **argv)
{
	struct smt_ctx *cs = smt_open(&(struct smt_opts){ .timeout_ms = 1000 }), *s;
	struct tally t = { 0 };
	int opt;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt(argc, argv, "mp:t:")) != -1) {
		if (opt == 'm')
			merged_always = true;
		else if (opt == 't')
			recheck_ms = (unsigned)strtoul(optarg, NULL, 10);
		else if (opt != 'p' || (max_paths = (unsigned)strtoul(optarg, NULL, 10)) == 0) {
			fprintf(stderr, "usage: test_recheck [-m] [-p MAX_PATHS] [-t MS] OBJ...\n");
			return 2;
		}
	}
	s = smt_open(&(struct smt_opts){ .timeout_ms = recheck_ms });
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
	printf("smt recheck: %d elided accesses: %d re-checked path by path, %d on every path at once "
	       "(merged), %d on the first %u paths only, %d undecided, %d failures\n",
	       t.elided, t.every_path, t.merged, t.sampled, max_paths, t.undecided, t.bad);
	return t.bad != 0;
}
