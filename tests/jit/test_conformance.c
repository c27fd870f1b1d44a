// SPDX-License-Identifier: MIT
/*
 * The interpreter (jit-x86/interp.c) against the bpf_conformance suite
 * (../shared/conformance): every program runs with r1 = a runtime copy of
 * its memory (so each access is checked against the shadow, RT_CHECK_FULL)
 * and r2 = its length, and must exit with the expected r0 and no report.
 * With "jit" as the second argument, the JIT (jit.c) instead, compiled in
 * each check mode (none; full; inline checks on every access): each run
 * must give the expected r0, the interpreter's r0 and memory, no report.
 * Programs an engine cannot run are listed in the known file (argv[1]:
 * rt-known.txt, jit-known.txt) with the reason; an unlisted failure fails
 * the test, and so does a listed program that passes, so the list stays
 * true.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance.h"
#include "jit.h"

static char *known_reason(const char *list, const char *name)
{
	static char reason[256];
	FILE *f = fopen(list, "r");
	char line[512];
	size_t n = strlen(name);

	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || strncmp(line, name, n) || line[n] != ':')
			continue;
		snprintf(reason, sizeof(reason), "%s", line + n + 1);
		reason[strcspn(reason, "\n")] = 0;
		fclose(f);
		return reason;
	}
	fclose(f);
	return NULL;
}

/* 1 passed, 0 failed; why says how */
static int run_one(struct rt *rt, const struct conf_test *t, char *why, size_t len)
{
	struct rt_run_opts o = {
		.mode = RT_CHECK_FULL, .conformance = true, .data = t->mem, .data_len = t->mem_len,
	};
	struct rt_run_result r;

	if (!t->has_result || t->expect_error) {
		snprintf(why, len, "the suite expects an error");
		return 0;
	}
	if (rt_run_insns(rt, t->insns, t->insn_cnt, BPF_PROG_TYPE_UNSPEC, NULL, &o, &r)) {
		snprintf(why, len, "run failed: %s", r.msg);
		return 0;
	}
	if (r.reports)
		snprintf(why, len, "%u reports, the first: %s at insn %d", r.reports,
			 rt_bug_name(r.kept[0].bug), r.kept[0].insn);
	else if (r.r0 != t->result)
		snprintf(why, len, "r0 %#llx, expected %#llx", (unsigned long long)r.r0,
			 (unsigned long long)t->result);
	else
		return 1;
	return 0;
}

static const char *const mode_names[] = { "none", "full", "inline" };

/* The JIT in each mode against the expected r0 and the interpreter's r0
 * and memory: 1 passed, 0 failed; why says how */
static int run_one_jit(struct rt *rt, const struct conf_test *t, char *why, size_t len)
{
	static uint8_t out_i[65536], out_j[65536];
	struct rt_run_opts o = {
		.mode = RT_CHECK_FULL, .conformance = true, .data = t->mem, .data_len = t->mem_len,
		.data_out = out_i, .data_out_len = sizeof(out_i),
	};
	struct rt_run_result ri, rj;
	uint8_t *all = NULL;
	int ok = 1;

	if (!t->has_result || t->expect_error) {
		snprintf(why, len, "the suite expects an error");
		return 0;
	}
	if (rt_run_insns(rt, t->insns, t->insn_cnt, BPF_PROG_TYPE_UNSPEC, NULL, &o, &ri)) {
		snprintf(why, len, "interpreter failed: %s", ri.msg);
		return 0;
	}
	all = malloc(t->insn_cnt / 8 + 1);
	memset(all, 0xff, t->insn_cnt / 8 + 1);
	for (int m = 0; m < 3 && ok; m++) {
		struct jit_opts jo = { .mode = m == 0 ? RT_CHECK_NONE : m == 1 ? RT_CHECK_FULL
								  : RT_CHECK_BITMAP,
				       .check_bitmap = all };
		struct jit_prog *jp;
		char err[256];

		o.data_out = out_j;
		if (jit_compile(rt, t->insns, t->insn_cnt, BPF_PROG_TYPE_UNSPEC, NULL, &jo, &jp, err,
				sizeof(err))) {
			snprintf(why, len, "%s: compile failed: %s", mode_names[m], err);
			ok = 0;
			break;
		}
		if (jit_run(jp, &o, &rj)) {
			snprintf(why, len, "%s: run failed: %s", mode_names[m], rj.msg);
			ok = 0;
		} else if (rj.reports) {
			snprintf(why, len, "%s: %u reports, the first: %s at insn %d", mode_names[m],
				 rj.reports, rt_bug_name(rj.kept[0].bug), rj.kept[0].insn);
			ok = 0;
		} else if (rj.r0 != t->result) {
			snprintf(why, len, "%s: r0 %#llx, expected %#llx", mode_names[m],
				 (unsigned long long)rj.r0, (unsigned long long)t->result);
			ok = 0;
		} else if (rj.r0 != ri.r0) {
			snprintf(why, len, "%s: r0 %#llx, the interpreter's %#llx", mode_names[m],
				 (unsigned long long)rj.r0, (unsigned long long)ri.r0);
			ok = 0;
		} else if (rj.out_len != ri.out_len || memcmp(out_i, out_j, ri.out_len)) {
			snprintf(why, len, "%s: memory after the run differs from the interpreter's",
				 mode_names[m]);
			ok = 0;
		}
		jit_free(jp);
	}
	free(all);
	return ok;
}

int main(int argc, char **argv)
{
	const char *dir = getenv("BPFKASAN_CONFORMANCE_DIR") ?: CONFORMANCE_DIR;
	const char *list = argc > 1 ? argv[1] : "rt-known.txt";
	bool jit = argc > 2 && !strcmp(argv[2], "jit");
	int passed = 0, failed = 0, known = 0, stale = 0;
	struct dirent **ents;
	char err[512];
	struct rt *rt;
	int n;

	if (rt_open(NULL, &(struct rt_opts){ .arena_size = 64 << 20 }, &rt, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "conformance: cannot open %s\n", dir);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		char path[4096], why[512];
		struct conf_test t;
		size_t l = strlen(name);

		if (l < 5 || strcmp(name + l - 5, ".data")) {
			free(ents[i]);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		char *reason = known_reason(list, name);
		if (conf_load(path, &t, err, sizeof(err))) {
			printf("FAIL %s: %s\n", name, err);
			failed++;
		} else if ((jit ? run_one_jit : run_one)(rt, &t, why, sizeof(why))) {
			if (reason) {
				printf("STALE %s: listed in %s but passes: remove it\n", name, list);
				stale++;
			}
			passed++;
		} else if (reason) {
			printf("known %s: %s [%s]\n", name, why, reason);
			known++;
		} else {
			printf("FAIL %s: %s\n", name, why);
			failed++;
		}
		conf_free(&t);
		free(ents[i]);
	}
	free(ents);
	rt_close(rt);
	printf("%s conformance: %d passed, %d known, %d failed, %d stale\n",
	       jit ? "jit (modes none, full, inline; vs expected and the interpreter)" : "interpreter",
	       passed, known, failed, stale);
	return failed || stale;
}
