/* SPDX-License-Identifier: MIT */
/*
 * cli/analyze: what `bpfkasan analyze` shares between its files:
 * analyze.c (options, per program verifier-ext then smt/), listing.c (the
 * default listing and -v) and corpus.c (many objects, one process each).
 */
#ifndef BPFKASAN_CLI_ANALYZE_H
#define BPFKASAN_CLI_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>

#include "object.h"
#include "smt/smt.h"
#include "verifier-ext/verifier.h"

/* listing.c */

struct listing_style {
	bool every_insn;	/* -v / --listing: every instruction, not only accesses */
	bool color;		/* ANSI colours (--color) */
};

/* What the totals line of a corpus listing sums (one per object). */
struct listing_totals {
	bool opened;		/* the object could be read */
	unsigned progs;
	unsigned verdicts[VX_UNSUPPORTED + 1];	/* programs per vx_verdict */
	unsigned long insns;
	unsigned long n[SMT_UNREACHABLE + 1];	/* accesses per smt_verdict */
	unsigned long z3_queries;
	double z3_seconds;
};

/* Program p's header, verdict and accesses; r and cert may be NULL. */
void listing_prog(const struct listing_style *s, const struct obj *o, const struct obj_prog *p,
		  const struct vx_result *r, const struct smt_cert *cert);
void listing_totals_add(struct listing_totals *t, const struct obj_prog *p,
			const struct vx_result *r, const struct smt_cert *cert);
/* "Total: ..." over files objects, failed of which could not be analysed. */
void listing_totals_print(const struct listing_style *s, const struct listing_totals *t,
			  size_t files, size_t failed);
/* --color=WHEN: 0 with *on set, or -EINVAL for an unknown WHEN. */
int listing_color(const char *when, bool *on);

/* Instruction i of p in the verifier log's syntax, maps and kfuncs named. */
void disasm_insn(const struct obj *o, const struct obj_prog *p, size_t i, char *text, size_t len);
const char *cli_prog_type(enum bpf_prog_type t);

/* corpus.c */

/*
 * The FILE arguments with every @LIST replaced by the paths it lists, one
 * per line.  0 with *files (free with corpus_files_free()), or a negative
 * errno with a one-line message in err.
 */
int corpus_files(char **args, int cnt, char ***files, size_t *file_cnt, char *err, size_t errlen);
void corpus_files_free(char **files, size_t cnt);

struct corpus {
	const char *const *files;
	size_t cnt;
	unsigned jobs;		/* processes at a time */
	size_t slot_size;	/* each file's share of `slots` */
	void *ctx;
	/* Analyses file k, writing its results to stdout and slot; returns its
	 * exit status.  `child`: in a process of its own, stdout captured. */
	int (*work)(void *ctx, size_t k, void *slot, bool child);
	/* In the parent, in file order: what file k's child printed; NULL
	 * copies it to stdout.  Returns an exit status. */
	int (*collect)(void *ctx, size_t k, const char *out);
};

/*
 * Runs c->work for every file, each in a process of its own when there is
 * more than one (verifier-ext keeps global state, and a crash then costs
 * one file), up to c->jobs at a time; slots[k * slot_size] is shared with
 * file k's process.  Output and errors come out in file order.  Returns
 * the worst exit status.
 */
int corpus_run(const struct corpus *c, void *slots);
/* cnt zeroed slots of size bytes that forked children share, or NULL. */
void *corpus_slots(size_t cnt, size_t size);
void corpus_slots_free(void *slots, size_t cnt, size_t size);
/* The online CPUs: -j's default. */
unsigned corpus_default_jobs(void);

#endif /* BPFKASAN_CLI_ANALYZE_H */
