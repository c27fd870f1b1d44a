// SPDX-License-Identifier: MIT
/*
 * smt/'s semantics against the bpf_conformance suite (../shared/conformance):
 * every program is run path by path by smt_run() from concrete inputs
 * (r1 = the test's memory, r2 = its length), so exactly one path must be
 * feasible, end in exit, and leave the expected r0.  Programs the
 * executor does not model (helper calls, callx) or that the suite expects
 * to fail are listed in smt-known.txt with their reason; a listed program
 * that passes fails the test, so the list stays true.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance.h"
#include "smt/smt.h"

#define MEM_BASE 0x100000000ull
#define STACK_TOP 0x200000000ull

static char *known_reason(const char *list, const char *name)
{
	static char reason[256];
	FILE *f = fopen(list, "r");
	char line[512];

	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		size_t n = strlen(name);

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
static int run_one(struct smt_ctx *s, const struct conf_test *t, char *why, size_t len)
{
	struct smt_run_input in = {
		.insns = t->insns, .insn_cnt = t->insn_cnt,
		.mem = t->mem, .mem_len = t->mem_len, .mem_base = MEM_BASE,
		.stack_top = STACK_TOP, .max_paths = 64,
	};
	struct smt_run_result r;
	int ok = 0;

	in.regs[1] = t->mem_len ? MEM_BASE : 0;
	in.regs[2] = t->mem_len;
	if (!t->has_result || t->expect_error) {
		snprintf(why, len, "the suite expects an error");
		return 0;
	}
	if (smt_run(s, &in, &r)) {
		snprintf(why, len, "smt_run failed");
		return 0;
	}
	if (r.path_cnt != 1)
		snprintf(why, len, "%u feasible paths from concrete inputs", r.path_cnt);
	else if (r.paths[0].end != SMT_PATH_EXIT)
		snprintf(why, len, "path ended %d at insn %d: %s", r.paths[0].end,
			 r.paths[0].last_insn, r.msg);
	else if (!r.paths[0].r0_known)
		snprintf(why, len, "r0 not determined");
	else if (r.paths[0].r0 != t->result)
		snprintf(why, len, "r0 %#llx, expected %#llx", (unsigned long long)r.paths[0].r0,
			 (unsigned long long)t->result);
	else
		ok = 1;
	smt_run_free(&r);
	return ok;
}

int main(int argc, char **argv)
{
	const char *dir = getenv("BPFKASAN_CONFORMANCE_DIR") ?: CONFORMANCE_DIR;
	const char *list = argc > 1 ? argv[1] : "smt-known.txt";
	struct smt_ctx *s = smt_open(&(struct smt_opts){ .timeout_ms = 10000 });
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort), passed = 0, failed = 0, known = 0, stale = 0;

	if (!s || n < 0) {
		fprintf(stderr, "conformance: cannot open %s or Z3\n", dir);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		char path[4096], err[512], why[256];
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
		} else if (run_one(s, &t, why, sizeof(why))) {
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
	smt_close(s);
	printf("smt conformance: %d passed, %d known, %d failed, %d stale\n", passed, known, failed,
	       stale);
	return failed || stale;
}
