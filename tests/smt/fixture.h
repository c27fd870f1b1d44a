/* SPDX-License-Identifier: MIT */
/* The fixture the smt tests share: one object of tests/progs and a Z3 context. */
#ifndef BPFKASAN_TESTS_SMT_FIXTURE_H
#define BPFKASAN_TESTS_SMT_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "smt/smt.h"

static struct obj *o;
static struct smt_ctx *s;

/* Open PROGS_DIR/name and a Z3 context with a generous query limit. */
static inline int fixture_open(const char *name)
{
	struct obj_opts opts = { .no_kernel_btf = true };
	char path[512], err[512];

	snprintf(path, sizeof(path), "%s/%s", PROGS_DIR, name);
	if (obj_open(path, &opts, &o, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	s = smt_open(&(struct smt_opts){ .timeout_ms = 20000 });
	return s ? 0 : -1;
}

static inline int teardown(void **state)
{
	(void)state;
	smt_close(s);
	obj_free(o);
	return 0;
}

static inline const struct obj_prog *prog(const char *name)
{
	for (size_t i = 0; i < o->prog_cnt; i++)
		if (!strcmp(o->progs[i].name, name))
			return &o->progs[i];
	fail_msg("no program %s", name);
	return NULL;
}

#endif
