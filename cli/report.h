/* SPDX-License-Identifier: MIT */
/*
 * cli/report: what `bpfkasan analyze -o table|csv|json` and `-C` work on.
 *
 * analyze.c turns each program's analysis into a plain struct prog_report
 * (copies only: the object is closed before the reports are written, since
 * sorting needs them all); report.c knows the columns, the filters and the
 * sort; one file per format writes them (report_table.c, report_csv.c,
 * report_json.c), and the CSV and JSON readers give the same structs back
 * for compare mode (compare.c).
 */
#ifndef BPFKASAN_CLI_REPORT_H
#define BPFKASAN_CLI_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "smt/smt.h"

/* The JSON schema's name and version; bumped when a field changes meaning. */
#define REPORT_SCHEMA "bpfkasan-analyze/1"

enum report_format { FMT_LISTING, FMT_TABLE, FMT_CSV, FMT_JSON };

/* One abstract pointer verifier-ext saw at an access (struct access_seen). */
struct seen_report {
	char region[24];	/* vx_region_name() */
	char *map;		/* map regions: the map's name, else NULL */
	int32_t off;
	int64_t smin, smax;
	uint64_t var_value, var_mask;
	unsigned size;
	uint64_t region_size;
};

struct access_report {
	int insn;
	uint32_t elf_section;	/* ELF section index the insn came from */
	uint64_t section_offset; /* its byte offset in that section */
	char *src_file;		/* NULL when the object has no line info */
	unsigned src_line;
	char disasm[160];
	enum smt_verdict verdict;
	char reason[200];
	struct seen_report *seen;
	unsigned seen_cnt;
	bool has_cex;
	int64_t cex_offset;
	uint64_t cex_region_size;
};

/* The columns of the table and CSV, in their default order. */
enum col_id {
	COL_FILE, COL_PROG, COL_TYPE, COL_VERDICT,
	COL_INSNS, COL_ACCESSES, COL_ELIDED, COL_CHECKED, COL_STACK, COL_PROBE,
	COL_UNREACHABLE, COL_RATE, COL_TIME, COL_Z3_QUERIES, COL_Z3_TIME,
	COL_COUNT,
};

#define COL_BIT(c) (1u << (c))

struct prog_report {
	char *file, *program, *section, *type;
	char verdict[16];	/* accepted / rejected / unsupported */
	int reject_insn;	/* -1 when none */
	char *reject_msg;	/* NULL when accepted */
	unsigned insns, insns_processed, states;
	double analysis_ms;	/* verifier-ext's run */
	unsigned z3_queries;
	double z3_ms, z3_median_ms, z3_p95_ms, z3_max_ms;
	unsigned accesses;
	unsigned n[SMT_UNREACHABLE + 1]; /* accesses per verdict */
	double rate;		/* elision rate in percent, when rate_set */
	bool rate_set;
	/* Columns without a value: Z3 not run (--no-smt), or absent from a
	 * CSV read back.  Printed "-", skipped by sums and filters. */
	uint32_t missing;
	struct access_report *acc;
	unsigned acc_cnt;
	size_t order;		/* input position: the sort's last key */
};

struct report_list {
	struct prog_report *v;
	size_t cnt, cap;
};

/* A new zeroed report appended to l, or NULL when out of memory. */
struct prog_report *report_add(struct report_list *l);
void report_list_free(struct report_list *l);
/* elided / (accesses - stack-protected - probe - unreachable), if defined. */
void report_set_rate(struct prog_report *r);
/* The sum of rows[0..cnt) into *total (file "total", program "N programs"). */
int report_sum(const struct prog_report *rows, size_t cnt, struct prog_report *total);
void report_free(struct prog_report *r);

/* Columns. */
struct column {
	const char *name;	/* in -e, -s, -f and the CSV header */
	const char *alias;	/* another accepted name, or NULL */
	const char *header;	/* in the table */
	bool numeric;
};

extern const struct column report_columns[COL_COUNT];
/* The column named (or aliased) `name`, or -1. */
int col_lookup(const char *name, size_t len);
/* A numeric column's value; false when it has none. */
bool col_value(const struct prog_report *r, enum col_id c, double *v);
/* A column as text: "-" when it has no value; `table` adds the units. */
void col_format(const struct prog_report *r, enum col_id c, bool table, char *buf, size_t len);
/* Sets a column from its text ("-": no value); 0, -EINVAL or -ENOMEM. */
int col_set(struct prog_report *r, enum col_id c, const char *text);
/* "a, b, c": every column name, for error messages. */
const char *col_names(void);

/* -e COL,COL: appends to cols; 0, or -1 with *bad the unknown name. */
int cols_parse(const char *spec, enum col_id *cols, unsigned *cnt, char *bad, size_t badlen);

struct sort_key {
	enum col_id col;
	bool desc;
};

/* -s COL[:asc|:desc],...; the same contract as cols_parse(). */
int sort_parse(const char *spec, struct sort_key *keys, unsigned *cnt, char *bad, size_t badlen);
void report_sort(struct report_list *l, const struct sort_key *keys, unsigned cnt);

enum filter_op { F_EQ, F_NE, F_LT, F_LE, F_GT, F_GE };

struct filter {
	enum col_id col;
	enum filter_op op;
	char *glob;		/* text columns */
	double num;		/* numeric columns */
};

/* -f EXPR; 0, or -1 with why in err. */
int filter_parse(const char *expr, struct filter *f, char *err, size_t errlen);
bool filters_match(const struct filter *f, unsigned cnt, const struct prog_report *r);
void filter_free(struct filter *f);

/* Writers; each returns 0 or a negative errno. */
struct report_view {
	const enum col_id *cols;
	unsigned col_cnt;
};

int report_table(FILE *out, const struct report_list *l, const struct report_view *v);
/* Pads a cell: shared by the table and compare layouts. */
void table_cell(FILE *out, const char *s, int width, bool right, bool last);
/* A rule of dashes under each of cnt columns. */
void table_rule(FILE *out, const int *width, unsigned cnt);
int report_csv(FILE *out, const struct report_list *l, const struct report_view *v);
/* How the reports were made: recorded in the JSON's "options". */
struct report_meta {
	bool smt;
	unsigned z3_timeout_ms;
};

int report_json(FILE *out, const struct report_list *l, const struct report_meta *m);

/* RFC 4180: writes one field, quoted when it needs to be. */
void csv_field(FILE *out, const char *s, bool last);
/*
 * Read a report written by -o csv or -o json (told apart by content) into
 * l.  Returns 0, or a negative errno with a one-line message in err.
 */
int report_read(const char *path, struct report_list *l, char *err, size_t errlen);
int report_csv_read(const char *path, const char *text, struct report_list *l, char *err, size_t errlen);
int report_json_read(const char *path, const char *text, struct report_list *l, char *err, size_t errlen);

/* -C A B: the A / B / DIFF layout of two reports. */
int report_compare(FILE *out, const char *a, const char *b, enum report_format fmt,
		   const enum col_id *cols, unsigned col_cnt);

#endif /* BPFKASAN_CLI_REPORT_H */
