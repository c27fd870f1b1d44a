// SPDX-License-Identifier: MIT
/*
 * The soundness test of issue 4: every access smt_certify() elides is
 * re-checked by an independent, path-by-path Z3 query (smt_run() with a
 * program environment, which does not use verifier-ext or the Houdini
 * invariants): on no feasible path may its address fall outside every
 * object the path knows.  And the re-check can fail: the out-of-bounds
 * load of past_the_value is found.
 * usage: test_recheck OBJ...  (programs whose paths are few enough)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smt/smt.h"

static int recheck(struct smt_ctx *s, struct obj *o, const struct obj_prog *p, int *elided_total,
		   int *rechecked_total)
{
	struct vx_options vo = { .summaries = true };
	struct vx_result vr;
	struct smt_cert cert;
	unsigned *checked = calloc(p->insn_cnt + 1, sizeof(unsigned));
	unsigned *outside = calloc(p->insn_cnt + 1, sizeof(unsigned));
	struct smt_env env = { o, p->type, checked, outside };
	struct smt_run_input in = { .insns = p->insns, .insn_cnt = p->insn_cnt, .max_paths = 4096,
				    .env = &env };
	struct smt_run_result rr;
	int bad = 0, mine = 0;

	if (!checked || !outside || vx_analyze(o, p, &vo, &vr)) {
		printf("FAIL %s %s: cannot analyse\n", o->path, p->name);
		return 1;
	}
	if (smt_certify(s, o, p, &vr, &cert) || smt_run(s, &in, &rr)) {
		printf("FAIL %s %s: smt failed\n", o->path, p->name);
		return 1;
	}
	for (unsigned k = 0; k < cert.cnt; k++) {
		const struct smt_access *a = &cert.acc[k];

		if (a->verdict != SMT_ELIDED)
			continue;
		(*elided_total)++;
		mine++;
		if (outside[a->insn]) {
			printf("FAIL %s %s: insn %d elided, but a path puts it outside every object\n",
			       o->path, p->name, a->insn);
			bad++;
		} else if (checked[a->insn]) {
			(*rechecked_total)++;
		} else if (!rr.truncated) {
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
	return bad;
}

int main(int argc, char **argv)
{
	struct smt_ctx *s = smt_open(&(struct smt_opts){ .timeout_ms = 20000 });
	int bad = 0, elided = 0, rechecked = 0;

	if (!s)
		return 1;
	for (int a = 1; a < argc; a++) {
		struct obj_opts opts = { .no_kernel_btf = true };
		char err[512];
		struct obj *o;

		if (obj_open(argv[a], &opts, &o, err, sizeof(err))) {
			printf("FAIL %s\n", err);
			bad++;
			continue;
		}
		for (size_t i = 0; i < o->prog_cnt; i++)
			bad += recheck(s, o, &o->progs[i], &elided, &rechecked);
		obj_free(o);
	}
	smt_close(s);
	printf("smt recheck: %d elided accesses, %d re-checked on every path, %d failures\n", elided,
	       rechecked, bad);
	return bad != 0;
}
